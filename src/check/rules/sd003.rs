//! SD003 `title-underline-too-short`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD003",
    name: "title-underline-too-short",
    description: "A section title's underline or overline is shorter than the title text (docutils: \"Title underline too short.\"). Sphinx still makes a section but warns on every build. Make the adornment at least as long as the title.",
    default: Severity::Warning,
    fixable: true,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
