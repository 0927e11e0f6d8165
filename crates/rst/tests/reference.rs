//! The reference page (`../shared/seed/services.rst`) parses with exactly
//! one system message, docutils' "Literal block expected; none found." at
//! line 54, and every node of it carries a span inside the page.

use stepdoc_rst::Tag;
use stepdoc_rst::{Settings, parse_bytes};

#[test]
fn the_reference_page_has_exactly_the_line_54_warning() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/services.rst"
    );
    let bytes = std::fs::read(path).expect("the reference page is in ../shared");
    let doc = parse_bytes(&bytes, &Settings::default(), "services.rst").expect("UTF-8");
    let messages = doc.messages();
    assert_eq!(messages.len(), 1, "{messages:#?}");
    let m = &messages[0];
    assert_eq!((m.level, m.kind.as_str(), m.line), (2, "WARNING", Some(54)));
    assert_eq!(m.text, "Literal block expected; none found.");
    // Its span points at line 54 of the page.
    assert_eq!(m.span.line, 54);
    // The `.. Note::` (capitalised) is a note, and the five images are there.
    let tags: Vec<Tag> = doc
        .tree
        .descendants(doc.root)
        .into_iter()
        .map(|n| doc.tree.tag(n))
        .collect();
    assert_eq!(tags.iter().filter(|t| **t == Tag::Note).count(), 1);
    assert_eq!(tags.iter().filter(|t| **t == Tag::Image).count(), 5);
    // Every node, inline ones included, has a span inside the page, with
    // 1-based line and column.
    for n in doc.tree.descendants(doc.root) {
        let s = doc.tree.get(n).span;
        assert!(
            s.end as usize <= bytes.len() && s.start <= s.end,
            "{} {s:?}",
            doc.tree.tag(n)
        );
        assert!(s.line >= 1 && s.col >= 1, "{} {s:?}", doc.tree.tag(n));
    }
}
