//! Parser throughput on the benchmark corpus (`../shared/corpus/bench`):
//! every `.rst` file is parsed, single-threaded, several rounds; prints MB/s.
//! `scripts/bench-vs-docutils.sh` runs this and docutils on the same files
//! in the same run and prints the ratio.
//!
//! Run: `cargo bench --bench parse`.

use std::path::Path;
use std::time::Instant;

use stepdoc_rst::{Settings, parse_bytes};

mod support;
use support::rst_files;

fn main() {
    // `STEPDOC_BENCH_CORPUS=DIR` measures another tree of `.rst` files.
    let root = match std::env::var_os("STEPDOC_BENCH_CORPUS") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/bench"),
    };
    let mut files = Vec::new();
    rst_files(&root, &mut files);
    files.sort();
    let inputs: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(p).ok()?)))
        .collect();
    let total: usize = inputs.iter().map(|(_, b)| b.len()).sum();
    let settings = Settings::default();
    let rounds = std::env::var("STEPDOC_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mut best = f64::INFINITY;
    let mut nodes = 0usize;
    for _ in 0..rounds {
        let start = Instant::now();
        nodes = 0;
        for (name, bytes) in &inputs {
            if let Ok(doc) = parse_bytes(bytes, &settings, name) {
                nodes += doc.tree.len();
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let mb = total as f64 / 1e6;
    println!(
        "stepdoc parse: {} files, {:.2} MB, {} nodes, best of {rounds}: {:.3} s, {:.2} MB/s",
        inputs.len(),
        mb,
        nodes,
        best,
        mb / best
    );
}
