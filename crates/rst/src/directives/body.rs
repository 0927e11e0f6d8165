//! Directives for additional body elements (docutils'
//! `parsers/rst/directives/body.py`): `topic`, `sidebar`, `line-block`,
//! `parsed-literal`, `code`, `math`, `rubric`, `epigraph`, `highlights`,
//! `pull-quote`, `compound` and `container`.
//!
//! No syntax highlighter is available: `code` always emits its content as
//! plain text with the `code` and language classes, as docutils does when
//! highlighting is off (`syntax_highlight` `none`).

use super::{
    Converter, Directive, DirectiveError, OptValue, Spec, class_option, py_int, unchanged,
    unchanged_required,
};
use crate::Tag;
use crate::block::{Line, Machine, Parser};
use crate::document::TextMap;
use crate::node::{NodeId, TEXT, Value};

const CLASS_NAME: &[(&str, Converter)] = &[("class", class_option), ("name", unchanged)];

const SIDEBAR_OPTIONS: &[(&str, Converter)] = &[
    ("class", class_option),
    ("name", unchanged),
    ("subtitle", unchanged_required),
];

const CODE_OPTIONS: &[(&str, Converter)] = &[
    ("class", class_option),
    ("name", unchanged),
    ("number-lines", number_lines),
];

const CONTAINER_OPTIONS: &[(&str, Converter)] = &[("name", unchanged)];

pub const TOPIC_SPEC: Spec = Spec {
    required_arguments: 1,
    optional_arguments: 0,
    final_argument_whitespace: true,
    options: Some(CLASS_NAME),
    has_content: true,
};

pub const SIDEBAR_SPEC: Spec = Spec {
    required_arguments: 0,
    optional_arguments: 1,
    options: Some(SIDEBAR_OPTIONS),
    ..TOPIC_SPEC
};

pub const LINE_BLOCK_SPEC: Spec = Spec {
    required_arguments: 0,
    optional_arguments: 0,
    final_argument_whitespace: false,
    options: Some(CLASS_NAME),
    has_content: true,
};

pub const PARSED_LITERAL_SPEC: Spec = LINE_BLOCK_SPEC;

pub const CODE_SPEC: Spec = Spec {
    optional_arguments: 1,
    options: Some(CODE_OPTIONS),
    ..LINE_BLOCK_SPEC
};

pub const MATH_SPEC: Spec = LINE_BLOCK_SPEC;

pub const RUBRIC_SPEC: Spec = Spec {
    required_arguments: 1,
    optional_arguments: 0,
    final_argument_whitespace: true,
    options: Some(CLASS_NAME),
    has_content: false,
};

pub const BLOCK_QUOTE_SPEC: Spec = Spec {
    options: None,
    ..LINE_BLOCK_SPEC
};

pub const COMPOUND_SPEC: Spec = LINE_BLOCK_SPEC;

pub const CONTAINER_SPEC: Spec = Spec {
    required_arguments: 0,
    optional_arguments: 1,
    final_argument_whitespace: true,
    options: Some(CONTAINER_OPTIONS),
    has_content: true,
};

/// `directives.value_or((None,), int)`: no value, or an integer.
pub fn number_lines(arg: Option<&str>) -> Result<OptValue, String> {
    match arg {
        None => Ok(OptValue::None),
        Some(a) => py_int(a).map(OptValue::Int),
    }
}

/// A text node holding `text` as is (docutils' `nodes.Text(text)`).
pub(crate) fn raw_text(p: &mut Parser, text: &str) -> NodeId {
    let t = p.doc.tree.element(TEXT);
    p.doc.tree.set_text(t, text);
    t
}

/// Where the directive's first argument `text` starts in the source, for
/// the inline parser's spans.
pub(crate) fn argument_map(sm: &Machine, d: &Directive, text: &str) -> TextMap {
    match d
        .lineno
        .checked_sub(1 + sm.input_offset)
        .and_then(|i| sm.lines.get(i))
    {
        Some(l) => {
            let first = text.split_whitespace().next().unwrap_or("");
            let col = l
                .text
                .find("::")
                .and_then(|i| l.text[i..].find(first).map(|j| i + j))
                .map(|b| l.text[..b].chars().count())
                .unwrap_or(0);
            TextMap::single(l.abs as usize, l.col as usize + col)
        }
        None => TextMap::single(d.lineno.saturating_sub(1), 0),
    }
}

/// Inline-parse the directive's argument text: (nodes, messages).
pub(crate) fn inline_argument(
    p: &mut Parser,
    sm: &Machine,
    d: &Directive,
    text: &str,
) -> (Vec<NodeId>, Vec<NodeId>) {
    let map = argument_map(sm, d, text);
    p.inline_text_map(text, d.lineno, sm.node, &map)
}

/// Give `node` docutils' line of the directive (`get_source_and_line(lineno)`)
/// and the span of the directive block.
pub(crate) fn locate(p: &mut Parser, sm: &Machine, d: &Directive, node: NodeId) {
    p.doc
        .tree
        .get_mut(node)
        .set_line(sm.source_line(Some(d.lineno)).map(|l| l as u32));
    p.doc.tree.get_mut(node).span = super::images::directive_span(p, sm, d);
}

/// The node categories in which topics, sidebars and tables of contents
/// may not appear (docutils' `BasePseudoSection.invalid_parents`:
/// sub-structural, bibliographic, decorative, body and part elements, and
/// topics). Unknown tags (generic containers) are allowed.
pub(crate) fn invalid_pseudo_section_parent(tag: Tag) -> bool {
    matches!(
        tag,
        // SubStructural
        Tag::Title | Tag::Subtitle | Tag::Meta | Tag::Docinfo | Tag::Decoration | Tag::Transition
        // Bibliographic
        | Tag::Author | Tag::Authors | Tag::Organization | Tag::Address | Tag::Contact | Tag::Version
        | Tag::Revision | Tag::Status | Tag::Date | Tag::Copyright | Tag::Field
        // Decorative
        | Tag::Header | Tag::Footer
        // Body
        | Tag::Comment | Tag::SubstitutionDefinition | Tag::Target | Tag::SystemMessage | Tag::Pending
        | Tag::Raw | Tag::Paragraph | Tag::Rubric | Tag::Compound | Tag::Container | Tag::BlockQuote
        | Tag::Reference | Tag::BulletList | Tag::EnumeratedList | Tag::DefinitionList
        | Tag::FieldList | Tag::OptionList | Tag::LiteralBlock | Tag::DoctestBlock | Tag::MathBlock
        | Tag::LineBlock | Tag::Attention | Tag::Caution | Tag::Danger | Tag::Error | Tag::Important
        | Tag::Note | Tag::Tip | Tag::Hint | Tag::Warning | Tag::Admonition | Tag::Footnote | Tag::Citation
        | Tag::Image | Tag::Figure | Tag::Table
        // Part
        | Tag::Attribution | Tag::ListItem | Tag::Term | Tag::Classifier | Tag::Definition
        | Tag::DefinitionListItem | Tag::FieldName | Tag::FieldBody | Tag::OptionString
        | Tag::OptionArgument | Tag::Option | Tag::OptionGroup | Tag::Description
        | Tag::OptionListItem | Tag::Line | Tag::Label | Tag::Caption | Tag::Legend | Tag::Entry | Tag::Row
        | Tag::Colspec | Tag::Thead | Tag::Tbody | Tag::Tgroup
        // and topics themselves
        | Tag::Topic
    )
}

/// Whether the machine's node rejects a topic-like element (`Root`,
/// `section` and `sidebar` always accept one).
pub(crate) fn rejects_pseudo_section(p: &Parser, sm: &Machine) -> bool {
    let tag = p.doc.tree.tag(sm.node);
    !matches!(tag, Tag::Document | Tag::Section | Tag::Sidebar)
        && invalid_pseudo_section_parent(tag)
}

/// `BasePseudoSection.run` for `topic` and `sidebar`.
fn pseudo_section(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
    tag: Tag,
) -> Result<Vec<NodeId>, DirectiveError> {
    if rejects_pseudo_section(p, sm) {
        return Err(DirectiveError::error(format!(
            "The \"{}\" directive may not be used within topics or body elements.",
            d.name
        )));
    }
    d.assert_has_content()?;
    let mut children = Vec::new();
    let mut messages = Vec::new();
    if let Some(title_text) = d.arguments.first().cloned() {
        let (textnodes, msgs) = inline_argument(p, sm, d, &title_text);
        let title = p.doc.tree.element(Tag::Title);
        p.doc.extend(title, textnodes);
        children.push(title);
        messages.extend(msgs);
        if let Some(subtitle_text) = d.option_str("subtitle").map(str::to_string) {
            let map = TextMap::single(d.lineno.saturating_sub(1), 0);
            let (textnodes, msgs) = p.inline_text_map(&subtitle_text, d.lineno, sm.node, &map);
            let subtitle = p.doc.tree.element(Tag::Subtitle);
            p.doc.extend(subtitle, textnodes);
            children.push(subtitle);
            messages.extend(msgs);
        }
    }
    let node = p.doc.tree.element(tag);
    p.doc.extend(node, children);
    p.doc.extend(node, messages);
    d.add_classes(p, node);
    locate(p, sm, d, node);
    d.add_name(p, node);
    if !d.content.is_empty() {
        p.nested_parse(sm, d.content.clone(), d.content_offset, node, false);
    }
    Ok(vec![node])
}

pub fn run_topic(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    pseudo_section(p, sm, d, Tag::Topic)
}

pub fn run_sidebar(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    if p.doc.tree.tag(sm.node) == Tag::Sidebar {
        return Err(DirectiveError::error(format!(
            "The \"{}\" directive may not be used within a sidebar element.",
            d.name
        )));
    }
    if d.has_option("subtitle") && d.arguments.is_empty() {
        return Err(DirectiveError::error(
            "The \"subtitle\" option may not be used without a title.",
        ));
    }
    pseudo_section(p, sm, d, Tag::Sidebar)
}

/// `LineBlock.run`: the legacy `line-block` directive.
pub fn run_line_block(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    let block = p.doc.tree.element(Tag::LineBlock);
    d.add_classes(p, block);
    locate(p, sm, d, block);
    d.add_name(p, block);
    let block_line = p.doc.tree.get(block).line();
    let mut node_list = vec![block];
    let content: Vec<Line> = d.content.clone();
    for (i, line) in content.iter().enumerate() {
        // docutils advances `content_offset` line by line.
        let content_offset = d.content_offset + i;
        let text = line.text.as_str();
        let stripped = text.trim();
        let lead = text.chars().count() - text.trim_start().chars().count();
        let map = TextMap::single(line.abs as usize, line.col as usize + lead);
        let (textnodes, messages) =
            p.inline_text_map(stripped, d.lineno + content_offset, sm.node, &map);
        let node = p.doc.tree.element(Tag::Line);
        p.doc
            .tree
            .get_mut(node)
            .set_line(block_line.map(|l| l + i as u32));
        p.doc.tree.get_mut(node).span = p.doc.span_lines(
            line.abs as usize,
            line.col as usize + lead,
            line.abs as usize,
        );
        p.doc.extend(node, textnodes);
        if !stripped.is_empty() {
            // Python's len() counts characters; the indent is the leading
            // whitespace removed by `lstrip()`.
            p.doc
                .tree
                .set_attr(node, "__indent", Value::Int(lead as i64));
        }
        p.doc.append(block, node);
        node_list.extend(messages);
    }
    p.nest_line_block_lines(block);
    Ok(node_list)
}

/// `ParsedLiteral.run`.
pub fn run_parsed_literal(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    let text = d.content_text();
    let (textnodes, messages) = p.inline_lines(&text, d.lineno, sm.node, &d.content);
    let node = p.doc.tree.element(Tag::LiteralBlock);
    p.doc.tree.set_attr(node, "xml:space", "preserve");
    p.doc.extend(node, textnodes);
    d.add_classes(p, node);
    p.doc
        .tree
        .get_mut(node)
        .set_line(Some(d.content_offset as u32 + 1));
    p.doc.tree.get_mut(node).span = super::images::directive_span(p, sm, d);
    d.add_name(p, node);
    let mut out = vec![node];
    out.extend(messages);
    Ok(out)
}

/// `CodeBlock.run`. The content is plain text: there is no lexer.
pub fn run_code(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    let language = d.arguments.first().cloned().unwrap_or_default();
    let mut classes = vec!["code".to_string()];
    if !language.is_empty() {
        classes.push(language);
    }
    if let Some(OptValue::List(extra)) = d.option("class") {
        classes.extend(extra.iter().cloned());
    }
    let code = d.content_text();
    // One token: the whole code, without classes (`Lexer` with no lexer).
    let mut tokens: Vec<(Vec<String>, String)> = vec![(Vec::new(), code.clone())];
    if let Some(start) = d.option("number-lines") {
        let startline = match start {
            OptValue::Int(i) => *i,
            _ => 1,
        };
        let endline = startline + d.content.len() as i64;
        tokens = number_lines_tokens(tokens, startline, endline);
    }
    let node = p.doc.tree.element(Tag::LiteralBlock);
    p.doc.tree.set_attr(node, "classes", Value::List(classes));
    p.doc.tree.set_attr(node, "xml:space", "preserve");
    locate(p, sm, d, node);
    p.doc.tree.get_mut(node).set_line(None);
    d.add_name(p, node);
    if let Some(OptValue::Str(source)) = d.option("source") {
        let source = source.clone();
        p.doc.tree.set_attr(node, "source", source);
    }
    for (classes, value) in tokens {
        if classes.is_empty() {
            let t = raw_text(p, &value);
            p.doc.append(node, t);
        } else {
            let inline = p.doc.tree.element(Tag::Inline);
            p.doc.tree.set_attr(inline, "classes", Value::List(classes));
            let t = raw_text(p, &value);
            p.doc.tree.append(inline, t);
            p.doc.append(node, inline);
        }
    }
    Ok(vec![node])
}

/// docutils' `NumberLines`: a `ln` token before every code line.
pub(crate) fn number_lines_tokens(
    tokens: Vec<(Vec<String>, String)>,
    startline: i64,
    endline: i64,
) -> Vec<(Vec<String>, String)> {
    let width = endline.to_string().len();
    let ln = |n: i64| (vec!["ln".to_string()], format!("{n:>width$} "));
    let mut lineno = startline;
    let mut out = vec![ln(lineno)];
    for (ttype, value) in tokens {
        let lines: Vec<&str> = value.split('\n').collect();
        if let Some((last, init)) = lines.split_last() {
            for line in init {
                out.push((ttype.clone(), format!("{line}\n")));
                lineno += 1;
                out.push(ln(lineno));
            }
            out.push((ttype, (*last).to_string()));
        }
    }
    out
}

/// `MathBlock.run`: one `math_block` per blank-line separated block.
pub fn run_math(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    // docutils copies the options once; `add_name` then pops the name from
    // the directive's own options, so later blocks keep it as an attribute.
    let name = d.option_str("name").map(str::to_string);
    let content = d.content_text();
    let mut out = Vec::new();
    for block in content.split("\n\n") {
        if block.is_empty() {
            continue;
        }
        let node = p.doc.tree.element(Tag::MathBlock);
        p.doc.tree.set_attr(node, "xml:space", "preserve");
        let t = raw_text(p, block);
        p.doc.tree.append(node, t);
        d.add_classes(p, node);
        if !out.is_empty()
            && let Some(n) = &name
        {
            p.doc.tree.set_attr(node, "name", n.as_str());
        }
        locate(p, sm, d, node);
        d.add_name(p, node);
        out.push(node);
    }
    Ok(out)
}

/// `Rubric.run`.
pub fn run_rubric(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    let text = d.arguments.first().cloned().unwrap_or_default();
    let (textnodes, messages) = inline_argument(p, sm, d, &text);
    let rubric = p.doc.tree.element(Tag::Rubric);
    p.doc.extend(rubric, textnodes);
    d.add_classes(p, rubric);
    locate(p, sm, d, rubric);
    d.add_name(p, rubric);
    let mut out = vec![rubric];
    out.extend(messages);
    Ok(out)
}

/// `BlockQuote.run` for `epigraph`, `highlights` and `pull-quote`.
pub fn run_block_quote(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    let class = match d.canonical.as_str() {
        "epigraph" => "epigraph",
        "highlights" => "highlights",
        _ => "pull-quote",
    };
    let elements = p.block_quote(sm, d.content.clone(), d.content_offset);
    for &e in &elements {
        if p.doc.tree.tag(e) == Tag::BlockQuote {
            p.doc.tree.push_list_attr(e, "classes", class);
        }
    }
    Ok(elements)
}

/// `Compound.run`.
pub fn run_compound(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    let node = p.doc.tree.element(Tag::Compound);
    d.add_classes(p, node);
    locate(p, sm, d, node);
    d.add_name(p, node);
    p.nested_parse(sm, d.content.clone(), d.content_offset, node, false);
    Ok(vec![node])
}

/// `Container.run`: the argument gives the classes.
pub fn run_container(
    p: &mut Parser,
    sm: &mut Machine,
    d: &mut Directive,
) -> Result<Vec<NodeId>, DirectiveError> {
    d.assert_has_content()?;
    let classes = match d.arguments.first() {
        Some(arg) => match class_option(Some(arg)) {
            Ok(OptValue::List(c)) => c,
            _ => {
                return Err(DirectiveError::error(format!(
                    "Invalid class attribute value for \"{}\" directive: \"{arg}\".",
                    d.name
                )));
            }
        },
        None => Vec::new(),
    };
    let node = p.doc.tree.element(Tag::Container);
    for c in classes {
        p.doc.tree.push_list_attr(node, "classes", c);
    }
    locate(p, sm, d, node);
    d.add_name(p, node);
    p.nested_parse(sm, d.content.clone(), d.content_offset, node, false);
    Ok(vec![node])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_right_aligned_to_the_widest() {
        let tokens = number_lines_tokens(vec![(vec![], "a\nb".into())], 9, 11);
        let texts: Vec<&str> = tokens.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(texts, [" 9 ", "a\n", "10 ", "b"]);
        assert_eq!(tokens[0].0, ["ln"]);
        assert!(tokens[1].0.is_empty());
    }

    #[test]
    fn pseudo_sections_are_refused_in_body_elements() {
        assert!(invalid_pseudo_section_parent(
            Tag::from_name("list_item").expect("a docutils tag")
        ));
        assert!(invalid_pseudo_section_parent(
            Tag::from_name("topic").expect("a docutils tag")
        ));
        assert!(!invalid_pseudo_section_parent(
            Tag::from_name("section").expect("a docutils tag")
        ));
        assert!(!invalid_pseudo_section_parent(
            Tag::from_name("directive").expect("a docutils tag")
        ));
    }
}
