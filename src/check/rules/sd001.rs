//! SD001 `unexpected-indentation`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD001",
    name: "unexpected-indentation",
    description: "A line is indented more than the block it continues, and the parser cannot tell what it belongs to (docutils: \"Unexpected indentation.\"). The indented text becomes a block quote or is lost from the paragraph. Put a blank line before an intended block quote or list, or align the line with the text above.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
