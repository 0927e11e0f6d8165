//! Annotations: RST comments that Sphinx ignores and stepdoc reads, for
//! precise control where the heuristics guess wrong:
//!
//! ```rst
//! .. stepdoc: field URL kind=url required maps-to=url
//! .. stepdoc: field "Archivage automatique" kind=checkbox value=true
//! .. stepdoc: procedure payload=udata-harvest-source
//! .. stepdoc: ignore[SD101]
//! ```

/// The `key=value` settings of an annotation (`None`: a bare key).
pub type Settings = Vec<(String, Option<String>)>;

/// One parsed annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Annotation {
    /// Set or create a field of the step the comment is in.
    Field {
        label: String,
        settings: Vec<(String, Option<String>)>,
    },
    /// Settings of the procedure the comment is in.
    Procedure {
        settings: Vec<(String, Option<String>)>,
    },
    /// Silence check findings (used by `stepdoc check`).
    Ignore { codes: Vec<String>, file: bool },
}

/// Split into words, keeping `"quoted words"` and `key="quoted value"` whole.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

fn settings(words: &[String]) -> Vec<(String, Option<String>)> {
    words
        .iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_lowercase(), Some(v.to_string())),
            None => (w.to_lowercase(), None),
        })
        .collect()
}

/// Parse the text of a comment; `None` when it is not a stepdoc annotation.
/// `Some(Err)` carries a message for a malformed one.
pub fn parse(comment: &str) -> Option<Result<Annotation, String>> {
    let body = comment.trim().strip_prefix("stepdoc:")?.trim();
    let ws = words(body);
    let Some(kind) = ws.first() else {
        return Some(Err("empty stepdoc annotation".into()));
    };
    Some(match kind.as_str() {
        "field" => match ws.get(1) {
            Some(label) => Ok(Annotation::Field {
                label: label.clone(),
                settings: settings(&ws[2..]),
            }),
            None => Err("`stepdoc: field` needs a label".into()),
        },
        "procedure" => Ok(Annotation::Procedure {
            settings: settings(&ws[1..]),
        }),
        k if k.starts_with("ignore") => {
            let file = k.starts_with("ignore-file");
            let codes = body
                .split_once('[')
                .and_then(|(_, r)| r.trim_end().strip_suffix(']'))
                .map(|c| {
                    c.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            Ok(Annotation::Ignore { codes, file })
        }
        other => Err(format!("unknown stepdoc annotation `{other}`")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields_procedures_and_ignores() {
        assert_eq!(
            parse("stepdoc: field \"Archivage automatique\" kind=checkbox required"),
            Some(Ok(Annotation::Field {
                label: "Archivage automatique".into(),
                settings: vec![
                    ("kind".into(), Some("checkbox".into())),
                    ("required".into(), None)
                ],
            }))
        );
        assert_eq!(
            parse("stepdoc: ignore[SD101, SD102]"),
            Some(Ok(Annotation::Ignore {
                codes: vec!["SD101".into(), "SD102".into()],
                file: false
            }))
        );
        assert!(parse("just a comment").is_none());
        assert!(matches!(parse("stepdoc: frobnicate"), Some(Err(_))));
    }
}
