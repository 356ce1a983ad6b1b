//! End-to-end: how rewritten files are written in place. A file changed during the
//! run is left alone; owner, group, mode and hard links are kept; a symlink stays a
//! link; a rewrite that could not be written is not counted as done.

mod support;

use std::path::Path;
use support::{plugin, plugin_entry, Tree};

/// `p/counter.go` of the `basic` fixture, rewritten.
const COUNTER_REWRITTEN: &str = "package p

import \"sync\"

type S struct {
	mu sync.Mutex
	n  int
}

func (s *S) Inc() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}
";

/// A package of its own with one Safe DR001 fix (so that the file's name does not
/// clash with the declarations of `p`).
fn counter_in(package: &str) -> String {
    format!(
        "package {package}

import \"sync\"

type T struct {{
	mu sync.Mutex
	n  int
}}

func (t *T) Inc() {{
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n++
}}
"
    )
}

/// Is this test running as root (a new file is owned by uid 0)?
#[cfg(unix)]
fn is_root(tree: &Tree) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tree.tmp.path().join("probe");
    std::fs::write(&probe, "").expect("write probe");
    let root = std::fs::metadata(&probe).expect("stat probe").uid() == 0;
    std::fs::remove_file(&probe).expect("remove probe");
    root
}

#[test]
fn a_file_edited_during_the_run_is_not_overwritten() {
    // The test plugin changes `q/edited.go` (appending a line) and `r/replaced.go`
    // (renaming a new file over it) on disk while its check runs: after the run read
    // them, before it writes their rewrite. That is deterministic: the check runs
    // between the read and the write of each file.
    let tree = Tree::copy("basic");
    tree.write(
        "defer-rewriter.toml",
        plugin_entry(&plugin("gdr-test-plugin-edits"), None),
    );
    let edited = counter_in("q");
    let replaced = counter_in("r");
    tree.write("q/edited.go", &edited);
    tree.write("r/replaced.go", &replaced);
    const EDIT: &str = "// edited while the run checked this file\n";

    let run = tree.run(&["./..."]).expect(2);
    insta::assert_snapshot!("edited_during_the_run", run.stderr);
    // The person's edits are there; the rewrite of the old text is not.
    assert_eq!(tree.read("q/edited.go"), format!("{edited}{EDIT}"));
    assert_eq!(tree.read("r/replaced.go"), format!("{replaced}{EDIT}"));
    // The other files are rewritten.
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
    // No temporary file is left behind.
    assert_eq!(
        std::fs::read_dir(tree.path("q")).expect("read q").count(),
        1
    );

    // The next run rewrites the new contents (the plugin edits a file only once).
    let run = tree.run(&["./..."]).expect(0);
    assert_eq!(
        run.summary(),
        "scanned 5 files (2 with defer), 2 defers; rewrote 2 (2 safe, 0 unsafe) in 2 files; left nothing"
    );
    for file in ["q/edited.go", "r/replaced.go"] {
        let text = tree.read(file);
        assert!(!text.contains("defer"), "{file}: {text}");
        assert!(text.ends_with(EDIT), "{file}: {text}");
    }
}

#[cfg(unix)]
#[test]
fn owner_group_and_mode_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let tree = Tree::copy("basic");
    if !is_root(&tree) {
        eprintln!("skipped: giving a file to another user needs root");
        return;
    }
    let path = tree.path("p/counter.go");
    std::os::unix::fs::chown(&path, Some(1234), Some(5678)).expect("chown");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    tree.run(&["./..."]).expect(0);
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
    let meta = std::fs::metadata(&path).expect("stat");
    assert_eq!(
        (meta.uid(), meta.gid(), meta.mode() & 0o7777),
        (1234, 5678, 0o640)
    );
    assert_eq!(meta.nlink(), 1);
    assert_eq!(
        std::fs::read_dir(tree.path("p")).expect("read p").count(),
        4,
        "no temporary file is left behind"
    );
}

#[cfg(unix)]
#[test]
fn a_hard_linked_file_stays_one_file_with_the_new_text() {
    use std::os::unix::fs::MetadataExt;
    let tree = Tree::copy("basic");
    let path = tree.path("p/counter.go");
    // A second name outside the walk (not a .go file).
    let other = tree.path("counter.go.orig");
    std::fs::hard_link(&path, &other).expect("hard link");
    let ino = std::fs::metadata(&path).expect("stat").ino();
    let run = tree.run(&["./..."]).expect(0);
    assert!(
        run.summary()
            .contains("rewrote 2 (2 safe, 0 unsafe) in 2 files"),
        "{}",
        run.summary()
    );
    for p in [&path, &other] {
        let meta = std::fs::metadata(p).expect("stat");
        assert_eq!((meta.ino(), meta.nlink()), (ino, 2), "{}", p.display());
        assert_eq!(
            std::fs::read_to_string(p).expect("read"),
            COUNTER_REWRITTEN,
            "{}",
            p.display()
        );
    }
    assert_eq!(
        std::fs::read_dir(tree.path("p")).expect("read p").count(),
        4,
        "the backup is removed"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_named_on_the_command_line_rewrites_its_target() {
    let tree = Tree::copy("basic");
    let link = tree.path("counter-link.go");
    std::os::unix::fs::symlink("p/counter.go", &link).expect("symlink");
    tree.run(&["counter-link.go"]).expect(0);
    assert!(std::fs::symlink_metadata(&link)
        .expect("stat")
        .file_type()
        .is_symlink());
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
}

/// Sets the immutable attribute on a file while alive (`chattr +i`), so that even
/// root cannot replace or write it; clears it on drop so the tree can be removed.
struct Immutable<'a>(&'a Path);

impl<'a> Immutable<'a> {
    /// None when the file system or the privileges do not allow it.
    fn set(path: &'a Path) -> Option<Self> {
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .output()
            .is_ok_and(|o| o.status.success());
        let guard = Immutable(path);
        // Believe it only when a write really fails.
        (ok && std::fs::OpenOptions::new().append(true).open(path).is_err()).then_some(guard)
    }
}

impl Drop for Immutable<'_> {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(self.0)
            .status();
    }
}

#[test]
fn a_write_that_fails_is_not_counted() {
    // An immutable file (`chattr +i`): as root, permission bits would not stop the
    // write, the immutable attribute does. Skipped where it cannot be set.
    let tree = Tree::copy("basic");
    let path = tree.path("p/counter.go");
    let before = tree.read("p/counter.go");
    let Some(_immutable) = Immutable::set(&path) else {
        eprintln!("skipped: chattr +i is not available here (needs root and ext4, xfs, btrfs...)");
        return;
    };
    let run = tree
        .run(&["--show-fixes", "--statistics", "./..."])
        .expect(2);
    insta::assert_snapshot!("immutable_file", run.stderr);
    insta::assert_snapshot!("immutable_file_stdout", run.stdout);
    assert_eq!(tree.read("p/counter.go"), before);
    assert!(!tree.read("p/counter_test.go").contains("defer"));
}

#[test]
fn an_output_file_that_cannot_be_written_is_not_counted() {
    // In --output mode: the rewritten files' directory cannot be made (a file is in
    // its place), whoever runs the test.
    let tree = Tree::copy("basic");
    let out = tree.tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir out");
    std::fs::write(out.join("p"), "not a directory").expect("write out/p");
    let run = tree.run(&["--output", "../out", "."]).expect(2);
    let stderr = run.stderr.replace(&out.display().to_string(), "[OUT]");
    insta::assert_snapshot!("output_not_writable", stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("p")).expect("read out/p"),
        "not a directory"
    );
}
