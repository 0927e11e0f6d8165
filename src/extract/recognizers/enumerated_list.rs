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
//! item. A paragraph that starts with the next number ("4.  Dans ce
//! formulaire, ..." whose continuation lines are not indented, which
//! docutils reads as a paragraph) is that item; a number skipped across a
//! picture or a note ("1. 2. (note) 4.") keeps the list whole, and `check`
//! reports the gap.

use crate::rst::NodeId;
use crate::rst::Tag;
use crate::rst::Value;

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
        Tag::Image
            | Tag::Figure
            | Tag::LiteralBlock
            | Tag::Table
            | Tag::BulletList
            | Tag::BlockQuote
            | Tag::Comment
            | Tag::Target
            | Tag::SubstitutionDefinition
            | Tag::SystemMessage
    ) || v.is_code(n)
}

/// One part of a split list: a list, or a paragraph that reads as the
/// next item ("4.  Dans ce formulaire, ..." whose continuation lines are
/// not indented, so docutils made it a paragraph), with the material after
/// it that belongs to its last item.
struct Part {
    node: NodeId,
    /// The number of a stray item; `None` for a list.
    stray: Option<u32>,
    after: Vec<NodeId>,
}

/// The number a paragraph starts with when it reads as item `expected`
/// of a list numbered with `suffix` ("4." or "4)").
fn stray_item(v: &View, p: NodeId, expected: i64, suffix: &str) -> bool {
    if v.tag(p) != Tag::Paragraph {
        return false;
    }
    let text = v.text(p);
    let head = format!("{expected}{suffix}");
    text.strip_prefix(head.as_str())
        .is_some_and(|rest| rest.starts_with(char::is_whitespace))
}

fn is_admonition(v: &View, n: NodeId) -> bool {
    v.tag(n).is_admonition()
}

pub fn find(v: &View, out: &mut Vec<Candidate>) {
    let mut merged: Vec<NodeId> = Vec::new();
    for list in v.descendants(v.root()) {
        if v.tag(list) != Tag::EnumeratedList || merged.contains(&list) {
            continue;
        }
        let Some(container) = v.parent(list) else {
            continue;
        };
        let siblings = v.children(container);
        let Some(at) = siblings.iter().position(|&c| c == list) else {
            continue;
        };
        let (kind, first_start) = numbering(v, list);
        let suffix = v.t.attr_str(list, "suffix").unwrap_or(".").to_string();
        let mut run: Vec<Part> = vec![Part {
            node: list,
            stray: None,
            after: Vec::new(),
        }];
        let mut expected = first_start + v.children(list).len() as i64;
        let mut cur_auto = auto_numbered(v, list);
        let mut pending: Vec<NodeId> = Vec::new();
        for &s in &siblings[at + 1..] {
            let tag = v.tag(s);
            if matches!(tag, Tag::Section | Tag::Transition) {
                break;
            }
            // An annotation between two lists decides each on its own.
            if tag == Tag::Comment && super::super::annotations::parse(&v.t.astext(s)).is_some() {
                break;
            }
            if kind == "arabic" && stray_item(v, s, expected, &suffix) {
                if let Some(last) = run.last_mut() {
                    last.after = std::mem::take(&mut pending);
                }
                run.push(Part {
                    node: s,
                    stray: Some(expected as u32),
                    after: Vec::new(),
                });
                expected += 1;
                cur_auto = false;
                continue;
            }
            if tag != Tag::EnumeratedList {
                pending.push(s);
                continue;
            }
            let (next_kind, next_start) = numbering(v, s);
            let no_prose = pending
                .iter()
                .all(|&b| is_figure_like(v, b) || is_admonition(v, b));
            let carries_on = next_kind == kind && next_start == expected && next_start > 1;
            // "1. 2. (a note) 4.": a number skipped across a picture or a
            // note is still the same list (check reports the gap).
            let skips = next_kind == kind
                && next_start > expected
                && next_start <= expected + 2
                && !pending.is_empty()
                && no_prose;
            let auto_pair = cur_auto
                && auto_numbered(v, s)
                && next_start == 1
                && !pending.is_empty()
                && no_prose;
            if !(carries_on || skips || auto_pair) {
                break;
            }
            if let Some(last) = run.last_mut() {
                last.after = std::mem::take(&mut pending);
            }
            run.push(Part {
                node: s,
                stray: None,
                after: Vec::new(),
            });
            merged.push(s);
            expected = if auto_pair { expected } else { next_start } + v.children(s).len() as i64;
            cur_auto = auto_numbered(v, s);
        }
        // Indented material right after the last item (a block quote: the
        // author indented it less than the item's text) is that item's.
        let trailing: Vec<NodeId> = pending
            .iter()
            .copied()
            .take_while(|&n| matches!(v.tag(n), Tag::BlockQuote | Tag::SystemMessage))
            .collect();
        if let Some(last) = run.last_mut()
            && !trailing.is_empty()
        {
            last.after = trailing;
        }
        let mut steps = Vec::new();
        let mut number = first_start.max(1) as u32;
        for part in &run {
            if let Some(n) = part.stray {
                let mut body = vec![part.node];
                body.extend(part.after.iter().copied());
                // The number the paragraph starts with reads as a marker.
                let marker = markers::parse_numbered(&v.text(part.node));
                steps.push(StepNodes {
                    number: n,
                    head: part.node,
                    marker,
                    lead: Some(part.node),
                    body,
                });
                number = n + 1;
                continue;
            }
            let (_, start) = numbering(v, part.node);
            if !auto_numbered(v, part.node) && start as u32 > number {
                number = start as u32;
            }
            let items = v.children(part.node);
            for (k, &item) in items.iter().enumerate() {
                let mut body: Vec<NodeId> = v.children(item).to_vec();
                if k + 1 == items.len() {
                    body.extend(part.after.iter().copied());
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
                let across_code = run.iter().any(|p| p.after.iter().any(|&n| v.has_code(n)));
                c.signal(
                    "split-list",
                    if across_code { 1.0 } else { 0.5 },
                    format!(
                        "{} parts whose numbering carries on across the material between them",
                        run.len()
                    ),
                );
            }
            out.push(c);
        }
    }
}
