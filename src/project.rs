//! A project: a source folder of RST pages and its configuration, parsed
//! and extracted. Every command starts here.

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};
use crate::extract::{self, PageInfo};
use crate::model::{Export, MODEL_VERSION};
use crate::rst::{self, Settings};

/// A page read and parsed.
pub struct Page {
    /// Path relative to the source root, with `/` separators.
    pub rel: String,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub doc: rst::Document,
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
    /// Folder of the RST pages: the source root nothing is read outside of.
    pub source: PathBuf,
    pub config: Config,
}

impl Project {
    /// The project of `dir`: its `book.toml` if it has one, else `dir` is the
    /// source folder itself (a Sphinx `docs/` with no stepdoc configuration).
    pub fn open(dir: &Path) -> Result<Project, ConfigError> {
        if dir.join("book.toml").is_file() {
            let config = Config::load(dir)?;
            let source = dir.join(&config.source);
            return Ok(Project {
                dir: dir.to_path_buf(),
                source,
                config,
            });
        }
        let mut config = Config::default();
        if config.language.is_none() {
            config.language = sphinx_language(dir);
        }
        Ok(Project {
            dir: dir.to_path_buf(),
            source: dir.to_path_buf(),
            config,
        })
    }

    /// Parser settings for pages of this project.
    pub fn settings(&self) -> Settings {
        Settings {
            source_root: Some(self.source.clone()),
            extra_directives: self.config.directives.clone(),
            extra_roles: self.config.roles.clone(),
            input_encoding: crate::run::encoding()
                .or(self.config.encoding)
                .unwrap_or_default(),
            ..Settings::default()
        }
    }

    /// Every page of the source folder, relative paths sorted.
    pub fn page_paths(&self) -> Vec<PathBuf> {
        crate::sources::pages(&self.source)
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
        let doc = rst::parse_bytes(&bytes, &settings, &rel_str).map_err(|e| PageError {
            path: path.clone(),
            message: e.to_string(),
        })?;
        // List the nodes and messages here, on the worker that parsed the
        // page, rather than later one page after the other.
        doc.messages();
        Ok(Page {
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
        let parsed = crate::run::map(&rels, "parsing", |rel| self.parse_page(rel));
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
        let mut documents = crate::run::map(pages, "extracting", |p| {
            let info = PageInfo {
                rel_path: &p.rel,
                root: Some(&self.source),
                revision: crate::sources::revision(&p.path, &p.bytes, self.config.revision),
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

/// `language = '...'` from a Sphinx `conf.py`, if set.
pub fn sphinx_language(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("conf.py")).ok()?;
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("language") {
            let rest = rest.trim_start();
            if let Some(v) = rest.strip_prefix('=') {
                let v = v.trim().trim_matches(|c| c == '\'' || c == '"');
                if !v.is_empty() && v != "None" {
                    return Some(v.to_string());
                }
            }
        }
    }
    None
}
