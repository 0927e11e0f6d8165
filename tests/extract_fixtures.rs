//! Every recognizer and field pattern of `src/extract/` on its English and
//! French fixtures (`tests/fixtures/extract/NAME/en.rst`, `fr.rst`): what
//! extraction makes of each page, summarised one line per procedure, step
//! and field, against the reviewed `expect.txt` beside them.
//!
//! To accept a reviewed change: `STEPDOC_UPDATE_SNAPSHOTS=1 cargo test
//! --test extract_fixtures`.

use std::fmt::Write as _;
use std::path::Path;

use stepdoc::config::Config;
use stepdoc::extract::{self, PageInfo};
use stepdoc::rst::{Settings, parse};

const FIXTURES: &str = "tests/fixtures/extract";

fn summary(name: &str, text: &str) -> String {
    let doc = parse(text, &Settings::default(), name);
    let info = PageInfo {
        rel_path: name,
        root: None,
        revision: String::new(),
    };
    let model = extract::extract(&doc, &info, &Config::default());
    let mut out = String::new();
    if model.procedures.is_empty() {
        let _ = writeln!(out, "{name}: no procedure");
    }
    for p in &model.procedures {
        let _ = writeln!(
            out,
            "{name}:{} procedure {:?} ({} steps)",
            p.span.line,
            p.title,
            p.steps.len()
        );
        for s in &p.steps {
            let _ = writeln!(
                out,
                "  step {} line {}: {:?}",
                s.number, s.span.line, s.title
            );
            if !s.text.is_empty() {
                let _ = writeln!(out, "    text {:?}", s.text);
            }
            for f in &s.fields {
                let _ = writeln!(
                    out,
                    "    field {:?} key={} {}{}{}{}",
                    f.label,
                    f.key,
                    f.kind.name(),
                    if f.required { " required" } else { "" },
                    f.value
                        .as_ref()
                        .map(|v| format!(" value={v:?}"))
                        .unwrap_or_default()
                        + &f.example
                            .as_ref()
                            .map(|v| format!(" example={v:?}"))
                            .unwrap_or_default(),
                    if f.options.is_empty() {
                        String::new()
                    } else {
                        format!(" options={:?}", f.options)
                    }
                );
            }
        }
    }
    out
}

#[test]
fn every_recognizer_and_field_pattern_on_its_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES);
    let update = std::env::var_os("STEPDOC_UPDATE_SNAPSHOTS").is_some();
    let mut mismatched = Vec::new();
    for name in extract::PATTERNS {
        let dir = root.join(name);
        let mut got = String::new();
        for lang in ["en", "fr"] {
            let path = dir.join(format!("{lang}.rst"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("{name}: no {lang} fixture ({})", path.display()));
            got.push_str(&summary(&format!("{lang}.rst"), &text));
        }
        let expect = dir.join("expect.txt");
        if update {
            std::fs::write(&expect, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expect).unwrap_or_default();
        if want != got {
            mismatched.push(format!("== {name}\n-- expected\n{want}-- got\n{got}"));
        }
    }
    assert!(
        mismatched.is_empty(),
        "extraction differs from the fixtures' expect.txt:\n{}",
        mismatched.join("\n")
    );
}

/// Verbs a project adds in `book.toml` make its lists actions.
#[test]
fn a_project_extends_the_verb_lexicon() {
    let page = "Guide\n=====\n\n#. Frobnicate the widget.\n#. Zorble the queue.\n#. Frobnicate it again.\n";
    let doc = parse(page, &Settings::default(), "guide.rst");
    let info = PageInfo {
        rel_path: "guide.rst",
        root: None,
        revision: String::new(),
    };
    let before = extract::extract(&doc, &info, &Config::default());
    assert!(before.procedures.is_empty(), "{:?}", before.procedures);
    let cfg = Config {
        verbs: vec!["frobnicate".into(), "zorble".into()],
        ..Config::default()
    };
    let after = extract::extract(&doc, &info, &cfg);
    assert_eq!(after.procedures.len(), 1);
    assert_eq!(after.procedures[0].steps.len(), 3);
}
