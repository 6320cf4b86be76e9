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

/// Whether `value` holds a run of exactly nine digits that passes the elfproef: what
/// [`mask_embedded_bsns`] masks.
pub fn embeds_bsn(value: &str) -> bool {
    value
        .as_bytes()
        .split(|b| !b.is_ascii_digit())
        .any(|run| run.len() == 9 && is_valid_bsn(run))
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

/// Masks every run of exactly nine digits that passes the elfproef, wherever it stands: a
/// BSN shifted into another column must not leak through that column's value.
pub fn mask_embedded_bsns(value: &str) -> String {
    if !embeds_bsn(value) {
        return value.to_string();
    }
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = &value[start..i];
            if run.len() == 9 && is_valid_bsn(run.as_bytes()) {
                out.push_str(&mask_bsn(run));
            } else {
                out.push_str(run);
            }
        } else {
            let ch = value[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
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
