//! Golden snapshots of the extraction of every DataSud page at HEAD
//! (`../shared/corpus/datasud`), in `tests/snapshots/extract/PAGE.json`.
//! They were reviewed when written; a change in extraction shows as a diff.
//! To accept a reviewed change: `STEPDOC_UPDATE_SNAPSHOTS=1 cargo test --test snapshots`.

use std::path::PathBuf;

use stepdoc::project::Project;

#[test]
fn extraction_of_every_datasud_page_matches_its_snapshot() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let project = Project::open(&root.join("../shared/corpus/datasud")).expect("the corpus opens");
    let (pages, errors) = project.parse_all(None);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(pages.len() >= 10);
    let export = project.extract(&pages);
    let dir = root.join("tests/snapshots/extract");
    let update = std::env::var_os("STEPDOC_UPDATE_SNAPSHOTS").is_some();
    let mut mismatched = Vec::new();
    for doc in &export.documents {
        let name = format!("{}.json", doc.source.replace('/', "__"));
        let path = dir.join(&name);
        let got = format!("{}\n", serde_json::to_string_pretty(doc).unwrap());
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            mismatched.push(name);
        }
    }
    assert!(
        mismatched.is_empty(),
        "extraction differs from the snapshots: {mismatched:?} (review, then STEPDOC_UPDATE_SNAPSHOTS=1)"
    );
}
