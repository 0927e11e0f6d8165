//! Recognizers: one per way of writing steps. Each walks the page and
//! proposes [`Candidate`]s; the scorer (`super::score`) decides which are
//! procedures. Every recognizer has its English and French fixtures in
//! `tests/fixtures/extract/NAME/`.

pub mod enumerated_list;
pub mod marker_items;
pub mod marker_paragraphs;
pub mod step_sections;

use super::candidate::Candidate;
use super::view::View;

/// Every candidate of the page, in document order.
pub fn candidates(v: &View) -> Vec<Candidate> {
    let mut out = Vec::new();
    step_sections::find(v, &mut out);
    enumerated_list::find(v, &mut out);
    marker_paragraphs::find(v, &mut out);
    marker_items::find(v, &mut out);
    out.sort_by_key(|c| {
        let head = c.head().map(|h| v.start(h)).unwrap_or(0);
        (head, std::cmp::Reverse(c.steps.len()))
    });
    out
}
