//! stepdoc turns reStructuredText procedure documentation into an mdBook
//! guide, printable checklists, JSON Schemas and CI diagnostics.
//!
//! The pipeline runs one way: sources → [`rst`] parser (a doctree with spans
//! and system messages) → procedure model → renderers and checks.

pub mod build;
pub mod check;
pub mod config;
pub mod extract;
pub mod model;
pub mod output;
pub mod payload;
pub mod preprocess;
pub mod project;
pub mod render;
/// The Markdown (MyST) reader (the `stepdoc-markdown` crate): pages into
/// the same doctree.
pub use stepdoc_markdown as markdown;
/// The reStructuredText parser (the `stepdoc-rst` crate).
pub use stepdoc_rst as rst;
pub mod run;
pub mod schema;
pub mod sources;
pub mod sphinx;
