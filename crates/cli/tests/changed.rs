//! `--changed-since REV`: only the packages with Go files changed since a git
//! revision are checked (issue #21). Each test builds its own git repository.

mod support;

use std::path::Path;
use std::process::Command;
use support::{run_in, write, LOCKED_COUNTER};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@localhost"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A module with packages a, b and c, each with one rewritable defer, committed.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "go.mod", "module example.com/m\n\ngo 1.22\n");
    for p in ["a", "b", "c"] {
        write(
            root,
            &format!("{p}/{p}.go"),
            &format!("package {p}\n\n{LOCKED_COUNTER}"),
        );
    }
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "init"]);
    tmp
}

/// The files named in a concise analyze run's findings.
fn checked(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--mode", "analyze", "--format", "concise"];
    all.extend_from_slice(args);
    let run = run_in(dir, &all);
    assert!(run.code <= 1, "exit {}: {}", run.code, run.stderr);
    let mut files: Vec<String> = run
        .stdout
        .lines()
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect();
    files.dedup();
    files
}

#[test]
fn only_packages_with_changes_are_checked() {
    let tmp = repo();
    let root = tmp.path();
    assert_eq!(
        checked(root, &["./..."]),
        ["a/a.go", "b/b.go", "c/c.go"],
        "without the flag every package is checked"
    );
    assert!(
        checked(root, &["--changed-since", "HEAD", "./..."]).is_empty(),
        "nothing changed"
    );

    // A modified file (not staged), a staged one, an untracked file in a
    // directory of its own: their packages, and only those.
    write(
        root,
        "a/a.go",
        &format!("package a\n\n{LOCKED_COUNTER}\n// edited\n"),
    );
    write(root, "d/d.go", &format!("package d\n\n{LOCKED_COUNTER}"));
    assert_eq!(
        checked(root, &["--changed-since", "HEAD", "./..."]),
        ["a/a.go", "d/d.go"]
    );
    git(root, &["add", "a/a.go"]);
    assert_eq!(
        checked(root, &["--changed-since", "HEAD", "./..."]),
        ["a/a.go", "d/d.go"]
    );

    // Committed changes count against an older revision, not against HEAD.
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "edit"]);
    assert!(checked(root, &["--changed-since", "HEAD", "./..."]).is_empty());
    assert_eq!(
        checked(root, &["--changed-since", "HEAD~1", "./..."]),
        ["a/a.go", "d/d.go"]
    );

    // A new file in b checks the whole package b, its old file too.
    write(root, "b/more.go", "package b\n\nfunc More() {}\n");
    assert_eq!(
        checked(root, &["--changed-since", "HEAD", "./..."]),
        ["b/b.go"]
    );

    // An ignored file does not count.
    std::fs::remove_file(root.join("b/more.go")).unwrap();
    write(root, ".gitignore", "gen/\n");
    git(root, &["add", ".gitignore"]);
    git(root, &["commit", "-qm", "ignore"]);
    write(
        root,
        "c/gen/g.go",
        &format!("package gen\n\n{LOCKED_COUNTER}"),
    );
    assert!(checked(root, &["--changed-since", "HEAD", "./..."]).is_empty());
}

#[test]
fn the_repository_is_found_from_the_walked_path_not_the_working_directory() {
    let tmp = repo();
    let root = tmp.path();
    write(
        root,
        "c/c.go",
        &format!("package c\n\n{LOCKED_COUNTER}\n// edited\n"),
    );
    let outside = tempfile::tempdir().unwrap();
    let arg = format!("{}/...", root.display());
    let files = checked(outside.path(), &["--changed-since", "HEAD", &arg]);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("c/c.go"), "{files:?}");
}

#[test]
fn a_rewrite_touches_only_changed_packages() {
    let tmp = repo();
    let root = tmp.path();
    write(
        root,
        "b/b.go",
        &format!("package b\n\n{LOCKED_COUNTER}\n// edited\n"),
    );
    run_in(root, &["--changed-since", "HEAD", "--quiet", "./..."]).expect(0);
    let b = std::fs::read_to_string(root.join("b/b.go")).unwrap();
    assert!(!b.contains("defer"), "{b}");
    for p in ["a", "c"] {
        let text = std::fs::read_to_string(root.join(format!("{p}/{p}.go"))).unwrap();
        assert!(text.contains("defer c.mu.Unlock()"), "{p} was rewritten");
    }
}

#[test]
fn an_unknown_revision_is_an_error() {
    let tmp = repo();
    let run = run_in(
        tmp.path(),
        &[
            "--mode",
            "analyze",
            "--changed-since",
            "no-such-branch",
            "./...",
        ],
    )
    .expect(2);
    assert!(
        run.stderr
            .contains("--changed-since: unknown revision `no-such-branch`"),
        "{}",
        run.stderr
    );
    let run = run_in(
        tmp.path(),
        &["--mode", "analyze", "--changed-since=--all", "./..."],
    )
    .expect(2);
    assert!(run.stderr.contains("is not a revision"), "{}", run.stderr);
}

#[test]
fn outside_a_git_repository_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "go.mod", "module example.com/m\n\ngo 1.22\n");
    write(
        tmp.path(),
        "a/a.go",
        &format!("package a\n\n{LOCKED_COUNTER}"),
    );
    let run = run_in(
        tmp.path(),
        &["--mode", "analyze", "--changed-since", "HEAD", "./..."],
    )
    .expect(2);
    assert!(
        run.stderr.contains("is not inside a git repository"),
        "{}",
        run.stderr
    );
    // Nothing was rewritten on the way.
    let a = std::fs::read_to_string(tmp.path().join("a/a.go")).unwrap();
    assert!(a.contains("defer"));
}
