//! Directives: the generic machinery that splits a directive block into
//! arguments, options and content (docutils' `Body.run_directive` and
//! friends), option converters, the registry, and the directives.
//!
//! A directive is a [`Spec`] (what it accepts) and a [`RunFn`] (what it
//! makes). Sphinx's directives are known too: they become generic
//! `directive` nodes that keep their name, arguments, options and content.

pub mod admonitions;
pub mod body;
pub mod images;
pub mod misc;
pub mod parts;
pub mod references;
pub mod sphinx;
pub mod tables;

use super::block::{Line, Machine, Parser, St};
use super::languages;
use super::node::NodeId;
use crate::Family;
use crate::Tag;

/// A converted option value.
#[derive(Debug, Clone, PartialEq)]
pub enum OptValue {
    /// A flag, or an option given with no value where that is allowed.
    None,
    Str(String),
    Int(i64),
    List(Vec<String>),
    IntList(Vec<i64>),
}

impl OptValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            OptValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Python's `repr()` of the value docutils would hold.
    pub fn py_repr(&self) -> String {
        let list = |items: Vec<String>| format!("[{}]", items.join(", "));
        match self {
            OptValue::None => "None".to_string(),
            OptValue::Str(s) => py_repr(s),
            OptValue::Int(i) => i.to_string(),
            OptValue::List(l) => list(l.iter().map(|s| py_repr(s)).collect()),
            OptValue::IntList(l) => list(l.iter().map(i64::to_string).collect()),
        }
    }
}

/// An option converter (docutils' `directives.*` functions). The error is
/// the text of the `ValueError` docutils raises.
pub type Converter = fn(Option<&str>) -> Result<OptValue, String>;

/// What a directive accepts.
#[derive(Clone, Copy)]
pub struct Spec {
    pub required_arguments: usize,
    pub optional_arguments: usize,
    pub final_argument_whitespace: bool,
    /// `None` is docutils' `option_spec = None`.
    pub options: Option<&'static [(&'static str, Converter)]>,
    pub has_content: bool,
}

impl Spec {
    pub const NONE: Spec = Spec {
        required_arguments: 0,
        optional_arguments: 0,
        final_argument_whitespace: false,
        options: None,
        has_content: false,
    };
}

/// A parsed directive block, as docutils' `Directive` instance sees it.
#[derive(Debug, Clone)]
pub struct Directive {
    /// The name as written.
    pub name: String,
    /// The canonical (English) name.
    pub canonical: String,
    pub arguments: Vec<String>,
    /// Options in the order given (presets such as `alt` first).
    pub options: Vec<(String, OptValue)>,
    pub content: Vec<Line>,
    pub content_offset: usize,
    /// 1-based line of the directive marker.
    pub lineno: usize,
    /// The lines of the whole directive block, marker included (its text is
    /// built only when a message quotes it: `block_text`).
    pub block: Vec<Line>,
}

impl Directive {
    /// The directive block as written, for the literal block that error
    /// messages quote.
    pub fn block_text(&self) -> String {
        join_lines(&self.block)
    }

    /// The span from the directive's marker (at its column) to the end of
    /// the text of its last content line, or of the marker line when it has
    /// no content.
    pub fn span(&self, p: &Parser, sm: &Machine) -> crate::node::Span {
        let start = self.lineno.saturating_sub(1);
        let marker = self
            .lineno
            .checked_sub(1 + sm.input_offset)
            .and_then(|i| sm.lines.get(i))
            .filter(|l| l.abs as usize == start);
        let col = marker.map_or(0, |l| l.col as usize);
        let last = self
            .content
            .last()
            .filter(|l| (l.abs as usize) >= start)
            .or(marker);
        match last {
            Some(l) => p.doc.span_block(
                start,
                col,
                l.abs as usize,
                l.col as usize,
                super::patterns::char_len(l.text.as_str()),
            ),
            None => p.doc.span_lines(start, col, start),
        }
    }

    pub fn option(&self, name: &str) -> Option<&OptValue> {
        self.options.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    pub fn option_str(&self, name: &str) -> Option<&str> {
        self.option(name).and_then(OptValue::as_str)
    }

    pub fn has_option(&self, name: &str) -> bool {
        self.option(name).is_some()
    }

    pub fn take_option(&mut self, name: &str) -> Option<OptValue> {
        let i = self.options.iter().position(|(n, _)| n == name)?;
        Some(self.options.remove(i).1)
    }

    pub fn content_text(&self) -> String {
        self.content
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `assert_has_content`.
    pub fn assert_has_content(&self) -> Result<(), DirectiveError> {
        if self.content.is_empty() {
            return Err(DirectiveError::error(format!(
                "Content block expected for the \"{}\" directive; none found.",
                self.name
            )));
        }
        Ok(())
    }

    /// `Directive.add_name`: the `name` option becomes a target name of `node`.
    pub fn add_name(&mut self, p: &mut Parser, node: NodeId) {
        if let Some(OptValue::Str(name)) = self.take_option("name") {
            let name = super::document::fully_normalize_name(&name);
            p.doc.tree.remove_attr(node, "name");
            p.doc.tree.push_list_attr(node, "names", name);
            p.doc.note_explicit_target(node, Some(node));
        }
    }

    /// The `class` option as classes of `node` (docutils' `normalize_options`).
    pub fn add_classes(&self, p: &mut Parser, node: NodeId) {
        if let Some(OptValue::List(classes)) = self.option("class") {
            for c in classes {
                p.doc.tree.push_list_attr(node, "classes", c.clone());
            }
        }
    }
}

/// docutils' `DirectiveError`: a system message of `level` replaces the
/// directive's output.
#[derive(Debug, Clone)]
pub struct DirectiveError {
    pub level: u8,
    pub msg: String,
    /// What the message is about: [`Family::Directive`] unless said.
    pub family: Family,
}

impl DirectiveError {
    pub fn new(level: u8, msg: impl Into<String>) -> Self {
        DirectiveError {
            level,
            msg: msg.into(),
            family: Family::Directive,
        }
    }
    /// The same error, about `family`.
    pub fn about(mut self, family: Family) -> Self {
        self.family = family;
        self
    }
    pub fn error(msg: impl Into<String>) -> Self {
        Self::new(3, msg)
    }
    pub fn warning(msg: impl Into<String>) -> Self {
        Self::new(2, msg)
    }
}

pub type RunFn =
    fn(&mut Parser, &mut Machine, &mut Directive) -> Result<Vec<NodeId>, DirectiveError>;

/// The directive implementation for a canonical name.
fn registry(canonical: &str) -> Option<(Spec, RunFn)> {
    Some(match canonical {
        "attention" | "caution" | "danger" | "error" | "hint" | "important" | "note" | "tip"
        | "warning" => (admonitions::SPEC, admonitions::run as RunFn),
        "admonition" => (admonitions::GENERIC_SPEC, admonitions::run as RunFn),
        // --- images.rs and tables.rs (begin) ---
        "image" => (images::IMAGE_SPEC, images::run_image as RunFn),
        "figure" => (images::FIGURE_SPEC, images::run_figure as RunFn),
        "table" => (tables::TABLE_SPEC, tables::run_table as RunFn),
        "csv-table" => (tables::CSV_SPEC, tables::run_csv_table as RunFn),
        "list-table" => (tables::LIST_SPEC, tables::run_list_table as RunFn),
        // --- images.rs and tables.rs (end) ---
        // --- body.rs, misc.rs, parts.rs and references.rs (begin) ---
        "topic" => (body::TOPIC_SPEC, body::run_topic as RunFn),
        "sidebar" => (body::SIDEBAR_SPEC, body::run_sidebar as RunFn),
        "line-block" => (body::LINE_BLOCK_SPEC, body::run_line_block as RunFn),
        "parsed-literal" => (body::PARSED_LITERAL_SPEC, body::run_parsed_literal as RunFn),
        "code" => (body::CODE_SPEC, body::run_code as RunFn),
        "math" => (body::MATH_SPEC, body::run_math as RunFn),
        "rubric" => (body::RUBRIC_SPEC, body::run_rubric as RunFn),
        "epigraph" | "highlights" | "pull-quote" => {
            (body::BLOCK_QUOTE_SPEC, body::run_block_quote as RunFn)
        }
        "compound" => (body::COMPOUND_SPEC, body::run_compound as RunFn),
        "container" => (body::CONTAINER_SPEC, body::run_container as RunFn),
        "meta" => (misc::META_SPEC, misc::run_meta as RunFn),
        "include" => (misc::INCLUDE_SPEC, misc::run_include as RunFn),
        "raw" => (misc::RAW_SPEC, misc::run_raw as RunFn),
        "replace" => (misc::REPLACE_SPEC, misc::run_replace as RunFn),
        "unicode" => (misc::UNICODE_SPEC, misc::run_unicode as RunFn),
        "date" => (misc::DATE_SPEC, misc::run_date as RunFn),
        "class" => (misc::CLASS_SPEC, misc::run_class as RunFn),
        "role" => (misc::ROLE_SPEC, misc::run_role as RunFn),
        "default-role" => (misc::DEFAULT_ROLE_SPEC, misc::run_default_role as RunFn),
        "title" => (misc::TITLE_SPEC, misc::run_title as RunFn),
        "restructuredtext-test-directive" => (misc::TEST_SPEC, misc::run_test_directive as RunFn),
        "contents" => (parts::CONTENTS_SPEC, parts::run_contents as RunFn),
        "sectnum" => (parts::SECTNUM_SPEC, parts::run_sectnum as RunFn),
        "header" | "footer" => (parts::DECORATION_SPEC, parts::run_decoration as RunFn),
        "target-notes" => (
            references::TARGET_NOTES_SPEC,
            references::run_target_notes as RunFn,
        ),
        // --- body.rs, misc.rs, parts.rs and references.rs (end) ---
        _ => return None,
    })
}

/// Resolve a directive name the way docutils' `directives.directive()`
/// does: through the document's language, then English. Returns the
/// canonical name (if any) and the info messages docutils emits.
fn resolve(p: &mut Parser, type_name: &str) -> (Option<String>, Vec<NodeId>) {
    let normname = type_name.to_lowercase();
    if p.doc.settings.sphinx {
        if sphinx::OVERRIDDEN.contains(&normname.as_str()) {
            return (Some(normname), vec![]);
        }
        if normname == "rst-class" {
            return (Some("class".to_string()), vec![]);
        }
    }
    if sphinx::is_sphinx_directive(&normname, &p.doc.settings.extra_directives) {
        return (Some(normname), vec![]);
    }
    let lang = languages::language(&p.doc.settings.language_code);
    let mut msg_text = Vec::new();
    let mut canonical = languages::lookup(lang.directives, &normname).map(str::to_string);
    if canonical.is_none() {
        msg_text.push(format!(
            "No directive entry for \"{type_name}\" in module \"{}\".",
            lang.module
        ));
        match languages::lookup(languages::english().directives, &normname) {
            Some(c) => {
                msg_text.push(format!(
                    "Using English fallback for directive \"{type_name}\"."
                ));
                canonical = Some(c.to_string());
            }
            None => {
                msg_text.push(format!(
                    "Trying \"{type_name}\" as canonical directive name."
                ));
                canonical = Some(normname.clone());
            }
        }
    }
    let mut messages = Vec::new();
    if !msg_text.is_empty() {
        let line = p.doc.current_line;
        messages.push(
            p.doc
                .info(Family::LanguageFallback, &msg_text.join("\n"), vec![], line),
        );
    }
    (canonical, messages)
}

/// `Body.directive`: run the directive `type_name` whose marker ends at
/// char `end` of the current line. Returns (nodes, blank_finish).
pub fn run(
    p: &mut Parser,
    sm: &mut Machine,
    type_name: &str,
    end: usize,
    alt: Option<String>,
) -> (Vec<NodeId>, bool) {
    let (canonical, messages) = resolve(p, type_name);
    p.doc.extend(sm.node, messages);
    let canonical = canonical.unwrap_or_default();
    let overridden = p.doc.settings.sphinx
        && type_name.to_lowercase() != "rst-class"
        && sphinx::OVERRIDDEN.contains(&canonical.as_str());
    if overridden || sphinx::is_sphinx_directive(&canonical, &p.doc.settings.extra_directives) {
        return run_directive(
            p,
            sm,
            type_name,
            &canonical,
            end,
            alt,
            sphinx::spec(&canonical),
            sphinx::run,
        );
    }
    match registry(&canonical) {
        Some((spec, f)) => {
            // Sphinx patches some docutils directives with options of its own.
            let spec = if p.doc.settings.sphinx {
                sphinx::patched_spec(&canonical).unwrap_or(spec)
            } else {
                spec
            };
            run_directive(p, sm, type_name, &canonical, end, alt, spec, f)
        }
        None => unknown_directive(p, sm, type_name),
    }
}

/// `Body.run_directive`.
#[allow(clippy::too_many_arguments)]
fn run_directive(
    p: &mut Parser,
    sm: &mut Machine,
    type_name: &str,
    canonical: &str,
    end: usize,
    alt: Option<String>,
    spec: Spec,
    f: RunFn,
) -> (Vec<NodeId>, bool) {
    let lineno = sm.abs_line_number();
    let initial = sm.cur();
    let (indented, _, line_offset, blank_finish) =
        p.get_first_known_indented(sm, end, false, true, false);
    let last = sm.cur().min(sm.lines.len().saturating_sub(1));
    let block: Vec<Line> =
        sm.lines[initial..=last.max(initial).min(sm.lines.len().saturating_sub(1))].to_vec();
    let mut presets = Vec::new();
    if let Some(a) = alt {
        presets.push(("alt".to_string(), OptValue::Str(a)));
    }
    let parsed = parse_directive_block(p, indented, line_offset, &spec, presets);
    let (arguments, options, content, content_offset) = match parsed {
        Ok(x) => x,
        Err(detail) => {
            let lb = p.doc.literal_block(&join_lines(&block));
            let e = p.doc.error(
                Family::Directive,
                &format!("Error in \"{type_name}\" directive:\n{detail}."),
                vec![lb],
                Some(lineno),
            );
            return (vec![e], blank_finish);
        }
    };
    let mut d = Directive {
        name: type_name.to_string(),
        canonical: canonical.to_string(),
        arguments,
        options,
        content,
        content_offset,
        lineno,
        block,
    };
    let result = match f(p, sm, &mut d) {
        Ok(nodes) => nodes,
        Err(err) => {
            let msg = p
                .doc
                .system_message(err.level, err.family, &err.msg, vec![], Some(lineno));
            p.doc.tree.set_message_name(msg, type_name);
            let lb = p.doc.literal_block(&d.block_text());
            p.doc.append(msg, lb);
            vec![msg]
        }
    };
    (result, blank_finish || sm.is_next_line_blank())
}

fn join_lines(lines: &[Line]) -> String {
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(l.text.as_str());
    }
    out
}

/// `Body.parse_directive_block`: (arguments, options, content, content offset).
#[allow(clippy::type_complexity)]
pub(crate) fn parse_directive_block(
    p: &mut Parser,
    mut indented: Vec<Line>,
    mut line_offset: usize,
    spec: &Spec,
    presets: Vec<(String, OptValue)>,
) -> Result<(Vec<String>, Vec<(String, OptValue)>, Vec<Line>, usize), String> {
    let option_spec = spec.options.filter(|o| !o.is_empty());
    if indented.first().is_some_and(|l| l.text.trim().is_empty()) {
        indented.remove(0);
        line_offset += 1;
    }
    while indented.last().is_some_and(|l| l.text.trim().is_empty()) {
        indented.pop();
    }
    let has_args = spec.required_arguments > 0 || spec.optional_arguments > 0;
    let mut arg_block: Vec<Line>;
    let mut content: Vec<Line>;
    let mut content_offset;
    let mut i = 0;
    if !indented.is_empty() && (has_args || option_spec.is_some()) {
        i = indented
            .iter()
            .position(|l| l.text.trim().is_empty())
            .unwrap_or(indented.len());
        arg_block = indented[..i].to_vec();
        content = indented
            .get(i + 1..)
            .map(|s| s.to_vec())
            .unwrap_or_default();
        content_offset = line_offset + i + 1;
    } else {
        content = indented.clone();
        content_offset = line_offset;
        arg_block = Vec::new();
    }
    let mut options = presets;
    if let Some(ospec) = option_spec {
        let (opts, rest) = parse_directive_options(p, ospec, arg_block)?;
        for (k, v) in opts {
            if let Some(slot) = options.iter_mut().find(|(n, _)| *n == k) {
                slot.1 = v;
            } else {
                options.push((k, v));
            }
        }
        arg_block = rest;
    }
    if !arg_block.is_empty() && !has_args {
        let mut c = arg_block.clone();
        c.extend(indented.get(i..).map(|s| s.to_vec()).unwrap_or_default());
        content = c;
        content_offset = line_offset;
        arg_block = Vec::new();
    }
    while content.first().is_some_and(|l| l.text.trim().is_empty()) {
        content.remove(0);
        content_offset += 1;
    }
    let arguments = if has_args {
        parse_directive_arguments(spec, &arg_block)?
    } else {
        Vec::new()
    };
    if !content.is_empty() && !spec.has_content {
        return Err("no content permitted".into());
    }
    Ok((arguments, options, content, content_offset))
}

#[allow(clippy::type_complexity)]
fn parse_directive_options(
    p: &mut Parser,
    option_spec: &'static [(&'static str, Converter)],
    arg_block: Vec<Line>,
) -> Result<(Vec<(String, OptValue)>, Vec<Line>), String> {
    let pos = arg_block
        .iter()
        .position(|l| super::patterns::field_marker(&l.text).is_some());
    let (arg_block, opt_block) = match pos {
        Some(i) => (arg_block[..i].to_vec(), arg_block[i..].to_vec()),
        None => (arg_block, Vec::new()),
    };
    if opt_block.is_empty() {
        return Ok((Vec::new(), arg_block));
    }
    let options = parse_extension_options(p, option_spec, opt_block)?;
    Ok((options, arg_block))
}

fn parse_directive_arguments(spec: &Spec, arg_block: &[Line]) -> Result<Vec<String>, String> {
    let required = spec.required_arguments;
    let optional = spec.optional_arguments;
    let arg_text = arg_block
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let arguments: Vec<String> = arg_text.split_whitespace().map(String::from).collect();
    if arguments.len() < required {
        return Err(format!(
            "{required} argument(s) required, {} supplied",
            arguments.len()
        ));
    }
    if arguments.len() > required + optional {
        if spec.final_argument_whitespace {
            return Ok(py_split_max(&arg_text, required + optional - 1));
        }
        return Err(format!(
            "maximum {} argument(s) allowed, {} supplied",
            required + optional,
            arguments.len()
        ));
    }
    Ok(arguments)
}

/// Python's `str.split(None, maxsplit)`.
pub fn py_split_max(s: &str, maxsplit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        if out.len() == maxsplit {
            out.push(rest.to_string());
            break;
        }
        match rest.find(char::is_whitespace) {
            Some(i) => {
                out.push(rest[..i].to_string());
                rest = rest[i..].trim_start();
            }
            None => {
                out.push(rest.to_string());
                break;
            }
        }
    }
    out
}

/// `Body.parse_extension_options`: parse the option block as a field list
/// and convert each option.
fn parse_extension_options(
    p: &mut Parser,
    option_spec: &'static [(&'static str, Converter)],
    datalines: Vec<Line>,
) -> Result<Vec<(String, OptValue)>, String> {
    let node = p.doc.tree.element(Tag::FieldList);
    let n = datalines.len();
    let (newline_offset, blank_finish) =
        p.nested_list_parse(datalines, 0, node, St::ExtensionOptions, true, |_| {});
    if newline_offset != n {
        return Err("invalid option block".into());
    }
    // utils.extract_options
    let mut option_list: Vec<(String, Option<String>)> = Vec::new();
    let t = &p.doc.tree;
    for &field in t.children(node) {
        let ch = t.children(field);
        let (Some(&fname), Some(&body)) = (ch.first(), ch.get(1)) else {
            continue;
        };
        let name_text = t.astext(fname);
        if name_text.split_whitespace().count() != 1 {
            return Err(
                "invalid option data: extension option field name may not contain multiple words"
                    .into(),
            );
        }
        let name = name_text.to_lowercase();
        let bch = t.children(body);
        let data = if bch.is_empty() {
            None
        } else if bch.len() > 1
            || t.tag(bch[0]) != Tag::Paragraph
            || t.children(bch[0]).len() != 1
            || !t.is_text(t.children(bch[0])[0])
        {
            return Err(format!(
                "invalid option data: extension option field body may contain\na single paragraph only (option \"{name}\")"
            ));
        } else {
            Some(t.astext(bch[0]))
        };
        option_list.push((name, data));
    }
    // utils.assemble_option_dict
    let mut options: Vec<(String, OptValue)> = Vec::new();
    for (name, value) in option_list {
        let Some((_, conv)) = option_spec
            .iter()
            .find(|(n, _)| *n == name)
            .or_else(|| option_spec.iter().find(|(n, _)| *n == "*"))
        else {
            return Err(format!("unknown option: \"{name}\""));
        };
        if options.iter().any(|(n, _)| *n == name) {
            return Err(format!("invalid option data: duplicate option \"{name}\""));
        }
        match conv(value.as_deref()) {
            Ok(v) => options.push((name, v)),
            Err(detail) => {
                let shown = match &value {
                    Some(v) => py_repr(v),
                    None => "None".to_string(),
                };
                return Err(format!(
                    "invalid option value: (option: \"{name}\"; value: {shown})\n{detail}"
                ));
            }
        }
    }
    if blank_finish {
        Ok(options)
    } else {
        Err("option data incompletely parsed".into())
    }
}

/// `Body.unknown_directive`.
pub fn unknown_directive(p: &mut Parser, sm: &mut Machine, type_name: &str) -> (Vec<NodeId>, bool) {
    let lineno = sm.abs_line_number();
    let (indented, _, _, blank_finish) = p.get_first_known_indented(sm, 0, false, false, true);
    let text = indented
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let lb = p.doc.literal_block(&text);
    let err = p.doc.error(
        Family::UnknownDirective,
        &format!("Unknown directive type \"{type_name}\"."),
        vec![lb],
        Some(lineno),
    );
    p.doc.tree.set_message_name(err, type_name);
    (vec![err], blank_finish)
}

/// Python's `repr()` of a string.
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

// ----- option converters (docutils.parsers.rst.directives) -------------------

pub fn flag(arg: Option<&str>) -> Result<OptValue, String> {
    match arg {
        Some(a) if !a.trim().is_empty() => Err(format!("no argument is allowed; \"{a}\" supplied")),
        _ => Ok(OptValue::None),
    }
}

pub fn unchanged(arg: Option<&str>) -> Result<OptValue, String> {
    Ok(OptValue::Str(arg.unwrap_or("").to_string()))
}

pub fn unchanged_required(arg: Option<&str>) -> Result<OptValue, String> {
    match arg {
        None => Err("argument required but none supplied".into()),
        Some(a) => Ok(OptValue::Str(a.to_string())),
    }
}

pub fn path(arg: Option<&str>) -> Result<OptValue, String> {
    match arg {
        None => Err("argument required but none supplied".into()),
        Some(a) => Ok(OptValue::Str(
            super::node::python_splitlines(a)
                .iter()
                .map(|s| s.trim())
                .collect::<String>(),
        )),
    }
}

pub fn uri(arg: Option<&str>) -> Result<OptValue, String> {
    match arg {
        None => Err("argument required but none supplied".into()),
        Some(a) => Ok(OptValue::Str(uri_text(a))),
    }
}

/// docutils' `directives.uri` on a string: whitespace removed except where escaped.
pub fn uri_text(a: &str) -> String {
    let escaped = super::block::escape2null(a);
    let mut parts = Vec::new();
    for part in escaped.split("\0 ") {
        for q in part.split("\0\n") {
            parts.push(q.to_string());
        }
    }
    parts
        .iter()
        .map(|p| {
            super::node::unescape(p)
                .split_whitespace()
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Python's `int()` on a string, with its error message.
pub fn py_int(a: &str) -> Result<i64, String> {
    let t = a.trim();
    let t2 = t.replace('_', "");
    t2.parse::<i64>()
        .map_err(|_| format!("invalid literal for int() with base 10: {}", py_repr(a)))
}

pub fn nonnegative_int(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.ok_or(
        "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
    )?;
    let v = py_int(a)?;
    if v < 0 {
        return Err("negative value; must be positive or zero".into());
    }
    Ok(OptValue::Int(v))
}

pub fn positive_int(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.ok_or(
        "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
    )?;
    let v = py_int(a)?;
    if v < 1 {
        return Err("negative or zero value; must be positive".into());
    }
    Ok(OptValue::Int(v))
}

pub fn percentage(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.map(|a| a.trim_end_matches([' ', '%']));
    nonnegative_int(a)
}

pub fn positive_int_list(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.ok_or("argument required but none supplied")?;
    let entries: Vec<&str> = if a.contains(',') {
        a.split(',').collect()
    } else {
        a.split_whitespace().collect()
    };
    let mut out = Vec::new();
    for e in entries {
        match positive_int(Some(e))? {
            OptValue::Int(v) => out.push(v),
            _ => unreachable!("positive_int returns Int"),
        }
    }
    Ok(OptValue::IntList(out))
}

pub fn class_option(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.ok_or("argument required but none supplied")?;
    let mut out = Vec::new();
    for name in a.split_whitespace() {
        let c = super::document::make_id(name);
        if c.is_empty() {
            return Err(format!("cannot make \"{name}\" into a class name"));
        }
        out.push(c);
    }
    Ok(OptValue::List(out))
}

pub const CSS3_LENGTH_UNITS: [&str; 15] = [
    "em", "ex", "ch", "rem", "vw", "vh", "vmin", "vmax", "cm", "mm", "Q", "in", "pt", "pc", "px",
];

/// docutils' `nodes.parse_measure`: (number text, unit).
fn parse_measure(m: &str) -> Result<(String, String), String> {
    let err = || format!("\"{m}\" is no valid measure.");
    let bytes = m.as_bytes();
    let mut i = 0;
    if bytes.first() == Some(&b'-') {
        i = 1;
    }
    let num_start = 0;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    let number = &m[num_start..i];
    if number.is_empty() || number == "-" {
        return Err(err());
    }
    let rest = m[i..].trim_start_matches(' ');
    let unit_ok = rest == "%" || rest.chars().all(|c| c.is_ascii_alphabetic() || c == 'µ');
    if !unit_ok {
        return Err(err());
    }
    // int() or float()
    let value = if let Ok(v) = number.parse::<i64>() {
        v.to_string()
    } else if let Ok(f) = number.parse::<f64>() {
        if number.starts_with('.') || number.ends_with('.') || number.matches('.').count() == 1 {
            py_float(f)
        } else {
            return Err(err());
        }
    } else {
        return Err(err());
    };
    Ok((value, rest.to_string()))
}

/// Python's `repr(float)` for ordinary values.
pub fn py_float(f: f64) -> String {
    let s = format!("{f}");
    if s.contains('.') || s.contains('e') || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}

fn get_measure(arg: &str, units: &[&str]) -> Result<String, String> {
    let (value, unit) = parse_measure(arg)?;
    if value.starts_with('-') || !units.contains(&unit.as_str()) {
        let shown: Vec<&str> = units.iter().copied().filter(|u| !u.is_empty()).collect();
        return Err(format!(
            "not a positive number or measure of one of the following units:\n{}",
            shown.join(", ")
        ));
    }
    Ok(format!("{value}{unit}"))
}

pub fn length_or_unitless(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.ok_or("argument required but none supplied")?;
    let mut units: Vec<&str> = CSS3_LENGTH_UNITS.to_vec();
    units.push("");
    get_measure(a, &units).map(OptValue::Str)
}

pub fn length_or_percentage_or_unitless(arg: Option<&str>) -> Result<OptValue, String> {
    let a = arg.ok_or("argument required but none supplied")?;
    let mut units: Vec<&str> = CSS3_LENGTH_UNITS.to_vec();
    units.push("%");
    match get_measure(a, &units) {
        Ok(v) => Ok(OptValue::Str(v)),
        Err(e) => match get_measure(a, &[""]) {
            Ok(v) => Ok(OptValue::Str(v)),
            Err(_) => Err(e),
        },
    }
}

/// `directives.choice(argument, values)`.
pub fn choice(arg: Option<&str>, values: &[&str]) -> Result<OptValue, String> {
    let fmt = || {
        let (last, init) = values
            .split_last()
            .map(|(l, i)| (*l, i))
            .unwrap_or(("", &[]));
        format!(
            "{}, or \"{last}\"",
            init.iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let Some(a) = arg else {
        return Err(format!("must supply an argument; choose from {}", fmt()));
    };
    let v = a.to_lowercase().trim().to_string();
    if values.contains(&v.as_str()) {
        Ok(OptValue::Str(v))
    } else {
        Err(format!("\"{a}\" unknown; choose from {}", fmt()))
    }
}

/// `directives.unicode_code`.
pub fn unicode_code(code: &str) -> Result<String, String> {
    if !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) {
        let v: u32 = code
            .parse()
            .map_err(|_| format!("code too large ({code})"))?;
        return char::from_u32(v)
            .map(String::from)
            .ok_or_else(|| format!("code too large ({code})"));
    }
    let lower = code.to_ascii_lowercase();
    let hex = ["0x", "x", "\\x", "u+", "u", "\\u"]
        .iter()
        .find_map(|p| {
            lower
                .strip_prefix(p)
                .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        })
        .or_else(|| {
            lower
                .strip_prefix("&#x")
                .and_then(|h| h.strip_suffix(';'))
                .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        });
    match hex {
        Some(h) => {
            let v = u32::from_str_radix(h, 16).map_err(|_| format!("code too large ({code})"))?;
            char::from_u32(v)
                .map(String::from)
                .ok_or_else(|| format!("code too large ({code})"))
        }
        None => Ok(code.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_like_helpers() {
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("a\nb"), "'a\\nb'");
        assert_eq!(py_split_max("a b  c d", 1), vec!["a", "b  c d"]);
        assert_eq!(
            py_int("x").unwrap_err(),
            "invalid literal for int() with base 10: 'x'"
        );
        assert_eq!(
            length_or_unitless(Some("2 em")),
            Ok(OptValue::Str("2em".into()))
        );
        assert!(length_or_unitless(Some("-2")).is_err());
        assert_eq!(unicode_code("U+2014"), Ok("\u{2014}".into()));
    }
}
