//! Fields: the named inputs a step asks the reader to fill, pick or check.
//!
//! Each pattern has its file, its doc and its fixtures
//! (`tests/fixtures/extract/fields-NAME/`):
//!
//! - [`label_help`]: `**Label**: help`, `:guilabel:`Label`: help`,
//!   `* *Title* -- help`;
//! - [`choice`]: "select X from the Y drop-down", "Sélectionnez X dans la
//!   liste Y";
//! - [`named`]: "the X field", "le champ X", "les cases A et B";
//! - [`input_verb`]: a label after an input verb ("Enter the **Name**",
//!   "select a :guilabel:`Subnet`"), or before one ("In **Product**, select
//!   the product");
//! - [`listed`]: "the required fields are:" or "Edit the fields:" and a
//!   list of labels;
//! - [`table`]: a table of labels and their help.
//!
//! [`kind`] gives a field its kind and requiredness from the words around
//! it; [`keys`] makes the keys of a procedure's fields unique. System
//! messages are never read: the page view leaves them out.

pub mod choice;
pub mod example;
pub mod input_verb;
pub mod keys;
pub mod kind;
pub mod label_help;
pub mod listed;
pub mod named;
pub mod table;

use crate::model::{Field, FieldKind, Location};
use crate::rst::NodeId;
use crate::rst::Tag;

use super::text::{fold, squash, words};
use super::view::View;

/// One piece of a paragraph, as the inline patterns read it.
#[derive(Debug, Clone)]
pub enum Tok {
    /// A word, folded.
    Word(String),
    /// Punctuation that ends a clause (`,` `.` `;` `:` `(` `)` `!` `?`).
    Punct(char),
    /// Marked-up text that may name an interface element.
    Label(Label),
}

/// Marked-up text: strong, emphasis, a `:guilabel:` or a literal.
#[derive(Debug, Clone)]
pub struct Label {
    pub text: String,
    pub node: NodeId,
    pub guilabel: bool,
}

/// The tokens of a paragraph's inline content.
pub fn tokens(v: &View, p: NodeId) -> Vec<Tok> {
    let mut out = Vec::new();
    for &c in v.children(p) {
        if v.is_text(c) {
            push_words(v.raw(c), &mut out);
            continue;
        }
        let tag = v.tag(c);
        let role = v.role(c);
        let is_label = matches!(tag, Tag::Strong | Tag::Emphasis) || role == Some("guilabel");
        let text = v.text(c);
        // A step marker in strong text ("**Step 2:**") names no field.
        let marker = super::markers::parse_any(&text, v.lex).is_some()
            || super::markers::parse_numbered(&text).is_some();
        if is_label && !marker {
            let text =
                text.trim_matches(|c: char| c == '"' || c == '«' || c == '»' || c.is_whitespace());
            if !text.is_empty() {
                out.push(Tok::Label(Label {
                    text: text.to_string(),
                    node: c,
                    guilabel: role == Some("guilabel"),
                }));
            }
        } else if !super::view::NOT_TEXT.contains(&tag) {
            push_words(&text, &mut out);
        }
    }
    out
}

fn push_words(s: &str, out: &mut Vec<Tok>) {
    let mut cur = String::new();
    for c in s.chars() {
        if matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '!' | '?') {
            if !cur.is_empty() {
                out.extend(words(&cur).into_iter().map(Tok::Word));
                cur.clear();
            }
            out.push(Tok::Punct(c));
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.extend(words(&cur).into_iter().map(Tok::Word));
    }
}

/// Words that may stand between a verb or a noun and the label it names.
pub fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "any"
            | "your"
            | "its"
            | "their"
            | "new"
            | "le"
            | "la"
            | "les"
            | "l'"
            | "un"
            | "une"
            | "des"
            | "du"
            | "de"
            | "d'"
            | "votre"
            | "vos"
            | "ce"
            | "cette"
            | "ces"
            | "or"
            | "ou"
            | "in"
            | "out"
            | "on"
            | "off"
    )
}

/// Words that may follow a field's label without making it the name of
/// something else ("Enter the **Name** *of* the flavor").
pub fn ends_label(w: &str) -> bool {
    matches!(
        w,
        "via"
            | "from"
            | "in"
            | "into"
            | "to"
            | "for"
            | "if"
            | "with"
            | "and"
            | "or"
            | "of"
            | "as"
            | "this"
            | "then"
            | "when"
            | "only"
            | "that"
            | "which"
            | "at"
            | "on"
            | "by"
            | "dans"
            | "sur"
            | "si"
            | "pour"
            | "puis"
            | "avec"
            | "et"
            | "ou"
            | "de"
            | "du"
            | "des"
            | "d'"
            | "a"
            | "en"
            | "uniquement"
            | "seulement"
            | "afin"
            | "qui"
            | "lorsque"
            | "quand"
            | "par"
    )
}

/// Words of coordination between labels ("**A** and **B**").
pub fn is_coordination(w: &str) -> bool {
    matches!(w, "and" | "or" | "et" | "ou" | "ainsi" | "que" | "plus")
}

/// The value a checkbox verb sets: ticking makes `true`, unticking
/// `false`; a toggle says neither.
pub fn checkbox_value(verb: &str) -> Option<&'static str> {
    match verb {
        "check" | "tick" | "enable" | "cocher" | "cochez" | "activer" | "activez" => Some("true"),
        "uncheck" | "untick" | "disable" | "decocher" | "decochez" | "desactiver"
        | "desactivez" => Some("false"),
        _ => None,
    }
}

/// Whether the sentence says the fields fill themselves.
pub fn automatic(text: &str) -> bool {
    let f = fold(text);
    [
        "automatically",
        "automatiquement",
        "auto-populated",
        "auto-filled",
        "read-only",
    ]
    .iter()
    .any(|w| f.contains(w))
}

/// What the patterns found in one paragraph: fields, and the labels that
/// are values rather than fields (so that no later pattern takes them).
#[derive(Default)]
pub struct Found {
    pub fields: Vec<Field>,
    pub values: Vec<NodeId>,
}

impl Found {
    pub fn has_label(&self, node: NodeId) -> bool {
        self.values.contains(&node)
    }

    pub fn push(&mut self, f: Field, node: NodeId) {
        self.values.push(node);
        let same = |x: &Field| fold(&x.label) == fold(&f.label);
        if !self.fields.iter().any(same) {
            self.fields.push(f);
        }
    }
}

/// A new field named `label`, found at `span`.
pub fn new_field(label: &str, span: Location) -> Field {
    let label = squash(label);
    Field {
        key: keys::field_key(&label),
        label,
        kind: FieldKind::Text,
        required: true,
        value: None,
        options: Vec::new(),
        example: None,
        help: None,
        maps_to: None,
        span,
    }
}

/// The fields of a step: every pattern over every paragraph, table and
/// list of the step's nodes, in document order.
pub fn collect(v: &View, body: &[NodeId], out: &mut Vec<Field>) {
    let mut consumed_lists: Vec<NodeId> = Vec::new();
    for &top in body {
        for n in v.descendants(top) {
            if has_system_message_ancestor(v, n, top) {
                continue;
            }
            match v.tag(n) {
                // A line of a line block reads as a paragraph.
                Tag::Paragraph | Tag::Line => {
                    if consumed_lists.iter().any(|&l| v.is_within(n, l)) {
                        continue;
                    }
                    if example::apply(v, n, out) {
                        continue;
                    }
                    if let Some(list) = listed::from_intro(v, n, out) {
                        consumed_lists.push(list);
                        continue;
                    }
                    if listed::from_pairs(v, n, out) {
                        continue;
                    }
                    paragraph(v, n, out);
                }
                Tag::Table => table::collect(v, n, out),
                _ => {}
            }
        }
    }
}

fn has_system_message_ancestor(v: &View, n: NodeId, top: NodeId) -> bool {
    let mut cur = Some(n);
    while let Some(c) = cur {
        if super::view::NOT_TEXT.contains(&v.tag(c)) {
            return true;
        }
        if c == top {
            return false;
        }
        cur = v.parent(c);
    }
    false
}

/// The inline patterns over one paragraph.
pub fn paragraph(v: &View, p: NodeId, out: &mut Vec<Field>) {
    let text = v.text(p);
    if v.tag(v.parent(p).unwrap_or(p)) == Tag::Entry {
        // Table cells are read by `table`.
        return;
    }
    let mut found = Found::default();
    if let Some(f) = label_help::from_paragraph(v, p) {
        out.push(f);
        return;
    }
    if automatic(&text) {
        return;
    }
    let toks = tokens(v, p);
    choice::find(v, p, &toks, &mut found);
    named::find(v, p, &toks, &mut found);
    input_verb::find(v, p, &toks, &mut found);
    found.fields.sort_by_key(|f| f.span.start);
    for mut f in found.fields {
        if f.help.is_none() {
            f.help = Some(text.clone());
        }
        kind::classify(v, &mut f);
        out.push(f);
    }
}

/// Labels the page calls required anywhere, folded: field lists
/// (`:Actif: **obligatoire** - ...`), definition lists and `Label: help`
/// lines whose help says required.
pub fn required_labels(v: &View) -> Vec<String> {
    let mut out = Vec::new();
    for n in v.descendants(v.root()) {
        let (label, help) = match v.tag(n) {
            Tag::Field | Tag::DefinitionListItem => {
                let ch = v.children(n);
                let (Some(&name), Some(&body)) = (ch.first(), ch.last()) else {
                    continue;
                };
                if name == body {
                    continue;
                }
                (v.text(name), v.text(body))
            }
            Tag::Paragraph => match label_help::from_paragraph(v, n) {
                Some(f) => (f.label, f.help.unwrap_or_default()),
                None => continue,
            },
            _ => continue,
        };
        let f = fold(&help).replace("as required", "");
        if v.lex.says_required(&f) && !v.lex.says_optional(&f) {
            out.push(fold(&squash(&label)));
        }
    }
    out
}
