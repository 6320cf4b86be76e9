//! The rules, grouped by what they inspect: the file name (N, [`file_name`]), the structure of
//! lines and bytes (S, [`structure`]), each field (F, [`field`]), each record (R, D, C,
//! [`record`]) and the delivery of several files (L, [`delivery`]). Who a rule is (code, name,
//! pass, severity) is its line in the registry (`crate::rule`); what it says (sources, a title
//! and message templates in Dutch and English: `rule!`) is declared beside its check in its
//! group's module, and its documentation is `<group>/docs/<CODE>.md`, pulled in at compile
//! time.
//!
//! This module is the catalogue: the registry (`crate::rule`, one line per rule) with each
//! rule's declaration and documentation, [`RuleInfo`] by [`Rule::info`]. The CLI's
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

pub use crate::rule::{Pass, Rule, RuleSet, Severity, SeveritySource};
use crate::spec::Lang;

/// One message template of a rule in both languages. `{placeholders}` name the finding's
/// parameters; a rule with several messages picks one per finding by its `key`.
#[derive(Debug)]
pub struct Message {
    /// Empty for a rule's only (or first) message.
    pub key: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
}

/// The names of the parameters a template's placeholders name (`{found:# kolom|# kolommen}`
/// names `found`), `column` and `value` included.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|part| {
        let (placeholder, _) = part.split_once('}')?;
        placeholder.split(':').next()
    })
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

/// A rule's declaration, beside its check (`rule!`): what it says, where it comes from.
/// Who it is (code, name, pass, severity) is its line in the registry (`crate::rule`).
#[derive(Debug)]
pub struct Declaration {
    /// A short title in Dutch and English, e.g. "BSN voldoet niet aan de elfproef": what the
    /// rule is called where people read it (the rule list, tables, charts).
    pub title: (&'static str, &'static str),
    /// The sections of the protocol the rule comes from (see docs/protocol.md).
    pub source: &'static str,
    /// The message templates; the first is the default.
    pub messages: &'static [Message],
}

/// A rule of the catalogue whole: its identity (the registry), its declaration and its
/// documentation.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable code, e.g. `F015`. Never reused for another meaning.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `bsn-elfproef`.
    pub name: &'static str,
    /// A short title in Dutch and English (the declaration's).
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
    const fn new(rule: Rule, declaration: Declaration, markdown: &'static str) -> RuleInfo {
        RuleInfo {
            code: rule.code(),
            name: rule.name(),
            title: declaration.title,
            pass: rule.pass(),
            severity: rule.severity(),
            source: declaration.source,
            messages: declaration.messages,
            markdown,
        }
    }

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

/// Declares a rule beside its check: `rule! { "§3.2.2", title: ("…", "…"), nl: "…",
/// en: "…", [key => nl: "…", en: "…",]* }`: the sections of the protocol it comes from, a
/// short title (Dutch, English) and its message templates (placeholders: see
/// `output::render`). Its identity is its line in the registry (`crate::rule`); its
/// documentation `docs/<CODE>.md` beside the module that declares it.
macro_rules! rule {
    (
        $source:literal,
        title: ($title_nl:literal, $title_en:literal),
        nl: $nl:literal, en: $en:literal
        $(, $key:literal => nl: $knl:literal, en: $ken:literal)* $(,)?
    ) => {
        $crate::rules::Declaration {
            title: ($title_nl, $title_en),
            source: $source,
            messages: &[
                $crate::rules::Message { key: "", nl: $nl, en: $en },
                $($crate::rules::Message { key: $key, nl: $knl, en: $ken },)*
            ],
        }
    };
}
pub(crate) use rule;

/// Makes the catalogue of the registry's lines: each rule's identity with its declaration
/// and its documentation (`<group>/docs/<CODE>.md`).
macro_rules! catalogue {
    ($($variant:ident $code:literal $name:literal $pass:ident $severity:expr => $group:ident::$declaration:ident,)*) => {
        const CATALOGUE: &[RuleInfo] = &[$(
            RuleInfo::new(
                Rule::$variant,
                $group::$declaration,
                include_str!(concat!(stringify!($group), "/docs/", $code, ".md")),
            ),
        )*];
    };
}

crate::rule::registry!(catalogue);

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
    let mut set = RuleSet::empty();
    let mut i = 0;
    while i < FIXES.len() {
        if matches!(FIXES[i].1.applicability, Applicability::Safe) {
            set.insert(FIXES[i].0);
        }
        i += 1;
    }
    set
};

impl Rule {
    /// The rule's declaration and documentation, with its identity.
    pub fn info(self) -> &'static RuleInfo {
        &CATALOGUE[self as usize]
    }

    /// The rule's repair, if `gmsd-fast fix` has one.
    pub fn fix(self) -> Option<&'static FixInfo> {
        FIXES.iter().find(|(r, _)| *r == self).map(|(_, f)| *f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_consistent() {
        for (i, rule) in Rule::all().enumerate() {
            let info = rule.info();
            assert_eq!(rule as usize, i);
            assert_eq!((info.code, info.name), (rule.code(), rule.name()));
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
}
