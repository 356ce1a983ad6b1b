//! What a defer costs: the regime the Go compiler puts it in.
//!
//! From the compiler (cmd/compile/internal: walk/stmt.go, ssagen/ssa.go,
//! escape/escape.go) since Go 1.14, a function's defers are open-coded (inlined at
//! each exit, about a nanosecond) unless, for the whole function:
//! - it has more than 8 defers;
//! - one of its defers is in a loop (escape analysis: a `for` statement, or a label
//!   that a later `goto` jumps back to) — that defer gets a heap record per
//!   execution, and the others lose open-coding too;
//! - it is compiled with `-N`, or instrumented by `-race`;
//! - a named result escapes to the heap;
//! - returns × defers > 15 (each `return` statement counts; falling off the end
//!   does not).
//!
//! A defer that is not open-coded and not in a loop gets a stack-allocated record
//! (Go ≥ 1.13); before Go 1.13 every defer was heap-allocated. The per-site label
//! matches what `go build -gcflags=-d=defer` prints.
//!
//! Defers and returns in code the compiler removes before it counts them (a
//! constant-false branch, code after a terminating statement: see
//! [`crate::consts`]) are [`Regime::Removed`] and not counted. Over the standard
//! library this agrees with the compiler on every site (`scripts/defer-regimes.sh`).

use crate::config::GoVersion;
use crate::consts::removed_at;
use crate::model::{ExitKind, Function};
use crate::source::SourceFile;
use crate::syntax::NodeExt;
use crate::syntax::{walk_all, walk_function};
use std::ops::Range;
use tree_sitter::Node;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Regime {
    /// In code the compiler removes (a constant-false branch): no defer at all.
    Removed,
    /// Inlined at the exits: ~1–2 ns over a plain call.
    OpenCoded,
    /// A defer record on the stack: ~35 ns.
    Stack,
    /// A heap-allocated defer record: ~36–52 ns plus GC pressure.
    Heap,
}

impl Regime {
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Removed => "removed",
            Regime::OpenCoded => "open-coded",
            Regime::Stack => "stack",
            Regime::Heap => "heap",
        }
    }

    /// Estimated cost per execution over a direct call, in nanoseconds (an
    /// estimate from the Go proposal 34481 measurements, not a measurement here).
    pub fn estimated_ns(self) -> f64 {
        match self {
            Regime::Removed => 0.0,
            Regime::OpenCoded => 1.5,
            Regime::Stack => 35.0,
            Regime::Heap => 45.0,
        }
    }
}

/// The build a cost is computed for.
#[derive(Debug, Clone, Copy)]
pub struct Build {
    pub go: GoVersion,
    /// Compiled with `-race`.
    pub race: bool,
}

/// The regime of one defer and the conditions that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeferCost {
    pub regime: Regime,
    pub reasons: Vec<String>,
}

/// The cost of each defer of `func`, in the order of `func.defers`. `removed` is
/// the code the compiler drops ([`crate::consts::removed_ranges`]; empty when
/// unknown): defers there are [`Regime::Removed`], and neither they nor the
/// returns there count.
///
/// `decls` is the file's [`FileDecls`], made once per file.
pub fn defer_costs(
    file: &SourceFile,
    decls: &FileDecls<'_>,
    func: &Function<'_>,
    build: Build,
    removed: &[(Range<usize>, String)],
) -> Vec<DeferCost> {
    let text = file.text.as_str();
    let live = |offset: usize| removed_at(removed, offset).is_none();
    let looping = looping_label_starts(func, text, &live);
    let in_loop: Vec<bool> = func
        .defers
        .iter()
        .map(|d| d.loop_depth > 0 || looping.iter().any(|&l| l < d.node.start_byte()))
        .collect();
    let n_defers = func
        .defers
        .iter()
        .filter(|d| live(d.node.start_byte()))
        .count();
    let n_returns = func
        .exits
        .iter()
        .filter(|e| e.kind == ExitKind::Return && live(e.offset))
        .count();

    // Conditions that disable open-coding for the whole function.
    let mut function_reasons = Vec::new();
    if n_defers > 8 {
        function_reasons.push(format!("the function has {n_defers} defers (more than 8)"));
    }
    if let Some(i) =
        (0..func.defers.len()).find(|&i| in_loop[i] && live(func.defers[i].node.start_byte()))
    {
        let (line, _) = file.lines.line_col(func.defers[i].node.start_byte());
        function_reasons.push(format!("the function has a defer in a loop (line {line})"));
    }
    if build.race {
        function_reasons.push("-race instruments the function's exits".to_string());
    }
    if let Some(r) = escaping_named_result(func, text, decls, &live) {
        function_reasons.push(format!("the named result `{r}` may escape to the heap"));
    }
    if n_returns * n_defers > 15 {
        function_reasons.push(format!(
            "{n_returns} returns × {n_defers} defers = {} > 15",
            n_returns * n_defers
        ));
    }

    let one = |i: usize| -> DeferCost {
        if let Some(why) = removed_at(removed, func.defers[i].node.start_byte()) {
            return DeferCost {
                regime: Regime::Removed,
                reasons: vec![why.to_string()],
            };
        }
        if build.go
            < (GoVersion {
                major: 1,
                minor: 13,
            })
        {
            return DeferCost {
                regime: Regime::Heap,
                reasons: vec![format!("Go {} heap-allocates every defer", build.go)],
            };
        }
        if in_loop[i] {
            let why = if func.defers[i].loop_depth > 0 {
                "the defer is in a loop"
            } else {
                "the defer follows a label that a later goto jumps back to"
            };
            return DeferCost {
                regime: Regime::Heap,
                reasons: vec![format!(
                    "{why}: one heap record per execution, run at function exit"
                )],
            };
        }
        if build.go
            < (GoVersion {
                major: 1,
                minor: 14,
            })
        {
            return DeferCost {
                regime: Regime::Stack,
                reasons: vec![format!("Go {} has no open-coded defers", build.go)],
            };
        }
        if function_reasons.is_empty() {
            DeferCost {
                regime: Regime::OpenCoded,
                reasons: vec![format!(
                    "{n_defers} {}, {n_returns} {}, no loop",
                    if n_defers == 1 { "defer" } else { "defers" },
                    if n_returns == 1 { "return" } else { "returns" }
                )],
            }
        } else {
            DeferCost {
                regime: Regime::Stack,
                reasons: function_reasons.clone(),
            }
        }
    };
    (0..func.defers.len()).map(one).collect()
}

/// Start offsets of labels that a later `goto` jumps back to (escape analysis
/// treats everything after such a label as a loop).
fn looping_label_starts(
    func: &Function<'_>,
    text: &str,
    live: &impl Fn(usize) -> bool,
) -> Vec<usize> {
    let mut out = Vec::new();
    for label in &func.labels {
        let Some(name) = label.field("label").map(|l| &text[l.byte_range()]) else {
            continue;
        };
        let back = func.gotos.iter().any(|g| {
            g.start_byte() > label.start_byte()
                && live(g.start_byte())
                && g.named_child(0)
                    .is_some_and(|l| &text[l.byte_range()] == name)
        });
        if back {
            out.push(label.start_byte());
        }
    }
    out
}

/// A named result that may live on the heap: its address, or a closure capturing
/// it, is returned, stored, sent, put in a composite literal or handed to a `go`
/// statement; or its address is passed to a function of the same file that takes
/// an interface there (`callLocked(ctx, c, &resp)` with `resp any`). Passed to
/// another call, `&err` usually does not escape — the common `defer handle(&err)`
/// — and escape analysis agrees; a closure kept in a local that is only ever
/// called does not escape either. This is an estimate: the compiler also looks at
/// what the callee does with the pointer.
fn escaping_named_result(
    func: &Function<'_>,
    text: &str,
    decls: &FileDecls<'_>,
    live: &impl Fn(usize) -> bool,
) -> Option<String> {
    let names: Vec<&str> = func
        .results
        .iter()
        .filter_map(|p| p.name.as_deref())
        .filter(|n| *n != "_")
        .collect();
    if names.is_empty() {
        return None;
    }
    let mut found = None;
    walk_function(func.body, &mut |n| {
        if found.is_some() || !live(n.start_byte()) {
            return;
        }
        if n.k() == "unary_expression" && n.child(0).is_some_and(|o| o.k() == "&") {
            let op = n.field("operand").map(|o| &text[o.byte_range()]);
            if let Some(name) = names.iter().find(|x| Some(**x) == op) {
                if escapes(n, func, text) || passed_as_interface(n, text, decls) {
                    found = Some(name.to_string());
                }
            }
        }
        if n.k() == "func_literal" && escapes(n, func, text) {
            let own = declared_in(n, text);
            walk_all(n, &mut |m| {
                if found.is_none() && m.k() == "identifier" {
                    let id = &text[m.byte_range()];
                    if let Some(name) = names.iter().find(|x| **x == id) {
                        if !own.iter().any(|o| o == id) {
                            found = Some(name.to_string());
                        }
                    }
                }
            });
        }
    });
    found
}

/// Names a func literal declares itself (parameters, `:=`, `var`): uses of those
/// names inside it are not the enclosing function's variables.
fn declared_in(lit: Node<'_>, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    walk_all(lit, &mut |n| {
        let names: Vec<Node<'_>> = match n.k() {
            "parameter_declaration" | "variadic_parameter_declaration" | "var_spec" => {
                let mut c = n.walk();
                n.children_by_field_name("name", &mut c).collect()
            }
            "short_var_declaration" | "range_clause" => n
                .field("left")
                .map(|l| {
                    let mut c = l.walk();
                    l.named_children(&mut c).collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        out.extend(names.iter().map(|m| text[m.byte_range()].to_string()));
    });
    out
}

/// `&x` passed to a function or method declared in this file whose parameter at
/// that position has an interface type (the pointer is converted and usually
/// kept by the callee).
fn passed_as_interface(amp: Node<'_>, text: &str, decls: &FileDecls<'_>) -> bool {
    let Some(args) = amp.parent().filter(|p| p.k() == "argument_list") else {
        return false;
    };
    let Some(call) = args.parent().filter(|c| c.k() == "call_expression") else {
        return false;
    };
    let mut cursor = args.walk();
    let Some(index) = args
        .named_children(&mut cursor)
        .filter(|c| c.k() != "comment")
        .position(|c| c == amp)
    else {
        return false;
    };
    let Some(callee) = call.field("function") else {
        return false;
    };
    let (kind, name) = match callee.k() {
        "identifier" => ("function_declaration", &text[callee.byte_range()]),
        "selector_expression" => match callee.field("field") {
            Some(f) => ("method_declaration", &text[f.byte_range()]),
            None => return false,
        },
        _ => return false,
    };
    let Some(decl) = decls.unique(kind, name) else {
        return false;
    };
    let Some(params) = decl.field("parameters") else {
        return false;
    };
    let mut types = Vec::new();
    let mut cursor = params.walk();
    for p in params.named_children(&mut cursor) {
        let Some(ty) = p.field("type") else {
            continue;
        };
        let mut c = p.walk();
        let count = p.children_by_field_name("name", &mut c).count().max(1);
        for _ in 0..count {
            types.push(crate::syntax::squash(&text[ty.byte_range()]));
        }
    }
    types
        .get(index)
        .is_some_and(|t| t == "any" || t.starts_with("interface{"))
}

/// Does the value of expression `e` leave the frame of `func`: returned, stored by
/// an assignment or declaration, sent, put in a composite literal, or passed to a
/// `go` statement? A func literal kept in a local (`f := func() {...}`) escapes
/// only when that local is used other than by calling it.
fn escapes(e: Node<'_>, func: &Function<'_>, text: &str) -> bool {
    let mut cur = e;
    while let Some(p) = cur.parent() {
        match p.k() {
            "parenthesized_expression" | "expression_list" => cur = p,
            "return_statement" | "send_statement" | "literal_element" | "keyed_element"
            | "go_statement" | "var_spec" => return true,
            "assignment_statement" | "short_var_declaration" => {
                if p.field("right") != Some(cur) {
                    return false;
                }
                if e.k() == "func_literal" {
                    if let Some(local) = single_local(p, text) {
                        return local_escapes(func, text, local, p);
                    }
                }
                return true;
            }
            "argument_list" => {
                return p
                    .parent()
                    .and_then(|c| c.parent())
                    .is_some_and(|s| s.k() == "go_statement")
            }
            _ => return false,
        }
    }
    false
}

/// The one plain name on the left of `f := ...` / `f = ...`.
fn single_local<'a>(assign: Node<'_>, text: &'a str) -> Option<&'a str> {
    let left = assign.field("left")?;
    let mut c = left.walk();
    let names: Vec<Node<'_>> = left.named_children(&mut c).collect();
    match names.as_slice() {
        [n] if n.k() == "identifier" => Some(&text[n.byte_range()]),
        _ => None,
    }
}

/// Is the local `name` (bound by `binding`) used anywhere but as the callee of a call?
fn local_escapes(func: &Function<'_>, text: &str, name: &str, binding: Node<'_>) -> bool {
    let left = binding.field("left");
    let mut other_use = false;
    walk_all(func.body, &mut |n| {
        if other_use || n.k() != "identifier" || &text[n.byte_range()] != name {
            return;
        }
        if left.is_some_and(|l| l.start_byte() <= n.start_byte() && n.end_byte() <= l.end_byte()) {
            return;
        }
        let called = n
            .parent()
            .is_some_and(|p| p.k() == "call_expression" && p.field("function") == Some(n));
        if !called {
            other_use = true;
        }
    });
    other_use
}

/// The function and method declarations of a file by name, indexed on first use
/// (looking a callee up by scanning the file's declarations at each call is
/// quadratic on generated files with thousands of functions).
pub struct FileDecls<'t> {
    root: Node<'t>,
    text: &'t str,
    index:
        std::sync::OnceLock<std::collections::HashMap<(&'static str, &'t str), Option<Node<'t>>>>,
}

impl<'t> FileDecls<'t> {
    pub fn new(file: &'t SourceFile) -> Self {
        FileDecls {
            root: file.root(),
            text: &file.text,
            index: std::sync::OnceLock::new(),
        }
    }

    /// The only `function_declaration` or `method_declaration` (as `kind` says)
    /// named `name` in the file; None when there is none or more than one.
    pub fn unique(&self, kind: &str, name: &str) -> Option<Node<'t>> {
        let index = self.index.get_or_init(|| {
            let mut index = std::collections::HashMap::new();
            for d in crate::syntax::named_children(self.root) {
                let kind: &'static str = match d.k() {
                    "function_declaration" => "function_declaration",
                    "method_declaration" => "method_declaration",
                    _ => continue,
                };
                let Some(n) = d.field("name") else {
                    continue;
                };
                index
                    .entry((kind, &self.text[n.byte_range()]))
                    .and_modify(|e| *e = None)
                    .or_insert(Some(d));
            }
            index
        });
        index.get(&(kind, name)).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileModel;

    fn regimes(src: &str, build: Build) -> Vec<(String, Vec<Regime>)> {
        let file = SourceFile::parse("a.go", src.to_string());
        let model = FileModel::build(&file);
        model
            .functions
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    defer_costs(&file, &FileDecls::new(&file), f, build, &[])
                        .into_iter()
                        .map(|c| c.regime)
                        .collect(),
                )
            })
            .collect()
    }

    const GO122: Build = Build {
        go: GoVersion {
            major: 1,
            minor: 22,
        },
        race: false,
    };

    #[test]
    fn the_compiler_conditions() {
        let src = r#"package p
func Open() { defer a(); defer b() }
func Loop(xs []int) {
	defer a()
	for range xs {
		defer b()
	}
}
func Many() {
	defer a(); defer a(); defer a(); defer a(); defer a(); defer a(); defer a(); defer a(); defer a()
}
func Returns(x int) int {
	defer a()
	defer b()
	switch x {
	case 1: return 1
	case 2: return 2
	case 3: return 3
	case 4: return 4
	case 5: return 5
	case 6: return 6
	case 7: return 7
	}
	return 0
}
func Back() {
L:
	defer a()
	if c() {
		goto L
	}
}
"#;
        let r = regimes(src, GO122);
        use Regime::*;
        assert_eq!(r[0].1, vec![OpenCoded, OpenCoded]);
        assert_eq!(r[1].1, vec![Stack, Heap]);
        assert_eq!(r[2].1, vec![Stack; 9]);
        assert_eq!(r[3].1, vec![Stack, Stack]);
        assert_eq!(r[4].1, vec![Heap]);
    }

    #[test]
    fn removed_code_has_no_regime_and_does_not_count() {
        let src = r#"package p
const debug = false
func F(x int) (n int) {
	defer a()
	if debug {
		defer b()
		return 1
	}
	switch x {
	case 1: return 1
	case 2: return 2
	case 3: return 3
	case 4: return 4
	case 5: return 5
	case 6: return 6
	case 7: return 7
	}
	return 0
}
func G() (out []int) {
	add := func(v int) { out = append(out, v) }
	defer a()
	add(1)
	return
}
func H() (out []int) {
	add := func(v int) { out = append(out, v) }
	defer a()
	keep(add)
	return
}
func decode(v any) {}
func I() (resp [4]int) {
	defer a()
	decode(&resp)
	return
}
"#;
        let file = SourceFile::parse("a.go", src.to_string());
        let env = crate::consts::ConstEnv::build(&[&file], &crate::consts::Target::default());
        let removed = crate::consts::removed_ranges(&file, &env);
        let model = FileModel::build(&file);
        let costs: Vec<Vec<Regime>> = model
            .functions
            .iter()
            .filter(|f| !f.defers.is_empty())
            .map(|f| {
                defer_costs(&file, &FileDecls::new(&file), f, GO122, &removed)
                    .into_iter()
                    .map(|c| c.regime)
                    .collect()
            })
            .collect();
        use Regime::*;
        // 8 live returns × 1 live defer = 8: open-coded; the removed defer and
        // return do not count (with them: 9 × 2 = 18 > 15).
        assert_eq!(costs[0], vec![OpenCoded, Removed]);
        assert_eq!(
            defer_costs(
                &file,
                &FileDecls::new(&file),
                &model.functions[0],
                GO122,
                &[]
            )
            .into_iter()
            .map(|c| c.regime)
            .collect::<Vec<_>>(),
            vec![Stack, Stack]
        );
        // A closure in a local that is only called keeps `out` on the stack.
        assert_eq!(costs[1], vec![OpenCoded]);
        // Handed to another function, it may escape.
        assert_eq!(costs[2], vec![Stack]);
        // `&resp` converted to `any` for a function of the file: may escape.
        assert_eq!(costs[3], vec![Stack]);
    }

    #[test]
    fn versions_race_and_escaping_results() {
        let src = "package p\nfunc F() (err error) {\n\tdefer a()\n\tp := &err\n\tkeep(p)\n\treturn\n}\nfunc G() { defer a() }\nfunc H() (err error) {\n\tdefer handle(&err)\n\treturn\n}\n";
        let r = regimes(src, GO122);
        assert_eq!(r[0].1, vec![Regime::Stack]);
        assert_eq!(r[1].1, vec![Regime::OpenCoded]);
        assert_eq!(
            r[2].1,
            vec![Regime::OpenCoded],
            "`defer handle(&err)` keeps err on the stack"
        );
        let race = Build {
            race: true,
            ..GO122
        };
        assert_eq!(regimes(src, race)[1].1, vec![Regime::Stack]);
        let go113 = Build {
            go: GoVersion {
                major: 1,
                minor: 13,
            },
            race: false,
        };
        assert_eq!(regimes(src, go113)[1].1, vec![Regime::Stack]);
        let go112 = Build {
            go: GoVersion {
                major: 1,
                minor: 12,
            },
            race: false,
        };
        assert_eq!(regimes(src, go112)[1].1, vec![Regime::Heap]);
    }
}
