//! SD004 `possible-title-underline`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD004",
    name: "possible-title-underline",
    description: "A line of punctuation follows a short text line but is too short to be a title underline, so the pair is read as a paragraph (docutils INFO: \"Possible title underline, too short for the title.\"). Hidden by default; select it to see where a title may have been meant.",
    default: Severity::Hidden,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
