//! Pass 1, the file name (N): `WMO_[code uitvraag]_[vrije tekst].csv` (§3.1, §4.1.1), and the
//! reporting period it names, against the delivery window (§2.2).

use crate::findings::{Finding, Sink};
use crate::rules::{rule, Rule, RuleInfo};
use crate::spec::Period;

pub(crate) const FILE_NAME_PATTERN: RuleInfo = rule! {
    "N001" "file-name-pattern", FileName, Fixed(Reject), "§3.1, §4.1.1",
    title: ("Bestandsnaam volgt het patroon niet", "File name does not follow the pattern"),
    nl: "De bestandsnaam {value} heeft geen code uitvraag (H1 of H2 en het jaar, zoals H22025) na WMO_. Noem het bestand WMO_[code uitvraag]_[vrije tekst].csv, bijvoorbeeld WMO_H22025_gemeenteWesterveld.csv.",
    en: "The file name {value} has no period code (H1 or H2 and the year, such as H22025) after WMO_. Name the file WMO_[period code]_[free text].csv, for example WMO_H22025_gemeenteWesterveld.csv.",
    "unchecked" => nl: "De bestandsnaam {value} heeft geen code uitvraag (H1 of H2 en het jaar, zoals H22025) na WMO_, dus is ook niet bekend over welk halfjaar het bestand gaat: de datums zijn niet aan de verslagperiode getoetst. Noem het bestand WMO_[code uitvraag]_[vrije tekst].csv, bijvoorbeeld WMO_H22025_gemeenteWesterveld.csv, of geef de periode op met --period.",
    en: "The file name {value} has no period code (H1 or H2 and the year, such as H22025) after WMO_, so the half year the file covers is unknown too: the dates were not checked against the reporting period. Name the file WMO_[period code]_[free text].csv, for example WMO_H22025_gemeenteWesterveld.csv, or give the period with --period.",
    "prefix" => nl: "De bestandsnaam {value} begint niet met WMO_. Een Wmo-bestand heet WMO_[code uitvraag]_[vrije tekst].csv, bijvoorbeeld WMO_H22025_gemeenteWesterveld.csv.",
    en: "The file name {value} does not start with WMO_. A Wmo file is named WMO_[period code]_[free text].csv, for example WMO_H22025_gemeenteWesterveld.csv.",
    "case" => nl: "De bestandsnaam {value} heeft kleine letters waar het protocol hoofdletters schrijft: WMO en de H van de code uitvraag horen in hoofdletters. Noem het bestand {suggestion}.",
    en: "The file name {value} has lower case where the protocol writes capitals: WMO and the H of the period code are in capitals. Name the file {suggestion}.",
    "separator" => nl: "In de bestandsnaam {value} staat tussen WMO en de code uitvraag geen liggend streepje (_). Noem het bestand {suggestion}.",
    en: "The file name {value} has no underscore (_) between WMO and the period code. Name the file {suggestion}.",
    "free_text" => nl: "In de bestandsnaam {value} staat tussen de code uitvraag en de vrije tekst geen liggend streepje (_). Noem het bestand {suggestion}.",
    en: "The file name {value} has no underscore (_) between the period code and the free text. Name the file {suggestion}.",
};

pub(crate) const FILE_NAME_CHARACTER: RuleInfo = rule! {
    "N002" "file-name-character", FileName, Fixed(Reject), "§3.1.1, §4.1.1",
    title: ("Niet toegestaan teken in de bestandsnaam", "Forbidden character in the file name"),
    nl: "De bestandsnaam {value} bevat het niet toegestane teken {character}. Niet toegestaan zijn : \\ / ? ; * \" > < | ] [ en een punt behalve vóór de extensie: haal het teken uit de naam.",
    en: "The file name {value} contains the forbidden character {character}. Forbidden are : \\ / ? ; * \" > < | ] [ and a dot other than before the extension: remove the character from the name.",
};

pub(crate) const FILE_NAME_EXTENSION: RuleInfo = rule! {
    "N003" "file-name-extension", FileName, Fixed(Reject), "§3.1, §4.1.1",
    title: ("Extensie is geen .csv of .txt", "Extension is not .csv or .txt"),
    nl: "De extensie van {value} is geen .csv of .txt; CBS kan het bestand dan niet inlezen. Sla het op als .csv (gescheiden door puntkomma's) of .txt.",
    en: "The extension of {value} is not .csv or .txt; CBS cannot read the file. Save it as .csv (separated by semicolons) or .txt.",
};

pub(crate) const PERIOD_OUTSIDE_WINDOW: RuleInfo = rule! {
    "N004" "period-outside-window", FileName, Fixed(Reject), "§2.2",
    title: ("Periode valt buiten de aanleverperiode", "Period outside the delivery window"),
    nl: "Het bestand gaat over {period}, maar in de aanleverperiode {window} worden alleen {window} en {previous} aangenomen.",
    en: "The file covers {period}, but the delivery window {window} accepts only {window} and {previous}.",
};

pub(crate) const PERIOD_UNKNOWN: RuleInfo = rule! {
    "N005" "period-unknown", FileName, Fixed(Info), "§3.1",
    title: ("Verslagperiode onbekend", "Reporting period unknown"),
    nl: "De verslagperiode is niet bekend (het bestand heeft geen naam en er is geen --period opgegeven), dus de datums zijn niet aan de verslagperiode getoetst. Geef de periode op met --period, bijvoorbeeld --period H22025.",
    en: "The reporting period is unknown (the file has no name and no --period was given), so the dates were not checked against the reporting period. Give the period with --period, for example --period H22025.",
};

pub(crate) const FILE_NAME_UNKNOWN: RuleInfo = rule! {
    "N006" "file-name-unknown", FileName, Fixed(Warning), "§3.1, §4.1.1",
    title: ("Geen bestandsnaam", "No file name"),
    nl: "Er is geen bestandsnaam opgegeven (het bestand kwam binnen via standaardinvoer), dus de controles van de bestandsnaam (N001 tot en met N003) zijn niet uitgevoerd. Geef de naam op met --name.",
    en: "No file name was given (the file came in on standard input), so the file-name rules (N001 to N003) were not checked. Give the name with --name.",
};

const FORBIDDEN: &[char] = &[
    ':', '\\', '/', '?', ';', '*', '"', '”', '>', '<', '|', ']', '[',
];

/// The last component of a path or zip member name.
pub fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Pass 1 for a file shown as `path`: its name, and the reporting period it names, in the
/// delivery `window` if one is given. Returns the period the date rules use: the name's, or
/// else the window's.
pub fn check_name(path: &str, window: Option<Period>, sink: &mut Sink) -> Option<Period> {
    let name = base_name(path);
    // An empty name: the input came without one (standard input); the name rules cannot run.
    let named = if name.is_empty() {
        sink.report(Rule::FileNameUnknown, None, || {
            Finding::new(Rule::FileNameUnknown, None, None)
        });
        None
    } else {
        check_file_name(name, window, sink)
    };
    if let (Some(p), Some(window)) = (named, window) {
        if ![window, window.previous()].contains(&p) {
            sink.report(Rule::PeriodOutsideWindow, None, || {
                Finding::new(Rule::PeriodOutsideWindow, None, None)
                    .value(p.code())
                    .param("period", p)
                    .param("window", window)
                    .param("previous", window.previous())
            });
        }
    }
    let period = named.or(window);
    // A name without a period has N001 say so, with what follows from it: one finding for
    // one mistake. Only a file without a name needs N005.
    if period.is_none() && name.is_empty() {
        sink.report(Rule::PeriodUnknown, None, || {
            Finding::new(Rule::PeriodUnknown, None, None)
        });
    }
    period
}

/// Checks a base name. The period is read even from a name that is otherwise wrong
/// (`wmo_H22025.csv`, `WMO-H22025.csv`, `WMO_H22025gemeente.csv`), so that the date rules
/// still run and N001 can say exactly what to change. `window` is the period given apart from
/// the name, if any: without it, a name without a period leaves the date rules unchecked.
pub fn check_file_name(name: &str, window: Option<Period>, sink: &mut Sink) -> Option<Period> {
    let shown = name.to_string();
    let (stem, extension) = match name.rfind('.') {
        Some(dot) => (&name[..dot], Some(&name[dot + 1..])),
        None => (name, None),
    };
    let ext_ok =
        extension.is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    if !ext_ok {
        sink.report(Rule::FileNameExtension, None, || {
            Finding::new(Rule::FileNameExtension, None, None).value(shown.clone())
        });
    }
    // A dot in the stem is forbidden when the extension is right; otherwise the extension
    // finding already says what is wrong.
    let forbidden = stem
        .chars()
        .find(|c| FORBIDDEN.contains(c) || (*c == '.' && ext_ok));
    if let Some(c) = forbidden {
        sink.report(Rule::FileNameCharacter, None, || {
            Finding::new(Rule::FileNameCharacter, None, None)
                .value(shown.clone())
                .param("character", format!("'{c}'"))
        });
    }
    let reading = read_name(stem);
    if let Some(problem) = reading.problem {
        sink.report(Rule::FileNamePattern, None, || {
            let finding = Finding::new(Rule::FileNamePattern, None, None).value(shown.clone());
            let key = match problem {
                NameProblem::NoPeriod if window.is_none() => "unchecked",
                NameProblem::NoPeriod => "",
                NameProblem::Prefix => "prefix",
                NameProblem::Case => "case",
                NameProblem::Separator => "separator",
                NameProblem::FreeText => "free_text",
            };
            let finding = finding.message(key);
            match reading.period {
                Some(period) if problem != NameProblem::Prefix => {
                    let extension = extension.filter(|_| ext_ok).unwrap_or("csv");
                    let free = reading.free_text.map_or(String::new(), |t| format!("_{t}"));
                    finding.param("suggestion", format!("WMO_{period}{free}.{extension}"))
                }
                _ => finding,
            }
        });
    }
    reading.period
}

/// What is wrong with a name against `WMO_[code uitvraag]_[vrije tekst]`: the first of
/// these, in this order; the suggested name mends them all.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum NameProblem {
    /// No code uitvraag (`H1`/`H2` and a year) anywhere in the name.
    NoPeriod,
    /// Something else than `WMO` before the code uitvraag (`Jeugd_H22025`).
    Prefix,
    /// `wmo` or `h2` in lower case.
    Case,
    /// Not `_` between `WMO` and the code uitvraag (`WMO-H22025`, `WMOH22025`).
    Separator,
    /// The free text follows the code uitvraag without `_` (`WMO_H22025gemeente`).
    FreeText,
}

/// A name's stem as read: the period it names, the free text after it, and what is wrong.
struct NameReading<'a> {
    period: Option<Period>,
    free_text: Option<&'a str>,
    problem: Option<NameProblem>,
}

/// Reads a stem: the first `H1yyyy`/`H2yyyy` (any case, not inside a longer number) is the
/// code uitvraag; what stands before it should be `WMO_`, what follows `_` and free text.
fn read_name(stem: &str) -> NameReading<'_> {
    let bytes = stem.as_bytes();
    let found = (0..bytes.len().saturating_sub(5)).find_map(|at| {
        let digit_after = bytes.get(at + 6).is_some_and(u8::is_ascii_digit);
        let code = stem.get(at..at + 6)?;
        Period::parse(code)
            .filter(|_| !digit_after)
            .map(|period| (at, period))
    });
    let Some((at, period)) = found else {
        return NameReading {
            period: None,
            free_text: None,
            problem: Some(NameProblem::NoPeriod),
        };
    };
    let (before, after) = (&stem[..at], &stem[at + 6..]);
    let capital_h = bytes[at] == b'H';
    let (free_text, free_problem) = match after.as_bytes().first() {
        None => (None, None),
        Some(b'_') => (Some(&after[1..]), None),
        Some(b'-' | b' ' | b'.') => (Some(&after[1..]), Some(NameProblem::FreeText)),
        Some(_) => (Some(after), Some(NameProblem::FreeText)),
    };
    let free_text = free_text.filter(|t| !t.is_empty());
    let problem = match before {
        "WMO_" if capital_h => free_problem,
        "WMO_" => Some(NameProblem::Case),
        _ if before.eq_ignore_ascii_case("WMO_") => Some(NameProblem::Case),
        "WMO" | "WMO-" | "WMO " | "WMO." => Some(NameProblem::Separator),
        _ if before.len() <= 4
            && before
                .get(..3)
                .is_some_and(|p| p.eq_ignore_ascii_case("WMO")) =>
        {
            Some(NameProblem::Case)
        }
        _ => Some(NameProblem::Prefix),
    };
    NameReading {
        period: Some(period),
        free_text,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::render::message;
    use crate::rules::RuleSet;
    use crate::spec::{Lang, Spec};

    fn codes(name: &str) -> (Vec<&'static str>, Option<String>) {
        let mut sink = Sink::new(RuleSet::all(), 10);
        let period = check_file_name(name, None, &mut sink);
        (
            sink.findings.iter().map(|f| f.rule.code()).collect(),
            period.map(|p| p.code()),
        )
    }

    #[test]
    fn file_names() {
        let ok = |n: &str, p: &str| assert_eq!(codes(n), (vec![], Some(p.to_string())), "{n}");
        ok("WMO_H22025_gemeenteWesterveld.CSV", "H22025");
        ok("WMO_H22025.csv", "H22025");
        ok("WMO_H12025.txt", "H12025");
        ok("WMO_H22025_met spatie en-streepje.csv", "H22025");
        ok("WMO_H22025_vrije_tekst_met_underscores.Txt", "H22025");

        let bad = |n: &str, expected: &[&str]| assert_eq!(codes(n).0, expected, "{n}");
        bad("WMO_H22025.xlsx", &["N003"]);
        bad("WMO_H22025", &["N003"]);
        bad("WMO_H22025_v1.2.csv", &["N002"]);
        bad("WMO_H22025_a;b.csv", &["N002"]);
        bad("WMO_H22025_[1].csv", &["N002"]);
        bad("wmo_H22025.csv", &["N001"]);
        bad("WMO_h22025.csv", &["N001"]);
        bad("WMOH22025.csv", &["N001"]);
        bad("WMO_H32025.csv", &["N001"]);
        bad("WMO_2025H2.csv", &["N001"]);
        bad("Jeugd_H22025.csv", &["N001"]);
    }

    /// N001 says what is wrong and, where the name shows it, the name that is right; the
    /// period such a name names is still read, so that the date rules run.
    #[test]
    fn a_wrong_name_is_told_precisely() {
        let spec = Spec::latest();
        for (name, window, key, period, suggestion) in [
            (
                "wmo_H22025_x.csv",
                None,
                "case",
                Some("H22025"),
                Some("WMO_H22025_x.csv"),
            ),
            (
                "Wmo_h22025.txt",
                None,
                "case",
                Some("H22025"),
                Some("WMO_H22025.txt"),
            ),
            (
                "wmo-h22025-x.csv",
                None,
                "case",
                Some("H22025"),
                Some("WMO_H22025_x.csv"),
            ),
            (
                "WMO-H22025-x.csv",
                None,
                "separator",
                Some("H22025"),
                Some("WMO_H22025_x.csv"),
            ),
            (
                "WMOH22025.csv",
                None,
                "separator",
                Some("H22025"),
                Some("WMO_H22025.csv"),
            ),
            (
                "WMO_H22025gemeente.csv",
                None,
                "free_text",
                Some("H22025"),
                Some("WMO_H22025_gemeente.csv"),
            ),
            (
                "WMO_H22025 gemeente.xlsx",
                None,
                "free_text",
                Some("H22025"),
                Some("WMO_H22025_gemeente.csv"),
            ),
            ("Jeugd_H22025.csv", None, "prefix", Some("H22025"), None),
            ("WMO_2025H2.csv", None, "unchecked", None, None),
            ("WMO_gemeente.csv", Period::parse("H22025"), "", None, None),
            ("WMO_H220251.csv", None, "unchecked", None, None),
        ] {
            let mut sink = Sink::new(RuleSet::all(), 10);
            let found = check_file_name(name, window, &mut sink);
            assert_eq!(found.map(|p| p.code()).as_deref(), period, "{name}");
            let n001: Vec<_> = sink
                .findings
                .iter()
                .filter(|f| f.rule == Rule::FileNamePattern)
                .collect();
            let [f] = n001.as_slice() else {
                panic!("{name}: {:?}", sink.findings)
            };
            assert_eq!(f.message, key, "{name}");
            let shown = f.get("suggestion").map(|p| message_param(spec, p));
            assert_eq!(shown.as_deref(), suggestion, "{name}");
            for lang in [Lang::Nl, Lang::En] {
                let text = message(spec, f, lang);
                assert!(text.contains(name), "{text}");
                if let Some(right) = suggestion {
                    assert!(text.contains(right), "{text}");
                }
            }
        }
    }

    fn message_param(spec: &Spec, param: &crate::findings::Param) -> String {
        crate::findings::render::param_text(spec, param, Lang::Nl)
    }

    /// Without a name there is no period either, unless one is given: N005 says so beside
    /// N006. A name without a period says it itself (N001), without N005.
    #[test]
    fn period_unknown_only_without_a_name() {
        let codes_of = |path: &str, window: Option<Period>| {
            let mut sink = Sink::new(RuleSet::all(), 10);
            check_name(path, window, &mut sink);
            sink.findings
                .iter()
                .map(|f| f.rule.code())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes_of("", None), ["N006", "N005"]);
        assert_eq!(codes_of("", Period::parse("H22025")), ["N006"]);
        assert_eq!(codes_of("map/WMO_gemeente.csv", None), ["N001"]);
        assert_eq!(codes_of("map/wmo_H22025.csv", None), ["N001"]);
    }

    #[test]
    fn base_names() {
        assert_eq!(base_name("a/b/WMO_H22025.csv"), "WMO_H22025.csv");
        assert_eq!(base_name("C:\\x\\WMO_H22025.csv"), "WMO_H22025.csv");
    }
}
