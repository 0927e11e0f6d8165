//! A label that an input verb acts on.
//!
//! ```rst
//! #. Enter the **Name**, then select a :guilabel:`Subnet`.
//! #. Tick the **Clone TCs** if you want to clone test cases.
//! #. Toggle the **Active** button to **Off**.
//! #. In **Product**, select the product.
//! #. Ajoutez un filtre sur le *Type*, saisissez *sigilée*.
//! #. Cochez *auto-associer* uniquement si ...
//! ```
//!
//! After the verb: a label, with only articles between (`the`, `a`,
//! `le`, `l'`...). The label names a field when what follows it is
//! nothing, punctuation, a preposition or a field noun ("Select the
//! **Type** of plan"); a following noun makes it the name of something
//! else ("select the :guilabel:`admin` project"). A button counts after a
//! verb that sets it ("toggle the **Active** button").
//!
//! Before the verb: "In **Product**, select ...", "sur le *Type*,
//! saisissez *sigilée*": the label is the field and what the verb takes
//! is its value, never a field.
//!
//! Boxes to tick listed in one label after "parmi"/"among" ("Cocher les
//! actions parmi : *Créer, Modifier, Supprimer*") are one field each.
//!
//! Input verbs: enter, type, fill in, select, choose, check, tick, set,
//! specify, edit, toggle ...; saisir, renseigner, entrer, indiquer,
//! sélectionner, choisir, cocher ... (`[input-verbs]` of the lexicon).

use crate::model::FieldKind;
use crate::rst::NodeId;

use super::super::view::View;
use super::{Found, Label, Tok, ends_label, is_filler, new_field};

/// Whether a label reads as a value rather than a name: it starts in
/// lower case and has three words or more ("qui valident chacune de ces
/// conditions").
fn value_like(l: &Label) -> bool {
    l.text.chars().next().is_some_and(char::is_lowercase) && l.text.split_whitespace().count() >= 3
}

fn add(v: &View, found: &mut Found, l: &Label, verb: &str) {
    if found.has_label(l.node) {
        return;
    }
    let mut f = new_field(&l.text, v.loc(l.node));
    if v.lex.is_checkbox_verb(verb) {
        f.kind = FieldKind::Checkbox;
        f.value = super::checkbox_value(verb).map(str::to_string);
    }
    found.push(f, l.node);
}

pub fn find(v: &View, p: NodeId, toks: &[Tok], found: &mut Found) {
    // Label before the verb: "In **Product**, select the product."
    for (i, t) in toks.iter().enumerate() {
        let Tok::Label(l) = t else { continue };
        if found.has_label(l.node) {
            continue;
        }
        let mut j = i + 1;
        let mut nouns = 0;
        while let Some(Tok::Word(w)) = toks.get(j) {
            if v.lex.is_not_field_noun(w) {
                nouns = 99;
                break;
            }
            if (v.lex.is_field_noun(w) || v.lex.is_choice_noun(w) || w == "text") && nouns < 2 {
                nouns += 1;
                j += 1;
            } else {
                break;
            }
        }
        if nouns > 2 {
            continue;
        }
        if matches!(toks.get(j), Some(Tok::Punct(','))) {
            j += 1;
        }
        let Some(Tok::Word(verb)) = toks.get(j) else {
            continue;
        };
        if !v.lex.is_input_verb(verb) {
            continue;
        }
        // The label must not itself follow a verb or a noun it belongs to
        // ("click the **Save** button, select ..."): only a preposition
        // or the start of the clause before it.
        let before = toks[..i]
            .iter()
            .rev()
            .find(|t| !matches!(t, Tok::Word(w) if is_filler(w)));
        let clause_start = match before {
            None | Some(Tok::Punct(_)) => true,
            Some(Tok::Word(w)) => matches!(
                w.as_str(),
                "in" | "on"
                    | "for"
                    | "into"
                    | "under"
                    | "sur"
                    | "dans"
                    | "pour"
                    | "via"
                    | "from"
                    | "filtre"
                    | "sous-filtre"
                    | "filter"
            ),
            Some(Tok::Label(_)) => false,
        };
        if !clause_start {
            continue;
        }
        let mut f = new_field(&l.text, v.loc(l.node));
        if v.lex.is_checkbox_verb(verb) {
            f.kind = FieldKind::Checkbox;
        }
        found.push(f, l.node);
        // What the verb takes is the value.
        let mut k = j + 1;
        while let Some(tok) = toks.get(k) {
            match tok {
                Tok::Word(w) if is_filler(w) => k += 1,
                Tok::Label(value) => {
                    found.values.push(value.node);
                    if let Some(f) = found.fields.last_mut()
                        && f.example.is_none()
                    {
                        f.example = Some(value.text.clone());
                    }
                    break;
                }
                _ => break,
            }
        }
    }
    // "For server, type the domain name ...": a plain label of one to three
    // words between "for"/"pour" at the start and the verb.
    if let Some(Tok::Word(f)) = toks.first()
        && matches!(f.as_str(), "for" | "pour")
    {
        let comma = toks.iter().position(|t| matches!(t, Tok::Punct(',')));
        if let Some(c) = comma
            && (2..=4).contains(&c)
            && toks[1..c]
                .iter()
                .all(|t| matches!(t, Tok::Word(w) if !is_filler(w)))
            && matches!(toks.get(c + 1), Some(Tok::Word(verb)) if v.lex.is_input_verb(verb))
        {
            let label: Vec<String> = toks[1..c]
                .iter()
                .filter_map(|t| match t {
                    Tok::Word(w) => Some(w.clone()),
                    _ => None,
                })
                .collect();
            let label = label.join(" ");
            if !found
                .fields
                .iter()
                .any(|f| super::super::text::fold(&f.label) == label)
            {
                found
                    .fields
                    .push(new_field(&plain_label(v, p, &label), v.loc(p)));
            }
        }
    }
    // "Cocher les actions ... parmi : *Créer, Modifier, Supprimer*": boxes
    // to tick, listed in one label after "parmi"/"among".
    for (i, t) in toks.iter().enumerate() {
        let Tok::Label(l) = t else { continue };
        if found.has_label(l.node) || !l.text.contains(", ") || i == 0 {
            continue;
        }
        let mut k = i - 1;
        if matches!(toks[k], Tok::Punct(':')) && k > 0 {
            k -= 1;
        }
        let among = matches!(&toks[k], Tok::Word(w) if w == "parmi" || w == "among");
        let ticks = toks[..k]
            .iter()
            .any(|t| matches!(t, Tok::Word(w) if v.lex.is_checkbox_verb(w)));
        if among && ticks {
            found.values.push(l.node);
            for part in l.text.split(", ").map(str::trim).filter(|x| !x.is_empty()) {
                let mut f = new_field(part, v.loc(l.node));
                f.kind = FieldKind::Checkbox;
                found.fields.push(f);
            }
        }
    }
    // Label after the verb: "Enter the **Name**".
    for (i, t) in toks.iter().enumerate() {
        let Tok::Word(verb) = t else { continue };
        if !v.lex.is_input_verb(verb) {
            continue;
        }
        let mut j = i + 1;
        while let Some(Tok::Word(w)) = toks.get(j) {
            if (is_filler(w) || v.lex.is_input_verb(w)) && j < i + 5 {
                j += 1;
            } else {
                break;
            }
        }
        let Some(Tok::Label(l)) = toks.get(j) else {
            continue;
        };
        if found.has_label(l.node) || value_like(l) {
            continue;
        }
        names_field_after(v, toks, j, verb, found);
    }
    // "specify a name for the router and :guilabel:`External Network`": a
    // label joined by "and" to the object of an input verb in its clause.
    for (j, t) in toks.iter().enumerate() {
        let Tok::Label(l) = t else { continue };
        if found.has_label(l.node) || value_like(l) || j == 0 {
            continue;
        }
        if !matches!(&toks[j - 1], Tok::Word(w) if super::is_coordination(w)) {
            continue;
        }
        let verb = toks[..j - 1]
            .iter()
            .rev()
            .take(10)
            .take_while(|t| matches!(t, Tok::Word(_)))
            .find_map(|t| match t {
                Tok::Word(w) if v.lex.is_input_verb(w) => Some(w.clone()),
                _ => None,
            });
        if let Some(verb) = verb {
            names_field_after(v, toks, j, &verb, found);
        }
    }
}

/// The label as the paragraph writes it (the tokens are folded).
fn plain_label(v: &View, p: NodeId, folded: &str) -> String {
    let text = v.text(p);
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let n = folded.split(' ').count();
    for i in 0..words.len().saturating_sub(n - 1) {
        let cand = words[i..i + n].join(" ");
        if super::super::text::fold(&cand) == folded {
            return cand;
        }
    }
    folded.to_string()
}

/// Add the label at `j` when what follows it lets it name a field.
fn names_field_after(v: &View, toks: &[Tok], j: usize, verb: &str, found: &mut Found) {
    let Some(Tok::Label(l)) = toks.get(j) else {
        return;
    };
    let names_field = match toks.get(j + 1) {
        None | Some(Tok::Punct(_)) => true,
        Some(Tok::Word(w)) => {
            ends_label(w)
                || v.lex.is_field_noun(w)
                || (v.lex.is_checkbox_verb(verb)
                    && matches!(w.as_str(), "button" | "bouton" | "toggle" | "switch"))
        }
        Some(Tok::Label(_)) => false,
    };
    if !names_field {
        return;
    }
    add(v, found, l, verb);
    // "fill the **A**, **B**, and **C** with ...": the labels joined to it.
    let mut k = j + 1;
    loop {
        let mut joined = false;
        while let Some(t) = toks.get(k) {
            match t {
                Tok::Punct(',') => joined = true,
                Tok::Word(w) if super::is_coordination(w) => joined = true,
                Tok::Word(w) if is_filler(w) => {}
                _ => break,
            }
            k += 1;
        }
        match toks.get(k) {
            Some(Tok::Label(next)) if joined && !found.has_label(next.node) => {
                add(v, found, next, verb);
                k += 1;
            }
            _ => break,
        }
    }
}
