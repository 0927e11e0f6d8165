//! SD013 `malformed-table`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD013",
    name: "malformed-table",
    description: "A grid or simple table, or a table directive, cannot be parsed (docutils: \"Malformed table.\"). The table is shown as a literal block. Fix the table's borders and column alignment.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
