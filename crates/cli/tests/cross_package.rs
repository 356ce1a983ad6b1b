//! End-to-end: a call into another package is proven panic-free from that
//! package's body only when the code is certainly the code the go command builds:
//! a package of the same module, a `replace`d local directory, a dependency in the
//! module cache at exactly the version go.mod requires, `vendor/`, a module of the
//! `go.work`. Anything else leaves the fix Unsafe (fewer Safe fixes, nothing wrong).
//!
//! Each fixture is a small module tree under `tests/fixtures/cross-package/`; each
//! run gets its own module cache (an empty directory unless the test gives one) and
//! no GOWORK or GOFLAGS from the environment of the tests.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{binary, run_with, Run, Tree};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cross-package")
}

/// A copy of the fixture `case` in a temporary directory.
fn copy(case: &str) -> Tree {
    Tree::copy_dir(&fixtures().join(case), case)
}

/// An empty module cache for a run in `tree`.
fn empty_cache(tree: &Tree) -> PathBuf {
    let dir = tree.tmp.path().join("empty-modcache");
    std::fs::create_dir_all(&dir).expect("create the empty module cache");
    dir
}

/// The binary with GOMODCACHE set to `modcache` (an empty directory when None),
/// GOWORK and GOFLAGS unset, then `vars` set.
fn command(tree: &Tree, modcache: Option<&Path>, vars: &[(&str, &str)]) -> Command {
    let modcache = modcache.map_or_else(|| empty_cache(tree), Path::to_path_buf);
    let mut c = binary();
    c.env("GOMODCACHE", modcache)
        .env_remove("GOWORK")
        .env_remove("GOFLAGS");
    for (k, v) in vars {
        c.env(k, v);
    }
    c
}

/// A DR001 finding, reduced to what these tests assert.
#[derive(Debug)]
struct Finding {
    /// The file, relative to the directory the run is in.
    file: String,
    /// The function the defer is in (`Add` for `func (c *Counter) Add`).
    func: String,
    /// `safe`, `unsafe`, or `none` (no fix).
    applicability: String,
    /// Safe: the reasoning (`why: ...` of the help); else: why it is not Safe.
    text: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}: {}",
            self.file, self.func, self.applicability, self.text
        )
    }
}

/// The name of the function declared last before line `line` (1-based) of `text`.
fn function_at(text: &str, line: usize) -> String {
    let decl = text
        .lines()
        .take(line)
        .filter(|l| l.starts_with("func "))
        .last()
        .unwrap_or_else(|| panic!("no function before line {line}"));
    let rest = &decl["func ".len()..];
    // A method: skip the receiver.
    let rest = match rest.strip_prefix('(') {
        Some(r) => r.split_once(") ").map_or(r, |(_, after)| after),
        None => rest,
    };
    rest.split('(').next().unwrap_or(rest).to_string()
}

/// The DR001 findings of `--mode analyze --format jsonl --explain-safety ./...`
/// run in `dir` (relative to the tree).
fn analyze(tree: &Tree, dir: &str, command: Command) -> Vec<Finding> {
    let root = tree.path(dir);
    let run = run_with(
        command,
        &root,
        &[
            "--mode",
            "analyze",
            "--no-config",
            "--format",
            "jsonl",
            "--explain-safety",
            "./...",
        ],
    );
    findings(&root, &run)
}

fn findings(root: &Path, run: &Run) -> Vec<Finding> {
    assert!(
        run.code == 0 || run.code == 1,
        "exit status {}\n--- stdout:\n{}\n--- stderr:\n{}",
        run.code,
        run.stdout,
        run.stderr
    );
    assert!(
        !run.stderr.contains("error"),
        "the run reported an error:\n{}",
        run.stderr
    );
    let mut out = Vec::new();
    for line in run.stdout.lines() {
        let f: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if f["code"] != "DR001" {
            continue;
        }
        let file = f["path"].as_str().expect("path").to_string();
        let text = std::fs::read_to_string(root.join(&file)).expect("read the finding's file");
        let func = function_at(&text, f["line"].as_u64().expect("line") as usize);
        let applicability = f["fix"]["applicability"]
            .as_str()
            .unwrap_or("none")
            .to_string();
        let help = f["help"].as_str().unwrap_or("");
        let text = match applicability.as_str() {
            "safe" => help
                .lines()
                .find_map(|l| l.strip_prefix("why: "))
                .unwrap_or("")
                .to_string(),
            "unsafe" => f["fix"]["message"].as_str().unwrap_or("").to_string(),
            _ => f["reason"].as_str().unwrap_or("").to_string(),
        };
        out.push(Finding {
            file,
            func,
            applicability,
            text,
        });
    }
    out.sort_by(|a, b| (&a.file, &a.func).cmp(&(&b.file, &b.func)));
    out
}

/// One line per finding, for a snapshot.
fn render(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{f}\n"))
        .collect::<String>()
}

fn find<'a>(findings: &'a [Finding], file: &str, func: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.file == file && f.func == func)
        .unwrap_or_else(|| panic!("no finding in {file} {func}:\n{}", render(findings)))
}

/// The fix of the defer in `func` is Safe, and the reasoning names `note`.
#[track_caller]
fn assert_safe(findings: &[Finding], file: &str, func: &str, note: &str) {
    let f = find(findings, file, func);
    assert_eq!(f.applicability, "safe", "{f}");
    assert!(f.text.contains(note), "{f}\nwanted: {note}");
}

/// The fix of the defer in `func` is Unsafe, for a reason naming `why`.
#[track_caller]
fn assert_unsafe(findings: &[Finding], file: &str, func: &str, why: &str) {
    let f = find(findings, file, func);
    assert_eq!(f.applicability, "unsafe", "{f}");
    assert!(f.text.contains(why), "{f}\nwanted: {why}");
}

/// Is a Go toolchain on the PATH?
fn have_go() -> bool {
    Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `go build ./...` and `go vet ./...` pass in `dir`, offline.
fn assert_go_builds(dir: &Path, modcache: &Path) {
    for verb in ["build", "vet"] {
        let out = Command::new("go")
            .args([verb, "./..."])
            .current_dir(dir)
            .env("GOFLAGS", "")
            .env("GOWORK", "off")
            .env("GOPROXY", "off")
            .env("GOMODCACHE", modcache)
            .output()
            .expect("run go");
        assert!(
            out.status.success(),
            "go {verb} ./... failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Rewrite `dir` of the tree in place (Safe fixes only): the run's summary line.
fn rewrite(tree: &Tree, dir: &str, command: Command) -> String {
    rewrite_inputs(tree, dir, command, &["./..."])
}

/// Rewrite `inputs` in place, run in `dir` of the tree: the run's summary line.
fn rewrite_inputs(tree: &Tree, dir: &str, command: Command, inputs: &[&str]) -> String {
    let mut args = vec!["--no-config"];
    args.extend_from_slice(inputs);
    let run = run_with(command, &tree.path(dir), &args);
    assert!(
        run.code == 0 || run.code == 1,
        "exit status {}\n{}",
        run.code,
        run.stderr
    );
    run.summary().to_string()
}

#[test]
fn same_module_helpers_are_followed_into_their_package() {
    let tree = copy("same-module");
    let found = analyze(&tree, ".", command(&tree, None, &[]));
    insta::assert_snapshot!("same_module", render(&found));
    // 1. A panic-free helper of another package of the module.
    assert_safe(
        &found,
        "app/app.go",
        "Add",
        "`helper.Add` (example.com/m/helper.Add) is proven panic-free from its body (module example.com/m)",
    );
    // 2. A helper that may index out of range: the reason names it and why.
    assert_unsafe(
        &found,
        "app/app.go",
        "At",
        "call to `helper.At` (example.com/m/helper.At, module example.com/m), which may panic: index `xs[i]` may be out of range",
    );
    // 3. Recursion within the helper's package (across packages Go forbids the
    // import cycle): never proven.
    assert_unsafe(
        &found,
        "app/app.go",
        "Depth",
        "`helper.Depth` (example.com/m/helper.Depth, module example.com/m), which may panic: it is recursive",
    );
    assert_unsafe(
        &found,
        "app/app.go",
        "Even",
        "`helper.Even` (example.com/m/helper.Even, module example.com/m), which may panic: it is recursive or in a cycle of calls",
    );
}

#[test]
fn same_module_rewrite_builds_and_vets() {
    if !have_go() {
        eprintln!("skipped: go is not on PATH");
        return;
    }
    let tree = copy("same-module");
    let summary = rewrite(&tree, ".", command(&tree, None, &[]));
    assert!(
        summary.contains("rewrote 1 (1 safe, 0 unsafe)"),
        "{summary}"
    );
    // Only Add's defer is gone.
    assert_eq!(
        tree.read("app/app.go")
            .matches("defer c.mu.Unlock()")
            .count(),
        3
    );
    assert_go_builds(&tree.root, &empty_cache(&tree));
}

#[test]
fn a_helper_that_differs_by_build_is_not_proven() {
    let tree = copy("build-tags");
    let found = analyze(&tree, ".", command(&tree, None, &[]));
    insta::assert_snapshot!("build_tags", render(&found));
    // Panic-free under `//go:build linux`, may panic under `!linux`.
    assert_unsafe(
        &found,
        "app/app.go",
        "Scale",
        "call to `helper.Scale` (example.com/m/helper.Scale, module example.com/m), which may panic: index `factors[x]` may be out of range",
    );
    // Written in assembly on amd64 (a declaration without a body).
    assert_unsafe(
        &found,
        "app/app.go",
        "Fast",
        "`helper.Fast` (package example.com/m/helper, not known to be panic-free)",
    );
    // The same panic-free body in every build.
    assert_safe(
        &found,
        "app/app.go",
        "Same",
        "`helper.Same` (example.com/m/helper.Same) is proven panic-free from its body (module example.com/m)",
    );
}

#[test]
fn a_replace_by_a_local_directory_is_followed() {
    let tree = copy("replace");
    let found = analyze(&tree, "m", command(&tree, None, &[]));
    insta::assert_snapshot!("replace", render(&found));
    assert_safe(
        &found,
        "app/app.go",
        "Add",
        "`dep.Add` (example.com/dep.Add) is proven panic-free from its body (example.com/dep => ../dep (replace))",
    );

    // Without the replace, dep v1.0.0 is nowhere: not in the (empty) module cache.
    let gomod = tree.read("m/go.mod");
    tree.write(
        "m/go.mod",
        gomod.replace("replace example.com/dep => ../dep\n", ""),
    );
    let found = analyze(&tree, "m", command(&tree, None, &[]));
    assert_unsafe(
        &found,
        "app/app.go",
        "Add",
        "call to `dep.Add` (package example.com/dep, not known to be panic-free)",
    );
}

#[test]
fn a_replaced_module_is_built_with_the_versions_the_main_module_selects() {
    // m requires other v1.2.0 (whose Twice may panic); dep, replaced by ../dep,
    // requires other v1.0.0 (whose Twice cannot). Building m builds v1.2.0: dep's
    // go.mod does not say which version of other m's build uses.
    let tree = copy("replace-deps");
    let cache = tree.path("cache");
    let found = analyze(&tree, "m", command(&tree, Some(&cache), &[]));
    insta::assert_snapshot!("replace_deps", render(&found));
    assert_safe(
        &found,
        "app/app.go",
        "Add",
        "(example.com/dep => ../dep (replace))",
    );
    assert_unsafe(
        &found,
        "app/app.go",
        "Twice",
        "call to `other.Twice` (package example.com/other, not known to be panic-free)",
    );
    // dep on its own is the main module: other v1.0.0 is what it is built with.
    let found = analyze(&tree, "dep", command(&tree, Some(&cache), &[]));
    assert_safe(
        &found,
        "dep.go",
        "Twice",
        "`other.Twice` (example.com/other.Twice) is proven panic-free from its body (example.com/other v1.0.0 (module cache))",
    );
    // Both in one run: dep is also m's replacement, so its own go.mod does not
    // certainly say which code its imports are.
    let found = analyze(&tree, ".", command(&tree, Some(&cache), &[]));
    assert_unsafe(
        &found,
        "m/app/app.go",
        "Twice",
        "not known to be panic-free",
    );
    assert_unsafe(&found, "dep/dep.go", "Twice", "not known to be panic-free");
    assert_safe(
        &found,
        "m/app/app.go",
        "Add",
        "(example.com/dep => ../dep (replace))",
    );
}

#[test]
fn replace_rewrite_builds_and_vets() {
    if !have_go() {
        eprintln!("skipped: go is not on PATH");
        return;
    }
    let tree = copy("replace");
    let summary = rewrite(&tree, "m", command(&tree, None, &[]));
    assert!(
        summary.contains("rewrote 1 (1 safe, 0 unsafe)"),
        "{summary}"
    );
    assert!(!tree.read("m/app/app.go").contains("defer"));
    assert_go_builds(&tree.path("m"), &empty_cache(&tree));
}

#[test]
fn a_dependency_is_followed_into_the_module_cache_at_the_required_version() {
    let tree = copy("modcache");
    let cache = tree.path("cache");
    let found = analyze(&tree, "m", command(&tree, Some(&cache), &[]));
    insta::assert_snapshot!("modcache", render(&found));
    assert_safe(
        &found,
        "app/app.go",
        "Add",
        "`dep.Add` (example.com/dep.Add) is proven panic-free from its body (example.com/dep v1.0.0 (module cache))",
    );
    // A module path with upper-case letters: `example.com/!upper/lower@v1.0.0`.
    assert_safe(
        &found,
        "app/app.go",
        "Neg",
        "`lower.Neg` (example.com/Upper/lower.Neg) is proven panic-free from its body (example.com/Upper/lower v1.0.0 (module cache))",
    );
    // A module in the module cache resolves only its own packages (dep's
    // internal/sum, above) and std: the version of another module that the main
    // module builds it with is not known there.
    assert_unsafe(
        &found,
        "app/app.go",
        "Twice",
        "call to `other.Twice` (package example.com/other, not known to be panic-free)",
    );

    // An empty module cache: nothing is fetched, the calls are not proven.
    let found = analyze(&tree, "m", command(&tree, None, &[]));
    for func in ["Add", "Neg", "Twice"] {
        assert_unsafe(&found, "app/app.go", func, "not known to be panic-free");
    }

    // go.mod requires v1.1.0; the cache holds only v1.0.0.
    let gomod = tree.read("m/go.mod");
    tree.write(
        "m/go.mod",
        gomod.replace("example.com/dep v1.0.0", "example.com/dep v1.1.0"),
    );
    let found = analyze(&tree, "m", command(&tree, Some(&cache), &[]));
    assert_unsafe(
        &found,
        "app/app.go",
        "Add",
        "call to `dep.Add` (package example.com/dep, not known to be panic-free)",
    );
    assert_safe(&found, "app/app.go", "Neg", "(module cache)");

    // `go 1.16`: go.mod does not list the versions the go command selects.
    tree.write("m/go.mod", gomod.replace("go 1.22", "go 1.16"));
    let found = analyze(&tree, "m", command(&tree, Some(&cache), &[]));
    for func in ["Add", "Neg"] {
        assert_unsafe(&found, "app/app.go", func, "not known to be panic-free");
    }
}

#[test]
fn modcache_rewrite_builds_and_vets() {
    if !have_go() {
        eprintln!("skipped: go is not on PATH");
        return;
    }
    let tree = copy("modcache");
    let cache = tree.path("cache");
    let summary = rewrite(&tree, "m", command(&tree, Some(&cache), &[]));
    assert!(
        summary.contains("rewrote 2 (2 safe, 0 unsafe)"),
        "{summary}"
    );
    // The fake cache has no `cache/download` files for the go command: build with
    // each module replaced by its directory in the cache.
    let mut gomod = tree.read("m/go.mod");
    for (module, dir) in [
        ("example.com/dep", "example.com/dep@v1.0.0"),
        ("example.com/other", "example.com/other@v1.0.0"),
        ("example.com/Upper/lower", "example.com/!upper/lower@v1.0.0"),
    ] {
        gomod.push_str(&format!(
            "\nreplace {module} => {}\n",
            cache.join(dir).display()
        ));
    }
    tree.write("m/go.mod", gomod);
    assert_go_builds(&tree.path("m"), &empty_cache(&tree));
}

#[test]
fn a_vendored_dependency_is_followed_into_vendor() {
    let tree = copy("vendor");
    let found = analyze(&tree, ".", command(&tree, None, &[]));
    insta::assert_snapshot!("vendor", render(&found));
    assert_safe(
        &found,
        "app/app.go",
        "Add",
        "`dep.Add` (example.com/dep.Add) is proven panic-free from its body (example.com/dep v1.0.0 (vendor))",
    );
    if have_go() {
        assert_go_builds(&tree.root, &empty_cache(&tree));
    } else {
        eprintln!("go is not on PATH: go build of the vendoring module skipped");
    }

    // GOFLAGS=-mod=mod: the go command builds from the module cache, not vendor/.
    let found = analyze(&tree, ".", command(&tree, None, &[("GOFLAGS", "-mod=mod")]));
    assert_unsafe(
        &found,
        "app/app.go",
        "Add",
        "call to `dep.Add` (package example.com/dep, not known to be panic-free)",
    );
    let cache = tree.tmp.path().join("modcache");
    let dep = cache.join("example.com/dep@v1.0.0");
    std::fs::create_dir_all(&dep).expect("create the module cache");
    std::fs::write(dep.join("go.mod"), "module example.com/dep\n\ngo 1.22\n").expect("write");
    std::fs::copy(
        tree.path("vendor/example.com/dep/dep.go"),
        dep.join("dep.go"),
    )
    .expect("copy");
    for flags in ["-mod=mod", "-mod=readonly", "-trimpath --mod=mod"] {
        let found = analyze(
            &tree,
            ".",
            command(&tree, Some(&cache), &[("GOFLAGS", flags)]),
        );
        assert_safe(
            &found,
            "app/app.go",
            "Add",
            "(example.com/dep v1.0.0 (module cache))",
        );
    }
    // -mod=vendor: vendor/ again.
    let found = analyze(
        &tree,
        ".",
        command(&tree, Some(&cache), &[("GOFLAGS", "-mod=vendor")]),
    );
    assert_safe(
        &found,
        "app/app.go",
        "Add",
        "(example.com/dep v1.0.0 (vendor))",
    );
    // -modfile: another go.mod decides the versions: dependencies are not known.
    let found = analyze(
        &tree,
        ".",
        command(&tree, Some(&cache), &[("GOFLAGS", "-modfile=other.mod")]),
    );
    assert_unsafe(&found, "app/app.go", "Add", "not known to be panic-free");
}

#[test]
fn the_modules_of_a_workspace_are_followed_into_each_other() {
    let tree = copy("workspace");
    let found = analyze(&tree, ".", command(&tree, None, &[]));
    insta::assert_snapshot!("workspace", render(&found));
    assert_safe(
        &found,
        "a/app/app.go",
        "Add",
        "`util.Add` (example.com/b/util.Add) is proven panic-free from its body (module example.com/b (go.work))",
    );
    assert_safe(
        &found,
        "b/app/app.go",
        "Add",
        "`util.Add` (example.com/a/util.Add) is proven panic-free from its body (module example.com/a (go.work))",
    );

    // GOWORK naming the go.work file.
    let work = tree.path("go.work");
    let work = work.to_str().expect("a UTF-8 path");
    let found = analyze(&tree, "a", command(&tree, None, &[("GOWORK", work)]));
    assert_safe(
        &found,
        "app/app.go",
        "Add",
        "(module example.com/b (go.work))",
    );
    // GOWORK naming a go.work elsewhere, whose example.com/b is another directory:
    // the go.work above the modules is not used.
    tree.write(
        "elsewhere/go.work",
        "go 1.22\n\nuse (\n\t../a\n\t../b-fork\n)\n",
    );
    tree.write("b-fork/go.mod", "module example.com/b\n\ngo 1.22\n");
    tree.write(
        "b-fork/util/util.go",
        "package util\n\nvar table []int\n\nfunc Add(a, b int) int {\n\treturn table[a] + b\n}\n",
    );
    let elsewhere = tree.path("elsewhere/go.work");
    let elsewhere = elsewhere.to_str().expect("a UTF-8 path");
    let found = analyze(&tree, "a", command(&tree, None, &[("GOWORK", elsewhere)]));
    assert_unsafe(
        &found,
        "app/app.go",
        "Add",
        "index `table[a]` may be out of range",
    );

    // GOWORK=off: neither module requires the other.
    let found = analyze(&tree, ".", command(&tree, None, &[("GOWORK", "off")]));
    assert_unsafe(
        &found,
        "a/app/app.go",
        "Add",
        "call to `util.Add` (package example.com/b/util, not known to be panic-free)",
    );
    assert_unsafe(
        &found,
        "b/app/app.go",
        "Add",
        "call to `util.Add` (package example.com/a/util, not known to be panic-free)",
    );
}

#[test]
fn a_nested_module_is_not_the_same_module() {
    let tree = copy("nested");
    let found = analyze(&tree, ".", command(&tree, None, &[]));
    insta::assert_snapshot!("nested", render(&found));
    assert_safe(
        &found,
        "app/app.go",
        "Add",
        "`helper.Add` (example.com/m/helper.Add) is proven panic-free from its body (module example.com/m)",
    );
    // `inner/` has a go.mod of its own, which go.mod does not require.
    assert_unsafe(
        &found,
        "app/app.go",
        "Sub",
        "call to `inner.Sub` (package example.com/m/inner/helper, not known to be panic-free)",
    );
}

#[test]
fn an_import_name_that_is_not_the_last_path_element() {
    let tree = copy("package-name");
    let found = analyze(&tree, ".", command(&tree, None, &[]));
    insta::assert_snapshot!("package_name", render(&found));
    // Named imports: the name is the one the spec writes.
    for (func, call) in [
        ("Add", "`h.Add` (example.com/m/go-helper.Add)"),
        ("Mul", "`l2.Mul` (example.com/m/lib/v2.Mul)"),
        ("Sub", "`u.Sub` (example.com/m/util.Sub)"),
    ] {
        assert_safe(&found, "app/named.go", func, call);
    }
    // Without a name the package clause names the import: `go-helper` is `helper`
    // and `lib/v2` is `lib`, as usual, and proven; `util` declaring `package
    // helpers` is not the name guessed from its path, so `helpers` is not known.
    assert_safe(
        &found,
        "app/unnamed.go",
        "Add",
        "`helper.Add` (example.com/m/go-helper.Add) is proven panic-free",
    );
    assert_safe(
        &found,
        "app/unnamed.go",
        "Mul",
        "`lib.Mul` (example.com/m/lib/v2.Mul) is proven panic-free",
    );
    assert_unsafe(
        &found,
        "app/unnamed.go",
        "Sub",
        "the type of `helpers` is not known here",
    );
}

#[test]
fn a_rewrite_in_place_reads_other_packages_as_the_run_found_them() {
    // `a` and `z` call `b`, whose own defers the same run rewrites. Whatever the
    // order in which directories are processed (and b's files written), a and z
    // see b's code as it was: with one thread a comes before b and z after it.
    const SUMMARY: &str = "scanned 3 files (3 with defer), 7 defers; rewrote 6 (6 safe, 0 unsafe) in 3 files; left 1: 1 may-panic (use --unsafe-fixes)";
    let reference = copy("rewrite-order");
    let found = analyze(&reference, ".", command(&reference, None, &[]));
    assert_eq!(
        found.iter().filter(|f| f.applicability == "safe").count(),
        6,
        "{}",
        render(&found)
    );
    assert_safe(
        &found,
        "z/z.go",
        "Put",
        "`c.box.Put` (example.com/m/b.Box.Put) is proven panic-free from its body (module example.com/m)",
    );
    assert_unsafe(&found, "a/a.go", "Third", "division `3 / n`");
    let summary = rewrite(&reference, ".", command(&reference, None, &[]));
    assert_eq!(summary, SUMMARY);
    let expected = reference.files();

    for threads in ["1", "2", "4", "1", "2", "4"] {
        let tree = copy("rewrite-order");
        let summary = rewrite(
            &tree,
            ".",
            command(&tree, None, &[("RAYON_NUM_THREADS", threads)]),
        );
        assert_eq!(summary, SUMMARY, "{threads} threads");
        assert!(
            tree.files() == expected,
            "{threads} threads: another rewrite"
        );
    }

    // Each package as an input of its own.
    let tree = copy("rewrite-order");
    let summary = rewrite_inputs(
        &tree,
        ".",
        command(&tree, None, &[]),
        &["./z", "./b", "./a"],
    );
    assert_eq!(summary, SUMMARY);
    assert!(tree.files() == expected, "separate inputs: another rewrite");

    // b in a run of its own, after the packages that call it.
    let tree = copy("rewrite-order");
    rewrite_inputs(&tree, ".", command(&tree, None, &[]), &["./a", "./z"]);
    rewrite_inputs(&tree, ".", command(&tree, None, &[]), &["./b"]);
    assert!(
        tree.files() == expected,
        "b rewritten last: another rewrite"
    );

    // A second run changes nothing.
    let summary = rewrite(&reference, ".", command(&reference, None, &[]));
    assert!(summary.contains("rewrote nothing"), "{summary}");
    assert!(
        reference.files() == expected,
        "a second run changed the tree"
    );
}
