//! Enumerated lists: the commonest way to write a procedure.
//!
//! ```rst
//! #. Log in to the dashboard.
//! #. Click :guilabel:`Create Network`.
//! ```
//!
//! Every enumerator docutils knows counts (`1.`, `#.`, `a)`, `(i)`,
//! `A.`...). The steps are the top-level items; nested lists and anything
//! indented under an item belong to the item.
//!
//! **Split lists.** An unindented image, code block, table or paragraph
//! between two items makes docutils end the list and start another (with
//! an INFO "Enumerated list start value not ordinal-1" when the second is
//! numbered explicitly). A reader sees one sequence, so the lists are one
//! candidate when the numbering carries on: the next list has the same
//! enumerator type and starts at the number after the last item, or both
//! are auto-numbered (`#.`) and only pictures, code or tables stand
//! between them. The material between two items belongs to the earlier
//! item.

use crate::rst::NodeId;
use crate::rst::node::Value;

use super::super::candidate::{Candidate, Source, StepNodes};
use super::super::markers;
use super::super::view::View;

/// The enumerator type and first number of a list.
fn numbering(v: &View, list: NodeId) -> (String, i64) {
    let kind =
        v.t.attr_str(list, "enumtype")
            .unwrap_or("arabic")
            .to_string();
    let start = match v.t.attr(list, "start") {
        Some(Value::Int(s)) => *s,
        _ => 1,
    };
    (kind, start)
}

/// Whether the list was written with `#.` (auto-numbered).
fn auto_numbered(v: &View, list: NodeId) -> bool {
    let Some(&item) = v.children(list).first() else {
        return false;
    };
    let line = v.line_before(v.start(item));
    let head = if line.trim().is_empty() {
        v.source(list)
    } else {
        line
    };
    let t = head.trim_start();
    t.starts_with("#.") || t.starts_with("#)") || t.starts_with("(#)")
}

/// Material that may stand between two parts of one split list when both
/// are auto-numbered.
fn is_figure_like(v: &View, n: NodeId) -> bool {
    matches!(
        v.tag(n),
        "image"
            | "figure"
            | "literal_block"
            | "table"
            | "bullet_list"
            | "block_quote"
            | "comment"
            | "target"
            | "substitution_definition"
            | "system_message"
    ) || v.is_code(n)
}

pub fn find(v: &View, out: &mut Vec<Candidate>) {
    let mut merged: Vec<NodeId> = Vec::new();
    for list in v.descendants(v.root()) {
        if v.tag(list) != "enumerated_list" || merged.contains(&list) {
            continue;
        }
        let Some(container) = v.parent(list) else {
            continue;
        };
        let siblings = v.children(container);
        let Some(mut at) = siblings.iter().position(|&c| c == list) else {
            continue;
        };
        // The lists of the run, each with the material after it that
        // belongs to its last item.
        let mut run: Vec<(NodeId, Vec<NodeId>)> = vec![(list, Vec::new())];
        loop {
            let cur = run.last().map(|r| r.0).unwrap_or(list);
            let (kind, start) = numbering(v, cur);
            let expected = start + v.children(cur).len() as i64;
            let Some(next_at) = siblings[at + 1..]
                .iter()
                .position(|&c| matches!(v.tag(c), "enumerated_list" | "section" | "transition"))
                .map(|k| at + 1 + k)
            else {
                break;
            };
            let next = siblings[next_at];
            if v.tag(next) != "enumerated_list" {
                break;
            }
            let between = &siblings[at + 1..next_at];
            let (next_kind, next_start) = numbering(v, next);
            let carries_on = next_kind == kind && next_start == expected && next_start > 1;
            let auto_pair = auto_numbered(v, cur)
                && auto_numbered(v, next)
                && next_start == 1
                && !between.is_empty()
                && between.iter().all(|&b| is_figure_like(v, b));
            // An annotation between two lists decides each on its own.
            let annotated = between.iter().any(|&b| {
                v.tag(b) == "comment" && super::super::annotations::parse(&v.t.astext(b)).is_some()
            });
            if !(carries_on || auto_pair) || annotated {
                break;
            }
            if let Some(last) = run.last_mut() {
                last.1 = between.to_vec();
            }
            run.push((next, Vec::new()));
            merged.push(next);
            at = next_at;
        }
        let mut steps = Vec::new();
        let mut number = numbering(v, list).1.max(1) as u32;
        for (l, after) in &run {
            let items = v.children(*l);
            for (k, &item) in items.iter().enumerate() {
                let mut body: Vec<NodeId> = v.children(item).to_vec();
                if k + 1 == items.len() {
                    body.extend(after.iter().copied());
                }
                let lead = v.first_paragraph(item);
                let marker = lead.and_then(|p| {
                    let s = v.text(p);
                    markers::parse_any(&s, v.lex)
                });
                steps.push(StepNodes {
                    number,
                    head: item,
                    marker,
                    lead,
                    body,
                });
                number += 1;
            }
        }
        if !steps.is_empty() {
            let mut c = Candidate::new(Source::EnumeratedList, container, steps);
            if run.len() > 1 {
                let across_code = run
                    .iter()
                    .any(|(_, after)| after.iter().any(|&n| v.has_code(n)));
                c.signal(
                    "split-list",
                    if across_code { 1.0 } else { 0.5 },
                    format!(
                        "{} lists whose numbering carries on across the material between them",
                        run.len()
                    ),
                );
            }
            out.push(c);
        }
    }
}
