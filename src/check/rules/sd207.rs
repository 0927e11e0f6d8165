//! SD207 `unknown-target`: an internal reference with no target.

use std::collections::HashSet;

use crate::check::{Context, Finding, Rule, Severity};
use crate::rst::Tag;

pub static RULE: Rule = Rule {
    code: "SD207",
    name: "unknown-target",
    description: "A hyperlink reference (`` `text`_ ``, `` `text <name_>`_ ``, `name_`) names a target that the page does not define: no `.. _name:` target, no section of that title, no footnote or citation (docutils: \"Unknown target name\"). Sphinx reports an error and the link is dead. Define the target, or fix the reference (names ignore case and extra spaces).",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for page in cx.checked_pages() {
        let t = &page.doc.tree;
        let nodes = page.doc.nodes();
        let names: HashSet<String> = nodes
            .iter()
            .flat_map(|&n| t.list_attr(n, "names").iter())
            .map(|s| super::fully_normalize(s))
            .collect();
        for &n in nodes {
            if !matches!(
                t.tag(n),
                Tag::Reference | Tag::FootnoteReference | Tag::CitationReference
            ) {
                continue;
            }
            let Some(refname) = t.attr_str(n, "refname") else {
                continue;
            };
            if !names.contains(&super::fully_normalize(refname)) {
                out.push(cx.at_span(
                    &RULE,
                    page,
                    t.get(n).span,
                    format!("Unknown target name: \"{refname}\"."),
                ));
            }
        }
    }
}
