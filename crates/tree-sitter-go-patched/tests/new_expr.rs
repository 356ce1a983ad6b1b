//! What the patch adds: `new(expr)` parses as a call whose argument list holds the
//! expression; `new(T)`, and every text that reads as a type, still holds a type.

use tree_sitter::Parser;

/// The S-expression of the first `new(...)` call in `expr`, used as a value.
fn new_call(expr: &str) -> String {
    let text = format!("package p\n\nvar v = {expr}\n");
    let mut parser = Parser::new();
    parser
        .set_language(&gdr_tree_sitter_go::LANGUAGE.into())
        .unwrap();
    let tree = parser.parse(&text, None).unwrap();
    let root = tree.root_node();
    assert!(!root.has_error(), "{expr}: {}", root.to_sexp());
    let value = root
        .named_child(1)
        .and_then(|d| d.named_child(0))
        .and_then(|s| s.child_by_field_name("value"))
        .and_then(|l| l.named_child(0))
        .expect("var value");
    value.to_sexp()
}

fn arg(inner: &str) -> String {
    format!("(call_expression function: (identifier) arguments: (argument_list {inner}))")
}

#[test]
fn an_expression_argument_is_an_expression() {
    for (expr, inner) in [
        (
            "new(x + 1)",
            "(binary_expression left: (identifier) right: (int_literal))",
        ),
        (
            "new(s.n + 1)",
            "(binary_expression left: (selector_expression operand: (identifier) field: (field_identifier)) right: (int_literal))",
        ),
        (
            "new(T(1))",
            "(call_expression function: (identifier) arguments: (argument_list (int_literal)))",
        ),
        (
            "new(uint64(1))",
            "(call_expression function: (identifier) arguments: (argument_list (int_literal)))",
        ),
        (
            "new(f())",
            "(call_expression function: (identifier) arguments: (argument_list))",
        ),
        (
            "new([]int{1})",
            "(composite_literal type: (slice_type element: (type_identifier)) body: (literal_value (literal_element (int_literal))))",
        ),
        ("new(1)", "(int_literal)"),
        // Upstream reads these as type names (`(type_identifier)`), as nothing but
        // a type could stand there.
        ("new(false)", "(false)"),
        ("new(true)", "(true)"),
        ("new(iota)", "(iota)"),
        ("new(\"s\")", "(interpreted_string_literal (interpreted_string_literal_content))"),
        ("new(-1)", "(unary_expression operand: (int_literal))"),
        ("new(&x)", "(unary_expression operand: (identifier))"),
        (
            "new(a[1:])",
            "(slice_expression operand: (identifier) start: (int_literal))",
        ),
        (
            "new(func() int { return 1 }())",
            "(call_expression function: (func_literal parameters: (parameter_list) result: (type_identifier) body: (block (statement_list (return_statement (expression_list (int_literal)))))) arguments: (argument_list))",
        ),
        (
            "new(x.(int))",
            "(type_assertion_expression operand: (identifier) type: (type_identifier))",
        ),
    ] {
        assert_eq!(new_call(expr), arg(inner), "{expr}");
    }
}

#[test]
fn a_type_argument_is_still_a_type() {
    for (expr, inner) in [
        ("new(T)", "(type_identifier)"),
        (
            "new(pkg.T)",
            "(qualified_type package: (package_identifier) name: (type_identifier))",
        ),
        ("new(*T)", "(pointer_type (type_identifier))"),
        ("new([]int)", "(slice_type element: (type_identifier))"),
        (
            "new(map[string]int)",
            "(map_type key: (type_identifier) value: (type_identifier))",
        ),
        (
            "new(G[int])",
            "(generic_type type: (type_identifier) type_arguments: (type_arguments (type_elem (type_identifier))))",
        ),
        ("new((T))", "(parenthesized_type (type_identifier))"),
        (
            "new(func())",
            "(function_type parameters: (parameter_list))",
        ),
        (
            "new(struct{})",
            "(struct_type (field_declaration_list))",
        ),
    ] {
        assert_eq!(new_call(expr), arg(inner), "{expr}");
    }
}

#[test]
fn make_is_unchanged() {
    assert_eq!(
        new_call("make([]int, n, 2*n)"),
        arg("(slice_type element: (type_identifier)) (identifier) (binary_expression left: (int_literal) right: (identifier))")
    );
}

#[test]
fn a_package_new_or_make_takes_any_arguments() {
    // A package may declare `func new(...)` or `func make(...)` of its own.
    assert_eq!(
        new_call("new(\"1.0\", svc, opts...)"),
        arg("(interpreted_string_literal (interpreted_string_literal_content)) (identifier) (variadic_argument (identifier))")
    );
    assert_eq!(
        new_call("new(opts...)"),
        arg("(variadic_argument (identifier))")
    );
    assert_eq!(
        new_call("make(n - 1)"),
        arg("(binary_expression left: (identifier) right: (int_literal))")
    );
}
