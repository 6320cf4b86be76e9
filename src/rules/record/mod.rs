//! Pass 3, the rules between the fields of a record (R, D, C), declared as data: which
//! fields must be present together (`presence.rs`), which dates must come in which order
//! (`dates.rs`), which values a generieke toewijzing should have (`generic.rs`), and that
//! every record repeats the aanmaakdatum and gemeentecode most records hold (`reference.rs`).
//!
//! From these declarations [`RecordRules`] derives, once per file, what the hot loop runs:
//! [`RecordRules::presence`] (what follows from which fields are filled and valid alone; the
//! block path works it out once per layout) and [`RecordRules::record_rules_fire`], one test
//! without branches on the data. Only when that test fires are the rules worked out one by
//! one from the same declarations, to report ([`RecordRules::report_record`]).

mod dates;
mod generic;
mod presence;
mod reference;

pub(crate) use dates::{
    created_before_period_end, CREATED_BEFORE_PERIOD_END, END_AFTER_INTENDED_END,
    END_BEFORE_PERIOD, END_BEFORE_START, INTENDED_END_BEFORE_INTENDED_START,
    INTENDED_END_BEFORE_PERIOD, INTENDED_START_AFTER_PERIOD, START_AFTER_PERIOD, START_BEFORE_2015,
    START_BEFORE_INTENDED_START,
};
pub(crate) use generic::{GENERIC_FREQUENCY, GENERIC_UNIT};
pub(crate) use presence::{
    one_of_partner, DELIVERED_UNIT_MISSING, INTENSITY_INCOMPLETE, MATERIAL_WITHOUT_END,
    START_MISSING, TYPE_MISSING,
};
pub(crate) use reference::{
    check_reference, repaired_to_reference, AANMAAKDATUM_DIFFERS, GEMEENTECODE_DIFFERS,
};
pub use reference::{Reference, Sample, SAMPLE_RECORDS};

use dates::{Operand, DATE_RULES};
use generic::VALUE_RULES;
use presence::PRESENCE_RULES;

use crate::findings::{Finding, Sink};
use crate::record::{Field, RecordPlan, Row, MAX_COLUMNS, TYPE_GENERIC, TYPE_MATERIAL};
use crate::spec::{Period, Spec, Ymd};

/// The kinds of type a rule applies to, as a bit per kind: bit `k` for the kind whose
/// [`TYPE_GENERIC`] and [`TYPE_MATERIAL`] bits make `k`.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Kinds(u8);

impl Kinds {
    /// Every type, and a record without one.
    pub(crate) const ALL: Kinds = Kinds(0b1111);
    /// Types that are neither generic nor material.
    pub(crate) const PLAIN: Kinds = Kinds(1 << 0);
    /// The generieke toewijzing that is not also material.
    pub(crate) const GENERIC_ONLY: Kinds = Kinds(1 << TYPE_GENERIC);
    pub(crate) const GENERIC: Kinds =
        Kinds(1 << TYPE_GENERIC | 1 << (TYPE_GENERIC | TYPE_MATERIAL));
    pub(crate) const NOT_GENERIC: Kinds = Kinds(1 << 0 | 1 << TYPE_MATERIAL);
    pub(crate) const MATERIAL: Kinds =
        Kinds(1 << TYPE_MATERIAL | 1 << (TYPE_GENERIC | TYPE_MATERIAL));

    #[inline(always)]
    const fn has(self, kind: u8) -> bool {
        self.0 >> (kind & 3) & 1 != 0
    }
}

/// What the record rules decide from which fields are filled and valid alone.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Presence {
    /// Bit `i`: both dates of `DATE_RULES[i]` are there (valid, or a bound of the period).
    dates: u16,
    /// Bit `kind`: a rule of `PRESENCE_RULES` fires for a type of that kind.
    fires_by_kind: u8,
    /// Bit `j`: the field of `VALUE_RULES[j]` is valid, so its value counts.
    values_checked: u8,
    /// The column whose type counts: the declaratie if valid, else the toewijzing, else
    /// [`NO_TYPE`].
    type_column: u8,
}

impl Presence {
    /// For what is not a record.
    pub(crate) const NONE: Presence = Presence {
        dates: 0,
        fires_by_kind: 0,
        values_checked: 0,
        type_column: NO_TYPE as u8,
    };
}

/// [`Presence::type_column`] of a record without a valid type.
const NO_TYPE: usize = MAX_COLUMNS;

/// Bit `kind` of entry `j`: `VALUE_RULES[j]` applies to a type of that kind; as a bit per
/// rule for each kind.
const VALUE_RULES_BY_KIND: [u8; 4] = {
    let mut by_kind = [0u8; 4];
    let mut kind = 0;
    while kind < 4 {
        let mut j = 0;
        while j < VALUE_RULES.len() {
            if VALUE_RULES[j].kinds.has(kind as u8) {
                by_kind[kind] |= 1 << j;
            }
            j += 1;
        }
        kind += 1;
    }
    by_kind
};

const _: () = assert!(DATE_RULES.len() <= 16 && VALUE_RULES.len() <= 8);

/// The record rules of one file.
pub struct RecordRules {
    spec: &'static Spec,
    period: Option<Period>,
    pub(crate) plan: RecordPlan,
}

impl RecordRules {
    pub fn new(spec: &'static Spec, period: Option<Period>) -> RecordRules {
        RecordRules {
            spec,
            period,
            plan: RecordPlan::new(spec, period),
        }
    }

    /// The rules between the fields of one record: first whether any fires, without
    /// branching on the data; only then which, to report them.
    #[inline(always)]
    pub(crate) fn check_record(
        &self,
        line: u64,
        v: &Row,
        sink: &mut Sink,
        tally: &mut PeriodTally,
    ) {
        let presence = self.presence(v.filled, v.valid);
        if self.record_rules_fire(&presence, v) {
            self.report_record(line, v, &presence, sink, tally);
        }
    }

    /// What the record rules decide from which fields are filled and valid alone. The
    /// block path works it out once per layout, where every filled field is valid.
    pub(crate) fn presence(&self, filled: u32, valid: u32) -> Presence {
        let p = &self.plan;
        let is = |mask: u32, field: Field| mask >> (p.column(field) & 31) & 1 != 0;
        let dates = DATE_RULES.iter().enumerate().fold(0u16, |mask, (i, rule)| {
            let present = |o: Operand| o.field().is_none_or(|f| is(valid, f));
            mask | u16::from(present(rule.date) & present(rule.bound)) << i
        });
        let fires_by_kind = (0..4u8).fold(0u8, |mask, kind| {
            let fires = PRESENCE_RULES
                .iter()
                .any(|rule| rule.kinds.has(kind) && rule.fires(|f| is(filled, f)));
            mask | u8::from(fires) << kind
        });
        let values_checked = VALUE_RULES.iter().enumerate().fold(0u8, |mask, (j, rule)| {
            mask | u8::from(is(valid, rule.field)) << j
        });
        let type_column = if is(valid, Field::TypeDeclaratie) {
            p.column(Field::TypeDeclaratie)
        } else if is(valid, Field::TypeToewijzing) {
            p.column(Field::TypeToewijzing)
        } else {
            NO_TYPE
        };
        Presence {
            dates,
            fires_by_kind,
            values_checked,
            type_column: type_column as u8,
        }
    }

    /// Whether any record rule fires on a record with this presence.
    #[inline(always)]
    pub(crate) fn record_rules_fire(&self, presence: &Presence, v: &Row) -> bool {
        let (_, kind) = self.effective_type(presence, v);
        let value = |field: Field| v.values[self.plan.column(field) & 31];
        let off = VALUE_RULES.iter().enumerate().fold(0u8, |mask, (j, rule)| {
            mask | u8::from(value(rule.field) != rule.wanted.value(&self.plan)) << j
        });
        (presence.fires_by_kind >> kind & 1 != 0)
            | (off & presence.values_checked & VALUE_RULES_BY_KIND[usize::from(kind & 3)] != 0)
            | (self.date_order(v) & presence.dates != 0)
    }

    /// The type CBS counts (declaratie where valid, else toewijzing) and its kind bits.
    #[inline(always)]
    fn effective_type(&self, presence: &Presence, v: &Row) -> (Option<u64>, u8) {
        let column = usize::from(presence.type_column);
        let has_type = column != NO_TYPE;
        let value = v.values[column & 31];
        // Kind 0 is no type code.
        let kind = self.plan.type_kind(if has_type { value } else { 0 });
        (has_type.then_some(value), kind)
    }

    /// Bit `i`: the dates of `DATE_RULES[i]` are in the wrong order, whether they are there
    /// or not ([`Presence::dates`] says which comparisons count).
    #[inline(always)]
    fn date_order(&self, v: &Row) -> u16 {
        let operands = self.operands(v);
        DATE_RULES.iter().enumerate().fold(0u16, |mask, (i, rule)| {
            mask | u16::from(rule.is_wrong(&operands)) << i
        })
    }

    /// The values the date rules compare, by [`Operand`].
    #[inline(always)]
    fn operands(&self, v: &Row) -> [Ymd; Operand::COUNT] {
        let p = &self.plan;
        let date = |field: Field| v.values[p.column(field) & 31] as Ymd;
        [
            date(Field::BeoogdeStartdatum),
            date(Field::BeoogdeEinddatum),
            date(Field::Startdatum),
            date(Field::Einddatum),
            p.first,
            p.last,
            p.earliest,
        ]
    }

    /// Reports the record rules that fire, from their declarations.
    #[cold]
    #[inline(never)]
    pub(crate) fn report_record(
        &self,
        line: u64,
        v: &Row,
        presence: &Presence,
        sink: &mut Sink,
        tally: &mut PeriodTally,
    ) {
        let (effective, kind) = self.effective_type(presence, v);
        let filled = |f: Field| v.filled >> (self.plan.column(f) & 31) & 1 != 0;
        for rule in PRESENCE_RULES {
            if rule.kinds.has(kind) && rule.fires(filled) {
                let col = Some(self.plan.column(rule.column) as u8 + 1);
                sink.report(rule.rule, col, || {
                    let finding = Finding::new(rule.rule, Some(line), col).message(rule.message);
                    (rule.report)(rule, self, v, effective, finding)
                });
            }
        }
        let wrong = self.date_order(v) & presence.dates;
        if wrong & PERIOD_RULES != 0 {
            self.tally_outside(v, presence, tally);
        }
        for (i, rule) in DATE_RULES.iter().enumerate() {
            if wrong >> i & 1 != 0 {
                rule.report(self, line, v, sink);
            }
        }
        for rule in VALUE_RULES {
            let column = self.plan.column(rule.field);
            match v.valid(column) {
                Some(value) if rule.kinds.has(kind) && value != rule.wanted.value(&self.plan) => {
                    rule.report(self, line, column, value, sink);
                }
                _ => {}
            }
        }
    }
}

/// The bits of [`DATE_RULES`] that compare a date with the reporting period.
const PERIOD_RULES: u16 = {
    let mut bits = 0u16;
    let mut i = 0;
    while i < DATE_RULES.len() {
        if matches!(
            DATE_RULES[i].bound,
            Operand::PeriodFirst | Operand::PeriodLast
        ) {
            bits |= 1 << i;
        }
        i += 1;
    }
    bits
};

/// Half years on either side of the reporting period that [`PeriodTally`] tries.
pub const TALLY_SPAN: i32 = 4;

/// How many records fall outside the reporting period (a date rule against the period fires
/// on them), and of those how many would fall in each of the half years around it: whether
/// the period is probably wrong, not the records (N008). Counted only for records with a
/// finding, so a file without one costs nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodTally {
    pub outside: u64,
    /// By offset from the period, in the order of [`PeriodTally::offsets`].
    fits: [u64; 2 * TALLY_SPAN as usize],
}

impl PeriodTally {
    /// The offsets tried, in half years: −[`TALLY_SPAN`] to −1, then 1 to [`TALLY_SPAN`].
    fn offsets() -> impl Iterator<Item = i32> {
        (-TALLY_SPAN..0).chain(1..=TALLY_SPAN)
    }

    pub fn merge(&mut self, other: &PeriodTally) {
        self.outside += other.outside;
        for (a, b) in self.fits.iter_mut().zip(&other.fits) {
            *a += b;
        }
    }

    /// Of the records outside `period`, how many fall in `other` (`None` when it is not
    /// tried).
    pub fn fits_in(&self, period: Period, other: Period) -> Option<u64> {
        Self::offsets()
            .position(|k| period.shifted(k) == other)
            .map(|slot| self.fits[slot])
    }

    /// The half years tried around `period`, each with how many of the records outside
    /// `period` fall in it, nearest first.
    pub fn candidates(&self, period: Period) -> impl Iterator<Item = (Period, u64)> + '_ {
        let mut slots: Vec<(i32, u64)> = Self::offsets().zip(self.fits).collect();
        slots.sort_by_key(|(k, _)| (k.abs(), -k));
        slots.into_iter().map(move |(k, n)| (period.shifted(k), n))
    }
}

impl RecordRules {
    /// Adds a record that falls outside the period to `tally`, with the half years it would
    /// fall in.
    #[cold]
    fn tally_outside(&self, v: &Row, presence: &Presence, tally: &mut PeriodTally) {
        let Some(period) = self.period else {
            return;
        };
        tally.outside += 1;
        let mut operands = self.operands(v);
        for (slot, k) in PeriodTally::offsets().enumerate() {
            let other = period.shifted(k);
            operands[Operand::PeriodFirst as usize] = other.first_day();
            operands[Operand::PeriodLast as usize] = other.last_day();
            let outside = DATE_RULES.iter().enumerate().any(|(i, rule)| {
                (PERIOD_RULES & presence.dates) >> i & 1 != 0 && rule.is_wrong(&operands)
            });
            tally.fits[slot] += u64::from(!outside);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Options;
    use crate::spec::Period;

    /// Rows with random filled and valid columns and values near the boundaries the rules
    /// compare against.
    fn random_rows(rules: &RecordRules, count: usize) -> Vec<Row> {
        let r = &rules.spec.roles;
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let dates = [
            20141231, 20150101, 20250630, 20250701, 20251231, 20260101, 20270101,
        ];
        let types = [1, 11, 14, 88, 9999];
        let units = [1, 4, 14, 82];
        let columns = rules.spec.columns.len();
        (0..count)
            .map(|_| {
                let filled = next() as u32 & ((1 << columns) - 1);
                let mut row = Row {
                    filled,
                    valid: filled & next() as u32 | filled & next() as u32,
                    values: [0; MAX_COLUMNS + 1],
                };
                let mut pick = |column: usize, from: &[u64]| {
                    row.values[column] = from[next() as usize % from.len()];
                };
                for c in [
                    r.beoogde_startdatum,
                    r.beoogde_einddatum,
                    r.startdatum,
                    r.einddatum,
                ] {
                    pick(c, &dates);
                }
                for c in [r.type_toewijzing, r.type_declaratie] {
                    pick(c, &types);
                }
                for c in [
                    r.beschikt_eenheid,
                    r.geleverd_eenheid,
                    r.beschikt_frequentie,
                ] {
                    pick(c, &units);
                }
                row
            })
            .collect()
    }

    /// The date rules as docs/protocol.md#s3-2-2 states them, written out apart from their
    /// declarations: each needs both its dates.
    fn date_rules_as_stated(rules: &RecordRules, v: &Row) -> u16 {
        let r = &rules.spec.roles;
        let p = &rules.plan;
        let date = |c: usize| v.valid(c).map(|d| d as Ymd);
        let before = |a: Option<Ymd>, b: Option<Ymd>| matches!((a, b), (Some(a), Some(b)) if a < b);
        let (bs, be) = (date(r.beoogde_startdatum), date(r.beoogde_einddatum));
        let (s, e) = (date(r.startdatum), date(r.einddatum));
        let (first, last) = (Some(p.first), Some(p.last));
        [
            before(s, bs),
            before(s, Some(p.earliest)),
            before(be, bs),
            before(e, s),
            before(be, e),
            before(last, bs),
            before(last, s),
            before(be, first),
            before(e, first),
        ]
        .iter()
        .enumerate()
        .fold(0, |mask, (i, fired)| mask | u16::from(*fired) << i)
    }

    /// The presence, value and intensity rules as docs/protocol.md#s3-2-2 states them, written
    /// out apart from their declarations: whether any fires.
    fn other_rules_as_stated(rules: &RecordRules, v: &Row) -> bool {
        let r = &rules.spec.roles;
        let p = &rules.plan;
        let filled = |c: usize| v.filled >> c & 1 != 0;
        let valid = |c: usize| v.valid(c);
        let effective = valid(r.type_declaratie).or(valid(r.type_toewijzing));
        let kind = p.type_kind(effective.unwrap_or(0));
        let (generic, material) = (kind & TYPE_GENERIC != 0, kind & TYPE_MATERIAL != 0);
        let type_missing = !filled(r.type_toewijzing) && !filled(r.type_declaratie);
        let start_missing = !filled(r.beoogde_startdatum) && !filled(r.startdatum);
        let beschikt = [r.beschikt_volume, r.beschikt_eenheid, r.beschikt_frequentie].map(filled);
        let any = beschikt.contains(&true);
        let incomplete = !material
            && any
            && if generic {
                !beschikt[0]
            } else {
                beschikt.contains(&false)
            };
        let unit_missing = !generic && filled(r.geleverd_volume) && !filled(r.geleverd_eenheid);
        let without_end = material && !filled(r.beoogde_einddatum) && !filled(r.einddatum);
        let off = |c: usize, wanted: u64| generic && valid(c).is_some_and(|x| x != wanted);
        type_missing
            || start_missing
            || incomplete
            || unit_missing
            || without_end
            || off(r.beschikt_eenheid, p.generic_eenheid)
            || off(r.geleverd_eenheid, p.generic_eenheid)
            || off(r.beschikt_frequentie, p.generic_frequentie)
    }

    #[test]
    fn quick_record_rule_tests_agree_with_the_detailed_ones() {
        let options = Options::default();
        for period in [None, Period::parse("H22025")] {
            let rules = RecordRules::new(options.spec, period);
            let (mut dates_fired, mut others_fired) = (0, 0);
            for row in random_rows(&rules, 200_000) {
                let presence = rules.presence(row.filled, row.valid);
                let dates = rules.date_order(&row) & presence.dates;
                assert_eq!(dates, date_rules_as_stated(&rules, &row), "{row:?}");
                dates_fired += usize::from(dates != 0);
                let others = other_rules_as_stated(&rules, &row);
                assert_eq!(
                    rules.record_rules_fire(&presence, &row),
                    others | (dates != 0),
                    "{row:?}"
                );
                // What is reported is what the quick test says.
                let mut sink = Sink::new(crate::rules::RuleSet::all(), 100);
                rules.report_record(7, &row, &presence, &mut sink, &mut PeriodTally::default());
                assert_eq!(sink.counts.total() > 0, others | (dates != 0), "{row:?}");
                others_fired += usize::from(others);
            }
            // Both outcomes are common, so the comparison tests something.
            assert!((20_000..180_000).contains(&dates_fired), "{dates_fired}");
            assert!((20_000..180_000).contains(&others_fired), "{others_fired}");
        }
    }
}
