//! Grid and simple table parsing (docutils' `tableparser`): from the lines
//! of a table to its column widths and rows of cells.

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

pub fn parse_grid(_block: &[String]) -> Result<TableData, TableMarkupError> {
    Err(TableMarkupError {
        message: "Grid tables are not supported yet.".into(),
        offset: 0,
    })
}

pub fn parse_simple(_block: &[String]) -> Result<TableData, TableMarkupError> {
    Err(TableMarkupError {
        message: "Simple tables are not supported yet.".into(),
        offset: 0,
    })
}

/// Pad East Asian wide characters with [`PAD_CHAR`] (docutils' `pad_double_width`).
pub fn pad_double_width_lines(block: &mut [super::block::Line]) {
    use unicode_width::UnicodeWidthChar;
    for l in block.iter_mut() {
        if l.text.chars().any(|c| c.width() == Some(2)) {
            let mut s = String::with_capacity(l.text.len() + 8);
            for c in l.text.chars() {
                s.push(c);
                if c.width() == Some(2) {
                    s.push(PAD_CHAR);
                }
            }
            l.text = s.into();
        }
    }
}
