//! Is a local pointer certainly not nil at a given point of the function?
//!
//! The facts come from the code that runs before that point, found by walking up
//! from the use: earlier statements of each enclosing statement list (nearest
//! first), then the headers of the enclosing `if`, `switch` and `for` statements.
//! A fact is
//! - an assignment of a value that is never nil (`p := &T{..}`, `p = new(T)`);
//! - a dereference that would have panicked had the pointer been nil (`p.f`
//!   outside the right operand of `&&`/`||`, outside func literals and outside
//!   the unevaluated operands of `len`, `cap` and `unsafe.Sizeof`-like calls);
//! - a nil check: inside `if p != nil { .. }`, on the right of `p != nil && ..`,
//!   in the else of `if p == nil`, or after `if p == nil { return }`.
//!
//! A fact holds only if no write of the name can happen between it and the use.
//! The walk stops (no fact) at the first statement that writes the name, at a loop
//! that writes it anywhere (a later iteration reaches the use with the new value),
//! and at the top of the function. The name must be a local of the function that
//! no func literal writes and whose address is never taken (either would let a
//! call change it), in a function without `goto` (which adds paths the walk does
//! not see), and not a package-level name (which any call could change).

use super::PanicAnalyzer;
use crate::syntax::NodeExt;
use crate::syntax::{named_children, unparen, walk_all};
use tree_sitter::Node;

/// `text` on one line, runs of white space made one space.
pub(super) fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What one statement says about a name.
enum Fact {
    /// After it, the name is not nil: why.
    NotNil(String),
    /// It may write the name: nothing earlier holds after it.
    Kills,
    Neutral,
}

impl PanicAnalyzer<'_> {
    /// Why `name`, read at `at`, is certainly not nil, from what runs before `at`.
    pub(super) fn flow_non_nil(&self, name: &str, at: Node<'_>) -> Option<String> {
        // Without `goto`, facts from earlier statements hold; with it, a jump may
        // bypass them, and only the enclosing conditions of a name written once count.
        let ordered = self.flow_tracked(name, at)?;
        let text = self.text_all();
        let mut cur = at;
        loop {
            let parent = cur.parent()?;
            match parent.k() {
                "statement_list" if ordered => {
                    let mut sib = cur.prev_named_sibling();
                    while let Some(s) = sib {
                        match self.statement_fact(s, name) {
                            Fact::NotNil(why) => return Some(why),
                            Fact::Kills => return None,
                            Fact::Neutral => {}
                        }
                        sib = s.prev_named_sibling();
                    }
                }
                "binary_expression" if parent.field("right") == Some(cur) => {
                    let op = parent.field("operator").map(|o| o.k());
                    let left = parent.field("left")?;
                    let holds = match op {
                        Some("&&") => self.implies_non_nil(left, name),
                        Some("||") => self.implies_nil(left, name),
                        _ => false,
                    };
                    if holds {
                        return Some(format!(
                            "a nil check guards it (`{}`, line {})",
                            words(self.text(left)),
                            self.line(left)
                        ));
                    }
                }
                "if_statement" => {
                    let cond = parent.field("condition");
                    let in_body = parent.field("consequence") == Some(cur);
                    let in_else = parent.field("alternative") == Some(cur);
                    // The condition runs after the initializer, just before either branch.
                    if let Some(c) = cond.filter(|_| in_body || in_else) {
                        let checked = if in_body {
                            self.implies_non_nil(c, name)
                        } else {
                            self.implies_nil(c, name)
                        };
                        if checked {
                            return Some(format!(
                                "a nil check guards it (`if {}`, line {})",
                                words(self.text(c)),
                                self.line(c)
                            ));
                        }
                        if self.deref_operands(c).iter().any(|n| n == name) {
                            return Some(self.dereferenced_at(c));
                        }
                    }
                    if let Some(init) = parent
                        .field("initializer")
                        .filter(|i| ordered && i.end_byte() <= cur.start_byte())
                    {
                        match self.statement_fact(init, name) {
                            Fact::NotNil(why) => return Some(why),
                            Fact::Kills => return None,
                            Fact::Neutral => {}
                        }
                    }
                    // Nothing else in an `if` runs before `cur`: the condition cannot
                    // assign, and one branch never runs before the other.
                }
                "for_statement" => {
                    // The condition is checked before every iteration, and the body
                    // before the use was walked already: a write after the use does
                    // not reach it without passing the condition again.
                    let cond = named_children(parent)
                        .into_iter()
                        .find_map(|c| match c.k() {
                            "for_clause" => c.field("condition"),
                            "range_clause" | "block" | "comment" => None,
                            _ => Some(c),
                        });
                    if parent.field("body") == Some(cur) {
                        if let Some(c) = cond.filter(|c| self.implies_non_nil(*c, name)) {
                            return Some(format!(
                                "a nil check guards it (`for {}`, line {})",
                                words(self.text(c)),
                                self.line(c)
                            ));
                        }
                    }
                    // Otherwise any write in the loop reaches the use on a later iteration.
                    if written_in(parent, name, text, None) {
                        return None;
                    }
                }
                "func_literal" | "function_declaration" | "method_declaration" => {
                    if parent.field("body").map(|b| b.byte_range()) == Some(self.body.clone()) {
                        // The top of the analyzed function.
                        return (self.summary && self.receiver.as_deref() == Some(name))
                            .then(|| "it is the method's receiver (callers check it)".to_string());
                    }
                    // A func literal of the function runs later, at a call: a fact from
                    // before it still holds only if the name is never written again.
                    if parent.k() != "func_literal" || !self.locals.written_once(name) {
                        return None;
                    }
                }
                // Anything else (a case clause after an earlier one that may fall
                // through, a select case's receive, a switch header, a type switch's
                // alias): no write of the name before the use.
                _ => {
                    if written_in(parent, name, text, Some(cur.start_byte())) {
                        return None;
                    }
                }
            }
            cur = parent;
        }
    }

    /// Can facts about `name` be tracked at `at`: a local of the analyzed function,
    /// not declared at package level, never written in a func literal, its address
    /// never taken? Some(true) when facts from earlier statements count too (no
    /// `goto`); Some(false) when only the enclosing conditions count (a `goto`, and
    /// the name is written only where it is declared).
    pub(super) fn flow_tracked(&self, name: &str, at: Node<'_>) -> Option<bool> {
        // A local of this function (by Go's scopes at `at`), not a captured one.
        let own_local = matches!(
            self.names().resolve_name(at, name),
            crate::semantic::Resolved::Local { decl, .. } if self.locals.declares_at(decl.start_byte())
        );
        if !own_local || self.package.declares(name) || self.dot_import {
            return None;
        }
        let mut top = at;
        let mut cur = at;
        while let Some(p) = cur.parent() {
            if crate::syntax::is_function_node(p.k()) {
                top = p;
            }
            cur = p;
        }
        let key = (name.to_string(), top.start_byte());
        if let Some(&known) = self.tracked.borrow().get(&key) {
            return known;
        }
        let text = self.text_all();
        let (mut ok, mut goto) = (true, false);
        walk_all(top, &mut |n| {
            let address_taken = || {
                n.child(0).is_some_and(|o| o.k() == "&")
                    && n.field("operand")
                        .map(unparen)
                        .is_some_and(|o| o.k() == "identifier" && &text[o.byte_range()] == name)
            };
            match n.k() {
                "goto_statement" => goto = true,
                "unary_expression" if address_taken() => ok = false,
                "func_literal" if n != top && written_in(n, name, text, None) => ok = false,
                _ => {}
            }
        });
        let known = match (ok, goto) {
            (false, _) => None,
            (true, false) => Some(true),
            (true, true) => self.locals.written_once(name).then_some(false),
        };
        self.tracked.borrow_mut().insert(key, known);
        known
    }

    /// What the statement `s`, run before the use, says about `name`.
    fn statement_fact(&self, s: Node<'_>, name: &str) -> Fact {
        let text = self.text_all();
        // `if name == nil { return }`: past it, name is not nil (what the body
        // writes does not matter, it does not come back). Not when the initializer
        // writes the name: `if p := f(); p == nil` checks a `p` of the if's own.
        if s.k() == "if_statement"
            && s.field("alternative").is_none()
            && !s
                .field("initializer")
                .is_some_and(|i| written_in(i, name, text, None))
            && s.field("condition")
                .is_some_and(|c| self.implies_nil(c, name))
            && s.field("consequence")
                .is_some_and(|b| super::leaves_the_list(b, text))
        {
            let c = s.field("condition").expect("checked");
            return Fact::NotNil(format!(
                "a nil check leaves when it is nil (`if {}`, line {})",
                words(self.text(c)),
                self.line(c)
            ));
        }
        if written_in(s, name, text, None) {
            return match self.assigned_non_nil(s, name) {
                Some(why) => Fact::NotNil(why),
                None => Fact::Kills,
            };
        }
        if self.derefs(s).iter().any(|n| n == name) {
            return Fact::NotNil(self.dereferenced_at(s));
        }
        Fact::Neutral
    }

    /// `name := v` / `name = v` / `var name = v` (the statement's only write of
    /// `name`) with `v` never nil: why.
    fn assigned_non_nil(&self, s: Node<'_>, name: &str) -> Option<String> {
        let text = self.text_all();
        let (names, values) = match s.k() {
            "short_var_declaration" => (
                s.field("left").map(named_children)?,
                s.field("right").map(named_children)?,
            ),
            "assignment_statement" if s.field("operator").is_some_and(|o| o.k() == "=") => (
                s.field("left").map(named_children)?,
                s.field("right").map(named_children)?,
            ),
            "var_declaration" => {
                let specs = named_children(s);
                let [spec] = specs.as_slice() else {
                    return None;
                };
                if spec.k() != "var_spec" {
                    return None;
                }
                let mut c = spec.walk();
                let names: Vec<Node<'_>> = spec.children_by_field_name("name", &mut c).collect();
                (names, spec.field("value").map(named_children)?)
            }
            _ => return None,
        };
        if names.len() != values.len() {
            return None;
        }
        let is = |t: &Node<'_>| {
            let t = unparen(*t);
            t.k() == "identifier" && &text[t.byte_range()] == name
        };
        let i = names.iter().position(is)?;
        // The name written once here, and not also inside the values (a closure).
        if names.iter().filter(|t| is(t)).count() != 1
            || values.iter().any(|v| written_in(*v, name, text, None))
        {
            return None;
        }
        let what = self.never_nil(values[i])?;
        Some(format!(
            "assigned from {what} at line {}",
            self.line(values[i])
        ))
    }

    /// Is the value of `v` never a nil pointer: `&x`, `new(T)`? What it is.
    fn never_nil(&self, v: Node<'_>) -> Option<String> {
        let v = unparen(v);
        match v.k() {
            "unary_expression" if v.child(0).is_some_and(|o| o.k() == "&") => {
                let operand = v.field("operand").map(unparen)?;
                Some(if operand.k() == "composite_literal" {
                    let ty = operand.field("type").map_or("", |t| self.text(t));
                    format!("`&{ty}{{...}}`")
                } else {
                    format!("`{}`", words(self.text(v)))
                })
            }
            "call_expression" => {
                let f = v.field("function").map(unparen)?;
                let fname = self.text(f);
                // `make` never gives a nil map, channel or slice.
                if f.k() == "identifier" && matches!(fname, "new" | "make") && self.universe(f) {
                    return Some(format!("`{}`", words(self.text(v))));
                }
                None
            }
            // A map literal is never a nil map.
            "composite_literal"
                if v.field("type").is_some_and(|t| {
                    t.k() == "map_type"
                        || (t.k() == "type_identifier"
                            && matches!(self.resolve(t), crate::semantic::Resolved::Package)
                            && matches!(
                                self.package.shape(self.text(t)),
                                crate::package::Shape::Map
                            ))
                }) =>
            {
                let ty = v.field("type").map_or("", |t| self.text(t));
                Some(format!("the map literal `{}{{...}}`", words(ty)))
            }
            _ => None,
        }
    }

    fn dereferenced_at(&self, n: Node<'_>) -> String {
        format!("it is dereferenced before, at line {}", self.line(n))
    }

    pub(super) fn line(&self, n: Node<'_>) -> usize {
        self.file.lines.line_col(n.start_byte()).0
    }

    pub(super) fn text_all(&self) -> &str {
        &self.file.text
    }
}

/// Does `node` (or, with `before`, the part of it that ends before that offset)
/// write `name`: assign, declare, increment, receive into or range over it?
fn written_in(node: Node<'_>, name: &str, text: &str, before: Option<usize>) -> bool {
    let is = |t: Node<'_>| {
        let t = unparen(t);
        t.k() == "identifier" && &text[t.byte_range()] == name
    };
    let mut hit = false;
    walk_all(node, &mut |n| {
        // Where the write happens: a type switch declares its alias before the cases.
        let at = match n.k() {
            "type_switch_statement" => n.field("alias").unwrap_or(n),
            _ => n,
        };
        if hit || before.is_some_and(|b| at.end_byte() > b) {
            return;
        }
        hit = match n.k() {
            "assignment_statement"
            | "short_var_declaration"
            | "range_clause"
            | "receive_statement" => n
                .field("left")
                .map(named_children)
                .unwrap_or_default()
                .into_iter()
                .any(is),
            "inc_statement" | "dec_statement" => n.named_child(0).is_some_and(is),
            "var_spec"
            | "const_spec"
            | "parameter_declaration"
            | "variadic_parameter_declaration" => {
                let mut c = n.walk();
                let found = n.children_by_field_name("name", &mut c).any(is);
                found
            }
            "type_switch_statement" => n
                .field("alias")
                .map(named_children)
                .unwrap_or_default()
                .into_iter()
                .any(is),
            _ => false,
        };
    });
    hit
}
