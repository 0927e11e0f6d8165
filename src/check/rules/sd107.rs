//! SD107 `field-key-collision`: two fields of a procedure with one key.

use std::collections::HashMap;

use crate::check::{Context, Finding, Rule, Severity};
use crate::extract::field_key;

pub static RULE: Rule = Rule {
    code: "SD107",
    name: "field-key-collision",
    description: "Two fields of one procedure make the same key in answer files and form schemas: one step lists the same label twice (`Fréquence de mise à jour`), or two labels differ only in case, accents or punctuation (`E-mail` and `Email`). stepdoc keeps both, the later as `KEY_2`, so answer files must name it so. Usually the page lists the field twice by mistake: remove one mention, or give the fields distinct labels. A later step that comes back to a field with the same label (ticking a box again) is not reported.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, proc_) in super::procedures(cx) {
        let mut seen: HashMap<String, (String, u32, u32)> = HashMap::new();
        for step in &proc_.steps {
            for f in &step.fields {
                let key = field_key(&f.label);
                match seen.get(&key) {
                    // The same control, come back to in a later step.
                    Some((first, _, n)) if *first == f.label && *n != step.number => {}
                    Some((first, line, _)) => out.push(super::at_location(
                        cx,
                        &RULE,
                        page,
                        &f.span,
                        format!(
                            "field \"{}\" has the key `{key}` of field \"{first}\" on line {line}; it is kept as `{}`",
                            f.label, f.key
                        ),
                    )),
                    None => {
                        seen.insert(key, (f.label.clone(), f.span.line, step.number));
                    }
                }
            }
        }
    }
}
