//! The inline parser (docutils' `Inliner`): emphasis, strong, literals,
//! interpreted text and roles, references, targets, footnote, citation and
//! substitution references, standalone URIs.
//!
//! docutils finds inline markup with regular expressions; this is a port to
//! hand-written scanners that give the same matches (same alternatives, same
//! backtracking order) in linear time: end-string searches and name scans
//! are cached so that a run of unmatched start-strings never rescans the
//! text behind it.

use super::document::{CustomRole, Doc, TextMap, fully_normalize_name, whitespace_normalize_name};
use super::node::{NodeId, Value, restore_backslashes, unescape};
use crate::Family;
use crate::Tag;

#[path = "inline_tables.rs"]
mod tables;

/// Sphinx roles that docutils does not know: they are kept as
/// `<inline role="NAME">` instead of being reported as unknown. Sorted, for
/// [`is_sphinx_role_name`]'s binary search (a test checks it).
pub const SPHINX_ROLES: &[&str] = &[
    "abbr",
    "any",
    "attr",
    "c",
    "class",
    "code",
    "command",
    "confval",
    "const",
    "cpp",
    "data",
    "dfn",
    "doc",
    "download",
    "enum",
    "enumerator",
    "envvar",
    "eq",
    "event",
    "exc",
    "expr",
    "file",
    "func",
    "guilabel",
    "index",
    "js",
    "kbd",
    "keyword",
    "macro",
    "mailheader",
    "makevar",
    "manpage",
    "math",
    "member",
    "menuselection",
    "meth",
    "mimetype",
    "mod",
    "newsgroup",
    "numref",
    "obj",
    "option",
    "pep",
    "program",
    "py",
    "ref",
    "regexp",
    "rfc",
    "rst",
    "samp",
    "struct",
    "term",
    "texpr",
    "token",
    "type",
    "union",
    "var",
];

/// Whether `name` is one of [`SPHINX_ROLES`].
fn is_sphinx_role_name(name: &str) -> bool {
    SPHINX_ROLES.binary_search(&name).is_ok()
}

/// Domain prefixes of Sphinx roles (`py:func`, `c:macro`, `std:ref`, ...).
const SPHINX_DOMAINS: &[&str] = &["py", "c", "cpp", "js", "rst", "std", "math"];

/// The bytes that can start inline markup, an escape, a reference or a
/// standalone URI or e-mail address.
static MARKUP_BYTE: [bool; 256] = crate::byte_set(b"*`_|[:@\\\0");

/// The chars that `patterns.initial` can start with, besides the name
/// characters of a simple reference.
static INITIAL_CHAR: [bool; 256] = crate::byte_set(b"*`_|[:");

/// Parse `text` (lines joined with `\n`, backslash escapes intact) into
/// inline nodes. Returns (nodes, system messages), like `Inliner.parse`.
pub fn parse(
    doc: &mut Doc,
    text: &str,
    lineno: usize,
    parent: NodeId,
    map: &TextMap,
) -> (Vec<NodeId>, Vec<NodeId>) {
    if text.is_empty() {
        return (vec![], vec![]);
    }
    // Text without a byte that can start markup, an escape, a reference or
    // a standalone URI or e-mail address (which need `:` or `@`) is one
    // text node: what the full pass gives it, without its char table.
    if !text.bytes().any(|b| MARKUP_BYTE[usize::from(b)]) {
        let t = doc.tree.text(text);
        let span = doc.span_text(map, text, 0, text.len());
        doc.tree.get_mut(t).span = span;
        return (vec![t], vec![]);
    }
    let mut inl = Inliner::new(doc, text, lineno, parent, map);
    let out = inl.run();
    // The tables go back for the next paragraph.
    inl.doc.inline_scratch = (std::mem::take(&mut inl.s), std::mem::take(&mut inl.off));
    out
}

/// `Inliner.adjust_uri`: e-mail addresses get a `mailto:` scheme.
pub fn adjust_uri(uri: &str) -> String {
    let s: Vec<char> = uri.chars().collect();
    let n = s.len();
    let ok = email_at(&s, 0, n, &mut EmailCache::default(), &|x| {
        x == n || (x + 1 == n && s[x] == '\n')
    })
    .is_some();
    if ok {
        format!("mailto:{uri}")
    } else {
        uri.to_string()
    }
}

// ----- character classes ----------------------------------------------------

fn in_ranges(c: char, table: &[(u32, u32)]) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(a, b)| {
            if b < c {
                std::cmp::Ordering::Less
            } else if a > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Python's `\w` (letters, digits, `_`, as `str.isalnum()` sees them).
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_ranges(c, tables::WORD)
    }
}

/// `(?!_)\w`: a character of a simple reference name.
fn is_name(c: char) -> bool {
    c != '_' && is_word(c)
}

/// Python's `\s`.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

fn is_opener(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '"' | '\'' | '(' | '<' | '[' | '{')
    } else {
        in_ranges(c, tables::OPENERS)
    }
}

fn is_closer(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '"' | '\'' | ')' | '>' | ']' | '}')
    } else {
        in_ranges(c, tables::CLOSERS)
    }
}

fn is_delimiter(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '-' | '/' | ':')
    } else {
        in_ranges(c, tables::DELIMITERS)
    }
}

fn is_closing_delimiter(c: char) -> bool {
    matches!(c, '\\' | '.' | ',' | ';' | '!' | '?')
}

/// The ASCII openers of [`tables::OPENERS_STR`] and their closers, in its
/// order (a test checks it): most characters before a start-string are
/// ASCII, and these spare decoding the whole table.
const ASCII_OPENERS: &[u8] = b"\"'(<\\[{";
const ASCII_CLOSERS: &[u8] = b"\"')>\\]}";

/// `punctuation_chars.match_chars`.
fn match_chars(c1: char, c2: char) -> bool {
    if c1.is_ascii() {
        let Some(i) = ASCII_OPENERS.iter().position(|&o| char::from(o) == c1) else {
            return false;
        };
        return char::from(ASCII_CLOSERS[i]) == c2
            || tables::QUOTE_PAIRS
                .iter()
                .any(|&(o, cs)| o == c1 && cs.contains(c2));
    }
    let Some(i) = tables::OPENERS_STR.chars().position(|c| c == c1) else {
        return false;
    };
    if tables::CLOSERS_STR.chars().nth(i) == Some(c2) {
        return true;
    }
    tables::QUOTE_PAIRS
        .iter()
        .any(|&(o, cs)| o == c1 && cs.contains(c2))
}

fn is_uric(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '_'
                | '.'
                | '!'
                | '~'
                | '*'
                | '\''
                | '('
                | ')'
                | '['
                | ']'
                | ';'
                | '/'
                | ':'
                | '@'
                | '&'
                | '='
                | '+'
                | '$'
                | ','
                | '%'
                | '\0'
        )
}

fn is_urilast(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '~' | '*' | '/' | '=' | '+')
}

fn is_emailc(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '_'
                | '!'
                | '~'
                | '*'
                | '\''
                | '{'
                | '|'
                | '}'
                | '/'
                | '#'
                | '?'
                | '^'
                | '`'
                | '&'
                | '='
                | '+'
                | '$'
                | '%'
                | '\0'
        )
}

fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-')
}

fn is_simplename_sep(c: char) -> bool {
    matches!(c, '-' | '.' | '_' | '+' | ':')
}

/// End of the simple reference name (`simplename`) starting at `p` (a name
/// character): word runs joined by single `[-._+:]` characters.
fn chain_end(s: &[char], p: usize, hi: usize) -> usize {
    let mut j = p;
    loop {
        while j < hi && is_name(s[j]) {
            j += 1;
        }
        if j + 1 < hi && is_simplename_sep(s[j]) && is_name(s[j + 1]) {
            j += 1;
            continue;
        }
        return j;
    }
}

/// `uri_end` at char `k`: a final URI character.
fn uri_end_at(s: &[char], k: usize, hi: usize) -> bool {
    k < hi && (is_urilast(s[k]) || (is_uric(s[k]) && k + 1 < hi && s[k + 1] == '>'))
}

/// End of the run of URI characters starting at `p`.
fn uric_run(s: &[char], p: usize, hi: usize) -> usize {
    let mut j = p;
    while j < hi && is_uric(s[j]) {
        j += 1;
    }
    j
}

/// `\?uric*uri_end` or `\#uric*uri_end` starting at `x` (the `?`/`#`):
/// candidate ends, longest first, passed to `cont`.
fn uri_part(
    s: &[char],
    x: usize,
    hi: usize,
    cont: &mut dyn FnMut(usize) -> Option<usize>,
) -> Option<usize> {
    let r = uric_run(s, x + 1, hi);
    let mut e = r;
    while e > x + 1 {
        if uri_end_at(s, e - 1, hi)
            && let Some(end) = cont(e)
        {
            return Some(end);
        }
        e -= 1;
    }
    None
}

/// What follows the hierarchical part of an absolute URI ending at `e`:
/// optional query, optional fragment, then `accept`.
fn uri_tail(s: &[char], e: usize, hi: usize, accept: &dyn Fn(usize) -> bool) -> Option<usize> {
    let frag_or_accept = |x: usize| -> Option<usize> {
        if x < hi && s[x] == '#' {
            let mut cont = |e3: usize| accept(e3).then_some(e3);
            if let Some(end) = uri_part(s, x, hi, &mut cont) {
                return Some(end);
            }
        }
        accept(x).then_some(x)
    };
    if e < hi && s[e] == '?' {
        let mut cont = |e2: usize| frag_or_accept(e2);
        if let Some(end) = uri_part(s, e, hi, &mut cont) {
            return Some(end);
        }
    }
    frag_or_accept(e)
}

#[derive(Default)]
struct EmailCache {
    /// Local part run: (start, end at the `@` or stop, last `..` position).
    local: Option<(usize, usize, Option<usize>)>,
    /// Host result for an `@` position.
    host: Option<(usize, Option<usize>)>,
}

/// The e-mail alternative of the URI pattern at `i`; returns the match end.
fn email_at(
    s: &[char],
    i: usize,
    hi: usize,
    cache: &mut EmailCache,
    accept: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    if i >= hi || !is_emailc(s[i]) {
        return None;
    }
    let (at, last_dd) = match cache.local {
        Some((lo, at, dd)) if lo <= i && i < at => (at, dd),
        _ => {
            let mut j = i;
            let mut dd = None;
            while j < hi && (is_emailc(s[j]) || s[j] == '.') {
                if s[j] == '.' && j + 1 < hi && s[j + 1] == '.' {
                    dd = Some(j);
                }
                j += 1;
            }
            cache.local = Some((i, j, dd));
            (j, dd)
        }
    };
    if at >= hi || s[at] != '@' || s[at - 1] == '\0' || s[at - 1] == '.' {
        return None;
    }
    if let Some(d) = last_dd
        && d >= i
    {
        return None;
    }
    if let Some((a, r)) = cache.host
        && a == at
    {
        return r;
    }
    let h = at + 1;
    let r = (|| {
        if h >= hi || !is_emailc(s[h]) {
            return None;
        }
        let mut big_h = h;
        while big_h < hi && (is_emailc(s[big_h]) || s[big_h] == '.') {
            big_h += 1;
        }
        let mut k = big_h;
        while k > h {
            if uri_end_at(s, k, hi) && accept(k + 1) {
                return Some(k + 1);
            }
            k -= 1;
        }
        None
    })();
    cache.host = Some((at, r));
    r
}

/// A match of the standalone-URI pattern.
struct UriMatch {
    start: usize,
    end: usize,
    /// The scheme of an absolute URI; `None` for an e-mail address.
    scheme: Option<(usize, usize)>,
}

// ----- the inliner -----------------------------------------------------------

/// Result of a markup handler, in char positions of the escaped text.
struct Out {
    /// End of the text before the construct (added to the unprocessed text).
    before_end: usize,
    inlines: Vec<NodeId>,
    /// Where the remaining text starts.
    remaining: usize,
    msgs: Vec<NodeId>,
}

impl Out {
    fn text_only(end: usize) -> Out {
        Out {
            before_end: end,
            inlines: vec![],
            remaining: end,
            msgs: vec![],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EndKind {
    Emphasis,
    Strong,
    Literal,
    Target,
    Subst,
    Interp,
}

/// The first valid end-string at or after `from`, remembered so that later
/// searches from further on do not rescan (end-string validity does not
/// depend on where the search starts).
#[derive(Clone, Copy, Default)]
struct EndCache {
    valid: bool,
    from: usize,
    result: Option<usize>,
}

/// The simple name around the last start position looked at.
#[derive(Clone, Copy, Default)]
struct ChainCache {
    valid: bool,
    start: usize,
    end: usize,
    best_ref: Option<Option<(usize, usize)>>,
    best_role: Option<Option<usize>>,
}

/// A role implementation (docutils' role functions).
#[derive(Clone, Debug, PartialEq)]
enum RoleImpl {
    Generic(Tag),
    CustomGeneric,
    Pep,
    Rfc,
    Raw,
    Code,
    Math,
    Unimplemented,
    Sphinx(String),
}

/// Options handed to a role function (from `role` directives).
#[derive(Clone, Debug, Default)]
struct RoleOptions {
    classes: Option<Vec<String>>,
    other: Vec<(String, String)>,
}

impl RoleOptions {
    fn get(&self, key: &str) -> Option<&str> {
        self.other
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

struct Inliner<'a> {
    doc: &'a mut Doc,
    text: &'a str,
    map: &'a TextMap,
    s: Vec<char>,
    /// Byte offset in `text` of each char (and of the end); empty when
    /// the text is ASCII, where char `i` is at byte `i`.
    off: Vec<usize>,
    lineno: usize,
    parent: NodeId,
    char_level: bool,
    ends: [EndCache; 6],
    chain: ChainCache,
    /// Char counts carried from one span of the text to the next.
    counted: crate::document::Counted,
    /// The last `_` of the text: a simple reference (`name_`) can only
    /// start before it.
    last_underscore: Option<usize>,
    /// The text has a `:` or an `@`, without which there is no standalone
    /// URI (`scheme:...`) or e-mail address.
    uri_marks: bool,
    /// The text has no backslash and no `\0`: any part of it is a text
    /// node's text as it is.
    plain: bool,
}

impl<'a> Inliner<'a> {
    fn new(
        doc: &'a mut Doc,
        text: &'a str,
        lineno: usize,
        parent: NodeId,
        map: &'a TextMap,
    ) -> Self {
        // escape2null keeps every byte offset: `\x` becomes `\0x`.
        let (mut s, mut off) = std::mem::take(&mut doc.inline_scratch);
        s.clear();
        off.clear();
        let backslash = text.contains('\\');
        if text.is_ascii() && !backslash {
            // Most paragraphs: a char per byte, nothing escaped.
            s.extend(text.bytes().map(char::from));
        } else {
            s.reserve(text.len());
            off.reserve(text.len() + 1);
            let mut escaped = false;
            for (i, c) in text.char_indices() {
                off.push(i);
                if escaped {
                    s.push(c);
                    escaped = false;
                } else if c == '\\' {
                    s.push('\0');
                    escaped = true;
                } else {
                    s.push(c);
                }
            }
            off.push(text.len());
        }
        let char_level = doc.settings.character_level_inline_markup;
        let last_underscore = s.iter().rposition(|&c| c == '_');
        let uri_marks = s.iter().any(|&c| c == ':' || c == '@');
        let plain = !backslash && !text.contains('\0');
        Inliner {
            doc,
            text,
            map,
            s,
            off,
            lineno,
            parent,
            char_level,
            ends: [EndCache::default(); 6],
            chain: ChainCache::default(),
            counted: crate::document::Counted::default(),
            last_underscore,
            uri_marks,
            plain,
        }
    }

    fn n(&self) -> usize {
        self.s.len()
    }

    /// The byte offset in the text of char `i` (`i` up to the end).
    fn byte(&self, i: usize) -> usize {
        if self.off.is_empty() {
            i.min(self.text.len())
        } else {
            self.off[i.min(self.off.len() - 1)]
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn string(&self, a: usize, b: usize) -> std::borrow::Cow<'a, str> {
        let (a, b) = (a.min(b), b.min(self.s.len()));
        // Without a backslash the chars are the text's own bytes.
        let text: &'a str = self.text;
        let bytes = text.get(self.byte(a)..self.byte(b)).unwrap_or("");
        if !bytes.contains('\\') {
            return std::borrow::Cow::Borrowed(bytes);
        }
        std::borrow::Cow::Owned(self.s[a..b].iter().collect())
    }

    fn set_span(&mut self, node: NodeId, a: usize, b: usize) {
        let n = self.s.len();
        let (a, b) = (a.min(n), b.min(n));
        let span = self.doc.span_text_counted(
            self.map,
            self.text,
            self.byte(a),
            self.byte(b.max(a)),
            &self.counted,
        );
        self.doc.tree.get_mut(node).span = span;
    }

    /// The chars `a..b` as written: escapes with their backslashes
    /// (`unescape(text, restore_backslashes=True)`).
    fn raw_string(&self, (a, b): (usize, usize)) -> std::borrow::Cow<'a, str> {
        let s = self.string(a, b);
        if s.contains('\0') {
            restore_backslashes(&s).into()
        } else {
            s
        }
    }

    /// An element located at `a..b` with a text child of the chars
    /// `ta..tb` ([`element`](Self::element) without copying them first).
    fn element_of(&mut self, tag: Tag, (a, b): (usize, usize), (ta, tb): (usize, usize)) -> NodeId {
        let e = self.doc.tree.element(tag);
        self.set_span(e, a, b);
        if ta < tb.min(self.s.len()) {
            let t = self.text_of(ta, tb);
            self.doc.tree.append(e, t);
        }
        e
    }

    /// A text node holding `content`, located at chars `a..b`.
    fn text_node(&mut self, content: &str, a: usize, b: usize) -> NodeId {
        let t = self.doc.tree.text(content);
        self.set_span(t, a, b);
        t
    }

    /// A text node of the chars `a..b` of the text.
    fn text_of(&mut self, a: usize, b: usize) -> NodeId {
        let text: &'a str = self.text;
        let (x, y) = (a.min(b), b.min(self.s.len()));
        let t = match text.get(self.byte(x)..self.byte(y)) {
            Some(bytes) if self.plain => self.doc.tree.plain_text(bytes),
            // Without a backslash the chars are the text's own bytes.
            Some(bytes) if !bytes.contains('\\') => self.doc.tree.text(bytes),
            _ => {
                let content = self.string(a, b);
                self.doc.tree.text(&content)
            }
        };
        self.set_span(t, a, b);
        t
    }

    /// An element located at `a..b` with a text child `content` at `ta..tb`.
    fn element(
        &mut self,
        tag: Tag,
        content: &str,
        (a, b): (usize, usize),
        (ta, tb): (usize, usize),
    ) -> NodeId {
        let e = self.doc.tree.element(tag);
        self.set_span(e, a, b);
        if !content.is_empty() {
            let t = self.text_node(content, ta, tb);
            self.doc.tree.append(e, t);
        }
        e
    }

    // ----- start- and end-string contexts ----------------------------------

    /// `start_string_prefix` at char `i` of a string starting at `lo`.
    fn prefix_ok(&self, i: usize, lo: usize) -> bool {
        if i == lo {
            return true;
        }
        let c = self.s[i - 1];
        if self.char_level {
            c != '\0'
        } else {
            is_space(c) || is_opener(c) || is_delimiter(c)
        }
    }

    /// `end_string_suffix` at char `x` of a string ending at `hi`.
    fn suffix_ok(&self, x: usize, hi: usize) -> bool {
        if self.char_level || x >= hi {
            return true;
        }
        let c = self.s[x];
        is_space(c) || c == '\0' || is_closing_delimiter(c) || is_delimiter(c) || is_closer(c)
    }

    /// `(?!\s)` at `x`.
    fn not_space_at(&self, x: usize) -> bool {
        self.at(x).is_none_or(|c| !is_space(c))
    }

    /// `Inliner.quoted_start` for a match `start..end` in a string starting
    /// at `lo`.
    fn quoted_start(&self, lo: usize, start: usize, end: usize) -> bool {
        if start == lo {
            return false;
        }
        let pre = self.s[start - 1];
        match self.at(end) {
            None => true,
            Some(post) => match_chars(pre, post),
        }
    }

    // ----- the main loop ------------------------------------------------------

    fn run(&mut self) -> (Vec<NodeId>, Vec<NodeId>) {
        let n = self.n();
        let mut processed = Vec::new();
        let mut messages = Vec::new();
        let mut pos = 0;
        let mut unprocessed = 0;
        while pos < n {
            let Some(out) = self.search_initial(pos) else {
                break;
            };
            messages.extend(out.msgs);
            if !out.inlines.is_empty() {
                self.implicit_inline(unprocessed, out.before_end, 0, &mut processed);
                processed.extend(out.inlines);
                unprocessed = out.remaining;
            }
            pos = out.remaining;
        }
        if unprocessed < n {
            self.implicit_inline(unprocessed, n, 0, &mut processed);
        }
        (processed, messages)
    }

    /// Search `patterns.initial` in the remaining text (starting at `lo`)
    /// and dispatch to the handler of what it finds.
    fn search_initial(&mut self, lo: usize) -> Option<Out> {
        let n = self.n();
        // A simple reference (`name_`) starts before the last `_`, at a name
        // character; in word-level markup, not right after another (where
        // the start-string prefix cannot hold).
        let names_until = self.last_underscore.unwrap_or(0);
        let mut i = lo;
        while i < n {
            let c = self.s[i];
            let candidate = if c.is_ascii() {
                INITIAL_CHAR[c as usize]
                    || (i < names_until
                        && c.is_ascii_alphanumeric()
                        && (self.char_level || i == lo || !self.s[i - 1].is_ascii_alphanumeric()))
            } else {
                i < names_until && is_name(c)
            };
            if candidate
                && self.prefix_ok(i, lo)
                && let Some(out) = self.try_at(i, lo)
            {
                return Some(out);
            }
            i += 1;
        }
        None
    }

    /// The alternatives of `patterns.initial` at char `i`.
    fn try_at(&mut self, i: usize, lo: usize) -> Option<Out> {
        let c = self.s[i];
        let next = self.at(i + 1);
        match c {
            '*' => {
                if next == Some('*') {
                    if self.not_space_at(i + 2) {
                        return Some(self.inline_obj(lo, i, i + 2, EndKind::Strong));
                    }
                    None
                } else if self.not_space_at(i + 1) {
                    Some(self.inline_obj(lo, i, i + 1, EndKind::Emphasis))
                } else {
                    None
                }
            }
            '`' => {
                if next == Some('`') {
                    if self.not_space_at(i + 2) {
                        return Some(self.inline_obj(lo, i, i + 2, EndKind::Literal));
                    }
                    None
                } else if self.not_space_at(i + 1) {
                    Some(self.interpreted_or_phrase_ref(lo, i, None, i))
                } else {
                    None
                }
            }
            '_' => {
                if next == Some('`') && self.not_space_at(i + 2) {
                    Some(self.inline_obj(lo, i, i + 2, EndKind::Target))
                } else {
                    None
                }
            }
            '|' => {
                if next != Some('|') && self.not_space_at(i + 1) {
                    Some(self.inline_obj(lo, i, i + 1, EndKind::Subst))
                } else {
                    None
                }
            }
            '[' => self.footnote_reference(i),
            ':' => {
                if !next.is_some_and(is_name) {
                    return None;
                }
                let (start, end) = self.chain_at(i + 1);
                let best = match self.chain.best_role {
                    Some(b) => b,
                    None => {
                        let mut found = None;
                        let mut e = end;
                        while e > start {
                            if is_name(self.s[e - 1]) && self.role_prefix_end_ok(e) {
                                found = Some(e);
                                break;
                            }
                            e -= 1;
                        }
                        self.chain.best_role = Some(found);
                        found
                    }
                };
                match best {
                    Some(e) if e > i + 1 => {
                        Some(self.interpreted_or_phrase_ref(lo, i, Some((i + 1, e)), e + 1))
                    }
                    _ => None,
                }
            }
            _ => {
                // A simple reference: simplename + `__?` + end-string suffix.
                let (start, end) = self.chain_at(i);
                let best = match self.chain.best_ref {
                    Some(b) => b,
                    None => {
                        let mut found = None;
                        let mut e = end;
                        while e > start {
                            if is_name(self.s[e - 1])
                                && let Some(r) = self.refend_at(e)
                            {
                                found = Some((e, r));
                                break;
                            }
                            e -= 1;
                        }
                        self.chain.best_ref = Some(found);
                        found
                    }
                };
                match best {
                    Some((e, r)) if e > i => Some(self.reference(i, e, r)),
                    _ => None,
                }
            }
        }
    }

    /// The simple name containing the name character at `p` (cached).
    fn chain_at(&mut self, p: usize) -> (usize, usize) {
        if self.chain.valid && self.chain.start <= p && p < self.chain.end {
            return (self.chain.start, self.chain.end);
        }
        let end = chain_end(&self.s, p, self.n());
        self.chain = ChainCache {
            valid: true,
            start: p,
            end,
            best_ref: None,
            best_role: None,
        };
        (p, end)
    }

    /// `(?P<refend>__?)` + end-string suffix after a name ending at `e`:
    /// the end of the match.
    fn refend_at(&self, e: usize) -> Option<usize> {
        let n = self.n();
        if self.at(e) != Some('_') {
            return None;
        }
        if self.at(e + 1) == Some('_') && self.suffix_ok(e + 2, n) {
            return Some(e + 2);
        }
        if self.suffix_ok(e + 1, n) {
            return Some(e + 1);
        }
        None
    }

    /// After a role name ending at `e`: `:` then a backquote that is not
    /// followed by a backquote or white space.
    fn role_prefix_end_ok(&self, e: usize) -> bool {
        self.at(e) == Some(':')
            && self.at(e + 1) == Some('`')
            && self.at(e + 2) != Some('`')
            && self.not_space_at(e + 2)
    }

    // ----- end-strings --------------------------------------------------------

    fn kind_index(kind: EndKind) -> usize {
        match kind {
            EndKind::Emphasis => 0,
            EndKind::Strong => 1,
            EndKind::Literal => 2,
            EndKind::Target => 3,
            EndKind::Subst => 4,
            EndKind::Interp => 5,
        }
    }

    /// `(?<![\s\x00])` at `q`.
    fn not_ws_escape_before(&self, q: usize) -> bool {
        q == 0 || {
            let c = self.s[q - 1];
            !(is_space(c) || c == '\0')
        }
    }

    /// Is there a valid end-string of `kind` at `q`? Returns its end.
    fn end_at(&self, kind: EndKind, q: usize) -> Option<usize> {
        let n = self.n();
        let c = self.s[q];
        match kind {
            EndKind::Emphasis => {
                (c == '*' && self.not_ws_escape_before(q) && self.suffix_ok(q + 1, n))
                    .then_some(q + 1)
            }
            EndKind::Strong => (c == '*'
                && self.at(q + 1) == Some('*')
                && self.not_ws_escape_before(q)
                && self.suffix_ok(q + 2, n))
            .then_some(q + 2),
            EndKind::Literal => (c == '`'
                && self.at(q + 1) == Some('`')
                && (q == 0 || !is_space(self.s[q - 1]))
                && self.suffix_ok(q + 2, n))
            .then_some(q + 2),
            EndKind::Target => {
                (c == '`' && self.not_ws_escape_before(q) && self.suffix_ok(q + 1, n))
                    .then_some(q + 1)
            }
            EndKind::Subst => {
                if c != '|' || !self.not_ws_escape_before(q) {
                    return None;
                }
                let mut k = 0;
                while k < 2 && self.at(q + 1 + k) == Some('_') {
                    k += 1;
                }
                (0..=k)
                    .rev()
                    .map(|j| q + 1 + j)
                    .find(|&x| self.suffix_ok(x, n))
            }
            EndKind::Interp => self.interp_end_at(q).map(|(end, _)| end),
        }
    }

    /// `interpreted_or_phrase_ref` end pattern at `q`: the end of the match
    /// and the range of the suffix role (`:role:` with its colons).
    fn interp_end_at(&self, q: usize) -> Option<(usize, Option<(usize, usize)>)> {
        let n = self.n();
        if self.s[q] != '`' {
            return None;
        }
        // (?<!(?<!\x00)[\s\x00])
        if q >= 1 {
            let c = self.s[q - 1];
            if (is_space(c) || c == '\0') && !(q >= 2 && self.s[q - 2] == '\0') {
                return None;
            }
        }
        let x = q + 1;
        let refends = |p: usize| -> &'static [usize] {
            if self.at(p) == Some('_') {
                if self.at(p + 1) == Some('_') {
                    &[2, 1, 0]
                } else {
                    &[1, 0]
                }
            } else {
                &[0]
            }
        };
        if self.at(x) == Some(':') && self.at(x + 1).is_some_and(is_name) {
            let m = chain_end(&self.s, x + 1, n);
            let mut e = m;
            while e > x + 1 {
                if is_name(self.s[e - 1]) && self.at(e) == Some(':') {
                    let r_end = e + 1;
                    for k in refends(r_end) {
                        if self.suffix_ok(r_end + k, n) {
                            return Some((r_end + k, Some((x, r_end))));
                        }
                    }
                }
                e -= 1;
            }
        }
        for k in refends(x) {
            if self.suffix_ok(x + k, n) {
                return Some((x + k, None));
            }
        }
        None
    }

    /// First valid end-string of `kind` at or after `from`.
    fn find_end(&mut self, kind: EndKind, from: usize) -> Option<usize> {
        let ki = Self::kind_index(kind);
        let c = self.ends[ki];
        if c.valid && from >= c.from && c.result.is_none_or(|r| from <= r) {
            return c.result;
        }
        let n = self.n();
        let first = match kind {
            EndKind::Emphasis | EndKind::Strong => '*',
            EndKind::Literal | EndKind::Target | EndKind::Interp => '`',
            EndKind::Subst => '|',
        };
        let mut q = from;
        let mut result = None;
        while q < n {
            if self.s[q] == first && self.end_at(kind, q).is_some() {
                result = Some(q);
                break;
            }
            q += 1;
        }
        self.ends[ki] = EndCache {
            valid: true,
            from,
            result,
        };
        result
    }

    // ----- handlers -------------------------------------------------------------

    fn problematic(&mut self, text: &str, a: usize, b: usize, msg: NodeId) -> NodeId {
        let msgid = self.doc.set_id(msg, Some(self.parent));
        let prb = self.element(Tag::Problematic, text, (a, b), (a, b));
        self.doc.tree.set_attr(prb, "refid", msgid);
        let prbid = self.doc.set_id(prb, None);
        self.doc.tree.push_list_attr(msg, "backrefs", prbid);
        prb
    }

    fn warning(&mut self, family: Family, text: &str) -> NodeId {
        let line = self.lineno;
        self.doc.warning(family, text, vec![], Some(line))
    }

    fn error(&mut self, family: Family, text: &str) -> NodeId {
        let line = self.lineno;
        self.doc.error(family, text, vec![], Some(line))
    }

    /// `Inliner.inline_obj` and the handlers built on it.
    fn inline_obj(&mut self, lo: usize, ms: usize, me: usize, kind: EndKind) -> Out {
        if self.quoted_start(lo, ms, me) {
            return Out::text_only(me);
        }
        let (tag, cls) = match kind {
            EndKind::Emphasis => (Tag::Emphasis, "emphasis"),
            EndKind::Strong => (Tag::Strong, "strong"),
            EndKind::Literal => (Tag::Literal, "literal"),
            EndKind::Target => (Tag::Target, "target"),
            _ => (Tag::SubstitutionReference, "substitution_reference"),
        };
        if let Some(q) = self.find_end(kind, me)
            && q > me
            && let Some(end) = self.end_at(kind, q)
        {
            let mut text = self.string(me, q);
            if kind == EndKind::Literal {
                text = restore_backslashes(&text).into();
            }
            let node = self.element(tag, &text, (ms, end), (me, q));
            let mut inlines = vec![node];
            match kind {
                EndKind::Target => {
                    let name = fully_normalize_name(&self.doc.tree.astext(node));
                    self.doc.tree.push_list_attr(node, "names", name);
                    let parent = self.parent;
                    self.doc.note_explicit_target(node, Some(parent));
                }
                EndKind::Subst => {
                    let subref_text = self.doc.tree.astext(node);
                    self.doc.tree.set_attr(
                        node,
                        "refname",
                        whitespace_normalize_name(&subref_text),
                    );
                    let underscores = end - (q + 1);
                    if underscores > 0 {
                        let r = self.doc.tree.element(Tag::Reference);
                        self.set_span(r, ms, end);
                        if underscores == 2 {
                            self.doc.tree.set_attr(r, "anonymous", Value::Int(1));
                        } else {
                            self.doc.tree.set_attr(
                                r,
                                "refname",
                                fully_normalize_name(&subref_text),
                            );
                        }
                        self.doc.tree.append(r, node);
                        inlines = vec![r];
                    }
                }
                _ => {}
            }
            return Out {
                before_end: ms,
                inlines,
                remaining: end,
                msgs: vec![],
            };
        }
        let msg = self.warning(
            Family::UnclosedInline,
            &format!("Inline {cls} start-string without end-string."),
        );
        let text = self.raw_string((ms, me));
        let prb = self.problematic(&text, ms, me, msg);
        Out {
            before_end: ms,
            inlines: vec![prb],
            remaining: me,
            msgs: vec![msg],
        }
    }

    /// `Inliner.interpreted_or_phrase_ref`: `rs` is where the match (and the
    /// role) starts, `role` the prefix role name, `ms` the backquote.
    fn interpreted_or_phrase_ref(
        &mut self,
        lo: usize,
        rs: usize,
        role: Option<(usize, usize)>,
        ms: usize,
    ) -> Out {
        let me = ms + 1;
        let mut position = "";
        let mut role_name = std::borrow::Cow::Borrowed("");
        if let Some((a, b)) = role {
            role_name = self.string(a, b);
            position = "prefix";
        } else if self.quoted_start(lo, rs, me) {
            return Out::text_only(me);
        }
        if let Some(q) = self.find_end(EndKind::Interp, me)
            && q > me
            && let Some((textend, suffix_role)) = self.interp_end_at(q)
        {
            if suffix_role.is_some() {
                if role.is_some() {
                    let msg = self.warning(
                        Family::Other,
                        "Multiple roles in interpreted text (both prefix and suffix present; \
                         only one allowed).",
                    );
                    let text = self.raw_string((rs, textend));
                    let prb = self.problematic(&text, rs, textend, msg);
                    return Out {
                        before_end: rs,
                        inlines: vec![prb],
                        remaining: textend,
                        msgs: vec![msg],
                    };
                }
                // endmatch.group('suffix')[1:-1]
                role_name = self.string(q + 2, textend - 1);
                position = "suffix";
            }
            if self.s[textend - 1] == '_' {
                if !role_name.is_empty() {
                    let msg = self.warning(
                        Family::Other,
                        &format!(
                            "Mismatch: both interpreted text role {position} and reference suffix."
                        ),
                    );
                    let text = self.raw_string((rs, textend));
                    let prb = self.problematic(&text, rs, textend, msg);
                    return Out {
                        before_end: rs,
                        inlines: vec![prb],
                        remaining: textend,
                        msgs: vec![msg],
                    };
                }
                let anonymous = textend >= 2 && self.s[textend - 2] == '_' && textend - 2 >= q;
                let inlines = self.phrase_ref(ms, textend, anonymous, me, q);
                return Out {
                    before_end: ms,
                    inlines,
                    remaining: textend,
                    msgs: vec![],
                };
            }
            let rawsource = self.raw_string((rs, textend));
            let (nodes, msgs) = self.interpreted(&rawsource, (me, q), &role_name, (rs, textend));
            return Out {
                before_end: rs,
                inlines: nodes,
                remaining: textend,
                msgs,
            };
        }
        let msg = self.warning(
            Family::UnclosedInline,
            "Inline interpreted text or phrase reference start-string without end-string.",
        );
        let text = self.raw_string((ms, me));
        let prb = self.problematic(&text, ms, me, msg);
        Out {
            before_end: ms,
            inlines: vec![prb],
            remaining: me,
            msgs: vec![msg],
        }
    }

    /// `patterns.embedded_link` in `a..b`: (match start, `<` position).
    fn embedded_link(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        if b < a + 3 || self.s[b - 1] != '>' {
            return None;
        }
        let last = self.s[b - 2];
        if is_space(last) || last == '\0' {
            return None;
        }
        let mut j = b - 1;
        let mut open = None;
        while j > a {
            j -= 1;
            let c = self.s[j];
            if c == '<' || c == '>' {
                if j > a && self.s[j - 1] == '\0' {
                    continue;
                }
                if c == '<' {
                    open = Some(j);
                }
                break;
            }
        }
        let l = open?;
        if l + 1 >= b - 1 || is_space(self.s[l + 1]) {
            return None;
        }
        if l == a {
            return Some((a, l));
        }
        let mut st = l;
        while st > a && matches!(self.s[st - 1], ' ' | '\n') {
            st -= 1;
        }
        if st == l {
            return None;
        }
        Some((st, l))
    }

    /// `Inliner.phrase_ref`: the reference (and target) of a phrase
    /// reference spanning `ms..textend` with text `a..b`.
    fn phrase_ref(
        &mut self,
        ms: usize,
        textend: usize,
        anonymous: bool,
        a: usize,
        b: usize,
    ) -> Vec<NodeId> {
        enum Alias {
            Name(String),
            Uri(String),
        }
        let mut text = self.string(a, b);
        let mut text_range = (a, b);
        let mut target = None;
        let mut alias = None;
        if let Some((st, l)) = self.embedded_link(a, b) {
            text = self.string(a, st);
            text_range = (a, st);
            let aliastext = self.string(l + 1, b - 1);
            let underscore_escaped = aliastext.ends_with("\0_");
            let is_name_alias = aliastext.ends_with('_')
                && !(underscore_escaped || self.uri_match_anchored(l + 1, b - 1));
            let t = self.doc.tree.element(Tag::Target);
            self.set_span(t, st, b);
            let al = if is_name_alias {
                let name = fully_normalize_name(&unescape(&aliastext[..aliastext.len() - 1]));
                self.doc.tree.set_attr(t, "refname", name.as_str());
                Alias::Name(name)
            } else {
                let mut parts = Vec::new();
                for part in aliastext.split("\0 ") {
                    for p in part.split("\0\n") {
                        parts.push(p.chars().filter(|c| !is_space(*c)).collect::<String>());
                    }
                }
                let joined = parts.join(" ");
                let mut uri = adjust_uri(&unescape(&joined));
                if uri.ends_with("\\_") {
                    uri.truncate(uri.len() - 2);
                    uri.push('_');
                }
                self.doc.tree.set_attr(t, "refuri", uri.as_str());
                Alias::Uri(uri)
            };
            if text.is_empty() {
                text = match &al {
                    Alias::Name(x) | Alias::Uri(x) => x.clone().into(),
                };
                text_range = (l + 1, b - 1);
            }
            target = Some(t);
            alias = Some(al);
        }
        let unescaped = unescape(&text);
        let refname = fully_normalize_name(&unescaped);
        let reference = self.element(Tag::Reference, &text, (ms, textend), text_range);
        self.doc
            .tree
            .set_attr(reference, "name", whitespace_normalize_name(&unescaped));
        let mut out = vec![reference];
        if anonymous {
            match &alias {
                Some(Alias::Name(x)) => self.doc.tree.set_attr(reference, "refname", x.as_str()),
                Some(Alias::Uri(x)) => self.doc.tree.set_attr(reference, "refuri", x.as_str()),
                None => self
                    .doc
                    .tree
                    .set_attr(reference, "anonymous", Value::Int(1)),
            }
        } else if let (Some(t), Some(al)) = (target, &alias) {
            self.doc.tree.push_list_attr(t, "names", refname);
            match al {
                Alias::Name(x) => self.doc.tree.set_attr(reference, "refname", x.as_str()),
                Alias::Uri(x) => self.doc.tree.set_attr(reference, "refuri", x.as_str()),
            }
            let parent = self.parent;
            self.doc.note_implicit_target(t, Some(parent));
            out.push(t);
        } else {
            self.doc.tree.set_attr(reference, "refname", refname);
        }
        out
    }

    /// `Inliner.footnote_reference` at `[` (char `i`), if the whole
    /// footnote-reference alternative matches there.
    fn footnote_reference(&mut self, i: usize) -> Option<Out> {
        let n = self.n();
        let j = i + 1;
        let closes = |this: &Self, k: usize| -> bool {
            this.at(k) == Some(']') && this.at(k + 1) == Some('_') && this.suffix_ok(k + 2, n)
        };
        // (label range, citation?)
        let mut found: Option<(usize, usize, bool)> = None;
        let c = self.at(j)?;
        if c.is_ascii_digit() {
            let mut k = j;
            while k < n && self.s[k].is_ascii_digit() {
                k += 1;
            }
            if closes(self, k) {
                found = Some((j, k, false));
            }
        }
        if found.is_none() && c == '#' {
            if self.at(j + 1).is_some_and(is_name) {
                let m = chain_end(&self.s, j + 1, n);
                if closes(self, m) {
                    found = Some((j, m, false));
                }
            }
            if found.is_none() && closes(self, j + 1) {
                found = Some((j, j + 1, false));
            }
        }
        if found.is_none() && c == '*' && closes(self, j + 1) {
            found = Some((j, j + 1, false));
        }
        if found.is_none() && is_name(c) {
            let m = chain_end(&self.s, j, n);
            if closes(self, m) {
                found = Some((j, m, true));
            }
        }
        let (la, lb, citation) = found?;
        let end = lb + 2;
        let label = self.string(la, lb);
        let mut refname = fully_normalize_name(&label);
        let node;
        // `document.note_*_ref` give every reference an id.
        if citation {
            node = self.element(Tag::CitationReference, &label, (i, end), (la, lb));
            self.doc.tree.set_attr(node, "refname", refname);
            self.doc.set_id(node, None);
        } else {
            node = self.doc.tree.element(Tag::FootnoteReference);
            self.set_span(node, i, end);
            if let Some(rest) = refname.strip_prefix('#') {
                refname = rest.to_string();
                self.doc.tree.set_attr(node, "auto", Value::Int(1));
                self.doc.set_id(node, None);
            } else if refname == "*" {
                refname.clear();
                self.doc.tree.set_attr(node, "auto", "*");
                self.doc.set_id(node, None);
            } else {
                let t = self.text_node(&label, la, lb);
                self.doc.tree.append(node, t);
            }
            if !refname.is_empty() {
                self.doc.tree.set_attr(node, "refname", refname);
                self.doc.set_id(node, None);
            }
        }
        Some(Out {
            before_end: i,
            inlines: vec![node],
            remaining: end,
            msgs: vec![],
        })
    }

    /// `Inliner.reference`: a simple reference name `a..e`, match end `end`.
    fn reference(&mut self, a: usize, e: usize, end: usize) -> Out {
        let name = self.string(a, e);
        let node = self.element(Tag::Reference, &name, (a, end), (a, e));
        self.doc
            .tree
            .set_attr(node, "name", whitespace_normalize_name(&name));
        if end - e == 2 {
            self.doc.tree.set_attr(node, "anonymous", Value::Int(1));
        } else {
            self.doc
                .tree
                .set_attr(node, "refname", fully_normalize_name(&name));
        }
        Out {
            before_end: a,
            inlines: vec![node],
            remaining: end,
            msgs: vec![],
        }
    }

    // ----- interpreted text and roles -------------------------------------------

    /// `Inliner.interpreted`.
    fn interpreted(
        &mut self,
        rawsource: &str,
        text: (usize, usize),
        role: &str,
        span: (usize, usize),
    ) -> (Vec<NodeId>, Vec<NodeId>) {
        let lineno = self.lineno;
        let (found, mut messages) = resolve_role(self.doc, role, lineno, 0);
        match found {
            Some((imp, opts)) => {
                let (nodes, msgs2) = self.apply_role(&imp, role, &opts, rawsource, text, span);
                messages.extend(msgs2);
                (nodes, messages)
            }
            None => {
                let msg = self.error(
                    Family::UnknownRole,
                    &format!("Unknown interpreted text role \"{role}\"."),
                );
                self.doc.tree.set_message_name(msg, role);
                let prb = self.problematic(rawsource, span.0, span.1, msg);
                messages.push(msg);
                (vec![prb], messages)
            }
        }
    }

    /// Sphinx's `:pep:` and `:rfc:`: an explicit title (`title <8#id>`)
    /// and an anchor after the number are allowed.
    fn sphinx_pep_rfc(
        &mut self,
        pep: bool,
        text: &str,
        opts: &RoleOptions,
        rawsource: &str,
        (a, b): (usize, usize),
        span: (usize, usize),
    ) -> (Vec<NodeId>, Vec<NodeId>) {
        let un = unescape(text);
        let (title, target) = match un
            .trim_end()
            .strip_suffix('>')
            .and_then(|r| r.rsplit_once('<'))
        {
            Some((title, target)) if !title.trim().is_empty() => {
                (Some(title.trim().to_string()), target.trim().to_string())
            }
            _ => (None, un.trim().to_string()),
        };
        let (num, anchor) = match target.split_once('#') {
            Some((n, a)) => (n.trim().to_string(), Some(a.to_string())),
            None => (target.clone(), None),
        };
        let kind = if pep { "PEP" } else { "RFC" };
        let Some(num) = py_int(&num).filter(|n| *n >= i64::from(!pep)) else {
            let msg = self.error(Family::Other, &format!("invalid {kind} number {target}"));
            let prb = self.problematic(rawsource, span.0, span.1, msg);
            return (vec![prb], vec![msg]);
        };
        let mut uri = if pep {
            format!("https://peps.python.org/pep-{num:04}/")
        } else {
            format!("https://datatracker.ietf.org/doc/html/rfc{num}.html")
        };
        if let Some(anchor) = anchor {
            uri.push('#');
            uri.push_str(&anchor);
        }
        let shown = title.unwrap_or_else(|| format!("{kind} {target}"));
        let node = self.element(Tag::Reference, &shown, span, (a, b));
        self.doc.tree.set_attr(node, "refuri", uri);
        self.set_options(node, opts);
        (vec![node], vec![])
    }

    fn set_options(&mut self, node: NodeId, opts: &RoleOptions) {
        if let Some(cl) = &opts.classes {
            for c in cl {
                self.doc.tree.push_list_attr(node, "classes", c.as_str());
            }
        }
    }

    fn apply_role(
        &mut self,
        imp: &RoleImpl,
        role: &str,
        opts: &RoleOptions,
        rawsource: &str,
        (a, b): (usize, usize),
        span: (usize, usize),
    ) -> (Vec<NodeId>, Vec<NodeId>) {
        // The roles that keep their text as it is take it from the chars.
        let plain = match imp {
            RoleImpl::Generic(tag) => Some((*tag, None)),
            RoleImpl::CustomGeneric => Some((Tag::Inline, None)),
            RoleImpl::Sphinx(name) => Some((Tag::Inline, Some(name.as_str()))),
            _ => None,
        };
        if let Some((tag, sphinx)) = plain {
            let node = self.element_of(tag, span, (a, b));
            if let Some(name) = sphinx {
                self.doc.tree.set_attr(node, "role", name);
            }
            self.set_options(node, opts);
            if sphinx.is_none() {
                for (k, v) in &opts.other {
                    self.doc.tree.set_attr(node, k, v.as_str());
                }
            }
            return (vec![node], vec![]);
        }
        let text = self.string(a, b);
        match imp {
            // Made above.
            RoleImpl::Generic(_) | RoleImpl::CustomGeneric | RoleImpl::Sphinx(_) => {
                (vec![], vec![])
            }
            RoleImpl::Math => {
                let t = restore_backslashes(&text);
                let node = self.element(Tag::Math, &t, span, (a, b));
                self.set_options(node, opts);
                (vec![node], vec![])
            }
            RoleImpl::Unimplemented => {
                let msg = self.error(
                    Family::Other,
                    &format!("Interpreted text role \"{role}\" not implemented."),
                );
                let prb = self.problematic(rawsource, span.0, span.1, msg);
                (vec![prb], vec![msg])
            }
            RoleImpl::Pep | RoleImpl::Rfc if self.doc.settings.sphinx => self.sphinx_pep_rfc(
                matches!(imp, RoleImpl::Pep),
                &text,
                opts,
                rawsource,
                (a, b),
                span,
            ),
            RoleImpl::Pep => {
                let num = py_int(&unescape(&text)).filter(|n| (0..=9999).contains(n));
                let Some(num) = num else {
                    let msg = self.error(
                        Family::Other,
                        &format!(
                            "PEP number must be a number from 0 to 9999; \"{text}\" is invalid."
                        ),
                    );
                    let prb = self.problematic(rawsource, span.0, span.1, msg);
                    return (vec![prb], vec![msg]);
                };
                let node = self.element(Tag::Reference, &format!("PEP {text}"), span, (a, b));
                self.doc.tree.set_attr(
                    node,
                    "refuri",
                    format!("https://peps.python.org/pep-{num:04}"),
                );
                self.set_options(node, opts);
                (vec![node], vec![])
            }
            RoleImpl::Rfc => {
                let un = unescape(&text);
                let (num, section) = if text.contains('#') {
                    match un.split_once('#') {
                        Some((x, y)) => (x.to_string(), Some(y.to_string())),
                        None => (un.clone(), None),
                    }
                } else {
                    (un.clone(), None)
                };
                let Some(num) = py_int(&num).filter(|n| *n >= 1) else {
                    let msg = self.error(
                        Family::Other,
                        &format!(
                            "RFC number must be a number greater than or equal to 1; \
                         \"{text}\" is invalid."
                        ),
                    );
                    let prb = self.problematic(rawsource, span.0, span.1, msg);
                    return (vec![prb], vec![msg]);
                };
                let mut uri = format!("https://tools.ietf.org/html/rfc{num}.html");
                if let Some(sec) = section {
                    uri.push('#');
                    uri.push_str(&sec);
                }
                let node = self.element(Tag::Reference, &format!("RFC {num}"), span, (a, b));
                self.doc.tree.set_attr(node, "refuri", uri);
                self.set_options(node, opts);
                (vec![node], vec![])
            }
            RoleImpl::Raw => {
                if !self.doc.settings.raw_enabled {
                    let msg = self.doc.warning(
                        Family::Other,
                        "raw (and derived) roles disabled",
                        vec![],
                        None,
                    );
                    let prb = self.problematic(rawsource, span.0, span.1, msg);
                    return (vec![prb], vec![msg]);
                }
                let Some(format) = opts.get("format").map(str::to_string) else {
                    let msg = self.error(
                        Family::Other,
                        &format!(
                            "No format (Writer name) is associated with this role: \"{role}\".\n\
                         The \"raw\" role cannot be used directly.\n\
                         Instead, use the \"role\" directive to create a new role with an \
                         associated format."
                        ),
                    );
                    let prb = self.problematic(rawsource, span.0, span.1, msg);
                    return (vec![prb], vec![msg]);
                };
                let t = restore_backslashes(&text);
                let node = self.element(Tag::Raw, &t, span, (a, b));
                self.doc.tree.set_attr(node, "format", format);
                self.doc.tree.set_attr(node, "xml:space", "preserve");
                self.set_options(node, opts);
                let line = self.lineno;
                self.doc.tree.get_mut(node).set_line(Some(line as u32));
                (vec![node], vec![])
            }
            RoleImpl::Code => {
                let mut language = if role != "code" {
                    role.to_string()
                } else {
                    String::new()
                };
                if let Some(l) = opts.get("language") {
                    language = l.to_string();
                }
                if language.to_lowercase() == "none" {
                    language.clear();
                }
                let mut classes = vec!["code".to_string()];
                if let Some(cl) = &opts.classes {
                    classes.extend(cl.iter().cloned());
                }
                if !language.is_empty() && !classes.contains(&language) {
                    classes.push(language);
                }
                let t = restore_backslashes(&text);
                let node = self.element(Tag::Literal, &t, span, (a, b));
                self.doc
                    .tree
                    .set_attr(node, "classes", Value::List(classes));
                (vec![node], vec![])
            }
        }
    }

    // ----- implicit inline markup (standalone URIs) ---------------------------

    /// `Inliner.implicit_inline` on chars `a..b`, its nodes appended to `out`.
    fn implicit_inline(&mut self, a: usize, b: usize, depth: usize, out: &mut Vec<NodeId>) {
        let mut cur = a;
        while cur < b {
            let found = if depth > 20 {
                None
            } else {
                self.uri_search(cur, b)
            };
            let Some(m) = found else {
                out.push(self.text_of(cur, b));
                break;
            };
            let scheme_ok = match m.scheme {
                None => true,
                Some((x, y)) => {
                    let sch = self.string(x, y).to_lowercase();
                    tables::URI_SCHEMES.binary_search(&sch.as_str()).is_ok()
                }
            };
            if !scheme_ok {
                out.push(self.text_of(cur, b));
                break;
            }
            if m.start > cur {
                self.implicit_inline(cur, m.start, depth + 1, out);
            }
            let text = self.string(m.start, m.end);
            let refuri = if m.scheme.is_none() {
                format!("mailto:{}", unescape(&text))
            } else {
                unescape(&text)
            };
            let r = self.element(Tag::Reference, &text, (m.start, m.end), (m.start, m.end));
            self.doc.tree.set_attr(r, "refuri", refuri);
            out.push(r);
            cur = m.end;
        }
    }

    /// `patterns.uri.search` in the string `lo..hi`.
    fn uri_search(&self, lo: usize, hi: usize) -> Option<UriMatch> {
        if !self.uri_marks || !self.s[lo..hi].iter().any(|&c| c == ':' || c == '@') {
            return None;
        }
        let mut scheme_cache: Option<(usize, usize)> = None;
        let mut body_cache: Option<(usize, Option<usize>)> = None;
        let mut email_cache = EmailCache::default();
        let accept = |x: usize| self.suffix_ok(x, hi);
        // A match runs from its start over scheme or e-mail characters (all
        // `emailc` or `.`) to a `:` or `@`: a start whose run ends at any
        // other character, or at the end, cannot match, nor can any start
        // in that run. `run_end` is the mark that ends the current run.
        let in_run = |c: char| is_emailc(c) || c == '.';
        let (mut skip_to, mut run_end) = (lo, lo);
        for i in lo..hi {
            if i < skip_to {
                continue;
            }
            if i >= run_end {
                let mut k = i;
                while k < hi && in_run(self.s[k]) {
                    k += 1;
                }
                if k < hi && matches!(self.s[k], ':' | '@') {
                    run_end = k;
                } else {
                    skip_to = k + 1;
                    continue;
                }
            }
            let c = self.s[i];
            if !(c.is_ascii_alphanumeric() || is_emailc(c)) || !self.prefix_ok(i, lo) {
                continue;
            }
            if c.is_ascii_alphabetic() {
                let colon = match scheme_cache {
                    Some((st, end)) if st <= i && i < end => end,
                    _ => {
                        let mut j = i + 1;
                        while j < hi && is_scheme_char(self.s[j]) {
                            j += 1;
                        }
                        scheme_cache = Some((i, j));
                        j
                    }
                };
                if colon < hi && self.s[colon] == ':' {
                    let b = colon + 1;
                    let r = uric_run(&self.s, b, hi);
                    let best = match body_cache {
                        Some((rr, best)) if rr == r => best,
                        _ => {
                            let mut found = None;
                            let mut e = r;
                            while e > b {
                                if uri_end_at(&self.s, e - 1, hi)
                                    && let Some(end) = uri_tail(&self.s, e, hi, &accept)
                                {
                                    found = Some((e, end));
                                    break;
                                }
                                e -= 1;
                            }
                            body_cache = Some((r, found.map(|(e, _)| e)));
                            found.map(|(e, _)| e)
                        }
                    };
                    if let Some(e) = best
                        && e > b
                        && let Some(end) = uri_tail(&self.s, e, hi, &accept)
                    {
                        return Some(UriMatch {
                            start: i,
                            end,
                            scheme: Some((i, colon)),
                        });
                    }
                }
            }
            if let Some(end) = email_at(&self.s, i, hi, &mut email_cache, &accept) {
                return Some(UriMatch {
                    start: i,
                    end,
                    scheme: None,
                });
            }
        }
        None
    }

    /// `patterns.uri.match` on the string `lo..hi`.
    fn uri_match_anchored(&self, lo: usize, hi: usize) -> bool {
        if lo >= hi {
            return false;
        }
        let accept = |x: usize| self.suffix_ok(x, hi);
        let c = self.s[lo];
        if c.is_ascii_alphabetic() {
            let mut j = lo + 1;
            while j < hi && is_scheme_char(self.s[j]) {
                j += 1;
            }
            if j < hi && self.s[j] == ':' {
                let b = j + 1;
                let r = uric_run(&self.s, b, hi);
                let mut e = r;
                while e > b {
                    if uri_end_at(&self.s, e - 1, hi) && uri_tail(&self.s, e, hi, &accept).is_some()
                    {
                        return true;
                    }
                    e -= 1;
                }
            }
        }
        email_at(&self.s, lo, hi, &mut EmailCache::default(), &accept).is_some()
    }
}

/// Python's `int()` on a string: optional sign, digits with single
/// underscores between them, surrounding white space.
fn py_int(s: &str) -> Option<i64> {
    let t = s.trim_matches(is_space);
    let (neg, digits) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') {
        return None;
    }
    let mut v: i64 = 0;
    let mut prev_us = false;
    for c in digits.chars() {
        if c == '_' {
            if prev_us {
                return None;
            }
            prev_us = true;
            continue;
        }
        prev_us = false;
        let d = c.to_digit(10)?;
        v = v.saturating_mul(10).saturating_add(d as i64);
    }
    Some(if neg { -v } else { v })
}

// ----- role registry ------------------------------------------------------------

/// The role-name table of the language module for `code`, and its name.
fn language_module(code: &str) -> (&'static str, &'static [(&'static str, &'static str)]) {
    if code == "en" {
        return english();
    }
    // A plain lowercase code (`en`, `fr`) is a module name as it is.
    if code.bytes().all(|b| b.is_ascii_lowercase())
        && let Some((name, roles)) = tables::LANGUAGE_ROLES.iter().find(|(m, _)| *m == code)
    {
        return (name, roles);
    }
    let norm = code.to_lowercase().replace('_', "-");
    let mut tags = vec![norm.clone()];
    let mut cur = norm.as_str();
    while let Some((head, _)) = cur.rsplit_once('-') {
        tags.push(head.to_string());
        cur = head;
    }
    for tag in tags {
        let module = tag.replace('-', "_");
        if let Some((name, roles)) = tables::LANGUAGE_ROLES.iter().find(|(m, _)| *m == module) {
            return (name, roles);
        }
    }
    english()
}

fn english() -> (&'static str, &'static [(&'static str, &'static str)]) {
    static EN: std::sync::LazyLock<&'static [(&'static str, &'static str)]> =
        std::sync::LazyLock::new(|| {
            tables::LANGUAGE_ROLES
                .iter()
                .find(|(m, _)| *m == "en")
                .map_or(&[][..], |(_, r)| *r)
        });
    ("en", *EN)
}

fn table_get(table: &[(&'static str, &'static str)], name: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

/// The role function registered under a canonical name.
fn canonical_impl(name: &str) -> Option<RoleImpl> {
    Some(match name {
        "abbreviation" => RoleImpl::Generic(Tag::Abbreviation),
        "acronym" => RoleImpl::Generic(Tag::Acronym),
        "emphasis" => RoleImpl::Generic(Tag::Emphasis),
        "literal" => RoleImpl::Generic(Tag::Literal),
        "strong" => RoleImpl::Generic(Tag::Strong),
        "subscript" => RoleImpl::Generic(Tag::Subscript),
        "superscript" => RoleImpl::Generic(Tag::Superscript),
        "title-reference" => RoleImpl::Generic(Tag::TitleReference),
        "pep-reference" => RoleImpl::Pep,
        "rfc-reference" => RoleImpl::Rfc,
        "raw" => RoleImpl::Raw,
        "code" => RoleImpl::Code,
        "math" => RoleImpl::Math,
        "index"
        | "named-reference"
        | "anonymous-reference"
        | "uri-reference"
        | "footnote-reference"
        | "citation-reference"
        | "substitution-reference"
        | "target"
        | "restructuredtext-unimplemented-role" => RoleImpl::Unimplemented,
        _ => return None,
    })
}

fn is_sphinx_role(doc: &Doc, name: &str) -> bool {
    // `bdg-*` names a family of roles by its prefix.
    if doc
        .settings
        .extra_roles
        .iter()
        .any(|r| match r.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => r == name,
        })
    {
        return true;
    }
    if is_sphinx_role_name(name) {
        return true;
    }
    match name.split_once(':') {
        Some((domain, rest)) => SPHINX_DOMAINS.contains(&domain) && !rest.is_empty(),
        None => false,
    }
}

/// Is `normname` a role docutils knows in the current language, in English
/// or by canonical name?
fn docutils_knows(doc: &Doc, normname: &str) -> bool {
    let (_, table) = language_module(&doc.settings.language_code);
    if let Some(c) = table_get(table, normname) {
        return canonical_impl(c).is_some();
    }
    // An English page has just looked in the English table.
    let english = english().1;
    if !std::ptr::eq(table, english)
        && let Some(c) = table_get(english, normname)
    {
        return canonical_impl(c).is_some();
    }
    canonical_impl(normname).is_some()
}

/// Resolve a role name: custom roles (the `role` directive), the default
/// role, roles already looked up, Sphinx roles, then docutils' lookup with
/// its messages.
fn resolve_role(
    doc: &mut Doc,
    name: &str,
    lineno: usize,
    depth: usize,
) -> (Option<(RoleImpl, RoleOptions)>, Vec<NodeId>) {
    if depth > 16 {
        return (None, vec![]);
    }
    // Most role names are written in lowercase ASCII: no copy for them.
    let normname: std::borrow::Cow<str> = if name.bytes().any(|b| !b.is_ascii_lowercase()) {
        name.to_lowercase().into()
    } else {
        name.into()
    };
    // The maps are empty on most pages: no hashing then.
    if !doc.custom_roles.is_empty()
        && let Some(cr) = doc.custom_roles.get(normname.as_ref()).cloned()
    {
        return (Some(custom_role(doc, &cr, lineno, depth)), vec![]);
    }
    if normname.is_empty()
        && let Some(d) = doc.default_role.clone()
        && !d.is_empty()
    {
        let (found, _) = resolve_role(doc, &d, lineno, depth + 1);
        if found.is_some() {
            return (found, vec![]);
        }
    }
    if !doc.local_roles.is_empty()
        && let Some(c) = doc.local_roles.get(normname.as_ref())
        && let Some(imp) = canonical_impl(c)
    {
        return (Some((imp, RoleOptions::default())), vec![]);
    }
    if !normname.is_empty() && !docutils_knows(doc, &normname) && is_sphinx_role(doc, name) {
        return (
            Some((RoleImpl::Sphinx(name.to_string()), RoleOptions::default())),
            vec![],
        );
    }
    // roles.role()
    let mut msg_text: Vec<String> = Vec::new();
    let mut canonical: Option<String> = None;
    if !name.is_empty() {
        let (module, table) = language_module(&doc.settings.language_code);
        match table_get(table, &normname) {
            Some(c) => canonical = Some(c.to_string()),
            None => msg_text.push(format!(
                "No role entry for \"{name}\" in module \"docutils.parsers.rst.languages.{module}\"."
            )),
        }
    } else {
        canonical = Some("title-reference".to_string());
    }
    let canonical = match canonical {
        Some(c) => c,
        None => match table_get(english().1, &normname) {
            Some(c) => {
                msg_text.push(format!("Using English fallback for role \"{name}\"."));
                c.to_string()
            }
            None => {
                msg_text.push(format!("Trying \"{name}\" as canonical role name."));
                normname.to_string()
            }
        },
    };
    let mut messages = Vec::new();
    if !msg_text.is_empty() {
        messages.push(doc.info(
            Family::LanguageFallback,
            &msg_text.join("\n"),
            vec![],
            Some(lineno),
        ));
    }
    match canonical_impl(&canonical) {
        Some(imp) => {
            doc.local_roles.insert(normname.into_owned(), canonical);
            (Some((imp, RoleOptions::default())), messages)
        }
        None => (None, messages),
    }
}

/// A role made by the `role` directive: its base role with the directive's
/// options (which override those of a custom base role).
fn custom_role(
    doc: &mut Doc,
    cr: &CustomRole,
    lineno: usize,
    depth: usize,
) -> (RoleImpl, RoleOptions) {
    let mut opts = RoleOptions {
        classes: if cr.classes.is_empty() {
            None
        } else {
            Some(cr.classes.clone())
        },
        other: Vec::new(),
    };
    for (k, v) in &cr.options {
        if k == "class" || k == "classes" {
            opts.classes = Some(v.split_whitespace().map(str::to_string).collect());
        } else {
            opts.other.push((k.clone(), v.clone()));
        }
    }
    if cr.base.is_empty() {
        return (RoleImpl::CustomGeneric, opts);
    }
    let (found, _) = resolve_role(doc, &cr.base, lineno, depth + 1);
    match found {
        Some((imp, base_opts)) => {
            let mut merged = base_opts;
            if opts.classes.is_some() {
                merged.classes = opts.classes;
            }
            for (k, v) in opts.other {
                merged.other.retain(|(kk, _)| *kk != k);
                merged.other.push((k, v));
            }
            (imp, merged)
        }
        None => (RoleImpl::CustomGeneric, opts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_openers_are_the_tables_own() {
        let ascii = |t: &str| -> Vec<(usize, char)> {
            t.chars()
                .enumerate()
                .filter(|(_, c)| c.is_ascii())
                .collect()
        };
        let o = ascii(tables::OPENERS_STR);
        let c = ascii(tables::CLOSERS_STR);
        assert_eq!(
            o.iter().map(|p| p.0).collect::<Vec<_>>(),
            (0..7).collect::<Vec<_>>()
        );
        assert_eq!(
            o.iter().map(|p| p.1 as u8).collect::<Vec<_>>(),
            ASCII_OPENERS
        );
        assert_eq!(
            c.iter().map(|p| p.1 as u8).collect::<Vec<_>>(),
            ASCII_CLOSERS
        );
        assert!(match_chars('(', ')') && match_chars('"', '"') && !match_chars('(', ']'));
        assert!(!match_chars('a', 'a'));
    }

    #[test]
    fn sphinx_roles_are_sorted_for_their_binary_search() {
        assert!(SPHINX_ROLES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_sphinx_role_name("ref") && is_sphinx_role_name("any"));
        assert!(!is_sphinx_role_name("emphasis"));
    }
}
