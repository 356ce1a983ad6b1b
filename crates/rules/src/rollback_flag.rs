//! ## What it does
//! Finds `defer tx.Rollback()` (every call matching `[rollback] patterns`) when
//! `[rollback] strategy = "flag"` (or `--rollback-strategy flag`), and rewrites it
//! into the defer+flag form: a flag declared where the defer was, one deferred
//! closure that rolls back only when the flag is not set, and the flag set right
//! after every Commit call (`[rollback] commit`).
//!
//! For `return tx.Commit()` (and `return n, tx.Commit()`) the results are first
//! computed into temporaries, so the flag is set once Commit has returned and
//! before the function returns; for `if err := tx.Commit(); err != nil { … }` it
//! is set first thing in each branch (and after the `if` when it has no `else`).
//! The flag is called `committed`, or `committed1`, … when that name is taken.
//!
//! ## Why is this bad?
//! `defer tx.Rollback()` calls Rollback on every exit, after Commit too, where it
//! only returns `sql.ErrTxDone`. The flag form skips that call. It suits functions
//! whose Commit sits in a branch, where the if-err form (DR002) cannot be used.
//!
//! ## Example
//! ```go
//! tx, err := db.Begin()
//! if err != nil {
//!     return err
//! }
//! defer tx.Rollback()
//! if fast {
//!     return tx.Commit()
//! }
//! ...
//! ```
//! becomes
//! ```go
//! tx, err := db.Begin()
//! if err != nil {
//!     return err
//! }
//! committed := false
//! defer func() {
//!     if !committed {
//!         tx.Rollback()
//!     }
//! }()
//! if fast {
//!     ret := tx.Commit()
//!     committed = true
//!     return ret
//! }
//! ...
//! ```
//!
//! ## Fix safety
//! The defer stays, so a panic anywhere (Commit included) still rolls back: the flag
//! is set only after Commit has returned, never before, so a Commit that panics
//! leaves it false and the deferred Rollback runs, as it did. But once Commit has
//! returned, successfully or not, the defer called Rollback and the flag skips it:
//! the rewrite always rests on that Rollback doing nothing. `database/sql` promises
//! it: Commit ends the transaction whether or not it succeeds, and a later Rollback
//! only returns `sql.ErrTxDone`. So the promise is checked, not assumed: the
//! transaction variable's type must be `*sql.Tx` (or sqlx's `*sqlx.Tx`, whose
//! Commit and Rollback are `*sql.Tx`'s, or an alias of either), and the calls
//! Commit and Rollback; the fix's safety sentence names the promise. A type the
//! package declares itself has the Rollback its code says, not database/sql's (it
//! may undo the commit, or count calls); an interface (including `driver.Tx`) holds
//! any implementation; another package's type, or a type that is not known, makes
//! no promise the tool knows of: then the fix is **Unsafe**, the diagnostic naming
//! the type (`tx-own-type`, `tx-interface`, `tx-type-unknown`). (One case where
//! database/sql's Rollback after Commit is not idle: a Commit that returns because
//! the transaction's context is done leaves the transaction to database/sql's own
//! goroutine, which rolls it back; the skipped Rollback would have done that sooner.
//! The transaction ends rolled back either way.) Rollback's result was discarded by
//! the defer and still is (the call is a statement, so it compiles whatever the
//! method returns).
//!
//! The closure reads the transaction variable when it runs, where the defer had
//! read it at the defer: so there is no fix when the receiver is not a local
//! variable or parameter, or is reassigned or shadowed after the defer. No fix
//! either when the defer is in a nested block or a loop, the function uses `goto`
//! (a jump over the flag's declaration does not compile), the same call is deferred
//! twice, Commit or Rollback on the receiver is called inside a closure, or a
//! Commit call sits where a statement cannot follow it (a loop or switch header,
//! a `go` or `defer` statement), or there is no Commit call at all (nothing to skip).
//! Otherwise the fix is **Safe** when the transaction's type keeps database/sql's
//! promise, **Unsafe** when it is not known to.

use gdr_core::defer_checks::{refusal_help, refused, structural_refusal};
use gdr_core::model::{Defer, Function};
use gdr_core::rewrite::{EditPlan, Hoister, Refusal};
use gdr_core::syntax::NodeExt;
use gdr_core::syntax::{inside_literal_within, line_indent, squash, walk_function};
use gdr_core::tree_sitter::Node;
use gdr_core::tx::{check_tx_defer, is_call_on, rollback_after_commit_is_noop, ContractUnknown};
use gdr_core::{Applicability, Diagnostic, FileContext, Fix, FixAvailability, Rule, Severity};

pub struct RollbackFlag;

pub const CODE: &str = "DR003";
pub const NAME: &str = "rollback-flag";

impl Rule for RollbackFlag {
    fn code(&self) -> &str {
        CODE
    }
    fn name(&self) -> &str {
        NAME
    }
    fn summary(&self) -> &str {
        "`defer tx.Rollback()` that can become a deferred rollback skipped once Commit was called"
    }
    fn docs(&self) -> &str {
        crate::module_docs(include_str!("rollback_flag.rs"))
    }
    fn fix_availability(&self) -> FixAvailability {
        FixAvailability::Sometimes
    }
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if cx.settings.rollback_strategy != gdr_core::config::RollbackStrategy::Flag {
            return;
        }
        for func in &cx.model.functions {
            for d in &func.defers {
                if crate::rollback_if_err::is_rollback_defer(cx, d) {
                    out.push(diagnose(cx, func, d));
                }
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
        Ok(Plan {
            edits,
            commits,
            flag,
            promise,
        }) => {
            let diag = base(format!(
                "`defer {call}` can be skipped after Commit with a flag set at {commits} Commit call{}",
                if commits == 1 { "" } else { "s" }
            ));
            let help = format!(
                "defer a closure that calls `{call}` unless `{flag}` is set, and set it after each Commit"
            );
            match promise {
                Ok(why) => diag.with_help(help).with_fix(Fix::new(
                    edits,
                    Applicability::Safe,
                    format!("the defer stays, so panics still roll back; the flag is set only after Commit returned, and the Rollback it skips would have done nothing: {why}"),
                )),
                Err((unknown, span)) => {
                    let why = format!(
                        "{}; the deferred Rollback ran after Commit too, the flag skips it",
                        unknown.message
                    );
                    diag.with_reason(unknown.reason)
                        .with_help(format!(
                            "unsafe fix (applied with --unsafe-fixes): {why}"
                        ))
                        .with_related(span, why.clone())
                        .with_fix(Fix::new(edits, Applicability::Unsafe, why))
                }
            }
        }
    }
}

struct Plan {
    edits: Vec<gdr_core::Edit>,
    /// The Commit calls, each followed by the flag.
    commits: usize,
    flag: String,
    /// Whether the Rollback the flag skips after Commit would have done nothing:
    /// the type's promise, or why it is not known (and the first Commit call).
    promise: Result<String, (ContractUnknown, std::ops::Range<usize>)>,
}

fn plan<'t>(cx: &FileContext<'t>, func: &Function<'t>, d: &Defer<'t>) -> Result<Plan, Refusal> {
    let file = cx.file;
    let text = file.text.as_str();
    structural_refusal(cx, func, d, false, false)?;
    if let Some(g) = func.gotos.first() {
        return Err(Refusal::new(
            "goto",
            "the function uses goto",
            Some(g.byte_range()),
        ));
    }
    let receiver = check_tx_defer(cx, func, d)?;
    // The deferred closure reads the transaction when it runs, after the return
    // values are set: a named result would by then hold what the `return` gave it
    // (`return nil, err`), not the transaction the defer rolled back.
    if func
        .results
        .iter()
        .any(|p| p.name.as_deref() == Some(receiver.as_str()))
    {
        return Err(Refusal::new(
            "tx-named-result",
            format!("`{receiver}` is a named result: a `return` sets it before the deferred closure reads it"),
            Some(d.call.byte_range()),
        ));
    }
    let mut commits = Vec::new();
    walk_function(func.body, &mut |n| {
        if is_call_on(n, text, &cx.settings.commit, &receiver)
            && !inside_literal_within(n, func.body)
        {
            commits.push(n);
        }
    });
    if commits.is_empty() {
        return Err(Refusal::new(
            "no-commit",
            "the function never calls Commit on it, so the flag would never be set",
            None,
        ));
    }
    if let Some(early) = commits.iter().find(|c| c.start_byte() < d.node.end_byte()) {
        return Err(Refusal::new(
            "commit-before-defer",
            "Commit is called before the defer",
            Some(early.byte_range()),
        ));
    }
    let mut hoister = Hoister::new(func, text);
    let flag = hoister.fresh_in_function("committed");
    let set = format!("{flag} = true");
    let mut edit_plan = EditPlan::new(file);
    let indent = line_indent(text, d.node.start_byte());
    let nl = file.newline;
    edit_plan.insert_before(d.node, vec![format!("{flag} := false")]);
    edit_plan.replace(
        d.node,
        format!(
            "defer func() {{{nl}{indent}\tif !{flag} {{{nl}{indent}\t\t{}{nl}{indent}\t}}{nl}{indent}}}()",
            &text[d.call.byte_range()]
        ),
    );
    for c in &commits {
        place_flag(
            file,
            cx.package,
            func,
            *c,
            &set,
            &mut hoister,
            &mut edit_plan,
        )?;
    }
    // After a Commit the defer called Rollback; the flag skips that call.
    let promise = rollback_after_commit_is_noop(
        cx,
        func,
        gdr_core::syntax::unparen(d.call),
        &commits,
        &receiver,
    )
    .map_err(|u| (u, commits[0].byte_range()));
    Ok(Plan {
        edits: edit_plan.render()?,
        commits: commits.len(),
        flag,
        promise,
    })
}

/// Set the flag right after the Commit call `c` has returned.
fn place_flag<'t>(
    file: &'t gdr_core::SourceFile,
    package: &gdr_core::PackageView,
    func: &Function<'t>,
    c: Node<'t>,
    set: &str,
    hoister: &mut Hoister,
    plan: &mut EditPlan<'t>,
) -> Result<(), Refusal> {
    let refuse = || {
        Err(Refusal::new(
            "commit-position",
            "a Commit call sits where the flag cannot be set right after it",
            Some(c.byte_range()),
        ))
    };
    // The statement of a statement list that contains the call.
    let mut stmt = c;
    let mut via_if_header = false;
    loop {
        let Some(p) = stmt.parent() else {
            return refuse();
        };
        if p.k() == "statement_list" {
            break;
        }
        if p.k() == "if_statement" {
            let header = ["initializer", "condition"]
                .iter()
                .any(|f| p.field(f) == Some(stmt));
            if !header {
                return refuse();
            }
            via_if_header = true;
        } else if matches!(
            p.k(),
            "for_statement"
                | "for_clause"
                | "range_clause"
                | "expression_switch_statement"
                | "type_switch_statement"
                | "select_statement"
                | "block"
        ) {
            return refuse();
        }
        stmt = p;
    }
    if via_if_header {
        if stmt.k() != "if_statement" {
            return refuse();
        }
        let Some(cons) = stmt.field("consequence") else {
            return refuse();
        };
        at_block_start(cons, set, plan);
        match stmt.field("alternative") {
            Some(alt) if alt.k() == "block" => at_block_start(alt, set, plan),
            Some(_) => return refuse(),
            None => return after(stmt, set, plan),
        }
        return Ok(());
    }
    match stmt.k() {
        "return_statement" => {
            // The results are computed (Commit among them) before the flag is set;
            // only literals, constants and unreachable locals stay in the return.
            let ops = gdr_core::operands::ReturnOperands::new(file, package, func);
            let Some((mut lines, new_return)) = hoister.hoist(file, func, stmt, &ops)? else {
                return refuse();
            };
            gdr_core::rewrite::refuse_lock_copy(package, func, stmt)?;
            lines.push(set.to_string());
            plan.insert_before(stmt, lines);
            plan.replace(stmt, new_return);
            Ok(())
        }
        "expression_statement"
        | "assignment_statement"
        | "short_var_declaration"
        | "var_declaration" => after(stmt, set, plan),
        _ => refuse(),
    }
}

fn at_block_start<'t>(block: Node<'t>, set: &str, plan: &mut EditPlan<'t>) {
    match gdr_core::syntax::statements(block).first() {
        Some(first) => plan.insert_before(*first, vec![set.to_string()]),
        None => plan.append(block, vec![set.to_string()]),
    }
}

/// Insert `set` right after statement `stmt` of a statement list (a block's or a
/// case's), before any comment that introduces the next statement.
fn after<'t>(stmt: Node<'t>, set: &str, plan: &mut EditPlan<'t>) -> Result<(), Refusal> {
    plan.insert_after(stmt, vec![set.to_string()]);
    Ok(())
}
