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

use crate::config::GoVersion;
use crate::model::{ExitKind, Function};
use crate::source::SourceFile;
use crate::syntax::{walk_all, walk_function};
use tree_sitter::Node;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Regime {
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
            Regime::OpenCoded => "open-coded",
            Regime::Stack => "stack",
            Regime::Heap => "heap",
        }
    }

    /// Estimated cost per execution over a direct call, in nanoseconds (an
    /// estimate from the Go proposal 34481 measurements, not a measurement here).
    pub fn estimated_ns(self) -> f64 {
        match self {
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

/// The cost of each defer of `func`, in the order of `func.defers`.
pub fn defer_costs(file: &SourceFile, func: &Function<'_>, build: Build) -> Vec<DeferCost> {
    let text = file.text.as_str();
    let looping = looping_label_starts(func, text);
    let in_loop: Vec<bool> = func
        .defers
        .iter()
        .map(|d| d.loop_depth > 0 || looping.iter().any(|&l| l < d.node.start_byte()))
        .collect();
    let n_defers = func.defers.len();
    let n_returns = func
        .exits
        .iter()
        .filter(|e| e.kind == ExitKind::Return)
        .count();

    // Conditions that disable open-coding for the whole function.
    let mut function_reasons = Vec::new();
    if n_defers > 8 {
        function_reasons.push(format!("the function has {n_defers} defers (more than 8)"));
    }
    if let Some(i) = in_loop.iter().position(|l| *l) {
        let (line, _) = file.lines.line_col(func.defers[i].node.start_byte());
        function_reasons.push(format!("the function has a defer in a loop (line {line})"));
    }
    if build.race {
        function_reasons.push("-race instruments the function's exits".to_string());
    }
    if let Some(r) = escaping_named_result(func, text) {
        function_reasons.push(format!("the named result `{r}` may escape to the heap"));
    }
    if n_returns * n_defers > 15 {
        function_reasons.push(format!(
            "{n_returns} returns × {n_defers} defers = {} > 15",
            n_returns * n_defers
        ));
    }

    let one = |i: usize| -> DeferCost {
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
                    "{n_defers} defer(s), {n_returns} return(s), no loop"
                )],
            }
        } else {
            DeferCost {
                regime: Regime::Stack,
                reasons: function_reasons.clone(),
            }
        }
    };
    (0..n_defers).map(one).collect()
}

/// Start offsets of labels that a later `goto` jumps back to (escape analysis
/// treats everything after such a label as a loop).
fn looping_label_starts(func: &Function<'_>, text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for label in &func.labels {
        let Some(name) = label
            .child_by_field_name("label")
            .map(|l| &text[l.byte_range()])
        else {
            continue;
        };
        let back = func.gotos.iter().any(|g| {
            g.start_byte() > label.start_byte()
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
/// statement. (Passed to a call, `&err` usually does not escape — the common
/// `defer handle(&err)` — and escape analysis agrees; this is an estimate.)
fn escaping_named_result(func: &Function<'_>, text: &str) -> Option<String> {
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
        if found.is_some() {
            return;
        }
        if n.kind() == "unary_expression" && n.child(0).is_some_and(|o| o.kind() == "&") {
            let op = n
                .child_by_field_name("operand")
                .map(|o| &text[o.byte_range()]);
            if let Some(name) = names.iter().find(|x| Some(**x) == op) {
                if escapes(n) {
                    found = Some(name.to_string());
                }
            }
        }
        if n.kind() == "func_literal" && escapes(n) {
            walk_all(n, &mut |m| {
                if found.is_none() && m.kind() == "identifier" {
                    if let Some(name) = names.iter().find(|x| **x == &text[m.byte_range()]) {
                        found = Some(name.to_string());
                    }
                }
            });
        }
    });
    found
}

/// Does the value of expression `e` leave the frame: returned, stored by an
/// assignment or declaration, sent, put in a composite literal, or passed to a
/// `go` statement?
fn escapes(e: Node<'_>) -> bool {
    let mut cur = e;
    while let Some(p) = cur.parent() {
        match p.kind() {
            "parenthesized_expression" | "expression_list" => cur = p,
            "return_statement" | "send_statement" | "literal_element" | "keyed_element"
            | "go_statement" | "var_spec" => return true,
            "assignment_statement" | "short_var_declaration" => {
                return p.child_by_field_name("right") == Some(cur)
            }
            "argument_list" => {
                return p
                    .parent()
                    .and_then(|c| c.parent())
                    .is_some_and(|s| s.kind() == "go_statement")
            }
            _ => return false,
        }
    }
    false
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
                    defer_costs(&file, f, build)
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
