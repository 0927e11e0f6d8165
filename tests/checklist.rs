//! Printable checklists: what the PDF says (read back with poppler's
//! `pdftotext`, which `.ci/run` installs), its paper size, byte-identical
//! rebuilds, and doc text that cannot inject Typst markup.

use std::path::{Path, PathBuf};
use std::process::Command;

use stepdoc::model::{Field, FieldKind, Location, Note, NoteKind, Procedure, Step};
use stepdoc::render::{checklist, labels};

const HARVEST: &str = "faire-remonter-vos-donnees-sur-data-gouv-fr";

#[path = "support/tools.rs"]
mod tools;

/// pdftotext and pdfimages (poppler-utils).
fn poppler() -> bool {
    ["pdftotext", "pdfinfo", "pdfimages"]
        .iter()
        .all(|t| tools::have(t, "-v", "poppler-utils"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("stepdoc-checklist-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn make(out: &Path, extra: &[&str]) -> Vec<u8> {
    let status = Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .args(["checklist", HARVEST, "--out"])
        .arg(out)
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("stepdoc runs");
    assert!(status.success());
    std::fs::read(out.join(format!("{HARVEST}.pdf"))).expect("the PDF is written")
}

/// What a poppler tool prints about a PDF (`tool ARGS... PDF LAST...`).
fn poppler_out(tool: &str, args: &[&str], pdf: &Path, last: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(last)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text_of(pdf: &Path) -> String {
    poppler_out("pdftotext", &[], pdf, &["-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn info(pdf: &Path) -> String {
    poppler_out("pdfinfo", &[], pdf, &[])
}

#[test]
fn the_reference_checklist_says_what_the_page_says() {
    if !poppler() {
        return;
    }
    let out = tmp("ref");
    let first = make(&out, &[]);
    let pdf = out.join(format!("{HARVEST}.pdf"));
    let text = text_of(&pdf);
    let project = stepdoc::project::Project::open(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let (pages, _) = project.parse_all(None);
    let model = project.extract(&pages);
    let p = model
        .documents
        .iter()
        .flat_map(|d| &d.procedures)
        .find(|p| p.id == HARVEST)
        .unwrap();
    for s in &p.steps {
        let title = s.title.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains(&title),
            "step {} title {title:?} in the PDF",
            s.number
        );
    }
    for label in [
        "Nom",
        "URL",
        "Implementation",
        "Filtres",
        "Actif",
        "Archivage automatique",
    ] {
        assert!(text.contains(label), "field {label}");
    }
    assert!(
        text.contains("ne pas oublier d'ajouter un filtre"),
        "the filter warning"
    );
    assert!(text.contains("datasud@maregionsud.fr"));
    assert!(
        text.contains("durance-luberon-verdon-agglomeration"),
        "the example"
    );
    let t = text.replace(" / ", "/");
    assert!(
        t.contains("1/2") && t.contains("2/2"),
        "page numbers \"1 / 2\""
    );
    assert!(info(&pdf).contains("(A4)"), "{}", info(&pdf));
    // Deterministic: a second build gives the same bytes.
    assert_eq!(make(&out, &[]), first);
    // Letter on demand.
    make(&out, &["--paper", "letter"]);
    assert!(info(&pdf).contains("(letter)"), "{}", info(&pdf));
    // Answers prefill the fields.
    make(&out, &["--answers", "tests/answers/harvest-good.yaml"]);
    assert!(text_of(&pdf).contains("Mon organisation - DataSud"));
    let _ = std::fs::remove_dir_all(&out);
}

fn loc() -> Location {
    Location {
        file: "x.rst".into(),
        line: 1,
        column: 1,
        start: 0,
        end: 0,
    }
}

#[test]
fn doc_text_cannot_inject_typst_markup() {
    let nasty = r#"#set page(fill: red) $x^2$ *bold* _em_ \ <label> @ref `raw` [brackets] #"#;
    let p = Procedure {
        id: "nasty".into(),
        title: format!("Title {nasty}"),
        span: loc(),
        intro: vec![nasty.into()],
        notes: vec![Note {
            kind: NoteKind::Warning,
            title: Some(nasty.into()),
            text: nasty.into(),
            span: loc(),
        }],
        payload: None,
        steps: vec![Step {
            number: 1,
            anchor: "step-1".into(),
            title: nasty.into(),
            text: nasty.into(),
            actions: vec![],
            fields: vec![Field {
                label: nasty.into(),
                key: "k".into(),
                kind: FieldKind::Text,
                required: true,
                value: Some(nasty.into()),
                options: vec![],
                example: None,
                help: None,
                maps_to: None,
                span: loc(),
            }],
            notes: vec![],
            images: vec![],
            links: vec![],
            contacts: vec![],
            span: loc(),
            head: Default::default(),
        }],
    };
    let data = checklist::data(
        &p,
        "x.rst",
        "sha256:0",
        &labels::EN,
        "en",
        checklist::Paper::A4,
        &Default::default(),
    );
    let pdf = checklist::pdf(checklist::DEFAULT_TEMPLATE, &data, "nasty")
        .expect("the checklist compiles");
    // The HTML checklist escapes it too.
    let html = checklist::html(checklist::DEFAULT_HTML_TEMPLATE, &data).unwrap();
    assert!(!html.contains("<label>") && html.contains("&lt;label&gt;"));
    if !poppler() {
        return;
    }
    let dir = tmp("nasty");
    let path = dir.join("nasty.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = text_of(&path);
    let want = nasty.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.matches(&want).count() >= 3,
        "the text comes out verbatim:\n{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `pdfimages -list` rows: the pictures a PDF holds.
fn images_in(pdf: &Path) -> usize {
    poppler_out("pdfimages", &["-list"], pdf, &[])
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .count()
}

#[test]
fn screenshots_are_printed_with_images_only() {
    if !poppler() {
        return;
    }
    let dir = tmp("images");
    let plain = dir.join("plain");
    let with = dir.join("with");
    make(&plain, &[]);
    make(&with, &["--images"]);
    let pdf = |d: &Path| d.join(format!("{HARVEST}.pdf"));
    assert_eq!(images_in(&pdf(&plain)), 0, "no picture by default");
    // The harvester's step 2 shows five screenshots (docs/ holds them).
    assert!(images_in(&pdf(&with)) >= 5, "the step's screenshots");
    // The text is the same either way.
    assert_eq!(
        text_of(&pdf(&plain)).split("Étape").count(),
        text_of(&pdf(&with)).split("Étape").count()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
