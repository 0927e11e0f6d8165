//! Sections that are the steps of one task.
//!
//! ```rst
//! Installation
//! ============
//!
//! Etape 1 : Démarrage
//! -------------------
//!
//! Deuxième étape
//! --------------
//! ```
//!
//! Two or more subsections whose titles number a step: a step word and a
//! number (`Step 2: Configure`, `Etape n°1 : ...`), an ordinal and a step
//! word (`Première étape`), or a bare number (`1. Install`). The steps
//! are those subsections; the section that holds them names the
//! procedure.
//!
//! A run of subsections the text announces as steps counts too: at least
//! two titles that start with a verb (`Définir une cible`, `Install the
//! agent`), when the section's opening text or the first subsection's
//! names its steps in order ("la première étape", "the second step"). The
//! subsections whose titles are not actions (a reference aside) are not
//! steps.

use crate::rst::NodeId;
use crate::rst::Tag;

use super::super::candidate::{Candidate, Source, StepNodes};
use super::super::markers::{self, Marker};
use super::super::text::words;
use super::super::view::View;

/// The marker of a section's title, if it numbers a step.
pub fn title_marker(v: &View, section: NodeId) -> Option<Marker> {
    let title = v.title_text(section)?;
    markers::parse_any(&title, v.lex).or_else(|| markers::parse_numbered(&title))
}

/// Whether a title starts with an action ("Définir une cible").
fn verb_title(v: &View, section: NodeId) -> bool {
    v.title_text(section)
        .map(|t| words(&t))
        .and_then(|w| w.first().cloned())
        .is_some_and(|w| v.lex.is_verb(&w))
}

/// Whether the text speaks of its steps in order: an ordinal next to a
/// step word ("la première étape", "the second step"), in running text
/// (not in a strong marker).
fn speaks_of_steps(v: &View, nodes: &[NodeId]) -> bool {
    nodes
        .iter()
        .filter(|&&n| v.tag(n) == Tag::Paragraph && v.leading_strong(n).is_none())
        .any(|&n| {
            let w = v.words(n);
            w.windows(2).any(|pair| {
                v.lex.ordinal(&pair[0]).is_some()
                    && v.lex.step_words().iter().any(|s| *s == pair[1])
            })
        })
}

pub fn find(v: &View, out: &mut Vec<Candidate>) {
    let mut holders = vec![v.root()];
    holders.extend(
        v.descendants(v.root())
            .into_iter()
            .filter(|&n| v.tag(n) == Tag::Section),
    );
    for holder in holders {
        let subs: Vec<NodeId> = v
            .children(holder)
            .iter()
            .copied()
            .filter(|&c| v.tag(c) == Tag::Section)
            .collect();
        if subs.len() < 2 {
            continue;
        }
        let marked: Vec<(NodeId, Marker)> = subs
            .iter()
            .filter_map(|&s| title_marker(v, s).map(|m| (s, m)))
            .collect();
        let steps: Vec<StepNodes> = if marked.len() >= 2 {
            marked
                .into_iter()
                .map(|(s, m)| StepNodes {
                    number: m.number,
                    head: s,
                    marker: Some(m),
                    lead: None,
                    body: v.body(s),
                })
                .collect()
        } else {
            let verbs: Vec<NodeId> = subs.iter().copied().filter(|&s| verb_title(v, s)).collect();
            let opening: Vec<NodeId> = v
                .body(holder)
                .into_iter()
                .take_while(|&n| v.tag(n) != Tag::Section)
                .collect();
            let first_sub = v.body(subs[0]);
            if verbs.len() < 2
                || verbs.len() * 2 < subs.len()
                || !(speaks_of_steps(v, &opening) || speaks_of_steps(v, &first_sub))
            {
                continue;
            }
            verbs
                .into_iter()
                .enumerate()
                .map(|(k, s)| StepNodes {
                    number: k as u32 + 1,
                    head: s,
                    marker: None,
                    lead: None,
                    body: v.body(s),
                })
                .collect()
        };
        out.push(Candidate::new(Source::StepSections, holder, steps));
    }
}
