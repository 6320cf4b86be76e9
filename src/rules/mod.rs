//! The rule catalogue: every rule's stable code, name, CBS pass, severity, messages (Dutch and
//! English) and documentation, in one table (`catalogue.rs`) that is the only source of truth.
//! The CLI's `rules` and `explain`, and `docs/rules.md`, are generated from it.

mod catalogue;

use serde::Deserialize;

pub use catalogue::Rule;
use catalogue::CATALOGUE;

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
    FieldClass,
}

/// The three passes of CBS's technical check (§2.5 Stap 3): CBS stops at the first that fails.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pass {
    /// 1: the file name.
    FileName = 1,
    /// 2: the number of columns and invalid characters.
    Structure = 2,
    /// 3: the field specifications (length, type, codes) and the rules between fields.
    Fields = 3,
    /// Checks of a whole delivery (several files), beyond CBS's per-file passes.
    Delivery = 4,
}

/// One entry of the catalogue.
#[derive(Debug)]
pub struct RuleInfo {
    pub rule: Rule,
    /// Stable code, e.g. `F015`. Never reused for another meaning.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `bsn-elfproef`.
    pub name: &'static str,
    pub pass: Pass,
    pub severity: SeveritySource,
    /// The section of the protocol the rule comes from.
    pub source: &'static str,
    /// Message templates, `[nl, en]`; `{placeholders}` are filled per finding.
    pub message: [&'static str; 2],
    /// Documentation in fixed sections (`What`, `Why`, `Example`, `Fix`), `[nl, en]`.
    pub doc: [&'static str; 2],
}

impl Rule {
    pub fn info(self) -> &'static RuleInfo {
        &CATALOGUE[self as usize]
    }

    pub fn code(self) -> &'static str {
        self.info().code
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        CATALOGUE
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code)
            .map(|r| r.rule)
    }

    pub fn all() -> impl Iterator<Item = Rule> {
        CATALOGUE.iter().map(|r| r.rule)
    }

    pub const COUNT: usize = CATALOGUE.len();
}

/// A set of rules (for `--select` / `--ignore`), decided once before the hot loop.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct RuleSet(u128);

const _: () = assert!(Rule::COUNT <= 128, "RuleSet holds at most 128 rules");

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
    /// An empty `select` means all rules.
    pub fn from_selection(select: &[String], ignore: &[String]) -> Result<RuleSet, String> {
        let matching = |pattern: &str| -> Result<Vec<Rule>, String> {
            let hits: Vec<Rule> = CATALOGUE
                .iter()
                .filter(|r| {
                    r.name == pattern
                        || r.code.len() >= pattern.len()
                            && r.code[..pattern.len()].eq_ignore_ascii_case(pattern)
                })
                .map(|r| r.rule)
                .collect();
            if hits.is_empty() || pattern.is_empty() {
                Err(format!("unknown rule {pattern:?}"))
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
        for (i, info) in CATALOGUE.iter().enumerate() {
            assert_eq!(info.rule as usize, i, "catalogue order for {}", info.code);
            assert!(codes.insert(info.code), "duplicate code {}", info.code);
            assert!(names.insert(info.name), "duplicate name {}", info.name);
            assert_eq!(info.code.len(), 4, "{}", info.code);
            for lang in 0..2 {
                assert!(
                    !info.message[lang].is_empty(),
                    "{} has no message",
                    info.code
                );
                let sections: &[&str] = if lang == 0 {
                    &["**Wat**", "**Waarom**", "**Voorbeeld**", "**Oplossing**"]
                } else {
                    &["**What**", "**Why**", "**Example**", "**Fix**"]
                };
                for section in sections {
                    assert!(
                        info.doc[lang].contains(section),
                        "{} doc lacks {section}",
                        info.code
                    );
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
        assert!(RuleSet::from_selection(&["X999".into()], &[]).is_err());
        assert!(RuleSet::from_selection(&[], &["bsn-elfproef".into()]).is_ok());
    }
}
