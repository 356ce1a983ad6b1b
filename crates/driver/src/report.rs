//! What the driver reports: each file's findings with their positions, the counts
//! for the summary, the fixes applied or available, the defers' regimes and the
//! changes of `--mode verify`. Rendering them for people or machines is the front
//! end's (the CLI's `output` and `machine`).

use gdr_core::source::LineIndex;
use gdr_core::{Applicability, Diagnostic};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// 1-based (line, column) of both ends of a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Region {
    pub fn of(lines: &LineIndex, range: &std::ops::Range<usize>) -> Self {
        let (start_line, start_column) = lines.line_col(range.start);
        let (end_line, end_column) = lines.line_col(range.end.max(range.start));
        Region {
            start_line,
            start_column,
            end_line,
            end_column,
        }
    }
}

/// One finding with its positions computed against the text it was found in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// The path as shown (relative when the input was), `/`-separated.
    pub path: String,
    pub diagnostic: Diagnostic,
    pub region: Region,
    /// The fix's edits with their regions.
    pub edits: Vec<(Region, String)>,
    /// Suppressed by a `//defer-rewriter:ignore` comment (with its reason text).
    pub suppressed: Option<Option<String>>,
}

impl Finding {
    pub fn new(path: &str, lines: &LineIndex, d: &Diagnostic) -> Self {
        Finding {
            path: path.replace('\\', "/"),
            diagnostic: d.clone(),
            region: Region::of(lines, &d.span),
            edits: d
                .fix
                .iter()
                .flat_map(|f| &f.edits)
                .map(|e| (Region::of(lines, &e.range), e.replacement.clone()))
                .collect(),
            suppressed: None,
        }
    }

    /// Mark as suppressed. A suppressed finding is never fixed, so it offers no fix.
    pub fn suppressed(mut self, reason: Option<String>) -> Self {
        self.suppressed = Some(reason);
        self.diagnostic.fix = None;
        self.edits.clear();
        self
    }

    pub fn applicability(&self) -> Option<Applicability> {
        self.diagnostic.fix.as_ref().map(|f| f.applicability)
    }
}

/// What is left to report, by reason.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Left {
    /// reason (or rule code when the rule gave none) → (count, any has an unapplied unsafe fix)
    pub by_reason: BTreeMap<String, (usize, bool)>,
    /// Findings of rules that never offer a fix (performance hints), by reason:
    /// counted apart, so that `no fix for` says only why a rewrite was refused.
    pub hints: BTreeMap<String, usize>,
}

impl Left {
    pub fn add(&mut self, key: &str, unsafe_fix: bool) {
        let e = self.by_reason.entry(key.to_string()).or_default();
        e.0 += 1;
        e.1 |= unsafe_fix;
    }
    /// A finding of a rule that never offers a fix.
    pub fn add_hint(&mut self, key: &str) {
        *self.hints.entry(key.to_string()).or_default() += 1;
    }
    pub fn merge(&mut self, other: &Left) {
        for (k, (n, u)) in &other.by_reason {
            let e = self.by_reason.entry(k.clone()).or_default();
            e.0 += n;
            e.1 |= u;
        }
        for (k, n) in &other.hints {
            *self.hints.entry(k.clone()).or_default() += n;
        }
    }
    /// Findings left without a fix applied: refusals and hints.
    pub fn total(&self) -> usize {
        self.refused() + self.hint_total()
    }
    /// Findings of rules that offer fixes, left without one applied.
    pub fn refused(&self) -> usize {
        self.by_reason.values().map(|(n, _)| n).sum()
    }
    pub fn hint_total(&self) -> usize {
        self.hints.values().sum()
    }
    /// `hints: 130 defer-in-loop, 2 heap-allocated`, largest first; None without any.
    pub fn describe_hints(&self) -> Option<String> {
        if self.hints.is_empty() {
            return None;
        }
        let mut groups: Vec<(&String, &usize)> = self.hints.iter().collect();
        groups.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = groups.iter().map(|(k, n)| format!("{n} {k}")).collect();
        Some(format!("hints: {}", list.join(", ")))
    }
    /// `4 may-panic (use --unsafe-fixes), 3 in-loop`, largest first.
    pub fn describe(&self, unsafe_fixes: bool) -> String {
        let mut groups: Vec<(&String, &(usize, bool))> = self.by_reason.iter().collect();
        groups.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        groups
            .iter()
            .map(|(k, (n, u))| {
                if *u && !unsafe_fixes {
                    format!("{n} {k} (use --unsafe-fixes)")
                } else {
                    format!("{n} {k}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Totals {
    pub scanned: usize,
    pub with_defer: usize,
    pub defers: usize,
    pub safe: usize,
    pub unsafe_: usize,
    /// Files rewritten (or that would be).
    pub files_changed: usize,
    pub left: Left,
    /// Of `left`, when rewriting: findings that carry a fix the run did not apply
    /// (Unsafe without `--unsafe-fixes`, or a fix that did not reach the file). The
    /// rest are hints with no fix, which do not make a rewrite exit 1.
    pub fixable_left: usize,
    pub syntax_errors: usize,
    pub errors: usize,
    /// Files whose rewrite was not written, by reason (not in `files_changed`).
    pub not_written: BTreeMap<String, usize>,
}

impl Totals {
    pub fn merge(&mut self, o: &Totals) {
        self.scanned += o.scanned;
        self.with_defer += o.with_defer;
        self.defers += o.defers;
        self.safe += o.safe;
        self.unsafe_ += o.unsafe_;
        self.files_changed += o.files_changed;
        self.left.merge(&o.left);
        self.fixable_left += o.fixable_left;
        self.syntax_errors += o.syntax_errors;
        self.errors += o.errors;
        for (reason, n) in &o.not_written {
            *self.not_written.entry(reason.clone()).or_default() += n;
        }
    }

    /// A file whose rewrite was not written, for `reason`.
    pub fn add_not_written(&mut self, reason: &str) {
        *self.not_written.entry(reason.to_string()).or_default() += 1;
    }

    /// `2 files not written (1 changed during the run, 1 write failed)`, or None.
    pub fn describe_not_written(&self) -> Option<String> {
        let n: usize = self.not_written.values().sum();
        if n == 0 {
            return None;
        }
        let mut reasons: Vec<(&String, &usize)> = self.not_written.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let reasons: Vec<String> = if reasons.len() == 1 {
            reasons.iter().map(|(r, _)| r.to_string()).collect()
        } else {
            reasons.iter().map(|(r, n)| format!("{n} {r}")).collect()
        };
        Some(format!(
            "{} not written ({})",
            plural(n, "file", "files"),
            reasons.join(", ")
        ))
    }
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A file the rewrite changed, kept in memory for `--mode verify`.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: PathBuf,
    pub fixed: String,
    /// A second rewrite pass over `fixed` changed nothing.
    pub idempotent: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_columns_are_bytes_plus_one() {
        let lines = LineIndex::new("ab\n\tcd\n");
        let r = Region::of(&lines, &(4..6));
        assert_eq!(
            (r.start_line, r.start_column, r.end_line, r.end_column),
            (2, 2, 2, 4)
        );
    }
}
