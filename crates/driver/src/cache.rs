//! The result cache: a package directory's reports, kept from one run for the next
//! while nothing they depend on changed (as ruff's and golangci-lint's caches make
//! repeated runs nearly free).
//!
//! An entry is one JSON file named by a hash of the run's key and the directory.
//! It is reused only when all of these are as they were when it was made:
//!
//! - the run's key: the tool's version and the hash of its executable, the working
//!   directory, the flags and settings that change results (every flag but the
//!   paths walked and those that pick which packages are checked), each plugin's
//!   path and contents, the Go environment the imports are resolved in (GOROOT and
//!   its version, the module cache, `GO*` variables, the main modules), and the
//!   color of the output;
//! - the contents of every `.go` file in the directory, and the list of files the
//!   walk gave it;
//! - the contents of every `.go` file of each package the checks followed an import
//!   into (and of the packages those import, and so on), and the `go.mod`,
//!   `go.sum`, `go.work`, `go.work.sum` and `vendor/modules.txt` files in each of
//!   these directories and above them;
//! - where each import asked for from the package and from those packages
//!   resolves, or that it resolves nowhere (a package directory created, a module
//!   downloaded into the module cache or a symbolic link pointed elsewhere changes
//!   it).
//!
//! Runs that write (in place, or with `--output`) keep and reuse only the reports of
//! packages with nothing to write: a package with a fix is always checked and fixed
//! afresh, so no file is ever written, and no write reported, from an entry; once
//! the fix is written its files have changed, and so would its entry's key. `--mode
//! verify` does not use the cache (what it checks is the fixed text). Entries
//! are written whole to a temporary file and renamed into place, so a run never
//! reads half an entry, and two runs sharing a cache neither corrupt it nor wait
//! for each other. An entry that cannot be read or parsed, or that was made for
//! another key or directory, is ignored and replaced. After a run that wrote
//! entries the cache is cut down to [`MAX_BYTES`], oldest used first.

use crate::process::FileReport;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use xxhash_rust::xxh3::Xxh3;

/// The layout of entries; a different one is a different directory.
const LAYOUT: &str = "v1";

/// The size the cache is cut down to (three quarters of it) once it grows past.
pub const MAX_BYTES: u64 = 512 << 20;

/// The module files whose contents decide where imports resolve.
const MODULE_FILES: &[&str] = &[
    "go.mod",
    "go.sum",
    "go.work",
    "go.work.sum",
    "vendor/modules.txt",
];

/// The default directory: `$XDG_CACHE_HOME/go-defer-rewriter/results`, else
/// `~/.cache/go-defer-rewriter/results`.
pub fn default_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|c| c.join("go-defer-rewriter").join("results"))
}

/// A hex string of a 128-bit hash.
fn hex(h: u128) -> String {
    format!("{h:032x}")
}

/// A hash of a string, for the run's key.
pub fn hash_str(s: &str) -> String {
    hex(xxhash_rust::xxh3::xxh3_128(s.as_bytes()))
}

/// The hash of a file's contents, for the run's key (a plugin, the executable);
/// `missing` when it cannot be read.
pub fn hash_file(path: &Path) -> String {
    match std::fs::read(path) {
        Ok(bytes) => hex(xxhash_rust::xxh3::xxh3_128(&bytes)),
        Err(_) => "missing".to_string(),
    }
}

/// One entry as stored.
#[derive(Serialize, Deserialize)]
struct Entry {
    layout: String,
    key: String,
    dir: PathBuf,
    /// Hash of the directory's files and the walked list.
    own: String,
    /// Each package directory the result depends on, with its hash.
    deps: Vec<(PathBuf, String)>,
    /// Each import asked for (importing directory, import path) and where it
    /// resolved.
    imports: Vec<Import>,
    reports: Vec<FileReport>,
}

/// An import asked for from a directory's code, and the directory it resolved
/// to (None: not found).
pub type Import = (PathBuf, String, Option<PathBuf>);

/// A cache opened for one run.
pub struct Cache {
    dir: PathBuf,
    /// Content hash of each directory's `.go` files and module files (None: a
    /// file could not be read), computed once per run.
    dirs: Mutex<HashMap<PathBuf, Option<String>>>,
    /// Hash of the module files in each directory (not above it).
    modules: Mutex<HashMap<PathBuf, u128>>,
    /// Entries written by this run, to take back if the run went wrong.
    written: Mutex<Vec<PathBuf>>,
    /// When the run opened the cache: a dependency's file modified since may
    /// have been read before the change, and hashed after it.
    opened: std::time::SystemTime,
    pub hits: AtomicUsize,
    pub misses: AtomicUsize,
}

impl Cache {
    /// The cache in `dir` (created when missing, with a `.gitignore` that ignores
    /// it all); an error says why it cannot be used.
    pub fn open(dir: &Path) -> Result<Cache, String> {
        let root = dir.join(LAYOUT);
        std::fs::create_dir_all(&root)
            .map_err(|e| format!("cache directory `{}`: {e}", dir.display()))?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            // Best effort: a cache inside a repository stays out of its commits.
            let _ = write_atomically(&ignore, b"# made by go-defer-rewriter\n*\n");
        }
        Ok(Cache {
            dir: root,
            dirs: Mutex::new(HashMap::new()),
            modules: Mutex::new(HashMap::new()),
            written: Mutex::new(Vec::new()),
            opened: std::time::SystemTime::now(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        })
    }

    fn entry_path(&self, key: &str, dir: &Path) -> PathBuf {
        let mut h = Xxh3::new();
        h.update(key.as_bytes());
        h.update(b"\0");
        h.update(dir.as_os_str().as_encoded_bytes());
        let name = hex(h.digest128());
        self.dir
            .join(&name[..2])
            .join(format!("{}.json", &name[2..]))
    }

    /// The reports kept for directory `dir` (as walked) with the walked `files`,
    /// under the run's `key`, when nothing they depend on changed (`locate`: where
    /// an import from a directory resolves in this run).
    pub fn lookup(
        &self,
        key: &str,
        dir: &Path,
        files: &[PathBuf],
        locate: &dyn Fn(&Path, &str) -> Option<PathBuf>,
    ) -> Option<Vec<FileReport>> {
        let own = self.own_hash(dir, files);
        self.lookup_usable(key, dir, own.as_deref(), locate, &|_| true)
    }

    /// [`Cache::lookup`] with the hash of the directory's files and walked list
    /// computed by the caller ([`Cache::own_hash`], kept for [`Cache::store`]; None:
    /// unreadable, a miss), of an entry whose reports the run can use as they are
    /// (`usable`); another is counted and left as a miss.
    pub fn lookup_usable(
        &self,
        key: &str,
        dir: &Path,
        own: Option<&str>,
        locate: &dyn Fn(&Path, &str) -> Option<PathBuf>,
        usable: &dyn Fn(&[FileReport]) -> bool,
    ) -> Option<Vec<FileReport>> {
        let path = self.entry_path(key, dir);
        let found = own
            .and_then(|own| self.try_lookup(&path, key, dir, own, locate))
            .filter(|reports| usable(reports));
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
            // Used now: the last to be evicted.
            if let Ok(f) = std::fs::File::options().append(true).open(&path) {
                let _ = f.set_modified(std::time::SystemTime::now());
            }
        } else {
            self.misses.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    fn try_lookup(
        &self,
        path: &Path,
        key: &str,
        dir: &Path,
        own: &str,
        locate: &dyn Fn(&Path, &str) -> Option<PathBuf>,
    ) -> Option<Vec<FileReport>> {
        let bytes = std::fs::read(path).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        if entry.layout != LAYOUT || entry.key != key || entry.dir != dir || entry.own != own {
            return None;
        }
        for (dep, hash) in &entry.deps {
            if self.dir_hash(dep).as_ref() != Some(hash) {
                return None;
            }
        }
        for (from, path, found) in &entry.imports {
            if locate(from, path) != *found {
                return None;
            }
        }
        Some(entry.reports)
    }

    /// Keep `reports` for `dir`, which depended on the packages in `deps`
    /// (canonical directories) and on where the `imports` resolved, unless its
    /// files changed while it was checked (`own`: their hash before) or a file of
    /// a dependency was modified since the run began.
    #[allow(clippy::too_many_arguments)]
    pub fn store(
        &self,
        key: &str,
        dir: &Path,
        files: &[PathBuf],
        own_before: Option<String>,
        deps: &[PathBuf],
        imports: &[Import],
        reports: &[FileReport],
    ) {
        let Some(own) = own_before else { return };
        if self.hash_now(dir, files).as_ref() != Some(&own) {
            return;
        }
        let mut dep_hashes = Vec::with_capacity(deps.len());
        for d in deps {
            let Some(h) = self.dir_hash(d) else { return };
            dep_hashes.push((d.clone(), h));
        }
        #[derive(Serialize)]
        struct EntryRef<'a> {
            layout: &'a str,
            key: &'a str,
            dir: &'a Path,
            own: &'a str,
            deps: &'a [(PathBuf, String)],
            imports: &'a [Import],
            reports: &'a [FileReport],
        }
        let Ok(bytes) = serde_json::to_vec(&EntryRef {
            layout: LAYOUT,
            key,
            dir,
            own: &own,
            deps: &dep_hashes,
            imports,
            reports,
        }) else {
            return;
        };
        let path = self.entry_path(key, dir);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if write_atomically(&path, &bytes).is_ok() {
            self.written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path);
        }
    }

    /// The hash of `dir`'s files and walked list, before it is checked (computed
    /// once, then reused by [`Cache::store`]).
    pub fn own_hash(&self, dir: &Path, files: &[PathBuf]) -> Option<String> {
        self.hash_now(dir, files)
    }

    fn hash_now(&self, dir: &Path, files: &[PathBuf]) -> Option<String> {
        let mut h = Xxh3::new();
        h.update(&hash_go_files(dir)?.to_le_bytes());
        for f in files {
            h.update(f.as_os_str().as_encoded_bytes());
            h.update(b"\0");
        }
        h.update(&self.modules_above(dir).to_le_bytes());
        Some(hex(h.digest128()))
    }

    /// The hash of a package directory a result depended on: its `.go` files
    /// and the module files in and above it (memoized for the run, with the check
    /// that none was modified since the run began); None when it cannot be read or
    /// was modified.
    fn dir_hash(&self, dir: &Path) -> Option<String> {
        if let Some(h) = self.dirs.lock().unwrap_or_else(|e| e.into_inner()).get(dir) {
            return h.clone();
        }
        let h = hash_go_files(dir).map(|files| {
            let mut h = Xxh3::new();
            h.update(&files.to_le_bytes());
            h.update(&self.modules_above(dir).to_le_bytes());
            hex(h.digest128())
        });
        // Checked after the hash is read: a file modified since the run began
        // may have been read by the checks before the change and hashed after
        // it, so no entry rests on it (and no entry is taken as matching it).
        let h = h.filter(|_| !modified_since(dir, self.opened));
        self.dirs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf(), h.clone());
        h
    }

    /// The hash of the module files in `dir` and every directory above it.
    fn modules_above(&self, dir: &Path) -> u128 {
        let absolute = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut h = Xxh3::new();
        for d in absolute.ancestors() {
            h.update(&self.modules_in(d).to_le_bytes());
        }
        h.digest128()
    }

    fn modules_in(&self, dir: &Path) -> u128 {
        if let Some(h) = self
            .modules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir)
        {
            return *h;
        }
        let mut h = Xxh3::new();
        for name in MODULE_FILES {
            h.update(name.as_bytes());
            match std::fs::read(dir.join(name)) {
                Ok(bytes) => {
                    h.update(b"\x01");
                    h.update(&(bytes.len() as u64).to_le_bytes());
                    h.update(&bytes);
                }
                Err(_) => h.update(b"\x00"),
            }
        }
        let h = h.digest128();
        self.modules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf(), h);
        h
    }

    /// Take back the entries this run wrote (a plugin failed on some file: what
    /// the run saw is not what a run without the failure would see).
    pub fn forget_written(&self) {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        for p in written {
            let _ = std::fs::remove_file(p);
        }
    }

    /// How many entries this run wrote.
    pub fn written(&self) -> usize {
        self.written.lock().map_or(0, |w| w.len())
    }

    /// Cut the cache down to three quarters of `max` bytes when it is over `max`,
    /// removing the entries used longest ago.
    pub fn evict(&self, max: u64) {
        let mut entries = Vec::new();
        let mut total = 0u64;
        let Ok(shards) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for shard in shards.filter_map(Result::ok) {
            let Ok(files) = std::fs::read_dir(shard.path()) else {
                continue;
            };
            for f in files.filter_map(Result::ok) {
                let Ok(meta) = f.metadata() else { continue };
                if !meta.is_file() {
                    continue;
                }
                total += meta.len();
                let used = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                entries.push((used, meta.len(), f.path()));
            }
        }
        if total <= max {
            return;
        }
        entries.sort();
        let target = max / 4 * 3;
        for (_, len, path) in entries {
            if total <= target {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(len);
            }
        }
    }
}

/// The hash of the names, sizes and contents of `dir`'s `.go` files (symbolic
/// links followed: a walk may give a linked file); None when the directory or one
/// of them cannot be read.
fn hash_go_files(dir: &Path) -> Option<u128> {
    let mut h = Xxh3::new();
    let read = std::fs::read_dir(dir).ok()?;
    let mut names: Vec<_> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_name().as_encoded_bytes().ends_with(b".go"))
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
        .map(|e| e.file_name())
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).ok()?;
        h.update(name.as_encoded_bytes());
        h.update(b"\0");
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Some(h.digest128())
}

/// Was a `.go` file of `dir`, or a module file in it, modified at or after `time`
/// (or can its time not be read)?
fn modified_since(dir: &Path, time: std::time::SystemTime) -> bool {
    let Ok(read) = std::fs::read_dir(dir) else {
        return true;
    };
    let go = read
        .filter_map(Result::ok)
        .filter(|e| e.file_name().as_encoded_bytes().ends_with(b".go"))
        .map(|e| e.path());
    let modules = MODULE_FILES.iter().map(|m| dir.join(m));
    go.chain(modules).any(|p| match std::fs::metadata(&p) {
        Ok(m) => m.modified().map_or(true, |t| t >= time),
        Err(_) => false,
    })
}

/// Write `bytes` to `path` through a temporary file in the same directory,
/// renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No import resolves.
    fn unresolved(_: &Path, _: &str) -> Option<PathBuf> {
        None
    }

    fn report(path: &str, text: &str) -> FileReport {
        FileReport {
            path: PathBuf::from(path),
            stdout: text.to_string(),
            ..FileReport::default()
        }
    }

    /// A directory with package `pkg` (a.go) and one with `dep` (d.go), in a
    /// temporary directory.
    fn package_and_dependency() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let pkg = tmp.path().join("pkg");
        let dep = tmp.path().join("dep");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::create_dir_all(&dep).unwrap();
        std::fs::write(pkg.join("a.go"), "package pkg\n").unwrap();
        std::fs::write(dep.join("d.go"), "package dep\n").unwrap();
        (tmp, pkg, dep)
    }

    #[test]
    fn an_entry_is_reused_until_a_file_changes() {
        let (tmp, pkg, dep) = package_and_dependency();
        let files = vec![pkg.join("a.go")];
        let cache = Cache::open(&tmp.path().join("cache")).unwrap();
        let own = cache.own_hash(&pkg, &files);
        cache.store(
            "k",
            &pkg,
            &files,
            own,
            std::slice::from_ref(&dep),
            &[],
            &[report("a.go", "finding\n")],
        );
        let fresh = || Cache::open(&tmp.path().join("cache")).unwrap();
        let got = fresh()
            .lookup("k", &pkg, &files, &unresolved)
            .expect("a hit");
        assert_eq!(got[0].stdout, "finding\n");
        assert!(fresh()
            .lookup("other key", &pkg, &files, &unresolved)
            .is_none());
        assert!(
            fresh().lookup("k", &pkg, &[], &unresolved).is_none(),
            "another walked list"
        );

        // A dependency's file changes, then one of the package's own.
        std::fs::write(dep.join("d.go"), "package dep // edited\n").unwrap();
        assert!(fresh().lookup("k", &pkg, &files, &unresolved).is_none());
        std::fs::write(dep.join("d.go"), "package dep\n").unwrap();
        assert!(fresh().lookup("k", &pkg, &files, &unresolved).is_some());
        std::fs::write(pkg.join("b.go"), "package pkg\n").unwrap();
        assert!(
            fresh().lookup("k", &pkg, &files, &unresolved).is_none(),
            "a new file"
        );
        std::fs::remove_file(pkg.join("b.go")).unwrap();
        // A go.mod above the package appears.
        std::fs::write(tmp.path().join("go.mod"), "module m\n").unwrap();
        assert!(fresh().lookup("k", &pkg, &files, &unresolved).is_none());
    }

    #[test]
    fn a_dependency_modified_during_the_run_is_not_kept() {
        let (tmp, pkg, dep) = package_and_dependency();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let cache = Cache::open(&tmp.path().join("cache")).unwrap();
        let own = cache.own_hash(&pkg, &[]);
        // (Past the coarse clock that stamps files.)
        std::thread::sleep(std::time::Duration::from_millis(20));
        // The dependency changes after the run began: what the check read of it
        // may be the old code, while its hash now is that of the new one.
        std::fs::write(dep.join("d.go"), "package dep // edited\n").unwrap();
        let deps = std::slice::from_ref(&dep);
        cache.store("k", &pkg, &[], own, deps, &[], &[report("a.go", "x")]);
        assert_eq!(cache.written(), 0);
        // A run that began after the change keeps it.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let cache = Cache::open(&tmp.path().join("cache")).unwrap();
        let own = cache.own_hash(&pkg, &[]);
        cache.store("k", &pkg, &[], own, deps, &[], &[report("a.go", "x")]);
        assert_eq!(cache.written(), 1);
    }

    #[test]
    fn a_damaged_entry_is_ignored_and_eviction_keeps_the_newest() {
        let tmp = tempfile::tempdir().unwrap();
        let pkg = tmp.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("a.go"), "package pkg\n").unwrap();
        let cache = Cache::open(&tmp.path().join("cache")).unwrap();
        let own = cache.own_hash(&pkg, &[]);
        cache.store("k", &pkg, &[], own, &[], &[], &[report("a.go", "x")]);
        let path = cache.entry_path("k", &pkg);
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
        assert!(
            cache.lookup("k", &pkg, &[], &unresolved).is_none(),
            "truncated"
        );
        std::fs::write(&path, b"\x00garbage").unwrap();
        assert!(
            cache.lookup("k", &pkg, &[], &unresolved).is_none(),
            "garbage"
        );
        std::fs::write(&path, &whole).unwrap();
        assert!(cache.lookup("k", &pkg, &[], &unresolved).is_some());

        // Eviction: with room for one entry, the one used last stays.
        let other = tmp.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("o.go"), "package other\n").unwrap();
        let own = cache.own_hash(&other, &[]);
        cache.store("k", &other, &[], own, &[], &[], &[report("o.go", "y")]);
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .append(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        cache.evict(size + size / 2);
        assert!(!path.exists(), "the entry used longest ago is evicted");
        assert!(cache.entry_path("k", &other).exists());
    }
}
