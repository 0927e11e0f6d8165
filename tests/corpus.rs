//! Every `.rst` file of the shared corpus (the CPython and docutils trees,
//! the DataSud pages at HEAD and their ~600 earlier versions) parses
//! without a panic, within a generous time bound, into a tree whose spans
//! all lie inside the source.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use stepdoc::rst::{NodeId, Settings, parse_bytes};

const CORPUS: &str = "../shared/corpus";
/// Far above what any file takes; only a hang or a blow-up reaches it.
const PER_FILE: Duration = Duration::from_secs(20);

#[test]
fn corpus_parses_without_panic_and_spans_stay_inside() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let mut files = Vec::new();
    files.extend(stepdoc::sources::rst_files(&root));
    assert!(
        files.len() > 1000,
        "the shared corpus is beside the repository ({} files)",
        files.len()
    );
    let mut slowest = (Duration::ZERO, PathBuf::new());
    let mut bytes_total = 0usize;
    let mut messages = 0usize;
    for path in &files {
        let bytes = std::fs::read(path).expect("corpus file is readable");
        bytes_total += bytes.len();
        let name = path.display().to_string();
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| parse_bytes(&bytes, &Settings::default(), &name));
        let took = start.elapsed();
        let doc = match result {
            Ok(Ok(doc)) => doc,
            Ok(Err(e)) => {
                // Not text: a clear error is the right outcome.
                assert!(e.to_string().contains("byte offset"), "{name}: {e}");
                continue;
            }
            Err(_) => panic!("parser panicked on {name}"),
        };
        assert!(took < PER_FILE, "{name} took {took:?}");
        if took > slowest.0 {
            slowest = (took, path.clone());
        }
        messages += doc.messages().len();
        check_spans(&doc, &name);
    }
    println!(
        "corpus: {} files, {:.1} MB, {messages} system messages, slowest {:?} ({})",
        files.len(),
        bytes_total as f64 / 1e6,
        slowest.0,
        slowest.1.display()
    );
}

/// Every span lies inside the source and starts on a character boundary.
fn check_spans(doc: &stepdoc::rst::Document, name: &str) {
    let len = doc.source.len() as u32;
    for n in doc.tree.descendants(doc.root) {
        let s = doc.tree.get(n).span;
        assert!(
            s.start <= s.end && s.end <= len,
            "{name}: span {s:?} of {} outside 0..{len}",
            tag(doc, n)
        );
        assert!(
            doc.source.is_char_boundary(s.start as usize),
            "{name}: span {s:?} splits a character"
        );
    }
}

fn tag(doc: &stepdoc::rst::Document, n: NodeId) -> &'static str {
    doc.tree.tag(n).as_str()
}
