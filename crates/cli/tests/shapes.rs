//! Extreme but valid Go (what parser generators and state machines produce): each
//! generated shape at the size of the bug report, in two directories so the run's
//! worker threads (not only the main thread) check it, analyzed and rewritten
//! without a crash. The growth of the time with the size is the benchmark's job
//! (`cargo bench -p gdr-cli --bench shapes`); these only check that each run ends,
//! and that what it does is right: the function deeper than the analyses take is
//! reported and left as it is, the fixable one beside it is rewritten, and a second
//! run changes nothing.

mod support;

use support::{run_in, shapes};

/// The fixable function of every shape, rewritten.
const FIXED: &str =
    "func Fixable() int {\n\tmu.Lock()\n\tret := n\n\tmu.Unlock()\n\treturn ret\n}\n";

/// (shape, size) as the bug report gave them.
const CASES: &[(&str, usize)] = &[
    ("else-if-chain", 3_000),
    ("else-if-chain", 10_000),
    ("nested-blocks", 2_000),
    ("long-sum", 5_000),
    ("nested-parens", 20_000),
    ("nested-func-literals", 4_000),
    ("nested-func-literals-list", 4_000),
    ("many-returns", 4_000),
];

fn tree_of(name: &str, size: usize) -> (tempfile::TempDir, &'static shapes::Shape) {
    let shape = shapes::SHAPES
        .iter()
        .find(|s| s.name == name)
        .expect("a known shape");
    let tmp = tempfile::tempdir().expect("temporary directory");
    let text = (shape.generate)(size);
    for dir in ["a", "b"] {
        std::fs::create_dir_all(tmp.path().join(dir)).expect("mkdir");
        std::fs::write(tmp.path().join(dir).join("shape.go"), &text).expect("write");
    }
    (tmp, shape)
}

#[test]
fn every_shape_is_analyzed_without_a_crash() {
    for &(name, size) in CASES {
        let (tmp, shape) = tree_of(name, size);
        let mut args = vec!["--mode", "analyze", "--no-config", "--format", "jsonl"];
        args.extend(shape.args);
        args.extend(["a", "b"]);
        let run = run_in(tmp.path(), &args);
        assert!(
            run.code == 0 || run.code == 1,
            "{name} {size}: exit {}\n{}",
            run.code,
            run.stderr
        );
        if shape.args.is_empty() {
            // The fixable function is found in both directories (and the flat one).
            let flat = usize::from(name == "many-returns");
            assert_eq!(
                run.stdout.matches("\"code\":\"DR001\"").count(),
                2 + 2 * flat,
                "{name} {size}:\n{}",
                run.stdout
            );
        } else {
            assert_eq!(
                run.stdout.matches("\"function\":\"Fixable\"").count(),
                2,
                "{name} {size}:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn every_shape_is_rewritten_without_a_crash_and_the_deep_function_is_reported() {
    for &(name, size) in CASES {
        // (A flat function is not too deep: it is checked like any other.)
        if name.ends_with("-list") || name == "many-returns" {
            continue;
        }
        let (tmp, _) = tree_of(name, size);
        let before = std::fs::read_to_string(tmp.path().join("a/shape.go")).expect("read");
        let run = run_in(tmp.path(), &["--no-config", "a", "b"]);
        assert!(
            run.code == 0 || run.code == 1,
            "{name} {size}: exit {}\n{}",
            run.code,
            run.stderr
        );
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(
            all.contains("too-deep"),
            "{name} {size}: the deep function is not reported:\n{all}"
        );
        for dir in ["a", "b"] {
            let after =
                std::fs::read_to_string(tmp.path().join(dir).join("shape.go")).expect("read");
            // Rewritten as gofmt prints it.
            assert!(
                after.contains(FIXED),
                "{name} {size}: the fixable function is not rewritten in {dir}:\n{}",
                &after[..after.len().min(400)]
            );
            // Only the fixable function changed: the deep one is left as it is.
            let tail = |t: &str| t[t.find("\nfunc ").map_or(0, |i| i + 1)..].to_string();
            let rest = |t: &str| {
                let t = tail(t);
                t[t.find("}\n").map_or(0, |i| i + 2)..].to_string()
            };
            assert_eq!(
                rest(&after),
                rest(&before),
                "{name} {size}: {dir} changed elsewhere"
            );
        }
        let again = run_in(tmp.path(), &["--no-config", "--dry-run", "a", "b"]);
        assert!(
            !again.stdout.contains("+++"),
            "{name} {size}: a second run changes something:\n{}",
            again.stdout
        );
    }
}
