//! SD011 `duplicate-implicit-target`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD011",
    name: "duplicate-implicit-target",
    description: "Two sections (or a section and a target) have the same title in one page, so the implicit target made from the title is dropped (docutils INFO: \"Duplicate implicit target name\"). References by title to either fail. Hidden by default.",
    default: Severity::Hidden,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
