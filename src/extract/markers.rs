//! Step markers: `ETAPE 1:`, `Étape 2 -`, `Etape n°1`, `Step 3:` ... in any
//! case, with or without accents, in French and English (more words can be
//! configured).

use super::text::fold;

/// A recognised marker: the step number and the text after the marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub number: u32,
    /// What follows the marker and its separator, trimmed.
    pub rest: String,
}

/// Words that introduce a step, compared after [`fold`].
pub const DEFAULT_STEP_WORDS: &[&str] = &["etape", "step"];

/// Parse a step marker at the start of `s`.
pub fn parse(s: &str, words: &[String]) -> Option<Marker> {
    let folded = fold(s.trim_start());
    let original = s.trim_start();
    let word = words
        .iter()
        .map(|w| fold(w))
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
    let sep_ok = after.is_empty()
        || after.starts_with([':', '-', '–', '—', '.', ')', '/'])
        || rest.starts_with(char::is_whitespace);
    if !sep_ok {
        return None;
    }
    // Map the folded position back onto the original text: folding keeps
    // one char per char except for decomposed accents, so count the chars
    // consumed in the folded text and skip the same number of base chars.
    let consumed_folded = folded.len() - after.len();
    let consumed_chars = folded[..consumed_folded].chars().count();
    let original_rest: String = skip_folded_chars(original, consumed_chars);
    let rest = original_rest
        .trim_start()
        .trim_start_matches([':', '-', '–', '—', '.', ')', '/'])
        .trim()
        .to_string();
    Some(Marker { number, rest })
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
    }

    #[test]
    fn rejects_look_alikes() {
        assert!(parse("étapes successives", &words()).is_none());
        assert!(parse("1. Les ayants droit", &words()).is_none());
        assert!(parse("Etape finale", &words()).is_none());
        assert!(parse("Steps 3", &words()).is_none());
        assert!(parse("Step 3x", &words()).is_none());
    }
}
