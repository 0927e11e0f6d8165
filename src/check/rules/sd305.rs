//! SD305 `line-too-long` (text hygiene, off by default).

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD305",
    name: "line-too-long",
    description: "A line is longer than the configured length (`line-length` in `[preprocessor.stepdoc.check]`, default 120 characters) (doc8 D001). Long lines make reviews hard. Wrap the text; a line without a space (a long URL) is accepted.",
    default: Severity::Off,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for page in cx.checked_pages() {
        let src = page.doc.source.as_str();
        let max = cx.line_length;
        for (n, s, e, _) in super::raw_lines(src) {
            let line = &src[s..e];
            let len = line.chars().count();
            if len > max && line.trim().contains(' ') {
                let at = line
                    .char_indices()
                    .nth(max)
                    .map(|(i, _)| s + i)
                    .unwrap_or(e);
                out.push(cx.at_bytes(
                    &RULE,
                    page,
                    at,
                    e,
                    format!("line {n} is {len} characters long (more than {max})"),
                ));
            }
        }
    }
}
