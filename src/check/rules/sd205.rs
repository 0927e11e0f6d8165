//! SD205 `unresolved-doc`: a `:doc:` reference to no page.

use crate::check::{Context, Finding, Rule, Severity};
use crate::rst::Tag;

pub static RULE: Rule = Rule {
    code: "SD205",
    name: "unresolved-doc",
    description: "A `:doc:` role names a document that is not a page of the project (relative to the page's folder, or to the source root when it starts with `/`). Sphinx warns and renders plain text; the guide has a dead link. Fix the name (without `.rst`) or add the page.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let names = super::doc_names(cx);
    for page in cx.checked_pages() {
        let t = &page.doc.tree;
        for n in page.doc.nodes().iter().copied() {
            if t.tag(n) != Tag::Inline || t.attr_str(n, "role") != Some("doc") {
                continue;
            }
            let text = t.astext(n);
            let (_, target) = crate::render::markdown::split_role_target(&text);
            let resolved = super::resolve_doc(page, &target);
            if resolved.as_ref().is_none_or(|r| !names.contains(r))
                && !super::is_intersphinx(cx, &target)
            {
                out.push(cx.at_span(
                    &RULE,
                    page,
                    t.get(n).span,
                    format!(
                        "{} target \"{target}\" is not a page of the project",
                        super::role_as_written(cx, page, "doc")
                    ),
                ));
            }
        }
    }
}
