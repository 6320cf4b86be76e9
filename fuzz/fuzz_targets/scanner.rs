//! Byte 0 picks the chunk-size range, byte 1 seeds the sizes, the rest is scanned whole and
//! in chunks; both must equal a plain split on LF. See `gmsd_fast::fuzzing`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    _gmsd_fast::fuzzing::scanner_property(data);
});
