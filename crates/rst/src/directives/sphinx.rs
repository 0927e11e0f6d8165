//! Sphinx's directives (and any a project declares) are known, not errors:
//! each becomes a generic `directive` node that keeps its name, arguments,
//! options and content, so nothing is lost. Content that is reStructuredText
//! is parsed into the node; the content of directives such as `toctree`
//! (a list of documents) is kept as a `literal_block`.

use super::{Directive, DirectiveError, OptValue, Spec, unchanged};
use crate::Tag;
use crate::block::{Machine, Parser};
use crate::node::{NodeId, Value};

/// Directives Sphinx itself defines (its own and its domains'); those of
/// extensions come with the settings' `extra_directives`.
pub const SPHINX_DIRECTIVES: &[&str] = &[
    "toctree",
    "seealso",
    "versionadded",
    "versionchanged",
    "versionremoved",
    "deprecated",
    "only",
    "glossary",
    "literalinclude",
    "highlight",
    "index",
    "centered",
    "hlist",
    "productionlist",
    "tabularcolumns",
    "sectionauthor",
    "codeauthor",
    "moduleauthor",
    "module",
    "currentmodule",
    "function",
    "method",
    "attribute",
    "exception",
    "data",
    "describe",
    "object",
    "program",
    "option",
    "envvar",
    "cmdoption",
    "default-domain",
    "py:module",
    "py:currentmodule",
    "py:function",
    "py:class",
    "py:method",
    "py:attribute",
    "py:exception",
    "py:data",
    "py:decorator",
    "py:staticmethod",
    "py:classmethod",
    "py:property",
    "c:function",
    "c:macro",
    "c:type",
    "c:member",
    "c:var",
    "c:struct",
    "c:union",
    "c:enum",
    "c:enumerator",
    "cpp:class",
    "cpp:function",
    "cpp:member",
    "cpp:type",
    "js:function",
    "js:class",
    "js:data",
    "rst:directive",
    "rst:role",
    "rst:directive:option",
    "std:option",
    "decorator",
    "staticmethod",
    "classmethod",
    "confval",
    "acks",
    "property",
    "decoratormethod",
    "py:type",
    "py:decoratormethod",
    "c:alias",
    "c:namespace",
    "c:namespace-push",
    "c:namespace-pop",
    "cpp:enum",
    "cpp:enum-class",
    "cpp:enum-struct",
    "cpp:enumerator",
    "cpp:union",
    "cpp:namespace",
    "cpp:namespace-push",
    "cpp:namespace-pop",
    "cpp:concept",
    "cpp:alias",
    "cpp:var",
    "cpp:struct",
    "js:module",
    "js:method",
    "js:attribute",
    "std:program",
    "std:envvar",
    "std:cmdoption",
    "std:term",
];

/// docutils directives Sphinx replaces by its own (with `Settings::sphinx`).
pub const OVERRIDDEN: &[&str] = &["class", "code-block", "sourcecode"];

/// Directives whose content is not reStructuredText but data.
const RAW_CONTENT: &[&str] = &[
    "code-block",
    "code-tab",
    "sourcecode",
    "toctree",
    "index",
    "highlight",
    "productionlist",
    "autosummary",
    "tabularcolumns",
    "graphviz",
    "graph",
    "digraph",
    "testcode",
    "testoutput",
    "testsetup",
    "testcleanup",
    "doctest",
    "plot",
    "literalinclude",
    "audit-event-table",
    "limited-api-list",
];

/// Directives that take no argument: their first lines are content.
const NO_ARGUMENTS: &[&str] = &[
    "toctree",
    "todo",
    "seealso",
    "glossary",
    "hlist",
    "tabs",
    "autosummary",
    "todolist",
    "testsetup",
    "testcleanup",
    "audit-event-table",
    "productionlist",
];

/// Options of docutils directives as Sphinx patches them
/// (`sphinx.directives.patches`): `code` takes `:force:`, `math` takes
/// `:label:` and `:nowrap:`.
const CODE_OPTIONS: &[(&str, super::Converter)] = &[
    ("class", super::class_option),
    ("force", super::flag),
    ("name", unchanged),
    ("number-lines", super::body::number_lines),
];

const MATH_OPTIONS: &[(&str, super::Converter)] = &[
    ("class", super::class_option),
    ("label", unchanged),
    ("name", unchanged),
    ("nowrap", super::flag),
];

/// The spec of a docutils directive as Sphinx registers it, when Sphinx
/// changes it.
pub fn patched_spec(canonical: &str) -> Option<Spec> {
    match canonical {
        "code" => Some(Spec {
            options: Some(CODE_OPTIONS),
            ..super::body::CODE_SPEC
        }),
        "math" => Some(Spec {
            options: Some(MATH_OPTIONS),
            ..super::body::MATH_SPEC
        }),
        _ => None,
    }
}

pub fn is_sphinx_directive(name: &str, extra: &[String]) -> bool {
    SPHINX_DIRECTIVES.contains(&name) || extra.iter().any(|e| e.eq_ignore_ascii_case(name))
}

/// Any option name is accepted; values are kept as written.
fn any_option(arg: Option<&str>) -> Result<OptValue, String> {
    unchanged(arg)
}

/// Sphinx directives take free arguments and any option: the spec is
/// permissive, the option names are checked by Sphinx, not here.
pub fn spec(name: &str) -> Spec {
    Spec {
        required_arguments: 0,
        optional_arguments: usize::from(!NO_ARGUMENTS.contains(&name)),
        final_argument_whitespace: true,
        options: Some(&[("*", any_option)]),
        has_content: true,
    }
}

pub fn run(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let node = p.doc.tree.element(Tag::Directive);
    p.doc.tree.set_attr(node, "name", d.canonical.as_str());
    if let Some(arg) = d.arguments.first() {
        p.doc.tree.set_attr(node, "arguments", arg.as_str());
    }
    for (k, v) in &d.options {
        let value = match v {
            OptValue::Str(s) => s.clone(),
            _ => String::new(),
        };
        p.doc
            .tree
            .set_attr(node, &format!("option-{k}"), Value::Str(value));
    }
    p.doc.tree.get_mut(node).set_line(Some(d.lineno as u32));
    p.doc.tree.get_mut(node).span = d.span(p, sm);
    if d.canonical == "literalinclude" && p.doc.settings.sphinx {
        let text = super::misc::literalinclude_text(p, d)?;
        let lb = p.doc.literal_block(&text);
        p.doc.tree.get_mut(lb).span = p.doc.tree.get(node).span;
        p.doc.append(node, lb);
        return Ok(vec![node]);
    }
    if d.canonical == "glossary" && p.doc.settings.sphinx {
        glossary(p, sm, d, node);
        return Ok(vec![node]);
    }
    if !d.content.is_empty() {
        if RAW_CONTENT.contains(&d.canonical.as_str()) {
            let lb = p.doc.literal_block(&d.content_text());
            if let (Some(f), Some(l)) = (d.content.first(), d.content.last()) {
                p.doc.tree.get_mut(lb).span =
                    p.doc
                        .span_lines(f.abs as usize, f.col as usize, l.abs as usize);
            }
            p.doc.append(node, lb);
        } else {
            p.nested_parse(sm, d.content.clone(), d.content_offset, node, false);
        }
    }
    Ok(vec![node])
}

/// A `glossary` as Sphinx reads it: one or more term lines (each a term
/// of the same entry), then the indented definition. Becomes a
/// `definition_list` whose items hold every term (with an id
/// `term-<term>` that `:term:` resolves to) and the parsed definition.
fn glossary(p: &mut Parser, sm: &mut Machine, d: &Directive, node: NodeId) {
    let lines = &d.content;
    let indent_of = |l: &crate::block::Line| l.text.len() - l.text.trim_start().len();
    let blank = |l: &crate::block::Line| l.text.trim().is_empty();
    let dl = p.doc.tree.element(Tag::DefinitionList);
    p.doc.append(node, dl);
    let mut i = 0;
    while i < lines.len() {
        if blank(&lines[i]) {
            i += 1;
            continue;
        }
        let base = indent_of(&lines[i]);
        let item = p.doc.tree.element(Tag::DefinitionListItem);
        p.doc.tree.get_mut(item).set_line(Some(lines[i].abs + 1));
        p.doc.append(dl, item);
        // The term lines: consecutive, at the entry's indentation.
        while i < lines.len() && !blank(&lines[i]) && indent_of(&lines[i]) <= base {
            let line = lines[i].clone();
            let text = line.text.trim();
            let term = p.doc.tree.element(Tag::Term);
            p.doc.tree.get_mut(term).set_line(Some(line.abs + 1));
            let lead = indent_of(&line);
            p.doc.tree.get_mut(term).span = p.doc.span_lines(
                line.abs as usize,
                line.col as usize + lead,
                line.abs as usize,
            );
            let mut shifted = line.clone();
            shifted.text.skip_chars(lead);
            shifted.col += lead as u32;
            let (nodes, messages) = p.inline_lines(text, line.abs as usize + 1, node, &[shifted]);
            p.doc.extend(term, nodes);
            let id = format!("term-{}", crate::document::make_id(text));
            p.doc.tree.set_attr(term, "ids", Value::List(vec![id]));
            p.doc.tree.set_attr(
                term,
                "names",
                Value::List(vec![format!("term-{}", text.to_lowercase())]),
            );
            p.doc.append(item, term);
            p.doc.extend(item, messages);
            i += 1;
        }
        // The definition: the lines indented deeper, blank lines between.
        let start = i;
        while i < lines.len() && (blank(&lines[i]) || indent_of(&lines[i]) > base) {
            i += 1;
        }
        let body: Vec<&crate::block::Line> = lines[start..i].iter().filter(|l| !blank(l)).collect();
        let dd = p.doc.tree.element(Tag::Definition);
        p.doc.append(item, dd);
        let Some(cut) = body.iter().map(|l| indent_of(l)).min() else {
            continue;
        };
        let mut block = lines[start..i].to_vec();
        while block.last().is_some_and(blank) {
            block.pop();
        }
        for l in &mut block {
            let n = cut.min(indent_of(l)).min(l.text.chars().count());
            l.text.skip_chars(n);
            l.col += n as u32;
        }
        if let (Some(f), Some(l)) = (block.first(), block.last()) {
            p.doc.tree.get_mut(dd).span =
                p.doc
                    .span_lines(f.abs as usize, f.col as usize, l.abs as usize);
            p.doc.tree.get_mut(dd).set_line(Some(f.abs + 1));
        }
        let offset = block.first().map_or(0, |l| l.abs as usize);
        p.nested_parse(sm, block, offset, dd, false);
    }
    // `:sorted:` orders the entries by their first term.
    if d.has_option("sorted") {
        let mut items = p.doc.tree.take_children(dl);
        let key = |p: &Parser, item: NodeId| {
            let t = &p.doc.tree;
            t.children(item)
                .first()
                .map(|&term| t.astext(term).to_lowercase())
                .unwrap_or_default()
        };
        items.sort_by_cached_key(|&i| key(p, i));
        p.doc.extend(dl, items);
    }
}
