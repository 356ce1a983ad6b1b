//! Is a field path (`w.fw`, `c.conn.buf`) certainly not nil at a use?
//!
//! Only a nil check of the same path counts: inside `if w.fw != nil { .. }`, on
//! the right of `w.fw != nil && ..`, in the else of `if w.fw == nil`, or after
//! `if w.fw == nil { return }`. Unlike a local, a field lives in memory that other
//! code can write, so the check holds only if nothing between it and the use can
//! change that memory: no call (any function may write the field; only builtins
//! that neither run code nor write memory, and conversions, are let through), no
//! channel operation, `select` or `go` statement (another goroutine may write the
//! field after synchronizing with this one), no `range` (it may call an iterator),
//! and no assignment other than to a local whose address is never taken (a write
//! through a pointer, an index or another field may alias the path). Go leaves the
//! order of operand reads and calls within an expression unspecified, so the other
//! operands of every expression around the use count as "between" too. The walk
//! also stops at a loop that holds any of these, at func literals, and at the top
//! of the function; the path's root must be a local that facts can be tracked for
//! (see `nonnil.rs`) in a function without `goto`, and each step a declared field.

use super::nonnil::words;
use super::PanicAnalyzer;
use crate::syntax::NodeExt;
use crate::syntax::{squash, unparen, walk_all};
use std::collections::HashSet;
use tree_sitter::Node;

/// Builtins that neither run code of the program nor write memory.
const PURE_BUILTINS: &[&str] = &[
    "len", "cap", "min", "max", "new", "make", "complex", "real", "imag",
];

impl PanicAnalyzer<'_> {
    /// Why the field path `e` is certainly not nil here, if it is.
    pub(super) fn field_path_non_nil(&self, e: Node<'_>) -> Option<String> {
        let (root, path) = self.field_path(e)?;
        self.path_non_nil(e, &root, &path)
    }

    /// Is the embedded pointer field `embedded` of `operand` (a local or a field
    /// path) certainly not nil here? (`t.common` for `t.tmpl` promoted from an
    /// embedded `*common`.) Notes why.
    pub(super) fn embedded_non_nil(&self, operand: Node<'_>, embedded: &str) -> bool {
        let operand = unparen(operand);
        let root = match operand.k() {
            "identifier" => self.text(operand).to_string(),
            "selector_expression" => match self.field_path(operand) {
                Some((root, _)) => root,
                None => return false,
            },
            _ => return false,
        };
        let path = format!("{}.{embedded}", squash(self.text(operand)));
        match self.path_non_nil(operand, &root, &path) {
            Some(why) => {
                self.note(format!("`{path}` is not nil here: {why}"));
                true
            }
            None => false,
        }
    }

    /// Why the field path `path` (text squashed, rooted at the local `root`), read
    /// at `e`, is certainly not nil, if it is.
    fn path_non_nil(&self, e: Node<'_>, root: &str, path: &str) -> Option<String> {
        let (root, path) = (root.to_string(), path.to_string());
        if self.flow_tracked(&root, e) != Some(true) {
            return None;
        }
        let addressed = self.addressed_names(e);
        let changes = |n: Node<'_>| self.may_change_memory(n, &root, &addressed);
        let mut cur = e;
        loop {
            let parent = cur.parent()?;
            match parent.k() {
                "statement_list" => {
                    let mut sib = cur.prev_named_sibling();
                    while let Some(s) = sib {
                        if let Some(c) = self.path_guard(s, &path) {
                            if !changes(c) {
                                return Some(format!(
                                    "a nil check leaves when it is nil (`if {}`, line {}), and nothing since can change it",
                                    words(self.text(c)),
                                    self.line(c)
                                ));
                            }
                        }
                        if changes(s) {
                            return None;
                        }
                        // `t.ns.mu.Lock()` or `defer t.ns.mu.Unlock()` read through `t.ns`.
                        if self.derefs(s).contains(&path) {
                            return Some(format!(
                                "it is dereferenced before, at line {}, and nothing since can change it",
                                self.line(s)
                            ));
                        }
                        sib = s.prev_named_sibling();
                    }
                }
                "block" | "labeled_statement" | "parenthesized_expression" => {}
                "binary_expression"
                    if parent
                        .field("operator")
                        .is_some_and(|o| matches!(o.k(), "&&" | "||")) =>
                {
                    // The left operand runs first, the right one only after it.
                    if parent.field("right") == Some(cur) {
                        let left = parent.field("left")?;
                        if changes(left) {
                            return None;
                        }
                        let and = parent.field("operator").is_some_and(|o| o.k() == "&&");
                        if self.path_implies(left, &path, and) {
                            return Some(format!(
                                "a nil check guards it (`{}`, line {}), and nothing since can change it",
                                words(self.text(left)),
                                self.line(left)
                            ));
                        }
                    }
                }
                "if_statement" => {
                    let cond = parent.field("condition");
                    let init = parent.field("initializer");
                    let in_body = parent.field("consequence") == Some(cur);
                    let in_else = parent.field("alternative") == Some(cur);
                    if in_body || in_else {
                        let c = cond?;
                        if changes(c) {
                            return None;
                        }
                        if self.path_implies(c, &path, in_body) {
                            return Some(format!(
                                "a nil check guards it (`if {}`, line {}), and nothing since can change it",
                                words(self.text(c)),
                                self.line(c)
                            ));
                        }
                    }
                    if cur != init.unwrap_or(cur) && init.is_some_and(changes) {
                        return None;
                    }
                }
                // A later iteration reaches the use after anything in the loop; a
                // range expression is evaluated once, before the loop.
                "for_statement" => {
                    if cur.k() != "range_clause" && changes(parent) {
                        return None;
                    }
                }
                "func_literal" | "function_declaration" | "method_declaration" => return None,
                // Anything else: its other parts may run before the use (operands in
                // an unspecified order, a case's values, earlier cases, a header).
                _ => {
                    let mut c = parent.walk();
                    let others: Vec<Node<'_>> =
                        parent.children(&mut c).filter(|x| *x != cur).collect();
                    if others.into_iter().any(changes) {
                        return None;
                    }
                }
            }
            cur = parent;
        }
    }

    /// `root.f1.f2..` with every step a declared field: (root, squashed text).
    pub(super) fn field_path(&self, e: Node<'_>) -> Option<(String, String)> {
        let e = unparen(e);
        if e.k() != "selector_expression" {
            return None;
        }
        let mut fields = Vec::new();
        let mut cur = e;
        while cur.k() == "selector_expression" {
            fields.push(self.text(cur.field("field")?));
            cur = unparen(cur.field("operand")?);
        }
        if cur.k() != "identifier" {
            return None;
        }
        let root = self.text(cur);
        let mut ty = self.type_of(cur)?;
        for f in fields.iter().rev() {
            ty = self.package.field_type(&ty, f)?;
        }
        Some((root.to_string(), squash(self.text(e))))
    }

    /// `if path == nil { <leaves> }` with no else and no initializer (which could
    /// declare a root of the if's own): its condition.
    fn path_guard<'t>(&self, s: Node<'t>, path: &str) -> Option<Node<'t>> {
        if s.k() != "if_statement"
            || s.field("alternative").is_some()
            || s.field("initializer").is_some()
        {
            return None;
        }
        let c = s.field("condition")?;
        let leaves = s
            .field("consequence")
            .is_some_and(|b| super::leaves_the_list(b, self.text_all()));
        (leaves && self.path_implies(c, path, false)).then_some(c)
    }

    /// Does `cond` being true (`when` true) or false (`when` false) mean `path != nil`?
    fn path_implies(&self, cond: Node<'_>, path: &str, when: bool) -> bool {
        let c = unparen(cond);
        if c.k() != "binary_expression" {
            return false;
        }
        let op = c.field("operator").map(|o| o.k());
        let (join, compare) = if when { ("&&", "!=") } else { ("||", "==") };
        match op {
            Some(o) if o == join => ["left", "right"]
                .iter()
                .any(|f| c.field(f).is_some_and(|x| self.path_implies(x, path, when))),
            Some(o) if o == compare => {
                let (Some(l), Some(r)) =
                    (c.field("left").map(unparen), c.field("right").map(unparen))
                else {
                    return false;
                };
                let is =
                    |x: Node<'_>| x.k() == "selector_expression" && squash(self.text(x)) == path;
                (is(l) && r.k() == "nil") || (is(r) && l.k() == "nil")
            }
            _ => false,
        }
    }

    /// Could running `n` change memory the path reads, or the root itself?
    fn may_change_memory(&self, n: Node<'_>, root: &str, addressed: &HashSet<String>) -> bool {
        let text = self.text_all();
        let mut hit = false;
        walk_all(n, &mut |x| {
            if hit {
                return;
            }
            let target_writes = |t: Node<'_>| {
                let t = unparen(t);
                if t.k() != "identifier" {
                    return true;
                }
                let name = &text[t.byte_range()];
                name != "_"
                    && (name == root || addressed.contains(name) || !self.locals.is_local(name))
            };
            hit = match x.k() {
                // A deferred call does not run here (its operands do, and are walked).
                "call_expression" if x.parent().is_some_and(|p| p.k() == "defer_statement") => {
                    false
                }
                "call_expression" => !x.field("function").is_some_and(|f| {
                    let name = &text[f.byte_range()];
                    f.k() == "identifier"
                        && self.universe(f)
                        && (PURE_BUILTINS.contains(&name) || super::is_conversion_type(name))
                }),
                "unary_expression" => x.child(0).is_some_and(|o| o.k() == "<-"),
                "send_statement" | "go_statement" | "select_statement" | "range_clause" => true,
                "assignment_statement" | "short_var_declaration" => x
                    .field("left")
                    .map(crate::syntax::named_children)
                    .unwrap_or_default()
                    .into_iter()
                    .any(target_writes),
                "inc_statement" | "dec_statement" => x.named_child(0).is_some_and(target_writes),
                "var_spec" | "parameter_declaration" | "variadic_parameter_declaration" => {
                    let mut c = x.walk();
                    let found = x
                        .children_by_field_name("name", &mut c)
                        .any(|t| &text[t.byte_range()] == root);
                    found
                }
                "type_switch_statement" => x
                    .field("alias")
                    .is_some_and(|a| walk_has_name(a, root, text)),
                _ => false,
            };
        });
        hit
    }

    /// Names whose address is taken (`&x`, `&x.f`, implicitly by slicing or a
    /// method call) anywhere in the outermost function around `at`: a write to
    /// them may be a write through the path.
    fn addressed_names(&self, at: Node<'_>) -> HashSet<String> {
        let mut top = at;
        let mut cur = at;
        while let Some(p) = cur.parent() {
            if crate::syntax::is_function_node(p.k()) {
                top = p;
            }
            cur = p;
        }
        let text = self.text_all();
        let mut out = HashSet::new();
        let root = crate::rewrite::root_local;
        walk_all(top, &mut |n| {
            // `&x`, `&x.f`, `&x[i]`; implicitly, `x[:]` (an array's memory) and a
            // method called on `x` or what it holds (`x.f.m()` may be `(&x.f).m()`).
            let taken = match n.k() {
                "unary_expression" if n.child(0).is_some_and(|o| o.k() == "&") => {
                    n.field("operand").and_then(root)
                }
                "slice_expression" => n.field("operand").and_then(root),
                "call_expression" => n
                    .field("function")
                    .map(unparen)
                    .filter(|f| f.k() == "selector_expression")
                    .and_then(|f| f.field("operand"))
                    .and_then(root),
                _ => None,
            };
            if let Some(o) = taken {
                out.insert(text[o.byte_range()].to_string());
            }
        });
        out
    }
}

fn walk_has_name(n: Node<'_>, name: &str, text: &str) -> bool {
    let mut hit = false;
    walk_all(n, &mut |x| {
        hit |= x.k() == "identifier" && &text[x.byte_range()] == name
    });
    hit
}
