//! From a doctree to CommonMark as mdBook 0.5 reads it: headings with
//! stable anchors, admonitions as `> [!NOTE]`, fenced code with its
//! language, pipe tables (HTML where cells hold blocks), footnotes, images,
//! links resolved across pages. Procedures get steps as numbered headings,
//! actions as task lists and a table of their fields.
//!
//! Every piece of doc text goes through [`escape`]: a page cannot inject
//! Markdown or HTML.

use crate::rst::Tag;
use std::collections::HashMap;

use super::escape;
use super::labels::Labels;
use crate::model::{Field, NoteKind, Procedure};
use crate::rst::{Document, NodeId, Tree, Value};

/// Where a cross-reference target lives: the Markdown page and the anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub page: String,
    pub anchor: Option<String>,
    pub title: String,
}

/// An image the page shows, to copy next to the chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// URI as written in the page.
    pub uri: String,
    /// Whether the file was found inside the source root.
    pub exists: bool,
    pub line: u32,
}

/// What the renderer needs to know beyond the page itself.
pub struct Context<'a> {
    pub labels: &'a Labels,
    /// This page's Markdown path in the book (`services.md`).
    pub page: &'a str,
    /// `:doc:` names (without extension, relative to the source root) → Markdown paths.
    pub docs: &'a HashMap<String, String>,
    /// `:ref:` labels and section names → targets.
    pub targets: &'a HashMap<String, Target>,
    /// Procedures of this page.
    pub procedures: &'a [Procedure],
    /// Whether an image URI (as written, relative to the page) exists.
    pub image_exists: &'a dyn Fn(&str) -> bool,
    /// Link to a procedure's printable checklist, relative to this page.
    pub checklist_href: &'a dyn Fn(&str) -> String,
    /// This page's document name (`dev/index`).
    pub doc: &'a str,
    /// Every document's outline, for the tables of contents `toctree`s
    /// print; `None` renders them as nothing.
    pub toc: Option<&'a crate::sphinx::toc::Index>,
    /// Substitutions the project defines for every page (Sphinx's
    /// `|version|`, `|release|`, `|today|`), used when the page does not
    /// define them.
    pub substitutions: &'a [(String, String)],
    /// The project's `extlinks` roles: name, URL pattern, caption pattern.
    pub extlinks: &'a [(String, String, Option<String>)],
    /// Tags `only` directives are evaluated against (`html`...).
    pub tags: &'a [String],
}

/// The rendered page and what it refers to.
#[derive(Debug, Default)]
pub struct Rendered {
    pub markdown: String,
    pub images: Vec<ImageRef>,
    /// Problems met while rendering (line, message).
    pub problems: Vec<(u32, String)>,
}

/// Render a page on its own, as a book of one page: no other documents
/// or targets, every image found, checklists at `checklists/ID.pdf`, no
/// project substitutions, roles or tags (tests and fuzzing render so).
pub fn render_alone(
    doc: &Document,
    procedures: &[Procedure],
    labels: &Labels,
    page: &str,
    name: &str,
) -> Rendered {
    let docs = HashMap::new();
    let targets = HashMap::new();
    let exists = |_: &str| true;
    let href = |id: &str| format!("checklists/{id}.pdf");
    render(
        doc,
        &Context {
            labels,
            page,
            docs: &docs,
            targets: &targets,
            procedures,
            image_exists: &exists,
            checklist_href: &href,
            doc: name,
            toc: None,
            substitutions: &[],
            extlinks: &[],
            tags: &[],
        },
    )
}

/// Render a parsed page.
pub fn render(doc: &Document, ctx: &Context) -> Rendered {
    let mut r = Renderer {
        t: &doc.tree,
        ctx,
        out: Rendered::default(),
        footnotes: Vec::new(),
        substitutions: HashMap::new(),
        expanding: Vec::new(),
        expansions: 0,
        step_leads: HashMap::new(),
        step_nodes: HashMap::new(),
        current_step: None,
        toctrees: ctx
            .toc
            .map(|index| {
                crate::sphinx::toctree::read(doc, ctx.doc, &index.names)
                    .into_iter()
                    .map(|t| (t.node, t))
                    .collect()
            })
            .unwrap_or_default(),
        module: None,
        classes: Vec::new(),
        auto_labels: HashMap::new(),
        external: doc
            .tree
            .descendants(doc.root)
            .into_iter()
            .filter(|&n| doc.tree.tag(n) == Tag::Target)
            .filter_map(|n| {
                let uri = doc.tree.attr_str(n, "refuri")?.to_string();
                let name = doc.tree.list_attr(n, "names").first()?.to_lowercase();
                Some((name, uri))
            })
            .collect(),
        t_root: doc.root,
        first_section: doc
            .tree
            .children(doc.root)
            .iter()
            .copied()
            .find(|&c| doc.tree.tag(c) == Tag::Section),
    };
    // Anonymous auto-numbered footnotes (`[#]`, `[*]`) and their
    // references pair up in document order, as docutils numbers them.
    for auto in ["1", "*"] {
        let mut notes = 0;
        let mut refs = 0;
        for n in doc.tree.descendants(doc.root) {
            let value = match doc.tree.attr(n, "auto") {
                Some(Value::Str(s)) => s.clone(),
                Some(Value::Int(i)) => i.to_string(),
                _ => continue,
            };
            if value != auto {
                continue;
            }
            match doc.tree.tag(n) {
                Tag::Footnote if doc.tree.list_attr(n, "names").is_empty() => {
                    notes += 1;
                    r.auto_labels.insert(
                        n,
                        format!("auto{}-{notes}", if auto == "*" { "s" } else { "" }),
                    );
                }
                Tag::FootnoteReference if doc.tree.attr_str(n, "refname").is_none() => {
                    refs += 1;
                    r.auto_labels.insert(
                        n,
                        format!("auto{}-{refs}", if auto == "*" { "s" } else { "" }),
                    );
                }
                _ => {}
            }
        }
    }
    for n in doc.tree.descendants(doc.root) {
        if doc.tree.tag(n) == Tag::SubstitutionDefinition
            && let Some(name) = doc.tree.list_attr(n, "names").first()
        {
            r.substitutions.insert(name.to_lowercase(), n);
        }
    }
    // Steps by the node they start at; a model without the page's nodes
    // (read from JSON) by where they start.
    for (pi, p) in ctx.procedures.iter().enumerate() {
        for (si, s) in p.steps.iter().enumerate() {
            match s.head.0 {
                Some(n) => {
                    r.step_nodes.insert(n, (pi, si));
                }
                None => {
                    r.step_leads.insert(s.span.start, (pi, si));
                }
            }
        }
    }
    let body = r.blocks(doc.root, 1);
    let mut md = body.trim().to_string();
    md.push('\n');
    if !r.footnotes.is_empty() {
        md.push('\n');
        for f in std::mem::take(&mut r.footnotes) {
            md.push_str(&f);
            md.push('\n');
        }
    }
    r.out.markdown = md;
    r.out
}

/// Substitution expansions per page (see `Renderer::expansions`).
const MAX_EXPANSIONS: usize = 10_000;

struct Renderer<'a> {
    t: &'a Tree,
    ctx: &'a Context<'a>,
    out: Rendered,
    footnotes: Vec<String>,
    substitutions: HashMap<String, NodeId>,
    /// Substitutions being expanded, to stop at a circular definition
    /// (`|a|` defined as `|b|`, `|b|` as `|a|`), which is then shown as
    /// written.
    expanding: Vec<String>,
    /// Expansions made so far: definitions that double at each level
    /// (`|a|` as `|b| |b|`, `|b|` as `|c| |c|`...) would grow the page
    /// exponentially; past `MAX_EXPANSIONS` references are shown as written.
    expansions: usize,
    /// Byte offset of a step's lead node → (procedure, step).
    step_leads: HashMap<u32, (usize, usize)>,
    /// The steps by the node they start at.
    step_nodes: HashMap<NodeId, (usize, usize)>,
    current_step: Option<(usize, usize)>,
    /// The page's toctrees, by node.
    toctrees: HashMap<NodeId, crate::sphinx::toctree::Toctree>,
    /// The current Python module (`.. module::`, `.. currentmodule::`).
    module: Option<String>,
    /// The classes whose descriptions hold the current one.
    classes: Vec<String>,
    /// Labels of anonymous auto-numbered footnotes and references.
    auto_labels: HashMap<NodeId, String>,
    /// The page's external targets: name → URL.
    external: HashMap<String, String>,
    t_root: NodeId,
    /// The section that holds the page's title.
    first_section: Option<NodeId>,
}

fn indent(s: &str, prefix: &str, first: &str) -> String {
    let mut out = String::new();
    for (i, line) in s.trim_end().split('\n').enumerate() {
        if i == 0 {
            out.push_str(first);
        } else if !line.is_empty() {
            out.push_str(prefix);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Where `needle` ends in `hay`, found at or after byte `from`, white
/// space compared loosely (any run matches any run); `None` when absent.
fn prefix_end(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let needle: Vec<char> = needle
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    if needle.is_empty() {
        return None;
    }
    let starts: Vec<usize> = hay
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i >= from)
        .collect();
    for start in starts {
        let mut k = 0;
        let mut it = hay[start..].char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if k == needle.len() {
                return Some(start + i);
            }
            if c.is_whitespace() && needle[k] == ' ' {
                while it.peek().is_some_and(|(_, n)| n.is_whitespace()) {
                    it.next();
                }
                k += 1;
            } else if c == needle[k] {
                k += 1;
            } else {
                break;
            }
        }
        if k == needle.len() {
            return Some(hay.len());
        }
    }
    None
}

fn quote(s: &str) -> String {
    let mut out = String::new();
    for line in s.trim_end().split('\n') {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

impl<'a> Renderer<'a> {
    fn tag(&self, n: NodeId) -> Tag {
        self.t.tag(n)
    }

    fn line(&self, n: NodeId) -> u32 {
        self.t.get(n).span.line
    }

    fn anchor_of(&self, n: NodeId) -> Option<String> {
        self.t.list_attr(n, "ids").first().cloned().or_else(|| {
            self.t
                .list_attr(n, "names")
                .first()
                .map(|name| crate::rst::make_id(name))
                .filter(|s| !s.is_empty())
        })
    }

    /// The step (procedure and step index) that starts at node `n`.
    fn step_at(&self, n: NodeId) -> Option<(usize, usize)> {
        self.step_nodes
            .get(&n)
            .or_else(|| self.step_leads.get(&self.t.get(n).span.start))
            .copied()
    }

    /// Render the block children of `n`.
    fn blocks(&mut self, n: NodeId, level: usize) -> String {
        let mut out = String::new();
        let children: Vec<NodeId> = self.t.children(n).to_vec();
        for c in children {
            if let Some((pi, si)) = self.step_at(c)
                && self.tag(c) == Tag::Paragraph
            {
                out.push_str(&self.finish_step());
                out.push_str(&self.step_heading(pi, si, Some(c), level));
                self.current_step = Some((pi, si));
                continue;
            }
            if self.tag(c) == Tag::Section
                && let Some((pi, si)) = self.step_at(c)
            {
                out.push_str(&self.finish_step());
                self.current_step = Some((pi, si));
                out.push_str(&self.step_heading(pi, si, None, level + 1));
                let inner = self.section_body(c, level + 1);
                out.push_str(&inner);
                out.push_str(&self.finish_step());
                continue;
            }
            if self.tag(c) == Tag::Section {
                out.push_str(&self.finish_step());
            }
            let b = self.block(c, level);
            if !b.is_empty() {
                out.push_str(&b);
                if !b.ends_with("\n\n") {
                    out.push('\n');
                }
            }
        }
        if matches!(self.tag(n), Tag::Section | Tag::Document) {
            out.push_str(&self.finish_step());
        }
        out
    }

    fn section_body(&mut self, s: NodeId, level: usize) -> String {
        let mut out = String::new();
        let children: Vec<NodeId> = self
            .t
            .children(s)
            .iter()
            .copied()
            .filter(|&c| self.tag(c) != Tag::Title)
            .collect();
        for c in children {
            let b = self.block(c, level);
            if !b.is_empty() {
                out.push_str(&b);
                if !b.ends_with("\n\n") {
                    out.push('\n');
                }
            }
        }
        out
    }

    /// The heading of a step, and the rest of its lead paragraph.
    fn step_heading(&mut self, pi: usize, si: usize, lead: Option<NodeId>, level: usize) -> String {
        let p = &self.ctx.procedures[pi];
        let s = &p.steps[si];
        let hashes = "#".repeat(level.clamp(2, 6));
        let mut out = format!(
            "{hashes} {} {} — {} {{#{}-{}}}\n\n",
            self.ctx.labels.step,
            s.number,
            escape::line(&s.title),
            p.id,
            s.anchor
        );
        if let Some(par) = lead {
            // The paragraph without what the heading shows: the marker and
            // the title, when the title is the paragraph's first sentence.
            let children: Vec<NodeId> = self.t.children(par).to_vec();
            let plain: Vec<String> = children.iter().map(|&c| self.t.astext(c)).collect();
            let whole: String = plain.concat();
            let marker_end = match children.first() {
                Some(&c) if self.tag(c) == Tag::Strong => plain[0].len(),
                _ => 0,
            };
            let cut = prefix_end(&whole, &s.title, marker_end).unwrap_or(marker_end);
            let mut text = String::new();
            let mut at = 0;
            for (c, p) in children.iter().zip(&plain) {
                let end = at + p.len();
                if end <= cut {
                    at = end;
                    continue;
                }
                if at >= cut {
                    text.push_str(&self.inline(*c));
                } else if self.t.is_text(*c) {
                    text.push_str(&escape::text(&p[cut - at..]));
                }
                at = end;
            }
            let text = text
                .trim_start()
                .trim_start_matches([':', '-', '.', '–', '—'])
                .trim()
                .to_string();
            if !text.is_empty() {
                out.push_str(&escape::line_starts(&text));
                out.push_str("\n\n");
            }
        }
        out
    }

    /// After a step: its fields as a table; after the last step, the
    /// checklist link.
    fn finish_step(&mut self) -> String {
        let Some((pi, si)) = self.current_step.take() else {
            return String::new();
        };
        let p = &self.ctx.procedures[pi];
        let s = &p.steps[si];
        let mut out = String::new();
        if !s.fields.is_empty() {
            out.push_str(&format!("**{}**\n\n", escape::line(self.ctx.labels.fields)));
            out.push_str(&self.fields_table(&s.fields));
            out.push('\n');
        }
        if si + 1 == p.steps.len() {
            out.push_str(&self.checklist_link(pi));
        }
        out
    }

    /// The link to a procedure's printable checklist.
    fn checklist_link(&self, pi: usize) -> String {
        let p = &self.ctx.procedures[pi];
        format!(
            "[{}]({})\n\n",
            escape::line(&format!(
                "{}{} {}",
                self.ctx.labels.checklist, self.ctx.labels.colon, p.title
            )),
            escape::url(&(self.ctx.checklist_href)(&p.id))
        )
    }

    fn fields_table(&self, fields: &[Field]) -> String {
        let l = self.ctx.labels;
        let mut out = format!(
            "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
            l.field, l.kind, l.required, l.value, l.help
        );
        for f in fields {
            let kind = f.kind.name();
            let value = match (&f.value, &f.example) {
                (Some(v), _) => format!("{} ({})", escape::code_span(v), l.fixed),
                (None, Some(e)) => format!("{} ({})", escape::code_span(e), l.example),
                (None, None) => String::new(),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                escape::line(&f.label),
                escape::line(l.kind_name(kind)),
                if f.required { l.yes } else { l.no },
                value,
                escape::line(f.help.as_deref().unwrap_or(""))
            ));
        }
        out
    }

    fn block(&mut self, n: NodeId, level: usize) -> String {
        let tag = self.tag(n);
        match tag {
            Tag::Section => {
                let title = self
                    .t
                    .children(n)
                    .iter()
                    .copied()
                    .find(|&c| self.tag(c) == Tag::Title);
                let text = title.map(|t| self.inlines(t)).unwrap_or_default();
                let anchor = self
                    .anchor_of(n)
                    .map(|a| format!(" {{#{a}}}"))
                    .unwrap_or_default();
                let hashes = "#".repeat(level.clamp(1, 6));
                // Section numbers from a `:numbered:` toctree.
                let number = self
                    .ctx
                    .toc
                    .and_then(|toc| toc.docs.get(self.ctx.doc))
                    .and_then(|d| {
                        if self.t.parent(n) == Some(self.t_root)
                            && d.number.is_some()
                            && self.first_section == Some(n)
                        {
                            d.number.clone()
                        } else {
                            self.anchor_of(n)
                                .and_then(|a| d.section_numbers.get(&a).cloned())
                        }
                    });
                let number = number
                    .map(|x| format!("{}. ", escape::text(&x)))
                    .unwrap_or_default();
                let mut out = format!("{hashes} {number}{}{anchor}\n\n", text.replace('\n', " "));
                out.push_str(&self.blocks(n, level + 1));
                out
            }
            Tag::Title => String::new(),
            Tag::Paragraph => format!("{}\n", escape::line_starts(self.inlines(n).trim())),
            Tag::BulletList | Tag::EnumeratedList => {
                self.list(n, tag == Tag::EnumeratedList, level)
            }
            Tag::DefinitionList => {
                let mut out = String::new();
                for &item in self.t.children(n) {
                    let mut term = String::new();
                    let mut body = String::new();
                    for &c in self.t.children(item) {
                        match self.tag(c) {
                            Tag::Term => {
                                // A glossary entry may have several terms,
                                // each with the anchor `:term:` links to.
                                if !term.is_empty() {
                                    term.push_str("**<br>**");
                                }
                                for id in self.t.list_attr(c, "ids") {
                                    term.push_str(&format!("<a id=\"{}\"></a>", escape::html(id)));
                                }
                                term.push_str(&self.inlines(c));
                            }
                            Tag::Classifier => {
                                term.push_str(&format!(" *({})*", self.inlines(c).trim()))
                            }
                            Tag::Definition => body.push_str(&self.blocks(c, level)),
                            _ => {}
                        }
                    }
                    out.push_str(&format!("**{}**\n", term.trim()));
                    out.push_str(&indent(&body, "  ", ": "));
                    out.push('\n');
                }
                out
            }
            Tag::FieldList | Tag::Docinfo => {
                let mut out = String::new();
                for &field in self.t.children(n) {
                    let ch = self.t.children(field).to_vec();
                    let name = ch.first().map(|&c| self.inlines(c)).unwrap_or_default();
                    let body = ch
                        .get(1)
                        .map(|&c| self.blocks(c, level))
                        .unwrap_or_default();
                    out.push_str(&format!("**{}**\n", name.trim()));
                    out.push_str(&indent(
                        if body.trim().is_empty() {
                            "\u{a0}"
                        } else {
                            &body
                        },
                        "  ",
                        ": ",
                    ));
                    out.push('\n');
                }
                out
            }
            Tag::OptionList => {
                let mut out = String::new();
                for &item in self.t.children(n) {
                    let ch = self.t.children(item).to_vec();
                    let opts = ch.first().map(|&g| self.t.astext(g)).unwrap_or_default();
                    let body = ch
                        .get(1)
                        .map(|&d| self.blocks(d, level))
                        .unwrap_or_default();
                    out.push_str(&format!("{}\n", escape::code_span(&opts)));
                    out.push_str(&indent(&body, "  ", ": "));
                    out.push('\n');
                }
                out
            }
            Tag::LiteralBlock | Tag::DoctestBlock => {
                let classes = self.t.list_attr(n, "classes");
                let lang = if tag == Tag::DoctestBlock {
                    "pycon".to_string()
                } else if classes.first().is_some_and(|c| c == "code") {
                    classes.get(1).cloned().unwrap_or_default()
                } else {
                    self.t.attr_str(n, "language").unwrap_or("").to_string()
                };
                escape::code_block(&self.t.astext(n), &lang)
            }
            Tag::LineBlock => {
                let mut lines = Vec::new();
                self.line_block(n, 0, &mut lines);
                let mut out = String::new();
                for (i, l) in lines.iter().enumerate() {
                    out.push_str(l);
                    if i + 1 < lines.len() {
                        out.push_str("\\\n");
                    }
                }
                out.push('\n');
                out
            }
            Tag::BlockQuote => {
                let inner = self.blocks(n, level);
                quote(&inner)
            }
            Tag::Attribution => format!("— {}\n", escape::line_starts(&self.inlines(n))),
            t if t.is_admonition() => self.admonition(n, level),
            Tag::Directive => self.directive(n, level),
            Tag::Topic | Tag::Sidebar => {
                let title = self
                    .t
                    .children(n)
                    .iter()
                    .copied()
                    .find(|&c| self.tag(c) == Tag::Title);
                let mut inner = String::new();
                if let Some(t) = title {
                    inner.push_str(&format!("**{}**\n\n", self.inlines(t)));
                }
                inner.push_str(&self.blocks(n, level));
                quote(&inner)
            }
            Tag::Rubric => format!("**{}**\n", self.inlines(n)),
            Tag::Transition => "---\n".to_string(),
            Tag::Image => self.image(n, true),
            Tag::Figure => {
                let mut out = String::new();
                for &c in self.t.children(n) {
                    match self.tag(c) {
                        Tag::Image => out.push_str(&self.image(c, true)),
                        Tag::Caption => out.push_str(&format!("\n*{}*\n", self.inlines(c))),
                        Tag::Legend => out.push_str(&format!("\n{}", self.blocks(c, level))),
                        _ => {}
                    }
                }
                out
            }
            Tag::Table => self.table(n),
            Tag::Footnote | Tag::Citation => {
                let label = self.note_label(n);
                let body = self.blocks(n, level);
                self.footnotes
                    .push(indent(&body, "    ", &format!("[^{label}]: ")));
                String::new()
            }
            Tag::Label => String::new(),
            Tag::Target => match self.anchor_of(n) {
                Some(a) if self.t.attr(n, "refuri").is_none() => {
                    format!("<a id=\"{}\"></a>\n", escape::html(&a))
                }
                _ => String::new(),
            },
            Tag::Compound | Tag::Container | Tag::Element => self.blocks(n, level),
            Tag::Raw => {
                let format = self.t.attr_str(n, "format").unwrap_or("").to_string();
                escape::code_block(&self.t.astext(n), &format)
            }
            Tag::SystemMessage => self.unknown_directive(n),
            Tag::SubstitutionDefinition
            | Tag::Comment
            | Tag::Pending
            | Tag::Meta
            | Tag::Decoration => String::new(),
            Tag::MathBlock => format!("\\\\[\n{}\n\\\\]\n", self.t.astext(n)),
            _ => {
                if self.t.children(n).iter().all(|&c| self.is_inline(c)) {
                    format!("{}\n", self.inlines(n))
                } else {
                    self.blocks(n, level)
                }
            }
        }
    }

    /// The link from this page to a target: its page, and its anchor.
    fn href(&self, t: &Target) -> String {
        match &t.anchor {
            Some(a) => format!("{}#{a}", relative(self.ctx.page, &t.page)),
            None => relative(self.ctx.page, &t.page),
        }
    }

    fn is_inline(&self, n: NodeId) -> bool {
        self.t.is_text(n) || crate::rst::is_inline_or_text(self.tag(n))
    }

    fn note_label(&self, n: NodeId) -> String {
        if let Some(l) = self.auto_labels.get(&n) {
            return l.clone();
        }
        let label = self
            .t
            .children(n)
            .iter()
            .find(|&&c| self.tag(c) == Tag::Label)
            .map(|&c| self.t.astext(c))
            .or_else(|| self.t.list_attr(n, "names").first().cloned())
            .or_else(|| self.t.list_attr(n, "ids").first().cloned())
            .unwrap_or_else(|| "note".into());
        label
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect()
    }

    fn line_block(&mut self, n: NodeId, depth: usize, out: &mut Vec<String>) {
        for &c in self.t.children(n) {
            if self.tag(c) == Tag::LineBlock {
                self.line_block(c, depth + 1, out);
            } else {
                let pad = "\u{a0}".repeat(depth * 4);
                out.push(format!(
                    "{pad}{}",
                    escape::line_starts(&self.inlines(c).replace('\n', " "))
                ));
            }
        }
    }

    fn list(&mut self, n: NodeId, ordered: bool, level: usize) -> String {
        let start = match self.t.attr(n, "start") {
            Some(Value::Int(s)) => *s,
            _ => 1,
        };
        let task = self.current_step.is_some() && !ordered;
        let mut out = String::new();
        let mut last_step = None;
        for (i, &item) in self.t.children(n).iter().enumerate() {
            // An item that is a step of a procedure: a task item with the
            // step's anchor, its fields after it.
            let step = self
                .step_at(item)
                .filter(|_| self.tag(item) == Tag::ListItem);
            let marker = match (ordered, step.is_some() || task) {
                (true, true) if step.is_some() => format!("{}. [ ] ", start + i as i64),
                (true, _) => format!("{}. ", start + i as i64),
                (false, true) => "- [ ] ".to_string(),
                (false, false) => "- ".to_string(),
            };
            let outer = self.current_step;
            if step.is_some() {
                self.current_step = step;
            }
            let mut body = self.blocks(item, level);
            self.current_step = outer;
            if let Some((pi, si)) = step {
                let p = &self.ctx.procedures[pi];
                let s = &p.steps[si];
                let anchor = format!("<a id=\"{}-{}\"></a>", p.id, s.anchor);
                let first = body.trim_start();
                let starts_block = first.starts_with("```")
                    || first.starts_with(['|', '>', '#', '-', '*', '<'])
                    || first.is_empty();
                body = if starts_block {
                    format!("{anchor}\n\n{body}")
                } else {
                    format!("{anchor}{first}")
                };
                if !s.fields.is_empty() {
                    body = format!(
                        "{}\n\n**{}**\n\n{}",
                        body.trim_end(),
                        escape::line(self.ctx.labels.fields),
                        self.fields_table(&s.fields)
                    );
                }
                if si + 1 == p.steps.len() {
                    last_step = Some(pi);
                }
            }
            let body = if body.trim().is_empty() {
                "\u{a0}".to_string()
            } else {
                body
            };
            out.push_str(&indent(
                &body,
                &" ".repeat(if ordered {
                    format!("{}. ", start + i as i64).len()
                } else {
                    2
                }),
                &marker,
            ));
        }
        if let Some(pi) = last_step {
            out.push('\n');
            out.push_str(&self.checklist_link(pi));
        }
        out
    }

    fn admonition(&mut self, n: NodeId, level: usize) -> String {
        let tag = self.tag(n);
        let kind = NoteKind::from_name(tag.as_str()).unwrap_or(NoteKind::Note);
        let (gh, label) = self.kind_labels(kind);
        let mut inner = String::new();
        let title = self
            .t
            .children(n)
            .iter()
            .copied()
            .find(|&c| self.tag(c) == Tag::Title);
        // mdBook writes the kind's title itself (in English; the book's
        // stylesheet shows it in the book's language, see `build::admonition_css`).
        let _ = label;
        if let Some(t) = title {
            inner.push_str(&format!("**{}**\n\n", self.inlines(t)));
        }
        inner.push_str(&self.blocks(n, level));
        format!("> [!{gh}]\n{}", quote(&inner))
    }

    fn kind_labels(&self, kind: NoteKind) -> (&'static str, &'static str) {
        let l = self.ctx.labels;
        match kind {
            NoteKind::Note | NoteKind::Seealso => ("NOTE", l.note),
            NoteKind::Tip | NoteKind::Hint => ("TIP", l.tip),
            NoteKind::Important => ("IMPORTANT", l.important),
            NoteKind::Warning | NoteKind::Attention => ("WARNING", l.warning),
            NoteKind::Caution | NoteKind::Danger | NoteKind::Error => ("CAUTION", l.caution),
        }
    }

    fn directive(&mut self, n: NodeId, level: usize) -> String {
        let name = self.t.attr_str(n, "name").unwrap_or("").to_string();
        let arg = self.t.attr_str(n, "arguments").unwrap_or("").to_string();
        let l = self.ctx.labels;
        if name.starts_with("auto") {
            return self.placeholder(
                n,
                &name,
                &arg,
                "needs the project's Python code imported (autodoc)",
            );
        }
        if let Some(m) = crate::sphinx::objects::module_of(&name, &arg) {
            self.module = Some(m);
            return self.blocks(n, level);
        }
        if crate::sphinx::objects::is_object(&name) {
            return self.object(n, &name, &arg, level);
        }
        match name.as_str() {
            "toctree" => self.toctree(n),
            "index" | "highlight" | "tabularcolumns" | "sectionauthor" | "codeauthor"
            | "moduleauthor" | "currentmodule" | "default-domain" => String::new(),
            "seealso" => {
                let inner = format!(
                    "**{}**\n\n{}",
                    escape::line(l.see_also),
                    self.blocks(n, level)
                );
                format!("> [!NOTE]\n{}", quote(&inner))
            }
            "versionadded" | "versionchanged" | "deprecated" | "versionremoved" => {
                let what = match name.as_str() {
                    "versionadded" => l.version_added,
                    "versionchanged" => l.version_changed,
                    _ => l.deprecated,
                };
                format!(
                    "*{} {}* {}",
                    escape::line(what),
                    escape::line(&arg),
                    self.blocks(n, level)
                )
            }
            "code-block" | "sourcecode" | "literalinclude" => self.code(n, &name, &arg),
            "productionlist" => {
                let text = self
                    .t
                    .children(n)
                    .iter()
                    .find(|&&c| self.tag(c) == Tag::LiteralBlock)
                    .map(|&c| self.t.astext(c))
                    .unwrap_or_default();
                escape::code_block(&text, "")
            }
            "centered" => format!(
                "<p align=\"center\"><strong>{}</strong></p>\n",
                escape::html(arg.trim())
            ),
            // Titled containers of sphinx-design, sphinx-tabs and the like:
            // the title, then the content.
            "card" | "grid-item-card" | "tab-item" | "tab" | "group-tab" | "dropdown"
            | "tabbed" | "toggle" => {
                let body = self.blocks(n, level);
                if arg.trim().is_empty() {
                    body
                } else {
                    format!("**{}**\n\n{body}", escape::line(arg.trim()))
                }
            }
            "code-tab" => {
                let language = arg.split_whitespace().next().unwrap_or("").to_string();
                self.code(n, "code-block", &language)
            }
            "button-link" | "button-ref" => {
                let label = self.blocks(n, level);
                let label = label.trim();
                let target = arg.trim();
                let href = if name == "button-link" {
                    target.to_string()
                } else {
                    self.ctx
                        .targets
                        .get(&target.to_lowercase())
                        .map(|t| self.href(t))
                        .unwrap_or_default()
                };
                let label = if label.is_empty() { target } else { label };
                if href.is_empty() {
                    format!("{label}\n")
                } else {
                    format!("[{label}]({})\n", escape::url(&href))
                }
            }
            "todo" => {
                let inner = format!("**Todo**\n\n{}", self.blocks(n, level));
                format!("> [!NOTE]\n{}", quote(&inner))
            }
            "only" => {
                if crate::sphinx::only(&arg, self.ctx.tags) {
                    self.blocks(n, level)
                } else {
                    String::new()
                }
            }
            _ => self.blocks(n, level),
        }
    }

    /// A directive stepdoc cannot show, in its place: what it is and why,
    /// and one warning for the page.
    fn placeholder(&mut self, n: NodeId, name: &str, arg: &str, why: &str) -> String {
        let line = self.line(n);
        self.out
            .problems
            .push((line, format!("directive \"{name}\" is not shown: it {why}")));
        format!(
            "> [!NOTE]\n> {} {}: {}\n",
            escape::code_span(format!("{name}:: {}", arg.trim()).trim()),
            escape::line(self.ctx.labels.not_shown),
            escape::line(why)
        )
    }

    /// A parser message in the page: nothing, unless it stands for a
    /// directive of an extension stepdoc does not know.
    fn unknown_directive(&mut self, n: NodeId) -> String {
        let Some((crate::rst::Family::UnknownDirective, Some(name))) = self.t.message_about(n)
        else {
            return String::new();
        };
        let name = name.to_string();
        self.placeholder(
            n,
            &name,
            "",
            "comes from a Sphinx extension stepdoc does not read",
        )
    }

    /// Sphinx's `code-block` and `literalinclude`: the caption, then the
    /// code with its language.
    fn code(&mut self, n: NodeId, name: &str, arg: &str) -> String {
        let t = self.t;
        let option = |k: &str| t.attr_str(n, &format!("option-{k}")).map(str::to_string);
        let text = t
            .children(n)
            .iter()
            .find(|&&c| t.tag(c) == Tag::LiteralBlock)
            .map(|&c| t.astext(c))
            .unwrap_or_default();
        let language = if name == "literalinclude" {
            option("language").unwrap_or_else(|| {
                let ext = arg.rsplit('.').next().unwrap_or("");
                match ext {
                    "py" => "python",
                    "js" => "javascript",
                    "sh" | "bash" => "bash",
                    "rs" => "rust",
                    "ini" | "cfg" => "ini",
                    "toml" => "toml",
                    "json" => "json",
                    "yml" | "yaml" => "yaml",
                    "html" => "html",
                    "css" => "css",
                    "xml" => "xml",
                    "sql" => "sql",
                    "c" | "h" => "c",
                    _ => "",
                }
                .to_string()
            })
        } else {
            arg.trim().to_string()
        };
        let mut out = String::new();
        if let Some(c) = option("caption").filter(|c| !c.trim().is_empty()) {
            out.push_str(&format!("**{}**\n\n", escape::line(c.trim())));
        }
        out.push_str(&escape::code_block(&text, &language));
        out
    }

    /// An object description: its signature lines (keyword, module path,
    /// name, parameters), each with its anchor, then its content.
    fn object(&mut self, n: NodeId, name: &str, arg: &str, level: usize) -> String {
        let t = self.t;
        let option = |k: &str| t.attr_str(n, &format!("option-{k}")).map(str::to_string);
        let sigs = crate::sphinx::objects::signatures(
            name,
            arg,
            &option,
            self.module.as_deref(),
            self.classes.last().map(String::as_str),
        );
        let mut out = String::new();
        for s in &sigs {
            let keyword = s
                .keyword
                .as_ref()
                .map(|k| format!("*{}* ", escape::line(k)))
                .unwrap_or_default();
            out.push_str(&format!(
                "<a id=\"{}\"></a>{keyword}{}\n\n",
                escape::html(&s.id),
                escape::code_span(&format!("{}{}{}", s.prename, s.name, s.rest))
            ));
        }
        let scope = sigs
            .first()
            .filter(|s| s.scope)
            .map(|s| s.name.trim_start_matches('@').to_string());
        if let Some(c) = &scope {
            self.classes.push(c.clone());
        }
        let body = self.blocks(n, level);
        if scope.is_some() {
            self.classes.pop();
        }
        if !body.trim().is_empty() {
            out.push_str(&quote(&body));
            out.push('\n');
        }
        out
    }

    /// The table of contents a toctree prints: the titles of its
    /// documents and their sections, nested down to `:maxdepth:`.
    fn toctree(&mut self, n: NodeId) -> String {
        let (Some(index), Some(tree)) = (self.ctx.toc, self.toctrees.get(&n)) else {
            return String::new();
        };
        if tree.hidden {
            return String::new();
        }
        let mut out = String::new();
        if let Some(c) = &tree.caption {
            out.push_str(&format!("**{}**\n\n", escape::line(c)));
        }
        for line in index.lines(self.ctx.doc, tree) {
            let href = match (&line.md, &line.url) {
                (Some(md), _) => {
                    let mut h = relative(self.ctx.page, md);
                    if let Some(a) = &line.anchor {
                        h.push('#');
                        h.push_str(a);
                    }
                    h
                }
                (None, Some(u)) => u.clone(),
                (None, None) => continue,
            };
            let number = line.number.map(|n| format!("{n}. ")).unwrap_or_default();
            out.push_str(&format!(
                "{}- [{}]({})\n",
                "  ".repeat(line.depth),
                escape::line(&format!("{number}{}", line.title)),
                escape::url(&href)
            ));
        }
        if out.is_empty() {
            out
        } else {
            format!("{out}\n")
        }
    }

    fn image(&mut self, n: NodeId, block: bool) -> String {
        let uri = self.t.attr_str(n, "uri").unwrap_or("").to_string();
        let alt = self
            .t
            .attr_str(n, "alt")
            .map(str::to_string)
            .unwrap_or_else(|| uri.rsplit('/').next().unwrap_or(&uri).to_string());
        let remote = uri.contains("://") || uri.starts_with("data:");
        let exists = remote || (self.ctx.image_exists)(&uri);
        if !remote {
            self.out.images.push(ImageRef {
                uri: uri.clone(),
                exists,
                line: self.line(n),
            });
        }
        let s = if exists {
            // A leading `/` is the source folder: the book has it at its root.
            let href = match uri.strip_prefix('/') {
                Some(abs) if !remote => relative(self.ctx.page, abs),
                _ => uri.clone(),
            };
            format!("![{}]({})", escape::line(&alt), escape::url(&href))
        } else {
            self.out
                .problems
                .push((self.line(n), format!("image not found: {uri}")));
            let label = escape::line(self.ctx.labels.missing_image);
            if block {
                format!(
                    "> [!WARNING]\n> **{label}** : {}\n",
                    escape::code_span(&uri)
                )
            } else {
                // In a line of text (a paragraph, a list item, a table's
                // cell) a block would be its text: the words alone.
                format!("**{label}** : {}", escape::code_span(&uri))
            }
        };
        if block { format!("{s}\n") } else { s }
    }

    fn table(&mut self, n: NodeId) -> String {
        // The table's title, above it as Sphinx shows it.
        let caption = self
            .t
            .children(n)
            .iter()
            .copied()
            .find(|&c| self.tag(c) == Tag::Title)
            .map(|c| format!("**{}**\n\n", self.inlines(c).trim()))
            .unwrap_or_default();
        let table = self.table_body(n);
        if table.is_empty() {
            return table;
        }
        caption + &table
    }

    fn table_body(&mut self, n: NodeId) -> String {
        let Some(tgroup) = self
            .t
            .children(n)
            .iter()
            .copied()
            .find(|&c| self.tag(c) == Tag::Tgroup)
        else {
            return String::new();
        };
        let mut head: Vec<Vec<NodeId>> = Vec::new();
        let mut body: Vec<Vec<NodeId>> = Vec::new();
        let mut spans = false;
        for &part in self.t.children(tgroup) {
            let rows: Vec<Vec<NodeId>> = self
                .t
                .children(part)
                .iter()
                .map(|&r| self.t.children(r).to_vec())
                .collect();
            for r in &rows {
                for &e in r {
                    if self.t.attr(e, "morerows").is_some() || self.t.attr(e, "morecols").is_some()
                    {
                        spans = true;
                    }
                }
            }
            match self.tag(part) {
                Tag::Thead => head.extend(rows),
                Tag::Tbody => body.extend(rows),
                _ => {}
            }
        }
        let simple_cell = |r: &Self, e: NodeId| -> bool {
            let ch = r.t.children(e);
            ch.len() <= 1 && ch.iter().all(|&c| r.tag(c) == Tag::Paragraph)
        };
        let all_simple = head
            .iter()
            .chain(body.iter())
            .flatten()
            .all(|&e| simple_cell(self, e));
        let cols = self
            .t
            .children(tgroup)
            .iter()
            .filter(|&&c| self.tag(c) == Tag::Colspec)
            .count()
            .max(1);
        if all_simple && !spans {
            let cell = |r: &mut Self, e: NodeId| -> String {
                r.t.children(e)
                    .first()
                    .map(|&p| r.inlines(p).replace('\n', " "))
                    .unwrap_or_default()
            };
            let mut out = String::new();
            let header: Vec<String> = match head.first() {
                Some(h) => h.iter().map(|&e| cell(self, e)).collect(),
                None => vec![String::new(); cols],
            };
            out.push_str(&format!("| {} |\n", header.join(" | ")));
            out.push_str(&format!("|{}\n", "---|".repeat(header.len().max(1))));
            for row in head.iter().skip(1).chain(body.iter()) {
                let cells: Vec<String> = row.iter().map(|&e| cell(self, e)).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
            return out;
        }
        // Cells holding blocks, or spanning: an HTML table, text escaped.
        let mut out = String::from("<table>\n");
        for (rows, cell_tag) in [(&head, "th"), (&body, "td")] {
            for row in rows.iter() {
                out.push_str("<tr>");
                for &e in row {
                    let mut attrs = String::new();
                    if let Some(Value::Int(m)) = self.t.attr(e, "morecols") {
                        attrs.push_str(&format!(" colspan=\"{}\"", m + 1));
                    }
                    if let Some(Value::Int(m)) = self.t.attr(e, "morerows") {
                        attrs.push_str(&format!(" rowspan=\"{}\"", m + 1));
                    }
                    let paras: Vec<String> = self
                        .t
                        .children(e)
                        .iter()
                        .map(|&c| escape::html(&self.t.astext(c)))
                        .collect();
                    out.push_str(&format!(
                        "<{cell_tag}{attrs}>{}</{cell_tag}>",
                        paras.join("<br><br>")
                    ));
                }
                out.push_str("</tr>\n");
            }
        }
        out.push_str("</table>\n");
        out
    }

    fn inlines(&mut self, n: NodeId) -> String {
        let mut s = String::new();
        for &c in self.t.children(n).to_vec().iter() {
            s.push_str(&self.inline(c));
        }
        s
    }

    fn inline(&mut self, n: NodeId) -> String {
        if self.t.is_text(n) {
            return escape::text(self.t.text_of(n));
        }
        let tag = self.tag(n);
        match tag {
            Tag::Emphasis | Tag::TitleReference => wrap("*", &self.inlines(n)),
            Tag::Strong => wrap("**", &self.inlines(n)),
            Tag::Literal => escape::code_span(&self.t.astext(n)),
            Tag::Reference => self.reference(n),
            Tag::FootnoteReference if self.auto_labels.contains_key(&n) => {
                format!("[^{}]", self.auto_labels[&n])
            }
            Tag::FootnoteReference | Tag::CitationReference => {
                let label: String = self
                    .t
                    .attr_str(n, "refname")
                    .map(str::to_string)
                    .unwrap_or_else(|| self.t.astext(n))
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                    .collect();
                format!("[^{label}]")
            }
            Tag::SubstitutionReference => {
                let name = self.t.attr_str(n, "refname").unwrap_or("").to_lowercase();
                match self.substitutions.get(&name).copied() {
                    Some(def)
                        if !self.expanding.contains(&name) && self.expansions < MAX_EXPANSIONS =>
                    {
                        self.expansions += 1;
                        self.expanding.push(name);
                        let text = self.inlines(def);
                        self.expanding.pop();
                        text
                    }
                    _ => match self.ctx.substitutions.iter().find(|(k, _)| *k == name) {
                        Some((_, v)) => escape::text(v),
                        None => escape::text(&self.t.astext(n)),
                    },
                }
            }
            Tag::Target => {
                let text = self.inlines(n);
                match self.anchor_of(n) {
                    Some(a) => format!("<span id=\"{}\"></span>{text}", escape::html(&a)),
                    None => text,
                }
            }
            Tag::Image => self.image(n, false),
            Tag::Subscript => format!("<sub>{}</sub>", escape::html(&self.t.astext(n))),
            Tag::Superscript => format!("<sup>{}</sup>", escape::html(&self.t.astext(n))),
            Tag::Math => format!("\\\\( {} \\\\)", escape::text(&self.t.astext(n))),
            Tag::Inline if self.t.attr(n, "role").is_some() => self.role(n),
            // A span of text (MyST's `[text]{.class}`, Markdown's
            // strikethrough): its content, struck through when it says so.
            Tag::Inline => {
                let text = self.inlines(n);
                if self.t.list_attr(n, "classes").iter().any(|c| c == "strike") {
                    format!("~~{text}~~")
                } else {
                    text
                }
            }
            _ => self.inlines(n),
        }
    }

    /// Sphinx roles kept by the parser as `inline` with a `role` attribute.
    fn role(&mut self, n: NodeId) -> String {
        let role = self.t.attr_str(n, "role").unwrap_or("").to_string();
        let raw = self.t.astext(n);
        let (text, target) = split_role_target(&raw);
        // Roles of a domain read as the role itself (`py:func` as `func`).
        let bare = role.rsplit(':').next().unwrap_or(&role).to_string();
        let explicit = !text.is_empty();
        match bare.as_str() {
            "doc" => {
                let key = crate::sphinx::resolve_doc(self.ctx.doc, &target)
                    .unwrap_or_else(|| target.trim_start_matches('/').to_string());
                match self.ctx.docs.get(&key) {
                    Some(page) => {
                        let title = if text.is_empty() {
                            self.ctx
                                .targets
                                .get(&format!("doc:{key}"))
                                .map(|t| t.title.clone())
                                .unwrap_or(key.clone())
                        } else {
                            text
                        };
                        format!(
                            "[{}]({})",
                            escape::line(&title),
                            escape::url(&relative(self.ctx.page, page))
                        )
                    }
                    None => escape::text(if text.is_empty() { &target } else { &text }),
                }
            }
            "ref" | "numref" | "keyword"
                if bare != "keyword" || self.ctx.targets.contains_key(&target.to_lowercase()) =>
            {
                let key = target.to_lowercase();
                match self.ctx.targets.get(&key) {
                    Some(t) => {
                        let title = if text.is_empty() {
                            t.title.clone()
                        } else {
                            text
                        };
                        let href = self.href(t);
                        format!("[{}]({})", escape::line(&title), escape::url(&href))
                    }
                    None => escape::text(if text.is_empty() { &target } else { &text }),
                }
            }
            // Python and C objects: code, `~` keeps the last part, `!`
            // drops the link, functions get their parentheses.
            "func" | "meth" | "class" | "mod" | "attr" | "data" | "exc" | "obj" | "const"
            | "macro" | "member" | "type" | "var" | "struct" | "union" | "enum" | "enumerator"
            | "expr" | "texpr" => {
                let shown = if explicit {
                    text
                } else {
                    let raw_target = raw.trim().trim_start_matches('!');
                    let t = if let Some(rest) = raw_target.strip_prefix('~') {
                        rest.rsplit('.').next().unwrap_or(rest).to_string()
                    } else {
                        raw_target.trim_start_matches('.').to_string()
                    };
                    if matches!(bare.as_str(), "func" | "meth" | "macro") && !t.ends_with(')') {
                        format!("{t}()")
                    } else {
                        t
                    }
                };
                if explicit {
                    escape::text(&shown)
                } else {
                    escape::code_span(&shown)
                }
            }
            "guilabel" => wrap(
                "*",
                &escape::text(
                    &raw.replace("&&", "\u{0}")
                        .replace('&', "")
                        .replace('\u{0}', "&"),
                ),
            ),
            "menuselection" => wrap(
                "*",
                &escape::text(
                    &raw.replace("-->", "→")
                        .replace("&&", "\u{0}")
                        .replace('&', "")
                        .replace('\u{0}', "&"),
                ),
            ),
            "kbd" => format!("<kbd>{}</kbd>", escape::html(&raw)),
            "file" | "samp" => escape::code_span(&raw.replace(['{', '}'], "")),
            "abbr" => {
                // "LIFO (last-in, first-out)": the abbreviation, explained.
                let r = raw.trim();
                match r.strip_suffix(')').and_then(|x| x.split_once(" (")) {
                    Some((abbr, expl)) => format!(
                        "<abbr title=\"{}\">{}</abbr>",
                        escape::html(expl.trim()),
                        escape::html(abbr.trim())
                    ),
                    None => format!("<abbr>{}</abbr>", escape::html(r)),
                }
            }
            "term" => {
                let shown = if explicit { text } else { target };
                match self
                    .ctx
                    .targets
                    .get(&format!("term-{}", shown.to_lowercase()))
                {
                    Some(t) => {
                        let href = self.href(t);
                        format!(
                            "[{}]({})",
                            wrap("*", &escape::text(&shown)),
                            escape::url(&href)
                        )
                    }
                    None => wrap("*", &escape::text(&shown)),
                }
            }
            "dfn" | "mimetype" | "mailheader" | "newsgroup" => wrap("*", &escape::text(&raw)),
            "program" | "makevar" | "command" => wrap("**", &escape::text(&raw)),
            "pep" | "rfc" => {
                let (num, anchor) = match target.split_once('#') {
                    Some((a, b)) => (a.trim().to_string(), Some(b.to_string())),
                    None => (target.trim().to_string(), None),
                };
                let label = if explicit {
                    text
                } else if bare == "pep" {
                    format!("PEP {num}")
                } else {
                    format!("RFC {num}")
                };
                let url = match (bare.as_str(), num.parse::<u32>()) {
                    ("pep", Ok(n)) => format!("https://peps.python.org/pep-{n:04}/"),
                    ("rfc", Ok(n)) => format!("https://datatracker.ietf.org/doc/html/rfc{n}.html"),
                    _ => return escape::text(&label),
                };
                let url = match anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                };
                format!("[{}]({})", escape::line(&label), escape::url(&url))
            }
            "download" => {
                let shown = if explicit {
                    text.clone()
                } else {
                    target.clone()
                };
                let file = target.trim_start_matches('/');
                let href = if target.starts_with('/') {
                    relative(self.ctx.page, file)
                } else {
                    file.to_string()
                };
                format!("[{}]({})", escape::line(&shown), escape::url(&href))
            }
            "option" | "envvar" | "token" | "regexp" | "confval" => {
                escape::code_span(if explicit { &text } else { &target })
            }
            _ => {
                if let Some((_, url, caption)) =
                    self.ctx.extlinks.iter().find(|(name, _, _)| *name == role)
                {
                    let part = target.as_str();
                    let label = if explicit {
                        text
                    } else {
                        match caption {
                            Some(c) => c.replace("%s", part),
                            None => part.to_string(),
                        }
                    };
                    let href = url.replace("%s", part);
                    return format!("[{}]({})", escape::line(&label), escape::url(&href));
                }
                escape::code_span(&raw)
            }
        }
    }

    fn reference(&mut self, n: NodeId) -> String {
        let text = self.inlines(n);
        if let Some(uri) = self.t.attr_str(n, "refuri") {
            // A link to `#label` (MyST's reference to a target): the
            // label's place in the book when one has it, its title when
            // the link has no text.
            if let Some(label) = uri.strip_prefix('#')
                && let Some(t) = self
                    .ctx
                    .targets
                    .get(&crate::rst::fully_normalize_name(label))
            {
                let href = self.href(t);
                let text = if text.trim().is_empty() {
                    escape::line(&t.title)
                } else {
                    text
                };
                return format!("[{}]({})", text, escape::url(&href));
            }
            return format!("[{}]({})", text, escape::url(uri));
        }
        let key = self
            .t
            .attr_str(n, "refname")
            .or_else(|| self.t.attr_str(n, "refid"))
            .unwrap_or("")
            .to_lowercase();
        // The page's own external targets (`.. _name: URL`, from the page or
        // its epilog) come first.
        if let Some(uri) = self.external.get(&key) {
            return format!("[{}]({})", text, escape::url(uri));
        }
        match self.ctx.targets.get(&key) {
            Some(t) => {
                let href = self.href(t);
                format!("[{}]({})", text, escape::url(&href))
            }
            None => text,
        }
    }
}

fn wrap(mark: &str, inner: &str) -> String {
    let t = inner.trim();
    if t.is_empty() {
        return inner.to_string();
    }
    format!("{mark}{t}{mark}")
}

/// `text <target>` of a Sphinx role: (text, target).
pub fn split_role_target(raw: &str) -> (String, String) {
    let raw = raw.trim();
    if raw.ends_with('>')
        && let Some(pos) = raw.rfind('<')
    {
        return (
            raw[..pos].trim().to_string(),
            raw[pos + 1..raw.len() - 1].trim().to_string(),
        );
    }
    (String::new(), raw.trim_start_matches('~').to_string())
}

/// Path of `to` relative to the folder of `from` (both book-relative).
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<String> = vec!["..".to_string(); from_dir.len() - common];
    out.extend(to_parts[common..].iter().map(|s| s.to_string()));
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative("a.md", "b.md"), "b.md");
        assert_eq!(relative("dev/a.md", "b.md"), "../b.md");
        assert_eq!(relative("a.md", "dev/b.md"), "dev/b.md");
        assert_eq!(relative("dev/a.md", "dev/b.md"), "b.md");
    }

    #[test]
    fn role_targets() {
        assert_eq!(
            split_role_target("Title <page>"),
            ("Title".into(), "page".into())
        );
        assert_eq!(split_role_target("page"), (String::new(), "page".into()));
    }
}
