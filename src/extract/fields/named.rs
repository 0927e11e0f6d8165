//! A label next to a word that names an input.
//!
//! ```rst
//! #. Fill in the :guilabel:`Name` field.
//! #. Check the :guilabel:`Public` option.
//! #. Modifiez le champ **Centreon Web Directory**.
//! #. Cochez les cases **Actif** et **Archivage automatique**.
//! #. Dans la liste **Service**, sélectionnez le service.
//! ```
//!
//! The noun (field, option, box, check box, list; champ, case, option,
//! liste, zone) stands just before the label ("le champ X", French order)
//! or just after it ("the X field", English order); labels joined to it
//! by "and"/"et"/"ainsi que" are fields too, and so is the label a field
//! is "called" ("la liste qui se nomme *Rechercher des*"). A box or an option is a
//! checkbox, a list a choice. Sentences saying the fields fill themselves
//! ("are automatically updated") name no field, nor do labels whose verb
//! reads or copies ("copy the values of the **Key Id** field").

use crate::model::FieldKind;
use crate::rst::NodeId;

use super::super::view::View;
use super::{Found, Tok, is_coordination, is_filler, new_field};

/// Words between a label and its noun ("the **X** text field").
const MODIFIERS: &[&str] = &[
    "text",
    "check",
    "drop-down",
    "dropdown",
    "input",
    "selection",
    "combo",
];

/// Whether the verb that governs token `i` reads or copies rather than
/// enters ("copy the values of the :guilabel:`Key Id` field").
fn governed_by_reading(v: &View, toks: &[Tok], i: usize) -> bool {
    for t in toks[..i].iter().rev().take(12) {
        match t {
            Tok::Punct('.' | ';' | '!' | '?') => return false,
            Tok::Word(w) if v.lex.is_read_verb(w) => return true,
            Tok::Word(w) if v.lex.is_input_verb(w) || v.lex.is_verb(w) => return false,
            _ => {}
        }
    }
    false
}

fn kind_of(v: &View, noun: &str) -> FieldKind {
    if matches!(
        noun,
        "case"
            | "cases"
            | "checkboxes"
            | "boxes"
            | "toggles"
            | "switches"
            | "checkbox"
            | "check-box"
            | "box"
            | "option"
            | "options"
            | "toggle"
            | "switch"
            | "interrupteur"
    ) {
        FieldKind::Checkbox
    } else if v.lex.is_choice_noun(noun) || noun == "dropdown" || noun == "drop-down" {
        FieldKind::Choice
    } else {
        FieldKind::Text
    }
}

fn add(v: &View, found: &mut Found, label: &super::Label, kind: FieldKind, value: Option<&str>) {
    if found.has_label(label.node) {
        return;
    }
    let mut f = new_field(&label.text, v.loc(label.node));
    f.kind = kind;
    if kind == FieldKind::Checkbox {
        f.value = value.map(str::to_string);
    }
    found.push(f, label.node);
}

/// The value the nearest checkbox verb before token `i` sets ("Cochez les
/// cases ...").
fn ticked(v: &View, toks: &[Tok], i: usize) -> Option<&'static str> {
    toks[..i].iter().rev().take(6).find_map(|t| match t {
        Tok::Word(w) if v.lex.is_checkbox_verb(w) => super::checkbox_value(w),
        _ => None,
    })
}

pub fn find(v: &View, _p: NodeId, toks: &[Tok], found: &mut Found) {
    for (i, t) in toks.iter().enumerate() {
        match t {
            // "le champ **X**", "les cases **A** et **B**"
            Tok::Word(noun) if v.lex.is_field_noun(noun) && !governed_by_reading(v, toks, i) => {
                let mut j = i + 1;
                while let Some(Tok::Word(w)) = toks.get(j) {
                    if is_filler(w) && j < i + 3 {
                        j += 1;
                    } else {
                        break;
                    }
                }
                // "the search field next to *New owner*".
                if matches!(toks.get(j), Some(Tok::Word(w)) if w == "next" || w == "beside")
                    && matches!(toks.get(j + 1), Some(Tok::Word(w)) if w == "to")
                {
                    j += 2;
                }
                let kind = kind_of(v, noun);
                let value = ticked(v, toks, i);
                while let Some(Tok::Label(l)) = toks.get(j) {
                    add(v, found, l, kind, value);
                    // Coordinated labels.
                    let mut k = j + 1;
                    let mut joined = false;
                    while let Some(tok) = toks.get(k) {
                        match tok {
                            Tok::Word(w) if is_coordination(w) => {
                                joined = true;
                                k += 1
                            }
                            Tok::Punct(',') => {
                                joined = true;
                                k += 1
                            }
                            _ => break,
                        }
                    }
                    if !joined {
                        break;
                    }
                    j = k;
                }
            }
            // "la liste ... qui se nomme *X*", "a field called **X**"
            Tok::Word(w)
                if matches!(
                    w.as_str(),
                    "nomme"
                        | "nommee"
                        | "intitule"
                        | "intitulee"
                        | "called"
                        | "named"
                        | "labelled"
                        | "labeled"
                ) =>
            {
                let Some(Tok::Label(l)) = toks.get(i + 1) else {
                    continue;
                };
                let noun = toks[..i].iter().rev().take(8).find_map(|t| match t {
                    Tok::Word(n) if v.lex.is_field_noun(n) || v.lex.is_choice_noun(n) => {
                        Some(n.clone())
                    }
                    _ => None,
                });
                if let Some(noun) = noun {
                    add(v, found, l, kind_of(v, &noun), None);
                }
            }
            // "the **X** field"
            Tok::Label(l) => {
                // "the **X** text field", "the **X** check box".
                let mut n = i + 1;
                if let Some(Tok::Word(m)) = toks.get(n)
                    && MODIFIERS.contains(&m.as_str())
                    && matches!(toks.get(n + 1), Some(Tok::Word(x)) if v.lex.is_field_noun(x))
                {
                    n += 1;
                }
                if let Some(Tok::Word(noun)) = toks.get(n)
                    && v.lex.is_field_noun(noun)
                    && !v.lex.is_not_field_noun(noun)
                    && !governed_by_reading(v, toks, i)
                {
                    let value = ticked(v, toks, i);
                    add(v, found, l, kind_of(v, noun), value);
                    // "the **A**, **B** and **C** fields": the labels before.
                    let mut k = i;
                    while k >= 2 {
                        let joiner = match toks.get(k - 1) {
                            Some(Tok::Word(w)) => is_coordination(w),
                            Some(Tok::Punct(',')) => true,
                            _ => false,
                        };
                        if !joiner {
                            break;
                        }
                        // ", and": two joiners.
                        let mut j = k - 2;
                        if matches!(toks.get(j), Some(Tok::Punct(','))) && j >= 1 {
                            j -= 1;
                        }
                        let Some(Tok::Label(prev)) = toks.get(j) else {
                            break;
                        };
                        add(v, found, prev, kind_of(v, noun), value);
                        k = j;
                    }
                }
            }
            _ => {}
        }
    }
}
