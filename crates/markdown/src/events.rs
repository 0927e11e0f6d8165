//! pulldown-cmark's events into doctree nodes.

use pulldown_cmark::Tag as Md;
use pulldown_cmark::{
    BlockQuoteKind, BrokenLink, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options,
    Parser, TagEnd,
};
use stepdoc_rst::{NodeId, Tag};

use crate::{Conv, attrs};

/// The destination given to a span, `[text]{...}`: no address can be it.
const SPAN: &str = "\u{0}span";
use crate::source::Pieces;

/// The CommonMark extensions a page is read with: tables, footnotes,
/// heading attributes and front matter always (MyST reads them), the
/// others as `ext` enables them.
fn options(ext: &crate::Extensions) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    for (on, flag) in [
        (ext.strikethrough, Options::ENABLE_STRIKETHROUGH),
        (ext.tasklist, Options::ENABLE_TASKLISTS),
        (ext.dollarmath, Options::ENABLE_MATH),
        (ext.alert, Options::ENABLE_GFM),
        (ext.deflist, Options::ENABLE_DEFINITION_LIST),
    ] {
        if on {
            o |= flag;
        }
    }
    o
}

/// What an open node is, for what goes in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Takes blocks; inline content in it goes in a paragraph made for it
    /// (a tight list's items, table cells, definitions).
    Container,
    /// Takes inline content.
    Inline,
    /// A paragraph opened for inline content in a container.
    Implicit,
    /// A heading: a section's title.
    Heading,
    /// An image: its text is its `alt`.
    Image,
    /// Front matter: skipped.
    Skip,
    /// A definition list, whose items open at each term.
    DefinitionList,
    /// A table: head and body rows go in its `tgroup`.
    Table,
}

struct Frame {
    node: NodeId,
    kind: Kind,
}

/// A fenced block being read: its info string and its text, with where
/// each line of the text lies in the page.
struct Code {
    info: Option<String>,
    text: String,
    pieces: Pieces,
    start: usize,
}

impl Conv<'_> {
    /// Read CommonMark `text` into `parent` (see [`Conv::blocks`]).
    pub(crate) fn markdown(&mut self, text: &str, pieces: &Pieces, parent: NodeId, top: bool) {
        if text.trim().is_empty() {
            return;
        }
        let mut frames: Vec<Frame> = Vec::new();
        // Text not yet made a node: consecutive text events make one.
        let mut pending: Option<(String, usize, usize)> = None;
        let mut code: Option<Code> = None;
        let mut messages: Vec<NodeId> = Vec::new();
        let mut alt = String::new();
        let converted = colon_fences_as_tildes(text, self.ext.colon_fence, self.ext.fieldlist);
        let text = converted.as_deref().unwrap_or(text);
        let text_of = |t: &str| -> String {
            if converted.is_some() && t.contains(FIELD_COLON) {
                t.replace(FIELD_COLON, ":")
            } else {
                t.to_string()
            }
        };
        // A span, `[text]{...}`: a shortcut link to nothing, followed by
        // attributes, is read as a link to SPAN and made an `inline`.
        let attrs_inline = self.ext.attrs_inline;
        let mut spans = |link: BrokenLink<'_>| {
            let after = text.get(link.span.end..).unwrap_or("");
            (attrs_inline
                && link.link_type == LinkType::Shortcut
                && attrs::leading(after).is_some())
            .then_some((CowStr::Borrowed(SPAN), CowStr::Borrowed("")))
        };
        // The inline element just closed that attributes right after it
        // apply to, and where it ends.
        let mut last: Option<(NodeId, usize)> = None;
        let parser =
            Parser::new_with_broken_link_callback(text, options(&self.ext), Some(&mut spans));
        for (event, range) in parser.into_offset_iter() {
            if let Some(c) = code.as_mut() {
                match event {
                    Event::Text(t) => {
                        c.pieces.push(c.text.len(), pieces.page(range.start));
                        c.text.push_str(&t);
                    }
                    Event::End(TagEnd::CodeBlock) => {
                        let c = code.take();
                        if let Some(c) = c {
                            let into = self.block_parent(&mut frames, parent, top);
                            let fence = c
                                .info
                                .as_ref()
                                .and(text.get(c.start..range.end))
                                .and_then(open_fence);
                            self.code_block(c, range.end, pieces, into, fence);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if frames.last().is_some_and(|f| f.kind == Kind::Skip) {
                if let Event::End(TagEnd::MetadataBlock(_)) = event {
                    frames.pop();
                }
                continue;
            }
            if frames.last().is_some_and(|f| f.kind == Kind::Image) {
                match event {
                    Event::End(TagEnd::Image) => {
                        if let Some(f) = frames.pop() {
                            self.tree
                                .set_attr(f.node, "alt", std::mem::take(&mut alt).as_str());
                            last = Some((f.node, range.end));
                        }
                    }
                    Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                    _ => {}
                }
                continue;
            }
            // A role: `{name}` right before inline code.
            if let Event::Code(content) = &event
                && let Some((buf, _, e)) = pending.as_mut()
                && *e == range.start
                && let Some(name) = role_name(buf)
            {
                let name = name.to_string();
                // `role_name` found `{name}` at the end of `buf`.
                let keep = buf.len() - name.len() - 2;
                let role_start = e.saturating_sub(name.len() + 2);
                buf.truncate(keep);
                *e = role_start;
                if buf.is_empty() {
                    pending = None;
                } else {
                    self.flush(&mut pending, &mut frames, pieces, parent, top);
                }
                let span = self.span(pieces, role_start, range.end);
                let into = self.inline_parent(&mut frames, parent, top);
                messages.extend(self.role(&name, content, span, into));
                continue;
            }
            let after = last.take();
            // Attributes of the element that ends here.
            let event = match (event, after) {
                (Event::Text(t), Some((node, end))) if end == range.start && attrs_inline => {
                    match attrs::leading(&t) {
                        Some((n, a)) => {
                            let span = self.span(pieces, range.start, range.start + n);
                            self.apply_attrs(node, &a, span);
                            if n == t.len() {
                                continue;
                            }
                            let rest = t[n..].to_string();
                            let range = range.start + n..range.end;
                            match pending.as_mut() {
                                Some((buf, _, e)) => {
                                    buf.push_str(&text_of(&rest));
                                    *e = range.end;
                                }
                                None => pending = Some((text_of(&rest), range.start, range.end)),
                            }
                            continue;
                        }
                        None => Event::Text(t),
                    }
                }
                (event, _) => event,
            };
            match event {
                Event::Text(t) => match pending.as_mut() {
                    Some((buf, _, e)) => {
                        buf.push_str(&text_of(&t));
                        *e = range.end;
                    }
                    None => pending = Some((text_of(&t), range.start, range.end)),
                },
                Event::SoftBreak | Event::HardBreak => match pending.as_mut() {
                    Some((buf, _, e)) => {
                        buf.push('\n');
                        *e = range.end;
                    }
                    None => pending = Some(("\n".to_string(), range.start, range.end)),
                },
                Event::TaskListMarker(done) => {
                    // A task's box, as a character: docutils has no checkbox
                    // node, and the guide passes no raw HTML through.
                    self.flush(&mut pending, &mut frames, pieces, parent, top);
                    let mark = if done { "\u{2611} " } else { "\u{2610} " };
                    pending = Some((mark.to_string(), range.start, range.end));
                }
                other => {
                    self.flush(&mut pending, &mut frames, pieces, parent, top);
                    let end = range.end;
                    if let Some(node) =
                        self.event(other, range, pieces, parent, top, &mut frames, &mut code)
                    {
                        last = Some((node, end));
                    }
                }
            }
        }
        self.flush(&mut pending, &mut frames, pieces, parent, top);
        let into = self.container(parent, top);
        for m in messages {
            self.tree.append(into, m);
        }
    }

    /// Make the pending text a text node of the open inline element.
    fn flush(
        &mut self,
        pending: &mut Option<(String, usize, usize)>,
        frames: &mut Vec<Frame>,
        pieces: &Pieces,
        parent: NodeId,
        top: bool,
    ) {
        let Some((text, s, e)) = pending.take() else {
            return;
        };
        // Line breaks alone between blocks are not text.
        if text.trim().is_empty() && text.contains('\n') && !self.in_inline(frames) {
            return;
        }
        let span = self.span(pieces, s, e);
        let into = self.inline_parent(frames, parent, top);
        // Bare addresses are links (MyST's linkify, RST's standalone
        // URIs), except in a link already.
        let in_link = self.tree.tag(into) == Tag::Reference;
        let urls = if in_link || !self.ext.linkify {
            Vec::new()
        } else {
            bare_urls(&text)
        };
        if urls.is_empty() {
            let t = self.text(text, span);
            self.tree.append(into, t);
            return;
        }
        // Where a part of the text lies: exactly when the text is the
        // source's own bytes, else the whole text's span.
        let verbatim = text.len() == e - s;
        let part_span = |me: &Self, a: usize, b: usize| {
            if verbatim {
                me.span(pieces, s + a, s + b)
            } else {
                span
            }
        };
        let mut at = 0;
        for (a, b) in urls {
            if a > at {
                let t = self.text(text[at..a].to_string(), part_span(self, at, a));
                self.tree.append(into, t);
            }
            let url_span = part_span(self, a, b);
            let r = self.element(Tag::Reference, url_span);
            self.tree.set_attr(r, "refuri", &text[a..b]);
            let t = self.text(text[a..b].to_string(), url_span);
            self.tree.append(r, t);
            self.tree.append(into, r);
            at = b;
        }
        if at < text.len() {
            let t = self.text(text[at..].to_string(), part_span(self, at, text.len()));
            self.tree.append(into, t);
        }
    }

    fn in_inline(&self, frames: &[Frame]) -> bool {
        frames
            .last()
            .is_some_and(|f| matches!(f.kind, Kind::Inline | Kind::Implicit | Kind::Heading))
    }

    /// Where inline content goes: the open inline element, or a paragraph
    /// opened for it in the open container.
    fn inline_parent(&mut self, frames: &mut Vec<Frame>, parent: NodeId, top: bool) -> NodeId {
        if let Some(f) = frames.last()
            && matches!(f.kind, Kind::Inline | Kind::Implicit | Kind::Heading)
        {
            return f.node;
        }
        let into = self.block_parent(frames, parent, top);
        let span = self.tree.get(into).span;
        let p = self.element(Tag::Paragraph, span);
        self.tree.append(into, p);
        frames.push(Frame {
            node: p,
            kind: Kind::Implicit,
        });
        p
    }

    /// Where a block goes: the open container (a paragraph opened for
    /// inline content is closed first), else the page's open section.
    fn block_parent(&mut self, frames: &mut Vec<Frame>, parent: NodeId, top: bool) -> NodeId {
        while frames.last().is_some_and(|f| f.kind == Kind::Implicit) {
            frames.pop();
        }
        match frames.last() {
            Some(f) => f.node,
            None => self.container(parent, top),
        }
    }

    /// Open a block element in the current container.
    fn open(
        &mut self,
        frames: &mut Vec<Frame>,
        parent: NodeId,
        top: bool,
        tag: Tag,
        kind: Kind,
        span: stepdoc_rst::Span,
    ) -> NodeId {
        let into = self.block_parent(frames, parent, top);
        self.open_in(frames, into, tag, kind, span)
    }

    /// Open an element as the last child of `into`.
    fn open_in(
        &mut self,
        frames: &mut Vec<Frame>,
        into: NodeId,
        tag: Tag,
        kind: Kind,
        span: stepdoc_rst::Span,
    ) -> NodeId {
        let node = self.element(tag, span);
        self.tree.append(into, node);
        frames.push(Frame { node, kind });
        node
    }

    /// Open an inline element in the current inline parent.
    fn open_inline(
        &mut self,
        frames: &mut Vec<Frame>,
        parent: NodeId,
        top: bool,
        tag: Tag,
        span: stepdoc_rst::Span,
    ) -> NodeId {
        let into = self.inline_parent(frames, parent, top);
        self.open_in(frames, into, tag, Kind::Inline, span)
    }

    /// Close the innermost frame that is not a paragraph opened for inline
    /// content (those close with their container).
    fn close(&mut self, frames: &mut Vec<Frame>) -> Option<Frame> {
        while frames.last().is_some_and(|f| f.kind == Kind::Implicit) {
            frames.pop();
        }
        frames.pop()
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        event: Event<'_>,
        range: std::ops::Range<usize>,
        pieces: &Pieces,
        parent: NodeId,
        top: bool,
        frames: &mut Vec<Frame>,
        code: &mut Option<Code>,
    ) -> Option<NodeId> {
        let span = self.span(pieces, range.start, range.end);
        match event {
            Event::Start(tag) => match tag {
                Md::Paragraph => {
                    self.open(frames, parent, top, Tag::Paragraph, Kind::Inline, span);
                }
                Md::Heading { level, id, .. } => {
                    let level = heading_level(level);
                    let title = if top && parent == self.root && frames.is_empty() {
                        while self.sections.last().is_some_and(|&(l, _)| l >= level) {
                            self.sections.pop();
                        }
                        let into = self.container(parent, top);
                        let section = self.element(Tag::Section, span);
                        self.tree.append(into, section);
                        self.sections.push((level, section));
                        self.levels.push((section, level));
                        if let Some(id) = id {
                            let id = self.unique_id(&id);
                            self.tree.push_list_attr(section, "ids", id);
                        }
                        let title = self.element(Tag::Title, span);
                        self.tree.append(section, title);
                        title
                    } else {
                        // No section inside a block: a heading there is a rubric.
                        let into = self.block_parent(frames, parent, top);
                        let rubric = self.element(Tag::Rubric, span);
                        self.tree.append(into, rubric);
                        rubric
                    };
                    frames.push(Frame {
                        node: title,
                        kind: Kind::Heading,
                    });
                }
                Md::BlockQuote(kind) => {
                    let tag = match kind {
                        None => Tag::BlockQuote,
                        Some(BlockQuoteKind::Note) => Tag::Note,
                        Some(BlockQuoteKind::Tip) => Tag::Tip,
                        Some(BlockQuoteKind::Important) => Tag::Important,
                        Some(BlockQuoteKind::Warning) => Tag::Warning,
                        Some(BlockQuoteKind::Caution) => Tag::Caution,
                    };
                    self.open(frames, parent, top, tag, Kind::Container, span);
                }
                Md::CodeBlock(kind) => {
                    *code = Some(Code {
                        info: match kind {
                            CodeBlockKind::Fenced(info) => Some(info.to_string()),
                            CodeBlockKind::Indented => None,
                        },
                        text: String::new(),
                        pieces: Pieces::new(),
                        start: range.start,
                    });
                }
                Md::HtmlBlock => {
                    let raw = self.open(frames, parent, top, Tag::Raw, Kind::Inline, span);
                    self.tree.set_attr(raw, "format", "html");
                    self.tree.set_attr(raw, "xml:space", "preserve");
                }
                Md::List(start) => {
                    let marker = self.marker_after(pieces, range.start);
                    match start {
                        Some(n) => {
                            let list = self.open(
                                frames,
                                parent,
                                top,
                                Tag::EnumeratedList,
                                Kind::Container,
                                span,
                            );
                            self.tree.set_attr(list, "enumtype", "arabic");
                            self.tree.set_attr(list, "prefix", "");
                            let suffix = if marker == Some(')') { ")" } else { "." };
                            self.tree.set_attr(list, "suffix", suffix);
                            if n != 1 {
                                self.tree.set_attr(
                                    list,
                                    "start",
                                    stepdoc_rst::Value::Int(n as i64),
                                );
                            }
                        }
                        None => {
                            let list = self.open(
                                frames,
                                parent,
                                top,
                                Tag::BulletList,
                                Kind::Container,
                                span,
                            );
                            let bullet = marker.unwrap_or('-').to_string();
                            self.tree.set_attr(list, "bullet", bullet.as_str());
                        }
                    }
                }
                Md::Item => {
                    self.open(frames, parent, top, Tag::ListItem, Kind::Container, span);
                }
                Md::FootnoteDefinition(label) => {
                    let f = self.open(frames, parent, top, Tag::Footnote, Kind::Container, span);
                    let id = self.unique_id(&format!("footnote-{label}"));
                    self.tree.push_list_attr(f, "ids", id);
                    self.tree
                        .push_list_attr(f, "names", stepdoc_rst::fully_normalize_name(&label));
                    let l = self.element(Tag::Label, span);
                    let t = self.text(label.to_string(), span);
                    self.tree.append(l, t);
                    self.tree.append(f, l);
                }
                Md::DefinitionList => {
                    self.open(
                        frames,
                        parent,
                        top,
                        Tag::DefinitionList,
                        Kind::DefinitionList,
                        span,
                    );
                }
                Md::DefinitionListTitle => {
                    let list = self.definition_list(frames);
                    let item = self.element(Tag::DefinitionListItem, span);
                    self.tree.append(list, item);
                    self.open_in(frames, item, Tag::Term, Kind::Inline, span);
                }
                Md::DefinitionListDefinition => {
                    let list = self.definition_list(frames);
                    let item = match self.tree.children(list).last() {
                        Some(&i) => i,
                        None => {
                            let i = self.element(Tag::DefinitionListItem, span);
                            self.tree.append(list, i);
                            i
                        }
                    };
                    self.open_in(frames, item, Tag::Definition, Kind::Container, span);
                }
                Md::Table(aligns) => {
                    let table = self.open(frames, parent, top, Tag::Table, Kind::Container, span);
                    let group = self.open_in(frames, table, Tag::Tgroup, Kind::Table, span);
                    self.tree
                        .set_attr(group, "cols", stepdoc_rst::Value::Int(aligns.len() as i64));
                    for _ in &aligns {
                        let spec = self.element(Tag::Colspec, span);
                        self.tree
                            .set_attr(spec, "colwidth", stepdoc_rst::Value::Int(1));
                        self.tree.append(group, spec);
                    }
                }
                // The head's cells come without a row of their own.
                Md::TableHead | Md::TableRow => {
                    let part = if matches!(tag, Md::TableHead) {
                        Tag::Thead
                    } else {
                        Tag::Tbody
                    };
                    let group = self.open_table_part(frames, part, span);
                    self.open_in(frames, group, Tag::Row, Kind::Container, span);
                }
                Md::TableCell => {
                    self.open(frames, parent, top, Tag::Entry, Kind::Container, span);
                }
                Md::Emphasis => {
                    self.open_inline(frames, parent, top, Tag::Emphasis, span);
                }
                Md::Strong => {
                    self.open_inline(frames, parent, top, Tag::Strong, span);
                }
                Md::Strikethrough => {
                    let n = self.open_inline(frames, parent, top, Tag::Inline, span);
                    self.tree.push_list_attr(n, "classes", "strike");
                }
                Md::Superscript => {
                    self.open_inline(frames, parent, top, Tag::Superscript, span);
                }
                Md::Subscript => {
                    self.open_inline(frames, parent, top, Tag::Subscript, span);
                }
                Md::Link { dest_url, .. } if dest_url.as_ref() == SPAN => {
                    self.open_inline(frames, parent, top, Tag::Inline, span);
                }
                Md::Link { dest_url, .. } => {
                    let r = self.open_inline(frames, parent, top, Tag::Reference, span);
                    self.tree.set_attr(r, "refuri", dest_url.as_ref());
                }
                Md::Image { dest_url, .. } => {
                    let into = self.inline_parent(frames, parent, top);
                    let img = self.element(Tag::Image, span);
                    self.tree.set_attr(img, "uri", dest_url.as_ref());
                    self.tree.append(into, img);
                    frames.push(Frame {
                        node: img,
                        kind: Kind::Image,
                    });
                }
                Md::MetadataBlock(_) => {
                    let into = self.block_parent(frames, parent, top);
                    frames.push(Frame {
                        node: into,
                        kind: Kind::Skip,
                    });
                }
            },
            Event::End(end) => {
                match end {
                    TagEnd::Heading(_) => {
                        if let Some(f) = self.close(frames) {
                            self.name_section(f.node);
                        }
                    }
                    TagEnd::Table => {
                        // The tgroup's frame and the table's.
                        self.close(frames);
                        self.close(frames);
                    }
                    TagEnd::TableHead | TagEnd::TableRow => {
                        self.close(frames);
                    }
                    TagEnd::DefinitionListTitle
                    | TagEnd::DefinitionListDefinition
                    | TagEnd::DefinitionList => {
                        self.close(frames);
                    }
                    TagEnd::Paragraph => {
                        if let Some(f) = self.close(frames) {
                            self.myst_paragraph(f.node);
                        }
                    }
                    TagEnd::Link => {
                        if let Some(f) = self.close(frames) {
                            self.tree.get_mut(f.node).span.end =
                                span.end.max(self.tree.get(f.node).span.end);
                            return Some(f.node);
                        }
                    }
                    _ => {
                        if let Some(f) = self.close(frames) {
                            self.tree.get_mut(f.node).span.end =
                                span.end.max(self.tree.get(f.node).span.end);
                        }
                    }
                }
            }
            Event::Code(t) => {
                let into = self.inline_parent(frames, parent, top);
                let lit = self.element(Tag::Literal, span);
                let text = self.text(t.to_string(), span);
                self.tree.append(lit, text);
                self.tree.append(into, lit);
                return Some(lit);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                let into = self.inline_parent(frames, parent, top);
                let m = self.element(Tag::Math, span);
                let text = self.text(t.to_string(), span);
                self.tree.append(m, text);
                self.tree.append(into, m);
            }
            Event::Html(t) => {
                // Inside the raw node an HtmlBlock opened.
                let into = match frames.last() {
                    Some(f) if self.tree.tag(f.node) == Tag::Raw => f.node,
                    _ => self.inline_parent(frames, parent, top),
                };
                let text = self.text(t.to_string(), span);
                self.tree.append(into, text);
            }
            Event::InlineHtml(t) => {
                let into = self.inline_parent(frames, parent, top);
                let raw = self.element(Tag::Raw, span);
                self.tree.set_attr(raw, "format", "html");
                self.tree.set_attr(raw, "xml:space", "preserve");
                let text = self.text(t.to_string(), span);
                self.tree.append(raw, text);
                self.tree.append(into, raw);
            }
            Event::FootnoteReference(label) => {
                let into = self.inline_parent(frames, parent, top);
                let r = self.element(Tag::FootnoteReference, span);
                self.tree.set_attr(
                    r,
                    "refname",
                    stepdoc_rst::fully_normalize_name(&label).as_str(),
                );
                let text = self.text(label.to_string(), span);
                self.tree.append(r, text);
                self.tree.append(into, r);
            }
            Event::Rule => {
                let into = self.block_parent(frames, parent, top);
                let t = self.element(Tag::Transition, span);
                self.tree.append(into, t);
            }
            Event::Text(_) | Event::SoftBreak | Event::HardBreak | Event::TaskListMarker(_) => {}
        }
        None
    }

    /// MyST's inline attributes on `node`: classes on it; an id names it
    /// with a target right before it (as RST's inline targets name their
    /// text); an image's `width`, `height`, `align` and `alt` are its own.
    fn apply_attrs(&mut self, node: NodeId, a: &attrs::Attrs, span: stepdoc_rst::Span) {
        for c in &a.classes {
            self.tree.push_list_attr(node, "classes", c.as_str());
        }
        if self.tree.tag(node) == Tag::Image {
            for key in ["width", "height", "align", "alt"] {
                if let Some(v) = a.get(key) {
                    self.tree.set_attr(node, key, v);
                }
            }
        }
        if let Some(id) = &a.id
            && let Some(parent) = self.tree.parent(node)
        {
            let at = self.tree.children(parent).iter().position(|&c| c == node);
            let node_span = self.tree.get(node).span;
            let t = self.element(
                Tag::Target,
                stepdoc_rst::Span {
                    end: span.end,
                    ..node_span
                },
            );
            self.name_node(t, id);
            self.tree.insert(parent, at.unwrap_or(0), t);
        }
    }

    /// MyST's constructs read as a paragraph: a target line `(label)=` or
    /// comment lines `% ...` (in list items and block quotes), and a
    /// paragraph whose every line is a field, `:name: body` (MyST's field
    /// lists), which becomes a field list, each body read as Markdown.
    fn myst_paragraph(&mut self, paragraph: NodeId) {
        let span = self.tree.get(paragraph).span;
        let page = self.lines.page();
        let Some(text) = page.get(span.start as usize..span.end as usize) else {
            return;
        };
        let Some(parent) = self.tree.parent(paragraph) else {
            return;
        };
        // A target or comment line in a list item or a block quote (at
        // the top of a text the line scanner reads them).
        let trimmed: Vec<&str> = text
            .lines()
            .map(|l| l.trim_start_matches([' ', '>']).trim_end())
            .collect();
        if let [line] = trimmed.as_slice()
            && let Some(label) = crate::target_label(line)
        {
            let t = self.target(label, span);
            self.replace(parent, paragraph, &[t]);
            return;
        }
        if trimmed.iter().all(|l| l.starts_with('%')) {
            let body: Vec<&str> = trimmed.iter().map(|l| l[1..].trim()).collect();
            let c = self.comment(body.join("\n"), span);
            self.replace(parent, paragraph, &[c]);
            return;
        }
        if !self.ext.fieldlist {
            return;
        }
        let mut fields = Vec::new();
        let mut at = span.start as usize;
        for raw in text.split_inclusive('\n') {
            let line = raw.trim_end_matches(['\n', '\r']);
            let lead = line.len() - line.trim_start_matches([' ', '>']).len();
            match field_marker(&line[lead..]) {
                Some((name, body_at)) => fields.push((
                    name.to_string(),
                    at + lead,
                    at + lead + body_at,
                    at + line.len(),
                )),
                None => return,
            }
            at += raw.len();
        }
        if fields.is_empty() {
            return;
        }
        let list = self.element(Tag::FieldList, span);
        for (name, start, body_start, end) in fields {
            let field = self.element(Tag::Field, self.lines.span(start, end));
            let name_node = self.element(Tag::FieldName, self.lines.span(start, body_start));
            let t = self.text(name, self.lines.span(start, body_start));
            self.tree.append(name_node, t);
            let body = self.element(Tag::FieldBody, self.lines.span(body_start, end));
            self.tree.append(field, name_node);
            self.tree.append(field, body);
            self.tree.append(list, field);
            let body_text = page[body_start..end].to_string();
            self.markdown(&body_text, &Pieces::from(body_start), body, false);
        }
        self.replace(parent, paragraph, &[list]);
    }

    /// Put `new` where `old` is among `parent`'s children.
    pub(crate) fn replace(&mut self, parent: NodeId, old: NodeId, new: &[NodeId]) {
        let index = self.tree.children(parent).iter().position(|&c| c == old);
        self.tree.remove_child(parent, old);
        match index {
            Some(i) => {
                for (k, &n) in new.iter().enumerate() {
                    self.tree.insert(parent, i + k, n);
                }
            }
            None => self.tree.extend(parent, new.iter().copied()),
        }
    }

    /// The definition list open in `frames` (closing a term left open).
    fn definition_list(&mut self, frames: &mut Vec<Frame>) -> NodeId {
        while let Some(f) = frames.last() {
            if f.kind == Kind::DefinitionList {
                return f.node;
            }
            frames.pop();
        }
        // Events always open the list first; this is never reached.
        self.root
    }

    /// The `thead` or `tbody` of the open table, made when missing.
    fn open_table_part(&mut self, frames: &[Frame], tag: Tag, span: stepdoc_rst::Span) -> NodeId {
        let group = frames
            .iter()
            .rev()
            .find(|f| f.kind == Kind::Table)
            .map_or(self.root, |f| f.node);
        if let Some(&last) = self.tree.children(group).last()
            && self.tree.tag(last) == tag
        {
            return last;
        }
        let part = self.element(tag, span);
        self.tree.append(group, part);
        part
    }

    /// A section's `ids` and `names` from its title, once it is read.
    fn name_section(&mut self, title: NodeId) {
        let Some(section) = self.tree.parent(title) else {
            return;
        };
        if self.tree.tag(section) != Tag::Section || self.tree.tag(title) != Tag::Title {
            return;
        }
        let text = self.tree.astext(title);
        if self.tree.list_attr(section, "ids").is_empty() {
            let id = self.unique_id(&text);
            self.tree.push_list_attr(section, "ids", id);
        }
        self.tree
            .push_list_attr(section, "names", stepdoc_rst::fully_normalize_name(&text));
    }

    /// A fenced block: a MyST directive when its info string is `{name}`,
    /// else a literal block (in the language the info string names).
    /// A fenced or indented code block, or a directive written as a
    /// fenced block; `open` is the fence a block left open leaves open.
    fn code_block(
        &mut self,
        c: Code,
        end: usize,
        pieces: &Pieces,
        into: NodeId,
        open: Option<(String, usize)>,
    ) {
        let span = self.span(pieces, c.start, end);
        let directive = c.info.as_deref().and_then(crate::directive_info);
        if let Some((fence, line)) = open {
            let opening = self.span(pieces, c.start, c.start + line);
            let message = match directive {
                Some((name, _)) => format!(
                    "The \"{name}\" directive's fence ({fence}) is not closed before the end of the text."
                ),
                None => format!(
                    "The code fence ({fence}) is not closed: all that follows it in its block is code."
                ),
            };
            let family = if directive.is_some() {
                stepdoc_rst::Family::Directive
            } else {
                stepdoc_rst::Family::Other
            };
            self.message(into, 2, family, &message, opening);
        }
        if let Some((name, argument)) = directive {
            let body_pieces = if c.text.is_empty() {
                Pieces::from(pieces.page(end))
            } else {
                c.pieces
            };
            self.directive(name, argument, &c.text, &body_pieces, span, into);
            return;
        }
        let lb = self.element(Tag::LiteralBlock, span);
        let language = c
            .info
            .as_deref()
            .and_then(|i| i.split_whitespace().next())
            .filter(|l| !l.is_empty());
        if let Some(lang) = language {
            self.tree.push_list_attr(lb, "classes", "code");
            self.tree.push_list_attr(lb, "classes", lang);
        }
        self.tree.set_attr(lb, "xml:space", "preserve");
        let text = c.text.strip_suffix('\n').unwrap_or(&c.text).to_string();
        let t = self.text(text, span);
        self.tree.append(lb, t);
        self.tree.append(into, lb);
    }

    /// The list marker (`-`, `*`, `+`, `.` or `)`) of a list starting at
    /// offset `at` of the text.
    fn marker_after(&self, pieces: &Pieces, at: usize) -> Option<char> {
        let page = self.lines.page();
        let from = pieces.page(at);
        page.get(from..)?
            .chars()
            .find(|c| !c.is_ascii_digit() && !c.is_whitespace() && *c != '>')
    }
}

/// A text whose field lines (`:name: body`) start with [`FIELD_COLON`],
/// and whose colon fences inside list items and block quotes (indented
/// or after `>`) are tilde fences of the same length, which pulldown-cmark
/// reads within their container as it reads any fence, and whose
/// `{name}` info string then makes them directives. Byte offsets do not
/// change. Nested colon fences stay as they are: they are read with the
/// directive's body. `None` when there is nothing to change.
fn colon_fences_as_tildes(text: &str, colon_fence: bool, fieldlist: bool) -> Option<String> {
    if !text.contains(':') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    // The code fence the scan is in, and the colon fence it converted.
    let mut code: Option<(char, usize)> = None;
    let mut open: Option<(usize, usize)> = None;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let at = line.len() - line.trim_start_matches([' ', '>']).len();
        let fence = crate::fence_line(&line[at..]);
        let mut convert = None;
        match (open, code) {
            (Some((count, depth)), _) => {
                if let Some((':', c, rest)) = fence {
                    if rest.trim().is_empty() && c >= count {
                        if depth == 0 {
                            open = None;
                            convert = Some(c);
                        } else {
                            open = Some((count, depth - 1));
                        }
                    } else if c == count && crate::directive_info(rest).is_some() {
                        open = Some((count, depth + 1));
                    }
                }
            }
            (None, Some((marker, count))) => {
                if let Some((m, c, rest)) = fence
                    && m == marker
                    && c >= count
                    && rest.trim().is_empty()
                {
                    code = None;
                }
            }
            (None, None) => match fence {
                Some((m @ ('`' | '~'), c, _)) => code = Some((m, c)),
                Some((':', c, rest))
                    if colon_fence && at > 0 && crate::directive_info(rest).is_some() =>
                {
                    open = Some((c, 0));
                    convert = Some(c);
                }
                _ => {}
            },
        }
        // A field's first colon, which pulldown-cmark's definition lists
        // would take, stands aside until the paragraph is read.
        let field = fieldlist
            && open.is_none()
            && code.is_none()
            && convert.is_none()
            && field_marker(&line[at..]).is_some();
        match convert {
            Some(c) => {
                out.push_str(&line[..at]);
                out.extend(std::iter::repeat_n('~', c));
                out.push_str(&raw[at + c..]);
                changed = true;
            }
            None if field => {
                out.push_str(&line[..at]);
                out.push(FIELD_COLON);
                out.push_str(&raw[at + 1..]);
                changed = true;
            }
            None => out.push_str(raw),
        }
    }
    changed.then_some(out)
}

/// The bare `http://`, `https://` and `mailto:` addresses of a text, as
/// byte ranges: up to white space or `<`, less trailing punctuation.
/// The opening fence of a fenced code block's text (from its fence line
/// to where pulldown-cmark ends it) when no closing fence ends it, and
/// the length of its line.
fn open_fence(block: &str) -> Option<(String, usize)> {
    let mut lines = block.lines();
    let line = lines.next()?;
    let first = line.trim_start_matches([' ', '>']);
    let marker = first.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let count = first.len() - first.trim_start_matches(marker).len();
    let closed = lines.last().is_some_and(|l| {
        let l = l.trim_start_matches([' ', '>']).trim_end();
        l.len() >= count && l.chars().all(|c| c == marker)
    });
    (!closed).then(|| (marker.to_string().repeat(count), line.len()))
}

fn bare_urls(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = ["https://", "http://", "mailto:"]
        .iter()
        .filter_map(|p| text[from..].find(p).map(|i| (from + i, p.len())))
        .min()
    {
        let (start, scheme) = i;
        let boundary = start == 0 || !text[..start].ends_with(|c: char| c.is_alphanumeric());
        let rest = &text[start..];
        let mut end = start
            + rest
                .find(|c: char| c.is_whitespace() || c == '<')
                .unwrap_or(rest.len());
        while end > start + scheme
            && text[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', '\'', '"'])
        {
            end -= 1;
        }
        if boundary && end > start + scheme {
            out.push((start, end));
        }
        from = end.max(start + scheme);
    }
    out
}

/// What stands for the first colon of a field line while pulldown-cmark
/// reads the text (one byte, as the colon, so offsets stay).
const FIELD_COLON: char = '\x01';

/// `:name: body` at the start of a line: the field's name and where its
/// body starts.
fn field_marker(line: &str) -> Option<(&str, usize)> {
    let rest = line.strip_prefix(':')?;
    let close = rest.find(':')?;
    let name = &rest[..close];
    let after = &rest[close + 1..];
    let ok = !name.is_empty()
        && !name.starts_with([' ', '{', '`'])
        && !name.ends_with(' ')
        && (after.is_empty() || after.starts_with([' ', '\t']));
    ok.then(|| {
        (
            name,
            1 + close + 1 + (after.len() - after.trim_start().len()),
        )
    })
}

/// The role name a text ends with, `{name}`.
fn role_name(text: &str) -> Option<&str> {
    let inner = text.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let name = &inner[open + 1..];
    let ok = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '+'));
    ok.then_some(name)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::{colon_fences_as_tildes, open_fence, role_name};

    #[test]
    fn colon_fences_in_items_become_tilde_fences_of_the_same_length() {
        let text = "1. Open it.\n\n   :::{note}\n   Careful.\n   :::\n2. Close it.\n";
        let out = colon_fences_as_tildes(text, true, true).expect("converted");
        assert_eq!(out.len(), text.len());
        assert!(out.contains("   ~~~{note}\n   Careful.\n   ~~~\n"), "{out}");
        // Unindented fences are the line scanner's; code is left alone.
        assert_eq!(
            colon_fences_as_tildes(":::{note}\nx\n:::\n", true, true),
            None
        );
        assert_eq!(
            colon_fences_as_tildes("- a\n\n  ```\n  :::{note}\n  ```\n", true, true),
            None
        );
    }

    #[test]
    fn bare_urls_end_before_white_space_and_punctuation() {
        let t = "See https://x.org/a, or http://y.fr. Not xhttps://z.";
        let got: Vec<&str> = super::bare_urls(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(got, vec!["https://x.org/a", "http://y.fr"]);
        assert!(super::bare_urls("https:// alone").is_empty());
    }

    #[test]
    fn fences_left_open_are_found() {
        assert_eq!(open_fence("```python\ncode\n```"), None);
        assert_eq!(open_fence("````\ncode\n`````\n"), None);
        assert_eq!(open_fence("> ```\n> code\n> ```\n"), None);
        assert_eq!(open_fence("```{note}\ntext\n"), Some(("```".into(), 9)));
        assert_eq!(open_fence("~~~~\ncode\n~~~\n"), Some(("~~~~".into(), 4)));
        assert_eq!(open_fence("    indented code\n"), None);
    }

    #[test]
    fn field_markers_name_a_field() {
        assert_eq!(super::field_marker(":Nom: x"), Some(("Nom", 6)));
        assert_eq!(super::field_marker(":URL:"), Some(("URL", 5)));
        assert_eq!(super::field_marker(":::{note}"), None);
        assert_eq!(super::field_marker(":a:b"), None);
        assert_eq!(super::field_marker("Nom: x"), None);
    }

    #[test]
    fn role_names_end_the_text() {
        assert_eq!(role_name("Click {guilabel}"), Some("guilabel"));
        assert_eq!(role_name("{py:func}"), Some("py:func"));
        assert_eq!(role_name("a {1}"), None);
        assert_eq!(role_name("no role"), None);
    }
}
