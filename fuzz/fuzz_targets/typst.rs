//! parse → extract → checklist data → PDF (Typst). Inputs are kept small:
//! compiling a PDF is slow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepdoc::config::Config;
use stepdoc::extract::{PageInfo, extract};
use stepdoc::render::{checklist, labels};
use stepdoc::rst::{Settings, parse_bytes};

fuzz_target!(|data: &[u8]| {
    if data.len() > 4096 {
        return;
    }
    let Ok(doc) = parse_bytes(data, &Settings::default(), "fuzz.rst") else {
        return;
    };
    let page = PageInfo {
        rel_path: "fuzz.rst",
        root: None,
        revision: String::new(),
    };
    let model = extract(&doc, &page, &Config::default());
    for p in model.procedures.iter().take(2) {
        let data = checklist::data(
            p,
            "fuzz.rst",
            "",
            &labels::EN,
            "en",
            checklist::Paper::A4,
            &Default::default(),
        );
        // A template error is a bug in the data it was given.
        if let Err(e) = checklist::pdf(checklist::DEFAULT_TEMPLATE, &data, &p.id) {
            panic!("the checklist does not compile: {e}");
        }
        let _ = checklist::html(checklist::DEFAULT_HTML_TEMPLATE, &data);
    }
});
