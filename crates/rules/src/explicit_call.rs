//! ## What it does
//! Finds `defer X.Unlock()` (and every call matching `[explicit-call] patterns` or
//! `--pattern`, by default `$X.Unlock()` and `$X.RUnlock()`) and, where it provably
//! does not change what the program does, replaces it by an explicit call before
//! every exit that follows it: each `return` after the defer (also inside `if`,
//! `switch`, `select` and `for` bodies, but not inside func literals), each
//! statement `panic(v)` (after `v` is evaluated: `pv := v; s.mu.Unlock();
//! panic(pv)`), and the end of the body when control can reach it.
//!
//! ## Why is this bad?
//! A defer the compiler cannot open-code costs a runtime record per call, and any
//! defer stops the function from being inlined. On hot paths (a lock held for a
//! few instructions) the explicit form is cheaper and no less clear.
//!
//! ## Example
//! ```go
//! func (s *Store) Get(k string) int {
//!     s.mu.Lock()
//!     defer s.mu.Unlock()
//!     return s.m[k]
//! }
//! ```
//! becomes
//! ```go
//! func (s *Store) Get(k string) int {
//!     s.mu.Lock()
//!     ret := s.m[k]
//!     s.mu.Unlock()
//!     return ret
//! }
//! ```
//! The return expression is still evaluated under the lock: a deferred call runs
//! after the return values are computed, so `s.mu.Unlock(); return s.m[k]` would be
//! a data race. Expressions that may read shared state are hoisted into
//! temporaries: `ret := expr` where the expression has a type of its own (the
//! `return` then converts `ret` exactly as it would have converted `expr`), `var ret
//! T = expr` with the result's type where it has none (an untyped constant or a
//! comparison), unless the result is of the predeclared `bool` or `string`, which
//! is then the expression's default type. What stays in the `return` reads nothing another goroutine or a call
//! could change: literals, constants, locals no closure can reach, `&x` of a local,
//! composite literals and numeric conversions of such values, and the standard
//! library's `errors.New` and `fmt.Errorf` on them (fmt only on operands without
//! methods). Package variables are always hoisted, even unexported ones that only
//! their declaration assigns: another package can write them through
//! `//go:linkname`, and a writer holding the lock would race with a moved read.
//! A hoisted expression keeps its comments, and its continuation lines are
//! re-indented as gofmt lays them out in the new statement; comments between
//! `return` and its results stay in the `return`.
//!
//! ## Fix safety
//! No fix at all when the defer is in a loop, or in a nested block (an `if` or
//! `case` body) that control can leave other than by an exit: the rest of that
//! statement list must end in a terminating statement (`return`, `panic`, ...) with
//! no `break`/`continue` out of it, so that every exit the defer reaches is there; when the function uses `goto` or `recover()`; when the same call is
//! deferred twice; when the receiver (or anything the deferred call reads) is
//! reassigned, shadowed or has its address taken after the defer, or is assigned
//! inside any closure; when the deferred call's operands are not plain names,
//! fields and indexes; and when an exit is `runtime.Goexit`/`t.FailNow`-like
//! (deferred calls run there, explicit ones would not).
//!
//! No fix either when the region uses the same receiver again (an explicit
//! `c.mu.RUnlock()` in it: the lock may not be held at an exit), or when a later
//! defer that stays reads the receiver's object (it would run after the unlock).
//! When the receiver path goes through a pointer, interface or index that a call in
//! the region could replace, the method value is bound where the defer was
//! (`unlock := t.ns.mu.Unlock`, and each exit calls `unlock()`): Go evaluates a
//! method value's receiver exactly as `defer` does. In a func literal, a receiver
//! rooted in a captured variable is as stable as a local of its own when nothing
//! writes that variable after its declaration (no assignment, `:=` redeclaration,
//! `++` or `&x` anywhere in the declaring function and its closures; not a loop
//! variable, not in a function with `goto`): the call is then made directly.
//! A trailing comment on the defer (`defer mu.Unlock() // unlock`) goes with each
//! explicit call, unless a neighbouring line has a trailing comment gofmt would
//! align it with; then it stays on its own line where the defer was.
//!
//! A `panic(v)` statement is an exit like a `return`: the explicit call is made
//! just before the panic starts, so it is no hazard — unless the deferred method
//! may call `recover()` (its body calls it, or is not visible: deferred, it would
//! stop the panic; called before it, it cannot). `panic` reached any other way
//! (in a callee, `log.Panic`) is. Where the name `panic` may not be the builtin
//! (any file of the package, its `_test.go` files included, declares or binds the
//! name), a `panic(..)` call may return, so no fix is offered in the package.
//!
//! No fix either where the explicit form would be an empty critical section
//! (`mu.Lock(); defer mu.Unlock(); return "none"` would become `mu.Lock();
//! mu.Unlock()`, which staticcheck reports as SA2001).
//!
//! No fix either where the output would not stay gofmt-clean: a general comment
//! spanning lines inside a result that must lose a level of indentation (gofmt
//! re-indents such comments), or a trailing comment aligned with one on a
//! neighbouring line that the rewrite would separate or change.
//!
//! The fix is **Unsafe** when code between the defer and an exit can panic (a
//! deferred call runs while a panic unwinds; an explicit one does not, so a panic
//! recovered up the stack would leave the mutex locked), or when another `defer`
//! registered later stays in the function (its call would now run after this one
//! instead of before). The diagnostic names the expression or defer responsible.
//! Otherwise the fix is **Safe**.
//!
//! "Cannot panic" is a proof over the semantic model (`gdr_core::semantic`), never
//! over spellings: `len`, `nil`, a constant divisor or a type are what Go's scopes
//! make them (a func-literal parameter named `len`, a local `n` shadowing a
//! constant, a type parameter named like a package type prove nothing); a package
//! name declared differently in files for different builds, or by a `_test.go`
//! file, is unknown; a method is the one Go's promotion depth selects (an embedded
//! interface or another package's type at a shallower depth leaves it unknown);
//! fmt is panic-free only on operands without `String`/`Error` methods. A local
//! whose address may be taken (`&x`, a method called on it, an array sliced) is
//! read before the unlock, like shared state; a deferred method with a value
//! receiver is bound at the defer, as the defer copied its receiver.

use gdr_core::defer_checks::{
    check_arguments, check_receiver, hazards, nested_region, operand_names, receiver_may_be_copied,
    refusal_help, refused, structural_refusal, with_hazards, Hazard,
};
use gdr_core::model::{Defer, ExitKind, Function};
use gdr_core::package::Shape;
use gdr_core::panic::PanicAnalyzer;
use gdr_core::rewrite::{refuse_lock_copy, EditPlan, Hoister, Refusal};
use gdr_core::syntax::NodeExt;
use gdr_core::syntax::{inside_literal_within, squash, unparen, walk_all, walk_function};
use gdr_core::tree_sitter::Node;
use gdr_core::{Diagnostic, FileContext, FixAvailability, Rule, Severity};

pub struct ExplicitCall;

pub const CODE: &str = "DR001";
pub const NAME: &str = "explicit-call";

impl Rule for ExplicitCall {
    fn code(&self) -> &str {
        CODE
    }
    fn name(&self) -> &str {
        NAME
    }
    fn summary(&self) -> &str {
        "`defer X.Unlock()` that can become explicit calls before every exit"
    }
    fn docs(&self) -> &str {
        crate::module_docs(include_str!("explicit_call.rs"))
    }
    fn fix_availability(&self) -> FixAvailability {
        FixAvailability::Sometimes
    }
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.file.text.as_str();
        for func in &cx.model.functions {
            for d in &func.defers {
                if d.is_func_literal
                    || !cx
                        .settings
                        .explicit_call
                        .iter()
                        .any(|p| p.matches(unparen(d.call), text))
                {
                    continue;
                }
                out.push(diagnose(cx, func, d));
            }
        }
    }
}

fn diagnose(cx: &FileContext<'_>, func: &Function<'_>, d: &Defer<'_>) -> Diagnostic {
    let call = squash(&cx.file.text[d.call.byte_range()]);
    let base =
        |msg: String| Diagnostic::new(CODE, NAME, Severity::Warning, d.node.byte_range(), msg);
    match plan(cx, func, d) {
        Err(r) => refused(
            base,
            &call,
            r.clone(),
            format!("no fix: {}", refusal_help(r.reason)),
        ),
        Ok((edits, exits, hazards, notes)) => {
            let explain = |help: String| {
                if cx.settings.explain_safety && !notes.is_empty() {
                    format!("{help}\nwhy: {}", notes.join("; "))
                } else {
                    help
                }
            };
            let exits_text = if exits == 1 {
                "1 exit".to_string()
            } else {
                format!("{exits} exits")
            };
            let msg = format!("`defer {call}` can be an explicit call at {exits_text}");
            with_hazards(
                base(msg),
                edits,
                &hazards,
                format!("remove the defer and call `{call}` before each exit, after the return values are computed"),
                "nothing between the defer and its exits can panic, no later defer stays, and the receiver cannot change",
                explain,
            )
        }
    }
}

/// (edits, exits served, hazards, reasoning notes)
type Plan = (Vec<gdr_core::Edit>, usize, Vec<Hazard>, Vec<String>);

fn plan(cx: &FileContext<'_>, func: &Function<'_>, d: &Defer<'_>) -> Result<Plan, Refusal> {
    let file = cx.file;
    let text = file.text.as_str();
    structural_refusal(cx, func, d, true, true)?;
    let names = operand_names(d.call, text)?;
    let after = d.node.end_byte();
    // A defer in a nested block is only planned when control cannot leave the rest
    // of its statement list but by an exit (checked by `structural_refusal`).
    let (region, region_end): (Vec<Node<'_>>, usize) = if d.top_level {
        let all = gdr_core::syntax::statements(func.body)
            .into_iter()
            .filter(|s| s.start_byte() >= after)
            .collect();
        (all, usize::MAX)
    } else {
        let nested = nested_region(d, text).ok_or_else(|| {
            Refusal::new("nested-block", "the defer is inside a nested block", None)
        })?;
        let end = nested.last().map_or(after, |s| s.end_byte());
        (nested, end)
    };
    check_arguments(cx, func, d)?;
    let copies_receiver = receiver_may_be_copied(cx, func, d);
    check_receiver(func, d, &names, &region, text, copies_receiver)?;
    let bind = check_lock_state(cx, func, d, &region)?;
    let exits: Vec<_> = func
        .exits
        .iter()
        .filter(|e| e.offset >= after && e.offset < region_end)
        .collect();

    // Build the rewrite.
    // A deferred method that calls recover() stops a panic that the explicit call,
    // made before `panic(v)` starts, cannot: panic exits are then not served.
    let callee_may_recover = deferred_call_may_recover(cx, func, d);
    let panics: Vec<(Node<'_>, Node<'_>, Node<'_>)> = exits
        .iter()
        .filter(|e| e.kind == ExitKind::Panic && !callee_may_recover)
        .filter_map(|e| servable_panic(cx, e.node?))
        .collect();
    let served = panics.len()
        + exits
            .iter()
            .filter(|e| matches!(e.kind, ExitKind::Return | ExitKind::FallThrough))
            .count();
    let ops = gdr_core::operands::ReturnOperands::in_context(cx, func);
    let escaping = ops.escaping();
    // `return v` writes the named results after the explicit call: where one is
    // reachable from elsewhere (its address taken, or captured), that write would
    // happen after the unlock.
    empty_critical_section(cx, d, &ops)?;
    let shared_result = |name: &str| {
        let mut hit = false;
        walk_all(func.body, &mut |n| {
            let is_name = |x: Node<'_>| x.k() == "identifier" && &text[x.byte_range()] == name;
            hit |= match n.k() {
                "unary_expression" if n.child(0).is_some_and(|o| o.k() == "&") => {
                    n.field("operand").map(unparen).is_some_and(is_name)
                }
                // A closure other than a deferred one (which runs in this goroutine,
                // after the results are set) may read it from elsewhere.
                "func_literal" => {
                    let deferred = n
                        .parent()
                        .and_then(|c| c.parent())
                        .is_some_and(|s| s.k() == "defer_statement");
                    let mut uses = false;
                    walk_all(n, &mut |x| uses |= is_name(x));
                    uses && !deferred
                }
                _ => false,
            };
        });
        hit
    };
    if let Some(r) = func
        .results
        .iter()
        .filter_map(|p| p.name.as_deref())
        .find(|n| *n != "_" && escaping.contains(*n) && shared_result(n))
    {
        let valued_return = exits.iter().any(|e| {
            e.kind == ExitKind::Return && e.node.is_some_and(|n| n.named_child_count() > 0)
        });
        if valued_return {
            return Err(Refusal::new(
                "shared-named-result",
                format!("the named result `{r}` can be reached from elsewhere (its address is taken or a closure captures it): a `return` would set it after the explicit call"),
                None,
            ));
        }
    }
    let build = |carried: Option<&str>| -> Result<(Vec<gdr_core::Edit>, usize), Refusal> {
        let mut edit_plan = EditPlan::new(file);
        let mut hoister = Hoister::new(func, text);
        let inner = unparen(d.call);
        let callee = inner.field("function").map(unparen);
        let call = match (bind && served > 0, callee, inner.field("arguments")) {
            (true, Some(callee), Some(args)) => {
                // Bind the method value where the defer was: Go evaluates its receiver (and
                // takes the address for a pointer method) right there, exactly as `defer`
                // does, so later changes to the receiver path do not matter.
                let method = callee.field("field").unwrap_or(callee);
                let name =
                    hoister.fresh_in_function(&text[method.byte_range()].to_ascii_lowercase());
                edit_plan.replace(d.node, format!("{name} := {}", &text[callee.byte_range()]));
                format!("{name}{}", &text[args.byte_range()])
            }
            _ => match carried {
                // The defer's own trailing comment goes with each explicit call.
                Some(comment) => {
                    edit_plan.delete_with_comment(d.node);
                    format!("{} {comment}", &text[d.call.byte_range()])
                }
                None => {
                    edit_plan.delete(d.node);
                    text[d.call.byte_range()].to_string()
                }
            },
        };
        let mut count = 0;
        for exit in &exits {
            match exit.kind {
                ExitKind::Return => {
                    let ret = exit.node.expect("returns have nodes");
                    if ret.parent().is_some_and(|p| p.k() == "labeled_statement") {
                        return Err(Refusal::new(
                            "labeled-return",
                            "a return carries a label",
                            Some(ret.byte_range()),
                        ));
                    }
                    match hoister.hoist(file, func, ret, &ops)? {
                        None => edit_plan.insert_before(ret, vec![call.clone()]),
                        Some((mut lines, new_return)) => {
                            refuse_lock_copy(cx.package, func, ret)?;
                            lines.push(call.clone());
                            edit_plan.insert_before(ret, lines);
                            edit_plan.replace(ret, new_return);
                        }
                    }
                    count += 1;
                }
                ExitKind::FallThrough => {
                    edit_plan.append(func.body, vec![call.clone()]);
                    count += 1;
                }
                // Deferred calls do not run on os.Exit; other panics are hazards below.
                ExitKind::ProcessExit | ExitKind::Panic | ExitKind::Goexit => {}
            }
        }
        for (stmt, call_node, arg) in &panics {
            match hoister.hoist_panic(file, *stmt, *call_node, *arg, &ops)? {
                None => edit_plan.insert_before(*stmt, vec![call.clone()]),
                Some((line, new_call)) => {
                    edit_plan.insert_before(*stmt, vec![line, call.clone()]);
                    edit_plan.replace(*stmt, new_call);
                }
            }
            count += 1;
        }
        Ok((edit_plan.render()?, count))
    };
    // `defer mu.Unlock() // unlock`: the comment is kept on every explicit call where
    // gofmt's layout allows (no trailing comment on a neighbouring line to align
    // with); otherwise it stays, on its own line, where the defer was.
    let (edits, count) = match trailing_comment(d.node, text) {
        Some(comment) => build(Some(comment)).or_else(|_| build(None))?,
        None => build(None)?,
    };
    let served_panics: Vec<_> = panics.iter().map(|(_, c, _)| c.byte_range()).collect();
    let (hazards, notes) = hazards(cx, func, d, &region, &served_panics);
    Ok((edits, count, hazards, notes))
}

/// Could the deferred call be a function that calls `recover()`? Not for the lock
/// methods of package sync, nor for a package method or function whose bodies are
/// read and do not; anything else (another package's method, a func value, an
/// interface method) may.
fn deferred_call_may_recover(cx: &FileContext<'_>, func: &Function<'_>, d: &Defer<'_>) -> bool {
    let text = cx.file.text.as_str();
    let Some(callee) = unparen(d.call).field("function").map(unparen) else {
        return true;
    };
    let analyzer = PanicAnalyzer::in_context(cx, func);
    let key = match callee.k() {
        "selector_expression" => {
            let (Some(op), Some(field)) = (callee.field("operand"), callee.field("field")) else {
                return true;
            };
            let method = &text[field.byte_range()];
            let Some(ty) = analyzer.type_of(op) else {
                return true;
            };
            let base = ty.trim_start_matches('*');
            let lock = matches!(method, "Lock" | "Unlock" | "RLock" | "RUnlock");
            if lock && (base == "sync.Mutex" || base == "sync.RWMutex") {
                return false;
            }
            match cx.package.method(&ty, method) {
                Some((key, _)) => key,
                None => {
                    // A lock method promoted from an embedded sync lock.
                    let promoted_lock = lock
                        && (cx.package.embeds(&ty, "sync.Mutex")
                            || cx.package.embeds(&ty, "sync.RWMutex"));
                    return !promoted_lock;
                }
            }
        }
        "identifier" if analyzer.names().is_package(callee) => {
            text[callee.byte_range()].to_string()
        }
        _ => return true,
    };
    cx.package.recovers(&key) != Some(false)
}

/// A `panic(arg)` exit that the explicit call can precede, as (statement, call,
/// argument): a call of the builtin `panic` (not a local or package-level name
/// `panic`), as an unlabeled statement of its own, with one argument. While a panic
/// unwinds, the deferred call runs before any earlier-registered deferred call and
/// before anything up the stack; made just before the panic starts, after the
/// argument is evaluated, nothing can observe the difference. (A later defer that
/// stays would now run after the call: that is a hazard of its own, and a `recover`
/// in the function refuses the fix.)
fn servable_panic<'t>(
    cx: &FileContext<'_>,
    call: Node<'t>,
) -> Option<(Node<'t>, Node<'t>, Node<'t>)> {
    let text = cx.file.text.as_str();
    let f = call.field("function")?;
    let imports: std::collections::HashMap<String, String> =
        gdr_core::panic::imports_of(cx.file).into_iter().collect();
    let names = gdr_core::semantic::Names::new(text, cx.package, &imports);
    if f.k() != "identifier" || !names.is_universe(f, "panic") {
        return None;
    }
    let stmt = call.parent().filter(|p| p.k() == "expression_statement")?;
    if stmt.parent().is_none_or(|p| p.k() == "labeled_statement") {
        return None;
    }
    let args = call.field("arguments")?;
    // Comments around the argument stay in the call (see `Hoister::hoist_panic`).
    let named = gdr_core::syntax::named_children(args);
    match named.as_slice() {
        [arg] if arg.k() != "variadic_argument" => Some((stmt, call, *arg)),
        _ => None,
    }
}

/// Refusals about what the lock will be at an exit, where an Unsafe fix would not
/// just differ on a panic path but release the wrong thing or release it too early:
/// - the region uses the same receiver again (`c.mu.RUnlock(); defer c.mu.RLock()`
///   inside the region): the lock may not be held at an exit;
/// - a later defer that stays reads the receiver's object (it would now run after
///   the unlock, a data race on what the lock guards);
///
/// Returns whether the receiver path goes through a pointer, interface or index that
/// a call in the region could replace: then the rewrite binds the method value at
/// the defer (`unlock := t.ns.mu.Unlock`, exits call `unlock()`), which evaluates the
/// receiver exactly when the defer did.
fn check_lock_state(
    cx: &FileContext<'_>,
    func: &Function<'_>,
    d: &Defer<'_>,
    region: &[Node<'_>],
) -> Result<bool, Refusal> {
    let text = cx.file.text.as_str();
    let callee = unparen(d.call).field("function").map(unparen);
    let receiver_text = callee
        .and_then(|c| c.field("operand"))
        .map(|o| squash(&text[o.byte_range()]));
    let callee_text = callee.map(|c| squash(&text[c.byte_range()]));
    for stmt in region {
        let mut hit = None;
        walk_all(*stmt, &mut |n| {
            if hit.is_some() || n.k() != "call_expression" {
                return;
            }
            let Some(f) = n.field("function").map(unparen) else {
                return;
            };
            let same = match (&receiver_text, f.k()) {
                (Some(r), "selector_expression") => f
                    .field("operand")
                    .is_some_and(|o| &squash(&text[o.byte_range()]) == r),
                (None, _) => callee_text.as_deref() == Some(squash(&text[f.byte_range()]).as_str()),
                _ => false,
            };
            if same {
                hit = Some(n);
            }
        });
        if let Some(n) = hit {
            return Err(Refusal::new(
                "receiver-used-again",
                format!(
                    "`{}` uses the same receiver before an exit: the lock may not be held there",
                    squash(&text[n.byte_range()])
                ),
                Some(n.byte_range()),
            ));
        }
    }
    let region_end = region.last().map_or(usize::MAX, |s| s.end_byte());
    if let Some(root) = &d.receiver_root {
        for later in func
            .defers
            .iter()
            .filter(|o| o.node.start_byte() > d.node.end_byte() && o.node.start_byte() < region_end)
        {
            let mut uses = false;
            walk_all(later.call, &mut |n| {
                uses |= n.k() == "identifier" && &text[n.byte_range()] == root
            });
            if uses {
                return Err(Refusal::new(
                    "later-defer-uses-receiver",
                    format!(
                        "`defer {}` runs later and reads `{root}`: it would run after the unlock",
                        squash(&text[later.call.byte_range()])
                    ),
                    Some(later.node.byte_range()),
                ));
            }
        }
    }
    let analyzer = PanicAnalyzer::in_context(cx, func);
    if let Some(segment) = unstable_receiver(&analyzer, cx, d) {
        let mut call = None;
        for stmt in region {
            walk_function(*stmt, &mut |n| {
                // A call, or a write through memory (`u.cur = x` where `u` may be an
                // alias of the receiver's root), could replace `segment`.
                let writes_memory =
                    gdr_core::defer_checks::assigned_target(n, &|t| unparen(t).k() != "identifier")
                        .is_some();
                // A channel operation, `select` or `go` lets another goroutine run
                // and synchronize with this one: it may replace `segment` then.
                let synchronizes = matches!(
                    n.k(),
                    "send_statement" | "select_statement" | "go_statement"
                ) || (n.k() == "unary_expression"
                    && n.child(0).is_some_and(|o| o.k() == "<-"));
                if call.is_none()
                    && (n.k() == "call_expression" || writes_memory || synchronizes)
                    && !inside_literal_within(n, *stmt)
                {
                    call = Some(n);
                }
            });
        }
        if call.is_some() {
            // The rewrite binds the method value at the defer.
            let _ = segment;
            return Ok(true);
        }
    }
    Ok(false)
}

/// Types held by value whose address, once taken, is the same object: structs the
/// package declares, and the lock types of package sync. (An external named type
/// might be an interface, like `sync.Locker`, whose value a call can replace.)
fn is_fixed_value(cx: &FileContext<'_>, ty: Option<&str>) -> bool {
    match ty {
        Some("sync.Mutex" | "sync.RWMutex") => true,
        Some(t) => matches!(cx.package.shape(t), Shape::Struct(_)),
        None => false,
    }
}

/// The receiver path of the deferred call when its method is one the package
/// declares with a value receiver (the defer evaluated a copy of the receiver).
fn value_receiver_path(
    analyzer: &PanicAnalyzer<'_>,
    cx: &FileContext<'_>,
    d: &Defer<'_>,
) -> Option<String> {
    let callee = gdr_core::syntax::unparen(d.call)
        .field("function")
        .map(gdr_core::syntax::unparen)?;
    if callee.k() != "selector_expression" {
        return None;
    }
    let operand = callee.field("operand")?;
    let method = &cx.file.text[callee.field("field")?.byte_range()];
    let ty = analyzer.type_of(operand)?;
    if ty.starts_with('*') {
        return None;
    }
    let (_, info) = cx.package.method(&ty, method)?;
    (!info.pointer_receiver).then(|| squash(&cx.file.text[operand.byte_range()]))
}

/// The first part of the receiver path whose value a call could change (a pointer,
/// interface, map or slice element, or a type the package does not declare).
fn unstable_receiver(
    analyzer: &PanicAnalyzer<'_>,
    cx: &FileContext<'_>,
    d: &Defer<'_>,
) -> Option<String> {
    let root = d.receiver_root.as_ref()?;
    let path = &d.receiver_path;
    // A method with a value receiver: the defer copied the whole receiver value,
    // which a call can replace (a field of it, or the variable) before an exit.
    if let Some(full) = value_receiver_path(analyzer, cx, d) {
        return Some(full);
    }
    // A method promoted through an embedded pointer (`s.Unlock()` is
    // `s.inner.Mutex.Unlock()` with `inner *inner`): the defer evaluated that
    // pointer, which a write to the embedded field can replace.
    if let Some(callee) = unparen(d.call).field("function").map(unparen) {
        if let (Some(op), Some(field)) = (callee.field("operand"), callee.field("field")) {
            let method = &cx.file.text[field.byte_range()];
            if let Some(e) = analyzer
                .type_of(op)
                .and_then(|t| cx.package.promoted_through_pointer(&t, method))
            {
                return Some(format!("{}.{e}", squash(&cx.file.text[op.byte_range()])));
            }
        }
    }
    // What the root names, by Go's scopes: a local of this function, or a package
    // variable. A local of an enclosing function (captured by the func literal the
    // defer is in) can be changed by that function while this one runs.
    // A captured local that nothing writes after its declaration (the enclosing
    // function and all its closures are the only code that can) is as stable as one
    // of this function's own: its type is the enclosing function's.
    let mut captured_type = None;
    let own_local = match analyzer.names().resolve_name(d.call, root) {
        gdr_core::semantic::Resolved::Local { decl, kind } => {
            if !analyzer.locals.declares_at(decl.start_byte()) {
                let root_node = receiver_root_node(d.call, &cx.file.text);
                if !gdr_core::semantic::scope::never_reassigned(decl, kind, &cx.file.text) {
                    return Some(root.clone());
                }
                captured_type = root_node.and_then(|r| analyzer.type_of(r));
                if captured_type.is_none() {
                    return Some(root.clone());
                }
            }
            true
        }
        gdr_core::semantic::Resolved::Package => false,
        _ => return Some(root.clone()),
    };
    if path.len() <= 1 {
        // A local cannot be changed by a call (closures writing it were refused); a
        // package-level variable held by value keeps its address, other globals can change.
        let fixed = own_local || is_fixed_value(cx, cx.package.var_type(root));
        return if fixed { None } else { Some(root.clone()) };
    }
    let mut ty = if captured_type.is_some() {
        captured_type
    } else if own_local {
        analyzer.locals.type_of(root).map(str::to_string)
    } else {
        cx.package.var_type(root).map(str::to_string)
    };
    if !own_local && cx.package.var_type(root).is_none() {
        return Some(root.clone());
    }
    let mut shown = root.clone();
    for seg in &path[1..] {
        shown = if seg.starts_with('[') {
            format!("{shown}{seg}")
        } else {
            format!("{shown}.{seg}")
        };
        if seg.starts_with('[') {
            return Some(shown);
        }
        // `s.mu` with `mu` promoted from an embedded `*shared` is `s.shared.mu`: a
        // call can replace `s.shared`.
        if ty
            .as_deref()
            .is_some_and(|t| cx.package.promoted_through_pointer(t, seg).is_some())
        {
            return Some(shown);
        }
        let field_ty = ty.as_deref().and_then(|t| cx.package.field_type(t, seg));
        if !is_fixed_value(cx, field_ty.as_deref()) {
            return Some(shown);
        }
        ty = field_ty;
    }
    None
}

/// The identifier at the root of the deferred call's receiver path (`s` of
/// `s.a.mu.Unlock()`).
fn receiver_root_node<'t>(call: Node<'t>, text: &str) -> Option<Node<'t>> {
    let mut cur = unparen(call).field("function").map(unparen)?;
    loop {
        match cur.k() {
            "selector_expression" | "index_expression" => {
                cur = unparen(cur.field("operand")?);
            }
            "identifier" => return (!text[cur.byte_range()].is_empty()).then_some(cur),
            _ => return None,
        }
    }
}

/// The `// ...` comment that ends the line of the statement `stmt`, if any.
fn trailing_comment<'t>(stmt: Node<'_>, text: &'t str) -> Option<&'t str> {
    let next = stmt.next_sibling().filter(|n| n.k() == "comment")?;
    let between = &text[stmt.end_byte()..next.start_byte()];
    let comment = &text[next.byte_range()];
    (!between.contains('\n') && between.trim().is_empty() && comment.starts_with("//"))
        .then_some(comment.trim_end())
}

/// `mu.Lock(); defer mu.Unlock(); return x` with `x` evaluated after the call (or
/// nothing after the defer): the explicit form would be `mu.Lock(); mu.Unlock()`,
/// an empty critical section that staticcheck reports (SA2001) and a reviewer
/// would question. Refused.
fn empty_critical_section(
    cx: &FileContext<'_>,
    d: &Defer<'_>,
    ops: &gdr_core::operands::ReturnOperands<'_>,
) -> Result<(), Refusal> {
    use gdr_core::operands::Operands;
    let text = cx.file.text.as_str();
    fn sibling(n: Node<'_>, forward: bool) -> Option<Node<'_>> {
        let mut cur = if forward {
            n.next_named_sibling()
        } else {
            n.prev_named_sibling()
        };
        while let Some(c) = cur.filter(|c| c.k() == "comment") {
            cur = if forward {
                c.next_named_sibling()
            } else {
                c.prev_named_sibling()
            };
        }
        cur
    }
    let receiver = |call: Node<'_>| {
        let f = unparen(call).field("function").map(unparen)?;
        let op = f.field("operand")?;
        let method = &text[f.field("field")?.byte_range()];
        Some((squash(&text[op.byte_range()]), method.to_string()))
    };
    let Some((recv, _)) = receiver(d.call) else {
        return Ok(());
    };
    let locked = sibling(d.node, false)
        .filter(|p| p.k() == "expression_statement")
        .and_then(|p| p.named_child(0))
        .filter(|c| c.k() == "call_expression")
        .and_then(receiver)
        .is_some_and(|(r, m)| r == recv && matches!(m.as_str(), "Lock" | "RLock"));
    if !locked {
        return Ok(());
    }
    let empty = match sibling(d.node, true) {
        None => d.top_level,
        Some(n) if n.k() == "return_statement" => gdr_core::syntax::named_children(n)
            .into_iter()
            .filter(|c| c.k() == "expression_list")
            .flat_map(gdr_core::syntax::named_children)
            .all(|e| e.k() == "comment" || ops.after_call(e)),
        Some(_) => false,
    };
    if empty {
        return Err(Refusal::new(
            "empty-critical-section",
            format!("the explicit form would release `{recv}` on the line after it is taken"),
            Some(d.node.byte_range()),
        ));
    }
    Ok(())
}
