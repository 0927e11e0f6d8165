//! Sources: finding the pages of a project and reading files without ever
//! leaving the source root (no `..` escape, no absolute path, no symlink
//! that points outside).

use std::path::{Component, Path, PathBuf};

/// A path that would leave the source root, or does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfineError {
    /// `..`, an absolute path or a symlink leads outside the root.
    Outside(PathBuf),
    NotFound(PathBuf),
}

impl std::fmt::Display for ConfineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfineError::Outside(p) => write!(f, "{} is outside the source root", p.display()),
            ConfineError::NotFound(p) => write!(f, "{} does not exist", p.display()),
        }
    }
}

impl std::error::Error for ConfineError {}

/// Resolve `rel` (relative to `root`) to a real path inside `root`.
///
/// Lexical checks come first (`..` that climbs above the root, absolute
/// paths), then the real path is compared with the real root so that
/// symlinks cannot lead out either.
pub fn confined(root: &Path, rel: &Path) -> Result<PathBuf, ConfineError> {
    let mut depth: i64 = 0;
    for c in rel.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => {
                return Err(ConfineError::Outside(rel.to_path_buf()));
            }
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return Err(ConfineError::Outside(rel.to_path_buf()));
                }
            }
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
        }
    }
    let real_root = root
        .canonicalize()
        .map_err(|_| ConfineError::NotFound(root.to_path_buf()))?;
    let joined = root.join(rel);
    let real = joined
        .canonicalize()
        .map_err(|_| ConfineError::NotFound(joined.clone()))?;
    if real.starts_with(&real_root) {
        Ok(real)
    } else {
        Err(ConfineError::Outside(rel.to_path_buf()))
    }
}

/// Where `path` (absolute, or relative to the current folder) leads, when
/// it is inside `root`: the real file when it exists, `NotFound` when it is
/// inside but missing, `Outside` when it leaves `root` (`..` climbing out,
/// or a symbolic link leading elsewhere).
pub fn within(root: &Path, path: &Path) -> Result<PathBuf, ConfineError> {
    let abs = |p: &Path| -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        }
    };
    let real_root = root
        .canonicalize()
        .map_err(|_| ConfineError::NotFound(root.to_path_buf()))?;
    if let Ok(real) = path.canonicalize() {
        return if real.starts_with(&real_root) {
            Ok(real)
        } else {
            Err(ConfineError::Outside(path.to_path_buf()))
        };
    }
    // Missing: judge the lexical path.
    let mut norm = PathBuf::new();
    for c in abs(path).components() {
        match c {
            Component::ParentDir => {
                norm.pop();
            }
            Component::CurDir => {}
            c => norm.push(c),
        }
    }
    let root_abs = abs(root);
    if norm.starts_with(&real_root) || norm.starts_with(&root_abs) {
        Err(ConfineError::NotFound(path.to_path_buf()))
    } else {
        Err(ConfineError::Outside(path.to_path_buf()))
    }
}

/// Every `.rst` page under `root`, sorted, as paths relative to `root`.
/// Hidden folders, folders whose name starts with `_` (Sphinx's `_build`,
/// `_static`, `_templates`), `target` and symlinks are skipped.
pub fn pages(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            // Hidden folders and Sphinx's `_build`, `_static`, `_templates`...
            e.depth() == 0 || !(name.starts_with('.') || name.starts_with('_') || name == "target")
        })
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rst"))
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    out.sort();
    out
}

/// The pages of a Sphinx project's source folder, sorted, relative to it:
/// the files with one of its reStructuredText suffixes, not excluded by
/// its `exclude_patterns`. Hidden folders, folders whose name starts with
/// `_` (`_build`, `_static`, `_templates`) and `target` are skipped;
/// symlinks are followed when they lead inside `root` (the project folder).
pub fn pages_with(source: &Path, root: &Path, sphinx: &crate::sphinx::Sphinx) -> Vec<PathBuf> {
    let suffixes = sphinx.page_suffixes();
    let root_c = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(source)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            if e.depth() > 0
                && e.file_type().is_dir()
                && (name.starts_with('.') || name.starts_with('_') || name == "target")
            {
                return false;
            }
            // A link that leads outside the project is not followed.
            !e.path_is_symlink()
                || e.path()
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(&root_c))
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(source).ok().map(Path::to_path_buf))
        .filter(|rel| {
            let s = rel.to_string_lossy().replace('\\', "/");
            suffixes.iter().any(|x| s.ends_with(x)) && !sphinx.excluded(&s)
        })
        .collect();
    out.sort();
    out
}

/// Every `.rst` file under `dir`, in every folder, sorted: the view of a
/// corpus (tests, benchmarks). [`pages`] is a project's view, which skips
/// `_` folders.
pub fn rst_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rst"))
        .map(|e| e.into_path())
        .collect()
}

/// `sha256:` and the hex digest of `content`.
pub fn content_hash(content: &[u8]) -> String {
    use sha2::Digest;
    format!("sha256:{}", hex(&sha2::Sha256::digest(content)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The revisions of the pages of one folder, from one `git log` over it.
///
/// For each page, the first entry of the log (newest first) that touches it
/// gives the commit of its last change and the id of the blob committed
/// then. A page whose content still hashes to that blob id is unchanged
/// since: its revision is that commit. Any other page (edited, untracked,
/// outside a repository, or with [`RevisionMode::Content`]) gets a hash of
/// its content. The log is read as it comes and stopped once every page
/// is found.
///
/// [`RevisionMode::Content`]: crate::config::RevisionMode::Content
#[derive(Debug, Default)]
pub struct Revisions {
    /// Page (relative to the folder, `/` separators) → (commit, blob id).
    committed: std::collections::HashMap<String, (String, String)>,
}

impl Revisions {
    /// Ask git once about `pages` (relative to `dir`, `/` separators).
    pub fn of(dir: &Path, pages: &[String], mode: crate::config::RevisionMode) -> Revisions {
        let mut out = Revisions::default();
        if mode != crate::config::RevisionMode::Git || pages.is_empty() || !in_git_work_tree(dir) {
            return out;
        }
        let mut wanted: std::collections::HashSet<&str> =
            pages.iter().map(String::as_str).collect();
        let child = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args([
                "-c",
                "core.quotePath=false",
                "log",
                "--relative",
                "--raw",
                "--no-abbrev",
                "--no-renames",
                "--format=commit %H",
                "--",
                ".",
            ])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn();
        let Ok(mut child) = child else { return out };
        if let Some(stdout) = child.stdout.take() {
            use std::io::BufRead;
            let mut commit = String::new();
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(h) = line.strip_prefix("commit ") {
                    commit = h.to_string();
                    continue;
                }
                // `:100644 100644 OLD NEW M<TAB>path`
                let Some((meta, path)) = line.split_once('\t') else {
                    continue;
                };
                if !meta.starts_with(':') || !wanted.remove(path) {
                    continue;
                }
                let blob = meta.split_whitespace().nth(3).unwrap_or_default();
                out.committed
                    .insert(path.to_string(), (commit.clone(), blob.to_string()));
                if wanted.is_empty() {
                    break;
                }
            }
        }
        // The rest of the log is not needed.
        let _ = child.kill();
        let _ = child.wait();
        out
    }

    /// The revision of a page of the folder with this content.
    pub fn revision(&self, page: &str, content: &[u8]) -> String {
        if let Some((commit, blob)) = self.committed.get(page)
            && commit.len() == 40
            && blob_id(content) == *blob
        {
            return commit.clone();
        }
        content_hash(content)
    }
}

/// Git's id of a blob with this content.
fn blob_id(content: &[u8]) -> String {
    use sha1::Digest;
    let mut h = sha1::Sha1::new();
    h.update(format!("blob {}\0", content.len()).as_bytes());
    h.update(content);
    hex(&h.finalize())
}

/// Whether `dir` may be in a git work tree: a `.git` in it or above it, or
/// git told where its repository is by the environment. Spares a `git`
/// process outside any repository.
fn in_git_work_tree(dir: &Path) -> bool {
    if std::env::var_os("GIT_DIR").is_some() || std::env::var_os("GIT_WORK_TREE").is_some() {
        return true;
    }
    let abs = match dir.canonicalize() {
        Ok(a) => a,
        // Let git decide.
        Err(_) => return true,
    };
    abs.ancestors().any(|d| d.join(".git").exists())
}

/// `dir/rel` when `rel` stays inside `dir` (no `..` climbing out, not
/// absolute): where generated files may be written, whatever a page is named.
pub fn inside(dir: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    let mut depth: i64 = 0;
    for c in rel.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (depth > 0).then(|| dir.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confinement_refuses_escapes() {
        let dir = std::env::temp_dir().join(format!("stepdoc-confine-{}", std::process::id()));
        let root = dir.join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.png"), b"x").unwrap();
        std::fs::write(dir.join("secret"), b"x").unwrap();
        assert!(confined(&root, Path::new("sub/a.png")).is_ok());
        assert!(confined(&root, Path::new("sub/../sub/a.png")).is_ok());
        assert!(matches!(
            confined(&root, Path::new("../secret")),
            Err(ConfineError::Outside(_))
        ));
        assert!(matches!(
            confined(&root, Path::new("/etc/passwd")),
            Err(ConfineError::Outside(_))
        ));
        assert!(matches!(
            confined(&root, Path::new("nope.png")),
            Err(ConfineError::NotFound(_))
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret"), root.join("link")).unwrap();
            assert!(matches!(
                confined(&root, Path::new("link")),
                Err(ConfineError::Outside(_))
            ));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
