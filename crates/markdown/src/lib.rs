//! CommonMark and MyST pages read into docutils' doctree, the tree
//! [`stepdoc_rst`] builds from reStructuredText, so that everything that
//! reads a page's tree reads Markdown pages too.
//!
//! pulldown-cmark reads the CommonMark (with tables, footnotes, task lists,
//! strikethrough, definition lists, math, heading attributes, front matter
//! and GitHub alerts); this crate adds what MyST adds to it:
//!
//! - directives as fenced blocks (```` ```{note} ````) and colon fences
//!   (`:::{note}`), with `:option: value` lines or a `---` block of options;
//!   admonitions and `{eval-rst}` are read here, every other directive by
//!   the reStructuredText parser, so it comes out as it does from an RST page;
//! - roles (`` {ref}`target` ``), read by the reStructuredText parser too;
//! - targets `(label)=`, comments `% ...` and block breaks `+++`.
//!
//! Every node has the span of the Markdown it comes from.
//!
//! ```
//! let page = "# Install\n\n1. Open **Settings**.\n2. Click {guilabel}`Save`.\n";
//! let doc = stepdoc_markdown::parse(page, &stepdoc_rst::Settings::default(), "install.md");
//! assert!(doc.pformat().contains("<enumerated_list"));
//! assert!(doc.pformat().contains("<inline role=\"guilabel\">"));
//! ```

#![warn(missing_docs)]

mod attrs;
mod events;
mod mdbook;
mod source;
mod substitution;
mod summary;

pub use substitution::front_matter_value;
pub use summary::{SUMMARY_LEVELS, parse_summary};

use std::collections::HashSet;

use stepdoc_rst::{Document, Family, NodeId, Settings, Span, Tag, Tree, Value};

use source::{LineTable, Pieces};

/// MyST's optional syntax, as `myst_enable_extensions` names it: what the
/// reader reads beyond CommonMark, tables, footnotes, directives, roles,
/// targets and comments. All of it by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extensions {
    /// `colon_fence`: `:::{name}` fences.
    pub colon_fence: bool,
    /// `deflist`: `Term` then `: definition`.
    pub deflist: bool,
    /// `fieldlist`: `:name: body` lines.
    pub fieldlist: bool,
    /// `tasklist`: `- [ ]` and `- [x]` items.
    pub tasklist: bool,
    /// `linkify`: bare addresses as links.
    pub linkify: bool,
    /// `attrs_block`: `{#id .class}` lines.
    pub attrs_block: bool,
    /// `attrs_inline`: `{#id .class}` after a span `[text]`, inline code,
    /// a link or an image.
    pub attrs_inline: bool,
    /// `substitution`: `{{ key }}` replaced by the Markdown of `key`.
    pub substitution: bool,
    /// mdBook's links (`{{#include file}}`, `{{#rustdoc_include}}`,
    /// `{{#playground}}`, `{{#title}}`), for the pages of an mdBook book;
    /// not MyST's, so off by default.
    pub mdbook: bool,
    /// `dollarmath`: `$math$` and `$$math$$`.
    pub dollarmath: bool,
    /// `strikethrough`: `~~text~~`.
    pub strikethrough: bool,
    /// `alert`: GitHub's `> [!NOTE]`.
    pub alert: bool,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions {
            colon_fence: true,
            deflist: true,
            fieldlist: true,
            tasklist: true,
            linkify: true,
            attrs_block: true,
            attrs_inline: true,
            substitution: true,
            dollarmath: true,
            strikethrough: true,
            alert: true,
            mdbook: false,
        }
    }
}

impl Extensions {
    /// The extensions `names` enables (the list of
    /// `myst_enable_extensions`), none of the others.
    pub fn from_names(names: &[String]) -> Extensions {
        let on = |n: &str| names.iter().any(|x| x == n);
        Extensions {
            colon_fence: on("colon_fence"),
            deflist: on("deflist"),
            fieldlist: on("fieldlist"),
            tasklist: on("tasklist"),
            linkify: on("linkify"),
            attrs_block: on("attrs_block"),
            attrs_inline: on("attrs_inline"),
            substitution: on("substitution"),
            dollarmath: on("dollarmath") || on("amsmath"),
            strikethrough: on("strikethrough"),
            alert: on("alert"),
            mdbook: false,
        }
    }
}

/// Parse a Markdown (MyST) page, with all of MyST's syntax. Never fails:
/// problems are system messages in the tree, as the reStructuredText
/// parser reports them.
pub fn parse(text: &str, settings: &Settings, source_name: &str) -> Document {
    parse_with(text, settings, source_name, &Extensions::default())
}

/// Parse a Markdown (MyST) page with the optional syntax `ext` enables.
pub fn parse_with(
    text: &str,
    settings: &Settings,
    source_name: &str,
    ext: &Extensions,
) -> Document {
    parse_myst(text, settings, source_name, ext, &[])
}

/// Parse a Markdown (MyST) page with the optional syntax `ext` enables and
/// the substitutions conf.py defines (`myst_substitutions`: key and
/// Markdown); the page's front matter may define more, and its own win.
pub fn parse_myst(
    text: &str,
    settings: &Settings,
    source_name: &str,
    ext: &Extensions,
    substitutions: &[(String, String)],
) -> Document {
    let mut subs = if ext.substitution {
        substitution::front_matter(text)
    } else {
        Vec::new()
    };
    subs.extend(substitutions.iter().cloned());
    parse_nested(text, settings, source_name, ext, &subs, Vec::new())
}

/// Parse `text` with the substitutions `subs` (all of them, front
/// matter's first), as the value of the keys `expanding`.
pub(crate) fn parse_nested(
    text: &str,
    settings: &Settings,
    source_name: &str,
    ext: &Extensions,
    subs: &[(String, String)],
    expanding: Vec<String>,
) -> Document {
    read(text, settings, source_name, ext, subs, expanding, 0).0
}

/// [`parse_nested`] of a text read `depth` directives deep (an included
/// file), with the heading level of every section it made.
fn read(
    text: &str,
    settings: &Settings,
    source_name: &str,
    ext: &Extensions,
    subs: &[(String, String)],
    expanding: Vec<String>,
    depth: usize,
) -> (Document, Vec<(NodeId, u8)>) {
    let mut tree = Tree::new();
    let root = tree.element(Tag::Document);
    tree.set_attr(root, "source", source_name);
    let lines = LineTable::new(text);
    tree.get_mut(root).span = lines.span(0, text.len());
    let mut conv = Conv {
        lines,
        settings,
        source_name,
        tree,
        root,
        sections: Vec::new(),
        levels: Vec::new(),
        ids: HashSet::new(),
        depth,
        included: Vec::new(),
        ext: *ext,
        subs: subs.to_vec(),
        expanding,
        warned: 0,
    };
    // An mdBook page's links, expanded before it is read.
    let expanded = if ext.mdbook && conv.expanding.is_empty() {
        mdbook::expand(text, settings)
    } else {
        None
    };
    match &expanded {
        Some(e) => {
            conv.blocks(&e.text, &e.pieces, root, true);
            conv.included.extend(e.included.iter().cloned());
            for (a, b, message) in &e.problems {
                let span = conv.lines.span(*a, *b);
                let into = conv.container(root, true);
                let m = conv.message(into, 3, Family::Include, message, span);
                conv.tree.set_message_name(m, "include");
            }
        }
        None => conv.blocks(text, &Pieces::from(0), root, true),
    }
    conv.substitute(root);
    let included = conv.included;
    let levels = conv.levels;
    let mut tree = conv.tree;
    fit_paragraphs(&mut tree, root);
    let mut doc = Document::new(tree, root, source_name, text.to_string());
    doc.included = included;
    (doc, levels)
}

/// A paragraph covers its text: one made for the text of a tight list's
/// item starts with the text, not with the item's marker.
fn fit_paragraphs(tree: &mut Tree, root: NodeId) {
    for p in tree.descendants(root) {
        if tree.tag(p) != Tag::Paragraph {
            continue;
        }
        let mut first: Option<Span> = None;
        let mut end = 0;
        for &c in tree.children(p) {
            let s = tree.get(c).span;
            if first.is_none_or(|f| s.start < f.start) {
                first = Some(s);
            }
            end = end.max(s.end);
        }
        if let Some(f) = first {
            let n = tree.get_mut(p);
            n.span = Span { end, ..f };
            n.set_line(Some(f.line));
        }
    }
}

/// How deep directives may nest in one another before their bodies are
/// kept as literal text: the reader recurses once per level.
const MAX_DEPTH: usize = 64;

/// The reader of one page.
pub(crate) struct Conv<'a> {
    pub(crate) lines: LineTable<'a>,
    settings: &'a Settings,
    source_name: &'a str,
    pub(crate) tree: Tree,
    pub(crate) root: NodeId,
    /// The open sections of the page, with their heading levels.
    pub(crate) sections: Vec<(u8, NodeId)>,
    /// Every section made, with its heading level.
    pub(crate) levels: Vec<(NodeId, u8)>,
    /// The ids given so far, so that each is given once.
    ids: HashSet<String>,
    depth: usize,
    /// The files `{include}` read.
    included: Vec<std::path::PathBuf>,
    /// The optional syntax the page may use.
    pub(crate) ext: Extensions,
    /// Substitutions: key and Markdown, the first of a key wins.
    pub(crate) subs: Vec<(String, String)>,
    /// The keys whose values this text is (innermost last).
    pub(crate) expanding: Vec<String>,
    /// The optional syntax found while its extension is off, as bits of
    /// [`Conv::disabled_syntax`]: said once per page.
    warned: u8,
}

/// A fence opening a MyST directive: its marker and the directive's name
/// and argument.
struct Fence<'t> {
    marker: char,
    count: usize,
    name: &'t str,
    argument: &'t str,
}

/// `{name} argument` after a fence's marker.
pub(crate) fn directive_info(info: &str) -> Option<(&str, &str)> {
    let rest = info.trim_start().strip_prefix('{')?;
    let close = rest.find('}')?;
    let name = rest[..close].trim();
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '+'));
    ok.then(|| (name, rest[close + 1..].trim()))
}

/// A fence line (up to three spaces, then three or more of `` ` ``, `~` or
/// `:`): its marker, length and what follows.
pub(crate) fn fence_line(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let marker = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '`' | '~' | ':'))?;
    let count = rest.len() - rest.trim_start_matches(marker).len();
    (count >= 3).then(|| (marker, count, &rest[count..]))
}

/// The label of a MyST target line, `(label)=`.
pub(crate) fn target_label(line: &str) -> Option<&str> {
    line.strip_prefix('(')
        .and_then(|t| t.strip_suffix(")="))
        .filter(|l| !l.is_empty() && !l.contains(char::is_whitespace))
}

/// The lines of `text` with their byte offsets, line ends excluded.
fn lines_of(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        out.push((at, line));
        at += raw.len();
    }
    out
}

impl<'a> Conv<'a> {
    /// The span of bytes `start..end` of the text `pieces` maps.
    pub(crate) fn span(&self, pieces: &Pieces, start: usize, end: usize) -> Span {
        let s = pieces.page(start);
        let e = pieces.page(end.max(start).saturating_sub(1)) + usize::from(end > start);
        self.lines.span(s, e.max(s))
    }

    /// A new element with a span, and the line docutils would give it.
    pub(crate) fn element(&mut self, tag: Tag, span: Span) -> NodeId {
        let id = self.tree.element(tag);
        let n = self.tree.get_mut(id);
        n.span = span;
        n.set_line(Some(span.line));
        id
    }

    /// A new text node with a span.
    pub(crate) fn text(&mut self, text: String, span: Span) -> NodeId {
        let id = self.tree.text(&text);
        self.tree.get_mut(id).span = span;
        id
    }

    /// An id made from `name`, not given before in the page.
    pub(crate) fn unique_id(&mut self, name: &str) -> String {
        let base = stepdoc_rst::make_id(name);
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// Give `node` the name `name`: an id made from it and the name itself.
    pub(crate) fn name_node(&mut self, node: NodeId, name: &str) {
        let id = self.unique_id(name);
        self.tree.push_list_attr(node, "ids", id);
        self.tree
            .push_list_attr(node, "names", stepdoc_rst::fully_normalize_name(name));
    }

    /// A target named `label` (MyST's `(label)=`, a block attribute's id).
    pub(crate) fn target(&mut self, label: &str, span: Span) -> NodeId {
        let t = self.element(Tag::Target, span);
        self.name_node(t, label);
        t
    }

    /// `text` read as inline Markdown into `into` (a title given as a
    /// directive's argument), every node at `span`.
    pub(crate) fn inline_into(&mut self, text: &str, span: Span, into: NodeId) {
        let plain = !text.contains(['*', '_', '`', '[', '{', '<', '$', '~', '!', '\\', '&']);
        let doc = (!plain).then(|| {
            parse_nested(
                text,
                self.settings,
                self.source_name,
                &self.ext,
                &self.subs,
                self.expanding.clone(),
            )
        });
        let paragraph = doc.as_ref().and_then(|d| {
            let first = d.tree.children(d.root).first().copied()?;
            (d.tree.tag(first) == Tag::Paragraph && d.tree.children(d.root).len() == 1)
                .then_some(first)
        });
        match (doc.as_ref(), paragraph) {
            (Some(d), Some(p)) => {
                for &c in d.tree.children(p) {
                    let copy = self.tree.graft(&d.tree, c, &|_| span);
                    self.tree.append(into, copy);
                }
            }
            _ => {
                let t = self.text(text.to_string(), span);
                self.tree.append(into, t);
            }
        }
    }

    /// A comment of `text` (MyST's `% ...` lines).
    pub(crate) fn comment(&mut self, text: String, span: Span) -> NodeId {
        let c = self.element(Tag::Comment, span);
        self.tree.set_attr(c, "xml:space", "preserve");
        let t = self.text(text, span);
        self.tree.append(c, t);
        c
    }

    /// The element that takes the blocks read at the top of the page: the
    /// innermost open section, else `parent`.
    pub(crate) fn container(&self, parent: NodeId, top: bool) -> NodeId {
        match self.sections.last() {
            Some(&(_, s)) if top && parent == self.root => s,
            _ => parent,
        }
    }

    /// A system message about `span`, appended to `parent`.
    pub(crate) fn message(
        &mut self,
        parent: NodeId,
        level: u8,
        family: Family,
        text: &str,
        span: Span,
    ) -> NodeId {
        let msg = self.element(Tag::SystemMessage, span);
        let kind = ["DEBUG", "INFO", "WARNING", "ERROR", "SEVERE"]
            .get(usize::from(level))
            .copied()
            .unwrap_or("ERROR");
        self.tree
            .set_attr(msg, "level", Value::Int(i64::from(level)));
        self.tree
            .set_attr(msg, "line", Value::Int(i64::from(span.line)));
        self.tree.set_attr(msg, "source", self.source_name);
        self.tree.set_attr(msg, "type", kind);
        self.tree.set_message_family(msg, family);
        let p = self.element(Tag::Paragraph, span);
        let t = self.text(text.to_string(), span);
        self.tree.append(p, t);
        self.tree.append(msg, p);
        self.tree.append(parent, msg);
        msg
    }

    /// Read `text` (whose bytes `pieces` maps to the page) into `parent`:
    /// MyST's line constructs (colon fences, targets, comments, block
    /// breaks) here, the rest by pulldown-cmark. `top` when `parent` is the
    /// page itself, where headings open sections.
    pub(crate) fn blocks(&mut self, text: &str, pieces: &Pieces, parent: NodeId, top: bool) {
        let lines = lines_of(text);
        let mut md_start = 0;
        // The code fence the scan is in, whose lines are not MyST's.
        let mut in_code: Option<(char, usize)> = None;
        let mut i = 0;
        while i < lines.len() {
            let (at, line) = lines[i];
            let fence = fence_line(line);
            if let Some((marker, count)) = in_code {
                if let Some((m, c, rest)) = fence
                    && m == marker
                    && c >= count
                    && rest.trim().is_empty()
                {
                    in_code = None;
                }
                i += 1;
                continue;
            }
            match fence {
                Some((m @ ('`' | '~'), c, _)) => {
                    in_code = Some((m, c));
                    i += 1;
                    continue;
                }
                // Colon fences in list items and block quotes are read with
                // the item or quote (see `events::colon_fences_as_tildes`).
                Some((':', _, rest))
                    if !self.ext.colon_fence
                        && !line.starts_with(' ')
                        && directive_info(rest).is_some() =>
                {
                    // Read as text, as Sphinx reads it: said once per fence.
                    let span = self.span(pieces, at, at + line.len());
                    let into = self.container(parent, top);
                    self.message(
                        into,
                        2,
                        Family::Other,
                        "A colon fence, which MyST reads only with its colon_fence extension \
                         (not in conf.py's myst_enable_extensions): Sphinx shows it as text.",
                        span,
                    );
                }
                Some((':', count, rest)) if !line.starts_with(' ') => {
                    if let Some((name, argument)) = directive_info(rest) {
                        self.markdown(&text[md_start..at], &pieces.tail(md_start), parent, top);
                        let f = Fence {
                            marker: ':',
                            count,
                            name,
                            argument,
                        };
                        let end = self.colon_directive(text, pieces, &lines, i, &f, parent, top);
                        i = end;
                        md_start = lines.get(i).map_or(text.len(), |&(a, _)| a);
                        continue;
                    }
                }
                _ => {}
            }
            // At the start of a line only: indented, they are a list item's
            // or a quote's (see `events`).
            let trimmed = if line.starts_with(' ') {
                ""
            } else {
                line.trim()
            };
            let after_text = i > 0 && !lines[i - 1].1.trim().is_empty();
            if let Some(syntax) = self.disabled_syntax(trimmed, after_text) {
                let span = self.span(pieces, at, at + line.len());
                let into = self.container(parent, top);
                self.message(
                    into,
                    2,
                    Family::Other,
                    &format!(
                        "{}, which MyST reads only with its {} extension (not in conf.py's \
                         myst_enable_extensions): Sphinx shows it as text.",
                        syntax.0, syntax.1
                    ),
                    span,
                );
            }
            let target = target_label(trimmed);
            // MyST's block attributes, `{#id .class key=value}` on a line of
            // their own: the id names what follows, as a target does.
            let attrs = attrs::whole_line(trimmed).filter(|_| self.ext.attrs_block);
            let target = target
                .map(str::to_string)
                .or_else(|| attrs.as_ref().and_then(|a| a.id.clone()));
            let comment = line.starts_with('%');
            let block_break = trimmed.starts_with("+++");
            if target.is_some() || attrs.is_some() || comment || block_break {
                self.markdown(&text[md_start..at], &pieces.tail(md_start), parent, top);
                let span = self.span(pieces, at, at + line.len());
                let into = self.container(parent, top);
                if let Some(label) = target {
                    let t = self.target(&label, span);
                    self.tree.append(into, t);
                } else if comment {
                    let c = self.comment(line[1..].trim().to_string(), span);
                    self.tree.append(into, c);
                }
                i += 1;
                md_start = lines.get(i).map_or(text.len(), |&(a, _)| a);
                continue;
            }
            i += 1;
        }
        self.markdown(&text[md_start..], &pieces.tail(md_start), parent, top);
    }

    /// The optional syntax `line` (not indented) is written in, when its
    /// extension is off: what it is and the extension's name, said once per
    /// page and extension. `after_text`: the line before is not blank.
    fn disabled_syntax(
        &mut self,
        line: &str,
        after_text: bool,
    ) -> Option<(&'static str, &'static str)> {
        let task = |l: &str| {
            let rest = l.strip_prefix(['-', '*', '+'])?.strip_prefix(' ')?;
            let rest = rest
                .strip_prefix("[ ]")
                .or_else(|| rest.strip_prefix("[x]"))
                .or_else(|| rest.strip_prefix("[X]"))?;
            Some(rest.starts_with(' '))
        };
        let field = |l: &str| {
            let rest = l.strip_prefix(':')?;
            let name_len = rest.find(':')?;
            let name = &rest[..name_len];
            Some(
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                    && rest[name_len + 1..].starts_with(' '),
            )
        };
        let found = if !self.ext.attrs_block
            && attrs::whole_line(line).is_some_and(|a| a.id.is_some() || !a.classes.is_empty())
        {
            Some(("Block attributes", "attrs_block", 0u8))
        } else if !self.ext.deflist && after_text && line.starts_with(": ") {
            Some(("A definition", "deflist", 1))
        } else if !self.ext.tasklist && task(line) == Some(true) {
            Some(("A task list item", "tasklist", 2))
        } else if !self.ext.fieldlist && !after_text && field(line) == Some(true) {
            Some(("A field list", "fieldlist", 3))
        } else {
            None
        };
        let (what, ext, bit) = found?;
        if self.warned & (1 << bit) != 0 {
            return None;
        }
        self.warned |= 1 << bit;
        Some((what, ext))
    }

    /// The colon fence opening at line `open`: read as a directive. Returns
    /// the index of the line after its closing fence (or after the text).
    #[allow(clippy::too_many_arguments)]
    fn colon_directive(
        &mut self,
        text: &str,
        pieces: &Pieces,
        lines: &[(usize, &str)],
        open: usize,
        fence: &Fence<'_>,
        parent: NodeId,
        top: bool,
    ) -> usize {
        // Fences of the same length nest; the one that balances closes.
        let mut depth = 0usize;
        let mut close = lines.len();
        for (j, &(_, line)) in lines.iter().enumerate().skip(open + 1) {
            if let Some((m, c, rest)) = fence_line(line)
                && m == fence.marker
            {
                if rest.trim().is_empty() && c >= fence.count {
                    if depth == 0 {
                        close = j;
                        break;
                    }
                    depth -= 1;
                } else if c == fence.count && directive_info(rest).is_some() {
                    depth += 1;
                }
            }
        }
        let body_start = lines.get(open + 1).map_or(text.len(), |&(a, _)| a);
        let body_end = lines.get(close).map_or(text.len(), |&(a, _)| a);
        let block_end = lines.get(close).map_or(text.len(), |&(a, l)| a + l.len());
        let span = self.span(pieces, lines[open].0, block_end);
        let into = self.container(parent, top);
        if close == lines.len() {
            self.message(
                into,
                2,
                Family::Directive,
                &format!(
                    "The \"{}\" directive's fence ({}) is not closed before the end of the text.",
                    fence.name,
                    fence.marker.to_string().repeat(fence.count)
                ),
                span,
            );
        }
        let body = &text[body_start..body_end.max(body_start)];
        self.directive(
            fence.name,
            fence.argument,
            body,
            &pieces.tail(body_start),
            span,
            into,
        );
        (close + 1).min(lines.len())
    }

    /// A MyST directive: `name`, its argument, and its body (options, then
    /// content) whose bytes `pieces` maps to the page, appended to `into`.
    pub(crate) fn directive(
        &mut self,
        name: &str,
        argument: &str,
        body: &str,
        pieces: &Pieces,
        span: Span,
        into: NodeId,
    ) {
        let (options, content_at) = options_of(body);
        let content = &body[content_at..];
        let content_pieces = pieces.tail(content_at);
        let lower = name.to_ascii_lowercase();
        if self.depth >= MAX_DEPTH {
            let lb = self.element(Tag::LiteralBlock, span);
            self.tree.set_attr(lb, "xml:space", "preserve");
            let t = self.text(body.to_string(), span);
            self.tree.append(lb, t);
            self.tree.append(into, lb);
            return;
        }
        self.depth += 1;
        match lower.as_str() {
            "note" | "attention" | "caution" | "danger" | "error" | "hint" | "important"
            | "tip" | "warning" => {
                let tag = Tag::from_name(&lower).unwrap_or(Tag::Note);
                let node = self.element(tag, span);
                self.classes(node, &options);
                self.tree.append(into, node);
                if !argument.is_empty() {
                    // The argument is the first paragraph of the content.
                    let p = self.element(Tag::Paragraph, span);
                    let t = self.text(argument.to_string(), span);
                    self.tree.append(p, t);
                    self.tree.append(node, p);
                }
                self.blocks(content, &content_pieces, node, false);
            }
            "admonition" => {
                let node = self.element(Tag::Admonition, span);
                self.classes(node, &options);
                self.tree.push_list_attr(
                    node,
                    "classes",
                    format!("admonition-{}", stepdoc_rst::make_id(argument)),
                );
                let title = self.element(Tag::Title, span);
                self.inline_into(argument, span, title);
                self.tree.append(node, title);
                self.tree.append(into, node);
                self.blocks(content, &content_pieces, node, false);
            }
            "container" | "div" => {
                let node = self.element(Tag::Container, span);
                for class in argument.split_whitespace() {
                    self.tree.push_list_attr(node, "classes", class);
                }
                self.classes(node, &options);
                self.tree.append(into, node);
                self.blocks(content, &content_pieces, node, false);
            }
            "eval-rst" | "eval_rst" => self.eval_rst(content, &content_pieces, into),
            "list-table"
                if self.list_table(argument, &options, content, &content_pieces, span, into) => {}
            "table" if self.titled_table(argument, &options, content, &content_pieces, into) => {}
            "include"
                if !options
                    .iter()
                    .any(|(k, _)| matches!(k.as_str(), "literal" | "code" | "parser")) =>
            {
                self.include(argument, &options, span, into)
            }
            _ => self.rst_directive(
                name,
                argument,
                &options,
                content,
                &content_pieces,
                span,
                into,
            ),
        }
        self.depth -= 1;
    }

    /// `{table}` whose content is one Markdown table: the table, with the
    /// argument as its title. Returns false, having made nothing, when the
    /// content is not one table (the reStructuredText parser then reports
    /// it).
    fn titled_table(
        &mut self,
        title: &str,
        options: &[(String, String)],
        content: &str,
        pieces: &Pieces,
        into: NodeId,
    ) -> bool {
        let holder = self.tree.element(Tag::Container);
        self.blocks(content, pieces, holder, false);
        let table = match self.tree.children(holder) {
            [t] if self.tree.tag(*t) == Tag::Table => *t,
            _ => return false,
        };
        self.tree.remove_child(holder, table);
        self.classes(table, options);
        if !title.is_empty() {
            let span = self.tree.get(table).span;
            let t = self.element(Tag::Title, span);
            let text = self.text(title.to_string(), span);
            self.tree.append(t, text);
            self.tree.insert(table, 0, t);
        }
        self.tree.append(into, table);
        true
    }

    /// `{list-table}` whose content is a Markdown list of lists: a table
    /// with `header-rows` head rows, its cells' content read as Markdown.
    /// Returns false, having made nothing, when the content is not a list
    /// of lists (the reStructuredText parser then reports it).
    fn list_table(
        &mut self,
        title: &str,
        options: &[(String, String)],
        content: &str,
        pieces: &Pieces,
        span: Span,
        into: NodeId,
    ) -> bool {
        let holder = self.tree.element(Tag::Container);
        self.blocks(content, pieces, holder, false);
        let lists: Vec<NodeId> = self.tree.children(holder).to_vec();
        let rows: Vec<Vec<NodeId>> = match lists.as_slice() {
            [list] if self.tree.tag(*list) == Tag::BulletList => self
                .tree
                .children(*list)
                .iter()
                .map(|&item| match self.tree.children(item) {
                    [cells] if self.tree.tag(*cells) == Tag::BulletList => {
                        self.tree.children(*cells).to_vec()
                    }
                    _ => Vec::new(),
                })
                .collect(),
            _ => return false,
        };
        let cols = rows.first().map_or(0, Vec::len);
        if cols == 0 || rows.iter().any(|r| r.len() != cols) {
            return false;
        }
        let opt = |k: &str| {
            options
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        };
        let head = opt("header-rows")
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0)
            .min(rows.len());
        let widths: Vec<i64> = opt("widths")
            .map(|w| {
                w.split([',', ' '])
                    .filter_map(|x| x.trim().parse().ok())
                    .collect()
            })
            .filter(|w: &Vec<i64>| w.len() == cols)
            .unwrap_or_else(|| vec![(100 / cols as i64).max(1); cols]);
        let table = self.element(Tag::Table, span);
        self.classes(table, options);
        if !title.is_empty() {
            let t = self.element(Tag::Title, span);
            let text = self.text(title.to_string(), span);
            self.tree.append(t, text);
            self.tree.append(table, t);
        }
        let group = self.element(Tag::Tgroup, span);
        self.tree.set_attr(group, "cols", Value::Int(cols as i64));
        for w in widths {
            let spec = self.element(Tag::Colspec, span);
            self.tree.set_attr(spec, "colwidth", Value::Int(w));
            self.tree.append(group, spec);
        }
        for (part, range) in [(Tag::Thead, 0..head), (Tag::Tbody, head..rows.len())] {
            if range.is_empty() {
                continue;
            }
            let p = self.element(part, span);
            for row in &rows[range] {
                let r = self.element(Tag::Row, span);
                for &cell in row {
                    let e = self.element(Tag::Entry, self.tree.get(cell).span);
                    let blocks = self.tree.take_children(cell);
                    self.tree.extend(e, blocks);
                    self.tree.append(r, e);
                }
                self.tree.append(p, r);
            }
            self.tree.append(group, p);
        }
        self.tree.append(table, group);
        self.tree.append(into, table);
        true
    }

    /// MyST's `{include}` of a page's part: the file read as the
    /// reStructuredText `include` reads it (beside the page, inside the
    /// project), cut by `start-line`, `end-line`, `start-after` and
    /// `end-before`, and read as Markdown, or as reStructuredText when it
    /// ends in `.rst`. Its nodes take the directive's span.
    fn include(&mut self, path: &str, options: &[(String, String)], span: Span, into: NodeId) {
        let file = match stepdoc_rst::read_included(self.settings, path.trim()) {
            Ok(f) => f,
            Err(e) => {
                let msg = self.message(
                    into,
                    4,
                    Family::Include,
                    &format!("Problems with \"include\" directive path:\nInputError: {e}."),
                    span,
                );
                self.tree.set_message_name(msg, "include");
                return;
            }
        };
        if let Some(real) = &file.real {
            self.included.push(real.clone());
        }
        let text = String::from_utf8_lossy(&file.bytes).into_owned();
        let text = clip(&text, options);
        // Read as a page of its own, relative to its own place (for the
        // includes it has), every node then placed at the directive.
        let mut settings = self.settings.clone();
        if let Some(real) = &file.real {
            settings.source_path = Some(real.clone());
        }
        if file.shown.ends_with(".rst") {
            let doc = stepdoc_rst::parse(&text, &settings, self.source_name);
            self.included.extend(doc.included.iter().cloned());
            for &c in doc.tree.children(doc.root) {
                let copy = self.graft_at(&doc, c, span);
                self.tree.append(into, copy);
            }
            return;
        }
        let (doc, levels) = read(
            &text,
            &settings,
            self.source_name,
            &self.ext,
            &self.subs,
            self.expanding.clone(),
            self.depth,
        );
        self.included.extend(doc.included.iter().cloned());
        // At the top of the page (not in another directive), an included
        // page's headings are sections of the page, as myst-parser makes
        // them: `README.md` included as a page gives it its title. In a
        // block, they are rubrics.
        if self.depth == 1 && into == self.container(self.root, true) {
            let offset = options
                .iter()
                .find(|(k, _)| k == "heading-offset")
                .and_then(|(_, v)| v.trim().parse::<u8>().ok())
                .unwrap_or(0);
            self.include_sections(&doc, &levels, offset, span);
        } else {
            for &c in doc.tree.children(doc.root) {
                self.graft_flat(&doc, c, span, into);
            }
        }
    }

    /// A copy of node `id` of another document (a substitution's value, an
    /// included page), every node of it at `at`, the span of what brought
    /// it (messages say its line too).
    pub(crate) fn graft_at(&mut self, doc: &stepdoc_rst::Document, id: NodeId, at: Span) -> NodeId {
        let copy = self.tree.graft(&doc.tree, id, &|_| at);
        for n in self.tree.descendants(copy) {
            if self.tree.tag(n) == Tag::SystemMessage {
                self.tree
                    .set_attr(n, "line", stepdoc_rst::Value::Int(i64::from(at.line)));
            }
        }
        copy
    }

    /// An included Markdown page at the top of this one: read as a page of
    /// its own, its blocks placed in the open section, its sections in the
    /// page's by their heading levels (shifted by `offset`), every node at
    /// the directive's `span`. The page's next headings continue in its
    /// innermost open section.
    fn include_sections(
        &mut self,
        doc: &Document,
        levels: &[(NodeId, u8)],
        offset: u8,
        span: Span,
    ) {
        let levels: std::collections::HashMap<NodeId, u8> = levels.iter().copied().collect();
        let level_of = |id: NodeId| levels.get(&id).map_or(1, |&l| l.saturating_add(offset));
        for &c in doc.tree.children(doc.root) {
            if doc.tree.tag(c) != Tag::Section {
                let copy = self.graft_at(doc, c, span);
                let into = self.container(self.root, true);
                self.tree.append(into, copy);
                continue;
            }
            let level = level_of(c);
            while self.sections.last().is_some_and(|&(l, _)| l >= level) {
                self.sections.pop();
            }
            let into = self.container(self.root, true);
            let copy = self.graft_at(doc, c, span);
            self.tree.append(into, copy);
            self.sections.push((level, copy));
            // Its last sections stay open, down to the innermost.
            let (mut orig, mut mine) = (c, copy);
            while let Some(&last) = doc.tree.children(orig).last()
                && doc.tree.tag(last) == Tag::Section
            {
                let Some(&copy_last) = self.tree.children(mine).last() else {
                    break;
                };
                self.sections.push((level_of(last), copy_last));
                (orig, mine) = (last, copy_last);
            }
        }
    }

    /// Node `id` of `doc` copied to the end of `into` at `span`, a section
    /// as a rubric of its title followed by its content.
    fn graft_flat(&mut self, doc: &Document, id: NodeId, span: Span, into: NodeId) {
        if doc.tree.tag(id) != Tag::Section {
            let copy = self.graft_at(doc, id, span);
            self.tree.append(into, copy);
            return;
        }
        for &c in doc.tree.children(id) {
            if doc.tree.tag(c) == Tag::Title {
                let rubric = self.element(Tag::Rubric, span);
                for &t in doc.tree.children(c) {
                    let copy = self.graft_at(doc, t, span);
                    self.tree.append(rubric, copy);
                }
                self.tree.append(into, rubric);
            } else {
                self.graft_flat(doc, c, span, into);
            }
        }
    }

    /// `:class:` and `:name:` options of a directive read here.
    fn classes(&mut self, node: NodeId, options: &[(String, String)]) {
        for (k, v) in options {
            match k.as_str() {
                "class" => {
                    for c in v.split_whitespace() {
                        self.tree.push_list_attr(node, "classes", c);
                    }
                }
                "name" => self.name_node(node, v),
                _ => {}
            }
        }
    }

    /// `{eval-rst}`: the content read as reStructuredText, its nodes placed
    /// where their text lies in the page.
    fn eval_rst(&mut self, content: &str, pieces: &Pieces, into: NodeId) {
        let doc = stepdoc_rst::parse(content, self.settings, self.source_name);
        self.included.extend(doc.included.iter().cloned());
        self.graft_children(&doc, into, |lines, s| {
            let start = pieces.page(s.start as usize);
            let end = pieces.page((s.end as usize).max(s.start as usize));
            lines.span(start, end.max(start))
        });
    }

    /// Copy the nodes at the top of `doc` (a reStructuredText parse of a
    /// part of the page) to the end of `into`, each span given by `map` of
    /// its span in `doc`; their messages name the page and their line in it.
    /// Returns the copies.
    fn graft_children(
        &mut self,
        doc: &Document,
        into: NodeId,
        map: impl Fn(&LineTable<'_>, Span) -> Span,
    ) -> Vec<NodeId> {
        let lines = &self.lines;
        let map = |s: Span| map(lines, s);
        let copies: Vec<NodeId> = doc
            .tree
            .children(doc.root)
            .iter()
            .map(|&c| self.tree.graft(&doc.tree, c, &map))
            .collect();
        for &copy in &copies {
            self.fix_message_lines(copy);
            self.tree.append(into, copy);
        }
        copies
    }

    /// Any other directive: written as reStructuredText and read by its
    /// parser, so that it comes out as it does from an RST page. Its nodes
    /// take the spans of their text in the page (the directive's first
    /// line for what its first line and options give).
    #[allow(clippy::too_many_arguments)]
    fn rst_directive(
        &mut self,
        name: &str,
        argument: &str,
        options: &[(String, String)],
        content: &str,
        content_pieces: &Pieces,
        span: Span,
        into: NodeId,
    ) {
        let mut rst = format!(".. {name}:: {argument}\n");
        for (k, v) in options {
            rst.push_str(&format!("   :{k}: {v}\n"));
        }
        rst.push('\n');
        // Where the written text lies in the page: the directive's first
        // line, then each content line where it is in the page.
        let mut rst_pieces = Pieces::new();
        rst_pieces.push(0, span.start as usize);
        let mut at = 0;
        for raw in content.split_inclusive('\n') {
            let line = raw.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                rst.push('\n');
            } else {
                rst.push_str("   ");
                rst_pieces.push(rst.len(), content_pieces.page(at));
                rst.push_str(line);
                rst.push('\n');
            }
            at += raw.len();
        }
        // A directive whose content is text (not code, paths or data) is
        // read with a placeholder for its content, and the content read as
        // Markdown where the placeholder's paragraph lands. Where it lands
        // in none (an unknown directive shows its text), the directive is
        // read with its content as it is.
        if !content.trim().is_empty() && !LITERAL_CONTENT.contains(&name) {
            let head_end = rst.find("\n\n").map_or(rst.len(), |i| i + 2);
            let probe = format!("{}   {PLACEHOLDER}\n", &rst[..head_end]);
            let doc = stepdoc_rst::parse(&probe, self.settings, self.source_name);
            self.included.extend(doc.included.iter().cloned());
            let slot =
                doc.nodes().iter().copied().find(|&n| {
                    doc.tree.tag(n) == Tag::Paragraph && doc.tree.astext(n) == PLACEHOLDER
                });
            if slot.is_some() {
                let copies = self.graft_children(&doc, into, |_, _| span);
                // The copy of the placeholder: found again by its text.
                let placeholder = copies.iter().find_map(|&c| {
                    self.tree.descendants(c).into_iter().find(|&n| {
                        self.tree.tag(n) == Tag::Paragraph && self.tree.astext(n) == PLACEHOLDER
                    })
                });
                if let Some(p) = placeholder
                    && let Some(holder) = self.tree.parent(p)
                {
                    let at = self.tree.children(holder).iter().position(|&c| c == p);
                    self.tree.remove_child(holder, p);
                    // The content goes where the placeholder was.
                    let after: Vec<NodeId> = at
                        .map(|i| self.tree.children(holder)[i..].to_vec())
                        .unwrap_or_default();
                    for &c in &after {
                        self.tree.remove_child(holder, c);
                    }
                    self.blocks(content, content_pieces, holder, false);
                    self.tree.extend(holder, after);
                }
                return;
            }
        }
        let doc = stepdoc_rst::parse(&rst, self.settings, self.source_name);
        self.included.extend(doc.included.iter().cloned());
        self.graft_children(&doc, into, |lines, s| {
            let start = rst_pieces.page(s.start as usize);
            let end = if s.end > s.start {
                rst_pieces.page(s.end as usize - 1) + 1
            } else {
                start
            };
            // Within the directive, whose text it is.
            let start = start.clamp(span.start as usize, span.end as usize);
            let end = end.clamp(start, span.end as usize);
            lines.span(start, end)
        });
    }

    /// A role, `` {name}`content` ``: read by the reStructuredText parser,
    /// its nodes appended to `into` (inline ones) or returned (messages).
    pub(crate) fn role(
        &mut self,
        name: &str,
        content: &str,
        span: Span,
        into: NodeId,
    ) -> Vec<NodeId> {
        if content.contains('`') {
            let lit = self.element(Tag::Literal, span);
            let t = self.text(content.to_string(), span);
            self.tree.append(lit, t);
            self.tree.append(into, lit);
            return Vec::new();
        }
        let rst = format!(":{name}:`{content}`");
        let doc = stepdoc_rst::parse(&rst, self.settings, self.source_name);
        let mut messages = Vec::new();
        let children: Vec<NodeId> = doc.tree.children(doc.root).to_vec();
        for c in children {
            if doc.tree.tag(c) == Tag::Paragraph {
                for &i in doc.tree.children(c) {
                    let copy = self.tree.graft(&doc.tree, i, &|_| span);
                    self.tree.append(into, copy);
                }
            } else {
                let copy = self.tree.graft(&doc.tree, c, &|_| span);
                self.fix_message_lines(copy);
                messages.push(copy);
            }
        }
        messages
    }

    /// System messages grafted from another parse name the line of the
    /// page they are placed at.
    fn fix_message_lines(&mut self, id: NodeId) {
        for n in self.tree.descendants(id) {
            if self.tree.tag(n) == Tag::SystemMessage {
                let line = self.tree.get(n).span.line;
                self.tree.set_attr(n, "line", Value::Int(i64::from(line)));
                self.tree.set_attr(n, "source", self.source_name);
            }
        }
    }
}

/// The text that stands for a directive's content while the
/// reStructuredText parser reads the directive.
const PLACEHOLDER: &str = "stepdocmarkdowncontentplaceholder";

/// Directives whose content is not text to read but code, paths, data or
/// markup of another kind: the reStructuredText parser reads it whole.
const LITERAL_CONTENT: &[&str] = &[
    "code-block",
    "code",
    "sourcecode",
    "code-cell",
    "literalinclude",
    "toctree",
    "math",
    "raw",
    "csv-table",
    "highlight",
    "productionlist",
    "graphviz",
    "mermaid",
    "parsed-literal",
    "line-block",
    "automodule",
    "autoclass",
    "autofunction",
    "autosummary",
    "image",
    "glossary",
];

/// A directive body's options, `:key: value` lines or a `---` block of
/// `key: value` lines, and where the content starts after them (and after
/// one blank line).
fn options_of(body: &str) -> (Vec<(String, String)>, usize) {
    let lines = lines_of(body);
    let mut options = Vec::new();
    let mut next = 0;
    if lines.first().is_some_and(|(_, l)| l.trim() == "---") {
        let close = lines.iter().skip(1).position(|(_, l)| l.trim() == "---");
        if let Some(c) = close {
            for (_, l) in &lines[1..=c] {
                if let Some((k, v)) = l.split_once(':') {
                    options.push((k.trim().to_string(), unquote(v.trim()).to_string()));
                }
            }
            next = c + 2;
        }
    } else {
        while let Some((_, l)) = lines.get(next) {
            let Some(rest) = l.strip_prefix(':') else {
                break;
            };
            let Some((k, v)) = rest.split_once(':') else {
                break;
            };
            if k.is_empty() || k.contains(char::is_whitespace) {
                break;
            }
            options.push((k.to_string(), v.trim().to_string()));
            next += 1;
        }
    }
    if lines.get(next).is_some_and(|(_, l)| l.trim().is_empty()) && next > 0 {
        next += 1;
    }
    let at = lines.get(next).map_or(body.len(), |&(a, _)| a);
    (options, at)
}

/// The part of an included text MyST's options select: lines
/// `start-line..end-line` (0-based, negative from the end), then what
/// follows `start-after` and precedes `end-before`.
fn clip(text: &str, options: &[(String, String)]) -> String {
    let opt = |k: &str| {
        options
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let index = |v: Option<&str>, default: usize| -> usize {
        match v.and_then(|v| v.trim().parse::<i64>().ok()) {
            Some(i) if i < 0 => lines.len().saturating_sub(i.unsigned_abs() as usize),
            Some(i) => (i as usize).min(lines.len()),
            None => default,
        }
    };
    let start = index(opt("start-line"), 0);
    let end = index(opt("end-line"), lines.len()).max(start);
    let mut out: String = lines[start..end].concat();
    if let Some(after) = opt("start-after").filter(|a| !a.is_empty())
        && let Some(i) = out.find(after)
    {
        out = out[i + after.len()..].to_string();
    }
    if let Some(before) = opt("end-before").filter(|b| !b.is_empty())
        && let Some(i) = out.find(before)
    {
        out.truncate(i);
    }
    out
}

/// A YAML scalar without its quotes.
fn unquote(v: &str) -> &str {
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_info_reads_name_and_argument() {
        assert_eq!(
            directive_info("{note} Be careful"),
            Some(("note", "Be careful"))
        );
        assert_eq!(
            directive_info("{code-block} python"),
            Some(("code-block", "python"))
        );
        assert_eq!(directive_info("python"), None);
        assert_eq!(directive_info("{}"), None);
    }

    #[test]
    fn a_list_table_is_a_table_of_markdown_cells() {
        let page = "```{list-table} Things\n:header-rows: 1\n\n* - Name\n  - Value\n* - a\n  - **b**\n```\n";
        let doc = parse(page, &Settings::default(), "t.md");
        let xml = doc.pformat();
        assert!(xml.contains("<thead>"), "{xml}");
        assert!(xml.contains("<colspec colwidth=\"50\">"), "{xml}");
        assert!(
            xml.contains("<strong>\n                                b"),
            "{xml}"
        );
        // Not a list of lists: the reStructuredText parser reports it.
        let doc = parse(
            "```{list-table}\n\nJust text.\n```\n",
            &Settings::default(),
            "t.md",
        );
        assert!(doc.pformat().contains("list-table"), "{}", doc.pformat());
        assert!(!doc.messages().is_empty());
    }

    #[test]
    fn targets_and_comments_in_list_items_stay_in_them() {
        let page = "1. Open it.\n\n   (step-open)=\n\n   % stepdoc: field Type value=ckan\n\n2. Close it.\n";
        let doc = parse(page, &Settings::default(), "t.md");
        let lists: Vec<NodeId> = doc
            .nodes()
            .iter()
            .copied()
            .filter(|&n| doc.tree.tag(n) == Tag::EnumeratedList)
            .collect();
        assert_eq!(lists.len(), 1, "{}", doc.pformat());
        let first = doc.tree.children(lists[0])[0];
        let tags: Vec<Tag> = doc
            .tree
            .children(first)
            .iter()
            .map(|&c| doc.tree.tag(c))
            .collect();
        assert_eq!(tags, vec![Tag::Paragraph, Tag::Target, Tag::Comment]);
    }

    #[test]
    fn a_table_directive_titles_its_markdown_table() {
        let page = "```{table} Prices\n:name: prices\n\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n";
        let doc = parse(page, &Settings::default(), "t.md");
        let xml = doc.pformat();
        assert!(
            xml.contains(
                "<table ids=\"prices\" names=\"prices\">\n        <title>\n            Prices"
            ),
            "{xml}"
        );
        assert!(doc.messages().is_empty(), "{xml}");
    }

    #[test]
    fn syntax_of_extensions_left_off_is_said_once_at_its_line() {
        let page = "# T\n\n{#id .c}\nA paragraph.\n\nTerm\n: Its definition.\n\nTerm 2\n: Another.\n\n- [ ] a task\n\n:field: value\n\n```\n{#not .this}\n```\n";
        let off = parse_with(
            page,
            &Settings::default(),
            "t.md",
            &Extensions::from_names(&[]),
        );
        let said: Vec<(u32, bool)> = off
            .messages()
            .iter()
            .map(|m| (m.span.line, m.text.contains("myst_enable_extensions")))
            .collect();
        assert_eq!(
            said,
            [(3, true), (7, true), (12, true), (14, true)],
            "{}",
            off.pformat()
        );
        let on = parse(page, &Settings::default(), "t.md");
        assert!(on.messages().is_empty(), "{}", on.pformat());
    }

    #[test]
    fn block_attributes_name_what_follows() {
        let id = |l: &str| attrs::whole_line(l).map(|a| a.id);
        assert_eq!(id("{#mypara .bg-warning}"), Some(Some("mypara".into())));
        assert_eq!(id("{.only-class}"), Some(None));
        assert_eq!(id("{note}"), None);
        let doc = parse("{#mypara .x}\nA paragraph.\n", &Settings::default(), "t.md");
        assert!(
            doc.pformat()
                .contains("<target ids=\"mypara\" names=\"mypara\">"),
            "{}",
            doc.pformat()
        );
    }

    #[test]
    fn an_unclosed_colon_fence_is_reported_at_its_line() {
        let doc = parse(
            "# T\n\n:::{note}\nNever closed.\n",
            &Settings::default(),
            "t.md",
        );
        let m = doc.messages();
        assert_eq!(m.len(), 1, "{}", doc.pformat());
        assert_eq!((m[0].level, m[0].span.line), (2, 3));
        assert!(m[0].text.contains("not closed"), "{}", m[0].text);
        // Its content is still the note's.
        assert!(doc.pformat().contains("<note>"), "{}", doc.pformat());
    }

    #[test]
    fn an_unknown_directive_is_reported_as_on_an_rst_page() {
        let doc = parse(
            "```{frobnicate} x\nbody\n```\n",
            &Settings::default(),
            "t.md",
        );
        // docutils' INFO about the name, then the ERROR, both at the fence.
        let m = doc.messages();
        let error = m.iter().find(|m| m.level == 3).expect("an error");
        assert_eq!(error.family, Family::UnknownDirective);
        assert!(m.iter().all(|m| m.span.line == 1), "{m:?}");
    }

    #[test]
    fn syntax_not_enabled_is_text_as_sphinx_shows_it() {
        let page = ":::{note}\nA note.\n:::\n\n:Nom: x\n\nSee https://x.org.\n\n- [ ] task\n";
        let none = Extensions::from_names(&[]);
        let doc = parse_with(page, &Settings::default(), "t.md", &none);
        let xml = doc.pformat();
        assert!(
            !xml.contains("<note>") && !xml.contains("<field_list>"),
            "{xml}"
        );
        assert!(
            !xml.contains("<reference") && !xml.contains('\u{2610}'),
            "{xml}"
        );
        // Each is said, at its line, naming its extension.
        let m = doc.messages();
        assert_eq!(m.len(), 3, "{xml}");
        for (m, (ext, line)) in
            m.iter()
                .zip([("colon_fence", 1), ("fieldlist", 5), ("tasklist", 9)])
        {
            assert!(m.text.contains(ext) && m.span.line == line, "{m:?}");
        }
        // Enabled by name, it is read.
        let on = Extensions::from_names(&["colon_fence".to_string(), "fieldlist".to_string()]);
        let xml = parse_with(page, &Settings::default(), "t.md", &on).pformat();
        assert!(
            xml.contains("<note>") && xml.contains("<field_list>"),
            "{xml}"
        );
    }

    #[test]
    fn task_list_items_start_with_their_box() {
        let doc = parse("- [ ] to do\n- [x] done\n", &Settings::default(), "t.md");
        let items: Vec<String> = doc
            .nodes()
            .iter()
            .copied()
            .filter(|&n| doc.tree.tag(n) == Tag::ListItem)
            .map(|n| doc.tree.astext(n))
            .collect();
        assert_eq!(items, vec!["\u{2610} to do", "\u{2611} done"]);
    }

    #[test]
    fn included_text_is_clipped_by_lines_and_markers() {
        let text = "a\nb\nc\nd\n";
        let o = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(clip(text, &o("start-line", "1")), "b\nc\nd\n");
        assert_eq!(clip(text, &o("end-line", "-1")), "a\nb\nc\n");
        assert_eq!(clip(text, &o("start-after", "b\n")), "c\nd\n");
        assert_eq!(clip(text, &o("end-before", "c")), "a\nb\n");
    }

    #[test]
    fn options_come_as_lines_or_as_a_block() {
        let (o, at) = options_of(":class: tip\n:name: here\n\nText\n");
        assert_eq!(
            o,
            vec![
                ("class".into(), "tip".into()),
                ("name".into(), "here".into())
            ]
        );
        assert_eq!(&":class: tip\n:name: here\n\nText\n"[at..], "Text\n");
        let body = "---\nmaxdepth: 2\ncaption: \"Parts\"\n---\nindex\n";
        let (o, at) = options_of(body);
        assert_eq!(o[1], ("caption".into(), "Parts".into()));
        assert_eq!(&body[at..], "index\n");
        assert_eq!(options_of("Just text\n"), (vec![], 0));
    }
}
