//! A Sphinx project (`tests/fixtures/sphinx-project`) becomes a guide that
//! shows what its Sphinx site shows: conf.py's title, version and epilog,
//! the toctree in the page, literalinclude and code-block with caption,
//! object descriptions with their signatures and anchors, extlinks,
//! root-relative images, `exclude_patterns`.

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};

/// The guide of `tests/fixtures/FIXTURE/docs`, Markdown only.
fn build(fixture: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("stepdoc-{fixture}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let o = cli::on_project(
        &["build", "--markdown-only"],
        &root.join("tests/fixtures").join(fixture).join("docs"),
        &out,
    );
    assert!(o.status.success(), "{}", cli::text(&o.stderr));
    out
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn conf_py_toctree_code_objects_and_paths() {
    let out = build("sphinx-project");
    let index = read(&out, "src/index.md");
    // |product| from rst_epilog, |version| and |release| from conf.py.
    assert!(
        index.contains("written for Widget Server version 2.4 (release 2.4.1)"),
        "{index}"
    );
    // The toctree as Sphinx prints it: caption, titles, sections, objects.
    assert!(index.contains("**Contents**"), "{index}");
    assert!(
        index.contains("- [Installing](guide/install.md)"),
        "{index}"
    );
    assert!(
        index.contains("  - [widget.port](guide/configure.md#confval-widget.port)"),
        "{index}"
    );
    let install = read(&out, "src/guide/install.md");
    // literalinclude: the file, its :lines:, its language.
    assert!(
        install.contains("```bash\n# Start the widget server.\nwidget-server --port 8080\n```"),
        "{install}"
    );
    assert!(!install.contains("exit 0"), "only lines 2-3");
    // code-block with Sphinx's options: the caption and the code.
    assert!(
        install.contains("**widget.ini**\n\n```ini\n[server]\nport = 8080\n```"),
        "{install}"
    );
    // Roles and targets.
    assert!(install.contains("[Configuring](configure.md)"), "{install}");
    assert!(
        install.contains("[issue 42](https://tracker.example.org/42)"),
        "{install}"
    );
    assert!(
        install.contains("[support](https://support.example.org/)"),
        "{install}"
    );
    // A root-relative image, copied.
    assert!(
        install.contains("![logo.png](../images/logo.png)"),
        "{install}"
    );
    assert!(out.join("src/images/logo.png").is_file());
    let configure = read(&out, "src/guide/configure.md");
    assert!(
        configure.contains(
            "<a id=\"confval-widget.port\"></a>`widget.port (type: int) (default: 8080)`"
        ),
        "{configure}"
    );
    assert!(
        configure.contains("`start(host, port=8080)`"),
        "{configure}"
    );
    assert!(
        configure.contains("call `stop()` to stop it"),
        "{configure}"
    );
    assert!(
        configure.contains("`-p <port>, --port <port>`"),
        "{configure}"
    );
    // exclude_patterns, and conf.py's project as the title.
    assert!(!out.join("src/drafts/wip.md").exists());
    assert!(read(&out, "book.toml").contains("title = \"Widget Manual\""));
    let _ = std::fs::remove_dir_all(&out);
}

/// The valid Sphinx project of the check tests, as its Sphinx site shows
/// it: every term of a glossary entry with its anchor and `:term:` links,
/// entries sorted, `:pyobject:`, table titles, the titles of cards, tabs
/// and dropdowns, code tabs, button links, todo and seealso contents.
#[test]
fn glossaries_extension_containers_and_includes() {
    let out = build("sphinx-valid");
    let glossary = read(&out, "src/glossary.md");
    let pool = glossary.find("term-pool").unwrap();
    let widget = glossary.find("term-widget\"").unwrap();
    assert!(pool < widget, "sorted: {glossary}");
    assert!(
        glossary.contains("**<a id=\"term-widget\"></a>widget**<br>**<a id=\"term-widgets\"></a>widgets**\n: A unit the server serves."),
        "{glossary}"
    );
    assert!(
        glossary.contains("[*widgets*](glossary.md#term-widgets)"),
        "{glossary}"
    );
    let install = read(&out, "src/guide/install.md");
    assert!(
        install.contains("```python\ndef start(port=8080):\n    \"\"\"Start the server.\"\"\"\n    return widget.serve(port)\n```"),
        "{install}"
    );
    assert!(!install.contains("def stop"), "{install}");
    // An include of a file beside `docs/`, from its fourth line.
    let index = read(&out, "src/index.md");
    assert!(
        index.contains("The widget server serves widgets."),
        "{index}"
    );
    assert!(!index.contains("Widget Server\n====="), "{index}");
    assert!(
        install.contains("> **Todo**\n>\n> Document the cluster mode."),
        "{install}"
    );
    assert!(
        install.contains("> **See also**\n>\n> [Configuring](configure.md#configuring)"),
        "{install}"
    );
    let configure = read(&out, "src/guide/configure.md");
    for want in [
        "**Settings**\n\n| Name | Meaning |",
        "**Ports**\n\n| Port | Service |",
        "**Fast**\n\nServes widgets fast.",
        "**Linux**\n\nUse the package.",
        "**More details**\n\nHidden text",
        "[Visit](https://example.org)",
        "**Apples**\n\nRed fruit.",
        "```py\nprint(\"hi\")\n```",
    ] {
        assert!(configure.contains(want), "{want:?} in {configure}");
    }
    let _ = std::fs::remove_dir_all(&out);
}
