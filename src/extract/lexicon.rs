//! Word lists of the extraction heuristics, in English and French, kept as
//! data (`src/extract/lexicon/en.txt`, `fr.txt`) and embedded in the
//! binary. Every word is compared after [`fold`] (lower case, no accents),
//! so `Sélectionnez`, `sélectionnez` and `SELECTIONNEZ` are one word.
//!
//! A file is a list of `[section]`s of white-space-separated words;
//! `"quoted words"` make one entry, `#` starts a comment. In `[verbs]` and
//! `[ordinals]` an entry may be `word=form` (a French infinitive and its
//! irregular `-ez` form, an ordinal and its number). `book.toml` extends
//! the lists (`verbs`, `input-verbs`, `step-words`).

use std::collections::{HashMap, HashSet};

use super::text::fold;

const EN: &str = include_str!("lexicon/en.txt");
const FR: &str = include_str!("lexicon/fr.txt");

/// The word classes the recognizers and the scorer use.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Imperative verbs: English base forms, French infinitives and their
    /// `-ez` forms.
    verbs: HashSet<String>,
    /// French words ending in `-ez` that are not imperatives.
    not_verbs: HashSet<String>,
    /// Words skipped before the verb of an action ("then", "puis").
    adverbs: HashSet<String>,
    /// First words that make an item a statement ("the", "le", "if").
    subjects: HashSet<String>,
    input_verbs: HashSet<String>,
    checkbox_verbs: HashSet<String>,
    field_nouns: HashSet<String>,
    choice_nouns: HashSet<String>,
    not_field_nouns: HashSet<String>,
    step_words: Vec<String>,
    ordinals: HashMap<String, u32>,
    reader: HashSet<String>,
    /// Phrases, folded, kept in order of length (longest first).
    purpose: Vec<String>,
    sequence: HashSet<String>,
    required: Vec<String>,
    optional: Vec<String>,
    /// Words that start a leading phrase or a condition ("in", "si").
    leads: HashSet<String>,
    /// Phrases of obligation addressed to the reader ("you need to").
    obligations: Vec<String>,
    /// Nouns of actions that name a task in a title ("Suppression").
    task_nouns: HashSet<String>,
    /// Verbs of reading or copying, not of input ("copy the values").
    read_verbs: HashSet<String>,
}

fn entries(section: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in section.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut rest = line.trim();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('"') {
                let (word, tail) = after.split_once('"').unwrap_or((after, ""));
                out.push(word.to_string());
                rest = tail.trim_start();
            } else {
                let (word, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                out.push(word.to_string());
                rest = tail.trim_start();
            }
        }
    }
    out
}

fn sections(text: &str) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(name) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            out.push((name, String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// The `-ez` form of a regular French infinitive.
fn ez_form(infinitive: &str) -> Option<String> {
    let w = infinitive.strip_prefix("s'").unwrap_or(infinitive);
    if let Some(stem) = w.strip_suffix("er") {
        Some(format!("{stem}ez"))
    } else if let Some(stem) = w.strip_suffix("ir") {
        Some(format!("{stem}issez"))
    } else {
        w.strip_suffix("re").map(|stem| format!("{stem}ez"))
    }
}

impl Lexicon {
    /// The embedded English and French lists.
    pub fn builtin() -> Lexicon {
        let mut lex = Lexicon::default();
        lex.add_file(EN, false);
        lex.add_file(FR, true);
        lex.sort_phrases();
        lex
    }

    /// The embedded lists extended by a project's words.
    pub fn with(verbs: &[String], input_verbs: &[String], step_words: &[String]) -> Lexicon {
        let mut lex = Lexicon::builtin();
        for v in verbs {
            lex.add_verb(v, true);
        }
        for v in input_verbs {
            lex.input_verbs.insert(fold(v));
            lex.add_verb(v, true);
        }
        for w in step_words {
            let w = fold(w);
            if !lex.step_words.contains(&w) {
                lex.step_words.push(w);
            }
        }
        lex
    }

    fn add_verb(&mut self, entry: &str, french: bool) {
        let (word, form) = match entry.split_once('=') {
            Some((w, f)) => (w, Some(f.to_string())),
            None => (entry, None),
        };
        let word = fold(word);
        let form = form
            .map(|f| fold(&f))
            .or_else(|| if french { ez_form(&word) } else { None });
        if let Some(f) = form {
            self.verbs.insert(f);
        }
        self.verbs
            .insert(word.strip_prefix("s'").unwrap_or(&word).to_string());
        self.verbs.insert(word);
    }

    fn add_file(&mut self, text: &str, french: bool) {
        for (name, body) in sections(text) {
            let words = entries(&body);
            match name {
                "verbs" => {
                    for w in &words {
                        self.add_verb(w, french);
                    }
                }
                "ordinals" => {
                    for w in &words {
                        if let Some((word, n)) = w.split_once('=')
                            && let Ok(n) = n.parse()
                        {
                            self.ordinals.insert(fold(word), n);
                        }
                    }
                }
                _ => {
                    let set: Vec<String> = words.iter().map(|w| fold(w)).collect();
                    match name {
                        "not-verbs" => self.not_verbs.extend(set),
                        "adverbs" => self.adverbs.extend(set),
                        "subjects" => self.subjects.extend(set),
                        "input-verbs" => {
                            for w in &words {
                                self.input_verbs.insert(fold(w));
                                if french && let Some(f) = ez_form(&fold(w)) {
                                    self.input_verbs.insert(f);
                                }
                            }
                        }
                        "checkbox-verbs" => {
                            for w in &words {
                                self.checkbox_verbs.insert(fold(w));
                                if french && let Some(f) = ez_form(&fold(w)) {
                                    self.checkbox_verbs.insert(f);
                                }
                            }
                        }
                        "field-nouns" => self.field_nouns.extend(set),
                        "choice-nouns" => self.choice_nouns.extend(set),
                        "not-field-nouns" => self.not_field_nouns.extend(set),
                        "step-words" => self.step_words.extend(set),
                        "reader" => self.reader.extend(set),
                        "purpose" => self.purpose.extend(set),
                        "sequence" => self.sequence.extend(set),
                        "required" => self.required.extend(set),
                        "optional" => self.optional.extend(set),
                        "leads" => self.leads.extend(set),
                        "obligations" => self.obligations.extend(set),
                        "task-nouns" => self.task_nouns.extend(set),
                        "read-verbs" => {
                            for w in &words {
                                self.read_verbs.insert(fold(w));
                                if french && let Some(f) = ez_form(&fold(w)) {
                                    self.read_verbs.insert(f);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    fn sort_phrases(&mut self) {
        for list in [
            &mut self.purpose,
            &mut self.required,
            &mut self.optional,
            &mut self.obligations,
        ] {
            list.sort_by_key(|p| std::cmp::Reverse(p.len()));
            list.dedup();
        }
    }

    /// Whether a folded word is an imperative verb (or a French infinitive).
    pub fn is_verb(&self, word: &str) -> bool {
        if self.verbs.contains(word) {
            return true;
        }
        if let Some((head, _)) = word.split_once('-')
            && self.verbs.contains(head)
        {
            return true;
        }
        // French `-ez` forms outside the list ("paramétrez", "rendez-vous").
        let head = word.split('-').next().unwrap_or(word);
        head.chars().count() >= 5 && head.ends_with("ez") && !self.not_verbs.contains(head)
    }

    pub fn is_adverb(&self, word: &str) -> bool {
        self.adverbs.contains(word)
    }

    pub fn is_subject(&self, word: &str) -> bool {
        self.subjects.contains(word)
    }

    pub fn is_input_verb(&self, word: &str) -> bool {
        self.input_verbs.contains(word)
    }

    pub fn is_checkbox_verb(&self, word: &str) -> bool {
        self.checkbox_verbs.contains(word)
    }

    pub fn is_field_noun(&self, word: &str) -> bool {
        self.field_nouns.contains(word)
    }

    pub fn is_choice_noun(&self, word: &str) -> bool {
        self.choice_nouns.contains(word)
    }

    pub fn is_not_field_noun(&self, word: &str) -> bool {
        self.not_field_nouns.contains(word)
    }

    /// The folded step words ("step", "etape", and the configured ones).
    pub fn step_words(&self) -> &[String] {
        &self.step_words
    }

    /// The number an ordinal word stands for ("première" → 1).
    pub fn ordinal(&self, word: &str) -> Option<u32> {
        self.ordinals.get(word).copied()
    }

    pub fn addresses_reader(&self, word: &str) -> bool {
        self.reader.contains(word)
    }

    pub fn announces_steps(&self, word: &str) -> bool {
        self.sequence.contains(word)
    }

    /// Whether folded text starts with a purpose phrase ("to ", "pour ",
    /// "afin de ").
    pub fn starts_with_purpose(&self, folded: &str) -> bool {
        self.purpose.iter().any(|p| {
            folded.starts_with(p.as_str())
                && folded[p.len()..].starts_with([' ', '\''])
                && (p.ends_with('\'') || folded.len() > p.len())
        }) || self
            .purpose
            .iter()
            .any(|p| p.ends_with('\'') && folded.starts_with(p.as_str()))
    }

    /// Whether a folded word starts a leading phrase or a condition.
    pub fn leads_clause(&self, word: &str) -> bool {
        self.leads.contains(word)
    }

    /// Whether folded text holds an obligation addressed to the reader.
    pub fn obliges(&self, folded: &str) -> bool {
        self.obligations.iter().any(|w| contains_phrase(folded, w))
    }

    /// Whether a folded word is a noun of action ("suppression").
    pub fn is_task_noun(&self, word: &str) -> bool {
        self.task_nouns.contains(word)
    }

    /// Whether a folded word is a verb of reading or copying.
    pub fn is_read_verb(&self, word: &str) -> bool {
        self.read_verbs.contains(word)
    }

    /// Whether folded text says a field is required.
    pub fn says_required(&self, folded: &str) -> bool {
        self.required.iter().any(|w| contains_phrase(folded, w))
    }

    /// Whether folded text says a field is optional.
    pub fn says_optional(&self, folded: &str) -> bool {
        self.optional.iter().any(|w| contains_phrase(folded, w))
    }
}

/// Whether `phrase` occurs in `text` between word boundaries.
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = text[from..].find(phrase) {
        let a = from + pos;
        let b = a + phrase.len();
        let before = text[..a].chars().next_back();
        let after = text[b..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = a + phrase.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_forms_are_made_by_rule_and_listed_when_irregular() {
        let lex = Lexicon::builtin();
        for w in [
            "cliquez",
            "cliquer",
            "choisissez",
            "saisissez",
            "attendez",
            "faites",
            "ouvrez",
            "prenez",
            "parametrez",
            "rendez-vous",
            "selectionnez",
        ] {
            assert!(lex.is_verb(w), "{w}");
        }
        for w in ["chez", "assez", "le", "service", "creation"] {
            assert!(!lex.is_verb(w), "{w}");
        }
    }

    #[test]
    fn english_verbs_and_classes() {
        let lex = Lexicon::builtin();
        assert!(lex.is_verb("click") && lex.is_verb("log") && lex.is_verb("re-enable"));
        assert!(!lex.is_verb("the") && !lex.is_verb("plugins"));
        assert!(lex.is_subject("the") && lex.is_subject("le"));
        assert!(lex.is_input_verb("enter") && lex.is_input_verb("saisissez"));
        assert_eq!(lex.ordinal("deuxieme"), Some(2));
        assert_eq!(lex.ordinal("second"), Some(2));
        assert!(lex.starts_with_purpose("to add a user"));
        assert!(lex.starts_with_purpose("afin de creer cette dependance"));
        assert!(!lex.starts_with_purpose("tomorrow we"));
        assert!(lex.says_optional("this parameter is optional."));
        assert!(lex.says_required(&fold("saisie obligatoire")));
        assert!(!lex.says_required("requirements"));
        assert!(lex.obliges("you need to restart") && lex.obliges("il faut relancer"));
        assert!(lex.leads_clause("dans") && lex.leads_clause("if"));
        assert!(lex.is_task_noun("suppression") && lex.is_read_verb("copy"));
    }

    #[test]
    fn a_project_extends_the_lists() {
        let lex = Lexicon::with(&["frobnicate".into()], &[], &["schritt".into()]);
        assert!(lex.is_verb("frobnicate"));
        assert!(lex.step_words().contains(&"schritt".to_string()));
    }
}
