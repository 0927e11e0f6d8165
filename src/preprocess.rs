//! stepdoc as an mdBook 0.5 preprocessor: a book already on mdBook lists
//! `.rst` chapters in its own `SUMMARY.md`, and stepdoc turns them into
//! Markdown (procedures included) before mdBook renders them.
//!
//! ```toml
//! [preprocessor.stepdoc]
//! command = "stepdoc preprocess"
//! ```
//!
//! mdBook first asks `stepdoc preprocess supports RENDERER` (every renderer
//! is supported: the output is Markdown), then pipes `[context, book]` as
//! JSON to `stepdoc preprocess` and reads the book back on stdout.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use mdbook_preprocessor::book::BookItem;

use crate::config::Config;
use crate::extract::{self, PageInfo};
use crate::render::labels;
use crate::render::markdown::{self, Context, Target};
use crate::rst::{self, Settings};

/// Why the preprocessor could not do its part.
#[derive(Debug)]
#[non_exhaustive]
pub enum PreprocessError {
    /// What mdBook sent is not its preprocessor input (context and book).
    Input(String),
    /// The book could not be written back as JSON.
    Output(serde_json::Error),
}

impl std::fmt::Display for PreprocessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreprocessError::Input(detail) => f.write_str(detail),
            PreprocessError::Output(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PreprocessError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PreprocessError::Output(e) => Some(e),
            PreprocessError::Input(_) => None,
        }
    }
}

/// Run the preprocessor protocol on `input`, writing the book to `output`.
pub fn run<R: Read, W: Write>(input: R, output: W) -> Result<(), PreprocessError> {
    let (ctx, mut book) = mdbook_preprocessor::parse_input(input)
        .map_err(|e| PreprocessError::Input(format!("{e:#}")))?;
    let src = ctx.root.join(&ctx.config.book.src);
    let cfg: Config = ctx
        .config
        .get::<Config>("preprocessor.stepdoc")
        .ok()
        .flatten()
        .unwrap_or_default();
    let language = cfg
        .language
        .clone()
        .or_else(|| ctx.config.book.language.clone());
    let labels = labels::for_language(language.as_deref());
    // `:doc:` names of the book's RST chapters.
    let mut docs: HashMap<String, String> = HashMap::new();
    book.for_each_chapter_mut(|ch| {
        if let Some(p) = ch
            .source_path
            .as_ref()
            .filter(|p| p.extension().is_some_and(|e| e == "rst"))
        {
            let rel = p.to_string_lossy().replace('\\', "/");
            let name = rel.trim_end_matches(".rst").to_string();
            docs.insert(name, format!("{}.md", rel.trim_end_matches(".rst")));
        }
    });
    let targets: HashMap<String, Target> = HashMap::new();
    // The revisions of every RST chapter, from one `git log`.
    let chapter_files: Vec<String> = docs.keys().map(|n| format!("{n}.rst")).collect();
    let revisions = crate::sources::Revisions::of(&src, &chapter_files, cfg.revision);
    let mut problems = Vec::new();
    book.for_each_mut(|item| {
        let BookItem::Chapter(ch) = item else { return };
        let Some(source_path) = ch.source_path.clone() else {
            return;
        };
        if source_path.extension().is_none_or(|e| e != "rst") {
            return;
        }
        let rel = source_path.to_string_lossy().replace('\\', "/");
        let settings = Settings {
            source_root: Some(src.clone()),
            source_path: Some(src.join(&source_path)),
            extra_directives: cfg.directives.clone(),
            extra_roles: cfg.roles.clone(),
            ..Settings::default()
        };
        let doc = rst::parse(&ch.content, &settings, &rel);
        let info = PageInfo {
            rel_path: &rel,
            root: Some(&src),
            revision: revisions.revision(&rel, ch.content.as_bytes()),
        };
        let model = extract::extract(&doc, &info, &cfg);
        let page_md = format!("{}.md", rel.trim_end_matches(".rst"));
        let doc_name = rel.trim_end_matches(".rst").to_string();
        let page_dir: PathBuf = Path::new(&rel)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let src_for = src.clone();
        let exists = move |uri: &str| {
            crate::sources::confined(&src_for, &page_dir.join(uri))
                .map(|p| p.is_file())
                .unwrap_or(false)
        };
        let page_for = page_md.clone();
        let href = move |id: &str| markdown::relative(&page_for, &format!("checklists/{id}.pdf"));
        let rctx = Context {
            labels,
            page: &page_md,
            docs: &docs,
            targets: &targets,
            procedures: &model.procedures,
            image_exists: &exists,
            checklist_href: &href,
            doc: &doc_name,
            toc: None,
            substitutions: &[],
            extlinks: &[],
            tags: &[],
        };
        let rendered = markdown::render(&doc, &rctx);
        for (line, message) in rendered.problems {
            problems.push(format!("{rel}:{line}: {message}"));
        }
        for m in doc.messages().iter().filter(|m| m.level >= 2) {
            problems.push(format!("{rel}:{}: {}", m.line.unwrap_or(0), m.text));
        }
        ch.content = rendered.markdown;
    });
    for p in problems {
        eprintln!("stepdoc: {p}");
    }
    serde_json::to_writer(output, &book).map_err(PreprocessError::Output)
}
