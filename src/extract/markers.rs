//! Step markers: the words that number a step where the page does not use
//! an enumerated list.
//!
//! - a step word and a number, in any case, with or without accents:
//!   `ETAPE 1:`, `Étape 2 -`, `Etape n°1`, `Step 3:`, `Step 4.` (more words
//!   can be configured, `step-words`);
//! - an ordinal and a step word: `Première étape`, `Second step`,
//!   `2e étape`;
//! - a bare number and a separator, `1 - Donner un titre`, `1. Install`:
//!   only where the page sets the line apart (a strong paragraph, a section
//!   title), since in running text it is an enumerator or a quantity.
//!
//! The separator may sit inside or after strong text (`**Step 1**.`,
//! `**Step 1:**`): [`strip_separator`] removes what is left of it.

use super::lexicon::Lexicon;
use super::text::fold;

/// A recognised marker: the step number and the text after the marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub number: u32,
    /// What follows the marker and its separator, trimmed.
    pub rest: String,
    /// How the step is numbered.
    pub kind: MarkerKind,
}

/// The forms of [`Marker`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    /// A step word and a number (`Step 2`).
    Word,
    /// An ordinal and a step word (`Deuxième étape`).
    Ordinal,
    /// A bare number (`2 - Configure`).
    Number,
}

/// Words that introduce a step, compared after [`fold`].
pub const DEFAULT_STEP_WORDS: &[&str] = &["etape", "step"];

/// Separators between a marker and its text.
const SEPARATORS: &[char] = &[':', '-', '–', '—', '.', ')', '/', '|'];

/// The text after a marker without the separator that may lead it
/// (`". You can"` → `"You can"`).
pub fn strip_separator(s: &str) -> &str {
    s.trim_start().trim_start_matches(SEPARATORS).trim_start()
}

/// Parse a step-word marker (`Step 3: ...`) at the start of `s`.
pub fn parse(s: &str, words: &[String]) -> Option<Marker> {
    let folded = fold(s.trim_start());
    let original = s.trim_start();
    let word = words
        .iter()
        .map(|w| fold(w))
        .filter(|w| !w.is_empty())
        .find(|w| folded.starts_with(w.as_str()))?;
    let mut rest = &folded[word.len()..];
    // The word must end there: "steps" or "etapes" are not markers.
    if rest.chars().next().is_some_and(|c| c.is_alphabetic()) {
        return None;
    }
    rest = rest.trim_start();
    for prefix in ["n°", "nº", "n °", "no.", "no ", "n.", "#"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
            break;
        }
    }
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    rest = &rest[digits.len()..];
    // After the number: nothing, a separator, or white space then text.
    let after = rest.trim_start();
    let sep_ok =
        after.is_empty() || after.starts_with(SEPARATORS) || rest.starts_with(char::is_whitespace);
    if !sep_ok {
        return None;
    }
    let consumed_folded = folded.len() - after.len();
    Some(Marker {
        number,
        rest: original_rest(original, &folded, consumed_folded),
        kind: MarkerKind::Word,
    })
}

/// Parse a marker of any word form: a step word and a number, or an
/// ordinal and a step word (`Première étape : ...`).
pub fn parse_any(s: &str, lex: &Lexicon) -> Option<Marker> {
    if let Some(m) = parse(s, lex.step_words()) {
        return Some(m);
    }
    let original = s.trim_start();
    let folded = fold(original);
    let (first, tail) = folded.split_once(char::is_whitespace)?;
    let number = lex.ordinal(first.trim_end_matches([':', ',']))?;
    let tail_trim = tail.trim_start();
    let word = lex
        .step_words()
        .iter()
        .find(|w| tail_trim.starts_with(w.as_str()))?;
    let after_word = &tail_trim[word.len()..];
    if after_word.chars().next().is_some_and(|c| c.is_alphabetic()) {
        return None;
    }
    let after = after_word.trim_start();
    if !(after.is_empty() || after.starts_with(SEPARATORS)) {
        // "Première étape de la migration" reads as a title, not a marker
        // followed by text; accept it with its words as the rest.
        if after.split_whitespace().count() > 8 {
            return None;
        }
    }
    let consumed = folded.len() - after.len();
    Some(Marker {
        number,
        rest: original_rest(original, &folded, consumed),
        kind: MarkerKind::Ordinal,
    })
}

/// Parse a bare-number marker (`1 - Donner un titre`, `2. Configure`,
/// `3) Run`): a number of at most three digits, a separator, then text.
pub fn parse_numbered(s: &str) -> Option<Marker> {
    let t = s.trim_start();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    let after_digits = &t[digits.len()..];
    let sep = after_digits.trim_start();
    let c = sep.chars().next()?;
    if !matches!(c, '-' | '–' | '—' | '.' | ')' | ':') {
        return None;
    }
    // "1.5", "2-3": a version or a range, not a marker.
    let after_sep = &sep[c.len_utf8()..];
    if after_sep.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = after_sep.trim().to_string();
    if !rest.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(Marker {
        number,
        rest,
        kind: MarkerKind::Number,
    })
}

/// The original text after `consumed` bytes of its folded form, without
/// the separator.
fn original_rest(original: &str, folded: &str, consumed: usize) -> String {
    // Folding keeps one char per char except for decomposed accents, so
    // count the chars consumed in the folded text and skip the same number
    // of folded chars in the original.
    let consumed_chars = folded[..consumed.min(folded.len())].chars().count();
    let rest = skip_folded_chars(original, consumed_chars);
    strip_separator(&rest).trim().to_string()
}

/// Skip `n` characters of the folded form of `s` and return the rest of `s`.
fn skip_folded_chars(s: &str, n: usize) -> String {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if seen >= n {
            return s[i..].to_string();
        }
        seen += fold(&c.to_string()).chars().count();
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Vec<String> {
        DEFAULT_STEP_WORDS.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_the_forms_of_the_docs() {
        let m = parse("ETAPE 2: création d'un point", &words()).unwrap();
        assert_eq!((m.number, m.rest.as_str()), (2, "création d'un point"));
        assert_eq!(parse("ETAPE 1:", &words()).unwrap().rest, "");
        let m = parse("Étape n°1 : Renseigner les métadonnées", &words()).unwrap();
        assert_eq!(
            (m.number, m.rest.as_str()),
            (1, "Renseigner les métadonnées")
        );
        assert_eq!(parse("Etape 3", &words()).unwrap().number, 3);
        assert_eq!(parse("Step 3: do it", &words()).unwrap().rest, "do it");
        assert_eq!(parse("étape 2 - suite", &words()).unwrap().rest, "suite");
        assert_eq!(parse("Step 1.", &words()).unwrap().rest, "");
        assert_eq!(
            parse("Step 2 - Configure", &words()).unwrap().rest,
            "Configure"
        );
    }

    #[test]
    fn rejects_look_alikes() {
        assert!(parse("étapes successives", &words()).is_none());
        assert!(parse("1. Les ayants droit", &words()).is_none());
        assert!(parse("Etape finale", &words()).is_none());
        assert!(parse("Steps 3", &words()).is_none());
        assert!(parse("Step 3x", &words()).is_none());
    }

    #[test]
    fn ordinals_in_french_and_english() {
        let lex = Lexicon::builtin();
        let m = parse_any("Première étape", &lex).unwrap();
        assert_eq!(
            (m.number, m.kind, m.rest.as_str()),
            (1, MarkerKind::Ordinal, "")
        );
        let m = parse_any("Deuxième étape : exporter", &lex).unwrap();
        assert_eq!((m.number, m.rest.as_str()), (2, "exporter"));
        assert_eq!(parse_any("Second step: build", &lex).unwrap().number, 2);
        assert_eq!(parse_any("2e étape", &lex).unwrap().number, 2);
        assert!(parse_any("First steps with CKAN", &lex).is_none());
        assert!(parse_any("Premier lancement", &lex).is_none());
    }

    #[test]
    fn bare_numbers_need_a_separator_and_text() {
        let m = parse_numbered("1 - Donner un titre").unwrap();
        assert_eq!((m.number, m.rest.as_str()), (1, "Donner un titre"));
        assert_eq!(parse_numbered("2. Install").unwrap().rest, "Install");
        assert!(parse_numbered("1.5 release").is_none());
        assert!(parse_numbered("2024 was").is_none());
        assert!(parse_numbered("3 -").is_none());
    }

    #[test]
    fn separators_after_the_strong_text_are_dropped() {
        assert_eq!(strip_separator(". You can access"), "You can access");
        assert_eq!(strip_separator(": Chaque"), "Chaque");
    }
}
