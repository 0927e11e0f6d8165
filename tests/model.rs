//! The procedure model of the DataSud pages: the reference procedure field
//! by field, the other procedures, pages without one, the model schema and
//! answer validation.

#[path = "support/cli.rs"]
mod cli;
use cli::stepdoc;

use std::path::{Path, PathBuf};

use serde_json::Value;
use stepdoc::model::{Export, FieldKind, NoteKind, Procedure};
use stepdoc::project::Project;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn export_of(dir: &Path) -> Export {
    let project = Project::open(dir).expect("project opens");
    let (pages, errors) = project.parse_all(None);
    assert!(errors.is_empty(), "{errors:?}");
    project.extract(&pages)
}

fn bundled() -> Export {
    export_of(&repo())
}

fn procedure<'a>(e: &'a Export, title: &str) -> &'a Procedure {
    e.documents
        .iter()
        .flat_map(|d| &d.procedures)
        .find(|p| p.title == title)
        .unwrap_or_else(|| panic!("no procedure {title:?}"))
}

#[test]
fn the_reference_procedure_comes_out_right() {
    let e = bundled();
    let p = procedure(&e, "Faire remonter vos données sur Data.Gouv.fr");
    let numbers: Vec<u32> = p.steps.iter().map(|s| s.number).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
    // Step 1 links to the data.gouv.fr login page.
    assert!(
        p.steps[0]
            .links
            .iter()
            .any(|l| l.url.starts_with("https://www.data.gouv.fr/fr/login"))
    );
    // Step 2: the six fields of the harvester form.
    let s2 = &p.steps[1];
    let labels: Vec<&str> = s2.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "Nom",
            "URL",
            "Implementation",
            "Filtres",
            "Actif",
            "Archivage automatique"
        ]
    );
    let field = |l: &str| s2.fields.iter().find(|f| f.label == l).unwrap();
    assert_eq!(field("URL").kind, FieldKind::Url);
    assert_eq!(
        field("URL").value.as_deref(),
        Some("https://trouver.datasud.fr")
    );
    assert_eq!(field("Implementation").kind, FieldKind::Choice);
    assert_eq!(field("Implementation").value.as_deref(), Some("ckan"));
    assert_eq!(field("Actif").kind, FieldKind::Checkbox);
    assert_eq!(field("Archivage automatique").kind, FieldKind::Checkbox);
    assert_eq!(
        field("Filtres").example.as_deref(),
        Some("durance-luberon-verdon-agglomeration")
    );
    assert!(
        s2.notes
            .iter()
            .any(|n| n.text.contains("ne pas oublier d'ajouter un filtre")
                && matches!(n.kind, NoteKind::Note | NoteKind::Warning)),
        "{:?}",
        s2.notes
    );
    let images: Vec<&str> = s2.images.iter().map(|i| i.uri.as_str()).collect();
    assert_eq!(
        images,
        vec![
            "ajout_moissoneur.PNG",
            "CaptureMoissonneur2.PNG",
            "ajout_moissoneur_Suivant.PNG",
            "ajout_nveau_moissoneur.PNG",
            "ajout_nveau_moissoneur_filtre.PNG"
        ]
    );
    assert!(
        s2.images.iter().all(|i| i.exists),
        "docs/ holds the screenshots"
    );
    // Step 3: whom to write to.
    assert_eq!(p.steps[2].contacts[0].email, "datasud@maregionsud.fr");
    // The three "Quelques précisions" points.
    let precisions: Vec<_> = p
        .notes
        .iter()
        .filter(|n| n.title.as_deref() == Some("Quelques précisions"))
        .collect();
    assert_eq!(precisions.len(), 3);
    assert!(precisions[0].text.contains("métadonnées"));
    // Every element points back into the page.
    assert_eq!(s2.span.file, "services.rst");
    assert_eq!(s2.span.line, 26);
    assert_eq!(field("Nom").span.line, 43);
}

#[test]
fn the_other_datasud_procedures() {
    let e = bundled();
    // The MAJIC steps sit in the subsection "a. La procédure..." of the
    // chapter "Utiliser le service MAJIC": the procedure takes the title of
    // the section that holds it, not the chapter's.
    let majic = procedure(&e, "a. La procédure et l'instruction de la demande");
    assert_eq!(
        majic.steps.iter().map(|s| s.number).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(
        majic.steps[0].title,
        "Enregistrement de l’ayant droit sur www.datasud.fr (si ce n’est pas déjà fait)"
    );
    assert!(
        e.documents
            .iter()
            .flat_map(|d| &d.procedures)
            .all(|p| p.title != "Utiliser le service MAJIC"),
        "the chapter's numbered headings (**1. Les ayants droit**) are not steps"
    );
    let publish = procedure(&e, "Publier un jeu de données");
    assert_eq!(
        publish
            .steps
            .iter()
            .map(|s| s.title.as_str())
            .collect::<Vec<_>>(),
        vec!["Renseigner les métadonnées", "Publier une ressource"]
    );
    // Pages with no step markers give no procedure.
    for page in [
        "cadre_legal.rst",
        "consultation.rst",
        "regles_editoriales.rst",
        "index.rst",
    ] {
        let d = e.documents.iter().find(|d| d.source == page).unwrap();
        assert!(
            d.procedures.is_empty(),
            "{page}: {:?}",
            d.procedures.iter().map(|p| &p.title).collect::<Vec<_>>()
        );
    }
}

/// The mistakes extraction used to make on DataSud's pages.
#[test]
fn titles_fields_and_messages_on_datasud_pages() {
    let e = bundled();
    // A step's title is its first sentence; the rest is its text, so the
    // guide and the checklist never print the sentence twice.
    let harvest = procedure(&e, "Faire remonter vos données sur Data.Gouv.fr");
    let s1 = &harvest.steps[0];
    assert_eq!(
        s1.title,
        "Chaque contributeur crée une organisation sur Data.Gouv avec un compte utilisateur en son nom."
    );
    assert!(!s1.text.contains(&s1.title), "{:?}", s1.text);
    assert_eq!(
        harvest.steps[1].title,
        "création d'un point de moissonnage sur DataGouv"
    );
    assert!(
        harvest.steps[1]
            .text
            .starts_with("L'administrateur de l'organisation")
    );
    let publish = procedure(&e, "Publier un jeu de données");
    let fields: Vec<&stepdoc::model::Field> =
        publish.steps.iter().flat_map(|s| &s.fields).collect();
    // "sélectionnez dans la liste": a choice with no fixed value.
    let categories = fields.iter().find(|f| f.label == "Catégories").unwrap();
    assert_eq!(categories.kind, FieldKind::Choice);
    assert_eq!(categories.value, None);
    assert!(!categories.options.iter().any(|o| o == "dans"));
    // The quoted values after "à choisir dans la liste déroulante" are its options.
    let frequency: Vec<_> = fields
        .iter()
        .filter(|f| f.label == "Fréquence de mise à jour")
        .collect();
    assert_eq!(frequency.len(), 2, "the page lists the field twice");
    assert!(frequency[0].options.contains(&"Hebdomadaire".to_string()));
    // Keys are unique within the procedure.
    let keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(keys.len(), unique.len(), "{keys:?}");
    assert!(keys.contains(&"frequence_de_mise_a_jour_2"));
    // The parser's warning is never an action, a note or text.
    for p in e.documents.iter().flat_map(|d| &d.procedures) {
        for s in &p.steps {
            let texts = s
                .actions
                .iter()
                .map(|a| a.text.as_str())
                .chain(s.notes.iter().map(|n| n.text.as_str()))
                .chain([s.text.as_str(), s.title.as_str()]);
            for t in texts {
                assert!(!t.contains("Literal block expected"), "{}: {t}", p.title);
            }
        }
    }
}

#[test]
fn every_datasud_page_validates_against_the_model_schema() {
    let schema = stepdoc::schema::model_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let validator =
        jsonschema::draft202012::new(&schema).expect("the model schema is a valid schema");
    let corpus = repo().join("../shared/corpus/datasud");
    let export = export_of(&corpus);
    assert!(export.documents.len() >= 10);
    let value = serde_json::to_value(&export).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The JSON form reads back into the same model.
    let back: Export = serde_json::from_value(value).unwrap();
    assert_eq!(back, export);
}

const HARVEST: &str = "faire-remonter-vos-donnees-sur-data-gouv-fr";

#[test]
fn validate_accepts_good_answers_and_emits_the_udata_payload() {
    let (code, out, err) = stepdoc(&[
        "validate",
        "tests/answers/harvest-good.yaml",
        "--procedure",
        HARVEST,
        "--emit",
        "payload",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let payload: Value = serde_json::from_str(&out).expect("the payload is JSON");
    assert_eq!(payload["name"], "Mon organisation - DataSud");
    assert_eq!(payload["url"], "https://trouver.datasud.fr");
    assert_eq!(payload["backend"], "ckan");
    assert_eq!(payload["active"], true);
    assert_eq!(payload["autoarchive"], true);
    assert_eq!(
        payload["config"]["filters"][0],
        serde_json::json!({"key": "organization", "value": "durance-luberon-verdon-agglomeration", "type": "include"})
    );
}

#[test]
fn validate_reports_each_problem_with_field_pointer_and_rule() {
    let (code, out, _) = stepdoc(&[
        "validate",
        "tests/answers/harvest-bad.json",
        "--procedure",
        HARVEST,
    ]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Nom") && l.contains("[required]")),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l.contains("Implementation")
            && l.contains("/implementation")
            && l.contains("[const]")),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Actif") && l.contains("/actif") && l.contains("[")),
        "{out}"
    );
    // Unreadable input and unknown procedures are usage errors.
    assert_eq!(
        stepdoc(&[
            "validate",
            "tests/answers/missing.yaml",
            "--procedure",
            HARVEST
        ])
        .0,
        2
    );
    assert_eq!(
        stepdoc(&[
            "validate",
            "tests/answers/harvest-good.yaml",
            "--procedure",
            "nope"
        ])
        .0,
        2
    );
}

#[test]
fn the_form_schema_of_the_harvester() {
    let (code, out, err) = stepdoc(&["schema", "form", HARVEST]);
    assert_eq!(code, 0, "{err}");
    let s: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s["properties"]["url"]["format"], "uri");
    assert_eq!(s["properties"]["implementation"]["const"], "ckan");
    assert_eq!(s["properties"]["actif"]["type"], "boolean");
    assert_eq!(
        s["properties"]["filtres"]["examples"][0],
        "durance-luberon-verdon-agglomeration"
    );
    assert!(
        s["properties"]["nom"]["description"]
            .as_str()
            .unwrap()
            .contains("Mon organisation")
    );
    assert!(
        jsonschema::meta::is_valid(&s),
        "the form schema is a valid 2020-12 schema"
    );
}
