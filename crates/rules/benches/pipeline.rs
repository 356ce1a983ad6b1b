//! The per-file pipeline on real Go code (packages of the standard library of the Go
//! on PATH): the byte prefilter, parsing (whole files, and declarations only as for
//! the package view of files without `defer`), the file model, the package view
//! with the panic summaries the rules ask for, the rules, and fixing.
//!
//! Run with `cargo bench -p gdr-rules`; needs `go` on PATH (skipped without it).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use gdr_core::{Engine, FileModel, Settings, SourceFile};
use std::path::PathBuf;
use std::sync::Arc;

/// Mutex-heavy packages with many defers, and one without any.
const PACKAGES: &[&str] = &["database/sql", "net/http", "sync", "strconv"];

fn goroot_src() -> Option<PathBuf> {
    let out = std::process::Command::new("go")
        .args(["env", "GOROOT"])
        .output()
        .ok()?;
    let root = String::from_utf8(out.stdout).ok()?;
    Some(PathBuf::from(root.trim()).join("src"))
}

/// The non-test .go files of one package directory, with their text.
fn package_files(dir: &std::path::Path) -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "go")
                        && !p.to_string_lossy().ends_with("_test.go")
                })
                .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn pipeline(c: &mut Criterion) {
    let Some(src) = goroot_src() else {
        eprintln!("pipeline bench: `go` not found, skipped");
        return;
    };
    let engine = Engine::new(Settings::default(), gdr_rules::all_rules());
    for pkg in PACKAGES {
        let files = package_files(&src.join(pkg));
        if files.is_empty() {
            continue;
        }
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let mut g = c.benchmark_group(format!(
            "{pkg} ({} files, {} KB)",
            files.len(),
            bytes / 1024
        ));
        g.sample_size(10);
        g.bench_function("prefilter", |b| {
            b.iter(|| {
                files
                    .iter()
                    .filter(|(_, t)| memchr::memmem::find(t.as_bytes(), b"defer").is_some())
                    .count()
            })
        });
        let candidates: Vec<&(PathBuf, String)> =
            files.iter().filter(|(_, t)| t.contains("defer")).collect();
        g.bench_function("parse whole", |b| {
            b.iter(|| {
                for (p, t) in &files {
                    black_box(SourceFile::parse(p, t.clone()));
                }
            })
        });
        g.bench_function("parse declarations", |b| {
            b.iter(|| {
                for (p, t) in &files {
                    black_box(SourceFile::parse_declarations(p, t.clone()));
                }
            })
        });
        let parsed: Vec<SourceFile> = candidates
            .iter()
            .map(|(p, t)| SourceFile::parse(p, t.clone()))
            .collect();
        let decls: Vec<Arc<SourceFile>> = files
            .iter()
            .map(|(p, t)| Arc::new(SourceFile::parse_declarations(p, t.clone())))
            .collect();
        g.bench_function("model", |b| {
            b.iter(|| {
                for f in &parsed {
                    black_box(FileModel::build(f).functions.len());
                }
            })
        });
        g.bench_function("view", |b| {
            b.iter(|| black_box(engine.package_view_shared(&decls)))
        });
        g.bench_function("view + rules", |b| {
            b.iter(|| {
                let view = engine.package_view_shared(&decls);
                for f in &parsed {
                    black_box(engine.check_all(f, &view).diagnostics.len());
                }
            })
        });
        let view = engine.package_view_shared(&decls);
        for f in &parsed {
            engine.check_all(f, &view);
        }
        g.bench_function("rules (summaries computed)", |b| {
            b.iter(|| {
                for f in &parsed {
                    black_box(engine.check_all(f, &view).diagnostics.len());
                }
            })
        });
        g.bench_function("fix (summaries computed)", |b| {
            b.iter(|| {
                for f in &parsed {
                    black_box(engine.fix(f, &view, true).fixed.is_some());
                }
            })
        });
        g.finish();
        // The summaries computed for the rules: a fraction of the package's functions.
        eprintln!(
            "{pkg}: {} function summaries computed for the rules",
            view.summaries_computed()
        );
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
