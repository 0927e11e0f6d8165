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

/// Build the payload of `p` from validated `answers`. Fields without a
/// `maps-to` are left out.
pub fn build(p: &Procedure, answers: &Value) -> Result<Value, String> {
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
                let filters = ensure_array(&mut out, &["config", "filters"])?;
                filters.push(json!({"key": key, "value": value, "type": kind}));
            }
        } else {
            let parts: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
            let Some((last, parents)) = parts.split_last() else {
                return Err(format!("field {}: empty maps-to", f.label));
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
) -> Result<&'a mut Map<String, Value>, String> {
    let mut cur = root;
    for p in path {
        let obj = cur
            .as_object_mut()
            .ok_or_else(|| format!("{p}: not an object"))?;
        cur = obj
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    cur.as_object_mut()
        .ok_or_else(|| "maps-to path crosses a value".to_string())
}

fn ensure_array<'a>(root: &'a mut Value, path: &[&str]) -> Result<&'a mut Vec<Value>, String> {
    let (last, parents) = path.split_last().ok_or("empty path")?;
    let obj = ensure_object(root, parents)?;
    obj.entry(last.to_string())
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| format!("{last}: not a list"))
}
