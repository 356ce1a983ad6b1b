//! Generated Go inputs of extreme shapes: what parser generators, tables and state
//! machines produce. Each is valid Go (`gofmt -e` and `go build` accept it) whose
//! size is a parameter, so a test can check that the tool finishes on it and a
//! benchmark can show how its time grows with the size. Shared by the end-to-end
//! test `shapes.rs` and the benchmark `benches/shapes.rs`.
//!
//! Every file also holds a function with a Safe fix (`defer mu.Unlock()` as the last
//! use of the mutex), so a rewrite run has something to write.

#![allow(dead_code)]

use std::fmt::Write as _;

/// One shape: a name and a generator from a size to a whole Go file.
pub struct Shape {
    pub name: &'static str,
    /// What the size counts.
    pub unit: &'static str,
    pub generate: fn(usize) -> String,
    /// Arguments of the run beyond the paths (e.g. `--list-defers`).
    pub args: &'static [&'static str],
}

/// All shapes, at the sizes the issue reported (the test) and a ladder of sizes for
/// the benchmark.
pub const SHAPES: &[Shape] = &[
    Shape {
        name: "else-if-chain",
        unit: "branches",
        generate: else_if_chain,
        args: &[],
    },
    Shape {
        name: "nested-blocks",
        unit: "blocks",
        generate: nested_blocks,
        args: &[],
    },
    Shape {
        name: "long-sum",
        unit: "terms",
        generate: long_sum,
        args: &[],
    },
    Shape {
        name: "nested-parens",
        unit: "parentheses",
        generate: nested_parens,
        args: &[],
    },
    Shape {
        name: "nested-func-literals",
        unit: "literals",
        generate: nested_func_literals,
        args: &[],
    },
    Shape {
        name: "many-returns",
        unit: "returns",
        generate: many_returns,
        args: &[],
    },
    Shape {
        name: "nested-func-literals-list",
        unit: "literals",
        generate: nested_func_literals,
        args: &["--list-defers"],
    },
];

const HEADER: &str = "package shapes\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nvar n int\n\n";

/// A function with a Safe fix, so that every file has something to rewrite.
const FIXABLE: &str = "func Fixable() int {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\treturn n\n}\n";

/// A function that holds the mutex (a deferred unlock) over an `else if` chain of
/// `size` branches.
pub fn else_if_chain(size: usize) -> String {
    let mut s = String::from(HEADER);
    s.push_str(FIXABLE);
    s.push_str("\nfunc Chain(x int) int {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\t");
    for i in 0..size {
        if i > 0 {
            s.push_str(" else ");
        }
        let _ = write!(s, "if x == {i} {{\n\t\tn += {i}\n\t}}");
    }
    s.push_str(" else {\n\t\tn = -1\n\t}\n\treturn n\n}\n");
    s
}

/// A function that holds the mutex over `size` nested blocks, with a return at the
/// bottom and the fixable shape at the bottom too.
pub fn nested_blocks(size: usize) -> String {
    let mut s = String::from(HEADER);
    s.push_str(FIXABLE);
    s.push_str("\nfunc Nested(x int) int {\n\tmu.Lock()\n\tdefer mu.Unlock()\n");
    for i in 0..size {
        let _ = writeln!(s, "if x > {i} {{");
    }
    s.push_str("return n\n");
    for _ in 0..size {
        s.push_str("}\n");
    }
    s.push_str("return 0\n}\n");
    s
}

/// `return n + n + … + n` with `size` terms, under a held mutex.
pub fn long_sum(size: usize) -> String {
    let mut s = String::from(HEADER);
    s.push_str(FIXABLE);
    s.push_str("\nfunc Sum() int {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\treturn n");
    for _ in 1..size {
        s.push_str(" + n");
    }
    s.push_str("\n}\n");
    s
}

/// `return ((…(n)…))` with `size` parentheses, under a held mutex.
pub fn nested_parens(size: usize) -> String {
    let mut s = String::from(HEADER);
    s.push_str(FIXABLE);
    s.push_str("\nfunc Parens() int {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\treturn ");
    s.push_str(&"(".repeat(size));
    s.push('n');
    s.push_str(&")".repeat(size));
    s.push_str("\n}\n");
    s
}

/// `size` nested func literals, each deferring an unlock of its own mutex.
pub fn nested_func_literals(size: usize) -> String {
    let mut s = String::from(HEADER);
    s.push_str(FIXABLE);
    s.push_str("\nfunc Literals() {\n");
    for _ in 0..size {
        s.push_str("func() {\nmu.Lock()\ndefer mu.Unlock()\n");
    }
    for _ in 0..size {
        s.push_str("}()\n");
    }
    s.push_str("}\n");
    s
}

/// A flat function (not deep at all) with `size` returns under a held mutex: every
/// return is an exit the rewrite must reach, and every name is resolved through one
/// long statement list.
pub fn many_returns(size: usize) -> String {
    let mut s = String::from(HEADER);
    s.push_str(FIXABLE);
    s.push_str("\nfunc Returns(x int) int {\n\tmu.Lock()\n\tdefer mu.Unlock()\n");
    for i in 0..size {
        let _ = write!(s, "\tif x == {i} {{\n\t\treturn n + {i}\n\t}}\n");
    }
    s.push_str("\treturn n\n}\n");
    s
}
