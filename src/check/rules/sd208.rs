//! SD208 `toctree-missing`: a toctree entry that names no page.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD208",
    name: "toctree-missing",
    description: "A `toctree` entry names a document that is not a page of the project (relative to the page's folder, or to the source root when it starts with `/`). Sphinx warns \"toctree contains reference to nonexisting document\" and the chapter is missing from the guide. Fix the entry (without `.rst`) or add the page.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for page in cx.checked_pages() {
        for tree in super::toctrees(cx, page) {
            for (written, line, offset) in tree.unresolved {
                let msg = format!("toctree entry \"{written}\" is not a page of the project");
                out.push(match offset {
                    Some(o) => cx.at_bytes(&RULE, page, o, o + written.len(), msg),
                    None => cx.at_line(&RULE, page, line, msg),
                });
            }
        }
    }
}
