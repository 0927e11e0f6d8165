//! SD203 `missing-include`: an include whose file does not exist.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD203",
    name: "missing-include",
    description: "An `include` or `literalinclude` directive names a file that does not exist under the source root. Sphinx stops with an error, or the included text is missing. Fix the path or add the file.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, path, line) in super::includes(cx) {
        if super::local_file(cx, page, &path, &cx.project.root) == super::LocalFile::Missing {
            out.push(cx.at_line(
                &RULE,
                page,
                line,
                format!("included file \"{path}\" does not exist"),
            ));
        }
    }
}
