//! The commands behind the CLI, each returning the process exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};
use stepdoc::model::{Export, MODEL_VERSION, Procedure};
use stepdoc::project::{Page, Project};
use stepdoc::run::Options;

use crate::ModelFormat;

/// The project of `dir`, or exit status 2 with the reason on standard error.
fn open_project(dir: &Path, run: Options) -> Result<Project, ExitCode> {
    Project::open_with(dir, run).map_err(|e| {
        eprintln!("stepdoc: {e}");
        ExitCode::from(2)
    })
}

pub fn print_json(v: &Value) -> ExitCode {
    match serde_json::to_string_pretty(v) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stepdoc: {e}");
            ExitCode::from(2)
        }
    }
}

/// The projects of `paths` (or the current project) and their parsed
/// pages, with the pages that could not be read. Paths are grouped by
/// project (see [`stepdoc::check::targets`]): each project is opened once.
#[allow(clippy::type_complexity)]
fn load_pages(
    paths: &[PathBuf],
    run: Options,
) -> Result<(Vec<(Project, Vec<Page>)>, Vec<String>), String> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for t in stepdoc::check::targets(paths, run).map_err(|e| e.to_string())? {
        let project = t.project;
        let only = t
            .only
            .map(|list| project.select_pages(&project.page_paths(), Some(&list)));
        let (pages, errs) = project.parse_all(only.as_deref());
        if pages.is_empty() && errs.is_empty() {
            return Err(project.no_pages());
        }
        errors.extend(errs.iter().map(|e| e.to_string()));
        out.push((project, pages));
    }
    Ok((out, errors))
}

/// Load the model of `paths` (or of the current project).
pub fn load_export(paths: &[PathBuf], run: Options) -> Result<(Export, Vec<String>), String> {
    let (loaded, errors) = load_pages(paths, run)?;
    let mut docs = Vec::new();
    for (project, pages) in &loaded {
        docs.extend(project.extract(pages).documents);
    }
    stepdoc::extract::dedupe_ids(&mut docs);
    Ok((
        Export {
            stepdoc_model: MODEL_VERSION,
            documents: docs,
        },
        errors,
    ))
}

pub fn extract(paths: &[PathBuf], format: ModelFormat, explain: bool, run: Options) -> ExitCode {
    if explain {
        return explain_candidates(paths, run);
    }
    let (export, errors) = match load_export(paths, run) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("stepdoc: {e}");
            return ExitCode::from(2);
        }
    };
    for e in &errors {
        eprintln!("stepdoc: {e}");
    }
    let out = match format {
        ModelFormat::Json => serde_json::to_string_pretty(&export).map_err(|e| e.to_string()),
        ModelFormat::Yaml => serde_norway::to_string(&export).map_err(|e| e.to_string()),
        ModelFormat::Jsonld => {
            serde_json::to_string_pretty(&jsonld(&export)).map_err(|e| e.to_string())
        }
    };
    match out {
        Ok(s) => {
            println!("{}", s.trim_end());
            if errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Err(e) => {
            eprintln!("stepdoc: {e}");
            ExitCode::from(2)
        }
    }
}

/// `stepdoc extract --explain`: every candidate list or run of markers,
/// its signals, its score and the decision.
fn explain_candidates(paths: &[PathBuf], run: Options) -> ExitCode {
    let (loaded, errors) = match load_pages(paths, run) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("stepdoc: {e}");
            return ExitCode::from(2);
        }
    };
    for e in &errors {
        eprintln!("stepdoc: {e}");
    }
    let mut out = String::new();
    for (project, pages) in &loaded {
        for page in pages {
            let info = stepdoc::extract::PageInfo {
                rel_path: &page.rel,
                root: Some(&project.source),
                revision: String::new(),
            };
            let shown = project.source.join(&page.rel);
            for e in stepdoc::extract::explain(&page.doc, &info, &project.config) {
                out.push_str(&stepdoc::extract::format_explanation(
                    &shown.to_string_lossy(),
                    &e,
                ));
            }
        }
    }
    print!("{out}");
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// schema.org HowTo of every procedure.
fn jsonld(export: &Export) -> Value {
    let mut graph = Vec::new();
    for d in &export.documents {
        for p in &d.procedures {
            let mut tips: Vec<Value> = p
                .notes
                .iter()
                .map(|n| json!({"@type": "HowToTip", "text": n.text}))
                .collect();
            let steps: Vec<Value> = p
                .steps
                .iter()
                .map(|s| {
                    let mut items: Vec<Value> = s
                        .actions
                        .iter()
                        .map(|a| json!({"@type": "HowToDirection", "text": a.text}))
                        .collect();
                    items.extend(
                        s.notes
                            .iter()
                            .map(|n| json!({"@type": "HowToTip", "text": n.text})),
                    );
                    let mut step = json!({
                        "@type": "HowToStep",
                        "position": s.number,
                        "name": s.title,
                        "text": s.text,
                        "url": format!("#{}-{}", p.id, s.anchor),
                    });
                    if !items.is_empty() {
                        step["itemListElement"] = json!(items);
                    }
                    if let Some(img) = s.images.first() {
                        step["image"] = json!(img.uri);
                    }
                    step
                })
                .collect();
            let supplies: Vec<Value> = stepdoc::schema::form_fields(p)
                .iter()
                .map(|f| {
                    let mut v = json!({"@type": "HowToSupply", "name": f.label});
                    if let Some(h) = &f.help {
                        v["description"] = json!(h);
                    }
                    if let Some(x) = f.value.as_ref().or(f.example.as_ref()) {
                        v["value"] = json!(x);
                    }
                    v
                })
                .collect();
            let mut howto = json!({
                "@type": "HowTo",
                "@id": format!("#{}", p.id),
                "name": p.title,
                "step": steps,
            });
            if !p.intro.is_empty() {
                howto["description"] = json!(p.intro.join("\n\n"));
            }
            if !supplies.is_empty() {
                howto["supply"] = json!(supplies);
            }
            if !tips.is_empty() {
                howto["tip"] = json!(std::mem::take(&mut tips));
            }
            graph.push(howto);
        }
    }
    json!({"@context": "https://schema.org", "@graph": graph})
}

fn find_procedure(project_dir: &Path, id: &str, run: Options) -> Result<Procedure, (String, u8)> {
    let project = Project::open_with(project_dir, run).map_err(|e| (e.to_string(), 2))?;
    let (pages, _) = project.parse_all(None);
    let export = project.extract(&pages);
    let all: Vec<&Procedure> = export.procedures().collect();
    match all.iter().find(|p| p.id == id) {
        Some(p) => Ok((*p).clone()),
        None => {
            let known: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
            Err((
                format!(
                    "no procedure {id:?} in {} (known: {})",
                    project.source.display(),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
                2,
            ))
        }
    }
}

pub fn schema_form(project: &Path, id: &str, run: Options) -> ExitCode {
    match find_procedure(project, id, run) {
        Ok(p) => print_json(&stepdoc::schema::form_schema(&p)),
        Err((e, code)) => {
            eprintln!("stepdoc: {e}");
            ExitCode::from(code)
        }
    }
}

/// `stepdoc schema form --all --out DIR`: every procedure's form schema as
/// `DIR/<id>.form.schema.json`, stale files of that name removed.
pub fn schema_form_all(project_dir: &Path, out: &Path, run: Options) -> ExitCode {
    use stepdoc::check::baseline;
    let project = match open_project(project_dir, run) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (pages, errors) = project.parse_all(None);
    for e in &errors {
        eprintln!("stepdoc: {e}");
    }
    if !errors.is_empty() {
        return ExitCode::from(2);
    }
    let export = project.extract(&pages);
    let all: Vec<&Procedure> = export.procedures().collect();
    let written = match baseline::write(out, &all) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("stepdoc: {}: {e}", out.display());
            return ExitCode::from(2);
        }
    };
    let mut removed = 0;
    if let Ok(entries) = std::fs::read_dir(out) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.ends_with(baseline::SUFFIX) && path.is_file() && !written.contains(&path) {
                if let Err(e) = std::fs::remove_file(&path) {
                    eprintln!("stepdoc: {}: {e}", path.display());
                    return ExitCode::from(2);
                }
                eprintln!("removed {} (no such procedure)", path.display());
                removed += 1;
            }
        }
    }
    eprintln!(
        "wrote {} form schema{} to {}{}",
        written.len(),
        if written.len() == 1 { "" } else { "s" },
        out.display(),
        if removed > 0 {
            format!(", removed {removed}")
        } else {
            String::new()
        }
    );
    ExitCode::SUCCESS
}

/// Read an answer file: JSON when it parses as JSON, else YAML.
pub fn read_answers(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let is_json =
        path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
    if is_json {
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    } else {
        serde_norway::from_str::<Value>(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

pub fn validate(
    project: &Path,
    answers: &Path,
    id: &str,
    emit_payload: bool,
    run: Options,
) -> ExitCode {
    let value = match read_answers(answers) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("stepdoc: {e}");
            return ExitCode::from(2);
        }
    };
    let procedure = match find_procedure(project, id, run) {
        Ok(p) => p,
        Err((e, code)) => {
            eprintln!("stepdoc: {e}");
            return ExitCode::from(code);
        }
    };
    let schema = stepdoc::schema::form_schema(&procedure);
    let problems = match stepdoc::schema::validate_answers(&schema, &value) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("stepdoc: {e}");
            return ExitCode::from(2);
        }
    };
    if !problems.is_empty() {
        for p in &problems {
            println!("{}: {p}", answers.display());
        }
        return ExitCode::from(1);
    }
    if emit_payload {
        let Some(kind) = procedure.payload.as_deref() else {
            eprintln!(
                "stepdoc: procedure {id:?} has no payload (set `payload` in book.toml's [preprocessor.stepdoc.procedures.{id}])"
            );
            return ExitCode::from(2);
        };
        let payload = match stepdoc::payload::build(&procedure, &value) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("stepdoc: {e}");
                return ExitCode::from(2);
            }
        };
        if let Some(ps) = stepdoc::payload::payload_schema(kind) {
            match stepdoc::schema::validate_answers(&ps, &payload) {
                Ok(problems) if !problems.is_empty() => {
                    for p in &problems {
                        println!("{}: payload {kind}: {p}", answers.display());
                    }
                    return ExitCode::from(1);
                }
                Err(e) => {
                    eprintln!("stepdoc: {e}");
                    return ExitCode::from(2);
                }
                _ => {}
            }
        }
        return print_json(&payload);
    }
    eprintln!("{}: valid answers for {id}", answers.display());
    ExitCode::SUCCESS
}

pub fn build(
    dir: Option<&Path>,
    out: Option<&Path>,
    html: bool,
    check: bool,
    keep_going: bool,
    run: Options,
) -> ExitCode {
    let dir = dir.unwrap_or(Path::new("."));
    let mut project = match open_project(dir, run) {
        Ok(p) => p,
        Err(code) => return code,
    };
    project.keep_going = keep_going;
    if !project.source.is_dir() {
        eprintln!(
            "stepdoc: {}: no such folder of pages",
            project.source.display()
        );
        return ExitCode::from(2);
    }
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_out(&project));
    if check {
        return build_check(&project, &out);
    }
    let start = std::time::Instant::now();
    match stepdoc::build::build(&project, &out, html) {
        Ok(report) => {
            for p in &report.problems {
                eprintln!("warning: {p}");
            }
            let procedures = report.procedures();
            eprintln!(
                "built {} chapters, {procedures} procedures in {:.2} s: Markdown in {}{}",
                report.chapters,
                start.elapsed().as_secs_f64(),
                report.markdown.display(),
                report
                    .html
                    .as_ref()
                    .map(|h| format!(", HTML in {}", h.display()))
                    .unwrap_or_default()
            );
            if report.unreadable > 0 {
                eprintln!(
                    "stepdoc: {} page{} could not be read and {} left out",
                    report.unreadable,
                    if report.unreadable == 1 { "" } else { "s" },
                    if report.unreadable == 1 { "is" } else { "are" }
                );
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stepdoc: {e}");
            ExitCode::from(2)
        }
    }
}

/// `build --check`: the diff on standard output, a summary on standard error.
fn build_check(project: &Project, out: &Path) -> ExitCode {
    let report = match stepdoc::build::check(project, out) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("stepdoc: {e}");
            return ExitCode::from(2);
        }
    };
    let drift = &report.drift;
    if drift.is_clean() {
        eprintln!(
            "{} is up to date ({} generated files)",
            out.display(),
            report.files
        );
        return ExitCode::SUCCESS;
    }
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`| head`) is no reason to fail differently.
        let _ = stdout.write_all(drift.diff.as_bytes());
        let _ = stdout.flush();
    }
    for (what, paths) in [
        ("changed", &drift.changed),
        ("missing", &drift.missing),
        ("stale", &drift.stale),
    ] {
        for p in paths {
            eprintln!("{what}: {p}");
        }
    }
    eprintln!(
        "{} is out of date: {} changed, {} missing, {} stale; run `stepdoc build` to update it",
        out.display(),
        drift.changed.len(),
        drift.missing.len(),
        drift.stale.len()
    );
    ExitCode::from(1)
}

/// Where `build` writes by default: `target/stepdoc` in a project with a
/// `book.toml`; in a bare folder of pages (a Sphinx `docs/`), `_build/stepdoc`
/// inside it, where Sphinx users expect builds (page discovery skips `_build`).
pub(crate) fn default_out(project: &Project) -> PathBuf {
    if project.dir.join("book.toml").is_file() {
        project.dir.join("target").join("stepdoc")
    } else {
        project.dir.join("_build").join("stepdoc")
    }
}

pub fn checklist(
    project_dir: &Path,
    id: &str,
    answers: Option<&Path>,
    images: bool,
    paper: stepdoc::render::checklist::Paper,
    out: &Path,
    run: Options,
) -> ExitCode {
    use stepdoc::render::{checklist, labels};
    let project = match open_project(project_dir, run) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (pages, _) = project.parse_all(None);
    let export = project.extract(&pages);
    let Some((doc, p)) = export
        .documents
        .iter()
        .flat_map(|d| d.procedures.iter().map(move |p| (d, p)))
        .find(|(_, p)| p.id == id)
    else {
        let known: Vec<&str> = export.procedures().map(|p| p.id.as_str()).collect();
        eprintln!("stepdoc: no procedure {id:?} (known: {})", known.join(", "));
        return ExitCode::from(2);
    };
    let mut prefill = std::collections::BTreeMap::new();
    if let Some(path) = answers {
        let value = match read_answers(path) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("stepdoc: {e}");
                return ExitCode::from(2);
            }
        };
        // Answers that `validate` rejects are not printed as if they were
        // right: the same messages, exit 1, nothing written.
        let schema = stepdoc::schema::form_schema(p);
        match stepdoc::schema::validate_answers(&schema, &value) {
            Ok(problems) if !problems.is_empty() => {
                for problem in &problems {
                    eprintln!("{}: {problem}", path.display());
                }
                eprintln!(
                    "stepdoc: {} does not fit the form of {id}; no checklist written",
                    path.display()
                );
                return ExitCode::from(1);
            }
            Err(e) => {
                eprintln!("stepdoc: {e}");
                return ExitCode::from(2);
            }
            Ok(_) => {}
        }
        let labels = labels::for_language(project.config.language.as_deref());
        if let Some(obj) = value.as_object() {
            for (k, v) in obj {
                let text = match v {
                    Value::Bool(true) => labels.yes.to_string(),
                    Value::Bool(false) => labels.no.to_string(),
                    Value::String(s) => s.clone(),
                    Value::Null => continue,
                    other => other.to_string(),
                };
                prefill.insert(k.clone(), text);
            }
        }
    }
    let labels = labels::for_language(project.config.language.as_deref());
    let lang = project
        .config
        .language
        .clone()
        .unwrap_or_else(|| "en".into());
    let mut data = checklist::data(
        p,
        &doc.source,
        &doc.revision,
        labels,
        &lang,
        paper,
        &prefill,
    );
    let files = if images {
        let read = |uri: &str| -> Option<Vec<u8>> {
            let rel = stepdoc::sphinx::source_path(&doc.source, uri);
            let real = stepdoc::sources::confined(&project.source, &rel).ok()?;
            std::fs::read(real).ok()
        };
        checklist::attach_images(&mut data, p, &read)
    } else {
        Vec::new()
    };
    let templates = checklist::templates(
        project
            .config
            .templates
            .as_ref()
            .map(|t| project.dir.join(t))
            .as_deref(),
    );
    let (typ, html) = match templates {
        Ok(t) => t,
        Err(e) => {
            eprintln!("stepdoc: {e}");
            return ExitCode::from(2);
        }
    };
    let start = std::time::Instant::now();
    let result = checklist::pdf_with(&typ, &data, &p.id, files)
        .and_then(|pdf| Ok((pdf, checklist::html(&html, &data)?)));
    match result {
        Ok((pdf, page)) => {
            if let Err(e) = std::fs::create_dir_all(out) {
                eprintln!("stepdoc: {}: {e}", out.display());
                return ExitCode::from(2);
            }
            let pdf_path = out.join(format!("{}.pdf", p.id));
            let html_path = out.join(format!("{}.html", p.id));
            if let Err(e) =
                std::fs::write(&pdf_path, pdf).and_then(|_| std::fs::write(&html_path, page))
            {
                eprintln!("stepdoc: {e}");
                return ExitCode::from(2);
            }
            eprintln!(
                "wrote {} and {} in {:.0} ms",
                pdf_path.display(),
                html_path.display(),
                start.elapsed().as_secs_f64() * 1000.0
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stepdoc: checklist {id}: {e}");
            ExitCode::from(2)
        }
    }
}

// ---- stepdoc check / stepdoc rules ----------------------------------------

/// Output formats of `stepdoc check`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
}

/// What `--deny` makes fail.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Deny {
    /// Warnings fail the run as errors do.
    Warnings,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Pages or folders (default: the project of the current folder).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Make warnings fail the run (exit status 1).
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Only these rules: codes or prefixes, comma-separated (`SD0,SD201`).
    /// Selecting a hidden or disabled rule turns it on.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Leave out these rules: codes or prefixes, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Repair the findings that can be repaired safely (rules marked
    /// fixable in `stepdoc rules`), print each repair on standard error,
    /// then report the findings that remain. A repair is kept only when
    /// the page, parsed again, no longer has the finding and has no new
    /// error; pages are rewritten atomically, their other bytes unchanged.
    #[arg(long)]
    pub fix: bool,
    /// Print the repairs `--fix` would make as a unified diff on standard
    /// output, and write nothing (exit status 1 when there is a repair).
    #[arg(long)]
    pub diff: bool,
    /// Compare each procedure's form schema with the committed one,
    /// `DIR/<procedure-id>.form.schema.json` (see `stepdoc schema form
    /// --all --out DIR`): breaking changes are SD401, additions SD402.
    #[arg(long, value_name = "DIR")]
    pub schema_baseline: Option<PathBuf>,
    /// Write the report in `--format` to FILE (replaced whole, never left
    /// half-written), and print the human report on standard output too:
    /// `--format sarif --output check.sarif` gives CI its file and the log
    /// its text in one run.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colours in the human report: `auto` colours it on a terminal unless
    /// the NO_COLOR environment variable is set; `always` and `never`
    /// decide, whatever NO_COLOR says.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// When the human report has colours.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// The style for a report written to standard output (`tty`: it is a
    /// terminal).
    fn style(self, tty: bool) -> stepdoc::check::formats::Style {
        use stepdoc::check::formats::Style;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        match self {
            ColorChoice::Always => Style::Colored,
            ColorChoice::Never => Style::Plain,
            ColorChoice::Auto if tty && !no_color => Style::Colored,
            ColorChoice::Auto => Style::Plain,
        }
    }
}

/// `stepdoc check`: 0 clean, 1 findings at or above the failing level,
/// 2 usage or I/O error.
pub fn check(args: &CheckArgs, run: Options) -> ExitCode {
    use stepdoc::check::{self, Severity, formats};
    let opts = check::Options {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        schema_baseline: args.schema_baseline.clone(),
        run,
    };
    let mut fix_failed = false;
    if args.fix || args.diff {
        let fixes = match check::fix::fix_paths(&args.paths, &opts, !args.diff) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("stepdoc check: {e}");
                return ExitCode::from(2);
            }
        };
        for a in &fixes.applied {
            let verb = if args.diff { "would fix" } else { "fixed" };
            eprintln!(
                "{}:{}: {verb} {}: {}",
                a.file, a.line, a.code, a.description
            );
        }
        for s in &fixes.skipped {
            eprintln!("{}:{}: not fixed {}: {}", s.file, s.line, s.code, s.reason);
        }
        for e in &fixes.errors {
            eprintln!("stepdoc check: {e}");
        }
        fix_failed = !fixes.errors.is_empty();
        let n = fixes.applied.len();
        let files = fixes.files.len();
        eprintln!(
            "{} {n} problem{} in {files} file{}",
            if args.diff { "Would fix" } else { "Fixed" },
            if n == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" },
        );
        if args.diff {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            if out
                .write_all(fixes.diff.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
            return if fix_failed {
                ExitCode::from(2)
            } else if n > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    }
    let report = match check::check_paths(&args.paths, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("stepdoc check: {e}");
            return ExitCode::from(2);
        }
    };
    let format = match args.format {
        CheckFormat::Human => formats::Format::Human,
        CheckFormat::Json => formats::Format::Json,
        CheckFormat::Github => formats::Format::Github,
        CheckFormat::Sarif => formats::Format::Sarif,
        CheckFormat::Junit => formats::Format::Junit,
    };
    // Source lines shown under findings: a page that is not UTF-8 was read
    // with `--encoding` or the project's `encoding`; Windows-1252 shows
    // either (columns count characters, one per byte in both).
    let source = |file: &str| {
        let bytes = std::fs::read(file).ok()?;
        stepdoc::rst::decode(&bytes).ok().or_else(|| {
            let e = run.encoding.unwrap_or(stepdoc::rst::Encoding::Windows1252);
            stepdoc::rst::decode_as(&bytes, e).ok()
        })
    };
    use std::io::{IsTerminal, Write};
    let tty = std::io::stdout().is_terminal();
    let shown = match &args.output {
        Some(path) => {
            // The file never has colours; standard output gets the human
            // report beside it (unless the file is the human report).
            let text = formats::render(&report, format, &source, formats::Style::Plain);
            if let Err(e) = stepdoc::output::replace_file(path, text.as_bytes()) {
                eprintln!("stepdoc check: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
            if format == formats::Format::Human {
                String::new()
            } else {
                formats::render(
                    &report,
                    formats::Format::Human,
                    &source,
                    args.color.style(tty),
                )
            }
        }
        None => formats::render(&report, format, &source, args.color.style(tty)),
    };
    let mut out = std::io::stdout().lock();
    if out
        .write_all(shown.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    for e in &report.errors {
        eprintln!("stepdoc check: {e}");
    }
    if !report.errors.is_empty() || fix_failed {
        return ExitCode::from(2);
    }
    let fail_at = if args.deny.is_some() {
        Severity::Warning
    } else {
        Severity::Error
    };
    if report.findings.iter().any(|f| f.severity >= fail_at) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(clap::Args)]
pub struct RulesArgs {
    /// Explain this rule.
    pub code: Option<String>,
}

fn default_label(s: stepdoc::check::Severity) -> &'static str {
    match s {
        stepdoc::check::Severity::Hidden => "hidden",
        s => s.label(),
    }
}

/// `stepdoc rules [CODE]`: list the rules, or explain one.
pub fn rules(args: &RulesArgs) -> ExitCode {
    use stepdoc::check;
    match &args.code {
        None => {
            for r in check::registry() {
                println!(
                    "{:<6} {:<8} {}{}",
                    r.code,
                    default_label(r.default),
                    r.name,
                    if r.fixable { "  (fixable)" } else { "" }
                );
            }
            ExitCode::SUCCESS
        }
        Some(code) => match check::rule(code) {
            Some(r) => {
                println!(
                    "{} ({})\n\nDefault severity: {}\nFixable: {}\n",
                    r.code,
                    r.name,
                    default_label(r.default),
                    if r.fixable {
                        "yes, with `stepdoc check --fix`"
                    } else {
                        "no"
                    }
                );
                println!("{}", r.description);
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("stepdoc rules: no rule {code:?} (see `stepdoc rules`)");
                ExitCode::from(2)
            }
        },
    }
}
