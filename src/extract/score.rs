//! The scorer: whether a candidate's items are actions a reader performs,
//! decided from evidence rather than from one idiom. Each signal adds its
//! weight to the score; a candidate at or above [`THRESHOLD`] is a
//! procedure. `stepdoc extract --explain` prints the signals.
//!
//! | signal | weight | evidence |
//! |---|---|---|
//! | `verbs` | +3 × share | items that start with an imperative verb (after a leading phrase such as "In the dialog box," or "Dans la liste X,"); a step numbered by a marker or a title may hold its actions below it |
//! | `statements` | −1.5 × share | items that start with a subject or a conjunction ("The", "Le moteur", "If") |
//! | `ui` | +1 × share | items with UI roles (`:guilabel:`, `:menuselection:`, `:kbd:`, `:command:`) |
//! | `code` | +1 × share | items with console or code blocks |
//! | `markers` | +3 (step words, ordinals) or +1 (bare numbers) | the steps are numbered by markers |
//! | `split-list` | +0.5, +1 across code | numbering carried on across material between lists (commands to run, when that material is code) |
//! | `lead-in` | +1, or −1 when it describes | a lead-in that instructs the reader, or one that describes something else |
//! | `alternatives` | −3 | the lead-in or the paragraph before offers alternatives ("one of the following", "several alternatives", "three different ways") |
//! | `task-title` | +1 | the section title names a task ("Adding ...", "How to ...", "Installer ...") |
//! | `definitions` | −2 × share | items without a step marker that define a term (`**Label** : what it is`) |
//! | `links` | −2 × share | items that are only a link |
//! | `two-items` | −1 | a list of two items |
//! | `single-step` | −10 | one step is not a procedure |

use crate::rst::NodeId;
use crate::rst::Tag;

use super::candidate::{Candidate, Source};
use super::lead_in::{self, Voice};
use super::markers::MarkerKind;
use super::text::{fold, words};
use super::view::View;

/// The score at which a candidate is a procedure.
pub const THRESHOLD: f32 = 2.5;

/// Words that offer alternatives rather than a sequence ("several
/// alternatives were proposed", "Use one of the following", "There are
/// three different ways to ...", "quatre manières différentes").
fn offers_alternatives(words: &[String]) -> bool {
    let has = |x: &str| words.iter().any(|w| w == x);
    has("alternatives")
        || has("alternative")
        || has("possibilities")
        || has("possibilites")
        || has("either")
        || has("ways")
        || has("manieres")
        || has("facons")
        || words.windows(3).any(|w| {
            (w[0] == "one" && w[1] == "of" && w[2] == "the") || (w[0] == "l'une" && w[1] == "des")
        })
}

/// Whether text starts with an action: an imperative verb, possibly after
/// adverbs ("Then click"), after a leading phrase ended by a comma or a
/// colon ("In the :guilabel:`Create` dialog, enter ...", "Dans ``x`` :
/// changez ...", "Dans X : s'il y a ..., modifiez ..."), or an obligation
/// addressed to the reader ("you need to ...", "il faut ...", "vous
/// devez ..."). A second sentence led by such a phrase counts too ("Il est
/// nécessaire de ... Pour cela, lancez la commande").
pub fn starts_with_action(v: &View, text: &str) -> bool {
    action(v, text, true)
}

/// [`starts_with_action`] without obligations: the text starts with an
/// imperative verb (after a leading phrase).
pub fn starts_with_imperative(v: &View, text: &str) -> bool {
    action(v, text, false)
}

fn action(v: &View, text: &str, obligations: bool) -> bool {
    let (first, rest) = super::text::split_sentence(text);
    if sentence_is_action(v, &first, true, obligations) {
        return true;
    }
    let (second, _) = super::text::split_sentence(&rest);
    // After a short lead ended by a colon ("Dans ``x`` :"), the next
    // sentence is the action itself.
    let lead_colon = first.trim_end().ends_with(':') && words(&first).len() <= 8;
    !second.is_empty() && sentence_is_action(v, &second, lead_colon, obligations)
}

fn first_word_is_verb(v: &View, w: &[String]) -> bool {
    w.iter()
        .find(|x| !v.lex.is_adverb(x))
        .is_some_and(|x| v.lex.is_verb(x))
}

fn sentence_is_action(v: &View, sentence: &str, first: bool, obligations: bool) -> bool {
    let w = words(sentence);
    if first && first_word_is_verb(v, &w) {
        return true;
    }
    if first && obligations && v.lex.obliges(&super::text::fold(sentence)) {
        return true;
    }
    // Clauses split at commas, semicolons and colons.
    let clauses: Vec<Vec<String>> = sentence.split([',', ';', ':']).map(words).collect();
    let Some(lead) = clauses.first() else {
        return false;
    };
    if lead.len() > 16 || (!first && !lead.first().is_some_and(|x| v.lex.leads_clause(x))) {
        return false;
    }
    for (k, clause) in clauses.iter().enumerate().skip(1).take(3) {
        if first_word_is_verb(v, clause) {
            return true;
        }
        // Go on past a condition ("s'il y a une correspondance, modifiez").
        let conditional = clause.first().is_some_and(|x| v.lex.leads_clause(x));
        if !conditional || k == 3 {
            break;
        }
    }
    false
}

/// Whether a step's nodes below its lead hold an action: a paragraph or a
/// list item that starts with a verb.
fn body_has_action(v: &View, s: &super::candidate::StepNodes) -> bool {
    s.body
        .iter()
        .filter(|&&n| Some(n) != s.lead)
        .any(|&n| match v.tag(n) {
            Tag::Paragraph => starts_with_imperative(v, &v.text(n)),
            Tag::BulletList | Tag::EnumeratedList => v
                .children(n)
                .iter()
                .any(|&item| starts_with_imperative(v, &v.text(item))),
            _ => false,
        })
}

/// Whether text starts with a subject or a conjunction: a statement.
fn starts_with_statement(v: &View, text: &str) -> bool {
    let w = words(text);
    w.first().is_some_and(|f| v.lex.is_subject(f))
}

/// Whether an item defines a term: it starts with marked-up text followed
/// by `:`, `--` or `-`, and what follows is not an action.
fn is_definition(v: &View, p: NodeId) -> bool {
    let ch = v.children(p);
    let Some(&first) = ch.first() else {
        return false;
    };
    if !matches!(
        v.tag(first),
        Tag::Strong | Tag::Emphasis | Tag::Literal | Tag::Inline
    ) {
        return false;
    }
    let Some(&next) = ch.get(1) else {
        return false;
    };
    if !v.is_text(next) {
        return false;
    }
    let after = v.raw(next).trim_start();
    let Some(rest) = after
        .strip_prefix("--")
        .or_else(|| after.strip_prefix(':'))
        .or_else(|| after.strip_prefix('–'))
        .or_else(|| after.strip_prefix('—'))
        .or_else(|| after.strip_prefix(" -"))
        .or_else(|| after.strip_prefix("- "))
    else {
        return false;
    };
    let full = v.text(p);
    let label = v.text(first);
    let tail = full
        .strip_prefix(label.as_str())
        .unwrap_or(rest)
        .trim_start()
        .trim_start_matches([':', '-', '–', '—'])
        .trim();
    !tail.is_empty() && !starts_with_action(v, tail)
}

/// Whether an item is nothing but a link.
fn is_link_only(v: &View, p: NodeId) -> bool {
    let ch: Vec<NodeId> = v
        .children(p)
        .iter()
        .copied()
        .filter(|&c| !(v.is_text(c) && v.raw(c).trim().is_empty()))
        .filter(|&c| v.tag(c) != Tag::Target)
        .collect();
    ch.len() == 1 && v.tag(ch[0]) == Tag::Reference
        || (ch.len() == 1 && v.tag(ch[0]) == Tag::Inline && v.role(ch[0]) == Some("doc"))
}

/// Whether a title names a task: it starts with a verb, a gerund of one, a
/// noun of action ("Installation", "Suppression de masse"), or a purpose
/// ("How to ...", "To ...", "Comment ...", "Pour ...").
pub fn task_title(v: &View, title: &str) -> bool {
    let folded = fold(title);
    let w = words(title);
    let Some(first) = w.first() else {
        return false;
    };
    v.lex.is_verb(first)
        || lead_in::is_gerund(v, first)
        || v.lex.is_task_noun(first)
        || v.lex.starts_with_purpose(&folded)
        || folded.starts_with("how to ")
}

fn share(k: usize, n: usize) -> f32 {
    if n == 0 { 0.0 } else { k as f32 / n as f32 }
}

/// Score a candidate: find its lead-in, weigh its signals, decide.
pub fn score(v: &View, c: &mut Candidate) {
    c.lead_in = lead_in::find(v, c);
    let n = c.steps.len();
    if n < 2 {
        c.signal("single-step", -10.0, "one step is not a procedure");
    } else if n == 2 && c.source == Source::EnumeratedList {
        c.signal("two-items", -1.0, "a list of two items");
    }
    // What the steps say: the lead paragraph, or the title of a section.
    let leads: Vec<(Option<NodeId>, String)> = c
        .steps
        .iter()
        .map(|s| {
            let text = match (&s.marker, s.lead) {
                (Some(m), _) if !m.rest.is_empty() => m.rest.clone(),
                (Some(_), Some(p)) => {
                    let full = v.text(p);
                    let strong = v.leading_strong(p).map(|st| v.text(st)).unwrap_or_default();
                    super::markers::strip_separator(
                        full.strip_prefix(strong.as_str()).unwrap_or(&full),
                    )
                    .to_string()
                }
                (None, Some(p)) => v.text(p),
                (_, None) => v.title_text(s.head).unwrap_or_default(),
            };
            (s.lead, text)
        })
        .collect();
    // A step numbered by a marker or a section title may hold its actions
    // below its title ("**Etape 1** : Enregistrement" and a list of what to
    // do); an item of a list is its own action.
    let verbs = c
        .steps
        .iter()
        .zip(&leads)
        .filter(|(s, (_, t))| {
            starts_with_action(v, t)
                || (c.source != Source::EnumeratedList && body_has_action(v, s))
        })
        .count();
    c.signal(
        "verbs",
        3.0 * share(verbs, n),
        format!("{verbs} of {n} steps start with an imperative verb"),
    );
    let statements = leads
        .iter()
        .filter(|(_, t)| !starts_with_action(v, t) && starts_with_statement(v, t))
        .count();
    if statements > 0 {
        c.signal(
            "statements",
            -1.5 * share(statements, n),
            format!("{statements} of {n} steps start as statements (a subject or a conjunction)"),
        );
    }
    let ui = c
        .steps
        .iter()
        .filter(|s| s.body.iter().any(|&b| v.has_ui_role(b)))
        .count();
    if ui > 0 {
        c.signal(
            "ui",
            share(ui, n),
            format!("{ui} of {n} steps name interface labels"),
        );
    }
    let code = c
        .steps
        .iter()
        .filter(|s| s.body.iter().any(|&b| v.has_code(b)))
        .count();
    if code > 0 {
        c.signal(
            "code",
            share(code, n),
            format!("{code} of {n} steps hold code or console blocks"),
        );
    }
    let kinds: Vec<MarkerKind> = c
        .steps
        .iter()
        .filter_map(|s| s.marker.as_ref().map(|m| m.kind))
        .collect();
    if c.source != Source::EnumeratedList && !kinds.is_empty() {
        if kinds.iter().all(|k| *k == MarkerKind::Number) {
            c.signal("markers", 1.0, "steps numbered by bare numbers");
        } else {
            c.signal("markers", 3.0, "steps numbered by step markers");
        }
    }
    if c.source == Source::StepSections && kinds.is_empty() {
        c.signal("announced", 1.0, "the text announces the sections as steps");
    }
    let definitions = c
        .steps
        .iter()
        .zip(&leads)
        .filter(|(s, (p, _))| s.marker.is_none() && p.is_some_and(|p| is_definition(v, p)))
        .count();
    if definitions > 0 {
        c.signal(
            "definitions",
            -2.0 * share(definitions, n),
            format!("{definitions} of {n} steps define a term"),
        );
    }
    let links = leads
        .iter()
        .filter(|(p, _)| p.is_some_and(|p| is_link_only(v, p)))
        .count();
    if links > 0 {
        c.signal(
            "links",
            -2.0 * share(links, n),
            format!("{links} of {n} steps are only a link"),
        );
    }
    let before = c
        .lead_in
        .as_ref()
        .map(|l| l.node)
        .or_else(|| lead_in::previous_paragraph(v, c));
    if let Some(p) = before
        && offers_alternatives(&v.words(p))
    {
        c.signal(
            "alternatives",
            -3.0,
            format!("introduced by {:?}, which offers alternatives", v.text(p)),
        );
    }
    if let Some(lead) = &c.lead_in {
        match lead_in::voice(v, lead) {
            Voice::Instructs => c.signal("lead-in", 1.0, format!("introduced by {:?}", lead.text)),
            Voice::Describes => c.signal(
                "lead-in",
                -1.0,
                format!(
                    "introduced by {:?}, which describes rather than instructs",
                    lead.text
                ),
            ),
        }
    }
    let holder = super::holder(v, c);
    if let Some(title) = holder.and_then(|h| v.title_text(h))
        && task_title(v, &title)
    {
        c.signal(
            "task-title",
            1.0,
            format!("the section title {title:?} names a task"),
        );
    }
}
