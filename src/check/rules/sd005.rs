//! SD005 `malformed-title`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD005",
    name: "malformed-title",
    description: "A section title or transition is broken: an overline without a matching underline, overline and underline that differ, an incomplete title, an inconsistent title level or a title where none may be (docutils: \"Missing matching underline for section title overline.\", \"Title level inconsistent\"...). The section structure of the page, and with it the procedures, is wrong. Fix the adornment lines, and separate titles from directives by a blank line.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
