//! An example paragraph: the example of the field before it.
//!
//! ```rst
//! **Filtres -> Inclure -> Organisation -> un nom d'organisation CKAN**
//!
//! Exemple : pour DLVA, préciser **durance-luberon-verdon-agglomeration**
//! ```
//!
//! A paragraph that starts with "Exemple", "Example", "Ex :" or "Ex." gives
//! the last field found before it its example: the last strong or literal
//! text in it, or else what follows its colon.

use crate::model::Field;
use crate::rst::NodeId;
use crate::rst::Tag;

use super::super::text::fold;
use super::super::view::View;

fn is_example_word(t: &str) -> bool {
    let f = fold(t);
    let f = f.trim_end_matches([':', ' ']);
    matches!(f, "exemple" | "example" | "ex" | "ex.")
}

/// Whether `p` is an example paragraph.
pub fn is_example(v: &View, p: NodeId) -> bool {
    let f = fold(&v.text(p));
    f.starts_with("exemple")
        || f.starts_with("example")
        || f.starts_with("ex :")
        || f.starts_with("ex.")
}

/// Give the last field the example of `p`; false when `p` is not an
/// example paragraph.
pub fn apply(v: &View, p: NodeId, fields: &mut [Field]) -> bool {
    if !is_example(v, p) {
        return false;
    }
    let Some(field) = fields.last_mut() else {
        return true;
    };
    let t = v.text(p);
    let marked = v
        .descendants(p)
        .into_iter()
        .filter(|&n| v.tag(n) == Tag::Strong || v.tag(n) == Tag::Literal)
        .map(|n| v.text(n))
        // "**Exemple** : ...": the word itself is not the example.
        .rfind(|t| !is_example_word(t));
    let example = marked.unwrap_or_else(|| {
        t.split_once(':')
            .map(|(_, r)| r.trim().to_string())
            .unwrap_or_default()
    });
    if !example.is_empty() {
        field.example = Some(example);
    }
    true
}
