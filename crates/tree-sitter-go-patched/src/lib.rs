//! The Go grammar for tree-sitter that go-defer-rewriter parses with: upstream
//! [tree-sitter-go] 0.25.0 with what Go 1.26 code needs, until upstream has it.
//!
//! - Go 1.26 lets the argument of `new` be an expression (`new(x + 1)`,
//!   `new(int64(n))`, `new(f())`); upstream 0.25.0 accepts only a type there and
//!   reports a syntax error. Here such a call parses as a `call_expression` whose
//!   `function` is the `identifier` `new` and whose `arguments` is an
//!   `argument_list` holding the expression: the shape of `new(T)`, and of every
//!   other call. Where a text reads as both a type and an expression (`new(T)`,
//!   `new(p.T)`, `new(*T)`, `new(m[K])`), it is a type, as upstream parses it.
//! - Any argument of `new` or `make` may be variadic (`new(v, opts...)`): a
//!   package may declare a `new` or `make` of its own.
//!
//! Node kinds and field names are upstream's, and every file upstream parses
//! without error gives the same tree (`tests/equivalence.rs` checks this on the
//! Go standard library), but for `new(true)`, `new(false)`, `new(nil)` and
//! `new(iota)`: upstream reads the word as a type name (`type_identifier`), here
//! it is the value (`true`, ...), as in any other call.
//!
//! `grammar.js` is upstream's with `new-expr.patch` applied; `src/` is what
//! `tree-sitter generate` makes of it. `scripts/regen-grammar.sh` in the
//! repository rebuilds both from the pinned upstream release (and checks them
//! with `--check`).
//!
//! ```
//! let mut parser = tree_sitter::Parser::new();
//! parser
//!     .set_language(&gdr_tree_sitter_go::LANGUAGE.into())
//!     .expect("compatible tree-sitter");
//! let tree = parser
//!     .parse("package p\n\nvar p = new(1 + 2)\n", None)
//!     .unwrap();
//! assert!(!tree.root_node().has_error());
//! ```
//!
//! [tree-sitter-go]: https://github.com/tree-sitter/tree-sitter-go

use tree_sitter_language::LanguageFn;

extern "C" {
    // `tree_sitter_go` in the generated parser, renamed by build.rs.
    fn gdr_tree_sitter_go_patched() -> *const ();
}

/// The tree-sitter [`LanguageFn`] for this grammar.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(gdr_tree_sitter_go_patched) };

/// The content of the [`node-types.json`] file for this grammar.
///
/// [`node-types.json`]: https://tree-sitter.github.io/tree-sitter/using-parsers/6-static-node-types
pub const NODE_TYPES: &str = include_str!("node-types.json");

#[cfg(test)]
mod tests {
    #[test]
    fn loads_into_the_linked_tree_sitter() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&super::LANGUAGE.into())
            .expect("Error loading Go parser");
    }
}
