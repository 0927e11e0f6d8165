//! Time per checklist: the reference procedure's PDF, compiled repeatedly
//! in one process (the first compile also loads the fonts). Prints figures.
//!
//! Run: `cargo bench --bench checklist`.

use std::path::Path;
use std::time::Instant;

use stepdoc::project::Project;
use stepdoc::render::{checklist, labels};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::open(root).expect("the project opens");
    let (pages, _) = project.parse_all(None);
    let model = project.extract(&pages);
    let (doc, p) = model
        .documents
        .iter()
        .flat_map(|d| d.procedures.iter().map(move |p| (d, p)))
        .find(|(_, p)| p.id == "faire-remonter-vos-donnees-sur-data-gouv-fr")
        .expect("the reference procedure");
    let data = checklist::data(
        p,
        &doc.source,
        &doc.revision,
        &labels::FR,
        "fr",
        checklist::Paper::A4,
        &Default::default(),
    );
    let start = Instant::now();
    let first = checklist::pdf(checklist::DEFAULT_TEMPLATE, &data, &p.id).expect("compiles");
    let first_ms = start.elapsed().as_secs_f64() * 1000.0;
    let n = 20;
    let start = Instant::now();
    let mut same = true;
    for _ in 0..n {
        let pdf = checklist::pdf(checklist::DEFAULT_TEMPLATE, &data, &p.id).expect("compiles");
        same &= pdf == first;
    }
    let each = start.elapsed().as_secs_f64() * 1000.0 / n as f64;
    println!(
        "checklist {}: {} bytes, first {first_ms:.0} ms (fonts loaded), then {each:.1} ms each over {n} runs, byte-identical: {same}",
        p.id,
        first.len()
    );
}
