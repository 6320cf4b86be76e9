//! Byte 0 picks the file name and options, byte 1 seeds the read sizes (and for one input in
//! eight the threaded check), the rest is the file. `check_bytes` must not panic, must equal
//! reading 1–7 bytes at a time and the threaded check, and must show no BSN unless asked.
//! See `properties.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gmsd_fast_fuzz::check_property(data);
});
