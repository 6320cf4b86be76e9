//! The engine: one file through CBS's three passes in one streaming run. [`Run`] takes the
//! bytes in chunks of any size (decoding UTF-16 where a file is saved so), checks the name
//! (pass 1), and hands the lines to a [`FileChecker`], which keeps the per-file state and
//! calls the rules of `crate::rules` for each line (pass 2) and each record (pass 3). A
//! record goes the quickest way that can decide on it: the block path (`block.rs`), the
//! per-line valid path, or the full checks that report. [`parallel`] splits a large file on
//! disk over threads. The engine knows no rule by its words: those are the rules' own.

mod block;
pub mod parallel;
#[cfg(test)]
mod stream_tests;
#[cfg(test)]
pub(crate) mod tests;

use std::io::{self, Read};
use std::path::Path;

use crate::count::{CountRecord, Counter};
use crate::findings::{sort_within_lines, FileReport, Finding, Handoff, Sink};
pub use crate::options::{Options, DEFAULT_MAX_PER_RULE};
pub use crate::record::{split_fields, Row, Value, MAX_COLUMNS};
use crate::rules::field::{spreadsheet_hint, FieldRules};
use crate::rules::file_name::check_name_with;
use crate::rules::line::{check_line, LineKind};
use crate::rules::record::{
    check_reference, created_before_period_end, repaired_to_reference, RecordRules, Sample,
};
pub use crate::rules::record::{PeriodTally, Reference};
use crate::rules::repair::{self, Allowed, Found, Outcome, Place, Reading, Repairer};
use crate::rules::structure::{self, Role, Start};
use crate::rules::Rule;
use crate::scan::{Line, LineScanner, Terminator};
use crate::spec::{Period, Spec};
use crate::stop::{self, Stop, Stopped};

/// Size of the blocks read from a file or stream.
pub const BLOCK_SIZE: usize = 1 << 20;

/// The rules of one file, compiled once: the field rules' plans and the record rules'
/// tables for the protocol version and the file's reporting period.
pub struct Context<'o> {
    pub options: &'o Options,
    pub spec: &'static Spec,
    /// The reporting period the date rules use.
    pub period: Option<Period>,
    pub(crate) fields: FieldRules,
    pub(crate) records: RecordRules,
}

impl<'o> Context<'o> {
    pub fn new(options: &'o Options, period: Option<Period>) -> Context<'o> {
        let spec = options.spec;
        Context {
            options,
            spec,
            period,
            fields: FieldRules::new(spec, period, options.reveal_bsn),
            records: RecordRules::new(spec, period),
        }
    }

    /// The separator the lines are split at: the protocol's, or the one the file turned out
    /// to use instead (S013).
    #[inline(always)]
    pub(crate) fn separator(&self) -> u8 {
        self.fields.separator
    }
}

/// Streams the lines of one file (or one part of it) through passes 2 and 3.
pub struct FileChecker<'o> {
    pub context: Context<'o>,
    pub sink: Sink,
    /// Whether this checker sees the start of the file (header, BOM).
    at_file_start: bool,
    /// Where pass 2 starts: the header row's place, the separator of the header and the
    /// records (`structure::Start`).
    start: Start,
    /// The aanmaakdatum and gemeentecode every record must repeat, once decided.
    pub reference: Option<Reference>,
    /// Until then, the first records' values (a checker at the start of a file), and of those
    /// that a repair changes, the aanmaakdatum and gemeentecode as read and as repaired (the
    /// R003 and R004 it takes away are known once the reference is).
    sample: Option<Sample>,
    repaired_in_sample: Vec<[[Vec<u8>; 2]; 2]>,
    /// Records outside the reporting period, and the half years they would fit (N008).
    pub outside: PeriodTally,
    pub rows: u64,
    pub(crate) last_line: Option<(u64, u64, Terminator)>,
    /// Records for CBS's counts, when asked for.
    pub counter: Option<Counter>,
    /// Rows per gemeentecode (valid codes only, at most `MAX_GEMEENTEN` distinct), for the
    /// delivery-level rules: a file must hold one municipality.
    pub gemeenten: Vec<(u16, u64)>,
    /// The values of the current record (kept here to save initialising them per record).
    row: Row,
    /// Try the valid path first (off only in tests that compare it with the full checks).
    clean_path: bool,
    /// The block path, where the protocol's records suit it.
    block: Option<block::BlockPath>,
    /// The repairs' decision, asked about lines with a finding a repair may take away
    /// (`Sink::fixable`).
    repairer: Option<Box<Repairer>>,
    /// The findings (rule and column, of every rule) of the line checked in full last, traced
    /// as the check reports them ([`Self::trace_line`]): the repairs' decision takes them
    /// instead of checking the line again.
    line_findings: Vec<Found>,
    /// The last line, without its line break, stays so in a fix (`repair::Outcome::open`).
    open_line: bool,
}

/// Distinct gemeentecodes tracked per file; a file with more is wrong anyway.
pub const MAX_GEMEENTEN: usize = 64;

impl<'o> FileChecker<'o> {
    pub fn new(context: Context<'o>) -> FileChecker<'o> {
        let mut sink = Sink::new(context.options.rules, context.options.max_per_rule);
        // The first records' findings wait for the reference they are compared with.
        sink.hold();
        // The findings a repair may take away from a record line: the repairs' decision is
        // asked about a line only when one of them fired on it.
        sink.watch(crate::rules::REPAIR_TRIGGERS);
        FileChecker {
            block: block::BlockPath::for_file(&context),
            counter: context.options.count.then(Counter::new),
            context,
            sink,
            at_file_start: true,
            start: Start::default(),
            reference: None,
            sample: Some(Sample::default()),
            repaired_in_sample: Vec::new(),
            outside: PeriodTally::default(),
            rows: 0,
            last_line: None,
            gemeenten: Vec::new(),
            row: Row::default(),
            clean_path: true,
            repairer: None,
            line_findings: Vec::new(),
            open_line: false,
        }
    }

    /// A checker for a later part of a file, given the file's reference.
    pub fn for_part(context: Context<'o>, reference: Option<Reference>) -> FileChecker<'o> {
        let mut checker = FileChecker::new(context);
        checker.at_file_start = false;
        checker.start = Start::past();
        checker.sample = None;
        checker.sink.release(0);
        checker.reference = reference;
        checker.arm_block_path();
        checker
    }

    /// Lets the block path take records that repeat the reference, if it is valid.
    fn arm_block_path(&mut self) {
        if let (Some(path), Some(reference)) = (self.block.as_mut(), self.reference.as_ref()) {
            path.arm(
                &self.context,
                &reference.aanmaakdatum,
                &reference.gemeentecode,
            );
        }
    }

    pub fn line(&mut self, line: Line<'_>) {
        self.line_as(line, self.clean_path);
    }

    /// [`Self::line`], trying the valid path for a record only if `try_clean` (the block
    /// path has already found that it does not apply).
    #[inline]
    fn line_as(&mut self, line: Line<'_>, try_clean: bool) {
        let (number, len, terminator) = (line.number, line.len, line.terminator);
        self.last_line = Some((number, len, terminator));
        self.line_checks(line, try_clean);
        if terminator == Terminator::Eof {
            // After the line's other findings: a file-level one (S002) may come first.
            structure::last_line(number, len, terminator, self.open_line, &mut self.sink);
        }
    }

    #[inline]
    fn line_checks(&mut self, line: Line<'_>, try_clean: bool) {
        let mut bytes = line.bytes;
        if self.at_file_start && line.number == 1 {
            bytes = structure::file_start(bytes, &mut self.sink);
        }
        if line.is_truncated() {
            self.rows += u64::from(self.start.header_done());
            self.start.too_long();
            structure::line_too_long(
                self.context.spec,
                line.number,
                line.len,
                bytes,
                &mut self.sink,
            );
            return;
        }
        if bytes.is_empty() {
            structure::blank_line(self.context.spec, line.number, &mut self.sink);
            return;
        }
        if !self.start.decided() && self.starts(line.number, bytes) == Role::Header {
            structure::header(
                self.context.spec,
                self.context.separator(),
                line.number,
                bytes,
                &mut self.sink,
            );
            return;
        }
        let cut = line.terminator == Terminator::Eof;
        self.record(line.number, bytes, try_clean, cut);
    }

    /// A line of the start of pass 2 (`structure::Start`): what it is. Its findings about
    /// the header and the separator (S004, S005, S013; some of them about the header's line)
    /// go among the others in line order; the lines are split at the separator decided.
    #[cold]
    fn starts(&mut self, number: u64, bytes: &[u8]) -> Role {
        let from = self.sink.findings.len();
        let mut separator = self.context.separator();
        let role = self.start.line(
            self.context.spec,
            number,
            bytes,
            &mut separator,
            Some(&mut self.sink),
        );
        self.sink.put_in_place(from);
        if separator != self.context.separator() {
            self.use_separator(separator);
        }
        role
    }

    /// Splits the lines at `separator` from now on.
    #[cold]
    fn use_separator(&mut self, separator: u8) {
        self.context.fields.separator = separator;
        self.block = block::BlockPath::for_file(&self.context);
    }

    /// A record line; `cut` when it is the last and ends without a line break.
    #[inline]
    fn record(&mut self, number: u64, bytes: &[u8], try_clean: bool, cut: bool) {
        self.rows += 1;
        // The valid path: no finding in passes 2 and 3 for the fields.
        let clean = if try_clean {
            self.context.fields.clean_fields(bytes, &mut self.row)
        } else {
            None
        };
        if let Some((aanmaak, gemeente)) = clean {
            self.context
                .records
                .check_record(number, &self.row, &mut self.sink, &mut self.outside);
            self.after_record(number, aanmaak, gemeente);
            return;
        }
        self.record_in_full(number, bytes, cut);
    }

    /// The repairs' decision on a line, its repairable findings counted; `traced`: the
    /// line's findings were traced as it was checked ([`Self::trace_line`]).
    #[cold]
    #[inline(never)]
    pub(super) fn decide_and_count(&mut self, number: u64, bytes: &[u8], cut: bool, traced: bool) {
        let outcome = self.repairs(number, bytes, cut, traced);
        self.count_repairs(number, bytes, None, &outcome);
    }

    /// From now on, the sink traces the findings it is given into `line_findings`, until
    /// [`Self::line_traced`]: those of one line, checked as the decision would check it.
    #[inline]
    pub(super) fn trace_line(&mut self) {
        let mut trace = std::mem::take(&mut self.line_findings);
        trace.clear();
        self.sink.trace = Some(trace);
    }

    /// Ends [`Self::trace_line`].
    #[inline]
    pub(super) fn line_traced(&mut self) {
        self.line_findings = self.sink.trace.take().unwrap_or_default();
    }

    /// Passes 2 and 3 for a record with something to report (`rules::line`), and how many of
    /// its findings `gmsd-fast fix` would repair.
    #[inline(never)]
    fn record_in_full(&mut self, number: u64, bytes: &[u8], cut: bool) {
        let spec = self.context.spec;
        let separator = self.context.separator();
        let mut fields: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        let triggers = self.sink.triggers;
        // A line one separator off is read first: the words of its finding say how.
        let off = memchr::memchr_iter(separator, bytes).count() + 1;
        let expected = spec.column_count();
        let outcome = (off.abs_diff(expected) == 1
            && !structure::separators_only(bytes, separator))
        .then(|| self.repairs(number, bytes, cut, false));
        let reading = outcome.as_ref().map_or(Reading::Unknown, |o| o.reading);
        // The line's findings, for the decision, if it is asked after the check.
        let traced = outcome.is_none();
        if traced {
            self.trace_line();
        }
        let kind = check_line(
            &self.context.fields,
            &self.context.records,
            number,
            bytes,
            &mut fields,
            &mut self.row,
            &reading,
            &mut self.sink,
            &mut self.outside,
        );
        if traced {
            self.line_traced();
        }
        match kind {
            LineKind::Record => {
                let roles = spec.roles;
                self.after_record(
                    number,
                    fields[roles.aanmaakdatum],
                    fields[roles.gemeentecode],
                );
            }
            // A row of separators is no record.
            LineKind::Separators => self.rows -= 1,
            LineKind::Line => {}
        }
        let outcome = match outcome {
            Some(outcome) => Some(outcome),
            None if self.sink.triggers != triggers => Some(self.repairs(number, bytes, cut, true)),
            None => None,
        };
        if let Some(outcome) = outcome {
            let roles = spec.roles;
            let found = (kind == LineKind::Record)
                .then(|| [fields[roles.aanmaakdatum], fields[roles.gemeentecode]]);
            self.count_repairs(number, bytes, found, &outcome);
        }
    }

    /// The repairs' decision on a record line; `traced`: `line_findings` are the line's, as
    /// the check just reported them.
    #[cold]
    #[inline(never)]
    fn repairs(&mut self, number: u64, bytes: &[u8], cut: bool, traced: bool) -> Outcome {
        let repairer = self.repairer.get_or_insert_with(Box::default);
        let context = repair::Context {
            fields: &self.context.fields,
            records: &self.context.records,
            allowed: Allowed::safe(self.context.options.rules),
            // The check counts what the repairs take away; it logs none.
            steps: false,
        };
        // The repairs are decided on the record alone: what it holds against the reference
        // (R003, R004), the value most records hold, is no repair's to take away.
        let place = Place {
            first: self.start.is_first(number),
            cut,
        };
        let reported = traced.then_some(self.line_findings.as_slice());
        repairer.record(&context, number, bytes, place, reported)
    }

    /// Counts the findings of a line (`bytes`) the repairs take away as repairable: those of
    /// the line, and R003/R004 where the repaired record holds the reference's value. A line
    /// whose fields may stand a column off is told so (S016), since its field findings are
    /// about values in the wrong column. `found`: the line's aanmaakdatum and gemeentecode,
    /// when the check has split it.
    #[cold]
    #[inline(never)]
    fn count_repairs(
        &mut self,
        number: u64,
        bytes: &[u8],
        found: Option<[&[u8]; 2]>,
        outcome: &Outcome,
    ) {
        if let Some(shift) = outcome.shift {
            self.sink.report(Rule::ColumnsShifted, None, || {
                Finding::new(Rule::ColumnsShifted, Some(number), None)
                    .param("missing", usize::from(shift.missing))
                    .param("at", shift.at)
                    .param("extra", usize::from(shift.extra))
            });
        }
        for (rule, column) in &outcome.gone {
            self.sink.count_fixable(*rule, *column);
        }
        self.open_line = outcome.open;
        let Some(new) = outcome.line.as_deref() else {
            return;
        };
        // With neither a reference nor a sample to hold them against, the repaired values
        // count for nothing: the lines need not be split.
        if self.reference.is_none() && self.sample.is_none() {
            return;
        }
        let fields = &self.context.fields;
        let roles = fields.spec.roles;
        let expected = fields.spec.column_count();
        let mut before: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        let found = match found {
            Some(found) => found,
            None if split_fields(bytes, fields.separator, &mut before).0 == expected => {
                [before[roles.aanmaakdatum], before[roles.gemeentecode]]
            }
            None => return,
        };
        // A record that holds the reference's values (most do) has none to be repaired to.
        if let Some(reference) = &self.reference {
            if !reference.differs_from(found) {
                return;
            }
        }
        let mut after: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        if split_fields(new, fields.separator, &mut after).0 != expected {
            return;
        }
        let repaired = [after[roles.aanmaakdatum], after[roles.gemeentecode]];
        match (&self.reference, &self.sample) {
            (Some(reference), _) => {
                repaired_to_reference(fields, found, repaired, reference, &mut self.sink);
            }
            (None, Some(_)) => self
                .repaired_in_sample
                .push([found.map(<[u8]>::to_vec), repaired.map(<[u8]>::to_vec)]),
            (None, None) => {}
        }
    }

    /// What every record with the right number of columns feeds once its fields are in
    /// `self.row`: the rows per gemeentecode, CBS's counts, the reference comparison.
    #[inline]
    fn after_record(&mut self, number: u64, aanmaak: &[u8], gemeente: &[u8]) {
        self.count_record();
        match &self.reference {
            Some(reference) => check_reference(
                &self.context.fields,
                number,
                aanmaak,
                gemeente,
                reference,
                &mut self.sink,
            ),
            None => self.sample_record(number, aanmaak, gemeente),
        }
    }

    /// Adds the record in `self.row` to the rows per gemeentecode and CBS's counts.
    #[inline]
    fn count_record(&mut self) {
        let spec = self.context.spec;
        if let Some(code) = self.row.valid(spec.roles.gemeentecode) {
            add_gemeente(&mut self.gemeenten, code as u16, 1);
        }
        self.count_for_cbs();
    }

    /// Adds the record in `self.row` to CBS's counts, if asked for.
    #[inline]
    fn count_for_cbs(&mut self) {
        if let Some(counter) = self.counter.as_mut() {
            if let Some(record) = count_record(self.context.spec, &self.row) {
                counter.push(record);
            }
        }
    }

    /// Adds the gemeentecode counts of a later part of the same file.
    pub fn merge_gemeenten(&mut self, other: &[(u16, u64)]) {
        for (code, n) in other {
            add_gemeente(&mut self.gemeenten, *code, *n);
        }
    }

    /// Adds one of the first records to the sample; once it is full, the reference is
    /// decided.
    #[inline(never)]
    fn sample_record(&mut self, number: u64, aanmaak: &[u8], gemeente: &[u8]) {
        let stamp = self.row.valid(self.context.spec.roles.aanmaakdatum);
        let full = self
            .sample
            .as_mut()
            .is_some_and(|sample| sample.add(number, aanmaak, gemeente, stamp));
        if full {
            self.decide_reference(false);
        }
    }

    /// The reference of the sample (`whole`: the whole file): what most of the first records
    /// hold. Reports what the sample's records get by it (R003, R004, D010 on the reference's
    /// aanmaakdatum), among their other findings in line order, hands on what waited for it,
    /// and lets the block path take the records that repeat it.
    #[cold]
    fn decide_reference(&mut self, whole: bool) {
        let Some(sample) = self.sample.take() else {
            return;
        };
        let from = self.sink.findings.len();
        if !sample.is_empty() {
            let period = self.context.period;
            let column = self.context.spec.roles.aanmaakdatum as u8 + 1;
            self.reference = Some(sample.decide(
                whole,
                &self.context.fields,
                |line, raw, stamp, sink| {
                    created_before_period_end(period, line, column, raw, stamp, sink);
                },
                &mut self.sink,
            ));
            self.arm_block_path();
        }
        if let Some(reference) = &self.reference {
            for [found, repaired] in &self.repaired_in_sample {
                repaired_to_reference(
                    &self.context.fields,
                    [&found[0], &found[1]],
                    [&repaired[0], &repaired[1]],
                    reference,
                    &mut self.sink,
                );
            }
        }
        self.repaired_in_sample = Vec::new();
        self.sink.release(from);
    }

    /// File-level structure findings once the last line has been seen (and the reference,
    /// in a file shorter than the sample).
    pub fn finish_file(&mut self, bytes: u64) {
        // A header split at a comma or tab that no record came to contradict (S013).
        let from = self.sink.findings.len();
        self.start.finish(&mut self.sink);
        self.sink.put_in_place(from);
        self.decide_reference(true);
        structure::finish(
            bytes,
            self.last_line,
            self.rows,
            self.start.header_done(),
            &mut self.sink,
        );
    }

    /// Whether the lines that follow may go through [`Self::block`].
    fn takes_blocks(&self) -> bool {
        self.clean_path && self.block.as_ref().is_some_and(block::BlockPath::is_armed)
    }

    /// Whether the block path may still start (it waits for the reference).
    fn may_take_blocks(&self) -> bool {
        self.clean_path && self.block.is_some() && self.reference.is_none()
    }

    /// Checks the whole lines at the start of `chunk` on the block path, the first numbered
    /// `first_line`; returns the bytes and lines it took. What is left is the start of a line
    /// that ends in a later chunk.
    fn block(&mut self, chunk: &[u8], first_line: u64) -> (usize, u64) {
        let Some(mut path) = self.block.take() else {
            return (0, 0);
        };
        let taken = path.run(self, chunk, first_line);
        self.block = Some(path);
        taken
    }
}

#[inline]
fn add_gemeente(gemeenten: &mut Vec<(u16, u64)>, code: u16, n: u64) {
    if let Some((_, count)) = gemeenten.iter_mut().find(|(c, _)| *c == code) {
        *count += n;
    } else if gemeenten.len() < MAX_GEMEENTEN {
        gemeenten.push((code, n));
    }
}

/// The record as CBS counts it (docs/protocol.md#counting): type from declaratie where valid, else
/// toewijzing; dates daadwerkelijk where valid, else beoogd. Records without a valid BSN, type
/// or start are not counted (they are findings already).
fn count_record(spec: &Spec, v: &Row) -> Option<CountRecord> {
    let r = &spec.roles;
    Some(CountRecord {
        bsn: v.valid(r.bsn)?,
        type_code: v.valid(r.type_declaratie).or(v.valid(r.type_toewijzing))? as u16,
        leveringsvorm: v.valid(r.leveringsvorm).unwrap_or(0) as u8,
        toewijzingsnummer: v.valid(r.toewijzingsnummer),
        start: v.date(r.startdatum).or(v.date(r.beoogde_startdatum))?,
        end: v.date(r.einddatum).or(v.date(r.beoogde_einddatum)),
    })
}

fn report_from(
    path: &str,
    context_period: Option<Period>,
    mut checker: FileChecker<'_>,
    lines: u64,
    bytes: u64,
    mut name_sink: Sink,
) -> Result<FileReport, Stopped> {
    let spec = checker.context.spec;
    let roles = spec.roles;
    if let Some(period) = context_period {
        name_probably_wrong(path, period, &mut checker);
    }
    spreadsheet_hint(&mut checker.sink, checker.rows);
    checker.sink.finish();
    // Shown like finding values: a BSN shifted into the first record stays masked.
    let fields = &checker.context.fields;
    let shown = |key: usize, raw: &[u8]| fields.shown(&spec.columns[key], raw).into_string();
    let gemeentecode = checker
        .reference
        .as_ref()
        .map(|r| shown(roles.gemeentecode, &r.gemeentecode));
    let aanmaakdatum = checker
        .reference
        .as_ref()
        .map(|r| shown(roles.aanmaakdatum, &r.aanmaakdatum));
    let stop = checker.context.options.stop.as_ref();
    let cbs_counts = match checker.counter {
        Some(counter) => Some(counter.finish_stoppable(spec, context_period, stop)?),
        None => None,
    };
    let mut gemeenten = checker.gemeenten;
    gemeenten.sort_unstable();
    name_sink.append(checker.sink);
    let kept = name_sink.kept();
    let mut findings = name_sink.findings;
    sort_within_lines(&mut findings);
    Ok(FileReport {
        path: path.to_string(),
        period: context_period,
        protocol: spec.version.clone(),
        lines,
        rows: checker.rows,
        bytes,
        gemeentecode,
        aanmaakdatum,
        counts: name_sink.counts,
        fixable: name_sink.fixable,
        findings,
        kept,
        cbs_counts,
        gemeenten,
        uitvraag: Some(crate::rules::file_name::uitvraag_in_force(
            checker.context.options,
        )),
        read: true,
    })
}

/// Records that must fall in another half year before the name's period is called wrong
/// for that alone: in a file of a handful of records, the records may as well be wrong.
const MIN_OUTSIDE: u64 = 10;

/// N008 at the end of a file about `period`, when its records show that the period is
/// probably wrong, not the records: more than half of them (and at least [`MIN_OUTSIDE`])
/// fall outside it and in one other half year; or the file was made before `period` ended,
/// and every record outside it falls in the half year that had ended last when it was made.
fn name_probably_wrong(path: &str, period: Period, checker: &mut FileChecker<'_>) {
    let tally = &checker.outside;
    if tally.outside == 0 {
        return;
    }
    let made = checker.reference.as_ref().and_then(|r| r.created);
    // The half year that had ended last when the file was made: what it is most likely about.
    let made_for = made.map(Period::ended_before);
    // Of the half years the records outside fall in, the one most fall in; of equals, the
    // one the file was made for, else the nearest. Never one that had not ended when the
    // file was made (D010 would say so).
    let most = tally
        .candidates(period)
        .filter(|(p, _)| made.is_none_or(|day| day > p.last_day()))
        .min_by_key(|(p, fits)| {
            (
                std::cmp::Reverse(*fits),
                std::cmp::Reverse(Some(*p) == made_for),
            )
        })
        .filter(|(_, fits)| *fits >= MIN_OUTSIDE && fits.saturating_mul(2) > checker.rows);
    // Made before `period` ended (D010), and every record outside it falls in the half year
    // the file was made for.
    let created = made.filter(|day| *day <= period.last_day());
    let made_for = created.and_then(|_| {
        let p = made_for?;
        let fits = tally.fits_in(period, p)?;
        (fits == tally.outside).then_some((p, fits))
    });
    if let Some((suggested, fits)) = most.or(made_for) {
        crate::rules::file_name::period_probably_wrong(
            crate::rules::file_name::base_name(path),
            period,
            suggested,
            (tally.outside, fits, checker.rows),
            created,
            &mut checker.sink,
        );
    }
}

/// How the bytes of a file are read: as they are, or decoded from UTF-16 first.
enum Encoding {
    /// Not known yet: the first bytes are kept until two have come.
    Unknown(Vec<u8>),
    Plain,
    Utf16(Box<encoding_rs::Decoder>),
}

/// One file on its way through passes 1 to 3, fed in chunks of any size.
struct Run<'o> {
    name_sink: Sink,
    period: Option<Period>,
    checker: FileChecker<'o>,
    scanner: LineScanner,
    encoding: Encoding,
    /// The bytes as they came, before any decoding.
    bytes_in: u64,
}

impl<'o> Run<'o> {
    fn new(path: &str, options: &'o Options) -> Run<'o> {
        let mut name_sink = Sink::new(options.rules, options.max_per_rule);
        let period = check_name_with(path, options, &mut name_sink);
        Run {
            name_sink,
            period,
            checker: FileChecker::new(Context::new(options, period)),
            scanner: LineScanner::new(),
            encoding: Encoding::Unknown(Vec::new()),
            bytes_in: 0,
        }
    }

    /// Hands what the run keeps on to `out` as it goes, the name findings at once.
    fn hand_on_to(&mut self, out: Option<Box<dyn Handoff>>) {
        if let Some(mut out) = out {
            self.name_sink.hand_on_to(out);
            out = self.name_sink.take_handoff().expect("just given");
            self.checker.sink.hand_on_to(out);
        }
    }

    #[inline]
    fn feed(&mut self, chunk: &[u8]) {
        self.bytes_in += chunk.len() as u64;
        match &mut self.encoding {
            Encoding::Plain => feed(&mut self.scanner, &mut self.checker, chunk),
            _ => self.feed_start_or_decoded(chunk, false),
        }
    }

    /// The first bytes, until they show whether the file is UTF-16, and every chunk of a
    /// UTF-16 file, decoded to UTF-8 (S002 says once that it is UTF-16).
    #[cold]
    fn feed_start_or_decoded(&mut self, chunk: &[u8], last: bool) {
        if let Encoding::Unknown(kept) = &mut self.encoding {
            // Only a first chunk of one byte is kept; any other is looked at where it is.
            let joined;
            let head: &[u8] = if kept.is_empty() {
                chunk
            } else {
                kept.extend_from_slice(chunk);
                joined = std::mem::take(kept);
                &joined
            };
            if head.len() < 2 && !last {
                if let Encoding::Unknown(kept) = &mut self.encoding {
                    kept.extend_from_slice(head);
                }
                return;
            }
            let decoder = if head.starts_with(b"\xFF\xFE") {
                Some(encoding_rs::UTF_16LE.new_decoder_with_bom_removal())
            } else if head.starts_with(b"\xFE\xFF") {
                Some(encoding_rs::UTF_16BE.new_decoder_with_bom_removal())
            } else {
                None
            };
            match decoder {
                Some(decoder) => {
                    structure::utf16(&mut self.checker.sink);
                    self.encoding = Encoding::Utf16(Box::new(decoder));
                    self.feed_start_or_decoded(head, last);
                }
                None => {
                    self.encoding = Encoding::Plain;
                    feed(&mut self.scanner, &mut self.checker, head);
                }
            }
            return;
        }
        let Encoding::Utf16(decoder) = &mut self.encoding else {
            feed(&mut self.scanner, &mut self.checker, chunk);
            return;
        };
        let mut input = chunk;
        let mut output = vec![0u8; (input.len() * 3 / 2 + 16).min(BLOCK_SIZE * 2)];
        loop {
            let (result, read, written, _) = decoder.decode_to_utf8(input, &mut output, last);
            feed(&mut self.scanner, &mut self.checker, &output[..written]);
            input = &input[read..];
            if result == encoding_rs::CoderResult::InputEmpty {
                break;
            }
        }
    }

    /// The report, unless `options.stop` was requested while counting (see `report_from`).
    fn finish(mut self, path: &str) -> Result<FileReport, Stopped> {
        if !matches!(self.encoding, Encoding::Plain) {
            self.feed_start_or_decoded(&[], true);
        }
        let checker = &mut self.checker;
        self.scanner.finish(&mut |line| checker.line(line));
        self.checker.finish_file(self.bytes_in);
        report_from(
            path,
            self.period,
            self.checker,
            self.scanner.lines(),
            self.bytes_in,
            self.name_sink,
        )
    }
}

/// A check of one file fed chunk by chunk by its caller, in chunks of any size: `gmsd-fast
/// fix` checks what it writes as it writes it. Like [`check_bytes`], it does not look at
/// `options.stop` (the caller does, between the blocks it feeds).
pub struct Checking<'o> {
    path: String,
    run: Run<'o>,
}

impl<'o> Checking<'o> {
    /// A check of a file named `path` (for pass 1 and the findings).
    pub fn new(path: &str, options: &'o Options) -> Checking<'o> {
        Checking {
            path: path.to_string(),
            run: Run::new(path, options),
        }
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        self.run.feed(chunk);
    }

    /// The report, once every chunk was fed; `Stopped` only when `options.stop` was requested
    /// while counting.
    pub fn finish(self) -> Result<FileReport, Stopped> {
        self.run.finish(&self.path)
    }
}

/// Feeds a chunk to `checker`: through the block path once it can take over, else line by
/// line through `scanner`, which also keeps what is left of a line for the next chunk.
fn feed(scanner: &mut LineScanner, checker: &mut FileChecker<'_>, mut chunk: &[u8]) {
    while checker.takes_blocks() || checker.may_take_blocks() {
        if !scanner.is_mid_line() && checker.takes_blocks() {
            let (used, lines) = checker.block(chunk, scanner.lines() + 1);
            scanner.skip(used, lines);
            chunk = &chunk[used..];
            break;
        }
        // Up to the first record, and the end of a line begun in the last chunk.
        let Some(end) = memchr::memchr(b'\n', chunk) else {
            break;
        };
        scanner.feed(&chunk[..=end], &mut |line| checker.line(line));
        chunk = &chunk[end + 1..];
    }
    scanner.feed(chunk, &mut |line| checker.line(line));
}

/// Checks a whole file held in memory (scanned in place, without copying), in pieces of
/// [`BLOCK_SIZE`] as a file is read. It does not look at `options.stop`: a check that may be
/// stopped is [`check_bytes_stoppable`].
pub fn check_bytes(path: &str, bytes: &[u8], options: &Options) -> FileReport {
    match check_in_blocks(path, bytes, options, None, None) {
        Ok(report) => report,
        Err(Stopped) => unreachable!("a check without a stop token is never stopped"),
    }
}

/// [`check_bytes`], looking at `options.stop` between blocks.
pub fn check_bytes_stoppable(
    path: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<FileReport, Stopped> {
    check_in_blocks(path, bytes, options, options.stop.as_ref(), None)
}

/// [`check_bytes_stoppable`], handing kept findings on to `out` as it goes (the report then
/// holds none).
pub fn check_bytes_to(
    path: &str,
    bytes: &[u8],
    options: &Options,
    out: Box<dyn Handoff>,
) -> Result<FileReport, Stopped> {
    check_in_blocks(path, bytes, options, options.stop.as_ref(), Some(out))
}

fn check_in_blocks(
    path: &str,
    bytes: &[u8],
    options: &Options,
    stop: Option<&Stop>,
    out: Option<Box<dyn Handoff>>,
) -> Result<FileReport, Stopped> {
    let mut run = Run::new(path, options);
    run.hand_on_to(out);
    for block in bytes.chunks(BLOCK_SIZE) {
        stop::check(stop)?;
        run.feed(block);
    }
    run.finish(path)
}

/// Checks a file read as a stream, in blocks of [`BLOCK_SIZE`]: memory stays bounded
/// whatever the size of the input. A requested `options.stop` ends it with an error that
/// [`Stopped::is`] recognises.
pub fn check_reader(path: &str, reader: impl Read, options: &Options) -> io::Result<FileReport> {
    check_reader_to(path, reader, options, None)
}

/// [`check_reader`], handing kept findings on to `out` as it goes (the report then holds
/// none), when there is one.
pub fn check_reader_to(
    path: &str,
    reader: impl Read,
    options: &Options,
    out: Option<Box<dyn Handoff>>,
) -> io::Result<FileReport> {
    let mut run = Run::new(path, options);
    run.hand_on_to(out);
    read_blocks(reader, options.stop.as_ref(), |block| run.feed(block))?;
    Ok(run.finish(path)?)
}

/// Reads `reader` to its end in blocks of [`BLOCK_SIZE`], handing each block to `each`;
/// before each read it looks at `stop`.
pub(crate) fn read_blocks(
    mut reader: impl Read,
    stop: Option<&Stop>,
    mut each: impl FnMut(&[u8]),
) -> io::Result<()> {
    let mut buffer = vec![0u8; BLOCK_SIZE];
    loop {
        stop::check(stop)?;
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(n) => each(&buffer[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Checks a file on disk; with `options.jobs != 1` large files are split over threads.
pub fn check_path(path: &Path, shown_as: &str, options: &Options) -> io::Result<FileReport> {
    check_path_to(path, shown_as, options, None)
}

/// [`check_path`], handing kept findings on to `out` as it goes (the report then holds
/// none), when there is one.
pub fn check_path_to(
    path: &Path,
    shown_as: &str,
    options: &Options,
    out: Option<Box<dyn Handoff>>,
) -> io::Result<FileReport> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a directory",
        ));
    }
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is not a regular file",
        ));
    }
    let mut jobs = parallel::effective_jobs(options.jobs);
    if options.max_per_rule == crate::options::ALL_FINDINGS
        && out.as_ref().is_some_and(|out| out.preparer().is_some())
    {
        // Every finding made into record batches: their reader, writing them in some format,
        // is as busy as the check and counts as one of the jobs. On two cores a second
        // thread checking only took the reader's core: `check --all` wrote JSON lines 20%
        // slower, Parquet no faster (BENCHMARKS.md).
        jobs = jobs.saturating_sub(1).max(1);
    }
    if jobs > 1 && meta.len() >= parallel::MIN_PARALLEL_BYTES {
        return parallel::check_file_parallel(path, shown_as, meta.len(), jobs, options, out);
    }
    let file = std::fs::File::open(path)?;
    check_reader_to(shown_as, file, options, out)
}

#[cfg(test)]
mod clean_path_tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};

    fn check_with(
        path: &str,
        bytes: &[u8],
        options: &Options,
        clean_path: bool,
        unrolled: bool,
        chunk: usize,
    ) -> FileReport {
        let mut run = Run::new(path, options);
        run.checker.clean_path = clean_path;
        if let Some(block) = run.checker.block.as_mut() {
            block.unrolled &= unrolled;
        }
        for chunk in bytes.chunks(chunk) {
            run.feed(chunk);
        }
        run.finish(path).expect("no stop token")
    }

    /// The valid path must only ever skip records the full checks find nothing in: over
    /// generated files with typical mistakes and random damage, both give the same report.
    #[test]
    fn clean_path_equals_full_checks() {
        let options = Options {
            max_per_rule: usize::MAX,
            count: true,
            ..Options::default()
        };
        let damage: &[u8] = b"0123456789;;;; ,.E+-\"'\rx\t\x00\xff";
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for (seed, share) in [(1, 0.0), (2, 0.3), (3, 1.0)] {
            let mut opts = GenerateOptions::new(4_000, seed);
            opts.faulty_share = share;
            let mut bytes = Vec::new();
            generate(&mut bytes, &opts).unwrap();
            for _ in 0..bytes.len() / 200 {
                let at = next(bytes.len());
                if bytes[at] != b'\n' {
                    bytes[at] = damage[next(damage.len())];
                }
            }
            // Whole fields emptied, zero-filled or replaced by other digits, as the valid
            // path decides on them.
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            for line in lines.iter_mut().skip(1) {
                if next(3) != 0 {
                    continue;
                }
                let mut fields: Vec<Vec<u8>> =
                    line.split(|b| *b == b';').map(<[u8]>::to_vec).collect();
                let j = next(fields.len());
                let width = fields[j].len().max(1);
                fields[j] = match next(6) {
                    0 => vec![],
                    1 => vec![b'0'; width],
                    2 => vec![b'9'; width],
                    3 => (0..width + next(3) - 1)
                        .map(|_| b'0' + next(10) as u8)
                        .collect(),
                    4 => b"20250230".to_vec(),
                    _ => [&b"83"[..], b"6", b"0088", b"0011", b"04", b"1"][next(6)].to_vec(),
                };
                *line = fields.join(&b';');
            }
            let lf = lines.join(&b'\n');
            let crlf = lines.join(&b"\r\n"[..]);
            // Whole, and in odd chunks so that lines also cross chunk boundaries: the valid
            // paths (the block path and the per-line one) against the full checks alone.
            for (bytes, chunk) in [(&lf, usize::MAX), (&lf, 4093), (&crlf, 65_537)] {
                for name in [
                    opts.file_name(),
                    "WMO_H12025_x.csv".into(),
                    "naam.csv".into(),
                ] {
                    let full = check_with(&name, bytes, &options, false, false, chunk);
                    // The block path with its field loops unrolled, and as for any protocol.
                    for unrolled in [true, false] {
                        let fast = check_with(&name, bytes, &options, true, unrolled, chunk);
                        let what = format!("{name}, share {share}, unrolled {unrolled}");
                        assert_eq!(fast.counts, full.counts, "{what}");
                        assert_eq!(fast.findings, full.findings, "{what}");
                        assert_eq!(
                            (
                                fast.rows,
                                fast.lines,
                                &fast.aanmaakdatum,
                                &fast.gemeentecode
                            ),
                            (
                                full.rows,
                                full.lines,
                                &full.aanmaakdatum,
                                &full.gemeentecode
                            )
                        );
                        assert_eq!(fast.gemeenten, full.gemeenten);
                        assert_eq!(fast.cbs_counts, full.cbs_counts);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod stop_tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};

    fn generated(rows: u64) -> Vec<u8> {
        let mut bytes = Vec::new();
        generate(&mut bytes, &GenerateOptions::new(rows, 7)).unwrap();
        bytes
    }

    fn stoppable() -> (Options, Stop) {
        let stop = Stop::new();
        let options = Options {
            stop: Some(stop.clone()),
            ..Options::default()
        };
        (options, stop)
    }

    /// Hands out `bytes` in pieces of `piece`, and requests `stop` once it has handed out
    /// `stop_after` of them.
    struct Requesting<'a> {
        bytes: &'a [u8],
        piece: usize,
        reads: usize,
        stop_after: usize,
        stop: Stop,
    }

    impl Read for Requesting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.bytes.len().min(self.piece).min(buf.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            self.reads += 1;
            if self.reads == self.stop_after {
                self.stop.request();
            }
            Ok(n)
        }
    }

    #[test]
    fn a_stream_stops_at_the_next_block() {
        let bytes = generated(20_000);
        let (options, stop) = stoppable();
        let mut reader = Requesting {
            bytes: &bytes,
            piece: 4096,
            reads: 0,
            stop_after: 3,
            stop,
        };
        let err = check_reader("WMO_H22025_x.csv", &mut reader, &options).unwrap_err();
        assert!(Stopped::is(&err), "{err}");
        assert_eq!(reader.reads, 3, "no read after the request");
        assert!(!reader.bytes.is_empty());
    }

    #[test]
    fn without_a_request_a_stoppable_check_is_the_plain_one() {
        let bytes = generated(30_000);
        assert!(bytes.len() > 2 * BLOCK_SIZE, "several blocks");
        let (options, _stop) = stoppable();
        let plain = check_bytes("WMO_H22025_x.csv", &bytes, &Options::default());
        let stoppable = check_bytes_stoppable("WMO_H22025_x.csv", &bytes, &options).unwrap();
        assert_eq!(stoppable.findings, plain.findings);
        assert_eq!((stoppable.rows, stoppable.bytes), (plain.rows, plain.bytes));
        let streamed = check_reader("WMO_H22025_x.csv", &bytes[..], &options).unwrap();
        assert_eq!((streamed.rows, streamed.bytes), (plain.rows, plain.bytes));
    }

    #[test]
    fn a_requested_stop_ends_every_kind_of_check() {
        let bytes = generated(100_000);
        assert!(
            bytes.len() as u64 > parallel::MIN_PARALLEL_BYTES,
            "big enough to split"
        );
        let (mut options, stop) = stoppable();
        stop.request();
        assert_eq!(
            check_bytes_stoppable("WMO_H22025_x.csv", &bytes, &options).unwrap_err(),
            Stopped
        );
        let dir = std::env::temp_dir().join(format!("gmsd-fast-stop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("WMO_H22025_x.csv");
        std::fs::write(&path, &bytes).unwrap();
        for jobs in [1, 2] {
            options.jobs = jobs;
            let err = check_path(&path, "WMO_H22025_x.csv", &options).unwrap_err();
            assert!(Stopped::is(&err), "jobs {jobs}: {err}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
