//! JSON Schemas (draft 2020-12): of the model export ([`model_schema`])
//! and of each procedure's form ([`form_schema`]), and the validation of a
//! filled-in answer file against the latter ([`validate_answers`]).

use serde_json::{Map, Value, json};

use crate::model::{Field, FieldKind, Procedure};

pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema of the model export, generated from the Rust types.
pub fn model_schema() -> Value {
    crate::model::export_schema()
}

/// Fields of a procedure in form order; a key seen twice keeps its first field.
pub fn form_fields(p: &Procedure) -> Vec<&Field> {
    let mut out: Vec<&Field> = Vec::new();
    for s in &p.steps {
        for f in &s.fields {
            if !out.iter().any(|o| o.key == f.key) {
                out.push(f);
            }
        }
    }
    out
}

fn field_schema(f: &Field, step: Option<u32>) -> Value {
    let mut s = Map::new();
    s.insert("title".into(), json!(f.label));
    match f.kind {
        FieldKind::Checkbox => {
            s.insert("type".into(), json!("boolean"));
            if let Some(v) = &f.value {
                s.insert("const".into(), json!(v == "true"));
            }
        }
        FieldKind::Number => {
            s.insert("type".into(), json!("number"));
        }
        FieldKind::Choice => {
            s.insert("type".into(), json!("string"));
            let mut options = f.options.clone();
            if let Some(v) = &f.value
                && !options.contains(v)
            {
                options.push(v.clone());
            }
            if options.len() == 1 {
                s.insert("const".into(), json!(options[0]));
            } else if !options.is_empty() {
                s.insert("enum".into(), json!(options));
            }
        }
        kind => {
            s.insert("type".into(), json!("string"));
            if f.required {
                s.insert("minLength".into(), json!(1));
            }
            match kind {
                FieldKind::Url => {
                    s.insert("format".into(), json!("uri"));
                }
                FieldKind::Email => {
                    s.insert("format".into(), json!("email"));
                }
                FieldKind::Date => {
                    s.insert("format".into(), json!("date"));
                }
                _ => {}
            }
            if let Some(v) = &f.value {
                s.insert("const".into(), json!(v));
            }
        }
    }
    if let Some(h) = &f.help {
        s.insert("description".into(), json!(h));
    }
    if let Some(e) = &f.example {
        s.insert("examples".into(), json!([e]));
    } else if let Some(v) = &f.value {
        s.insert("examples".into(), json!([example_value(f, v)]));
    }
    if let Some(m) = &f.maps_to {
        s.insert("x-stepdoc-maps-to".into(), json!(m));
    }
    if let Some(n) = step {
        s.insert("x-stepdoc-step".into(), json!(n));
    }
    s.insert("x-stepdoc-source".into(), json!(f.span.to_string()));
    Value::Object(s)
}

fn example_value(f: &Field, v: &str) -> Value {
    if f.kind == FieldKind::Checkbox {
        json!(v == "true")
    } else {
        json!(v)
    }
}

/// The JSON Schema of a procedure's form: one property per field (named by
/// the field's key, titled by its label), `required` from the page.
pub fn form_schema(p: &Procedure) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in form_fields(p) {
        let step = p
            .steps
            .iter()
            .find(|s| s.fields.iter().any(|x| x.key == f.key))
            .map(|s| s.number);
        props.insert(f.key.clone(), field_schema(f, step));
        if f.required {
            required.push(f.key.clone());
        }
    }
    let mut s = json!({
        "$schema": DRAFT,
        "$id": format!("urn:stepdoc:form:{}", p.id),
        "title": p.title,
        "description": format!("Answers to the form of the procedure \"{}\" ({}).", p.title, p.span),
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": false,
        "x-stepdoc-source": p.span.to_string(),
    });
    if let Some(payload) = &p.payload {
        s["x-stepdoc-payload"] = json!(payload);
    }
    s
}

/// One problem of an answer file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The field's label (or the property name when unknown).
    pub field: String,
    /// JSON pointer into the answer file.
    pub pointer: String,
    /// The schema keyword that failed (`required`, `const`, `format`, ...).
    pub rule: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{}: {} [{}] {}",
            self.field, pointer, self.rule, self.message
        )
    }
}

/// Validate `answers` against `schema` (a form schema); problems in
/// document order.
pub fn validate_answers(schema: &Value, answers: &Value) -> Result<Vec<Problem>, String> {
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| format!("invalid form schema: {e}"))?;
    let label_of = |key: &str| -> String {
        schema["properties"][key]["title"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| key.to_string())
    };
    let mut out = Vec::new();
    for e in validator.iter_errors(answers) {
        let pointer = e.instance_path().to_string();
        let rule = e.kind().keyword().to_string();
        let mut field = pointer
            .trim_start_matches('/')
            .split('/')
            .next()
            .map(|k| k.replace("~1", "/").replace("~0", "~"))
            .filter(|k| !k.is_empty())
            .map(|k| label_of(&k))
            .unwrap_or_default();
        let mut message = e.to_string();
        if let jsonschema::error::ValidationErrorKind::Required { property } = e.kind() {
            let key = property.as_str().unwrap_or("").to_string();
            field = label_of(&key);
            message = format!("\"{key}\" is required");
        }
        if let jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } =
            e.kind()
        {
            field = unexpected.join(", ");
            message = format!("not a field of this form: {}", unexpected.join(", "));
        }
        if field.is_empty() {
            field = "(answers)".into();
        }
        out.push(Problem {
            field,
            pointer,
            rule,
            message,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Step};

    fn loc() -> Location {
        Location {
            file: "p.rst".into(),
            line: 1,
            column: 1,
            start: 0,
            end: 0,
        }
    }

    fn field(label: &str, kind: FieldKind, value: Option<&str>) -> Field {
        Field {
            label: label.into(),
            key: crate::extract::field_key(label),
            kind,
            required: true,
            value: value.map(str::to_string),
            options: vec![],
            example: None,
            help: None,
            maps_to: None,
            span: loc(),
        }
    }

    fn procedure() -> Procedure {
        Procedure {
            id: "p".into(),
            title: "P".into(),
            span: loc(),
            intro: vec![],
            notes: vec![],
            payload: None,
            steps: vec![Step {
                number: 1,
                anchor: "step-1".into(),
                title: "t".into(),
                text: String::new(),
                actions: vec![],
                fields: vec![
                    field("Nom", FieldKind::Text, None),
                    field("URL", FieldKind::Url, None),
                    field("Actif", FieldKind::Checkbox, Some("true")),
                ],
                notes: vec![],
                images: vec![],
                links: vec![],
                contacts: vec![],
                span: loc(),
                head: Default::default(),
            }],
        }
    }

    #[test]
    fn good_answers_pass_and_bad_ones_name_field_pointer_and_rule() {
        let s = form_schema(&procedure());
        let good = json!({"nom": "Mon organisation - DataSud", "url": "https://trouver.datasud.fr", "actif": true});
        assert_eq!(validate_answers(&s, &good).unwrap(), vec![]);
        let bad = json!({"url": "not a url", "actif": false});
        let problems = validate_answers(&s, &bad).unwrap();
        let rules: Vec<(&str, &str, &str)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.pointer.as_str(), p.rule.as_str()))
            .collect();
        assert!(rules.contains(&("Nom", "", "required")), "{rules:?}");
        assert!(rules.contains(&("URL", "/url", "format")), "{rules:?}");
        assert!(rules.contains(&("Actif", "/actif", "const")), "{rules:?}");
    }
}
