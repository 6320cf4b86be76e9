//! Findings as values: a sink that counts every finding exactly and keeps the first
//! `max_per_rule` of each rule in detail, and the report of one file. A sink either collects
//! what it keeps, or hands it on a chunk at a time while the check runs ([`Handoff`]; see
//! [`stream`] for the record batches that come of it).
//!
//! The order of findings, the same collected or streamed, with one thread or several: as
//! they are found, so in line order; the findings of one line by column (the line's own
//! first), then rule ([`sort_within_lines`]); findings about the whole file where they are
//! found: those known before the first line (the file name, UTF-16) first, those known only
//! at its end (empty, no records, the spreadsheet hint) last.

pub mod value;

use compact_str::CompactString;

use crate::rule::{Pass, Rule, RuleSet, Severity};
use crate::spec::{Period, Spec, Ymd};

/// One finding kept in detail: values only. Its words come from the rule's message template
/// in the language asked for when it is rendered (`render::message`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    /// Physical line (header = 1); `None` for findings about the whole file.
    pub line: Option<u64>,
    /// Column 1–18; `None` for findings about a line or the file.
    pub column: Option<u8>,
    /// The offending value as found, already masked when it is (or may be) a BSN. Inline up
    /// to 24 bytes (nearly every value): no allocation per finding.
    pub value: Option<CompactString>,
    /// Which of the rule's messages says it (its key; empty for the first).
    pub message: &'static str,
    /// Named parameters of the message template.
    pub params: Vec<(&'static str, Param)>,
}

/// A parameter of a message: always a value, never a word, so that a message reads the same
/// in every language but for the template's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Param {
    /// A count, width or line number.
    Int(u64),
    /// Text taken from the input as it is: a value (masked where needed), a file name, a
    /// character.
    Text(String),
    /// A reporting period, shown as its code uitvraag (`H22025`).
    Period(Period),
    /// A calendar date `yyyymmdd`.
    Date(Ymd),
    /// A column, shown as its number and name in the output language.
    Column(u8),
    /// Several columns, shown as a list of [`Param::Column`].
    Columns(Vec<u8>),
    /// Values such as codes or file names, shown as a list: shared, as a code list's codes
    /// are by every finding that lists them.
    List(std::sync::Arc<[String]>),
    /// A size in bytes, shown in KB, MB or GB as the language writes numbers.
    Bytes(u64),
}

impl From<u64> for Param {
    fn from(n: u64) -> Param {
        Param::Int(n)
    }
}

impl From<usize> for Param {
    fn from(n: usize) -> Param {
        Param::Int(n as u64)
    }
}

impl From<String> for Param {
    fn from(text: String) -> Param {
        Param::Text(text)
    }
}

impl From<CompactString> for Param {
    fn from(text: CompactString) -> Param {
        Param::Text(text.into_string())
    }
}

impl From<&str> for Param {
    fn from(text: &str) -> Param {
        Param::Text(text.to_string())
    }
}

impl From<Period> for Param {
    fn from(period: Period) -> Param {
        Param::Period(period)
    }
}

impl Finding {
    #[inline]
    pub fn new(rule: Rule, line: Option<u64>, column: Option<u8>) -> Finding {
        Finding {
            rule,
            line,
            column,
            value: None,
            message: "",
            params: Vec::new(),
        }
    }

    #[inline]
    pub fn value(mut self, value: impl Into<CompactString>) -> Finding {
        self.value = Some(value.into());
        self
    }

    /// Says it with the rule's message of this key.
    #[inline]
    pub fn message(mut self, key: &'static str) -> Finding {
        self.message = key;
        self
    }

    #[inline]
    pub fn param(mut self, key: &'static str, value: impl Into<Param>) -> Finding {
        self.params.push((key, value.into()));
        self
    }

    pub fn get(&self, key: &str) -> Option<&Param> {
        self.params.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

/// Columns tracked in counts: 0 for "no column", then 1–18 and room for a wider protocol.
pub const COUNT_COLUMNS: usize = 32;

/// Exact counts per rule and column (the column decides the severity of field rules).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counts {
    cells: Vec<[u64; COUNT_COLUMNS]>,
    totals: Vec<u64>,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            cells: vec![[0; COUNT_COLUMNS]; Rule::COUNT],
            totals: vec![0; Rule::COUNT],
        }
    }
}

impl Counts {
    #[inline]
    pub fn add(&mut self, rule: Rule, column: Option<u8>, n: u64) {
        let col = column.map_or(0, |c| usize::from(c).min(COUNT_COLUMNS - 1));
        self.cells[rule as usize][col] += n;
        self.totals[rule as usize] += n;
    }

    pub fn merge(&mut self, other: &Counts) {
        for (mine, theirs) in self.cells.iter_mut().zip(&other.cells) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        for (a, b) in self.totals.iter_mut().zip(&other.totals) {
            *a += b;
        }
    }

    #[inline]
    pub fn of_rule(&self, rule: Rule) -> u64 {
        self.totals[rule as usize]
    }

    /// `(column or None, count)` for one rule.
    pub fn of_rule_by_column(&self, rule: Rule) -> Vec<(Option<u8>, u64)> {
        self.cells[rule as usize]
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(col, n)| ((col > 0).then_some(col as u8), *n))
            .collect()
    }

    /// `(rule, total)` for every rule that fired, in catalogue order.
    pub fn by_rule(&self) -> Vec<(Rule, u64)> {
        Rule::all()
            .map(|r| (r, self.of_rule(r)))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Totals per severity in this protocol version, `[reject, error, warning, info]`.
    pub fn by_severity(&self, spec: &Spec) -> [u64; 4] {
        let mut out = [0; 4];
        for rule in Rule::all() {
            for (column, n) in self.of_rule_by_column(rule) {
                out[spec.severity(rule, column) as usize] += n;
            }
        }
        out
    }

    pub fn total(&self) -> u64 {
        self.totals.iter().sum()
    }
}

/// Where a sink hands on the findings it keeps while the check runs: a chunk at a time, in
/// the order they were found; a chunk never splits the findings of one line (so that each
/// chunk can be put in order on its own: [`sort_within_lines`]).
pub trait Handoff: Send {
    fn take(&mut self, findings: Vec<Finding>);

    /// For a hand-off whose chunks cost work (words, record batches: `output::stream`): how
    /// to make a chunk ready, so that other threads can (the parts of a file checked on
    /// several threads) and hand what they made on ([`Handoff::take_prepared`]).
    fn preparer(&self) -> Option<Box<dyn Prepare>> {
        None
    }

    /// Takes a chunk made ready by its [`Handoff::preparer`], whose line numbers are within a
    /// part of the file: they move on by `offset` (the lines of the parts before). Returns
    /// how many findings it held.
    fn take_prepared(&mut self, prepared: Prepared, offset: u64) -> std::io::Result<u64> {
        let _ = (prepared, offset);
        Err(std::io::Error::other(
            "a chunk made ready without a preparer",
        ))
    }
}

/// A chunk of findings made ready for a hand-off ([`Prepare`]): only the hand-off whose
/// preparer made it knows what it holds.
pub type Prepared = Box<dyn std::any::Any + Send>;

/// Makes chunks of findings ready for a hand-off, on any thread ([`Handoff::preparer`]).
pub trait Prepare: Send + Sync {
    /// A chunk (the findings of whole lines, in the order found) made ready.
    fn prepare(&mut self, findings: Vec<Finding>) -> std::io::Result<Prepared>;

    /// Another preparer like this one, for another thread.
    fn another(&self) -> Box<dyn Prepare>;
}

/// Kept findings a streaming sink gathers before it hands them on (a little more when the
/// line at the limit has several).
pub const HANDOFF_FINDINGS: usize = 4 * 1024;

/// Where checks put what they find.
pub struct Sink {
    enabled: RuleSet,
    max_per_rule: u64,
    pub counts: Counts,
    /// Kept findings in the order found, not yet handed on: all of them when the sink
    /// collects (no [`Handoff`]).
    pub findings: Vec<Finding>,
    /// Of the findings counted, those that `gmsd-fast fix` repairs safely, per rule and
    /// column (exact, as `counts`).
    pub fixable: Counts,
    /// Set once the file turned out to be no text (S002: a zip, a workbook, NUL bytes):
    /// `gmsd-fast fix` copies such a file as it is, so none of its findings is repairable.
    pub no_repairs: bool,
    /// Findings reported so far of the rules watched ([`Sink::watch`]; the check watches
    /// those whose findings a repair may remove from a record line, `rules::REPAIR_TRIGGERS`):
    /// the check asks the repairs' decision about a line only when this moved while it
    /// checked the line.
    pub(crate) triggers: u64,
    watched: RuleSet,
    /// Every finding reported, as its rule and column, of every rule (selected or not), when
    /// the sink traces: the repairs' decision compares the findings of a line before and after
    /// a repair with it, and the check traces the line it asks the decision about, whose
    /// findings the decision then takes as they are.
    pub(crate) trace: Option<Vec<(Rule, Option<u8>)>>,
    out: Option<Box<dyn Handoff>>,
    /// Kept findings handed on so far.
    pub handed_on: u64,
    /// While set, nothing is handed on: the findings of the first records wait until the
    /// reference they are compared with is decided ([`Sink::release`]).
    held: bool,
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sink")
            .field("counts", &self.counts)
            .field("findings", &self.findings)
            .field("fixable", &self.fixable)
            .field("streams", &self.out.is_some())
            .field("handed_on", &self.handed_on)
            .finish_non_exhaustive()
    }
}

impl Sink {
    /// Counts in [`Sink::triggers`] the findings of these rules from now on.
    pub(crate) fn watch(&mut self, rules: RuleSet) {
        self.watched = rules;
    }

    pub fn new(enabled: RuleSet, max_per_rule: usize) -> Sink {
        Sink {
            enabled,
            max_per_rule: max_per_rule as u64,
            counts: Counts::default(),
            findings: Vec::new(),
            fixable: Counts::default(),
            no_repairs: false,
            triggers: 0,
            watched: RuleSet::empty(),
            trace: None,
            out: None,
            handed_on: 0,
            held: false,
        }
    }

    /// A sink that keeps no finding and traces every one, of every rule (see `trace`).
    pub(crate) fn tracing() -> Sink {
        let mut sink = Sink::new(RuleSet::all(), 0);
        sink.trace = Some(Vec::with_capacity(32));
        sink
    }

    /// Hands nothing on until [`Sink::release`].
    pub fn hold(&mut self) {
        self.held = true;
    }

    /// Ends [`Sink::hold`]: the findings kept from index `from` on (reported once what they
    /// depend on was known, in line order) are put among those kept before them at their
    /// lines, so that the order is as if they had been reported as found.
    pub fn release(&mut self, from: usize) {
        self.held = false;
        self.put_in_place(from);
    }

    /// Puts the findings kept from index `from` on (in line order, reported late) among
    /// those kept before them at their lines; while held, nothing was handed on.
    pub fn put_in_place(&mut self, from: usize) {
        debug_assert!(self.held || from >= self.findings.len() || self.handed_on == 0);
        if from >= self.findings.len() {
            return;
        }
        let late = self.findings.split_off(from);
        let early = std::mem::take(&mut self.findings);
        let mut merged = Vec::with_capacity(early.len() + late.len());
        let mut late = late.into_iter().peekable();
        for f in early {
            if let Some(line) = f.line {
                while let Some(l) = late.next_if(|l| l.line.is_some_and(|at| at < line)) {
                    merged.push(l);
                }
            }
            merged.push(f);
        }
        merged.extend(late);
        self.findings = merged;
    }

    /// From now on, hands kept findings on to `out` (those kept so far too, at the next
    /// hand-off) instead of collecting them.
    pub fn hand_on_to(&mut self, out: Box<dyn Handoff>) {
        self.out = Some(out);
    }

    /// Takes the hand-off back (the sink collects again); what it holds is handed on first.
    pub fn take_handoff(&mut self) -> Option<Box<dyn Handoff>> {
        self.hand_on();
        self.out.take()
    }

    /// Hands on what the sink holds, if it streams; at the end of a check.
    pub fn finish(&mut self) {
        self.hand_on();
    }

    #[cold]
    fn hand_on(&mut self) {
        if self.held {
            return;
        }
        if let Some(out) = self.out.as_mut() {
            if !self.findings.is_empty() {
                self.handed_on += self.findings.len() as u64;
                // The next chunk's room at once: grown step by step, it would be copied over.
                let next = Vec::with_capacity(HANDOFF_FINDINGS + 64);
                out.take(std::mem::replace(&mut self.findings, next));
            }
        }
    }

    /// Findings kept: handed on and held.
    pub fn kept(&self) -> u64 {
        self.handed_on + self.findings.len() as u64
    }

    #[inline]
    pub fn enabled(&self, rule: Rule) -> bool {
        self.enabled.contains(rule)
    }

    /// Counts a finding and, while the rule is under its cap, keeps the one `make` builds.
    /// `make` runs only when the finding is kept, so a file where every row is wrong costs
    /// a counter increment per finding beyond the cap.
    #[inline]
    pub fn report(&mut self, rule: Rule, column: Option<u8>, make: impl FnOnce() -> Finding) {
        // Traced whether selected or not: the repairs' decision sees every rule.
        if let Some(trace) = self.trace.as_mut() {
            trace.push((rule, column));
        }
        if !self.enabled.contains(rule) {
            return;
        }
        let before = self.counts.of_rule(rule);
        self.counts.add(rule, column, 1);
        self.triggers += u64::from(self.watched.contains(rule));
        if before < self.max_per_rule {
            let finding = make();
            // Handed on between lines, never within one; a capped sink rarely holds that
            // many, and a collecting one has no hand-off.
            if self.findings.len() >= HANDOFF_FINDINGS
                && self.out.is_some()
                && !self.held
                && self.findings.last().map(|f| f.line) != Some(finding.line)
            {
                self.hand_on();
            }
            self.findings.push(finding);
        }
    }

    /// Counts a finding reported (under the same rule and column) as one that `gmsd-fast
    /// fix` repairs safely: one that the repairs' decision (`rules::repair`) finds gone from
    /// its line once repaired, or that a repair of the file's form removes (a byte order
    /// mark, UTF-16, the final line break).
    #[inline]
    pub fn count_fixable(&mut self, rule: Rule, column: Option<u8>) {
        if self.enabled.contains(rule) && !self.no_repairs {
            self.fixable.add(rule, column, 1);
        }
    }

    /// The file is no text: none of its findings is repairable (see `no_repairs`), but for
    /// UTF-16, which `gmsd-fast fix` writes as UTF-8 before it sees what the text holds.
    pub fn forbid_repairs(&mut self) {
        self.no_repairs = true;
        let utf16 = self.fixable.of_rule(Rule::NotText);
        self.fixable = Counts::default();
        self.fixable.add(Rule::NotText, None, utf16);
    }

    /// Appends a later part of the same file: counts add up; details keep the cap per rule.
    pub fn append(&mut self, other: Sink) {
        let mut kept: Vec<u64> = Rule::all()
            .map(|r| self.counts.of_rule(r).min(self.max_per_rule))
            .collect();
        self.counts.merge(&other.counts);
        if other.no_repairs {
            self.fixable.merge(&other.fixable);
            self.forbid_repairs();
        } else if !self.no_repairs {
            self.fixable.merge(&other.fixable);
        }
        self.handed_on += other.handed_on;
        for f in other.findings {
            let k = &mut kept[f.rule as usize];
            if *k < self.max_per_rule {
                *k += 1;
                self.findings.push(f);
            }
        }
    }
}

/// Puts findings in the order of the module's doc, in place: each run of findings about one
/// line sorted by column (the line's own first), then rule; findings about the whole file
/// stay where they are. Findings come from the checks in line order already, so a chunk that
/// never splits a line's findings is put in order on its own, as the whole would be.
pub fn sort_within_lines(findings: &mut [Finding]) {
    let mut rest = findings;
    while let Some(first) = rest.first() {
        let line = first.line;
        let run = rest.iter().take_while(|f| f.line == line).count();
        let (head, tail) = rest.split_at_mut(run);
        if line.is_some() && run > 1 {
            head.sort_by_key(|f| (f.column, f.rule));
        }
        rest = tail;
    }
}

/// Whether CBS would accept the file, as far as the check can tell.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    Rejected,
    /// Nothing rejects it, but its reporting period is unknown (no name with one, no
    /// `--period`), so the dates were not checked against it: the check cannot say that CBS
    /// would accept it.
    Undecided,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::Undecided => "undecided",
        }
    }
}

/// The result of checking one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The path or zip member as given.
    pub path: String,
    /// The reporting period, from the file name (or `--period` when the name has none).
    pub period: Option<Period>,
    pub protocol: String,
    /// Physical lines, header included.
    pub lines: u64,
    /// Record lines: lines after the header that are not blank.
    pub rows: u64,
    pub bytes: u64,
    /// The gemeentecode and aanmaakdatum of the first record, as found.
    pub gemeentecode: Option<String>,
    pub aanmaakdatum: Option<String>,
    pub counts: Counts,
    /// Of `counts`, the findings that `gmsd-fast fix` repairs safely.
    pub fixable: Counts,
    /// Kept findings in the order of the module's doc; empty when they were handed on as
    /// the check ran (`kept` says how many there were).
    pub findings: Vec<Finding>,
    /// Findings kept in detail, collected or handed on.
    pub kept: u64,
    /// CBS's counts, when `Options::count` asked for them.
    pub cbs_counts: Option<crate::count::Counts>,
    /// Rows per valid gemeentecode, by code (at most 64 distinct codes).
    pub gemeenten: Vec<(u16, u64)>,
    /// The uitvraag whose delivery window was in force (that of `--period`, or the one open
    /// on the day of delivery): what a user would give to name the period.
    pub uitvraag: Option<Period>,
    /// Whether this is a file that was read and checked (not a delivery as a whole, nor an
    /// input that could not be read): only such a file needs a reporting period.
    pub read: bool,
}

impl FileReport {
    /// A report of findings about something that is no file read here: a delivery as a
    /// whole, or an input that could not be read (the delivery rules).
    pub fn of_findings(path: String, spec: &Spec, sink: Sink) -> FileReport {
        let kept = sink.kept();
        let mut findings = sink.findings;
        sort_within_lines(&mut findings);
        FileReport {
            path,
            period: None,
            protocol: spec.version.clone(),
            lines: 0,
            rows: 0,
            bytes: 0,
            gemeentecode: None,
            aanmaakdatum: None,
            counts: sink.counts,
            fixable: sink.fixable,
            findings,
            kept,
            cbs_counts: None,
            gemeenten: Vec::new(),
            uitvraag: None,
            read: false,
        }
    }

    /// Rejected when a finding rejects; else undecided for a file read without a reporting
    /// period (the checks against the period could not run: never accepted then); else
    /// accepted.
    pub fn verdict(&self, spec: &Spec) -> Verdict {
        if self.counts.by_severity(spec)[Severity::Reject as usize] > 0 {
            Verdict::Rejected
        } else if self.read && self.period.is_none() {
            Verdict::Undecided
        } else {
            Verdict::Accepted
        }
    }

    /// The first CBS pass that would fail (1 file name, 2 structure, 3 fields), if any. The
    /// delivery rules (L) are no step of CBS's check: a file rejected by them alone (L004, an
    /// input that could not be read) has none.
    pub fn failing_pass(&self, spec: &Spec) -> Option<u8> {
        Rule::all()
            .filter(|r| r.pass() != Pass::Delivery)
            .filter(|r| {
                self.counts
                    .of_rule_by_column(*r)
                    .iter()
                    .any(|(col, _)| spec.severity(*r, *col) == Severity::Reject)
            })
            .map(|r| r.pass() as u8)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "CBS stopt bij stap 4 van 3": a delivery rule is no step of CBS's check.
    #[test]
    fn a_delivery_rule_is_no_step_of_cbs() {
        let spec = Spec::latest();
        let report = |rules: &[Rule]| {
            let mut sink = Sink::new(RuleSet::all(), 10);
            for rule in rules {
                sink.report(*rule, None, || Finding::new(*rule, None, None));
            }
            FileReport::of_findings("x.csv".into(), spec, sink)
        };
        let unreadable = report(&[Rule::ZipMember]);
        assert_eq!(unreadable.verdict(spec), Verdict::Rejected);
        assert_eq!(unreadable.failing_pass(spec), None);
        assert_eq!(report(&[Rule::DuplicateDelivery]).failing_pass(spec), None);
        assert_eq!(
            report(&[Rule::ZipMember, Rule::EmptyFile]).failing_pass(spec),
            Some(2)
        );
    }

    #[test]
    fn counts_are_exact_and_details_capped() {
        let mut sink = Sink::new(RuleSet::all(), 2);
        let mut built = 0;
        for line in 1..=5 {
            sink.report(Rule::BsnElfproef, Some(3), || {
                built += 1;
                Finding::new(Rule::BsnElfproef, Some(line), Some(3))
            });
        }
        assert_eq!(sink.counts.of_rule(Rule::BsnElfproef), 5);
        assert_eq!(sink.findings.len(), 2);
        assert_eq!(built, 2);

        let mut later = Sink::new(RuleSet::all(), 2);
        later.report(Rule::BsnElfproef, Some(3), || {
            Finding::new(Rule::BsnElfproef, Some(9), Some(3))
        });
        later.report(Rule::BlankLine, None, || {
            Finding::new(Rule::BlankLine, Some(10), None)
        });
        sink.append(later);
        assert_eq!(sink.counts.of_rule(Rule::BsnElfproef), 6);
        assert_eq!(sink.findings.len(), 3, "the cap holds across parts");
    }

    #[test]
    fn disabled_rules_are_not_counted() {
        let mut set = RuleSet::all();
        set.remove(Rule::BlankLine);
        let mut sink = Sink::new(set, 10);
        sink.report(Rule::BlankLine, None, || unreachable!());
        assert_eq!(sink.counts.total(), 0);
    }
}
