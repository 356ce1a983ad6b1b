//! The result cache (issue #21): reused reports are byte for byte what a fresh
//! check prints; an edit re-checks its package and the packages whose proofs read
//! it; settings, the executable and plugins are part of the key; damaged entries
//! are ignored; two runs can share a cache.

mod support;

use std::path::{Path, PathBuf};
use support::{
    binary, files_of, plugin, plugin_entry, run_in, run_with, write, Run, LOCKED_COUNTER,
};

/// A module: `a` calls `b.Get` while its lock is held (so that a's proof reads
/// b's code), `b` and `c` stand alone. Each has a rewritable defer.
fn module(root: &Path) {
    write(root, "go.mod", "module example.com/m\n\ngo 1.22\n");
    write(
        root,
        "a/a.go",
        "package a\n\nimport (\n\t\"sync\"\n\n\t\"example.com/m/b\"\n)\n\ntype A struct {\n\tmu sync.Mutex\n\tv  int\n}\n\nfunc (a *A) Load() {\n\ta.mu.Lock()\n\tdefer a.mu.Unlock()\n\ta.v = b.Get()\n}\n",
    );
    write(
        root,
        "b/b.go",
        &format!("package b\n\n{LOCKED_COUNTER}\nfunc Get() int {{ return 1 }}\n"),
    );
    write(root, "c/c.go", &format!("package c\n\n{LOCKED_COUNTER}"));
}

/// `(reused, checked)` from the `cache:` line of `--statistics`.
fn counts(run: &Run) -> (usize, usize) {
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("cache: "))
        .unwrap_or_else(|| panic!("no cache line in\n{}", run.stderr));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (numbers[0], numbers[1])
}

fn analyze(root: &Path, cache: &Path, extra: &[&str]) -> Run {
    let cache = cache.to_string_lossy().to_string();
    let mut args = vec![
        "--mode",
        "analyze",
        "--statistics",
        "--cache-dir",
        cache.as_str(),
    ];
    args.extend_from_slice(extra);
    args.push("./...");
    let run = run_in(root, &args);
    assert!(run.code <= 1, "exit {}: {}", run.code, run.stderr);
    run
}

/// An analyze run in `format` without the cache: what a reused report must equal.
fn uncached(root: &Path, format: &str) -> Run {
    run_in(
        root,
        &[
            "--mode",
            "analyze",
            "--format",
            format,
            "--no-cache",
            "./...",
        ],
    )
}

#[test]
fn a_second_run_prints_the_same_bytes_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("m");
    module(&root);
    let cache = tmp.path().join("cache");
    let cache_arg = cache.to_string_lossy().to_string();
    for format in ["text", "concise", "jsonl", "json", "sarif", "github"] {
        let fresh = uncached(&root, format);
        let with = |_: usize| {
            run_in(
                &root,
                &[
                    "--mode",
                    "analyze",
                    "--format",
                    format,
                    "--cache-dir",
                    &cache_arg,
                    "./...",
                ],
            )
        };
        let (first, second) = (with(1), with(2));
        for run in [&first, &second] {
            assert_eq!(run.code, fresh.code, "{format}");
            assert_eq!(run.stdout, fresh.stdout, "{format}: stdout");
            assert_eq!(run.stderr, fresh.stderr, "{format}: stderr");
        }
        assert!(!fresh.stdout.is_empty(), "{format}: nothing to compare");
    }
    // --dry-run's diffs too.
    let fresh = run_in(&root, &["--dry-run", "--no-cache", "./..."]);
    let second = {
        run_in(&root, &["--dry-run", "--cache-dir", &cache_arg, "./..."]);
        run_in(&root, &["--dry-run", "--cache-dir", &cache_arg, "./..."])
    };
    assert!(fresh.stdout.contains("+++ b/a/a.go"), "{}", fresh.stdout);
    assert_eq!(second.stdout, fresh.stdout);
    assert_eq!(second.stderr, fresh.stderr);
    // Nothing was written in the tree: no cache there, no file rewritten.
    assert!(!root.join(".defer-rewriter-cache").exists());
    assert!(std::fs::read_to_string(root.join("c/c.go"))
        .unwrap()
        .contains("defer"));
}

#[test]
fn an_edit_rechecks_its_package_and_those_whose_proofs_read_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("m");
    module(&root);
    let cache = tmp.path().join("cache");
    assert_eq!(
        counts(&analyze(&root, &cache, &["--format", "jsonl"])),
        (0, 3)
    );
    let warm = analyze(&root, &cache, &["--format", "jsonl"]);
    assert_eq!(counts(&warm), (3, 0));

    // c stands alone: only c.
    write(
        &root,
        "c/c.go",
        &format!("package c\n\n{LOCKED_COUNTER}\n// edited\n"),
    );
    assert_eq!(
        counts(&analyze(&root, &cache, &["--format", "jsonl"])),
        (2, 1)
    );
    // a's proof read b's Get: an edit of b re-checks a and b, and a's
    // finding changes with it (Get may now panic).
    let before = analyze(&root, &cache, &["--format", "jsonl"]);
    write(
        &root,
        "b/b.go",
        &format!("package b\n\n{LOCKED_COUNTER}\nfunc Get() int {{ panic(\"no\") }}\n"),
    );
    let after = analyze(&root, &cache, &["--format", "jsonl"]);
    assert_eq!(counts(&after), (1, 2));
    let fresh = uncached(&root, "jsonl");
    assert_eq!(after.stdout, fresh.stdout);
    assert_ne!(before.stdout, after.stdout, "b's edit changed a's proof");
    // A new file in a package counts as an edit of it.
    write(&root, "c/more.go", "package c\n");
    assert_eq!(
        counts(&analyze(&root, &cache, &["--format", "jsonl"])),
        (2, 1)
    );
    // So does go.mod.
    write(&root, "go.mod", "module example.com/m\n\ngo 1.23\n");
    assert_eq!(
        counts(&analyze(&root, &cache, &["--format", "jsonl"])),
        (0, 3)
    );
}

#[test]
fn settings_the_executable_and_plugins_are_part_of_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("m");
    module(&root);
    let cache = tmp.path().join("cache");
    analyze(&root, &cache, &[]);
    assert_eq!(counts(&analyze(&root, &cache, &[])), (3, 0));
    // A flag that changes results, and a config file.
    assert_eq!(
        counts(&analyze(&root, &cache, &["--ignore", "DR005"])),
        (0, 3)
    );
    write(&root, "defer-rewriter.toml", "unsafe_fixes = true\n");
    assert_eq!(counts(&analyze(&root, &cache, &[])), (0, 3));
    assert_eq!(counts(&analyze(&root, &cache, &[])), (3, 0));

    // Another build of the tool: a copy of the executable with a byte more.
    let exe = tmp.path().join("go-defer-rewriter");
    let mut bytes = std::fs::read(env!("CARGO_BIN_EXE_go-defer-rewriter")).unwrap();
    bytes.push(0);
    std::fs::write(&exe, &bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let cache_arg = cache.to_string_lossy().to_string();
    let args = [
        "--mode",
        "analyze",
        "--statistics",
        "--cache-dir",
        &cache_arg,
        "./...",
    ];
    let other = run_with(std::process::Command::new(&exe), &root, &args);
    assert_eq!(counts(&other), (0, 3));

    // A plugin: its library's contents, not only its path.
    let lib = tmp
        .path()
        .join(plugin("plugin-span-end").file_name().unwrap());
    std::fs::copy(plugin("plugin-span-end"), &lib).unwrap();
    write(&root, "defer-rewriter.toml", &plugin_entry(&lib, None));
    analyze(&root, &cache, &[]);
    assert_eq!(counts(&analyze(&root, &cache, &[])), (3, 0));
    let mut bytes = std::fs::read(&lib).unwrap();
    bytes.push(0);
    std::fs::write(&lib, &bytes).unwrap();
    assert_eq!(counts(&analyze(&root, &cache, &[])), (0, 3));
}

/// Every entry file under the cache directory.
fn entries(cache: &Path) -> Vec<PathBuf> {
    support::files_of(cache)
        .into_keys()
        .filter(|k| k.ends_with(".json"))
        .map(|k| cache.join(k))
        .collect()
}

#[test]
fn damaged_entries_are_ignored_and_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("m");
    module(&root);
    let cache = tmp.path().join("cache");
    let first = analyze(&root, &cache, &["--format", "jsonl"]);
    let found = entries(&cache);
    assert_eq!(found.len(), 3, "{found:?}");
    // One truncated, one garbage, one from another directory's entry.
    let whole = std::fs::read(&found[0]).unwrap();
    std::fs::write(&found[0], &whole[..whole.len() / 2]).unwrap();
    std::fs::write(&found[1], b"\xff\xfe not json").unwrap();
    std::fs::write(&found[2], &whole).unwrap();
    let second = analyze(&root, &cache, &["--format", "jsonl"]);
    assert_eq!(counts(&second), (0, 3));
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(
        counts(&analyze(&root, &cache, &["--format", "jsonl"])),
        (3, 0)
    );
}

#[test]
fn two_runs_at_once_share_a_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("m");
    module(&root);
    for i in 0..40 {
        write(
            &root,
            &format!("p{i}/p.go"),
            &format!("package p{i}\n\n{LOCKED_COUNTER}"),
        );
    }
    let cache = tmp.path().join("cache");
    let cache_arg = cache.to_string_lossy().to_string();
    let fresh = uncached(&root, "jsonl");
    for _round in 0..2 {
        let spawn = || {
            binary()
                .args([
                    "--mode",
                    "analyze",
                    "--format",
                    "jsonl",
                    "--cache-dir",
                    &cache_arg,
                    "./...",
                ])
                .current_dir(&root)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (one, two) = (spawn(), spawn());
        for child in [one, two] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(1));
            assert_eq!(String::from_utf8(out.stdout).unwrap(), fresh.stdout);
        }
    }
    assert_eq!(entries(&cache).len(), 43);
}

#[test]
fn no_cache_and_a_bad_cache_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("m");
    module(&root);
    let cache = tmp.path().join("cache");
    let run = run_with(
        {
            let mut c = binary();
            c.env("XDG_CACHE_HOME", &cache);
            c
        },
        &root,
        &["--mode", "analyze", "--statistics", "--no-cache", "./..."],
    );
    assert!(!run.stderr.contains("cache: "), "{}", run.stderr);
    assert!(!cache.exists(), "--no-cache wrote a cache");
    // Without --cache-dir: $XDG_CACHE_HOME/go-defer-rewriter/results.
    let mut c = binary();
    c.env("XDG_CACHE_HOME", &cache);
    run_with(c, &root, &["--mode", "analyze", "./..."]);
    assert_eq!(
        entries(&cache.join("go-defer-rewriter/results")).len(),
        3,
        "the default place"
    );
    // `[cache] enabled = false` in the config.
    write(&root, "defer-rewriter.toml", "[cache]\nenabled = false\n");
    let run = run_in(&root, &["--mode", "analyze", "--statistics", "./..."]);
    assert!(!run.stderr.contains("cache: "), "{}", run.stderr);
    // A cache directory that cannot be made is an error when named.
    write(&root, "defer-rewriter.toml", "");
    write(tmp.path(), "file", "");
    let bad = tmp.path().join("file").join("cache");
    let run = run_in(
        &root,
        &[
            "--mode",
            "analyze",
            "--cache-dir",
            &bad.to_string_lossy(),
            "./...",
        ],
    )
    .expect(2);
    assert!(run.stderr.contains("cache directory"), "{}", run.stderr);
    // --mode verify (which checks the fixed text itself) neither reads nor
    // writes it.
    let unused = tmp.path().join("unused");
    let run = run_in(
        &root,
        &[
            "--mode",
            "verify",
            "--cache-dir",
            &unused.to_string_lossy(),
            "--quiet",
            "./...",
        ],
    );
    assert!(run.code <= 1, "exit {}: {}", run.code, run.stderr);
    assert!(!unused.exists(), "verify made a cache");
}

#[test]
fn an_import_that_comes_to_resolve_or_resolves_elsewhere_rechecks_its_importer() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("m");
    module(&root);
    let cache = tmp.path().join("cache");
    let fresh = || uncached(&root, "jsonl");
    // b is not there: a's import resolves nowhere, and no edge is followed.
    std::fs::rename(root.join("b"), tmp.path().join("v1")).unwrap();
    analyze(&root, &cache, &["--format", "jsonl"]);
    // b comes: a is checked again (its proof now reads b's Get).
    std::fs::rename(tmp.path().join("v1"), root.join("b")).unwrap();
    let after = analyze(&root, &cache, &["--format", "jsonl"]);
    assert_eq!(counts(&after), (1, 2));
    assert_eq!(after.stdout, fresh().stdout);
    assert!(after.stdout.contains("\"safe\""), "{}", after.stdout);

    // b is a symbolic link, then pointed at another directory whose Get panics:
    // the first target is unchanged, but a's import resolves elsewhere.
    std::fs::rename(root.join("b"), tmp.path().join("v1")).unwrap();
    write(
        tmp.path(),
        "v2/b.go",
        &format!("package b\n\n{LOCKED_COUNTER}\nfunc Get() int {{ panic(\"no\") }}\n"),
    );
    std::os::unix::fs::symlink(tmp.path().join("v1"), root.join("b")).unwrap();
    let before = analyze(&root, &cache, &["--format", "jsonl"]);
    std::fs::remove_file(root.join("b")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("v2"), root.join("b")).unwrap();
    let after = analyze(&root, &cache, &["--format", "jsonl"]);
    assert_eq!(after.stdout, fresh().stdout);
    assert_ne!(before.stdout, after.stdout, "a's proof read v2's Get");
}

#[test]
fn a_run_that_writes_reuses_only_packages_with_nothing_to_write() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("m");
    module(&root);
    // d has a defer and nothing to rewrite.
    write(
        &root,
        "d/d.go",
        "package d\n\nimport \"sync\"\n\nfunc F(wg *sync.WaitGroup) int {\n\tdefer wg.Done()\n\treturn 1\n}\n",
    );
    let pristine = files_of(&root);
    let cache = tmp.path().join("cache");
    let cache_arg = cache.to_string_lossy().to_string();
    let fix = |extra: &[&str]| {
        let mut args = vec!["--statistics", "--cache-dir", cache_arg.as_str()];
        args.extend_from_slice(extra);
        args.push("./...");
        let run = run_in(&root, &args);
        assert!(run.code <= 1, "exit {}: {}", run.code, run.stderr);
        run
    };

    // --output: the tree is left as it is, so an entry of a package with a fix
    // would still match. Reused, it would say "rewrote" and write nothing.
    let out = tmp.path().join("out");
    let out_arg = out.to_string_lossy().to_string();
    let first = fix(&["--output", out_arg.as_str()]);
    assert_eq!(counts(&first), (0, 4));
    let written = files_of(&out);
    assert_eq!(written.len(), 5, "{written:?}");
    std::fs::remove_dir_all(&out).unwrap();
    let second = fix(&["--output", out_arg.as_str()]);
    assert_eq!(counts(&second), (1, 3), "only d is reused");
    assert_eq!(files_of(&out), written, "every fix written again");
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(files_of(&root), pristine);

    // In place (another key): the packages rewritten change, and are checked
    // again next time; after that everything is reused, with the output of an
    // uncached run.
    let first = fix(&[]);
    assert_eq!(counts(&first), (0, 4));
    assert!(first.stderr.contains("rewrote 3"), "{}", first.stderr);
    let fixed = files_of(&root);
    assert_ne!(fixed, pristine);
    let second = fix(&[]);
    assert_eq!(counts(&second), (1, 3), "a, b and c changed");
    let third = fix(&[]);
    assert_eq!(counts(&third), (4, 0));
    assert_eq!(third.stdout, second.stdout);
    let uncached = run_in(&root, &["--statistics", "--no-cache", "./..."]);
    assert_eq!(third.stdout, uncached.stdout);
    let summary = |r: &Run| r.stderr.lines().last().map(str::to_string);
    assert_eq!(summary(&third), summary(&uncached));
    assert_eq!(files_of(&root), fixed, "nothing written by a reused entry");
}
