//! The rules, grouped by what they inspect: the file name (N, [`file_name`]), the structure of
//! lines and bytes (S, [`structure`]), each field (F, [`field`]), each record (R, D, C,
//! [`record`]) and the delivery of several files (L, [`delivery`]). Who a rule is (code, name,
//! pass, severity) is its line in the registry (`crate::rule`); what it says and does (sources,
//! a title and message templates in Dutch and English, its repair: `rule!`, `fix!`) is declared
//! beside its check in its group's module, and its documentation is `<group>/docs/<CODE>.md`,
//! pulled in at compile time.
//!
//! This module is the catalogue: the registry (`crate::rule`, one line per rule) with each
//! rule's declaration and documentation, [`RuleInfo`] by [`Rule::info`]. The CLI's
//! `rules` and `explain`, and `docs/rules.md`, are generated from it.

pub mod delivery;
pub mod doc;
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

/// A rule's repair (`gmsd-fast fix`), declared beside the function that repairs it and named
/// in the rule's declaration (`rule! { …, fix: NAME }`), the one place the catalogue, the
/// check's `fixable` counts and the fix engine read it from: how sure it is at best, whether
/// it applies to every finding, what it does (ruff's fix title) in Dutch and English, and for
/// a field rule the function that repairs the field's value.
#[derive(Debug)]
pub struct FixInfo {
    pub applicability: Applicability,
    pub availability: Availability,
    pub title: Message,
    /// The repair of a field's value, for a rule reported on a field; the line and file
    /// repairs are the decision's own (`repair.rs`, `fix`).
    pub field: Option<FieldRepair>,
}

/// What a field's repair gets: the column, the value as it is, and for the aanmaakdatum the
/// value the other records agree on (or the user gave: then `true`).
#[derive(Debug)]
pub struct FieldInput<'a> {
    pub column: &'a crate::spec::Column,
    pub raw: &'a [u8],
    pub aanmaakdatum: Option<(&'a [u8], bool)>,
}

/// A field's value as repaired.
#[derive(Debug, PartialEq, Eq)]
pub struct Repaired {
    pub value: Vec<u8>,
    /// This value's repair needs a decision, though the rule's is safe at best (a date whose
    /// order can be mistaken): it is unsafe.
    pub unsure: bool,
}

impl Repaired {
    /// A repair as sure as the rule's declaration says.
    pub fn sure(value: Vec<u8>) -> Repaired {
        Repaired {
            value,
            unsure: false,
        }
    }
}

/// The function that repairs a field's value (`None`: this value has no repair).
pub type FieldRepair = fn(&FieldInput<'_>) -> Option<Repaired>;

/// Declares a rule's repair: `fix! { Safe, Always, nl: "…", en: "…" }`, and for a field rule
/// the function that repairs a value: `fix! { Safe, Sometimes, nl: "…", en: "…", field:
/// |f: &FieldInput<'_>| … }`.
macro_rules! fix {
    ($applicability:ident, $availability:ident, nl: $nl:literal, en: $en:literal $(,)?) => {
        $crate::rules::fix!(@make $applicability, $availability, $nl, $en, None)
    };
    (
        $applicability:ident, $availability:ident, nl: $nl:literal, en: $en:literal,
        field: $repair:expr $(,)?
    ) => {
        $crate::rules::fix!(@make $applicability, $availability, $nl, $en, Some($repair))
    };
    (@make $applicability:ident, $availability:ident, $nl:literal, $en:literal, $field:expr) => {
        $crate::rules::FixInfo {
            applicability: $crate::rules::Applicability::$applicability,
            availability: $crate::rules::Availability::$availability,
            title: $crate::rules::Message {
                key: "",
                nl: $nl,
                en: $en,
            },
            field: $field,
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
    /// Its repair, where `gmsd-fast fix` has one (`fix!`, beside the function that repairs).
    pub fix: Option<&'static FixInfo>,
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
    /// Its repair (the declaration's).
    pub fix: Option<&'static FixInfo>,
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
            fix: declaration.fix,
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

/// Declares a rule beside its check: `rule! { "§3.2.2", title: ("…", "…"), [fix: NAME,]
/// nl: "…", en: "…", [key => nl: "…", en: "…",]* }`: the sections of the protocol it comes
/// from, a short title (Dutch, English), its repair where it has one (a `fix!` beside the
/// function that repairs) and its message templates (placeholders: see `output::render`). Its
/// identity is its line in the registry (`crate::rule`); its documentation `docs/<CODE>.md`
/// beside the module that declares it.
macro_rules! rule {
    (
        $source:literal,
        title: ($title_nl:literal, $title_en:literal),
        $(fix: $fix:path,)?
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
            fix: $crate::rules::rule!(@fix $($fix)?),
        }
    };
    (@fix) => { None };
    (@fix $fix:path) => { Some(&$fix) };
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

/// The rules whose findings a safe repair may take away from a record line: those with a
/// repair that is safe (at least sometimes). The check asks the repairs' decision (`repair`)
/// about a line only when one of these fired on it (or R003/R004, where the first record as
/// repaired differs from the first as read).
pub(crate) const REPAIR_TRIGGERS: RuleSet = {
    let mut set = RuleSet::empty();
    let mut i = 0;
    while i < CATALOGUE.len() {
        if let Some(fix) = CATALOGUE[i].fix {
            if matches!(fix.applicability, Applicability::Safe) {
                set.insert(Rule::at(i));
            }
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

    /// The rule's repair, if `gmsd-fast fix` has one (its declaration's).
    pub fn fix(self) -> Option<&'static FixInfo> {
        self.info().fix
    }

    /// How sure the rule's repair is at best, as declared (`Unsafe` for a rule without one).
    pub fn applicability(self) -> Applicability {
        self.fix()
            .map_or(Applicability::Unsafe, |f| f.applicability)
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
            if let Some(fix) = rule.fix() {
                // A field rule's repair repairs a field's value; the others' are the line's
                // and the file's (the decision's own).
                assert_eq!(
                    fix.field.is_some(),
                    info.code.starts_with('F'),
                    "{}",
                    info.code
                );
                assert_eq!(rule.applicability(), fix.applicability);
            }
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
