//! bytes → parse_bytes → pformat, JSON, messages and spans; any setting
//! of the first byte's choosing. Run: `cargo +nightly fuzz run parse`
//! from `crates/rst` (seeds: `../../fuzz/make-seeds.py`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepdoc_rst::{Settings, parse_bytes};

fuzz_target!(|data: &[u8]| {
    let mut settings = Settings::default();
    // The first byte picks Sphinx mode and the tab width.
    if let Some((&first, _)) = data.split_first() {
        settings.sphinx = first & 1 == 1;
        settings.tab_width = usize::from(first >> 4).max(1);
    }
    if let Ok(doc) = parse_bytes(data, &settings, "fuzz.rst") {
        let _ = doc.pformat();
        let len = doc.source.len() as u32;
        for m in doc.messages() {
            assert!(m.span.start <= m.span.end && m.span.end <= len);
        }
        let _ = doc.to_json();
    }
});
