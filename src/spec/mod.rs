//! A protocol version as data: columns, widths, field classes, code lists, severities and the
//! municipality list. Everything that changes when VNG revises the protocol lives in
//! `src/spec/data/`; the code here only reads it.

pub mod dates;
pub mod gemeenten;

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::rule::{Rule, Severity, SeveritySource};
pub use dates::{Period, Ymd};
pub use gemeenten::{Gemeente, Gemeenten};

/// The protocol versions bundled, newest last. Add a new version here and in `data/`.
const VERSIONS: &[(&str, &str)] = &[("H22025", include_str!("data/H22025.toml"))];
const GEMEENTEN_CSV: &str = include_str!("data/gemeenten_historie.csv");

/// Whether a technical error in a field rejects the file (§2.5: only the basisset rejects).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldClass {
    Basis,
    Facultatief,
}

/// How a column's digits are read.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// `EEJJMMDDUUMM`
    Datetime,
    /// `EEJJMMDD`
    Date,
    /// A code of the municipality list.
    Gemeente,
    /// Elfproef or `999999999`.
    Bsn,
    /// A code of one of the spec's code lists.
    Code,
    /// An identifier of digits (toewijzingsnummer).
    Number,
    /// An integer amount, `0` included.
    Volume,
}

#[derive(Clone, Debug, Deserialize)]
struct RawColumn {
    key: String,
    name_nl: String,
    name_en: String,
    width: usize,
    kind: ColumnKind,
    class: FieldClass,
    #[serde(default)]
    mandatory: bool,
    codes: Option<String>,
    #[serde(default)]
    zero_is_empty: bool,
    legacy_width: Option<usize>,
    #[serde(default)]
    legacy_one_position: bool,
}

#[derive(Clone, Debug, Deserialize)]
struct RawCode {
    nl: String,
    en: String,
    group: Option<String>,
    #[serde(default)]
    material: bool,
    #[serde(default)]
    generic: bool,
    #[serde(default)]
    beschermd_wonen: bool,
}

#[derive(Clone, Debug, Deserialize)]
struct RawGroup {
    key: String,
    nl: String,
    en: String,
}

#[derive(Clone, Debug, Deserialize)]
struct RawGeneric {
    eenheid: String,
    frequentie: String,
}

#[derive(Clone, Debug, Deserialize)]
struct RawWindow {
    uitvraag: String,
    opens: Ymd,
    closes: Option<Ymd>,
    accepts: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
struct RawSpec {
    version: String,
    title: String,
    columns_expected: usize,
    separator: String,
    earliest_actual_start: Ymd,
    class_severity: HashMap<String, Severity>,
    #[serde(default)]
    severity_overrides: HashMap<String, Severity>,
    column: Vec<RawColumn>,
    codes: BTreeMap<String, BTreeMap<String, RawCode>>,
    generic: RawGeneric,
    publication_group: Vec<RawGroup>,
    #[serde(default)]
    caribisch_nederland: BTreeMap<String, String>,
    #[serde(default)]
    window: Vec<RawWindow>,
}

/// A delivery window (aanleverperiode, §2.3, §2.4): the uitvraag it is for, when it opens and,
/// where the protocol says, closes, and the reporting periods a file delivered in it may cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub uitvraag: Period,
    /// The day it opens (0 for a window the protocol does not list).
    pub opens: Ymd,
    pub closes: Option<Ymd>,
    /// The uitvraag's half year and the one before (§2.2).
    pub accepts: Vec<Period>,
}

impl Window {
    /// The window of an uitvraag the protocol does not list: its half year and the one
    /// before, as §2.2 says of every window; no dates.
    pub fn of(uitvraag: Period) -> Window {
        Window {
            uitvraag,
            opens: 0,
            closes: None,
            accepts: vec![uitvraag, uitvraag.previous()],
        }
    }
}

/// The delivery windows as the protocol lists them, checked: in the order they open, each
/// accepting its own uitvraag.
fn windows(raw: &[RawWindow]) -> Result<Vec<Window>, String> {
    let period =
        |code: &str| Period::parse(code).ok_or_else(|| format!("window: bad period {code:?}"));
    let mut windows = Vec::new();
    for w in raw {
        let window = Window {
            uitvraag: period(&w.uitvraag)?,
            opens: w.opens,
            closes: w.closes,
            accepts: w
                .accepts
                .iter()
                .map(|a| period(a))
                .collect::<Result<_, _>>()?,
        };
        let ordered = windows.last().is_none_or(|last: &Window| {
            last.opens < window.opens && last.closes.is_none_or(|c| c < window.opens)
        });
        if !dates::is_valid_ymd(w.opens)
            || w.closes
                .is_some_and(|c| !dates::is_valid_ymd(c) || c < w.opens)
            || !window.accepts.contains(&window.uitvraag)
            || !ordered
        {
            return Err(format!(
                "window {}: dates or periods out of order",
                w.uitvraag
            ));
        }
        windows.push(window);
    }
    Ok(windows)
}

/// One code of a code list.
#[derive(Clone, Debug)]
pub struct Code {
    pub code: String,
    /// The code's name in Dutch (the protocol's) and in English.
    pub description: String,
    pub description_en: String,
    /// Index into [`Spec::publication_groups`] (type codes only).
    pub group: Option<usize>,
    /// Material provisions (0011–0014): end date and volume may stay empty.
    pub material: bool,
    /// Generieke toewijzing (0088).
    pub generic: bool,
    pub beschermd_wonen: bool,
}

/// A code list, indexed by the numeric value of a code of the column's width.
#[derive(Clone, Debug)]
pub struct CodeList {
    pub name: String,
    pub codes: Vec<Code>,
    /// The codes, as a finding lists them (`Param::List`): made once, shared by every finding.
    pub listed: std::sync::Arc<[String]>,
    by_value: Vec<Option<u16>>,
}

impl CodeList {
    /// The code with this numeric value, e.g. 88 for `0088`.
    #[inline]
    pub fn get(&self, value: u32) -> Option<&Code> {
        match self.by_value.get(value as usize) {
            Some(Some(i)) => Some(&self.codes[usize::from(*i)]),
            _ => None,
        }
    }

    #[inline]
    pub fn contains(&self, value: u32) -> bool {
        matches!(self.by_value.get(value as usize), Some(Some(_)))
    }
}

#[derive(Clone, Debug)]
pub struct Column {
    /// 1-based position in the row.
    pub number: u8,
    pub key: String,
    pub name_nl: String,
    pub name_en: String,
    pub width: usize,
    pub kind: ColumnKind,
    pub class: FieldClass,
    pub mandatory: bool,
    pub codes: Option<usize>,
    /// All zeros means "empty, filled with zeros" (not a valid value) for this column.
    pub zero_is_empty: bool,
    /// A width the column had in an earlier protocol version.
    pub legacy_width: Option<usize>,
    /// A 1-position value is an old iWmo 2.0 code: advice, not an error.
    pub legacy_one_position: bool,
}

impl Column {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.name_nl,
            Lang::En => &self.name_en,
        }
    }
}

/// The columns the record rules need by meaning, resolved from their keys once.
#[derive(Copy, Clone, Debug)]
pub struct Roles {
    pub aanmaakdatum: usize,
    pub gemeentecode: usize,
    pub bsn: usize,
    pub type_toewijzing: usize,
    pub beoogde_startdatum: usize,
    pub beoogde_einddatum: usize,
    pub leveringsvorm: usize,
    pub type_declaratie: usize,
    pub startdatum: usize,
    pub einddatum: usize,
    pub toewijzingsnummer: usize,
    pub beschikt_volume: usize,
    pub beschikt_eenheid: usize,
    pub beschikt_frequentie: usize,
    pub geleverd_eenheid: usize,
    pub geleverd_volume: usize,
}

/// The language of messages and names.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.to_ascii_lowercase().as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct PublicationGroup {
    pub key: String,
    pub name_nl: String,
    pub name_en: String,
}

/// One protocol version, ready for checking.
#[derive(Debug)]
pub struct Spec {
    pub version: String,
    pub title: String,
    pub separator: u8,
    pub columns: Vec<Column>,
    pub roles: Roles,
    pub code_lists: Vec<CodeList>,
    pub type_codes: usize,
    pub publication_groups: Vec<PublicationGroup>,
    pub generic_eenheid: u32,
    pub generic_frequentie: u32,
    pub earliest_actual_start: Ymd,
    pub gemeenten: Gemeenten,
    /// Codes of the openbare lichamen of Caribisch Nederland, with their names.
    caribisch_nederland: Vec<(u16, String)>,
    class_severity: [Severity; 2],
    severity_overrides: HashMap<Rule, Severity>,
    /// The delivery windows, in the order they open.
    pub windows: Vec<Window>,
}

impl Spec {
    /// The bundled protocol version with this name (e.g. `H22025`), parsed once.
    pub fn get(version: &str) -> Result<&'static Spec, String> {
        static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
        let specs = SPECS.get_or_init(|| {
            VERSIONS
                .iter()
                .map(|(_, text)| {
                    Spec::from_toml(text, GEMEENTEN_CSV).expect("bundled protocol data is valid")
                })
                .collect()
        });
        specs
            .iter()
            .find(|s| s.version.eq_ignore_ascii_case(version))
            .ok_or_else(|| {
                format!(
                    "unknown protocol version {version:?}; known: {}",
                    Spec::versions().join(", ")
                )
            })
    }

    /// The newest bundled protocol version.
    pub fn latest() -> &'static Spec {
        Spec::get(VERSIONS[VERSIONS.len() - 1].0).expect("bundled")
    }

    pub fn versions() -> Vec<&'static str> {
        VERSIONS.iter().map(|(v, _)| *v).collect()
    }

    pub fn from_toml(text: &str, gemeenten_csv: &str) -> Result<Spec, String> {
        let raw: RawSpec = toml::from_str(text).map_err(|e| e.to_string())?;
        if raw.column.len() != raw.columns_expected {
            return Err(format!(
                "{} columns listed, {} expected",
                raw.column.len(),
                raw.columns_expected
            ));
        }
        let group_keys: Vec<&String> = raw.publication_group.iter().map(|g| &g.key).collect();
        let mut code_lists = Vec::new();
        let mut list_index = HashMap::new();
        for (name, codes) in &raw.codes {
            let width = codes.keys().map(String::len).max().unwrap_or(1);
            let mut by_value = vec![None; 10usize.pow(width as u32)];
            let mut list = Vec::new();
            for (code, info) in codes {
                let value: usize = code
                    .parse()
                    .map_err(|_| format!("code {code:?} is not numeric"))?;
                by_value[value] = Some(list.len() as u16);
                let group = match &info.group {
                    Some(g) => Some(
                        group_keys
                            .iter()
                            .position(|k| *k == g)
                            .ok_or_else(|| format!("unknown group {g}"))?,
                    ),
                    None => None,
                };
                list.push(Code {
                    code: code.clone(),
                    description: info.nl.clone(),
                    description_en: info.en.clone(),
                    group,
                    material: info.material,
                    generic: info.generic,
                    beschermd_wonen: info.beschermd_wonen,
                });
            }
            list_index.insert(name.clone(), code_lists.len());
            code_lists.push(CodeList {
                name: name.clone(),
                listed: list.iter().map(|c| c.code.clone()).collect(),
                codes: list,
                by_value,
            });
        }
        let mut columns = Vec::new();
        for (i, c) in raw.column.iter().enumerate() {
            let codes = match &c.codes {
                Some(name) => Some(
                    *list_index
                        .get(name)
                        .ok_or_else(|| format!("unknown code list {name}"))?,
                ),
                None => None,
            };
            if c.kind == ColumnKind::Code && codes.is_none() {
                return Err(format!("column {} has kind code but no code list", c.key));
            }
            columns.push(Column {
                number: (i + 1) as u8,
                key: c.key.clone(),
                name_nl: c.name_nl.clone(),
                name_en: c.name_en.clone(),
                width: c.width,
                kind: c.kind,
                class: c.class,
                mandatory: c.mandatory,
                codes,
                zero_is_empty: c.zero_is_empty,
                legacy_width: c.legacy_width,
                legacy_one_position: c.legacy_one_position,
            });
        }
        let find = |key: &str| -> Result<usize, String> {
            columns
                .iter()
                .position(|c| c.key == key)
                .ok_or_else(|| format!("no column {key}"))
        };
        let roles = Roles {
            aanmaakdatum: find("aanmaakdatum")?,
            gemeentecode: find("gemeentecode")?,
            bsn: find("bsn")?,
            type_toewijzing: find("type_toewijzing")?,
            beoogde_startdatum: find("beoogde_startdatum")?,
            beoogde_einddatum: find("beoogde_einddatum")?,
            leveringsvorm: find("leveringsvorm")?,
            type_declaratie: find("type_declaratie")?,
            startdatum: find("startdatum")?,
            einddatum: find("einddatum")?,
            toewijzingsnummer: find("toewijzingsnummer")?,
            beschikt_volume: find("beschikt_volume")?,
            beschikt_eenheid: find("beschikt_eenheid")?,
            beschikt_frequentie: find("beschikt_frequentie")?,
            geleverd_eenheid: find("geleverd_eenheid")?,
            geleverd_volume: find("geleverd_volume")?,
        };
        let class_severity = |name: &str| {
            raw.class_severity
                .get(name)
                .copied()
                .ok_or_else(|| format!("no severity for class {name}"))
        };
        let mut severity_overrides = HashMap::new();
        for (code, severity) in &raw.severity_overrides {
            let rule = Rule::from_code(code).ok_or_else(|| format!("unknown rule {code}"))?;
            severity_overrides.insert(rule, *severity);
        }
        let separator = match raw.separator.as_bytes() {
            [b] => *b,
            _ => return Err("separator must be one byte".into()),
        };
        Ok(Spec {
            version: raw.version,
            title: raw.title,
            separator,
            type_codes: *list_index.get("type").ok_or("no type code list")?,
            code_lists,
            columns,
            roles,
            publication_groups: raw
                .publication_group
                .iter()
                .map(|g| PublicationGroup {
                    key: g.key.clone(),
                    name_nl: g.nl.clone(),
                    name_en: g.en.clone(),
                })
                .collect(),
            generic_eenheid: raw.generic.eenheid.parse().map_err(|_| "generic eenheid")?,
            generic_frequentie: raw
                .generic
                .frequentie
                .parse()
                .map_err(|_| "generic frequentie")?,
            earliest_actual_start: raw.earliest_actual_start,
            gemeenten: Gemeenten::from_csv(gemeenten_csv)?,
            caribisch_nederland: raw
                .caribisch_nederland
                .iter()
                .map(|(code, name)| {
                    code.parse()
                        .map(|code| (code, name.clone()))
                        .map_err(|_| format!("caribisch_nederland: bad code {code:?}"))
                })
                .collect::<Result<_, _>>()?,
            class_severity: [class_severity("basis")?, class_severity("facultatief")?],
            severity_overrides,
            windows: windows(&raw.window)?,
        })
    }

    /// The delivery window in force on `date` (`yyyymmdd`): the first whose end is not before
    /// it. A window ends on its closing day, or else the day before the next one opens, or
    /// never; so between a close and the next opening (and before the first opening) the next
    /// window applies: a file prepared then can only go in that one. `None` when the protocol
    /// lists no windows.
    pub fn window_on(&self, date: Ymd) -> Option<&Window> {
        self.windows.iter().enumerate().find_map(|(i, w)| {
            let end = w.closes.or_else(|| {
                self.windows
                    .get(i + 1)
                    .map(|next| dates::ymd_from_days(dates::days_from_ymd(next.opens) - 1))
            });
            end.is_none_or(|end| date <= end).then_some(w)
        })
    }

    /// The window of an uitvraag (`--period`): the protocol's, or else [`Window::of`].
    pub fn window_of(&self, uitvraag: Period) -> Window {
        self.windows
            .iter()
            .find(|w| w.uitvraag == uitvraag)
            .cloned()
            .unwrap_or_else(|| Window::of(uitvraag))
    }

    /// The reporting periods this protocol version is written for: those its own uitvraag's
    /// window accepts (H22025 and H12025 for the protocol of H22025).
    pub fn covers(&self, period: Period) -> bool {
        match Period::parse(&self.version) {
            Some(own) => self.window_of(own).accepts.contains(&period),
            None => true,
        }
    }

    /// The name of an openbaar lichaam of Caribisch Nederland with this code, if it is one.
    pub fn caribisch_nederland(&self, code: u16) -> Option<&str> {
        self.caribisch_nederland
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, name)| name.as_str())
    }

    pub fn column_count(&self) -> usize {
        self.columns.len()
    }

    pub fn type_list(&self) -> &CodeList {
        &self.code_lists[self.type_codes]
    }

    pub fn code_list(&self, column: &Column) -> Option<&CodeList> {
        column.codes.map(|i| &self.code_lists[i])
    }

    /// The column of this number (1 for the first), if the protocol has it.
    pub fn column_numbered(&self, number: u8) -> Option<&Column> {
        self.columns.get(usize::from(number).wrapping_sub(1))
    }

    /// The severity of a rule in this protocol version; for rules whose severity follows the
    /// field class, that of the column (or of the basisset when no column is given).
    pub fn severity(&self, rule: Rule, column: Option<u8>) -> Severity {
        if let Some(s) = self.severity_overrides.get(&rule) {
            return *s;
        }
        match rule.severity() {
            SeveritySource::Fixed(s) => s,
            SeveritySource::ByFieldClass => {
                let class = column
                    .and_then(|n| self.column_numbered(n))
                    .map_or(FieldClass::Basis, |c| c.class);
                self.class_severity[class as usize]
            }
        }
    }

    /// The highest severity the rule can have in this version (for listings).
    pub fn severities(&self, rule: Rule) -> Vec<Severity> {
        let mut out: Vec<Severity> = match rule.severity() {
            SeveritySource::ByFieldClass if !self.severity_overrides.contains_key(&rule) => {
                self.class_severity.to_vec()
            }
            _ => vec![self.severity(rule, None)],
        };
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_spec_loads() {
        let spec = Spec::latest();
        assert_eq!(spec.columns.len(), 18);
        assert_eq!(
            spec.columns.iter().map(|c| c.width).sum::<usize>(),
            12 + 4 + 9 + 4 + 8 + 8 + 1 + 4 + 8 + 8 + 16 + 8 + 2 + 1 + 2 + 8 + 2 + 2
        );
        assert!(spec.type_list().contains(88));
        assert!(spec.type_list().contains(315));
        assert!(!spec.type_list().contains(19));
        assert_eq!(
            spec.gemeenten
                .all()
                .iter()
                .filter(|g| g.valid_to.is_none())
                .count(),
            342
        );
    }

    #[test]
    fn code_lists_match_iwmo_32() {
        let csv = include_str!("data/iwmo32_codelijsten.csv");
        let spec = Spec::latest();
        for (ldt, list) in [
            ("LDT_Eenheid", "eenheid"),
            ("LDT_Frequentie", "frequentie"),
            ("LDT_RedenBeeindiging", "reden_beeindiging"),
        ] {
            let mut iwmo: Vec<&str> = csv
                .lines()
                .filter_map(|l| {
                    l.split(';')
                        .collect::<Vec<_>>()
                        .get(1..3)
                        .filter(|f| f[0] == ldt)
                        .map(|f| f[1])
                })
                .collect();
            iwmo.sort();
            let ours: Vec<&str> = spec
                .code_lists
                .iter()
                .find(|c| c.name == list)
                .unwrap()
                .codes
                .iter()
                .map(|c| c.code.as_str())
                .collect();
            assert_eq!(ours, iwmo, "{list}");
        }
        // The protocol lists reden wijziging 02-14; iWmo also has 01 "vervallen".
        let wijziging = spec
            .code_lists
            .iter()
            .find(|c| c.name == "reden_wijziging")
            .unwrap();
        assert!(!wijziging.contains(1) && wijziging.contains(2) && wijziging.contains(14));
    }

    /// The windows of §2.3 and §2.4: H22025 from 26 January to 20 February 2026, H12026 from
    /// August 2026, H22026 from January 2027; a date between two windows is the next one's.
    #[test]
    fn delivery_windows() {
        let spec = Spec::latest();
        let on = |date: Ymd| spec.window_on(date).map(|w| w.uitvraag.code());
        for (date, uitvraag) in [
            (20250101, "H22025"),
            (20260126, "H22025"),
            (20260220, "H22025"),
            (20260221, "H12026"),
            (20260801, "H12026"),
            (20261203, "H12026"),
            (20261231, "H12026"),
            (20270101, "H22026"),
            (20991231, "H22026"),
        ] {
            assert_eq!(on(date).as_deref(), Some(uitvraag), "{date}");
        }
        let codes = |w: &Window| w.accepts.iter().map(Period::code).collect::<Vec<_>>();
        assert_eq!(
            codes(spec.window_on(20261203).unwrap()),
            ["H12026", "H22025"]
        );
        let p = |code: &str| Period::parse(code).unwrap();
        assert_eq!(codes(&spec.window_of(p("H22025"))), ["H22025", "H12025"]);
        assert_eq!(codes(&spec.window_of(p("H12028"))), ["H12028", "H22027"]);
        assert!(spec.covers(p("H22025")) && spec.covers(p("H12025")));
        assert!(!spec.covers(p("H12026")) && !spec.covers(p("H22024")));
    }

    #[test]
    fn municipalities_by_period() {
        let g = &Spec::latest().gemeenten;
        let h2_2025 = Period::parse("H22025").unwrap();
        assert!(g.valid_in(14, h2_2025));
        // Weesp merged into Amsterdam on 2022-03-24.
        assert!(!g.valid_in(457, h2_2025));
        assert!(g.valid_in(457, Period::parse("H12022").unwrap()));
        assert_eq!(g.latest(457).unwrap().valid_to, Some(20220324));
        // Brielle ended 2023-01-01: still valid in H2 2022, not in H1 2023.
        assert!(g.valid_in(501, Period::parse("H22022").unwrap()));
        assert!(!g.valid_in(501, Period::parse("H12023").unwrap()));
    }
}
