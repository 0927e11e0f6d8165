//! `stepdoc build --check`: the committed output compared with what the
//! sources give, as a unified diff, without writing anything.

#[path = "support/cli.rs"]
mod cli;
use cli::{on_project as stepdoc, text};

#[path = "support/generated.rs"]
mod generated;
#[path = "support/tools.rs"]
mod tools;
use tools::git;

use std::process::Command;

#[test]
fn check_reports_changed_missing_and_stale_files_and_writes_nothing() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let project = work.path().join("project");
    let out = work.path().join("guide");
    generated::write(&project, 6, 2, "v1");

    // No output yet: everything is missing.
    let o = stepdoc(&["build", "--check"], &project, &out);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("missing: src/SUMMARY.md"));
    assert!(!out.exists(), "--check writes nothing");

    let o = stepdoc(&["build"], &project, &out);
    assert!(o.status.success(), "{}", text(&o.stderr));
    for f in [
        "src/SUMMARY.md",
        "src/p0000.md",
        "src/logo.png",
        "src/checklists/task-0.pdf",
        "src/checklists/task-0.html",
        "book.toml",
        "stepdoc.css",
        "schemas/model.schema.json",
        "schemas/task-0.form.schema.json",
        "html/p0000.html",
    ] {
        assert!(out.join(f).is_file(), "{f} is built");
    }
    let o = stepdoc(&["build", "--check"], &project, &out);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty());
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("is up to date"), "{err}");

    // Edit a page, remove one (and its procedure), add one, change the image.
    std::fs::write(
        project.join("docs/p0001.rst"),
        generated::page(1, "v2", false),
    )
    .expect("page edited");
    std::fs::remove_file(project.join("docs/p0002.rst")).expect("page removed");
    let index = std::fs::read_to_string(project.join("docs/index.rst")).expect("index");
    std::fs::write(
        project.join("docs/index.rst"),
        index.replace("   p0002\n", "   p0100\n"),
    )
    .expect("index edited");
    std::fs::write(
        project.join("docs/p0100.rst"),
        generated::page(100, "v1", true),
    )
    .expect("page added");
    let mut png = generated::PNG.to_vec();
    png.push(0);
    std::fs::write(project.join("docs/logo.png"), png).expect("image changed");
    // Hidden files and the HTML are not compared.
    std::fs::write(out.join(".gitignore"), "html/\n").expect(".gitignore");
    std::fs::write(out.join("html/extra.html"), "x").expect("extra HTML");

    let before = generated::snapshot(&out);
    let o = stepdoc(&["build", "--check"], &project, &out);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        generated::snapshot(&out) == before,
        "--check writes nothing"
    );
    let diff = text(&o.stdout);
    assert!(
        diff.contains("--- a/src/p0001.md\n+++ b/src/p0001.md\n@@ -1,5 +1,5 @@\n \n-# Page 1 (v1)"),
        "{diff}"
    );
    assert!(diff.contains("+# Page 1 (v2)"), "{diff}");
    assert!(
        diff.contains("--- a/src/p0002.md\n+++ /dev/null\n"),
        "{diff}"
    );
    assert!(
        diff.contains("--- /dev/null\n+++ b/src/p0100.md\n"),
        "{diff}"
    );
    assert!(
        diff.contains("--- /dev/null\n+++ b/schemas/task-100.form.schema.json\n"),
        "{diff}"
    );
    assert!(
        diff.contains("Binary files a/src/checklists/task-2.pdf and /dev/null differ\n"),
        "{diff}"
    );
    assert!(
        diff.contains("Binary files a/src/logo.png and b/src/logo.png differ\n"),
        "{diff}"
    );
    assert!(
        !diff.contains("html/") && !diff.contains(".gitignore"),
        "{diff}"
    );
    let err = text(&o.stderr);
    for line in [
        "changed: src/SUMMARY.md",
        "changed: src/p0001.md",
        "changed: src/logo.png",
        "missing: src/p0100.md",
        "missing: src/checklists/task-100.pdf",
        "missing: schemas/task-100.form.schema.json",
        "stale: src/p0002.md",
        "stale: src/checklists/task-2.html",
        "stale: schemas/task-2.form.schema.json",
    ] {
        assert!(err.lines().any(|l| l == line), "{line} in:\n{err}");
    }
    assert!(err.contains("is out of date"), "{err}");

    // The diff applies: patching the folder gives the new Markdown.
    let patch = work.path().join("drift.patch");
    std::fs::write(&patch, &o.stdout).expect("patch written");
    if tools::have("patch", "--version", "patch") {
        let st = Command::new("patch")
            .args(["-p1", "-s", "-i"])
            .arg(&patch)
            .current_dir(&out)
            .status()
            .expect("patch runs");
        assert!(st.success());
        assert!(
            std::fs::read_to_string(out.join("src/p0001.md"))
                .expect("patched page")
                .contains("# Page 1 (v2)")
        );
    }

    // A new build brings it up to date, and keeps the hidden file.
    let o = stepdoc(&["build", "--markdown-only"], &project, &out);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(out.join(".gitignore")).expect(".gitignore kept"),
        "html/\n"
    );
    let o = stepdoc(&["build", "--check"], &project, &out);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn check_of_an_unreadable_project_is_a_usage_error() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let o = stepdoc(
        &["build", "--check"],
        &work.path().join("nowhere"),
        &work.path().join("out"),
    );
    assert_eq!(o.status.code(), Some(2));
}

/// Pages and the guide built from them committed together: with the
/// default `revision = "git"` the checklists then name the new commit and
/// `--check` sees drift; `revision = "content"` depends on the sources alone.
#[test]
fn content_revisions_keep_a_guide_committed_with_its_pages_up_to_date() {
    for (mode, drift) in [("git", true), ("content", false)] {
        let work = tempfile::tempdir().expect("a temporary folder");
        let project = work.path().join("project");
        let out = project.join("guide");
        generated::write(&project, 3, 1, "v1");
        let toml = project.join("book.toml");
        let cfg = std::fs::read_to_string(&toml).expect("book.toml");
        std::fs::write(&toml, format!("{cfg}revision = \"{mode}\"\n")).expect("book.toml");
        git(&project, &["init", "-q"]);
        let o = stepdoc(&["build", "--markdown-only"], &project, &out);
        assert!(o.status.success(), "{}", text(&o.stderr));
        git(&project, &["add", "-A"]);
        git(&project, &["commit", "-qm", "pages and guide"]);
        let o = stepdoc(&["build", "--check"], &project, &out);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(drift as i32), "{mode}: {err}");
        if drift {
            assert!(err.contains("changed: src/checklists/task-0.html"), "{err}");
        }
    }
}
