//! A record as the checks see it: its fields split at the separators, each field's value
//! parsed from its digits (branch-free for the protocol's widths), and the [`Row`] of
//! filled and valid bits and values that the record rules and CBS's counts read. A leaf:
//! it knows nothing of rules or findings.

mod plan;

pub use plan::{Field, RecordPlan, TYPE_GENERIC, TYPE_MATERIAL};

use crate::spec::dates::{is_leap_year, MIN_YEAR};
use crate::spec::Ymd;

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
pub fn non_digit_bytes(w: u64) -> u64 {
    let low = w & LOW7;
    // Per byte, no carry between bytes: the high bit says `low >= b'0'`, resp. `low > b'9'`.
    let at_least_0 = low.wrapping_add(0x5050_5050_5050_5050);
    let above_9 = low.wrapping_add(0x4646_4646_4646_4646);
    let digit = at_least_0 & !above_9 & !w & HIGH;
    !digit & HIGH
}

/// Eight ASCII digits, the first in the lowest byte, as a number.
#[inline(always)]
pub fn parse8(w: u64) -> u64 {
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
pub fn date8(w: u64) -> (u64, bool) {
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
pub fn parse4(w: u32) -> u64 {
    let w = w.wrapping_sub(0x3030_3030);
    let w = w.wrapping_mul(10).wrapping_add(w >> 8);
    u64::from((w & 0xFF) * 100 + ((w >> 16) & 0xFF))
}

/// The value of a field of ASCII digits (wrapping past 19 digits). The widths the protocol
/// uses have their own branch-free arm.
#[inline]
pub fn parse_digits(digits: &[u8]) -> u64 {
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
pub fn parse_digits_checked<const W: usize>(digits: &[u8]) -> Option<u64> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::dates::is_valid_ymd;

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
