//! SD107 `field-key-collision`: two fields of a procedure with one key.

use std::collections::HashMap;

use crate::check::{Context, Finding, Rule, Severity};
use crate::extract::field_key;

pub static RULE: Rule = Rule {
    code: "SD107",
    name: "field-key-collision",
    description: "Two fields of one procedure have labels that make the same key in answer files and form schemas (`Fréquence de mise à jour` twice, or `E-mail` and `Email`). stepdoc keeps both, the later as `KEY_2`, so answer files must name it so. Usually the page lists the field twice by mistake: remove one mention, or give the fields distinct labels.",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, proc_) in super::procedures(cx) {
        let mut seen: HashMap<String, (String, u32)> = HashMap::new();
        for step in &proc_.steps {
            for f in &step.fields {
                let key = field_key(&f.label);
                match seen.get(&key) {
                    Some((first, line)) => out.push(super::at_location(
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
                        seen.insert(key, (f.label.clone(), f.span.line));
                    }
                }
            }
        }
    }
}
