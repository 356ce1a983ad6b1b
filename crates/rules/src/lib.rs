//! The built-in rules of go-defer-rewriter. One rule = one file, with its fixtures
//! in `tests/fixtures/<rule-name>/`.

pub mod defer_closure_capture;
pub mod defer_in_loop;
pub mod exit_coverage;
pub mod explicit_call;
pub mod inlining_blocked;
pub mod not_open_coded;
pub mod rollback_flag;
pub mod rollback_if_err;

use gdr_core::Rule;

/// Every built-in rule, in code order. The single registry: codes are unique (tested).
pub fn all_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(explicit_call::ExplicitCall),
        Box::new(rollback_if_err::RollbackIfErr),
        Box::new(rollback_flag::RollbackFlag),
        Box::new(exit_coverage::ExitCoverage),
        Box::new(defer_in_loop::DeferInLoop),
        Box::new(not_open_coded::NotOpenCoded),
        Box::new(defer_closure_capture::DeferClosureCapture),
        Box::new(inlining_blocked::InliningBlocked),
    ]
}

/// A rule's documentation: the `//!` comment at the top of its source file, which
/// ends where the first `use` begins.
pub(crate) fn module_docs(source: &'static str) -> &'static str {
    source.split("\n\nuse ").next().unwrap_or("")
}

/// A call's text on one line, shortened for a message.
pub(crate) fn short(call: &str) -> String {
    let one = call.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        format!("{}…", one.chars().take(59).collect::<String>())
    } else {
        one
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_and_names_are_unique() {
        let rules = super::all_rules();
        let mut codes: Vec<&str> = rules.iter().map(|r| r.code()).collect();
        let mut names: Vec<&str> = rules.iter().map(|r| r.name()).collect();
        codes.sort();
        names.sort();
        let n = codes.len();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), n);
        assert_eq!(names.len(), n);
    }
}
