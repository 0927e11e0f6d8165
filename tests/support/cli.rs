//! Running the `stepdoc` binary from integration tests.
#![allow(dead_code)] // each test file uses its own part of this module

use std::path::Path;
use std::process::{Command, Output};

/// `stepdoc ARGS`: (exit code, standard output, standard error); -1 when
/// killed by a signal.
pub fn stepdoc(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .args(args)
        .output()
        .expect("stepdoc runs");
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// `stepdoc ARGS PROJECT --out OUT`.
pub fn on_project(args: &[&str], project: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .args(args)
        .arg(project)
        .arg("--out")
        .arg(out)
        .output()
        .expect("stepdoc runs")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
