//! An estimate of the Go compiler's inlining cost of a function
//! (cmd/compile/internal/inline/inl.go, `hairyVisitor`): about one unit per IR
//! node, 57 extra for a call that is not itself inlined, the callee's own cost for
//! one that is, 15 for a closure (whose body is its own function); types and
//! blocks are free. A function is
//! inlinable when its cost is at most 80 and it has no `defer`, `go`, `recover()`
//! or `select`-free hazards the compiler refuses.
//!
//! This is an estimate from syntax: the callee costs of other packages are not
//! known (a call into another package counts as not inlined, except the
//! `sync` mutex methods, whose costs are below), and conversions are recognised
//! only for predeclared types and types of the file. Its agreement with
//! `go build -gcflags=-m=2` is measured by `crates/rules/tests/inline_estimate.rs`.

use crate::source::SourceFile;
use crate::syntax::NodeExt;
use crate::syntax::{named_children, walk_all};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::Node;

/// The compiler's budget (`inlineMaxBudget`).
pub const BUDGET: u32 = 80;
/// Extra cost of a call that is not inlined (`inlineExtraCallCost`).
pub const CALL_COST: u32 = 57;

const BUILTINS: &[&str] = &[
    "len", "cap", "append", "make", "new", "copy", "delete", "min", "max", "clear", "close",
    "complex", "real", "imag", "print", "println",
];

/// Costs of methods of other packages that the compiler inlines, by method name
/// (as reported by `go build -gcflags=-m=2 sync` for Go 1.22–1.26: `(*Mutex).Lock`
/// 68, `(*Mutex).Unlock` 74, `(*RWMutex).RLock` 77, `(*RWMutex).RUnlock` 78).
const KNOWN_METHODS: &[(&str, u32)] =
    &[("Lock", 68), ("Unlock", 74), ("RLock", 77), ("RUnlock", 78)];

/// Estimated inlining costs of the functions and methods declared in one file.
pub struct InlineCosts<'t> {
    text: &'t str,
    /// The tree is partial ([`crate::SourceFile::partial`]): a body that was blanked
    /// is parsed alone when its cost is needed.
    partial: bool,
    /// Function name, or method name when unique in the file → declaration.
    decls: HashMap<String, Node<'t>>,
    /// Type names declared in the file (conversions, not calls).
    types: Vec<String>,
    /// Import names of the file.
    imports: Vec<String>,
    /// Costs of the first pass (callees of the file counted as calls), computed for
    /// the names that are called.
    first: RefCell<HashMap<String, u32>>,
}

impl<'t> InlineCosts<'t> {
    /// The costs of the declarations of a whole parsed file.
    pub fn new(root: Node<'t>, text: &'t str) -> Self {
        Self::build(root, text, false)
    }

    /// The costs of the declarations of `file`, whole or partial.
    pub fn of_file(file: &'t SourceFile) -> Self {
        Self::build(file.root(), &file.text, file.partial)
    }

    fn build(root: Node<'t>, text: &'t str, partial: bool) -> Self {
        let mut decls = HashMap::new();
        let mut dup = Vec::new();
        let mut types = Vec::new();
        let mut imports = Vec::new();
        for d in named_children(root) {
            match d.k() {
                "import_declaration" => walk_all(d, &mut |s| {
                    if s.k() == "import_spec" {
                        let name = match (s.field("name"), s.field("path")) {
                            (Some(n), _) => text[n.byte_range()].to_string(),
                            (None, Some(p)) => {
                                let p = text[p.byte_range()].trim_matches(['"', '`']);
                                p.rsplit('/').next().unwrap_or(p).to_string()
                            }
                            _ => return,
                        };
                        imports.push(name);
                    }
                }),
                "function_declaration" | "method_declaration" => {
                    if let Some(n) = d.field("name") {
                        let name = text[n.byte_range()].to_string();
                        if decls.insert(name.clone(), d).is_some() {
                            dup.push(name);
                        }
                    }
                }
                "type_declaration" => walk_all(d, &mut |s| {
                    if matches!(s.k(), "type_spec" | "type_alias") {
                        if let Some(n) = s.field("name") {
                            types.push(text[n.byte_range()].to_string());
                        }
                    }
                }),
                _ => {}
            }
        }
        for d in dup {
            decls.remove(&d);
        }
        InlineCosts {
            text,
            partial,
            decls,
            types,
            imports,
            first: RefCell::new(HashMap::new()),
        }
    }

    /// The first-pass cost of the function or method `name` declared in the file
    /// (its callees counted as calls that are not inlined), None when it has no body;
    /// past the budget, some cost above it (it is only compared with the budget).
    fn first_cost(&self, name: &str) -> Option<u32> {
        if let Some(&c) = self.first.borrow().get(name) {
            return Some(c);
        }
        let decl = *self.decls.get(name)?;
        let body = decl.field("body")?;
        let cost = if crate::source::body_left_out(self.text, self.partial, body) {
            // Parsed alone (the cost depends on the body's nodes and names, not on
            // its offsets).
            let alone = SourceFile::declaration_alone("", &self.text[decl.byte_range()]);
            self.cost_up_to(&alone.text, alone.first_body()?, &[], false, BUDGET)
        } else {
            self.cost_up_to(self.text, body, &[], false, BUDGET)
        };
        self.first.borrow_mut().insert(name.to_string(), cost);
        Some(cost)
    }

    /// Can the compiler not inline this body whatever its cost (`go`, `defer`,
    /// `recover()`, labeled loops are fine)? Returns the reason.
    pub fn hard_blocker(&self, body: Node<'_>) -> Option<&'static str> {
        let mut why = None;
        walk_all(body, &mut |n| {
            if why.is_some() {
                return;
            }
            match n.k() {
                "go_statement" => why = Some("a go statement"),
                "call_expression"
                    if n.field("function").is_some_and(|f| {
                        crate::syntax::unparen(f).k() == "identifier"
                            && &self.text[crate::syntax::unparen(f).byte_range()] == "recover"
                    }) =>
                {
                    why = Some("a call to recover()")
                }
                _ => {}
            }
        });
        why
    }

    /// The estimated cost of `body`, not counting the code inside the byte
    /// ranges `skip` (the defer statements a rewrite would remove, code the
    /// compiler drops).
    pub fn cost(&self, body: Node<'_>, skip: &[Range<usize>]) -> u32 {
        self.cost_in(self.text, body, skip, true)
    }

    /// The cost of `body`, a node of a tree of `text`; with `callees`, a call to an
    /// inlinable function of the file costs that function's first-pass cost.
    fn cost_in(&self, text: &str, body: Node<'_>, skip: &[Range<usize>], callees: bool) -> u32 {
        self.cost_up_to(text, body, skip, callees, u32::MAX)
    }

    /// [`InlineCosts::cost`], but the walk stops as soon as the cost exceeds
    /// `limit`: then some cost above it, not the whole.
    pub fn cost_above(&self, body: Node<'_>, skip: &[Range<usize>], limit: u32) -> u32 {
        self.cost_up_to(self.text, body, skip, true, limit)
    }

    fn cost_up_to(
        &self,
        text: &str,
        body: Node<'_>,
        skip: &[Range<usize>],
        callees: bool,
        limit: u32,
    ) -> u32 {
        let mut total = 0u32;
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            if total > limit {
                return total;
            }
            if skip
                .iter()
                .any(|r| r.start <= n.start_byte() && n.end_byte() <= r.end)
            {
                continue;
            }
            let (own, descend) = self.node_cost(text, n, callees);
            total = total.saturating_add(own);
            if descend {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
        }
        total
    }

    /// A node's own cost and whether its children are counted.
    fn node_cost(&self, text: &str, n: Node<'_>, callees: bool) -> (u32, bool) {
        match n.k() {
            // Types, names of fields and packages, and structure cost nothing.
            k if k.ends_with("_type")
                || matches!(
                    k,
                    "type_identifier"
                        | "qualified_type"
                        | "generic_type"
                        | "type_arguments"
                        | "type_elem"
                        | "parameter_list"
                        | "field_identifier"
                        | "package_identifier"
                        | "label_name"
                        | "comment"
                        | "block"
                        | "statement_list"
                        | "expression_statement"
                        | "parenthesized_expression"
                        | "expression_list"
                        | "argument_list"
                        | "literal_value"
                        | "literal_element"
                        | "range_clause"
                        | "for_clause"
                        | "var_declaration"
                        | "const_declaration"
                        | "type_declaration"
                        | "empty_statement"
                        | "interpreted_string_literal_content"
                        | "escape_sequence"
                        | "raw_string_literal_content"
                ) =>
            {
                (
                    0,
                    !k.ends_with("_type") && !k.ends_with("declaration") || k == "var_declaration",
                )
            }
            // The closure's body is costed as its own function.
            "func_literal" => (15, false),
            "selector_expression" => {
                // `pkg.Name` is one name; `x.f` is a field access plus `x`.
                let pkg = n.field("operand").is_some_and(|o| self.is_import(text, o));
                (1, !pkg)
            }
            "call_expression" => (self.call_cost(text, n, callees), true),
            _ => (1, true),
        }
    }

    /// The cost of a call node itself (arguments are counted separately).
    fn call_cost(&self, text: &str, call: Node<'_>, callees: bool) -> u32 {
        let Some(f) = call.field("function") else {
            return 1 + CALL_COST;
        };
        let f = crate::syntax::unparen(f);
        match f.k() {
            "identifier" => {
                let name = &text[f.byte_range()];
                if name == "panic" {
                    return 2;
                }
                if BUILTINS.contains(&name)
                    || crate::package::BASIC.contains(&name)
                    || matches!(name, "string" | "error" | "any")
                    || self.types.iter().any(|t| t == name)
                {
                    return 1;
                }
                if callees && self.is_plain_function(name) {
                    match self.first_cost(name) {
                        Some(c) if c <= BUDGET => return c,
                        _ => {}
                    }
                }
                1 + CALL_COST
            }
            "selector_expression" => {
                let field = f.field("field").map_or("", |x| &text[x.byte_range()]);
                let operand_is_pkg = f.field("operand").is_some_and(|o| self.is_import(text, o));
                if let Some((_, c)) = KNOWN_METHODS.iter().find(|(m, _)| *m == field) {
                    if !operand_is_pkg {
                        return *c;
                    }
                }
                if callees && !operand_is_pkg && !self.is_plain_function(field) {
                    if let Some(c) = self.first_cost(field) {
                        if c <= BUDGET {
                            return c;
                        }
                    }
                }
                1 + CALL_COST
            }
            // Conversions to composite types: `[]byte(s)`, `(*T)(p)`.
            k if k.ends_with("_type") => 1,
            _ => 1 + CALL_COST,
        }
    }

    /// tree-sitter-go parses `pkg.F` with `pkg` as an identifier: an import name.
    fn is_import(&self, text: &str, o: Node<'_>) -> bool {
        o.k() == "package_identifier"
            || (o.k() == "identifier" && self.imports.iter().any(|i| *i == text[o.byte_range()]))
    }

    fn is_plain_function(&self, name: &str) -> bool {
        self.decls
            .get(name)
            .is_some_and(|d| d.k() == "function_declaration")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn costs(src: &str) -> HashMap<String, u32> {
        let file = SourceFile::parse("a.go", src.to_string());
        let c = InlineCosts::new(file.root(), &file.text);
        named_children(file.root())
            .into_iter()
            .filter_map(|d| {
                let name = file.text_of(d.field("name")?).to_string();
                Some((name, c.cost(d.field("body")?, &[])))
            })
            .collect()
    }

    #[test]
    fn small_and_large() {
        let src = r#"package p
import "fmt"
func Small(a, b int) int { return a + b }
func Calls(x int) int { return Small(x, 1) }
func Out(x int) { fmt.Println(x); fmt.Println(x) }
"#;
        let c = costs(src);
        assert!(c["Small"] <= 6, "{c:?}");
        assert!(c["Calls"] <= BUDGET);
        assert!(c["Out"] > BUDGET, "two calls to another package: {c:?}");
    }
}
