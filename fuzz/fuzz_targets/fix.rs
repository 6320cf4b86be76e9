//! Byte 0 picks the file name and options (unsafe repairs, BSN reveal, cap, the structure
//! rules left out), byte 1 seeds the read sizes, the rest is the file. `fix_bytes` must not
//! panic, must equal reading 1–7 bytes at a time, be idempotent, leave nothing repairable,
//! leave lines without findings as they were and invent no BSN. See `properties.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gmsd_fast_fuzz::fix_property(data);
});
