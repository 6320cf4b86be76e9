//! Fields that belong together (R001, R002, C003–C005): a record needs a type and a start
//! date, in one of the two columns each; the beschikte intensiteit is volume, eenheid and
//! frequentie together; a geleverd volume needs its eenheid; a material provision without
//! an end date counts as running again in every delivery. Each is one line of
//! [`PRESENCE_RULES`]: which fields, for which kinds of type, reported in which column.

use super::{Kinds, RecordRules};
use crate::findings::{Finding, Param};
use crate::record::{Field, Row};
use crate::rules::{rule, Rule, RuleInfo};

pub(crate) const TYPE_MISSING: RuleInfo = rule! {
    "R001" "type-missing", Fields, Fixed(Reject), "§3.2.1 voetnoot 3",
    nl: "Het type maatwerkvoorziening ontbreekt: {columns} zijn allebei leeg; vul er minstens één.",
    en: "The type of provision is missing: {columns} are both empty; fill at least one.",
};

pub(crate) const START_MISSING: RuleInfo = rule! {
    "R002" "start-missing", Fields, Fixed(Reject), "§3.2.1",
    nl: "De startdatum ontbreekt: {columns} zijn allebei leeg; vul er minstens één.",
    en: "The start date is missing: {columns} are both empty; fill at least one.",
};

pub(crate) const INTENSITY_INCOMPLETE: RuleInfo = rule! {
    "C003" "intensity-incomplete", Fields, Fixed(Error), "§3.2.2",
    nl: "Beschikte intensiteit is onvolledig: volume, eenheid en frequentie horen samen; nu ontbreekt {missing}.",
    en: "Allocated intensity is incomplete: volume, unit and frequency belong together; {missing} is missing.",
};

pub(crate) const DELIVERED_UNIT_MISSING: RuleInfo = rule! {
    "C004" "delivered-unit-missing", Fields, Fixed(Error), "§3.2.2",
    nl: "Geleverd volume {value} heeft geen geleverde eenheid: {unit} is leeg.",
    en: "Delivered volume {value} has no delivered unit: {unit} is empty.",
};

pub(crate) const MATERIAL_WITHOUT_END: RuleInfo = rule! {
    "C005" "material-without-end-date", Fields, Fixed(Info), "§3.2.2",
    nl: "Categorie {value} zonder einddatum telt bij elke levering opnieuw mee als lopende voorziening; vul bij voorkeur een einddatum in.",
    en: "Category {value} without an end date counts as running again in every delivery; preferably fill in an end date.",
};

use Field::{
    BeoogdeEinddatum, BeoogdeStartdatum, BeschiktEenheid, BeschiktFrequentie, BeschiktVolume,
    Einddatum, GeleverdEenheid, GeleverdVolume, Startdatum, TypeDeclaratie, TypeToewijzing,
};

const BESCHIKT: &[Field] = &[BeschiktVolume, BeschiktEenheid, BeschiktFrequentie];

/// The rules, in reporting order. A rule may have several lines for different kinds of type.
pub(super) const PRESENCE_RULES: &[PresenceRule] = &[
    PresenceRule {
        rule: Rule::TypeMissing,
        kinds: Kinds::ALL,
        requires: Requires::OneOf(&[TypeToewijzing, TypeDeclaratie]),
        column: TypeToewijzing,
        report: the_columns,
    },
    PresenceRule {
        rule: Rule::StartMissing,
        kinds: Kinds::ALL,
        requires: Requires::OneOf(&[BeoogdeStartdatum, Startdatum]),
        column: BeoogdeStartdatum,
        report: the_columns,
    },
    // A generieke toewijzing may leave eenheid and frequentie empty, a material provision
    // (0011–0014) the volume too.
    PresenceRule {
        rule: Rule::IntensityIncomplete,
        kinds: Kinds::PLAIN,
        requires: Requires::AllOf {
            when: BESCHIKT,
            then: BESCHIKT,
        },
        column: BeschiktVolume,
        report: the_missing,
    },
    PresenceRule {
        rule: Rule::IntensityIncomplete,
        kinds: Kinds::GENERIC_ONLY,
        requires: Requires::AllOf {
            when: BESCHIKT,
            then: &[BeschiktVolume],
        },
        column: BeschiktVolume,
        report: the_missing,
    },
    PresenceRule {
        rule: Rule::DeliveredUnitMissing,
        kinds: Kinds::NOT_GENERIC,
        requires: Requires::AllOf {
            when: &[GeleverdVolume],
            then: &[GeleverdEenheid],
        },
        column: GeleverdVolume,
        report: the_value_and_its_unit,
    },
    PresenceRule {
        rule: Rule::MaterialWithoutEnd,
        kinds: Kinds::MATERIAL,
        requires: Requires::OneOf(&[BeoogdeEinddatum, Einddatum]),
        column: Einddatum,
        report: the_type,
    },
];

/// What a presence rule requires of the filled fields.
pub(super) enum Requires {
    /// At least one of the fields is filled.
    OneOf(&'static [Field]),
    /// When any of `when` is filled, all of `then` are.
    AllOf {
        when: &'static [Field],
        then: &'static [Field],
    },
}

/// Adds a finding's value and parameters: from the rule, the rules of the file, the record
/// and its effective type.
type Reporter = fn(&PresenceRule, &RecordRules, &Row, Option<u64>, Finding) -> Finding;

/// One line of [`PRESENCE_RULES`].
pub(super) struct PresenceRule {
    pub(super) rule: Rule,
    pub(super) kinds: Kinds,
    pub(super) requires: Requires,
    /// The column the finding is reported in.
    pub(super) column: Field,
    pub(super) report: Reporter,
}

impl PresenceRule {
    /// Whether the rule fires, given which fields are filled.
    #[inline(always)]
    pub(super) fn fires(&self, filled: impl Fn(Field) -> bool) -> bool {
        match self.requires {
            Requires::OneOf(fields) => !fields.iter().any(|f| filled(*f)),
            Requires::AllOf { when, then } => {
                when.iter().any(|f| filled(*f)) && !then.iter().all(|f| filled(*f))
            }
        }
    }

    fn required(&self) -> &'static [Field] {
        match self.requires {
            Requires::OneOf(fields) => fields,
            Requires::AllOf { then, .. } => then,
        }
    }
}

fn columns(columns: impl Iterator<Item = usize>) -> Param {
    Param::Columns(columns.map(|c| c as u8 + 1).collect())
}

/// `{columns}`: the fields of which one is needed.
fn the_columns(
    rule: &PresenceRule,
    rules: &RecordRules,
    _: &Row,
    _: Option<u64>,
    f: Finding,
) -> Finding {
    let p = &rules.plan;
    f.param(
        "columns",
        columns(rule.required().iter().map(|x| p.column(*x))),
    )
}

/// `{missing}`: the required fields that are empty.
fn the_missing(
    rule: &PresenceRule,
    rules: &RecordRules,
    v: &Row,
    _: Option<u64>,
    f: Finding,
) -> Finding {
    let p = &rules.plan;
    let empty = rule
        .required()
        .iter()
        .map(|x| p.column(*x))
        .filter(|c| v.filled >> c & 1 == 0);
    f.param("missing", columns(empty))
}

/// The value of the field that needs another, and `{unit}`: the column of that other.
fn the_value_and_its_unit(
    rule: &PresenceRule,
    rules: &RecordRules,
    v: &Row,
    _: Option<u64>,
    f: Finding,
) -> Finding {
    let p = &rules.plan;
    let (when, then) = match rule.requires {
        Requires::AllOf { when, then } => (when, then),
        Requires::OneOf(fields) => (fields, fields),
    };
    let column = p.column(when[0]);
    let width = rules.spec.columns[column].width;
    let shown = v
        .valid(column)
        .map_or_else(String::new, |x| format!("{x:0width$}"));
    f.value(shown)
        .param("unit", Param::Column(p.column(then[0]) as u8 + 1))
}

/// The effective type code, as the value.
fn the_type(
    _: &PresenceRule,
    rules: &RecordRules,
    _: &Row,
    effective: Option<u64>,
    f: Finding,
) -> Finding {
    let code = effective.and_then(|t| rules.spec.type_list().get(t as u32));
    f.value(code.map_or("", |c| c.code.as_str()))
}
