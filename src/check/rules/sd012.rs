//! SD012 `directive-error`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD012",
    name: "directive-error",
    description: "A known directive is used wrongly: a missing or extra argument, an unknown or invalid option, content where none is allowed, or none where some is required (docutils: \"Error in ... directive\"). The directive is dropped from the output. Fix its arguments, options or content.",
    default: Severity::Error,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
