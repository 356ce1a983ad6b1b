//! The operands of an exit that a rewrite moves the explicit call in front of: which
//! of them may be evaluated after the call (so they stay in the `return` as they
//! were) and which types are certain (so a temporary can be `ret := expr`).
//!
//! A deferred call runs after the `return`'s operands are evaluated, so an operand
//! that reads memory the lock guards must still be evaluated before the explicit
//! unlock. An operand that reads nothing another goroutine or a call could change
//! (see [`ReturnOperands::after_call`]) may stay where it is. Package variables
//! never qualify, not even unexported ones assigned only in their declaration:
//! another package can write them through `//go:linkname`, and a writer that
//! holds the lock would then race with a read moved after the unlock.

use crate::model::Function;
use crate::package::PackageView;
use crate::panic::PanicAnalyzer;
use crate::rewrite::{escaping_locals, is_trivially_safe};
use crate::semantic::scope::{Binding, LocalKind};
use crate::semantic::Resolved;
use crate::source::SourceFile;
use crate::syntax::{named_children, squash, unparen, NodeExt};
use std::collections::HashSet;
use tree_sitter::Node;

/// What a rewrite needs to know about the operands of a `return` (or a `panic`).
pub trait Operands {
    /// May `e` be evaluated after the inserted call, with the same result?
    fn after_call(&self, e: Node<'_>) -> bool;
    /// Does `e` have a type of its own: is it neither an untyped constant nor an
    /// untyped boolean (a comparison)? Then `ret := e; ...; return ret` is `return
    /// e`: the return converts `ret` to the result type exactly as it would have
    /// converted `e` (same assignability, same value), and no type needs writing.
    fn typed(&self, e: Node<'_>) -> bool;
    /// Does the type name `name`, written in the function's signature, mean the
    /// predeclared type (no type parameter, local type or package type of that
    /// name)?
    fn predeclared_type(&self, name: &str) -> bool;
}

/// [`Operands`] of one function, from the semantic model.
pub struct ReturnOperands<'a> {
    analyzer: PanicAnalyzer<'a>,
    escaping: std::sync::Arc<HashSet<String>>,
    /// Type parameters and local types of the function.
    hidden: Vec<String>,
    text: &'a str,
    package: &'a PackageView,
}

impl<'a> ReturnOperands<'a> {
    pub fn new(file: &'a SourceFile, package: &'a PackageView, func: &Function<'_>) -> Self {
        let analyzer = PanicAnalyzer::new(file, package, func);
        let escaping = escaping_locals(func, &file.text, &analyzer.locals, package);
        Self::with_analyzer(file, package, analyzer, escaping.into(), func)
    }

    /// [`ReturnOperands::new`] for a function of the file a rule checks (see
    /// [`PanicAnalyzer::in_context`]).
    pub fn in_context(cx: &crate::rule::FileContext<'a>, func: &Function<'_>) -> Self {
        Self::with_analyzer(
            cx.file,
            cx.package,
            PanicAnalyzer::in_context(cx, func),
            cx.escaping_locals(func),
            func,
        )
    }

    fn with_analyzer(
        file: &'a SourceFile,
        package: &'a PackageView,
        analyzer: PanicAnalyzer<'a>,
        escaping: std::sync::Arc<HashSet<String>>,
        func: &Function<'_>,
    ) -> Self {
        let text = file.text.as_str();
        ReturnOperands {
            hidden: crate::panic::hidden_type_names(func.node, text),
            analyzer,
            escaping,
            text,
            package,
        }
    }

    /// Locals that something else can read or write (see [`escaping_locals`]).
    pub fn escaping(&self) -> &HashSet<String> {
        &self.escaping
    }

    fn trivial(&self, e: Node<'_>) -> bool {
        is_trivially_safe(
            e,
            self.text,
            &self.analyzer.locals,
            &self.escaping,
            self.package,
        )
    }

    /// A composite literal whose elements (and, for maps, slices and arrays, keys)
    /// may all be evaluated after the call: it only allocates.
    fn literal_after_call(&self, lit: Node<'_>) -> bool {
        let struct_keys = lit.field("type").is_some_and(|t| {
            matches!(
                self.package.shape(&squash(&self.text[t.byte_range()])),
                crate::package::Shape::Struct(_)
            )
        });
        lit.field("body")
            .is_some_and(|body| self.elements_after_call(body, struct_keys))
    }

    /// The elements of a `literal_value`; `struct_keys`: its keys are field names.
    fn elements_after_call(&self, body: Node<'_>, struct_keys: bool) -> bool {
        named_children(body).into_iter().all(|el| match el.k() {
            "comment" => true,
            "literal_element" => self.element_after_call(el),
            "keyed_element" => {
                let (Some(key), Some(value)) = (el.field("key"), el.field("value")) else {
                    return false;
                };
                let key_ok = if struct_keys {
                    // A field name reads nothing.
                    key.named_child(0)
                        .is_some_and(|k| matches!(k.k(), "identifier" | "field_identifier"))
                } else {
                    self.element_after_call(key)
                };
                key_ok && self.element_after_call(value)
            }
            _ => false,
        })
    }

    fn element_after_call(&self, el: Node<'_>) -> bool {
        match el.named_child(0) {
            // An elided type (`[]T{{...}}`): its keys may be field names or values;
            // only literals without keys are taken.
            Some(v) if v.k() == "literal_value" => named_children(v)
                .into_iter()
                .all(|c| c.k() == "literal_element" && self.element_after_call(c)),
            Some(v) => self.after_call(v),
            None => false,
        }
    }

    /// `&x` of a variable of this function (not one it captures): its address is
    /// the same wherever it is taken.
    fn own_variable(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        e.k() == "identifier"
            && matches!(
                crate::semantic::scope::resolve(e, self.text),
                Binding::Local { decl, kind: LocalKind::Var | LocalKind::Param }
                    if self.analyzer.locals.declares_at(decl.start_byte())
            )
    }

    /// `errors.New(s)` and `fmt.Errorf(f, args...)` of the standard library, on
    /// operands that may be evaluated after the call and (for fmt) have no methods
    /// fmt could call: they allocate an error and read nothing else.
    fn error_constructor_after_call(&self, call: Node<'_>) -> bool {
        let Some((path, name)) = self.analyzer.imported_callee(call) else {
            return false;
        };
        let Some(args) = call.field("arguments") else {
            return false;
        };
        let args: Vec<Node<'_>> = named_children(args)
            .into_iter()
            .filter(|a| a.k() != "comment")
            .collect();
        if args.iter().any(|a| a.k() == "variadic_argument") {
            return false;
        }
        match (path, name) {
            ("errors", "New") => args.len() == 1 && self.after_call(args[0]),
            ("fmt", "Errorf") => {
                !args.is_empty()
                    && args
                        .iter()
                        .all(|a| self.after_call(*a) && self.analyzer.is_without_methods(*a))
            }
            _ => false,
        }
    }
}

impl Operands for ReturnOperands<'_> {
    fn predeclared_type(&self, name: &str) -> bool {
        crate::semantic::UNIVERSE.contains(&name)
            && !self.package.declares(name)
            && !self.package.ambiguous(name)
            && !self.hidden.iter().any(|h| h == name)
    }

    fn after_call(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        if self.trivial(e) {
            return true;
        }
        match e.k() {
            "composite_literal" => self.literal_after_call(e),
            "unary_expression" if e.child(0).is_some_and(|o| o.k() == "&") => {
                e.field("operand").is_some_and(|o| {
                    let o = unparen(o);
                    (o.k() == "composite_literal" && self.literal_after_call(o))
                        || self.own_variable(o)
                })
            }
            "call_expression" => {
                let Some(f) = e.field("function").map(unparen) else {
                    return false;
                };
                // A numeric conversion of such an operand.
                let name = &self.text[f.byte_range()];
                if f.k() == "identifier"
                    && crate::package::BASIC.contains(&name)
                    && name != "bool"
                    && self.analyzer.is_predeclared(f)
                {
                    let args = e.field("arguments").map(named_children).unwrap_or_default();
                    return matches!(args.as_slice(), [a] if a.k() != "variadic_argument" && self.after_call(*a));
                }
                self.error_constructor_after_call(e)
            }
            _ => false,
        }
    }

    fn typed(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        match e.k() {
            "identifier" => match self.analyzer.names().resolve(e) {
                Resolved::Local { kind, .. } => matches!(kind, LocalKind::Var | LocalKind::Param),
                Resolved::Package => {
                    let name = &self.text[e.byte_range()];
                    self.package.is_var(name) || self.package.is_func(name)
                }
                _ => false,
            },
            // A field or a method value; `pkg.Name` may be an untyped constant.
            "selector_expression" => e.field("operand").map(unparen).is_some_and(|o| {
                o.k() != "identifier"
                    || matches!(
                        self.analyzer.names().resolve(o),
                        Resolved::Local { .. } | Resolved::Package
                    )
            }),
            "index_expression"
            | "slice_expression"
            | "type_assertion_expression"
            | "composite_literal"
            | "func_literal" => true,
            "unary_expression" => match e.child(0).map(|o| o.k()) {
                Some("&" | "*" | "<-") => true,
                Some("-" | "+" | "^") => e.field("operand").is_some_and(|o| self.typed(o)),
                _ => false,
            },
            "binary_expression" => match e.field("operator").map(|o| o.k()) {
                Some("==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||") | None => false,
                // A shift has the type of its left operand.
                Some("<<" | ">>") => e.field("left").is_some_and(|l| self.typed(l)),
                // Arithmetic: an untyped operand takes the other's type.
                _ => ["left", "right"]
                    .iter()
                    .any(|f| e.field(f).is_some_and(|o| self.typed(o))),
            },
            "call_expression" => match e.field("function").map(unparen) {
                // Builtins: `min`, `max`, `complex`, `real`, `imag` of constants are
                // untyped constants.
                Some(f) if f.k() == "identifier" && self.analyzer.is_predeclared(f) => {
                    let name = &self.text[f.byte_range()];
                    matches!(name, "len" | "cap" | "new" | "make" | "append")
                        || crate::package::BASIC.contains(&name)
                        || matches!(name, "string" | "error" | "any" | "byte" | "rune")
                }
                // A function, method or func value call, or a conversion to a
                // declared type.
                Some(_) => true,
                None => false,
            },
            _ => false,
        }
    }
}
