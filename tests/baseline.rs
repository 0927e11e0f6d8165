//! `stepdoc check --schema-baseline`: form schema changes against a
//! committed baseline (`stepdoc schema form --all --out DIR`).

#[path = "support/cli.rs"]
mod cli;
use cli::stepdoc;

use std::path::{Path, PathBuf};

use serde_json::Value;

const PAGE: &str = "Guide
=====

Add a source
------------

**ETAPE 1 :** Open the administration page.

.. stepdoc: field Name required maps-to=title help=\"What the source is called.\"
.. stepdoc: field URL kind=url required help=\"Where the catalogue is.\"

**ETAPE 2 :** Describe the source.

.. stepdoc: field Type value=ckan help=\"The harvester.\"
.. stepdoc: field Active kind=checkbox optional
";

/// A folder of pages with a baseline written from `PAGE`; returns the
/// folder and the baseline folder.
fn project(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("stepdoc-baseline-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/index.rst"), PAGE).unwrap();
    let base = dir.join("schemas");
    let (code, _, err) = stepdoc(&[
        "schema",
        "form",
        "--all",
        "--out",
        base.to_str().unwrap(),
        "--project",
        dir.join("docs").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 1 form schema"), "{err}");
    assert!(base.join("add-a-source.form.schema.json").is_file());
    (dir, base)
}

/// Findings (code and message) of a check against the baseline, and the exit code.
fn check(dir: &Path, base: &Path, extra: &[&str]) -> (i32, Vec<(String, String, u64)>) {
    let mut args = vec![
        "check",
        dir.to_str().unwrap(),
        "--schema-baseline",
        base.to_str().unwrap(),
        "--select",
        "SD4",
        "--format",
        "json",
    ];
    args.extend(extra);
    let (code, out, err) = stepdoc(&args);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    let found = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    (code, found)
}

fn edit(dir: &Path, from: &str, to: &str) {
    let p = dir.join("docs/index.rst");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_unchanged_project_matches_its_baseline() {
    let (dir, base) = project("same");
    let (code, found) = check(&dir.join("docs"), &base, &[]);
    assert_eq!((code, found), (0, vec![]));
    // Moving the procedure down the page changes no answer file.
    edit(&dir, "Guide\n=====\n", "Guide\n=====\n\nAn introduction.\n");
    let (code, found) = check(&dir.join("docs"), &base, &["--deny", "warnings"]);
    assert_eq!((code, found), (0, vec![]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_removed_required_field_breaks() {
    let (dir, base) = project("removed");
    edit(
        &dir,
        ".. stepdoc: field URL kind=url required help=\"Where the catalogue is.\"\n",
        "",
    );
    let (code, found) = check(&dir.join("docs"), &base, &[]);
    assert_eq!(
        found,
        [(
            "SD401".to_string(),
            "form \"add-a-source\": required field \"url\" removed: answer files that give it no longer validate".to_string(),
            4
        )]
    );
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_renamed_field_breaks() {
    let (dir, base) = project("renamed");
    edit(
        &dir,
        "field Name required",
        "field \"Source name\" required",
    );
    let (code, found) = check(&dir.join("docs"), &base, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "SD401");
    assert!(
        found[0]
            .1
            .contains("field \"name\" renamed to \"source_name\""),
        "{found:?}"
    );
    assert_eq!(found[0].2, 7, "at the step that holds the field");
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_retyped_field_and_a_changed_constant_break() {
    let (dir, base) = project("retyped");
    edit(
        &dir,
        "field Active kind=checkbox",
        "field Active kind=number",
    );
    edit(&dir, "field Type value=ckan", "field Type value=csw");
    let (code, found) = check(&dir.join("docs"), &base, &[]);
    let messages: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(
        messages,
        [
            "form \"add-a-source\": field \"active\" retyped from \"boolean\" to \"number\"",
            "form \"add-a-source\": field \"type\" fixed value changed from \"ckan\" to \"csw\"",
        ]
    );
    assert!(found.iter().all(|f| f.0 == "SD401" && f.2 == 12));
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_optional_field_is_an_addition_that_does_not_fail() {
    let (dir, base) = project("added");
    edit(
        &dir,
        "kind=checkbox optional\n",
        "kind=checkbox optional\n.. stepdoc: field Contact kind=email optional\n",
    );
    let (code, found) = check(&dir.join("docs"), &base, &["--deny", "warnings"]);
    assert_eq!(
        found,
        [(
            "SD402".to_string(),
            "form \"add-a-source\": new optional field \"contact\"".to_string(),
            12
        )]
    );
    assert_eq!(code, 0, "an addition never fails the run");
    // Additions show without selecting SD402; a required new field breaks.
    let (_, out, _) = stepdoc(&[
        "check",
        dir.join("docs").to_str().unwrap(),
        "--schema-baseline",
        base.to_str().unwrap(),
    ]);
    assert!(
        out.contains("info[SD402]: form \"add-a-source\": new optional field"),
        "{out}"
    );
    edit(
        &dir,
        "field Contact kind=email optional",
        "field Contact kind=email required help=\"Who\"",
    );
    let (code, found) = check(&dir.join("docs"), &base, &[]);
    assert!(
        found
            .iter()
            .any(|f| f.0 == "SD401" && f.1.contains("new required field \"contact\"")),
        "{found:?}"
    );
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_removed_procedure_breaks_and_regenerating_accepts_it() {
    let (dir, base) = project("gone");
    std::fs::write(
        dir.join("docs/index.rst"),
        "Guide\n=====\n\nNo procedure any more.\n",
    )
    .unwrap();
    let (code, found) = check(&dir.join("docs"), &base, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.starts_with("procedure \"add-a-source\" removed"),
        "{found:?}"
    );
    assert_eq!(code, 1);
    // The page itself gone: the finding names the baseline file.
    std::fs::write(dir.join("docs/index.rst"), "").unwrap();
    std::fs::remove_file(dir.join("docs/index.rst")).unwrap();
    std::fs::write(dir.join("docs/other.rst"), "Other\n=====\n").unwrap();
    let (_, out, _) = stepdoc(&[
        "check",
        dir.join("docs").to_str().unwrap(),
        "--schema-baseline",
        base.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(
        v.as_array().unwrap().iter().any(|f| f["code"] == "SD401"
            && f["file"]
                .as_str()
                .unwrap()
                .ends_with("schemas/add-a-source.form.schema.json")),
        "{out}"
    );
    // Regenerating the baseline drops the stale schema.
    let (code, _, err) = stepdoc(&[
        "schema",
        "form",
        "--all",
        "--out",
        base.to_str().unwrap(),
        "--project",
        dir.join("docs").to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(err.contains("removed"), "{err}");
    assert!(!base.join("add-a-source.form.schema.json").exists());
    let (code, found) = check(&dir.join("docs"), &base, &[]);
    assert_eq!((code, found), (0, vec![]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_baseline_is_a_usage_error() {
    let (dir, base) = project("bad");
    std::fs::write(base.join("x.form.schema.json"), "{ not json").unwrap();
    let (code, _, err) = stepdoc(&[
        "check",
        dir.join("docs").to_str().unwrap(),
        "--schema-baseline",
        base.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not JSON"), "{err}");
    let (code, _, _) = stepdoc(&[
        "check",
        dir.join("docs").to_str().unwrap(),
        "--schema-baseline",
        dir.join("nowhere").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    let _ = std::fs::remove_dir_all(&dir);
}
