//! The choices of a run: how many pages are worked on at once, whether a
//! progress bar may be drawn, and the input encoding that overrides the
//! configuration. The command line makes one [`Options`] from its flags and
//! hands it to [`Project`](crate::project::Project), whose parsing,
//! extraction, build and check all read it. A library user who sets
//! nothing gets every core, no progress bar and the project's configured
//! encoding.
//!
//! Pages are worked on by a pool of worker threads with a large stack
//! ([`WORKER_STACK`]): the renderers and rules walk doctrees recursively, and
//! a doctree is as deep as its page nests. (The parser itself grows its own
//! stack where nesting needs it.)

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::rst::Encoding;

/// The stack of each worker thread. Only the part a walk touches is backed
/// by memory.
pub const WORKER_STACK: usize = 256 << 20;

/// How a run works: the value the command line builds from `--jobs`,
/// `--encoding` and its terminal, passed to
/// [`Project::open_with`](crate::project::Project::open_with).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Pages worked on at once; 0 for one per available core.
    pub jobs: usize,
    /// Whether a progress bar may be drawn on standard error for long runs.
    /// The command line allows it only when standard error is a terminal
    /// and `CI` is not set.
    pub progress: bool,
    /// Read every page with this encoding, whatever the configuration says.
    pub encoding: Option<Encoding>,
}

impl Options {
    /// The number of pages worked on at once.
    pub fn jobs(&self) -> usize {
        match self.jobs {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }

    /// `f` of every item, in the items' order, on a worker pool of
    /// [`jobs`](Self::jobs) threads (sequentially with one job). `what`
    /// names the work on the progress bar.
    pub fn map<T: Sync, R: Send>(
        &self,
        items: &[T],
        what: &str,
        f: impl Fn(&T) -> R + Sync,
    ) -> Vec<R> {
        let jobs = self.jobs();
        let progress = Progress::new(self.progress, items.len(), what);
        let step = |t: &T| {
            let r = f(t);
            progress.inc();
            r
        };
        let out = match (jobs > 1 && items.len() > 1).then(|| pool(jobs)).flatten() {
            Some(pool) => pool.install(|| items.par_iter().map(step).collect()),
            None => items.iter().map(step).collect(),
        };
        progress.finish();
        out
    }
}

/// The worker pool of `jobs` threads, made on first use and kept for the
/// process; `None` when it cannot be had (then work is sequential).
fn pool(jobs: usize) -> Option<&'static rayon::ThreadPool> {
    // One pool per worker count asked for: a process asks for one or two.
    static POOLS: Mutex<Vec<(usize, &'static rayon::ThreadPool)>> = Mutex::new(Vec::new());
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = pools.iter().find(|(n, _)| *n == jobs) {
        return Some(p);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK)
        .thread_name(|i| format!("stepdoc-worker-{i}"))
        .build()
        .ok()?;
    let pool: &'static rayon::ThreadPool = Box::leak(Box::new(pool));
    pools.push((jobs, pool));
    Some(pool)
}

/// Pages past which a progress bar is shown from the start; shorter runs
/// get one once they have lasted [`PROGRESS_AFTER`].
const PROGRESS_PAGES: usize = 50;
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// A progress bar on standard error that appears only for long runs.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    fn new(allowed: bool, len: usize, what: &str) -> Progress {
        let bar = allowed.then(|| {
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

#[cfg(test)]
mod tests {
    use super::Options;

    fn thread_names(jobs: usize) -> Vec<String> {
        let items: Vec<u32> = (0..8).collect();
        let run = Options {
            jobs,
            ..Options::default()
        };
        run.map(&items, "testing", |_| {
            std::thread::current().name().unwrap_or("").to_string()
        })
    }

    #[test]
    fn each_value_runs_with_its_own_job_count() {
        // One job: every item on the calling thread.
        let caller = std::thread::current().name().unwrap_or("").to_string();
        assert!(thread_names(1).iter().all(|n| *n == caller));
        // Two jobs after one, in the same process: on the worker pool.
        assert!(
            thread_names(2)
                .iter()
                .all(|n| n.starts_with("stepdoc-worker-"))
        );
        assert!(thread_names(1).iter().all(|n| *n == caller));
    }

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..100).collect();
        let run = Options {
            jobs: 2,
            ..Options::default()
        };
        assert_eq!(
            run.map(&items, "testing", |i| i * 2),
            (0..100).map(|i| i * 2).collect::<Vec<_>>()
        );
    }
}
