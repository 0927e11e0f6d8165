use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use stepdoc::rst::{self, Settings};

/// stepdoc: reStructuredText procedure docs → guide, checklists, schemas, CI checks.
#[derive(Parser)]
#[command(name = "stepdoc", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse reStructuredText files and print their doctree or problems.
    ///
    /// `--format pseudoxml` prints the tree exactly as docutils'
    /// `document.pformat()` does before transforms; `json` prints it with a
    /// source span on every node; `none` only parses and reports problems
    /// (warnings and worse) as `file:line: (LEVEL/n) message`.
    ///
    /// Exit status: 0 when every file was read, 2 when one could not be.
    Parse {
        /// Files to parse; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Pseudoxml)]
        format: Format,
        /// Value of the `source` attribute (default: the path).
        #[arg(long)]
        source_name: Option<String>,
        /// A docutils setting, as KEY=VALUE (legacy_ids, halt_level,
        /// report_level, character_level_inline_markup, language_code, tab_width, ...).
        #[arg(long = "setting", value_name = "KEY=VALUE")]
        settings: Vec<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Pseudoxml,
    Json,
    None,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse {
            files,
            format,
            source_name,
            settings,
        } => cmd_parse(&files, format, source_name.as_deref(), &settings),
    }
}

fn cmd_parse(
    files: &[PathBuf],
    format: Format,
    source_name: Option<&str>,
    raw_settings: &[String],
) -> ExitCode {
    let mut settings = Settings::default();
    for kv in raw_settings {
        let Some((k, v)) = kv.split_once('=') else {
            eprintln!("stepdoc: --setting expects KEY=VALUE, got {kv:?}");
            return ExitCode::from(2);
        };
        if let Err(e) = settings.set(k.trim(), v) {
            eprintln!("stepdoc: --setting {kv}: {e}");
            return ExitCode::from(2);
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = ExitCode::SUCCESS;
    for path in files {
        let bytes = if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                eprintln!("stepdoc: <stdin>: {e}");
                status = ExitCode::from(2);
                continue;
            }
            buf
        } else {
            match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("stepdoc: {}: {e}", path.display());
                    status = ExitCode::from(2);
                    continue;
                }
            }
        };
        let name = source_name.map(str::to_string).unwrap_or_else(|| {
            if path.as_os_str() == "-" {
                "<stdin>".into()
            } else {
                path.display().to_string()
            }
        });
        let mut s = settings.clone();
        if path.as_os_str() != "-" {
            s.source_path = Some(path.clone());
            s.source_root = path.parent().map(|p| p.to_path_buf());
        }
        let doc = match rst::parse_bytes(&bytes, &s, &name) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("stepdoc: {name}: {e}");
                status = ExitCode::from(2);
                continue;
            }
        };
        let res = match format {
            Format::Pseudoxml => out.write_all(doc.pformat().as_bytes()),
            Format::Json => writeln!(out, "{}", doc.to_json()),
            Format::None => {
                let mut r = Ok(());
                for m in doc.messages() {
                    if m.level >= settings.report_level {
                        let line = m.line.map(|l| l.to_string()).unwrap_or_default();
                        r = writeln!(out, "{name}:{line}: ({}/{}) {}", m.kind, m.level, m.text);
                    }
                }
                r
            }
        };
        if res.is_err() {
            return ExitCode::from(2);
        }
    }
    let _ = out.flush();
    status
}
