//! The patch changes nothing but `new(expr)`: every Go file of the standard library
//! that upstream tree-sitter-go parses without error gets the same tree from the
//! patched parser — the same kinds, field names and byte ranges for every node,
//! named or not — except `new(false)` and the like (see `predeclared_value_in_new`).
//! Files upstream rejects are counted, and those the patched parser rejects too are
//! listed (whether gofmt accepts them is scripts/syntax-corpus.sh's business).
//!
//! The files are those under `$(go env GOROOT)/src`, or under
//! `GDR_EQUIVALENCE_DIR` when set; without `go` the test says so and passes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tree_sitter::{Language, Node, Parser, TreeCursor};

fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GDR_EQUIVALENCE_DIR") {
        return Some(PathBuf::from(dir));
    }
    let out = Command::new("go").args(["env", "GOROOT"]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let root = String::from_utf8(out.stdout).ok()?;
    Some(Path::new(root.trim()).join("src"))
}

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            go_files(&path, out);
        } else if ft.is_file() && path.extension().is_some_and(|x| x == "go") {
            out.push(path);
        }
    }
}

fn parser(language: Language) -> Parser {
    let mut p = Parser::new();
    p.set_language(&language).expect("compatible tree-sitter");
    p
}

/// A node as the comparison sees it: field name, kind, named or not, byte range,
/// missing or not.
fn describe(cursor: &TreeCursor<'_>) -> String {
    let n = cursor.node();
    format!(
        "{} {}{} {}..{}{}",
        cursor.field_name().unwrap_or("-"),
        n.kind(),
        if n.is_named() { "" } else { " (anonymous)" },
        n.start_byte(),
        n.end_byte(),
        if n.is_missing() { " MISSING" } else { "" },
    )
}

fn same_node(a: &TreeCursor<'_>, b: &TreeCursor<'_>) -> bool {
    let (x, y) = (a.node(), b.node());
    a.field_name() == b.field_name()
        && x.kind() == y.kind()
        && x.is_named() == y.is_named()
        && x.byte_range() == y.byte_range()
        && x.is_missing() == y.is_missing()
}

/// The one difference the patch makes in trees without error: `true`, `false`,
/// `nil` or `iota` as the argument of `new`. Upstream, where only a type may stand
/// there, reads the word as a type name (`new(false)` is `(type_identifier)`);
/// patched, where a value may stand there too, it lexes as the keyword and is the
/// value (`(false)`), as it is in any other call.
fn predeclared_value_in_new(a: &TreeCursor<'_>, b: &TreeCursor<'_>, text: &[u8]) -> bool {
    let (x, y) = (a.node(), b.node());
    a.field_name() == b.field_name()
        && x.byte_range() == y.byte_range()
        && x.kind() == "type_identifier"
        && matches!(y.kind(), "true" | "false" | "nil" | "iota")
        && x.child_count() == 0
        && y.child_count() == 0
        && y.parent().is_some_and(|list| {
            list.kind() == "argument_list"
                && list
                    .parent()
                    .and_then(|call| call.child_by_field_name("function"))
                    .is_some_and(|f| &text[f.byte_range()] == b"new")
        })
}

/// Walk both trees in document order, every node named or not; the first node
/// where they differ (as `describe` shows it), if any. `tolerated` counts the
/// differences `predeclared_value_in_new` allows.
fn first_difference(
    a: Node<'_>,
    b: Node<'_>,
    text: &[u8],
    tolerated: &mut usize,
) -> Option<(usize, String, String)> {
    let (mut ca, mut cb) = (a.walk(), b.walk());
    let mut index = 0usize;
    loop {
        if !same_node(&ca, &cb) {
            if !predeclared_value_in_new(&ca, &cb, text) {
                return Some((index, describe(&ca), describe(&cb)));
            }
            *tolerated += 1;
        }
        index += 1;
        let (down_a, down_b) = (ca.goto_first_child(), cb.goto_first_child());
        if down_a != down_b {
            return Some((
                index,
                format!("children: {down_a}"),
                format!("children: {down_b}"),
            ));
        }
        if down_a {
            continue;
        }
        loop {
            let (next_a, next_b) = (ca.goto_next_sibling(), cb.goto_next_sibling());
            if next_a != next_b {
                return Some((
                    index,
                    format!("more siblings: {next_a}"),
                    format!("more siblings: {next_b}"),
                ));
            }
            if next_a {
                break;
            }
            let (up_a, up_b) = (ca.goto_parent(), cb.goto_parent());
            if !up_a || !up_b {
                return (up_a != up_b).then(|| (index, "root".into(), "not root".into()));
            }
        }
    }
}

#[derive(Default)]
struct Tally {
    files: usize,
    same: usize,
    upstream_errors: usize,
    fixed_new_expr: usize,
    predeclared_in_new: usize,
    both_error: Vec<PathBuf>,
    different: Vec<String>,
}

fn compare(files: &[PathBuf], next: &AtomicUsize) -> Tally {
    let mut upstream = parser(tree_sitter_go::LANGUAGE.into());
    let mut patched = parser(gdr_tree_sitter_go::LANGUAGE.into());
    let mut t = Tally::default();
    while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
        let Ok(text) = std::fs::read(path) else {
            continue;
        };
        t.files += 1;
        let up = upstream.parse(&text, None).expect("parse");
        let ours = patched.parse(&text, None).expect("parse");
        if up.root_node().has_error() {
            t.upstream_errors += 1;
            if ours.root_node().has_error() {
                t.both_error.push(path.clone());
            } else if text.windows(4).any(|w| w == b"new(") {
                t.fixed_new_expr += 1;
            }
            continue;
        }
        match first_difference(
            up.root_node(),
            ours.root_node(),
            &text,
            &mut t.predeclared_in_new,
        ) {
            None => t.same += 1,
            Some((i, a, b)) => t.different.push(format!(
                "{}: node {i}: upstream `{a}`, patched `{b}`",
                path.display()
            )),
        }
    }
    t
}

#[test]
fn patched_parser_gives_upstream_trees_on_the_standard_library() {
    let Some(dir) = corpus_dir().filter(|d| d.is_dir()) else {
        eprintln!(
            "go is not on PATH and GDR_EQUIVALENCE_DIR is unset: parse-equivalence check skipped"
        );
        return;
    };
    let start = Instant::now();
    let mut files = Vec::new();
    go_files(&dir, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no .go files under {}", dir.display());
    // Files are handed out one at a time: a few very large generated files would
    // leave a thread with a fixed share of them working alone.
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let tallies: Vec<Tally> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| s.spawn(|| compare(&files, &next)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut t = Tally::default();
    for x in tallies {
        t.files += x.files;
        t.same += x.same;
        t.upstream_errors += x.upstream_errors;
        t.fixed_new_expr += x.fixed_new_expr;
        t.predeclared_in_new += x.predeclared_in_new;
        t.both_error.extend(x.both_error);
        t.different.extend(x.different);
    }
    eprintln!(
        "{}: {} .go files in {:.1?}: {} identical trees (with {} `new(true/false/nil/iota)` read as a value, not a type); upstream rejects {} ({} of them with `new(` parse cleanly patched, {} still have errors)",
        dir.display(),
        t.files,
        start.elapsed(),
        t.same,
        t.predeclared_in_new,
        t.upstream_errors,
        t.fixed_new_expr,
        t.both_error.len(),
    );
    for p in t.both_error.iter().take(20) {
        eprintln!("  error in both: {}", p.display());
    }
    assert!(
        t.different.is_empty(),
        "{} files parse differently with the patch:\n{}",
        t.different.len(),
        t.different.join("\n")
    );
    assert_eq!(t.same, t.files - t.upstream_errors);
}
