//! A page's guide Markdown as the build renders a page alone: no other
//! pages, every image found, checklists at `checklists/ID.pdf`.

use stepdoc::model::Procedure;
use stepdoc::render::labels::Labels;
use stepdoc::render::markdown::{Context, render};

/// The guide Markdown of `doc`, the page `page` (`index.md`) of document
/// `name`, with its `procedures`.
pub fn guide_markdown(
    doc: &stepdoc::rst::Document,
    procedures: &[Procedure],
    labels: &Labels,
    page: &str,
    name: &str,
) -> String {
    let docs = Default::default();
    let targets = Default::default();
    let exists = |_: &str| true;
    let href = |id: &str| format!("checklists/{id}.pdf");
    let ctx = Context {
        labels,
        page,
        docs: &docs,
        targets: &targets,
        procedures,
        image_exists: &exists,
        checklist_href: &href,
        doc: name,
        toc: None,
        substitutions: &[],
        extlinks: &[],
        tags: &[],
    };
    render(doc, &ctx).markdown
}
