//! End-to-end: plugins loaded from `[[plugins]]`. The plugin libraries (the example
//! `plugin-span-end` and the test plugins under `tests/plugins/`) are built by the
//! first test that needs them (`support::plugin`).

mod support;

use std::path::Path;
use support::{assert_go_vet_ok, assert_gofmt_clean, plugin, plugin_entry, Tree};

#[test]
fn example_plugin_pattern_rewrites_and_its_check_reports() {
    let tree = Tree::copy("plugin-span-end");
    // The cost hints (DR005-DR008) are not what this test is about.
    const NO_HINTS: &str =
        "[rules]\nignore = [\"DR004\", \"DR005\", \"DR006\", \"DR007\", \"DR008\"]\n";
    tree.write("defer-rewriter.toml", NO_HINTS);
    // Without the plugin, `defer span.End()` is not a candidate.
    let run = tree.run(&["--mode", "analyze", "./..."]).expect(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);

    tree.write(
        "defer-rewriter.toml",
        format!(
            "{NO_HINTS}{}",
            plugin_entry(&plugin("plugin-span-end"), None)
        ),
    );
    let run = tree
        .run(&["--mode", "analyze", "--format", "jsonl", "./..."])
        .expect(1);
    let findings: Vec<(String, usize)> = run
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            (
                v["code"].as_str().unwrap_or_default().to_string(),
                v["line"].as_u64().unwrap_or_default() as usize,
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("DR001".to_string(), 33),
            ("SE001".to_string(), 42),
            ("SE001".to_string(), 52)
        ],
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("span-not-ended"), "{}", run.stdout);

    // Rewrite with Safe fixes: DR001 makes the End calls explicit; the SE001 findings
    // stay (one has no fix, the other's is Unsafe).
    let run = tree.run(&["./..."]).expect(1);
    assert!(
        run.summary().contains("rewrote 1 (1 safe"),
        "{}",
        run.stderr
    );
    let text = tree.read("trace/trace.go");
    assert!(!text.contains("defer span.End()"), "{text}");
    assert!(
        text.contains(
            "\tif x > 0 {\n\t\tspan.End()\n\t\treturn x\n\t}\n\tspan.End()\n\treturn 0\n"
        ),
        "{text}"
    );
    assert_gofmt_clean(&tree.root);
    assert_go_vet_ok(&tree.root, "./...");
    let before = tree.files();
    tree.run(&["./..."]).expect(1);
    assert_eq!(tree.files(), before, "a second run changed something");

    // With --unsafe-fixes the check's own fix goes in (`defer span.End()`), and DR001
    // then makes it explicit too; the result still vets and converges. What is left
    // (an SE001 finding with no fix) is reported, and the rewrite exits 0.
    let run = tree.run(&["--unsafe-fixes", "./..."]).expect(0);
    assert!(run.summary().contains("left 1: 1 SE001"), "{}", run.stderr);
    let text = tree.read("trace/trace.go");
    assert!(
        text.contains("\tspan.name = \"renamed\"\n\t_ = ctx\n\tspan.End()\n\treturn x + 1\n"),
        "{text}"
    );
    assert_gofmt_clean(&tree.root);
    assert_go_vet_ok(&tree.root, "./...");
    let before = tree.files();
    tree.run(&["--unsafe-fixes", "./..."]).expect(0);
    assert_eq!(tree.files(), before, "a second run changed something");
}

#[test]
fn the_plugin_config_table_reaches_the_plugin() {
    let tree = Tree::copy("plugin-span-end");
    let lib = plugin("plugin-span-end");
    // Spans started by `Begin` only: the fixture's `Start` calls are not spans then.
    tree.write(
        "defer-rewriter.toml",
        plugin_entry(&lib, Some("start = [\"Begin\"]")),
    );
    let run = tree.run(&["--mode", "analyze", "./..."]).expect(1);
    assert!(!run.stdout.contains("SE001"), "{}", run.stdout);
    assert!(run.stdout.contains("DR001"), "{}", run.stdout);
    tree.write(
        "defer-rewriter.toml",
        plugin_entry(&lib, Some("strat = [\"Begin\"]")),
    );
    let before = tree.files();
    let run = tree.run(&["./..."]).expect(2);
    assert!(
        run.stderr
            .contains("it failed to start: unknown config key `strat`"),
        "{}",
        run.stderr
    );
    assert_eq!(tree.files(), before);
}

#[test]
fn rules_and_explain_include_plugin_checks() {
    let tree = Tree::copy("plugin-span-end");
    let run = tree.run(&["rules"]).expect(0);
    assert!(run.stdout.contains("DR001"), "{}", run.stdout);
    assert!(!run.stdout.contains("SE001"), "{}", run.stdout);

    let lib = plugin("plugin-span-end");
    tree.write("defer-rewriter.toml", plugin_entry(&lib, None));
    let run = tree.run(&["rules", "--json"]).expect(0);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let codes: Vec<&str> = rows.iter().filter_map(|r| r["code"].as_str()).collect();
    assert_eq!(
        codes,
        [
            "DR001", "DR002", "DR003", "DR004", "DR005", "DR006", "DR007", "DR008", "DR000",
            "SE001"
        ]
    );
    assert_eq!(rows[0]["source"], "built-in");
    let se = rows.len() - 1;
    assert_eq!(rows[se]["name"], "span-not-ended");
    assert_eq!(rows[se]["fix"], "sometimes");
    assert_eq!(
        rows[se]["source"],
        format!("plugin plugin-span-end ({})", lib.display())
    );

    let run = tree.run(&["explain", "span-not-ended"]).expect(0);
    assert!(
        run.stdout.starts_with("# SE001 (span-not-ended)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("## Fix safety"), "{}", run.stdout);
    let run = tree.run(&["explain", "dr001"]).expect(0);
    assert!(run.stdout.contains("## Why is this bad?"), "{}", run.stdout);
    let run = tree.run(&["explain", "NOPE"]).expect(2);
    assert!(run.stderr.contains("no rule `NOPE`"), "{}", run.stderr);
    // The flag-style invocation is unchanged: a directory named like a subcommand
    // is given as `./rules`.
    tree.write("rules/a.go", "package rules\n");
    tree.run(&["--mode", "analyze", "./rules"]).expect(0);
}

/// Run with `[[plugins]]` naming `path`: exit 2, nothing written; the error message.
fn refused(path: &Path) -> String {
    let tree = Tree::copy("plugin-span-end");
    tree.write("defer-rewriter.toml", plugin_entry(path, None));
    let before = tree.files();
    let run = tree.run(&["--unsafe-fixes", "./..."]).expect(2);
    assert_eq!(tree.files(), before, "something was written");
    assert_eq!(run.stdout, "");
    run.stderr
}

#[test]
fn a_plugin_of_another_abi_version_is_refused_before_its_code_runs() {
    // Its entry point aborts the process: exit status 2 (not a signal) shows that it
    // was never called.
    let lib = plugin("gdr-test-plugin-bad-abi");
    let err = refused(&lib);
    assert!(err.contains(&lib.display().to_string()), "{err}");
    assert!(
        err.contains("built for plugin ABI version 999, this go-defer-rewriter uses version 1"),
        "{err}"
    );
    let run = {
        let tree = Tree::copy("plugin-span-end");
        tree.write("defer-rewriter.toml", plugin_entry(&lib, None));
        tree.run(&["rules"])
    };
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn missing_files_and_non_libraries_are_refused() {
    let tree = Tree::copy("plugin-span-end");
    tree.write("not-a-library.so", "this is text\n");
    let err = refused(&tree.path("missing.so"));
    assert!(err.contains("missing.so`: no such file"), "{err}");
    let err = refused(&tree.path("not-a-library.so"));
    assert!(
        err.contains("not-a-library.so`: not a shared library that can be loaded"),
        "{err}"
    );
    let err = refused(&tree.root);
    assert!(err.contains("it is a directory"), "{err}");
}

#[test]
fn a_relative_plugin_path_is_relative_to_the_config_file() {
    let tree = Tree::copy("plugin-span-end");
    std::fs::create_dir_all(tree.path("conf")).unwrap();
    std::fs::copy(plugin("plugin-span-end"), tree.path("conf/libspan.so")).unwrap();
    tree.write("conf/gdr.toml", "[[plugins]]\npath = \"libspan.so\"\n");
    let run = tree
        .run(&["--mode", "analyze", "--config", "conf/gdr.toml", "./..."])
        .expect(1);
    assert!(run.stdout.contains("SE001"), "{}", run.stdout);
}

#[cfg(target_os = "linux")]
#[test]
fn the_c_library_is_refused_as_not_a_plugin() {
    // The C library this test process itself runs with.
    let maps = std::fs::read_to_string("/proc/self/maps").expect("read /proc/self/maps");
    let libc = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .find(|p| {
            Path::new(p)
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("libc.so"))
        })
        .expect("the C library is mapped");
    let err = refused(Path::new(libc));
    assert!(
        err.contains(&format!(
            "cannot load plugin `{libc}`: not a go-defer-rewriter plugin (it exports no `gdr_plugin_abi_version` symbol)"
        )),
        "{err}"
    );
}

const LOCKED: &str = "package p\n\nimport \"sync\"\n\ntype S struct {\n\tmu sync.Mutex\n\tn  int\n}\n\nfunc (s *S) Get() int {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\treturn s.n\n}\n";

#[test]
fn a_panicking_plugin_does_not_take_down_the_run() {
    let tree = Tree::copy("plugin-span-end");
    tree.write("p/go.mod", "module example.com/p\n\ngo 1.21\n");
    for name in ["boom.go", "badspan.go", "ok.go"] {
        let stem = name.trim_end_matches(".go");
        tree.write(
            &format!("p/{name}"),
            LOCKED.replace("S", &stem.to_uppercase()),
        );
    }
    tree.write(
        "p/defer-rewriter.toml",
        plugin_entry(&plugin("gdr-test-plugin-panics"), None),
    );
    let run = tree.run(&["p/..."]).expect(2);
    // Each failure is reported once, with the file, and the run goes on.
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(!run.stderr.contains("stack backtrace"), "{}", run.stderr);
    assert!(
        errors[0].contains(
            "check TP001 (every-defer) failed on `p/badspan.go`: it returned a diagnostic span"
        ),
        "{}",
        run.stderr
    );
    assert!(
        errors[1].contains("check TP001 (every-defer) failed on `p/boom.go`: panicked: boom in p/boom.go (at tests/plugins/panics/src/lib.rs:"),
        "{}",
        run.stderr
    );
    // The built-in rule still rewrote every file, and the plugin's check reported on
    // the file it did not fail on.
    for name in ["boom.go", "badspan.go", "ok.go"] {
        let text = tree.read(&format!("p/{name}"));
        assert!(!text.contains("defer"), "{name}: {text}");
    }
    assert_go_vet_ok(&tree.path("p"), "./...");
    let tree = Tree::copy("plugin-span-end");
    tree.write("p/go.mod", "module example.com/p\n\ngo 1.21\n");
    tree.write("p/ok.go", LOCKED);
    tree.write(
        "p/defer-rewriter.toml",
        plugin_entry(&plugin("gdr-test-plugin-panics"), None),
    );
    let run = tree.run(&["--mode", "analyze", "p/..."]).expect(1);
    assert!(run.stdout.contains("TP001"), "{}", run.stdout);
    assert!(run.stdout.contains("defer s.mu.Unlock"), "{}", run.stdout);
}

#[test]
fn a_plugin_that_fails_to_start_is_an_error() {
    let tree = Tree::copy("plugin-span-end");
    let lib = plugin("gdr-test-plugin-panics");
    tree.write(
        "defer-rewriter.toml",
        plugin_entry(&lib, Some("fail = true")),
    );
    let before = tree.files();
    let run = tree.run(&["./..."]).expect(2);
    assert!(
        run.stderr
            .contains("it failed to start: configured to fail"),
        "{}",
        run.stderr
    );
    assert_eq!(tree.files(), before);
    // The config table reaches the plugin as TOML text.
    tree.write(
        "defer-rewriter.toml",
        plugin_entry(&lib, Some("fail = false")),
    );
    tree.run(&["--mode", "analyze", "./..."]).expect(1);
}

#[test]
fn select_and_ignore_know_the_plugins_rules() {
    // Plugins load before `select` and `ignore` are checked: their codes and names are
    // rules like the built-in ones, and a typo in one is pointed at.
    let tree = Tree::copy("plugin-span-end");
    tree.write("p/ok.go", LOCKED);
    let entry = plugin_entry(&plugin("gdr-test-plugin-panics"), None);
    tree.write(
        "defer-rewriter.toml",
        format!("[rules]\nselect = [\"TP001\", \"explicit-call\"]\n{entry}"),
    );
    let run = tree.run(&["--mode", "analyze", "p/..."]).expect(1);
    assert!(run.stdout.contains("TP001"), "{}", run.stdout);
    let run = tree
        .run(&["--mode", "analyze", "--ignore", "every-defer", "p/..."])
        .expect(1);
    assert!(!run.stdout.contains("TP001"), "{}", run.stdout);

    let run = tree
        .run(&["--mode", "analyze", "--ignore", "every-defr", "p/..."])
        .expect(2);
    assert_eq!(
        run.stderr,
        "error: --ignore: unknown rule `every-defr`; did you mean `every-defer` (TP001)?\n"
    );
    // Without the plugin, its code names no rule.
    tree.write(
        "defer-rewriter.toml",
        "[rules]\nselect = [\"TP001\", \"explicit-call\"]\n",
    );
    let run = tree.run(&["--mode", "analyze", "p/..."]).expect(2);
    assert!(
        run.stderr
            .contains("unknown rule `TP001` in `[rules] select`"),
        "{}",
        run.stderr
    );
}
