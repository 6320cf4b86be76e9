//! Who a rule is: its [`Rule`] (code, name, pass, severity), [`RuleSet`], [`Severity`] and
//! [`Pass`]. A leaf: it imports nothing of the crate, so that findings, the protocol data and
//! the options can name rules without knowing how any rule checks, says or repairs anything.
//!
//! The registry ([`registry!`]) is the one list of the rules, a line each, in catalogue order
//! (codes are stable; a retired rule keeps its code unused): the rule's variant, code, name,
//! pass and severity, and where its declaration is (`group::CONST`, a path inside
//! `crate::rules`). This module takes the identity from it; `crate::rules` takes the
//! declarations (titles, messages, sources, documentation, the repair) from the same list, so
//! that a rule is added in one line here and its declaration beside its check.

use serde::Deserialize;

/// How bad a finding is for the delivery. The order of the variants is the order of
/// severity, worst first: the one order every output and the Python layer use
/// ([`Severity::ALL`], in the catalogue as `severities()`).
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
    /// Every severity, worst first.
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

/// The registry: calls `$callback!` with one line per rule, in catalogue order:
/// `Variant "CODE" "name" Pass Severity => group::DECLARATION`. The declaration (a
/// `rules::Declaration`, made by `rule!` beside the rule's check) is named by its path inside
/// `crate::rules`, which only `rules` resolves; its documentation is
/// `src/rules/<group>/docs/<CODE>.md`.
macro_rules! registry {
    ($callback:ident) => {
        $callback! {
            FileNamePattern "N001" "file-name-pattern" FileName Fixed(Reject) => file_name::FILE_NAME_PATTERN,
            FileNameCharacter "N002" "file-name-character" FileName Fixed(Reject) => file_name::FILE_NAME_CHARACTER,
            FileNameExtension "N003" "file-name-extension" FileName Fixed(Reject) => file_name::FILE_NAME_EXTENSION,
            PeriodOutsideWindow "N004" "period-outside-window" FileName Fixed(Reject) => file_name::PERIOD_OUTSIDE_WINDOW,
            PeriodUnknown "N005" "period-unknown" FileName Fixed(Info) => file_name::PERIOD_UNKNOWN,
            FileNameUnknown "N006" "file-name-unknown" FileName Fixed(Warning) => file_name::FILE_NAME_UNKNOWN,
            PeriodNotInProtocol "N007" "period-not-in-protocol" FileName Fixed(Warning) => file_name::PERIOD_NOT_IN_PROTOCOL,
            PeriodProbablyWrong "N008" "period-probably-wrong" FileName Fixed(Warning) => file_name::PERIOD_PROBABLY_WRONG,
            EmptyFile "S001" "empty-file" Structure Fixed(Reject) => structure::EMPTY_FILE,
            NotText "S002" "not-a-text-file" Structure Fixed(Reject) => structure::NOT_TEXT,
            ByteOrderMark "S003" "byte-order-mark" Structure Fixed(Warning) => structure::BYTE_ORDER_MARK,
            HeaderMissing "S004" "header-missing" Structure Fixed(Reject) => structure::HEADER_MISSING,
            HeaderColumnCount "S005" "header-column-count" Structure Fixed(Reject) => structure::HEADER_COLUMN_COUNT,
            NoRecords "S006" "no-records" Structure Fixed(Reject) => structure::NO_RECORDS,
            ColumnCount "S007" "column-count" Structure Fixed(Reject) => structure::COLUMN_COUNT,
            TrailingSeparator "S008" "trailing-separator" Structure Fixed(Reject) => structure::TRAILING_SEPARATOR,
            BlankLine "S009" "blank-line" Structure Fixed(Reject) => structure::BLANK_LINE,
            MissingFinalNewline "S010" "missing-final-newline" Structure Fixed(Reject) => structure::MISSING_FINAL_NEWLINE,
            LineTooLong "S011" "line-too-long" Structure Fixed(Reject) => structure::LINE_TOO_LONG,
            CarriageReturn "S012" "carriage-return" Structure Fixed(Reject) => structure::CARRIAGE_RETURN,
            OtherSeparator "S013" "other-separator" Structure Fixed(Reject) => structure::OTHER_SEPARATOR,
            NotUtf8 "S014" "not-utf8" Structure Fixed(Info) => structure::NOT_UTF8,
            SeparatorRow "S015" "separator-row" Structure Fixed(Reject) => structure::SEPARATOR_ROW,
            ColumnsShifted "S016" "columns-shifted" Structure Fixed(Info) => structure::COLUMNS_SHIFTED,
            MandatoryEmpty "F001" "mandatory-empty" Fields Fixed(Reject) => field::MANDATORY_EMPTY,
            FieldWidth "F002" "field-width" Fields ByFieldClass => field::FIELD_WIDTH,
            LeadingZeros "F003" "missing-leading-zeros" Fields ByFieldClass => field::LEADING_ZEROS,
            LegacyTypeCode "F004" "legacy-type-code" Fields ByFieldClass => field::LEGACY_TYPE_CODE,
            LegacyWidth "F005" "legacy-width" Fields ByFieldClass => field::LEGACY_WIDTH,
            InvalidCharacters "F006" "invalid-characters" Fields ByFieldClass => field::INVALID_CHARACTERS,
            ScientificNotation "F007" "scientific-notation" Structure ByFieldClass => field::SCIENTIFIC_NOTATION,
            DecimalSeparator "F008" "decimal-separator" Fields ByFieldClass => field::DECIMAL_SEPARATOR,
            Whitespace "F009" "whitespace" Fields ByFieldClass => field::WHITESPACE,
            Quotes "F010" "quotes" Fields ByFieldClass => field::QUOTES,
            ZeroFilled "F011" "zero-filled" Fields ByFieldClass => field::ZERO_FILLED,
            InvalidDate "F012" "invalid-date" Fields ByFieldClass => field::INVALID_DATE,
            InvalidCode "F013" "invalid-code" Fields ByFieldClass => field::INVALID_CODE,
            UnknownGemeente "F014" "unknown-gemeentecode" Fields ByFieldClass => field::UNKNOWN_GEMEENTE,
            BsnElfproef "F015" "bsn-elfproef" Fields ByFieldClass => field::BSN_ELFPROEF,
            LegacyRedenBeeindiging "F016" "legacy-reden-beeindiging" Fields Fixed(Info) => field::LEGACY_REDEN_BEEINDIGING,
            SpreadsheetRoundTrip "F017" "spreadsheet-round-trip" Fields Fixed(Info) => field::SPREADSHEET_ROUND_TRIP,
            ExcelDateSerial "F018" "excel-date-serial" Fields ByFieldClass => field::EXCEL_DATE_SERIAL,
            UnicodeSpace "F019" "unicode-space" Fields ByFieldClass => field::UNICODE_SPACE,
            ExcelFormula "F020" "excel-formula" Fields ByFieldClass => field::EXCEL_FORMULA,
            ThousandsSeparator "F021" "thousands-separator" Fields ByFieldClass => field::THOUSANDS_SEPARATOR,
            SpreadsheetError "F022" "spreadsheet-error" Fields ByFieldClass => field::SPREADSHEET_ERROR,
            TypeMissing "R001" "type-missing" Fields Fixed(Reject) => record::TYPE_MISSING,
            StartMissing "R002" "start-missing" Fields Fixed(Reject) => record::START_MISSING,
            AanmaakdatumDiffers "R003" "aanmaakdatum-differs" Fields Fixed(Reject) => record::AANMAAKDATUM_DIFFERS,
            GemeentecodeDiffers "R004" "gemeentecode-differs" Fields Fixed(Reject) => record::GEMEENTECODE_DIFFERS,
            IntendedStartAfterPeriod "D001" "intended-start-after-period" Fields Fixed(Reject) => record::INTENDED_START_AFTER_PERIOD,
            StartBeforeIntendedStart "D002" "start-before-intended-start" Fields Fixed(Warning) => record::START_BEFORE_INTENDED_START,
            StartAfterPeriod "D003" "start-after-period" Fields Fixed(Reject) => record::START_AFTER_PERIOD,
            StartBefore2015 "D004" "start-before-2015" Fields Fixed(Reject) => record::START_BEFORE_2015,
            IntendedEndBeforeIntendedStart "D005" "intended-end-before-intended-start" Fields Fixed(Reject) => record::INTENDED_END_BEFORE_INTENDED_START,
            IntendedEndBeforePeriod "D006" "intended-end-before-period" Fields Fixed(Reject) => record::INTENDED_END_BEFORE_PERIOD,
            EndBeforeStart "D007" "end-before-start" Fields Fixed(Reject) => record::END_BEFORE_START,
            EndBeforePeriod "D008" "end-before-period" Fields Fixed(Reject) => record::END_BEFORE_PERIOD,
            EndAfterIntendedEnd "D009" "end-after-intended-end" Fields Fixed(Warning) => record::END_AFTER_INTENDED_END,
            CreatedBeforePeriodEnd "D010" "created-before-period-end" Fields Fixed(Warning) => record::CREATED_BEFORE_PERIOD_END,
            GenericUnit "C001" "generic-unit" Fields Fixed(Error) => record::GENERIC_UNIT,
            GenericFrequency "C002" "generic-frequency" Fields Fixed(Info) => record::GENERIC_FREQUENCY,
            IntensityIncomplete "C003" "intensity-incomplete" Fields Fixed(Error) => record::INTENSITY_INCOMPLETE,
            DeliveredUnitMissing "C004" "delivered-unit-missing" Fields Fixed(Error) => record::DELIVERED_UNIT_MISSING,
            MaterialWithoutEnd "C005" "material-without-end-date" Fields Fixed(Info) => record::MATERIAL_WITHOUT_END,
            DuplicateDelivery "L001" "duplicate-delivery" Delivery Fixed(Reject) => delivery::DUPLICATE_DELIVERY,
            SeveralGemeenten "L002" "several-gemeenten" Delivery Fixed(Reject) => delivery::SEVERAL_GEMEENTEN,
            BeschermdWonenRegiogemeente "L003" "beschermd-wonen-regiogemeente" Delivery Fixed(Warning) => delivery::BESCHERMD_WONEN_REGIOGEMEENTE,
            ZipMember "L004" "zip-member" Delivery Fixed(Reject) => delivery::ZIP_MEMBER,
        }
    };
}
pub(crate) use registry;

/// Makes [`Rule`] and its identity of the registry's lines.
macro_rules! identity {
    ($($variant:ident $code:literal $name:literal $pass:ident $severity:expr => $group:ident::$declaration:ident,)*) => {
        /// A rule of the catalogue: who it is here; what it says and does is its declaration
        /// (`Rule::info`, in `crate::rules`).
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum Rule { $($variant),* }

        const ALL: &[Rule] = &[$(Rule::$variant),*];

        /// Code, name, pass and severity of each rule, by [`Rule`].
        const IDENTITY: &[(&str, &str, Pass, SeveritySource)] = {
            #[allow(unused_imports)]
            use Severity::*;
            #[allow(unused_imports)]
            use SeveritySource::*;
            &[$(($code, $name, Pass::$pass, $severity)),*]
        };
    };
}

registry!(identity);

impl Rule {
    /// Stable code, e.g. `F015`. Never reused for another meaning.
    pub const fn code(self) -> &'static str {
        IDENTITY[self as usize].0
    }

    /// Stable kebab-case name, e.g. `bsn-elfproef`.
    pub const fn name(self) -> &'static str {
        IDENTITY[self as usize].1
    }

    pub const fn pass(self) -> Pass {
        IDENTITY[self as usize].2
    }

    /// Where its severity comes from (the protocol's field classes: `Spec::severity`).
    pub const fn severity(self) -> SeveritySource {
        IDENTITY[self as usize].3
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::all().find(|r| r.code().eq_ignore_ascii_case(code) || r.name() == code)
    }

    pub fn all() -> impl Iterator<Item = Rule> {
        ALL.iter().copied()
    }

    /// The rule at this place of the catalogue.
    pub const fn at(index: usize) -> Rule {
        ALL[index]
    }

    pub const COUNT: usize = ALL.len();
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
    pub const fn contains(self, rule: Rule) -> bool {
        self.0 & (1u128 << rule as u32) != 0
    }

    pub const fn insert(&mut self, rule: Rule) {
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
                    let (code, name) = (r.code(), r.name());
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
    fn identity_is_consistent() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for (i, rule) in Rule::all().enumerate() {
            assert_eq!(rule as usize, i);
            assert_eq!(Rule::at(i), rule);
            let code = rule.code();
            assert!(codes.insert(code), "duplicate code {code}");
            assert!(names.insert(rule.name()), "duplicate name {}", rule.name());
            assert_eq!(code.len(), 4, "{code}");
            let group = match &code[..1] {
                "N" => Pass::FileName,
                "S" => Pass::Structure,
                // Scientific notation is one of the "ongeldige tekens" of §4.1.1, which CBS's
                // second step looks for (§2.5); the field's other rules are the third.
                "F" if code == "F007" => Pass::Structure,
                "F" | "R" | "D" | "C" => Pass::Fields,
                "L" => Pass::Delivery,
                other => panic!("{code}: unknown group {other}"),
            };
            assert_eq!(rule.pass(), group, "{code}: pass of its group");
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
