//! A generated project for build tests: an index page whose toctree lists
//! `pages` pages, every `every`-th with a three-step procedure, and one
//! image. `version` goes into every page title, so that two versions give
//! two different outputs.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// A 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

pub fn page(i: usize, version: &str, procedure: bool) -> String {
    let title = format!("Page {i} ({version})");
    let mut s = format!(
        "{}\n{title}\n{}\n\nSome text about topic {i}, with *emphasis* and a list:\n\n- one\n- two\n\n",
        "=".repeat(title.len()),
        "=".repeat(title.len())
    );
    if procedure {
        s.push_str(&format!(
            "Task {i}\n{}\n\n**Step 1:** Open the form {i}.\n\n**Name**: the name of the thing.\n\n\
             **Step 2:** Fill it in.\n\n.. note:: Keep a copy.\n\n**Step 3:** Send it.\n",
            "-".repeat(format!("Task {i}").len())
        ));
    }
    s
}

/// Write the project into `dir` (replacing its `docs/`).
pub fn write(dir: &Path, pages: usize, every: usize, version: &str) {
    let docs = dir.join("docs");
    let _ = std::fs::remove_dir_all(&docs);
    std::fs::create_dir_all(&docs).expect("docs/ is created");
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Generated\"\nlanguage = \"en\"\n\n[preprocessor.stepdoc]\nsource = \"docs\"\n",
    )
    .expect("book.toml is written");
    let mut index = format!(
        "Guide {version}\n=========={}\n\n.. image:: logo.png\n\n.. toctree::\n\n",
        "=".repeat(version.len())
    );
    for i in 0..pages {
        index.push_str(&format!("   p{i:04}\n"));
        std::fs::write(
            docs.join(format!("p{i:04}.rst")),
            page(i, version, every > 0 && i % every == 0),
        )
        .expect("a page is written");
    }
    std::fs::write(docs.join("index.rst"), index).expect("index.rst is written");
    std::fs::write(docs.join("logo.png"), PNG).expect("the image is written");
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("the folder can be walked");
        if e.file_type().is_dir() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(dir)
            .expect("walked paths are under the root")
            .to_string_lossy()
            .replace('\\', "/");
        out.insert(
            rel,
            std::fs::read(e.path()).expect("a walked file can be read"),
        );
    }
    out
}

/// Entries of `dir` whose name starts with `.stepdoc-` (leftovers of builds).
pub fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("the folder can be read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".stepdoc-"))
        .collect()
}
