//! Output formats of `stepdoc check`: rustc-style text, JSON, GitHub
//! workflow commands, SARIF 2.1.0 and JUnit XML.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Finding, Report, Severity, registry};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
}

/// Render a report. `source` gives the text of a file as named in
/// findings (for the human format's source lines).
pub fn render(report: &Report, format: Format, source: &dyn Fn(&str) -> Option<String>) -> String {
    match format {
        Format::Human => human(report, source),
        Format::Json => json_array(&report.findings),
        Format::Github => github(&report.findings),
        Format::Sarif => serde_json::to_string_pretty(&sarif(report)).unwrap_or_default() + "\n",
        Format::Junit => junit(report),
    }
}

/// rustc-style: `warning[CODE]: message`, the location, the source line
/// and a caret under the column; a summary at the end.
pub fn human(report: &Report, source: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut cache: BTreeMap<&str, Option<String>> = BTreeMap::new();
    for f in &report.findings {
        out.push_str(&format!(
            "{}[{}]: {}\n",
            f.severity.label(),
            f.code,
            f.message
        ));
        out.push_str(&format!("  --> {}:{}:{}\n", f.file, f.line, f.column));
        let text = cache
            .entry(f.file.as_str())
            .or_insert_with(|| source(&f.file));
        if let Some(text) = text {
            let (s, e) = super::line_range(text, f.line);
            if let Some(line) = text.get(s..e) {
                let num = f.line.to_string();
                let pad = " ".repeat(num.len());
                let shown: String = line.replace('\t', " ");
                let col = (f.column.max(1) - 1) as usize;
                let width = if f.end_line == f.line && f.end_column > f.column {
                    (f.end_column - f.column) as usize
                } else {
                    1
                };
                let prefix: String = shown.chars().take(col).collect();
                let indent = unicode_width::UnicodeWidthStr::width(prefix.as_str());
                out.push_str(&format!(
                    "{pad} |\n{num} | {shown}\n{pad} | {}{}\n",
                    " ".repeat(indent),
                    "^".repeat(width.max(1))
                ));
            }
        }
        if super::rule(f.code).is_some_and(|r| r.fixable) {
            out.push_str("  = help: fixable with `stepdoc check --fix`\n");
        }
        out.push('\n');
    }
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let infos = report.findings.len() - errors - warnings;
    let unreadable = report.errors.len();
    let files = report.files.len();
    out.push_str(&format!("{files} file{} checked", plural(files)));
    if unreadable > 0 {
        out.push_str(&format!(", {unreadable} could not be read"));
    }
    // Never "no problems" for a run that could not read everything.
    if report.findings.is_empty() && unreadable == 0 {
        out.push_str(", no problems");
    } else {
        out.push_str(&format!(
            ": {errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        ));
        if infos > 0 {
            out.push_str(&format!(", {infos} info"));
        }
    }
    out.push('\n');
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A JSON array of findings.
pub fn json_array(findings: &[Finding]) -> String {
    let v: Vec<Value> = findings.iter().map(finding_json).collect();
    serde_json::to_string_pretty(&Value::Array(v)).unwrap_or_default() + "\n"
}

fn finding_json(f: &Finding) -> Value {
    json!({
        "code": f.code,
        "severity": f.severity.label(),
        "message": f.message,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "fixable": super::rule(f.code).is_some_and(|r| r.fixable),
    })
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands (`::warning file=...::message`).
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let cmd = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "notice",
        };
        out.push_str(&format!(
            "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            gh_prop(&f.file),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            gh_prop(f.code),
            gh_data(&f.message)
        ));
    }
    out
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hidden => "note",
        Severity::Off => "none",
    }
}

/// A relative URI reference for a file path (`/` separators, unsafe
/// characters percent-encoded).
pub fn file_uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The report as a SARIF 2.1.0 log.
pub fn sarif(report: &Report) -> Value {
    let rules: Vec<Value> = registry()
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.name},
                "fullDescription": {"text": r.description},
                "defaultConfiguration": {
                    "enabled": !matches!(r.default, Severity::Off | Severity::Hidden),
                    "level": sarif_level(if r.default == Severity::Off { Severity::Warning } else { r.default }),
                },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = registry()
                .iter()
                .position(|r| r.code == f.code)
                .unwrap_or(0);
            json!({
                "ruleId": f.code,
                "ruleIndex": index,
                "level": sarif_level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file_uri(&f.file)},
                        "region": {
                            "startLine": f.line.max(1),
                            "startColumn": f.column.max(1),
                            "endLine": f.end_line.max(f.line).max(1),
                            "endColumn": f.end_column.max(1),
                        }
                    }
                }]
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "stepdoc",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/DataSud/Documentation",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test case per checked file, failing with its findings.
pub fn junit(report: &Report) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.files {
        by_file.entry(f.as_str()).or_default();
    }
    for f in &report.findings {
        by_file.entry(f.file.as_str()).or_default().push(f);
    }
    let failures = by_file.values().filter(|v| !v.is_empty()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"stepdoc check\" tests=\"{}\" failures=\"{failures}\">\n",
        by_file.len()
    ));
    out.push_str(&format!(
        "  <testsuite name=\"stepdoc check\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        by_file.len()
    ));
    for (file, fs) in &by_file {
        out.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"stepdoc.check\" file=\"{}\"",
            xml(file),
            xml(file)
        ));
        if fs.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let summary = format!("{} problem{}", fs.len(), plural(fs.len()));
        let body: Vec<String> = fs
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{}: {}[{}] {}",
                    f.file,
                    f.line,
                    f.column,
                    f.severity.label(),
                    f.code,
                    f.message
                )
            })
            .collect();
        out.push_str(&format!(
            "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
            xml(&summary),
            xml(fs[0].code),
            xml(&body.join("\n"))
        ));
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
