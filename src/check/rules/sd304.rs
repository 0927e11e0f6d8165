//! SD304 `missing-final-newline` (text hygiene, off by default).

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD304",
    name: "missing-final-newline",
    description: "The file does not end with a line break (doc8 D005). Tools that concatenate or diff files then glue the last line to what follows. End the file with a newline.",
    default: Severity::Off,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for page in cx.checked_pages() {
        let src = page.doc.source.as_str();
        if !src.is_empty() && !src.ends_with(['\n', '\r']) {
            out.push(cx.at_bytes(
                &RULE,
                page,
                src.len(),
                src.len(),
                "no newline at the end of the file".to_string(),
            ));
        }
    }
}
