//! A project: a source folder of RST pages and its configuration, parsed
//! and extracted. Every command starts here.

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};
use crate::extract::{self, PageInfo};
use crate::model::{Export, MODEL_VERSION};
use crate::rst::{self, Settings};

/// An mdBook book's table of contents, at the top of its `src` folder.
const SUMMARY: &str = "SUMMARY.md";

/// A page read and parsed.
pub struct Page {
    /// Path relative to the source root, with `/` separators.
    pub rel: String,
    /// Its document name: the path without its source suffix (`dev/index`).
    pub name: String,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub doc: rst::Document,
}

/// The files the pages include (`include`, MyST's `{include}`, mdBook's
/// `{{#include}}`): parts of those pages, not pages of their own.
pub struct Included(std::collections::HashSet<PathBuf>);

impl Included {
    pub fn of(pages: &[Page]) -> Included {
        Included(
            pages
                .iter()
                .flat_map(|p| p.doc.included.iter().map(|f| canonical(f)))
                .collect(),
        )
    }

    /// Whether the file `path` is one of them.
    pub fn contains(&self, path: &std::path::Path) -> bool {
        !self.0.is_empty() && self.0.contains(&canonical(path))
    }
}

fn canonical(p: &std::path::Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// A page that could not be read or decoded.
#[derive(Debug)]
pub struct PageError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

pub struct Project {
    /// Folder of `book.toml` (or of the pages when there is none).
    pub dir: PathBuf,
    /// Folder of the RST pages (Sphinx's source folder): paths that start
    /// with `/` are relative to it.
    pub source: PathBuf,
    /// The project folder nothing is read outside of: the folder of
    /// `book.toml`, or the git repository that holds the pages, or the
    /// source folder itself.
    pub root: PathBuf,
    pub config: Config,
    /// What `conf.py` (and `book.toml`'s `[preprocessor.stepdoc.sphinx]`)
    /// says.
    pub sphinx: crate::sphinx::Sphinx,
    /// What every page is parsed with after its text (`rst_epilog` and
    /// Sphinx's substitutions).
    epilog: String,
    /// Build the pages that can be read when others cannot (the build
    /// still fails); by default a page that cannot be read or decoded
    /// stops the build before anything is written.
    pub keep_going: bool,
    /// How the work on this project runs: jobs, progress bar, encoding.
    pub options: crate::run::Options,
}

impl Project {
    /// The project of `dir`: its `book.toml` if it has one, else `dir` is the
    /// source folder itself (a Sphinx `docs/` with no stepdoc configuration).
    /// Work on it runs with the default [`Options`](crate::run::Options).
    pub fn open(dir: &Path) -> Result<Project, ConfigError> {
        Project::open_with(dir, crate::run::Options::default())
    }

    /// The project of `dir` (as [`open`](Self::open)), worked on as
    /// `options` says.
    pub fn open_with(dir: &Path, options: crate::run::Options) -> Result<Project, ConfigError> {
        let (config, source, root) = if dir.join("book.toml").is_file() {
            let config = Config::load(dir)?;
            let mut source = dir.join(&config.source);
            // An mdBook book without stepdoc's pages folder: its own
            // chapters are the pages.
            let book_src = dir.join(config.book_src.as_deref().unwrap_or(Path::new("src")));
            if !source.is_dir() && book_src.join(SUMMARY).is_file() {
                source = book_src;
            }
            (config, source, dir.to_path_buf())
        } else {
            let root = repository_of(dir).unwrap_or_else(|| dir.to_path_buf());
            (Config::default(), dir.to_path_buf(), root)
        };
        let sphinx = crate::sphinx::Sphinx::load(&source, &config.sphinx);
        let mut config = config;
        if config.language.is_none() {
            config.language = sphinx.language.clone();
        }
        let epilog = sphinx.epilog();
        Ok(Project {
            dir: dir.to_path_buf(),
            source,
            root,
            config,
            sphinx,
            epilog,
            keep_going: false,
            options,
        })
    }

    /// Parser settings for pages of this project.
    pub fn settings(&self) -> Settings {
        Settings {
            source_root: Some(self.root.clone()),
            doc_root: Some(self.source.clone()),
            sphinx: true,
            // Declared in book.toml, and those of the extensions conf.py loads.
            extra_directives: self
                .config
                .directives
                .iter()
                .cloned()
                .chain(crate::sphinx::extensions::directives(&self.sphinx))
                .collect(),
            // The `extlinks` roles are roles of the project.
            extra_roles: self
                .config
                .roles
                .iter()
                .cloned()
                .chain(self.sphinx.extlinks.iter().map(|(name, _, _)| name.clone()))
                .chain(crate::sphinx::extensions::roles(&self.sphinx))
                .collect(),
            input_encoding: self
                .options
                .encoding
                .or(self.config.encoding)
                .unwrap_or_default(),
            ..Settings::default()
        }
    }

    /// Every page of the source folder, relative paths sorted: files with
    /// a suffix of `source_suffix` (`.rst` by default, and `.md` where MyST
    /// reads Markdown pages, see [`Sphinx::markdown_suffixes`](crate::sphinx::Sphinx::markdown_suffixes)) not
    /// excluded by `exclude_patterns`; symlinks inside the project folder
    /// are followed.
    pub fn page_paths(&self) -> Vec<PathBuf> {
        crate::sources::pages_with(&self.source, &self.root, &self.sphinx)
    }

    /// The pages of `all` (the project's [`page_paths`](Self::page_paths))
    /// that `only` names, sorted: an empty path or `None` takes every page,
    /// a folder the pages under it, a file itself (even one the walk does
    /// not list).
    pub fn select_pages(&self, all: &[PathBuf], only: Option<&[PathBuf]>) -> Vec<PathBuf> {
        let Some(list) = only else {
            return all.to_vec();
        };
        let mut v = Vec::new();
        for r in list {
            if r.as_os_str().is_empty() {
                v.extend(all.iter().cloned());
            } else if self.source.join(r).is_dir() {
                v.extend(all.iter().filter(|p| p.starts_with(r)).cloned());
            } else {
                v.push(r.clone());
            }
        }
        v.sort();
        v.dedup();
        v
    }

    /// The message of a run that finds no page: where it looked and for
    /// which suffixes.
    pub fn no_pages(&self) -> String {
        format!(
            "no page found in {} (files ending {})",
            self.source.display(),
            self.sphinx.page_suffixes().join(", ")
        )
    }

    /// Whether the pages are an mdBook book's: a `SUMMARY.md` and no
    /// `conf.py`. The summary is then the root page, its links the order.
    pub fn is_book(&self) -> bool {
        !self.sphinx.has_conf && self.source.join(SUMMARY).is_file()
    }

    /// The root document among `names`: `root_doc`/`master_doc` of
    /// `conf.py` (or `book.toml`), else a book's `SUMMARY`, else `index`,
    /// else `contents`.
    pub fn root_doc<'a>(&self, names: impl IntoIterator<Item = &'a str> + Clone) -> Option<String> {
        let has = |n: &str| names.clone().into_iter().any(|x| x == n);
        let summary = self.is_book().then_some("SUMMARY");
        self.sphinx
            .root_doc
            .iter()
            .map(String::as_str)
            .chain(summary)
            .chain(["index", "contents"])
            .find(|c| has(c))
            .map(str::to_string)
    }

    /// The document name of a page path (relative to the source folder).
    pub fn doc_name(&self, rel: &str) -> String {
        self.sphinx.doc_name(rel).to_string()
    }

    /// Read and parse one page (`rel` relative to the source folder).
    pub fn parse_page(&self, rel: &Path) -> Result<Page, PageError> {
        let path = self.source.join(rel);
        let bytes = std::fs::read(&path).map_err(|e| PageError {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let mut settings = self.settings();
        settings.source_path = Some(path.clone());
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let text = rst::decode_as(&bytes, settings.input_encoding).map_err(|e| PageError {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let doc = if rel_str == SUMMARY && self.is_book() {
            crate::markdown::parse_summary(&text, &rel_str)
        } else if self.sphinx.is_markdown(&rel_str) {
            // An mdBook book's pages have mdBook's links too.
            let syntax = crate::markdown::Extensions {
                mdbook: self.is_book(),
                ..self.sphinx.markdown_syntax()
            };
            crate::markdown::parse_myst(
                &text,
                &settings,
                &rel_str,
                &syntax,
                &self.sphinx.myst_substitutions,
            )
        } else {
            rst::parse_with(
                &text,
                &settings,
                &rel_str,
                &self.sphinx.rst_prolog,
                &self.epilog,
            )
        };
        // List the nodes and messages here, on the worker that parsed the
        // page, rather than later one page after the other.
        doc.messages();
        Ok(Page {
            name: self.doc_name(&rel_str),
            rel: rel_str,
            path,
            bytes,
            doc,
        })
    }

    /// Parse every page (or the given ones), in parallel (see
    /// [`crate::run`]); pages and errors keep the order of the paths.
    pub fn parse_all(&self, only: Option<&[PathBuf]>) -> (Vec<Page>, Vec<PageError>) {
        let rels: Vec<PathBuf> = match only {
            Some(list) => list.to_vec(),
            None => self.page_paths(),
        };
        let parsed = self
            .options
            .map(&rels, "parsing", |rel| self.parse_page(rel));
        let mut pages = Vec::new();
        let mut errors = Vec::new();
        for result in parsed {
            match result {
                Ok(p) => pages.push(p),
                Err(e) => errors.push(e),
            }
        }
        (pages, errors)
    }

    /// The model of the given pages (extracted in parallel, in their order).
    pub fn extract(&self, pages: &[Page]) -> Export {
        let rels: Vec<String> = pages.iter().map(|p| p.rel.clone()).collect();
        let revisions = crate::sources::Revisions::of(&self.source, &rels, self.config.revision);
        // A page other pages include gives its procedures in them.
        let included = Included::of(pages);
        let pages: Vec<&Page> = pages
            .iter()
            .filter(|p| !included.contains(&p.path))
            .collect();
        let mut documents = self.options.map(&pages, "extracting", |p| {
            let info = PageInfo {
                rel_path: &p.rel,
                root: Some(&self.source),
                revision: revisions.revision(&p.rel, &p.bytes),
            };
            extract::extract(&p.doc, &info, &self.config)
        });
        extract::dedupe_ids(&mut documents);
        Export {
            stepdoc_model: MODEL_VERSION,
            documents,
        }
    }
}

/// The git repository (work tree) that holds `dir`, if any.
fn repository_of(dir: &Path) -> Option<PathBuf> {
    let abs = dir.canonicalize().ok()?;
    abs.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}
