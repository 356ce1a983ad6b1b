//! ## What it does
//! Checks code written without `defer` for exits that leave a resource held: a
//! `mu.Lock()` (or `RLock()`) with some `return`, or the end of the function,
//! reachable while the lock is still held; a transaction from `db.Begin()` or
//! `db.BeginTx(…)` with some exit reachable where it has been neither committed nor
//! rolled back (`[rollback] commit` and `patterns`) nor handed to someone else
//! (passed, returned or stored). Each such exit is reported.
//!
//! It is a check without a fix. The analysis is the one DR002 relies on (the set
//! of states each path brings to an exit), and the test harness runs it on the
//! output of every rewrite: a rewrite of ours must never produce a finding.
//!
//! ## Why is this bad?
//! A lock left held deadlocks the next caller; a transaction left open keeps its
//! connection (and its locks in the database) until the process exits. Both are
//! easy to introduce by adding an early `return` to code that releases by hand.
//!
//! ## Example
//! ```go
//! func (c *Cache) Get(k string) (int, error) {
//!     c.mu.Lock()
//!     v, ok := c.m[k]
//!     if !ok {
//!         return 0, ErrMissing // c.mu is still held
//!     }
//!     c.mu.Unlock()
//!     return v, nil
//! }
//! ```
//!
//! To keep false alarms out, a lock is only checked when the function itself
//! releases it on some path and never in a `defer` or a closure (a function that
//! returns with the lock held on purpose, for its caller to release, never
//! unlocks it), nor one the function is entered with (its first use is an
//! Unlock, as in `sync.Cond.Wait`), nor one taken under `if C` and released under
//! another `if C` with the same condition that nothing in the function assigns to
//! (the analysis follows paths, not conditions); and a transaction only when no
//! `defer` mentions it. After
//! `tx, err := db.Begin()`, the branch `if err != nil` starts with no transaction.
//! A call `x.somethingAndUnlock()` counts as releasing `x.mu` (the naming
//! convention of a hand-over, as in grpc-go), and a transaction variable captured
//! from an enclosing function is that function's to close. Functions using `goto`
//! are not checked. Exits by `panic`, `os.Exit` and
//! `log.Fatal` are not reported.
//!
//! ## Fix safety
//! No fix: whether the exit should release, or the caller is meant to, is for a
//! person to decide. Suppress a deliberate hand-over with
//! `//defer-rewriter:ignore DR004` and a reason.

use gdr_core::flow::{exit_states, Tracker, DONE, OPEN};
use gdr_core::model::Function;
use gdr_core::syntax::NodeExt;
use gdr_core::syntax::{named_children, squash, unparen, walk_all, walk_function};
use gdr_core::tree_sitter::Node;
use gdr_core::tx::{method_name, receiver_text, LockTracker, TxTracker};
use gdr_core::{Diagnostic, FileContext, FixAvailability, Rule, Severity};
use std::ops::Range;

pub struct ExitCoverage;

pub const CODE: &str = "DR004";
pub const NAME: &str = "exit-coverage";

impl Rule for ExitCoverage {
    fn code(&self) -> &str {
        CODE
    }
    fn name(&self) -> &str {
        NAME
    }
    fn summary(&self) -> &str {
        "an exit that leaves a lock held or a transaction open, in code without defer"
    }
    fn docs(&self) -> &str {
        crate::module_docs(include_str!("exit_coverage.rs"))
    }
    fn fix_availability(&self) -> FixAvailability {
        FixAvailability::None
    }
    fn needles(&self) -> &'static [&'static str] {
        &["Lock()", "Begin"]
    }
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        for func in &cx.model.functions {
            if func.node.has_error() || !func.gotos.is_empty() {
                continue;
            }
            // Each check follows calls of methods named in its needle: a body
            // that never says it has nothing for that check (a text search
            // instead of a walk of the tree).
            let body = cx.file.text.get(func.body.byte_range()).unwrap_or("");
            if body.contains("Lock") {
                check_locks(cx, func, out);
            }
            if body.contains("Begin") {
                check_transactions(cx, func, out);
            }
        }
    }
}

/// Report every exit whose states include OPEN.
fn report<'t>(
    cx: &FileContext<'t>,
    func: &Function<'t>,
    tracker: &dyn Tracker<'t>,
    opened: Range<usize>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let text = cx.file.text.as_str();
    let states = exit_states(func.body, text, tracker, DONE);
    let mut spans: Vec<(Range<usize>, &str)> = states
        .returns
        .iter()
        .filter(|(_, s)| s & OPEN != 0)
        .map(|(r, _)| (r.byte_range(), "this return"))
        .collect();
    if states.fall_through & OPEN != 0 {
        let end = func.body.end_byte();
        spans.push((end - 1..end, "the end of the function"));
    }
    for (span, place) in spans {
        out.push(
            Diagnostic::new(
                CODE,
                NAME,
                Severity::Warning,
                span,
                format!("{what} at {place}"),
            )
            .with_reason(if what.starts_with("the transaction") {
                "transaction-open"
            } else {
                "lock-held"
            })
            .with_help("release it on this path too, or use defer")
            .with_related(opened.clone(), "acquired here"),
        );
    }
}

fn check_locks(cx: &FileContext<'_>, func: &Function<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text.as_str();
    let mut seen: Vec<(String, &str)> = Vec::new();
    walk_function(func.body, &mut |n| {
        if n.k() != "call_expression"
            || n.parent().is_none_or(|p| p.k() != "expression_statement")
            || gdr_core::syntax::inside_literal_within(n, func.body)
        {
            return;
        }
        let (Some(recv), Some(m)) = (receiver_text(n, text), method_name(n, text)) else {
            return;
        };
        let release = match m {
            "Lock" => "Unlock",
            "RLock" => "RUnlock",
            _ => return,
        };
        if seen.iter().any(|(r, a)| *r == recv && *a == m) {
            return;
        }
        seen.push((recv.clone(), if m == "Lock" { "Lock" } else { "RLock" }));
        let released = format!("{recv}.{release}");
        // Released in a defer or a closure: not ours to follow.
        let in_defer = func
            .defers
            .iter()
            .any(|d| squash(&text[d.node.byte_range()]).contains(&released));
        let in_closure = func
            .literals
            .iter()
            .any(|l| squash(&text[l.byte_range()]).contains(&released));
        if in_defer || in_closure {
            return;
        }
        // A method value bound for later (`unlock := mu.Unlock`, as DR001 writes it).
        let mut alias = None;
        let mut releases = false;
        walk_function(func.body, &mut |x| match x.k() {
            "short_var_declaration" | "assignment_statement" => {
                let (Some(l), Some(r)) = (x.field("left"), x.field("right")) else {
                    return;
                };
                let (l, r) = (named_children(l), named_children(r));
                if l.len() == 1 && r.len() == 1 && squash(&text[r[0].byte_range()]) == released {
                    alias = Some(text[l[0].byte_range()].to_string());
                    releases = true;
                }
            }
            "call_expression" => {
                let (r, m) = (receiver_text(x, text), method_name(x, text).unwrap_or(""));
                releases |= (r.as_deref() == Some(recv.as_str()) && m == release)
                    || (m.ends_with(&format!("And{release}"))
                        && r.is_some_and(|r| recv.starts_with(&format!("{r}."))));
            }
            _ => {}
        });
        if !releases {
            // Returns with the lock held on purpose (a lock helper).
            return;
        }
        if entered_held(func, text, &recv, m, release) || same_condition(func, text, n, &released) {
            return;
        }
        let tracker = LockTracker {
            text,
            receiver: recv.clone(),
            acquire: if m == "Lock" { "Lock" } else { "RLock" },
            release,
            alias,
        };
        report(
            cx,
            func,
            &tracker,
            n.byte_range(),
            &format!("`{recv}.{m}()` may still be held"),
            out,
        );
    });
}

fn check_transactions(cx: &FileContext<'_>, func: &Function<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text.as_str();
    walk_function(func.body, &mut |n| {
        if !matches!(
            n.k(),
            "short_var_declaration" | "assignment_statement" | "var_spec"
        ) || gdr_core::syntax::inside_literal_within(n, func.body)
        {
            return;
        }
        // `tx, err := db.Begin()`, `tx, err = ...`, or `var ( tx, err = db.Begin() )`.
        let (l, r) = if n.k() == "var_spec" {
            let mut c = n.walk();
            let names: Vec<Node<'_>> = n.children_by_field_name("name", &mut c).collect();
            match n.field("value") {
                Some(v) => (names, named_children(v)),
                None => return,
            }
        } else {
            match (n.field("left"), n.field("right")) {
                (Some(l), Some(r)) => (named_children(l), named_children(r)),
                _ => return,
            }
        };
        // The statement of the block (for the `if err != nil` after it).
        let stmt = if n.k() == "var_spec" {
            let mut p = n;
            while let Some(up) = p.parent() {
                p = up;
                if p.k() == "var_declaration" {
                    break;
                }
            }
            p
        } else {
            n
        };
        let [call] = r.as_slice() else { return };
        let call = unparen(*call);
        if !matches!(method_name(call, text), Some("Begin" | "BeginTx")) {
            return;
        }
        let Some(tx) = l.first().filter(|t| t.k() == "identifier") else {
            return;
        };
        let tx = text[tx.byte_range()].to_string();
        // Only a transaction variable of this function: one captured from an
        // enclosing function (assigned in a callback) is that function's to close.
        if tx == "_" || !gdr_core::panic::LocalTypes::collect(func, text).is_local(&tx) {
            return;
        }
        let mentions = |node: Node<'_>| {
            let mut hit = false;
            walk_all(node, &mut |x| {
                hit |= x.k() == "identifier" && text[x.byte_range()] == tx
            });
            hit
        };
        if func.defers.iter().any(|d| mentions(d.node))
            || func.literals.iter().any(|l| mentions(*l))
        {
            return;
        }
        let begin_failed = begin_failed(stmt, l.get(1).copied(), text);
        let tracker = TxTracker {
            text,
            receiver: tx.clone(),
            close: cx
                .settings
                .commit
                .iter()
                .chain(cx.settings.rollback.iter())
                .collect(),
            open: call.byte_range(),
            escapes: true,
            begin_failed,
        };
        report(
            cx,
            func,
            &tracker,
            call.byte_range(),
            &format!(
                "the transaction `{tx}` from `{}` may be neither committed nor rolled back",
                squash(&text[call.byte_range()])
            ),
            out,
        );
    });
}

/// The first use of the lock releases it (`Unlock(); …; Lock()`, as `sync.Cond.Wait`
/// does): the function is entered with the lock held and returns with it held.
fn entered_held(func: &Function<'_>, text: &str, recv: &str, acquire: &str, release: &str) -> bool {
    let mut first = None;
    walk_function(func.body, &mut |x| {
        if first.is_none()
            && x.k() == "call_expression"
            && !gdr_core::syntax::inside_literal_within(x, func.body)
            && receiver_text(x, text).as_deref() == Some(recv)
        {
            match method_name(x, text) {
                Some(m) if m == acquire => first = Some(false),
                Some(m) if m == release => first = Some(true),
                _ => {}
            }
        }
    });
    first == Some(true)
}

/// `if C { mu.Lock() } … if C { mu.Unlock() }` with nothing in the function
/// assigning what C reads (but for one `:=` declaring it before the first `if C`):
/// the two branches are taken together, which the path analysis (it does not
/// track conditions) cannot see.
fn same_condition(func: &Function<'_>, text: &str, acquire: Node<'_>, released: &str) -> bool {
    fn condition_of(n: Node<'_>) -> Option<Node<'_>> {
        let mut cur = n.parent();
        while let Some(p) = cur {
            if p.k() == "if_statement" {
                return p.field("condition");
            }
            if gdr_core::syntax::is_function_node(p.k()) {
                return None;
            }
            cur = p.parent();
        }
        None
    }
    let Some(cond) = condition_of(acquire) else {
        return false;
    };
    let cond_text = squash(&text[cond.byte_range()]);
    let mut names = Vec::new();
    walk_all(cond, &mut |x| {
        if x.k() == "identifier" {
            names.push(text[x.byte_range()].to_string());
        }
    });
    // What C reads is written nowhere, except by one `:=` that declares it before
    // the first `if C` (`refLock := ...; if a != refLock { Lock }; ...`).
    let if_start = cond.start_byte();
    let mut writes: Vec<(String, bool)> = Vec::new();
    walk_all(func.body, &mut |x| {
        let written = |t: Node<'_>| names.iter().any(|n| *n == text[unparen(t).byte_range()]);
        if let Some(t) = gdr_core::defer_checks::assigned_target(x, &written) {
            let declared_before = x.k() == "short_var_declaration" && x.end_byte() <= if_start;
            writes.push((text[unparen(t).byte_range()].to_string(), declared_before));
        }
    });
    let assigned = writes.iter().any(|(name, declared_before)| {
        !declared_before || writes.iter().filter(|(n, _)| n == name).count() > 1
    });
    if assigned {
        return false;
    }
    let mut paired = false;
    walk_function(func.body, &mut |x| {
        if x.k() == "call_expression"
            && squash(&text[x.byte_range()]).starts_with(released)
            && condition_of(x).is_some_and(|c| squash(&text[c.byte_range()]) == cond_text)
        {
            paired = true;
        }
    });
    paired
}

/// The condition of `if err != nil` directly after `tx, err := db.Begin()` (no
/// initializer of its own, the same `err`): in that branch no transaction was begun.
fn begin_failed(assign: Node<'_>, err: Option<Node<'_>>, text: &str) -> Option<Range<usize>> {
    let err = err.filter(|e| e.k() == "identifier")?;
    let next = assign.next_named_sibling()?;
    if next.k() != "if_statement" || next.field("initializer").is_some() {
        return None;
    }
    let cond = next.field("condition")?;
    (squash(&text[cond.byte_range()]) == format!("{}!=nil", &text[err.byte_range()]))
        .then(|| cond.byte_range())
}
