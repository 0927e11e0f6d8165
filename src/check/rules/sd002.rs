//! SD002 `unexpected-unindent`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD002",
    name: "unexpected-unindent",
    description: "A list, block quote, field list or explicit markup block ends without a blank line (docutils: \"... ends without a blank line; unexpected unindent.\"). The next line is read as a new paragraph glued to the construct. Add a blank line after the block.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
