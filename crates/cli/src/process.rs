//! Running the engine over the files of one directory: prefilter, parse, package view,
//! check or fix, and what to show and write for each file.

use crate::output::{unified_diff, Renderer, Totals};
use crate::walk::{go_files_in, io_reason, is_test_file};
use crate::write::{relative_to, write_atomic};
use gdr_core::{Applicability, Diagnostic, Engine, FileModel, PackageView, SourceFile};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What happens to the fixed text.
#[derive(Debug, Clone)]
pub enum Action {
    /// Report only; no fix is computed.
    Analyze,
    InPlace,
    DryRun,
    /// Write rewritten files to `out`, at their path relative to `root`.
    Output {
        root: PathBuf,
        out: PathBuf,
    },
    /// Keep the fixed text in memory for `--mode verify`.
    Verify,
}

/// Everything a run needs, shared by the worker threads.
pub struct Run<'a> {
    pub engine: &'a Engine,
    pub action: Action,
    pub unsafe_fixes: bool,
    pub renderer: &'a Renderer,
}

/// The result for one file.
#[derive(Debug, Default)]
pub struct FileReport {
    pub path: PathBuf,
    /// Diff and diagnostics, for stdout.
    pub stdout: String,
    /// Errors, for stderr.
    pub errors: Vec<String>,
    pub totals: Totals,
    /// In `--output` mode: the path relative to the root that was written there.
    pub written: Option<PathBuf>,
    /// In `--mode verify`: the change to check.
    pub change: Option<crate::verify::Change>,
}

impl FileReport {
    fn new(path: &Path) -> Self {
        FileReport {
            path: path.to_path_buf(),
            totals: Totals {
                scanned: 1,
                ..Totals::default()
            },
            ..FileReport::default()
        }
    }

    fn error(&mut self, message: String) {
        self.errors.push(message);
        self.totals.errors += 1;
    }
}

/// How a diagnostic is counted in the summary.
fn reason_key(d: &Diagnostic) -> &str {
    d.reason.as_deref().unwrap_or(&d.code)
}

impl Run<'_> {
    /// Process the `files` of directory `dir` (all found by the walk).
    pub fn process_dir(&self, dir: &Path, files: &[PathBuf]) -> Vec<FileReport> {
        let mut reports = Vec::new();
        let mut candidates = Vec::new();
        let mut others: HashMap<PathBuf, Vec<u8>> = HashMap::new();
        for path in files {
            let mut report = FileReport::new(path);
            match std::fs::read(path) {
                Err(e) => report.error(format!(
                    "cannot read `{}`: {}",
                    path.display(),
                    io_reason(&e)
                )),
                // The prefilter: a file that never says `defer` has nothing to rewrite.
                Ok(bytes) if memchr::memmem::find(&bytes, b"defer").is_none() => {
                    others.insert(path.clone(), bytes);
                }
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        candidates.push((path.clone(), text));
                        continue;
                    }
                    Err(e) => {
                        let at = e.utf8_error().valid_up_to();
                        report.totals.with_defer = 1;
                        report.error(format!(
                            "`{}` is not valid UTF-8 (at byte {at}); skipped",
                            path.display()
                        ));
                    }
                },
            }
            reports.push(report);
        }
        if candidates.is_empty() {
            return reports;
        }

        // The package view is made of the directory's .go files, whether walked or not
        // (a skipped test file or an ignored generated file still declares types).
        // Non-test code cannot see declarations of `_test.go` files, so those are
        // parsed only when a test file is being processed.
        let any_test = candidates.iter().any(|(p, _)| is_test_file(p));
        let candidate_paths: HashSet<&PathBuf> = candidates.iter().map(|(p, _)| p).collect();
        let siblings: Vec<SourceFile> = go_files_in(dir)
            .into_par_iter()
            .filter(|p| !candidate_paths.contains(p) && (any_test || !is_test_file(p)))
            .filter_map(|p| {
                let bytes = match others.get(&p) {
                    Some(b) => b.clone(),
                    None => std::fs::read(&p).ok()?,
                };
                Some(SourceFile::parse(
                    &p,
                    String::from_utf8_lossy(&bytes).into_owned(),
                ))
            })
            .collect();
        let parsed: Vec<SourceFile> = candidates
            .into_par_iter()
            .map(|(p, text)| SourceFile::parse(&p, text))
            .collect();

        // One view per package clause (`p` and its external test package `p_test`
        // differ) and per kind of file: a test file sees the whole package.
        let key = |f: &SourceFile| (f.package_name().map(str::to_string), is_test_file(&f.path));
        let mut views: HashMap<(Option<String>, bool), PackageView> = HashMap::new();
        for f in &parsed {
            let (name, test) = key(f);
            if views.contains_key(&(name.clone(), test)) {
                continue;
            }
            let members: Vec<&SourceFile> = parsed
                .iter()
                .chain(&siblings)
                .filter(|s| s.package_name() == name.as_deref() && (test || !is_test_file(&s.path)))
                .collect();
            views.insert((name, test), self.engine.package_view(&members));
        }
        let fixed: Vec<FileReport> = parsed
            .par_iter()
            .map(|f| self.run_file(f, &views[&key(f)]))
            .collect();
        reports.extend(fixed);
        reports
    }

    fn run_file(&self, file: &SourceFile, view: &PackageView) -> FileReport {
        let mut report = FileReport::new(&file.path);
        report.totals.with_defer = 1;
        let name = file.path.display().to_string();

        if let Some((span, message)) = file.syntax_error() {
            let model = FileModel::build(file);
            report.totals.defers = model.functions.iter().map(|f| f.defers.len()).sum();
            report.totals.syntax_errors = 1;
            report.stdout.push_str(
                &self
                    .renderer
                    .render_syntax_error(&name, &file.text, span, message),
            );
            return report;
        }

        if let Action::Analyze = self.action {
            let (diags, defers) = self.engine.check_counting(file, view);
            report.totals.defers = defers;
            let mut would_change = false;
            for d in &diags {
                match d.fix.as_ref().map(|f| f.applicability) {
                    Some(Applicability::Safe) => {
                        report.totals.safe += 1;
                        would_change = true;
                    }
                    Some(Applicability::Unsafe) => {
                        report.totals.unsafe_ += 1;
                        would_change |= self.unsafe_fixes;
                    }
                    _ => report.totals.left.add(reason_key(d), false),
                }
                report
                    .stdout
                    .push_str(&self.renderer.render_diagnostic(&name, &file.text, d));
            }
            report.totals.files_changed = usize::from(would_change);
            return report;
        }

        let outcome = self.engine.fix(file, view, self.unsafe_fixes);
        report.totals.defers = outcome.defers;
        let mut shown_text = file.text.as_str();
        let mut shown_name = name.clone();
        let mut remaining = outcome.diagnostics;
        let fixed_text;
        if let Some(message) = outcome.internal_error {
            report.error(message);
        } else if let Some(fixed) = outcome.fixed {
            for a in &outcome.applied {
                match a.applicability {
                    Applicability::Unsafe => report.totals.unsafe_ += 1,
                    _ => report.totals.safe += 1,
                }
            }
            report.totals.files_changed = 1;
            // What is left is what the rules still find in the result.
            remaining = outcome.remaining;
            fixed_text = fixed;
            match &self.action {
                Action::InPlace => {
                    if let Err(e) = write_atomic(&file.path, &fixed_text, &file.path) {
                        report.error(e);
                    }
                }
                Action::DryRun => {
                    report
                        .stdout
                        .push_str(&unified_diff(&name, &file.text, &fixed_text));
                    shown_name = format!("{name} (after fixes)");
                }
                Action::Output { root, out } => {
                    let rel = relative_to(&file.path, root);
                    let dest = out.join(&rel);
                    let created = match dest.parent() {
                        Some(parent) => std::fs::create_dir_all(parent).map_err(|e| {
                            format!("cannot create `{}`: {}", parent.display(), io_reason(&e))
                        }),
                        None => Ok(()),
                    };
                    match created.and_then(|()| write_atomic(&dest, &fixed_text, &file.path)) {
                        Ok(()) => report.written = Some(rel),
                        Err(e) => report.error(e),
                    }
                    shown_name = dest.display().to_string();
                }
                Action::Verify => {
                    let again = SourceFile::parse(&file.path, fixed_text.clone());
                    let idempotent = self
                        .engine
                        .fix(&again, view, self.unsafe_fixes)
                        .fixed
                        .is_none();
                    report.change = Some(crate::verify::Change {
                        path: file.path.clone(),
                        fixed: fixed_text.clone(),
                        idempotent,
                    });
                    shown_name = format!("{name} (after fixes)");
                }
                Action::Analyze => unreachable!("handled above"),
            }
            shown_text = &fixed_text;
        }
        for d in &remaining {
            let unapplied_unsafe = d
                .fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Unsafe);
            report.totals.left.add(reason_key(d), unapplied_unsafe);
            report
                .stdout
                .push_str(&self.renderer.render_diagnostic(&shown_name, shown_text, d));
        }
        report
    }
}
