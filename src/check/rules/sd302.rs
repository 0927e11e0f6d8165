//! SD302 `trailing-whitespace` (text hygiene, off by default).

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD302",
    name: "trailing-whitespace",
    description: "A line ends with spaces or tabs (doc8 D002). They are invisible, change nothing in the output and make noisy diffs. Remove them.",
    default: Severity::Off,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for page in cx.checked_pages() {
        let src = page.doc.source.as_str();
        for (n, s, e, _) in super::raw_lines(src) {
            let line = &src[s..e];
            let kept = line.trim_end_matches([' ', '\t']).len();
            if kept < line.len() {
                out.push(cx.at_bytes(
                    &RULE,
                    page,
                    s + kept,
                    e,
                    format!("line {n} has trailing white space"),
                ));
            }
        }
    }
}
