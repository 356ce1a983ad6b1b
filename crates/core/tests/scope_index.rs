//! The statement-list index of name resolution (`scope::index_tree`) changes no
//! answer: every identifier of a sample of the Go standard library resolves to the
//! same declaration with and without it. Skipped (with a message) without Go.

use gdr_core::semantic::scope;
use gdr_core::SourceFile;
use std::path::{Path, PathBuf};
use std::process::Command;

fn goroot_src() -> Option<PathBuf> {
    let out = Command::new("go").args(["env", "GOROOT"]).output().ok()?;
    let root = String::from_utf8(out.stdout).ok()?;
    let src = Path::new(root.trim()).join("src");
    src.is_dir().then_some(src)
}

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "testdata") {
                go_files(&p, out);
            }
        } else if p.extension().is_some_and(|e| e == "go") {
            out.push(p);
        }
    }
}

#[test]
fn the_index_gives_the_same_resolution_as_reading_each_list() {
    let Some(src) = goroot_src() else {
        eprintln!("skipped: no Go toolchain to find the standard library");
        return;
    };
    let mut files = Vec::new();
    go_files(&src, &mut files);
    // Every 12th file: several hundred files from every corner of the library.
    let mut checked = 0usize;
    let mut idents = 0usize;
    for path in files.iter().step_by(12) {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let file = SourceFile::parse(path, text);
        let mut nodes = Vec::new();
        let mut cursor = file.root().walk();
        let mut stack = vec![file.root()];
        while let Some(n) = stack.pop() {
            if matches!(
                n.kind(),
                "identifier" | "type_identifier" | "package_identifier"
            ) {
                nodes.push(n);
            }
            stack.extend(n.children(&mut cursor));
        }
        let plain: Vec<_> = nodes
            .iter()
            .map(|n| scope::resolve(*n, &file.text))
            .collect();
        let guard = scope::index_tree(file.root());
        for (n, want) in nodes.iter().zip(&plain) {
            assert_eq!(
                &scope::resolve(*n, &file.text),
                want,
                "{}:{}: `{}`",
                path.display(),
                n.start_position().row + 1,
                &file.text[n.byte_range()]
            );
        }
        drop(guard);
        checked += 1;
        idents += nodes.len();
    }
    assert!(checked > 300, "only {checked} files read");
    eprintln!("{checked} files, {idents} identifiers: same resolution");
}
