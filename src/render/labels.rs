//! Labels of generated outputs in the book's language.

/// The words stepdoc writes itself.
#[derive(Debug, Clone)]
pub struct Labels {
    pub step: &'static str,
    pub note: &'static str,
    pub warning: &'static str,
    pub important: &'static str,
    pub tip: &'static str,
    pub caution: &'static str,
    pub see_also: &'static str,
    pub field: &'static str,
    pub kind: &'static str,
    pub required: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub value: &'static str,
    pub answer: &'static str,
    pub help: &'static str,
    pub fields: &'static str,
    pub checklist: &'static str,
    pub contacts: &'static str,
    pub missing_image: &'static str,
    /// What a placeholder says of a directive it stands for.
    pub not_shown: &'static str,
    pub version_added: &'static str,
    pub version_changed: &'static str,
    pub deprecated: &'static str,
    pub name: &'static str,
    pub date: &'static str,
    pub signature: &'static str,
    pub source: &'static str,
    pub revision: &'static str,
    pub prerequisites: &'static str,
    pub example: &'static str,
    pub fixed: &'static str,
    pub page: &'static str,
    pub sign_off: &'static str,
    /// What ends a label before its value: `:` in English, ` :` in French.
    pub colon: &'static str,
    pub kinds: [(&'static str, &'static str); 9],
}

pub const FR: Labels = Labels {
    step: "Étape",
    note: "Remarque",
    warning: "Attention",
    important: "Important",
    tip: "Astuce",
    caution: "Prudence",
    see_also: "Voir aussi",
    field: "Champ",
    kind: "Type",
    required: "Obligatoire",
    yes: "oui",
    no: "non",
    value: "Valeur ou exemple",
    answer: "Réponse",
    help: "Aide",
    fields: "Champs à renseigner",
    checklist: "Liste de contrôle imprimable",
    contacts: "Contacts",
    missing_image: "Image manquante",
    not_shown: "n\u{2019}est pas affichée",
    version_added: "Nouveau dans la version",
    version_changed: "Modifié dans la version",
    deprecated: "Obsolète depuis la version",
    name: "Nom",
    date: "Date",
    signature: "Signature",
    source: "Source",
    revision: "Révision",
    prerequisites: "Avant de commencer",
    example: "exemple",
    fixed: "valeur imposée",
    page: "Page",
    sign_off: "Validation",
    colon: "\u{a0}:",
    kinds: [
        ("text", "texte"),
        ("url", "URL"),
        ("email", "e-mail"),
        ("choice", "choix"),
        ("checkbox", "case à cocher"),
        ("number", "nombre"),
        ("date", "date"),
        ("password", "mot de passe"),
        ("file", "fichier"),
    ],
};

pub const EN: Labels = Labels {
    step: "Step",
    note: "Note",
    warning: "Warning",
    important: "Important",
    tip: "Tip",
    caution: "Caution",
    see_also: "See also",
    field: "Field",
    kind: "Kind",
    required: "Required",
    yes: "yes",
    no: "no",
    value: "Value or example",
    answer: "Answer",
    help: "Help",
    fields: "Fields to fill in",
    checklist: "Printable checklist",
    contacts: "Contacts",
    missing_image: "Missing image",
    not_shown: "is not shown",
    version_added: "New in version",
    version_changed: "Changed in version",
    deprecated: "Deprecated since version",
    name: "Name",
    date: "Date",
    signature: "Signature",
    source: "Source",
    revision: "Revision",
    prerequisites: "Before you start",
    example: "example",
    fixed: "fixed value",
    page: "Page",
    sign_off: "Sign-off",
    colon: ":",
    kinds: [
        ("text", "text"),
        ("url", "URL"),
        ("email", "e-mail"),
        ("choice", "choice"),
        ("checkbox", "checkbox"),
        ("number", "number"),
        ("date", "date"),
        ("password", "password"),
        ("file", "file"),
    ],
};

/// Labels for a language code (`fr`, `fr-FR`, `en`...); English otherwise.
pub fn for_language(code: Option<&str>) -> &'static Labels {
    match code.map(|c| c.to_ascii_lowercase()) {
        Some(c) if c.starts_with("fr") => &FR,
        _ => &EN,
    }
}

impl Labels {
    pub fn kind_name(&self, kind: &str) -> &'static str {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, v)| *v)
            .unwrap_or("text")
    }
}
