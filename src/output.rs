//! The output of `stepdoc build` as a tree in memory (relative path →
//! content), and its two consumers: [`replace`] puts a new output folder in
//! place in one step, so that a build that fails or is killed leaves the
//! previous output whole; [`Tree::compare`] tells how the folder on disk
//! differs from the tree (`stepdoc build --check`).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::build::BuildError;

/// The content of one generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Text, compared line by line.
    Text(String),
    /// Bytes (a PDF), compared as a whole.
    Binary(Vec<u8>),
    /// A source file copied as it is (an image), compared as bytes.
    Copy(PathBuf),
}

/// Generated files by path relative to the output folder, `/`-separated.
#[derive(Debug, Default, Clone)]
pub struct Tree {
    files: BTreeMap<String, Content>,
}

/// `rel` made canonical (`a/./b/../c` → `a/c`), or `None` when it would
/// leave the folder, is absolute or names the folder itself.
fn clean(rel: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_string()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

impl Tree {
    /// Add a file; a path that would leave the output folder is refused.
    pub fn insert(&mut self, rel: &str, content: Content) -> Result<(), BuildError> {
        let key = clean(rel).ok_or_else(|| BuildError::OutsideOutput(rel.to_string()))?;
        self.files.insert(key, content);
        Ok(())
    }

    pub fn get(&self, rel: &str) -> Option<&Content> {
        self.files.get(rel)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Paths in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Write every file under `dir` (which should be empty or new).
    pub fn write_into(&self, dir: &Path) -> Result<(), BuildError> {
        for (rel, content) in &self.files {
            let path = crate::sources::inside(dir, rel)
                .ok_or_else(|| BuildError::OutsideOutput(rel.to_string()))?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_err(parent))?;
            }
            match content {
                Content::Text(t) => std::fs::write(&path, t).map_err(io_err(&path))?,
                Content::Binary(b) => std::fs::write(&path, b).map_err(io_err(&path))?,
                Content::Copy(src) => {
                    std::fs::copy(src, &path).map_err(io_err(src))?;
                }
            }
        }
        Ok(())
    }

    /// How the files under `dir` differ from the tree. Top-level entries
    /// that [`kept`] names (`html/`, hidden files) are not compared.
    pub fn compare(&self, dir: &Path) -> Result<Drift, BuildError> {
        let on_disk = files_on_disk(dir)?;
        let mut drift = Drift::default();
        // Diff chunks by path, so that the diff follows the paths' order.
        let mut chunks: BTreeMap<&str, String> = BTreeMap::new();
        for (rel, content) in &self.files {
            let Some(path) = on_disk.get(rel) else {
                drift.missing.push(rel.clone());
                if let Content::Text(new) = content {
                    chunks.insert(rel, unified("/dev/null", "", &format!("b/{rel}"), new));
                } else {
                    chunks.insert(rel, format!("Binary files /dev/null and b/{rel} differ\n"));
                }
                continue;
            };
            let old = std::fs::read(path).map_err(io_err(path))?;
            let same = match content {
                Content::Text(t) => old == t.as_bytes(),
                Content::Binary(b) => &old == b,
                Content::Copy(src) => old == std::fs::read(src).map_err(io_err(src))?,
            };
            if same {
                continue;
            }
            drift.changed.push(rel.clone());
            match (content, std::str::from_utf8(&old)) {
                (Content::Text(new), Ok(old)) => {
                    chunks.insert(
                        rel,
                        unified(&format!("a/{rel}"), old, &format!("b/{rel}"), new),
                    );
                }
                _ => {
                    chunks.insert(rel, format!("Binary files a/{rel} and b/{rel} differ\n"));
                }
            }
        }
        for (rel, path) in &on_disk {
            if self.files.contains_key(rel) {
                continue;
            }
            drift.stale.push(rel.clone());
            match std::fs::read(path)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
            {
                Some(old) if !is_binary_name(rel) => {
                    chunks.insert(rel, unified(&format!("a/{rel}"), &old, "/dev/null", ""));
                }
                _ => {
                    chunks.insert(rel, format!("Binary files a/{rel} and /dev/null differ\n"));
                }
            }
        }
        drift.diff = chunks.into_values().collect();
        Ok(drift)
    }
}

fn is_binary_name(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("pdf" | "png" | "jpg" | "jpeg" | "gif" | "webp" | "ico" | "woff" | "woff2")
    )
}

/// A unified diff of two texts, with git's `a/` and `b/` names.
fn unified(old_name: &str, old: &str, new_name: &str, new: &str) -> String {
    let diff = similar::TextDiff::configure()
        // A diff is for people: past this, an approximate one is as good.
        .timeout(std::time::Duration::from_secs(2))
        .diff_lines(old, new);
    diff.unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

/// Files under `dir` by `/`-separated relative path, without the entries
/// that a build keeps (see [`kept`]). A missing folder has no files.
fn files_on_disk(dir: &Path) -> Result<BTreeMap<String, PathBuf>, BuildError> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return Ok(out);
    }
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || !kept(&e.file_name().to_string_lossy()));
    for entry in walk {
        let entry = entry.map_err(|source| BuildError::Walk {
            path: dir.to_path_buf(),
            source,
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        out.insert(rel.join("/"), entry.into_path());
    }
    Ok(out)
}

/// How an output folder differs from what the sources give.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drift {
    /// On disk with other content.
    pub changed: Vec<String>,
    /// Generated but not on disk.
    pub missing: Vec<String>,
    /// On disk but no longer generated.
    pub stale: Vec<String>,
    /// A unified diff from the folder (`a/`) to the generated files (`b/`);
    /// binary files get a `Binary files ... differ` line.
    pub diff: String,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.stale.is_empty()
    }
}

/// Top-level entries of an output folder that are not generated files: the
/// HTML rendering (rebuilt, not compared) and hidden files such as a
/// `.gitignore`, which a new build carries over.
pub fn kept(name: &str) -> bool {
    name == "html" || name.starts_with('.')
}

use crate::build::io_error as io_err;

const TMP: &str = ".stepdoc-tmp-";
const OLD: &str = ".stepdoc-old-";

/// Replace the folder `out` by a new one that `fill` writes, in one step.
///
/// `fill` writes into a temporary folder beside `out` (same parent, so on
/// the same file system); only when it succeeds does that folder take the
/// place of `out`: on Linux by an atomic exchange of the two names, then
/// the old tree is removed; elsewhere the old folder is renamed aside, the
/// new one renamed in and the old one removed. A build that fails or is
/// killed before that leaves `out` as it was; leftovers of a killed build
/// (temporary folders, an old folder set aside) are cleaned up, or put back
/// in place, by the next call.
///
/// `known` names the top-level entries that a build writes: an existing
/// `out` holding anything else (hidden entries aside, which are carried
/// over) is refused rather than deleted, as is an `out` that holds one of
/// `protect` (the project's own folders).
pub fn replace(
    out: &Path,
    known: &[&str],
    protect: &[&Path],
    fill: impl FnOnce(&Path) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    let out = resolve(out)?;
    let (parent, name) = match (out.parent(), out.file_name().and_then(|n| n.to_str())) {
        (Some(p), Some(n)) => (p.to_path_buf(), n.to_string()),
        _ => {
            return Err(BuildError::Output {
                path: out.clone(),
                why: "not usable as an output folder".into(),
            });
        }
    };
    std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    recover(&parent, &name, &out)?;
    refuse_foreign(&out, known, protect)?;
    let tmp = parent.join(format!("{TMP}{name}-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
    }
    std::fs::create_dir(&tmp).map_err(io_err(&tmp))?;
    let filled = carry_hidden(&out, &tmp).and_then(|()| fill(&tmp));
    if let Err(e) = filled {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if let Err(e) = swap(&tmp, &out, &parent, &name) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    Ok(())
}

/// `out` itself, or the folder it links to (the link stays as it is).
fn resolve(out: &Path) -> Result<PathBuf, BuildError> {
    let is_link = std::fs::symlink_metadata(out)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    if is_link || out.file_name().is_none() {
        // `.`, `..` and links: the real path gives the name to swap.
        if out.exists() {
            return out.canonicalize().map_err(io_err(out));
        }
    }
    if out.is_relative() && out.parent().is_some_and(|p| p.as_os_str().is_empty()) {
        return Ok(Path::new(".").join(out));
    }
    Ok(out.to_path_buf())
}

/// Whether the process `pid` may still be running (and writing its
/// temporary folder). Without `/proc`, only folders untouched for an hour
/// count as abandoned.
fn abandoned(pid: &str, path: &Path) -> bool {
    if pid == std::process::id().to_string() {
        return true;
    }
    if Path::new("/proc/self").exists() {
        return !Path::new("/proc").join(pid).exists();
    }
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

/// Clean what a killed build left beside `out`: its temporary folder, or
/// the previous output it had set aside (put back when `out` is missing).
fn recover(parent: &Path, name: &str, out: &Path) -> Result<(), BuildError> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut aside: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        for (prefix, is_old) in [(TMP, false), (OLD, true)] {
            let Some((n, pid)) = file_name
                .strip_prefix(prefix)
                .and_then(|rest| rest.rsplit_once('-'))
            else {
                continue;
            };
            if n != name || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let path = entry.path();
            if !abandoned(pid, &path) {
                continue;
            }
            if is_old {
                aside.push(path);
            } else {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
    aside.sort();
    for path in aside {
        if !out.exists() {
            std::fs::rename(&path, out).map_err(io_err(&path))?;
        } else {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
    Ok(())
}

/// Refuse to replace a folder that holds more than a build's output.
fn refuse_foreign(out: &Path, known: &[&str], protect: &[&Path]) -> Result<(), BuildError> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(BuildError::Output {
            path: out.to_path_buf(),
            why: "exists and is not a folder".into(),
        });
    }
    let real = out.canonicalize().map_err(io_err(out))?;
    for p in protect {
        if let Ok(p) = p.canonicalize()
            && p.starts_with(&real)
        {
            return Err(BuildError::Output {
                path: out.to_path_buf(),
                why: format!(
                    "is or holds the project's folder {}; choose another output folder",
                    p.display()
                ),
            });
        }
    }
    let mut foreign: Vec<String> = std::fs::read_dir(out)
        .map_err(io_err(out))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !kept(n) && !known.contains(&n.as_str()))
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    Err(BuildError::Output {
        path: out.to_path_buf(),
        why: format!(
            "holds {}, which stepdoc does not write; a build replaces the whole \
             output folder, so choose an empty or new one",
            foreign.join(", ")
        ),
    })
}

/// Copy the hidden top-level entries of `out` (`.gitignore`...) into `tmp`.
fn carry_hidden(out: &Path, tmp: &Path) -> Result<(), BuildError> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let root = entry.path();
        for e in walkdir::WalkDir::new(&root).follow_links(false) {
            let e = e.map_err(|source| BuildError::Walk {
                path: root.clone(),
                source,
            })?;
            let Ok(rel) = e.path().strip_prefix(out) else {
                continue;
            };
            let dest = tmp.join(rel);
            let ft = e.file_type();
            if ft.is_dir() {
                std::fs::create_dir_all(&dest).map_err(io_err(&dest))?;
            } else if ft.is_symlink() {
                copy_link(e.path(), &dest)?;
            } else {
                std::fs::copy(e.path(), &dest).map_err(io_err(e.path()))?;
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn copy_link(src: &Path, dest: &Path) -> Result<(), BuildError> {
    let target = std::fs::read_link(src).map_err(io_err(src))?;
    std::os::unix::fs::symlink(target, dest).map_err(io_err(dest))
}

#[cfg(not(unix))]
fn copy_link(src: &Path, dest: &Path) -> Result<(), BuildError> {
    std::fs::copy(src, dest).map(|_| ()).map_err(io_err(src))
}

/// Put `tmp` in the place of `out`, then remove the previous output.
fn swap(tmp: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), BuildError> {
    if !out.exists() {
        return std::fs::rename(tmp, out).map_err(io_err(out));
    }
    if exchange(tmp, out).is_ok() {
        // `tmp` now holds the previous output.
        let _ = std::fs::remove_dir_all(tmp);
        return Ok(());
    }
    let aside = parent.join(format!("{OLD}{name}-{}", std::process::id()));
    if aside.exists() {
        std::fs::remove_dir_all(&aside).map_err(io_err(&aside))?;
    }
    std::fs::rename(out, &aside).map_err(io_err(out))?;
    if let Err(e) = std::fs::rename(tmp, out) {
        // Put the previous output back; a later build would do it otherwise.
        let _ = std::fs::rename(&aside, out);
        return Err(io_err(out)(e));
    }
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}

/// Exchange the names of two folders atomically (Linux `renameat2`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers come from live, NUL-terminated CStrings that
    // outlive the call; AT_FDCWD makes relative paths relative to the
    // current folder, as std::fs does; the call reads nothing else.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Replace (or create) the file `path` with `bytes` through a temporary
/// file in the same folder, renamed over it: a reader sees the old file or
/// the new one, never a part. An existing file keeps its permissions.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.stepdoc-{}.tmp", std::process::id()));
    let perms = std::fs::metadata(path).ok().map(|m| m.permissions());
    let result = (|| {
        let mut f = std::fs::File::create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if let Some(perms) = perms {
            std::fs::set_permissions(&tmp, perms)?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cleaned_and_confined() {
        assert_eq!(clean("src/./a/../b.md").as_deref(), Some("src/b.md"));
        assert_eq!(clean("../x"), None);
        assert_eq!(clean("/etc/passwd"), None);
        assert_eq!(clean("a/.."), None);
        let mut t = Tree::default();
        assert!(t.insert("../x", Content::Text(String::new())).is_err());
        assert!(t.insert("a/../b", Content::Text("b".into())).is_ok());
        assert_eq!(t.paths().collect::<Vec<_>>(), ["b"]);
    }

    fn scratch(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("stepdoc-output-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn compare_reports_changed_missing_and_stale_files() {
        let dir = scratch("compare");
        let out = dir.join("out");
        let mut t = Tree::default();
        t.insert("src/a.md", Content::Text("one\ntwo\n".into()))
            .unwrap();
        t.insert("src/b.md", Content::Text("b\n".into())).unwrap();
        t.insert("src/c.pdf", Content::Binary(vec![1, 2])).unwrap();
        t.write_into(&out).unwrap();
        assert!(t.compare(&out).unwrap().is_clean());
        std::fs::write(out.join("src/a.md"), "one\n2\n").unwrap();
        std::fs::remove_file(out.join("src/b.md")).unwrap();
        std::fs::write(out.join("src/c.pdf"), [9]).unwrap();
        std::fs::write(out.join("src/old.md"), "old\n").unwrap();
        // Not compared: the HTML rendering and hidden files.
        std::fs::create_dir_all(out.join("html")).unwrap();
        std::fs::write(out.join("html/index.html"), "x").unwrap();
        std::fs::write(out.join(".gitignore"), "html/\n").unwrap();
        let d = t.compare(&out).unwrap();
        assert_eq!(d.changed, ["src/a.md", "src/c.pdf"]);
        assert_eq!(d.missing, ["src/b.md"]);
        assert_eq!(d.stale, ["src/old.md"]);
        assert!(
            d.diff
                .contains("--- a/src/a.md\n+++ b/src/a.md\n@@ -1,2 +1,2 @@\n one\n-2\n+two\n"),
            "{}",
            d.diff
        );
        assert!(d.diff.contains("--- /dev/null\n+++ b/src/b.md\n"));
        assert!(d.diff.contains("--- a/src/old.md\n+++ /dev/null\n"));
        assert!(
            d.diff
                .contains("Binary files a/src/c.pdf and b/src/c.pdf differ\n")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn replace_refuses_a_folder_with_other_files() {
        let dir = scratch("foreign");
        let out = dir.join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let r = replace(&out, &["src"], &[], |_| Ok(()));
        assert!(r.is_err());
        assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn replace_carries_hidden_files_and_recovers_an_aside_folder() {
        let dir = scratch("recover");
        let out = dir.join("out");
        let mut t = Tree::default();
        t.insert("src/a.md", Content::Text("a\n".into())).unwrap();
        replace(&out, &["src"], &[], |tmp| t.write_into(tmp)).unwrap();
        std::fs::write(out.join(".gitignore"), "html/\n").unwrap();
        replace(&out, &["src"], &[], |tmp| t.write_into(tmp)).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join(".gitignore")).unwrap(),
            "html/\n"
        );
        // A build killed between its two renames (non-Linux fallback) left
        // the previous output aside and none in place: the next build puts
        // it back before anything else.
        let aside = dir.join(format!("{OLD}out-999999999"));
        std::fs::rename(&out, &aside).unwrap();
        let stale_tmp = dir.join(format!("{TMP}out-999999998"));
        std::fs::create_dir_all(&stale_tmp).unwrap();
        let r = replace(&out, &["src"], &[], |_| {
            Err(BuildError::Io {
                path: PathBuf::from("fill"),
                source: std::io::Error::other("fails before the swap"),
            })
        });
        assert!(r.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("src/a.md")).unwrap(),
            "a\n"
        );
        assert!(!aside.exists());
        assert!(!stale_tmp.exists());
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "only `out` is left: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
