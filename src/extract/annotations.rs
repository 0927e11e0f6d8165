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

/// What is wrong with a comment that starts `stepdoc:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnotationError {
    /// Nothing after `stepdoc:`.
    Empty,
    /// `stepdoc: field` without the field's label.
    FieldWithoutLabel,
    /// A word after `stepdoc:` that names no annotation.
    Unknown(String),
}

impl std::fmt::Display for AnnotationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnnotationError::Empty => f.write_str("empty stepdoc annotation"),
            AnnotationError::FieldWithoutLabel => f.write_str("`stepdoc: field` needs a label"),
            AnnotationError::Unknown(kind) => write!(f, "unknown stepdoc annotation `{kind}`"),
        }
    }
}

impl std::error::Error for AnnotationError {}

/// Parse the text of a comment; `None` when it is not a stepdoc annotation.
/// `Some(Err)` says what is wrong with a malformed one.
pub fn parse(comment: &str) -> Option<Result<Annotation, AnnotationError>> {
    let body = comment.trim().strip_prefix("stepdoc:")?.trim();
    let ws = words(body);
    let Some(kind) = ws.first() else {
        return Some(Err(AnnotationError::Empty));
    };
    Some(match kind.as_str() {
        "field" => match ws.get(1) {
            Some(label) => Ok(Annotation::Field {
                label: label.clone(),
                settings: settings(&ws[2..]),
            }),
            None => Err(AnnotationError::FieldWithoutLabel),
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
        other => Err(AnnotationError::Unknown(other.to_string())),
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
        assert_eq!(
            parse("stepdoc: frobnicate"),
            Some(Err(AnnotationError::Unknown("frobnicate".into())))
        );
        assert_eq!(parse("stepdoc:"), Some(Err(AnnotationError::Empty)));
        assert_eq!(
            parse("stepdoc: field"),
            Some(Err(AnnotationError::FieldWithoutLabel))
        );
    }
}
