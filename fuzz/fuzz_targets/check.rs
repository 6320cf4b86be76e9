//! Byte 0 picks the file name and options, byte 1 seeds the read sizes (and for one input in
//! eight the threaded check), the rest is the file. `check_bytes` must not panic, must equal
//! reading 1–7 bytes at a time and the threaded check, and must show no BSN unless asked.
//! See `gmsd_fast::fuzzing`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    _gmsd_fast::fuzzing::check_property(data);
});
