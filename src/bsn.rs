//! The BSN: the elfproef (9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11), not all zeros) and
//! masking, so that no full BSN leaves the core unless the user asks for it.

/// The unknown-BSN value the protocol allows (§3.2.2).
pub const UNKNOWN_BSN: u64 = 999_999_999;

/// Whether nine ASCII digits form a valid BSN. Anything else (length, non-digits) is not.
#[inline]
pub fn is_valid_bsn(digits: &[u8]) -> bool {
    let Ok(digits) = <&[u8; 9]>::try_from(digits) else {
        return false;
    };
    // −1·d9 ≡ 10·d9 (mod 11): all weights positive. The first eight digits are summed in one
    // word: the byte-wise prefix sums (d1, d1+d2, …) add up to 8·d1 + 7·d2 + … + 1·d8, and
    // with the sum of all eight that is 9·d1 + … + 2·d8.
    let (head, last) = digits.split_at(8);
    let w = u64::from_le_bytes(head.try_into().expect("8 bytes"));
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Digits: high nibble 3, low nibble at most 9 (adding 6 to it carries into the high one).
    let digits8 = (w & (0xF0 * ONES)) == 0x30 * ONES
        && ((w & (0x0F * ONES)).wrapping_add(0x06 * ONES) & (0xF0 * ONES)) == 0;
    let d9 = u32::from(last[0].wrapping_sub(b'0'));
    if !digits8 || d9 > 9 {
        return false;
    }
    let v = w & (0x0F * ONES);
    // Byte k: d1 + … + d(k+1), at most 72.
    let prefix = v.wrapping_mul(ONES);
    let total = prefix >> 56;
    const EVEN: u64 = 0x00FF_00FF_00FF_00FF;
    // Four 16-bit lanes of at most 144, summed into the top lane (at most 324).
    let pairs = (prefix & EVEN) + ((prefix >> 8) & EVEN);
    let prefixes = pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48;
    let sum = prefixes + total + 10 * u64::from(d9);
    sum.is_multiple_of(11) && (v | u64::from(d9)) != 0
}

/// Masks a BSN (or anything in the BSN column) to its last two digits: `*******42`. Enough
/// to find the record back in one's own system, too little to identify anyone. Letters and
/// digits are masked, but not spaces, quotes and punctuation: they tell what is wrong with
/// the value (` *******42`, `"*******42"`) and identify no one. Values of at most four
/// characters are masked whole.
pub fn mask_bsn(value: &str) -> String {
    if value.is_ascii() {
        let mut bytes = value.as_bytes().to_vec();
        mask_ascii_bsn(&mut bytes);
        return String::from_utf8(bytes).expect("ASCII stays ASCII");
    }
    let chars: Vec<char> = value.chars().collect();
    let secret = |c: &char| c.is_alphanumeric();
    // The last two digits (or letters) stay visible, as before any shape is kept.
    let mut shown = if chars.iter().filter(|c| secret(c)).count() > 4 {
        2
    } else {
        0
    };
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    for c in chars.iter().rev() {
        if !secret(c) {
            out.push(*c);
        } else if shown > 0 {
            shown -= 1;
            out.push(*c);
        } else {
            out.push('*');
        }
    }
    out.into_iter().rev().collect()
}

/// Whether `value` holds a BSN-shaped number: what [`mask_embedded_bsns`] masks.
pub fn embeds_bsn(value: &str) -> bool {
    bsn_digits(value).is_some()
}

/// Whether a character may stand between the groups of digits of one number, as people,
/// spreadsheets and exports write them: `123.456.782`, `123 456 782`, `123-456-782`,
/// `123,456,782`, `123'456'782`, `123_456_782`, or a non-breaking, narrow non-breaking or
/// thin space.
fn is_group_separator(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ' ' | '-' | '\'' | '_' | '\u{a0}' | '\u{202f}' | '\u{2009}'
    )
}

/// The bytes of `value` to mask (`true`), when it holds a BSN-shaped number; None when not.
///
/// A number is a maximal run of ASCII digits, or several such runs each joined to the next by
/// one [`is_group_separator`]. BSN-shaped are: whole runs of such a number that hold nine
/// digits together and pass the elfproef (`123456782`, `123.456.782`, `1,23456782E+08`,
/// `123456782.0`); all digits but the last two of it are masked. And a number in
/// scientific notation whose value has nine digits before the decimal point (`E+08`) but
/// whose mantissa was rounded to fewer (`1,23457E+08`): it may be a BSN whose last digits
/// are lost, so all of its mantissa is masked. Nine digits in a longer run of digits are no
/// BSN (`1234567821`).
fn bsn_digits(value: &str) -> Option<Vec<bool>> {
    let bytes = value.as_bytes();
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    // An exponent of 8 (`E+08`): only then can fewer than nine digits be a rounded BSN.
    let scientific = bytes
        .iter()
        .enumerate()
        .any(|(i, b)| matches!(b, b'E' | b'e') && exponent_is_eight(&bytes[i..]));
    if digits < 9 && !scientific {
        return None;
    }
    // Runs of digits (start, end) and whether each is joined to the one before.
    let mut runs: Vec<(usize, usize, bool)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let joined = runs.last().is_some_and(|&(_, end, _)| {
            let mut between = value[end..start].chars();
            matches!((between.next(), between.next()), (Some(c), None) if is_group_separator(c))
        });
        runs.push((start, i, joined));
    }
    let mut masked = vec![false; bytes.len()];
    let mut any = false;
    let mut nine = [0u8; 9];
    for first in 0..runs.len() {
        let mut n = 0;
        for last in first..runs.len() {
            let (start, end, joined) = runs[last];
            if (last > first && !joined) || n + (end - start) > 9 {
                break;
            }
            nine[n..n + end - start].copy_from_slice(&bytes[start..end]);
            n += end - start;
            if n == 9 {
                if is_valid_bsn(&nine) {
                    any = true;
                    let mut hidden = 0;
                    for &(start, end, _) in &runs[first..=last] {
                        for flag in &mut masked[start..end] {
                            if hidden < 7 {
                                *flag = true;
                                hidden += 1;
                            }
                        }
                    }
                }
                break;
            }
        }
    }
    if scientific {
        for (k, &(start, end, joined)) in runs.iter().enumerate() {
            // A mantissa starts with one digit, 1 to 9, that ends no number before it.
            if end - start != 1 || bytes[start] == b'0' || joined {
                continue;
            }
            let fraction = runs
                .get(k + 1)
                .filter(|&&(_, _, joined)| joined && matches!(bytes[end], b'.' | b','))
                .copied();
            let mantissa_end = fraction.map_or(end, |(_, end, _)| end);
            let mantissa = 1 + fraction.map_or(0, |(start, end, _)| end - start);
            if mantissa >= 9 || !exponent_is_eight(&bytes[mantissa_end..]) {
                continue; // a mantissa of nine digits is a number written out: decided above
            }
            any = true;
            masked[start] = true;
            if let Some((start, end, _)) = fraction {
                masked[start..end].fill(true);
            }
        }
    }
    any.then_some(masked)
}

/// Whether `rest` starts with an exponent of 8: `E8`, `E+08`, `e+008`, followed by no digit.
fn exponent_is_eight(rest: &[u8]) -> bool {
    let Some((b'E' | b'e', rest)) = rest.split_first() else {
        return false;
    };
    let rest = rest.strip_prefix(b"+").unwrap_or(rest);
    let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let exponent = &rest[..len];
    let significant = &exponent[exponent.iter().take_while(|&&b| b == b'0').count()..];
    significant == b"8"
}

/// [`mask_bsn`] of an ASCII value, in place: a file where every BSN is wrong masks millions.
pub fn mask_ascii_bsn(bytes: &mut [u8]) {
    let secrets = bytes.iter().filter(|b| b.is_ascii_alphanumeric()).count();
    let mut shown = if secrets > 4 { 2 } else { 0 };
    for b in bytes.iter_mut().rev().filter(|b| b.is_ascii_alphanumeric()) {
        if shown > 0 {
            shown -= 1;
        } else {
            *b = b'*';
        }
    }
}

/// Masks every BSN-shaped number wherever it stands, in any form ([`bsn_digits`]: with
/// separators, in scientific notation, as nine digits): a BSN shifted into another column,
/// or written as a spreadsheet writes numbers, must not leak through that column's value.
/// Only digits are masked; separators, letters and the rest stay, so that the value's shape
/// still shows what is wrong: `***.***.*82`, `*,******82E+08`.
pub fn mask_embedded_bsns(value: &str) -> String {
    let Some(masked) = bsn_digits(value) else {
        return value.to_string();
    };
    let mut out = value.as_bytes().to_vec();
    for (byte, hide) in out.iter_mut().zip(masked) {
        if hide {
            *byte = b'*'; // an ASCII digit: the text stays UTF-8
        }
    }
    String::from_utf8(out).expect("only ASCII digits replaced")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking() {
        assert_eq!(mask_bsn("123456782"), "*******82");
        assert_eq!(mask_bsn("12"), "**");
        assert_eq!(mask_bsn("12345"), "***45");
        // The shape stays: spaces, quotes and separators tell what is wrong.
        assert_eq!(mask_bsn(" 123456782"), " *******82");
        assert_eq!(mask_bsn("\"123456782\""), "\"*******82\"");
        assert_eq!(mask_bsn("12345678 2"), "*******8 2");
        assert_eq!(mask_bsn("1,23457E+08"), "*,******+08");
        assert_eq!(mask_bsn("Jan Jansen"), "*** ****en");
        // Not ASCII: masked character by character, as ASCII is byte by byte.
        assert_eq!(mask_bsn("é1234567"), "******67");
        assert_eq!(mask_bsn("ëë 1"), "** *");
        assert_eq!(mask_embedded_bsns("x123456782y"), "x*******82y");
        assert!(embeds_bsn("x123456782y") && embeds_bsn("1;123456782"));
        assert!(!embeds_bsn("123456789") && !embeds_bsn("1234567821") && !embeds_bsn(""));
        assert_eq!(
            mask_embedded_bsns("123456789"),
            "123456789",
            "fails the elfproef: no BSN"
        );
        assert_eq!(
            mask_embedded_bsns("1234567821"),
            "1234567821",
            "ten digits: no BSN"
        );
    }

    #[test]
    fn every_form_of_a_bsn_is_masked() {
        // 123456782 and 111222333 pass the elfproef (generated numbers, nobody's).
        for (value, masked) in [
            ("123.456.782", "***.***.*82"),
            ("123 456 782", "*** *** *82"),
            ("123-456-782", "***-***-*82"),
            ("123,456,782", "***,***,*82"),
            ("123\u{a0}456\u{a0}782", "***\u{a0}***\u{a0}*82"),
            ("123\u{202f}456\u{202f}782", "***\u{202f}***\u{202f}*82"),
            ("1234 56782", "**** ***82"),
            ("1,23456782E+08", "*,******82E+08"),
            ("1.23456782E8", "*.******82E8"),
            ("1.23456782e+008", "*.******82e+008"),
            ("123456782.0", "*******82.0"),
            ("BSN 111 222 333 van", "BSN *** *** *33 van"),
            ("regel 12 123456782", "regel 12 *******82"),
            ("x123.456.782y", "x***.***.*82y"),
            // Rounded: the digits left may be a BSN's first ones; the whole mantissa goes.
            ("1,23457E+08", "*,*****E+08"),
            ("1E+08", "*E+08"),
        ] {
            assert!(embeds_bsn(value), "{value}");
            assert_eq!(mask_embedded_bsns(value), masked, "{value}");
        }
        for value in [
            "123.456.789",        // fails the elfproef
            "123..456.782",       // two separators: two numbers
            "12345.6789",         // 9 digits, fails the elfproef
            "1234567821",         // ten digits in one run
            "1,23456789E+08",     // written out in full and no BSN
            "2,02601E+11",        // an aanmaakdatum in scientific notation
            "1,5E+07",            // eight digits
            "20250403",           // a date
            "2025-04-03",         // a date with separators
            "02, 03, 04, 05, 06", // a list of codes
            "E+08",
            "",
        ] {
            assert!(!embeds_bsn(value), "{value}");
            assert_eq!(mask_embedded_bsns(value), value, "{value}");
        }
    }

    #[test]
    fn elfproef() {
        for (bsn, valid) in [
            ("111222333", true),
            ("123456782", true),
            ("012345672", true), // leading zero
            ("123456789", false),
            ("000000000", false), // sums to 0 but identifies nobody
            ("999999999", false), // allowed as "unknown", but not by the elfproef
            ("12345678", false),
            ("12345678a", false),
        ] {
            assert_eq!(is_valid_bsn(bsn.as_bytes()), valid, "{bsn}");
        }
    }

    /// The elfproef as the protocol writes it.
    fn reference(digits: &[u8]) -> bool {
        if digits.len() != 9 || !digits.iter().all(u8::is_ascii_digit) {
            return false;
        }
        let mut sum: i64 = 0;
        for (i, d) in digits[..8].iter().enumerate() {
            sum += (9 - i as i64) * i64::from(d - b'0');
        }
        sum -= i64::from(digits[8] - b'0');
        sum % 11 == 0 && digits.iter().any(|d| *d != b'0')
    }

    #[test]
    fn every_byte_at_every_position() {
        for base in [*b"123456782", *b"999999999", *b"000000000"] {
            for at in 0..9 {
                for b in 0..=255u8 {
                    let mut bsn = base;
                    bsn[at] = b;
                    assert_eq!(is_valid_bsn(&bsn), reference(&bsn), "{bsn:?}");
                }
            }
        }
    }

    #[test]
    fn equals_the_protocol_formula() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut valid = 0;
        for n in 0..300_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut bsn = format!("{:09}", x % 1_000_000_000).into_bytes();
            if n % 7 == 0 {
                bsn[(x % 9) as usize] = [b'/', b':', b' ', 0xB0, b'a'][(x % 5) as usize];
            }
            if n % 11 == 0 {
                bsn.truncate((x % 9) as usize);
            }
            valid += usize::from(reference(&bsn));
            assert_eq!(is_valid_bsn(&bsn), reference(&bsn), "{bsn:?}");
        }
        assert!(valid > 10_000);
        for bsn in ["000000000", "999999999", "999999990", "100000009"] {
            assert_eq!(
                is_valid_bsn(bsn.as_bytes()),
                reference(bsn.as_bytes()),
                "{bsn}"
            );
        }
    }
}
