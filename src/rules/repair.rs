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
//!   the wrong number of columns, or a CR inside, gets no field checks, so no field repairs);
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
use crate::rules::field::{self, FieldRules};
use crate::rules::line::{check_line, LineKind};
use crate::rules::record::{check_reference, PeriodTally, RecordRules, Reference};
use crate::rules::structure;
use crate::rules::{Applicability, Rule, RuleSet};
use crate::spec::ColumnKind;

/// Lines and fields are checked again after each repair; a chain of repairs of one field is
/// short (quotes, then zeros, then an empty cell), so this only bounds what cannot happen.
const MAX_ROUNDS: usize = 8;

/// The field rules with a repair: the rule the check reports for a field is looked up among
/// them.
const FIELD_RULES: [Rule; 12] = [
    Rule::LeadingZeros,
    Rule::LegacyTypeCode,
    Rule::LegacyRedenBeeindiging,
    Rule::InvalidCharacters,
    Rule::ScientificNotation,
    Rule::Whitespace,
    Rule::UnicodeSpace,
    Rule::Quotes,
    Rule::ZeroFilled,
    Rule::ExcelDateSerial,
    Rule::ExcelFormula,
    Rule::ThousandsSeparator,
];

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
}

/// The rules of one file the decision checks lines with, and what it may repair.
pub(crate) struct Context<'a> {
    pub(crate) fields: &'a FieldRules,
    pub(crate) records: &'a RecordRules,
    pub(crate) allowed: Allowed<'a>,
}

/// The first record of the file as read (the check's reference, which a damaged line is
/// compared with) and as written (which the repaired line will be compared with); `None`
/// while there is none yet.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Refs<'a> {
    pub(crate) input: Option<&'a Reference>,
    pub(crate) output: Option<&'a Reference>,
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
            open: false,
        }
    }
}

/// The findings of a line, as rule and column.
type Found = Vec<(Rule, Option<u8>)>;

/// The findings of a damaged line: those the check reported (compared with the first record
/// as read: the fields a repair may touch), and those a repair may not add to (compared with
/// the first record as written, as the repaired line is).
#[derive(Clone, Copy)]
struct Before<'f> {
    reported: &'f [(Rule, Option<u8>)],
    limit: &'f [(Rule, Option<u8>)],
}

/// Whether every finding of `after` is one of `before` (as many times): the repaired line
/// has no finding the damaged one did not have.
pub(crate) fn included(after: &[(Rule, Option<u8>)], before: &[(Rule, Option<u8>)]) -> bool {
    let mut left: Vec<(Rule, Option<u8>)> = before.to_vec();
    after
        .iter()
        .all(|f| match left.iter().position(|b| b == f) {
            Some(at) => {
                left.swap_remove(at);
                true
            }
            None => false,
        })
}

/// The findings of `before` that `after` does not have (as many times as they go).
fn gone(before: &[(Rule, Option<u8>)], after: &[(Rule, Option<u8>)]) -> Found {
    let mut left: Vec<(Rule, Option<u8>)> = after.to_vec();
    before
        .iter()
        .filter(|f| match left.iter().position(|a| a == *f) {
            Some(at) => {
                left.swap_remove(at);
                false
            }
            None => true,
        })
        .copied()
        .collect()
}

/// A line that is not UTF-8 (S014 among `before`) read as Windows-1252 (ANSI), as the check
/// advises: the step and the line in UTF-8, where that repair is allowed.
fn as_utf8(
    ctx: &Context<'_>,
    before: &[(Rule, Option<u8>)],
    line: &[u8],
) -> Option<(Step, Vec<u8>)> {
    if !before.iter().any(|(r, _)| *r == Rule::NotUtf8)
        || !ctx.allowed.allows(Rule::NotUtf8, Applicability::Safe)
    {
        return None;
    }
    let utf8 = structure::as_utf8(line)?;
    let step = Step {
        rule: Rule::NotUtf8,
        how: Applicability::Safe,
        change: Change::Line {
            old: "Windows-1252".to_string(),
            new: "UTF-8".to_string(),
        },
    };
    Some((step, utf8))
}

/// Whether two first records have the same aanmaakdatum and gemeentecode (or neither is
/// known).
fn same_values(a: Option<&Reference>, b: Option<&Reference>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.aanmaakdatum == b.aanmaakdatum && a.gemeentecode == b.gemeentecode,
        (None, None) => true,
        _ => false,
    }
}

/// The decision's own state: a sink that traces what the check reports, and a row.
pub(crate) struct Repairer {
    sink: Sink,
    row: Row,
}

impl Default for Repairer {
    fn default() -> Self {
        Repairer {
            sink: Sink::tracing(),
            row: Row::default(),
        }
    }
}

impl Repairer {
    /// The findings the check reports on a record line compared with `reference` (R003,
    /// R004), and what the line is. D010, a finding about the file reported on its first
    /// record, is not one of them.
    fn findings(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        line: &[u8],
        reference: Option<&Reference>,
    ) -> (Found, LineKind) {
        let mut split: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        if let Some(trace) = self.sink.trace.as_mut() {
            trace.clear();
        }
        let kind = check_line(
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
        if kind == LineKind::Record {
            if let Some(reference) = reference {
                let roles = ctx.fields.spec.roles;
                check_reference(
                    ctx.fields,
                    number,
                    split[roles.aanmaakdatum],
                    split[roles.gemeentecode],
                    reference,
                    &mut self.sink,
                );
            }
        }
        (self.sink.trace.clone().unwrap_or_default(), kind)
    }

    /// The repairs of a record line (`line`, without its line end; not the header, not
    /// blank, not too long), decided as the module's doc says. The last line of a file that
    /// ends without a line break is repaired only as it would be were it cut off; if it would
    /// be repaired further were it complete, it stays open ([`Outcome::open`]).
    pub(crate) fn record(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        line: &[u8],
        refs: Refs<'_>,
        place: Place,
    ) -> Outcome {
        let mut outcome = self.record_as(ctx, number, line, refs, place);
        if place.cut {
            let complete = Place {
                cut: false,
                ..place
            };
            let whole = self.record_as(ctx, number, line, refs, complete);
            // A line break after a CR would make the two one line end: the line would read
            // otherwise.
            let written = outcome.line.as_deref().unwrap_or(line);
            outcome.open = whole.line != outcome.line
                || whole.dropped != outcome.dropped
                || !outcome.dropped && written.last() == Some(&b'\r');
        }
        outcome
    }

    fn record_as(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        line: &[u8],
        refs: Refs<'_>,
        place: Place,
    ) -> Outcome {
        let (before, kind) = self.findings(ctx, number, line, refs.input);
        let mut outcome = Outcome::unchanged();
        if kind == LineKind::Separators {
            if !place.first && ctx.allowed.allows(Rule::SeparatorRow, Applicability::Safe) {
                outcome.dropped = true;
                outcome.steps.push(Step {
                    rule: Rule::SeparatorRow,
                    how: Applicability::Safe,
                    change: Change::Line {
                        old: String::from_utf8_lossy(line).into_owned(),
                        new: String::new(),
                    },
                });
                outcome.gone = before;
            }
            return outcome;
        }
        // What a repair may not add to: the line's findings against the first record as
        // written, which the repaired line is compared with. Where a repair of that record, or
        // of a line before it, changed it, the line as it is may differ from it (R003, R004):
        // that is no finding of this line's repair.
        let limit = if same_values(refs.input, refs.output) {
            before.clone()
        } else {
            self.findings(ctx, number, line, refs.output).0
        };
        let mut steps = Vec::new();
        // A line that is not UTF-8 is read as Windows-1252 (ANSI), as the check advises.
        let mut text = Cow::Borrowed(line);
        if let Some((step, utf8)) = as_utf8(ctx, &before, line) {
            steps.push(step);
            text = Cow::Owned(utf8);
        }
        let found = Before {
            reported: &before,
            limit: &limit,
        };
        let (repaired, more, reading) = self.repaired(ctx, number, &text, found, refs, place);
        outcome.reading = reading;
        // The repairs of the line's form, then (if the line gains a finding with them) the
        // encoding alone, then nothing.
        let tries: [(Option<Vec<u8>>, Vec<Step>); 2] = [(repaired, more), (None, Vec::new())];
        for (repaired, more) in tries {
            let candidate: &[u8] = repaired.as_deref().unwrap_or(&text);
            if candidate == line {
                break;
            }
            let (after, _) = self.findings(ctx, number, candidate, refs.output);
            if included(&after, &limit) {
                outcome.gone = gone(&before, &after);
                outcome.line = Some(candidate.to_vec());
                steps.extend(more);
                outcome.steps = steps;
                return outcome;
            }
        }
        // Left as it is: compared with the first record as written, which a repair of that
        // record may have changed, it may still lose a finding (R003, R004).
        if !same_values(refs.input, refs.output) {
            let (after, _) = self.findings(ctx, number, line, refs.output);
            outcome.gone = gone(&before, &after);
        }
        outcome
    }

    /// The line's own repairs after its encoding: its separators, its CRs or its fields;
    /// the repaired line (`None`: none), the steps and the reading.
    fn repaired(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        text: &[u8],
        before: Before<'_>,
        refs: Refs<'_>,
        place: Place,
    ) -> (Option<Vec<u8>>, Vec<Step>, Reading) {
        let fields = ctx.fields;
        let expected = fields.spec.column_count();
        let mut split: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        let (found, non_digit) = split_fields(text, fields.separator, &mut split);
        if found != expected {
            let one_off = found == expected + 1 || found + 1 == expected && !place.cut;
            if !one_off {
                return (None, Vec::new(), Reading::Unknown);
            }
            let (reading, candidate) = self.separators(ctx, number, text, found, refs.output);
            // Repaired under the rule the check reported (S008 for a line that ends in one).
            let rule = if before
                .reported
                .iter()
                .any(|(r, _)| *r == Rule::TrailingSeparator)
            {
                Rule::TrailingSeparator
            } else {
                Rule::ColumnCount
            };
            return match candidate {
                Some(new) if ctx.allowed.allows(rule, Applicability::Safe) => {
                    let (old, shown) = match reading {
                        Reading::Only { added: true, .. } => (String::new(), ";".to_string()),
                        _ => (";".to_string(), String::new()),
                    };
                    let step = Step {
                        rule,
                        how: Applicability::Safe,
                        change: Change::Line { old, new: shown },
                    };
                    (Some(new), vec![step], reading)
                }
                _ => (None, Vec::new(), reading),
            };
        }
        if non_digit != 0 && text.contains(&b'\r') {
            return match structure::without_lone_crs(text) {
                Some(rest)
                    if ctx
                        .allowed
                        .allows(Rule::CarriageReturn, Applicability::Safe) =>
                {
                    let step = Step {
                        rule: Rule::CarriageReturn,
                        how: Applicability::Safe,
                        change: Change::Line {
                            old: "\\r".repeat(text.len() - rest.len()),
                            new: String::new(),
                        },
                    };
                    (Some(rest.to_vec()), vec![step], Reading::Unknown)
                }
                _ => (None, Vec::new(), Reading::Unknown),
            };
        }
        let record = &split[..expected];
        let (repaired, steps) = self.fields_of(ctx, number, record, before, refs, place);
        (repaired, steps, Reading::Unknown)
    }

    /// The fields of a record repaired: each field the check reported, by the repairs of the
    /// rules it reports one after the other; all of them together if the line gains no
    /// finding so, else those that gain none alone and none beside each of the others.
    fn fields_of(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        record: &[&[u8]],
        before: Before<'_>,
        refs: Refs<'_>,
        place: Place,
    ) -> (Option<Vec<u8>>, Vec<Step>) {
        let columns = &ctx.fields.spec.columns;
        let mut chains: Vec<(usize, Vec<u8>, Vec<Step>)> = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            let reported = before
                .reported
                .iter()
                .any(|(_, c)| *c == Some(column.number));
            if !reported || ctx.fields.field_ok(i, record[i]) {
                continue;
            }
            let last = i + 1 == record.len() && place.cut;
            if let Some((value, steps)) = self.chain(ctx, number, record, i, last) {
                chains.push((i, value, steps));
            }
        }
        if chains.is_empty() {
            return (None, Vec::new());
        }
        let separator = [ctx.fields.separator];
        let join = |values: &[Cow<'_, [u8]>]| values.join(&separator[..]);
        let original: Vec<Cow<'_, [u8]>> = record.iter().map(|v| Cow::Borrowed(*v)).collect();
        let mut all = original.clone();
        for (i, value, _) in &chains {
            all[*i] = Cow::Borrowed(value.as_slice());
        }
        let line = join(&all);
        if included(
            &self.findings(ctx, number, &line, refs.output).0,
            before.limit,
        ) {
            let steps = chains.into_iter().flat_map(|(_, _, s)| s).collect();
            return (Some(line), steps);
        }
        // Not together: the repairs that gain nothing alone and nothing beside each other one
        // (two that conflict, such as two zero-filled start dates of which the record needs
        // one, are both left: which one is the empty cell cannot be known).
        let mut with = |picked: &[usize]| {
            let mut tried = original.clone();
            for &k in picked {
                tried[chains[k].0] = Cow::Borrowed(chains[k].1.as_slice());
            }
            let line = join(&tried);
            let fine = included(
                &self.findings(ctx, number, &line, refs.output).0,
                before.limit,
            );
            (fine, line)
        };
        let alone: Vec<usize> = (0..chains.len()).filter(|&k| with(&[k]).0).collect();
        let mut contested = vec![false; chains.len()];
        for (a, &k) in alone.iter().enumerate() {
            for &m in &alone[a + 1..] {
                if !with(&[k, m]).0 {
                    contested[k] = true;
                    contested[m] = true;
                }
            }
        }
        let kept: Vec<usize> = alone.into_iter().filter(|&k| !contested[k]).collect();
        match with(&kept) {
            (true, line) if !kept.is_empty() => {
                let steps = kept
                    .iter()
                    .flat_map(|&k| chains[k].2.iter().cloned())
                    .collect();
                (Some(line), steps)
            }
            _ => (None, Vec::new()),
        }
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
            let mut tried: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
            tried[..record.len()].copy_from_slice(record);
            tried[i] = &value;
            if let Some(trace) = self.sink.trace.as_mut() {
                trace.clear();
            }
            fields.check_field(number, i, &tried[..record.len()], &mut self.sink);
            let rule = self
                .sink
                .trace
                .as_ref()
                .and_then(|t| t.iter().map(|(r, _)| *r).find(|r| FIELD_RULES.contains(r)));
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
            steps.push(Step {
                rule,
                how,
                change: Change::Field {
                    index: i,
                    old: value.to_vec(),
                    new: new.clone(),
                },
            });
            value = Cow::Owned(new);
        }
        (!steps.is_empty()).then(|| (value.into_owned(), steps))
    }

    /// The ways of undoing one separator too many or too few in `line` (of `found`
    /// columns): every distinct line with one separator taken away, or put in, that is a
    /// record on which the check finds nothing (compared with the first record as written).
    /// The reading, and the line when there is exactly one.
    ///
    /// A way is tried in full only where its fields fit their columns: the fields before the
    /// changed place stay in their columns, those after it move one column, so whether they
    /// fit is worked out once per field, not once per way.
    fn separators(
        &mut self,
        ctx: &Context<'_>,
        number: u64,
        line: &[u8],
        found: usize,
        output: Option<&Reference>,
    ) -> (Reading, Option<Vec<u8>>) {
        let fields = ctx.fields;
        let separator = fields.separator;
        let expected = fields.spec.column_count();
        let mut split: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        split_fields(line, separator, &mut split);
        let d = &split[..found];
        let ok = |column: usize, raw: &[u8]| column < expected && fields.field_ok(column, raw);
        // `prefix[k]`: fields 0..k fit their own columns; `shifted[i]`: fields i.. fit the
        // columns one to the left (a separator taken away before them) or to the right (one
        // put in).
        let mut prefix = vec![true; found + 1];
        for k in 0..found {
            prefix[k + 1] = prefix[k] && ok(k, d[k]);
        }
        let added = found < expected;
        let mut shifted = vec![true; found + 1];
        for i in (0..found).rev() {
            let column = if added { i + 1 } else { i.wrapping_sub(1) };
            shifted[i] = shifted[i + 1] && ok(column, d[i]);
        }
        // The ways whose fields fit, as (line, reading), in the order of the line.
        let mut ways: Vec<(Vec<u8>, Reading)> = Vec::new();
        let join = |parts: &[&[u8]]| parts.join(&separator);
        if added {
            for j in 0..found {
                if !prefix[j] || !shifted[j + 1] {
                    continue;
                }
                let value = d[j];
                for at in 0..=value.len() {
                    let (a, b) = value.split_at(at);
                    if ok(j, a) && ok(j + 1, b) {
                        let mut parts = d.to_vec();
                        parts.splice(j..=j, [a, b]);
                        let reading = Reading::Only {
                            added: true,
                            column: j as u8 + 1,
                            trailing: false,
                        };
                        ways.push((join(&parts), reading));
                    }
                }
            }
        } else {
            for k in 0..found - 1 {
                if !prefix[k] || !shifted[k + 2] {
                    continue;
                }
                let merged = [d[k], d[k + 1]].concat();
                if ok(k, &merged) {
                    let mut parts = d.to_vec();
                    parts.splice(k..=k + 1, [merged.as_slice()]);
                    let reading = Reading::Only {
                        added: false,
                        column: k as u8 + 1,
                        trailing: d[k + 1..].iter().all(|f| f.is_empty()),
                    };
                    ways.push((join(&parts), reading));
                }
            }
        }
        // Distinct lines (taking away either of two adjacent separators, or putting one in
        // either side of one, gives the same line), on which the check finds nothing.
        let mut only: Option<(Vec<u8>, Reading)> = None;
        for (candidate, reading) in ways {
            if only.as_ref().is_some_and(|(seen, _)| *seen == candidate) {
                continue;
            }
            if !self.findings(ctx, number, &candidate, output).0.is_empty() {
                continue;
            }
            if only.is_some() {
                return (Reading::Several, None);
            }
            only = Some((candidate, reading));
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
        if let Some((step, utf8)) = as_utf8(ctx, &before, line) {
            outcome.steps.push(step);
            text = Cow::Owned(utf8);
        }
        if has(Rule::TrailingSeparator)
            && ctx
                .allowed
                .allows(Rule::TrailingSeparator, Applicability::Safe)
        {
            if let Some(rest) = structure::header_without_trailing_separator(spec, &text, separator)
            {
                outcome.steps.push(Step {
                    rule: Rule::TrailingSeparator,
                    how: Applicability::Safe,
                    change: Change::Line {
                        old: char::from(separator).to_string(),
                        new: String::new(),
                    },
                });
                text = Cow::Owned(rest.to_vec());
            }
        }
        if !outcome.steps.is_empty() {
            let after = self.header_findings(ctx, number, &text);
            outcome.gone = gone(&before, &after);
            outcome.line = Some(text.into_owned());
        }
        outcome
    }

    fn header_findings(&mut self, ctx: &Context<'_>, number: u64, line: &[u8]) -> Found {
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
        self.sink.trace.clone().unwrap_or_default()
    }
}

/// The repair of field `i` for the rule the check reported for it, with how sure it is:
/// each rule's repair function, declared beside its check.
fn field_repair(
    ctx: &Context<'_>,
    rule: Rule,
    i: usize,
    raw: &[u8],
) -> Option<(Vec<u8>, Applicability)> {
    use Applicability::{Safe, Unsafe};
    let spec = ctx.fields.spec;
    let column = &spec.columns[i];
    match rule {
        Rule::LeadingZeros | Rule::LegacyTypeCode => {
            field::with_leading_zeros(column, raw).map(|v| (v, Safe))
        }
        Rule::LegacyRedenBeeindiging => field::with_leading_zeros(column, raw).map(|v| (v, Unsafe)),
        Rule::Whitespace | Rule::Quotes => field::unquoted(raw).map(|v| (v, Safe)),
        Rule::UnicodeSpace => field::without_unicode_spaces(raw).map(|v| (v, Safe)),
        Rule::InvalidCharacters if column.kind == ColumnKind::Date => field::date_repair(raw),
        Rule::ScientificNotation if i == spec.roles.aanmaakdatum => {
            let (target, given) = ctx.allowed.aanmaakdatum?;
            field::aanmaakdatum_repair(raw, target, given).map(|v| (v, Unsafe))
        }
        Rule::ExcelDateSerial => field::excel_date(column, raw).map(|v| (v, Unsafe)),
        Rule::ExcelFormula => field::without_formula(raw).map(|v| (v, Safe)),
        Rule::ThousandsSeparator => field::without_thousands(column, raw).map(|v| (v, Safe)),
        Rule::ZeroFilled => field::emptied(column).map(|v| (v, Safe)),
        _ => None,
    }
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
