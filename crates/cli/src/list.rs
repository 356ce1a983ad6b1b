//! `--list-defers`: every defer statement with the regime the Go compiler gives it
//! (open-coded, stack, heap) and the conditions that decided it.

use crate::args::Format;
use gdr_core::cost::{defer_costs, Build};
use gdr_core::{FileModel, SourceFile};
use rayon::prelude::*;
use std::path::PathBuf;

/// One defer statement.
struct Row {
    path: String,
    line: usize,
    column: usize,
    function: String,
    call: String,
    regime: &'static str,
    estimated_ns: f64,
    reasons: Vec<String>,
}

/// List the defers of `files`; returns the text to print and the errors.
pub fn list(files: &[PathBuf], build: Build, format: Format) -> (String, Vec<String>) {
    let results: Vec<Result<Vec<Row>, String>> = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            if memchr::memmem::find(&bytes, b"defer").is_none() {
                return Ok(Vec::new());
            }
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("`{}` is not valid UTF-8; skipped", path.display()))?;
            let file = SourceFile::parse(path, text);
            let model = FileModel::build(&file);
            let mut rows = Vec::new();
            for func in &model.functions {
                for (d, cost) in func.defers.iter().zip(defer_costs(&file, func, build)) {
                    let (line, column) = file.lines.line_col(d.node.start_byte());
                    rows.push(Row {
                        path: path.display().to_string(),
                        line,
                        column,
                        function: func.name.clone(),
                        call: file.text[d.call.byte_range()]
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                        regime: cost.regime.as_str(),
                        estimated_ns: cost.regime.estimated_ns(),
                        reasons: cost.reasons,
                    });
                }
            }
            Ok(rows)
        })
        .collect();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(mut v) => rows.append(&mut v),
            Err(e) => errors.push(e),
        }
    }
    rows.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let mut out = String::new();
    match format {
        Format::Text => {
            for r in &rows {
                let call: String = r.call.chars().take(40).collect();
                out.push_str(&format!(
                    "{}:{}:{}\t{:<10}\t{}\tdefer {}\t{}\n",
                    r.path,
                    r.line,
                    r.column,
                    r.regime,
                    r.function,
                    call,
                    r.reasons.join("; ")
                ));
            }
        }
        _ => {
            let objects: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "path": r.path, "line": r.line, "column": r.column, "function": r.function,
                        "call": r.call, "regime": r.regime, "estimated_ns": r.estimated_ns, "reasons": r.reasons,
                    })
                })
                .collect();
            if format == Format::Json {
                out = serde_json::to_string_pretty(&objects).unwrap_or_default();
                out.push('\n');
            } else {
                for o in objects {
                    out.push_str(&o.to_string());
                    out.push('\n');
                }
            }
        }
    }
    (out, errors)
}
