//! Configuration: the `[preprocessor.stepdoc]` table of `book.toml`, the
//! one configuration file of a stepdoc project. mdBook reads the rest, and
//! accepts this table (mdBook 0.5 refuses unknown top-level tables; a
//! preprocessor's table may hold any key).
//!
//! ```toml
//! [preprocessor.stepdoc]
//! optional = true          # plain `mdbook build` runs without stepdoc installed
//! source = "docs"          # folder of the RST pages (default: docs)
//! language = "fr"          # labels of generated outputs (default: the book's)
//! step-words = ["etape", "step"]
//! verbs = ["provisionner"] # imperative verbs added to the embedded lexicons
//! input-verbs = ["populate"] # verbs that name a field after them
//! revision = "git"         # or "content": page versions as content hashes
//!
//! [preprocessor.stepdoc.procedures.faire-remonter-vos-donnees-sur-data-gouv-fr]
//! payload = "udata-harvest-source"
//! [preprocessor.stepdoc.procedures.faire-remonter-vos-donnees-sur-data-gouv-fr.fields.URL]
//! kind = "url"
//! maps-to = "url"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Settings of one field, by label.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FieldConfig {
    pub kind: Option<String>,
    pub required: Option<bool>,
    pub value: Option<String>,
    pub example: Option<String>,
    pub help: Option<String>,
    pub options: Option<Vec<String>>,
    pub maps_to: Option<String>,
}

/// Settings of one procedure, by id.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ProcedureConfig {
    pub payload: Option<String>,
    #[serde(default)]
    pub fields: BTreeMap<String, FieldConfig>,
}

/// The `[preprocessor.stepdoc]` table.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// mdBook's own keys of a preprocessor table, accepted and left to mdBook.
    #[serde(default)]
    pub command: Option<String>,
    #[serde(default)]
    pub optional: Option<bool>,
    #[serde(default)]
    pub before: Option<Vec<String>>,
    #[serde(default)]
    pub after: Option<Vec<String>>,
    #[serde(default)]
    pub renderers: Option<Vec<String>>,
    #[serde(default = "default_source")]
    pub source: PathBuf,
    pub language: Option<String>,
    #[serde(default = "default_step_words")]
    pub step_words: Vec<String>,
    /// Imperative verbs to add to the embedded lexicons (English base
    /// forms, French infinitives: their `-ez` forms are made by rule).
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Verbs that ask the reader to fill a field, added to the embedded
    /// ones (`enter`, `saisir` ...).
    #[serde(default)]
    pub input_verbs: Vec<String>,
    /// Directives to accept besides docutils' and Sphinx's.
    #[serde(default)]
    pub directives: Vec<String>,
    /// Roles to accept besides docutils' and Sphinx's.
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub procedures: BTreeMap<String, ProcedureConfig>,
    /// Where the generated Markdown goes (default: `target/book-src`).
    pub markdown: Option<PathBuf>,
    /// Folder of templates overriding the embedded ones.
    pub templates: Option<PathBuf>,
    /// What identifies the version of a page in the model and on the
    /// checklists.
    #[serde(default)]
    pub revision: RevisionMode,
    /// Settings of `stepdoc check` (`[preprocessor.stepdoc.check]`).
    #[serde(default)]
    pub check: CheckConfig,
    /// Encoding of the pages (`utf-8`, the default, `latin-1`, `cp1252`);
    /// `--encoding` overrides it.
    pub encoding: Option<crate::rst::Encoding>,
    /// Sphinx settings that override, or stand for, what `conf.py` says
    /// (`[preprocessor.stepdoc.sphinx]`).
    #[serde(default)]
    pub sphinx: SphinxConfig,
    /// `book.toml`'s `[book] title` (mdBook's table, read for the guide).
    #[serde(skip)]
    pub book_title: Option<String>,
    /// `book.toml`'s `[book] src`: where an mdBook book's own chapters are.
    #[serde(skip)]
    pub book_src: Option<PathBuf>,
}

/// The `[preprocessor.stepdoc.sphinx]` table: the `conf.py` settings
/// stepdoc reads, for when `conf.py` computes them (a call, an import) or
/// a project has no `conf.py`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SphinxConfig {
    pub project: Option<String>,
    pub version: Option<String>,
    pub release: Option<String>,
    pub today: Option<String>,
    pub language: Option<String>,
    pub root_doc: Option<String>,
    /// Page suffixes (`[".rst", ".txt"]`).
    pub source_suffix: Option<Vec<String>>,
    pub exclude_patterns: Option<Vec<String>>,
    pub rst_prolog: Option<String>,
    pub rst_epilog: Option<String>,
    /// Role name → URL pattern with `%s` (Sphinx's `extlinks`).
    pub extlinks: Option<BTreeMap<String, String>>,
    pub extensions: Option<Vec<String>>,
    /// MyST's syntax extensions (`myst_enable_extensions`).
    pub myst_enable_extensions: Option<Vec<String>>,
    /// MyST's substitutions (`myst_substitutions`): key → Markdown.
    pub myst_substitutions: Option<BTreeMap<String, String>>,
    /// Tags `only` directives are evaluated against.
    pub tags: Option<Vec<String>>,
}

/// `revision = "git"` (the default) or `"content"`.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RevisionMode {
    /// The commit of the page's last change when it is committed and
    /// unchanged, else a hash of its content.
    #[default]
    Git,
    /// Always a hash of the page's content: outputs depend on the sources
    /// alone, so a committed guide checked by `stepdoc build --check` stays
    /// up to date whatever the state of the repository (shallow clones,
    /// pages and guide committed together).
    Content,
}

/// The `[preprocessor.stepdoc.check]` table.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CheckConfig {
    /// Severity by rule code (or code prefix): `error`, `warning`, `hidden` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Paths (globs relative to the source root) not to check.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Longest line the `line-too-long` rule accepts (default 120).
    pub line_length: Option<usize>,
}

fn default_source() -> PathBuf {
    PathBuf::from("docs")
}

fn default_step_words() -> Vec<String> {
    crate::extract::markers::DEFAULT_STEP_WORDS
        .iter()
        .map(|s| s.to_string())
        .collect()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            command: None,
            optional: None,
            before: None,
            after: None,
            renderers: None,
            source: default_source(),
            language: None,
            step_words: default_step_words(),
            verbs: Vec::new(),
            input_verbs: Vec::new(),
            directives: Vec::new(),
            roles: Vec::new(),
            procedures: BTreeMap::new(),
            markdown: None,
            templates: None,
            revision: RevisionMode::default(),
            check: CheckConfig::default(),
            encoding: None,
            sphinx: SphinxConfig::default(),
            book_title: None,
            book_src: None,
        }
    }
}

#[derive(Deserialize)]
struct BookToml {
    #[serde(default)]
    book: BookSection,
    #[serde(default)]
    preprocessor: Preprocessors,
}

#[derive(Deserialize, Default)]
struct Preprocessors {
    stepdoc: Option<Config>,
}

#[derive(Deserialize, Default)]
struct BookSection {
    language: Option<String>,
    title: Option<String>,
    src: Option<PathBuf>,
}

/// A configuration that could not be read.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Read `book.toml`; a file without a `[preprocessor.stepdoc]` table
    /// gives the defaults (with the book's language).
    pub fn from_book_toml(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let book: BookToml =
            toml::from_str(text).map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
        let mut cfg = book.preprocessor.stepdoc.unwrap_or_default();
        if cfg.language.is_none() {
            cfg.language = book.book.language;
        }
        cfg.book_title = book.book.title;
        cfg.book_src = book.book.src;
        Ok(cfg)
    }

    /// `book.toml` in `dir`, or the defaults when there is none.
    pub fn load(dir: &Path) -> Result<Config, ConfigError> {
        let path = dir.join("book.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::from_book_toml(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError(format!("{}: {e}", path.display()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_stepdoc_section_and_the_book_language() {
        let cfg = Config::from_book_toml(
            "[book]\nlanguage = \"fr\"\n[preprocessor.stepdoc]\noptional = true\nsource = \"pages\"\n[preprocessor.stepdoc.procedures.p.fields.URL]\nmaps-to = \"url\"\n",
            Path::new("book.toml"),
        )
        .unwrap();
        assert_eq!(cfg.source, PathBuf::from("pages"));
        assert_eq!(cfg.language.as_deref(), Some("fr"));
        assert_eq!(
            cfg.procedures["p"].fields["URL"].maps_to.as_deref(),
            Some("url")
        );
        assert!(
            Config::from_book_toml("[preprocessor.stepdoc]\nbogus = 1\n", Path::new("b")).is_err()
        );
    }
}
