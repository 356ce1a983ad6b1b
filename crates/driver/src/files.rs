//! The driver's side of the file system: the `.go` files of a package directory,
//! reading them ([`Files`]; [`Disk`] reads the real ones) and writing the fixed
//! texts ([`Writer`], which the front end implements: the CLI's replaces files in
//! place safely, or writes them to another tree).

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// How the driver reads the files it checks: each file's bytes, their size, the
/// `.go` files of a package directory (for its package view), and a part of a file
/// again (for a summary that needs a function body the view did not keep).
pub trait Files: Send + Sync {
    /// The bytes of the file at `path`.
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
    /// Its size in bytes, if it can be known (0 otherwise): to decide when a
    /// large directory waits for its turn, before it reads.
    fn size(&self, path: &Path) -> u64;
    /// The `.go` files of `dir` (regular files only), normalized and sorted.
    fn go_files_in(&self, dir: &Path) -> Vec<PathBuf>;
    /// The bytes `range` of the file at `path`, when it has `len` bytes.
    fn read_range(&self, path: &Path, len: usize, range: Range<usize>) -> Option<Vec<u8>>;
}

/// The files on disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn size(&self, path: &Path) -> u64 {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }

    fn go_files_in(&self, dir: &Path) -> Vec<PathBuf> {
        go_files_in(dir)
    }

    fn read_range(&self, path: &Path, len: usize, range: Range<usize>) -> Option<Vec<u8>> {
        read_range(path, len, range)
    }
}

/// How the driver writes a fixed file (in place, or as a new file of another
/// tree). Either way, on an error the file is as it was.
pub trait Writer: Send + Sync {
    /// Replace the file at `path`, whose bytes the run read as `read`, with `new`.
    fn replace(&self, path: &Path, new: &[u8], read: &[u8]) -> Result<(), NotWritten>;
    /// Write `text` to the new file `dest` (creating its directory), with the
    /// permissions of `perms_from`.
    fn create(&self, dest: &Path, text: &str, perms_from: &Path) -> Result<(), NotWritten>;
}

/// A writer for runs that write nothing (analyze, dry-run, verify): every write fails.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWrites;

impl Writer for NoWrites {
    fn replace(&self, path: &Path, _: &[u8], _: &[u8]) -> Result<(), NotWritten> {
        Err(NotWritten::Failed(format!(
            "`{}`: this run writes nothing",
            path.display()
        )))
    }

    fn create(&self, dest: &Path, _: &str, _: &Path) -> Result<(), NotWritten> {
        Err(NotWritten::Failed(format!(
            "`{}`: this run writes nothing",
            dest.display()
        )))
    }
}

/// Why a file was not written. Either way the file is as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotWritten {
    /// It no longer has the bytes the run read: someone changed it meanwhile.
    Changed(PathBuf),
    /// Writing failed; the message says what and why.
    Failed(String),
}

impl NotWritten {
    /// The error line.
    pub fn message(&self) -> String {
        match self {
            NotWritten::Changed(path) => format!(
                "`{}` changed during the run; not rewritten (run again to rewrite its new contents)",
                path.display()
            ),
            NotWritten::Failed(message) => message.clone(),
        }
    }

    /// The reason, as the summary counts files not written.
    pub fn reason(&self) -> &'static str {
        match self {
            NotWritten::Changed(_) => "changed during the run",
            NotWritten::Failed(_) => "write failed",
        }
    }
}

/// An I/O error without the "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// `./a/./b.go` → `a/b.go`: the form paths are shown and de-duplicated in.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        // Built a component at a time, it has room for up to twice its length;
        // the walk keeps one per file for the whole run.
        out.shrink_to_fit();
        out
    }
}

pub fn is_go_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "go")
}

pub fn is_test_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with("_test.go"))
}

/// The `.go` files of a directory (regular files only), for the package view.
pub fn go_files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| is_go_file(p))
        .map(|p| normalize(&p))
        .collect();
    out.sort();
    out
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

/// The bytes `range` of the file at `path`, when it has `len` bytes.
pub fn read_range(path: &Path, len: usize, range: Range<usize>) -> Option<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    if usize::try_from(file.metadata().ok()?.len()).ok()? != len || range.end > len {
        return None;
    }
    file.seek(SeekFrom::Start(range.start as u64)).ok()?;
    let mut bytes = vec![0; range.len()];
    file.read_exact(&mut bytes).ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_cur_dir() {
        assert_eq!(normalize(Path::new("./a/./b.go")), PathBuf::from("a/b.go"));
        assert_eq!(normalize(Path::new(".")), PathBuf::from("."));
    }
}
