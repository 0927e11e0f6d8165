//! Any input ends in a tree or a clear error: empty and binary input,
//! invalid UTF-8, byte-order marks, every line ending, tabs, very deep
//! nesting and very large files. These check that parsing finishes and
//! what it gives; speed is measured by the benchmarks, not here.

use stepdoc_rst::Tag;
use stepdoc_rst::{InputError, Settings, parse, parse_bytes, parse_vec};

fn pformat(text: &str) -> String {
    parse(text, &Settings::default(), "t").pformat()
}

#[test]
fn empty_and_blank_input_give_an_empty_document() {
    assert_eq!(pformat(""), "<document source=\"t\">\n");
    assert_eq!(pformat("\n\n   \n\t\n"), "<document source=\"t\">\n");
}

#[test]
fn invalid_utf8_is_a_clear_error_with_the_byte_offset() {
    let err = parse_bytes(b"Title\n=====\n\ncaf\xe9\n", &Settings::default(), "t")
        .err()
        .expect("latin-1 bytes are not UTF-8");
    assert_eq!(err, InputError::InvalidUtf8 { offset: 16 });
    assert!(err.to_string().contains("byte offset 16"));
    // Behind a BOM the offset still counts from the start of the file.
    let err = parse_bytes(b"\xEF\xBB\xBFab\xff", &Settings::default(), "t").err();
    assert_eq!(err, Some(InputError::InvalidUtf8 { offset: 5 }));
}

#[test]
fn bytes_handed_over_parse_as_borrowed_ones() {
    let s = Settings::default();
    for bytes in [
        &b"Title\n=====\n\n*text*\n"[..],
        b"\xEF\xBB\xBFTitle\n=====\n\ncaf\xc3\xa9\n",
        b"Title\n=====\n\ncaf\xe9\n",
        b"\xEF\xBB\xBFab\xff",
    ] {
        let borrowed = parse_bytes(bytes, &s, "t").map(|d| (d.pformat(), d.source.clone()));
        let owned = parse_vec(bytes.to_vec(), &s, "t").map(|d| (d.pformat(), d.source.clone()));
        assert_eq!(borrowed, owned);
    }
}

#[test]
fn binary_text_parses_without_panic() {
    // Valid UTF-8 full of control characters and NULs.
    let mut s = String::new();
    for i in 0..4096u32 {
        s.push(char::from_u32(i % 0x80).unwrap_or(' '));
        if i % 61 == 0 {
            s.push('\n');
        }
    }
    let doc = parse(&s, &Settings::default(), "t");
    assert_eq!(doc.tree.tag(doc.root), Tag::Document);
}

#[test]
fn bom_and_line_endings_do_not_change_the_tree() {
    let lf = "Title\n=====\n\n- item\n\n  body::\n\n    code\n";
    let expected = pformat(lf);
    assert!(expected.contains("<literal_block"));
    assert_eq!(pformat(&lf.replace('\n', "\r\n")), expected);
    assert_eq!(pformat(&lf.replace('\n', "\r")), expected);
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), lf.as_bytes()].concat();
    let doc = parse_bytes(&with_bom, &Settings::default(), "t").expect("BOM is dropped");
    assert_eq!(doc.pformat(), expected);
}

#[test]
fn tabs_expand_to_eight_column_stops() {
    // A tab indents to column 8: a block quote, not a paragraph continuation.
    assert_eq!(
        pformat("para\n\n\tquoted\n"),
        pformat("para\n\n        quoted\n")
    );
    assert!(pformat("para\n\n\tquoted\n").contains("<block_quote>"));
}

fn nested(text: &str) -> String {
    let settings = Settings {
        line_length_limit: usize::MAX,
        ..Settings::default()
    };
    parse(text, &settings, "t").pformat()
}

#[test]
fn hundred_thousand_deep_nesting_is_capped_with_a_message() {
    for text in [
        format!("{}x\n", "- ".repeat(100_000)),
        format!("{}x\n", "1. ".repeat(100_000)),
        format!("{}x\n", ".. note:: ".repeat(100_000)),
    ] {
        let out = nested(&text);
        assert!(
            out.contains("Nesting too deep"),
            "{}",
            &out[..out.len().min(400)]
        );
    }
    // Indentation nesting: a block quote in a block quote, 5,000 deep.
    let text: String = (0..5_000)
        .map(|i| format!("{}q\n\n", " ".repeat(i)))
        .collect();
    assert!(nested(&text).contains("Nesting too deep"));
}

#[test]
fn a_fifty_megabyte_file_parses() {
    // Release builds (the README's test command) take the full 50 MB; a debug
    // build takes a tenth so a plain `cargo test` stays quick.
    let target = if cfg!(debug_assertions) {
        5 << 20
    } else {
        50 << 20
    };
    let chunk = "Section\n=======\n\nA paragraph with *emphasis*, ``code`` and a link_.\n\n\
                 - a list item\n- another one\n\n  with a second paragraph\n\n\
                 .. note:: A note.\n\n::\n\n    literal\n\n.. _link: https://example.org\n\n";
    let mut text = String::with_capacity(target + chunk.len());
    while text.len() < target {
        text.push_str(chunk);
    }
    let doc = parse(&text, &Settings::default(), "big");
    let chunks = text.len() / chunk.len();
    let sections = doc
        .tree
        .children(doc.root)
        .iter()
        .filter(|&&n| doc.tree.tag(n) == Tag::Section)
        .count();
    assert_eq!(sections, chunks, "repeated titles are sibling sections");
    // Every chunk gives its section, title, paragraphs, list, note, target...
    assert!(
        doc.tree.len() > chunks * 20,
        "{} nodes for {chunks} chunks",
        doc.tree.len()
    );
}
