//! Sphinx's directives (and any a project declares) are known, not errors:
//! each becomes a generic `directive` node that keeps its name, arguments,
//! options and content, so nothing is lost. Content that is reStructuredText
//! is parsed into the node; the content of directives such as `toctree`
//! (a list of documents) is kept as a `literal_block`.

use super::{Directive, DirectiveError, OptValue, Spec, unchanged};
use crate::rst::block::{Machine, Parser};
use crate::rst::node::{NodeId, Value};

/// Directives Sphinx (and its bundled extensions) define.
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
    "automodule",
    "autoclass",
    "autofunction",
    "automethod",
    "autoattribute",
    "autoexception",
    "autodata",
    "autosummary",
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
    "ifconfig",
    "todo",
    "todolist",
    "graphviz",
    "graph",
    "digraph",
    "inheritance-diagram",
    "doctest",
    "testcode",
    "testoutput",
    "testsetup",
    "testcleanup",
    "plot",
    "note-sphinx",
    "tabs",
    "tab",
    "code-tab",
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
    "abstractmethod",
    "coroutinefunction",
    "coroutinemethod",
    "awaitablefunction",
    "opcode",
    "pdbcommand",
    "2to3fixer",
    "availability",
    "audit-event",
    "audit-event-table",
    "impl-detail",
    "miscnews",
    "limited-api-list",
    "deprecated-removed",
    "versionadded:",
    "confval",
    "event",
    "setting",
    "caution-sphinx",
];

/// docutils directives Sphinx replaces by its own (with `Settings::sphinx`).
pub const OVERRIDDEN: &[&str] = &["class", "code-block", "sourcecode"];

/// Directives whose content is not reStructuredText but data.
const RAW_CONTENT: &[&str] = &[
    "code-block",
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
    let node = p.doc.tree.element("directive");
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
    p.doc.tree.get_mut(node).line = Some(d.lineno as u32);
    p.doc.tree.get_mut(node).span = d.span(p, sm);
    if d.canonical == "literalinclude" && p.doc.settings.sphinx {
        let text = super::misc::literalinclude_text(p, d)?;
        let lb = p.doc.literal_block(&text);
        p.doc.tree.get_mut(lb).span = p.doc.tree.get(node).span;
        p.doc.append(node, lb);
        return Ok(vec![node]);
    }
    if !d.content.is_empty() {
        if RAW_CONTENT.contains(&d.canonical.as_str()) {
            let lb = p.doc.literal_block(&d.content_text());
            if let (Some(f), Some(l)) = (d.content.first(), d.content.last()) {
                p.doc.tree.get_mut(lb).span = p.doc.span_lines(f.abs, f.col, l.abs);
            }
            p.doc.append(node, lb);
        } else {
            p.nested_parse(sm, d.content.clone(), d.content_offset, node, false);
        }
    }
    Ok(vec![node])
}
