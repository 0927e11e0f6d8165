//! From a doctree to the procedure model.
//!
//! Real pages are not written for a tool, so extraction is heuristic first
//! (see the crate README for the rules), then corrected by annotations
//! (RST comments, [`annotations`]) and by the configuration ([`Config`]).
//! A page without step markers yields no procedure.

pub mod annotations;
pub mod markers;
pub mod text;

use std::path::{Path, PathBuf};

use crate::config::{Config, FieldConfig};
use crate::model::{
    Action, Contact, Document, Field, FieldKind, Image, Link, Location, Note, NoteKind, Procedure,
    Step, slug,
};
use crate::rst::{self, NodeId, Tree};
use annotations::Annotation;
use markers::Marker;
use text::{first_sentence, fold, squash};

/// Where a page sits: its path relative to the root (used in locations)
/// and the root itself (images resolve inside it).
pub struct PageInfo<'a> {
    pub rel_path: &'a str,
    pub root: Option<&'a Path>,
    pub revision: String,
}

/// Extract the model of one parsed page.
pub fn extract(doc: &rst::Document, page: &PageInfo, cfg: &Config) -> Document {
    let ex = Extractor {
        t: &doc.tree,
        page,
        cfg,
    };
    let mut procedures = ex.procedures(doc.root);
    for p in &mut procedures {
        apply_config(p, cfg);
    }
    Document {
        source: page.rel_path.to_string(),
        title: ex.page_title(doc.root),
        revision: page.revision.clone(),
        procedures,
    }
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

struct Extractor<'a> {
    t: &'a Tree,
    page: &'a PageInfo<'a>,
    cfg: &'a Config,
}

/// How a step was found.
enum StepSource {
    /// A paragraph led by a strong marker; the step owns the nodes up to the next one.
    Paragraph { nodes: Vec<NodeId>, marker: Marker },
    /// A section whose title carries a marker.
    Section { section: NodeId, marker: Marker },
}

/// A section holding steps, with what comes before the first step.
struct Holder {
    section: NodeId,
    before: Vec<NodeId>,
    steps: Vec<StepSource>,
}

impl<'a> Extractor<'a> {
    fn loc(&self, n: NodeId) -> Location {
        let s = self.t.get(n).span;
        Location {
            file: self.page.rel_path.to_string(),
            line: s.line.max(1),
            column: s.col.max(1),
            start: s.start,
            end: s.end,
        }
    }

    fn text(&self, n: NodeId) -> String {
        squash(&self.t.astext(n))
    }

    fn tag(&self, n: NodeId) -> &'static str {
        self.t.tag(n)
    }

    fn children(&self, n: NodeId) -> &[NodeId] {
        self.t.children(n)
    }

    fn title_of(&self, section: NodeId) -> Option<NodeId> {
        self.children(section)
            .iter()
            .copied()
            .find(|&c| self.tag(c) == "title")
    }

    fn page_title(&self, root: NodeId) -> Option<String> {
        let first_section = self
            .children(root)
            .iter()
            .copied()
            .find(|&c| self.tag(c) == "section")?;
        self.title_of(first_section).map(|t| self.text(t))
    }

    /// The step marker of a paragraph led by strong text.
    fn paragraph_marker(&self, p: NodeId) -> Option<Marker> {
        if self.tag(p) != "paragraph" {
            return None;
        }
        let first = *self.children(p).first()?;
        if self.tag(first) != "strong" {
            return None;
        }
        markers::parse(&self.text(first), &self.cfg.step_words)
    }

    fn section_marker(&self, s: NodeId) -> Option<Marker> {
        if self.tag(s) != "section" {
            return None;
        }
        let title = self.title_of(s)?;
        markers::parse(&self.text(title), &self.cfg.step_words)
    }

    fn sections(&self, root: NodeId) -> Vec<NodeId> {
        self.t
            .descendants(root)
            .into_iter()
            .filter(|&n| self.tag(n) == "section")
            .collect()
    }

    fn holder(&self, section: NodeId) -> Option<Holder> {
        let body: Vec<NodeId> = self
            .children(section)
            .iter()
            .copied()
            .filter(|&c| self.tag(c) != "title")
            .collect();
        let para: Vec<usize> = body
            .iter()
            .enumerate()
            .filter(|(_, n)| self.paragraph_marker(**n).is_some())
            .map(|(i, _)| i)
            .collect();
        if let Some(&first) = para.first() {
            let end_of_section = body
                .iter()
                .position(|&n| self.tag(n) == "section")
                .unwrap_or(body.len());
            let mut steps = Vec::new();
            for (k, &i) in para.iter().enumerate() {
                let end = para
                    .get(k + 1)
                    .copied()
                    .unwrap_or(end_of_section)
                    .max(i + 1);
                let marker = self.paragraph_marker(body[i])?;
                steps.push(StepSource::Paragraph {
                    nodes: body[i..end.min(body.len())].to_vec(),
                    marker,
                });
            }
            return Some(Holder {
                section,
                before: body[..first].to_vec(),
                steps,
            });
        }
        let secs: Vec<usize> = body
            .iter()
            .enumerate()
            .filter(|(_, n)| self.section_marker(**n).is_some())
            .map(|(i, _)| i)
            .collect();
        let first = *secs.first()?;
        let steps = secs
            .iter()
            .filter_map(|&i| {
                Some(StepSource::Section {
                    section: body[i],
                    marker: self.section_marker(body[i])?,
                })
            })
            .collect();
        Some(Holder {
            section,
            before: body[..first].to_vec(),
            steps,
        })
    }

    /// Sections of the page's first level under its title ("chapters").
    fn chapter_of(&self, section: NodeId, root: NodeId) -> NodeId {
        let top_sections: Vec<NodeId> = self
            .children(root)
            .iter()
            .copied()
            .filter(|&c| self.tag(c) == "section")
            .collect();
        let chapter_parent = if top_sections.len() == 1 {
            top_sections[0]
        } else {
            root
        };
        let mut cur = section;
        while let Some(parent) = self.t.parent(cur) {
            if parent == chapter_parent || parent == root {
                return cur;
            }
            cur = parent;
        }
        section
    }

    fn procedures(&self, root: NodeId) -> Vec<Procedure> {
        let holders: Vec<Holder> = self
            .sections(root)
            .into_iter()
            .filter_map(|s| self.holder(s))
            .collect();
        let mut out = Vec::new();
        for h in &holders {
            let chapter = self.chapter_of(h.section, root);
            let sharing = holders
                .iter()
                .filter(|o| self.chapter_of(o.section, root) == chapter)
                .count();
            let named_by = if sharing == 1 { chapter } else { h.section };
            out.push(self.procedure(h, named_by));
        }
        out
    }

    fn procedure(&self, h: &Holder, named_by: NodeId) -> Procedure {
        let title = self
            .title_of(named_by)
            .map(|t| self.text(t))
            .unwrap_or_default();
        let mut intro = Vec::new();
        let mut notes = Vec::new();
        let mut i = 0;
        while i < h.before.len() {
            let n = h.before[i];
            let next = h.before.get(i + 1).copied();
            if let Some(note) = self.admonition_note(n) {
                notes.push(note);
            } else if self.tag(n) == "paragraph" && self.strong_led(n) {
                let t = self.text(n);
                let is_list =
                    next.is_some_and(|x| matches!(self.tag(x), "bullet_list" | "enumerated_list"));
                if t.trim_end().ends_with(':') && is_list {
                    // "Quelques précisions :" and the list that follows.
                    let heading = t.trim_end().trim_end_matches(':').trim().to_string();
                    for item in self.children(next.unwrap_or(n)) {
                        notes.push(Note {
                            kind: NoteKind::Note,
                            title: Some(heading.clone()),
                            text: self.text(*item),
                            span: self.loc(*item),
                        });
                    }
                    i += 1;
                } else if self.fully_strong(n) && !t.trim_end().ends_with(':') {
                    notes.push(Note {
                        kind: NoteKind::Important,
                        title: None,
                        text: t,
                        span: self.loc(n),
                    });
                } else {
                    intro.push(t);
                }
            } else if self.tag(n) == "paragraph" {
                intro.push(self.text(n));
            }
            i += 1;
        }
        let mut steps: Vec<Step> = h.steps.iter().map(|s| self.step(s)).collect();
        let mut proc_settings = Vec::new();
        // Annotations: field ones in steps, procedure ones anywhere in the holder.
        for (k, s) in h.steps.iter().enumerate() {
            let nodes = match s {
                StepSource::Paragraph { nodes, .. } => nodes.clone(),
                StepSource::Section { section, .. } => self.children(*section).to_vec(),
            };
            for ann in self.annotations(&nodes) {
                match ann {
                    Annotation::Field { label, settings } => {
                        apply_field_annotation(&mut steps[k], &label, &settings, self.loc(nodes[0]))
                    }
                    Annotation::Procedure { settings } => proc_settings.extend(settings),
                    Annotation::Ignore { .. } => {}
                }
            }
        }
        for ann in self.annotations(&h.before) {
            if let Annotation::Procedure { settings } = ann {
                proc_settings.extend(settings);
            }
        }
        let mut id = slug(&title);
        let mut payload = None;
        for (k, v) in proc_settings {
            match (k.as_str(), v) {
                ("id", Some(v)) => id = slug(&v),
                ("payload", Some(v)) => payload = Some(v),
                _ => {}
            }
        }
        if id.is_empty() {
            id = "procedure".into();
        }
        Procedure {
            id,
            title,
            span: self.loc(named_by),
            intro,
            notes,
            steps,
            payload,
        }
    }

    fn annotations(&self, nodes: &[NodeId]) -> Vec<Annotation> {
        let mut out = Vec::new();
        for &n in nodes {
            for d in self.t.descendants(n) {
                if self.tag(d) == "comment"
                    && let Some(Ok(a)) = annotations::parse(&self.t.astext(d))
                {
                    out.push(a);
                }
            }
        }
        out
    }

    fn strong_led(&self, p: NodeId) -> bool {
        self.children(p)
            .first()
            .is_some_and(|&c| self.tag(c) == "strong")
    }

    /// A paragraph whose only content is strong text (white space aside).
    fn fully_strong(&self, p: NodeId) -> bool {
        let ch = self.children(p);
        !ch.is_empty()
            && ch.iter().all(|&c| {
                self.tag(c) == "strong"
                    || (self.t.is_text(c) && self.t.get(c).text.trim().is_empty())
            })
    }

    fn admonition_note(&self, n: NodeId) -> Option<Note> {
        let tag = self.tag(n);
        let kind = match tag {
            "directive" => NoteKind::from_name(self.t.attr_str(n, "name").unwrap_or("")),
            _ => NoteKind::from_name(tag),
        }?;
        let title = if tag == "admonition" {
            self.title_of(n).map(|t| self.text(t))
        } else {
            None
        };
        let text = self
            .children(n)
            .iter()
            .filter(|&&c| self.tag(c) != "title" && self.tag(c) != "system_message")
            .map(|&c| self.text(c))
            .collect::<Vec<_>>()
            .join("\n\n");
        Some(Note {
            kind,
            title,
            text,
            span: self.loc(n),
        })
    }

    fn step(&self, s: &StepSource) -> Step {
        let (number, marker_rest, nodes, span_node, lead) = match s {
            StepSource::Paragraph { nodes, marker } => (
                marker.number,
                marker.rest.clone(),
                nodes.clone(),
                nodes[0],
                Some(nodes[0]),
            ),
            StepSource::Section { section, marker } => {
                let body: Vec<NodeId> = self
                    .children(*section)
                    .iter()
                    .copied()
                    .filter(|&c| self.tag(c) != "title")
                    .collect();
                (marker.number, marker.rest.clone(), body, *section, None)
            }
        };
        let mut step = Step {
            number,
            anchor: format!("step-{number}"),
            title: String::new(),
            text: String::new(),
            actions: Vec::new(),
            fields: Vec::new(),
            notes: Vec::new(),
            images: Vec::new(),
            links: Vec::new(),
            contacts: Vec::new(),
            span: self.loc(span_node),
        };
        // The lead paragraph: marker, then the step's own text.
        let mut rest_nodes: &[NodeId] = &nodes;
        if let Some(p) = lead {
            let full = self.text(p);
            let strong = self
                .children(p)
                .first()
                .map(|&c| self.text(c))
                .unwrap_or_default();
            let after = squash(full.strip_prefix(strong.as_str()).unwrap_or(&full))
                .trim_start_matches([':', '-', '–', '—'])
                .trim()
                .to_string();
            step.text = after.clone();
            step.title = if marker_rest.is_empty() {
                first_sentence(&after)
            } else {
                marker_rest.clone()
            };
            rest_nodes = &nodes[1..];
        } else {
            step.title = marker_rest.clone();
        }
        if step.title.is_empty() {
            step.title = step.text.clone();
        }
        let mut texts = Vec::new();
        let mut i = 0;
        while i < rest_nodes.len() {
            let n = rest_nodes[i];
            let next = rest_nodes.get(i + 1).copied();
            match self.tag(n) {
                "paragraph" => {
                    if self.example_paragraph(n, &mut step.fields) {
                        // consumed as the example of the previous field
                    } else if let Some(consumed_list) =
                        self.fields_from_paragraph(n, next, &mut step)
                    {
                        if consumed_list {
                            i += 1;
                        }
                    } else if step.text.is_empty() && lead.is_none() {
                        step.text = self.text(n);
                    } else {
                        texts.push(self.text(n));
                        step.actions.push(Action {
                            text: self.text(n),
                            span: self.loc(n),
                        });
                    }
                }
                "bullet_list" | "enumerated_list" => {
                    for &item in self.children(n) {
                        let t = self.text(item);
                        self.checkbox_fields(item, &mut step.fields);
                        step.actions.push(Action {
                            text: t,
                            span: self.loc(item),
                        });
                    }
                }
                _ => {
                    if let Some(note) = self.admonition_note(n) {
                        step.notes.push(note);
                    }
                }
            }
            i += 1;
        }
        if step.text.is_empty() {
            step.text = texts.join("\n\n");
        }
        if step.title.is_empty() {
            step.title = first_sentence(&step.text);
        }
        // Images, links and contacts anywhere in the step.
        for &n in &nodes {
            self.collect_media(n, &mut step);
        }
        step
    }

    /// An "Exemple : ..." paragraph gives the example of the last field.
    fn example_paragraph(&self, p: NodeId, fields: &mut [Field]) -> bool {
        let t = self.text(p);
        let f = fold(&t);
        if !(f.starts_with("exemple")
            || f.starts_with("example")
            || f.starts_with("ex :")
            || f.starts_with("ex."))
        {
            return false;
        }
        let Some(field) = fields.last_mut() else {
            return false;
        };
        let strong = self
            .t
            .descendants(p)
            .into_iter()
            .filter(|&n| self.tag(n) == "strong" || self.tag(n) == "literal")
            .map(|n| self.text(n))
            .next_back();
        let example = strong.unwrap_or_else(|| {
            t.split_once(':')
                .map(|(_, r)| r.trim().to_string())
                .unwrap_or_default()
        });
        if !example.is_empty() {
            field.example = Some(example);
        }
        true
    }

    /// Fields from a paragraph: `**Label**: help`, checkbox sentences, and
    /// "the required fields are:" followed by a list. Returns Some(true)
    /// when the following list was consumed, Some(false) when only the
    /// paragraph was, None when it holds no field.
    fn fields_from_paragraph(
        &self,
        p: NodeId,
        next: Option<NodeId>,
        step: &mut Step,
    ) -> Option<bool> {
        let t = self.text(p);
        let f = fold(&t);
        let ch = self.children(p);
        // "Les métadonnées obligatoires sont les suivantes :" + list
        if t.trim_end().ends_with(':')
            && let Some(list) =
                next.filter(|&x| matches!(self.tag(x), "bullet_list" | "enumerated_list"))
        {
            let required = if ["facultati", "optionnel", "optional"]
                .iter()
                .any(|w| f.contains(w))
            {
                Some(false)
            } else if ["obligatoire", "required", "mandatory"]
                .iter()
                .any(|w| f.contains(w))
            {
                Some(true)
            } else {
                None
            };
            if let Some(required) = required {
                for &item in self.children(list) {
                    let it = self.text(item);
                    let (label, help) = match it.split_once(" : ").or_else(|| it.split_once(": ")) {
                        Some((l, h)) => (l.trim().to_string(), Some(h.trim().to_string())),
                        None => (
                            it.trim().trim_end_matches([';', '.', ',']).to_string(),
                            None,
                        ),
                    };
                    let mut field = new_field(&label, self.loc(item));
                    field.required = required;
                    field.help = help;
                    classify(&mut field);
                    step.fields.push(field);
                }
                return Some(true);
            }
        }
        // "Cochez les cases **A** et **B**": checkbox fields, and an action.
        if self.checkbox_fields(p, &mut step.fields) {
            step.actions.push(Action {
                text: t,
                span: self.loc(p),
            });
            return Some(false);
        }
        // **Label**: help text
        let first = *ch.first()?;
        if self.tag(first) != "strong" {
            return None;
        }
        let strong = self.text(first);
        if strong.is_empty() || markers::parse(&strong, &self.cfg.step_words).is_some() {
            return None;
        }
        let (label, path_help) = match strong.split_once("->") {
            Some((l, _)) => (l.trim().to_string(), Some(strong.clone())),
            None => (strong.clone(), None),
        };
        let label_words = label.split_whitespace().count();
        if label.is_empty() || label_words > 4 || label.ends_with(['.', ':']) && label_words > 2 {
            return None;
        }
        let after = squash(t.strip_prefix(strong.as_str()).unwrap_or(&t))
            .trim_start_matches([':', '-', '–'])
            .trim()
            .to_string();
        let help = match (path_help, after.is_empty()) {
            (Some(p), true) => Some(p),
            (Some(p), false) => Some(format!("{p} {after}")),
            (None, true) => None,
            (None, false) => Some(after.clone()),
        };
        let mut field = new_field(&label, self.loc(p));
        field.help = help;
        // A link in the paragraph makes it a URL field with that value.
        let refs: Vec<String> = self
            .t
            .descendants(p)
            .into_iter()
            .filter(|&n| self.tag(n) == "reference")
            .filter_map(|n| self.t.attr_str(n, "refuri").map(str::to_string))
            .filter(|u| !u.starts_with("mailto:"))
            .collect();
        if let Some(url) = refs
            .first()
            .cloned()
            .or_else(|| text::urls(&after).into_iter().next())
        {
            field.kind = FieldKind::Url;
            field.value = Some(url);
        }
        classify(&mut field);
        step.fields.push(field);
        Some(false)
    }

    /// Checkbox fields from "Cochez les cases **A** et **B** puis ...".
    fn checkbox_fields(&self, n: NodeId, fields: &mut Vec<Field>) -> bool {
        let container = if self.tag(n) == "list_item" {
            match self.children(n).first() {
                Some(&p) if self.tag(p) == "paragraph" => p,
                _ => return false,
            }
        } else {
            n
        };
        let f = fold(&self.text(container));
        if !["cochez", "cocher", "check the", "tick"]
            .iter()
            .any(|w| f.contains(w))
        {
            return false;
        }
        let mut found = false;
        let mut stop = false;
        for &c in self.children(container) {
            if self.t.is_text(c) {
                let tf = fold(&self.t.get(c).text);
                if found
                    && [" puis", " then", "cliquez", "click", ", et "]
                        .iter()
                        .any(|w| tf.contains(w))
                {
                    stop = true;
                }
                continue;
            }
            if stop || self.tag(c) != "strong" {
                continue;
            }
            let label = self.text(c);
            if label.is_empty() {
                continue;
            }
            let mut field = new_field(&label, self.loc(c));
            field.kind = FieldKind::Checkbox;
            field.value = Some("true".into());
            field.help = Some(self.text(container));
            fields.push(field);
            found = true;
        }
        found
    }

    fn collect_media(&self, root: NodeId, step: &mut Step) {
        for n in self.t.descendants(root) {
            match self.tag(n) {
                "image" => {
                    let uri = self.t.attr_str(n, "uri").unwrap_or("").to_string();
                    if uri.is_empty() {
                        continue;
                    }
                    let exists = self.image_exists(&uri);
                    step.images.push(Image {
                        uri,
                        exists,
                        alt: self.t.attr_str(n, "alt").map(str::to_string),
                        span: self.loc(n),
                    });
                }
                "reference" => {
                    let Some(url) = self.t.attr_str(n, "refuri") else {
                        continue;
                    };
                    if let Some(email) = url.strip_prefix("mailto:") {
                        push_contact(step, email, self.loc(n));
                    } else if !step.links.iter().any(|l| l.url == url) {
                        step.links.push(Link {
                            text: self.text(n),
                            url: url.to_string(),
                            span: self.loc(n),
                        });
                    }
                }
                "paragraph" | "title" | "strong" | "emphasis" | "term" | "line" => {
                    // Addresses inside markup that the inline parser does
                    // not link (inline markup does not nest in RST).
                    for child in self.children(n) {
                        if self.t.is_text(*child) {
                            let t = &self.t.get(*child).text;
                            for e in text::emails(t) {
                                push_contact(step, &e, self.loc(*child));
                            }
                            if self.tag(n) == "strong" {
                                for u in text::urls(t) {
                                    if !step.links.iter().any(|l| l.url == u) {
                                        step.links.push(Link {
                                            text: u.clone(),
                                            url: u,
                                            span: self.loc(*child),
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

    fn image_exists(&self, uri: &str) -> bool {
        let Some(root) = self.page.root else {
            return false;
        };
        if uri.contains("://") {
            return false;
        }
        let page_dir = Path::new(self.page.rel_path)
            .parent()
            .unwrap_or(Path::new(""));
        let rel: PathBuf = if let Some(abs) = uri.strip_prefix('/') {
            PathBuf::from(abs)
        } else {
            page_dir.join(uri)
        };
        match crate::sources::confined(root, &rel) {
            Ok(p) => p.is_file(),
            Err(_) => false,
        }
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

fn new_field(label: &str, span: Location) -> Field {
    Field {
        label: label.to_string(),
        key: field_key(label),
        kind: FieldKind::Text,
        required: true,
        value: None,
        options: Vec::new(),
        example: None,
        help: None,
        maps_to: None,
        span,
    }
}

/// Property name of a field in answer files.
pub fn field_key(label: &str) -> String {
    let s = slug(label).replace('-', "_");
    if s.is_empty() { "field".into() } else { s }
}

/// Kind, fixed value and requiredness from the help text.
fn classify(field: &mut Field) {
    let help = field.help.clone().unwrap_or_default();
    let f = fold(&help);
    if [
        "facultati",
        "optionnel",
        "optional",
        "si besoin",
        "if needed",
    ]
    .iter()
    .any(|w| f.contains(w))
    {
        field.required = false;
    }
    if ["obligatoire", "required", "mandatory"]
        .iter()
        .any(|w| f.contains(w))
        || field.label.ends_with('*')
    {
        field.required = true;
        field.label = field.label.trim_end_matches('*').trim().to_string();
    }
    if field.kind == FieldKind::Text {
        // "Choisir ckan dans le menu déroulant" / "Select ckan in the drop-down"
        for lead in [
            "choisir ",
            "choisissez ",
            "selectionner ",
            "selectionnez ",
            "select ",
            "choose ",
        ] {
            if let Some(pos) = f.find(lead) {
                let tail = &f[pos + lead.len()..];
                let dropdown = [
                    "menu deroulant",
                    "liste deroulante",
                    "drop-down",
                    "dropdown",
                    "list",
                ]
                .iter()
                .any(|w| tail.contains(w));
                let value: String = help
                    .split_whitespace()
                    .nth(f[..pos + lead.len()].split_whitespace().count())
                    .unwrap_or("")
                    .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
                    .to_string();
                if dropdown && !value.is_empty() {
                    field.kind = FieldKind::Choice;
                    field.value = Some(value.clone());
                    field.options = vec![value];
                    break;
                }
            }
        }
    }
    if field.kind == FieldKind::Text
        && !text::emails(&help).is_empty()
        && fold(&field.label).contains("mail")
    {
        field.kind = FieldKind::Email;
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
            step.fields.push(new_field(label, span));
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
