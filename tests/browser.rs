//! The built guide as a reader sees it: the services chapter is opened in
//! headless Chromium (Debian's `chromium`, which `.ci/run` installs) and the
//! rendered DOM must show the five steps, the field table and the warning.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/tools.rs"]
mod tools;
use tools::chromium;

fn dump_dom(browser: &Path, page: &Path, profile: &Path) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_services_chapter_shows_steps_fields_and_warning() {
    let Some(browser) = chromium() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join(format!("stepdoc-browser-{}", std::process::id()));
    let out = tmp.join("book");
    let status = Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .arg("build")
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .status()
        .expect("stepdoc runs");
    assert!(status.success());
    let page = out.join("html/services.html");
    assert!(page.is_file(), "{} exists", page.display());
    let dom = dump_dom(&browser, &page, &tmp.join("profile"));
    assert!(
        dom.contains("<main"),
        "the page rendered: {}",
        &dom[..dom.len().min(500)]
    );
    for n in 1..=5 {
        let id = format!("id=\"faire-remonter-vos-donnees-sur-data-gouv-fr-step-{n}\"");
        assert!(dom.contains(&id), "step {n} heading ({id}) in the DOM");
        assert!(dom.contains(&format!("Étape {n}")), "step {n} label");
    }
    assert!(dom.contains("<table"), "a table is rendered");
    for label in [
        "Nom",
        "URL",
        "Implementation",
        "Filtres",
        "Actif",
        "Archivage automatique",
    ] {
        assert!(
            dom.contains(&format!("<td>{label}</td>")),
            "field {label} in the table"
        );
    }
    assert!(
        dom.contains("blockquote-tag-note") || dom.contains("blockquote-tag-warning"),
        "an admonition is rendered"
    );
    assert!(
        dom.contains("ne pas oublier d'ajouter un filtre")
            || dom.contains("ne pas oublier d’ajouter un filtre")
    );
    // Step 1's title is its first sentence: the heading shows it, the text
    // under it does not repeat it.
    let sentence = "Chaque contributeur crée une organisation sur Data.Gouv avec un compte utilisateur en son nom.";
    assert!(dom.contains(sentence), "the title is in the heading");
    assert!(
        !dom.contains(&format!("<p>{sentence}")),
        "the text under the heading does not repeat the title"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

const ENUMERATED: &str = "Networks
========

Create a network
----------------

#. Log in to the dashboard.
#. Click :guilabel:`Create Network`.
#. Fill in the :guilabel:`Network Name` field.

.. image:: dialog.png

4. Click :guilabel:`Create`.
";

/// The guide of a folder holding one page, `name` with `text`, built in a
/// fresh temporary folder: (that folder, the guide's output folder).
fn build_one_page(tag: &str, name: &str, text: &str) -> (PathBuf, PathBuf) {
    let tmp = std::env::temp_dir().join(format!("stepdoc-browser-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let docs = tmp.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join(name), text).unwrap();
    let out = tmp.join("book");
    let status = Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .arg("build")
        .arg(&docs)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("stepdoc runs");
    assert!(status.success());
    (tmp, out)
}

#[test]
fn an_enumerated_list_procedure_keeps_its_numbers_with_anchors_and_checkboxes() {
    let Some(browser) = chromium() else { return };
    let (tmp, out) = build_one_page("enum", "index.rst", ENUMERATED);
    let dom = dump_dom(&browser, &out.join("html/index.html"), &tmp.join("profile"));
    for n in 1..=4 {
        let id = format!("id=\"create-a-network-step-{n}\"");
        assert!(
            dom.contains(&id),
            "step {n} anchor ({id}) in the DOM: {dom}"
        );
    }
    assert_eq!(
        dom.matches("<input disabled=\"\" type=\"checkbox\">")
            .count(),
        4,
        "one checkbox per step: {dom}"
    );
    // The list split by the image carries on at 4.
    assert!(dom.contains("<ol start=\"4\">"), "{dom}");
    assert!(dom.contains("<td>Network Name</td>"), "the field table");
    assert!(
        dom.contains("checklists/create-a-network.pdf"),
        "the checklist link"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_sphinx_project_shows_its_code_signatures_toctree_and_images() {
    let Some(browser) = chromium() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join(format!("stepdoc-browser-sphinx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let out = tmp.join("book");
    let status = Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .arg("build")
        .arg(root.join("tests/fixtures/sphinx-project/docs"))
        .arg("--out")
        .arg(&out)
        .status()
        .expect("stepdoc runs");
    assert!(status.success());
    let profile = tmp.join("profile");
    let index = dump_dom(&browser, &out.join("html/index.html"), &profile);
    // The toctree: its caption and the linked titles, nested.
    assert!(index.contains("<strong>Contents</strong>"), "{index}");
    assert!(
        index.contains(">Installing</a>") && index.contains(">Configuring</a>"),
        "{index}"
    );
    assert!(index.contains(">widget.port</a>"), "{index}");
    let install = dump_dom(&browser, &out.join("html/guide/install.html"), &profile);
    // The literalinclude's lines, the captioned code block, the image.
    assert!(install.contains("widget-server --port 8080"), "{install}");
    assert!(install.contains("<strong>widget.ini</strong>"), "{install}");
    assert!(install.contains("language-ini"), "{install}");
    assert!(install.contains("src=\"../images/logo.png\""), "{install}");
    let configure = dump_dom(&browser, &out.join("html/guide/configure.html"), &profile);
    // The confval's signature with its anchor.
    assert!(
        configure.contains("id=\"confval-widget.port\""),
        "{configure}"
    );
    assert!(
        configure.contains("widget.port (type: int) (default: 8080)"),
        "{configure}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A MyST page of a folder of Markdown pages: a procedure with a field,
/// an admonition as a colon fence, an alert and a code block.
const MYST_PAGE: &str = "# Configure the harvester\n\n\
(harvester)=\n## Create the harvester\n\n\
To create the harvester:\n\n\
1. Open the {guilabel}`Administration` page.\n\
2. Fill in **Name**: the name of your organisation.\n\
3. Click {guilabel}`Save`.\n\n\
:::{warning}\nDo not forget the **filter**.\n:::\n\n\
> [!TIP]\n> The harvest runs every night.\n\n\
```python\nprint(\"harvest\")\n```\n";

#[test]
fn a_markdown_page_shows_its_procedure_admonitions_and_code() {
    let Some(browser) = chromium() else { return };
    let (tmp, out) = build_one_page("md", "index.md", MYST_PAGE);
    let dom = dump_dom(&browser, &out.join("html/index.html"), &tmp.join("profile"));
    assert!(dom.contains("Create the harvester"), "{dom}");
    assert_eq!(
        dom.matches("<input disabled=\"\" type=\"checkbox\">")
            .count(),
        3,
        "one checkbox per step: {dom}"
    );
    assert!(dom.contains("Administration"), "the guilabel: {dom}");
    assert!(dom.contains("filter"), "the warning's text: {dom}");
    assert!(dom.contains("every night"), "the alert's text: {dom}");
    assert!(dom.contains("language-python"), "the code block: {dom}");
    assert!(dom.contains("checklists/"), "the checklist link: {dom}");
    let _ = std::fs::remove_dir_all(&tmp);
}
