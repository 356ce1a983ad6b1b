//! How the time of a run grows with the size of extreme but valid Go shapes (a long
//! `else if` chain, deep nesting, a long sum, nested parentheses, nested func
//! literals), against `gofmt -l` on the same files in the same run.
//!
//!     cargo bench -p gdr-cli --bench shapes [-- --runs N --limit SECS --shape NAME
//!         --sizes N,N,… --keep DIR]
//!
//! (`--keep DIR` also writes each generated file into DIR, to profile by hand.)
//!
//! For each shape and each size of a doubling ladder up to the size the bug report
//! used, the file is written into two directories (so the run uses its worker
//! threads, as any run over more than one directory does) and analyzed with all
//! built-in rules. It prints the median wall time of `--runs` runs (default 3), the
//! growth from the size before (about 2 when the time is linear in the size) and
//! the ratio to gofmt. A run that takes longer than `--limit` seconds (default 60)
//! is stopped and shown as `>limit`.

#[path = "../tests/support/shapes.rs"]
mod shapes;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The ladder of each shape: doubling up to the size of the bug report.
fn ladder(name: &str) -> Vec<usize> {
    let top = match name {
        "else-if-chain" => 10_000,
        "nested-blocks" => 2_000,
        "long-sum" => 5_000,
        "nested-parens" => 20_000,
        "many-returns" => 8_000,
        _ => 4_000,
    };
    vec![top / 8, top / 4, top / 2, top]
}

/// Wall time of one run, or `None` when it passed the limit (the child is killed)
/// or crashed (said on stderr).
fn time(cmd: &mut Command, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the command");
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let took = start.elapsed();
            if status.code().is_none() {
                // Killed by a signal: a crash (stack overflow aborts).
                eprintln!("crashed: {status}");
                return None;
            }
            return Some(took);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn median(runs: &mut [Option<Duration>]) -> Option<Duration> {
    if runs.iter().any(Option::is_none) {
        return None;
    }
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let mut runs = 3usize;
    let mut limit = 60u64;
    let mut only: Option<String> = None;
    let mut sizes: Option<Vec<usize>> = None;
    let mut keep: Option<std::path::PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--limit" => {
                limit = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--limit SECS")
            }
            "--shape" => only = args.next(),
            "--sizes" => {
                sizes = args.next().map(|v| {
                    v.split(',')
                        .map(|n| n.parse().expect("--sizes N,N,…"))
                        .collect()
                })
            }
            "--keep" => keep = args.next().map(std::path::PathBuf::from),
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    let limit = Duration::from_secs(limit);
    let bin = env!("CARGO_BIN_EXE_go-defer-rewriter");
    let have_gofmt = Command::new("gofmt").arg("-h").output().is_ok();
    println!("shape                      size      ours (s)  growth   gofmt (s)  ratio");
    for shape in shapes::SHAPES {
        if only.as_deref().is_some_and(|o| o != shape.name) {
            continue;
        }
        let mut before: Option<Duration> = None;
        for size in sizes.clone().unwrap_or_else(|| ladder(shape.name)) {
            let tmp = tempfile::tempdir().expect("temporary directory");
            let text = (shape.generate)(size);
            for dir in ["a", "b"] {
                std::fs::create_dir_all(tmp.path().join(dir)).expect("mkdir");
                std::fs::write(tmp.path().join(dir).join("shape.go"), &text).expect("write");
            }
            if let Some(keep) = &keep {
                let to = keep.join(format!("{}-{size}.go", shape.name));
                std::fs::create_dir_all(keep).expect("mkdir --keep");
                std::fs::write(to, &text).expect("write --keep");
            }
            let ours = median(
                &mut (0..runs)
                    .map(|_| {
                        let mut cmd = Command::new(bin);
                        cmd.args(["--mode", "analyze", "--no-config", "--format", "jsonl"])
                            .args(["--exit-zero", "-q"])
                            .args(shape.args)
                            .args(["a", "b"])
                            .current_dir(tmp.path());
                        time(&mut cmd, limit)
                    })
                    .collect::<Vec<_>>(),
            );
            let gofmt = have_gofmt
                .then(|| {
                    median(
                        &mut (0..runs)
                            .map(|_| {
                                let mut cmd = Command::new("gofmt");
                                cmd.args(["-l", "a", "b"]).current_dir(tmp.path());
                                time(&mut cmd, limit)
                            })
                            .collect::<Vec<_>>(),
                    )
                })
                .flatten();
            let show = |d: Option<Duration>| match d {
                Some(d) => format!("{:.3}", d.as_secs_f64()),
                None => format!(">{}|crash", limit.as_secs()),
            };
            let growth = match (before, ours) {
                (Some(b), Some(o)) => format!("{:.2}", o.as_secs_f64() / b.as_secs_f64()),
                _ => "-".into(),
            };
            let ratio = match (ours, gofmt) {
                (Some(o), Some(g)) => format!("{:.1}", o.as_secs_f64() / g.as_secs_f64()),
                _ => "-".into(),
            };
            println!(
                "{:<26} {:>6} {:>12} {:>8} {:>11} {:>6}",
                shape.name,
                size,
                show(ours),
                growth,
                show(gofmt),
                ratio
            );
            before = ours;
            if ours.is_none() {
                break;
            }
        }
    }
}
