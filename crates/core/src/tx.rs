//! Transactions and locks as resources for [`crate::flow`]: which calls open and
//! close them, matched by receiver text.

use crate::flow::{Tracker, DONE, OPEN};
use crate::pattern::CallPattern;
use crate::syntax::NodeExt;
use crate::syntax::{squash, unparen, walk_all};
use std::ops::Range;
use tree_sitter::Node;

/// The receiver of a method call `recv.M(...)`, white space squashed out.
pub fn receiver_text(call: Node<'_>, text: &str) -> Option<String> {
    let call = unparen(call);
    if call.k() != "call_expression" {
        return None;
    }
    let f = unparen(call.field("function")?);
    if f.k() != "selector_expression" {
        return None;
    }
    Some(squash(&text[f.field("operand")?.byte_range()]))
}

/// The method name of a call `recv.M(...)`.
pub fn method_name<'a>(call: Node<'_>, text: &'a str) -> Option<&'a str> {
    let call = unparen(call);
    if call.k() != "call_expression" {
        return None;
    }
    let f = unparen(call.field("function")?);
    if f.k() != "selector_expression" {
        return None;
    }
    Some(&text[f.field("field")?.byte_range()])
}

/// Does the call match one of `patterns` with receiver `receiver`?
pub fn is_call_on(call: Node<'_>, text: &str, patterns: &[CallPattern], receiver: &str) -> bool {
    call.k() == "call_expression"
        && receiver_text(call, text).as_deref() == Some(receiver)
        && patterns.iter().any(|p| p.matches(call, text))
}

/// A transaction `receiver`: `open` (e.g. the deferred Rollback, or the Begin
/// call) makes it OPEN; Commit or Rollback on it makes it DONE; handing the bare
/// value elsewhere (an argument, a return value, an assignment) makes it DONE too
/// when `escapes` (its new owner closes it).
pub struct TxTracker<'a> {
    pub text: &'a str,
    pub receiver: String,
    pub close: Vec<&'a CallPattern>,
    pub open: Range<usize>,
    pub escapes: bool,
    /// The condition `err != nil` of the `if` right after `tx, err := db.Begin()`:
    /// the transaction is not open in its branch.
    pub begin_failed: Option<Range<usize>>,
}

impl<'t> Tracker<'t> for TxTracker<'_> {
    fn effect(&self, n: Node<'t>) -> Option<u8> {
        if n.byte_range() == self.open && n.k() == "call_expression" {
            return Some(OPEN);
        }
        if n.k() == "call_expression" {
            if receiver_text(n, self.text).as_deref() == Some(self.receiver.as_str())
                && self.close.iter().any(|p| p.matches(n, self.text))
            {
                return Some(DONE);
            }
            return None;
        }
        if self.escapes && n.k() == "identifier" && self.text[n.byte_range()] == self.receiver {
            let p = n.parent()?;
            let used_as_receiver = p.k() == "selector_expression" && p.field("operand") == Some(n);
            let compared = p.k() == "binary_expression";
            if !used_as_receiver && !compared {
                return Some(DONE);
            }
        }
        None
    }
    fn guard(&self, cond: Node<'t>) -> Option<u8> {
        (self.begin_failed.as_ref() == Some(&cond.byte_range())).then_some(DONE)
    }
}

/// A lock `receiver`: `Lock` opens it, `Unlock` closes it (or RLock/RUnlock).
pub struct LockTracker<'a> {
    pub text: &'a str,
    pub receiver: String,
    pub acquire: &'static str,
    pub release: &'static str,
    /// A variable holding the release method value (`unlock := mu.Unlock`), whose
    /// call releases too.
    pub alias: Option<String>,
}

impl<'t> Tracker<'t> for LockTracker<'_> {
    fn effect(&self, n: Node<'t>) -> Option<u8> {
        if n.k() != "call_expression" {
            return None;
        }
        if let (Some(a), Some(f)) = (&self.alias, n.field("function")) {
            if f.k() == "identifier" && &self.text[f.byte_range()] == a {
                return Some(DONE);
            }
        }
        let receiver = receiver_text(n, self.text)?;
        let method = method_name(n, self.text)?;
        // `cc.updateStateAndUnlock()` releases `cc.mu` by convention (the callee's
        // name says it unlocks): a hand-over, as in grpc-go.
        if (method.ends_with("AndUnlock") || method.ends_with("AndRUnlock"))
            && self.receiver.starts_with(&format!("{receiver}."))
        {
            return Some(DONE);
        }
        if receiver != self.receiver {
            return None;
        }
        match method {
            m if m == self.acquire => Some(OPEN),
            m if m == self.release => Some(DONE),
            _ => None,
        }
    }
}

/// The checks DR002 and DR003 share before rewriting `defer tx.Rollback()`:
/// the receiver is a plain local or parameter that keeps its value after the
/// defer, the call's operands are evaluated once, and no Commit or Rollback on it
/// happens inside a closure (whose time of running is unknown). Returns the
/// receiver text.
pub fn check_tx_defer(
    cx: &crate::rule::FileContext<'_>,
    func: &crate::model::Function<'_>,
    d: &crate::model::Defer<'_>,
) -> Result<String, crate::rewrite::Refusal> {
    use crate::defer_checks::{
        check_arguments, check_receiver, operand_names, receiver_may_be_copied, region_after,
    };
    use crate::rewrite::Refusal;
    let text = cx.file.text.as_str();
    let receiver = receiver_text(d.call, text).unwrap_or_default();
    let locals = crate::panic::LocalTypes::collect(func, text);
    if d.receiver_path.len() != 1
        || !d
            .receiver_root
            .as_deref()
            .is_some_and(|r| locals.is_local(r))
    {
        return Err(Refusal::new(
            "receiver-not-local",
            format!(
                "`{receiver}` is not a local variable or parameter, so a call could replace it"
            ),
            Some(d.call.byte_range()),
        ));
    }
    let names = operand_names(d.call, text)?;
    check_arguments(cx, func, d)?;
    let region = region_after(func, d);
    check_receiver(
        func,
        d,
        &names,
        &region,
        text,
        receiver_may_be_copied(cx, func, d),
    )?;
    let both: Vec<&CallPattern> = cx
        .settings
        .commit
        .iter()
        .chain(cx.settings.rollback.iter())
        .collect();
    let mut in_closure = None;
    for lit in &func.literals {
        walk_all(*lit, &mut |n| {
            if in_closure.is_none()
                && n.k() == "call_expression"
                && receiver_text(n, text).as_deref() == Some(receiver.as_str())
                && both.iter().any(|p| p.matches(n, text))
            {
                in_closure = Some(n);
            }
        });
    }
    if let Some(n) = in_closure {
        return Err(Refusal::new(
            "commit-in-closure",
            format!(
                "`{}` is called inside a closure, so when it runs is not known",
                squash(&text[n.byte_range()])
            ),
            Some(n.byte_range()),
        ));
    }
    Ok(receiver)
}
