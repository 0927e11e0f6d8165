//! SD204 `include-outside-root`: an include that points outside the source root.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD204",
    name: "include-outside-root",
    description: "An `include` or `literalinclude` path leaves the source root (`../` climbing out, an absolute path, or a symbolic link leading outside). stepdoc never reads outside the root, and such a page depends on files the documentation does not hold. Move the file into the documentation folder.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, path, line) in super::includes(cx) {
        if super::local_file(cx, page, &path) == super::LocalFile::Outside {
            out.push(cx.at_line(
                &RULE,
                page,
                line,
                format!("included file \"{path}\" is outside the source root"),
            ));
        }
    }
}
