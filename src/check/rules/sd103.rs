//! SD103 `short-procedure`: a procedure with fewer than two steps.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD103",
    name: "short-procedure",
    description: "A section holds a single step marker, so stepdoc makes a procedure of one step. Either the other markers are misspelt (and were not recognised), or the text is not a procedure and the marker should go. Check the markers of the section.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, proc_) in super::procedures(cx) {
        if proc_.steps.len() < 2 {
            out.push(super::at_location(
                cx,
                &RULE,
                page,
                &proc_.span,
                format!(
                    "procedure \"{}\" has {} step{}",
                    proc_.title,
                    proc_.steps.len(),
                    if proc_.steps.len() == 1 { "" } else { "s" }
                ),
            ));
        }
    }
}
