//! `--mode verify`: rewrite in memory, then check the result with the Go toolchain
//! without touching the user's tree.
//!
//! Every changed file must parse and be unchanged by a second pass (checked while
//! fixing, see gdr-driver's `process.rs`); must be gofmt-clean when the original was; and its
//! package must still pass `go vet` and `go build` (and `go test` with
//! `--verify-tests`) with the rewritten files swapped in through Go's `-overlay`
//! mechanism. A package whose check fails with the overlay is checked again without
//! it: when the original fails too (a missing dependency, a build constraint, a
//! broken package), the result is "could not check", not a rewrite failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub use gdr_driver::report::Change;

/// The verdict for one package directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    Failed { check: String, output: String },
    CouldNotCheck { reason: String },
}

#[derive(Debug, Clone)]
pub struct PackageResult {
    pub dir: PathBuf,
    pub files: usize,
    pub verdict: Verdict,
    /// The checks run on the package, in order (the failing one last).
    pub checks: Vec<String>,
}

pub struct Options {
    pub tests: bool,
}

/// What verification found, package by package, plus notes (checks skipped).
pub struct Report {
    pub packages: Vec<PackageResult>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.packages
            .iter()
            .filter(|p| matches!(p.verdict, Verdict::Failed { .. }))
            .count()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for n in &self.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        for p in &self.packages {
            let files = crate::output::plural(p.files, "file", "files");
            let ran = if p.checks.is_empty() {
                "none".to_string()
            } else {
                p.checks.join(", ")
            };
            match &p.verdict {
                Verdict::Ok => out.push_str(&format!(
                    "ok      {} ({files}); checked: {ran}\n",
                    p.dir.display()
                )),
                Verdict::CouldNotCheck { reason } => out.push_str(&format!(
                    "skipped {} ({files}): could not check: {reason}; checks run: {ran}\n",
                    p.dir.display()
                )),
                Verdict::Failed { check, output } => {
                    out.push_str(&format!(
                        "FAIL    {} ({files}): {check}; checks run: {ran}\n",
                        p.dir.display()
                    ));
                    for line in output.lines().take(40) {
                        out.push_str(&format!("        {line}\n"));
                    }
                }
            }
        }
        let ok = self
            .packages
            .iter()
            .filter(|p| p.verdict == Verdict::Ok)
            .count();
        let skipped = self.packages.len() - ok - self.failed();
        out.push_str(&format!(
            "verify: {}: {ok} ok, {} failed, {skipped} could not be checked\n",
            crate::output::plural(self.packages.len(), "package", "packages"),
            self.failed()
        ));
        out
    }
}

/// The directory of a file as given (`.` for a bare file name).
fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn on_path(tool: &str) -> bool {
    Command::new(tool).arg("-h").output().is_ok()
}

/// `gofmt -l` over `files`: the ones it lists are not formatted.
fn gofmt_unclean(files: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let out = Command::new("gofmt")
        .arg("-l")
        .args(files)
        .output()
        .map_err(|e| format!("cannot run gofmt: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(PathBuf::from)
        .collect())
}

/// The folder with go.mod above `dir`, if any (GOPATH-style and GOROOT trees have none).
fn module_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join("go.mod").is_file())
        .map(Path::to_path_buf)
}

/// Is `dir` inside `GOROOT/src` (the standard library, checked by import path)?
fn goroot_import_path(dir: &Path, goroot_src: Option<&Path>) -> Option<String> {
    let rel = dir.strip_prefix(goroot_src?).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

fn go_env(key: &str) -> Option<PathBuf> {
    let out = Command::new("go").args(["env", key]).output().ok()?;
    let s = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!s.is_empty()).then(|| PathBuf::from(s))
}

/// Verify `changes`. Writes only into a temporary directory.
pub fn verify(changes: &[Change], opts: &Options) -> Report {
    let mut notes = Vec::new();
    let mut by_dir: BTreeMap<PathBuf, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        by_dir.entry(dir_of(&c.path)).or_default().push(c);
    }
    let tmp = match tempfile::Builder::new().prefix("gdr-verify").tempdir() {
        Ok(t) => t,
        Err(e) => {
            notes.push(format!("cannot create a temporary directory: {e}"));
            return Report {
                packages: Vec::new(),
                notes,
            };
        }
    };
    // Rewritten files, and the overlay that swaps them in.
    let mut overlay = serde_json::Map::new();
    let mut rewritten: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for (i, c) in changes.iter().enumerate() {
        let name = c
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dest = tmp.path().join(format!("{i}-{name}"));
        if let Err(e) = std::fs::write(&dest, &c.fixed) {
            notes.push(format!("cannot write {}: {e}", dest.display()));
            return Report {
                packages: Vec::new(),
                notes,
            };
        }
        let abs = std::path::absolute(&c.path).unwrap_or_else(|_| c.path.clone());
        overlay.insert(
            abs.to_string_lossy().into_owned(),
            serde_json::Value::String(dest.to_string_lossy().into_owned()),
        );
        rewritten.insert(c.path.clone(), dest);
    }
    let overlay_path = tmp.path().join("overlay.json");
    let overlay_json = serde_json::json!({ "Replace": overlay });
    if let Err(e) = std::fs::write(&overlay_path, overlay_json.to_string()) {
        notes.push(format!("cannot write the overlay: {e}"));
        return Report {
            packages: Vec::new(),
            notes,
        };
    }

    let mut results: BTreeMap<PathBuf, Verdict> = BTreeMap::new();
    // The checks run on each package, for the report: a package that failed one is
    // not checked further.
    let mut ran: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    // 1. Parse and second pass (decided while fixing).
    for (dir, files) in &by_dir {
        let idempotent = files.iter().all(|c| c.idempotent);
        ran.entry(dir.clone()).or_default().extend(
            (if idempotent {
                &["second pass", "parse"][..]
            } else {
                &["second pass"][..]
            })
            .iter()
            .map(|c| c.to_string()),
        );
        if let Some(c) = files.iter().find(|c| !c.idempotent) {
            results.insert(
                dir.clone(),
                Verdict::Failed {
                    check: "second pass".into(),
                    output: format!("a second rewrite of {} changed it again", c.path.display()),
                },
            );
        } else if let Some(c) = files
            .iter()
            .find(|c| gdr_core::SourceFile::parse(&c.path, c.fixed.clone()).has_syntax_errors())
        {
            results.insert(
                dir.clone(),
                Verdict::Failed {
                    check: "parse".into(),
                    output: format!("{} does not parse after the rewrite", c.path.display()),
                },
            );
        }
    }
    // 2. gofmt, where the original was clean.
    if on_path("gofmt") {
        let originals: Vec<PathBuf> = changes.iter().map(|c| c.path.clone()).collect();
        let temps: Vec<PathBuf> = rewritten.values().cloned().collect();
        match (gofmt_unclean(&originals), gofmt_unclean(&temps)) {
            (Ok(orig_bad), Ok(new_bad)) => {
                for dir in by_dir.keys() {
                    if !results.contains_key(dir) {
                        ran.entry(dir.clone()).or_default().push("gofmt".into());
                    }
                }
                for c in changes {
                    let dest = &rewritten[&c.path];
                    if new_bad.contains(dest) && !orig_bad.contains(&c.path) {
                        results.entry(dir_of(&c.path)).or_insert(Verdict::Failed {
                            check: "gofmt".into(),
                            output: format!("{} is no longer gofmt-clean", c.path.display()),
                        });
                    }
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                notes.push(format!("gofmt failed, formatting not checked: {e}"))
            }
        }
    } else {
        notes.push("gofmt is not on PATH: formatting was not checked".into());
    }
    // 3. The Go toolchain.
    if !on_path("go") {
        notes.push("go is not on PATH: go vet, go build and go test were not run".into());
        for dir in by_dir.keys() {
            results
                .entry(dir.clone())
                .or_insert(Verdict::CouldNotCheck {
                    reason: "go is not on PATH".into(),
                });
        }
    } else {
        let goroot_src = go_env("GOROOT").map(|g| g.join("src"));
        let cgo = Command::new("go")
            .args(["env", "CGO_ENABLED"])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "1");
        let mut checks: Vec<(&str, Vec<String>)> = vec![
            ("go vet", vec!["vet".into()]),
            ("go build", vec!["build".into()]),
        ];
        if opts.tests {
            let mut args = vec!["test".to_string(), "-count=1".to_string()];
            if cgo {
                args.push("-race".into());
            } else {
                notes.push("cgo is not available: go test runs without -race".into());
            }
            checks.push(("go test", args));
        }
        for dir in by_dir.keys() {
            if results.contains_key(dir) {
                continue;
            }
            let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
            let (cwd, target) = match (
                goroot_import_path(&abs, goroot_src.as_deref()),
                module_root(&abs),
            ) {
                (Some(import), _) => (abs.clone(), import),
                (None, Some(root)) => {
                    let rel = abs
                        .strip_prefix(&root)
                        .map(|r| r.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default();
                    (
                        root,
                        if rel.is_empty() {
                            ".".to_string()
                        } else {
                            format!("./{rel}")
                        },
                    )
                }
                (None, None) => (abs.clone(), ".".to_string()),
            };
            let mut verdict = Verdict::Ok;
            for (name, args) in &checks {
                ran.entry(dir.clone()).or_default().push(name.to_string());
                let run = |with_overlay: bool| {
                    let mut cmd = Command::new("go");
                    cmd.args(args);
                    if with_overlay {
                        cmd.arg(format!("-overlay={}", overlay_path.display()));
                    }
                    cmd.arg(&target).current_dir(&cwd);
                    cmd.output()
                };
                match run(true) {
                    Err(e) => {
                        verdict = Verdict::CouldNotCheck {
                            reason: format!("cannot run go: {e}"),
                        };
                        break;
                    }
                    Ok(out) if out.status.success() => {}
                    Ok(out) => {
                        let output = format!(
                            "{}{}",
                            String::from_utf8_lossy(&out.stdout),
                            String::from_utf8_lossy(&out.stderr)
                        );
                        // Does the original fail the same check? Then it says nothing of the rewrite.
                        let baseline_ok = run(false).is_ok_and(|o| o.status.success());
                        verdict = if baseline_ok {
                            Verdict::Failed {
                                check: name.to_string(),
                                output,
                            }
                        } else {
                            let first = output
                                .lines()
                                .find(|l| !l.starts_with('#'))
                                .unwrap_or("")
                                .to_string();
                            Verdict::CouldNotCheck {
                                reason: format!("{name} fails on the original too: {first}"),
                            }
                        };
                        break;
                    }
                }
            }
            results.insert(dir.clone(), verdict);
        }
    }
    let packages = results
        .into_iter()
        .map(|(dir, verdict)| PackageResult {
            files: by_dir.get(&dir).map_or(0, Vec::len),
            checks: ran.remove(&dir).unwrap_or_default(),
            dir,
            verdict,
        })
        .collect();
    Report { packages, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn have_go() -> bool {
        on_path("go")
    }

    const ORIGINAL: &str = "package p\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc Get(m map[string]int, k string) int {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\tv := m[k]\n\treturn v\n}\n";

    fn module() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("go.mod"),
            "module example.com/p\n\ngo 1.21\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("p.go"), ORIGINAL).unwrap();
        dir
    }

    fn change(dir: &Path, fixed: &str) -> Change {
        Change {
            path: dir.join("p.go"),
            fixed: fixed.into(),
            idempotent: true,
        }
    }

    #[test]
    fn a_broken_rewrite_fails_and_the_tree_is_untouched() {
        if !have_go() {
            eprintln!("go not on PATH: skipped");
            return;
        }
        let dir = module();
        // A deliberately wrong rewrite: the declaration of `v` dropped, `v` still used.
        let broken = "package p\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc Get(m map[string]int, k string) int {\n\tmu.Lock()\n\tmu.Unlock()\n\treturn v\n}\n";
        let report = verify(&[change(dir.path(), broken)], &Options { tests: false });
        assert_eq!(report.failed(), 1, "{}", report.render());
        assert!(
            matches!(&report.packages[0].verdict, Verdict::Failed { check, output } if check == "go vet" && output.contains("undefined: v")),
            "{}",
            report.render()
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("p.go")).unwrap(),
            ORIGINAL
        );
        // go vet failed: go build was not run, and the report says what was.
        let checks = &report.packages[0].checks;
        assert_eq!(
            checks.last().map(String::as_str),
            Some("go vet"),
            "{checks:?}"
        );
        assert!(!checks.iter().any(|c| c == "go build"), "{checks:?}");
        assert!(
            report
                .render()
                .contains(": go vet; checks run: second pass, parse"),
            "{}",
            report.render()
        );
    }

    #[test]
    fn a_correct_rewrite_passes() {
        if !have_go() {
            eprintln!("go not on PATH: skipped");
            return;
        }
        let dir = module();
        let good = "package p\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc Get(m map[string]int, k string) int {\n\tmu.Lock()\n\tv := m[k]\n\tmu.Unlock()\n\treturn v\n}\n";
        let report = verify(&[change(dir.path(), good)], &Options { tests: true });
        assert_eq!(report.failed(), 0, "{}", report.render());
        assert_eq!(
            report.packages[0].verdict,
            Verdict::Ok,
            "{}",
            report.render()
        );
        // The report names every check the package passed.
        let mut want = vec!["second pass", "parse"];
        if on_path("gofmt") {
            want.push("gofmt");
        }
        want.extend(["go vet", "go build", "go test"]);
        assert_eq!(report.packages[0].checks, want, "{}", report.render());
        assert!(
            report
                .render()
                .contains(&format!("(1 file); checked: {}\n", want.join(", "))),
            "{}",
            report.render()
        );
    }

    #[test]
    fn an_unformatted_result_fails_gofmt_and_a_non_idempotent_one_fails() {
        if !on_path("gofmt") {
            return;
        }
        let dir = module();
        let ugly = ORIGINAL.replace("\tv := m[k]", "\tv:=m[k]");
        let report = verify(&[change(dir.path(), &ugly)], &Options { tests: false });
        assert!(
            matches!(&report.packages[0].verdict, Verdict::Failed { check, .. } if check == "gofmt"),
            "{}",
            report.render()
        );
        let mut c = change(dir.path(), ORIGINAL);
        c.idempotent = false;
        let report = verify(&[c], &Options { tests: false });
        assert!(
            matches!(&report.packages[0].verdict, Verdict::Failed { check, .. } if check == "second pass"),
            "{}",
            report.render()
        );
        assert_eq!(report.packages[0].checks, ["second pass"]);
    }

    #[test]
    fn a_package_that_does_not_build_before_the_rewrite_could_not_be_checked() {
        if !have_go() {
            return;
        }
        let dir = module();
        // The original needs a module that is not there.
        let needs_dep = "package p\n\nimport _ \"example.com/not/there\"\n";
        std::fs::write(dir.path().join("p.go"), needs_dep).unwrap();
        let c = Change {
            path: dir.path().join("p.go"),
            fixed: format!("{needs_dep}\n// rewritten\n"),
            idempotent: true,
        };
        let report = verify(&[c], &Options { tests: false });
        assert!(
            matches!(&report.packages[0].verdict, Verdict::CouldNotCheck { .. }),
            "{}",
            report.render()
        );
        assert_eq!(report.failed(), 0);
    }
}
