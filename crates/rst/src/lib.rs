#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
//!
//! ## Inside
//!
//! The parser is a port of docutils' state machine (`block`), inline parser
//! (`inline`), table parser (`tableparser`) and directives (`directives`).
//! Problems are docutils-style system messages in the tree; the parser
//! itself never fails on text input.

mod block;
mod directives;
mod document;
mod encoding;
mod inline;
mod languages;
mod node;
mod patterns;
mod settings;
mod tableparser;
mod tag;

use block::{Line, Machine, Parser, St};
pub use block::{column_width, is_combining, is_inline_or_text};
use document::{Doc, SourceMap};
pub use document::{fully_normalize_name, make_id};
pub use encoding::Encoding;
pub use node::{NodeData, NodeId, Span, TEXT, Tree, Value};
pub use settings::Settings;
pub use tag::Tag;

/// A parsed document: the tree and what is needed to locate its nodes.
pub struct Document {
    /// Every node of the page. [`Document::nodes`] and
    /// [`Document::messages`] list the tree as the parse left it: a tree
    /// whose shape is changed afterwards is a new document
    /// ([`Document::new`]).
    pub tree: Tree,
    /// The `document` element at the root of [`Document::tree`].
    pub root: NodeId,
    /// The name the source was parsed under (its path, or `<string>`).
    pub source_name: String,
    /// The decoded source text.
    pub source: String,
    /// The system messages, gathered on first use.
    messages: std::sync::OnceLock<Vec<Message>>,
    /// Every node in document order: listed by the parse, or on first use.
    nodes: std::sync::OnceLock<Vec<NodeId>>,
    /// Byte offsets of the starts of the lines of `source`, made on first use.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// The files `include` directives read into the page, as found on disk.
    pub included: Vec<std::path::PathBuf>,
}

/// A problem reported by the parser (a `system_message` node).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Message {
    /// Severity as docutils numbers it: 1 info, 2 warning, 3 error, 4 severe.
    pub level: u8,
    /// `INFO`, `WARNING`, `ERROR` or `SEVERE`.
    pub kind: String,
    /// The source line docutils gives the message, when it gives one.
    pub line: Option<u32>,
    /// The message's text, as docutils words it.
    pub text: String,
    /// Where the message's `system_message` node sits in the source.
    pub span: Span,
    /// The span of the node the message is about (its first back
    /// reference: the `problematic` text of an inline error, the target
    /// of a duplicate name), when it has one.
    pub subject: Option<Span>,
    /// What the message is about, as the parser said when it made it.
    pub family: Family,
    /// The directive or role the message is about, when it is about one
    /// (an unknown directive or role, a directive's error).
    pub name: Option<String>,
}

/// What a system message is about: the families a checker tells apart,
/// named by the parser whose messages they are (a tool maps them to its
/// rule codes instead of reading the texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Family {
    /// "Unexpected indentation."
    UnexpectedIndentation,
    /// "... ends without a blank line; unexpected unindent."
    UnexpectedUnindent,
    /// "Title underline too short." / "Title overline too short."
    TitleTooShort,
    /// "Possible title underline, too short for the title." and the like.
    PossibleTitle,
    /// Section and transition structure: levels, styles, misplaced
    /// transitions, titles where none may be.
    SectionStructure,
    /// "Literal block expected; none found."
    LiteralBlockExpected,
    /// An inline start-string without its end-string.
    UnclosedInline,
    /// "Unknown directive type ..."
    UnknownDirective,
    /// "Unknown interpreted text role ..."
    UnknownRole,
    /// "Duplicate explicit target name ..."
    DuplicateExplicitTarget,
    /// "Duplicate implicit target name ..."
    DuplicateImplicitTarget,
    /// A directive or role name looked up in another language.
    LanguageFallback,
    /// A malformed table.
    Table,
    /// A directive's arguments, options or content.
    Directive,
    /// A file an `include` directive names that cannot be opened
    /// (missing, outside the allowed root, unreadable).
    Include,
    /// Anything else (references, substitutions, footnotes, roles'
    /// contents ...).
    Other,
}

/// Input that is not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Not valid UTF-8: the byte offset of the first bad byte.
    InvalidUtf8 {
        /// Byte offset of the first byte that is not UTF-8.
        offset: usize,
    },
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::InvalidUtf8 { offset } => write!(
                f,
                "invalid UTF-8 at byte offset {offset} (a page saved by an old Windows editor? \
                 try --encoding latin-1, or cp1252 for its quotes and dashes)"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Decode bytes as UTF-8, dropping a byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<String, InputError> {
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, bytes),
    };
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(InputError::InvalidUtf8 {
            offset: bom + e.valid_up_to(),
        }),
    }
}

/// [`decode`] of bytes the caller hands over: the text is decoded in
/// place, without a copy (a byte-order mark is dropped by moving the text
/// down).
pub fn decode_vec(mut bytes: Vec<u8>) -> Result<String, InputError> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        3
    } else {
        0
    };
    String::from_utf8(bytes).map_err(|e| InputError::InvalidUtf8 {
        offset: bom + e.utf8_error().valid_up_to(),
    })
}

/// Decode bytes with an encoding: UTF-8 may fail, the single-byte
/// encodings never do.
pub fn decode_as(bytes: &[u8], encoding: Encoding) -> Result<String, InputError> {
    match encoding {
        Encoding::Utf8 => decode(bytes),
        other => Ok(encoding::decode_single_byte(bytes, other)),
    }
}

/// Parse bytes in the encoding of `settings.input_encoding` (UTF-8, with
/// or without BOM, by default).
pub fn parse_bytes(
    bytes: &[u8],
    settings: &Settings,
    source_name: &str,
) -> Result<Document, InputError> {
    let text = decode_as(bytes, settings.input_encoding)?;
    Ok(parse_string(text, settings, source_name))
}

/// [`parse_bytes`] of bytes the caller hands over (a file just read): the
/// document keeps them as its source, decoded in place, so the text is in
/// memory once, not twice.
pub fn parse_vec(
    bytes: Vec<u8>,
    settings: &Settings,
    source_name: &str,
) -> Result<Document, InputError> {
    let text = match settings.input_encoding {
        Encoding::Utf8 => decode_vec(bytes)?,
        other => encoding::decode_single_byte(&bytes, other),
    };
    Ok(parse_string(text, settings, source_name))
}

/// A file an `include` directive reads, as [`read_included`] found it.
#[derive(Debug, Clone)]
pub struct IncludedFile {
    /// The path as messages show it.
    pub shown: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The file on disk, when it is one.
    pub real: Option<std::path::PathBuf>,
}

/// Read `path` as the `include` directive reads it: relative to the page
/// (`settings.source_path`), a leading `/` from `settings.doc_root`, and
/// only inside `settings.source_root`. The error is the message the
/// directive reports.
pub fn read_included(settings: &Settings, path: &str) -> Result<IncludedFile, String> {
    directives::misc::read_include(settings, path).map(|f| IncludedFile {
        shown: f.shown,
        bytes: f.bytes,
        real: f.real,
    })
}

/// Parse text. Never fails: problems are system messages in the tree.
pub fn parse(text: &str, settings: &Settings, source_name: &str) -> Document {
    parse_str(text, settings, source_name)
}

/// Parse a page with text before and after it, as Sphinx parses every
/// page with its `rst_prolog` and `rst_epilog`: definitions there
/// (substitutions, targets, roles) apply to the page, while every span,
/// line and message stays the page's own. Nodes that come from the prolog
/// or the epilog get an empty span at the page's start or end, and the
/// messages about them are dropped (they concern the configuration, which
/// is reported once, not the page).
pub fn parse_with(
    text: &str,
    settings: &Settings,
    source_name: &str,
    prolog: &str,
    epilog: &str,
) -> Document {
    if prolog.trim().is_empty() && epilog.trim().is_empty() {
        return parse_str(text, settings, source_name);
    }
    let pre = if prolog.trim().is_empty() {
        String::new()
    } else {
        format!("{}\n\n", prolog.trim_end())
    };
    let full = format!("{pre}{text}\n\n{epilog}\n");
    let mut doc = parse_str(&full, settings, source_name);
    let shift = pre.len() as u32;
    let shift_lines = pre.matches('\n').count() as u32;
    let end = text.len() as u32;
    // Where the page ends: its last line and column.
    let (end_line, end_col) = {
        let lines = text.split('\n').count().max(1) as u32;
        let last = text.rsplit('\n').next().unwrap_or("");
        (lines, last.chars().count() as u32 + 1)
    };
    let mut foreign = Vec::new();
    for i in 0..doc.tree.len() {
        let id = NodeId(i as u32);
        if id == doc.root {
            continue;
        }
        // A message is the page's when the line it names is: the parser may
        // notice a problem (an empty footnote) only at the next block.
        let message_line = match doc.tree.attr(id, "line") {
            Some(Value::Int(l)) if doc.tree.tag(id) == Tag::SystemMessage => Some(*l),
            _ => None,
        };
        let n = doc.tree.get_mut(id);
        let s = n.span;
        let in_page_by_line = message_line.is_some_and(|l| {
            l > i64::from(shift_lines) && l - i64::from(shift_lines) <= i64::from(end_line)
        });
        // Up to the two line breaks that separate the page from the epilog.
        if (s.start >= shift && s.start < shift + end + 2) || in_page_by_line {
            n.span.start = s.start - shift;
            n.span.end = s.end.saturating_sub(shift).min(end);
            n.span.line = s.line.saturating_sub(shift_lines).max(1);
            if let Some(l) = n.line() {
                n.set_line(Some(l.saturating_sub(shift_lines).max(1)));
            }
        } else {
            let (at, line, col) = if s.start < shift {
                (0, 1, 1)
            } else {
                (end, end_line, end_col)
            };
            n.span = node::Span {
                start: at,
                end: at,
                line,
                col,
            };
            if n.line().is_some() {
                n.set_line(Some(line));
            }
            foreign.push(id);
        }
        if let Some(l) = message_line
            && let Some(v) = doc.tree.attr_mut(id, "line")
        {
            *v = Value::Int((l - i64::from(shift_lines)).max(1));
        }
    }
    // Messages about the prolog or the epilog are not the page's.
    for id in foreign {
        if doc.tree.tag(id) == Tag::SystemMessage
            && let Some(parent) = doc.tree.parent(id)
        {
            doc.tree.remove_child(parent, id);
        }
    }
    // The lists of nodes and messages are made again from the page's tree.
    doc.nodes.take();
    doc.messages.take();
    // The containers' spans stay within the page.
    for i in 0..doc.tree.len() {
        let n = doc.tree.get_mut(NodeId(i as u32));
        n.span.end = n.span.end.min(end);
        n.span.start = n.span.start.min(end);
    }
    doc.source = text.to_string();
    doc
}

/// Stack left free below the parser at each level of nesting: when less
/// remains, the parser continues on a new segment of [`STACK_SEGMENT`]. One
/// level of nesting takes a few kilobytes; this leaves room for the deepest
/// work done within one level (tables, inline markup).
pub(crate) const STACK_RED_ZONE: usize = 256 << 10;

/// The size of each stack segment the parser adds when it nests deeper than
/// its thread's stack allows.
pub(crate) const STACK_SEGMENT: usize = 8 << 20;

/// Parse on the caller's thread; the stack grows by segments where nesting
/// needs it (see [`STACK_RED_ZONE`]), so any thread can parse any input.
fn parse_str(text: &str, settings: &Settings, source_name: &str) -> Document {
    parse_string(text.to_string(), settings, source_name)
}

/// [`parse_str`] of a string the document takes as its source.
fn parse_string(text: String, settings: &Settings, source_name: &str) -> Document {
    stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
        parse_inner(text, settings, source_name)
    })
}

/// A table of which bytes are among `marks`, for scans that read it
/// without the branch per byte a `match` costs.
pub(crate) const fn byte_set(marks: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
}

/// The bytes a line end may start with.
static LINE_END_START: [bool; 256] = byte_set(b"\n\r\x1c\x1d\x1e\xc2\xe2");

/// A byte below 0x20 borrows in the subtraction of [`LOW`], one from 0x80
/// has its high bit: either sets a high bit of the word (a borrow may set
/// more: the test says no where the bytes are all from 0x20 to 0x7F, and
/// may say yes otherwise).
const LOW: u64 = 0x2020_2020_2020_2020;
const HIGH: u64 = 0x8080_8080_8080_8080;

fn word_may_hold_control_or_non_ascii(word: [u8; 8]) -> bool {
    let w = u64::from_le_bytes(word);
    (w.wrapping_sub(LOW) | w) & HIGH != 0
}

/// Whether every byte is from 0x20 to 0x7E or DEL: no control character,
/// nothing non-ASCII (read eight bytes at a time).
fn printable_ascii(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        if let Ok(word) = <[u8; 8]>::try_from(chunk)
            && word_may_hold_control_or_non_ascii(word)
        {
            return false;
        }
    }
    words.remainder().iter().all(|&b| (0x20..0x80).contains(&b))
}

/// The first byte from `i` on that a line end may start with
/// ([`LINE_END_START`]). Words of eight bytes all from 0x20 to 0x7F (no
/// control character, nothing non-ASCII) hold none and are skipped whole.
fn next_line_end_start(bytes: &[u8], mut i: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        if word_may_hold_control_or_non_ascii(word)
            && let Some(k) = word.iter().position(|&b| LINE_END_START[usize::from(b)])
        {
            return Some(i + k);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| LINE_END_START[usize::from(b)])
        .map(|k| i + k)
}

/// docutils' `string2lines`: split on every line boundary, expand tabs,
/// turn vertical tab and form feed into spaces, strip trailing white space.
/// Returns the lines and the map back to the original bytes.
pub(crate) fn string2lines(src: &str, tab_width: usize) -> (Vec<String>, SourceMap) {
    let (expanded, lines, map) = string2buffer(src, tab_width);
    let lines = lines
        .iter()
        .map(|l| l.text(src, &expanded).to_string())
        .collect();
    (lines, map)
}

/// Where [`string2buffer`] left one line's text.
#[derive(Debug, Clone, Copy)]
struct LineAt {
    /// In the expanded buffer (the line had tabs, vertical tabs or form
    /// feeds), or else in the source itself.
    expanded: bool,
    start: u32,
    end: u32,
}

impl LineAt {
    fn text<'a>(&self, src: &'a str, expanded: &'a str) -> &'a str {
        let buf = if self.expanded { expanded } else { src };
        &buf[self.start as usize..self.end as usize]
    }
}

/// [`string2lines`] without copying: where each line lies, in the source
/// when its text is the source's less its trailing white space (most lines),
/// else in one buffer of the expanded lines. Byte offsets are `u32`: the
/// caller takes no longer input.
fn string2buffer(src: &str, tab_width: usize) -> (String, Vec<LineAt>, SourceMap) {
    let mut buf = String::new();
    // About one line per `\n`: room for them all at once.
    // (A fold the compiler vectorises, where `filter().count()` is not.)
    let estimate = src.bytes().fold(0usize, |n, b| n + usize::from(b == b'\n')) + 1;
    let mut lines: Vec<LineAt> = Vec::with_capacity(estimate);
    let mut map = SourceMap {
        len: src.len(),
        original: Vec::with_capacity(estimate),
        plain: Vec::with_capacity(estimate),
        ..SourceMap::default()
    };
    let bytes = src.as_bytes();
    let push =
        |s: usize, e: usize, lines: &mut Vec<LineAt>, map: &mut SourceMap, buf: &mut String| {
            let line = &src[s..e];
            // One pass: is the line ASCII without tabs (`plain`: a column is a
            // byte offset), and does it hold vertical tabs or form feeds?
            let (mut ascii, mut tab, mut vt_ff) = (true, false, false);
            if !printable_ascii(line.as_bytes()) {
                for &b in line.as_bytes() {
                    ascii &= b.is_ascii();
                    tab |= b == b'\t';
                    vt_ff |= b == 0x0b || b == 0x0c;
                }
            }
            map.original.push((s as u32, e as u32));
            map.plain.push(ascii && !tab);
            let expand = tab || vt_ff;
            if !expand {
                // Only the end to trim: the line is the source's own text.
                let kept = line.trim_end_matches(|c: char| {
                    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
                });
                lines.push(LineAt {
                    expanded: false,
                    start: s as u32,
                    end: (s + kept.len()) as u32,
                });
            } else {
                let at = buf.len();
                buf.push_str(&expand_line(line, tab_width));
                lines.push(LineAt {
                    expanded: true,
                    start: at as u32,
                    end: buf.len() as u32,
                });
            }
        };
    // Line ends: `\n`, `\r\n`, `\r`, the ASCII separators 0x1C-0x1E, and
    // U+0085, U+2028, U+2029 (Python's `splitlines`), found byte by byte.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes end no line: skip them, eight at a time where none is
        // a control character or non-ASCII.
        match next_line_end_start(bytes, i) {
            Some(k) => i = k,
            None => break,
        }
        let b = bytes[i];
        let end_len = match b {
            b'\n' | 0x1c..=0x1e => 1,
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                }
            }
            0xc2 if bytes.get(i + 1) == Some(&0x85) => 2,
            0xe2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) =>
            {
                3
            }
            _ => 0,
        };
        if end_len == 0 {
            i += 1;
            continue;
        }
        push(start, i, &mut lines, &mut map, &mut buf);
        i += end_len;
        start = i;
    }
    if start < src.len() {
        push(start, src.len(), &mut lines, &mut map, &mut buf);
    }
    (buf, lines, map)
}

fn expand_line(line: &str, tab_width: usize) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0usize;
    for c in line.chars() {
        match c {
            '\t' => {
                if tab_width > 0 {
                    let n = tab_width - (col % tab_width);
                    out.extend(std::iter::repeat_n(' ', n));
                    col += n;
                }
            }
            '\x0b' | '\x0c' => {
                out.push(' ');
                col += 1;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    let trimmed =
        out.trim_end_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c));
    out.truncate(trimmed.len());
    out
}

/// The longest input the parser reads: byte offsets are `u32`, and a
/// line's index and the next (`Line::abs + 1`) are too.
const MAX_INPUT: usize = u32::MAX as usize - 1;

fn parse_inner(text: String, settings: &Settings, source_name: &str) -> Document {
    if text.len() > MAX_INPUT {
        let mut doc = Doc::new(
            String::new(),
            SourceMap::default(),
            settings.clone(),
            source_name,
        );
        let msg = doc.error(
            Family::Other,
            &format!(
                "The input is {} bytes long; the parser reads at most {MAX_INPUT}.",
                text.len()
            ),
            vec![],
            None,
        );
        let root = doc.root;
        doc.append(root, msg);
        return finish(doc, text, source_name);
    }
    let (expanded, lines, map) = string2buffer(&text, settings.tab_width);
    let len = text.len();
    let mut doc = Doc::new(text, map, settings.clone(), source_name);
    let root = doc.root;
    doc.tree.get_mut(root).span = Span {
        start: 0,
        end: len as u32,
        line: 1,
        col: 1,
    };
    let too_long = lines
        .iter()
        .position(|l| patterns::char_len(l.text(&doc.src, &expanded)) > settings.line_length_limit);
    if let Some(i) = too_long {
        let msg = doc.error(
            Family::Other,
            &format!("Line {} exceeds the line-length-limit.", i + 1),
            vec![],
            None,
        );
        doc.append(root, msg);
    } else {
        let expanded = std::rc::Rc::new(expanded);
        // Collected in place: one allocation for all the lines.
        let input: std::rc::Rc<[Line]> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| Line {
                text: block::LineText::shared(
                    if l.expanded { &expanded } else { &doc.src },
                    l.start as usize,
                    l.end as usize,
                ),
                abs: i as u32,
                col: 0,
            })
            .collect();
        drop(lines);
        let mut parser = Parser { doc };
        let mut sm = Machine::new(input, 0, St::Body, root);
        sm.match_titles = true;
        sm.top = true;
        parser.run(&mut sm);
        drop(sm);
        doc = parser.doc;
    }
    // The lines are gone: the source is the document's alone again.
    let src = std::rc::Rc::try_unwrap(std::mem::take(&mut doc.src))
        .unwrap_or_else(|shared| shared.as_str().to_owned());
    finish(doc, src, source_name)
}

/// The document of a finished parse, with `source` as its source.
fn finish(mut doc: Doc, source: String, source_name: &str) -> Document {
    let root = doc.root;
    let order = fill_spans(&mut doc.tree, root);
    doc.tree.shrink_to_fit();
    let mut out = Document::new(doc.tree, root, source_name, source);
    out.included = doc.included;
    // The nodes in document order were listed for the spans: the
    // document's list of them (`Document::nodes`), not made again.
    let _ = out.nodes.set(order);
    out
}

/// Give every node a span: an element without one covers its children;
/// what is still without one takes its parent's. Returns the nodes under
/// `root` in document order (the tree's shape is not changed here).
fn fill_spans(tree: &mut Tree, root: NodeId) -> Vec<NodeId> {
    let order = tree.descendants(root);
    for &n in order.iter().rev() {
        if tree.get(n).span != Span::default() {
            continue;
        }
        let mut span: Option<Span> = None;
        for &c in tree.children(n) {
            let cs = tree.get(c).span;
            if cs == Span::default() {
                continue;
            }
            span = Some(match span {
                None => cs,
                Some(s) => Span {
                    start: s.start.min(cs.start),
                    end: s.end.max(cs.end),
                    line: if cs.start < s.start { cs.line } else { s.line },
                    col: if cs.start < s.start { cs.col } else { s.col },
                },
            });
        }
        if let Some(s) = span {
            tree.get_mut(n).span = s;
        }
    }
    // Nodes made by the parser itself (a message's paragraph) take the span
    // of their parent.
    for &n in &order {
        if tree.get(n).span == Span::default()
            && let Some(p) = tree.parent(n)
        {
            let ps = tree.get(p).span;
            tree.get_mut(n).span = ps;
        }
    }
    // An element covers its children (a section its body, not only its
    // title). System messages are left out: docutils places them where the
    // parser notices the problem, which need not be inside the element.
    for &n in order.iter().rev() {
        let mut span = tree.get(n).span;
        for &c in tree.children(n) {
            if tree.tag(c) == Tag::SystemMessage {
                continue;
            }
            let cs = tree.get(c).span;
            if cs.start < span.start {
                span.start = cs.start;
                span.line = cs.line;
                span.col = cs.col;
            }
            span.end = span.end.max(cs.end);
        }
        tree.get_mut(n).span = span;
    }
    order
}

impl Document {
    /// A document of a tree built elsewhere (by a parser of another markup
    /// that builds docutils' doctree): `root` is its `document` element and
    /// the spans are byte offsets of `source`.
    pub fn new(tree: Tree, root: NodeId, source_name: &str, source: String) -> Document {
        Document {
            tree,
            root,
            source_name: source_name.to_string(),
            source,
            messages: Default::default(),
            nodes: Default::default(),
            line_starts: Default::default(),
            included: Vec::new(),
        }
    }

    /// The doctree as docutils' `pformat()` prints it.
    pub fn pformat(&self) -> String {
        self.tree.pformat(self.root)
    }

    /// Every node of the tree in document order (the root's
    /// [`Tree::descendants`]), listed once: rules that look at every node
    /// share the list.
    pub fn nodes(&self) -> &[NodeId] {
        self.nodes.get_or_init(|| self.tree.descendants(self.root))
    }

    /// Every system message in the tree, in document order.
    pub fn messages(&self) -> &[Message] {
        self.messages.get_or_init(|| self.gather_messages())
    }

    /// 1-based line and column (in characters) of a byte offset of the
    /// source. Lines end at `\n`, `\r\n` or a lone `\r`.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let src = &self.source;
        let starts = self.line_starts.get_or_init(|| {
            let b = src.as_bytes();
            let mut v = vec![0];
            for (i, &c) in b.iter().enumerate() {
                if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                    v.push(i + 1);
                }
            }
            v
        });
        let mut off = offset.min(src.len());
        while !src.is_char_boundary(off) {
            off -= 1;
        }
        // The last line start at or before `off`; there is always line 1's.
        let line = starts.partition_point(|&s| s <= off).max(1);
        // Between the `\r` and the `\n` of a CRLF: the text before ends in
        // a lone `\r`, so this is the start of the next line.
        if off > 0 && src.as_bytes()[off - 1] == b'\r' && src.as_bytes().get(off) == Some(&b'\n') {
            return (line as u32 + 1, 1);
        }
        let start = starts[line - 1];
        let col = src[start..off].chars().count() + 1;
        (line as u32, col as u32)
    }

    fn gather_messages(&self) -> Vec<Message> {
        let messages: Vec<NodeId> = self
            .nodes()
            .iter()
            .copied()
            .filter(|&n| self.tree.tag(n) == Tag::SystemMessage)
            .collect();
        // Nodes by id, for the messages that point back at one.
        let wanted: std::collections::HashSet<&str> = messages
            .iter()
            .filter_map(|&n| match self.tree.attr(n, "backrefs") {
                Some(Value::List(refs)) => refs.first().map(String::as_str),
                _ => None,
            })
            .collect();
        let mut by_id: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
        if !wanted.is_empty() {
            for &n in self.nodes() {
                if let Some(Value::List(ids)) = self.tree.attr(n, "ids") {
                    for id in ids {
                        if wanted.contains(id.as_str()) {
                            by_id.entry(id.as_str()).or_insert(self.tree.get(n).span);
                        }
                    }
                }
            }
        }
        messages
            .into_iter()
            .map(|n| {
                let subject = match self.tree.attr(n, "backrefs") {
                    Some(Value::List(refs)) => refs
                        .first()
                        .and_then(|r| by_id.get(r.as_str()))
                        .copied()
                        .filter(|s| s.end > s.start),
                    _ => None,
                };
                let level = match self.tree.attr(n, "level") {
                    Some(Value::Int(l)) => *l as u8,
                    _ => 0,
                };
                let line = match self.tree.attr(n, "line") {
                    Some(Value::Int(l)) => Some(*l as u32),
                    _ => None,
                };
                let text = self
                    .tree
                    .children(n)
                    .first()
                    .filter(|&&p| self.tree.tag(p) == Tag::Paragraph)
                    .map(|&p| self.tree.astext(p))
                    .unwrap_or_default();
                let (family, name) = self.tree.message_about(n).unwrap_or((Family::Other, None));
                Message {
                    level,
                    kind: self.tree.attr_str(n, "type").unwrap_or("").to_string(),
                    line,
                    family,
                    name: name.map(str::to_string),
                    text,
                    span: self.tree.get(n).span,
                    subject,
                }
            })
            .collect()
    }

    #[cfg(feature = "serde")]
    /// The tree as JSON: tag, attributes, span, text and children.
    pub fn to_json(&self) -> serde_json::Value {
        fn node(t: &Tree, id: NodeId, depth: usize) -> serde_json::Value {
            let n = t.get(id);
            if n.tag == node::TEXT {
                return serde_json::json!({"text": t.text_of(id), "span": n.span});
            }
            let attrs: serde_json::Map<String, serde_json::Value> = t
                .attrs(id)
                .map(|(k, v)| (k.to_string(), serde_json::to_value(v).unwrap_or_default()))
                .collect();
            let children: Vec<serde_json::Value> = if depth > 10_000 {
                Vec::new()
            } else {
                t.children(id)
                    .iter()
                    .map(|&c| node(t, c, depth + 1))
                    .collect()
            };
            serde_json::json!({"tag": n.tag, "attributes": attrs, "span": n.span, "children": children})
        }
        node(&self.tree, self.root, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_scans_agree_with_byte_scans() {
        // Every byte value at every position of lines up to 20 bytes long,
        // in a run of printable ASCII.
        for b in 0..=255u8 {
            for len in 0..20 {
                for at in 0..len {
                    let mut line = vec![b'a'; len];
                    line[at] = b;
                    let naive = line.iter().position(|&x| LINE_END_START[usize::from(x)]);
                    assert_eq!(
                        next_line_end_start(&line, 0),
                        naive,
                        "{b:#x} at {at} of {len}"
                    );
                    let printable = line.iter().all(|&x| (0x20..0x80).contains(&x));
                    assert_eq!(printable_ascii(&line), printable, "{b:#x} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn messages_have_their_family() {
        let doc = parse(
            "Title\n=====\n\nA *b\n\n.. nosuch:: x\n\n:nosuch:`y`\n\n  indented\nnot\n",
            &Settings::default(),
            "t.rst",
        );
        let families: Vec<Family> = doc.messages().iter().map(|m| m.family).collect();
        for want in [
            Family::UnclosedInline,
            Family::UnknownDirective,
            Family::UnknownRole,
        ] {
            assert!(families.contains(&want), "{want:?} in {families:?}");
        }
        let named = |f: Family| {
            doc.messages()
                .iter()
                .find(|m| m.family == f)
                .and_then(|m| m.name.clone())
        };
        assert_eq!(named(Family::UnknownDirective).as_deref(), Some("nosuch"));
        assert_eq!(named(Family::UnknownRole).as_deref(), Some("nosuch"));
    }

    #[test]
    fn a_missing_include_is_an_include_message() {
        let dir = std::env::temp_dir().join(format!("stepdoc-rst-include-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        let settings = Settings {
            source_root: Some(dir.clone()),
            ..Settings::default()
        };
        let doc = parse(".. include:: missing.rst\n", &settings, "t.rst");
        let _ = std::fs::remove_dir_all(&dir);
        let m = doc.messages();
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].family, Family::Include);
        assert_eq!(m[0].name.as_deref(), Some("include"));
        assert!(
            m[0].text
                .starts_with("Problems with \"include\" directive path")
        );
    }

    #[test]
    fn string2lines_expands_tabs_and_strips() {
        let (lines, map) = string2lines("a\tb  \r\nc\x0cd\rlast", 8);
        assert_eq!(lines, vec!["a       b", "c d", "last"]);
        assert_eq!(map.original[1], (7, 10));
    }

    #[test]
    fn lines_without_tabs_lie_in_the_source() {
        let src = "plain  \n\tindented\nd\u{e9}j\u{e0}\u{a0}\nff\x0c\n";
        let (expanded, lines, map) = string2buffer(src, 8);
        let texts: Vec<&str> = lines.iter().map(|l| l.text(src, &expanded)).collect();
        assert_eq!(
            texts,
            vec!["plain", "        indented", "d\u{e9}j\u{e0}", "ff"]
        );
        // Only the lines with a tab or a form feed are copied, expanded.
        let copied: Vec<bool> = lines.iter().map(|l| l.expanded).collect();
        assert_eq!(copied, vec![false, true, false, true]);
        assert_eq!(expanded, "        indentedff");
        // A column is a byte offset only on ASCII lines without tabs.
        assert_eq!(map.plain, vec![true, false, false, true]);
    }

    #[test]
    fn decode_reports_offset_and_drops_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFok").unwrap(), "ok");
        assert_eq!(
            decode(b"ab\xFFc"),
            Err(InputError::InvalidUtf8 { offset: 2 })
        );
    }
}
