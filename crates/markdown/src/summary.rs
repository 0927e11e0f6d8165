//! An mdBook book's `SUMMARY.md` as the root page of a project: its
//! chapters, in its order, as the entries of `toctree` directives (one per
//! part, captioned with the part's title), so that the book's order is the
//! one the guide follows, as a Sphinx root page's toctrees give it.

use pulldown_cmark::{Event, Parser, Tag as Md, TagEnd};
use stepdoc_rst::{Document, NodeId, Tag, Tree, Value};

use crate::source::LineTable;

/// A part of the summary being read: its toctree, its chapters with their
/// levels, and where its last chapter ends.
type Part = (NodeId, Vec<(String, usize)>, usize);

/// The attribute of a summary's `toctree` nodes that gives each entry's
/// level in the summary's lists (`1` for the top).
pub const SUMMARY_LEVELS: &str = "summary-levels";

/// The root page of a book whose table of contents is `text` (a
/// `SUMMARY.md`). Chapters are named by their path without `.md`, relative
/// to the summary; draft chapters (`[Title]()`), separators and links to
/// other sites are left out. Nested chapters follow their parent, in the
/// summary's order.
pub fn parse_summary(text: &str, source_name: &str) -> Document {
    let lines = LineTable::new(text);
    let mut tree = Tree::new();
    let root = tree.element(Tag::Document);
    tree.set_attr(root, "source", source_name);
    tree.get_mut(root).span = lines.span(0, text.len());
    let section = tree.element(Tag::Section);
    tree.get_mut(section).span = lines.span(0, text.len());
    tree.append(root, section);
    let mut title: Option<String> = None;
    let mut heading: Option<String> = None;
    // The open part: its toctree, its entries and where they end.
    let mut part: Option<Part> = None;
    let close = |tree: &mut Tree, part: &mut Option<Part>| {
        if let Some((node, entries, end)) = part.take() {
            // Each chapter's level in the summary (1 at the top, prefix
            // chapters too), beside the entries, for the book's nesting.
            for (_, level) in &entries {
                tree.push_list_attr(node, SUMMARY_LEVELS, level.max(&1).to_string());
            }
            let entries: Vec<&str> = entries.iter().map(|(e, _)| e.as_str()).collect();
            let block = tree.element(Tag::LiteralBlock);
            let start = tree.get(node).span.start as usize;
            let span = lines.span(start, end);
            tree.get_mut(node).span = span;
            tree.get_mut(block).span = span;
            tree.set_attr(block, "xml:space", "preserve");
            let t = tree.text(&entries.join("\n"));
            tree.get_mut(t).span = span;
            tree.append(block, t);
            tree.append(node, block);
        }
    };
    // How deep in the summary's lists the parser is: a chapter's level.
    let mut depth = 0usize;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Md::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Md::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                let h = heading.take().unwrap_or_default();
                if title.is_none() {
                    // The summary's own title.
                    let t = tree.element(Tag::Title);
                    tree.get_mut(t).span = lines.span(range.start, range.end);
                    let text_node = tree.text(h.trim());
                    tree.append(t, text_node);
                    tree.append(section, t);
                    tree.push_list_attr(section, "ids", stepdoc_rst::make_id(h.trim()));
                    tree.push_list_attr(
                        section,
                        "names",
                        stepdoc_rst::fully_normalize_name(h.trim()),
                    );
                    title = Some(h);
                } else {
                    close(&mut tree, &mut part);
                    let node = toctree(&mut tree, section, &lines, range.start);
                    tree.set_attr(node, "option-caption", h.trim());
                    part = Some((node, Vec::new(), range.end));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            // Prefix and suffix chapters are links outside the lists.
            Event::Start(Md::Link { dest_url, .. }) => {
                let dest = dest_url.trim();
                let local = !dest.is_empty() && !dest.contains("://") && !dest.starts_with('#');
                if !local {
                    continue;
                }
                let name = dest
                    .split('#')
                    .next()
                    .unwrap_or(dest)
                    .trim_start_matches("./")
                    .trim_end_matches(".md");
                if part.is_none() {
                    let node = toctree(&mut tree, section, &lines, range.start);
                    part = Some((node, Vec::new(), range.end));
                }
                if let Some((_, entries, end)) = part.as_mut() {
                    entries.push((name.to_string(), depth));
                    *end = range.end;
                }
            }
            _ => {}
        }
    }
    close(&mut tree, &mut part);
    if title.is_none() {
        let t = tree.element(Tag::Title);
        let text_node = tree.text("Summary");
        tree.append(t, text_node);
        tree.insert(section, 0, t);
        tree.push_list_attr(section, "ids", "summary");
        tree.push_list_attr(section, "names", "summary");
    }
    Document::new(tree, root, source_name, text.to_string())
}

/// A `toctree` directive node starting at `at`, appended to `section`.
fn toctree(tree: &mut Tree, section: NodeId, lines: &LineTable<'_>, at: usize) -> NodeId {
    let node = tree.element(Tag::Directive);
    tree.set_attr(node, "name", "toctree");
    tree.set_attr(node, "option-maxdepth", Value::Str("2".into()));
    let span = lines.span(at, at);
    let n = tree.get_mut(node);
    n.span = span;
    n.set_line(Some(span.line));
    tree.append(section, node);
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_come_in_the_summary_order_by_parts() {
        let text = "# Summary\n\n[Intro](README.md)\n\n# User guide\n\n- [Install](guide/install.md)\n  - [On Linux](./guide/linux.md)\n- [Draft]()\n\n---\n\n# Reference\n\n- [API](api.md#top)\n- [Site](https://x.org)\n";
        let doc = parse_summary(text, "SUMMARY.md");
        let xml = doc.pformat();
        assert!(xml.contains("<title>\n            Summary"), "{xml}");
        let toctrees: Vec<NodeId> = doc
            .nodes()
            .iter()
            .copied()
            .filter(|&n| doc.tree.attr_str(n, "name") == Some("toctree"))
            .collect();
        let entries: Vec<String> = toctrees.iter().map(|&n| doc.tree.astext(n)).collect();
        assert_eq!(entries, vec!["README", "guide/install\nguide/linux", "api"]);
        assert_eq!(
            doc.tree.attr_str(toctrees[1], "option-caption"),
            Some("User guide")
        );
        let levels = doc.tree.list_attr(toctrees[1], SUMMARY_LEVELS);
        assert_eq!(levels, ["1", "2"]);
        // Each toctree's span is where its part's chapters are listed.
        assert_eq!(doc.tree.get(toctrees[1]).span.line, 5);
    }
}
