//! `go-defer-rewriter`: flags, config, parallel walk, output. The analysis itself lives
//! in gdr-core and gdr-rules; the driver that runs it over package directories in
//! gdr-driver.

mod args;
mod changed;
mod commands;
mod list;
mod machine;
mod output;
mod plugins;
mod settings;
mod verify;
mod walk;
mod write;

use args::{Cli, Format, Mode};
use clap::{CommandFactory, Parser};
use gdr_driver::{cache, imports, profiling, Action, Driver, PackageDir, Run};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use machine::Finding;
use output::{summary, use_color, Renderer, Totals, Wording};
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
    gdr_driver::tune_allocator();
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
    // list-defers prints rows of defers, not findings: only its own formats.
    if cli.list_defers && matches!(cli.format, Format::Sarif | Format::Github) {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--list-defers prints defers, not findings: use --format text, concise, json or jsonl",
            )
            .exit();
    }
    let configs = Arc::new(settings::Configs::new(cli).map_err(fatal)?);
    if let Some(path) = &cli.show_settings {
        let meta = std::fs::metadata(path).map_err(|e| {
            Fatal::Message(format!(
                "--show-settings: cannot read `{}`: {}",
                path.display(),
                walk::io_reason(&e)
            ))
        })?;
        let dir = if meta.is_dir() {
            path.clone()
        } else {
            dir_of(path)
        };
        let profile = configs.for_dir(&dir).map_err(fatal)?;
        print!("{}", settings::show(path, &profile));
        return Ok(EXIT_CLEAN);
    }
    let roots = walk::check_roots(&cli.roots()).map_err(Fatal::Message)?;
    // The settings of each root first: a bad config file or flag stops the run
    // before the walk. Those of the directories below are read as the walk meets them.
    for root in &roots {
        let dir = if root.is_dir {
            root.path.clone()
        } else {
            dir_of(&root.path)
        };
        configs.for_dir(&dir).map_err(fatal)?;
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

    let rules_for: walk::RulesFor = {
        let configs = Arc::clone(&configs);
        Arc::new(move |dir: &std::path::Path| configs.dir_rules(dir))
    };
    let mut found = walk::collect(&roots, &rules_for, configs.cwd());
    // A config file met in the walk that cannot be read or is invalid.
    if let Some(e) = configs.take_error() {
        return Err(fatal(e));
    }
    // Every directory with a file found, before sharding: the main modules of the
    // run (see `imports::GoLoader::checking`) are the same whatever the shard.
    let walked: std::collections::BTreeSet<std::path::PathBuf> =
        found.files.iter().map(|f| dir_of(f)).collect();
    if let Some(rev) = &cli.changed_since {
        let paths: Vec<_> = roots.iter().map(|r| r.path.clone()).collect();
        let dirs = changed::changed_dirs(&paths, rev).map_err(Fatal::Message)?;
        found.files = changed::keep(found.files, &dirs);
    }
    if let Some(shard) = cli.shard {
        found.files = walk::shard(found.files, &roots, shard.index, shard.count);
    }

    // One engine per config in use (each with its plugins' rules); a plugin library
    // named by several configs is loaded once. Plugins load before anything is read
    // or written: one that cannot be loaded stops the run (exit 2) with its file and
    // the reason.
    let profiles = configs.profiles();
    let mut plugin_cache = plugins::Cache::default();
    let failures = plugins::Failures::default();
    let mut engines = Vec::new();
    for profile in &profiles {
        let mut settings = profile.settings.clone();
        let plugins = plugin_cache
            .load_all(&settings.plugins)
            .map_err(Fatal::Message)?;
        plugins::merge_patterns(&mut settings, &plugins).map_err(Fatal::Message)?;
        let mut rules = gdr_rules::all_rules();
        let plugin_rules = plugins::rules(&plugins, &rules, &failures).map_err(Fatal::Message)?;
        rules.extend(plugin_rules);
        // A `select` or `ignore` entry that names no rule (built-in or from a plugin)
        // would silently check nothing, or ignore nothing: an error, pointing at the entry.
        let unknown = gdr_core::config::unknown_rules(
            &settings.rule_entries,
            rules.iter().map(|r| (r.code(), r.name())),
        );
        if !unknown.is_empty() {
            return Err(Fatal::Rendered(render_unknown_rules(&unknown)));
        }
        engines.push(gdr_core::Engine::new(settings, rules));
    }
    let engine_of: std::collections::HashMap<usize, usize> = profiles
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let engine_for = |dir: &std::path::Path| -> usize {
        configs
            .try_for_dir(dir)
            .and_then(|p| engine_of.get(&p.id).copied())
            .unwrap_or(0)
    };

    // The CPU profile of each engine's settings (--profile or `[profile] path`),
    // each file read once. A profile that cannot be used stops the run (exit 2).
    let mut attributions: Vec<(
        gdr_core::config::ProfileSource,
        Arc<gdr_core::profile::Attribution>,
        String,
    )> = Vec::new();
    let mut run_profiles: Vec<Option<Arc<profiling::RunProfile>>> = Vec::new();
    for engine in &engines {
        let settings = engine.settings();
        let Some(source) = &settings.profile else {
            if settings.hot_threshold.is_some() && cli.hot_threshold.is_some() {
                return Err(Fatal::Message(
                    "--hot-threshold needs a CPU profile: give --profile FILE (or `[profile] path`)"
                        .to_string(),
                ));
            }
            run_profiles.push(None);
            continue;
        };
        let attribution = match attributions.iter().find(|(s, _, _)| s == source) {
            Some((_, a, _)) => Arc::clone(a),
            None => {
                let (a, shown) = profiling::load(source, &walked).map_err(Fatal::Message)?;
                let a = Arc::new(a);
                attributions.push((source.clone(), Arc::clone(&a), shown));
                a
            }
        };
        run_profiles.push(Some(Arc::new(profiling::RunProfile::new(
            attribution,
            settings.hot_threshold,
        ))));
    }

    if cli.list_defers {
        // json is one array, jsonl one object per line, as for findings.
        let format = cli.format;
        // The build whose constants decide which code the compiler removes: GOOS
        // and GOARCH from the environment, as the go command reads them (unknown
        // when unset, and then GOOS-dependent branches are kept).
        let build_of = |dir: &std::path::Path| {
            let settings = engines[engine_for(dir)].settings();
            (
                gdr_core::cost::Build {
                    go: settings.go_version,
                    race: cli.race,
                },
                build_target(settings, cli.race),
            )
        };
        let profile_of = |dir: &std::path::Path| run_profiles[engine_for(dir)].clone();
        let (out, errors) = list::list(&found.files, &build_of, &profile_of, format);
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
    // The summary suggests --unsafe-fixes unless every directory has them on.
    let unsafe_fixes = engines.iter().all(|e| e.settings().unsafe_fixes);
    let renderer = Renderer::new(use_color(false));
    let originals = Arc::new(imports::Originals::default());
    // The files the run checks, to tell a profile of other code (see below).
    let checked_files: Vec<std::path::PathBuf> = if run_profiles.iter().any(Option::is_some) {
        found.files.clone()
    } else {
        Vec::new()
    };
    let dirs = walk::by_directory(std::mem::take(&mut found.files));
    // Configs with the same `[safety] no_panic` share one program (and its caches).
    let mut programs: std::collections::HashMap<Vec<String>, Arc<gdr_core::program::Program>> =
        std::collections::HashMap::new();
    let mut go_environment = String::new();
    let runs: Vec<Run> = engines
        .iter()
        .zip(&run_profiles)
        .map(|(engine, profile)| {
            let settings = engine.settings();
            let program = programs
                .entry(settings.no_panic.clone())
                .or_insert_with(|| {
                    let loader = imports::GoLoader::from_environment(Arc::clone(&originals))
                        .checking(&walked);
                    go_environment = loader.fingerprint();
                    gdr_core::program::Program::new(Box::new(loader), &settings.no_panic)
                });
            Run {
                engine,
                action: action.clone(),
                unsafe_fixes: settings.unsafe_fixes,
                snippets: cli.format.has_snippets().then_some(&renderer),
                costs: (cli.statistics && matches!(action, Action::Analyze)).then(|| {
                    (
                        gdr_core::cost::Build {
                            go: settings.go_version,
                            race: cli.race,
                        },
                        build_target(settings, cli.race),
                    )
                }),
                keep_findings: !cli.format.has_snippets() || cli.statistics,
                keep_fixes: cli.show_fixes,
                program: Some(Arc::clone(program)),
                originals: Arc::clone(&originals),
                profile: profile.clone(),
                files: Arc::new(gdr_driver::files::Disk),
                writer: Arc::new(write::Disk),
                modes: cli.test_modes(),
            }
        })
        .collect();
    let cache = open_cache(cli, &configs, &roots, &action, &run_profiles)?;
    let keys: Vec<String> = match &cache {
        Some(_) => runs
            .iter()
            .map(|r| run_key(cli, r, &go_environment))
            .collect(),
        None => Vec::new(),
    };
    let dirs: Vec<PackageDir> = dirs
        .into_iter()
        .map(|(dir, files)| {
            let run = engine_for(&dir);
            PackageDir { dir, files, run }
        })
        .collect();
    let progress = progress_bar(cli, dirs.iter().map(|d| d.files.len()).sum());
    let mut driver = Driver::new(runs);
    if let Some(cache) = &cache {
        driver = driver.with_cache(cache, keys);
    }
    let machine = cli.format.is_machine();
    let mut totals = Totals::default();
    let mut errors = found.errors;
    let found_errors = errors.len();
    // Each report is printed as soon as the ones before it are, and only what the
    // end of the run needs is kept of it.
    let mut kept = Kept::default();
    let keep_findings = !cli.format.has_snippets() || cli.statistics;
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut stdout_open = true;
    driver.check_each(&dirs, &|n| progress.inc(n as u64), &mut |r| {
        totals.merge(&r.totals);
        errors.extend(r.errors);
        if stdout_open && !r.stdout.is_empty() {
            let written = if progress.is_hidden() {
                out.write_all(r.stdout.as_bytes())
            } else {
                // Above the progress bar: out before the bar is drawn again.
                progress.suspend(|| {
                    out.write_all(r.stdout.as_bytes())
                        .and_then(|()| out.flush())
                })
            };
            // stdout closed (e.g. piped into `head`): nothing more to show.
            stdout_open = written.is_ok();
        }
        if keep_findings {
            kept.findings.extend(r.findings);
        }
        kept.written.extend(r.written);
        kept.changes.extend(r.change);
        if cli.show_fixes {
            kept.fixes.extend(r.fixes);
        }
        if cli.statistics {
            kept.sites.extend(r.sites);
        }
    });
    progress.finish_and_clear();
    if !cli.format.has_snippets() {
        let findings: Vec<&Finding> = kept.findings.iter().collect();
        let _ = out.write_all(render_machine(cli.format, &engines, &findings).as_bytes());
    }
    let _ = out.flush();
    drop(out);

    let mut mirrored = None;
    if let Action::Output { root, out } = &action {
        let written = &kept.written;
        let (copied, copy_errors) = write::mirror(root, out, written);
        errors.extend(copy_errors);
        mirrored = Some((copied + written.len(), out.clone()));
    }
    // A plugin check that failed (returned an error, panicked, or returned output
    // that does not fit the file) on some file: the run went on without its findings.
    errors.extend(failures.take());
    if let Some(cache) = &cache {
        if errors.len() > found_errors {
            // A failure on the way (a plugin, a file that could not be read): the
            // entries of this run are not what a clean run would give.
            cache.forget_written();
        } else if cache.written() > 0 {
            cache.evict(cache::MAX_BYTES);
        }
    }
    totals.errors = errors.len();
    for e in &errors {
        eprintln!("error: {e}");
    }

    let mut verify_failed = 0;
    if let Action::Verify = action {
        let report = verify::verify(
            &kept.changes,
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
        let notes: Vec<_> = kept.fixes.iter().collect();
        let listed = output::show_fixes(&notes, wording);
        if machine {
            eprint!("{listed}");
        } else {
            print!("{listed}");
        }
    }
    if cli.statistics {
        let findings: Vec<&Finding> = kept.findings.iter().collect();
        let sites: Vec<&gdr_driver::CostSite> = kept.sites.iter().collect();
        eprint!("{}", output::statistics(&findings, &totals, wording));
        if let Some(cache) = &cache {
            let hits = cache.hits.load(std::sync::atomic::Ordering::Relaxed);
            let misses = cache.misses.load(std::sync::atomic::Ordering::Relaxed);
            eprintln!(
                "cache: {} reused, {} checked",
                output::plural(hits, "package directory", "package directories"),
                misses
            );
        }
        if !sites.is_empty() {
            eprint!("{}", output::ranking(&sites, &findings));
        }
        if run_profiles.iter().any(Option::is_some) {
            eprint!("{}", output::profile_ranking(&findings));
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
    // How much of each profile the rewritten functions cover; a profile none of
    // whose functions the findings are in is the wrong one (another binary, or
    // another tree), and says so whatever the format.
    for (_, attribution, shown) in &attributions {
        let of_it: Vec<&profiling::RunProfile> = run_profiles
            .iter()
            .flatten()
            .filter(|p| Arc::ptr_eq(&p.attribution, attribution))
            .map(|p| p.as_ref())
            .collect();
        let matched: usize = of_it
            .iter()
            .map(|p| p.matched.load(std::sync::atomic::Ordering::Relaxed))
            .sum();
        // Code of the tree that is in the profile, but whose functions have no
        // finding, is only cold: no warning then.
        let has_files = || {
            of_it
                .first()
                .is_some_and(|p| p.has_any_of(checked_files.iter().map(|f| f.as_path())))
        };
        if matched == 0 && !has_files() {
            eprintln!(
                "warning: none of the checked functions appears in the profile {shown}, nor any of their files: is it a profile of another binary, or of another tree?"
            );
        }
        let mut rewritten = HashSet::new();
        for p in &of_it {
            rewritten.extend(
                p.rewritten
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .iter()
                    .copied(),
            );
        }
        let subject = match wording {
            Wording::Rewrite => "rewritten functions cover",
            Wording::DryRun | Wording::Analyze => "functions to rewrite cover",
        };
        line.push_str(&format!(
            "; profile: {subject} {} of samples",
            gdr_core::profile::format_pct(attribution.coverage(&rewritten))
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

/// The result cache of this run (in every mode but verify, which checks the fixed
/// text itself; a run that writes reuses only packages with nothing to write),
/// unless `--no-cache`, `[cache] enabled = false` (in the config of the first path
/// walked) or a CPU profile (whose contents the key would need) says otherwise.
fn open_cache(
    cli: &Cli,
    configs: &settings::Configs,
    roots: &[walk::Root],
    action: &Action,
    profiles: &[Option<Arc<profiling::RunProfile>>],
) -> Result<Option<cache::Cache>, Fatal> {
    if cli.no_cache || matches!(action, Action::Verify) || profiles.iter().any(Option::is_some) {
        return Ok(None);
    }
    let first = roots.first().map(|r| {
        if r.is_dir {
            r.path.clone()
        } else {
            dir_of(&r.path)
        }
    });
    let settings = first
        .and_then(|d| configs.try_for_dir(&d))
        .map(|p| p.settings.clone())
        .unwrap_or_default();
    let dir = match (&cli.cache_dir, &settings.cache_dir) {
        (Some(d), _) => d.clone(),
        (None, _) if settings.cache_enabled == Some(false) => return Ok(None),
        (None, Some(d)) => d.clone(),
        (None, None) => match cache::default_dir() {
            Some(d) => d,
            None => return Ok(None),
        },
    };
    match cache::Cache::open(&dir) {
        Ok(c) => Ok(Some(c)),
        // Asked for by name: an error. The default place: run without it.
        Err(e) if cli.cache_dir.is_some() || settings.cache_dir.is_some() => Err(Fatal::Message(e)),
        Err(e) => {
            if !cli.quiet {
                eprintln!("warning: running without the result cache: {e}");
            }
            Ok(None)
        }
    }
}

/// The key of a run's cached results: everything but the files that decides what
/// a package's report is (see `cache`).
fn run_key(cli: &Cli, run: &Run, go_environment: &str) -> String {
    let mut flags = cli.clone();
    // What picks the packages, not what a package's report says.
    flags.paths.clear();
    flags.input.clear();
    flags.changed_since = None;
    flags.shard = None;
    flags.quiet = false;
    flags.cache_dir = None;
    let settings = run.engine.settings();
    let rules: Vec<&str> = run.engine.rules().map(|r| r.code()).collect();
    let plugins: Vec<String> = settings
        .plugins
        .iter()
        .map(|p| format!("{}={}", p.path.display(), cache::hash_file(&p.path)))
        .collect();
    // The executable's contents: a build of other code under the same version.
    static EXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let exe = EXE.get_or_init(|| {
        std::env::current_exe()
            .map(|p| cache::hash_file(&p))
            .unwrap_or_else(|_| "unknown".to_string())
    });
    let mut env: Vec<(String, String)> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.to_string_lossy().into_owned())))
        .filter(|(k, _)| k.starts_with("GO") || k == "NO_COLOR" || k == "COLUMNS")
        .collect();
    env.sort();
    let cwd = std::env::current_dir().unwrap_or_default();
    cache::hash_str(&format!(
        "version={} exe={exe} cwd={cwd:?} color={} flags={flags:?} settings={settings:?} \
         rules={rules:?} plugins={plugins:?} go={go_environment} env={env:?}",
        env!("CARGO_PKG_VERSION"),
        use_color(false),
    ))
}

/// A settings error as the run reports it.
fn fatal(e: settings::Error) -> Fatal {
    match e {
        settings::Error::Config(err) => {
            Fatal::Rendered(Renderer::new(use_color(true)).render(err.as_ref()))
        }
        settings::Error::Message(m) => Fatal::Message(m),
    }
}

/// The directory of a file as given (`.` for a bare file name).
fn dir_of(path: &std::path::Path) -> std::path::PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
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
/// What the end of a run needs of its reports (see [`run`]).
#[derive(Default)]
struct Kept {
    /// Only for a machine format or `--statistics`.
    findings: Vec<Finding>,
    written: HashSet<std::path::PathBuf>,
    changes: Vec<verify::Change>,
    /// Only with `--show-fixes`.
    fixes: Vec<gdr_driver::FixNote>,
    /// Only with `--statistics`.
    sites: Vec<gdr_driver::CostSite>,
}

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
fn render_machine(format: Format, engines: &[gdr_core::Engine], findings: &[&Finding]) -> String {
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
            // The rules of every directory's config, each once.
            let mut seen = HashSet::new();
            let mut rules: Vec<machine::RuleInfo> = engines
                .iter()
                .flat_map(|e| e.rules())
                .filter(|r| seen.insert(r.code().to_string()))
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
