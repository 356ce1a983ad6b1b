//! An example go-defer-rewriter plugin for tracing spans.
//!
//! - Pattern `$S.End()`: `defer span.End()` is handled by the built-in explicit-call
//!   rule (DR001), which proves when the defer can become explicit calls at every exit.
//! - Check `SE001` (`span-not-ended`), below.
//!
//! Configuration (`[[plugins]] config = { ... }`): `start = ["Start", ...]`, the
//! names of the calls that start a span (default `Start`, `StartSpan`).

use gdr_plugin_api::{
    Applicability, Check, Diagnostic, Edit, ExitKind, File, Fix, FixAvailability, Node, Plugin,
};

/// ## What it does
/// Finds a span started in a function (`span := tracer.Start(...)`,
/// `ctx, span := tracer.Start(ctx, ...)`) that is not ended on some way out of the
/// function: a `return`, or the end of the body, with no `span.End()` between the
/// start and that exit and no `defer span.End()`.
///
/// ## Why is this bad?
/// A span that is never ended is never exported: the trace loses it, and tracers that
/// keep open spans in memory leak them.
///
/// ## Example
/// ```go
/// span := tracer.Start("load")
/// if err != nil {
///     return err // span not ended
/// }
/// span.End()
/// return nil
/// ```
///
/// ## Fix safety
/// When the function never calls `span.End()` at all, the fix inserts
/// `defer span.End()` right after the start. It is Unsafe: the span then ends when
/// the function returns (and during a panic), which may be later than the author
/// meant. When some exits do end the span, no fix is offered. The check is textual:
/// an `End` call anywhere between the start and an exit counts, and a span that is
/// returned, passed to a call or stored is left alone.
pub const DOCS: &str = "## What it does\nFinds a span started in a function (`span := tracer.Start(...)`, `ctx, span := tracer.Start(ctx, ...)`) that is not ended on some way out of the function: a `return`, or the end of the body, with no `span.End()` between the start and that exit and no `defer span.End()`.\n\n## Why is this bad?\nA span that is never ended is never exported: the trace loses it, and tracers that keep open spans in memory leak them.\n\n## Example\n```go\nspan := tracer.Start(\"load\")\nif err != nil {\n\treturn err // span not ended\n}\nspan.End()\nreturn nil\n```\n\n## Fix safety\nWhen the function never calls `span.End()` at all, the fix inserts `defer span.End()` right after the start. It is Unsafe: the span then ends when the function returns (and during a panic), which may be later than the author meant. When some exits do end the span, no fix is offered. The check is textual: an `End` call anywhere between the start and an exit counts, and a span that is returned, passed to a call or stored is left alone.\n";

pub struct SpanEnd {
    start: Vec<String>,
}

impl Plugin for SpanEnd {
    fn new(config: &str) -> Result<Self, String> {
        Ok(SpanEnd {
            start: parse_start(config)?,
        })
    }

    fn patterns(&self) -> Vec<String> {
        vec!["$S.End()".to_string()]
    }

    fn checks(&self) -> Vec<Check> {
        vec![Check {
            code: "SE001".to_string(),
            name: "span-not-ended".to_string(),
            summary: "a span started in a function is not ended on some exit".to_string(),
            docs: DOCS.to_string(),
            fix: FixAvailability::Sometimes,
        }]
    }

    fn check(&self, _code: &str, file: &File<'_>) -> Result<Vec<Diagnostic>, String> {
        Ok(span_not_ended(file, &self.start))
    }
}

gdr_plugin_api::export_plugin!(SpanEnd);

/// `start = ["A", "B"]` from the config text (a TOML table); the default otherwise.
/// Only this one key is understood; anything else is an error.
fn parse_start(config: &str) -> Result<Vec<String>, String> {
    let mut names = vec!["Start".to_string(), "StartSpan".to_string()];
    for line in config.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some(list) = line
            .strip_prefix("start = [")
            .and_then(|l| l.strip_suffix(']'))
        else {
            return Err(format!(
                "unknown config line `{line}`; expected `start = [\"Name\", ...]`"
            ));
        };
        names = list
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    Ok(names)
}

/// The span variable bound by `stmt` when its right side is a start call.
fn started_span<'a>(file: &File<'a>, stmt: &Node<'a>, start: &[String]) -> Option<&'a str> {
    let left = file.child_by_field(stmt.index, "left")?;
    let right = file.child_by_field(stmt.index, "right")?;
    let call = file.children(right.index).find(|n| n.named)?;
    if call.kind != "call_expression" {
        return None;
    }
    let callee = file.child_by_field(call.index, "function")?;
    let name = match callee.kind {
        "selector_expression" => file.node_text(file.child_by_field(callee.index, "field")?),
        "identifier" => file.node_text(callee),
        _ => return None,
    };
    if !start.iter().any(|s| s == name) {
        return None;
    }
    let var = file.children(left.index).filter(|n| n.named).last()?;
    let text = file.node_text(var);
    (var.kind == "identifier" && text != "_").then_some(text)
}

fn span_not_ended(file: &File<'_>, start: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for stmt in &file.nodes {
        if !matches!(stmt.kind, "short_var_declaration" | "assignment_statement") {
            continue;
        }
        let Some(var) = started_span(file, stmt, start) else {
            continue;
        };
        let Some(func) = file.function_at(stmt.span.0) else {
            continue;
        };
        let body = file.functions[func].body.clone();
        // Deferred End in this function: ended on every exit.
        let end_callee = format!("{var}.End");
        if file
            .defers
            .iter()
            .any(|d| d.function == func && d.span.start > stmt.span.0 && d.callee == end_callee)
        {
            continue;
        }
        let after = stmt.span.1..body.end;
        let mut ends = Vec::new();
        let mut handed_off = false;
        for n in &file.nodes {
            if !after.contains(&n.span.0) || n.kind != "identifier" || file.node_text(n) != var {
                continue;
            }
            let in_literal = file.function_at(n.span.0) != Some(func);
            // `var.Method(...)` or `var.field`: the only use this check follows.
            let method = n
                .parent
                .and_then(|p| file.nodes.get(p))
                .filter(|p| p.kind == "selector_expression" && n.field == "operand")
                .and_then(|p| file.child_by_field(p.index, "field"))
                .map(|f| file.node_text(f));
            match method {
                Some("End") if !in_literal => ends.push(n.span.0),
                Some(_) if !in_literal => {}
                // Used in a closure, returned, passed, stored or reassigned: the span
                // is handed to someone else, not ours to judge.
                _ => handed_off = true,
            }
        }
        if handed_off {
            continue;
        }
        let exits: Vec<_> = file
            .exits
            .iter()
            .filter(|e| {
                e.function == func
                    && e.span.start > stmt.span.1
                    && matches!(e.kind, ExitKind::Return | ExitKind::FallThrough)
            })
            .collect();
        let missing: Vec<_> = exits
            .iter()
            .filter(|e| !ends.iter().any(|&at| at < e.span.start))
            .collect();
        let Some(first) = missing.first() else {
            continue;
        };
        let line = file.text[..first.span.start].matches('\n').count() + 1;
        let what = match first.kind {
            ExitKind::FallThrough => "the end of the function",
            _ => "the return",
        };
        let mut d = Diagnostic::warning(
            stmt.span.0..stmt.span.1,
            format!(
                "span `{var}` is not ended on {} of {} exits (first: {what} on line {line})",
                missing.len(),
                exits.len()
            ),
        )
        .with_help(format!(
            "call `{var}.End()` on every exit, or `defer {var}.End()`"
        ));
        if ends.is_empty() {
            if let Some(fix) = defer_end_fix(file, stmt, var) {
                d = d.with_fix(fix);
            }
        }
        out.push(d);
    }
    out
}

/// Insert `defer VAR.End()` on the line after the statement, when it is a statement
/// of a block (not an `if`/`for` initializer).
fn defer_end_fix(file: &File<'_>, stmt: &Node<'_>, var: &str) -> Option<Fix> {
    let parent = file.nodes.get(stmt.parent?)?;
    if parent.kind != "statement_list" {
        return None;
    }
    let line_start = file.text[..stmt.span.0].rfind('\n').map_or(0, |i| i + 1);
    let indent = &file.text[line_start..stmt.span.0];
    if !indent.chars().all(|c| c == '\t' || c == ' ') {
        return None;
    }
    Some(Fix {
        edits: vec![Edit {
            range: stmt.span.1..stmt.span.1,
            replacement: format!("\n{indent}defer {var}.End()"),
        }],
        applicability: Applicability::Unsafe,
        safety: format!(
            "the span then ends when the function returns or panics, which may be later than `{var}` was meant to end"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_names_the_start_calls() {
        assert_eq!(parse_start("").unwrap(), ["Start", "StartSpan"]);
        assert_eq!(parse_start("start = [\"Begin\"]\n").unwrap(), ["Begin"]);
        assert!(parse_start("stat = 1").is_err());
    }
}
