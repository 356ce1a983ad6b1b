//! Fixture harness: every `tests/fixtures/<rule>/<case>.go` is run through the engine
//! with only that rule selected, and one snapshot records the diagnostics and the
//! diffs of the Safe-only and the `--unsafe-fixes` rewrite. Beyond the snapshot the
//! harness checks what a reviewer cannot see at a glance: the output parses, is
//! gofmt-clean, a second run changes nothing, and the rule no longer fires with a fix
//! on its own output. When `go` is on PATH, every output is also type-checked with
//! `go vet`.

use gdr_core::{Applicability, Engine, Settings, SourceFile};
use std::path::{Path, PathBuf};
use std::process::Command;

/// An engine with only `rule` selected. A fixture may set its explicit-call patterns
/// with a line `// gdr:patterns P1, P2` (as `[explicit-call] patterns` would), its
/// no-panic allowlist with `// gdr:no_panic K1, K2` (as `[safety] no_panic`), its
/// rollback strategy with `// gdr:strategy flag` (as `[rollback] strategy`), and ask
/// for the reasoning behind each fix with `// gdr:explain` (as `--explain-safety`).
/// With `// gdr:safety` the snapshot shows each fix's sentence on its safety too.
fn engine_for(rule: &str, fixture: &str) -> Engine {
    Engine::new(settings_for(rule, fixture), gdr_rules::all_rules())
}

fn settings_for(rule: &str, fixture: &str) -> Settings {
    let mut settings = Settings {
        select: vec![rule.to_string()],
        explain_safety: fixture.lines().any(|l| l.trim_end() == "// gdr:explain"),
        ..Settings::default()
    };
    if let Some(line) = fixture
        .lines()
        .find_map(|l| l.strip_prefix("// gdr:strategy "))
    {
        settings.rollback_strategy =
            gdr_core::config::RollbackStrategy::parse(line.trim()).expect("fixture strategy");
    }
    if let Some(line) = fixture
        .lines()
        .find_map(|l| l.strip_prefix("// gdr:no_panic "))
    {
        settings.no_panic = line
            .split(", ")
            .map(gdr_core::allowlist::normalize)
            .collect();
    }
    if let Some(line) = fixture
        .lines()
        .find_map(|l| l.strip_prefix("// gdr:patterns "))
    {
        settings.explicit_call = line
            .split(", ")
            .map(|p| gdr_core::CallPattern::parse(p).expect("fixture pattern"))
            .collect();
    }
    settings
}

/// DR004 findings (exits leaving a lock held or a transaction open) in `text`.
fn exit_coverage_findings(fixture: &str, text: &str) -> Vec<String> {
    let engine = Engine::new(settings_for("DR004", fixture), gdr_rules::all_rules());
    let file = SourceFile::parse("output.go", text.to_string());
    engine
        .check(&file, &engine.package_view(&[&file]))
        .into_iter()
        .map(|d| {
            let (l, _) = file.lines.line_col(d.span.start);
            format!("{l}: {}", d.message)
        })
        .collect()
}

fn render_diagnostics(file: &SourceFile, diags: &[gdr_core::Diagnostic]) -> String {
    let show_safety = file.text.lines().any(|l| l.trim_end() == "// gdr:safety");
    let mut out = String::new();
    for d in diags {
        let (l, c) = file.lines.line_col(d.span.start);
        let fix = d.fix.as_ref().map_or("no fix".to_string(), |f| {
            format!("{} fix", f.applicability.as_str())
        });
        out.push_str(&format!("{l}:{c} {} [{fix}] {}\n", d.code, d.message));
        if let Some(r) = &d.reason {
            out.push_str(&format!("    reason: {r}\n"));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("    help: {h}\n"));
        }
        if let Some((span, label)) = &d.related {
            let (l, c) = file.lines.line_col(span.start);
            out.push_str(&format!(
                "    at {l}:{c} `{}`: {label}\n",
                file.text[span.clone()].lines().next().unwrap_or("")
            ));
        }
        if let Some(f) = d.fix.as_ref().filter(|_| show_safety) {
            out.push_str(&format!("    safety: {}\n", f.safety));
        }
    }
    out
}

fn diff(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header("input", "output")
        .to_string()
}

fn gofmt_clean(text: &str) -> Option<bool> {
    let mut child = Command::new("gofmt")
        .arg("-l")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    Some(out.status.success() && out.stdout.is_empty())
}

/// Fix `text`, checking the invariants; returns the output text.
fn fix_checked(engine: &Engine, name: &str, text: &str, unsafe_fixes: bool) -> String {
    let path = Path::new(name);
    let out = engine.fix_text(path, text, unsafe_fixes);
    assert!(
        out.internal_error.is_none(),
        "{name}: {:?}",
        out.internal_error
    );
    assert!(
        out.dropped.is_empty(),
        "{name}: fixes did not converge: {:?}",
        out.dropped
    );
    let fixed = out.fixed.unwrap_or_else(|| text.to_string());
    let file = SourceFile::parse(path, fixed.clone());
    assert!(
        !file.has_syntax_errors(),
        "{name}: output does not parse:\n{fixed}"
    );
    let again = engine.fix(&file, &engine.package_view(&[&file]), unsafe_fixes);
    assert!(
        again.fixed.is_none(),
        "{name}: a second run changed the output"
    );
    let wanted =
        |a: Applicability| a == Applicability::Safe || (unsafe_fixes && a == Applicability::Unsafe);
    let still = again
        .diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| wanted(f.applicability)))
        .count();
    assert_eq!(
        still, 0,
        "{name}: the rule still offers fixes on its own output"
    );
    if gofmt_clean(text) == Some(true) {
        assert_eq!(
            gofmt_clean(&fixed),
            Some(true),
            "{name}: output is not gofmt-clean:\n{fixed}"
        );
    }
    fixed
}

fn fixture_files(rule_dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rule_dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// Run every fixture of a rule; returns (case name, safe output, unsafe output).
fn run_rule_fixtures(rule_dir: &str, code: &str) -> Vec<(String, String, String)> {
    let mut outputs = Vec::new();
    for path in fixture_files(rule_dir) {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let engine = engine_for(code, &text);
        let file = SourceFile::parse(&path, text.clone());
        let diags = engine.check(&file, &engine.package_view(&[&file]));
        assert!(
            !diags.is_empty(),
            "{name}: the rule reports nothing on its fixture"
        );
        let safe = fix_checked(&engine, &name, &text, false);
        let unsafe_ = fix_checked(&engine, &name, &text, true);
        // The analysis that finds leaks in hand-written code checks our rewrites:
        // a rewrite must never leave an exit with a lock held or a transaction open.
        let before = exit_coverage_findings(&text, &text).len();
        for (kind, out) in [("safe", &safe), ("unsafe", &unsafe_)] {
            let after = exit_coverage_findings(&text, out);
            assert!(
                after.len() <= before,
                "{name} ({kind}): the rewrite leaves a resource held (DR004):\n{}",
                after.join("\n")
            );
        }
        let mut snap = String::new();
        snap.push_str("--- diagnostics ---\n");
        snap.push_str(&render_diagnostics(&file, &diags));
        snap.push_str("--- safe fixes ---\n");
        snap.push_str(&diff(&text, &safe));
        if unsafe_ != safe {
            snap.push_str("--- with --unsafe-fixes ---\n");
            snap.push_str(&diff(&text, &unsafe_));
        }
        insta::with_settings!({ snapshot_path => format!("snapshots/{rule_dir}"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name.clone(), snap);
        });
        outputs.push((name, safe, unsafe_));
    }
    outputs
}

/// Type-check outputs with `go vet`, each fixture its own package in a temp module.
fn go_vet_outputs(outputs: &[(String, String, String)]) {
    if Command::new("go").arg("version").output().is_err() {
        eprintln!("go not on PATH: skipping go vet of fixture outputs");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("go.mod"), "module fixtures\n\ngo 1.23\n").unwrap();
    for (name, safe, unsafe_) in outputs {
        for (kind, text) in [("safe", safe), ("unsafe", unsafe_)] {
            let pkg = dir
                .path()
                .join(format!("{}_{kind}", name.replace('-', "_")));
            std::fs::create_dir_all(&pkg).unwrap();
            std::fs::write(pkg.join("fixture.go"), text).unwrap();
        }
    }
    let out = Command::new("go")
        .args(["vet", "./..."])
        .current_dir(dir.path())
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-mod=mod")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "go vet failed on fixture outputs:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn explicit_call_fixtures() {
    let outputs = run_rule_fixtures("explicit-call", "DR001");
    go_vet_outputs(&outputs);
}

#[test]
fn rollback_if_err_fixtures() {
    let outputs = run_rule_fixtures("rollback-if-err", "DR002");
    go_vet_outputs(&outputs);
}

#[test]
fn rollback_flag_fixtures() {
    let outputs = run_rule_fixtures("rollback-flag", "DR003");
    go_vet_outputs(&outputs);
}

#[test]
fn exit_coverage_fixtures() {
    let outputs = run_rule_fixtures("exit-coverage", "DR004");
    go_vet_outputs(&outputs);
}

#[test]
fn defer_in_loop_fixtures() {
    let outputs = run_rule_fixtures("defer-in-loop", "DR005");
    go_vet_outputs(&outputs);
}

#[test]
fn not_open_coded_fixtures() {
    let outputs = run_rule_fixtures("not-open-coded", "DR006");
    go_vet_outputs(&outputs);
}

#[test]
fn defer_closure_capture_fixtures() {
    let outputs = run_rule_fixtures("defer-closure-capture", "DR007");
    go_vet_outputs(&outputs);
}

#[test]
fn inlining_blocked_fixtures() {
    let outputs = run_rule_fixtures("inlining-blocked", "DR008");
    go_vet_outputs(&outputs);
}
