//! Which calls may look at the stack frames of their callers.
//!
//! `defer func() { f(x) }()` calls `f` from the closure; `defer f(x)` calls it from
//! the deferring function itself. Code that reads its callers' frames sees the
//! difference: `runtime.Caller(1)` in `f` names the closure's line or the
//! function's last line, the standard logger with `log.Lshortfile` prints another
//! file:line, a test helper (`t.Helper()`) reports another line. So the rewrite is
//! only certain when nothing `f` runs can read a frame. This module answers that
//! conservatively: a call is known not to when it is a builtin, a conversion, a call
//! of one of the few functions of other packages listed in [`FRAME_BLIND`] (with
//! arguments that cannot carry methods), or a call of a function or method of the
//! package whose every body (in each build configuration) makes only such calls,
//! transitively. Anything else (a func value, an interface method, another
//! package's function not listed, a `range` over what may be an iterator function)
//! may read a frame.

use crate::model::Function;
use crate::package::{PackageView, Shape};
use crate::panic::PanicAnalyzer;
use crate::source::SourceFile;
use crate::syntax::NodeExt;
use crate::syntax::{declared_names, named_children, squash, unparen, walk_all};
use std::collections::HashSet;
use tree_sitter::Node;

/// Functions of other packages that read no stack frame and call no code of the
/// caller's, provided their arguments carry no methods (`fmt` calls the `String`,
/// `Error` and `Format` methods of its operands, which could read frames): (`path.Func`,
/// the arguments must be of predeclared basic or string types, why).
pub const FRAME_BLIND: &[(&str, bool, &str)] = &[
    ("fmt.Print", true, "writes its operands to os.Stdout"),
    ("fmt.Printf", true, "writes its operands to os.Stdout"),
    ("fmt.Println", true, "writes its operands to os.Stdout"),
    ("fmt.Sprint", true, "formats its operands"),
    ("fmt.Sprintf", true, "formats its operands"),
    ("fmt.Sprintln", true, "formats its operands"),
    ("os.Remove", false, "a system call on a string path"),
    ("os.RemoveAll", false, "system calls on a string path"),
    ("os.Exit", false, "ends the process"),
];

/// Methods of other packages' types that read no stack frame and call no code of
/// the caller's: (`path.Type.Method`, why).
pub const FRAME_BLIND_METHODS: &[(&str, &str)] = &[
    ("sync.Mutex.Lock", "blocks until the lock is free"),
    ("sync.Mutex.Unlock", "releases the lock"),
    ("sync.Mutex.TryLock", "takes the lock if free"),
    ("sync.RWMutex.Lock", "blocks until the lock is free"),
    ("sync.RWMutex.Unlock", "releases the lock"),
    ("sync.RWMutex.RLock", "blocks until the lock is free"),
    ("sync.RWMutex.RUnlock", "releases the lock"),
    ("sync.RWMutex.TryLock", "takes the lock if free"),
    ("sync.RWMutex.TryRLock", "takes the lock if free"),
];

/// Builtins: none calls code of the program (`panic` starts unwinding, which
/// prints frames only when nothing recovers; that is not a difference in what the
/// program does).
const BUILTINS: &[&str] = &[
    "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max",
    "min", "new", "panic", "print", "println", "real", "recover",
];

/// Packages whose functions are there to read frames (or report their callers'
/// lines), for the reason given.
fn frame_reader(path: &str) -> Option<&'static str> {
    match path {
        "runtime" | "runtime/debug" => Some("reads the stack"),
        "log" => Some(
            "may print its caller's file:line (log.Lshortfile, log.Llongfile), read from the stack",
        ),
        "log/slog" => {
            Some("may record its caller's source position (AddSource), read from the stack")
        }
        "testing" => Some("reports its caller's line, skipping helpers, read from the stack"),
        _ => None,
    }
}

/// Is `ty` a predeclared numeric, boolean or string type (no methods)?
pub fn is_plain_type(package: &PackageView, ty: &str) -> bool {
    (crate::package::BASIC.contains(&ty) || ty == "string") && !package.declares(ty)
}

/// Is `e` a literal, or a local, package variable or constant of a plain type
/// ([`is_plain_type`]), as typed by `analyzer`?
pub fn is_plain_operand(analyzer: &PanicAnalyzer<'_>, e: Node<'_>) -> bool {
    let e = unparen(e);
    let package = analyzer.package;
    if crate::syntax::is_literal(e) && e.k() != "iota" {
        return true;
    }
    if e.k() == "identifier" {
        let name = &analyzer.file.text[e.byte_range()];
        if !analyzer.locals.is_local(name) && package.is_const(name) {
            return package
                .const_type(name)
                .is_some_and(|t| is_plain_type(package, t));
        }
    }
    analyzer
        .type_of(e)
        .is_some_and(|t| is_plain_type(package, &t))
}

/// Why a call of `path.func` (another package's function) with `args` may read the
/// frames of its callers, as a predicate ("reads the stack"); None when it is listed
/// in [`FRAME_BLIND`] and its arguments allow it. `spread`: the last argument is
/// spread (`args...`).
pub fn foreign_call(
    analyzer: &PanicAnalyzer<'_>,
    path: &str,
    func: &str,
    args: &[Node<'_>],
    spread: bool,
) -> Option<String> {
    let key = format!("{path}.{func}");
    if let Some(why) = frame_reader(path) {
        return Some(why.to_string());
    }
    let Some((_, plain_args, _)) = FRAME_BLIND.iter().find(|(k, _, _)| *k == key) else {
        return Some(
            "is another package's function, not known to leave its callers' frames alone".into(),
        );
    };
    if *plain_args {
        if spread {
            return Some(
                "is given a spread slice, whose elements may have methods it calls".into(),
            );
        }
        if let Some(a) = args.iter().find(|a| !is_plain_operand(analyzer, **a)) {
            return Some(format!(
                "calls the `String` and `Error` methods of its operands, and `{}` is not known to be of a basic type",
                squash(&analyzer.file.text[a.byte_range()])
            ));
        }
    }
    None
}

/// Why the package function or method `key` (`F`, `T.m`) may read the frames of its
/// callers when called, as a sentence naming it; or None when it is proven not to:
/// every body of it, and of the package's functions and methods they call, makes
/// only calls known not to.
pub fn package_func(package: &PackageView, key: &str) -> Option<String> {
    let mut seen = HashSet::new();
    let mut work = vec![key.to_string()];
    while let Some(k) = work.pop() {
        if !seen.insert(k.clone()) {
            continue;
        }
        let Some(defs) = package.definitions(&k) else {
            let why = "has no body the tool can read";
            return Some(if k == key {
                format!("`{key}` {why}")
            } else {
                format!("`{key}` calls `{k}`, which {why}")
            });
        };
        for (file, func) in &defs {
            if let Some(why) = body_calls(package, file, func, &mut |callee| work.push(callee)) {
                return Some(if k == key {
                    format!("`{key}` {why}")
                } else {
                    format!("`{key}` leads to `{k}`, which {why}")
                });
            }
        }
    }
    None
}

/// The first call in `func` (func literals included: they may run while it runs)
/// that may read a frame, as "calls ..."; calls of package functions and methods
/// are handed to `callee` to be looked into.
fn body_calls(
    package: &PackageView,
    file: &SourceFile,
    func: &Function<'_>,
    callee: &mut dyn FnMut(String),
) -> Option<String> {
    let text = file.text.as_str();
    let analyzer = PanicAnalyzer::new(file, package, func);
    // Every name the function declares, in its func literals too: a call of one of
    // them is a call of a func value.
    let mut local: HashSet<&str> = func
        .receiver
        .iter()
        .chain(&func.params)
        .chain(&func.results)
        .filter_map(|p| p.name.as_deref())
        .collect();
    local.extend(func.type_params.iter().map(String::as_str));
    walk_all(func.body, &mut |n| {
        local.extend(declared_names(n).iter().map(|d| &text[d.byte_range()]));
        if n.k() == "type_spec" || n.k() == "type_alias" {
            if let Some(name) = n.field("name") {
                local.insert(&text[name.byte_range()]);
            }
        }
    });
    let imports: std::collections::HashMap<String, String> =
        crate::panic::imports_of(file).into_iter().collect();
    let mut found = None;
    walk_all(func.body, &mut |n| {
        if found.is_some() {
            return;
        }
        found = match n.k() {
            "call_expression" => call(&analyzer, &local, &imports, n, callee),
            "range_clause" => n.field("right").and_then(|r| {
                let ok = r.k() == "int_literal"
                    || matches!(
                        analyzer.type_of(r).map(|t| package.shape(&t)),
                        Some(
                            Shape::Map
                                | Shape::Slice
                                | Shape::Array
                                | Shape::String
                                | Shape::Chan
                                | Shape::Basic
                                | Shape::Pointer(_)
                        )
                    );
                (!ok).then(|| {
                    format!(
                        "ranges over `{}`, which may be a function called back for each element",
                        squash(&text[r.byte_range()])
                    )
                })
            }),
            _ => None,
        };
    });
    found
}

/// Why the call `n` may read a frame ("calls ..."), or None.
fn call(
    analyzer: &PanicAnalyzer<'_>,
    local: &HashSet<&str>,
    imports: &std::collections::HashMap<String, String>,
    n: Node<'_>,
    callee: &mut dyn FnMut(String),
) -> Option<String> {
    let text = analyzer.file.text.as_str();
    let package = analyzer.package;
    let f = unparen(n.field("function")?);
    let shown = squash(&text[f.byte_range()]);
    match f.k() {
        // Its body is walked with the function's.
        "func_literal" => None,
        "identifier" => {
            let name = &text[f.byte_range()];
            if local.contains(name) {
                return Some(format!("calls the func value `{name}`"));
            }
            if package.is_func(name) {
                callee(name.to_string());
                return None;
            }
            if package.type_decl(name).is_some() {
                return None; // a conversion
            }
            if package.declares(name) {
                return Some(format!("calls the func value `{name}`"));
            }
            let conversion = is_plain_type(package, name) || matches!(name, "error" | "any");
            if BUILTINS.contains(&name) || conversion {
                return None;
            }
            Some(format!("calls `{name}`, which is not known"))
        }
        "selector_expression" => {
            let operand = unparen(f.field("operand")?);
            let method = &text[f.field("field")?.byte_range()];
            let op = &text[operand.byte_range()];
            if operand.k() == "identifier" && !local.contains(op) && !package.declares(op) {
                if let Some(path) = imports.get(op) {
                    let args = n.field("arguments").map(named_children).unwrap_or_default();
                    let spread = args.iter().any(|a| a.k() == "variadic_argument");
                    return foreign_call(analyzer, path, method, &args, spread)
                        .map(|why| format!("calls `{path}.{method}`, which {why}"));
                }
            }
            let Some(ty) = analyzer.type_of(operand) else {
                return Some(format!(
                    "calls `{shown}`, a method of a value whose type is not known"
                ));
            };
            // A field of that name (a func value) is selected before a method
            // promoted from deeper down.
            if package.field_type(&ty, method).is_some() {
                return Some(format!("calls `{shown}`, a func value held in a field"));
            }
            if let Some((key, _)) = package.method(&ty, method) {
                callee(key);
                return None;
            }
            if let Some((q, name)) = crate::package::qualified_type(&ty) {
                if let Some(path) = imports.get(q) {
                    if let Some(why) = frame_reader(path) {
                        return Some(format!("calls `{shown}`, a method of `{ty}`, which {why}"));
                    }
                    let key = format!("{path}.{name}.{method}");
                    if FRAME_BLIND_METHODS.iter().any(|(k, _)| *k == key) {
                        return None;
                    }
                }
            }
            if package.shape(&ty) == Shape::Interface {
                return Some(format!("calls the interface method `{shown}`"));
            }
            Some(format!(
                "calls `{shown}`, a method of `{ty}` whose body the tool does not read"
            ))
        }
        _ => Some(format!("calls `{shown}`, which is not known")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(src: &str, key: &str) -> Option<String> {
        let file = SourceFile::parse("a.go", src.to_string());
        let view = PackageView::build(&[&file]);
        package_func(&view, key)
    }

    #[test]
    fn reading_frames_is_found_through_calls() {
        let src = "package p\n\nimport (\n\t\"fmt\"\n\t\"log\"\n\t\"runtime\"\n\t\"sync\"\n)\n\nfunc where() { _, _, _, _ = runtime.Caller(1) }\n\nfunc via() { where() }\n\nfunc logs(s string) { log.Println(s) }\n\nfunc quiet(n int, s string) { fmt.Println(n, s, 3); println(len(s)) }\n\nfunc value(f func()) { f() }\n\nfunc err(e error) { fmt.Println(e) }\n\ntype T struct{ n int }\n\nfunc (t *T) m() { quiet(t.n, \"\") }\n\nfunc method(t *T) { t.m() }\n\nfunc iter(seq func(func(int) bool)) { for range seq {} }\n\nfunc spread(xs []any) { fmt.Println(xs...) }\n\nfunc rec(n int) { if n > 0 { rec(n - 1) } }\n\ntype E struct{}\n\nfunc (E) m() {}\n\ntype F struct {\n\tE\n\tm func()\n}\n\nfunc field(f *F) { f.m() }\n\ntype L struct{ mu sync.Mutex }\n\nfunc (l *L) locked() { l.mu.Lock(); l.mu.Unlock() }\n\nfunc lock(l *L) { l.locked() }\n";
        assert!(why(src, "where").unwrap().contains("runtime.Caller"));
        assert!(why(src, "via").unwrap().contains("`via` leads to `where`"));
        assert!(why(src, "logs").unwrap().contains("log.Println"));
        assert_eq!(why(src, "quiet"), None);
        assert!(why(src, "value").unwrap().contains("func value `f`"));
        assert!(why(src, "err").unwrap().contains("`e`"));
        assert_eq!(why(src, "method"), None);
        assert!(why(src, "iter").unwrap().contains("ranges over `seq`"));
        assert_eq!(why(src, "rec"), None);
        assert!(why(src, "spread").unwrap().contains("spread slice"));
        assert!(why(src, "field").unwrap().contains("held in a field"));
        assert_eq!(why(src, "lock"), None);
        assert!(why(src, "missing").is_some());
    }
}
