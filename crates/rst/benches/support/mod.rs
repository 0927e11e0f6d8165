//! What the benches share.

use std::path::Path;

/// The `.rst` files under `dir`, recursively.
pub fn rst_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rst_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rst") {
            out.push(p);
        }
    }
}
