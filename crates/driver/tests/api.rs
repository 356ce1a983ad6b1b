//! The driver as a second front end uses it: no CLI binary, no flags, no
//! environment; an engine, runs, package directories in, reports out.

use gdr_driver::files::{NotWritten, Writer};
use gdr_driver::{Action, Driver, FileReport, PackageDir, Run, TestModes};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const COUNTER: &str = "package p

import \"sync\"

type Counter struct {
\tmu sync.Mutex
\tn  int
}

func (c *Counter) Inc() {
\tc.mu.Lock()
\tdefer c.mu.Unlock()
\tc.n++
}
";

/// A package directory with `counter.go`, and one file without a defer.
fn package() -> (tempfile::TempDir, PackageDir) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("p");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("counter.go"), COUNTER).expect("write");
    std::fs::write(dir.join("doc.go"), "// Package p counts.\npackage p\n").expect("write");
    let files = vec![dir.join("counter.go"), dir.join("doc.go")];
    (tmp, PackageDir { dir, files, run: 0 })
}

fn engine() -> gdr_core::Engine {
    gdr_core::Engine::new(gdr_core::Settings::default(), gdr_rules::all_rules())
}

fn check(run: Run<'_>, dirs: &[PackageDir]) -> Vec<FileReport> {
    Driver::new(vec![run]).check(dirs, &|_| {})
}

/// (code, line) of each finding.
fn found(reports: &[FileReport]) -> Vec<(String, usize)> {
    reports
        .iter()
        .flat_map(|r| &r.findings)
        .map(|f| (f.diagnostic.code.clone(), f.region.start_line))
        .collect()
}

#[test]
fn analyze_reports_the_defer_with_its_fix() {
    let (_tmp, dir) = package();
    let engine = engine();
    let reports = check(
        Run::new(&engine, Action::Analyze),
        std::slice::from_ref(&dir),
    );

    let counter = reports
        .iter()
        .find(|r| r.path.ends_with("counter.go"))
        .expect("a report of counter.go");
    assert!(counter.errors.is_empty(), "{:?}", counter.errors);
    let finding = counter
        .findings
        .iter()
        .find(|f| f.diagnostic.code == "DR001")
        .expect("DR001 on the deferred Unlock");
    assert_eq!(finding.region.start_line, 12);
    assert!(finding.diagnostic.fix.is_some(), "{finding:?}");
    // Without a renderer nothing is rendered: the front end renders.
    assert!(reports.iter().all(|r| r.stdout.is_empty()));

    let mut totals = gdr_driver::report::Totals::default();
    for r in &reports {
        totals.merge(&r.totals);
    }
    assert_eq!(
        (totals.scanned, totals.with_defer, totals.defers),
        (2, 1, 1)
    );
    // Analyze writes nothing.
    assert_eq!(
        std::fs::read_to_string(dir.dir.join("counter.go")).unwrap(),
        COUNTER
    );
}

#[test]
fn test_modes_are_parameters_and_change_no_finding() {
    let (_tmp, dir) = package();
    let engine = engine();
    let fast = found(&check(
        Run::new(&engine, Action::Analyze),
        std::slice::from_ref(&dir),
    ));
    assert!(!fast.is_empty());
    for modes in [
        TestModes {
            small_runs: true,
            ..TestModes::default()
        },
        TestModes {
            whole_files: true,
            eager_summaries: true,
            ..TestModes::default()
        },
    ] {
        let mut run = Run::new(&engine, Action::Analyze);
        run.modes = modes;
        assert_eq!(
            found(&check(run, std::slice::from_ref(&dir))),
            fast,
            "{modes:?}"
        );
    }
}

/// Keeps what it is asked to write instead of writing it.
#[derive(Default)]
struct Recorder(Mutex<Vec<(PathBuf, String)>>);

impl Writer for Recorder {
    fn replace(&self, path: &Path, new: &[u8], read: &[u8]) -> Result<(), NotWritten> {
        assert_eq!(read, COUNTER.as_bytes());
        let new = String::from_utf8(new.to_vec()).expect("UTF-8");
        self.0.lock().unwrap().push((path.to_path_buf(), new));
        Ok(())
    }

    fn create(&self, dest: &Path, _: &str, _: &Path) -> Result<(), NotWritten> {
        Err(NotWritten::Failed(format!("unexpected {}", dest.display())))
    }
}

#[test]
fn a_rewrite_writes_through_the_writer_it_is_given() {
    let (_tmp, dir) = package();
    let engine = engine();
    let recorder = Arc::new(Recorder::default());
    let mut run = Run::new(&engine, Action::InPlace);
    run.writer = recorder.clone();
    let reports = check(run, std::slice::from_ref(&dir));

    let written = recorder.0.lock().unwrap().clone();
    assert_eq!(written.len(), 1, "{written:?}");
    let (path, fixed) = &written[0];
    assert!(path.ends_with("counter.go"));
    assert!(!fixed.contains("defer"), "{fixed}");
    assert!(fixed.contains("c.mu.Unlock()"), "{fixed}");
    // The file itself is as it was: only the writer writes.
    assert_eq!(std::fs::read_to_string(path).unwrap(), COUNTER);
    let changed: usize = reports.iter().map(|r| r.totals.files_changed).sum();
    assert_eq!(changed, 1);
}
