//! A file that went through a spreadsheet program (F017): one hint for the whole file, read
//! from the field findings it left behind in several columns — leading zeros dropped
//! (`0363` → `363`, `0011` → `11`) and long numbers in scientific notation (`2,02601E+11`).

use crate::findings::{Finding, Param, Sink};
use crate::rules::{rule, Rule, RuleInfo};

pub(crate) const SPREADSHEET_ROUND_TRIP: RuleInfo = rule! {
    "F017" "spreadsheet-round-trip", Fields, Fixed(Info), "§3.2, §4.1.1",
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
/// records: a spreadsheet changes every record, a faulty export only some.
pub(crate) fn spreadsheet_hint(sink: &mut Sink, rows: u64) {
    let traces: Vec<(Option<u8>, u64)> = SIGNS
        .iter()
        .flat_map(|rule| sink.counts.of_rule_by_column(*rule))
        .collect();
    let mut columns: Vec<u8> = traces.iter().filter_map(|(column, _)| *column).collect();
    columns.sort_unstable();
    columns.dedup();
    let found: u64 = traces.iter().map(|(_, n)| n).sum();
    if columns.len() >= MIN_COLUMNS && found.saturating_mul(2) >= rows {
        sink.report(Rule::SpreadsheetRoundTrip, None, || {
            Finding::new(Rule::SpreadsheetRoundTrip, None, None)
                .param("columns", Param::Columns(columns))
        });
    }
}
