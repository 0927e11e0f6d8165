//! List items led by a step marker.
//!
//! ```rst
//! - Step 1: Read the OpenStack Style Commandments
//! - Step 2: Read [hacking] section in tox.ini
//! - Étape 3 : relire
//! ```
//!
//! A bullet list with at least two items whose first paragraph starts
//! with a step word and a number, or an ordinal and a step word. The steps
//! are those items; an item without a marker belongs to the step before
//! it.

use super::super::candidate::{Candidate, Source, StepNodes};
use super::super::markers;
use super::super::view::View;
use crate::rst::Tag;

pub fn find(v: &View, out: &mut Vec<Candidate>) {
    for list in v.descendants(v.root()) {
        if v.tag(list) != Tag::BulletList {
            continue;
        }
        let Some(container) = v.parent(list) else {
            continue;
        };
        let mut steps: Vec<StepNodes> = Vec::new();
        for &item in v.children(list) {
            let lead = v.first_paragraph(item);
            let marker = lead.and_then(|p| {
                let text = v.text(p);
                markers::parse_any(&text, v.lex)
            });
            match marker {
                Some(m) => steps.push(StepNodes {
                    number: m.number,
                    head: item,
                    marker: Some(m),
                    lead,
                    body: v.children(item).to_vec(),
                }),
                None => {
                    if let Some(last) = steps.last_mut() {
                        last.body.extend(v.children(item).iter().copied());
                    }
                }
            }
        }
        if steps.len() >= 2 {
            out.push(Candidate::new(Source::MarkerItems, container, steps));
        }
    }
}
