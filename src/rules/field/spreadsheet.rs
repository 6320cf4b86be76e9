//! What a spreadsheet program leaves in a file: one hint for the whole file (F017), read from
//! the field findings it left behind in several columns — leading zeros dropped (`0363` →
//! `363`, `0011` → `11`) and long numbers in scientific notation (`2,02601E+11`) — and in a
//! field: Excel's date serials in a date column (F018: `45748` for 1 April 2025), the formula
//! an export writes to keep a value as text (F020: `="0014"`), a volume with thousands
//! separators (F021: `1.500`), an error value of a formula (F022: `#N/B`).

use super::FieldRules;
use crate::findings::{Counts, Finding, Param, Sink};
use crate::rules::{fix, rule, Declaration, FieldInput, FixInfo, Repaired, Rule};
use crate::spec::dates::ymd_from_days;
use crate::spec::{Column, ColumnKind, Ymd};

pub(crate) const SPREADSHEET_ROUND_TRIP: Declaration = rule! {
    "§3.2, §4.1.1",
    title: ("Bewerkt in een spreadsheetprogramma", "Edited in a spreadsheet program"),
    nl: "Dit bestand is waarschijnlijk geopend en opgeslagen in een spreadsheetprogramma zoals Excel: in {columns} zijn voorloopnullen weggevallen of staan getallen in wetenschappelijke notatie. Maak de export opnieuw zonder het bestand in Excel te openen, of importeer alle kolommen als tekst.",
    en: "This file was probably opened and saved in a spreadsheet program such as Excel: in {columns} leading zeros were dropped or numbers are in scientific notation. Export the file again without opening it in Excel, or import every column as text.",
};

/// The rules whose findings a spreadsheet leaves behind.
const SIGNS: [Rule; 3] = [
    Rule::LeadingZeros,
    Rule::LegacyTypeCode,
    Rule::ScientificNotation,
];

/// Columns that show a spreadsheet's traces before the hint is given: one column can be a
/// slip of the export, two or more are a pattern.
const MIN_COLUMNS: usize = 2;

/// Adds the hint to `sink` when the file's findings so far show a spreadsheet's traces in
/// at least [`MIN_COLUMNS`] columns, and on average in at least every second of its `rows`
/// records: a spreadsheet changes every record, a faulty export only some. The hint is
/// repairable when it would not be given once the repairable findings are repaired (they
/// are gone then, and the records stay as many).
pub(crate) fn spreadsheet_hint(sink: &mut Sink, rows: u64) {
    let Some(columns) = traces(&sink.counts, None, rows) else {
        return;
    };
    sink.report(Rule::SpreadsheetRoundTrip, None, || {
        Finding::new(Rule::SpreadsheetRoundTrip, None, None)
            .param("columns", Param::Columns(columns))
    });
    if traces(&sink.counts, Some(&sink.fixable), rows).is_none() {
        sink.count_fixable(Rule::SpreadsheetRoundTrip, None);
    }
}

/// The columns with a spreadsheet's traces in `counts` (less those in `less`), when they are
/// enough for the hint.
fn traces(counts: &Counts, less: Option<&Counts>, rows: u64) -> Option<Vec<u8>> {
    let mut columns = Vec::new();
    let mut found = 0u64;
    for rule in SIGNS {
        let gone = less.map(|l| l.of_rule_by_column(rule)).unwrap_or_default();
        for (column, n) in counts.of_rule_by_column(rule) {
            let repaired = gone
                .iter()
                .find(|(c, _)| *c == column)
                .map_or(0, |(_, g)| *g);
            let left = n.saturating_sub(repaired);
            if left > 0 {
                found += left;
                columns.extend(column);
            }
        }
    }
    columns.sort_unstable();
    columns.dedup();
    (columns.len() >= MIN_COLUMNS && found.saturating_mul(2) >= rows).then_some(columns)
}

pub(crate) const EXCEL_DATE_SERIAL: Declaration = rule! {
    "§3.2, §4.1.1",
    title: ("Datumgetal van Excel", "Excel date serial"),
    fix: EXCEL_DATE_SERIAL_FIX,
    nl: "{column} ({value}) is geen datum maar waarschijnlijk een datumgetal van Excel: daar staat {value} voor {date:day} (in het 1904-datumsysteem van oudere Mac-versies voor {date1904:day}). Schrijf de datum als {suggestion} (EEJJMMDD) en sla de kolom in Excel op als tekst.",
    en: "{column} ({value}) is no date but probably an Excel date serial: there {value} stands for {date:day} (in the 1904 date system of older Mac versions for {date1904:day}). Write the date as {suggestion} (CCYYMMDD) and save the column in Excel as text.",
    "datetime" => nl: "{column} ({value}) is geen datum en tijd maar waarschijnlijk een datumgetal van Excel: daar staat {value} voor {date:day} om {time} (in het 1904-datumsysteem van oudere Mac-versies voor {date1904:day}). Schrijf ze als {suggestion} (EEJJMMDDUUMM) en sla de kolom in Excel op als tekst.",
    en: "{column} ({value}) is no date and time but probably an Excel date serial: there {value} stands for {date:day} at {time} (in the 1904 date system of older Mac versions for {date1904:day}). Write them as {suggestion} (CCYYMMDDhhmm) and save the column in Excel as text.",
};

pub(crate) const EXCEL_DATE_SERIAL_FIX: FixInfo = fix! {
    Unsafe, Sometimes,
    nl: "Datumgetal van Excel geschreven als datum (gelezen in het 1900-datumsysteem van Excel)",
    en: "Excel date serial written as a date (read in Excel's 1900 date system)",
    field: |f: &FieldInput<'_>| excel_date(f.column, f.raw).map(Repaired::sure),
};

/// The serials of 1 January 1990 and 31 December 2099 in Excel's 1900 date system: a
/// number of five digits between them in a date column is read as one.
const SERIALS: std::ops::RangeInclusive<u64> = 32_874..=73_050;

/// Days from 1970-01-01 to Excel's day 0 in the 1900 date system (30 December 1899, which
/// makes every serial after 60 right despite Excel's 29 February 1900) and in the 1904
/// system (1 January 1904).
const EPOCH_1900: i64 = -25_569;
const EPOCH_1904: i64 = -24_107;

/// An Excel date serial in a date column (five digits) or the aanmaakdatum column (five
/// digits, perhaps with a fraction of a day after a comma or point): the date it stands for
/// in the 1900 and the 1904 date system, and the time of day in minutes for a fraction.
pub(crate) fn excel_serial(column: &Column, raw: &[u8]) -> Option<(Ymd, Ymd, Option<u32>)> {
    let (days, fraction) = match raw.iter().position(|b| *b == b',' || *b == b'.') {
        Some(at) if column.kind == ColumnKind::Datetime => (&raw[..at], Some(&raw[at + 1..])),
        None if matches!(column.kind, ColumnKind::Date | ColumnKind::Datetime) => (raw, None),
        _ => return None,
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if days.len() != 5 || !digits(days) || fraction.is_some_and(|f| !digits(f) || f.len() > 10) {
        return None;
    }
    let serial: u64 = std::str::from_utf8(days).ok()?.parse().ok()?;
    if !SERIALS.contains(&serial) {
        return None;
    }
    let minutes = fraction.map(|f| {
        let value: f64 = format!("0.{}", std::str::from_utf8(f).unwrap_or("0"))
            .parse()
            .unwrap_or(0.0);
        ((value * 1440.0).round() as u32).min(1439)
    });
    let serial = serial as i64;
    Some((
        ymd_from_days(EPOCH_1900 + serial),
        ymd_from_days(EPOCH_1904 + serial),
        minutes,
    ))
}

/// F018 for a value that is an Excel date serial ([`excel_serial`]); whether it was one.
#[cold]
pub(crate) fn report_serial(
    rules: &FieldRules,
    line: u64,
    column: &Column,
    raw: &[u8],
    sink: &mut Sink,
) -> bool {
    let Some((date, date1904, minutes)) = excel_serial(column, raw) else {
        return false;
    };
    let col = Some(column.number);
    sink.report(Rule::ExcelDateSerial, col, || {
        let finding = Finding::new(Rule::ExcelDateSerial, Some(line), col)
            .value(rules.shown(column, raw))
            .param("date", Param::Date(date))
            .param("date1904", Param::Date(date1904));
        match (column.kind, minutes) {
            (ColumnKind::Datetime, minutes) => {
                let minutes = minutes.unwrap_or(0);
                let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
                finding
                    .message("datetime")
                    .param("suggestion", format!("{date:08}{}", time.replace(':', "")))
                    .param("time", time)
            }
            _ => finding.param("suggestion", format!("{date:08}")),
        }
    });
    true
}

/// F018's repair (unsafe: a workbook may use the 1904 date system): the date, and for the
/// aanmaakdatum the time, that the serial stands for in Excel's 1900 date system.
pub(crate) fn excel_date(column: &Column, raw: &[u8]) -> Option<Vec<u8>> {
    let (date, _, minutes) = excel_serial(column, raw)?;
    let text = match column.kind {
        ColumnKind::Datetime => {
            let minutes = minutes.unwrap_or(0);
            format!("{date:08}{:02}{:02}", minutes / 60, minutes % 60)
        }
        _ => format!("{date:08}"),
    };
    (text.len() == column.width).then(|| text.into_bytes())
}

pub(crate) const EXCEL_FORMULA: Declaration = rule! {
    "§3.2, §4.1.1",
    title: ("Formule van Excel", "Excel formula"),
    fix: EXCEL_FORMULA_FIX,
    nl: "{column} ({value}) is een formule van Excel die de tekst {suggestion} geeft: zo schrijven sommige exports een waarde die Excel als tekst moet laten staan. Het bestand bevat alleen de waarde, {suggestion}, zonder = en aanhalingstekens.",
    en: "{column} ({value}) is an Excel formula that gives the text {suggestion}: some exports write a value so that Excel keeps it as text. The file holds the value alone, {suggestion}, without = and quotes.",
};

pub(crate) const EXCEL_FORMULA_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Formule =\"…\" vervangen door de tekst die ze geeft",
    en: "Formula =\"…\" replaced by the text it gives",
    field: |f: &FieldInput<'_>| without_formula(f.raw).map(Repaired::sure),
};

/// The text inside Excel's `="…"` around a value (after spaces), if `raw` is that formula.
pub(super) fn formula_text(raw: &[u8]) -> Option<&[u8]> {
    raw.trim_ascii()
        .strip_prefix(b"=\"")?
        .strip_suffix(b"\"")
        .filter(|inner| !inner.contains(&b'"'))
}

/// F020's repair: the text the formula gives, when it is what a field can hold (digits, or
/// nothing); anything else stays, to be reported.
pub(crate) fn without_formula(raw: &[u8]) -> Option<Vec<u8>> {
    formula_text(raw)
        .filter(|inner| inner.iter().all(u8::is_ascii_digit))
        .map(<[u8]>::to_vec)
}

pub(crate) const THOUSANDS_SEPARATOR: Declaration = rule! {
    "§3.2, §3.2.2",
    title: ("Scheidingsteken voor duizendtallen", "Thousands separator"),
    fix: THOUSANDS_SEPARATOR_FIX,
    nl: "{column} ({value}) heeft scheidingstekens voor duizendtallen, zoals Excel een getal opmaakt: de waarde is {suggestion}. Volumes zijn gehele getallen zonder scheidingstekens.",
    en: "{column} ({value}) has thousands separators, as Excel formats a number: the value is {suggestion}. Volumes are whole numbers without separators.",
    "either" => nl: "{column} ({value}) is {suggestion} met een scheidingsteken voor duizendtallen, of een decimaal getal; welk van de twee, hangt af van de taal van Excel. Vul het gehele getal in zonder scheidingstekens (is het een decimaal getal, kies dan een kleinere eenheid).",
    en: "{column} ({value}) is {suggestion} with a thousands separator, or a decimal number; which of the two depends on Excel's language. Fill in the whole number without separators (for a decimal number, choose a smaller unit).",
};

pub(crate) const THOUSANDS_SEPARATOR_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Scheidingstekens voor duizendtallen weggehaald (alleen waar het er meer dan één zijn: één kan ook een decimaalteken zijn)",
    en: "Thousands separators removed (only where there is more than one: one may be a decimal separator)",
    field: |f: &FieldInput<'_>| without_thousands(f.column, f.raw).map(Repaired::sure),
};

/// A volume written with thousands separators (`1.500`, `12.345.678`, `1,500`): its digits,
/// and whether that reading is certain (more than one separator: one could be a decimal
/// point or comma, as a spreadsheet's language decides).
pub(crate) fn thousands(column: &Column, raw: &[u8]) -> Option<(Vec<u8>, bool)> {
    if column.kind != ColumnKind::Volume {
        return None;
    }
    let separator = *raw.iter().find(|b| **b == b'.' || **b == b',')?;
    let groups: Vec<&[u8]> = raw.split(|b| *b == separator).collect();
    let digits = |g: &[u8]| !g.is_empty() && g.iter().all(u8::is_ascii_digit);
    let fits = groups.len() >= 2
        && groups.iter().all(|g| digits(g))
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    fits.then(|| (groups.concat(), groups.len() > 2))
}

/// F021's repair: the digits, where they are certain.
pub(crate) fn without_thousands(column: &Column, raw: &[u8]) -> Option<Vec<u8>> {
    thousands(column, raw).and_then(|(digits, certain)| certain.then_some(digits))
}

pub(crate) const SPREADSHEET_ERROR: Declaration = rule! {
    "§3.2",
    title: ("Foutwaarde van een formule", "Error value of a formula"),
    nl: "{column} bevat de foutwaarde {value} van Excel of LibreOffice: een formule kon hier geen waarde geven. Zoek de juiste waarde op in de bron en vul die in.",
    en: "{column} holds the error value {value} of Excel or LibreOffice: a formula could not give a value here. Look up the right value in the source and fill it in.",
};

/// The error values of a formula, in Excel's and LibreOffice's Dutch and English: a cell
/// whose formula failed.
const ERROR_VALUES: [&str; 20] = [
    "#N/B",
    "#N/A",
    "#WAARDE!",
    "#VALUE!",
    "#VERW!",
    "#REF!",
    "#DEEL/0!",
    "#DIV/0!",
    "#NAAM?",
    "#NAME?",
    "#GETAL!",
    "#NUM!",
    "#LEEG!",
    "#NULL!",
    "#OVERLOOP!",
    "#SPILL!",
    "#BEREKENEN!",
    "#CALC!",
    "#FOUT!",
    "#ERR!",
];

/// Whether `raw` is an error value of a formula (F022).
pub(crate) fn is_error_value(raw: &[u8]) -> bool {
    let text = raw.trim_ascii();
    ERROR_VALUES
        .iter()
        .any(|e| text.eq_ignore_ascii_case(e.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::dates::days_from_ymd;
    use crate::spec::Spec;

    #[test]
    fn excel_date_serials() {
        let spec = Spec::latest();
        let date = &spec.columns[4];
        let stamp = &spec.columns[0];
        assert_eq!(
            excel_serial(date, b"45748"),
            Some((20250401, 20290402, None))
        );
        assert_eq!(days_from_ymd(20250401) - EPOCH_1900, 45748);
        assert_eq!(excel_serial(date, b"32874").map(|s| s.0), Some(19900101));
        assert_eq!(excel_serial(date, b"73050").map(|s| s.0), Some(20991231));
        for not in [
            &b"32873"[..],
            b"73051",
            b"4574",
            b"457480",
            b"45748,5",
            b"4574a",
        ] {
            assert_eq!(excel_serial(date, not), None, "{not:?}");
        }
        assert_eq!(
            excel_serial(stamp, b"46042,38542"),
            Some((20260120, 20300121, Some(555)))
        );
        assert_eq!(excel_date(stamp, b"46042.38542").unwrap(), b"202601200915");
        assert_eq!(excel_date(date, b"45748").unwrap(), b"20250401");
        // A volume of five digits is no date.
        assert_eq!(excel_serial(&spec.columns[11], b"45748"), None);
    }

    #[test]
    fn formulas_thousands_and_error_values() {
        assert_eq!(without_formula(b"=\"0014\"").as_deref(), Some(&b"0014"[..]));
        assert_eq!(without_formula(b" =\"\" ").as_deref(), Some(&b""[..]));
        assert_eq!(without_formula(b"=\"14a\""), None);
        assert_eq!(without_formula(b"=A1"), None);
        let volume = &Spec::latest().columns[11];
        let read =
            |raw: &[u8]| thousands(volume, raw).map(|(d, c)| (String::from_utf8(d).unwrap(), c));
        assert_eq!(read(b"1.500"), Some(("1500".into(), false)));
        assert_eq!(read(b"1,500"), Some(("1500".into(), false)));
        assert_eq!(read(b"12.345.678"), Some(("12345678".into(), true)));
        for not in [
            &b"1,5"[..],
            b"1.5000",
            b"1.234,5",
            b"1.234,567",
            b"1234.567",
            b".500",
            b"1..500",
        ] {
            assert_eq!(read(not), None, "{not:?}");
        }
        assert_eq!(thousands(&Spec::latest().columns[1], b"1.500"), None);
        assert!(is_error_value(b"#N/B") && is_error_value(b" #value! "));
        assert!(!is_error_value(b"#12") && !is_error_value(b"N/B"));
    }
}
