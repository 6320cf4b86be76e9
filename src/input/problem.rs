//! What could not be checked, as a value: a [`Problem`] is an input (a zip member, an archive)
//! with its [`ProblemKind`] and the values its message names. Its words are rule L004's, one
//! keyed message per kind (`src/rules/delivery`); [`Problem::finding`] makes the finding.
//!
//! A problem found while a member is read (a zip bomb stopped, a damaged member) travels up
//! through the check's `io::Result` as an I/O error that [`Problem::of_error`] recognises, as
//! a stop does (`Stopped::is`); the delivery run turns it back into its L004 finding.

use std::fmt;
use std::io;

use crate::findings::{FileReport, Finding, Sink};
use crate::rules::delivery::{self, ProblemValue};
use crate::rules::RuleSet;
use crate::spec::Spec;

macro_rules! kinds {
    ($($variant:ident => $key:literal,)*) => {
        /// The kinds of input problem: the message keys of rule L004, each once.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum ProblemKind {
            $($variant,)*
        }

        impl ProblemKind {
            /// Every kind, in the order of L004's messages.
            pub const ALL: &'static [ProblemKind] = &[$(ProblemKind::$variant,)*];

            /// The message key of L004 that says it (`unsafe-path-dotdot`, …).
            pub fn key(self) -> &'static str {
                match self {
                    $(ProblemKind::$variant => $key,)*
                }
            }
        }
    };
}

kinds! {
    UnsafePathDotdot => "unsafe-path-dotdot",
    UnsafePathAbsolute => "unsafe-path-absolute",
    UnsafePathDrive => "unsafe-path-drive",
    UnsafePathBackslash => "unsafe-path-backslash",
    Symlink => "symlink",
    Encrypted => "encrypted",
    NestedZip => "nested-zip",
    NotCsvOrTxt => "not-csv-or-txt",
    UnsupportedCompression => "unsupported-compression",
    MemberTooLarge => "member-too-large",
    MemberRatio => "member-ratio",
    MemberRatioInfinite => "member-ratio-infinite",
    StoppedRatio => "stopped-ratio",
    StoppedSize => "stopped-size",
    StoppedTotal => "stopped-total",
    Damaged => "damaged",
    NotAZip => "not-a-zip",
    CorruptZip => "corrupt-zip",
    TooManyMembers => "too-many-members",
    EmptyZip => "empty-zip",
    TotalTooLarge => "total-too-large",
}

impl ProblemKind {
    /// The kind with this message key.
    pub fn parse(key: &str) -> Option<ProblemKind> {
        ProblemKind::ALL.iter().copied().find(|k| k.key() == key)
    }

    /// Whether it is a possible zip bomb (refused by its declared sizes, or stopped while
    /// it was unpacked).
    pub fn is_zip_bomb(self) -> bool {
        matches!(
            self,
            ProblemKind::MemberTooLarge
                | ProblemKind::MemberRatio
                | ProblemKind::MemberRatioInfinite
                | ProblemKind::StoppedRatio
                | ProblemKind::StoppedSize
                | ProblemKind::StoppedTotal
                | ProblemKind::TotalTooLarge
        )
    }
}

impl ProblemKind {
    /// Whether it is a member that is no delivery file but can be read (another kind of
    /// file, a nested zip, a symbolic link, a name with an unsafe path): `fix` copies it as
    /// it is into the zip it writes.
    pub fn is_carried_over(self) -> bool {
        matches!(
            self,
            ProblemKind::NotCsvOrTxt
                | ProblemKind::NestedZip
                | ProblemKind::Symlink
                | ProblemKind::UnsafePathDotdot
                | ProblemKind::UnsafePathAbsolute
                | ProblemKind::UnsafePathDrive
                | ProblemKind::UnsafePathBackslash
        )
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A value a problem's message names: a member's name, a size in bytes, a count, a ratio.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Int(u64),
}

/// An input that could not be checked: `path` is how it is shown (`archive.zip`,
/// `archive.zip/member.csv`), `values` the parameters of its message (`member`, `size`,
/// `limit` in bytes, `ratio`, `max_ratio`, `count`, `max_count`, `method`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub kind: ProblemKind,
    pub values: Vec<(&'static str, Value)>,
}

impl Problem {
    pub fn new(path: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            path: path.into(),
            kind,
            values: Vec::new(),
        }
    }

    /// A problem of one member: its message names the member (`member`).
    pub fn of_member(shown: &str, member: &str, kind: ProblemKind) -> Problem {
        Problem::new(shown, kind).with("member", Value::Text(member.to_string()))
    }

    pub fn with(mut self, name: &'static str, value: Value) -> Problem {
        self.values.push((name, value));
        self
    }

    pub fn with_int(self, name: &'static str, n: u64) -> Problem {
        self.with(name, Value::Int(n))
    }

    /// The value named `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The problem as rule L004's finding (its words are the rule's, in any language).
    pub fn finding(&self) -> Finding {
        let values: Vec<(String, ProblemValue)> = self
            .values
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Value::Text(t) => ProblemValue::Text(t.clone()),
                    Value::Int(n) => ProblemValue::Int(*n),
                };
                (name.to_string(), value)
            })
            .collect();
        delivery::input_problem(&self.path, self.kind.key(), &values)
            .expect("every kind is a message of L004 with the values made here (tested)")
    }

    /// The report of the input: rejected, with the one L004 finding.
    pub fn report(&self, spec: &Spec) -> FileReport {
        let mut sink = Sink::new(RuleSet::all(), usize::MAX);
        let finding = self.finding();
        sink.report(finding.rule, None, || finding);
        FileReport::of_findings(self.path.clone(), spec, sink)
    }

    /// The problem as the I/O error that ends the check of a member (see the module's doc).
    pub fn into_error(self) -> io::Error {
        io::Error::other(self)
    }

    /// The problem an I/O error of a check carries, if it is one.
    pub fn of_error(err: &io::Error) -> Option<&Problem> {
        err.get_ref()
            .and_then(|inner| inner.downcast_ref::<Problem>())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::render::message;
    use crate::rules::Rule;
    use crate::spec::Lang;

    /// The kinds are L004's message keys, each once, and L004 has no other.
    #[test]
    fn the_kinds_are_the_message_keys_of_l004() {
        let keys: Vec<&str> = Rule::ZipMember
            .info()
            .messages
            .iter()
            .map(|m| m.key)
            .filter(|k| !k.is_empty())
            .collect();
        let kinds: Vec<&str> = ProblemKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(kinds, keys);
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::parse(kind.key()), Some(*kind));
        }
    }

    #[test]
    fn a_problem_travels_in_an_io_error() {
        let problem = Problem::of_member("a.zip/x.csv", "x.csv", ProblemKind::Damaged);
        let err = problem.clone().into_error();
        assert_eq!(Problem::of_error(&err), Some(&problem));
        assert_eq!(Problem::of_error(&io::Error::other("disk")), None);
        let report = problem.report(Spec::latest());
        assert_eq!(report.counts.of_rule(Rule::ZipMember), 1);
        assert_eq!(
            message(Spec::latest(), &report.findings[0], Lang::En),
            "x.csv is damaged and could not be read completely. This file was not checked."
        );
    }
}
