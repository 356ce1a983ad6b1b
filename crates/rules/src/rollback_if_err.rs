//! ## What it does
//! Finds `defer tx.Rollback()` (every call matching `[rollback] patterns`) when
//! `[rollback] strategy` is `if-err` (the default; `--rollback-strategy`), and
//! replaces it by an explicit `tx.Rollback()` before every exit that can be reached
//! while the transaction is still open — before Commit (`[rollback] commit`) or an
//! explicit Rollback has been called on it — and before none reached after.
//!
//! All such exits get the call, not only those returning an error: an early
//! `return nil` before Commit would otherwise leak the transaction and its
//! connection. A Commit in the return itself (`return tx.Commit()`,
//! `return n, tx.Commit()`) counts as called at that exit; so does
//! `if err := tx.Commit(); err != nil { return err }` and `err = tx.Commit()`
//! followed by more code. Return expressions are evaluated before the inserted
//! Rollback, as they were before the deferred one (hoisted into temporaries when
//! they are not trivially safe); bare returns of named results need no hoisting.
//!
//! ## Why is this bad?
//! A deferred call costs a defer record unless the compiler can open-code it, and
//! any defer keeps the function from being inlined. On a hot request path the
//! explicit form is cheaper. Where the control flow is too complex for that,
//! `strategy = "flag"` (DR003) keeps one defer and skips the Rollback after Commit.
//!
//! ## Example
//! ```go
//! func transfer(db *sql.DB) error {
//!     tx, err := db.Begin()
//!     if err != nil {
//!         return err
//!     }
//!     defer tx.Rollback()
//!     if _, err := tx.Exec("UPDATE a SET n = n - 1"); err != nil {
//!         return err
//!     }
//!     return tx.Commit()
//! }
//! ```
//! becomes
//! ```go
//! func transfer(db *sql.DB) error {
//!     tx, err := db.Begin()
//!     if err != nil {
//!         return err
//!     }
//!     if _, err := tx.Exec("UPDATE a SET n = n - 1"); err != nil {
//!         tx.Rollback()
//!         return err
//!     }
//!     return tx.Commit()
//! }
//! ```
//!
//! ## Fix safety
//! At an exit reached after Commit (or an explicit Rollback) the defer called
//! Rollback and the rewrite calls nothing. That changes nothing only if such a
//! Rollback does nothing, which is what `database/sql` promises: once `Commit` or
//! `Rollback` has been called (whether it succeeded or not) the transaction is
//! done, and a further `Rollback` does nothing but return `sql.ErrTxDone`. So the
//! promise is checked, not assumed: the transaction variable's type must be
//! `*sql.Tx` (or sqlx's `*sqlx.Tx`, whose Commit and Rollback are `*sql.Tx`'s, or
//! an alias of either), and the calls must be Rollback and Commit. A type the
//! package declares itself has the Rollback its code says, not database/sql's (it
//! may undo a commit, or count calls); an interface (including `driver.Tx`) holds
//! any implementation; another package's type, or a type that is not known, makes
//! no promise the tool knows of: then the fix is **Unsafe**, the diagnostic naming
//! the type (`tx-own-type`, `tx-interface`, `tx-type-unknown`). When no exit is
//! reached after Commit or Rollback, every exit gets the Rollback the defer made and
//! the type does not matter. (One case where database/sql's Rollback after Commit
//! is not idle: a Commit that returns because the transaction's context is done
//! leaves the transaction to database/sql's own goroutine, which rolls it back; an
//! explicit Rollback would do that sooner. The transaction ends rolled back either
//! way.)
//!
//! No fix when, at some exit, Commit has been called on some paths and not on
//! others (Commit inside a branch or a loop): the diagnostic names the exit and
//! points at the flag form (DR003). No fix either for the placement refusals of
//! DR001 (nested block, loop, `goto`, `recover()`, Goexit-like exits, the same call
//! deferred twice), when the receiver is not a local variable or parameter, when it
//! is reassigned or shadowed after the defer, or when Commit or Rollback on it is
//! called inside a closure.
//!
//! The fix is also **Unsafe** when the code between the defer and an exit can panic —
//! `tx.Exec` and `tx.Commit` are calls into a driver, so this is the usual case: the
//! deferred Rollback runs while a panic unwinds (a handler panic recovered by
//! `net/http` would otherwise leave the transaction and its connection open) — or
//! when a later defer stays (it would now run after the Rollback instead of
//! before). It is **Safe** only when nothing in between can panic, no later defer
//! stays, and no exit after Commit depends on a promise that is not checked; the
//! fix's safety sentence then names the promise it rests on, when it rests on one.

use gdr_core::defer_checks::{
    hazards, refusal_help, refused, region_after, structural_refusal, with_hazards, Hazard,
};
use gdr_core::flow::Tracker;
use gdr_core::flow::{exit_states, DONE, OPEN};
use gdr_core::model::{Defer, Function};
use gdr_core::rewrite::{EditPlan, Hoister, Refusal};
use gdr_core::syntax::NodeExt;
use gdr_core::syntax::{squash, unparen, walk_function};
use gdr_core::tx::{check_tx_defer, rollback_after_commit_is_noop, TxTracker};
use gdr_core::{Diagnostic, FileContext, FixAvailability, Rule, Severity};

pub struct RollbackIfErr;

pub const CODE: &str = "DR002";
pub const NAME: &str = "rollback-if-err";

impl Rule for RollbackIfErr {
    fn code(&self) -> &str {
        CODE
    }
    fn name(&self) -> &str {
        NAME
    }
    fn summary(&self) -> &str {
        "`defer tx.Rollback()` that can become explicit Rollback calls on the exits reached before Commit"
    }
    fn docs(&self) -> &str {
        crate::module_docs(include_str!("rollback_if_err.rs"))
    }
    fn fix_availability(&self) -> FixAvailability {
        FixAvailability::Sometimes
    }
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if cx.settings.rollback_strategy != gdr_core::config::RollbackStrategy::IfErr {
            return;
        }
        for func in &cx.model.functions {
            for d in &func.defers {
                if is_rollback_defer(cx, d) {
                    out.push(diagnose(cx, func, d));
                }
            }
        }
    }
}

/// A `defer` of a call matching `[rollback] patterns`.
pub fn is_rollback_defer(cx: &FileContext<'_>, d: &Defer<'_>) -> bool {
    !d.is_func_literal
        && cx
            .settings
            .rollback
            .iter()
            .any(|p| p.matches(unparen(d.call), &cx.file.text))
}

fn diagnose(cx: &FileContext<'_>, func: &Function<'_>, d: &Defer<'_>) -> Diagnostic {
    let call = squash(&cx.file.text[d.call.byte_range()]);
    let base =
        |msg: String| Diagnostic::new(CODE, NAME, Severity::Warning, d.node.byte_range(), msg);
    match plan(cx, func, d) {
        Err(r) => {
            let help = if r.reason == "commit-on-some-paths" {
                "no if-err fix: set `[rollback] strategy = \"flag\"` (or `--rollback-strategy flag`) for the defer+flag form (DR003), which handles this".to_string()
            } else {
                format!("no fix: {}", refusal_help(r.reason))
            };
            refused(base, &call, r, help)
        }
        Ok(Plan {
            edits,
            exits,
            hazards,
            promise,
        }) => {
            let msg = format!(
                "`defer {call}` can be explicit calls at {exits} exit{} reached before Commit",
                if exits == 1 { "" } else { "s" }
            );
            let mut safe = "nothing between the defer and its exits can panic, no later defer stays, and the transaction variable cannot change".to_string();
            if let Some(promise) = promise {
                safe.push_str(&format!(
                    "; the Rollback the defer made after Commit is dropped: {promise}"
                ));
            }
            with_hazards(
                base(msg),
                edits,
                &hazards,
                format!(
                    "remove the defer and call `{call}` before each exit reached before Commit"
                ),
                &safe,
                |h| h,
            )
        }
    }
}

struct Plan {
    edits: Vec<gdr_core::Edit>,
    /// The exits that get the explicit call.
    exits: usize,
    hazards: Vec<gdr_core::defer_checks::Hazard>,
    /// When some exit is reached after Commit (or Rollback) and gets no call: the
    /// promise of the transaction's type that makes dropping the deferred one right.
    promise: Option<String>,
}

fn plan(cx: &FileContext<'_>, func: &Function<'_>, d: &Defer<'_>) -> Result<Plan, Refusal> {
    let file = cx.file;
    let text = file.text.as_str();
    structural_refusal(cx, func, d, true, false)?;
    let receiver = check_tx_defer(cx, func, d)?;
    let tracker = TxTracker {
        text,
        receiver: receiver.clone(),
        close: cx
            .settings
            .commit
            .iter()
            .chain(cx.settings.rollback.iter())
            .collect(),
        open: unparen(d.call).byte_range(),
        escapes: false,
        begin_failed: None,
    };
    let states = exit_states(func.body, text, &tracker, DONE);
    let after = d.node.end_byte();
    let mixed = |s: u8| s == OPEN | DONE;
    if let Some((ret, _)) = states
        .returns
        .iter()
        .find(|(r, s)| r.start_byte() >= after && mixed(*s))
    {
        return Err(Refusal::new(
            "commit-on-some-paths",
            "Commit is called on some paths to this exit and not on others",
            Some(ret.byte_range()),
        ));
    }
    if mixed(states.fall_through) {
        return Err(Refusal::new(
            "commit-on-some-paths",
            "Commit is called on some paths to the end of the function and not on others",
            Some(func.body.end_byte() - 1..func.body.end_byte()),
        ));
    }

    let mut edit_plan = EditPlan::new(file);
    edit_plan.delete(d.node);
    let call = text[d.call.byte_range()].to_string();
    let ops = gdr_core::operands::ReturnOperands::in_context(cx, func);
    let mut hoister = Hoister::new(func, text);
    let mut count = 0;
    for (ret, s) in states
        .returns
        .iter()
        .filter(|(r, _)| r.start_byte() >= after)
    {
        if *s != OPEN {
            continue;
        }
        if ret.parent().is_some_and(|p| p.k() == "labeled_statement") {
            return Err(Refusal::new(
                "labeled-return",
                "a return carries a label",
                Some(ret.byte_range()),
            ));
        }
        match hoister.hoist(file, func, *ret, &ops)? {
            None => edit_plan.insert_before(*ret, vec![call.clone()]),
            Some((mut lines, new_return)) => {
                gdr_core::rewrite::refuse_lock_copy(cx.package, func, *ret)?;
                lines.push(call.clone());
                edit_plan.insert_before(*ret, lines);
                edit_plan.replace(*ret, new_return);
            }
        }
        count += 1;
    }
    if states.fall_through == OPEN {
        // Right after the last statement, so trailing comments (an example's
        // `// Output:`) stay last.
        match gdr_core::syntax::statements(func.body).last() {
            Some(last) => edit_plan.insert_after(*last, vec![call.clone()]),
            None => edit_plan.append(func.body, vec![call.clone()]),
        }
        count += 1;
    }
    let edits = edit_plan.render()?;
    let (mut hazards, _notes) = hazards(cx, func, d, &region_after(func, d), &[]);
    // An exit reached after Commit or Rollback gets no call where the defer made
    // one: right only if that Rollback would have done nothing.
    let closed_exit = states
        .returns
        .iter()
        .filter(|(r, s)| r.start_byte() >= after && *s == DONE)
        .map(|(r, _)| r.byte_range())
        .next()
        .or_else(|| {
            (states.fall_through == DONE).then(|| func.body.end_byte() - 1..func.body.end_byte())
        });
    let mut promise = None;
    if let Some(span) = closed_exit {
        let mut closes = Vec::new();
        walk_function(func.body, &mut |n| {
            if tracker.effect(n) == Some(DONE) {
                closes.push(n);
            }
        });
        match rollback_after_commit_is_noop(cx, func, unparen(d.call), &closes, &receiver) {
            Ok(why) => promise = Some(why),
            Err(unknown) => hazards.insert(
                0,
                Hazard {
                    reason: unknown.reason,
                    message: format!(
                        "{}; the deferred Rollback ran after Commit too, the explicit calls do not",
                        unknown.message
                    ),
                    span,
                },
            ),
        }
    }
    Ok(Plan {
        edits,
        exits: count,
        hazards,
        promise,
    })
}
