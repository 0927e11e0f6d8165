//! A sentence that announces fields, and the list of their labels.
//!
//! ```rst
//! **Les métadonnées obligatoires sont les suivantes :**
//!
//! - Titre
//! - Licence : Sélectionner une licence parmi celles proposées
//!
//! #. Edit the fields as required:
//!
//!    - Summary
//!    - Build
//! ```
//!
//! The sentence ends with a colon and speaks of fields (fields, values,
//! parameters, champs, valeurs, métadonnées, informations) or says they
//! are required or optional; the list right after it holds labels: short
//! items (at most ten words before any ` : `) that do not start with a
//! verb (an item of three words or fewer, without a full stop, is a label
//! whatever its first word: "Build"). Each item is a field, its help what follows the label; the
//! sentence's required or optional applies to them all.

use crate::model::Field;
use crate::rst::NodeId;
use crate::rst::Tag;

use super::super::score::starts_with_action;
use super::super::text::{fold, words};
use super::super::view::View;
use super::{kind, new_field};

const FIELD_WORDS: &[&str] = &[
    "field",
    "fields",
    "value",
    "values",
    "parameter",
    "parameters",
    "setting",
    "settings",
    "champ",
    "champs",
    "valeur",
    "valeurs",
    "parametre",
    "parametres",
    "metadonnees",
    "informations",
];

/// The list of labels `p` announces, with whether the sentence makes them
/// required (`Some(true)`), optional (`Some(false)`) or says nothing.
pub fn announced(v: &View, p: NodeId) -> Option<(NodeId, Option<bool>)> {
    let text = v.text(p);
    if !text.trim_end().ends_with(':') {
        return None;
    }
    let parent = v.parent(p)?;
    let siblings = v.children(parent);
    let at = siblings.iter().position(|&s| s == p)?;
    let list = *siblings.get(at + 1)?;
    if !matches!(v.tag(list), Tag::BulletList | Tag::EnumeratedList) {
        return None;
    }
    let f = fold(&text).replace("as required", "");
    let w = words(&f);
    let required = if v.lex.says_optional(&f) {
        Some(false)
    } else if v.lex.says_required(&f) {
        Some(true)
    } else {
        None
    };
    if required.is_none() && !w.iter().any(|x| FIELD_WORDS.contains(&x.as_str())) {
        return None;
    }
    let items: Vec<(NodeId, String)> = v.children(list).iter().map(|&i| (i, v.text(i))).collect();
    let labels_only = items.iter().all(|(_, t)| {
        let label = t
            .split_once(" : ")
            .or_else(|| t.split_once(": "))
            .map_or(t.as_str(), |x| x.0);
        let n = words(label).len();
        // "Build", "Notes": a short item is a label even when its word is
        // also a verb.
        n <= 10 && (!starts_with_action(v, label) || (n <= 3 && !label.trim_end().ends_with('.')))
    });
    if items.is_empty() || !labels_only {
        return None;
    }
    Some((list, required))
}

/// When `p` announces values and paragraphs follow it in pairs, a short
/// label then its help ("specify the following values:", "Name", "Specify
/// a name for the backup."): those pairs.
pub fn pairs(v: &View, p: NodeId) -> Vec<(NodeId, NodeId)> {
    let mut out = Vec::new();
    let text = v.text(p);
    if !text.trim_end().ends_with(':') {
        return out;
    }
    let w = words(&fold(&text));
    if !w.iter().any(|x| FIELD_WORDS.contains(&x.as_str())) {
        return out;
    }
    let Some(parent) = v.parent(p) else {
        return out;
    };
    let siblings = v.children(parent);
    let Some(at) = siblings.iter().position(|&s| s == p) else {
        return out;
    };
    let mut k = at + 1;
    while let (Some(&label), Some(&help)) = (siblings.get(k), siblings.get(k + 1)) {
        if v.tag(label) != Tag::Paragraph || v.tag(help) != Tag::Paragraph {
            break;
        }
        let l = v.text(label);
        let lw = words(&l);
        let last_not_field = lw.last().is_some_and(|x| v.lex.is_not_field_noun(x));
        if lw.is_empty()
            || lw.len() > 5
            || l.ends_with(['.', ':', '!', '?'])
            || last_not_field
            || (lw.len() > 3 && starts_with_action(v, &l))
        {
            break;
        }
        out.push((label, help));
        k += 2;
    }
    out
}

/// The fields of [`pairs`]; false when `p` announces none.
pub fn from_pairs(v: &View, p: NodeId, out: &mut Vec<Field>) -> bool {
    let found = pairs(v, p);
    for &(label, help) in &found {
        let mut field = new_field(&v.text(label), v.loc(label));
        field.help = Some(v.text(help));
        kind::classify(v, &mut field);
        out.push(field);
    }
    !found.is_empty()
}

/// When `p` announces fields and a list of labels follows it, add the
/// fields and return the list.
pub fn from_intro(v: &View, p: NodeId, out: &mut Vec<Field>) -> Option<NodeId> {
    let (list, required) = announced(v, p)?;
    for &item in v.children(list) {
        let it = v.text(item);
        let (label, help) = match it.split_once(" : ").or_else(|| it.split_once(": ")) {
            Some((l, h)) => (l.trim().to_string(), Some(h.trim().to_string())),
            None => (
                it.trim().trim_end_matches([';', '.', ',']).to_string(),
                None,
            ),
        };
        let mut field = new_field(&label, v.loc(item));
        if let Some(r) = required {
            field.required = r;
        }
        field.help = help;
        kind::classify(v, &mut field);
        if let Some(r) = required {
            field.required = r;
        }
        out.push(field);
    }
    Some(list)
}
