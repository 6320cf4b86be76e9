//! The values a generieke toewijzing (0088) should have (C001, C002): its volume is in
//! euro's, so eenheid `83`, and frequentie `6` (total within the validity) is recommended.
//! Each is one line of [`VALUE_RULES`]: the field, the value it should have, for which
//! kinds of type.

use super::{Kinds, RecordRules};
use crate::findings::{Finding, Sink};
use crate::record::{Field, RecordPlan};
use crate::rules::{rule, Declaration, Rule};

pub(crate) const GENERIC_UNIT: Declaration = rule! {
    "§3.2.2",
    title: ("Generieke toewijzing: eenheid niet 83", "Generic allocation: unit not 83"),
    nl: "{column} moet bij een generieke toewijzing (0088) 83 (euro) zijn of leeg, niet {value}: het volume is in euro's.",
    en: "{column} must be 83 (euro) or empty for a generic allocation (0088), not {value}: the volume is in euros.",
};

pub(crate) const GENERIC_FREQUENCY: Declaration = rule! {
    "§3.2.2",
    title: ("Generieke toewijzing: frequentie niet 6", "Generic allocation: frequency not 6"),
    nl: "Bij generieke toewijzing (0088) wordt frequentie 6 (totaal binnen geldigheidsduur) aanbevolen, niet {value}.",
    en: "For a generic allocation (0088) frequency 6 (total within the validity period) is recommended, not {value}.",
};

/// The rules, in reporting order; their bits in the quick test follow it.
pub(super) const VALUE_RULES: [ValueRule; 3] = [
    ValueRule {
        rule: Rule::GenericUnit,
        field: Field::BeschiktEenheid,
        wanted: Wanted::GenericEenheid,
        kinds: Kinds::GENERIC,
    },
    ValueRule {
        rule: Rule::GenericUnit,
        field: Field::GeleverdEenheid,
        wanted: Wanted::GenericEenheid,
        kinds: Kinds::GENERIC,
    },
    ValueRule {
        rule: Rule::GenericFrequency,
        field: Field::BeschiktFrequentie,
        wanted: Wanted::GenericFrequentie,
        kinds: Kinds::GENERIC,
    },
];

/// The value a field should have, from the protocol version.
#[derive(Copy, Clone, Debug)]
pub(super) enum Wanted {
    GenericEenheid,
    GenericFrequentie,
}

impl Wanted {
    #[inline(always)]
    pub(super) fn value(self, plan: &RecordPlan) -> u64 {
        match self {
            Wanted::GenericEenheid => plan.generic_eenheid,
            Wanted::GenericFrequentie => plan.generic_frequentie,
        }
    }
}

/// One line of [`VALUE_RULES`]: a valid `field` of a record whose type is of `kinds` should
/// hold `wanted`.
pub(super) struct ValueRule {
    pub(super) rule: Rule,
    pub(super) field: Field,
    pub(super) wanted: Wanted,
    pub(super) kinds: Kinds,
}

impl ValueRule {
    /// Reports `value`, found in `column` (0-based), as the file writes it.
    pub(super) fn report(
        &self,
        rules: &RecordRules,
        line: u64,
        column: usize,
        value: u64,
        sink: &mut Sink,
    ) {
        let width = rules.spec.columns[column].width;
        let col = Some(column as u8 + 1);
        sink.report(self.rule, col, || {
            Finding::new(self.rule, Some(line), col).value(format!("{value:0width$}"))
        });
    }
}
