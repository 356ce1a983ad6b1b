//! go-defer-rewriter's driver: runs the engine (gdr-core, with the rules it is
//! given) over package directories and returns each file's report. Knows nothing
//! of the command line: a front end (the CLI, an editor server, a test) finds the
//! files, builds the engines and the [`Run`]s, calls [`Driver::check`], and
//! renders, prints and writes what the reports say.
//!
//! - [`process`]: one package directory at a time: the prefilter, the parse modes
//!   (partial trees, runs of bodies), the package views, checking or fixing each
//!   file, the memory budget of the directories processed at once;
//! - [`imports`]: the packages the checked ones import, loaded from the Go module
//!   layout for proofs that follow calls into them;
//! - [`cache`]: each package directory's reports kept from one run for the next;
//! - [`profiling`]: matching each file's functions to a CPU profile;
//! - [`report`]: what is reported (findings, counts, fixes, defers' regimes);
//! - [`render`]: the text for people that needs the source (snippets, diffs);
//! - [`files`]: reading the files checked, and the writer fixes are written with.

pub mod cache;
pub mod files;
pub mod imports;
pub mod process;
pub mod profiling;
pub mod render;
pub mod report;

pub use process::{tune_allocator, Action, CostSite, FileReport, FixNote, Run, TestModes};

use rayon::prelude::*;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A package directory to check: the files the walk found in it (the view of its
/// package reads its other `.go` files too), and which of the driver's runs checks
/// it (an index into the runs given to [`Driver::new`]).
#[derive(Debug, Clone)]
pub struct PackageDir {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub run: usize,
}

/// Runs the engine over package directories, in parallel (one directory per
/// thread at a time), reusing cached reports when given a cache.
pub struct Driver<'a> {
    runs: Vec<Run<'a>>,
    /// The cache, and the key of each run's entries (see [`cache`]).
    cache: Option<(&'a cache::Cache, Vec<String>)>,
}

impl<'a> Driver<'a> {
    /// A driver with one [`Run`] per engine (per set of settings) in use.
    pub fn new(runs: Vec<Run<'a>>) -> Self {
        Driver { runs, cache: None }
    }

    /// Reuse and keep reports in `cache`; `keys[i]` is the key of run `i`'s
    /// entries: everything beside the files that decides what a report says.
    pub fn with_cache(mut self, cache: &'a cache::Cache, keys: Vec<String>) -> Self {
        assert_eq!(keys.len(), self.runs.len(), "one cache key per run");
        self.cache = Some((cache, keys));
        self
    }

    pub fn runs(&self) -> &[Run<'a>] {
        &self.runs
    }

    /// The reports of the files of `dirs`, in path order. `done(n)` is called as
    /// each directory's `n` files are done (for a progress bar).
    pub fn check(&self, dirs: &[PackageDir], done: &(dyn Fn(usize) + Sync)) -> Vec<FileReport> {
        let mut reports = Vec::new();
        self.check_each(dirs, done, &mut |r| reports.push(r));
        reports
    }

    /// [`Driver::check`], each report given to `each` as soon as every report
    /// before it in path order is known, and not kept: the memory a run holds does
    /// not grow with what it reports. (A report of counts only, which prints
    /// nothing, is given as soon as its directory is done.)
    ///
    /// Each thread takes one directory at a time from a queue: the large ones
    /// (which take their part of the memory budget, see [`process`]) largest
    /// first, so that the longest does not come last, and the small ones in path
    /// order. A thread whose next large directory would wait for its turn takes a
    /// small one instead, so a large directory that must run alone runs beside
    /// small ones rather than beside an idle thread.
    pub fn check_each(
        &self,
        dirs: &[PackageDir],
        done: &(dyn Fn(usize) + Sync),
        each: &mut (dyn FnMut(FileReport) + Send),
    ) {
        let sizes: Vec<u64> = dirs
            .par_iter()
            .map(|d| self.runs[d.run].walked_bytes(&d.files))
            .collect();
        let (mut large, small): (Vec<usize>, Vec<usize>) =
            (0..dirs.len()).partition(|&i| process::is_large(sizes[i]));
        large.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
        let queue = Mutex::new((VecDeque::from(large), VecDeque::from(small)));
        // The next directory, with its turn of the budget if it is a large one:
        // taken under the queue's lock, so that two threads do not both find the
        // budget free and pick a large directory each.
        let next = || -> Option<(usize, Option<process::Taken>)> {
            let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
            let (large, small) = &mut *q;
            if let Some(&i) = large.front() {
                if let Some(turn) = process::try_take(sizes[i]) {
                    large.pop_front();
                    return Some((i, Some(turn)));
                }
                if small.is_empty() {
                    large.pop_front();
                    drop(q);
                    return Some((i, Some(process::take(sizes[i]))));
                }
            }
            small.pop_front().map(|i| (i, None))
        };
        let order = Mutex::new(InOrder::new(dirs, each));
        rayon::scope(|s| {
            for _ in 0..rayon::current_num_threads() {
                s.spawn(|_| {
                    while let Some((i, turn)) = next() {
                        let d = &dirs[i];
                        let found = self.check_dir(d, sizes[i], turn);
                        done(d.files.len());
                        order
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .done(i, found);
                    }
                });
            }
        });
        order
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .finish();
    }

    /// One directory's reports: from the cache, or checked (and then cached).
    fn check_dir(
        &self,
        d: &PackageDir,
        walked_bytes: u64,
        turn: Option<process::Taken>,
    ) -> Vec<FileReport> {
        let (dir, files) = (&d.dir, d.files.as_slice());
        let job = &self.runs[d.run];
        let Some((cache, keys)) = &self.cache else {
            return job.process_dir_in_turn(dir, files, walked_bytes, turn);
        };
        let key = &keys[d.run];
        // Where an import from a directory resolves in this run.
        let locate =
            |from: &std::path::Path, path: &str| job.program.as_ref()?.located_dir(from, path);
        // In a run that writes, only what writes nothing is reused and kept: a
        // package with a fix to write is checked and fixed afresh (its entry is
        // spent once the fix is written, since that changes its files).
        let writes = job.action.writes();
        let usable = |reports: &[FileReport]| !(writes && reports.iter().any(FileReport::wrote));
        // The directory's hash before it is checked: what a kept entry must match,
        // and what a new one is made for (if its files did not change meanwhile).
        let own = cache.own_hash(dir, files);
        if let Some(reports) = cache.lookup_usable(key, dir, own.as_deref(), &locate, &usable) {
            return reports;
        }
        let done = job.process_dir_in_turn(dir, files, walked_bytes, turn);
        if writes && done.iter().any(FileReport::wrote) {
            return done;
        }
        if let Some(program) = &job.program {
            let canonical =
                std::fs::canonicalize(dir.as_path()).unwrap_or_else(|_| dir.to_path_buf());
            let deps = program.reachable(&canonical);
            let mut from = deps.clone();
            from.push(canonical);
            let imports = program.resolutions(&from);
            cache.store(key, dir, files, own, &deps, &imports, &done);
        }
        done
    }
}

/// Gives the reports of the directories done, in path order, as soon as every
/// report before them is known. The walked files of all directories, sorted, say
/// which report comes next: a directory's reports wait only for the directories
/// with files before theirs.
struct InOrder<'d, 'e> {
    dirs: &'d [PackageDir],
    /// Every walked file, in path order, with its directory's index.
    files: Vec<(&'d Path, usize)>,
    /// How many of `files` were given (or had no report).
    next: usize,
    /// Directory index → its reports not given yet, by path (None: not done).
    waiting: Vec<Option<HashMap<PathBuf, Vec<FileReport>>>>,
    each: &'e mut (dyn FnMut(FileReport) + Send),
}

impl<'d, 'e> InOrder<'d, 'e> {
    fn new(dirs: &'d [PackageDir], each: &'e mut (dyn FnMut(FileReport) + Send)) -> Self {
        let mut files: Vec<(&Path, usize)> = dirs
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.files.iter().map(move |f| (f.as_path(), i)))
            .collect();
        files.sort();
        InOrder {
            dirs,
            files,
            next: 0,
            waiting: (0..dirs.len()).map(|_| None).collect(),
            each,
        }
    }

    /// Directory `i` is done with `reports`: give what can be given.
    fn done(&mut self, i: usize, reports: Vec<FileReport>) {
        let walked: HashSet<&Path> = self.dirs[i].files.iter().map(PathBuf::as_path).collect();
        let mut by_path: HashMap<PathBuf, Vec<FileReport>> = HashMap::new();
        // What is not the report of one of its walked files (its counts, which
        // print nothing) has no place to wait for.
        let mut now: Vec<FileReport> = Vec::new();
        for r in reports {
            if walked.contains(r.path.as_path()) {
                by_path.entry(r.path.clone()).or_default().push(r);
            } else {
                now.push(r);
            }
        }
        now.sort_by(|a, b| a.path.cmp(&b.path));
        for r in now {
            (self.each)(r);
        }
        self.waiting[i] = Some(by_path);
        while let Some(&(path, d)) = self.files.get(self.next) {
            let Some(reports) = self.waiting[d].as_mut() else {
                break;
            };
            for r in reports.remove(path).into_iter().flatten() {
                (self.each)(r);
            }
            self.next += 1;
        }
    }

    /// Every directory is done: give what is left (nothing, unless a file was
    /// walked twice).
    fn finish(mut self) {
        let mut rest: Vec<FileReport> = self
            .waiting
            .iter_mut()
            .flat_map(|w| w.take().into_iter().flat_map(|m| m.into_values().flatten()))
            .collect();
        rest.sort_by(|a, b| a.path.cmp(&b.path));
        for r in rest {
            (self.each)(r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{FileReport, InOrder, PackageDir};
    use std::path::PathBuf;

    fn dir(dir: &str, files: &[&str]) -> PackageDir {
        PackageDir {
            dir: PathBuf::from(dir),
            files: files.iter().map(PathBuf::from).collect(),
            run: 0,
        }
    }

    fn report(path: &str) -> FileReport {
        FileReport {
            path: PathBuf::from(path),
            stdout: format!("{path}\n"),
            ..FileReport::default()
        }
    }

    /// Reports come out in path order, whatever order their directories finish
    /// in, each as soon as every file before it is done; a directory's files are
    /// not contiguous in that order (`a/b/f.go` sorts between `a/a.go` and
    /// `a/c.go`), and a report of counts (under its directory's path) waits for
    /// nothing.
    #[test]
    fn reports_are_given_in_path_order_as_soon_as_the_files_before_them_are_done() {
        let dirs = [
            dir("a", &["a/c.go", "a/a.go"]),
            dir("a/b", &["a/b/f.go", "a/b/g.go"]),
            dir("z", &["z/z.go"]),
        ];
        let mut given: Vec<String> = Vec::new();
        let mut each = |r: FileReport| given.push(r.path.display().to_string());
        let mut order = InOrder::new(&dirs, &mut each);
        order.done(2, vec![report("z/z.go")]);
        order.done(0, vec![report("a/c.go"), report("a"), report("a/a.go")]);
        order.done(1, vec![report("a/b/g.go")]);
        order.finish();
        assert_eq!(given, ["a", "a/a.go", "a/b/g.go", "a/c.go", "z/z.go"]);

        // What was given after each directory finished.
        let mut steps: Vec<Vec<String>> = Vec::new();
        let given = std::sync::Mutex::new(Vec::new());
        let mut each = |r: FileReport| given.lock().unwrap().push(r.path.display().to_string());
        let mut order = InOrder::new(&dirs, &mut each);
        let mut step = |order: &mut InOrder, i: usize, reports: Vec<FileReport>| {
            order.done(i, reports);
            steps.push(std::mem::take(&mut *given.lock().unwrap()));
        };
        step(&mut order, 2, vec![report("z/z.go")]);
        step(
            &mut order,
            0,
            vec![report("a/c.go"), report("a"), report("a/a.go")],
        );
        step(&mut order, 1, vec![report("a/b/g.go")]);
        assert_eq!(
            steps,
            [
                vec![],
                vec!["a".to_string(), "a/a.go".to_string()],
                vec![
                    "a/b/g.go".to_string(),
                    "a/c.go".to_string(),
                    "z/z.go".to_string()
                ],
            ]
        );
    }
}
