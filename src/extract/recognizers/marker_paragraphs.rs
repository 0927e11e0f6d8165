//! Paragraphs led by a step marker.
//!
//! ```rst
//! **ETAPE 1:** Chaque contributeur crée une organisation...
//!
//! **Step 2**. You can access the form...
//!
//! **1 - Donner un titre**
//!
//! Étape 3 : vérifier la synchronisation.
//! ```
//!
//! The marker is strong text (the separator inside or after it) or the
//! start of a plain paragraph (a step word or an ordinal, then a
//! separator). A bare number (`**1 - ...**`) counts only as a whole strong
//! paragraph, a pseudo-heading. Each step owns its paragraph and what
//! follows it, up to the next marker or the end of the container; a run
//! ends where the numbering starts again at 1.

use crate::rst::NodeId;
use crate::rst::Tag;

use super::super::candidate::{Candidate, Source, StepNodes};
use super::super::markers::{self, Marker};
use super::super::view::View;

/// Tags of nodes whose children are blocks (list items aside: markers
/// leading items are `marker_items`).
pub const CONTAINERS: &[Tag] = &[
    Tag::Document,
    Tag::Section,
    Tag::Note,
    Tag::Warning,
    Tag::Important,
    Tag::Tip,
    Tag::Hint,
    Tag::Caution,
    Tag::Danger,
    Tag::Attention,
    Tag::Error,
    Tag::Admonition,
    Tag::Directive,
    Tag::BlockQuote,
    Tag::Topic,
    Tag::Sidebar,
    Tag::Container,
    Tag::Compound,
    Tag::Definition,
    Tag::FieldBody,
];

/// The marker of a paragraph, if it starts with one.
pub fn paragraph_marker(v: &View, p: NodeId) -> Option<Marker> {
    if v.tag(p) != Tag::Paragraph {
        return None;
    }
    if let Some(strong) = v.leading_strong(p) {
        let s = v.text(strong);
        if let Some(m) = markers::parse_any(&s, v.lex) {
            return Some(m);
        }
        if v.fully_marked(p, &[Tag::Strong])
            && let Some(m) = markers::parse_numbered(&s)
        {
            return Some(m);
        }
        return None;
    }
    let text = v.text(p);
    let m = markers::parse_any(&text, v.lex)?;
    // Plain text needs a separator after the marker ("Step 1 - ..."),
    // so that "Step 1 is to..." stays a sentence.
    let folded = super::super::text::fold(&text);
    let sep = folded
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| &folded[i..])
        .map(|s| {
            s.trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start()
        })
        .is_some_and(|s| s.is_empty() || s.starts_with([':', '-', '–', '—', '.', ')']));
    (sep || m.kind == markers::MarkerKind::Ordinal).then_some(m)
}

pub fn find(v: &View, out: &mut Vec<Candidate>) {
    for container in v.descendants(v.root()) {
        if !CONTAINERS.contains(&v.tag(container)) {
            continue;
        }
        let body: Vec<NodeId> = v.body(container);
        let end = body
            .iter()
            .position(|&n| v.tag(n) == Tag::Section)
            .unwrap_or(body.len());
        let marked: Vec<(usize, Marker)> = body[..end]
            .iter()
            .enumerate()
            .filter_map(|(i, &n)| paragraph_marker(v, n).map(|m| (i, m)))
            .collect();
        let mut runs: Vec<Vec<(usize, Marker)>> = Vec::new();
        for (i, m) in marked {
            let restart = m.number == 1 || runs.is_empty();
            if restart {
                runs.push(vec![(i, m)]);
            } else if let Some(r) = runs.last_mut() {
                r.push((i, m));
            }
        }
        for (r, run) in runs.iter().enumerate() {
            // The last step of a run ends where the next run starts.
            let run_end = runs
                .get(r + 1)
                .and_then(|next| next.first().map(|(i, _)| *i))
                .unwrap_or(end);
            let mut steps = Vec::new();
            for (k, (i, m)) in run.iter().enumerate() {
                let stop = run.get(k + 1).map(|(j, _)| *j).unwrap_or(run_end);
                steps.push(StepNodes {
                    number: m.number,
                    head: body[*i],
                    marker: Some(m.clone()),
                    lead: Some(body[*i]),
                    body: body[*i..stop.max(i + 1)].to_vec(),
                });
            }
            out.push(Candidate::new(Source::MarkerParagraphs, container, steps));
        }
    }
}
