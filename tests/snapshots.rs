//! Golden snapshots of the extraction of every DataSud page at HEAD
//! (`../shared/corpus/datasud`), in `tests/snapshots/extract/PAGE.json`.
//! They were reviewed when written; a change in extraction shows as a diff.
//! To accept a reviewed change: `STEPDOC_UPDATE_SNAPSHOTS=1 cargo test --test snapshots`.

use std::path::PathBuf;

#[path = "support/tools.rs"]
mod tools;

use stepdoc::project::Project;

#[test]
fn extraction_of_every_datasud_page_matches_its_snapshot() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let project = Project::open(&root.join("../shared/corpus/datasud")).expect("the corpus opens");
    check_against_snapshots(project, &root);
}

/// The same extraction, from a copy of the corpus committed to a git
/// repository of its own: the snapshots hold whatever the state of the
/// repository around the corpus.
#[test]
fn the_snapshots_hold_inside_a_git_work_tree() {
    if !tools::have("git", "--version", "git") {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("datasud");
    std::fs::create_dir_all(&copy).unwrap();
    let corpus = root.join("../shared/corpus/datasud");
    // The pages and conf.py, not the history folders.
    for entry in walkdir::WalkDir::new(&corpus)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('_'))
    {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&corpus).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(copy.join(rel)).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), copy.join(rel)).unwrap();
        }
    }
    let git = |args: &[&str]| tools::git(tmp.path(), args);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "corpus"]);
    let head = git(&["rev-parse", "HEAD"]);
    let project = Project::open(&copy).unwrap();
    // The pages' revisions are the commit, from git.
    let (pages, _) = project.parse_all(None);
    let export = project.extract(&pages);
    assert!(!export.documents.is_empty());
    for d in &export.documents {
        assert_eq!(d.revision, head, "{}", d.source);
    }
    check_against_snapshots(project, &root);
    // An edited page is no longer the commit: its content decides.
    let edited = copy.join("services.rst");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("\nEdited.\n");
    std::fs::write(&edited, &text).unwrap();
    let project = Project::open(&copy).unwrap();
    let (pages, _) = project.parse_all(None);
    for d in &project.extract(&pages).documents {
        if d.source == "services.rst" {
            assert!(d.revision.starts_with("sha256:"), "{}", d.revision);
        } else {
            assert_eq!(d.revision, head, "{}", d.source);
        }
    }
}

/// Compare the extraction of every page of `project` with the snapshots
/// (revisions as content hashes: they are not extraction, and depend on
/// the repository the pages are in).
fn check_against_snapshots(mut project: Project, root: &std::path::Path) {
    project.config.revision = stepdoc::config::RevisionMode::Content;
    let (pages, errors) = project.parse_all(None);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(pages.len() >= 10);
    let export = project.extract(&pages);
    let dir = root.join("tests/snapshots/extract");
    // The copy in a git repository only reads the snapshots.
    let update =
        std::env::var_os("STEPDOC_UPDATE_SNAPSHOTS").is_some() && project.source.starts_with(root);
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
