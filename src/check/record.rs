//! Pass 3 on one record of 18 fields: each field against its column spec, then the rules
//! between fields (mandatory pairs, dates against each other and the period, intensity).
//! A record the block path (`block.rs`) cannot take goes first through
//! [`Context::clean_fields`], which splits and checks it in one walk, reports nothing and
//! gives up at the first doubt; only then is it split and checked field by field with
//! reporting. All decide with the same predicates (`Plan`, `clean_value`, `value_ok_as`), and
//! the record rules compute which of them fire before reporting, so a valid record costs no
//! report call, no allocation and few data-dependent branches.

use super::elfproef::{is_valid_bsn, UNKNOWN_BSN};
use super::Context;
use crate::findings::render::{display_value, mask_bsn, mask_embedded_bsns};
use crate::findings::{Finding, Sink};
use crate::rules::Rule;
use crate::spec::dates::{format_ymd, is_leap_year, is_valid_ymd, MIN_YEAR};
use crate::spec::{CodeList, Column, ColumnKind, Roles, Spec, Ymd};

/// Bits of [`RecordPlan::type_kinds`].
const TYPE_GENERIC: u8 = 1;
const TYPE_MATERIAL: u8 = 2;

/// Most columns a protocol version may have (a `u32` bitmask of fields).
pub const MAX_COLUMNS: usize = 31;

/// What a field turned out to be.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Empty,
    /// Well-formed: the digits as a number (a date as `yyyymmdd`).
    Valid(u64),
    /// Present but wrong (already reported).
    Invalid,
}

impl Value {
    #[inline]
    pub fn valid(self) -> Option<u64> {
        match self {
            Value::Valid(v) => Some(v),
            _ => None,
        }
    }

    #[inline]
    pub fn date(self) -> Option<Ymd> {
        self.valid().map(|v| v as Ymd)
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self == Value::Empty
    }
}

/// The values of one record's fields: a bit per field for filled and for valid, and the
/// value of each valid field (a date as `yyyymmdd`).
#[derive(Clone, Debug)]
pub struct Row {
    pub filled: u32,
    pub valid: u32,
    /// One more than [`MAX_COLUMNS`], so that `c & 31` is always an index.
    pub values: [u64; MAX_COLUMNS + 1],
}

impl Default for Row {
    fn default() -> Self {
        Row {
            filled: 0,
            valid: 0,
            values: [0; MAX_COLUMNS + 1],
        }
    }
}

impl Row {
    #[inline(always)]
    pub fn get(&self, column: usize) -> Value {
        let bit = 1u32 << (column & 31);
        if self.valid & bit != 0 {
            Value::Valid(self.values[column & 31])
        } else if self.filled & bit != 0 {
            Value::Invalid
        } else {
            Value::Empty
        }
    }

    #[inline(always)]
    pub fn is_empty(&self, column: usize) -> bool {
        self.filled & (1 << (column & 31)) == 0
    }

    #[inline(always)]
    pub fn valid(&self, column: usize) -> Option<u64> {
        (self.valid & (1 << (column & 31)) != 0).then(|| self.values[column & 31])
    }

    #[inline(always)]
    pub fn date(&self, column: usize) -> Option<Ymd> {
        self.valid(column).map(|v| v as Ymd)
    }

    #[inline(always)]
    pub fn set(&mut self, column: usize, value: Value) {
        let bit = 1u32 << (column & 31);
        let (filled, valid, v) = match value {
            Value::Empty => (0, 0, 0),
            Value::Invalid => (bit, 0, 0),
            Value::Valid(v) => (bit, bit, v),
        };
        self.filled = self.filled & !bit | filled;
        self.valid = self.valid & !bit | valid;
        self.values[column & 31] = v;
    }
}

/// Splits a record into its fields. Returns the number of fields found (which may exceed
/// `MAX_COLUMNS`; only the first `MAX_COLUMNS` are kept) and a bitmask of the fields that
/// hold anything other than ASCII digits.
///
/// The common case, a line of digits and separators, is scanned eight bytes at a time; a line
/// with any other byte is split again byte by byte to find which fields hold it.
#[inline]
pub fn split_fields<'a>(
    bytes: &'a [u8],
    separator: u8,
    fields: &mut [&'a [u8]; MAX_COLUMNS],
) -> (usize, u32) {
    let separators = u64::from_ne_bytes([separator; 8]);
    let mut count = 0usize;
    let mut start = 0usize;
    let mut other = 0u64;
    // One bit per byte for the separators of 64 bytes from `base`.
    let mut mask = 0u64;
    let mut shift = 0u32;
    let mut base = 0usize;
    let mut flush = |mask: u64, base: usize| {
        let mut mask = mask;
        while mask != 0 {
            let at = base + mask.trailing_zeros() as usize;
            if count < MAX_COLUMNS {
                fields[count] = &bytes[start..at];
            }
            count += 1;
            start = at + 1;
            mask &= mask - 1;
        }
    };
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        let seps = zero_bytes(w ^ separators);
        other |= non_digit_bytes(w) & !seps;
        mask |= byte_flags(seps) << shift;
        shift += 8;
        if shift == 64 {
            flush(mask, base);
            (mask, shift, base) = (0, 0, base + 64);
        }
    }
    // The last bytes, padded with digits.
    let rest = words.remainder();
    let mut last = [b'0'; 8];
    last[..rest.len()].copy_from_slice(rest);
    let w = u64::from_le_bytes(last);
    let seps = zero_bytes(w ^ separators);
    other |= non_digit_bytes(w) & !seps;
    mask |= byte_flags(seps) << shift;
    flush(mask, base);
    if other != 0 {
        return split_fields_bytewise(bytes, separator, fields);
    }
    if count < MAX_COLUMNS {
        fields[count] = &bytes[start..];
    }
    (count + 1, 0)
}

/// [`split_fields`] one byte at a time, with the mask of fields holding non-digits.
#[cold]
#[inline(never)]
fn split_fields_bytewise<'a>(
    bytes: &'a [u8],
    separator: u8,
    fields: &mut [&'a [u8]; MAX_COLUMNS],
) -> (usize, u32) {
    let mut count = 0usize;
    let mut start = 0usize;
    let mut non_digit = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        if b == separator {
            if count < MAX_COLUMNS {
                fields[count] = &bytes[start..i];
            }
            count += 1;
            start = i + 1;
        } else if b.wrapping_sub(b'0') > 9 {
            non_digit |= 1 << count.min(MAX_COLUMNS);
        }
    }
    if count < MAX_COLUMNS {
        fields[count] = &bytes[start..];
    }
    (count + 1, non_digit)
}

const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that is zero.
#[inline(always)]
fn zero_bytes(w: u64) -> u64 {
    !(((w & LOW7).wrapping_add(LOW7)) | w | LOW7)
}

/// The high bits of the bytes of `flags` as 8 bits, byte 0 in bit 0.
#[inline(always)]
fn byte_flags(flags: u64) -> u64 {
    ((flags >> 7) & 0x0101_0101_0101_0101).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The high bit of each byte of `w` that is not an ASCII digit.
#[inline(always)]
fn non_digit_bytes(w: u64) -> u64 {
    let low = w & LOW7;
    // Per byte, no carry between bytes: the high bit says `low >= b'0'`, resp. `low > b'9'`.
    let at_least_0 = low.wrapping_add(0x5050_5050_5050_5050);
    let above_9 = low.wrapping_add(0x4646_4646_4646_4646);
    let digit = at_least_0 & !above_9 & !w & HIGH;
    !digit & HIGH
}

/// Eight ASCII digits, the first in the lowest byte, as a number.
#[inline(always)]
pub(super) fn parse8(w: u64) -> u64 {
    let w = w.wrapping_sub(0x3030_3030_3030_3030);
    // Pairs of digits in bytes 0, 2, 4 and 6.
    let w = w.wrapping_mul(10).wrapping_add(w >> 8);
    let pairs_0_2 = w & 0x0000_00FF_0000_00FF;
    let pairs_1_3 = (w >> 16) & 0x0000_00FF_0000_00FF;
    (pairs_0_2
        .wrapping_mul(100 + (1_000_000 << 32))
        .wrapping_add(pairs_1_3.wrapping_mul(1 + (10_000 << 32))))
        >> 32
}

/// Bit `mmdd` set for every month and day that exists in some year (29 February too); 256
/// words, so that any `mmdd` of four digits (at most 9999) finds its word without a check.
const MONTH_DAYS: [u64; 256] = {
    let mut bits = [0u64; 256];
    let mut month = 1;
    while month <= 12 {
        let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
        let mut day = 1;
        while day <= days {
            let mmdd = month * 100 + day;
            bits[mmdd / 64] |= 1 << (mmdd % 64);
            day += 1;
        }
        month += 1;
    }
    bits
};

/// Eight ASCII digits `EEJJMMDD`, the first in the lowest byte: the date as a number
/// `yyyymmdd`, and whether it is a real calendar date from [`MIN_YEAR`] on (as
/// [`crate::spec::dates::is_valid_ymd`] says, tested).
#[inline(always)]
pub(super) fn date8(w: u64) -> (u64, bool) {
    let w = w.wrapping_sub(0x3030_3030_3030_3030);
    // Pairs of digits in 16-bit lanes (century, year, month, day), then pairs of pairs in
    // 32-bit lanes: the full year and `mmdd`.
    let pairs = w.wrapping_mul(10).wrapping_add(w >> 8) & 0x00FF_00FF_00FF_00FF;
    let halves = (pairs.wrapping_mul(1 + (100 << 16)) >> 16) & 0x0000_FFFF_0000_FFFF;
    year_and_mmdd(halves as u32, (halves >> 32) as u32)
}

/// The date `yyyymmdd` of a year and `mmdd` of at most four digits each, and whether it is
/// a real calendar date from [`MIN_YEAR`] on.
#[inline(always)]
fn year_and_mmdd(year: u32, mmdd: u32) -> (u64, bool) {
    let listed = MONTH_DAYS[(mmdd as usize / 64) % MONTH_DAYS.len()] >> (mmdd % 64) & 1;
    let valid = (year >= MIN_YEAR) & (listed != 0) & ((mmdd != 229) || is_leap_year(year));
    (u64::from(year) * 10_000 + u64::from(mmdd), valid)
}

/// Four ASCII digits, the first in the lowest byte, as a number.
#[inline(always)]
pub(super) fn parse4(w: u32) -> u64 {
    let w = w.wrapping_sub(0x3030_3030);
    let w = w.wrapping_mul(10).wrapping_add(w >> 8);
    u64::from((w & 0xFF) * 100 + ((w >> 16) & 0xFF))
}

/// The value of a field of ASCII digits (wrapping past 19 digits). The widths the protocol
/// uses have their own branch-free arm.
#[inline]
pub(super) fn parse_digits(digits: &[u8]) -> u64 {
    let d = |i: usize| u64::from(digits[i].wrapping_sub(b'0'));
    let word8 = |at: usize| {
        parse8(u64::from_le_bytes(
            digits[at..at + 8].try_into().expect("8"),
        ))
    };
    let word4 = |at: usize| {
        parse4(u32::from_le_bytes(
            digits[at..at + 4].try_into().expect("4"),
        ))
    };
    match digits.len() {
        1 => d(0),
        2 => d(0) * 10 + d(1),
        4 => word4(0),
        8 => word8(0),
        9 => word8(0) * 10 + d(8),
        12 => word8(0) * 10_000 + word4(8),
        16 => word8(0) * 100_000_000 + word8(8),
        _ => parse_digits_any(digits),
    }
}

/// [`parse_digits`] for a field of `W` bytes (any length for `W == 0`) that may hold other
/// bytes than digits: `None` if it does.
#[inline(always)]
fn parse_digits_checked<const W: usize>(digits: &[u8]) -> Option<u64> {
    if W == 0 || digits.len() != W {
        return digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| parse_digits(digits));
    }
    let d = |i: usize| u64::from(digits[i].wrapping_sub(b'0'));
    let word8 = |at: usize| u64::from_le_bytes(digits[at..at + 8].try_into().expect("8"));
    let word4 = |at: usize| u32::from_le_bytes(digits[at..at + 4].try_into().expect("4"));
    let bad4 = |w: u32| non_digit_bytes(u64::from(w)) & 0x8080_8080;
    let (value, bad) = match W {
        1 => (d(0), d(0) > 9),
        2 => (d(0) * 10 + d(1), (d(0) > 9) | (d(1) > 9)),
        4 => {
            let w = word4(0);
            (parse4(w), bad4(w) != 0)
        }
        8 => {
            let w = word8(0);
            (parse8(w), non_digit_bytes(w) != 0)
        }
        9 => {
            let w = word8(0);
            (
                parse8(w) * 10 + d(8),
                (non_digit_bytes(w) != 0) | (d(8) > 9),
            )
        }
        12 => {
            let (w, v) = (word8(0), word4(8));
            (
                parse8(w) * 10_000 + parse4(v),
                (non_digit_bytes(w) | bad4(v)) != 0,
            )
        }
        16 => {
            let (w, v) = (word8(0), word8(8));
            (
                parse8(w) * 100_000_000 + parse8(v),
                (non_digit_bytes(w) | non_digit_bytes(v)) != 0,
            )
        }
        _ => {
            return digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| parse_digits(digits))
        }
    };
    (!bad).then_some(value)
}

#[inline(never)]
fn parse_digits_any(digits: &[u8]) -> u64 {
    let mut value = 0u64;
    let mut rest = digits;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        value = value
            .wrapping_mul(100_000_000)
            .wrapping_add(parse8(u64::from_le_bytes(*word)));
        rest = tail;
    }
    for d in rest {
        value = value.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
    }
    value
}

/// The columns and bounds the record rules use, resolved once per file.
#[derive(Clone, Debug)]
pub(crate) struct RecordPlan {
    /// A bit for each of the two type columns, and for each of the two start dates.
    type_columns: u32,
    start_columns: u32,
    intended_start: usize,
    intended_end: usize,
    start: usize,
    end: usize,
    /// The period's first and last day; without a period 0 and `Ymd::MAX`, so that no date
    /// falls outside it.
    first: Ymd,
    last: Ymd,
    earliest: Ymd,
    declaratie: usize,
    toewijzing: usize,
    beschikt_volume: usize,
    beschikt_eenheid: usize,
    beschikt_frequentie: usize,
    geleverd_eenheid: usize,
    geleverd_volume: usize,
    /// A bit for each of the two end dates.
    end_columns: u32,
    generic_eenheid: u64,
    generic_frequentie: u64,
    /// Per type code value (0 to 9999): generic (0088) and material (0011-0014) bits, so the
    /// intensity rules look a type up in one load.
    type_kinds: Vec<u8>,
}

impl RecordPlan {
    pub(crate) fn new(spec: &Spec, period: Option<crate::spec::Period>) -> RecordPlan {
        let r = &spec.roles;
        RecordPlan {
            type_columns: 1 << r.type_toewijzing | 1 << r.type_declaratie,
            start_columns: 1 << r.beoogde_startdatum | 1 << r.startdatum,
            intended_start: r.beoogde_startdatum,
            intended_end: r.beoogde_einddatum,
            start: r.startdatum,
            end: r.einddatum,
            first: period.map_or(0, |p| p.first_day()),
            last: period.map_or(Ymd::MAX, |p| p.last_day()),
            earliest: spec.earliest_actual_start,
            declaratie: r.type_declaratie,
            toewijzing: r.type_toewijzing,
            beschikt_volume: r.beschikt_volume,
            beschikt_eenheid: r.beschikt_eenheid,
            beschikt_frequentie: r.beschikt_frequentie,
            geleverd_eenheid: r.geleverd_eenheid,
            geleverd_volume: r.geleverd_volume,
            end_columns: 1 << r.beoogde_einddatum | 1 << r.einddatum,
            generic_eenheid: u64::from(spec.generic_eenheid),
            generic_frequentie: u64::from(spec.generic_frequentie),
            type_kinds: (0..10_000u32)
                .map(|t| {
                    spec.type_list().get(t).map_or(0, |c| {
                        (u8::from(c.generic) * TYPE_GENERIC)
                            | (u8::from(c.material) * TYPE_MATERIAL)
                    })
                })
                .collect(),
        }
    }
}

/// What the field checks need of one column, resolved from the spec once per file.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Plan {
    pub(super) width: usize,
    pub(super) kind: ColumnKind,
    pub(super) mandatory: bool,
    /// Whether all zeros is a valid value (a volume, a number that may be zero, a code list
    /// holding 0); otherwise it is an empty cell filled with zeros.
    pub(super) zero_ok: bool,
    pub(super) codes: Option<&'static CodeList>,
    pub(super) shape: Shape,
}

/// A column's kind and width where the valid path has a specialised parser for them.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Shape {
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
}

impl Context<'_> {
    /// How a field's value is shown in findings.
    pub(super) fn shown(&self, column: &Column, raw: &[u8]) -> String {
        let text = display_value(raw);
        if self.options.reveal_bsn {
            text
        } else if column.kind == ColumnKind::Bsn {
            mask_bsn(&text)
        } else {
            mask_embedded_bsns(&text)
        }
    }

    /// The valid path of passes 2 and 3 for one line: `Some` when the line splits into
    /// exactly the spec's columns and every field passes, i.e. [`split_fields`] and
    /// [`Self::check_fields`] would find nothing; then `values` is filled as they would fill
    /// it, and the aanmaakdatum and gemeentecode fields are returned. It decides with the
    /// same predicates as [`Self::digit_field`] (mandatory, width, [`Self::clean_value`]) and
    /// reports nothing: at the first doubt it returns `None` and the caller runs the full
    /// checks, which report.
    #[inline]
    pub(super) fn clean_fields<'a>(
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
        let sep = self.spec.separator;
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
    pub(super) fn clean_value(&self, plan: &Plan, raw: &[u8]) -> Option<u64> {
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
                let ok = if value == 0 { plan.zero_ok } else { date };
                ok.then_some(value)
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

    /// Checks every field; fills `values`.
    #[inline]
    pub(super) fn check_fields(
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
                self.non_digit_field(line, &self.spec.columns[i], raw, sink);
                Value::Invalid
            } else {
                self.digit_field(line, i, plan, raw, sink)
            };
            row.set(i, value);
        }
    }

    /// A field of digits only. The valid path reports nothing and branches little: every
    /// finding is made in a cold function.
    #[inline(always)]
    fn digit_field(&self, line: u64, i: usize, plan: &Plan, raw: &[u8], sink: &mut Sink) -> Value {
        if raw.is_empty() {
            if plan.mandatory {
                self.mandatory_empty(line, i, sink);
            }
            return Value::Empty;
        }
        if raw.len() != plan.width {
            self.wrong_width(line, &self.spec.columns[i], raw, sink);
            return Value::Invalid;
        }
        // The valid path's parser for the column's shape decides (the same predicate as
        // `value_ok`); only a refused value is parsed again, to say why.
        match self.clean_value(plan, raw) {
            Some(value) => Value::Valid(value),
            None => {
                self.bad_value(line, &self.spec.columns[i], parse_digits(raw), raw, sink);
                Value::Invalid
            }
        }
    }

    /// Whether a field of the right width, digits only, is valid for a column of this kind.
    /// The one place that decides it (dates: [`date8`], tested equal);
    /// [`Self::bad_value`] only says why not. The kind is given apart from the plan, so that a
    /// caller that knows it gets the check for that kind only.
    #[inline(always)]
    fn value_ok_as(&self, kind: ColumnKind, plan: &Plan, value: u64, raw: &[u8]) -> bool {
        if value == 0 {
            return plan.zero_ok;
        }
        match kind {
            ColumnKind::Volume | ColumnKind::Number => true,
            ColumnKind::Date => is_valid_ymd(value as Ymd),
            ColumnKind::Datetime => {
                let (date, hour, minute) =
                    ((value / 10_000) as Ymd, value / 100 % 100, value % 100);
                is_valid_ymd(date) & (hour < 24) & (minute < 60)
            }
            ColumnKind::Gemeente => self.gemeente_valid[value as usize],
            ColumnKind::Bsn => value == UNKNOWN_BSN || is_valid_bsn(raw),
            ColumnKind::Code => plan.codes.is_some_and(|list| list.contains(value as u32)),
        }
    }

    /// Reports why [`Self::value_ok_as`] refused a value.
    #[cold]
    #[inline(never)]
    pub(super) fn bad_value(
        &self,
        line: u64,
        column: &Column,
        value: u64,
        raw: &[u8],
        sink: &mut Sink,
    ) {
        let col = Some(column.number);
        if value == 0 {
            sink.report(Rule::ZeroFilled, col, || {
                Finding::new(Rule::ZeroFilled, Some(line), col).value(self.shown(column, raw))
            });
            return;
        }
        match column.kind {
            ColumnKind::Volume | ColumnKind::Number => {}
            ColumnKind::Date => self.invalid_date(line, column, raw, "EEJJMMDD", sink),
            ColumnKind::Datetime => self.invalid_date(line, column, raw, "EEJJMMDDUUMM", sink),
            ColumnKind::Gemeente => self.unknown_gemeente(line, column, raw, value as u16, sink),
            ColumnKind::Bsn => sink.report(Rule::BsnElfproef, col, || {
                Finding::new(Rule::BsnElfproef, Some(line), col).value(self.shown(column, raw))
            }),
            ColumnKind::Code => {
                let list = self
                    .spec
                    .code_list(column)
                    .expect("code columns have a list");
                sink.report(Rule::InvalidCode, col, || {
                    let allowed: Vec<&str> = list.codes.iter().map(|c| c.code.as_str()).collect();
                    Finding::new(Rule::InvalidCode, Some(line), col)
                        .value(self.shown(column, raw))
                        .param("allowed", allowed.join(", "))
                });
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn mandatory_empty(&self, line: u64, i: usize, sink: &mut Sink) {
        let col = Some(self.spec.columns[i].number);
        sink.report(Rule::MandatoryEmpty, col, || {
            Finding::new(Rule::MandatoryEmpty, Some(line), col)
        });
    }

    #[cold]
    fn invalid_date(
        &self,
        line: u64,
        column: &Column,
        raw: &[u8],
        pattern: &'static str,
        sink: &mut Sink,
    ) {
        let col = Some(column.number);
        sink.report(Rule::InvalidDate, col, || {
            Finding::new(Rule::InvalidDate, Some(line), col)
                .value(self.shown(column, raw))
                .param("pattern", pattern)
        });
    }

    #[cold]
    fn unknown_gemeente(&self, line: u64, column: &Column, raw: &[u8], code: u16, sink: &mut Sink) {
        let col = Some(column.number);
        sink.report(Rule::UnknownGemeente, col, || {
            let period = self
                .period
                .map_or_else(|| "de verslagperiode".to_string(), |p| p.code());
            let detail = match self.spec.gemeenten.latest(code) {
                Some(g) => match g.valid_to {
                    Some(to) => format!(": {} bestaat niet meer sinds {}", g.name, format_ymd(to)),
                    None => format!(
                        ": {} bestaat pas sinds {}",
                        g.name,
                        format_ymd(g.valid_from)
                    ),
                },
                None => String::new(),
            };
            Finding::new(Rule::UnknownGemeente, Some(line), col)
                .value(self.shown(column, raw))
                .param("period", period)
                .param("detail", detail)
        });
    }

    #[cold]
    fn wrong_width(&self, line: u64, column: &Column, raw: &[u8], sink: &mut Sink) {
        let col = Some(column.number);
        let len = raw.len();
        let base = |rule| {
            Finding::new(rule, Some(line), col)
                .value(self.shown(column, raw))
                .param("found", len)
                .param("width", column.width)
        };
        if column.legacy_one_position && len == 1 {
            sink.report(Rule::LegacyRedenBeeindiging, col, || {
                base(Rule::LegacyRedenBeeindiging)
            });
            return;
        }
        let is_type = column.codes == Some(self.spec.type_codes);
        let padded = || {
            let mut s = "0".repeat(column.width.saturating_sub(len));
            if column.kind == ColumnKind::Bsn {
                s.push_str(&display_value(raw));
                if !self.options.reveal_bsn {
                    s = mask_bsn(&s);
                }
            } else {
                // Padding a BSN (e.g. a 9-digit toewijzingsnummer) must not unmask it.
                s.push_str(&self.shown(column, raw));
            }
            s
        };
        if is_type && len == 2 && column.width == 4 {
            sink.report(Rule::LegacyTypeCode, col, || {
                base(Rule::LegacyTypeCode).param("suggestion", padded())
            });
        } else if column.legacy_width == Some(len) {
            sink.report(Rule::LegacyWidth, col, || base(Rule::LegacyWidth));
        } else if len < column.width
            && !matches!(column.kind, ColumnKind::Date | ColumnKind::Datetime)
        {
            sink.report(Rule::LeadingZeros, col, || {
                base(Rule::LeadingZeros).param("suggestion", padded())
            });
        } else {
            sink.report(Rule::FieldWidth, col, || base(Rule::FieldWidth));
        }
    }

    #[cold]
    fn non_digit_field(&self, line: u64, column: &Column, raw: &[u8], sink: &mut Sink) {
        let col = Some(column.number);
        let digits_and = |extra: &[u8]| raw.iter().all(|b| b.is_ascii_digit() || extra.contains(b));
        let trimmed = raw.trim_ascii();
        let rule = if is_scientific(raw) {
            Rule::ScientificNotation
        } else if raw.contains(&b'"') || raw.contains(&b'\'') {
            Rule::Quotes
        } else if trimmed.len() < raw.len() && trimmed.iter().all(u8::is_ascii_digit) {
            Rule::Whitespace
        } else if column.kind == ColumnKind::Volume
            && digits_and(b",.")
            && raw.iter().filter(|b| **b == b',' || **b == b'.').count() == 1
        {
            Rule::DecimalSeparator
        } else {
            Rule::InvalidCharacters
        };
        sink.report(rule, col, || {
            Finding::new(rule, Some(line), col).value(self.shown(column, raw))
        });
    }

    /// The rules between the fields of one record: first whether any fires, without
    /// branching on the data; only then which, to report them.
    #[inline(always)]
    pub(super) fn check_record(&self, line: u64, v: &Row, sink: &mut Sink) {
        let presence = self.presence(v.filled, v.valid);
        if self.record_rules_fire(&presence, v) {
            self.report_record(line, v, &presence, sink);
        }
    }

    /// What the record rules decide from which fields are filled and valid alone. The
    /// block path works it out once per layout, where every filled field is valid.
    pub(super) fn presence(&self, filled: u32, valid: u32) -> Presence {
        let p = &self.record_plan;
        let is = |mask: u32, c: usize| mask >> (c & 31) & 1 != 0;
        let (bs, be) = (is(valid, p.intended_start), is(valid, p.intended_end));
        let (s, e) = (is(valid, p.start), is(valid, p.end));
        // The dates each rule of DATE_RULES compares.
        let dates = [s & bs, s, be & bs, e & s, e & be, bs, s, be, e]
            .iter()
            .enumerate()
            .fold(0u16, |mask, (i, both)| mask | u16::from(*both) << i);
        let missing = (filled & p.type_columns == 0) | (filled & p.start_columns == 0);
        // Volume, unit and frequency belong together; a generic allocation may leave unit
        // and frequency empty, a material provision (0011-0014) may leave the volume empty.
        let beschikt =
            [p.beschikt_volume, p.beschikt_eenheid, p.beschikt_frequentie].map(|c| is(filled, c));
        let incomplete_plain = beschikt.contains(&true) && beschikt.contains(&false);
        let incomplete_generic = beschikt.contains(&true) && !beschikt[0];
        let unit_missing = is(filled, p.geleverd_volume) && !is(filled, p.geleverd_eenheid);
        let without_end = filled & p.end_columns == 0;
        let fires = |kind: u8| {
            let generic = kind & TYPE_GENERIC != 0;
            let material = kind & TYPE_MATERIAL != 0;
            let incomplete = if generic {
                incomplete_generic
            } else {
                incomplete_plain
            };
            missing
                | (!material & incomplete)
                | (!generic & unit_missing)
                | (material & without_end)
        };
        let type_column = if is(valid, p.declaratie) {
            p.declaratie
        } else if is(valid, p.toewijzing) {
            p.toewijzing
        } else {
            NO_TYPE
        };
        Presence {
            dates,
            fires_by_kind: (0..4).fold(0, |mask, kind| mask | u8::from(fires(kind)) << kind),
            generic_checked: [
                p.beschikt_eenheid,
                p.geleverd_eenheid,
                p.beschikt_frequentie,
            ]
            .iter()
            .enumerate()
            .fold(0, |mask, (i, c)| mask | u8::from(is(valid, *c)) << i),
            type_column: type_column as u8,
        }
    }

    /// Whether any rule of [`Self::check_record`] fires on a record with this presence.
    #[inline(always)]
    pub(super) fn record_rules_fire(&self, presence: &Presence, v: &Row) -> bool {
        let p = &self.record_plan;
        let (_, kind) = self.effective_type(presence, v);
        let value = |c: usize| v.values[c & 31];
        let off_generic = (u8::from(value(p.beschikt_eenheid) != p.generic_eenheid)
            | u8::from(value(p.geleverd_eenheid) != p.generic_eenheid) << 1
            | u8::from(value(p.beschikt_frequentie) != p.generic_frequentie) << 2)
            & presence.generic_checked;
        (presence.fires_by_kind >> kind & 1 != 0)
            | ((kind & TYPE_GENERIC != 0) & (off_generic != 0))
            | (self.date_order(v) & presence.dates != 0)
    }

    /// The type CBS counts (declaratie where valid, else toewijzing) and its generic and
    /// material bits.
    #[inline(always)]
    fn effective_type(&self, presence: &Presence, v: &Row) -> (Option<u64>, u8) {
        let p = &self.record_plan;
        let column = usize::from(presence.type_column);
        let has_type = column != NO_TYPE;
        let value = v.values[column & 31];
        // Index 0 is no type code.
        let index = if has_type {
            (value as usize).min(p.type_kinds.len() - 1)
        } else {
            0
        };
        (has_type.then_some(value), p.type_kinds[index])
    }

    /// Which date comes before which, as the date rules compare them (bits as in
    /// [`Self::DATE_RULES`]), whether the dates are there or not: [`Presence::dates`] says
    /// which comparisons count.
    #[inline(always)]
    fn date_order(&self, v: &Row) -> u16 {
        let p = &self.record_plan;
        let date = |c: usize| v.values[c & 31] as Ymd;
        let (bs, be) = (date(p.intended_start), date(p.intended_end));
        let (s, e) = (date(p.start), date(p.end));
        let (first, last) = (p.first, p.last);
        u16::from(s < bs)
            | u16::from(s < p.earliest) << 1
            | u16::from(be < bs) << 2
            | u16::from(e < s) << 3
            | u16::from(be < e) << 4
            | u16::from(last < bs) << 5
            | u16::from(last < s) << 6
            | u16::from(be < first) << 7
            | u16::from(e < first) << 8
    }

    /// Reports the record rules that fire.
    #[cold]
    #[inline(never)]
    pub(super) fn report_record(&self, line: u64, v: &Row, presence: &Presence, sink: &mut Sink) {
        let p = &self.record_plan;
        let type_missing = v.filled & p.type_columns == 0;
        let start_missing = v.filled & p.start_columns == 0;
        if type_missing | start_missing {
            self.report_missing(line, type_missing, start_missing, sink);
        }
        let dates = self.date_order(v) & presence.dates;
        if dates != 0 {
            self.report_dates(line, v, dates, sink);
        }
        let found = self.intensity_findings(presence, v);
        if found.any() {
            self.report_intensity(line, v, found, sink);
        }
    }

    fn report_missing(&self, line: u64, type_missing: bool, start_missing: bool, sink: &mut Sink) {
        let r = &self.spec.roles;
        for (missing, rule, column) in [
            (type_missing, Rule::TypeMissing, r.type_toewijzing),
            (start_missing, Rule::StartMissing, r.beoogde_startdatum),
        ] {
            if missing {
                let col = Some(column as u8 + 1);
                sink.report(rule, col, || Finding::new(rule, Some(line), col));
            }
        }
    }

    /// The date rules in reporting order: rule, the date's column, the other date's column.
    const DATE_RULES: [(Rule, DateRole, Option<DateRole>); 9] = [
        (
            Rule::StartBeforeIntendedStart,
            DateRole::Start,
            Some(DateRole::IntendedStart),
        ),
        (Rule::StartBefore2015, DateRole::Start, None),
        (
            Rule::IntendedEndBeforeIntendedStart,
            DateRole::IntendedEnd,
            Some(DateRole::IntendedStart),
        ),
        (Rule::EndBeforeStart, DateRole::End, Some(DateRole::Start)),
        (
            Rule::EndAfterIntendedEnd,
            DateRole::End,
            Some(DateRole::IntendedEnd),
        ),
        (
            Rule::IntendedStartAfterPeriod,
            DateRole::IntendedStart,
            None,
        ),
        (Rule::StartAfterPeriod, DateRole::Start, None),
        (Rule::IntendedEndBeforePeriod, DateRole::IntendedEnd, None),
        (Rule::EndBeforePeriod, DateRole::End, None),
    ];

    #[cold]
    #[inline(never)]
    fn report_dates(&self, line: u64, v: &Row, mask: u16, sink: &mut Sink) {
        let r = &self.spec.roles;
        for (i, (rule, role, other)) in Self::DATE_RULES.into_iter().enumerate() {
            if mask & (1 << i) == 0 {
                continue;
            }
            let column = role.column(r);
            let date = v.date(column).expect("a rule fired on this date");
            let other = other.and_then(|o| v.date(o.column(r)));
            let col = Some(column as u8 + 1);
            sink.report(rule, col, || {
                let mut f = Finding::new(rule, Some(line), col)
                    .value(date.to_string())
                    .param("date", format_ymd(date));
                if let Some(o) = other {
                    f = f.param("other", format_ymd(o));
                }
                if let Some(p) = self.period {
                    f = f
                        .param("first", format_ymd(p.first_day()))
                        .param("last", format_ymd(p.last_day()));
                }
                f.param("earliest", format_ymd(self.spec.earliest_actual_start))
            });
        }
    }

    /// What each intensity rule (C001-C005) finds in a record: as docs/protocol.md#s3-2-2
    /// states them, one by one, for the report; [`Self::record_rules_fire`] decides the same
    /// at once.
    fn intensity_findings(&self, presence: &Presence, v: &Row) -> IntensityFindings<'_> {
        let p = &self.record_plan;
        let valid = |c: usize| v.valid >> (c & 31) & 1 != 0;
        let filled = |c: usize| v.filled >> (c & 31) & 1 != 0;
        let value = |c: usize| v.values[c & 31];
        let (effective, kind) = self.effective_type(presence, v);
        let generic = kind & TYPE_GENERIC != 0;
        let material = kind & TYPE_MATERIAL != 0;
        let other_than = |c: usize, wanted: u64| valid(c) & (value(c) != wanted);
        // Volume, unit and frequency belong together; a generic allocation may leave unit and
        // frequency empty, a material provision (0011-0014) may leave the volume empty.
        let present = u8::from(filled(p.beschikt_volume))
            | u8::from(filled(p.beschikt_eenheid)) << 1
            | u8::from(filled(p.beschikt_frequentie)) << 2;
        let needed = if material {
            0
        } else if generic {
            0b001
        } else {
            0b111
        };
        IntensityFindings {
            unit_wrong: [
                generic & other_than(p.beschikt_eenheid, p.generic_eenheid),
                generic & other_than(p.geleverd_eenheid, p.generic_eenheid),
            ],
            frequency_wrong: generic & other_than(p.beschikt_frequentie, p.generic_frequentie),
            missing: !present & needed & if present == 0 { 0 } else { 0b111 },
            unit_missing: !generic & filled(p.geleverd_volume) & !filled(p.geleverd_eenheid),
            without_end: material & (v.filled & p.end_columns == 0),
            code: effective
                .and_then(|t| self.spec.type_list().get(t as u32))
                .map(|c| c.code.as_str()),
        }
    }

    #[cold]
    #[inline(never)]
    fn report_intensity(&self, line: u64, v: &Row, found: IntensityFindings<'_>, sink: &mut Sink) {
        let r = &self.spec.roles;
        for (wrong, column) in found
            .unit_wrong
            .into_iter()
            .zip([r.beschikt_eenheid, r.geleverd_eenheid])
        {
            if let (true, Some(u)) = (wrong, v.valid(column)) {
                let col = Some(column as u8 + 1);
                sink.report(Rule::GenericUnit, col, || {
                    Finding::new(Rule::GenericUnit, Some(line), col).value(format!("{u:02}"))
                });
            }
        }
        if let (true, Some(f)) = (found.frequency_wrong, v.valid(r.beschikt_frequentie)) {
            let col = Some(r.beschikt_frequentie as u8 + 1);
            sink.report(Rule::GenericFrequency, col, || {
                Finding::new(Rule::GenericFrequency, Some(line), col).value(f.to_string())
            });
        }
        if found.missing != 0 {
            let col = Some(r.beschikt_volume as u8 + 1);
            sink.report(Rule::IntensityIncomplete, col, || {
                let names: Vec<String> =
                    [r.beschikt_volume, r.beschikt_eenheid, r.beschikt_frequentie]
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| found.missing & (1 << i) != 0)
                        .map(|(_, c)| format!("{} ({})", c + 1, self.spec.columns[c].key))
                        .collect();
                Finding::new(Rule::IntensityIncomplete, Some(line), col)
                    .param("missing", names.join(", "))
            });
        }
        if found.unit_missing {
            let col = Some(r.geleverd_volume as u8 + 1);
            let shown = v
                .valid(r.geleverd_volume)
                .map_or_else(String::new, |x| format!("{x:08}"));
            sink.report(Rule::DeliveredUnitMissing, col, || {
                Finding::new(Rule::DeliveredUnitMissing, Some(line), col).value(shown)
            });
        }
        if found.without_end {
            let col = Some(r.einddatum as u8 + 1);
            let shown = found.code.unwrap_or_default().to_string();
            sink.report(Rule::MaterialWithoutEnd, col, || {
                Finding::new(Rule::MaterialWithoutEnd, Some(line), col).value(shown)
            });
        }
    }
}

/// Which date of a record a date rule is about.
#[derive(Copy, Clone, Debug)]
enum DateRole {
    IntendedStart,
    IntendedEnd,
    Start,
    End,
}

impl DateRole {
    fn column(self, r: &Roles) -> usize {
        match self {
            DateRole::IntendedStart => r.beoogde_startdatum,
            DateRole::IntendedEnd => r.beoogde_einddatum,
            DateRole::Start => r.startdatum,
            DateRole::End => r.einddatum,
        }
    }
}

/// What the record rules decide from which fields are filled and valid: see
/// [`Context::presence`].
#[derive(Copy, Clone, Debug)]
pub(crate) struct Presence {
    /// The date rules whose dates are both valid (bits as in [`Context::DATE_RULES`]).
    dates: u16,
    /// Bit `kind`: a rule fires on presence alone for a type of that kind (its
    /// [`TYPE_GENERIC`] and [`TYPE_MATERIAL`] bits).
    fires_by_kind: u8,
    /// Which of the beschikte eenheid, geleverde eenheid and beschikte frequentie are valid,
    /// to be checked against the generic ones.
    generic_checked: u8,
    /// The column whose type counts: the declaratie if valid, else the toewijzing, else
    /// [`NO_TYPE`].
    type_column: u8,
}

impl Presence {
    /// For what is not a record.
    pub(super) const NONE: Presence = Presence {
        dates: 0,
        fires_by_kind: 0,
        generic_checked: 0,
        type_column: NO_TYPE as u8,
    };
}

/// [`Presence::type_column`] of a record without a valid type.
const NO_TYPE: usize = MAX_COLUMNS;

/// What [`Context::intensity_findings`] found, for reporting.
struct IntensityFindings<'a> {
    unit_wrong: [bool; 2],
    frequency_wrong: bool,
    /// Bits 0-2: volume, unit, frequency missing.
    missing: u8,
    unit_missing: bool,
    without_end: bool,
    code: Option<&'a str>,
}

impl IntensityFindings<'_> {
    fn any(&self) -> bool {
        self.unit_wrong.contains(&true)
            | self.frequency_wrong
            | (self.missing != 0)
            | self.unit_missing
            | self.without_end
    }
}

/// `2,01804E+11`, `2.01804e+11`, `1E+11`: what Excel makes of a long number.
fn is_scientific(raw: &[u8]) -> bool {
    let text = raw.trim_ascii();
    let Some(e) = text.iter().position(|b| *b == b'E' || *b == b'e') else {
        return false;
    };
    let (mantissa, exponent) = (text[..e].trim_ascii_end(), &text[e + 1..]);
    let exponent = exponent
        .strip_prefix(b"+")
        .or_else(|| exponent.strip_prefix(b"-"))
        .unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa[0].is_ascii_digit()
        && mantissa
            .iter()
            .all(|b| b.is_ascii_digit() || *b == b',' || *b == b'.')
        && !exponent.is_empty()
        && exponent.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_notation() {
        for (text, yes) in [
            ("2,01804E+11", true),
            ("2.01804e+11", true),
            ("2,01804 E+11", true),
            ("1E11", true),
            ("E+11", false),
            ("2,5", false),
            ("12a", false),
        ] {
            assert_eq!(is_scientific(text.as_bytes()), yes, "{text}");
        }
    }

    #[test]
    fn digit_parsing() {
        let fold = |d: &[u8]| {
            d.iter().fold(0u64, |acc, d| {
                acc.wrapping_mul(10).wrapping_add(u64::from(d - b'0'))
            })
        };
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for len in 0..=30 {
            for _ in 0..200 {
                let digits: Vec<u8> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        b'0' + (x % 10) as u8
                    })
                    .collect();
                assert_eq!(parse_digits(&digits), fold(&digits), "{digits:?}");
            }
            let nines = vec![b'9'; len];
            assert_eq!(parse_digits(&nines), fold(&nines));
        }
    }

    #[test]
    fn dates_of_eight_digits() {
        for year in (1890..2110).chain([0, 99, 2400, 9999]) {
            for month in 0..100 {
                for day in 0..100 {
                    let ymd = year * 10_000 + month * 100 + day;
                    let text = format!("{ymd:08}");
                    let (value, valid) = date8(u64::from_le_bytes(
                        text.as_bytes().try_into().expect("8 digits"),
                    ));
                    assert_eq!(value, u64::from(ymd), "{text}");
                    assert_eq!(valid, is_valid_ymd(ymd), "{text}");
                }
            }
        }
    }

    #[test]
    fn byte_classes() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b'1', b, b'x', b';', 0, b, b'0', b'9']);
            let nd = non_digit_bytes(w);
            let z = zero_bytes(w ^ u64::from_ne_bytes([b';'; 8]));
            for (i, byte) in w.to_le_bytes().iter().enumerate() {
                let bit = 0x80u64 << (8 * i);
                assert_eq!(nd & bit != 0, !byte.is_ascii_digit(), "{b} at {i}");
                assert_eq!(z & bit != 0, *byte == b';', "{b} at {i}");
            }
        }
    }

    #[test]
    fn splitting_word_wise_equals_bytewise() {
        let lines: &[&[u8]] = &[
            b"",
            b";",
            b"1",
            b";;;;;;;;;;;;;;;;;",
            b"202601150930;0363;123456782;0001;20250101;;4;0001;20250102;;;00000004;04;2;;;;",
            b"202601150930;0363;123456782;0001;20250101;;4;0001;20250102;;;00000004;04;2;;;;;",
            b"2,02601E+11;0363;12345678 ;0001;\"20250101\";;4;;;;;;;;;;;",
            b"1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29;30;31;32;33",
            b"1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29;30;31;x;3a",
            b"12345678;abcdefgh;\xff\x00;;;;;;;;;;;;;;;",
        ];
        for line in lines {
            for cut in 0..=line.len() {
                let line = &line[..cut];
                let mut a = [&b""[..]; MAX_COLUMNS];
                let mut b = [&b""[..]; MAX_COLUMNS];
                let fast = split_fields(line, b';', &mut a);
                let slow = split_fields_bytewise(line, b';', &mut b);
                assert_eq!(fast, slow, "{line:?}");
                assert_eq!(a, b, "{line:?}");
            }
        }
    }

    #[test]
    fn splitting() {
        let mut fields = [&b""[..]; MAX_COLUMNS];
        let (n, bad) = split_fields(b"1;;a2;", b';', &mut fields);
        assert_eq!(n, 4);
        assert_eq!(&fields[..4], &[&b"1"[..], b"", b"a2", b""]);
        assert_eq!(bad, 0b100);
    }
}

#[cfg(test)]
mod record_rule_tests {
    use super::*;
    use crate::check::Options;
    use crate::spec::Period;

    /// Rows with random filled and valid columns and values near the boundaries the rules
    /// compare against.
    fn random_rows(context: &Context<'_>, count: usize) -> Vec<Row> {
        let r = &context.spec.roles;
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let dates = [
            20141231, 20150101, 20250630, 20250701, 20251231, 20260101, 20270101,
        ];
        let types = [1, 11, 14, 88, 9999];
        let units = [1, 4, 14, 82];
        (0..count)
            .map(|_| {
                let filled = next() as u32 & ((1 << context.plans.len()) - 1);
                let mut row = Row {
                    filled,
                    valid: filled & next() as u32 | filled & next() as u32,
                    values: [0; MAX_COLUMNS + 1],
                };
                let mut pick = |column: usize, from: &[u64]| {
                    row.values[column] = from[next() as usize % from.len()];
                };
                for c in [
                    r.beoogde_startdatum,
                    r.beoogde_einddatum,
                    r.startdatum,
                    r.einddatum,
                ] {
                    pick(c, &dates);
                }
                for c in [r.type_toewijzing, r.type_declaratie] {
                    pick(c, &types);
                }
                for c in [
                    r.beschikt_eenheid,
                    r.geleverd_eenheid,
                    r.beschikt_frequentie,
                ] {
                    pick(c, &units);
                }
                row
            })
            .collect()
    }

    /// The date rules as docs/protocol.md#s3-2-2 states them: each needs both its dates.
    fn date_rules_as_stated(context: &Context<'_>, v: &Row) -> u16 {
        let r = &context.spec.roles;
        let p = &context.record_plan;
        let date = |c: usize| v.valid(c).map(|d| d as Ymd);
        let before = |a: Option<Ymd>, b: Option<Ymd>| matches!((a, b), (Some(a), Some(b)) if a < b);
        let (bs, be) = (date(r.beoogde_startdatum), date(r.beoogde_einddatum));
        let (s, e) = (date(r.startdatum), date(r.einddatum));
        let (first, last) = (Some(p.first), Some(p.last));
        [
            before(s, bs),
            before(s, Some(p.earliest)),
            before(be, bs),
            before(e, s),
            before(be, e),
            before(last, bs),
            before(last, s),
            before(be, first),
            before(e, first),
        ]
        .iter()
        .enumerate()
        .fold(0, |mask, (i, fired)| mask | u16::from(*fired) << i)
    }

    #[test]
    fn quick_record_rule_tests_agree_with_the_detailed_ones() {
        let options = Options::default();
        for period in [None, Period::parse("H22025")] {
            let context = Context::new(&options, period);
            let (mut dates_fired, mut intensity_fired) = (0, 0);
            for row in random_rows(&context, 200_000) {
                let presence = context.presence(row.filled, row.valid);
                let dates = context.date_order(&row) & presence.dates;
                assert_eq!(dates, date_rules_as_stated(&context, &row), "{row:?}");
                dates_fired += usize::from(dates != 0);
                let found = context.intensity_findings(&presence, &row);
                let p = &context.record_plan;
                let missing =
                    (row.filled & p.type_columns == 0) | (row.filled & p.start_columns == 0);
                assert_eq!(
                    context.record_rules_fire(&presence, &row),
                    missing | (dates != 0) | found.any(),
                    "{row:?}"
                );
                intensity_fired += usize::from(found.any());
            }
            // Both outcomes are common, so the comparison tests something.
            assert!((20_000..180_000).contains(&dates_fired), "{dates_fired}");
            assert!(
                (20_000..180_000).contains(&intensity_fired),
                "{intensity_fired}"
            );
        }
    }
}
