//! Which expressions can panic (DESIGN §3.4).
//!
//! A deferred call runs while a panic unwinds; an explicit call placed before a
//! `return` does not. So a rewrite is only Safe when nothing between the defer and
//! the exit can panic. This module answers "can this code panic?" conservatively:
//! anything not known to be panic-free is reported with the reason.

use crate::model::Function;
use crate::package::{PackageView, Shape};
use crate::source::SourceFile;
use crate::syntax::{named_children, squash, unparen, walk_function};
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::Node;

/// An expression that can panic, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MayPanic {
    pub span: Range<usize>,
    pub reason: String,
}

/// Builtins that do not panic for any arguments that type-check (`make` is
/// handled separately: a negative size panics).
const SAFE_BUILTINS: &[&str] = &[
    "len", "cap", "append", "copy", "clear", "min", "max", "new", "complex", "real", "imag",
    "print", "println",
];

/// Conversions to these types cannot panic.
const CONVERSION_TYPES: &[&str] = &[
    "bool",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    "float32",
    "float64",
    "complex64",
    "complex128",
    "byte",
    "rune",
    "string",
    "error",
    "any",
];

/// Declared types of the local names of one function (params, receiver, results,
/// `var x T`, `x := T{}` / `&T{}` / `make(T, ..)` / `new(T)`). A name declared more
/// than once with different or unknown types has no known type.
pub struct LocalTypes {
    types: HashMap<String, Option<String>>,
}

impl LocalTypes {
    pub fn collect(func: &Function<'_>, text: &str) -> Self {
        let mut types: HashMap<String, Option<String>> = HashMap::new();
        let mut add = |name: &str, ty: Option<String>| {
            types
                .entry(name.to_string())
                .and_modify(|prev| {
                    if *prev != ty {
                        *prev = None
                    }
                })
                .or_insert(ty);
        };
        for p in func
            .receiver
            .iter()
            .chain(&func.params)
            .chain(&func.results)
        {
            if let Some(n) = &p.name {
                add(n, Some(squash(&p.ty)));
            }
        }
        walk_function(func.body, &mut |n| {
            if crate::syntax::inside_literal_within(n, func.body) {
                return;
            }
            match n.kind() {
                "var_spec" => {
                    let ty = n
                        .child_by_field_name("type")
                        .map(|t| squash(&text[t.byte_range()]));
                    let values = n
                        .child_by_field_name("value")
                        .map(named_children)
                        .unwrap_or_default();
                    let mut c = n.walk();
                    for (i, name) in n.children_by_field_name("name", &mut c).enumerate() {
                        let t = ty
                            .clone()
                            .or_else(|| values.get(i).and_then(|v| literal_type(*v, text)));
                        add(&text[name.byte_range()], t);
                    }
                }
                "short_var_declaration" => {
                    let left = n
                        .child_by_field_name("left")
                        .map(named_children)
                        .unwrap_or_default();
                    let right = n
                        .child_by_field_name("right")
                        .map(named_children)
                        .unwrap_or_default();
                    for (i, name) in left.iter().enumerate() {
                        let t = if left.len() == right.len() {
                            literal_type(right[i], text)
                        } else {
                            None
                        };
                        add(&text[name.byte_range()], t);
                    }
                }
                "range_clause" | "type_switch_statement" | "receive_statement" => {
                    let lhs = n
                        .child_by_field_name("left")
                        .or_else(|| n.child_by_field_name("alias"));
                    for name in lhs.map(named_children).unwrap_or_default() {
                        add(&text[name.byte_range()], None);
                    }
                }
                "const_spec" => {
                    let mut c = n.walk();
                    for name in n.children_by_field_name("name", &mut c) {
                        add(&text[name.byte_range()], Some("const".into()));
                    }
                }
                _ => {}
            }
        });
        LocalTypes { types }
    }

    /// Is `name` declared in the function (param, result, local)?
    pub fn is_local(&self, name: &str) -> bool {
        self.types.contains_key(name)
    }

    pub fn type_of(&self, name: &str) -> Option<&str> {
        self.types.get(name).and_then(|t| t.as_deref())
    }
}

/// The type written in a value expression, when it says it: `T{}`, `&T{}`, `make(T)`, `new(T)`.
fn literal_type(v: Node<'_>, text: &str) -> Option<String> {
    let v = unparen(v);
    match v.kind() {
        "composite_literal" => v
            .child_by_field_name("type")
            .map(|t| squash(&text[t.byte_range()])),
        "unary_expression" if v.child(0).is_some_and(|o| o.kind() == "&") => {
            literal_type(v.child_by_field_name("operand")?, text).map(|t| format!("*{t}"))
        }
        "call_expression" => {
            let f = v.child_by_field_name("function")?;
            let name = &text[f.byte_range()];
            let first = v
                .child_by_field_name("arguments")
                .and_then(|a| named_children(a).into_iter().next())?;
            match name {
                "make" => Some(squash(&text[first.byte_range()])),
                "new" => Some(format!("*{}", squash(&text[first.byte_range()]))),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The key type of a map type text.
fn map_key_type(ty: &str) -> Option<String> {
    let rest = ty.strip_prefix("map[")?;
    let mut depth = 1;
    for (i, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(rest[..i].to_string());
                }
            }
            _ => {}
        }
    }
    None
}

/// Element type of a map, slice, array or pointer type text.
fn element_type(ty: &str) -> Option<String> {
    let t = squash(ty);
    if let Some(rest) = t.strip_prefix("map[") {
        let mut depth = 1;
        for (i, c) in rest.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(rest[i + 1..].to_string());
                    }
                }
                _ => {}
            }
        }
        return None;
    }
    if let Some(rest) = t.strip_prefix('[') {
        return rest.find(']').map(|i| rest[i + 1..].to_string());
    }
    t.strip_prefix('*').map(str::to_string)
}

/// Panic analysis over the code of one function.
pub struct PanicAnalyzer<'a> {
    pub file: &'a SourceFile,
    pub package: &'a PackageView,
    pub locals: LocalTypes,
    /// Identifiers known not to be nil (e.g. a receiver already dereferenced by the defer).
    pub non_nil: Vec<String>,
    /// Names imported by the file (`strings`, or the alias).
    imports: Vec<String>,
}

impl<'a> PanicAnalyzer<'a> {
    pub fn new(file: &'a SourceFile, package: &'a PackageView, func: &Function<'_>) -> Self {
        PanicAnalyzer {
            file,
            package,
            locals: LocalTypes::collect(func, &file.text),
            non_nil: Vec::new(),
            imports: import_names(file),
        }
    }

    fn text(&self, n: Node<'_>) -> &'a str {
        &self.file.text[n.byte_range()]
    }

    /// The declared type of an expression, where the package says it.
    pub fn type_of(&self, e: Node<'_>) -> Option<String> {
        let e = unparen(e);
        match e.kind() {
            "identifier" => {
                let name = self.text(e);
                if self.locals.is_local(name) {
                    self.locals.type_of(name).map(str::to_string)
                } else {
                    self.package.var_type(name).map(str::to_string)
                }
            }
            "selector_expression" => {
                let operand = self.type_of(e.child_by_field_name("operand")?)?;
                self.package
                    .field_type(&operand, self.text(e.child_by_field_name("field")?))
            }
            "index_expression" => {
                element_type(&self.resolved(&self.type_of(e.child_by_field_name("operand")?)?))
            }
            "unary_expression" if e.child(0).is_some_and(|o| o.kind() == "*") => {
                element_type(&self.type_of(e.child_by_field_name("operand")?)?)
            }
            _ => None,
        }
    }

    /// A named type resolved to its underlying type text when declared in the package.
    fn resolved(&self, ty: &str) -> String {
        let base = ty.split('[').next().unwrap_or(ty);
        match self.package.type_decl(base) {
            Some(d) if !d.underlying.starts_with("struct{") && d.underlying != "?" => {
                self.resolved(&d.underlying.clone())
            }
            _ => ty.to_string(),
        }
    }

    /// A shift count known not to be negative: a constant, or of an unsigned type.
    fn is_non_negative(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        if matches!(e.kind(), "int_literal") || is_nonzero_constant(e, self) {
            return true;
        }
        self.type_of(e).is_some_and(|t| {
            matches!(
                self.resolved(&t).as_str(),
                "uint" | "uint8" | "uint16" | "uint32" | "uint64" | "uintptr" | "byte"
            )
        }) || self.call_result_is_unsigned(e)
    }

    fn call_result_is_unsigned(&self, e: Node<'_>) -> bool {
        e.kind() == "call_expression"
            && e.child_by_field_name("function").is_some_and(|f| {
                matches!(
                    self.text(f),
                    "uint" | "uint8" | "uint16" | "uint32" | "uint64" | "uintptr" | "byte"
                ) && !self.locals.is_local(self.text(f))
            })
    }

    /// Comparing can only panic when both sides are interfaces (or structs/arrays
    /// holding them) with the same non-comparable dynamic type. A side of a basic,
    /// string, pointer or channel type, or `nil`, rules that out.
    fn comparison_cannot_panic(&self, a: Node<'_>, b: Node<'_>) -> bool {
        self.is_basic_typed(a) || self.is_basic_typed(b)
    }

    /// Is `e` certainly of a basic, string, pointer or channel type (or nil)?
    pub fn is_basic_typed(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        match e.kind() {
            "int_literal"
            | "float_literal"
            | "imaginary_literal"
            | "rune_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "nil"
            | "true"
            | "false"
            | "iota" => true,
            "binary_expression" => true, // arithmetic, comparisons and logic never yield interfaces
            "unary_expression" => e
                .child(0)
                .is_some_and(|o| matches!(o.kind(), "!" | "-" | "+" | "^" | "&")),
            "call_expression" => e.child_by_field_name("function").is_some_and(|f| {
                let name = self.text(f);
                !self.locals.is_local(name)
                    && (matches!(name, "len" | "cap")
                        || (CONVERSION_TYPES.contains(&name) && !matches!(name, "error" | "any")))
            }),
            "identifier"
                if !self.locals.is_local(self.text(e)) && self.package.is_const(self.text(e)) =>
            {
                true
            }
            _ => {
                matches!(
                    self.type_of(e).map(|t| self.package.shape(&t)),
                    Some(Shape::Basic | Shape::String | Shape::Pointer(_) | Shape::Chan)
                ) || self.locals.type_of(self.text(e)) == Some("const")
            }
        }
    }

    /// Is `map_expr` a map whose key type hashes without panicking?
    fn map_key_cannot_panic(&self, map_expr: Node<'_>) -> bool {
        let Some(ty) = self.type_of(map_expr) else {
            return false;
        };
        let ty = self.resolved(&squash(&ty));
        map_key_type(&ty).is_some_and(|k| self.package.hash_cannot_panic(&k))
    }

    fn shape_of(&self, e: Node<'_>) -> Shape {
        self.type_of(e)
            .map_or(Shape::Unknown, |t| self.package.shape(&t))
    }

    fn is_import(&self, name: &str) -> bool {
        !self.locals.is_local(name)
            && !self.package.declares(name)
            && self.imports.iter().any(|i| i == name)
    }

    /// The first expression in `node` (func literal bodies excluded: they do not run
    /// here) that can panic.
    pub fn first_may_panic(&self, node: Node<'_>) -> Option<MayPanic> {
        let mut found = None;
        walk_function(node, &mut |n| {
            if found.is_none() && !crate::syntax::inside_literal_within(n, node) {
                found = self.check_node(n);
            }
        });
        found
    }

    fn may(&self, n: Node<'_>, reason: String) -> Option<MayPanic> {
        Some(MayPanic {
            span: n.byte_range(),
            reason,
        })
    }

    fn check_node(&self, n: Node<'_>) -> Option<MayPanic> {
        match n.kind() {
            "call_expression" => self.check_call(n),
            "index_expression" => {
                let operand = n.child_by_field_name("operand")?;
                let key_ok = || self.map_key_cannot_panic(operand);
                match self.shape_of(operand) {
                    Shape::Map if !key_ok() => self.may(
                        n,
                        format!("map index `{}`: hashing the key panics if its dynamic type is not comparable", self.text(n)),
                    ),
                    Shape::Map if is_assignment_target(n) => self.may(
                        n,
                        format!("map write `{}` panics if the map is nil", self.text(n)),
                    ),
                    Shape::Map => None,
                    _ if is_generic_instantiation(n, self) => None,
                    _ => self.may(n, format!("index `{}` may be out of range", self.text(n))),
                }
            }
            "slice_expression" => {
                self.may(n, format!("slice `{}` may be out of range", self.text(n)))
            }
            "type_assertion_expression" if !is_comma_ok(n) => self.may(
                n,
                format!(
                    "type assertion `{}` panics when the dynamic type differs",
                    self.text(n)
                ),
            ),
            "binary_expression" => {
                let op = n.child_by_field_name("operator").map(|o| o.kind());
                let left = n.child_by_field_name("left")?;
                let right = n.child_by_field_name("right")?;
                match op {
                    Some("/" | "%") if !is_nonzero_constant(right, self) => {
                        self.may(n, format!("division `{}` panics if the divisor is zero", self.text(n)))
                    }
                    Some("<<" | ">>") if !self.is_non_negative(right) => {
                        self.may(n, format!("shift `{}` panics if the count is negative", self.text(n)))
                    }
                    Some("==" | "!=") if !self.comparison_cannot_panic(left, right) => self.may(
                        n,
                        format!("comparison `{}` panics if both sides hold the same non-comparable dynamic type", self.text(n)),
                    ),
                    _ => None,
                }
            }
            "assignment_statement" => {
                let op = n.child_by_field_name("operator").map(|o| o.kind());
                let right = n
                    .child_by_field_name("right")
                    .and_then(|r| r.named_child(0))?;
                match op {
                    Some("/=" | "%=") if !is_nonzero_constant(right, self) => self.may(
                        n,
                        format!("division `{}` panics if the divisor is zero", self.text(n)),
                    ),
                    Some("<<=" | ">>=") if !self.is_non_negative(right) => self.may(
                        n,
                        format!("shift `{}` panics if the count is negative", self.text(n)),
                    ),
                    _ => None,
                }
            }
            "expression_case" => {
                // `switch x { case y: }` compares x == y.
                let switch = n.parent()?;
                let value = switch.child_by_field_name("value")?;
                let cases = n
                    .child_by_field_name("value")
                    .map(named_children)
                    .unwrap_or_default();
                let bad = cases
                    .into_iter()
                    .find(|c| !self.comparison_cannot_panic(value, *c))?;
                self.may(bad, format!("switch case `{}` panics if it holds the same non-comparable dynamic type as the switch value", self.text(bad)))
            }
            "range_clause" => {
                let right = n.child_by_field_name("right")?;
                match self.shape_of(right) {
                    Shape::Slice | Shape::Map | Shape::String | Shape::Chan | Shape::Array | Shape::Basic => None,
                    _ if self.is_basic_typed(right) => None,
                    _ => self.may(right, format!("range over `{}`: unless it is a slice, map, string, channel or integer it may call an iterator function, which can panic", self.text(right))),
                }
            }
            "type_conversion_expression" => {
                let ty = n.child_by_field_name("type")?;
                // []T → [N]T and []T → *[N]T panic when the slice is too short.
                if matches!(
                    ty.kind(),
                    "array_type"
                        | "pointer_type"
                        | "parenthesized_type"
                        | "type_identifier"
                        | "qualified_type"
                        | "generic_type"
                ) {
                    let shape = self.package.shape(self.text(ty));
                    if matches!(shape, Shape::Array | Shape::Pointer(_) | Shape::Unknown) {
                        return self.may(
                            n,
                            format!(
                                "conversion `{}` panics if a slice is too short",
                                self.text(n)
                            ),
                        );
                    }
                }
                None
            }
            "unary_expression" if n.child(0).is_some_and(|o| o.kind() == "*") => {
                let operand = n.child_by_field_name("operand")?;
                if self.non_nil.iter().any(|x| x == self.text(operand)) {
                    return None;
                }
                self.may(
                    n,
                    format!(
                        "dereference `{}` panics if the pointer is nil",
                        self.text(n)
                    ),
                )
            }
            "send_statement" => self.may(
                n,
                format!("send `{}` panics if the channel is closed", self.text(n)),
            ),
            "selector_expression" => self.check_field_read(n),
            _ => None,
        }
    }

    /// `x.f` reads through a pointer when x is a pointer: nil panics.
    fn check_field_read(&self, n: Node<'_>) -> Option<MayPanic> {
        // A method value being called is checked as a call.
        if n.parent().is_some_and(|p| {
            p.kind() == "call_expression" && p.child_by_field_name("function") == Some(n)
        }) {
            return None;
        }
        let operand = unparen(n.child_by_field_name("operand")?);
        if operand.kind() == "identifier" {
            let name = self.text(operand);
            if self.is_import(name) || self.non_nil.iter().any(|x| x == name) {
                return None;
            }
        }
        match self.shape_of(operand) {
            Shape::Pointer(_) => self.may(
                n,
                format!(
                    "field read `{}` panics if `{}` is nil",
                    self.text(n),
                    self.text(operand)
                ),
            ),
            Shape::Struct(_) => None,
            _ => self.may(
                n,
                format!(
                    "field read `{}`: the type of `{}` is not known to the package",
                    self.text(n),
                    self.text(operand)
                ),
            ),
        }
    }

    fn check_call(&self, n: Node<'_>) -> Option<MayPanic> {
        let func = unparen(n.child_by_field_name("function")?);
        // `go f(x)`: a panic in f happens on another goroutine; `defer f(x)`: f runs later.
        if n.parent()
            .is_some_and(|p| matches!(p.kind(), "go_statement" | "defer_statement"))
        {
            return None;
        }
        if func.kind() == "identifier" {
            let name = self.text(func);
            let shadowed = self.locals.is_local(name) || self.package.declares(name);
            if !shadowed {
                if name == "panic" {
                    return self.may(n, format!("explicit `{}`", self.text(n)));
                }
                if SAFE_BUILTINS.contains(&name) || CONVERSION_TYPES.contains(&name) {
                    return None;
                }
                if name == "make" {
                    let args = n
                        .child_by_field_name("arguments")
                        .map(named_children)
                        .unwrap_or_default();
                    if args.iter().skip(1).all(|a| a.kind() == "int_literal") {
                        return None;
                    }
                    return self.may(
                        n,
                        format!("`{}` panics if a size is negative", self.text(n)),
                    );
                }
                if name == "delete" {
                    let map = n
                        .child_by_field_name("arguments")
                        .and_then(|a| named_children(a).into_iter().next());
                    if map.is_some_and(|m| self.map_key_cannot_panic(m)) {
                        return None;
                    }
                    return self.may(
                        n,
                        format!(
                            "`{}`: hashing the key panics if its dynamic type is not comparable",
                            self.text(n)
                        ),
                    );
                }
                if name == "close" {
                    return self.may(
                        n,
                        format!("`{}` panics if the channel is nil or closed", self.text(n)),
                    );
                }
            }
            // Conversion to a non-struct type declared in the package.
            if let Some(decl) = self.package.type_decl(name) {
                if !self.locals.is_local(name)
                    && !decl.underlying.starts_with('*')
                    && !decl.underlying.starts_with('[')
                {
                    return None;
                }
            }
        }
        self.may(n, format!("call to `{}`", squash(self.text(func))))
    }
}

/// `x.(T)` in `v, ok := x.(T)` / `v, ok = x.(T)` / `var v, ok = x.(T)`.
fn is_comma_ok(n: Node<'_>) -> bool {
    let Some(list) = n.parent().filter(|p| p.kind() == "expression_list") else {
        return false;
    };
    if list.named_child_count() != 1 {
        return false;
    }
    let Some(stmt) = list.parent() else {
        return false;
    };
    let left = stmt
        .child_by_field_name("left")
        .or_else(|| stmt.child_by_field_name("name"));
    match stmt.kind() {
        "assignment_statement" | "short_var_declaration" => {
            left.is_some_and(|l| l.named_child_count() == 2)
        }
        "var_spec" => {
            let mut c = stmt.walk();
            stmt.children_by_field_name("name", &mut c).count() == 2
        }
        _ => false,
    }
}

/// Is `n` written to (left of `=`, `op=`, `++`, `--`)?
fn is_assignment_target(n: Node<'_>) -> bool {
    let Some(parent) = n.parent() else {
        return false;
    };
    match parent.kind() {
        "expression_list" => parent.parent().is_some_and(|s| {
            s.kind() == "assignment_statement" && s.child_by_field_name("left") == Some(parent)
        }),
        "inc_statement" | "dec_statement" => true,
        _ => false,
    }
}

/// `F[int]` parses as an index expression; an identifier naming a package function
/// or type followed by `[` is an instantiation, not an index.
fn is_generic_instantiation(n: Node<'_>, a: &PanicAnalyzer<'_>) -> bool {
    let Some(op) = n.child_by_field_name("operand") else {
        return false;
    };
    op.kind() == "identifier" && {
        let name = a.text(op);
        !a.locals.is_local(name) && (a.package.is_func(name) || a.package.type_decl(name).is_some())
    }
}

fn is_nonzero_constant(e: Node<'_>, a: &PanicAnalyzer<'_>) -> bool {
    let e = unparen(e);
    match e.kind() {
        "int_literal" => a
            .text(e)
            .trim_start_matches(['0', '_', 'x', 'X', 'b', 'B', 'o', 'O'])
            .chars()
            .any(|c| c != '0' && c != '_'),
        "float_literal" => true,
        "identifier" => {
            a.package.is_const(a.text(e)) || a.locals.type_of(a.text(e)) == Some("const")
        }
        _ => false,
    }
}

/// The names a file's imports bind (alias, or the last path element minus a `go-`
/// prefix or `.vN` / `-go` suffix — the usual package names).
pub fn import_names(file: &SourceFile) -> Vec<String> {
    let mut out = Vec::new();
    for decl in named_children(file.root()) {
        if decl.kind() != "import_declaration" {
            continue;
        }
        let mut specs = Vec::new();
        for c in named_children(decl) {
            if c.kind() == "import_spec_list" {
                specs.extend(named_children(c));
            } else {
                specs.push(c);
            }
        }
        for spec in specs {
            if let Some(name) = spec.child_by_field_name("name") {
                out.push(file.text_of(name).to_string());
                continue;
            }
            let Some(path) = spec.child_by_field_name("path") else {
                continue;
            };
            let p = file.text_of(path).trim_matches(['"', '`']);
            let mut last = p.rsplit('/').next().unwrap_or(p);
            if last.starts_with('v')
                && last[1..].chars().all(|c| c.is_ascii_digit())
                && last.len() > 1
            {
                last = p.rsplit('/').nth(1).unwrap_or(last);
            }
            let last = last.split('.').next().unwrap_or(last);
            let last = last.trim_start_matches("go-").trim_end_matches("-go");
            out.push(last.replace('-', "_"));
        }
    }
    out
}
