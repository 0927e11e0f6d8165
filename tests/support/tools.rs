//! External tools some tests need (chromium, poppler's pdftotext and
//! pdfimages, patch). `.ci/run` installs them. When one is missing, the test
//! fails with the command that installs it; it skips only when
//! `STEPDOC_SKIP_MISSING_TOOLS=1` asks for it.
#![allow(dead_code)] // each test file uses its own part of this module

use std::path::PathBuf;
use std::process::Command;

/// The environment variable that lets tests skip when a tool is missing.
pub const SKIP: &str = "STEPDOC_SKIP_MISSING_TOOLS";

/// Whether a missing tool may be skipped (else it fails the test).
fn missing(tool: &str, package: &str) -> bool {
    if std::env::var_os(SKIP).is_some_and(|v| !v.is_empty() && v != "0") {
        eprintln!("{tool} is not installed: skipped ({SKIP} is set)");
        return false;
    }
    panic!(
        "{tool} is not installed: `apt-get install -y {package}` \
         (or set {SKIP}=1 to skip the tests that need it)"
    );
}

/// Whether `tool` runs (`tool ARG` starts); when it does not, fails the
/// test, or returns false when skipping is asked for.
pub fn have(tool: &str, arg: &str, package: &str) -> bool {
    Command::new(tool).arg(arg).output().is_ok() || missing(tool, package)
}

/// Headless Chromium, or `None` when skipping is asked for.
pub fn chromium() -> Option<PathBuf> {
    let found = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file());
    if found.is_none() {
        missing("chromium", "chromium");
    }
    found
}

/// `git -C DIR ARGS` with a committer set, asserting success: its output.
pub fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
