//! Renderers: everything stepdoc writes is made from the doctree and the
//! procedure model, never from the RST text again.

pub mod checklist;
pub mod escape;
pub mod labels;
pub mod markdown;
