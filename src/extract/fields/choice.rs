//! A value picked from a named list: the list is the field, the value one
//! of its options.
//!
//! ```rst
//! #. Sélectionnez *céramique* dans la liste *Rechercher des*
//! #. Select *ckan* from the *Backend* drop-down.
//! #. Choose :guilabel:`Edit` from the dropdown list.
//! ```
//!
//! A label, then `in`/`from`/`dans`, then a list noun (list, drop-down,
//! menu, liste) and its label, or a label and a list noun: that label is a
//! choice field. The picked label is a value, never a field; without a
//! list label ("from the dropdown list") it is a value of an unnamed list.
//! "select **Write** for the **Money-in Products** permission" makes the
//! second label the choice and the first its value.

use crate::model::FieldKind;
use crate::rst::NodeId;

use super::super::view::View;
use super::{Found, Tok, is_filler, new_field};

pub fn find(v: &View, _p: NodeId, toks: &[Tok], found: &mut Found) {
    for_the(v, toks, found);
    for (i, t) in toks.iter().enumerate() {
        let Tok::Label(value) = t else { continue };
        let Some(Tok::Word(prep)) = toks.get(i + 1) else {
            continue;
        };
        if !matches!(prep.as_str(), "in" | "from" | "dans" | "depuis" | "parmi") {
            continue;
        }
        // Fillers, then the list noun and its label (either order).
        let mut j = i + 2;
        while let Some(Tok::Word(w)) = toks.get(j) {
            if is_filler(w) || w == "drop-down" || w == "dropdown" {
                j += 1;
            } else {
                break;
            }
        }
        let mut list_noun = false;
        let mut list_label = None;
        for tok in toks.iter().skip(j).take(3) {
            match tok {
                Tok::Word(w) if v.lex.is_choice_noun(w) || w == "drop-down" || w == "dropdown" => {
                    list_noun = true
                }
                Tok::Word(w) if w == "deroulant" || w == "deroulante" => {}
                Tok::Label(l) if list_label.is_none() => list_label = Some(l.clone()),
                _ => break,
            }
        }
        if !list_noun {
            continue;
        }
        found.values.push(value.node);
        if let Some(l) = list_label
            && !found.has_label(l.node)
        {
            let mut f = new_field(&l.text, v.loc(l.node));
            f.kind = FieldKind::Choice;
            f.options = vec![value.text.clone()];
            found.push(f, l.node);
        }
    }
}

/// "select :guilabel:`Write` for the :guilabel:`Money-in Products`
/// permission": after a verb that picks, a value, `for`/`pour`, then the
/// label of what takes it.
fn for_the(v: &View, toks: &[Tok], found: &mut Found) {
    for (i, t) in toks.iter().enumerate() {
        let Tok::Label(value) = t else { continue };
        let picked = i >= 1 && matches!(&toks[i - 1], Tok::Word(w) if v.lex.is_input_verb(w))
            || i >= 2
                && matches!(&toks[i - 2], Tok::Word(w) if v.lex.is_input_verb(w))
                && matches!(&toks[i - 1], Tok::Word(w) if is_filler(w));
        if !picked || found.has_label(value.node) {
            continue;
        }
        let Some(Tok::Word(f)) = toks.get(i + 1) else {
            continue;
        };
        if !matches!(f.as_str(), "for" | "pour") {
            continue;
        }
        let mut j = i + 2;
        while matches!(toks.get(j), Some(Tok::Word(w)) if is_filler(w)) {
            j += 1;
        }
        let Some(Tok::Label(target)) = toks.get(j) else {
            continue;
        };
        if found.has_label(target.node) {
            continue;
        }
        found.values.push(value.node);
        let mut f = new_field(&target.text, v.loc(target.node));
        f.kind = FieldKind::Choice;
        f.options = vec![value.text.clone()];
        f.value = Some(value.text.clone());
        found.push(f, target.node);
    }
}
