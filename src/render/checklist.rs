//! Printable checklists: one PDF (Typst, as a library) and one print-ready
//! HTML page per procedure.
//!
//! The Typst template (`templates/checklist.typ`, embedded, overridable)
//! receives the procedure as JSON through `sys.inputs`; no doc text is ever
//! spliced into Typst markup. The [`ChecklistWorld`] serves the template
//! and the embedded fonts from memory, refuses every other file, and gives a
//! fixed date (`SOURCE_DATE_EPOCH` when set), so the same sources give
//! byte-identical PDFs.

use std::collections::BTreeMap;

use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::labels::Labels;
use crate::model::{NoteKind, Procedure};

/// The embedded default template.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/checklist.typ");

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }
}

#[derive(Serialize)]
struct LabelsData {
    step: &'static str,
    note: &'static str,
    warning: &'static str,
    important: &'static str,
    tip: &'static str,
    field: &'static str,
    required: &'static str,
    yes: &'static str,
    no: &'static str,
    value: &'static str,
    answer: &'static str,
    fixed: &'static str,
    example: &'static str,
    contacts: &'static str,
    prerequisites: &'static str,
    sign_off: &'static str,
    name: &'static str,
    date: &'static str,
    signature: &'static str,
    source: &'static str,
    revision: &'static str,
    colon: &'static str,
}

#[derive(Serialize)]
struct NoteData {
    kind: &'static str,
    title: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct FieldData {
    label: String,
    kind: &'static str,
    required: bool,
    value: Option<String>,
    example: Option<String>,
    answer: Option<String>,
}

#[derive(Serialize)]
struct StepData {
    number: u32,
    title: String,
    text: String,
    actions: Vec<String>,
    notes: Vec<NoteData>,
    fields: Vec<FieldData>,
    contacts: Vec<String>,
    /// Virtual paths of the step's pictures, when they are printed.
    images: Vec<String>,
}

/// Everything the template sees (`sys.inputs.data`).
#[derive(Serialize)]
pub struct ChecklistData {
    title: String,
    source: String,
    revision: String,
    lang: String,
    paper: &'static str,
    intro: Vec<String>,
    notes: Vec<NoteData>,
    steps: Vec<StepData>,
    labels: LabelsData,
}

fn kind_name(k: NoteKind) -> &'static str {
    match k {
        NoteKind::Note => "note",
        NoteKind::Warning => "warning",
        NoteKind::Important => "important",
        NoteKind::Tip => "tip",
        NoteKind::Hint => "hint",
        NoteKind::Caution => "caution",
        NoteKind::Danger => "danger",
        NoteKind::Attention => "attention",
        NoteKind::Error => "error",
        NoteKind::Seealso => "note",
    }
}

/// The template's data for a procedure, with answers (by field key) filled in.
pub fn data(
    p: &Procedure,
    source: &str,
    revision: &str,
    labels: &Labels,
    lang: &str,
    paper: Paper,
    answers: &BTreeMap<String, String>,
) -> ChecklistData {
    let note = |n: &crate::model::Note| NoteData {
        kind: kind_name(n.kind),
        title: n.title.clone(),
        text: n.text.clone(),
    };
    ChecklistData {
        title: p.title.clone(),
        source: source.to_string(),
        revision: short_revision(revision),
        lang: lang.chars().take(2).collect::<String>().to_lowercase(),
        paper: paper.typst_name(),
        intro: p.intro.clone(),
        notes: p.notes.iter().map(note).collect(),
        steps: p
            .steps
            .iter()
            .map(|s| StepData {
                number: s.number,
                title: s.title.clone(),
                text: s.text.clone(),
                actions: s.actions.iter().map(|a| a.text.clone()).collect(),
                notes: s.notes.iter().map(note).collect(),
                fields: s
                    .fields
                    .iter()
                    .map(|f| FieldData {
                        label: f.label.clone(),
                        kind: f.kind.name(),
                        required: f.required,
                        value: f.value.clone(),
                        example: f.example.clone(),
                        answer: answers.get(&f.key).cloned(),
                    })
                    .collect(),
                contacts: s.contacts.iter().map(|c| c.email.clone()).collect(),
                images: Vec::new(),
            })
            .collect(),
        labels: LabelsData {
            step: labels.step,
            note: labels.note,
            warning: labels.warning,
            important: labels.important,
            tip: labels.tip,
            field: labels.field,
            required: labels.required,
            yes: labels.yes,
            no: labels.no,
            value: labels.value,
            answer: labels.answer,
            fixed: labels.fixed,
            example: labels.example,
            contacts: labels.contacts,
            prerequisites: labels.prerequisites,
            sign_off: labels.sign_off,
            name: labels.name,
            date: labels.date,
            signature: labels.signature,
            source: labels.source,
            revision: labels.revision,
            colon: labels.colon,
        },
    }
}

/// Print the steps' pictures: each image `read` can give (by URI as the
/// page writes it) becomes a file of the Typst world, returned with its
/// virtual path.
pub fn attach_images(
    data: &mut ChecklistData,
    p: &Procedure,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for (sd, step) in data.steps.iter_mut().zip(&p.steps) {
        for (k, img) in step.images.iter().enumerate() {
            let Some(bytes) = read(&img.uri) else {
                continue;
            };
            let ext: String = img
                .uri
                .rsplit('.')
                .next()
                .unwrap_or("png")
                .to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let path = format!("/images/step{}-{k}.{ext}", step.number);
            sd.images.push(path.clone());
            files.push((path, bytes));
        }
    }
    files
}

fn short_revision(r: &str) -> String {
    match r.strip_prefix("sha256:") {
        Some(h) => format!("sha256:{}", &h[..h.len().min(12)]),
        None => r.chars().take(12).collect(),
    }
}

/// The fonts, parsed once.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: std::sync::OnceLock<(LazyHash<FontBook>, Vec<Font>)> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|bytes| Font::iter(Bytes::new(bytes)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        (LazyHash::new(book), fonts)
    })
}

/// A Typst world with one source file (the template), the embedded fonts,
/// no file access and a fixed date.
pub struct ChecklistWorld {
    library: LazyHash<Library>,
    main: Source,
    date: Datetime,
    /// Files the template may read (the steps' pictures), by virtual path.
    files: Vec<(FileId, Bytes)>,
}

impl ChecklistWorld {
    pub fn new(template: &str, data_json: String, date: Datetime) -> Self {
        let mut inputs = Dict::new();
        inputs.insert("data".into(), data_json.into_value());
        let library = Library::builder().with_inputs(inputs).build();
        // "/checklist.typ" is a valid virtual path: absolute, no `..`.
        let vpath = VirtualPath::new("/checklist.typ").expect("a valid virtual path");
        let id = FileId::new(RootedPath::new(VirtualRoot::Project, vpath));
        ChecklistWorld {
            library: LazyHash::new(library),
            main: Source::new(id, template.to_string()),
            date,
            files: Vec::new(),
        }
    }

    /// Add files the template may read, by virtual path (absolute, no
    /// `..`); a path that is not valid is left out.
    pub fn with_files(mut self, files: Vec<(String, Vec<u8>)>) -> Self {
        for (path, bytes) in files {
            if let Ok(vpath) = VirtualPath::new(&path) {
                let id = FileId::new(RootedPath::new(VirtualRoot::Project, vpath));
                self.files.push((id, Bytes::new(bytes)));
            }
        }
        self
    }
}

impl World for ChecklistWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, b)| b.clone())
            .ok_or(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.date)
    }
}

/// The document date: `SOURCE_DATE_EPOCH` when set, else a fixed date, so
/// that builds are reproducible.
pub fn document_date() -> Datetime {
    let fixed = Datetime::from_ymd(2000, 1, 1);
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    let Some(secs) = epoch else {
        return fixed
            .unwrap_or(Datetime::from_ymd(1970, 1, 1).expect("1970-01-01 is a valid date"));
    };
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Datetime::from_ymd_hms(
        y as i32,
        m as u8,
        d as u8,
        (rem / 3600) as u8,
        (rem % 3600 / 60) as u8,
        (rem % 60) as u8,
    )
    .or(fixed)
    .unwrap_or(Datetime::from_ymd(1970, 1, 1).expect("1970-01-01 is a valid date"))
}

/// Why a checklist could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum ChecklistError {
    /// A template file of the project could not be read.
    Io {
        /// The template file.
        path: std::path::PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The data could not be handed to the template as JSON.
    Json(serde_json::Error),
    /// Typst could not compile or export the checklist: its messages.
    Typst(Vec<String>),
    /// The HTML template failed: Tera's message.
    Html(String),
}

impl std::fmt::Display for ChecklistError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChecklistError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ChecklistError::Json(e) => write!(f, "{e}"),
            ChecklistError::Typst(messages) => f.write_str(&messages.join("; ")),
            ChecklistError::Html(detail) => f.write_str(detail),
        }
    }
}

impl std::error::Error for ChecklistError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ChecklistError::Io { source, .. } => Some(source),
            ChecklistError::Json(e) => Some(e),
            _ => None,
        }
    }
}

/// Compile the checklist to PDF bytes.
pub fn pdf(template: &str, data: &ChecklistData, ident: &str) -> Result<Vec<u8>, ChecklistError> {
    pdf_with(template, data, ident, Vec::new())
}

/// Compile the checklist to PDF bytes, with files the template reads (the
/// pictures of [`attach_images`]).
pub fn pdf_with(
    template: &str,
    data: &ChecklistData,
    ident: &str,
    files: Vec<(String, Vec<u8>)>,
) -> Result<Vec<u8>, ChecklistError> {
    let json = serde_json::to_string(data).map_err(ChecklistError::Json)?;
    let date = document_date();
    let world = ChecklistWorld::new(template, json, date).with_files(files);
    let doc: PagedDocument = typst::compile(&world).output.map_err(|errs| {
        ChecklistError::Typst(errs.iter().map(|e| e.message.to_string()).collect())
    })?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        timestamp: Some(typst_pdf::Timestamp::new_utc(date)),
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|errs| {
        ChecklistError::Typst(errs.iter().map(|e| e.message.to_string()).collect())
    });
    // Typst memoizes across compilations in a process-wide cache; results
    // unused for 10 compilations go, as typst's own watcher does, so a
    // long `stepdoc watch` (or a fuzzer: 1.2 GB after 38,000 checklists)
    // does not grow without bound. Fonts and the template, used by every
    // compilation, stay cached.
    typst::comemo::evict(10);
    pdf
}

/// The embedded default HTML template.
pub const DEFAULT_HTML_TEMPLATE: &str = include_str!("../../templates/checklist.html.tera");

/// The print-ready HTML checklist (every value escaped by Tera).
pub fn html(template: &str, data: &ChecklistData) -> Result<String, ChecklistError> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec!["checklist.html"]);
    tera.add_raw_template("checklist.html", template)
        .map_err(|e| ChecklistError::Html(format!("{e:?}")))?;
    let mut ctx = tera::Context::new();
    ctx.insert("data", data);
    tera.render("checklist.html", &ctx)
        .map_err(|e| ChecklistError::Html(format!("{e:?}")))
}

/// The templates to use: a project's own (`checklist.typ`,
/// `checklist.html.tera` in its templates folder) or the embedded ones.
pub fn templates(dir: Option<&std::path::Path>) -> Result<(String, String), ChecklistError> {
    let read = |name: &str, default: &str| -> Result<String, ChecklistError> {
        match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
            Some(p) => {
                std::fs::read_to_string(&p).map_err(|source| ChecklistError::Io { path: p, source })
            }
            None => Ok(default.to_string()),
        }
    };
    Ok((
        read("checklist.typ", DEFAULT_TEMPLATE)?,
        read("checklist.html.tera", DEFAULT_HTML_TEMPLATE)?,
    ))
}
