//! Text helpers for the heuristics: accent- and case-insensitive
//! comparison, sentence splitting, e-mail and URL spotting.

use unicode_normalization::UnicodeNormalization;

/// Lower case without accents, typographic apostrophes made plain:
/// `Étape n°2` → `etape n°2`, `d’accès` → `d'acces`.
pub fn fold(s: &str) -> String {
    s.nfkd()
        .filter(|c| !crate::rst::is_combining(*c))
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Collapse runs of white space to single spaces and trim.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence of `s` (up to and including `.`, `!` or `?` followed
/// by a space or the end), or all of it.
pub fn first_sentence(s: &str) -> String {
    split_sentence(s).0
}

/// `s` cut after its first sentence: (the sentence, the rest), white space
/// squashed. A sentence ends at `.`, `!`, `?` or `:` followed by a space
/// and more text, or at the end; a full stop after a one-letter word or a
/// digit (`e.g.`, `v1.2`, `1. `) does not end it.
pub fn split_sentence(s: &str) -> (String, String) {
    let s = squash(s);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut quoted = false;
    for (k, &(i, c)) in chars.iter().enumerate() {
        // A sentence does not end inside quotes ("Next: Add Data").
        match c {
            '"' => quoted = !quoted,
            '“' | '«' => quoted = true,
            '”' | '»' => quoted = false,
            _ => {}
        }
        if quoted || !matches!(c, '.' | '!' | '?' | ':' | '…') {
            continue;
        }
        let next = chars.get(k + 1).map(|&(_, n)| n);
        if next != Some(' ') {
            continue;
        }
        // "e.g. ", "i.e. ", "etc. (": abbreviations.
        let word_before: String = s[..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("")
            .to_string();
        if c == '.'
            && (word_before.chars().count() <= 1
                || word_before.contains('.')
                || ["etc", "ex", "cf", "p", "vs", "no", "n°"]
                    .contains(&fold(&word_before).as_str()))
        {
            continue;
        }
        // A colon that introduces a short value ("URL : https://...") is
        // part of the sentence when nothing but that value follows.
        let end = i + c.len_utf8();
        let rest = s[end..].trim().to_string();
        if rest.is_empty() {
            break;
        }
        if c == ':' && !rest.contains(' ') {
            break;
        }
        return (s[..end].to_string(), rest);
    }
    (s, String::new())
}

/// The words of `s`, folded: runs of letters, digits, `-` and `_`; an
/// apostrophe ends a word and stays on it (`l'`, `d'`).
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in fold(s).chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            cur.push(c);
        } else if matches!(c, '\'' | '’') {
            if !cur.is_empty() {
                cur.push('\'');
                out.push(std::mem::take(&mut cur));
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    for w in &mut out {
        let t = w.trim_matches('-');
        if t.len() != w.len() {
            *w = t.to_string();
        }
    }
    out.retain(|w| !w.is_empty());
    out
}

fn is_email_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '%')
}

/// Every e-mail address in `s`.
pub fn emails(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b: Vec<char> = s.chars().collect();
    for (i, &c) in b.iter().enumerate() {
        if c != '@' {
            continue;
        }
        let mut a = i;
        while a > 0 && is_email_char(b[a - 1]) {
            a -= 1;
        }
        let mut z = i + 1;
        while z < b.len() && is_email_char(b[z]) {
            z += 1;
        }
        // Trailing dots end the sentence, not the address.
        while z > i + 1 && b[z - 1] == '.' {
            z -= 1;
        }
        let local: String = b[a..i].iter().collect();
        let domain: String = b[i + 1..z].iter().collect();
        if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') {
            let e = format!("{local}@{domain}");
            if !out.contains(&e) {
                out.push(e);
            }
        }
    }
    out
}

/// Every `http(s)://` URL in `s`.
pub fn urls(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(pos) = rest.find("http") {
        let cand = &rest[pos..];
        if cand.starts_with("http://") || cand.starts_with("https://") {
            let end = cand
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '»' | '«'))
                .unwrap_or(cand.len());
            let url = cand[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            if url.len() > "https://".len() {
                out.push(url.to_string());
            }
            rest = &cand[end..];
        } else {
            rest = &cand[4..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_sentences() {
        assert_eq!(fold("ÉTAPE n°2"), "etape n°2");
        assert_eq!(first_sentence("Une phrase. Une autre."), "Une phrase.");
        assert_eq!(first_sentence("v1.2 est  sortie"), "v1.2 est sortie");
        assert_eq!(
            split_sentence("Log in, e.g. as root. Then wait."),
            ("Log in, e.g. as root.".into(), "Then wait.".into())
        );
        assert_eq!(
            split_sentence("Install it: run make"),
            ("Install it:".into(), "run make".into())
        );
        assert_eq!(split_sentence("URL : https://x.fr").1, "");
        assert_eq!(
            words("Rendez-vous dans l'onglet « MAJIC »"),
            ["rendez-vous", "dans", "l'", "onglet", "majic"]
        );
    }

    #[test]
    fn spots_emails_and_urls() {
        assert_eq!(
            emails("écrivant à datasud@maregionsud.fr."),
            vec!["datasud@maregionsud.fr"]
        );
        assert_eq!(
            urls("CKAN : https://trouver.datasud.fr, ok"),
            vec!["https://trouver.datasud.fr"]
        );
        assert!(emails("a @ b").is_empty());
    }
}
