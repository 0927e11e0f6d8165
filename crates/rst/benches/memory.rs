//! Parser memory on one big document: the benchmark corpus
//! (`../shared/corpus/bench`) concatenated `STEPDOC_BENCH_COPIES` times
//! (4 by default, about 47.5 MB) and parsed as one page. Prints the heap
//! the parse holds at its peak and what the finished document keeps, both
//! counted by the allocator (the copy of the input the document keeps as
//! its source included), and their ratio to the input's size; then the
//! same with the bytes handed to the parser (`parse_vec`, as the command
//! line does), which become the source without a copy.
//!
//! Run: `cargo bench -p stepdoc-rst --bench memory`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use stepdoc_rst::{Settings, parse_bytes};

mod support;
use support::rst_files;

/// The system allocator, counting the bytes it has out and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` with the caller's own layout
// and pointer; the counters only add and subtract sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` requires.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let root = match std::env::var_os("STEPDOC_BENCH_CORPUS") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/bench"),
    };
    let copies: usize = std::env::var("STEPDOC_BENCH_COPIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    let mut files = Vec::new();
    rst_files(&root, &mut files);
    files.sort();
    let mut one = Vec::new();
    for f in &files {
        if let Ok(b) = std::fs::read(f) {
            one.extend_from_slice(&b);
            if !one.ends_with(b"\n") {
                one.push(b'\n');
            }
        }
    }
    let input = one.repeat(copies);
    drop(one);
    let size = input.len();
    let settings = Settings::default();
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let start = Instant::now();
    let doc = parse_bytes(&input, &settings, "<big>");
    let secs = start.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = LIVE.load(Ordering::Relaxed) - before;
    let nodes = doc.as_ref().map_or(0, |d| d.tree.len());
    println!(
        "stepdoc memory: {} files x {copies}, {:.2} MB as one document, {nodes} nodes, {secs:.2} s; \
         heap peak {:.0} MB ({:.1}x the input), document kept {:.0} MB ({:.1}x)",
        files.len(),
        mb(size),
        mb(peak),
        peak as f64 / size as f64,
        mb(kept),
        kept as f64 / size as f64,
    );
    if let Ok(doc) = &doc {
        breakdown(&doc.tree);
    }
    drop(doc);
    // As `stepdoc parse` does: the file's bytes handed to the parser, which
    // keeps them as the document's source. The base holds the input, which
    // is dropped once copied, so what the counters add is the parser's
    // own; the source it keeps is added to both figures.
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let owned = input.clone();
    drop(input);
    let doc = stepdoc_rst::parse_vec(owned, &settings, "<big>");
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base) + size;
    let kept = LIVE.load(Ordering::Relaxed).saturating_sub(base) + size;
    println!(
        "  bytes handed over (parse_vec), the source they become counted: heap peak {:.0} MB ({:.1}x), kept {:.0} MB ({:.1}x)",
        mb(peak),
        peak as f64 / size as f64,
        mb(kept),
        kept as f64 / size as f64,
    );
    drop(doc);
}

/// What the tree's nodes hold, by part.
fn breakdown(tree: &stepdoc_rst::Tree) {
    use stepdoc_rst::{NodeId, Value};
    let (mut attr_heap, mut texts, mut with_attrs, mut attr_count) = (0, 0, 0, 0);
    for i in 0..tree.len() {
        let id = NodeId(i as u32);
        if !tree.text_of(id).is_empty() {
            texts += 1;
        }
        if tree.attrs(id).next().is_some() {
            with_attrs += 1;
        }
        for (_, v) in tree.attrs(id) {
            attr_count += 1;
            attr_heap += match v {
                Value::Str(s) => s.capacity(),
                Value::List(l) => {
                    l.capacity() * std::mem::size_of::<String>()
                        + l.iter().map(String::capacity).sum::<usize>()
                }
                _ => 0,
            };
        }
    }
    let attrs = tree.attr_bytes();
    let children = tree.children_bytes();
    let text = tree.text_bytes();
    let nodes = tree.len() * std::mem::size_of::<stepdoc_rst::NodeData>();
    println!(
        "  nodes {:.0} MB ({} B each), texts {:.0} MB ({texts} nodes), attribute lists {:.0} MB \
         ({attr_count} attributes of {with_attrs} nodes), their values' strings {:.0} MB, children lists {:.0} MB",
        mb(nodes),
        std::mem::size_of::<stepdoc_rst::NodeData>(),
        mb(text),
        mb(attrs),
        mb(attr_heap),
        mb(children),
    );
}
