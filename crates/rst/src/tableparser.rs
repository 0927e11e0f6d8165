//! Grid and simple table parsing (docutils' `tableparser`): from the lines
//! of a table to its column widths and rows of cells.
//!
//! A port of docutils 0.23's `GridTableParser` and `SimpleTableParser`.
//! Lines are handled as `char` vectors, so indices are character columns as
//! in Python. East Asian wide characters are expected to be followed by
//! [`PAD_CHAR`] (see [`pad_double_width_lines`]); combining characters do
//! not take a column of their own (docutils' `strip_combining_chars` and
//! `column_indices`).

use super::block::is_combining;

/// docutils pads double-width characters with this so columns line up.
pub const PAD_CHAR: char = '\x00';

/// One cell: rows and columns it spans beyond its own, the line offset of
/// its first line within the table block, the column where its text starts,
/// and its text lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub morerows: usize,
    pub morecols: usize,
    pub offset: usize,
    pub col: usize,
    pub lines: Vec<String>,
}

/// (column widths, header rows, body rows); `None` marks a spanned-over cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableData {
    pub colwidths: Vec<usize>,
    pub headrows: Vec<Vec<Option<Cell>>>,
    pub bodyrows: Vec<Vec<Option<Cell>>>,
}

/// docutils' `TableMarkupError`: a message and the line offset it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableMarkupError {
    pub message: String,
    pub offset: usize,
}

impl TableMarkupError {
    fn new(message: impl Into<String>, offset: usize) -> Self {
        TableMarkupError {
            message: message.into(),
            offset,
        }
    }
}

type Res<T> = Result<T, TableMarkupError>;

const INCOMPLETE: &str = "Malformed table; parse incomplete.";

// ----- character helpers ---------------------------------------------------

/// Python's `str.isspace()` for one character.
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `str.strip()`.
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

/// Python's `str.strip()` is empty.
fn is_blank(s: &[char]) -> bool {
    s.iter().all(|&c| py_isspace(c))
}

/// Python's `str.rstrip()`.
fn rstrip(s: &[char]) -> &[char] {
    let mut end = s.len();
    while end > 0 && s.get(end - 1).is_some_and(|&c| py_isspace(c)) {
        end -= 1;
    }
    s.get(..end).unwrap_or(&[])
}

/// Python's slice `s[a:b]` (clamped, empty when `a >= b`).
fn slice(s: &[char], a: usize, b: usize) -> &[char] {
    let b = b.min(s.len());
    if a >= b {
        &[]
    } else {
        s.get(a..b).unwrap_or(&[])
    }
}

/// Whether `c` is East Asian Wide or Fullwidth (Python's
/// `unicodedata.east_asian_width(c) in 'WF'`, Unicode 14 as in Python 3.11,
/// for assigned characters).
pub fn is_wide(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    let u = c as u32;
    // Wide in Unicode 14's EastAsianWidth.txt but zero-width for
    // `unicode-width`, or narrow there but wide since Unicode 15/16.
    match u {
        0x302a..=0x302f | 0x3099..=0x309a | 0x3164 | 0x16fe4 | 0x16ff0..=0x16ff1 => true,
        0x17a4 | 0x2630..=0x2637 | 0x268a..=0x268f | 0x4dc0..=0x4dff | 0x1d300..=0x1d376 => false,
        _ => c.width() == Some(2),
    }
}

/// Pad East Asian wide characters with [`PAD_CHAR`] (docutils' `pad_double_width`).
pub fn pad_double_width_lines(block: &mut [super::block::Line]) {
    for l in block.iter_mut() {
        if l.text.chars().any(is_wide) {
            l.text = pad_double_width(&l.text).into();
        }
    }
}

/// One line with every wide character followed by [`PAD_CHAR`].
pub fn pad_double_width(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        s.push(c);
        if is_wide(c) {
            s.push(PAD_CHAR);
        }
    }
    s
}

/// A table line: its characters and, when it holds combining characters,
/// the indices of the others (docutils' `column_indices`).
struct TLine {
    chars: Vec<char>,
    /// `None`: no combining characters, column `i` is character `i`.
    colidx: Option<Vec<usize>>,
}

impl TLine {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let colidx = if chars.iter().any(|&c| is_combining(c)) {
            Some(
                chars
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !is_combining(**c))
                    .map(|(i, _)| i)
                    .collect(),
            )
        } else {
            None
        };
        TLine { chars, colidx }
    }

    /// `column_indices(line)[col]`, `None` on Python's `IndexError`.
    fn column_index(&self, col: usize) -> Option<usize> {
        match &self.colidx {
            None => (col < self.chars.len()).then_some(col),
            Some(v) => v.get(col).copied(),
        }
    }

    /// The line without combining characters (`strip_combining_chars`).
    fn stripped(&self) -> Vec<char> {
        match &self.colidx {
            None => self.chars.clone(),
            Some(_) => self
                .chars
                .iter()
                .copied()
                .filter(|&c| !is_combining(c))
                .collect(),
        }
    }
}

/// `StringList.get_2D_block(top, left, bottom, right)` over `lines` (already
/// `[top:bottom]`), followed by removing the pad characters. Returns the
/// cell's lines and the source column where its text starts.
fn get_2d_block(lines: &[TLine], left: usize, right: usize) -> (Vec<String>, usize) {
    let mut parts: Vec<&[char]> = Vec::with_capacity(lines.len());
    let mut indent = right;
    let mut first_col = None;
    for l in lines {
        let left_i = l.column_index(left).unwrap_or(left);
        let right_i = l.column_index(right).unwrap_or(l.chars.len());
        let part = rstrip(slice(&l.chars, left_i, right_i));
        if !part.is_empty() {
            let lead = part.iter().take_while(|&&c| py_isspace(c)).count();
            indent = indent.min(lead);
        }
        if first_col.is_none() {
            let before = slice(&l.chars, 0, left_i);
            first_col = Some(before.iter().filter(|&&c| c != PAD_CHAR).count());
        }
        parts.push(part);
    }
    let strip = 0 < indent && indent < right;
    let out = parts
        .into_iter()
        .map(|p| {
            let p = if strip { slice(p, indent, p.len()) } else { p };
            p.iter().filter(|&&c| c != PAD_CHAR).collect::<String>()
        })
        .collect();
    let col = first_col.unwrap_or(left) + if strip { indent } else { 0 };
    (out, col)
}

/// `TableParser.find_head_body_sep`: the index of the single head/body
/// separator line (converted to a row separator), if any.
fn find_head_body_sep(
    block: &mut [Vec<char>],
    is_sep: impl Fn(&[char]) -> bool,
) -> Res<Option<usize>> {
    let mut sep: Option<usize> = None;
    for (i, line) in block.iter_mut().enumerate() {
        if is_sep(line) {
            if let Some(s) = sep.filter(|&s| s != 0) {
                return Err(TableMarkupError::new(
                    format!(
                        "Multiple head/body row separators (table lines {} and {}); only one allowed.",
                        s + 1,
                        i + 1
                    ),
                    i,
                ));
            }
            sep = Some(i);
            for c in line.iter_mut() {
                if *c == '=' {
                    *c = '-';
                }
            }
        }
    }
    let last = block.len().saturating_sub(1);
    if sep == Some(0) || sep == Some(last) {
        return Err(TableMarkupError::new(
            "The head/body row separator may not be the first or last line of the table.",
            last,
        ));
    }
    Ok(sep)
}

// ----- grid tables -----------------------------------------------------------

/// `\+=[=+]+=\+ *$`
fn grid_head_body_sep(line: &[char]) -> bool {
    let mut end = line.len();
    while end > 0 && line.get(end - 1) == Some(&' ') {
        end -= 1;
    }
    let s = slice(line, 0, end);
    s.len() >= 5
        && s.starts_with(&['+', '='])
        && s.ends_with(&['=', '+'])
        && s.iter().all(|&c| c == '=' || c == '+')
}

struct Grid {
    block: Vec<TLine>,
    /// The block without combining characters, as rows of characters.
    stripped: Vec<Vec<char>>,
    bottom: usize,
    right: usize,
    done: Vec<isize>,
    /// `hbad[r][c]`: characters other than `+-` in `stripped[r][..c]`.
    hbad: Vec<Vec<u32>>,
    /// `vbad[c][r]`: rows `< r` whose column `c` is not `+|`.
    vbad: Vec<Vec<u32>>,
    rowsep: Vec<bool>,
    colsep: Vec<bool>,
}

impl Grid {
    fn at(&self, r: usize, c: usize) -> Option<char> {
        self.stripped.get(r).and_then(|l| l.get(c)).copied()
    }

    fn scan_cell(&self, top: usize, left: usize) -> Option<(usize, usize)> {
        if self.at(top, left) != Some('+') {
            return None;
        }
        self.scan_right(top, left)
    }

    fn scan_right(&self, top: usize, left: usize) -> Option<(usize, usize)> {
        for i in left + 1..=self.right {
            match self.at(top, i)? {
                '+' => {
                    if let Some(bottom) = self.scan_down(top, left, i) {
                        return Some((bottom, i));
                    }
                }
                '-' => {}
                _ => return None,
            }
        }
        None
    }

    fn scan_down(&self, top: usize, left: usize, right: usize) -> Option<usize> {
        for i in top + 1..=self.bottom {
            match self.at(i, right)? {
                '+' => {
                    if self.scan_left(top, left, i, right) {
                        return Some(i);
                    }
                }
                '|' => {}
                _ => return None,
            }
        }
        None
    }

    /// `scan_left` followed by `scan_up`, each in constant time.
    fn scan_left(&self, top: usize, left: usize, bottom: usize, right: usize) -> bool {
        let Some(h) = self.hbad.get(bottom) else {
            return false;
        };
        // Characters right-1 down to left+1 must be '+' or '-'.
        if right > left + 1 {
            match (h.get(right), h.get(left + 1)) {
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
        if self.at(bottom, left) != Some('+') {
            return false;
        }
        // scan_up: rows bottom-1 down to top+1 in column `left`.
        if bottom > top + 1 {
            let Some(v) = self.vbad.get(left) else {
                return false;
            };
            match (v.get(bottom), v.get(top + 1)) {
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
        true
    }

    /// Record the row and column boundaries the scan of a cell noted.
    fn note_seps(&mut self, top: usize, left: usize, bottom: usize, right: usize) {
        for r in top + 1..=bottom {
            let plus =
                self.at(r, right) == Some('+') || (r < bottom && self.at(r, left) == Some('+'));
            if let Some(f) = self.rowsep.get_mut(r) {
                *f |= plus;
            }
        }
        for c in left + 1..=right {
            let plus =
                self.at(top, c) == Some('+') || (c < right && self.at(bottom, c) == Some('+'));
            if let Some(f) = self.colsep.get_mut(c) {
                *f |= plus;
            }
        }
    }

    fn mark_done(&mut self, top: usize, left: usize, bottom: usize, right: usize) -> Res<()> {
        let before = top as isize - 1;
        let after = bottom as isize - 1;
        for col in left..right {
            match self.done.get_mut(col) {
                Some(d) if *d == before => *d = after,
                _ => return Err(TableMarkupError::new(INCOMPLETE, 0)),
            }
        }
        Ok(())
    }
}

/// A raw cell found by the scan: (top, left, bottom, right, lines, col).
type RawCell = (usize, usize, usize, usize, Vec<String>, usize);

/// docutils' `GridTableParser.parse`: `block` is the table's lines, padded
/// for double-width characters and stripped of surrounding whitespace.
pub fn parse_grid(block: &[String]) -> Result<TableData, TableMarkupError> {
    let mut chars: Vec<Vec<char>> = block.iter().map(|l| l.chars().collect()).collect();
    let width0 = chars.first().map_or(0, |l| l.len());
    if chars.is_empty() || width0 == 0 {
        return Err(TableMarkupError::new(INCOMPLETE, 0));
    }
    let head_body_sep = find_head_body_sep(&mut chars, grid_head_body_sep)?;
    let lines: Vec<TLine> = chars
        .iter()
        .map(|l| TLine::new(&l.iter().collect::<String>()))
        .collect();
    let stripped: Vec<Vec<char>> = lines.iter().map(TLine::stripped).collect();
    let nrows = lines.len();
    let ncols = stripped.iter().map(Vec::len).max().unwrap_or(0);
    let hbad = stripped
        .iter()
        .map(|l| {
            let mut v = Vec::with_capacity(l.len() + 1);
            let mut n = 0u32;
            v.push(0);
            for &c in l {
                if c != '+' && c != '-' {
                    n += 1;
                }
                v.push(n);
            }
            v
        })
        .collect();
    let mut vbad = Vec::with_capacity(ncols);
    for c in 0..ncols {
        let mut v = Vec::with_capacity(nrows + 1);
        let mut n = 0u32;
        v.push(0);
        for l in &stripped {
            if !matches!(l.get(c), Some('+') | Some('|')) {
                n += 1;
            }
            v.push(n);
        }
        vbad.push(v);
    }
    let mut g = Grid {
        block: lines,
        stripped,
        bottom: nrows - 1,
        right: width0 - 1,
        done: vec![-1; width0],
        hbad,
        vbad,
        rowsep: vec![false; nrows],
        colsep: vec![false; ncols.max(width0) + 1],
    };
    g.rowsep[0] = true;
    g.colsep[0] = true;

    // parse_table
    let mut cells: Vec<RawCell> = Vec::new();
    let mut corners = std::collections::BTreeSet::new();
    corners.insert((0usize, 0usize));
    while let Some((top, left)) = corners.pop_first() {
        let done_left = g.done.get(left).copied().unwrap_or(isize::MAX);
        if top == g.bottom || left == g.right || top as isize <= done_left {
            continue;
        }
        let Some((bottom, right)) = g.scan_cell(top, left) else {
            continue;
        };
        g.note_seps(top, left, bottom, right);
        g.mark_done(top, left, bottom, right)?;
        let rows = g.block.get(top + 1..bottom).unwrap_or(&[]);
        let (text, col) = get_2d_block(rows, left + 1, right);
        cells.push((top, left, bottom, right, text, col));
        corners.insert((top, right));
        corners.insert((bottom, left));
    }
    // check_parse_complete
    let last = g.bottom as isize - 1;
    if g.done.iter().take(g.right).any(|&d| d != last) {
        return Err(TableMarkupError::new(INCOMPLETE, 0));
    }

    // structure_from_cells
    let index = |flags: &[bool]| {
        let mut idx = vec![None; flags.len()];
        let mut seps = Vec::new();
        for (i, &f) in flags.iter().enumerate() {
            if f {
                idx[i] = Some(seps.len());
                seps.push(i);
            }
        }
        (seps, idx)
    };
    let (rowseps, rowindex) = index(&g.rowsep);
    let (colseps, colindex) = index(&g.colsep);
    let colwidths: Vec<usize> = colseps
        .windows(2)
        .map(|w| (w[1] - w[0]).saturating_sub(1))
        .collect();
    let nr = rowseps.len().saturating_sub(1);
    let nc = colseps.len().saturating_sub(1);
    let mut rows: Vec<Vec<Option<Cell>>> = vec![vec![None; nc]; nr];
    let mut remaining = nr * nc;
    let get = |idx: &[Option<usize>], i: usize| {
        idx.get(i)
            .copied()
            .flatten()
            .ok_or_else(|| TableMarkupError::new(INCOMPLETE, 0))
    };
    for (top, left, bottom, right, lines, col) in cells {
        let rownum = get(&rowindex, top)?;
        let colnum = get(&colindex, left)?;
        let morerows = get(&rowindex, bottom)?
            .checked_sub(rownum + 1)
            .ok_or_else(|| TableMarkupError::new(INCOMPLETE, 0))?;
        let morecols = get(&colindex, right)?
            .checked_sub(colnum + 1)
            .ok_or_else(|| TableMarkupError::new(INCOMPLETE, 0))?;
        let slot = rows
            .get_mut(rownum)
            .and_then(|r| r.get_mut(colnum))
            .filter(|s| s.is_none())
            .ok_or_else(|| TableMarkupError::new(INCOMPLETE, 0))?;
        remaining = remaining
            .checked_sub((morerows + 1) * (morecols + 1))
            .ok_or_else(|| TableMarkupError::new(INCOMPLETE, 0))?;
        *slot = Some(Cell {
            morerows,
            morecols,
            offset: top + 1,
            col,
            lines,
        });
    }
    if remaining != 0 {
        return Err(TableMarkupError::new(INCOMPLETE, 0));
    }
    let mut bodyrows = rows;
    let mut headrows = Vec::new();
    if let Some(sep) = head_body_sep.filter(|&s| s != 0) {
        let numheadrows = get(&rowindex, sep)?.min(bodyrows.len());
        headrows = bodyrows.drain(..numheadrows).collect();
    }
    Ok(TableData {
        colwidths,
        headrows,
        bodyrows,
    })
}

// ----- simple tables -----------------------------------------------------------

/// `=[ =]*$`
fn simple_head_body_sep(line: &[char]) -> bool {
    line.first() == Some(&'=') && line.iter().all(|&c| c == '=' || c == ' ')
}

/// `-[ -]*$`
fn simple_span(line: &[char]) -> bool {
    line.first() == Some(&'-') && line.iter().all(|&c| c == '-' || c == ' ')
}

fn find(line: &[char], c: char, from: usize) -> Option<usize> {
    line.get(from..)?
        .iter()
        .position(|&x| x == c)
        .map(|p| p + from)
}

struct Simple {
    block: Vec<TLine>,
    stripped: Vec<Vec<char>>,
    columns: Vec<(usize, usize)>,
    border_end: usize,
    table: Vec<Vec<Option<Cell>>>,
}

impl Simple {
    /// `parse_columns`: (begin, end) pairs of a column span underline.
    fn parse_columns(&self, line: &[char], offset: usize) -> Res<Vec<(usize, usize)>> {
        let mut cols = Vec::new();
        let mut end = 0;
        while let Some(begin) = find(line, '-', end) {
            end = find(line, ' ', begin).unwrap_or(line.len());
            cols.push((begin, end));
        }
        if !self.columns.is_empty() || cols.is_empty() {
            let incomplete = || {
                TableMarkupError::new(
                    format!("Column span incomplete in table line {}.", offset + 1),
                    offset,
                )
            };
            let last = cols.last_mut().ok_or_else(incomplete)?;
            if last.1 != self.border_end {
                return Err(incomplete());
            }
            if let Some(main) = self.columns.last() {
                last.1 = main.1;
            }
        }
        Ok(cols)
    }

    fn init_row(&self, colspec: &[(usize, usize)], offset: usize) -> Res<Vec<Option<Cell>>> {
        let err = || {
            TableMarkupError::new(
                format!(
                    "Column span alignment problem in table line {}.",
                    offset + 2
                ),
                offset + 1,
            )
        };
        let mut i = 0;
        let mut cells = Vec::with_capacity(colspec.len());
        for &(start, end) in colspec {
            let mut morecols = 0;
            if self.columns.get(i).map(|c| c.0) != Some(start) {
                return Err(err());
            }
            while end != self.columns.get(i).ok_or_else(err)?.1 {
                i += 1;
                morecols += 1;
            }
            cells.push(Some(Cell {
                morerows: 0,
                morecols,
                offset,
                col: start,
                lines: Vec::new(),
            }));
            i += 1;
        }
        Ok(cells)
    }

    /// `parse_row` for lines `start..stop` of the block.
    fn parse_row(
        &mut self,
        start: usize,
        stop: usize,
        spanline: Option<(&[char], usize)>,
    ) -> Res<()> {
        if start >= stop && spanline.is_none() {
            return Ok(());
        }
        let mut columns = match spanline {
            Some((line, offset)) => self.parse_columns(line, offset)?,
            None => self.columns.clone(),
        };
        self.check_columns(start, stop, &mut columns)?;
        let mut row = self.init_row(&columns, start)?;
        let lines = self.block.get(start..stop).unwrap_or(&[]);
        for (cell, &(cs, ce)) in row.iter_mut().zip(&columns) {
            let (text, col) = get_2d_block(lines, cs, ce);
            if let Some(cell) = cell {
                cell.lines = text;
                cell.col = col;
            }
        }
        self.table.push(row);
        Ok(())
    }

    fn check_columns(
        &mut self,
        start: usize,
        stop: usize,
        columns: &mut [(usize, usize)],
    ) -> Res<()> {
        let n = columns.len();
        let lastcol = n.saturating_sub(1);
        let lines = self.stripped.get(start..stop).unwrap_or(&[]);
        for i in 0..n {
            let (cstart, end) = columns[i];
            let nextstart = columns.get(i + 1).map_or(usize::MAX, |c| c.0);
            for (offset, line) in lines.iter().enumerate() {
                if i == lastcol && !is_blank(slice(line, end, line.len())) {
                    let text = rstrip(slice(line, cstart, line.len()));
                    let new_end = cstart + text.len();
                    if let Some(main) = self.columns.last_mut() {
                        let (main_start, main_end) = *main;
                        columns[i] = (cstart, main_end.max(new_end));
                        if new_end > main_end {
                            *main = (main_start, new_end);
                        }
                    }
                } else if !is_blank(slice(line, end, nextstart)) {
                    return Err(TableMarkupError::new(
                        format!(
                            "Text in column margin in table line {}.",
                            start + offset + 1
                        ),
                        start + offset,
                    ));
                }
            }
        }
        Ok(())
    }
}

/// docutils' `SimpleTableParser.parse`: `block` is the table's lines from
/// top border to bottom border, padded for double-width characters.
pub fn parse_simple(block: &[String]) -> Result<TableData, TableMarkupError> {
    let mut chars: Vec<Vec<char>> = block.iter().map(|l| l.chars().collect()).collect();
    let n = chars.len();
    if n == 0 {
        return Err(TableMarkupError::new(
            "Column span incomplete in table line 1.",
            0,
        ));
    }
    for i in [0, n - 1] {
        for c in chars[i].iter_mut() {
            if *c == '=' {
                *c = '-';
            }
        }
    }
    let head_body_sep = find_head_body_sep(&mut chars, simple_head_body_sep)?;
    let lines: Vec<TLine> = chars
        .iter()
        .map(|l| TLine::new(&l.iter().collect::<String>()))
        .collect();
    let stripped = lines.iter().map(TLine::stripped).collect();
    let mut p = Simple {
        block: lines,
        stripped,
        columns: Vec::new(),
        border_end: 0,
        table: Vec::new(),
    };

    // parse_table
    p.columns = p.parse_columns(&chars[0], 0)?;
    let (firststart, firstend) = p.columns.first().copied().unwrap_or((0, 0));
    p.border_end = p.columns.last().map_or(0, |c| c.1);
    let mut offset = 1;
    let mut start = 1;
    let mut text_found = false;
    while offset < n {
        let line = &chars[offset];
        if simple_span(line) {
            p.parse_row(start, offset, Some((rstrip(line), offset)))?;
            start = offset + 1;
            text_found = false;
        } else if !is_blank(slice(line, firststart, firstend)) {
            if text_found && offset != start {
                p.parse_row(start, offset, None)?;
            }
            start = offset;
            text_found = true;
        } else if !text_found {
            start = offset + 1;
        }
        offset += 1;
    }

    // structure_from_cells
    let colwidths = p
        .columns
        .iter()
        .map(|&(s, e)| e.saturating_sub(s))
        .collect();
    let mut first_body_row = 0;
    if let Some(sep) = head_body_sep.filter(|&s| s != 0) {
        for (i, row) in p.table.iter().enumerate() {
            if row
                .first()
                .and_then(|c| c.as_ref())
                .is_some_and(|c| c.offset > sep)
            {
                first_body_row = i;
                break;
            }
        }
    }
    let mut bodyrows = p.table;
    let headrows = bodyrows.drain(..first_body_row).collect();
    Ok(TableData {
        colwidths,
        headrows,
        bodyrows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    fn cell(c: &Option<Cell>) -> (usize, usize, usize, Vec<&str>) {
        let c = c.as_ref().expect("a cell");
        (
            c.morerows,
            c.morecols,
            c.offset,
            c.lines.iter().map(String::as_str).collect(),
        )
    }

    #[test]
    fn grid_docstring_example() {
        let t = parse_grid(&lines(
            "+------------------------+------------+----------+----------+
| Header row, column 1   | Header 2   | Header 3 | Header 4 |
+========================+============+==========+==========+
| body row 1, column 1   | column 2   | column 3 | column 4 |
+------------------------+------------+----------+----------+
| body row 2             | Cells may span columns.          |
+------------------------+------------+---------------------+
| body row 3             | Cells may  | - Table cells       |
+------------------------+ span rows. | - contain           |
| body row 4             |            | - body elements.    |
+------------------------+------------+---------------------+",
        ))
        .expect("parses");
        assert_eq!(t.colwidths, vec![24, 12, 10, 10]);
        assert_eq!(t.headrows.len(), 1);
        assert_eq!(
            cell(&t.headrows[0][0]),
            (0, 0, 1, vec!["Header row, column 1"])
        );
        assert_eq!(t.bodyrows.len(), 4);
        assert_eq!(
            cell(&t.bodyrows[1][1]),
            (0, 2, 5, vec!["Cells may span columns."])
        );
        assert!(t.bodyrows[1][2].is_none() && t.bodyrows[1][3].is_none());
        assert_eq!(
            cell(&t.bodyrows[2][1]),
            (1, 0, 7, vec!["Cells may", "span rows.", ""])
        );
        assert_eq!(
            cell(&t.bodyrows[2][2]),
            (
                1,
                1,
                7,
                vec!["- Table cells", "- contain", "- body elements."]
            )
        );
        assert_eq!(cell(&t.bodyrows[3][0]), (0, 0, 9, vec!["body row 4"]));
        assert!(t.bodyrows[3][1].is_none());
    }

    #[test]
    fn grid_incomplete_and_separators() {
        let e = parse_grid(&lines("+---+---+\n| a | b  \n+---+---+")).unwrap_err();
        assert_eq!(e.message, INCOMPLETE);
        let e = parse_grid(&lines("+---+\n| a |\n+===+\n| b |\n+===+\n| c |\n+---+")).unwrap_err();
        assert!(
            e.message
                .starts_with("Multiple head/body row separators (table lines 3 and 5)")
        );
        assert_eq!(e.offset, 4);
        let e = parse_grid(&lines("+---+\n| a |\n+===+")).unwrap_err();
        assert!(e.message.starts_with("The head/body row separator may not"));
        assert_eq!(e.offset, 2);
    }

    #[test]
    fn grid_wide_and_combining() {
        let l = vec![
            "+------+---+".to_string(),
            pad_double_width("| 漢字 | x |"),
            "| t\u{306}ab  | y |".to_string(),
            "+------+---+".to_string(),
        ];
        let t = parse_grid(&l).expect("parses");
        assert_eq!(t.colwidths, vec![6, 3]);
        assert_eq!(cell(&t.bodyrows[0][0]).3, vec!["漢字", "t\u{306}ab"]);
        assert_eq!(cell(&t.bodyrows[0][1]).3, vec!["x", "y"]);
    }

    #[test]
    fn simple_docstring_example() {
        let t = parse_simple(&lines(
            "=====  =====
col 1  col 2
=====  =====
1      Second column of row 1.
2      Second column of row 2.
       Second line of paragraph.
3      - Second column of row 3.

       - Second item in bullet
         list (row 3, column 2).
4 is a span
------------
5
=====  =====",
        ))
        .expect("parses");
        assert_eq!(t.colwidths, vec![5, 25]);
        assert_eq!(t.headrows.len(), 1);
        assert_eq!(cell(&t.headrows[0][1]), (0, 0, 1, vec!["col 2"]));
        assert_eq!(t.bodyrows.len(), 5);
        assert_eq!(
            cell(&t.bodyrows[1][1]),
            (
                0,
                0,
                4,
                vec!["Second column of row 2.", "Second line of paragraph."]
            )
        );
        assert_eq!(
            cell(&t.bodyrows[2][1]).3,
            vec![
                "- Second column of row 3.",
                "",
                "- Second item in bullet",
                "  list (row 3, column 2)."
            ]
        );
        assert_eq!(t.bodyrows[3].len(), 1);
        assert_eq!(cell(&t.bodyrows[3][0]), (0, 1, 10, vec!["4 is a span"]));
        assert_eq!(cell(&t.bodyrows[4][1]), (0, 0, 12, vec![""]));
    }

    #[test]
    fn simple_errors() {
        let e = parse_simple(&lines("====  ====\nab  x cd\n====  ====")).unwrap_err();
        assert_eq!(e.message, "Text in column margin in table line 2.");
        assert_eq!(e.offset, 1);
        let e = parse_simple(&lines("====  ====\nab    cd\n-------\n====  ====")).unwrap_err();
        assert_eq!(e.message, "Column span incomplete in table line 3.");
        let e = parse_simple(&lines("====  ====\nab    cd\n--  ------\n====  ====")).unwrap_err();
        assert_eq!(e.message, "Column span alignment problem in table line 3.");
        assert!(parse_simple(&[]).is_err());
        assert!(parse_grid(&[]).is_err());
    }

    #[test]
    fn simple_last_column_overflow_and_wide_text() {
        let l = vec![
            "=====  ===".to_string(),
            pad_double_width("漢字   text runs past the border"),
            "b      c".to_string(),
            "=====  ===".to_string(),
        ];
        let t = parse_simple(&l).expect("parses");
        // The last column grows to hold the overflowing text.
        assert_eq!(t.colwidths, vec![5, 25]);
        assert_eq!(cell(&t.bodyrows[0][0]).3, vec!["漢字"]);
        assert_eq!(cell(&t.bodyrows[0][1]).3, vec!["text runs past the border"]);
        assert_eq!(t.bodyrows[0][1].as_ref().map(|c| c.col), Some(5));
        assert_eq!(cell(&t.bodyrows[1][1]), (0, 0, 2, vec!["c"]));
    }

    #[test]
    fn simple_continuation_lines_and_blank_first_column() {
        let t = parse_simple(&lines(
            "===  ===\n     x\na    b\n     c\n\nd    e\n===  ===",
        ))
        .expect("parses");
        // A line before any first-column text is dropped; a blank first
        // column continues the row.
        assert_eq!(t.bodyrows.len(), 2);
        assert_eq!(cell(&t.bodyrows[0][1]), (0, 0, 2, vec!["b", "c", ""]));
        assert_eq!(cell(&t.bodyrows[1][0]), (0, 0, 5, vec!["d"]));
    }

    #[test]
    fn wide_characters_match_python_east_asian_width() {
        assert!(is_wide('漢') && is_wide('Ａ') && is_wide('\u{3099}'));
        assert!(!is_wide('a') && !is_wide('é') && !is_wide('\u{4dc0}'));
        assert_eq!(pad_double_width("a漢"), "a漢\0");
    }

    #[test]
    fn large_tables_are_fast() {
        let mut g = vec!["+-------+-----+".to_string()];
        let mut s = vec!["=====  =====".to_string()];
        for i in 0..20_000 {
            g.push(format!("| {i:<5} | x   |"));
            g.push("+-------+-----+".to_string());
            s.push(format!("{i:<5}  y"));
        }
        s.push("=====  =====".to_string());
        let t = std::time::Instant::now();
        assert_eq!(parse_grid(&g).expect("grid").bodyrows.len(), 20_000);
        assert_eq!(parse_simple(&s).expect("simple").bodyrows.len(), 20_000);
        assert!(t.elapsed().as_secs() < 10);
    }
}
