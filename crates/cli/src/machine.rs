//! Output for machines: JSON, JSON lines, SARIF 2.1.0, GitHub workflow commands, and
//! the one-line-per-finding concise format.
//!
//! Lines and columns are 1-based; a column is the byte offset in its line plus one
//! (as the Go compiler reports columns; SARIF's `columnKind` says so).

use gdr_core::{Diagnostic, Severity};
pub use gdr_driver::report::{Finding, Region};
use serde_json::{json, Value};

/// A region in SARIF's form.
fn region_sarif(r: &Region) -> Value {
    json!({
        "startLine": r.start_line,
        "startColumn": r.start_column,
        "endLine": r.end_line,
        "endColumn": r.end_column,
    })
}

/// The JSON object of a finding for `--format json` and `jsonl`.
pub fn finding_json(f: &Finding) -> Value {
    let mut v = json_fields(f);
    if let Some(p) = profile_json(&f.diagnostic) {
        v["profile"] = p;
    }
    v
}

fn json_fields(f: &Finding) -> Value {
    let d = &f.diagnostic;
    let r = &f.region;
    json!({
        "code": d.code,
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "path": f.path,
        "line": r.start_line,
        "column": r.start_column,
        "end_line": r.end_line,
        "end_column": r.end_column,
        "message": d.message,
        "help": d.help,
        "reason": d.reason,
        "fix": d.fix.as_ref().map(|fix| json!({
            "applicability": fix.applicability.as_str(),
            "message": fix.safety,
            "edits": f.edits.iter().map(|(r, text)| json!({
                "line": r.start_line,
                "column": r.start_column,
                "end_line": r.end_line,
                "end_column": r.end_column,
                "replacement": text,
            })).collect::<Vec<_>>(),
        })),
    })
}

/// The CPU profile's numbers of a finding's function (percent of all samples,
/// rounded to 0.01): `{"function", "flat_pct", "cum_pct", "defer_pct"}`.
pub fn profile_json(d: &Diagnostic) -> Option<Value> {
    profile_share_json(d.profile.as_ref())
}

/// The JSON of a function's profile share (see [`profile_json`]).
pub fn profile_share_json(p: Option<&gdr_core::diagnostic::ProfileShare>) -> Option<Value> {
    let p = p?;
    let round = |x: f64| (x * 100.0).round() / 100.0;
    Some(json!({
        "function": p.function,
        "flat_pct": round(p.flat_pct),
        "cum_pct": round(p.cum_pct),
        "defer_pct": round(p.defer_pct),
    }))
}

/// `--format json`: one array, pretty-printed, ending in a newline.
pub fn json_array(findings: &[&Finding]) -> String {
    let all: Vec<Value> = findings.iter().map(|f| finding_json(f)).collect();
    let mut s = serde_json::to_string_pretty(&all).expect("JSON values serialize");
    s.push('\n');
    s
}

/// `--format jsonl`: one compact object per line.
pub fn json_lines(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{}\n", finding_json(f)))
        .collect()
}

/// `--format concise`: one line per finding, `path:line:col: CODE message`, the
/// line shape of go vet, golangci-lint and ruff's concise format (a message that
/// spans lines is joined into one).
pub fn concise(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let message: Vec<&str> = f.diagnostic.message.lines().map(str::trim).collect();
            let profile = f
                .diagnostic
                .profile
                .as_ref()
                .map_or(String::new(), |p| format!(" [profile {}]", p.describe()));
            format!(
                "{}:{}:{}: {} {}{profile}\n",
                f.path,
                f.region.start_line,
                f.region.start_column,
                f.diagnostic.code,
                message.join(" ")
            )
        })
        .collect()
}

/// A rule as SARIF's `tool.driver.rules` describes it.
pub struct RuleInfo {
    pub code: String,
    pub name: String,
    pub summary: String,
    pub docs: String,
}

impl RuleInfo {
    pub fn new(code: &str, name: &str, summary: &str, docs: &str) -> Self {
        RuleInfo {
            code: code.to_string(),
            name: name.to_string(),
            summary: summary.to_string(),
            docs: plain_docs(docs),
        }
    }
}

/// The "What it does" section of a rule's docs, as one paragraph.
fn what_it_does(docs: &str) -> Option<&str> {
    let start = docs.find("## What it does")? + "## What it does".len();
    let rest = &docs[start..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    let section = rest[..end].trim();
    (!section.is_empty()).then_some(section)
}

/// Rule docs taken from a module's doc comment keep their `//!` markers: drop them.
fn plain_docs(docs: &str) -> String {
    if !docs.lines().all(|l| l.trim_start().starts_with("//!")) {
        return docs.trim().to_string();
    }
    docs.lines()
        .map(|l| {
            let l = l.trim_start().trim_start_matches("//!");
            l.strip_prefix(' ').unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// SARIF's `level` for a severity.
fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a SARIF URI: relative paths stay relative (resolved against the
/// checkout by code scanning); absolute ones become `file://` URIs.
fn uri(path: &str) -> String {
    let escaped: String = path
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '%' => "%25".to_string(),
            '#' => "%23".to_string(),
            '?' => "%3F".to_string(),
            c => c.to_string(),
        })
        .collect();
    if escaped.starts_with('/') {
        format!("file://{escaped}")
    } else {
        escaped
    }
}

/// `--format sarif`: one SARIF 2.1.0 log with one run.
pub fn sarif(rules: &[RuleInfo], findings: &[&Finding], version: &str) -> String {
    let rule_index = |code: &str| rules.iter().position(|r| r.code == code);
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&f.path) },
                    "region": region_sarif(&f.region),
                }
            });
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push('\n');
                text.push_str(help);
            }
            let mut r = json!({
                "ruleId": d.code,
                "level": sarif_level(d.severity),
                "message": { "text": text },
                "locations": [location],
            });
            if let Some(i) = rule_index(&d.code) {
                r["ruleIndex"] = json!(i);
            }
            if let Some(reason) = &d.reason {
                r["properties"] = json!({ "reason": reason });
            }
            if let Some(p) = profile_json(d) {
                if r.get("properties").is_none() {
                    r["properties"] = json!({});
                }
                r["properties"]["profile"] = p;
            }
            if let Some(fix) = &d.fix {
                r["fixes"] = json!([{
                    "description": {
                        "text": format!("{} fix: {}", fix.applicability.as_str(), fix.safety)
                    },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri(&f.path) },
                        "replacements": f.edits.iter().map(|(region, text)| json!({
                            "deletedRegion": region_sarif(region),
                            "insertedContent": { "text": text },
                        })).collect::<Vec<_>>(),
                    }],
                }]);
            }
            if let Some(reason) = &f.suppressed {
                let mut s = json!({ "kind": "inSource" });
                if let Some(reason) = reason {
                    s["justification"] = json!(reason);
                }
                r["suppressions"] = json!([s]);
            }
            r
        })
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": what_it_does(&r.docs).unwrap_or(&r.summary) },
                "help": { "text": r.docs, "markdown": r.docs },
            })
        })
        .collect();
    let log = json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "go-defer-rewriter",
                    "version": version,
                    "rules": rules,
                }
            },
            "columnKind": "utf8CodeUnits",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).expect("JSON values serialize");
    s.push('\n');
    s
}

/// Escape the message of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `--format github`: one workflow command per finding.
pub fn github(findings: &[&Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let d = &f.diagnostic;
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(help);
        }
        let r = &f.region;
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&f.path),
            r.start_line,
            r.start_column,
            r.end_line,
            r.end_column,
            escape_property(&d.code),
            escape_data(&message),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("50%\r\na:b,c"), "50%25%0D%0Aa:b,c");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn doc_comment_markers_are_dropped() {
        assert_eq!(plain_docs("//! ## A\n//!\n//! b"), "## A\n\nb");
        assert_eq!(plain_docs("## A\nb\n"), "## A\nb");
    }

    #[test]
    fn full_description_is_what_it_does() {
        let docs = "## What it does\nFinds X.\n\n## Why is this bad?\nY.";
        assert_eq!(what_it_does(docs), Some("Finds X."));
        assert_eq!(what_it_does("no headings"), None);
    }

    #[test]
    fn uris() {
        assert_eq!(uri("p/a b.go"), "p/a%20b.go");
        assert_eq!(uri("/abs/x.go"), "file:///abs/x.go");
    }
}
