//! Diagnostics, fixes and edits: what a rule reports.
//!
//! Spans are byte ranges into the file's text; lines and columns are computed
//! only when rendering (see [`crate::source::LineIndex`]).

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How a fix may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Applicability {
    /// Preserves what the program does; applied by default.
    Safe,
    /// Correct in the common case but not provably so (e.g. the region can panic);
    /// applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown in diffs and reports, never applied.
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Replace `range` of the original text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit::replace(at..at, text)
    }
    pub fn delete(range: Range<usize>) -> Self {
        Edit::replace(range, String::new())
    }
}

/// A set of edits applied all-or-nothing, with its applicability and a sentence
/// saying why it is Safe or Unsafe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Sorted by start offset, non-overlapping.
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
    /// One sentence: why this fix is safe, or what makes it unsafe.
    pub safety: String,
}

impl Fix {
    pub fn new(
        mut edits: Vec<Edit>,
        applicability: Applicability,
        safety: impl Into<String>,
    ) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            edits,
            applicability,
            safety: safety.into(),
        }
    }

    /// The byte range covered by all edits together.
    pub fn covered(&self) -> Range<usize> {
        let start = self.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
        start..end
    }
}

/// One finding of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Rule code, e.g. `DR001`.
    pub code: String,
    /// Rule name, e.g. `explicit-call`.
    pub rule: String,
    pub severity: Severity,
    /// Primary span.
    pub span: Range<usize>,
    pub message: String,
    /// What to do, or why no fix is offered.
    pub help: Option<String>,
    /// A stable kebab-case key for the reason a fix is unsafe or refused
    /// (`may-panic`, `in-loop`, ...), for statistics.
    pub reason: Option<String>,
    /// A secondary span with a label (e.g. the expression that can panic).
    pub related: Option<(Range<usize>, String)>,
    pub fix: Option<Fix>,
    /// The CPU profile's numbers for the function the finding is in (with `--profile`).
    pub profile: Option<ProfileShare>,
}

/// A function's share of a CPU profile's samples, in percent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileShare {
    /// The function as the profile names it.
    pub function: String,
    /// Its index in the run's [`crate::profile::Attribution`].
    pub index: usize,
    pub flat_pct: f64,
    pub cum_pct: f64,
    /// Samples in the runtime's defer machinery on its behalf.
    pub defer_pct: f64,
}

impl Eq for ProfileShare {}

impl ProfileShare {
    /// `pkg.F: cum 31.2%, flat 4.0%, defer 0.50%`.
    pub fn describe(&self) -> String {
        use crate::profile::format_pct;
        format!(
            "{}: cum {}, flat {}, defer {}",
            self.function,
            format_pct(self.cum_pct),
            format_pct(self.flat_pct),
            format_pct(self.defer_pct)
        )
    }
}

impl Diagnostic {
    pub fn new(
        code: &str,
        rule: &str,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code: code.to_string(),
            rule: rule.to_string(),
            severity,
            span,
            message: message.into(),
            help: None,
            reason: None,
            related: None,
            fix: None,
            profile: None,
        }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_reason(mut self, reason: &str) -> Self {
        self.reason = Some(reason.to_string());
        self
    }
    pub fn with_related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related = Some((span, label.into()));
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}
