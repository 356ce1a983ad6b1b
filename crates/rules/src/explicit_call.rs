//! ## What it does
//! Finds `defer X.Unlock()` (and every call matching `[explicit-call] patterns` or
//! `--pattern`, by default `$X.Unlock()` and `$X.RUnlock()`) and, where it provably
//! does not change what the program does, replaces it by an explicit call before
//! every exit that follows it: each `return` after the defer (also inside `if`,
//! `switch`, `select` and `for` bodies, but not inside func literals) and the end of
//! the body when control can reach it.
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
//!     var ret int = s.m[k]
//!     s.mu.Unlock()
//!     return ret
//! }
//! ```
//! The return expression is still evaluated under the lock: a deferred call runs
//! after the return values are computed, so `s.mu.Unlock(); return s.m[k]` would be
//! a data race. Expressions that are not trivially safe (literals, `nil`, package
//! constants, locals no closure can reach) are hoisted into temporaries typed from
//! the signature, so untyped constants keep their result type.
//!
//! ## Fix safety
//! No fix at all when the defer is not a statement of the body's own block or is in
//! a loop; when the function uses `goto` or `recover()`; when the same call is
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
//! method value's receiver exactly as `defer` does.
//!
//! The fix is **Unsafe** when code between the defer and an exit can panic (a
//! deferred call runs while a panic unwinds; an explicit one does not, so a panic
//! recovered up the stack would leave the mutex locked), or when another `defer`
//! registered later stays in the function (its call would now run after this one
//! instead of before). The diagnostic names the expression or defer responsible.
//! Otherwise the fix is **Safe**.

use gdr_core::model::{Defer, ExitKind, Function};
use gdr_core::package::Shape;
use gdr_core::panic::PanicAnalyzer;
use gdr_core::rewrite::{escaping_locals, is_trivially_safe, EditPlan, Hoister, Refusal};
use gdr_core::syntax::{
    inside_literal_within, named_children, squash, unparen, walk_all, walk_function,
};
use gdr_core::tree_sitter::Node;
use gdr_core::{Applicability, Diagnostic, FileContext, Fix, FixAvailability, Rule, Severity};
use std::ops::Range;

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
        include_str!("explicit_call.rs")
            .split("\n\nuse ")
            .next()
            .unwrap_or("")
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

/// An unsafe aspect of a fix: key, sentence, and the span responsible.
struct Hazard {
    reason: &'static str,
    message: String,
    span: Range<usize>,
}

fn diagnose(cx: &FileContext<'_>, func: &Function<'_>, d: &Defer<'_>) -> Diagnostic {
    let call = squash(&cx.file.text[d.call.byte_range()]);
    let base =
        |msg: String| Diagnostic::new(CODE, NAME, Severity::Warning, d.node.byte_range(), msg);
    match plan(cx, func, d) {
        Err(r) => {
            let mut diag = base(format!("`defer {call}` left as is: {}", r.message))
                .with_reason(r.reason)
                .with_help(format!("no fix: {}", refusal_help(r.reason)));
            if let Some(span) = r.span {
                diag = diag.with_related(span, "here");
            }
            diag
        }
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
            match hazards.first() {
                None => base(msg)
                    .with_help(explain(format!("remove the defer and call `{call}` before each exit, after the return values are computed")))
                    .with_fix(Fix::new(
                        edits,
                        Applicability::Safe,
                        "nothing between the defer and its exits can panic, no later defer stays, and the receiver cannot change",
                    )),
                Some(h) => {
                    let all: Vec<&str> = hazards.iter().map(|h| h.message.as_str()).collect();
                    let all = all.join("; and ");
                    base(msg)
                        .with_reason(h.reason)
                        .with_help(explain(format!("unsafe fix (applied with --unsafe-fixes): {all}")))
                        .with_related(h.span.clone(), h.message.clone())
                        .with_fix(Fix::new(edits, Applicability::Unsafe, all))
                }
            }
        }
    }
}

fn refusal_help(reason: &str) -> &'static str {
    match reason {
        "in-loop" => "a deferred call in a loop runs once per iteration at function exit; move the loop body into a function",
        "nested-block" => "only a defer in the function's own block reaches every later exit",
        "goto" => "goto can jump over an inserted call",
        "recover" => "with recover() in the function, a panic continues to the deferred call",
        "duplicate-defer" => "the same call is deferred more than once",
        "goexit" => "runtime.Goexit and t.FailNow run deferred calls but would skip an explicit one",
        "syntax-error" => "the function does not parse cleanly",
        "result-copies-lock" => "build the result after the unlock from values read under the lock, by hand",
        _ => "rewrite by hand if it is worth it",
    }
}

/// (edits, exits served, hazards, reasoning notes)
type Plan = (Vec<gdr_core::Edit>, usize, Vec<Hazard>, Vec<String>);

fn plan(cx: &FileContext<'_>, func: &Function<'_>, d: &Defer<'_>) -> Result<Plan, Refusal> {
    let file = cx.file;
    let text = file.text.as_str();
    if func.node.has_error() {
        return Err(Refusal::new(
            "syntax-error",
            "the function has a syntax error",
            None,
        ));
    }
    if d.loop_depth > 0 {
        return Err(Refusal::new("in-loop", "the defer is inside a loop", None));
    }
    if !d.top_level {
        return Err(Refusal::new(
            "nested-block",
            "the defer is inside a nested block",
            None,
        ));
    }
    if let Some(g) = func.gotos.first() {
        return Err(Refusal::new(
            "goto",
            "the function uses goto",
            Some(g.byte_range()),
        ));
    }
    if let Some(r) = func.recovers.first() {
        return Err(Refusal::new(
            "recover",
            "the function calls recover()",
            Some(r.byte_range()),
        ));
    }
    let call_text = squash(&text[d.call.byte_range()]);
    if let Some(other) = func
        .defers
        .iter()
        .find(|o| o.node != d.node && squash(&text[o.call.byte_range()]) == call_text)
    {
        return Err(Refusal::new(
            "duplicate-defer",
            format!("`{call_text}` is deferred more than once"),
            Some(other.node.byte_range()),
        ));
    }
    let names = operand_names(d.call, text)?;
    let after = d.node.end_byte();
    let region: Vec<Node<'_>> = gdr_core::syntax::statements(func.body)
        .into_iter()
        .filter(|s| s.start_byte() >= after)
        .collect();
    check_arguments(cx, func, d)?;
    let copies_receiver = receiver_may_be_copied(cx, func, d);
    check_receiver(func, d, &names, &region, text, copies_receiver)?;
    let bind = check_lock_state(cx, func, d, &region)?;
    let exits: Vec<_> = func.exits.iter().filter(|e| e.offset >= after).collect();
    if let Some(g) = exits.iter().find(|e| e.kind == ExitKind::Goexit) {
        let n = g.node.map(|n| n.byte_range());
        return Err(Refusal::new(
            "goexit",
            "an exit after it is runtime.Goexit-like",
            n,
        ));
    }

    // Build the rewrite.
    let mut edit_plan = EditPlan::new(file);
    let served = exits
        .iter()
        .filter(|e| matches!(e.kind, ExitKind::Return | ExitKind::FallThrough))
        .count();
    let locals = gdr_core::panic::LocalTypes::collect(func, text);
    let escaping = escaping_locals(func, text);
    let trivial = |e: Node<'_>| is_trivially_safe(e, text, &locals, &escaping, cx.package);
    let mut hoister = Hoister::new(func, text);
    let inner = unparen(d.call);
    let callee = inner.child_by_field_name("function").map(unparen);
    let call = match (
        bind && served > 0,
        callee,
        inner.child_by_field_name("arguments"),
    ) {
        (true, Some(callee), Some(args)) => {
            // Bind the method value where the defer was: Go evaluates its receiver (and
            // takes the address for a pointer method) right there, exactly as `defer`
            // does, so later changes to the receiver path do not matter.
            let method = callee.child_by_field_name("field").unwrap_or(callee);
            let name = hoister.fresh_in_function(&text[method.byte_range()].to_ascii_lowercase());
            edit_plan.replace(d.node, format!("{name} := {}", &text[callee.byte_range()]));
            format!("{name}{}", &text[args.byte_range()])
        }
        _ => {
            edit_plan.delete(d.node);
            text[d.call.byte_range()].to_string()
        }
    };
    let mut count = 0;
    for exit in &exits {
        match exit.kind {
            ExitKind::Return => {
                let ret = exit.node.expect("returns have nodes");
                if ret
                    .parent()
                    .is_some_and(|p| p.kind() == "labeled_statement")
                {
                    return Err(Refusal::new(
                        "labeled-return",
                        "a return carries a label",
                        Some(ret.byte_range()),
                    ));
                }
                match hoister.hoist(file, func, ret, &trivial)? {
                    None => edit_plan.insert_before(ret, vec![call.clone()]),
                    Some(_) if func.results.iter().any(|r| cx.package.contains_lock(&r.ty)) => {
                        return Err(Refusal::new(
                            "result-copies-lock",
                            "a result holds a lock value: returning it from a temporary would copy the lock (go vet copylocks)",
                            Some(ret.byte_range()),
                        ));
                    }
                    Some((mut lines, new_return)) => {
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
            // Deferred calls do not run on os.Exit; a panic is a hazard below.
            ExitKind::ProcessExit | ExitKind::Panic | ExitKind::Goexit => {}
        }
    }
    let edits = edit_plan.render()?;
    let (hazards, notes) = hazards(cx, func, d, &region);
    Ok((edits, count, hazards, notes))
}

/// Identifiers the deferred call reads. Its operands must be plain names, fields,
/// indexes, literals: anything else (a call, a receive) would be evaluated again.
fn operand_names(call: Node<'_>, text: &str) -> Result<Vec<String>, Refusal> {
    let call = unparen(call);
    let mut names = Vec::new();
    let mut bad = None;
    walk_all(call, &mut |n| {
        if bad.is_some() {
            return;
        }
        match n.kind() {
            "call_expression" if n != call => bad = Some(n),
            "unary_expression" if n.child(0).is_some_and(|o| o.kind() == "<-") => bad = Some(n),
            "func_literal"
            | "type_assertion_expression"
            | "slice_expression"
            | "composite_literal" => bad = Some(n),
            "identifier" => names.push(text[n.byte_range()].to_string()),
            _ => {}
        }
    });
    if let Some(n) = bad {
        return Err(Refusal::new(
            "complex-operand",
            format!(
                "`{}` in the deferred call would be evaluated again by an explicit call",
                &text[n.byte_range()]
            ),
            Some(n.byte_range()),
        ));
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// The receiver and every name the deferred call reads must keep their value from
/// the defer to each exit.
fn check_receiver(
    func: &Function<'_>,
    d: &Defer<'_>,
    names: &[String],
    region: &[Node<'_>],
    text: &str,
    copies_receiver: bool,
) -> Result<(), Refusal> {
    let full_path = path_text(&d.receiver_path);
    let prefixes: Vec<String> = (1..d.receiver_path.len())
        .map(|i| {
            d.receiver_path[..=i].iter().fold(String::new(), |acc, s| {
                if s.starts_with('[') || acc.is_empty() {
                    acc + s
                } else {
                    acc + "." + s
                }
            })
        })
        .collect();
    let written = |target: Node<'_>| -> bool {
        let t = squash(&text[unparen(target).byte_range()]);
        names.contains(&t)
            || prefixes.contains(&t)
            // A value receiver was copied at the defer: writing into it changes what an
            // explicit call would see.
            || (copies_receiver && (t.starts_with(&format!("{full_path}.")) || t.starts_with(&format!("{full_path}["))))
    };
    let refuse = |n: Node<'_>, what: &str| {
        Err(Refusal::new(
            if what == "shadowed" {
                "receiver-shadowed"
            } else {
                "receiver-reassigned"
            },
            format!(
                "`{}` is {} after the defer",
                &text[n.byte_range()],
                if what == "shadowed" {
                    "redeclared"
                } else {
                    what
                }
            ),
            Some(n.byte_range()),
        ))
    };
    // Assignments inside any closure of the function, wherever it is: it may be called in the region.
    for lit in &func.literals {
        let mut hit = None;
        walk_all(*lit, &mut |n| {
            if hit.is_none() {
                hit = assigned_target(n, &written);
            }
        });
        if let Some(n) = hit {
            return Err(Refusal::new(
                "receiver-reassigned",
                format!(
                    "`{}` is assigned inside a closure, which may run before an exit",
                    &text[n.byte_range()]
                ),
                Some(n.byte_range()),
            ));
        }
    }
    for stmt in region {
        let mut hit: Option<(Node<'_>, &str)> = None;
        walk_all(*stmt, &mut |n| {
            if hit.is_some() {
                return;
            }
            if let Some(t) = assigned_target(n, &written) {
                let declares = n.kind() == "short_var_declaration"
                    || (n.kind() == "range_clause" && text[n.byte_range()].contains(":="));
                hit = Some((t, if declares { "shadowed" } else { "reassigned" }));
                return;
            }
            if inside_literal_within(n, *stmt) && n.kind() != "func_literal" {
                // Declarations inside a closure only shadow inside it.
                return;
            }
            if let Some(t) = declared_name(n, text, names) {
                hit = Some((t, "shadowed"));
                return;
            }
            if n.kind() == "unary_expression" && n.child(0).is_some_and(|o| o.kind() == "&") {
                if let Some(op) = n.child_by_field_name("operand") {
                    if written(op) {
                        hit = Some((n, "address-taken"));
                    }
                }
            }
        });
        if let Some((n, what)) = hit {
            if what == "address-taken" {
                return Err(Refusal::new(
                    "receiver-address-taken",
                    format!(
                        "`{}` takes the receiver's address after the defer",
                        &text[n.byte_range()]
                    ),
                    Some(n.byte_range()),
                ));
            }
            return refuse(n, what);
        }
    }
    Ok(())
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
    let callee = unparen(d.call).child_by_field_name("function").map(unparen);
    let receiver_text = callee
        .and_then(|c| c.child_by_field_name("operand"))
        .map(|o| squash(&text[o.byte_range()]));
    let callee_text = callee.map(|c| squash(&text[c.byte_range()]));
    for stmt in region {
        let mut hit = None;
        walk_all(*stmt, &mut |n| {
            if hit.is_some() || n.kind() != "call_expression" {
                return;
            }
            let Some(f) = n.child_by_field_name("function").map(unparen) else {
                return;
            };
            let same = match (&receiver_text, f.kind()) {
                (Some(r), "selector_expression") => f
                    .child_by_field_name("operand")
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
    if let Some(root) = &d.receiver_root {
        for later in func
            .defers
            .iter()
            .filter(|o| o.node.start_byte() > d.node.end_byte())
        {
            let mut uses = false;
            walk_all(later.call, &mut |n| {
                uses |= n.kind() == "identifier" && &text[n.byte_range()] == root
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
    let analyzer = PanicAnalyzer::new(cx.file, cx.package, func);
    if let Some(segment) = unstable_receiver(&analyzer, cx, d) {
        let mut call = None;
        for stmt in region {
            walk_function(*stmt, &mut |n| {
                if call.is_none()
                    && n.kind() == "call_expression"
                    && !inside_literal_within(n, *stmt)
                {
                    call = Some(n);
                }
            });
        }
        if call.is_some() {
            // A call could replace `segment`: the rewrite binds the method value at the defer.
            let _ = segment;
            return Ok(true);
        }
    }
    Ok(false)
}

/// `["s", "locks", "[i]"]` → `s.locks[i]`.
fn path_text(path: &[String]) -> String {
    path.iter().fold(String::new(), |acc, s| {
        if s.starts_with('[') || acc.is_empty() {
            acc + s
        } else {
            acc + "." + s
        }
    })
}

/// The deferred call's arguments are evaluated at the defer; an explicit call
/// evaluates them again at each exit. Only values that cannot change in between
/// are allowed: literals, constants, and locals no closure can reach (reassignment
/// is checked with the receiver).
fn check_arguments(
    cx: &FileContext<'_>,
    func: &Function<'_>,
    d: &Defer<'_>,
) -> Result<(), Refusal> {
    let text = cx.file.text.as_str();
    let Some(args) = unparen(d.call).child_by_field_name("arguments") else {
        return Ok(());
    };
    let locals = gdr_core::panic::LocalTypes::collect(func, text);
    let escaping = escaping_locals(func, text);
    for arg in named_children(args) {
        if !is_trivially_safe(arg, text, &locals, &escaping, cx.package)
            || arg.kind() == "binary_expression"
        {
            return Err(Refusal::new(
                "argument-may-change",
                format!(
                    "the argument `{}` is evaluated at the defer and could differ at an exit",
                    &text[arg.byte_range()]
                ),
                Some(arg.byte_range()),
            ));
        }
    }
    Ok(())
}

/// Could the deferred method have a value receiver (so the defer copied the
/// receiver)? Not for sync's lock types (pointer methods) or a pointer-typed
/// receiver expression; unknown types may.
fn receiver_may_be_copied(cx: &FileContext<'_>, func: &Function<'_>, d: &Defer<'_>) -> bool {
    let Some(callee) = unparen(d.call).child_by_field_name("function").map(unparen) else {
        return false;
    };
    if callee.kind() != "selector_expression" {
        return false; // `cancel()`: a func value, nothing is copied but the value itself
    }
    let Some(operand) = callee.child_by_field_name("operand") else {
        return true;
    };
    let analyzer = PanicAnalyzer::new(cx.file, cx.package, func);
    let method = callee
        .child_by_field_name("field")
        .map_or("", |f| text_of(cx, f));
    let lock_method = matches!(
        method,
        "Lock" | "Unlock" | "RLock" | "RUnlock" | "TryLock" | "TryRLock"
    );
    match analyzer.type_of(operand) {
        Some(t) if t == "sync.Mutex" || t == "sync.RWMutex" || t.starts_with('*') => false,
        // A lock method promoted from an embedded sync lock has a pointer receiver.
        Some(t)
            if lock_method
                && (cx.package.embeds(&t, "sync.Mutex")
                    || cx.package.embeds(&t, "sync.RWMutex")) =>
        {
            false
        }
        _ => true,
    }
}

fn text_of<'a>(cx: &FileContext<'a>, n: Node<'_>) -> &'a str {
    &cx.file.text[n.byte_range()]
}

/// Is `name` assigned or redeclared in the region, or assigned inside any closure?
fn assigned_after(func: &Function<'_>, name: &str, region: &[Node<'_>], text: &str) -> bool {
    let written = |t: Node<'_>| squash(&text[unparen(t).byte_range()]) == name;
    let mut hit = false;
    for root in region.iter().chain(func.literals.iter()) {
        walk_all(*root, &mut |n| {
            hit |= assigned_target(n, &written).is_some()
                || declared_name(n, text, &[name.to_string()]).is_some()
        });
    }
    hit
}

/// The assignment target of `n` that `written` accepts, if `n` writes one.
fn assigned_target<'t>(n: Node<'t>, written: &dyn Fn(Node<'_>) -> bool) -> Option<Node<'t>> {
    match n.kind() {
        "assignment_statement" | "short_var_declaration" | "range_clause" | "receive_statement" => {
            let left = n.child_by_field_name("left")?;
            named_children(left).into_iter().find(|t| written(*t))
        }
        "inc_statement" | "dec_statement" => n.named_child(0).filter(|t| written(*t)),
        _ => None,
    }
}

/// A declaration (var, const, type switch alias, func literal parameter) of one of `names`.
fn declared_name<'t>(n: Node<'t>, text: &str, names: &[String]) -> Option<Node<'t>> {
    let is = |x: Node<'_>| names.iter().any(|s| s == &text[x.byte_range()]);
    match n.kind() {
        "var_spec" | "const_spec" | "parameter_declaration" | "variadic_parameter_declaration" => {
            let mut c = n.walk();
            let found = n.children_by_field_name("name", &mut c).find(|x| is(*x));
            found
        }
        "type_switch_statement" => n
            .child_by_field_name("alias")
            .and_then(|a| named_children(a).into_iter().find(|x| is(*x))),
        _ => None,
    }
}

/// What makes the fix Unsafe: every hazard found, most important first; and the
/// reasoning that cleared the rest (for `--explain-safety`).
fn hazards(
    cx: &FileContext<'_>,
    func: &Function<'_>,
    d: &Defer<'_>,
    region: &[Node<'_>],
) -> (Vec<Hazard>, Vec<String>) {
    let text = cx.file.text.as_str();
    let mut out = Vec::new();
    let mut analyzer = PanicAnalyzer::new(cx.file, cx.package, func);
    // The defer evaluated `&s.mu`, which dereferences `s`: it is not nil afterwards.
    if d.receiver_path.len() >= 2 && !d.receiver_path[1].starts_with('[') {
        if let Some(root) = &d.receiver_root {
            analyzer.non_nil.push(root.clone());
        }
    }
    // So does every field read of the body's statements up to the defer; a name
    // stays non-nil if nothing assigns it afterwards (nor any closure, ever).
    let before: Vec<Node<'_>> = gdr_core::syntax::statements(func.body)
        .into_iter()
        .filter(|s| s.end_byte() <= d.node.end_byte())
        .collect();
    for stmt in before {
        for name in analyzer.derefs(stmt) {
            if !analyzer.non_nil.contains(&name) && !assigned_after(func, &name, region, text) {
                analyzer.non_nil.push(name);
            }
        }
    }
    if let Some(p) = region
        .iter()
        .find_map(|stmt| analyzer.first_may_panic(*stmt))
    {
        out.push(Hazard {
            reason: "may-panic",
            message: format!(
                "{}; the deferred call would run during the panic, the explicit call would not",
                p.reason
            ),
            span: p.span,
        });
    }
    if let Some(later) = func
        .defers
        .iter()
        .find(|o| o.node.start_byte() > d.node.end_byte())
    {
        out.push(Hazard {
            reason: "later-defer",
            message: format!(
                "`defer {}` is registered later and would now run after this call instead of before it",
                squash(&text[later.call.byte_range()])
            ),
            span: later.node.byte_range(),
        });
    }
    (out, analyzer.notes())
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

/// The first part of the receiver path whose value a call could change (a pointer,
/// interface, map or slice element, or a type the package does not declare).
fn unstable_receiver(
    analyzer: &PanicAnalyzer<'_>,
    cx: &FileContext<'_>,
    d: &Defer<'_>,
) -> Option<String> {
    let root = d.receiver_root.as_ref()?;
    let path = &d.receiver_path;
    if path.len() <= 1 {
        // A local cannot be changed by a call (closures writing it were refused); a
        // package-level variable held by value keeps its address, other globals can change.
        let fixed = analyzer.locals.is_local(root) || is_fixed_value(cx, cx.package.var_type(root));
        return if fixed { None } else { Some(root.clone()) };
    }
    let mut ty = if analyzer.locals.is_local(root) {
        analyzer.locals.type_of(root).map(str::to_string)
    } else {
        cx.package.var_type(root).map(str::to_string)
    };
    if !analyzer.locals.is_local(root) && cx.package.var_type(root).is_none() {
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
        let field_ty = ty.as_deref().and_then(|t| cx.package.field_type(t, seg));
        if !is_fixed_value(cx, field_ty.as_deref()) {
            return Some(shown);
        }
        ty = field_ty;
    }
    None
}
