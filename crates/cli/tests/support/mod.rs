//! Helpers for the end-to-end tests: copy a fixture tree, run the binary, compare trees.

#![allow(dead_code)]

pub mod shapes;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The fixture trees, shared with other end-to-end material in the repository's `tests/`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// A fixture tree copied into a fresh temporary directory, under `name`.
pub struct Tree {
    /// Keeps the directory alive; removed on drop.
    pub tmp: tempfile::TempDir,
    /// The copy of the fixture.
    pub root: PathBuf,
}

impl Tree {
    /// Copy fixture `fixture` to `<tmp>/<as_name>`. A file named `dot-gitignore`
    /// becomes `.gitignore` (stored renamed so it does not hide files from this repository).
    pub fn copy_as(fixture: &str, as_name: &str) -> Tree {
        let tmp = tempfile::tempdir().expect("temporary directory");
        let root = tmp.path().join(as_name);
        copy_tree(&fixtures_dir().join(fixture), &root);
        Tree { tmp, root }
    }

    pub fn copy(fixture: &str) -> Tree {
        Tree::copy_as(fixture, fixture)
    }

    /// Copy the tree at `dir` (a fixture kept elsewhere) to `<tmp>/<as_name>`.
    pub fn copy_dir(dir: &Path, as_name: &str) -> Tree {
        let tmp = tempfile::tempdir().expect("temporary directory");
        let root = tmp.path().join(as_name);
        copy_tree(dir, &root);
        Tree { tmp, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Run the binary in the tree's root.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// Every file of the tree, by relative path.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        files_of(&self.root)
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("fixture {}: {e}", from.display()))
    {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let dest_name = if name == "dot-gitignore" {
            ".gitignore".into()
        } else {
            name
        };
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(dest_name));
        } else {
            std::fs::copy(entry.path(), to.join(dest_name)).unwrap();
        }
    }
}

/// Write `text` to `root/rel`, making its directory.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The body of a Go file after its package clause: a type whose method holds a
/// lock with a defer that DR001 rewrites (Safe).
pub const LOCKED_COUNTER: &str = "import \"sync\"

type C struct {
	mu sync.Mutex
	n  int
}

func (c *C) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}
";

/// Every regular file under `root`, by `/`-separated relative path.
pub fn files_of(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let ft = entry.file_type().unwrap();
            if ft.is_dir() {
                stack.push(entry.path());
            } else if ft.is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    out
}

/// What a run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fail with both streams shown unless the exit status is `code`.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit status\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// The last line of stderr: the summary.
    pub fn summary(&self) -> &str {
        self.stderr.lines().last().unwrap_or("")
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with(binary(), dir, args)
}

/// A command for the binary, for a test to set its environment.
/// (Its result cache, by default, in the tests' own directory under the build's
/// target, not the user's: the tests neither fill nor read theirs.)
pub fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_go-defer-rewriter"));
    c.env(
        "XDG_CACHE_HOME",
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("xdg-cache"),
    );
    c
}

/// Run `command` (from [`binary`], its environment set) in `dir`.
pub fn run_with(mut command: Command, dir: &Path, args: &[&str]) -> Run {
    let out = command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run go-defer-rewriter");
    let tmp = dir.to_string_lossy().to_string();
    let clean = |b: Vec<u8>| {
        String::from_utf8(b)
            .expect("UTF-8 output")
            .replace(&tmp, "[TREE]")
    };
    Run {
        code: out.status.code().expect("exit status"),
        stdout: clean(out.stdout),
        stderr: clean(out.stderr),
    }
}

/// Files `gofmt -l` would reformat under `dir`; `None` when gofmt is not installed.
pub fn gofmt_unclean(dir: &Path) -> Option<Vec<String>> {
    let out = Command::new("gofmt")
        .arg("-l")
        .arg(".")
        .current_dir(dir)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "gofmt failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

/// Assert that the Go files under `dir` are gofmt-clean, when gofmt is installed.
pub fn assert_gofmt_clean(dir: &Path) {
    if let Some(unclean) = gofmt_unclean(dir) {
        assert!(unclean.is_empty(), "not gofmt-clean: {unclean:?}");
    }
}

/// Assert that `go vet` accepts the packages `pattern` under `dir` (the rewritten code
/// type-checks), when the Go toolchain is installed.
pub fn assert_go_vet_ok(dir: &Path, pattern: &str) {
    let Ok(out) = Command::new("go")
        .args(["vet", "-mod=mod", pattern])
        .current_dir(dir)
        .env("GOFLAGS", "")
        .output()
    else {
        return;
    };
    assert!(
        out.status.success(),
        "go vet {pattern} failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The root of the Cargo workspace.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The directory holding the built plugin libraries (the example `plugin-span-end`
/// and the test plugins under `tests/plugins/`), built by the first test that needs
/// them, with cargo, into their own target directory.
pub fn plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let target = match std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from) {
            Some(t) if t.is_absolute() => t,
            Some(t) => workspace().join(t),
            None => workspace().join("target"),
        }
        .join("test-plugins");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "plugin-span-end",
                "-p",
                "gdr-test-plugin-panics",
                "-p",
                "gdr-test-plugin-bad-abi",
                "-p",
                "gdr-test-plugin-edits",
                "--target-dir",
            ])
            .arg(&target)
            .current_dir(workspace())
            .output()
            .expect("run cargo build for the plugins");
        assert!(
            out.status.success(),
            "building the plugins failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        target.join("debug")
    })
}

/// The path of the built plugin library of crate `name`.
pub fn plugin(name: &str) -> PathBuf {
    plugin_dir().join(format!(
        "{}{}{}",
        std::env::consts::DLL_PREFIX,
        name.replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    ))
}

/// A `[[plugins]]` entry for `path`, with an optional inline config table.
pub fn plugin_entry(path: &Path, config: Option<&str>) -> String {
    let mut s = format!("[[plugins]]\npath = {:?}\n", path.to_string_lossy());
    if let Some(c) = config {
        s.push_str(&format!("config = {{ {c} }}\n"));
    }
    s
}
