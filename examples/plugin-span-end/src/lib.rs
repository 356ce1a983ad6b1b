//! An example go-defer-rewriter plugin for tracing spans.
//!
//! - Pattern `$S.End()`: `defer span.End()` is handled by the built-in explicit-call
//!   rule (DR001), which proves when the defer can become explicit calls at every exit.
//! - Check `SE001` (`span-not-ended`), documented in `span_not_ended.md`.
//!
//! Configuration (`[[plugins]] config = { ... }`): `start = [...]`, the calls that
//! start a span (default `["Start"]`), and `end = [...]`, the methods that end one
//! (default `["End"]`; the first is the one a fix inserts).

use gdr_plugin_api::{
    Applicability, Check, Diagnostic, Edit, ExitKind, File, Fix, FixAvailability, Node, Plugin,
};

/// The documentation of SE001 `span-not-ended` (`go-defer-rewriter explain SE001`).
pub const DOCS: &str = include_str!("span_not_ended.md");

pub struct SpanEnd {
    names: Names,
}

impl Plugin for SpanEnd {
    fn new(config: &str) -> Result<Self, String> {
        Ok(SpanEnd {
            names: parse_config(config)?,
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
        Ok(span_not_ended(file, &self.names))
    }
}

gdr_plugin_api::export_plugin!(SpanEnd);

/// The calls that start a span and the methods that end one.
#[derive(Debug, PartialEq, Eq)]
pub struct Names {
    pub start: Vec<String>,
    pub end: Vec<String>,
}

/// `start = [...]` and `end = [...]` from the config text (a TOML table); defaults
/// otherwise. Any other key is an error, so a typo does not silently change nothing.
fn parse_config(config: &str) -> Result<Names, String> {
    let table: toml::Table = config.parse().map_err(|e| format!("invalid config: {e}"))?;
    let mut names = Names {
        start: vec!["Start".to_string()],
        end: vec!["End".to_string()],
    };
    for (key, value) in table {
        let slot = match key.as_str() {
            "start" => &mut names.start,
            "end" => &mut names.end,
            _ => {
                return Err(format!(
                    "unknown config key `{key}`; expected `start` or `end` (lists of names)"
                ))
            }
        };
        let toml::Value::Array(list) = value else {
            return Err(format!("`{key}` must be a list of names"));
        };
        *slot = list
            .into_iter()
            .map(|v| match v {
                toml::Value::String(s) => Ok(s),
                other => Err(format!("`{key}` must list strings, found `{other}`")),
            })
            .collect::<Result<_, _>>()?;
    }
    Ok(names)
}

/// The span variable bound by `stmt` when it is `ctx, span := x.Start(ctx, ...)`
/// (or `=`): two results, the span last, as OpenTelemetry's `Tracer.Start`.
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
    let results: Vec<_> = file.children(left.index).filter(|n| n.named).collect();
    let args = file.child_by_field(call.index, "arguments")?;
    if results.len() != 2 || !file.children(args.index).any(|n| n.named) {
        return None;
    }
    let var = results[1];
    let text = file.node_text(var);
    (var.kind == "identifier" && text != "_").then_some(text)
}

fn span_not_ended(file: &File<'_>, names: &Names) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for stmt in &file.nodes {
        if !matches!(stmt.kind, "short_var_declaration" | "assignment_statement") {
            continue;
        }
        let Some(var) = started_span(file, stmt, &names.start) else {
            continue;
        };
        let Some(func) = file.function_at(stmt.span.0) else {
            continue;
        };
        let body = file.functions[func].body.clone();
        // A deferred end in this function: ended on every exit.
        let is_end = |m: &str| names.end.iter().any(|e| e == m);
        if file.defers.iter().any(|d| {
            d.function == func
                && d.span.start > stmt.span.0
                && d.callee
                    .strip_prefix(var)
                    .and_then(|m| m.strip_prefix('.'))
                    .is_some_and(is_end)
        }) {
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
                Some(m) if !in_literal && is_end(m) => ends.push(n.span.0),
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
            "call `{var}.{end}()` on every exit, or `defer {var}.{end}()`",
            end = names.end[0]
        ));
        if ends.is_empty() {
            if let Some(fix) = defer_end_fix(file, stmt, var, &names.end[0]) {
                d = d.with_fix(fix);
            }
        }
        out.push(d);
    }
    out
}

/// Insert `defer VAR.End()` on the line after the statement, when it is a statement
/// of a block (not an `if`/`for` initializer).
fn defer_end_fix(file: &File<'_>, stmt: &Node<'_>, var: &str, end: &str) -> Option<Fix> {
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
            replacement: format!("\n{indent}defer {var}.{end}()"),
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
    fn config_names_the_start_and_end_calls() {
        let names = parse_config("").unwrap();
        assert_eq!(
            (names.start, names.end),
            (vec!["Start".to_string()], vec!["End".to_string()])
        );
        let names = parse_config("start = [\"StartSpan\"]\nend = [\"Done\"]\n").unwrap();
        assert_eq!(
            (names.start, names.end),
            (vec!["StartSpan".to_string()], vec!["Done".to_string()])
        );
        assert!(parse_config("stat = []").is_err());
        assert!(parse_config("start = [1]").is_err());
        assert!(parse_config("end = \"Done\"").is_err());
    }
}
