//! MyST's attributes, `{#id .class key="value"}`: on a line of their own
//! before a block (`attrs_block`), or right after a span `[text]`, inline
//! code, a link or an image (`attrs_inline`).
//!
//! As myst-parser reads them (after djot): `#id` sets the id, `.name` adds
//! a class, `key=value` sets a key (the value bare or in double quotes,
//! with backslash escapes), `%` opens a comment up to the next `%`. Several
//! sets in a row add up: a later id or key wins, classes are all kept.

/// What a run of attribute sets says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Attrs {
    pub(crate) id: Option<String>,
    pub(crate) classes: Vec<String>,
    pub(crate) pairs: Vec<(String, String)>,
}

impl Attrs {
    /// The value of `key`, the last one set.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The attribute sets `text` starts with, and how many bytes they take;
/// `None` when `text` does not start with a well-formed set.
pub(crate) fn leading(text: &str) -> Option<(usize, Attrs)> {
    let mut attrs = Attrs::default();
    let mut at = 0;
    while text[at..].starts_with('{') {
        match one(&text[at..], &mut attrs) {
            Some(n) => at += n,
            None => break,
        }
    }
    (at > 0).then_some((at, attrs))
}

/// A line that is only attribute sets (block attributes).
pub(crate) fn whole_line(line: &str) -> Option<Attrs> {
    let (n, attrs) = leading(line)?;
    line[n..].trim().is_empty().then_some(attrs)
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-')
}

/// One set, `{...}`, at the start of `text`, added to `attrs`: the bytes
/// it takes.
fn one(text: &str, attrs: &mut Attrs) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 1;
    let mut any = false;
    let mut set = Attrs::default();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match *b.get(i)? {
            b'}' => {
                i += 1;
                break;
            }
            b'%' => {
                let close = text[i + 1..].find('%')?;
                i += close + 2;
            }
            c @ (b'#' | b'.') => {
                let start = i + 1;
                let len = text[start..]
                    .find(|ch: char| ch.is_whitespace() || ch == '}' || ch == '{')
                    .unwrap_or(text.len() - start);
                if len == 0 {
                    return None;
                }
                let word = text[start..start + len].to_string();
                if c == b'#' {
                    set.id = Some(word);
                } else {
                    set.classes.push(word);
                }
                i = start + len;
                any = true;
            }
            _ => {
                let start = i;
                let klen = text[start..]
                    .find(|ch: char| !is_key_char(ch))
                    .unwrap_or(text.len() - start);
                i = start + klen;
                if klen == 0 || b.get(i) != Some(&b'=') {
                    return None;
                }
                let key = text[start..i].to_string();
                i += 1;
                let value = if b.get(i) == Some(&b'"') {
                    let mut v = String::new();
                    let mut chars = text[i + 1..].char_indices();
                    let mut end = None;
                    while let Some((j, ch)) = chars.next() {
                        match ch {
                            '\\' => {
                                if let Some((_, e)) = chars.next() {
                                    v.push(e);
                                }
                            }
                            '"' => {
                                end = Some(i + 1 + j + 1);
                                break;
                            }
                            _ => v.push(ch),
                        }
                    }
                    i = end?;
                    v
                } else {
                    let vlen = text[i..]
                        .find(|ch: char| ch.is_whitespace() || ch == '}' || ch == '{')
                        .unwrap_or(text.len() - i);
                    if vlen == 0 {
                        return None;
                    }
                    let v = text[i..i + vlen].to_string();
                    i += vlen;
                    v
                };
                set.pairs.push((key, value));
                any = true;
            }
        }
    }
    if !any {
        return None;
    }
    if set.id.is_some() {
        attrs.id = set.id;
    }
    attrs.classes.extend(set.classes);
    attrs.pairs.extend(set.pairs);
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_give_id_classes_and_keys() {
        let (n, a) = leading(r#"{#x .a key="v \"q\"" k2=w %note%}, rest"#).unwrap();
        assert_eq!(&r#"{#x .a key="v \"q\"" k2=w %note%}, rest"#[n..], ", rest");
        assert_eq!(a.id.as_deref(), Some("x"));
        assert_eq!(a.classes, ["a"]);
        assert_eq!(a.get("key"), Some("v \"q\""));
        assert_eq!(a.get("k2"), Some("w"));
    }

    #[test]
    fn sets_in_a_row_add_up() {
        let (_, a) =
            leading(r#"{#id2 .class2 key2="value2"}{#id1 .class1 key1="value1"}"#).unwrap();
        assert_eq!(a.id.as_deref(), Some("id1"));
        assert_eq!(a.classes, ["class2", "class1"]);
        assert_eq!(a.get("key1"), Some("value1"));
    }

    #[test]
    fn text_in_braces_is_no_set() {
        for t in [
            "{}",
            "{ }",
            "{word}",
            "{#}",
            "{key=}",
            "{#x",
            "{k=\"open}",
            "{%open}",
        ] {
            assert_eq!(leading(t), None, "{t}");
        }
        assert!(whole_line("{#a}{.b} ").is_some());
        assert!(whole_line("{#a} text").is_none());
    }
}
