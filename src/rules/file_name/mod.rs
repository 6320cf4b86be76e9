//! Pass 1, the file name (N): `WMO_[code uitvraag]_[vrije tekst].csv` (§3.1, §4.1.1), and the
//! reporting period it names, against the delivery window (§2.2).

use crate::findings::{Finding, Sink};
use crate::rules::{rule, Rule, RuleInfo};
use crate::spec::Period;

pub(crate) const FILE_NAME_PATTERN: RuleInfo = rule! {
    "N001" "file-name-pattern", FileName, Fixed(Reject), "§3.1, §4.1.1",
    nl: "De bestandsnaam {value} volgt niet het patroon WMO_[code uitvraag]_[vrije tekst].csv, bijvoorbeeld WMO_H22025_gemeenteWesterveld.csv.",
    en: "The file name {value} does not follow the pattern WMO_[code uitvraag]_[free text].csv, for example WMO_H22025_gemeenteWesterveld.csv.",
};

pub(crate) const FILE_NAME_CHARACTER: RuleInfo = rule! {
    "N002" "file-name-character", FileName, Fixed(Reject), "§3.1.1, §4.1.1",
    nl: "De bestandsnaam {value} bevat het niet toegestane teken {character}. Niet toegestaan zijn : \\ / ? ; * \" > < | ] [ en een punt behalve vóór de extensie.",
    en: "The file name {value} contains the forbidden character {character}. Forbidden are : \\ / ? ; * \" > < | ] [ and a dot other than before the extension.",
};

pub(crate) const FILE_NAME_EXTENSION: RuleInfo = rule! {
    "N003" "file-name-extension", FileName, Fixed(Reject), "§3.1, §4.1.1",
    nl: "De extensie van {value} is geen .csv of .txt; CBS kan het bestand dan niet inlezen.",
    en: "The extension of {value} is not .csv or .txt; CBS cannot read the file.",
};

pub(crate) const PERIOD_OUTSIDE_WINDOW: RuleInfo = rule! {
    "N004" "period-outside-window", FileName, Fixed(Reject), "§2.2",
    nl: "Het bestand gaat over {period}, maar in de aanleverperiode {window} worden alleen {window} en {previous} aangenomen.",
    en: "The file covers {period}, but the delivery window {window} accepts only {window} and {previous}.",
};

pub(crate) const PERIOD_UNKNOWN: RuleInfo = rule! {
    "N005" "period-unknown", FileName, Fixed(Info), "§3.1",
    nl: "De verslagperiode is niet bekend (geen code uitvraag in de bestandsnaam en geen --period), dus de datumregels met de verslagperiode zijn niet gecontroleerd.",
    en: "The reporting period is unknown (no code uitvraag in the file name and no --period), so the date rules that use the period were not checked.",
};

pub(crate) const FILE_NAME_UNKNOWN: RuleInfo = rule! {
    "N006" "file-name-unknown", FileName, Fixed(Warning), "§3.1, §4.1.1",
    nl: "Er is geen bestandsnaam opgegeven (het bestand kwam binnen via standaardinvoer), dus de regels voor de bestandsnaam (N001 tot en met N003) zijn niet gecontroleerd. Geef de naam op met --name.",
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
        check_file_name(name, sink)
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
    if period.is_none() {
        sink.report(Rule::PeriodUnknown, None, || {
            Finding::new(Rule::PeriodUnknown, None, None)
        });
    }
    period
}

/// Checks a base name; the period is read even from a name that is otherwise wrong, so
/// that the period rules can still run.
pub fn check_file_name(name: &str, sink: &mut Sink) -> Option<Period> {
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
    let parts: Vec<&str> = stem.splitn(3, '_').collect();
    let period = parts
        .get(1)
        .and_then(|code| Period::parse(code))
        .filter(|_| parts[1].starts_with('H'));
    let pattern_ok = parts[0] == "WMO" && period.is_some();
    if !pattern_ok {
        sink.report(Rule::FileNamePattern, None, || {
            Finding::new(Rule::FileNamePattern, None, None).value(shown.clone())
        });
    }
    period
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn codes(name: &str) -> (Vec<&'static str>, Option<String>) {
        let mut sink = Sink::new(RuleSet::all(), 10);
        let period = check_file_name(name, &mut sink);
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

    #[test]
    fn base_names() {
        assert_eq!(base_name("a/b/WMO_H22025.csv"), "WMO_H22025.csv");
        assert_eq!(base_name("C:\\x\\WMO_H22025.csv"), "WMO_H22025.csv");
    }
}
