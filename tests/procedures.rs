//! Extraction measured on the hand-labelled procedures of other projects'
//! pages (`../shared/corpus/procedures/`, conventions in its README).
//!
//! A labelled procedure is *found* when an extracted procedure of the same
//! page has its first step within 2 lines of the label's `first`. For the
//! set the test prints: found, exact step counts, titles agreeing (after
//! folding case, accents and punctuation), field recall, and invented
//! procedures (every procedure on a negative page, and every one that
//! matches no label). It fails below the floors of
//! `tests/procedures_floor.toml`. Run it with `-- --nocapture` to see the
//! figures and one line per label.
//!
//! `STEPDOC_PROCEDURES_CORPUS=DIR` measures another labelled set laid out
//! the same way (pages under DIR, `DIR/labels.tsv`): the figures are
//! printed and no floor applies.

use std::collections::BTreeMap;
use std::path::Path;

use stepdoc::config::RevisionMode;
use stepdoc::model::Procedure;
use stepdoc::project::Project;

const CORPUS: &str = "../shared/corpus/procedures";

struct Label {
    path: String,
    title: String,
    steps: usize,
    first: u32,
    fields: Vec<String>,
    required: Vec<String>,
}

fn labels(corpus: &Path) -> Vec<Label> {
    let text = std::fs::read_to_string(corpus.join("labels.tsv")).expect("labels.tsv reads");
    let mut out = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 5, "labels.tsv: short row {line:?}");
        let list = |i: usize| -> Vec<String> {
            cols.get(i)
                .map(|c| {
                    c.split('|')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        out.push(Label {
            path: cols[0].to_string(),
            title: cols[1].to_string(),
            steps: cols[2].parse().expect("steps is a number"),
            first: cols[3].parse().expect("first is a number"),
            fields: list(5),
            required: list(6),
        });
    }
    out
}

/// Case, accents and punctuation folded away; white space collapsed.
fn norm(s: &str) -> String {
    let folded = stepdoc::extract::text::fold(s);
    let kept: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Default, PartialEq)]
struct Figures {
    labelled: usize,
    found: usize,
    exact_steps: usize,
    titles: usize,
    fields_labelled: usize,
    fields_found: usize,
    required_labelled: usize,
    required_found: usize,
    invented: usize,
}

fn floors(path: &Path) -> BTreeMap<String, f64> {
    let text = std::fs::read_to_string(path).expect("the floors read");
    let table: toml::Table = text.parse().expect("the floors are TOML");
    table
        .into_iter()
        .map(|(k, v)| {
            let n = v
                .as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .expect("a floor is a number");
            (k, n)
        })
        .collect()
}

#[test]
fn labelled_procedures_are_found() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let other = std::env::var_os("STEPDOC_PROCEDURES_CORPUS").map(std::path::PathBuf::from);
    let corpus = other.clone().unwrap_or_else(|| manifest.join(CORPUS));
    let labels = labels(&corpus);
    let mut project = Project::open(&corpus).expect("the corpus opens");
    project.config.revision = RevisionMode::Content;
    let (pages, errors) = project.parse_all(None);
    assert!(errors.is_empty(), "{errors:?}");
    let export = project.extract(&pages);
    let by_page: BTreeMap<&str, &[Procedure]> = export
        .documents
        .iter()
        .map(|d| (d.source.as_str(), d.procedures.as_slice()))
        .collect();

    let mut fig = Figures::default();
    let mut matched: Vec<(String, String)> = Vec::new();
    let mut lines = Vec::new();
    for l in &labels {
        if l.steps == 0 {
            continue;
        }
        fig.labelled += 1;
        fig.fields_labelled += l.fields.len();
        fig.required_labelled += l.required.len();
        let procs = by_page.get(l.path.as_str()).copied().unwrap_or_default();
        let found = procs.iter().find(|p| {
            p.steps
                .first()
                .is_some_and(|s| s.span.line.abs_diff(l.first) <= 2)
        });
        let Some(p) = found else {
            lines.push(format!(
                "MISSED  {}:{} {:?} ({} steps)",
                l.path, l.first, l.title, l.steps
            ));
            continue;
        };
        fig.found += 1;
        matched.push((l.path.clone(), p.id.clone()));
        let steps_ok = p.steps.len() == l.steps;
        let title_ok = norm(&p.title) == norm(&l.title);
        fig.exact_steps += usize::from(steps_ok);
        fig.titles += usize::from(title_ok);
        let got: Vec<(String, bool)> = p
            .steps
            .iter()
            .flat_map(|s| &s.fields)
            .map(|f| (norm(&f.label), f.required))
            .collect();
        let missing: Vec<&String> = l
            .fields
            .iter()
            .filter(|f| !got.iter().any(|(g, _)| *g == norm(f)))
            .collect();
        fig.fields_found += l.fields.len() - missing.len();
        fig.required_found += l
            .required
            .iter()
            .filter(|f| got.iter().any(|(g, r)| *r && *g == norm(f)))
            .count();
        let extra: Vec<&String> = got
            .iter()
            .map(|(g, _)| g)
            .filter(|g| !l.fields.iter().any(|f| norm(f) == **g))
            .collect();
        lines.push(format!(
            "{}  {}:{} {:?}{} steps {}/{}{}{}",
            if steps_ok && title_ok && missing.is_empty() {
                "ok    "
            } else {
                "differ"
            },
            l.path,
            l.first,
            l.title,
            if title_ok {
                String::new()
            } else {
                format!(" (got {:?})", p.title)
            },
            p.steps.len(),
            l.steps,
            if missing.is_empty() {
                String::new()
            } else {
                format!(" fields missed {missing:?}")
            },
            if extra.is_empty() {
                String::new()
            } else {
                format!(" fields extra {extra:?}")
            },
        ));
    }
    for d in &export.documents {
        for p in &d.procedures {
            if !matched
                .iter()
                .any(|(path, id)| *path == d.source && *id == p.id)
            {
                fig.invented += 1;
                let line = p.steps.first().map(|s| s.span.line).unwrap_or(0);
                lines.push(format!(
                    "INVENTED {}:{line} {:?} ({} steps)",
                    d.source,
                    p.title,
                    p.steps.len()
                ));
            }
        }
    }
    for l in &lines {
        println!("{l}");
    }
    let recall = if fig.fields_labelled == 0 {
        1.0
    } else {
        fig.fields_found as f64 / fig.fields_labelled as f64
    };
    println!(
        "found {}/{} · exact step counts {} · titles agreeing {} · field recall {}/{} ({:.1}%) · required {}/{} · invented {}",
        fig.found,
        fig.labelled,
        fig.exact_steps,
        fig.titles,
        fig.fields_found,
        fig.fields_labelled,
        recall * 100.0,
        fig.required_found,
        fig.required_labelled,
        fig.invented
    );
    if other.is_some() {
        return;
    }
    let floor = floors(&manifest.join("tests/procedures_floor.toml"));
    let at_least = |k: &str, v: f64| {
        let f = floor[k];
        assert!(v >= f, "{k}: {v} is below the floor {f}");
    };
    at_least("found", fig.found as f64);
    at_least("exact_steps", fig.exact_steps as f64);
    at_least("titles", fig.titles as f64);
    at_least("field_recall", recall);
    let most = floor["invented_at_most"];
    assert!(
        fig.invented as f64 <= most,
        "invented: {} is above the ceiling {most}",
        fig.invented
    );
}
