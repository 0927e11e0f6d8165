//! Keys: the property names of a procedure's fields in answer files and
//! form schemas, readable for any script and unique within a procedure.
//!
//! A key is the label folded (lower case, Latin accents dropped), its
//! letters and digits of any script kept and every other run of
//! characters made one `_`: `Nom d'hôtes` → `nom_d_hotes`, `RAM (MB)` →
//! `ram_mb`, `名前` → `名前`. Two fields of one procedure with the same key
//! keep both: the later ones get `_2`, `_3`..., and `stepdoc check`
//! reports the collision (SD107), so a schema never silently keeps one.

use crate::model::Procedure;

use super::super::text::fold;

/// Property name of a field in answer files.
pub fn field_key(label: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in fold(label).chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    if out.is_empty() { "field".into() } else { out }
}

/// Make the keys of a procedure's fields unique, in order of appearance.
pub fn make_unique(p: &mut Procedure) {
    let mut seen = std::collections::HashMap::<String, u32>::new();
    for step in &mut p.steps {
        for f in &mut step.fields {
            let base = field_key(&f.label);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            f.key = if *n == 1 { base } else { format!("{base}_{n}") };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_for_any_script() {
        assert_eq!(field_key("Nom d'hôtes"), "nom_d_hotes");
        assert_eq!(field_key("RAM (MB)"), "ram_mb");
        assert_eq!(field_key("Archivage automatique"), "archivage_automatique");
        assert_eq!(field_key("名前"), "名前");
        assert_eq!(field_key("Имя пользователя"), "имя_пользователя");
        assert_eq!(field_key("--"), "field");
    }
}
