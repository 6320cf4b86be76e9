//! Pass 3, field by field (F): each field against its column's specification — empty or
//! not, width, characters, value. The rules are declared beside the code that reports them:
//! F001 here, the width rules in `width.rs`, the character rules in `characters.rs`, the
//! value rules in `value.rs`, the file-level spreadsheet hint in `spreadsheet.rs`.
//!
//! Whether a value is valid is decided here once per shape of column ([`Plan`], [`Shape`]):
//! the per-line valid path ([`FieldRules::clean_fields`]), the full checks
//! ([`FieldRules::check_fields`]) and the block path (`check/block.rs`) all decide with these
//! functions; the reporting functions only say why a value was refused.

mod characters;
mod spreadsheet;
mod value;
mod width;

pub(crate) use characters::{
    DECIMAL_SEPARATOR, INVALID_CHARACTERS, QUOTES, SCIENTIFIC_NOTATION, UNICODE_SPACE, WHITESPACE,
};
pub(crate) use spreadsheet::{
    spreadsheet_hint, EXCEL_DATE_SERIAL, EXCEL_FORMULA, SPREADSHEET_ERROR, SPREADSHEET_ROUND_TRIP,
    THOUSANDS_SEPARATOR,
};
pub(crate) use value::{BSN_ELFPROEF, INVALID_CODE, INVALID_DATE, UNKNOWN_GEMEENTE, ZERO_FILLED};
pub(crate) use width::{
    FIELD_WIDTH, LEADING_ZEROS, LEGACY_REDEN_BEEINDIGING, LEGACY_TYPE_CODE, LEGACY_WIDTH,
};

use crate::bsn::{
    embeds_bsn, is_valid_bsn, mask_ascii_bsn, mask_bsn, mask_embedded_bsns, UNKNOWN_BSN,
};
use crate::findings::value::{display_value, shown_as_is, MAX_SHOWN};
use crate::findings::{Finding, Sink};
use crate::record::{
    date8, non_digit_bytes, parse_digits, parse_digits_checked, Row, Value, MAX_COLUMNS,
};
use crate::rules::{rule, Declaration, Rule};
use crate::spec::dates::is_valid_ymd;
use crate::spec::{CodeList, Column, ColumnKind, Period, Spec, Ymd};
use compact_str::CompactString;

pub(crate) const MANDATORY_EMPTY: Declaration = rule! {
    "§3.1, §3.2.1",
    title: ("Verplicht veld leeg", "Mandatory field empty"),
    nl: "{column} is leeg, maar moet altijd gevuld zijn: vul de juiste waarde in.",
    en: "{column} is empty but must always be filled: fill in the right value.",
    "bsn" => nl: "{column} is leeg, maar moet altijd gevuld zijn: vul het BSN in, of 999999999 als het BSN onbekend is.",
    en: "{column} is empty but must always be filled: fill in the BSN, or 999999999 when the BSN is unknown.",
};

/// What the field checks need of one column, resolved from the spec once per file.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Plan {
    pub(crate) width: usize,
    pub(crate) kind: ColumnKind,
    pub(crate) mandatory: bool,
    /// Whether all zeros is a valid value (a volume, a number that may be zero, a code list
    /// holding 0); otherwise it is an empty cell filled with zeros.
    pub(crate) zero_ok: bool,
    pub(crate) codes: Option<&'static CodeList>,
    pub(crate) shape: Shape,
}

/// A column's kind and width where the valid paths have a specialised parser for them.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Date8,
    Datetime12,
    Gemeente4,
    Bsn9,
    Code1,
    Code2,
    Code4,
    Volume8,
    Number16,
    Other,
}

impl Plan {
    pub(crate) fn new(spec: &'static Spec, column: &Column) -> Plan {
        let codes = spec.code_list(column);
        let zero_ok = match column.kind {
            ColumnKind::Volume => true,
            ColumnKind::Number => !column.zero_is_empty,
            ColumnKind::Code => codes.is_some_and(|l| l.contains(0)),
            _ => false,
        };
        let shape = match (column.kind, column.width) {
            (ColumnKind::Date, 8) => Shape::Date8,
            (ColumnKind::Datetime, 12) => Shape::Datetime12,
            (ColumnKind::Gemeente, 4) => Shape::Gemeente4,
            (ColumnKind::Bsn, 9) => Shape::Bsn9,
            (ColumnKind::Code, 1) => Shape::Code1,
            (ColumnKind::Code, 2) => Shape::Code2,
            (ColumnKind::Code, 4) => Shape::Code4,
            (ColumnKind::Volume, 8) => Shape::Volume8,
            (ColumnKind::Number, 16) => Shape::Number16,
            _ => Shape::Other,
        };
        Plan {
            width: column.width,
            kind: column.kind,
            mandatory: column.mandatory,
            zero_ok,
            codes,
            shape,
        }
    }

    /// Whether a date of eight digits is valid: `date` says whether it is a calendar date
    /// ([`date8`]); all zeros only where zero is a value.
    #[inline(always)]
    pub(crate) fn date_ok(zero_ok: bool, value: u64, date: bool) -> bool {
        if value == 0 {
            zero_ok
        } else {
            date
        }
    }

    /// Whether a number (a toewijzingsnummer) is valid: anything but all zeros where zero
    /// is an empty cell filled with zeros.
    #[inline(always)]
    pub(crate) fn number_ok(zero_ok: bool, value: u64) -> bool {
        zero_ok | (value != 0)
    }

    /// Whether nine digits are a BSN: the elfproef, or the unknown BSN.
    #[inline(always)]
    pub(crate) fn bsn_ok(value: u64, digits: &[u8]) -> bool {
        value == UNKNOWN_BSN || is_valid_bsn(digits)
    }

    /// The bits of a code column's list: bit `v` of the table (wrapped around) is set if `v`
    /// is listed. `N` words hold at least the values of the column's width.
    pub(crate) fn code_table<const N: usize>(&self) -> [u64; N] {
        let list = self.codes.expect("code columns have a list");
        let mut bits = [0u64; N];
        for v in (0..10u32.pow(self.width as u32)).filter(|v| list.contains(*v)) {
            bits[v as usize / 64] |= 1 << (v % 64);
        }
        bits
    }

    /// Whether `value` is listed in a table of [`Self::code_table`]. `N` is a power of two,
    /// so any value, even an empty field's, reads some bit without a bounds check.
    #[inline(always)]
    pub(crate) fn code_listed<const N: usize>(table: &[u64; N], value: u64) -> bool {
        table[(value as usize / 64) % N] >> (value % 64) & 1 != 0
    }
}

/// The field rules of one file: a plan per column and the municipalities valid in the
/// reporting period.
pub struct FieldRules {
    pub(crate) spec: &'static Spec,
    pub(crate) period: Option<Period>,
    pub(crate) reveal_bsn: bool,
    /// The separator lines are split at: the protocol's, unless the file uses another
    /// (S013).
    pub(crate) separator: u8,
    /// Gemeentecodes valid in the period (all 10 000 codes).
    gemeente_valid: Vec<bool>,
    pub(crate) plans: Vec<Plan>,
    /// The widths of the aanmaakdatum and gemeentecode fields when they are the first two
    /// columns and mandatory (as in every protocol version so far): then the valid path finds
    /// them at the start of the line without looking for them field by field.
    pub(crate) leading_reference: Option<(usize, usize)>,
}

impl FieldRules {
    pub fn new(spec: &'static Spec, period: Option<Period>, reveal_bsn: bool) -> FieldRules {
        let gemeente_valid = match period {
            Some(p) => spec.gemeenten.valid_table(p),
            // Without a period, accept what exists today.
            None => {
                let mut t = vec![false; 10_000];
                for g in spec.gemeenten.all().iter().filter(|g| g.valid_to.is_none()) {
                    t[usize::from(g.code)] = true;
                }
                t
            }
        };
        let (a, g) = (
            &spec.columns[spec.roles.aanmaakdatum],
            &spec.columns[spec.roles.gemeentecode],
        );
        let leading_reference = (spec.roles.aanmaakdatum == 0
            && spec.roles.gemeentecode == 1
            && a.mandatory
            && g.mandatory)
            .then_some((a.width, g.width));
        FieldRules {
            spec,
            period,
            reveal_bsn,
            separator: spec.separator,
            gemeente_valid,
            plans: spec.columns.iter().map(|c| Plan::new(spec, c)).collect(),
            leading_reference,
        }
    }

    /// The other column of the pair `column` belongs to where a record needs one of the two
    /// (the types, the start dates).
    pub(crate) fn one_of_partner(&self, column: &Column) -> Option<u8> {
        crate::rules::record::one_of_partner(self.spec, column.number)
    }

    /// How a field's value is shown in findings: BSNs masked unless revealed.
    pub(crate) fn shown(&self, column: &Column, raw: &[u8]) -> CompactString {
        if column.kind == ColumnKind::Bsn && !self.reveal_bsn && shown_as_is(raw) {
            // The usual BSN value, masked without a copy on the heap.
            let mut masked = [0u8; MAX_SHOWN];
            let masked = &mut masked[..raw.len()];
            masked.copy_from_slice(raw);
            mask_ascii_bsn(masked);
            return CompactString::from(std::str::from_utf8(masked).expect("ASCII"));
        }
        let text = display_value(raw);
        if self.reveal_bsn {
            text
        } else if column.kind == ColumnKind::Bsn {
            mask_bsn(&text).into()
        } else if embeds_bsn(&text) {
            mask_embedded_bsns(&text).into()
        } else {
            text
        }
    }

    /// The valid path for one line: `Some` when the line splits into exactly the spec's
    /// columns and every field passes, i.e. `split_fields` and [`Self::check_fields`] would
    /// find nothing; then `row` is filled as they would fill it, and the aanmaakdatum and
    /// gemeentecode fields are returned. It decides with the same predicates as
    /// [`Self::digit_field`] (mandatory, width, [`Self::clean_value`]) and reports nothing:
    /// at the first doubt it returns `None` and the caller runs the full checks, which report.
    #[inline]
    pub(crate) fn clean_fields<'a>(
        &self,
        bytes: &'a [u8],
        row: &mut Row,
    ) -> Option<(&'a [u8], &'a [u8])> {
        match self.leading_reference {
            Some((a, g)) => {
                self.clean_fields_as::<false>(bytes, row)?;
                // Both fields are mandatory, so on the valid path they hold exactly their
                // width and end at a separator.
                Some((&bytes[..a], &bytes[a + 1..a + 1 + g]))
            }
            None => self.clean_fields_as::<true>(bytes, row),
        }
    }

    /// [`Self::clean_fields`], finding the aanmaakdatum and gemeentecode fields on the way if
    /// `FIND` (else it returns empty fields).
    #[inline(always)]
    fn clean_fields_as<'a, const FIND: bool>(
        &self,
        bytes: &'a [u8],
        row: &mut Row,
    ) -> Option<(&'a [u8], &'a [u8])> {
        let sep = self.separator;
        let n = self.plans.len();
        let roles = &self.spec.roles;
        if n > MAX_COLUMNS || n == 0 {
            return None;
        }
        let (mut aanmaak, mut gemeente): (&[u8], &[u8]) = (&[], &[]);
        let mut start = 0usize;
        for (i, plan) in self.plans.iter().enumerate() {
            let end = if bytes.get(start).is_none_or(|b| *b == sep) {
                if plan.mandatory {
                    return None;
                }
                row.set(i, Value::Empty);
                start
            } else {
                let end = start + plan.width;
                row.set(
                    i,
                    Value::Valid(self.clean_value(plan, bytes.get(start..end)?)?),
                );
                end
            };
            // Every field ends at a separator, the last at the end of the line. The fields
            // hold only digits, so there are no other separators.
            let boundary = if i + 1 < n {
                bytes.get(end) == Some(&sep)
            } else {
                end == bytes.len()
            };
            if !boundary {
                return None;
            }
            if FIND && i == roles.aanmaakdatum {
                aanmaak = &bytes[start..end];
            } else if FIND && i == roles.gemeentecode {
                gemeente = &bytes[start..end];
            }
            start = end + 1;
        }
        Some((aanmaak, gemeente))
    }

    /// The value of a field of its column's width if it is digits only and valid, with the
    /// parsing specialised for the protocol's widths and kinds (one dispatch per field).
    #[inline(always)]
    pub(crate) fn clean_value(&self, plan: &Plan, raw: &[u8]) -> Option<u64> {
        // Each arm gets its own copy of the checks for its kind and width.
        macro_rules! checked {
            ($kind:expr, $width:literal) => {{
                let value = parse_digits_checked::<$width>(raw)?;
                self.value_ok_as($kind, plan, value, raw).then_some(value)
            }};
        }
        match plan.shape {
            // Dates are checked in parts, as the digits give them, without dividing.
            Shape::Date8 => {
                let w = u64::from_le_bytes(raw.try_into().ok()?);
                if non_digit_bytes(w) != 0 {
                    return None;
                }
                let (value, date) = date8(w);
                Plan::date_ok(plan.zero_ok, value, date).then_some(value)
            }
            Shape::Datetime12 => checked!(ColumnKind::Datetime, 12),
            Shape::Gemeente4 => checked!(ColumnKind::Gemeente, 4),
            Shape::Bsn9 => checked!(ColumnKind::Bsn, 9),
            Shape::Code1 => checked!(ColumnKind::Code, 1),
            Shape::Code2 => checked!(ColumnKind::Code, 2),
            Shape::Code4 => checked!(ColumnKind::Code, 4),
            Shape::Volume8 => checked!(ColumnKind::Volume, 8),
            Shape::Number16 => checked!(ColumnKind::Number, 16),
            Shape::Other => checked!(plan.kind, 0),
        }
    }

    /// Whether field `i` holds a value its column takes, as the valid path decides it: empty
    /// where it may be, else the column's width and a valid value.
    pub(crate) fn field_ok(&self, i: usize, raw: &[u8]) -> bool {
        let plan = &self.plans[i];
        if raw.is_empty() {
            !plan.mandatory
        } else {
            raw.len() == plan.width && self.clean_value(plan, raw).is_some()
        }
    }

    /// [`Self::field_ok`], and false for a column past the last: where a value would stand
    /// were a separator put in or taken away.
    pub(crate) fn fits_column(&self, i: usize, raw: &[u8]) -> bool {
        i < self.plans.len() && self.field_ok(i, raw)
    }

    /// Checks every field of a record split into exactly the spec's columns; fills `row`.
    #[inline]
    pub(crate) fn check_fields(
        &self,
        line: u64,
        fields: &[&[u8]],
        non_digit: u32,
        row: &mut Row,
        sink: &mut Sink,
    ) {
        for (i, plan) in self.plans.iter().enumerate() {
            let raw = fields[i];
            let value = if non_digit & (1 << i) != 0 {
                characters::report(self, line, &self.spec.columns[i], raw, sink);
                Value::Invalid
            } else {
                self.digit_field(line, i, plan, fields, sink)
            };
            row.set(i, value);
        }
    }

    /// Checks field `i` of a record split into exactly the spec's columns (`record`), as
    /// [`Self::check_fields`] checks each of them (for `gmsd-fast fix`, which checks a field
    /// again after each repair).
    pub(crate) fn check_field(
        &self,
        line: u64,
        i: usize,
        record: &[&[u8]],
        sink: &mut Sink,
    ) -> Value {
        let raw = record[i];
        if raw.iter().any(|b| !b.is_ascii_digit()) {
            characters::report(self, line, &self.spec.columns[i], raw, sink);
            Value::Invalid
        } else {
            self.digit_field(line, i, &self.plans[i], record, sink)
        }
    }

    /// A field of digits only. The valid path reports nothing and branches little: every
    /// finding is made in a cold function.
    #[inline(always)]
    fn digit_field(
        &self,
        line: u64,
        i: usize,
        plan: &Plan,
        record: &[&[u8]],
        sink: &mut Sink,
    ) -> Value {
        let raw = record[i];
        if raw.is_empty() {
            if plan.mandatory {
                mandatory_empty(self, line, i, sink);
            }
            return Value::Empty;
        }
        if raw.len() != plan.width {
            width::report(self, line, &self.spec.columns[i], raw, record, sink);
            return Value::Invalid;
        }
        // The valid path's parser for the column's shape decides (the same predicate as
        // `value_ok_as`); only a refused value is parsed again, to say why.
        match self.clean_value(plan, raw) {
            Some(value) => Value::Valid(value),
            None => {
                self.refused(line, i, raw, sink);
                Value::Invalid
            }
        }
    }

    /// Reports why the value `raw` (digits, the column's width) of column `i` was refused.
    #[cold]
    #[inline(never)]
    pub(crate) fn refused(&self, line: u64, i: usize, raw: &[u8], sink: &mut Sink) {
        value::report(
            self,
            line,
            &self.spec.columns[i],
            parse_digits(raw),
            raw,
            sink,
        );
    }

    /// Whether a field of the right width, digits only, is valid for a column of this kind.
    /// The one place that decides it (dates: [`date8`], tested equal); `value::report` only
    /// says why not. The kind is given apart from the plan, so that a caller that knows it
    /// gets the check for that kind only.
    #[inline(always)]
    fn value_ok_as(&self, kind: ColumnKind, plan: &Plan, value: u64, raw: &[u8]) -> bool {
        if value == 0 {
            return plan.zero_ok;
        }
        match kind {
            ColumnKind::Volume => true,
            ColumnKind::Number => Plan::number_ok(plan.zero_ok, value),
            ColumnKind::Date => is_valid_ymd(value as Ymd),
            ColumnKind::Datetime => {
                let (date, hour, minute) =
                    ((value / 10_000) as Ymd, value / 100 % 100, value % 100);
                is_valid_ymd(date) & (hour < 24) & (minute < 60)
            }
            ColumnKind::Gemeente => self.gemeente_valid[value as usize],
            ColumnKind::Bsn => Plan::bsn_ok(value, raw),
            ColumnKind::Code => plan.codes.is_some_and(|list| list.contains(value as u32)),
        }
    }
}

#[cold]
#[inline(never)]
fn mandatory_empty(rules: &FieldRules, line: u64, i: usize, sink: &mut Sink) {
    let column = &rules.spec.columns[i];
    let col = Some(column.number);
    sink.report(Rule::MandatoryEmpty, col, || {
        let finding = Finding::new(Rule::MandatoryEmpty, Some(line), col);
        if column.kind == ColumnKind::Bsn {
            finding.message("bsn")
        } else {
            finding
        }
    });
}
