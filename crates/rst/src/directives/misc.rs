//! Miscellaneous directives (docutils' `parsers/rst/directives/misc.py`):
//! `include`, `raw`, `replace`, `unicode`, `date`, `class`, `role`,
//! `default-role`, `title`, `meta` and `restructuredtext-test-directive`.
//!
//! Files are read only inside `settings.source_root` (see
//! [`tables::resolve_confined`]); docutils' standard include files
//! (`.. include:: <isonum.txt>`) are built in. Included reStructuredText is
//! parsed into the current node where the directive stands, which is what
//! docutils' insertion of the lines into the running state machine amounts
//! to; its nodes point at the `include` directive in the source.
//! Remote data (`raw :url:`) is never fetched.
//!
//! `role` stores a [`CustomRole`] under the lower-cased role name: its base
//! role as written (empty for docutils' generic custom role, an `inline`),
//! its classes (the `class` option, else the role name made a class name)
//! and the base role's other options (`format` for `raw`, `language` for
//! `code`). `default-role` stores the role name as written in
//! `doc.default_role` (`None` restores `title-reference`). The inline
//! parser resolves both names at use.

use crate::Tag;
use std::path::{Component, Path, PathBuf};

use super::body::{self, number_lines, number_lines_tokens, raw_text};
use super::tables::{self, codec, decode, os_error_text, py_unicode_code, url_refusal};
use super::{
    Converter, Directive, DirectiveError, OptValue, Spec, class_option, flag,
    parse_directive_block, path, py_int, py_repr, unchanged, unchanged_required, uri,
};
use crate::Family;
use crate::block::{Line, Machine, Match, Parser, St, escape2null};
use crate::document::CustomRole;
use crate::languages;
use crate::node::{NodeId, Value, python_splitlines, unescape};
use crate::patterns::take_chars;
use crate::settings::Settings;

/// Python's `int` as an option converter.
fn int_option(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.ok_or(
        "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
    )?;
    py_int(a).map(OptValue::Int)
}

/// `directives.parser_name`: only the reStructuredText parser (and the
/// null parser) exist here.
fn parser_name(arg: Option<&str>) -> Result<OptValue, String> {
    let Some(a) = arg.filter(|a| !a.is_empty()) else {
        return Ok(OptValue::None);
    };
    let name = a.to_lowercase();
    match name.as_str() {
        "rst" | "restructuredtext" | "rest" | "restx" | "rtxt" | "docutils.parsers.rst" => {
            Ok(OptValue::Str("rst".into()))
        }
        "null" | "docutils.parsers.null" => Ok(OptValue::Str("null".into())),
        "docutils_xml" | "xml" | "recommonmark" | "myst" | "commonmark" | "markdown" => {
            Err(format!("Parser \"{a}\" not available"))
        }
        _ => {
            let module = name.split('.').next().unwrap_or(&name).to_string();
            Err(format!(
                "Parser \"{a}\" not found. No module named {}",
                py_repr(&module)
            ))
        }
    }
}

/// `directives.encoding`.
fn encoding(arg: Option<&str>) -> Result<OptValue, String> {
    tables::encoding(arg)
}

const INCLUDE_OPTIONS: &[(&str, Converter)] = &[
    ("literal", flag),
    ("code", unchanged),
    ("encoding", encoding),
    ("parser", parser_name),
    ("tab-width", int_option),
    ("start-line", int_option),
    ("end-line", int_option),
    ("start-after", unchanged),
    ("end-before", unchanged),
    ("number-lines", number_lines),
    ("class", class_option),
    ("name", unchanged),
];

pub const INCLUDE_SPEC: Spec = Spec {
    required_arguments: 1,
    optional_arguments: 0,
    final_argument_whitespace: true,
    options: Some(INCLUDE_OPTIONS),
    has_content: false,
};

const RAW_OPTIONS: &[(&str, Converter)] = &[
    ("file", path),
    ("url", uri),
    ("encoding", encoding),
    ("class", class_option),
];

pub const RAW_SPEC: Spec = Spec {
    required_arguments: 1,
    optional_arguments: 0,
    final_argument_whitespace: true,
    options: Some(RAW_OPTIONS),
    has_content: true,
};

pub const REPLACE_SPEC: Spec = Spec {
    has_content: true,
    ..Spec::NONE
};

const UNICODE_OPTIONS: &[(&str, Converter)] = &[("trim", flag), ("ltrim", flag), ("rtrim", flag)];

pub const UNICODE_SPEC: Spec = Spec {
    required_arguments: 1,
    optional_arguments: 0,
    final_argument_whitespace: true,
    options: Some(UNICODE_OPTIONS),
    has_content: false,
};

pub const DATE_SPEC: Spec = REPLACE_SPEC;

pub const CLASS_SPEC: Spec = Spec {
    required_arguments: 1,
    optional_arguments: 0,
    final_argument_whitespace: true,
    options: None,
    has_content: true,
};

pub const ROLE_SPEC: Spec = REPLACE_SPEC;

pub const DEFAULT_ROLE_SPEC: Spec = Spec {
    optional_arguments: 1,
    ..Spec::NONE
};

pub const TITLE_SPEC: Spec = Spec {
    required_arguments: 1,
    optional_arguments: 0,
    final_argument_whitespace: true,
    options: None,
    has_content: false,
};

pub const META_SPEC: Spec = REPLACE_SPEC;

const TEST_OPTIONS: &[(&str, Converter)] = &[("option", unchanged_required)];

pub const TEST_SPEC: Spec = Spec {
    required_arguments: 0,
    optional_arguments: 1,
    final_argument_whitespace: true,
    options: Some(TEST_OPTIONS),
    has_content: true,
};

/// docutils' standard include files, by name.
const STANDARD_INCLUDES: &[(&str, &str)] = &[
    ("html-roles.txt", include_str!("include/html-roles.txt")),
    ("isoamsa.txt", include_str!("include/isoamsa.txt")),
    ("isoamsb.txt", include_str!("include/isoamsb.txt")),
    ("isoamsc.txt", include_str!("include/isoamsc.txt")),
    ("isoamsn.txt", include_str!("include/isoamsn.txt")),
    ("isoamso.txt", include_str!("include/isoamso.txt")),
    ("isoamsr.txt", include_str!("include/isoamsr.txt")),
    ("isobox.txt", include_str!("include/isobox.txt")),
    ("isocyr1.txt", include_str!("include/isocyr1.txt")),
    ("isocyr2.txt", include_str!("include/isocyr2.txt")),
    ("isodia.txt", include_str!("include/isodia.txt")),
    ("isogrk1.txt", include_str!("include/isogrk1.txt")),
    ("isogrk2.txt", include_str!("include/isogrk2.txt")),
    ("isogrk3.txt", include_str!("include/isogrk3.txt")),
    ("isogrk4-wide.txt", include_str!("include/isogrk4-wide.txt")),
    ("isogrk4.txt", include_str!("include/isogrk4.txt")),
    ("isolat1.txt", include_str!("include/isolat1.txt")),
    ("isolat2.txt", include_str!("include/isolat2.txt")),
    ("isomfrk-wide.txt", include_str!("include/isomfrk-wide.txt")),
    ("isomfrk.txt", include_str!("include/isomfrk.txt")),
    ("isomopf-wide.txt", include_str!("include/isomopf-wide.txt")),
    ("isomopf.txt", include_str!("include/isomopf.txt")),
    ("isomscr-wide.txt", include_str!("include/isomscr-wide.txt")),
    ("isomscr.txt", include_str!("include/isomscr.txt")),
    ("isonum.txt", include_str!("include/isonum.txt")),
    ("isopub.txt", include_str!("include/isopub.txt")),
    ("isotech.txt", include_str!("include/isotech.txt")),
    ("mmlalias.txt", include_str!("include/mmlalias.txt")),
    (
        "mmlextra-wide.txt",
        include_str!("include/mmlextra-wide.txt"),
    ),
    ("mmlextra.txt", include_str!("include/mmlextra.txt")),
    ("s5defs.txt", include_str!("include/s5defs.txt")),
    ("xhtml1-lat1.txt", include_str!("include/xhtml1-lat1.txt")),
    (
        "xhtml1-special.txt",
        include_str!("include/xhtml1-special.txt"),
    ),
    (
        "xhtml1-symbol.txt",
        include_str!("include/xhtml1-symbol.txt"),
    ),
];

// ----- include -------------------------------------------------------------------

/// The clipping options of `include`.
#[derive(Debug, Clone, Default)]
struct Clip {
    start_line: Option<i64>,
    end_line: Option<i64>,
    start_after: Option<String>,
    end_before: Option<String>,
}

impl Clip {
    fn from_directive(d: &Directive) -> Self {
        let int = |name: &str| match d.option(name) {
            Some(OptValue::Int(i)) => Some(*i),
            _ => None,
        };
        Clip {
            start_line: int("start-line"),
            end_line: int("end-line"),
            start_after: d.option_str("start-after").map(str::to_string),
            end_before: d.option_str("end-before").map(str::to_string),
        }
    }

    /// The options as docutils' include log compares them.
    fn key(&self) -> String {
        format!("{self:?}")
    }
}

/// Python's slice bounds `[start:end]` on a sequence of `len` items.
fn py_slice(len: usize, start: Option<i64>, end: Option<i64>) -> (usize, usize) {
    let n = len as i64;
    let norm = |v: i64| if v < 0 { (n + v).max(0) } else { v.min(n) };
    let a = start.map(norm).unwrap_or(0);
    let b = end.map(norm).unwrap_or(n);
    (a as usize, b.max(a) as usize)
}

/// Python's `str.expandtabs(tabsize)`.
fn expandtabs(text: &str, tabsize: i64) -> String {
    let mut out = String::with_capacity(text.len());
    let mut col: i64 = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - col % tabsize;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

/// Lexically resolve `.` and `..` (as `os.path.normpath` does) for the
/// paths messages and the include log show.
fn normpath(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::RootDir | Component::Prefix(_) => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..".into());
                }
            }
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// A file to include: the path as shown, its bytes and, for files of the
/// source tree, its real path (the base of includes inside it).
pub(crate) struct IncludeFile {
    pub(crate) shown: String,
    pub(crate) bytes: Vec<u8>,
    pub(crate) real: Option<PathBuf>,
}

/// Read `file` for `include`: inside the source root only. An absolute
/// path is read when it leads into the root.
pub(crate) fn read_include(settings: &Settings, file: &str) -> Result<IncludeFile, String> {
    if tables::from_doc_root(settings, file).is_some() {
        let (real, shown) = tables::resolve_confined(settings, file)?;
        let bytes = std::fs::read(&real).map_err(|e| os_error_text(&e, &shown))?;
        return Ok(IncludeFile {
            shown,
            bytes,
            real: Some(real),
        });
    }
    let requested = Path::new(file);
    if !(requested.is_absolute() || requested.has_root()) {
        let (real, shown) = tables::resolve_confined(settings, file)?;
        let bytes = std::fs::read(&real).map_err(|e| os_error_text(&e, &shown))?;
        return Ok(IncludeFile {
            shown: normpath(Path::new(&shown)),
            bytes,
            real: Some(real),
        });
    }
    let shown = normpath(requested);
    let no_such = || format!("[Errno 2] No such file or directory: {}", py_repr(&shown));
    let Some(root) = settings.source_root.as_deref() else {
        return Err(no_such());
    };
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let root_c = root.canonicalize().map_err(|e| os_error_text(&e, &shown))?;
    let real = match requested.canonicalize() {
        Ok(r) => r,
        Err(_) if !requested.starts_with(&root_c) && !requested.starts_with(root) => {
            // Do not tell what exists outside the root.
            return Err(format!(
                "absolute path outside the source root: {}",
                py_repr(&shown)
            ));
        }
        Err(e) => return Err(os_error_text(&e, &shown)),
    };
    if !real.starts_with(&root_c) {
        return Err(format!(
            "absolute path outside the source root: {}",
            py_repr(&shown)
        ));
    }
    if !real.is_file() {
        return Err(format!("not a regular file: {}", py_repr(&shown)));
    }
    let bytes = std::fs::read(&real).map_err(|e| os_error_text(&e, &shown))?;
    Ok(IncludeFile {
        shown,
        bytes,
        real: Some(real),
    })
}

/// A standard include file (`<name>`).
fn standard_include(name: &str) -> Result<IncludeFile, String> {
    let shown = format!("docutils/parsers/rst/include/{name}");
    match STANDARD_INCLUDES.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => Ok(IncludeFile {
            shown,
            bytes: text.as_bytes().to_vec(),
            real: None,
        }),
        None => Err(format!(
            "[Errno 2] No such file or directory: {}",
            py_repr(&shown)
        )),
    }
}

/// `Include.read_file` after opening: decode and clip.
fn clip_text(d: &Directive, text: String, clip: &Clip) -> Result<String, DirectiveError> {
    let mut text = text;
    if clip.start_line.is_some_and(|s| s != 0) || clip.end_line.is_some() {
        let lines = python_splitlines(&text);
        let (a, b) = py_slice(lines.len(), clip.start_line, clip.end_line);
        text = lines.get(a..b).map(|l| l.join("\n")).unwrap_or_default();
    }
    let starttext = match clip.start_after.as_deref() {
        Some("") => Some("\n\n"),
        other => other,
    };
    if let Some(st) = starttext {
        match text.find(st) {
            Some(i) => text = text[i + st.len()..].to_string(),
            None => {
                return Err(DirectiveError::error(format!(
                    "Problem with \"start-after\" option of \"{}\" directive:\nText not found.",
                    d.name
                )));
            }
        }
    }
    match clip.end_before.as_deref() {
        Some("") => {
            if let Some(i) = text.find("\n\n")
                && i > 0
            {
                text.truncate(i + 1);
            }
        }
        Some(et) => match text.find(et) {
            Some(i) => text.truncate(i),
            None => {
                return Err(DirectiveError::error(format!(
                    "Problem with \"end-before\" option of \"{}\" directive:\nText not found.",
                    d.name
                )));
            }
        },
        None => {}
    }
    Ok(text)
}

/// `Include.run`.
pub fn run_include(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    if !p.doc.settings.file_insertion_enabled {
        return Err(DirectiveError::warning(format!(
            "\"{}\" directive disabled.",
            d.name
        )));
    }
    let tab_width = match d.option("tab-width") {
        Some(OptValue::Int(i)) => *i,
        _ => p.doc.settings.tab_width as i64,
    };
    let clip = Clip::from_directive(d);
    let arg = d.arguments.first().cloned().unwrap_or_default();
    let file = match path(Some(&arg)) {
        Ok(OptValue::Str(s)) => s,
        _ => arg,
    };
    let opened = match file.strip_prefix('<').and_then(|f| f.strip_suffix('>')) {
        Some(name) => standard_include(name),
        None => read_include(&p.doc.settings, &file),
    };
    let included = opened.map_err(|e| {
        DirectiveError::error(format!(
            "Problems with \"{}\" directive path:\nInputError: {e}.",
            d.name
        ))
        .about(Family::Include)
    })?;
    let enc = d.option_str("encoding").and_then(codec);
    let text = decode(&included.bytes, enc).map_err(|e| {
        DirectiveError::error(format!(
            "Problem with \"{}\" directive:\nUnicodeDecodeError: {e}",
            d.name
        ))
    })?;
    let text = clip_text(d, text, &clip)?;
    let source = included.shown.clone();
    if d.has_option("literal") {
        return Ok(include_literal(p, d, text, tab_width, &source, &clip));
    }
    if let Some(code) = d.option("code") {
        let language = code.as_str().unwrap_or("").to_string();
        return include_code(p, sm, d, text, tab_width, &source, language);
    }
    if d.option_str("parser") == Some("null") {
        return Ok(Vec::new());
    }
    insert_into_input_lines(p, sm, d, &text, tab_width, &clip, &included)?;
    Ok(Vec::new())
}

/// The text Sphinx's `literalinclude` shows: the file (read as `include`
/// reads it: confined, a leading `/` from the source folder), cut by
/// `:lines:`, `:start-after:`/`:start-at:`, `:end-before:`/`:end-at:`,
/// dedented by `:dedent:`, with `:prepend:` and `:append:`.
/// The lines `[start, end)` of a Python class or function named by a
/// dotted path (`Class.method`), decorators included, as `:pyobject:`
/// selects them.
fn python_object(lines: &[&str], dotted: &str) -> Option<(usize, usize)> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let (mut from, mut to) = (0, lines.len());
    let mut found = None;
    for part in dotted.split('.').filter(|p| !p.is_empty()) {
        let defines = |l: &str| {
            let t = l.trim_start();
            let t = t.strip_prefix("async ").unwrap_or(t);
            ["def ", "class "].iter().any(|k| {
                t.strip_prefix(k).is_some_and(|r| {
                    r.strip_prefix(part)
                        .is_some_and(|r| r.starts_with(['(', ':', ' ', '[']))
                })
            })
        };
        let i = (from..to).find(|&i| defines(lines[i]))?;
        let level = indent(lines[i]);
        let mut start = i;
        while start > from
            && lines[start - 1].trim_start().starts_with('@')
            && indent(lines[start - 1]) == level
        {
            start -= 1;
        }
        let mut end = i + 1;
        while end < to
            && (lines[end].trim().is_empty()
                || indent(lines[end]) > level
                || lines[end].trim_start().starts_with(')'))
        {
            end += 1;
        }
        while end > i + 1 && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        found = Some((start, end));
        from = i + 1;
        to = end;
    }
    found
}

pub fn literalinclude_text(p: &Parser, d: &Directive) -> Result<String, DirectiveError> {
    let arg = d.arguments.first().cloned().unwrap_or_default();
    let arg = arg.trim().to_string();
    let opened = read_include(&p.doc.settings, &arg).map_err(|e| {
        DirectiveError::warning(format!(
            "Include file {} not found or reading it failed: {e}",
            py_repr(&arg)
        ))
    })?;
    let enc = d.option_str("encoding").and_then(codec);
    let text = decode(&opened.bytes, enc).map_err(|e| {
        DirectiveError::warning(format!(
            "Encoding of {} is not readable: {e}",
            py_repr(&arg)
        ))
    })?;
    let mut lines: Vec<&str> = text.lines().collect();
    if let Some(object) = d.option_str("pyobject") {
        match python_object(&lines, object.trim()) {
            Some((a, b)) => lines = lines[a..b].to_vec(),
            None => {
                return Err(DirectiveError::warning(format!(
                    "Object named {} not found in include file {}",
                    py_repr(object.trim()),
                    py_repr(&arg)
                )));
            }
        }
    }
    if let Some(spec) = d.option_str("lines") {
        let mut keep = Vec::new();
        for part in spec.split(',') {
            let part = part.trim();
            let (a, b) = match part.split_once('-') {
                Some((a, b)) => (
                    a.trim().parse::<usize>().unwrap_or(1),
                    b.trim().parse::<usize>().unwrap_or(lines.len()),
                ),
                None => match part.parse::<usize>() {
                    Ok(n) => (n, n),
                    Err(_) => continue,
                },
            };
            for i in a.max(1)..=b.min(lines.len()) {
                keep.push(lines[i - 1]);
            }
        }
        lines = keep;
    }
    let find = |lines: &[&str], pat: &str| lines.iter().position(|l| l.contains(pat));
    if let Some(pat) = d.option_str("start-after") {
        match find(&lines, pat) {
            Some(i) => lines = lines[i + 1..].to_vec(),
            None => {
                return Err(DirectiveError::warning(format!(
                    "start-after pattern not found: {pat}"
                )));
            }
        }
    } else if let Some(pat) = d.option_str("start-at") {
        match find(&lines, pat) {
            Some(i) => lines = lines[i..].to_vec(),
            None => {
                return Err(DirectiveError::warning(format!(
                    "start-at pattern not found: {pat}"
                )));
            }
        }
    }
    if let Some(pat) = d.option_str("end-before") {
        match find(&lines, pat) {
            Some(i) => lines.truncate(i),
            None => {
                return Err(DirectiveError::warning(format!(
                    "end-before pattern not found: {pat}"
                )));
            }
        }
    } else if let Some(pat) = d.option_str("end-at") {
        match find(&lines, pat) {
            Some(i) => lines.truncate(i + 1),
            None => {
                return Err(DirectiveError::warning(format!(
                    "end-at pattern not found: {pat}"
                )));
            }
        }
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    if let Some(n) = d.option_str("dedent") {
        let n = n.trim().parse::<usize>().ok();
        let common = out
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let k = n.unwrap_or(common);
        for l in &mut out {
            let cut = l.len() - l.trim_start().len();
            *l = l[cut.min(k)..].to_string();
        }
    }
    if let Some(pre) = d.option_str("prepend") {
        out.insert(0, pre.to_string());
    }
    if let Some(app) = d.option_str("append") {
        out.push(app.to_string());
    }
    Ok(out.join("\n"))
}

/// `Include.as_literal_block`.
fn include_literal(
    p: &mut Parser,
    d: &mut Directive,
    text: String,
    tab_width: i64,
    source: &str,
    clip: &Clip,
) -> Vec<NodeId> {
    let text = if tab_width >= 0 {
        expandtabs(&text, tab_width)
    } else {
        text
    };
    let lb = p.doc.tree.element(Tag::LiteralBlock);
    p.doc.tree.set_attr(lb, "xml:space", "preserve");
    p.doc.tree.set_attr(lb, "source", source);
    d.add_classes(p, lb);
    let line = clip.start_line.unwrap_or(0) + 1;
    p.doc.tree.get_mut(lb).set_line(u32::try_from(line).ok());
    d.add_name(p, lb);
    if let Some(first) = d.option("number-lines") {
        let firstline = match first {
            OptValue::Int(i) => *i,
            _ => 1,
        };
        let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
        let lastline = firstline + python_splitlines(&text).len() as i64;
        for (classes, value) in number_lines_tokens(vec![(Vec::new(), text)], firstline, lastline) {
            if classes.is_empty() {
                let t = raw_text(p, &value);
                p.doc.tree.append(lb, t);
            } else {
                let inline = p.doc.tree.element(Tag::Inline);
                p.doc.tree.set_attr(inline, "classes", Value::List(classes));
                let t = raw_text(p, &value);
                p.doc.tree.append(inline, t);
                p.doc.tree.append(lb, inline);
            }
        }
    } else {
        let t = raw_text(p, &text);
        p.doc.tree.append(lb, t);
    }
    vec![lb]
}

/// `Include.as_code_block`: the `code` directive with the text as content.
fn include_code(
    p: &mut Parser,
    sm: &mut Machine,
    d: &Directive,
    text: String,
    tab_width: i64,
    source: &str,
    language: String,
) -> Result<Vec<NodeId>, DirectiveError> {
    let text = if tab_width >= 0 {
        expandtabs(&text, tab_width)
    } else {
        text
    };
    let mut options: Vec<(String, OptValue)> = d
        .options
        .iter()
        .filter(|(n, _)| n != "code")
        .cloned()
        .collect();
    options.push(("source".into(), OptValue::Str(source.to_string())));
    // docutils passes the whole text as one content "line".
    let line = Line {
        text: text.strip_suffix('\n').unwrap_or(&text).to_string().into(),
        abs: d.lineno.saturating_sub(1) as u32,
        col: 0,
    };
    let mut code = Directive {
        name: d.name.clone(),
        canonical: "code".into(),
        arguments: vec![language],
        options,
        content: vec![line],
        content_offset: d.content_offset,
        lineno: d.lineno,
        block: d.block.clone(),
    };
    body::run_code(p, sm, &mut code)
}

/// `Include.insert_into_input_lines`: parse the text where the directive
/// stands, sections included when the context allows them.
fn insert_into_input_lines(
    p: &mut Parser,
    sm: &mut Machine,
    d: &Directive,
    text: &str,
    tab_width: i64,
    clip: &Clip,
    included: &IncludeFile,
) -> Result<(), DirectiveError> {
    let source = included.shown.as_str();
    let (textlines, _) = crate::string2lines(text, tab_width.max(0) as usize);
    let limit = p.doc.settings.line_length_limit;
    for (i, line) in textlines.iter().enumerate() {
        if line.chars().count() > limit {
            let line_no = i as i64 + 1 + clip.start_line.unwrap_or(0);
            return Err(DirectiveError::warning(format!(
                "\"{source}\": line {line_no} exceeds the line-length-limit."
            )));
        }
    }
    if p.doc.include_log.is_empty() {
        let current = match &p.doc.settings.source_path {
            Some(sp) => normpath(sp),
            None => p.doc.source_name.clone(),
        };
        p.doc.include_log.push((current, Clip::default().key()));
    }
    let entry = (source.to_string(), clip.key());
    if p.doc.include_log.contains(&entry) {
        let mut chain = vec![source.to_string()];
        chain.extend(p.doc.include_log.iter().rev().map(|(s, _)| s.clone()));
        return Err(DirectiveError::warning(format!(
            "circular inclusion in \"{}\" directive:\n{}",
            d.name,
            chain.join("\n> ")
        )));
    }
    p.doc.include_log.push(entry);
    if let Some(real) = &included.real {
        p.doc.included.push(real.clone());
    }
    // Lines count from the start of the included file and messages name it
    // as their source, as docutils reports them; spans, which index the
    // document's own text, are those of the directive.
    let span = super::images::directive_span(p, sm, d);
    let lines: Vec<Line> = textlines
        .into_iter()
        .enumerate()
        .map(|(i, t)| Line {
            text: t.into(),
            abs: i as u32,
            col: 0,
        })
        .collect();
    // Relative paths inside the included file start from its folder (the
    // path as shown: relative paths stay relative, as docutils keeps them).
    let saved_path = match &included.real {
        Some(_) => p
            .doc
            .settings
            .source_path
            .replace(PathBuf::from(&included.shown)),
        None => p.doc.settings.source_path.clone(),
    };
    let saved_name = std::mem::replace(&mut p.doc.source_name, source.to_string());
    let first_new = p.doc.tree.len();
    let node = sm.node;
    let match_titles = sm.match_titles;
    p.nested_parse(sm, lines, 0, node, match_titles);
    p.doc.source_name = saved_name;
    p.doc.settings.source_path = saved_path;
    p.doc.include_log.pop();
    for i in first_new..p.doc.tree.len() {
        if let Ok(id) = u32::try_from(i) {
            p.doc.tree.get_mut(NodeId(id)).span = span;
        }
    }
    Ok(())
}

// ----- raw -------------------------------------------------------------------------

/// `Raw.run`.
pub fn run_raw(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let settings = &p.doc.settings;
    let file = d.option_str("file").map(str::to_string);
    let url = d.option_str("url").map(str::to_string);
    if !settings.raw_enabled
        || (!settings.file_insertion_enabled && (file.is_some() || url.is_some()))
    {
        return Err(DirectiveError::warning(format!(
            "\"{}\" directive disabled.",
            d.name
        )));
    }
    let format = d
        .arguments
        .first()
        .map(|a| {
            a.to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let enc = d.option_str("encoding").and_then(codec);
    let mut source = None;
    let text = if !d.content.is_empty() {
        if file.is_some() || url.is_some() {
            return Err(DirectiveError::error(format!(
                "\"{}\" directive may not both specify an external file and have content.",
                d.name
            )));
        }
        d.content_text()
    } else if let Some(file) = file {
        if url.is_some() {
            return Err(DirectiveError::error(format!(
                "The \"file\" and \"url\" options may not be simultaneously specified for the \"{}\" directive.",
                d.name
            )));
        }
        let included = read_include(&p.doc.settings, &file).map_err(|e| {
            DirectiveError::error(format!(
                "Problems with \"{}\" directive path:\nInputError: {e}.",
                d.name
            ))
        })?;
        let text = decode(&included.bytes, enc).map_err(|e| {
            DirectiveError::error(format!(
                "Problem with \"{}\" directive:\nUnicodeDecodeError: {e}",
                d.name
            ))
        })?;
        source = Some(included.shown);
        text
    } else if let Some(url) = url {
        return Err(DirectiveError::error(format!(
            "Problems with \"{}\" directive URL \"{url}\":\n{}.",
            d.name,
            url_refusal(&url)
        )));
    } else {
        d.assert_has_content()?;
        String::new()
    };
    let node = p.doc.tree.element(Tag::Raw);
    d.add_classes(p, node);
    p.doc.tree.set_attr(node, "format", format);
    if let Some(s) = source {
        p.doc.tree.set_attr(node, "source", s);
    }
    p.doc.tree.set_attr(node, "xml:space", "preserve");
    let t = raw_text(p, &text);
    p.doc.tree.append(node, t);
    body::locate(p, sm, d, node);
    Ok(vec![node])
}

// ----- substitution definitions: replace, unicode, date ----------------------------------

fn substitution_only(sm: &Machine, d: &Directive) -> Result<(), DirectiveError> {
    if sm.state != St::SubstitutionDef {
        return Err(DirectiveError::error(format!(
            "Invalid context: the \"{}\" directive can only be used within a substitution definition.",
            d.name
        )));
    }
    Ok(())
}

/// `Replace.run`: the inline content of a single paragraph.
pub fn run_replace(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    substitution_only(sm, d)?;
    d.assert_has_content()?;
    let element = p.doc.tree.element(Tag::Element);
    p.nested_parse(sm, d.content.clone(), d.content_offset, element, false);
    let mut node = None;
    let mut messages = Vec::new();
    for elem in p.doc.tree.children(element).to_vec() {
        let tag = p.doc.tree.tag(elem);
        if node.is_none() && tag == Tag::Paragraph {
            node = Some(elem);
        } else if tag == Tag::SystemMessage {
            p.doc
                .tree
                .set_attr(elem, "backrefs", Value::List(Vec::new()));
            messages.push(elem);
        } else {
            let msg = p.doc.error(
                Family::Directive,
                &format!(
                    "Error in \"{}\" directive: may contain a single paragraph only.",
                    d.name
                ),
                vec![],
                Some(d.lineno),
            );
            return Ok(vec![msg]);
        }
    }
    p.doc.tree.take_children(element);
    if let Some(n) = node {
        messages.extend(p.doc.tree.take_children(n));
    }
    Ok(messages)
}

/// The text before the first `.. ` comment (`Unicode.comment_pattern`).
fn before_comment(text: &str) -> &str {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if text[i..].starts_with(".. ") && matches!(prev, None | Some(' ') | Some('\n')) {
            let cut = if prev.is_some() { i - 1 } else { i };
            return &text[..cut];
        }
        prev = Some(c);
    }
    text
}

/// `Unicode.run`.
pub fn run_unicode(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    substitution_only(sm, d)?;
    let subdef = sm.node;
    if d.has_option("trim") {
        p.doc.tree.set_attr(subdef, "ltrim", Value::Int(1));
        p.doc.tree.set_attr(subdef, "rtrim", Value::Int(1));
    }
    if d.has_option("ltrim") {
        p.doc.tree.set_attr(subdef, "ltrim", Value::Int(1));
    }
    if d.has_option("rtrim") {
        p.doc.tree.set_attr(subdef, "rtrim", Value::Int(1));
    }
    let arg = d.arguments.first().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for code in before_comment(&arg).split_whitespace() {
        let decoded = py_unicode_code(code).map_err(|e| {
            DirectiveError::error(format!("Invalid character code: {code}\nValueError: {e}"))
        })?;
        out.push(raw_text(p, &decoded));
    }
    Ok(out)
}

/// `Date.run`: the current date (UTC) in the content's `strftime` format.
pub fn run_date(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    substitution_only(sm, d)?;
    let content = d.content_text();
    let format = if content.is_empty() {
        "%Y-%m-%d"
    } else {
        content.as_str()
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|t| t.as_secs() as i64)
        .unwrap_or(0);
    let text = strftime(format, now);
    Ok(vec![raw_text(p, &text)])
}

/// The calendar date of a day counted from 1970-01-01 (proleptic
/// Gregorian): (year, month 1-12, day 1-31).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// C `strftime` in the C locale for a Unix time (UTC).
fn strftime(format: &str, secs: i64) -> String {
    const DAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let wday = (days + 4).rem_euclid(7) as usize;
    let is_leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const CUM: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let yday = CUM[(month - 1) as usize] + day + u32::from(month > 2 && is_leap(year));
    let dayname = DAYS[wday];
    let monthname = MONTHS[(month - 1) as usize];
    let hour12 = if hour % 12 == 0 { 12 } else { hour % 12 };
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(f) = chars.next() else {
            out.push('%');
            break;
        };
        let piece = match f {
            'Y' => year.to_string(),
            'y' => format!("{:02}", year.rem_euclid(100)),
            'C' => format!("{:02}", year.div_euclid(100)),
            'm' => format!("{month:02}"),
            'd' => format!("{day:02}"),
            'e' => format!("{day:>2}"),
            'H' => format!("{hour:02}"),
            'I' => format!("{hour12:02}"),
            'M' => format!("{minute:02}"),
            'S' => format!("{second:02}"),
            'p' => (if hour < 12 { "AM" } else { "PM" }).to_string(),
            'a' => dayname[..3].to_string(),
            'A' => dayname.to_string(),
            'b' | 'h' => monthname[..3].to_string(),
            'B' => monthname.to_string(),
            'j' => format!("{yday:03}"),
            'w' => wday.to_string(),
            'u' => (if wday == 0 { 7 } else { wday }).to_string(),
            'D' => format!("{month:02}/{day:02}/{:02}", year.rem_euclid(100)),
            'x' => format!("{month:02}/{day:02}/{:02}", year.rem_euclid(100)),
            'F' => format!("{year}-{month:02}-{day:02}"),
            'T' | 'X' => format!("{hour:02}:{minute:02}:{second:02}"),
            'R' => format!("{hour:02}:{minute:02}"),
            'c' => format!(
                "{} {} {day:>2} {hour:02}:{minute:02}:{second:02} {year}",
                &dayname[..3],
                &monthname[..3]
            ),
            's' => secs.to_string(),
            'Z' => "UTC".to_string(),
            'z' => "+0000".to_string(),
            'n' => "\n".to_string(),
            't' => "\t".to_string(),
            '%' => "%".to_string(),
            other => format!("%{other}"),
        };
        out.push_str(&piece);
    }
    out
}

// ----- class, title, test directive --------------------------------------------------

/// `Class.run`: classes for the content, or for the next element (a
/// `pending` node for docutils' `ClassAttribute` transform).
pub fn run_class(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let arg = d.arguments.first().cloned().unwrap_or_default();
    let class_value = match class_option(Some(&arg)) {
        Ok(OptValue::List(c)) => c,
        _ => {
            return Err(DirectiveError::error(format!(
                "Invalid class attribute value for \"{}\" directive: \"{arg}\".",
                d.name
            )));
        }
    };
    if !d.content.is_empty() {
        let container = p.doc.tree.element(Tag::Element);
        p.nested_parse(sm, d.content.clone(), d.content_offset, container, false);
        let children = p.doc.tree.take_children(container);
        for &c in &children {
            if !p.doc.tree.is_text(c) {
                for class in &class_value {
                    p.doc.tree.push_list_attr(c, "classes", class.clone());
                }
            }
        }
        return Ok(children);
    }
    let details = vec![
        ("class".to_string(), OptValue::List(class_value).py_repr()),
        ("directive".to_string(), py_repr(&d.name)),
    ];
    let pending = p
        .doc
        .tree
        .pending("docutils.transforms.misc.ClassAttribute", details);
    p.doc.tree.get_mut(pending).span = super::images::directive_span(p, sm, d);
    Ok(vec![pending])
}

/// `Title.run`: the document's `title` attribute.
pub fn run_title(
    p: &mut Parser,
    _sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let root = p.doc.root;
    let title = d.arguments.first().cloned().unwrap_or_default();
    p.doc.tree.set_attr(root, "title", title);
    Ok(Vec::new())
}

/// `TestDirective.run`: an info message describing the directive.
pub fn run_test_directive(
    p: &mut Parser,
    _sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let arguments = format!(
        "[{}]",
        d.arguments
            .iter()
            .map(|a| py_repr(a))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let options = format!(
        "{{{}}}",
        d.options
            .iter()
            .map(|(k, v)| format!("{}: {}", py_repr(k), v.py_repr()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let head = format!(
        "Directive processed. Type=\"{}\", arguments={arguments}, options={options}, content:",
        d.name
    );
    let info = if d.content.is_empty() {
        p.doc.info(
            Family::Other,
            &format!("{head} None"),
            vec![],
            Some(d.lineno),
        )
    } else {
        let lb = p.doc.literal_block(&d.content_text());
        p.doc.info(Family::Other, &head, vec![lb], Some(d.lineno))
    };
    Ok(vec![info])
}

// ----- roles ---------------------------------------------------------------------------

/// Canonical names of docutils' roles (`roles._role_registry`).
const CANONICAL_ROLES: &[&str] = &[
    "abbreviation",
    "acronym",
    "code",
    "emphasis",
    "literal",
    "math",
    "pep-reference",
    "rfc-reference",
    "strong",
    "subscript",
    "superscript",
    "title-reference",
    "raw",
    "index",
    "named-reference",
    "anonymous-reference",
    "uri-reference",
    "footnote-reference",
    "citation-reference",
    "substitution-reference",
    "target",
    "restructuredtext-unimplemented-role",
];

/// A role as `roles.role()` finds it.
enum RoleRef {
    Custom(CustomRole),
    Canonical(String),
}

/// `roles.role()`: look a role name up (custom roles, then the document's
/// language, then English). Returns the role and the info messages.
fn lookup_role(p: &mut Parser, role_name: &str, lineno: usize) -> (Option<RoleRef>, Vec<NodeId>) {
    let normname = role_name.to_lowercase();
    if let Some(custom) = p.doc.custom_roles.get(&normname) {
        return (Some(RoleRef::Custom(custom.clone())), Vec::new());
    }
    if p.doc
        .settings
        .extra_roles
        .iter()
        .any(|r| r.to_lowercase() == normname)
    {
        return (Some(RoleRef::Canonical(normname)), Vec::new());
    }
    let lang = languages::language(&p.doc.settings.language_code);
    let mut msg_text = Vec::new();
    let mut canonical = if role_name.is_empty() {
        Some("title-reference".to_string())
    } else {
        let found = languages::lookup(lang.roles, &normname).map(str::to_string);
        if found.is_none() {
            msg_text.push(format!(
                "No role entry for \"{role_name}\" in module \"{}\".",
                lang.module
            ));
        }
        found
    };
    if canonical.is_none() {
        match languages::lookup(languages::english().roles, &normname) {
            Some(c) => {
                msg_text.push(format!("Using English fallback for role \"{role_name}\"."));
                canonical = Some(c.to_string());
            }
            None => {
                msg_text.push(format!("Trying \"{role_name}\" as canonical role name."));
                canonical = Some(normname.clone());
            }
        }
    }
    let mut messages = Vec::new();
    if !msg_text.is_empty() {
        messages.push(p.doc.info(
            Family::LanguageFallback,
            &msg_text.join("\n"),
            vec![],
            Some(lineno),
        ));
    }
    let role = canonical
        .filter(|c| CANONICAL_ROLES.contains(&c.as_str()))
        .map(RoleRef::Canonical);
    (role, messages)
}

const ROLE_CLASS: &[(&str, Converter)] = &[("class", class_option)];
const RAW_ROLE_OPTIONS: &[(&str, Converter)] = &[("format", unchanged), ("class", class_option)];
const CODE_ROLE_OPTIONS: &[(&str, Converter)] = &[("language", unchanged), ("class", class_option)];

/// The options a role takes (its `options` with docutils' implicit `class`).
fn role_options(base: &str) -> &'static [(&'static str, Converter)] {
    match base {
        "raw" => RAW_ROLE_OPTIONS,
        "code" => CODE_ROLE_OPTIONS,
        _ => ROLE_CLASS,
    }
}

/// `Inliner.simplename` at the start of `s`: its length in bytes.
fn simplename(s: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric();
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    loop {
        // A run of word characters.
        let start = end;
        while let Some(&(i, c)) = chars.peek() {
            if is_word(c) {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if end == start {
            return None;
        }
        // A single separator followed by a word character continues the name.
        let mut look = chars.clone();
        match (look.next(), look.peek()) {
            (Some((_, sep)), Some(&(_, next))) if "-._+:".contains(sep) && is_word(next) => {
                chars.next();
                end += sep.len_utf8();
            }
            _ => return Some(end),
        }
    }
}

/// `Role.argument_pattern`: (new role name, base role name).
fn parse_role_arguments(args: &str) -> Option<(String, Option<String>)> {
    let n = simplename(args)?;
    let name = args[..n].to_string();
    let rest = args[n..].trim_start();
    if rest.is_empty() {
        return Some((name, None));
    }
    let inner = rest.strip_prefix('(')?.trim_start();
    let m = simplename(inner)?;
    let base = inner[..m].to_string();
    let after = inner[m..].trim_start().strip_prefix(')')?;
    after.trim().is_empty().then_some((name, Some(base)))
}

fn block_error(p: &mut Parser, d: &Directive, msg: &str) -> NodeId {
    block_error_about(p, d, Family::Directive, msg)
}

fn block_error_about(p: &mut Parser, d: &Directive, family: Family, msg: &str) -> NodeId {
    let lb = p.doc.literal_block(&d.block_text());
    p.doc.error(family, msg, vec![lb], Some(d.lineno))
}

/// `Role.run`: define a custom interpreted text role.
pub fn run_role(
    p: &mut Parser,
    _sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let Some(first) = d.content.first().filter(|_| d.content_offset <= d.lineno) else {
        return Err(DirectiveError::error(format!(
            "\"{}\" directive requires arguments on the first line.",
            d.name
        )));
    };
    let args = first.text.to_string();
    let Some((new_role_name, base_role_name)) = parse_role_arguments(&args) else {
        return Err(DirectiveError::error(format!(
            "\"{}\" directive arguments not valid role names: \"{args}\".",
            d.name
        )));
    };
    let mut messages = Vec::new();
    let base_canonical = match &base_role_name {
        Some(base_name) => {
            let (role, msgs) = lookup_role(p, base_name, d.lineno);
            messages = msgs;
            match role {
                Some(RoleRef::Custom(c)) => canonical_base(p, &c),
                Some(RoleRef::Canonical(c)) => c,
                None => {
                    let err = block_error_about(
                        p,
                        d,
                        Family::UnknownRole,
                        &format!("Unknown interpreted text role \"{base_name}\"."),
                    );
                    messages.push(err);
                    return Ok(messages);
                }
            }
        }
        None => String::new(),
    };
    let spec = Spec {
        required_arguments: 0,
        optional_arguments: 0,
        final_argument_whitespace: false,
        options: Some(role_options(&base_canonical)),
        has_content: false,
    };
    let rest: Vec<Line> = d.content.get(1..).map(|s| s.to_vec()).unwrap_or_default();
    let options = match parse_directive_block(p, rest, d.content_offset, &spec, Vec::new()) {
        Ok((_, options, _, _)) => options,
        Err(detail) => {
            let err = block_error(
                p,
                d,
                &format!("Error in \"{}\" directive:\n{detail}.", d.name),
            );
            messages.push(err);
            return Ok(messages);
        }
    };
    let classes = match options.iter().find(|(n, _)| n == "class") {
        Some((_, OptValue::List(c))) => c.clone(),
        _ => match class_option(Some(&new_role_name)) {
            Ok(OptValue::List(c)) => c,
            Err(detail) => {
                let err = block_error(
                    p,
                    d,
                    &format!("Invalid argument for \"{}\" directive:\n{detail}.", d.name),
                );
                messages.push(err);
                return Ok(messages);
            }
            Ok(_) => Vec::new(),
        },
    };
    let role_options = options
        .into_iter()
        .filter(|(name, _)| name != "class")
        .map(|(name, value)| (name, value.as_str().unwrap_or("").to_string()))
        .collect();
    p.doc.custom_roles.insert(
        new_role_name.to_lowercase(),
        CustomRole {
            base: base_role_name.unwrap_or_default(),
            classes,
            options: role_options,
        },
    );
    Ok(messages)
}

/// The canonical role at the end of a chain of custom roles (whose bases
/// are kept as written), found without messages.
fn canonical_base(p: &Parser, role: &CustomRole) -> String {
    let mut base = role.base.to_lowercase();
    // A chain of roles is at most as long as the roles defined.
    for _ in 0..=p.doc.custom_roles.len() {
        if base.is_empty() {
            return base;
        }
        match p.doc.custom_roles.get(&base) {
            Some(next) => base = next.base.to_lowercase(),
            None => break,
        }
    }
    let lang = languages::language(&p.doc.settings.language_code);
    languages::lookup(lang.roles, &base)
        .or_else(|| languages::lookup(languages::english().roles, &base))
        .map(str::to_string)
        .unwrap_or(base)
}

/// `DefaultRole.run`: set (or, without argument, reset) the default role.
pub fn run_default_role(
    p: &mut Parser,
    _sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let Some(role_name) = d.arguments.first().cloned() else {
        p.doc.default_role = None;
        return Ok(Vec::new());
    };
    let (role, mut messages) = lookup_role(p, &role_name, d.lineno);
    match role {
        Some(_) => p.doc.default_role = Some(role_name),
        None => {
            let err = block_error_about(
                p,
                d,
                Family::UnknownRole,
                &format!("Unknown interpreted text role \"{role_name}\"."),
            );
            messages.push(err);
        }
    }
    Ok(messages)
}

// ----- meta ------------------------------------------------------------------------------

/// `Meta.run`: `meta` elements at the start of the document.
pub fn run_meta(
    p: &mut Parser,
    _sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    let node = p.doc.tree.element(Tag::Element);
    let (new_line_offset, _) = p.nested_list_parse(
        d.content.clone(),
        d.content_offset,
        node,
        St::MetaBody,
        true,
        |_| {},
    );
    if new_line_offset as i64 - d.content_offset as i64 != d.content.len() as i64 {
        let err = block_error(p, d, "Invalid meta directive.");
        p.doc.append(node, err);
    }
    let root = p.doc.root;
    let index = p
        .doc
        .tree
        .children(root)
        .iter()
        .position(|&c| {
            !matches!(
                p.doc.tree.tag(c),
                Tag::Title | Tag::Subtitle | Tag::Rubric | Tag::Meta
            )
        })
        .unwrap_or(0);
    for (i, c) in p.doc.tree.take_children(node).into_iter().enumerate() {
        p.doc.tree.insert(root, index + i, c);
    }
    Ok(Vec::new())
}

/// `utils.extract_name_value`, first pair only: (name, value).
fn extract_name_value(token: &str) -> Result<(String, String), String> {
    let Some(eq) = token.find('=') else {
        return Err("missing \"=\"".into());
    };
    let attname = token[..eq].trim();
    if eq == 0 || attname.is_empty() {
        return Err("missing attribute name before \"=\"".into());
    }
    let line = token[eq + 1..].trim_start();
    let Some(q) = line.chars().next() else {
        return Err(format!("missing value after \"{attname}=\""));
    };
    let data = if q == '\'' || q == '"' {
        let Some(end) = line[1..].find(q).map(|i| i + 1) else {
            return Err(format!("attribute \"{attname}\" missing end quote ({q})"));
        };
        if line[end + 1..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace())
        {
            return Err(format!(
                "attribute \"{attname}\" end quote ({q}) not followed by whitespace"
            ));
        }
        line[1..end].to_string()
    } else {
        line.split(' ').next().unwrap_or("").to_string()
    };
    Ok((attname.to_lowercase(), data))
}

/// `MetaBody.field_marker`/`parsemeta`: a `meta` element (or a message)
/// from the field at the machine's line.
pub fn parse_meta(p: &mut Parser, sm: &mut Machine, m: &Match) -> NodeId {
    let line = sm.line().to_string();
    let marker = take_chars(&line, m.end).trim_end().to_string();
    let inner = marker.get(1..).unwrap_or("");
    let name = &inner[..inner.rfind(':').unwrap_or(inner.len())];
    let name = unescape(&escape2null(name));
    let (indented, _, _, _) = p.get_first_known_indented(sm, m.end, false, true, true);
    let node = p.doc.tree.element(Tag::Meta);
    let joined = indented
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    p.doc
        .tree
        .set_attr(node, "content", unescape(&escape2null(&joined)));
    if indented.is_empty() {
        let current = sm.line().to_string();
        let lb = p.doc.literal_block(&current);
        return p.doc.info(
            Family::Directive,
            &format!("No content for meta tag \"{name}\"."),
            vec![lb],
            None,
        );
    }
    let tokens: Vec<&str> = name.split_whitespace().collect();
    if let Some(first) = tokens.first() {
        match extract_name_value(first) {
            Ok((att, val)) => p.doc.tree.set_attr(node, &att, val),
            Err(_) => p.doc.tree.set_attr(node, "name", *first),
        }
    }
    for token in tokens.iter().skip(1) {
        match extract_name_value(token) {
            Ok((att, val)) => p.doc.tree.set_attr(node, &att, val),
            Err(detail) => {
                let current = sm.line().to_string();
                let lb = p.doc.literal_block(&current);
                return p.doc.error(
                    Family::Directive,
                    &format!("Error parsing meta tag attribute \"{token}\": {detail}."),
                    vec![lb],
                    None,
                );
            }
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arguments_follow_docutils_pattern() {
        assert_eq!(
            parse_role_arguments("custom ( emphasis )"),
            Some(("custom".into(), Some("emphasis".into())))
        );
        assert_eq!(parse_role_arguments("a.b-c"), Some(("a.b-c".into(), None)));
        assert_eq!(parse_role_arguments("(error)"), None);
        assert_eq!(parse_role_arguments("x(y) z"), None);
        assert_eq!(parse_role_arguments("_x"), None);
    }

    #[test]
    fn strftime_in_the_c_locale() {
        // 2026-11-28 12:34:56 UTC was a Saturday.
        let t = 1_795_869_296;
        assert_eq!(strftime("%Y-%m-%d", t), "2026-11-28");
        assert_eq!(strftime("%a, %d %b %Y", t), "Sat, 28 Nov 2026");
        assert_eq!(strftime("%H:%M:%S %j %%", t), "12:34:56 332 %");
        assert_eq!(strftime("täglich", t), "täglich");
    }

    #[test]
    fn include_clipping_and_helpers() {
        assert_eq!(py_slice(5, Some(-2), None), (3, 5));
        assert_eq!(py_slice(5, Some(4), Some(2)), (4, 4));
        assert_eq!(expandtabs("a\tb\n\tc", 4), "a   b\n    c");
        assert_eq!(normpath(Path::new("./a/../b/c.rst")), "b/c.rst");
        assert_eq!(before_comment("0xA9 .. copyright sign"), "0xA9");
        assert_eq!(before_comment(".. comment"), "");
        assert_eq!(
            extract_name_value("lang=en"),
            Ok(("lang".into(), "en".into()))
        );
        assert_eq!(extract_name_value("notattval"), Err("missing \"=\"".into()));
    }

    #[test]
    fn include_reads_only_inside_the_source_root() {
        let dir = std::env::temp_dir().join(format!("stepdoc-include-{}", std::process::id()));
        let root = dir.join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/part.rst"), "Included.\n").unwrap();
        std::fs::write(dir.join("secret.rst"), "Secret.\n").unwrap();
        let mut s = Settings {
            source_path: Some(root.join("index.rst")),
            ..Settings::default()
        };
        // No root: nothing is readable.
        assert!(read_include(&s, "sub/part.rst").is_err());
        s.source_root = Some(root.clone());
        assert_eq!(
            read_include(&s, "sub/part.rst").unwrap().bytes,
            b"Included.\n"
        );
        assert!(read_include(&s, "../secret.rst").is_err());
        let outside = dir.join("secret.rst");
        assert!(read_include(&s, outside.to_str().unwrap()).is_err());
        let inside = root.join("sub/part.rst");
        assert!(read_include(&s, inside.to_str().unwrap()).is_ok());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, root.join("link.rst")).unwrap();
            assert!(read_include(&s, "link.rst").is_err());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
