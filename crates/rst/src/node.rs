//! The doctree: an arena of element and text nodes, each with its source span.
//!
//! The tree mirrors docutils' node classes (same tag names, same attributes), so
//! [`Tree::pformat`] prints exactly what docutils' `document.pformat()` prints.

use std::fmt::Write as _;

/// Index of a node in its [`Tree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The node's position in its tree's arena.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A region of the source: byte range and the 1-based line and column (in
/// characters) of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset just past the last byte.
    pub end: u32,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in characters.
    pub col: u32,
}

/// An attribute value, typed as docutils types them for printing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum Value {
    /// A string, printed as is.
    Str(String),
    /// An integer (`level`, `start`, `morecols`, ...).
    Int(i64),
    /// A boolean, printed as `1` or `0` as docutils prints it.
    Bool(bool),
    /// A list (`ids`, `names`, `classes`, ...), printed space-separated.
    List(Vec<String>),
}

impl Value {
    /// The string of a [`Value::Str`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

pub use crate::tag::Tag;

/// The tag of text nodes.
pub const TEXT: Tag = Tag::Text;

/// Attribute names known in advance, sorted (see [`known_key`]).
const ATTR_NAMES: [&str; 91] = [
    "__indent",
    "align",
    "alt",
    "anonymous",
    "arguments",
    "auto",
    "backlinks",
    "backrefs",
    "bullet",
    "caption",
    "classes",
    "classname",
    "code",
    "cols",
    "colwidth",
    "content",
    "delimiter",
    "depth",
    "desctype",
    "docname",
    "domain",
    "dupnames",
    "entries",
    "enumtype",
    "first",
    "force",
    "format",
    "fullname",
    "glob",
    "header",
    "height",
    "hidden",
    "highlight_args",
    "id",
    "ids",
    "includefiles",
    "inline",
    "internal",
    "label",
    "language",
    "level",
    "line",
    "linenos",
    "loading",
    "local",
    "ltrim",
    "maxdepth",
    "module",
    "morecols",
    "morerows",
    "name",
    "names",
    "no-contents-entry",
    "no-index",
    "no-index-entry",
    "nocontentsentry",
    "noindex",
    "noindexentry",
    "number_lines",
    "numbered",
    "objtype",
    "original_uri",
    "parent",
    "prefix",
    "rawentries",
    "refdomain",
    "refexplicit",
    "refid",
    "refname",
    "reftarget",
    "reftype",
    "refuri",
    "refwarn",
    "reverse",
    "role",
    "rtrim",
    "scale",
    "source",
    "start",
    "stub",
    "suffix",
    "target",
    "title",
    "titlesonly",
    "toctree",
    "translatable",
    "type",
    "uri",
    "width",
    "widths",
    "xml:space",
];

/// The slot of a name in [`NAME_SLOTS`]: a hash of its length and three of
/// its bytes under which no two of [`ATTR_NAMES`] meet (the table's
/// construction checks it when the crate is compiled).
const fn name_slot(name: &[u8]) -> usize {
    let n = name.len();
    if n == 0 {
        return 0;
    }
    (n * 2 + name[0] as usize * 48 + name[n - 1] as usize + name[n / 2] as usize * 7) % 512
}

/// For each slot, one more than the index in [`ATTR_NAMES`] of the name
/// there, 0 where there is none.
static NAME_SLOTS: [u8; 512] = {
    let mut t = [0u8; 512];
    let mut i = 0;
    while i < ATTR_NAMES.len() {
        let s = name_slot(ATTR_NAMES[i].as_bytes());
        assert!(
            t[s] == 0,
            "two attribute names share a slot: change name_slot"
        );
        t[s] = (i + 1) as u8;
        i += 1;
    }
    t
};

/// The key of `name` when it is one of [`ATTR_NAMES`]: its index there.
fn known_key(name: &str) -> Option<u32> {
    match NAME_SLOTS[name_slot(name.as_bytes())] {
        0 => None,
        i => {
            let k = usize::from(i) - 1;
            (ATTR_NAMES[k] == name).then_some(k as u32)
        }
    }
}

/// One attribute in a tree's attribute pool: the key of its name (an
/// index in [`ATTR_NAMES`], or past them in [`Tree::names`]) and its value.
#[derive(Debug, Clone)]
struct Attr {
    key: u32,
    value: Value,
}

impl Default for Attr {
    /// What a slot of the pool holds while no attribute is there: nothing
    /// on the heap.
    fn default() -> Self {
        Attr {
            key: 0,
            value: Value::Bool(false),
        }
    }
}

/// Attributes that are lists and omitted from output while empty.
const LIST_ATTRS: [&str; 5] = ["ids", "classes", "names", "dupnames", "backrefs"];

/// One node of a [`Tree`]: an element with its attributes and children, or
/// a text node.
#[derive(Debug, Clone)]
pub struct NodeData {
    /// Which docutils node class the node is (`paragraph`, `section`,
    /// ...), or [`Tag::Text`].
    pub tag: Tag,
    /// Where the node's attributes sit in its tree's attribute pool, in
    /// the order they were set (printed sorted by name; read them with
    /// [`Tree::attrs`]): `attrs_len` of them from `attrs_start`. Like
    /// children lists, a list has room for its length rounded up to a power
    /// of two. Two bytes of length sit beside the tag, in what would be
    /// padding: with the line in four bytes, a node takes 40.
    attrs_start: u32,
    attrs_len: u16,
    /// A text node's text, where it lies in its tree's text buffer (read it
    /// with [`Tree::text_of`]); an element's children, where they sit in
    /// its tree's pool (read them with [`Tree::children`]). A node has one
    /// or the other, so they share the field.
    body: Body,
    /// The index of the element holding this node, [`NO_PARENT`] for the
    /// root and detached nodes (read it with [`Tree::parent`]): four bytes
    /// where an `Option<NodeId>` takes eight.
    parent: u32,
    /// The line docutils records for the node (`node.line`), [`NO_LINE`]
    /// when it records none (read it with [`NodeData::line`]): four bytes
    /// where an `Option<u32>` takes eight.
    line: u32,
    /// Where the node's markup sits in the source.
    pub span: Span,
}

impl NodeData {
    /// The line docutils records for the node (`node.line`), when it
    /// records one.
    pub fn line(&self) -> Option<u32> {
        (self.line != NO_LINE).then_some(self.line)
    }

    /// Record `line` as the node's line (`None`: none). A line past
    /// `u32::MAX - 1` (which no input the parser reads reaches) is none.
    pub fn set_line(&mut self, line: Option<u32>) {
        self.line = line.unwrap_or(NO_LINE);
    }

    /// Where the node's attributes sit in its tree's attribute pool.
    fn attr_run(&self) -> Body {
        Body {
            start: self.attrs_start,
            len: u32::from(self.attrs_len),
        }
    }
}

/// What [`NodeData`] holds as its line when it has none.
const NO_LINE: u32 = u32::MAX;

/// What [`NodeData`] holds as its parent when it has none.
const NO_PARENT: u32 = u32::MAX;

/// A run of `len` items at `start` in one of a tree's buffers.
///
/// For a text node, the bytes of its text in [`Tree::texts`]: the texts of
/// all nodes lie in one buffer, so a text node costs no allocation of its
/// own. `start` is [`IN_BIG`] for a text past what `u32` offsets reach,
/// kept in [`Tree::big_texts`].
///
/// For an element, the ids of its children in [`Tree::pool`]: lists live
/// side by side in one vector, so a node's children cost no allocation of
/// their own. A list has room for at least [`Body::room`] ids (room is
/// given in powers of two and never taken back, so it needs no field).
#[derive(Debug, Clone, Copy, Default)]
struct Body {
    start: u32,
    len: u32,
}

/// The `start` of a text kept apart from the buffer.
const IN_BIG: u32 = u32::MAX;

impl Body {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }

    /// The room a children or attribute list surely has: `len` rounded
    /// up to a power of two.
    fn room(self) -> u32 {
        if self.len == 0 {
            0
        } else {
            self.len.next_power_of_two()
        }
    }

    /// Make room for one more item after the list, in `pool`, which holds
    /// lists side by side. When full, the list gets twice the room (one
    /// for a first item) at the end of the pool: the last list of the pool
    /// grows where it is, any other moves there, leaving `vacant()` behind.
    fn make_room<T>(&mut self, pool: &mut Vec<T>, vacant: impl Fn() -> T) {
        if self.len != self.room() {
            return;
        }
        let end = pool.len();
        let room = (2 * self.len).max(1) as usize;
        if self.len == 0 || (self.start + self.len) as usize != end {
            for i in self.range() {
                let item = std::mem::replace(&mut pool[i], vacant());
                pool.push(item);
            }
            self.start = end as u32;
        }
        pool.resize_with(self.start as usize + room, vacant);
    }
}

/// All nodes of one document. Node 0 is the `document` root.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    nodes: Vec<NodeData>,
    /// The children lists of all nodes (see [`Body`]). A list that outgrows
    /// its room moves to the end with twice the room; the room it leaves
    /// is not reused, which costs at most as much as the lists themselves.
    pool: Vec<NodeId>,
    /// The attribute lists of all nodes (see [`NodeData`]), grown as the
    /// children lists are.
    attr_pool: Vec<Attr>,
    /// The attribute names outside [`ATTR_NAMES`] the tree's nodes use; a
    /// key past those is an index here.
    names: Vec<Box<str>>,
    /// The key of each of `names`.
    name_keys: std::collections::HashMap<Box<str>, u32>,
    /// The texts of all text nodes, side by side (see [`Body`]). A text
    /// that is replaced leaves its old bytes behind.
    texts: String,
    /// The texts that lie past the offsets [`Body`] can hold.
    big_texts: std::collections::HashMap<NodeId, Box<str>>,
    /// Text of text nodes with docutils' `\0` escape markers, for the few
    /// places that need to tell escaped characters apart.
    escaped: std::collections::HashMap<NodeId, String>,
    /// The internal attributes of `pending` nodes.
    pending: std::collections::HashMap<NodeId, Pending>,
    /// What each `system_message` is about, and the directive or role it
    /// names, as the parser said when it made the message.
    about: std::collections::HashMap<NodeId, (crate::Family, Option<Box<str>>)>,
}

/// What a docutils `pending` node holds besides its attributes: the
/// transform it stands for and that transform's details. `pformat` prints
/// them as docutils' `nodes.pending.pformat` does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    /// Dotted name of the transform (`docutils.transforms.parts.Contents`).
    pub transform: String,
    /// The details: key and the Python `repr()` of the value.
    pub details: Vec<(String, String)>,
}

impl Tree {
    /// An empty tree.
    pub fn new() -> Self {
        Tree {
            nodes: Vec::new(),
            pool: Vec::new(),
            attr_pool: Vec::new(),
            names: Vec::new(),
            name_keys: std::collections::HashMap::new(),
            texts: String::new(),
            big_texts: std::collections::HashMap::new(),
            escaped: std::collections::HashMap::new(),
            pending: std::collections::HashMap::new(),
            about: std::collections::HashMap::new(),
        }
    }

    /// The number of nodes, detached ones included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// A new detached element with no attributes or children.
    pub fn element(&mut self, tag: Tag) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(NodeData {
            tag,
            attrs_start: 0,
            attrs_len: 0,
            body: Body::default(),
            parent: NO_PARENT,
            line: NO_LINE,
            span: Span::default(),
        });
        id
    }

    /// A text node. `\0` escapes (docutils' escaped backslashes) are removed.
    pub fn text(&mut self, text: &str) -> NodeId {
        let id = self.element(TEXT);
        if text.contains('\0') {
            self.set_text(id, &unescape(text));
            self.escaped.insert(id, text.to_string());
        } else {
            self.set_text(id, text);
        }
        id
    }

    /// A text node of text known to hold no `\0` escape.
    pub(crate) fn plain_text(&mut self, text: &str) -> NodeId {
        let id = self.element(TEXT);
        self.set_text(id, text);
        id
    }

    /// The text of node `id`: a text node's (empty for a node given none).
    pub fn text_of(&self, id: NodeId) -> &str {
        let n = &self.nodes[id.index()];
        if n.tag != TEXT {
            return "";
        }
        let at = n.body;
        if at.start == IN_BIG {
            return self.big_texts.get(&id).map_or("", |t| t);
        }
        // `set_text` recorded a range of whole chars of `texts`.
        self.texts
            .get(at.start as usize..(at.start + at.len) as usize)
            .unwrap_or("")
    }

    /// Make `text` the text of the text node `id` (as it is: no `\0`
    /// escape is removed). An element is left as it is: its text is that
    /// of its children.
    pub fn set_text(&mut self, id: NodeId, text: &str) {
        if self.nodes[id.index()].tag != TEXT {
            return;
        }
        let start = self.texts.len();
        let at = match (u32::try_from(start), u32::try_from(text.len())) {
            (Ok(s), Ok(len)) if s != IN_BIG && s.checked_add(len).is_some() => {
                self.texts.push_str(text);
                if !self.big_texts.is_empty() {
                    self.big_texts.remove(&id);
                }
                Body { start: s, len }
            }
            _ => {
                self.big_texts.insert(id, text.into());
                Body {
                    start: IN_BIG,
                    len: 0,
                }
            }
        };
        self.nodes[id.index()].body = at;
    }

    /// The text of a text node with `\0` escape markers where its source
    /// had backslash escapes.
    pub fn escaped_text(&self, id: NodeId) -> &str {
        match self.escaped.get(&id) {
            Some(s) => s,
            None => self.text_of(id),
        }
    }

    /// A `pending` element standing for `transform` with its details.
    pub fn pending(&mut self, transform: &str, details: Vec<(String, String)>) -> NodeId {
        let id = self.element(Tag::Pending);
        self.pending.insert(
            id,
            Pending {
                transform: transform.to_string(),
                details,
            },
        );
        id
    }

    /// What the `system_message` `id` is about, and the directive or role
    /// it names when it names one.
    pub fn message_about(&self, id: NodeId) -> Option<(crate::Family, Option<&str>)> {
        self.about.get(&id).map(|(f, n)| (*f, n.as_deref()))
    }

    /// Record what the `system_message` `id` is about (for parsers of other
    /// markup that build the same tree).
    pub fn set_message_family(&mut self, id: NodeId, family: crate::Family) {
        self.about.insert(id, (family, None));
    }

    /// Record the directive or role the `system_message` `id` names.
    pub fn set_message_name(&mut self, id: NodeId, name: &str) {
        if let Some((_, n)) = self.about.get_mut(&id) {
            *n = Some(name.into());
        }
    }

    /// Copy the subtree of `id` in `other` into this tree, detached, each
    /// node's span (and line) given by `span` of its span in `other`.
    /// Returns the copy of `id`.
    pub fn graft(&mut self, other: &Tree, id: NodeId, span: &dyn Fn(Span) -> Span) -> NodeId {
        let n = other.get(id);
        let copy = self.element(n.tag);
        {
            let c = &mut self.nodes[copy.index()];
            c.span = span(n.span);
            c.set_line(n.line().map(|_| c.span.line));
        }
        for (name, value) in other.attrs(id) {
            let key = self.key_or_add(name);
            self.push_attr(copy, key, value.clone());
        }
        let text = other.text_of(id);
        if !text.is_empty() {
            self.set_text(copy, text);
        }
        if let Some(e) = other.escaped.get(&id) {
            self.escaped.insert(copy, e.clone());
        }
        if let Some(p) = other.pending.get(&id) {
            self.pending.insert(copy, p.clone());
        }
        if let Some(a) = other.about.get(&id) {
            self.about.insert(copy, a.clone());
        }
        // Deep trees are rare here (a directive's body); the stack grows
        // with them as the parser's does.
        stacker::maybe_grow(crate::STACK_RED_ZONE, crate::STACK_SEGMENT, || {
            for &c in other.children(id) {
                let child = self.graft(other, c, span);
                self.append(copy, child);
            }
        });
        copy
    }

    /// The internal attributes of a `pending` node.
    pub fn pending_info(&self, id: NodeId) -> Option<&Pending> {
        self.pending.get(&id)
    }

    /// An element holding one text child, as `nodes.paragraph('', text)` does.
    pub fn element_with_text(&mut self, tag: Tag, text: &str) -> NodeId {
        let e = self.element(tag);
        if !text.is_empty() {
            let t = self.text(text);
            self.append(e, t);
        }
        e
    }

    /// The node `id`.
    pub fn get(&self, id: NodeId) -> &NodeData {
        &self.nodes[id.index()]
    }

    /// The node `id`, to change.
    pub fn get_mut(&mut self, id: NodeId) -> &mut NodeData {
        &mut self.nodes[id.index()]
    }

    /// The tag of node `id` ([`TEXT`] for text nodes).
    pub fn tag(&self, id: NodeId) -> Tag {
        self.nodes[id.index()].tag
    }

    /// Whether node `id` is a text node.
    pub fn is_text(&self, id: NodeId) -> bool {
        self.nodes[id.index()].tag == TEXT
    }

    /// The children of node `id`.
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        let n = &self.nodes[id.index()];
        if n.tag == TEXT {
            return &[];
        }
        &self.pool[n.body.range()]
    }

    /// An empty tree with room for the nodes, children, attributes and
    /// texts of a source of `len` bytes, as real pages hold them (a node
    /// per 20 to 25 bytes, an attribute per 40 to 60, text nodes holding
    /// most of the source): the buffers seldom grow, where each growth
    /// holds the old and the new at once.
    pub fn for_source(len: usize) -> Self {
        let mut t = Tree::new();
        t.nodes.reserve(len / 20 + 16);
        t.pool.reserve(len / 12 + 16);
        t.attr_pool.reserve(len / 40 + 16);
        t.texts.reserve(len);
        t
    }

    /// Give back the room the node, children, attribute and text buffers
    /// have left (a finished document keeps what it holds, no more).
    pub fn shrink_to_fit(&mut self) {
        self.nodes.shrink_to_fit();
        self.pool.shrink_to_fit();
        self.attr_pool.shrink_to_fit();
        self.texts.shrink_to_fit();
    }

    /// The bytes the texts of text nodes hold (room left included).
    pub fn text_bytes(&self) -> usize {
        self.texts.capacity() + self.big_texts.values().map(|t| t.len()).sum::<usize>()
    }

    /// The bytes the attribute lists hold (room left in them included; the
    /// strings of their values apart).
    pub fn attr_bytes(&self) -> usize {
        self.attr_pool.capacity() * std::mem::size_of::<Attr>()
    }

    /// The bytes the children lists hold (room left in them included).
    pub fn children_bytes(&self) -> usize {
        self.pool.capacity() * std::mem::size_of::<NodeId>()
    }

    /// The element holding node `id`.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let p = self.nodes[id.index()].parent;
        (p != NO_PARENT).then_some(NodeId(p))
    }

    /// Make `child` the last child of `parent`. A text node holds no
    /// children: appending to one leaves both as they are.
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        if self.is_text(parent) {
            return;
        }
        self.nodes[child.index()].parent = parent.0;
        let kids = &mut self.nodes[parent.index()].body;
        kids.make_room(&mut self.pool, || NodeId(NO_PARENT));
        self.pool[(kids.start + kids.len) as usize] = child;
        kids.len += 1;
    }

    /// Append each of `children` to `parent`, in order.
    pub fn extend(&mut self, parent: NodeId, children: impl IntoIterator<Item = NodeId>) {
        for c in children {
            self.append(parent, c);
        }
    }

    /// Make `child` the `index`-th child of `parent` (the last, past the end).
    pub fn insert(&mut self, parent: NodeId, index: usize, child: NodeId) {
        if self.is_text(parent) {
            return;
        }
        self.append(parent, child);
        let range = self.nodes[parent.index()].body.range();
        let list = &mut self.pool[range];
        // `append` has just put `child` in the list, so it is not empty.
        let index = index.min(list.len().saturating_sub(1));
        list[index..].rotate_right(1);
    }

    /// Detach all children of `parent` and return them.
    pub fn take_children(&mut self, parent: NodeId) -> Vec<NodeId> {
        if self.is_text(parent) {
            return Vec::new();
        }
        let kids = &mut self.nodes[parent.index()].body;
        let range = kids.range();
        // The room is left behind: lists only grow.
        kids.len = 0;
        let ch = self.pool[range].to_vec();
        for c in &ch {
            self.nodes[c.index()].parent = NO_PARENT;
        }
        ch
    }

    /// Detach `child` from `parent`.
    pub fn remove_child(&mut self, parent: NodeId, child: NodeId) {
        if self.is_text(parent) {
            return;
        }
        let kids = &mut self.nodes[parent.index()].body;
        let range = kids.range();
        let list = &mut self.pool[range];
        if let Some(i) = list.iter().position(|&c| c == child) {
            list[i..].rotate_left(1);
            kids.len -= 1;
        }
        self.nodes[child.index()].parent = NO_PARENT;
    }

    /// The key of attribute name `name`, when the tree has seen it.
    fn key(&self, name: &str) -> Option<u32> {
        known_key(name).or_else(|| {
            if self.names.is_empty() {
                None
            } else {
                self.name_keys.get(name).copied()
            }
        })
    }

    /// The key of attribute name `name`, given one if it has none yet.
    fn key_or_add(&mut self, name: &str) -> u32 {
        if let Some(k) = self.key(name) {
            return k;
        }
        let k = (ATTR_NAMES.len() + self.names.len()) as u32;
        self.names.push(name.into());
        self.name_keys.insert(name.into(), k);
        k
    }

    /// The attribute name of key `key`.
    fn name_of(&self, key: u32) -> &str {
        let k = key as usize;
        match ATTR_NAMES.get(k) {
            Some(n) => n,
            None => self.names.get(k - ATTR_NAMES.len()).map_or("", |n| n),
        }
    }

    /// The attribute list of node `id`.
    fn attr_list(&self, id: NodeId) -> &[Attr] {
        &self.attr_pool[self.nodes[id.index()].attr_run().range()]
    }

    /// The attribute list of node `id`, to change.
    fn attr_list_mut(&mut self, id: NodeId) -> &mut [Attr] {
        let range = self.nodes[id.index()].attr_run().range();
        &mut self.attr_pool[range]
    }

    /// Add an attribute to the end of the list of node `id` (which has no
    /// attribute of that name).
    fn push_attr(&mut self, id: NodeId, key: u32, value: Value) {
        let node = &mut self.nodes[id.index()];
        if node.attrs_len == u16::MAX {
            // The most a node holds (see `set_attr`).
            return;
        }
        let mut list = node.attr_run();
        list.make_room(&mut self.attr_pool, Attr::default);
        self.attr_pool[(list.start + list.len) as usize] = Attr { key, value };
        let node = &mut self.nodes[id.index()];
        node.attrs_start = list.start;
        node.attrs_len += 1;
    }

    /// The attributes of node `id`, name and value, in the order they were
    /// set.
    pub fn attrs(&self, id: NodeId) -> impl Iterator<Item = (&str, &Value)> {
        self.attr_list(id)
            .iter()
            .map(|a| (self.name_of(a.key), &a.value))
    }

    /// The attribute `name` of node `id`.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&Value> {
        let key = self.key(name)?;
        self.attr_list(id)
            .iter()
            .find(|a| a.key == key)
            .map(|a| &a.value)
    }

    /// The attribute `name` of node `id`, to change.
    pub fn attr_mut(&mut self, id: NodeId, name: &str) -> Option<&mut Value> {
        let key = self.key(name)?;
        self.attr_list_mut(id)
            .iter_mut()
            .find(|a| a.key == key)
            .map(|a| &mut a.value)
    }

    /// The attribute `name` of node `id`, when it is a string.
    pub fn attr_str(&self, id: NodeId, name: &str) -> Option<&str> {
        self.attr(id, name).and_then(Value::as_str)
    }

    /// Set the attribute `name` of node `id`, replacing any value it had.
    /// A node holds at most 65,535 attributes: past them, a new name is
    /// not added.
    pub fn set_attr(&mut self, id: NodeId, name: &str, value: impl Into<Value>) {
        let value = value.into();
        let key = self.key_or_add(name);
        if let Some(a) = self.attr_list_mut(id).iter_mut().find(|a| a.key == key) {
            a.value = value;
        } else {
            self.push_attr(id, key, value);
        }
    }

    /// Remove the attribute `name` of node `id`.
    pub fn remove_attr(&mut self, id: NodeId, name: &str) {
        let Some(key) = self.key(name) else {
            return;
        };
        let list = self.attr_list_mut(id);
        if let Some(i) = list.iter().position(|a| a.key == key) {
            list[i..].rotate_left(1);
            if let Some(last) = list.last_mut() {
                *last = Attr::default();
            }
            self.nodes[id.index()].attrs_len -= 1;
        }
    }

    /// The values of a list attribute (`ids`, `names`, `classes`, ...).
    pub fn list_attr(&self, id: NodeId, name: &str) -> &[String] {
        match self.attr(id, name) {
            Some(Value::List(v)) => v,
            _ => &[],
        }
    }

    /// Append `value` to the list attribute `name` of node `id`.
    pub fn push_list_attr(&mut self, id: NodeId, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.attr_mut(id, name) {
            Some(Value::List(list)) => list.push(value),
            Some(v) => *v = Value::List(vec![value]),
            None => {
                let key = self.key_or_add(name);
                self.push_attr(id, key, Value::List(vec![value]));
            }
        }
    }

    /// Remove the first `value` from the list attribute `name` of node `id`.
    pub fn remove_from_list_attr(&mut self, id: NodeId, name: &str, value: &str) {
        if let Some(Value::List(list)) = self.attr_mut(id, name)
            && let Some(pos) = list.iter().position(|v| v == value)
        {
            list.remove(pos);
        }
    }

    /// The node's text content, as docutils' `astext()` gives it.
    pub fn astext(&self, id: NodeId) -> String {
        let mut out = String::new();
        self.astext_into(id, &mut out);
        out
    }

    fn astext_into(&self, id: NodeId, out: &mut String) {
        let n = &self.nodes[id.index()];
        if n.tag == TEXT {
            out.push_str(self.text_of(id));
            return;
        }
        let sep = match n.tag {
            Tag::Document
            | Tag::Section
            | Tag::BlockQuote
            | Tag::ListItem
            | Tag::Definition
            | Tag::FieldBody
            | Tag::Footnote
            | Tag::Citation
            | Tag::Topic
            | Tag::Sidebar
            | Tag::SystemMessage
            | Tag::Entry
            | Tag::Description
            | Tag::Compound
            | Tag::Container
            | Tag::Figure
            | Tag::Legend => "\n\n",
            t if t.is_admonition() => "\n\n",
            _ => "",
        };
        for (i, c) in self.children(id).iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            self.astext_into(*c, out);
        }
    }

    /// docutils' `starttag()` for pseudo-XML: attributes sorted by name,
    /// empty list attributes omitted, lists space-joined with escapes.
    pub fn starttag(&self, id: NodeId) -> String {
        let n = &self.nodes[id.index()];
        let mut attrs: Vec<(&str, &Value)> = self
            .attrs(id)
            .filter(|(name, v)| {
                !(matches!(v, Value::List(l) if l.is_empty()) && LIST_ATTRS.contains(name))
            })
            .collect();
        attrs.sort_by(|a, b| a.0.cmp(b.0));
        let mut s = String::with_capacity(32);
        s.push('<');
        s.push_str(n.tag.as_str());
        for (name, v) in attrs {
            s.push(' ');
            s.push_str(name);
            s.push_str("=\"");
            match v {
                Value::Str(x) => s.push_str(x),
                Value::Int(i) => {
                    let _ = write!(s, "{i}");
                }
                Value::Bool(b) => s.push(if *b { '1' } else { '0' }),
                Value::List(l) => {
                    for (i, item) in l.iter().enumerate() {
                        if i > 0 {
                            s.push(' ');
                        }
                        s.push_str(&item.replace('\\', "\\\\").replace(' ', "\\ "));
                    }
                }
            }
            s.push('"');
        }
        s.push('>');
        s
    }

    /// Pseudo-XML of the subtree, as docutils' `pformat()` prints it.
    pub fn pformat(&self, id: NodeId) -> String {
        let mut out = String::new();
        // An explicit stack keeps deep trees from overflowing the call stack.
        // `true` marks the visit after a node's children, where a pending
        // node prints its internal attributes.
        let mut stack: Vec<(NodeId, usize, bool)> = vec![(id, 0, false)];
        while let Some((node, level, after)) = stack.pop() {
            let n = &self.nodes[node.index()];
            if after {
                if let Some(p) = self.pending.get(&node) {
                    p.write_internals(&mut out, level);
                }
                continue;
            }
            if n.tag == TEXT {
                for line in python_splitlines(self.text_of(node)) {
                    for _ in 0..level {
                        out.push_str("    ");
                    }
                    out.push_str(line);
                    out.push('\n');
                }
                continue;
            }
            for _ in 0..level {
                out.push_str("    ");
            }
            out.push_str(&self.starttag(node));
            out.push('\n');
            if self.pending.contains_key(&node) {
                stack.push((node, level, true));
            }
            for c in self.children(node).iter().rev() {
                stack.push((*c, level + 1, false));
            }
        }
        out
    }

    /// Nodes of the subtree rooted at `id` in document order (pre-order).
    pub fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            out.push(n);
            for c in self.children(n).iter().rev() {
                stack.push(*c);
            }
        }
        out
    }
}

impl Pending {
    /// docutils' `pending.pformat` lines after the element's own.
    fn write_internals(&self, out: &mut String, level: usize) {
        let mut lines = vec![
            ".. internal attributes:".to_string(),
            format!("     .transform: {}", self.transform),
            "     .details:".to_string(),
        ];
        let mut details: Vec<&(String, String)> = self.details.iter().collect();
        details.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, value) in details {
            lines.push(format!("       {key}: {value}"));
        }
        for line in lines {
            for _ in 0..=level {
                out.push_str("    ");
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
}

/// Python's `str.splitlines()`: splits on every Unicode line boundary.
pub fn python_splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = s.as_bytes();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            out.push(&s[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' && bytes.get(next) == Some(&b'\n') {
                iter.next();
                next += 1;
            }
            start = next;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// docutils' `unescape()`: drop `\0` escape markers (and an escaped space or
/// newline with them).
pub fn unescape(text: &str) -> String {
    if !text.contains('\0') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\0' {
            if matches!(chars.peek(), Some(' ') | Some('\n')) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// `unescape(text, restore_backslashes=True)`.
pub fn restore_backslashes(text: &str) -> String {
    text.replace('\0', "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pformat_sorts_attributes_and_skips_empty_lists() {
        let mut t = Tree::new();
        let d = t.element(Tag::Document);
        t.set_attr(d, "source", "test data");
        t.set_attr(d, "ids", Value::List(vec![]));
        let p = t.element_with_text(Tag::Paragraph, "a\nb");
        t.set_attr(p, "names", Value::List(vec!["x y".into(), "z\\".into()]));
        t.set_attr(p, "classes", Value::List(vec!["c".into()]));
        t.append(d, p);
        assert_eq!(
            t.pformat(d),
            "<document source=\"test data\">\n    <paragraph classes=\"c\" names=\"x\\ y z\\\\\">\n        a\n        b\n"
        );
    }

    #[test]
    fn splitlines_matches_python() {
        assert_eq!(
            python_splitlines("a\r\nb\rc\n\nd\n"),
            vec!["a", "b", "c", "", "d"]
        );
        assert!(python_splitlines("").is_empty());
    }

    #[test]
    fn known_attribute_names_have_their_index_as_key() {
        for (i, name) in ATTR_NAMES.iter().enumerate() {
            assert_eq!(known_key(name), Some(i as u32), "{name}");
        }
        for name in ["", "x", "idz", "option-name", "ids ", "Ids", "é"] {
            assert_eq!(known_key(name), None, "{name}");
        }
    }

    #[test]
    fn attributes_keep_their_order_names_and_values() {
        let mut t = Tree::new();
        let a = t.element(Tag::Paragraph);
        let b = t.element(Tag::Paragraph);
        t.set_attr(a, "classes", Value::List(vec![]));
        // Another node's attribute between two of `a`'s moves `a`'s list.
        t.set_attr(b, "names", "b");
        t.set_attr(a, "my-own", "x");
        t.set_attr(a, "refuri", "u");
        t.push_list_attr(a, "classes", "c");
        t.set_attr(a, "my-own", "y");
        t.set_attr(b, "my-own", 3i64);
        let listed: Vec<(&str, &Value)> = t.attrs(a).collect();
        assert_eq!(
            listed,
            [
                ("classes", &Value::List(vec!["c".into()])),
                ("my-own", &Value::Str("y".into())),
                ("refuri", &Value::Str("u".into())),
            ]
        );
        assert_eq!(t.attr_str(b, "names"), Some("b"));
        assert_eq!(t.attr(b, "my-own"), Some(&Value::Int(3)));
        t.remove_attr(a, "my-own");
        t.remove_attr(a, "never-set");
        assert_eq!(t.attrs(a).count(), 2);
        assert_eq!(t.attr(a, "my-own"), None);
        t.set_attr(a, "title", "t");
        assert_eq!(
            t.starttag(a),
            "<paragraph classes=\"c\" refuri=\"u\" title=\"t\">"
        );
    }

    #[test]
    fn a_node_keeps_at_most_65535_attributes() {
        let mut t = Tree::new();
        let a = t.element(Tag::Paragraph);
        for i in 0..=usize::from(u16::MAX) {
            t.set_attr(a, &format!("a{i}"), i as i64);
        }
        assert_eq!(t.attrs(a).count(), usize::from(u16::MAX));
        assert_eq!(t.attr(a, "a65534"), Some(&Value::Int(65534)));
        assert_eq!(t.attr(a, "a65535"), None);
        // A name the full list holds still takes a new value.
        t.set_attr(a, "a0", "zero");
        assert_eq!(t.attr_str(a, "a0"), Some("zero"));
        t.remove_attr(a, "a1");
        t.set_attr(a, "last", true);
        assert_eq!(t.attr(a, "last"), Some(&Value::Bool(true)));
    }

    #[test]
    fn a_node_line_is_kept_or_none() {
        let mut t = Tree::new();
        let a = t.element(Tag::Paragraph);
        assert_eq!(t.get(a).line(), None);
        for line in [Some(0), Some(1), Some(u32::MAX - 1), None] {
            t.get_mut(a).set_line(line);
            assert_eq!(t.get(a).line(), line);
        }
    }

    #[test]
    fn nodes_take_40_bytes() {
        assert_eq!(std::mem::size_of::<NodeData>(), 40);
    }

    #[test]
    fn unescape_drops_markers() {
        assert_eq!(unescape("a\0*b\0 c"), "a*bc");
    }
}
