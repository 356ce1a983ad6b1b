//! End-to-end: per-directory configuration. Each directory takes the nearest
//! `defer-rewriter.toml` (with what it extends); `--config` and `--no-config` take one
//! for everything; `--show-settings` says what is in force and why.
//!
//! The fixture `tests/fixtures/configs/mono` is one module with the same Go file in
//! several directories, so that the findings show which settings each one ran with:
//! `defer mu.Unlock()` is reported where the patterns have `$X.Unlock()`, and
//! `defer f.Close()` where they have `$X.Close()`.
//!
//! - `defer-rewriter.toml`: Unlock only, DR001 only, test files skipped (`plain/`).
//! - `tree-a/`: its own config, no `extend`: Close only (test files not skipped).
//! - `tree-b/`: extends the root, adds `exclude = ["gen/**"]` (`tree-b/gen/` skipped).
//! - `tree-b/nested/`: extends tree-b: Unlock and Close.
//! - `tree-b/nested/deeper/`: extends nested: Close only, test files checked.

mod support;

use std::path::{Path, PathBuf};
use support::Tree;

fn mono() -> Tree {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/configs/mono");
    Tree::copy_dir(&dir, "mono")
}

/// The findings of a concise run as (path, the deferred call).
fn findings(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .map(|l| {
            let path = l.split(':').next().unwrap_or_default().to_string();
            let call = l
                .split('`')
                .nth(1)
                .unwrap_or_else(|| panic!("no call in {l}"))
                .to_string();
            (path, call)
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn two_trees_in_one_run_use_their_own_configs() {
    let tree = mono();
    let before = tree.files();
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--format",
            "concise",
            "tree-a",
            "tree-b/...",
        ])
        .expect(1);
    assert_eq!(
        findings(&run.stdout),
        pairs(&[
            // tree-a: its own patterns (Close), none of the root's (Unlock).
            ("tree-a/a.go", "defer f.Close()"),
            // tree-b: the root's Unlock; b_test.go skipped and gen/ excluded.
            ("tree-b/b.go", "defer mu.Unlock()"),
            ("tree-b/nested/deeper/deeper.go", "defer f.Close()"),
            ("tree-b/nested/deeper/deeper_test.go", "defer f.Close()"),
            ("tree-b/nested/nested.go", "defer mu.Unlock()"),
            ("tree-b/nested/nested.go", "defer f.Close()"),
        ]),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("two_trees", run.stdout);
    assert_eq!(tree.files(), before);
}

#[test]
fn the_nearest_config_wins_and_extend_chains() {
    let tree = mono();
    let run = tree
        .run(&["--mode", "analyze", "--format", "concise", "./..."])
        .expect(1);
    assert_eq!(
        findings(&run.stdout),
        pairs(&[
            // No config of its own: the root's.
            ("plain/plain.go", "defer mu.Unlock()"),
            ("tree-a/a.go", "defer f.Close()"),
            ("tree-b/b.go", "defer mu.Unlock()"),
            // tree-b's `gen/**` is relative to tree-b's config, though `.` is walked.
            ("tree-b/nested/deeper/deeper.go", "defer f.Close()"),
            ("tree-b/nested/deeper/deeper_test.go", "defer f.Close()"),
            ("tree-b/nested/nested.go", "defer mu.Unlock()"),
            ("tree-b/nested/nested.go", "defer f.Close()"),
        ]),
        "{}",
        run.stdout
    );
    // Run from inside a subtree: the config above the current directory still applies.
    let run = support::run_in(
        &tree.path("tree-b"),
        &["--mode", "analyze", "--format", "concise", "."],
    )
    .expect(1);
    assert_eq!(
        findings(&run.stdout),
        pairs(&[
            ("b.go", "defer mu.Unlock()"),
            ("nested/deeper/deeper.go", "defer f.Close()"),
            ("nested/deeper/deeper_test.go", "defer f.Close()"),
            ("nested/nested.go", "defer mu.Unlock()"),
            ("nested/nested.go", "defer f.Close()"),
        ]),
        "{}",
        run.stdout
    );
}

#[test]
fn flags_apply_on_top_of_each_directorys_config() {
    let tree = mono();
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--format",
            "concise",
            "--pattern",
            "$X.Unlock()",
            "--exclude",
            "nested",
            "tree-a",
            "tree-b",
        ])
        .expect(1);
    assert_eq!(
        findings(&run.stdout),
        pairs(&[
            ("tree-a/a.go", "defer mu.Unlock()"),
            ("tree-b/b.go", "defer mu.Unlock()"),
        ]),
        "{}",
        run.stdout
    );
}

#[test]
fn config_flag_and_no_config_apply_to_every_directory() {
    let tree = mono();
    // --config: the root's file everywhere, the subtrees' own ignored (so tree-b's
    // exclude too: gen/ is checked).
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--format",
            "concise",
            "--config",
            "defer-rewriter.toml",
            "tree-a",
            "tree-b",
        ])
        .expect(1);
    assert_eq!(
        findings(&run.stdout),
        pairs(&[
            ("tree-a/a.go", "defer mu.Unlock()"),
            ("tree-b/b.go", "defer mu.Unlock()"),
            ("tree-b/gen/gen.go", "defer mu.Unlock()"),
            ("tree-b/nested/deeper/deeper.go", "defer mu.Unlock()"),
            ("tree-b/nested/nested.go", "defer mu.Unlock()"),
        ]),
        "{}",
        run.stdout
    );
    // --config naming a file that extends another: its chain, for everything.
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--format",
            "concise",
            "--config",
            "tree-b/nested/deeper/defer-rewriter.toml",
            "tree-a",
        ])
        .expect(1);
    assert_eq!(
        findings(&run.stdout),
        pairs(&[("tree-a/a.go", "defer f.Close()")]),
        "{}",
        run.stdout
    );
    // --no-config: the defaults (Unlock, every rule) everywhere; test files are
    // checked and gen/ is not excluded.
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--format",
            "concise",
            "--no-config",
            "--select",
            "DR001",
            "tree-b",
        ])
        .expect(1);
    let found = findings(&run.stdout);
    assert!(
        found.contains(&(
            "tree-b/b_test.go".to_string(),
            "defer mu.Unlock()".to_string()
        )) && found.contains(&(
            "tree-b/gen/gen.go".to_string(),
            "defer mu.Unlock()".to_string()
        )) && !found.iter().any(|(_, call)| call.contains("Close")),
        "{}",
        run.stdout
    );
}

#[test]
fn an_extend_cycle_is_an_error_naming_the_file() {
    let tree = mono();
    // tree-b extends nested, which extends tree-b.
    tree.write(
        "tree-b/defer-rewriter.toml",
        "extend = \"nested/defer-rewriter.toml\"\nexclude = [\"gen/**\"]\n",
    );
    let before = tree.files();
    let run = tree.run(&["--mode", "analyze", "tree-b"]).expect(2);
    assert_eq!(run.stdout, "");
    // (miette wraps the long message: undo that to read it.)
    assert!(
        run.stderr.replace(" ->\n  | ", " -> ").contains(
            "cycle: tree-b/defer-rewriter.toml -> tree-b/nested/defer-rewriter.toml -> tree-b/defer-rewriter.toml"
        ),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("extend_cycle", run.stderr);
    // Also when the walk meets it below a root whose config is fine, and in a
    // rewrite: nothing is written.
    tree.run(&["."]).expect(2);
    assert_eq!(tree.files(), before);
}

#[test]
fn extending_a_missing_file_is_an_error_pointing_at_the_extend() {
    let tree = mono();
    tree.write(
        "tree-a/defer-rewriter.toml",
        "extend = \"../base.toml\"\n[explicit-call]\npatterns = [\"$X.Close()\"]\n",
    );
    let run = tree.run(&["--mode", "analyze", "tree-a"]).expect(2);
    assert!(
        run.stderr
            .contains("cannot read extended config file `base.toml`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("tree-a/defer-rewriter.toml:1:10"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("extend_missing", run.stderr);
    // Met in the walk (tree-a is below the root `.`): the same error.
    let walked = tree.run(&["--mode", "analyze", "."]).expect(2);
    assert_eq!(walked.stderr, run.stderr);
}

#[test]
fn a_bad_exclude_glob_in_a_config_points_into_the_file() {
    let tree = mono();
    tree.write(
        "tree-b/nested/defer-rewriter.toml",
        "extend = \"../defer-rewriter.toml\"\nexclude = [\"gen/**\", \"a/[b\"]\n",
    );
    let run = tree.run(&["--mode", "analyze", "."]).expect(2);
    assert!(
        run.stderr.contains("invalid exclude glob `a/[b`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("tree-b/nested/defer-rewriter.toml:2:22"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("bad_exclude_glob", run.stderr);
}

#[test]
fn show_settings_says_what_is_in_force_and_where_it_came_from() {
    let tree = mono();
    let run = tree
        .run(&[
            "--show-settings",
            "tree-b/nested/deeper/deeper.go",
            "--select",
            "DR001",
            "--unsafe-fixes",
            "--exclude",
            "old/**",
        ])
        .expect(0);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("show_settings_chain", run.stdout);

    let run = tree.run(&["--show-settings", "plain"]).expect(0);
    insta::assert_snapshot!("show_settings_root", run.stdout);

    let run = tree
        .run(&[
            "--show-settings",
            "tree-a",
            "--config",
            "tree-b/defer-rewriter.toml",
        ])
        .expect(0);
    insta::assert_snapshot!("show_settings_config_flag", run.stdout);

    let run = tree.run(&["--show-settings", ".", "--no-config"]).expect(0);
    assert!(
        run.stdout.contains("config files: none (--no-config)"),
        "{}",
        run.stdout
    );

    // Nothing found from a folder with no config above it.
    let bare = tempfile::tempdir().unwrap();
    let run = support::run_in(bare.path(), &["--show-settings", "."]).expect(0);
    assert!(
        run.stdout.contains("config files: none")
            && run
                .stdout
                .contains("[explicit-call] patterns = [\"$X.Unlock()\", \"$X.RUnlock()\"]"),
        "{}",
        run.stdout
    );

    let run = tree.run(&["--show-settings", "does/not/exist"]).expect(2);
    assert!(run.stderr.contains("does/not/exist"), "{}", run.stderr);
}

#[test]
fn show_settings_reports_a_bad_config() {
    let tree = mono();
    tree.write("tree-a/defer-rewriter.toml", "extend = \"../nope.toml\"\n");
    let run = tree.run(&["--show-settings", "tree-a/a.go"]).expect(2);
    assert!(run.stderr.contains("nope.toml"), "{}", run.stderr);
}

#[test]
fn list_defers_takes_its_own_formats_only() {
    let tree = mono();
    for format in ["sarif", "github"] {
        let run = tree
            .run(&["--list-defers", "--format", format, "tree-a"])
            .expect(2);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.contains(
                "--list-defers prints defers, not findings: use --format text, concise, json or jsonl"
            ),
            "{}",
            run.stderr
        );
    }
    // The formats it has still work; each directory's go_version is used.
    let run = tree
        .run(&["--list-defers", "--format", "jsonl", "tree-a"])
        .expect(0);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
}

/// A plugin named by a subtree's config checks that subtree only; two configs may
/// name the same library.
#[test]
fn a_subtree_config_has_its_own_plugins() {
    let plugin = support::plugin("plugin-span-end");
    let tree = Tree::copy("plugin-span-end");
    let source = tree.read("trace/trace.go");
    tree.write("plain/trace.go", &source);
    tree.write("again/trace.go", &source);
    tree.write("defer-rewriter.toml", "[rules]\nselect = [\"DR001\"]\n");
    let with_plugin = format!(
        "[rules]\nselect = [\"DR001\", \"SE001\"]\n{}",
        support::plugin_entry(&plugin, None)
    );
    tree.write("trace/defer-rewriter.toml", &with_plugin);
    tree.write("again/defer-rewriter.toml", &with_plugin);
    let run = tree
        .run(&["--mode", "analyze", "--format", "concise", "./..."])
        .expect(1);
    let codes: Vec<(String, String)> = run
        .stdout
        .lines()
        .map(|l| {
            let mut parts = l.split(": ");
            let path = parts.next().unwrap_or_default();
            let code = parts.next().unwrap_or_default();
            (
                PathBuf::from(path.split(':').next().unwrap_or_default())
                    .display()
                    .to_string(),
                code.split(' ').next().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let se001 = |dir: &str| {
        codes
            .iter()
            .filter(|(p, c)| p.starts_with(dir) && c == "SE001")
            .count()
    };
    assert_eq!(se001("trace/"), 2, "{}", run.stdout);
    assert_eq!(se001("again/"), 2, "{}", run.stdout);
    assert_eq!(se001("plain/"), 0, "{}", run.stdout);
    // The plugin's pattern (`$S.End()`) is merged into the patterns of its configs
    // only: DR001 reports `defer span.End()` in trace/ and again/, not in plain/.
    let dr001 = |dir: &str| {
        codes
            .iter()
            .filter(|(p, c)| p.starts_with(dir) && c == "DR001")
            .count()
    };
    assert_eq!(dr001("trace/"), 1, "{}", run.stdout);
    assert_eq!(dr001("plain/"), 0, "{}", run.stdout);
    // SE001 named in the root's config, which has no plugin: an unknown rule.
    tree.write(
        "defer-rewriter.toml",
        "[rules]\nselect = [\"DR001\", \"SE001\"]\n",
    );
    let run = tree.run(&["--mode", "analyze", "./..."]).expect(2);
    assert!(
        run.stderr.contains("unknown rule `SE001`"),
        "{}",
        run.stderr
    );
}
