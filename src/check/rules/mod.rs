//! The rules, one per file. Markup rules (`SD0xx`) turn the parser's
//! system messages into findings, one code per message family; procedure
//! rules (`SD1xx`) read the model; link and file rules (`SD2xx`) resolve
//! images, includes, `:doc:`, `:ref:`, internal references and toctrees;
//! text hygiene rules (`SD3xx`, off by default) read the raw bytes; form
//! rules (`SD4xx`) compare the form schemas with a baseline.

use crate::rst::Tag;
use std::collections::HashSet;
use std::path::Path;

use super::{Context, Finding, Rule, Severity};
use crate::project::Page;

mod sd001;
mod sd002;
mod sd003;
mod sd004;
mod sd005;
mod sd006;
mod sd007;
mod sd008;
mod sd009;
mod sd010;
mod sd011;
mod sd012;
mod sd013;
mod sd014;
mod sd099;
mod sd101;
mod sd102;
mod sd103;
mod sd104;
mod sd105;
mod sd106;
mod sd107;
mod sd201;
mod sd202;
mod sd203;
mod sd204;
mod sd205;
mod sd206;
mod sd207;
mod sd208;
mod sd209;
mod sd301;
mod sd302;
mod sd303;
mod sd304;
mod sd305;
mod sd401;
mod sd402;

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &sd001::RULE,
    &sd002::RULE,
    &sd003::RULE,
    &sd004::RULE,
    &sd005::RULE,
    &sd006::RULE,
    &sd007::RULE,
    &sd008::RULE,
    &sd009::RULE,
    &sd010::RULE,
    &sd011::RULE,
    &sd012::RULE,
    &sd013::RULE,
    &sd014::RULE,
    &sd099::RULE,
    &sd101::RULE,
    &sd102::RULE,
    &sd103::RULE,
    &sd104::RULE,
    &sd105::RULE,
    &sd106::RULE,
    &sd107::RULE,
    &sd201::RULE,
    &sd202::RULE,
    &sd203::RULE,
    &sd204::RULE,
    &sd205::RULE,
    &sd206::RULE,
    &sd207::RULE,
    &sd208::RULE,
    &sd209::RULE,
    &sd301::RULE,
    &sd302::RULE,
    &sd303::RULE,
    &sd304::RULE,
    &sd305::RULE,
    &sd401::RULE,
    &sd402::RULE,
];

/// The rule code of a parser message family.
pub fn code_of(family: crate::rst::Family) -> &'static str {
    use crate::rst::Family as F;
    match family {
        F::UnexpectedIndentation => "SD001",
        F::UnexpectedUnindent => "SD002",
        F::TitleTooShort => "SD003",
        F::PossibleTitle => "SD004",
        F::SectionStructure => "SD005",
        F::LiteralBlockExpected => "SD006",
        F::UnclosedInline => "SD007",
        F::UnknownDirective => "SD008",
        F::UnknownRole => "SD009",
        F::DuplicateExplicitTarget => "SD010",
        F::DuplicateImplicitTarget => "SD011",
        F::Directive | F::Include => "SD012",
        F::Table => "SD013",
        F::LanguageFallback => "SD014",
        _ => "SD099",
    }
}

/// Findings for the parser messages of one family; each keeps its
/// docutils level as severity.
pub fn markup(cx: &Context, out: &mut Vec<Finding>, rule: &Rule) {
    for page in cx.checked_pages() {
        for m in page.doc.messages() {
            if code_of(m.family) != rule.code {
                continue;
            }
            // An include that cannot be read is the include rules' business
            // (SD203, SD204): one finding, not two.
            if matches!(rule.code, "SD008" | "SD012") && include_path(&page.doc, m).is_some() {
                continue;
            }
            let (text, severity) = unknown_name_hint(cx, m)
                .unwrap_or_else(|| (message_text(&m.text), Severity::from_level(m.level)));
            // The node the message is about, when the tree knows it.
            if let Some(subject) = m.subject {
                let mut f = cx.at_span(rule, page, subject, text);
                f.severity = severity;
                out.push(f);
                continue;
            }
            let line = m.line.unwrap_or(m.span.line).max(1);
            let mut f = if m.span.line == line && m.span.end > m.span.start {
                cx.at_span(rule, page, m.span, text.clone())
            } else {
                cx.at_line(rule, page, line, text.clone())
            };
            if f.line != line {
                f = cx.at_line(rule, page, line, text);
            }
            f.severity = severity;
            out.push(f);
        }
    }
}

/// An unknown directive or role, said with what explains it: the known
/// extension that defines it when conf.py does not load it, or the
/// extensions conf.py loads that stepdoc does not know (a warning then:
/// one of them may define it).
fn unknown_name_hint(cx: &Context, m: &crate::rst::Message) -> Option<(String, Severity)> {
    use crate::rst::Family;
    let first = m.text.lines().next().unwrap_or("");
    let sphinx = &cx.project.sphinx;
    // A role computed `extlinks` would have defined is unknown here: a
    // warning that says to give the setting in book.toml.
    if m.family == Family::UnknownRole && sphinx.skipped.iter().any(|s| s.key == "extlinks") {
        return Some((
            format!(
                "{} conf.py's `extlinks` is computed and was not read; if it defines this, set `extlinks` under `[preprocessor.stepdoc.sphinx]` in book.toml.",
                message_text(first)
            ),
            Severity::Warning,
        ));
    }
    let role = match m.family {
        Family::UnknownDirective => false,
        Family::UnknownRole => true,
        _ => return None,
    };
    let name = m.name.as_deref()?;
    let what = if role { "roles" } else { "directives" };
    let base = message_text(first);
    if let Some(ext) = crate::sphinx::extensions::defining(name, role)
        && sphinx.has_conf
    {
        return Some((
            format!(
                "{base} The extension `{}` defines it; conf.py's `extensions` does not load it.",
                ext.module
            ),
            Severity::Error,
        ));
    }
    let unknown = crate::sphinx::extensions::unknown(sphinx);
    if !unknown.is_empty() {
        return Some((
            format!(
                "{base} conf.py loads extensions stepdoc does not know ({}); if one of them defines it, declare it in book.toml: `{what} = [\"{name}\"]` under `[preprocessor.stepdoc]`.",
                unknown.join(", ")
            ),
            Severity::Warning,
        ));
    }
    None
}

fn message_text(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The file an `include` directive names, when the parser reported that
/// it could not open it, or, reading no included file, that it does not
/// know the directive.
pub fn include_path(doc: &crate::rst::Document, m: &crate::rst::Message) -> Option<String> {
    use crate::rst::Family;
    let about_include = match m.family {
        Family::Include => true,
        Family::UnknownDirective => m.name.as_deref() == Some("include"),
        _ => false,
    };
    if !about_include {
        return None;
    }
    let src = &doc.source;
    let (s, e) = super::line_range(src, m.line.unwrap_or(m.span.line));
    let line = src.get(s..e)?;
    let rest = line.trim_start().strip_prefix("..")?.trim_start();
    let (_, arg) = rest.split_once("::")?;
    let arg = arg.trim();
    (!arg.is_empty()).then(|| arg.to_string())
}

/// Document name of a page (`dev/index`), as toctrees and `:doc:` name it.
/// A role as the page writes it: `` `{ref}` `` on a Markdown page,
/// `` `:ref:` `` on an RST one (for the messages of findings).
pub fn role_as_written(cx: &Context, page: &Page, role: &str) -> String {
    if cx.project.sphinx.is_markdown(&page.rel) {
        format!("`{{{role}}}`")
    } else {
        format!("`:{role}:`")
    }
}

pub fn doc_name(rel: &str) -> String {
    rel.strip_suffix(".rst").unwrap_or(rel).to_string()
}

/// A document reference (`:doc:` target) of `page`, resolved to a
/// document name: absolute from the source root when it starts with `/`,
/// else relative to the page's folder.
pub fn resolve_doc(page: &Page, target: &str) -> Option<String> {
    crate::sphinx::resolve_doc(&page.name.clone(), target)
}

/// The toctrees of a page, entries resolved against the project's pages.
pub fn toctrees(cx: &Context, page: &Page) -> Vec<crate::sphinx::toctree::Toctree> {
    let mut docs: Vec<String> = cx.pages.iter().map(|p| p.name.clone()).collect();
    docs.sort();
    crate::sphinx::toctree::read(&page.doc, &page.name.clone(), &docs)
}

/// Document names of every page of the project.
pub fn doc_names(cx: &Context) -> HashSet<String> {
    cx.pages.iter().map(|p| p.name.clone()).collect()
}

/// The root document: `conf.py`'s `root_doc`/`master_doc`, else `index`
/// or `contents`; `None` when there is none (no orphans then).
pub fn root_doc(cx: &Context) -> Option<String> {
    cx.project
        .root_doc(cx.pages.iter().map(|p| p.name.as_str()))
}

/// What an image or include path leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalFile {
    /// A file inside the source root, or a URL.
    Exists,
    Missing,
    /// `..` climbing out, an absolute path, a symlink leading out.
    Outside,
}

/// An image or include path, checked against the source root.
/// Where a file a page names leads: `root` is the folder it must stay in
/// (the source folder for images, which the guide copies beside its
/// pages; the project folder for includes).
pub fn local_file(cx: &Context, page: &Page, uri: &str, root: &Path) -> LocalFile {
    let uri = uri.trim();
    if uri.is_empty()
        || uri.contains("://")
        || uri.starts_with("data:")
        || uri.starts_with("mailto:")
    {
        return LocalFile::Exists;
    }
    if Path::new(uri).is_absolute() && !uri.starts_with('/') {
        return LocalFile::Outside;
    }
    // A leading `/` is the source folder, as Sphinx reads it; anything
    // inside the project folder may be read.
    let target = cx
        .project
        .source
        .join(crate::sphinx::source_path(&page.rel, uri));
    match crate::sources::within(root, &target) {
        Ok(_) => LocalFile::Exists,
        Err(crate::sources::ConfineError::Outside(_)) => LocalFile::Outside,
        Err(crate::sources::ConfineError::NotFound(_)) => LocalFile::Missing,
    }
}

/// Normalise a reference name as docutils does (white space collapsed,
/// lower case).
/// Whether a `:ref:` or `:doc:` target names another project's inventory
/// (`python:library/os`) while conf.py loads intersphinx: not ours to
/// resolve.
pub fn is_intersphinx(cx: &Context, target: &str) -> bool {
    cx.project.sphinx.loads("sphinx.ext.intersphinx")
        && target.split_once(':').is_some_and(|(key, rest)| {
            !key.is_empty()
                && !rest.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        })
}

pub fn fully_normalize(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The page of a model document source.
pub fn page_of<'a>(cx: &'a Context, source: &str) -> Option<&'a Page> {
    cx.pages.iter().find(|p| p.rel == source)
}

/// A finding at a model location (its first line).
pub fn at_location(
    cx: &Context,
    rule: &Rule,
    page: &Page,
    loc: &crate::model::Location,
    message: String,
) -> Finding {
    let span = crate::rst::Span {
        start: loc.start,
        end: loc.end,
        line: loc.line,
        col: loc.column,
    };
    cx.at_span(rule, page, span, message)
}

/// Every procedure of the checked pages, with its page.
pub fn procedures<'a>(
    cx: &'a Context,
) -> impl Iterator<Item = (&'a Page, &'a crate::model::Procedure)> + 'a {
    cx.model.documents.iter().flat_map(move |d| {
        let page = page_of(cx, &d.source).filter(|p| cx.checked.contains(&p.rel));
        page.into_iter()
            .flat_map(move |p| d.procedures.iter().map(move |pr| (p, pr)))
    })
}

/// Every include of the checked pages: page, path, line. The parser does
/// not read included files: `include` shows as an unknown directive,
/// Sphinx's `literalinclude` as a directive node.
pub fn includes<'a>(cx: &'a Context) -> Vec<(&'a Page, String, u32)> {
    let mut out = Vec::new();
    for page in cx.checked_pages() {
        for m in page.doc.messages() {
            if let Some(p) = include_path(&page.doc, m)
                && !(p.starts_with('<') && p.ends_with('>'))
            {
                out.push((page, p, m.line.unwrap_or(m.span.line)));
            }
        }
        let t = &page.doc.tree;
        for n in page.doc.nodes().iter().copied() {
            if t.tag(n) == Tag::Directive
                && matches!(t.attr_str(n, "name"), Some("include" | "literalinclude"))
                && let Some(arg) = t.attr_str(n, "arguments")
            {
                let arg = arg.lines().next().unwrap_or("").trim();
                if !(arg.is_empty() || arg.starts_with('<') && arg.ends_with('>')) {
                    out.push((page, arg.to_string(), t.get(n).span.line));
                }
            }
        }
    }
    out
}

/// Lines of a page's raw text: (1-based number, byte start, byte end
/// without the break, the break itself).
pub fn raw_lines(src: &str) -> Vec<(u32, usize, usize, &str)> {
    let mut out = Vec::new();
    let b = src.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let mut n = 1;
    while i < b.len() {
        let brk = match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => 2,
            b'\n' | b'\r' => 1,
            _ => 0,
        };
        if brk > 0 {
            out.push((n, start, i, &src[i..i + brk]));
            n += 1;
            i += brk;
            start = i;
        } else {
            i += 1;
        }
    }
    if start < b.len() {
        out.push((n, start, b.len(), ""));
    }
    out
}
