//! Calls into other packages, followed through a program whose loader serves
//! packages from memory: proofs cross the boundary only as far as the callee's
//! code proves them, and an import cycle is refused rather than waited on.

use gdr_core::package::{PackageView, ViewBuilder};
use gdr_core::program::{Located, PackageLoader, Program, Unit};
use gdr_core::summary::Summary;
use gdr_core::SourceFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Packages by import path: the directory is the path itself.
struct Memory {
    packages: HashMap<&'static str, Vec<&'static str>>,
    loads: AtomicUsize,
    /// What `has_internal_tests` says of every package.
    internal_tests: bool,
}

/// A [`Memory`] whose loads a test counts while the program has it.
struct Shared(Arc<Memory>);

impl PackageLoader for Shared {
    fn locate(&self, from: &Path, path: &str) -> Option<Located> {
        self.0.locate(from, path)
    }

    fn load(&self, dir: &Path, builder: &mut ViewBuilder) -> bool {
        self.0.load(dir, builder)
    }
}

impl PackageLoader for Memory {
    fn locate(&self, _from: &Path, path: &str) -> Option<Located> {
        self.packages.contains_key(path).then(|| Located {
            dir: PathBuf::from(path),
            provenance: Arc::from(format!("module test ({path})")),
        })
    }

    fn load(&self, dir: &Path, builder: &mut ViewBuilder) -> bool {
        self.loads.fetch_add(1, Ordering::SeqCst);
        let Some(files) = self.packages.get(dir.to_str().unwrap_or_default()) else {
            return false;
        };
        for (i, text) in files.iter().enumerate() {
            let file = Arc::new(SourceFile::parse(
                format!("{}/f{i}.go", dir.display()),
                text.to_string(),
            ));
            builder.add(&file);
        }
        true
    }

    fn has_internal_tests(&self, _dir: &Path) -> bool {
        self.internal_tests
    }
}

/// The view of `text` as the package at `dir`, in a program of `packages`.
fn view_in(
    packages: &[(&'static str, &'static str)],
    dir: &str,
    text: &str,
) -> (Arc<Program>, PackageView) {
    view_of_unit(packages, dir, false, true, text)
}

/// The view of `text` as the package at `dir` (its test files' view when
/// `test`), in a program of `packages` (which have `_test.go` files of their
/// own package when `internal_tests`).
fn view_of_unit(
    packages: &[(&'static str, &'static str)],
    dir: &str,
    test: bool,
    internal_tests: bool,
    text: &str,
) -> (Arc<Program>, PackageView) {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for (path, text) in packages {
        map.entry(*path).or_default().push(*text);
    }
    let program = Program::new(
        Box::new(Memory {
            packages: map,
            loads: AtomicUsize::new(0),
            internal_tests,
        }),
        &[],
    );
    let mut b = PackageView::builder(&[]);
    b.set_origin(program.origin(
        Unit {
            dir: PathBuf::from(dir),
            test,
        },
        "checked",
    ));
    b.add(&Arc::new(SourceFile::parse(
        format!("{dir}/a.go"),
        text.to_string(),
    )));
    (program, b.finish())
}

const HELPER: &str = r#"package h

type T struct {
	n    int
	P    *U
	V    U
	list []int
}

type U struct{ X int }

func Safe(a, b int) int { return a + b }

func Index(s []int) int { return s[0] }

func Chain() int { return Index(nil) }

func (t *T) Get() int { return t.n }

func (t *T) First() int { return t.list[0] }

func New() *T { return &T{} }

var Default T

var Ptr = &U{}

var Typed *U = &U{}
"#;

fn summary_of(a: &str, key: &str) -> Summary {
    let (_p, view) = view_in(&[("m/h", HELPER)], "m/a", a);
    view.summary(key)
}

#[test]
fn a_panic_free_function_of_another_package_proves_its_caller() {
    let s = summary_of(
        "package a\n\nimport \"m/h\"\n\nfunc F() int { return h.Safe(1, 2) }\n",
        "F",
    );
    assert_eq!(s, Summary::NoPanic);
}

#[test]
fn a_function_of_another_package_that_may_panic_does_not() {
    for callee in ["Index(nil)", "Chain()"] {
        let a = format!("package a\n\nimport \"m/h\"\n\nfunc F() int {{ return h.{callee} }}\n");
        let Summary::MayPanic(Some(why)) = summary_of(&a, "F") else {
            panic!("{callee}: proven");
        };
        assert!(why.contains("module test (m/h)"), "{why}");
        assert!(why.contains("index `s[0]`"), "{why}");
    }
}

#[test]
fn a_method_of_another_package_needs_a_receiver_that_is_not_nil() {
    let nil_checked = "package a\n\nimport \"m/h\"\n\nfunc F(t *h.T) int {\n\tif t == nil {\n\t\treturn 0\n\t}\n\treturn t.Get()\n}\n";
    assert_eq!(summary_of(nil_checked, "F"), Summary::NoPanic);
    let unchecked = "package a\n\nimport \"m/h\"\n\nfunc F(t *h.T) int { return t.Get() }\n";
    assert!(matches!(summary_of(unchecked, "F"), Summary::MayPanic(_)));
    let panicking = "package a\n\nimport \"m/h\"\n\nfunc F() int { return h.New().First() }\n";
    assert!(matches!(summary_of(panicking, "F"), Summary::MayPanic(_)));
}

#[test]
fn fields_of_another_package_are_typed() {
    // A struct field read through a value is safe; through a pointer field it may be nil.
    let value = "package a\n\nimport \"m/h\"\n\nfunc F(t h.T) int { return t.V.X }\n";
    assert_eq!(summary_of(value, "F"), Summary::NoPanic);
    let pointer = "package a\n\nimport \"m/h\"\n\nfunc F(t h.T) int { return t.P.X }\n";
    assert!(matches!(summary_of(pointer, "F"), Summary::MayPanic(_)));
    // A result type of another package's function types the local.
    let result =
        "package a\n\nimport \"m/h\"\n\nfunc F() int {\n\tt := h.New()\n\treturn t.V.X\n}\n";
    assert!(
        matches!(summary_of(result, "F"), Summary::MayPanic(_)),
        "t may be nil: New's body is not a fact about its result"
    );
}

#[test]
fn variables_of_another_package_have_their_declared_type_not_their_value() {
    // The type of a package variable cannot change; its value can, from any package.
    let value = "package a\n\nimport \"m/h\"\n\nfunc F() int { return h.Default.V.X }\n";
    assert_eq!(summary_of(value, "F"), Summary::NoPanic);
    for pointer in ["h.Typed.X", "h.Ptr.X", "h.Default.P.X"] {
        let a = format!("package a\n\nimport \"m/h\"\n\nfunc F() int {{ return {pointer} }}\n");
        assert!(
            matches!(summary_of(&a, "F"), Summary::MayPanic(_)),
            "{pointer}"
        );
    }
}

#[test]
fn a_package_name_guessed_from_the_path_must_be_the_package_clause() {
    // The directory is `m/v2` but the package is `h`: `v2.Safe` names nothing.
    let (_p, view) = view_in(
        &[("m/v2", "package h\n\nfunc Safe() int { return 1 }\n")],
        "m/a",
        "package a\n\nimport \"m/v2\"\n\nfunc F() int { return m.Safe() }\n",
    );
    assert!(matches!(view.summary("F"), Summary::MayPanic(_)));
    // Named in the import spec, it is the package.
    let (_p, view) = view_in(
        &[("m/v2", "package h\n\nfunc Safe() int { return 1 }\n")],
        "m/a",
        "package a\n\nimport h \"m/v2\"\n\nfunc F() int { return h.Safe() }\n",
    );
    assert_eq!(view.summary("F"), Summary::NoPanic);
}

#[test]
fn an_import_cycle_is_refused_not_waited_on() {
    // m/b imports m/c, which imports m/b: Go rejects it, the program must not hang.
    let b = "package b\n\nimport \"m/c\"\n\nfunc B() int { return c.C() }\n";
    let c = "package c\n\nimport \"m/b\"\n\nfunc C() int { return b.B() }\n";
    let (_p, view) = view_in(
        &[("m/b", b), ("m/c", c)],
        "m/a",
        "package a\n\nimport \"m/b\"\n\nfunc F() int { return b.B() }\n",
    );
    assert!(matches!(view.summary("F"), Summary::MayPanic(_)));
}

#[test]
fn a_function_declared_per_build_is_unknown_unless_every_body_is_safe() {
    let linux = "//go:build linux\n\npackage h\n\nfunc G(s []int) int { return 0 }\n";
    let other = "//go:build !linux\n\npackage h\n\nfunc G(s []int) int { return s[0] }\n";
    let (_p, view) = view_in(
        &[("m/h", linux), ("m/h", other)],
        "m/a",
        "package a\n\nimport \"m/h\"\n\nfunc F() int { return h.G(nil) }\n",
    );
    assert!(matches!(view.summary("F"), Summary::MayPanic(_)));
}

#[test]
fn a_package_is_loaded_once_and_shared() {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    map.insert("m/h", vec![HELPER]);
    let memory = Memory {
        packages: map,
        loads: AtomicUsize::new(0),
        internal_tests: true,
    };
    let program = Program::new(Box::new(memory), &[]);
    let from = Unit {
        dir: PathBuf::from("m/a"),
        test: false,
    };
    let one = program.import(&from, "m/h").expect("loaded");
    let two = program.import(&from, "m/h").expect("loaded");
    assert!(Arc::ptr_eq(&one, &two));
    assert_eq!(program.loaded(), 1);
    assert!(program.import(&from, "m/missing").is_none());
    assert_eq!(one.provenance(), Some("module test (m/h)"));
}

/// The program keeps the views of at most so many bytes of source, those asked
/// for last: one dropped is loaded again when asked for, unless it is still in
/// use, when the same view is taken back.
#[test]
fn the_views_kept_are_bounded_by_their_bytes_and_one_in_use_is_taken_back() {
    const A: &str = "package a\n\nfunc A() int { return 1 }\n";
    const B: &str = "package b\n\nfunc B() int { return 2 }\n";
    const C: &str = "package c\n\nfunc C() int { return 3 }\n";
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    map.insert("m/a", vec![A]);
    map.insert("m/b", vec![B]);
    map.insert("m/c", vec![C]);
    let memory = Arc::new(Memory {
        packages: map,
        loads: AtomicUsize::new(0),
        internal_tests: true,
    });
    // Room for two of the three packages (of the same size).
    let program = Program::keeping(Box::new(Shared(Arc::clone(&memory))), &[], 2 * A.len());
    let from = Unit {
        dir: PathBuf::from("m/x"),
        test: false,
    };
    let loads = || memory.loads.load(Ordering::SeqCst);
    let a = program.import(&from, "m/a").expect("loaded");
    assert_eq!(a.source_bytes(), A.len());
    drop(program.import(&from, "m/b"));
    drop(program.import(&from, "m/c"));
    assert_eq!((loads(), program.loaded()), (3, 2), "m/a dropped");
    // m/a is still in use here: taken back, not loaded again.
    let again = program.import(&from, "m/a").expect("kept");
    assert!(Arc::ptr_eq(&a, &again));
    assert_eq!((loads(), program.loaded()), (3, 2), "m/b dropped");
    // m/b is in use nowhere: loaded again; m/a and m/b asked for last are kept.
    drop(program.import(&from, "m/b"));
    assert_eq!((loads(), program.loaded()), (4, 2));
    drop(program.import(&from, "m/a"));
    drop(program.import(&from, "m/b"));
    assert_eq!(loads(), 4);
}

/// A result type is written here only with names that mean the same here: a
/// name this package declares (`type string = ...`) is not the predeclared one
/// the callee wrote, and a callee's import name guessed from the path may be
/// another import's package clause.
#[test]
fn a_result_type_is_requalified_only_with_names_that_mean_the_same_here() {
    let n = "package n\n\nfunc Name() string { return \"\" }\n\nfunc Table() map[int]byte { return nil }\n";
    let call = |decl: &str, f: &str| {
        let a = format!("package a\n\nimport \"m/n\"\n\n{decl}\nfunc F() byte {{\n\tx := n.{f}()\n\treturn x[3]\n}}\n");
        let (_p, view) = view_in(&[("m/n", n)], "m/a", &a);
        view.summary("F")
    };
    assert_eq!(call("", "Table"), Summary::NoPanic, "a map read");
    assert!(matches!(call("", "Name"), Summary::MayPanic(_)));
    assert!(
        matches!(
            call("type string = map[int]byte\n", "Name"),
            Summary::MayPanic(_)
        ),
        "x is the predeclared string, not this package's map type"
    );
    // Directory m/store holds package shop, m/other package store: in m/mid,
    // which imports both without names, `store.Item` is m/other's Item.
    let shop =
        "package shop\n\ntype Item struct{ n int }\n\nfunc (i Item) Size() int { return i.n }\n";
    let other = "package store\n\ntype Item struct{ s []int }\n\nfunc (i Item) Size() int { return i.s[3] }\n";
    let mid = "package mid\n\nimport (\n\t\"m/other\"\n\t\"m/store\"\n)\n\nvar _ shop.Item\n\nfunc Pick() store.Item { return store.Item{} }\n";
    let a = "package a\n\nimport (\n\t\"m/mid\"\n\tstore \"m/store\"\n)\n\nvar _ store.Item\n\nfunc F() int {\n\tx := mid.Pick()\n\treturn x.Size()\n}\n";
    let (_p, view) = view_in(
        &[("m/store", shop), ("m/other", other), ("m/mid", mid)],
        "m/a",
        a,
    );
    assert!(matches!(view.summary("F"), Summary::MayPanic(_)));
}

/// `go test` builds a package with its own `_test.go` files (which may add a
/// method that hides a promoted one) and every package that imports it
/// against that variant: from its test files, no other package of the
/// program is what the loader reads, unless it has no such test files.
#[test]
fn a_test_package_follows_imports_only_when_its_package_has_no_test_files() {
    let a = "package a_test\n\nimport \"m/h\"\n\nfunc F() int { return h.Safe(1, 2) }\n";
    for (test, internal_tests, proven) in [
        (false, true, true),
        (true, true, false),
        (true, false, true),
    ] {
        let (_p, view) = view_of_unit(&[("m/h", HELPER)], "m/a", test, internal_tests, a);
        assert_eq!(
            view.summary("F") == Summary::NoPanic,
            proven,
            "test {test}, internal tests {internal_tests}"
        );
    }
}

/// Hashing or comparing a struct of another package panics when one of its
/// fields is an interface holding an uncomparable value: its fields are in
/// that package's view.
#[test]
fn a_struct_of_another_package_hashes_as_its_fields_do() {
    let k = "package k\n\ntype Key struct {\n\tName string\n\tArg  any\n}\n\ntype Plain struct {\n\tName string\n\tN    int\n}\n";
    let f = |ty: &str| {
        let a = format!("package a\n\nimport \"m/k\"\n\nfunc F(m map[k.{ty}]int, x, y k.{ty}) (int, bool) {{ return m[x], x == y }}\n");
        let (_p, view) = view_in(&[("m/k", k)], "m/a", &a);
        view.summary("F")
    };
    assert!(matches!(f("Key"), Summary::MayPanic(_)));
    assert_eq!(f("Plain"), Summary::NoPanic);
}
