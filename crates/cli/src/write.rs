//! Writing results: atomic in-place replacement, and mirroring a tree into `--output`.

use crate::walk::{io_reason, normalize};
use ignore::WalkBuilder;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Replace `dest` with `text` atomically: a temporary file in the same directory,
/// with the permissions of `perms_from`, renamed over `dest`.
pub fn write_atomic(dest: &Path, text: &str, perms_from: &Path) -> Result<(), String> {
    let fail = |what: &str, e: &std::io::Error| {
        format!("cannot write `{}`: {what}{}", dest.display(), io_reason(e))
    };
    // Replace the file a symlink points to, not the link.
    let dest_real = match std::fs::symlink_metadata(dest) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(dest).map_err(|e| fail("", &e))?
        }
        _ => dest.to_path_buf(),
    };
    let dir = match dest_real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let perms = std::fs::metadata(perms_from)
        .map_err(|e| fail("", &e))?
        .permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".go-defer-rewriter-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail("cannot create a temporary file beside it: ", &e))?;
    tmp.write_all(text.as_bytes()).map_err(|e| fail("", &e))?;
    tmp.as_file().sync_all().map_err(|e| fail("", &e))?;
    tmp.as_file()
        .set_permissions(perms)
        .map_err(|e| fail("cannot set permissions: ", &e))?;
    tmp.persist(&dest_real).map_err(|e| fail("", &e.error))?;
    Ok(())
}

/// `path` relative to `root` (both normalized; `.` is the current directory).
pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    if root == Path::new(".") {
        return path.to_path_buf();
    }
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// An absolute form of `path` with symlinks resolved as far as the path exists.
fn resolved(path: &Path) -> Result<PathBuf, std::io::Error> {
    let abs = std::path::absolute(path)?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut out = real;
            out.extend(rest.iter().rev());
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
}

/// Refuse an output directory that is the input, inside it, or contains it.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), String> {
    let root_abs = resolved(root)
        .map_err(|e| format!("cannot read `{}`: {}", root.display(), io_reason(&e)))?;
    let out_abs = resolved(out)
        .map_err(|e| format!("cannot use --output `{}`: {}", out.display(), io_reason(&e)))?;
    if out_abs == root_abs {
        return Err(format!(
            "--output `{}` is the input directory; choose a directory outside `{}`",
            out.display(),
            root.display()
        ));
    }
    if out_abs.starts_with(&root_abs) {
        return Err(format!(
            "--output `{}` is inside the input directory `{}`; choose a directory outside it",
            out.display(),
            root.display()
        ));
    }
    if root_abs.starts_with(&out_abs) {
        return Err(format!(
            "the input directory `{}` is inside --output `{}`; choose another output directory",
            root.display(),
            out.display()
        ));
    }
    if out.exists() && !out.is_dir() {
        return Err(format!(
            "--output `{}` exists and is not a directory",
            out.display()
        ));
    }
    Ok(())
}

/// Copy every regular file (and symlink) of `root` into `out`, skipping `.git` and
/// the files in `written` (relative paths already written there, rewritten).
/// Returns the number of files copied, and the errors.
pub fn mirror(root: &Path, out: &Path, written: &HashSet<PathBuf>) -> (usize, Vec<String>) {
    let mut copied = 0;
    let mut errors = Vec::new();
    let walker = WalkBuilder::new(root)
        .standard_filters(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(format!("cannot copy: {e}"));
                continue;
            }
        };
        let src = entry.path();
        let rel = relative_to(&normalize(src), &normalize(root));
        let dest = if rel == Path::new(".") || entry.depth() == 0 {
            out.to_path_buf()
        } else {
            out.join(&rel)
        };
        let Some(ft) = entry.file_type() else {
            continue;
        };
        let result = if ft.is_dir() {
            std::fs::create_dir_all(&dest)
        } else if written.contains(&rel) {
            continue;
        } else if ft.is_file() {
            std::fs::copy(src, &dest).map(|_| copied += 1)
        } else if ft.is_symlink() {
            copy_symlink(src, &dest).map(|_| copied += 1)
        } else {
            continue;
        };
        if let Err(e) = result {
            errors.push(format!(
                "cannot copy `{}` to `{}`: {}",
                src.display(),
                dest.display(),
                io_reason(&e)
            ));
        }
    }
    (copied, errors)
}

#[cfg(unix)]
fn copy_symlink(src: &Path, dest: &Path) -> std::io::Result<()> {
    let target = std::fs::read_link(src)?;
    if std::fs::symlink_metadata(dest).is_ok() {
        std::fs::remove_file(dest)?;
    }
    std::os::unix::fs::symlink(target, dest)
}

#[cfg(not(unix))]
fn copy_symlink(src: &Path, dest: &Path) -> std::io::Result<()> {
    std::fs::copy(src, dest).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("a/b.go"), Path::new(".")),
            PathBuf::from("a/b.go")
        );
        assert_eq!(
            relative_to(Path::new("pkg/a/b.go"), Path::new("pkg")),
            PathBuf::from("a/b.go")
        );
    }

    #[test]
    fn output_inside_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        std::fs::create_dir(&root).unwrap();
        assert!(check_output_dir(&root, &root)
            .unwrap_err()
            .contains("is the input directory"));
        assert!(check_output_dir(&root, &root.join("out/x"))
            .unwrap_err()
            .contains("inside the input"));
        assert!(check_output_dir(&root, dir.path())
            .unwrap_err()
            .contains("inside --output"));
        assert!(check_output_dir(&root, &dir.path().join("out")).is_ok());
    }
}
