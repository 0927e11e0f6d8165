//! `stepdoc check --fix`: repairs for the findings of the fixable rules
//! (see [`super::Rule::fixable`]).
//!
//! A repair is a set of byte-range replacements computed from the page's
//! source and spans: a title adornment lengthened to the title's display
//! width (SD003), step numbers rewritten 1..n in document order (SD101).
//! Each repair is tried on the page in memory: the page is parsed again and
//! every rule runs again; the repair is kept only when its finding is gone
//! and no new error-level finding appeared. A page is written (atomically:
//! a temporary file in the same folder, then a rename) only when at least
//! one repair was kept; its other bytes, line breaks and byte order mark
//! stay as they were.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::rules::raw_lines;
use super::{CheckError, Finding, Options, Severity, Target, position};
use crate::extract::{self, PageInfo, markers};
use crate::project::{Page, Project};
use crate::rst::column_width;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The rules [`repair`] knows how to fix: the ones marked fixable.
pub const REPAIRED: &[&str] = &["SD003", "SD101"];

/// How many rounds of repairs a page gets: a repair may uncover another
/// (a renumbered section title that outgrows its underline).
const ROUNDS: usize = 3;

/// One replacement in a page's source (byte range of the decoded text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The repair of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub edits: Vec<Edit>,
    /// What it does, in a few words.
    pub description: String,
}

/// A repair kept (or, with `--diff`, that would be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub file: String,
    pub line: u32,
    pub code: &'static str,
    pub description: String,
}

/// A finding of a fixable rule left as it was, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub file: String,
    pub line: u32,
    pub code: &'static str,
    pub reason: String,
}

/// What a `--fix` run did.
#[derive(Debug, Default)]
pub struct FixReport {
    pub applied: Vec<Applied>,
    pub skipped: Vec<Skipped>,
    /// Files changed (written, or that would be), as findings name them.
    pub files: Vec<String>,
    /// Unified diffs of the changed files (filled whether or not written).
    pub diff: String,
    /// Files that could not be written.
    pub errors: Vec<String>,
}

/// Fix the findings of the fixable rules in the pages `paths` name (none:
/// the project of the current folder). With `write` false nothing is
/// written: the report's diff shows what would change.
pub fn fix_paths(paths: &[PathBuf], opts: &Options, write: bool) -> Result<FixReport, CheckError> {
    let mut out = FixReport::default();
    for t in super::targets(paths, opts.run)? {
        fix_target(&t, opts, write, &mut out)?;
    }
    out.files.sort();
    out.files.dedup();
    Ok(out)
}

fn fixable(code: &str) -> bool {
    super::rule(code).is_some_and(|r| r.fixable)
}

fn fix_target(
    t: &Target,
    opts: &Options,
    write: bool,
    out: &mut FixReport,
) -> Result<(), CheckError> {
    let project = &t.project;
    let report = super::check_project(project, t.only.as_deref(), &t.display_root, opts)?;
    let mut rels: Vec<String> = report
        .findings
        .iter()
        .filter(|f| fixable(f.code))
        .map(|f| f.rel.clone())
        .collect();
    rels.sort();
    rels.dedup();
    if rels.is_empty() {
        return Ok(());
    }
    let mut to_parse = project.page_paths();
    for r in &rels {
        let p = PathBuf::from(r);
        if !to_parse.contains(&p) {
            to_parse.push(p);
        }
    }
    let (mut pages, _) = project.parse_all(Some(&to_parse));
    for rel in rels {
        let Some(idx) = pages.iter().position(|p| p.rel == rel) else {
            continue;
        };
        let before: Vec<Finding> = report
            .findings
            .iter()
            .filter(|f| f.rel == rel)
            .cloned()
            .collect();
        fix_page(
            project,
            &mut pages,
            idx,
            before,
            &t.display_root,
            opts,
            write,
            out,
        )?;
    }
    Ok(())
}

/// Try the repairs of one page; write it when some were kept.
#[allow(clippy::too_many_arguments)]
fn fix_page(
    project: &Project,
    pages: &mut [Page],
    idx: usize,
    before: Vec<Finding>,
    display_root: &Path,
    opts: &Options,
    write: bool,
    out: &mut FixReport,
) -> Result<(), CheckError> {
    let file = super::display_path(display_root, &pages[idx].rel);
    let original = pages[idx].doc.source.clone();
    let bom = pages[idx].bytes.starts_with(BOM);
    let skip_all = |out: &mut FixReport, reason: &str| {
        for f in before.iter().filter(|f| fixable(f.code)) {
            out.skipped.push(Skipped {
                file: file.clone(),
                line: f.line,
                code: f.code,
                reason: reason.to_string(),
            });
        }
    };
    // Only pages whose bytes are their text (UTF-8, with or without a byte
    // order mark) are rewritten: anything else would not round-trip.
    if with_bom(bom, &original) != pages[idx].bytes {
        skip_all(out, "the page is not plain UTF-8; left untouched");
        return Ok(());
    }
    if std::fs::symlink_metadata(&pages[idx].path).is_ok_and(|m| m.file_type().is_symlink()) {
        skip_all(out, "the page is a symbolic link; left untouched");
        return Ok(());
    }
    let checked: HashSet<String> = [pages[idx].rel.clone()].into_iter().collect();
    // Repairs are judged with every rule on, whatever the selection: a
    // repair of a selected finding must not break what is not selected.
    let every_rule = Options {
        select: vec!["ALL".into()],
        ignore: vec![],
        schema_baseline: opts.schema_baseline.clone(),
        run: opts.run,
    };
    // The model of the other pages does not change: extracted once (the
    // revision, which asks git, is not needed by any rule).
    let mut docs: Vec<crate::model::Document> = pages
        .iter()
        .map(|p| document(project, &p.rel, &p.doc))
        .collect();
    let judge = |pages: &[Page], docs: &[crate::model::Document]| {
        let mut documents = docs.to_vec();
        extract::dedupe_ids(&mut documents);
        let model = crate::model::Export {
            stepdoc_model: crate::model::MODEL_VERSION,
            documents,
        };
        super::check_with_model(project, pages, &model, &checked, display_root, &every_rule)
    };
    let first = judge(pages, &docs)?;
    let mut text = original.clone();
    let mut current = first.clone();
    let mut tried: HashSet<(&'static str, u32, String)> = HashSet::new();
    let mut applied = Vec::new();
    for _ in 0..ROUNDS {
        // The selected findings, and those an earlier repair brought (a
        // renumbered title that outgrew its underline).
        let candidates: Vec<Finding> = before
            .iter()
            .chain(
                current
                    .iter()
                    .filter(|c| !first.iter().any(|f| key(f) == key(c))),
            )
            .filter(|f| fixable(f.code) && !tried.contains(&key(f)))
            .cloned()
            .collect();
        if candidates.is_empty() {
            break;
        }
        for f in candidates {
            tried.insert(key(&f));
            // An earlier repair may have fixed this one too.
            if !current.iter().any(|g| key(g) == key(&f)) {
                continue;
            }
            let repair = match repair(project, &pages[idx], &text, &f) {
                Ok(r) => r,
                Err(reason) => {
                    out.skipped.push(Skipped {
                        file: file.clone(),
                        line: f.line,
                        code: f.code,
                        reason,
                    });
                    continue;
                }
            };
            let Some(new_text) = apply(&text, &repair.edits) else {
                out.skipped.push(Skipped {
                    file: file.clone(),
                    line: f.line,
                    code: f.code,
                    reason: "overlapping edits".into(),
                });
                continue;
            };
            reparse(project, &mut pages[idx], &new_text);
            docs[idx] = document(project, &pages[idx].rel, &pages[idx].doc);
            let after = judge(pages, &docs)?;
            let verdict = if after.iter().any(|g| g.code == f.code && g.line == f.line) {
                Err("the repair did not remove the finding; left untouched".to_string())
            } else if let Some(e) = after.iter().find(|g| {
                g.severity == Severity::Error
                    && !current
                        .iter()
                        .any(|c| c.code == g.code && c.line == g.line && c.message == g.message)
            }) {
                Err(format!(
                    "the repair would bring a new error ({} line {}: {}); left untouched",
                    e.code, e.line, e.message
                ))
            } else {
                Ok(())
            };
            match verdict {
                Ok(()) => {
                    text = new_text;
                    current = after;
                    applied.push(Applied {
                        file: file.clone(),
                        line: f.line,
                        code: f.code,
                        description: repair.description,
                    });
                }
                Err(reason) => out.skipped.push(Skipped {
                    file: file.clone(),
                    line: f.line,
                    code: f.code,
                    reason,
                }),
            }
        }
    }
    // Leave the page as it was read for whatever runs next.
    reparse(project, &mut pages[idx], &original);
    if text == original {
        return Ok(());
    }
    out.diff.push_str(&unified_diff(&file, &original, &text));
    if write {
        let bytes = with_bom(bom, &text);
        match write_if_unchanged(&pages[idx].path, &pages[idx].bytes, &bytes) {
            Ok(()) => {}
            Err(e) => {
                out.errors.push(format!("{file}: {e}"));
                return Ok(());
            }
        }
    }
    out.files.push(file);
    out.applied.extend(applied);
    Ok(())
}

fn key(f: &Finding) -> (&'static str, u32, String) {
    (f.code, f.line, f.message.clone())
}

fn with_bom(bom: bool, text: &str) -> Vec<u8> {
    let mut b = Vec::with_capacity(text.len() + 3);
    if bom {
        b.extend_from_slice(BOM);
    }
    b.extend_from_slice(text.as_bytes());
    b
}

/// The model of one page, without its revision.
fn document(project: &Project, rel: &str, doc: &crate::rst::Document) -> crate::model::Document {
    let info = PageInfo {
        rel_path: rel,
        root: Some(&project.source),
        revision: String::new(),
    };
    extract::extract(doc, &info, &project.config)
}

/// Parse `text` as the page's new source.
fn reparse(project: &Project, page: &mut Page, text: &str) {
    let mut settings = project.settings();
    settings.source_path = Some(page.path.clone());
    page.doc = crate::rst::parse(text, &settings, &page.rel);
}

/// Apply edits (any order, no overlaps) back to front; `None` when two
/// overlap or one falls outside the text or inside a character.
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    for w in sorted.windows(2) {
        if w[1].start < w[0].end {
            return None;
        }
    }
    let mut out = text.to_string();
    for e in sorted.iter().rev() {
        if e.start > e.end
            || e.end > out.len()
            || !out.is_char_boundary(e.start)
            || !out.is_char_boundary(e.end)
        {
            return None;
        }
        out.replace_range(e.start..e.end, &e.text);
    }
    Some(out)
}

/// The repair of a finding on the page's current `text`.
fn repair(project: &Project, page: &Page, text: &str, f: &Finding) -> Result<Repair, String> {
    match f.code {
        "SD003" => adornment_repair(text, f.line, f.message.contains("overline")),
        "SD101" => renumber_repair(project, page, text, f.line),
        _ => Err("no repair for this rule".into()),
    }
}

/// A title adornment: one punctuation character repeated.
fn adornment(s: &str) -> Option<char> {
    let c = s.chars().next()?;
    (c.is_ascii_punctuation() && s.chars().all(|x| x == c)).then_some(c)
}

/// Lengthen a title's underline (or overline and underline) to the title's
/// display width. `line` is the line of the adornment docutils reported:
/// the underline, or the overline.
pub fn adornment_repair(text: &str, line: u32, over: bool) -> Result<Repair, String> {
    let lines = raw_lines(text);
    // A line (1-based): its start and its text.
    let get_at = |n: u32| -> Option<(usize, &str)> {
        let &(_, s, e, _) = lines.get((n as usize).checked_sub(1)?)?;
        Some((s, text.get(s..e)?))
    };
    let get = |n: u32| get_at(n).map(|(_, l)| l);
    let (title_no, adorned): (u32, Vec<u32>) = if over {
        (line + 1, vec![line, line + 2])
    } else {
        (line.saturating_sub(1), vec![line])
    };
    let title = get(title_no).ok_or("no title line above the underline")?;
    if title.contains('\t')
        || adorned
            .iter()
            .any(|&n| get(n).is_some_and(|l| l.contains('\t')))
    {
        return Err("the title contains a tab; left untouched".into());
    }
    // The adornment's indentation (a title inside a directive body) is
    // the block's; the title is measured from there.
    let first = get(adorned[0]).ok_or("no adornment line")?;
    let indent = first.len() - first.trim_start().len();
    let mut found: Vec<(usize, usize, char)> = Vec::new();
    for &n in &adorned {
        let (start, l) = get_at(n).ok_or("no adornment line")?;
        let content = l.get(indent..).unwrap_or("").trim_end();
        if l.len() - l.trim_start().len() != indent {
            return Err("the title's lines are not aligned; left untouched".into());
        }
        let c = adornment(content).ok_or("not a title adornment; left untouched")?;
        let s = start + indent;
        found.push((s, s + content.len(), c));
    }
    if let [(s1, e1, c1), (s2, e2, c2)] = found[..]
        && (c1 != c2 || e1 - s1 != e2 - s2)
    {
        return Err("the overline and underline differ; left untouched".into());
    }
    if !title.starts_with(&first[..indent]) {
        return Err("the title is not aligned with its adornment; left untouched".into());
    }
    let title_text = title[indent..].trim_end();
    if title_text.trim().is_empty() {
        return Err("no title text; left untouched".into());
    }
    let width = column_width(title_text);
    // `adorned` is not empty and each of its lines was pushed or returned.
    let len = found[0].1 - found[0].0;
    if width <= len {
        return Err("the adornment is already long enough".into());
    }
    let edits = found
        .iter()
        .map(|&(s, e, c)| Edit {
            start: s,
            end: e,
            text: c.to_string().repeat(width),
        })
        .collect();
    let what = if over {
        "overline and underline"
    } else {
        "underline"
    };
    Ok(Repair {
        edits,
        description: format!("lengthened the title {what} from {len} to {width} characters"),
    })
}

/// Renumber the steps of the procedure that has a step on `line`: 1..n in
/// document order, rewriting only the digits of each marker.
fn renumber_repair(
    project: &Project,
    page: &Page,
    text: &str,
    line: u32,
) -> Result<Repair, String> {
    let mut settings = project.settings();
    settings.source_path = Some(page.path.clone());
    let doc = crate::rst::parse(text, &settings, &page.rel);
    let model = document(project, &page.rel, &doc);
    let proc_ = model
        .procedures
        .iter()
        .find(|p| {
            p.steps
                .iter()
                .any(|s| position(text, s.span.start as usize).0 == line)
        })
        .ok_or("no procedure step on this line")?;
    renumber(text, proc_, &project.config.step_words)
}

/// The edits that number a procedure's steps 1..n.
pub fn renumber(
    text: &str,
    proc_: &crate::model::Procedure,
    words: &[String],
) -> Result<Repair, String> {
    let mut edits = Vec::new();
    let mut changes = Vec::new();
    for (i, step) in proc_.steps.iter().enumerate() {
        let want = i as u32 + 1;
        if step.number == want {
            continue;
        }
        let (s, e) =
            marker_digits(text, step.span.start as usize, step.number, words).ok_or_else(|| {
                format!(
                    "the number of step {} (line {}) is not in the page's text; left untouched",
                    step.number, step.span.line
                )
            })?;
        edits.push(Edit {
            start: s,
            end: e,
            text: want.to_string(),
        });
        changes.push(format!("{} → {want}", step.number));
    }
    if edits.is_empty() {
        return Err("the steps are already numbered 1..n".into());
    }
    Ok(Repair {
        edits,
        description: format!(
            "renumbered the steps of \"{}\" ({})",
            proc_.title,
            changes.join(", ")
        ),
    })
}

/// Byte range of the number of the step marker at or just after `start`
/// (the step's paragraph, or its section: the title may follow an
/// overline), checked to read `number`.
fn marker_digits(
    text: &str,
    start: usize,
    number: u32,
    words: &[String],
) -> Option<(usize, usize)> {
    let mut from = start.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    for _ in 0..3 {
        let rest = text.get(from..)?;
        let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let l = &rest[..line_len];
        if let Some(k) = l.find(char::is_alphanumeric) {
            let body = &l[k..];
            if markers::parse(body, words).is_some_and(|m| m.number == number) {
                let d = body.find(|c: char| c.is_ascii_digit())?;
                let len = body[d..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(body.len() - d);
                let digits = &body[d..d + len];
                if digits.parse::<u32>().ok() != Some(number) {
                    return None;
                }
                let s = from + k + d;
                return Some((s, s + len));
            }
        }
        // Next line.
        let brk = rest[line_len..]
            .chars()
            .next()
            .map(|c| {
                if rest[line_len..].starts_with("\r\n") {
                    2
                } else {
                    c.len_utf8()
                }
            })
            .unwrap_or(0);
        if brk == 0 {
            return None;
        }
        from += line_len + brk;
    }
    None
}

/// Replace `path` by `bytes` through a temporary file in the same folder,
/// unless the file changed since it was read (`read`).
fn write_if_unchanged(path: &Path, read: &[u8], bytes: &[u8]) -> std::io::Result<()> {
    let now = std::fs::read(path)?;
    if now != read {
        return Err(std::io::Error::other(
            "changed on disk while being fixed; left untouched",
        ));
    }
    crate::output::replace_file(path, bytes)
}

/// A unified diff (three lines of context) of two texts with the same
/// lines (repairs never add or remove a line break), headed by the file
/// name as given (`patch -p0` applies it).
pub fn unified_diff(file: &str, old: &str, new: &str) -> String {
    let lines = |t: &str| -> Vec<String> {
        raw_lines(t)
            .iter()
            .map(|&(_, s, e, brk)| {
                let mut l = t[s..e].to_string();
                if brk.is_empty() {
                    l.push_str("\n\\ No newline at end of file");
                }
                l
            })
            .collect()
    };
    let (a, b) = (lines(old), lines(new));
    let mut out = format!("--- {file}\n+++ {file}\n");
    if a.len() != b.len() {
        out.push_str(&format!("@@ -1,{} +1,{} @@\n", a.len(), b.len()));
        for l in &a {
            out.push_str(&format!("-{l}\n"));
        }
        for l in &b {
            out.push_str(&format!("+{l}\n"));
        }
        return out;
    }
    let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    const CONTEXT: usize = 3;
    let mut i = 0;
    while i < changed.len() {
        // One hunk: changes no more than 2 * CONTEXT lines apart.
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 2 * CONTEXT {
            j += 1;
        }
        let from = changed[i].saturating_sub(CONTEXT);
        let to = (changed[j] + CONTEXT + 1).min(a.len());
        let n = to - from;
        out.push_str(&format!("@@ -{},{n} +{},{n} @@\n", from + 1, from + 1));
        for k in from..to {
            if a[k] == b[k] {
                out.push_str(&format!(" {}\n", a[k]));
            } else {
                out.push_str(&format!("-{}\n", a[k]));
            }
            // Removed and added lines of a run stay together.
            if a[k] != b[k] && (k + 1 == to || a[k + 1] == b[k + 1]) {
                let mut s = k;
                while s > from && a[s - 1] != b[s - 1] {
                    s -= 1;
                }
                for l in &b[s..=k] {
                    out.push_str(&format!("+{l}\n"));
                }
            }
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixable_rules_are_the_repaired_ones() {
        let fixable: Vec<&str> = super::super::registry()
            .iter()
            .filter(|r| r.fixable)
            .map(|r| r.code)
            .collect();
        assert_eq!(fixable, REPAIRED);
    }

    #[test]
    fn underline_is_lengthened_to_the_display_width() {
        let text = "Intro\n\nA long title\n====\n\nText.\n";
        let r = adornment_repair(text, 4, false).unwrap();
        assert_eq!(
            apply(text, &r.edits).unwrap(),
            "Intro\n\nA long title\n============\n\nText.\n"
        );
        // Wide characters count twice, combining ones not at all.
        let text = "日本語タイトル\n----\n";
        let r = adornment_repair(text, 2, false).unwrap();
        assert_eq!(
            apply(text, &r.edits).unwrap(),
            "日本語タイトル\n--------------\n"
        );
        let text = "Cafe\u{301} au lait\r\n=====\r\n";
        let r = adornment_repair(text, 2, false).unwrap();
        assert_eq!(
            apply(text, &r.edits).unwrap(),
            "Cafe\u{301} au lait\r\n============\r\n"
        );
    }

    #[test]
    fn overline_and_underline_both_grow() {
        let text = "=====\n  A long title\n=====\n";
        let r = adornment_repair(text, 1, true).unwrap();
        assert_eq!(
            apply(text, &r.edits).unwrap(),
            "==============\n  A long title\n==============\n"
        );
        assert!(adornment_repair("=====\nA long title\n-----\n", 1, true).is_err());
        assert!(adornment_repair("Title\twith tab\n====\n", 2, false).is_err());
        assert!(adornment_repair("Title\n", 5, false).is_err());
        assert!(adornment_repair("Title\n=========\n", 2, false).is_err());
    }

    #[test]
    fn marker_digits_are_found_in_paragraphs_and_titles() {
        let words: Vec<String> = markers::DEFAULT_STEP_WORDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        let t = "**ETAPE 3 :** Click.";
        assert_eq!(marker_digits(t, 0, 3, &words), Some((8, 9)));
        let t = "=========\nÉtape n°12 - x\n=========\n";
        let (s, e) = marker_digits(t, 0, 12, &words).unwrap();
        assert_eq!(&t[s..e], "12");
        assert_eq!(marker_digits("**ETAPE 3 :**", 0, 4, &words), None);
        assert_eq!(marker_digits("", 0, 1, &words), None);
    }

    #[test]
    fn edits_apply_back_to_front_and_refuse_overlaps() {
        let e = |start, end, text: &str| Edit {
            start,
            end,
            text: text.into(),
        };
        assert_eq!(
            apply("a1b3c", &[e(1, 2, "10"), e(3, 4, "2")]).unwrap(),
            "a10b2c"
        );
        assert_eq!(apply("abc", &[e(0, 2, "x"), e(1, 3, "y")]), None);
        assert_eq!(apply("é", &[e(1, 2, "x")]), None);
        assert_eq!(apply("abc", &[e(2, 9, "x")]), None);
    }

    #[test]
    fn diffs_show_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\n";
        let d = unified_diff("x.rst", old, new);
        assert_eq!(
            d,
            "--- x.rst\n+++ x.rst\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -7,4 +7,4 @@\n g\n h\n i\n-j\n+J\n"
        );
        assert_eq!(unified_diff("x", old, old), "--- x\n+++ x\n");
        assert_eq!(
            unified_diff("x", "a\nb", "a\nc"),
            "--- x\n+++ x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
    }
}
