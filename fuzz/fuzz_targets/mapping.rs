//! Any text as a mapping file: a mapping or an error with its line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(e) = iln::import::Mapping::parse(text, "fuzz.toml") {
        let _ = e.to_string();
    }
});
