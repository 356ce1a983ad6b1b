//! `--profile` and `--hot-threshold`: profile-guided sweeps (issue #20).
//!
//! The fixture module (tests/fixtures/profile) has a hot and a cold method, both
//! with `defer c.mu.Unlock()`, and a benchmark that drives only the hot one. With
//! `go` on the PATH, the test takes a real CPU profile of that benchmark; the other
//! tests build their profiles in the test (gdr_core::profile::build).

mod support;

use gdr_core::profile::build::Builder;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::Tree;

const HOT: &str = "example.com/profiled/cache.(*Cache).Get";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profile")
}

fn module(as_name: &str) -> Tree {
    Tree::copy_dir(&fixture(), as_name)
}

/// A CPU profile in which `Get` (declared at line 19 of cache/cache.go) has 95% of
/// the samples and `Stats` none, with paths from another machine (-trimpath).
fn synthetic_profile() -> Vec<u8> {
    let mut b = Builder::cpu();
    let get = b.func(HOT, "example.com/profiled/cache/cache.go", 19);
    let bench = b.func(
        "example.com/profiled/cache.BenchmarkGet",
        "example.com/profiled/cache/cache_test.go",
        6,
    );
    let other = b.func("runtime.mallocgc", "runtime/malloc.go", 1000);
    let (g, bl, o) = (
        b.loc(&[(get, 23)]),
        b.loc(&[(bench, 9)]),
        b.loc(&[(other, 1010)]),
    );
    b.sample(&[g, bl], 95_000_000);
    b.sample(&[o], 5_000_000);
    b.gzipped()
}

fn has_defer_in(text: &str, func: &str) -> bool {
    let start = text
        .find(func)
        .unwrap_or_else(|| panic!("{func} in\n{text}"));
    let body = &text[start..];
    let end = body.find("\n}\n").unwrap();
    body[..end].contains("defer c.mu.Unlock()")
}

#[test]
fn a_threshold_rewrites_only_the_hot_function() {
    let tree = module("profiled");
    tree.write("cpu.pprof", synthetic_profile());
    let run = tree
        .run(&["--profile", "cpu.pprof", "--hot-threshold", "1%", "./..."])
        .expect(0);
    let text = tree.read("cache/cache.go");
    assert!(!has_defer_in(&text, "Get(k int)"), "{text}");
    assert!(has_defer_in(&text, "Stats()"), "{text}");
    insta::assert_snapshot!("threshold_summary", run.summary());
}

#[test]
fn without_a_threshold_a_profile_annotates_and_ranks() {
    let tree = module("profiled");
    tree.write("cpu.pprof", synthetic_profile());
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--profile",
            "cpu.pprof",
            "--format",
            "concise",
            "--statistics",
            ".",
        ])
        .expect(1);
    insta::assert_snapshot!("annotate_concise", run.stdout);
    insta::assert_snapshot!("annotate_statistics", run.stderr);
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--profile",
            "cpu.pprof",
            "--format",
            "jsonl",
            ".",
        ])
        .expect(1);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["profile"]["function"], HOT);
    assert_eq!(rows[0]["profile"]["cum_pct"], 95.0);
    assert_eq!(rows[0]["profile"]["flat_pct"], 95.0);
    assert_eq!(rows[0]["profile"]["defer_pct"], 0.0);
    assert!(rows[1].get("profile").is_none(), "{}", rows[1]);
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--profile",
            "cpu.pprof",
            "--format",
            "sarif",
            ".",
        ])
        .expect(1);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let results = &sarif["runs"][0]["results"];
    assert_eq!(results[0]["properties"]["profile"]["function"], HOT);
    // Text output and --explain-safety carry the numbers too.
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--profile",
            "cpu.pprof",
            "--explain-safety",
            ".",
        ])
        .expect(1);
    assert!(
        run.stdout.contains(&format!(
            "profile: {HOT}: cum 95.0%, flat 95.0%, defer 0.0%"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_config_names_the_profile_and_threshold() {
    let tree = module("profiled");
    tree.write("prof/cpu.pprof", synthetic_profile());
    tree.write(
        "defer-rewriter.toml",
        "[profile]\npath = \"prof/cpu.pprof\"\nhot_threshold = \"50%\"\n",
    );
    tree.run(&["cache"]).expect(0);
    let text = tree.read("cache/cache.go");
    assert!(!has_defer_in(&text, "Get(k int)"), "{text}");
    assert!(has_defer_in(&text, "Stats()"), "{text}");
}

#[test]
fn auto_takes_the_default_pgo_of_main_packages() {
    let tree = module("profiled");
    tree.write(
        "cmd/server/main.go",
        "package main\n\nimport \"example.com/profiled/cache\"\n\nfunc main() { println(cache.New().Get(1)) }\n",
    );
    tree.write("cmd/server/default.pgo", synthetic_profile());
    let run = tree
        .run(&["--profile", "auto", "--hot-threshold", "1", "./..."])
        .expect(0);
    let text = tree.read("cache/cache.go");
    assert!(!has_defer_in(&text, "Get(k int)"), "{text}");
    assert!(has_defer_in(&text, "Stats()"), "{text}");
    assert!(run
        .summary()
        .ends_with("; profile: rewritten functions cover 95.0% of samples"));

    let bare = module("profiled");
    let run = bare
        .run(&["--mode", "analyze", "--profile", "auto", "."])
        .expect(2);
    assert!(
        run.stderr.contains("--profile auto: no `default.pgo`"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_profiles_are_errors_that_say_what_the_file_is() {
    let tree = module("profiled");
    let analyze = |file: &str| {
        tree.run(&["--mode", "analyze", "--profile", file, "."])
            .expect(2)
            .stderr
    };
    let err = analyze("missing.pprof");
    assert!(err.contains("cannot read `missing.pprof`"), "{err}");
    tree.write("notes.txt", "these are not samples\n");
    let err = analyze("notes.txt");
    assert!(err.contains("`notes.txt` is not a pprof profile"), "{err}");
    let mut heap = Builder::with_types(&[("alloc_objects", "count"), ("alloc_space", "bytes")]);
    let f = heap.func(HOT, "cache/cache.go", 19);
    let l = heap.loc(&[(f, 22)]);
    heap.sample(&[l], 4096);
    tree.write("heap.pprof", heap.gzipped());
    let err = analyze("heap.pprof");
    assert!(
        err.contains("`heap.pprof` is a heap (memory allocation) profile, not a CPU profile"),
        "{err}"
    );
    let mut mutex = Builder::with_types(&[("contentions", "count"), ("delay", "nanoseconds")]);
    let f = mutex.func(HOT, "cache/cache.go", 19);
    let l = mutex.loc(&[(f, 22)]);
    mutex.sample(&[l], 10);
    tree.write("mutex.pprof", mutex.bytes());
    let err = analyze("mutex.pprof");
    assert!(err.contains("`mutex.pprof` is a mutex or block"), "{err}");
    tree.write("empty.pprof", Builder::cpu().gzipped());
    let err = analyze("empty.pprof");
    assert!(
        err.contains("`empty.pprof` is a CPU profile with no samples"),
        "{err}"
    );
    insta::assert_snapshot!("bad_heap", analyze("heap.pprof"));
    let run = tree
        .run(&["--mode", "analyze", "--hot-threshold", "1%", "."])
        .expect(2);
    assert!(
        run.stderr.contains("--hot-threshold needs a CPU profile"),
        "{}",
        run.stderr
    );
    let run = tree
        .run(&["--mode", "analyze", "--hot-threshold", "lots", "."])
        .expect(2);
    assert!(
        run.stderr.contains("expected a percentage"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_profile_of_other_code_is_a_warning() {
    let tree = module("profiled");
    let mut b = Builder::cpu();
    let f = b.func("example.com/other.Handle", "/src/other/handle.go", 10);
    let l = b.loc(&[(f, 12)]);
    b.sample(&[l], 10_000_000);
    tree.write("other.pprof", b.gzipped());
    let run = tree
        .run(&["--mode", "analyze", "--profile", "other.pprof", "."])
        .expect(1);
    assert!(
        run.stderr.contains(
            "warning: none of the checked functions appears in the profile `other.pprof`"
        ),
        "{}",
        run.stderr
    );
    // With the right profile, no warning.
    tree.write("cpu.pprof", synthetic_profile());
    let run = tree
        .run(&["--mode", "analyze", "--profile", "cpu.pprof", "."])
        .expect(1);
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    // A profile of this tree in which the functions with findings are cold (only
    // the benchmark was sampled): no warning either.
    let mut b = Builder::cpu();
    let f = b.func(
        "example.com/profiled/cache.BenchmarkGet",
        "/ci/work/cache/cache_test.go",
        6,
    );
    let l = b.loc(&[(f, 9)]);
    b.sample(&[l], 10_000_000);
    tree.write("bench.pprof", b.gzipped());
    let run = tree
        .run(&["--mode", "analyze", "--profile", "bench.pprof", "."])
        .expect(1);
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
}

/// A real CPU profile of the fixture's benchmark, taken with the go command: the
/// hot function is rewritten, the cold one is not; the same from another
/// directory; and still after lines were inserted above the functions.
#[test]
fn a_real_profile_of_the_benchmark_picks_the_hot_function() {
    if Command::new("go").arg("version").output().is_err() {
        println!("note: `go` is not on the PATH; the real-profile test is skipped");
        return;
    }
    let taken = module("profiled");
    let profile = taken.tmp.path().join("cpu.pprof");
    let out = Command::new("go")
        .args(["test", "-bench", ".", "-run", "^$", "-benchtime", "1s"])
        .arg(format!("-cpuprofile={}", profile.display()))
        .arg("-o")
        .arg(taken.tmp.path().join("cache.test"))
        .current_dir(taken.path("cache"))
        .env("GOTOOLCHAIN", "local")
        .output()
        .expect("go test");
    assert!(
        out.status.success(),
        "go test -cpuprofile failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let profile = profile.to_str().unwrap().to_string();
    let sweep = |tree: &Tree| {
        let run = tree
            .run(&["--profile", &profile, "--hot-threshold", "1%", "./..."])
            .expect(0);
        assert!(
            run.summary()
                .contains("rewrote 1 (1 safe, 0 unsafe) in 1 file; left 1: 1 cold"),
            "{}",
            run.stderr
        );
        let text = tree.read("cache/cache.go");
        assert!(!has_defer_in(&text, "Get(k int)"), "{text}");
        assert!(has_defer_in(&text, "Stats()"), "{text}");
        text
    };
    // Where the profile was taken.
    let here = sweep(&taken);
    // The same module in another directory under another name.
    let elsewhere = module("checkout-of-the-service");
    assert_eq!(sweep(&elsewhere), here);
    // Lines inserted above the functions: the lines no longer match, the name does.
    let moved = module("profiled");
    let text = moved.read("cache/cache.go").replace(
        "import \"sync\"\n",
        "import \"sync\"\n\n// Five lines\n// inserted\n// since the\n// profile was\n// taken.\n",
    );
    moved.write("cache/cache.go", &text);
    sweep(&moved);
    // The numbers: the benchmark's samples are nearly all under Get.
    let fresh = module("profiled");
    let run = fresh
        .run(&[
            "--mode",
            "analyze",
            "--profile",
            &profile,
            "--format",
            "jsonl",
            ".",
        ])
        .expect(1);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    assert_eq!(rows[0]["profile"]["function"], HOT);
    assert!(
        rows[0]["profile"]["cum_pct"].as_f64().unwrap() > 50.0,
        "{}",
        rows[0]
    );
    assert!(rows[1].get("profile").is_none(), "{}", rows[1]);
}

#[test]
fn list_defers_puts_the_hottest_functions_first() {
    let tree = module("profiled");
    // Stats (line 27) hot, Get absent: Stats's defer is listed first.
    let mut b = Builder::cpu();
    let stats = b.func(
        "example.com/profiled/cache.(*Cache).Stats",
        "/build/cache/cache.go",
        27,
    );
    let l = b.loc(&[(stats, 30)]);
    b.sample(&[l], 3_000_000);
    tree.write("cpu.pprof", b.bytes());
    let run = tree
        .run(&[
            "--list-defers",
            "--profile",
            "cpu.pprof",
            "--format",
            "jsonl",
            ".",
        ])
        .expect(0);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    assert_eq!(rows[0]["function"], "(*Cache).Stats");
    assert_eq!(rows[0]["profile"]["cum_pct"], 100.0);
    assert_eq!(rows[1]["function"], "(*Cache).Get");
    assert!(rows[1].get("profile").is_none());
    let run = tree
        .run(&["--list-defers", "--profile", "cpu.pprof", "."])
        .expect(0);
    insta::assert_snapshot!("list_defers_text", run.stdout);
}
