//! Pass 1: the file name, `WMO_[code uitvraag]_[vrije tekst].csv` (§3.1, §4.1.1).

use crate::findings::{Finding, Sink};
use crate::rules::Rule;
use crate::spec::Period;

const FORBIDDEN: &[char] = &[
    ':', '\\', '/', '?', ';', '*', '"', '”', '>', '<', '|', ']', '[',
];

/// What the file name says.
#[derive(Debug, PartialEq, Eq)]
pub struct NameCheck {
    /// The reporting period of the code uitvraag, when the name has one.
    pub period: Option<Period>,
}

/// The last component of a path or zip member name.
pub fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Checks the base name; the period is read even from a name that is otherwise wrong, so
/// that the period rules can still run.
pub fn check_file_name(name: &str, sink: &mut Sink) -> NameCheck {
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
    NameCheck { period }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn codes(name: &str) -> (Vec<&'static str>, Option<String>) {
        let mut sink = Sink::new(RuleSet::all(), 10);
        let check = check_file_name(name, &mut sink);
        (
            sink.findings.iter().map(|f| f.rule.code()).collect(),
            check.period.map(|p| p.code()),
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
