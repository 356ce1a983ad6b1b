//! ## What it does
//! Finds functions whose defers the Go compiler cannot open-code, and names the
//! condition: more than 8 defers; (explicit `return` statements × defers) > 15;
//! a defer in a loop elsewhere in the function; a named result that escapes to
//! the heap; or a Go version before 1.14. Reported once per function, at its first
//! such defer.
//!
//! ## Why is this bad?
//! An open-coded defer costs ~1–2 ns over a plain call; one that is not gets a
//! stack-allocated defer record, ~35 ns per deferred call (estimates from Go
//! proposal 34481; `examples/bench` measures them on your machine). On a hot path
//! that is often more than the work the function does.
//!
//! ## Example
//! ```go
//! func (c *Conn) handle(op int) error {
//!     c.mu.Lock()
//!     defer c.mu.Unlock()
//!     defer c.trace()
//!     switch op {
//!     case 1: return c.a()
//!     case 2: return c.b()
//!     // ... 8 returns × 2 defers = 16 > 15
//!     }
//! }
//! ```
//! Fewer `return` statements (assign a result and return once), fewer defers, or
//! a helper for the part with many exits bring the function back under the limit.
//!
//! ## Fix safety
//! No fix: the remedy is a restructuring. Falling off the end of a function is not
//! a return; defers and returns in code the compiler removes (`if debug { ... }`
//! with `const debug = false`) do not count. A `-race` build never open-codes
//! defers; that is not reported. Defers in a loop themselves are reported by
//! `defer-in-loop` (DR005).

use gdr_core::cost::Regime;
use gdr_core::{Diagnostic, FileContext, FixAvailability, Rule, Severity};

pub struct NotOpenCoded;

pub const CODE: &str = "DR006";
pub const NAME: &str = "not-open-coded";

impl Rule for NotOpenCoded {
    fn code(&self) -> &str {
        CODE
    }
    fn name(&self) -> &str {
        NAME
    }
    fn summary(&self) -> &str {
        "defers the compiler cannot open-code, with the condition that prevents it"
    }
    fn docs(&self) -> &str {
        crate::module_docs(include_str!("not_open_coded.rs"))
    }
    fn fix_availability(&self) -> FixAvailability {
        FixAvailability::None
    }
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (fi, func) in cx.model.functions.iter().enumerate() {
            let costs = cx.defer_costs(fi);
            let stack: Vec<usize> = (0..costs.len())
                .filter(|&i| costs[i].regime == Regime::Stack)
                .collect();
            let Some(&first) = stack.first() else {
                continue;
            };
            let reasons = &costs[first].reasons;
            let (key, help) = remedy(reasons);
            let n = stack.len();
            let which = if n == 1 {
                "the defer".to_string()
            } else {
                format!("{n} defers")
            };
            out.push(
                Diagnostic::new(
                    CODE,
                    NAME,
                    Severity::Info,
                    func.defers[first].node.byte_range(),
                    format!(
                        "{which} of `{}` cannot be open-coded: {}; each gets a stack-allocated defer record \
                         (estimated saving ~33 ns per deferred call if open-coded; an estimate)",
                        func.name,
                        reasons.join("; ")
                    ),
                )
                .with_help(help)
                .with_reason(key),
            );
        }
    }
}

/// The reason key and what to do, for the first condition named.
fn remedy(reasons: &[String]) -> (&'static str, &'static str) {
    let first = reasons.first().map(String::as_str).unwrap_or("");
    if first.contains("more than 8") {
        (
            "more-than-8-defers",
            "at most 8 defers can be open-coded: split the function, or merge defers into one",
        )
    } else if first.contains("in a loop") {
        (
            "defer-in-loop",
            "a defer in a loop disables open-coding for the whole function: move the loop body into a helper (see DR005)",
        )
    } else if first.contains("escape") {
        (
            "escaping-result",
            "a named result on the heap disables open-coding: keep its address or closures over it inside the function",
        )
    } else if first.contains("returns ×") {
        (
            "returns-times-defers",
            "returns × defers must be at most 15: return once (assign the result, then `return`), or move part of the body into a helper",
        )
    } else if first.contains("Go ") {
        (
            "old-go",
            "Go 1.14 and later open-code defers: raise `go_version` if you build with a newer Go",
        )
    } else {
        (
            "not-open-coded",
            "see the conditions in the rule's documentation",
        )
    }
}
