//! `stepdoc build` replaces its output folder in one step: a build that
//! fails, or is killed at any moment, leaves the previous output whole.

#[path = "support/cli.rs"]
mod cli;
use cli::{on_project as stepdoc, text};

#[path = "support/generated.rs"]
mod generated;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn a_failing_build_leaves_the_previous_output_as_it_was() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let project = work.path().join("project");
    let out = work.path().join("guide");
    generated::write(&project, 12, 3, "v1");
    let o = stepdoc(&["build"], &project, &out);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let before = generated::snapshot(&out);
    assert!(before.contains_key("html/p0003.html"));
    assert!(before.contains_key("src/checklists/task-3.pdf"));

    // New sources, so that a build that got through would change the output.
    generated::write(&project, 12, 3, "v2");

    // A template override that fails on one page, after others were rendered.
    std::fs::create_dir_all(project.join("templates")).expect("templates/");
    std::fs::write(
        project.join("templates/page.md.tera"),
        "{% if page.source == \"p0007.rst\" %}{{ no_such_variable }}{% endif %}{{ content }}\n",
    )
    .expect("template written");
    let book = std::fs::read_to_string(project.join("book.toml")).expect("book.toml");
    std::fs::write(
        project.join("book.toml"),
        format!("{book}templates = \"templates\"\n"),
    )
    .expect("book.toml edited");
    let o = stepdoc(&["build"], &project, &out);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("page.md.tera"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        generated::snapshot(&out) == before,
        "the previous output is left as it was"
    );
    assert!(generated::leftovers(work.path()).is_empty());

    // mdBook fails after the whole Markdown tree was written (a preprocessor
    // it cannot run): the HTML step runs in the temporary folder too.
    std::fs::remove_dir_all(project.join("templates")).expect("templates removed");
    std::fs::write(
        project.join("book.toml"),
        format!("{book}\n[preprocessor.missing]\ncommand = \"stepdoc-test-no-such-command\"\n"),
    )
    .expect("book.toml edited");
    let o = stepdoc(&["build"], &project, &out);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("mdBook"), "{}", text(&o.stderr));
    assert!(
        generated::snapshot(&out) == before,
        "the previous output is left as it was"
    );
    assert!(generated::leftovers(work.path()).is_empty());

    // With the problem fixed, the build goes through.
    std::fs::write(project.join("book.toml"), &book).expect("book.toml restored");
    let o = stepdoc(&["build"], &project, &out);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let after = generated::snapshot(&out);
    assert!(after != before);
    assert!(text(&after["src/p0003.md"]).contains("(v2)"));
}

#[test]
fn an_output_folder_with_other_files_is_refused_not_deleted() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let project = work.path().join("project");
    generated::write(&project, 2, 0, "v1");
    let out = work.path().join("mine");
    std::fs::create_dir_all(&out).expect("folder");
    std::fs::write(out.join("notes.txt"), "keep me").expect("file");
    let o = stepdoc(&["build", "--markdown-only"], &project, &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("notes.txt"), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).expect("still there"),
        "keep me"
    );
    // Nor may the output folder hold the project.
    let o = stepdoc(&["build", "--markdown-only"], &project, work.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(project.join("docs/index.rst").is_file());
}

/// A moment to kill a build at.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// After a fraction (in percent) of the time a whole build takes.
    After(u32),
    /// As soon as its temporary folder exists (files being written).
    TemporaryFolder,
    /// As soon as mdBook writes into the temporary folder.
    Html,
    /// As soon as the new output is in place (the old one being removed).
    Swapped,
}

/// Whether `moment` has come for the build `pid` writing version `to`.
fn reached(moment: Moment, parent: &Path, out: &Path, pid: u32, to: &str) -> bool {
    let tmp = parent.join(format!(".stepdoc-tmp-guide-{pid}"));
    match moment {
        Moment::After(_) => false,
        Moment::TemporaryFolder => tmp.exists(),
        Moment::Html => tmp.join("html").exists(),
        Moment::Swapped => std::fs::read_to_string(out.join("src/p0001.md"))
            .is_ok_and(|t| t.contains(&format!("({to})"))),
    }
}

/// Kill builds at many moments, some chosen by time, some by what the build
/// has written so far: the output folder is always a complete build, the
/// previous one or the new one, never missing or partial.
#[test]
fn a_killed_build_leaves_a_complete_output() {
    let work = tempfile::tempdir().expect("a temporary folder");
    // Many pages, few procedures: most of the time goes into writing files
    // and the HTML rather than into checklist PDFs.
    let (pages, every) = (300, 100);
    let versions = ["v1", "v2"];
    let projects = [work.path().join("v1"), work.path().join("v2")];
    for (p, v) in projects.iter().zip(versions) {
        generated::write(p, pages, every, v);
    }

    // Reference outputs of both versions, each in a folder of its own.
    let mut refs: Vec<BTreeMap<String, Vec<u8>>> = Vec::new();
    let mut took = Duration::ZERO;
    for (i, p) in projects.iter().enumerate() {
        let dir = work.path().join(format!("ref{i}"));
        let start = Instant::now();
        let o = stepdoc(&["build"], p, &dir);
        took = took.max(start.elapsed());
        assert!(o.status.success(), "{}", text(&o.stderr));
        refs.push(generated::snapshot(&dir));
    }
    assert!(refs[0] != refs[1]);
    assert!(refs[0].contains_key("html/p0299.html"));

    let parent = work.path().join("site");
    let out = parent.join("guide");
    let o = stepdoc(&["build"], &projects[0], &out);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        generated::snapshot(&out) == refs[0],
        "builds are reproducible"
    );
    let mut current = 0;

    let moments = [
        Moment::After(20),
        Moment::TemporaryFolder,
        Moment::Html,
        Moment::Swapped,
        Moment::After(50),
        Moment::Html,
        Moment::Swapped,
        Moment::After(90),
    ];
    let mut log = Vec::new();
    for moment in moments {
        // Always build the other version, so that a build that got through
        // shows.
        let next = 1 - current;
        let mut child = Command::new(env!("CARGO_BIN_EXE_stepdoc"))
            .arg("build")
            .arg(&projects[next])
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("stepdoc starts");
        let start = Instant::now();
        loop {
            let due = match moment {
                Moment::After(pc) => start.elapsed() >= took * pc / 100,
                m => reached(m, &parent, &out, child.id(), versions[next]),
            };
            if due
                || child.try_wait().ok().flatten().is_some()
                || start.elapsed() > took * 4 + Duration::from_secs(30)
            {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        // The build may have finished already: kill is then a no-op.
        let _ = child.kill();
        child.wait().expect("the build is reaped");
        let now = generated::snapshot(&out);
        let Some(which) = refs.iter().position(|r| *r == now) else {
            let only_now = now
                .keys()
                .filter(|k| !refs[current].contains_key(*k))
                .count();
            let only_ref: Vec<&String> = refs[current]
                .keys()
                .filter(|k| !now.contains_key(*k))
                .collect();
            panic!(
                "killed at {moment:?}: the output is no complete build ({} files; {only_now} \
                 not in the previous one, {} of its missing, e.g. {:?})",
                now.len(),
                only_ref.len(),
                only_ref.first()
            );
        };
        assert!(which == current || which == next);
        log.push(format!("{moment:?}: {}", versions[which]));
        current = which;
    }
    eprintln!("a whole build took {took:?}; output after each kill: {log:?}");

    // A build that runs to its end cleans what the killed ones left.
    let next = 1 - current;
    let o = stepdoc(&["build"], &projects[next], &out);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(generated::snapshot(&out) == refs[next]);
    assert_eq!(generated::leftovers(&parent), Vec::<String>::new());
}
