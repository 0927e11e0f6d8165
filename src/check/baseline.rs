//! `stepdoc check --schema-baseline DIR`: each procedure's form schema
//! compared with a committed copy, `DIR/<procedure-id>.form.schema.json`
//! (what `stepdoc schema form --all --out DIR` writes).
//!
//! A change that can make an answer file valid against the baseline
//! invalid against the current form is **breaking** (SD401): a field
//! removed or renamed (forms refuse unknown fields), retyped, a fixed value
//! (`const`, `enum`) or a format changed, a field becoming required, a
//! longer minimum, a procedure removed. The others are **additions**
//! (SD402): a new optional field, a new procedure, a constraint relaxed.
//! Titles, descriptions, examples and source positions are not compared.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::CheckError;
use crate::model::Procedure;

/// The suffix of a baseline file after the procedure id.
pub const SUFFIX: &str = ".form.schema.json";

/// The committed form schemas, by procedure id.
#[derive(Debug, Default)]
pub struct Baseline {
    /// The folder as given (files are named from it in findings).
    pub dir: PathBuf,
    pub schemas: BTreeMap<String, Value>,
}

impl Baseline {
    /// The file of a procedure's schema, as findings name it.
    pub fn file(&self, id: &str) -> String {
        self.dir
            .join(format!("{id}{SUFFIX}"))
            .to_string_lossy()
            .replace('\\', "/")
    }
}

/// Read every `*.form.schema.json` of `dir` (other files are left alone).
pub fn load(dir: &Path) -> Result<Baseline, CheckError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CheckError(format!("schema baseline {}: {e}", dir.display())))?;
    let mut schemas = BTreeMap::new();
    for entry in entries {
        let entry = entry.map_err(|e| CheckError(format!("{}: {e}", dir.display())))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(SUFFIX) else {
            continue;
        };
        if id.is_empty() || !entry.path().is_file() {
            continue;
        }
        let path = entry.path();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| CheckError(format!("{}: {e}", path.display())))?;
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| CheckError(format!("{}: not JSON: {e}", path.display())))?;
        if !v.is_object() {
            return Err(CheckError(format!(
                "{}: not a JSON Schema object",
                path.display()
            )));
        }
        schemas.insert(id.to_string(), v);
    }
    Ok(Baseline {
        dir: dir.to_path_buf(),
        schemas,
    })
}

/// Write the form schema of every procedure to `dir` (created if need be)
/// as `<id>.form.schema.json`; returns the files written.
pub fn write(dir: &Path, procedures: &[&Procedure]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut out = Vec::new();
    for p in procedures {
        let path = dir.join(format!("{}{SUFFIX}", p.id));
        let text = serde_json::to_string_pretty(&crate::schema::form_schema(p))
            .map_err(std::io::Error::other)?;
        std::fs::write(&path, text + "\n")?;
        out.push(path);
    }
    Ok(out)
}

/// Whether a change breaks answer files written for the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Breaking,
    Addition,
}

/// One difference between a baseline form and the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    /// The field (property name) it concerns, in the current form when it
    /// is still there; `None` for the whole form.
    pub field: Option<String>,
    /// Whether the field is in the current form (to locate the finding).
    pub current: bool,
    pub message: String,
}

fn change(kind: Kind, field: &str, current: bool, message: String) -> Change {
    Change {
        kind,
        field: Some(field.to_string()),
        current,
        message,
    }
}

fn props(s: &Value) -> BTreeMap<String, Value> {
    s["properties"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

fn required(s: &Value) -> BTreeSet<String> {
    s["required"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn title(p: &Value) -> Option<String> {
    p["title"]
        .as_str()
        .map(super::rules::fully_normalize)
        .filter(|t| !t.is_empty())
}

/// The values a field may take when fixed (`const` or `enum`).
fn fixed(p: &Value) -> Option<Vec<Value>> {
    if let Some(c) = p.get("const") {
        return Some(vec![c.clone()]);
    }
    p.get("enum").and_then(|e| e.as_array()).cloned()
}

fn show(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The changes from `old` (baseline) to `new` (current form schema).
pub fn compare(old: &Value, new: &Value) -> Vec<Change> {
    let (op, np) = (props(old), props(new));
    let (or, nr) = (required(old), required(new));
    let mut out = Vec::new();
    let removed: Vec<&String> = op.keys().filter(|k| !np.contains_key(*k)).collect();
    let mut added: Vec<&String> = np.keys().filter(|k| !op.contains_key(*k)).collect();
    for k in removed {
        // `removed` and `added` are keys of `op` and `np`.
        let o = &op[k];
        // Renamed: a new field with the same label, or the same mapping.
        let twin = added.iter().position(|a| {
            let n = &np[*a];
            (title(o).is_some() && title(o) == title(n))
                || (o.get("x-stepdoc-maps-to").is_some()
                    && o.get("x-stepdoc-maps-to") == n.get("x-stepdoc-maps-to"))
        });
        if let Some(i) = twin {
            let a = added.remove(i);
            out.push(change(
                Kind::Breaking,
                a,
                true,
                format!("field \"{k}\" renamed to \"{a}\": answer files that give \"{k}\" no longer validate"),
            ));
            continue;
        }
        let what = if or.contains(k) {
            "required field"
        } else {
            "field"
        };
        out.push(change(
            Kind::Breaking,
            k,
            false,
            format!("{what} \"{k}\" removed: answer files that give it no longer validate"),
        ));
    }
    for k in added {
        if nr.contains(k) {
            out.push(change(
                Kind::Breaking,
                k,
                true,
                format!("new required field \"{k}\": answer files without it no longer validate"),
            ));
        } else {
            out.push(change(
                Kind::Addition,
                k,
                true,
                format!("new optional field \"{k}\""),
            ));
        }
    }
    for (k, o) in &op {
        let Some(n) = np.get(k) else { continue };
        let (ot, nt) = (o.get("type"), n.get("type"));
        if ot != nt {
            let name = |t: Option<&Value>| t.map(|v| v.to_string()).unwrap_or("any".into());
            out.push(change(
                Kind::Breaking,
                k,
                true,
                format!("field \"{k}\" retyped from {} to {}", name(ot), name(nt)),
            ));
        }
        match (fixed(o), fixed(n)) {
            (None, Some(nv)) => out.push(change(
                Kind::Breaking,
                k,
                true,
                format!("field \"{k}\" is now fixed to {}", show(&nv)),
            )),
            (Some(ov), None) => out.push(change(
                Kind::Addition,
                k,
                true,
                format!("field \"{k}\" is no longer fixed to {}", show(&ov)),
            )),
            (Some(ov), Some(nv)) if ov != nv => {
                let lost: Vec<Value> = ov.iter().filter(|v| !nv.contains(v)).cloned().collect();
                if lost.is_empty() {
                    out.push(change(
                        Kind::Addition,
                        k,
                        true,
                        format!("field \"{k}\" also accepts {}", show(&nv[..])),
                    ));
                } else {
                    out.push(change(
                        Kind::Breaking,
                        k,
                        true,
                        format!(
                            "field \"{k}\" fixed value changed from {} to {}",
                            show(&ov),
                            show(&nv)
                        ),
                    ));
                }
            }
            _ => {}
        }
        let (of, nf) = (o.get("format"), n.get("format"));
        if of != nf {
            let breaking = nf.is_some();
            out.push(change(
                if breaking {
                    Kind::Breaking
                } else {
                    Kind::Addition
                },
                k,
                true,
                match nf {
                    Some(f) => format!("field \"{k}\" now has format {f}"),
                    None => format!("field \"{k}\" no longer has a format"),
                },
            ));
        }
        // A minimum length follows from being required, and does not
        // apply to fixed values: reported only on its own.
        let min = |v: &Value| v.get("minLength").and_then(Value::as_u64).unwrap_or(0);
        let own = or.contains(k) == nr.contains(k) && fixed(o).is_none() && fixed(n).is_none();
        if own && min(n) > min(o) {
            out.push(change(
                Kind::Breaking,
                k,
                true,
                format!(
                    "field \"{k}\" now needs at least {} character{}",
                    min(n),
                    if min(n) == 1 { "" } else { "s" }
                ),
            ));
        } else if own && min(n) < min(o) {
            out.push(change(
                Kind::Addition,
                k,
                true,
                format!("field \"{k}\" may now be shorter"),
            ));
        }
        match (or.contains(k), nr.contains(k)) {
            (false, true) => out.push(change(
                Kind::Breaking,
                k,
                true,
                format!("field \"{k}\" became required"),
            )),
            (true, false) => out.push(change(
                Kind::Addition,
                k,
                true,
                format!("field \"{k}\" is no longer required"),
            )),
            _ => {}
        }
    }
    out
}

/// `file:line:column` of a schema's procedure (`x-stepdoc-source`): the
/// page (relative to the source root) and the line.
pub fn source_of(schema: &Value) -> Option<(String, u32)> {
    let s = schema.get("x-stepdoc-source")?.as_str()?;
    let mut it = s.rsplitn(3, ':');
    let _col = it.next()?;
    let line: u32 = it.next()?.parse().ok()?;
    let file = it.next()?;
    Some((file.to_string(), line))
}

/// Findings of one kind of change (SD401: breaking, SD402: additions)
/// when a baseline was given: at the field, or the procedure; a removed
/// procedure at the top of its former page, or at its baseline file when
/// the page is gone.
pub fn findings(
    cx: &super::Context,
    rule: &super::Rule,
    kind: Kind,
    out: &mut Vec<super::Finding>,
) {
    use super::rules::{at_location, page_of};
    let Some(base) = cx.schema_baseline else {
        return;
    };
    let mut current = BTreeSet::new();
    for d in &cx.model.documents {
        let Some(page) = page_of(cx, &d.source) else {
            continue;
        };
        for p in &d.procedures {
            current.insert(p.id.clone());
            let Some(old) = base.schemas.get(&p.id) else {
                if kind == Kind::Addition {
                    out.push(at_location(
                        cx,
                        rule,
                        page,
                        &p.span,
                        format!(
                            "new procedure \"{}\" (no form schema in the baseline)",
                            p.id
                        ),
                    ));
                }
                continue;
            };
            let new = crate::schema::form_schema(p);
            for c in compare(old, &new).into_iter().filter(|c| c.kind == kind) {
                let span = c
                    .field
                    .as_deref()
                    .filter(|_| c.current)
                    .and_then(|k| p.steps.iter().flat_map(|s| &s.fields).find(|f| f.key == k))
                    .map(|f| &f.span)
                    .unwrap_or(&p.span);
                out.push(at_location(
                    cx,
                    rule,
                    page,
                    span,
                    format!("form \"{}\": {}", p.id, c.message),
                ));
            }
        }
    }
    if kind != Kind::Breaking {
        return;
    }
    for (id, schema) in &base.schemas {
        if current.contains(id) {
            continue;
        }
        let message = format!(
            "procedure \"{id}\" removed: its form is in the baseline ({})",
            base.file(id)
        );
        let page = source_of(schema).and_then(|(rel, _)| page_of(cx, &rel));
        match page {
            Some(page) => out.push(cx.at_line(rule, page, 1, message)),
            None => out.push(super::Finding {
                code: rule.code,
                severity: rule.default,
                message,
                file: base.file(id),
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                rel: String::new(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(props: Value, required: &[&str]) -> Value {
        json!({"type": "object", "properties": props, "required": required})
    }

    fn kinds(c: &[Change]) -> Vec<(Kind, &str)> {
        c.iter()
            .map(|c| (c.kind, c.field.as_deref().unwrap_or("")))
            .collect()
    }

    #[test]
    fn breaking_and_additions() {
        let old = form(
            json!({
                "nom": {"title": "Nom", "type": "string", "minLength": 1},
                "url": {"title": "URL", "type": "string", "format": "uri"},
                "type": {"title": "Type", "type": "string", "const": "ckan"},
                "actif": {"title": "Actif", "type": "boolean"},
                "note": {"title": "Note", "type": "string"},
            }),
            &["nom", "url"],
        );
        let new = form(
            json!({
                "name": {"title": "Nom", "type": "string", "minLength": 1},
                "type": {"title": "Type", "type": "string", "const": "csw"},
                "actif": {"title": "Actif", "type": "string"},
                "note": {"title": "Note", "type": "string"},
                "extra": {"title": "Extra", "type": "string"},
            }),
            &["name", "note"],
        );
        let c = compare(&old, &new);
        let k = kinds(&c);
        assert!(k.contains(&(Kind::Breaking, "name")), "{c:#?}");
        assert!(k.contains(&(Kind::Breaking, "url")), "{c:#?}");
        assert!(k.contains(&(Kind::Breaking, "type")), "{c:#?}");
        assert!(k.contains(&(Kind::Breaking, "actif")), "{c:#?}");
        assert!(
            k.contains(&(Kind::Breaking, "note")),
            "became required: {c:#?}"
        );
        assert!(k.contains(&(Kind::Addition, "extra")), "{c:#?}");
        assert_eq!(c.len(), 6, "{c:#?}");
        assert!(c[0].message.contains("renamed"), "{c:#?}");
        assert!(compare(&old, &old).is_empty());
        // Relaxing is an addition.
        let c = compare(&new, &old);
        assert!(
            c.iter()
                .any(|c| c.kind == Kind::Addition && c.message.contains("no longer required"))
        );
    }

    #[test]
    fn enums_growing_are_additions_and_shrinking_breaks() {
        let a = form(json!({"t": {"type": "string", "enum": ["a", "b"]}}), &[]);
        let b = form(
            json!({"t": {"type": "string", "enum": ["a", "b", "c"]}}),
            &[],
        );
        assert_eq!(kinds(&compare(&a, &b)), [(Kind::Addition, "t")]);
        assert_eq!(kinds(&compare(&b, &a)), [(Kind::Breaking, "t")]);
    }

    #[test]
    fn sources_are_read_back() {
        let s = json!({"x-stepdoc-source": "dir/a:b.rst:12:1"});
        assert_eq!(source_of(&s), Some(("dir/a:b.rst".into(), 12)));
        assert_eq!(source_of(&json!({})), None);
    }
}
