//! SD102 `empty-step`: a step with no text.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD102",
    name: "empty-step",
    description: "A step marker (`**ETAPE 2 :**`) is followed by nothing: no title text, no paragraph, no action, no field. The guide and the checklist show an empty step. Write what the reader has to do, or remove the marker.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, proc_) in super::procedures(cx) {
        for step in &proc_.steps {
            if step.title.trim().is_empty()
                && step.text.trim().is_empty()
                && step.actions.is_empty()
                && step.fields.is_empty()
                && step.images.is_empty()
            {
                out.push(super::at_location(
                    cx,
                    &RULE,
                    page,
                    &step.span,
                    format!("step {} has no text", step.number),
                ));
            }
        }
    }
}
