//! ## What it does
//! Finds `defer func() { f(a, b) }()` whose body is a single call that `defer f(a, b)`
//! would make the same way: the function is a package-level function (or one of
//! an imported package), and every argument is a constant, a literal, or a local
//! variable that is never assigned again, never has its address taken and is not a
//! named result or a loop variable — so evaluating the arguments at the `defer`
//! instead of at the exit gives the same values.
//!
//! ## Why is this bad?
//! The closure captures its variables. Where the defer is open-coded or on the
//! stack the closure stays on the stack and the cost is a closure call (estimated
//! saving ~1–2 ns per call; an estimate); where the defer is heap-allocated (in a
//! loop) the closure and every variable it captures by reference escape to the
//! heap, which the diagnostic notes. `defer f(a, b)` also says plainly when the
//! arguments are evaluated.
//!
//! ## Example
//! ```go
//! start := time.Now()
//! defer func() { record(name, start) }()
//! ```
//! becomes
//! ```go
//! start := time.Now()
//! defer record(name, start)
//! ```
//!
//! ## Fix safety
//! The fix is offered only when the arguments cannot change between the defer and
//! the exit, the callee is not a variable, and the closure holds no comments. Two
//! things change when the callee is deferred directly, and the fix is **Safe** only
//! when the callee cannot tell:
//!
//! - `recover()` stops a panic only when called by the deferred function itself, so
//!   a callee that recovers (as `defer func() { runtime.HandleCrash() }()` would)
//!   behaves differently deferred directly. The callee must be a builtin, a
//!   function of the same file that does not call `recover()` itself, or one of a
//!   few functions of other packages known not to (`fmt.Print*`, `os.Remove`,
//!   `os.RemoveAll`, `os.Exit`).
//! - Its caller is the deferring function instead of the closure. Code that reads
//!   its callers' frames sees that: `runtime.Caller(1)` names another function and
//!   line, the standard logger with `log.Lshortfile` prints another file:line, a test
//!   helper (`t.Helper()`) reports another line. So nothing the callee runs may read
//!   a frame: it must be a builtin; `fmt.Print`, `Printf`, `Println` (and `Sprint*`)
//!   with operands of basic types only (fmt calls the `String` and `Error` methods
//!   of the others, which could read frames); `os.Remove`, `os.RemoveAll`,
//!   `os.Exit`; or a function of the package whose body, and those of the package's
//!   functions and methods it calls, in every build configuration, make only such
//!   calls (or calls of func literals, conversions, the lock methods of
//!   `sync.Mutex` and `sync.RWMutex`) and `range` only over values that cannot be
//!   iterator functions. A func value, an interface method,
//!   `log`, `runtime`, `testing` or any other package's function makes it unsafe.
//!
//! Otherwise the fix is **Unsafe**, saying which of the two it may change. Closures whose body does more than one call, reads fields,
//! calls methods (a method value evaluates its receiver at the defer), reads
//! package variables, named results (read at the exit, on purpose) or calls
//! `recover()` (which only works called by the deferred function itself) are not
//! reported.

use gdr_core::cost::Regime;
use gdr_core::model::{Defer, Function};
use gdr_core::semantic::scope::LocalKind;
use gdr_core::semantic::{Names, Resolved};
use gdr_core::syntax::NodeExt;
use gdr_core::syntax::{named_children, statements, unparen, walk_all};
use gdr_core::tree_sitter::Node;
use gdr_core::{
    Applicability, Diagnostic, Edit, FileContext, Fix, FixAvailability, Rule, Severity, SourceFile,
};

pub struct DeferClosureCapture;

pub const CODE: &str = "DR007";
pub const NAME: &str = "defer-closure-capture";

/// Functions of other packages whose own bodies do not call `recover()` (read in
/// the Go standard library's source; fmt recovers panics of String methods in a
/// function it defers itself, which works the same either way).
const NO_DIRECT_RECOVER: &[(&str, &[&str])] = &[
    (
        "fmt",
        &[
            "Print", "Printf", "Println", "Fprint", "Fprintf", "Fprintln",
        ],
    ),
    ("log", &["Print", "Printf", "Println"]),
    ("os", &["Remove", "RemoveAll", "Exit"]),
];

/// Builtins that may be deferred (the spec allows those valid as statements).
const DEFERRABLE_BUILTINS: &[&str] = &["close", "delete", "panic", "print", "println", "clear"];

impl Rule for DeferClosureCapture {
    fn code(&self) -> &str {
        CODE
    }
    fn name(&self) -> &str {
        NAME
    }
    fn summary(&self) -> &str {
        "`defer func() { f(x) }()` where `defer f(x)` would do"
    }
    fn docs(&self) -> &str {
        crate::module_docs(include_str!("defer_closure_capture.rs"))
    }
    fn fix_availability(&self) -> FixAvailability {
        FixAvailability::Always
    }
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.file.text.as_str();
        for (fi, func) in cx.model.functions.iter().enumerate() {
            let costs = cx.defer_costs(fi);
            for (d, cost) in func.defers.iter().zip(costs) {
                if !d.is_func_literal || cost.regime == Regime::Removed {
                    continue;
                }
                let Some((inner, captured)) = replaceable(cx, func, d) else {
                    continue;
                };
                let inner_text = &text[inner.byte_range()];
                let call = crate::short(inner_text);
                let names = if captured.is_empty() {
                    "nothing".to_string()
                } else {
                    captured
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let escape = if cost.regime == Regime::Heap {
                    format!(
                        "this defer is heap-allocated (in a loop): the closure and what it captures ({names}) escape to the heap"
                    )
                } else {
                    format!(
                        "it captures {names}; the defer is {}, so the closure stays on the stack",
                        cost.regime.as_str()
                    )
                };
                out.push(
                    Diagnostic::new(
                        CODE,
                        NAME,
                        Severity::Info,
                        d.node.byte_range(),
                        format!(
                            "`defer func() {{ {call} }}()` can be `defer {call}`: {escape} \
                             (estimated saving ~1–2 ns per call, more with heap escapes; an estimate)"
                        ),
                    )
                    .with_help(format!("defer the call directly: `defer {call}`"))
                    .with_reason("closure-wraps-one-call")
                    .with_fix(fix(cx, func, inner, d, &call)),
                );
            }
        }
    }
}

/// The fix: Safe when the callee can neither recover a panic the closure lets
/// through nor read the frame of its caller, which changes from the closure to the
/// deferring function; otherwise Unsafe, saying which.
fn fix(
    cx: &FileContext<'_>,
    func: &Function<'_>,
    inner: Node<'_>,
    d: &Defer<'_>,
    call: &str,
) -> Fix {
    let edits = vec![Edit::replace(
        d.call.byte_range(),
        &cx.file.text[inner.byte_range()],
    )];
    let mut hazards = Vec::new();
    if let Err(why) = recover_free(cx, inner) {
        hazards.push(format!(
            "{why}: recover() stops a panic only when called by the deferred function itself, so as `defer {call}` it could stop a panic the closure lets through"
        ));
    }
    if let Err(why) = frame_blind(cx, func, inner) {
        hazards.push(format!(
            "{why}: as `defer {call}` it is called by this function instead of the closure, so the caller's frame it sees (its function, file and line) changes"
        ));
    }
    if hazards.is_empty() {
        Fix::new(
            edits,
            Applicability::Safe,
            "the arguments are constants or locals that are never assigned again, so evaluating them at the defer gives the values the closure would read at the exit; and the callee cannot stop a panic with recover() nor read a caller's frame (nothing it runs can), so being called by this function instead of the closure changes nothing it does",
        )
    } else {
        Fix::new(edits, Applicability::Unsafe, hazards.join("; and "))
    }
}

/// Ok when nothing the callee of `inner` runs can read the frames of its callers
/// (see [`gdr_core::frames`]); Err says why it may.
fn frame_blind(cx: &FileContext<'_>, func: &Function<'_>, inner: Node<'_>) -> Result<(), String> {
    let text = cx.file.text.as_str();
    let Some(callee) = inner.field("function") else {
        return Err("the callee is not known".into());
    };
    let name = &text[callee.byte_range()];
    if callee.k() == "identifier" {
        if DEFERRABLE_BUILTINS.contains(&name) && !cx.package.declares(name) {
            return Ok(());
        }
        return match gdr_core::frames::package_func(cx.package, name) {
            None => Ok(()),
            Some(why) => Err(why),
        };
    }
    let path = callee
        .field("operand")
        .and_then(|p| file_import(cx, &text[p.byte_range()]));
    let (Some(path), Some(f)) = (path, callee.field("field")) else {
        return Err(format!("`{name}` is not known"));
    };
    let analyzer = gdr_core::panic::PanicAnalyzer::in_context(cx, func);
    let args = inner
        .field("arguments")
        .map(named_children)
        .unwrap_or_default();
    let spread = args.iter().any(|a| a.k() == "variadic_argument");
    match gdr_core::frames::foreign_call(&analyzer, &path, &text[f.byte_range()], &args, spread) {
        None => Ok(()),
        Some(why) => Err(format!("`{name}` {why}")),
    }
}

/// The import path the import name `name` stands for in this file.
fn file_import(cx: &FileContext<'_>, name: &str) -> Option<String> {
    gdr_core::panic::imports_of(cx.file)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, p)| p)
}

/// Ok when the callee of `inner` cannot call `recover()` directly: a builtin, or a
/// function declared in this file whose own body (func literals aside) has no
/// `recover()`. Called from the closure, such a recover returns nil; deferred
/// directly, it would stop the panic. Err says why it is not known.
fn recover_free(cx: &FileContext<'_>, inner: Node<'_>) -> Result<(), String> {
    let text = cx.file.text.as_str();
    let Some(callee) = inner.field("function") else {
        return Err("the callee is not known".into());
    };
    let name = &text[callee.byte_range()];
    if callee.k() != "identifier" {
        let path = callee
            .field("operand")
            .and_then(|p| file_import(cx, &text[p.byte_range()]));
        let func = callee.field("field").map_or("", |f| &text[f.byte_range()]);
        if path.is_some_and(|p| {
            NO_DIRECT_RECOVER
                .iter()
                .any(|(pkg, funcs)| *pkg == p && funcs.contains(&func))
        }) {
            return Ok(());
        }
        return Err(format!(
            "`{name}` is in another package and may call recover()"
        ));
    }
    if DEFERRABLE_BUILTINS.contains(&name) {
        return Ok(());
    }
    let root = cx.file.tree.root_node();
    let decl = named_children(root).into_iter().find(|n| {
        n.k() == "function_declaration"
            && n.field("name")
                .is_some_and(|id| &text[id.byte_range()] == name)
    });
    let (Some(decl), Some(body)) = (decl, decl.and_then(|d| d.field("body"))) else {
        return Err(format!(
            "`{name}` is declared in another file of the package and may call recover()"
        ));
    };
    let calls_recover = |body: Node<'_>, text: &str| {
        let mut recovers = false;
        gdr_core::syntax::walk_function(body, &mut |n| {
            if n.k() == "call_expression"
                && n.field("function")
                    .is_some_and(|f| &text[unparen(f).byte_range()] == "recover")
            {
                recovers = true;
            }
        });
        recovers
    };
    // A body left out of a partial tree (it holds no needle) is read alone.
    let recovers = if gdr_core::source::body_left_out(text, cx.file.partial, body) {
        let alone = SourceFile::declaration_alone(&cx.file.path, &text[decl.byte_range()]);
        match alone.first_body() {
            Some(body) if !alone.has_syntax_errors() => calls_recover(body, &alone.text),
            _ => return Err(format!("`{name}` may call recover()")),
        }
    } else {
        calls_recover(body, text)
    };
    if recovers {
        Err(format!("`{name}` calls recover()"))
    } else {
        Ok(())
    }
}

/// The inner call of `defer func() { call }()` when `defer call` means the same,
/// with the locals the closure captures.
fn replaceable<'t>(
    cx: &FileContext<'_>,
    func: &Function<'t>,
    d: &Defer<'t>,
) -> Option<(Node<'t>, Vec<String>)> {
    let text = cx.file.text.as_str();
    let call = unparen(d.call);
    if call.k() != "call_expression" {
        return None;
    }
    let args = call.field("arguments")?;
    if !named_children(args).is_empty() {
        return None;
    }
    let lit = unparen(call.field("function")?);
    if lit.k() != "func_literal"
        || lit
            .field("parameters")
            .is_some_and(|p| !named_children(p).is_empty())
        || lit.field("result").is_some()
    {
        return None;
    }
    let mut has_comment = false;
    walk_all(lit, &mut |n| has_comment |= n.k() == "comment");
    if has_comment {
        return None;
    }
    let body = lit.field("body")?;
    let [stmt] = statements(body)[..] else {
        return None;
    };
    if stmt.k() != "expression_statement" {
        return None;
    }
    let inner = unparen(named_children(stmt).into_iter().next()?);
    if inner.k() != "call_expression" {
        return None;
    }
    // The callee: a package-level function, a deferrable builtin, or pkg.Func —
    // as Go's scopes resolve the name where the closure is.
    let imports: std::collections::HashMap<String, String> =
        gdr_core::panic::imports_of(cx.file).into_iter().collect();
    let names = Names::new(text, cx.package, &imports);
    let callee = inner.field("function")?;
    match callee.k() {
        "identifier" => {
            let name = &text[callee.byte_range()];
            let ok = match names.resolve(callee) {
                Resolved::Universe => DEFERRABLE_BUILTINS.contains(&name),
                Resolved::Package => cx.package.is_func(name),
                _ => false,
            };
            if !ok {
                return None;
            }
        }
        "selector_expression" => {
            let pkg = callee.field("operand")?;
            if pkg.k() != "identifier" || !matches!(names.resolve(pkg), Resolved::Import(_)) {
                return None;
            }
        }
        _ => return None,
    }
    if inner.field("type_arguments").is_some() {
        return None;
    }
    let mut captured = Vec::new();
    for arg in named_children(inner.field("arguments")?) {
        let arg = unparen(arg);
        match arg.k() {
            "int_literal"
            | "float_literal"
            | "imaginary_literal"
            | "rune_literal"
            | "interpreted_string_literal"
            | "raw_string_literal" => {}
            // Unless a variable of that name is in scope.
            "true" | "false" | "nil" => {
                if names.resolve_name(arg, &text[arg.byte_range()]) != Resolved::Universe {
                    return None;
                }
            }
            "identifier" => {
                let name = &text[arg.byte_range()];
                match names.resolve(arg) {
                    // A local of this function: one of an enclosing function that
                    // the closure captures can change before the exit.
                    Resolved::Local { decl, kind } => {
                        if kind == LocalKind::Const {
                            continue;
                        }
                        let own = func.node.start_byte() <= decl.start_byte()
                            && decl.end_byte() <= func.node.end_byte();
                        if !own || !stable_local(cx, func, name, d, text) {
                            return None;
                        }
                        if !captured.iter().any(|c| c == name) {
                            captured.push(name.to_string());
                        }
                    }
                    Resolved::Package if cx.package.is_const(name) => {}
                    // a package variable may change before the exit
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    Some((inner, captured))
}

/// The nodes that declare `name` inside the function body.
fn declarations<'t>(func: &Function<'t>, name: &str, text: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    walk_all(func.body, &mut |n| {
        let names = gdr_core::syntax::declared_names(n);
        if names.iter().any(|m| &text[m.byte_range()] == name) {
            out.push(n);
        }
    });
    out
}

/// A local whose value at the defer is its value at every exit: declared once,
/// before the defer, by a parameter, `:=` or `var` outside any loop header; never
/// assigned, incremented or address-taken; not a named result.
fn stable_local(
    cx: &FileContext<'_>,
    func: &Function<'_>,
    name: &str,
    d: &Defer<'_>,
    text: &str,
) -> bool {
    let locals = gdr_core::panic::LocalTypes::collect_typed(func, text, Some(cx.package));
    let ty = locals.type_of(name).map(str::to_string);
    if func.results.iter().any(|p| p.name.as_deref() == Some(name)) {
        return false;
    }
    let is_param = func
        .params
        .iter()
        .chain(func.receiver.iter())
        .any(|p| p.name.as_deref() == Some(name));
    let decls = declarations(func, name, text);
    match (is_param, decls.as_slice()) {
        (true, []) => {}
        (false, [one]) => {
            if one.start_byte() > d.node.start_byte()
                || !matches!(one.k(), "short_var_declaration" | "var_spec")
                || one.parent().is_some_and(|p| {
                    matches!(
                        p.k(),
                        "for_clause"
                            | "if_statement"
                            | "expression_switch_statement"
                            | "type_switch_statement"
                    )
                })
            {
                return false;
            }
        }
        _ => return false,
    }
    let mut written = false;
    walk_all(func.body, &mut |n| {
        if written {
            return;
        }
        match n.k() {
            "assignment_statement" => {
                if let Some(left) = n.field("left") {
                    written |= named_children(left)
                        .iter()
                        .any(|l| root_name(*l, text) == Some(name));
                }
            }
            "inc_statement" | "dec_statement" => {
                written |= named_children(n)
                    .first()
                    .is_some_and(|l| root_name(*l, text) == Some(name));
            }
            // `x.M()` may take `&x` implicitly (a pointer method on a value).
            "call_expression" => {
                written |= n
                    .field("function")
                    .filter(|f| f.k() == "selector_expression")
                    .and_then(|f| f.field("operand"))
                    .is_some_and(|o| root_name(o, text) == Some(name));
            }
            "unary_expression" if n.child(0).is_some_and(|o| o.k() == "&") => {
                written |= n
                    .field("operand")
                    .is_some_and(|o| root_name(o, text) == Some(name));
            }
            // `for x[0] = range xs`, `case x[0] = <-ch:`.
            "range_clause" | "receive_statement" => {
                if let Some(left) = n.field("left") {
                    written |= named_children(left)
                        .iter()
                        .any(|l| root_name(*l, text) == Some(name));
                }
            }
            // `set := x.Set`: a method value of a pointer method takes `&x`. (A
            // field the package declares is only read.)
            "selector_expression"
                if n.field("operand")
                    .is_some_and(|o| unparen(o).k() == "identifier")
                    && n.parent().is_none_or(|p| p.k() != "call_expression") =>
            {
                let on_name = n
                    .field("operand")
                    .is_some_and(|o| root_name(o, text) == Some(name));
                let field = n.field("field").map_or("", |f| &text[f.byte_range()]);
                let known_field = ty
                    .as_deref()
                    .is_some_and(|t| cx.package.field_type(t, field).is_some());
                written |= on_name && !known_field;
            }
            // `buf[:]` of an array: the slice writes the array (`copy(buf[:], src)`).
            "slice_expression" => {
                written |= n
                    .field("operand")
                    .is_some_and(|o| root_name(o, text) == Some(name));
            }
            _ => {}
        }
    });
    !written
}

/// The variable an assignment target or operand starts from: `x` in `x`, `x.f`, `x[i]`.
fn root_name<'a>(mut n: Node<'_>, text: &'a str) -> Option<&'a str> {
    loop {
        n = unparen(n);
        match n.k() {
            "identifier" => return Some(&text[n.byte_range()]),
            "selector_expression" => n = n.field("operand")?,
            "index_expression" | "slice_expression" => n = n.field("operand")?,
            _ => return None,
        }
    }
}
