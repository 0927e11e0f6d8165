//! SD007 `unterminated-inline-markup`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD007",
    name: "unterminated-inline-markup",
    description: "Inline markup (emphasis, strong, literal, interpreted text or a reference) starts but does not end (docutils: \"Inline ... start-string without end-string.\"). The markup characters show literally. Close the markup, or escape the start character with a backslash.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
