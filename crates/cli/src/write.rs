//! Writing results: replacing files in place, and mirroring a tree into `--output`.
//!
//! A file rewritten in place keeps what `gofmt -w` keeps, and never overwrites a
//! change made while the run went on:
//!
//! - **Symlinks are followed**, as `gofmt -w` does: the file the link points to is
//!   rewritten and the link stays a link. (Replacing the link with a regular file
//!   would cut that name off from the file every other name still shows.) The walk
//!   does not follow symlinks, so a link is only written when named on the command line.
//! - **A file with one name** is replaced atomically: the new text goes to a temporary
//!   file in the same directory, which is given the file's owner, group and mode
//!   (fchown, then fchmod), synced, and renamed over it. A reader sees the old text or
//!   the new, never a part.
//! - **A file with several names** (hard links), or one whose owner the temporary
//!   file cannot be given (a run without the right to chown), is written through its
//!   own inode, so every name, the owner and the mode stay. Its original text is kept
//!   in a backup file beside it until the new text is written and synced (as
//!   `gofmt -w` does); if the write fails the original is written back, and if even
//!   that fails the backup is left in place and named in the error.
//! - **The guard**: as the last step before the rename (or the write through the
//!   inode), the file is read again. When it no longer has the bytes the run read
//!   (someone edited, replaced or removed it meanwhile), it is left alone and reported
//!   as changed during the run. A file that already has the new text (another name of
//!   it was rewritten earlier in the same run) is left as it is.
//!
//! Extended attributes and ACLs are not copied to the temporary file.

use crate::walk::{io_reason, normalize};
pub use gdr_driver::files::{relative_to, NotWritten};
use ignore::WalkBuilder;
use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// What an in-place replacement did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// The new text was written.
    Written,
    /// The file had the new text already: another name of it (a hard link, or a
    /// symlink also named) was rewritten earlier in the run.
    AlreadyCurrent,
}

fn failed(path: &Path, what: &str, e: &std::io::Error) -> NotWritten {
    NotWritten::Failed(format!(
        "cannot write `{}`: {what}{}",
        path.display(),
        io_reason(e)
    ))
}

/// `failed`, except that a file that is gone was removed during the run.
fn gone_or_failed(path: &Path, what: &str, e: &std::io::Error) -> NotWritten {
    if e.kind() == std::io::ErrorKind::NotFound {
        NotWritten::Changed(path.to_path_buf())
    } else {
        failed(path, what, e)
    }
}

/// The directory a file is in (`.` for a bare name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Replace the file at `path`, whose bytes the run read as `read`, with `new`, in
/// place: see the module documentation for symlinks, hard links, owner and mode,
/// and the guard against changes made during the run.
pub fn replace_in_place(path: &Path, new: &[u8], read: &[u8]) -> Result<Replaced, NotWritten> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)
            .map_err(|e| gone_or_failed(path, "cannot follow the symlink: ", &e))?,
        Ok(_) => path.to_path_buf(),
        Err(e) => return Err(gone_or_failed(path, "", &e)),
    };
    let meta = std::fs::metadata(&target).map_err(|e| gone_or_failed(path, "", &e))?;
    if !meta.is_file() {
        return Err(NotWritten::Failed(format!(
            "cannot write `{}`: not a regular file",
            path.display()
        )));
    }
    if links(&meta) > 1 {
        return through_inode(path, &target, new, read);
    }
    match by_rename(path, &target, &meta, new, read)? {
        ByRename::Done(replaced) => Ok(replaced),
        ByRename::KeepInode => through_inode(path, &target, new, read),
    }
}

/// What the file at the path has now, compared with what the run read.
enum Now {
    AsRead,
    New,
    Changed,
}

/// Read `file` (from its current position: the start) and compare.
fn compare(file: &mut File, read: &[u8], new: &[u8]) -> std::io::Result<Now> {
    let len = file.metadata()?.len();
    if len != read.len() as u64 && len != new.len() as u64 {
        return Ok(Now::Changed);
    }
    let mut now = Vec::with_capacity(read.len().max(new.len()));
    file.read_to_end(&mut now)?;
    Ok(if now == read {
        Now::AsRead
    } else if now == new {
        Now::New
    } else {
        Now::Changed
    })
}

enum ByRename {
    Done(Replaced),
    /// Write through the file's inode instead: it has another name now, or the
    /// temporary file cannot be given its owner.
    KeepInode,
}

/// Replace `target` (shown as `shown`) by renaming a temporary file over it.
fn by_rename(
    shown: &Path,
    target: &Path,
    meta: &Metadata,
    new: &[u8],
    read: &[u8],
) -> Result<ByRename, NotWritten> {
    let fail = |what: &str, e: &std::io::Error| failed(shown, what, e);
    let mut tmp = tempfile::Builder::new()
        .prefix(".go-defer-rewriter-")
        .suffix(".tmp")
        .tempfile_in(parent_dir(target))
        .map_err(|e| fail("cannot create a temporary file beside it: ", &e))?;
    tmp.write_all(new).map_err(|e| fail("", &e))?;
    match keep_owner_and_mode(tmp.as_file(), meta) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Ok(ByRename::KeepInode)
        }
        Err(e) => return Err(fail("cannot give the new file its owner and mode: ", &e)),
    }
    tmp.as_file().sync_all().map_err(|e| fail("", &e))?;
    // The guard, as late as it can be: the rename follows at once. (The path is
    // opened again: an editor that saves by renaming puts a new inode there.)
    let mut now = File::open(target).map_err(|e| gone_or_failed(shown, "", &e))?;
    let now_meta = now.metadata().map_err(|e| fail("", &e))?;
    match compare(&mut now, read, new).map_err(|e| fail("cannot read it again: ", &e))? {
        Now::Changed => return Err(NotWritten::Changed(shown.to_path_buf())),
        Now::New => return Ok(ByRename::Done(Replaced::AlreadyCurrent)),
        Now::AsRead => {}
    }
    drop(now);
    if links(&now_meta) > 1 {
        return Ok(ByRename::KeepInode);
    }
    if owner_and_mode(&now_meta) != owner_and_mode(meta) {
        // Changed meanwhile (chmod, chown, or a new inode with the same text).
        match keep_owner_and_mode(tmp.as_file(), &now_meta) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Ok(ByRename::KeepInode)
            }
            Err(e) => return Err(fail("cannot give the new file its owner and mode: ", &e)),
        }
    }
    tmp.persist(target).map_err(|e| fail("", &e.error))?;
    Ok(ByRename::Done(Replaced::Written))
}

/// Write `new` through the inode of `target` (shown as `shown`), its original kept in
/// a backup file beside it until the new text is written and synced.
fn through_inode(
    shown: &Path,
    target: &Path,
    new: &[u8],
    read: &[u8],
) -> Result<Replaced, NotWritten> {
    let fail = |what: &str, e: &std::io::Error| failed(shown, what, e);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Named after the file and not ending in `.go`, so that one left by a crash is
    // found beside it and never walked as Go source.
    let mut backup = tempfile::Builder::new()
        .prefix(&format!("{name}."))
        .suffix(".go-defer-rewriter-backup")
        .tempfile_in(parent_dir(target))
        .map_err(|e| fail("cannot create a backup file beside it: ", &e))?;
    backup
        .write_all(read)
        .and_then(|()| backup.as_file().sync_all())
        .map_err(|e| fail("cannot write a backup file beside it: ", &e))?;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(target)
        .map_err(|e| gone_or_failed(shown, "", &e))?;
    // The guard, right before the write.
    match compare(&mut file, read, new).map_err(|e| fail("cannot read it again: ", &e))? {
        Now::Changed => return Err(NotWritten::Changed(shown.to_path_buf())),
        Now::New => return Ok(Replaced::AlreadyCurrent),
        Now::AsRead => {}
    }
    let Err(e) = overwrite(&mut file, new) else {
        // Written and synced: the backup is removed as it drops.
        return Ok(Replaced::Written);
    };
    match overwrite(&mut file, read) {
        Ok(()) => Err(NotWritten::Failed(format!(
            "cannot write `{}`: {}; its original content was restored",
            shown.display(),
            io_reason(&e)
        ))),
        Err(_) => {
            let kept = match backup.keep() {
                Ok((_, path)) => path.display().to_string(),
                Err(k) => k.file.path().display().to_string(),
            };
            Err(NotWritten::Failed(format!(
                "cannot write `{}`: {}; its original content is in `{kept}`",
                shown.display(),
                io_reason(&e)
            )))
        }
    }
}

/// Make `file` hold exactly `bytes`, synced.
fn overwrite(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

#[cfg(unix)]
fn links(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_meta: &Metadata) -> u64 {
    1
}

#[cfg(unix)]
fn owner_and_mode(meta: &Metadata) -> (u32, u32, u32) {
    use std::os::unix::fs::MetadataExt;
    (meta.uid(), meta.gid(), meta.mode() & 0o7777)
}

#[cfg(not(unix))]
fn owner_and_mode(meta: &Metadata) -> bool {
    meta.permissions().readonly()
}

/// Give `file` the owner, group and mode of `meta`. Denied (not the right to chown
/// to that owner) is `PermissionDenied`.
#[cfg(unix)]
fn keep_owner_and_mode(file: &File, meta: &Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mine = file.metadata()?;
    if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
        std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()))?;
    }
    // After the owner: chown clears the set-user-ID and set-group-ID bits.
    file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, meta: &Metadata) -> std::io::Result<()> {
    file.set_permissions(meta.permissions())
}

/// Write `text` to `dest` (a file of the `--output` tree) atomically: a temporary
/// file in the same directory, with the mode of `perms_from`, renamed over `dest`.
pub fn write_new(dest: &Path, text: &str, perms_from: &Path) -> Result<(), NotWritten> {
    let fail = |what: &str, e: &std::io::Error| failed(dest, what, e);
    // Replace the file a symlink points to, not the link.
    let dest_real = match std::fs::symlink_metadata(dest) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(dest).map_err(|e| fail("", &e))?
        }
        _ => dest.to_path_buf(),
    };
    let perms = std::fs::metadata(perms_from)
        .map_err(|e| fail("", &e))?
        .permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".go-defer-rewriter-")
        .suffix(".tmp")
        .tempfile_in(parent_dir(&dest_real))
        .map_err(|e| fail("cannot create a temporary file beside it: ", &e))?;
    tmp.write_all(text.as_bytes()).map_err(|e| fail("", &e))?;
    tmp.as_file().sync_all().map_err(|e| fail("", &e))?;
    tmp.as_file()
        .set_permissions(perms)
        .map_err(|e| fail("cannot set permissions: ", &e))?;
    tmp.persist(&dest_real).map_err(|e| fail("", &e.error))?;
    Ok(())
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

/// The CLI's writer of fixed files for the driver: in place with
/// [`replace_in_place`], or new files of `--output`'s tree with [`write_new`].
pub struct Disk;

impl gdr_driver::files::Writer for Disk {
    fn replace(&self, path: &Path, new: &[u8], read: &[u8]) -> Result<(), NotWritten> {
        replace_in_place(path, new, read).map(|_| ())
    }

    fn create(&self, dest: &Path, text: &str, perms_from: &Path) -> Result<(), NotWritten> {
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                NotWritten::Failed(format!(
                    "cannot create `{}`: {}",
                    parent.display(),
                    io_reason(&e)
                ))
            })?;
        }
        write_new(dest, text, perms_from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "package p\n\nfunc f() { defer g() }\n";
    const NEW: &str = "package p\n\nfunc f() { g() }\n";

    /// A directory with `a.go` holding OLD.
    fn dir_with_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.go");
        std::fs::write(&path, OLD).expect("write");
        (dir, path)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_changed_after_it_was_read_is_left_alone() {
        // Edited in place, replaced by another file (an editor's atomic save), or
        // removed: each is left as the person left it.
        type Edit = fn(&Path);
        let edits: [(&str, Edit); 3] = [
            ("edited", |p| {
                std::fs::write(p, format!("{OLD}// mine\n")).expect("edit")
            }),
            ("replaced", |p| {
                let other = p.with_file_name("other");
                std::fs::write(&other, format!("{OLD}// mine\n")).expect("write");
                std::fs::rename(&other, p).expect("rename");
            }),
            ("removed", |p| std::fs::remove_file(p).expect("remove")),
        ];
        for (what, edit) in edits {
            let (dir, path) = dir_with_file();
            let read = std::fs::read(&path).expect("read");
            edit(&path);
            let after_edit = std::fs::read(&path).ok();
            let err = replace_in_place(&path, NEW.as_bytes(), &read).expect_err(what);
            assert_eq!(err, NotWritten::Changed(path.clone()), "{what}");
            assert_eq!(err.reason(), "changed during the run");
            assert!(err.message().contains("changed during the run"), "{what}");
            assert_eq!(std::fs::read(&path).ok(), after_edit, "{what}");
            let left: Vec<String> = names(dir.path());
            let want: Vec<String> = if what == "removed" {
                vec![]
            } else {
                vec!["a.go".to_string()]
            };
            assert_eq!(left, want, "{what}: no temporary or backup file is left");
        }
    }

    #[test]
    fn a_hard_linked_file_changed_after_it_was_read_is_left_alone() {
        let (dir, path) = dir_with_file();
        std::fs::hard_link(&path, dir.path().join("b.go")).expect("link");
        let read = std::fs::read(&path).expect("read");
        std::fs::write(&path, "package p\n").expect("edit");
        let err = replace_in_place(&path, NEW.as_bytes(), &read).expect_err("changed");
        assert_eq!(err, NotWritten::Changed(path.clone()));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "package p\n");
        assert_eq!(names(dir.path()), ["a.go", "b.go"]);
    }

    #[test]
    fn an_unchanged_file_is_replaced_and_one_already_rewritten_is_left() {
        let (dir, path) = dir_with_file();
        let read = std::fs::read(&path).expect("read");
        assert_eq!(
            replace_in_place(&path, NEW.as_bytes(), &read),
            Ok(Replaced::Written)
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), NEW);
        // Another name of the same file, read before the first was rewritten.
        assert_eq!(
            replace_in_place(&path, NEW.as_bytes(), &read),
            Ok(Replaced::AlreadyCurrent)
        );
        assert_eq!(names(dir.path()), ["a.go"]);
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_stay_one_file() {
        use std::os::unix::fs::MetadataExt;
        let (dir, path) = dir_with_file();
        let other = dir.path().join("b.txt");
        std::fs::hard_link(&path, &other).expect("link");
        let ino = std::fs::metadata(&path).expect("stat").ino();
        assert_eq!(
            replace_in_place(&path, NEW.as_bytes(), OLD.as_bytes()),
            Ok(Replaced::Written)
        );
        for p in [&path, &other] {
            let meta = std::fs::metadata(p).expect("stat");
            assert_eq!((meta.ino(), meta.nlink()), (ino, 2), "{}", p.display());
            assert_eq!(std::fs::read_to_string(p).expect("read"), NEW);
        }
        assert_eq!(
            names(dir.path()),
            ["a.go", "b.txt"],
            "the backup is removed"
        );
        // A shorter text leaves nothing of the longer one behind.
        assert_eq!(
            replace_in_place(&path, b"package p\n", NEW.as_bytes()),
            Ok(Replaced::Written)
        );
        assert_eq!(
            std::fs::read_to_string(&other).expect("read"),
            "package p\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_stays_a_link() {
        let (dir, path) = dir_with_file();
        let link = dir.path().join("link.go");
        std::os::unix::fs::symlink("a.go", &link).expect("symlink");
        assert_eq!(
            replace_in_place(&link, NEW.as_bytes(), OLD.as_bytes()),
            Ok(Replaced::Written)
        );
        assert!(std::fs::symlink_metadata(&link)
            .expect("stat")
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read_link(&link).expect("readlink"),
            Path::new("a.go")
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), NEW);
    }

    #[cfg(unix)]
    #[test]
    fn the_mode_is_kept_with_its_special_bits() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, path) = dir_with_file();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o2751)).expect("chmod");
        replace_in_place(&path, NEW.as_bytes(), OLD.as_bytes()).expect("written");
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
        assert_eq!(mode & 0o7777, 0o2751);
    }

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
