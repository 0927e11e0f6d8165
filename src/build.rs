//! `stepdoc build`: the guide as a Markdown tree (which a plain
//! `mdbook build` also accepts) and as an HTML book built in-process with
//! mdBook.
//!
//! Chapter order and nesting come from the Sphinx `toctree` directives,
//! starting at the root page (`master_doc`, default `index`); pages that no
//! toctree names are reported and appended.

use crate::rst::Tag;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Export, Procedure};
use crate::output::{self, Content, Drift, Tree};
use crate::project::{Page, Project};
use crate::render::checklist::{self, Paper};
use crate::render::labels::{self, Labels};
use crate::render::markdown::{self, Context, Target};

/// Embedded default templates (overridable from the project's templates folder).
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("page.md.tera", include_str!("../templates/page.md.tera")),
    (
        "SUMMARY.md.tera",
        include_str!("../templates/SUMMARY.md.tera"),
    ),
];

/// A problem met while building: page, line, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u32,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// What a build produced.
#[derive(Debug)]
pub struct Report {
    /// Folder of the Markdown tree (with `SUMMARY.md`).
    pub markdown: PathBuf,
    /// Folder of the HTML book, when built.
    pub html: Option<PathBuf>,
    pub chapters: usize,
    pub problems: Vec<Problem>,
    /// Pages left out because they could not be read (`--keep-going`).
    pub unreadable: usize,
    pub model: Export,
}

impl Report {
    /// How many procedures the guide holds.
    pub fn procedures(&self) -> usize {
        self.model
            .documents
            .iter()
            .map(|d| d.procedures.len())
            .sum()
    }
}

/// Why a build stopped. A failed build writes nothing: the previous
/// output stays as it was.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// Reading or writing a file or folder failed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Walking a folder failed.
    Walk {
        /// The folder walked.
        path: PathBuf,
        /// What the walk met.
        source: walkdir::Error,
    },
    /// A generated file's path would leave the output folder.
    OutsideOutput(String),
    /// The output folder cannot take the build.
    Output {
        /// The output folder.
        path: PathBuf,
        /// Why: not a folder, holds the project, holds other files ...
        why: String,
    },
    /// The project has no page; the text says where stepdoc looked.
    NoPages(String),
    /// Pages could not be read, and `--keep-going` was not given.
    Unreadable(Vec<String>),
    /// A template failed to load or render.
    Template {
        /// The template's name.
        name: String,
        /// Tera's message.
        detail: String,
    },
    /// book.toml is not a configuration mdBook can use.
    BookToml(String),
    /// mdBook's HTML renderer failed.
    MdBook(String),
    /// The model could not be written as JSON.
    Json(serde_json::Error),
    /// A procedure's checklist could not be made (`procedure` empty: the
    /// checklist templates could not be read).
    Checklist {
        /// The procedure's id.
        procedure: String,
        /// What failed.
        detail: crate::render::checklist::ChecklistError,
    },
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            BuildError::Walk { path, source } => write!(f, "{}: {source}", path.display()),
            BuildError::OutsideOutput(rel) => write!(f, "{rel}: outside the output folder"),
            BuildError::Output { path, why } => write!(f, "{}: {why}", path.display()),
            BuildError::NoPages(text) => f.write_str(text),
            BuildError::Unreadable(pages) => write!(
                f,
                "{}\n{} page{} could not be read; nothing was written (--keep-going builds the others)",
                pages.join("\n"),
                pages.len(),
                if pages.len() == 1 { "" } else { "s" }
            ),
            BuildError::Template { name, detail } => write!(f, "template {name}: {detail}"),
            BuildError::BookToml(detail) => write!(f, "book.toml: {detail}"),
            BuildError::MdBook(detail) => write!(f, "mdBook: {detail}"),
            BuildError::Json(e) => write!(f, "JSON: {e}"),
            BuildError::Checklist { procedure, detail } if procedure.is_empty() => {
                write!(f, "{detail}")
            }
            BuildError::Checklist { procedure, detail } => {
                write!(f, "checklist {procedure}: {detail}")
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Io { source, .. } => Some(source),
            BuildError::Walk { source, .. } => Some(source),
            BuildError::Json(e) => Some(e),
            BuildError::Checklist { detail, .. } => Some(detail),
            _ => None,
        }
    }
}

/// A [`BuildError::Io`] about `path`.
pub(crate) fn io_error(path: &Path) -> impl Fn(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A chapter in book order.
#[derive(Debug, Clone, Serialize)]
struct Chapter {
    title: String,
    path: String,
    indent: String,
    /// The title of the part the chapter opens: the `:caption:` of the
    /// root page's toctree that lists it first (an mdBook book's part).
    part: Option<String>,
}

/// Markdown path of a page: `dev/index.rst` → `dev/index.md`.
pub fn md_path(name: &str) -> String {
    format!("{name}.md")
}

fn page_title(page: &Page) -> String {
    let t = &page.doc.tree;
    t.children(page.doc.root)
        .iter()
        .find(|&&c| t.tag(c) == Tag::Section)
        .and_then(|&s| {
            t.children(s)
                .iter()
                .find(|&&c| t.tag(c) == Tag::Title)
                .copied()
        })
        .map(|title| {
            t.astext(title)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        // A page without a title is named after its file.
        .unwrap_or_else(|| {
            page.name
                .rsplit('/')
                .next()
                .unwrap_or(&page.name)
                .to_string()
        })
}

/// Book order from the toctrees: (root, chapters with depth), plus the
/// pages no toctree names.
fn order(pages: &[Page], root: &str) -> (Vec<(String, usize)>, Vec<String>) {
    let by_name: HashMap<String, &Page> = pages.iter().map(|p| (p.name.clone(), p)).collect();
    let mut docs: Vec<String> = by_name.keys().cloned().collect();
    docs.sort();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut stack: Vec<(String, usize)> = vec![(root.to_string(), 0)];
    while let Some((name, depth)) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(page) = by_name.get(&name) else {
            continue;
        };
        out.push((name.clone(), depth));
        for child in crate::sphinx::toctree::children(&page.doc, &name, &docs)
            .into_iter()
            .rev()
        {
            if !seen.contains(&child) {
                stack.push((child, depth + 1));
            }
        }
    }
    // A page other pages include is shown in them, not as a chapter.
    let included = crate::project::Included::of(pages);
    let mut orphans: Vec<String> = pages
        .iter()
        .filter(|p| !seen.contains(&p.name) && !included.contains(&p.path))
        .map(|p| p.name.clone())
        .collect();
    orphans.sort();
    (out, orphans)
}

/// The parts of the book: the first document each captioned toctree of
/// the root page lists, and its caption.
fn part_titles(by_name: &HashMap<String, &Page>, root: &str) -> HashMap<String, String> {
    let Some(page) = by_name.get(root) else {
        return HashMap::new();
    };
    let mut docs: Vec<String> = by_name.keys().cloned().collect();
    docs.sort();
    crate::sphinx::toctree::read(&page.doc, root, &docs)
        .into_iter()
        .filter_map(|t| {
            let caption = t.caption.filter(|c| !c.trim().is_empty())?;
            let first = t.entries.into_iter().find_map(|e| match e.target {
                crate::sphinx::toctree::Target::Doc(d) => Some(d),
                _ => None,
            })?;
            Some((first, caption.trim().to_string()))
        })
        .collect()
}

/// Each chapter of an mdBook summary (as `parse_summary` reads it) and its
/// level in the summary's lists, where the book nests it.
fn summary_levels(doc: &crate::rst::Document) -> HashMap<&str, usize> {
    let t = &doc.tree;
    let mut out = HashMap::new();
    for &n in doc.nodes() {
        if t.tag(n) != Tag::Directive {
            continue;
        }
        let levels = t.list_attr(n, crate::markdown::SUMMARY_LEVELS);
        let Some(&block) = t.children(n).first() else {
            continue;
        };
        let Some(&text) = t.children(block).first() else {
            continue;
        };
        for (entry, level) in t.text_of(text).lines().zip(levels) {
            out.entry(entry).or_insert(level.parse().unwrap_or(1));
        }
    }
    out
}

fn root_doc(project: &Project, pages: &[Page]) -> String {
    project
        .root_doc(pages.iter().map(|p| p.name.as_str()))
        .or_else(|| pages.first().map(|p| p.name.clone()))
        .unwrap_or_else(|| "index".into())
}

/// Load the templates: embedded defaults, then the project's overrides.
pub fn templates(dir: Option<&Path>) -> Result<tera::Tera, BuildError> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![]);
    for (name, body) in DEFAULT_TEMPLATES {
        let body = dir
            .map(|d| d.join(name))
            .filter(|p| p.is_file())
            .map(|p| std::fs::read_to_string(&p).map_err(io_error(&p)))
            .transpose()?
            .unwrap_or_else(|| body.to_string());
        tera.add_raw_template(name, &body)
            .map_err(|e| BuildError::Template {
                name: name.to_string(),
                detail: format!("{e:?}"),
            })?;
    }
    Ok(tera)
}

/// Markdown of every chapter, keyed by Markdown path, and SUMMARY.md.
pub struct MarkdownBook {
    pub files: Vec<(String, String)>,
    /// Images to copy: (Markdown-relative path, source file).
    pub images: Vec<(String, PathBuf)>,
    pub problems: Vec<Problem>,
    pub chapters: usize,
    pub title: String,
}

/// Render the whole project to Markdown, in memory.
pub fn render_markdown(
    project: &Project,
    pages: &[Page],
    model: &Export,
) -> Result<MarkdownBook, BuildError> {
    let labels: &Labels = labels::for_language(project.config.language.as_deref());
    let tera = templates(
        project
            .config
            .templates
            .as_ref()
            .map(|t| project.dir.join(t))
            .as_deref(),
    )?;
    let by_name: HashMap<String, &Page> = pages.iter().map(|p| (p.name.clone(), p)).collect();
    let root = root_doc(project, pages);
    let (mut ordered, orphans) = order(pages, &root);
    // An mdBook book's summary is its table of contents, not a chapter:
    // its first chapter is the book's landing page.
    if project.is_book() && root == "SUMMARY" && ordered.first().is_some_and(|(n, _)| *n == root) {
        ordered.remove(0);
        if let Some(summary) = by_name.get(&root) {
            let levels = summary_levels(&summary.doc);
            for (name, depth) in &mut ordered {
                if let Some(&level) = levels.get(name.as_str()) {
                    *depth = level;
                }
            }
        }
    }
    let mut problems = Vec::new();
    for o in &orphans {
        let file = by_name
            .get(o)
            .map_or_else(|| format!("{o}.rst"), |p| p.rel.clone());
        problems.push(Problem {
            file,
            line: 0,
            message: "this page is in no toctree; appended at the end of the book".into(),
        });
    }
    // Cross-reference tables.
    let mut docs: HashMap<String, String> = HashMap::new();
    let mut targets: HashMap<String, Target> = HashMap::new();
    for p in pages {
        let name = p.name.clone();
        let md = md_path(&p.name);
        docs.insert(name.clone(), md.clone());
        targets.insert(
            format!("doc:{name}"),
            Target {
                page: md.clone(),
                anchor: None,
                title: page_title(p),
            },
        );
        let t = &p.doc.tree;
        let all = t.descendants(p.doc.root);
        for (i, &n) in all.iter().enumerate() {
            let tag = t.tag(n);
            // External targets (`.. _name: URL`) are no place in the book.
            // Glossary terms are targets too (`:term:`).
            if !matches!(tag, Tag::Target | Tag::Section | Tag::Term)
                || t.attr(n, "refuri").is_some()
            {
                continue;
            }
            // A target right before a section labels that section (`:ref:`).
            let section = if tag == Tag::Section {
                Some(n)
            } else {
                all.get(i + 1)
                    .copied()
                    .filter(|&s| t.tag(s) == Tag::Section)
            };
            let title = section
                .and_then(|s| {
                    t.children(s)
                        .iter()
                        .find(|&&c| t.tag(c) == Tag::Title)
                        .copied()
                })
                .map(|x| t.astext(x))
                .unwrap_or_default();
            let anchor = section
                .and_then(|s| t.list_attr(s, "ids").first().cloned())
                .or_else(|| t.list_attr(n, "ids").first().cloned());
            for name in t.list_attr(n, "names") {
                targets.entry(name.to_lowercase()).or_insert(Target {
                    page: md.clone(),
                    anchor: anchor.clone(),
                    title: if title.is_empty() {
                        name.clone()
                    } else {
                        title.clone()
                    },
                });
            }
        }
    }
    let procs_of: HashMap<&str, &[Procedure]> = model
        .documents
        .iter()
        .map(|d| (d.source.as_str(), d.procedures.as_slice()))
        .collect();
    let outline_of: Vec<(String, String, String, &crate::rst::Document)> = pages
        .iter()
        .map(|p| (p.name.clone(), md_path(&p.name), page_title(p), &p.doc))
        .collect();
    let toc = crate::sphinx::toc::Index::build(&outline_of);
    let substitutions = project.sphinx.substitutions();
    let mut files = Vec::new();
    let mut images = Vec::new();
    let mut chapters: Vec<Chapter> = Vec::new();
    let parts = part_titles(&by_name, &root);
    let all_names: Vec<(String, usize)> = ordered
        .iter()
        .cloned()
        .chain(orphans.iter().map(|o| (o.clone(), 1)))
        .collect();
    for (name, depth) in &all_names {
        let Some(page) = by_name.get(name) else {
            continue;
        };
        let md = md_path(&page.name);
        let procedures: &[Procedure] = procs_of.get(page.rel.as_str()).copied().unwrap_or(&[]);
        let exists = |uri: &str| -> bool {
            let rel = crate::sphinx::source_path(&page.rel, uri);
            crate::sources::confined(&project.source, &rel)
                .map(|p| p.is_file())
                .unwrap_or(false)
        };
        let md_for_href = md.clone();
        let checklist =
            move |id: &str| markdown::relative(&md_for_href, &format!("checklists/{id}.pdf"));
        let ctx = Context {
            labels,
            page: &md,
            docs: &docs,
            targets: &targets,
            procedures,
            image_exists: &exists,
            checklist_href: &checklist,
            doc: name,
            toc: Some(&toc),
            substitutions: &substitutions,
            extlinks: &project.sphinx.extlinks,
            tags: &project.sphinx.tags,
        };
        let rendered = markdown::render(&page.doc, &ctx);
        for (line, message) in rendered.problems {
            problems.push(Problem {
                file: page.rel.clone(),
                line,
                message,
            });
        }
        for img in rendered.images.iter().filter(|i| i.exists) {
            let rel = crate::sphinx::source_path(&page.rel, &img.uri);
            if let Ok(src) = crate::sources::confined(&project.source, &rel) {
                let rel_s = rel.to_string_lossy().replace('\\', "/");
                let dest = crate::sphinx::normalize(&rel_s).unwrap_or(rel_s);
                images.push((dest, src));
            }
        }
        #[derive(Serialize)]
        struct ProcLink {
            title_md: String,
            checklist_href: String,
        }
        let mut ctx = tera::Context::new();
        ctx.insert("content", rendered.markdown.trim_end());
        ctx.insert(
            "page",
            &serde_json::json!({"source": page.rel, "title": page_title(page)}),
        );
        ctx.insert(
            "labels",
            &serde_json::json!({"checklist": labels.checklist, "step": labels.step}),
        );
        let links: Vec<ProcLink> = procedures
            .iter()
            .map(|p| ProcLink {
                title_md: crate::render::escape::line(&p.title),
                checklist_href: checklist(&p.id),
            })
            .collect();
        ctx.insert("procedures", &links);
        let text = tera
            .render("page.md.tera", &ctx)
            .map_err(|e| BuildError::Template {
                name: "page.md.tera".into(),
                detail: format!("{e:?}"),
            })?;
        files.push((md.clone(), format!("{}\n", text.trim_end())));
        chapters.push(Chapter {
            title: crate::render::escape::line(&page_title(page)).replace(['[', ']'], ""),
            path: md,
            indent: "  ".repeat(depth.saturating_sub(1)),
            part: (*depth == 1)
                .then(|| parts.get(name.as_str()))
                .flatten()
                .map(|t| crate::render::escape::line(t)),
        });
    }
    // book.toml's title, else conf.py's `project`, else the root page's title.
    let title = project
        .config
        .book_title
        .clone()
        .or_else(|| project.sphinx.project.clone())
        .unwrap_or_else(|| {
            chapters
                .first()
                .map(|c| c.title.clone())
                .unwrap_or_default()
        });
    let mut ctx = tera::Context::new();
    if let Some((root_ch, rest)) = chapters.split_first() {
        ctx.insert("root", root_ch);
        ctx.insert("chapters", rest);
    } else {
        ctx.insert("root", &serde_json::json!({"title": "", "path": ""}));
        ctx.insert("chapters", &Vec::<Chapter>::new());
    }
    let summary = tera
        .render("SUMMARY.md.tera", &ctx)
        .map_err(|e| BuildError::Template {
            name: "SUMMARY.md.tera".into(),
            detail: format!("{e:?}"),
        })?;
    files.push(("SUMMARY.md".into(), summary));
    let n = chapters.len();
    Ok(MarkdownBook {
        files,
        images,
        problems,
        chapters: n,
        title,
    })
}

/// The mdBook configuration: the project's `book.toml` when it has one,
/// else defaults with the title from the root page and the language from
/// `conf.py`.
fn mdbook_config(
    project: &Project,
    title: &str,
) -> Result<mdbook_driver::config::Config, BuildError> {
    let mut text = std::fs::read_to_string(project.dir.join("book.toml")).unwrap_or_default();
    if text.trim().is_empty() {
        text = format!(
            "[book]\ntitle = {}\nlanguage = {}\n",
            toml_str(title),
            toml_str(project.config.language.as_deref().unwrap_or("en"))
        );
    }
    // stepdoc's own table is for stepdoc: the in-process build must not try
    // to run it as an external preprocessor.
    let mut table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| BuildError::BookToml(e.to_string()))?;
    if let Some(toml::Value::Table(pre)) = table.get_mut("preprocessor") {
        pre.remove("stepdoc");
    }
    let text = table.to_string();
    let mut cfg: mdbook_driver::config::Config = text
        .parse()
        .map_err(|e| BuildError::BookToml(format!("{e:#}")))?;
    // Relative to the book root, which is the output folder.
    cfg.book.src = PathBuf::from("src");
    cfg.build.build_dir = PathBuf::from("html");
    // The pages are ours: mdBook's default preprocessors would read
    // `{{#include}}` in them and turn a `README.md` chapter into `index`.
    cfg.build.use_default_preprocessors = false;
    let mut css: Vec<String> = cfg
        .get::<Vec<String>>("output.html.additional-css")
        .ok()
        .flatten()
        .unwrap_or_default();
    css.push("stepdoc.css".into());
    cfg.set("output.html.additional-css", css)
        .map_err(|e| BuildError::BookToml(format!("{e:#}")))?;
    Ok(cfg)
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A stylesheet that shows mdBook's admonition titles ("Note", "Warning"...)
/// in the book's language.
pub fn admonition_css(labels: &Labels) -> String {
    let mut css =
        String::from("/* Admonition titles in the book's language (generated by stepdoc). */\n");
    for (kind, label) in [
        ("note", labels.note),
        ("tip", labels.tip),
        ("important", labels.important),
        ("warning", labels.warning),
        ("caution", labels.caution),
    ] {
        css.push_str(&format!(
            ".blockquote-tag-{kind} .blockquote-tag-title {{ font-size: 0; }}\n\
             .blockquote-tag-{kind} .blockquote-tag-title svg {{ width: 18px; height: 18px; }}\n\
             .blockquote-tag-{kind} .blockquote-tag-title::after {{ content: \"{label}\"; font-size: 1.6rem; }}\n"
        ));
    }
    css
}

/// Top-level entries of an output folder that a build writes.
pub const OUTPUT_ENTRIES: &[&str] = &["src", "schemas", "book.toml", "stepdoc.css", "html"];

/// Everything a build generates, in memory.
pub struct Generated {
    /// The files of the output folder but the HTML: `src/` (Markdown,
    /// `SUMMARY.md`, copied images, `checklists/`), `book.toml`,
    /// `stepdoc.css` and `schemas/`.
    pub tree: Tree,
    pub chapters: usize,
    pub problems: Vec<Problem>,
    /// Pages that could not be read or decoded (left out with
    /// `--keep-going`).
    pub unreadable: usize,
    pub model: Export,
    /// The book's title (from the root page).
    pub title: String,
}

/// Generate the output of `project` in memory: what [`build`] writes and
/// [`check`] compares.
pub fn generate(project: &Project) -> Result<Generated, BuildError> {
    let (pages, errors) = project.parse_all(None);
    if pages.is_empty() && errors.is_empty() {
        return Err(BuildError::NoPages(project.no_pages()));
    }
    if !errors.is_empty() && !project.keep_going {
        return Err(BuildError::Unreadable(
            errors.iter().map(|e| e.to_string()).collect(),
        ));
    }
    let mut problems: Vec<Problem> = errors
        .iter()
        .map(|e| Problem {
            file: e.path.display().to_string(),
            line: 0,
            message: e.message.clone(),
        })
        .collect();
    // The conf.py settings that could not be evaluated, once per build.
    let conf = project.source.join("conf.py").display().to_string();
    for s in &project.sphinx.skipped {
        problems.push(Problem {
            file: conf.clone(),
            line: s.line,
            message: format!(
                "`{}` is not a literal stepdoc can read ({}); set it in book.toml's \
                 [preprocessor.stepdoc.sphinx] if it matters",
                s.key, s.reason
            ),
        });
    }
    let model = project.extract(&pages);
    let book = render_markdown(project, &pages, &model)?;
    problems.extend(book.problems.iter().cloned());
    let mut tree = Tree::default();
    for (rel, text) in &book.files {
        tree.insert(&format!("src/{rel}"), Content::Text(text.clone()))?;
    }
    for (rel, src) in &book.images {
        // An image path that would leave the folder is left out, as the
        // Markdown renderer already reported its link.
        let _ = tree.insert(&format!("src/{rel}"), Content::Copy(src.clone()));
    }
    // A book.toml beside the Markdown so that a plain `mdbook build` works there.
    let labels = labels::for_language(project.config.language.as_deref());
    tree.insert("stepdoc.css", Content::Text(admonition_css(labels)))?;
    let cfg_text = format!(
        "[book]\ntitle = {}\nlanguage = {}\nsrc = \"src\"\n\n[build]\nbuild-dir = \"html\"\nuse-default-preprocessors = false\n\n[output.html]\nadditional-css = [\"stepdoc.css\"]\n",
        toml_str(&book.title),
        toml_str(project.config.language.as_deref().unwrap_or("en"))
    );
    tree.insert("book.toml", Content::Text(cfg_text))?;
    for c in checklists(project, &model, Paper::A4)? {
        tree.insert(
            &format!("src/checklists/{}.pdf", c.id),
            Content::Binary(c.pdf),
        )?;
        tree.insert(
            &format!("src/checklists/{}.html", c.id),
            Content::Text(c.html),
        )?;
    }
    tree.insert(
        "schemas/model.schema.json",
        Content::Text(json_text(&crate::schema::model_schema())?),
    )?;
    for d in &model.documents {
        for p in &d.procedures {
            tree.insert(
                &format!("schemas/{}.form.schema.json", p.id),
                Content::Text(json_text(&crate::schema::form_schema(p))?),
            )?;
        }
    }
    Ok(Generated {
        tree,
        chapters: book.chapters,
        problems,
        unreadable: errors.len(),
        model,
        title: book.title,
    })
}

/// Pretty JSON with a final newline, as `stepdoc schema` prints it.
fn json_text(v: &serde_json::Value) -> Result<String, BuildError> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(BuildError::Json)
}

/// Build the guide of `project` into `out`: the generated files, and the
/// HTML book in `out/html` (when `html`). The new output is made in a
/// temporary folder beside `out` and takes its place only when complete
/// (see [`output::replace`]).
pub fn build(project: &Project, out: &Path, html: bool) -> Result<Report, BuildError> {
    let generated = generate(project)?;
    let protect = [project.dir.as_path(), project.source.as_path()];
    output::replace(out, OUTPUT_ENTRIES, &protect, |tmp| {
        generated.tree.write_into(tmp)?;
        if html {
            let cfg = mdbook_config(project, &generated.title)?;
            let md = mdbook_driver::MDBook::load_with_config(tmp, cfg)
                .map_err(|e| BuildError::MdBook(format!("{e:#}")))?;
            md.build()
                .map_err(|e| BuildError::MdBook(format!("{e:#}")))?;
        }
        Ok(())
    })?;
    Ok(Report {
        markdown: out.join("src"),
        html: html.then(|| out.join("html")),
        chapters: generated.chapters,
        problems: generated.problems,
        unreadable: generated.unreadable,
        model: generated.model,
    })
}

/// What `stepdoc build --check` found.
pub struct CheckReport {
    pub drift: Drift,
    /// Number of files generated (and compared).
    pub files: usize,
    pub generated: Generated,
}

/// Generate the output of `project` in memory and compare it with `out`,
/// without writing anything. The HTML book is not compared.
pub fn check(project: &Project, out: &Path) -> Result<CheckReport, BuildError> {
    let generated = generate(project)?;
    let drift = generated.tree.compare(out)?;
    Ok(CheckReport {
        drift,
        files: generated.tree.len(),
        generated,
    })
}

/// A printable checklist: PDF and print-ready HTML.
pub struct ChecklistFiles {
    pub id: String,
    pub pdf: Vec<u8>,
    pub html: String,
}

/// The checklists of every procedure of the model.
pub fn checklists(
    project: &Project,
    model: &Export,
    paper: Paper,
) -> Result<Vec<ChecklistFiles>, BuildError> {
    let labels = labels::for_language(project.config.language.as_deref());
    let lang = project
        .config
        .language
        .clone()
        .unwrap_or_else(|| "en".into());
    let (typ, html) = checklist::templates(
        project
            .config
            .templates
            .as_ref()
            .map(|t| project.dir.join(t))
            .as_deref(),
    )
    .map_err(|detail| BuildError::Checklist {
        procedure: String::new(),
        detail,
    })?;
    let mut out = Vec::new();
    for d in &model.documents {
        for p in &d.procedures {
            let data = checklist::data(
                p,
                &d.source,
                &d.revision,
                labels,
                &lang,
                paper,
                &Default::default(),
            );
            let pdf =
                checklist::pdf(&typ, &data, &p.id).map_err(|detail| BuildError::Checklist {
                    procedure: p.id.clone(),
                    detail,
                })?;
            let page = checklist::html(&html, &data).map_err(|detail| BuildError::Checklist {
                procedure: p.id.clone(),
                detail,
            })?;
            out.push(ChecklistFiles {
                id: p.id.clone(),
                pdf,
                html: page,
            });
        }
    }
    Ok(out)
}
