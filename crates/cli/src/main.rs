//! `go-defer-rewriter`: flags, config, parallel walk, output. The analysis itself lives
//! in gdr-core and gdr-rules.

mod args;
mod commands;
mod imports;
mod list;
mod machine;
mod output;
mod plugins;
mod process;
mod settings;
mod verify;
mod walk;
mod write;

use args::{Cli, Format, Mode};
use clap::{CommandFactory, Parser};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use machine::Finding;
use output::{summary, use_color, Renderer, Totals, Wording};
use process::{Action, Run};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
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
    process::tune_allocator();
    if commands::is_command(std::env::args_os().nth(1).as_deref()) {
        return match commands::run(std::env::args_os()) {
            Ok(code) => ExitCode::from(code),
            Err(m) => {
                eprintln!("error: {m}");
                ExitCode::from(EXIT_ERROR)
            }
        };
    }
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
    let mut settings = loaded.settings;
    // Plugins load before anything is read or written: one that cannot be loaded
    // stops the run (exit 2) with its file and the reason.
    let plugins = plugins::load_all(&settings.plugins).map_err(Fatal::Message)?;
    plugins::merge_patterns(&mut settings, &plugins).map_err(Fatal::Message)?;
    let failures = plugins::Failures::default();
    let mut rules = gdr_rules::all_rules();
    let plugin_rules = plugins::rules(&plugins, &rules, &failures).map_err(Fatal::Message)?;
    rules.extend(plugin_rules);
    // A `select` or `ignore` entry that names no rule (built-in or from a plugin) would
    // silently check nothing, or ignore nothing: an error, pointing at the entry.
    let unknown = gdr_core::config::unknown_rules(
        &settings.rule_entries,
        rules.iter().map(|r| (r.code(), r.name())),
    );
    if !unknown.is_empty() {
        return Err(Fatal::Rendered(render_unknown_rules(&unknown)));
    }

    if cli.mode == Mode::Verify && (cli.output.is_some() || cli.dry_run) {
        let flag = if cli.dry_run { "--dry-run" } else { "--output" };
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("{flag} cannot be used with --mode verify, which writes nothing"),
            )
            .exit();
    }
    if cli.dry_run && cli.format.is_machine() {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--dry-run prints a diff; it cannot be combined with a machine --format (the findings of --mode analyze carry the fixes' edits)",
            )
            .exit();
    }
    // -race changes only the cost of each defer: what --list-defers lists and what
    // --statistics ranks in --mode analyze. Anywhere else it would be ignored.
    if cli.race && !cli.list_defers && !(cli.statistics && cli.mode == Mode::Analyze) {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--race goes with --list-defers, or with --statistics in --mode analyze (it changes only the cost estimates of defers)",
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
    let mut found = walk::collect(&roots, &excludes, settings.skip_test_files);
    // Every directory with a file found, before sharding: the main modules of the
    // run (see `imports::GoLoader::checking`) are the same whatever the shard.
    let walked: std::collections::BTreeSet<std::path::PathBuf> = found
        .files
        .iter()
        .map(|f| match f.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        })
        .collect();
    if let Some(shard) = cli.shard {
        found.files = walk::shard(found.files, &roots, shard.index, shard.count);
    }
    if cli.list_defers {
        let build = gdr_core::cost::Build {
            go: settings.go_version,
            race: cli.race,
        };
        // json is one array, jsonl one object per line, as for findings.
        let format = cli.format;
        // The build whose constants decide which code the compiler removes: GOOS
        // and GOARCH from the environment, as the go command reads them (unknown
        // when unset, and then GOOS-dependent branches are kept).
        let target = build_target(&settings, cli.race);
        let (out, errors) = list::list(&found.files, build, &target, format);
        print!("{out}");
        for e in found.errors.iter().chain(&errors) {
            eprintln!("error: {e}");
        }
        return Ok(if found.errors.is_empty() && errors.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_ERROR
        });
    }
    let unsafe_fixes = settings.unsafe_fixes;
    let costs = (cli.statistics && matches!(action, Action::Analyze)).then(|| {
        (
            gdr_core::cost::Build {
                go: settings.go_version,
                race: cli.race,
            },
            build_target(&settings, cli.race),
        )
    });
    let engine = gdr_core::Engine::new(settings, rules);
    let renderer = Renderer::new(use_color(false));
    let originals = Arc::new(imports::Originals::default());
    let dirs = walk::by_directory(std::mem::take(&mut found.files));
    let loader = imports::GoLoader::from_environment(Arc::clone(&originals)).checking(&walked);
    let job = Run {
        engine: &engine,
        action: action.clone(),
        unsafe_fixes,
        renderer: &renderer,
        format: cli.format,
        costs,
        keep_findings: !cli.format.has_snippets() || cli.statistics,
        keep_fixes: cli.show_fixes,
        program: Some(gdr_core::program::Program::new(
            Box::new(loader),
            &engine.settings().no_panic,
        )),
        originals,
    };
    let progress = progress_bar(cli, dirs.values().map(Vec::len).sum());
    let mut reports: Vec<_> = dirs
        .par_iter()
        .flat_map_iter(|(dir, files)| {
            let done = job.process_dir(dir, files);
            progress.inc(files.len() as u64);
            done
        })
        .collect();
    progress.finish_and_clear();
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    let machine = cli.format.is_machine();

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
    if !cli.format.has_snippets() {
        let findings: Vec<&Finding> = reports.iter().flat_map(|r| &r.findings).collect();
        let _ = out.write_all(render_machine(cli.format, &engine, &findings).as_bytes());
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
    // A plugin check that failed (returned an error, panicked, or returned output
    // that does not fit the file) on some file: the run went on without its findings.
    errors.extend(failures.take());
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
        if machine {
            eprint!("{}", report.render());
        } else {
            print!("{}", report.render());
        }
        verify_failed = report.failed();
    }

    let wording = match action {
        Action::Analyze => Wording::Analyze,
        Action::DryRun | Action::Verify => Wording::DryRun,
        Action::InPlace | Action::Output { .. } => Wording::Rewrite,
    };
    if cli.show_fixes {
        let notes: Vec<_> = reports.iter().flat_map(|r| &r.fixes).collect();
        let listed = output::show_fixes(&notes, wording);
        if machine {
            eprint!("{listed}");
        } else {
            print!("{listed}");
        }
    }
    if cli.statistics {
        let findings: Vec<&Finding> = reports.iter().flat_map(|r| &r.findings).collect();
        let sites: Vec<&process::CostSite> = reports.iter().flat_map(|r| &r.sites).collect();
        eprint!("{}", output::statistics(&findings, &totals, wording));
        if !sites.is_empty() {
            eprint!("{}", output::ranking(&sites, &findings));
        }
    }
    let mut line = summary(&totals, wording, unsafe_fixes);
    if let Some((n, dir)) = mirrored {
        line.push_str(&format!(
            "; wrote {} to {}",
            output::plural(n, "file", "files"),
            dir.display()
        ));
    }
    // Machine formats keep stderr quiet too, unless statistics were asked for.
    if !cli.quiet && (!machine || cli.statistics) {
        eprintln!("{line}");
    }

    let findings = match wording {
        Wording::Analyze => {
            totals.safe + totals.unsafe_ + totals.left.total() + totals.syntax_errors
        }
        // A rewrite chained before `go build` (`go-defer-rewriter ./... && go build
        // ./...`) fails only on what the run could have fixed but did not: hints
        // with no fix are reported, not failed on.
        Wording::Rewrite => totals.fixable_left + totals.syntax_errors,
        Wording::DryRun => totals.files_changed + totals.left.total() + totals.syntax_errors,
    };
    if let Action::Verify = action {
        return Ok(if totals.errors > 0 {
            EXIT_ERROR
        } else if verify_failed > 0 && !cli.exit_zero {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        });
    }
    Ok(if totals.errors > 0 {
        EXIT_ERROR
    } else if findings > 0 && !cli.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// Each entry of `select` or `ignore` that names no rule: with its config file's
/// snippet, or naming its flag.
fn render_unknown_rules(unknown: &[gdr_core::config::UnknownRule]) -> String {
    let renderer = Renderer::new(use_color(true));
    let mut out = String::new();
    for u in unknown {
        match (u.config_error(), &u.entry.origin) {
            (Some(err), _) => out.push_str(&renderer.render(&err)),
            (None, gdr_core::config::EntryOrigin::Flag(flag)) => out.push_str(&format!(
                "error: {flag}: unknown rule `{}`; {}\n",
                u.entry.value, u.help
            )),
            (None, _) => out.push_str(&format!("error: {}; {}\n", u.message(), u.help)),
        }
    }
    out
}

/// Files done / total on stderr, only for people watching a terminal.
fn progress_bar(cli: &Cli, total: usize) -> ProgressBar {
    if cli.quiet || cli.format != Format::Text || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} files ({rate}, {elapsed})")
    {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} files/s", state.per_sec());
            },
        ));
    }
    bar
}

/// The findings in a machine format.
fn render_machine(format: Format, engine: &gdr_core::Engine, findings: &[&Finding]) -> String {
    // Suppressed findings are not findings: only SARIF lists them, marked as such.
    let reported: Vec<&Finding> = findings
        .iter()
        .copied()
        .filter(|f| f.suppressed.is_none())
        .collect();
    match format {
        Format::Text => String::new(),
        Format::Concise => machine::concise(&reported),
        Format::Json => machine::json_array(&reported),
        Format::Jsonl => machine::json_lines(&reported),
        Format::Github => machine::github(&reported),
        Format::Sarif => {
            use gdr_core::suppress;
            let mut rules: Vec<machine::RuleInfo> = engine
                .rules()
                .map(|r| machine::RuleInfo::new(r.code(), r.name(), r.summary(), r.docs()))
                .collect();
            rules.push(machine::RuleInfo::new(
                suppress::UNUSED_SUPPRESSION_CODE,
                suppress::UNUSED_SUPPRESSION_NAME,
                suppress::UNUSED_SUPPRESSION_SUMMARY,
                suppress::UNUSED_SUPPRESSION_DOCS,
            ));
            rules.push(machine::RuleInfo::new(
                "syntax-error",
                "syntax-error",
                "the file does not parse; it was left unchanged",
                "The file has a syntax error, so no rule could check it and no fix was made. Fix the syntax error and run again.",
            ));
            machine::sarif(&rules, findings, env!("CARGO_PKG_VERSION"))
        }
    }
}

/// The build whose constants decide which code the compiler removes: GOOS and
/// GOARCH from the environment, as the go command reads them (unknown when unset,
/// and then GOOS-dependent branches are kept).
fn build_target(settings: &gdr_core::Settings, race: bool) -> gdr_core::consts::Target {
    gdr_core::consts::Target {
        goos: std::env::var("GOOS").ok().filter(|s| !s.is_empty()),
        goarch: std::env::var("GOARCH").ok().filter(|s| !s.is_empty()),
        race,
        go_minor: (settings.go_version.major == 1).then_some(settings.go_version.minor),
    }
}
