//! SD204 `include-outside-root`: an include that points outside the project folder.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD204",
    name: "include-outside-root",
    description: "An `include` or `literalinclude` path leaves the project folder (the folder of `book.toml`, or the git repository that holds the pages): `../` climbing out, or a symbolic link leading outside. A leading `/` is the source folder, as in Sphinx. stepdoc never reads outside the project, and such a page depends on files the repository does not hold. Move the file into the repository.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, path, line) in super::includes(cx) {
        if super::local_file(cx, page, &path, &cx.project.root) == super::LocalFile::Outside {
            out.push(cx.at_line(
                &RULE,
                page,
                line,
                format!("included file \"{path}\" is outside the project folder"),
            ));
        }
    }
}
