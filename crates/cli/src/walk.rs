//! Finding the Go files to process: roots, `.gitignore`-aware parallel walk, exclude globs.

use gdr_core::config::ExcludeGlob;
pub use gdr_driver::files::{io_reason, is_go_file, is_test_file, normalize};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A path given on the command line.
#[derive(Debug, Clone)]
pub struct Root {
    pub path: PathBuf,
    pub is_dir: bool,
}

/// Check that every root exists and can be read.
pub fn check_roots(paths: &[PathBuf]) -> Result<Vec<Root>, String> {
    paths
        .iter()
        .map(|p| {
            let meta = std::fs::metadata(p)
                .map_err(|e| format!("cannot read `{}`: {}", p.display(), io_reason(&e)))?;
            if meta.is_dir() {
                std::fs::read_dir(p).map_err(|e| {
                    format!("cannot read directory `{}`: {}", p.display(), io_reason(&e))
                })?;
            } else {
                std::fs::File::open(p)
                    .map_err(|e| format!("cannot read `{}`: {}", p.display(), io_reason(&e)))?;
            }
            Ok(Root {
                path: p.clone(),
                is_dir: meta.is_dir(),
            })
        })
        .collect()
}

/// The `exclude` globs of one directory's settings.
///
/// Every glob is matched against the path relative to the walked root; a glob from a
/// config file is also matched against the path relative to that file's folder (so a
/// config in a subtree excludes its own `gen/**` whichever directory is walked). A
/// glob without a `/` matches a name at any depth (as in `.gitignore`). A directory
/// is not entered when a glob matches it, or when a glob `D/**` has a `D` that does.
pub struct Excludes {
    walked: Sets,
    /// Absolute folder of a config file, and its globs.
    based: Vec<(PathBuf, Sets)>,
}

struct Sets {
    files: GlobSet,
    dirs: GlobSet,
}

impl Sets {
    fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut files = GlobSetBuilder::new();
        let mut dirs = GlobSetBuilder::new();
        for raw in patterns {
            for glob in gdr_core::config::exclude_forms(raw)? {
                files.add(glob.clone());
                dirs.add(glob.clone());
                if let Some(prefix) = glob.glob().strip_suffix("/**") {
                    dirs.add(
                        GlobBuilder::new(prefix)
                            .literal_separator(true)
                            .build()
                            .map_err(|e| format!("invalid exclude glob `{raw}`: {}", e.kind()))?,
                    );
                }
            }
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| format!("invalid exclude glob: {e}"));
        Ok(Sets {
            files: build(files)?,
            dirs: build(dirs)?,
        })
    }
}

impl Excludes {
    /// The globs of `patterns`; a relative config folder is taken from `cwd`.
    pub fn new(patterns: &[ExcludeGlob], cwd: &Path) -> Result<Self, String> {
        let walked = Sets::new(patterns.iter().map(|p| p.glob.as_str()))?;
        let mut bases: BTreeMap<PathBuf, Vec<&str>> = BTreeMap::new();
        for p in patterns {
            if let Some(base) = &p.base {
                bases
                    .entry(gdr_core::config::lexical_normalize(&cwd.join(base)))
                    .or_default()
                    .push(&p.glob);
            }
        }
        let based = bases
            .into_iter()
            .map(|(base, globs)| Ok((base, Sets::new(globs)?)))
            .collect::<Result<_, String>>()?;
        Ok(Excludes { walked, based })
    }

    /// `rel`: the path relative to the walked root; `abs`: the absolute path.
    pub fn excludes_file(&self, rel: &Path, abs: &Path) -> bool {
        self.walked.files.is_match(rel) || self.based_match(abs, |s| &s.files)
    }

    pub fn excludes_dir(&self, rel: &Path, abs: &Path) -> bool {
        self.walked.dirs.is_match(rel) || self.based_match(abs, |s| &s.dirs)
    }

    fn based_match(&self, abs: &Path, set: impl Fn(&Sets) -> &GlobSet) -> bool {
        self.based.iter().any(|(base, sets)| {
            abs.strip_prefix(base)
                .is_ok_and(|rel| !rel.as_os_str().is_empty() && set(sets).is_match(rel))
        })
    }
}

/// What decides which files of a directory the walk takes.
pub struct DirRules {
    pub excludes: Arc<Excludes>,
    pub skip_test_files: bool,
}

/// The rules for a directory (by its path as walked); None when its settings could
/// not be read (the error is kept by the caller, and the directory is skipped).
pub type RulesFor = Arc<dyn Fn(&Path) -> Option<DirRules> + Send + Sync>;

/// What the walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// Go files to process, normalized, sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read while walking.
    pub errors: Vec<String>,
}

/// Walk the roots in parallel. Files named on the command line are always taken;
/// files found in directories are filtered by `.gitignore`, hidden names, and the
/// `exclude` and `skip_test_files` of their directory's settings (`rules`; whether
/// to enter a directory is decided by its parent's).
pub fn collect(roots: &[Root], rules: &RulesFor, cwd: &Path) -> Found {
    let cwd = Arc::new(cwd.to_path_buf());
    let files = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    for root in roots {
        if !root.is_dir {
            files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(normalize(&root.path));
            continue;
        }
        let base = Arc::new(root.path.clone());
        let filter_base = Arc::clone(&base);
        let filter_rules = Arc::clone(rules);
        let filter_cwd = Arc::clone(&cwd);
        let walker = WalkBuilder::new(&root.path)
            .hidden(true)
            .git_ignore(true)
            .git_global(true)
            .git_exclude(true)
            .parents(true)
            .require_git(false)
            .follow_links(false)
            .filter_entry(move |entry| {
                if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) {
                    return true;
                }
                let path = entry.path();
                let rel = path.strip_prefix(filter_base.as_path()).unwrap_or(path);
                let Some(rules) = filter_rules(path.parent().unwrap_or(Path::new("."))) else {
                    return false;
                };
                !rules
                    .excludes
                    .excludes_dir(rel, &absolute(&filter_cwd, path))
            })
            .build_parallel();
        walker.run(|| {
            let base = Arc::clone(&base);
            let cwd = Arc::clone(&cwd);
            let files = &files;
            let errors = &errors;
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        errors
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(walk_error(&e));
                        return WalkState::Continue;
                    }
                };
                let path = entry.path();
                if !entry.file_type().is_some_and(|t| t.is_file()) || !is_go_file(path) {
                    return WalkState::Continue;
                }
                let Some(dir_rules) = rules(path.parent().unwrap_or(Path::new("."))) else {
                    return WalkState::Continue;
                };
                if dir_rules.skip_test_files && is_test_file(path) {
                    return WalkState::Continue;
                }
                let rel = path.strip_prefix(base.as_path()).unwrap_or(path);
                if dir_rules.excludes.excludes_file(rel, &absolute(&cwd, path)) {
                    return WalkState::Continue;
                }
                files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(normalize(path));
                WalkState::Continue
            })
        });
    }
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    // (Sorted, then deduplicated in place: no second copy of a list that takes
    // megabytes on a large tree.)
    files.sort();
    files.dedup();
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    errors.sort();
    Found { files, errors }
}

/// `path` from `cwd`, without `.` and `..`.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    gdr_core::config::lexical_normalize(&cwd.join(path))
}

fn walk_error(e: &ignore::Error) -> String {
    // The innermost error says which path and why.
    let mut err = e;
    let mut path = None;
    loop {
        match err {
            ignore::Error::WithPath {
                path: p,
                err: inner,
            } => {
                path = Some(p.clone());
                err = inner;
            }
            ignore::Error::WithDepth { err: inner, .. }
            | ignore::Error::WithLineNumber { err: inner, .. } => err = inner,
            ignore::Error::Io(io) => {
                return match path {
                    Some(p) => format!("cannot read `{}`: {}", p.display(), io_reason(io)),
                    None => format!("cannot read: {}", io_reason(io)),
                };
            }
            other => {
                return match path {
                    Some(p) => format!("cannot read `{}`: {other}", p.display()),
                    None => other.to_string(),
                };
            }
        }
    }
}

/// Files grouped by their directory, in path order.
/// (The paths are moved, not copied: on a large tree the list of files takes
/// megabytes, for the whole run.)
pub fn by_directory(files: Vec<PathBuf>) -> BTreeMap<PathBuf, Vec<PathBuf>> {
    let mut dirs: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        let dir = match f.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        dirs.entry(dir).or_default().push(f);
    }
    dirs
}

/// FNV-1a, 64 bits: a hash that is the same on every machine and every run (std's
/// `DefaultHasher` is not guaranteed to be), for `--shard`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The path of `file` relative to the deepest walked directory containing it, with `/`
/// separators: what `--shard` hashes, so a shard does not depend on where the tree is.
pub fn shard_key(file: &Path, roots: &[Root]) -> String {
    let rel = roots
        .iter()
        .filter(|r| r.is_dir)
        .map(|r| normalize(&r.path))
        .filter_map(|root| {
            if root == Path::new(".") {
                (!file.is_absolute()).then_some((0, file))
            } else {
                file.strip_prefix(&root)
                    .ok()
                    .map(|rel| (root.components().count(), rel))
            }
        })
        .max_by_key(|(depth, _)| *depth)
        .map_or(file, |(_, rel)| rel);
    rel.to_string_lossy().replace('\\', "/")
}

/// Keep the files of shard `index` (0-based) of `count`.
pub fn shard(files: Vec<PathBuf>, roots: &[Root], index: u64, count: u64) -> Vec<PathBuf> {
    files
        .into_iter()
        .filter(|f| fnv1a(shard_key(f, roots).as_bytes()) % count == index)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_the_reference_function() {
        // Reference values of FNV-1a 64.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn shard_keys_are_relative_to_the_walked_directory() {
        let roots = [
            Root {
                path: PathBuf::from("./src/"),
                is_dir: true,
            },
            Root {
                path: PathBuf::from("src/inner"),
                is_dir: true,
            },
        ];
        assert_eq!(shard_key(Path::new("src/a/b.go"), &roots), "a/b.go");
        assert_eq!(shard_key(Path::new("src/inner/c.go"), &roots), "c.go");
        assert_eq!(shard_key(Path::new("other/d.go"), &roots), "other/d.go");
        let dot = [Root {
            path: PathBuf::from("."),
            is_dir: true,
        }];
        assert_eq!(shard_key(Path::new("p/x.go"), &dot), "p/x.go");
    }

    fn ex(globs: &[&str]) -> Excludes {
        let globs: Vec<ExcludeGlob> = globs.iter().map(|s| ExcludeGlob::new(*s, None)).collect();
        Excludes::new(&globs, Path::new("/w")).unwrap()
    }

    /// Matched as walked from `/w`.
    fn file(e: &Excludes, rel: &str) -> bool {
        e.excludes_file(Path::new(rel), &Path::new("/w").join(rel))
    }

    fn dir(e: &Excludes, rel: &str) -> bool {
        e.excludes_dir(Path::new(rel), &Path::new("/w").join(rel))
    }

    #[test]
    fn default_excludes() {
        let e = ex(gdr_core::config::DEFAULT_EXCLUDE);
        assert!(dir(&e, "vendor"));
        assert!(dir(&e, "a/b/vendor"));
        assert!(dir(&e, "testdata"));
        assert!(dir(&e, "pkg/testdata"));
        assert!(file(&e, "pkg/testdata/x.go"));
        assert!(!dir(&e, "pkg"));
        assert!(!file(&e, "pkg/vendored.go"));
    }

    #[test]
    fn bare_names_match_at_any_depth() {
        let e = ex(&["*.pb.go", "gen"]);
        assert!(file(&e, "a/b/x.pb.go"));
        assert!(file(&e, "x.pb.go"));
        assert!(dir(&e, "a/gen"));
        assert!(!file(&e, "a/x.go"));
    }

    #[test]
    fn a_config_glob_also_matches_below_its_config_folder() {
        let globs = [
            ExcludeGlob::new("gen/**", Some(PathBuf::from("sub"))),
            ExcludeGlob::new("old.go", None),
        ];
        let e = Excludes::new(&globs, Path::new("/w")).unwrap();
        // Walked from /w: `sub/gen` is `gen` below the config's folder /w/sub.
        assert!(dir(&e, "sub/gen"));
        assert!(file(&e, "sub/gen/x.go"));
        // And relative to the walked root, as before.
        assert!(dir(&e, "gen"));
        assert!(!dir(&e, "other/gen"));
        assert!(file(&e, "a/old.go"));
    }

    #[test]
    fn bad_glob_names_the_glob() {
        let err = Excludes::new(&[ExcludeGlob::new("a/[b", None)], Path::new("/w"))
            .err()
            .unwrap();
        assert!(err.contains("a/[b"), "{err}");
    }
}
