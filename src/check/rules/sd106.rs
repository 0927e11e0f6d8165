//! SD106 `duplicate-anchor`: two steps with the same anchor.

use std::collections::HashMap;

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD106",
    name: "duplicate-anchor",
    description: "Two steps of a procedure get the same anchor in the guide (`step-2` twice, usually from a repeated step number), so links to the second one land on the first. Renumber the steps.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, proc_) in super::procedures(cx) {
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for step in &proc_.steps {
            if let Some(line) = seen.get(step.anchor.as_str()) {
                out.push(super::at_location(
                    cx,
                    &RULE,
                    page,
                    &step.span,
                    format!(
                        "anchor \"{}\" is already the step's on line {line}",
                        step.anchor
                    ),
                ));
            } else {
                seen.insert(&step.anchor, step.span.line);
            }
        }
    }
}
