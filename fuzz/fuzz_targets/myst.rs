//! Markdown (MyST) → doctree → model and guide page; every span within the
//! text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepdoc::config::Config;
use stepdoc::extract::{PageInfo, extract};
use stepdoc::render::markdown::render_alone;
use stepdoc::rst::Settings;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = stepdoc::markdown::parse(&text, &Settings::default(), "fuzz.md");
    for &n in doc.nodes() {
        let s = doc.tree.get(n).span;
        assert!(s.start <= s.end && s.end as usize <= text.len());
    }
    let _ = doc.pformat();
    let page = PageInfo {
        rel_path: "fuzz.md",
        root: None,
        revision: String::new(),
    };
    let model = extract(&doc, &page, &Config::default());
    let _ = render_alone(
        &doc,
        &model.procedures,
        &stepdoc::render::labels::EN,
        "fuzz.md",
        "page",
    );
});
