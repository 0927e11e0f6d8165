//! SD206 `unresolved-ref`: a `:ref:` to a label defined nowhere.

use crate::check::{Context, Finding, Rule, Severity};
use crate::rst::Tag;

pub static RULE: Rule = Rule {
    code: "SD206",
    name: "unresolved-ref",
    description: "A `:ref:` role names a label that no page of the project defines (`.. _label:` before a section, figure or paragraph, or the `:name:` of a figure, table or code block; with `sphinx.ext.autosectionlabel`, any section title). A target with another project's prefix (`python:...`) is left to intersphinx when conf.py loads it. Sphinx warns \"undefined label\" and renders plain text. On a Markdown page, a link `[text](#label)` names a label too (or an id of the page); myst-parser warns \"cross-reference target not found\". Fix the label or define it.",
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
    // What else a MyST link `[text](#name)` may name: any id, a glossary
    // term.
    let mut link_targets = std::collections::HashSet::new();
    for p in cx.pages {
        let t = &p.doc.tree;
        for n in p.doc.nodes().iter().copied() {
            link_targets.extend(t.list_attr(n, "ids").iter().cloned());
            if t.tag(n) == Tag::Term {
                link_targets.insert(super::fully_normalize(&t.astext(n)));
            }
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
    // MyST's links to a target, `[text](#label)`: a label, a glossary
    // term, an object or any id of the project, or a heading's slug on
    // the page (`myst_heading_anchors`). With intersphinx, any other
    // name may be another project's: those are left alone.
    let intersphinx = cx.project.sphinx.loads("sphinx.ext.intersphinx");
    for page in cx.checked_pages() {
        if intersphinx || !cx.project.sphinx.is_markdown(&page.rel) {
            continue;
        }
        let t = &page.doc.tree;
        let nodes = page.doc.nodes();
        let slugs: std::collections::HashSet<String> = nodes
            .iter()
            .filter(|&&n| t.tag(n) == Tag::Title)
            .map(|&n| heading_slug(&t.astext(n)))
            .collect();
        let is_slug = |label: &str| {
            slugs.contains(label)
                || label.rsplit_once('-').is_some_and(|(base, n)| {
                    n.chars().all(|c| c.is_ascii_digit()) && slugs.contains(base)
                })
        };
        for &n in nodes {
            if t.tag(n) != Tag::Reference {
                continue;
            }
            let Some(label) = t.attr_str(n, "refuri").and_then(|u| u.strip_prefix('#')) else {
                continue;
            };
            if !label.is_empty()
                && !labels.contains(&super::fully_normalize(label))
                && !link_targets.contains(label)
                && !link_targets.contains(&super::fully_normalize(label))
                && !is_slug(label)
            {
                out.push(cx.at_span(
                    &RULE,
                    page,
                    t.get(n).span,
                    format!(
                        "link to \"#{label}\": no label `({label})=` or id of that name is defined"
                    ),
                ));
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

/// A heading's anchor as myst-parser makes it (GitHub's): lower case,
/// punctuation dropped, spaces as `-`.
fn heading_slug(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}
