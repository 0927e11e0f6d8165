//! Parser settings, named as docutils names them.

use std::path::PathBuf;

use super::Encoding;

/// What the parser is told besides the text: docutils' parser settings,
/// with stepdoc's own (whether Sphinx constructs are known, the folder files
/// may be read from). [`Settings::default`] is docutils' defaults, except
/// that no file is read until [`Settings::source_root`] is set.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Sections and implicit targets get ids at parse time (docutils' default).
    pub legacy_ids: bool,
    /// Messages at or above this level are reported (does not change the tree).
    pub report_level: u8,
    /// Kept for compatibility with docutils' settings; parsing never halts.
    pub halt_level: u8,
    /// Inline markup may start and end inside words.
    pub character_level_inline_markup: bool,
    /// Language of directive and role names and of labels (`en`, `fr`, `de`, ...).
    pub language_code: String,
    /// Columns between tab stops.
    pub tab_width: usize,
    /// Longest accepted line, in characters.
    pub line_length_limit: usize,
    /// `long`, `short` or `none`: class names of code tokens.
    pub syntax_highlight: String,
    /// Prefix of every id.
    pub id_prefix: String,
    /// Prefix of generated ids (`%` stands for the node's tag).
    pub auto_id_prefix: String,
    /// The `raw` directive is enabled.
    pub raw_enabled: bool,
    /// `include` and file options of directives may read files.
    pub file_insertion_enabled: bool,
    /// Root that `include` and friends may not leave; `None` forbids reading.
    pub source_root: Option<PathBuf>,
    /// Sphinx's source folder: a path that starts with `/` (an include, a
    /// csv-table file) is relative to it, as Sphinx reads it; `None` keeps
    /// docutils' reading (a file-system path).
    pub doc_root: Option<PathBuf>,
    /// Read directives as Sphinx defines them where it overrides docutils:
    /// `class` is the Python domain's (`rst-class` is docutils' `class`),
    /// `code-block` and `sourcecode` take Sphinx's options, `literalinclude`
    /// reads its file.
    pub sphinx: bool,
    /// Path of the document being parsed, relative paths resolve from its folder.
    pub source_path: Option<PathBuf>,
    /// Names of directives that are accepted and kept as generic nodes
    /// (Sphinx's, plus any the project declares).
    pub extra_directives: Vec<String>,
    /// Names of roles that are accepted and kept (Sphinx's, plus declared ones).
    pub extra_roles: Vec<String>,
    /// Deepest nesting of block structures before the parser stops descending.
    pub max_depth: usize,
    /// How [`super::parse_bytes`] decodes its input.
    pub input_encoding: Encoding,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            legacy_ids: true,
            report_level: 2,
            halt_level: 4,
            character_level_inline_markup: false,
            language_code: "en".into(),
            tab_width: 8,
            line_length_limit: 10_000,
            syntax_highlight: "long".into(),
            id_prefix: String::new(),
            auto_id_prefix: "%".into(),
            raw_enabled: true,
            file_insertion_enabled: true,
            source_root: None,
            doc_root: None,
            sphinx: false,
            source_path: None,
            extra_directives: Vec::new(),
            extra_roles: Vec::new(),
            max_depth: 200,
            input_encoding: Encoding::Utf8,
        }
    }
}

/// An unknown setting or a value that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError(pub String);

impl std::fmt::Display for SettingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingError {}

fn parse_bool(v: &str) -> Result<bool, SettingError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(SettingError(format!("not a boolean: {v:?}"))),
    }
}

fn parse_num<T: std::str::FromStr>(v: &str) -> Result<T, SettingError> {
    v.trim()
        .parse()
        .map_err(|_| SettingError(format!("not a number: {v:?}")))
}

impl Settings {
    /// Set one setting from its docutils name and a string value (quotes, as
    /// in `'de'`, are removed).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        let v = value.trim();
        let v = v
            .strip_prefix('\'')
            .and_then(|s| s.strip_suffix('\''))
            .or_else(|| v.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
            .unwrap_or(v);
        match key.replace('-', "_").as_str() {
            "legacy_ids" => self.legacy_ids = parse_bool(v)?,
            "report_level" => self.report_level = parse_num(v)?,
            "halt_level" => self.halt_level = parse_num(v)?,
            "character_level_inline_markup" => self.character_level_inline_markup = parse_bool(v)?,
            "language_code" => self.language_code = v.to_string(),
            "tab_width" => self.tab_width = parse_num(v)?,
            "line_length_limit" => self.line_length_limit = parse_num(v)?,
            "syntax_highlight" => self.syntax_highlight = v.to_string(),
            "id_prefix" => self.id_prefix = v.to_string(),
            "auto_id_prefix" => self.auto_id_prefix = v.to_string(),
            "raw_enabled" => self.raw_enabled = parse_bool(v)?,
            "file_insertion_enabled" => self.file_insertion_enabled = parse_bool(v)?,
            "input_encoding" => self.input_encoding = v.parse().map_err(SettingError)?,
            _ => return Err(SettingError(format!("unknown setting: {key}"))),
        }
        Ok(())
    }
}
