//! Honest exit codes, and nothing lost on failure: a run that finds no page,
//! a page that cannot be decoded, answers that do not fit the form.

#[path = "support/cli.rs"]
mod cli;

use std::collections::BTreeMap;
use std::path::Path;

use cli::stepdoc;

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temporary path")
}

/// Every file under `dir` with its bytes (the HTML book aside: mdBook
/// writes it after the swap decides).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

const PAGE: &str = "Title\n=====\n\nSome text.\n";

#[test]
fn no_page_found_exits_2_and_says_where_it_looked() {
    let tmp = tempfile::tempdir().unwrap();
    // A text file is no page (a `.md` one is, in a folder without conf.py).
    std::fs::write(tmp.path().join("notes.txt"), "not a page\n").unwrap();
    for cmd in ["build", "check"] {
        let (code, out, err) = stepdoc(&[cmd, s(tmp.path())]);
        assert_eq!(code, 2, "{cmd}: {out}{err}");
        assert!(err.contains("no page found in"), "{cmd}: {err}");
        assert!(err.contains(s(tmp.path())), "{cmd} names the folder: {err}");
        assert!(err.contains(".rst"), "{cmd} names the suffixes: {err}");
        assert!(!out.contains("no problems"), "{cmd}: {out}");
    }
    // conf.py's source_suffix is what is looked for (a `.md` page is one
    // only where conf.py loads MyST or maps a suffix to Markdown).
    std::fs::remove_file(tmp.path().join("notes.txt")).unwrap();
    std::fs::write(tmp.path().join("notes.md"), "# not a page here\n").unwrap();
    std::fs::write(tmp.path().join("conf.py"), "source_suffix = ['.txt']\n").unwrap();
    let (code, _, err) = stepdoc(&["build", s(tmp.path())]);
    assert_eq!(code, 2);
    assert!(err.contains(".txt"), "{err}");
    assert!(!err.contains(".md"), "{err}");
}

#[test]
fn an_undecodable_page_fails_the_build_and_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("index.rst"),
        "Guide\n=====\n\n.. toctree::\n\n   a\n   b\n",
    )
    .unwrap();
    std::fs::write(docs.join("a.rst"), PAGE).unwrap();
    std::fs::write(docs.join("b.rst"), PAGE.replace("Title", "Second")).unwrap();
    let out = tmp.path().join("out");
    let (code, _, err) = stepdoc(&["build", s(&docs), "--out", s(&out), "--markdown-only"]);
    assert_eq!(code, 0, "{err}");
    let before = snapshot(&out);
    assert!(before.keys().any(|k| k.ends_with("b.md")), "{before:?}");

    // b.rst is no longer UTF-8.
    std::fs::write(docs.join("b.rst"), b"Second\n======\n\ncaf\xe9\n").unwrap();
    let (code, _, err) = stepdoc(&["build", s(&docs), "--out", s(&out), "--markdown-only"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("b.rst"), "names the page: {err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        snapshot(&out),
        before,
        "the previous output stays as it was"
    );

    // --keep-going builds the rest, and still fails.
    let (code, _, err) = stepdoc(&[
        "build",
        s(&docs),
        "--out",
        s(&out),
        "--markdown-only",
        "--keep-going",
    ]);
    assert_eq!(code, 2, "{err}");
    let after = snapshot(&out);
    assert!(after.keys().any(|k| k.ends_with("a.md")), "{after:?}");
    assert!(!after.keys().any(|k| k.ends_with("b.md")), "{after:?}");
    assert!(err.contains("could not be read"), "{err}");
}

#[test]
fn check_never_says_no_problems_when_a_page_cannot_be_read() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("bad.rst"), b"T\n=\n\n\xff\xfe\n").unwrap();
    let (code, out, err) = stepdoc(&["check", s(&tmp.path().join("bad.rst"))]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(!out.contains("no problems"), "{out}");
    assert!(out.contains("could not be read"), "{out}");
}

#[test]
fn checklist_answers_that_do_not_fit_the_form_exit_1_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let id = "faire-remonter-vos-donnees-sur-data-gouv-fr";
    let wrong_types = tmp.path().join("wrong.yaml");
    std::fs::write(&wrong_types, "url: 12\nimplementation: dkan\nactif: 3\n").unwrap();
    let plain = tmp.path().join("plain.yaml");
    std::fs::write(&plain, "ftp://elsewhere\n").unwrap();
    let empty = tmp.path().join("empty.yaml");
    std::fs::write(&empty, "").unwrap();
    for answers in [&wrong_types, &plain, &empty] {
        let out = tmp.path().join("out");
        let (vcode, vout, _) = stepdoc(&["validate", s(answers), "--procedure", id]);
        assert_eq!(vcode, 1, "validate rejects {answers:?}: {vout}");
        let (code, _, err) = stepdoc(&["checklist", id, "--answers", s(answers), "--out", s(&out)]);
        assert_eq!(code, 1, "{answers:?}: {err}");
        // validate's messages, each of them.
        for line in vout.lines() {
            assert!(err.contains(line), "{line:?} in {err}");
        }
        assert!(!out.exists(), "nothing written for {answers:?}");
    }
    // Valid answers still make the checklist.
    let out = tmp.path().join("good");
    let (code, _, err) = stepdoc(&[
        "checklist",
        id,
        "--answers",
        "tests/answers/harvest-good.yaml",
        "--out",
        s(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join(format!("{id}.pdf")).is_file());
}
