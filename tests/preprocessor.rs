//! stepdoc as an mdBook preprocessor: the protocol mdBook 0.5 speaks.

use std::io::Write;
use std::process::{Command, Stdio};

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::config::Config;

fn stepdoc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stepdoc"))
}

#[test]
fn supports_every_renderer() {
    for r in ["html", "markdown", "pdf"] {
        let status = stepdoc()
            .args(["preprocess", "supports", r])
            .status()
            .unwrap();
        assert!(status.success(), "{r}");
    }
}

#[test]
fn rst_chapters_become_markdown_and_others_are_untouched() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut config = Config::default();
    config.book.src = "docs".into();
    config.book.language = Some("fr".into());
    let ctx = PreprocessorContext::new(root.clone(), config, "html".into());
    let rst = std::fs::read_to_string(root.join("docs/services.rst")).unwrap();
    let md = "# Already *Markdown*\n".to_string();
    let book = Book::new_with_items(vec![
        BookItem::Chapter(Chapter::new("Services", rst, "services.rst", vec![])),
        BookItem::Chapter(Chapter::new("Plain", md.clone(), "plain.md", vec![])),
    ]);
    let input = serde_json::to_string(&(ctx, book)).unwrap();
    let mut child = stepdoc()
        .arg("preprocess")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book: Book = serde_json::from_slice(&out.stdout).expect("a book comes back");
    let chapters: Vec<&Chapter> = book
        .items
        .iter()
        .filter_map(|i| {
            if let BookItem::Chapter(c) = i {
                Some(c)
            } else {
                None
            }
        })
        .collect();
    let services = &chapters[0].content;
    assert!(services.starts_with("# Services de Datasud"), "{services}");
    assert!(
        services.contains("> [!NOTE]"),
        "the note is an mdBook admonition"
    );
    assert!(!services.contains(".. image::"), "no RST is left");
    assert_eq!(chapters[1].content, md);
    // Problems of the page are reported on stderr with file and line.
    assert!(String::from_utf8_lossy(&out.stderr).contains("services.rst:54:"));
}
