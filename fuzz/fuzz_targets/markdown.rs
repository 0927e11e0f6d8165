//! parse → Markdown.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepdoc::render::markdown::{Context, render};
use stepdoc::rst::{Settings, parse_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = parse_bytes(data, &Settings::default(), "fuzz.rst") {
        let docs = Default::default();
        let targets = Default::default();
        let exists = |_: &str| true;
        let href = |id: &str| format!("checklists/{id}.pdf");
        let ctx = Context {
            labels: &stepdoc::render::labels::EN,
            page: "fuzz.md",
            docs: &docs,
            targets: &targets,
            procedures: &[],
            image_exists: &exists,
            checklist_href: &href,
            doc: "page",
            toc: None,
            substitutions: &[],
            extlinks: &[],
            tags: &[],
        };
        let _ = render(&doc, &ctx);
    }
});
