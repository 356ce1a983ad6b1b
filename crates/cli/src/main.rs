//! `go-defer-rewriter`: flags, config, parallel walk, output. The analysis itself lives
//! in gdr-core and gdr-rules.

mod args;
mod output;
mod process;
mod settings;
mod verify;
mod walk;
mod write;

use args::{Cli, Mode};
use clap::{CommandFactory, Parser};
use output::{summary, use_color, Renderer, Totals, Wording};
use process::{Action, Run};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

/// Exit status: nothing left to report.
const EXIT_CLEAN: u8 = 0;
/// Exit status: findings remain.
const EXIT_FINDINGS: u8 = 1;
/// Exit status: an error (bad flag, bad config, unreadable path, internal error).
const EXIT_ERROR: u8 = 2;

/// A reason to stop before processing anything.
enum Fatal {
    Message(String),
    /// Already rendered (a config error with its source snippet).
    Rendered(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(fatal) => {
            match fatal {
                Fatal::Message(m) => eprintln!("error: {m}"),
                Fatal::Rendered(r) => eprint!("{r}"),
            }
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run(cli: &Cli) -> Result<u8, Fatal> {
    if cli.mode == Mode::Analyze && (cli.output.is_some() || cli.dry_run) {
        let flag = if cli.dry_run { "--dry-run" } else { "--output" };
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("{flag} cannot be used with --mode analyze, which writes nothing"),
            )
            .exit();
    }
    let roots = walk::check_roots(&cli.roots()).map_err(Fatal::Message)?;
    let loaded = settings::load(cli, &roots[0].path).map_err(|e| match e {
        settings::Error::Config(err) => {
            Fatal::Rendered(Renderer::new(use_color(true)).render(err.as_ref()))
        }
        settings::Error::Message(m) => Fatal::Message(m),
    })?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let settings = loaded.settings;

    if cli.mode == Mode::Verify && (cli.output.is_some() || cli.dry_run) {
        let flag = if cli.dry_run { "--dry-run" } else { "--output" };
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("{flag} cannot be used with --mode verify, which writes nothing"),
            )
            .exit();
    }
    if cli.verify_tests && cli.mode != Mode::Verify {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--verify-tests goes with --mode verify",
            )
            .exit();
    }
    let action = match (&cli.output, cli.dry_run, cli.mode) {
        (_, _, Mode::Analyze) => Action::Analyze,
        (_, _, Mode::Verify) => Action::Verify,
        (_, true, _) => Action::DryRun,
        (Some(out), _, _) => {
            let [root] = roots.as_slice() else {
                return Err(Fatal::Message(format!(
                    "--output needs exactly one input directory, got {}",
                    roots.len()
                )));
            };
            if !root.is_dir {
                return Err(Fatal::Message(format!(
                    "--output needs an input directory, `{}` is a file",
                    root.path.display()
                )));
            }
            write::check_output_dir(&root.path, out).map_err(Fatal::Message)?;
            Action::Output {
                root: walk::normalize(&root.path),
                out: out.clone(),
            }
        }
        (None, false, Mode::Rewrite) => Action::InPlace,
    };

    let excludes = Arc::new(walk::Excludes::new(&settings.exclude).map_err(Fatal::Message)?);
    let found = walk::collect(&roots, &excludes, settings.skip_test_files);
    let unsafe_fixes = settings.unsafe_fixes;
    let engine = gdr_core::Engine::new(settings, gdr_rules::all_rules());
    let renderer = Renderer::new(use_color(false));
    let job = Run {
        engine: &engine,
        action: action.clone(),
        unsafe_fixes,
        renderer: &renderer,
    };
    let dirs = walk::by_directory(&found.files);
    let mut reports: Vec<_> = dirs
        .par_iter()
        .flat_map_iter(|(dir, files)| job.process_dir(dir, files))
        .collect();
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    let mut totals = Totals::default();
    let mut errors = found.errors;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for r in &reports {
        totals.merge(&r.totals);
        errors.extend(r.errors.iter().cloned());
        if !r.stdout.is_empty() && out.write_all(r.stdout.as_bytes()).is_err() {
            // stdout closed (e.g. piped into `head`): nothing more to show.
            break;
        }
    }
    let _ = out.flush();
    drop(out);

    let mut mirrored = None;
    if let Action::Output { root, out } = &action {
        let written: HashSet<_> = reports.iter().filter_map(|r| r.written.clone()).collect();
        let (copied, copy_errors) = write::mirror(root, out, &written);
        errors.extend(copy_errors);
        mirrored = Some((copied + written.len(), out.clone()));
    }
    totals.errors = errors.len();
    for e in &errors {
        eprintln!("error: {e}");
    }

    let mut verify_failed = 0;
    if let Action::Verify = action {
        let changes: Vec<verify::Change> =
            reports.iter().filter_map(|r| r.change.clone()).collect();
        let report = verify::verify(
            &changes,
            &verify::Options {
                tests: cli.verify_tests,
            },
        );
        print!("{}", report.render());
        verify_failed = report.failed();
    }

    let wording = match action {
        Action::Analyze => Wording::Analyze,
        Action::DryRun | Action::Verify => Wording::DryRun,
        Action::InPlace | Action::Output { .. } => Wording::Rewrite,
    };
    let mut line = summary(&totals, wording, unsafe_fixes);
    if let Some((n, dir)) = mirrored {
        line.push_str(&format!("; wrote {n} files to {}", dir.display()));
    }
    eprintln!("{line}");

    let findings = match wording {
        Wording::Analyze => {
            totals.safe + totals.unsafe_ + totals.left.total() + totals.syntax_errors
        }
        Wording::Rewrite => totals.left.total() + totals.syntax_errors,
        Wording::DryRun => totals.files_changed + totals.left.total() + totals.syntax_errors,
    };
    if let Action::Verify = action {
        return Ok(if totals.errors > 0 {
            EXIT_ERROR
        } else if verify_failed > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        });
    }
    Ok(if totals.errors > 0 {
        EXIT_ERROR
    } else if findings > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}
