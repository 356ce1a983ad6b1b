//! End-to-end: machine output formats, suppressions, statistics, exit status options
//! and sharding.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use support::Tree;

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines().map(json).collect()
}

/// (code, line) of each finding of a JSON-lines run.
fn codes_and_lines(findings: &[Value]) -> Vec<(String, u64)> {
    findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn json_output() {
    let tree = Tree::copy("analyze");
    let run = tree
        .run(&["--mode", "analyze", "--format", "json", "./..."])
        .expect(1);
    // Only the findings on stdout; no summary line on stderr.
    assert_eq!(run.stderr, "");
    json(&run.stdout);
    insta::assert_snapshot!("json_output", run.stdout);
}

#[test]
fn jsonl_output_is_one_object_per_line() {
    let tree = Tree::copy("analyze");
    let run = tree
        .run(&["--mode", "analyze", "--format", "jsonl", "."])
        .expect(1);
    let all = jsonl(&run.stdout);
    assert_eq!(
        codes_and_lines(&all),
        [
            ("DR001".to_string(), 15),
            ("DR001".to_string(), 22),
            ("DR001".to_string(), 31),
            ("DR005".to_string(), 31),
            ("DR001".to_string(), 40)
        ]
    );
    // Same objects as --format json.
    let array = tree
        .run(&["--mode", "analyze", "--format", "json", "."])
        .expect(1);
    assert_eq!(Value::Array(all), json(&array.stdout));
}

#[test]
fn concise_output_is_one_line_per_finding() {
    let tree = Tree::copy("analyze");
    let run = tree
        .run(&["--mode", "analyze", "--format", "concise", "./..."])
        .expect(1);
    // `path:line:col: CODE message`, as go vet and ruff print them.
    for line in run.stdout.lines() {
        let (place, rest) = line.split_once(": ").unwrap();
        let parts: Vec<&str> = place.split(':').collect();
        assert_eq!(parts.len(), 3, "{line}");
        assert_eq!(parts[0], "cache.go", "{line}");
        assert!(parts[1].parse::<u32>().is_ok() && parts[2].parse::<u32>().is_ok());
        assert!(rest.starts_with("DR00"), "{line}");
    }
    insta::assert_snapshot!("concise_output", run.stdout);
    // The summary line goes to stderr, as with --format text.
    let text = tree.run(&["--mode", "analyze", "./..."]).expect(1);
    assert_eq!(run.stderr, text.stderr);
    assert!(run.stderr.starts_with("scanned "), "{}", run.stderr);
    let quiet = tree
        .run(&["--mode", "analyze", "--format", "concise", "-q", "./..."])
        .expect(1);
    assert_eq!(quiet.stderr, "");
    assert_eq!(quiet.stdout, run.stdout);
}

#[test]
fn github_output() {
    let tree = Tree::copy("analyze");
    let run = tree
        .run(&["--mode", "analyze", "--format", "github", "./..."])
        .expect(1);
    assert_eq!(run.stderr, "");
    for line in run.stdout.lines() {
        assert!(line.starts_with("::warning file=cache.go,line="), "{line}");
    }
    insta::assert_snapshot!("github_output", run.stdout);
}

#[test]
fn sarif_output() {
    let tree = Tree::copy("analyze");
    let run = tree
        .run(&["--mode", "analyze", "--format", "sarif", "./..."])
        .expect(1);
    assert_eq!(run.stderr, "");
    // The rules' documentation and the version change with every release: the
    // snapshot is about the structure and the results.
    let mut log = json(&run.stdout);
    log["runs"][0]["tool"]["driver"]["version"] = "[version]".into();
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        for key in ["shortDescription", "fullDescription"] {
            rule[key]["text"] = "[docs]".into();
        }
        rule["help"] = serde_json::json!({ "text": "[docs]", "markdown": "[docs]" });
    }
    insta::assert_snapshot!("sarif_output", serde_json::to_string_pretty(&log).unwrap());
}

/// The parts of SARIF 2.1.0 code scanning reads, checked field by field.
fn assert_sarif_structure(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "go-defer-rewriter");
    let rules = driver["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for r in rules {
        assert!(r["name"].is_string());
        assert!(r["shortDescription"]["text"].is_string());
        assert!(r["fullDescription"]["text"].is_string());
    }
    assert!(ids.contains(&"DR001") && ids.contains(&"DR000"));
    for (i, result) in run["results"].as_array().unwrap().iter().enumerate() {
        let id = result["ruleId"].as_str().unwrap();
        assert!(ids.contains(&id), "result {i}: ruleId {id} not in rules");
        assert_eq!(ids[result["ruleIndex"].as_u64().unwrap() as usize], id);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(result["message"]["text"].is_string());
        let locations = result["locations"].as_array().unwrap();
        assert!(!locations.is_empty());
        for l in locations {
            let p = &l["physicalLocation"];
            let uri = p["artifactLocation"]["uri"].as_str().unwrap();
            assert!(!uri.starts_with('/'), "relative uri: {uri}");
            for k in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(p["region"][k].as_u64().unwrap() >= 1, "{k}");
            }
        }
        for fix in result["fixes"].as_array().into_iter().flatten() {
            for change in fix["artifactChanges"].as_array().unwrap() {
                assert!(change["artifactLocation"]["uri"].is_string());
                for r in change["replacements"].as_array().unwrap() {
                    assert!(r["deletedRegion"]["startLine"].as_u64().unwrap() >= 1);
                    assert!(r["insertedContent"]["text"].is_string());
                }
            }
        }
    }
}

#[test]
fn sarif_has_the_2_1_0_structure() {
    let tree = Tree::copy("analyze");
    let run = tree
        .run(&["--mode", "analyze", "--format", "sarif", "."])
        .expect(1);
    let log = json(&run.stdout);
    assert_sarif_structure(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    // Two safe and one unsafe fix are offered; the defer in a loop has none (and
    // is also reported by DR005 defer-in-loop, which has no fix).
    assert_eq!(results.iter().filter(|r| r["fixes"].is_array()).count(), 3);
}

#[test]
fn suppressions_in_analyze() {
    let tree = Tree::copy("suppress");
    let run = tree
        .run(&["--mode", "analyze", "--format", "jsonl", "."])
        .expect(1);
    let all = jsonl(&run.stdout);
    assert_eq!(
        codes_and_lines(&all),
        [
            // named code that does not match: the finding stays, the comment is unused
            ("DR001".to_string(), 29),
            ("DR000".to_string(), 29),
            // a comment above a line with nothing to suppress
            ("DR000".to_string(), 35),
            ("DR001".to_string(), 42),
        ]
    );
    assert_eq!(all[1]["column"], 22, "the span is the comment's");
    assert_eq!(all[1]["rule"], "unused-suppression");

    // SARIF also lists the two suppressed findings (same line; line above with codes
    // and a reason), marked as suppressed in source, without fixes.
    let run = tree
        .run(&["--mode", "analyze", "--format", "sarif", "."])
        .expect(1);
    let log = json(&run.stdout);
    assert_sarif_structure(&log);
    let suppressed: Vec<&Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["suppressions"].is_array())
        .collect();
    assert_eq!(suppressed.len(), 2);
    let lines: Vec<u64> = suppressed
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines, [13, 21]);
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        suppressed[1]["suppressions"][0]["justification"],
        "profiled: not hot"
    );
    assert!(suppressed.iter().all(|r| r["fixes"].is_null()));
}

#[test]
fn a_suppressed_finding_is_never_fixed() {
    let tree = Tree::copy("suppress");
    // What is left has no fix (two unused suppressions): reported, exit 0.
    let run = tree.run(&["--unsafe-fixes", "."]).expect(0);
    let text = tree.read("store.go");
    // Suppressed: kept as written.
    assert!(text.contains("\tdefer s.mu.Unlock() //defer-rewriter:ignore\n"));
    assert!(
        text.contains("\t//defer-rewriter:ignore DR001 profiled: not hot\n\tdefer s.mu.Unlock()\n")
    );
    // Not suppressed (the comment names another rule) and plain: rewritten.
    assert!(!text.contains("defer s.mu.Unlock() //defer-rewriter:ignore DR005"));
    assert!(text.contains("\ts.n--\n\ts.mu.Unlock()\n"));
    assert_eq!(text.matches("defer s.mu.Unlock()").count(), 2, "{text}");
    // What is left: the two unused suppressions.
    assert!(
        run.summary()
            .ends_with("rewrote 2 (2 safe, 0 unsafe) in 1 file; left 2: 2 unused-suppression"),
        "{}",
        run.summary()
    );
    // The rewrite keeps the DR005 comment (now on a line of its own); it is still
    // reported as unused, in the rewritten text.
    let again = tree
        .run(&["--mode", "analyze", "--format", "jsonl", "."])
        .expect(1);
    let codes: Vec<String> = codes_and_lines(&jsonl(&again.stdout))
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(codes, ["DR000", "DR000"]);
}

#[test]
fn rewrite_mode_reports_what_is_left_in_machine_formats() {
    let tree = Tree::copy("analyze");
    let run = tree.run(&["--format", "jsonl", "."]).expect(1);
    let left = jsonl(&run.stdout);
    // The safe fixes were applied; the unsafe one, the refusal and the DR005 hint on
    // the same defer are left, at their positions in the rewritten file.
    let reasons: Vec<&str> = left.iter().map(|f| f["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["may-panic", "in-loop", "heap-allocated"]);
    let text = tree.read("cache.go");
    let line = left[0]["line"].as_u64().unwrap() as usize;
    assert_eq!(
        text.lines().nth(line - 1).unwrap().trim(),
        "defer c.mu.RUnlock()"
    );
}

#[test]
fn exit_zero_keeps_findings_from_failing_but_not_errors() {
    let tree = Tree::copy("analyze");
    tree.run(&["--mode", "analyze", "."]).expect(1);
    let run = tree
        .run(&["--mode", "analyze", "--exit-zero", "."])
        .expect(0);
    assert!(run.stdout.contains("DR001"));
    tree.run(&["--mode", "analyze", "--exit-zero", "--format", "sarif", "."])
        .expect(0);
    tree.run(&["--mode", "analyze", "--exit-zero", "missing/"])
        .expect(2);
    tree.run(&["--exit-zero", "--unsafe-fixes", "."]).expect(0);
}

#[test]
fn statistics_quiet_and_show_fixes() {
    let tree = Tree::copy("analyze");
    let run = tree
        .run(&["--mode", "analyze", "--statistics", "--format", "json", "."])
        .expect(1);
    json(&run.stdout);
    insta::assert_snapshot!("statistics_analyze", run.stderr);
    // The ranking: totals per regime, then the most expensive site first.
    let ranked: Vec<&str> = run
        .stderr
        .lines()
        .skip_while(|l| !l.starts_with("Most expensive defers first"))
        .skip(1)
        .collect();
    assert!(
        ranked[0].contains("heap")
            && ranked[0].contains("cache.go:31")
            && ranked[0].contains("[DR001, DR005]"),
        "{ranked:?}"
    );
    assert!(
        run.stderr.contains("       1  heap  ") && run.stderr.contains("       3  open-coded  ")
    );
    // Only --mode analyze ranks; a rewrite run's statistics do not.
    let copy = Tree::copy("analyze");
    let run = copy.run(&["--statistics", "--dry-run", "."]).expect(1);
    assert!(!run.stderr.contains("Most expensive"), "{}", run.stderr);

    let run = tree.run(&["--mode", "analyze", "--quiet", "."]).expect(1);
    assert_eq!(run.stderr, "", "--quiet drops the summary");
    assert!(run.stdout.contains("DR001"));

    let run = tree.run(&["--show-fixes", "--quiet", "."]).expect(1);
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("Fixes") || l.starts_with("  cache.go"))
        .collect();
    assert_eq!(
        listed,
        [
            "Fixes applied:",
            "  cache.go:15: DR001 [safe] `defer c.mu.RUnlock()` can be an explicit call at 1 exit",
            "  cache.go:40: DR001 [safe] `defer c.mu.Unlock()` can be an explicit call at 1 exit",
            "Fixes available, not applied:",
            "  cache.go:23: DR001 [unsafe] `defer c.mu.RUnlock()` can be an explicit call at 1 exit",
        ]
    );
    // --dry-run writes nothing: the same fixes, said as what would happen.
    let fresh = Tree::copy("analyze");
    let run = fresh
        .run(&["--show-fixes", "--dry-run", "--quiet", "."])
        .expect(1);
    let headers: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("Fixes"))
        .collect();
    assert_eq!(
        headers,
        [
            "Fixes that would be applied:",
            "Fixes available that would not be applied:"
        ]
    );
    assert_eq!(
        fresh.read("cache.go"),
        Tree::copy("analyze").read("cache.go")
    );
}

#[test]
fn dry_run_does_not_mix_with_machine_formats() {
    let tree = Tree::copy("analyze");
    let run = tree.run(&["--dry-run", "--format", "json", "."]).expect(2);
    assert!(run.stderr.contains("--dry-run"), "{}", run.stderr);
}

/// (path, line, code) of every finding of a JSON-lines run.
fn finding_set(stdout: &str) -> BTreeSet<(String, u64, String)> {
    jsonl(stdout)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn shards_are_disjoint_and_cover_the_unsharded_run() {
    let tree = Tree::copy("shard");
    let args = ["--mode", "analyze", "--format", "jsonl", "./..."];
    let all = finding_set(&tree.run(&args).expect(1).stdout);
    assert_eq!(all.len(), 18, "9 files, 2 findings each");
    for n in [1u32, 2, 3, 4] {
        let mut union = BTreeSet::new();
        let mut non_empty = 0;
        for k in 1..=n {
            let shard = format!("{k}/{n}");
            let mut a = args.to_vec();
            a.extend(["--shard", &shard]);
            let run = tree.run(&a);
            let part = finding_set(&run.stdout);
            non_empty += usize::from(!part.is_empty());
            assert!(
                union.is_disjoint(&part),
                "shard {shard} overlaps an earlier one"
            );
            union.extend(part);
        }
        assert_eq!(union, all, "the {n} shards together");
        if n > 1 {
            assert!(non_empty > 1, "{n} shards: the files are spread");
        }
    }
    // The same shard from another working directory, naming the tree: same files.
    let from_parent = support::run_in(
        tree.tmp.path(),
        &[
            "--mode",
            "analyze",
            "--format",
            "jsonl",
            "--shard",
            "2/3",
            "shard/...",
        ],
    );
    let here = tree.run(&[
        "--mode", "analyze", "--format", "jsonl", "--shard", "2/3", ".",
    ]);
    let strip = |s: BTreeSet<(String, u64, String)>| -> BTreeSet<_> {
        s.into_iter()
            .map(|(p, l, c)| (p.trim_start_matches("shard/").to_string(), l, c))
            .collect()
    };
    assert_eq!(
        strip(finding_set(&from_parent.stdout)),
        finding_set(&here.stdout)
    );
}

#[test]
fn a_bad_shard_is_a_clear_error() {
    let tree = Tree::copy("shard");
    for bad in ["0/3", "4/3", "1/0", "x"] {
        let run = tree
            .run(&["--mode", "analyze", "--shard", bad, "."])
            .expect(2);
        assert!(run.stderr.contains("--shard"), "{bad}: {}", run.stderr);
    }
}
