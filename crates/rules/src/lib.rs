//! The built-in rules of go-defer-rewriter. One rule = one file, with its fixtures
//! in `tests/fixtures/<rule-name>/`.

pub mod exit_coverage;
pub mod explicit_call;
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
    ]
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
