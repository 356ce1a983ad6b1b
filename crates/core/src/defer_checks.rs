//! Checks shared by the rules that turn a deferred call into explicit calls
//! (DR001 explicit-call, DR002 rollback-if-err, DR003 rollback-flag): where a
//! defer sits, whether what it evaluated can change before an exit, and what makes
//! such a fix Unsafe (DESIGN.md §3).

use crate::model::{Defer, ExitKind, Function};
use crate::panic::PanicAnalyzer;
use crate::rewrite::{is_trivially_safe, Refusal};
use crate::rule::FileContext;
use crate::syntax::NodeExt;
use crate::syntax::{named_children, squash, unparen, walk_all, walk_all_in_literal};
use std::ops::Range;
use tree_sitter::Node;

/// Where the defer sits and what the function does, for a rewrite that removes it:
/// not in a nested block or loop, no `goto` or `recover()` (when `control_flow`),
/// the call deferred once, no `runtime.Goexit`-like exit after it.
pub fn structural_refusal(
    cx: &FileContext<'_>,
    func: &Function<'_>,
    d: &Defer<'_>,
    control_flow: bool,
    nested_ok: bool,
) -> Result<(), Refusal> {
    let text = cx.file.text.as_str();
    if func.node.has_error() {
        return Err(Refusal::new(
            "syntax-error",
            "the function has a syntax error",
            None,
        ));
    }
    if cx.package.panic_redeclared() {
        // `panic(..)` may then return: the model's exits and terminating
        // statements, which take it for the builtin, cannot be trusted.
        return Err(Refusal::new(
            "panic-redeclared",
            "the package (or a file of its tests) gives the name `panic` a meaning of its own",
            None,
        ));
    }
    if d.loop_depth > 0 {
        return Err(Refusal::new("in-loop", "the defer is inside a loop", None));
    }
    // For a defer in a nested block: where its region ends (computed once, and
    // not for a defer in the body, whose region is the rest of the body).
    let nested_end = if d.top_level || !nested_ok {
        None
    } else {
        nested_region(d, text).map(|r| r.last().map_or(d.node.end_byte(), |s| s.end_byte()))
    };
    if !d.top_level && nested_end.is_none() {
        let message = if nested_ok {
            "the defer is inside a nested block that control can leave other than by an exit"
        } else {
            "the defer is inside a nested block"
        };
        return Err(Refusal::new("nested-block", message, None));
    }
    if control_flow {
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
    if control_flow {
        // For a defer in a nested block, only the exits of its region are reached.
        let region_end = nested_end.unwrap_or(usize::MAX);
        if let Some(g) = func.exits.iter().find(|e| {
            e.offset >= d.node.end_byte() && e.offset < region_end && e.kind == ExitKind::Goexit
        }) {
            return Err(Refusal::new(
                "goexit",
                "an exit after it is runtime.Goexit-like",
                g.node.map(|n| n.byte_range()),
            ));
        }
    }
    Ok(())
}

/// The statements after a defer in a nested block or case clause (not in a loop:
/// that is refused first), when control cannot leave them except through an exit of
/// the function: their last statement is terminating (Go spec) and no `break` or
/// `continue` in them leaves them. Every exit the defer reaches is then among them,
/// and the explicit calls go there. `None` otherwise, and for a labeled `break`/
/// `continue`.
pub fn nested_region<'t>(d: &Defer<'t>, text: &str) -> Option<Vec<Node<'t>>> {
    let list = d.node.parent().filter(|p| p.k() == "statement_list")?;
    let after = d.node.end_byte();
    let region: Vec<Node<'t>> = named_children(list)
        .into_iter()
        .filter(|s| s.start_byte() >= after && s.k() != "comment")
        .collect();
    let last = region.iter().rev().find(|s| s.k() != "empty_statement")?;
    if !crate::syntax::is_terminating(*last, text) {
        return None;
    }
    let inside = |n: Option<Node<'_>>| n.is_some_and(|t| t.start_byte() >= after);
    let mut escapes = false;
    for stmt in &region {
        crate::syntax::walk_function(*stmt, &mut |n| match n.k() {
            "break_statement" | "continue_statement" if n.named_child(0).is_some() => {
                escapes = true
            }
            "break_statement" => escapes |= !inside(crate::syntax::innermost_breakable(n)),
            "continue_statement" => {
                let mut cur = n.parent();
                while let Some(p) = cur {
                    if p.k() == "for_statement" || p.k() == "func_literal" {
                        break;
                    }
                    cur = p.parent();
                }
                escapes |=
                    !cur.is_some_and(|p| p.k() == "for_statement" && p.start_byte() >= after);
            }
            _ => {}
        });
    }
    (!escapes).then_some(region)
}

/// The statements of the body's own block after the defer.
pub fn region_after<'t>(func: &Function<'t>, d: &Defer<'t>) -> Vec<Node<'t>> {
    let after = d.node.end_byte();
    crate::syntax::statements(func.body)
        .into_iter()
        .filter(|s| s.start_byte() >= after)
        .collect()
}

/// Why a refusal key means no fix, in one phrase.
pub fn refusal_help(reason: &str) -> &'static str {
    match reason {
        "in-loop" => "a deferred call in a loop runs once per iteration at function exit; move the loop body into a function",
        "panic-redeclared" => "where `panic` may not be the builtin, a `panic(..)` call may return, so the exits are not known",
        "nested-block" => "a defer in a nested block runs at the function's exit, also on paths that leave the block; only a block whose rest ends in a return or panic, with no break out of it, keeps every exit inside",
        "goto" => "goto can jump over an inserted call",
        "recover" => "with recover() in the function, a panic continues to the deferred call",
        "duplicate-defer" => "the same call is deferred more than once",
        "goexit" => "runtime.Goexit and t.FailNow run deferred calls but would skip an explicit one",
        "syntax-error" => "the function does not parse cleanly",
        "result-copies-lock" => "build the result after the unlock from values read under the lock, by hand",
        "empty-critical-section" => "the lock would be released on the line after it is taken (staticcheck SA2001); the defer costs nothing worth that here",
        _ => "rewrite by hand if it is worth it",
    }
}
/// An unsafe aspect of a fix: key, sentence, and the span responsible.
pub struct Hazard {
    pub reason: &'static str,
    pub message: String,
    pub span: Range<usize>,
}

/// Identifiers the deferred call reads. Its operands must be plain names, fields,
/// indexes, literals: anything else (a call, a receive) would be evaluated again.
pub fn operand_names(call: Node<'_>, text: &str) -> Result<Vec<String>, Refusal> {
    let call = unparen(call);
    let mut names = Vec::new();
    let mut bad = None;
    walk_all(call, &mut |n| {
        if bad.is_some() {
            return;
        }
        // A dereference or address in the receiver (`(*t.p).mu`, `(&t.p.mu)`)
        // hides its path from the checks of writes to it.
        let in_callee = call
            .field("function")
            .is_some_and(|f| f.start_byte() <= n.start_byte() && n.end_byte() <= f.end_byte());
        match n.k() {
            "call_expression" if n != call => bad = Some(n),
            "unary_expression" if n.child(0).is_some_and(|o| o.k() == "<-") => bad = Some(n),
            "unary_expression"
                if in_callee && n.child(0).is_some_and(|o| matches!(o.k(), "*" | "&")) =>
            {
                bad = Some(n)
            }
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
pub fn check_receiver(
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
    // The address of the receiver's root (or of a part of its path that leads to
    // the lock) taken anywhere in the function, before the defer too: a write
    // through it (`cur := &s; ...; *cur = next`) changes the receiver unseen.
    let lock_path = path_text(&d.receiver_path);
    let mut taken = None;
    walk_all(func.body, &mut |n| {
        if taken.is_none()
            && n.k() == "unary_expression"
            && n.child(0).is_some_and(|o| o.k() == "&")
        {
            if let Some(op) = n.field("operand") {
                // (`&s.mu` is the lock's own address, not a way to replace it; `&tx`
                // of a receiver held in a variable is.)
                let own_lock = d.receiver_path.len() >= 2
                    && squash(&text[unparen(op).byte_range()]) == lock_path;
                if written(op) && !own_lock {
                    taken = Some(n);
                }
            }
        }
    });
    if let Some(n) = taken {
        return Err(Refusal::new(
            "receiver-address-taken",
            format!(
                "`{}` takes the address of the receiver's path: a write through it would change the receiver",
                &text[n.byte_range()]
            ),
            Some(n.byte_range()),
        ));
    }
    for stmt in region {
        let mut hit: Option<(Node<'_>, &str)> = None;
        walk_all_in_literal(*stmt, &mut |n, in_literal| {
            if hit.is_some() {
                return;
            }
            if let Some(t) = assigned_target(n, &written) {
                let declares = n.k() == "short_var_declaration"
                    || (n.k() == "range_clause" && text[n.byte_range()].contains(":="));
                hit = Some((t, if declares { "shadowed" } else { "reassigned" }));
                return;
            }
            if in_literal && n.k() != "func_literal" {
                // Declarations inside a closure only shadow inside it.
                return;
            }
            if let Some(t) = declared_name(n, text, names) {
                hit = Some((t, "shadowed"));
                return;
            }
            if n.k() == "unary_expression" && n.child(0).is_some_and(|o| o.k() == "&") {
                if let Some(op) = n.field("operand") {
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

/// `["s", "locks", "[i]"]` → `s.locks[i]`.
pub fn path_text(path: &[String]) -> String {
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
pub fn check_arguments(
    cx: &FileContext<'_>,
    func: &Function<'_>,
    d: &Defer<'_>,
) -> Result<(), Refusal> {
    let text = cx.file.text.as_str();
    let Some(args) = unparen(d.call).field("arguments") else {
        return Ok(());
    };
    let locals = cx.typed_locals(func);
    let escaping = cx.escaping_locals(func);
    for arg in named_children(args) {
        if !is_trivially_safe(arg, text, &locals, &escaping, cx.package)
            || arg.k() == "binary_expression"
            || written_in_part_after(func, unparen(arg), d.node.end_byte(), text)
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

/// Is the local `arg` (an identifier) written in part after `from`: an element or
/// field of it assigned or incremented (`k[0] = 1`, `k.n++`), or sliced (`k[:]`,
/// which lets the slice write it)? A value the defer copied would then differ
/// from the one an explicit call reads.
fn written_in_part_after(func: &Function<'_>, arg: Node<'_>, from: usize, text: &str) -> bool {
    if arg.k() != "identifier" {
        return false;
    }
    let name = &text[arg.byte_range()];
    let rooted = |t: Node<'_>| {
        let mut t = unparen(t);
        let mut through = false;
        loop {
            match t.k() {
                "index_expression" | "selector_expression" | "slice_expression" => {
                    through = true;
                    match t.field("operand") {
                        Some(o) => t = unparen(o),
                        None => return false,
                    }
                }
                "unary_expression" if t.child(0).is_some_and(|o| o.k() == "*") => {
                    through = true;
                    match t.field("operand") {
                        Some(o) => t = unparen(o),
                        None => return false,
                    }
                }
                _ => break,
            }
        }
        through && t.k() == "identifier" && &text[t.byte_range()] == name
    };
    let mut hit = false;
    walk_all(func.body, &mut |n| {
        if hit || n.start_byte() < from {
            return;
        }
        hit |= assigned_target(n, &rooted).is_some() || (n.k() == "slice_expression" && rooted(n));
    });
    hit
}

/// Could the deferred method have a value receiver (so the defer copied the
/// receiver)? Not for sync's lock types (pointer methods) or a pointer-typed
/// receiver expression; unknown types may.
pub fn receiver_may_be_copied(cx: &FileContext<'_>, func: &Function<'_>, d: &Defer<'_>) -> bool {
    let Some(callee) = unparen(d.call).field("function").map(unparen) else {
        return false;
    };
    if callee.k() != "selector_expression" {
        return false; // `cancel()`: a func value, nothing is copied but the value itself
    }
    let Some(operand) = callee.field("operand") else {
        return true;
    };
    let analyzer = PanicAnalyzer::in_context(cx, func);
    let method = callee.field("field").map_or("", |f| text_of(cx, f));
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

pub fn text_of<'a>(cx: &FileContext<'a>, n: Node<'_>) -> &'a str {
    &cx.file.text[n.byte_range()]
}

/// Is `name` assigned or redeclared in the region, or assigned inside any closure?
pub fn assigned_after(func: &Function<'_>, name: &str, region: &[Node<'_>], text: &str) -> bool {
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
pub fn assigned_target<'t>(n: Node<'t>, written: &dyn Fn(Node<'_>) -> bool) -> Option<Node<'t>> {
    match n.k() {
        "assignment_statement" | "short_var_declaration" | "range_clause" | "receive_statement" => {
            let left = n.field("left")?;
            named_children(left).into_iter().find(|t| written(*t))
        }
        "inc_statement" | "dec_statement" => n.named_child(0).filter(|t| written(*t)),
        _ => None,
    }
}

/// A declaration (var, const, type switch alias, func literal parameter) of one of `names`.
pub fn declared_name<'t>(n: Node<'t>, text: &str, names: &[String]) -> Option<Node<'t>> {
    let is = |x: Node<'_>| names.iter().any(|s| s == &text[x.byte_range()]);
    match n.k() {
        "var_spec" | "const_spec" | "parameter_declaration" | "variadic_parameter_declaration" => {
            let mut c = n.walk();
            let found = n.children_by_field_name("name", &mut c).find(|x| is(*x));
            found
        }
        "type_switch_statement" => n
            .field("alias")
            .and_then(|a| named_children(a).into_iter().find(|x| is(*x))),
        _ => None,
    }
}

/// What makes the fix Unsafe: every hazard found, most important first; and the
/// reasoning that cleared the rest (for `--explain-safety`). `served_panics`: the
/// `panic(..)` calls the rewrite precedes with the explicit call (not hazards).
pub fn hazards(
    cx: &FileContext<'_>,
    func: &Function<'_>,
    d: &Defer<'_>,
    region: &[Node<'_>],
    served_panics: &[std::ops::Range<usize>],
) -> (Vec<Hazard>, Vec<String>) {
    let text = cx.file.text.as_str();
    let mut out = Vec::new();
    let mut analyzer = PanicAnalyzer::in_context(cx, func);
    analyzer.served_panics = served_panics.to_vec();
    // Later defers that matter are those the region can register: for a defer in
    // a nested block, not those after the block (its rest ends in an exit).
    let region_end = region.last().map_or(usize::MAX, |s| s.end_byte());
    // The defer evaluated `&s.mu`, which dereferences `s`: it is not nil afterwards.
    // Only for a local (of this function, or captured: only a closure could
    // write it, and a call of one is never proven panic-free): a package variable
    // can be set to nil by any call of the region, however panic-free.
    if d.receiver_path.len() >= 2 && !d.receiver_path[1].starts_with('[') {
        if let Some(root) = &d.receiver_root {
            let local = matches!(
                analyzer.names().resolve_name(d.call, root),
                crate::semantic::Resolved::Local { .. }
            );
            if local {
                analyzer.non_nil.push(root.clone());
            }
        }
    }
    // Other non-nil facts (earlier dereferences, nil checks, assignments of `&T{}`)
    // are found by the analyzer from the code before each use.
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
        .find(|o| o.node.start_byte() > d.node.end_byte() && o.node.start_byte() < region_end)
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

/// The finding for a defer left as is: `base` (a diagnostic at the defer, given the
/// message) gets the refusal's reason, `help` and the span responsible.
pub fn refused(
    base: impl FnOnce(String) -> crate::Diagnostic,
    call: &str,
    r: Refusal,
    help: String,
) -> crate::Diagnostic {
    let mut diag = base(format!("`defer {call}` left as is: {}", r.message))
        .with_reason(r.reason)
        .with_help(help);
    if let Some(span) = r.span {
        diag = diag.with_related(span, "here");
    }
    diag
}

/// A finding with its fix: Safe (with `safe_because`) when there is no hazard,
/// else Unsafe naming every hazard, the first one as the reason and related span.
/// `explain` adds the reasoning notes to the help when asked for.
pub fn with_hazards(
    diag: crate::Diagnostic,
    edits: Vec<crate::Edit>,
    hazards: &[Hazard],
    safe_help: String,
    safe_because: &str,
    explain: impl Fn(String) -> String,
) -> crate::Diagnostic {
    use crate::{Applicability, Fix};
    match hazards.first() {
        None => diag.with_help(explain(safe_help)).with_fix(Fix::new(
            edits,
            Applicability::Safe,
            safe_because,
        )),
        Some(h) => {
            let all: Vec<&str> = hazards.iter().map(|h| h.message.as_str()).collect();
            let all = all.join("; and ");
            diag.with_reason(h.reason)
                .with_help(explain(format!(
                    "unsafe fix (applied with --unsafe-fixes): {all}"
                )))
                .with_related(h.span.clone(), h.message.clone())
                .with_fix(Fix::new(edits, Applicability::Unsafe, all))
        }
    }
}
