//! SD014 `role-or-directive-fallback`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD014",
    name: "role-or-directive-fallback",
    description: "A directive or role name is not in the page language's table and was looked up in English or as a canonical name (docutils INFO: \"No directive entry for ...\"). Harmless; hidden by default.",
    default: Severity::Hidden,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
