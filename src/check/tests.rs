//! Table-driven tests of the checks of one file: every rule of the catalogue (except the
//! delivery rules L001–L004) fires on at least one case and stays silent on a near miss.
//!
//! A case is one line: a label (`"F015+ …"` the rule fires, `"F015- …"` a near miss where it
//! must not), the input and the exact set of `(rule, line, column)` expected, 0 standing for
//! "no line" or "no column". Record cases start from one valid record, [`BASE`], and override
//! single fields by column number (1–18). Every case is also checked through `check_reader`
//! with a reader that returns one byte per read, and record cases with CR LF line endings:
//! both must give exactly the findings and counts of `check_bytes` on LF.

use std::collections::BTreeSet;
use std::io::{self, Read};

use super::{check_bytes, check_reader, Options};
use crate::findings::{FileReport, Verdict};
use crate::output::render::message;
use crate::rules::{Rule, Severity};
use crate::spec::{Lang, Period};

pub(crate) const NAME: &str = "WMO_H22025_test.csv";

/// The field names of §3.2.1, as a header row.
const HEADER: &str = "Aanmaakdatum bestand;Gemeentecode;BSN;\
    Type maatwerkvoorziening (toewijzing);Beoogde startdatum ondersteuning;\
    Beoogde einddatum ondersteuning;Leveringsvorm voorziening (toewijzing);\
    Type maatwerkvoorziening (declaratie);Datum start daadwerkelijke ondersteuning;\
    Einddatum daadwerkelijke ondersteuning;Nummer van de toewijzing;\
    Intensiteit ondersteuning (beschikt volume);Intensiteit ondersteuning (beschikt eenheid);\
    Intensiteit ondersteuning (beschikte frequentie);\
    Intensiteit ondersteuning (geleverde eenheid);\
    Intensiteit van ondersteuning (geleverd volume);Reden beëindiging;\
    Reden Wijziging Toewijzing";

/// One valid record for H2 2025 that no rule objects to.
pub(crate) const BASE: [&str; 18] = [
    "202601150930",     // 1 aanmaakdatum: after the period ended
    "0014",             // 2 gemeentecode: Groningen
    "111222333",        // 3 BSN (test number, passes the elfproef)
    "0002",             // 4 type (toewijzing): begeleiding
    "20250101",         // 5 beoogde startdatum
    "20251231",         // 6 beoogde einddatum
    "4",                // 7 leveringsvorm: ZIN
    "0002",             // 8 type (declaratie)
    "20250115",         // 9 startdatum
    "20251130",         // 10 einddatum
    "0000000000123456", // 11 toewijzingsnummer
    "00000004",         // 12 beschikt volume
    "04",               // 13 beschikt eenheid: uur
    "2",                // 14 beschikte frequentie: per week
    "04",               // 15 geleverde eenheid: uur
    "00000090",         // 16 geleverd volume
    "19",               // 17 reden beëindiging: volgens plan
    "04",               // 18 reden wijziging: verlenging
];

/// A generic allocation (0088) as §3.2.2 recommends it: euro's, total within the validity.
const GENERIC: [(u8, &str); 7] = [
    (4, "0088"),
    (8, "0088"),
    (12, "00001500"),
    (13, "83"),
    (14, "6"),
    (15, "83"),
    (16, "00001400"),
];

/// `(rule code, line, column)`; 0 for no line or no column.
type Hit = (&'static str, u64, u8);

pub(crate) fn record(overrides: &[(u8, &str)]) -> String {
    let mut fields = BASE.to_vec();
    for (column, value) in overrides {
        fields[usize::from(*column) - 1] = value;
    }
    fields.join(";")
}

fn generic(more: &[(u8, &'static str)]) -> Vec<(u8, &'static str)> {
    let mut all = GENERIC.to_vec();
    all.extend_from_slice(more);
    all
}

/// The header and the lines, each ended by `eol`.
pub(crate) fn file_of(lines: &[String], eol: &str) -> Vec<u8> {
    let mut out = format!("{HEADER}{eol}");
    for line in lines {
        out.push_str(line);
        out.push_str(eol);
    }
    out.into_bytes()
}

fn valid_file() -> Vec<u8> {
    file_of(&[record(&[])], "\n")
}

fn with_window(window: &str) -> Options {
    Options {
        window: Period::parse(window),
        ..Options::default()
    }
}

/// Options on the day of delivery `date` (`yyyymmdd`), without `--period`.
fn on_day(date: u32) -> Options {
    Options {
        delivery_date: Some(date),
        ..Options::default()
    }
}

/// `n` records of [`BASE`] with `overrides`, and the hits of `rules` on each (lines 2 on).
fn many(n: u64, overrides: &[(u8, &str)], rules: &[(&'static str, u8)]) -> (Vec<u8>, Vec<Hit>) {
    let lines: Vec<String> = (0..n).map(|_| record(overrides)).collect();
    let hits = (2..n + 2)
        .flat_map(|line| {
            rules
                .iter()
                .map(move |(rule, column)| (*rule, line, *column))
        })
        .collect();
    (file_of(&lines, "\n"), hits)
}

/// `bytes` (ASCII) encoded as UTF-16 with its byte order mark.
fn utf16(bytes: &[u8], big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for b in bytes {
        out.extend(if big_endian { [0, *b] } else { [*b, 0] });
    }
    out
}

/// A reader that hands out one byte per `read`.
struct OneByte<'a>(&'a [u8]);

impl Read for OneByte<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((byte, rest)), Some(slot)) => {
                *slot = *byte;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

fn assert_same(a: &FileReport, b: &FileReport, what: &str) {
    assert_eq!(a.findings, b.findings, "{what}: findings");
    assert_eq!(a.counts, b.counts, "{what}: counts");
    assert_eq!(
        (a.rows, &a.gemeentecode, &a.aanmaakdatum),
        (b.rows, &b.gemeentecode, &b.aanmaakdatum),
        "{what}: rows, reference"
    );
}

/// `check_bytes`, asserting that reading one byte at a time gives the same report.
fn run(name: &str, bytes: &[u8], options: &Options) -> FileReport {
    let report = check_bytes(name, bytes, options);
    let chunked = check_reader(name, OneByte(bytes), options).expect("in memory");
    assert_same(&report, &chunked, &format!("{name}: 1-byte reads"));
    assert_eq!((report.lines, report.bytes), (chunked.lines, chunked.bytes));
    report
}

fn hits(report: &FileReport) -> BTreeSet<Hit> {
    report
        .findings
        .iter()
        .map(|f| (f.rule.code(), f.line.unwrap_or(0), f.column.unwrap_or(0)))
        .collect()
}

struct Case {
    label: &'static str,
    found: BTreeSet<Hit>,
    expected: BTreeSet<Hit>,
}

/// Header and one record (line 2) of [`BASE`] with `overrides`; `expected` as
/// `(rule, column)` on line 2. LF and CR LF must give the same report.
fn rec(label: &'static str, overrides: &[(u8, &str)], expected: &[(&'static str, u8)]) -> Case {
    let lines = [record(overrides)];
    let lf = run(NAME, &file_of(&lines, "\n"), &Options::default());
    let crlf = run(NAME, &file_of(&lines, "\r\n"), &Options::default());
    assert_same(&lf, &crlf, &format!("{label}: CR LF"));
    Case {
        label,
        found: hits(&lf),
        expected: expected.iter().map(|(r, c)| (*r, 2, *c)).collect(),
    }
}

/// Header and several records (lines 2, 3, …), LF.
fn recs(label: &'static str, records: &[&[(u8, &str)]], expected: &[Hit]) -> Case {
    let lines: Vec<String> = records.iter().map(|o| record(o)).collect();
    raw_with(
        label,
        NAME,
        &file_of(&lines, "\n"),
        &Options::default(),
        expected,
    )
}

/// Any bytes, named [`NAME`], default options.
fn raw(label: &'static str, bytes: &[u8], expected: &[Hit]) -> Case {
    raw_with(label, NAME, bytes, &Options::default(), expected)
}

fn raw_with(
    label: &'static str,
    name: &str,
    bytes: &[u8],
    options: &Options,
    expected: &[Hit],
) -> Case {
    Case {
        label,
        found: hits(&run(name, bytes, options)),
        expected: expected.iter().copied().collect(),
    }
}

fn verify(cases: Vec<Case>) {
    let failures: Vec<String> = cases
        .iter()
        .filter(|c| c.found != c.expected)
        .map(|c| {
            format!(
                "{}\n    expected {:?}\n    found    {:?}",
                c.label, c.expected, c.found
            )
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// `n` digits, `1234567890` repeated.
fn digits(n: usize) -> String {
    "1234567890".chars().cycle().take(n).collect()
}

// ---- Pass 1: the file name and the period -------------------------------------------------

#[rustfmt::skip]
fn name_cases() -> Vec<Case> {
    let ok = valid_file();
    let d = Options::default();
    let w = with_window("H22025");
    // Made in August 2026, running from 2025 on: in H22025 and in H12026.
    let running_in_h1_2026 = file_of(&[record(&[(1, "202608150900"), (6, "20261231"), (10, ""), (17, "")])], "\n");
    let h2_2025 = many(12, &[], &[("D001", 5), ("D003", 9)]);
    let few = many(9, &[], &[("D001", 5), ("D003", 9)]);
    vec![
        raw_with("N001+ lower-case prefix", "wmo_H22025.csv", &ok, &d, &[("N001", 0, 0)]),
        raw_with("N001+ no code uitvraag", "WMO_2025H2.csv", &ok, &d, &[("N001", 0, 0)]),
        raw_with("N001+ dash: the period still counts", "WMO-H12024-x.csv", &ok, &d,
            &[("N001", 0, 0), ("D001", 2, 5), ("D003", 2, 9), ("N007", 0, 0)]),
        raw_with("N001+ free text without _", "WMO_H22025gemeente.csv", &ok, &d, &[("N001", 0, 0)]),
        raw_with("N001- no free text", "WMO_H22025.csv", &ok, &d, &[]),
        raw_with("N001- free text, upper-case extension", "WMO_H22025_gemeenteGroningen.CSV", &ok, &d, &[]),
        raw_with("N001- path is not part of the name", "dir.v2/WMO_H22025_x.csv", &ok, &d, &[]),
        raw_with("N002+ dot in the name", "WMO_H22025_v1.2.csv", &ok, &d, &[("N002", 0, 0)]),
        raw_with("N002+ bracket", "WMO_H22025_[1].csv", &ok, &d, &[("N002", 0, 0)]),
        raw_with("N002- dash instead of dot", "WMO_H22025_v1-2.csv", &ok, &d, &[]),
        raw_with("N003+ xlsx", "WMO_H22025_test.xlsx", &ok, &d, &[("N003", 0, 0)]),
        raw_with("N003+ no extension", "WMO_H22025_test", &ok, &d, &[("N003", 0, 0)]),
        raw_with("N003- TXT", "WMO_H22025_test.TXT", &ok, &d, &[]),
        // Window H22025 accepts H22025 and H12025 (§2.2); the period of the name is used.
        raw_with("N004- window, same period", NAME, &ok, &w, &[]),
        raw_with("N004- window, period before", "WMO_H12025_test.csv", &ok, &w, &[]),
        raw_with("N004+ window, a year before", "WMO_H12024_test.csv", &ok, &w,
            &[("N004", 0, 0), ("D001", 2, 5), ("D003", 2, 9)]),
        // Made in January 2026, before H1 2026 ended, and the record ended in H2 2025: N008.
        raw_with("N004+ window, the next period", "WMO_H12026_test.csv", &ok, &w,
            &[("N004", 0, 0), ("D006", 2, 6), ("D008", 2, 10), ("D010", 2, 1), ("N008", 0, 0)]),
        raw_with("N004- no window: any period", "WMO_H12024_test.csv", &ok, &d,
            &[("D001", 2, 5), ("D003", 2, 9), ("N007", 0, 0)]),
        // Without --period the window is the one open on the day of delivery (§2.3, §2.4):
        // on 3 December 2026 that of H12026, which accepts H12026 and H22025.
        raw_with("N004- by date: H22025 in the window of H12026", NAME, &ok, &on_day(20261203), &[]),
        raw_with("N004+ by date: H12025's window is over", "WMO_H12025_test.csv", &ok, &on_day(20261203),
            &[("N004", 0, 0)]),
        raw_with("N004- by date: H12025 in its own window", "WMO_H12025_test.csv", &ok, &on_day(20260202), &[]),
        raw_with("N004+ by date: between windows the next one applies", "WMO_H12025_test.csv", &ok,
            &on_day(20260301), &[("N004", 0, 0)]),
        raw_with("N004+ by date: H22026's window has not begun", "WMO_H22026_test.csv", &ok, &on_day(20261203),
            &[("N004", 0, 0), ("D006", 2, 6), ("D008", 2, 10), ("D010", 2, 1), ("N008", 0, 0)]),
        raw_with("N004- by date: --period pins the window", "WMO_H12025_test.csv", &ok,
            &Options { delivery_date: Some(20261203), ..with_window("H22025") }, &[]),
        // A period the bundled protocol (H22025, for H22025 and H12025) is not for: checked
        // against it, with one warning (issue 23 item 7).
        raw_with("N007+ a later period", "WMO_H12026_test.csv", &running_in_h1_2026, &on_day(20261203),
            &[("N007", 0, 0)]),
        raw_with("N007+ a later period, no day of delivery", "WMO_H22026_test.csv", &running_in_h1_2026, &d,
            &[("N007", 0, 0), ("D010", 2, 1)]),
        raw_with("N007- a period of the protocol", NAME, &running_in_h1_2026, &on_day(20261203), &[]),
        raw_with("N007- outside the window: N004 alone", "WMO_H22024_test.csv", &ok, &on_day(20261203),
            &[("N004", 0, 0), ("D001", 2, 5), ("D003", 2, 9)]),
        // Most records fall outside the name's period and in another: the name is probably
        // wrong (N008), and the period findings stay, one per record.
        raw_with("N008+ most records fit another half year", "WMO_H22024_test.csv", &h2_2025.0, &d,
            &[h2_2025.1.as_slice(), &[("N008", 0, 0), ("N007", 0, 0)]].concat()),
        raw_with("N008+ --period wrong", "", &h2_2025.0, &with_window("H22024"),
            &[h2_2025.1.as_slice(), &[("N008", 0, 0), ("N006", 0, 0), ("N007", 0, 0)]].concat()),
        raw_with("N008- a few records outside: they may be wrong", "WMO_H22024_test.csv", &few.0, &d,
            &[few.1.as_slice(), &[("N007", 0, 0)]].concat()),
        raw_with("N008- the right name", NAME, &h2_2025.0, &d, &[]),
        raw_with("N005+ no name, no period", "", &ok, &d, &[("N005", 0, 0), ("N006", 0, 0)]),
        raw_with("N005- window gives the period", "", &ok, &w, &[("N006", 0, 0)]),
        // A name without a period: N001 says that the period rules were skipped.
        raw_with("N005- a name without a period", "WMO_test.csv", &ok, &d, &[("N001", 0, 0)]),
        // Without a period only the period rules are skipped.
        raw_with("N005+ period rules skipped", "",
            &file_of(&[record(&[(9, "20150101"), (10, "20150102"), (5, "20150101"), (6, "20150201")])], "\n"),
            &d, &[("N005", 0, 0), ("N006", 0, 0)]),
        raw_with("N005+ other date rules still run", "WMO_test.csv",
            &file_of(&[record(&[(10, "20200101")])], "\n"),
            &d, &[("N001", 0, 0), ("D007", 2, 10)]),
        // No name at all (standard input without --name): the name rules cannot run.
        raw_with("N006+ no name", "", &ok, &d, &[("N005", 0, 0), ("N006", 0, 0)]),
        raw_with("N006+ no name, the window gives the period", "", &ok, &w, &[("N006", 0, 0)]),
        raw_with("N006- a name, however wrong", "x", &ok, &d, &[("N001", 0, 0), ("N003", 0, 0)]),
    ]
}

// ---- Pass 2: structure --------------------------------------------------------------------

#[rustfmt::skip]
fn structure_cases() -> Vec<Case> {
    let ok = valid_file();
    let base = record(&[]);
    let crlf = file_of(std::slice::from_ref(&base), "\r\n");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &ok].concat();
    let mut no_newline = ok.clone();
    no_newline.pop();
    let header_17 = HEADER.rsplit_once(';').unwrap().0;
    let at_cap = format!("{HEADER}\n{}\n", "7".repeat(crate::scan::MAX_LINE_BYTES));
    let too_long = format!("{HEADER}\n{}\n", "7".repeat(5000));
    let with_bsn_wrong = file_of(&[record(&[(3, "123456789")])], "\n");
    let commas = file_of(&[base.replace(';', ","), record(&[(2, "0363")]).replace(';', ",")], "\n")
        .iter()
        .map(|b| if *b == b';' { b',' } else { *b })
        .collect::<Vec<u8>>();
    let records_commas = format!("{HEADER}\n{}\n{}\n", base.replace(';', ","), record(&[(2, "0363")]).replace(';', ","));
    let header_commas = format!("{}\n{base}\n{base}\n", HEADER.replace(';', ","));
    let tabs = String::from_utf8(file_of(&[record(&[(3, "123456789")])], "\n"))
        .unwrap()
        .replace(';', "\t");
    let ansi_header = [&encoding_rs::WINDOWS_1252.encode(HEADER).0[..], b"\n", base.as_bytes(), b"\n"].concat();
    let ansi_record = [HEADER.as_bytes(), b"\n", &encoding_rs::WINDOWS_1252.encode(&record(&[(17, "\u{e9}")])).0, b"\n"].concat();
    let comma_in_names = format!("{}\n{base}\n", HEADER.replacen("Gemeentecode", "Gemeente, code", 1));
    vec![
        raw("S001+ empty file", b"", &[("S001", 0, 0)]),
        raw("S001- header only", format!("{HEADER}\n").as_bytes(), &[("S006", 0, 0)]),
        raw("S002+ zip", b"PK\x03\x04\x14\x00\x08\x00", &[("S002", 0, 0), ("S005", 1, 0), ("S006", 0, 0), ("S010", 1, 0)]),
        raw("S002+ UTF-16, decoded", b"\xFF\xFEA\x00;\x00B\x00\n\x00", &[("S002", 0, 0), ("S005", 1, 0), ("S006", 0, 0)]),
        raw("S002+ UTF-16 LE, valid content", &utf16(&ok, false), &[("S002", 0, 0)]),
        raw("S002+ UTF-16 BE, a wrong field", &utf16(&with_bsn_wrong, true), &[("S002", 0, 0), ("F015", 2, 3)]),
        raw("S002- valid", &ok, &[]),
        raw("S013+ commas", &commas, &[("S013", 1, 0), ("R004", 3, 2)]),
        // One separator decides for the records, on the first record: a header split at
        // another one is one wrong line, not a wrong file.
        raw("S013+ records with commas under a header with semicolons", records_commas.as_bytes(),
            &[("S013", 2, 0), ("R004", 3, 2)]),
        raw("S013- a header with commas over records with semicolons", header_commas.as_bytes(), &[("S005", 1, 0)]),
        raw("S013+ a header with commas and no record", format!("{}\n", HEADER.replace(';', ",")).as_bytes(),
            &[("S013", 1, 0), ("S006", 0, 0)]),
        raw("S013+ tabs", tabs.as_bytes(), &[("S013", 1, 0), ("F015", 2, 3)]),
        raw("S013- a comma in a column name", comma_in_names.as_bytes(), &[]),
        raw("S003+ BOM", &with_bom, &[("S003", 1, 0)]),
        raw("S003- no BOM", &ok, &[]),
        raw("S004+ no header", format!("{base}\n").as_bytes(), &[("S004", 1, 0)]),
        raw("S004+ no header, BOM", format!("\u{FEFF}{base}\n").as_bytes(), &[("S003", 1, 0), ("S004", 1, 0)]),
        raw("S004+ no header, first record starts with ;", format!("{}\n{base}\n", record(&[(1, "")])).as_bytes(), &[("S004", 1, 0), ("F001", 1, 1)]),
        raw("S004+ no header, quoted record", format!("\"{base}\"\n").as_bytes(), &[("S004", 1, 0), ("F010", 1, 1), ("F010", 1, 18)]),
        raw("S004- header", &ok, &[]),
        raw("S004- header with an empty first name", format!(";{}\n{base}\n", HEADER.split_once(';').unwrap().1).as_bytes(), &[]),
        raw("S004- header in quotes", format!("\"{}\"\n{base}\n", HEADER.replace(';', "\";\"")).as_bytes(), &[]),
        raw("S005+ header of 17", format!("{header_17}\n{base}\n").as_bytes(), &[("S005", 1, 0)]),
        raw("S005+ header of 19", format!("{HEADER};Extra\n{base}\n").as_bytes(), &[("S005", 1, 0)]),
        raw("S005- header with trailing ;", format!("{HEADER};\n{base}\n").as_bytes(), &[("S008", 1, 0)]),
        raw("S006+ header only", format!("{HEADER}\n").as_bytes(), &[("S006", 0, 0)]),
        raw("S006+ blank line only", b"\n", &[("S009", 1, 0), ("S006", 0, 0)]),
        raw("S006- one record", &ok, &[]),
        raw("S007+ 17 columns", &file_of(&[base.rsplit_once(';').unwrap().0.to_string()], "\n"), &[("S007", 2, 0)]),
        raw("S007+ 19 columns", &file_of(&[format!("{base};04")], "\n"), &[("S007", 2, 0)]),
        raw("S007+ a record with commas among records with semicolons", &file_of(&[base.clone(), base.replace(';', ",")], "\n"), &[("S007", 3, 0)]),
        raw("S007- 18 columns", &ok, &[]),
        raw("S008+ trailing ;", &file_of(&[format!("{base};")], "\n"), &[("S008", 2, 0)]),
        raw("S008+ trailing ; after an empty last field", &file_of(&[format!("{};", record(&[(18, "")]))], "\n"), &[("S008", 2, 0)]),
        raw("S008- empty last field ends in ;", &file_of(&[record(&[(18, "")])], "\n"), &[]),
        raw("S009+ blank line between records", &file_of(&[base.clone(), String::new(), base.clone()], "\n"), &[("S009", 3, 0)]),
        raw("S009+ blank line at the end", &file_of(&[base.clone(), String::new()], "\n"), &[("S009", 3, 0)]),
        raw("S009+ blank CR LF line", &file_of(&[base.clone(), String::new()], "\r\n"), &[("S009", 3, 0)]),
        raw("S009- no blank line", &file_of(&[base.clone(), base.clone()], "\n"), &[]),
        raw("S010+ no final newline", &no_newline, &[("S010", 2, 0)]),
        raw("S010- final newline", &ok, &[]),
        raw("S010- final CR LF", &crlf, &[]),
        raw("S011+ line of 5000 bytes", too_long.as_bytes(), &[("S011", 2, 0)]),
        raw("S011- line at the cap is read", at_cap.as_bytes(), &[("S007", 2, 0)]),
        raw("S012+ lone CR in a field", &file_of(&[record(&[(17, "1\r9")])], "\n"), &[("S012", 2, 0)]),
        raw("S012+ CR CR LF", format!("{HEADER}\n{base}\r\r\n").as_bytes(), &[("S012", 2, 0)]),
        raw("S012- CR LF", &crlf, &[]),
        raw("S014+ header in Windows-1252", &ansi_header, &[("S014", 1, 0)]),
        raw("S014+ a record in Windows-1252", &ansi_record, &[("S014", 2, 0), ("F006", 2, 17)]),
        raw("S014- header in UTF-8", &ok, &[]),
        raw("S014- UTF-8 in a record", &file_of(&[record(&[(17, "\u{e9}")])], "\n"), &[("F006", 2, 17)]),
        raw("S015+ rows of separators at the end (Excel)", &file_of(&[base.clone(), ";".repeat(17), ";".repeat(17), ";".repeat(17)], "\n"), &[("S015", 3, 0), ("S015", 4, 0), ("S015", 5, 0)]),
        raw("S015+ a row of 20 separators", &file_of(&[base.clone(), ";".repeat(20)], "\n"), &[("S015", 3, 0)]),
        raw("S016+ a separator lost and one too many at the end", &file_of(&[base.clone(), format!("{};", base.replacen(';', "", 1))], "\n"), &[("S016", 3, 0), ("F002", 3, 1), ("F002", 3, 2), ("F002", 3, 4), ("F002", 3, 6), ("F002", 3, 7), ("F002", 3, 8), ("F002", 3, 10), ("F002", 3, 14), ("F002", 3, 15), ("F003", 3, 3), ("F003", 3, 11), ("F003", 3, 12), ("F003", 3, 13), ("F003", 3, 16), ("F013", 3, 17), ("F017", 0, 0), ("D002", 3, 9), ("R003", 3, 1), ("R004", 3, 2)]),
        raw("S016- zeros lost in their own column", &file_of(&[base.clone(), record(&[(2, "14")])], "\n"), &[("F003", 3, 2), ("R004", 3, 2)]),
        raw("S015- a value among the separators", &file_of(&[base.clone(), format!("0014{}", ";".repeat(17))], "\n"), &[("F001", 3, 2), ("F001", 3, 3), ("F002", 3, 1), ("R001", 3, 4), ("R002", 3, 5), ("R003", 3, 1)]),
    ]
}

// ---- Pass 3: single fields ----------------------------------------------------------------

const TOEWIJZING_24: &str = "000000000000000000123456";

#[rustfmt::skip]
fn field_cases() -> Vec<Case> {
    vec![
        rec("base record is valid", &[], &[]),
        rec("F001+ aanmaakdatum empty", &[(1, "")], &[("F001", 1)]),
        rec("F001+ gemeentecode empty", &[(2, "")], &[("F001", 2)]),
        rec("F001+ BSN empty", &[(3, "")], &[("F001", 3)]),
        rec("F001- optional type empty", &[(4, "")], &[]),
        rec("F001- optional end date empty", &[(10, "")], &[]),
        rec("F002+ gemeentecode too wide", &[(2, "00014")], &[("F002", 2)]),
        rec("F002+ date of 7 digits", &[(5, "2025010")], &[("F002", 5)]),
        rec("F002+ aanmaakdatum without minutes", &[(1, "2026011509")], &[("F002", 1)]),
        rec("F002+ volume of 9 digits", &[(16, "000000090")], &[("F002", 16)]),
        rec("F002+ toewijzingsnummer of 20", &[(11, &digits(20))], &[("F002", 11)]),
        rec("F002- right width", &[(2, "0363")], &[]),
        rec("F003+ BSN lost its leading zero", &[(3, "12345672")], &[("F003", 3)]),
        rec("F003+ gemeentecode 14", &[(2, "14")], &[("F003", 2)]),
        rec("F003+ type of 1 position", &[(4, "2")], &[("F003", 4)]),
        rec("F003+ reden wijziging of 1 position", &[(18, "4")], &[("F003", 18)]),
        rec("F003+ short toewijzingsnummer", &[(11, "123456")], &[("F003", 11)]),
        rec("F003- BSN with leading zero", &[(3, "012345672")], &[]),
        rec("F004+ type 01 (toewijzing)", &[(4, "01")], &[("F004", 4)]),
        rec("F004+ type 02 (declaratie)", &[(8, "02")], &[("F004", 8)]),
        rec("F004- type 0001", &[(4, "0001"), (8, "0001")], &[]),
        rec("F005+ toewijzingsnummer of 24", &[(11, TOEWIJZING_24)], &[("F005", 11)]),
        rec("F005- toewijzingsnummer of 16", &[(11, "0000000000123456")], &[]),
        rec("F006+ date with dashes", &[(5, "2025-01-01")], &[("F006", 5)]),
        rec("F006+ decimal comma outside a volume", &[(2, "1,5")], &[("F006", 2)]),
        rec("F006+ volume with a unit", &[(12, "4 uur")], &[("F006", 12)]),
        rec("F006+ letter in a code", &[(7, "Z")], &[("F006", 7)]),
        rec("F006- digits", &[(5, "20250101")], &[]),
        rec("F007+ Excel aanmaakdatum", &[(1, "2,01804E+11")], &[("F007", 1)]),
        rec("F007+ Excel aanmaakdatum with space", &[(1, "2,01804 E+11")], &[("F007", 1)]),
        rec("F007+ Excel toewijzingsnummer", &[(11, "1,23457E+15")], &[("F007", 11)]),
        rec("F007- aanmaakdatum as text", &[(1, "202601150930")], &[]),
        rec("F008+ decimal comma in volume", &[(12, "1,5")], &[("F008", 12)]),
        rec("F008+ decimal point in geleverd volume", &[(16, "0000012.5")], &[("F008", 16)]),
        rec("F008- integer volume", &[(12, "00000090"), (13, "01")], &[]),
        rec("F008- two separators", &[(12, "1.234,5")], &[("F006", 12)]),
        rec("F009+ leading space", &[(2, " 0014")], &[("F009", 2)]),
        rec("F009+ a space for empty", &[(17, " ")], &[("F009", 17)]),
        rec("F009+ trailing tab", &[(3, "111222333\t")], &[("F009", 3)]),
        rec("F009- really empty", &[(17, "")], &[]),
        rec("F010+ quoted", &[(2, "\"0014\"")], &[("F010", 2)]),
        rec("F010+ Excel text quote", &[(3, "'111222333")], &[("F010", 3)]),
        rec("F010- unquoted", &[(2, "0014")], &[]),
        rec("F011+ BSN of zeros", &[(3, "000000000")], &[("F011", 3)]),
        rec("F011+ type of zeros", &[(4, "0000")], &[("F011", 4)]),
        rec("F011+ date of zeros", &[(5, "00000000")], &[("F011", 5)]),
        rec("F011+ toewijzingsnummer of zeros", &[(11, "0000000000000000")], &[("F011", 11)]),
        rec("F011+ eenheid of zeros", &[(13, "00")], &[("F011", 13)]),
        rec("F011+ zero-filled empty cells (iWmo style)",
            &[(10, "00000000"), (11, "0000000000000000"), (17, "00"), (18, "00")],
            &[("F011", 10), ("F011", 11), ("F011", 17), ("F011", 18)]),
        rec("F011- volume 0 is a value", &[(12, "00000000"), (16, "00000000")], &[]),
        rec("F012+ 29 Feb 2025", &[(5, "20250229")], &[("F012", 5)]),
        rec("F012- 29 Feb 2024", &[(5, "20240229")], &[]),
        rec("F012+ actual start 29 Feb 2025", &[(9, "20250229")], &[("F012", 9)]),
        rec("F012- actual start 29 Feb 2024", &[(5, "20240101"), (9, "20240229")], &[]),
        rec("F012+ 31 Nov", &[(10, "20251131")], &[("F012", 10)]),
        rec("F012+ month 13", &[(6, "20251301")], &[("F012", 6)]),
        rec("F012+ 29 Feb 1900", &[(5, "19000229")], &[("F012", 5)]),
        rec("F012+ aanmaakdatum 29 Feb 2025", &[(1, "202502291200")], &[("F012", 1)]),
        rec("F012+ aanmaakdatum hour 24", &[(1, "202601152400")], &[("F012", 1)]),
        rec("F012+ aanmaakdatum minute 60", &[(1, "202601152360")], &[("F012", 1)]),
        rec("F012- aanmaakdatum 23:59", &[(1, "202601152359")], &[]),
        rec("F012- aanmaakdatum 29 Feb 2024", &[(1, "202402291200")], &[("D010", 1)]),
        rec("F013+ type 0019 (basis)", &[(4, "0019")], &[("F013", 4)]),
        rec("F013+ leveringsvorm 1", &[(7, "1")], &[("F013", 7)]),
        rec("F013+ eenheid 99 (facultatief)", &[(13, "99")], &[("F013", 13)]),
        rec("F013+ frequentie 3", &[(14, "3")], &[("F013", 14)]),
        rec("F013+ reden beëindiging 01", &[(17, "01")], &[("F013", 17)]),
        rec("F013+ reden wijziging 01", &[(18, "01")], &[("F013", 18)]),
        rec("F013+ reden wijziging 15", &[(18, "15")], &[("F013", 18)]),
        rec("F013- reden wijziging 02", &[(18, "02")], &[]),
        rec("F013- reden wijziging 14", &[(18, "14")], &[]),
        rec("F013- type 0315", &[(4, "0315"), (8, "0315")], &[]),
        rec("F013- leveringsvorm 2 (PGB)", &[(7, "2")], &[]),
        rec("F013- leveringsvorm 6", &[(7, "6")], &[]),
        rec("F014+ Weesp (ended 2022-03-24)", &[(2, "0457")], &[("F014", 2)]),
        rec("F014+ never a municipality", &[(2, "9999")], &[("F014", 2)]),
        rec("F014- Amsterdam", &[(2, "0363")], &[]),
        rec("F015+ elfproef fails", &[(3, "123456789")], &[("F015", 3)]),
        rec("F015+ last digit off", &[(3, "111222334")], &[("F015", 3)]),
        rec("F015- unknown BSN 999999999", &[(3, "999999999")], &[]),
        rec("F015- 123456782", &[(3, "123456782")], &[]),
        rec("F015- leading zero 012345672", &[(3, "012345672")], &[]),
        rec("F016+ reden beëindiging of 1 position", &[(17, "2")], &[("F016", 17)]),
        rec("F016- reden beëindiging 02", &[(17, "02")], &[]),
        rec("F018+ Excel date serial (1 January 2025)", &[(5, "45658")], &[("F018", 5)]),
        rec("F018+ Excel date and time serial", &[(1, "46037,39583")], &[("F018", 1)]),
        rec("F018+ Excel date serial as aanmaakdatum", &[(1, "46037")], &[("F018", 1)]),
        rec("F018- five digits, no date of this century", &[(5, "12345")], &[("F002", 5)]),
        rec("F018- a volume of five digits", &[(12, "45658")], &[("F003", 12)]),
        rec("F019+ non-breaking space after a date", &[(9, "20250115\u{a0}")], &[("F019", 9)]),
        rec("F019+ zero-width space before the BSN", &[(3, "\u{200b}111222333")], &[("F019", 3)]),
        rec("F019+ narrow space and a space around a code", &[(13, " 04\u{202f}")], &[("F019", 13)]),
        rec("F019- ordinary space", &[(9, "20250115 ")], &[("F009", 9)]),
        rec("F019- a non-breaking space inside a value", &[(12, "0000\u{a0}004")], &[("F006", 12)]),
        rec("F020+ Excel formula for text", &[(2, "=\"0014\"")], &[("F020", 2)]),
        rec("F020+ Excel formula for an empty cell", &[(17, "=\"\"")], &[("F020", 17)]),
        rec("F020- quoted", &[(2, "\"0014\"")], &[("F010", 2)]),
        rec("F021+ thousands separators", &[(16, "12.345.678")], &[("F021", 16)]),
        rec("F021+ one thousands separator (or a decimal)", &[(12, "1.500")], &[("F021", 12)]),
        rec("F021- a decimal comma", &[(12, "1,5")], &[("F008", 12)]),
        rec("F021- not a volume", &[(11, "1.500")], &[("F006", 11)]),
        rec("F022+ Excel error value (Dutch)", &[(4, "#N/B"), (8, "")], &[("F022", 4)]),
        rec("F022+ Excel error value (English)", &[(13, "#VALUE!")], &[("F022", 13)]),
        rec("F022- a hash and digits", &[(13, "#4")], &[("F006", 13)]),
        recs(
            "F017+ leading zeros dropped in two columns of every record",
            &[&[(12, "4"), (13, "4")], &[(12, "4"), (13, "4")]],
            &[("F003", 2, 12), ("F003", 2, 13), ("F003", 3, 12), ("F003", 3, 13), ("F017", 0, 0)],
        ),
        recs(
            "F017- in two columns of one record of five",
            &[&[(12, "4"), (13, "4")], &[], &[], &[], &[]],
            &[("F003", 2, 12), ("F003", 2, 13)],
        ),
        recs(
            "F017- in one column of every record",
            &[&[(12, "4")], &[(12, "4")]],
            &[("F003", 2, 12), ("F003", 3, 12)],
        ),
    ]
}

// ---- Pass 3: rules within a record and between records ------------------------------------

#[rustfmt::skip]
fn record_cases() -> Vec<Case> {
    vec![
        rec("R001+ both types empty", &[(4, ""), (8, "")], &[("R001", 4)]),
        rec("R001- only toewijzing", &[(8, "")], &[]),
        rec("R001- only declaratie", &[(4, "")], &[]),
        rec("R001- invalid type is not missing", &[(4, "0000"), (8, "")], &[("F011", 4)]),
        rec("R002+ both starts empty", &[(5, ""), (9, "")], &[("R002", 5)]),
        rec("R002- only beoogde start", &[(9, "")], &[]),
        rec("R002- only actual start", &[(5, "")], &[]),
        recs("R003+ aanmaakdatum differs", &[&[], &[(1, "202601160930")]], &[("R003", 3, 1)]),
        recs("R003- aanmaakdatum the same", &[&[], &[(3, "123456782")]], &[]),
        recs("R003- an empty aanmaakdatum is F001's", &[&[], &[(1, "")]], &[("F001", 3, 1)]),
        // The reference is the value most records hold: the odd record is the finding, also
        // when it is the first.
        recs("R003+ the first record is the odd one", &[&[(1, "202601160930")], &[], &[]],
            &[("R003", 2, 1)]),
        recs("R003+ the majority, not the previous", &[&[], &[(1, "202601160930")], &[(1, "202601160930")]],
            &[("R003", 2, 1)]),
        recs("R003+ a tie: the value seen first", &[&[], &[(1, "202601160930")]], &[("R003", 3, 1)]),
        recs("R003+ scientific notation in the first record only", &[&[(1, "2,02601E+11")], &[], &[]],
            &[("F007", 2, 1), ("R003", 2, 1)]),
        recs("R003- scientific notation in every record: F007 alone", &[&[(1, "2,02601E+11")], &[(1, "2,02601E+11")]],
            &[("F007", 2, 1), ("F007", 3, 1)]),
        recs("R004+ gemeentecode differs", &[&[], &[(2, "0363")]], &[("R004", 3, 2)]),
        recs("R004+ only the first record's gemeentecode differs", &[&[(2, "0034")], &[], &[], &[]],
            &[("R004", 2, 2)]),
        recs("R004+ former gemeente on a later line", &[&[], &[(2, "0457")]], &[("F014", 3, 2), ("R004", 3, 2)]),
        recs("R004- gemeentecode the same", &[&[], &[]], &[]),
    ]
}

// ---- Pass 3: dates against each other and the period [20250701, 20251231] -----------------

#[rustfmt::skip]
fn date_cases() -> Vec<Case> {
    vec![
        rec("D001+ beoogde start the day after the period", &[(5, "20260101"), (6, ""), (9, ""), (10, "")], &[("D001", 5)]),
        rec("D001- beoogde start on the last day", &[(5, "20251231"), (6, ""), (9, ""), (10, "")], &[]),
        rec("D001- beoogde start on the first day", &[(5, "20250701"), (6, ""), (9, ""), (10, "")], &[]),
        rec("D002+ start the day before beoogde start", &[(5, "20250701"), (9, "20250630")], &[("D002", 9)]),
        rec("D002- start on beoogde start", &[(5, "20250701"), (9, "20250701")], &[]),
        rec("D003+ start the day after the period", &[(9, "20260101"), (10, "")], &[("D003", 9)]),
        rec("D003- start on the last day", &[(9, "20251231"), (10, "")], &[]),
        rec("D003- start on the first day", &[(9, "20250701"), (10, "")], &[]),
        rec("D004+ start 31 Dec 2014", &[(5, "20140101"), (9, "20141231")], &[("D004", 9)]),
        rec("D004- start 1 Jan 2015", &[(5, "20140101"), (9, "20150101")], &[]),
        rec("D005+ beoogde end the day before beoogde start", &[(5, "20250801"), (6, "20250731"), (9, ""), (10, "")], &[("D005", 6)]),
        rec("D005- beoogde end on beoogde start", &[(5, "20250801"), (6, "20250801"), (9, ""), (10, "")], &[]),
        rec("D006+ beoogde end the day before the period", &[(6, "20250630"), (10, "")], &[("D006", 6)]),
        rec("D006- beoogde end on the first day", &[(6, "20250701"), (10, "")], &[]),
        rec("D006- beoogde end on the last day", &[(6, "20251231"), (10, "")], &[]),
        rec("D007+ end the day before start", &[(9, "20250801"), (10, "20250731")], &[("D007", 10)]),
        rec("D007- end on start", &[(9, "20250801"), (10, "20250801")], &[]),
        rec("D008+ end the day before the period", &[(10, "20250630")], &[("D008", 10)]),
        rec("D008- end on the first day", &[(10, "20250701")], &[]),
        rec("D008- end on the last day", &[(10, "20251231")], &[]),
        rec("D009+ end the day after beoogde end", &[(6, "20251130"), (10, "20251201")], &[("D009", 10)]),
        rec("D009- end on beoogde end", &[(6, "20251130"), (10, "20251130")], &[]),
        rec("D010+ created on the last day", &[(1, "202512312359")], &[("D010", 1)]),
        rec("D010+ created on the first day", &[(1, "202507010000")], &[("D010", 1)]),
        rec("D010- created the day after", &[(1, "202601010000")], &[]),
        rec("D- several at once", &[(5, "20250801"), (6, "20250630"), (9, "20250630"), (10, "20250601")],
            &[("D002", 9), ("D005", 6), ("D006", 6), ("D007", 10), ("D008", 10)]),
    ]
}

// ---- Pass 3: intensity and category -------------------------------------------------------

#[rustfmt::skip]
fn intensity_cases() -> Vec<Case> {
    vec![
        rec("C001- generic allocation as recommended", &GENERIC, &[]),
        rec("C001+ generic in hours", &generic(&[(13, "04")]), &[("C001", 13)]),
        rec("C001+ generic delivered in minutes", &generic(&[(15, "01")]), &[("C001", 15)]),
        rec("C001- generic, unit and frequency empty", &generic(&[(13, ""), (14, ""), (15, "")]), &[]),
        rec("C001- non-generic in hours", &[(13, "04")], &[]),
        rec("C002+ generic per week", &generic(&[(14, "2")]), &[("C002", 14)]),
        rec("C002- generic, frequency empty", &generic(&[(14, "")]), &[]),
        rec("C002- non-generic per week", &[(14, "2")], &[]),
        rec("C003+ eenheid missing", &[(13, "")], &[("C003", 12)]),
        rec("C003+ volume missing", &[(12, "")], &[("C003", 12)]),
        rec("C003+ only frequency", &[(12, ""), (13, "")], &[("C003", 12)]),
        rec("C003+ generic without volume", &generic(&[(12, "")]), &[("C003", 12)]),
        rec("C003- no intensity at all", &[(12, ""), (13, ""), (14, "")], &[]),
        rec("C003- material without volume", &[(4, "0011"), (8, "0011"), (12, "")], &[]),
        rec("C004+ geleverd volume without eenheid", &[(15, "")], &[("C004", 16)]),
        rec("C004- neither", &[(15, ""), (16, "")], &[]),
        rec("C004- generic may leave the eenheid empty", &generic(&[(15, "")]), &[]),
        rec("C004- eenheid without volume", &[(16, "")], &[]),
        rec("C005+ rolstoel without end dates", &[(4, "0011"), (8, "0011"), (6, ""), (10, "")], &[("C005", 10)]),
        rec("C005+ only type toewijzing 0014", &[(4, "0014"), (8, ""), (6, ""), (10, ""), (12, ""), (13, ""), (14, ""), (15, ""), (16, ""), (17, "")], &[("C005", 10)]),
        rec("C005- rolstoel with beoogde end", &[(4, "0011"), (8, "0011"), (10, "")], &[]),
        rec("C005- rolstoel with actual end", &[(4, "0011"), (8, "0011"), (6, "")], &[]),
        rec("C005- other category without end", &[(4, "0010"), (8, "0010"), (6, ""), (10, "")], &[]),
    ]
}

#[test]
fn file_names_and_periods() {
    verify(name_cases());
}

#[test]
fn structure() {
    verify(structure_cases());
}

#[test]
fn fields() {
    verify(field_cases());
}

#[test]
fn records() {
    verify(record_cases());
}

#[test]
fn dates() {
    verify(date_cases());
}

#[test]
fn intensity() {
    verify(intensity_cases());
}

/// Every rule except L001–L004 has a case where it fires and one where it does not.
#[test]
fn every_rule_fires_and_has_a_near_miss() {
    let cases: Vec<Case> = [
        name_cases(),
        structure_cases(),
        field_cases(),
        record_cases(),
        date_cases(),
        intensity_cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut missing = Vec::new();
    for rule in Rule::all().filter(|r| !r.code().starts_with('L')) {
        let code = rule.code();
        let has = |c: &Case| c.expected.iter().any(|h| h.0 == code);
        if !cases
            .iter()
            .any(|c| c.label.starts_with(&format!("{code}+")) && has(c) && c.found == c.expected)
        {
            missing.push(format!("{code}: no case where it fires"));
        }
        if !cases
            .iter()
            .any(|c| c.label.starts_with(&format!("{code}-")) && !has(c) && c.found == c.expected)
        {
            missing.push(format!("{code}: no near miss"));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// Rows of separators only are no records (S015): not counted, one finding each, with its
/// words (issue: three such rows gave 15 findings "is leeg, maar moet altijd gevuld zijn").
#[test]
fn rows_of_separators_are_no_records() {
    let options = Options::default();
    let separators = ";".repeat(17);
    let bytes = file_of(
        &[
            record(&[]),
            separators.clone(),
            separators.clone(),
            separators,
        ],
        "\r\n",
    );
    let report = check_bytes(NAME, &bytes, &options);
    assert_eq!(report.rows, 1);
    assert_eq!(report.counts.total(), 3);
    assert_eq!(report.fixable.of_rule(Rule::SeparatorRow), 3);
    assert_eq!(report.verdict(options.spec), Verdict::Rejected);
    let nl = message(options.spec, &report.findings[0], Lang::Nl);
    assert_eq!(
        nl,
        "Deze regel bevat alleen 17 puntkomma's en geen waarden: een lege rij die een \
         spreadsheetprogramma zoals Excel heeft meegeschreven. Het is geen record; verwijder de \
         regel."
    );
    let en = message(options.spec, &report.findings[0], Lang::En);
    assert!(
        en.starts_with("This line holds only 17 semicolons and no values"),
        "{en}"
    );
}

/// A line whose fields stand a column off (a separator lost after the aanmaakdatum, one too
/// many at the end) is told so, with the places the separators go, and its field findings are
/// not counted repairable: their advice is about values in the wrong column.
#[test]
fn fields_a_column_off_are_named() {
    let options = Options::default();
    let base = record(&[]);
    let shifted = format!("{};", base.replacen(';', "", 1));
    let report = check_bytes(
        NAME,
        &file_of(&[base.clone(), shifted.clone()], "\n"),
        &options,
    );
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == Rule::ColumnsShifted)
        .collect();
    assert_eq!(found.len(), 1, "{:?}", report.findings);
    assert_eq!(report.fixable.total(), 0);
    let nl = message(options.spec, found[0], Lang::Nl);
    assert!(
        nl.starts_with(
            "De velden van deze regel staan waarschijnlijk een kolom verschoven: met een \
             puntkomma erbij in kolom 1 na 12 posities en zonder de puntkomma na kolom 17"
        ),
        "{nl}"
    );
    let en = message(options.spec, found[0], Lang::En);
    assert!(
        en.contains(
            "added in column 1 after 12 positions and without the semicolon after column 17,"
        ),
        "{en}"
    );
    // The places it names give the record back: a separator after 12 positions of column 1,
    // the one after column 17 (the last) taken away.
    let back = format!("{};{}", &shifted[..12], &shifted[12..shifted.len() - 1]);
    assert_eq!(back, base);
}

// ---- Severities and the verdict -----------------------------------------------------------

#[test]
fn severity_and_verdict() {
    use Severity::{Error, Info, Reject, Warning};
    let options = Options::default();
    let spec = options.spec;
    let t24 = TOEWIJZING_24;
    type Expect<'a> = (&'a str, &'a [(u8, &'a str)], Severity);
    #[rustfmt::skip]
    let cases: &[Expect] = &[
        ("invalid code, facultative column 13", &[(13, "99")], Error),
        ("invalid code, basis column 4", &[(4, "0019")], Reject),
        ("invalid code, basis column 7", &[(7, "5")], Reject),
        ("reden wijziging 01", &[(18, "01")], Error),
        ("legacy type code", &[(4, "01")], Reject),
        ("24-position toewijzingsnummer", &[(11, t24)], Error),
        ("zero-filled end date (basis)", &[(10, "00000000")], Reject),
        ("zero-filled toewijzingsnummer", &[(11, "0000000000000000")], Error),
        ("decimal comma in volume", &[(12, "1,5")], Error),
        ("BSN without leading zero", &[(3, "12345672")], Reject),
        ("scientific aanmaakdatum", &[(1, "2,01804E+11")], Reject),
        ("former gemeente", &[(2, "0457")], Reject),
        ("legacy reden beëindiging", &[(17, "2")], Info),
        ("start before beoogde start", &[(5, "20250701"), (9, "20250630")], Warning),
        ("end after beoogde end", &[(6, "20251130"), (10, "20251201")], Warning),
        ("end before the period", &[(10, "20250630")], Reject),
        ("intensity incomplete", &[(13, "")], Error),
        ("material without end date", &[(4, "0012"), (8, "0012"), (6, ""), (10, "")], Info),
    ];
    for (what, overrides, severity) in cases {
        let report = run(NAME, &file_of(&[record(overrides)], "\n"), &options);
        assert_eq!(report.findings.len(), 1, "{what}: {:?}", report.findings);
        let f = &report.findings[0];
        assert_eq!(spec.severity(f.rule, f.column), *severity, "{what}");
        let mut by_severity = [0; 4];
        by_severity[*severity as usize] = 1;
        assert_eq!(report.counts.by_severity(spec), by_severity, "{what}");
        let verdict = if *severity == Reject {
            Verdict::Rejected
        } else {
            Verdict::Accepted
        };
        assert_eq!(report.verdict(spec), verdict, "{what}");
    }

    let verdict =
        |name: &str, bytes: &[u8], options: &Options| run(name, bytes, options).verdict(spec);
    let ok = valid_file();
    assert_eq!(verdict(NAME, &ok, &options), Verdict::Accepted);
    let bom = [b"\xEF\xBB\xBF".as_slice(), &ok].concat();
    assert_eq!(
        verdict(NAME, &bom, &options),
        Verdict::Accepted,
        "a BOM only warns"
    );
    let trailing = file_of(&[format!("{};", record(&[]))], "\n");
    assert_eq!(verdict(NAME, &trailing, &options), Verdict::Rejected);
    assert_eq!(verdict(NAME, b"", &options), Verdict::Rejected);
    assert_eq!(verdict("WMO_H22025.xlsx", &ok, &options), Verdict::Rejected);
    assert_eq!(
        verdict("WMO_test.csv", &ok, &with_window("H22025")),
        Verdict::Rejected
    );
    assert_eq!(
        verdict("WMO_H12025_x.csv", &ok, &with_window("H22025")),
        Verdict::Accepted
    );
    assert_eq!(
        verdict("WMO_H12024_x.csv", &ok, &with_window("H22025")),
        Verdict::Rejected
    );
}

// ---- Messages -----------------------------------------------------------------------------

#[test]
fn former_gemeente_is_named_with_its_end_date() {
    let options = Options::default();
    let report = run(NAME, &file_of(&[record(&[(2, "0457")])], "\n"), &options);
    let [f] = report.findings.as_slice() else {
        panic!("{:?}", report.findings)
    };
    assert_eq!(f.rule, Rule::UnknownGemeente);
    let nl = message(options.spec, f, Lang::Nl);
    assert_eq!(
        nl,
        "Gemeentecode 0457 staat niet in de CBS-lijst van gemeenten in H22025: \
         Weesp bestaat niet meer sinds 24 maart 2022."
    );
    let en = message(options.spec, f, Lang::En);
    assert!(en.contains("Weesp") && en.contains("24 March 2022"), "{en}");

    // In H1 2022 Weesp still existed.
    let h1_2022 = file_of(
        &[record(&[
            (1, "202207150900"),
            (2, "0457"),
            (5, "20220101"),
            (6, "20220630"),
            (9, "20220115"),
            (10, "20220601"),
        ])],
        "\n",
    );
    // Only N007 says that the bundled protocol is not that of H12022.
    assert_eq!(
        hits(&run("WMO_H12022_weesp.csv", &h1_2022, &options)),
        BTreeSet::from([("N007", 0, 0)])
    );
}

// ---- Reading ------------------------------------------------------------------------------

/// A file with a bit of everything, for the reading tests.
fn mixed_file(eol: &str) -> Vec<u8> {
    let mut lines: Vec<String> = vec![
        record(&[]),
        record(&[(3, "123456789"), (12, "1,5")]),
        String::new(),
        format!("{};", record(&[])),
        record(&[(1, "2,01804E+11"), (2, "0457")]),
        record(&[(17, "1\r9")]),
        record(&[(5, "20250229"), (11, TOEWIJZING_24)]),
        "7".repeat(5000),
        record(&[(10, "20250630"), (18, "01")]),
    ];
    lines.extend((0..50).map(|i| record(&[(16, &format!("{i:08}"))])));
    file_of(&lines, eol)
}

#[test]
fn one_byte_reads_equal_whole_buffer() {
    for options in [
        Options::default(),
        Options {
            max_per_rule: 2,
            ..Options::default()
        },
    ] {
        for bytes in [
            mixed_file("\n"),
            mixed_file("\r\n"),
            valid_file(),
            Vec::new(),
        ] {
            let whole = check_bytes(NAME, &bytes, &options);
            let chunked = check_reader(NAME, OneByte(&bytes), &options).unwrap();
            assert_same(&whole, &chunked, "1-byte reads");
            assert_eq!((whole.lines, whole.bytes), (chunked.lines, chunked.bytes));
        }
    }
    assert!(
        check_bytes(NAME, &mixed_file("\n"), &Options::default())
            .findings
            .len()
            > 10
    );
}

#[test]
fn crlf_equals_lf() {
    let options = Options::default();
    let lf = check_bytes(NAME, &mixed_file("\n"), &options);
    let crlf = check_bytes(NAME, &mixed_file("\r\n"), &options);
    assert_same(&lf, &crlf, "CR LF");
    assert_eq!(lf.lines, crlf.lines);
    assert_eq!(lf.rows, 58);
}

// ---- Privacy ------------------------------------------------------------------------------

#[test]
fn bsns_are_masked_unless_revealed() {
    const BSNS: [&str; 4] = ["111222333", "123456782", "012345672", "111111110"];
    let lines = vec![
        // A BSN shifted into the aanmaakdatum and gemeentecode of the first record, which
        // every later record is compared with.
        record(&[(1, "123456782"), (2, "123456782"), (3, " 111222333")]),
        record(&[(3, "\"012345672\"")]),
        record(&[(3, "12345672")]),
        record(&[(11, "111111110")]),
        record(&[(17, "111222333")]),
        record(&[(3, "111222333,")]),
        format!("111222333;{}", record(&[])),
    ];
    let bytes = file_of(&lines, "\n");
    let texts = |report: &FileReport| -> Vec<String> {
        let spec = Options::default().spec;
        let mut out = Vec::new();
        for f in &report.findings {
            out.extend(f.value.as_deref().map(str::to_string));
            out.extend(
                f.params
                    .iter()
                    .map(|(_, v)| crate::output::render::param_text(spec, v, Lang::Nl)),
            );
            out.push(message(spec, f, Lang::Nl));
            out.push(message(spec, f, Lang::En));
        }
        out.extend(report.gemeentecode.clone());
        out.extend(report.aanmaakdatum.clone());
        out
    };

    let masked = run(NAME, &bytes, &Options::default());
    assert!(masked.findings.len() >= 10, "{:?}", masked.findings);
    for text in texts(&masked) {
        for bsn in BSNS {
            assert!(!text.contains(bsn), "BSN {bsn} shown in {text:?}");
        }
    }

    let revealed = run(
        NAME,
        &bytes,
        &Options {
            reveal_bsn: true,
            ..Options::default()
        },
    );
    let all = texts(&revealed).join("\n");
    for bsn in BSNS {
        assert!(
            all.contains(bsn),
            "BSN {bsn} not shown with reveal_bsn:\n{all}"
        );
    }
    assert_eq!(hits(&masked), hits(&revealed));
}

// ---- The bundled examples -----------------------------------------------------------------

#[test]
fn bundled_examples() {
    let options = Options::default();
    let spec = options.spec;

    let good = run(
        "examples/WMO_H22025_voorbeeld.csv",
        include_bytes!("../../examples/WMO_H22025_voorbeeld.csv"),
        &options,
    );
    assert_eq!(good.verdict(spec), Verdict::Accepted);
    assert!(good.findings.is_empty(), "{:?}", good.findings);
    assert_eq!(good.gemeentecode.as_deref(), Some("0014"));
    assert!(good.rows >= 25, "{}", good.rows);

    let bad = run(
        "examples/WMO_H22025_fouten.csv",
        include_bytes!("../../examples/WMO_H22025_fouten.csv"),
        &options,
    );
    assert_eq!(bad.verdict(spec), Verdict::Rejected);
    let found: BTreeSet<(u64, &str)> = bad
        .findings
        .iter()
        .map(|f| (f.line.unwrap_or(0), f.rule.code()))
        .collect();

    // examples/README.md lists, per line of the faulty file, the rules it shows:
    // `| 3 | F015 | … |`. It must say exactly what the checker finds.
    let readme = include_str!("../../examples/README.md");
    let mut documented = BTreeSet::new();
    for row in readme.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let Ok(line) = cells[1].parse::<u64>() else {
            continue;
        };
        for code in cells[2].split(',').map(str::trim).filter(|c| *c != "–") {
            let code = code.trim_matches('`');
            assert!(
                Rule::from_code(code).is_some(),
                "README: unknown rule {code}"
            );
            documented.insert((line, Rule::from_code(code).unwrap().code()));
        }
    }
    assert_eq!(found, documented, "examples/README.md vs the checker");
    for code in [
        "S003", "S007", "S008", "S009", "S010", "S012", "F003", "F004", "F005", "F007", "F008",
        "F011", "F012", "F013", "F014", "F015", "F016",
    ] {
        assert!(found.iter().any(|(_, c)| *c == code), "{code} not shown");
    }
}

// ---- Steps and verdicts -------------------------------------------------------------------

/// Scientific notation is one of the "ongeldige tekens" of §4.1.1, which CBS's second step
/// looks for (§2.5): a file whose only rejection is one stops at step 2, not 3.
#[test]
fn scientific_notation_is_step_two() {
    let options = Options::default();
    let lines = [record(&[(1, "2,02601E+11")]), record(&[]), record(&[])];
    let report = run(NAME, &file_of(&lines, "\n"), &options);
    assert_eq!(
        hits(&report),
        BTreeSet::from([("F007", 2, 1), ("R003", 2, 1)])
    );
    assert_eq!(report.failing_pass(options.spec), Some(2));
    let wrong_code = run(NAME, &file_of(&[record(&[(4, "0019")])], "\n"), &options);
    assert_eq!(wrong_code.failing_pass(options.spec), Some(3));
}

/// Without a reporting period (no name with one, no `--period`) nothing is accepted: the
/// checks against the period could not run (issue 21 item 1).
#[test]
fn no_verdict_without_a_period() {
    let spec = Options::default().spec;
    // A record that ended before H2 2025: fine without a period, D008 with one.
    let ended = file_of(&[record(&[(6, "20250331"), (10, "20250331")])], "\n");
    let verdict = |name: &str, options: &Options| run(name, &ended, options).verdict(spec);
    assert_eq!(verdict("", &Options::default()), Verdict::Undecided);
    assert_eq!(verdict("", &with_window("H22025")), Verdict::Rejected);
    assert_eq!(verdict(NAME, &Options::default()), Verdict::Rejected);
    assert_eq!(
        verdict("WMO_H12025_x.csv", &Options::default()),
        Verdict::Accepted
    );
    // A name without a period is refused by N001; ignored, the verdict is still undecided.
    let without_n001 = Options {
        rules: crate::rules::RuleSet::from_selection(&[], &["N001".into()]).unwrap(),
        ..Options::default()
    };
    assert_eq!(verdict("WMO_x.csv", &without_n001), Verdict::Undecided);
    // A rejection decides, with or without a period.
    let wrong = file_of(&[record(&[(3, "123456789")])], "\n");
    assert_eq!(
        run("", &wrong, &Options::default()).verdict(spec),
        Verdict::Rejected
    );
    // Findings about no file read (a delivery) need no period.
    let sink = crate::findings::Sink::new(crate::rules::RuleSet::all(), 10);
    let delivery = FileReport::of_findings("(levering)".into(), spec, sink);
    assert_eq!(delivery.verdict(spec), Verdict::Accepted);
}

/// The reference is what most records hold: one odd record is one finding, wherever it is,
/// and after the first records the block path takes the records that repeat the majority.
#[test]
fn the_majority_is_the_reference() {
    let options = Options::default();
    let mut lines = vec![record(&[(2, "0034"), (1, "202601150931")])];
    lines.extend((0..2_500).map(|_| record(&[])));
    lines[1_700] = record(&[(2, "0363")]);
    let bytes = file_of(&lines, "\n");
    let report = run(NAME, &bytes, &options);
    assert_eq!(
        hits(&report),
        BTreeSet::from([("R003", 2, 1), ("R004", 2, 2), ("R004", 1_702, 2)])
    );
    assert_eq!(report.gemeentecode.as_deref(), Some("0014"));
    assert_eq!(report.aanmaakdatum.as_deref(), Some(BASE[0]));
    let texts: Vec<String> = report
        .findings
        .iter()
        .map(|f| message(options.spec, f, Lang::Nl))
        .collect();
    assert_eq!(
        texts[1],
        "Gemeentecode 0034 wijkt af van 0014, de gemeentecode van 999 van de eerste 1000 \
         records (voor het eerst op regel 3). Is dit een tikfout, verbeter hem dan; hoort het \
         record bij een andere gemeente, lever dan per gemeente een apart bestand."
    );
    assert!(
        texts[2].contains("999 van de eerste 1000 records"),
        "{}",
        texts[2]
    );
    // A file shorter than the sample: all of its records.
    let short = file_of(&lines[..26], "\n");
    let report = run(NAME, &short, &options);
    let [_, f] = report.findings.as_slice() else {
        panic!("{:?}", report.findings)
    };
    assert_eq!(
        message(options.spec, f, Lang::Nl),
        "Gemeentecode 0034 wijkt af van 0014, de gemeentecode van 25 van de 26 records (voor \
         het eerst op regel 3). Is dit een tikfout, verbeter hem dan; hoort het record bij een \
         andere gemeente, lever dan per gemeente een apart bestand."
    );
    // The block path is armed with the majority's values once the sample is decided.
    let mut run = super::Run::new(NAME, &options);
    run.feed(&bytes);
    assert!(run.checker.takes_blocks());
    let reference = run.checker.reference.as_ref().expect("decided");
    assert_eq!(reference.gemeentecode, b"0014");
}

/// The findings of the first records wait for the reference and come in line order with the
/// others: streamed in chunks as collected.
#[test]
fn sample_findings_come_in_line_order() {
    let options = Options::default();
    let mut lines: Vec<String> = (0..1_200).map(|_| record(&[])).collect();
    lines[0] = record(&[(2, "0034"), (3, "123456789")]);
    lines[3] = record(&[(3, "123456789")]);
    let report = run(NAME, &file_of(&lines, "\n"), &options);
    let order: Vec<(u64, &str)> = report
        .findings
        .iter()
        .map(|f| (f.line.unwrap_or(0), f.rule.code()))
        .collect();
    assert_eq!(order, [(2, "R004"), (2, "F015"), (5, "F015")]);
}
