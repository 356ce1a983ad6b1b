//! Running the engine over the files of one directory: prefilter, parse, package view,
//! check or fix, and what to show and write for each file.

use crate::files::{io_reason, is_test_file, relative_to, Files, Writer};
use crate::render::{unified_diff, Renderer};
use crate::report::{Finding, Totals};
use gdr_core::consts::{removed_ranges, ConstEnv, Target};
use gdr_core::cost::{defer_costs, Build, FileDecls, Regime};
use gdr_core::source::{package_clause_name, LineIndex, PartialPlan};
use gdr_core::summary::SourceReader;
use gdr_core::{suppress, Applicability, Diagnostic, Engine, FileModel, PackageView, SourceFile};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

impl Action {
    /// Does it write files (in place, or into another tree)?
    pub fn writes(&self) -> bool {
        matches!(self, Action::InPlace | Action::Output { .. })
    }
}

impl FileReport {
    /// Does it say that a fix was written, or was to be written and was not? (A
    /// report the result cache never keeps in a run that writes: reused, it would
    /// say so without the file being written.)
    pub fn wrote(&self) -> bool {
        self.written.is_some()
            || self.change.is_some()
            || self.totals.files_changed > 0
            || self.fixes.iter().any(|f| f.applied)
            || !self.errors.is_empty()
    }
}

/// Bytes of walked .go files of the large directories (see [`LARGE_DIR`])
/// processed at once. A large directory takes its bytes (all of the budget, past
/// it) while its views and trees are alive, and waits its turn until they fit: a
/// very large one (a generated API client: its declarations' trees take tens of
/// megabytes) runs beside small ones only, and two medium ones one after the
/// other. Small directories take none: each holds a few megabytes at most, and a
/// thread that would wait for a large one's turn takes small ones meanwhile (see
/// [`crate::Driver::check`]). (4 MB lowers the peak on a large tree by another
/// tenth but makes the run a tenth slower on 2 cores.)
const DIR_BYTES_AT_ONCE: usize = 8 << 20;

/// Directories past this many bytes (by their files' sizes, or, when those are
/// unknown, by the bytes read) are large: they take their part of
/// [`DIR_BYTES_AT_ONCE`], before they read their files.
const LARGE_DIR: usize = 1 << 20;

/// Is a directory whose walked files have `bytes` a large one?
pub(crate) fn is_large(bytes: u64) -> bool {
    bytes > LARGE_DIR as u64
}

/// A large directory's turn: its part of the budget, taken now if that needs no
/// wait (nobody waits already, and it fits beside the directories being
/// processed); None otherwise.
pub(crate) fn try_take(bytes: u64) -> Option<Taken> {
    BUDGET.try_take(usize::try_from(bytes).unwrap_or(usize::MAX))
}

/// A large directory's turn, waited for.
pub(crate) fn take(bytes: u64) -> Taken {
    BUDGET.take(usize::try_from(bytes).unwrap_or(usize::MAX))
}

/// Directories past this many bytes give the memory they freed back to the system.
const TRIM_AFTER_BYTES: usize = 1 << 20;

/// The budget of [`DIR_BYTES_AT_ONCE`], given out in the order asked.
struct Budget {
    state: std::sync::Mutex<BudgetState>,
    changed: std::sync::Condvar,
}

struct BudgetState {
    used: usize,
    /// The next ticket to give out, and the next one to be let in.
    next: u64,
    serving: u64,
}

impl BudgetState {
    /// Do `bytes` fit beside the directories being processed (anything fits
    /// when none is)?
    fn fits(&self, bytes: usize) -> bool {
        self.used == 0 || self.used + bytes <= DIR_BYTES_AT_ONCE
    }
}

static BUDGET: Budget = Budget::new();

/// A directory's part of the budget, given back when dropped.
pub(crate) struct Taken(&'static Budget, usize);

impl Budget {
    const fn new() -> Budget {
        Budget {
            state: std::sync::Mutex::new(BudgetState {
                used: 0,
                next: 0,
                serving: 0,
            }),
            changed: std::sync::Condvar::new(),
        }
    }

    /// Take `bytes` (at most the whole budget), after the directories that asked
    /// before, once they fit beside the ones being processed.
    fn take(&'static self, bytes: usize) -> Taken {
        let bytes = bytes.min(DIR_BYTES_AT_ONCE);
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let ticket = s.next;
        s.next += 1;
        while s.serving != ticket || !s.fits(bytes) {
            s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.serving += 1;
        s.used += bytes;
        self.changed.notify_all();
        Taken(self, bytes)
    }

    /// [`Budget::take`] when it would not wait (nobody waits already, and the
    /// bytes fit beside the directories being processed); else None.
    fn try_take(&'static self, bytes: usize) -> Option<Taken> {
        let bytes = bytes.min(DIR_BYTES_AT_ONCE);
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if s.serving != s.next || !s.fits(bytes) {
            return None;
        }
        s.next += 1;
        s.serving += 1;
        s.used += bytes;
        Some(Taken(self, bytes))
    }
}

impl Drop for Taken {
    fn drop(&mut self) {
        let mut s = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        s.used -= self.1;
        self.0.changed.notify_all();
    }
}

/// Make glibc give large freed blocks back to the system. By default it raises its
/// mmap threshold to the size of the largest block freed (up to 32 MB), so that
/// after one multi-megabyte file every later file text and tree array is carved
/// from the heap, whose freed space stays resident.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called once, at start, before
    // any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 10);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 4 << 20);
    }
}

/// Give the memory freed by a directory back to the system. glibc keeps what each
/// thread's arena freed for that arena, and only from the top of its heap: after
/// two threads each took a large package in turn, both high-water marks stayed
/// resident, and the small blocks that outlive a directory (its reports) keep the
/// pages around them resident too.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator's arenas to the
    // system; it takes no pointer and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Reads the parts of a package's files that its view's summaries need, again.
struct ReadThrough(Arc<dyn Files>);

impl SourceReader for ReadThrough {
    fn read(&self, path: &Path, len: usize, range: Range<usize>) -> Option<Vec<u8>> {
        self.0.read_range(path, len, range)
    }
}

/// What a candidate file needs when its turn comes, the package view built.
enum Turn {
    /// Check this tree.
    Check(Arc<SourceFile>),
    /// Parse the whole text and check it.
    Whole(String),
    /// Check the bodies with a needle a run at a time (with the tree of the
    /// declarations, when the view's was kept, for the runs to reuse).
    Runs(Held, PartialPlan, Option<gdr_core::tree_sitter::Tree>),
}

/// The text of a candidate checked later, in runs.
enum Held {
    Text(String),
    /// Not kept but read again at its turn (a large package's candidates' texts
    /// are tens of megabytes): the file's length and a hash of its bytes, to make
    /// sure it is the text the view and plan were made from.
    OnDisk(usize, u64),
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl Held {
    /// Held on disk, in analyze mode (which writes nothing).
    fn new(text: String, analyze: bool) -> Self {
        if analyze {
            Held::OnDisk(text.len(), text_hash(&text))
        } else {
            Held::Text(text)
        }
    }

    /// The text, or why it cannot be had again.
    fn take(self, path: &Path, files: &dyn Files) -> Result<String, String> {
        match self {
            Held::Text(text) => Ok(text),
            Held::OnDisk(len, hash) => {
                let changed =
                    || format!("`{}` changed while it was checked; skipped", path.display());
                let bytes = files.read(path).map_err(|e| {
                    format!("cannot read `{}` again: {}", path.display(), io_reason(&e))
                })?;
                let text = String::from_utf8(bytes).map_err(|_| changed())?;
                if text.len() == len && text_hash(&text) == hash {
                    Ok(text)
                } else {
                    Err(changed())
                }
            }
        }
    }
}

/// Bytes of bodies with a needle parsed at once when a file is checked in runs
/// (a tree takes tens of times its source's bytes).
const RUN_BYTES: usize = 128 << 10;
/// Bytes of candidate files a directory keeps alive as partial trees until their
/// turn. Counted whole: the tree of a file's declarations takes about ten times
/// their bytes (on generated API clients, tens of megabytes per file), that of
/// the bodies kept tens of times theirs.
const HELD_BYTES: usize = 1 << 20;

/// Is a file of `size` bytes, `kept` of them in bodies with a needle, checked in
/// runs, when files of `held` bytes are kept alive already (as partial trees)?
/// The first file is kept whatever its size: checked in runs, its declarations
/// would be parsed twice, and one tree of them is alive either way.
/// (Always, in [`TestModes::small_runs`].)
fn want_runs(modes: TestModes, kept: usize, held: usize, size: usize) -> bool {
    modes.small_runs || kept > RUN_BYTES || (held > 0 && held + size > HELD_BYTES)
}

/// Bytes of bodies per run: RUN_BYTES, or 1 (every body alone) in
/// [`TestModes::small_runs`].
fn run_bytes(modes: TestModes) -> usize {
    if modes.small_runs {
        1
    } else {
        RUN_BYTES
    }
}

/// The error for a file that is not UTF-8: where the first bad byte is, as
/// `line:column` (1-based, the column in bytes as the Go compiler counts it) and
/// as a byte offset.
pub fn not_utf8(path: &Path, e: &std::string::FromUtf8Error) -> String {
    let at = e.utf8_error().valid_up_to();
    let before = &e.as_bytes()[..at];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    format!(
        "`{}` is not valid UTF-8 at {line}:{} (byte {at}); skipped",
        path.display(),
        at - line_start + 1
    )
}

/// Everything a run needs, shared by the worker threads.
pub struct Run<'a> {
    pub engine: &'a Engine,
    pub action: Action,
    pub unsafe_fixes: bool,
    /// Render each finding with its snippet (and each file's diff) into the
    /// report's `stdout`, while the source is at hand; None: findings only.
    pub snippets: Option<&'a Renderer>,
    /// With `--mode analyze --statistics`: the build to rank each defer's cost for.
    pub costs: Option<(Build, Target)>,
    /// Keep each file's findings (machine formats, statistics) and its fixes
    /// (`--show-fixes`) for the end of the run; otherwise only what is printed and
    /// counted is kept (on a large tree the rest would add up to tens of megabytes).
    pub keep_findings: bool,
    pub keep_fixes: bool,
    /// The packages the checked ones import, for proofs that follow calls into
    /// them (None: every call into another package is unknown).
    pub program: Option<Arc<gdr_core::program::Program>>,
    /// The texts of the files this run rewrote in place, as it found them.
    pub originals: Arc<crate::imports::Originals>,
    /// `--profile`: the CPU profile that annotates findings (and, with a hot
    /// threshold, decides which functions are rewritten).
    pub profile: Option<Arc<crate::profiling::RunProfile>>,
    /// How the files are read.
    pub files: Arc<dyn Files>,
    /// How fixed files are written (in place, or to another tree).
    pub writer: Arc<dyn Writer>,
    /// Slower paths for the checks that the fast ones change no output.
    pub modes: TestModes,
}

impl<'a> Run<'a> {
    /// A run of `engine` that does `action`, with the engine's `unsafe_fixes`, over
    /// the files on disk, writing nothing; reporting findings without snippets or
    /// fixes; following no import into another package. Set the fields to change that.
    pub fn new(engine: &'a Engine, action: Action) -> Self {
        Run {
            unsafe_fixes: engine.settings().unsafe_fixes,
            engine,
            action,
            snippets: None,
            costs: None,
            keep_findings: true,
            keep_fixes: false,
            program: None,
            originals: Arc::default(),
            profile: None,
            files: Arc::new(crate::files::Disk),
            writer: Arc::new(crate::files::NoWrites),
            modes: TestModes::default(),
        }
    }
}

/// One defer with its regime, for the ranking of `--statistics`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CostSite {
    pub path: String,
    pub line: usize,
    pub function: String,
    pub call: String,
    pub regime: Regime,
}

/// Slower paths that must give the same reports as the fast ones: for the check
/// that the fast paths change no output (scripts/fast-path-check.sh, through the
/// CLI's hidden `--test-mode`), and for tests. All off by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TestModes {
    /// Check every candidate in analyze mode in runs of one body (the path analyze
    /// takes for files with many bodies with a needle, and for the files past
    /// 1 MB of candidates in a directory).
    pub small_runs: bool,
    /// Compute every package function's panic summary up front instead of on demand.
    pub eager_summaries: bool,
    /// Make the package view of whole parsed files, not of their declarations only,
    /// and check each file's whole tree.
    pub whole_files: bool,
}

/// A file parsed for the package view: its declarations only (a package summary that
/// needs a function's body parses that declaration alone).
fn parse_for_view(path: &Path, text: String, modes: TestModes) -> SourceFile {
    if modes.whole_files {
        SourceFile::parse(path, text)
    } else {
        SourceFile::parse_declarations(path, text)
    }
}

/// A fix applied or available, for `--show-fixes`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FixNote {
    pub path: String,
    pub line: usize,
    pub code: String,
    pub message: String,
    pub applicability: Applicability,
    pub applied: bool,
}

/// The result for one file.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FileReport {
    pub path: PathBuf,
    /// Diff and diagnostics, for stdout.
    pub stdout: String,
    /// Errors, for stderr.
    pub errors: Vec<String>,
    pub totals: Totals,
    /// In `--output` mode: the path relative to the root that was written there.
    pub written: Option<PathBuf>,
    /// In `--mode verify`: the change to check (never cached).
    #[serde(skip)]
    pub change: Option<crate::report::Change>,
    /// Findings (suppressed ones included, marked), for machine formats and statistics.
    pub findings: Vec<Finding>,
    /// Fixes applied, or available and not applied.
    pub fixes: Vec<FixNote>,
    /// Every defer with its regime (only with `Run::costs`).
    pub sites: Vec<CostSite>,
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

/// How a finding whose fix was made but not written to the file is counted.
const NOT_WRITTEN: &str = "not written";

/// How a diagnostic is counted in the summary.
fn reason_key(d: &Diagnostic) -> &str {
    d.reason.as_deref().unwrap_or(&d.code)
}

impl Run<'_> {
    /// Is `d` a finding of a rule that never offers a fix (a performance hint)?
    fn is_hint(&self, d: &Diagnostic) -> bool {
        self.engine
            .rules()
            .find(|r| r.code() == d.code)
            .is_some_and(|r| r.fix_availability() == gdr_core::FixAvailability::None)
    }

    /// Process the `files` of directory `dir` (all found by the walk).
    ///
    /// One thread does the whole directory: directories are what runs in parallel.
    /// (Parallel loops in here would let a waiting thread steal another directory's
    /// work and hold several packages' files and trees at once.)
    pub fn process_dir(&self, dir: &Path, files: &[PathBuf]) -> Vec<FileReport> {
        self.process_dir_in_turn(dir, files, self.walked_bytes(files), None)
    }

    /// The bytes of the walked `files` of a directory, by their sizes (what says
    /// whether it is a large one, see [`is_large`]).
    pub(crate) fn walked_bytes(&self, files: &[PathBuf]) -> u64 {
        files.iter().map(|p| self.files.size(p)).sum()
    }

    /// [`Run::process_dir`], given the directory's [`Run::walked_bytes`] and the
    /// turn of the memory budget taken already (a large directory's, by the
    /// driver's queue), if any.
    pub(crate) fn process_dir_in_turn(
        &self,
        dir: &Path,
        files: &[PathBuf],
        walked_bytes: u64,
        turn: Option<Taken>,
    ) -> Vec<FileReport> {
        let (reports, dir_bytes) = self.check_dir(dir, files, walked_bytes, turn);
        if dir_bytes > TRIM_AFTER_BYTES {
            release_free_memory();
        }
        self.slim(dir, reports)
    }

    /// What is kept of a directory's reports until the end of the run: what is
    /// printed, and what the run's flags ask for. The reports with nothing else
    /// than counts are merged into one (under the directory's path: it prints
    /// nothing, so its place in the output does not matter).
    fn slim(&self, dir: &Path, reports: Vec<FileReport>) -> Vec<FileReport> {
        let mut kept = Vec::new();
        let mut counts = FileReport {
            path: dir.to_path_buf(),
            ..FileReport::default()
        };
        let mut any_counts = false;
        for mut r in reports {
            if !self.keep_findings {
                r.findings = Vec::new();
            }
            if !self.keep_fixes {
                r.fixes = Vec::new();
            }
            let counts_only = r.stdout.is_empty()
                && r.errors.is_empty()
                && r.written.is_none()
                && r.change.is_none()
                && r.findings.is_empty()
                && r.fixes.is_empty()
                && r.sites.is_empty();
            if counts_only {
                counts.totals.merge(&r.totals);
                any_counts = true;
            } else {
                r.stdout.shrink_to_fit();
                kept.push(r);
            }
        }
        if any_counts {
            kept.push(counts);
        }
        kept
    }

    /// [`Run::process_dir`]; also says how many bytes the directory's files have.
    fn check_dir(
        &self,
        dir: &Path,
        files: &[PathBuf],
        walked_bytes: u64,
        turn: Option<Taken>,
    ) -> (Vec<FileReport>, usize) {
        let mut reports = Vec::new();
        let mut candidates = Vec::new();
        let mut dir_bytes = 0usize;
        // A large directory waits for its turn before it reads its files: waiting
        // after, it would hold its candidates' texts (tens of megabytes for a
        // generated API client) while another large directory's trees are alive.
        // A small one does not wait (nor one found large only by reading, whose
        // files' sizes were unknown, until it has a candidate).
        let taken = turn.or_else(|| is_large(walked_bytes).then(|| take(walked_bytes)));
        for path in files {
            let mut report = FileReport::new(path);
            let read = self.files.read(path);
            dir_bytes += read.as_ref().map_or(0, Vec::len);
            match read {
                Err(e) => report.error(format!(
                    "cannot read `{}`: {}",
                    path.display(),
                    io_reason(&e)
                )),
                // The prefilter: files in which no selected rule can report anything.
                // (read again for the package view, if any: keeping the bytes of a
                // large package's files until then costs more than reading twice)
                Ok(bytes) if !self.engine.may_report(&bytes) => {}
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        candidates.push((path.clone(), text));
                        continue;
                    }
                    Err(e) => {
                        report.totals.with_defer = 1;
                        report.error(not_utf8(path, &e));
                    }
                },
            }
            reports.push(report);
        }
        if candidates.is_empty() {
            return (reports, dir_bytes);
        }
        let _taken = taken.or_else(|| is_large(dir_bytes as u64).then(|| take(dir_bytes as u64)));

        // The package view is made of the directory's .go files, whether walked or not
        // (a skipped test file or an ignored generated file still declares types).
        // Non-test code cannot see declarations of `_test.go` files, so those are
        // parsed only when a test file is being processed.
        let any_test = candidates.iter().any(|(p, _)| is_test_file(p));
        let candidate_paths: HashSet<PathBuf> = candidates.iter().map(|(p, _)| p.clone()).collect();
        // The candidates: for the view, their declarations (like the other files');
        // for the rules, the whole file, parsed when its turn comes and dropped after.
        // In analyze mode one partial tree serves both (bodies without a needle
        // left out; nothing is written from it), kept until the file's turn; but past
        // HELD_BYTES of such files in the directory, or for a file whose bodies with
        // a needle exceed RUN_BYTES, the view gets the declarations and the rules see
        // the bodies later, a run of at most RUN_BYTES at a time.
        let analyze = matches!(self.action, Action::Analyze);
        let mut held = 0usize;
        // (With the tree for the view, what the file needs later: None to check
        // that same tree; and whether to keep the view's tree for the runs.)
        // (None for the view's tree: the view gets the declarations of the file to
        // check in runs a part at a time, from the text its turn holds.)
        let mut parse_candidate =
            |p: PathBuf, text: String| -> (Option<Arc<SourceFile>>, Option<Turn>, bool) {
                if self.modes.whole_files {
                    return (Some(Arc::new(SourceFile::parse(&p, text))), None, false);
                }
                if !analyze {
                    return (
                        Some(Arc::new(parse_for_view(&p, text.clone(), self.modes))),
                        Some(Turn::Whole(text)),
                        false,
                    );
                }
                let Some(plan) = self.engine.partial_plan(&text) else {
                    return (Some(Arc::new(SourceFile::parse(&p, text))), None, false);
                };
                let kept = plan.bytes(&plan.kept);
                // Suppression comments are matched within one tree: a file with
                // any is never cut into runs. Nor with --statistics, whose ranking
                // takes every defer's regime from one tree of the file.
                // A file parsed blanked (its declarations a part at a time for the
                // view) is checked in runs whatever its size: their trees leave out
                // the functions they do not need.
                let runs = (want_runs(self.modes, kept, held, text.len())
                    || !gdr_core::source::reuses_declarations(&plan))
                    && !text.contains(suppress::DIRECTIVE)
                    && self.costs.is_none();
                // The first file's tree of declarations is kept for its runs
                // (parsed again, it would be alive at its turn anyway).
                let keep = held == 0;
                held += if runs && !keep { 0 } else { text.len() };
                if runs && !gdr_core::source::reuses_declarations(&plan) {
                    (None, Some(Turn::Runs(Held::Text(text), plan, None)), false)
                } else if runs {
                    let view = SourceFile::parse_declarations_planned(&p, text.clone(), &plan);
                    (
                        Some(Arc::new(view)),
                        Some(Turn::Runs(Held::Text(text), plan, None)),
                        keep,
                    )
                } else {
                    let f = SourceFile::parse_kept(&p, text, &plan, &plan.kept);
                    (Some(Arc::new(f)), None, false)
                }
            };

        // One view per package clause (`p` and its external test package `p_test`
        // differ) and per kind of file: a test file sees the whole package. Files are
        // added to the views one at a time (candidates first, then the others in
        // name order), so that only one tree of a file that is not checked is alive.
        type Key = (Option<String>, bool);
        let key = |f: &SourceFile| -> Key {
            (f.package_name().map(str::to_string), is_test_file(&f.path))
        };
        let member = |f: &SourceFile, (name, test): &Key| {
            f.package_name() == name.as_deref() && (*test || !is_test_file(&f.path))
        };
        // The views read the few function bodies their summaries need again from the
        // files rather than keep every text of the package.
        let reader: Arc<dyn SourceReader> = Arc::new(ReadThrough(Arc::clone(&self.files)));
        // A view is begun when a candidate first needs it, before any of its
        // members is added: a test view also when a non-test candidate of its
        // package comes and a test candidate of that package may come later (the
        // package names of the test candidates read from their texts; unknown:
        // may); views no candidate needs are dropped unfinished.
        let test_packages: Vec<Option<String>> = candidates
            .iter()
            .filter(|(p, _)| is_test_file(p))
            .map(|(_, text)| package_clause_name(text).map(str::to_string))
            .collect();
        let may_test = |name: &Option<String>| {
            test_packages
                .iter()
                .any(|t| t.is_none() || t.as_deref() == name.as_deref())
        };
        let mut keys: Vec<Key> = Vec::new();
        let mut builders = Vec::new();
        let begin = |k: Key, keys: &mut Vec<Key>, builders: &mut Vec<_>| {
            if !keys.contains(&k) {
                let mut b = self.engine.view_builder();
                b.read_through(Arc::clone(&reader));
                if let Some(program) = &self.program {
                    let unit = gdr_core::program::Unit {
                        dir: std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
                        test: k.1,
                    };
                    b.set_origin(program.origin(unit, "the package checked"));
                }
                keys.push(k);
                builders.push(b);
            }
        };
        // With --statistics the regimes need the package's constants and build tags
        // from whole files: kept only then.
        let mut cost_files: Vec<SourceFile> = Vec::new();
        let want_costs = self.costs.is_some();
        // (`on_disk`: the text is the file's bytes, not a lossy conversion of them,
        // and stays so: only in analyze mode, since a rewrite writes the directory's
        // files while later candidates' summaries may still read them.)
        // A file (or a part of it, see `SourceFile::declarations_in_parts`) for the
        // views it is a member of; then its text, at its end.
        let add_part =
            |f: &Arc<SourceFile>,
             on_disk: bool,
             (keys, builders): (&[Key], &mut [gdr_core::package::ViewBuilder])| {
                for (k, b) in keys.iter().zip(builders) {
                    if member(f, k) {
                        b.add_part(f, on_disk);
                    }
                }
            };
        let end_file =
            |path: &Path,
             package: Option<&str>,
             text: &str,
             (keys, builders): (&[Key], &mut [gdr_core::package::ViewBuilder])| {
                for (k, b) in keys.iter().zip(builders) {
                    if package != k.0.as_deref() {
                        continue;
                    }
                    if k.1 || !is_test_file(path) {
                        b.end_file(text);
                    } else {
                        // A test file of the package, for the view of its other
                        // files: compiled with them by `go test`, it may declare `panic`.
                        b.note_text(text);
                    }
                }
            };
        let add = |f: &Arc<SourceFile>,
                   on_disk: bool,
                   (keys, builders): (&[Key], &mut [gdr_core::package::ViewBuilder]),
                   cost_files: &mut Vec<SourceFile>| {
            add_part(f, on_disk, (keys, &mut *builders));
            end_file(&f.path, f.package_name(), &f.text, (keys, builders));
            if want_costs {
                cost_files.push(if f.partial {
                    SourceFile::parse(&f.path, f.text.clone())
                } else {
                    (**f).clone()
                });
            }
        };
        // Each candidate is parsed and added to its views in turn; one whose text is
        // parsed again later keeps only its path (and view key) from here: its
        // declarations' tree is not kept alive meanwhile.
        let candidates: Vec<(Key, PathBuf, Turn)> = candidates
            .into_iter()
            .map(|(p, text)| {
                let (f, later, keep_tree) = parse_candidate(p.clone(), text);
                let Some(f) = f else {
                    // In runs, with the view's declarations a part at a time.
                    let Some(Turn::Runs(Held::Text(text), plan, None)) = later else {
                        unreachable!("a candidate without a view's tree is checked in runs")
                    };
                    let mut k: Option<Key> = None;
                    let mut package = None;
                    let text = SourceFile::declarations_in_parts(&p, text, &plan, &mut |part| {
                        if k.is_none() {
                            let first = key(part);
                            begin(first.clone(), &mut keys, &mut builders);
                            if !first.1 && may_test(&first.0) {
                                begin((first.0.clone(), true), &mut keys, &mut builders);
                            }
                            package = first.0.clone();
                            k = Some(first);
                        }
                        add_part(part, analyze, (&keys, &mut builders));
                    });
                    end_file(&p, package.as_deref(), &text, (&keys, &mut builders));
                    let k = k.unwrap_or_else(|| (None, is_test_file(&p)));
                    begin(k.clone(), &mut keys, &mut builders);
                    return (k, p, Turn::Runs(Held::new(text, analyze), plan, None));
                };
                let k = key(&f);
                begin(k.clone(), &mut keys, &mut builders);
                if !k.1 && may_test(&k.0) {
                    begin((k.0.clone(), true), &mut keys, &mut builders);
                }
                add(&f, analyze, (&keys, &mut builders), &mut cost_files);
                let path = f.path.clone();
                match later {
                    Some(Turn::Runs(text, plan, _))
                        if keep_tree && gdr_core::source::reuses_declarations(&plan) =>
                    {
                        let decls = Arc::try_unwrap(f).ok().map(|f| f.tree);
                        (k, path, Turn::Runs(text, plan, decls))
                    }
                    Some(Turn::Runs(Held::Text(text), plan, decls)) => {
                        (k, path, Turn::Runs(Held::new(text, analyze), plan, decls))
                    }
                    later => (k, path, later.unwrap_or(Turn::Check(f))),
                }
            })
            .collect();
        let mut tests_redeclare_panic = false;
        let mut test_facts: Vec<(String, gdr_core::package::TestFileFacts)> = Vec::new();
        let needed: HashSet<Key> = candidates.iter().map(|(k, _, _)| k.clone()).collect();
        for p in self.files.go_files_in(dir) {
            if candidate_paths.contains(&p) {
                continue;
            }
            if !any_test && is_test_file(&p) {
                // Not in the views, but compiled with the package by `go test`: a
                // `func panic` there changes what `panic(..)` means in every file.
                // Nor a package-level `func append` (any name it declares is then
                // not certain in the package's other files).
                if let Ok(bytes) = self.files.read(&p) {
                    let text = String::from_utf8_lossy(&bytes);
                    if let Some(package) = gdr_core::skeleton::package_clause(&text) {
                        test_facts.push((package, gdr_core::package::TestFileFacts::read(&text)));
                    } else {
                        tests_redeclare_panic |= gdr_core::skeleton::redeclares_panic(&text);
                    }
                }
                continue;
            }
            let Ok(bytes) = self.files.read(&p) else {
                continue;
            };
            let (text, on_disk) = match String::from_utf8(bytes) {
                Ok(text) => (text, analyze),
                Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
            };
            // A file of a package that no view is for (a `//go:build ignore`
            // generator of package main beside its tables, say) adds nothing to
            // any: not parsed. (Its clause read as the tree would read it; in
            // doubt, parsed.)
            if !want_costs
                && package_clause_name(&text)
                    .is_some_and(|name| keys.iter().all(|k| k.0.as_deref() != Some(name)))
            {
                continue;
            }
            // (One scan of the file for its plan, whatever its number of bodies.)
            match PartialPlan::declarations(&text).filter(|_| !self.modes.whole_files) {
                // One tree of its declarations (its simple const blocks read by a
                // scan, not parsed: see `SourceFile::parse_declarations_for_view`).
                Some(plan) if gdr_core::source::reuses_declarations(&plan) => add(
                    &Arc::new(SourceFile::parse_declarations_for_view_planned(
                        &p, text, &plan,
                    )),
                    on_disk,
                    (&keys, &mut builders),
                    &mut cost_files,
                ),
                Some(plan) => {
                    let mut package = None;
                    let text = SourceFile::declarations_in_parts(&p, text, &plan, &mut |part| {
                        package = part.package_name().map(str::to_string);
                        add_part(part, on_disk, (&keys, &mut builders));
                    });
                    end_file(&p, package.as_deref(), &text, (&keys, &mut builders));
                    if want_costs {
                        cost_files.push(SourceFile::parse(&p, text));
                    }
                }
                // Whole files asked for, or a file the scan is in doubt about.
                None => add(
                    &Arc::new(SourceFile::parse(&p, text)),
                    on_disk,
                    (&keys, &mut builders),
                    &mut cost_files,
                ),
            }
        }
        if tests_redeclare_panic {
            for b in &mut builders {
                b.mark_panic_redeclared();
            }
        }
        // (An external test package, `package p_test`, declares nothing in `p`.)
        for (package, facts) in test_facts {
            for (k, b) in keys.iter().zip(&mut builders) {
                if k.0.as_deref() == Some(package.as_str()) {
                    b.note_test_file(&facts);
                }
            }
        }
        let mut envs: HashMap<Key, ConstEnv> = HashMap::new();
        if let Some((_, target)) = &self.costs {
            for k in keys.iter().filter(|k| needed.contains(*k)) {
                let members: Vec<&SourceFile> =
                    cost_files.iter().filter(|f| member(f, k)).collect();
                envs.insert(k.clone(), ConstEnv::build(&members, target));
            }
        }
        drop(cost_files);
        let views: HashMap<Key, PackageView> = keys
            .into_iter()
            .zip(builders)
            .filter(|(k, _)| needed.contains(k))
            .map(|(k, b)| {
                let view = b.finish();
                if self.modes.eager_summaries {
                    view.summarize_all();
                }
                (k, view)
            })
            .collect();
        let fixed: Vec<FileReport> = candidates
            .into_iter()
            .map(|(k, path, turn)| {
                let view = &views[&k];
                let whole = match turn {
                    Turn::Whole(text) => Arc::new(SourceFile::parse(&path, text)),
                    Turn::Runs(held, plan, decls) => {
                        return match held.take(&path, self.files.as_ref()) {
                            Ok(text) => self.run_runs(&path, (text, decls), &plan, view),
                            Err(e) => {
                                let mut report = FileReport::new(&path);
                                report.error(e);
                                report
                            }
                        };
                    }
                    Turn::Check(f) => f,
                };
                let mut report = self.run_file(&whole, view);
                // A syntax error is reported where the whole file's first one is, and
                // a fix is only ever offered for a file that parses whole without one:
                // parse the bodies that were left out too (those alone, when the
                // others parsed cleanly).
                let reparse = whole.partial
                    && (whole.has_syntax_errors()
                        || (report.fixes.iter().any(|f| !f.applied)
                            && !self.left_out_parse(&whole.path, &whole.text)));
                if reparse {
                    let reparsed = SourceFile::parse(&whole.path, whole.text.clone());
                    if reparsed.has_syntax_errors() {
                        report = self.run_file(&reparsed, view);
                    }
                }
                if let (Some((build, _)), Some(env)) = (&self.costs, envs.get(&k)) {
                    report.sites = cost_sites(&whole, *build, env);
                }
                report
            })
            .collect();
        reports.extend(fixed);
        for r in &mut reports {
            // Suppressed findings were collected apart: put them in place.
            r.findings.sort_by(|a, b| {
                (
                    a.region.start_line,
                    a.region.start_column,
                    &a.diagnostic.code,
                )
                    .cmp(&(
                        b.region.start_line,
                        b.region.start_column,
                        &b.diagnostic.code,
                    ))
            });
        }
        (reports, dir_bytes)
    }

    fn run_file(&self, file: &SourceFile, view: &PackageView) -> FileReport {
        let mut report = FileReport::new(&file.path);
        // Files that pass the prefilter only for DR004 (they lock or begin) are parsed
        // but do not count as files with defer.
        report.totals.with_defer = usize::from(file.text.contains("defer"));
        let name = file.path.display().to_string();

        if let Some((span, message)) = file.syntax_error() {
            let model = FileModel::build(file);
            report.totals.defers = model.defer_count();
            report.totals.syntax_errors = 1;
            let d = Diagnostic::new(
                "syntax-error",
                "syntax-error",
                gdr_core::Severity::Error,
                span.clone(),
                message.clone(),
            )
            .with_help("the file was left unchanged; fix the syntax error and run again");
            report.findings.push(Finding::new(&name, &file.lines, &d));
            if let Some(renderer) = self.snippets {
                report.stdout.push_str(&renderer.render_syntax_error(
                    &name,
                    &file.text,
                    &file.lines,
                    span,
                    message,
                ));
            }
            return report;
        }

        let identity = self.profile.as_ref().map(|p| p.identity(&file.path));
        let profile = self.file_profile(identity.as_ref());
        if let Action::Analyze = self.action {
            let checked = self.engine.check_all_profiled(file, view, profile.as_ref());
            self.report_checked(&mut report, &file.text, &file.lines, checked);
            return report;
        }

        let outcome = self
            .engine
            .fix_profiled(file, view, self.unsafe_fixes, profile.as_ref());
        let applied_in: Vec<usize> = outcome
            .applied
            .iter()
            .filter_map(|a| a.profile.as_ref().map(|p| p.index))
            .collect();
        if let Some(p) = &self.profile {
            p.record(&outcome.diagnostics, []);
        }
        report.totals.defers = outcome.defers;
        let mut shown_text = file.text.as_str();
        let mut shown_name = name.clone();
        // Where the findings are, for machine formats: the file the text is in.
        let mut finding_path = name.clone();
        let mut remaining = outcome.diagnostics;
        let mut suppressed = Vec::new();
        let fixed_text;
        // A file whose rewrite could not be written: what it still holds is reported,
        // and none of its fixes is counted as applied.
        let mut not_written = false;
        if let Some(message) = outcome.internal_error {
            report.error(message);
        } else if let Some(fixed) = outcome.fixed {
            fixed_text = fixed;
            let written = match &self.action {
                Action::InPlace => {
                    // Packages loaded later see the code as the run found it.
                    self.originals.keep(&file.path, &file.text);
                    self.writer
                        .replace(&file.path, fixed_text.as_bytes(), file.text.as_bytes())
                }
                Action::DryRun => {
                    report
                        .stdout
                        .push_str(&unified_diff(&name, &file.text, &fixed_text));
                    shown_name = format!("{name} (after fixes)");
                    Ok(())
                }
                Action::Output { root, out } => {
                    let rel = relative_to(&file.path, root);
                    let dest = out.join(&rel);
                    let written = self.writer.create(&dest, &fixed_text, &file.path);
                    if written.is_ok() {
                        report.written = Some(rel);
                        shown_name = dest.display().to_string();
                        finding_path = shown_name.clone();
                    }
                    written
                }
                Action::Verify => {
                    let again = SourceFile::parse(&file.path, fixed_text.clone());
                    let idempotent = self
                        .engine
                        .fix(&again, view, self.unsafe_fixes)
                        .fixed
                        .is_none();
                    report.change = Some(crate::report::Change {
                        path: file.path.clone(),
                        fixed: fixed_text.clone(),
                        idempotent,
                    });
                    shown_name = format!("{name} (after fixes)");
                    Ok(())
                }
                Action::Analyze => unreachable!("handled above"),
            };
            match written {
                Ok(()) => {
                    for a in &outcome.applied {
                        report.fixes.push(FixNote {
                            path: name.clone(),
                            line: a.line,
                            code: a.code.clone(),
                            message: a.message.clone(),
                            applicability: a.applicability,
                            applied: true,
                        });
                        match a.applicability {
                            Applicability::Unsafe => report.totals.unsafe_ += 1,
                            _ => report.totals.safe += 1,
                        }
                    }
                    report.totals.files_changed = 1;
                    if let Some(p) = &self.profile {
                        p.record([], applied_in.iter().copied());
                    }
                    // What is left is what the rules still find in the result.
                    remaining = outcome.remaining;
                    suppressed = outcome.suppressed;
                    shown_text = &fixed_text;
                }
                Err(e) => {
                    // The file is as it was: its findings are those of the text read.
                    report.error(e.message());
                    report.totals.add_not_written(e.reason());
                    not_written = true;
                    suppressed = outcome.original_suppressed;
                }
            }
        } else {
            suppressed = outcome.suppressed;
        }
        // Positions of what is shown are in the text it was found in.
        let shown_lines = gdr_core::source::LineIndex::new(shown_text);
        for s in &suppressed {
            report.findings.push(
                Finding::new(&finding_path, &shown_lines, &s.diagnostic)
                    .suppressed(s.reason.clone()),
            );
        }
        for d in &remaining {
            let fix = d.fix.as_ref().map(|f| f.applicability);
            if d.fix.is_some() {
                report.totals.fixable_left += 1;
            }
            let wanted = match fix {
                Some(Applicability::Safe) => true,
                Some(Applicability::Unsafe) => self.unsafe_fixes,
                _ => false,
            };
            if not_written && wanted {
                // Fixed, but the fix did not reach the file.
                report.totals.left.add(NOT_WRITTEN, false);
            } else if self.is_hint(d) {
                report.totals.left.add_hint(reason_key(d));
            } else {
                let unapplied_unsafe = fix == Some(Applicability::Unsafe);
                report.totals.left.add(reason_key(d), unapplied_unsafe);
            }
            self.note_available(&mut report, &finding_path, &shown_lines, d);
            self.show(
                &mut report,
                (&shown_name, &finding_path),
                shown_text,
                &shown_lines,
                d,
            );
        }
        report
    }

    /// The analyze report of a file's findings.
    fn report_checked(
        &self,
        report: &mut FileReport,
        text: &str,
        lines: &LineIndex,
        checked: gdr_core::Checked,
    ) {
        let name = report.path.display().to_string();
        report.totals.defers = checked.defers;
        if let Some(p) = &self.profile {
            let applied = checked.diagnostics.iter().filter_map(|d| {
                let wanted = match d.fix.as_ref()?.applicability {
                    Applicability::Safe => true,
                    Applicability::Unsafe => self.unsafe_fixes,
                    Applicability::DisplayOnly => false,
                };
                wanted.then_some(d.profile.as_ref()?.index)
            });
            p.record(&checked.diagnostics, applied);
        }
        for s in &checked.suppressed {
            report
                .findings
                .push(Finding::new(&name, lines, &s.diagnostic).suppressed(s.reason.clone()));
        }
        let mut would_change = false;
        for d in &checked.diagnostics {
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => {
                    report.totals.safe += 1;
                    would_change = true;
                }
                Some(Applicability::Unsafe) => {
                    report.totals.unsafe_ += 1;
                    would_change |= self.unsafe_fixes;
                }
                _ if self.is_hint(d) => report.totals.left.add_hint(reason_key(d)),
                _ => report.totals.left.add(reason_key(d), false),
            }
            self.note_available(report, &name, lines, d);
            self.show(report, (&name, &name), text, lines, d);
        }
        report.totals.files_changed = usize::from(would_change);
    }

    /// Analyze a file a run of bodies at a time (see [`RUN_BYTES`]): the same
    /// findings as one partial tree, with one run's tree alive at a time. The file
    /// holds no suppression comment (those are matched within one tree).
    fn run_runs(
        &self,
        path: &Path,
        (text, decls): (String, Option<gdr_core::tree_sitter::Tree>),
        plan: &PartialPlan,
        view: &PackageView,
    ) -> FileReport {
        let whole = |text: String| self.run_file(&SourceFile::parse(path, text), view);
        let identity = self.profile.as_ref().map(|p| p.identity(path));
        let profile = self.file_profile(identity.as_ref());
        let mut all = gdr_core::Checked::default();
        let runs = plan.runs(&plan.kept, run_bytes(self.modes));
        // With several runs (or the view's tree of the declarations at hand), the
        // declarations are parsed once and each run's tree reuses them (the text
        // moves from one run's file to the next).
        let (mut text, decls) = match decls {
            Some(decls) => (text, Some(decls)),
            None => declarations_for(path, text, plan, runs.len()),
        };
        for run in runs {
            let part = SourceFile::parse_run(path, text, plan, &run, decls.as_ref());
            if part.has_syntax_errors() {
                // Reported where the whole file's first syntax error is.
                return whole(part.text);
            }
            let checked = self
                .engine
                .check_all_profiled(&part, view, profile.as_ref());
            all.diagnostics.extend(checked.diagnostics);
            all.suppressed.extend(checked.suppressed);
            all.defers += checked.defers;
            text = part.text;
        }
        // Each run's findings are sorted; the runs are in order, but sort as one tree
        // would (a stable sort by position and code).
        all.diagnostics
            .sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
        // A fix is only ever offered for a file that parses whole.
        if all.diagnostics.iter().any(|d| d.fix.is_some()) && !self.left_out_parse(path, &text) {
            return whole(text);
        }
        let mut report = FileReport::new(path);
        report.totals.with_defer = usize::from(text.contains("defer"));
        let lines = LineIndex::new(&text);
        self.report_checked(&mut report, &text, &lines, all);
        report
    }

    /// Do the bodies an analyze parse of `text` leaves out (those without a needle)
    /// parse without a syntax error? Parsed a run at a time, without the bodies
    /// with a needle, which the check parsed already. False when in doubt.
    fn left_out_parse(&self, path: &Path, text: &str) -> bool {
        let Some(plan) = self.engine.partial_plan(text) else {
            return false;
        };
        let rest: Vec<usize> = (0..plan.bodies.len())
            .filter(|i| plan.kept.binary_search(i).is_err())
            .collect();
        let runs = plan.runs(&rest, run_bytes(self.modes));
        let (mut text, decls) = declarations_for(path, text.to_string(), &plan, runs.len());
        for run in runs {
            let part = SourceFile::parse_run(path, text, &plan, &run, decls.as_ref());
            if part.has_syntax_errors() {
                return false;
            }
            text = part.text;
        }
        true
    }

    /// What the engine needs of the run's profile for a file.
    fn file_profile<'p>(
        &'p self,
        identity: Option<&'p crate::profiling::FileIdentity>,
    ) -> Option<gdr_core::FileProfile<'p>> {
        let (p, id) = self.profile.as_ref().zip(identity)?;
        Some(gdr_core::FileProfile {
            attribution: &p.attribution,
            import_path: id.import_path.as_deref(),
            module_file: &id.module_file,
            hot_threshold: p.hot_threshold,
        })
    }

    /// Record `d` as a finding at `path` and, for people, render it under `name`.
    fn show(
        &self,
        report: &mut FileReport,
        (name, path): (&str, &str),
        text: &str,
        lines: &gdr_core::source::LineIndex,
        d: &Diagnostic,
    ) {
        report.findings.push(Finding::new(path, lines, d));
        if let Some(renderer) = self.snippets {
            report
                .stdout
                .push_str(&renderer.render_diagnostic(name, text, lines, d));
        }
    }

    /// Record the fix of `d`, if any, as available and not applied.
    fn note_available(
        &self,
        report: &mut FileReport,
        name: &str,
        lines: &gdr_core::source::LineIndex,
        d: &Diagnostic,
    ) {
        if let Some(fix) = &d.fix {
            report.fixes.push(FixNote {
                path: name.to_string(),
                line: lines.line_col(d.span.start).0,
                code: d.code.clone(),
                message: d.message.clone(),
                applicability: fix.applicability,
                applied: false,
            });
        }
    }
}

/// For a file parsed in `runs` runs of bodies: its text back, and, when there are
/// several runs, the tree of its declarations (all bodies left out) for the runs to
/// reuse. (One run alone is parsed directly: a first parse would cost more than it
/// saves.)
fn declarations_for(
    path: &Path,
    text: String,
    plan: &PartialPlan,
    runs: usize,
) -> (String, Option<gdr_core::tree_sitter::Tree>) {
    if runs < 2 || !gdr_core::source::reuses_declarations(plan) {
        return (text, None);
    }
    let decls = SourceFile::parse_kept(path, text, plan, &[]);
    (decls.text, Some(decls.tree))
}

/// Every defer of `file` with its regime, for the ranking of `--statistics`.
fn cost_sites(file: &SourceFile, build: Build, env: &ConstEnv) -> Vec<CostSite> {
    if file.has_syntax_errors() {
        return Vec::new();
    }
    let removed = removed_ranges(file, env);
    let model = FileModel::build(file);
    let decls = FileDecls::new(file);
    let mut out = Vec::new();
    for func in &model.functions {
        for (d, cost) in func
            .defers
            .iter()
            .zip(defer_costs(file, &decls, func, build, &removed))
        {
            out.push(CostSite {
                path: file.path.display().to_string(),
                line: file.lines.line_col(d.node.start_byte()).0,
                function: func.name.clone(),
                call: file.text[d.call.byte_range()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                regime: cost.regime,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_budget_is_taken_without_waiting_only_when_it_fits_and_nobody_waits() {
        use super::{Budget, DIR_BYTES_AT_ONCE as ALL};
        let budget: &'static Budget = Box::leak(Box::new(Budget::new()));
        // A large directory takes the whole budget at most; nothing fits beside it.
        let whole = budget.try_take(3 * ALL).expect("free");
        assert!(budget.try_take(1).is_none());
        drop(whole);
        // Two medium ones fit side by side, a third does not.
        let half = budget.try_take(ALL / 2).expect("free");
        let other = budget.try_take(ALL / 2).expect("fits");
        assert!(budget.try_take(1).is_none());
        drop(other);
        // One that waits for its turn goes first: what would fit beside the
        // directory being processed does not pass it.
        let waiter = std::thread::spawn(move || drop(budget.take(ALL)));
        while {
            let s = budget.state.lock().unwrap();
            s.next == s.serving
        } {
            std::thread::yield_now();
        }
        assert!(budget.try_take(1).is_none(), "passed a waiting directory");
        drop(half);
        waiter.join().unwrap();
        assert!(budget.try_take(ALL).is_some(), "all given back");
    }

    use super::Held;

    #[test]
    fn a_text_held_on_disk_comes_back_only_unchanged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.go");
        let text = "package a\n\nfunc f() { defer g() }\n".to_string();
        std::fs::write(&path, &text).expect("write");
        // Rewrite modes keep the text.
        assert!(matches!(Held::new(text.clone(), false), Held::Text(t) if t == text));
        let held = || Held::new(text.clone(), true);
        assert!(matches!(held(), Held::OnDisk(..)));
        let disk = crate::files::Disk;
        assert_eq!(held().take(&path, &disk).as_deref(), Ok(text.as_str()));
        // Same length, other bytes: not the text the plan was made from.
        std::fs::write(&path, text.replace("g()", "h()")).expect("write");
        let err = held().take(&path, &disk).expect_err("changed");
        assert!(err.contains("changed while it was checked"), "{err}");
        std::fs::write(&path, format!("{text}\n")).expect("write");
        assert!(held().take(&path, &disk).is_err());
        std::fs::remove_file(&path).expect("remove");
        let err = held().take(&path, &disk).expect_err("gone");
        assert!(err.starts_with("cannot read"), "{err}");
    }
}
