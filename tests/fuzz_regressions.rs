//! Inputs that once crashed or hung a fuzz target (`fuzz/`), kept in
//! `tests/fuzz-regressions/`, run through the same pipelines as the
//! targets: parse, extract, Markdown, checklist.

use std::path::Path;

use stepdoc::config::Config;
use stepdoc::extract::{PageInfo, extract};
use stepdoc::render::markdown::{Rendered, render_alone};
use stepdoc::render::{checklist, labels};
use stepdoc::rst::{Document, Settings, parse_bytes};

fn markdown(doc: &Document) -> Rendered {
    render_alone(doc, &[], &labels::EN, "fuzz.md", "page")
}

fn regression(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("tests/fuzz-regressions").join(name)).expect("the input is kept")
}

#[test]
fn every_kept_input_goes_through_every_stage() {
    let mut n = 0;
    for e in std::fs::read_dir("tests/fuzz-regressions").expect("the folder exists") {
        let path = e.expect("a folder entry").path();
        let data = std::fs::read(&path).expect("the input reads");
        n += 1;
        let Ok(doc) = parse_bytes(&data, &Settings::default(), "fuzz.rst") else {
            continue;
        };
        let _ = doc.pformat();
        let _ = markdown(&doc);
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
            checklist::pdf(checklist::DEFAULT_TEMPLATE, &data, &p.id)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    assert!(n >= 2, "only {n} inputs");
}

/// `|indirect1|` → `|indirect2|` → `|Sub|` → `|indirect1|`: the Markdown
/// renderer recursed until the stack overflowed.
#[test]
fn circular_substitutions_are_shown_as_written() {
    let doc = parse_bytes(
        &regression("circular-substitutions.rst"),
        &Settings::default(),
        "t",
    )
    .expect("UTF-8");
    let md = markdown(&doc).markdown;
    assert!(
        md.contains("Use Sub and indirect1 and Sub again (and Sub one more time)."),
        "{md}"
    );
}

/// Each definition doubles the next: 2^39 expansions unless bounded.
#[test]
fn doubling_substitutions_are_bounded() {
    let doc = parse_bytes(
        &regression("doubling-substitutions.rst"),
        &Settings::default(),
        "t",
    )
    .expect("UTF-8");
    let md = markdown(&doc).markdown;
    assert!(md.len() < 1_000_000, "{} bytes", md.len());
    assert!(md.contains("Text ") && md.contains(" end."), "{md}");
}
