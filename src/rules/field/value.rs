//! A field of digits of the right width whose value is refused (F011–F015): zeros filling an
//! empty cell, a date that does not exist, a code outside its list, a gemeentecode outside
//! the period's municipalities, a BSN failing the elfproef.

use super::FieldRules;
use crate::findings::{Finding, Param, Sink};
use crate::rules::{fix, rule, Declaration, FieldInput, FixInfo, Repaired, Rule};
use crate::spec::dates::is_valid_ymd;
use crate::spec::{Column, ColumnKind};

pub(crate) const ZERO_FILLED: Declaration = rule! {
    "§3.2 voetnoot 2",
    title: ("Gevuld met nullen", "Filled with zeros"),
    fix: ZERO_FILLED_FIX,
    nl: "{column} is gevuld met nullen ({value}). Is de waarde onbekend, laat de cel dan leeg in plaats van nullen in te vullen.",
    en: "{column} is filled with zeros ({value}). If the value is unknown, leave the cell empty instead of filling in zeros.",
    "bsn" => nl: "{column} is gevuld met nullen ({value}). Is het BSN onbekend, vul dan 999999999 in; de cel mag niet leeg blijven.",
    en: "{column} is filled with zeros ({value}). If the BSN is unknown, fill in 999999999; the cell must not stay empty.",
    "mandatory" => nl: "{column} is gevuld met nullen ({value}). Dit veld is verplicht: vul de juiste waarde in; de cel mag niet leeg blijven.",
    en: "{column} is filled with zeros ({value}). This field is mandatory: fill in the right value; the cell must not stay empty.",
    "one_of" => nl: "{column} is gevuld met nullen ({value}). Vul de juiste waarde in; leeg laten mag alleen als {other} gevuld is, want een record heeft er minstens één van de twee nodig.",
    en: "{column} is filled with zeros ({value}). Fill in the right value; leave it empty only when {other} is filled, as a record needs at least one of the two.",
};

pub(crate) const INVALID_DATE: Declaration = rule! {
    "§3.2",
    title: ("Ongeldige datum", "Invalid date"),
    nl: "{column} ({value}) is geen geldige datum in de vorm EEJJMMDD (jaar, maand, dag). Controleer de datum in de bronregistratie.",
    en: "{column} ({value}) is not a valid date of the form CCYYMMDD (EEJJMMDD in the protocol: year, month, day). Check the date in the source records.",
    "day_first" => nl: "{column} ({value}) staat in de volgorde dag-maand-jaar; schrijf jaar-maand-dag (EEJJMMDD): {suggestion}.",
    en: "{column} ({value}) is written day-month-year; write year-month-day (CCYYMMDD): {suggestion}.",
    "datetime" => nl: "{column} ({value}) is geen geldige datum en tijd in de vorm EEJJMMDDUUMM (jaar, maand, dag, uur, minuut).",
    en: "{column} ({value}) is not a valid date and time of the form CCYYMMDDhhmm (EEJJMMDDUUMM in the protocol: year, month, day, hour, minute).",
};

pub(crate) const INVALID_CODE: Declaration = rule! {
    "§3.2.2",
    title: ("Code niet in de codelijst", "Code not in the code list"),
    nl: "{column} heeft de code {value}, die niet in de codelijst staat. Toegestaan: {allowed}.",
    en: "{column} holds the code {value}, which is not in the code list. Allowed: {allowed}.",
};

pub(crate) const UNKNOWN_GEMEENTE: Declaration = rule! {
    "§4.1.2",
    title: ("Onbekende gemeentecode", "Unknown municipality code"),
    nl: "Gemeentecode {value} staat niet in de CBS-lijst van gemeenten in {period}.",
    en: "Municipality code {value} is not in the CBS list of municipalities in {period}.",
    "ended" => nl: "Gemeentecode {value} staat niet in de CBS-lijst van gemeenten in {period}: {name} bestaat niet meer sinds {date:day}.",
    en: "Municipality code {value} is not in the CBS list of municipalities in {period}: {name} no longer exists since {date:day}.",
    "not_yet" => nl: "Gemeentecode {value} staat niet in de CBS-lijst van gemeenten in {period}: {name} bestaat pas sinds {date:day}.",
    en: "Municipality code {value} is not in the CBS list of municipalities in {period}: {name} exists only since {date:day}.",
    "today" => nl: "Gemeentecode {value} staat niet in de huidige CBS-lijst van gemeenten.",
    en: "Municipality code {value} is not in the current CBS list of municipalities.",
    "today_ended" => nl: "Gemeentecode {value} staat niet in de huidige CBS-lijst van gemeenten: {name} bestaat niet meer sinds {date:day}.",
    en: "Municipality code {value} is not in the current CBS list of municipalities: {name} no longer exists since {date:day}.",
    "today_not_yet" => nl: "Gemeentecode {value} staat niet in de huidige CBS-lijst van gemeenten: {name} bestaat pas sinds {date:day}.",
    en: "Municipality code {value} is not in the current CBS list of municipalities: {name} exists only since {date:day}.",
    "caribbean" => nl: "Gemeentecode {value} is {name}, een openbaar lichaam van Caribisch Nederland en geen gemeente in deze monitor; lever alleen gegevens van gemeenten in Europees Nederland.",
    en: "Municipality code {value} is {name}, a public body of the Caribbean Netherlands and no municipality in this monitor; deliver data of municipalities in the European Netherlands only.",
};

pub(crate) const BSN_ELFPROEF: Declaration = rule! {
    "§3.2.2, §4.1.2",
    title: ("BSN voldoet niet aan de elfproef", "BSN fails the elfproef"),
    nl: "BSN {value} voldoet niet aan de elfproef. Zoek het juiste BSN op, of gebruik 999999999 als het BSN onbekend is.",
    en: "BSN {value} fails the elfproef (check digit). Look up the right BSN, or use 999999999 when the BSN is unknown.",
};

/// Reports why a value of digits of the column's width was refused.
#[cold]
#[inline(never)]
pub(super) fn report(
    rules: &FieldRules,
    line: u64,
    column: &Column,
    value: u64,
    raw: &[u8],
    sink: &mut Sink,
) {
    let col = Some(column.number);
    let shown = || rules.shown(column, raw);
    if value == 0 {
        sink.report(Rule::ZeroFilled, col, || {
            let finding = Finding::new(Rule::ZeroFilled, Some(line), col).value(shown());
            match (column.kind, column.mandatory, rules.one_of_partner(column)) {
                (ColumnKind::Bsn, _, _) => finding.message("bsn"),
                (_, true, _) => finding.message("mandatory"),
                // Empty is right only when the other of its pair is filled (R001, R002).
                (_, false, Some(other)) => finding
                    .message("one_of")
                    .param("other", Param::Column(other)),
                _ => finding,
            }
        });
        return;
    }
    match column.kind {
        ColumnKind::Volume | ColumnKind::Number => {}
        ColumnKind::Date | ColumnKind::Datetime => sink.report(Rule::InvalidDate, col, || {
            let finding = Finding::new(Rule::InvalidDate, Some(line), col).value(shown());
            if column.kind == ColumnKind::Datetime {
                finding.message("datetime")
            } else if let Some(date) = day_first(value) {
                finding
                    .message("day_first")
                    .param("suggestion", format!("{date:08}"))
            } else {
                finding
            }
        }),
        ColumnKind::Gemeente => sink.report(Rule::UnknownGemeente, col, || {
            unknown_gemeente(rules, line, col, value as u16).value(shown())
        }),
        ColumnKind::Bsn => sink.report(Rule::BsnElfproef, col, || {
            Finding::new(Rule::BsnElfproef, Some(line), col).value(shown())
        }),
        ColumnKind::Code => {
            let list = rules
                .spec
                .code_list(column)
                .expect("code columns have a list");
            sink.report(Rule::InvalidCode, col, || {
                Finding::new(Rule::InvalidCode, Some(line), col)
                    .value(shown())
                    .param("allowed", Param::List(list.listed.clone()))
            });
        }
    }
}

/// A date of eight digits written day-month-year (`01072025`), as `yyyymmdd`, when it is a
/// calendar date read so and not read as written.
fn day_first(value: u64) -> Option<u32> {
    let (day, month, year) = (value / 1_000_000, value / 10_000 % 100, value % 10_000);
    let ymd = (year * 10_000 + month * 100 + day) as u32;
    (year >= 1900 && is_valid_ymd(ymd)).then_some(ymd)
}

/// F014 for `code`: which municipality it was or will be, if any, and when.
fn unknown_gemeente(rules: &FieldRules, line: u64, col: Option<u8>, code: u16) -> Finding {
    let finding = Finding::new(Rule::UnknownGemeente, Some(line), col);
    if let Some(name) = rules.spec.caribisch_nederland(code) {
        return finding.message("caribbean").param("name", name);
    }
    let (finding, keys) = match rules.period {
        Some(period) => (finding.param("period", period), ["", "ended", "not_yet"]),
        None => (finding, ["today", "today_ended", "today_not_yet"]),
    };
    match rules.spec.gemeenten.latest(code) {
        Some(g) => {
            let (key, date) = match g.valid_to {
                Some(to) => (keys[1], to),
                None => (keys[2], g.valid_from),
            };
            finding
                .message(key)
                .param("name", g.name.as_str())
                .param("date", Param::Date(date))
        }
        None => finding.message(keys[0]),
    }
}

// The repair (`gmsd-fast fix`), beside the check that finds what it repairs.

pub(crate) const ZERO_FILLED_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Met nullen gevulde lege cel leeggemaakt",
    en: "Empty cell filled with zeros emptied",
    field: |f: &FieldInput<'_>| emptied(f.column).map(Repaired::sure),
};

/// F011's repair: a field of zeros where zero is no value (§3.2, footnote 2) is an empty
/// cell filled in, so it is emptied; the caller has found that the rule applies. A mandatory
/// field is not: it needs its true value, which only the user knows. Nor is a field whose
/// record then lacks what it must have (a start date of the pair, a complete intensity): the
/// repairs' decision (`rules::repair`) makes the repair only where the record gains no finding.
pub(crate) fn emptied(column: &Column) -> Option<Vec<u8>> {
    (!column.mandatory).then(Vec::new)
}
