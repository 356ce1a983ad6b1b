//! `--changed-since REV`: the package directories whose Go files changed since a git
//! revision (committed, staged or not, and untracked files that git does not
//! ignore), so that a pull request's CI run checks only what it touched, as
//! golangci-lint's `--new-from-rev` does.
//!
//! A changed directory is checked whole (a package is the unit of the analysis). The
//! packages that import it are not checked again: a proof in an unchanged package
//! that rests on the changed one's code is only re-examined by a full run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Run git in `dir` with `args`; its stdout, or an error with its stderr.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("--changed-since: cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// The directories (canonical paths) holding a `.go` file that differs from `rev`
/// in the git repositories around the walked `roots` (directories or files), or that
/// is untracked and not ignored. A deleted file counts for its directory. Each root
/// must be inside a git repository in which `rev` names a commit.
pub fn changed_dirs(roots: &[PathBuf], rev: &str) -> Result<BTreeSet<PathBuf>, String> {
    if rev.starts_with('-') {
        return Err(format!("--changed-since: `{rev}` is not a revision"));
    }
    let mut tops = BTreeSet::new();
    for root in roots {
        let dir = if root.is_dir() {
            root.as_path()
        } else {
            root.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        };
        let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|_| {
            format!(
                "--changed-since: `{}` is not inside a git repository",
                root.display()
            )
        })?;
        tops.insert(PathBuf::from(String::from_utf8_lossy(&top).trim()));
    }
    let mut dirs = BTreeSet::new();
    for top in tops {
        dirs.extend(changed_in(&top, rev)?);
    }
    Ok(dirs)
}

/// [`changed_dirs`] for the repository whose top-level directory is `top`.
fn changed_in(top: &Path, rev: &str) -> Result<BTreeSet<PathBuf>, String> {
    let commit = format!("{rev}^{{commit}}");
    git(top, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
        format!(
            "--changed-since: unknown revision `{rev}` in the git repository at `{}`",
            top.display()
        )
    })?;
    let diff = git(
        top,
        &["diff", "--name-only", "--no-renames", "-z", rev, "--"],
    )
    .map_err(|e| format!("--changed-since: git diff {rev}: {e}"))?;
    let untracked = git(top, &["ls-files", "--others", "--exclude-standard", "-z"])
        .map_err(|e| format!("--changed-since: git ls-files: {e}"))?;
    let mut dirs = BTreeSet::new();
    for name in diff.split(|b| *b == 0).chain(untracked.split(|b| *b == 0)) {
        let name = String::from_utf8_lossy(name);
        if !name.ends_with(".go") {
            continue;
        }
        let path = top.join(name.as_ref());
        if let Some(dir) = path.parent() {
            // A directory that no longer exists has nothing left to check.
            if let Ok(dir) = dir.canonicalize() {
                dirs.insert(dir);
            }
        }
    }
    Ok(dirs)
}

/// Keep the files whose directory is in `dirs` (canonical paths).
pub fn keep(files: Vec<PathBuf>, dirs: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let mut known: std::collections::HashMap<PathBuf, bool> = std::collections::HashMap::new();
    files
        .into_iter()
        .filter(|f| {
            let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
            *known.entry(dir.clone()).or_insert_with(|| {
                let dir = if dir.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    dir
                };
                dir.canonicalize().is_ok_and(|d| dirs.contains(&d))
            })
        })
        .collect()
}
