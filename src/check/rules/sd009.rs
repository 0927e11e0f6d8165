//! SD009 `unknown-role`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD009",
    name: "unknown-role",
    description: "An interpreted text role is neither docutils' nor Sphinx's nor declared in the configuration (`roles` in `[preprocessor.stepdoc]`) (docutils: \"Unknown interpreted text role\"). The text is rendered as a problem marker. Fix the name, or declare the role in `book.toml`.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
