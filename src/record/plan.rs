//! What the record rules and CBS's counts need of a protocol version and a reporting
//! period, resolved once per file: the column of each field they name by meaning, the
//! period's bounds and the kind of every type code.

use crate::spec::{Period, Spec, Ymd};

/// Bits of [`RecordPlan::type_kind`]: the generieke toewijzing (0088) and the material
/// provisions (0011–0014) have rules of their own.
pub const TYPE_GENERIC: u8 = 1;
pub const TYPE_MATERIAL: u8 = 2;

/// A field of a record by its meaning in the protocol; [`RecordPlan::column`] finds it in a
/// protocol version.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Field {
    TypeToewijzing,
    BeoogdeStartdatum,
    BeoogdeEinddatum,
    TypeDeclaratie,
    Startdatum,
    Einddatum,
    BeschiktVolume,
    BeschiktEenheid,
    BeschiktFrequentie,
    GeleverdEenheid,
    GeleverdVolume,
}

impl Field {
    const COUNT: usize = 11;

    /// The column (0-based) of this field in a protocol version, as [`RecordPlan::column`]
    /// finds it (tested equal), for what needs one column without a plan.
    pub fn column_in(self, spec: &Spec) -> usize {
        let r = &spec.roles;
        match self {
            Field::TypeToewijzing => r.type_toewijzing,
            Field::BeoogdeStartdatum => r.beoogde_startdatum,
            Field::BeoogdeEinddatum => r.beoogde_einddatum,
            Field::TypeDeclaratie => r.type_declaratie,
            Field::Startdatum => r.startdatum,
            Field::Einddatum => r.einddatum,
            Field::BeschiktVolume => r.beschikt_volume,
            Field::BeschiktEenheid => r.beschikt_eenheid,
            Field::BeschiktFrequentie => r.beschikt_frequentie,
            Field::GeleverdEenheid => r.geleverd_eenheid,
            Field::GeleverdVolume => r.geleverd_volume,
        }
    }
}

/// The columns and bounds the record rules use, resolved once per file.
#[derive(Clone, Debug)]
pub struct RecordPlan {
    columns: [usize; Field::COUNT],
    /// The period's first and last day; without a period 0 and `Ymd::MAX`, so that no date
    /// falls outside it.
    pub first: Ymd,
    pub last: Ymd,
    /// No actual start before this day (the AWBZ transition).
    pub earliest: Ymd,
    /// The eenheid and frequentie a generieke toewijzing should have.
    pub generic_eenheid: u64,
    pub generic_frequentie: u64,
    /// Per type code value (0 to 9999): its [`TYPE_GENERIC`] and [`TYPE_MATERIAL`] bits, so
    /// that a type is looked up in one load.
    type_kinds: Vec<u8>,
}

impl RecordPlan {
    pub fn new(spec: &Spec, period: Option<Period>) -> RecordPlan {
        let r = &spec.roles;
        RecordPlan {
            columns: [
                r.type_toewijzing,
                r.beoogde_startdatum,
                r.beoogde_einddatum,
                r.type_declaratie,
                r.startdatum,
                r.einddatum,
                r.beschikt_volume,
                r.beschikt_eenheid,
                r.beschikt_frequentie,
                r.geleverd_eenheid,
                r.geleverd_volume,
            ],
            first: period.map_or(0, |p| p.first_day()),
            last: period.map_or(Ymd::MAX, |p| p.last_day()),
            earliest: spec.earliest_actual_start,
            generic_eenheid: u64::from(spec.generic_eenheid),
            generic_frequentie: u64::from(spec.generic_frequentie),
            type_kinds: (0..10_000u32)
                .map(|t| {
                    spec.type_list().get(t).map_or(0, |c| {
                        (u8::from(c.generic) * TYPE_GENERIC)
                            | (u8::from(c.material) * TYPE_MATERIAL)
                    })
                })
                .collect(),
        }
    }

    /// The column (0-based) of a field.
    #[inline(always)]
    pub fn column(&self, field: Field) -> usize {
        self.columns[field as usize]
    }

    /// The kind bits of a type code value; 0 for a value outside the list.
    #[inline(always)]
    pub fn type_kind(&self, value: u64) -> u8 {
        self.type_kinds[(value as usize).min(self.type_kinds.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_has_the_plans_column() {
        let spec = Spec::latest();
        let plan = RecordPlan::new(spec, None);
        for field in [
            Field::TypeToewijzing,
            Field::BeoogdeStartdatum,
            Field::BeoogdeEinddatum,
            Field::TypeDeclaratie,
            Field::Startdatum,
            Field::Einddatum,
            Field::BeschiktVolume,
            Field::BeschiktEenheid,
            Field::BeschiktFrequentie,
            Field::GeleverdEenheid,
            Field::GeleverdVolume,
        ] {
            assert_eq!(field.column_in(spec), plan.column(field), "{field:?}");
        }
    }
}
