//! ## What it does
//! Finds `defer` statements inside a `for` loop (or after a label that a later
//! `goto` jumps back to, which the compiler treats as a loop).
//!
//! ## Why is this bad?
//! Such a defer is heap-allocated: each iteration allocates a defer record
//! (estimated ~36–52 ns per iteration, against ~1–2 ns for an open-coded defer, plus
//! GC pressure), and it also stops every other defer of the function from being
//! open-coded. Worse, the deferred calls do not run at the end of the iteration:
//! they pile up until the function returns, so files stay open and locks stay held
//! for the whole loop.
//!
//! ## Example
//! ```go
//! for _, name := range names {
//!     f, err := os.Open(name)
//!     if err != nil {
//!         return err
//!     }
//!     defer f.Close()
//!     use(f)
//! }
//! ```
//! Use a helper function per iteration, so that the defer runs when the iteration
//! ends and is open-coded there:
//! ```go
//! for _, name := range names {
//!     if err := useFile(name); err != nil {
//!         return err
//!     }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: moving the body into a function changes what `return`, `break`,
//! `continue` and `goto` in it mean, and when the deferred calls run, which is
//! the point but needs a person to decide. Defers in code the compiler removes
//! (`if debug { ... }` with `const debug = false`) are not reported. The cost
//! figures are estimates (Go proposal 34481), not measurements of your program;
//! `examples/bench` measures them on your machine.

use gdr_core::cost::Regime;
use gdr_core::{Diagnostic, FileContext, FixAvailability, Rule, Severity};

pub struct DeferInLoop;

pub const CODE: &str = "DR005";
pub const NAME: &str = "defer-in-loop";

impl Rule for DeferInLoop {
    fn code(&self) -> &str {
        CODE
    }
    fn name(&self) -> &str {
        NAME
    }
    fn summary(&self) -> &str {
        "a `defer` in a loop: a heap-allocated record per iteration, run only when the function returns"
    }
    fn docs(&self) -> &str {
        crate::module_docs(include_str!("defer_in_loop.rs"))
    }
    fn fix_availability(&self) -> FixAvailability {
        FixAvailability::None
    }
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.file.text.as_str();
        for (fi, func) in cx.model.functions.iter().enumerate() {
            let costs = cx.defer_costs(fi);
            for (d, cost) in func.defers.iter().zip(costs) {
                let looping =
                    d.loop_depth > 0 || cost.reasons.iter().any(|r| r.contains("goto jumps back"));
                if cost.regime != Regime::Heap || !looping {
                    continue;
                }
                let call = crate::short(&text[d.call.byte_range()]);
                let place = if d.loop_depth > 0 {
                    "in a loop"
                } else {
                    "after a label that a later `goto` jumps back to"
                };
                out.push(
                    Diagnostic::new(
                        CODE,
                        NAME,
                        Severity::Warning,
                        d.node.byte_range(),
                        format!(
                            "`defer {call}` is {place}: a heap-allocated defer record per iteration \
                             (estimated saving ~35–50 ns per iteration against an open-coded defer; an estimate), \
                             and the deferred calls pile up until `{}` returns",
                            func.name
                        ),
                    )
                    .with_help(
                        "move the loop body into a function (a named helper, or a func literal called \
                         each iteration) so that the defer runs at the end of each iteration",
                    )
                    .with_reason("heap-allocated"),
                );
            }
        }
    }
}
