//! SD008 `unknown-directive`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD008",
    name: "unknown-directive",
    description: "A directive is neither docutils' nor Sphinx's nor declared in the configuration (`directives` in `[preprocessor.stepdoc]`) (docutils: \"Unknown directive type\"). Its content is dropped from the output. Fix the name, or declare the extension's directive in `book.toml`.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
