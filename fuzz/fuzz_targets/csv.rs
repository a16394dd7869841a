//! Any bytes as a survey export: the reader and the checks answer with rows or problems,
//! never a panic, and every problem names a line within the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let parsed = iln::import::parse_bytes(bytes, "fuzz.csv", None);
    // A spreadsheet numbers its rows itself; a text file by its line ends.
    if bytes.starts_with(b"PK") || bytes.starts_with(b"\xD0\xCF") {
        return;
    }
    let lines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
    for p in &parsed.problems {
        assert!(p.line >= 1 && p.line <= lines, "{p:?} outside {lines} lines");
    }
});
