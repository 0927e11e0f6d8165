//! SD301 `tab` (text hygiene, off by default).

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD301",
    name: "tab",
    description: "Text may not contain tabs (doc8 D003). reStructuredText expands a tab to the next multiple of 8 columns, so indentation that looks right in an editor set to 4 can nest a block wrongly. Indent with spaces.",
    default: Severity::Off,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for page in cx.checked_pages() {
        let src = page.doc.source.as_str();
        for (n, s, e, _) in super::raw_lines(src) {
            if let Some(i) = src[s..e].find('\t') {
                out.push(cx.at_bytes(
                    &RULE,
                    page,
                    s + i,
                    s + i + 1,
                    format!("line {n} contains a tab"),
                ));
            }
        }
    }
}
