//! From a doctree to the procedure model.
//!
//! Real pages are not written for a tool. Extraction reads procedures the
//! way people write them:
//!
//! 1. **Recognizers** ([`recognizers`]) propose candidates, one per way of
//!    writing steps: enumerated lists (split lists merged), paragraphs and
//!    items led by step markers, sections that number or announce steps.
//! 2. **The scorer** ([`score`]) weighs the evidence that a candidate's
//!    items are actions (imperative verbs, UI roles, code blocks, a
//!    lead-in that instructs, a title naming a task) against the evidence
//!    that they are not (statements, definitions, links, a single item).
//! 3. **Resolution**: outer procedures first; a candidate inside a step of
//!    a procedure is a sub-step list, not a procedure.
//! 4. **Assembly**: names (the section that holds the procedure, or its
//!    lead-in when that section holds several), steps (title, text,
//!    actions, notes, media), fields ([`fields`]) with unique keys.
//!
//! Annotations (RST comments, [`annotations`]) and the configuration
//! ([`Config`]) override everything: `.. stepdoc: procedure` or
//! `.. stepdoc: ignore` just before a list decides it.

pub mod annotations;
pub mod candidate;
pub mod fields;
pub mod lead_in;
pub mod lexicon;
pub mod markers;
pub mod recognizers;
pub mod score;
pub mod text;
pub mod view;

use crate::rst::Tag;
use std::path::Path;
use std::sync::OnceLock;

use crate::config::{Config, FieldConfig};
use crate::model::{
    Action, Contact, Document, Field, FieldKind, Image, Link, Location, Note, NoteKind, Procedure,
    Step, slug,
};
use crate::rst::{self, NodeId};
use annotations::Annotation;
use candidate::{Candidate, Decision, Source, StepNodes};
use lexicon::Lexicon;
use text::{fold, split_sentence, squash};
use view::View;

pub use fields::keys::field_key;

/// The recognizers, the scorer and the field patterns, each with its
/// English and French fixtures in `tests/fixtures/extract/NAME/`.
pub const PATTERNS: &[&str] = &[
    "enumerated-list",
    "marker-paragraphs",
    "marker-items",
    "step-sections",
    "lead-in",
    "scorer",
    "fields-label-help",
    "fields-choice",
    "fields-named",
    "fields-input-verb",
    "fields-listed",
    "fields-table",
    "fields-example",
    "fields-keys",
];

/// Where a page sits: its path relative to the root (used in locations)
/// and the root itself (images resolve inside it).
pub struct PageInfo<'a> {
    pub rel_path: &'a str,
    pub root: Option<&'a Path>,
    pub revision: String,
}

/// The lexicon of a configuration: the embedded one, extended by the
/// project's words (built once for the default configuration).
fn lexicon_for(cfg: &Config) -> std::borrow::Cow<'static, Lexicon> {
    static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
    let defaults: Vec<String> = markers::DEFAULT_STEP_WORDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    if cfg.verbs.is_empty() && cfg.input_verbs.is_empty() && cfg.step_words == defaults {
        std::borrow::Cow::Borrowed(BUILTIN.get_or_init(Lexicon::builtin))
    } else {
        std::borrow::Cow::Owned(Lexicon::with(&cfg.verbs, &cfg.input_verbs, &cfg.step_words))
    }
}

/// Extract the model of one parsed page.
pub fn extract(doc: &rst::Document, page: &PageInfo, cfg: &Config) -> Document {
    let lex = lexicon_for(cfg);
    let v = View {
        t: &doc.tree,
        doc,
        page,
        cfg,
        lex: &lex,
    };
    let candidates = decide(&v);
    let mut procedures = assemble(&v, &candidates);
    for p in &mut procedures {
        apply_config(p, cfg);
    }
    Document {
        source: page.rel_path.to_string(),
        title: v.page_title(),
        revision: page.revision.clone(),
        procedures,
    }
}

/// One candidate as `stepdoc extract --explain` prints it.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub location: Location,
    pub source: &'static str,
    pub steps: usize,
    /// Whether step markers (a step word, an ordinal) number the steps.
    pub marked: bool,
    pub signals: Vec<candidate::Signal>,
    pub score: f32,
    pub decision: Decision,
    /// The procedure's title, when it is one.
    pub title: Option<String>,
}

/// Every candidate of a page, its evidence and its decision.
pub fn explain(doc: &rst::Document, page: &PageInfo, cfg: &Config) -> Vec<Explanation> {
    let lex = lexicon_for(cfg);
    let v = View {
        t: &doc.tree,
        doc,
        page,
        cfg,
        lex: &lex,
    };
    let candidates = decide(&v);
    let procedures = assemble(&v, &candidates);
    let mut accepted = procedures.iter();
    candidates
        .iter()
        .filter_map(|c| {
            let head = c.head()?;
            let title = if c.decision.accepted() {
                accepted.next().map(|p| p.title.clone())
            } else {
                None
            };
            Some(Explanation {
                location: v.loc(head),
                source: c.source.name(),
                steps: c.steps.len(),
                // Deliberate markers: strong text or a section title.
                marked: c.steps.iter().any(|s| {
                    s.marker
                        .as_ref()
                        .is_some_and(|m| m.kind != markers::MarkerKind::Number)
                        && (c.source == Source::StepSections
                            || s.lead.is_some_and(|p| v.leading_strong(p).is_some()))
                }) && c.source != Source::EnumeratedList,
                signals: c.signals.clone(),
                score: c.score,
                decision: c.decision,
                title,
            })
        })
        .collect()
}

/// An explanation as `stepdoc extract --explain` prints it: the
/// candidate's `file:line`, what it is, the decision, then one line per
/// signal.
pub fn format_explanation(file: &str, e: &Explanation) -> String {
    let decision = match (e.decision, &e.title) {
        (Decision::Procedure, Some(t)) => format!("procedure {t:?}"),
        (Decision::Annotated(true), Some(t)) => format!("procedure {t:?} (annotated)"),
        (Decision::Annotated(_), _) => "not a procedure (annotated)".to_string(),
        (Decision::Nested, _) => "inside a step of a procedure: sub-steps".to_string(),
        _ => "not a procedure".to_string(),
    };
    let mut out = format!(
        "{file}:{}: {}, {} step{}, score {:.2} (threshold {:.1}): {decision}\n",
        e.location.line,
        e.source,
        e.steps,
        if e.steps == 1 { "" } else { "s" },
        e.score,
        score::THRESHOLD,
    );
    for s in &e.signals {
        out.push_str(&format!(
            "    {:+6.2}  {:<12} {}\n",
            s.weight, s.name, s.detail
        ));
    }
    out
}

/// Make procedure ids unique across pages (`id`, `id-2`, ...).
pub fn dedupe_ids(docs: &mut [Document]) {
    let mut seen = std::collections::HashMap::<String, u32>::new();
    for d in docs {
        for p in &mut d.procedures {
            let n = seen.entry(p.id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                p.id = format!("{}-{n}", p.id);
            }
        }
    }
}

/// The byte range a step covers: its head to the end of its last node.
fn step_range(v: &View, s: &StepNodes) -> (u32, u32) {
    let start = v.start(s.head);
    let end = s
        .body
        .iter()
        .map(|&b| v.end(b))
        .chain(std::iter::once(v.end(s.head)))
        .max()
        .unwrap_or(start);
    (start, end)
}

/// The annotation just before a candidate (`.. stepdoc: procedure` or
/// `.. stepdoc: ignore`), with the procedure settings it carries.
fn annotation_before(v: &View, c: &Candidate) -> Option<(bool, annotations::Settings)> {
    let top = lead_in::top(v, c).or_else(|| c.head())?;
    let parent = v.parent(top)?;
    let siblings = v.children(parent);
    let at = siblings.iter().position(|&s| s == top)?;
    for &n in siblings[..at].iter().rev() {
        if v.tag(n) != Tag::Comment {
            break;
        }
        match annotations::parse(&v.t.astext(n)) {
            Some(Ok(Annotation::Procedure { settings })) => return Some((true, settings)),
            Some(Ok(Annotation::Ignore { codes, file: false })) if codes.is_empty() => {
                return Some((false, Vec::new()));
            }
            _ => {}
        }
    }
    None
}

/// Candidates scored and decided, outer ones first.
fn decide(v: &View) -> Vec<Candidate> {
    let mut cands = recognizers::candidates(v);
    let mut claimed: Vec<(u32, u32)> = Vec::new();
    for c in &mut cands {
        score::score(v, c);
        c.annotated = annotation_before(v, c).map(|(b, _)| b);
        let Some(head) = c.head() else { continue };
        let at = v.start(head);
        if claimed.iter().any(|&(a, b)| at >= a && at < b) {
            c.decision = Decision::Nested;
            continue;
        }
        c.decision = match c.annotated {
            Some(b) => Decision::Annotated(b),
            None if c.score >= score::THRESHOLD => Decision::Procedure,
            None => Decision::NotProcedure,
        };
        if c.decision.accepted() {
            claimed.extend(c.steps.iter().map(|s| step_range(v, s)));
        }
    }
    cands
}

/// The section that holds a candidate: the one its steps are in.
pub(crate) fn holder(v: &View, c: &Candidate) -> Option<NodeId> {
    if c.source == Source::StepSections || v.tag(c.container) == Tag::Section {
        return (v.tag(c.container) == Tag::Section).then_some(c.container);
    }
    v.section_of(c.container)
}

/// The accepted candidates as procedures.
fn assemble(v: &View, cands: &[Candidate]) -> Vec<Procedure> {
    let accepted: Vec<&Candidate> = cands.iter().filter(|c| c.decision.accepted()).collect();
    let holders: Vec<Option<NodeId>> = accepted.iter().map(|c| holder(v, c)).collect();
    let required = if accepted.is_empty() {
        Vec::new()
    } else {
        fields::required_labels(v)
    };
    let mut out = Vec::new();
    for (k, c) in accepted.iter().enumerate() {
        let sharing = holders.iter().filter(|h| **h == holders[k]).count();
        let section_title = match holders[k] {
            Some(h) => v.title_text(h),
            None => v.page_title(),
        };
        let lead = c
            .lead_in
            .as_ref()
            .map(|l| l.text.clone())
            .filter(|t| !t.is_empty());
        let title = if sharing > 1 {
            lead.or(section_title)
        } else {
            section_title.or(lead)
        }
        .unwrap_or_else(|| {
            Path::new(v.page.rel_path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let span_node = match (sharing, holders[k], &c.lead_in) {
            (1, Some(h), _) => h,
            (_, _, Some(l)) => l.node,
            _ => c.head().unwrap_or(v.root()),
        };
        // What comes before the steps in their container, after the
        // previous procedure of the same container.
        let before = intro_nodes(v, c, &accepted[..k]);
        out.push(procedure(v, c, title, span_node, &before, &required));
    }
    out
}

/// The container's nodes before the candidate's first step and after any
/// earlier procedure in the same container.
fn intro_nodes(v: &View, c: &Candidate, earlier: &[&Candidate]) -> Vec<NodeId> {
    let top = match c.source {
        Source::StepSections => c.head(),
        _ => lead_in::top(v, c),
    };
    let Some(top) = top else { return Vec::new() };
    let Some(parent) = v.parent(top) else {
        return Vec::new();
    };
    let siblings = v.body(parent);
    let Some(at) = siblings.iter().position(|&s| s == top) else {
        return Vec::new();
    };
    let mut from = 0;
    for e in earlier {
        for s in &e.steps {
            let (_, end) = step_range(v, s);
            for (i, &n) in siblings[..at].iter().enumerate() {
                if v.start(n) < end {
                    from = from.max(i + 1);
                }
            }
        }
    }
    siblings[from.min(at)..at].to_vec()
}

fn procedure(
    v: &View,
    c: &Candidate,
    title: String,
    span_node: NodeId,
    before: &[NodeId],
    required: &[String],
) -> Procedure {
    let (intro, notes) = intro_and_notes(v, before);
    let mut steps: Vec<Step> = c.steps.iter().map(|s| step(v, s)).collect();
    let mut proc_settings = Vec::new();
    // Annotations: field ones in steps, procedure ones anywhere in the holder.
    for (k, s) in c.steps.iter().enumerate() {
        for ann in annotations_in(v, &s.body) {
            match ann {
                Annotation::Field { label, settings } => {
                    apply_field_annotation(&mut steps[k], &label, &settings, v.loc(s.head))
                }
                Annotation::Procedure { settings } => proc_settings.extend(settings),
                Annotation::Ignore { .. } => {}
            }
        }
    }
    for ann in annotations_in(v, before) {
        if let Annotation::Procedure { settings } = ann {
            proc_settings.extend(settings);
        }
    }
    if let Some((_, settings)) = annotation_before(v, c) {
        proc_settings.extend(settings);
    }
    let mut id = slug(&title);
    let mut payload = None;
    for (k, val) in proc_settings {
        match (k.as_str(), val) {
            ("id", Some(val)) => id = slug(&val),
            ("payload", Some(val)) => payload = Some(val),
            _ => {}
        }
    }
    if id.is_empty() {
        id = "procedure".into();
    }
    for s in &mut steps {
        for f in &mut s.fields {
            if required.contains(&fold(&f.label)) {
                f.required = true;
            }
        }
    }
    let mut p = Procedure {
        id,
        title,
        span: v.loc(span_node),
        intro,
        notes,
        steps,
        payload,
    };
    fields::keys::make_unique(&mut p);
    p
}

/// Paragraphs of the introduction, and its notes: admonitions,
/// "Quelques précisions :" and the list after it, strong paragraphs.
fn intro_and_notes(v: &View, before: &[NodeId]) -> (Vec<String>, Vec<Note>) {
    let mut intro = Vec::new();
    let mut notes = Vec::new();
    let mut i = 0;
    while i < before.len() {
        let n = before[i];
        let next = before.get(i + 1).copied();
        if let Some(note) = admonition_note(v, n) {
            notes.push(note);
        } else if v.tag(n) == Tag::Paragraph && v.leading_strong(n).is_some() {
            let t = v.text(n);
            let list = next.filter(|&x| matches!(v.tag(x), Tag::BulletList | Tag::EnumeratedList));
            if t.trim_end().ends_with(':')
                && let Some(list) = list
            {
                let heading = t.trim_end().trim_end_matches(':').trim().to_string();
                for &item in v.children(list) {
                    notes.push(Note {
                        kind: NoteKind::Note,
                        title: Some(heading.clone()),
                        text: v.text(item),
                        span: v.loc(item),
                    });
                }
                i += 1;
            } else if v.fully_marked(n, &[Tag::Strong]) && !t.trim_end().ends_with(':') {
                notes.push(Note {
                    kind: NoteKind::Important,
                    title: None,
                    text: t,
                    span: v.loc(n),
                });
            } else {
                intro.push(t);
            }
        } else if v.tag(n) == Tag::Paragraph {
            intro.push(v.text(n));
        }
        i += 1;
    }
    (intro, notes)
}

fn annotations_in(v: &View, nodes: &[NodeId]) -> Vec<Annotation> {
    let mut out = Vec::new();
    for &n in nodes {
        for d in v.descendants(n) {
            if v.tag(d) == Tag::Comment
                && let Some(Ok(a)) = annotations::parse(&v.t.astext(d))
            {
                out.push(a);
            }
        }
    }
    out
}

fn admonition_note(v: &View, n: NodeId) -> Option<Note> {
    let tag = v.tag(n);
    let kind = match tag {
        Tag::Directive => NoteKind::from_name(v.t.attr_str(n, "name").unwrap_or("")),
        _ => NoteKind::from_name(tag.as_str()),
    }?;
    let title = if tag == Tag::Admonition {
        v.title_text(n)
    } else {
        None
    };
    let text = v
        .children(n)
        .iter()
        .filter(|&&c| v.tag(c) != Tag::Title && !view::NOT_TEXT.contains(&v.tag(c)))
        .map(|&c| v.text(c))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    Some(Note {
        kind,
        title,
        text,
        span: v.loc(n),
    })
}

/// A step's title and text from its lead paragraph: the marker's text, or
/// else the first sentence; the rest is the text.
fn title_and_text(v: &View, s: &StepNodes) -> (String, String) {
    let Some(p) = s.lead else {
        // A section: its title, or the marker's text.
        let title = match &s.marker {
            Some(m) if !m.rest.is_empty() => m.rest.clone(),
            _ => v.title_text(s.head).unwrap_or_default(),
        };
        return (title, String::new());
    };
    let full = v.text(p);
    let after_marker = match &s.marker {
        None => full.clone(),
        Some(m) => match v.leading_strong(p) {
            Some(strong) => {
                let st = v.text(strong);
                let tail = markers::strip_separator(full.strip_prefix(st.as_str()).unwrap_or(""));
                if !m.rest.is_empty() && markers::parse_any(&st, v.lex).is_some()
                    || markers::parse_numbered(&st).is_some() && !m.rest.is_empty()
                {
                    // The marker's text is in the strong part: it is the title.
                    return (clean_title(&m.rest), tail.to_string());
                }
                tail.to_string()
            }
            None => m.rest.clone(),
        },
    };
    let (title, rest) = split_sentence(&after_marker);
    (clean_title(&title), rest)
}

/// A title without the colon that introduces what follows.
fn clean_title(t: &str) -> String {
    squash(t).trim_end_matches([':', ' ']).trim().to_string()
}

fn step(v: &View, s: &StepNodes) -> Step {
    let (title, text) = title_and_text(v, s);
    let mut step = Step {
        number: s.number,
        anchor: format!("step-{}", s.number),
        title,
        text,
        actions: Vec::new(),
        fields: Vec::new(),
        notes: Vec::new(),
        images: Vec::new(),
        links: Vec::new(),
        contacts: Vec::new(),
        span: v.loc(s.head),
        head: crate::model::Head(Some(s.head)),
    };
    let mut texts = Vec::new();
    // Lists of field labels ("Les métadonnées obligatoires sont les
    // suivantes :") are fields, not actions.
    let mut field_lists = Vec::new();
    for &n in &s.body {
        if v.tag(n) == Tag::Paragraph {
            if let Some((list, _)) = fields::listed::announced(v, n) {
                field_lists.push(list);
            }
            for (label, help) in fields::listed::pairs(v, n) {
                field_lists.extend([label, help]);
            }
        }
        if Some(n) == s.lead || view::NOT_TEXT.contains(&v.tag(n)) || field_lists.contains(&n) {
            continue;
        }
        match v.tag(n) {
            Tag::Paragraph => {
                let t = v.text(n);
                if t.is_empty()
                    || fields::example::is_example(v, n)
                    || fields::label_help::from_paragraph(v, n).is_some()
                {
                    continue;
                }
                if score::starts_with_action(v, &t) {
                    step.actions.push(Action {
                        text: t,
                        span: v.loc(n),
                    });
                } else {
                    texts.push(t);
                }
            }
            Tag::BulletList | Tag::EnumeratedList => {
                for &item in v.children(n) {
                    let t = v.text(item);
                    if !t.is_empty() {
                        step.actions.push(Action {
                            text: t,
                            span: v.loc(item),
                        });
                    }
                }
            }
            _ => {
                if let Some(note) = admonition_note(v, n) {
                    step.notes.push(note);
                }
            }
        }
    }
    // Explanations under the lead belong to the step's text.
    let mut all = vec![std::mem::take(&mut step.text)];
    all.extend(texts);
    step.text = all
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if step.title.is_empty() {
        let (t, rest) = split_sentence(&step.text);
        step.title = clean_title(&t);
        step.text = rest;
    }
    fields::collect(v, &s.body, &mut step.fields);
    for &n in &s.body {
        collect_media(v, n, &mut step);
    }
    step
}

fn collect_media(v: &View, root: NodeId, step: &mut Step) {
    for n in v.descendants(root) {
        match v.tag(n) {
            Tag::Image => {
                let uri = v.t.attr_str(n, "uri").unwrap_or("").to_string();
                if uri.is_empty() {
                    continue;
                }
                let exists = image_exists(v, &uri);
                step.images.push(Image {
                    uri,
                    exists,
                    alt: v.t.attr_str(n, "alt").map(str::to_string),
                    span: v.loc(n),
                });
            }
            Tag::Reference => {
                let Some(url) = v.t.attr_str(n, "refuri") else {
                    continue;
                };
                if let Some(email) = url.strip_prefix("mailto:") {
                    push_contact(step, email, v.loc(n));
                } else if !step.links.iter().any(|l| l.url == url) {
                    step.links.push(Link {
                        text: v.text(n),
                        url: url.to_string(),
                        span: v.loc(n),
                    });
                }
            }
            Tag::Paragraph | Tag::Title | Tag::Strong | Tag::Emphasis | Tag::Term | Tag::Line => {
                // Addresses inside markup that the inline parser does
                // not link (inline markup does not nest in RST).
                for &child in v.children(n) {
                    if v.is_text(child) {
                        let t = v.raw(child);
                        for e in text::emails(t) {
                            push_contact(step, &e, v.loc(child));
                        }
                        if v.tag(n) == Tag::Strong {
                            for u in text::urls(t) {
                                if !step.links.iter().any(|l| l.url == u) {
                                    step.links.push(Link {
                                        text: u.clone(),
                                        url: u,
                                        span: v.loc(child),
                                    });
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn image_exists(v: &View, uri: &str) -> bool {
    let Some(root) = v.page.root else {
        return false;
    };
    if uri.contains("://") {
        return false;
    }
    let rel = crate::sphinx::source_path(v.page.rel_path, uri);
    match crate::sources::confined(root, &rel) {
        Ok(p) => p.is_file(),
        Err(_) => false,
    }
}

fn push_contact(step: &mut Step, email: &str, span: Location) {
    if !step.contacts.iter().any(|c| c.email == email) {
        step.contacts.push(Contact {
            email: email.to_string(),
            span,
        });
    }
}

fn apply_field_annotation(
    step: &mut Step,
    label: &str,
    settings: &[(String, Option<String>)],
    span: Location,
) {
    let idx = match step
        .fields
        .iter()
        .position(|f| f.label.eq_ignore_ascii_case(label))
    {
        Some(i) => i,
        None => {
            step.fields.push(fields::new_field(label, span));
            step.fields.len() - 1
        }
    };
    let cfg = field_config_from(settings);
    apply_field_config(&mut step.fields[idx], &cfg);
}

fn field_config_from(settings: &[(String, Option<String>)]) -> FieldConfig {
    let mut c = FieldConfig::default();
    for (k, v) in settings {
        match (k.as_str(), v) {
            ("kind", Some(v)) => c.kind = Some(v.clone()),
            ("required", None) => c.required = Some(true),
            ("optional", None) => c.required = Some(false),
            ("required", Some(v)) => c.required = Some(v != "false"),
            ("value", Some(v)) => c.value = Some(v.clone()),
            ("example", Some(v)) => c.example = Some(v.clone()),
            ("help", Some(v)) => c.help = Some(v.clone()),
            ("options", Some(v)) => c.options = Some(v.split('|').map(str::to_string).collect()),
            ("maps-to", Some(v)) | ("maps_to", Some(v)) => c.maps_to = Some(v.clone()),
            _ => {}
        }
    }
    c
}

fn apply_field_config(f: &mut Field, c: &FieldConfig) {
    if let Some(k) = &c.kind
        && let Ok(kind) = serde_json::from_value::<FieldKind>(serde_json::Value::String(k.clone()))
    {
        f.kind = kind;
    }
    if let Some(r) = c.required {
        f.required = r;
    }
    if let Some(v) = &c.value {
        f.value = Some(v.clone());
    }
    if let Some(v) = &c.example {
        f.example = Some(v.clone());
    }
    if let Some(v) = &c.help {
        f.help = Some(v.clone());
    }
    if let Some(v) = &c.options {
        f.options = v.clone();
    }
    if let Some(v) = &c.maps_to {
        f.maps_to = Some(v.clone());
    }
}

/// Settings of `[stepdoc.procedures.ID]` in the configuration.
fn apply_config(p: &mut Procedure, cfg: &Config) {
    let Some(pc) = cfg.procedures.get(&p.id) else {
        return;
    };
    if let Some(payload) = &pc.payload {
        p.payload = Some(payload.clone());
    }
    for (label, fc) in &pc.fields {
        for step in &mut p.steps {
            for f in &mut step.fields {
                if f.label.eq_ignore_ascii_case(label) || f.key == *label {
                    apply_field_config(f, fc);
                }
            }
        }
    }
}
