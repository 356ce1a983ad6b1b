//! Text for people that needs a file's source while it is at hand: diagnostics as
//! miette reports with their snippets, and unified diffs. The driver renders them
//! into each file's report (the source is gone by the end of the run); whether
//! with colors is the front end's choice.

use gdr_core::source::LineIndex;
use gdr_core::{Applicability, Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::ops::Range;

/// Width the reports are wrapped at.
const WIDTH: usize = 120;

/// Renders reports; colors only when the stream they go to is a terminal.
pub struct Renderer {
    handler: GraphicalReportHandler,
}

impl Renderer {
    pub fn new(color: bool) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::none()
        };
        Renderer {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(WIDTH)
                .tab_width(4)
                .with_links(false),
        }
    }

    /// Render any miette diagnostic (used for config errors).
    pub fn render(&self, diagnostic: &dyn miette::Diagnostic) -> String {
        let mut out = String::new();
        if self.handler.render_report(&mut out, diagnostic).is_err() {
            out = format!("{diagnostic}\n");
        }
        // A blank line between reports.
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out
    }

    /// Render a rule's diagnostic against `text`, shown under the name `name`.
    pub fn render_diagnostic(
        &self,
        name: &str,
        text: &str,
        lines: &LineIndex,
        d: &Diagnostic,
    ) -> String {
        let mut help: Vec<String> = d.help.iter().cloned().collect();
        if let Some(p) = d
            .profile
            .as_ref()
            .filter(|_| !d.help.as_ref().is_some_and(|h| h.contains("profile: ")))
        {
            help.push(format!("profile: {}", p.describe()));
        }
        // Say why the fix is safe or unsafe, unless the rule's help already does.
        if let Some(fix) = d
            .fix
            .as_ref()
            .filter(|f| !d.help.as_ref().is_some_and(|h| h.contains(&f.safety)))
        {
            help.push(match fix.applicability {
                Applicability::Safe => format!("safe fix: {}", fix.safety),
                Applicability::Unsafe => {
                    format!("unsafe fix (applied with --unsafe-fixes): {}", fix.safety)
                }
                Applicability::DisplayOnly => {
                    format!("suggested change, never applied: {}", fix.safety)
                }
            });
        }
        let shown = Shown {
            code: d.code.clone(),
            message: d.message.clone(),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            primary: clamp(&d.span, text),
            related: d.related.as_ref().map(|(r, l)| (clamp(r, text), l.clone())),
            help: (!help.is_empty()).then(|| help.join("\n")),
            source: NamedText { name, text, lines },
        };
        self.render(&shown)
    }

    /// Render a syntax error at `span` of `text`.
    pub fn render_syntax_error(
        &self,
        name: &str,
        text: &str,
        lines: &LineIndex,
        span: Range<usize>,
        message: String,
    ) -> String {
        let shown = Shown {
            code: "syntax-error".to_string(),
            message,
            severity: miette::Severity::Error,
            primary: clamp(&span, text),
            related: None,
            help: Some(
                "the file was left unchanged; fix the syntax error and run again".to_string(),
            ),
            source: NamedText { name, text, lines },
        };
        self.render(&shown)
    }
}

/// A span that is inside `text` and on char boundaries.
fn clamp(span: &Range<usize>, text: &str) -> Range<usize> {
    let fit = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fit(span.start);
    start..fit(span.end).max(start)
}

/// A report built from a rule's diagnostic.
struct Shown<'a> {
    code: String,
    message: String,
    severity: miette::Severity,
    primary: Range<usize>,
    related: Option<(Range<usize>, String)>,
    help: Option<String>,
    source: NamedText<'a>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shown")
            .field("code", &self.code)
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = |r: &Range<usize>| SourceSpan::from(r.start..r.end);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(self.message.clone()),
            span(&self.primary),
        )];
        if let Some((r, label)) = &self.related {
            labels.push(LabeledSpan::new_with_span(Some(label.clone()), span(r)));
        }
        Some(Box::new(labels.into_iter()))
    }
}

/// Borrowed source text with a name (miette's `NamedSource` wants to own the text),
/// and its line index: miette reads the lines around a span, which it finds by
/// scanning from the start of the text, so it is given only those lines (otherwise
/// rendering every finding of a multi-megabyte file is quadratic).
struct NamedText<'a> {
    name: &'a str,
    text: &'a str,
    lines: &'a LineIndex,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > self.text.len() || self.lines.has_lone_cr() {
            // miette counts a lone `\r` as a line break: let it count them all.
            return self
                .text
                .as_bytes()
                .read_span(span, context_lines_before, context_lines_after)
                .map(|inner| {
                    Box::new(MietteSpanContents::new_named(
                        self.name.to_string(),
                        inner.data(),
                        *inner.span(),
                        inner.line(),
                        inner.column(),
                        inner.line_count(),
                    )) as Box<dyn SpanContents<'b> + 'b>
                });
        }
        // From the start of the line `context_lines_before` lines above the span's to
        // the end of the line `context_lines_after` lines below its end, and a line
        // more each way (miette looks at the byte before an empty span, and past a
        // span that ends at a line end).
        let first = self
            .lines
            .line_col(start)
            .0
            .saturating_sub(context_lines_before + 1)
            .max(1);
        let from = self.lines.start_of_line(first);
        let last = self.lines.line_col(end).0 + context_lines_after + 2;
        let to = self.lines.start_of_line(last);
        let window = &self.text.as_bytes()[from..to];
        let inner = window.read_span(
            &SourceSpan::from((start - from)..(end - from)),
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::from(
                (inner.span().offset() + from)..(inner.span().offset() + from + inner.span().len()),
            ),
            inner.line() + (first - 1),
            inner.column(),
            // miette counts the line breaks from the start of its input to the end
            // of what it read: shifted like the line.
            inner.line_count() + (first - 1),
        )))
    }
}

/// A unified diff with `a/` and `b/` headers and 3 lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    diff.unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windowed_spans_read_like_the_whole_text() {
        // Every span of these texts, with 0 to 3 context lines: the same contents,
        // span, line, column and line count as miette reading the whole text.
        for text in [
            "package p\n\nfunc f() {\n\tdefer mu.Unlock()\n\treturn\n}\n",
            "a\r\nbb\r\n\r\nccc\r\nd",
            "x\ry\nz\n",
            "\n\n\nlast line without end",
        ] {
            let lines = LineIndex::new(text);
            let named = NamedText {
                name: "t.go",
                text,
                lines: &lines,
            };
            for start in 0..=text.len() {
                for end in start..=text.len() {
                    for ctx in 0..4 {
                        let span = SourceSpan::from(start..end);
                        let want = text.as_bytes().read_span(&span, ctx, ctx);
                        let got = named.read_span(&span, ctx, ctx);
                        match (want, got) {
                            (Ok(w), Ok(g)) => assert_eq!(
                                (w.data(), w.span(), w.line(), w.column(), w.line_count()),
                                (g.data(), g.span(), g.line(), g.column(), g.line_count()),
                                "{text:?} {start}..{end} ctx {ctx}"
                            ),
                            (Err(_), Err(_)) => {}
                            (w, g) => panic!(
                                "{text:?} {start}..{end} ctx {ctx}: {:?} vs {:?}",
                                w.is_ok(),
                                g.is_ok()
                            ),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn diff_has_headers() {
        let d = unified_diff("p/a.go", "a\nb\n", "a\nc\n");
        assert!(d.starts_with("--- a/p/a.go\n+++ b/p/a.go\n@@"), "{d}");
    }

    #[test]
    fn spans_are_clamped_to_char_boundaries() {
        assert_eq!(clamp(&(1..9), "aé"), 1..3);
        assert_eq!(clamp(&(2..2), "aé"), 1..1);
    }
}
