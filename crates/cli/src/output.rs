//! Output for people: diagnostics as miette reports, unified diffs, the summary line.

use gdr_core::source::LineIndex;
use gdr_core::{Applicability, Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::collections::BTreeMap;
use std::fmt;
use std::io::IsTerminal;
use std::ops::Range;

/// Width the reports are wrapped at.
const WIDTH: usize = 120;

/// Renders reports; colors only when the stream they go to is a terminal.
pub struct Renderer {
    handler: GraphicalReportHandler,
}

/// Colors for stdout (`for_stderr == false`) or stderr, honouring `NO_COLOR`.
pub fn use_color(for_stderr: bool) -> bool {
    let tty = if for_stderr {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
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

/// How the run went, for the wording of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    Analyze,
    Rewrite,
    DryRun,
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-line summary.
pub fn summary(t: &Totals, wording: Wording, unsafe_fixes: bool) -> String {
    let mut parts = vec![format!(
        "scanned {} ({} with defer), {}",
        plural(t.scanned, "file", "files"),
        t.with_defer,
        plural(t.defers, "defer", "defers")
    )];
    let fixed = t.safe + t.unsafe_;
    let in_files = plural(t.files_changed, "file", "files");
    parts.push(match wording {
        Wording::Analyze if fixed == 0 => "nothing to rewrite".to_string(),
        Wording::Analyze => {
            let unsafe_note = if unsafe_fixes || t.unsafe_ == 0 {
                ""
            } else {
                " (with --unsafe-fixes)"
            };
            format!(
                "would rewrite {} safe, {} unsafe{unsafe_note} in {in_files}",
                t.safe, t.unsafe_
            )
        }
        Wording::Rewrite if fixed == 0 => "rewrote nothing".to_string(),
        Wording::Rewrite => format!(
            "rewrote {fixed} ({} safe, {} unsafe) in {in_files}",
            t.safe, t.unsafe_
        ),
        Wording::DryRun if fixed == 0 => "would rewrite nothing".to_string(),
        Wording::DryRun => format!(
            "would rewrite {fixed} ({} safe, {} unsafe) in {in_files}",
            t.safe, t.unsafe_
        ),
    });
    if let Some(not_written) = t.describe_not_written() {
        parts.push(not_written);
    }
    let left = t.left.refused();
    match wording {
        Wording::Analyze if left > 0 => {
            parts.push(format!("no fix for {left}: {}", t.left.describe(true)))
        }
        Wording::Analyze => {}
        Wording::Rewrite | Wording::DryRun => {
            let verb = if wording == Wording::DryRun {
                "would leave"
            } else {
                "left"
            };
            if left == 0 {
                parts.push(format!("{verb} nothing"));
            } else {
                parts.push(format!("{verb} {left}: {}", t.left.describe(unsafe_fixes)));
            }
        }
    }
    if let Some(hints) = t.left.describe_hints() {
        parts.push(hints);
    }
    if t.syntax_errors > 0 {
        parts.push(format!(
            "{} not processed",
            plural(
                t.syntax_errors,
                "file with syntax errors",
                "files with syntax errors"
            )
        ));
    }
    if t.errors > 0 {
        parts.push(plural(t.errors, "error", "errors"));
    }
    parts.join("; ")
}

/// `--show-fixes`: one line per fix, applied ones first (in a run that writes
/// nothing, those that would be applied).
pub fn show_fixes(notes: &[&crate::process::FixNote], wording: Wording) -> String {
    let mut out = String::new();
    for applied in [true, false] {
        let mut group: Vec<_> = notes.iter().filter(|n| n.applied == applied).collect();
        group.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        if group.is_empty() {
            continue;
        }
        out.push_str(match (applied, wording) {
            (true, Wording::DryRun) => "Fixes that would be applied:\n",
            (true, _) => "Fixes applied:\n",
            (false, Wording::DryRun) => "Fixes available that would not be applied:\n",
            (false, _) => "Fixes available, not applied:\n",
        });
        for n in group {
            out.push_str(&format!(
                "  {}:{}: {} [{}] {}\n",
                n.path,
                n.line,
                n.code,
                n.applicability.as_str(),
                n.message
            ));
        }
    }
    if out.is_empty() {
        out.push_str("No fixes.\n");
    }
    out
}

/// `--statistics`: counts of the reported findings per rule, fix applicability and
/// reason, and of the fixes applied.
pub fn statistics(findings: &[&crate::machine::Finding], t: &Totals, wording: Wording) -> String {
    let mut by_rule: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut by_fix: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_reason: BTreeMap<String, usize> = BTreeMap::new();
    let mut suppressed = 0;
    for f in findings {
        if f.suppressed.is_some() {
            suppressed += 1;
            continue;
        }
        let d = &f.diagnostic;
        *by_rule.entry((d.code.clone(), d.rule.clone())).or_default() += 1;
        *by_fix
            .entry(f.applicability().map_or("no fix", |a| a.as_str()))
            .or_default() += 1;
        *by_reason
            .entry(d.reason.clone().unwrap_or_else(|| "-".to_string()))
            .or_default() += 1;
    }
    let mut out = String::new();
    let table = |out: &mut String, title: &str, rows: Vec<(String, usize)>| {
        out.push_str(title);
        out.push('\n');
        let mut rows = rows;
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if rows.is_empty() {
            out.push_str("  (none)\n");
        }
        for (k, n) in rows {
            out.push_str(&format!("  {n:>6}  {k}\n"));
        }
    };
    let what = match wording {
        Wording::Analyze => "Findings",
        Wording::Rewrite | Wording::DryRun => "Findings left",
    };
    table(
        &mut out,
        &format!("{what} by rule:"),
        by_rule
            .into_iter()
            .map(|((code, rule), n)| (format!("{code:<8} {rule}"), n))
            .collect(),
    );
    table(
        &mut out,
        &format!("{what} by fix applicability:"),
        by_fix
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect(),
    );
    table(
        &mut out,
        &format!("{what} by reason:"),
        by_reason.into_iter().collect(),
    );
    if wording != Wording::Analyze {
        let verb = if wording == Wording::DryRun {
            "Fixes that would be applied"
        } else {
            "Fixes applied"
        };
        out.push_str(&format!("{verb}: {} safe, {} unsafe\n", t.safe, t.unsafe_));
        let not_written: usize = t.not_written.values().sum();
        if not_written > 0 {
            let reasons: Vec<String> = t
                .not_written
                .iter()
                .map(|(r, n)| format!("{n} {r}"))
                .collect();
            out.push_str(&format!(
                "Files not written (their fixes not counted above): {not_written} ({})\n",
                reasons.join(", ")
            ));
        }
    }
    out.push_str(&format!("Suppressed: {suppressed}\n"));
    out
}

/// How many sites `--statistics` lists, most expensive first.
const RANKED_SITES: usize = 15;

/// `--statistics` in `--mode analyze`: the defers per regime with their estimated
/// cost, and the most expensive sites first (the regime's estimated ns per
/// execution; ties in path and line order), with the rules reported there.
pub fn ranking(
    sites: &[&crate::process::CostSite],
    findings: &[&crate::machine::Finding],
) -> String {
    use gdr_core::cost::Regime;
    let mut out =
        String::from("Defers by regime (estimated ns per execution over a plain call):\n");
    for regime in [
        Regime::Heap,
        Regime::Stack,
        Regime::OpenCoded,
        Regime::Removed,
    ] {
        let n = sites.iter().filter(|s| s.regime == regime).count();
        if n > 0 {
            out.push_str(&format!(
                "  {n:>6}  {:<10}  ~{} ns each\n",
                regime.as_str(),
                regime.estimated_ns()
            ));
        }
    }
    let mut ranked: Vec<&&crate::process::CostSite> = sites
        .iter()
        .filter(|s| s.regime != Regime::Removed)
        .collect();
    ranked.sort_by(|a, b| {
        b.regime
            .estimated_ns()
            .total_cmp(&a.regime.estimated_ns())
            .then_with(|| (&a.path, a.line).cmp(&(&b.path, b.line)))
    });
    out.push_str(&format!(
        "Most expensive defers first (estimates; top {}):\n",
        RANKED_SITES.min(ranked.len())
    ));
    for s in ranked.iter().take(RANKED_SITES) {
        let mut codes: Vec<&str> = findings
            .iter()
            .filter(|f| {
                f.suppressed.is_none()
                    && f.region.start_line == s.line
                    && f.path == s.path.replace('\\', "/")
            })
            .map(|f| f.diagnostic.code.as_str())
            .collect();
        codes.dedup();
        let call: String = s.call.chars().take(40).collect();
        let rules = if codes.is_empty() {
            String::new()
        } else {
            format!("  [{}]", codes.join(", "))
        };
        out.push_str(&format!(
            "  {:>9}  {:<10}  {}:{}  {}  defer {call}{rules}\n",
            format!("~{} ns", s.regime.estimated_ns()),
            s.regime.as_str(),
            s.path,
            s.line,
            s.function
        ));
    }
    out
}

/// How many functions `--statistics` lists by their profile share.
const RANKED_FUNCTIONS: usize = 20;

/// `--statistics` with `--profile`: the functions with findings, by cumulative share
/// of the profile's samples, with their flat and defer-machinery shares.
pub fn profile_ranking(findings: &[&crate::machine::Finding]) -> String {
    use gdr_core::profile::format_pct;
    let mut by_function: Vec<(&gdr_core::diagnostic::ProfileShare, usize, usize)> = Vec::new();
    let mut outside = 0;
    for f in findings.iter().filter(|f| f.suppressed.is_none()) {
        let d = &f.diagnostic;
        let Some(p) = &d.profile else {
            outside += 1;
            continue;
        };
        let cold = usize::from(d.reason.as_deref() == Some(gdr_core::engine::COLD_REASON));
        match by_function.iter_mut().find(|(q, _, _)| q.index == p.index) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 += cold;
            }
            None => by_function.push((p, 1, cold)),
        }
    }
    by_function.sort_by(|a, b| {
        b.0.cum_pct
            .total_cmp(&a.0.cum_pct)
            .then_with(|| a.0.function.cmp(&b.0.function))
    });
    let mut out = format!(
        "Findings by profile (functions by cumulative share of samples; top {}):\n",
        RANKED_FUNCTIONS.min(by_function.len())
    );
    out.push_str("       cum     flat    defer  findings  function\n");
    for (p, n, cold) in by_function.iter().take(RANKED_FUNCTIONS) {
        let cold = if *cold > 0 {
            format!("  ({cold} cold)")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "  {:>8} {:>8} {:>8}  {n:>8}  {}{cold}\n",
            format_pct(p.cum_pct),
            format_pct(p.flat_pct),
            format_pct(p.defer_pct),
            p.function
        ));
    }
    if outside > 0 {
        out.push_str(&format!(
            "  {} in functions the profile does not have\n",
            plural(outside, "finding", "findings")
        ));
    }
    out
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
    fn summary_reads_well() {
        let mut t = Totals {
            scanned: 120,
            with_defer: 14,
            defers: 57,
            safe: 10,
            unsafe_: 2,
            files_changed: 5,
            ..Totals::default()
        };
        for _ in 0..4 {
            t.left.add("may-panic", true);
        }
        for _ in 0..3 {
            t.left.add("in-loop", false);
        }
        t.left.add("goto", false);
        t.left.add("goto", false);
        assert_eq!(
            summary(&t, Wording::Rewrite, false),
            "scanned 120 files (14 with defer), 57 defers; rewrote 12 (10 safe, 2 unsafe) in 5 files; left 9: 4 may-panic (use --unsafe-fixes), 3 in-loop, 2 goto"
        );
    }

    #[test]
    fn files_not_written_are_counted_apart() {
        let mut t = Totals {
            scanned: 3,
            with_defer: 3,
            defers: 3,
            safe: 1,
            files_changed: 1,
            errors: 2,
            ..Totals::default()
        };
        t.add_not_written("changed during the run");
        t.left.add("not written", false);
        assert_eq!(
            summary(&t, Wording::Rewrite, false),
            "scanned 3 files (3 with defer), 3 defers; rewrote 1 (1 safe, 0 unsafe) in 1 file; 1 file not written (changed during the run); left 1: 1 not written; 2 errors"
        );
        t.add_not_written("write failed");
        t.add_not_written("write failed");
        assert_eq!(
            t.describe_not_written().as_deref(),
            Some("3 files not written (2 write failed, 1 changed during the run)")
        );
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
