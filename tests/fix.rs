//! `stepdoc check --fix` and `--diff`: title adornments lengthened, steps
//! renumbered, pages left alone when a repair is not safe.

#[path = "support/cli.rs"]
mod cli;
use cli::stepdoc;

use std::path::{Path, PathBuf};

/// A folder of pages (no `book.toml`: the folder is the source).
fn pages(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stepdoc-fix-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (p, bytes) in files {
        std::fs::write(dir.join(p), bytes).unwrap();
    }
    dir
}

fn read(dir: &Path, page: &str) -> Vec<u8> {
    std::fs::read(dir.join(page)).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_short_underline_is_lengthened_once() {
    let dir = pages(
        "underline",
        &[(
            "index.rst",
            b"Guide\n=====\n\nA rather long title\n------\n\nText.\n",
        )],
    );
    let (code, out, err) = stepdoc(&["check", s(&dir), "--fix"]);
    assert_eq!(
        String::from_utf8(read(&dir, "index.rst")).unwrap(),
        "Guide\n=====\n\nA rather long title\n-------------------\n\nText.\n"
    );
    assert!(
        err.contains(
            "index.rst:5: fixed SD003: lengthened the title underline from 6 to 19 characters"
        ),
        "{err}"
    );
    assert!(err.contains("Fixed 1 problem in 1 file"), "{err}");
    assert!(out.contains("1 file checked, no problems"), "{out}");
    assert_eq!(code, 0);
    // A second run has nothing left to do and leaves the bytes alone.
    let before = read(&dir, "index.rst");
    let (code, _, err) = stepdoc(&["check", s(&dir), "--fix"]);
    assert!(err.contains("Fixed 0 problems in 0 files"), "{err}");
    assert_eq!(read(&dir, "index.rst"), before);
    assert_eq!(code, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bom_line_endings_and_wide_titles_are_kept() {
    let page = "\u{feff}Guide\r\n=====\r\n\r\n======\r\n  Café 日本\r\n======\r\n\r\nText.\r\n";
    let dir = pages("bom", &[("index.rst", page.as_bytes())]);
    let (code, _, err) = stepdoc(&["check", s(&dir), "--fix"]);
    // "  Café 日本": two spaces, four narrow, a space, two wide characters.
    assert_eq!(
        String::from_utf8(read(&dir, "index.rst")).unwrap(),
        "\u{feff}Guide\r\n=====\r\n\r\n===========\r\n  Café 日本\r\n===========\r\n\r\nText.\r\n"
    );
    assert!(err.contains("overline and underline from 6 to 11"), "{err}");
    assert_eq!(code, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn steps_are_renumbered_in_document_order() {
    let page = "Guide\n=====\n\nAdd a source\n------------\n\n**ETAPE 1 :** Open the page.\n\n**ETAPE 3 :** Click.\n\n**Étape n°3 -** Fill in.\n\n**Step 7:** Save.\n";
    let dir = pages("renumber", &[("index.rst", page.as_bytes())]);
    let (_, found, _) = stepdoc(&["check", s(&dir), "--format", "json"]);
    assert!(found.contains("\"SD101\""), "{found}");
    let (code, out, err) = stepdoc(&["check", s(&dir), "--fix", "--format", "json"]);
    assert_eq!(
        String::from_utf8(read(&dir, "index.rst")).unwrap(),
        "Guide\n=====\n\nAdd a source\n------------\n\n**ETAPE 1 :** Open the page.\n\n**ETAPE 2 :** Click.\n\n**Étape n°3 -** Fill in.\n\n**Step 4:** Save.\n"
    );
    assert!(
        err.contains(
            "index.rst:9: fixed SD101: renumbered the steps of \"Add a source\" (3 → 2, 7 → 4)"
        ),
        "{err}"
    );
    assert!(!out.contains("SD101") && !out.contains("SD106"), "{out}");
    assert_eq!(code, 0);
    let (_, _, err) = stepdoc(&["check", s(&dir), "--fix"]);
    assert!(err.contains("Fixed 0 problems"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_renumbered_title_that_outgrows_its_underline_gets_a_longer_one() {
    let mut page = String::from("Guide\n=====\n\n");
    for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 9] {
        page.push_str(&format!("Step {n}: go\n----------\n\nText {n}.\n\n"));
    }
    let dir = pages("outgrow", &[("index.rst", page.as_bytes())]);
    let (code, _, err) = stepdoc(&["check", s(&dir), "--fix"]);
    let fixed = String::from_utf8(read(&dir, "index.rst")).unwrap();
    assert!(
        fixed.ends_with("Step 10: go\n-----------\n\nText 9.\n\n"),
        "{fixed}\n{err}"
    );
    assert!(
        fixed.contains("Step 9: go\n----------\n\nText 9."),
        "{fixed}"
    );
    assert!(err.contains("Fixed 2 problems in 1 file"), "{err}");
    assert_eq!(code, 0, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diff_prints_the_repairs_and_writes_nothing() {
    let page = b"Guide\n=====\n\nA rather long title\n------\n\nText.\n";
    let dir = pages("diff", &[("index.rst", page)]);
    let (code, out, err) = stepdoc(&["check", s(&dir), "--diff"]);
    let file = format!("{}/index.rst", s(&dir));
    assert_eq!(
        out,
        format!(
            "--- {file}\n+++ {file}\n@@ -2,6 +2,6 @@\n =====\n \n A rather long title\n-------\n+-------------------\n \n Text.\n"
        )
    );
    assert!(err.contains("Would fix 1 problem in 1 file"), "{err}");
    assert!(err.contains("index.rst:5: would fix SD003"), "{err}");
    assert_eq!(code, 1, "a diff to apply");
    assert_eq!(read(&dir, "index.rst"), page);
    // `--fix --diff` is the same; the diff applies with `patch -p0`.
    let (code, out2, _) = stepdoc(&["check", s(&dir), "--fix", "--diff"]);
    assert_eq!((code, &out2), (1, &out));
    assert_eq!(read(&dir, "index.rst"), page);
    // Nothing to fix: no diff, exit 0.
    std::fs::write(dir.join("index.rst"), b"Guide\n=====\n\nText.\n").unwrap();
    let (code, out, _) = stepdoc(&["check", s(&dir), "--diff"]);
    assert_eq!((code, out.as_str()), (0, ""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_page_that_cannot_be_fixed_safely_is_left_alone() {
    // A tab in the title: its width depends on the tab stops.
    let tab = b"Guide\n=====\n\nA long\ttitle\n-----\n\nText.\n";
    // A fixable underline next to an error the run still reports.
    let broken =
        b"Guide\n=====\n\nA rather long title\n------\n\n==========\nNo underline\n\nText.\n";
    let dir = pages("unsafe", &[("tab.rst", tab), ("broken.rst", broken)]);
    let (code, out, err) = stepdoc(&["check", s(&dir), "--fix", "--format", "json"]);
    assert_eq!(read(&dir, "tab.rst"), tab);
    assert!(
        err.contains("tab.rst:5: not fixed SD003: the title contains a tab; left untouched"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let left: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["file"].as_str().unwrap().rsplit('/').next().unwrap(),
                f["line"],
                f["code"].as_str().unwrap()
            )
        })
        .collect();
    assert!(left.contains(&"tab.rst 5 SD003".to_string()), "{left:?}");
    assert!(left.contains(&"broken.rst 7 SD005".to_string()), "{left:?}");
    assert!(
        !left.contains(&"broken.rst 5 SD003".to_string()),
        "{left:?}"
    );
    assert!(v[0]["fixable"].is_boolean());
    assert_eq!(code, 1, "the remaining error fails the run");
    assert!(
        String::from_utf8(read(&dir, "broken.rst"))
            .unwrap()
            .contains("A rather long title\n-------------------\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fixable_rules_are_listed_and_shown() {
    let (code, out, _) = stepdoc(&["rules"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("SD003  warning  title-underline-too-short  (fixable)"),
        "{out}"
    );
    assert!(
        out.contains("SD101  warning  step-numbering  (fixable)"),
        "{out}"
    );
    assert!(
        out.contains("SD006  warning  literal-block-expected\n"),
        "{out}"
    );
    let (_, out, _) = stepdoc(&["rules", "SD003"]);
    assert!(out.contains("Fixable: yes"), "{out}");
    let (_, out, _) = stepdoc(&["rules", "SD006"]);
    assert!(out.contains("Fixable: no"), "{out}");
    let dir = pages(
        "human",
        &[(
            "index.rst",
            b"Guide\n=====\n\nA rather long title\n------\n",
        )],
    );
    let (_, out, _) = stepdoc(&["check", s(&dir)]);
    assert!(
        out.contains("^^^^^^\n  |\n  = help: fixable with `stepdoc check --fix`\n"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_datasud_underline_is_fixed_in_a_copy() {
    let src = Path::new("../shared/corpus/datasud/developpeurs/index.rst");
    let original = std::fs::read(src).unwrap();
    let dir = pages("datasud", &[("index.rst", &original)]);
    let (_, _, err) = stepdoc(&["check", s(&dir), "--fix", "--select", "SD003"]);
    assert!(
        err.contains(
            "index.rst:13: fixed SD003: lengthened the title underline from 8 to 29 characters"
        ),
        "{err}"
    );
    let fixed = String::from_utf8(read(&dir, "index.rst")).unwrap();
    assert!(fixed.contains("Requêter l'API CKAN Catalogue\n=============================\n"));
    // Only adornment lines changed.
    let (a, b): (Vec<&str>, Vec<&str>) = (
        std::str::from_utf8(&original).unwrap().lines().collect(),
        fixed.lines().collect(),
    );
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert!(
            x == y || (y.chars().all(|c| c == '=') && y.starts_with(x)),
            "{x:?} → {y:?}"
        );
    }
    assert_eq!(
        std::fs::read(src).unwrap(),
        original,
        "the corpus itself is untouched"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn only_the_selected_findings_are_fixed() {
    let page = b"Guide\n=====\n\nA rather long title\n------\n\n**ETAPE 1 :** Open.\n\n**ETAPE 3 :** Click.\n";
    let dir = pages("select", &[("index.rst", page)]);
    let (_, _, err) = stepdoc(&["check", s(&dir), "--fix", "--select", "SD101"]);
    assert!(err.contains("Fixed 1 problem in 1 file"), "{err}");
    assert_eq!(
        String::from_utf8(read(&dir, "index.rst")).unwrap(),
        "Guide\n=====\n\nA rather long title\n------\n\n**ETAPE 1 :** Open.\n\n**ETAPE 2 :** Click.\n",
        "the underline (SD003, not selected) is left alone"
    );
    let (_, _, err) = stepdoc(&["check", s(&dir), "--fix", "--ignore", "SD003"]);
    assert!(err.contains("Fixed 0 problems"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
