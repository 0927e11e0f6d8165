//! The block parser: a line-based state machine in the shape of docutils'
//! `statemachine` and `parsers.rst.states`, so that its output, messages
//! included, is the same.
//!
//! A [`Machine`] walks a list of [`Line`]s in one [`St`]ate; each line is
//! matched against the state's transitions in order and the matching method
//! runs. Nested blocks (list items, block quotes, directive content) run a
//! nested machine over their own lines. Control flow that docutils expresses
//! with exceptions (end of input, transition and state corrections) is the
//! [`Flow`] error type here.

// Ported index loops and wide signatures read closer to docutils this way.
#![allow(
    clippy::needless_range_loop,
    clippy::too_many_arguments,
    clippy::ptr_arg
)]

use super::document::{
    Doc, TextMap, TextSeg, TitleStyle, fully_normalize_name, whitespace_normalize_name,
};
use super::node::{NodeId, Span, TEXT, Value};
use super::patterns::{self as pat, EnumFormat, char_len, skip_chars};
use super::tableparser::{self, TableData};
use crate::Family;
use crate::Tag;
use std::rc::Rc;

/// One line of input: its text (indentation of enclosing blocks removed),
/// the 0-based source line it comes from and how many columns were removed.
/// Both fit in a `u32`, as the input's length does (see `parse_inner`):
/// a line takes 24 bytes.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: LineText,
    pub abs: u32,
    pub col: u32,
}

/// The text of a line: a shared buffer and where the line lies in it, so
/// that nested blocks strip indentation without copying. Lines without tabs
/// or form feeds lie in the document's source itself; the others in one
/// buffer of their expanded text.
#[derive(Clone)]
pub struct LineText {
    buf: Rc<String>,
    off: u32,
    end: u32,
}

impl PartialEq for LineText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for LineText {}

impl LineText {
    /// The line `start..end` of a shared buffer (both on char boundaries,
    /// within the buffer, whose length fits in a `u32`: the parser takes no
    /// longer input, see `parse_inner`).
    pub fn shared(buf: &Rc<String>, start: usize, end: usize) -> LineText {
        LineText {
            buf: buf.clone(),
            off: start as u32,
            end: end as u32,
        }
    }

    pub fn as_str(&self) -> &str {
        // `off` only ever moves by whole characters (see `skip_chars`), and
        // `end` is a line's end in the buffer.
        &self.buf[self.off as usize..self.end as usize]
    }

    /// Drop the first `n` characters.
    pub fn skip_chars(&mut self, n: usize) {
        // At most the line's length, which fits in a `u32` as `end` does.
        self.off += pat::char_to_byte(self.as_str(), n) as u32;
    }
}

impl std::ops::Deref for LineText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for LineText {
    fn from(s: String) -> Self {
        let end = u32::try_from(s.len()).unwrap_or(u32::MAX);
        LineText {
            buf: Rc::new(s),
            off: 0,
            end,
        }
        .clamped()
    }
}

impl From<&str> for LineText {
    fn from(s: &str) -> Self {
        LineText::from(s.to_string())
    }
}

impl LineText {
    /// A line made from a string longer than 4 GiB keeps its first 4 GiB
    /// (cut at a character boundary).
    fn clamped(mut self) -> Self {
        while !self.buf.is_char_boundary(self.end as usize) {
            self.end -= 1;
        }
        self
    }
}

impl std::fmt::Debug for LineText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for LineText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The input of a machine: a window on shared lines (docutils' `StringList`
/// views), so a nested list parse over "the rest of the lines" copies nothing.
#[derive(Debug, Clone)]
pub struct Lines {
    data: Rc<[Line]>,
    start: usize,
    end: usize,
}

impl Lines {
    /// The lines from `from` (relative) to the end, sharing storage.
    pub fn tail(&self, from: usize) -> Lines {
        let start = (self.start + from).min(self.end);
        Lines {
            data: self.data.clone(),
            start,
            end: self.end,
        }
    }
}

impl std::ops::Deref for Lines {
    type Target = [Line];
    fn deref(&self) -> &[Line] {
        &self.data[self.start..self.end]
    }
}

impl From<Vec<Line>> for Lines {
    fn from(v: Vec<Line>) -> Self {
        let end = v.len();
        Lines {
            data: Rc::from(v),
            start: 0,
            end,
        }
    }
}

impl From<Rc<[Line]>> for Lines {
    fn from(data: Rc<[Line]>) -> Self {
        let end = data.len();
        Lines {
            data,
            start: 0,
            end,
        }
    }
}

/// States of the machine (docutils' state classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum St {
    Body,
    BulletList,
    DefinitionList,
    EnumeratedList,
    FieldList,
    OptionList,
    LineBlock,
    ExtensionOptions,
    /// The `meta` directive's field list (docutils' `MetaBody`).
    MetaBody,
    Explicit,
    Text,
    Definition,
    Line,
    SubstitutionDef,
    QuotedLiteralBlock,
}

/// Transitions (docutils' transition names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tr {
    Blank,
    Indent,
    Bullet,
    Enumerator,
    FieldMarker,
    OptionMarker,
    Doctest,
    LineBlock,
    GridTableTop,
    SimpleTableTop,
    ExplicitMarkup,
    Anonymous,
    Line,
    Text,
    Underline,
    EmbeddedDirective,
    InitialQuoted,
    Quoted,
}

const BODY_TRANSITIONS: [Tr; 14] = [
    Tr::Blank,
    Tr::Indent,
    Tr::Bullet,
    Tr::Enumerator,
    Tr::FieldMarker,
    Tr::OptionMarker,
    Tr::Doctest,
    Tr::LineBlock,
    Tr::GridTableTop,
    Tr::SimpleTableTop,
    Tr::ExplicitMarkup,
    Tr::Anonymous,
    Tr::Line,
    Tr::Text,
];
const TEXT_TRANSITIONS: [Tr; 4] = [Tr::Blank, Tr::Indent, Tr::Underline, Tr::Text];
const SUBST_TRANSITIONS: [Tr; 4] = [Tr::Blank, Tr::Indent, Tr::EmbeddedDirective, Tr::Text];

/// Non-local exits of a transition method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// docutils' `EOFError`: this machine is done.
    Eof,
    /// Back up one line and retry in the same state with one transition.
    TransitionCorrection(Tr),
    /// Back up one line and retry in another state.
    StateCorrection(St, Option<Tr>),
}

pub type R<T> = Result<T, Flow>;

/// A match of a transition pattern: the end of the match in characters and,
/// for enumerators, the parsed marker.
#[derive(Debug, Clone)]
pub struct Match {
    pub end: usize,
    pub enumerator: Option<(EnumFormat, String)>,
    pub name: Option<String>,
}

impl Match {
    fn at(end: usize) -> Self {
        Match {
            end,
            enumerator: None,
            name: None,
        }
    }
}

/// A state machine over one block of lines.
pub struct Machine {
    pub lines: Lines,
    pub input_offset: usize,
    pub line_offset: isize,
    pub state: St,
    /// The node that receives what this machine parses (`self.parent`).
    pub node: NodeId,
    pub match_titles: bool,
    pub section_level_offset: isize,
    /// The outermost machine: its position is the reporter's default line.
    pub top: bool,
    pub blank_finish: bool,
    // EnumeratedList state
    pub lastordinal: i64,
    pub enum_format: EnumFormat,
    pub auto: bool,
    // QuotedLiteralBlock state
    pub quote: Option<char>,
    pub qlb_messages: Vec<NodeId>,
    pub qlb_initial_lineno: usize,
}

impl Machine {
    pub fn new(lines: impl Into<Lines>, input_offset: usize, state: St, node: NodeId) -> Self {
        Machine {
            lines: lines.into(),
            input_offset,
            line_offset: -1,
            state,
            node,
            match_titles: false,
            section_level_offset: 0,
            top: false,
            blank_finish: true,
            lastordinal: 0,
            enum_format: EnumFormat::Period,
            auto: false,
            quote: None,
            qlb_messages: Vec::new(),
            qlb_initial_lineno: 0,
        }
    }

    pub fn line(&self) -> &str {
        usize::try_from(self.line_offset)
            .ok()
            .and_then(|i| self.lines.get(i))
            .map(|l| l.text.as_str())
            .unwrap_or("")
    }

    pub fn cur(&self) -> usize {
        self.line_offset.max(0) as usize
    }

    pub fn abs_line_offset(&self) -> usize {
        (self.line_offset + self.input_offset as isize).max(0) as usize
    }

    pub fn abs_line_number(&self) -> usize {
        self.abs_line_offset() + 1
    }

    /// `input_lines.info(i)` with Python's negative indexing: the source line.
    fn info(&self, i: isize) -> Option<usize> {
        let n = self.lines.len() as isize;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            None
        } else {
            Some(self.lines[j as usize].abs as usize)
        }
    }

    /// `get_source_and_line(lineno)`: the 1-based source line.
    pub fn source_line(&self, lineno: Option<usize>) -> Option<usize> {
        let off = match lineno {
            None => self.line_offset,
            Some(l) => l as isize - self.input_offset as isize - 1,
        };
        self.line_at(off)
    }

    /// The 1-based source line at relative offset `off`. Just past the end,
    /// docutils' `StringList.info` gives no line and `get_source_and_line`
    /// falls back to the line before plus one.
    pub fn line_at(&self, off: isize) -> Option<usize> {
        let n = self.lines.len() as isize;
        if off == n && n > 0 {
            return self.info(off - 1).map(|l| l + 2);
        }
        self.info(off).map(|l| l + 1)
    }

    pub fn at_eof(&self) -> bool {
        self.line_offset >= self.lines.len() as isize - 1
    }

    pub fn is_next_line_blank(&self) -> bool {
        let i = self.line_offset + 1;
        if i < 0 || i as usize >= self.lines.len() {
            return true;
        }
        self.lines[i as usize].text.trim().is_empty()
    }

    /// The lines from `start` (relative) to the end, for a nested machine.
    pub fn rest_from(&self, start: usize) -> Lines {
        self.lines.tail(start)
    }
}

/// `StringList.get_indented`: the indented block from `start`.
pub fn get_indented(
    lines: &[Line],
    start: usize,
    until_blank: bool,
    strip_indent: bool,
    block_indent: Option<usize>,
    first_indent: Option<usize>,
) -> (Vec<Line>, usize, bool) {
    let mut indent = block_indent;
    let mut end = start;
    let first_indent = if block_indent.is_some() && first_indent.is_none() {
        block_indent
    } else {
        first_indent
    };
    if first_indent.is_some() {
        end += 1;
    }
    let last = lines.len();
    let mut blank_finish = true;
    while end < last {
        let line = &lines[end].text;
        if !line.is_empty()
            && (!line.starts_with(' ')
                || block_indent.is_some_and(|bi| !pat::take_chars(line, bi).trim().is_empty()))
        {
            blank_finish = end > start && lines[end - 1].text.trim().is_empty();
            break;
        }
        let stripped = line.trim_start();
        if stripped.is_empty() {
            if until_blank {
                blank_finish = true;
                break;
            }
        } else if block_indent.is_none() {
            // The white space before the text, counted alone.
            let line_indent = char_len(&line[..line.len() - stripped.len()]);
            indent = Some(match indent {
                None => line_indent,
                Some(i) => i.min(line_indent),
            });
        }
        end += 1;
    }
    let mut block: Vec<Line> = lines[start.min(last)..end.min(last)].to_vec();
    if let Some(fi) = first_indent
        && let Some(first) = block.first_mut()
    {
        trim_line(first, fi);
    }
    if let Some(ind) = indent
        && ind > 0
        && strip_indent
    {
        let skip = usize::from(first_indent.is_some());
        for l in block.iter_mut().skip(skip) {
            trim_line(l, ind);
        }
    }
    (block, indent.unwrap_or(0), blank_finish)
}

/// `line[n:]` keeping the column bookkeeping.
pub fn trim_line(l: &mut Line, n: usize) {
    l.text.skip_chars(n);
    l.col += n as u32;
}

/// Make `line` the one line of the state's context, in the room the last
/// context left (a paragraph starts one each time).
fn set_context(ctx: &mut Vec<String>, line: &str) {
    ctx.truncate(1);
    match ctx.first_mut() {
        Some(first) => {
            first.clear();
            first.push_str(line);
        }
        None => ctx.push(line.to_string()),
    }
}

fn join(lines: &[Line]) -> String {
    let mut s = String::new();
    join_into(lines, &mut s);
    s
}

/// The lines' texts joined with newlines, appended to `s`.
fn join_into(lines: &[Line], s: &mut String) {
    let size = lines.iter().map(|l| l.text.len() + 1).sum::<usize>();
    s.reserve(size);
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&l.text);
    }
}

/// The text map of lines joined with newlines, its segments written in
/// `segs` (emptied first).
fn text_map(lines: &[Line], mut segs: Vec<TextSeg>) -> TextMap {
    segs.clear();
    let mut off = 0;
    for l in lines {
        segs.push(TextSeg {
            text_offset: off,
            line: l.abs as usize,
            col: l.col as usize,
        });
        off += l.text.len() + 1;
    }
    let ascii = lines.iter().all(|l| l.text.is_ascii());
    TextMap { segs, ascii }
}

/// docutils' `escape2null`: backslash escapes become `\0` markers.
pub fn escape2null(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push('\0');
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Python's `str.split()` on escaped-whitespace boundaries (docutils'
/// `split_escaped_whitespace`).
fn split_escaped_whitespace(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split("\0 ") {
        for p in part.split("\0\n") {
            out.push(p.to_string());
        }
    }
    out
}

/// Display width in columns, as docutils' `column_width`.
pub fn column_width(text: &str) -> usize {
    // ASCII: a column per byte.
    if text.is_ascii() {
        return text.len();
    }
    let mut w = 0usize;
    for c in text.chars() {
        if is_combining(c) {
            continue;
        }
        w += if tableparser::is_wide(c) { 2 } else { 1 };
    }
    w
}

/// Whether `c` combines with the character before it (zero display width).
pub fn is_combining(c: char) -> bool {
    // No ASCII character combines (the first combining marks are U+0300).
    !c.is_ascii() && unicode_normalization::char::canonical_combining_class(c) != 0
}

/// The parser: the document being built plus the state machine methods.
pub struct Parser {
    pub doc: Doc,
}

impl Parser {
    // ----- machine movement ----------------------------------------------

    fn sync(&mut self, sm: &Machine) {
        self.doc.current_line = sm.info(sm.line_offset).map(|l| l + 1);
        if sm.top {
            self.doc.top_line_offset = sm.line_at(sm.line_offset).map(|l| l - 1);
        }
    }

    pub fn next_line(&mut self, sm: &mut Machine, n: isize) -> R<()> {
        sm.line_offset += n;
        self.sync(sm);
        if sm.line_offset < 0 || sm.line_offset as usize >= sm.lines.len() {
            return Err(Flow::Eof);
        }
        Ok(())
    }

    pub fn previous_line(&mut self, sm: &mut Machine, n: isize) {
        sm.line_offset -= n;
        self.sync(sm);
    }

    /// `RSTState.goto_line`: move to an absolute offset, EOF ignored.
    pub fn goto_line(&mut self, sm: &mut Machine, abs_line_offset: usize) {
        sm.line_offset = abs_line_offset as isize - sm.input_offset as isize;
        self.sync(sm);
    }

    /// `get_indented()` at the current line, advancing to its last line.
    pub fn get_indented_here(
        &mut self,
        sm: &mut Machine,
        until_blank: bool,
        strip_indent: bool,
    ) -> (Vec<Line>, usize, usize, bool) {
        let mut offset = sm.abs_line_offset();
        let (mut indented, indent, blank_finish) =
            get_indented(&sm.lines, sm.cur(), until_blank, strip_indent, None, None);
        if !indented.is_empty() {
            let _ = self.next_line(sm, indented.len() as isize - 1);
        }
        while !indented.is_empty() && indented[0].text.trim().is_empty() {
            indented.remove(0);
            offset += 1;
        }
        (indented, indent, offset, blank_finish)
    }

    pub fn get_known_indented(
        &mut self,
        sm: &mut Machine,
        indent: usize,
        until_blank: bool,
        strip_indent: bool,
    ) -> (Vec<Line>, usize, bool) {
        let mut offset = sm.abs_line_offset();
        let (mut indented, _, blank_finish) = get_indented(
            &sm.lines,
            sm.cur(),
            until_blank,
            strip_indent,
            Some(indent),
            None,
        );
        let _ = self.next_line(sm, indented.len() as isize - 1);
        while !indented.is_empty() && indented[0].text.trim().is_empty() {
            indented.remove(0);
            offset += 1;
        }
        (indented, offset, blank_finish)
    }

    pub fn get_first_known_indented(
        &mut self,
        sm: &mut Machine,
        indent: usize,
        until_blank: bool,
        strip_indent: bool,
        strip_top: bool,
    ) -> (Vec<Line>, usize, usize, bool) {
        let mut offset = sm.abs_line_offset();
        let (mut indented, indent, blank_finish) = get_indented(
            &sm.lines,
            sm.cur(),
            until_blank,
            strip_indent,
            None,
            Some(indent),
        );
        let _ = self.next_line(sm, indented.len() as isize - 1);
        if strip_top {
            while !indented.is_empty() && indented[0].text.trim().is_empty() {
                indented.remove(0);
                offset += 1;
            }
        }
        (indented, indent, offset, blank_finish)
    }

    /// `get_text_block(flush_left)`: Err carries the block when an indented
    /// line interrupts it (docutils' `UnexpectedIndentationError`).
    pub fn get_text_block(
        &mut self,
        sm: &mut Machine,
        flush_left: bool,
    ) -> Result<Vec<Line>, (Vec<Line>, usize)> {
        let start = sm.cur();
        let mut end = start;
        let last = sm.lines.len();
        let mut err_line = None;
        while end < last {
            let line = &sm.lines[end].text;
            if line.trim().is_empty() {
                break;
            }
            if flush_left && line.starts_with(' ') {
                err_line = Some(sm.lines[end].abs as usize + 1);
                break;
            }
            end += 1;
        }
        let block = sm.lines[start..end].to_vec();
        let _ = self.next_line(sm, block.len() as isize - 1);
        match err_line {
            Some(l) => Err((block, l)),
            None => Ok(block),
        }
    }

    // ----- the run loop ----------------------------------------------------

    /// `StateMachine.run`.
    pub fn run(&mut self, sm: &mut Machine) {
        let mut context: Vec<String> = Vec::new();
        let mut only: Option<Tr> = None;
        loop {
            let res = match self.next_line(sm, 1) {
                Err(f) => Err(f),
                Ok(()) => self.check_line(sm, &mut context, only),
            };
            let res = match res {
                Err(Flow::Eof) => match self.eof(sm, &mut context) {
                    Ok(()) => break,
                    Err(f) => Err(f),
                },
                other => other,
            };
            match res {
                Ok(next) => {
                    only = None;
                    if let Some(s) = next {
                        sm.state = s;
                    }
                }
                Err(Flow::Eof) => break,
                Err(Flow::TransitionCorrection(t)) => {
                    self.previous_line(sm, 1);
                    only = Some(t);
                }
                Err(Flow::StateCorrection(s, t)) => {
                    self.previous_line(sm, 1);
                    only = t;
                    sm.state = s;
                }
            }
        }
    }

    fn transitions(state: St) -> &'static [Tr] {
        match state {
            St::Text | St::Definition | St::Line => &TEXT_TRANSITIONS,
            St::SubstitutionDef => &SUBST_TRANSITIONS,
            St::QuotedLiteralBlock => &[],
            _ => &BODY_TRANSITIONS,
        }
    }

    fn matches(&self, sm: &Machine, tr: Tr) -> Option<Match> {
        let line = sm.line();
        match tr {
            Tr::Blank => pat::is_blank(line).then(|| Match::at(0)),
            Tr::Indent => line
                .starts_with(' ')
                .then(|| Match::at(char_len(line) - char_len(line.trim_start_matches(' ')))),
            Tr::Bullet => pat::bullet(line).map(Match::at),
            Tr::Enumerator => pat::enumerator(line).map(|(f, t, e)| Match {
                end: e,
                enumerator: Some((f, t)),
                name: None,
            }),
            Tr::FieldMarker => pat::field_marker(line).map(Match::at),
            Tr::OptionMarker => pat::option_marker(line).map(Match::at),
            Tr::Doctest => pat::doctest(line).map(Match::at),
            Tr::LineBlock => pat::line_block(line).map(Match::at),
            Tr::GridTableTop => pat::grid_table_top(line).then(|| Match::at(char_len(line))),
            Tr::SimpleTableTop => pat::simple_table_top(line).then(|| Match::at(char_len(line))),
            Tr::ExplicitMarkup => pat::explicit_markup(line).map(Match::at),
            Tr::Anonymous => pat::anonymous(line).map(Match::at),
            Tr::Line | Tr::Underline => pat::line(line).then(|| Match::at(char_len(line))),
            Tr::Text => Some(Match::at(0)),
            Tr::EmbeddedDirective => pat::embedded_directive(line).map(|(n, e)| Match {
                end: e,
                enumerator: None,
                name: Some(n),
            }),
            Tr::InitialQuoted => line
                .chars()
                .next()
                .filter(|c| pat::is_nonalphanum7bit(*c))
                .map(|_| Match::at(1)),
            Tr::Quoted => match (sm.quote, line.chars().next()) {
                (Some(q), Some(c)) if q == c => Some(Match::at(1)),
                _ => None,
            },
        }
    }

    fn check_line(
        &mut self,
        sm: &mut Machine,
        ctx: &mut Vec<String>,
        only: Option<Tr>,
    ) -> R<Option<St>> {
        let qlb_order: Vec<Tr>;
        let single: [Tr; 1];
        let order: &[Tr] = if let Some(t) = only {
            single = [t];
            &single
        } else if sm.state == St::QuotedLiteralBlock {
            qlb_order = if sm.quote.is_some() {
                vec![Tr::Quoted, Tr::Blank, Tr::Indent, Tr::Text]
            } else {
                vec![Tr::Blank, Tr::Indent, Tr::InitialQuoted, Tr::Text]
            };
            &qlb_order
        } else {
            Self::transitions(sm.state)
        };
        for &tr in order {
            if let Some(m) = self.matches(sm, tr) {
                return self.dispatch(sm, tr, m, ctx);
            }
        }
        Ok(None)
    }

    fn invalid_body(&mut self, sm: &mut Machine) -> R<Option<St>> {
        self.previous_line(sm, 1);
        Err(Flow::Eof)
    }

    fn dispatch(
        &mut self,
        sm: &mut Machine,
        tr: Tr,
        m: Match,
        ctx: &mut Vec<String>,
    ) -> R<Option<St>> {
        use St::*;
        let state = sm.state;
        match state {
            Body | SubstitutionDef => {
                if state == SubstitutionDef {
                    match tr {
                        Tr::EmbeddedDirective => return self.subst_embedded_directive(sm, &m),
                        Tr::Text => {
                            if !sm.at_eof() {
                                sm.blank_finish = sm.is_next_line_blank();
                            }
                            return Err(Flow::Eof);
                        }
                        _ => {}
                    }
                }
                self.body_transition(sm, tr, &m, ctx)
            }
            BulletList | DefinitionList | EnumeratedList | FieldList | OptionList | LineBlock
            | ExtensionOptions | MetaBody | Explicit => {
                let own = matches!(
                    (state, tr),
                    (BulletList, Tr::Bullet)
                        | (DefinitionList, Tr::Text)
                        | (EnumeratedList, Tr::Enumerator)
                        | (FieldList | ExtensionOptions | MetaBody, Tr::FieldMarker)
                        | (OptionList, Tr::OptionMarker)
                        | (LineBlock, Tr::LineBlock)
                        | (Explicit, Tr::ExplicitMarkup | Tr::Anonymous)
                );
                if tr == Tr::Blank && !matches!(state, LineBlock | Explicit) {
                    return Ok(None);
                }
                if !own {
                    return self.invalid_body(sm);
                }
                match (state, tr) {
                    (BulletList, _) => {
                        let bullet = sm
                            .line()
                            .chars()
                            .next()
                            .map(String::from)
                            .unwrap_or_default();
                        if self.doc.tree.attr_str(sm.node, "bullet") != Some(bullet.as_str()) {
                            return self.invalid_body(sm);
                        }
                        let (item, bf) = self.list_item(sm, m.end);
                        self.doc.append(sm.node, item);
                        sm.blank_finish = bf;
                        Ok(None)
                    }
                    (DefinitionList, _) => {
                        set_context(ctx, sm.line());
                        Ok(Some(Definition))
                    }
                    (EnumeratedList, _) => self.enumerated_list_next(sm, &m),
                    (MetaBody, _) => {
                        // `MetaBody.field_marker` leaves `blank_finish` alone.
                        let node = super::directives::misc::parse_meta(self, sm, &m);
                        self.doc.append(sm.node, node);
                        Ok(None)
                    }
                    (FieldList | ExtensionOptions, _) => {
                        let (field, bf) = self.field(sm, &m, state == ExtensionOptions);
                        self.doc.append(sm.node, field);
                        sm.blank_finish = bf;
                        Ok(None)
                    }
                    (OptionList, _) => match self.option_list_item(sm, &m) {
                        Ok(Ok((item, bf))) => {
                            self.doc.append(sm.node, item);
                            sm.blank_finish = bf;
                            Ok(None)
                        }
                        Ok(Err(_)) => self.invalid_body(sm),
                        Err(f) => Err(f),
                    },
                    (LineBlock, _) => {
                        let lineno = sm.abs_line_number();
                        let (line, messages, bf) = self.line_block_line(sm, &m, lineno);
                        self.doc.append(sm.node, line);
                        if let Some(pp) = self.doc.tree.parent(sm.node) {
                            self.doc.extend(pp, messages);
                        }
                        sm.blank_finish = bf;
                        Ok(None)
                    }
                    (Explicit, Tr::ExplicitMarkup) => {
                        let (nodes, bf) = self.explicit_construct(sm, &m);
                        self.doc.extend(sm.node, nodes);
                        sm.blank_finish = bf;
                        Ok(None)
                    }
                    (Explicit, _) => {
                        let (nodes, bf) = self.anonymous_target(sm, &m);
                        self.doc.extend(sm.node, nodes);
                        sm.blank_finish = bf;
                        Ok(None)
                    }
                    _ => self.invalid_body(sm),
                }
            }
            Text => match tr {
                Tr::Blank => self.text_blank(sm, ctx),
                Tr::Indent => self.text_indent(sm, ctx),
                Tr::Underline => self.text_underline(sm, ctx),
                _ => self.text_text(sm, ctx),
            },
            Definition => match tr {
                Tr::Indent => {
                    let (item, bf) = self.definition_list_item(sm, ctx);
                    self.doc.append(sm.node, item);
                    sm.blank_finish = bf;
                    Ok(Some(DefinitionList))
                }
                _ => Err(Flow::Eof),
            },
            Line => match tr {
                Tr::Blank => self.line_blank(sm, ctx),
                Tr::Text | Tr::Indent => self.line_text(sm, ctx),
                Tr::Underline => self.line_underline(sm, ctx),
                _ => Err(Flow::Eof),
            },
            QuotedLiteralBlock => self.qlb_transition(sm, tr, ctx),
        }
    }

    fn eof(&mut self, sm: &mut Machine, ctx: &mut Vec<String>) -> R<()> {
        match sm.state {
            St::Text => {
                if !ctx.is_empty() {
                    self.text_blank(sm, ctx)?;
                }
                Ok(())
            }
            St::Definition => {
                self.previous_line(sm, 2);
                Ok(())
            }
            St::Line => {
                let marker = ctx
                    .first()
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default();
                if char_len(&marker) < 4 {
                    return self.state_correction(sm, ctx, 1);
                }
                let line = sm.source_line(None).map(|l| l.saturating_sub(1));
                self.add_transition(sm, line);
                Ok(())
            }
            St::QuotedLiteralBlock => {
                self.qlb_eof(sm, ctx);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn add_transition(&mut self, sm: &mut Machine, line: Option<usize>) {
        let t = self.doc.tree.element(Tag::Transition);
        self.doc.tree.get_mut(t).set_line(line.map(|l| l as u32));
        // The marker line: the one `line` names (docutils' line, one
        // past the marker, 1-based), else at the end of input the last
        // non-blank line read.
        let near = |i: usize| sm.lines.get(i).filter(|l| !l.text.trim().is_empty());
        let cur = sm.cur().min(sm.lines.len().saturating_sub(1));
        let marker = match line {
            Some(l) => {
                let abs = l.saturating_sub(1);
                [cur, cur.saturating_sub(1), cur.saturating_sub(2)]
                    .into_iter()
                    .filter_map(near)
                    .find(|m| m.abs as usize == abs)
                    .map_or((abs, 0), |m| (m.abs as usize, m.col as usize))
            }
            None => match near(cur).or_else(|| near(cur.saturating_sub(1))) {
                Some(m) => (m.abs as usize, m.col as usize),
                None => (usize::MAX, 0),
            },
        };
        if marker.0 != usize::MAX {
            let span = self.doc.span_lines(marker.0, marker.1, marker.0);
            self.doc.tree.get_mut(t).span = span;
        }
        self.doc.append(sm.node, t);
    }

    // ----- nested parsing --------------------------------------------------

    /// `RSTState.nested_parse`: parse `block` into `node` with a Body machine.
    /// Returns the absolute line offset where the nested machine stopped.
    pub fn nested_parse(
        &mut self,
        sm: &mut Machine,
        block: impl Into<Lines>,
        input_offset: usize,
        node: NodeId,
        match_titles: bool,
    ) -> usize {
        self.nested_parse_state(sm, block, input_offset, node, match_titles, St::Body)
    }

    pub fn nested_parse_state(
        &mut self,
        sm: &mut Machine,
        block: impl Into<Lines>,
        input_offset: usize,
        node: NodeId,
        match_titles: bool,
        state: St,
    ) -> usize {
        let mut match_titles = match_titles;
        if node == sm.node && !matches!(self.doc.tree.tag(node), Tag::Document | Tag::Section) {
            match_titles = false;
        }
        let mut nm = Machine::new(block, input_offset, state, node);
        nm.match_titles = match_titles;
        if match_titles {
            let l_node = self.section_hierarchy(node).len() as isize;
            let l_start =
                (self.section_hierarchy(sm.node).len()).min(self.doc.title_styles.len()) as isize;
            nm.section_level_offset = l_start - l_node;
        }
        self.run_nested(&mut nm);
        if match_titles && node == sm.node {
            sm.node = nm.node;
        }
        nm.abs_line_offset()
    }

    fn run_nested(&mut self, nm: &mut Machine) {
        if self.doc.depth >= self.doc.settings.max_depth {
            // Too deep to descend further: keep the text, say why.
            let text = join(&nm.lines);
            let first = nm.lines.first().map(|l| l.abs as usize + 1);
            let lb = self.doc.literal_block(&text);
            let msg = self.doc.error(
                Family::Other,
                &format!(
                    "Nesting too deep (more than {} levels); content kept as a literal block.",
                    self.doc.settings.max_depth
                ),
                vec![lb],
                first,
            );
            self.doc.append(nm.node, msg);
            nm.line_offset = nm.lines.len() as isize;
            return;
        }
        self.doc.depth += 1;
        // Each level of nesting may need more stack than the thread has.
        stacker::maybe_grow(crate::STACK_RED_ZONE, crate::STACK_SEGMENT, || self.run(nm));
        self.doc.depth -= 1;
    }

    /// `nested_list_parse`: returns (absolute line offset, blank_finish).
    #[allow(clippy::too_many_arguments)]
    pub fn nested_list_parse(
        &mut self,
        block: impl Into<Lines>,
        input_offset: usize,
        node: NodeId,
        state: St,
        blank_finish: bool,
        setup: impl FnOnce(&mut Machine),
    ) -> (usize, bool) {
        let mut nm = Machine::new(block, input_offset, state, node);
        nm.blank_finish = blank_finish;
        setup(&mut nm);
        self.run_nested(&mut nm);
        (nm.abs_line_offset(), nm.blank_finish)
    }

    fn section_hierarchy(&self, node: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur {
            if self.doc.tree.tag(n) == Tag::Section {
                out.push(n);
            }
            cur = self.doc.tree.parent(n);
        }
        out.reverse();
        out
    }

    // ----- sections ----------------------------------------------------------

    fn section(
        &mut self,
        sm: &mut Machine,
        title: &str,
        source: &str,
        style: TitleStyle,
        lineno: usize,
        messages: Vec<NodeId>,
        title_line: &Line,
    ) {
        if self.check_subsection(sm, source, &style, lineno) {
            self.new_subsection(sm, title, lineno, messages, title_line);
        }
    }

    fn check_subsection(
        &mut self,
        sm: &mut Machine,
        source: &str,
        style: &TitleStyle,
        lineno: usize,
    ) -> bool {
        let parent_sections = self.section_hierarchy(sm.node);
        let oldlevel = parent_sections.len() as isize + sm.section_level_offset;
        let newlevel = match self.doc.title_styles.iter().position(|s| s == style) {
            Some(i) => i as isize + 1,
            None => self.doc.title_styles.len() as isize + 1,
        };
        let styles = self
            .doc
            .title_styles
            .iter()
            .map(TitleStyle::display)
            .collect::<Vec<_>>()
            .join(" ");
        if newlevel > oldlevel + 1 {
            let lb = self.doc.literal_block(source);
            let p = self.doc.tree.element_with_text(
                Tag::Paragraph,
                &format!("Established title styles: {styles}"),
            );
            let msg = self.doc.error(
                Family::SectionStructure,
                &format!("Inconsistent title style: skip from level {oldlevel} to {newlevel}."),
                vec![lb, p],
                Some(lineno),
            );
            self.doc.append(sm.node, msg);
            return false;
        }
        if newlevel <= oldlevel {
            let idx = parent_sections.len() as isize + (newlevel - oldlevel - 1);
            let new_parent = if idx >= 0 && (idx as usize) < parent_sections.len() {
                self.doc.tree.parent(parent_sections[idx as usize])
            } else {
                None
            };
            let Some(new_parent) = new_parent else {
                let lb = self.doc.literal_block(source);
                let p1 = self.doc.tree.element_with_text(
                    Tag::Paragraph,
                    &format!("Established title styles: {styles}"),
                );
                let details = format!(
                    "The parent of level {newlevel} sections cannot be reached. The parser is at section level {oldlevel} but the current node has only {} parent section(s).\nOne reason may be a high level section used in a directive that parses its content into a base node not attached to the document\n(up to Docutils 0.21, these sections were silently dropped).",
                    parent_sections.len()
                );
                let p2 = self.doc.tree.element_with_text(Tag::Paragraph, &details);
                let msg = self.doc.error(
                    Family::Other,
                    &format!("A level {newlevel} section cannot be used here."),
                    vec![lb, p1, p2],
                    Some(lineno),
                );
                self.doc.append(sm.node, msg);
                return false;
            };
            sm.node = new_parent;
            self.doc.section_level = (newlevel - 1).max(0) as usize;
        }
        if newlevel > self.doc.title_styles.len() as isize {
            self.doc.title_styles.push(style.clone());
        }
        true
    }

    fn new_subsection(
        &mut self,
        sm: &mut Machine,
        title: &str,
        lineno: usize,
        messages: Vec<NodeId>,
        title_line: &Line,
    ) {
        let section = self.doc.tree.element(Tag::Section);
        // docutils gives a section the line where it is appended (setup_child).
        let span = self.doc.span_lines(
            title_line.abs as usize,
            title_line.col as usize,
            title_line.abs as usize,
        );
        self.doc.tree.get_mut(section).span = span;
        self.doc.append(sm.node, section);
        let map = TextMap::single(
            title_line.abs as usize,
            title_line.col as usize
                + (char_len(&title_line.text) - char_len(title_line.text.trim_start())),
        );
        let (textnodes, title_messages) = self.inline_text_map(title, lineno, sm.node, &map);
        let titlenode = self.doc.tree.element(Tag::Title);
        self.doc.tree.get_mut(titlenode).span = self.doc.span_text(&map, title, 0, title.len());
        self.doc.extend(titlenode, textnodes);
        let name = fully_normalize_name(&self.doc.tree.astext(titlenode));
        self.doc.tree.push_list_attr(section, "names", name);
        self.doc.append(section, titlenode);
        self.doc.extend(section, messages);
        self.doc.extend(section, title_messages);
        self.doc.note_implicit_target(section, Some(section));
        sm.node = section;
        self.doc.section_level += 1;
    }

    // ----- inline ------------------------------------------------------------

    pub fn inline_text_map(
        &mut self,
        text: &str,
        lineno: usize,
        parent: NodeId,
        map: &TextMap,
    ) -> (Vec<NodeId>, Vec<NodeId>) {
        super::inline::parse(&mut self.doc, text, lineno, parent, map)
    }

    /// Inline-parse text that came from `lines` (joined with newlines).
    pub fn inline_lines(
        &mut self,
        text: &str,
        lineno: usize,
        parent: NodeId,
        lines: &[Line],
    ) -> (Vec<NodeId>, Vec<NodeId>) {
        // The segments' room is kept from paragraph to paragraph.
        let map = text_map(lines, std::mem::take(&mut self.doc.text_map_scratch));
        let out = self.inline_text_map(text, lineno, parent, &map);
        self.doc.text_map_scratch = map.segs;
        out
    }

    /// `RSTState.paragraph`: (nodes, literal block follows).
    fn paragraph(
        &mut self,
        sm: &mut Machine,
        lines: &[Line],
        lineno: usize,
    ) -> (Vec<NodeId>, bool) {
        // The text goes back to the scratch buffer once parsed (a nested
        // paragraph, if there were one, would find the buffer empty).
        let mut text = std::mem::take(&mut self.doc.paragraph_scratch);
        text.clear();
        join_into(lines, &mut text);
        text.truncate(text.trim_end().len());
        let literalnext = ends_with_unescaped_colons(&text);
        if literalnext {
            if text.len() == 2 {
                self.doc.paragraph_scratch = text;
                return (vec![], true);
            }
            let before = &text[..text.len() - 2];
            let keep = if matches!(before.chars().last(), Some(' ') | Some('\n')) {
                before.trim_end().len()
            } else {
                text.len() - 1
            };
            text.truncate(keep);
        }
        let (textnodes, messages) = self.inline_lines(&text, lineno, sm.node, lines);
        self.doc.paragraph_scratch = text;
        let p = self.doc.tree.element(Tag::Paragraph);
        self.doc
            .tree
            .get_mut(p)
            .set_line(sm.source_line(Some(lineno)).map(|l| l as u32));
        self.set_block_span(p, lines);
        self.doc.extend(p, textnodes);
        let mut out = vec![p];
        out.extend(messages);
        (out, literalnext)
    }

    fn unindent_warning(&mut self, sm: &Machine, node_name: &str) -> NodeId {
        let lineno = sm.abs_line_number() + 1;
        self.doc.warning(
            Family::UnexpectedUnindent,
            &format!("{node_name} ends without a blank line; unexpected unindent."),
            vec![],
            Some(lineno),
        )
    }

    fn set_block_span(&mut self, node: NodeId, lines: &[Line]) {
        // Trailing blank lines are not part of the block.
        let last = lines.iter().rposition(|l| !l.text.trim().is_empty());
        let lines = &lines[..last.map_or(lines.len().min(1), |i| i + 1)];
        if let (Some(f), Some(l)) = (lines.first(), lines.last()) {
            self.doc.tree.get_mut(node).span = self.line_block_span(f, l);
        }
    }

    /// From the start of line `f` to the end of the text of line `l`.
    fn line_block_span(&self, f: &Line, l: &Line) -> Span {
        if l.abs < f.abs {
            return self
                .doc
                .span_lines(f.abs as usize, f.col as usize, f.abs as usize);
        }
        let chars = char_len(l.text.as_str());
        self.doc.span_block(
            f.abs as usize,
            f.col as usize,
            l.abs as usize,
            l.col as usize,
            chars,
        )
    }

    fn set_line_span(&mut self, sm: &Machine, node: NodeId, from: usize) {
        // From line `from` (relative index) to the current line.
        let last = sm.cur().min(sm.lines.len().saturating_sub(1));
        if let (Some(f), Some(l)) = (sm.lines.get(from), sm.lines.get(last)) {
            self.doc.tree.get_mut(node).span = self.line_block_span(f, l);
        }
    }

    // ----- Body --------------------------------------------------------------

    fn body_transition(
        &mut self,
        sm: &mut Machine,
        tr: Tr,
        m: &Match,
        ctx: &mut Vec<String>,
    ) -> R<Option<St>> {
        match tr {
            Tr::Blank => Ok(None),
            Tr::Indent => {
                let (indented, _, line_offset, blank_finish) =
                    self.get_indented_here(sm, false, true);
                let elements = self.block_quote(sm, indented, line_offset);
                self.doc.extend(sm.node, elements);
                if !blank_finish {
                    let w = self.unindent_warning(sm, "Block quote");
                    self.doc.append(sm.node, w);
                }
                Ok(None)
            }
            Tr::Bullet => self.bullet(sm, m),
            Tr::Enumerator => self.enumerator(sm, m),
            Tr::FieldMarker => {
                let start = sm.cur();
                let field_list = self.doc.tree.element(Tag::FieldList);
                self.doc.append(sm.node, field_list);
                let (field, bf) = self.field(sm, m, false);
                self.doc.append(field_list, field);
                let offset = sm.cur() + 1;
                let (nlo, bf) = self.nested_list_parse(
                    sm.rest_from(offset),
                    sm.abs_line_offset() + 1,
                    field_list,
                    St::FieldList,
                    bf,
                    |_| {},
                );
                self.goto_line(sm, nlo);
                self.set_line_span(sm, field_list, start);
                if !bf {
                    let w = self.unindent_warning(sm, "Field list");
                    self.doc.append(sm.node, w);
                }
                Ok(None)
            }
            Tr::OptionMarker => self.option_marker(sm, m),
            Tr::Doctest => {
                let line = self.doc.current_line;
                let start = sm.cur();
                let block = self.get_text_block(sm, false).unwrap_or_else(|(b, _)| b);
                let data = join(&block);
                let n = self.doc.tree.element(Tag::DoctestBlock);
                self.doc.tree.set_attr(n, "xml:space", "preserve");
                let t = self.raw_text(&data);
                self.doc.tree.append(n, t);
                self.doc.tree.get_mut(n).set_line(line.map(|l| l as u32));
                self.set_line_span(sm, n, start);
                self.doc.append(sm.node, n);
                Ok(None)
            }
            Tr::LineBlock => self.line_block(sm, m),
            Tr::GridTableTop => self.table_top(sm, true),
            Tr::SimpleTableTop => self.table_top(sm, false),
            Tr::ExplicitMarkup => {
                let (nodes, bf) = self.explicit_construct(sm, m);
                self.doc.extend(sm.node, nodes);
                self.explicit_list(sm, bf);
                Ok(None)
            }
            Tr::Anonymous => {
                let (nodes, bf) = self.anonymous_target(sm, m);
                self.doc.extend(sm.node, nodes);
                self.explicit_list(sm, bf);
                Ok(None)
            }
            Tr::Line => {
                let line = sm.line().to_string();
                if sm.match_titles {
                    *ctx = vec![line];
                    return Ok(Some(St::Line));
                }
                if line.trim() == "::" {
                    return Err(Flow::TransitionCorrection(Tr::Text));
                }
                if char_len(line.trim()) < 4 {
                    let msg = self.doc.info( Family::SectionStructure,
                        "Unexpected possible title overline or transition.\nTreating it as ordinary text because it's so short.",
                        vec![],
                        Some(sm.abs_line_number()),
                    );
                    self.doc.append(sm.node, msg);
                    return Err(Flow::TransitionCorrection(Tr::Text));
                }
                let lb = self.doc.literal_block(&line);
                let msg = self.doc.error(
                    Family::SectionStructure,
                    "Unexpected section title or transition.",
                    vec![lb],
                    Some(sm.abs_line_number()),
                );
                self.doc.append(sm.node, msg);
                Ok(None)
            }
            _ => {
                set_context(ctx, sm.line());
                Ok(Some(St::Text))
            }
        }
    }

    fn raw_text(&mut self, data: &str) -> NodeId {
        let t = self.doc.tree.element(TEXT);
        self.doc.tree.set_text(t, data);
        t
    }

    pub fn block_quote(
        &mut self,
        sm: &mut Machine,
        indented: Vec<Line>,
        line_offset: usize,
    ) -> Vec<NodeId> {
        let mut elements = Vec::new();
        let mut indented = indented;
        let mut line_offset = line_offset;
        while !indented.is_empty() {
            let bq = self.doc.tree.element(Tag::BlockQuote);
            self.doc
                .tree
                .get_mut(bq)
                .set_line(sm.source_line(Some(line_offset + 1)).map(|l| l as u32));
            self.set_block_span(bq, &indented);
            let split = split_attribution(&indented, line_offset);
            let (bq_lines, attribution, rest, new_offset) = match split {
                Some((a, b, c, d, e)) => (a, Some((b, c)), d, Some(e)),
                None => (std::mem::take(&mut indented), None, Vec::new(), None),
            };
            self.nested_parse(sm, bq_lines, line_offset, bq, false);
            elements.push(bq);
            if let Some((a_lines, a_offset)) = attribution {
                let (attr, messages) = self.parse_attribution(sm, &a_lines, line_offset + a_offset);
                self.doc.append(bq, attr);
                elements.extend(messages);
            }
            indented = rest;
            if let Some(o) = new_offset {
                line_offset = o;
            }
            while !indented.is_empty() && indented[0].text.is_empty() {
                indented.remove(0);
                line_offset += 1;
            }
        }
        elements
    }

    fn parse_attribution(
        &mut self,
        sm: &mut Machine,
        lines: &[Line],
        line_offset: usize,
    ) -> (NodeId, Vec<NodeId>) {
        let text = join(lines);
        let text = text.trim_end();
        let lineno = 1 + line_offset;
        let (textnodes, messages) = self.inline_lines(text, lineno, sm.node, lines);
        let node = self.doc.tree.element(Tag::Attribution);
        self.doc
            .tree
            .get_mut(node)
            .set_line(sm.source_line(Some(lineno)).map(|l| l as u32));
        self.set_block_span(node, lines);
        self.doc.extend(node, textnodes);
        (node, messages)
    }

    fn bullet(&mut self, sm: &mut Machine, m: &Match) -> R<Option<St>> {
        let start = sm.cur();
        let ul = self.doc.tree.element(Tag::BulletList);
        self.doc
            .tree
            .get_mut(ul)
            .set_line(sm.source_line(None).map(|l| l as u32));
        self.doc.append(sm.node, ul);
        let bullet = sm
            .line()
            .chars()
            .next()
            .map(String::from)
            .unwrap_or_default();
        self.doc.tree.set_attr(ul, "bullet", bullet);
        let (item, bf) = self.list_item(sm, m.end);
        self.doc.append(ul, item);
        let offset = sm.cur() + 1;
        let (nlo, bf) = self.nested_list_parse(
            sm.rest_from(offset),
            sm.abs_line_offset() + 1,
            ul,
            St::BulletList,
            bf,
            |_| {},
        );
        self.goto_line(sm, nlo);
        self.set_line_span(sm, ul, start);
        if !bf {
            let w = self.unindent_warning(sm, "Bullet list");
            self.doc.append(sm.node, w);
        }
        Ok(None)
    }

    fn list_item(&mut self, sm: &mut Machine, indent: usize) -> (NodeId, bool) {
        let srcline = sm.source_line(None);
        let start = sm.cur();
        let (indented, line_offset, blank_finish) = if !skip_chars(sm.line(), indent).is_empty() {
            self.get_known_indented(sm, indent, false, true)
        } else {
            let (a, _, c, d) = self.get_first_known_indented(sm, indent, false, true, true);
            (a, c, d)
        };
        let item = self.doc.tree.element(Tag::ListItem);
        self.doc
            .tree
            .get_mut(item)
            .set_line(srcline.map(|l| l as u32));
        self.set_line_span(sm, item, start);
        if !indented.is_empty() {
            self.nested_parse(sm, indented, line_offset, item, false);
        }
        (item, blank_finish)
    }

    fn enumerator(&mut self, sm: &mut Machine, m: &Match) -> R<Option<St>> {
        let (format, text) = m
            .enumerator
            .clone()
            .unwrap_or((EnumFormat::Period, String::new()));
        let (sequence, ordinal) = parse_enumerator(&text, None);
        if !self.is_enumerated_list_item(sm, ordinal, &sequence, format) {
            return Err(Flow::TransitionCorrection(Tr::Text));
        }
        let ordinal = ordinal.unwrap_or(1);
        let start = sm.cur();
        let el = self.doc.tree.element(Tag::EnumeratedList);
        self.doc
            .tree
            .get_mut(el)
            .set_line(sm.source_line(None).map(|l| l as u32));
        self.doc.append(sm.node, el);
        let enumtype = if sequence == "#" {
            "arabic".to_string()
        } else {
            sequence.clone()
        };
        self.doc.tree.set_attr(el, "enumtype", enumtype);
        self.doc.tree.set_attr(el, "prefix", format.prefix());
        self.doc.tree.set_attr(el, "suffix", format.suffix());
        if ordinal != 1 {
            self.doc.tree.set_attr(el, "start", Value::Int(ordinal));
            let msg = self.doc.system_message_at(
                1,
                Family::Other,
                &format!(
                    "Enumerated list start value not ordinal-1: \"{text}\" (ordinal {ordinal})"
                ),
                vec![],
                el,
            );
            self.doc.append(sm.node, msg);
        }
        let (item, bf) = self.list_item(sm, m.end);
        self.doc.append(el, item);
        let offset = sm.cur() + 1;
        let auto = sequence == "#";
        let (nlo, bf) = self.nested_list_parse(
            sm.rest_from(offset),
            sm.abs_line_offset() + 1,
            el,
            St::EnumeratedList,
            bf,
            |nm| {
                nm.lastordinal = ordinal;
                nm.enum_format = format;
                nm.auto = auto;
            },
        );
        self.goto_line(sm, nlo);
        self.set_line_span(sm, el, start);
        if !bf {
            let w = self.unindent_warning(sm, "Enumerated list");
            self.doc.append(sm.node, w);
        }
        Ok(None)
    }

    fn enumerated_list_next(&mut self, sm: &mut Machine, m: &Match) -> R<Option<St>> {
        let (format, text) = m
            .enumerator
            .clone()
            .unwrap_or((EnumFormat::Period, String::new()));
        let enumtype = self
            .doc
            .tree
            .attr_str(sm.node, "enumtype")
            .unwrap_or("arabic")
            .to_string();
        let (sequence, ordinal) = parse_enumerator(&text, Some(&enumtype));
        if format != sm.enum_format
            || (sequence != "#"
                && (sequence != enumtype || sm.auto || ordinal != Some(sm.lastordinal + 1)))
            || !self.is_enumerated_list_item(sm, ordinal, &sequence, format)
        {
            return self.invalid_body(sm);
        }
        if sequence == "#" {
            sm.auto = true;
        }
        let (item, bf) = self.list_item(sm, m.end);
        self.doc.append(sm.node, item);
        sm.blank_finish = bf;
        sm.lastordinal = ordinal.unwrap_or(sm.lastordinal + 1);
        Ok(None)
    }

    fn is_enumerated_list_item(
        &mut self,
        sm: &mut Machine,
        ordinal: Option<i64>,
        sequence: &str,
        format: EnumFormat,
    ) -> bool {
        let Some(ordinal) = ordinal else { return false };
        if self.next_line(sm, 1).is_err() {
            self.previous_line(sm, 1);
            return true;
        }
        let next_line = sm.line().to_string();
        self.previous_line(sm, 1);
        if pat::take_chars(&next_line, 1).trim().is_empty() {
            return true;
        }
        if let Some((next_enum, auto_enum)) = make_enumerator(ordinal + 1, sequence, format)
            && (next_line.starts_with(&next_enum) || next_line.starts_with(&auto_enum))
        {
            return true;
        }
        false
    }

    /// `Body.field`; for `ExtensionOptions` the body is split into plain paragraphs.
    fn field(&mut self, sm: &mut Machine, m: &Match, extension: bool) -> (NodeId, bool) {
        let line = sm.line().to_string();
        let marker = pat::take_chars(&line, m.end).trim_end();
        let inner = &marker[1..];
        let name = &inner[..inner.rfind(':').unwrap_or(inner.len())];
        let name = name.to_string();
        let srcline = sm.source_line(None);
        let lineno = sm.abs_line_number();
        let start = sm.cur();
        let cur_line = sm.lines[sm.cur()].clone();
        let (indented, _, line_offset, blank_finish) =
            self.get_first_known_indented(sm, m.end, false, true, true);
        let field = self.doc.tree.element(Tag::Field);
        self.doc
            .tree
            .get_mut(field)
            .set_line(srcline.map(|l| l as u32));
        let map = TextMap::single(cur_line.abs as usize, cur_line.col as usize + 1);
        let (name_nodes, name_messages) = self.inline_text_map(&name, lineno, sm.node, &map);
        let fname = self.doc.tree.element(Tag::FieldName);
        self.doc.tree.get_mut(fname).span = self.doc.span_text(&map, &name, 0, name.len());
        self.doc.extend(fname, name_nodes);
        self.doc.append(field, fname);
        let body = self.doc.tree.element(Tag::FieldBody);
        self.doc.extend(body, name_messages);
        self.set_block_span(body, &indented);
        if indented.is_empty() {
            // An empty body: where the marker ends.
            let span = self.doc.span_text(&map, &name, name.len(), name.len());
            self.doc.tree.get_mut(body).span = span;
        }
        self.doc.append(field, body);
        self.set_line_span(sm, field, start);
        if !indented.is_empty() {
            if extension {
                let mut lines: Vec<String> = Vec::new();
                let all: Vec<String> = indented
                    .iter()
                    .map(|l| l.text.to_string())
                    .chain(std::iter::once(String::new()))
                    .collect();
                for l in all {
                    if !l.trim().is_empty() {
                        lines.push(l);
                    } else if !lines.is_empty() {
                        let text = lines.join("\n");
                        let p = self.doc.tree.element(Tag::Paragraph);
                        let t = self.raw_text(&text);
                        self.doc.tree.append(p, t);
                        self.doc.append(body, p);
                        lines.clear();
                    }
                }
            } else {
                self.nested_parse(sm, indented, line_offset, body, false);
            }
        }
        (field, blank_finish)
    }

    fn option_marker(&mut self, sm: &mut Machine, m: &Match) -> R<Option<St>> {
        let start = sm.cur();
        let ol = self.doc.tree.element(Tag::OptionList);
        self.doc
            .tree
            .get_mut(ol)
            .set_line(sm.source_line(None).map(|l| l as u32));
        let (item, bf) = match self.option_list_item(sm, m)? {
            Ok(x) => x,
            Err(error) => {
                let msg = self.doc.error(
                    Family::Directive,
                    &format!("Invalid option list marker: {error}"),
                    vec![],
                    None,
                );
                self.doc.append(sm.node, msg);
                let (indented, _, line_offset, bf) =
                    self.get_first_known_indented(sm, m.end, false, true, true);
                let elements = self.block_quote(sm, indented, line_offset);
                self.doc.extend(sm.node, elements);
                if !bf {
                    let w = self.unindent_warning(sm, "Option list");
                    self.doc.append(sm.node, w);
                }
                return Ok(None);
            }
        };
        self.doc.append(sm.node, ol);
        self.doc.append(ol, item);
        let offset = sm.cur() + 1;
        let (nlo, bf) = self.nested_list_parse(
            sm.rest_from(offset),
            sm.abs_line_offset() + 1,
            ol,
            St::OptionList,
            bf,
            |_| {},
        );
        self.goto_line(sm, nlo);
        self.set_line_span(sm, ol, start);
        if !bf {
            let w = self.unindent_warning(sm, "Option list");
            self.doc.append(sm.node, w);
        }
        Ok(None)
    }

    /// Ok(Err(message)) is docutils' `MarkupError`.
    fn option_list_item(
        &mut self,
        sm: &mut Machine,
        m: &Match,
    ) -> R<Result<(NodeId, bool), String>> {
        let offset = sm.abs_line_offset();
        let start = sm.cur();
        let marker = pat::take_chars(sm.line(), m.end).to_string();
        let options = match self.parse_option_marker(&marker) {
            Ok(o) => o,
            Err(e) => return Ok(Err(e)),
        };
        let (indented, _, line_offset, blank_finish) =
            self.get_first_known_indented(sm, m.end, false, true, true);
        if indented.is_empty() {
            self.goto_line(sm, offset);
            return Err(Flow::TransitionCorrection(Tr::Text));
        }
        let group = self.doc.tree.element(Tag::OptionGroup);
        self.doc.extend(group, options);
        let desc = self.doc.tree.element(Tag::Description);
        self.set_block_span(desc, &indented);
        let item = self.doc.tree.element(Tag::OptionListItem);
        self.doc.append(item, group);
        self.doc.append(item, desc);
        self.set_line_span(sm, item, start);
        self.nested_parse(sm, indented, line_offset, desc, false);
        Ok(Ok((item, blank_finish)))
    }

    fn parse_option_marker(&mut self, marker: &str) -> Result<Vec<NodeId>, String> {
        let mut optlist = Vec::new();
        let marker = marker.trim_end();
        // re.split(r', (?![^<]*>)', ...)
        let mut parts: Vec<String> = Vec::new();
        let cs: Vec<char> = marker.chars().collect();
        let mut cur = String::new();
        let mut i = 0;
        while i < cs.len() {
            if cs[i] == ',' && cs.get(i + 1) == Some(&' ') {
                // lookahead: [^<]*> must not match from i+2
                let mut j = i + 2;
                let mut inside = false;
                while j < cs.len() && cs[j] != '<' {
                    if cs[j] == '>' {
                        inside = true;
                        break;
                    }
                    j += 1;
                }
                if !inside {
                    parts.push(std::mem::take(&mut cur));
                    i += 2;
                    continue;
                }
            }
            cur.push(cs[i]);
            i += 1;
        }
        parts.push(cur);
        for optionstring in parts {
            let mut tokens: Vec<String> =
                optionstring.split_whitespace().map(String::from).collect();
            if tokens.is_empty() {
                return Err(format!(
                    "wrong number of option tokens (=0), should be 1 or 2: \"{optionstring}\""
                ));
            }
            let mut delimiter = " ";
            let first = tokens[0].clone();
            if let Some((a, b)) = first.split_once('=') {
                tokens.splice(0..1, [a.to_string(), b.to_string()]);
                delimiter = "=";
            } else if char_len(&first) > 2
                && ((first.starts_with('-') && !first.starts_with("--")) || first.starts_with('+'))
            {
                let a = pat::take_chars(&first, 2).to_string();
                let b = skip_chars(&first, 2).to_string();
                tokens.splice(0..1, [a, b]);
                delimiter = "";
            }
            if tokens.len() > 1
                && tokens[1].starts_with('<')
                && tokens.last().is_some_and(|t| t.ends_with('>'))
            {
                let joined = tokens[1..].join(" ");
                tokens.truncate(1);
                tokens.push(joined);
            }
            if !tokens.is_empty() && tokens.len() <= 2 {
                let option = self.doc.tree.element(Tag::Option);
                let os = self
                    .doc
                    .tree
                    .element_with_text(Tag::OptionString, &tokens[0]);
                self.doc.tree.append(option, os);
                if tokens.len() > 1 {
                    let oa = self
                        .doc
                        .tree
                        .element_with_text(Tag::OptionArgument, &tokens[1]);
                    self.doc.tree.set_attr(oa, "delimiter", delimiter);
                    self.doc.tree.append(option, oa);
                }
                optlist.push(option);
            } else {
                return Err(format!(
                    "wrong number of option tokens (={}), should be 1 or 2: \"{optionstring}\"",
                    tokens.len()
                ));
            }
        }
        Ok(optlist)
    }

    fn line_block(&mut self, sm: &mut Machine, m: &Match) -> R<Option<St>> {
        let start = sm.cur();
        let block = self.doc.tree.element(Tag::LineBlock);
        self.doc.append(sm.node, block);
        let lineno = sm.abs_line_number();
        self.doc
            .tree
            .get_mut(block)
            .set_line(sm.source_line(Some(lineno)).map(|l| l as u32));
        let (line, messages, mut bf) = self.line_block_line(sm, m, lineno);
        self.doc.append(block, line);
        self.doc.extend(sm.node, messages);
        if !bf {
            let offset = sm.cur() + 1;
            let (nlo, b) = self.nested_list_parse(
                sm.rest_from(offset),
                sm.abs_line_offset() + 1,
                block,
                St::LineBlock,
                false,
                |_| {},
            );
            bf = b;
            self.goto_line(sm, nlo);
        }
        self.set_line_span(sm, block, start);
        if !bf {
            let w = self.doc.warning(
                Family::Other,
                "Line block ends without a blank line.",
                vec![],
                Some(lineno + 1),
            );
            self.doc.append(sm.node, w);
        }
        if !self.doc.tree.children(block).is_empty() {
            self.nest_line_block_lines(block);
        }
        Ok(None)
    }

    fn line_block_line(
        &mut self,
        sm: &mut Machine,
        m: &Match,
        lineno: usize,
    ) -> (NodeId, Vec<NodeId>, bool) {
        let whole = sm.line().to_string();
        let here = sm
            .lines
            .get(sm.cur())
            .map(|l| (l.abs as usize, l.col as usize));
        let (indented, _, _, blank_finish) =
            self.get_first_known_indented(sm, m.end, true, true, true);
        let text = join(&indented);
        let (nodes, messages) = self.inline_lines(&text, lineno, sm.node, &indented);
        let line = self.doc.tree.element(Tag::Line);
        self.doc
            .tree
            .get_mut(line)
            .set_line(sm.source_line(Some(lineno)).map(|l| l as u32));
        self.set_block_span(line, &indented);
        if indented.is_empty()
            && let Some((abs, col)) = here
        {
            // An empty line: the `|` it is made of.
            self.doc.tree.get_mut(line).span = self.doc.span_lines(abs, col, abs);
        }
        self.doc.extend(line, nodes);
        if whole.trim_end() != "|" {
            // len(match.group(1)) - 1: the spaces after "|" minus one.
            let indent = m.end.saturating_sub(2) as i64;
            self.doc.tree.set_attr(line, "__indent", Value::Int(indent));
        }
        (line, messages, blank_finish)
    }

    fn line_indent(&self, n: NodeId) -> Option<i64> {
        match self.doc.tree.attr(n, "__indent") {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn nest_line_block_lines(&mut self, block: NodeId) {
        let children = self.doc.tree.children(block).to_vec();
        if let Some(&first) = children.first()
            && self.line_indent(first).is_none()
        {
            self.doc.tree.set_attr(first, "__indent", Value::Int(0));
        }
        for i in 1..children.len() {
            if self.line_indent(children[i]).is_none() {
                let prev = self.line_indent(children[i - 1]).unwrap_or(0);
                self.doc
                    .tree
                    .set_attr(children[i], "__indent", Value::Int(prev));
            }
        }
        self.nest_line_block_segment(block);
        // The indents were bookkeeping only.
        for n in self.doc.tree.descendants(block) {
            self.doc.tree.remove_attr(n, "__indent");
        }
    }

    fn nest_line_block_segment(&mut self, block: NodeId) {
        // Detach first: moving an item into a nested block sets its parent,
        // which detaching afterwards would clear.
        let items = self.doc.tree.take_children(block);
        let least = items
            .iter()
            .map(|&i| self.line_indent(i).unwrap_or(0))
            .min()
            .unwrap_or(0);
        let mut new_items = Vec::new();
        let mut new_block = self.doc.tree.element(Tag::LineBlock);
        for item in items {
            if self.line_indent(item).unwrap_or(0) > least {
                self.doc.tree.append(new_block, item);
            } else {
                if !self.doc.tree.children(new_block).is_empty() {
                    self.nest_line_block_segment(new_block);
                    new_items.push(new_block);
                    new_block = self.doc.tree.element(Tag::LineBlock);
                }
                new_items.push(item);
            }
        }
        if !self.doc.tree.children(new_block).is_empty() {
            self.nest_line_block_segment(new_block);
            new_items.push(new_block);
        }
        for (i, it) in new_items.iter().enumerate() {
            if self.doc.tree.tag(*it) == Tag::LineBlock && self.doc.tree.get(*it).line().is_none() {
                let l = self.doc.tree.get(block).line();
                self.doc.tree.get_mut(*it).set_line(l);
            }
            let _ = i;
            self.doc.tree.append(block, *it);
        }
    }

    // ----- tables --------------------------------------------------------------

    fn table_top(&mut self, sm: &mut Machine, grid: bool) -> R<Option<St>> {
        let (nodelist, blank_finish) = self.table(sm, grid);
        self.doc.extend(sm.node, nodelist);
        if !blank_finish {
            let msg = self.doc.warning(
                Family::Table,
                "Blank line required after table.",
                vec![],
                Some(sm.abs_line_number() + 1),
            );
            self.doc.append(sm.node, msg);
        }
        Ok(None)
    }

    fn table(&mut self, sm: &mut Machine, grid: bool) -> (Vec<NodeId>, bool) {
        let (block, mut messages, blank_finish) = if grid {
            self.isolate_grid_table(sm)
        } else {
            self.isolate_simple_table(sm)
        };
        if block.is_empty() {
            return (messages, blank_finish);
        }
        let texts: Vec<String> = block.iter().map(|l| l.text.to_string()).collect();
        let parsed = if grid {
            tableparser::parse_grid(&texts)
        } else {
            tableparser::parse_simple(&texts)
        };
        let mut nodelist = Vec::new();
        match parsed {
            Ok(data) => {
                // Can be below 1 after docutils' over-eager back-up in
                // `isolate_grid_table`; line numbers cannot be negative here.
                let tableline =
                    (sm.abs_line_number() as isize + 1 - block.len() as isize).max(0) as usize;
                let table = self.build_table(sm, &data, tableline, &block, 0, None);
                nodelist.push(table);
                nodelist.append(&mut messages);
            }
            Err(e) => {
                let mut m = self.malformed_table(sm, &block, &e.message, e.offset);
                nodelist.append(&mut m);
                nodelist.append(&mut messages);
            }
        }
        (nodelist, blank_finish)
    }

    fn isolate_grid_table(&mut self, sm: &mut Machine) -> (Vec<Line>, Vec<NodeId>, bool) {
        let mut messages = Vec::new();
        let mut blank_finish = true;
        let mut block = match self.get_text_block(sm, true) {
            Ok(b) => b,
            Err((b, line)) => {
                let m = self.doc.error(
                    Family::UnexpectedIndentation,
                    "Unexpected indentation.",
                    vec![],
                    Some(line),
                );
                messages.push(m);
                blank_finish = false;
                b
            }
        };
        tableparser::pad_double_width_lines(&mut block);
        let width = block
            .first()
            .map(|l| char_len(tableparser::py_strip(&l.text)))
            .unwrap_or(0);
        // Python's loop variable `i` survives the loops and is reused as
        // the error offset below.
        let mut last_i = block.len().saturating_sub(1);
        for i in 0..block.len() {
            let t = tableparser::py_strip(&block[i].text).to_string();
            block[i].text = t.into();
            if !block[i].text.starts_with(['+', '|']) {
                blank_finish = false;
                self.previous_line(sm, (block.len() - i) as isize);
                block.truncate(i);
                last_i = i;
                break;
            }
        }
        if block.is_empty() {
            return (block, messages, blank_finish);
        }
        let last_ok = block.last().is_some_and(|l| pat::grid_table_top(&l.text));
        if !last_ok {
            // From second-last to third line of table.
            let n = block.len();
            let found = (2..n.saturating_sub(1))
                .rev()
                .find(|&i| pat::grid_table_top(&block[i].text));
            match found {
                Some(i) => {
                    // docutils backs up two lines more than the lines cut.
                    self.previous_line(sm, n as isize - i as isize + 1);
                    block.truncate(i + 1);
                    blank_finish = false;
                }
                None => {
                    let off = if n >= 4 { 2 } else { last_i };
                    let mut m =
                        self.malformed_table(sm, &block, "Bottom border missing or corrupt.", off);
                    messages.append(&mut m);
                    return (Vec::new(), messages, blank_finish);
                }
            }
        }
        for i in 0..block.len() {
            let t = &block[i].text;
            let w = t.chars().filter(|c| !is_combining(*c)).count();
            if w != width || !t.ends_with(['+', '|']) {
                let mut m =
                    self.malformed_table(sm, &block, "Right border not aligned or missing.", i);
                messages.append(&mut m);
                return (Vec::new(), messages, blank_finish);
            }
        }
        (block, messages, blank_finish)
    }

    fn isolate_simple_table(&mut self, sm: &mut Machine) -> (Vec<Line>, Vec<NodeId>, bool) {
        let start = sm.cur();
        let limit = sm.lines.len() - 1;
        let toplen = char_len(sm.lines[start].text.trim());
        let mut found = 0;
        let mut found_at = None;
        let mut i = start + 1;
        let mut end = None;
        while i <= limit {
            let line = sm.lines[i].text.clone();
            if pat::simple_table_border(&line) {
                if char_len(line.trim()) != toplen {
                    let _ = self.next_line(sm, (i - start) as isize);
                    let block = sm.lines[start..=i].to_vec();
                    let messages = self.malformed_table(
                        sm,
                        &block,
                        "Bottom border or header rule does not match top border.",
                        i - start,
                    );
                    let bf = i == limit || sm.lines[i + 1].text.trim().is_empty();
                    return (Vec::new(), messages, bf);
                }
                found += 1;
                found_at = Some(i);
                if found == 2 || i == limit || sm.lines[i + 1].text.trim().is_empty() {
                    end = Some(i);
                    break;
                }
            }
            i += 1;
        }
        let Some(end) = end else {
            let mut details = "No bottom table border found".to_string();
            let block;
            if let Some(fa) = found_at {
                details.push_str(" or no blank line after table bottom");
                let _ = self.next_line(sm, (fa - start) as isize);
                block = sm.lines[start..=fa].to_vec();
            } else {
                let _ = self.next_line(sm, i as isize - start as isize - 1);
                block = sm.lines[start..].to_vec();
            }
            details.push('.');
            let messages = self.malformed_table(sm, &block, &details, 0);
            return (Vec::new(), messages, found == 0);
        };
        let _ = self.next_line(sm, (end - start) as isize);
        let mut block = sm.lines[start..=end].to_vec();
        tableparser::pad_double_width_lines(&mut block);
        let bf = end == limit || sm.lines[end + 1].text.trim().is_empty();
        (block, Vec::new(), bf)
    }

    pub fn malformed_table(
        &mut self,
        sm: &Machine,
        block: &[Line],
        detail: &str,
        offset: usize,
    ) -> Vec<NodeId> {
        let data = block
            .iter()
            .map(|l| l.text.replace(tableparser::PAD_CHAR, ""))
            .collect::<Vec<_>>()
            .join("\n");
        let mut message = "Malformed table.".to_string();
        let startline = sm.abs_line_number() as isize - block.len() as isize + 1;
        if !detail.is_empty() {
            message.push('\n');
            message.push_str(detail);
        }
        let lb = self.doc.literal_block(&data);
        let line = self.reporter_line(startline + offset as isize);
        vec![
            self.doc
                .error(Family::Table, &message, vec![lb], Some(line)),
        ]
    }

    /// The line the reporter gives a message for absolute line number
    /// `line`: docutils looks it up in the document's input lines, where
    /// Python's negative indices count from the end.
    fn reporter_line(&self, line: isize) -> usize {
        let n = self.doc.map.original.len() as isize;
        let idx = if line < 1 { line - 1 + n } else { line - 1 };
        (idx.max(0) + 1) as usize
    }

    /// `Body.build_table`.
    pub fn build_table(
        &mut self,
        sm: &mut Machine,
        data: &TableData,
        tableline: usize,
        block: &[Line],
        stub_columns: usize,
        widths: Option<&str>,
    ) -> NodeId {
        let table = self.doc.tree.element(Tag::Table);
        self.doc
            .tree
            .get_mut(table)
            .set_line(sm.source_line(Some(tableline)).map(|l| l as u32));
        self.set_block_span(table, block);
        match widths {
            Some("auto") => self
                .doc
                .tree
                .push_list_attr(table, "classes", "colwidths-auto"),
            Some(_) => self
                .doc
                .tree
                .push_list_attr(table, "classes", "colwidths-given"),
            None => {}
        }
        let tgroup = self.doc.tree.element(Tag::Tgroup);
        self.doc
            .tree
            .set_attr(tgroup, "cols", Value::Int(data.colwidths.len() as i64));
        self.doc.append(table, tgroup);
        let mut stubs = stub_columns;
        for &w in &data.colwidths {
            let cs = self.doc.tree.element(Tag::Colspec);
            self.doc.tree.set_attr(cs, "colwidth", Value::Int(w as i64));
            if stubs > 0 {
                self.doc.tree.set_attr(cs, "stub", Value::Int(1));
                stubs -= 1;
            }
            self.doc.append(tgroup, cs);
        }
        if !data.headrows.is_empty() {
            let thead = self.doc.tree.element(Tag::Thead);
            self.doc.append(tgroup, thead);
            for row in &data.headrows {
                let r = self.build_table_row(sm, row, tableline, block);
                self.doc.append(thead, r);
            }
        }
        let tbody = self.doc.tree.element(Tag::Tbody);
        self.doc.append(tgroup, tbody);
        for row in &data.bodyrows {
            let r = self.build_table_row(sm, row, tableline, block);
            self.doc.append(tbody, r);
        }
        table
    }

    fn build_table_row(
        &mut self,
        sm: &mut Machine,
        row: &[Option<tableparser::Cell>],
        tableline: usize,
        block: &[Line],
    ) -> NodeId {
        let r = self.doc.tree.element(Tag::Row);
        for cell in row.iter().flatten() {
            let entry = self.doc.tree.element(Tag::Entry);
            if cell.morerows > 0 {
                self.doc
                    .tree
                    .set_attr(entry, "morerows", Value::Int(cell.morerows as i64));
            }
            if cell.morecols > 0 {
                self.doc
                    .tree
                    .set_attr(entry, "morecols", Value::Int(cell.morecols as i64));
            }
            self.doc.append(r, entry);
            let base = block.first();
            let lines: Vec<Line> = cell
                .lines
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let src = block.get(cell.offset + i).or(base);
                    Line {
                        text: t.as_str().into(),
                        abs: src.map(|b| b.abs).unwrap_or(0),
                        col: src.map(|b| b.col).unwrap_or(0) + cell.col as u32,
                    }
                })
                .collect();
            // An empty cell too has its place; a cell of a zero-height row
            // (two borders in a row) has no line at all and is an empty span
            // where its row would start.
            if lines.is_empty() {
                let src = block.get(cell.offset).or(block.last());
                if let Some(b) = src {
                    let col = b.col as usize + cell.col;
                    self.doc.tree.get_mut(entry).span =
                        self.doc
                            .span_block(b.abs as usize, col, b.abs as usize, col, 0);
                }
            } else {
                self.set_block_span(entry, &lines);
            }
            if cell.lines.iter().any(|l| !l.is_empty()) {
                self.nested_parse(
                    sm,
                    lines,
                    (tableline + cell.offset).saturating_sub(1),
                    entry,
                    false,
                );
            }
        }
        r
    }

    // ----- explicit markup -----------------------------------------------------

    fn explicit_construct(&mut self, sm: &mut Machine, m: &Match) -> (Vec<NodeId>, bool) {
        let line = sm.line().to_string();
        let mut errors = Vec::new();
        let result = if let Some((label, end)) = pat::footnote(&line) {
            Some(self.footnote(sm, &label, end))
        } else if let Some((label, end)) = pat::citation(&line) {
            Some(self.citation(sm, &label, end))
        } else if let Some(end) = pat::hyperlink_target_start(&line) {
            Some(self.hyperlink_target(sm, end))
        } else if let Some(end) = pat::substitution_def_start(&line) {
            Some(self.substitution_def(sm, end))
        } else if let Some((name, end)) = pat::directive(&line) {
            Some(Ok(self.directive(sm, &name, end, None)))
        } else {
            None
        };
        match result {
            Some(Ok(r)) => return r,
            Some(Err(message)) => {
                let lineno = sm.abs_line_number();
                errors.push(
                    self.doc
                        .warning(Family::Other, &message, vec![], Some(lineno)),
                );
            }
            None => {}
        }
        let (mut nodes, bf) = self.comment(sm, m);
        nodes.extend(errors);
        (nodes, bf)
    }

    fn explicit_list(&mut self, sm: &mut Machine, blank_finish: bool) {
        let offset = sm.cur() + 1;
        let node = sm.node;
        // The machine shares `match_titles` with this one (docutils passes
        // it on): text an `include` directive inserts is parsed as this
        // machine's own, and the sections it opens become this machine's.
        let match_titles = sm.match_titles;
        let section_level_offset = sm.section_level_offset;
        let mut nm = Machine::new(
            sm.rest_from(offset),
            sm.abs_line_offset() + 1,
            St::Explicit,
            node,
        );
        nm.blank_finish = blank_finish;
        nm.match_titles = match_titles;
        nm.section_level_offset = section_level_offset;
        self.run_nested(&mut nm);
        let (nlo, bf) = (nm.abs_line_offset(), nm.blank_finish);
        if match_titles {
            sm.node = nm.node;
        }
        self.goto_line(sm, nlo);
        if !bf {
            let w = self.unindent_warning(sm, "Explicit markup");
            self.doc.append(sm.node, w);
        }
    }

    fn footnote(
        &mut self,
        sm: &mut Machine,
        label: &str,
        end: usize,
    ) -> Result<(Vec<NodeId>, bool), String> {
        let srcline = sm.source_line(None);
        let start = sm.cur();
        let (indented, _, offset, blank_finish) =
            self.get_first_known_indented(sm, end, false, true, true);
        let mut name = fully_normalize_name(label);
        let footnote = self.doc.tree.element(Tag::Footnote);
        self.doc
            .tree
            .get_mut(footnote)
            .set_line(srcline.map(|l| l as u32));
        self.set_line_span(sm, footnote, start);
        if let Some(rest) = name.strip_prefix('#') {
            name = rest.to_string();
            self.doc.tree.set_attr(footnote, "auto", Value::Int(1));
            if !name.is_empty() {
                self.doc
                    .tree
                    .push_list_attr(footnote, "names", name.clone());
            }
            self.doc.set_id(footnote, None);
        } else if name == "*" {
            name.clear();
            self.doc.tree.set_attr(footnote, "auto", "*");
            self.doc.set_id(footnote, None);
        } else {
            let l = self.doc.tree.element_with_text(Tag::Label, label);
            self.doc.tree.append(footnote, l);
            self.doc
                .tree
                .push_list_attr(footnote, "names", name.clone());
            self.doc.set_id(footnote, None);
        }
        if !name.is_empty() {
            self.doc.note_explicit_target(footnote, Some(footnote));
        } else {
            self.doc.set_id(footnote, Some(footnote));
        }
        if !indented.is_empty() {
            self.nested_parse(sm, indented, offset, footnote, false);
        } else {
            let w = self
                .doc
                .warning(Family::Other, "Footnote content expected.", vec![], None);
            self.doc.append(footnote, w);
        }
        Ok((vec![footnote], blank_finish))
    }

    fn citation(
        &mut self,
        sm: &mut Machine,
        label: &str,
        end: usize,
    ) -> Result<(Vec<NodeId>, bool), String> {
        let srcline = sm.source_line(None);
        let start = sm.cur();
        let (indented, _, offset, blank_finish) =
            self.get_first_known_indented(sm, end, false, true, true);
        let name = fully_normalize_name(label);
        let citation = self.doc.tree.element(Tag::Citation);
        self.doc
            .tree
            .get_mut(citation)
            .set_line(srcline.map(|l| l as u32));
        self.set_line_span(sm, citation, start);
        let l = self.doc.tree.element_with_text(Tag::Label, label);
        self.doc.tree.append(citation, l);
        self.doc.tree.push_list_attr(citation, "names", name);
        self.doc.note_explicit_target(citation, Some(citation));
        if !indented.is_empty() {
            self.nested_parse(sm, indented, offset, citation, false);
        } else {
            let w = self
                .doc
                .warning(Family::Other, "Citation content expected.", vec![], None);
            self.doc.append(citation, w);
        }
        Ok((vec![citation], blank_finish))
    }

    fn hyperlink_target(
        &mut self,
        sm: &mut Machine,
        end: usize,
    ) -> Result<(Vec<NodeId>, bool), String> {
        let lineno = sm.abs_line_number();
        let whole = sm.line().to_string();
        let start = sm.cur();
        let (block, _, _, blank_finish) = self.get_first_known_indented(sm, end, true, false, true);
        let blocktext = format!(
            "{}{}",
            pat::take_chars(&whole, end),
            block
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
        let mut block: Vec<String> = block.iter().map(|l| escape2null(&l.text)).collect();
        if block.is_empty() {
            return Err("malformed hyperlink target.".into());
        }
        let mut escaped = block[0].clone();
        let mut blockindex = 0;
        let (name, mend) = loop {
            if let Some(r) = pat::target_name(&escaped) {
                break r;
            }
            blockindex += 1;
            match block.get(blockindex) {
                Some(b) => escaped.push_str(b),
                None => return Err("malformed hyperlink target.".into()),
            }
        };
        block.drain(..blockindex);
        // block[0] = (block[0] + ' ')[targetmatch.end()-len(escaped)-1:].strip()
        let b0 = format!("{} ", block[0]);
        let b0_len = char_len(&b0) as isize;
        let idx = mend as isize - char_len(&escaped) as isize - 1;
        let from = if idx < 0 { (b0_len + idx).max(0) } else { idx } as usize;
        block[0] = skip_chars(&b0, from).trim().to_string();
        let target = self.make_target(
            sm,
            &block,
            &blocktext,
            lineno,
            name.as_deref().unwrap_or(""),
        )?;
        if let Some(t) = target {
            self.set_line_span(sm, t, start);
            Ok((vec![t], blank_finish))
        } else {
            Ok((vec![], blank_finish))
        }
    }

    fn make_target(
        &mut self,
        sm: &mut Machine,
        block: &[String],
        _block_text: &str,
        lineno: usize,
        target_name: &str,
    ) -> Result<Option<NodeId>, String> {
        let (is_ref, data) = parse_target(block);
        let target = self.doc.tree.element(Tag::Target);
        if is_ref {
            self.doc
                .tree
                .set_attr(target, "refname", fully_normalize_name(&data));
            self.add_target(sm, target_name, "", target, lineno)?;
        } else {
            self.add_target(sm, target_name, &data, target, lineno)?;
        }
        Ok(Some(target))
    }

    fn add_target(
        &mut self,
        sm: &mut Machine,
        targetname: &str,
        refuri: &str,
        target: NodeId,
        lineno: usize,
    ) -> Result<(), String> {
        self.doc.tree.get_mut(target).set_line(Some(lineno as u32));
        if !targetname.is_empty() {
            let name = fully_normalize_name(&super::node::unescape(targetname));
            self.doc.tree.push_list_attr(target, "names", name);
            if !refuri.is_empty() {
                let uri = super::inline::adjust_uri(refuri);
                if uri.is_empty() {
                    return Err(format!("problem with URI: {refuri:?}"));
                }
                self.doc.tree.set_attr(target, "refuri", uri);
            }
            let parent = sm.node;
            self.doc.note_explicit_target(target, Some(parent));
        } else {
            if !refuri.is_empty() {
                self.doc.tree.set_attr(target, "refuri", refuri);
            }
            self.doc.tree.set_attr(target, "anonymous", Value::Int(1));
            self.doc.set_id(target, None);
        }
        Ok(())
    }

    fn anonymous_target(&mut self, sm: &mut Machine, m: &Match) -> (Vec<NodeId>, bool) {
        let lineno = sm.abs_line_number();
        let start = sm.cur();
        let (block, _, _, blank_finish) =
            self.get_first_known_indented(sm, m.end, true, true, true);
        let block: Vec<String> = block.iter().map(|l| escape2null(&l.text)).collect();
        match self.make_target(sm, &block, "", lineno, "") {
            Ok(Some(t)) => {
                self.set_line_span(sm, t, start);
                (vec![t], blank_finish)
            }
            _ => (vec![], blank_finish),
        }
    }

    fn substitution_def(
        &mut self,
        sm: &mut Machine,
        end: usize,
    ) -> Result<(Vec<NodeId>, bool), String> {
        let srcline = sm.source_line(None);
        let whole = sm.line().to_string();
        let start = sm.cur();
        let (mut block, _, mut offset, blank_finish) =
            self.get_first_known_indented(sm, end, false, false, true);
        let blocktext = format!(
            "{}{}",
            pat::take_chars(&whole, end),
            block
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
        if block.is_empty() {
            return Err("malformed substitution definition.".into());
        }
        let mut escaped = escape2null(block[0].text.trim_end());
        let mut blockindex = 0;
        let (subname, send) = loop {
            if let Some(r) = pat::substitution_name(&escaped) {
                break r;
            }
            blockindex += 1;
            match block.get(blockindex) {
                Some(b) => {
                    escaped.push(' ');
                    escaped.push_str(&escape2null(b.text.trim()));
                }
                None => return Err("malformed substitution definition.".into()),
            }
        };
        block.drain(..blockindex);
        let idx = send as isize - char_len(&escaped) as isize - 1;
        let b0 = format!("{} ", block[0].text.trim());
        let n = char_len(&b0) as isize;
        let from = if idx < 0 {
            (n + idx).max(0)
        } else {
            idx.min(n)
        } as usize;
        let to = (n - 1).max(from as isize) as usize;
        let lead = char_len(&block[0].text) - char_len(block[0].text.trim_start());
        block[0].text = b0
            .chars()
            .skip(from)
            .take(to - from)
            .collect::<String>()
            .into();
        block[0].col += (lead + from) as u32;
        if block[0].text.is_empty() {
            block.remove(0);
            offset += 1;
        }
        while block.last().is_some_and(|l| l.text.trim().is_empty()) {
            block.pop();
        }
        let subnode = self.doc.tree.element(Tag::SubstitutionDefinition);
        self.doc
            .tree
            .get_mut(subnode)
            .set_line(srcline.map(|l| l as u32));
        self.set_line_span(sm, subnode, start);
        if block.is_empty() {
            let lb = self.doc.literal_block(&blocktext);
            let msg = self.doc.warning(
                Family::Other,
                &format!("Substitution definition \"{subname}\" missing contents."),
                vec![lb],
                srcline,
            );
            return Ok((vec![msg], blank_finish));
        }
        let lead = char_len(&block[0].text) - char_len(block[0].text.trim_start());
        block[0].text = block[0].text.trim().into();
        block[0].col += lead as u32;
        self.doc
            .tree
            .push_list_attr(subnode, "names", whitespace_normalize_name(&subname));
        let (_, bf) = self.nested_list_parse(
            block,
            offset,
            subnode,
            St::SubstitutionDef,
            blank_finish,
            |_| {},
        );
        let blank_finish = bf;
        // Move non-inline children out to the parent.
        let children = self.doc.tree.children(subnode).to_vec();
        for c in children {
            if !is_inline_or_text(self.doc.tree.tag(c)) {
                self.doc.tree.remove_child(subnode, c);
                self.doc.append(sm.node, c);
            }
        }
        for n in self.doc.tree.descendants(subnode).into_iter().skip(1) {
            if self.doc.tree.is_text(n) {
                continue;
            }
            if self.doc.tree.tag(n) == Tag::Problematic {
                let lb = self.doc.literal_block(&blocktext);
                let msg = self.doc.error(
                    Family::Other,
                    "Problematic content in substitution definition",
                    vec![lb],
                    srcline,
                );
                let bq = self.doc.tree.element(Tag::BlockQuote);
                let p = self.doc.tree.element(Tag::Paragraph);
                let kids = self.doc.tree.take_children(subnode);
                self.doc.tree.extend(p, kids);
                self.doc.tree.append(bq, p);
                self.doc.append(msg, bq);
                return Ok((vec![msg], blank_finish));
            }
            let illegal = self.disallowed_inside_substitution_definitions(n);
            if !illegal.is_empty() {
                let lb = self.doc.literal_block(&blocktext);
                let msg = self.doc.error(
                    Family::Other,
                    &format!("{illegal} are not supported in a substitution definition."),
                    vec![lb],
                    srcline,
                );
                return Ok((vec![msg], blank_finish));
            }
        }
        if self.doc.tree.children(subnode).is_empty() {
            let lb = self.doc.literal_block(&blocktext);
            let msg = self.doc.warning(
                Family::Other,
                &format!("Substitution definition \"{subname}\" empty or invalid."),
                vec![lb],
                srcline,
            );
            return Ok((vec![msg], blank_finish));
        }
        let parent = sm.node;
        self.doc
            .note_substitution_def(subnode, &subname, Some(parent));
        Ok((vec![subnode], blank_finish))
    }

    fn disallowed_inside_substitution_definitions(&self, node: NodeId) -> &'static str {
        let t = &self.doc.tree;
        let tag = t.tag(node);
        if tag == Tag::Reference && t.attr(node, "anonymous").is_some() {
            return "Anonymous references";
        }
        if tag == Tag::FootnoteReference && t.attr(node, "auto").is_some() {
            return "References to auto-numbered and auto-symbol footnotes";
        }
        if !t.list_attr(node, "names").is_empty() || !t.list_attr(node, "ids").is_empty() {
            return "Targets (names and identifiers)";
        }
        ""
    }

    fn subst_embedded_directive(&mut self, sm: &mut Machine, m: &Match) -> R<Option<St>> {
        let alt = self
            .doc
            .tree
            .list_attr(sm.node, "names")
            .first()
            .cloned()
            .unwrap_or_default();
        let name = m.name.clone().unwrap_or_default();
        let (nodes, bf) = self.directive(sm, &name, m.end, Some(alt));
        self.doc.extend(sm.node, nodes);
        if !sm.at_eof() {
            sm.blank_finish = bf;
        }
        Err(Flow::Eof)
    }

    fn comment(&mut self, sm: &mut Machine, m: &Match) -> (Vec<NodeId>, bool) {
        let start = sm.cur();
        if sm.is_next_line_blank() {
            let first = skip_chars(sm.line(), m.end).to_string();
            if first.trim().is_empty() {
                let c = self.doc.tree.element(Tag::Comment);
                self.doc.tree.set_attr(c, "xml:space", "preserve");
                self.set_line_span(sm, c, start);
                return (vec![c], true);
            }
        }
        let (mut indented, _, _, blank_finish) =
            self.get_first_known_indented(sm, m.end, false, true, true);
        while indented.last().is_some_and(|l| l.text.trim().is_empty()) {
            indented.pop();
        }
        let text = join(&indented);
        let c = self.doc.tree.element(Tag::Comment);
        self.doc.tree.set_attr(c, "xml:space", "preserve");
        if !text.is_empty() {
            let t = self.raw_text(&text);
            self.doc.tree.append(c, t);
        }
        self.set_line_span(sm, c, start);
        (vec![c], blank_finish)
    }

    /// `Body.directive`: look the name up and run it, or report it unknown.
    pub fn directive(
        &mut self,
        sm: &mut Machine,
        type_name: &str,
        end: usize,
        alt: Option<String>,
    ) -> (Vec<NodeId>, bool) {
        super::directives::run(self, sm, type_name, end, alt)
    }

    // ----- Text ------------------------------------------------------------------

    fn context_lines(&self, sm: &Machine, ctx: &[String], last_rel: usize) -> Vec<Line> {
        // The context lines end at relative index `last_rel`.
        let n = ctx.len();
        (0..n)
            .map(|i| {
                let idx = (last_rel + i + 1).checked_sub(n);
                let l = idx.and_then(|j| sm.lines.get(j));
                match l {
                    // The context line is that line (as it most often is):
                    // its text shared, not copied.
                    Some(l) if *l.text == *ctx[i] => l.clone(),
                    _ => Line {
                        text: ctx[i].as_str().into(),
                        abs: l.map(|l| l.abs).unwrap_or(0),
                        col: l.map(|l| l.col).unwrap_or(0),
                    },
                }
            })
            .collect()
    }

    fn text_blank(&mut self, sm: &mut Machine, ctx: &mut Vec<String>) -> R<Option<St>> {
        let last = sm.cur().saturating_sub(1);
        let last = if sm.line_offset as usize >= sm.lines.len() {
            sm.lines.len().saturating_sub(1)
        } else {
            last
        };
        let lines = self.context_lines(sm, ctx, last);
        let lineno = sm.abs_line_number() - 1;
        let (paragraph, literalnext) = self.paragraph(sm, &lines, lineno);
        self.doc.extend(sm.node, paragraph);
        if literalnext {
            let lb = self.literal_block(sm);
            self.doc.extend(sm.node, lb);
        }
        Ok(Some(St::Body))
    }

    fn text_indent(&mut self, sm: &mut Machine, ctx: &mut Vec<String>) -> R<Option<St>> {
        let dl = self.doc.tree.element(Tag::DefinitionList);
        let start = sm.cur().saturating_sub(1);
        let lineno = sm.abs_line_number() - 1;
        self.doc
            .tree
            .get_mut(dl)
            .set_line(sm.source_line(Some(lineno)).map(|l| l as u32));
        let (item, bf) = self.definition_list_item(sm, ctx);
        self.doc.append(dl, item);
        self.doc.append(sm.node, dl);
        let offset = sm.cur() + 1;
        let (nlo, bf) = self.nested_list_parse(
            sm.rest_from(offset),
            sm.abs_line_offset() + 1,
            dl,
            St::DefinitionList,
            bf,
            |_| {},
        );
        self.goto_line(sm, nlo);
        self.set_line_span(sm, dl, start);
        if !bf {
            let w = self.unindent_warning(sm, "Definition list");
            self.doc.append(sm.node, w);
        }
        Ok(Some(St::Body))
    }

    fn text_underline(&mut self, sm: &mut Machine, ctx: &mut Vec<String>) -> R<Option<St>> {
        let lineno = sm.abs_line_number();
        let title_line = self
            .context_lines(sm, ctx, sm.cur().saturating_sub(1))
            .into_iter()
            .next();
        let title = ctx[0].trim_end().to_string();
        let underline = sm.line().trim_end().to_string();
        let source = format!("{title}\n{underline}");
        let mut messages = Vec::new();
        if column_width(&title) > char_len(&underline) {
            if char_len(&underline) < 4 {
                if sm.match_titles {
                    let msg = self.doc.info( Family::PossibleTitle,
                        "Possible title underline, too short for the title.\nTreating it as ordinary text because it's so short.",
                        vec![],
                        Some(lineno),
                    );
                    self.doc.append(sm.node, msg);
                }
                return Err(Flow::TransitionCorrection(Tr::Text));
            }
            let blocktext = format!("{}\n{}", ctx[0], sm.line());
            let lb = self.doc.literal_block(&blocktext);
            messages.push(self.doc.warning(
                Family::TitleTooShort,
                "Title underline too short.",
                vec![lb],
                Some(lineno),
            ));
        }
        if !sm.match_titles {
            let blocktext = format!("{}\n{}", ctx[0], sm.line());
            let srcline = sm.source_line(None);
            let lb = self.doc.literal_block(&blocktext);
            let msg = self.doc.error(
                Family::SectionStructure,
                "Unexpected section title.",
                vec![lb],
                srcline,
            );
            self.doc.extend(sm.node, messages);
            self.doc.append(sm.node, msg);
            return Ok(Some(St::Body));
        }
        let style = TitleStyle::Under(underline.chars().next().unwrap_or('='));
        ctx.clear();
        let tl = title_line.unwrap_or(Line {
            text: title.as_str().into(),
            abs: 0,
            col: 0,
        });
        self.section(sm, &title, &source, style, lineno - 1, messages, &tl);
        Ok(Some(St::Body))
    }

    fn text_text(&mut self, sm: &mut Machine, ctx: &mut Vec<String>) -> R<Option<St>> {
        let startline = sm.abs_line_number() - 1;
        let first_rel = sm.cur().saturating_sub(1);
        let mut msg = None;
        let block = match self.get_text_block(sm, true) {
            Ok(b) => b,
            Err((b, line)) => {
                msg = Some(self.doc.error(
                    Family::UnexpectedIndentation,
                    "Unexpected indentation.",
                    vec![],
                    Some(line),
                ));
                b
            }
        };
        let mut lines = self.context_lines(sm, ctx, first_rel);
        lines.extend(block);
        let (paragraph, literalnext) = self.paragraph(sm, &lines, startline);
        self.doc.extend(sm.node, paragraph);
        if let Some(m) = msg {
            self.doc.append(sm.node, m);
        }
        if literalnext {
            let _ = self.next_line(sm, 1);
            let lb = self.literal_block(sm);
            self.doc.extend(sm.node, lb);
        }
        Ok(Some(St::Body))
    }

    fn literal_block(&mut self, sm: &mut Machine) -> Vec<NodeId> {
        let (mut indented, _, offset, blank_finish) = self.get_indented_here(sm, false, true);
        while indented.last().is_some_and(|l| l.text.trim().is_empty()) {
            indented.pop();
        }
        if indented.is_empty() {
            return self.quoted_literal_block(sm);
        }
        let data = join(&indented);
        let lb = self.doc.literal_block(&data);
        self.doc
            .tree
            .get_mut(lb)
            .set_line(sm.source_line(Some(offset + 1)).map(|l| l as u32));
        self.set_block_span(lb, &indented);
        let mut nodelist = vec![lb];
        if !blank_finish {
            nodelist.push(self.unindent_warning(sm, "Literal block"));
        }
        nodelist
    }

    fn quoted_literal_block(&mut self, sm: &mut Machine) -> Vec<NodeId> {
        let abs_line_offset = sm.abs_line_offset();
        let offset = sm.cur();
        let parent = self.doc.tree.element(Tag::Element);
        let new_abs = self.nested_parse_state(
            sm,
            sm.rest_from(offset),
            abs_line_offset,
            parent,
            false,
            St::QuotedLiteralBlock,
        );
        self.goto_line(sm, new_abs);
        self.doc.tree.take_children(parent)
    }

    fn definition_list_item(&mut self, sm: &mut Machine, termline: &[String]) -> (NodeId, bool) {
        let dd_lineno = sm.abs_line_number();
        let dt_lineno = dd_lineno - 1;
        let term_lines = self.context_lines(sm, termline, sm.cur().saturating_sub(1));
        let start = sm.cur().saturating_sub(1);
        let (indented, _, line_offset, blank_finish) = self.get_indented_here(sm, false, true);
        let item = self.doc.tree.element(Tag::DefinitionListItem);
        self.doc
            .tree
            .get_mut(item)
            .set_line(sm.source_line(Some(dt_lineno)).map(|l| l as u32));
        self.set_line_span(sm, item, start);
        let (dt_nodes, messages) = self.term(sm, &term_lines, dt_lineno);
        self.doc.extend(item, dt_nodes);
        let dd = self.doc.tree.element(Tag::Definition);
        self.doc
            .tree
            .get_mut(dd)
            .set_line(sm.source_line(Some(dd_lineno)).map(|l| l as u32));
        self.set_block_span(dd, &indented);
        self.doc.extend(dd, messages);
        self.doc.append(item, dd);
        if termline.first().is_some_and(|t| t.ends_with("::")) {
            let msg = self.doc.info( Family::Other,
                "Blank line missing before literal block (after the \"::\")? Interpreted as a definition list item.",
                vec![],
                Some(dd_lineno),
            );
            self.doc.append(dd, msg);
        }
        self.nested_parse(sm, indented, line_offset, dd, false);
        (item, blank_finish)
    }

    fn term(
        &mut self,
        sm: &mut Machine,
        lines: &[Line],
        lineno: usize,
    ) -> (Vec<NodeId>, Vec<NodeId>) {
        let text = lines
            .first()
            .map(|l| l.text.to_string())
            .unwrap_or_default();
        let (text_nodes, messages) =
            self.inline_lines(&text, lineno, sm.node, &lines[..1.min(lines.len())]);
        let dt = self.doc.tree.element(Tag::Term);
        self.doc
            .tree
            .get_mut(dt)
            .set_line(sm.source_line(Some(lineno)).map(|l| l as u32));
        self.set_block_span(dt, &lines[..1.min(lines.len())]);
        let mut node_list = vec![dt];
        for n in text_nodes {
            if self.doc.tree.is_text(n) {
                let s = self.doc.tree.escaped_text(n).to_string();
                let parts = split_classifiers(&s);
                if parts.len() == 1 {
                    let last = *node_list.last().unwrap_or(&dt);
                    self.doc.append(last, n);
                } else {
                    // Each part keeps its own place in the (one-line) source.
                    let outer = self.doc.tree.get(n).span;
                    let mut cursor = outer.start as usize;
                    let mut place = |doc: &Doc, part: &str| -> Span {
                        let end = (outer.end as usize).max(cursor);
                        let hay = doc.src.get(cursor..end).unwrap_or("");
                        let needle = super::node::restore_backslashes(part);
                        let needle = needle.trim();
                        let at = cursor + hay.find(needle).unwrap_or(0);
                        let len = if hay.contains(needle) {
                            needle.len()
                        } else {
                            0
                        };
                        let col = doc
                            .src
                            .get(outer.start as usize..at)
                            .map_or(0, |t| t.chars().count());
                        cursor = at + len;
                        Span {
                            start: at as u32,
                            end: (at + len) as u32,
                            line: outer.line,
                            col: outer.col + col as u32,
                        }
                    };
                    let t = self.doc.tree.text(parts[0].trim_end());
                    self.doc.tree.get_mut(t).span = place(&self.doc, &parts[0]);
                    let last = *node_list.last().unwrap_or(&dt);
                    self.doc.append(last, t);
                    for part in &parts[1..] {
                        let c = self.doc.tree.element_with_text(
                            Tag::Classifier,
                            &super::node::restore_backslashes(part),
                        );
                        let span = place(&self.doc, part);
                        self.doc.tree.get_mut(c).span = span;
                        if let Some(&ct) = self.doc.tree.children(c).first() {
                            self.doc.tree.get_mut(ct).span = span;
                        }
                        node_list.push(c);
                    }
                }
            } else {
                let last = *node_list.last().unwrap_or(&dt);
                self.doc.append(last, n);
            }
        }
        (node_list, messages)
    }

    // ----- Line (overline / transition) -------------------------------------------

    fn state_correction(
        &mut self,
        _sm: &mut Machine,
        ctx: &mut Vec<String>,
        lines: isize,
    ) -> R<()> {
        // docutils backs up `lines` lines here; the run loop backs up one more.
        self.previous_line(_sm, lines);
        ctx.clear();
        Err(Flow::StateCorrection(St::Body, Some(Tr::Text)))
    }

    fn short_overline(
        &mut self,
        sm: &mut Machine,
        ctx: &mut Vec<String>,
        lineno: usize,
        lines: isize,
    ) -> R<Option<St>> {
        let msg = self.doc.info( Family::SectionStructure,
            "Possible incomplete section title.\nTreating the overline as ordinary text because it's so short.",
            vec![],
            Some(lineno),
        );
        self.doc.append(sm.node, msg);
        self.state_correction(sm, ctx, lines)?;
        Ok(None)
    }

    fn line_blank(&mut self, sm: &mut Machine, ctx: &mut Vec<String>) -> R<Option<St>> {
        let srcline = sm.source_line(None);
        let marker = ctx
            .first()
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        if char_len(&marker) < 4 {
            self.state_correction(sm, ctx, 1)?;
        }
        self.add_transition(sm, srcline.map(|l| l.saturating_sub(1)));
        Ok(Some(St::Body))
    }

    fn line_text(&mut self, sm: &mut Machine, ctx: &mut Vec<String>) -> R<Option<St>> {
        let lineno = sm.abs_line_number() - 1;
        let overline = ctx[0].clone();
        let title = sm.line().to_string();
        let title_line = sm.lines[sm.cur()].clone();
        let underline = if self.next_line(sm, 1).is_err() {
            let blocktext = format!("{overline}\n{title}");
            if char_len(overline.trim_end()) < 4 {
                return self.short_overline(sm, ctx, lineno, 2);
            }
            let lb = self.doc.literal_block(&blocktext);
            let msg = self.doc.error(
                Family::SectionStructure,
                "Incomplete section title.",
                vec![lb],
                Some(lineno),
            );
            self.doc.append(sm.node, msg);
            return Ok(Some(St::Body));
        } else {
            sm.line().to_string()
        };
        let source = format!("{overline}\n{title}\n{underline}");
        let overline = overline.trim_end().to_string();
        let underline = underline.trim_end().to_string();
        if !pat::line(&underline) {
            let blocktext = format!("{overline}\n{title}\n{underline}");
            if char_len(&overline) < 4 {
                return self.short_overline(sm, ctx, lineno, 2);
            }
            let _ = blocktext;
            let lb = self.doc.literal_block(&source);
            let msg = self.doc.error(
                Family::SectionStructure,
                "Missing matching underline for section title overline.",
                vec![lb],
                Some(lineno),
            );
            self.doc.append(sm.node, msg);
            return Ok(Some(St::Body));
        } else if overline != underline {
            if char_len(&overline) < 4 {
                return self.short_overline(sm, ctx, lineno, 2);
            }
            let lb = self.doc.literal_block(&source);
            let msg = self.doc.error(
                Family::SectionStructure,
                "Title overline & underline mismatch.",
                vec![lb],
                Some(lineno),
            );
            self.doc.append(sm.node, msg);
            return Ok(Some(St::Body));
        }
        let title = title.trim_end().to_string();
        let mut messages = Vec::new();
        if column_width(&title) > char_len(&overline) {
            if char_len(&overline) < 4 {
                return self.short_overline(sm, ctx, lineno, 2);
            }
            let lb = self.doc.literal_block(&source);
            messages.push(self.doc.warning(
                Family::TitleTooShort,
                "Title overline too short.",
                vec![lb],
                Some(lineno),
            ));
        }
        let o = overline.chars().next().unwrap_or('=');
        let u = underline.chars().next().unwrap_or('=');
        let style = TitleStyle::Over(o, u);
        let lead = char_len(&title) - char_len(title.trim_start());
        let mut tl = title_line;
        tl.col += lead as u32;
        tl.text = title.trim_start().into();
        self.section(
            sm,
            title.trim_start(),
            &source,
            style,
            lineno + 1,
            messages,
            &tl,
        );
        Ok(Some(St::Body))
    }

    fn line_underline(&mut self, sm: &mut Machine, ctx: &mut Vec<String>) -> R<Option<St>> {
        let overline = ctx[0].clone();
        let blocktext = format!("{overline}\n{}", sm.line());
        let lineno = sm.abs_line_number() - 1;
        if char_len(overline.trim_end()) < 4 {
            return self.short_overline(sm, ctx, lineno, 1);
        }
        let lb = self.doc.literal_block(&blocktext);
        let msg = self.doc.error(
            Family::SectionStructure,
            "Invalid section title or transition marker.",
            vec![lb],
            Some(lineno),
        );
        self.doc.append(sm.node, msg);
        Ok(Some(St::Body))
    }

    // ----- QuotedLiteralBlock ------------------------------------------------------

    fn qlb_transition(&mut self, sm: &mut Machine, tr: Tr, ctx: &mut Vec<String>) -> R<Option<St>> {
        match tr {
            Tr::Blank => {
                if !ctx.is_empty() {
                    Err(Flow::Eof)
                } else {
                    Ok(None)
                }
            }
            Tr::Indent => {
                let m = self.doc.error(
                    Family::UnexpectedIndentation,
                    "Unexpected indentation.",
                    vec![],
                    Some(sm.abs_line_number()),
                );
                sm.qlb_messages.push(m);
                self.previous_line(sm, 1);
                Err(Flow::Eof)
            }
            Tr::InitialQuoted => {
                sm.quote = sm.line().chars().next();
                sm.qlb_initial_lineno = sm.abs_line_number();
                set_context(ctx, sm.line());
                Ok(None)
            }
            Tr::Quoted => {
                ctx.push(sm.line().to_string());
                Ok(None)
            }
            _ => {
                if !ctx.is_empty() {
                    let m = self.doc.error(
                        Family::Other,
                        "Inconsistent literal block quoting.",
                        vec![],
                        Some(sm.abs_line_number()),
                    );
                    sm.qlb_messages.push(m);
                    self.previous_line(sm, 1);
                }
                Err(Flow::Eof)
            }
        }
    }

    fn qlb_eof(&mut self, sm: &mut Machine, ctx: &mut [String]) {
        if !ctx.is_empty() {
            let srcline = sm.source_line(Some(sm.qlb_initial_lineno));
            let text = ctx.join("\n");
            let lb = self.doc.literal_block(&text);
            self.doc
                .tree
                .get_mut(lb)
                .set_line(srcline.map(|l| l as u32));
            if let Some(l) = srcline {
                let span = self
                    .doc
                    .span_lines(l - 1, 0, l - 1 + ctx.len().saturating_sub(1));
                self.doc.tree.get_mut(lb).span = span;
            }
            self.doc.append(sm.node, lb);
        } else {
            let w = self.doc.warning(
                Family::LiteralBlockExpected,
                "Literal block expected; none found.",
                vec![],
                Some(sm.abs_line_number()),
            );
            self.doc.append(sm.node, w);
            self.previous_line(sm, 1);
        }
        let msgs = std::mem::take(&mut sm.qlb_messages);
        self.doc.extend(sm.node, msgs);
    }
}

/// `re.search(r'(?<!\\)(\\\\)*::$', data)`
fn ends_with_unescaped_colons(data: &str) -> bool {
    if !data.ends_with("::") {
        return false;
    }
    let before = &data[..data.len() - 2];
    let backslashes = before.len() - before.trim_end_matches('\\').len();
    backslashes.is_multiple_of(2)
}

/// `Body.split_attribution`.
#[allow(clippy::type_complexity)]
fn split_attribution(
    indented: &[Line],
    line_offset: usize,
) -> Option<(Vec<Line>, Vec<Line>, usize, Vec<Line>, usize)> {
    let mut blank: Option<usize> = None;
    let mut nonblank_seen = false;
    for i in 0..indented.len() {
        let line = indented[i].text.trim_end();
        if !line.is_empty() {
            if nonblank_seen
                && blank == i.checked_sub(1)
                && blank.is_some()
                && let Some(mend) = attribution_match(line)
            {
                let (attribution_end, indent) = check_attribution(indented, i);
                if let Some(ae) = attribution_end {
                    let mut a_lines = indented[i..ae].to_vec();
                    trim_line(&mut a_lines[0], mend);
                    for l in a_lines.iter_mut().skip(1) {
                        trim_line(l, indent);
                    }
                    return Some((
                        indented[..i].to_vec(),
                        a_lines,
                        i,
                        indented[ae..].to_vec(),
                        line_offset + ae,
                    ));
                }
            }
            nonblank_seen = true;
        } else {
            blank = Some(i);
        }
    }
    None
}

/// `(---?(?!-)|\u2014) *(?=[^ \n])`: match end in chars.
fn attribution_match(line: &str) -> Option<usize> {
    let cs: Vec<char> = line.chars().collect();
    let mut p;
    if cs.first() == Some(&'\u{2014}') {
        p = 1;
    } else if cs.len() >= 2 && cs[0] == '-' && cs[1] == '-' {
        p = 2;
        if cs.get(2) == Some(&'-') {
            p = 3;
        }
        if cs.get(p) == Some(&'-') {
            return None;
        }
    } else {
        return None;
    }
    while cs.get(p) == Some(&' ') {
        p += 1;
    }
    match cs.get(p) {
        Some(c) if *c != ' ' && *c != '\n' => Some(p),
        _ => None,
    }
}

fn check_attribution(indented: &[Line], attribution_start: usize) -> (Option<usize>, usize) {
    let mut indent: Option<usize> = None;
    let mut i = attribution_start + 1;
    let mut broke = false;
    for j in attribution_start + 1..indented.len() {
        i = j;
        let line = indented[j].text.trim_end();
        if line.is_empty() {
            broke = true;
            break;
        }
        let li = char_len(line) - char_len(line.trim_start());
        match indent {
            None => indent = Some(li),
            Some(x) if x != li => return (None, 0),
            _ => {}
        }
    }
    if !broke {
        i = if attribution_start + 1 < indented.len() {
            indented.len()
        } else {
            attribution_start + 1
        };
    }
    (Some(i), indent.unwrap_or(0))
}

/// (sequence, ordinal) of an enumerator text; ordinal None for a bad roman numeral.
fn parse_enumerator(text: &str, expected: Option<&str>) -> (String, Option<i64>) {
    let mut sequence = String::new();
    if text == "#" {
        sequence = "#".into();
    } else if let Some(exp) = expected {
        if sequence_matches(exp, text) {
            sequence = exp.to_string();
        }
    } else if text == "i" {
        sequence = "lowerroman".into();
    } else if text == "I" {
        sequence = "upperroman".into();
    }
    if sequence.is_empty() {
        for s in [
            "arabic",
            "loweralpha",
            "upperalpha",
            "lowerroman",
            "upperroman",
        ] {
            if sequence_matches(s, text) {
                sequence = s.into();
                break;
            }
        }
    }
    let ordinal = match sequence.as_str() {
        "#" => Some(1),
        "arabic" => text.parse::<i64>().ok(),
        "loweralpha" | "upperalpha" => text
            .chars()
            .next()
            .map(|c| (c.to_ascii_lowercase() as i64) - ('a' as i64) + 1),
        "lowerroman" | "upperroman" => roman_to_int(text),
        _ => None,
    };
    (sequence, ordinal)
}

fn sequence_matches(seq: &str, text: &str) -> bool {
    match seq {
        "arabic" => !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()),
        "loweralpha" => text.len() == 1 && text.bytes().all(|b| b.is_ascii_lowercase()),
        "upperalpha" => text.len() == 1 && text.bytes().all(|b| b.is_ascii_uppercase()),
        "lowerroman" => !text.is_empty() && text.bytes().all(|b| b"ivxlcdm".contains(&b)),
        "upperroman" => !text.is_empty() && text.bytes().all(|b| b"IVXLCDM".contains(&b)),
        _ => false,
    }
}

/// Strict roman numerals 1..=4999 (docutils' `RomanNumeral.from_string`).
pub fn roman_to_int(text: &str) -> Option<i64> {
    let up = text.to_ascii_uppercase();
    let value = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let vals: Option<Vec<i64>> = up.chars().map(value).collect();
    let vals = vals?;
    let mut n = 0;
    for (i, v) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|next| next > v) {
            n -= v;
        } else {
            n += v;
        }
    }
    // Only canonical numerals count, as in docutils.
    (int_to_roman(n).as_deref() == Some(up.as_str())).then_some(n)
}

pub fn int_to_roman(mut n: i64) -> Option<String> {
    if !(1..5000).contains(&n) {
        return None;
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    Some(s)
}

fn make_enumerator(ordinal: i64, sequence: &str, format: EnumFormat) -> Option<(String, String)> {
    let enumerator = match sequence {
        "#" => "#".to_string(),
        "arabic" => ordinal.to_string(),
        s if s.ends_with("alpha") => {
            if ordinal > 26 {
                return None;
            }
            let c = (b'a' + (ordinal - 1) as u8) as char;
            if s.starts_with("upper") {
                c.to_ascii_uppercase().to_string()
            } else {
                c.to_string()
            }
        }
        s if s.ends_with("roman") => {
            let r = int_to_roman(ordinal)?;
            if s.starts_with("lower") {
                r.to_lowercase()
            } else {
                r
            }
        }
        _ => return None,
    };
    Some((
        format!("{}{}{} ", format.prefix(), enumerator, format.suffix()),
        format!("{}#{} ", format.prefix(), format.suffix()),
    ))
}

/// `Body.parse_target`: (is a reference name, data).
pub(crate) fn parse_target(block: &[String]) -> (bool, String) {
    if block.last().is_some_and(|l| l.trim().ends_with('_')) {
        let reference = block.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        if let Some(refname) = pat::reference_name(&whitespace_normalize_name(&reference)) {
            return (true, super::node::unescape(&refname));
        }
    }
    let joined = block.join(" ");
    let parts = split_escaped_whitespace(&joined);
    let reference = parts
        .iter()
        .map(|p| {
            super::node::unescape(p)
                .split_whitespace()
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ");
    (false, reference)
}

/// `re.split(' +: +', text)`.
fn split_classifiers(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let b = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' {
            let mut j = i;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if j < b.len() && b[j] == b':' {
                let mut k = j + 1;
                let ks = k;
                while k < b.len() && b[k] == b' ' {
                    k += 1;
                }
                if k > ks {
                    parts.push(s[last..i].to_string());
                    last = k;
                    i = k;
                    continue;
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    parts.push(s[last..].to_string());
    parts
}

/// Whether `tag` names an inline element or a text node, as docutils'
/// `nodes.Inline` and `nodes.Text` classes hold them.
pub fn is_inline_or_text(tag: Tag) -> bool {
    matches!(
        tag,
        TEXT | Tag::Emphasis
            | Tag::Strong
            | Tag::Literal
            | Tag::Reference
            | Tag::FootnoteReference
            | Tag::CitationReference
            | Tag::SubstitutionReference
            | Tag::TitleReference
            | Tag::Abbreviation
            | Tag::Acronym
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Math
            | Tag::Image
            | Tag::Inline
            | Tag::Problematic
            | Tag::Generated
            | Tag::Target
            | Tag::Raw
    )
}
