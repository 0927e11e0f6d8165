//! Images and figures (docutils' `parsers/rst/directives/images.py`):
//! `image` and `figure`.
//!
//! Image files are never opened: docutils only opens them for
//! `:figwidth: image` when the Python Imaging Library is installed, and
//! without it (as here) the figure gets no width, which is what we produce.

use super::{
    Converter, Directive, DirectiveError, OptValue, Spec, choice, class_option,
    length_or_percentage_or_unitless, length_or_unitless, percentage, unchanged,
    unchanged_required, uri_text,
};
use crate::Family;
use crate::Tag;
use crate::block::{Machine, Parser, St, escape2null};
use crate::document::{fully_normalize_name, whitespace_normalize_name};
use crate::node::{NodeId, Span, Value};

const ALIGN_H_VALUES: [&str; 3] = ["left", "center", "right"];
const ALIGN_V_VALUES: [&str; 3] = ["top", "middle", "bottom"];
const ALIGN_VALUES: [&str; 6] = ["top", "middle", "bottom", "left", "center", "right"];
const LOADING_VALUES: [&str; 3] = ["embed", "link", "lazy"];

fn image_align(arg: Option<&str>) -> Result<OptValue, String> {
    choice(arg, &ALIGN_VALUES)
}

fn figure_align(arg: Option<&str>) -> Result<OptValue, String> {
    choice(arg, &ALIGN_H_VALUES)
}

fn loading(arg: Option<&str>) -> Result<OptValue, String> {
    choice(arg, &LOADING_VALUES)
}

/// `Figure.figwidth_value`: `image`, or a length where a unitless number
/// means pixels.
fn figwidth_value(arg: Option<&str>) -> Result<OptValue, String> {
    if let Some(a) = arg
        && a.to_lowercase() == "image"
    {
        return Ok(OptValue::Str("image".into()));
    }
    match length_or_percentage_or_unitless(arg)? {
        OptValue::Str(s) if s.ends_with(|c: char| c.is_ascii_digit() || c == '.') => {
            Ok(OptValue::Str(format!("{s}px")))
        }
        other => Ok(other),
    }
}

const IMAGE_OPTIONS: &[(&str, Converter)] = &[
    ("alt", unchanged),
    ("height", length_or_unitless),
    ("width", length_or_percentage_or_unitless),
    ("scale", percentage),
    ("align", image_align),
    ("target", unchanged_required),
    ("loading", loading),
    ("class", class_option),
    ("name", unchanged),
];

const FIGURE_OPTIONS: &[(&str, Converter)] = &[
    ("alt", unchanged),
    ("height", length_or_unitless),
    ("width", length_or_percentage_or_unitless),
    ("scale", percentage),
    ("align", figure_align),
    ("target", unchanged_required),
    ("loading", loading),
    ("class", class_option),
    ("name", unchanged),
    ("figwidth", figwidth_value),
    ("figclass", class_option),
    ("figname", unchanged),
];

pub const IMAGE_SPEC: Spec = Spec {
    required_arguments: 1,
    optional_arguments: 0,
    final_argument_whitespace: true,
    options: Some(IMAGE_OPTIONS),
    has_content: false,
};

pub const FIGURE_SPEC: Spec = Spec {
    options: Some(FIGURE_OPTIONS),
    has_content: true,
    ..IMAGE_SPEC
};

/// The span of the whole directive block: from its marker line to the
/// machine's current line (the block's last line).
pub(crate) fn directive_span(p: &Parser, sm: &Machine, d: &Directive) -> Span {
    block_span(p, sm, d, sm.cur())
}

/// The span of the directive's arguments and options (its content left out).
fn head_span(p: &Parser, sm: &Machine, d: &Directive) -> Span {
    if d.content.is_empty() {
        return directive_span(p, sm, d);
    }
    let end = d.content_offset.saturating_sub(sm.input_offset + 1);
    block_span(p, sm, d, end)
}

/// From the marker line to the last non-blank line at or before the
/// machine-relative line `end`.
fn block_span(p: &Parser, sm: &Machine, d: &Directive, end: usize) -> Span {
    let first_index = d.lineno.checked_sub(1 + sm.input_offset);
    let first = first_index.and_then(|i| sm.lines.get(i));
    if first.is_none_or(|f| f.abs as usize + 1 != d.lineno) {
        // The machine's lines do not start where its offset says (a
        // directive in nested content): take the marker and content.
        return d.span(p, sm);
    }
    let last = first_index.and_then(|f| {
        sm.lines
            .get(f..=end.max(f))?
            .iter()
            .rev()
            .find(|l| !l.text.trim().is_empty())
    });
    match (first, last) {
        (Some(f), Some(l)) => p.doc.span_lines(
            f.abs as usize,
            f.col as usize,
            (l.abs as usize).max(f.abs as usize),
        ),
        _ => Span::default(),
    }
}

/// An option value as the node attribute docutils sets from it.
fn attr_value(v: &OptValue) -> Value {
    match v {
        OptValue::None => Value::Str("None".into()),
        OptValue::Str(s) => Value::Str(s.clone()),
        OptValue::Int(i) => Value::Int(*i),
        OptValue::List(l) => Value::List(l.clone()),
        OptValue::IntList(l) => Value::Str(format!(
            "[{}]",
            l.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// `Image.run`.
pub fn run_image(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    if let Some(align) = d.option_str("align") {
        if sm.state == St::SubstitutionDef {
            if !ALIGN_V_VALUES.contains(&align) {
                return Err(DirectiveError::error(format!(
                    "Error in \"{}\" directive: \"{align}\" is not a valid value for the \"align\" option within a substitution definition.  Valid values for \"align\" are: \"{}\".",
                    d.name,
                    ALIGN_V_VALUES.join("\", \"")
                )));
            }
        } else if !ALIGN_H_VALUES.contains(&align) {
            return Err(DirectiveError::error(format!(
                "Error in \"{}\" directive: \"{align}\" is not a valid value for the \"align\" option.  Valid values for \"align\" are: \"{}\".",
                d.name,
                ALIGN_H_VALUES.join("\", \"")
            )));
        }
    }
    let reference = uri_text(d.arguments.first().map(String::as_str).unwrap_or(""));
    let mut reference_node = None;
    if let Some(target) = d.take_option("target") {
        let target = target.as_str().unwrap_or("").to_string();
        let escaped = escape2null(&target);
        let block: Vec<String> = crate::node::python_splitlines(&escaped)
            .into_iter()
            .map(String::from)
            .collect();
        let (is_ref, data) = crate::block::parse_target(&block);
        let r = p.doc.tree.element(Tag::Reference);
        if is_ref {
            p.doc
                .tree
                .set_attr(r, "refname", fully_normalize_name(&data));
            p.doc
                .tree
                .set_attr(r, "name", whitespace_normalize_name(&data));
        } else {
            p.doc.tree.set_attr(r, "refuri", data);
        }
        reference_node = Some(r);
    }
    let image = p.doc.tree.element(Tag::Image);
    for (name, value) in &d.options {
        let key = if name == "class" { "classes" } else { name };
        p.doc.tree.set_attr(image, key, attr_value(value));
    }
    p.doc.tree.set_attr(image, "uri", reference);
    let line = sm.source_line(Some(d.lineno)).map(|l| l as u32);
    let span = head_span(p, sm, d);
    p.doc.tree.get_mut(image).set_line(line);
    p.doc.tree.get_mut(image).span = span;
    d.add_name(p, image);
    match reference_node {
        Some(r) => {
            p.doc.tree.get_mut(r).set_line(line);
            p.doc.tree.get_mut(r).span = span;
            p.doc.append(r, image);
            Ok(vec![r])
        }
        None => Ok(vec![image]),
    }
}

/// `Figure.run`.
pub fn run_figure(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let figwidth = d.take_option("figwidth");
    let figclasses = d.take_option("figclass");
    let figname = d.take_option("figname");
    let align = d.take_option("align");
    let image_nodes = run_image(p, sm, d)?;
    let figure = p.doc.tree.element(Tag::Figure);
    p.doc
        .tree
        .get_mut(figure)
        .set_line(sm.source_line(Some(d.lineno)).map(|l| l as u32));
    p.doc.tree.get_mut(figure).span = directive_span(p, sm, d);
    p.doc.extend(figure, image_nodes);
    match figwidth {
        // `image` needs the image's size, read with the Python Imaging
        // Library when installed; without it docutils sets no width.
        Some(OptValue::Str(w)) if w != "image" => p.doc.tree.set_attr(figure, "width", w),
        _ => {}
    }
    if let Some(OptValue::List(classes)) = figclasses {
        for c in classes {
            p.doc.tree.push_list_attr(figure, "classes", c);
        }
    }
    if let Some(OptValue::Str(name)) = figname
        && !name.is_empty()
    {
        p.doc
            .tree
            .push_list_attr(figure, "names", fully_normalize_name(&name));
        p.doc.note_explicit_target(figure, Some(figure));
    }
    if let Some(OptValue::Str(a)) = align
        && !a.is_empty()
    {
        p.doc.tree.set_attr(figure, "align", a);
    }
    if !d.content.is_empty() {
        let node = p.doc.tree.element(Tag::Element);
        p.nested_parse(sm, d.content.clone(), d.content_offset, node, false);
        let children = p.doc.tree.take_children(node);
        let mut rest_from = children.len();
        for (i, &child) in children.iter().enumerate() {
            let tag = p.doc.tree.tag(child);
            if matches!(tag, Tag::Target | Tag::Pending) {
                p.doc.append(figure, child);
                continue;
            }
            if tag == Tag::Paragraph {
                let caption = p.doc.tree.element(Tag::Caption);
                let data = p.doc.tree.get(child);
                let (line, span) = (data.line(), data.span);
                p.doc.tree.get_mut(caption).set_line(line);
                p.doc.tree.get_mut(caption).span = span;
                let kids = p.doc.tree.take_children(child);
                p.doc.extend(caption, kids);
                p.doc.append(figure, caption);
                rest_from = i + 1;
                break;
            }
            if tag == Tag::Comment && p.doc.tree.children(child).is_empty() {
                rest_from = i + 1;
                break;
            }
            let lb = p.doc.literal_block(&d.block_text());
            let error = p.doc.error(
                Family::Directive,
                "Figure caption must be a paragraph or empty comment.",
                vec![lb],
                Some(d.lineno),
            );
            return Ok(vec![figure, error]);
        }
        if let Some(rest) = children.get(rest_from..)
            && !rest.is_empty()
        {
            let legend = p.doc.tree.element(Tag::Legend);
            // System messages (of the caption's inline markup) are placed
            // here but are about earlier lines: the legend's own content
            // gives its span, else it is empty, where the figure ends.
            let content: Vec<NodeId> = rest
                .iter()
                .copied()
                .filter(|&n| p.doc.tree.tag(n) != Tag::SystemMessage)
                .collect();
            p.doc.tree.get_mut(legend).span = match (content.first(), content.last()) {
                (Some(&f), Some(&l)) => {
                    let (first, last) = (p.doc.tree.get(f).span, p.doc.tree.get(l).span);
                    Span {
                        start: first.start,
                        end: last.end.max(first.start),
                        line: first.line,
                        col: first.col,
                    }
                }
                _ => {
                    let end = p
                        .doc
                        .tree
                        .children(figure)
                        .last()
                        .map(|&c| p.doc.tree.get(c).span.end);
                    p.doc
                        .point(end.unwrap_or(p.doc.tree.get(figure).span.end) as usize)
                }
            };
            p.doc.extend(legend, rest.iter().copied());
            let line = p.doc.tree.get(rest[0]).line();
            p.doc.tree.get_mut(legend).set_line(line);
            p.doc.append(figure, legend);
        }
    }
    Ok(vec![figure])
}
