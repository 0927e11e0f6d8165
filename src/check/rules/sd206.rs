//! SD206 `unresolved-ref`: a `:ref:` to a label defined nowhere.

use crate::check::{Context, Finding, Rule, Severity};
use crate::rst::Tag;

pub static RULE: Rule = Rule {
    code: "SD206",
    name: "unresolved-ref",
    description: "A `:ref:` role names a label that no page of the project defines (`.. _label:` before a section, figure or paragraph, or the `:name:` of a figure, table or code block; with `sphinx.ext.autosectionlabel`, any section title). A target with another project's prefix (`python:...`) is left to intersphinx when conf.py loads it. Sphinx warns \"undefined label\" and renders plain text. Fix the label or define it.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    // Labels: explicit targets, the `:name:` of figures, tables, code
    // blocks and directives, and with `sphinx.ext.autosectionlabel` every
    // section title (also as `page:title`).
    let autosection = cx.project.sphinx.loads("sphinx.ext.autosectionlabel");
    let mut labels = std::collections::HashSet::new();
    for p in cx.pages {
        let t = &p.doc.tree;
        for n in p.doc.nodes().iter().copied() {
            match t.tag(n) {
                Tag::Section => {
                    if autosection
                        && let Some(&title) =
                            t.children(n).iter().find(|&&c| t.tag(c) == Tag::Title)
                    {
                        let title = super::fully_normalize(&t.astext(title));
                        labels.insert(format!("{}:{title}", p.name));
                        labels.insert(title);
                    }
                }
                Tag::Directive => {
                    if let Some(name) = t.attr_str(n, "option-name") {
                        labels.insert(super::fully_normalize(name));
                    }
                }
                _ => {
                    for name in t.list_attr(n, "names") {
                        labels.insert(super::fully_normalize(name));
                    }
                }
            }
        }
    }
    for page in cx.checked_pages() {
        let t = &page.doc.tree;
        for n in page.doc.nodes().iter().copied() {
            if t.tag(n) != Tag::Inline || t.attr_str(n, "role") != Some("ref") {
                continue;
            }
            let text = t.astext(n);
            let (_, target) = crate::render::markdown::split_role_target(&text);
            if !labels.contains(&super::fully_normalize(&target))
                && !super::is_intersphinx(cx, &target)
            {
                out.push(cx.at_span(
                    &RULE,
                    page,
                    t.get(n).span,
                    format!(
                        "{} label \"{target}\" is defined nowhere",
                        super::role_as_written(cx, page, "ref")
                    ),
                ));
            }
        }
    }
}
