//! A paragraph or item that starts with a label and says what to put in it.
//!
//! ```rst
//! **Nom**: Il convient d'ajouter **Mon organisation - DataSud** à votre Nom.
//!
//! :guilabel:`Network Name`: Specify a name to identify the network.
//!
//! * *Title* -- a short, descriptive title for the dataset.
//!
//! **Implementation** Choisir ckan dans le menu déroulant
//! ```
//!
//! The label is strong text, a `:guilabel:` or emphasis, of at most six
//! words, first in the paragraph; a colon or a dash (`--`, `–`) follows
//! it, or the text after it starts with an input verb, or the label is a
//! menu path (`Filtres -> Inclure -> ...`). A link in the help makes a
//! URL field with that value. What the sentence before the list says of
//! requiredness ("CKAN does not require this information") applies to its
//! items. A step marker is not a label, and the items
//! of a list a sentence offers as options ("choisir entre les
//! possibilités suivantes :") are values to pick.

use crate::model::{Field, FieldKind};
use crate::rst::NodeId;
use crate::rst::Tag;

use super::super::markers;
use super::super::text::{squash, urls, words};
use super::super::view::View;
use super::{kind, new_field};

/// The field a `Label: help` paragraph describes.
pub fn from_paragraph(v: &View, p: NodeId) -> Option<Field> {
    let ch = v.children(p);
    let &first = ch.first()?;
    let tag = v.tag(first);
    let guilabel = v.role(first) == Some("guilabel");
    if !(matches!(tag, Tag::Strong | Tag::Emphasis) || guilabel) {
        return None;
    }
    let label_text = v.text(first);
    if label_text.is_empty()
        || markers::parse_any(&label_text, v.lex).is_some()
        || markers::parse_numbered(&label_text).is_some()
    {
        return None;
    }
    if offered_options(v, p) {
        return None;
    }
    let intro = list_intro(v, p).map(|i| super::super::text::fold(&v.text(i)));
    let full = v.text(p);
    let after_raw = full
        .strip_prefix(label_text.as_str())
        .unwrap_or("")
        .to_string();
    let after = after_raw.trim_start();
    let path = label_text.contains("->");
    let (label, path_help) = match label_text.split_once("->") {
        Some((l, _)) => (l.trim().to_string(), Some(label_text.clone())),
        None => (label_text.clone(), None),
    };
    let n_words = words(&label).len();
    if label.is_empty() || n_words > 6 {
        return None;
    }
    let colon = after.starts_with(':') && !after.starts_with("::");
    let dash = after.starts_with("--")
        || after.starts_with('–')
        || after.starts_with('—')
        || after.starts_with("- ");
    let rest = squash(after.trim_start_matches([':', '-', '–', '—']).trim());
    let first_word = words(&rest).into_iter().next();
    let verb_after = first_word
        .as_deref()
        .is_some_and(|w| v.lex.is_input_verb(w));
    // Emphasis is a label only with a colon or a dash ("*Title* -- help").
    let ok = if tag == Tag::Emphasis && !guilabel {
        colon || dash
    } else {
        colon || dash || verb_after || path || strong_value_line(v, p, &rest)
    };
    if !ok || label.ends_with(['.', '?', '!']) {
        return None;
    }
    // "**Evolutions de QGIS 2** :" over a list: a heading, not a field.
    if colon && rest.is_empty() && !path {
        return None;
    }
    // "**Exemple** : ..." and "**Note** : ..." are not fields.
    let lf = super::super::text::fold(&label);
    if [
        "exemple",
        "example",
        "note",
        "remarque",
        "attention",
        "warning",
        "tip",
        "astuce",
        "important",
        "question",
        "answer",
        "reponse",
        "info",
        "conseil",
    ]
    .contains(&lf.as_str())
    {
        return None;
    }
    let help = match (path_help, rest.is_empty()) {
        (Some(p), true) => Some(p),
        (Some(p), false) => Some(format!("{p} {rest}")),
        (None, true) => None,
        (None, false) => Some(rest.clone()),
    };
    let mut field = new_field(&label, v.loc(p));
    field.help = help;
    let refs: Vec<String> = v
        .descendants(p)
        .into_iter()
        .filter(|&n| v.tag(n) == Tag::Reference)
        .filter_map(|n| v.t.attr_str(n, "refuri").map(str::to_string))
        .filter(|u| !u.starts_with("mailto:"))
        .collect();
    if let Some(url) = refs
        .first()
        .cloned()
        .or_else(|| urls(&rest).into_iter().next())
    {
        field.kind = FieldKind::Url;
        field.value = Some(url);
    }
    kind::classify(v, &mut field);
    // "CKAN does not require this information, but ...:" before the list
    // says it of every item.
    if let Some(intro) = intro {
        if v.lex.says_optional(&intro) {
            field.required = false;
        } else if v.lex.says_required(&intro) {
            field.required = true;
        }
    }
    Some(field)
}

/// The paragraph that introduces the list `p` is an item of.
fn list_intro(v: &View, p: NodeId) -> Option<NodeId> {
    let item = v.parent(p).filter(|&i| v.tag(i) == Tag::ListItem)?;
    let list = v.parent(item)?;
    let parent = v.parent(list)?;
    let siblings = v.children(parent);
    let at = siblings.iter().position(|&s| s == list)?;
    siblings[..at]
        .iter()
        .rev()
        .find(|&&n| {
            !matches!(
                v.tag(n),
                Tag::Image | Tag::Figure | Tag::Comment | Tag::Target
            )
        })
        .copied()
        .filter(|&n| v.tag(n) == Tag::Paragraph)
}

/// Whether `p` is an item of a list that a sentence offers as options
/// ("Il est possible de choisir différentes options :", "choose one of
/// the following:"): its labels are values to pick, not fields.
fn offered_options(v: &View, p: NodeId) -> bool {
    let Some(before) = list_intro(v, p) else {
        return false;
    };
    let w = words(&v.text(before));
    w.iter().any(|x| {
        matches!(
            x.as_str(),
            "options"
                | "possibilites"
                | "choix"
                | "choices"
                | "alternatives"
                | "modes"
                | "choisir"
                | "choose"
        )
    })
}

/// "**URL** racine de l'instance CKAN : https://...": a strong label whose
/// line ends in a value after a colon.
fn strong_value_line(v: &View, p: NodeId, rest: &str) -> bool {
    v.tag(v.children(p)[0]) == Tag::Strong
        && rest
            .rsplit_once(" : ")
            .or_else(|| rest.rsplit_once(": "))
            .is_some_and(|(_, value)| !value.trim().is_empty() && !value.trim().contains(' '))
}
