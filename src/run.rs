//! Process-wide choices of a run, set once by the command line before any
//! work starts: how many pages are worked on at once, whether a progress bar
//! may be drawn, and the input encoding that overrides the configuration.
//! A library user who sets nothing gets every core, no progress bar and the
//! project's configured encoding.
//!
//! Pages are parsed on a pool of worker threads whose stacks are sized for
//! the parser ([`crate::rst::PARSER_STACK`]): a parse started on one of them
//! runs in place instead of on a thread of its own, so the number of
//! big-stack threads is bounded by the worker count.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::rst::Encoding;

static JOBS: AtomicUsize = AtomicUsize::new(0);
static PROGRESS: AtomicBool = AtomicBool::new(false);
static ENCODING: OnceLock<Encoding> = OnceLock::new();

/// Work on `n` pages at once (0: one per available core). Takes effect only
/// before the first parallel map of the process.
pub fn set_jobs(n: usize) {
    JOBS.store(n, Ordering::Relaxed);
}

/// The number of pages worked on at once.
pub fn jobs() -> usize {
    match JOBS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// Allow a progress bar on standard error for long runs. The command line
/// allows it only when standard error is a terminal and `CI` is not set.
pub fn set_progress(on: bool) {
    PROGRESS.store(on, Ordering::Relaxed);
}

/// Read every page with this encoding, whatever the configuration says.
/// Only the first call counts.
pub fn set_encoding(e: Encoding) {
    let _ = ENCODING.set(e);
}

/// The encoding set by [`set_encoding`], if any.
pub fn encoding() -> Option<Encoding> {
    ENCODING.get().copied()
}

/// The worker pool, or `None` when it cannot be had (then work is sequential).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs())
            .stack_size(crate::rst::PARSER_STACK)
            .thread_name(|i| format!("stepdoc-worker-{i}"))
            // Workers have the parser's stack: it parses on them directly.
            .start_handler(|_| crate::rst::declare_thread_stack(crate::rst::PARSER_STACK))
            .build()
            .ok()
    })
    .as_ref()
}

/// Pages past which a progress bar is shown from the start; shorter runs
/// get one once they have lasted [`PROGRESS_AFTER`].
const PROGRESS_PAGES: usize = 50;
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// `f` of every item, in the items' order, on the worker pool (sequentially
/// with one job). `what` names the work on the progress bar.
pub fn map<T: Sync, R: Send>(items: &[T], what: &str, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let progress = Progress::new(items.len(), what);
    let step = |t: &T| {
        let r = f(t);
        progress.inc();
        r
    };
    let out = match pool() {
        Some(pool) if jobs() > 1 && items.len() > 1 => {
            pool.install(|| items.par_iter().map(step).collect())
        }
        _ => items.iter().map(step).collect(),
    };
    progress.finish();
    out
}

/// A progress bar on standard error that appears only for long runs.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    fn new(len: usize, what: &str) -> Progress {
        let bar = PROGRESS.load(Ordering::Relaxed).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(len as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(what.to_string());
            bar
        });
        let p = Progress {
            bar,
            start: Instant::now(),
            shown: AtomicBool::new(false),
        };
        if len > PROGRESS_PAGES {
            p.show();
        }
        p
    }

    fn show(&self) {
        if let Some(bar) = &self.bar
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn inc(&self) {
        if let Some(bar) = &self.bar {
            if !self.shown.load(Ordering::Relaxed) && self.start.elapsed() > PROGRESS_AFTER {
                self.show();
            }
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
