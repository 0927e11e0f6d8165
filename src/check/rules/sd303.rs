//! SD303 `cr-line-ending` (text hygiene, off by default).

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD303",
    name: "cr-line-ending",
    description: "A line ends with a carriage return (Windows `CRLF` or old Mac `CR`) (doc8 D004). Mixed line endings make noisy diffs and confuse tools. Save the file with Unix line endings (`LF`).",
    default: Severity::Off,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for page in cx.checked_pages() {
        let src = page.doc.source.as_str();
        for (n, s, e, brk) in super::raw_lines(src) {
            if brk.starts_with('\r') {
                let _ = s;
                out.push(cx.at_bytes(
                    &RULE,
                    page,
                    e,
                    e + 1,
                    format!("line {n} ends with a carriage return"),
                ));
            }
        }
    }
}
