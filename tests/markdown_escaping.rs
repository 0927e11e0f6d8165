//! Doc text can never inject Markdown or HTML: the generated Markdown is
//! parsed back with pulldown-cmark (as mdBook reads it) and the text of
//! every paragraph, heading and table cell must come back unchanged. The
//! page holds no RST inline markup, so any Markdown markup is an injection.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use stepdoc::rst::{Settings, parse};

const PAGE: &str = r#"
Title with <b>tags</b> & \*stars\*
==================================

Text with \*stars\*, _underscores_, <script>alert(1)</script>, a | pipe,
[x] brackets, ![not](an image), \`ticks\`, ~~tilde~~, $math$, 1. not a list,
#not a heading, &amp; entities and a trailing backslash \\

- item with [link](x:y) and <!-- comment -->
- \* star at the start

+--------------+------------------+
| cell | pipe  | <i>html</i>      |
+--------------+------------------+
| [x] box      | \*emph\*         |
+--------------+------------------+
"#;

/// Text of paragraphs, headings and table cells, in order.
fn blocks(md: &str) -> Vec<String> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for ev in Parser::new_ext(md, opts) {
        match ev {
            // Items of tight lists hold their text without a paragraph.
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                cur = Some(String::new())
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) => {
                if let Some(s) = cur.take() {
                    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
                    // A table without a header gets an empty one.
                    if !s.is_empty() {
                        out.push(s);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(s) = cur.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(s) = cur.as_mut() {
                    s.push(' ');
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => panic!("doc text became HTML: {h:?}\n{md}"),
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. },
            ) => {
                panic!("doc text became markup: {ev:?}\n{md}")
            }
            Event::TaskListMarker(_) => panic!("doc text became a task list\n{md}"),
            _ => {}
        }
    }
    out
}

/// The same texts from the doctree.
fn expected(doc: &stepdoc::rst::Document) -> Vec<String> {
    let t = &doc.tree;
    t.descendants(doc.root)
        .into_iter()
        .filter(|&n| {
            matches!(
                t.tag(n),
                stepdoc::rst::Tag::Paragraph | stepdoc::rst::Tag::Title
            )
        })
        .map(|n| t.astext(n).split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn text_comes_back_unchanged() {
    let doc = parse(PAGE, &Settings::default(), "page.rst");
    let md = stepdoc::render::markdown::render_alone(
        &doc,
        &[],
        &stepdoc::render::labels::EN,
        "page.md",
        "page",
    )
    .markdown;
    let got = blocks(&md);
    let want = expected(&doc);
    assert_eq!(got, want, "\n--- markdown\n{md}");
    assert!(want.iter().any(|w| w.contains("<script>alert(1)</script>")));
    assert!(want.iter().any(|w| w.contains("[x] box")));
}
