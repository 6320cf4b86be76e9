//! The BSN elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11), not all zeros.

/// The unknown-BSN value the protocol allows (§3.2.2).
pub const UNKNOWN_BSN: u64 = 999_999_999;

/// Whether nine ASCII digits form a valid BSN. Anything else (length, non-digits) is not.
#[inline]
pub fn is_valid_bsn(digits: &[u8]) -> bool {
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
}
