//! DR001 explicit-call (being written).
use gdr_core::{Diagnostic, FileContext, FixAvailability, Rule};

pub struct ExplicitCall;

impl Rule for ExplicitCall {
    fn code(&self) -> &str {
        "DR001"
    }
    fn name(&self) -> &str {
        "explicit-call"
    }
    fn summary(&self) -> &str {
        "`defer X.Unlock()` that can become explicit calls before every exit"
    }
    fn docs(&self) -> &str {
        ""
    }
    fn fix_availability(&self) -> FixAvailability {
        FixAvailability::Sometimes
    }
    fn check(&self, _cx: &FileContext<'_>, _out: &mut Vec<Diagnostic>) {}
}
