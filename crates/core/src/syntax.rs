//! Small helpers over tree-sitter-go nodes.

use tree_sitter::Node;

/// Named children, without comments.
pub fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// The statements of a block or case clause (looking through `statement_list`).
pub fn statements(node: Node<'_>) -> Vec<Node<'_>> {
    if node.kind() == "statement_list" {
        return named_children(node);
    }
    statement_list(node).map(named_children).unwrap_or_default()
}

/// The `statement_list` directly inside a block or case clause, if any.
pub fn statement_list(node: Node<'_>) -> Option<Node<'_>> {
    named_children(node)
        .into_iter()
        .find(|c| c.kind() == "statement_list")
}

pub fn is_function_node(kind: &str) -> bool {
    matches!(
        kind,
        "function_declaration" | "method_declaration" | "func_literal"
    )
}

/// Visit `node` and its descendants in source order, not entering the bodies of
/// func literals below `node` (the literal node itself is visited).
pub fn walk_function<'t>(node: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        f(n);
        if n != node && n.kind() == "func_literal" {
            continue;
        }
        let before = stack.len();
        stack.extend(n.children(&mut cursor));
        stack[before..].reverse();
    }
}

/// Visit every descendant in source order (func literals included).
pub fn walk_all<'t>(node: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        f(n);
        let before = stack.len();
        stack.extend(n.children(&mut cursor));
        stack[before..].reverse();
    }
}

/// Is `node` inside a func literal that is itself inside `outer` (not counting `outer`)?
pub fn inside_literal_within(node: Node<'_>, outer: Node<'_>) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if n == outer {
            return false;
        }
        if n.kind() == "func_literal" {
            return true;
        }
        cur = n.parent();
    }
    false
}

/// The nearest enclosing function node (declaration, method or literal).
pub fn enclosing_function(node: Node<'_>) -> Option<Node<'_>> {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if is_function_node(n.kind()) {
            return Some(n);
        }
        cur = n.parent();
    }
    None
}

/// Text with white space squashed out (`s . mu` → `s.mu`).
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Strip redundant parentheses around an expression.
pub fn unparen(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// A call to the builtin `panic` (by name; shadowing of `panic` is not tracked).
pub fn is_panic_call(node: Node<'_>, text: &str) -> bool {
    node.kind() == "call_expression"
        && node
            .child_by_field_name("function")
            .is_some_and(|f| f.kind() == "identifier" && &text[f.byte_range()] == "panic")
}

/// Go spec "terminating statements": is control unable to flow past `stmt`?
pub fn is_terminating(stmt: Node<'_>, text: &str) -> bool {
    match stmt.kind() {
        "return_statement" | "goto_statement" => true,
        "expression_statement" => stmt
            .named_child(0)
            .is_some_and(|e| is_panic_call(unparen(e), text)),
        "block" => list_is_terminating(stmt, text),
        "if_statement" => {
            let cons = stmt.child_by_field_name("consequence");
            let alt = stmt.child_by_field_name("alternative");
            match (cons, alt) {
                (Some(c), Some(a)) => is_terminating(c, text) && is_terminating(a, text),
                _ => false,
            }
        }
        "for_statement" => {
            let has_condition = named_children(stmt).into_iter().any(|c| match c.kind() {
                "range_clause" => true,
                "for_clause" => c.child_by_field_name("condition").is_some(),
                "block" => false,
                _ => true, // `for cond { }`
            });
            !has_condition && !has_break_for(stmt, text)
        }
        "expression_switch_statement" | "type_switch_statement" => {
            if has_break_for(stmt, text) {
                return false;
            }
            let cases: Vec<Node<'_>> = named_children(stmt)
                .into_iter()
                .filter(|c| matches!(c.kind(), "expression_case" | "type_case" | "default_case"))
                .collect();
            cases.iter().any(|c| c.kind() == "default_case")
                && cases.iter().all(|c| {
                    let stmts = statements(*c);
                    stmts.last().is_some_and(|s| {
                        is_terminating(*s, text) || s.kind() == "fallthrough_statement"
                    })
                })
        }
        "select_statement" => {
            if has_break_for(stmt, text) {
                return false;
            }
            named_children(stmt)
                .into_iter()
                .filter(|c| matches!(c.kind(), "communication_case" | "default_case"))
                .all(|c| {
                    statements(c)
                        .last()
                        .is_some_and(|s| is_terminating(*s, text))
                })
        }
        "labeled_statement" => named_children(stmt)
            .into_iter()
            .find(|c| c.kind() != "label_name")
            .is_some_and(|s| is_terminating(s, text)),
        _ => false,
    }
}

/// Does the statement list of a block end in a terminating statement?
pub fn list_is_terminating(block: Node<'_>, text: &str) -> bool {
    statements(block)
        .into_iter()
        .rfind(|s| s.kind() != "empty_statement")
        .is_some_and(|s| is_terminating(s, text))
}

/// Is there a `break` that refers to `target` (a for, switch or select statement)?
fn has_break_for(target: Node<'_>, text: &str) -> bool {
    let label = target
        .parent()
        .filter(|p| p.kind() == "labeled_statement")
        .and_then(|p| p.child_by_field_name("label"))
        .map(|l| &text[l.byte_range()]);
    let mut found = false;
    walk_function(target, &mut |n| {
        if found || n.kind() != "break_statement" || inside_literal_within(n, target) {
            return;
        }
        match n.named_child(0) {
            Some(l) => found = Some(&text[l.byte_range()]) == label,
            None => found = innermost_breakable(n) == Some(target),
        }
    });
    found
}

pub(crate) fn innermost_breakable(node: Node<'_>) -> Option<Node<'_>> {
    let mut cur = node.parent();
    while let Some(n) = cur {
        match n.kind() {
            "for_statement"
            | "expression_switch_statement"
            | "type_switch_statement"
            | "select_statement" => return Some(n),
            "func_literal" => return None,
            _ => cur = n.parent(),
        }
    }
    None
}

/// Leading white space of the line that contains `offset`.
pub fn line_indent(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let rest = &text[start..];
    let len = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..len]
}

/// Is `node` the first thing on its line (only white space before it)?
pub fn starts_line(text: &str, offset: usize) -> bool {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..offset].chars().all(|c| c == ' ' || c == '\t')
}

/// A literal, `nil`, `true`, `false` or `iota`.
pub fn is_literal(n: Node<'_>) -> bool {
    matches!(
        n.kind(),
        "int_literal"
            | "float_literal"
            | "imaginary_literal"
            | "rune_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "nil"
            | "true"
            | "false"
            | "iota"
    )
}
