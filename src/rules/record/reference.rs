//! Every record repeats the same aanmaakdatum and gemeentecode (R003, R004): a file is made at
//! one moment, by one municipality (§2.5, §3.2.2).
//!
//! Which value is the file's is decided by the records, not by the first one alone: a typo in
//! the first record would otherwise be blamed on every other record. The checker keeps the
//! values of the first [`SAMPLE_RECORDS`] records ([`Sample`]) and takes, per field, the valid
//! value most of them hold ([`Sample::decide`]; a tie goes to the value seen first; an invalid
//! value only where none is valid) as the
//! [`Reference`]; the records of the sample that differ are reported then, the records after it
//! as they come. So one odd record is one finding, wherever it is, and the reference the block
//! path compares with is the one most records repeat.

use crate::findings::{Finding, Param, Sink};
use crate::rules::field::FieldRules;
use crate::rules::{rule, Declaration, Rule};
use crate::spec::Ymd;

pub(crate) const AANMAAKDATUM_DIFFERS: Declaration = rule! {
    "§3.2.2",
    title: ("Aanmaakdatum wijkt af", "Creation date differs"),
    nl: "Aanmaakdatum {value} wijkt af van {expected}, de aanmaakdatum van {share} van de {sample:# record|# records} (voor het eerst op regel {first_line}); de aanmaakdatum moet op iedere regel gelijk zijn.",
    en: "Creation date {value} differs from {expected}, the creation date of {share} of the {sample:# record|# records} (first on line {first_line}); it must be the same on every line.",
    "first" => nl: "Aanmaakdatum {value} wijkt af van {expected}, de aanmaakdatum van {share} van de eerste {sample:# record|# records} (voor het eerst op regel {first_line}); de aanmaakdatum moet op iedere regel gelijk zijn.",
    en: "Creation date {value} differs from {expected}, the creation date of {share} of the first {sample:# record|# records} (first on line {first_line}); it must be the same on every line.",
};

pub(crate) const GEMEENTECODE_DIFFERS: Declaration = rule! {
    "§2.5, §3.2.2",
    title: ("Gemeentecode wijkt af", "Municipality code differs"),
    nl: "Gemeentecode {value} wijkt af van {expected}, de gemeentecode van {share} van de {sample:# record|# records} (voor het eerst op regel {first_line}). Is dit een tikfout, verbeter hem dan; hoort het record bij een andere gemeente, lever dan per gemeente een apart bestand.",
    en: "Municipality code {value} differs from {expected}, the code of {share} of the {sample:# record|# records} (first on line {first_line}). If it is a typing error, correct it; if the record belongs to another municipality, deliver one file per municipality.",
    "first" => nl: "Gemeentecode {value} wijkt af van {expected}, de gemeentecode van {share} van de eerste {sample:# record|# records} (voor het eerst op regel {first_line}). Is dit een tikfout, verbeter hem dan; hoort het record bij een andere gemeente, lever dan per gemeente een apart bestand.",
    en: "Municipality code {value} differs from {expected}, the code of {share} of the first {sample:# record|# records} (first on line {first_line}). If it is a typing error, correct it; if the record belongs to another municipality, deliver one file per municipality.",
};

/// Records whose aanmaakdatum and gemeentecode decide the file's: the first this many (or all,
/// in a shorter file). Their findings wait until it is decided (see `Sink::hold`).
pub const SAMPLE_RECORDS: usize = 1000;

/// The aanmaakdatum and gemeentecode every record must repeat: per field, the value most of
/// the first [`SAMPLE_RECORDS`] records hold (of the valid values, where one is held).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub aanmaakdatum: Vec<u8>,
    pub gemeentecode: Vec<u8>,
    /// Per field (aanmaakdatum, gemeentecode): the first line that holds the value, and how
    /// many records of the sample hold it.
    pub lines: [u64; 2],
    pub shares: [u64; 2],
    /// Records in the sample that have the field filled, per field.
    pub sampled: [u64; 2],
    /// Whether the sample is the whole file (it ended before [`SAMPLE_RECORDS`] records).
    pub whole: bool,
    /// The day of the aanmaakdatum, if valid.
    pub created: Option<Ymd>,
}

/// One value of a field seen in the sample.
#[derive(Clone, Debug)]
struct Candidate {
    raw: Vec<u8>,
    count: u64,
    first_line: u64,
    /// For an aanmaakdatum: the date and time if valid (for D010).
    stamp: Option<u64>,
}

/// The first records' aanmaakdatum and gemeentecode, until the reference is decided.
#[derive(Debug, Default)]
pub struct Sample {
    /// Per field, the distinct values in the order first seen.
    values: [Vec<Candidate>; 2],
    /// Per record: its line and the index of its value of each field (`None`: empty).
    records: Vec<(u64, [Option<u16>; 2])>,
}

impl Sample {
    /// Adds a record whose fields are `aanmaak` and `gemeente`; `stamp` is the aanmaakdatum's
    /// value when valid. Whether the sample is full.
    pub(crate) fn add(
        &mut self,
        line: u64,
        aanmaak: &[u8],
        gemeente: &[u8],
        stamp: Option<u64>,
    ) -> bool {
        let mut indices = [None, None];
        for (field, raw) in [aanmaak, gemeente].into_iter().enumerate() {
            // An empty field is F001's: nothing to compare.
            if raw.is_empty() {
                continue;
            }
            let values = &mut self.values[field];
            let index = match values.iter().position(|c| same_bytes(&c.raw, raw)) {
                Some(i) => i,
                None => {
                    values.push(Candidate {
                        raw: raw.to_vec(),
                        count: 0,
                        first_line: line,
                        stamp: stamp.filter(|_| field == 0),
                    });
                    values.len() - 1
                }
            };
            values[index].count += 1;
            indices[field] = Some(index as u16);
        }
        self.records.push((line, indices));
        self.records.len() >= SAMPLE_RECORDS
    }

    /// Whether no record has been added.
    pub(crate) fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The reference of the sample: per field the value most records hold (a tie goes to the
    /// one seen first); `whole` when the file ended within the sample. Reports, in line
    /// order, what the sample's records get once it is known: D010 on the first record with
    /// the reference's aanmaakdatum (`created`), R003 and R004 on every record that differs.
    pub(crate) fn decide(
        self,
        whole: bool,
        fields: &FieldRules,
        mut created: impl FnMut(u64, &[u8], u64, &mut Sink),
        sink: &mut Sink,
    ) -> Reference {
        let roles = fields.spec.roles;
        let columns = [roles.aanmaakdatum, roles.gemeentecode];
        let mut field = 0;
        let chosen = self.values.each_ref().map(|values| {
            let column = columns[field];
            field += 1;
            // The first of the largest: `max_by_key` keeps the last, so look from the end.
            let most = |valid_only: bool| {
                values
                    .iter()
                    .enumerate()
                    .rev()
                    .filter(|(_, c)| !valid_only || fields.field_ok(column, &c.raw))
                    .max_by_key(|(_, c)| c.count)
                    .map(|(i, _)| i)
            };
            // A value with a finding of its own (`14` for `0014`, `2,02601E+11`) is the
            // reference only where no record holds a valid one: so the records that are right
            // are never the ones blamed, and a repair of the others' form keeps the reference.
            most(true).or_else(|| most(false))
        });
        let value = |field: usize| chosen[field].map(|i| &self.values[field][i]);
        let sampled = self
            .values
            .each_ref()
            .map(|values| values.iter().map(|c| c.count).sum::<u64>());
        let reference = Reference {
            aanmaakdatum: value(0).map_or_else(Vec::new, |c| c.raw.clone()),
            gemeentecode: value(1).map_or_else(Vec::new, |c| c.raw.clone()),
            lines: [0, 1].map(|f| value(f).map_or(0, |c| c.first_line)),
            shares: [0, 1].map(|f| value(f).map_or(0, |c| c.count)),
            sampled,
            whole,
            created: value(0).and_then(|c| c.stamp).map(|s| (s / 10_000) as Ymd),
        };
        let created_on = value(0).and_then(|c| c.stamp.map(|s| (c.first_line, s)));
        for (line, indices) in &self.records {
            if let Some((first, stamp)) = created_on.filter(|(first, _)| first == line) {
                created(first, &reference.aanmaakdatum, stamp, sink);
            }
            for (field, index) in indices.iter().enumerate() {
                if let (Some(i), Some(c)) = (index, chosen[field]) {
                    if usize::from(*i) != c {
                        let raw = &self.values[field][usize::from(*i)].raw;
                        differs(fields, field, *line, raw, &reference, sink);
                    }
                }
            }
        }
        reference
    }
}

/// R003 and R004 for a record after the sample whose aanmaakdatum and gemeentecode fields are
/// `aanmaak` and `gemeente`.
#[inline]
pub(crate) fn check_reference(
    fields: &FieldRules,
    line: u64,
    aanmaak: &[u8],
    gemeente: &[u8],
    reference: &Reference,
    sink: &mut Sink,
) {
    for (field, found, expected) in [
        (0, aanmaak, &reference.aanmaakdatum),
        (1, gemeente, &reference.gemeentecode),
    ] {
        // An empty field is F001's, in this record or in all of the sample: nothing to
        // compare.
        if !same_bytes(found, expected) && !found.is_empty() && !expected.is_empty() {
            differs(fields, field, line, found, reference, sink);
        }
    }
}

/// Reports that the record on `line` holds `found` in `field` (0 aanmaakdatum, 1
/// gemeentecode), not the reference's value.
#[cold]
#[inline(never)]
fn differs(
    fields: &FieldRules,
    field: usize,
    line: u64,
    found: &[u8],
    reference: &Reference,
    sink: &mut Sink,
) {
    let roles = fields.spec.roles;
    let (rule, column, expected) = match field {
        0 => (
            Rule::AanmaakdatumDiffers,
            roles.aanmaakdatum,
            &reference.aanmaakdatum,
        ),
        _ => (
            Rule::GemeentecodeDiffers,
            roles.gemeentecode,
            &reference.gemeentecode,
        ),
    };
    // The reference may itself hold a shifted BSN: shown masked, as every value.
    let column = &fields.spec.columns[column];
    let col = Some(column.number);
    sink.report(rule, col, || {
        let finding = Finding::new(rule, Some(line), col)
            .value(fields.shown(column, found))
            .param("expected", fields.shown(column, expected))
            .param("first_line", Param::Int(reference.lines[field]))
            .param("share", Param::Int(reference.shares[field]))
            .param("sample", Param::Int(reference.sampled[field]));
        if reference.whole {
            finding
        } else {
            finding.message("first")
        }
    });
}

/// Counts as repairable the R003 and R004 that a repair of the record on `line` takes away:
/// where it held another value than the reference (`found`: aanmaakdatum, gemeentecode, not
/// empty) and holds the reference's once repaired (`repaired`), as `14` → `0014`.
pub(crate) fn repaired_to_reference(
    fields: &FieldRules,
    found: [&[u8]; 2],
    repaired: [&[u8]; 2],
    reference: &Reference,
    sink: &mut Sink,
) {
    let roles = fields.spec.roles;
    let columns = &fields.spec.columns;
    for (field, expected, rule, column) in [
        (
            0,
            &reference.aanmaakdatum,
            Rule::AanmaakdatumDiffers,
            roles.aanmaakdatum,
        ),
        (
            1,
            &reference.gemeentecode,
            Rule::GemeentecodeDiffers,
            roles.gemeentecode,
        ),
    ] {
        if holds_another(found[field], expected) && same_bytes(repaired[field], expected) {
            sink.count_fixable(rule, Some(columns[column].number));
        }
    }
}

/// Whether a field of a record (`found`) holds another value than the reference's
/// (`expected`), both filled: only then can a repair take R003 or R004 away.
fn holds_another(found: &[u8], expected: &[u8]) -> bool {
    !found.is_empty() && !expected.is_empty() && !same_bytes(found, expected)
}

impl Reference {
    /// Whether the aanmaakdatum or the gemeentecode of a record (`found`) differs from the
    /// reference's: where neither does, no repair of it takes R003 or R004 away
    /// ([`repaired_to_reference`]), whatever it repairs.
    pub(crate) fn differs_from(&self, found: [&[u8]; 2]) -> bool {
        holds_another(found[0], &self.aanmaakdatum) || holds_another(found[1], &self.gemeentecode)
    }
}

/// `a == b`, without a call for the short fields every record repeats.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8"));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4"));
    match n {
        // Two overlapping words cover 8 to 16 bytes, two halves 4 to 8.
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_is_equality() {
        let texts: Vec<Vec<u8>> = (0..=20)
            .flat_map(|n| {
                let base: Vec<u8> = (0..n as u8).map(|i| b'0' + i % 10).collect();
                let mut variants = vec![base.clone()];
                for i in 0..n {
                    let mut v = base.clone();
                    v[i] ^= 1;
                    variants.push(v);
                }
                variants
            })
            .collect();
        for a in &texts {
            for b in &texts {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }
}
