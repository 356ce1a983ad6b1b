//! Output for people: the summary line, `--show-fixes`, `--statistics`. (Diagnostics
//! with their snippets and diffs are rendered by the driver, `gdr_driver::render`,
//! while the source is at hand.)

pub use gdr_driver::render::Renderer;
pub use gdr_driver::report::{plural, Totals};
use std::collections::BTreeMap;
use std::io::IsTerminal;

/// Colors for stdout (`for_stderr == false`) or stderr, honouring `NO_COLOR`.
pub fn use_color(for_stderr: bool) -> bool {
    let tty = if for_stderr {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// How the run went, for the wording of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    Analyze,
    Rewrite,
    DryRun,
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
pub fn show_fixes(notes: &[&gdr_driver::FixNote], wording: Wording) -> String {
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
pub fn ranking(sites: &[&gdr_driver::CostSite], findings: &[&crate::machine::Finding]) -> String {
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
    let mut ranked: Vec<&&gdr_driver::CostSite> = sites
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
}
