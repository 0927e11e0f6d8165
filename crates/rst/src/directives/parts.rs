//! Directives for document parts (docutils' `parsers/rst/directives/parts.py`):
//! `contents`, `sectnum`, `header` and `footer`.
//!
//! `contents` and `sectnum` leave `pending` nodes for docutils' transforms,
//! with the options as the transforms' details.

use super::body::{inline_argument, rejects_pseudo_section};
use super::{
    Converter, Directive, DirectiveError, OptValue, Spec, choice, class_option, flag,
    nonnegative_int, py_int, unchanged_required,
};
use crate::Tag;
use crate::block::{Machine, Parser};
use crate::document::fully_normalize_name;
use crate::node::NodeId;

/// `Contents.backlinks`: `none` is Python's `None`.
fn backlinks(arg: Option<&str>) -> Result<OptValue, String> {
    match choice(arg, &["top", "entry", "none"])? {
        OptValue::Str(s) if s == "none" => Ok(OptValue::None),
        other => Ok(other),
    }
}

/// Python's `int` as an option converter.
fn int_option(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.ok_or(
        "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
    )?;
    py_int(a).map(OptValue::Int)
}

const CONTENTS_OPTIONS: &[(&str, Converter)] = &[
    ("depth", nonnegative_int),
    ("local", flag),
    ("backlinks", backlinks),
    ("class", class_option),
];

pub const CONTENTS_SPEC: Spec = Spec {
    required_arguments: 0,
    optional_arguments: 1,
    final_argument_whitespace: true,
    options: Some(CONTENTS_OPTIONS),
    has_content: false,
};

const SECTNUM_OPTIONS: &[(&str, Converter)] = &[
    ("depth", int_option),
    ("start", int_option),
    ("prefix", unchanged_required),
    ("suffix", unchanged_required),
];

pub const SECTNUM_SPEC: Spec = Spec {
    options: Some(SECTNUM_OPTIONS),
    ..Spec::NONE
};

pub const DECORATION_SPEC: Spec = Spec {
    has_content: true,
    ..Spec::NONE
};

/// The "Contents" label of a language (docutils' `languages.*.labels`).
fn contents_label(language_code: &str) -> &'static str {
    let base = language_code
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    match base.as_str() {
        "fr" => "Sommaire",
        "de" => "Inhalt",
        _ => "Contents",
    }
}

/// The options as a pending node's details.
fn details(d: &Directive) -> Vec<(String, String)> {
    d.options
        .iter()
        .map(|(k, v)| (k.clone(), v.py_repr()))
        .collect()
}

/// `Contents.run`: a `contents` topic holding a pending table of contents.
pub fn run_contents(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    if rejects_pseudo_section(p, sm) {
        return Err(DirectiveError::error(format!(
            "The \"{}\" directive may not be used within topics or body elements.",
            d.name
        )));
    }
    let label = contents_label(&p.doc.settings.language_code);
    let mut messages = Vec::new();
    let title = if let Some(title_text) = d.arguments.first().cloned() {
        let (textnodes, msgs) = inline_argument(p, sm, d, &title_text);
        messages = msgs;
        let title = p.doc.tree.element(Tag::Title);
        p.doc.extend(title, textnodes);
        Some(title)
    } else if d.has_option("local") {
        None
    } else {
        Some(p.doc.tree.element_with_text(Tag::Title, label))
    };
    let topic = p.doc.tree.element(Tag::Topic);
    p.doc.tree.push_list_attr(topic, "classes", "contents");
    d.add_classes(p, topic);
    p.doc
        .tree
        .get_mut(topic)
        .set_line(sm.source_line(None).map(|l| l.saturating_sub(1) as u32));
    p.doc.tree.get_mut(topic).span = super::images::directive_span(p, sm, d);
    if d.has_option("local") {
        p.doc.tree.push_list_attr(topic, "classes", "local");
    }
    let name = match title {
        Some(t) => {
            let name = p.doc.tree.astext(t);
            p.doc.append(topic, t);
            name
        }
        None => label.to_string(),
    };
    let name = fully_normalize_name(&name);
    if !p.doc.names.contains_key(&name) {
        p.doc.tree.push_list_attr(topic, "names", name);
    }
    p.doc.note_implicit_target(topic, None);
    let pending = p
        .doc
        .tree
        .pending("docutils.transforms.parts.Contents", details(d));
    p.doc.append(topic, pending);
    let mut out = vec![topic];
    out.extend(messages);
    Ok(out)
}

/// `Sectnum.run`: a pending section numbering.
pub fn run_sectnum(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let pending = p
        .doc
        .tree
        .pending("docutils.transforms.parts.SectNum", details(d));
    p.doc.tree.get_mut(pending).span = super::images::directive_span(p, sm, d);
    Ok(vec![pending])
}

/// The document's `decoration` element, made where docutils'
/// `document.get_decoration()` puts it when there is none yet.
fn decoration(p: &mut Parser) -> NodeId {
    let root = p.doc.root;
    if let Some(&dec) = p
        .doc
        .tree
        .children(root)
        .iter()
        .find(|&&c| p.doc.tree.tag(c) == Tag::Decoration)
    {
        return dec;
    }
    let dec = p.doc.tree.element(Tag::Decoration);
    let index = p.doc.tree.children(root).iter().position(|&c| {
        !matches!(
            p.doc.tree.tag(c),
            Tag::Title | Tag::Subtitle | Tag::Rubric | Tag::Meta
        )
    });
    match index {
        Some(i) => {
            p.doc.tree.insert(root, i, dec);
            if p.doc.tree.get(dec).line().is_none() {
                p.doc
                    .tree
                    .get_mut(dec)
                    .set_line(p.doc.current_line.map(|l| l as u32));
            }
        }
        None => p.doc.append(root, dec),
    }
    dec
}

/// `Header.run` and `Footer.run`: the content goes to the document's
/// `header` (first in the decoration) or `footer` (last).
pub fn run_decoration(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    let dec = decoration(p);
    let is_header = d.canonical == "header";
    let children = p.doc.tree.children(dec);
    let existing = if is_header {
        children.first()
    } else {
        children.last()
    }
    .copied()
    .filter(|&c| p.doc.tree.tag(c) == if is_header { Tag::Header } else { Tag::Footer });
    let part = match existing {
        Some(part) => part,
        None => {
            let part = p
                .doc
                .tree
                .element(if is_header { Tag::Header } else { Tag::Footer });
            if is_header {
                p.doc.tree.insert(dec, 0, part);
            } else {
                p.doc.tree.append(dec, part);
            }
            part
        }
    };
    p.nested_parse(sm, d.content.clone(), d.content_offset, part, false);
    Ok(Vec::new())
}
