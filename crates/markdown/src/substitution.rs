//! MyST's substitutions (`substitution`): `{{ key }}` in text stands for
//! the Markdown conf.py's `myst_substitutions` or the page's front matter
//! (`myst: substitutions:`) gives `key`. Alone in a paragraph, the value
//! is read as blocks (a directive, a list ...); in text, as inline markup.
//!
//! myst-parser renders the braces with Jinja2; stepdoc reads names (and
//! `env.docname`, and what the caller gives as `env.config.version` ...),
//! string literals, `+` and the string filters (`upper`, `lower`, `title`,
//! `capitalize`, `trim`), and reports any other expression, unevaluated,
//! as Sphinx shows a failed one: a warning at its line, the text kept.

use stepdoc_rst::{Family, NodeId, Span, Tag};

use crate::Conv;

/// How deep substitutions may stand in one another's values.
const MAX_DEPTH: usize = 16;

/// The substitutions of a page's front matter: the `substitutions`
/// mapping under `myst`, or at the top level, in the YAML block the page
/// opens with (`---` lines around it).
pub(crate) fn front_matter(text: &str) -> Vec<(String, String)> {
    let Some(body) = front_matter_lines(text) else {
        return Vec::new();
    };
    // The mapping's indentation once its key is found, and whether `myst`
    // is the open top-level key.
    let mut in_myst = false;
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let line = body[i];
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        i += 1;
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent == 0 {
            in_myst = trimmed == "myst:";
        }
        let is_key = (indent == 0 || in_myst) && trimmed == "substitutions:";
        if !is_key {
            continue;
        }
        // The entries: the lines indented deeper than the key.
        let start = i;
        i = deeper_end(&body, start, indent);
        out.extend(entries(&body[start..i]));
    }
    out
}

/// The lines of the YAML block a page opens with (`---` lines around it).
fn front_matter_lines(text: &str) -> Option<Vec<&str>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return None;
    }
    Some(
        lines
            .take_while(|l| !matches!(l.trim_end(), "---" | "..."))
            .collect(),
    )
}

/// The value of the top-level key `key` of a page's front matter (as
/// text; a mapping's is empty).
pub fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let body = front_matter_lines(text)?;
    entries(&body)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Where the lines from `start` on that are blank or indented deeper than
/// `indent` end.
fn deeper_end(lines: &[&str], start: usize, indent: usize) -> usize {
    start
        + lines[start..]
            .iter()
            .position(|l| !l.trim().is_empty() && l.len() - l.trim_start().len() <= indent)
            .unwrap_or(lines.len() - start)
}

/// `key: value` entries of one YAML mapping, values plain, quoted or
/// block scalars (`|`, `>`, with `-` or `+`).
fn entries(lines: &[&str]) -> Vec<(String, String)> {
    let Some(first) = lines.iter().find(|l| !l.trim().is_empty()) else {
        return Vec::new();
    };
    let indent = first.len() - first.trim_start().len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let own = line.len() - line.trim_start().len();
        if line.trim().is_empty() || own != indent {
            continue;
        }
        let Some((key, value)) = line.trim().split_once(':') else {
            continue;
        };
        let key = unquote(key.trim()).to_string();
        let value = value.trim();
        if let Some(style) = value.strip_prefix(['|', '>']) {
            let fold = value.starts_with('>');
            let start = i;
            i = deeper_end(lines, start, indent);
            let block = &lines[start..i];
            let deeper = block
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.len() - l.trim_start().len())
                .min()
                .unwrap_or(0);
            let body: Vec<&str> = block
                .iter()
                .map(|l| l.get(deeper..).unwrap_or(""))
                .collect();
            let mut text = if fold {
                body.join(" ")
            } else {
                body.join("\n")
            };
            let keep = style.starts_with('+');
            if !keep {
                text = text.trim_end_matches('\n').to_string();
            }
            if !style.starts_with('-') && !keep {
                text.push('\n');
            }
            out.push((key, text));
        } else {
            out.push((key, unquote(value).to_string()));
        }
    }
    out
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q))
            && v.len() >= 2
        {
            return inner;
        }
    }
    v
}

/// The `{{ ... }}` of `text`: byte ranges of the braces and the
/// expression between them, trimmed.
fn references(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("{{").map(|o| at + o) {
        let Some(close) = text[open + 2..].find("}}").map(|c| open + 2 + c) else {
            break;
        };
        out.push((open, close + 2, text[open + 2..close].trim()));
        at = close + 2;
    }
    out
}

/// Whether `expr` is a name, dotted or not (`key`, `env.docname`).
fn is_name(expr: &str) -> bool {
    !expr.is_empty()
        && expr.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && chars.all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// `expr` cut at `sep` outside quotes.
fn split_outside_quotes(expr: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in expr.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == sep => {
                out.push(&expr[start..i]);
                start = i + c.len_utf8();
            }
            None => {}
        }
    }
    out.push(&expr[start..]);
    out
}

/// A string literal's text, `'...'` or `"..."`.
fn string_literal(term: &str) -> Option<&str> {
    ['"', '\''].into_iter().find_map(|q| {
        let inner = term.strip_prefix(q)?.strip_suffix(q)?;
        (!inner.contains(q)).then_some(inner)
    })
}

/// Jinja2's string filters, the ones without arguments.
fn filter(name: &str, v: String) -> Option<String> {
    Some(match name {
        "upper" => v.to_uppercase(),
        "lower" => v.to_lowercase(),
        "trim" => v.trim().to_string(),
        "capitalize" => {
            let mut chars = v.chars();
            match chars.next() {
                Some(c) => c
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => v,
            }
        }
        "title" => v
            .split(' ')
            .map(|w| filter("capitalize", w.to_string()).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" "),
        _ => return None,
    })
}

/// Tags whose text is code or markup of another kind, not MyST text.
fn verbatim(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Literal
            | Tag::LiteralBlock
            | Tag::DoctestBlock
            | Tag::Raw
            | Tag::Comment
            | Tag::Math
            | Tag::MathBlock
            | Tag::SystemMessage
    )
}

/// What a reference stands for.
enum Value {
    Markdown(String),
    /// A name no substitution has.
    Undefined(String),
    /// A key whose value is being read: it would stand in itself.
    Circular(String),
    NotEvaluated,
}

impl Conv<'_> {
    /// Replace the substitution references of the tree under `root`.
    pub(crate) fn substitute(&mut self, root: NodeId) {
        // Without substitutions defined, braces are text the page means
        // as it is (a template's syntax, mdBook's `{{#include}}`).
        if !self.ext.substitution || self.subs.is_empty() {
            return;
        }
        let texts: Vec<NodeId> = self
            .tree
            .descendants(root)
            .into_iter()
            .filter(|&n| self.tree.is_text(n) && self.tree.text_of(n).contains("{{"))
            .filter(|&n| {
                let mut p = self.tree.parent(n);
                while let Some(e) = p {
                    let t = self.tree.tag(e);
                    if verbatim(t) || t == Tag::Inline && self.tree.attr(e, "role").is_some() {
                        return false;
                    }
                    p = self.tree.parent(e);
                }
                true
            })
            .collect();
        for t in texts {
            self.substitute_text(t);
        }
    }

    /// The Markdown `expr` stands for: names (a substitution, or
    /// `env.docname`, or what the caller defines as `env.config.version`
    /// and the like), string literals, `+` and string filters.
    fn value(&self, expr: &str) -> Value {
        let mut out = String::new();
        for term in split_outside_quotes(expr, '+') {
            let mut parts = split_outside_quotes(term, '|').into_iter();
            let first = parts.next().unwrap_or("").trim();
            let mut v = if let Some(s) = string_literal(first) {
                s.to_string()
            } else if is_name(first) {
                if self.expanding.iter().any(|k| k == first) {
                    return Value::Circular(first.to_string());
                }
                match self.subs.iter().find(|(k, _)| k == first) {
                    Some((_, v)) => v.clone(),
                    None if first == "env.docname" => self
                        .source_name
                        .rsplit_once('.')
                        .map_or(self.source_name, |(stem, _)| stem)
                        .to_string(),
                    None => return Value::Undefined(first.to_string()),
                }
            } else {
                return Value::NotEvaluated;
            };
            for f in parts {
                match filter(f.trim(), v) {
                    Some(x) => v = x,
                    None => return Value::NotEvaluated,
                }
            }
            out.push_str(&v);
        }
        Value::Markdown(out)
    }

    /// The value `markdown` of `key` read as a page of its own, where
    /// `key` may not stand in itself.
    fn read_value(&self, key: &str, markdown: &str) -> Option<stepdoc_rst::Document> {
        if self.expanding.len() >= MAX_DEPTH {
            return None;
        }
        let mut expanding = self.expanding.clone();
        expanding.push(key.to_string());
        Some(crate::parse_nested(
            markdown,
            self.settings,
            self.source_name,
            &self.ext,
            &self.subs,
            expanding,
        ))
    }

    /// Runs of text nodes in `nodes` made one text node each.
    fn merge_texts(&mut self, nodes: Vec<NodeId>) -> Vec<NodeId> {
        let mut out: Vec<NodeId> = Vec::with_capacity(nodes.len());
        for n in nodes {
            if let Some(&last) = out.last()
                && self.tree.is_text(last)
                && self.tree.is_text(n)
            {
                let joined = format!("{}{}", self.tree.text_of(last), self.tree.text_of(n));
                self.tree.set_text(last, &joined);
                let end = self.tree.get(n).span.end;
                let l = self.tree.get_mut(last);
                l.span.end = l.span.end.max(end);
                continue;
            }
            out.push(n);
        }
        out
    }

    fn substitute_text(&mut self, t: NodeId) {
        let Some(parent) = self.tree.parent(t) else {
            return;
        };
        let text = self.tree.text_of(t).to_string();
        let span = self.tree.get(t).span;
        let refs = references(&text);
        if refs.is_empty() {
            return;
        }
        // Offsets in the text are the page's when the text is its bytes.
        let verbatim = text.len() == (span.end - span.start) as usize;
        let part = |me: &Self, a: usize, b: usize| -> Span {
            if verbatim {
                let s = span.start as usize;
                me.lines.span(s + a, s + b)
            } else {
                span
            }
        };
        // Alone in its paragraph: the value's blocks take the paragraph's place.
        let alone = self.tree.tag(parent) == Tag::Paragraph
            && self.tree.children(parent) == [t]
            && refs.len() == 1
            && text.trim() == &text[refs[0].0..refs[0].1];
        if alone
            && let Value::Markdown(md) = self.value(refs[0].2)
            && let Some(grand) = self.tree.parent(parent)
        {
            let key = refs[0].2.to_string();
            if let Some(doc) = self.read_value(&key, &md) {
                let at = part(self, refs[0].0, refs[0].1);
                let copies: Vec<NodeId> = doc
                    .tree
                    .children(doc.root)
                    .iter()
                    .map(|&c| self.graft_at(&doc, c, at))
                    .collect();
                self.replace(grand, parent, &copies);
                return;
            }
        }
        let mut new: Vec<NodeId> = Vec::new();
        let mut messages = Vec::new();
        let mut at = 0;
        for &(a, b, expr) in &refs {
            // mdBook's `{{#include file}}` and the like are not MyST's.
            if expr.starts_with('#') {
                continue;
            }
            let here = part(self, a, b);
            let nodes = match self.value(expr) {
                Value::Markdown(md) => {
                    self.read_value(expr, &md).map(|doc| {
                        // A value read as one paragraph gives its inline
                        // content; a value of blocks, its text.
                        let first = doc.tree.children(doc.root).first().copied();
                        match first.filter(|&p| doc.tree.tag(p) == Tag::Paragraph) {
                            Some(p) => doc
                                .tree
                                .children(p)
                                .iter()
                                .map(|&c| self.graft_at(&doc, c, here))
                                .collect(),
                            None => {
                                let text = doc.tree.astext(doc.root);
                                let n = self.text(text.trim().to_string(), here);
                                vec![n]
                            }
                        }
                    })
                }
                Value::Undefined(name) => {
                    let message = match name.strip_prefix("env.config.") {
                        Some(key) => format!(
                            "Substitution `{name}` is not defined: the configuration gives no \
                             `{key}` stepdoc can read."
                        ),
                        None => format!("Substitution `{name}` is not defined."),
                    };
                    messages.push((message, here));
                    None
                }
                Value::Circular(name) => {
                    messages.push((
                        format!("Substitution `{name}` stands in its own value."),
                        here,
                    ));
                    None
                }
                Value::NotEvaluated => {
                    messages.push((
                        format!(
                            "Substitution `{{{{ {expr} }}}}` is not evaluated: stepdoc reads \
                             names, string literals, `+` and string filters, not \
                             all of Jinja2."
                        ),
                        here,
                    ));
                    None
                }
            };
            let Some(nodes) = nodes else {
                continue;
            };
            if a > at {
                new.push(self.text(text[at..a].to_string(), part(self, at, a)));
            }
            new.extend(nodes);
            at = b;
        }
        if at == 0 {
            // Nothing replaced: the text stays as it is.
        } else {
            if at < text.len() {
                new.push(self.text(text[at..].to_string(), part(self, at, text.len())));
            }
            let new = self.merge_texts(new);
            self.replace(parent, t, &new);
        }
        // Messages go after the block holding the text.
        let mut block = parent;
        while let Some(p) = self.tree.parent(block)
            && !matches!(
                self.tree.tag(block),
                Tag::Paragraph | Tag::Title | Tag::Term | Tag::Entry
            )
        {
            block = p;
        }
        let into = self.tree.parent(block).unwrap_or(self.root);
        for (m, span) in messages {
            self.message(into, 2, Family::Other, &m, span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_gives_substitutions_under_myst_or_at_the_top() {
        let page = "---\nmyst:\n  substitutions:\n    key1: I'm a **substitution**\n    key2: |\n      ```{note}\n      {{ key1 }}\n      ```\n    key4: \"example\"\ntitle: x\n---\n# Page\n";
        let subs = front_matter(page);
        assert_eq!(
            subs,
            [
                ("key1".to_string(), "I'm a **substitution**".to_string()),
                (
                    "key2".to_string(),
                    "```{note}\n{{ key1 }}\n```\n".to_string()
                ),
                ("key4".to_string(), "example".to_string()),
            ]
        );
        assert_eq!(
            front_matter("---\nsubstitutions:\n  a: b\n---\n"),
            [("a".to_string(), "b".to_string())]
        );
        assert!(front_matter("# no front matter\nsubstitutions:\n  a: b\n").is_empty());
        assert_eq!(
            front_matter_value("---\norphan: true\nmyst:\n  x: y\n---\n", "orphan").as_deref(),
            Some("true")
        );
        assert_eq!(
            front_matter_value("---\nmyst:\n  orphan: true\n---\n", "orphan"),
            None
        );
    }

    #[test]
    fn expressions_of_names_literals_and_filters_are_evaluated() {
        let subs = [
            ("key".to_string(), "*k*".to_string()),
            ("env.config.version".to_string(), "1.2".to_string()),
        ];
        let doc = crate::parse_myst(
            "A {{ \"a\" + 'b' }} {{ env.docname | upper }} {{ key + ' x' }} v{{ env.config.version }} {{ key.split() }}\n",
            &stepdoc_rst::Settings::default(),
            "dir/page.md",
            &crate::Extensions::default(),
            &subs,
        );
        let xml = doc.pformat();
        assert!(xml.contains("A ab DIR/PAGE "), "{xml}");
        assert!(xml.contains("<emphasis>\n            k"), "{xml}");
        assert!(xml.contains(" x v1.2 {{ key.split() }}"), "{xml}");
        assert_eq!(doc.messages().len(), 1, "{xml}");
    }

    #[test]
    fn references_are_the_braces_and_their_expression() {
        assert_eq!(
            references("a {{ key }} b {{x}} {{ open"),
            [(2, 11, "key"), (14, 19, "x")]
        );
        assert!(is_name("key_1") && is_name("env.docname") && !is_name("\"a\" + \"b\""));
    }
}
