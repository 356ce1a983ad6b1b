//! How often the inlining-cost estimate (`gdr_core::inline`) agrees with the Go
//! compiler about whether a function fits the budget of 80, on standard-library
//! packages: `go build -gcflags=-m=2` prints "can inline F with cost N" or "cannot
//! inline F: function too complex: cost N exceeds budget 80" per function. Skipped
//! when `go` is not on PATH.

use gdr_core::inline::{InlineCosts, BUDGET};
use gdr_core::syntax::named_children;
use gdr_core::SourceFile;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

const PACKAGES: &[&str] = &[
    "strings",
    "bytes",
    "strconv",
    "sort",
    "bufio",
    "net/url",
    "encoding/json",
    "text/template",
    "path",
    "container/list",
    "sync",
    "time",
];

#[test]
fn inline_estimate_agrees_with_the_compiler() {
    let Ok(goroot) = Command::new("go").args(["env", "GOROOT"]).output() else {
        eprintln!("go not on PATH: skipped");
        return;
    };
    let src = Path::new(String::from_utf8_lossy(&goroot.stdout).trim()).join("src");
    let out = Command::new("go")
        .args(["build", "-gcflags=-m=2"])
        .args(PACKAGES)
        .current_dir(&src)
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "")
        .output()
        .expect("go build");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // file:line:col → compiler cost
    let mut compiler: HashMap<(String, usize, usize), u32> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stderr).lines() {
        let Some((pos, rest)) = line.split_once(": ") else {
            continue;
        };
        let cost = if let Some(r) = rest.strip_prefix("can inline ") {
            r.split(" with cost ")
                .nth(1)
                .and_then(|c| c.split(' ').next())
        } else if rest.starts_with("cannot inline ") && rest.contains("function too complex: cost ")
        {
            rest.split("function too complex: cost ")
                .nth(1)
                .and_then(|c| c.split(' ').next())
        } else {
            None
        };
        let Some(cost) = cost.and_then(|c| c.parse::<u32>().ok()) else {
            continue;
        };
        let mut parts = pos.trim_start_matches("./").rsplitn(3, ':');
        let (Some(col), Some(l), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if let (Ok(l), Ok(col)) = (l.parse(), col.parse()) {
            compiler.insert((file.to_string(), l, col), cost);
        }
    }
    let files: std::collections::BTreeSet<String> = compiler.keys().map(|k| k.0.clone()).collect();
    let (mut agree, mut total, mut within10) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(src.join(f)) else {
            continue;
        };
        let file = SourceFile::parse(f, text);
        let costs = InlineCosts::new(file.root(), &file.text);
        for d in named_children(file.root()) {
            if !matches!(d.kind(), "function_declaration" | "method_declaration") {
                continue;
            }
            let (Some(name), Some(body)) =
                (d.child_by_field_name("name"), d.child_by_field_name("body"))
            else {
                continue;
            };
            let (l, c) = file.lines.line_col(name.start_byte());
            // The compiler reports a function at its `func` keyword.
            let (fl, fc) = file.lines.line_col(d.start_byte());
            let Some(&theirs) = compiler
                .get(&(f.clone(), l, c))
                .or_else(|| compiler.get(&(f.clone(), fl, fc)))
            else {
                continue;
            };
            let ours = costs.cost(body, &[]);
            total += 1;
            if (ours <= BUDGET) == (theirs <= BUDGET) {
                agree += 1;
            } else {
                misses.push(format!(
                    "{f}:{l} {}: estimate {ours}, compiler {theirs}",
                    file.text_of(name)
                ));
            }
            if ours.abs_diff(theirs) <= 10 {
                within10 += 1;
            }
        }
    }
    let pct = 100.0 * agree as f64 / total.max(1) as f64;
    eprintln!(
        "inline estimate: {agree} of {total} functions on the same side of the budget as the compiler ({pct:.1}%); {within10} within 10 of its cost"
    );
    for m in misses.iter().take(30) {
        eprintln!("  {m}");
    }
    assert!(total > 500, "too few functions compared: {total}");
    assert!(pct >= 85.0, "agreement {pct:.1}% is below 85%");
}
