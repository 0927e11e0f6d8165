//! What a Sphinx project means beyond reStructuredText: toctrees (read
//! once here, for the guide's order, the pages' tables of contents and
//! `check`'s orphans), globs, and document names.

pub mod conf;
pub mod extensions;
pub mod objects;
pub mod toc;
pub mod toctree;

use globset::GlobBuilder;

/// A compiled glob (see [`glob`]).
#[derive(Debug, Clone)]
pub struct Glob(regex::Regex);

impl Glob {
    pub fn is_match(&self, path: &str) -> bool {
        self.0.is_match(path)
    }
}

/// A shell-style glob on `/`-separated paths, as Sphinx's `exclude_patterns`
/// and `:glob:` toctrees read them: `*` and `?` stay within a segment (`?`
/// is one character, not one byte), `**` crosses segments, `[abc]` is a
/// class. `None` when the pattern is malformed. The pattern is parsed by
/// globset; its regex runs in Unicode mode, so that `?` is a character.
pub fn glob(pattern: &str) -> Option<Glob> {
    let p = pattern.trim_start_matches("./");
    let g = GlobBuilder::new(p)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .ok()?;
    let re = g.regex().replacen("(?-u)", "(?u)", 1);
    regex::Regex::new(&re).ok().map(Glob)
}

/// Whether `path` matches the glob `pattern` (a malformed pattern matches
/// nothing).
pub fn glob_match(pattern: &str, path: &str) -> bool {
    glob(pattern).is_some_and(|g| g.is_match(path))
}

/// Whether an `only` expression holds for `tags`: tag names joined by
/// `and`, `or`, `not` and parentheses, as Sphinx evaluates them. A
/// malformed expression holds (the content is shown rather than lost).
pub fn only(expr: &str, tags: &[String]) -> bool {
    let toks: Vec<String> = expr
        .replace('(', " ( ")
        .replace(')', " ) ")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    fn or(t: &[String], i: &mut usize, tags: &[String]) -> Option<bool> {
        let mut v = and(t, i, tags)?;
        while t.get(*i).is_some_and(|x| x == "or") {
            *i += 1;
            let r = and(t, i, tags)?;
            v = v || r;
        }
        Some(v)
    }
    fn and(t: &[String], i: &mut usize, tags: &[String]) -> Option<bool> {
        let mut v = not(t, i, tags)?;
        while t.get(*i).is_some_and(|x| x == "and") {
            *i += 1;
            let r = not(t, i, tags)?;
            v = v && r;
        }
        Some(v)
    }
    fn not(t: &[String], i: &mut usize, tags: &[String]) -> Option<bool> {
        match t.get(*i).map(String::as_str) {
            Some("not") => {
                *i += 1;
                not(t, i, tags).map(|v| !v)
            }
            Some("(") => {
                *i += 1;
                let v = or(t, i, tags)?;
                if t.get(*i).map(String::as_str) != Some(")") {
                    return None;
                }
                *i += 1;
                Some(v)
            }
            Some(name) if name != ")" && name != "and" && name != "or" => {
                *i += 1;
                Some(tags.iter().any(|x| x == name))
            }
            _ => None,
        }
    }
    let mut i = 0;
    match or(&toks, &mut i, tags) {
        Some(v) if i == toks.len() => v,
        _ => true,
    }
}

/// Lexically normalised `/` path (`a/./b/../c` → `a/c`); `None` when it
/// climbs above the root.
pub fn normalize(name: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in name.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A document name (`dev/index`) as a page refers to it: absolute from the
/// source root when it starts with `/`, else relative to the folder of the
/// page `from` (a document name too); a source suffix is dropped.
pub fn resolve_doc(from: &str, target: &str) -> Option<String> {
    let target = target.trim();
    let target = target
        .strip_suffix(".rst")
        .or_else(|| target.strip_suffix(".txt"))
        .or_else(|| target.strip_suffix(".md"))
        .unwrap_or(target);
    let base = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let name = if let Some(abs) = target.strip_prefix('/') {
        abs.to_string()
    } else if base.is_empty() {
        target.to_string()
    } else {
        format!("{base}/{target}")
    };
    normalize(&name).filter(|n| !n.is_empty())
}

/// A file a page names (an image, a download), relative to the source
/// folder: a leading `/` is the source folder, as in Sphinx; anything else
/// is relative to the page's folder (`page_rel` relative to the source).
pub fn source_path(page_rel: &str, uri: &str) -> std::path::PathBuf {
    match uri.strip_prefix('/') {
        Some(abs) => std::path::PathBuf::from(abs),
        None => std::path::Path::new(page_rel)
            .parent()
            .unwrap_or(std::path::Path::new(""))
            .join(uri),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_count_characters_and_segments() {
        assert!(glob_match("drafts/**", "drafts/a/b.rst"));
        assert!(glob_match("**/old.rst", "old.rst"));
        assert!(glob_match("**/old.rst", "a/b/old.rst"));
        assert!(glob_match("*.rst", "a.rst"));
        assert!(!glob_match("*.rst", "a/b.rst"));
        assert!(glob_match("a/?.rst", "a/b.rst"));
        assert!(glob_match("drafts/?.rst", "drafts/é.rst"));
        assert!(glob_match("api/[ab]*", "api/alpha"));
        assert!(!glob_match("[", "x"));
    }

    #[test]
    fn only_expressions() {
        let tags = vec!["html".to_string()];
        assert!(only("html", &tags));
        assert!(!only("latex", &tags));
        assert!(only("html or latex", &tags));
        assert!(!only("not html", &tags));
        assert!(only("(latex or html) and not epub", &tags));
        assert!(only("html and (", &tags));
    }

    #[test]
    fn documents_resolve_from_the_page() {
        assert_eq!(resolve_doc("dev/index", "setup"), Some("dev/setup".into()));
        assert_eq!(resolve_doc("dev/index", "/intro"), Some("intro".into()));
        assert_eq!(resolve_doc("dev/index", "../faq.rst"), Some("faq".into()));
        assert_eq!(resolve_doc("index", "../../x"), None);
    }
}

/// A Sphinx project's settings: `conf.py` as far as literals go, overridden
/// by `book.toml`'s `[preprocessor.stepdoc.sphinx]`, with Sphinx's defaults.
#[derive(Debug, Clone, Default)]
pub struct Sphinx {
    /// Whether the source folder has a `conf.py`.
    pub has_conf: bool,
    pub project: Option<String>,
    pub version: String,
    pub release: String,
    pub today: Option<String>,
    pub language: Option<String>,
    pub root_doc: Option<String>,
    /// Page suffixes and the parser each names (`restructuredtext`,
    /// `markdown`).
    pub suffixes: Vec<(String, String)>,
    pub exclude_patterns: Vec<String>,
    pub rst_prolog: String,
    pub rst_epilog: String,
    /// Role name → (URL pattern, caption pattern).
    pub extlinks: Vec<(String, String, Option<String>)>,
    pub extensions: Vec<String>,
    /// `myst_enable_extensions`: the MyST syntax Markdown pages may use.
    pub myst_extensions: Option<Vec<String>>,
    /// `myst_substitutions`: key and Markdown.
    pub myst_substitutions: Vec<(String, String)>,
    /// What conf.py and the project's extension modules register.
    pub registered: extensions::Registered,
    pub tags: Vec<String>,
    /// `conf.py` settings that could not be evaluated and `book.toml` does
    /// not set.
    pub skipped: Vec<conf::Skipped>,
}

impl Sphinx {
    /// Whether `conf.py`'s `extensions` loads this module.
    pub fn loads(&self, module: &str) -> bool {
        self.extensions.iter().any(|e| e == module)
    }

    /// Read `SOURCE/conf.py` (if any) and apply the overrides.
    pub fn load(source: &std::path::Path, over: &crate::config::SphinxConfig) -> Sphinx {
        let text = std::fs::read_to_string(source.join("conf.py")).ok();
        let has_conf = text.is_some();
        let c = text.as_deref().map(conf::read).unwrap_or_default();
        let s = |k: &str| c.str(k).map(str::to_string);
        let mut skipped = c.skipped.clone();
        let set = |v: &Option<String>, k: &str, skipped: &mut Vec<conf::Skipped>| {
            if v.is_some() {
                skipped.retain(|x| x.key != k);
            }
        };
        set(&over.project, "project", &mut skipped);
        set(&over.version, "version", &mut skipped);
        set(&over.release, "release", &mut skipped);
        set(&over.language, "language", &mut skipped);
        set(&over.root_doc, "root_doc", &mut skipped);
        set(&over.root_doc, "master_doc", &mut skipped);
        set(&over.rst_prolog, "rst_prolog", &mut skipped);
        set(&over.rst_epilog, "rst_epilog", &mut skipped);
        set(&over.today, "today", &mut skipped);
        for (field, key) in [
            (over.source_suffix.is_some(), "source_suffix"),
            (over.exclude_patterns.is_some(), "exclude_patterns"),
            (over.extlinks.is_some(), "extlinks"),
            (over.extensions.is_some(), "extensions"),
            (
                over.myst_enable_extensions.is_some(),
                "myst_enable_extensions",
            ),
            (over.myst_substitutions.is_some(), "myst_substitutions"),
        ] {
            if field {
                skipped.retain(|x| x.key != key);
            }
        }
        // A root document named by one key makes the other's failure moot.
        if c.str("root_doc").is_some() || c.str("master_doc").is_some() {
            skipped.retain(|x| x.key != "root_doc" && x.key != "master_doc");
        }
        // `today_fmt` only matters without `today`; the others are read
        // for what they change in the pages.
        skipped.retain(|x| x.key != "today_fmt" || c.str("today").is_none());
        let version = over
            .version
            .clone()
            .or_else(|| s("version"))
            .unwrap_or_default();
        let extensions = over
            .extensions
            .clone()
            .or_else(|| c.strings("extensions"))
            .unwrap_or_default();
        let registered = extensions::registered(text.as_deref().unwrap_or(""), source, &extensions);
        Sphinx {
            myst_extensions: over
                .myst_enable_extensions
                .clone()
                .or_else(|| c.strings("myst_enable_extensions")),
            myst_substitutions: {
                let mut subs: Vec<(String, String)> = match &over.myst_substitutions {
                    Some(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                    None => c.string_pairs("myst_substitutions").unwrap_or_default(),
                };
                // What a substitution's Jinja2 reads of the configuration.
                for (key, value) in [
                    ("version", Some(version.clone()).filter(|v| !v.is_empty())),
                    ("release", over.release.clone().or_else(|| s("release"))),
                    ("project", over.project.clone().or_else(|| s("project"))),
                ] {
                    if let Some(v) = value {
                        subs.push((format!("env.config.{key}"), v));
                    }
                }
                subs
            },
            has_conf,
            project: over.project.clone().or_else(|| s("project")),
            release: over
                .release
                .clone()
                .or_else(|| s("release"))
                .unwrap_or_else(|| version.clone()),
            version,
            today: over
                .today
                .clone()
                .or_else(|| s("today"))
                .filter(|t| !t.is_empty()),
            language: over
                .language
                .clone()
                .or_else(|| s("language"))
                .filter(|l| !l.is_empty()),
            root_doc: over
                .root_doc
                .clone()
                .or_else(|| s("root_doc"))
                .or_else(|| s("master_doc")),
            suffixes: match &over.source_suffix {
                Some(list) => list
                    .iter()
                    .map(|x| {
                        let kind = if x.ends_with(".md") {
                            "markdown"
                        } else {
                            "restructuredtext"
                        };
                        (x.clone(), kind.to_string())
                    })
                    .collect(),
                None => c.source_suffixes(),
            },
            exclude_patterns: over
                .exclude_patterns
                .clone()
                .or_else(|| c.strings("exclude_patterns"))
                .unwrap_or_default(),
            rst_prolog: over
                .rst_prolog
                .clone()
                .or_else(|| s("rst_prolog"))
                .unwrap_or_default(),
            rst_epilog: over
                .rst_epilog
                .clone()
                .or_else(|| s("rst_epilog"))
                .unwrap_or_default(),
            extlinks: match &over.extlinks {
                Some(m) => m
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone(), None))
                    .collect(),
                None => c.extlinks(),
            },
            extensions,
            registered,
            tags: over.tags.clone().unwrap_or_else(|| {
                vec!["html".into(), "builder_html".into(), "format_html".into()]
            }),
            skipped,
        }
    }

    /// The suffixes of the reStructuredText pages.
    pub fn rst_suffixes(&self) -> Vec<&str> {
        self.suffixes
            .iter()
            .filter(|(_, kind)| kind == "restructuredtext")
            .map(|(s, _)| s.as_str())
            .collect()
    }

    /// The suffixes of the Markdown (MyST) pages: those `source_suffix`
    /// maps to `markdown`, and `.md` where conf.py loads MyST (which adds
    /// it) or where there is no conf.py (a folder of pages of both kinds).
    pub fn markdown_suffixes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .suffixes
            .iter()
            .filter(|(_, kind)| kind == "markdown")
            .map(|(s, _)| s.as_str())
            .collect();
        let myst = !self.has_conf || self.loads("myst_parser") || self.loads("myst_nb");
        if myst && !self.suffixes.iter().any(|(s, _)| s == ".md") {
            out.push(".md");
        }
        out
    }

    /// The suffixes of every page stepdoc reads, reStructuredText and
    /// Markdown.
    pub fn page_suffixes(&self) -> Vec<&str> {
        let mut out = self.rst_suffixes();
        out.extend(self.markdown_suffixes());
        out
    }

    /// The syntax Markdown pages are read with: what conf.py's (or
    /// book.toml's) `myst_enable_extensions` enables, else none of the
    /// optional syntax with a conf.py, all of it without one (a folder of
    /// pages, an mdBook book).
    pub fn markdown_syntax(&self) -> crate::markdown::Extensions {
        match (&self.myst_extensions, self.has_conf) {
            (Some(names), _) => crate::markdown::Extensions::from_names(names),
            (None, false) => crate::markdown::Extensions::default(),
            (None, true) => crate::markdown::Extensions::from_names(&[]),
        }
    }

    /// Whether a page (path relative to the source root) is a Markdown one.
    pub fn is_markdown(&self, rel: &str) -> bool {
        self.markdown_suffixes().iter().any(|s| rel.ends_with(s))
    }

    /// Whether a page (path relative to the source root) is excluded.
    pub fn excluded(&self, rel: &str) -> bool {
        self.exclude_patterns.iter().any(|p| glob_match(p, rel))
    }

    /// The document name of a page: its path without its source suffix.
    pub fn doc_name<'a>(&self, rel: &'a str) -> &'a str {
        self.page_suffixes()
            .iter()
            .find_map(|s| rel.strip_suffix(s))
            .unwrap_or(rel)
    }

    /// The text every page is parsed with after its own: `rst_epilog`.
    pub fn epilog(&self) -> String {
        self.rst_epilog.clone()
    }

    /// The substitutions Sphinx defines on every page, used where a page
    /// does not define them: `|version|`, `|release|`, `|today|`.
    pub fn substitutions(&self) -> Vec<(String, String)> {
        vec![
            ("version".into(), self.version.clone()),
            ("release".into(), self.release.clone()),
            (
                "today".into(),
                self.today.clone().unwrap_or_else(today_date),
            ),
        ]
    }
}

/// Today as Sphinx writes `|today|` by default (`%b %d, %Y`), from
/// `SOURCE_DATE_EPOCH` when set so that builds are reproducible.
fn today_date() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    let days = secs.div_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {d:02}, {y}", MONTHS[(m - 1) as usize])
}
