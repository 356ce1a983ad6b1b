//! Command-line flags.

use clap::{Parser, ValueEnum};
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  Rewrite `defer mu.Unlock()` in place in one directory tree:
    go-defer-rewriter --pattern 'mu.Unlock()' ./internal/handler/

  Write a rewritten copy of ./pkg/ to ./pkg-rewritten/, leaving ./pkg/ untouched:
    go-defer-rewriter --input ./pkg/ --mode rewrite --output ./pkg-rewritten/ --skip-test-files

  Report findings without changing anything (exit status 1 when there are any):
    go-defer-rewriter --mode analyze ./...

  Show the rewrite as a unified diff, write nothing:
    go-defer-rewriter --dry-run ./...

  Rewrite in memory and check the result with gofmt, go vet and go build (and go test
  with --verify-tests), without touching the tree; exit status 1 if any check fails:
    go-defer-rewriter --mode verify ./...

Subcommands:
  go-defer-rewriter rules            list every rule (built-in and from plugins): code,
                                     name, source, fix availability
  go-defer-rewriter explain CODE     print the documentation of a rule (code or name)
  Both read the plugins of defer-rewriter.toml (--config FILE, --no-config, --dir DIR).

Paths:
  A directory is walked recursively (like gofmt), and Go's `./...` and `dir/...` mean
  the same tree. `.gitignore` is respected, hidden directories are skipped, and the
  `exclude` globs of the config (by default vendor/ and testdata/) are matched against
  the path relative to the walked directory (and a config's own globs against the
  path relative to its folder). A file named on the command line is always processed.

Config:
  Each directory takes its settings from the nearest `defer-rewriter.toml`, in that
  directory or the nearest one above it, so each subtree of a monorepo can have its
  own (`go-defer-rewriter --mode analyze tree-a tree-b` uses each tree's). A config
  may say `extend = \"../defer-rewriter.toml\"` (relative to itself) to apply that
  file first and its own settings on top. --config FILE uses one file for every
  directory, --no-config none. Flags override the file(s). `--show-settings PATH`
  prints the settings in force for PATH and which files and flags they came from.

Writing in place:
  A file is replaced keeping its owner, group and mode; a file with several hard links
  is written through its inode (every name shows the new text); a symlink is followed
  (its target is rewritten, the link stays). A file changed during the run is left as
  it is and reported. The summary counts only what was written.

Output:
  --format text (the default) prints diagnostics with source snippets for people;
  concise prints one line per finding, `path:line:col: CODE message` (like go vet or
  ruff --output-format concise). With both, findings go to stdout and the summary
  line to stderr (left out with --quiet). json, jsonl, sarif (2.1.0) and github (workflow commands that annotate a pull request)
  are for CI. Machine formats print only the findings on stdout: the summary line is
  left out unless --statistics is given (it then goes to stderr with the table), and
  --show-fixes goes to stderr. In rewrite modes the findings are what is left after
  fixing, with positions in the rewritten text. SARIF also lists suppressed findings,
  marked as suppressed in source.

Profile-guided sweep:
  --profile cpu.pprof gives each finding its function's share of a CPU profile (flat,
  cumulative, and the samples in the runtime's defer machinery); --statistics and
  --list-defers rank by it. The summary line ends with `; profile: rewritten functions
  cover N% of samples` (`functions to rewrite cover` when nothing is written). Add
  --hot-threshold 1% to rewrite only the functions with at least 1% of the samples
  (cumulative); the others are reported with reason `cold`. A profile that is missing,
  not a profile, not a CPU profile or empty is an error (exit 2). `--profile auto`
  merges the `default.pgo` files of the main packages under the walked tree.
    go test -bench . -run '^$' -cpuprofile cpu.pprof ./internal/handler/
    go-defer-rewriter --mode analyze --profile cpu.pprof --statistics ./...
    go-defer-rewriter --profile cpu.pprof --hot-threshold 1% ./...

Suppressions:
  `//defer-rewriter:ignore` at the end of a line, or alone on the line above it,
  suppresses the findings on that line; `//defer-rewriter:ignore DR001,DR005 reason`
  only those rules'. A suppressed finding is not fixed and not counted. A suppression
  that suppresses nothing is reported as DR000 (unused-suppression).

Sharding:
  --shard K/N checks only the files whose path (relative to the walked directory)
  hashes to K-1 modulo N, with a stable hash (FNV-1a): N jobs with K = 1..N together
  cover every file exactly once. Sibling files are still read for the package view.

Exit status:
  0  nothing left to report (or --exit-zero)
  1  findings remain (analyze: any finding; rewrite: a fix left unapplied, e.g. an Unsafe
     one without --unsafe-fixes, or files with syntax errors: findings with no fix are
     reported but do not count; --dry-run: anything left after fixing, and any pending
     change)
  2  error: bad flag, bad config (a `select` or `ignore` entry that names no rule too),
     unreadable path, a file not written (the write failed, or the file changed during
     the run: it is left as it is), or an internal error
  In --mode verify: 0 when every affected package passed (or could not be checked),
  1 when a check failed, 2 on errors.";

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people.
    Text,
    /// One line per finding, `path:line:col: CODE message` (like go vet and ruff's
    /// concise format); the summary line still goes to stderr.
    Concise,
    /// One JSON array of findings.
    Json,
    /// One JSON object per finding, one per line.
    Jsonl,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=...::message`).
    Github,
}

impl Format {
    /// A format for programs (json, jsonl, sarif, github): only the findings on
    /// stdout, and stderr quiet unless --statistics is given.
    pub fn is_machine(self) -> bool {
        !matches!(self, Format::Text | Format::Concise)
    }

    /// Diagnostics are rendered with source snippets as each file is done.
    pub fn has_snippets(self) -> bool {
        self == Format::Text
    }
}

/// `--test-mode`: a slower path of the engine that must give the same output as the
/// fast one, for scripts/fast-path-check.sh (see `gdr_driver::TestModes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestMode {
    /// Check every candidate in analyze mode in runs of one body.
    SmallRuns,
    /// Compute every package function's panic summary up front.
    EagerSummaries,
    /// Parse every file whole, for its package view and for the rules.
    WholeFiles,
}

/// `--shard K/N`: this run takes the files whose path hash is K-1 modulo N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 0-based.
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("expected K/N (e.g. 1/4), got `{s}`"))?;
        let parse = |x: &str, what: &str| {
            x.trim()
                .parse::<u64>()
                .map_err(|_| format!("{what} in K/N must be a positive whole number, got `{x}`"))
        };
        let (k, n) = (parse(k, "K")?, parse(n, "N")?);
        if n == 0 {
            return Err("N in K/N must be at least 1".to_string());
        }
        if k == 0 || k > n {
            return Err(format!("K in K/N must be between 1 and N ({n}), got {k}"));
        }
        Ok(Shard {
            index: k - 1,
            count: n,
        })
    }
}

/// What to do with the findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// Report findings, change nothing.
    Analyze,
    /// Apply fixes (in place, or into --output).
    Rewrite,
    /// Rewrite in memory and check the result (parse, second pass, gofmt, go vet,
    /// go build; go test with --verify-tests) through Go's -overlay; write nothing.
    Verify,
}

/// Rewrite Go `defer X.Unlock()` statements into explicit calls before every exit,
/// where that provably does not change what the program does.
#[derive(Debug, Clone, Parser)]
#[command(name = "go-defer-rewriter", version, after_long_help = EXAMPLES, after_help = "Run with --help for examples, path rules and exit status.")]
pub struct Cli {
    /// Files or directories to process; `./...` and `dir/...` mean the directory tree.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// A file or directory to process (same as a positional PATH; repeatable).
    #[arg(long, value_name = "DIR")]
    pub input: Vec<PathBuf>,

    /// A Go call pattern with `$NAME` wildcards, e.g. '$X.Unlock()' or 's.mu.RUnlock()'
    /// (repeatable). Replaces the `[explicit-call] patterns` of the config.
    #[arg(long, value_name = "PAT")]
    pub pattern: Vec<String>,

    /// `rewrite` applies fixes (in place unless --output is given); `analyze` only reports.
    #[arg(long, value_enum, default_value_t = Mode::Rewrite)]
    pub mode: Mode,

    /// Write the rewritten tree here instead of in place: the whole input tree is
    /// copied, with rewritten files replaced. Needs exactly one input directory.
    #[arg(long, value_name = "DIR", conflicts_with = "dry_run")]
    pub output: Option<PathBuf>,

    /// Print the rewrite as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Add to each diagnostic the chain of reasoning behind its fix's safety (which
    /// calls were proven panic-free, which pointers are known not nil, and why).
    #[arg(long)]
    pub explain_safety: bool,

    /// With --mode verify: also run `go test` (with -race when cgo is available) on
    /// the affected packages.
    #[arg(long)]
    pub verify_tests: bool,

    /// Check only these rules: codes or names, comma-separated (repeatable), or `ALL`.
    /// Replaces `[rules] select` of the config. An entry that names no rule is an error.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not check these rules: codes or names, comma-separated (repeatable). Added to
    /// `[rules] ignore` of the config. An entry that names no rule is an error.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Skip `*_test.go` files found while walking directories.
    #[arg(long)]
    pub skip_test_files: bool,

    /// Also apply fixes marked unsafe (e.g. the region between the defer and an exit
    /// can panic, so the explicit call would not run during the panic).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// How `defer tx.Rollback()` is rewritten (overrides `[rollback] strategy`):
    /// if-err (explicit Rollback on the exits reached before Commit, DR002), flag
    /// (a deferred Rollback skipped once Commit was called, DR003), or off.
    #[arg(long, value_name = "STRATEGY", value_parser = ["if-err", "flag", "off"])]
    pub rollback_strategy: Option<String>,

    /// Read settings from this file, for every directory, instead of each directory's
    /// nearest defer-rewriter.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Do not look for a config file; use the built-in defaults and the flags.
    #[arg(long)]
    pub no_config: bool,

    /// Output format: text (snippets) or concise (one `path:line:col: CODE message`
    /// line per finding) for people, the summary line on stderr; json, jsonl, sarif
    /// or github for CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// List every defer statement with the regime the Go compiler gives it
    /// (open-coded, stack, heap), the estimated cost and the deciding conditions,
    /// instead of checking rules. `--format text` (or concise) gives a table,
    /// `--format json` one JSON array, `--format jsonl` one object per line; sarif
    /// and github are an error.
    #[arg(long)]
    pub list_defers: bool,

    /// The Go version the cost estimates are for (overrides `go_version`), e.g. 1.22.
    #[arg(long, value_name = "VERSION")]
    pub go_version: Option<String>,

    /// Assume a `-race` build (no defer is open-coded). Only with --list-defers, or
    /// --statistics in --mode analyze (the cost estimates); an error otherwise.
    #[arg(long)]
    pub race: bool,

    /// After the run, print counts per rule code, fix applicability and reason.
    #[arg(long)]
    pub statistics: bool,

    /// Exit with status 0 even when findings remain (still 2 on errors).
    #[arg(long)]
    pub exit_zero: bool,

    /// List the fixes applied (those that would be, with --dry-run or --mode verify;
    /// those available, with --mode analyze) with file:line and applicability.
    #[arg(long)]
    pub show_fixes: bool,

    /// Print the settings in force for this file or directory (the config files
    /// they come from, in order, and what the flags changed), then exit.
    #[arg(long, value_name = "PATH")]
    pub show_settings: Option<PathBuf>,

    /// No progress bar and no summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Do not read or write the result cache (see --cache-dir).
    #[arg(long, conflicts_with = "cache_dir")]
    pub no_cache: bool,

    /// Where to keep results between runs (`[cache] dir`; default
    /// $XDG_CACHE_HOME/go-defer-rewriter/results). A package whose files, imported
    /// packages, settings and tool did not change is not checked again: its report
    /// is reused. A run that writes reuses only packages with nothing to write (a
    /// fix is always computed and written afresh); --mode verify does not use it.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Check only the package directories with Go files changed since the git revision
    /// REV (committed, staged or not, and untracked files git does not ignore): for a
    /// pull request's CI run. Importers of a changed package are not checked again.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,

    /// Check only shard K of N (1-based): files are split by a stable hash of their path
    /// relative to the walked directory. For splitting a large tree across CI jobs.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,

    /// A pprof CPU profile (from `go test -cpuprofile`, net/http/pprof or
    /// runtime/pprof; gzipped or not) that ranks the findings: each one shows its
    /// function's share of the samples. `auto`: the `default.pgo` files of the main
    /// packages under the walked tree (as `go build -pgo=auto`), merged. Overrides
    /// `[profile] path`.
    #[arg(long, value_name = "FILE|auto")]
    pub profile: Option<String>,

    /// With a profile: apply fixes only in functions with at least this share of the
    /// profile's samples, cumulative (`1%`, `0.5%`, `1`); the others are reported as
    /// `cold`, unchanged. Overrides `[profile] hot_threshold`.
    #[arg(long, value_name = "PCT", value_parser = gdr_core::profile::parse_threshold)]
    pub hot_threshold: Option<f64>,

    /// A glob of paths to skip, relative to the walked directory, e.g. 'gen/**' or
    /// '*.pb.go' (repeatable; added to the config's `exclude`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// For scripts/fast-path-check.sh: take a slower path of the engine that must
    /// give the same output (repeatable). Not for use: hidden from --help.
    #[arg(long, value_enum, value_name = "MODE", hide = true)]
    pub test_mode: Vec<TestMode>,
}

impl Cli {
    /// The driver's test modes `--test-mode` asks for.
    pub fn test_modes(&self) -> gdr_driver::TestModes {
        let on = |m: TestMode| self.test_mode.contains(&m);
        gdr_driver::TestModes {
            small_runs: on(TestMode::SmallRuns),
            eager_summaries: on(TestMode::EagerSummaries),
            whole_files: on(TestMode::WholeFiles),
        }
    }

    /// The input roots: positional paths and `--input`, with Go's `/...` suffix
    /// removed; `.` when none is given.
    pub fn roots(&self) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = self
            .paths
            .iter()
            .chain(&self.input)
            .map(|p| strip_dot_dot_dot(p))
            .collect();
        if roots.is_empty() {
            roots.push(PathBuf::from("."));
        }
        roots
    }
}

/// `./...` → `.`, `dir/...` → `dir`, `...` → `.`; anything else unchanged.
pub fn strip_dot_dot_dot(path: &Path) -> PathBuf {
    let Some(s) = path.to_str() else {
        return path.to_path_buf();
    };
    if s == "..." {
        return PathBuf::from(".");
    }
    let rest = s.strip_suffix("/...").or_else(|| {
        if cfg!(windows) {
            s.strip_suffix("\\...")
        } else {
            None
        }
    });
    match rest {
        Some("") => PathBuf::from("/"),
        Some(rest) => PathBuf::from(rest),
        None => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn flags_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn go_tree_suffix() {
        assert_eq!(strip_dot_dot_dot(Path::new("./...")), PathBuf::from("."));
        assert_eq!(strip_dot_dot_dot(Path::new("...")), PathBuf::from("."));
        assert_eq!(
            strip_dot_dot_dot(Path::new("pkg/...")),
            PathBuf::from("pkg")
        );
        assert_eq!(
            strip_dot_dot_dot(Path::new("./internal/handler/")),
            PathBuf::from("./internal/handler/")
        );
        assert_eq!(strip_dot_dot_dot(Path::new("a.go")), PathBuf::from("a.go"));
    }

    #[test]
    fn article_forms_parse() {
        let cli = Cli::try_parse_from([
            "go-defer-rewriter",
            "--pattern",
            "mu.Unlock()",
            "./internal/handler/",
        ])
        .unwrap();
        assert_eq!(cli.pattern, ["mu.Unlock()"]);
        assert_eq!(cli.mode, Mode::Rewrite);
        let cli = Cli::try_parse_from([
            "go-defer-rewriter",
            "--input",
            "./pkg/",
            "--mode",
            "rewrite",
            "--output",
            "./pkg-rewritten/",
            "--skip-test-files",
        ])
        .unwrap();
        assert_eq!(cli.roots(), [PathBuf::from("./pkg/")]);
        assert!(cli.skip_test_files);
        let cli = Cli::try_parse_from(["go-defer-rewriter", "--mode", "analyze", "./..."]).unwrap();
        assert_eq!(cli.mode, Mode::Analyze);
        assert_eq!(cli.roots(), [PathBuf::from(".")]);
        let cli = Cli::try_parse_from(["go-defer-rewriter", "--dry-run", "./..."]).unwrap();
        assert!(cli.dry_run);
        assert!(Cli::try_parse_from(["go-defer-rewriter", "--dry-run", "--output", "x"]).is_err());
    }

    #[test]
    fn shard_is_validated() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 1, count: 3 }));
        for bad in ["0/3", "4/3", "1/0", "1", "a/2", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
