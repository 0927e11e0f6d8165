//! SD010 `duplicate-target`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD010",
    name: "duplicate-target",
    description: "Two explicit targets (`.. _name:` or named hyperlinks) share a name in one page (docutils: \"Duplicate explicit target name\"). References to the name are ambiguous and fail. Rename one of them, or use anonymous hyperlinks (`__`).",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
