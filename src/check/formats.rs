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
pub fn render(
    report: &Report,
    format: Format,
    source: &dyn Fn(&str) -> Option<String>,
    style: Style,
) -> String {
    match format {
        Format::Human => human(report, source, style),
        Format::Json => json_array(&report.findings),
        Format::Github => github(&report.findings),
        Format::Sarif => serde_json::to_string_pretty(&sarif(report)).unwrap_or_default() + "\n",
        Format::Junit => junit(report),
    }
}

/// How the human report is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// No escape codes: for files, pipes and `NO_COLOR`.
    #[default]
    Plain,
    /// Colours, for a terminal.
    Colored,
}

/// A source file and where its lines start (`\n`, `\r\n` or `\r` ends).
struct Source {
    text: String,
    starts: Vec<usize>,
}

impl Source {
    fn new(text: String) -> Source {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for i in 0..b.len() {
            if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        Source { text, starts }
    }

    /// The byte range of a 1-based line, without its end.
    fn line(&self, line: u32) -> Option<(usize, usize)> {
        let s = *self.starts.get((line as usize).checked_sub(1)?)?;
        let e = self.text[s..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| s + i);
        Some((s, e))
    }

    /// The lines a finding covers (the first few of a long span), the
    /// number of the first, and the finding's byte range in them.
    fn excerpt(&self, f: &Finding) -> Option<(&str, usize, std::ops::Range<usize>)> {
        let (first_start, first_end) = self.line(f.line)?;
        let last = f.end_line.clamp(f.line, f.line + 6);
        let last_end = self.line(last).map_or(first_end, |(_, e)| e);
        let block = &self.text[first_start..last_end.max(first_end)];
        // Columns count characters from 1; the end is exclusive.
        let byte_of = |line: u32, column: u32| -> usize {
            let (s, e) = self.line(line).unwrap_or((first_start, first_end));
            let skip: usize = self.text[s..e]
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(char::len_utf8)
                .sum();
            (s + skip).saturating_sub(first_start).min(block.len())
        };
        let start = byte_of(f.line, f.column);
        let end = if f.end_line > last {
            block.len()
        } else if (f.end_line, f.end_column) > (f.line, f.column) {
            byte_of(f.end_line, f.end_column)
        } else {
            start
        };
        Some((block, f.line as usize, start..end.max(start)))
    }
}

/// rustc-style, through annotate-snippets: `error[CODE]: message`, the
/// location, the source lines with the span underlined (wide characters
/// and tabs aligned), a help line for fixable rules; a summary at the end.
pub fn human(report: &Report, source: &dyn Fn(&str) -> Option<String>, style: Style) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
    let renderer = match style {
        Style::Plain => Renderer::plain(),
        Style::Colored => Renderer::styled(),
    };
    let mut out = String::new();
    let mut cache: BTreeMap<&str, Option<Source>> = BTreeMap::new();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Hidden | Severity::Off => Level::INFO,
        };
        let title = level.primary_title(f.message.as_str()).id(f.code);
        let text = cache
            .entry(f.file.as_str())
            .or_insert_with(|| source(&f.file).map(Source::new));
        let mut group = match text.as_ref().and_then(|t| t.excerpt(f)) {
            Some((block, line, range)) => Group::with_title(title).element(
                Snippet::source(block)
                    .path(f.file.as_str())
                    .line_start(line)
                    .annotation(AnnotationKind::Primary.span(range)),
            ),
            None => Group::with_title(title).element(
                Origin::path(f.file.as_str())
                    .line(f.line as usize)
                    .char_column(f.column as usize),
            ),
        };
        if super::rule(f.code).is_some_and(|r| r.fixable) {
            group = group.element(Level::HELP.message("fixable with `stepdoc check --fix`"));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
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

/// Text XML 1.0 can hold: control characters other than tab and line
/// ends are left out.
fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// JUnit XML: one test case per checked file, failing with its findings;
/// written with quick-xml, which escapes names and text.
pub fn junit(report: &Report) -> String {
    use quick_xml::Writer;
    use quick_xml::events::{BytesDecl, BytesText, Event};
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.files {
        by_file.entry(f.as_str()).or_default();
    }
    for f in &report.findings {
        by_file.entry(f.file.as_str()).or_default().push(f);
    }
    let tests = by_file.len().to_string();
    let failures = by_file
        .values()
        .filter(|v| !v.is_empty())
        .count()
        .to_string();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail; an error would only come from the sink.
    let result = (|| -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("testsuites")
            .with_attributes([
                ("name", "stepdoc check"),
                ("tests", tests.as_str()),
                ("failures", failures.as_str()),
            ])
            .write_inner_content(|w| {
                w.create_element("testsuite")
                    .with_attributes([
                        ("name", "stepdoc check"),
                        ("tests", tests.as_str()),
                        ("failures", failures.as_str()),
                        ("errors", "0"),
                    ])
                    .write_inner_content(|w| {
                        for (file, fs) in &by_file {
                            let file = xml_text(file);
                            let case = w.create_element("testcase").with_attributes([
                                ("name", file.as_str()),
                                ("classname", "stepdoc.check"),
                                ("file", file.as_str()),
                            ]);
                            let Some(first) = fs.first() else {
                                case.write_empty()?;
                                continue;
                            };
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
                            let body = xml_text(&body.join("\n"));
                            let summary = xml_text(&summary);
                            case.write_inner_content(|w| {
                                w.create_element("failure")
                                    .with_attributes([
                                        ("message", summary.as_str()),
                                        ("type", first.code),
                                    ])
                                    .write_text_content(BytesText::new(&body))?;
                                Ok(())
                            })?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
        Ok(())
    })();
    debug_assert!(result.is_ok());
    let mut out = String::from_utf8_lossy(&w.into_inner()).into_owned();
    out.push('\n');
    out
}
