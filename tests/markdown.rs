//! Markdown (MyST) pages: the same model as reStructuredText pages, in
//! projects beside them, and every page of myst-parser's own documentation
//! read without a panic.

use std::path::Path;

use stepdoc::config::Config;
use stepdoc::extract::{self, PageInfo};
use stepdoc::rst::Settings;

/// A temporary folder holding `files` (path, text), their folders made.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// What `stepdoc check --format json DIR` finds.
fn check_json(dir: &Path) -> Vec<serde_json::Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .expect("stepdoc runs");
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    found.as_array().cloned().unwrap_or_default()
}

/// The model of a page as JSON, without what says where things are
/// (spans, lines, ids made from them) nor which page it is.
fn model_without_places(doc: &stepdoc::rst::Document, rel: &str) -> serde_json::Value {
    let info = PageInfo {
        rel_path: rel,
        root: None,
        revision: String::new(),
    };
    let model = extract::extract(doc, &info, &Config::default());
    let mut v = serde_json::to_value(&model).expect("the model serialises");
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for key in ["span", "source", "path", "revision", "line"] {
                    m.remove(key);
                }
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

#[test]
fn the_harvester_procedure_in_myst_gives_the_rst_model() {
    let rst = std::fs::read_to_string("../shared/seed/services.rst");
    let Ok(rst) = rst else {
        eprintln!("../shared/seed/services.rst is not here: skipped");
        return;
    };
    let md = std::fs::read_to_string("tests/fixtures/markdown/services.md").expect("fixture");
    let settings = Settings {
        sphinx: true,
        ..Settings::default()
    };
    let from_rst = stepdoc::rst::parse(&rst, &settings, "services.rst");
    let from_md = stepdoc::markdown::parse(&md, &settings, "services.md");
    let a = model_without_places(&from_rst, "services");
    let b = model_without_places(&from_md, "services");
    let procedures = |v: &serde_json::Value| v["procedures"].as_array().map_or(0, Vec::len);
    assert_eq!(procedures(&a), 1, "{a:#}");
    assert_eq!(
        serde_json::to_string_pretty(&a["procedures"]).unwrap_or_default(),
        serde_json::to_string_pretty(&b["procedures"]).unwrap_or_default()
    );
}

#[test]
fn markdown_spans_point_at_their_markup() {
    let md = "# Title\n\nSome *text* here.\n\n1. First {guilabel}`Save`\n2. Second\n";
    let doc = stepdoc::markdown::parse(md, &Settings::default(), "p.md");
    for &n in doc.nodes() {
        let s = doc.tree.get(n).span;
        assert!(s.start <= s.end && s.end as usize <= md.len(), "{s:?}");
        // Line and column agree with the byte offset.
        assert_eq!(doc.line_col(s.start as usize), (s.line, s.col), "{s:?}");
    }
    let emphasis = doc
        .nodes()
        .iter()
        .copied()
        .find(|&n| doc.tree.tag(n) == stepdoc::rst::Tag::Emphasis)
        .expect("an emphasis");
    let s = doc.tree.get(emphasis).span;
    assert_eq!(&md[s.start as usize..s.end as usize], "*text*");
    assert_eq!((s.line, s.col), (3, 6));
}

#[test]
fn every_page_of_the_myst_docs_parses() {
    let dir = Path::new("../shared/corpus/myst/docs");
    if !dir.is_dir() {
        eprintln!("{} is not here: skipped", dir.display());
        return;
    }
    let pages: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    assert!(pages.len() >= 20, "{} pages", pages.len());
    let settings = Settings {
        sphinx: true,
        ..Settings::default()
    };
    let (mut directives, mut roles, mut sections) = (0, 0, 0);
    for p in &pages {
        let text = std::fs::read_to_string(p).expect("a page");
        let doc = stepdoc::markdown::parse(&text, &settings, &p.display().to_string());
        for &n in doc.nodes() {
            let s = doc.tree.get(n).span;
            assert!(s.end as usize <= text.len(), "{}: {s:?}", p.display());
            match doc.tree.tag(n) {
                stepdoc::rst::Tag::Section => sections += 1,
                t if t.is_admonition() => directives += 1,
                stepdoc::rst::Tag::Inline if doc.tree.attr_str(n, "role").is_some() => roles += 1,
                _ => {}
            }
        }
    }
    eprintln!("{sections} sections, {directives} admonitions, {roles} roles");
    // What the pages hold comes out: sections, admonitions and roles.
    assert!(sections >= 150, "{sections} sections");
    assert!(directives >= 40, "{directives} admonitions");
    assert!(roles >= 9, "{roles} roles");
}

#[test]
fn a_project_reads_markdown_pages_beside_rst_ones() {
    let dir = folder(&[
        ("index.rst", "Home\n====\n\n.. toctree::\n\n   install\n"),
        (
            "install.md",
            "# Install\n\nTo install:\n\n1. Open the **Settings** page.\n2. Click {guilabel}`Save`.\n3. Restart the service.\n",
        ),
    ]);
    let project = stepdoc::project::Project::open(dir.path()).expect("a project");
    let (pages, errors) = project.parse_all(None);
    assert!(errors.is_empty());
    let names: Vec<&str> = pages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["index", "install"]);
    let model = project.extract(&pages);
    let install = model
        .documents
        .iter()
        .find(|d| d.source.ends_with("install.md"))
        .expect("the Markdown page's document");
    assert_eq!(install.procedures.len(), 1, "{:?}", install.procedures);
    assert_eq!(install.procedures[0].steps.len(), 3);
    assert_eq!(install.procedures[0].steps[0].span.line, 5);
}

/// The guide page of a document, as the build renders it.
fn guide_page(doc: &stepdoc::rst::Document, rel: &str) -> String {
    let info = PageInfo {
        rel_path: rel,
        root: None,
        revision: String::new(),
    };
    let model = extract::extract(doc, &info, &Config::default());
    stepdoc::render::markdown::render_alone(
        doc,
        &model.procedures,
        &stepdoc::render::labels::FR,
        "index.md",
        "index",
    )
    .markdown
}

#[test]
fn the_harvester_page_in_myst_renders_the_rst_guide_page() {
    let Ok(rst) = std::fs::read_to_string("../shared/seed/services.rst") else {
        eprintln!("../shared/seed/services.rst is not here: skipped");
        return;
    };
    let md = std::fs::read_to_string("tests/fixtures/markdown/services.md").expect("fixture");
    let settings = Settings {
        sphinx: true,
        ..Settings::default()
    };
    let from_rst = guide_page(
        &stepdoc::rst::parse(&rst, &settings, "index.rst"),
        "index.rst",
    );
    let from_md = guide_page(
        &stepdoc::markdown::parse(&md, &settings, "index.md"),
        "index.md",
    );
    // RST's `` `text <url>`_ `` also names a target, which Markdown's
    // links do not: its anchor is the one difference.
    let from_rst = from_rst.replace("<span id=\"inscription-sur-datagouv\"></span>", "");
    assert_eq!(from_rst, from_md);
}

#[test]
fn an_mdbook_book_is_a_source_in_its_summary_order() {
    let dir = folder(&[
        ("book.toml", "[book]\ntitle = \"Harvest\"\n"),
        (
            "src/SUMMARY.md",
            "# Summary\n\n[Introduction](README.md)\n\n# Guide\n\n- [Zebra](guide/zebra.md)\n  - [Alpha](guide/alpha.md)\n- [Gone](guide/gone.md)\n",
        ),
        ("src/README.md", "# Introduction\n\nHello.\n"),
        (
            "src/guide/zebra.md",
            "# Zebra\n\nTo feed it:\n\n1. Open the gate.\n2. Fill in **Name**: the zebra's name.\n3. Close the gate.\n",
        ),
        ("src/guide/alpha.md", "# Alpha\n\nText.\n"),
    ]);
    let book = dir.path();
    let out = book.join("out");
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .arg("build")
        .arg(book)
        .arg("--out")
        .arg(&out)
        .arg("--markdown-only")
        .output()
        .expect("stepdoc runs");
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let summary = std::fs::read_to_string(out.join("src/SUMMARY.md")).expect("SUMMARY.md");
    // The book's order, not the alphabet's; the summary is no chapter.
    let zebra = summary.find("guide/zebra.md").expect("zebra listed");
    let alpha = summary.find("guide/alpha.md").expect("alpha listed");
    assert!(zebra < alpha, "{summary}");
    assert!(summary.contains("[Introduction](README.md)"), "{summary}");
    assert_eq!(summary.matches("SUMMARY.md").count(), 0, "{summary}");
    // The summary's part, as a part of the book.
    assert!(summary.contains("\n# Guide\n\n- [Zebra]"), "{summary}");
    // Nested as the summary nests it.
    assert!(
        summary.contains("\n- [Zebra](guide/zebra.md)\n  - [Alpha](guide/alpha.md)"),
        "{summary}"
    );
    assert!(
        out.join("src/checklists").is_dir(),
        "the procedure's checklist"
    );
    // A chapter the summary lists that is not there: found at its line.
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .arg("check")
        .arg(book)
        .output()
        .expect("stepdoc runs");
    let text = String::from_utf8_lossy(&check.stdout).into_owned()
        + &String::from_utf8_lossy(&check.stderr);
    assert!(text.contains("\"guide/gone\""), "{text}");
    assert!(text.contains("SUMMARY.md:9:"), "{text}");
}

#[test]
fn a_myst_include_reads_markdown_beside_the_page() {
    let dir = folder(&[
        (
            "index.md",
            "# Home\n\n```{include} parts/steps.md\n:start-after: <!-- start -->\n:relative-docs: ..\n```\n\n```{include} ../outside.md\n```\n",
        ),
        (
            "parts/steps.md",
            "Not this.\n<!-- start -->\nTo begin:\n\n1. Open the **Settings** page.\n2. Click Save.\n",
        ),
    ]);
    let project = stepdoc::project::Project::open(dir.path()).expect("a project");
    let page = project.parse_page(Path::new("index.md")).expect("the page");
    let xml = page.doc.pformat();
    assert!(xml.contains("<enumerated_list"), "{xml}");
    assert!(!xml.contains("Not this."), "{xml}");
    // Read through the directive, so placed at it.
    let list = page
        .doc
        .nodes()
        .iter()
        .copied()
        .find(|&n| page.doc.tree.tag(n) == stepdoc::rst::Tag::EnumeratedList)
        .expect("the list");
    assert_eq!(page.doc.tree.get(list).span.line, 3);
    assert_eq!(page.doc.included.len(), 1);
    // A file outside the project is not read: a message at its directive.
    let message = page
        .doc
        .messages()
        .iter()
        .find(|m| m.text.contains("include"));
    let message = message.expect("a message about the second include");
    assert_eq!(message.span.line, 8, "{message:?}");
    assert_eq!(message.family, stepdoc::rst::Family::Include);
}

#[test]
fn a_field_list_in_a_step_is_the_rst_field_list() {
    let settings = Settings::default();
    let md = "# Add a source\n\nTo add a source:\n\n1. Fill in the form:\n\n   :Nom: **Mon organisation**\n   :URL: <https://trouver.datasud.fr>\n\n2. Click Save.\n";
    let rst = "Add a source\n============\n\nTo add a source:\n\n1. Fill in the form:\n\n   :Nom: **Mon organisation**\n   :URL: https://trouver.datasud.fr\n\n2. Click Save.\n";
    let from_md = stepdoc::markdown::parse(md, &settings, "p.md");
    let from_rst = stepdoc::rst::parse(rst, &settings, "p.rst");
    // The same tree but for the source names.
    let strip = |d: &stepdoc::rst::Document| {
        d.pformat()
            .lines()
            .filter(|l| !l.contains("<document"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&from_md), strip(&from_rst));
    assert_eq!(
        model_without_places(&from_md, "p")["procedures"],
        model_without_places(&from_rst, "p")["procedures"]
    );
}

#[test]
fn nodes_of_a_directive_read_as_rst_point_at_their_lines() {
    let md = "# T\n\n- item\n\n  ```{code-block} python\n  :caption: Example\n\n  x = 1\n  y = 2\n  ```\n";
    let settings = Settings {
        sphinx: true,
        ..Settings::default()
    };
    let doc = stepdoc::markdown::parse(md, &settings, "p.md");
    let block = doc
        .nodes()
        .iter()
        .copied()
        .find(|&n| doc.tree.tag(n) == stepdoc::rst::Tag::LiteralBlock)
        .expect("the code block");
    let s = doc.tree.get(block).span;
    assert_eq!(s.line, 8, "{}", doc.pformat());
    assert!(md[s.start as usize..s.end as usize].starts_with("x = 1"));
    assert!(md[s.start as usize..s.end as usize].ends_with("y = 2"));
}

#[test]
fn parse_reads_md_files_as_markdown_unless_told() {
    let dir = folder(&[("p.md", "# Title\n\nText.\n")]);
    let page = dir.path().join("p.md");
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stepdoc"))
            .arg("parse")
            .args(extra)
            .arg(&page)
            .output()
            .expect("stepdoc runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(&[]).contains("<section ids=\"title\""));
    assert!(run(&["--syntax", "rst"]).contains("# Title"));
}

#[test]
fn conf_py_says_which_myst_syntax_pages_use() {
    let dir = folder(&[
        ("conf.py", "extensions = ['myst_parser']\n"),
        ("index.md", "# Home\n\n:::{note}\nA note.\n:::\n"),
    ]);
    let check = check_json;
    // Without colon_fence, Sphinx shows the fence as text: said at its line.
    let found = check(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 3);
    let project = stepdoc::project::Project::open(dir.path()).expect("a project");
    let page = project.parse_page(Path::new("index.md")).expect("the page");
    assert!(!page.doc.pformat().contains("<note>"));
    // Enabled, it is a note and nothing is said.
    std::fs::write(
        dir.path().join("conf.py"),
        "extensions = ['myst_parser']\nmyst_enable_extensions = ['colon_fence']\n",
    )
    .expect("write");
    assert!(check(dir.path()).is_empty());
    let project = stepdoc::project::Project::open(dir.path()).expect("a project");
    let page = project.parse_page(Path::new("index.md")).expect("the page");
    assert!(page.doc.pformat().contains("<note>"));
}

#[test]
fn substitutions_and_inline_attributes_come_from_conf_py_and_the_page() {
    let dir = folder(&[
        (
            "conf.py",
            "extensions = ['myst_parser']\n\
             myst_enable_extensions = ['substitution', 'attrs_inline', 'colon_fence']\n\
             myst_substitutions = {'product': 'the **DataSud** portal', 'where': 'nowhere'}\n",
        ),
        (
            "index.md",
            "---\nmyst:\n  substitutions:\n    where: \"{guilabel}`Settings`\"\n    warning: |\n      :::{warning}\n      Back up {{ product }} first.\n      :::\n---\n\
             # Home\n\nOpen {{ product }}, then {{ where }}.\n\n{{ warning }}\n\n\
             A [span of text]{#spanid .bg-warning} and `code`{#codeid}.\n\n\
             See {ref}`the span <spanid>` and {ref}`the code <codeid>`; {{ nothing }}.\n",
        ),
    ]);
    let project = stepdoc::project::Project::open(dir.path()).expect("a project");
    let page = project.parse_page(Path::new("index.md")).expect("the page");
    let xml = page.doc.pformat();
    // conf.py's value, read as inline Markdown; the page's own wins.
    assert!(
        xml.contains("Open the \n") && xml.contains("<strong>\n"),
        "{xml}"
    );
    assert!(xml.contains("DataSud"), "{xml}");
    assert!(xml.contains("<inline role=\"guilabel\">"), "{xml}");
    assert!(!xml.contains("nowhere"), "{xml}");
    // Alone in its paragraph, a value of blocks is its blocks, nested
    // substitutions read too.
    assert!(xml.contains("<warning>"), "{xml}");
    assert!(!xml.contains("{{ product }}"), "{xml}");
    // Inline attributes: classes on the element, the id a label.
    assert!(
        xml.contains("<target ids=\"spanid\" names=\"spanid\">"),
        "{xml}"
    );
    assert!(xml.contains("<inline classes=\"bg-warning\">"), "{xml}");
    assert!(!xml.contains("{#"), "{xml}");
    // check: the labels resolve; the undefined name is said at its line.
    let found = check_json(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 18, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("nothing")),
        "{found:?}"
    );
    // The guide shows the values and links the label.
    let md = guide_page(&page.doc, "index.md");
    assert!(md.contains("**DataSud**"), "{md}");
    assert!(md.contains("id=\"spanid\""), "{md}");
    assert!(
        md.contains("<span id=\"spanid\"></span>span of text and"),
        "{md}"
    );
    assert!(!md.contains("{{ product"), "{md}");
}

#[test]
fn links_to_a_label_lead_to_its_page_in_the_guide() {
    let dir = folder(&[
        ("index.md", "# Home\n\n```{toctree}\na\nb\n```\n"),
        ("a.md", "# A\n\n(lbl)=\n## Section A\n\nText.\n"),
        (
            "b.md",
            "# B\n\nSee [there](#lbl), [](#lbl) and [missing](#nope).\n",
        ),
    ]);
    let out = tempfile::tempdir().expect("a temporary folder");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .args(["build", "--markdown-only"])
        .arg(dir.path())
        .arg("-o")
        .arg(out.path().join("guide"))
        .output()
        .expect("stepdoc runs");
    assert!(status.status.success(), "{status:?}");
    let b = std::fs::read_to_string(out.path().join("guide/src/b.md")).expect("b.md");
    // The label's section on its own page; an empty link takes its title.
    assert!(b.contains("[there](a.md#section-a)"), "{b}");
    assert!(b.contains("[Section A](a.md#section-a)"), "{b}");
    assert!(b.contains("[missing](#nope)"), "{b}");
}

#[test]
fn an_mdbook_books_links_include_their_files() {
    let dir = folder(&[
        ("book.toml", "[book]\ntitle = \"Listings\"\n"),
        ("src/SUMMARY.md", "# Summary\n\n- [Start](start.md)\n"),
        (
            "src/start.md",
            "{{#title Starting}}\n# Start\n\n```rust\n{{#include ../listings/main.rs:body}}\n```\n\n\
             {{#include ../listings/steps.md}}\n\n{{#include ../listings/missing.rs}}\n",
        ),
        (
            "listings/main.rs",
            "fn main() {\n    // ANCHOR: body\n    println!(\"hello\");\n    // ANCHOR_END: body\n}\n",
        ),
        (
            "listings/steps.md",
            "To say hello:\n\n1. Open a terminal.\n2. Run `cargo run`.\n",
        ),
    ]);
    let project = stepdoc::project::Project::open(dir.path()).expect("a project");
    let page = project.parse_page(Path::new("start.md")).expect("the page");
    let xml = page.doc.pformat();
    assert!(xml.contains("println!(\"hello\");"), "{xml}");
    assert!(!xml.contains("ANCHOR") && !xml.contains("fn main"), "{xml}");
    // Only the message about the missing file still names a link.
    assert_eq!(xml.matches("{{#").count(), 1, "{xml}");
    // The included steps are a procedure of the page, at the link's line.
    let info = PageInfo {
        rel_path: "start.md",
        root: None,
        revision: String::new(),
    };
    let model = extract::extract(&page.doc, &info, &Config::default());
    assert_eq!(model.procedures.len(), 1, "{xml}");
    assert_eq!(model.procedures[0].steps.len(), 2);
    assert_eq!(model.procedures[0].steps[0].span.line, 8);
    // The missing file is said at its link's line.
    let found = check_json(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 10, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("missing.rs")),
        "{found:?}"
    );
}

#[test]
fn included_pages_give_their_sections_and_procedures_once() {
    let build = |dir: &Path| -> (String, String) {
        let out = tempfile::tempdir().expect("a temporary folder");
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_stepdoc"))
            .args(["build", "--markdown-only"])
            .arg(dir)
            .arg("-o")
            .arg(out.path().join("guide"))
            .output()
            .expect("stepdoc runs");
        assert!(run.status.success(), "{run:?}");
        let read = |f: &str| std::fs::read_to_string(out.path().join("guide/src").join(f));
        (
            read("index.md").expect("index.md"),
            read("SUMMARY.md").expect("SUMMARY.md"),
        )
    };
    let steps = "1. Download it.\n2. Run it.\n";
    // MyST: a README included as the page, its headings the page's sections.
    let myst = folder(&[
        (
            "book.toml",
            "[book]\ntitle = \"P\"\n[preprocessor.stepdoc]\nsource = \"docs\"\n",
        ),
        (
            "README.md",
            &format!("# My Project\n\nIntro.\n\n## Install\n\n{steps}\n## Usage\n\nUse it.\n"),
        ),
        ("docs/conf.py", "extensions = ['myst_parser']\n"),
        (
            "docs/index.md",
            "```{include} ../README.md\n```\n\n### More usage\n\nMore.\n",
        ),
    ]);
    let (page, summary) = build(myst.path());
    assert!(summary.contains("[My Project](index.md)"), "{summary}");
    assert!(page.trim_start().starts_with("# My Project"), "{page}");
    assert!(page.contains("\n## Install {#install}\n"), "{page}");
    assert!(
        page.contains("<a id=\"install-step-1\"></a>Download it."),
        "{page}"
    );
    assert!(
        page.contains("<a id=\"install-step-2\"></a>Run it."),
        "{page}"
    );
    // The page's own heading after the include goes in its last section.
    assert!(page.contains("\n### More usage"), "{page}");
    // RST: an included part with a procedure, rendered once.
    let rst = folder(&[
        ("index.rst", "Home\n====\n\n.. include:: part.inc\n"),
        (
            "part.inc",
            &format!("Install\n-------\n\nTo install:\n\n{steps}"),
        ),
    ]);
    let (page, _) = build(rst.path());
    assert!(page.contains("\n## Install {#install}\n"), "{page}");
    assert!(
        page.contains("<a id=\"install-step-1\"></a>Download it."),
        "{page}"
    );
    assert!(
        page.contains("<a id=\"install-step-2\"></a>Run it."),
        "{page}"
    );
    assert_eq!(page.matches("### Step").count(), 0, "{page}");
}

#[test]
fn front_matter_marks_a_page_orphan_and_eval_rst_includes_count() {
    let dir = folder(&[
        (
            "index.md",
            "# Home\n\n```{toctree}\na\n```\n\n```{eval-rst}\n.. include:: part.rst\n```\n",
        ),
        ("a.md", "# A\n"),
        ("b.md", "---\norphan: true\n---\n# B\n"),
        ("c.md", "# C\n"),
        ("part.rst", "Included text.\n"),
    ]);
    let found = check_json(dir.path());
    let orphans: Vec<&str> = found
        .iter()
        .filter(|f| f["code"] == "SD209")
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert_eq!(orphans.len(), 1, "{found:?}");
    assert!(orphans[0].ends_with("c.md"), "{found:?}");
}
