//! `toctree` directives, read in one place: their entries resolved to
//! document names (globs expanded against the project's documents), their
//! options, and where each entry stands in the source.

use crate::rst::Tag;
use crate::rst::{Document, NodeId};

/// What a toctree entry points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A document of the project, by name (`dev/index`).
    Doc(String),
    /// An external address.
    Url(String),
    /// The page itself (`self`).
    SelfRef,
}

/// One entry of a toctree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The explicit title (`Title <target>`), if any.
    pub title: Option<String>,
    pub target: Target,
    /// The entry as written.
    pub written: String,
    /// 1-based line of the entry in the page.
    pub line: u32,
    /// Byte offset of the entry in the page's source, when found.
    pub offset: Option<usize>,
    /// Whether the entry came from a `:glob:` pattern.
    pub globbed: bool,
}

/// A toctree directive.
#[derive(Debug, Clone, PartialEq)]
pub struct Toctree {
    pub node: NodeId,
    pub entries: Vec<Entry>,
    pub caption: Option<String>,
    pub hidden: bool,
    /// `:maxdepth:`; `None` for no limit.
    pub maxdepth: Option<usize>,
    pub titlesonly: bool,
    pub glob: bool,
    /// `:numbered:`: how many levels get section numbers (`None`: not
    /// numbered).
    pub numbered: Option<usize>,
    /// Written entries that name no document (resolved against `docs`),
    /// for `check` to report: (as written, line, offset).
    pub unresolved: Vec<(String, u32, Option<usize>)>,
}

/// `Title <target>` → (title, target).
pub fn split_title(raw: &str) -> (Option<String>, String) {
    let raw = raw.trim();
    if raw.ends_with('>')
        && let Some(pos) = raw.rfind('<')
        && pos > 0
    {
        let title = raw[..pos].trim();
        if !title.is_empty() {
            return (
                Some(title.to_string()),
                raw[pos + 1..raw.len() - 1].trim().to_string(),
            );
        }
    }
    (None, raw.to_string())
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// 1-based line of a byte offset.
fn line_of(src: &str, offset: usize) -> u32 {
    let end = offset.min(src.len());
    let mut line = 1u32;
    let b = src.as_bytes();
    let mut i = 0;
    while i < end {
        match b[i] {
            b'\n' => line += 1,
            b'\r' if b.get(i + 1) != Some(&b'\n') => line += 1,
            _ => {}
        }
        i += 1;
    }
    line
}

/// Every toctree of a page, its entries resolved against the project's
/// document names (`docs`, sorted for `:glob:` patterns). `name` is the
/// page's own document name.
pub fn read(doc: &Document, name: &str, docs: &[String]) -> Vec<Toctree> {
    let t = &doc.tree;
    let src = &doc.source;
    let mut out = Vec::new();
    for &n in doc.nodes() {
        if t.tag(n) != Tag::Directive || t.attr_str(n, "name") != Some("toctree") {
            continue;
        }
        let opt = |k: &str| t.attr(n, &format!("option-{k}")).is_some();
        let opt_str = |k: &str| t.attr_str(n, &format!("option-{k}")).map(str::to_string);
        let glob = opt("glob");
        let mut lines: Vec<String> = Vec::new();
        if let Some(args) = t.attr_str(n, "arguments") {
            lines.extend(args.lines().map(str::to_string));
        }
        for &c in t.children(n) {
            if t.tag(c) == Tag::LiteralBlock {
                lines.extend(t.astext(c).lines().map(str::to_string));
            }
        }
        let span = t.get(n).span;
        let mut search_from = (span.start as usize).min(src.len());
        let mut tree = Toctree {
            node: n,
            entries: Vec::new(),
            caption: opt_str("caption"),
            hidden: opt("hidden"),
            maxdepth: opt_str("maxdepth")
                .and_then(|d| d.trim().parse::<i64>().ok())
                .and_then(|d| usize::try_from(d).ok())
                .filter(|&d| d > 0),
            titlesonly: opt("titlesonly"),
            glob,
            numbered: opt("numbered").then(|| {
                opt_str("numbered")
                    .and_then(|d| d.trim().parse::<usize>().ok())
                    .filter(|&d| d > 0)
                    .unwrap_or(usize::MAX)
            }),
            unresolved: Vec::new(),
        };
        for l in lines {
            let l = l.trim();
            if l.is_empty() || l.starts_with(':') {
                continue;
            }
            let offset = src
                .get(search_from..)
                .and_then(|rest| rest.find(l))
                .map(|i| search_from + i);
            if let Some(o) = offset {
                search_from = o + l.len();
            }
            let line = offset.map(|o| line_of(src, o)).unwrap_or(span.line);
            let (title, target) = split_title(l);
            let entry = |target: Target, globbed: bool| Entry {
                title: title.clone(),
                target,
                written: l.to_string(),
                line,
                offset,
                globbed,
            };
            if target == "self" {
                tree.entries.push(entry(Target::SelfRef, false));
            } else if target.contains("://") || target.starts_with("mailto:") {
                tree.entries.push(entry(Target::Url(target.clone()), false));
            } else if glob && is_glob(&target) {
                let Some(pattern) = super::resolve_doc(name, &target) else {
                    continue;
                };
                if let Some(m) = super::glob(&pattern) {
                    for d in docs {
                        if d != name && m.is_match(d) {
                            tree.entries.push(entry(Target::Doc(d.clone()), true));
                        }
                    }
                }
            } else {
                match super::resolve_doc(name, &target) {
                    Some(d) if docs.binary_search(&d).is_ok() => {
                        tree.entries.push(entry(Target::Doc(d), false))
                    }
                    _ => tree.unresolved.push((target.clone(), line, offset)),
                }
            }
        }
        out.push(tree);
    }
    out
}

/// The document names of a page's toctrees, in order (globs expanded).
pub fn children(doc: &Document, name: &str, docs: &[String]) -> Vec<String> {
    read(doc, name, docs)
        .into_iter()
        .flat_map(|t| t.entries)
        .filter_map(|e| match e.target {
            Target::Doc(d) => Some(d),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rst::{Settings, parse};

    #[test]
    fn entries_titles_globs_and_options() {
        let page = ".. toctree::\n   :maxdepth: 2\n   :caption: Contents\n   :glob:\n\n   intro\n   Guide <guide/index>\n   api/*\n   https://x.org\n   self\n   missing\n";
        let doc = parse(page, &Settings::default(), "index.rst");
        let docs: Vec<String> = ["api/a", "api/b", "guide/index", "index", "intro"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let trees = read(&doc, "index", &docs);
        assert_eq!(trees.len(), 1);
        let t = &trees[0];
        assert_eq!(t.caption.as_deref(), Some("Contents"));
        assert_eq!(t.maxdepth, Some(2));
        let targets: Vec<&Target> = t.entries.iter().map(|e| &e.target).collect();
        assert_eq!(
            targets,
            [
                &Target::Doc("intro".into()),
                &Target::Doc("guide/index".into()),
                &Target::Doc("api/a".into()),
                &Target::Doc("api/b".into()),
                &Target::Url("https://x.org".into()),
                &Target::SelfRef,
            ]
        );
        assert_eq!(t.entries[1].title.as_deref(), Some("Guide"));
        assert_eq!(t.entries[0].line, 6);
        assert_eq!(
            t.unresolved,
            [(
                "missing".to_string(),
                11,
                Some(page.find("missing").unwrap())
            )]
        );
    }
}
