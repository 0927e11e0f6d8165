//! `stepdoc watch`: a first build, then a rebuild when a page changes,
//! while changes in the output folder do not trigger any.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Generous: the machine may be busy; the wait ends as soon as the line comes.
const TIMEOUT: Duration = Duration::from_secs(180);

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Kills the watcher however the test ends.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Wait for a line of standard error that satisfies `want`; the lines
/// seen on the way are returned for messages.
fn wait_for(lines: &mpsc::Receiver<String>, want: impl Fn(&str) -> bool) -> Result<String, String> {
    let deadline = Instant::now() + TIMEOUT;
    let mut seen = String::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                seen.push_str(&line);
                seen.push('\n');
                if want(&line) {
                    return Ok(line);
                }
            }
            Err(_) => break,
        }
    }
    Err(seen)
}

#[test]
fn a_changed_page_is_rebuilt() {
    let dir = std::env::temp_dir().join(format!("stepdoc-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new("docs"), &dir.join("docs"));
    std::fs::copy("book.toml", dir.join("book.toml")).unwrap();
    // The default output folder, inside the project.
    let out: PathBuf = dir.join("target/stepdoc");

    let mut child = Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .args(["watch", "--markdown-only"])
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _guard = Watcher(child);
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });

    let built = |l: &str| l.contains("] built ");
    let first = wait_for(&lines, built).unwrap_or_else(|seen| panic!("no first build:\n{seen}"));
    assert!(first.contains("chapters"), "{first}");
    wait_for(&lines, |l| l.starts_with("watching "))
        .unwrap_or_else(|seen| panic!("not watching:\n{seen}"));
    let page_md = out.join("src/services.md");
    let before = std::fs::read_to_string(&page_md).unwrap();
    assert!(!before.contains("Zanzibar"));

    // A change in the output folder alone is no reason to rebuild; a page
    // change is. The first line to come must be about the page.
    // (A file the build itself writes: the build refuses an output folder
    // holding files of others.)
    std::fs::write(out.join("stepdoc.css"), "/* scratch */").unwrap();
    let page = dir.join("docs/services.rst");
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push_str("\nA new paragraph about Zanzibar.\n");
    std::fs::write(&page, text).unwrap();
    let changed = wait_for(&lines, |l| l.contains("] changed: "))
        .unwrap_or_else(|seen| panic!("no rebuild:\n{seen}"));
    assert!(
        changed.contains("services.rst") && !changed.contains("stepdoc.css"),
        "{changed}"
    );
    wait_for(&lines, built).unwrap_or_else(|seen| panic!("no second build:\n{seen}"));
    let after = std::fs::read_to_string(&page_md).unwrap();
    assert!(after.contains("Zanzibar"), "{after}");
    drop(_guard);
    let _ = std::fs::remove_dir_all(&dir);
}
