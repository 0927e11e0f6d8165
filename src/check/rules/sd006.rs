//! SD006 `literal-block-expected`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD006",
    name: "literal-block-expected",
    description: "A paragraph ends with `::`, which announces an indented literal block, but no indented block follows (docutils: \"Literal block expected; none found.\"). The text that was meant as code is rendered as a paragraph and the `::` shows as `:`. Indent the block, or end the paragraph with a single `:`.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
