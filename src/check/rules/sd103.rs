//! SD103 `short-procedure`: a step marker alone, so no procedure is made.

use crate::check::{Context, Finding, Rule, Severity};
use crate::extract::{self, PageInfo};

pub static RULE: Rule = Rule {
    code: "SD103",
    name: "short-procedure",
    description: "A section holds a single step marker (`**ETAPE 1 :**`, `Step 1` as a title) and no other, so stepdoc makes no procedure of it: one step is not a procedure. Either the other markers are misspelt (and were not recognised), or the text is not a procedure and the marker should go. Check the markers of the section (`stepdoc extract --explain` shows what was seen).",
    default: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for page in cx.checked_pages() {
        let info = PageInfo {
            rel_path: &page.rel,
            root: Some(&cx.project.source),
            revision: String::new(),
        };
        for e in extract::explain(&page.doc, &info, &cx.project.config) {
            if e.steps == 1
                && e.marked
                && !e.decision.accepted()
                && e.decision != extract::candidate::Decision::Nested
            {
                out.push(super::at_location(
                    cx,
                    &RULE,
                    page,
                    &e.location,
                    format!(
                        "a single step marker ({}): no procedure is made of one step",
                        e.source
                    ),
                ));
            }
        }
    }
}
