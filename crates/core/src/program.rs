//! The program around a package: the packages it imports, so that a proof can
//! follow a call into another package from that package's own code.
//!
//! Which code an import stands for is the driver's business (it reads `go.mod`,
//! `go.work`, `vendor/`, the module cache and GOROOT: see [`crate::semantic::module`]);
//! the core asks through a [`PackageLoader`] and never opens a file. Only code that
//! is certainly the code the program is built with is loaded: a package of the same
//! module (or of a `replace`d local directory, or a `go.work` module), the standard
//! library of the toolchain found, a dependency at exactly the version `go.mod`
//! requires, found in the module cache or in `vendor/`. Anything else is unknown,
//! and a call into it proves nothing.
//!
//! A loaded package is a [`PackageView`] of its non-test files' declarations (the
//! bodies are parsed again when a summary needs them) and is kept for the run, with
//! its summaries, shared by every package that imports it. Each view names where it
//! came from ([`PackageView::provenance`]), so a report can say why a call is trusted.

use crate::package::{PackageView, ViewBuilder};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// Where the driver found an imported package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The package's directory.
    pub dir: PathBuf,
    /// Where its code comes from, for reports: `std (go1.26.0)`, `module
    /// example.com/m`, `example.com/dep v1.2.3 (module cache)`.
    pub provenance: Arc<str>,
}

/// How the program finds and reads the packages a package imports (the driver
/// implements it: the core opens no file).
pub trait PackageLoader: Send + Sync {
    /// The package that code in the directory `from` imports as `path`: None when
    /// it is not certainly known (a dependency not in the module cache at the
    /// required version, a path no module provides).
    fn locate(&self, from: &Path, path: &str) -> Option<Located>;

    /// Add the declarations of the non-test Go files of the package in `dir` to
    /// `builder` (with [`ViewBuilder::add_on_disk`], its reader set to read them
    /// again): false when they cannot all be read.
    fn load(&self, dir: &Path, builder: &mut ViewBuilder) -> bool;

    /// Does the package in `dir` have `_test.go` files of its own package (not
    /// of an external `_test` package)? `go test` builds the package with them,
    /// and every package of the test binary that imports it against that
    /// variant. True when not known.
    fn has_internal_tests(&self, dir: &Path) -> bool {
        let _ = dir;
        true
    }

    /// Is `dir` a package of the standard library (which imports no package
    /// outside it)?
    fn in_std(&self, dir: &Path) -> bool {
        let _ = dir;
        false
    }
}

/// Which view a package's code is seen through: a directory's package, or a
/// directory's test package (which `go test` builds with the `_test.go` files).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    pub dir: PathBuf,
    pub test: bool,
}

/// A package's view, loaded once by the first thread that needs it (None: it
/// could not be read).
type Slot = OnceLock<Option<Arc<PackageView>>>;

/// The views loaded, the ones used last kept (see [`KEPT_VIEW_BYTES`]).
#[derive(Default)]
struct Views {
    slots: HashMap<PathBuf, KeptView>,
    /// The views dropped from `slots`, which may still be in use: taken back
    /// rather than loaded again while they are.
    dropped: HashMap<PathBuf, Weak<PackageView>>,
    /// Counts the slots asked for.
    clock: u64,
    /// The [`PackageView::source_bytes`] of the views kept.
    bytes: usize,
}

struct KeptView {
    slot: Arc<Slot>,
    /// When it was last asked for.
    used: u64,
    /// Its view's source bytes, once loaded.
    bytes: usize,
}

/// How many bytes of source the views of imported packages that the program
/// keeps once loaded are built from, at most (those asked for last are kept): a
/// view still in use stays alive with its users, and one dropped is loaded again
/// when asked for. Keeping every one, the memory grows with the tree: on one of
/// 30 M lines, ~300 views held tens of megabytes to the end of the run. (There,
/// 16 MB loads 316 views from 26 MB of source where keeping all loads 298 from
/// 25 MB, for about 10 MB less peak RSS; 8 MB loads 461 from 72 MB.)
const KEPT_VIEW_BYTES: usize = 16 << 20;

impl Views {
    /// The slot of `dir` (made if there is none), marked as asked for last.
    fn slot(&mut self, dir: &Path) -> Arc<Slot> {
        self.clock += 1;
        let clock = self.clock;
        let dropped = &mut self.dropped;
        let kept = self.slots.entry(dir.to_path_buf()).or_insert_with(|| {
            let slot = Slot::new();
            if let Some(view) = dropped.remove(dir).and_then(|v| v.upgrade()) {
                let _ = slot.set(Some(view));
            }
            KeptView {
                slot: Arc::new(slot),
                used: clock,
                bytes: 0,
            }
        });
        kept.used = clock;
        Arc::clone(&kept.slot)
    }

    /// The slot of `dir` was loaded, `bytes` of source: count it (unless it was
    /// dropped meanwhile), and drop the views asked for least recently past
    /// `limit` bytes.
    fn loaded(&mut self, dir: &Path, slot: &Arc<Slot>, bytes: usize, limit: usize) {
        let Some(kept) = self.slots.get_mut(dir) else {
            return;
        };
        if !Arc::ptr_eq(&kept.slot, slot) || kept.bytes == bytes {
            return;
        }
        self.bytes = self.bytes - kept.bytes + bytes;
        kept.bytes = bytes;
        if self.bytes > limit {
            self.dropped.retain(|_, v| v.strong_count() > 0);
        }
        while self.bytes > limit && self.slots.len() > 1 {
            let Some(oldest) = self
                .slots
                .iter()
                .min_by_key(|(_, k)| k.used)
                .map(|(d, _)| d.clone())
            else {
                break;
            };
            if let Some(k) = self.slots.remove(&oldest) {
                self.bytes -= k.bytes;
                if let Some(Some(view)) = k.slot.get() {
                    self.dropped.insert(oldest, Arc::downgrade(view));
                }
            }
        }
    }
}

/// The packages loaded so far, shared by the threads of a run.
pub struct Program {
    loader: Box<dyn PackageLoader>,
    /// The `[safety] no_panic` allowlist of the run, for the views it loads.
    no_panic: Vec<String>,
    /// Importing directory → import path → where it was found (None: nowhere).
    located: Mutex<HashMap<PathBuf, HashMap<String, Option<Located>>>>,
    views: Mutex<Views>,
    /// Import edges followed so far (importer → imported). Kept acyclic: a
    /// summary being computed holds its package's lock while it asks an imported
    /// package, so a cycle (which Go rejects, but a broken tree may have) could
    /// wait forever. An edge that would close one is not followed.
    edges: Mutex<HashMap<Unit, HashSet<Unit>>>,
    /// Directories whose package has `_test.go` files of its own package.
    internal_tests: Mutex<HashMap<PathBuf, bool>>,
    /// See [`KEPT_VIEW_BYTES`].
    kept_view_bytes: usize,
    /// Set once the program is shared: given to the views it loads.
    this: Weak<Program>,
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let loaded = self.views.lock().map_or(0, |v| v.slots.len());
        f.debug_struct("Program")
            .field("loaded", &loaded)
            .finish_non_exhaustive()
    }
}

/// What a view knows of its place in the program.
#[derive(Debug, Clone)]
pub struct Origin {
    pub program: Weak<Program>,
    pub unit: Unit,
    pub provenance: Arc<str>,
}

impl Program {
    pub fn new(loader: Box<dyn PackageLoader>, no_panic: &[String]) -> Arc<Self> {
        Self::keeping(loader, no_panic, KEPT_VIEW_BYTES)
    }

    /// [`Program::new`], keeping the views of at most `kept_view_bytes` bytes of
    /// source once loaded (see [`KEPT_VIEW_BYTES`]).
    pub fn keeping(
        loader: Box<dyn PackageLoader>,
        no_panic: &[String],
        kept_view_bytes: usize,
    ) -> Arc<Self> {
        Arc::new_cyclic(|this| Program {
            kept_view_bytes,
            loader,
            no_panic: no_panic.to_vec(),
            located: Mutex::new(HashMap::new()),
            views: Mutex::new(Views::default()),
            edges: Mutex::new(HashMap::new()),
            internal_tests: Mutex::new(HashMap::new()),
            this: this.clone(),
        })
    }

    /// The origin to give the view of `unit` that the driver builds itself (the
    /// package being checked), so that it can follow its imports.
    pub fn origin(&self, unit: Unit, provenance: &str) -> Origin {
        Origin {
            program: self.this.clone(),
            unit,
            provenance: Arc::from(provenance),
        }
    }

    /// The package that code of `from` imports as `path`, loaded on first use;
    /// None when it is not certainly known, cannot be read, or would close an
    /// import cycle.
    pub fn import(&self, from: &Unit, path: &str) -> Option<Arc<PackageView>> {
        let located = self.locate(&from.dir, path)?;
        let to = Unit {
            dir: located.dir.clone(),
            test: false,
        };
        if to == *from {
            return None;
        }
        // `go test` builds the package of `from.dir` with its own `_test.go` files,
        // which may add methods or assign its variables, and rebuilds every
        // package that imports it (directly or not) against that variant: the
        // views the program loads are not what the tests of such a package run,
        // but for the standard library (which imports no package of the module).
        let std_only = || self.loader.in_std(&to.dir) && !self.loader.in_std(&from.dir);
        if from.test && !std_only() && self.has_internal_tests(&from.dir) {
            return None;
        }
        if !self.follow(from, &to) {
            return None;
        }
        let cell = self
            .views
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .slot(&located.dir);
        let view = cell
            .get_or_init(|| {
                let mut builder = PackageView::builder(&self.no_panic);
                builder.keep_no_trees();
                builder.hold_imports_weakly();
                builder.set_origin(Origin {
                    program: self.this.clone(),
                    unit: to.clone(),
                    provenance: Arc::clone(&located.provenance),
                });
                self.loader
                    .load(&located.dir, &mut builder)
                    .then(|| Arc::new(builder.finish()))
            })
            .clone();
        let bytes = view.as_ref().map_or(0, |v| v.source_bytes());
        self.views.lock().unwrap_or_else(|e| e.into_inner()).loaded(
            &located.dir,
            &cell,
            bytes,
            self.kept_view_bytes,
        );
        view
    }

    /// Where code of the directory `from` imports `path` from (memoized for the run).
    fn locate(&self, from: &Path, path: &str) -> Option<Located> {
        let mut cache = self.located.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(l) = cache.get(from).and_then(|m| m.get(path)) {
            return l.clone();
        }
        let l = self.loader.locate(from, path);
        cache
            .entry(from.to_path_buf())
            .or_default()
            .insert(path.to_string(), l.clone());
        l
    }

    /// The directory code of `from` imports `path` from in this run (None: not
    /// found), for the result cache to tell whether an import resolves as it did.
    pub fn located_dir(&self, from: &Path, path: &str) -> Option<PathBuf> {
        self.locate(from, path).map(|l| l.dir)
    }

    /// Every import asked for so far from code of the directories `dirs`, with
    /// the directory it was found in (None: not found), sorted: an import that was
    /// not found (so no edge) or that now resolves elsewhere (a package created,
    /// a symbolic link changed) changes a cached result as much as an edited file.
    pub fn resolutions(&self, dirs: &[PathBuf]) -> Vec<(PathBuf, String, Option<PathBuf>)> {
        let cache = self.located.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<_> = dirs
            .iter()
            .filter_map(|from| Some((from, cache.get(from)?)))
            .flat_map(|(from, paths)| {
                paths.iter().map(move |(path, l)| {
                    (
                        from.clone(),
                        path.clone(),
                        l.as_ref().map(|l| l.dir.clone()),
                    )
                })
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn has_internal_tests(&self, dir: &Path) -> bool {
        let mut cache = self
            .internal_tests
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        *cache
            .entry(dir.to_path_buf())
            .or_insert_with(|| self.loader.has_internal_tests(dir))
    }

    /// Record the edge `from` → `to` unless it closes a cycle of followed edges.
    fn follow(&self, from: &Unit, to: &Unit) -> bool {
        let mut edges = self.edges.lock().unwrap_or_else(|e| e.into_inner());
        if edges.get(from).is_some_and(|s| s.contains(to)) {
            return true;
        }
        // Can `to` already reach `from`?
        let mut seen: HashSet<&Unit> = HashSet::new();
        let mut work = vec![to];
        while let Some(u) = work.pop() {
            if u == from {
                return false;
            }
            if seen.insert(u) {
                work.extend(edges.get(u).into_iter().flatten());
            }
        }
        edges.entry(from.clone()).or_default().insert(to.clone());
        true
    }

    /// The directories of the packages reachable from `dir`'s package and test
    /// package by the import edges followed so far, `dir` left out, sorted. Called
    /// after `dir` was checked, it holds every imported package whose code the
    /// checks could have read (a summary computed earlier, for another package,
    /// followed its own edges before): what a cached result for `dir` depends on.
    pub fn reachable(&self, dir: &Path) -> Vec<PathBuf> {
        let edges = self.edges.lock().unwrap_or_else(|e| e.into_inner());
        let starts = [
            Unit {
                dir: dir.to_path_buf(),
                test: false,
            },
            Unit {
                dir: dir.to_path_buf(),
                test: true,
            },
        ];
        let mut seen: HashSet<&Unit> = HashSet::new();
        let mut work: Vec<&Unit> = starts.iter().collect();
        while let Some(u) = work.pop() {
            if seen.insert(u) {
                work.extend(edges.get(u).into_iter().flatten());
            }
        }
        let mut dirs: Vec<PathBuf> = seen
            .into_iter()
            .map(|u| u.dir.clone())
            .filter(|d| d != dir)
            .collect();
        dirs.sort();
        dirs.dedup();
        dirs
    }

    /// How many packages' views are kept (for tests and statistics).
    pub fn loaded(&self) -> usize {
        let views = self.views.lock().unwrap_or_else(|e| e.into_inner());
        views
            .slots
            .values()
            .map(|k| &k.slot)
            .filter(|c| c.get().is_some_and(Option::is_some))
            .count()
    }
}
