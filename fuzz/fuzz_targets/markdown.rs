//! parse → Markdown.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepdoc::render::markdown::render_alone;
use stepdoc::rst::{Settings, parse_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = parse_bytes(data, &Settings::default(), "fuzz.rst") {
        let _ = render_alone(&doc, &[], &stepdoc::render::labels::EN, "fuzz.md", "page");
    }
});
