//! Pass 2, the structure (S): the bytes of the file (text, encoding, BOM), its lines (a
//! header row, then records; blank lines, line endings, lone CRs, length) and the number of
//! columns of each line (§3.1, §4.1.1). The file checker calls these at the lines they are
//! about; a record line with the wrong number of columns gets no field checks.

use crate::findings::{Finding, Param, Sink};
use crate::rules::repair::Reading;
use crate::rules::{fix, rule, Declaration, FixInfo, Rule};
use crate::scan::Terminator;
use crate::spec::Spec;

mod start;
pub(crate) use start::{Role, Start};

pub(crate) const EMPTY_FILE: Declaration = rule! {
    "§3.1",
    title: ("Leeg bestand", "Empty file"),
    nl: "Het bestand is leeg (0 bytes). Maak de export opnieuw: er horen een rij met kolomkoppen en de records in te staan.",
    en: "The file is empty (0 bytes). Export it again: it should hold a header row and the records.",
};

pub(crate) const NOT_TEXT: Declaration = rule! {
    "§3.1, §4.1.1",
    title: ("Geen tekstbestand dat CBS kan lezen", "Not a text file CBS can read"),
    fix: NOT_TEXT_FIX,
    nl: "Dit is geen tekstbestand met puntkomma's: het bevat NUL-bytes (binaire gegevens). Lever het bestand aan zoals de export het als .csv of .txt maakt.",
    en: "This is not a semicolon-separated text file: it holds NUL bytes (binary data). Deliver the file as the export writes it, as .csv or .txt.",
    "utf16" => nl: "Het bestand is opgeslagen als UTF-16 (Unicode); CBS leest alleen UTF-8 of ANSI. Sla het op als \"CSV (gescheiden door lijstscheidingsteken)\" of als UTF-8. gmsd-fast heeft de inhoud toch gecontroleerd.",
    en: "The file is saved as UTF-16 (Unicode); CBS reads only UTF-8 or ANSI. Save it as \"CSV (comma delimited)\" or as UTF-8. gmsd-fast checked the content anyway.",
    "zip" => nl: "Dit is geen tekstbestand met puntkomma's: het is een zip-bestand. Pak het uit en lever de csv- of txt-bestanden aan.",
    en: "This is not a semicolon-separated text file: it is a zip archive. Unpack it and deliver the csv or txt files.",
    "xls" => nl: "Dit is geen tekstbestand met puntkomma's: het is een Excel-werkmap (.xls). Sla het op als CSV (gescheiden door lijstscheidingsteken).",
    en: "This is not a semicolon-separated text file: it is an Excel workbook (.xls). Save it as semicolon-separated CSV.",
};

pub(crate) const BYTE_ORDER_MARK: Declaration = rule! {
    "§4.1.1",
    title: ("Bestand begint met een BOM", "File starts with a byte order mark"),
    fix: BYTE_ORDER_MARK_FIX,
    nl: "Het bestand begint met een UTF-8 BOM (onzichtbare tekens EF BB BF). Sla het bij voorkeur op zonder BOM.",
    en: "The file starts with a UTF-8 byte order mark (invisible bytes EF BB BF). Prefer saving it without.",
};

pub(crate) const HEADER_MISSING: Declaration = rule! {
    "§3.1",
    title: ("Rij met kolomkoppen ontbreekt", "Header row missing"),
    nl: "De eerste regel is een record, geen rij met kolomkoppen. Zet als eerste regel één rij met de namen van de {expected:kolom|# kolommen}.",
    en: "The first line is a record, not a row of column names. Put one row with the names of the {expected:column|# columns} on the first line.",
};

pub(crate) const HEADER_COLUMN_COUNT: Declaration = rule! {
    "§3.1, §4.1.1",
    title: ("Kolomkoppen: verkeerd aantal kolommen", "Header row: wrong number of columns"),
    nl: "De rij met kolomkoppen heeft {found:# kolom|# kolommen}; het moeten er {expected} zijn ({separators:# puntkomma|# puntkomma's}).",
    en: "The header row has {found:# column|# columns}; there must be {expected} ({separators:# semicolon|# semicolons}).",
};

pub(crate) const NO_RECORDS: Declaration = rule! {
    "§3.1.1",
    title: ("Geen records", "No records"),
    nl: "Het bestand bevat geen records, alleen een rij met kolomkoppen. Maak de export opnieuw, met alle maatwerkvoorzieningen van de periode.",
    en: "The file holds no records, only a header row. Export it again, with every maatwerkvoorziening of the period.",
    "blank" => nl: "Het bestand bevat geen records, alleen lege regels. Maak de export opnieuw, met alle maatwerkvoorzieningen van de periode.",
    en: "The file holds no records, only blank lines. Export it again, with every maatwerkvoorziening of the period.",
};

pub(crate) const COLUMN_COUNT: Declaration = rule! {
    "§4.1.1",
    title: ("Verkeerd aantal kolommen", "Wrong number of columns"),
    fix: COLUMN_COUNT_FIX,
    nl: "Deze regel heeft {found:# kolom|# kolommen}; het moeten er {expected} zijn ({separators:# puntkomma|# puntkomma's} per regel).",
    en: "This line has {found:# column|# columns}; there must be {expected} ({separators:# semicolon|# semicolons} per line).",
    "extra" => nl: "Deze regel heeft {found:# kolom|# kolommen}; het moeten er {expected} zijn. Alleen zonder de puntkomma na {after} past elk veld in zijn kolom: haal die puntkomma weg.",
    en: "This line has {found:# column|# columns}; there must be {expected}. Only without the semicolon after {after} does every field fit its column: remove that semicolon.",
    "missing" => nl: "Deze regel heeft {found:# kolom|# kolommen}; het moeten er {expected} zijn. Alleen met een puntkomma na {after} erbij past elk veld in zijn kolom: zet daar een puntkomma.",
    en: "This line has {found:# column|# columns}; there must be {expected}. Only with a semicolon after {after} does every field fit its column: put a semicolon there.",
    "several" => nl: "Deze regel heeft {found:# kolom|# kolommen}; het moeten er {expected} zijn. Er staat één puntkomma te veel of te weinig, maar op meer dan één plaats zou elk veld dan in zijn kolom passen: zoek in de bron op welke waarde in welke kolom hoort.",
    en: "This line has {found:# column|# columns}; there must be {expected}. One semicolon is too many or missing, but in more than one place every field would then fit its column: look up in the source which value belongs in which column.",
};

pub(crate) const TRAILING_SEPARATOR: Declaration = rule! {
    "§4.1.1",
    title: ("Puntkomma aan het eind van de regel", "Semicolon at the end of the line"),
    fix: TRAILING_SEPARATOR_FIX,
    nl: "De regel eindigt op een puntkomma. De laatste kolom moet worden afgesloten zonder puntkomma en mét een Enter: haal de laatste puntkomma weg.",
    en: "The line ends with a semicolon. The last column must end without a semicolon and with a line break: remove the last semicolon.",
    "inner" => nl: "De regel heeft één kolom te veel en eindigt op een puntkomma, maar de puntkomma te veel staat binnen de regel: alleen zonder de puntkomma na {after} past elk veld in zijn kolom. Haal die puntkomma weg; de laatste kolom is leeg.",
    en: "The line has one column too many and ends with a semicolon, but the semicolon too many is inside the line: only without the semicolon after {after} does every field fit its column. Remove that semicolon; the last column is empty.",
    "several" => nl: "De regel heeft één kolom te veel en eindigt op een puntkomma. Zonder de laatste puntkomma past elk veld in zijn kolom, maar ook zonder een andere: zoek in de bron op welke waarde in welke kolom hoort.",
    en: "The line has one column too many and ends with a semicolon. Without the last semicolon every field fits its column, but also without another one: look up in the source which value belongs in which column.",
};

pub(crate) const SEPARATOR_ROW: Declaration = rule! {
    "§3.1, §4.1.1",
    title: ("Regel met alleen puntkomma's", "Line of semicolons only"),
    fix: SEPARATOR_ROW_FIX,
    nl: "Deze regel bevat alleen {separators:# puntkomma|# puntkomma's} en geen waarden: een lege rij die een spreadsheetprogramma zoals Excel heeft meegeschreven. Het is geen record; verwijder de regel.",
    en: "This line holds only {separators:# semicolon|# semicolons} and no values: an empty row that a spreadsheet program such as Excel wrote along. It is no record; remove the line.",
};

pub(crate) const COLUMNS_SHIFTED: Declaration = rule! {
    "§3.1, §4.1.1",
    title: ("Velden een kolom verschoven", "Fields a column off"),
    nl: "De velden van deze regel staan waarschijnlijk een kolom verschoven: met een puntkomma erbij in kolom {missing} na {at:# positie|# posities} en zonder de puntkomma na kolom {extra} past elk veld in zijn kolom. De andere meldingen van deze regel gaan dan over waarden in de verkeerde kolom: vul geen nullen aan en maak geen velden leeg, maar zet de puntkomma's goed.",
    en: "The fields of this line probably stand a column off: with a semicolon added in column {missing} after {at:# position|# positions} and without the semicolon after column {extra}, every field fits its column. The other findings of this line are then about values in the wrong column: do not add zeros or empty fields, but put the semicolons right.",
};

pub(crate) const BLANK_LINE: Declaration = rule! {
    "§4.1.1",
    title: ("Lege regel", "Blank line"),
    nl: "Lege regel. Elke regel na de kolomkoppen moet een record met {expected:# kolom|# kolommen} zijn: verwijder de lege regel.",
    en: "Blank line. Every line after the header must be a record of {expected:# column|# columns}: remove the blank line.",
};

pub(crate) const MISSING_FINAL_NEWLINE: Declaration = rule! {
    "§4.1.1",
    title: ("Geen Enter na de laatste regel", "No line break after the last line"),
    fix: MISSING_FINAL_NEWLINE_FIX,
    nl: "De laatste regel eindigt niet met een Enter (regeleinde). Zet de cursor aan het eind van de laatste regel, druk één keer op Enter en sla het bestand op.",
    en: "The last line does not end with a line break. Put the cursor at the end of the last line, press Enter once and save the file.",
};

pub(crate) const LINE_TOO_LONG: Declaration = rule! {
    "§3.2.1",
    title: ("Regel te lang", "Line too long"),
    nl: "De regel is {found:# teken|# tekens} lang; een record is hooguit {expected:# teken|# tekens}. Zet elk record op een eigen regel.",
    en: "The line is {found:# byte|# bytes} long; a record is at most {expected:# byte|# bytes}. Put every record on a line of its own.",
    "cr" => nl: "De regel is {found:# teken|# tekens} lang; een record is hooguit {expected:# teken|# tekens}. Het bestand gebruikt waarschijnlijk alleen CR als regeleinde (oude Mac-notatie): sla het op met Windows- (CR LF) of Unix-regeleinden (LF).",
    en: "The line is {found:# byte|# bytes} long; a record is at most {expected:# byte|# bytes}. The file probably uses CR alone as line ending (old Mac style): save it with Windows (CR LF) or Unix (LF) line endings.",
};

pub(crate) const OTHER_SEPARATOR: Declaration = rule! {
    "§4.1.1",
    title: ("Ander scheidingsteken dan puntkomma", "Separator other than semicolon"),
    nl: "Het bestand gebruikt komma's als scheidingsteken in plaats van puntkomma's (;). gmsd-fast heeft de regels op de komma gesplitst om de rest te controleren; CBS keurt het bestand af. Sla het op met puntkomma's als scheidingsteken.",
    en: "The file uses commas as separator instead of semicolons (;). gmsd-fast split the lines at the commas to check the rest; CBS rejects the file. Save it with semicolons as separator.",
    "tab" => nl: "Het bestand gebruikt tabs als scheidingsteken in plaats van puntkomma's (;). gmsd-fast heeft de regels op de tab gesplitst om de rest te controleren; CBS keurt het bestand af. Sla het op met puntkomma's als scheidingsteken.",
    en: "The file uses tabs as separator instead of semicolons (;). gmsd-fast split the lines at the tabs to check the rest; CBS rejects the file. Save it with semicolons as separator.",
    "records" => nl: "De records gebruiken komma's als scheidingsteken in plaats van puntkomma's (;), ook al heeft de rij met kolomkoppen puntkomma's. gmsd-fast heeft de records op de komma gesplitst om de rest te controleren; CBS keurt het bestand af. Sla het op met puntkomma's als scheidingsteken.",
    en: "The records use commas as separator instead of semicolons (;), though the header row has semicolons. gmsd-fast split the records at the commas to check the rest; CBS rejects the file. Save it with semicolons as separator.",
    "records_tab" => nl: "De records gebruiken tabs als scheidingsteken in plaats van puntkomma's (;), ook al heeft de rij met kolomkoppen puntkomma's. gmsd-fast heeft de records op de tab gesplitst om de rest te controleren; CBS keurt het bestand af. Sla het op met puntkomma's als scheidingsteken.",
    en: "The records use tabs as separator instead of semicolons (;), though the header row has semicolons. gmsd-fast split the records at the tabs to check the rest; CBS rejects the file. Save it with semicolons as separator.",
};

pub(crate) const CARRIAGE_RETURN: Declaration = rule! {
    "§4.1.1",
    title: ("Los CR-teken", "Lone carriage return"),
    fix: CARRIAGE_RETURN_FIX,
    nl: "De regel bevat een los, onzichtbaar regeleinde-teken (CR) dat geen deel is van een Windows-regeleinde (CR LF). Verwijder het in een teksteditor die regeleinden toont (zoals Notepad++) en sla het bestand op met Windows- (CR LF) of Unix-regeleinden (LF).",
    en: "The line holds a lone, invisible carriage return (CR) that is not part of a Windows line ending (CR LF). Remove it in a text editor that shows line endings (such as Notepad++) and save the file with Windows (CR LF) or Unix (LF) line endings.",
};

pub(crate) const NOT_UTF8: Declaration = rule! {
    "§3.1",
    title: ("Regel niet in UTF-8 maar in ANSI", "Line not in UTF-8 but in ANSI"),
    fix: NOT_UTF8_FIX,
    nl: "Deze regel is niet in UTF-8 opgeslagen, maar waarschijnlijk in Windows-1252 (ANSI), zoals Excel dat doet. CBS leest ook ANSI; in UTF-8 blijven tekens als ë overal dezelfde.",
    en: "This line is not saved in UTF-8 but probably in Windows-1252 (ANSI), as Excel does. CBS reads ANSI too; in UTF-8 characters such as ë stay the same everywhere.",
};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The first line's bytes after a UTF-8 BOM (S003); S002 when they show that the file is
/// no text at all.
#[cold]
pub(crate) fn file_start<'b>(bytes: &'b [u8], sink: &mut Sink) -> &'b [u8] {
    let mut bytes = bytes;
    if let Some(rest) = without_bom(bytes) {
        sink.report(Rule::ByteOrderMark, None, || {
            Finding::new(Rule::ByteOrderMark, Some(1), None)
        });
        sink.count_fixable(Rule::ByteOrderMark, None);
        // What follows the mark may still show that the file is no text.
        bytes = rest;
    }
    if let Some(kind) = no_text(bytes) {
        sink.report(Rule::NotText, None, || {
            Finding::new(Rule::NotText, None, None).message(kind)
        });
        sink.forbid_repairs();
    }
    bytes
}

/// What the first line's bytes (after a byte order mark) show the file to be when it is no
/// text (S002's message key): a zip, a workbook, or anything with NUL bytes.
pub(crate) fn no_text(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("zip")
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Some("xls")
    } else if bytes.contains(&0) {
        Some("")
    } else {
        None
    }
}

/// S002 for a file in UTF-16, whose content is checked after decoding.
#[cold]
pub(crate) fn utf16(sink: &mut Sink) {
    sink.report(Rule::NotText, None, || {
        Finding::new(Rule::NotText, None, None).message("utf16")
    });
    sink.count_fixable(Rule::NotText, None);
}

/// The longest record of the protocol, in bytes.
fn longest_record(spec: &Spec) -> usize {
    spec.columns.iter().map(|c| c.width + 1).sum::<usize>() - 1
}

/// S011 for a line cut off at the scanner's limit; `bytes` is what was kept of it.
#[cold]
pub(crate) fn line_too_long(spec: &Spec, number: u64, len: u64, bytes: &[u8], sink: &mut Sink) {
    sink.report(Rule::LineTooLong, None, || {
        let finding = Finding::new(Rule::LineTooLong, Some(number), None)
            .param("found", len)
            .param("expected", longest_record(spec));
        if bytes.contains(&b'\r') {
            finding.message("cr")
        } else {
            finding
        }
    });
}

/// S009.
#[cold]
pub(crate) fn blank_line(spec: &Spec, number: u64, sink: &mut Sink) {
    let expected = spec.column_count();
    sink.report(Rule::BlankLine, None, || {
        Finding::new(Rule::BlankLine, Some(number), None).param("expected", expected)
    });
}

/// Whether the first line (not empty) is a header row: column names hold letters, so a line
/// that starts with a digit or has no letter at all (`;0014;…` with an empty aanmaakdatum) is
/// a record.
fn looks_like_header(bytes: &[u8]) -> bool {
    !bytes[0].is_ascii_digit() && bytes.iter().any(u8::is_ascii_alphabetic)
}

/// S004: the first line (`number`) is a record, not a header row.
#[cold]
fn header_missing(spec: &Spec, number: u64, sink: &mut Sink) {
    sink.report(Rule::HeaderMissing, None, || {
        Finding::new(Rule::HeaderMissing, Some(number), None).param("expected", spec.column_count())
    });
}

/// The comma or tab a line (`bytes`) is split at instead of the protocol's separator, with
/// the key of S013's message: no protocol separator at all, and exactly the protocol's
/// columns when split at it.
pub(crate) fn another_separator(spec: &Spec, bytes: &[u8]) -> Option<(u8, &'static str)> {
    if bytes.contains(&spec.separator) {
        return None;
    }
    let separators = spec.column_count() - 1;
    [(b',', ""), (b'\t', "tab")]
        .into_iter()
        .find(|(b, _)| memchr::memchr_iter(*b, bytes).count() == separators)
}

/// The separator the records are split at, decided on the first record (`bytes`), given the
/// one the header row showed (`header`: the protocol's, or a comma or tab, S013). A header
/// says less than the records: one that splits at another separator than the records do is
/// one wrong line, not a wrong file. So a first record with exactly the protocol's columns at
/// the protocol's separator is split at it; one with none of it that splits into them at a
/// comma or tab is split at that; any other keeps the header's.
pub(crate) fn records_separator(spec: &Spec, header: u8, bytes: &[u8]) -> u8 {
    let at_protocol = memchr::memchr_iter(spec.separator, bytes).count() + 1;
    if at_protocol == spec.column_count() {
        return spec.separator;
    }
    match another_separator(spec, bytes) {
        Some((separator, _)) if header == spec.separator => separator,
        _ => header,
    }
}

/// S013 for a file whose records (from line `number`) are split at `separator`, another
/// than the protocol's, though its header row has the protocol's.
#[cold]
pub(crate) fn records_other_separator(number: u64, separator: u8, sink: &mut Sink) {
    let key = if separator == b'\t' {
        "records_tab"
    } else {
        "records"
    };
    sink.report(Rule::OtherSeparator, None, || {
        Finding::new(Rule::OtherSeparator, Some(number), None).message(key)
    });
}

/// S013 for a header row (line `number`) split at `separator` (a comma or tab), once the
/// records showed that they are split at it too.
#[cold]
pub(crate) fn header_other_separator(number: u64, separator: u8, sink: &mut Sink) {
    let key = if separator == b'\t' { "tab" } else { "" };
    sink.report(Rule::OtherSeparator, None, || {
        Finding::new(Rule::OtherSeparator, Some(number), None).message(key)
    });
}

/// The header row: only its number of columns (S005, S008) and its encoding (S014) are
/// checked. Their repairs are the header's own (`repair::Repairer::header`): counted as
/// repairable here, as that decides them.
#[cold]
pub(crate) fn header(spec: &Spec, separator: u8, number: u64, bytes: &[u8], sink: &mut Sink) {
    if not_utf8(number, bytes, sink) {
        sink.count_fixable(Rule::NotUtf8, None);
    }
    let found = memchr::memchr_iter(separator, bytes).count() + 1;
    if column_count(
        spec,
        separator,
        number,
        bytes,
        found,
        Rule::HeaderColumnCount,
        &Reading::Unknown,
        sink,
    ) && header_without_trailing_separator(spec, bytes, separator).is_some()
    {
        sink.count_fixable(Rule::TrailingSeparator, None);
    }
}

/// S005 for a header row (line `number`) of `found` columns at the protocol's separator, once
/// the records showed that they are split at it (the header was split at another).
#[cold]
pub(crate) fn header_column_count(spec: &Spec, number: u64, found: usize, sink: &mut Sink) {
    column_count(
        spec,
        spec.separator,
        number,
        b"",
        found,
        Rule::HeaderColumnCount,
        &Reading::Unknown,
        sink,
    );
}

/// S007 (or S008) for a record line of `found` columns, not the spec's; `reading` says how
/// the line can be read when it is one separator off (the words of the finding). Whether it
/// is repairable is the repairs' decision (`rules::repair`), which the check asks.
#[cold]
pub(crate) fn record_column_count(
    spec: &Spec,
    separator: u8,
    number: u64,
    bytes: &[u8],
    found: usize,
    reading: &Reading,
    sink: &mut Sink,
) {
    column_count(
        spec,
        separator,
        number,
        bytes,
        found,
        Rule::ColumnCount,
        reading,
        sink,
    );
}

/// Reports the wrong number of columns of a line; whether it was S008 (a separator too
/// many at its end).
#[allow(clippy::too_many_arguments)]
fn column_count(
    spec: &Spec,
    separator: u8,
    number: u64,
    bytes: &[u8],
    found: usize,
    wrong_count: Rule,
    reading: &Reading,
    sink: &mut Sink,
) -> bool {
    let expected = spec.column_count();
    if found == expected + 1 && bytes.last() == Some(&separator) {
        sink.report(Rule::TrailingSeparator, None, || {
            let finding = Finding::new(Rule::TrailingSeparator, Some(number), None);
            match *reading {
                Reading::Only {
                    column,
                    trailing: false,
                    ..
                } => finding
                    .message("inner")
                    .param("after", Param::Column(column)),
                Reading::Several => finding.message("several"),
                _ => finding,
            }
        });
        return true;
    }
    if found != expected {
        sink.report(wrong_count, None, || {
            let finding = Finding::new(wrong_count, Some(number), None)
                .param("found", found)
                .param("expected", expected)
                .param("separators", expected - 1);
            match (wrong_count, *reading) {
                (Rule::ColumnCount, Reading::Only { added, column, .. }) => finding
                    .message(if added { "missing" } else { "extra" })
                    .param("after", Param::Column(column)),
                (Rule::ColumnCount, Reading::Several) => finding.message("several"),
                _ => finding,
            }
        });
    }
    false
}

/// S012 for a record line that holds a CR (other than its line end).
#[cold]
pub(crate) fn carriage_return(number: u64, sink: &mut Sink) {
    sink.report(Rule::CarriageReturn, None, || {
        Finding::new(Rule::CarriageReturn, Some(number), None)
    });
}

/// S014 for a line (without its line end) that is not UTF-8; whether it is not.
#[cold]
pub(crate) fn not_utf8(number: u64, bytes: &[u8], sink: &mut Sink) -> bool {
    if bytes.is_ascii() || std::str::from_utf8(bytes).is_ok() {
        return false;
    }
    sink.report(Rule::NotUtf8, None, || {
        Finding::new(Rule::NotUtf8, Some(number), None)
    });
    true
}

/// Whether a line is a row of separators only (S015), as a spreadsheet writes the empty rows
/// below a table.
#[inline]
pub(crate) fn separators_only(bytes: &[u8], separator: u8) -> bool {
    !bytes.is_empty() && bytes.iter().all(|b| *b == separator)
}

/// S015 for a line of separators only, `found` columns of nothing.
#[cold]
pub(crate) fn separator_row(number: u64, found: usize, sink: &mut Sink) {
    sink.report(Rule::SeparatorRow, None, || {
        Finding::new(Rule::SeparatorRow, Some(number), None).param("separators", found - 1)
    });
}

/// S010 for the last line, when it is not empty and ends without a line break: reported with
/// the line's other findings, as the line is checked. Repairable unless `open`: the line may
/// have been cut off (`repair::Outcome::open`).
#[cold]
pub(crate) fn last_line(
    number: u64,
    len: u64,
    terminator: Terminator,
    open: bool,
    sink: &mut Sink,
) {
    if terminator == Terminator::Eof && len > 0 {
        sink.report(Rule::MissingFinalNewline, None, || {
            Finding::new(Rule::MissingFinalNewline, Some(number), None)
        });
        if !open {
            sink.count_fixable(Rule::MissingFinalNewline, None);
        }
    }
}

/// The findings about the whole file once its last line has been seen: empty (S001), no
/// records (S006). `last_line` is the last line's number, length and ending.
pub(crate) fn finish(
    bytes: u64,
    last_line: Option<(u64, u64, Terminator)>,
    rows: u64,
    header_seen: bool,
    sink: &mut Sink,
) {
    if last_line.is_none() && bytes == 0 {
        sink.report(Rule::EmptyFile, None, || {
            Finding::new(Rule::EmptyFile, None, None)
        });
    }
    if rows == 0 && bytes > 0 {
        let key = if header_seen { "" } else { "blank" };
        sink.report(Rule::NoRecords, None, || {
            Finding::new(Rule::NoRecords, None, None).message(key)
        });
    }
}

// The repairs (`gmsd-fast fix`), beside the checks that find what they repair.

pub(crate) const NOT_TEXT_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Van UTF-16 omgezet naar UTF-8",
    en: "Re-encoded from UTF-16 as UTF-8",
};

pub(crate) const BYTE_ORDER_MARK_FIX: FixInfo = fix! {
    Safe, Always,
    nl: "Byte order mark verwijderd",
    en: "Byte order mark removed",
};

pub(crate) const TRAILING_SEPARATOR_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Puntkomma te veel verwijderd, waar dat de enige lezing is waarin elk veld in zijn kolom past",
    en: "Semicolon too many removed, where that is the only reading in which every field fits its column",
};

pub(crate) const COLUMN_COUNT_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Eén puntkomma te veel of te weinig hersteld, waar dat de enige lezing is waarin elk veld in zijn kolom past",
    en: "One semicolon too many or too few put right, where that is the only reading in which every field fits its column",
};

pub(crate) const SEPARATOR_ROW_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Regel met alleen puntkomma's verwijderd (geen record)",
    en: "Line of semicolons only removed (no record)",
};

pub(crate) const MISSING_FINAL_NEWLINE_FIX: FixInfo = fix! {
    Safe, Always,
    nl: "Regeleinde na de laatste regel toegevoegd",
    en: "Line break after the last line added",
};

pub(crate) const CARRIAGE_RETURN_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Los CR-teken aan het eind van de regel verwijderd",
    en: "Lone carriage return at the end of the line removed",
};

pub(crate) const NOT_UTF8_FIX: FixInfo = fix! {
    Safe, Always,
    nl: "Van Windows-1252 (ANSI) omgezet naar UTF-8",
    en: "Re-encoded from Windows-1252 (ANSI) as UTF-8",
};

/// The first line without its UTF-8 byte order mark (S003), if it has one.
pub(crate) fn without_bom(bytes: &[u8]) -> Option<&[u8]> {
    bytes.strip_prefix(UTF8_BOM)
}

/// A line (without its line end) without the CRs at its end (S012), when those are all the
/// CRs it holds: a CR inside a line is no line ending and is left to the user.
pub(crate) fn without_lone_crs(bytes: &[u8]) -> Option<&[u8]> {
    let end = bytes.iter().rposition(|b| *b != b'\r').map_or(0, |i| i + 1);
    (end < bytes.len() && !bytes[..end].contains(&b'\r')).then_some(&bytes[..end])
}

/// The header row (without its line end) without the separator too many at its end (S008),
/// when its last column name is the only empty one: column names are not checked, so only
/// then is no other separator the one too many.
pub(crate) fn header_without_trailing_separator<'b>(
    spec: &Spec,
    bytes: &'b [u8],
    separator: u8,
) -> Option<&'b [u8]> {
    let rest = bytes.strip_suffix(&[separator])?;
    let names = rest.split(|b| *b == separator);
    let mut count = 0;
    for name in names {
        if name.is_empty() {
            return None;
        }
        count += 1;
    }
    (count == spec.column_count()).then_some(rest)
}

/// A line that is not UTF-8 (S014) read as Windows-1252 (ANSI), the encoding of Excel's
/// "CSV (gescheiden door lijstscheidingsteken)" on a Dutch Windows, in UTF-8.
pub(crate) fn as_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.is_ascii() || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Some(text.into_owned().into_bytes())
}
