//! Small helpers over tree-sitter-go nodes.

use std::sync::OnceLock;
use tree_sitter::Node;

/// The field names the crate asks for, looked up in the grammar once. Asking a node
/// for a field by name makes tree-sitter compare the name with every field name of
/// the grammar (`strncmp` in a loop); by id it is a table lookup.
const FIELDS: &[&str] = &[
    "alias",
    "alternative",
    "arguments",
    "body",
    "capacity",
    "communication",
    "condition",
    "consequence",
    "field",
    "function",
    "index",
    "initializer",
    "label",
    "left",
    "name",
    "operand",
    "operator",
    "parameters",
    "path",
    "receiver",
    "result",
    "right",
    "type",
    "type_arguments",
    "type_parameters",
    "update",
    "value",
];

struct Grammar {
    /// kind id → kind name.
    kinds: Vec<String>,
    /// The ids of `FIELDS`, in order.
    fields: Vec<Option<std::num::NonZeroU16>>,
}

fn grammar() -> &'static Grammar {
    static GRAMMAR: OnceLock<Grammar> = OnceLock::new();
    GRAMMAR.get_or_init(|| {
        let language: tree_sitter::Language = gdr_tree_sitter_go::LANGUAGE.into();
        let kinds = (0..language.node_kind_count())
            .map(|id| {
                u16::try_from(id)
                    .ok()
                    .and_then(|id| language.node_kind_for_id(id))
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        let fields = FIELDS
            .iter()
            .map(|f| language.field_id_for_name(f))
            .collect();
        Grammar { kinds, fields }
    })
}

/// Cheaper forms of `Node::kind` and `Node::child_by_field_name`, which the
/// analyses call millions of times on a large tree.
pub trait NodeExt<'t> {
    /// The node's kind, as `kind()` gives it, without measuring and checking the C
    /// string each time.
    fn k(&self) -> &'t str;
    /// `child_by_field_name`, by the field's id when the name is one of `FIELDS`.
    fn field(&self, name: &str) -> Option<Node<'t>>;
}

impl<'t> NodeExt<'t> for Node<'t> {
    fn k(&self) -> &'t str {
        let g: &'static Grammar = grammar();
        match g.kinds.get(usize::from(self.kind_id())) {
            Some(kind) if !kind.is_empty() => kind.as_str(),
            _ => self.kind(),
        }
    }

    fn field(&self, name: &str) -> Option<Node<'t>> {
        match FIELDS.binary_search(&name) {
            Ok(i) => match grammar().fields[i] {
                Some(id) => self.child_by_field_id(id.get()),
                None => None,
            },
            Err(_) => self.child_by_field_name(name),
        }
    }
}

/// Named children, without comments.
pub fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.k() != "comment")
        .collect()
}

/// The statements of a block or case clause (looking through `statement_list`).
pub fn statements(node: Node<'_>) -> Vec<Node<'_>> {
    if node.k() == "statement_list" {
        return named_children(node);
    }
    statement_list(node).map(named_children).unwrap_or_default()
}

/// The `statement_list` directly inside a block or case clause, if any.
pub fn statement_list(node: Node<'_>) -> Option<Node<'_>> {
    named_children(node)
        .into_iter()
        .find(|c| c.k() == "statement_list")
}

pub fn is_function_node(kind: &str) -> bool {
    matches!(
        kind,
        "function_declaration" | "method_declaration" | "func_literal"
    )
}

/// The names that `n` itself declares, when it is a `var`/`const` spec, a
/// parameter, a `:=`, a range clause or a receive statement binding names.
pub fn declared_names(n: Node<'_>) -> Vec<Node<'_>> {
    match n.k() {
        "var_spec" | "const_spec" | "parameter_declaration" | "variadic_parameter_declaration" => {
            let mut c = n.walk();
            n.children_by_field_name("name", &mut c).collect()
        }
        "short_var_declaration" | "range_clause" | "receive_statement" => {
            n.field("left").map(named_children).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// Visit `node` and its descendants in source order, not entering the bodies of
/// func literals below `node` (the literal node itself is visited).
pub fn walk_function<'t>(node: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    walk_within(node, 0, usize::MAX, &mut |n, _| f(n));
}

/// [`walk_function`] with each node's depth (`node`'s is `depth`): false, before
/// visiting it, at the first node deeper than `limit` (what is left is not
/// visited). Iterative: linear in the size of the tree however deep it is.
pub fn walk_within<'t>(
    node: Node<'t>,
    depth: usize,
    limit: usize,
    f: &mut impl FnMut(Node<'t>, usize),
) -> bool {
    let mut cursor = node.walk();
    let mut stack = vec![(node, depth)];
    while let Some((n, d)) = stack.pop() {
        if d > limit {
            return false;
        }
        f(n, d);
        if n != node && n.k() == "func_literal" {
            continue;
        }
        let before = stack.len();
        stack.extend(n.children(&mut cursor).map(|c| (c, d + 1)));
        stack[before..].reverse();
    }
    true
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

/// Visit every descendant in source order (func literals included), with whether it
/// is inside a func literal below `node` (`inside_literal_within(n, node)`, without
/// climbing: linear in the size of `node` however deep it is).
pub fn walk_all_in_literal<'t>(node: Node<'t>, f: &mut impl FnMut(Node<'t>, bool)) {
    let mut cursor = node.walk();
    let mut stack = vec![(node, false)];
    while let Some((n, in_literal)) = stack.pop() {
        f(n, in_literal);
        let below = in_literal || (n != node && n.k() == "func_literal");
        let before = stack.len();
        stack.extend(n.children(&mut cursor).map(|c| (c, below)));
        stack[before..].reverse();
    }
}

/// For every function node (declaration, method or literal) under `root`: the
/// depth, counted from `root`, of its deepest descendant. One walk, iterative:
/// linear in the size of the tree however deep it is.
pub fn function_depths(root: Node<'_>) -> std::collections::HashMap<usize, usize> {
    let mut out = std::collections::HashMap::new();
    let mut cursor = root.walk();
    // The deepest descendant seen so far of each node on the path to the cursor.
    let mut deepest: Vec<usize> = vec![0];
    loop {
        if cursor.goto_first_child() {
            let d = deepest.len();
            deepest.push(d);
            continue;
        }
        // A leaf, or a node whose children are done: close it and its ancestors
        // until one has a next sibling.
        loop {
            let d = deepest.pop().unwrap_or(0);
            let node = cursor.node();
            if is_function_node(node.k()) {
                out.insert(node.id(), d);
            }
            match deepest.last_mut() {
                Some(up) => *up = (*up).max(d),
                None => return out,
            }
            if cursor.goto_next_sibling() {
                let d = deepest.len();
                deepest.push(d);
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

/// The root node of the tree that `node` is in.
pub fn root_of(node: Node<'_>) -> Node<'_> {
    let raw = node.into_raw();
    // SAFETY: `raw.tree` is the tree that `node` borrows, alive for as long as
    // `node` is; `ts_tree_root_node` only reads it, and the node it gives borrows
    // the same tree for the same lifetime.
    unsafe { Node::from_raw(tree_sitter::ffi::ts_tree_root_node(raw.tree)) }
}

/// The ancestors of `node`, nearest first: what `node.parent()`, its `parent()`
/// and so on give. tree-sitter finds a node's parent by descending from the root
/// (through every child before the one on the way, at each level), so walking up
/// k levels with `parent()` descends k times; this descends once. (A zero-width
/// node, which the descent may take for a part of a sibling, walks up with
/// `parent()`.)
pub fn ancestors(node: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    if node.start_byte() == node.end_byte() {
        let mut cur = node.parent();
        while let Some(n) = cur {
            out.push(n);
            cur = n.parent();
        }
        return out;
    }
    let mut cur = root_of(node);
    if cur == node {
        return out;
    }
    loop {
        out.push(cur);
        match cur.child_with_descendant(node) {
            Some(next) if next != node => cur = next,
            _ => break,
        }
    }
    out.reverse();
    out
}

/// Is `node` inside a func literal that is itself inside `outer` (not counting `outer`)?
pub fn inside_literal_within(node: Node<'_>, outer: Node<'_>) -> bool {
    for n in ancestors(node) {
        if n == outer {
            return false;
        }
        if n.k() == "func_literal" {
            return true;
        }
    }
    false
}

/// The nearest enclosing function node (declaration, method or literal).
pub fn enclosing_function(node: Node<'_>) -> Option<Node<'_>> {
    ancestors(node)
        .into_iter()
        .find(|n| is_function_node(n.k()))
}

/// Text with white space squashed out (`s . mu` → `s.mu`).
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// [`squash`] of Go code with its comments left out too: `struct { A int // why }`
/// → `struct{Aint}`, the comments found by [`crate::skeleton::blank_comments`]
/// (`//` or `/*` inside a string, raw string or rune literal is not a comment), so
/// the two agree on any text without comments. (A type's text in a generated API client is mostly
/// its fields' documentation.)
pub fn squash_code(s: &str) -> String {
    if !s.contains('/') {
        return squash(s);
    }
    let mut b = s.as_bytes().to_vec();
    // (A comment's bytes become spaces, so the text stays UTF-8; a literal or
    // comment that does not end leaves the text to `squash` as it is.)
    match crate::skeleton::blank_comments(&mut b) {
        true => String::from_utf8(b).map_or_else(|_| squash(s), |t| squash(&t)),
        false => squash(s),
    }
}

/// Strip redundant parentheses around an expression.
pub fn unparen(mut node: Node<'_>) -> Node<'_> {
    while node.k() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// A call to the builtin `panic` (by name; shadowing of `panic` is not tracked).
pub fn is_panic_call(node: Node<'_>, text: &str) -> bool {
    node.k() == "call_expression"
        && node
            .field("function")
            .is_some_and(|f| f.k() == "identifier" && &text[f.byte_range()] == "panic")
}

/// Go spec "terminating statements": is control unable to flow past `stmt`?
pub fn is_terminating(stmt: Node<'_>, text: &str) -> bool {
    match stmt.k() {
        "return_statement" | "goto_statement" => true,
        "expression_statement" => stmt
            .named_child(0)
            .is_some_and(|e| is_panic_call(unparen(e), text)),
        "block" => list_is_terminating(stmt, text),
        "if_statement" => {
            let cons = stmt.field("consequence");
            let alt = stmt.field("alternative");
            match (cons, alt) {
                (Some(c), Some(a)) => is_terminating(c, text) && is_terminating(a, text),
                _ => false,
            }
        }
        "for_statement" => {
            let has_condition = named_children(stmt).into_iter().any(|c| match c.k() {
                "range_clause" => true,
                "for_clause" => c.field("condition").is_some(),
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
                .filter(|c| matches!(c.k(), "expression_case" | "type_case" | "default_case"))
                .collect();
            cases.iter().any(|c| c.k() == "default_case")
                && cases.iter().all(|c| {
                    let stmts = statements(*c);
                    stmts.last().is_some_and(|s| {
                        is_terminating(*s, text) || s.k() == "fallthrough_statement"
                    })
                })
        }
        "select_statement" => {
            if has_break_for(stmt, text) {
                return false;
            }
            named_children(stmt)
                .into_iter()
                .filter(|c| matches!(c.k(), "communication_case" | "default_case"))
                .all(|c| {
                    statements(c)
                        .last()
                        .is_some_and(|s| is_terminating(*s, text))
                })
        }
        "labeled_statement" => named_children(stmt)
            .into_iter()
            .find(|c| c.k() != "label_name")
            .is_some_and(|s| is_terminating(s, text)),
        _ => false,
    }
}

/// Does the statement list of a block end in a terminating statement?
pub fn list_is_terminating(block: Node<'_>, text: &str) -> bool {
    statements(block)
        .into_iter()
        .rfind(|s| s.k() != "empty_statement")
        .is_some_and(|s| is_terminating(s, text))
}

/// Is there a `break` that refers to `target` (a for, switch or select statement)?
fn has_break_for(target: Node<'_>, text: &str) -> bool {
    let label = target
        .parent()
        .filter(|p| p.k() == "labeled_statement")
        .and_then(|p| p.field("label"))
        .map(|l| &text[l.byte_range()]);
    let mut found = false;
    walk_function(target, &mut |n| {
        if found || n.k() != "break_statement" || inside_literal_within(n, target) {
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
        match n.k() {
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

/// The value of a Go integer literal (decimal, hex, octal, binary, underscores),
/// when it fits a u64.
pub fn int_literal_value(lit: &str) -> Option<u64> {
    let t = lit.replace('_', "");
    let (digits, radix) = match t.get(..2) {
        Some("0x" | "0X") => (&t[2..], 16),
        Some("0b" | "0B") => (&t[2..], 2),
        Some("0o" | "0O") => (&t[2..], 8),
        _ if t.len() > 1 && t.starts_with('0') => (&t[1..], 8),
        _ => (t.as_str(), 10),
    };
    u64::from_str_radix(digits, radix).ok()
}

/// A literal, `nil`, `true`, `false` or `iota`.
pub fn is_literal(n: Node<'_>) -> bool {
    matches!(
        n.k(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `ancestors` gives what `parent()` gives, level by level, for nodes of
    /// every kind (a sample of a large file of the standard library, when Go is
    /// there to find it, and a small file with an error and zero-width nodes).
    #[test]
    fn ancestors_are_the_parents_of_parents() {
        fn chain(n: Node<'_>) -> Vec<Node<'_>> {
            let mut out = Vec::new();
            let mut cur = n.parent();
            while let Some(p) = cur {
                out.push(p);
                cur = p.parent();
            }
            out
        }
        let mut texts = vec![
            "package p\n\nfunc f() {\n\tx := []int{1, 2\n\tif x {\n}\n\nfunc g() { go func() { defer h() }() }\n".to_string(),
        ];
        if let Some(text) = crate::std_source_dir()
            .and_then(|src| std::fs::read_to_string(src.join("net/http/server.go")).ok())
        {
            texts.push(text);
        } else {
            eprintln!("no Go toolchain: the standard library's file is left out");
        }
        let mut compared = 0;
        for text in &texts {
            let tree = crate::source::parse_go(text);
            let mut i = 0;
            walk_all(tree.root_node(), &mut |n| {
                i += 1;
                if i % 7 == 0 || n.start_byte() == n.end_byte() {
                    assert_eq!(ancestors(n), chain(n), "{} at {}", n.kind(), n.start_byte());
                    compared += 1;
                }
            });
            assert!(tree.root_node().has_error() || text.len() > 100_000);
        }
        // (Thousands with the standard library's file.)
        assert!(
            compared > 10 && (texts.len() == 1 || compared > 1000),
            "{compared}"
        );
    }

    /// `squash_code` is `squash` of the text with the parser's comment nodes left
    /// out, on type declarations of the standard library and on literals that
    /// hold comment markers.
    #[test]
    fn squash_code_leaves_out_exactly_the_comments() {
        let fixture = "package p\n\ntype A struct {\n\tB string `json:\"b//c\" x:\"/*\"` // doc\n\t/* a\n\t   block */ C [len(\"//\")]int /*/ still a comment */\n\tD rune // '/'\n\tE [len(\"\\\"//\")]byte\n\tF [len('\\'')]byte /**/\n}\n\ntype G = /* c */ H\n\ntype I interface {\n\t// Lock locks.\n\tLock()\n}\n";
        let mut texts = vec![fixture.to_string()];
        let src = crate::std_source_dir();
        for file in [
            "net/http/server.go",
            "net/http/transport.go",
            "go/ast/ast.go",
            "runtime/runtime2.go",
            "syscall/ztypes_linux_amd64.go",
        ] {
            match src
                .as_ref()
                .and_then(|src| std::fs::read_to_string(src.join(file)).ok())
            {
                Some(text) => texts.push(text),
                None => eprintln!("no Go toolchain: `{file}` is left out"),
            }
        }
        let (mut compared, mut with_comments) = (0, 0);
        for text in &texts {
            let tree = crate::source::parse_go(text);
            walk_all(tree.root_node(), &mut |n| {
                if !matches!(n.kind(), "type_spec" | "type_alias") {
                    return;
                }
                let Some(ty) = n.child_by_field_name("type") else {
                    return;
                };
                let mut blanked = text[ty.byte_range()].to_string();
                let mut comments = Vec::new();
                walk_all(ty, &mut |c| {
                    if c.kind() == "comment" {
                        comments.push(c.byte_range());
                    }
                });
                for r in &comments {
                    let r = r.start - ty.start_byte()..r.end - ty.start_byte();
                    blanked.replace_range(r.clone(), &" ".repeat(r.len()));
                }
                assert_eq!(
                    squash_code(&text[ty.byte_range()]),
                    squash(&blanked),
                    "at {}",
                    ty.start_byte()
                );
                compared += 1;
                with_comments += usize::from(!comments.is_empty());
            });
        }
        assert!(with_comments >= 3, "{with_comments}");
        if texts.len() > 1 {
            assert!(
                compared > 200 && with_comments > 100,
                "{compared} {with_comments}"
            );
        }
    }

    #[test]
    fn fields_are_sorted_and_known() {
        assert!(
            FIELDS.windows(2).all(|w| w[0] < w[1]),
            "FIELDS must stay sorted"
        );
        let language: tree_sitter::Language = gdr_tree_sitter_go::LANGUAGE.into();
        for f in FIELDS {
            assert!(language.field_id_for_name(f).is_some(), "no field {f}");
        }
    }

    /// `k` and `field` agree with `kind` and `child_by_field_name` on every node of
    /// a file that uses most of the grammar.
    #[test]
    fn cheap_forms_agree_with_tree_sitter() {
        let text = r#"package p
import ("fmt"; m "math")
type T[K comparable, V any] struct { a, b int; c map[K]V }
func (t *T[K, V]) Get(k K) (v V, ok bool) {
    defer func() { recover() }()
    switch x := any(k).(type) { case int: _ = x + 1; default: }
    switch k := 1; k { case 1: fallthrough; default: }
    select { case c := <-make(chan int): _ = c; default: }
    for i := 0; i < 3; i++ { if i%2 == 0 { continue } else { break } }
L:  for range t.c { goto L }
    s := []int{1, 2}[0:1:2]; _ = s; var f = func(a ...int) int { return len(a) }
    fmt.Println(m.Pi, f(1, 2), t.c[k], -t.a, "x"+`y`, 'z', 1.5i, nil, s[1:], make([]int, 0, 4))
    v, ok = t.c[k]
    return
}
"#;
        let file = crate::source::SourceFile::parse("t.go", text.to_string());
        assert!(!file.root().has_error());
        let mut checked = 0;
        walk_all(file.root(), &mut |n| {
            assert_eq!(n.k(), n.kind());
            for f in FIELDS {
                assert_eq!(
                    n.field(f),
                    n.child_by_field_name(f),
                    "field {f} of {}",
                    n.kind()
                );
            }
            assert_eq!(n.field("no_such_field"), None);
            checked += 1;
        });
        assert!(checked > 300, "only {checked} nodes");
    }
}
