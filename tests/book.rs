//! The Markdown tree that `stepdoc build` writes is a complete mdBook:
//! mdBook 0.5 (the library behind the `mdbook` binary) builds it on its own
//! from the `book.toml` written beside it, as `mdbook build DIR` would.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_markdown_tree_builds_with_mdbook_alone() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("stepdoc-book-{}", std::process::id()));
    let status = Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .args(["build", "--markdown-only", "--out"])
        .arg(&out)
        .current_dir(&root)
        .status()
        .expect("stepdoc runs");
    assert!(status.success());
    let summary =
        std::fs::read_to_string(out.join("src/SUMMARY.md")).expect("SUMMARY.md is written");
    // Toctree order of the DataSud index, then the pages in no toctree.
    let order: Vec<&str> = summary.lines().filter(|l| l.contains("](")).collect();
    assert!(order[0].contains("index.md"));
    let pos = |page: &str| {
        order
            .iter()
            .position(|l| l.contains(page))
            .unwrap_or(usize::MAX)
    };
    assert!(pos("consultation.md") < pos("utilisateurs.md"));
    assert!(pos("services.md") < pos("cadre_legal.md"));
    assert!(pos("developpeurs/index.md") < pos("services.md"));
    assert!(
        pos("contents.md") < usize::MAX,
        "a page in no toctree is appended"
    );
    assert!(!out.join("html").exists(), "--markdown-only writes no HTML");
    let book = mdbook_driver::MDBook::load(&out).expect("the tree loads as a book");
    book.build().expect("mdBook builds it");
    assert!(out.join("html/services.html").is_file());
    assert!(
        out.join("html/checklists/faire-remonter-vos-donnees-sur-data-gouv-fr.pdf")
            .is_file()
    );
    let _ = std::fs::remove_dir_all(&out);
}
