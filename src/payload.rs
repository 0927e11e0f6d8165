//! Payloads: where a procedure's answers go once validated. A field's
//! `maps-to` names a place in the payload; `stepdoc validate --emit payload`
//! builds it.
//!
//! Built in: `udata-harvest-source`, the body of data.gouv.fr's
//! `POST /api/1/harvest/sources/` (udata): `name` and `url` required,
//! `backend` (`ckan`, ...), `active` and `autoarchive` booleans, and
//! `config.filters`, a list of `{key, value, type}` where the CKAN backend
//! accepts the keys `organization` and `tags` and `type` is `include` or
//! `exclude`.
//!
//! `maps-to` paths: `name`, `config.features.x` (dotted object paths), and
//! `config.filters.KEY` or `config.filters.KEY:exclude` (a filter entry).

use serde_json::{Map, Value, json};

use crate::model::Procedure;

/// Known payload kinds.
pub const UDATA_HARVEST_SOURCE: &str = "udata-harvest-source";

/// The JSON Schema of a payload kind, when stepdoc knows it.
pub fn payload_schema(kind: &str) -> Option<Value> {
    (kind == UDATA_HARVEST_SOURCE).then(|| {
        json!({
            "$schema": crate::schema::DRAFT,
            "$id": "urn:stepdoc:payload:udata-harvest-source",
            "title": "data.gouv.fr harvest source (POST /api/1/harvest/sources/)",
            "type": "object",
            "required": ["name", "url"],
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "url": {"type": "string", "format": "uri"},
                "backend": {"type": "string", "minLength": 1},
                "active": {"type": "boolean"},
                "autoarchive": {"type": "boolean"},
                "description": {"type": "string"},
                "organization": {"type": "string"},
                "config": {
                    "type": "object",
                    "properties": {
                        "filters": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["key", "value"],
                                "properties": {
                                    "key": {"enum": ["organization", "tags"]},
                                    "value": {"type": "string", "minLength": 1},
                                    "type": {"enum": ["include", "exclude"]}
                                },
                                "additionalProperties": false
                            }
                        },
                        "features": {"type": "object"}
                    }
                }
            }
        })
    })
}

/// Why the answers could not be put into a payload: the fields' `maps-to`
/// paths do not fit together.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadError {
    /// A field's `maps-to` names no key.
    EmptyMapsTo {
        /// The field's label.
        field: String,
    },
    /// A key that a path goes through holds a value that is not an object.
    NotAnObject(String),
    /// A path ends inside a value another field already set.
    CrossesValue,
    /// The filter list key holds a value that is not a list.
    NotAList(String),
}

impl std::fmt::Display for PayloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PayloadError::EmptyMapsTo { field } => write!(f, "field {field}: empty maps-to"),
            PayloadError::NotAnObject(key) => write!(f, "{key}: not an object"),
            PayloadError::CrossesValue => f.write_str("maps-to path crosses a value"),
            PayloadError::NotAList(key) => write!(f, "{key}: not a list"),
        }
    }
}

impl std::error::Error for PayloadError {}

/// Build the payload of `p` from validated `answers`. Fields without a
/// `maps-to` are left out.
pub fn build(p: &Procedure, answers: &Value) -> Result<Value, PayloadError> {
    let mut out = Value::Object(Map::new());
    for f in crate::schema::form_fields(p) {
        let Some(path) = &f.maps_to else { continue };
        let Some(v) = answers.get(&f.key) else {
            continue;
        };
        if let Some(rest) = path.strip_prefix("config.filters.") {
            let (key, kind) = rest.split_once(':').unwrap_or((rest, "include"));
            let values: Vec<Value> = match v {
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            for value in values {
                let filters = ensure_array(&mut out, &["config"], "filters")?;
                filters.push(json!({"key": key, "value": value, "type": kind}));
            }
        } else {
            let parts: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
            let Some((last, parents)) = parts.split_last() else {
                return Err(PayloadError::EmptyMapsTo {
                    field: f.label.clone(),
                });
            };
            let obj = ensure_object(&mut out, parents)?;
            obj.insert(last.to_string(), v.clone());
        }
    }
    Ok(out)
}

fn ensure_object<'a>(
    root: &'a mut Value,
    path: &[&str],
) -> Result<&'a mut Map<String, Value>, PayloadError> {
    let mut cur = root;
    for p in path {
        let obj = cur
            .as_object_mut()
            .ok_or_else(|| PayloadError::NotAnObject(p.to_string()))?;
        cur = obj
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    cur.as_object_mut().ok_or(PayloadError::CrossesValue)
}

fn ensure_array<'a>(
    root: &'a mut Value,
    parents: &[&str],
    last: &str,
) -> Result<&'a mut Vec<Value>, PayloadError> {
    let obj = ensure_object(root, parents)?;
    obj.entry(last.to_string())
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| PayloadError::NotAList(last.to_string()))
}
