//! parse → extract with the default configuration → JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepdoc::config::Config;
use stepdoc::extract::{PageInfo, extract};
use stepdoc::rst::{Settings, parse_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = parse_bytes(data, &Settings::default(), "fuzz.rst") {
        let page = PageInfo {
            rel_path: "fuzz.rst",
            root: None,
            revision: String::new(),
        };
        let model = extract(&doc, &page, &Config::default());
        let _ = serde_json::to_string(&model);
    }
});
