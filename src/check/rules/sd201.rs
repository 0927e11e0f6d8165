//! SD201 `missing-image`: an image or figure whose file does not exist.

use crate::check::{Context, Finding, Rule, Severity};
use crate::rst::Tag;

pub static RULE: Rule = Rule {
    code: "SD201",
    name: "missing-image",
    description: "An `image` or `figure` directive names a file that does not exist under the source root (relative to the page, or to the root when it starts with `/`). The guide and the checklist show a broken image. Add the file, or fix the path (mind the case: `.PNG` and `.png` differ on most systems).",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for page in cx.checked_pages() {
        let t = &page.doc.tree;
        for n in page.doc.nodes().iter().copied() {
            if t.tag(n) != Tag::Image {
                continue;
            }
            let Some(uri) = t.attr_str(n, "uri") else {
                continue;
            };
            if super::local_file(cx, page, uri, &cx.project.source) == super::LocalFile::Missing {
                out.push(cx.at_span(
                    &RULE,
                    page,
                    t.get(n).span,
                    format!("image file \"{uri}\" does not exist"),
                ));
            }
        }
    }
}
