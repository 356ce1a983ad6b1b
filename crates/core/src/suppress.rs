//! In-source suppressions: `//defer-rewriter:ignore [CODES] [reason]`.
//!
//! A suppression comment at the end of a finding's line, or alone on the line above it,
//! suppresses the findings that start on that line: all of them, or only those whose
//! rule code (or name) is listed (`//defer-rewriter:ignore DR001,DR005 hot path is fine`).
//! A suppressed finding is not reported as a finding and is never fixed. A comment that
//! suppresses nothing is itself reported (code [`UNUSED_SUPPRESSION_CODE`]), so
//! suppressions do not outlive the code they were written for.
//!
//! This lives in the core so the command line, tests and plugins all get the same
//! behaviour: [`crate::Engine::check`] drops suppressed findings before any fix is
//! considered.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::syntax::NodeExt;
use std::ops::Range;

/// The directive, written like Go's own (`//go:generate`): no space after `//`.
pub const DIRECTIVE: &str = "defer-rewriter:ignore";
/// Code of the finding for a suppression comment that suppresses nothing.
pub const UNUSED_SUPPRESSION_CODE: &str = "DR000";
/// Name of that finding.
pub const UNUSED_SUPPRESSION_NAME: &str = "unused-suppression";
/// One line: what it finds.
pub const UNUSED_SUPPRESSION_SUMMARY: &str =
    "a `//defer-rewriter:ignore` comment that suppresses nothing";
/// Its documentation, in the rules' format.
pub const UNUSED_SUPPRESSION_DOCS: &str = "## What it does
Reports a `//defer-rewriter:ignore` comment that suppresses no finding: the code it was
written for changed, or it names rule codes that do not fire on its line.

## Why is this bad?
A stale suppression hides the next real finding on that line, and tells readers
something about the code that is no longer true.

## Example
```go
x := 1 //defer-rewriter:ignore DR001
```
Remove the comment, or move it to the `defer` it is meant for.

## Fix safety
No fix is offered: removing a comment is left to the author.";

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The comment's byte range.
    pub span: Range<usize>,
    /// 1-based line whose findings it suppresses.
    pub target_line: usize,
    /// Rule codes or names it is limited to; empty means every rule.
    pub codes: Vec<String>,
    /// The free text after the codes, if any.
    pub reason: Option<String>,
}

impl Suppression {
    /// Whether this suppression covers `d` (by line and code).
    pub fn covers(&self, file: &SourceFile, d: &Diagnostic) -> bool {
        file.lines.line_col(d.span.start).0 == self.target_line
            && (self.codes.is_empty()
                || self
                    .codes
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(&d.code) || c == &d.rule))
    }
}

/// A finding that a suppression comment removed from the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    /// The suppression's reason text, if it gave one (SARIF's `justification`).
    pub reason: Option<String>,
}

/// Parse the text of a comment (`//...`); `None` when it is not a suppression.
pub fn parse_comment(comment: &str) -> Option<(Vec<String>, Option<String>)> {
    let body = comment.strip_prefix("//")?;
    let body = body.strip_prefix(' ').unwrap_or(body);
    let rest = body.strip_prefix(DIRECTIVE)?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None; // `//defer-rewriter:ignored` and the like
    }
    let mut words = rest.split_whitespace().peekable();
    let mut codes = Vec::new();
    // Codes are `DR001`-like words, separated by commas with or without spaces.
    while let Some(word) = words.peek() {
        let items: Vec<&str> = word.split(',').filter(|s| !s.is_empty()).collect();
        if items.is_empty() || !items.iter().all(|s| is_code(s)) {
            if items.is_empty() && !word.is_empty() {
                words.next(); // a lone `,`
                continue;
            }
            break;
        }
        codes.extend(items.iter().map(|s| s.to_string()));
        words.next();
    }
    let reason: Vec<&str> = words.collect();
    let reason = (!reason.is_empty()).then(|| reason.join(" "));
    Some((codes, reason))
}

/// `DR001`, `TEAM12`: upper-case letters then digits.
fn is_code(s: &str) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
    letters > 0 && letters < s.len() && s.bytes().skip(letters).all(|b| b.is_ascii_digit())
}

/// The suppression comments of `file`.
pub fn find(file: &SourceFile) -> Vec<Suppression> {
    // Most files have none: skip the tree walk.
    if !file.text.contains(DIRECTIVE) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cursor = file.root().walk();
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        if node.k() == "comment" {
            let text = file.text_of(node);
            if let Some((codes, reason)) = parse_comment(text) {
                let start = node.start_byte();
                let line = file.lines.line_col(start).0;
                let before = &file.text[file.lines.line_start(start)..start];
                // Alone on its line: it is about the next line.
                let target_line = if before.trim().is_empty() {
                    line + 1
                } else {
                    line
                };
                out.push(Suppression {
                    span: node.byte_range(),
                    target_line,
                    codes,
                    reason,
                });
            }
            continue;
        }
        for child in node.children(&mut cursor) {
            stack.push(child);
        }
    }
    out.sort_by_key(|s| s.span.start);
    out
}

/// Split `diags` into what is reported and what is suppressed, and add a finding for
/// every suppression that suppressed nothing. `enabled(code)` says whether a rule code
/// ran: a suppression that names only rules that did not run is not reported as unused.
pub fn apply(
    file: &SourceFile,
    diags: Vec<Diagnostic>,
    enabled: impl Fn(&str) -> bool,
    report_unused: bool,
) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    let suppressions = find(file);
    if suppressions.is_empty() {
        return (diags, Vec::new());
    }
    let mut used = vec![false; suppressions.len()];
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for d in diags {
        match suppressions.iter().position(|s| s.covers(file, &d)) {
            Some(i) => {
                used[i] = true;
                suppressed.push(Suppressed {
                    diagnostic: d,
                    reason: suppressions[i].reason.clone(),
                });
            }
            None => kept.push(d),
        }
    }
    if report_unused {
        for (s, used) in suppressions.iter().zip(used) {
            if used || (!s.codes.is_empty() && !s.codes.iter().any(|c| enabled(c))) {
                continue;
            }
            let what = if s.codes.is_empty() {
                "no finding".to_string()
            } else {
                format!("no {} finding", s.codes.join("/"))
            };
            kept.push(
                Diagnostic::new(
                    UNUSED_SUPPRESSION_CODE,
                    UNUSED_SUPPRESSION_NAME,
                    Severity::Warning,
                    s.span.clone(),
                    format!("unused suppression: {what} on line {}", s.target_line),
                )
                .with_help(
                    "remove the comment, or put it on (or just above) the line it is meant for",
                )
                .with_reason(UNUSED_SUPPRESSION_NAME),
            );
        }
        kept.sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
    }
    (kept, suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_reason() {
        assert_eq!(
            parse_comment("//defer-rewriter:ignore"),
            Some((vec![], None))
        );
        assert_eq!(
            parse_comment("//defer-rewriter:ignore DR001,DR005 hot path, measured"),
            Some((
                vec!["DR001".into(), "DR005".into()],
                Some("hot path, measured".into())
            ))
        );
        assert_eq!(
            parse_comment("// defer-rewriter:ignore DR001, DR002"),
            Some((vec!["DR001".into(), "DR002".into()], None))
        );
        assert_eq!(
            parse_comment("//defer-rewriter:ignore keep the defer"),
            Some((vec![], Some("keep the defer".into())))
        );
        assert_eq!(parse_comment("//defer-rewriter:ignored"), None);
        assert_eq!(parse_comment("// nothing here"), None);
    }

    fn diag(file: &SourceFile, needle: &str, code: &str) -> Diagnostic {
        let at = file.text.find(needle).unwrap();
        Diagnostic::new(code, "r", Severity::Warning, at..at + needle.len(), "m")
    }

    #[test]
    fn same_line_and_line_above() {
        let text = "package p\n\nfunc f() {\n\t//defer-rewriter:ignore\n\ta()\n\tb() //defer-rewriter:ignore DR002\n\tc() //defer-rewriter:ignore DR001 why\n}\n";
        let file = SourceFile::parse("a.go", text.to_string());
        let diags = vec![
            diag(&file, "a()", "DR001"),
            diag(&file, "b()", "DR001"),
            diag(&file, "c()", "DR001"),
        ];
        let (kept, suppressed) = apply(&file, diags, |_| true, true);
        let kept: Vec<&str> = kept.iter().map(|d| d.code.as_str()).collect();
        // b() keeps its finding, and its DR002 comment is unused.
        assert_eq!(kept, ["DR001", "DR000"]);
        assert_eq!(suppressed.len(), 2);
        assert_eq!(suppressed[1].reason.as_deref(), Some("why"));
    }

    /// Reports every `defer` with a fix that deletes it.
    struct DeleteDefers;
    impl crate::rule::Rule for DeleteDefers {
        fn code(&self) -> &str {
            "T1"
        }
        fn name(&self) -> &str {
            "delete-defers"
        }
        fn summary(&self) -> &str {
            ""
        }
        fn docs(&self) -> &str {
            ""
        }
        fn fix_availability(&self) -> crate::rule::FixAvailability {
            crate::rule::FixAvailability::Always
        }
        fn check(&self, cx: &crate::rule::FileContext<'_>, out: &mut Vec<Diagnostic>) {
            for (at, _) in cx.file.text.match_indices("defer a()") {
                let span = at..at + "defer a()".len();
                out.push(
                    Diagnostic::new("T1", "delete-defers", Severity::Warning, span.clone(), "m")
                        .with_fix(crate::diagnostic::Fix::new(
                            vec![crate::diagnostic::Edit::replace(span, "a()")],
                            crate::diagnostic::Applicability::Safe,
                            "test",
                        )),
                );
            }
        }
    }

    #[test]
    fn the_engine_never_fixes_a_suppressed_finding() {
        let engine = crate::Engine::new(crate::Settings::default(), vec![Box::new(DeleteDefers)]);
        let text =
            "package p\n\nfunc f() {\n\tdefer a() //defer-rewriter:ignore T1\n\tdefer a()\n}\n";
        let out = engine.fix_text(std::path::Path::new("a.go"), text, true);
        assert_eq!(
            out.fixed.as_deref(),
            Some("package p\n\nfunc f() {\n\tdefer a() //defer-rewriter:ignore T1\n\ta()\n}\n")
        );
        assert_eq!(out.applied.len(), 1);
        assert_eq!(out.suppressed.len(), 1);
        assert!(out.remaining.is_empty());
        // `check` leaves it out too, so plugins and tests see the same.
        let file = SourceFile::parse("a.go", text.to_string());
        let checked = engine.check_all(&file, &engine.package_view(&[&file]));
        assert_eq!(checked.diagnostics.len(), 1);
        assert_eq!(
            checked.suppressed[0].diagnostic.span.start,
            text.find("defer").unwrap()
        );
    }

    #[test]
    fn a_suppression_naming_a_disabled_rule_is_not_unused() {
        let settings = crate::Settings {
            ignore: vec!["T1".to_string()],
            ..crate::Settings::default()
        };
        let engine = crate::Engine::new(settings, vec![Box::new(DeleteDefers)]);
        let text = "package p\n\nfunc f() {\n\tdefer a() //defer-rewriter:ignore T1\n}\n";
        let file = SourceFile::parse("a.go", text.to_string());
        let checked = engine.check_all(&file, &engine.package_view(&[&file]));
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    }
}
