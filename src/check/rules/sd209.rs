//! SD209 `orphan-page`: a page no toctree names.

use crate::rst::Tag;
use std::collections::{HashMap, HashSet};

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD209",
    name: "orphan-page",
    description: "No toctree reachable from the root page (`root_doc`/`master_doc` of `conf.py`, else `index` or `contents`) names the page, so it is not in the guide's table of contents (Sphinx: \"document isn't included in any toctree\"). Add it to a toctree, or mark it `:orphan:` at its top (`orphan: true` in a Markdown page's front matter). A page that another page includes is not reported. Not checked when the project has no root page.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(root) = super::root_doc(cx) else {
        return;
    };
    let by_name: HashMap<String, &crate::project::Page> =
        cx.pages.iter().map(|p| (p.name.clone(), p)).collect();
    let mut seen = HashSet::new();
    let mut stack = vec![root];
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(p) = by_name.get(&name) {
            stack.extend(
                super::toctrees(cx, p)
                    .into_iter()
                    .flat_map(|t| t.entries)
                    .filter_map(|e| match e.target {
                        crate::sphinx::toctree::Target::Doc(d) => Some(d),
                        _ => None,
                    }),
            );
        }
    }
    // A page other pages include is part of them, not an orphan (Sphinx
    // does not report it either).
    let included = crate::project::Included::of(cx.pages);
    for page in cx.checked_pages() {
        if seen.contains(&page.name)
            || is_marked_orphan(page, cx.project.sphinx.is_markdown(&page.rel))
        {
            continue;
        }
        if included.contains(&cx.project.source.join(&page.rel)) {
            continue;
        }
        out.push(cx.at_line(
            &RULE,
            page,
            1,
            format!("page \"{}\" is not in any toctree", page.name.clone()),
        ));
    }
}

/// `:orphan:` in the field list at the top of the page.
fn is_marked_orphan(page: &crate::project::Page, markdown: bool) -> bool {
    // A Markdown page says so in its front matter (`orphan: true`).
    if markdown
        && crate::markdown::front_matter_value(&page.doc.source, "orphan")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    let t = &page.doc.tree;
    let Some(&first) = t
        .children(page.doc.root)
        .iter()
        .find(|&&c| !matches!(t.tag(c), Tag::Comment | Tag::SystemMessage | Tag::Target))
    else {
        return false;
    };
    let list = if t.tag(first) == Tag::FieldList || t.tag(first) == Tag::Docinfo {
        first
    } else {
        return false;
    };
    t.descendants(list)
        .into_iter()
        .filter(|&n| t.tag(n) == Tag::FieldName)
        .any(|n| t.astext(n).trim().eq_ignore_ascii_case("orphan"))
}
