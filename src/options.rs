//! What to check and how much to keep ([`Options`]), built from what a user typed and
//! checked once, before anything is read; an option that is wrong is an [`OptionError`],
//! typed (a code and the value), with its words in both languages.

use crate::rule::RuleSet;
use crate::spec::dates::is_valid_ymd;
use crate::spec::{Lang, Period, Spec, Ymd};
use crate::stop::Stop;

/// What to check and how much to keep.
#[derive(Clone, Debug)]
pub struct Options {
    pub spec: &'static Spec,
    /// The uitvraag given (`--period H22025`): its delivery window applies (that period and
    /// the one before are accepted), and it is the reporting period of a file whose name has
    /// none.
    pub window: Option<Period>,
    /// The day of delivery (`yyyymmdd`), which decides the delivery window in force when no
    /// `window` is given: today, given by the caller (the core never reads the clock), or
    /// `--delivery-date`. Without it and without `window` no window is checked.
    pub delivery_date: Option<Ymd>,
    pub rules: RuleSet,
    /// Findings kept in detail per rule ([`ALL_FINDINGS`]: every one); counts are always
    /// exact.
    pub max_per_rule: usize,
    /// Show full BSNs in values (never the default).
    pub reveal_bsn: bool,
    /// Threads for one file; 0 means all cores.
    pub jobs: usize,
    /// Also compute CBS's counts (clients, voorzieningen): 40 bytes per record.
    pub count: bool,
    /// Looked at between blocks: once requested, the check ends with `Stopped`.
    pub stop: Option<Stop>,
}

pub const DEFAULT_MAX_PER_RULE: usize = 100;

/// `max_per_rule` that keeps every finding. Asked for as 0 where a user gives the number
/// (`--max-per-rule 0`, `max_per_rule=0`), the same as `--all`.
pub const ALL_FINDINGS: usize = usize::MAX;

impl Options {
    pub fn new(spec: &'static Spec) -> Options {
        Options {
            spec,
            window: None,
            delivery_date: None,
            rules: RuleSet::all(),
            max_per_rule: DEFAULT_MAX_PER_RULE,
            reveal_bsn: false,
            jobs: 1,
            count: false,
            stop: None,
        }
    }

    /// The options for a protocol version (the latest without one), a delivery window and a
    /// selection of rules (codes, names or code prefixes), as a user gives them.
    pub fn parse(
        protocol: Option<&str>,
        window: Option<&str>,
        select: &[String],
        ignore: &[String],
    ) -> Result<Options, OptionError> {
        let spec = match protocol {
            Some(version) => {
                Spec::get(version).map_err(|_| OptionError::UnknownProtocol(version.into()))?
            }
            None => Spec::latest(),
        };
        let window = window
            .map(|p| Period::parse(p).ok_or_else(|| OptionError::InvalidPeriod(p.into())))
            .transpose()?;
        let rules = RuleSet::from_selection(select, ignore).map_err(OptionError::UnknownRule)?;
        Ok(Options {
            window,
            rules,
            ..Options::new(spec)
        })
    }
}

impl Options {
    /// These options with the day of delivery `date` (`YYYY-MM-DD` or `YYYYMMDD`), as a user
    /// gives it.
    pub fn with_delivery_date(mut self, date: Option<&str>) -> Result<Options, OptionError> {
        self.delivery_date = date.map(parse_date).transpose()?;
        Ok(self)
    }
}

/// A day as a user writes it, `2026-12-03` or `20261203`, as `yyyymmdd`.
fn parse_date(text: &str) -> Result<Ymd, OptionError> {
    let digits: String = text.trim().chars().filter(|c| *c != '-').collect();
    let dashes = text.trim().len() - digits.len();
    let shape_ok = digits.len() == 8
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (dashes == 0
            || text
                .trim()
                .as_bytes()
                .get(4..8)
                .is_some_and(|b| b[0] == b'-' && b[3] == b'-'));
    match digits.parse::<Ymd>() {
        Ok(ymd) if shape_ok && is_valid_ymd(ymd) => Ok(ymd),
        _ => Err(OptionError::InvalidDeliveryDate(text.to_string())),
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::new(Spec::latest())
    }
}

/// An option a user gave that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionError {
    UnknownProtocol(String),
    InvalidPeriod(String),
    /// A code, name or prefix in a selection of rules that matches no rule.
    UnknownRule(String),
    UnknownLanguage(String),
    /// A number of findings or threads below zero: which option, and the number.
    Negative(&'static str, i64),
    /// An aanmaakdatum for `gmsd-fast fix` that is no date and time `EEJJMMDDUUMM`.
    InvalidAanmaakdatum(String),
    /// A day of delivery that is no date `YYYY-MM-DD`.
    InvalidDeliveryDate(String),
}

impl OptionError {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            OptionError::UnknownProtocol(_) => "unknown-protocol",
            OptionError::InvalidPeriod(_) => "invalid-period",
            OptionError::UnknownRule(_) => "unknown-rule",
            OptionError::UnknownLanguage(_) => "unknown-language",
            OptionError::Negative(..) => "negative-number",
            OptionError::InvalidAanmaakdatum(_) => "invalid-aanmaakdatum",
            OptionError::InvalidDeliveryDate(_) => "invalid-delivery-date",
        }
    }

    /// The value given.
    pub fn value(&self) -> String {
        match self {
            OptionError::UnknownProtocol(v)
            | OptionError::InvalidPeriod(v)
            | OptionError::UnknownRule(v)
            | OptionError::UnknownLanguage(v)
            | OptionError::InvalidAanmaakdatum(v)
            | OptionError::InvalidDeliveryDate(v) => v.clone(),
            OptionError::Negative(_, n) => n.to_string(),
        }
    }

    /// One line in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let value = self.value();
        match (self, lang) {
            (OptionError::UnknownProtocol(_), Lang::Nl) => format!(
                "onbekende protocolversie {value:?}; bekend: {}",
                Spec::versions().join(", ")
            ),
            (OptionError::UnknownProtocol(_), Lang::En) => format!(
                "unknown protocol version {value:?}; known: {}",
                Spec::versions().join(", ")
            ),
            (OptionError::InvalidPeriod(_), Lang::Nl) => {
                format!("ongeldige periode {value:?}: gebruik H1JJJJ of H2JJJJ, bijvoorbeeld H22025")
            }
            (OptionError::InvalidPeriod(_), Lang::En) => {
                format!("invalid period {value:?}: use H1YYYY or H2YYYY, e.g. H22025")
            }
            (OptionError::UnknownRule(_), Lang::Nl) => format!(
                "onbekende controle {value:?} bij --select/--ignore; zie 'gmsd-fast rules' voor alle controles"
            ),
            (OptionError::UnknownRule(_), Lang::En) => format!(
                "unknown rule {value:?} in --select/--ignore; see 'gmsd-fast rules' for all rules"
            ),
            (OptionError::UnknownLanguage(_), Lang::Nl) => {
                format!("onbekende taal {value:?}: kies nl of en")
            }
            (OptionError::UnknownLanguage(_), Lang::En) => {
                format!("unknown language {value:?}: choose nl or en")
            }
            (OptionError::Negative(option, _), Lang::Nl) => {
                format!("{option} moet 0 of meer zijn, niet {value}")
            }
            (OptionError::Negative(option, _), Lang::En) => {
                format!("{option} must be 0 or more, not {value}")
            }
            (OptionError::InvalidAanmaakdatum(_), Lang::Nl) => format!(
                "ongeldige aanmaakdatum {value:?}: gebruik EEJJMMDDUUMM, bijvoorbeeld 202601200915"
            ),
            (OptionError::InvalidAanmaakdatum(_), Lang::En) => format!(
                "invalid creation date {value:?}: use CCYYMMDDhhmm, e.g. 202601200915"
            ),
            (OptionError::InvalidDeliveryDate(_), Lang::Nl) => format!(
                "ongeldige aanleverdatum {value:?}: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-02-02"
            ),
            (OptionError::InvalidDeliveryDate(_), Lang::En) => format!(
                "invalid delivery date {value:?}: use YYYY-MM-DD, e.g. 2026-02-02"
            ),
        }
    }
}

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for OptionError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked_when_built() {
        let ok = Options::parse(None, Some("H22025"), &["F".into()], &[]).unwrap();
        assert_eq!(ok.window, Period::parse("H22025"));
        for date in ["2026-12-03", "20261203", " 2026-12-03 "] {
            let ok = Options::default().with_delivery_date(Some(date)).unwrap();
            assert_eq!(ok.delivery_date, Some(20261203), "{date}");
        }
        for (result, code, value) in [
            (
                Options::parse(Some("H12099"), None, &[], &[]),
                "unknown-protocol",
                "H12099",
            ),
            (
                Options::parse(None, Some("H32025"), &[], &[]),
                "invalid-period",
                "H32025",
            ),
            (
                Options::parse(None, None, &["X9".into()], &[]),
                "unknown-rule",
                "X9",
            ),
            (
                Options::default().with_delivery_date(Some("2026-02-30")),
                "invalid-delivery-date",
                "2026-02-30",
            ),
            (
                Options::default().with_delivery_date(Some("3-12-2026")),
                "invalid-delivery-date",
                "3-12-2026",
            ),
        ] {
            let err = result.unwrap_err();
            assert_eq!(err.code(), code);
            assert!(err.message(Lang::Nl).contains(value));
            assert!(err.message(Lang::En).contains(value));
            assert_eq!(err.value(), value);
        }
    }
}
