//! bytes → parse_bytes → pformat, JSON and messages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepdoc::rst::{Settings, parse_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = parse_bytes(data, &Settings::default(), "fuzz.rst") {
        let _ = doc.pformat();
        let _ = doc.messages();
        let _ = doc.to_json();
    }
});
