//! SD101 `step-numbering`: step numbers with gaps, duplicates or out of order.

use crate::check::{Context, Finding, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "SD101",
    name: "step-numbering",
    description: "The steps of a procedure are not numbered 1, 2, 3...: a number is skipped, repeated, or smaller than the one before (`**ETAPE 1**`, `**ETAPE 3**`). Readers and the checklist follow the page's numbers, so a gap looks like a missing step and a repeat like a copy-paste slip. Renumber the steps in order.",
    default: Severity::Warning,
    fixable: true,
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (page, proc_) in super::procedures(cx) {
        let mut prev: Option<u32> = None;
        for step in &proc_.steps {
            let n = step.number;
            let msg = match prev {
                None if n != 1 => Some(format!(
                    "procedure \"{}\" starts at step {n}, not 1",
                    proc_.title
                )),
                Some(p) if n == p => Some(format!("step {n} is numbered twice")),
                Some(p) if n < p => Some(format!("step {n} comes after step {p}")),
                Some(p) if n > p + 1 => Some(format!(
                    "step {n} follows step {p}: step {} is missing",
                    p + 1
                )),
                _ => None,
            };
            if let Some(m) = msg {
                out.push(super::at_location(cx, &RULE, page, &step.span, m));
            }
            prev = Some(prev.map_or(n, |p| p.max(n)));
        }
    }
}
