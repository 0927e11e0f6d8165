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
    let suffixes = sphinx.rst_suffixes();
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

/// The revision of a file: with [`RevisionMode::Git`], the commit of its
/// last change when it is committed and unchanged in a git repository;
/// otherwise `sha256:` and a hash of its content.
///
/// [`RevisionMode::Git`]: crate::config::RevisionMode::Git
pub fn revision(path: &Path, content: &[u8], mode: crate::config::RevisionMode) -> String {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().map(Path::new).unwrap_or(path);
    if mode == crate::config::RevisionMode::Git
        && in_git_work_tree(dir)
        && let Some(h) = git_revision(dir, name)
    {
        return h;
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(content);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Whether `dir` may be in a git work tree: a `.git` in it or above it, or
/// git told where its repository is by the environment. Spares a `git`
/// process per page outside any repository.
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

/// The commit of the last change of `dir/name`, when it has not been
/// edited since.
fn git_revision(dir: &Path, name: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "-1", "--format=%H", "--"])
        .arg(name)
        .stderr(std::process::Stdio::null())
        .output();
    if let Ok(o) = out
        && o.status.success()
    {
        let h = String::from_utf8_lossy(&o.stdout).trim().to_string();
        if h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()) {
            // Committed, but edited since: the content decides.
            let dirty = std::process::Command::new("git")
                .arg("-C")
                .arg(dir)
                .args(["diff", "--quiet", "HEAD", "--"])
                .arg(name)
                .stderr(std::process::Stdio::null())
                .status()
                .map(|s| !s.success())
                .unwrap_or(true);
            if !dirty {
                return Some(h);
            }
        }
    }
    None
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
