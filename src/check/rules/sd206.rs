//! SD206 `unresolved-ref`: a `:ref:` to a label defined nowhere.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD206",
    name: "unresolved-ref",
    description: "A `:ref:` role names a label that no page of the project defines (`.. _label:` before a section, figure or paragraph). Sphinx warns \"undefined label\" and renders plain text. Fix the label or define it.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut labels = std::collections::HashSet::new();
    for p in cx.pages {
        let t = &p.doc.tree;
        for n in p.doc.nodes().iter().copied() {
            if t.tag(n) == "target" {
                for name in t.list_attr(n, "names") {
                    labels.insert(super::fully_normalize(name));
                }
            }
        }
    }
    for page in cx.checked_pages() {
        let t = &page.doc.tree;
        for n in page.doc.nodes().iter().copied() {
            if t.tag(n) != "inline" || t.attr_str(n, "role") != Some("ref") {
                continue;
            }
            let text = t.astext(n);
            let (_, target) = crate::render::markdown::split_role_target(&text);
            if !labels.contains(&super::fully_normalize(&target)) {
                out.push(cx.at_span(
                    &RULE,
                    page,
                    t.get(n).span,
                    format!("`:ref:` label \"{target}\" is defined nowhere"),
                ));
            }
        }
    }
}
