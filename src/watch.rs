//! `stepdoc watch`: build, then build again whenever a source changes.
//!
//! The project folder is watched as a whole (pages, templates, `book.toml`),
//! plus the source and template folders when they lie outside it. Changes
//! inside the output folder (often `target/stepdoc` or `docs/_build`, inside
//! the project) and in hidden folders (`.git`) are ignored, as are reads:
//! the build itself reads every page. A burst of changes (an editor saving
//! through a temporary file, a `git checkout`) makes one rebuild, once
//! nothing has changed for [`QUIET`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};
use stepdoc::project::Project;

/// How long the sources must stay unchanged before a rebuild.
const QUIET: Duration = Duration::from_millis(200);

pub fn watch(
    dir: Option<&Path>,
    out: Option<&Path>,
    html: bool,
    run: stepdoc::run::Options,
) -> ExitCode {
    let dir = dir.unwrap_or(Path::new("."));
    let dir = match dir.canonicalize() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("stepdoc watch: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let project = match Project::open_with(&dir, run) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("stepdoc watch: {e}");
            return ExitCode::from(2);
        }
    };
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| crate::commands::default_out(&project));
    // The output folder must exist to be recognised in event paths.
    let out = match std::fs::create_dir_all(&out).and_then(|_| out.canonicalize()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("stepdoc watch: {}: {e}", out.display());
            return ExitCode::from(2);
        }
    };

    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("stepdoc watch: cannot watch files: {e}");
            return ExitCode::from(2);
        }
    };
    let mut roots = vec![dir.clone()];
    for extra in [
        Some(project.source.clone()),
        project.config.templates.as_ref().map(|t| dir.join(t)),
    ]
    .into_iter()
    .flatten()
    {
        if let Ok(e) = extra.canonicalize()
            && !roots.iter().any(|r| e.starts_with(r))
        {
            roots.push(e);
        }
    }
    for r in &roots {
        if let Err(e) = watcher.watch(r, RecursiveMode::Recursive) {
            eprintln!("stepdoc watch: cannot watch {}: {e}", r.display());
            return ExitCode::from(2);
        }
    }

    rebuild(&dir, &out, html, &[], run);
    eprintln!(
        "watching {} for changes (output in {}); Ctrl-C stops",
        roots
            .iter()
            .map(|r| r.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        out.display()
    );
    loop {
        // Wait for a change that matters, then for quiet.
        let mut changed: Vec<PathBuf> = Vec::new();
        while changed.is_empty() {
            match rx.recv() {
                Ok(event) => collect(event, &out, &roots, &mut changed),
                // The watcher is gone: nothing more will come.
                Err(_) => return ExitCode::from(2),
            }
        }
        let mut last = Instant::now();
        while last.elapsed() < QUIET {
            match rx.recv_timeout(QUIET - last.elapsed()) {
                Ok(event) => {
                    let before = changed.len();
                    collect(event, &out, &roots, &mut changed);
                    if changed.len() > before {
                        last = Instant::now();
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return ExitCode::from(2),
            }
        }
        changed.sort();
        changed.dedup();
        rebuild(&dir, &out, html, &changed, run);
    }
}

/// Add the paths of an event that should trigger a rebuild.
fn collect(
    event: notify::Result<notify::Event>,
    out: &Path,
    roots: &[PathBuf],
    changed: &mut Vec<PathBuf>,
) {
    let Ok(event) = event else {
        return;
    };
    let relevant = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        // Attribute changes come with reads too (access times).
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    };
    if !relevant {
        return;
    }
    for p in event.paths {
        if p.starts_with(out) {
            continue;
        }
        let hidden = roots
            .iter()
            .find_map(|r| p.strip_prefix(r).ok())
            .is_some_and(|rel| {
                rel.components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            });
        if !hidden {
            changed.push(p);
        }
    }
}

/// Build once and report: the clock time, what changed, the problems, the
/// result and how long it took.
fn rebuild(dir: &Path, out: &Path, html: bool, changed: &[PathBuf], run: stepdoc::run::Options) {
    let clock = clock();
    if !changed.is_empty() {
        let names: Vec<String> = changed
            .iter()
            .take(3)
            .map(|p| p.strip_prefix(dir).unwrap_or(p).display().to_string())
            .collect();
        let more = changed.len().saturating_sub(names.len());
        eprintln!(
            "[{clock}] changed: {}{}",
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    // The configuration may have changed too: open the project afresh.
    let project = match Project::open_with(dir, run) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("[{clock}] error: {e}");
            return;
        }
    };
    let start = Instant::now();
    match stepdoc::build::build(&project, out, html) {
        Ok(report) => {
            for p in &report.problems {
                eprintln!("warning: {p}");
            }
            let procedures = report.procedures();
            eprintln!(
                "[{clock}] built {} chapters, {procedures} procedures in {:.2} s{}",
                report.chapters,
                start.elapsed().as_secs_f64(),
                if report.problems.is_empty() {
                    String::new()
                } else {
                    format!(", {} problems", report.problems.len())
                }
            );
        }
        Err(e) => eprintln!("[{clock}] build failed: {e}"),
    }
}

/// The time of day, `HH:MM:SS` UTC.
fn clock() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let s = secs % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}
