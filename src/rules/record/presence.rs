//! Fields that belong together (R001, R002, C003–C005): a record needs a type and a start
//! date, in one of the two columns each; the beschikte intensiteit is volume, eenheid and
//! frequentie together; a geleverd volume needs its eenheid; a material provision without
//! an end date counts as running again in every delivery. Each is one line of
//! [`PRESENCE_RULES`]: which fields, for which kinds of type, reported in which column.

use super::{Kinds, RecordRules};
use crate::findings::{Finding, Param};
use crate::record::{Field, Row};
use crate::rules::{rule, Declaration, Rule, Severity};
use crate::spec::Spec;

pub(crate) const TYPE_MISSING: Declaration = rule! {
    "§3.2.1 voetnoot 3",
    title: ("Type maatwerkvoorziening ontbreekt", "Type of provision missing"),
    nl: "Het type maatwerkvoorziening ontbreekt: {columns} zijn allebei leeg; vul er minstens één.",
    en: "The type of provision is missing: {columns} are both empty; fill at least one.",
};

pub(crate) const START_MISSING: Declaration = rule! {
    "§3.2.1",
    title: ("Startdatum ontbreekt", "Start date missing"),
    nl: "De startdatum ontbreekt: {columns} zijn allebei leeg; vul er minstens één.",
    en: "The start date is missing: {columns} are both empty; fill at least one.",
};

pub(crate) const INTENSITY_INCOMPLETE: Declaration = rule! {
    "§3.2.2",
    title: ("Beschikte intensiteit onvolledig", "Allocated intensity incomplete"),
    nl: "De beschikte intensiteit is onvolledig: volume, eenheid en frequentie horen samen, maar {missing} {missing:is|zijn} leeg. Vul ze alle drie in, of laat ze alle drie leeg als de intensiteit onbekend is.",
    en: "The allocated intensity is incomplete: volume, unit and frequency belong together, but {missing} {missing:is|are} empty. Fill in all three, or leave all three empty when the intensity is unknown.",
    "generic" => nl: "De beschikte intensiteit is onvolledig: bij een generieke toewijzing (0088) mogen eenheid en frequentie leeg blijven, maar niet het volume: {missing} is leeg. Vul het volume in (in euro's), of laat ook eenheid en frequentie leeg.",
    en: "The allocated intensity is incomplete: a generic allocation (0088) may leave unit and frequency empty, but not the volume: {missing} is empty. Fill in the volume (in euros), or leave unit and frequency empty too.",
};

pub(crate) const DELIVERED_UNIT_MISSING: Declaration = rule! {
    "§3.2.2",
    title: ("Geleverde eenheid ontbreekt", "Delivered unit missing"),
    nl: "Geleverd volume {value} heeft geen geleverde eenheid: {unit} is leeg. Vul de eenheid in waarin het volume is geteld.",
    en: "Delivered volume {value} has no delivered unit: {unit} is empty. Fill in the unit the volume is counted in.",
};

pub(crate) const MATERIAL_WITHOUT_END: Declaration = rule! {
    "§3.2.2",
    title: ("Hulpmiddel zonder einddatum", "Aid without an end date"),
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
        message: "",
    },
    PresenceRule {
        rule: Rule::StartMissing,
        kinds: Kinds::ALL,
        requires: Requires::OneOf(&[BeoogdeStartdatum, Startdatum]),
        column: BeoogdeStartdatum,
        report: the_columns,
        message: "",
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
        message: "",
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
        message: "generic",
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
        message: "",
    },
    PresenceRule {
        rule: Rule::MaterialWithoutEnd,
        kinds: Kinds::MATERIAL,
        requires: Requires::OneOf(&[BeoogdeEinddatum, Einddatum]),
        column: Einddatum,
        report: the_type,
        message: "",
    },
];

/// The other column (1-based) of the pair a column (1-based) belongs to where a record needs
/// at least one of the two (R001, R002: rules that reject; not C005's advice): leaving the
/// one empty is right only when the other is filled.
pub(crate) fn one_of_partner(spec: &Spec, column: u8) -> Option<u8> {
    let needed = |rule: Rule| spec.severities(rule).contains(&Severity::Reject);
    PRESENCE_RULES.iter().find_map(|rule| match rule.requires {
        Requires::OneOf([a, b]) if needed(rule.rule) => {
            let (a, b) = (a.column_in(spec) as u8 + 1, b.column_in(spec) as u8 + 1);
            (a == column).then_some(b).or((b == column).then_some(a))
        }
        _ => None,
    })
}

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
    /// Which of the rule's messages says it.
    pub(super) message: &'static str,
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
