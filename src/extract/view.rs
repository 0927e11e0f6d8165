//! A page as the recognizers see it: the doctree with the helpers they
//! share (plain text without the parser's messages, sections and titles,
//! locations), the project's lexicon and configuration.

use crate::config::Config;
use crate::model::Location;
use crate::rst::Tag;
use crate::rst::{self, NodeId, Tree};

use super::PageInfo;
use super::lexicon::Lexicon;
use super::text::{squash, words};

/// Tags whose text is never page text: the parser's messages and comments.
pub const NOT_TEXT: &[Tag] = &[
    Tag::SystemMessage,
    Tag::Comment,
    Tag::SubstitutionDefinition,
];

/// UI roles: the text of an interface the reader acts on.
pub const UI_ROLES: &[&str] = &["guilabel", "menuselection", "kbd", "command", "program"];

pub struct View<'a> {
    pub t: &'a Tree,
    pub doc: &'a rst::Document,
    pub page: &'a PageInfo<'a>,
    pub cfg: &'a Config,
    pub lex: &'a Lexicon,
}

impl<'a> View<'a> {
    pub fn root(&self) -> NodeId {
        self.doc.root
    }

    pub fn tag(&self, n: NodeId) -> Tag {
        self.t.tag(n)
    }

    pub fn children(&self, n: NodeId) -> &'a [NodeId] {
        self.t.children(n)
    }

    pub fn parent(&self, n: NodeId) -> Option<NodeId> {
        self.t.parent(n)
    }

    pub fn is_text(&self, n: NodeId) -> bool {
        self.t.is_text(n)
    }

    /// The text of a text node.
    pub fn raw(&self, n: NodeId) -> &'a str {
        self.t.text_of(n)
    }

    pub fn start(&self, n: NodeId) -> u32 {
        self.t.get(n).span.start
    }

    pub fn end(&self, n: NodeId) -> u32 {
        self.t.get(n).span.end
    }

    pub fn line(&self, n: NodeId) -> u32 {
        self.t.get(n).span.line.max(1)
    }

    pub fn loc(&self, n: NodeId) -> Location {
        let s = self.t.get(n).span;
        Location {
            file: self.page.rel_path.to_string(),
            line: s.line.max(1),
            column: s.col.max(1),
            start: s.start,
            end: s.end,
        }
    }

    /// The text of `n` as a reader sees it, white space squashed: the
    /// parser's messages and comments left out.
    pub fn text(&self, n: NodeId) -> String {
        let mut out = String::new();
        self.push_text(n, &mut out);
        squash(&out)
    }

    fn push_text(&self, n: NodeId, out: &mut String) {
        if self.is_text(n) {
            out.push_str(self.raw(n));
            return;
        }
        if NOT_TEXT.contains(&self.tag(n)) {
            return;
        }
        for &c in self.children(n) {
            self.push_text(c, out);
            if !self.is_text(c) && is_block(self.tag(c)) {
                out.push('\n');
            }
        }
    }

    /// Folded words of the text of `n`.
    pub fn words(&self, n: NodeId) -> Vec<String> {
        words(&self.text(n))
    }

    /// Children of a section (or any node) but its title.
    pub fn body(&self, n: NodeId) -> Vec<NodeId> {
        self.children(n)
            .iter()
            .copied()
            .filter(|&c| self.tag(c) != Tag::Title)
            .collect()
    }

    pub fn title_of(&self, section: NodeId) -> Option<NodeId> {
        self.children(section)
            .iter()
            .copied()
            .find(|&c| self.tag(c) == Tag::Title)
    }

    pub fn title_text(&self, section: NodeId) -> Option<String> {
        self.title_of(section).map(|t| self.text(t))
    }

    /// The nearest section holding `n` (not `n` itself), if any.
    pub fn section_of(&self, n: NodeId) -> Option<NodeId> {
        let mut cur = self.parent(n);
        while let Some(p) = cur {
            if self.tag(p) == Tag::Section {
                return Some(p);
            }
            cur = self.parent(p);
        }
        None
    }

    /// The page title: its first top-level section's title.
    pub fn page_title(&self) -> Option<String> {
        let first = self
            .children(self.root())
            .iter()
            .copied()
            .find(|&c| self.tag(c) == Tag::Section)?;
        self.title_text(first)
    }

    /// Every node under `n` (itself included), in document order.
    pub fn descendants(&self, n: NodeId) -> Vec<NodeId> {
        self.t.descendants(n)
    }

    /// Whether `n` is inside `ancestor` (or is it).
    pub fn is_within(&self, n: NodeId, ancestor: NodeId) -> bool {
        let mut cur = Some(n);
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = self.parent(c);
        }
        false
    }

    /// The role of an `inline` node made by a Sphinx role (`guilabel`).
    pub fn role(&self, n: NodeId) -> Option<&'a str> {
        if self.tag(n) == Tag::Inline {
            self.t.attr_str(n, "role")
        } else if self.tag(n) == Tag::Literal
            && self.t.list_attr(n, "classes").iter().any(|c| c == "kbd")
        {
            Some("kbd")
        } else {
            None
        }
    }

    /// Whether `n` holds text of an interface: a UI role.
    pub fn has_ui_role(&self, n: NodeId) -> bool {
        self.descendants(n)
            .into_iter()
            .any(|d| self.role(d).is_some_and(|r| UI_ROLES.contains(&r)))
    }

    /// Whether `n` is or holds a code or console block.
    pub fn has_code(&self, n: NodeId) -> bool {
        self.descendants(n).into_iter().any(|d| self.is_code(d))
    }

    pub fn is_code(&self, n: NodeId) -> bool {
        match self.tag(n) {
            Tag::LiteralBlock | Tag::DoctestBlock => true,
            Tag::Directive => matches!(
                self.t.attr_str(n, "name").unwrap_or(""),
                "code-block" | "sourcecode" | "literalinclude" | "prompt" | "console"
            ),
            // A code block the parser refused (an option it does not know)
            // is still a code block on the page.
            Tag::SystemMessage => self.children(n).iter().any(|&c| {
                self.tag(c) == Tag::LiteralBlock && {
                    let t = self.t.astext(c);
                    let t = t.trim_start();
                    [
                        ".. code-block::",
                        ".. code::",
                        ".. sourcecode::",
                        ".. literalinclude::",
                    ]
                    .iter()
                    .any(|d| t.starts_with(d))
                }
            }),
            _ => false,
        }
    }

    /// The first paragraph of a list item (or the node itself when it is a
    /// paragraph).
    pub fn first_paragraph(&self, n: NodeId) -> Option<NodeId> {
        if self.tag(n) == Tag::Paragraph {
            return Some(n);
        }
        self.children(n)
            .iter()
            .copied()
            .find(|&c| !NOT_TEXT.contains(&self.tag(c)) && self.tag(c) != Tag::Target)
            .filter(|&c| self.tag(c) == Tag::Paragraph)
    }

    /// The source text of `n`'s span.
    pub fn source(&self, n: NodeId) -> &'a str {
        let s = self.t.get(n).span;
        self.doc
            .source
            .get(s.start as usize..s.end as usize)
            .unwrap_or("")
    }

    /// The source line holding byte `offset`, up to it.
    pub fn line_before(&self, offset: u32) -> &'a str {
        let src = &self.doc.source;
        let o = (offset as usize).min(src.len());
        let mut a = o;
        while a > 0 && !src.is_char_boundary(a) {
            a -= 1;
        }
        let head = &src[..a];
        let start = head.rfind('\n').map_or(0, |i| i + 1);
        &head[start..]
    }

    /// Whether a strong (or emphasis) node holds all of a paragraph's text.
    pub fn fully_marked(&self, p: NodeId, tags: &[Tag]) -> bool {
        let ch = self.children(p);
        !ch.is_empty()
            && ch.iter().any(|&c| tags.contains(&self.tag(c)))
            && ch.iter().all(|&c| {
                tags.contains(&self.tag(c)) || (self.is_text(c) && self.raw(c).trim().is_empty())
            })
    }

    /// The first child of a paragraph when it is strong text.
    pub fn leading_strong(&self, p: NodeId) -> Option<NodeId> {
        let first = *self.children(p).first()?;
        (self.tag(first) == Tag::Strong).then_some(first)
    }
}

/// Tags of block-level nodes, whose texts are kept apart by a line break.
pub fn is_block(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::ListItem
            | Tag::BulletList
            | Tag::EnumeratedList
            | Tag::DefinitionList
            | Tag::DefinitionListItem
            | Tag::Term
            | Tag::Definition
            | Tag::Field
            | Tag::FieldName
            | Tag::FieldBody
            | Tag::FieldList
            | Tag::LiteralBlock
            | Tag::BlockQuote
            | Tag::Section
            | Tag::Title
            | Tag::Table
            | Tag::Row
            | Tag::Entry
            | Tag::Line
            | Tag::LineBlock
            | Tag::Figure
            | Tag::Caption
            | Tag::Note
            | Tag::Warning
            | Tag::Admonition
            | Tag::Directive
    )
}
