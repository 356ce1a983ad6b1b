//! Which state a resource can be in at each exit of a function: a small abstract
//! interpreter over Go statements, path-sensitive only in the sense that it keeps
//! the set of states every path may bring to a point.
//!
//! A resource is a lock or a transaction; its state is [`OPEN`] (held, not yet
//! committed) or [`DONE`] (released, committed or rolled back). A [`Tracker`]
//! says what each call (and each other use) does to it; a tracker may add states
//! of its own that remember a condition, which `if` branches refine and writes
//! forget ([`Tracker::excludes`], [`Tracker::forgets`]). Branches join by union,
//! loops are iterated until the states stop growing, `break`/`continue` (with or
//! without labels) carry their state to the loop or switch they leave. The result
//! is, for every `return` and for the end of the body when control reaches it, the
//! set of states paths may bring there.
//!
//! Used by DR002 (is Commit called on every path to an exit, or on none?) and DR004
//! (is a lock or a transaction left open at some exit?), and so the same analysis
//! that finds leaks in hand-written code checks our own rewrites.

use crate::syntax::NodeExt;
use crate::syntax::{is_panic_call, named_children, unparen, walk_function};
use std::collections::HashMap;
use tree_sitter::Node;

/// The resource is held / the transaction is neither committed nor rolled back.
pub const OPEN: u8 = 1;
/// The resource is released / the transaction is committed or rolled back.
pub const DONE: u8 = 2;

/// What uses of the resource do.
pub trait Tracker<'t> {
    /// The state after `node` is evaluated (a call, or an identifier that hands the
    /// resource elsewhere), or `None` when it does not touch the resource.
    fn effect(&self, node: Node<'t>) -> Option<u8>;
    /// For an `if` condition: the state the consequence starts in, when the
    /// condition tells (e.g. `err != nil` right after `tx, err := db.Begin()`).
    fn guard(&self, _cond: Node<'t>) -> Option<u8> {
        None
    }
    /// For an `if` condition: the states no path on which it evaluates to `taken`
    /// can be in (that branch starts without them). For a tracker whose states
    /// remember a condition: "held, and C is true" cannot take the branch of `!C`.
    fn excludes(&self, _cond: Node<'t>, _taken: bool) -> u8 {
        0
    }
    /// For a node `effect` leaves alone that may falsify what some states
    /// remember (an assignment to a variable of the condition): `(from, to)`,
    /// every state in `from` becomes `to`. Also asked of a range clause before
    /// each iteration, which assigns the loop's variables.
    fn forgets(&self, _node: Node<'t>) -> Option<(u8, u8)> {
        None
    }
}

/// The states `s` after a step that turns the states in `from` into `to`.
fn replace(s: u8, from: u8, to: u8) -> u8 {
    if s & from == 0 {
        s
    } else {
        (s & !from) | to
    }
}

/// The states reaching each exit.
#[derive(Debug, Default)]
pub struct ExitStates<'t> {
    /// Each `return` (in source order) and the states it may see after its
    /// expressions are evaluated.
    pub returns: Vec<(Node<'t>, u8)>,
    /// The states at the end of the body, when control can reach it (0 otherwise).
    pub fall_through: u8,
}

impl<'t> ExitStates<'t> {
    /// The states at a given `return`.
    pub fn at(&self, ret: Node<'t>) -> u8 {
        self.returns
            .iter()
            .find(|(n, _)| *n == ret)
            .map_or(0, |(_, s)| *s)
    }
}

#[derive(Default)]
struct Target {
    label: Option<String>,
    is_loop: bool,
    breaks: u8,
    continues: u8,
}

struct Interp<'a, 't> {
    text: &'a str,
    tracker: &'a dyn Tracker<'t>,
    returns: HashMap<usize, (Node<'t>, u8)>,
    targets: Vec<Target>,
}

/// Run the interpreter over a function body (`block`), starting in `start`.
/// Functions with `goto` should not be analysed (their jumps are not followed).
pub fn exit_states<'t>(
    body: Node<'t>,
    text: &str,
    tracker: &dyn Tracker<'t>,
    start: u8,
) -> ExitStates<'t> {
    let mut it = Interp {
        text,
        tracker,
        returns: HashMap::new(),
        targets: Vec::new(),
    };
    let fall_through = it.block(body, start, None);
    let mut returns: Vec<(Node<'t>, u8)> = it.returns.into_values().collect();
    returns.sort_by_key(|(n, _)| n.start_byte());
    ExitStates {
        returns,
        fall_through,
    }
}

impl<'t> Interp<'_, 't> {
    /// Apply the effects of everything `node` evaluates, innermost first, not
    /// entering func literals (their bodies run some other time).
    fn eval(&self, node: Node<'t>, mut s: u8) -> u8 {
        if s == 0 {
            return 0;
        }
        // (end, start, from, to): an effect turns every state into its own.
        let mut hits: Vec<(usize, usize, u8, u8)> = Vec::new();
        walk_function(node, &mut |n| {
            if n.k() == "func_literal" && n != node {
                return;
            }
            if let Some(e) = self.tracker.effect(n) {
                hits.push((n.end_byte(), n.start_byte(), u8::MAX, e));
            } else if let Some((from, to)) = self.tracker.forgets(n) {
                hits.push((n.end_byte(), n.start_byte(), from, to));
            }
        });
        // Operands before the operation: by end, inner (later start) first.
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        for (_, _, from, to) in hits {
            s = replace(s, from, to);
        }
        s
    }

    fn block(&mut self, block: Node<'t>, s: u8, skip_to: Option<usize>) -> u8 {
        let mut s = s;
        for st in crate::syntax::statements(block) {
            if skip_to.is_some_and(|at| st.start_byte() < at) {
                continue;
            }
            s = self.stmt(st, s);
        }
        s
    }

    fn label_of(&self, n: Node<'t>) -> Option<String> {
        n.parent()
            .filter(|p| p.k() == "labeled_statement")
            .and_then(|p| p.field("label"))
            .map(|l| self.text[l.byte_range()].to_string())
    }

    fn target_index(&self, label: Option<&str>, for_continue: bool) -> Option<usize> {
        self.targets.iter().rposition(|t| match label {
            Some(l) => t.label.as_deref() == Some(l),
            None => !for_continue || t.is_loop,
        })
    }

    fn stmt(&mut self, n: Node<'t>, s: u8) -> u8 {
        if s == 0 {
            return 0;
        }
        match n.k() {
            "return_statement" => {
                let after = self.eval(n, s);
                let e = self.returns.entry(n.id()).or_insert((n, 0));
                e.1 |= after;
                0
            }
            "block" => self.block(n, s, None),
            "labeled_statement" => match named_children(n)
                .into_iter()
                .find(|c| c.k() != "label_name")
            {
                Some(inner) => self.stmt(inner, s),
                None => s,
            },
            "if_statement" => {
                let mut s = s;
                if let Some(init) = n.field("initializer") {
                    s = self.stmt(init, s);
                }
                let cond = n.field("condition");
                if let Some(c) = cond {
                    s = self.eval(c, s);
                }
                let start = match cond.and_then(|c| self.tracker.guard(c)) {
                    Some(g) if s != 0 => g,
                    _ => s,
                };
                let (start, other) = match cond {
                    Some(c) => (
                        start & !self.tracker.excludes(c, true),
                        s & !self.tracker.excludes(c, false),
                    ),
                    None => (start, s),
                };
                let cons = n
                    .field("consequence")
                    .map_or(start, |c| self.stmt(c, start));
                let alt = n
                    .field("alternative")
                    .map_or(other, |a| self.stmt(a, other));
                cons | alt
            }
            "for_statement" => self.for_stmt(n, s),
            "expression_switch_statement" | "type_switch_statement" => self.switch_stmt(n, s),
            "select_statement" => {
                self.targets.push(Target {
                    label: self.label_of(n),
                    ..Target::default()
                });
                let mut out = 0;
                for case in named_children(n) {
                    if !matches!(case.k(), "communication_case" | "default_case") {
                        continue;
                    }
                    let mut cs = s;
                    if let Some(comm) = case.field("communication") {
                        cs = self.eval(comm, cs);
                    }
                    out |= self.block(case, cs, None);
                }
                let t = self.targets.pop().unwrap_or_default();
                out | t.breaks
            }
            "break_statement" | "continue_statement" => {
                let label = n
                    .named_child(0)
                    .map(|l| self.text[l.byte_range()].to_string());
                let cont = n.k() == "continue_statement";
                if let Some(i) = self.target_index(label.as_deref(), cont) {
                    if cont {
                        self.targets[i].continues |= s;
                    } else {
                        self.targets[i].breaks |= s;
                    }
                }
                0
            }
            "goto_statement" => 0,
            "fallthrough_statement" => s,
            "expression_statement" => {
                let after = self.eval(n, s);
                let e = n.named_child(0).map(unparen);
                if e.is_some_and(|e| is_panic_call(e, self.text) || self.ends_process(e)) {
                    0
                } else {
                    after
                }
            }
            _ => self.eval(n, s),
        }
    }

    /// `os.Exit`, `log.Fatal*`, `runtime.Goexit`, `t.FailNow`-like: control does not continue.
    fn ends_process(&self, e: Node<'t>) -> bool {
        if e.k() != "call_expression" {
            return false;
        }
        let Some(f) = e.field("function").map(unparen) else {
            return false;
        };
        if f.k() != "selector_expression" {
            return false;
        }
        let (Some(op), Some(field)) = (f.field("operand"), f.field("field")) else {
            return false;
        };
        matches!(
            (&self.text[op.byte_range()], &self.text[field.byte_range()]),
            ("os", "Exit")
                | (
                    "log",
                    "Fatal" | "Fatalf" | "Fatalln" | "Panic" | "Panicf" | "Panicln"
                )
                | ("runtime", "Goexit")
        )
    }

    fn for_stmt(&mut self, n: Node<'t>, s: u8) -> u8 {
        let clause = named_children(n)
            .into_iter()
            .find(|c| matches!(c.k(), "for_clause" | "range_clause"));
        let bare_cond = named_children(n)
            .into_iter()
            .find(|c| !matches!(c.k(), "for_clause" | "range_clause" | "block"));
        let mut entry = s;
        let mut cond = None;
        let mut update = None;
        match clause {
            Some(c) if c.k() == "for_clause" => {
                if let Some(init) = c.field("initializer") {
                    entry = self.stmt(init, entry);
                }
                cond = c.field("condition");
                update = c.field("update");
            }
            Some(c) => {
                if let Some(r) = c.field("right") {
                    entry = self.eval(r, entry);
                }
            }
            None => cond = bare_cond,
        }
        let can_skip = clause.is_some_and(|c| c.k() == "range_clause") || cond.is_some();
        let body = n.field("body");
        let label = self.label_of(n);
        let mut out = 0;
        // Iterate until the set of states at the loop head stops growing (each
        // round but the last adds a state: four rounds cover trackers of up to
        // four states).
        for _ in 0..4 {
            let head = match cond {
                Some(c) => self.eval(c, entry),
                // A range clause assigns its variables before each iteration.
                None => match clause
                    .filter(|c| c.k() == "range_clause")
                    .and_then(|c| self.tracker.forgets(c))
                {
                    Some((from, to)) => replace(entry, from, to),
                    None => entry,
                },
            };
            self.targets.push(Target {
                label: label.clone(),
                is_loop: true,
                ..Target::default()
            });
            let end = body.map_or(head, |b| self.block(b, head, None));
            let t = self.targets.pop().unwrap_or_default();
            let mut back = end | t.continues;
            if let Some(u) = update {
                back = self.stmt(u, back);
            }
            out = t.breaks | if can_skip { head } else { 0 };
            let next = entry | back;
            if next == entry {
                break;
            }
            entry = next;
        }
        out
    }

    fn switch_stmt(&mut self, n: Node<'t>, s: u8) -> u8 {
        let mut s = s;
        if let Some(init) = n.field("initializer") {
            s = self.stmt(init, s);
        }
        if let Some(v) = n.field("value") {
            s = self.eval(v, s);
        }
        self.targets.push(Target {
            label: self.label_of(n),
            ..Target::default()
        });
        let cases: Vec<Node<'t>> = named_children(n)
            .into_iter()
            .filter(|c| matches!(c.k(), "expression_case" | "type_case" | "default_case"))
            .collect();
        let has_default = cases.iter().any(|c| c.k() == "default_case");
        let mut out = if has_default { 0 } else { s };
        let mut carried = 0;
        for case in cases {
            let start = s | carried;
            let end = self.block(case, start, None);
            let falls = crate::syntax::statements(case)
                .last()
                .is_some_and(|l| l.k() == "fallthrough_statement");
            if falls {
                carried = end;
            } else {
                carried = 0;
                out |= end;
            }
        }
        let t = self.targets.pop().unwrap_or_default();
        out | t.breaks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileModel;
    use crate::source::SourceFile;

    /// `lock()` opens, `unlock()` closes.
    struct Calls<'a>(&'a str);
    impl<'t> Tracker<'t> for Calls<'_> {
        fn effect(&self, n: Node<'t>) -> Option<u8> {
            if n.k() != "call_expression" {
                return None;
            }
            match &self.0[n.field("function")?.byte_range()] {
                "lock" => Some(OPEN),
                "unlock" => Some(DONE),
                _ => None,
            }
        }
    }

    fn states(body: &str) -> (Vec<u8>, u8) {
        let src = format!("package p\nfunc f() {{\n{body}\n}}\n");
        let file = SourceFile::parse("a.go", src.clone());
        let model = FileModel::build(&file);
        let f = &model.functions[0];
        let st = exit_states(f.body, &file.text, &Calls(&file.text), DONE);
        (
            st.returns.iter().map(|(_, s)| *s).collect(),
            st.fall_through,
        )
    }

    #[test]
    fn branches_join() {
        assert_eq!(
            states("lock()\nif a { unlock()\nreturn }\nif b { return }\nunlock()"),
            (vec![DONE, OPEN], DONE)
        );
        assert_eq!(
            states("lock()\nif a { unlock() } else { x() }\nreturn"),
            (vec![OPEN | DONE], 0)
        );
    }

    #[test]
    fn loops_and_breaks() {
        // The loop may run zero times.
        assert_eq!(states("for a { lock() }\nreturn"), (vec![OPEN | DONE], 0));
        // An infinite loop left only by break.
        assert_eq!(
            states("lock()\nfor {\nif a { unlock()\nbreak }\n}\nreturn"),
            (vec![DONE], 0)
        );
        // continue carries to the next iteration, where unlock happens.
        assert_eq!(
            states("for i := 0; i < 3; i++ {\nlock()\nif a { unlock()\ncontinue }\nunlock()\n}"),
            (vec![], DONE)
        );
        // A labelled break out of a select inside a loop.
        assert_eq!(
            states("lock()\nL:\nfor {\nselect {\ncase <-c:\nunlock()\nbreak L\n}\n}"),
            (vec![], DONE)
        );
    }

    #[test]
    fn switch_fallthrough_and_panics() {
        assert_eq!(
            states("lock()\nswitch x {\ncase 1:\nfallthrough\ncase 2:\nunlock()\ndefault:\npanic(1)\n}"),
            (vec![], DONE)
        );
        assert_eq!(
            states("lock()\nswitch x {\ncase 1:\nunlock()\n}"),
            (vec![], OPEN | DONE)
        );
    }

    /// `lock()` right under `if c` leaves 4 (held while `c` is true); `if c`
    /// excludes 4 from its other branch, and an assignment to `c` (a range
    /// clause's included) turns 4 into OPEN.
    struct UnderC<'a>(&'a str);
    impl<'t> Tracker<'t> for UnderC<'_> {
        fn effect(&self, n: Node<'t>) -> Option<u8> {
            let e = Calls(self.0).effect(n)?;
            let mut up = n.parent();
            while up.is_some_and(|p| p.k() != "if_statement") {
                up = up.and_then(|p| p.parent());
            }
            let under_c = up
                .and_then(|p| p.field("condition"))
                .is_some_and(|c| &self.0[c.byte_range()] == "c");
            Some(if e == OPEN && under_c { 4 } else { e })
        }
        fn excludes(&self, cond: Node<'t>, taken: bool) -> u8 {
            if !taken && &self.0[cond.byte_range()] == "c" {
                4
            } else {
                0
            }
        }
        fn forgets(&self, n: Node<'t>) -> Option<(u8, u8)> {
            let left = n
                .field("left")
                .filter(|_| matches!(n.k(), "assignment_statement" | "range_clause"))?;
            self.0[left.byte_range()]
                .split(", ")
                .any(|t| t == "c")
                .then_some((4, OPEN))
        }
    }

    fn states_under_c(body: &str) -> (Vec<u8>, u8) {
        let src = format!("package p\nfunc f() {{\n{body}\n}}\n");
        let file = SourceFile::parse("a.go", src.clone());
        let model = FileModel::build(&file);
        let st = exit_states(
            model.functions[0].body,
            &file.text,
            &UnderC(&file.text),
            DONE,
        );
        (
            st.returns.iter().map(|(_, s)| *s).collect(),
            st.fall_through,
        )
    }

    #[test]
    fn remembered_conditions() {
        // Taken and released under the same `if`: the other branch has no lock.
        assert_eq!(
            states_under_c("for _, x := range xs {\nif c { lock() }\nuse(x)\nif c { unlock() }\n}"),
            (vec![], DONE)
        );
        // Changed in between: the release may be skipped.
        assert_eq!(
            states_under_c("if c { lock() }\nc = false\nif c { unlock() }"),
            (vec![], OPEN | DONE)
        );
        // A range clause assigns `c` before each iteration, so the `if c` after
        // the loop may read another value than the one the lock was taken under.
        assert_eq!(
            states_under_c("for _, c = range cs {\nif c { lock() }\n}\nif c { unlock() }"),
            (vec![], OPEN | DONE)
        );
    }

    #[test]
    fn effects_inside_returns_and_literals() {
        // A call in the return expression happens before the function returns.
        assert_eq!(states("lock()\nreturn unlock()").0, vec![DONE]);
        // A func literal's body runs some other time.
        assert_eq!(
            states("lock()\ng := func() { unlock() }\nreturn g").0,
            vec![OPEN]
        );
    }
}
