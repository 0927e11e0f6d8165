//! What a recognizer proposes: a run of steps, with the evidence the scorer
//! weighs and the decision `stepdoc extract --explain` prints.

use crate::rst::NodeId;

use super::markers::Marker;

/// Where the steps of a candidate come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The items of an enumerated list (or of several, when unindented
    /// material splits one list and its numbering carries on).
    EnumeratedList,
    /// Paragraphs led by a step marker (`**Step 1**.`, `**1 - ...**`).
    MarkerParagraphs,
    /// Bullet items led by a step marker (`- Step 1: ...`).
    MarkerItems,
    /// Sections whose titles number a step (`Étape 1 : ...`), or sections
    /// the text announces as steps.
    StepSections,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::EnumeratedList => "enumerated-list",
            Source::MarkerParagraphs => "marker-paragraphs",
            Source::MarkerItems => "marker-items",
            Source::StepSections => "step-sections",
        }
    }
}

/// One step of a candidate: where it starts and what it holds.
#[derive(Debug, Clone)]
pub struct StepNodes {
    /// The number the page gives the step.
    pub number: u32,
    /// The node the step starts at: a list item, a paragraph or a section.
    pub head: NodeId,
    /// The marker that numbers the step, when there is one.
    pub marker: Option<Marker>,
    /// The paragraph that holds the step's title, when it has one.
    pub lead: Option<NodeId>,
    /// Nodes whose content is the step: the children of the item or the
    /// section (title left out), or the marker paragraph and what follows
    /// it; then the material between this item and the next one of a split
    /// list.
    pub body: Vec<NodeId>,
}

/// A lead-in: the sentence or pseudo-heading that introduces the steps.
#[derive(Debug, Clone)]
pub struct LeadIn {
    pub node: NodeId,
    /// The sentence, without its trailing colon.
    pub text: String,
    /// A strong pseudo-heading ("**To create a project**").
    pub heading: bool,
}

/// A piece of evidence and what it weighs.
#[derive(Debug, Clone)]
pub struct Signal {
    pub name: &'static str,
    pub weight: f32,
    pub detail: String,
}

/// How a candidate was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A procedure: its score reached the threshold.
    Procedure,
    /// Not a procedure: its score fell short.
    NotProcedure,
    /// Forced by an annotation (`.. stepdoc: procedure` / `ignore`).
    Annotated(bool),
    /// Inside a step of a procedure found around it: a sub-step list.
    Nested,
}

impl Decision {
    pub fn accepted(self) -> bool {
        matches!(self, Decision::Procedure | Decision::Annotated(true))
    }
}

/// A run of steps a recognizer found.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub source: Source,
    /// The node whose children hold the steps (a section, an admonition, a
    /// list item...); for step sections, the section holding them.
    pub container: NodeId,
    pub steps: Vec<StepNodes>,
    pub lead_in: Option<LeadIn>,
    pub signals: Vec<Signal>,
    pub score: f32,
    pub decision: Decision,
    /// An annotation on the list: `Some(true)` procedure, `Some(false)` ignore.
    pub annotated: Option<bool>,
}

impl Candidate {
    pub fn new(source: Source, container: NodeId, steps: Vec<StepNodes>) -> Candidate {
        Candidate {
            source,
            container,
            steps,
            lead_in: None,
            signals: Vec::new(),
            score: 0.0,
            decision: Decision::NotProcedure,
            annotated: None,
        }
    }

    pub fn signal(&mut self, name: &'static str, weight: f32, detail: impl Into<String>) {
        self.score += weight;
        self.signals.push(Signal {
            name,
            weight,
            detail: detail.into(),
        });
    }

    /// The first node of the candidate.
    pub fn head(&self) -> Option<NodeId> {
        self.steps.first().map(|s| s.head)
    }
}
