//! `--profile`: reading the CPU profile (the core decodes it), and what the run
//! needs to match each file's functions to it: the file's package import path and
//! its path relative to its module's root.

use gdr_core::config::ProfileSource;
use gdr_core::profile::{Attribution, ProfileError};
use gdr_core::semantic::module::GoMod;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The profile of a run (one per config that names one) and what the run found in it.
pub struct RunProfile {
    pub attribution: Arc<Attribution>,
    pub hot_threshold: Option<f64>,
    /// Directory → (module root, module path), None without a go.mod above.
    modules: Mutex<HashMap<PathBuf, Option<(PathBuf, String)>>>,
    /// Findings whose function the profile has.
    pub matched: AtomicUsize,
    /// Profile functions with a fix applied (or to apply, in analyze mode).
    pub rewritten: Mutex<HashSet<usize>>,
}

/// The import path and module-relative path of a file.
pub struct FileIdentity {
    pub import_path: Option<String>,
    pub module_file: String,
}

impl RunProfile {
    pub fn new(attribution: Arc<Attribution>, hot_threshold: Option<f64>) -> Self {
        RunProfile {
            attribution,
            hot_threshold,
            modules: Mutex::new(HashMap::new()),
            matched: AtomicUsize::new(0),
            rewritten: Mutex::new(HashSet::new()),
        }
    }

    /// Who `path` is for the profile's names and file paths.
    pub fn identity(&self, path: &Path) -> FileIdentity {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let module = {
            let mut m = self.modules.lock().unwrap_or_else(|e| e.into_inner());
            m.entry(dir.clone())
                .or_insert_with(|| module_of(&dir))
                .clone()
        };
        match module {
            Some((root, module)) => {
                let rel = abs.strip_prefix(&root).unwrap_or(&abs);
                let module_file = slashed(rel);
                let rel_dir = rel.parent().map(slashed).unwrap_or_default();
                let import_path = if rel_dir.is_empty() {
                    module
                } else if module == "std" {
                    // The standard library's packages are named by their directory.
                    rel_dir
                } else {
                    format!("{module}/{rel_dir}")
                };
                FileIdentity {
                    import_path: Some(import_path),
                    module_file,
                }
            }
            // No module: only the path as given can match (GOPATH-era code).
            None => FileIdentity {
                import_path: None,
                module_file: slashed(path.strip_prefix(".").unwrap_or(path)),
            },
        }
    }

    /// Does the profile have code of any of `files` (a file of the profile whose
    /// path ends with one's module-relative path)?
    pub fn has_any_of<'f>(&self, files: impl IntoIterator<Item = &'f Path>) -> bool {
        let ours: HashSet<String> = files
            .into_iter()
            .map(|f| self.identity(f).module_file)
            .collect();
        let theirs: HashSet<&str> = self
            .attribution
            .functions
            .iter()
            .map(|f| f.file.as_str())
            .collect();
        theirs.into_iter().any(|file| {
            let file = file.replace('\\', "/");
            let mut rest = file.as_str();
            loop {
                if ours.contains(rest) {
                    return true;
                }
                match rest.split_once('/') {
                    Some((_, tail)) => rest = tail,
                    None => return false,
                }
            }
        })
    }

    /// Record the findings of a file: those the profile has, and the functions
    /// whose fixes are applied.
    pub fn record<'d>(
        &self,
        findings: impl IntoIterator<Item = &'d gdr_core::Diagnostic>,
        applied: impl IntoIterator<Item = usize>,
    ) {
        let n = findings.into_iter().filter(|d| d.profile.is_some()).count();
        self.matched.fetch_add(n, Ordering::Relaxed);
        let mut set = self.rewritten.lock().unwrap_or_else(|e| e.into_inner());
        set.extend(applied);
    }
}

fn slashed(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The nearest go.mod at or above `dir`: its directory and module path.
fn module_of(dir: &Path) -> Option<(PathBuf, String)> {
    let mut d = Some(dir);
    while let Some(cur) = d {
        if let Ok(text) = std::fs::read_to_string(cur.join("go.mod")) {
            let m = GoMod::parse(&text)?;
            return (!m.module.is_empty()).then(|| (cur.to_path_buf(), m.module));
        }
        d = cur.parent();
    }
    None
}

/// Read and decode one profile file: errors name the file and say what it is.
fn read_one(path: &Path, attribution: &mut Attribution) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "--profile: cannot read `{}`: {}",
            path.display(),
            crate::files::io_reason(&e)
        )
    })?;
    let profile = gdr_core::profile::decode(&bytes).map_err(|e| bad(path, &e))?;
    attribution.add(&profile).map_err(|e| bad(path, &e))
}

fn bad(path: &Path, e: &ProfileError) -> String {
    format!("--profile: `{}` {e}", path.display())
}

/// Load the profile `source` names. For `auto`: every `default.pgo` beside the
/// files of a `package main` among the walked directories, merged (shares are then
/// of all their samples together).
pub fn load(
    source: &ProfileSource,
    walked: &BTreeSet<PathBuf>,
) -> Result<(Attribution, String), String> {
    let mut attribution = Attribution::default();
    match source {
        ProfileSource::File(path) => {
            read_one(path, &mut attribution)?;
            Ok((attribution, format!("`{}`", path.display())))
        }
        ProfileSource::Auto => {
            let found: Vec<PathBuf> = walked
                .iter()
                .map(|d| d.join("default.pgo"))
                .filter(|p| p.is_file() && is_main_package(p.parent().unwrap_or(Path::new("."))))
                .collect();
            if found.is_empty() {
                return Err("--profile auto: no `default.pgo` in a main package under the walked tree (put a CPU profile there, as for `go build -pgo=auto`, or give --profile FILE)".to_string());
            }
            for p in &found {
                read_one(p, &mut attribution)?;
            }
            let names: Vec<String> = found.iter().map(|p| format!("`{}`", p.display())).collect();
            Ok((attribution, names.join(", ")))
        }
    }
}

/// Does `dir` hold a non-test Go file of `package main`?
fn is_main_package(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name.ends_with(".go")
            && !name.ends_with("_test.go")
            && std::fs::read_to_string(e.path())
                .ok()
                .is_some_and(|t| gdr_core::source::package_clause_name(&t) == Some("main"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_paths_and_module_files() {
        let tmp = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let p = tmp.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("m/go.mod", "module example.com/m\n\ngo 1.22\n");
        write("m/a.go", "package m\n");
        write("m/internal/cache/c.go", "package cache\n");
        write("goroot/src/go.mod", "module std\n");
        write("goroot/src/net/http/server.go", "package http\n");
        let p = RunProfile::new(Arc::new(Attribution::default()), None);
        let id = |rel: &str| {
            let id = p.identity(&tmp.path().join(rel));
            (id.import_path, id.module_file)
        };
        assert_eq!(id("m/a.go"), (Some("example.com/m".into()), "a.go".into()));
        assert_eq!(
            id("m/internal/cache/c.go"),
            (
                Some("example.com/m/internal/cache".into()),
                "internal/cache/c.go".into()
            )
        );
        assert_eq!(
            id("goroot/src/net/http/server.go"),
            (Some("net/http".into()), "net/http/server.go".into())
        );
    }
}
