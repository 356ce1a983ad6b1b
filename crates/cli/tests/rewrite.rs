//! End-to-end: the binary rewriting, diffing and analyzing fixture trees.

mod support;

use support::{assert_go_vet_ok, assert_gofmt_clean, files_of, Tree};

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

const GET_REWRITTEN: &str = "func (s *S) get() int {
	s.mu.Lock()
	ret := s.n
	s.mu.Unlock()
	return ret
}
";

/// The files the default walk must leave alone in the `basic` fixture.
const SKIPPED: &[&str] = &[
    "vendor/example.com/dep/dep.go",
    "p/testdata/src.go",
    "gen/gen.go",
    ".hidden/hidden.go",
];

#[test]
fn rewrites_in_place_and_skips_vendor_testdata_gitignored_and_hidden() {
    let tree = Tree::copy("basic");
    let before = tree.files();
    let run = tree.run(&["./..."]).expect(0);
    assert_eq!(
        run.summary(),
        "scanned 3 files (2 with defer), 2 defers; rewrote 2 (2 safe, 0 unsafe) in 2 files; left nothing"
    );
    assert_eq!(run.stdout, "");
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
    assert!(tree.read("p/counter_test.go").contains(GET_REWRITTEN));
    let after = tree.files();
    for rel in SKIPPED
        .iter()
        .chain(&["p/plain.go", "go.mod", "README.md", ".gitignore"])
    {
        assert_eq!(before[*rel], after[*rel], "{rel} changed");
    }
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file added or removed"
    );
    assert_gofmt_clean(&tree.root);
    assert_go_vet_ok(&tree.root, "./p/");

    // A second run has nothing left to do.
    let again = tree.run(&["./..."]).expect(0);
    assert_eq!(
        again.summary(),
        "scanned 3 files (0 with defer), 0 defers; rewrote nothing; left nothing"
    );
    assert_eq!(tree.files(), after);
}

#[test]
fn a_plain_directory_is_walked_recursively_and_a_file_path_means_that_file() {
    let tree = Tree::copy("basic");
    tree.run(&["."]).expect(0);
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);

    // Go's `dir/...` form, and a directory given without it.
    for arg in ["p/...", "p", "./p/"] {
        let tree = Tree::copy("basic");
        let run = tree.run(&[arg]).expect(0);
        assert!(
            run.summary().starts_with("scanned 3 files (2 with defer)"),
            "{arg}: {}",
            run.summary()
        );
        assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
    }

    let tree = Tree::copy("basic");
    let before = tree.files();
    let run = tree.run(&["p/counter.go"]).expect(0);
    assert!(
        run.summary().starts_with("scanned 1 file (1 with defer)"),
        "{}",
        run.summary()
    );
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
    assert_eq!(
        before["p/counter_test.go"],
        tree.files()["p/counter_test.go"]
    );
}

#[test]
fn skip_test_files_leaves_test_files_alone() {
    let tree = Tree::copy("basic");
    let before = tree.files();
    let run = tree.run(&["--skip-test-files", "./..."]).expect(0);
    assert!(
        run.summary()
            .starts_with("scanned 2 files (1 with defer), 1 defer; rewrote 1 "),
        "{}",
        run.summary()
    );
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
    assert_eq!(
        before["p/counter_test.go"],
        tree.files()["p/counter_test.go"]
    );
}

#[test]
fn exclude_flag_adds_to_the_default_excludes() {
    let tree = Tree::copy("basic");
    let before = tree.files();
    tree.run(&["--exclude", "*_test.go", "./..."]).expect(0);
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
    let after = tree.files();
    assert_eq!(before["p/counter_test.go"], after["p/counter_test.go"]);
    for rel in SKIPPED {
        assert_eq!(before[*rel], after[*rel], "{rel} changed");
    }
}

#[test]
fn article_output_form_mirrors_the_tree_and_leaves_the_input_alone() {
    // go-defer-rewriter --input ./pkg/ --mode rewrite --output ./pkg-rewritten/ --skip-test-files
    let tree = Tree::copy_as("basic", "pkg");
    let work = tree.tmp.path();
    let before = tree.files();
    let run = support::run_in(
        work,
        &[
            "--input",
            "./pkg/",
            "--mode",
            "rewrite",
            "--output",
            "./pkg-rewritten/",
            "--skip-test-files",
        ],
    )
    .expect(0);
    assert!(
        run.summary()
            .contains("rewrote 1 (1 safe, 0 unsafe) in 1 file"),
        "{}",
        run.summary()
    );
    assert!(
        run.summary()
            .ends_with("; wrote 10 files to ./pkg-rewritten/"),
        "{}",
        run.summary()
    );
    assert_eq!(tree.files(), before, "the input must stay byte-identical");

    let out = files_of(&work.join("pkg-rewritten"));
    assert_eq!(
        out.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "every file mirrored"
    );
    for (rel, bytes) in &before {
        if rel == "p/counter.go" {
            assert_eq!(String::from_utf8_lossy(&out[rel]), COUNTER_REWRITTEN);
        } else {
            assert_eq!(&out[rel], bytes, "{rel} must be copied unchanged");
        }
    }
    assert_gofmt_clean(&work.join("pkg-rewritten"));
}

#[test]
fn output_inside_the_input_is_refused() {
    let tree = Tree::copy("basic");
    let before = tree.files();
    let run = tree.run(&["--output", "out", "."]).expect(2);
    assert!(
        run.stderr
            .contains("--output `out` is inside the input directory `.`"),
        "{}",
        run.stderr
    );
    let run = tree.run(&["--output", ".", "."]).expect(2);
    assert!(
        run.stderr.contains("is the input directory"),
        "{}",
        run.stderr
    );
    assert_eq!(tree.files(), before);
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let tree = Tree::copy("basic");
    let before = tree.files();
    let run = tree.run(&["--dry-run", "./..."]).expect(1);
    assert_eq!(tree.files(), before);
    insta::assert_snapshot!("dry_run_diff", run.stdout);
    assert_eq!(
        run.summary(),
        "scanned 3 files (2 with defer), 2 defers; would rewrite 2 (2 safe, 0 unsafe) in 2 files; would leave nothing"
    );
}

#[test]
fn dry_run_on_a_tree_with_nothing_to_do_exits_0() {
    let tree = Tree::copy("clean");
    let run = tree.run(&["--dry-run", "./..."]).expect(0);
    assert_eq!(run.stdout, "");
}

#[test]
fn analyze_reports_findings_and_exits_1() {
    let tree = Tree::copy("analyze");
    let before = tree.files();
    let run = tree.run(&["--mode", "analyze", "./..."]).expect(1);
    assert_eq!(tree.files(), before);
    insta::assert_snapshot!("analyze_output", run.stdout);
    assert_eq!(
        run.summary(),
        "scanned 1 file (1 with defer), 4 defers; would rewrite 2 safe, 1 unsafe (with --unsafe-fixes) in 1 file; no fix for 1: 1 in-loop; hints: 1 heap-allocated"
    );
}

/// `go-defer-rewriter ./... && go build ./...`: a rewrite that leaves only hints
/// (findings with no fix: here DR001's refusal of a defer in a loop, and DR005's
/// hint on its heap-allocated record) exits 0; analyze on the result still
/// reports them with 1. The summary counts the hint apart from the refusal.
#[test]
fn rewrite_leaving_only_hints_exits_0_and_analyze_still_exits_1() {
    let tree = Tree::copy("analyze");
    let run = tree.run(&["--unsafe-fixes", "./..."]).expect(0);
    assert!(
        run.summary()
            .contains("left 1: 1 in-loop; hints: 1 heap-allocated"),
        "summary: {}",
        run.summary()
    );
    assert!(!tree.read("cache.go").contains("defer c.mu."));
    let run = tree.run(&["--mode", "analyze", "./..."]).expect(1);
    assert!(
        run.summary()
            .contains("no fix for 1: 1 in-loop; hints: 1 heap-allocated"),
        "summary: {}",
        run.summary()
    );
}

/// A fix left unapplied (Unsafe, without `--unsafe-fixes`) is still something the
/// run could have done: exit 1, in place and with `--output` alike.
#[test]
fn rewrite_leaving_an_unapplied_unsafe_fix_exits_1() {
    let tree = Tree::copy("analyze");
    let run = tree.run(&["./..."]).expect(1);
    assert!(
        run.summary().contains("(use --unsafe-fixes)"),
        "summary: {}",
        run.summary()
    );
    let tree = Tree::copy_as("analyze", "pkg");
    let work = tree.tmp.path();
    support::run_in(work, &["--input", "./pkg/", "--output", "./a/"]).expect(1);
    support::run_in(
        work,
        &["--input", "./pkg/", "--output", "./b/", "--unsafe-fixes"],
    )
    .expect(0);
}

#[test]
fn analyze_on_a_clean_tree_exits_0() {
    let tree = Tree::copy("clean");
    let run = tree.run(&["--mode", "analyze", "./..."]).expect(0);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.summary(),
        "scanned 1 file (1 with defer), 2 defers; nothing to rewrite"
    );
}

#[test]
fn rewrite_leaves_unsafe_fixes_unless_asked() {
    let tree = Tree::copy("analyze");
    let run = tree.run(&["./..."]).expect(1);
    assert_eq!(
        run.summary(),
        "scanned 1 file (1 with defer), 4 defers; rewrote 2 (2 safe, 0 unsafe) in 1 file; left 2: 1 in-loop, 1 may-panic (use --unsafe-fixes); hints: 1 heap-allocated"
    );
    let text = tree.read("cache.go");
    assert!(
        text.contains("\tret := c.m[k]\n\tc.mu.RUnlock()\n\treturn ret\n"),
        "{text}"
    );
    assert!(
        text.contains("\tdefer c.mu.RUnlock()\n\treturn c.items[i]\n"),
        "{text}"
    );
    // What is left is reported against the rewritten file.
    assert!(run.stdout.contains("may be out of range"), "{}", run.stdout);
    assert!(run.stdout.contains("inside a loop"), "{}", run.stdout);
    assert_gofmt_clean(&tree.root);

    // Left: hints with no fix only, so the rewrite exits 0.
    let run = tree.run(&["--unsafe-fixes", "./..."]).expect(0);
    assert_eq!(
        run.summary(),
        "scanned 1 file (1 with defer), 2 defers; rewrote 1 (0 safe, 1 unsafe) in 1 file; left 1: 1 in-loop; hints: 1 heap-allocated"
    );
    let text = tree.read("cache.go");
    assert!(
        text.contains("\tret := c.items[i]\n\tc.mu.RUnlock()\n\treturn ret\n"),
        "{text}"
    );
    assert!(
        text.contains("\t\tdefer p.mu.Unlock()\n"),
        "the loop defer stays: {text}"
    );
    assert_gofmt_clean(&tree.root);
    assert_go_vet_ok(&tree.root, "./...");
}

#[test]
fn article_pattern_form_replaces_the_default_patterns() {
    // go-defer-rewriter --pattern 'mu.Unlock()' ./internal/handler/
    let tree = Tree::copy("handler");
    let run = tree
        .run(&["--pattern", "mu.Unlock()", "./internal/handler/"])
        .expect(0);
    assert!(
        run.summary()
            .contains("rewrote 1 (1 safe, 0 unsafe) in 1 file"),
        "{}",
        run.summary()
    );
    let text = tree.read("internal/handler/handler.go");
    assert!(
        text.contains("func Hit() {\n\tmu.Lock()\n\tcount++\n\tmu.Unlock()\n}\n"),
        "{text}"
    );
    // `s.mu.Unlock()` is another call path: the literal pattern does not match it.
    assert!(
        text.contains("\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n"),
        "{text}"
    );
    assert_gofmt_clean(&tree.root);

    // With the default patterns both go.
    tree.run(&["./internal/handler/"]).expect(0);
    assert!(!tree.read("internal/handler/handler.go").contains("defer"));
}

#[test]
fn a_syntax_error_file_is_left_alone_and_its_neighbour_is_rewritten() {
    let tree = Tree::copy("syntax");
    let broken = std::fs::read(tree.path("broken.go")).unwrap();
    let run = tree.run(&["./..."]).expect(1);
    assert_eq!(std::fs::read(tree.path("broken.go")).unwrap(), broken);
    assert!(!tree.read("good.go").contains("defer"));
    assert!(
        run.stdout.contains("syntax error: missing `}`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[broken.go:9:1]"), "{}", run.stdout);
    assert!(run.summary().ends_with("rewrote 1 (1 safe, 0 unsafe) in 1 file; left nothing; 1 file with syntax errors not processed"), "{}", run.summary());
}

#[test]
fn a_syntax_error_in_a_body_without_defer_still_stops_every_fix() {
    // Analyze parses only the bodies that hold a defer; before it offers a fix it
    // parses the whole file, so it reports what a rewrite run does.
    let tree = Tree::copy("syntax-elsewhere");
    let original = tree.read("elsewhere.go");
    for mode in ["analyze", "rewrite"] {
        let run = tree
            .run(&["--mode", mode, "--format", "jsonl", "."])
            .expect(1);
        let codes: Vec<&str> = run
            .stdout
            .lines()
            .map(|l| l.split('"').nth(3).unwrap_or(""))
            .collect();
        assert_eq!(codes, ["syntax-error"], "{mode}: {}", run.stdout);
        assert!(run.stdout.contains("\"line\":19"), "{mode}: {}", run.stdout);
        assert_eq!(tree.read("elsewhere.go"), original, "{mode}");
    }
}

#[test]
fn a_panic_declared_by_a_test_file_refuses_every_fix() {
    // counter_test.go declares `func panic`, which returns: in `go test` builds
    // Inc's `panic("overflow")` does not end the block, so deleting the defer
    // would leave the mutex locked. Not a candidate itself, the test file is still
    // read when counter.go is checked.
    let tree = Tree::copy("panic-test-file");
    let original = tree.read("counter.go");
    // The refusal has no fix: analyze fails on it, a rewrite only reports it.
    for (mode, code) in [("analyze", 1), ("rewrite", 0)] {
        let run = tree
            .run(&["--mode", mode, "--format", "jsonl", "counter.go"])
            .expect(code);
        assert!(
            run.stdout.contains("\"reason\":\"panic-redeclared\""),
            "{mode}: {}",
            run.stdout
        );
        assert_eq!(tree.read("counter.go"), original, "{mode}");
    }
    // The same when the test file is itself a candidate (it holds a defer), so it
    // goes into the view of the package's test files, not into counter.go's.
    let test_file = tree.read("counter_test.go");
    tree.write(
        "counter_test.go",
        format!("{test_file}\nfunc helper() {{ defer func() {{}}() }}\n"),
    );
    let run = tree
        .run(&["--mode", "analyze", "--format", "jsonl", "."])
        .expect(1);
    let counter: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("counter.go"))
        .collect();
    assert!(!counter.is_empty(), "{}", run.stdout);
    assert!(
        counter
            .iter()
            .all(|l| l.contains("\"reason\":\"panic-redeclared\"")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_helper_in_a_file_rewritten_earlier_is_still_proven_in_the_same_run() {
    // a.go is rewritten before b.go is checked; b.go's region calls a.go's
    // panic-free `double`. The proof must not depend on what a.go looks like on
    // disk by then: both fixes in one run, and a second run changes nothing.
    let tree = Tree::copy("same-dir-helper");
    tree.run(&["."]).expect(0);
    for file in ["a.go", "b.go"] {
        assert!(
            !tree.read(file).contains("defer"),
            "{file}: {}",
            tree.read(file)
        );
    }
    let (a, b) = (tree.read("a.go"), tree.read("b.go"));
    tree.run(&["."]).expect(0);
    assert_eq!((tree.read("a.go"), tree.read("b.go")), (a, b));
}

#[test]
fn a_callee_that_recovers_makes_the_closure_fix_unsafe_in_every_parse() {
    // DR007 looked for recover() in the callee's body in the tree; an analyze run
    // leaves a body without a needle out of it, and rated the fix Safe.
    let tree = Tree::copy("recover-callee");
    let fixes = |tree: &Tree| -> Vec<String> {
        let run = tree
            .run(&["--mode", "analyze", "--format", "jsonl", "a.go"])
            .expect(1);
        run.stdout
            .lines()
            .filter(|l| l.contains("\"code\":\"DR007\""))
            .map(|l| {
                let safe = l.contains("\"applicability\":\"safe\"");
                let why = if l.contains("calls recover()") {
                    "recovers"
                } else {
                    ""
                };
                format!("{} {why}", if safe { "safe" } else { "unsafe" })
            })
            .collect()
    };
    let expected = ["unsafe recovers", "unsafe recovers", "safe "];
    assert_eq!(fixes(&tree), expected);
    // The same in a generated file, checked in runs whose trees leave out the
    // functions they do not name (recA is named, so kept, with its body left out).
    let mut text = tree.read("a.go");
    for i in 0..150 {
        text.push_str(&format!("\nfunc filler{i}() int {{ return {i} }}\n"));
    }
    tree.write("a.go", text);
    assert_eq!(fixes(&tree), expected);
}

#[test]
fn crlf_stays_crlf() {
    let tree = Tree::copy("basic");
    let crlf = tree.read("p/counter.go").replace('\n', "\r\n");
    tree.write("p/counter.go", &crlf);
    tree.run(&["p/counter.go"]).expect(0);
    let text = tree.read("p/counter.go");
    assert_eq!(text, COUNTER_REWRITTEN.replace('\n', "\r\n"));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let tree = Tree::copy("basic");
    let path = tree.path("p/counter.go");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    tree.run(&["./..."]).expect(0);
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(tree.path("p"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn config_is_discovered_and_flags_override_it() {
    let tree = Tree::copy("analyze");
    tree.write(
        "defer-rewriter.toml",
        "[explicit-call]\npatterns = [\"$X.RUnlock()\"]\n",
    );
    let run = tree.run(&["--mode", "analyze", "./..."]).expect(1);
    assert!(
        run.summary().contains("would rewrite 1 safe, 1 unsafe"),
        "{}",
        run.summary()
    );
    assert!(!run.stdout.contains("c.mu.Unlock"), "{}", run.stdout);

    // The flag replaces the file's patterns.
    let run = tree
        .run(&["--mode", "analyze", "--pattern", "$X.Unlock()", "./..."])
        .expect(1);
    assert!(
        run.summary().contains(
            "would rewrite 1 safe, 0 unsafe in 1 file; no fix for 1: 1 in-loop; hints: 1 heap-allocated"
        ),
        "{}",
        run.summary()
    );
    assert!(!run.stdout.contains("RUnlock"), "{}", run.stdout);

    // The file is found from a path below it.
    tree.write("sub/x.go", "package sub\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc F() {\n\tmu.Lock()\n\tdefer mu.Unlock()\n}\n");
    let run = tree.run(&["--mode", "analyze", "sub"]).expect(0);
    assert_eq!(
        run.summary(),
        "scanned 1 file (1 with defer), 1 defer; nothing to rewrite"
    );
}

#[test]
fn skip_test_files_from_the_config() {
    let tree = Tree::copy("basic");
    tree.write("defer-rewriter.toml", "skip_test_files = true\n");
    let before = tree.files();
    tree.run(&["./..."]).expect(0);
    assert_eq!(
        before["p/counter_test.go"],
        tree.files()["p/counter_test.go"]
    );
    assert_eq!(tree.read("p/counter.go"), COUNTER_REWRITTEN);
}

#[test]
fn help_shows_the_article_forms() {
    let tree = Tree::copy("clean");
    let run = tree.run(&["--help"]).expect(0);
    for form in [
        "go-defer-rewriter --pattern 'mu.Unlock()' ./internal/handler/",
        "go-defer-rewriter --input ./pkg/ --mode rewrite --output ./pkg-rewritten/ --skip-test-files",
        "go-defer-rewriter --mode analyze ./...",
        "go-defer-rewriter --dry-run ./...",
    ] {
        assert!(run.stdout.contains(form), "{form} missing from --help:\n{}", run.stdout);
    }
}

#[test]
fn verify_checks_the_rewrite_with_go_and_writes_nothing() {
    let tree = Tree::copy("analyze");
    let before = tree.files();
    let run = tree.run(&["--mode", "verify", "--unsafe-fixes", "./..."]);
    assert_eq!(
        tree.files(),
        before,
        "verify must leave the tree byte-identical"
    );
    if std::process::Command::new("go")
        .arg("version")
        .output()
        .is_err()
    {
        assert!(run.stdout.contains("go is not on PATH"), "{}", run.stdout);
        return;
    }
    let run = run.expect(0);
    assert!(run.stdout.contains("ok      . (1 file)"), "{}", run.stdout);
    // Each package's line names the checks it passed.
    let checked = run
        .stdout
        .lines()
        .find(|l| l.starts_with("ok      . (1 file); checked: "))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    for check in ["second pass", "parse", "go vet", "go build"] {
        assert!(checked.contains(check), "{checked}");
    }
    assert!(
        run.stdout
            .contains("verify: 1 package: 1 ok, 0 failed, 0 could not be checked"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_refuses_writing_flags() {
    let tree = Tree::copy("analyze");
    let run = tree
        .run(&["--mode", "verify", "--dry-run", "./..."])
        .expect(2);
    assert!(
        run.stderr.contains("cannot be used with --mode verify"),
        "{}",
        run.stderr
    );
    let run = tree.run(&["--verify-tests", "./..."]).expect(2);
    assert!(
        run.stderr
            .contains("--verify-tests goes with --mode verify"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_safety_shows_the_reasoning() {
    let tree = Tree::copy("analyze");
    let plain = tree.run(&["--mode", "analyze", "./..."]).expect(1);
    assert!(!plain.stdout.contains("why:"), "{}", plain.stdout);
    let run = tree
        .run(&["--mode", "analyze", "--explain-safety", "./..."])
        .expect(1);
    assert!(run.stdout.contains("why:"), "{}", run.stdout);
    assert!(run.stdout.contains("is not nil here"), "{}", run.stdout);
}

#[test]
fn list_defers_gives_each_defer_its_regime() {
    let tree = Tree::copy("analyze");
    let run = tree
        .run(&["--list-defers", "--format", "json", "./..."])
        .expect(0);
    // --format json: one array.
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("one JSON array");
    // --format jsonl: the same objects, one per line.
    let lines = tree
        .run(&["--list-defers", "--format", "jsonl", "./..."])
        .expect(0);
    let objects: Vec<serde_json::Value> = lines
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(objects, rows);
    let regimes: Vec<(&str, u64, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["function"].as_str().unwrap(),
                r["line"].as_u64().unwrap(),
                r["regime"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        regimes,
        vec![
            ("(*Cache).Get", 15, "open-coded"),
            ("(*Cache).At", 22, "open-coded"),
            ("(*Cache).Sum", 31, "heap"),
            ("(*Cache).Inc", 40, "open-coded")
        ]
    );
    let race = tree
        .run(&["--list-defers", "--race", "--format", "json", "./..."])
        .expect(0);
    assert!(!race.stdout.contains("open-coded"), "{}", race.stdout);
    let old = tree
        .run(&["--list-defers", "--go-version", "1.12", "./..."])
        .expect(0);
    assert!(
        old.stdout.lines().all(|l| l.contains("\theap")),
        "{}",
        old.stdout
    );
}

#[test]
fn counts_of_one_are_singular() {
    // No `1 defer(s)` in --list-defers, no `wrote 1 files` in the summary.
    let tree = Tree::copy("analyze");
    let run = tree.run(&["--list-defers", "./..."]).expect(0);
    assert!(
        run.stdout.contains("1 defer, 1 return, no loop"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("(s)"), "{}", run.stdout);
    let tree = Tree::copy("clean");
    std::fs::remove_file(tree.path("go.mod")).unwrap();
    let run = tree.run(&["--output", "../out", "."]).expect(0);
    assert!(
        run.summary().starts_with("scanned 1 file ("),
        "{}",
        run.stderr
    );
    assert!(
        run.summary().ends_with("; wrote 1 file to ../out"),
        "{}",
        run.stderr
    );
}

#[test]
fn list_defers_knows_the_code_the_compiler_removes() {
    let tree = Tree::copy("clean");
    // The constant is in another file of the package; the race-build file is not
    // in a plain build and must not make `traced` ambiguous.
    tree.write("consts.go", "package clean\n\nconst traced = false\n");
    tree.write(
        "race.go",
        "//go:build race\n\npackage clean\n\nconst traced = true\n",
    );
    tree.write(
        "dbg.go",
        "package clean\n\nimport \"runtime\"\n\nfunc Debug(f func()) {\n\tif traced {\n\t\tdefer f()\n\t}\n\tif runtime.GOOS == \"windows\" {\n\t\tdefer f()\n\t}\n\tf()\n}\n",
    );
    let list = |goos: Option<&str>, race: bool| -> Vec<(u64, String)> {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_go-defer-rewriter"));
        cmd.args([
            "--no-config",
            "--list-defers",
            "--format",
            "jsonl",
            "dbg.go",
            "consts.go",
            "race.go",
        ])
        .current_dir(&tree.root)
        .env_remove("GOOS")
        .env_remove("GOARCH");
        if race {
            cmd.arg("--race");
        }
        if let Some(g) = goos {
            cmd.env("GOOS", g).env("GOARCH", "amd64");
        }
        let out = cmd.output().expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["line"].as_u64().unwrap(),
                    v["regime"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let r = |v: &[(u64, &str)]| -> Vec<(u64, String)> {
        v.iter().map(|(l, s)| (*l, s.to_string())).collect()
    };
    // GOOS unknown: the GOOS branch stays.
    assert_eq!(list(None, false), r(&[(7, "removed"), (10, "open-coded")]));
    assert_eq!(
        list(Some("linux"), false),
        r(&[(7, "removed"), (10, "removed")])
    );
    assert_eq!(
        list(Some("windows"), false),
        r(&[(7, "removed"), (10, "open-coded")])
    );
    // With -race both files declare `traced`: ambiguous, so the branch is kept,
    // and nothing is open-coded in a race build.
    assert_eq!(
        list(Some("linux"), true),
        r(&[(7, "stack"), (10, "removed")])
    );
}

const TX_SOURCE: &str = "package p

import \"database/sql\"

func save(db *sql.DB, ok bool) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if !ok {
		return nil
	}
	return tx.Commit()
}
";

#[test]
fn rollback_strategy_flag_overrides_the_config() {
    let tree = Tree::copy("clean");
    tree.write("tx.go", TX_SOURCE);
    tree.write("defer-rewriter.toml", "[rollback]\nstrategy = \"if-err\"\n");
    // The config's if-err fix is Unsafe here (Commit can panic): nothing is written.
    tree.run(&["."]);
    assert_eq!(tree.read("tx.go"), TX_SOURCE);
    // The flag form is Safe: the command line wins over the config.
    tree.run(&["--rollback-strategy", "flag", "."]);
    let out = tree.read("tx.go");
    assert!(out.contains("committed := false"), "{out}");
    assert!(out.contains("committed = true\n\treturn ret"), "{out}");
    // off: no transaction rule runs.
    tree.write("tx.go", TX_SOURCE);
    let on = tree.run(&["--mode", "analyze", "."]);
    assert!(on.stdout.contains("DR002"), "{}", on.stdout);
    let off = tree.run(&["--rollback-strategy", "off", "--mode", "analyze", "."]);
    assert!(
        !off.stdout.contains("DR002") && !off.stdout.contains("DR003"),
        "{}",
        off.stdout
    );
    let bad = tree.run(&["--rollback-strategy", "sometimes", "."]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}
