//! Byte 0 picks the chunk-size range, byte 1 seeds the sizes, the rest is scanned whole and
//! in chunks; both must equal a plain split on LF. See `properties.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gmsd_fast_fuzz::scanner_property(data);
});
