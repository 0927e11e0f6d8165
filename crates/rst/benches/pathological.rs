//! Scaling of the parser on pathological inputs: each input of
//! `tests/support/pathological.rs` is parsed at size n and 10n in the same
//! run (best of a few rounds each) and the ratio of times is printed.
//! Linear is about 10; about 100 is quadratic.
//!
//! Run: `cargo bench --bench pathological` (set `STEPDOC_PATHO_ONLY=text`
//! to run the cases whose name contains `text`).

#[path = "../tests/support/pathological.rs"]
mod support;

use std::time::{Duration, Instant};

use stepdoc_rst::{Settings, parse};

fn time(text: &str, settings: &Settings) -> Duration {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    // At least two rounds, more while short.
    let mut rounds = 0;
    while rounds < 2 || (total < Duration::from_millis(300) && rounds < 20) {
        let start = Instant::now();
        let doc = parse(text, settings, "bench");
        let took = start.elapsed();
        std::hint::black_box(doc.tree.len());
        best = best.min(took);
        total += took;
        rounds += 1;
    }
    best
}

fn main() {
    let only = std::env::var("STEPDOC_PATHO_ONLY").ok();
    println!(
        "{:<52} {:>9} {:>11} {:>11} {:>7}",
        "input", "n", "t(n)", "t(10n)", "ratio"
    );
    for case in support::cases() {
        if only.as_deref().is_some_and(|o| !case.name.contains(o)) {
            continue;
        }
        let settings = Settings {
            line_length_limit: if case.long_lines {
                usize::MAX
            } else {
                Settings::default().line_length_limit
            },
            ..Settings::default()
        };
        let small = (case.make)(case.bench_n);
        let large = (case.make)(case.bench_n * 10);
        let t1 = time(&small, &settings);
        let t10 = time(&large, &settings);
        println!(
            "{:<52} {:>9} {:>11.2?} {:>11.2?} {:>7.1}",
            case.name,
            case.bench_n,
            t1,
            t10,
            t10.as_secs_f64() / t1.as_secs_f64().max(1e-9)
        );
    }
}
