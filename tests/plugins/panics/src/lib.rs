//! A misbehaving plugin for the host's tests: its check panics on files named
//! `boom.go`, returns a span outside the file for `badspan.go`, and otherwise reports
//! every defer (so a test can see the run went on). Its configuration must be empty
//! or `fail = false`; `fail = true` makes it refuse to start.

use gdr_plugin_api::{Check, Diagnostic, File, FixAvailability, Plugin, Severity};

struct Panics;

impl Plugin for Panics {
    fn new(config: &str) -> Result<Self, String> {
        if config.contains("fail = true") {
            return Err("configured to fail".to_string());
        }
        Ok(Panics)
    }

    fn checks(&self) -> Vec<Check> {
        vec![Check {
            code: "TP001".to_string(),
            name: "every-defer".to_string(),
            summary: "reports every defer; panics on boom.go".to_string(),
            docs: "## What it does\nReports every defer (a test plugin).".to_string(),
            fix: FixAvailability::None,
        }]
    }

    fn check(&self, _code: &str, file: &File<'_>) -> Result<Vec<Diagnostic>, String> {
        if file.path.ends_with("boom.go") {
            panic!("boom in {}", file.path);
        }
        if file.path.ends_with("badspan.go") {
            return Ok(vec![Diagnostic::warning(
                file.text.len()..file.text.len() + 10,
                "out of range",
            )]);
        }
        Ok(file
            .defers
            .iter()
            .map(|d| Diagnostic {
                severity: Severity::Info,
                ..Diagnostic::warning(d.span.clone(), format!("defer {}", d.callee))
            })
            .collect())
    }
}

gdr_plugin_api::export_plugin!(Panics);
