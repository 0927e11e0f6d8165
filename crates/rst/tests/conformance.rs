//! Conformance with docutils: every parser case of docutils 0.23's own test
//! suite that docutils reproduces with default settings
//! (`../shared/corpus/docutils-cases/reproducible.txt`) is parsed and its
//! pseudo-XML compared with docutils' expected output.
//!
//! The test fails when fewer cases pass than the floor committed in
//! `tests/conformance_floor.txt`. Set `STEPDOC_CONFORMANCE_REPORT=FILE` to
//! write every failing case with its diff to FILE.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use stepdoc_rst::{Settings, parse};

const CASES: &str = "../../../shared/corpus/docutils-cases/cases.jsonl";
const REPRODUCIBLE: &str = "../../../shared/corpus/docutils-cases/reproducible.txt";

fn settings_for(case: &serde_json::Value) -> Settings {
    let mut s = Settings::default();
    for key in ["harness_settings", "settings_overrides"] {
        if let Some(obj) = case[key].as_object() {
            for (k, v) in obj {
                let value = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                // Settings that do not change the doctree are ignored.
                let _ = s.set(k, &value);
            }
        }
    }
    s
}

#[test]
fn docutils_parser_cases() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases_path = manifest.join(CASES);
    let repro_path = manifest.join(REPRODUCIBLE);
    let cases = std::fs::read_to_string(&cases_path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the shared corpus must sit beside the repository)",
            cases_path.display()
        )
    });
    let repro: HashSet<String> = std::fs::read_to_string(&repro_path)
        .unwrap_or_else(|e| panic!("{}: {e}", repro_path.display()))
        .lines()
        .map(str::to_string)
        .collect();
    let floor: usize = std::fs::read_to_string(manifest.join("tests/conformance_floor.txt"))
        .expect("tests/conformance_floor.txt")
        .trim()
        .parse()
        .expect("the floor is a number");

    let mut passed = 0;
    let mut failed = 0;
    let mut report = String::new();
    for line in cases.lines() {
        let case: serde_json::Value =
            serde_json::from_str(line).expect("cases.jsonl holds JSON lines");
        let key = format!(
            "{}#{}#{}",
            case["module"].as_str().unwrap_or(""),
            case["group"].as_str().unwrap_or(""),
            case["index"]
        );
        if !repro.contains(&key) {
            continue;
        }
        let input = case["input"].as_str().unwrap_or("");
        let expected = case["expected_pseudoxml"].as_str().unwrap_or("");
        let settings = settings_for(&case);
        let got = std::panic::catch_unwind(|| parse(input, &settings, "test data").pformat())
            .unwrap_or_else(|_| "<panic>".to_string());
        if got == expected {
            passed += 1;
        } else {
            failed += 1;
            let _ = writeln!(
                report,
                "=== {key}\n--- input\n{input}\n--- expected\n{expected}--- got\n{got}"
            );
        }
    }
    if let Ok(path) = std::env::var("STEPDOC_CONFORMANCE_REPORT") {
        std::fs::write(&path, &report).expect("write the conformance report");
    }
    println!("docutils conformance: {passed} passed, {failed} failed (floor {floor})");
    assert_eq!(
        passed + failed,
        repro.len(),
        "every reproducible case is in cases.jsonl"
    );
    assert!(
        passed >= floor,
        "conformance dropped below the floor: {passed} < {floor}"
    );
}
