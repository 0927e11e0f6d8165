//! Admonitions: `note`, `warning`, ... in any letter case, and the generic
//! `admonition` with a title.

use super::{Directive, DirectiveError, Spec, class_option, unchanged};
use crate::Tag;
use crate::block::{Machine, Parser};
use crate::node::NodeId;

const OPTIONS: &[(&str, super::Converter)] = &[("class", class_option), ("name", unchanged)];

pub const SPEC: Spec = Spec {
    required_arguments: 0,
    optional_arguments: 0,
    final_argument_whitespace: true,
    options: Some(OPTIONS),
    has_content: true,
};

pub const GENERIC_SPEC: Spec = Spec {
    required_arguments: 1,
    ..SPEC
};

/// Tag of the node for a canonical admonition name.
fn tag(canonical: &str) -> Tag {
    match canonical {
        "attention" => Tag::Attention,
        "caution" => Tag::Caution,
        "danger" => Tag::Danger,
        "error" => Tag::Error,
        "hint" => Tag::Hint,
        "important" => Tag::Important,
        "note" => Tag::Note,
        "tip" => Tag::Tip,
        "warning" => Tag::Warning,
        _ => Tag::Admonition,
    }
}

pub fn run(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    let node = p.doc.tree.element(tag(&d.canonical));
    d.add_classes(p, node);
    d.add_name(p, node);
    p.doc
        .tree
        .get_mut(node)
        .set_line(sm.source_line(Some(d.lineno)).map(|l| l as u32));
    if !d.content.is_empty() {
        p.doc.tree.get_mut(node).span = d.span(p, sm);
    }
    if tag(&d.canonical) == Tag::Admonition {
        let title_text = d.arguments.first().cloned().unwrap_or_default();
        let (textnodes, messages) = p.inline_text_map(
            &title_text,
            d.lineno,
            sm.node,
            &crate::document::TextMap::single(d.lineno.saturating_sub(1), 0),
        );
        let title = p.doc.tree.element(Tag::Title);
        p.doc
            .tree
            .get_mut(title)
            .set_line(sm.source_line(Some(d.lineno)).map(|l| l as u32));
        p.doc.extend(title, textnodes);
        p.doc.append(node, title);
        p.doc.extend(node, messages);
        if !d.has_option("class") {
            let c = format!("admonition-{}", crate::document::make_id(&title_text));
            p.doc.tree.push_list_attr(node, "classes", c);
        }
    }
    p.nested_parse(sm, d.content.clone(), d.content_offset, node, false);
    Ok(vec![node])
}
