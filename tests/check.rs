//! `stepdoc check`: every rule on its fixtures, the DataSud corpus, the
//! output formats and the command line.

#[path = "support/cli.rs"]
mod cli;
use cli::stepdoc;

use std::path::{Path, PathBuf};
use std::process::Command;

use stepdoc::check::{self, Options, Severity, formats};
use stepdoc::project::Project;

const FIXTURES: &str = "tests/fixtures/check";

fn select(code: &str) -> Options {
    Options {
        select: vec![code.to_string()],
        ignore: vec![],
        ..Default::default()
    }
}

/// Run one rule on `bad` or `good` of its fixture folder: a page
/// (`bad.rst`, checked alone in the fixture folder) or a folder (a project).
fn run_fixture(code: &str, which: &str) -> Vec<check::Finding> {
    run_fixture_page(code, which, "rst")
}

/// [`run_fixture`] of the page `WHICH.SUFFIX`.
fn run_fixture_page(code: &str, which: &str, suffix: &str) -> Vec<check::Finding> {
    let dir = Path::new(FIXTURES).join(code);
    let page = dir.join(format!("{which}.{suffix}"));
    let (project, only) = if page.is_file() {
        (
            Project::open(&dir).unwrap(),
            Some(vec![PathBuf::from(format!("{which}.{suffix}"))]),
        )
    } else {
        (Project::open(&dir.join(which)).unwrap(), None)
    };
    // Form rules compare with the fixture's `baseline/` folder.
    let mut opts = select(code);
    if dir.join("baseline").is_dir() {
        opts.schema_baseline = Some(dir.join("baseline"));
    }
    let report = check::check_project(&project, only.as_deref(), Path::new(""), &opts).unwrap();
    assert!(
        report.errors.is_empty(),
        "{code} {which}: {:?}",
        report.errors
    );
    report.findings
}

/// Every `file:line` of `expect` (an `expect.txt`) is a finding of `code`
/// in `found`.
fn expect_findings(code: &str, expect: &str, found: &[check::Finding]) {
    for want in expect.lines().filter(|l| !l.trim().is_empty()) {
        let (file, line) = want.rsplit_once(':').unwrap();
        let line: u32 = line.trim().parse().unwrap();
        assert!(
            found
                .iter()
                .any(|f| f.code == code && f.file == file && f.line == line),
            "{code}: expected a finding at {want}, got {found:#?}"
        );
    }
}

/// The rules that have Markdown fixtures (`bad.md`, `good.md` and
/// `expect-md.txt` beside the RST ones) find on Markdown pages what they
/// find on RST pages, at the Markdown lines.
#[test]
fn rules_find_on_markdown_pages_what_they_find_on_rst_pages() {
    let mut with_markdown = 0;
    for rule in check::registry() {
        let dir = Path::new(FIXTURES).join(rule.code);
        let Ok(expect) = std::fs::read_to_string(dir.join("expect-md.txt")) else {
            continue;
        };
        with_markdown += 1;
        let bad = run_fixture_page(rule.code, "bad", "md");
        expect_findings(rule.code, &expect, &bad);
        // Roles are named as the page writes them.
        if matches!(rule.code, "SD205" | "SD206") {
            assert!(
                bad.iter()
                    .all(|f| f.message.starts_with("`{") || f.message.starts_with("link to \"#")),
                "{}: {bad:#?}",
                rule.code
            );
        }
        let good = run_fixture_page(rule.code, "good", "md");
        assert!(
            good.is_empty(),
            "{}: good.md has findings: {good:#?}",
            rule.code
        );
    }
    assert!(
        with_markdown >= 9,
        "{with_markdown} rules with Markdown fixtures"
    );
}

#[test]
fn every_rule_has_fixtures_and_finds_what_they_show() {
    for rule in check::registry() {
        let dir = Path::new(FIXTURES).join(rule.code);
        let expect = std::fs::read_to_string(dir.join("expect.txt"))
            .unwrap_or_else(|_| panic!("{}: no fixtures ({})", rule.code, dir.display()));
        assert!(!rule.description.is_empty() && !rule.name.is_empty());
        let bad = run_fixture(rule.code, "bad");
        expect_findings(rule.code, &expect, &bad);
        assert!(
            bad.iter().all(|f| f.code == rule.code),
            "{}: other codes with --select: {bad:#?}",
            rule.code
        );
        let good = run_fixture(rule.code, "good");
        assert!(
            good.is_empty(),
            "{}: good fixture has findings: {good:#?}",
            rule.code
        );
    }
}

fn json_findings(args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let (code, out, err) = stepdoc(&a);
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, v.as_array().unwrap().clone())
}

fn summary(f: &serde_json::Value) -> String {
    format!(
        "{}:{} {} {}",
        f["file"].as_str().unwrap(),
        f["line"],
        f["code"].as_str().unwrap(),
        f["message"].as_str().unwrap()
    )
}

#[test]
fn the_reference_page_alone_gives_exactly_line_54_and_five_images() {
    let (code, found) = json_findings(&["check", "../shared/seed/services.rst"]);
    let got: Vec<String> = found.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            "../shared/seed/services.rst:30 SD201 image file \"ajout_moissoneur.PNG\" does not exist",
            "../shared/seed/services.rst:34 SD201 image file \"CaptureMoissonneur2.PNG\" does not exist",
            "../shared/seed/services.rst:38 SD201 image file \"ajout_moissoneur_Suivant.PNG\" does not exist",
            "../shared/seed/services.rst:49 SD201 image file \"ajout_nveau_moissoneur.PNG\" does not exist",
            "../shared/seed/services.rst:54 SD006 Literal block expected; none found.",
            "../shared/seed/services.rst:59 SD201 image file \"ajout_nveau_moissoneur_filtre.PNG\" does not exist",
        ]
    );
    assert!(found.iter().all(|f| f["severity"] == "warning"));
    assert_eq!(code, 0, "warnings only");
    let (code, _) = json_findings(&["check", "../shared/seed/services.rst", "--deny", "warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn the_datasud_corpus_reports_its_known_problems() {
    let (code, found) = json_findings(&["check", "../shared/corpus/datasud"]);
    let got: Vec<String> = found.iter().map(summary).collect();
    let has = |s: &str| got.iter().any(|g| g.starts_with(s));
    let root = "../shared/corpus/datasud";
    assert!(has(&format!(
        "{root}/services.rst:54 SD006 Literal block expected"
    )));
    assert!(has(&format!(
        "{root}/developpeurs/index.rst:13 SD003 Title underline too short."
    )));
    assert!(has(&format!(
        "{root}/utilisateurs.rst:28 SD005 Missing matching underline for section title overline."
    )));
    assert!(has(&format!(
        "{root}/services.rst:30 SD201 image file \"ajout_moissoneur.PNG\""
    )));
    let images = found.iter().filter(|f| f["code"] == "SD201").count();
    assert!(images > 30, "{images} missing images");
    // The broken title is an error: the run fails.
    assert_eq!(code, 1);
}

#[test]
fn every_historical_datasud_page_is_checked_without_a_crash() {
    let root = Path::new("../shared/corpus/datasud/_history_all_versions");
    let mut n = 0;
    let opts = Options {
        select: vec!["ALL".into()],
        ignore: vec![],
        ..Default::default()
    };
    for dir in std::fs::read_dir(root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let project = Project::open(&dir).unwrap();
        n += project.page_paths().len();
        let report = check::check_project(&project, None, &dir, &opts).unwrap();
        for f in &report.findings {
            assert!(f.line >= 1 && f.column >= 1, "{f:?}");
            assert!((f.end_line, f.end_column) >= (f.line, f.column), "{f:?}");
        }
        for format in [
            formats::Format::Human,
            formats::Format::Json,
            formats::Format::Github,
            formats::Format::Sarif,
            formats::Format::Junit,
        ] {
            let _ = formats::render(
                &report,
                format,
                &|f| std::fs::read_to_string(f).ok(),
                formats::Style::Plain,
            );
        }
    }
    assert!(n >= 590, "only {n} pages");
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    // The official OASIS SARIF 2.1.0 schema (see tests/fixtures/README.md).
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_, out, _) = stepdoc(&["check", "../shared/corpus/datasud", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "SD006"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 54));
    // A broken log is refused (the schema is not vacuous).
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn human_github_and_junit_formats() {
    let (_, out, _) = stepdoc(&["check", "../shared/seed/services.rst"]);
    assert!(out.contains(
        "warning[SD006]: Literal block expected; none found.\n  --> ../shared/seed/services.rst:54:1\n"
    ));
    assert!(out.contains("30 | .. image:: ajout_moissoneur.PNG\n   | ^^^"));
    let (_, out, _) = stepdoc(&["check", "../shared/seed/services.rst", "--format", "github"]);
    assert!(out.lines().any(|l| l
        == "::warning file=../shared/seed/services.rst,line=54,col=1,endLine=54,endColumn=1,title=SD006::Literal block expected; none found."));
    let (_, out, _) = stepdoc(&["check", "../shared/corpus/datasud", "--format", "junit"]);
    assert!(out.starts_with("<?xml"));
    assert_eq!(out.matches("<testcase ").count(), 10);
    assert!(out.contains("<testcase name=\"../shared/corpus/datasud/consultation.rst\""));
}

#[test]
fn selection_exit_codes_and_rules() {
    let (code, found) = json_findings(&[
        "check",
        "../shared/corpus/datasud",
        "--select",
        "SD006,SD003",
    ]);
    assert_eq!(code, 0);
    assert!(
        found
            .iter()
            .all(|f| f["code"] == "SD006" || f["code"] == "SD003")
    );
    let (code, found) =
        json_findings(&["check", "../shared/corpus/datasud", "--ignore", "SD0,SD2"]);
    assert_eq!(code, 0, "{found:?}");
    assert!(
        found
            .iter()
            .all(|f| f["code"].as_str().unwrap().starts_with("SD1"))
    );
    assert_eq!(stepdoc(&["check", "no/such/path"]).0, 2);
    assert_eq!(
        stepdoc(&["check", "--select", "XY999", "../shared/seed"]).0,
        2
    );
    assert_eq!(stepdoc(&["check", "--format", "yaml"]).0, 2);
    let (code, out, _) = stepdoc(&["rules"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), check::registry().len());
    assert!(out.contains("SD006  warning  literal-block-expected"));
    let (code, out, _) = stepdoc(&["rules", "sd305"]);
    assert_eq!(code, 0);
    assert!(out.contains("line-too-long") && out.contains("120"));
    assert_eq!(stepdoc(&["rules", "SD999"]).0, 2);
}

fn temp_project(name: &str, book: &str, pages: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stepdoc-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("book.toml"), book).unwrap();
    for (p, text) in pages {
        let path = dir.join("docs").join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn configuration_and_inline_suppression() {
    let page = "Title\n=====\n\n.. stepdoc: ignore[SD006]\n\nAn example::\n\nNot indented.\n\nAgain::\n\nNot indented.\n\n.. image:: gone.png\n\n.. frobnicate:: x\n\n.. custom:: fine\n\n\tTab.\n";
    let dir = temp_project(
        "config",
        "[book]\ntitle = \"t\"\n[preprocessor.stepdoc]\ndirectives = [\"custom\"]\n[preprocessor.stepdoc.check]\nseverity = { SD201 = \"error\", SD301 = \"warning\", SD008 = \"off\" }\nignore = [\"drafts/**\"]\nline-length = 100\n",
        &[
            ("index.rst", page),
            ("drafts/wip.rst", "Bad\n==\n\n.. frobnicate::\n"),
        ],
    );
    let project = Project::open(&dir).unwrap();
    let report =
        check::check_project(&project, None, Path::new("docs"), &Options::default()).unwrap();
    let got: Vec<(&str, u32, Severity)> = report
        .findings
        .iter()
        .map(|f| (f.code, f.line, f.severity))
        .collect();
    assert_eq!(
        got,
        [
            ("SD006", 12, Severity::Warning),
            ("SD201", 14, Severity::Error),
            ("SD301", 20, Severity::Warning),
        ],
        "{:#?}",
        report.findings
    );
    assert_eq!(report.files, ["docs/index.rst"]);
    // ignore-file silences the whole page.
    std::fs::write(
        dir.join("docs/index.rst"),
        format!(".. stepdoc: ignore-file[SD2, SD3]\n\n{page}"),
    )
    .unwrap();
    let report =
        check::check_project(&project, None, Path::new("docs"), &Options::default()).unwrap();
    assert!(report.findings.iter().all(|f| f.code == "SD006"));
    // Run from the project folder with no path: pages are named from it.
    let out = Command::new(env!("CARGO_BIN_EXE_stepdoc"))
        .args(["check", "--format", "json"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["file"], "docs/index.rst");
    assert_eq!(out.status.code(), Some(0));
    // A bad severity is a usage error.
    std::fs::write(
        dir.join("book.toml"),
        "[preprocessor.stepdoc.check]\nseverity = { SD201 = \"loud\" }\n",
    )
    .unwrap();
    let project = Project::open(&dir).unwrap();
    assert!(check::check_project(&project, None, Path::new(""), &Options::default()).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_panic_on_odd_input() {
    let dir = temp_project(
        "odd",
        "",
        &[
            ("a.rst", ""),
            (
                "b.rst",
                "\r\r\n\t\u{feff}x\n.. image::\n.. include::\n:doc:`` :ref:`` `x <>`_",
            ),
            (
                "c.rst",
                "**ETAPE 0 :**\n\n**ETAPE 0 :**\n\n.. toctree::\n\n   ../../x\n",
            ),
        ],
    );
    std::fs::write(dir.join("docs/bin.rst"), b"\xff\xfe").unwrap();
    let project = Project::open(&dir).unwrap();
    let opts = Options {
        select: vec!["ALL".into()],
        ignore: vec![],
        ..Default::default()
    };
    let report = check::check_project(&project, None, Path::new(""), &opts).unwrap();
    assert_eq!(report.errors.len(), 1, "the non-UTF-8 page is an error");
    let (code, _, _) = stepdoc(&["check", dir.join("docs").to_str().unwrap()]);
    assert_eq!(code, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_number_of_jobs_does_not_change_the_output() {
    let run = |jobs: &str| {
        stepdoc(&[
            "check",
            "../shared/corpus/datasud",
            "--format",
            "json",
            "-j",
            jobs,
        ])
    };
    let (code, one, _) = run("1");
    assert_eq!(code, 1);
    assert!(one.len() > 1000, "{one}");
    for jobs in ["2", "5"] {
        let (c, out, _) = run(jobs);
        assert_eq!((c, &out), (code, &one), "-j {jobs}");
    }
    // `--jobs` is global: before the subcommand too.
    let (_, before, _) = stepdoc(&[
        "--jobs",
        "3",
        "check",
        "../shared/corpus/datasud",
        "--format",
        "json",
    ]);
    assert_eq!(before, one);
}

#[test]
fn latin1_pages_need_the_encoding_and_then_read_right() {
    // "Café" / "====" / "" / "abé" and trailing spaces, in Latin-1: é is 0xE9.
    let page: &[u8] = b"Caf\xe9\n====\n\nab\xe9   \n";
    let dir = temp_project("latin1", "", &[]);
    std::fs::write(dir.join("docs/page.rst"), page).unwrap();
    let docs = dir.join("docs");
    let file = docs.join("page.rst");
    let docs = docs.to_str().unwrap();

    // Without the option: the file, the byte offset, the hint; exit 2.
    let (code, _, err) = stepdoc(&["check", docs]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&file.display().to_string()) && err.contains("invalid UTF-8 at byte offset 3"),
        "{err}"
    );
    assert!(err.contains("--encoding latin-1"), "{err}");
    let (code, _, err) = stepdoc(&["parse", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("byte offset 3"), "{err}");

    // With it: the title reads "Café", and the trailing white space of
    // line 4 starts at character column 4, not at a byte column.
    let (code, out, err) = stepdoc(&["parse", "--encoding", "latin-1", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("<title>\n            Café"), "{out}");
    let (code, found) =
        json_findings(&["--encoding", "latin-1", "check", docs, "--select", "SD302"]);
    let at: Vec<_> = found
        .iter()
        .map(|f| {
            (
                f["line"].as_u64(),
                f["column"].as_u64(),
                f["end_column"].as_u64(),
            )
        })
        .collect();
    assert_eq!(at, [(Some(4), Some(4), Some(7))], "{found:#?}");
    assert_eq!(code, 0, "warnings only");
    // The human format shows the source line decoded.
    let (_, out, _) = stepdoc(&["check", "--encoding", "latin-1", docs, "--select", "SD302"]);
    assert!(out.contains("abé   "), "{out}");
    let (code, out, _) = stepdoc(&["extract", "--encoding", "cp1252", docs]);
    assert_eq!(code, 0);
    assert!(out.contains("\"Café\""), "{out}");

    // The same from book.toml; a bad name there is a configuration error.
    std::fs::write(
        dir.join("book.toml"),
        "[preprocessor.stepdoc]\nencoding = \"latin-1\"\n",
    )
    .unwrap();
    let project = Project::open(&dir).unwrap();
    let report = check::check_project(&project, None, Path::new(""), &select("SD302")).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.findings[0].column, 4, "{:#?}", report.findings);
    std::fs::write(
        dir.join("book.toml"),
        "[preprocessor.stepdoc]\nencoding = \"ebcdic\"\n",
    )
    .unwrap();
    let err = Project::open(&dir)
        .err()
        .expect("a bad encoding is refused");
    assert!(
        err.to_string().contains("unknown encoding \"ebcdic\""),
        "{err}"
    );
    let (code, _, err) = stepdoc(&["check", "--encoding", "ebcdic", docs]);
    assert_eq!(code, 2, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_message_finding_points_at_the_node_it_is_about() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("p.rst");
    // The unclosed `*`s are at 5:22 and 5:37; docutils' messages say line 4.
    std::fs::write(
        &page,
        "Title\n=====\n\nSome paragraph text\nthat has an unclosed *star here, 漢字 *too.\n",
    )
    .unwrap();
    let (_, found) = json_findings(&["check", page.to_str().unwrap()]);
    let at: Vec<(u64, u64, u64)> = found
        .iter()
        .filter(|f| f["code"] == "SD007")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(at, vec![(5, 22, 23), (5, 37, 38)], "{found:#?}");
}

/// A Sphinx project that `sphinx-build -n -W` builds without a warning
/// (standard directive options, multi-term glossary, `rst_prolog` and
/// `rst_epilog`, root-relative includes, an include beside `docs/`,
/// sphinx-design, sphinx-tabs, doctest, todo, ifconfig): no finding.
#[test]
fn a_valid_sphinx_project_gives_no_finding() {
    let (code, findings) = json_findings(&["check", "tests/fixtures/sphinx-valid/docs"]);
    let all: Vec<String> = findings.iter().map(summary).collect();
    assert!(all.is_empty(), "{all:#?}");
    assert_eq!(code, 0);
}

/// A directive of a known extension that conf.py does not load is an
/// error naming the extension; with an extension stepdoc does not know,
/// an unknown name is a warning that says how to declare it.
#[test]
fn unknown_names_say_which_extension_they_need() {
    let page =
        "Title\n=====\n\n.. todo:: Later.\n\n.. grid:: 2\n\n   Text.\n\nA :bdg-info:`role`.\n";
    let dir = temp_project(
        "ext-missing",
        "[book]\nsrc = \"docs\"\n",
        &[("index.rst", page)],
    );
    std::fs::write(
        dir.join("docs/conf.py"),
        "extensions = ['sphinx.ext.todo']\n",
    )
    .unwrap();
    let docs = dir.join("docs");
    let (code, findings) = json_findings(&["check", docs.to_str().unwrap()]);
    let all: Vec<String> = findings.iter().map(summary).collect();
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(
        all[0].contains(":6 SD008")
            && all[0]
                .contains("`sphinx_design` defines it; conf.py's `extensions` does not load it"),
        "{all:#?}"
    );
    assert!(
        all[1].contains(":10 SD009") && all[1].contains("`sphinx_design`"),
        "{all:#?}"
    );
    assert_eq!(code, 1);
    std::fs::write(
        dir.join("docs/conf.py"),
        "extensions = ['sphinx.ext.todo', 'sphinx_design', 'local_ext']\n",
    )
    .unwrap();
    let page = "Title\n=====\n\n.. todo:: Later.\n\n.. widget:: x\n";
    std::fs::write(dir.join("docs/index.rst"), page).unwrap();
    let (code, findings) = json_findings(&["check", docs.to_str().unwrap()]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["severity"], "warning");
    let msg = findings[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("(local_ext)") && msg.contains("directives = [\"widget\"]"),
        "{msg}"
    );
    assert_eq!(code, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

fn finding(line: u32, column: u32, end_line: u32, end_column: u32) -> check::Finding {
    check::Finding {
        code: "SD201",
        severity: Severity::Error,
        message: "a <problem> & more\u{1}".into(),
        file: "page.rst".into(),
        line,
        column,
        end_line,
        end_column,
        rel: "page.rst".into(),
    }
}

/// The human report underlines the finding's characters: after wide
/// characters and tabs, and over several lines.
#[test]
fn the_human_report_aligns_wide_characters_tabs_and_spans_lines() {
    let src = "Title\n\n日本語 x\tab *bad*\n\n.. figure:: a.png\n   :width: 10\n   :alt: x\n";
    let report = check::Report {
        // `*bad*` at characters 10-15 of line 3; the figure over lines 5-7.
        findings: vec![finding(3, 10, 3, 15), finding(5, 1, 7, 10)],
        files: vec!["page.rst".into()],
        errors: vec![],
    };
    let out = formats::human(&report, &|_| Some(src.to_string()), formats::Style::Plain);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("3 | "))
        .unwrap_or_else(|| panic!("{out}"));
    let source = lines[at];
    let carets = lines[at + 1];
    // The carets sit under `*bad*` as a terminal shows the line: the CJK
    // characters are two columns wide, the tab is spaces.
    let shown_before = source.find("*bad*").unwrap();
    let shown_before = unicode_width::UnicodeWidthStr::width(&source[..shown_before]);
    assert_eq!(carets.find('^'), Some(shown_before), "{out}");
    assert_eq!(carets.matches('^').count(), 5, "{out}");
    assert!(out.contains(" --> page.rst:3:10\n"), "{out}");
    // The span over three lines shows them all.
    assert!(out.contains(" --> page.rst:5:1\n"), "{out}");
    for l in ["5 | ", "6 | ", "7 | "] {
        assert!(lines.iter().any(|x| x.starts_with(l)), "{l:?} in {out}");
    }
    assert!(!out.contains('\u{1b}'), "plain: {out}");
    let colored = formats::human(&report, &|_| Some(src.to_string()), formats::Style::Colored);
    assert!(colored.contains("\u{1b}["), "{colored}");
}

/// `--color`: `always` colours, `never` does not, `auto` does not colour
/// a pipe; NO_COLOR turns `auto` off, never `always`.
#[test]
fn color_choice_and_no_color() {
    let run = |args: &[&str], no_color: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_stepdoc"));
        c.args(["check", "../shared/seed/services.rst"]).args(args);
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    assert!(run(&["--color", "always"], false).contains("\u{1b}["));
    assert!(run(&["--color", "always"], true).contains("\u{1b}["));
    assert!(!run(&["--color", "never"], false).contains('\u{1b}'));
    assert!(
        !run(&[], false).contains('\u{1b}'),
        "a pipe is not a terminal"
    );
    assert!(!run(&["--color", "auto"], true).contains('\u{1b}'));
}

/// `--output FILE`: the format goes to the file, the human report to
/// standard output, in one run; a file that cannot be written exits 2.
#[test]
fn output_file_beside_the_human_report() {
    let dir = std::env::temp_dir().join(format!("stepdoc-check-output-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("check.sarif");
    std::fs::write(&file, "old").unwrap();
    let f = file.to_str().unwrap();
    let (code, out, err) = stepdoc(&[
        "check",
        "../shared/seed/services.rst",
        "--format",
        "sarif",
        "--output",
        f,
    ]);
    assert_eq!(code, 0, "{err}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    assert!(
        out.contains("warning[SD006]: Literal block expected"),
        "{out}"
    );
    assert!(out.contains("1 file checked"), "{out}");
    // Human to a file: the file has it, standard output nothing.
    let (_, out, _) = stepdoc(&["check", "../shared/seed/services.rst", "-o", f]);
    assert!(out.is_empty(), "{out}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("warning[SD006]")
    );
    let missing = dir.join("no/such/folder/x.json");
    let (code, _, err) = stepdoc(&[
        "check",
        "../shared/seed/services.rst",
        "--format",
        "json",
        "--output",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The JUnit report is well-formed XML whatever the messages hold, and
/// reads back to the same text.
#[test]
fn junit_is_well_formed_and_reads_back() {
    use quick_xml::events::Event;
    let report = check::Report {
        findings: vec![finding(3, 1, 3, 2)],
        files: vec!["page.rst".into(), "a&b <c>.rst".into()],
        errors: vec![],
    };
    let xml = formats::junit(&report);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut cases = Vec::new();
    let mut failure_text = String::new();
    let mut in_failure = false;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("{e}: {xml}")) {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testcase" => {
                let name = e.try_get_attribute("name").unwrap().unwrap();
                cases.push(name.unescape_value().unwrap().into_owned());
            }
            Event::Start(e) if e.name().as_ref() == b"failure" => in_failure = true,
            Event::End(e) if e.name().as_ref() == b"failure" => in_failure = false,
            Event::Text(t) if in_failure => {
                failure_text.push_str(&t.decode().unwrap());
            }
            Event::GeneralRef(r) if in_failure => {
                let name = r.decode().unwrap();
                failure_text.push_str(match name.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ => "'",
                });
            }
            _ => {}
        }
    }
    assert_eq!(cases, vec!["a&b <c>.rst", "page.rst"]);
    assert_eq!(
        failure_text,
        "page.rst:3:1: error[SD201] a <problem> & more"
    );
}

/// What a project defines for itself is known: directives and roles its
/// own extension modules register (found through `sys.path`), section
/// titles as labels with autosectionlabel, other projects' targets with
/// intersphinx; a role that computed `extlinks` would define is a warning
/// naming the setting, not an error.
#[test]
fn names_a_project_defines_for_itself() {
    let page = "Title\n=====\n\n.. impl-detail::\n\n   Text.\n\n\
                See :source:`Lib/os.py`, :opcode:`LOAD`, :ref:`Other part`,\n\
                :ref:`python:tut-intro` and :doc:`python:library/os`.\n\n\
                .. opcode:: NOP\n\n   Nothing.\n\n\
                Other part\n----------\n\nSee :gh:`12`.\n";
    let dir = temp_project(
        "own-names",
        "[book]\nsrc = \"docs\"\n",
        &[("index.rst", page)],
    );
    let docs = dir.join("docs");
    std::fs::create_dir_all(docs.join("tools/ext")).unwrap();
    std::fs::write(
        docs.join("tools/ext/pyspecific.py"),
        "def setup(app):\n    app.add_directive('impl-detail', ImplDetail)\n    app.add_role('source', source_role)\n    app.add_object_type('opcode', 'opcode', '%s (opcode)')\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("conf.py"),
        "import os, sys\nsys.path.append(os.path.abspath('tools/ext'))\n\
         extensions = ['pyspecific', 'sphinx.ext.autosectionlabel', 'sphinx.ext.intersphinx']\n\
         extlinks = {k: (v + '%s', None) for k, v in [('gh', 'https://github.com/')]}\n",
    )
    .unwrap();
    let (code, findings) = json_findings(&["check", docs.to_str().unwrap()]);
    let all: Vec<String> = findings.iter().map(summary).collect();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].contains(":18 SD009") && all[0].contains("`extlinks` is computed"),
        "{all:#?}"
    );
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(code, 0);
    let _ = std::fs::remove_dir_all(&dir);
}
