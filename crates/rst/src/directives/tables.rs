//! Table directives (docutils' `parsers/rst/directives/tables.py`):

//! `table` (a title and options for a grid or simple table), `csv-table`
//! and `list-table`.
//!
//! `csv-table` reads its data with a port of CPython's `csv` reader (the
//! `_csv.c` state machine of Python 3.11, which docutils 0.23 is checked
//! against). External data: files are read only from inside the
//! document's source root, and URLs are never fetched.

use crate::Tag;
use std::path::{Component, Path, PathBuf};

use super::images::directive_span;
use super::{
    Converter, Directive, DirectiveError, OptValue, Spec, choice, class_option, flag,
    length_or_percentage_or_unitless, nonnegative_int, path, positive_int_list, py_repr, unchanged,
    unicode_code, uri,
};
use crate::Family;
use crate::block::{Line, Machine, Parser};
use crate::node::{NodeId, Value, python_splitlines};
use crate::settings::Settings;
use crate::tableparser::{Cell, TableData};

// ----- option converters -------------------------------------------------------

fn align(arg: Option<&str>) -> Result<OptValue, String> {
    choice(arg, &["left", "center", "right"])
}

/// `directives.value_or(values, positive_int_list)`.
fn widths_or(arg: Option<&str>, values: &[&str]) -> Result<OptValue, String> {
    match arg {
        Some(a) if values.contains(&a) => Ok(OptValue::Str(a.to_string())),
        // `positive_int_list(None)` fails on `',' in None`.
        None => Err("argument of type 'NoneType' is not iterable".into()),
        Some(_) => positive_int_list(arg),
    }
}

fn table_widths(arg: Option<&str>) -> Result<OptValue, String> {
    widths_or(arg, &["auto", "grid"])
}

fn data_widths(arg: Option<&str>) -> Result<OptValue, String> {
    widths_or(arg, &["auto"])
}

/// docutils' `unicode_code` as Python 3.11 runs it: `chr()` of a value
/// beyond a C int overflows ("code too large"), of a value beyond U+10FFFF
/// is a plain `ValueError`.
pub(crate) fn py_unicode_code(code: &str) -> Result<String, String> {
    let digits = |s: &str, radix: u32| -> Option<u128> {
        if s.is_empty() || !s.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        // Saturate: anything this long is "too large" either way.
        Some(u128::from_str_radix(s, radix).unwrap_or(u128::MAX))
    };
    let lower = code.to_ascii_lowercase();
    let value = if code.chars().all(|c| c.is_ascii_digit()) && !code.is_empty() {
        digits(code, 10)
    } else {
        ["0x", "x", "\\x", "u+", "u", "\\u"]
            .iter()
            .find_map(|p| lower.strip_prefix(p).and_then(|h| digits(h, 16)))
            .or_else(|| {
                lower
                    .strip_prefix("&#x")
                    .and_then(|h| h.strip_suffix(';'))
                    .and_then(|h| digits(h, 16))
            })
    };
    match value {
        None => unicode_code(code),
        Some(v) if v > i32::MAX as u128 => {
            Err("code too large (Python int too large to convert to C int)".into())
        }
        Some(v) if v > 0x10FFFF => Err("chr() arg not in range(0x110000)".into()),
        Some(v) => char::from_u32(v as u32)
            .map(String::from)
            // Python makes lone surrogates; a Rust string cannot hold them.
            .ok_or_else(|| format!("surrogate code point U+{v:04X} is not a character")),
    }
}

/// `directives.single_char_or_unicode`.
pub fn single_char_or_unicode(arg: Option<&str>) -> Result<OptValue, String> {
    // docutils fails with an AttributeError on a missing value.
    let a = arg.ok_or("argument required but none supplied")?;
    let c = py_unicode_code(a)?;
    if c.chars().count() > 1 {
        return Err(format!(
            "{} invalid; must be a single character or a Unicode code",
            py_repr(&c)
        ));
    }
    Ok(OptValue::Str(c))
}

/// `directives.single_char_or_whitespace_or_unicode`.
pub fn single_char_or_whitespace_or_unicode(arg: Option<&str>) -> Result<OptValue, String> {
    match arg {
        Some("tab") => Ok(OptValue::Str("\t".into())),
        Some("space") => Ok(OptValue::Str(" ".into())),
        _ => single_char_or_unicode(arg),
    }
}

/// Encodings this port can decode, by Python's normalized codec names.
pub(crate) fn codec(name: &str) -> Option<&'static str> {
    let n: String = name
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    Some(match n.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => "utf-8",
        "utf_8_sig" | "utf8_sig" => "utf-8-sig",
        "utf_16" | "utf16" | "u16" => "utf-16",
        "utf_16_le" | "utf_16le" | "utf16le" | "unicodelittleunmarked" => "utf-16-le",
        "utf_16_be" | "utf_16be" | "utf16be" | "unicodebigunmarked" => "utf-16-be",
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819"
        | "iso_ir_100" | "iso_8859_1:1987" | "csisolatin1" => "latin-1",
        "ascii" | "us_ascii" | "us" | "646" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "cp367"
        | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv:1991" | "iso_ir_6" => "ascii",
        _ => return None,
    })
}

/// `directives.encoding`.
pub(crate) fn encoding(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.ok_or("lookup() argument must be str, not None")?;
    match codec(a) {
        Some(_) => Ok(OptValue::Str(a.to_string())),
        None => Err(format!("unknown encoding: \"{a}\"")),
    }
}

const TABLE_OPTIONS: &[(&str, Converter)] = &[
    ("class", class_option),
    ("name", unchanged),
    ("align", align),
    ("width", length_or_percentage_or_unitless),
    ("widths", table_widths),
];

const CSV_OPTIONS: &[(&str, Converter)] = &[
    ("header-rows", nonnegative_int),
    ("stub-columns", nonnegative_int),
    ("header", unchanged),
    ("width", length_or_percentage_or_unitless),
    ("widths", data_widths),
    ("file", path),
    ("url", uri),
    ("encoding", encoding),
    ("class", class_option),
    ("name", unchanged),
    ("align", align),
    ("delim", single_char_or_whitespace_or_unicode),
    ("keepspace", flag),
    ("quote", single_char_or_unicode),
    ("escape", single_char_or_unicode),
];

const LIST_OPTIONS: &[(&str, Converter)] = &[
    ("header-rows", nonnegative_int),
    ("stub-columns", nonnegative_int),
    ("width", length_or_percentage_or_unitless),
    ("widths", data_widths),
    ("class", class_option),
    ("name", unchanged),
    ("align", align),
];

pub const TABLE_SPEC: Spec = Spec {
    required_arguments: 0,
    optional_arguments: 1,
    final_argument_whitespace: true,
    options: Some(TABLE_OPTIONS),
    has_content: true,
};

pub const CSV_SPEC: Spec = Spec {
    options: Some(CSV_OPTIONS),
    ..TABLE_SPEC
};

pub const LIST_SPEC: Spec = Spec {
    options: Some(LIST_OPTIONS),
    ..TABLE_SPEC
};

// ----- the `Table` base class ---------------------------------------------------

/// An error docutils reports with the directive's block as a literal block
/// (its `SystemMessagePropagation`).
fn block_error(p: &mut Parser, d: &Directive, level: u8, msg: &str) -> NodeId {
    let lb = p.doc.literal_block(&d.block_text());
    p.doc
        .system_message(level, Family::Table, msg, vec![lb], Some(d.lineno))
}

/// `Table.make_title`: (title, messages).
fn make_title(p: &mut Parser, sm: &Machine, d: &Directive) -> (Option<NodeId>, Vec<NodeId>) {
    let Some(title_text) = d.arguments.first().cloned() else {
        return (None, Vec::new());
    };
    let map = super::body::argument_map(sm, d, &title_text);
    let (textnodes, messages) = p.inline_text_map(&title_text, d.lineno, sm.node, &map);
    let title = p.doc.tree.element(Tag::Title);
    p.doc
        .tree
        .get_mut(title)
        .set_line(sm.source_line(Some(d.lineno)).map(|l| l as u32));
    p.doc.extend(title, textnodes);
    (Some(title), messages)
}

/// `Table.check_table_dimensions` on rows given by their lengths.
fn check_table_dimensions(
    p: &mut Parser,
    d: &Directive,
    row_lengths: &[usize],
    header_rows: usize,
    stub_columns: usize,
) -> Result<(), NodeId> {
    let n = row_lengths.len();
    if n < header_rows {
        let msg = format!(
            "{header_rows} header row(s) specified but only {n} row(s) of data supplied (\"{}\" directive).",
            d.name
        );
        return Err(block_error(p, d, 3, &msg));
    }
    if n == header_rows && header_rows > 0 {
        let msg = format!(
            "Insufficient data supplied ({n} row(s)); no data remaining for table body, required by \"{}\" directive.",
            d.name
        );
        return Err(block_error(p, d, 3, &msg));
    }
    for &len in row_lengths {
        if len < stub_columns {
            let msg = format!(
                "{stub_columns} stub column(s) specified but only {len} columns(s) of data supplied (\"{}\" directive).",
                d.name
            );
            return Err(block_error(p, d, 3, &msg));
        }
        if len == stub_columns && stub_columns > 0 {
            let msg = format!(
                "Insufficient data supplied ({len} columns(s)); no data remaining for table body, required by \"{}\" directive.",
                d.name
            );
            return Err(block_error(p, d, 3, &msg));
        }
    }
    Ok(())
}

/// `Table.get_column_widths`.
fn get_column_widths(p: &mut Parser, d: &Directive, n_cols: usize) -> Result<Vec<i64>, NodeId> {
    if let Some(OptValue::IntList(widths)) = d.option("widths") {
        if widths.len() != n_cols {
            let msg = format!(
                "\"{}\" widths do not match the number of columns in table ({n_cols}).",
                d.name
            );
            return Err(block_error(p, d, 3, &msg));
        }
        return Ok(widths.clone());
    }
    if let Some(w) = 100usize.checked_div(n_cols) {
        return Ok(vec![w as i64; n_cols]);
    }
    Err(block_error(p, d, 3, "No table data detected in CSV file."))
}

/// The `widths` option as `build_table` takes it: `auto`, given, or none.
fn widths_kind(d: &Directive) -> Option<&'static str> {
    match d.option("widths") {
        Some(OptValue::Str(s)) if s == "auto" => Some("auto"),
        Some(OptValue::Str(s)) if s.is_empty() => None,
        Some(OptValue::Str(_)) | Some(OptValue::IntList(_)) => Some("given"),
        _ => None,
    }
}

fn nonneg_option(d: &Directive, name: &str) -> usize {
    match d.option(name) {
        Some(OptValue::Int(v)) => usize::try_from(*v).unwrap_or(0),
        _ => 0,
    }
}

/// Options every table directive applies to its table node.
fn apply_common_options(p: &mut Parser, d: &Directive, table: NodeId) {
    if let Some(OptValue::List(classes)) = d.option("class") {
        for c in classes {
            p.doc.tree.push_list_attr(table, "classes", c.clone());
        }
    }
    if let Some(OptValue::Str(a)) = d.option("align") {
        p.doc.tree.set_attr(table, "align", a.clone());
    }
    if let Some(OptValue::Str(w)) = d.option("width") {
        p.doc.tree.set_attr(table, "width", w.clone());
    }
}

// ----- table ----------------------------------------------------------------------

/// `RSTTable.run`.
pub fn run_table(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    if d.content.is_empty() {
        let msg = format!(
            "Content block expected for the \"{}\" directive; none found.",
            d.name
        );
        return Ok(vec![block_error(p, d, 2, &msg)]);
    }
    let (title, messages) = make_title(p, sm, d);
    let node = p.doc.tree.element(Tag::Element);
    p.nested_parse(sm, d.content.clone(), d.content_offset, node, false);
    let children = p.doc.tree.take_children(node);
    let table = match children.as_slice() {
        [t] if p.doc.tree.tag(*t) == Tag::Table => *t,
        _ => {
            let msg = format!(
                "Error parsing content block for the \"{}\" directive: exactly one table expected.",
                d.name
            );
            return Ok(vec![block_error(p, d, 3, &msg)]);
        }
    };
    if let Some(OptValue::List(classes)) = d.option("class") {
        for c in classes {
            p.doc.tree.push_list_attr(table, "classes", c.clone());
        }
    }
    if let Some(OptValue::Str(w)) = d.option("width") {
        p.doc.tree.set_attr(table, "width", w.clone());
    }
    p.doc
        .tree
        .get_mut(table)
        .set_line(sm.source_line(Some(d.lineno)).map(|l| l as u32));
    if let Some(OptValue::Str(a)) = d.option("align") {
        p.doc.tree.set_attr(table, "align", a.clone());
    }
    if let Some(OptValue::IntList(_)) = d.option("widths") {
        let tgroup = p.doc.tree.children(table).first().copied();
        if let Some(tgroup) = tgroup {
            let cols = match p.doc.tree.attr(tgroup, "cols") {
                Some(Value::Int(c)) => usize::try_from(*c).unwrap_or(0),
                _ => 0,
            };
            let col_widths = match get_column_widths(p, d, cols) {
                Ok(w) => w,
                Err(msg) => return Ok(vec![msg]),
            };
            let colspecs: Vec<NodeId> = p
                .doc
                .tree
                .children(tgroup)
                .iter()
                .copied()
                .filter(|&c| p.doc.tree.tag(c) == Tag::Colspec)
                .collect();
            for (colspec, w) in colspecs.into_iter().zip(col_widths) {
                p.doc.tree.set_attr(colspec, "colwidth", Value::Int(w));
            }
        }
    }
    match widths_kind(d) {
        Some("auto") => p
            .doc
            .tree
            .push_list_attr(table, "classes", "colwidths-auto"),
        Some(_) => p
            .doc
            .tree
            .push_list_attr(table, "classes", "colwidths-given"),
        None => {}
    }
    d.add_name(p, table);
    if let Some(t) = title {
        p.doc.tree.insert(table, 0, t);
    }
    let mut out = vec![table];
    out.extend(messages);
    Ok(out)
}

// ----- csv-table ------------------------------------------------------------------

/// `CSVTable.run`.
pub fn run_csv_table(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    if !p.doc.settings.file_insertion_enabled && (d.has_option("file") || d.has_option("url")) {
        let msg = format!(
            "File and URL access deactivated; ignoring \"{}\" directive.",
            d.name
        );
        return Ok(vec![block_error(p, d, 2, &msg)]);
    }
    let (title, messages) = make_title(p, sm, d);
    let (head, body, max_cols) = match csv_rows(p, d) {
        Ok(x) => x,
        Err(msg) => return Ok(vec![msg]),
    };
    let stub_columns = nonneg_option(d, "stub-columns");
    let col_widths = match get_column_widths(p, d, max_cols) {
        Ok(w) => w,
        Err(msg) => return Ok(vec![msg]),
    };
    let to_cells = |rows: Vec<Vec<String>>| -> Vec<Vec<Option<Cell>>> {
        rows.into_iter()
            .map(|row| {
                let mut cells: Vec<Option<Cell>> = row
                    .into_iter()
                    .map(|text| {
                        Some(Cell {
                            morerows: 0,
                            morecols: 0,
                            offset: 0,
                            col: 0,
                            lines: python_splitlines(&text)
                                .into_iter()
                                .map(String::from)
                                .collect(),
                        })
                    })
                    .collect();
                // `extend_short_rows_with_empty_cells`
                while cells.len() < max_cols {
                    cells.push(Some(Cell {
                        morerows: 0,
                        morecols: 0,
                        offset: 0,
                        col: 0,
                        lines: Vec::new(),
                    }));
                }
                cells
            })
            .collect()
    };
    let headrows = to_cells(head);
    let bodyrows = to_cells(body);
    let longest = headrows
        .iter()
        .chain(bodyrows.iter())
        .flatten()
        .flatten()
        .map(|c| c.lines.len())
        .max()
        .unwrap_or(0);
    let data = TableData {
        colwidths: col_widths
            .iter()
            .map(|&w| usize::try_from(w).unwrap_or(0))
            .collect(),
        headrows,
        bodyrows,
    };
    // docutils gives each cell's lines their index within the cell as
    // source offsets (a fresh `StringList`), and parses every cell at the
    // line offset of the directive content.
    let block: Vec<Line> = (0..longest)
        .map(|i| Line {
            text: "".into(),
            abs: i as u32,
            col: 0,
        })
        .collect();
    let table = p.build_table(
        sm,
        &data,
        d.content_offset,
        &block,
        stub_columns,
        widths_kind(d),
    );
    // The cells' lines are not source lines (see above): everything in the
    // table takes the span of the directive's content (after its title and
    // options), or an empty one where the directive ends when the data
    // comes from a file.
    let whole = directive_span(p, sm, d);
    let span = match (d.content.first(), d.content.last()) {
        (Some(f), Some(l)) if f.abs <= l.abs => {
            let chars = crate::patterns::char_len(l.text.as_str());
            p.doc.span_block(
                f.abs as usize,
                f.col as usize,
                l.abs as usize,
                l.col as usize,
                chars,
            )
        }
        _ => p.doc.point(whole.end as usize),
    };
    for n in p.doc.tree.descendants(table) {
        p.doc.tree.get_mut(n).span = span;
    }
    p.doc.tree.get_mut(table).span = whole;
    apply_common_options(p, d, table);
    d.add_name(p, table);
    if let Some(t) = title {
        p.doc.tree.insert(table, 0, t);
    }
    p.doc
        .tree
        .get_mut(table)
        .set_line(sm.source_line(Some(d.lineno)).map(|l| l as u32));
    let mut out = vec![table];
    out.extend(messages);
    Ok(out)
}

/// The rows of a csv-table: (head, body, column count), or the message
/// that replaces the table.
#[allow(clippy::type_complexity)]
fn csv_rows(
    p: &mut Parser,
    d: &Directive,
) -> Result<(Vec<Vec<String>>, Vec<Vec<String>>, usize), NodeId> {
    let csv_data = get_csv_data(p, d)?;
    let dialect = Dialect::docutils(d);
    let csv_error = |p: &mut Parser, e: String| {
        let msg = format!("Error with CSV data in \"{}\" directive:\n{e}", d.name);
        block_error(p, d, 3, &msg)
    };
    let mut head = Vec::new();
    let mut max_header_cols = 0;
    if let Some(header) = d.option_str("header") {
        let lines: Vec<&str> = header.split('\n').collect();
        let rows = read_csv(&lines, &dialect).map_err(|e| csv_error(p, e))?;
        max_header_cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        head = rows;
    }
    let lines: Vec<&str> = csv_data.iter().map(String::as_str).collect();
    let rows = read_csv(&lines, &dialect).map_err(|e| csv_error(p, e))?;
    let max_cols = rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(max_header_cols);
    let header_rows = nonneg_option(d, "header-rows");
    let stub_columns = nonneg_option(d, "stub-columns");
    let lengths: Vec<usize> = rows.iter().map(Vec::len).collect();
    check_table_dimensions(p, d, &lengths, header_rows, stub_columns)?;
    let mut rows = rows;
    let body = rows.split_off(header_rows.min(rows.len()));
    head.extend(rows);
    Ok((head, body, max_cols))
}

/// `CSVTable.get_csv_data`: the data lines.
fn get_csv_data(p: &mut Parser, d: &Directive) -> Result<Vec<String>, NodeId> {
    let file = d.option_str("file").map(str::to_string);
    let url = d.option_str("url").map(str::to_string);
    if !d.content.is_empty() {
        if file.is_some() || url.is_some() {
            let msg = format!(
                "\"{}\" directive may not both specify an external file and have content.",
                d.name
            );
            return Err(block_error(p, d, 3, &msg));
        }
        return Ok(d.content.iter().map(|l| l.text.to_string()).collect());
    }
    if let Some(file) = file {
        if url.is_some() {
            let msg = format!(
                "The \"file\" and \"url\" options may not be simultaneously specified for the \"{}\" directive.",
                d.name
            );
            return Err(block_error(p, d, 3, &msg));
        }
        let enc = d.option_str("encoding").and_then(codec);
        return match read_confined(&p.doc.settings, &file).and_then(|b| decode(&b, enc)) {
            Ok(text) => Ok(python_splitlines(&text)
                .into_iter()
                .map(String::from)
                .collect()),
            Err(e) => {
                let msg = format!("Problems with \"{}\" directive path:\n{e}.", d.name);
                Err(block_error(p, d, 4, &msg))
            }
        };
    }
    if let Some(url) = url {
        let msg = format!(
            "Problems with \"{}\" directive URL \"{url}\":\n{}.",
            d.name,
            url_refusal(&url)
        );
        return Err(block_error(p, d, 4, &msg));
    }
    let msg = format!(
        "The \"{}\" directive requires content; none supplied.",
        d.name
    );
    Err(block_error(p, d, 2, &msg))
}

/// Why the data at `url` is not read. Remote data is never fetched; for
/// URLs that `urllib` cannot open anyway, its own message is given.
pub(crate) fn url_refusal(url: &str) -> String {
    // urllib's `unwrap()` and `_splittype()`.
    let mut u = url.trim();
    if let Some(inner) = u.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        u = inner.trim();
    }
    if let Some(rest) = u.strip_prefix("URL:") {
        u = rest.trim();
    }
    let scheme = u
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.is_empty() && !s.contains('/'));
    match scheme {
        None => format!("unknown url type: {}", py_repr(u)),
        Some(s)
            if matches!(
                s.to_lowercase().as_str(),
                "http" | "https" | "ftp" | "file" | "data"
            ) =>
        {
            "remote data is not fetched".to_string()
        }
        Some(s) => format!("<urlopen error unknown url type: {}>", s.to_lowercase()),
    }
}

/// Python's `OSError` text: `[Errno 2] No such file or directory: 'name'`.
pub(crate) fn os_error_text(err: &std::io::Error, shown: &str) -> String {
    match err.raw_os_error() {
        Some(code) => {
            let text = err.to_string();
            let strerror = text
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&text)
                .to_string();
            format!("[Errno {code}] {strerror}: {}", py_repr(shown))
        }
        None => format!("{err}: {}", py_repr(shown)),
    }
}

fn no_such_file(shown: &str) -> String {
    format!("[Errno 2] No such file or directory: {}", py_repr(shown))
}

/// Lexically resolve `.` and `..` in a relative path; `None` when `..`
/// climbs above its start.
fn normalize_relative(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::Normal(n) => out.push(n),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Bytes of the file `file` (as written in the document), read only when it
/// lies inside `settings.source_root`: absolute paths, `..` that leaves the
/// root and symbolic links that lead out of it are refused. Relative paths
/// are taken from the folder of `settings.source_path` (docutils'
/// `adapt_path`), else from the root. Errors are Python `OSError` texts.
pub fn read_confined(settings: &Settings, file: &str) -> Result<Vec<u8>, String> {
    let (real, shown) = resolve_confined(settings, file)?;
    std::fs::read(&real).map_err(|e| os_error_text(&e, &shown))
}

/// The real path of the regular file `file` (as written in the document)
/// inside `settings.source_root`, and the path as messages show it; the
/// checks of [`read_confined`].
/// A path that starts with `/` read as Sphinx reads it: from the source
/// folder (`settings.doc_root`), as a file-system path.
pub(crate) fn from_doc_root(settings: &Settings, file: &str) -> Option<PathBuf> {
    let root = settings.doc_root.as_deref()?;
    let rest = file.strip_prefix('/')?;
    Some(root.join(rest))
}

pub(crate) fn resolve_confined(
    settings: &Settings,
    file: &str,
) -> Result<(PathBuf, String), String> {
    if let Some(abs) = from_doc_root(settings, file) {
        // Confined like any other path: inside the root, or not read.
        let root = settings
            .source_root
            .as_deref()
            .ok_or_else(|| no_such_file(file))?;
        let root_c = root.canonicalize().map_err(|e| os_error_text(&e, file))?;
        let real = abs.canonicalize().map_err(|e| os_error_text(&e, file))?;
        if !real.starts_with(&root_c) {
            return Err(format!(
                "path leads outside the source root: {}",
                py_repr(file)
            ));
        }
        if !real.is_file() {
            return Err(format!("not a regular file: {}", py_repr(file)));
        }
        return Ok((real, file.to_string()));
    }
    let rel_dir = |root: &Path| -> Option<PathBuf> {
        let dir = settings.source_path.as_ref()?.parent()?;
        if dir.as_os_str().is_empty() {
            return Some(PathBuf::new());
        }
        let dir_c = dir.canonicalize().ok()?;
        let root_c = root.canonicalize().ok()?;
        dir_c.strip_prefix(&root_c).ok().map(Path::to_path_buf)
    };
    let shown = match settings.source_path.as_ref().and_then(|p| p.parent()) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(file).to_string_lossy().into_owned(),
        _ => file.to_string(),
    };
    // Without a root no file is visible to the document.
    let Some(root) = settings.source_root.as_deref() else {
        return Err(no_such_file(&shown));
    };
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let outside = || format!("path leads outside the source root: {}", py_repr(&shown));
    let requested = Path::new(file);
    if requested.is_absolute() || requested.has_root() {
        return Err(format!("absolute paths are not read: {}", py_repr(&shown)));
    }
    let base = rel_dir(root).unwrap_or_default();
    let Some(inside) = normalize_relative(&base.join(requested)) else {
        return Err(outside());
    };
    let candidate = root.join(&inside);
    let root_c = root.canonicalize().map_err(|e| os_error_text(&e, &shown))?;
    let real = candidate
        .canonicalize()
        .map_err(|e| os_error_text(&e, &shown))?;
    if !real.starts_with(&root_c) {
        return Err(outside());
    }
    let meta = std::fs::metadata(&real).map_err(|e| os_error_text(&e, &shown))?;
    if meta.is_dir() {
        return Err(format!("[Errno 21] Is a directory: {}", py_repr(&shown)));
    }
    if !meta.is_file() {
        return Err(format!("not a regular file: {}", py_repr(&shown)));
    }
    Ok((real, shown))
}

/// Decode file data with a codec from [`codec`]; without one, UTF-8 (a
/// byte order mark removed), as docutils reads input by default.
pub(crate) fn decode(bytes: &[u8], enc: Option<&str>) -> Result<String, String> {
    let utf8 = |b: &[u8]| -> Result<String, String> {
        String::from_utf8(b.to_vec()).map_err(|e| {
            let err = e.utf8_error();
            let pos = err.valid_up_to();
            let byte = b.get(pos).copied().unwrap_or(0);
            let reason = match err.error_len() {
                None => "unexpected end of data",
                Some(_) if (0xc2..=0xf4).contains(&byte) => "invalid continuation byte",
                Some(_) => "invalid start byte",
            };
            format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {reason}")
        })
    };
    let utf16 = |b: &[u8], le: bool| -> Result<String, String> {
        if !b.len().is_multiple_of(2) {
            return Err(format!(
                "'utf-16-{}' codec can't decode byte 0x{:02x} in position {}: truncated data",
                if le { "le" } else { "be" },
                b.last().copied().unwrap_or(0),
                b.len() - 1
            ));
        }
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| "illegal UTF-16 surrogate".to_string())
    };
    match enc {
        None | Some("utf-8-sig") => utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)),
        Some("utf-8") => utf8(bytes),
        Some("utf-16") => match bytes {
            [0xff, 0xfe, rest @ ..] => utf16(rest, true),
            [0xfe, 0xff, rest @ ..] => utf16(rest, false),
            _ => utf16(bytes, true),
        },
        Some("utf-16-le") => utf16(bytes, true),
        Some("utf-16-be") => utf16(bytes, false),
        Some("latin-1") => Ok(bytes.iter().map(|&b| b as char).collect()),
        Some("ascii") => match bytes.iter().position(|b| !b.is_ascii()) {
            Some(pos) => Err(format!(
                "'ascii' codec can't decode byte 0x{:02x} in position {pos}: ordinal not in range(128)",
                bytes[pos]
            )),
            None => Ok(bytes.iter().map(|&b| b as char).collect()),
        },
        Some(other) => Err(format!("unknown encoding: {other}")),
    }
}

// ----- the CSV reader -------------------------------------------------------------

/// A CSV dialect (Python's `csv.Dialect`, quoting `QUOTE_MINIMAL`).
#[derive(Debug, Clone)]
pub struct Dialect {
    pub delimiter: char,
    pub quotechar: Option<char>,
    pub escapechar: Option<char>,
    pub doublequote: bool,
    pub skipinitialspace: bool,
    pub strict: bool,
}

impl Dialect {
    /// `CSVTable.DocutilsDialect(options)`.
    pub fn docutils(d: &Directive) -> Self {
        let ch = |name: &str| d.option_str(name).and_then(|s| s.chars().next());
        let mut dialect = Dialect {
            delimiter: ch("delim").unwrap_or(','),
            quotechar: Some(ch("quote").unwrap_or('"')),
            escapechar: None,
            doublequote: true,
            skipinitialspace: !d.has_option("keepspace"),
            strict: true,
        };
        if let Some(e) = ch("escape") {
            dialect.doublequote = false;
            dialect.escapechar = Some(e);
        }
        dialect
    }
}

/// `csv.field_size_limit()`'s default.
const FIELD_LIMIT: usize = 131_072;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CsvState {
    StartRecord,
    StartField,
    EscapedChar,
    InField,
    InQuotedField,
    EscapeInQuotedField,
    QuoteInQuotedField,
    EatCrnl,
    AfterEscapedCrnl,
}

struct CsvReader<'a> {
    d: &'a Dialect,
    state: CsvState,
    field: String,
    field_len: usize,
    fields: Vec<String>,
}

impl CsvReader<'_> {
    fn add_char(&mut self, c: char) -> Result<(), String> {
        if self.field_len >= FIELD_LIMIT {
            return Err(format!("field larger than field limit ({FIELD_LIMIT})"));
        }
        self.field.push(c);
        self.field_len += 1;
        Ok(())
    }

    fn save_field(&mut self) {
        self.fields.push(std::mem::take(&mut self.field));
        self.field_len = 0;
    }

    /// `parse_process_char`; `None` is the end of a line (`EOL`).
    fn process(&mut self, c: Option<char>) -> Result<(), String> {
        use CsvState::*;
        let d = self.d;
        let is_nl = matches!(c, Some('\n') | Some('\r'));
        let is_eol = c.is_none();
        let mut state = self.state;
        if state == StartRecord {
            if is_eol {
                return Ok(());
            }
            if is_nl {
                self.state = EatCrnl;
                return Ok(());
            }
            state = StartField;
            self.state = StartField;
        }
        if state == AfterEscapedCrnl {
            if is_eol {
                return Ok(());
            }
            state = InField;
        }
        match state {
            StartField => {
                if is_nl || is_eol {
                    self.save_field();
                    self.state = if is_eol { StartRecord } else { EatCrnl };
                } else if c == d.quotechar {
                    self.state = InQuotedField;
                } else if c == d.escapechar {
                    self.state = EscapedChar;
                } else if c == Some(' ') && d.skipinitialspace {
                } else if c == Some(d.delimiter) {
                    self.save_field();
                } else if let Some(ch) = c {
                    self.add_char(ch)?;
                    self.state = InField;
                }
            }
            EscapedChar => {
                if let Some(ch @ ('\n' | '\r')) = c {
                    self.add_char(ch)?;
                    self.state = AfterEscapedCrnl;
                    return Ok(());
                }
                self.add_char(c.unwrap_or('\n'))?;
                self.state = InField;
            }
            InField => {
                if is_nl || is_eol {
                    self.save_field();
                    self.state = if is_eol { StartRecord } else { EatCrnl };
                } else if c == d.escapechar {
                    self.state = EscapedChar;
                } else if c == Some(d.delimiter) {
                    self.save_field();
                    self.state = StartField;
                } else if let Some(ch) = c {
                    // The state stays as it is (also `AfterEscapedCrnl`).
                    self.add_char(ch)?;
                }
            }
            InQuotedField => {
                if is_eol {
                } else if c == d.escapechar {
                    self.state = EscapeInQuotedField;
                } else if c == d.quotechar {
                    self.state = if d.doublequote {
                        QuoteInQuotedField
                    } else {
                        InField
                    };
                } else if let Some(ch) = c {
                    self.add_char(ch)?;
                }
            }
            EscapeInQuotedField => {
                self.add_char(c.unwrap_or('\n'))?;
                self.state = InQuotedField;
            }
            QuoteInQuotedField => {
                if c.is_some() && c == d.quotechar {
                    if let Some(ch) = c {
                        self.add_char(ch)?;
                    }
                    self.state = InQuotedField;
                } else if c == Some(d.delimiter) {
                    self.save_field();
                    self.state = StartField;
                } else if is_nl || is_eol {
                    self.save_field();
                    self.state = if is_eol { StartRecord } else { EatCrnl };
                } else if !d.strict {
                    if let Some(ch) = c {
                        self.add_char(ch)?;
                    }
                    self.state = InField;
                } else {
                    return Err(format!(
                        "'{}' expected after '{}'",
                        d.delimiter,
                        d.quotechar.unwrap_or('"')
                    ));
                }
            }
            EatCrnl => {
                if is_nl {
                } else if is_eol {
                    self.state = StartRecord;
                } else {
                    return Err("new-line character seen in unquoted field - do you need to open the file with newline=''?".into());
                }
            }
            StartRecord | AfterEscapedCrnl => {}
        }
        Ok(())
    }
}

/// Read all records of `lines` (each given a trailing newline, as docutils
/// feeds them), like iterating over `csv.reader`.
pub fn read_csv(lines: &[&str], d: &Dialect) -> Result<Vec<Vec<String>>, String> {
    let mut r = CsvReader {
        d,
        state: CsvState::StartRecord,
        field: String::new(),
        field_len: 0,
        fields: Vec::new(),
    };
    let mut rows = Vec::new();
    let mut it = lines.iter();
    'records: loop {
        // parse_reset
        r.fields.clear();
        r.field.clear();
        r.field_len = 0;
        r.state = CsvState::StartRecord;
        loop {
            let Some(line) = it.next() else {
                if r.field_len != 0 || r.state == CsvState::InQuotedField {
                    if d.strict {
                        return Err("unexpected end of data".into());
                    }
                    r.save_field();
                    rows.push(std::mem::take(&mut r.fields));
                }
                break 'records;
            };
            for c in line.chars().chain(std::iter::once('\n')) {
                r.process(Some(c))?;
            }
            r.process(None)?;
            if r.state == CsvState::StartRecord {
                break;
            }
        }
        rows.push(std::mem::take(&mut r.fields));
    }
    Ok(rows)
}

// ----- list-table -----------------------------------------------------------------

/// `ListTable.run`.
pub fn run_list_table(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    if d.content.is_empty() {
        let msg = format!("The \"{}\" directive is empty; content required.", d.name);
        return Ok(vec![block_error(p, d, 3, &msg)]);
    }
    let (title, messages) = make_title(p, sm, d);
    let node = p.doc.tree.element(Tag::Element);
    p.nested_parse(sm, d.content.clone(), d.content_offset, node, false);
    let (table_data, col_widths) = match check_list_content(p, d, node) {
        Ok(x) => x,
        Err(msg) => return Ok(vec![msg]),
    };
    let header_rows = nonneg_option(d, "header-rows");
    let stub_columns = nonneg_option(d, "stub-columns");
    let lengths: Vec<usize> = table_data.iter().map(Vec::len).collect();
    if let Err(msg) = check_table_dimensions(p, d, &lengths, header_rows, stub_columns) {
        return Ok(vec![msg]);
    }
    let table = build_table_from_list(p, sm, d, table_data, &col_widths, header_rows, stub_columns);
    if let Some(OptValue::Str(a)) = d.option("align") {
        p.doc.tree.set_attr(table, "align", a.clone());
    }
    if let Some(OptValue::List(classes)) = d.option("class") {
        for c in classes {
            p.doc.tree.push_list_attr(table, "classes", c.clone());
        }
    }
    if let Some(OptValue::Str(w)) = d.option("width") {
        p.doc.tree.set_attr(table, "width", w.clone());
    }
    d.add_name(p, table);
    if let Some(t) = title {
        p.doc.tree.insert(table, 0, t);
    }
    let mut out = vec![table];
    out.extend(messages);
    Ok(out)
}

/// `ListTable.check_list_content`: the rows (each cell the children of a
/// second-level list item) and the column widths.
#[allow(clippy::type_complexity)]
fn check_list_content(
    p: &mut Parser,
    d: &Directive,
    node: NodeId,
) -> Result<(Vec<Vec<Vec<NodeId>>>, Vec<i64>), NodeId> {
    let t = &p.doc.tree;
    let list = match t.children(node) {
        [l] if t.tag(*l) == Tag::BulletList => *l,
        _ => {
            let msg = format!(
                "Error parsing content block for the \"{}\" directive: exactly one bullet list expected.",
                d.name
            );
            return Err(block_error(p, d, 3, &msg));
        }
    };
    let items = t.children(list).to_vec();
    let mut num_cols = 0;
    let mut sublists = Vec::with_capacity(items.len());
    for (index, &item) in items.iter().enumerate() {
        let t = &p.doc.tree;
        let sub = match t.children(item) {
            [s] if t.tag(*s) == Tag::BulletList => *s,
            _ => {
                let msg = format!(
                    "Error parsing content block for the \"{}\" directive: two-level bullet list expected, but row {} does not contain a second-level bullet list.",
                    d.name,
                    index + 1
                );
                return Err(block_error(p, d, 3, &msg));
            }
        };
        let n = t.children(sub).len();
        if index > 0 {
            if n != num_cols {
                let msg = format!(
                    "Error parsing content block for the \"{}\" directive: uniform two-level bullet list expected, but row {} does not contain the same number of items as row 1 ({n} vs {num_cols}).",
                    d.name,
                    index + 1
                );
                return Err(block_error(p, d, 3, &msg));
            }
        } else {
            num_cols = n;
        }
        sublists.push(sub);
    }
    let col_widths = get_column_widths(p, d, num_cols)?;
    let rows = sublists
        .into_iter()
        .map(|sub| {
            let cells = p.doc.tree.children(sub).to_vec();
            cells
                .into_iter()
                .map(|item| p.doc.tree.take_children(item))
                .collect()
        })
        .collect();
    Ok((rows, col_widths))
}

/// `ListTable.build_table_from_list`.
fn build_table_from_list(
    p: &mut Parser,
    sm: &Machine,
    d: &Directive,
    table_data: Vec<Vec<Vec<NodeId>>>,
    col_widths: &[i64],
    header_rows: usize,
    stub_columns: usize,
) -> NodeId {
    let table = p.doc.tree.element(Tag::Table);
    p.doc
        .tree
        .get_mut(table)
        .set_line(sm.source_line(Some(d.lineno)).map(|l| l as u32));
    p.doc.tree.get_mut(table).span = directive_span(p, sm, d);
    match widths_kind(d) {
        Some("auto") => p
            .doc
            .tree
            .push_list_attr(table, "classes", "colwidths-auto"),
        Some(_) => p
            .doc
            .tree
            .push_list_attr(table, "classes", "colwidths-given"),
        None => {}
    }
    let tgroup = p.doc.tree.element(Tag::Tgroup);
    p.doc
        .tree
        .set_attr(tgroup, "cols", Value::Int(col_widths.len() as i64));
    p.doc.append(table, tgroup);
    let mut stubs = stub_columns;
    for &w in col_widths {
        let colspec = p.doc.tree.element(Tag::Colspec);
        p.doc.tree.set_attr(colspec, "colwidth", Value::Int(w));
        if stubs > 0 {
            p.doc.tree.set_attr(colspec, "stub", Value::Int(1));
            stubs -= 1;
        }
        p.doc.append(tgroup, colspec);
    }
    let mut rows = Vec::with_capacity(table_data.len());
    for row in table_data {
        let row_node = p.doc.tree.element(Tag::Row);
        for cell in row {
            let entry = p.doc.tree.element(Tag::Entry);
            if let (Some(&first), Some(&last)) = (cell.first(), cell.last()) {
                let (a, b) = (p.doc.tree.get(first).span, p.doc.tree.get(last).span);
                p.doc.tree.get_mut(entry).span = crate::node::Span {
                    end: b.end.max(a.start),
                    ..a
                };
            }
            p.doc.extend(entry, cell);
            p.doc.append(row_node, entry);
        }
        rows.push(row_node);
    }
    let split = header_rows.min(rows.len());
    if header_rows > 0 {
        let thead = p.doc.tree.element(Tag::Thead);
        p.doc.extend(thead, rows[..split].iter().copied());
        p.doc.append(tgroup, thead);
    }
    let tbody = p.doc.tree.element(Tag::Tbody);
    p.doc.extend(tbody, rows[split..].iter().copied());
    p.doc.append(tgroup, tbody);
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialect() -> Dialect {
        Dialect {
            delimiter: ',',
            quotechar: Some('"'),
            escapechar: None,
            doublequote: true,
            skipinitialspace: true,
            strict: true,
        }
    }

    #[test]
    fn csv_quoting_and_multiline_fields() {
        let rows = read_csv(
            &[
                r#""Treat", "Quantity", "Desc""#,
                r#""a ""b""", 2.99, "x,"#,
                r#"y""#,
                "",
                "4",
            ],
            &dialect(),
        )
        .unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["Treat", "Quantity", "Desc"],
                vec!["a \"b\"", "2.99", "x,\ny"],
                vec![],
                vec!["4"],
            ]
        );
    }

    #[test]
    fn csv_errors_match_python() {
        assert_eq!(
            read_csv(&[r#""bad", "csv, data"#], &dialect()).unwrap_err(),
            "unexpected end of data"
        );
        assert_eq!(
            read_csv(&[r#""a"b"#], &dialect()).unwrap_err(),
            "',' expected after '\"'"
        );
    }

    #[test]
    fn csv_escape_and_space_delimiter() {
        let mut d = dialect();
        d.escapechar = Some('\\');
        d.doublequote = false;
        assert_eq!(
            read_csv(&[r#"a\,b, "c\"d""#], &d).unwrap(),
            vec![vec!["a,b", "c\"d"]]
        );
        let mut d = dialect();
        d.delimiter = ' ';
        assert_eq!(
            read_csv(&[r#""Treat" Quantity  "Desc""#], &d).unwrap(),
            vec![vec!["Treat", "Quantity", "Desc"]]
        );
    }

    #[test]
    fn unicode_codes_as_python() {
        assert_eq!(
            single_char_or_unicode(Some("U+9999999999999")).unwrap_err(),
            "code too large (Python int too large to convert to C int)"
        );
        assert_eq!(
            single_char_or_unicode(Some("multiple")).unwrap_err(),
            "'multiple' invalid; must be a single character or a Unicode code"
        );
        assert_eq!(
            single_char_or_whitespace_or_unicode(Some("0x5c")),
            Ok(OptValue::Str("\\".into()))
        );
    }

    #[test]
    fn files_stay_inside_the_root() {
        let dir = std::env::temp_dir().join(format!("stepdoc-confine-{}", std::process::id()));
        let root = dir.join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/data.csv"), "a,b\n").unwrap();
        std::fs::write(dir.join("secret.csv"), "s\n").unwrap();
        let mut s = Settings::default();
        // No root: nothing is visible.
        assert!(
            read_confined(&s, "sub/data.csv")
                .unwrap_err()
                .starts_with("[Errno 2]")
        );
        s.source_root = Some(root.clone());
        s.source_path = Some(root.join("doc.rst"));
        assert_eq!(read_confined(&s, "sub/data.csv").unwrap(), b"a,b\n");
        assert_eq!(read_confined(&s, "sub/../sub/data.csv").unwrap(), b"a,b\n");
        assert!(read_confined(&s, "../secret.csv").is_err());
        let abs = dir.join("secret.csv");
        assert!(read_confined(&s, abs.to_str().unwrap()).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.csv"), root.join("link.csv")).unwrap();
            assert!(
                read_confined(&s, "link.csv")
                    .unwrap_err()
                    .contains("outside the source root")
            );
        }
        assert!(
            read_confined(&s, "missing.csv")
                .unwrap_err()
                .starts_with("[Errno 2] No such file or directory")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
