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
//! Unlock, as in `sync.Cond.Wait`); and a transaction only when no `defer`
//! mentions it. A lock taken in the branch of `if C` (or of nested `if`s) is
//! known to be released by a later `if C { mu.Unlock() }` on every path where
//! nothing that could change C ran in between (an assignment to what it reads, a
//! call given a path to a field it reads, any call when it reads a package
//! variable or one a closure writes; a loop's range assigning its variables
//! again), in a loop too; `return`, `break` and `continue` in between are
//! followed like any path. After
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

use gdr_core::defer_checks;
use gdr_core::flow::{exit_states, Tracker, DONE, OPEN};
use gdr_core::model::Function;
use gdr_core::package::Shape;
use gdr_core::semantic::scope::{self, Binding, LocalKind};
use gdr_core::syntax::NodeExt;
use gdr_core::syntax::{named_children, squash, unparen, walk_all, walk_function};
use gdr_core::tree_sitter::Node;
use gdr_core::tx::{method_name, receiver_text, LockTracker, TxTracker};
use gdr_core::{Diagnostic, FileContext, FixAvailability, Rule, Severity};
use std::collections::{HashMap, HashSet};
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

/// Report every exit whose states include one but DONE (OPEN, or a tracker's own
/// kind of held) for each of `trackers`: each follows the same resource, and
/// each is sound alone (what one of them proves released is released).
fn report<'t>(
    cx: &FileContext<'t>,
    func: &Function<'t>,
    trackers: &[&dyn Tracker<'t>],
    opened: Range<usize>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let text = cx.file.text.as_str();
    let mut returns: Option<Vec<Range<usize>>> = None;
    let mut fall_through = true;
    for tracker in trackers {
        let states = exit_states(func.body, text, *tracker, DONE);
        let held: Vec<Range<usize>> = states
            .returns
            .iter()
            .filter(|(_, s)| s & !DONE != 0)
            .map(|(r, _)| r.byte_range())
            .collect();
        returns = Some(match returns {
            Some(before) => before.into_iter().filter(|r| held.contains(r)).collect(),
            None => held,
        });
        fall_through &= states.fall_through & !DONE != 0;
    }
    let mut spans: Vec<(Range<usize>, &str)> = returns
        .unwrap_or_default()
        .into_iter()
        .map(|r| (r, "this return"))
        .collect();
    if fall_through && !trackers.is_empty() {
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
        if entered_held(func, text, &recv, m, release) {
            return;
        }
        let lock = LockTracker {
            text,
            receiver: recv.clone(),
            acquire: if m == "Lock" { "Lock" } else { "RLock" },
            release,
            alias,
        };
        let guarded = guarded_locks(cx, func, &lock);
        let mut trackers: Vec<&dyn Tracker<'_>> =
            guarded.iter().map(|g| g as &dyn Tracker<'_>).collect();
        if trackers.is_empty() {
            trackers.push(&lock);
        }
        report(
            cx,
            func,
            &trackers,
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
            &[&tracker],
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

/// The lock is held, was taken in the branches of `if`s whose conditions
/// ([`Guard`]) nothing that could change them has touched since: they still have
/// the values that led to the lock.
const HELD_GUARDED: u8 = 4;

/// Builtins that write no memory: a call of one changes no condition.
const PURE_BUILTINS: &[&str] = &[
    "len", "cap", "make", "new", "min", "max", "complex", "real", "imag",
];

/// `if C { mu.Lock() } … if C { mu.Unlock() }`: the two branches are taken
/// together when nothing between them changes C, which the path analysis sees
/// through [`HELD_GUARDED`]. The guard is the conditions of the `if`s a lock is
/// taken in (`if a { if !b { … } else { mu.Lock() } }`: `a` true, `!b` false),
/// each with its value; on a path holding the lock in that state, an `if` whose
/// condition (or an operand of its `!`, `&&`, `||`) reads the same variables is
/// known to take the branch the guard says, and any node that could change
/// what a condition of the guard reads turns the state back into [`OPEN`].
///
/// What could change it is, from what the conditions read:
/// - a variable: an assignment to it, a declaration of its name (a new
///   variable the next `if` would read), a range clause assigning it before
///   each iteration, and a method call on it when it is held by value (a
///   pointer method takes its address);
/// - a field, an element or a pointee (`s.ready`, `s.m[k]`, `*p`): a write to a
///   field of that name or to an element (any root: it may be an alias), a call
///   given a path to it (`s.reset()`, `f(s)`, `s.inner.reset()` for
///   `s.inner.ready`; not `s.conn.Close()`), a channel operation (another
///   goroutine);
/// - a package variable (or one of another package), a variable of an enclosing
///   function, or one that anywhere in the function a closure writes, whose
///   address is taken, or that (or a path to what is read through it) is stored
///   under another name (`t := s`): any call or channel operation.
///
/// A call not given a path to what a condition reads is taken not to change it
/// (it would have to reach it through an alias made elsewhere, or a method value
/// bound earlier, `f := s.reset`): the rule reports leaks a reader can see, not
/// every effect memory could have.
#[derive(Clone)]
struct Guard<'a> {
    text: &'a str,
    /// Each condition, as the nodes of the function's `if` conditions that are
    /// it (the same text, every identifier referring to the same declaration),
    /// and the value it had when the lock was taken.
    conditions: Vec<(HashSet<usize>, bool)>,
    /// The identifiers the conditions read.
    names: Vec<String>,
    /// The field names they read (`ready` of `s.ready`).
    fields: HashSet<String>,
    /// Do they read an element (`m[k]`)?
    indexes: bool,
    /// They read memory through these (`s` of `s.ready`, `m` of `m[k]`, `p` of `*p`).
    roots: HashSet<String>,
    /// Locals read whole and held by value (not known to be a pointer or an
    /// interface): a method call on them may change them.
    whole: HashSet<String>,
    /// They read what any call may change (see above).
    shared: bool,
    /// The calls given a path to what is read through `roots`.
    given: HashSet<usize>,
    /// Builtin names the package or the function declares anew.
    shadowed: HashSet<String>,
}

/// What the guards of one function ask of it, gathered once.
struct Facts<'f, 't> {
    /// Builtin names the package or the function declares anew.
    shadowed: HashSet<String>,
    /// The identifiers closures mention.
    in_closures: HashSet<&'t str>,
    /// The variables closures assign (`x = …`, `x.f++`) or call a method of.
    written_in_closures: HashSet<&'t str>,
    /// The variables whose address is taken (`&x`, `&x.f`, `x[a:b]` of an array).
    address_taken: HashSet<&'t str>,
    /// The values stored whole (the right of `=`, `:=`, `var x =`, an element of
    /// a composite literal): a variable or a path stored there gets another name.
    stored: Vec<Node<'t>>,
    /// The function's local types, when first asked.
    locals: std::cell::OnceCell<gdr_core::panic::LocalTypes>,
    func: &'f Function<'t>,
    text: &'t str,
    /// The expressions of switch cases, which the path analysis does not
    /// evaluate.
    cases: Vec<Node<'t>>,
}

impl<'f, 't> Facts<'f, 't> {
    fn new(cx: &FileContext<'t>, func: &'f Function<'t>) -> Self {
        let text = cx.file.text.as_str();
        let mut shadowed: HashSet<String> = PURE_BUILTINS
            .iter()
            .filter(|b| cx.package.declares(b))
            .map(|b| b.to_string())
            .collect();
        walk_all(func.node, &mut |n| {
            for d in gdr_core::syntax::declared_names(n) {
                let name = &text[d.byte_range()];
                if PURE_BUILTINS.contains(&name) {
                    shadowed.insert(name.to_string());
                }
            }
        });
        let (mut in_closures, mut written_in_closures) = (HashSet::new(), HashSet::new());
        for lit in &func.literals {
            walk_all(*lit, &mut |n| {
                let written = match n.k() {
                    "identifier" => {
                        in_closures.insert(&text[n.byte_range()]);
                        None
                    }
                    "call_expression" => n
                        .field("function")
                        .map(unparen)
                        .filter(|f| f.k() == "selector_expression")
                        .and_then(|f| f.field("operand"))
                        .and_then(root),
                    _ => defer_checks::assigned_target(n, &|t| root(t).is_some()).and_then(root),
                };
                if let Some(r) = written {
                    written_in_closures.insert(&text[r.byte_range()]);
                }
            });
        }
        let mut address_taken = HashSet::new();
        let mut cases = Vec::new();
        let mut stored = Vec::new();
        walk_all(func.body, &mut |n| {
            match n.k() {
                "assignment_statement" | "short_var_declaration" => {
                    stored.extend(n.field("right").map(named_children).unwrap_or_default())
                }
                "var_spec" => {
                    stored.extend(n.field("value").map(named_children).unwrap_or_default())
                }
                "literal_element" => stored.extend(n.named_child(0)),
                _ => {}
            }
            let operand = match n.k() {
                "unary_expression" if n.child(0).is_some_and(|o| o.k() == "&") => {
                    n.field("operand")
                }
                "slice_expression" => n.field("operand"),
                "expression_case" => {
                    cases.extend(n.field("value"));
                    None
                }
                _ => None,
            };
            if let Some(r) = operand.and_then(root) {
                address_taken.insert(&text[r.byte_range()]);
            }
        });
        Facts {
            shadowed,
            in_closures,
            written_in_closures,
            address_taken,
            stored,
            locals: std::cell::OnceCell::new(),
            func,
            text,
            cases,
        }
    }
}

impl Facts<'_, '_> {
    fn locals(&self) -> &gdr_core::panic::LocalTypes {
        self.locals
            .get_or_init(|| gdr_core::panic::LocalTypes::collect(self.func, self.text))
    }
}

impl<'a> Guard<'a> {
    /// The guard of `conditions` (each an `if` condition and its value), when
    /// each can be evaluated again with the same result ([`usable`]).
    fn new(
        cx: &FileContext<'a>,
        func: &Function<'_>,
        facts: &Facts<'_, '_>,
        conditions: &[(Node<'_>, bool)],
    ) -> Option<Self> {
        let text = cx.file.text.as_str();
        let mut g = Guard {
            text,
            conditions: Vec::new(),
            names: Vec::new(),
            fields: HashSet::new(),
            indexes: false,
            roots: HashSet::new(),
            whole: HashSet::new(),
            shared: false,
            given: HashSet::new(),
            shadowed: facts.shadowed.clone(),
        };
        let mut idents = Vec::new();
        for (cond, _) in conditions {
            if !usable(*cond, text, &g.shadowed) {
                return None;
            }
            walk_all(*cond, &mut |n| {
                let deref = n.k() == "unary_expression" && n.child(0).is_some_and(|o| o.k() == "*");
                match n.k() {
                    "identifier" => idents.push(n),
                    "field_identifier" => {
                        g.fields.insert(text[n.byte_range()].to_string());
                    }
                    "index_expression" | "selector_expression" | "slice_expression" => {
                        g.indexes |= n.k() != "selector_expression";
                        if let Some(r) = n.field("operand").and_then(root) {
                            g.roots.insert(text[r.byte_range()].to_string());
                        }
                    }
                    _ if deref => {
                        if let Some(r) = n.field("operand").and_then(root) {
                            g.roots.insert(text[r.byte_range()].to_string());
                        }
                    }
                    _ => {}
                }
            });
        }
        // Locals a closure writes (assigns, calls a method of, or, for what is
        // read through them, mentions at all), or whose address is taken: a call
        // may change them without naming them.
        let escaped = |name: &str| {
            facts.written_in_closures.contains(name)
                || facts.address_taken.contains(name)
                || (g.roots.contains(name) && facts.in_closures.contains(name))
        };
        for id in idents {
            let name = &text[id.byte_range()];
            let is_callee = id.parent().is_some_and(|p| {
                p.k() == "call_expression" && p.field("function").map(unparen) == Some(id)
            });
            if is_callee {
                continue; // a pure builtin
            }
            if !g.names.iter().any(|n| n == name) {
                g.names.push(name.to_string());
            }
            match scope::resolve(id, text) {
                Binding::Local { decl, kind } => {
                    if !matches!(kind, LocalKind::Var | LocalKind::Param) {
                        continue;
                    }
                    // A type switch declares its variable anew in each clause,
                    // unseen by the path analysis.
                    if decl
                        .parent()
                        .and_then(|p| p.parent())
                        .is_some_and(|p| p.k() == "type_switch_statement")
                    {
                        return None;
                    }
                    let outside = decl.start_byte() < func.node.start_byte()
                        || decl.end_byte() > func.node.end_byte();
                    if outside || escaped(name) {
                        g.shared = true;
                    }
                    let through = id.parent().is_some_and(|p| {
                        p.field("operand").map(unparen) == Some(id)
                            && (matches!(
                                p.k(),
                                "selector_expression" | "index_expression" | "slice_expression"
                            ) || p.child(0).is_some_and(|o| o.k() == "*"))
                    });
                    let by_value = !facts.locals().type_of(name).is_some_and(|t| {
                        t.starts_with('*')
                            || matches!(cx.package.shape(t), Shape::Pointer(_) | Shape::Interface)
                    });
                    if !through && by_value {
                        g.whole.insert(name.to_string());
                    }
                }
                Binding::Free => {
                    let constant = (matches!(name, "nil" | "true" | "false" | "iota")
                        && !cx.package.declares(name))
                        || cx.package.is_const(name);
                    g.shared |= !constant;
                }
            }
        }
        // The calls given what the conditions read through: each call around a
        // path that leads there (`s` or `s.inner` for `s.inner.ready`; the
        // receiver `s.inner` of `s.inner.reset()`), passed or called on.
        let mut reads: Vec<Vec<&str>> = Vec::new();
        for (cond, _) in conditions {
            walk_all(*cond, &mut |n| reads.extend(path(n, text)));
        }
        // Stored under another name (`t := s`, `t := s.inner` for
        // `s.inner.ready`): a call may change it through that name.
        g.shared |= facts.stored.iter().any(|v| {
            path(*v, text)
                .is_some_and(|p| reads.iter().any(|r| r.len() > p.len() && r.starts_with(&p)))
        });
        walk_function(func.body, &mut |n| {
            if n.k() != "identifier" || !g.roots.contains(&text[n.byte_range()]) {
                return;
            }
            // The longest path from this root.
            let mut top = n;
            while let Some(p) = top.parent().filter(|p| {
                p.k() == "parenthesized_expression"
                    || (p.field("operand") == Some(top) && path(*p, text).is_some())
            }) {
                top = p;
            }
            let Some(mut given) = path(top, text) else {
                return;
            };
            let called = top.parent().filter(|p| {
                p.k() == "call_expression" && p.field("function").map(unparen) == Some(top)
            });
            if called.is_some() {
                given.pop(); // the method: its receiver is what the call gets
            }
            if given.is_empty() || !reads.iter().any(|r| r.starts_with(&given)) {
                return;
            }
            let mut cur = n.parent();
            while let Some(p) = cur {
                if p == func.body || (p.k() == "call_expression" && !g.given.insert(p.id())) {
                    break;
                }
                cur = p.parent();
            }
        });
        // Where else each condition is written: in the conditions of the
        // function's `if`s, alone or as an operand of `!`, `&&`, `||`.
        let wanted: Vec<(Node<'_>, String, Vec<Binding<'_>>)> = conditions
            .iter()
            .map(|(c, _)| {
                let c = unparen(*c);
                let mut bindings = Vec::new();
                walk_all(c, &mut |n| {
                    if n.k() == "identifier" {
                        bindings.push(scope::resolve(n, text));
                    }
                });
                (c, squash(&text[c.byte_range()]), bindings)
            })
            .collect();
        g.conditions = conditions
            .iter()
            .map(|(_, value)| (HashSet::new(), *value))
            .collect();
        walk_function(func.body, &mut |n| {
            if n.k() != "if_statement" {
                return;
            }
            for_each_operand(n.field("condition"), &mut |e| {
                for (i, (c, c_text, bindings)) in wanted.iter().enumerate() {
                    if e.k() == c.k()
                        && squash(&text[e.byte_range()]) == *c_text
                        && same_bindings(e, bindings, text)
                    {
                        g.conditions[i].0.insert(e.id());
                    }
                }
            });
        });
        // The path analysis does not evaluate the expressions of switch cases:
        // what one changes would go unseen.
        let unseen = facts.cases.iter().any(|v| g.changed_in(*v));
        (!unseen).then_some(g)
    }

    fn pure_call(&self, call: Node<'_>) -> bool {
        pure_call(call, self.text, &self.shadowed)
    }

    /// Could evaluating `n` (not its operands) change what the conditions read?
    fn changed_by(&self, n: Node<'_>) -> bool {
        let memory = self.shared || !self.roots.is_empty();
        match n.k() {
            "call_expression" => {
                if self.pure_call(n) {
                    return false;
                }
                // A method call on a local held by value may take its address.
                let on_whole = n
                    .field("function")
                    .map(unparen)
                    .filter(|f| f.k() == "selector_expression")
                    .and_then(|f| f.field("operand"))
                    .and_then(root)
                    .is_some_and(|r| self.whole.contains(&self.text[r.byte_range()]));
                self.shared || on_whole || self.given.contains(&n.id())
            }
            "send_statement" => memory,
            "unary_expression" if n.child(0).is_some_and(|o| o.k() == "<-") => memory,
            // Before each iteration: it may receive from a channel, or run an
            // iterator function, as well as assign.
            "range_clause" => {
                memory || defer_checks::assigned_target(n, &|t| self.target_changes(t)).is_some()
            }
            _ => {
                defer_checks::assigned_target(n, &|t| self.target_changes(t)).is_some()
                    || defer_checks::declared_name(n, self.text, &self.names).is_some()
            }
        }
    }

    /// What tells two guards apart: each condition, as where it is written, and
    /// its value.
    fn key(&self) -> Vec<(Vec<usize>, bool)> {
        self.conditions
            .iter()
            .map(|(same, value)| {
                let mut ids: Vec<usize> = same.iter().copied().collect();
                ids.sort_unstable();
                (ids, *value)
            })
            .collect()
    }

    /// Could anything `n` evaluates change what the conditions read?
    fn changed_in(&self, n: Node<'_>) -> bool {
        let mut changed = false;
        walk_function(n, &mut |x| changed = changed || self.changed_by(x));
        changed
    }

    /// Could a write to `target` change what the conditions read?
    fn target_changes(&self, target: Node<'_>) -> bool {
        let t = unparen(target);
        let name = |n: Node<'_>| &self.text[n.byte_range()];
        let whole_root = root(t).is_some_and(|r| self.whole.contains(name(r)));
        match t.k() {
            "identifier" => self.names.iter().any(|n| n == name(t)),
            "selector_expression" => {
                whole_root
                    || t.field("field")
                        .is_some_and(|f| self.fields.contains(name(f)))
            }
            "index_expression" => whole_root || self.indexes,
            _ => whole_root || self.shared || !self.roots.is_empty(),
        }
    }

    /// Does `cond` evaluating to `taken` tell that condition `i` is `want`?
    fn implies(&self, i: usize, cond: Node<'_>, taken: bool, want: bool, depth: usize) -> bool {
        let e = unparen(cond);
        if self.conditions[i].0.contains(&e.id()) {
            return taken == want;
        }
        if depth > 32 {
            return false;
        }
        let op = e.field("operator").map(|o| o.k());
        match (e.k(), op) {
            ("unary_expression", Some("!")) => e
                .field("operand")
                .is_some_and(|o| self.implies(i, o, !taken, want, depth + 1)),
            ("binary_expression", Some(op @ ("&&" | "||"))) => {
                let (Some(l), Some(r)) = (e.field("left"), e.field("right")) else {
                    return false;
                };
                let (l, r) = (
                    self.implies(i, l, taken, want, depth + 1),
                    self.implies(i, r, taken, want, depth + 1),
                );
                // `A && B` is true: both are; false: one of them is (so both
                // must tell). `||` the other way round.
                if (op == "&&") == taken {
                    l || r
                } else {
                    l && r
                }
            }
            _ => false,
        }
    }
}

/// `cond` and each operand of its `!`, `&&` and `||`, parentheses removed.
fn for_each_operand<'t>(cond: Option<Node<'t>>, f: &mut dyn FnMut(Node<'t>)) {
    let mut stack: Vec<Node<'t>> = cond.into_iter().collect();
    while let Some(e) = stack.pop() {
        let e = unparen(e);
        f(e);
        match e.k() {
            "unary_expression" if e.child(0).is_some_and(|o| o.k() == "!") => {
                stack.extend(e.field("operand"))
            }
            "binary_expression"
                if e.field("operator")
                    .is_some_and(|o| matches!(o.k(), "&&" | "||")) =>
            {
                stack.extend(e.field("left"));
                stack.extend(e.field("right"));
            }
            _ => {}
        }
    }
}

/// Can `cond` be evaluated again with the same result, when nothing it reads
/// has changed: no calls but of pure builtins, no receive, no closure?
fn usable(cond: Node<'_>, text: &str, shadowed: &HashSet<String>) -> bool {
    let mut usable = true;
    walk_all(cond, &mut |n| match n.k() {
        "call_expression" => usable &= pure_call(n, text, shadowed),
        "unary_expression" if n.child(0).is_some_and(|o| o.k() == "<-") => usable = false,
        "func_literal" => usable = false,
        _ => {}
    });
    usable
}

/// A call of a builtin that writes no memory (`shadowed`: the builtin names the
/// package or the function declares anew).
fn pure_call(call: Node<'_>, text: &str, shadowed: &HashSet<String>) -> bool {
    call.field("function").map(unparen).is_some_and(|f| {
        let name = &text[f.byte_range()];
        f.k() == "identifier" && PURE_BUILTINS.contains(&name) && !shadowed.contains(name)
    })
}

/// The path `n` reads from a variable, when it is one: `s.inner.ready` →
/// `[s, inner, ready]`; `m[k]` and `m[a:b]` → `[m, []]`; `*p`, `&x`, `(x)`: those of
/// `p`, `x`.
fn path<'t>(n: Node<'_>, text: &'t str) -> Option<Vec<&'t str>> {
    let n = unparen(n);
    let mut out = match n.k() {
        "identifier" => return Some(vec![&text[n.byte_range()]]),
        "unary_expression" if n.child(0).is_some_and(|o| matches!(o.k(), "*" | "&")) => {
            return path(n.field("operand")?, text)
        }
        "selector_expression" | "index_expression" | "slice_expression" => {
            path(n.field("operand")?, text)?
        }
        _ => return None,
    };
    out.push(match n.field("field") {
        Some(f) if n.k() == "selector_expression" => &text[f.byte_range()],
        _ => "[]",
    });
    Some(out)
}

/// The identifier at the root of `x`, `x.f`, `x[i]`, `x[a:b]`, `*x`, `(x)`.
fn root(n: Node<'_>) -> Option<Node<'_>> {
    let mut n = unparen(n);
    loop {
        let deref = n.k() == "unary_expression" && n.child(0).is_some_and(|o| o.k() == "*");
        if !deref
            && !matches!(
                n.k(),
                "selector_expression" | "index_expression" | "slice_expression"
            )
        {
            break;
        }
        n = unparen(n.field("operand")?);
    }
    (n.k() == "identifier").then_some(n)
}

/// Do the identifiers of `e` refer, in order, to `bindings`?
fn same_bindings(e: Node<'_>, bindings: &[Binding<'_>], text: &str) -> bool {
    let mut i = 0;
    let mut same = true;
    walk_all(e, &mut |n| {
        if same && n.k() == "identifier" {
            same = bindings.get(i) == Some(&scope::resolve(n, text));
            i += 1;
        }
    });
    same && i == bindings.len()
}

/// The `if`s a statement is in, innermost first, up to the nearest loop,
/// switch, select or function: each `if` and whether the statement is in its
/// consequence; the walk stops early when `stop` says so of a statement run
/// between that `if`'s condition and `stmt` (its initializer and condition
/// included for the `if`s around it).
fn enclosing_ifs<'t>(
    stmt: Node<'t>,
    stop: &mut dyn FnMut(Node<'t>) -> bool,
) -> Vec<(Node<'t>, bool)> {
    let mut out = Vec::new();
    let mut node = stmt;
    while let Some(parent) = node.parent() {
        match parent.k() {
            "statement_list" | "block" => {
                for before in named_children(parent) {
                    if before.start_byte() >= node.start_byte() {
                        break;
                    }
                    if stop(before) {
                        return out;
                    }
                }
            }
            "if_statement" => {
                let branch = if parent.field("consequence") == Some(node) {
                    true
                } else if parent.field("alternative") == Some(node) {
                    false
                } else {
                    return out;
                };
                out.push((parent, branch));
                let init = parent.field("initializer");
                let cond = parent.field("condition");
                if init.into_iter().chain(cond).any(&mut *stop) {
                    return out;
                }
            }
            _ => return out,
        }
        node = parent;
    }
    out
}

/// A lock whose states also say when it was taken under one of (at most two)
/// guards that still holds ([`Guard`]).
struct GuardedLock<'a, 'l> {
    lock: &'l LockTracker<'a>,
    /// Each guard, and its state: [`HELD_GUARDED`] for the first, the next bit
    /// for the second (four states in all, as many as the path analysis
    /// iterates a loop for).
    guards: Vec<(Guard<'a>, u8)>,
    /// The Lock calls that leave it held under a guard, and that guard's state:
    /// statements in `if` branches that tell every condition of the guard its
    /// value, with nothing run in between that could change one.
    held: HashMap<usize, u8>,
}

impl<'a, 'l> GuardedLock<'a, 'l> {
    /// Each lock statement of `sites` takes the first of `guards` it is told.
    fn new(lock: &'l LockTracker<'a>, guards: Vec<Guard<'a>>, sites: &[Node<'_>]) -> Self {
        let guards: Vec<(Guard<'a>, u8)> = guards
            .into_iter()
            .take(2)
            .zip([HELD_GUARDED, HELD_GUARDED << 1])
            .collect();
        let mut memos: Vec<HashMap<usize, bool>> = guards.iter().map(|_| HashMap::new()).collect();
        let mut held = HashMap::new();
        for site in sites {
            let Some(call) = lock_call(lock, *site) else {
                continue;
            };
            for ((g, bit), memo) in guards.iter().zip(&mut memos) {
                if told(g, *site, memo).iter().all(|t| *t) {
                    held.insert(call.id(), *bit);
                    break;
                }
            }
        }
        GuardedLock { lock, guards, held }
    }
}

/// The lock followed under each guard worth trying: for each lock taken in an
/// `if` (of the first few), the conditions of the `if`s around it, the innermost
/// alone, then with the next one out, and so on; and, when locks are taken under
/// different conditions, the guards of two of them together. A guard of more
/// conditions proves more branches taken together (`if a { if b { Lock } }` …
/// `if a { if b { Unlock } }`) but is forgotten sooner (when any of them may
/// change), so each is tried and an exit is reported only when every one leaves
/// the lock held there.
fn guarded_locks<'a, 'l>(
    cx: &FileContext<'a>,
    func: &Function<'_>,
    lock: &'l LockTracker<'a>,
) -> Vec<GuardedLock<'a, 'l>> {
    let text = cx.file.text.as_str();
    let mut sites: Vec<Node<'_>> = Vec::new();
    walk_function(func.body, &mut |n| {
        if n.k() == "expression_statement" && lock_call(lock, n).is_some() {
            sites.push(n);
        }
    });
    // Worth it only when a condition a lock is taken under is written again.
    let mut written: HashMap<String, usize> = HashMap::new();
    walk_function(func.body, &mut |n| {
        if n.k() == "if_statement" {
            for_each_operand(n.field("condition"), &mut |e| {
                *written.entry(squash(&text[e.byte_range()])).or_default() += 1
            });
        }
    });
    let again = sites.iter().any(|s| {
        enclosing_ifs(*s, &mut |_| false).iter().any(|(i, _)| {
            i.field("condition")
                .is_some_and(|c| written.get(&squash(&text[c.byte_range()])) > Some(&1))
        })
    });
    if !again {
        return Vec::new();
    }
    let facts = Facts::new(cx, func);
    // Each distinct guard told at its lock, and the largest one of each lock.
    let mut guards: Vec<Guard<'a>> = Vec::new();
    let mut largest: Vec<usize> = Vec::new();
    // Each try walks the function: a few, for a function of many locks.
    let mut tries = 0;
    for site in &sites {
        let conditions: Vec<(Node<'_>, bool)> = enclosing_ifs(*site, &mut |_| false)
            .into_iter()
            .filter_map(|(i, b)| i.field("condition").map(|c| (c, b)))
            .filter(|(c, _)| usable(*c, text, &facts.shadowed))
            .take(3)
            .collect();
        let mut site_largest = None;
        for n in 1..=conditions.len() {
            if tries >= 8 || guards.len() >= 4 {
                break;
            }
            tries += 1;
            let Some(guard) = Guard::new(cx, func, &facts, &conditions[..n]) else {
                break;
            };
            if !told(&guard, *site, &mut HashMap::new()).iter().all(|t| *t) {
                break;
            }
            // (The same conditions around another lock: the same guard.)
            let i = match guards.iter().position(|g| g.key() == guard.key()) {
                Some(i) => i,
                None => {
                    guards.push(guard);
                    guards.len() - 1
                }
            };
            site_largest = Some(i);
        }
        if let Some(i) = site_largest.filter(|i| !largest.contains(i)) {
            largest.push(i);
        }
    }
    let mut runs: Vec<Vec<Guard<'a>>> = guards.iter().map(|g| vec![g.clone()]).collect();
    if let [a, b, ..] = largest[..] {
        // The more conditions, the more specific: it goes first.
        let (a, b) = if guards[a].conditions.len() >= guards[b].conditions.len() {
            (a, b)
        } else {
            (b, a)
        };
        runs.push(vec![guards[a].clone(), guards[b].clone()]);
    }
    runs.into_iter()
        .map(|g| GuardedLock::new(lock, g, &sites))
        .collect()
}

/// For each condition of `g`: does every path to `stmt` come through an `if`
/// branch that tells it its value, with nothing in between that could change it?
/// (`memo`: what [`Guard::changed_in`] said of each statement so far.)
fn told(g: &Guard<'_>, stmt: Node<'_>, memo: &mut HashMap<usize, bool>) -> Vec<bool> {
    let mut told = vec![false; g.conditions.len()];
    let mut changes = |n: Node<'_>| *memo.entry(n.id()).or_insert_with(|| g.changed_in(n));
    for (i, branch) in enclosing_ifs(stmt, &mut changes) {
        let Some(cond) = i.field("condition") else {
            continue;
        };
        for (k, t) in told.iter_mut().enumerate() {
            *t |= g.implies(k, cond, branch, g.conditions[k].1, 0);
        }
    }
    told
}

/// The call of `st`, when it is an expression statement taking the lock.
fn lock_call<'t>(lock: &LockTracker<'_>, st: Node<'t>) -> Option<Node<'t>> {
    let call = unparen(
        st.named_child(0)
            .filter(|_| st.k() == "expression_statement")?,
    );
    (lock.effect(call) == Some(OPEN)).then_some(call)
}

impl<'t> Tracker<'t> for GuardedLock<'_, '_> {
    fn effect(&self, n: Node<'t>) -> Option<u8> {
        let e = self.lock.effect(n)?;
        Some(match self.held.get(&n.id()) {
            Some(bit) if e == OPEN => *bit,
            _ => e,
        })
    }
    fn excludes(&self, cond: Node<'t>, taken: bool) -> u8 {
        self.guards
            .iter()
            .filter(|(g, _)| {
                (0..g.conditions.len()).any(|k| g.implies(k, cond, taken, !g.conditions[k].1, 0))
            })
            .fold(0, |acc, (_, bit)| acc | bit)
    }
    fn forgets(&self, n: Node<'t>) -> Option<(u8, u8)> {
        let from = self
            .guards
            .iter()
            .filter(|(g, _)| g.changed_by(n))
            .fold(0, |acc, (_, bit)| acc | bit);
        (from != 0).then_some((from, OPEN))
    }
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
