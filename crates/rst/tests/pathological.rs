//! Pathological inputs in the spirit of cmark's `test/pathological_tests.py`:
//! deep nesting, long runs of markup characters, unclosed inline markers,
//! huge tables and lines. Each input must finish and give a tree; there are
//! no timing assertions here (`cargo bench --bench pathological` prints the
//! time at n and 10n and their ratio).

#[path = "support/pathological.rs"]
mod support;

use stepdoc_rst::Tag;
use stepdoc_rst::{Document, Settings, parse};

fn settings(long_lines: bool) -> Settings {
    Settings {
        line_length_limit: if long_lines {
            usize::MAX
        } else {
            Settings::default().line_length_limit
        },
        ..Settings::default()
    }
}

fn parse_case(text: &str, long_lines: bool) -> Document {
    let doc = parse(text, &settings(long_lines), "pathological");
    assert_eq!(doc.tree.tag(doc.root), Tag::Document);
    doc
}

#[test]
fn every_pathological_input_finishes_with_a_tree() {
    for case in support::cases() {
        let text = (case.make)(case.test_n);
        let start = std::time::Instant::now();
        let doc = parse_case(&text, case.long_lines);
        println!(
            "{:<50} n={:<9} {:>6.1} MB {:>9} nodes {:>8.2?}",
            case.name,
            case.test_n,
            text.len() as f64 / 1e6,
            doc.tree.len(),
            start.elapsed()
        );
        assert!(doc.tree.len() > 1, "{}: an empty tree", case.name);
    }
}

fn has_message(doc: &Document, needle: &str) -> bool {
    doc.messages().iter().any(|m| m.text.contains(needle))
}

#[test]
fn deep_nesting_is_capped_with_a_message() {
    for text in [
        format!("{}x\n", "- ".repeat(100_000)),
        format!("{}x\n", "1. ".repeat(100_000)),
        format!("{}x\n", ".. note:: ".repeat(100_000)),
        (0..3_000)
            .map(|i| format!("{}q\n\n", " ".repeat(i)))
            .collect(),
        (0..3_000)
            .map(|i| format!("{}q\n\n", "\t".repeat(i)))
            .collect(),
    ] {
        let doc = parse_case(&text, true);
        assert!(has_message(&doc, "Nesting too deep"), "{:.60}", text);
    }
    // A lower cap applies as set.
    let s = Settings {
        max_depth: 10,
        ..Settings::default()
    };
    let doc = parse(&format!("{}x\n", "- ".repeat(50)), &s, "t");
    assert!(has_message(&doc, "Nesting too deep"));
}

#[test]
fn a_ten_megabyte_line_is_refused_by_default_and_parsed_when_allowed() {
    let line = "word *emph* ``lit`` ref_ ".repeat((10 << 20) / 25 + 1);
    let text = format!("Title\n=====\n\n{line}\n");
    // docutils: "Line 4 exceeds the line-length-limit." and nothing else.
    let doc = parse(&text, &Settings::default(), "t");
    let messages = doc.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].text, "Line 4 exceeds the line-length-limit.");
    assert_eq!(messages[0].kind, "ERROR");
    assert_eq!(doc.tree.children(doc.root).len(), 1);
    // Raised, it parses: one section with one huge paragraph.
    let doc = parse_case(&text, true);
    let emphasis = doc
        .tree
        .descendants(doc.root)
        .into_iter()
        .filter(|&n| doc.tree.tag(n) == Tag::Emphasis)
        .count();
    assert_eq!(emphasis, (10 << 20) / 25 + 1);
}

#[test]
fn huge_tables_keep_every_row() {
    for (text, name) in [
        (
            (support::cases()
                .iter()
                .find(|c| c.name == "grid table, n rows"))
            .map(|c| (c.make)(20_000))
            .unwrap_or_default(),
            "grid",
        ),
        (
            (support::cases()
                .iter()
                .find(|c| c.name == "simple table, n rows"))
            .map(|c| (c.make)(20_000))
            .unwrap_or_default(),
            "simple",
        ),
    ] {
        let doc = parse_case(&text, false);
        let rows = doc
            .tree
            .descendants(doc.root)
            .into_iter()
            .filter(|&n| doc.tree.tag(n) == Tag::Row)
            .count();
        assert_eq!(rows, 20_001, "{name} table");
    }
}

#[test]
fn deep_nesting_parses_on_a_thread_with_a_small_stack() {
    // 200 nested directives take about a megabyte of stack: the parser
    // grows its stack by segments instead of overflowing 256 KB.
    let text = format!("{}x\n", ".. note:: ".repeat(1_000));
    let worker = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            let doc = parse_case(&text, true);
            (doc.tree.len(), has_message(&doc, "Nesting too deep"))
        })
        .expect("a thread with a 256 KB stack");
    let (nodes, capped) = worker.join().expect("the parse ends without overflow");
    assert!(nodes > 200, "{nodes} nodes");
    assert!(capped);
}
