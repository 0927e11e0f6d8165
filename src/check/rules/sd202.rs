//! SD202 `image-outside-root`: an image that points outside the source root.

use crate::check::{Context, Finding, Rule, Severity};
use crate::rst::Tag;

pub static RULE: Rule = Rule {
    code: "SD202",
    name: "image-outside-root",
    description: "An `image` or `figure` path leaves the source root (`../` climbing out, an absolute path, or a symbolic link leading outside). stepdoc never reads outside the root, and the published guide would not have the file. Copy the image into the documentation folder.",
    default: Severity::Error,
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
            if super::local_file(cx, page, uri, &cx.project.source) == super::LocalFile::Outside {
                out.push(cx.at_span(
                    &RULE,
                    page,
                    t.get(n).span,
                    format!("image \"{uri}\" is outside the source root"),
                ));
            }
        }
    }
}
