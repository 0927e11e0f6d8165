//! Where text handed to the Markdown reader lies in the page: a directive's
//! body is read apart from the page, and its nodes keep the page's offsets.

use stepdoc_rst::Span;

/// Pieces of a text, each a run of bytes copied from the page: where the
/// piece starts in the text and in the page. The first piece starts at 0.
#[derive(Debug, Clone)]
pub(crate) struct Pieces {
    at: Vec<(usize, usize)>,
}

impl Pieces {
    /// A text that is the page's own from `base` on.
    pub(crate) fn from(base: usize) -> Pieces {
        Pieces {
            at: vec![(0, base)],
        }
    }

    /// Pieces built one by one, in order of their offset in the text.
    pub(crate) fn new() -> Pieces {
        Pieces { at: Vec::new() }
    }

    /// The text from `text` on comes from the page from `page` on.
    pub(crate) fn push(&mut self, text: usize, page: usize) {
        if self.at.last().is_some_and(|&(t, _)| t == text) {
            self.at.pop();
        }
        self.at.push((text, page));
    }

    /// The page offset of offset `off` of the text.
    pub(crate) fn page(&self, off: usize) -> usize {
        let i = self.at.partition_point(|&(t, _)| t <= off);
        match i.checked_sub(1).and_then(|i| self.at.get(i)) {
            Some(&(t, p)) => p + (off - t),
            None => self.at.first().map_or(off, |&(_, p)| p),
        }
    }

    /// The pieces of the text from `start` on, as a text of its own.
    pub(crate) fn tail(&self, start: usize) -> Pieces {
        let mut out = Pieces::from(self.page(start));
        for &(t, p) in &self.at {
            if t > start {
                out.at.push((t - start, p));
            }
        }
        out
    }
}

/// Line starts of the page, to give a byte offset its line and column.
pub(crate) struct LineTable<'a> {
    page: &'a str,
    starts: Vec<usize>,
    /// Whether each line is ASCII: there a column is a byte offset.
    ascii: Vec<bool>,
    /// The last column counted on a line that is not ASCII (line, byte
    /// offset, column), to count on from there: spans come mostly in
    /// order, and a long line is then counted once, not once per node.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineTable<'a> {
    pub(crate) fn new(page: &'a str) -> Self {
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        let mut line_ascii = true;
        let b = page.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            line_ascii &= c.is_ascii();
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
                ascii.push(line_ascii);
                line_ascii = true;
            }
        }
        ascii.push(line_ascii);
        LineTable {
            page,
            starts,
            ascii,
            last: std::cell::Cell::new((usize::MAX, 0, 0)),
        }
    }

    /// The 0-based column, in characters, of byte `at` of line `line`
    /// (1-based), which starts at byte `line_start`.
    fn column(&self, line: usize, line_start: usize, at: usize) -> usize {
        if self.ascii.get(line - 1).copied().unwrap_or(false) {
            return at - line_start;
        }
        let (l, byte, col) = self.last.get();
        let (from, col0) = if l == line && byte <= at {
            (byte, col)
        } else {
            (line_start, 0)
        };
        let col = col0 + self.page[from..at].chars().count();
        self.last.set((line, at, col));
        col
    }

    /// The page's text.
    pub(crate) fn page(&self) -> &'a str {
        self.page
    }

    /// The span of bytes `start..end` of the page (clamped to it and to
    /// character boundaries).
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let start = self.floor(start);
        let end = self.floor(end.max(start));
        let line = self.starts.partition_point(|&s| s <= start).max(1);
        let line_start = self.starts[line - 1];
        let col = self.column(line, line_start, start) + 1;
        Span {
            start: start as u32,
            end: end as u32,
            line: line as u32,
            col: col as u32,
        }
    }

    fn floor(&self, off: usize) -> usize {
        let mut off = off.min(self.page.len());
        while !self.page.is_char_boundary(off) {
            off -= 1;
        }
        off
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_map_text_offsets_to_the_page() {
        let mut p = Pieces::new();
        p.push(0, 10);
        p.push(4, 30);
        assert_eq!(p.page(0), 10);
        assert_eq!(p.page(3), 13);
        assert_eq!(p.page(4), 30);
        assert_eq!(p.page(6), 32);
        let tail = p.tail(2);
        assert_eq!(tail.page(0), 12);
        assert_eq!(tail.page(2), 30);
    }

    #[test]
    fn spans_count_lines_and_characters() {
        let t = LineTable::new("ab\né x\r\nz");
        let s = t.span(6, 7);
        assert_eq!((s.line, s.col), (2, 3));
        assert_eq!(t.span(9, 10).line, 3);
        // Counted on from the last column, or from the line's start when
        // a span comes before it.
        assert_eq!(t.span(5, 6).col, 2);
        assert_eq!(t.span(3, 4).col, 1);
        assert_eq!(t.span(1, 2).col, 2);
    }
}
