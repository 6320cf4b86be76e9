//! Every record repeats the first record's aanmaakdatum and gemeentecode (R003, R004): a file
//! is made at one moment, by one municipality (§2.5, §3.2.2).

use crate::findings::{Finding, Param, Sink};
use crate::rules::field::FieldRules;
use crate::rules::{rule, Rule, RuleInfo};

pub(crate) const AANMAAKDATUM_DIFFERS: RuleInfo = rule! {
    "R003" "aanmaakdatum-differs", Fields, Fixed(Reject), "§3.2.2",
    title: ("Aanmaakdatum wijkt af", "Creation date differs"),
    nl: "Aanmaakdatum {value} wijkt af van {expected} in het eerste record (regel {first_line}); de aanmaakdatum moet op iedere regel gelijk zijn.",
    en: "Creation date {value} differs from {expected} in the first record (line {first_line}); it must be the same on every line.",
};

pub(crate) const GEMEENTECODE_DIFFERS: RuleInfo = rule! {
    "R004" "gemeentecode-differs", Fields, Fixed(Reject), "§2.5, §3.2.2",
    title: ("Gemeentecode wijkt af", "Municipality code differs"),
    nl: "Gemeentecode {value} wijkt af van {expected} in het eerste record (regel {first_line}); lever per gemeente een apart bestand.",
    en: "Municipality code {value} differs from {expected} in the first record (line {first_line}); deliver one file per municipality.",
};

/// The first record's aanmaakdatum and gemeentecode, which every record must repeat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub line: u64,
    pub aanmaakdatum: Vec<u8>,
    pub gemeentecode: Vec<u8>,
}

/// R003 and R004 for a record whose aanmaakdatum and gemeentecode fields are `aanmaak` and
/// `gemeente`.
#[inline]
pub(crate) fn check_reference(
    fields: &FieldRules,
    line: u64,
    aanmaak: &[u8],
    gemeente: &[u8],
    reference: &Reference,
    sink: &mut Sink,
) {
    let roles = fields.spec.roles;
    for (rule, column, found, expected) in [
        (
            Rule::AanmaakdatumDiffers,
            roles.aanmaakdatum,
            aanmaak,
            &reference.aanmaakdatum,
        ),
        (
            Rule::GemeentecodeDiffers,
            roles.gemeentecode,
            gemeente,
            &reference.gemeentecode,
        ),
    ] {
        // An empty field is F001's, in this record or in the first: nothing to compare.
        if !same_bytes(found, expected) && !found.is_empty() && !expected.is_empty() {
            differs(
                fields,
                rule,
                line,
                column,
                found,
                expected,
                reference.line,
                sink,
            );
        }
    }
}

#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn differs(
    fields: &FieldRules,
    rule: Rule,
    line: u64,
    column: usize,
    found: &[u8],
    expected: &[u8],
    first_line: u64,
    sink: &mut Sink,
) {
    // The reference comes from the first record and may itself hold a shifted BSN.
    let column = &fields.spec.columns[column];
    let col = Some(column.number);
    sink.report(rule, col, || {
        Finding::new(rule, Some(line), col)
            .value(fields.shown(column, found))
            .param("expected", fields.shown(column, expected))
            .param("first_line", Param::Int(first_line))
    });
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
