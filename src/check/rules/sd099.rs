//! SD099 `other-markup`: a family of parser system messages.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD099",
    name: "other-markup",
    description: "Any other parser message: footnotes, citations, substitutions, enumerated lists, line-length limit and the rest. The severity is the message's docutils level (INFO hidden, WARNING warning, ERROR and SEVERE error). Read the message and fix the markup it names.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::markup(cx, out, &RULE);
}
