//! Any bytes behind a zip archive's signature, read as a spreadsheet: rows or a problem,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let mut file = b"PK\x03\x04".to_vec();
    file.extend_from_slice(bytes);
    let _ = iln::import::parse_bytes(&file, "fuzz.xlsx", None);
});
