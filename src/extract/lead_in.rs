//! Lead-ins: the sentence that introduces a list of steps ("To add a
//! user:", "Pour ajouter une couche :", "Follow these steps:") or a strong
//! pseudo-heading ("**To create a project**").
//!
//! The lead-in is the last paragraph before the steps, skipping pictures,
//! admonitions, targets and comments: a paragraph whose last sentence ends
//! with a colon (that sentence is the lead-in), or a paragraph that is all
//! strong text. A strong pseudo-heading stays the lead-in when one
//! explanatory paragraph stands between it and the steps.

use crate::rst::NodeId;
use crate::rst::Tag;

use super::candidate::{Candidate, LeadIn, Source};
use super::text::{fold, split_sentence, words};
use super::view::View;

/// Nodes skipped when looking back for a lead-in.
fn skipped(v: &View, n: NodeId) -> bool {
    let tag = v.tag(n);
    (tag.is_admonition()
        || matches!(
            tag,
            Tag::Image
                | Tag::Figure
                | Tag::Target
                | Tag::Comment
                | Tag::SubstitutionDefinition
                | Tag::SystemMessage
                | Tag::Directive
        ))
        && !v.is_code(n)
}

/// The node of the container that starts the candidate's steps.
pub fn top(v: &View, c: &Candidate) -> Option<NodeId> {
    let head = c.head()?;
    match c.source {
        Source::EnumeratedList | Source::MarkerItems => v.parent(head),
        Source::MarkerParagraphs => Some(head),
        Source::StepSections => None,
    }
}

/// The last sentence of a paragraph's text.
fn last_sentence(text: &str) -> String {
    let mut rest = text.to_string();
    loop {
        let (first, tail) = split_sentence(&rest);
        if tail.is_empty() {
            return first;
        }
        rest = tail;
    }
}

/// The lead-in of a candidate, if it has one.
pub fn find(v: &View, c: &Candidate) -> Option<LeadIn> {
    let top = top(v, c)?;
    let siblings = v.children(v.parent(top)?);
    let at = siblings.iter().position(|&s| s == top)?;
    let mut explanatory = 0;
    for &n in siblings[..at].iter().rev() {
        if skipped(v, n) {
            continue;
        }
        if v.tag(n) != Tag::Paragraph {
            return None;
        }
        let text = v.text(n);
        let trimmed = text.trim_end();
        let heading = v.fully_marked(n, &[Tag::Strong]);
        if heading && !trimmed.ends_with('.') {
            return Some(LeadIn {
                node: n,
                text: trimmed.trim_end_matches([':', ' ']).to_string(),
                heading: true,
            });
        }
        if explanatory == 0 && trimmed.ends_with(':') {
            let sentence = last_sentence(trimmed);
            return Some(LeadIn {
                node: n,
                text: sentence.trim_end_matches([':', ' ']).trim().to_string(),
                heading: false,
            });
        }
        explanatory += 1;
        if explanatory > 1 {
            return None;
        }
    }
    None
}

/// The paragraph just before the candidate's steps (pictures, targets and
/// comments skipped), whether or not it is a lead-in.
pub fn previous_paragraph(v: &View, c: &Candidate) -> Option<NodeId> {
    let top = top(v, c)?;
    let siblings = v.children(v.parent(top)?);
    let at = siblings.iter().position(|&s| s == top)?;
    siblings[..at]
        .iter()
        .rev()
        .find(|&&n| {
            !matches!(
                v.tag(n),
                Tag::Image | Tag::Figure | Tag::Target | Tag::Comment | Tag::SystemMessage
            )
        })
        .copied()
        .filter(|&n| v.tag(n) == Tag::Paragraph)
}

/// How a lead-in speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// It tells the reader what to do: a purpose ("To add a user"), an
    /// imperative ("Follow these steps"), words addressing the reader
    /// ("vous devez suivre les étapes suivantes"), or words announcing
    /// steps ("Étapes à suivre").
    Instructs,
    /// It describes something else ("A rule has three groups of
    /// conditions, which are checked in order", "consider what the
    /// extension code really does").
    Describes,
}

pub fn voice(v: &View, lead: &LeadIn) -> Voice {
    let folded = fold(&lead.text);
    let w = words(&lead.text);
    let reader = w.iter().any(|x| v.lex.addresses_reader(x));
    // "consider what the extension code really does", "the engine
    // performs": what something else does.
    if !reader
        && w.iter().any(|x| {
            matches!(
                x.as_str(),
                "does" | "performs" | "happens" | "works" | "effectue" | "deroule" | "passe"
            )
        })
    {
        return Voice::Describes;
    }
    let first = w.iter().find(|w| !v.lex.is_adverb(w));
    if v.lex.starts_with_purpose(&folded)
        || first.is_some_and(|f| v.lex.is_verb(f) || is_gerund(v, f))
        || reader
        // "Étapes à suivre", "Voici le détail des étapes", "Here are the
        // steps": steps announced, with no other subject than the steps.
        || first.is_some_and(|f| {
            v.lex.announces_steps(f)
                || (matches!(f.as_str(), "voici" | "here") && w.iter().any(|x| v.lex.announces_steps(x)))
        })
        || super::score::starts_with_action(v, &lead.text)
        // "Si le message ... apparaît, effectuez les opérations ci-dessous":
        // the main clause comes last.
        || lead
            .text
            .rsplit_once(',')
            .is_some_and(|(_, main)| super::score::starts_with_action(v, main))
    {
        Voice::Instructs
    } else {
        Voice::Describes
    }
}

/// An English gerund of a known verb ("Adding", "Creating", "Cloning").
pub fn is_gerund(v: &View, word: &str) -> bool {
    let Some(stem) = word.strip_suffix("ing") else {
        return false;
    };
    if stem.len() < 2 {
        return false;
    }
    let undoubled = {
        let b = stem.as_bytes();
        if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
            Some(&stem[..stem.len() - 1])
        } else {
            None
        }
    };
    v.lex.is_verb(stem)
        || v.lex.is_verb(&format!("{stem}e"))
        || undoubled.is_some_and(|u| v.lex.is_verb(u))
}
