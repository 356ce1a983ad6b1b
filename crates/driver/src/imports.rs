//! Where an import's code is on disk, as the go command would build it, and
//! reading it for the program's package views (see `gdr_core::program`).
//!
//! - The standard library: `$GOROOT/src` (GOROOT from the environment, else
//!   from `go env GOROOT` when a go command is on the PATH). It is one module
//!   (`std`, and `cmd` under `src/cmd`), with its own `vendor/`.
//! - The importer's module (the nearest `go.mod` above it): its packages, unless
//!   the directory belongs to a nested module (a `go.mod` of its own).
//! - Other modules' packages only from a main module (one whose packages the run
//!   checks, not replaced by another one's `replace`: see [`GoLoader::checking`]).
//! - The `go.work` that GOWORK names, else one above the module (none with
//!   `GOWORK=off`): the modules it uses.
//! - A dependency: `vendor/` when the module vendors (`vendor/modules.txt`, and
//!   GOFLAGS has no `-mod=mod` or `-mod=readonly`), else
//!   the module cache (`$GOMODCACHE`, else `$GOPATH/pkg/mod`, else
//!   `~/go/pkg/mod`) at exactly the version `go.mod` requires (after its
//!   `replace` directives), and only when go.mod lists selected versions
//!   (`go 1.17` or later). Nothing is ever fetched: a module not there is unknown,
//!   and so is every dependency when GOFLAGS has `-modfile` (another go.mod
//!   decides the versions).

use crate::files::go_files_in;
use gdr_core::package::ViewBuilder;
use gdr_core::program::{Located, PackageLoader};
use gdr_core::semantic::module::{
    escape, is_std_path, replacement, within, GoMod, GoWork, Replace,
};
use gdr_core::summary::SourceReader;
use gdr_core::SourceFile;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// The texts files had before this run rewrote them in place: a package view
/// loaded later must see the code the run started from, whatever the order in
/// which directories are processed.
///
/// Keyed by canonical path: the run names a file as the walk found it
/// (`./b/b.go`), a loaded package by its canonical directory. A reader holds the
/// lock while it reads the disk, and [`Originals::keep`] is called before the
/// file is written: a read sees either the file before it is written, or the
/// text kept.
#[derive(Default)]
pub struct Originals(RwLock<HashMap<PathBuf, Arc<str>>>);

impl Originals {
    /// Remember `text` as the original of `path` (before writing it).
    pub fn keep(&self, path: &Path, text: &str) {
        let path = canonical(path);
        let mut m = self.0.write().unwrap_or_else(|e| e.into_inner());
        m.entry(path).or_insert_with(|| Arc::from(text));
    }

    /// The text of `path` as the run found it.
    pub fn read(&self, path: &Path) -> Option<Vec<u8>> {
        self.with(path, |kept| match kept {
            Some(t) => Some(t.as_bytes().to_vec()),
            None => std::fs::read(path).ok(),
        })
    }

    /// Bytes `range` of `path`, a file of `len` bytes as the run found it.
    fn read_range(&self, path: &Path, len: usize, range: Range<usize>) -> Option<Vec<u8>> {
        self.with(path, |kept| match kept {
            Some(text) => (text.len() == len)
                .then(|| text.as_bytes().get(range.clone()).map(<[u8]>::to_vec))
                .flatten(),
            None => crate::files::read_range(path, len, range.clone()),
        })
    }

    /// `read` of the text kept for `path`, if any, under the lock (which the
    /// disk read in `read` then holds too). Nothing is kept unless the run
    /// rewrites in place: then only is the path made canonical to look it up.
    fn with<T>(&self, path: &Path, read: impl FnOnce(Option<&str>) -> T) -> T {
        let m = self.0.read().unwrap_or_else(|e| e.into_inner());
        if m.is_empty() {
            return read(None);
        }
        read(m.get(&canonical(path)).map(|t| &**t))
    }
}

/// Reads part of a file again for a loaded package's summaries, as the run
/// found it.
struct OriginalReader(Arc<Originals>);

impl SourceReader for OriginalReader {
    fn read(&self, path: &Path, len: usize, range: Range<usize>) -> Option<Vec<u8>> {
        self.0.read_range(path, len, range)
    }
}

/// A module of a workspace: its path, root, and what its go.mod requires.
type WorkModule = (String, PathBuf, Vec<(String, String)>);

/// A module: its root directory and go.mod, and the workspace around it.
struct Module {
    root: PathBuf,
    gomod: GoMod,
    /// `vendor/modules.txt` exists: dependencies come from `vendor/`.
    vendors: bool,
    /// The modules of the `go.work` above it, with their roots and what their
    /// go.mod requires (it among them).
    workspace: Option<Vec<WorkModule>>,
    work_replaces: Vec<Replace>,
}

/// Which go.work the go command uses (GOWORK).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Work {
    /// Unset or empty: a go.work in the module's directory or above it.
    #[default]
    Search,
    /// `off`.
    Off,
    /// This file.
    File(PathBuf),
}

/// What the go command's environment says of go.work, go.mod and vendor/.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoEnv {
    pub work: Work,
    /// GOFLAGS' `-mod`: Some(true) for `vendor`, Some(false) for `mod` or
    /// `readonly` (vendor/ is not used); None: vendor/ when it is there.
    pub vendor: Option<bool>,
    /// GOFLAGS has `-modfile`: another go.mod than the module's decides the
    /// versions of its dependencies.
    pub modfile: bool,
}

impl GoEnv {
    /// From the values of GOWORK and GOFLAGS.
    pub fn parse(gowork: Option<&std::ffi::OsStr>, goflags: Option<&str>) -> GoEnv {
        let work = match gowork {
            None => Work::Search,
            Some(v) if v.is_empty() => Work::Search,
            Some(v) if v == "off" => Work::Off,
            Some(v) => Work::File(PathBuf::from(v)),
        };
        let mut env = GoEnv {
            work,
            ..GoEnv::default()
        };
        // The go command splits GOFLAGS at blanks; each is `-flag=value` (or
        // `--flag=value`), the last one of a flag winning.
        for flag in goflags.unwrap_or("").split_whitespace() {
            let flag = flag.strip_prefix("--").or_else(|| flag.strip_prefix('-'));
            match flag.and_then(|f| f.split_once('=')) {
                Some(("mod", v)) => env.vendor = Some(v == "vendor"),
                Some(("modfile", v)) => env.modfile = !v.is_empty(),
                _ => {}
            }
        }
        env
    }
}

/// The go command's settings file (`go env -w` writes it: `GOENV`, else
/// `$XDG_CONFIG_HOME/go/env` or `~/.config/go/env`): a variable set in the
/// process environment wins over it, as for the go command.
struct GoEnvFile(HashMap<String, String>);

impl GoEnvFile {
    fn read() -> Self {
        let path = match std::env::var_os("GOENV") {
            Some(p) if p == "off" => None,
            Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
            _ => std::env::var_os("XDG_CONFIG_HOME")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
                .map(|c| c.join("go").join("env")),
        };
        let text = path
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        GoEnvFile(
            text.lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect(),
        )
    }

    fn var(&self, name: &str) -> Option<std::ffi::OsString> {
        std::env::var_os(name).or_else(|| self.0.get(name).map(Into::into))
    }
}

/// The loader of a run.
pub struct GoLoader {
    goroot: Option<(PathBuf, String)>,
    modcache: Option<PathBuf>,
    env: GoEnv,
    /// The roots of the main modules (see [`GoLoader::checking`]); None: every
    /// module is one.
    main: Option<HashSet<PathBuf>>,
    originals: Arc<Originals>,
    /// Directory → the module it belongs to (None: none found).
    modules: Mutex<HashMap<PathBuf, Option<Arc<Module>>>>,
    /// GOTOOLCHAIN does not name another Go than the one found: the go command
    /// builds with this standard library (unless a go.mod needs a newer one).
    toolchain_is_local: bool,
}

impl GoLoader {
    /// A loader that finds GOROOT and the module cache from the environment.
    pub fn from_environment(originals: Arc<Originals>) -> Self {
        let file = GoEnvFile::read();
        let var = |name: &str| file.var(name);
        let goroot = var("GOROOT")
            .map(PathBuf::from)
            .filter(|p| p.join("src").is_dir())
            .or_else(go_env_goroot)
            .and_then(|root| {
                let version = std::fs::read_to_string(root.join("VERSION")).ok()?;
                let version = version.lines().next()?.trim().to_string();
                Some((root, version))
            });
        let modcache = var("GOMODCACHE")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                let gopath = var("GOPATH").filter(|v| !v.is_empty());
                let first = gopath
                    .as_ref()
                    .and_then(|g| std::env::split_paths(g).next())
                    .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join("go")))?;
                Some(first.join("pkg").join("mod"))
            });
        let toolchain = var("GOTOOLCHAIN").and_then(|v| v.into_string().ok());
        let toolchain_is_local = match (toolchain.as_deref(), &goroot) {
            (Some(t), Some((_, version))) if t.starts_with("go") => {
                let named = t.split('+').next().unwrap_or(t);
                gdr_core::semantic::module::go_version(named)
                    == gdr_core::semantic::module::go_version(version)
            }
            _ => true,
        };
        let goflags = var("GOFLAGS").and_then(|v| v.into_string().ok());
        let env = GoEnv::parse(var("GOWORK").as_deref(), goflags.as_deref());
        let mut loader = Self::new(goroot, modcache, env, originals);
        loader.toolchain_is_local = toolchain_is_local;
        loader
    }

    pub fn new(
        goroot: Option<(PathBuf, String)>,
        modcache: Option<PathBuf>,
        env: GoEnv,
        originals: Arc<Originals>,
    ) -> Self {
        let goroot = goroot.map(|(r, v)| (canonical(&r), v));
        GoLoader {
            goroot,
            modcache: modcache.map(|m| canonical(&m)),
            env,
            main: None,
            originals,
            modules: Mutex::new(HashMap::new()),
            toolchain_is_local: true,
        }
    }

    /// The directories whose packages the run checks. Their modules, and the
    /// modules of their workspaces, are the main modules: the only ones whose
    /// imports of other modules are followed. A module reached as another's
    /// dependency (by a `replace` with a directory, like one in the module cache)
    /// is built with the versions the main module selects, which its own go.mod
    /// does not say, and without its own `replace`s. A module that a main module
    /// replaces with its directory is not a main one even when the run checks it:
    /// its code is built both ways.
    pub fn checking<P: AsRef<Path>>(mut self, dirs: impl IntoIterator<Item = P>) -> Self {
        let mut main = HashSet::new();
        let mut replaced = HashSet::new();
        for dir in dirs {
            let Some(m) = self.module_of(&canonical(dir.as_ref())) else {
                continue;
            };
            let roots = match &m.workspace {
                Some(ws) => ws.iter().map(|(_, r, _)| r.clone()).collect(),
                None => vec![m.root.clone()],
            };
            for root in roots {
                if main.contains(&root) {
                    continue;
                }
                if let Some(rm) = self.module_of(&root) {
                    replaced.extend(
                        rm.gomod
                            .replaces
                            .iter()
                            .chain(&rm.work_replaces)
                            .filter(|r| r.new_version.is_none())
                            .map(|r| canonical(&rm.root.join(&r.new))),
                    );
                }
                main.insert(root);
            }
        }
        main.retain(|r| !replaced.contains(r));
        self.main = Some(main);
        self
    }

    /// What the loader resolves imports with, as text, for the result cache's
    /// key: GOROOT and its version, the module cache, GOWORK and GOFLAGS as read,
    /// and the main modules.
    pub fn fingerprint(&self) -> String {
        let mut main: Vec<&PathBuf> = self.main.iter().flatten().collect();
        main.sort();
        format!(
            "goroot={:?} modcache={:?} env={:?} local_toolchain={} main={main:?}",
            self.goroot, self.modcache, self.env, self.toolchain_is_local
        )
    }

    fn std_src(&self) -> Option<(&Path, &str)> {
        self.goroot.as_ref().map(|(r, v)| (r.as_path(), v.as_str()))
    }

    /// The module of the directory `dir` (its nearest go.mod).
    fn module_of(&self, dir: &Path) -> Option<Arc<Module>> {
        if let Some(m) = self
            .modules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir)
        {
            return m.clone();
        }
        let found = match dir.join("go.mod").is_file() {
            true => read_module(dir, &self.env),
            false => dir.parent().and_then(|p| self.module_of(p)),
        };
        self.modules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The directory of package `rest` (a path below the module) in the module
    /// rooted at `root`, when no nested module owns it.
    fn in_module(&self, root: &Path, rest: &str) -> Option<PathBuf> {
        let dir = if rest.is_empty() {
            root.to_path_buf()
        } else {
            root.join(rest)
        };
        if !dir.is_dir() {
            return None;
        }
        // A go.mod between the root and the package makes it another module's.
        let mut d = dir.clone();
        while d != root {
            if d.join("go.mod").is_file() {
                return None;
            }
            d = d.parent()?.to_path_buf();
        }
        Some(dir)
    }

    fn in_cache(&self, module: &str, version: &str, rest: &str) -> Option<PathBuf> {
        let cache = self.modcache.as_ref()?;
        let root = cache.join(format!("{}@{}", escape(module), escape(version)));
        self.in_module(&root, rest)
    }

    fn locate_in(&self, m: &Module, path: &str) -> Option<Located> {
        let (goroot_src, goversion) = self
            .std_src()
            .map(|(r, v)| (r.join("src"), v.to_string()))
            .unzip();
        let std_module = goroot_src.as_ref().is_some_and(|s| m.root.starts_with(s));
        // The module's own packages (std's paths have no module prefix).
        let own = match m.gomod.module.as_str() {
            "std" if std_module => is_std_path(path).then_some(path),
            module => within(path, module).then(|| path[module.len()..].trim_start_matches('/')),
        };
        if let Some(rest) = own {
            let dir = self.in_module(&m.root, rest)?;
            let provenance = match goversion.as_deref().filter(|_| std_module) {
                Some(v) => format!("std ({v})"),
                None => format!("module {}", m.gomod.module),
            };
            return Some(Located {
                dir,
                provenance: Arc::from(provenance),
            });
        }
        // The standard library: the one of the Go found, unless the go command
        // would switch to another toolchain to build this module.
        if is_std_path(path) {
            let src = goroot_src?;
            let version = goversion.as_deref().unwrap_or_default();
            if !self.toolchain_is_local || m.gomod.needs_newer_go_than(version) {
                return None;
            }
            let dir = self.in_module(&src, path)?;
            return Some(Located {
                dir,
                provenance: Arc::from(format!("std ({version})")),
            });
        }
        // Only a main module's imports of other modules are known.
        if !std_module
            && self
                .main
                .as_ref()
                .is_some_and(|main| !main.contains(&m.root))
        {
            return None;
        }
        // The workspace's modules.
        if let Some(ws) = &m.workspace {
            if let Some((module, root, _)) = ws
                .iter()
                .filter(|(module, _, _)| within(path, module))
                .max_by_key(|(module, _, _)| module.len())
            {
                let dir = self.in_module(root, path[module.len()..].trim_start_matches('/'))?;
                return Some(Located {
                    dir,
                    provenance: Arc::from(format!("module {module} (go.work)")),
                });
            }
        }
        // A dependency, at the version go.mod requires. Not for a module in the
        // module cache: the program that builds it may select newer versions of
        // its dependencies than its own go.mod requires. Not with `-modfile`:
        // another go.mod requires them (std is built with its own go.mod).
        if (!std_module && (self.env.modfile || !m.gomod.lists_selected_versions()))
            || self
                .modcache
                .as_ref()
                .is_some_and(|c| m.root.starts_with(c))
        {
            return None;
        }
        let (module, version) = m.gomod.provider(path)?;
        // In a workspace the go command selects one version for all its modules:
        // known only when every module that requires it requires that one.
        if let Some(ws) = &m.workspace {
            let agree = ws
                .iter()
                .all(|(_, _, reqs)| reqs.iter().all(|(rm, rv)| rm != module || rv == version));
            if !agree {
                return None;
            }
        }
        let rest = path[module.len()..].trim_start_matches('/');
        // `-mod=mod` or `-mod=readonly` builds from the module cache, `-mod=vendor`
        // from vendor/; std always from its vendor/.
        let vendors = match self.env.vendor {
            Some(v) if !std_module => v && m.workspace.is_none(),
            _ => m.vendors,
        };
        if vendors {
            let dir = m.root.join("vendor").join(path);
            return dir.is_dir().then(|| Located {
                dir,
                provenance: Arc::from(format!("{module} {version} (vendor)")),
            });
        }
        let replaced = replacement(&m.work_replaces, module, version)
            .or_else(|| replacement(&m.gomod.replaces, module, version));
        match replaced {
            Some(Replace {
                new,
                new_version: None,
                ..
            }) => {
                let root = canonical(&m.root.join(new));
                let dir = self.in_module(&root, rest)?;
                Some(Located {
                    dir,
                    provenance: Arc::from(format!("{module} => {new} (replace)")),
                })
            }
            Some(Replace {
                new,
                new_version: Some(v),
                ..
            }) => {
                let dir = self.in_cache(new, v, rest)?;
                Some(Located {
                    dir,
                    provenance: Arc::from(format!("{module} => {new} {v} (module cache)")),
                })
            }
            None => {
                let dir = self.in_cache(module, version, rest)?;
                Some(Located {
                    dir,
                    provenance: Arc::from(format!("{module} {version} (module cache)")),
                })
            }
        }
    }
}

impl PackageLoader for GoLoader {
    fn locate(&self, from: &Path, path: &str) -> Option<Located> {
        // cgo's `C`, and the runtime: its functions are the compiler's and the
        // scheduler's (assembly, intrinsics, `runtime.Goexit` ending the goroutine
        // with deferred calls run), not code whose body says what it does.
        let runtime = path == "runtime"
            || path.starts_with("runtime/")
            || path.starts_with("internal/runtime/");
        if runtime
            || path == "C"
            || path == "unsafe"
            || path.starts_with('.')
            || path.contains("..")
        {
            return None;
        }
        let from = canonical(from);
        // Std's code: its module is GOROOT/src (or src/cmd), whatever the files say.
        let m = self.module_of(&from)?;
        let mut located = self.locate_in(&m, path)?;
        located.dir = canonical(&located.dir);
        Some(located)
    }

    fn has_internal_tests(&self, dir: &Path) -> bool {
        let mut clauses = HashSet::new();
        let mut tests = Vec::new();
        for p in go_files_in(dir) {
            let Some(bytes) = self.originals.read(&p) else {
                return true;
            };
            let text = String::from_utf8_lossy(&bytes);
            let clause = gdr_core::source::package_clause_name(&text).map(str::to_string);
            if crate::files::is_test_file(&p) {
                tests.push(clause);
            } else {
                clauses.extend(clause);
            }
        }
        // An external test package is `p_test`; a test file of any other clause
        // (or of the package's own, whatever it is called) is compiled into it.
        tests.iter().any(|t| {
            t.as_ref()
                .is_none_or(|t| !t.ends_with("_test") || clauses.contains(t))
        })
    }

    fn in_std(&self, dir: &Path) -> bool {
        self.std_src()
            .is_some_and(|(root, _)| canonical(dir).starts_with(root.join("src")))
    }

    fn load(&self, dir: &Path, builder: &mut ViewBuilder) -> bool {
        builder.read_through(Arc::new(OriginalReader(Arc::clone(&self.originals))));
        // The non-test files of the package: those of its package clause (see
        // package_of).
        let mut files: Vec<(PathBuf, String)> = Vec::new();
        for p in go_files_in(dir) {
            if crate::files::is_test_file(&p) {
                continue;
            }
            let Some(bytes) = self.originals.read(&p) else {
                return false;
            };
            let Ok(text) = String::from_utf8(bytes) else {
                return false;
            };
            files.push((p, text));
        }
        let names: Vec<Option<String>> = files
            .iter()
            .map(|(_, t)| gdr_core::source::package_clause_name(t).map(str::to_string))
            .collect();
        let Some(name) = package_of(&files, &names) else {
            return false;
        };
        for ((path, text), clause) in files.into_iter().zip(names) {
            if clause.as_deref() != Some(name.as_str()) {
                continue;
            }
            let file = Arc::new(SourceFile::parse_declarations_for_view(&path, text));
            builder.add_on_disk(&file);
        }
        true
    }
}

/// The package clause of a package's non-test `files` (`names`: each one's
/// clause): that of the files in every build, which are always compiled
/// together (a file of another clause, like a `//go:build ignore` generator of
/// package main, is never built with them, however many there are). With none,
/// the files of some builds must agree: which of them a build takes is not
/// known here. None when it is not clear, or a file has no readable clause.
fn package_of(files: &[(PathBuf, String)], names: &[Option<String>]) -> Option<String> {
    use gdr_core::semantic::build::{file_build, FileBuild};
    let builds: Vec<FileBuild> = files.iter().map(|(p, t)| file_build(p, t)).collect();
    let clauses_of = |wanted: FileBuild| -> Option<HashSet<&str>> {
        names
            .iter()
            .zip(&builds)
            .filter(|(_, b)| **b == wanted)
            .map(|(n, _)| n.as_deref())
            .collect()
    };
    let mut clauses = clauses_of(FileBuild::Always)?;
    if clauses.is_empty() {
        clauses = clauses_of(FileBuild::Some)?;
    }
    let mut clauses = clauses.into_iter();
    match (clauses.next(), clauses.next()) {
        (Some(name), None) => Some(name.to_string()),
        _ => None,
    }
}

fn read_module(root: &Path, env: &GoEnv) -> Option<Arc<Module>> {
    let text = std::fs::read_to_string(root.join("go.mod")).ok()?;
    let gomod = GoMod::parse(&text)?;
    let vendors = root.join("vendor").join("modules.txt").is_file();
    // The go.work GOWORK names, else one in the module's directory or above it.
    let work = match &env.work {
        Work::Off => None,
        Work::File(file) => Some(file.clone()),
        Work::Search => root
            .ancestors()
            .map(|d| d.join("go.work"))
            .find(|f| f.is_file()),
    };
    let (workspace, work_replaces) = match work.and_then(|f| workspace_of(root, &f)) {
        Some((modules, replaces)) => (Some(modules), replaces),
        None => (None, Vec::new()),
    };
    Some(Arc::new(Module {
        root: root.to_path_buf(),
        gomod,
        vendors: vendors && workspace.is_none(),
        workspace,
        work_replaces,
    }))
}

/// The modules of the go.work `file` and its replacements, when it uses the
/// module rooted at `root` (only a workspace that uses a module builds it).
fn workspace_of(root: &Path, file: &Path) -> Option<(Vec<WorkModule>, Vec<Replace>)> {
    let text = std::fs::read_to_string(file).ok()?;
    let dir = file.parent()?;
    let work = GoWork::parse(&text);
    let mut modules = Vec::new();
    for u in &work.uses {
        let r = canonical(&dir.join(u));
        if let Some(m) = std::fs::read_to_string(r.join("go.mod"))
            .ok()
            .and_then(|t| GoMod::parse(&t))
        {
            modules.push((m.module, r, m.requires));
        }
    }
    modules
        .iter()
        .any(|(_, r, _)| r == root)
        .then_some((modules, work.replaces))
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn go_env_goroot() -> Option<PathBuf> {
    // (GOTOOLCHAIN=local: asking must not download a toolchain.)
    let out = std::process::Command::new("go")
        .args(["env", "GOROOT"])
        .env("GOTOOLCHAIN", "local")
        .output()
        .ok()?;
    let root = String::from_utf8(out.stdout).ok()?;
    let root = PathBuf::from(root.trim());
    root.join("src").is_dir().then_some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The package of a directory is that of its files in every build, however
    /// many `//go:build ignore` generators of package main it holds; files of
    /// some builds only must agree.
    #[test]
    fn the_package_clause_is_that_of_the_files_in_every_build() {
        let package = |files: &[(&str, &str)]| {
            let files: Vec<(PathBuf, String)> = files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), t.to_string()))
                .collect();
            let names: Vec<Option<String>> = files
                .iter()
                .map(|(_, t)| gdr_core::source::package_clause_name(t).map(str::to_string))
                .collect();
            package_of(&files, &names)
        };
        let calc = ("calc.go", "package calc\n");
        let gen = |name| (name, "//go:build ignore\n\npackage main\n");
        assert_eq!(
            package(&[calc, gen("gen_a.go"), gen("gen_b.go")]).as_deref(),
            Some("calc")
        );
        assert_eq!(package(&[calc, ("d.go", "package d\n")]), None);
        let linux = ("x_linux.go", "package x\n");
        let other = ("x_other.go", "//go:build !linux\n\npackage x\n");
        assert_eq!(package(&[linux, other]).as_deref(), Some("x"));
        assert_eq!(package(&[linux, gen("gen.go")]), None, "which one is built");
    }

    /// A loaded view reads each file's text once, as the view of a checked
    /// package does: a package variable set to `errors.New(..)` by its
    /// declaration and never assigned again is an error value (its dynamic type a
    /// pointer, so comparing an interface with it cannot panic); one assigned
    /// elsewhere in the package is not.
    #[test]
    fn a_loaded_package_knows_its_error_values_as_a_checked_one_does() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("h.go"),
            "package h\n\nimport \"errors\"\n\nvar errClosed = errors.New(\"closed\")\n\n\
             var errReset = errors.New(\"reset\")\n\nfunc Reset() { errReset = nil }\n",
        )
        .expect("write");
        let loader = GoLoader::new(None, None, GoEnv::default(), Arc::default());
        let mut builder = gdr_core::package::PackageView::builder(&[]);
        assert!(loader.load(dir.path(), &mut builder));
        let view = builder.finish();
        assert!(view.is_error_value("errClosed"));
        assert!(!view.is_error_value("errReset"));
        let text = std::fs::read_to_string(dir.path().join("h.go")).expect("read");
        assert_eq!(view.source_bytes(), text.len(), "each file counted once");
    }
}
