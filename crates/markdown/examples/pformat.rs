//! Print the doctree of Markdown pages as docutils' pseudo-XML:
//! `cargo run -p stepdoc-markdown --example pformat -- page.md ...`.

fn main() -> std::process::ExitCode {
    let mut status = std::process::ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let settings = stepdoc_rst::Settings {
                    sphinx: true,
                    ..Default::default()
                };
                print!(
                    "{}",
                    stepdoc_markdown::parse(&text, &settings, &path).pformat()
                );
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                status = std::process::ExitCode::FAILURE;
            }
        }
    }
    status
}
