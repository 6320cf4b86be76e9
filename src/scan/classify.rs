//! Byte classes of a 64-byte window as bitmasks, one bit per byte: line feeds, separators and
//! bytes other than ASCII digits. The block path of the checker finds a record's end, its
//! field boundaries and any stray byte from these three words, without looking at the
//! record byte by byte.
//!
//! On x86-64 this uses SSE2, which every x86-64 processor has, or AVX2 or AVX-512 where the
//! processor has them (detected once per file). Elsewhere a portable version does the same.

/// Bytes per window.
pub const WINDOW: usize = 64;

/// Bit `i` of each mask describes byte `i` of the window.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Classes {
    pub newlines: u64,
    pub separators: u64,
    /// Every byte that is not `0`–`9`, separators and line feeds included.
    pub non_digits: u64,
}

/// Classifies windows with the best instructions this processor has.
#[derive(Copy, Clone, Debug)]
pub struct Classifier {
    separator: u8,
    #[cfg(target_arch = "x86_64")]
    level: x86::Level,
}

impl Classifier {
    pub fn new(separator: u8) -> Classifier {
        Classifier {
            separator,
            #[cfg(target_arch = "x86_64")]
            level: x86::Level::detect(),
        }
    }

    #[inline]
    pub fn classify(&self, window: &[u8; WINDOW]) -> Classes {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level` names instructions this processor has (SSE2 all x86-64 have).
        unsafe {
            match self.level {
                x86::Level::Avx512 => x86::classify_avx512(window, self.separator),
                x86::Level::Avx2 => x86::classify_avx2(window, self.separator),
                x86::Level::Sse2 => x86::classify_sse2(window, self.separator),
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        classify_portable(window, self.separator)
    }
}

/// The reference the vector versions are tested against.
pub fn classify_portable(window: &[u8; WINDOW], separator: u8) -> Classes {
    let mut classes = Classes::default();
    for (i, &b) in window.iter().enumerate() {
        let bit = 1u64 << i;
        if b == b'\n' {
            classes.newlines |= bit;
        }
        if b == separator {
            classes.separators |= bit;
        }
        if !b.is_ascii_digit() {
            classes.non_digits |= bit;
        }
    }
    classes
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{Classes, WINDOW};
    use std::arch::x86_64::*;

    /// The widest vector instructions this processor has for the job.
    #[derive(Copy, Clone, Debug, PartialEq, Eq)]
    pub(super) enum Level {
        Avx512,
        Avx2,
        Sse2,
    }

    impl Level {
        pub(super) fn detect() -> Level {
            if std::arch::is_x86_feature_detected!("avx512bw") {
                Level::Avx512
            } else if std::arch::is_x86_feature_detected!("avx2") {
                Level::Avx2
            } else {
                Level::Sse2
            }
        }
    }

    #[target_feature(enable = "avx512bw")]
    pub(super) fn classify_avx512(window: &[u8; WINDOW], separator: u8) -> Classes {
        // SAFETY: `window` holds 64 bytes; an unaligned load has no other requirement.
        let v = unsafe { _mm512_loadu_si512(window.as_ptr().cast()) };
        let digits = _mm512_cmplt_epu8_mask(
            _mm512_sub_epi8(v, _mm512_set1_epi8(b'0' as i8)),
            _mm512_set1_epi8(10),
        );
        Classes {
            newlines: _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b'\n' as i8)),
            separators: _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(separator as i8)),
            non_digits: !digits,
        }
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn classify_sse2(window: &[u8; WINDOW], separator: u8) -> Classes {
        let newline = _mm_set1_epi8(b'\n' as i8);
        let separators = _mm_set1_epi8(separator as i8);
        let zero = _mm_set1_epi8(b'0' as i8);
        let nine = _mm_set1_epi8(9);
        let mut classes = Classes::default();
        for (k, part) in window.chunks_exact(16).enumerate() {
            // SAFETY: `part` holds 16 bytes; an unaligned load has no other requirement.
            let v = unsafe { _mm_loadu_si128(part.as_ptr().cast()) };
            let mask = |m: __m128i| u64::from(_mm_movemask_epi8(m) as u16) << (16 * k);
            // A digit is a byte whose distance above `0` is at most 9 (unsigned).
            let above_nine = _mm_subs_epu8(_mm_sub_epi8(v, zero), nine);
            classes.newlines |= mask(_mm_cmpeq_epi8(v, newline));
            classes.separators |= mask(_mm_cmpeq_epi8(v, separators));
            classes.non_digits |=
                mask(_mm_cmpeq_epi8(above_nine, _mm_setzero_si128())) ^ (0xFFFF << (16 * k));
        }
        classes
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn classify_avx2(window: &[u8; WINDOW], separator: u8) -> Classes {
        let newline = _mm256_set1_epi8(b'\n' as i8);
        let separators = _mm256_set1_epi8(separator as i8);
        let zero = _mm256_set1_epi8(b'0' as i8);
        let nine = _mm256_set1_epi8(9);
        let mut classes = Classes::default();
        for (k, part) in window.chunks_exact(32).enumerate() {
            // SAFETY: `part` holds 32 bytes; an unaligned load has no other requirement.
            let v = unsafe { _mm256_loadu_si256(part.as_ptr().cast()) };
            let mask = |m: __m256i| u64::from(_mm256_movemask_epi8(m) as u32) << (32 * k);
            let above_nine = _mm256_subs_epu8(_mm256_sub_epi8(v, zero), nine);
            classes.newlines |= mask(_mm256_cmpeq_epi8(v, newline));
            classes.separators |= mask(_mm256_cmpeq_epi8(v, separators));
            classes.non_digits |= mask(_mm256_cmpeq_epi8(above_nine, _mm256_setzero_si256()))
                ^ (0xFFFF_FFFF << (32 * k));
        }
        classes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_classes_equal_portable() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut window = [0u8; WINDOW];
        for round in 0..2_000 {
            for b in window.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly the bytes of a record, sometimes any byte.
                *b = match x % 8 {
                    0 => (x >> 8) as u8,
                    1 => b';',
                    2 => b'\n',
                    _ => b'0' + (x >> 8) as u8 % 10,
                };
            }
            if round == 0 {
                window = std::array::from_fn(|i| i as u8 * 4);
            }
            for separator in [b';', b',', b'\t'] {
                let expected = classify_portable(&window, separator);
                let classifier = Classifier::new(separator);
                assert_eq!(classifier.classify(&window), expected, "{window:?}");
                #[cfg(target_arch = "x86_64")]
                {
                    // SAFETY: every x86-64 processor has SSE2.
                    let sse2 = unsafe { x86::classify_sse2(&window, separator) };
                    assert_eq!(sse2, expected);
                    if std::arch::is_x86_feature_detected!("avx2") {
                        // SAFETY: checked just above.
                        let avx2 = unsafe { x86::classify_avx2(&window, separator) };
                        assert_eq!(avx2, expected);
                    }
                    if std::arch::is_x86_feature_detected!("avx512bw") {
                        // SAFETY: checked just above.
                        let avx512 = unsafe { x86::classify_avx512(&window, separator) };
                        assert_eq!(avx512, expected);
                    }
                }
            }
        }
    }

    #[test]
    fn classes_of_a_record() {
        let mut window = [b'0'; WINDOW];
        window[..11].copy_from_slice(b"12;;a\r\n 9;x");
        let c = classify_portable(&window, b';');
        assert_eq!(c.newlines, 1 << 6);
        assert_eq!(c.separators, 1 << 2 | 1 << 3 | 1 << 9);
        assert_eq!(
            c.non_digits,
            1 << 2 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 7 | 1 << 9 | 1 << 10
        );
    }
}
