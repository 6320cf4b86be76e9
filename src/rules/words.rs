//! The words of the rules, tested as a municipal employee reads them: every message in one
//! language, with the protocol's column names, numbers that agree with their nouns, values as
//! the file writes them, no internal names, and advice that is right for the column it is
//! about (a mandatory field is never to be left empty).

use super::placeholders;
use super::Rule;
use crate::check::tests::{file_of, record, BASE, NAME};
use crate::check::{check_bytes, Options};
use crate::findings::{Finding, Param};
use crate::output::render::message;
use crate::spec::{Lang, Period, Spec};

/// A value for every parameter a template names: `count` for the numbers (1 and 17 both
/// render, so that the plural forms are tried).
fn sample(name: &str, count: u64) -> Param {
    match name {
        "found" | "expected" | "separators" | "width" | "first_line" | "count" | "missing"
        | "max_count" | "ratio" | "max_ratio" | "method" | "outside" | "fits" | "rows"
        | "share" | "sample" | "odd" | "at" | "extra" => Param::Int(count),
        "character" | "suggestion" | "gemeente" | "name" | "member" | "file" | "main" => {
            Param::Text("WMO_H22025_x.csv".into())
        }
        "period" | "window" | "previous" | "protocol" | "suggested" | "uitvraag" => {
            Param::Period(Period::parse("H22025").expect("a period"))
        }
        "date" | "other" | "first" | "last" | "earliest" | "date1904" | "end" | "created" => {
            Param::Date(20250701)
        }
        "unit" | "after" => Param::Column(15),
        "time" => Param::Text("09:15".into()),
        "code" => Param::Text("U+00A0".into()),
        "columns" if count == 1 => Param::Columns(vec![12]),
        "columns" => Param::Columns(vec![12, 13]),
        "allowed" | "files" => Param::List(["0001".to_string(), "0002".to_string()].into()),
        "size" | "limit" => Param::Bytes(3 << 30),
        other => panic!("no sample value for the parameter {other:?}"),
    }
}

/// Every message of every rule, rendered with sample values, in both languages.
fn every_rendered_message() -> Vec<(Rule, &'static str, String, String)> {
    let spec = Spec::latest();
    let mut out = Vec::new();
    for rule in Rule::all() {
        for m in rule.info().messages {
            for count in [1, 17] {
                let mut finding = Finding::new(rule, Some(2), Some(3)).value("123");
                finding.message = m.key;
                for template in [m.nl, m.en] {
                    for name in placeholders(template) {
                        if !matches!(name, "column" | "value") && finding.get(name).is_none() {
                            let key: &'static str = Box::leak(name.to_string().into_boxed_str());
                            finding = finding.param(key, sample(name, count));
                        }
                    }
                }
                let nl = message(spec, &finding, Lang::Nl);
                let en = message(spec, &finding, Lang::En);
                out.push((rule, m.key, nl, en));
            }
        }
    }
    out
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every message of every rule, rendered with sample values for its parameters, holds no
/// word of the other language: words come from the templates, parameters are values.
#[test]
fn every_message_speaks_one_language() {
    let dutch = [
        "de",
        "het",
        "een",
        "en",
        "van",
        "niet",
        "bestand",
        "regel",
        "kolom",
        "moet",
        "zijn",
        "geen",
        "voor",
        "wordt",
        "dit",
        "deze",
        "leeg",
        "bevat",
        "heeft",
        "staat",
        "alleen",
        "vul",
        "laat",
        "ontbreekt",
        "ontbreken",
        "uitvraag",
        "stap",
        "maar",
        "periode",
    ];
    let english = [
        "the", "and", "must", "file", "line", "column", "with", "which", "has", "holds", "only",
        "this", "should", "not", "empty", "contains", "there", "fill", "leave", "missing",
    ];
    let titles = Rule::all().map(|rule| {
        let (nl, en) = rule.info().title;
        (rule, "title", nl.to_string(), en.to_string())
    });
    for (rule, key, nl, en) in every_rendered_message().into_iter().chain(titles) {
        for (text, other, what) in [(&nl, &english[..], "English"), (&en, &dutch[..], "Dutch")] {
            assert!(
                !text.contains('{'),
                "{} {key:?}: unfilled in {text:?}",
                rule.code()
            );
            let found: Vec<String> = words(text)
                .into_iter()
                .filter(|w| other.contains(&w.as_str()))
                .collect();
            assert!(
                found.is_empty(),
                "{} {key:?}: {what} words {found:?} in {text:?}",
                rule.code()
            );
        }
    }
}

/// What no message may hold, whatever it is about: a number that disagrees with its noun
/// ("1 kolommen"), a date written otherwise than the file writes dates, an internal name.
/// `value` is the value the message quotes from the file, which is the file's, not ours.
fn wording_faults(text: &str, value: Option<&str>, spec: &Spec) -> Vec<String> {
    let text = &match value {
        Some(value) if !value.is_empty() => text.replace(value, "…"),
        _ => text.to_string(),
    };
    let mut faults = Vec::new();
    let nouns_nl = [
        "posities",
        "kolommen",
        "records",
        "cijfers",
        "spaties",
        "puntkomma's",
        "voorloopnullen",
        "nullen",
        "tekens",
        "gemeentecodes",
        "voorzieningen",
        "bestanden",
        "meldingen",
        "regels",
    ];
    let nouns_en = [
        "positions",
        "columns",
        "records",
        "digits",
        "spaces",
        "semicolons",
        "zeros",
        "bytes",
        "codes",
        "provisions",
        "files",
        "findings",
        "lines",
    ];
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for pair in tokens.windows(2) {
        let noun = pair[1].trim_end_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        if pair[0] == "1" && (nouns_nl.contains(&noun) || nouns_en.contains(&noun)) {
            faults.push(format!("plural after 1: {:?}", pair.join(" ")));
        }
    }
    for wrong in [
        "er staan 1 ",
        "there are 1 ",
        "ontbreken 1 ",
        "1 leading zeros",
    ] {
        if text.contains(wrong) {
            faults.push(format!("plural: {wrong:?}"));
        }
    }
    // "maar maar 0 cliënten": a word twice in a row, with nothing but a space between.
    for pair in tokens.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let joined = a.ends_with(char::is_alphabetic) && b.starts_with(char::is_alphabetic);
        let word = |w: &str| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        };
        if joined && word(a) == word(b) {
            faults.push(format!("{:?} twice", word(a)));
        }
    }
    // CBS's check has steps 1 to 3; the delivery rules are no step.
    for wrong in ["stap 4", "step 4", "van 3 van", "stap 0", "step 0"] {
        if text.to_lowercase().contains(wrong) {
            faults.push(format!("{wrong:?}"));
        }
    }
    // 2025-07-01: a date as no delivery file writes it.
    let b = text.as_bytes();
    if b.windows(10).any(|w| {
        w[..4].iter().all(u8::is_ascii_digit)
            && w[4] == b'-'
            && w[5..7].iter().all(u8::is_ascii_digit)
            && w[7] == b'-'
            && w[8..].iter().all(u8::is_ascii_digit)
    }) {
        faults.push("a date written yyyy-mm-dd".into());
    }
    for column in &spec.columns {
        if column.key.contains('_') && text.contains(column.key.as_str()) {
            faults.push(format!("internal key {}", column.key));
        }
    }
    faults
}

#[test]
fn numbers_agree_and_nothing_internal_shows() {
    let spec = Spec::latest();
    let titles = Rule::all().map(|rule| {
        let (nl, en) = rule.info().title;
        (rule, "title", nl.to_string(), en.to_string())
    });
    for (rule, key, nl, en) in every_rendered_message().into_iter().chain(titles) {
        for text in [&nl, &en] {
            let faults = wording_faults(text, Some("123"), spec);
            assert!(
                faults.is_empty(),
                "{} {key:?}: {faults:?} in {text:?}",
                rule.code()
            );
        }
    }
}

/// The mistakes a field is tried with, each as the value of one column of a valid record.
fn mistakes(column: usize, width: usize) -> Vec<(&'static str, String)> {
    let base = BASE[column];
    let mut out = vec![
        ("empty", String::new()),
        ("zeros", "0".repeat(width)),
        ("too long", "1".repeat(width + 1)),
        ("space before", format!(" {base}")),
        ("spaces after", format!("{base}  ")),
        ("only a space", " ".into()),
        ("tab", format!("{base}\t")),
        ("quotes", format!("\"{base}\"")),
        ("letters", "abc".into()),
        ("scientific", "2,02601E+11".into()),
        ("decimal comma", "1,5".into()),
        ("date with dashes", "2025-07-01".into()),
        ("day first", "01072025".into()),
    ];
    if width > 1 {
        out.push(("one digit", "7".into()));
    }
    if let Some(rest) = base.strip_prefix('0') {
        out.push(("leading zero dropped", rest.into()));
    }
    out
}

/// A phrase that tells the user to leave the cell empty, unconditionally.
fn says_leave_empty(text: &str) -> Option<&'static str> {
    [
        "laat de cel dan leeg",
        "laat de cel leeg",
        "laat het leeg",
        "een lege cel blijft",
        "een lege cel is helemaal leeg",
        "leave the cell empty",
        "an empty cell stays",
        "an empty cell is completely empty",
    ]
    .into_iter()
    .find(|phrase| text.to_lowercase().contains(phrase))
}

/// Every column of the protocol, tried with every mistake: what each finding about the column
/// advises is right for the column's class. A mandatory field (aanmaakdatum, gemeentecode,
/// BSN) is never to be left empty; a field of which a record needs one of two (the types, the
/// start dates) only when the other is filled; every message names the column by the
/// protocol's own name, and no message shows an internal name or a plural after 1.
#[test]
fn advice_is_right_for_every_field_class() {
    let options = Options::default();
    let spec = options.spec;
    let mut checked = 0;
    let mut failures = Vec::new();
    for (i, column) in spec.columns.iter().enumerate() {
        let number = column.number;
        let partner = crate::rules::record::one_of_partner(spec, number);
        for (mistake, value) in mistakes(i, column.width) {
            let bytes = file_of(&[record(&[(number, value.as_str())])], "\n");
            let report = check_bytes(NAME, &bytes, &options);
            for f in &report.findings {
                for lang in [Lang::Nl, Lang::En] {
                    let text = message(spec, f, lang);
                    let what = format!("column {number} {mistake:?} {}: {text}", f.rule.code());
                    wording_faults(&text, f.value.as_deref(), spec)
                        .into_iter()
                        .for_each(|fault| failures.push(format!("{what}\n    {fault}")));
                    // The rules of single fields and records (F007 is pass 2, §4.1.1).
                    if f.column != Some(number)
                        || !matches!(&f.rule.code()[..1], "F" | "R" | "D" | "C")
                    {
                        continue;
                    }
                    checked += 1;
                    if f.message.is_empty() || !matches!(f.rule.code(), "F013" | "F014" | "F015") {
                        let name = format!("\u{2018}{}\u{2019}", column.name(lang));
                        if !text.contains(&name) && f.rule.code().starts_with('F') {
                            failures.push(format!("{what}\n    does not name {name}"));
                        }
                    }
                    let leave = says_leave_empty(&text);
                    if column.mandatory && leave.is_some() {
                        failures.push(format!("{what}\n    mandatory, yet {leave:?}"));
                    }
                    if let (Some(other), Some(phrase)) = (partner, leave) {
                        failures.push(format!(
                            "{what}\n    needed unless column {other} is filled, yet {phrase:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert!(checked > 300, "only {checked} messages about their column");
}

/// A field of zeros gets the advice of its class: the unknown BSN, a mandatory value, one of
/// a pair a record needs one of, or an empty cell.
#[test]
fn zeros_are_advised_by_field_class() {
    let options = Options::default();
    let spec = options.spec;
    for column in &spec.columns {
        let zeros = "0".repeat(column.width);
        let bytes = file_of(&[record(&[(column.number, zeros.as_str())])], "\n");
        let report = check_bytes(NAME, &bytes, &options);
        let key = report
            .findings
            .iter()
            .find(|f| f.rule == Rule::ZeroFilled)
            .map(|f| f.message);
        let expected = match column.number {
            3 => Some("bsn"),
            1 | 2 => Some("mandatory"),
            4 | 5 | 8 | 9 => Some("one_of"),
            12 | 16 => None, // a volume of 0 is a value
            _ => Some(""),
        };
        assert_eq!(
            key, expected,
            "column {}: {:?}",
            column.number, report.findings
        );
    }
}

/// A BSN's shape is told in words, since its digits are masked: a missing leading zero, a
/// space before it, quotes around it.
#[test]
fn a_masked_bsn_is_described_in_words() {
    let options = Options::default();
    let spec = options.spec;
    for (value, nl, en) in [
        (
            "12345672",
            "er ontbreekt één voorloopnul",
            "one leading zero is missing",
        ),
        (
            "1000007",
            "er ontbreken 2 voorloopnullen",
            "2 leading zeros are missing",
        ),
        (
            "11122233",
            "voldoet het niet aan de elfproef",
            "fails the elfproef",
        ),
        (
            " 111222333",
            "er staat een spatie vóór de cijfers",
            "there is a space before",
        ),
        (
            "111222333  ",
            "er staan 2 spaties na de cijfers",
            "there are 2 spaces after",
        ),
        (
            "\"111222333\"",
            "(\"*******33\") bevat aanhalingstekens",
            "(\"*******33\") contains quotes",
        ),
        (
            "",
            "vul het BSN in, of 999999999",
            "fill in the BSN, or 999999999",
        ),
    ] {
        let bytes = file_of(&[record(&[(3, value)])], "\n");
        let report = check_bytes(NAME, &bytes, &options);
        let [f] = report.findings.as_slice() else {
            panic!("{value:?}: {:?}", report.findings)
        };
        let (text_nl, text_en) = (message(spec, f, Lang::Nl), message(spec, f, Lang::En));
        assert!(text_nl.contains(nl), "{value:?}: {text_nl}");
        assert!(text_en.contains(en), "{value:?}: {text_en}");
        for text in [text_nl, text_en] {
            for digits in ["111222333", "012345672", "001000007"] {
                assert!(!text.contains(digits), "{text}");
            }
        }
    }
}

/// Dropped leading zeros in several columns of a record are named as a spreadsheet's work in
/// each finding; `02` is an old type code, `11` alone could be either and says both.
#[test]
fn a_spreadsheet_is_named_where_the_record_shows_it() {
    let options = Options::default();
    let spec = options.spec;
    let key_of = |overrides: &[(u8, &str)], column: u8| -> &'static str {
        let bytes = file_of(&[record(overrides)], "\n");
        let report = check_bytes(NAME, &bytes, &options);
        let f = report
            .findings
            .iter()
            .find(|f| f.column == Some(column))
            .unwrap_or_else(|| panic!("{overrides:?}: {:?}", report.findings));
        let nl = message(spec, f, Lang::Nl);
        if f.message == "spreadsheet" {
            assert!(nl.contains("Excel") && nl.contains("kolom 2"), "{nl}");
        }
        f.message
    };
    // Excel: 0014 → 14 and 0011 → 11 in the same record.
    assert_eq!(key_of(&[(2, "14"), (4, "11"), (8, "11")], 4), "spreadsheet");
    assert_eq!(key_of(&[(2, "14"), (13, "4")], 13), "spreadsheet");
    assert_eq!(key_of(&[(4, "11"), (8, "0011")], 4), "either");
    assert_eq!(key_of(&[(4, "02"), (8, "0002")], 4), "");
    assert_eq!(key_of(&[(13, "4")], 13), "");
}

/// A title is said of every finding of its rule, whichever of the rule's messages the finding
/// has: S002's is right for a zip or a workbook saved as .csv and for a UTF-16 file alike,
/// which is text, only not in an encoding CBS reads (was "Geen tekstbestand").
#[test]
fn a_title_fits_every_message_of_its_rule() {
    let options = Options::default();
    let spec = options.spec;
    let header_and_record = file_of(&[record(&[])], "\n");
    let utf16: Vec<u8> = std::iter::once([0xff, 0xfe])
        .flatten()
        .chain(
            String::from_utf8(header_and_record)
                .expect("utf-8")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let report = check_bytes(NAME, &utf16, &options);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == Rule::NotText)
        .unwrap_or_else(|| panic!("{:?}", report.findings));
    assert_eq!(f.message, "utf16");
    let (nl, en) = Rule::NotText.info().title;
    assert_eq!(
        (nl, en),
        (
            "Geen tekstbestand dat CBS kan lezen",
            "Not a text file CBS can read"
        )
    );
    assert!(message(spec, f, Lang::Nl).contains("UTF-16"));
}
