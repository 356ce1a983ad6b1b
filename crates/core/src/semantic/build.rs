//! Which builds a file is in: every build, only some (build constraints, a
//! GOOS/GOARCH file-name suffix, cgo), or none (Go ignores files whose names
//! start with `_` or `.`).
//!
//! A declaration of a file that is only in some builds is absent from the others,
//! where the same name may mean something else: a method promoted from an
//! embedded field instead of the type's own, a dot-imported name, a predeclared
//! one. The package view uses this to leave such names unknown.

use std::path::Path;

/// The builds a Go file is compiled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileBuild {
    /// Every build of the package.
    Always,
    /// Only some: a `//go:build` or `// +build` line, a `_GOOS`/`_GOARCH` name
    /// suffix, or `import "C"` (not built with cgo off).
    Some,
    /// None: the go command ignores the file (`_x.go`, `.x.go`).
    Never,
}

/// The builds that the file at `path`, with the text `text`, is compiled in.
pub fn file_build(path: &Path, text: &str) -> FileBuild {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('_') || name.starts_with('.') {
        return FileBuild::Never;
    }
    let stem = name.strip_suffix(".go").unwrap_or(name);
    let stem = stem.strip_suffix("_test").unwrap_or(stem);
    let parts: Vec<&str> = stem.split('_').collect();
    let known = |p: &str| {
        crate::consts::KNOWN_GOOS.contains(&p) || crate::consts::KNOWN_GOARCH.contains(&p)
    };
    // `x_linux.go`, `x_amd64.go`, `x_linux_amd64.go` (not a file named `linux.go`).
    if parts.len() >= 2 && parts.last().is_some_and(|p| known(p)) {
        return FileBuild::Some;
    }
    // The header: constraint lines come before the package clause.
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with("//go:build") || l.starts_with("// +build") || l.starts_with("//+build") {
            return FileBuild::Some;
        }
        if l.starts_with("package ") || l.starts_with("package\t") {
            break;
        }
    }
    if imports_c(text) {
        return FileBuild::Some;
    }
    FileBuild::Always
}

/// Does the file import "C" (cgo)? Read from the text: a `"C"` import path in an
/// import declaration (a mention elsewhere only makes the answer more careful).
fn imports_c(text: &str) -> bool {
    // Imports come before every other declaration: read no further than the first.
    let mut text = text;
    for k in ["\nfunc", "\ntype", "\nvar", "\nconst"] {
        if let Some(end) = memchr::memmem::find(text.as_bytes(), k.as_bytes()) {
            text = &text[..end];
        }
    }
    text.match_indices("\"C\"").any(|(i, _)| {
        let before = text[..i].trim_end();
        before.ends_with("import")
            || before.ends_with('(')
            || before.ends_with('\n')
            || before.ends_with(';')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builds_of_a_file() {
        let b = |p: &str, t: &str| file_build(Path::new(p), t);
        assert_eq!(b("a.go", "package p\n"), FileBuild::Always);
        assert_eq!(b("linux.go", "package p\n"), FileBuild::Always);
        assert_eq!(b("a_linux.go", "package p\n"), FileBuild::Some);
        assert_eq!(b("a_linux_amd64_test.go", "package p\n"), FileBuild::Some);
        assert_eq!(b("a_arm64.go", "package p\n"), FileBuild::Some);
        assert_eq!(
            b("a.go", "// c\n//go:build !linux\n\npackage p\n"),
            FileBuild::Some
        );
        assert_eq!(
            b("a.go", "// +build ignore\n\npackage p\n"),
            FileBuild::Some
        );
        assert_eq!(b("a.go", "package p\n\n//go:build x\n"), FileBuild::Always);
        assert_eq!(b("a.go", "package p\n\nimport \"C\"\n"), FileBuild::Some);
        assert_eq!(
            b("a.go", "package p\n\nimport (\n\t\"C\"\n\t\"fmt\"\n)\n"),
            FileBuild::Some
        );
        assert_eq!(b("_old.go", "package p\n"), FileBuild::Never);
        assert_eq!(b(".x.go", "package p\n"), FileBuild::Never);
    }
}
