//! ## What it does
//! Finds small functions and methods that the Go compiler does not inline only
//! because they contain a `defer`: with the deferred call made explicit at each
//! exit, the estimated inlining cost is within the compiler's budget of 80.
//!
//! ## Why is this bad?
//! A function containing a defer is never inlined. For a small function the call
//! itself (a few ns), plus the defer (~1–2 ns open-coded, ~35 ns otherwise), is
//! then most of its cost, and the caller loses the optimisations inlining enables
//! (constant propagation, escape analysis across the call). This is where removing
//! a defer pays most; the saving per call is an estimate.
//!
//! ## Example
//! ```go
//! func (c *Counter) Inc() {
//!     c.mu.Lock()
//!     defer c.mu.Unlock()
//!     c.n++
//! }
//! ```
//! Note that `sync.Mutex.Lock` and `Unlock` are themselves inlined with costs 68
//! and 74, so a function that locks and unlocks a mutex exceeds the budget with or
//! without its defer: such functions are not reported. Typical findings defer a
//! call that is not inlined (costed at 57 + its arguments) from a function with
//! one exit.
//!
//! ## Fix safety
//! No fix here: whether the deferred call can be made explicit is what
//! `explicit-call` (DR001) decides for `Unlock`/`RUnlock`. The cost is an
//! estimate from syntax (`gdr_core::inline`), which agrees with
//! `go build -gcflags=-m=2` on about nine functions in ten of the standard
//! library about being under the budget; calls into other packages count as not
//! inlined. Functions with `go` statements or `recover()`, func literals, and
//! functions with a defer in a loop are not reported.

use gdr_core::cost::Regime;
use gdr_core::inline::{InlineCosts, BUDGET};
use gdr_core::model::{ExitKind, FunctionKind};
use gdr_core::{Diagnostic, FileContext, FixAvailability, Rule, Severity};

pub struct InliningBlocked;

pub const CODE: &str = "DR008";
pub const NAME: &str = "inlining-blocked";

impl Rule for InliningBlocked {
    fn code(&self) -> &str {
        CODE
    }
    fn name(&self) -> &str {
        NAME
    }
    fn summary(&self) -> &str {
        "a small function that only its defer keeps from being inlined"
    }
    fn docs(&self) -> &str {
        crate::module_docs(include_str!("inlining_blocked.rs"))
    }
    fn fix_availability(&self) -> FixAvailability {
        FixAvailability::None
    }
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let removed = cx.removed();
        let mut inline = None;
        for (fi, func) in cx.model.functions.iter().enumerate() {
            if func.kind == FunctionKind::Literal || func.defers.is_empty() {
                continue;
            }
            let costs = cx.defer_costs(fi);
            let live: Vec<usize> = (0..costs.len())
                .filter(|&i| costs[i].regime != Regime::Removed)
                .collect();
            if live.is_empty() || live.iter().any(|&i| costs[i].regime == Regime::Heap) {
                continue;
            }
            let inline = inline.get_or_insert_with(|| InlineCosts::of_file(cx.file));
            let mut skip: Vec<std::ops::Range<usize>> =
                removed.iter().map(|(r, _)| r.clone()).collect();
            skip.extend(live.iter().map(|&i| func.defers[i].node.byte_range()));
            // Only a cost within the budget is reported: the walk stops past it
            // (most bodies are well past it, so this goes before the walk for
            // hard blockers).
            let mut total = inline.cost_above(func.body, &skip, BUDGET);
            if total > BUDGET || inline.hard_blocker(func.body).is_some() {
                continue;
            }
            let mut exits_total = 0;
            for &i in &live {
                let d = &func.defers[i];
                let exits = func
                    .exits
                    .iter()
                    .filter(|e| {
                        matches!(e.kind, ExitKind::Return | ExitKind::FallThrough)
                            && e.offset > d.node.start_byte()
                            && !removed.iter().any(|(r, _)| r.contains(&e.offset))
                    })
                    .count() as u32;
                exits_total = exits_total.max(exits);
                total = total.saturating_add(inline.cost(d.call, &[]).saturating_mul(exits));
            }
            if total > BUDGET {
                continue;
            }
            let first = &func.defers[live[0]];
            let regime = costs[live[0]].regime;
            let defer_ns = match regime {
                Regime::OpenCoded => "~1–2 ns",
                _ => "~35 ns",
            };
            out.push(
                Diagnostic::new(
                    CODE,
                    NAME,
                    Severity::Info,
                    first.node.byte_range(),
                    format!(
                        "`{}` is never inlined because it has a defer; with the deferred call made explicit at its \
                         {exits_total} exit(s) its estimated inlining cost is {total}, within the compiler's budget of {BUDGET} \
                         (estimated saving per call: the {} defer, {defer_ns}, plus the call overhead of a few ns; an estimate)",
                        func.name,
                        regime.as_str()
                    ),
                )
                .with_help("make the deferred call explicit at each exit where that is safe (DR001 explicit-call does it for Unlock/RUnlock), then check with `go build -gcflags=-m`")
                .with_reason("inlinable-without-defer"),
            );
        }
    }
}
