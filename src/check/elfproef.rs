//! The BSN elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11), not all zeros.

/// The unknown-BSN value the protocol allows (§3.2.2).
pub const UNKNOWN_BSN: u64 = 999_999_999;

/// Whether nine ASCII digits form a valid BSN. Anything else (length, non-digits) is not.
#[inline]
pub fn is_valid_bsn(digits: &[u8]) -> bool {
    let Ok(digits) = <&[u8; 9]>::try_from(digits) else {
        return false;
    };
    // −1·d9 ≡ 10·d9 (mod 11): all weights positive, no branch per digit.
    const WEIGHTS: [u32; 9] = [9, 8, 7, 6, 5, 4, 3, 2, 10];
    let (mut sum, mut any, mut bad) = (0u32, 0u32, false);
    for (d, w) in digits.iter().zip(WEIGHTS) {
        let v = u32::from(d.wrapping_sub(b'0'));
        bad |= v > 9;
        sum += w * v;
        any |= v;
    }
    !bad && sum % 11 == 0 && any != 0
}

#[cfg(test)]
mod tests {
    use super::*;

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
