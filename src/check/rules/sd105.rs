//! SD105 `required-field-undocumented`: a required field with no label or help.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD105",
    name: "required-field-undocumented",
    description: "A field is required (by the page or an annotation) but has no label, or no help text saying what to enter. The form and the checklist then ask for a value without explaining it. Write a sentence about the field next to it, or add `help=` to its `.. stepdoc: field` annotation or its configuration.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, proc_) in super::procedures(cx) {
        for step in &proc_.steps {
            for f in step.fields.iter().filter(|f| f.required) {
                let msg = if f.label.trim().is_empty() {
                    "required field has no label".to_string()
                } else if f.help.as_deref().is_none_or(|h| h.trim().is_empty()) {
                    format!("required field \"{}\" has no help text", f.label)
                } else {
                    continue;
                };
                out.push(super::at_location(cx, &RULE, page, &f.span, msg));
            }
        }
    }
}
