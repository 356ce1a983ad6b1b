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

/// Transaction types known to keep database/sql's promise that once Commit or
/// Rollback has been called, a further Rollback does nothing but return
/// `ErrTxDone`: (import path, type name, why).
const DONE_AFTER_COMMIT: &[(&str, &str, &str)] = &[
    ("database/sql", "Tx", "database/sql's documented promise"),
    (
        "github.com/jmoiron/sqlx",
        "Tx",
        "sqlx's Tx takes Commit and Rollback from the `*sql.Tx` it embeds: database/sql's promise",
    ),
];

/// Why a Rollback after Commit may not do nothing on the transaction `receiver`:
/// a stable key and a sentence naming the type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractUnknown {
    pub reason: &'static str,
    pub message: String,
}

/// Does a Rollback after Commit (or after Rollback) do nothing on the transaction
/// `receiver`, a local of `func`? DR002 drops the Rollback that the defer made after
/// Commit, and DR003 skips it: both rest on this. Ok with a sentence naming the
/// type and whose promise it is, for a type known to keep database/sql's; Err for
/// anything else: a type the package declares (its methods are what they are, not
/// what database/sql promises), an interface, another package's type, or a type
/// that is not known. `close_calls` are the Commit and Rollback calls on the
/// receiver that the rewrite relies on: the promise covers only those two methods.
pub fn rollback_after_commit_is_noop(
    cx: &crate::rule::FileContext<'_>,
    func: &crate::model::Function<'_>,
    deferred: Node<'_>,
    close_calls: &[Node<'_>],
    receiver: &str,
) -> Result<String, ContractUnknown> {
    let text = cx.file.text.as_str();
    let locals = cx.typed_locals(func);
    let Some(ty) = locals.type_of(receiver) else {
        return Err(ContractUnknown {
            reason: "tx-type-unknown",
            message: format!(
                "the type of `{receiver}` is not known, so a Rollback after Commit is not known to do nothing"
            ),
        });
    };
    let why = known_type(cx.package, ty, 0).map_err(|kind| {
        let (reason, message) = match kind {
            TypeKind::Own(name) => (
                "tx-own-type",
                format!(
                    "`{receiver}` is of the package's own type `{name}`: Rollback after Commit is not known to do nothing"
                ),
            ),
            TypeKind::Interface(name) => (
                "tx-interface",
                format!(
                    "`{receiver}` is of the interface type `{name}`: what Rollback does after Commit depends on the value it holds, and is not known to be nothing"
                ),
            ),
            TypeKind::Other => (
                "tx-type-unknown",
                format!(
                    "`{receiver}` is of type `{ty}`, not known to keep database/sql's promise that Rollback after Commit does nothing"
                ),
            ),
        };
        ContractUnknown { reason, message }
    })?;
    for call in std::iter::once(&deferred).chain(close_calls) {
        let name = method_name(*call, text).unwrap_or_default();
        let allowed: &[&str] = if *call == deferred {
            &["Rollback"]
        } else {
            &["Commit", "Rollback"]
        };
        if !allowed.contains(&name) {
            return Err(ContractUnknown {
                reason: "tx-method-unknown",
                message: format!(
                    "`{}` is not Commit or Rollback, so the promise of `{ty}` that Rollback after Commit does nothing does not cover it",
                    squash(&text[call.byte_range()])
                ),
            });
        }
    }
    Ok(format!(
        "`{receiver}` is a `{ty}`, whose Rollback after Commit or Rollback does nothing but return ErrTxDone ({why})"
    ))
}

/// What a transaction type that is not known to keep the promise is.
enum TypeKind {
    Own(String),
    Interface(String),
    Other,
}

/// Ok (whose promise it is) when `ty` is, or is an alias of, a type of
/// [`DONE_AFTER_COMMIT`] or a pointer to one.
fn known_type(
    package: &crate::PackageView,
    ty: &str,
    depth: usize,
) -> Result<&'static str, TypeKind> {
    let t = squash(ty);
    let t = t.strip_prefix('*').unwrap_or(&t);
    if let Some((q, name)) = crate::package::qualified_type(t) {
        let path = package.import_path(q).ok_or(TypeKind::Other)?;
        return DONE_AFTER_COMMIT
            .iter()
            .find(|(p, n, _)| *p == path && *n == name)
            .map(|(_, _, why)| *why)
            .ok_or(TypeKind::Other);
    }
    let base = t.split('[').next().unwrap_or(t);
    match package.type_decl(base) {
        // `type Tx = sql.Tx`: no method can be declared on it, it is sql.Tx.
        Some(d) if d.alias && depth < 4 => known_type(package, &d.underlying, depth + 1),
        Some(d) if d.underlying.starts_with("interface") => {
            Err(TypeKind::Interface(base.to_string()))
        }
        Some(d) if d.underlying != "?" => Err(TypeKind::Own(base.to_string())),
        _ => Err(TypeKind::Other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PackageView, SourceFile};

    fn kind(view: &PackageView, ty: &str) -> String {
        match known_type(view, ty, 0) {
            Ok(_) => "known".into(),
            Err(TypeKind::Own(n)) => format!("own {n}"),
            Err(TypeKind::Interface(n)) => format!("interface {n}"),
            Err(TypeKind::Other) => "other".into(),
        }
    }

    #[test]
    fn only_types_known_to_keep_the_promise_are_known() {
        let a = SourceFile::parse(
            "a.go",
            "package p\n\nimport (\n\t\"database/sql\"\n\t\"database/sql/driver\"\n\t\"github.com/jmoiron/sqlx\"\n)\n\ntype Tx struct{ *sql.Tx }\n\ntype Alias = sql.Tx\n\ntype Defined sql.Tx\n\ntype Txer interface{ Rollback() error }\n\nvar _ driver.Tx\nvar _ sqlx.Tx\n".to_string(),
        );
        let view = PackageView::build(&[&a]);
        assert_eq!(kind(&view, "*sql.Tx"), "known");
        assert_eq!(kind(&view, "*sqlx.Tx"), "known");
        assert_eq!(kind(&view, "*Alias"), "known");
        // A wrapper has the methods the package gives it: promoted ones today, its
        // own (perhaps in a test file) tomorrow.
        assert_eq!(kind(&view, "*Tx"), "own Tx");
        assert_eq!(kind(&view, "*Defined"), "own Defined");
        assert_eq!(kind(&view, "Txer"), "interface Txer");
        assert_eq!(kind(&view, "driver.Tx"), "other");
        assert_eq!(kind(&view, "*sql.DB"), "other");
        assert_eq!(kind(&view, "T"), "other");
    }

    #[test]
    fn a_qualifier_bound_to_two_packages_is_not_known() {
        let a = SourceFile::parse(
            "a.go",
            "package p\n\nimport \"database/sql\"\n\nvar _ *sql.Tx\n".to_string(),
        );
        let b = SourceFile::parse(
            "b.go",
            "package p\n\nimport sql \"example.com/fake/sql\"\n\nvar _ *sql.Tx\n".to_string(),
        );
        let view = PackageView::build(&[&a, &b]);
        assert_eq!(kind(&view, "*sql.Tx"), "other");
    }
}
