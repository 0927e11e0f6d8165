//! The parsing context shared by the block parser, the inline parser and the
//! directives: the tree being built, the settings, the reporter (system
//! messages) and docutils' name and id bookkeeping (`nodes.document`).

use crate::Tag;
use std::collections::HashMap;

use super::Family;
use super::node::{NodeId, Span, Tree, Value};
use super::settings::Settings;

/// Severity levels of docutils' reporter.
pub const LEVEL_NAMES: [&str; 5] = ["DEBUG", "INFO", "WARNING", "ERROR", "SEVERE"];

/// Maps lines of the processed source (tabs expanded, line endings
/// normalised) back to byte offsets of the original text.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Where each line lies in the original source: its start, and its end
    /// before the line ending (byte offsets of a source shorter than 4 GiB).
    pub original: Vec<(u32, u32)>,
    /// Lines that are ASCII without tabs: there a column is a byte offset.
    pub plain: Vec<bool>,
    pub len: usize,
    /// Checkpoints along the last line looked up that is not plain: that
    /// line (1 + its index, 0 before any), and the column and byte of
    /// every 64th char and of its end. Spans of one line are asked for many
    /// times (once or twice per inline node), so the line is walked once
    /// and each lookup walks at most 64 chars from a checkpoint.
    pub(crate) marks: std::cell::RefCell<(usize, Vec<(usize, usize)>)>,
}

impl SourceMap {
    /// Byte offset in the original source of character column `col` (after
    /// tab expansion to `tab_width`) of 0-based line `line`.
    pub fn byte_at(&self, src: &str, line: usize, col: usize, tab_width: usize) -> usize {
        let Some(&(start, end)) = self.original.get(line) else {
            return self.len;
        };
        let (start, end) = (start as usize, end as usize);
        // Constant time on plain lines, so long lines stay linear.
        if self.plain.get(line).copied().unwrap_or(false) {
            return start + col.min(end - start);
        }
        let text = src.get(start..end).unwrap_or("");
        let step = |c: usize, ch: char| {
            if ch == '\t' && tab_width > 0 {
                c + tab_width - (c % tab_width)
            } else {
                c + 1
            }
        };
        let mut marks = self.marks.borrow_mut();
        let (marked, points) = &mut *marks;
        if *marked != line + 1 {
            points.clear();
            let mut c = 0usize;
            for (k, (i, ch)) in text.char_indices().enumerate() {
                if k % 64 == 0 {
                    points.push((c, i));
                }
                c = step(c, ch);
            }
            points.push((c, text.len()));
            *marked = line + 1;
        }
        // The last checkpoint at or before `col` (the first is column 0),
        // then on to the first char at column `col` or past it.
        let k = points.partition_point(|&(c, _)| c <= col);
        let (mut c, from) = points.get(k.saturating_sub(1)).copied().unwrap_or((0, 0));
        for (i, ch) in text.get(from..).unwrap_or("").char_indices() {
            if c >= col {
                return start + from + i;
            }
            c = step(c, ch);
        }
        end
    }
}

/// The last char count [`Doc::span_text_counted`] made in one text: the
/// segment's start, the byte reached and the chars from one to the other.
#[derive(Debug, Default)]
pub(crate) struct Counted(std::cell::Cell<Option<(usize, usize, usize)>>);

impl Counted {
    /// The chars of `text` from byte `from` to byte `pos`, counted on from
    /// the last count when it started at `from` too.
    fn chars_between(&self, text: &str, from: usize, pos: usize) -> usize {
        let fresh = || text.get(from..pos).map_or(0, |s| s.chars().count());
        let chars = match self.0.get() {
            Some((f, at, n)) if f == from => {
                if pos >= at {
                    text.get(at..pos).map(|s| n + s.chars().count())
                } else {
                    text.get(pos..at)
                        .and_then(|s| n.checked_sub(s.chars().count()))
                }
            }
            _ => None,
        }
        .unwrap_or_else(fresh);
        self.0.set(Some((from, pos, chars)));
        chars
    }
}

/// A segment of inline text: where, in the text handed to the inline parser,
/// a source line begins, and which source line and column it came from.
#[derive(Debug, Clone, Copy)]
pub struct TextSeg {
    pub text_offset: usize,
    /// 0-based line in the source.
    pub line: usize,
    /// Column (characters) in that line where the text starts.
    pub col: usize,
}

/// Position map of a block of inline text.
#[derive(Debug, Clone, Default)]
pub struct TextMap {
    pub segs: Vec<TextSeg>,
    /// The mapped text is all ASCII: a byte offset is a column offset.
    pub ascii: bool,
}

impl TextMap {
    pub fn single(line: usize, col: usize) -> Self {
        TextMap {
            ascii: false,
            segs: vec![TextSeg {
                text_offset: 0,
                line,
                col,
            }],
        }
    }
}

pub struct Doc {
    pub tree: Tree,
    pub root: NodeId,
    pub settings: Settings,
    /// The `source` attribute of the document and of system messages.
    pub source_name: String,
    /// The original source text (after decoding), shared with the lines
    /// that lie in it.
    pub src: std::rc::Rc<String>,
    pub map: SourceMap,
    /// Current line of the outermost state machine (0-based), as docutils'
    /// reporter sees it.
    pub top_line_offset: Option<usize>,
    /// `document.current_line` (1-based), updated as any state machine moves.
    pub current_line: Option<usize>,
    pub ids: HashMap<String, NodeId>,
    id_counter: HashMap<String, u32>,
    pub names: HashMap<String, Option<NodeId>>,
    pub nametypes: HashMap<String, bool>,
    pub nameids: HashMap<String, Option<String>>,
    pub substitution_defs: HashMap<String, NodeId>,
    pub substitution_names: HashMap<String, String>,
    pub title_styles: Vec<TitleStyle>,
    pub section_level: usize,
    /// Roles defined with the `role` directive: name -> (base role, options).
    pub custom_roles: HashMap<String, CustomRole>,
    /// Set by the `default-role` directive.
    pub default_role: Option<String>,
    /// Role names looked up so far (lowercased) and their canonical names:
    /// docutils' `roles._roles` registry, which silences repeated lookups.
    pub local_roles: HashMap<String, String>,
    /// Nesting depth of state machines, capped to keep the stack bounded.
    pub depth: usize,
    /// Files being included (docutils' `include_log`): source and the clip
    /// options, innermost last, to detect circular inclusion.
    pub include_log: Vec<(String, String)>,
    /// The files included so far, as found on disk.
    pub included: Vec<std::path::PathBuf>,
    /// The inline parser's char and offset tables, kept between
    /// paragraphs so that each one does not allocate its own.
    pub(crate) inline_scratch: (Vec<char>, Vec<usize>),
    /// The joined lines of the paragraph being parsed, its room kept from
    /// one paragraph to the next.
    pub(crate) paragraph_scratch: String,
    /// The segments of the last paragraph's text map, kept for the next.
    pub(crate) text_map_scratch: Vec<TextSeg>,
}

/// A role defined by the `role` directive.
#[derive(Debug, Clone, Default)]
pub struct CustomRole {
    pub base: String,
    pub classes: Vec<String>,
    pub options: Vec<(String, String)>,
}

/// A section title style: underline char, or (overline, underline) chars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleStyle {
    Under(char),
    Over(char, char),
}

impl TitleStyle {
    pub fn display(&self) -> String {
        match self {
            TitleStyle::Under(c) => c.to_string(),
            TitleStyle::Over(a, b) => format!("{a}/{b}"),
        }
    }
}

/// Tags whose content model holds body elements: system messages about
/// duplicate names are attached to them (docutils checks `'Body' in
/// repr(msgnode.content_model)`).
fn takes_body(tag: Tag) -> bool {
    tag.is_admonition()
        || matches!(
            tag,
            Tag::Document
                | Tag::Section
                | Tag::Topic
                | Tag::Sidebar
                | Tag::BlockQuote
                | Tag::ListItem
                | Tag::Definition
                | Tag::FieldBody
                | Tag::Footnote
                | Tag::Citation
                | Tag::SystemMessage
                | Tag::Entry
                | Tag::Description
                | Tag::Compound
                | Tag::Container
                | Tag::Legend
        )
}

impl Doc {
    pub fn new(src: String, map: SourceMap, settings: Settings, source_name: &str) -> Self {
        let mut tree = Tree::for_source(src.len());
        let root = tree.element(Tag::Document);
        tree.set_attr(root, "source", source_name);
        Doc {
            tree,
            root,
            settings,
            source_name: source_name.to_string(),
            src: std::rc::Rc::new(src),
            map,
            top_line_offset: None,
            current_line: None,
            ids: HashMap::new(),
            id_counter: HashMap::new(),
            names: HashMap::new(),
            nametypes: HashMap::new(),
            nameids: HashMap::new(),
            substitution_defs: HashMap::new(),
            substitution_names: HashMap::new(),
            title_styles: Vec::new(),
            section_level: 0,
            custom_roles: HashMap::new(),
            default_role: None,
            local_roles: HashMap::new(),
            depth: 0,
            include_log: Vec::new(),
            included: Vec::new(),
            inline_scratch: (Vec::new(), Vec::new()),
            paragraph_scratch: String::new(),
            text_map_scratch: Vec::new(),
        }
    }

    /// Append `child` to `parent`, giving it docutils' default line
    /// (`document.current_line`) when it has none, like `setup_child`.
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        if self.tree.get(child).line().is_none() {
            self.tree
                .get_mut(child)
                .set_line(self.current_line.map(|l| l as u32));
        }
        self.tree.append(parent, child);
    }

    pub fn extend(&mut self, parent: NodeId, children: impl IntoIterator<Item = NodeId>) {
        for c in children {
            self.append(parent, c);
        }
    }

    /// The span of the lines `first..=last` (0-based source lines), from
    /// column `col` of the first line.
    pub fn span_lines(&self, first: usize, col: usize, last: usize) -> Span {
        let tw = self.settings.tab_width;
        let start = self.map.byte_at(&self.src, first, col, tw);
        let end = self
            .map
            .original
            .get(last)
            .map_or(self.map.len, |&(_, e)| e as usize)
            .max(start);
        Span {
            start: start as u32,
            end: end as u32,
            line: first as u32 + 1,
            col: col as u32 + 1,
        }
    }

    /// An empty span at byte `pos` of the source (clamped to the source and
    /// to a character boundary).
    pub fn point(&self, pos: usize) -> Span {
        let mut pos = pos.min(self.src.len());
        while !self.src.is_char_boundary(pos) {
            pos -= 1;
        }
        let line = self
            .map
            .original
            .partition_point(|&(s, _)| s as usize <= pos)
            .max(1)
            - 1;
        let start = self
            .map
            .original
            .get(line)
            .map_or(0, |&(s, _)| s as usize)
            .min(pos);
        let col = self.src.get(start..pos).map_or(0, |t| t.chars().count());
        Span {
            start: pos as u32,
            end: pos as u32,
            line: line as u32 + 1,
            col: col as u32 + 1,
        }
    }

    /// The span of a block of lines: from column `first_col` of line
    /// `first` to the end of the text of line `last`, which starts at
    /// column `last_col` and is `last_chars` characters long (a cell of a
    /// table ends at its border, not at the end of the source line).
    pub fn span_block(
        &self,
        first: usize,
        first_col: usize,
        last: usize,
        last_col: usize,
        last_chars: usize,
    ) -> Span {
        let tw = self.settings.tab_width;
        let mut span = self.span_lines(first, first_col, last);
        if last >= first {
            let end = self.map.byte_at(&self.src, last, last_col + last_chars, tw);
            span.end = (end as u32).max(span.start);
        }
        span
    }

    /// The span of `start..end` (byte offsets) of a text mapped by `map`.
    pub fn span_text(&self, map: &TextMap, text: &str, start: usize, end: usize) -> Span {
        self.span_text_counted(map, text, start, end, &Counted::default())
    }

    /// [`Doc::span_text`] for a caller that asks for many spans of one
    /// text, mostly from left to right (the inline parser): `counted`, the
    /// caller's for that text alone, carries char counts from one span to
    /// the next, so a long line of many inline nodes is counted once, not
    /// once per node.
    pub(crate) fn span_text_counted(
        &self,
        map: &TextMap,
        text: &str,
        start: usize,
        end: usize,
        counted: &Counted,
    ) -> Span {
        let seg_for = |pos: usize| -> TextSeg {
            let i = map.segs.partition_point(|s| s.text_offset <= pos);
            map.segs[i.saturating_sub(1).min(map.segs.len().saturating_sub(1))]
        };
        if map.segs.is_empty() {
            return Span::default();
        }
        let tw = self.settings.tab_width;
        let pos_of = |pos: usize| -> (usize, usize, usize) {
            let seg = seg_for(pos);
            let from = seg.text_offset.min(text.len());
            let pos = pos.min(text.len()).max(from);
            let chars = if map.ascii {
                pos - from
            } else {
                counted.chars_between(text, from, pos)
            };
            let col = seg.col + chars;
            (
                self.map.byte_at(&self.src, seg.line, col, tw),
                seg.line,
                col,
            )
        };
        let (b0, line, col) = pos_of(start);
        let (b1, _, _) = pos_of(end);
        Span {
            start: b0 as u32,
            end: b1.max(b0) as u32,
            line: line as u32 + 1,
            col: col as u32 + 1,
        }
    }

    // ----- reporter -------------------------------------------------------

    /// `reporter.system_message(level, message, *children, line=line)`.
    /// `family` says what the message is about: set here, where the
    /// message is made, never guessed from its text afterwards.
    pub fn system_message(
        &mut self,
        level: u8,
        family: Family,
        message: &str,
        children: Vec<NodeId>,
        line: Option<usize>,
    ) -> NodeId {
        let line = line.or_else(|| self.top_line_offset.map(|o| o + 1));
        self.make_message(level, family, message, children, line)
    }

    /// A system message located at `node` (docutils' `base_node=`).
    pub fn system_message_at(
        &mut self,
        level: u8,
        family: Family,
        message: &str,
        children: Vec<NodeId>,
        node: NodeId,
    ) -> NodeId {
        let mut cur = Some(node);
        let mut line = None;
        while let Some(n) = cur {
            if let Some(l) = self.tree.get(n).line() {
                line = Some(l as usize);
                break;
            }
            cur = self.tree.parent(n);
        }
        let line = line.or_else(|| self.top_line_offset.map(|o| o + 1));
        self.make_message(level, family, message, children, line)
    }

    fn make_message(
        &mut self,
        level: u8,
        family: Family,
        message: &str,
        children: Vec<NodeId>,
        line: Option<usize>,
    ) -> NodeId {
        let t = &mut self.tree;
        let msg = t.element(Tag::SystemMessage);
        t.set_message_family(msg, family);
        t.set_attr(msg, "level", Value::Int(level as i64));
        if let Some(l) = line {
            t.set_attr(msg, "line", Value::Int(l as i64));
        }
        t.set_attr(msg, "source", self.source_name.as_str());
        t.set_attr(
            msg,
            "type",
            LEVEL_NAMES[(level as usize).min(LEVEL_NAMES.len() - 1)],
        );
        if !message.is_empty() {
            let p = t.element_with_text(Tag::Paragraph, message);
            t.append(msg, p);
        }
        for c in children {
            t.append(msg, c);
        }
        if let Some(l) = line {
            t.get_mut(msg).set_line(Some(l as u32));
            // docutils may name the line just past the end: point at the last one.
            let idx = l
                .saturating_sub(1)
                .min(self.map.original.len().saturating_sub(1));
            let span = self.span_lines(idx, 0, idx);
            self.tree.get_mut(msg).span = span;
        }
        msg
    }

    pub fn info(
        &mut self,
        family: Family,
        message: &str,
        children: Vec<NodeId>,
        line: Option<usize>,
    ) -> NodeId {
        self.system_message(1, family, message, children, line)
    }
    pub fn warning(
        &mut self,
        family: Family,
        message: &str,
        children: Vec<NodeId>,
        line: Option<usize>,
    ) -> NodeId {
        self.system_message(2, family, message, children, line)
    }
    pub fn error(
        &mut self,
        family: Family,
        message: &str,
        children: Vec<NodeId>,
        line: Option<usize>,
    ) -> NodeId {
        self.system_message(3, family, message, children, line)
    }

    /// A `literal_block` holding `text`, for system messages.
    pub fn literal_block(&mut self, text: &str) -> NodeId {
        let lb = self.tree.element(Tag::LiteralBlock);
        self.tree.set_attr(lb, "xml:space", "preserve");
        if !text.is_empty() {
            let t = self.tree.element(super::node::TEXT);
            self.tree.set_text(t, text);
            self.tree.append(lb, t);
        }
        lb
    }

    // ----- ids and names (nodes.document) ----------------------------------

    pub fn set_id(&mut self, node: NodeId, msgnode: Option<NodeId>) -> String {
        self.set_id_prefixed(node, msgnode, "")
    }

    pub fn set_id_prefixed(
        &mut self,
        node: NodeId,
        msgnode: Option<NodeId>,
        suggested_prefix: &str,
    ) -> String {
        if self.tree.list_attr(node, "ids").is_empty() {
            let id = self.create_id(node, suggested_prefix);
            self.tree.push_list_attr(node, "ids", id);
        }
        // Most nodes have one id, already known as theirs or new: the
        // lists are copied only when a duplicate must be reported.
        let duplicate = self
            .tree
            .list_attr(node, "ids")
            .iter()
            .any(|id| self.ids.get(id).is_some_and(|&owner| owner != node));
        if duplicate {
            let ids: Vec<String> = self.tree.list_attr(node, "ids").to_vec();
            for id in &ids {
                let owner = *self.ids.entry(id.clone()).or_insert(node);
                if owner != node {
                    let text = format!(
                        "Duplicate ID: \"{id}\" used by {} and {}",
                        self.tree.starttag(owner),
                        self.tree.starttag(node)
                    );
                    let msg = self.system_message_at(3, Family::Other, &text, vec![], node);
                    if let Some(m) = msgnode {
                        self.append(m, msg);
                    }
                }
            }
        } else {
            for id in self.tree.list_attr(node, "ids") {
                if !self.ids.contains_key(id) {
                    self.ids.insert(id.clone(), node);
                }
            }
        }
        let last = self
            .tree
            .list_attr(node, "ids")
            .last()
            .cloned()
            .unwrap_or_default();
        for name in self.tree.list_attr(node, "names") {
            match self.nameids.get_mut(name) {
                Some(v) => *v = Some(last.clone()),
                None => {
                    self.nameids.insert(name.clone(), Some(last.clone()));
                }
            }
        }
        last
    }

    fn create_id(&mut self, node: NodeId, suggested_prefix: &str) -> String {
        let id_prefix = self.settings.id_prefix.as_str();
        let auto_id_prefix = self.settings.auto_id_prefix.as_str();
        let mut base_id = String::new();
        let mut id = String::new();
        for name in self.tree.list_attr(node, "names") {
            base_id = if id_prefix.is_empty() {
                make_id(name)
            } else {
                make_id(&format!("x{name}"))[1..].to_string()
            };
            id = if id_prefix.is_empty() {
                base_id.clone()
            } else {
                format!("{id_prefix}{base_id}")
            };
            if !base_id.is_empty() && !self.ids.contains_key(&id) {
                return id;
            }
        }
        let dupnames = self.tree.list_attr(node, "dupnames");
        let prefix = if !base_id.is_empty() && auto_id_prefix.ends_with('%') {
            format!("{id}-")
        } else if !dupnames.is_empty()
            && auto_id_prefix.ends_with('%')
            && !make_id(&dupnames[0]).is_empty()
        {
            format!("{}-", make_id(&dupnames[0]))
        } else {
            let mut prefix = format!("{id_prefix}{auto_id_prefix}");
            if prefix.ends_with('%') {
                prefix.pop();
                if suggested_prefix.is_empty() {
                    prefix.push_str(&make_id(self.tree.tag(node).as_str()));
                } else {
                    prefix.push_str(suggested_prefix);
                }
                prefix.push('-');
            }
            prefix
        };
        let counter = match self.id_counter.get_mut(&prefix) {
            Some(c) => c,
            None => self.id_counter.entry(prefix.clone()).or_insert(0),
        };
        loop {
            *counter += 1;
            let id = format!("{prefix}{counter}");
            if !self.ids.contains_key(&id) {
                return id;
            }
        }
    }

    fn dupname(&mut self, node: NodeId, name: &str) {
        self.tree.push_list_attr(node, "dupnames", name);
        self.tree.remove_from_list_attr(node, "names", name);
    }

    fn set_duplicate_name(
        &mut self,
        node: NodeId,
        name: &str,
        msgnode: Option<NodeId>,
        explicit: bool,
    ) {
        let old_node = self.names.get(name).copied().flatten();
        let old_explicit = self.nametypes.get(name).copied().unwrap_or(false);
        self.nametypes
            .insert(name.to_string(), old_explicit || explicit);
        let mut level = 0u8;
        let mut family = Family::Other;
        let mut s = String::new();
        let same_ref = |tree: &Tree, key: &str, old: NodeId| -> bool {
            match (tree.attr(node, key), tree.attr(old, key)) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            }
        };
        if let Some(old) = old_node
            && (same_ref(&self.tree, "refname", old) || same_ref(&self.tree, "refuri", old))
        {
            level = 1;
            let r = self
                .tree
                .attr_str(node, "refuri")
                .filter(|s| !s.is_empty())
                .or_else(|| self.tree.attr_str(node, "refname"))
                .unwrap_or("")
                .to_string();
            s = format!("Duplicate name \"{name}\" for external target \"{r}\".");
            self.dupname(node, name);
        } else if explicit {
            if old_explicit {
                level = 2;
                family = Family::DuplicateExplicitTarget;
                s = format!("Duplicate explicit target name: \"{name}\".");
                self.dupname(node, name);
                if let Some(old) = old_node {
                    self.dupname(old, name);
                    self.names.insert(name.to_string(), None);
                    self.nameids.insert(name.to_string(), None);
                }
            } else {
                self.names.insert(name.to_string(), Some(node));
                if let Some(old) = old_node {
                    level = 1;
                    s = format!("Target name overrides implicit target name \"{name}\".");
                    self.dupname(old, name);
                }
            }
        } else {
            level = 1;
            family = Family::DuplicateImplicitTarget;
            s = format!("Duplicate implicit target name: \"{name}\".");
            self.dupname(node, name);
            if let Some(old) = old_node
                && !old_explicit
            {
                self.dupname(old, name);
                self.names.insert(name.to_string(), None);
                self.nameids.insert(name.to_string(), None);
                self.set_id(old, None);
            }
        }
        if level > 0 {
            let backrefs =
                if self.tree.tag(node) == Tag::Target && self.tree.children(node).is_empty() {
                    vec![]
                } else {
                    vec![self.set_id(node, None)]
                };
            let msg = self.system_message_at(level, family, &s, vec![], node);
            self.tree.set_attr(msg, "backrefs", Value::List(backrefs));
            if let Some(m) = msgnode
                && takes_body(self.tree.tag(m))
            {
                self.append(m, msg);
            }
        }
    }

    pub fn note_names(&mut self, node: NodeId, msgnode: Option<NodeId>, explicit: bool) {
        let names: Vec<String> = self.tree.list_attr(node, "names").to_vec();
        for name in names {
            match self.names.get(&name) {
                Some(existing) if *existing != Some(node) => {
                    self.set_duplicate_name(node, &name, msgnode, explicit);
                }
                _ => {
                    self.names.insert(name.clone(), Some(node));
                    self.nametypes.entry(name).or_insert(explicit);
                }
            }
        }
    }

    pub fn note_implicit_target(&mut self, target: NodeId, msgnode: Option<NodeId>) {
        self.note_names(target, msgnode, false);
        if self.settings.legacy_ids {
            self.set_id(target, msgnode);
        }
    }

    pub fn note_explicit_target(&mut self, target: NodeId, msgnode: Option<NodeId>) {
        self.note_names(target, msgnode, true);
        self.set_id(target, msgnode);
    }

    pub fn note_substitution_def(
        &mut self,
        subdef: NodeId,
        def_name: &str,
        msgnode: Option<NodeId>,
    ) {
        let name = whitespace_normalize_name(def_name);
        if let Some(&old) = self.substitution_defs.get(&name) {
            let msg = self.system_message_at(
                3,
                Family::Other,
                &format!("Duplicate substitution definition name: \"{name}\"."),
                vec![],
                subdef,
            );
            if let Some(m) = msgnode {
                self.append(m, msg);
            }
            self.dupname(old, &name);
        }
        self.substitution_defs.insert(name.clone(), subdef);
        self.substitution_names
            .insert(fully_normalize_name(&name), name);
    }
}

/// docutils' `make_id`: a valid identifier from an arbitrary string.
pub fn make_id(s: &str) -> String {
    if s.is_ascii() {
        make_id_ascii(s)
    } else {
        make_id_any(s)
    }
}

/// [`make_id`] of any text, step by step as docutils goes.
fn make_id_any(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower = s.to_lowercase();
    let mut t = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            '\u{df}' => t.push_str("sz"),
            '\u{e6}' => t.push_str("ae"),
            '\u{153}' => t.push_str("oe"),
            '\u{238}' => t.push_str("db"),
            '\u{239}' => t.push_str("qp"),
            _ => t.push(translate_non_id(c).unwrap_or(c)),
        }
    }
    let ascii: String = t.nfkd().filter(|c| c.is_ascii()).collect();
    let joined = ascii.split_whitespace().collect::<Vec<_>>().join(" ");
    // Replace runs of [^a-z0-9] with '-'.
    let mut out = String::with_capacity(joined.len());
    let mut in_run = false;
    for c in joined.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
            in_run = false;
        } else if !in_run {
            out.push('-');
            in_run = true;
        }
    }
    // Strip leading [-0-9]+ and trailing -+.
    let trimmed = out.trim_start_matches(|c: char| c == '-' || c.is_ascii_digit());
    trimmed.trim_end_matches('-').to_string()
}

/// [`make_id`] of ASCII text in one pass: lowercase, runs of anything but
/// `[a-z0-9]` (whitespace included) as one `-`, then leading `[-0-9]` and
/// trailing `-` stripped. ASCII needs no translation or normalization.
fn make_id_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_run = false;
    for b in s.bytes() {
        let c = b.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(char::from(c));
            in_run = false;
        } else if !in_run {
            out.push('-');
            in_run = true;
        }
    }
    let start = out
        .find(|c: char| c != '-' && !c.is_ascii_digit())
        .unwrap_or(out.len());
    let end = out.trim_end_matches('-').len().max(start);
    out.truncate(end);
    out.drain(..start);
    out
}

fn translate_non_id(c: char) -> Option<char> {
    Some(match c as u32 {
        0x00f8 => 'o',
        0x0111 => 'd',
        0x0127 => 'h',
        0x0131 => 'i',
        0x0142 => 'l',
        0x0167 => 't',
        0x0180 => 'b',
        0x0183 => 'b',
        0x0188 => 'c',
        0x018c => 'd',
        0x0192 => 'f',
        0x0199 => 'k',
        0x019a => 'l',
        0x019e => 'n',
        0x01a5 => 'p',
        0x01ab => 't',
        0x01ad => 't',
        0x01b4 => 'y',
        0x01b6 => 'z',
        0x01e5 => 'g',
        0x0225 => 'z',
        0x0234 => 'l',
        0x0235 => 'n',
        0x0236 => 't',
        0x0237 => 'j',
        0x023c => 'c',
        0x023f => 's',
        0x0240 => 'z',
        0x0247 => 'e',
        0x0249 => 'j',
        0x024b => 'q',
        0x024d => 'r',
        0x024f => 'y',
        _ => return None,
    })
}

/// `' '.join(name.lower().split())`.
pub fn fully_normalize_name(name: &str) -> String {
    if name.is_ascii() {
        // One string, built as it is read.
        let mut out = whitespace_normalize_name(name);
        out.make_ascii_lowercase();
        return out;
    }
    whitespace_normalize_name(&name.to_lowercase())
}

/// `' '.join(name.split())`.
pub fn whitespace_normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_id_like_docutils() {
        assert_eq!(
            make_id("Faire remonter vos données"),
            "faire-remonter-vos-donnees"
        );
        assert_eq!(make_id("1. Étape"), "etape");
        assert_eq!(make_id("Straße"), "strasze");
        assert_eq!(make_id("--"), "");
    }

    #[test]
    fn make_id_of_ascii_takes_the_short_way_to_the_same_id() {
        let samples = [
            "",
            "-",
            "Title",
            "  Two   words  ",
            "1. Step one",
            "123",
            "12-",
            "-a-",
            "a\tb\x0bc\x1cd\x1fe",
            "C++ & Python: 3.12!",
            "__init__",
            "x--y__z",
            "\0hidden",
            "UPPER_lower-09",
        ];
        for s in samples {
            assert_eq!(make_id_ascii(s), make_id_any(s), "{s:?}");
        }
        // Every ASCII character, alone and between letters.
        for b in 0u8..128 {
            let c = char::from(b);
            for s in [c.to_string(), format!("a{c}b"), format!("{c}9{c}")] {
                assert_eq!(make_id_ascii(&s), make_id_any(&s), "{s:?}");
            }
        }
    }
}
