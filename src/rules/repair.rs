//! Which repairs `gmsd-fast fix` makes of a line, decided in one place: the fix makes them,
//! and the check counts the findings they remove as repairable (`Sink::fixable`), so that what
//! the check calls repairable is what the fix repairs.
//!
//! A repair is *safe* when it is the only reading of the damaged line (docs/fix.md):
//!
//! - it restores a form a spreadsheet or an export gave the line (zeros, quotes, spaces,
//!   separators, encoding, line ends), never a value;
//! - a structural repair (one separator too many or too few) is made only when exactly one
//!   way of undoing it gives a record whose every field fits its column and on which the check
//!   finds nothing ([`Repairer::separators`]): the ways are all the lines with one separator
//!   taken away, or one put in, counted once per distinct line;
//! - a field is repaired only where the check reported it on the line as it was (a line with
//!   the wrong number of columns, or a CR inside, gets no field checks, so no field repairs),
//!   and only where its column is certain: not on a line that, with one separator put in and
//!   one taken away elsewhere, is a record on which the check finds nothing
//!   ([`Repairer::shifted`]);
//! - the repaired line has no finding the damaged line did not have, of any rule, selected or
//!   not ([`included`]); where all the field repairs of a line together would give one, only
//!   those are made that give none alone and none beside each of the others (of two zero-filled
//!   start dates, of which the record needs one, neither is emptied);
//! - on the last line of a file that ends without a line break, which may have been cut off,
//!   no separator is put in and the last field is not padded; where the line would be repaired
//!   further were it complete, it also keeps its missing line break ([`Outcome::open`]), so
//!   that a second fix does not read it as complete.
//!
//! An *unsafe* repair (`--unsafe-fixes`) needs a decision the user takes (a date in an order
//! that can be read two ways, an aanmaakdatum Excel rounded, an old code): it is held to the
//! same rules otherwise.

use std::borrow::Cow;

use crate::findings::Sink;
use crate::record::{split_fields, Row, MAX_COLUMNS};
use crate::rules::field::FieldRules;
use crate::rules::line::check_line;
use crate::rules::record::{PeriodTally, RecordRules};
use crate::rules::structure;
use crate::rules::{Applicability, FieldInput, Rule, RuleSet};

/// Lines and fields are checked again after each repair; a chain of repairs of one field is
/// short (quotes, then zeros, then an empty cell), so this only bounds what cannot happen.
const MAX_ROUNDS: usize = 8;

/// The repairs that put zeros in front of a value: not made in a last field that may have been
/// cut off.
const PADDING: [Rule; 3] = [
    Rule::LeadingZeros,
    Rule::LegacyTypeCode,
    Rule::LegacyRedenBeeindiging,
];

/// Which repairs may be made: those of the selected rules, the unsafe ones only when asked;
/// and the aanmaakdatum for F007's unsafe repair (the value, and whether the user gave it).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Allowed<'a> {
    pub(crate) rules: RuleSet,
    pub(crate) unsafe_fixes: bool,
    pub(crate) aanmaakdatum: Option<(&'a [u8], bool)>,
}

impl Allowed<'_> {
    /// The safe repairs of the selected rules: what the check counts as repairable.
    pub(crate) fn safe(rules: RuleSet) -> Allowed<'static> {
        Allowed {
            rules,
            unsafe_fixes: false,
            aanmaakdatum: None,
        }
    }

    pub(crate) fn allows(&self, rule: Rule, how: Applicability) -> bool {
        self.rules.contains(rule) && (how == Applicability::Safe || self.unsafe_fixes)
    }

    /// Whether the repair of `rule` may be made, as sure as the rule declares it.
    pub(crate) fn allows_declared(&self, rule: Rule) -> bool {
        self.allows(rule, rule.applicability())
    }
}

/// The rules of one file the decision checks lines with, and what it may repair.
pub(crate) struct Context<'a> {
    pub(crate) fields: &'a FieldRules,
    pub(crate) records: &'a RecordRules,
    pub(crate) allowed: Allowed<'a>,
    /// Whether the repairs made are written out as [`Step`]s: the fix logs them; the check,
    /// which counts only the findings they take away, does not, and spares their values and
    /// the log's words (an allocation or more per repair, on every faulty line).
    pub(crate) steps: bool,
}

impl Context<'_> {
    /// Adds the repair of `rule` to `steps`, with its change made only when steps are kept.
    fn step(
        &self,
        steps: &mut Vec<Step>,
        rule: Rule,
        how: Applicability,
        change: impl FnOnce() -> Change,
    ) {
        if self.steps {
            steps.push(Step {
                rule,
                how,
                change: change(),
            });
        }
    }
}

/// Where a line stands: where the header should be (a first line that is no header; it is
/// never dropped), and whether it is the last line of a file that ends without a line break
/// (it may have been cut off).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Place {
    pub(crate) first: bool,
    pub(crate) cut: bool,
}

/// How a line one separator off can be read: how many of the ways of undoing it give a
/// record whose every field fits its column and on which the check finds nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Not worked out (the line is not one separator off, or it may have been cut off).
    Unknown,
    /// No way does.
    Nothing,
    /// Exactly one: a separator taken away or put in after column `column` (1-based, as the
    /// line stands); `trailing` when it is the line's last separator that goes.
    Only {
        added: bool,
        column: u8,
        trailing: bool,
    },
    /// More than one: which separator is wrong cannot be known.
    Several,
}

/// What a repair changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// The value of field `index` (0-based).
    Field {
        index: usize,
        old: Vec<u8>,
        new: Vec<u8>,
    },
    /// The line: what was taken away and what was put in, as the fix log shows them.
    Line { old: String, new: String },
}

/// One repair made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) rule: Rule,
    pub(crate) how: Applicability,
    pub(crate) change: Change,
}

/// Where the separators of a line whose fields stand a column off go (S016): one put in in
/// column `missing` (1-based, of the line as read) after `at` bytes, and the one after column
/// `extra` taken away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Shift {
    pub(crate) missing: u8,
    pub(crate) at: usize,
    pub(crate) extra: u8,
}

impl Shift {
    /// A separator put in in field `field` (0-based) after `at` bytes, and the one after
    /// field `before` (0-based) taken away.
    fn at(field: usize, at: usize, before: usize) -> Shift {
        Shift {
            missing: field as u8 + 1,
            at,
            extra: before as u8 + 1,
        }
    }
}

/// The fields of `record` in an array of the largest record's size, to change some of them
/// and check the line they make.
fn fields_of_record<'a>(record: &[&'a [u8]]) -> [&'a [u8]; MAX_COLUMNS] {
    let mut fields: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
    fields[..record.len()].copy_from_slice(record);
    fields
}

/// The decision on one line.
#[derive(Clone, Debug)]
pub(crate) struct Outcome {
    /// The line as repaired, when it changed (and is not dropped).
    pub(crate) line: Option<Vec<u8>>,
    /// A row of separators only, dropped (S015): it is no record.
    pub(crate) dropped: bool,
    /// The repairs, in the order they were made.
    pub(crate) steps: Vec<Step>,
    /// The findings (rule, column) of the damaged line that the repaired line no longer has.
    pub(crate) gone: Vec<(Rule, Option<u8>)>,
    /// How the line can be read, when it is one separator off.
    pub(crate) reading: Reading,
    /// Where its separators go, when its fields may stand a column off (then none of them is
    /// repaired).
    pub(crate) shift: Option<Shift>,
    /// The last line of a file that ends without a line break, which would be repaired
    /// further were it complete: it may have been cut off, so it stays without its line break
    /// (with it, it would be complete, and a second fix would repair further).
    pub(crate) open: bool,
}

impl Outcome {
    fn unchanged() -> Outcome {
        Outcome {
            line: None,
            dropped: false,
            steps: Vec::new(),
            gone: Vec::new(),
            reading: Reading::Unknown,
            shift: None,
            open: false,
        }
    }
}

/// A finding of a line, as rule and column: what the decision compares.
pub(crate) type Found = (Rule, Option<u8>);

/// How many times `finding` is among `findings`.
fn times(findings: &[Found], finding: &Found) -> usize {
    findings.iter().filter(|f| *f == finding).count()
}

/// Whether every finding of `after` is one of `before` (as many times): the repaired line
/// has no finding the damaged one did not have. Counted per distinct finding, without
/// allocating: a line has a few findings, and the decision asks this for every try.
pub(crate) fn included(after: &[Found], before: &[Found]) -> bool {
    after.iter().enumerate().all(|(i, f)| {
        // Each distinct finding once, at its first place.
        after[..i].contains(f) || times(after, f) <= times(before, f)
    })
}

/// The findings of `before` that `after` does not have (as many times as they go): of equal
/// findings, those beyond as many as `after` has, in the order of `before`.
fn gone(before: &[Found], after: &[Found]) -> Vec<Found> {
    before
        .iter()
        .enumerate()
        .filter(|(i, f)| times(&before[..*i], f) >= times(after, f))
        .map(|(_, f)| *f)
        .collect()
}

/// A line that is not UTF-8 (S014 among `before`) read as Windows-1252 (ANSI), as the check
/// advises: the step and the line in UTF-8, where that repair is allowed.
fn as_utf8(
    ctx: &Context<'_>,
    before: &[(Rule, Option<u8>)],
    line: &[u8],
    steps: &mut Vec<Step>,
) -> Option<Vec<u8>> {
    if !before.iter().any(|(r, _)| *r == Rule::NotUtf8)
        || !ctx.allowed.allows_declared(Rule::NotUtf8)
    {
        return None;
    }
    let utf8 = structure::as_utf8(line)?;
    ctx.step(steps, Rule::NotUtf8, Rule::NotUtf8.applicability(), || {
        Change::Line {
            old: "Windows-1252".to_string(),
            new: "UTF-8".to_string(),
        }
    });
    Some(utf8)
}

/// The decision's own state: a sink that traces what the check reports, a row, and the
/// findings of the line as it is and as repaired (kept to save allocating them per line).
pub(crate) struct Repairer {
    sink: Sink,
    row: Row,
    before: Vec<Found>,
    after: Vec<Found>,
}

impl Default for Repairer {
    fn default() -> Self {
        Repairer {
            sink: Sink::tracing(),
            row: Row::default(),
            before: Vec::with_capacity(32),
            after: Vec::with_capacity(32),
        }
    }
}

/// A line's own repairs after its encoding ([`Repairer::repaired`]).
struct Repaired {
    /// The line repaired; `None`: no repair.
    line: Option<Vec<u8>>,
    steps: Vec<Step>,
    reading: Reading,
    /// Where its separators go, when its fields may stand a column off.
    shift: Option<Shift>,
    /// Whether the repair checked the line it made, whose findings are then the decision's
    /// `after`: it need not be checked again.
    checked: bool,
}

impl Repaired {
    fn none(reading: Reading) -> Repaired {
        Repaired {
            line: None,
            steps: Vec::new(),
            reading,
            shift: None,
            checked: false,
        }
    }
}

/// Whether `a` and `b` hold the same findings, as many times, in any order.
fn same_findings(a: &[Found], b: &[Found]) -> bool {
    a.len() == b.len() && included(a, b)
}

impl Repairer {
    /// Checks a record line as the check does, leaving its findings in the sink's trace
    /// ([`Self::traced`]). A line the valid path accepts
    /// (`FieldRules::clean_fields`: no finding in its fields, as the check's own valid path
    /// takes it) gets only the rules between its fields: most lines a repair makes are such.
    /// R003, R004 and D010 (a record against the first records) are none of them: the
    /// decision looks at the line alone.
    fn check(&mut self, ctx: &Context<'_>, number: u64, line: &[u8]) {
        if ctx.fields.clean_fields(line, &mut self.row).is_none() {
            self.check_in_full(ctx, number, line);
            return;
        }
        if let Some(trace) = self.sink.trace.as_mut() {
            trace.clear();
        }
        let mut tally = PeriodTally::default();
        ctx.records
            .check_record(number, &self.row, &mut self.sink, &mut tally);
        if cfg!(debug_assertions) {
            let valid_path = self.traced().to_vec();
            self.check_in_full(ctx, number, line);
            debug_assert!(
                same_findings(&valid_path, self.traced()),
                "the valid path finds on line {number} {valid_path:?}, the full checks {:?}",
                self.traced()
            );
        }
    }

    /// [`Self::check`] by the check's full path (`check_line`).
    fn check_in_full(&mut self, ctx: &Context<'_>, number: u64, line: &[u8]) {
        let mut split: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        if let Some(trace) = self.sink.trace.as_mut() {
            trace.clear();
        }
        check_line(
            ctx.fields,
            ctx.records,
            number,
            line,
            &mut split,
            &mut self.row,
            &Reading::Unknown,
            &mut self.sink,
            &mut PeriodTally::default(),
        );
    }

    /// The findings of the line checked last.
    fn traced(&self) -> &[Found] {
        self.sink.trace.as_deref().unwrap_or_default()
    }

    /// The repairs of a record line (`line`, without its line end; not the header, not
    /// blank, not too long), decided as the module's doc says. The last line of a file that
    /// ends without a line break is repaired only as it would be were it cut off; if it would
    /// be repaired further were it complete, it stays open ([`Outcome::open`]).
    ///
    /// `reported`: the findings the check has just reported on the line (`check_line`, of
    /// every rule, selected or not, without R003, R004 and D010), when it has: the decision
    /// takes them instead of checking the line again. `None`: the decision checks it.
    pub(crate) fn record(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        line: &[u8],
        place: Place,
        reported: Option<&[Found]>,
    ) -> Outcome {
        let mut before = std::mem::take(&mut self.before);
        before.clear();
        match reported {
            Some(reported) => {
                before.extend_from_slice(reported);
                if cfg!(debug_assertions) {
                    self.check_in_full(ctx, number, line);
                    debug_assert!(
                        same_findings(&before, self.traced()),
                        "the check reported on line {number} {before:?}, the decision finds {:?}",
                        self.traced()
                    );
                }
            }
            None => {
                self.check_in_full(ctx, number, line);
                before.extend_from_slice(self.traced());
            }
        }
        let mut outcome = self.record_as(ctx, number, line, &before, place);
        if place.cut {
            let complete = Place {
                cut: false,
                ..place
            };
            let whole = self.record_as(ctx, number, line, &before, complete);
            // A line break after a CR would make the two one line end: the line would read
            // otherwise.
            let written = outcome.line.as_deref().unwrap_or(line);
            outcome.open = whole.line != outcome.line
                || whole.dropped != outcome.dropped
                || !outcome.dropped && written.last() == Some(&b'\r');
        }
        self.before = before;
        outcome
    }

    /// [`Self::record`] of a line whose findings are `before`.
    fn record_as(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        line: &[u8],
        before: &[Found],
        place: Place,
    ) -> Outcome {
        let mut outcome = Outcome::unchanged();
        // What `check_line` reads as a row of separators (S015).
        if structure::separators_only(line, ctx.fields.separator) {
            if !place.first && ctx.allowed.allows_declared(Rule::SeparatorRow) {
                outcome.dropped = true;
                let how = Rule::SeparatorRow.applicability();
                ctx.step(&mut outcome.steps, Rule::SeparatorRow, how, || {
                    Change::Line {
                        old: String::from_utf8_lossy(line).into_owned(),
                        new: String::new(),
                    }
                });
                outcome.gone = before.to_vec();
            }
            return outcome;
        }
        let mut steps = Vec::new();
        // A line that is not UTF-8 is read as Windows-1252 (ANSI), as the check advises.
        let mut text = Cow::Borrowed(line);
        if let Some(utf8) = as_utf8(ctx, before, line, &mut steps) {
            text = Cow::Owned(utf8);
        }
        let repaired = self.repaired(ctx, number, &text, before, place);
        outcome.reading = repaired.reading;
        outcome.shift = repaired.shift;
        // The repairs of the line's form, then (if the line gains a finding with them) the
        // encoding alone, then nothing.
        let tries: [(Option<Vec<u8>>, Vec<Step>, bool); 2] = [
            (repaired.line, repaired.steps, repaired.checked),
            (None, Vec::new(), false),
        ];
        let mut after = std::mem::take(&mut self.after);
        for (repaired, more, checked) in tries {
            let candidate: &[u8] = repaired.as_deref().unwrap_or(&text);
            if candidate == line {
                break;
            }
            if !checked {
                self.check(ctx, number, candidate);
                after.clear();
                after.extend_from_slice(self.traced());
            }
            if included(&after, before) {
                outcome.gone = gone(before, &after);
                outcome.line = Some(repaired.unwrap_or_else(|| text.to_vec()));
                steps.extend(more);
                outcome.steps = steps;
                break;
            }
        }
        self.after = after;
        outcome
    }

    /// The line's own repairs after its encoding: its separators, its CRs or its fields.
    fn repaired(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        text: &[u8],
        before: &[Found],
        place: Place,
    ) -> Repaired {
        let fields = ctx.fields;
        let expected = fields.spec.column_count();
        let mut split: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        let (found, non_digit) = split_fields(text, fields.separator, &mut split);
        if found != expected {
            let one_off = found == expected + 1 || found + 1 == expected && !place.cut;
            if !one_off {
                return Repaired::none(Reading::Unknown);
            }
            let (reading, candidate) = self.separators(ctx, number, text, &split[..found]);
            // Repaired under the rule the check reported (S008 for a line that ends in one).
            let rule = if before.iter().any(|(r, _)| *r == Rule::TrailingSeparator) {
                Rule::TrailingSeparator
            } else {
                Rule::ColumnCount
            };
            return match candidate {
                Some(new) if ctx.allowed.allows_declared(rule) => {
                    let mut steps = Vec::new();
                    ctx.step(&mut steps, rule, rule.applicability(), || {
                        let (old, shown) = match reading {
                            Reading::Only { added: true, .. } => (String::new(), ";".to_string()),
                            _ => (";".to_string(), String::new()),
                        };
                        Change::Line { old, new: shown }
                    });
                    // The only way is one on which the check finds nothing.
                    self.after.clear();
                    Repaired {
                        line: Some(new),
                        steps,
                        reading,
                        shift: None,
                        checked: true,
                    }
                }
                _ => Repaired::none(reading),
            };
        }
        if non_digit != 0 && text.contains(&b'\r') {
            return match structure::without_lone_crs(text) {
                Some(rest) if ctx.allowed.allows_declared(Rule::CarriageReturn) => {
                    let mut steps = Vec::new();
                    let how = Rule::CarriageReturn.applicability();
                    ctx.step(&mut steps, Rule::CarriageReturn, how, || Change::Line {
                        old: "\\r".repeat(text.len() - rest.len()),
                        new: String::new(),
                    });
                    Repaired {
                        line: Some(rest.to_vec()),
                        steps,
                        reading: Reading::Unknown,
                        shift: None,
                        checked: false,
                    }
                }
                _ => Repaired::none(Reading::Unknown),
            };
        }
        let record = &split[..expected];
        let (line, steps, shift) = self.fields_of(ctx, number, record, before, place);
        Repaired {
            checked: line.is_some(),
            line,
            steps,
            reading: Reading::Unknown,
            shift,
        }
    }

    /// The fields of a record repaired: each field the check reported, by the repairs of the
    /// rules it reports one after the other; all of them together if the line gains no
    /// finding so, else those that gain none alone and none beside each of the others; none
    /// where the fields may stand a column off, and then where their separators go. The
    /// findings of the line returned are left in `self.after`.
    fn fields_of(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        record: &[&[u8]],
        before: &[Found],
        place: Place,
    ) -> (Option<Vec<u8>>, Vec<Step>, Option<Shift>) {
        let columns = &ctx.fields.spec.columns;
        let mut chains: Vec<(usize, Vec<u8>, Vec<Step>)> = Vec::new();
        // The fields that do not fit their columns (a bit each).
        let mut misfits = 0u32;
        for (i, column) in columns.iter().enumerate() {
            let reported = before.iter().any(|(_, c)| *c == Some(column.number));
            if !reported || ctx.fields.field_ok(i, record[i]) {
                continue;
            }
            misfits |= 1 << i;
            let last = i + 1 == record.len() && place.cut;
            if let Some((value, steps)) = self.chain(ctx, number, record, i, last) {
                chains.push((i, value, steps));
            }
        }
        if chains.is_empty() {
            return (None, Vec::new(), None);
        }
        // Fields that may stand a column off are not repaired in the columns they stand in.
        if let Some(shift) = self.shifted(ctx, number, record, misfits) {
            return (None, Vec::new(), Some(shift));
        }
        let separator = ctx.fields.separator;
        // The line with the repairs of the chains in `picked` (a bit per chain), and whether
        // it gains no finding so; its findings are left in `self.after`.
        let mut with = |picked: u32| {
            let mut line =
                Vec::with_capacity(record.iter().map(|v| v.len() + 1).sum::<usize>() + 8);
            for (i, value) in record.iter().enumerate() {
                if i > 0 {
                    line.push(separator);
                }
                let repaired = chains
                    .iter()
                    .enumerate()
                    .find(|(k, chain)| chain.0 == i && picked >> k & 1 != 0);
                match repaired {
                    Some((_, (_, value, _))) => line.extend_from_slice(value),
                    None => line.extend_from_slice(value),
                }
            }
            self.check(ctx, number, &line);
            let traced = self.sink.trace.as_deref().unwrap_or_default();
            self.after.clear();
            self.after.extend_from_slice(traced);
            (included(&self.after, before), line)
        };
        let every = (1u32 << chains.len()) - 1;
        if let (true, line) = with(every) {
            let steps = chains.into_iter().flat_map(|(_, _, s)| s).collect();
            return (Some(line), steps, None);
        }
        // Not together: the repairs that gain nothing alone and nothing beside each other one
        // (two that conflict, such as two zero-filled start dates of which the record needs
        // one, are both left: which one is the empty cell cannot be known).
        let alone: Vec<usize> = (0..chains.len()).filter(|&k| with(1 << k).0).collect();
        let mut contested = 0u32;
        for (a, &k) in alone.iter().enumerate() {
            for &m in &alone[a + 1..] {
                if !with(1 << k | 1 << m).0 {
                    contested |= 1 << k | 1 << m;
                }
            }
        }
        let kept = alone.iter().fold(0u32, |kept, &k| kept | 1 << k) & !contested;
        match with(kept) {
            (true, line) if kept != 0 => {
                let steps = chains
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| kept >> k & 1 != 0)
                    .flat_map(|(_, chain)| chain.2.iter().cloned())
                    .collect();
                (Some(line), steps, None)
            }
            _ => (None, Vec::new(), None),
        }
    }

    /// Where the fields of `record` (as many as the columns) may stand a column off between
    /// two places: a line with one separator put in and one taken away elsewhere that is a
    /// record on which the check finds nothing (the first found; S016 names it). Two such
    /// damages (a separator lost, and one too many at the end of the line) leave the count of
    /// columns right and the fields between them in their neighbours' columns, where a repair
    /// of a field (zeros in front, a zero-filled cell emptied) would write a value that says
    /// something else.
    ///
    /// Before the first place and after the second the fields keep their columns, so the
    /// first place lies at or before the first field that does not fit its column, and the
    /// second at or after the last; between them each field moves one column, and the search
    /// along a way ends at the first field that does not fit the column it moves to.
    ///
    /// `misfits`: the fields the check reported that do not fit their columns, a bit each.
    /// A way is taken only when the check finds nothing on it, so a field not among them that
    /// does not fit either widens the search, never narrows what it finds.
    fn shifted(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        record: &[&[u8]],
        misfits: u32,
    ) -> Option<Shift> {
        if misfits == 0 {
            return None;
        }
        let fields = ctx.fields;
        let n = record.len();
        let fits = |column: usize, raw: &[u8]| fields.fits_column(column, raw);
        // A value fits a column only at its width, or empty where the column may be: the
        // places a field can be split at, or two joined, follow from the lengths alone.
        let lengths = |column: usize| -> [Option<usize>; 2] {
            match fields.plans.get(column) {
                Some(plan) => [Some(plan.width), (!plan.mandatory).then_some(0)],
                None => [None, None],
            }
        };
        let length_fits = |column: usize, len: usize| lengths(column).contains(&Some(len));
        // Between empty fields, taking away either of two separators gives the same line: the
        // way named takes away the last.
        let last_of_empties = |mut k: usize| {
            while k + 2 < n && record[k + 1].is_empty() && record[k + 2].is_empty() {
                k += 1;
            }
            k
        };
        let first = misfits.trailing_zeros() as usize;
        // The fields k.. fit their own columns.
        let aligned_from = |k: usize| k >= 32 || misfits >> k == 0;
        // Between the two places each field moves a column, so a way starts at or after the
        // last field before `first` that fits no column to its right (put in first) or left
        // (taken away first); such a field is found after a field or two.
        let last_not = |shift: fn(usize) -> Option<usize>, before: usize| {
            (0..before)
                .rev()
                .find(|&i| !shift(i).is_some_and(|c| fits(c, record[i])))
                .unwrap_or(0)
        };
        let right_from = last_not(|i| Some(i + 1), first.saturating_sub(1));
        let left_from = last_not(|i| i.checked_sub(1), first).saturating_sub(1);
        let mut merged = Vec::new();
        // A separator put in inside field `j`, and one taken away at or after it.
        for j in right_from..=first {
            let value = record[j];
            for at in lengths(j).into_iter().flatten() {
                if at > value.len() {
                    continue;
                }
                let (head, tail) = value.split_at(at);
                if !fits(j, head) {
                    continue;
                }
                // The one taken away right after field `j`: the separator moved into it.
                if at < value.len()
                    && j + 1 < n
                    && aligned_from(j + 2)
                    && length_fits(j + 1, tail.len() + record[j + 1].len())
                {
                    merged.clear();
                    merged.extend_from_slice(tail);
                    merged.extend_from_slice(record[j + 1]);
                    if fits(j + 1, &merged) {
                        let mut columns = fields_of_record(record);
                        columns[j] = head;
                        columns[j + 1] = &merged;
                        if self.reads_clean(ctx, number, record, &columns[..n], j) {
                            return Some(Shift::at(j, at, last_of_empties(j)));
                        }
                    }
                }
                if !fits(j + 1, tail) {
                    continue;
                }
                // Taken away after field `k`: fields j+1..k move one column to the right.
                for k in j + 1..n.saturating_sub(1) {
                    if k > j + 1 && !fits(k, record[k - 1]) {
                        break;
                    }
                    if !aligned_from(k + 2)
                        || !length_fits(k + 1, record[k].len() + record[k + 1].len())
                    {
                        continue;
                    }
                    merged.clear();
                    merged.extend_from_slice(record[k]);
                    merged.extend_from_slice(record[k + 1]);
                    if !fits(k + 1, &merged) {
                        continue;
                    }
                    let mut columns = fields_of_record(record);
                    columns[j] = head;
                    columns[j + 1] = tail;
                    columns[j + 2..=k].copy_from_slice(&record[j + 1..k]);
                    columns[k + 1] = &merged;
                    if self.reads_clean(ctx, number, record, &columns[..n], j) {
                        return Some(Shift::at(j, at, last_of_empties(k)));
                    }
                }
            }
        }
        // A separator taken away after field `k`, and one put in after it.
        for k in left_from..=first.min(n.saturating_sub(2)) {
            let (left, right) = (record[k], record[k + 1]);
            merged.clear();
            merged.extend_from_slice(left);
            merged.extend_from_slice(right);
            let joined = merged.len();
            // Put in inside field k+1: the separator moved into it.
            if aligned_from(k + 2) {
                for at in lengths(k).into_iter().flatten() {
                    if at <= left.len() || at > joined || !length_fits(k + 1, joined - at) {
                        continue;
                    }
                    let (head, tail) = merged.split_at(at);
                    if !fits(k, head) || !fits(k + 1, tail) {
                        continue;
                    }
                    let mut columns = fields_of_record(record);
                    (columns[k], columns[k + 1]) = (head, tail);
                    if self.reads_clean(ctx, number, record, &columns[..n], k) {
                        return Some(Shift::at(k + 1, at - left.len(), k));
                    }
                }
            }
            if !fits(k, &merged) {
                continue;
            }
            // Put in inside field `j`: fields k+2..j move one column to the left.
            for j in k + 2..n {
                if j > k + 2 && !fits(j - 2, record[j - 1]) {
                    break;
                }
                if !aligned_from(j + 1) {
                    continue;
                }
                for at in lengths(j - 1).into_iter().flatten() {
                    if at > record[j].len() || !length_fits(j, record[j].len() - at) {
                        continue;
                    }
                    let (head, tail) = record[j].split_at(at);
                    if !fits(j - 1, head) || !fits(j, tail) {
                        continue;
                    }
                    let mut columns = fields_of_record(record);
                    columns[k] = &merged;
                    columns[k + 1..j - 1].copy_from_slice(&record[k + 2..j]);
                    (columns[j - 1], columns[j]) = (head, tail);
                    if self.reads_clean(ctx, number, record, &columns[..n], k) {
                        return Some(Shift::at(j, at, k));
                    }
                }
            }
        }
        None
    }

    /// Whether the line of `columns` is another than `record`'s, a record whose fields from
    /// column `from` on fit their columns (those before it are the record's own), and one on
    /// which the check finds nothing.
    fn reads_clean(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        record: &[&[u8]],
        columns: &[&[u8]],
        from: usize,
    ) -> bool {
        let fields = ctx.fields;
        // Empty fields moved among empty fields give the line back.
        if columns[from..] == record[from..] {
            return false;
        }
        let mut moved = columns.iter().enumerate().skip(from);
        if !moved.all(|(i, v)| fields.field_ok(i, v)) {
            return false;
        }
        let line = columns.join(&fields.separator);
        self.check(ctx, number, &line);
        self.traced().is_empty()
    }

    /// The repairs of field `i` of `record` one after the other, each for the rule the check
    /// reports for the value as it then is, until the value is valid or no repair applies;
    /// `None` when none does. In a `last` field that may have been cut off, no zeros are put
    /// in front.
    fn chain(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        record: &[&[u8]],
        i: usize,
        last: bool,
    ) -> Option<(Vec<u8>, Vec<Step>)> {
        let fields = ctx.fields;
        let mut value: Cow<'_, [u8]> = Cow::Borrowed(record[i]);
        let mut steps = Vec::new();
        for _ in 0..MAX_ROUNDS {
            if fields.field_ok(i, &value) {
                break;
            }
            if let Some(trace) = self.sink.trace.as_mut() {
                trace.clear();
            }
            match &value {
                // The record as it is: the first round (most chains need no second).
                Cow::Borrowed(_) => fields.check_field(number, i, record, &mut self.sink),
                Cow::Owned(changed) => {
                    let mut tried = fields_of_record(record);
                    tried[i] = changed;
                    fields.check_field(number, i, &tried[..record.len()], &mut self.sink)
                }
            };
            let rule = self
                .sink
                .trace
                .as_ref()
                .and_then(|t| t.iter().map(|(r, _)| *r).find(|r| has_field_repair(*r)));
            let Some(rule) = rule else {
                break;
            };
            if last && PADDING.contains(&rule) {
                break;
            }
            let Some((new, how)) = field_repair(ctx, rule, i, &value) else {
                break;
            };
            if !ctx.allowed.allows(rule, how) {
                break;
            }
            ctx.step(&mut steps, rule, how, || Change::Field {
                index: i,
                old: value.to_vec(),
                new: new.clone(),
            });
            value = Cow::Owned(new);
        }
        // Repaired once at least: the value is no longer the record's own.
        matches!(value, Cow::Owned(_)).then(|| (value.into_owned(), steps))
    }

    /// The ways of undoing one separator too many or too few in `line` (split into `d`, one
    /// column too many or too few): every distinct line with one separator taken away, or put
    /// in, that is a record on which the check finds nothing. The reading, and the line when
    /// there is exactly one.
    ///
    /// A way is tried in full only where its fields fit their columns: the fields before the
    /// changed place stay in their columns, those after it move one column, so whether they
    /// fit is worked out once per field, not once per way. The ways are tried in the order
    /// of the line, and the search ends at a second.
    fn separators(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        line: &[u8],
        d: &[&[u8]],
    ) -> (Reading, Option<Vec<u8>>) {
        let fields = ctx.fields;
        let separator = fields.separator;
        let expected = fields.spec.column_count();
        let found = d.len();
        let ok = |column: usize, raw: &[u8]| fields.fits_column(column, raw);
        // `prefix[k]`: fields 0..k fit their own columns; `shifted[i]`: fields i.. fit the
        // columns one to the left (a separator taken away before them) or to the right (one
        // put in).
        let mut prefix = [true; MAX_COLUMNS + 1];
        for k in 0..found {
            prefix[k + 1] = prefix[k] && ok(k, d[k]);
        }
        let added = found < expected;
        let mut shifted = [true; MAX_COLUMNS + 1];
        for i in (0..found).rev() {
            let column = if added { i + 1 } else { i.wrapping_sub(1) };
            shifted[i] = shifted[i + 1] && ok(column, d[i]);
        }
        // Where each field starts in the line: a way is the line with a separator put in or
        // taken away there.
        let mut starts = [0usize; MAX_COLUMNS];
        for k in 1..found {
            starts[k] = starts[k - 1] + d[k - 1].len() + 1;
        }
        // The first way on which the check finds nothing; distinct lines only (taking away
        // either of two adjacent separators, or putting one in either side of one, gives the
        // same line).
        let mut only: Option<(Vec<u8>, Reading)> = None;
        // The ways come in the order of their places in the line, so a way that gives the
        // line of the way tried before it is known by its place alone: a separator put in
        // (or taken away) anywhere in or beside one run of separators gives one line. Each
        // place is taken to the start of its run; the way is tried only when that moved on.
        let run_start = |mut place: usize| {
            while place > 0 && line[place - 1] == separator {
                place -= 1;
            }
            place
        };
        let mut tried_at: Option<usize> = None;
        // Tries the way at `place`; `false` when it is a second, and which is meant cannot
        // be known.
        let mut try_way = |candidate: &[u8], place: usize, reading: Reading| {
            let run = run_start(place);
            if tried_at.replace(run) == Some(run) {
                return true;
            }
            self.check(ctx, number, candidate);
            if !self.traced().is_empty() {
                return true;
            }
            if only.is_some() {
                return false;
            }
            only = Some((candidate.to_vec(), reading));
            true
        };
        // Each way is made in this one buffer.
        let mut candidate = Vec::with_capacity(line.len() + 1);
        if added {
            for j in 0..found {
                if !prefix[j] || !shifted[j + 1] {
                    continue;
                }
                let value = d[j];
                for at in 0..=value.len() {
                    let (a, b) = value.split_at(at);
                    if ok(j, a) && ok(j + 1, b) {
                        let place = starts[j] + at;
                        candidate.clear();
                        candidate.extend_from_slice(&line[..place]);
                        candidate.push(separator);
                        candidate.extend_from_slice(&line[place..]);
                        let reading = Reading::Only {
                            added: true,
                            column: j as u8 + 1,
                            trailing: false,
                        };
                        if !try_way(&candidate, place, reading) {
                            return (Reading::Several, None);
                        }
                    }
                }
            }
        } else {
            let mut merged = Vec::with_capacity(line.len());
            for k in 0..found - 1 {
                if !prefix[k] || !shifted[k + 2] {
                    continue;
                }
                merged.clear();
                merged.extend_from_slice(d[k]);
                merged.extend_from_slice(d[k + 1]);
                if ok(k, &merged) {
                    // The separator after field `k` taken away.
                    let place = starts[k] + d[k].len();
                    candidate.clear();
                    candidate.extend_from_slice(&line[..place]);
                    candidate.extend_from_slice(&line[place + 1..]);
                    let reading = Reading::Only {
                        added: false,
                        column: k as u8 + 1,
                        trailing: d[k + 1..].iter().all(|f| f.is_empty()),
                    };
                    if !try_way(&candidate, place, reading) {
                        return (Reading::Several, None);
                    }
                }
            }
        }
        match only {
            Some((line, reading)) => (reading, Some(line)),
            None => (Reading::Nothing, None),
        }
    }

    /// The repairs of the header row: its encoding (S014), and a separator too many at its
    /// end (S008) when the last column name is the only empty one (so that no other
    /// separator can be the one too many).
    pub(crate) fn header(&mut self, ctx: &Context<'_>, number: u64, line: &[u8]) -> Outcome {
        let spec = ctx.fields.spec;
        let separator = ctx.fields.separator;
        let before = self.header_findings(ctx, number, line);
        let mut outcome = Outcome::unchanged();
        let mut text = Cow::Borrowed(line);
        let has = |rule: Rule| before.iter().any(|(r, _)| *r == rule);
        if let Some(utf8) = as_utf8(ctx, &before, line, &mut outcome.steps) {
            text = Cow::Owned(utf8);
        }
        if has(Rule::TrailingSeparator) && ctx.allowed.allows_declared(Rule::TrailingSeparator) {
            if let Some(rest) = structure::header_without_trailing_separator(spec, &text, separator)
            {
                let how = Rule::TrailingSeparator.applicability();
                ctx.step(&mut outcome.steps, Rule::TrailingSeparator, how, || {
                    Change::Line {
                        old: char::from(separator).to_string(),
                        new: String::new(),
                    }
                });
                text = Cow::Owned(rest.to_vec());
            }
        }
        // Repaired (the line is no longer the one given).
        if let Cow::Owned(_) = text {
            let after = self.header_findings(ctx, number, &text);
            outcome.gone = gone(&before, &after);
            outcome.line = Some(text.into_owned());
        }
        outcome
    }

    fn header_findings(&mut self, ctx: &Context<'_>, number: u64, line: &[u8]) -> Vec<Found> {
        if let Some(trace) = self.sink.trace.as_mut() {
            trace.clear();
        }
        structure::header(
            ctx.fields.spec,
            ctx.fields.separator,
            number,
            line,
            &mut self.sink,
        );
        self.traced().to_vec()
    }
}

/// Whether `rule` is a field rule with a repair (its declaration's `fix!` has a field repair).
fn has_field_repair(rule: Rule) -> bool {
    rule.fix().is_some_and(|fix| fix.field.is_some())
}

/// The repair of field `i` for the rule the check reported for it, with how sure it is: the
/// repair the rule declares (`fix!`), as sure as it declares, unless this value's repair
/// needs a decision.
fn field_repair(
    ctx: &Context<'_>,
    rule: Rule,
    i: usize,
    raw: &[u8],
) -> Option<(Vec<u8>, Applicability)> {
    let fix = rule.fix()?;
    let spec = ctx.fields.spec;
    let input = FieldInput {
        column: &spec.columns[i],
        raw,
        aanmaakdatum: ctx
            .allowed
            .aanmaakdatum
            .filter(|_| i == spec.roles.aanmaakdatum),
    };
    let repaired = (fix.field?)(&input)?;
    let how = if repaired.unsure {
        Applicability::Unsafe
    } else {
        fix.applicability
    };
    Some((repaired.value, how))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inclusion_and_what_is_gone_count_each_finding() {
        let f = |rule, column| (rule, Some(column));
        let before = [f(Rule::LeadingZeros, 4), f(Rule::ZeroFilled, 5)];
        assert!(included(&[f(Rule::ZeroFilled, 5)], &before));
        assert!(!included(&[f(Rule::StartMissing, 5)], &before));
        assert!(!included(
            &[f(Rule::ZeroFilled, 5), f(Rule::ZeroFilled, 5)],
            &before
        ));
        assert_eq!(
            gone(&before, &[f(Rule::ZeroFilled, 5)]),
            [f(Rule::LeadingZeros, 4)]
        );
    }
}
