use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc: a parse allocates a string or two per node and per line, and
/// the system allocator spends a quarter of the parse time on them.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use stepdoc::rst::{self, Settings};

mod commands;
mod watch;

/// stepdoc: reStructuredText procedure docs → guide, checklists, schemas, CI checks.
#[derive(Parser)]
#[command(name = "stepdoc", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Pages worked on at once (default, or 0: one per core; 1: one after
    /// the other). The output is the same whatever the number.
    #[arg(long, short = 'j', global = true, value_name = "N")]
    jobs: Option<usize>,
    /// Encoding of the pages: utf-8 (default), latin-1 (iso-8859-1) or
    /// windows-1252 (cp1252). Overrides `encoding` in book.toml's
    /// `[preprocessor.stepdoc]`.
    #[arg(long, global = true, value_name = "NAME")]
    encoding: Option<rst::Encoding>,
}

#[derive(Subcommand)]
enum Command {
    /// Parse reStructuredText or Markdown files and print their doctree or
    /// problems.
    ///
    /// `--format pseudoxml` prints the tree exactly as docutils'
    /// `document.pformat()` does before transforms; `json` prints it with a
    /// source span on every node; `none` only parses and reports problems
    /// (warnings and worse) as `file:line: (LEVEL/n) message`. Files ending
    /// in `.md` are read as Markdown (MyST), the others as
    /// reStructuredText, unless `--syntax` says which.
    ///
    /// Exit status: 0 when every file was read, 2 when one could not be.
    Parse {
        /// Files to parse; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The markup of the files: by their suffix (default), or all
        /// reStructuredText, or all Markdown (MyST).
        #[arg(long, value_enum, default_value_t = Syntax::Auto)]
        syntax: Syntax,
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
    /// Build the guide: a Markdown tree for mdBook and the HTML book.
    ///
    /// With no DIR, the project in the current folder (its `book.toml`);
    /// DIR may also be any folder of RST pages without a `book.toml` (a
    /// Sphinx `docs/`): the title comes from its root page and the language
    /// from its `conf.py`. Chapter order comes from the toctrees.
    ///
    /// Output (default `target/stepdoc` in a project with a `book.toml`,
    /// `DIR/_build/stepdoc` for a bare folder of pages): `src/` (Markdown,
    /// `SUMMARY.md`, images and the `checklists/` PDFs, which `mdbook build`
    /// accepts with the `book.toml` and `stepdoc.css` written beside it),
    /// `schemas/` (the model's JSON Schema and one form schema per
    /// procedure) and `html/`.
    ///
    /// The new output is made in a temporary folder beside the output
    /// folder and replaces it whole only once complete: a build that fails
    /// or is interrupted leaves the previous output as it was. Hidden files
    /// of the output folder (`.gitignore`) are kept; a folder holding other
    /// files than a build's is refused.
    ///
    /// With `--check`, nothing is written: see that option.
    Build {
        dir: Option<PathBuf>,
        /// Output folder.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Only the Markdown tree, no HTML (the `html/` of an earlier build
        /// goes with the rest of the previous output).
        #[arg(long)]
        markdown_only: bool,
        /// Check that the output folder is up to date, for a committed guide.
        ///
        /// Generates everything in memory, writes nothing, and compares it
        /// with the output folder: `src/` (Markdown, SUMMARY.md, images,
        /// checklists), `book.toml`, `stepdoc.css` and `schemas/`. `html/`
        /// is not compared (a rendering, not committed); nor are hidden
        /// files. Prints a unified diff from the folder (`a/`) to what the
        /// sources give (`b/`), with paths relative to the output folder;
        /// binary files (PDFs, images) only get a "Binary files ... differ"
        /// line. Then it lists each changed, missing and stale (no longer
        /// generated) file on standard error.
        ///
        /// Exit status: 0 up to date (one line says so), 1 out of date, 2
        /// when the project cannot be built.
        #[arg(long)]
        check: bool,
        /// Build the pages that can be read when some cannot.
        ///
        /// By default a page that cannot be read or decoded stops the
        /// build before anything is written, and the previous output stays
        /// as it was. With this option the other pages are built and
        /// written, and the build still exits 2.
        #[arg(long)]
        keep_going: bool,
    },
    /// Build the guide and checklists, then again whenever a page, a
    /// template or `book.toml` changes, until Ctrl-C.
    ///
    /// Takes the arguments of `build`. Each rebuild is reported with its
    /// time of day (UTC), what changed, the problems and how long it took;
    /// changes inside the output folder and hidden folders are ignored.
    Watch {
        dir: Option<PathBuf>,
        /// Output folder.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Only the Markdown tree, no HTML.
        #[arg(long)]
        markdown_only: bool,
    },
    /// Run as an mdBook preprocessor (`[preprocessor.stepdoc]` with
    /// `command = "stepdoc preprocess"`): `.rst` chapters listed in a book's
    /// own SUMMARY.md become Markdown. mdBook calls it; `supports RENDERER`
    /// answers that every renderer is supported.
    Preprocess {
        #[command(subcommand)]
        query: Option<PreprocessQuery>,
    },
    /// Make the printable checklist of one procedure: PDF and print-ready HTML.
    ///
    /// Writes `ID.pdf` and `ID.html` into the output folder. With `--answers`
    /// (an answer file of the procedure's form, see `stepdoc schema form`)
    /// the fields come prefilled. The same sources give the same bytes (the
    /// document date is fixed; `SOURCE_DATE_EPOCH` sets it).
    Checklist {
        /// The procedure's id (see `stepdoc extract`).
        procedure: String,
        /// Answers to prefill (YAML or JSON).
        #[arg(long)]
        answers: Option<PathBuf>,
        /// Paper size.
        #[arg(long, value_enum, default_value_t = PaperArg::A4)]
        paper: PaperArg,
        /// Print the steps' pictures (screenshots) in the PDF.
        #[arg(long)]
        images: bool,
        /// Output folder.
        #[arg(long, short, default_value = ".")]
        out: PathBuf,
        /// Project folder (default: the current one).
        #[arg(long, default_value = ".")]
        project: PathBuf,
    },
    /// Extract the procedure model (steps, notes, fields) from pages.
    ///
    /// PATHS are pages or folders; without any, every page of the project
    /// in the current folder (`book.toml`'s `[preprocessor.stepdoc] source`, default
    /// `docs/`). A procedure is an enumerated list of actions, a run of
    /// step markers (`**Step 1**`, `Étape 2 :`) or of sections that number
    /// steps; `--explain` shows why each candidate is or is not one.
    Extract {
        paths: Vec<PathBuf>,
        /// Print, for each candidate list or run of step markers, its
        /// `file:line`, its signals, its score and the decision, instead
        /// of the model. Correct a wrong decision with `.. stepdoc:
        /// procedure` or `.. stepdoc: ignore` just before the list.
        #[arg(long)]
        explain: bool,
        /// json (the model, see `stepdoc schema model`), yaml, or jsonld
        /// (schema.org HowTo).
        #[arg(long, value_enum, default_value_t = ModelFormat::Json)]
        format: ModelFormat,
    },
    /// Print a JSON Schema (draft 2020-12).
    ///
    /// `model`: the schema of `stepdoc extract`'s output. `form PROCEDURE`:
    /// the schema of a procedure's answers (one property per field), to check
    /// a filled-in answer file. `payload KIND`: the schema of a built-in
    /// payload (`udata-harvest-source`).
    Schema {
        #[command(subcommand)]
        which: SchemaCmd,
    },
    /// Check a filled-in answer file (YAML or JSON) against a procedure's form.
    ///
    /// Exit status: 0 valid; 1 with one line per problem, naming the field,
    /// the JSON pointer and the rule; 2 when the file cannot be read or the
    /// procedure does not exist.
    Validate {
        answers: PathBuf,
        /// The procedure's id (see `stepdoc extract`).
        #[arg(long)]
        procedure: String,
        /// Also print the payload the answers map to (the procedure's
        /// `payload`, e.g. data.gouv.fr's harvest source).
        #[arg(long, value_enum)]
        emit: Option<Emit>,
        /// Project folder (default: the current one).
        #[arg(long, default_value = ".")]
        project: PathBuf,
    },
    /// Check pages: parser problems, procedures, links and files, text
    /// hygiene, with exact positions (`stepdoc rules` lists the rules).
    ///
    /// `--fix` repairs what is safe to repair (title underlines too short,
    /// step numbers), then reports what remains; `--diff` shows the repairs
    /// as a unified diff and writes nothing. `--schema-baseline DIR`
    /// compares each procedure's form schema with `DIR/<id>.form.schema.json`
    /// (written by `stepdoc schema form --all --out DIR`): breaking changes
    /// are SD401 errors, additions SD402 information.
    ///
    /// Exit status: 0 clean; 1 when a finding is at or above the failing
    /// level (errors, or warnings too with `--deny warnings`), or, with
    /// `--diff`, when there is something to fix; 2 on a usage or I/O error.
    Check(commands::CheckArgs),
    /// List the rules of `stepdoc check` (code, default severity, name), or
    /// explain one.
    Rules(commands::RulesArgs),
}

#[derive(Subcommand)]
enum PreprocessQuery {
    /// Exit 0: stepdoc's output is Markdown, which every renderer takes.
    Supports { renderer: String },
}

#[derive(Subcommand)]
enum SchemaCmd {
    /// The schema of the model export.
    Model,
    /// The schema of a procedure's answers.
    ///
    /// With `--all --out DIR`, the schema of every procedure of the project,
    /// written as `DIR/<procedure-id>.form.schema.json` (stale files of that
    /// name are removed): the baseline that `stepdoc check
    /// --schema-baseline DIR` compares with.
    Form {
        /// The procedure's id (see `stepdoc extract`).
        #[arg(required_unless_present = "all")]
        procedure: Option<String>,
        /// Every procedure, into `--out`.
        #[arg(long, requires = "out", conflicts_with = "procedure")]
        all: bool,
        /// The folder `--all` writes into.
        #[arg(long, requires = "all", value_name = "DIR")]
        out: Option<PathBuf>,
        /// Project folder (default: the current one).
        #[arg(long, default_value = ".")]
        project: PathBuf,
    },
    /// The schema of a built-in payload kind.
    Payload { kind: String },
}

#[derive(Clone, Copy, ValueEnum)]
enum ModelFormat {
    Json,
    Yaml,
    Jsonld,
}

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

#[derive(Clone, Copy, ValueEnum)]
enum Emit {
    Payload,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Syntax {
    /// `.md` files as Markdown, the others as reStructuredText.
    Auto,
    Rst,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Pseudoxml,
    Json,
    None,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let run = stepdoc::run::Options {
        jobs: cli.jobs.unwrap_or(0),
        encoding: cli.encoding,
        // A progress bar only for a person watching: standard error a
        // terminal, not a CI job.
        progress: std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
    };
    match cli.command {
        Command::Parse {
            files,
            syntax,
            format,
            source_name,
            settings,
        } => cmd_parse(
            &files,
            syntax,
            format,
            source_name.as_deref(),
            &settings,
            run,
        ),
        Command::Extract {
            paths,
            format,
            explain,
        } => commands::extract(&paths, format, explain, run),
        Command::Checklist {
            procedure,
            answers,
            paper,
            images,
            out,
            project,
        } => commands::checklist(
            &project,
            &procedure,
            answers.as_deref(),
            images,
            match paper {
                PaperArg::A4 => stepdoc::render::checklist::Paper::A4,
                PaperArg::Letter => stepdoc::render::checklist::Paper::Letter,
            },
            &out,
            run,
        ),
        Command::Preprocess { query } => match query {
            Some(PreprocessQuery::Supports { .. }) => ExitCode::SUCCESS,
            None => {
                match stepdoc::preprocess::run(std::io::stdin().lock(), std::io::stdout().lock()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("stepdoc preprocess: {e}");
                        ExitCode::from(2)
                    }
                }
            }
        },
        Command::Build {
            dir,
            out,
            markdown_only,
            check,
            keep_going,
        } => commands::build(
            dir.as_deref(),
            out.as_deref(),
            !markdown_only,
            check,
            keep_going,
            run,
        ),
        Command::Watch {
            dir,
            out,
            markdown_only,
        } => watch::watch(dir.as_deref(), out.as_deref(), !markdown_only, run),
        Command::Schema { which } => match which {
            SchemaCmd::Model => commands::print_json(&stepdoc::schema::model_schema()),
            SchemaCmd::Form {
                procedure,
                out,
                project,
                ..
            } => match (procedure, out) {
                (Some(procedure), _) => commands::schema_form(&project, &procedure, run),
                (None, Some(out)) => commands::schema_form_all(&project, &out, run),
                // clap requires one or the other.
                (None, None) => ExitCode::from(2),
            },
            SchemaCmd::Payload { kind } => match stepdoc::payload::payload_schema(&kind) {
                Some(s) => commands::print_json(&s),
                None => {
                    eprintln!(
                        "stepdoc: unknown payload kind {kind:?} (known: {})",
                        stepdoc::payload::UDATA_HARVEST_SOURCE
                    );
                    ExitCode::from(2)
                }
            },
        },
        Command::Validate {
            answers,
            procedure,
            emit,
            project,
        } => commands::validate(&project, &answers, &procedure, emit.is_some(), run),
        Command::Check(args) => commands::check(&args, run),
        Command::Rules(args) => commands::rules(&args),
    }
}

fn cmd_parse(
    files: &[PathBuf],
    syntax: Syntax,
    format: Format,
    source_name: Option<&str>,
    raw_settings: &[String],
    run: stepdoc::run::Options,
) -> ExitCode {
    let mut settings = Settings {
        input_encoding: run.encoding.unwrap_or_default(),
        ..Settings::default()
    };
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
        let markdown = match syntax {
            Syntax::Auto => path.extension().is_some_and(|x| x == "md"),
            Syntax::Rst => false,
            Syntax::Markdown => true,
        };
        let parsed = if markdown {
            rst::decode_as(&bytes, s.input_encoding)
                .map(|text| stepdoc::markdown::parse(&text, &s, &name))
        } else {
            // The bytes become the document's source: no second copy.
            rst::parse_vec(bytes, &s, &name)
        };
        let doc = match parsed {
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
