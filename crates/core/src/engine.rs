//! Runs the rules over a file and applies their fixes.

use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::model::FileModel;
use crate::package::PackageView;
use crate::rule::{FileContext, Rule};
use crate::source::SourceFile;
use crate::suppress::{self, Suppressed};
use std::path::Path;

/// The CPU profile a file is checked with: each finding gets the numbers of its
/// function, and with a hot threshold only the fixes of hot functions are kept.
#[derive(Debug, Clone, Copy)]
pub struct FileProfile<'a> {
    pub attribution: &'a crate::profile::Attribution,
    /// The import path of the file's package (`example.com/m/cache`); None when no
    /// module is known (then only the file and lines can match).
    pub import_path: Option<&'a str>,
    /// The file's path relative to its module's root, with `/` (`cache/cache.go`).
    pub module_file: &'a str,
    /// Percent of all samples a function's cumulative share must reach for its
    /// fixes to be kept (None: the profile only annotates).
    pub hot_threshold: Option<f64>,
}

/// The reason of a finding whose fix was withheld because its function is cold.
pub const COLD_REASON: &str = "cold";

impl FileProfile<'_> {
    /// The profile's record of `f`, a function of `file`.
    pub fn share(
        &self,
        file: &SourceFile,
        f: &crate::model::Function<'_>,
    ) -> Option<crate::diagnostic::ProfileShare> {
        let package = crate::source::package_clause_name(&file.text).unwrap_or("");
        // Go names the functions of package main `main.F` whatever the directory,
        // and those of an external test package `path_test.F`.
        let prefix = match self.import_path {
            _ if package == "main" => "main".to_string(),
            Some(p) if package.ends_with("_test") && !p.ends_with("_test") => format!("{p}_test"),
            Some(p) => p.to_string(),
            None => package.to_string(),
        };
        let query = crate::profile::FunctionQuery {
            qualified: format!("{prefix}.{}", f.name),
            module_file: self.module_file,
            first_line: f.node.start_position().row as i64 + 1,
            last_line: f.node.end_position().row as i64 + 1,
        };
        let a = self.attribution;
        let (index, stats) = a.lookup(&query)?;
        Some(crate::diagnostic::ProfileShare {
            function: stats.name.clone(),
            index,
            flat_pct: a.pct(stats.flat),
            cum_pct: a.pct(stats.cum),
            defer_pct: a.pct(stats.defer),
        })
    }

    /// Give each finding its function's numbers; withhold the fixes of cold ones.
    fn annotate(&self, file: &SourceFile, model: &FileModel<'_>, out: &mut [Diagnostic]) {
        use crate::profile::format_pct;
        for d in out {
            let function = model.function_at(d.span.start);
            d.profile = function.and_then(|f| self.share(file, f));
            let Some(threshold) = self.hot_threshold else {
                continue;
            };
            if d.fix.is_none() {
                continue;
            }
            let cum = d.profile.as_ref().map_or(0.0, |p| p.cum_pct);
            if cum >= threshold {
                continue;
            }
            let name = function.map_or("this code", |f| f.name.as_str());
            d.fix = None;
            d.reason = Some(COLD_REASON.to_string());
            d.help = Some(match &d.profile {
                Some(p) => format!(
                    "not rewritten: `{name}` is cold, {} of the profile's samples (cumulative), below the hot threshold {}",
                    format_pct(p.cum_pct),
                    format_pct(threshold)
                ),
                None => format!(
                    "not rewritten: `{name}` is not in the profile (0% of its samples), below the hot threshold {}",
                    format_pct(threshold)
                ),
            });
        }
    }
}

/// How many rounds of check → apply → re-parse before giving up on convergence.
pub const MAX_FIX_ROUNDS: usize = 8;

/// The rules and settings of one run.
pub struct Engine {
    rules: Vec<Box<dyn Rule>>,
    /// (code, name) of the rules the settings turned off: a suppression naming only
    /// those is not reported as unused.
    disabled: Vec<(String, String)>,
    settings: Settings,
    /// The needles of the selected rules and of suppression comments, when every
    /// selected rule's needles are local ([`Rule::needles_are_local`]).
    local_needles: Option<Vec<memchr::memmem::Finder<'static>>>,
}

/// The findings of one file, with what suppression comments removed.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Findings to report (and fix), sorted by position; includes unused suppressions.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings a `//defer-rewriter:ignore` comment suppressed: never fixed.
    pub suppressed: Vec<Suppressed>,
    /// Number of `defer` statements in the file.
    pub defers: usize,
}

/// A fix that was applied, described for the report.
#[derive(Debug, Clone)]
pub struct AppliedFix {
    pub code: String,
    pub message: String,
    pub applicability: Applicability,
    /// 1-based line of the diagnostic in the text the fix was applied to.
    pub line: usize,
    /// The CPU profile's numbers of the function it was applied in.
    pub profile: Option<crate::diagnostic::ProfileShare>,
}

/// The result of fixing one file.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// Number of `defer` statements in the original text.
    pub defers: usize,
    /// Diagnostics of the original text.
    pub diagnostics: Vec<Diagnostic>,
    /// The fixed text, when it differs from the original.
    pub fixed: Option<String>,
    pub applied: Vec<AppliedFix>,
    /// Diagnostics of the final text (the fixed one, or the original when nothing
    /// changed): what is left to report.
    pub remaining: Vec<Diagnostic>,
    /// Fixes that overlapped another one in every round and were never applied.
    pub dropped: Vec<Diagnostic>,
    /// Set when a round produced text with a syntax error: the original is kept.
    pub internal_error: Option<String>,
    /// Findings of the final text that suppression comments removed.
    pub suppressed: Vec<Suppressed>,
    /// Findings of the original text that suppression comments removed (what is
    /// reported when the fixed text is not used, e.g. it could not be written).
    pub original_suppressed: Vec<Suppressed>,
}

/// The pseudo-code of the finding for a function too deep to check.
pub const TOO_DEEP_CODE: &str = "too-deep";

/// One finding for each function the analyses left out because its code nests
/// deeper than [`crate::model::MAX_DEPTH`], when it has a `defer`: its defers are
/// neither checked nor rewritten, and the user should know.
fn too_deep(file: &SourceFile, model: &FileModel<'_>) -> Vec<Diagnostic> {
    let text = file.text.as_str();
    model
        .too_deep
        .iter()
        .filter(|t| memchr::memmem::find(&text.as_bytes()[t.node.byte_range()], b"defer").is_some())
        .map(|t| {
            let head = crate::syntax::NodeExt::field(&t.node, "name").unwrap_or(t.node);
            let span = if head == t.node {
                t.node.start_byte()..t.node.start_byte() + "func".len().min(t.node.byte_range().len())
            } else {
                head.byte_range()
            };
            Diagnostic::new(
                TOO_DEEP_CODE,
                TOO_DEEP_CODE,
                crate::diagnostic::Severity::Warning,
                span,
                format!(
                    "not checked: this function nests {} levels deep, more than the {} the analyses take",
                    t.depth,
                    crate::model::MAX_DEPTH
                ),
            )
            .with_help("its defers are left as they are; split the function to have them checked")
            .with_reason("too-deep")
        })
        .collect()
}

impl Engine {
    /// Keep the rules the settings select.
    pub fn new(settings: Settings, rules: Vec<Box<dyn Rule>>) -> Self {
        let (rules, off): (Vec<_>, Vec<_>) = rules
            .into_iter()
            .partition(|r| settings.rule_enabled(r.code(), r.name()));
        let disabled = off
            .iter()
            .map(|r| (r.code().to_string(), r.name().to_string()))
            .collect();
        let local_needles = rules.iter().all(|r| r.needles_are_local()).then(|| {
            let mut needles: Vec<&'static str> = vec![suppress::DIRECTIVE];
            for r in &rules {
                for n in r.needles() {
                    if !needles.contains(n) {
                        needles.push(n);
                    }
                }
            }
            needles
                .into_iter()
                .map(memchr::memmem::Finder::new)
                .collect()
        });
        Engine {
            rules,
            disabled,
            settings,
            local_needles,
        }
    }

    /// What a partial parse of `text` would keep (the bodies that hold a needle or a
    /// suppression comment); None when the selected rules' needles are not local or
    /// the scan is in doubt: parse the whole file then.
    pub fn partial_plan(&self, text: &str) -> Option<crate::source::PartialPlan> {
        crate::source::PartialPlan::new(text, self.local_needles.as_deref()?)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The prefilter: can any selected rule report something in a file with these
    /// bytes? (A file that never says `defer` has nothing to rewrite; DR004 also
    /// looks at files that lock or begin a transaction.)
    pub fn may_report(&self, bytes: &[u8]) -> bool {
        self.rules.iter().any(|r| {
            r.needles()
                .iter()
                .any(|n| memchr::memmem::find(bytes, n.as_bytes()).is_some())
        })
    }

    pub fn rules(&self) -> impl Iterator<Item = &dyn Rule> {
        self.rules.iter().map(|r| r.as_ref())
    }

    /// All diagnostics of all selected rules for `file`, sorted by position, without
    /// suppressed ones.
    pub fn check(&self, file: &SourceFile, package: &PackageView) -> Vec<Diagnostic> {
        self.check_all(file, package).diagnostics
    }

    /// Diagnostics (without suppressed ones), and the number of `defer` statements.
    pub fn check_counting(
        &self,
        file: &SourceFile,
        package: &PackageView,
    ) -> (Vec<Diagnostic>, usize) {
        let checked = self.check_all(file, package);
        (checked.diagnostics, checked.defers)
    }

    /// Diagnostics, the suppressed ones apart, and the number of `defer` statements.
    pub fn check_all(&self, file: &SourceFile, package: &PackageView) -> Checked {
        self.check_all_profiled(file, package, None)
    }

    /// [`Engine::check_all`], with the numbers of a CPU profile (see [`FileProfile`]).
    pub fn check_all_profiled(
        &self,
        file: &SourceFile,
        package: &PackageView,
        profile: Option<&FileProfile<'_>>,
    ) -> Checked {
        // Name resolution in this file reads each statement list once.
        let _index = crate::semantic::scope::index_tree(file.root());
        let model = FileModel::build(file);
        let defers = model.defer_count();
        let cx = FileContext {
            file,
            model: &model,
            package,
            settings: &self.settings,
            memo: Default::default(),
        };
        let mut out = Vec::new();
        for rule in &self.rules {
            rule.check(&cx, &mut out);
        }
        out.extend(too_deep(file, &model));
        if let Some(p) = profile {
            p.annotate(file, &model, &mut out);
            if self.settings.explain_safety {
                // Why this fix is worth making: where its function stands in the profile.
                for d in out.iter_mut().filter(|d| d.fix.is_some()) {
                    let Some(share) = &d.profile else { continue };
                    let hot = p.hot_threshold.map_or(String::new(), |t| {
                        format!(
                            ", at or above the hot threshold {}",
                            crate::profile::format_pct(t)
                        )
                    });
                    let line = format!("profile: {}{hot}", share.describe());
                    d.help = Some(match d.help.take() {
                        Some(h) => format!("{h}\n{line}"),
                        None => line,
                    });
                }
            }
        }
        if file.has_syntax_errors() {
            // No fix is ever produced for a file that does not parse cleanly.
            for d in &mut out {
                d.fix = None;
            }
        }
        out.sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
        // Suppressed findings go before any fix is considered, so they are never fixed.
        let report_unused = self.settings.rule_enabled(
            suppress::UNUSED_SUPPRESSION_CODE,
            suppress::UNUSED_SUPPRESSION_NAME,
        );
        let (diagnostics, suppressed) = suppress::apply(
            file,
            out,
            |c| {
                !self
                    .disabled
                    .iter()
                    .any(|(code, name)| code.eq_ignore_ascii_case(c) || name == c)
            },
            report_unused,
        );
        Checked {
            diagnostics,
            suppressed,
            defers,
        }
    }

    fn wanted(&self, applicability: Applicability, unsafe_fixes: bool) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => unsafe_fixes,
            Applicability::DisplayOnly => false,
        }
    }

    /// Apply every wanted fix, round after round, until nothing changes.
    ///
    /// Each round: check, take the wanted fixes from the last position back, drop any whose
    /// edits touch an edit already taken (it is retried next round, against the new
    /// text), apply back to front, re-parse. A round whose result has a syntax error is
    /// discarded whole and reported; the original text is then returned unchanged.
    pub fn fix(&self, file: &SourceFile, package: &PackageView, unsafe_fixes: bool) -> FixOutcome {
        self.fix_profiled(file, package, unsafe_fixes, None)
    }

    /// [`Engine::fix`], with the numbers of a CPU profile (see [`FileProfile`]).
    pub fn fix_profiled(
        &self,
        file: &SourceFile,
        package: &PackageView,
        unsafe_fixes: bool,
        profile: Option<&FileProfile<'_>>,
    ) -> FixOutcome {
        let Checked {
            diagnostics,
            suppressed,
            defers,
        } = self.check_all_profiled(file, package, profile);
        let mut outcome = FixOutcome {
            defers,
            original_suppressed: suppressed.clone(),
            suppressed,
            diagnostics: diagnostics.clone(),
            remaining: Vec::new(),
            fixed: None,
            applied: Vec::new(),
            dropped: Vec::new(),
            internal_error: None,
        };
        if file.has_syntax_errors() {
            outcome.remaining = outcome.diagnostics.clone();
            return outcome;
        }
        let mut current: Option<SourceFile> = None;
        let mut diags = diagnostics;
        for _round in 0..MAX_FIX_ROUNDS {
            let text = current
                .as_ref()
                .map_or(file.text.as_str(), |f| f.text.as_str());
            let lines = current.as_ref().map_or(&file.lines, |f| &f.lines);
            let (edits, taken, skipped) = select_fixes(&diags, |a| self.wanted(a, unsafe_fixes));
            if taken.is_empty() {
                break;
            }
            let new_text = apply_edits(text, &edits);
            let reparsed = SourceFile::parse(&file.path, new_text);
            if let Some(err) = reparsed.first_error() {
                let (line, col) = reparsed.lines.line_col(err.start_byte());
                let codes: Vec<&str> = taken.iter().map(|d| d.code.as_str()).collect();
                outcome.internal_error = Some(format!(
                    "internal error: applying fixes ({}) produced a syntax error at {}:{line}:{col}; the file was left unchanged",
                    codes.join(", "),
                    file.path.display(),
                ));
                outcome.fixed = None;
                outcome.applied.clear();
                outcome.remaining = outcome.diagnostics.clone();
                outcome.suppressed = outcome.original_suppressed.clone();
                return outcome;
            }
            for d in taken {
                outcome.applied.push(AppliedFix {
                    code: d.code.clone(),
                    message: d.message.clone(),
                    applicability: d
                        .fix
                        .as_ref()
                        .map_or(Applicability::DisplayOnly, |f| f.applicability),
                    line: lines.line_col(d.span.start).0,
                    profile: d.profile.clone(),
                });
            }
            outcome.dropped = skipped.into_iter().cloned().collect();
            let checked = self.check_all_profiled(&reparsed, package, profile);
            diags = checked.diagnostics;
            outcome.suppressed = checked.suppressed;
            current = Some(reparsed);
        }
        // Whatever is still fixable after the last round did not converge.
        if current.is_some() {
            outcome.dropped = diags
                .iter()
                .filter(|d| {
                    d.fix
                        .as_ref()
                        .is_some_and(|f| self.wanted(f.applicability, unsafe_fixes))
                })
                .cloned()
                .collect();
        }
        outcome.remaining = diags;
        outcome.fixed = current.map(|f| f.text).filter(|t| t != &file.text);
        outcome
    }

    /// The package view of `files` with this run's `[safety] no_panic` allowlist.
    pub fn package_view(&self, files: &[&SourceFile]) -> PackageView {
        PackageView::build_with(files, &self.settings.no_panic)
    }

    /// Like [`Engine::package_view`], keeping shared files instead of copies.
    pub fn package_view_shared(&self, files: &[std::sync::Arc<SourceFile>]) -> PackageView {
        PackageView::build_shared(files, &self.settings.no_panic)
    }

    /// A package view to build file by file, with this run's allowlist.
    pub fn view_builder(&self) -> crate::package::ViewBuilder {
        PackageView::builder(&self.settings.no_panic)
    }

    /// Convenience for tests and tools: parse `text` as `path`, with a package view
    /// made of this file alone.
    pub fn fix_text(&self, path: &Path, text: &str, unsafe_fixes: bool) -> FixOutcome {
        let file = SourceFile::parse(path, text.to_string());
        let package = self.package_view(&[&file]);
        self.fix(&file, &package, unsafe_fixes)
    }
}

/// Edits do not conflict only when strictly apart (touching insertions conflict too).
fn conflicts(a: &Edit, b: &Edit) -> bool {
    a.range.start <= b.range.end && b.range.start <= a.range.end
}

type Selection<'d> = (Vec<Edit>, Vec<&'d Diagnostic>, Vec<&'d Diagnostic>);

/// The wanted fixes in order of position, without conflicts: (edits, taken, skipped).
fn select_fixes(diags: &[Diagnostic], wanted: impl Fn(Applicability) -> bool) -> Selection<'_> {
    let mut candidates: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| !f.edits.is_empty() && wanted(f.applicability))
        })
        .collect();
    // Latest first: when two fixes conflict, the later one wins this round and the
    // earlier one is redone against its result next round. For defers that is LIFO
    // order: the call of the inner (later) defer is inserted first, and the outer
    // defer's call then goes after it, just before the exit.
    candidates.sort_by_key(|d| std::cmp::Reverse(d.fix.as_ref().map(|f| f.covered().start)));
    let mut edits: Vec<Edit> = Vec::new();
    let mut taken = Vec::new();
    let mut skipped = Vec::new();
    for d in candidates {
        let fix = d.fix.as_ref().expect("filtered above");
        if fix
            .edits
            .iter()
            .any(|e| edits.iter().any(|t| conflicts(e, t)))
        {
            skipped.push(d);
            continue;
        }
        edits.extend(fix.edits.iter().cloned());
        taken.push(d);
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    (edits, taken, skipped)
}

/// Apply sorted, non-overlapping edits.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.replacement);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diag(start: usize, edits: Vec<Edit>, a: Applicability) -> Diagnostic {
        Diagnostic::new("T1", "t", Severity::Warning, start..start + 1, "m")
            .with_fix(Fix::new(edits, a, "why"))
    }

    #[test]
    fn overlapping_fix_is_skipped_and_touching_counts_as_overlap() {
        let d = vec![
            diag(0, vec![Edit::replace(0..3, "x")], Applicability::Safe),
            diag(3, vec![Edit::insert(3, "y")], Applicability::Safe),
            diag(5, vec![Edit::replace(5..6, "z")], Applicability::Safe),
        ];
        let (edits, taken, skipped) = select_fixes(&d, |_| true);
        assert_eq!(taken.len(), 2);
        assert_eq!(skipped.len(), 1);
        // the later of two conflicting fixes is taken
        assert_eq!(apply_edits("abcdefg", &edits), "abcydezg");
    }

    #[test]
    fn unsafe_fixes_need_opt_in() {
        let d = vec![diag(
            0,
            vec![Edit::replace(0..1, "x")],
            Applicability::Unsafe,
        )];
        assert!(select_fixes(&d, |a| a == Applicability::Safe).1.is_empty());
        let d = vec![diag(
            0,
            vec![Edit::replace(0..1, "x")],
            Applicability::DisplayOnly,
        )];
        assert!(select_fixes(&d, |a| a != Applicability::DisplayOnly)
            .1
            .is_empty());
    }

    struct Breaker;
    impl Rule for Breaker {
        fn code(&self) -> &str {
            "T9"
        }
        fn name(&self) -> &str {
            "breaker"
        }
        fn summary(&self) -> &str {
            "breaks the file"
        }
        fn docs(&self) -> &str {
            ""
        }
        fn fix_availability(&self) -> crate::rule::FixAvailability {
            crate::rule::FixAvailability::Always
        }
        fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
            if !cx.file.text.contains("}}") {
                out.push(diag(
                    0,
                    vec![Edit::insert(cx.file.text.len(), "}}")],
                    Applicability::Safe,
                ));
            }
        }
    }

    #[test]
    fn a_fix_that_breaks_the_syntax_is_discarded() {
        let engine = Engine::new(Settings::default(), vec![Box::new(Breaker)]);
        let out = engine.fix_text(Path::new("a.go"), "package p\n", false);
        assert!(out.fixed.is_none());
        assert!(out.internal_error.unwrap().contains("syntax error"));
    }

    /// A fixable finding at every defer (deleting it), for the profile tests.
    struct EveryDefer;
    impl Rule for EveryDefer {
        fn code(&self) -> &str {
            "T8"
        }
        fn name(&self) -> &str {
            "every-defer"
        }
        fn summary(&self) -> &str {
            "deletes defers"
        }
        fn docs(&self) -> &str {
            ""
        }
        fn fix_availability(&self) -> crate::rule::FixAvailability {
            crate::rule::FixAvailability::Always
        }
        fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
            for f in &cx.model.functions {
                for d in &f.defers {
                    let r = d.node.byte_range();
                    out.push(diag(r.start, vec![Edit::delete(r)], Applicability::Safe));
                }
            }
        }
    }

    #[test]
    fn a_hot_threshold_withholds_the_fixes_of_cold_functions() {
        use crate::profile::{build::Builder, Attribution};
        let text = "package cache\n\nfunc Hot() {\n\tdefer mu.Unlock()\n\tgo func() {\n\t\tdefer mu.Unlock()\n\t}()\n}\n\nfunc Cold() {\n\tdefer mu.Unlock()\n}\n\nfunc Absent() {\n\tdefer mu.Unlock()\n}\n";
        let mut b = Builder::cpu();
        let hot = b.func("example.com/m/cache.Hot", "/ci/m/cache/cache.go", 3);
        let lit = b.func("example.com/m/cache.Hot.func1", "/ci/m/cache/cache.go", 5);
        let cold = b.func("example.com/m/cache.Cold", "/ci/m/cache/cache.go", 10);
        let (h, l, c) = (b.loc(&[(hot, 4)]), b.loc(&[(lit, 6)]), b.loc(&[(cold, 11)]));
        b.sample(&[h], 97);
        b.sample(&[l], 2);
        b.sample(&[c], 1);
        let a = Attribution::from_bytes(&b.bytes()).unwrap();
        let engine = Engine::new(Settings::default(), vec![Box::new(EveryDefer)]);
        let file = SourceFile::parse(Path::new("cache.go"), text.to_string());
        let view = engine.package_view(&[&file]);
        let mut p = FileProfile {
            attribution: &a,
            import_path: Some("example.com/m/cache"),
            module_file: "cache/cache.go",
            hot_threshold: None,
        };
        // Without a threshold: numbers, every fix kept.
        let checked = engine.check_all_profiled(&file, &view, Some(&p));
        let shares: Vec<Option<f64>> = checked
            .diagnostics
            .iter()
            .map(|d| d.profile.as_ref().map(|s| s.cum_pct))
            .collect();
        assert_eq!(shares, [Some(97.0), Some(2.0), Some(1.0), None]);
        assert!(checked.diagnostics.iter().all(|d| d.fix.is_some()));
        // With 2%: Hot and its literal are rewritten, Cold and Absent are not.
        p.hot_threshold = Some(2.0);
        let out = engine.fix_profiled(&file, &view, false, Some(&p));
        let fixed = out.fixed.unwrap();
        assert_eq!(fixed.matches("defer").count(), 2, "{fixed}");
        assert!(fixed.contains("func Cold() {\n\tdefer"));
        assert_eq!(out.applied.len(), 2);
        assert!(out.applied.iter().all(|f| f.profile.is_some()));
        let reasons: Vec<_> = out.remaining.iter().map(|d| d.reason.as_deref()).collect();
        assert_eq!(reasons, [Some(COLD_REASON), Some(COLD_REASON)]);
        let help = out.remaining[0].help.as_deref().unwrap();
        assert!(
            help.contains("`Cold` is cold, 1.0%") && help.contains("threshold 2.0%"),
            "{help}"
        );
        let help = out.remaining[1].help.as_deref().unwrap();
        assert!(help.contains("`Absent` is not in the profile"), "{help}");
    }

    #[test]
    fn profile_names_of_main_and_external_test_packages() {
        use crate::profile::{build::Builder, Attribution};
        let mut b = Builder::cpu();
        // Files elsewhere: only the names can match.
        let m = b.func("main.serve", "/elsewhere/x.go", 90);
        let t = b.func("example.com/m/cache_test.helper", "/elsewhere/y.go", 90);
        let (lm, lt) = (b.loc(&[(m, 91)]), b.loc(&[(t, 91)]));
        b.sample(&[lm], 1);
        b.sample(&[lt], 3);
        let a = Attribution::from_bytes(&b.bytes()).unwrap();
        let engine = Engine::new(Settings::default(), vec![Box::new(EveryDefer)]);
        for (text, import_path, want) in [
            (
                "package main\n\nfunc serve() {\n\tdefer mu.Unlock()\n}\n",
                "example.com/m/cmd/srv",
                25.0,
            ),
            (
                "package cache_test\n\nfunc helper() {\n\tdefer mu.Unlock()\n}\n",
                "example.com/m/cache",
                75.0,
            ),
        ] {
            let file = SourceFile::parse(Path::new("f.go"), text.to_string());
            let view = engine.package_view(&[&file]);
            let p = FileProfile {
                attribution: &a,
                import_path: Some(import_path),
                module_file: "f.go",
                hot_threshold: None,
            };
            let checked = engine.check_all_profiled(&file, &view, Some(&p));
            let share = checked.diagnostics[0].profile.as_ref().map(|s| s.cum_pct);
            assert_eq!(share, Some(want), "{text}");
        }
    }
}
