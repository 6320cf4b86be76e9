//! The rules, grouped by what they inspect: the file name (N, [`file_name`]), the structure of
//! lines and bytes (S, [`structure`]), each field (F, [`field`]), each record (R, D, C,
//! [`record`]) and the delivery of several files (L, [`delivery`]). A rule lives in one place:
//! its declaration (code, name, pass, severity, message templates in Dutch and English) beside
//! its check in its group's module, and its documentation in `<group>/docs/<CODE>.md`,
//! pulled in at compile time.
//!
//! This module is the registry: the one list that gives each rule its [`Rule`] and its place
//! in the catalogue (codes are stable; a retired rule keeps its code unused). The CLI's
//! `rules` and `explain`, and `docs/rules.md`, are generated from it.

pub mod delivery;
pub mod field;
pub mod file_name;
pub(crate) mod line;
pub mod record;
pub(crate) mod repair;
pub mod structure;
#[cfg(test)]
mod words;

use serde::Deserialize;

use crate::spec::Lang;

/// How bad a finding is for the delivery.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// CBS would refuse the file.
    Reject,
    /// CBS reports it; the file is not refused (facultative set).
    Error,
    /// Reported, never refusing.
    Warning,
    /// Advice.
    Info,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Reject,
        Severity::Error,
        Severity::Warning,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Reject => "reject",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where a rule's severity comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SeveritySource {
    Fixed(Severity),
    /// `reject` in a basis field, `error` in a facultative one (set per protocol version).
    ByFieldClass,
}

/// The three passes (steps) of CBS's technical check (§2.5 Stap 3): CBS stops at the first
/// that fails.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pass {
    /// 1: the file name.
    FileName = 1,
    /// 2: the number of columns and invalid characters (the structure rules, and scientific
    /// notation: §4.1.1 lists it under "ongeldige tekens").
    Structure = 2,
    /// 3: the field specifications (length, type, codes) and the rules between fields.
    Fields = 3,
    /// Checks of a whole delivery (several files), beyond CBS's per-file passes.
    Delivery = 4,
}

/// One message template of a rule in both languages. `{placeholders}` name the finding's
/// parameters; a rule with several messages picks one per finding by its `key`.
#[derive(Debug)]
pub struct Message {
    /// Empty for a rule's only (or first) message.
    pub key: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
}

impl Message {
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::En => self.en,
        }
    }
}

/// How sure a rule's repair is, as in ruff: a safe fix cannot change what the file says (it
/// restores what a spreadsheet or an export mangled in writing it); an unsafe one needs a
/// decision, so `gmsd-fast fix` makes it only with `--unsafe-fixes`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    Unsafe,
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Whether a rule's repair applies to every one of its findings or only to some (a BSN is
/// padded only when the padded number passes the elfproef; ruff's fix availability).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Availability {
    Always,
    Sometimes,
}

impl Availability {
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Always => "always",
            Availability::Sometimes => "sometimes",
        }
    }
}

/// A rule's repair (`gmsd-fast fix`), declared beside the code that checks the rule and the
/// function that repairs it: how sure it is at best, whether it applies to every finding, and
/// what it does (ruff's fix title) in Dutch and English.
#[derive(Debug)]
pub struct FixInfo {
    pub applicability: Applicability,
    pub availability: Availability,
    pub title: Message,
}

/// Declares a rule's repair: `fix! { Safe, Always, nl: "…", en: "…" }`.
macro_rules! fix {
    ($applicability:ident, $availability:ident, nl: $nl:literal, en: $en:literal $(,)?) => {
        $crate::rules::FixInfo {
            applicability: $crate::rules::Applicability::$applicability,
            availability: $crate::rules::Availability::$availability,
            title: $crate::rules::Message {
                key: "",
                nl: $nl,
                en: $en,
            },
        }
    };
}
pub(crate) use fix;

/// A rule's declaration.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable code, e.g. `F015`. Never reused for another meaning.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `bsn-elfproef`.
    pub name: &'static str,
    /// A short title in Dutch and English, e.g. "BSN voldoet niet aan de elfproef": what the
    /// rule is called where people read it (the rule list, tables, charts).
    pub title: (&'static str, &'static str),
    pub pass: Pass,
    pub severity: SeveritySource,
    /// The sections of the protocol the rule comes from (see docs/protocol.md).
    pub source: &'static str,
    /// The message templates; the first is the default.
    pub messages: &'static [Message],
    /// The rule's Markdown file: a `# CODE` heading, then `## Nederlands` and `## English`,
    /// each in the fixed sections What / Why / Example / Fix.
    pub markdown: &'static str,
}

impl RuleInfo {
    /// The short title in one language.
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.title.0,
            Lang::En => self.title.1,
        }
    }

    /// The documentation in one language: the sections under that language's heading.
    pub fn doc(&self, lang: Lang) -> &'static str {
        const NL: &str = "\n## Nederlands\n";
        const EN: &str = "\n## English\n";
        let text = self.markdown;
        let (nl, en) = match (text.find(NL), text.find(EN)) {
            (Some(nl), Some(en)) if nl < en => (&text[nl + NL.len()..en], &text[en + EN.len()..]),
            _ => ("", ""),
        };
        match lang {
            Lang::Nl => nl.trim(),
            Lang::En => en.trim(),
        }
    }

    /// The message with this key (the default for an unknown key; tests keep keys known).
    pub fn message(&self, key: &str) -> &'static Message {
        self.messages
            .iter()
            .find(|m| m.key == key)
            .unwrap_or(&self.messages[0])
    }
}

/// Declares a rule: `rule! { "F015" "bsn-elfproef", Fields, ByFieldClass, "§3.2.2",
/// title: ("…", "…"), nl: "…", en: "…", [key => nl: "…", en: "…",]* }`: its code and name,
/// pass, severity, sources, a short title (Dutch, English) and its message templates
/// (placeholders: see `findings::render`). Its documentation is `docs/F015.md` beside the
/// module that declares it.
macro_rules! rule {
    (
        $code:literal $name:literal, $pass:ident, $severity:expr, $source:literal,
        title: ($title_nl:literal, $title_en:literal),
        nl: $nl:literal, en: $en:literal
        $(, $key:literal => nl: $knl:literal, en: $ken:literal)* $(,)?
    ) => {
        $crate::rules::RuleInfo {
            code: $code,
            name: $name,
            title: ($title_nl, $title_en),
            pass: $crate::rules::Pass::$pass,
            severity: {
                #[allow(unused_imports)]
                use $crate::rules::Severity::*;
                #[allow(unused_imports)]
                use $crate::rules::SeveritySource::*;
                $severity
            },
            source: $source,
            messages: &[
                $crate::rules::Message { key: "", nl: $nl, en: $en },
                $($crate::rules::Message { key: $key, nl: $knl, en: $ken },)*
            ],
            markdown: include_str!(concat!("docs/", $code, ".md")),
        }
    };
}
pub(crate) use rule;

/// The registry: each rule's [`Rule`] and its declaration, in catalogue order.
macro_rules! registry {
    ($($variant:ident: $info:path,)*) => {
        /// A rule of the catalogue; see [`RuleInfo`] for what each one carries.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum Rule { $($variant),* }

        const CATALOGUE: &[RuleInfo] = &[$($info),*];
        const ALL: &[Rule] = &[$(Rule::$variant),*];
    };
}

registry! {
    FileNamePattern: file_name::FILE_NAME_PATTERN,
    FileNameCharacter: file_name::FILE_NAME_CHARACTER,
    FileNameExtension: file_name::FILE_NAME_EXTENSION,
    PeriodOutsideWindow: file_name::PERIOD_OUTSIDE_WINDOW,
    PeriodUnknown: file_name::PERIOD_UNKNOWN,
    FileNameUnknown: file_name::FILE_NAME_UNKNOWN,
    PeriodNotInProtocol: file_name::PERIOD_NOT_IN_PROTOCOL,
    PeriodProbablyWrong: file_name::PERIOD_PROBABLY_WRONG,
    EmptyFile: structure::EMPTY_FILE,
    NotText: structure::NOT_TEXT,
    ByteOrderMark: structure::BYTE_ORDER_MARK,
    HeaderMissing: structure::HEADER_MISSING,
    HeaderColumnCount: structure::HEADER_COLUMN_COUNT,
    NoRecords: structure::NO_RECORDS,
    ColumnCount: structure::COLUMN_COUNT,
    TrailingSeparator: structure::TRAILING_SEPARATOR,
    BlankLine: structure::BLANK_LINE,
    MissingFinalNewline: structure::MISSING_FINAL_NEWLINE,
    LineTooLong: structure::LINE_TOO_LONG,
    CarriageReturn: structure::CARRIAGE_RETURN,
    OtherSeparator: structure::OTHER_SEPARATOR,
    NotUtf8: structure::NOT_UTF8,
    SeparatorRow: structure::SEPARATOR_ROW,
    MandatoryEmpty: field::MANDATORY_EMPTY,
    FieldWidth: field::FIELD_WIDTH,
    LeadingZeros: field::LEADING_ZEROS,
    LegacyTypeCode: field::LEGACY_TYPE_CODE,
    LegacyWidth: field::LEGACY_WIDTH,
    InvalidCharacters: field::INVALID_CHARACTERS,
    ScientificNotation: field::SCIENTIFIC_NOTATION,
    DecimalSeparator: field::DECIMAL_SEPARATOR,
    Whitespace: field::WHITESPACE,
    Quotes: field::QUOTES,
    ZeroFilled: field::ZERO_FILLED,
    InvalidDate: field::INVALID_DATE,
    InvalidCode: field::INVALID_CODE,
    UnknownGemeente: field::UNKNOWN_GEMEENTE,
    BsnElfproef: field::BSN_ELFPROEF,
    LegacyRedenBeeindiging: field::LEGACY_REDEN_BEEINDIGING,
    SpreadsheetRoundTrip: field::SPREADSHEET_ROUND_TRIP,
    ExcelDateSerial: field::EXCEL_DATE_SERIAL,
    UnicodeSpace: field::UNICODE_SPACE,
    ExcelFormula: field::EXCEL_FORMULA,
    ThousandsSeparator: field::THOUSANDS_SEPARATOR,
    SpreadsheetError: field::SPREADSHEET_ERROR,
    TypeMissing: record::TYPE_MISSING,
    StartMissing: record::START_MISSING,
    AanmaakdatumDiffers: record::AANMAAKDATUM_DIFFERS,
    GemeentecodeDiffers: record::GEMEENTECODE_DIFFERS,
    IntendedStartAfterPeriod: record::INTENDED_START_AFTER_PERIOD,
    StartBeforeIntendedStart: record::START_BEFORE_INTENDED_START,
    StartAfterPeriod: record::START_AFTER_PERIOD,
    StartBefore2015: record::START_BEFORE_2015,
    IntendedEndBeforeIntendedStart: record::INTENDED_END_BEFORE_INTENDED_START,
    IntendedEndBeforePeriod: record::INTENDED_END_BEFORE_PERIOD,
    EndBeforeStart: record::END_BEFORE_START,
    EndBeforePeriod: record::END_BEFORE_PERIOD,
    EndAfterIntendedEnd: record::END_AFTER_INTENDED_END,
    CreatedBeforePeriodEnd: record::CREATED_BEFORE_PERIOD_END,
    GenericUnit: record::GENERIC_UNIT,
    GenericFrequency: record::GENERIC_FREQUENCY,
    IntensityIncomplete: record::INTENSITY_INCOMPLETE,
    DeliveredUnitMissing: record::DELIVERED_UNIT_MISSING,
    MaterialWithoutEnd: record::MATERIAL_WITHOUT_END,
    DuplicateDelivery: delivery::DUPLICATE_DELIVERY,
    SeveralGemeenten: delivery::SEVERAL_GEMEENTEN,
    BeschermdWonenRegiogemeente: delivery::BESCHERMD_WONEN_REGIOGEMEENTE,
    ZipMember: delivery::ZIP_MEMBER,
}

/// The rules `gmsd-fast fix` can repair, each with the repair declared beside the rule.
const FIXES: &[(Rule, &FixInfo)] = &[
    (Rule::NotText, &structure::NOT_TEXT_FIX),
    (Rule::ByteOrderMark, &structure::BYTE_ORDER_MARK_FIX),
    (Rule::ColumnCount, &structure::COLUMN_COUNT_FIX),
    (Rule::TrailingSeparator, &structure::TRAILING_SEPARATOR_FIX),
    (
        Rule::MissingFinalNewline,
        &structure::MISSING_FINAL_NEWLINE_FIX,
    ),
    (Rule::CarriageReturn, &structure::CARRIAGE_RETURN_FIX),
    (Rule::NotUtf8, &structure::NOT_UTF8_FIX),
    (Rule::SeparatorRow, &structure::SEPARATOR_ROW_FIX),
    (Rule::LeadingZeros, &field::LEADING_ZEROS_FIX),
    (Rule::LegacyTypeCode, &field::LEGACY_TYPE_CODE_FIX),
    (Rule::InvalidCharacters, &field::DATE_WITH_SEPARATORS_FIX),
    (
        Rule::ScientificNotation,
        &field::SCIENTIFIC_AANMAAKDATUM_FIX,
    ),
    (Rule::Whitespace, &field::WHITESPACE_FIX),
    (Rule::UnicodeSpace, &field::UNICODE_SPACE_FIX),
    (Rule::Quotes, &field::QUOTES_FIX),
    (Rule::ZeroFilled, &field::ZERO_FILLED_FIX),
    (
        Rule::LegacyRedenBeeindiging,
        &field::LEGACY_REDEN_BEEINDIGING_FIX,
    ),
    (Rule::ExcelDateSerial, &field::EXCEL_DATE_SERIAL_FIX),
    (Rule::ExcelFormula, &field::EXCEL_FORMULA_FIX),
    (Rule::ThousandsSeparator, &field::THOUSANDS_SEPARATOR_FIX),
];

/// The rules whose findings a safe repair may take away from a record line: those with a
/// repair that is safe (at least sometimes). The check asks the repairs' decision (`repair`)
/// about a line only when one of these fired on it (or R003/R004, where the first record as
/// repaired differs from the first as read).
pub(crate) const REPAIR_TRIGGERS: RuleSet = {
    let mut bits = 0u128;
    let mut i = 0;
    while i < FIXES.len() {
        if matches!(FIXES[i].1.applicability, Applicability::Safe) {
            bits |= 1u128 << FIXES[i].0 as u32;
        }
        i += 1;
    }
    RuleSet(bits)
};

impl Rule {
    pub fn info(self) -> &'static RuleInfo {
        &CATALOGUE[self as usize]
    }

    /// The rule's repair, if `gmsd-fast fix` has one.
    pub fn fix(self) -> Option<&'static FixInfo> {
        FIXES.iter().find(|(r, _)| *r == self).map(|(_, f)| *f)
    }

    pub fn code(self) -> &'static str {
        self.info().code
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::all().find(|r| r.code().eq_ignore_ascii_case(code) || r.info().name == code)
    }

    pub fn all() -> impl Iterator<Item = Rule> {
        ALL.iter().copied()
    }

    pub const COUNT: usize = CATALOGUE.len();
}

/// A set of rules (for `--select` / `--ignore`), decided once before the hot loop.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct RuleSet(u128);

const _: () = assert!(Rule::COUNT <= 128, "RuleSet holds at most 128 rules");
const _: () = assert!(Rule::COUNT <= 256, "Rule is a u8");

impl RuleSet {
    pub const fn all() -> RuleSet {
        RuleSet(if Rule::COUNT == 128 {
            u128::MAX
        } else {
            (1u128 << Rule::COUNT) - 1
        })
    }

    pub const fn empty() -> RuleSet {
        RuleSet(0)
    }

    #[inline]
    pub fn contains(self, rule: Rule) -> bool {
        self.0 & (1u128 << rule as u32) != 0
    }

    pub fn insert(&mut self, rule: Rule) {
        self.0 |= 1u128 << rule as u32;
    }

    pub fn remove(&mut self, rule: Rule) {
        self.0 &= !(1u128 << rule as u32);
    }

    /// Selects rules by code (`F015`), name (`bsn-elfproef`) or code prefix (`F`, `D00`).
    /// An empty `select` means all rules. The error is the pattern that matches no rule.
    pub fn from_selection(select: &[String], ignore: &[String]) -> Result<RuleSet, String> {
        let matching = |pattern: &str| -> Result<Vec<Rule>, String> {
            let hits: Vec<Rule> = Rule::all()
                .filter(|r| {
                    let (code, name) = (r.code(), r.info().name);
                    name == pattern
                        || code.len() >= pattern.len()
                            && code[..pattern.len()].eq_ignore_ascii_case(pattern)
                })
                .collect();
            if hits.is_empty() || pattern.is_empty() {
                Err(pattern.to_string())
            } else {
                Ok(hits)
            }
        };
        let mut set = if select.is_empty() {
            RuleSet::all()
        } else {
            RuleSet::empty()
        };
        for pattern in select {
            matching(pattern)?.into_iter().for_each(|r| set.insert(r));
        }
        for pattern in ignore {
            matching(pattern)?.into_iter().for_each(|r| set.remove(r));
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_consistent() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for (i, rule) in Rule::all().enumerate() {
            let info = rule.info();
            assert_eq!(rule as usize, i);
            assert!(codes.insert(info.code), "duplicate code {}", info.code);
            assert!(names.insert(info.name), "duplicate name {}", info.name);
            assert_eq!(info.code.len(), 4, "{}", info.code);
            let group = match &info.code[..1] {
                "N" => Pass::FileName,
                "S" => Pass::Structure,
                // Scientific notation is one of the "ongeldige tekens" of §4.1.1, which CBS's
                // second step looks for (§2.5); the field's other rules are the third.
                "F" if info.code == "F007" => Pass::Structure,
                "F" | "R" | "D" | "C" => Pass::Fields,
                "L" => Pass::Delivery,
                other => panic!("{}: unknown group {other}", info.code),
            };
            assert_eq!(info.pass, group, "{}: pass of its group", info.code);
            let heading = format!("# {} `{}`\n", info.code, info.name);
            assert!(
                info.markdown.starts_with(&heading),
                "{}.md starts with {heading:?}",
                info.code
            );
            let mut keys = std::collections::HashSet::new();
            for message in info.messages {
                assert!(
                    keys.insert(message.key),
                    "{}: key {}",
                    info.code,
                    message.key
                );
                assert!(
                    !message.nl.is_empty() && !message.en.is_empty(),
                    "{}",
                    info.code
                );
            }
            for (lang, sections) in [
                (
                    Lang::Nl,
                    ["**Wat**", "**Waarom**", "**Voorbeeld**", "**Oplossing**"],
                ),
                (Lang::En, ["**What**", "**Why**", "**Example**", "**Fix**"]),
            ] {
                let doc = info.doc(lang);
                let mut at = 0;
                for section in sections {
                    let found = doc[at..].find(section);
                    assert!(found.is_some(), "{} doc lacks {section}", info.code);
                    at += found.unwrap_or(0);
                }
            }
        }
    }

    #[test]
    fn selection() {
        let set = RuleSet::from_selection(&["F".into()], &["F015".into()]).unwrap();
        assert!(set.contains(Rule::from_code("F001").unwrap()));
        assert!(!set.contains(Rule::from_code("F015").unwrap()));
        assert!(!set.contains(Rule::from_code("S007").unwrap()));
        assert_eq!(
            RuleSet::from_selection(&["X999".into()], &[]),
            Err("X999".into())
        );
        assert!(RuleSet::from_selection(&[], &["bsn-elfproef".into()]).is_ok());
    }
}
