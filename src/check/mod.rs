//! `stepdoc check`: validation of documentation edits, with exact positions.
//!
//! Rules are organised like ruff's: one rule per file under [`rules`], each
//! with a stable code, a name, a description, a default severity and a check
//! function. The runner parses the pages of a project, extracts the
//! procedure model, runs every enabled rule, applies the configuration
//! (`[preprocessor.stepdoc.check]` of `book.toml`), the command-line
//! selection and the inline suppressions (`.. stepdoc: ignore[CODE]` for the
//! next block, `.. stepdoc: ignore-file[CODE]` for the whole file), and
//! returns findings sorted by file and position. [`formats`] prints them.

pub mod baseline;
pub mod fix;
pub mod formats;
pub mod rules;

use crate::rst::Tag;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::extract::annotations::{self, Annotation};
use crate::model::Export;
use crate::project::{Page, PageError, Project};
use crate::rst::Span;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rule does not run.
    Off,
    /// Reported only when the rule is selected explicitly (docutils' INFO);
    /// shown as `info`. Never fails a run.
    Hidden,
    Warning,
    Error,
}

impl Severity {
    /// `off`, `hidden` (or `info`), `warning`, `error`.
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "off" | "none" => Severity::Off,
            "hidden" | "info" => Severity::Hidden,
            "warning" | "warn" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }

    /// The name printed in findings.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Hidden => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity of a docutils system message level.
    pub fn from_level(level: u8) -> Severity {
        match level {
            0 | 1 => Severity::Hidden,
            2 => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The file as the user names it (source folder joined with the page).
    pub file: String,
    /// 1-based line and column (characters); the end is exclusive.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The page, relative to the source root (for suppressions).
    #[serde(skip)]
    pub rel: String,
}

/// A rule: what `stepdoc rules` lists and the runner runs.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    /// One paragraph: what the rule finds, why it matters, how to fix it.
    pub description: &'static str,
    pub default: Severity,
    /// `stepdoc check --fix` can repair its findings (see [`fix`]).
    pub fixable: bool,
    pub check: fn(&Context, &mut Vec<Finding>),
}

/// What a rule sees: the checked pages, every page of the project (for
/// references across pages) and the model.
pub struct Context<'a> {
    pub project: &'a Project,
    /// Every page of the project, parsed.
    pub pages: &'a [Page],
    /// Relative paths of the pages to report on.
    pub checked: &'a HashSet<String>,
    pub model: &'a Export,
    /// How files are named in findings: the source folder as given.
    pub display_root: &'a Path,
    pub line_length: usize,
    /// The committed form schemas (`--schema-baseline`), if given.
    pub schema_baseline: Option<&'a baseline::Baseline>,
}

impl Context<'_> {
    /// The pages to report on.
    pub fn checked_pages(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| self.checked.contains(&p.rel))
    }

    /// A finding of `rule` on `page` at a byte range of its source.
    pub fn at_bytes(
        &self,
        rule: &Rule,
        page: &Page,
        start: usize,
        end: usize,
        message: String,
    ) -> Finding {
        let (line, column) = page.doc.line_col(start);
        let (end_line, end_column) = page.doc.line_col(end.max(start));
        Finding {
            code: rule.code,
            severity: rule.default,
            message,
            file: self.display(&page.rel),
            line,
            column,
            end_line,
            end_column,
            rel: page.rel.clone(),
        }
    }

    /// A finding at a node span (the whole span, or its first line when it
    /// runs over several).
    pub fn at_span(&self, rule: &Rule, page: &Page, span: Span, message: String) -> Finding {
        let src = &page.doc.source;
        let start = (span.start as usize).min(src.len());
        let end = (span.end as usize).min(src.len()).max(start);
        let line_end = src[start..]
            .find(['\n', '\r'])
            .map(|i| start + i)
            .unwrap_or(src.len());
        self.at_bytes(rule, page, start, end.min(line_end), message)
    }

    /// A finding on a whole line (1-based).
    pub fn at_line(&self, rule: &Rule, page: &Page, line: u32, message: String) -> Finding {
        let (s, e) = line_range(&page.doc.source, line);
        self.at_bytes(rule, page, s, e, message)
    }

    /// The page's name in findings.
    pub fn display(&self, rel: &str) -> String {
        display_path(self.display_root, rel)
    }
}

fn display_path(root: &Path, rel: &str) -> String {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        rel.to_string()
    } else {
        let r = root.to_string_lossy().replace('\\', "/");
        format!("{}/{rel}", r.trim_end_matches('/'))
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn position(src: &str, offset: usize) -> (u32, u32) {
    let mut off = offset.min(src.len());
    while !src.is_char_boundary(off) {
        off -= 1;
    }
    let before = &src[..off];
    let mut line = 1u32;
    let mut line_start = 0usize;
    let bytes = before.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let col = before[line_start..].chars().count() as u32 + 1;
    (line, col)
}

/// Byte range of a 1-based line, without its line break.
pub fn line_range(src: &str, line: u32) -> (usize, usize) {
    let mut start = 0usize;
    let mut n = 1u32;
    let bytes = src.as_bytes();
    let mut i = 0;
    while n < line && i < bytes.len() {
        if bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            n += 1;
            start = i + 1;
        }
        i += 1;
    }
    if n < line {
        return (src.len(), src.len());
    }
    let end = src[start..]
        .find(['\n', '\r'])
        .map(|i| start + i)
        .unwrap_or(src.len());
    (start, end)
}

/// Command-line choices.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Codes or code prefixes to run (empty: every enabled rule).
    pub select: Vec<String>,
    /// Codes or code prefixes not to run.
    pub ignore: Vec<String>,
    /// A folder of committed form schemas to compare with (SD401, SD402).
    pub schema_baseline: Option<PathBuf>,
    /// How the projects are worked on (jobs, progress bar, encoding).
    pub run: crate::run::Options,
}

impl Options {
    /// Whether a hidden rule's findings are shown: it was selected, or it
    /// reports the additions to a schema baseline that was given.
    fn shows_hidden(&self, code: &str) -> bool {
        self.select.iter().any(|p| matches_code(p, code))
            || (self.schema_baseline.is_some() && code == "SD402")
    }
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Every page checked (as named in findings), for per-file formats.
    pub files: Vec<String>,
    /// Pages that could not be read or decoded.
    pub errors: Vec<PageError>,
}

/// A configuration or selection that makes no sense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckError(pub String);

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CheckError {}

/// Every rule, by code.
pub fn registry() -> &'static [&'static Rule] {
    rules::ALL
}

/// The rule of a code (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    registry()
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

fn matches_code(pattern: &str, code: &str) -> bool {
    let p = pattern.trim().to_ascii_uppercase();
    p == "ALL" || (!p.is_empty() && code.starts_with(&p))
}

/// The severity each rule runs at, after configuration and selection.
pub fn effective_severities(
    project: &Project,
    opts: &Options,
) -> Result<BTreeMap<&'static str, Severity>, CheckError> {
    for pat in opts.select.iter().chain(&opts.ignore) {
        if !registry().iter().any(|r| matches_code(pat, r.code)) {
            return Err(CheckError(format!("no rule matches {pat:?}")));
        }
    }
    let mut configured: Vec<(&String, Severity)> = Vec::new();
    for (k, v) in &project.config.check.severity {
        let sev = Severity::parse(v).ok_or_else(|| {
            CheckError(format!(
                "check.severity.{k}: {v:?} is not error, warning, hidden or off"
            ))
        })?;
        if !registry().iter().any(|r| matches_code(k, r.code)) {
            return Err(CheckError(format!("check.severity: no rule matches {k:?}")));
        }
        configured.push((k, sev));
    }
    // Longer (more specific) patterns win.
    configured.sort_by_key(|(k, _)| k.len());
    let mut out = BTreeMap::new();
    for r in registry() {
        let mut sev = r.default;
        for (k, s) in &configured {
            if matches_code(k, r.code) {
                sev = *s;
            }
        }
        if !opts.select.is_empty() {
            let selected = opts.select.iter().any(|p| matches_code(p, r.code));
            if !selected {
                sev = Severity::Off;
            } else if sev == Severity::Off {
                sev = if r.default == Severity::Off {
                    Severity::Warning
                } else {
                    r.default
                };
            }
        } else if sev == Severity::Hidden && !opts.shows_hidden(r.code) {
            sev = Severity::Off;
        }
        if opts.ignore.iter().any(|p| matches_code(p, r.code)) {
            sev = Severity::Off;
        }
        out.insert(r.code, sev);
    }
    Ok(out)
}

/// Check a project: every page, or the pages `only` names (relative to
/// the source root; folders take the pages under them). `display_root`
/// names the source folder in findings.
pub fn check_project(
    project: &Project,
    only: Option<&[PathBuf]>,
    display_root: &Path,
    opts: &Options,
) -> Result<Report, CheckError> {
    effective_severities(project, opts)?;
    let all = project.page_paths();
    let mut wanted = project.select_pages(&all, only);
    if wanted.is_empty() {
        return Err(CheckError(project.no_pages()));
    }
    let ignore_globs = &project.config.check.ignore;
    wanted.retain(|p| {
        let s = p.to_string_lossy().replace('\\', "/");
        !ignore_globs.iter().any(|g| glob_match(g, &s))
    });
    // Parse every page of the project (references cross pages), plus the
    // wanted ones the walk does not list (under `_` folders, say).
    let listed: HashSet<&PathBuf> = all.iter().collect();
    let unlisted: Vec<PathBuf> = wanted
        .iter()
        .filter(|w| !listed.contains(w))
        .cloned()
        .collect();
    let mut to_parse = all.clone();
    to_parse.extend(unlisted);
    let (pages, mut errors) = project.parse_all(Some(&to_parse));
    let wanted_rel: HashSet<String> = wanted
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    errors.retain(|e| {
        e.path
            .strip_prefix(&project.source)
            .map(|r| wanted_rel.contains(&r.to_string_lossy().replace('\\', "/")))
            .unwrap_or(true)
    });
    let checked: HashSet<String> = pages
        .iter()
        .filter(|p| wanted_rel.contains(&p.rel))
        .map(|p| p.rel.clone())
        .collect();
    let findings = check_pages(project, &pages, &checked, display_root, opts)?;
    let mut files: Vec<String> = checked
        .iter()
        .map(|r| display_path(display_root, r))
        .collect();
    files.sort();
    Ok(Report {
        findings,
        files,
        errors,
    })
}

/// Run the rules on pages already parsed (every page of the project, for
/// references across pages), reporting on the `checked` ones: findings
/// after configuration, selection and suppressions, sorted.
pub fn check_pages(
    project: &Project,
    pages: &[Page],
    checked: &HashSet<String>,
    display_root: &Path,
    opts: &Options,
) -> Result<Vec<Finding>, CheckError> {
    let model = project.extract(pages);
    check_with_model(project, pages, &model, checked, display_root, opts)
}

/// [`check_pages`] with the model of the pages already extracted.
pub fn check_with_model(
    project: &Project,
    pages: &[Page],
    model: &Export,
    checked: &HashSet<String>,
    display_root: &Path,
    opts: &Options,
) -> Result<Vec<Finding>, CheckError> {
    let severities = effective_severities(project, opts)?;
    let schema_baseline = match &opts.schema_baseline {
        Some(dir) => Some(baseline::load(dir)?),
        None => None,
    };
    let cx = Context {
        project,
        pages,
        checked,
        model,
        display_root,
        line_length: project.config.check.line_length.unwrap_or(120),
        schema_baseline: schema_baseline.as_ref(),
    };
    let mut findings = Vec::new();
    // Rules run in parallel; their findings are taken in registry order.
    let active: Vec<(&Rule, Severity)> = registry()
        .iter()
        .map(|r| (*r, severities.get(r.code).copied().unwrap_or(Severity::Off)))
        .filter(|(_, sev)| *sev != Severity::Off)
        .collect();
    let found_by_rule = project.options.map(&active, "checking", |(r, _)| {
        let mut found = Vec::new();
        (r.check)(&cx, &mut found);
        found
    });
    for ((r, sev), found) in active.into_iter().zip(found_by_rule) {
        let configured = sev != r.default;
        for mut f in found {
            // An empty `rel`: a finding about no page (a procedure of the
            // schema baseline whose page is gone).
            if !checked.contains(&f.rel) && !f.rel.is_empty() {
                continue;
            }
            // A rule's own finding may carry the docutils level (markup
            // families mix levels); the configuration overrides it.
            if configured || f.severity == Severity::Off {
                f.severity = sev;
            }
            if f.severity == Severity::Hidden && !opts.shows_hidden(r.code) {
                continue;
            }
            findings.push(f);
        }
    }
    let suppress: HashMap<&str, Suppressions> = pages
        .iter()
        .filter(|p| checked.contains(&p.rel))
        .map(|p| (p.rel.as_str(), Suppressions::of(p)))
        .collect();
    findings.retain(|f| {
        suppress
            .get(f.rel.as_str())
            .is_none_or(|s| !s.covers(f.code, f.line))
    });
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    findings.dedup();
    Ok(findings)
}

/// Inline suppressions of a page.
#[derive(Debug, Default)]
struct Suppressions {
    file: Vec<String>,
    /// Codes and the line range (inclusive) they cover.
    blocks: Vec<(Vec<String>, u32, u32)>,
}

impl Suppressions {
    fn of(page: &Page) -> Suppressions {
        let t = &page.doc.tree;
        let mut s = Suppressions::default();
        for n in page.doc.nodes().iter().copied() {
            if t.tag(n) != Tag::Comment {
                continue;
            }
            let Some(Ok(Annotation::Ignore { codes, file })) = annotations::parse(&t.astext(n))
            else {
                continue;
            };
            if file {
                s.file.extend(if codes.is_empty() {
                    vec!["ALL".to_string()]
                } else {
                    codes
                });
                continue;
            }
            let codes = if codes.is_empty() {
                vec!["ALL".to_string()]
            } else {
                codes
            };
            let from = t.get(n).span.line;
            let Some(parent) = t.parent(n) else { continue };
            let sibs = t.children(parent);
            let pos = sibs.iter().position(|&c| c == n).unwrap_or(0);
            let next = sibs[pos + 1..].iter().find(|&&c| {
                !matches!(t.tag(c), Tag::SystemMessage | Tag::Comment)
                    && t.get(c).span.start >= t.get(n).span.start
            });
            let to = match next {
                Some(&c) => {
                    let sp = t.get(c).span;
                    let mut to = position(&page.doc.source, sp.end.saturating_sub(1) as usize)
                        .0
                        .max(sp.line);
                    // Messages about the block follow it (a literal block
                    // expected is reported on the line after the paragraph).
                    let after = sibs.iter().position(|&x| x == c).unwrap_or(sibs.len());
                    for &m in sibs.iter().skip(after + 1) {
                        if t.tag(m) != Tag::SystemMessage {
                            break;
                        }
                        if let Some(crate::rst::Value::Int(l)) = t.attr(m, "line") {
                            to = to.max(*l as u32);
                        }
                    }
                    to
                }
                None => from,
            };
            s.blocks.push((codes, from, to));
        }
        s
    }

    fn covers(&self, code: &str, line: u32) -> bool {
        self.file.iter().any(|c| matches_code(c, code))
            || self.blocks.iter().any(|(codes, a, b)| {
                *a <= line && line <= *b && codes.iter().any(|c| matches_code(c, code))
            })
    }
}

pub use crate::sphinx::glob_match;

/// Where `stepdoc check PATH...` looks: one project and the pages of it
/// to check.
pub struct Target {
    pub project: Project,
    /// Pages or folders relative to the source root (`None`: all).
    pub only: Option<Vec<PathBuf>>,
    /// The source folder as findings name it.
    pub display_root: PathBuf,
}

/// What a path given on the command line belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Anchor {
    /// The folder of a `book.toml` whose source folder holds the path.
    Book(PathBuf),
    /// A folder of pages with no stepdoc configuration: the nearest folder
    /// above the path with a Sphinx `conf.py`, else the path's own folder.
    Folder(PathBuf),
}

impl Anchor {
    fn dir(&self) -> &Path {
        match self {
            Anchor::Book(d) | Anchor::Folder(d) => d,
        }
    }
}

/// The anchor of a canonical path, and whether it is a folder.
fn anchor_of(abs: &Path, is_dir: bool, cwd: Option<&Path>) -> Result<Anchor, CheckError> {
    let start = if is_dir {
        abs.to_path_buf()
    } else {
        abs.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    for dir in start.ancestors() {
        if dir.join("book.toml").is_file() {
            let config = crate::config::Config::load(dir).map_err(|e| CheckError(e.to_string()))?;
            let src = dir.join(&config.source);
            // The path is in the source folder, or holds it (the project
            // folder itself).
            if src
                .canonicalize()
                .is_ok_and(|src| abs.starts_with(&src) || src.starts_with(abs))
            {
                return Ok(Anchor::Book(dir.to_path_buf()));
            }
            break;
        }
    }
    // A Sphinx source folder above the path, up to the git work tree that
    // holds it (or, outside any, the current folder): never a stray
    // `conf.py` higher up.
    let ceiling = start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
        .or_else(|| cwd.filter(|c| start.starts_with(c)).map(Path::to_path_buf));
    if let Some(ceiling) = ceiling {
        for dir in start.ancestors() {
            if dir.join("conf.py").is_file() {
                return Ok(Anchor::Folder(dir.to_path_buf()));
            }
            if dir == ceiling {
                break;
            }
        }
    }
    Ok(Anchor::Folder(start))
}

/// `path` relative to `base` (both absolute), with `..` where needed.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let p: Vec<_> = path.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    out
}

/// The targets of the paths given on the command line (none: the project
/// of the current folder), one per project: the paths are grouped by the
/// project that holds them, so that each project is opened and parsed
/// once however many of its pages are given. Folders of pages with no
/// configuration nested in one another are one project, the outer one.
pub fn targets(paths: &[PathBuf], options: crate::run::Options) -> Result<Vec<Target>, CheckError> {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok());
    let given: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    // Each path: its anchor, its canonical form, and how it was written.
    let mut located: Vec<(Anchor, PathBuf, PathBuf, bool)> = Vec::new();
    for p in &given {
        let meta = std::fs::metadata(p).map_err(|e| CheckError(format!("{}: {e}", p.display())))?;
        let abs = p
            .canonicalize()
            .map_err(|e| CheckError(format!("{}: {e}", p.display())))?;
        let anchor = anchor_of(&abs, meta.is_dir(), cwd.as_deref())?;
        located.push((anchor, abs, p.clone(), meta.is_dir()));
    }
    // Nested folder anchors merge into the outermost.
    let mut folders: Vec<PathBuf> = located
        .iter()
        .filter_map(|(a, ..)| match a {
            Anchor::Folder(d) => Some(d.clone()),
            Anchor::Book(_) => None,
        })
        .collect();
    folders.sort();
    folders.dedup();
    let outer: Vec<PathBuf> = folders
        .iter()
        .filter(|d| !folders.iter().any(|o| o != *d && d.starts_with(o)))
        .cloned()
        .collect();
    for (a, ..) in located.iter_mut() {
        if let Anchor::Folder(d) = a
            && let Some(o) = outer.iter().find(|o| d.starts_with(o))
        {
            *d = o.clone();
        }
    }
    let mut groups: BTreeMap<Anchor, Vec<(PathBuf, PathBuf, bool)>> = BTreeMap::new();
    for (a, abs, written, is_dir) in located {
        groups.entry(a).or_default().push((abs, written, is_dir));
    }
    let mut out = Vec::new();
    for (anchor, members) in groups {
        let project =
            Project::open_with(anchor.dir(), options).map_err(|e| CheckError(e.to_string()))?;
        let src = project
            .source
            .canonicalize()
            .map_err(|e| CheckError(format!("{}: {e}", project.source.display())))?;
        let mut only: Option<Vec<PathBuf>> = Some(Vec::new());
        for (abs, ..) in &members {
            let Ok(rel) = abs.strip_prefix(&src) else {
                // A folder that holds the source folder: all of it.
                only = None;
                break;
            };
            if rel.as_os_str().is_empty() {
                only = None;
                break;
            }
            if let Some(v) = only.as_mut() {
                v.push(rel.to_path_buf());
            }
        }
        // Name pages as the user wrote the source folder when a path given
        // is that folder or a page in it; else relative to the current
        // folder.
        let written = members.iter().find_map(|(abs, written, is_dir)| {
            if *is_dir && *abs == src {
                Some(written.clone())
            } else if !*is_dir && abs.parent() == Some(src.as_path()) {
                Some(written.parent().map(Path::to_path_buf).unwrap_or_default())
            } else {
                None
            }
        });
        let mut display_root = match (written, &cwd) {
            (Some(w), _) => w,
            (None, Some(c)) => relative_to(&src, c),
            (None, None) => src.clone(),
        };
        if display_root == Path::new(".") {
            display_root = PathBuf::new();
        }
        if paths.is_empty() {
            // `stepdoc check` in a project: name pages from the source folder.
            display_root = if Path::new("book.toml").is_file() {
                project.config.source.clone()
            } else {
                PathBuf::new()
            };
        }
        out.push(Target {
            project,
            only,
            display_root,
        });
    }
    Ok(out)
}

/// Check the paths given on the command line (none: the project of the
/// current folder), merging the reports.
pub fn check_paths(paths: &[PathBuf], opts: &Options) -> Result<Report, CheckError> {
    let mut report = Report::default();
    for t in targets(paths, opts.run)? {
        let r = check_project(&t.project, t.only.as_deref(), &t.display_root, opts)?;
        report.findings.extend(r.findings);
        report.files.extend(r.files);
        report.errors.extend(r.errors);
    }
    report.findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    report.findings.dedup();
    report.files.sort();
    report.files.dedup();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let s = "ab\r\ncé\rx\n";
        assert_eq!(position(s, 0), (1, 1));
        assert_eq!(position(s, 4), (2, 1));
        assert_eq!(position(s, 7), (2, 3));
        assert_eq!(position(s, 8), (3, 1));
        assert_eq!(line_range(s, 2), (4, 7));
        assert_eq!(line_range(s, 9), (s.len(), s.len()));
    }

    #[test]
    fn document_positions_match_the_scan() {
        for s in ["ab\r\ncé\rx\n", "", "\n\n", "é\r\n\r\nz", "a\rb\n\rc"] {
            let doc = crate::rst::parse(s, &crate::rst::Settings::default(), "t.rst");
            for off in 0..=s.len() + 1 {
                assert_eq!(doc.line_col(off), position(s, off), "{s:?} at {off}");
            }
        }
    }

    #[test]
    fn every_code_is_unique() {
        let mut seen = HashSet::new();
        for r in registry() {
            assert!(seen.insert(r.code), "{} twice", r.code);
        }
    }
}
