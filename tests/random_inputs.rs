//! The fuzz targets' pipelines (`fuzz/fuzz_targets/`) on a few thousand
//! deterministic random inputs: corpus files cut, spliced and mutated byte
//! by byte (as libFuzzer mutates), so that `cargo test` exercises what the
//! fuzzers run without a nightly toolchain.

use std::path::Path;

use stepdoc::config::Config;
use stepdoc::extract::{PageInfo, extract};

use stepdoc::render::{checklist, labels};
use stepdoc::rst::{Settings, parse_bytes};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"*",
    b"**",
    b"``",
    b"`",
    b"|",
    b"_",
    b"__",
    b":",
    b"::",
    b".. ",
    b"\n",
    b"\n\n",
    b"   ",
    b"\t",
    b"+---+",
    b"| ",
    b"===",
    b"---",
    b"- ",
    b"1. ",
    b"#. ",
    b"[#]_",
    b".. note::",
    b".. figure::",
    b".. csv-table::",
    b".. list-table::",
    b".. |s| replace::",
    b":role:`",
    b"\\",
    b"\r",
    b"\xc3\xa9",
    b"\xe6\x97\xa5",
    b"**ETAPE 1:**",
    b"Etape 2 -",
    b"\xe2\x80\xa8",
];

fn mutate(r: &mut Rng, base: &[u8], other: &[u8]) -> Vec<u8> {
    mutate_with(r, base, other, TOKENS)
}

fn mutate_with(r: &mut Rng, base: &[u8], other: &[u8], tokens: &[&[u8]]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..1 + r.below(8) {
        let at = r.below(v.len() + 1);
        match r.below(6) {
            0 if !v.is_empty() => {
                let i = r.below(v.len());
                v[i] = r.next() as u8;
            }
            1 if !v.is_empty() => {
                let end = (at + r.below(64)).min(v.len());
                v.drain(at.min(end)..end);
            }
            2 => {
                let t = tokens[r.below(tokens.len())];
                v.splice(at..at, t.iter().copied());
            }
            3 if !other.is_empty() => {
                let s = r.below(other.len());
                let e = (s + r.below(512)).min(other.len());
                v.splice(at..at, other[s..e].iter().copied());
            }
            4 if !v.is_empty() => {
                let s = r.below(v.len());
                let e = (s + r.below(128)).min(v.len());
                let chunk = v[s..e].to_vec();
                v.splice(at..at, chunk);
            }
            _ => v.truncate(at),
        }
    }
    v
}

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = Vec::new();
    files.extend(stepdoc::sources::rst_files(&root.join("datasud")));
    files.extend(stepdoc::sources::rst_files(
        &root.join("bench/docutils-docs"),
    ));
    let mut out: Vec<Vec<u8>> = files
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| b.len() < 16_000)
        .collect();
    out.push(b"Title\n=====\n\n**ETAPE 1:** Fill *this*.\n\n:Nom: x\n".to_vec());
    out
}

/// MyST's markup, spliced into Markdown seeds.
const MD_TOKENS: &[&[u8]] = &[
    b"```",
    b"```{note}\n",
    b"````{warning} Title\n",
    b":::",
    b":::{tip}\n",
    b"::::{admonition} x\n",
    b":class: c\n",
    b"---\nkey: v\n---\n",
    b"{ref}`",
    b"{guilabel}`Save`",
    b"(label)=\n",
    b"% comment\n",
    b"+++\n",
    b"> [!NOTE]\n> ",
    b"| a | b |\n|---|---|\n",
    b"[^1]",
    b"[^1]: ",
    b"- [ ] ",
    b"1. ",
    b"# ",
    b"```{eval-rst}\n.. note:: x\n```\n",
    b"```{code-block} python\n",
    b"$x$",
    b"<div>",
    b"\n",
    b"    ",
    b"\xc3\xa9",
];

fn run_all(data: &[u8], with_pdf: bool) {
    let Ok(doc) = parse_bytes(data, &Settings::default(), "fuzz.rst") else {
        return;
    };
    run_pipelines(&doc, with_pdf);
}

/// A Markdown input through the same pipelines.
fn run_all_markdown(data: &[u8], with_pdf: bool) {
    let text = String::from_utf8_lossy(data);
    let doc = stepdoc::markdown::parse(&text, &Settings::default(), "fuzz.md");
    for &n in doc.nodes() {
        let s = doc.tree.get(n).span;
        assert!(s.start <= s.end && s.end as usize <= text.len(), "{s:?}");
    }
    run_pipelines(&doc, with_pdf);
}

fn run_pipelines(doc: &stepdoc::rst::Document, with_pdf: bool) {
    let _ = doc.pformat();
    let _ = doc.to_json();
    let info = PageInfo {
        rel_path: "fuzz.rst",
        root: None,
        revision: String::new(),
    };
    let model = extract(doc, &info, &Config::default());
    let _ = serde_json::to_string(&model);
    let _ = stepdoc::render::markdown::render_alone(
        doc,
        &model.procedures,
        &labels::EN,
        "fuzz.md",
        "page",
    );
    if with_pdf {
        for p in model.procedures.iter().take(1) {
            let data = checklist::data(
                p,
                "fuzz.rst",
                "",
                &labels::EN,
                "en",
                checklist::Paper::A4,
                &Default::default(),
            );
            checklist::pdf(checklist::DEFAULT_TEMPLATE, &data, &p.id)
                .unwrap_or_else(|e| panic!("checklist does not compile: {e}"));
        }
    }
}

#[test]
fn mutated_corpus_inputs_go_through_every_pipeline() {
    let seeds = seeds();
    assert!(
        !seeds.is_empty(),
        "the shared corpus is beside the repository"
    );
    let n = if cfg!(debug_assertions) {
        2_000
    } else {
        10_000
    };
    let mut r = Rng(0x5EED_1234_ABCD_0001);
    for i in 0..n {
        let base = &seeds[r.below(seeds.len())];
        let other = &seeds[r.below(seeds.len())];
        let input = mutate(&mut r, base, other);
        let result = std::panic::catch_unwind(|| run_all(&input, i % 500 == 0));
        if result.is_err() {
            panic!(
                "input {i} panics:\n{:?}",
                String::from_utf8_lossy(&input[..input.len().min(4000)])
            );
        }
    }
}

#[test]
fn mutated_markdown_inputs_go_through_every_pipeline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds: Vec<Vec<u8>> = walkdir::WalkDir::new(root.join("../shared/corpus/myst/docs"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter(|b| b.len() < 16_000)
        .collect();
    seeds.extend(std::fs::read(
        root.join("tests/fixtures/markdown/services.md"),
    ));
    assert!(seeds.len() > 5, "the MyST corpus is beside the repository");
    let n = if cfg!(debug_assertions) { 1_000 } else { 5_000 };
    let mut r = Rng(0x5EED_1234_ABCD_0002);
    for i in 0..n {
        let base = &seeds[r.below(seeds.len())];
        let other = &seeds[r.below(seeds.len())];
        let input = mutate_with(&mut r, base, other, MD_TOKENS);
        let result = std::panic::catch_unwind(|| run_all_markdown(&input, i % 500 == 0));
        if result.is_err() {
            panic!(
                "Markdown input {i} panics:\n{:?}",
                String::from_utf8_lossy(&input[..input.len().min(4000)])
            );
        }
    }
}
