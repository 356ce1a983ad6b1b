//! End-to-end: what the binary does with bad input. Errors exit 2 and name the path or key.

mod support;

use support::Tree;

#[test]
fn unknown_config_key_names_the_key_and_its_line() {
    let tree = Tree::copy("clean");
    tree.write(
        "defer-rewriter.toml",
        "skip_test_files = true\n[explicit-call]\npaterns = [\"$X.Unlock()\"]\n",
    );
    let run = tree.run(&["--mode", "analyze", "./..."]).expect(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("unknown field `paterns`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("defer-rewriter.toml:3:1"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("unknown_config_key", run.stderr);

    // --no-config skips it; --config names another file.
    tree.run(&["--mode", "analyze", "--no-config", "./..."])
        .expect(0);
    tree.write("ok.toml", "skip_test_files = true\n");
    tree.run(&["--mode", "analyze", "--config", "ok.toml", "./..."])
        .expect(0);
}

#[test]
fn bad_config_given_with_config_flag() {
    let tree = Tree::copy("clean");
    tree.write("bad.toml", "[explicit-call]\npatterns = [\"mu.Unlock\"]\n");
    let run = tree.run(&["--config", "bad.toml", "./..."]).expect(2);
    assert!(run.stderr.contains("bad.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("mu.Unlock"), "{}", run.stderr);

    let run = tree.run(&["--config", "missing.toml", "./..."]).expect(2);
    assert!(run.stderr.contains("missing.toml"), "{}", run.stderr);
}

#[test]
fn bad_pattern_exits_2_naming_it() {
    let tree = Tree::copy("basic");
    let before = tree.files();
    let run = tree.run(&["--pattern", "mu.Unlock", "./..."]).expect(2);
    assert!(
        run.stderr
            .contains("--pattern: invalid pattern `mu.Unlock`"),
        "{}",
        run.stderr
    );
    assert_eq!(tree.files(), before);
}

#[test]
fn bad_exclude_glob_exits_2_naming_it() {
    let tree = Tree::copy("clean");
    let run = tree.run(&["--exclude", "a/[b", "./..."]).expect(2);
    assert!(run.stderr.contains("a/[b"), "{}", run.stderr);
}

#[test]
fn nonexistent_path_exits_2_naming_it() {
    let tree = Tree::copy("basic");
    let before = tree.files();
    let run = tree.run(&["p", "does/not/exist/..."]).expect(2);
    assert_eq!(
        run.stderr.trim(),
        "error: cannot read `does/not/exist`: No such file or directory"
    );
    assert_eq!(
        tree.files(),
        before,
        "nothing is written when a path is wrong"
    );
}

#[test]
fn bad_flags_exit_2() {
    let tree = Tree::copy("clean");
    tree.run(&["--mode", "fast"]).expect(2);
    tree.run(&["--dry-run", "--output", "x"]).expect(2);
    let run = tree.run(&["--mode", "analyze", "--output", "x"]).expect(2);
    assert!(
        run.stderr
            .contains("--output cannot be used with --mode analyze"),
        "{}",
        run.stderr
    );
    let run = tree.run(&["--output", "../x", ".", "."]).expect(2);
    assert!(
        run.stderr.contains("exactly one input directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn race_without_a_mode_that_uses_it_exits_2() {
    let tree = Tree::copy("clean");
    for args in [
        &["--race", "."][..],
        &["--race", "--mode", "analyze", "."],
        &["--race", "--statistics", "--dry-run", "."],
    ] {
        let run = tree.run(args).expect(2);
        assert!(
            run.stderr.contains("--race goes with --list-defers"),
            "{args:?}: {}",
            run.stderr
        );
    }
    tree.run(&["--race", "--list-defers", "."]).expect(0);
    assert_eq!(
        tree.run(&["--race", "--statistics", "--mode", "analyze", "."])
            .code,
        tree.run(&["--statistics", "--mode", "analyze", "."]).code
    );
}

#[test]
fn non_utf8_file_is_reported_and_the_rest_is_still_rewritten() {
    let tree = Tree::copy("basic");
    let mut bytes = b"package p\n\n// caf\xe9\nfunc f() { defer g() }\n".to_vec();
    bytes.extend_from_slice(b"func g() {}\n");
    tree.write("p/latin1.go", &bytes);
    let run = tree.run(&["./..."]).expect(2);
    assert!(
        run.stderr
            .contains("`p/latin1.go` is not valid UTF-8 at 3:7 (byte 17); skipped"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(tree.path("p/latin1.go")).unwrap(), bytes);
    // --list-defers says where too.
    let run = tree.run(&["--list-defers", "p/latin1.go"]).expect(2);
    assert!(
        run.stderr.contains("is not valid UTF-8 at 3:7 (byte 17)"),
        "{}",
        run.stderr
    );
    assert!(!tree.read("p/counter.go").contains("defer"));
}

#[cfg(unix)]
#[test]
fn unreadable_file_exits_2_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let tree = Tree::copy("basic");
    let path = tree.path("p/counter.go");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running with privileges that ignore file modes: nothing to test.
        return;
    }
    let run = tree.run(&["./..."]).expect(2);
    assert!(
        run.stderr.contains("cannot read `p/counter.go`"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_needs_a_directory() {
    let tree = Tree::copy("basic");
    let run = tree.run(&["--output", "../out", "p/counter.go"]).expect(2);
    assert!(
        run.stderr.contains("`p/counter.go` is a file"),
        "{}",
        run.stderr
    );
}

/// A config whose `[rules]` entries name no rule: exit 2 before anything is read or
/// written, with the entry pointed at and the nearest rule suggested.
fn config_typo(toml: &str, snapshot: &str) {
    let tree = Tree::copy("basic");
    tree.write("defer-rewriter.toml", toml);
    let before = tree.files();
    let run = tree.run(&["./..."]).expect(2);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(snapshot, run.stderr);
    assert_eq!(tree.files(), before, "nothing is written");
}

#[test]
fn a_typo_in_the_config_select_exits_2_pointing_at_it() {
    config_typo(
        "[rules]\nselect = [\"explicit-cal\"]\n",
        "config_select_typo",
    );
    // A code that is no rule: the codes are listed.
    config_typo(
        "[rules]\nselect = [\"DR999\"]\n",
        "config_select_unknown_code",
    );
}

#[test]
fn a_typo_in_the_config_ignore_exits_2_pointing_at_it() {
    // Every bad entry is reported, not only the first; a prefix selects nothing.
    config_typo(
        "[rules]\nselect = [\"ALL\"]\nignore = [\"DR005\", \"defer-in-lop\", \"DR00\"]\n",
        "config_ignore_typo",
    );
}

#[test]
fn a_typo_in_the_select_or_ignore_flag_exits_2_naming_the_flag() {
    let tree = Tree::copy("basic");
    let before = tree.files();
    let run = tree
        .run(&["--select", "DR001,explicit-cal", "./..."])
        .expect(2);
    insta::assert_snapshot!("flag_select_typo", run.stderr);
    let run = tree.run(&["--ignore", "DR0005", "./..."]).expect(2);
    insta::assert_snapshot!("flag_ignore_typo", run.stderr);
    assert_eq!(tree.files(), before, "nothing is written");

    // Codes in any case, names and ALL are rules; --select replaces the config's
    // select, --ignore adds to its ignore.
    tree.write("defer-rewriter.toml", "[rules]\nselect = [\"DR005\"]\n");
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--select",
            "dr001,explicit-call",
            "./...",
        ])
        .expect(1);
    assert!(
        run.summary().contains("would rewrite 2 safe"),
        "{}",
        run.summary()
    );
    tree.run(&[
        "--mode", "analyze", "--select", "ALL", "--ignore", "DR001", "./...",
    ])
    .expect(0);
}
