//! A field of digits that is not its column's width (F002–F005, F016): what the wrong width
//! most likely means, from the most specific reading to the plainest.

use super::FieldRules;
use crate::bsn::is_valid_bsn;
use crate::findings::{Finding, Param, Sink};
use crate::rules::{fix, rule, Declaration, FieldInput, FixInfo, Repaired, Rule};
use crate::spec::{Column, ColumnKind};

pub(crate) const FIELD_WIDTH: Declaration = rule! {
    "§3.2.1",
    title: ("Verkeerd aantal posities", "Wrong number of positions"),
    nl: "{column} heeft {found:# positie|# posities} ({value}); het moeten er precies {width} zijn.",
    en: "{column} has {found:# position|# positions} ({value}); it must have exactly {width}.",
};

pub(crate) const LEADING_ZEROS: Declaration = rule! {
    "§3.2",
    title: ("Voorloopnullen ontbreken", "Leading zeros missing"),
    fix: LEADING_ZEROS_FIX,
    nl: "{column} ({value}) mist voorloopnullen: vul aan tot {width:# positie|# posities}, dus {suggestion}.",
    en: "{column} ({value}) lacks leading zeros: pad to {width:# position|# positions}, i.e. {suggestion}.",
    "spreadsheet" => nl: "{column} ({value}) mist voorloopnullen: vul aan tot {width:# positie|# posities}, dus {suggestion}. Ook in {columns} van deze regel ontbreken voorloopnullen: waarschijnlijk is het bestand geopend en opgeslagen in een spreadsheetprogramma zoals Excel. Maak de export opnieuw zonder het bestand in Excel te openen.",
    en: "{column} ({value}) lacks leading zeros: pad to {width:# position|# positions}, i.e. {suggestion}. Leading zeros are missing in {columns} of this line too: the file was probably opened and saved in a spreadsheet program such as Excel. Export it again without opening it in Excel.",
    "bsn" => nl: "{column} ({value}) heeft {found:# cijfer|# cijfers}: er {missing:ontbreekt één voorloopnul|ontbreken # voorloopnullen}. Zet {missing:een 0|# nullen} vóór het BSN; een BSN heeft altijd {width:# cijfer|# cijfers}.",
    en: "{column} ({value}) has {found:# digit|# digits}: {missing:one leading zero is|# leading zeros are} missing. Put {missing:a 0|# zeros} before the BSN; a BSN always has {width:# digit|# digits}.",
    "bsn_check" => nl: "{column} ({value}) heeft {found:# cijfer|# cijfers}; een BSN heeft er {width}. Ook met voorloopnullen voldoet het niet aan de elfproef: zoek het juiste BSN op, of vul 999999999 in als het onbekend is.",
    en: "{column} ({value}) has {found:# digit|# digits}; a BSN has {width}. Even with leading zeros it fails the elfproef: look up the right BSN, or fill in 999999999 when it is unknown.",
};

pub(crate) const LEGACY_TYPE_CODE: Declaration = rule! {
    "§3.2.2",
    title: ("Typecode van 2 posities", "2-position type code"),
    fix: LEGACY_TYPE_CODE_FIX,
    nl: "{column} heeft de oude code van 2 posities {value}; sinds H2 2021 zijn categoriecodes 4 posities: {suggestion}. Vraag uw softwareleverancier de export bij te werken.",
    en: "{column} holds the old 2-position code {value}; since H2 2021 category codes have 4 positions: {suggestion}. Ask your software supplier to update the export.",
    "either" => nl: "{column} heeft {value}, een code van 2 posities; het moeten er 4 zijn: {suggestion}. Is het bestand in een spreadsheetprogramma zoals Excel geopend, dan zijn de voorloopnullen weggevallen: maak de export opnieuw zonder Excel. Anders geeft de export nog de oude codes van vóór H2 2021: vraag uw softwareleverancier die bij te werken.",
    en: "{column} holds {value}, a 2-position code; it must have 4: {suggestion}. If the file was opened in a spreadsheet program such as Excel, its leading zeros were dropped: export it again without Excel. Otherwise the export still writes the old codes of before H2 2021: ask your software supplier to update it.",
    "spreadsheet" => nl: "{column} heeft {value} in plaats van {suggestion}: de voorloopnullen zijn weggevallen, net als in {columns} van deze regel. Waarschijnlijk is het bestand geopend en opgeslagen in een spreadsheetprogramma zoals Excel: maak de export opnieuw zonder het bestand in Excel te openen.",
    en: "{column} holds {value} instead of {suggestion}: its leading zeros were dropped, as in {columns} of this line. The file was probably opened and saved in a spreadsheet program such as Excel: export it again without opening it in Excel.",
};

pub(crate) const LEGACY_WIDTH: Declaration = rule! {
    "§2.1",
    title: ("Oude veldlengte", "Former field width"),
    nl: "{column} heeft {found:# positie|# posities}, de lengte van vóór H1 2024; nu zijn het er {width}. Vraag uw softwareleverancier de export aan te passen naar {width:# positie|# posities}, aangevuld met voorloopnullen.",
    en: "{column} has {found:# position|# positions}, the width of before H1 2024; now it has {width}. Ask your software supplier to change the export to {width:# position|# positions}, padded with leading zeros.",
};

pub(crate) const LEGACY_REDEN_BEEINDIGING: Declaration = rule! {
    "§3.2.2",
    title: ("Reden beëindiging van 1 positie", "1-position reason for ending"),
    fix: LEGACY_REDEN_BEEINDIGING_FIX,
    nl: "{column} heeft 1 positie ({value}); CBS leest dat als een oude code Reden_intrekking uit iWmo 2.0. Gebruik bij voorkeur de iWmo 3.2-codes van 2 posities.",
    en: "{column} has 1 position ({value}); CBS reads it as an old iWmo 2.0 Reden_intrekking code. Prefer the 2-position iWmo 3.2 codes.",
};

/// Reports a field of digits of another width than its column's. `record` holds all the
/// fields of the record, so that a finding can name the same trace in other columns.
#[cold]
#[inline(never)]
pub(super) fn report(
    rules: &FieldRules,
    line: u64,
    column: &Column,
    raw: &[u8],
    record: &[&[u8]],
    sink: &mut Sink,
) {
    let col = Some(column.number);
    let len = raw.len();
    let base = |rule| {
        Finding::new(rule, Some(line), col)
            .value(rules.shown(column, raw))
            .param("found", len)
            .param("width", column.width)
    };
    if column.legacy_one_position && len == 1 {
        sink.report(Rule::LegacyRedenBeeindiging, col, || {
            base(Rule::LegacyRedenBeeindiging)
        });
        return;
    }
    let is_type = column.codes == Some(rules.spec.type_codes);
    let zeros = column.width.saturating_sub(len);
    // Padding a BSN (e.g. a 9-digit toewijzingsnummer) must not unmask it.
    let padded = || format!("{}{}", "0".repeat(zeros), rules.shown(column, raw));
    // Other columns of this record whose leading zeros are gone: the trace of a spreadsheet.
    let elsewhere = || {
        let columns = dropped_zeros(rules, record, column.number);
        (!columns.is_empty()).then_some(Param::Columns(columns))
    };
    if is_type && len == 2 && column.width == 4 {
        sink.report(Rule::LegacyTypeCode, col, || {
            let finding = base(Rule::LegacyTypeCode).param("suggestion", padded());
            match elsewhere() {
                Some(columns) => finding.message("spreadsheet").param("columns", columns),
                // `02` was an old code; `11` may as well be `0011` without its zeros.
                None if raw[0] != b'0' => finding.message("either"),
                None => finding,
            }
        });
    } else if column.legacy_width == Some(len) {
        sink.report(Rule::LegacyWidth, col, || base(Rule::LegacyWidth));
    } else if len < column.width && !matches!(column.kind, ColumnKind::Date | ColumnKind::Datetime)
    {
        sink.report(Rule::LeadingZeros, col, || {
            let finding = base(Rule::LeadingZeros).param("missing", zeros);
            if column.kind == ColumnKind::Bsn {
                // The digits are not shown: the message says what is wrong without them.
                let mut digits = vec![b'0'; zeros];
                digits.extend_from_slice(raw);
                let key = if is_valid_bsn(&digits) {
                    "bsn"
                } else {
                    "bsn_check"
                };
                return finding.message(key);
            }
            let finding = finding.param("suggestion", padded());
            match elsewhere() {
                Some(columns) => finding.message("spreadsheet").param("columns", columns),
                None => finding,
            }
        });
    } else if !super::spreadsheet::report_serial(rules, line, column, raw, sink) {
        sink.report(Rule::FieldWidth, col, || base(Rule::FieldWidth));
    }
}

/// The columns of `record`, other than `except`, whose value is digits only, shorter than
/// the column and without a leading zero: leading zeros dropped, as a spreadsheet drops them
/// in every column. (A short value that starts with 0, such as the old type code `02`, is no
/// spreadsheet's work: it would have dropped that zero too.)
fn dropped_zeros(rules: &FieldRules, record: &[&[u8]], except: u8) -> Vec<u8> {
    rules
        .spec
        .columns
        .iter()
        .zip(record)
        .filter(|(c, raw)| {
            c.number != except
                && !matches!(c.kind, ColumnKind::Date | ColumnKind::Datetime)
                && raw.first().is_some_and(|b| *b != b'0')
                && raw.len() < c.width
                && raw.iter().all(u8::is_ascii_digit)
                && !(c.legacy_one_position && raw.len() == 1)
        })
        .map(|(c, _)| c.number)
        .collect()
}

// The repairs (`gmsd-fast fix`), beside the check that finds what they repair.

pub(crate) const LEADING_ZEROS_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Voorloopnullen aangevuld",
    en: "Leading zeros restored",
    field: |f: &FieldInput<'_>| with_leading_zeros(f.column, f.raw).map(Repaired::sure),
};

pub(crate) const LEGACY_TYPE_CODE_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Oude typecode van 2 posities aangevuld tot 4 posities",
    en: "Old 2-position type code padded to 4 positions",
    field: |f: &FieldInput<'_>| with_leading_zeros(f.column, f.raw).map(Repaired::sure),
};

pub(crate) const LEGACY_REDEN_BEEINDIGING_FIX: FixInfo = fix! {
    Unsafe, Sometimes,
    nl: "Reden beëindiging van 1 positie aangevuld tot 2 posities (als nieuwe code gelezen)",
    en: "Reason for ending of 1 position padded to 2 positions (read as a new code)",
    field: |f: &FieldInput<'_>| with_leading_zeros(f.column, f.raw).map(Repaired::sure),
};

/// F003's, F004's and F016's repair: the digits of a field shorter than its column, with
/// the zeros a spreadsheet dropped put back in front. A number keeps its value and a code its
/// meaning, so this is safe, except for a BSN, which is padded only when the padded number
/// passes the elfproef: an eight-digit number that does not is no BSN that lost its zero. The
/// caller has found that the rule applies (digits only, shorter than the width); F016's
/// one-position reden beëindiging may also be an old iWmo 2.0 code, so its repair is unsafe.
pub(crate) fn with_leading_zeros(column: &Column, raw: &[u8]) -> Option<Vec<u8>> {
    leading_zeros_repairable(column, raw).then(|| {
        let mut padded = vec![b'0'; column.width - raw.len()];
        padded.extend_from_slice(raw);
        padded
    })
}

/// Whether [`with_leading_zeros`] repairs `raw`, without making the repair.
fn leading_zeros_repairable(column: &Column, raw: &[u8]) -> bool {
    if raw.len() >= column.width || !raw.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if column.kind != ColumnKind::Bsn {
        return true;
    }
    let mut padded = [b'0'; 9];
    match padded.len().checked_sub(raw.len()) {
        Some(zeros) if column.width == padded.len() => {
            padded[zeros..].copy_from_slice(raw);
            is_valid_bsn(&padded)
        }
        _ => false,
    }
}
