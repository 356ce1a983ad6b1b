//! End-to-end: the syntax Go added in 1.22–1.26 parses, is analyzed and rewritten
//! like any other code (tests/fixtures/go-syntax: range over an int and over a
//! func, generic type aliases, a type parameter list that refers to its own type,
//! and `new(expr)` in its forms beside `new(T)`; and a package that declares its
//! own `new` and `make`).

mod support;

use std::process::Command;
use support::{assert_go_vet_ok, assert_gofmt_clean, Tree};

/// One line per finding: where, which rule, the fix's applicability and why.
fn findings(jsonl: &str) -> String {
    let mut out = String::new();
    for line in jsonl.lines() {
        let f: serde_json::Value = serde_json::from_str(line).expect("a JSON finding");
        let fix = &f["fix"];
        let (applicability, why) = if fix.is_null() {
            ("no fix", f["help"].as_str().unwrap_or(""))
        } else {
            (
                fix["applicability"].as_str().unwrap_or("?"),
                fix["message"].as_str().unwrap_or(""),
            )
        };
        out.push_str(&format!(
            "{}:{} {} [{applicability}] {}: {why}\n",
            f["path"].as_str().unwrap_or("?"),
            f["line"],
            f["code"].as_str().unwrap_or("?"),
            f["message"].as_str().unwrap_or(""),
        ));
    }
    out
}

/// Does the `go` on PATH know Go 1.26 (the fixture's go.mod asks for it)?
fn go_1_26() -> bool {
    let Ok(out) = Command::new("go").args(["env", "GOVERSION"]).output() else {
        return false;
    };
    let version = String::from_utf8_lossy(&out.stdout);
    let mut parts = version
        .trim()
        .trim_start_matches("go")
        .split(|c: char| !c.is_ascii_digit())
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (1, 26)
}

#[test]
fn go_1_22_to_1_26_syntax_has_no_syntax_error_and_is_analyzed() {
    let tree = Tree::copy("go-syntax");
    let before = tree.files();
    let run = tree
        .run(&[
            "--mode",
            "analyze",
            "--no-config",
            "--format",
            "jsonl",
            "./...",
        ])
        .expect(1);
    assert!(
        !run.stdout.contains("\"code\":\"syntax-error\""),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 11, "a finding per defer");
    assert_eq!(tree.files(), before);
    insta::assert_snapshot!("go_syntax_findings", findings(&run.stdout));
}

#[test]
fn go_1_22_to_1_26_syntax_is_rewritten_into_code_that_vets() {
    let tree = Tree::copy("go-syntax");
    let diff = tree
        .run(&["--no-config", "--unsafe-fixes", "--dry-run", "./..."])
        .expect(1);
    insta::assert_snapshot!("go_syntax_unsafe_diff", diff.stdout);

    let run = tree
        .run(&["--no-config", "--unsafe-fixes", "./..."])
        .expect(0);
    assert!(
        run.summary().starts_with(
            "scanned 5 files (5 with defer), 11 defers; rewrote 11 (3 safe, 8 unsafe)"
        ),
        "{}",
        run.summary()
    );
    assert_gofmt_clean(&tree.root);
    if go_1_26() {
        assert_go_vet_ok(&tree.root, "./...");
    } else {
        eprintln!("go is missing or older than 1.26: go vet of the rewritten fixture skipped");
    }
    let after = tree.files();
    tree.run(&["--no-config", "--unsafe-fixes", "./..."])
        .expect(0);
    assert_eq!(tree.files(), after, "a second run changed the output");
}
