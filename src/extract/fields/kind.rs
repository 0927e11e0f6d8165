//! A field's kind and requiredness, from its label and the words of the
//! sentence or help that names it.
//!
//! - **Kind.** A pattern may set it (a box to tick is a checkbox, a label
//!   picked from a list a choice); otherwise the words decide: `URL`,
//!   `URI`, `lien` → url; `e-mail`, `courriel` → email; `password`, `mot
//!   de passe` → password; `(MB)`, `number of`, `nombre` → number; `date`
//!   → date; `file`, `fichier` to upload → file. "Choisir ckan dans le
//!   menu déroulant" makes a choice fixed to `ckan`.
//! - **Required.** `*` after the label, or required, mandatory,
//!   obligatoire in the help, make it required; optional, facultatif, "if
//!   needed", "si besoin", "if you want" make it optional ("as required"
//!   and "required search details" say nothing of the field). A field the
//!   steps tell the reader to fill, with neither, is required.

use crate::model::{Field, FieldKind};

use super::super::text::{fold, words};
use super::super::view::View;

/// The kind the label's words give, if any.
fn kind_from_label(label: &str) -> Option<FieldKind> {
    let w = words(label);
    let f = fold(label);
    let has = |x: &str| w.iter().any(|y| y == x);
    if has("url") || has("uri") || has("lien") || has("link") || has("website") {
        Some(FieldKind::Url)
    } else if has("email") || has("e-mail") || has("mail") || has("courriel") {
        Some(FieldKind::Email)
    } else if has("password") || f.contains("mot de passe") || has("passphrase") {
        Some(FieldKind::Password)
    } else if has("date") {
        Some(FieldKind::Date)
    } else if ["(mb)", "(gb)", "(kb)", "(go)", "(mo)", "(s)", "(ms)"]
        .iter()
        .any(|u| f.contains(u))
        || has("port")
        || has("count")
        || has("nombre")
        || has("number")
        || has("vcpus")
    {
        Some(FieldKind::Number)
    } else if has("file") || has("fichier") {
        Some(FieldKind::File)
    } else {
        None
    }
}

/// "Choisir ckan dans le menu déroulant": the value a help text fixes.
fn fixed_choice(help: &str) -> Option<String> {
    let f = fold(help);
    let dropdown = [
        "menu deroulant",
        "liste deroulante",
        "drop-down",
        "dropdown",
        "drop down",
    ];
    for lead in [
        "choisir ",
        "choisissez ",
        "selectionner ",
        "selectionnez ",
        "select ",
        "choose ",
    ] {
        let Some(pos) = f.find(lead) else { continue };
        let tail = &f[pos + lead.len()..];
        let Some(value) = tail.split_whitespace().next() else {
            continue;
        };
        let value = value.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '_');
        // "sélectionnez dans la liste", "choose from the list": no value.
        if value.is_empty()
            || super::ends_label(value)
            || super::is_filler(value)
            || ["one", "une", "un", "several", "plusieurs", "parmi", "among"].contains(&value)
        {
            continue;
        }
        let after = &tail[value.len()..];
        let near: String = after
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        if dropdown.iter().any(|d| near.contains(d)) {
            // The value as the page writes it.
            let words_before = f[..pos + lead.len()].split_whitespace().count();
            let original = help
                .split_whitespace()
                .nth(words_before)
                .unwrap_or(value)
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '_');
            return Some(original.to_string());
        }
    }
    None
}

/// Quoted values after "à choisir dans la liste déroulante": the options.
fn listed_options(help: &str) -> Vec<String> {
    let f = fold(help);
    if ![
        "liste deroulante",
        "menu deroulant",
        "drop-down",
        "dropdown",
    ]
    .iter()
    .any(|d| f.contains(d))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rest = help;
    while let Some(a) = rest.find(['"', '«', '“']) {
        let open = rest[a..].chars().next().map_or(1, char::len_utf8);
        let tail = &rest[a + open..];
        let Some(b) = tail.find(['"', '»', '”']) else {
            break;
        };
        let v = tail[..b].trim();
        if !v.is_empty() && !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
        let close = tail[b..].chars().next().map_or(1, char::len_utf8);
        rest = &tail[b + close..];
    }
    if out.len() >= 2 { out } else { Vec::new() }
}

/// "sélectionnez dans la liste une ou plusieurs thématiques", "this field
/// is a drop-down box": a choice whose options the page does not give.
fn picked_from_list(help: &str) -> bool {
    let w = words(help);
    // "This field should be a drop-down box."
    if w.iter().any(|x| {
        matches!(
            x.as_str(),
            "drop-down" | "dropdown" | "deroulante" | "deroulant"
        )
    }) {
        return true;
    }
    let pick = w.iter().position(|x| {
        matches!(
            x.as_str(),
            "select"
                | "choose"
                | "pick"
                | "selectionnez"
                | "selectionner"
                | "choisissez"
                | "choisir"
        )
    });
    pick.is_some_and(|i| {
        w[i + 1..].iter().take(6).any(|x| {
            matches!(
                x.as_str(),
                "list" | "liste" | "drop-down" | "dropdown" | "deroulant" | "deroulante" | "menu"
            )
        })
    })
}

/// Set the kind, value and requiredness of a field from its words.
pub fn classify(v: &View, field: &mut Field) {
    let help = field.help.clone().unwrap_or_default();
    // "as required", "required search details": not about the field.
    let f = fold(&help)
        .replace("as required", "")
        .replace("si necessaire", "si besoin");
    if v.lex.says_optional(&f) {
        field.required = false;
    }
    if field.label.ends_with('*') {
        field.required = true;
        field.label = field.label.trim_end_matches('*').trim().to_string();
    } else if v.lex.says_required(&f) && !v.lex.says_optional(&f) {
        field.required = true;
    }
    // A box to tick "if you want" is not fixed by the page.
    if field.kind == FieldKind::Checkbox && !field.required {
        field.value = None;
    }
    if field.kind == FieldKind::Text {
        if let Some(value) = fixed_choice(&help) {
            field.kind = FieldKind::Choice;
            field.options = vec![value.clone()];
            field.value = Some(value);
        } else {
            let options = listed_options(&help);
            if !options.is_empty() {
                field.kind = FieldKind::Choice;
                field.options = options;
            } else if picked_from_list(&help) {
                field.kind = FieldKind::Choice;
            }
        }
    }
    if field.kind == FieldKind::Text
        && let Some(k) = kind_from_label(&field.label)
    {
        field.kind = k;
    }
    // "Select this check box to create a subnet".
    let hw = words(&help);
    if field.kind == FieldKind::Text
        && (hw.iter().any(|x| x == "checkbox" || x == "check-box")
            || hw.windows(2).any(|p| p[0] == "check" && p[1] == "box")
            || f.contains("case a cocher"))
    {
        field.kind = FieldKind::Checkbox;
    }
    if field.kind == FieldKind::Text
        && !super::super::text::emails(&help).is_empty()
        && fold(&field.label).contains("mail")
    {
        field.kind = FieldKind::Email;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preposition_is_not_a_value() {
        assert_eq!(
            fixed_choice("Choisir ckan dans le menu déroulant"),
            Some("ckan".into())
        );
        assert_eq!(
            fixed_choice("sélectionnez dans la liste une ou plusieurs thématiques"),
            None
        );
        assert_eq!(
            fixed_choice("Select the admin project from the drop-down list"),
            None
        );
    }

    #[test]
    fn quoted_values_after_a_drop_down_are_options() {
        assert_eq!(
            listed_options(
                "à choisir dans la liste déroulante \"Jamais\" ; \"Mensuelle\"; \"Annuelle\"."
            ),
            ["Jamais", "Mensuelle", "Annuelle"]
        );
        assert!(listed_options("un \"nom\" et un \"titre\"").is_empty());
    }

    #[test]
    fn kinds_from_labels() {
        assert_eq!(kind_from_label("URL"), Some(FieldKind::Url));
        assert_eq!(kind_from_label("RAM (MB)"), Some(FieldKind::Number));
        assert_eq!(kind_from_label("Mot de passe"), Some(FieldKind::Password));
        assert_eq!(kind_from_label("Name"), None);
    }
}
