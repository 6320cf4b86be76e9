//! The date rules (D001–D010): dates of a record against each other, against the reporting
//! period and against the start of the Wmo 2015, as the protocol's "Let op" blocks of §3.2.2
//! state them (docs/protocol.md#s3-2-2). Each of D001–D009 is one line of [`DATE_RULES`]: the
//! date it is about, and the bound it must not be before or after. A rule needs both its
//! dates; without a reporting period the period's bounds are open, so no date falls outside.

use super::RecordRules;
use crate::findings::value::display_value;
use crate::findings::{Finding, Param, Sink};
use crate::record::{Field, Row};
use crate::rules::{rule, Declaration, Rule};
use crate::spec::Period;

pub(crate) const INTENDED_START_AFTER_PERIOD: Declaration = rule! {
    "§3.2.2",
    title: ("Beoogde start na de verslagperiode", "Intended start after the period"),
    nl: "Beoogde startdatum {date} ({date:day}) ligt na de laatste dag van de verslagperiode {period} ({last:day}). Gaat het bestand over een ander halfjaar, verbeter dan de code uitvraag in de naam; anders begint de voorziening pas na de periode en hoort hij in de levering over een later halfjaar, of is de datum fout.",
    en: "Intended start date {date} ({date:day}) is after the last day of the reporting period {period} ({last:day}). If the file covers another half year, correct the period code in the name; otherwise the provision begins only after the period and belongs in the delivery about a later half year, or the date is wrong.",
};

pub(crate) const START_BEFORE_INTENDED_START: Declaration = rule! {
    "§3.2.2, §4.1.2",
    title: ("Start vóór de beoogde start", "Start before the intended start"),
    nl: "Daadwerkelijke startdatum {date} ({date:day}) ligt vóór de beoogde startdatum {other} ({other:day}). CBS meldt dit maar keurt het bestand hierop niet af; controleer of het klopt.",
    en: "Actual start date {date} ({date:day}) is before the intended start date {other} ({other:day}). CBS reports this but does not reject the file for it; check whether it is right.",
};

pub(crate) const START_AFTER_PERIOD: Declaration = rule! {
    "§3.2.2",
    title: ("Start na de verslagperiode", "Start after the period"),
    nl: "Daadwerkelijke startdatum {date} ({date:day}) ligt na de laatste dag van de verslagperiode {period} ({last:day}). Gaat het bestand over een ander halfjaar, verbeter dan de code uitvraag in de naam; anders begint de voorziening pas na de periode en hoort hij in de levering over een later halfjaar, of is de datum fout.",
    en: "Actual start date {date} ({date:day}) is after the last day of the reporting period {period} ({last:day}). If the file covers another half year, correct the period code in the name; otherwise the provision begins only after the period and belongs in the delivery about a later half year, or the date is wrong.",
};

pub(crate) const START_BEFORE_2015: Declaration = rule! {
    "§3.2.2",
    title: ("Start vóór 2015", "Start before 2015"),
    nl: "Daadwerkelijke startdatum {date} ({date:day}) ligt vóór {earliest:day}; ook voor overgangscliënten uit de AWBZ kan dat niet. Vul de datum in waarop de gemeente de ondersteuning overnam, op zijn vroegst {earliest}.",
    en: "Actual start date {date} ({date:day}) is before {earliest:day}; not even for clients transferred from the AWBZ. Fill in the day the municipality took the support over, {earliest} at the earliest.",
};

pub(crate) const INTENDED_END_BEFORE_INTENDED_START: Declaration = rule! {
    "§3.2.2",
    title: ("Beoogd einde vóór beoogde start", "Intended end before intended start"),
    nl: "Beoogde einddatum {date} ({date:day}) ligt vóór de beoogde startdatum {other} ({other:day}): controleer beide datums.",
    en: "Intended end date {date} ({date:day}) is before the intended start date {other} ({other:day}): check both dates.",
};

pub(crate) const INTENDED_END_BEFORE_PERIOD: Declaration = rule! {
    "§3.1.1, §3.2.2",
    title: ("Beoogd einde vóór de verslagperiode", "Intended end before the period"),
    nl: "Beoogde einddatum {date} ({date:day}) ligt vóór de eerste dag van de verslagperiode {period} ({first:day}), en volgens de daadwerkelijke einddatum {end} ({end:day}) stond de voorziening in de periode niet open. Gaat het bestand over een ander halfjaar, verbeter dan de code uitvraag in de naam; anders hoort het record niet in de levering over {period}, of zijn de datums fout.",
    en: "Intended end date {date} ({date:day}) is before the first day of the reporting period {period} ({first:day}), and by the actual end date {end} ({end:day}) the provision was not open in the period. If the file covers another half year, correct the period code in the name; otherwise the record does not belong in the delivery about {period}, or the dates are wrong.",
    "running" => nl: "Beoogde einddatum {date} ({date:day}) ligt vóór de eerste dag van de verslagperiode {period} ({first:day}), maar er is geen daadwerkelijke einddatum: loopt de voorziening nog, dan is de toewijzing waarschijnlijk verlengd en hoort hier de beoogde einddatum van de verlenging. Is de voorziening vóór {first:day} geëindigd, vul dan de daadwerkelijke einddatum in: dan stond hij in de periode niet open.",
    en: "Intended end date {date} ({date:day}) is before the first day of the reporting period {period} ({first:day}), but there is no actual end date: if the provision still runs, the allocation was probably extended and the intended end date of the extension belongs here. If the provision ended before {first:day}, fill in the actual end date: then it was not open in the period.",
    "ran_on" => nl: "Beoogde einddatum {date} ({date:day}) ligt vóór de eerste dag van de verslagperiode {period} ({first:day}), maar volgens de daadwerkelijke einddatum {end} ({end:day}) liep de voorziening in de periode nog: de toewijzing is waarschijnlijk verlengd. Vul de beoogde einddatum van de verlenging in.",
    en: "Intended end date {date} ({date:day}) is before the first day of the reporting period {period} ({first:day}), but by the actual end date {end} ({end:day}) the provision still ran in the period: the allocation was probably extended. Fill in the intended end date of the extension.",
    "unknown_end" => nl: "Beoogde einddatum {date} ({date:day}) ligt vóór de eerste dag van de verslagperiode {period} ({first:day}); de daadwerkelijke einddatum is geen geldige datum, dus of de voorziening nog liep is niet te zien. Is de toewijzing verlengd, vul dan de beoogde einddatum van de verlenging in; is de voorziening vóór {first:day} geëindigd, dan hoort het record niet in de levering over {period}.",
    en: "Intended end date {date} ({date:day}) is before the first day of the reporting period {period} ({first:day}); the actual end date is no valid date, so whether the provision still ran cannot be seen. If the allocation was extended, fill in the intended end date of the extension; if the provision ended before {first:day}, the record does not belong in the delivery about {period}.",
};

pub(crate) const END_BEFORE_START: Declaration = rule! {
    "§3.2.2",
    title: ("Einde vóór start", "End before start"),
    nl: "Daadwerkelijke einddatum {date} ({date:day}) ligt vóór de daadwerkelijke startdatum {other} ({other:day}): controleer beide datums.",
    en: "Actual end date {date} ({date:day}) is before the actual start date {other} ({other:day}): check both dates.",
};

pub(crate) const END_BEFORE_PERIOD: Declaration = rule! {
    "§3.1.1, §3.2.2",
    title: ("Einde vóór de verslagperiode", "End before the period"),
    nl: "Daadwerkelijke einddatum {date} ({date:day}) ligt vóór de eerste dag van de verslagperiode {period} ({first:day}): de voorziening stond in de periode niet open. Gaat het bestand over een ander halfjaar, verbeter dan de code uitvraag in de naam; anders hoort het record niet in de levering over {period}, of is de datum fout.",
    en: "Actual end date {date} ({date:day}) is before the first day of the reporting period {period} ({first:day}): the provision was not open in the period. If the file covers another half year, correct the period code in the name; otherwise the record does not belong in the delivery about {period}, or the date is wrong.",
};

pub(crate) const END_AFTER_INTENDED_END: Declaration = rule! {
    "§3.2.2, §4.1.2",
    title: ("Einde na het beoogde einde", "End after the intended end"),
    nl: "Daadwerkelijke einddatum {date} ({date:day}) ligt na de beoogde einddatum {other} ({other:day}). CBS meldt dit maar keurt het bestand hierop niet af; controleer of het klopt.",
    en: "Actual end date {date} ({date:day}) is after the intended end date {other} ({other:day}). CBS reports this but does not reject the file for it; check whether it is right.",
};

pub(crate) const CREATED_BEFORE_PERIOD_END: Declaration = rule! {
    "§3.2.2",
    title: ("Aangemaakt vóór het einde van de periode", "Created before the period ended"),
    nl: "Het bestand is aangemaakt op {date:day}, vóór het einde van de verslagperiode {period} ({last:day}). Gaat het bestand over een eerder halfjaar, verbeter dan de code uitvraag in de naam; anders ontbreken de voorzieningen van na die dag: maak de export na afloop van de periode.",
    en: "The file was created on {date:day}, before the reporting period {period} ended ({last:day}). If the file covers an earlier half year, correct the period code in the name; otherwise provisions after that day are missing: export it after the period has ended.",
};

use Operand::{
    BeoogdeEinddatum, BeoogdeStartdatum, Earliest, Einddatum, PeriodFirst, PeriodLast, Startdatum,
};

/// D001–D009: what each compares. Their bits in [`super::Presence`] and in the quick test
/// follow this order.
pub(super) const DATE_RULES: [DateRule; 9] = [
    DateRule::before(
        Rule::StartBeforeIntendedStart,
        Startdatum,
        BeoogdeStartdatum,
    ),
    DateRule::before(Rule::StartBefore2015, Startdatum, Earliest),
    DateRule::before(
        Rule::IntendedEndBeforeIntendedStart,
        BeoogdeEinddatum,
        BeoogdeStartdatum,
    ),
    DateRule::before(Rule::EndBeforeStart, Einddatum, Startdatum),
    DateRule::after(Rule::EndAfterIntendedEnd, Einddatum, BeoogdeEinddatum),
    DateRule::after(
        Rule::IntendedStartAfterPeriod,
        BeoogdeStartdatum,
        PeriodLast,
    ),
    DateRule::after(Rule::StartAfterPeriod, Startdatum, PeriodLast),
    DateRule::before(Rule::IntendedEndBeforePeriod, BeoogdeEinddatum, PeriodFirst),
    DateRule::before(Rule::EndBeforePeriod, Einddatum, PeriodFirst),
];

/// What a date rule compares: a date of the record, or a bound.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Operand {
    BeoogdeStartdatum,
    BeoogdeEinddatum,
    Startdatum,
    Einddatum,
    /// The first day of the reporting period.
    PeriodFirst,
    /// The last day of the reporting period.
    PeriodLast,
    /// The earliest actual start (1 January 2015).
    Earliest,
}

impl Operand {
    pub(super) const COUNT: usize = 7;

    /// The record's field, for the operands that are one.
    pub(super) const fn field(self) -> Option<Field> {
        match self {
            Operand::BeoogdeStartdatum => Some(Field::BeoogdeStartdatum),
            Operand::BeoogdeEinddatum => Some(Field::BeoogdeEinddatum),
            Operand::Startdatum => Some(Field::Startdatum),
            Operand::Einddatum => Some(Field::Einddatum),
            Operand::PeriodFirst | Operand::PeriodLast | Operand::Earliest => None,
        }
    }
}

/// One date rule: `date` must not lie before (or after) `bound`.
#[derive(Copy, Clone, Debug)]
pub(super) struct DateRule {
    pub(super) rule: Rule,
    pub(super) date: Operand,
    /// Whether the date is wrong when it lies after the bound (else before it).
    after: bool,
    pub(super) bound: Operand,
}

impl DateRule {
    const fn before(rule: Rule, date: Operand, bound: Operand) -> DateRule {
        DateRule {
            rule,
            date,
            after: false,
            bound,
        }
    }

    const fn after(rule: Rule, date: Operand, bound: Operand) -> DateRule {
        DateRule {
            rule,
            date,
            after: true,
            bound,
        }
    }

    /// Whether the operands' values break the rule (whether they are there or not).
    #[inline(always)]
    pub(super) fn is_wrong(&self, values: &[u32; Operand::COUNT]) -> bool {
        let (date, bound) = (values[self.date as usize], values[self.bound as usize]);
        if self.after {
            bound < date
        } else {
            date < bound
        }
    }

    /// Reports the rule on a record that breaks it.
    pub(super) fn report(&self, rules: &RecordRules, line: u64, v: &Row, sink: &mut Sink) {
        let p = &rules.plan;
        let Some(field) = self.date.field() else {
            return;
        };
        let column = p.column(field);
        let date = v.date(column).expect("a rule fired on this date");
        let other = self.bound.field().and_then(|f| v.date(p.column(f)));
        let col = Some(column as u8 + 1);
        sink.report(self.rule, col, || {
            let mut f = Finding::new(self.rule, Some(line), col)
                .value(date.to_string())
                .param("date", Param::Date(date));
            if let Some(o) = other {
                f = f.param("other", Param::Date(o));
            }
            if let Some(period) = rules.period {
                f = f
                    .param("period", period)
                    .param("first", Param::Date(period.first_day()))
                    .param("last", Param::Date(period.last_day()));
            }
            if self.rule == Rule::IntendedEndBeforePeriod {
                f = intended_end_said(f, p, v);
            }
            f.param("earliest", Param::Date(p.earliest))
        });
    }
}

/// D006 as the actual end date shows it: a provision without one may still run (its
/// allocation extended), one that ended in or after the period ran on; only one that ended
/// before it was not open.
fn intended_end_said(finding: Finding, p: &crate::record::RecordPlan, v: &Row) -> Finding {
    let column = p.column(Field::Einddatum);
    match v.date(column) {
        Some(end) if end >= p.first => finding.message("ran_on").param("end", Param::Date(end)),
        Some(end) => finding.param("end", Param::Date(end)),
        None if v.filled >> (column & 31) & 1 != 0 => finding.message("unknown_end"),
        None => finding.message("running"),
    }
}

/// D010: the aanmaakdatum of the first record (`stamp`, `EEJJMMDDUUMM`, valid) lies within
/// the reporting period: the file was made before the period ended.
#[cold]
pub(crate) fn created_before_period_end(
    period: Option<Period>,
    line: u64,
    column: u8,
    raw: &[u8],
    stamp: u64,
    sink: &mut Sink,
) {
    let Some(p) = period else {
        return;
    };
    let created = (stamp / 10_000) as u32;
    if created <= p.last_day() {
        let col = Some(column);
        sink.report(Rule::CreatedBeforePeriodEnd, col, || {
            Finding::new(Rule::CreatedBeforePeriodEnd, Some(line), col)
                .value(display_value(raw))
                .param("date", Param::Date(created))
                .param("period", p)
                .param("last", Param::Date(p.last_day()))
        });
    }
}
