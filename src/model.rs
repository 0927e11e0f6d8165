//! The procedure model: what stepdoc extracts from the pages and renders
//! every output from. Its JSON form is stable and versioned
//! ([`MODEL_VERSION`]); `stepdoc schema model` prints its JSON Schema.
//!
//! The model follows two established ones:
//!
//! | stepdoc | DITA task | schema.org |
//! |---|---|---|
//! | [`Procedure`] | `task` | `HowTo` |
//! | [`Procedure::intro`] | `shortdesc` / `context` | `description` |
//! | [`Procedure::notes`] | `prereq` | `HowToTip` |
//! | [`Step`] | `step` | `HowToStep` |
//! | [`Step::title`] | `cmd` | `name` |
//! | [`Step::text`], [`Step::actions`] | `info`, `substeps` | `text`, `itemListElement` |
//! | [`Step::notes`] | `note` in `info` | `HowToTip` |
//! | [`Field`] | `stepresult` input (`userinput`) | `HowToSupply` |
//! | [`Image`] | `fig` / `image` | `image` |

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the JSON form; bumped on any incompatible change.
pub const MODEL_VERSION: u32 = 1;

/// What `stepdoc extract` prints: the model of one or more pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Version of this format ([`MODEL_VERSION`]).
    pub stepdoc_model: u32,
    pub documents: Vec<Document>,
}

impl Export {
    /// Every procedure of every page, in page order.
    pub fn procedures(&self) -> impl Iterator<Item = &Procedure> {
        self.documents.iter().flat_map(|d| &d.procedures)
    }
}

/// One page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Path of the page, relative to the source root.
    pub source: String,
    /// The page title (its first section title), if it has one.
    pub title: Option<String>,
    /// Git commit of the page's last change, or a content hash (`sha256:...`).
    pub revision: String,
    pub procedures: Vec<Procedure>,
}

/// A procedure: a section that holds steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Stable identifier: the slug of the title, unique in the project.
    pub id: String,
    pub title: String,
    pub span: Location,
    /// Paragraphs before the first step.
    pub intro: Vec<String>,
    /// Prerequisites, precisions and warnings that concern the whole procedure.
    pub notes: Vec<Note>,
    pub steps: Vec<Step>,
    /// Where the answers of this procedure's form go, when configured
    /// (for example `udata-harvest-source`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
}

/// One numbered step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The number the page gives the step (1-based).
    pub number: u32,
    /// Anchor of the step in the guide (`step-N` within its procedure).
    pub anchor: String,
    pub title: String,
    /// The step's own text (its paragraphs, joined by blank lines).
    pub text: String,
    /// What to do, in order: list items and imperative sentences.
    pub actions: Vec<Action>,
    pub fields: Vec<Field>,
    pub notes: Vec<Note>,
    pub images: Vec<Image>,
    pub links: Vec<Link>,
    pub contacts: Vec<Contact>,
    pub span: Location,
    /// The node the step starts at in its page's tree, for the renderers
    /// that show the page (several nodes may share a place: a file's
    /// included nodes are all at its `include`). Not in the JSON.
    #[serde(skip)]
    #[schemars(skip)]
    pub head: Head,
}

/// The node a step starts at, in the tree it was read from: known while
/// the model and the page are together, `None` in a model read from JSON.
/// Steps compare equal whatever their heads (a head is no part of what
/// a step says).
#[derive(Debug, Clone, Copy, Default)]
pub struct Head(pub Option<crate::rst::NodeId>);

impl PartialEq for Head {
    fn eq(&self, _: &Head) -> bool {
        true
    }
}

/// A sub-item of a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub text: String,
    pub span: Location,
}

/// Kinds of form fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    Text,
    Url,
    Email,
    Choice,
    Checkbox,
    Number,
    Date,
    Password,
    File,
}

impl FieldKind {
    /// The kind's name in the JSON form (`text`, `checkbox`...).
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Url => "url",
            FieldKind::Email => "email",
            FieldKind::Choice => "choice",
            FieldKind::Checkbox => "checkbox",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Password => "password",
            FieldKind::File => "file",
        }
    }
}

/// A value the contributor enters or sets in a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub label: String,
    /// Property name in answer files: the label's slug.
    pub key: String,
    pub kind: FieldKind,
    pub required: bool,
    /// The value the page fixes (`ckan`, `https://trouver.datasud.fr`, `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Allowed values of a choice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// What the page says about the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Where the answer goes in the procedure's payload (a JSON pointer or a
    /// dotted path such as `config.filters`), when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maps_to: Option<String>,
    pub span: Location,
}

/// Kinds of notes: docutils' admonitions plus the paragraph forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    Note,
    Warning,
    Important,
    Tip,
    Hint,
    Caution,
    Danger,
    Attention,
    Error,
    Seealso,
}

impl NoteKind {
    /// The kind for an admonition tag or directive name, in any case.
    pub fn from_name(name: &str) -> Option<NoteKind> {
        Some(match name.to_lowercase().as_str() {
            "note" | "admonition" => NoteKind::Note,
            "warning" => NoteKind::Warning,
            "important" => NoteKind::Important,
            "tip" => NoteKind::Tip,
            "hint" => NoteKind::Hint,
            "caution" => NoteKind::Caution,
            "danger" => NoteKind::Danger,
            "attention" => NoteKind::Attention,
            "error" => NoteKind::Error,
            "seealso" => NoteKind::Seealso,
            _ => return None,
        })
    }
}

/// A note, warning or tip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub kind: NoteKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub text: String,
    pub span: Location,
}

/// An image the page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub uri: String,
    /// Whether the file exists (inside the source root).
    pub exists: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    pub span: Location,
}

/// A hyperlink.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub text: String,
    pub url: String,
    pub span: Location,
}

/// Someone to write to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub email: String,
    pub span: Location,
}

/// Where an element comes from: file, 1-based line and column (characters),
/// and the byte range in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub start: u32,
    pub end: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A slug: lower case ASCII letters and digits joined by `-` (accents
/// dropped), as docutils makes ids.
pub fn slug(text: &str) -> String {
    crate::rst::make_id(text)
}

/// The JSON Schema (draft 2020-12) of [`Export`].
pub fn export_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Export);
    let mut v = serde_json::to_value(schema).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        obj.insert(
            "$id".into(),
            serde_json::Value::String(format!("urn:stepdoc:model:v{MODEL_VERSION}")),
        );
    }
    v
}
