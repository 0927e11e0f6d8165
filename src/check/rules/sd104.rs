//! SD104 `conflicting-field`: a field given twice with different values.

use std::collections::HashMap;

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD104",
    name: "conflicting-field",
    description: "A procedure mentions the same form field twice (by label) with different values, for example `Type : ckan` in one step and `Type : csw` in another. The form schema and the checklist can only keep one; the page contradicts itself. Make the values agree, or give the fields different labels.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, proc_) in super::procedures(cx) {
        let mut seen: HashMap<String, (String, u32, u32)> = HashMap::new();
        for step in &proc_.steps {
            for f in &step.fields {
                let Some(v) = &f.value else { continue };
                let key = super::fully_normalize(&f.label);
                match seen.get(&key) {
                    // A box ticked in one step and unticked in a later one.
                    Some((_, _, n))
                        if f.kind == crate::model::FieldKind::Checkbox && *n != step.number => {}
                    Some((first, line, _)) if first != v => out.push(super::at_location(
                        cx,
                        &RULE,
                        page,
                        &f.span,
                        format!(
                            "field \"{}\" is {v:?} here but {first:?} on line {line}",
                            f.label
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        seen.insert(key, (v.clone(), f.span.line, step.number));
                    }
                }
            }
        }
    }
}
