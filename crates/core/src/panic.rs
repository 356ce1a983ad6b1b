//! Which expressions can panic (DESIGN §3.4).
//!
//! A deferred call runs while a panic unwinds; an explicit call placed before a
//! `return` does not. So a rewrite is only Safe when nothing between the defer and
//! the exit can panic. This module answers "can this code panic?" conservatively:
//! anything not known to be panic-free is reported with the reason.

use crate::model::Function;
use crate::package::{PackageView, Shape};
use crate::semantic::scope::LocalKind;
use crate::semantic::{Names, Resolved};
use crate::source::SourceFile;
use crate::syntax::NodeExt;
use crate::syntax::{named_children, squash, unparen, walk_function};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::Node;

mod fieldpath;
mod nonnil;

/// An expression that can panic, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MayPanic {
    pub span: Range<usize>,
    pub reason: String,
    /// The reason is a call to a same-package function not (yet) proven panic-free.
    pub on_package_call: bool,
    /// The root cause: for a call to a package function, what makes that function
    /// (or one it calls) panic; otherwise the reason itself.
    pub cause: String,
}

/// Builtins that do not panic for any arguments that type-check (`make` is
/// handled separately: a negative size panics).
const SAFE_BUILTINS: &[&str] = &[
    "len", "cap", "append", "copy", "clear", "min", "max", "new", "complex", "real", "imag",
    "print", "println",
];

/// Conversions to these types cannot panic: the basic types, `string`, `error`, `any`.
fn is_conversion_type(name: &str) -> bool {
    crate::package::BASIC.contains(&name) || matches!(name, "string" | "error" | "any")
}

/// Declared types of the local names of one function (params, receiver, results,
/// `var x T`, `x := T{}` / `&T{}` / `make(T, ..)` / `new(T)`). A name declared more
/// than once with different or unknown types has no known type.
pub struct LocalTypes {
    types: HashMap<String, Option<String>>,
    /// The offsets of the declaring identifiers of the names typed here: a use is
    /// typed only when it resolves (by Go's scopes) to one of them.
    decls: std::collections::HashSet<usize>,
    /// How often each name is written: declared, assigned, incremented (closures included).
    writes: HashMap<String, usize>,
}

impl LocalTypes {
    pub fn collect(func: &Function<'_>, text: &str) -> Self {
        Self::collect_typed(func, text, None)
    }

    /// Like [`LocalTypes::collect`], also typing `x := f()`, `x := s.m()` and
    /// `x := y.field` from what the package declares.
    pub fn collect_typed(func: &Function<'_>, text: &str, package: Option<&PackageView>) -> Self {
        let mut types: HashMap<String, Option<String>> = HashMap::new();
        let mut decls = std::collections::HashSet::new();
        // Type parameters and local types: a type text naming one must not be taken
        // for the package's type of the same name.
        let hidden = hidden_type_names(func.node, text);
        let add = |types: &mut HashMap<String, Option<String>>, name: &str, ty: Option<String>| {
            let ty = ty.map(|t| crate::semantic::hide_words(&t, &hidden));
            types
                .entry(name.to_string())
                .and_modify(|prev| {
                    if *prev != ty {
                        *prev = None
                    }
                })
                .or_insert(ty);
        };
        for field in ["receiver", "parameters", "result"] {
            if let Some(list) = func.node.field(field).filter(|l| l.k() == "parameter_list") {
                for p in named_children(list) {
                    let mut c = p.walk();
                    decls.extend(
                        p.children_by_field_name("name", &mut c)
                            .map(|n| n.start_byte()),
                    );
                }
            }
        }
        for p in func
            .receiver
            .iter()
            .chain(&func.params)
            .chain(&func.results)
        {
            if let Some(n) = &p.name {
                add(&mut types, n, Some(squash(&p.ty)));
            }
        }
        let mut nodes = Vec::new();
        // Nested func literals are not entered, so no visited node is inside one
        // (`inside_literal_within(n, func.body)`), except possibly the body itself,
        // which declares nothing.
        walk_function(func.body, &mut |n| {
            if n != func.body {
                nodes.push(n);
            }
        });
        for n in nodes {
            match n.k() {
                "var_spec" => {
                    let ty = n.field("type").map(|t| squash(&text[t.byte_range()]));
                    let values = n.field("value").map(named_children).unwrap_or_default();
                    let mut c = n.walk();
                    let names: Vec<Node<'_>> = n.children_by_field_name("name", &mut c).collect();
                    let from_values = value_types(
                        &names,
                        &values,
                        text,
                        package,
                        &Known {
                            types: &types,
                            decls: &decls,
                        },
                    );
                    for (i, name) in names.iter().enumerate() {
                        let t = ty.clone().or_else(|| from_values.get(i).cloned().flatten());
                        decls.insert(name.start_byte());
                        add(&mut types, &text[name.byte_range()], t);
                    }
                }
                "short_var_declaration" => {
                    let left = n.field("left").map(named_children).unwrap_or_default();
                    let right = n.field("right").map(named_children).unwrap_or_default();
                    let from_values = value_types(
                        &left,
                        &right,
                        text,
                        package,
                        &Known {
                            types: &types,
                            decls: &decls,
                        },
                    );
                    for (i, name) in left.iter().enumerate() {
                        decls.insert(name.start_byte());
                        add(
                            &mut types,
                            &text[name.byte_range()],
                            from_values.get(i).cloned().flatten(),
                        );
                    }
                }
                "range_clause" | "type_switch_statement" | "receive_statement" => {
                    let lhs = n.field("left").or_else(|| n.field("alias"));
                    for name in lhs.map(named_children).unwrap_or_default() {
                        decls.insert(name.start_byte());
                        add(&mut types, &text[name.byte_range()], None);
                    }
                }
                "const_spec" => {
                    let mut c = n.walk();
                    for name in n.children_by_field_name("name", &mut c) {
                        decls.insert(name.start_byte());
                        add(&mut types, &text[name.byte_range()], Some("const".into()));
                    }
                }
                _ => {}
            }
        }
        let mut writes: HashMap<String, usize> = HashMap::new();
        for p in func
            .receiver
            .iter()
            .chain(&func.params)
            .chain(&func.results)
        {
            if let Some(n) = &p.name {
                *writes.entry(n.clone()).or_default() += 1;
            }
        }
        crate::syntax::walk_all(func.body, &mut |n| {
            let targets: Vec<Node<'_>> = match n.k() {
                "assignment_statement"
                | "short_var_declaration"
                | "range_clause"
                | "receive_statement" => n.field("left").map(named_children).unwrap_or_default(),
                "inc_statement" | "dec_statement" => n.named_child(0).into_iter().collect(),
                "var_spec" | "const_spec" | "parameter_declaration" => {
                    let mut c = n.walk();
                    n.children_by_field_name("name", &mut c).collect()
                }
                "type_switch_statement" => n.field("alias").map(named_children).unwrap_or_default(),
                _ => Vec::new(),
            };
            for t in targets {
                let t = unparen(t);
                if t.k() == "identifier" {
                    *writes.entry(text[t.byte_range()].to_string()).or_default() += 1;
                }
            }
        });
        LocalTypes {
            types,
            decls,
            writes,
        }
    }

    /// Is the identifier starting at `offset` a declaration typed here (a
    /// parameter, result, receiver or local of the function, outside its literals)?
    pub fn declares_at(&self, offset: usize) -> bool {
        self.decls.contains(&offset)
    }

    /// Is `name` a local written exactly once (its declaration), so a nil check of
    /// it holds wherever it is in scope?
    pub fn written_once(&self, name: &str) -> bool {
        self.writes.get(name) == Some(&1)
    }

    /// Is `name` declared in the function (param, result, local)?
    pub fn is_local(&self, name: &str) -> bool {
        self.types.contains_key(name)
    }

    pub fn type_of(&self, name: &str) -> Option<&str> {
        self.types.get(name).and_then(|t| t.as_deref())
    }
}

/// The type parameters and local types visible in `func` (those of the outermost
/// enclosing function declaration, its generic receiver and every literal and block
/// in it): the words a type text of the function must not take for package types.
pub fn hidden_type_names(func: Node<'_>, text: &str) -> Vec<String> {
    let mut outer = func;
    let mut cur = func.parent();
    while let Some(n) = cur {
        if crate::syntax::is_function_node(n.k()) {
            outer = n;
        }
        cur = n.parent();
    }
    // Type parameters: only a declared function (or its generic receiver) has them.
    let mut out: Vec<String> = crate::semantic::scope::type_params_of(outer)
        .into_iter()
        .map(|n| text[n.byte_range()].to_string())
        .collect();
    // Local types, in any block or literal: only where the word is written.
    if memchr::memmem::find(text[outer.byte_range()].as_bytes(), b"type").is_some() {
        crate::syntax::walk_all(outer, &mut |n| {
            if matches!(n.k(), "type_spec" | "type_alias") {
                if let Some(name) = n.field("name") {
                    out.push(text[name.byte_range()].to_string());
                }
            }
        });
    }
    out.sort();
    out.dedup();
    out
}

/// The locals typed so far while [`LocalTypes`] is collected.
struct Known<'a> {
    types: &'a HashMap<String, Option<String>>,
    decls: &'a std::collections::HashSet<usize>,
}

impl Known<'_> {
    /// The type of the local `name` declared at `decl`, when that declaration
    /// was typed (a local of an enclosing function, or one not seen yet, is not).
    fn local(&self, decl: Node<'_>, name: &str) -> Option<String> {
        if !self.decls.contains(&decl.start_byte()) {
            return None;
        }
        self.types.get(name).cloned().flatten()
    }
}

/// The types of `names := values` (or `var names = values`), where known: written
/// in the value (`T{}`, `&T{}`, `make(T)`, `new(T)`), or declared by the package for
/// a call (`f()`, `x.m()`), a field read (`y.f`) or an index (`m[k]`) of something
/// whose type is known; `v, ok := m[k]` and `v, ok := x.(T)` too.
fn value_types(
    names: &[Node<'_>],
    values: &[Node<'_>],
    text: &str,
    package: Option<&PackageView>,
    known: &Known<'_>,
) -> Vec<Option<String>> {
    if values.len() == 1 && names.len() > 1 {
        let v = unparen(values[0]);
        match v.k() {
            "call_expression" => {
                if let Some(r) =
                    call_results(v, text, package, known).filter(|r| r.len() == names.len())
                {
                    return r.into_iter().map(Some).collect();
                }
            }
            "index_expression" | "type_assertion_expression" if names.len() == 2 => {
                return vec![expr_type(v, text, package, known), Some("bool".to_string())];
            }
            _ => {}
        }
        return vec![None; names.len()];
    }
    values
        .iter()
        .map(|v| expr_type(*v, text, package, known))
        .collect()
}

/// The type of an expression from what is declared: locals typed so far, package
/// variables, fields, elements, same-package call results, literals.
fn expr_type(
    e: Node<'_>,
    text: &str,
    package: Option<&PackageView>,
    known: &Known<'_>,
) -> Option<String> {
    let e = unparen(e);
    if let Some(t) = literal_type(e, text) {
        return Some(t);
    }
    let pkg = package?;
    match e.k() {
        "identifier" => {
            let name = &text[e.byte_range()];
            match crate::semantic::scope::resolve(e, text) {
                crate::semantic::scope::Binding::Local { decl, .. } => known.local(decl, name),
                crate::semantic::scope::Binding::Free => pkg.var_type(name).map(str::to_string),
            }
        }
        "selector_expression" => {
            let field = &text[e.field("field")?.byte_range()];
            let op = unparen(e.field("operand")?);
            if op.k() == "identifier" {
                let name = &text[op.byte_range()];
                let free = !crate::semantic::scope::resolve(op, text).is_local();
                if free && !pkg.declares(name) && pkg.import_path(name).is_some() {
                    return pkg.foreign_var_type(name, field);
                }
            }
            let operand = expr_type(op, text, package, known)?;
            pkg.field_type(&operand, field)
        }
        "index_expression" => {
            let operand = expr_type(e.field("operand")?, text, package, known)?;
            index_element(pkg, &operand)
        }
        "type_assertion_expression" => e.field("type").map(|t| squash(&text[t.byte_range()])),
        "unary_expression" if e.child(0).is_some_and(|o| o.k() == "*") => {
            element_type(&expr_type(e.field("operand")?, text, package, known)?)
        }
        "call_expression" => call_results(e, text, package, known)
            .filter(|r| r.len() == 1)
            .map(|mut r| r.remove(0)),
        _ => None,
    }
}

/// Result types of a call to a function or method the package declares.
fn call_results(
    call: Node<'_>,
    text: &str,
    package: Option<&PackageView>,
    known: &Known<'_>,
) -> Option<Vec<String>> {
    let pkg = package?;
    let f = unparen(call.field("function")?);
    match f.k() {
        "identifier" if !crate::semantic::scope::resolve(f, text).is_local() => pkg
            .func_results(&text[f.byte_range()])
            .map(<[String]>::to_vec),
        "selector_expression" => {
            let operand = f.field("operand")?;
            let field = &text[f.field("field")?.byte_range()];
            let name = &text[operand.byte_range()];
            if operand.k() == "identifier"
                && !crate::semantic::scope::resolve(operand, text).is_local()
                && !pkg.declares(name)
            {
                if let Some(path) = pkg.import_path(name) {
                    if let Some(t) = crate::allowlist::result_type(path, field, name) {
                        return Some(vec![t]);
                    }
                    // (A file binding the name to another path makes it ambiguous in
                    // the package: then import_path is None.)
                    let (_, results) = pkg.foreign_func(name, field)?;
                    return results.into_iter().collect();
                }
            }
            let recv = expr_type(operand, text, package, known)?;
            if let Some((q, ty)) = crate::package::qualified_type(&recv) {
                let path = pkg.import_path(q)?;
                if let Some(r) = crate::allowlist::method_result_types(path, ty, field, q) {
                    return Some(r);
                }
                let (_, _, results) = pkg.foreign_method(&recv, field)?;
                return results.into_iter().collect();
            }
            let (_, info) = pkg.method(&recv, field)?;
            Some(info.results.clone())
        }
        _ => None,
    }
}

/// A type name declared in the package, resolved to its underlying type text
/// (structs stay named).
fn resolve_named(pkg: &PackageView, ty: &str) -> String {
    let mut t = ty.to_string();
    for _ in 0..8 {
        let base = t.split('[').next().unwrap_or(&t).to_string();
        match pkg.type_decl(&base) {
            Some(d) if !d.underlying.starts_with("struct{") && d.underlying != "?" => {
                t = d.underlying.clone()
            }
            _ => break,
        }
    }
    t
}

/// The type written in a value expression, when it says it: `T{}`, `&T{}`, `make(T)`, `new(T)`.
fn literal_type(v: Node<'_>, text: &str) -> Option<String> {
    let v = unparen(v);
    match v.k() {
        "composite_literal" => v.field("type").map(|t| squash(&text[t.byte_range()])),
        "unary_expression" if v.child(0).is_some_and(|o| o.k() == "&") => {
            literal_type(v.field("operand")?, text).map(|t| format!("*{t}"))
        }
        "call_expression" => {
            let f = v.field("function")?;
            let name = &text[f.byte_range()];
            let first = v
                .field("arguments")
                .and_then(|a| named_children(a).into_iter().next())?;
            match name {
                "make" => Some(squash(&text[first.byte_range()])),
                // Since Go 1.26 the argument of `new` may be a value, whose type is
                // not written.
                "new" if written_type(first, text) => {
                    Some(format!("*{}", squash(&text[first.byte_range()])))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Is `t`, the argument of `new`, a type as written: a type form whose names are
/// not the function's variables (`new(T)`, `new(*T)`, `new(pkg.T)`, not `new(x)`
/// for a local `x`, `new(s.f)` for a local `s`, or an expression)?
fn written_type(t: Node<'_>, text: &str) -> bool {
    use crate::semantic::scope::{resolve, Binding};
    let value = |name: Node<'_>| {
        matches!(
            resolve(name, text),
            Binding::Local {
                kind: LocalKind::Var | LocalKind::Const | LocalKind::Param,
                ..
            }
        )
    };
    match t.k() {
        "type_identifier" => !value(t),
        "qualified_type" => t.field("package").is_some_and(|p| !value(p)),
        "generic_type" => t.field("type").is_some_and(|b| written_type(b, text)),
        "pointer_type" | "parenthesized_type" => {
            t.named_child(0).is_some_and(|c| written_type(c, text))
        }
        k => k.ends_with("_type"),
    }
}

/// The type of `x[i]` for `x` of type `ty`: the element of a map, slice or array,
/// or of the array a pointer points to (`p[i]` is `(*p)[i]`).
fn index_element(pkg: &PackageView, ty: &str) -> Option<String> {
    let t = resolve_named(pkg, ty);
    if let Some(inner) = t.strip_prefix('*') {
        let inner = resolve_named(pkg, inner);
        if inner.starts_with('[') && !inner.starts_with("[]") {
            return element_type(&inner);
        }
        return None;
    }
    element_type(&t)
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
    pub locals: std::sync::Arc<LocalTypes>,
    /// Identifiers known not to be nil (e.g. a receiver already dereferenced by the defer).
    pub non_nil: Vec<String>,
    /// `panic(..)` calls that the rewrite precedes with the explicit call: the
    /// deferred call no longer has to run while they unwind.
    pub served_panics: Vec<Range<usize>>,
    /// Import name → path for this file.
    imports: std::sync::Arc<HashMap<String, String>>,
    /// Analyzing a whole function body for its summary: deferred calls and deferred
    /// closures run too.
    summary: bool,
    /// While summaries are computed: what is known so far.
    state: Option<&'a crate::summary::State<'a>>,
    /// Why calls were accepted, for `--explain-safety`.
    notes: RefCell<Vec<String>>,
    /// The analyzed function's body: where the walk for non-nil facts stops.
    body: Range<usize>,
    /// For a method summary with a pointer receiver: its name, assumed not nil
    /// on entry.
    receiver: Option<String>,
    /// The file has a dot import (`import . "p"`): a free name may be another package's.
    dot_import: bool,
    /// (name, outermost function start) → can non-nil facts about the name be
    /// tracked, and from earlier statements too?
    tracked: RefCell<HashMap<(String, usize), Option<bool>>>,
    /// The local types of enclosing functions (by their start), for the locals a
    /// func literal captures.
    outer_locals: RefCell<HashMap<usize, Option<LocalTypes>>>,
}

impl<'a> PanicAnalyzer<'a> {
    pub fn new(file: &'a SourceFile, package: &'a PackageView, func: &Function<'_>) -> Self {
        let locals = LocalTypes::collect_typed(func, &file.text, Some(package));
        let imports = std::sync::Arc::new(imports_of(file).into_iter().collect());
        Self::with_locals(file, package, func, std::sync::Arc::new(locals), imports)
    }

    /// [`PanicAnalyzer::new`] for a function of the file a rule checks: its typed
    /// locals are collected once per function and shared by every analyzer the
    /// rules make of it ([`crate::FileContext::typed_locals`]).
    pub fn in_context(cx: &crate::rule::FileContext<'a>, func: &Function<'_>) -> Self {
        Self::with_locals(
            cx.file,
            cx.package,
            func,
            cx.typed_locals(func),
            cx.import_map(),
        )
    }

    /// [`PanicAnalyzer::new`], given `locals`, the function's
    /// `LocalTypes::collect_typed(func, &file.text, Some(package))`, and
    /// `imports`, the file's [`imports_of`] as a map.
    fn with_locals(
        file: &'a SourceFile,
        package: &'a PackageView,
        func: &Function<'_>,
        locals: std::sync::Arc<LocalTypes>,
        imports: std::sync::Arc<HashMap<String, String>>,
    ) -> Self {
        PanicAnalyzer {
            file,
            package,
            locals,
            non_nil: Vec::new(),
            served_panics: Vec::new(),
            dot_import: imports.contains_key("."),
            imports,
            summary: false,
            state: None,
            notes: RefCell::new(Vec::new()),
            body: func.body.byte_range(),
            receiver: None,
            tracked: RefCell::new(HashMap::new()),
            outer_locals: RefCell::new(HashMap::new()),
        }
    }

    /// An analyzer of a whole function body for its package summary: deferred calls
    /// count, and calls to package functions are looked up in `state`.
    pub(crate) fn for_summary(
        file: &'a SourceFile,
        package: &'a PackageView,
        func: &Function<'_>,
        state: &'a crate::summary::State<'a>,
    ) -> Self {
        let mut a = Self::new(file, package, func);
        a.summary = true;
        a.state = Some(state);
        // Only a pointer receiver: its callers check it. A value receiver of a
        // map (or other nilable) type is not checked by anyone (`var s Set;
        // s.Add(k)` writes to a nil map).
        a.receiver = func
            .receiver
            .as_ref()
            .filter(|r| squash(&r.ty).starts_with('*'))
            .and_then(|r| r.name.clone());
        a
    }

    /// The reasoning recorded so far (calls proven panic-free, allowlisted calls,
    /// non-nil facts used).
    pub fn notes(&self) -> Vec<String> {
        self.notes.borrow().clone()
    }

    fn note(&self, s: String) {
        let mut notes = self.notes.borrow_mut();
        if !notes.contains(&s) {
            notes.push(s);
        }
    }

    /// Identifiers of pointer type that `stmt` dereferences whenever it runs to its
    /// end: field selections outside `&&`/`||` right operands, func literals and
    /// the unevaluated operands of `len`/`cap`/`unsafe.Sizeof`; for an `if` or a
    /// `switch`, those of its header. After it, they are not nil (unless written).
    pub fn derefs(&self, stmt: Node<'_>) -> Vec<String> {
        match stmt.k() {
            "expression_statement"
            | "assignment_statement"
            | "short_var_declaration"
            | "inc_statement"
            | "dec_statement"
            | "var_declaration"
            | "defer_statement"
            | "send_statement" => self.deref_operands(stmt),
            "if_statement" | "expression_switch_statement" | "type_switch_statement" => {
                let mut out = stmt
                    .field("initializer")
                    .map(|i| self.derefs(i))
                    .unwrap_or_default();
                let head = if stmt.k() == "if_statement" {
                    "condition"
                } else {
                    "value"
                };
                if let Some(h) = stmt.field(head) {
                    out.extend(self.deref_operands(h));
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// Identifiers of pointer type whose fields `node` reads whenever it is
    /// evaluated (see [`PanicAnalyzer::derefs`]).
    fn deref_operands(&self, node: Node<'_>) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match n.k() {
                "func_literal" => continue,
                "binary_expression"
                    if n.field("operator")
                        .is_some_and(|o| matches!(o.k(), "&&" | "||")) =>
                {
                    if let Some(l) = n.field("left") {
                        stack.push(l);
                    }
                    continue;
                }
                // `len(p.arr)` of an array is a constant: `p` is not evaluated; nor
                // are the operands of unsafe.Sizeof, Alignof and Offsetof.
                "call_expression"
                    if n.field("function").is_some_and(|f| {
                        let name = self.text(f);
                        matches!(name, "len" | "cap") || name.starts_with("unsafe.")
                    }) =>
                {
                    continue;
                }
                "selector_expression" => {
                    if let (Some(op), Some(field)) =
                        (n.field("operand").map(unparen), n.field("field"))
                    {
                        // A local (`p`) or a field path (`t.ns`, for nonnil's field facts).
                        let named = op.k() == "identifier"
                            || (op.k() == "selector_expression" && self.field_path(op).is_some());
                        if let Some(t) = self.type_of(op).filter(|_| named) {
                            let f = self.text(field);
                            let shown = squash(self.text(op));
                            // A field read, or a method promoted from an embedded value
                            // field (`c.Lock()` with sync.Mutex embedded takes `&c.Mutex`).
                            if t.starts_with('*')
                                && (self.package.field_type(&t, f).is_some()
                                    || self.package.promoted_through_value(&t, f))
                            {
                                out.push(shown.clone());
                            }
                            // `t.mu` with `mu` promoted from an embedded `*common` reads
                            // through `t.common` too.
                            if self.package.field_type(&t, f).is_some() {
                                if let Some(e) = self.package.promoted_through_pointer(&t, f) {
                                    out.push(format!("{shown}.{e}"));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        out
    }

    fn text(&self, n: Node<'_>) -> &'a str {
        &self.file.text[n.byte_range()]
    }

    /// The declared type of `name`, a local of the function enclosing `decl`.
    fn captured_type(&self, decl: Node<'_>, name: &str) -> Option<String> {
        let func = crate::syntax::enclosing_function(decl)?;
        let mut cache = self.outer_locals.borrow_mut();
        let locals = cache.entry(func.start_byte()).or_insert_with(|| {
            crate::model::Function::of_node(func, &self.file.text)
                .map(|f| LocalTypes::collect_typed(&f, &self.file.text, Some(self.package)))
        });
        let locals = locals.as_ref()?;
        if !locals.declares_at(decl.start_byte()) {
            return None;
        }
        locals.type_of(name).map(str::to_string)
    }

    /// The semantic model's name resolution for this file.
    pub fn names(&self) -> Names<'_> {
        Names::new(&self.file.text, self.package, &self.imports)
    }

    /// What the identifier `n` refers to (anything else resolves to Unknown).
    fn resolve<'t>(&self, n: Node<'t>) -> Resolved<'t> {
        if matches!(
            n.k(),
            "identifier" | "type_identifier" | "package_identifier"
        ) {
            self.names().resolve(n)
        } else {
            Resolved::Unknown
        }
    }

    /// `new(x)`, the builtin: since Go 1.26 `x` may be an expression, which is
    /// evaluated (and may panic) like any other. An expression tree is walked like
    /// any other; but a text that reads as a type parses as one (`new(*p)`,
    /// `new(s.f)`, `new(a[i])`), so a type-shaped argument is safe only when its
    /// names are types (or an import's members): otherwise it may be a dereference,
    /// a field read through a pointer or an index.
    fn new_argument_may_panic(&self, n: Node<'_>) -> Option<MayPanic> {
        let arg = n
            .field("arguments")
            .and_then(|a| named_children(a).into_iter().find(|c| c.k() != "comment"))?;
        let value_shaped = match arg.k() {
            // A name alone reads a variable at worst.
            "type_identifier" => false,
            "pointer_type" | "qualified_type" | "generic_type" | "parenthesized_type" => {
                !self.surely_type(arg)
            }
            // Any other type form is a type; an expression is walked on its own.
            _ => false,
        };
        if value_shaped {
            return self.may(
                n,
                format!(
                    "`{}`: since Go 1.26 the argument of `new` may be a value; `{}` may dereference, index or read through a pointer",
                    self.text(n),
                    self.text(arg)
                ),
            );
        }
        None
    }

    /// Is the type-shaped node `t` certainly a type (not an expression of the same
    /// text): its names resolve to types, or its qualifier to an import?
    fn surely_type(&self, t: Node<'_>) -> bool {
        match t.k() {
            "type_identifier" => match self.resolve(t) {
                Resolved::Local { kind, .. } => {
                    matches!(kind, LocalKind::Type | LocalKind::TypeParam)
                }
                Resolved::Package => self.package.type_decl(self.text(t)).is_some(),
                Resolved::Universe => {
                    let name = self.text(t);
                    crate::package::BASIC.contains(&name)
                        || matches!(name, "error" | "any" | "comparable")
                }
                Resolved::Import(_) | Resolved::Unknown => false,
            },
            "qualified_type" => t
                .field("package")
                .is_some_and(|p| matches!(self.resolve(p), Resolved::Import(_))),
            "generic_type" => t.field("type").is_some_and(|b| self.surely_type(b)),
            "pointer_type" | "parenthesized_type" => {
                t.named_child(0).is_some_and(|c| self.surely_type(c))
            }
            // Types of every other form (slices, maps, funcs, ...) are not expressions.
            k => k.ends_with("_type"),
        }
    }

    /// For a call of `pkg.F(..)` where `pkg` names an import of this file (by Go's
    /// scopes): the import path and `F`.
    pub fn imported_callee<'s>(&'s self, call: Node<'_>) -> Option<(&'s str, &'s str)> {
        let f = unparen(call.field("function")?);
        if f.k() != "selector_expression" {
            return None;
        }
        let operand = unparen(f.field("operand")?);
        if !self.is_import(operand) {
            return None;
        }
        let path = self.imports.get(self.text(operand))?;
        Some((path.as_str(), self.text(f.field("field")?)))
    }

    /// Is `n` an identifier that is the predeclared name it spells (by Go's scopes
    /// and the package's declarations)?
    pub fn is_predeclared(&self, n: Node<'_>) -> bool {
        self.universe(n)
    }

    /// Is `e` of a type without methods (see `has_no_methods`): formatting it with
    /// fmt calls no method of it.
    pub fn is_without_methods(&self, e: Node<'_>) -> bool {
        self.has_no_methods(e)
    }

    /// Is `n` an identifier that is the predeclared name it spells (`len`, `make`)?
    fn universe(&self, n: Node<'_>) -> bool {
        self.resolve(n) == Resolved::Universe
    }

    /// Is `n` an identifier naming a package-level declaration (one in every build)?
    fn package_level(&self, n: Node<'_>) -> bool {
        self.resolve(n) == Resolved::Package
    }

    /// Is `n` (an identifier) a constant of the function or the package?
    fn constant(&self, n: Node<'_>) -> bool {
        n.k() == "identifier" && self.names().is_constant(n)
    }

    /// Is the `nil`, `true`, `false` or `iota` node `n` the predeclared one (no
    /// declaration of that name is in scope)?
    fn predeclared_literal(&self, n: Node<'_>) -> bool {
        self.names().resolve_name(n, self.text(n)) == Resolved::Universe
    }

    /// The declared type of an expression, where the package says it.
    pub fn type_of(&self, e: Node<'_>) -> Option<String> {
        let e = unparen(e);
        match e.k() {
            "identifier" => {
                let name = self.text(e);
                match self.resolve(e) {
                    // A local of this function (one of an enclosing function, captured
                    // by a func literal, is not typed here).
                    Resolved::Local { decl, .. } if self.locals.declares_at(decl.start_byte()) => {
                        self.locals
                            .type_of(name)
                            .map(str::to_string)
                            .or_else(|| self.type_switch_binding(e, name))
                    }
                    // A local of an enclosing function, captured: its type is that
                    // function's (types do not change; values may).
                    Resolved::Local { decl, .. } => self.captured_type(decl, name),
                    Resolved::Package => self.package.var_type(name).map(str::to_string),
                    _ => None,
                }
            }
            "selector_expression" => {
                let operand = unparen(e.field("operand")?);
                let field = self.text(e.field("field")?);
                if self.is_import(operand) {
                    let q = self.text(operand);
                    return self
                        .imported_here(q)
                        .and_then(|q| self.package.foreign_var_type(q, field));
                }
                let operand = self.type_of(operand)?;
                self.package.field_type(&operand, field)
            }
            "index_expression" => index_element(self.package, &self.type_of(e.field("operand")?)?),
            "unary_expression" if e.child(0).is_some_and(|o| o.k() == "*") => {
                element_type(&self.type_of(e.field("operand")?)?)
            }
            "unary_expression" if e.child(0).is_some_and(|o| o.k() == "&") => {
                self.type_of(e.field("operand")?).map(|t| format!("*{t}"))
            }
            "composite_literal" => e.field("type").map(|t| squash(self.text(t))),
            "call_expression" => {
                let results = self.call_results(e)?;
                (results.len() == 1).then(|| results[0].clone())
            }
            _ => None,
        }
    }

    /// The type of `name` (used at `use`) bound by `switch name := x.(type)` in the
    /// enclosing clause, when that clause lists exactly one type (then `name` has
    /// that type there) and nothing in the clause declares `name` again.
    fn type_switch_binding(&self, use_: Node<'_>, name: &str) -> Option<String> {
        let mut cur = use_.parent();
        while let Some(n) = cur {
            if n.k() == "type_case" {
                let switch = n.parent()?;
                let binds = switch
                    .field("alias")
                    .map(named_children)
                    .is_some_and(|a| a.len() == 1 && self.text(a[0]) == name);
                if binds {
                    let mut c = n.walk();
                    let types: Vec<Node<'_>> = n.children_by_field_name("type", &mut c).collect();
                    let [ty] = types.as_slice() else {
                        return None;
                    };
                    let ty = squash(self.text(*ty));
                    if ty == "nil" || declares_again(n, name, &self.file.text) {
                        return None;
                    }
                    return Some(ty);
                }
            }
            cur = n.parent();
        }
        None
    }

    /// Result types of a call to a function or method declared in the package.
    pub fn call_results(&self, call: Node<'_>) -> Option<Vec<String>> {
        let f = unparen(call.field("function")?);
        match f.k() {
            "identifier" if self.package_level(f) => self
                .package
                .func_results(self.text(f))
                .map(<[String]>::to_vec),
            "selector_expression" => {
                let operand = f.field("operand")?;
                let field = self.text(f.field("field")?);
                if self.is_import(operand) {
                    let pkg = self.text(operand);
                    let path = self.import_path_of(pkg);
                    if let Some(t) = crate::allowlist::result_type(path, field, pkg) {
                        return Some(vec![t]);
                    }
                    let (_, results) =
                        self.package.foreign_func(self.imported_here(pkg)?, field)?;
                    return results.into_iter().collect();
                }
                let recv = self.type_of(operand)?;
                if let Some((q, ty)) = crate::package::qualified_type(&recv) {
                    // A type text may come from another file of the package: its
                    // qualifier must mean the same package in all of them.
                    let path = self.package.import_path(q)?;
                    if let Some(r) = crate::allowlist::method_result_types(path, ty, field, q) {
                        return Some(r);
                    }
                    let (_, _, results) = self.package.foreign_method(&recv, field)?;
                    return results.into_iter().collect();
                }
                let (_, info) = self.package.method(&recv, field)?;
                Some(info.results.clone())
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

    /// A size `make` accepts for any element type: not negative and not so large
    /// that the allocation's length is out of range (`make([]uint64, 1<<48)`
    /// compiles and panics): an integer literal up to 65536, `len`/`cap` of
    /// something (the length of memory that exists), or a sum of those. A named
    /// constant's value, and products, are not bounded here.
    fn is_non_negative_size(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        match e.k() {
            "int_literal" | "identifier" | "binary_expression"
                if self.small_constant(e).is_some_and(|v| v <= 1 << 16) =>
            {
                true
            }
            "call_expression" => e
                .field("function")
                .is_some_and(|f| matches!(self.text(f), "len" | "cap") && self.universe(f)),
            "binary_expression" => {
                e.field("operator").is_some_and(|o| o.k() == "+")
                    && ["left", "right"]
                        .iter()
                        .all(|f| e.field(f).is_some_and(|x| self.is_non_negative_size(x)))
            }
            _ => false,
        }
    }

    /// The value of a constant size expression: an integer literal, a package
    /// constant declared as one, and `+`, `*`, `<<` of those (None on overflow or
    /// anything else).
    fn small_constant(&self, e: Node<'_>) -> Option<u64> {
        let e = unparen(e);
        match e.k() {
            "int_literal" => crate::syntax::int_literal_value(self.text(e)),
            "identifier" if self.package_level(e) => self.package.const_value(self.text(e)),
            "binary_expression" => {
                let l = self.small_constant(e.field("left")?)?;
                let r = self.small_constant(e.field("right")?)?;
                match e.field("operator")?.k() {
                    "+" => l.checked_add(r),
                    "*" => l.checked_mul(r),
                    "<<" if r < 63 => l.checked_mul(1u64 << r),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A shift count known not to be negative: a constant, or of an unsigned type.
    fn is_non_negative(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        if matches!(e.k(), "int_literal") || is_nonzero_constant(e, self) {
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
        e.k() == "call_expression"
            && e.field("function").is_some_and(|f| {
                matches!(
                    self.text(f),
                    "uint" | "uint8" | "uint16" | "uint32" | "uint64" | "uintptr" | "byte"
                ) && self.universe(f)
            })
    }

    /// Comparing can only panic when both sides are interfaces (or structs/arrays
    /// holding them) with the same non-comparable dynamic type. A side of a basic,
    /// string, pointer or channel type, or `nil`, rules that out.
    fn comparison_cannot_panic(&self, a: Node<'_>, b: Node<'_>) -> bool {
        self.is_basic_typed(a)
            || self.is_basic_typed(b)
            || self.comparable_dynamic_type(a)
            || self.comparable_dynamic_type(b)
    }

    /// Does `e` hold a value whose (dynamic) type compares without panicking: a
    /// non-interface type with no interface inside (`[32]byte`, a struct of numbers),
    /// or a known error value (`io.EOF`, a package `var errX = errors.New(..)`)?
    /// Comparing anything with such a value never panics: a comparison panics only
    /// when both sides hold the same non-comparable dynamic type.
    fn comparable_dynamic_type(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        let ty = match e.k() {
            "composite_literal" => e.field("type").map(|t| squash(self.text(t))),
            "identifier" if self.package_level(e) && self.package.is_error_value(self.text(e)) => {
                self.note(format!(
                    "`{}` holds an errors.New/fmt.Errorf value (a pointer) and is never reassigned",
                    self.text(e)
                ));
                return true;
            }
            "selector_expression" => {
                let operand = e.field("operand");
                if let Some(pkg) = operand.filter(|o| self.is_import(*o)).map(|o| self.text(o)) {
                    let path = self.import_path_of(pkg);
                    let field = e.field("field").map_or("", |f| self.text(f));
                    // An exported variable of another package (`io.EOF`) can be
                    // reassigned by any package of the program: what it holds is
                    // not certain.
                    let _ = (path, field);
                    return false;
                }
                self.type_of(e)
            }
            _ => self.type_of(e),
        };
        ty.is_some_and(|t| {
            !matches!(self.package.shape(&t), Shape::Interface | Shape::Unknown)
                && self.package.hash_cannot_panic(&t)
        })
    }

    /// `x[lo:hi:max]` of a slice or string with bounds that are always in order:
    /// each absent, `0`, `len(x)` or (3-index, slices) `cap(x)`, non-decreasing in
    /// 0 <= len(x) <= cap(x): `x[:0]`, `x[:]`, `x[len(x):]`, `x[:len(x):len(x)]`.
    fn slice_in_range(&self, n: Node<'_>) -> bool {
        let Some(operand) = n.field("operand").map(unparen) else {
            return false;
        };
        if !matches!(operand.k(), "identifier" | "selector_expression") {
            return false;
        }
        let shape = self.shape_of(operand);
        if !matches!(shape, Shape::Slice | Shape::String) {
            return false;
        }
        let x = squash(self.text(operand));
        // 0 → 0, len(x) → 1, cap(x) → 2.
        let rank = |field: &str, absent: u8| -> Option<u8> {
            let Some(b) = n.field(field).map(unparen) else {
                return Some(absent);
            };
            if self.text(b) == "0" {
                return Some(0);
            }
            if b.k() != "call_expression" {
                return None;
            }
            let f_node = b.field("function")?;
            let f = self.text(f_node);
            let args = b.field("arguments")?;
            if !self.universe(f_node) || args.named_child_count() != 1 {
                return None;
            }
            if squash(self.text(args.named_child(0)?)) != x {
                return None;
            }
            match f {
                "len" => Some(1),
                "cap" if shape == Shape::Slice => Some(2),
                _ => None,
            }
        };
        let has_max = n.field("capacity").is_some();
        let (Some(lo), Some(hi), Some(max)) =
            (rank("start", 0), rank("end", 1), rank("capacity", 2))
        else {
            return false;
        };
        let ok = lo <= hi && (!has_max || hi <= max) && (has_max || hi <= 1);
        if ok {
            self.note(format!(
                "slice `{}`: its bounds are in order for any `{x}`",
                self.text(n)
            ));
        }
        ok
    }

    /// An integer constant: a literal, a constant of the package or the function
    /// (not shadowed), or `+ - * << >> & | ^` and parentheses of those. Go rejects a
    /// constant index or slice bound that is out of range for an array at compile time.
    fn is_constant_int(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        match e.k() {
            "int_literal" => true,
            "identifier" => self.constant(e),
            "binary_expression" => {
                e.field("operator").is_some_and(|o| {
                    matches!(o.k(), "+" | "-" | "*" | "<<" | ">>" | "&" | "|" | "^")
                }) && ["left", "right"]
                    .iter()
                    .all(|f| e.field(f).is_some_and(|x| self.is_constant_int(x)))
            }
            _ => false,
        }
    }

    /// `a[lo:hi]` / `a[lo:hi:max]` of an array (not a pointer to one) with every
    /// bound absent or constant: the compiler checks them against the length.
    fn array_sliced_by_constants(&self, n: Node<'_>) -> bool {
        let Some(operand) = n.field("operand") else {
            return false;
        };
        self.shape_of(operand) == Shape::Array
            && ["start", "end", "capacity"]
                .iter()
                .all(|f| n.field(f).is_none_or(|b| self.is_constant_int(b)))
    }

    /// Is `e` certainly of a basic, string, pointer or channel type (or nil)?
    pub fn is_basic_typed(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        match e.k() {
            // A local or package variable named `nil` (or `true`) may hold anything.
            "nil" | "true" | "false" | "iota" => self.predeclared_literal(e),
            _ if crate::syntax::is_literal(e) => true,
            "binary_expression" => true, // arithmetic, comparisons and logic never yield interfaces
            "unary_expression" => e
                .child(0)
                .is_some_and(|o| matches!(o.k(), "!" | "-" | "+" | "^" | "&")),
            "call_expression" => e.field("function").is_some_and(|f| {
                let name = self.text(f);
                self.universe(f)
                    && (matches!(name, "len" | "cap")
                        || (is_conversion_type(name) && !matches!(name, "error" | "any")))
            }),
            "identifier" if self.constant(e) => true,
            _ => {
                matches!(
                    self.type_of(e).map(|t| self.package.shape(&t)),
                    Some(Shape::Basic | Shape::String | Shape::Pointer(_) | Shape::Chan)
                )
            }
        }
    }

    /// Is `e` of a type that has no methods: a literal, a predeclared basic type or
    /// `string` (not a named type of the package, which may declare `String`), a
    /// comparison, `len`/`cap`, or arithmetic on such operands? Or an error value
    /// made by errors.New or fmt.Errorf, whose Error method only returns a string?
    fn has_no_methods(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        match e.k() {
            "nil" | "true" | "false" | "iota" => self.predeclared_literal(e),
            _ if crate::syntax::is_literal(e) => true,
            "binary_expression" => match e.field("operator").map(|o| o.k()) {
                // A comparison is an untyped bool; `&&` and `||` have their
                // operands' type, which may be a named bool with a String method.
                Some("==" | "!=" | "<" | "<=" | ">" | ">=") => true,
                _ => ["left", "right"]
                    .iter()
                    .all(|f| e.field(f).is_some_and(|x| self.has_no_methods(x))),
            },
            "unary_expression" => {
                e.child(0)
                    .is_some_and(|o| matches!(o.k(), "-" | "+" | "!" | "^"))
                    && e.field("operand").is_some_and(|x| self.has_no_methods(x))
            }
            "call_expression" => e.field("function").is_some_and(|f| {
                self.universe(f)
                    && (matches!(self.text(f), "len" | "cap")
                        || crate::package::BASIC.contains(&self.text(f))
                        || self.text(f) == "string")
            }),
            // An errors.New / fmt.Errorf value: its Error method returns a string
            // computed when it was made.
            "identifier" if self.package_level(e) && self.package.is_error_value(self.text(e)) => {
                true
            }
            _ => self.type_of(e).is_some_and(|t| {
                (crate::package::BASIC.contains(&t.as_str()) || t == "string")
                    && !self.package.declares(&t)
            }),
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

    /// The import path that the import name `pkg` stands for here (this file's
    /// imports first, then the package's), or `pkg` itself when unknown.
    fn import_path_of<'s>(&'s self, pkg: &'s str) -> &'s str {
        self.imports
            .get(pkg)
            .map(String::as_str)
            .or_else(|| self.package.import_path(pkg))
            .unwrap_or(pkg)
    }

    /// The import name `q` for a lookup in the package it names, when this
    /// file binds it to the path the package's other files do (the program's
    /// packages are looked up by the package's bindings).
    fn imported_here<'q>(&self, q: &'q str) -> Option<&'q str> {
        (self.package.import_path(q) == Some(self.import_path_of(q))).then_some(q)
    }

    /// Is `n` an identifier naming an imported package here?
    fn is_import(&self, n: Node<'_>) -> bool {
        n.k() == "identifier" && matches!(self.resolve(n), Resolved::Import(_))
    }

    /// The first expression in `node` (func literal bodies excluded: they do not run
    /// here) that can panic.
    pub fn first_may_panic(&self, node: Node<'_>) -> Option<MayPanic> {
        let mut found = None;
        // `walk_function` does not enter nested func literals: every node it visits
        // runs here, `node` itself included (also when `node` is a statement of a func
        // literal's body, such as a send in the region of a defer in a closure).
        walk_function(node, &mut |n| {
            if found.is_none() {
                found = self.check_node(n);
            }
        });
        found
    }

    fn may(&self, n: Node<'_>, reason: String) -> Option<MayPanic> {
        Some(MayPanic {
            span: n.byte_range(),
            cause: reason.clone(),
            reason,
            on_package_call: false,
        })
    }

    fn check_node(&self, n: Node<'_>) -> Option<MayPanic> {
        match n.k() {
            "call_expression" => self.check_call(n),
            "index_expression" => {
                let operand = n.field("operand")?;
                let key_ok = || self.map_key_cannot_panic(operand);
                match self.shape_of(operand) {
                    Shape::Map if !key_ok() => self.may(
                        n,
                        format!("map index `{}`: hashing the key panics if its dynamic type is not comparable", self.text(n)),
                    ),
                    Shape::Map
                        if is_assignment_target(n)
                            && !(unparen(operand).k() == "identifier"
                                && self.is_non_nil(operand)) =>
                    {
                        self.may(
                            n,
                            format!("map write `{}` panics if the map is nil", self.text(n)),
                        )
                    }
                    Shape::Map if is_assignment_target(n) => None,
                    Shape::Map => {
                        self.note(format!("`{}` reads a map: a missing key gives the zero value", self.text(n)));
                        None
                    }
                    _ if is_generic_instantiation(n, self) => None,
                    Shape::Array
                        if n
                            .field("index")
                            .is_some_and(|i| self.is_constant_int(i)) =>
                    {
                        self.note(format!(
                            "index `{}`: a constant index into an array is checked by the compiler",
                            self.text(n)
                        ));
                        None
                    }
                    _ => self.may(n, format!("index `{}` may be out of range", self.text(n))),
                }
            }
            "slice_expression" if self.slice_in_range(n) => None,
            "slice_expression" if self.array_sliced_by_constants(n) => {
                self.note(format!(
                    "slice `{}`: constant bounds of an array are checked by the compiler",
                    self.text(n)
                ));
                None
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
                let op = n.field("operator").map(|o| o.k());
                let left = n.field("left")?;
                let right = n.field("right")?;
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
                let op = n.field("operator").map(|o| o.k());
                let right = n.field("right").and_then(|r| r.named_child(0))?;
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
                let value = switch.field("value")?;
                let cases = n.field("value").map(named_children).unwrap_or_default();
                let bad = cases
                    .into_iter()
                    .find(|c| !self.comparison_cannot_panic(value, *c))?;
                self.may(bad, format!("switch case `{}` panics if it holds the same non-comparable dynamic type as the switch value", self.text(bad)))
            }
            "range_clause" => {
                let right = n.field("right")?;
                match self.shape_of(right) {
                    Shape::Slice | Shape::Map | Shape::String | Shape::Chan | Shape::Array | Shape::Basic => None,
                    // A pointer to an array: with a value variable the array is read
                    // through the pointer, which panics when it is nil.
                    Shape::Pointer(_) => {
                        let values = n.field("left").map(|l| named_children(l).len()).unwrap_or(0);
                        if values < 2 || self.is_non_nil(right) {
                            None
                        } else {
                            self.may(right, format!("range over `{}` reads the array through a pointer, which panics if it is nil", self.text(right)))
                        }
                    }
                    _ if self.is_basic_typed(right) => None,
                    _ => self.may(right, format!("range over `{}`: unless it is a slice, map, string, channel or integer it may call an iterator function, which can panic", self.text(right))),
                }
            }
            // `map[K]V{k: v}` hashes each key: an interface key holding a value of
            // a non-comparable dynamic type panics. Constant keys cannot.
            "composite_literal" => {
                let ty = squash(self.text(n.field("type")?));
                let resolved = self.resolved(&ty);
                let key_type = map_key_type(&resolved)?;
                if self.package.hash_cannot_panic(&key_type) {
                    return None;
                }
                let body = n.field("body")?;
                for elem in named_children(body) {
                    if elem.k() != "keyed_element" {
                        continue;
                    }
                    let Some(key) = elem.named_child(0) else {
                        continue;
                    };
                    let key = if key.k() == "literal_element" {
                        key.named_child(0).unwrap_or(key)
                    } else {
                        key
                    };
                    if crate::syntax::is_literal(key) && key.k() != "nil" || self.constant(key) {
                        continue;
                    }
                    return self.may(
                        key,
                        format!("map literal key `{}`: hashing it panics if its dynamic type is not comparable", self.text(key)),
                    );
                }
                None
            }
            "type_conversion_expression" => {
                let ty = n.field("type")?;
                // []T → [N]T and []T → *[N]T panic when the slice is too short.
                if matches!(
                    ty.k(),
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
            "unary_expression" if n.child(0).is_some_and(|o| o.k() == "*") => {
                let operand = n.field("operand")?;
                if self.is_non_nil(operand) {
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

    /// Evaluating the method value `x.m` (called later, by `go` or `defer`, or
    /// kept): it panics for a nil interface `x`, for a nil pointer `x` when `m`
    /// has a value receiver, or through a nil embedded pointer. Only a method the
    /// package declares, on a receiver that cannot be nil there (or with a pointer
    /// receiver on a pointer), or a lock method of sync, is certain not to.
    fn method_value_may_panic(&self, sel: Node<'_>) -> Option<MayPanic> {
        let operand = unparen(sel.field("operand")?);
        if self.is_import(operand) {
            return None;
        }
        let method = self.text(sel.field("field")?);
        let shown = squash(self.text(sel));
        let Some(ty) = self.type_of(operand) else {
            return self.may(
                sel,
                format!("method value `{shown}`: the type of `{}` is not known here, evaluating it may panic", self.text(operand)),
            );
        };
        if let Some(e) = self
            .package
            .promoted_through_pointer(&ty, method)
            .filter(|e| !self.embedded_non_nil(operand, e))
        {
            return self.may(
                sel,
                format!("method value `{shown}` goes through the embedded pointer `{e}`, which may be nil"),
            );
        }
        let pointer = ty.starts_with('*');
        let base = ty.trim_start_matches('*');
        let sync_lock = matches!(base, "sync.Mutex" | "sync.RWMutex")
            || ((self.package.embeds(&ty, "sync.Mutex")
                || self.package.embeds(&ty, "sync.RWMutex"))
                && matches!(method, "Lock" | "Unlock" | "RLock" | "RUnlock"));
        let ok = match self.package.method(&ty, method) {
            Some((_, info)) => !pointer || info.pointer_receiver || self.is_non_nil(operand),
            None => sync_lock && (pointer || !matches!(self.package.shape(&ty), Shape::Interface)),
        };
        if ok {
            return None;
        }
        self.may(
            sel,
            format!(
                "method value `{shown}` evaluates `{}`, which may be nil or an interface",
                self.text(operand)
            ),
        )
    }

    /// `x.f` reads through a pointer when x is a pointer: nil panics.
    fn check_field_read(&self, n: Node<'_>) -> Option<MayPanic> {
        // A method value being called is checked as a call.
        if n.parent()
            .is_some_and(|p| p.k() == "call_expression" && p.field("function") == Some(n))
        {
            return None;
        }
        let operand = unparen(n.field("operand")?);
        if self.is_import(operand) {
            return None;
        }
        // `s.n` with `n` promoted from an embedded `*Inner` reads `s.Inner.n`.
        let field = self.text(n.field("field")?);
        // Not a field: a method value (`f := b.Name`), which evaluates its receiver.
        if self
            .type_of(operand)
            .is_none_or(|t| self.package.field_type(&t, field).is_none())
        {
            return self.method_value_may_panic(n);
        }
        if let Some(e) = self
            .type_of(operand)
            .and_then(|t| self.package.promoted_through_pointer(&t, field))
            .filter(|e| !self.embedded_non_nil(operand, e))
        {
            return self.may(
                n,
                format!(
                    "field read `{}` goes through the embedded pointer `{e}`, which may be nil",
                    self.text(n)
                ),
            );
        }
        if operand.k() == "identifier" && self.is_non_nil(operand) {
            return None;
        }
        if operand.k() == "selector_expression"
            && matches!(self.shape_of(operand), Shape::Pointer(_))
            && self.is_non_nil(operand)
        {
            return None;
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
        let func = unparen(n.field("function")?);
        // `go f(x)`: a panic in f happens on another goroutine. `defer f(x)`: in a
        // region, f runs after the exit (the later-defer check covers it); in a
        // function summary, it runs before the function returns and counts.
        if n.parent().is_some_and(|p| {
            p.k() == "go_statement" || (p.k() == "defer_statement" && !self.summary)
        }) {
            // The call happens later (or elsewhere), but the function value and
            // its receiver are evaluated here: `go j.Run()` dereferences a nil `j`
            // of a value-receiver method, or a nil interface, right now.
            return func
                .k()
                .eq("selector_expression")
                .then(|| self.method_value_may_panic(func))
                .flatten();
        }
        if func.k() == "func_literal" {
            // Called right here: its body runs now.
            return func.field("body").and_then(|b| self.first_may_panic(b));
        }
        if func.k() == "index_expression" {
            // `F[T](x)`: an instantiated generic function of the package.
            if let Some(op) = func.field("operand").map(unparen) {
                let name = self.text(op);
                if self.package_level(op) && self.package.is_func(name) {
                    return self.package_call(n, name, name);
                }
            }
        }
        if func.k() == "selector_expression" {
            return self.check_selector_call(n, func);
        }
        if func.k() == "identifier" {
            let name = self.text(func);
            let resolved = self.resolve(func);
            if resolved == Resolved::Universe {
                if name == "panic" {
                    if self.served_panics.contains(&n.byte_range()) {
                        let shown = self.text(n);
                        let shown = if shown.contains('\n') {
                            "panic(…)"
                        } else {
                            shown
                        };
                        self.note(format!(
                            "`{shown}` is an exit: the explicit call is made before it, after its argument is evaluated"
                        ));
                        return None;
                    }
                    return self.may(n, format!("explicit `{}`", self.text(n)));
                }
                if name == "new" {
                    return self.new_argument_may_panic(n);
                }
                if SAFE_BUILTINS.contains(&name) || is_conversion_type(name) {
                    return None;
                }
                if name == "make" {
                    let args = n.field("arguments").map(named_children).unwrap_or_default();
                    if args.iter().skip(1).all(|a| self.is_non_negative_size(*a)) {
                        return None;
                    }
                    return self.may(
                        n,
                        format!(
                            "`{}` panics if a size is negative or too large",
                            self.text(n)
                        ),
                    );
                }
                if name == "delete" {
                    let map = n
                        .field("arguments")
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
            if resolved == Resolved::Package {
                // A conversion to a type declared in the package: it panics only
                // from a slice to an array or an array pointer (through any chain of
                // defined types: `type A B; type B [4]int`).
                if self.package.type_decl(name).is_some() {
                    if matches!(
                        self.package.shape(name),
                        Shape::Array | Shape::Pointer(_) | Shape::Unknown
                    ) {
                        return self.may(
                            n,
                            format!(
                                "conversion `{}` panics if a slice is too short",
                                self.text(n)
                            ),
                        );
                    }
                    return None;
                }
                if self.package.is_func(name) {
                    return self.package_call(n, name, name);
                }
            }
            if let Resolved::Local { kind, .. } = resolved {
                if matches!(
                    kind,
                    crate::semantic::scope::LocalKind::Type
                        | crate::semantic::scope::LocalKind::TypeParam
                ) {
                    return self.may(
                        n,
                        format!("conversion `{}` to the local type `{name}`, whose shape is not known here", self.text(n)),
                    );
                }
                return self.may(n, format!("call through the func value `{name}`"));
            }
        }
        self.may(n, format!("call to `{}`", squash(self.text(func))))
    }

    /// Is the first argument of `call` an address `&x` (never nil)?
    fn first_arg_is_address(&self, call: Node<'_>) -> bool {
        call.field("arguments")
            .and_then(|a| a.named_child(0))
            .map(unparen)
            .is_some_and(|a| {
                a.k() == "unary_expression" && a.child(0).is_some_and(|o| o.k() == "&")
            })
    }

    /// `x.m(...)`: a function of another package, or a method.
    fn check_selector_call(&self, n: Node<'_>, func: Node<'_>) -> Option<MayPanic> {
        let operand = unparen(func.field("operand")?);
        let method = self.text(func.field("field")?);
        let shown = squash(self.text(func));
        if self.is_import(operand) {
            let pkg = self.text(operand);
            let path = self.import_path_of(pkg);
            let key = format!("{path}.{method}");
            if self.package.allowlisted(&key) {
                // fmt calls the String, Error, Format and GoString methods of its
                // operands: a method that panics with a value whose Error panics
                // makes fmt panic again, and one that calls runtime.Goexit ends the
                // goroutine. Only operands that cannot have methods are safe.
                if crate::allowlist::CALLS_OPERAND_METHODS.contains(&key.as_str()) {
                    let args = n.field("arguments").map(named_children).unwrap_or_default();
                    if let Some(bad) = args.into_iter().find(|a| !self.has_no_methods(*a)) {
                        return self.may(
                            n,
                            format!(
                                "`{shown}` calls the String/Error methods of `{}`, which may panic or end the goroutine",
                                squash(self.text(bad))
                            ),
                        );
                    }
                }
                self.note(format!("`{shown}` is on the no-panic allowlist ({key})"));
                return None;
            }
            if path == "sync/atomic" && atomic_word_op(method) && self.first_arg_is_address(n) {
                self.note(format!(
                    "`{shown}` on `&...`: an atomic operation on a word-sized value panics only on a nil address"
                ));
                return None;
            }
            // A function of a package the program knows: its summary there.
            if let Some((view, _)) = self
                .imported_here(pkg)
                .and_then(|q| self.package.foreign_func(q, method))
            {
                return self.foreign_call(n, &view, method, &shown, &key);
            }
            return self.may(
                n,
                format!("call to `{shown}` (package {path}, not known to be panic-free)"),
            );
        }
        let Some(recv_ty) = self.type_of(operand) else {
            return self.may(
                n,
                format!(
                    "call to `{shown}`: the type of `{}` is not known here",
                    self.text(operand)
                ),
            );
        };
        let pointer = recv_ty.starts_with('*');
        if pointer && !self.is_non_nil(operand) {
            return self.may(
                n,
                format!("call to `{shown}`: `{}` may be nil", self.text(operand)),
            );
        }
        // A method promoted through an embedded pointer is called on that pointer,
        // which may be nil (the method's summary assumes its receiver is not).
        if let Some(e) = self
            .package
            .promoted_through_pointer(&recv_ty, method)
            .filter(|e| !self.embedded_non_nil(operand, e))
        {
            return self.may(
                n,
                format!(
                    "call to `{shown}`: it is promoted through the embedded pointer `{e}`, which may be nil"
                ),
            );
        }
        if let Some((key, _)) = self.package.method(&recv_ty, method) {
            return self.package_call(n, &key, &shown);
        }
        // A method of a type from another package: `sync.Mutex`, `atomic.Int64`.
        let base = recv_ty.trim_start_matches('*');
        let base = base.split('[').next().unwrap_or(base);
        if let Some((pkg, ty)) = base.split_once('.') {
            let path = self.import_path_of(pkg);
            let key = format!("{path}.{ty}.{method}");
            if self.package.allowlisted(&key) {
                self.note(format!("`{shown}` is on the no-panic allowlist ({key})"));
                return None;
            }
            // A method of a type of a package the program knows (the receiver is
            // not nil: checked above): its summary there.
            if let Some((view, mkey, _)) = self.package.foreign_method(&recv_ty, method) {
                return self.foreign_call(n, &view, &mkey, &shown, &key);
            }
            if self.package.foreign_type(&recv_ty).is_some() {
                match self.package.shape(&recv_ty) {
                    Shape::Interface => {
                        return self
                            .may(n, format!("call to the interface method `{shown}` ({key})"))
                    }
                    Shape::Func => {
                        return self.may(n, format!("call through the func value `{shown}`"))
                    }
                    _ => {}
                }
            }
            return self.may(
                n,
                format!("call to `{shown}` ({key}, not known to be panic-free)"),
            );
        }
        match self.package.shape(&recv_ty) {
            Shape::Interface => self.may(n, format!("call to the interface method `{shown}`")),
            Shape::Func => self.may(n, format!("call through the func value `{shown}`")),
            _ => self.may(n, format!("call to `{shown}`")),
        }
    }

    /// A call to the function or method `key` of another package, `view`, which
    /// the program loaded: proven when its summary there is.
    fn foreign_call(
        &self,
        n: Node<'_>,
        view: &PackageView,
        key: &str,
        shown: &str,
        full: &str,
    ) -> Option<MayPanic> {
        let from = view.provenance().unwrap_or("another package");
        match view.summary(key) {
            crate::summary::Summary::NoPanic => {
                self.note(format!(
                    "`{shown}` ({full}) is proven panic-free from its body ({from})"
                ));
                None
            }
            crate::summary::Summary::MayPanic(why) => {
                let why = why.unwrap_or_else(|| "it is not proven panic-free".to_string());
                self.may(
                    n,
                    format!("call to `{shown}` ({full}, {from}), which may panic: {why}"),
                )
            }
        }
    }

    /// A call to the package's own function or method `key`.
    fn package_call(&self, n: Node<'_>, key: &str, shown: &str) -> Option<MayPanic> {
        let known = match self.state {
            Some(state) => state.call(key),
            None => match self.package.summary(key) {
                crate::summary::Summary::NoPanic => None,
                crate::summary::Summary::MayPanic(why) => Some(why),
            },
        };
        let Some(why) = known else {
            self.note(format!(
                "`{shown}` ({key}) is proven panic-free: its body cannot panic"
            ));
            return None;
        };
        let why = why.unwrap_or_else(|| crate::summary::RECURSIVE.to_string());
        Some(MayPanic {
            span: n.byte_range(),
            reason: format!("call to `{shown}`, which may panic: {why}"),
            on_package_call: true,
            cause: why,
        })
    }

    /// Is `e` certainly not a nil pointer here?
    fn is_non_nil(&self, e: Node<'_>) -> bool {
        let e = unparen(e);
        match e.k() {
            "identifier" => {
                let name = self.text(e);
                if self.non_nil.iter().any(|x| x == name) {
                    self.note(format!(
                        "`{name}` is not nil here: it was dereferenced before"
                    ));
                    return true;
                }
                match self.flow_non_nil(name, e) {
                    Some(why) => {
                        self.note(format!("`{name}` is not nil here: {why}"));
                        true
                    }
                    None => false,
                }
            }
            "unary_expression" => e.child(0).is_some_and(|o| o.k() == "&"),
            "selector_expression" => match self.field_path_non_nil(e) {
                Some(why) => {
                    self.note(format!("`{}` is not nil here: {why}", squash(self.text(e))));
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    /// Does `cond` being true mean `name != nil`? (`name != nil`, or an `&&` with it.)
    fn implies_non_nil(&self, cond: Node<'_>, name: &str) -> bool {
        let c = unparen(cond);
        if c.k() != "binary_expression" {
            return false;
        }
        match c.field("operator").map(|o| o.k()) {
            Some("&&") => ["left", "right"]
                .iter()
                .any(|f| c.field(f).is_some_and(|x| self.implies_non_nil(x, name))),
            Some("!=") => self.compares_with_nil(c, name),
            _ => false,
        }
    }

    /// Does `cond` being false mean `name != nil`? (`name == nil`, or an `||` with it.)
    fn implies_nil(&self, cond: Node<'_>, name: &str) -> bool {
        let c = unparen(cond);
        if c.k() != "binary_expression" {
            return false;
        }
        match c.field("operator").map(|o| o.k()) {
            Some("||") => ["left", "right"]
                .iter()
                .any(|f| c.field(f).is_some_and(|x| self.implies_nil(x, name))),
            Some("==") => self.compares_with_nil(c, name),
            _ => false,
        }
    }

    fn compares_with_nil(&self, c: Node<'_>, name: &str) -> bool {
        let (Some(l), Some(r)) = (c.field("left").map(unparen), c.field("right").map(unparen))
        else {
            return false;
        };
        let is = |x: Node<'_>| x.k() == "identifier" && self.text(x) == name;
        let nil = |x: Node<'_>| x.k() == "nil" && self.predeclared_literal(x);
        (is(l) && nil(r)) || (is(r) && nil(l))
    }
}

/// Does a block end by leaving its statement list for good (return, panic, or a
/// jump: continue, break, goto)?
fn leaves_the_list(block: Node<'_>, text: &str) -> bool {
    crate::syntax::list_is_terminating(block, text)
        || crate::syntax::statements(block)
            .last()
            .is_some_and(|s| matches!(s.k(), "continue_statement" | "break_statement"))
}

/// `x.(T)` in `v, ok := x.(T)` / `v, ok = x.(T)` / `var v, ok = x.(T)`.
fn is_comma_ok(n: Node<'_>) -> bool {
    let Some(list) = n.parent().filter(|p| p.k() == "expression_list") else {
        return false;
    };
    if list.named_child_count() != 1 {
        return false;
    }
    let Some(stmt) = list.parent() else {
        return false;
    };
    let left = stmt.field("left").or_else(|| stmt.field("name"));
    match stmt.k() {
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

/// Is `n` written to (left of `=`, `op=`, `++`, `--`, of a `range` or of a
/// receive in a `select` case), parenthesized or not?
fn is_assignment_target(n: Node<'_>) -> bool {
    let Some(mut parent) = n.parent() else {
        return false;
    };
    // `(m[k]) = v`, `(m[k])++`.
    while parent.k() == "parenthesized_expression" {
        match parent.parent() {
            Some(p) => parent = p,
            None => return false,
        }
    }
    match parent.k() {
        // `m[k] = v`, `for m[k] = range xs`, `case m[k] = <-ch:`.
        "expression_list" => parent.parent().is_some_and(|s| {
            matches!(
                s.k(),
                "assignment_statement" | "range_clause" | "receive_statement"
            ) && s.field("left") == Some(parent)
        }),
        "inc_statement" | "dec_statement" => true,
        _ => false,
    }
}

/// `F[int]` parses as an index expression; an identifier naming a package function
/// or type followed by `[` is an instantiation, not an index.
fn is_generic_instantiation(n: Node<'_>, a: &PanicAnalyzer<'_>) -> bool {
    let Some(op) = n.field("operand") else {
        return false;
    };
    op.k() == "identifier" && {
        let name = a.text(op);
        a.package_level(op) && (a.package.is_func(name) || a.package.type_decl(name).is_some())
    }
}

fn is_nonzero_constant(e: Node<'_>, a: &PanicAnalyzer<'_>) -> bool {
    let e = unparen(e);
    match e.k() {
        "int_literal" => a
            .text(e)
            .trim_start_matches(['0', '_', 'x', 'X', 'b', 'B', 'o', 'O'])
            .chars()
            .any(|c| c != '0' && c != '_'),
        "float_literal" => true,
        "identifier" => a.constant(e),
        _ => false,
    }
}

/// (name, import path) of each import of a file; the name is the alias, or the usual
/// package name derived from the path (last element, without a `go-` prefix or a
/// `.vN` / `-go` suffix).
pub fn imports_of(file: &SourceFile) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for decl in named_children(file.root()) {
        if decl.k() != "import_declaration" {
            continue;
        }
        let mut specs = Vec::new();
        for c in named_children(decl) {
            if c.k() == "import_spec_list" {
                specs.extend(named_children(c));
            } else {
                specs.push(c);
            }
        }
        for spec in specs {
            let Some(path_node) = spec.field("path") else {
                continue;
            };
            let path = file.text_of(path_node).trim_matches(['"', '`']).to_string();
            if let Some(name) = spec.field("name") {
                out.push((file.text_of(name).to_string(), path));
                continue;
            }
            let mut last = path.rsplit('/').next().unwrap_or(&path);
            if last.len() > 1
                && last.starts_with('v')
                && last[1..].chars().all(|c| c.is_ascii_digit())
            {
                last = path.rsplit('/').nth(1).unwrap_or(last);
            }
            let last = last.split('.').next().unwrap_or(last);
            let last = last.trim_start_matches("go-").trim_end_matches("-go");
            out.push((last.replace('-', "_"), path.clone()));
        }
    }
    out
}

/// The import names an import declaration writes (`h "example.com/helper"`),
/// other than `_` and `.`.
pub fn named_imports_of(decl: Node<'_>, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    crate::syntax::walk_all(decl, &mut |n| {
        if n.k() == "import_spec" {
            if let Some(name) = n.field("name").filter(|n| n.k() == "package_identifier") {
                out.push(text[name.byte_range()].to_string());
            }
        }
    });
    out
}

/// Does anything inside `clause` declare `name` (a variable, parameter, range or
/// switch binding)?
fn declares_again(clause: Node<'_>, name: &str, text: &str) -> bool {
    let mut found = false;
    crate::syntax::walk_all(clause, &mut |n| {
        let names = match n.k() {
            "type_switch_statement" => n.field("alias").map(named_children).unwrap_or_default(),
            _ => crate::syntax::declared_names(n),
        };
        found |= names.iter().any(|x| &text[x.byte_range()] == name);
    });
    found
}

/// The sync/atomic functions on 32-bit and pointer-sized words (`LoadUint32`,
/// `AddInt32`, `CompareAndSwapPointer`, ...). Their operands are always aligned, so
/// they panic only when the address is nil. (The 64-bit ones also panic on a
/// misaligned address on 32-bit platforms.)
fn atomic_word_op(name: &str) -> bool {
    let Some(ty) = [
        "CompareAndSwap",
        "Load",
        "Store",
        "Swap",
        "Add",
        "And",
        "Or",
    ]
    .iter()
    .find_map(|op| name.strip_prefix(op)) else {
        return false;
    };
    matches!(ty, "Int32" | "Uint32" | "Uintptr" | "Pointer")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileModel, FunctionKind};

    /// A statement that can panic by itself (a send, a map write) is found when it
    /// is in a func literal's body too, not only in a declared function's.
    #[test]
    fn statements_of_func_literals_are_checked() {
        let src = "package p\n\nfunc F(ch chan int, m map[string]int) func() {\n\tch <- 1\n\treturn func() {\n\t\tch <- 1\n\t\tm[\"k\"] = 1\n\t}\n}\n";
        let file = SourceFile::parse("a.go", src.to_string());
        let view = PackageView::build(&[&file]);
        let model = FileModel::build(&file);
        for func in &model.functions {
            let a = PanicAnalyzer::new(&file, &view, func);
            let stmts = crate::syntax::statements(func.body);
            let reasons: Vec<String> = stmts
                .iter()
                .filter(|s| s.k() != "return_statement")
                .map(|s| a.first_may_panic(*s).map(|p| p.reason).unwrap_or_default())
                .collect();
            let expected = match func.kind {
                FunctionKind::Literal => 2,
                _ => 1,
            };
            assert_eq!(reasons.len(), expected, "{}", func.name);
            for r in reasons {
                assert!(
                    !r.is_empty(),
                    "{}: a statement that can panic was not found",
                    func.name
                );
            }
        }
    }

    /// The first possible panic of each `return` of each function of `src`.
    fn return_panics(src: &str) -> Vec<(String, Option<String>)> {
        let file = SourceFile::parse("a.go", src.to_string());
        let view = PackageView::build(&[&file]);
        let model = FileModel::build(&file);
        let mut out = Vec::new();
        for func in &model.functions {
            let a = PanicAnalyzer::new(&file, &view, func);
            walk_function(func.body, &mut |n| {
                if n.k() == "return_statement" && n.named_child_count() > 0 {
                    out.push((func.name.clone(), a.first_may_panic(n).map(|p| p.reason)));
                }
            });
        }
        out
    }

    /// A `goto` may jump past a nil check or a dereference: in a function with one,
    /// only the conditions enclosing the use count, for a name written only where
    /// it is declared.
    #[test]
    fn goto_keeps_only_enclosing_nil_checks() {
        let src = "package p\n\ntype T struct{ v int }\n\n\
            func Skips(p *T, k int) int {\n\tif k > 0 {\n\t\tgoto L\n\t}\n\tif p == nil {\n\t\treturn 0\n\t}\nL:\n\treturn p.v\n}\n\n\
            func Inside(p *T, k int) int {\n\tif p != nil {\n\t\tif k > 0 {\n\t\t\tgoto L\n\t\t}\n\tL:\n\t\treturn p.v\n\t}\n\treturn 0\n}\n\n\
            func NoGoto(p *T) int {\n\tif p == nil {\n\t\treturn 0\n\t}\n\treturn p.v\n}\n";
        let got = return_panics(src);
        let reason = |f: &str, i: usize| {
            got.iter()
                .filter(|(n, _)| n == f)
                .nth(i)
                .and_then(|(_, r)| r.clone())
        };
        assert_eq!(
            reason("Skips", 1).as_deref(),
            Some("field read `p.v` panics if `p` is nil"),
            "{got:?}"
        );
        assert_eq!(reason("Inside", 0), None, "{got:?}");
        assert_eq!(reason("NoGoto", 1), None, "{got:?}");
    }

    /// In a method summary the receiver is assumed not nil on entry, but not once
    /// the method assigns it.
    #[test]
    fn a_summary_does_not_trust_a_reassigned_receiver() {
        let src = "package p\n\ntype T struct {\n\tnext *T\n\tv    int\n}\n\n\
            func (t *T) Own() int { return t.v }\n\n\
            func (t *T) Next() int {\n\tt = t.next\n\treturn t.v\n}\n";
        let file = SourceFile::parse("a.go", src.to_string());
        let view = PackageView::build(&[&file]);
        assert!(view.proven_no_panic("T.Own"));
        assert_eq!(
            view.may_panic_reason("T.Next").as_deref(),
            Some("field read `t.v` panics if `t` is nil")
        );
    }

    /// Only a pointer receiver is checked by the callers: a value receiver of
    /// a map type may be a nil map, and writing to it panics.
    #[test]
    fn a_map_receiver_is_not_assumed_non_nil() {
        let src = "package p\n\ntype Set map[string]bool\n\n\
            func (s Set) Add(k string) { s[k] = true }\n\n\
            func (s Set) Has(k string) bool { return s[k] }\n\n\
            type T struct{ m map[string]int }\n\n\
            func (t *T) Get(k string) int { return t.m[k] }\n";
        let file = SourceFile::parse("a.go", src.to_string());
        let view = PackageView::build(&[&file]);
        assert_eq!(
            view.may_panic_reason("Set.Add").as_deref(),
            Some("map write `s[k]` panics if the map is nil")
        );
        assert!(view.proven_no_panic("Set.Has"));
        assert!(
            view.proven_no_panic("T.Get"),
            "a pointer receiver is checked"
        );
    }

    /// `for m[k] = range`, a select case's `m[k] = <-ch` and a parenthesized
    /// `(m[k])++` write to the map, as `m[k] = v` does.
    #[test]
    fn map_writes_of_every_form_need_a_map_that_is_not_nil() {
        let src = "package p\n\n\
            func Range(m map[string]int, xs []int) {\n\tfor m[\"k\"] = range xs {\n\t}\n}\n\n\
            func Select(m map[string]int, ch chan int) {\n\tselect {\n\tcase m[\"c\"] = <-ch:\n\tdefault:\n\t}\n}\n\n\
            func Paren(m map[string]int) {\n\t(m[\"p\"])++\n}\n\n\
            func Made(xs []int) {\n\tm := make(map[string]int)\n\tfor m[\"k\"] = range xs {\n\t}\n}\n";
        let file = SourceFile::parse("a.go", src.to_string());
        let view = PackageView::build(&[&file]);
        for f in ["Range", "Select", "Paren"] {
            let why = view.may_panic_reason(f).unwrap_or_default();
            assert!(why.starts_with("map write"), "{f}: {why}");
        }
        assert!(view.proven_no_panic("Made"));
    }

    /// A nil check in an `if` initializer's scope says nothing of the outer
    /// variable of the same name after the `if`, for a local or a field path.
    #[test]
    fn a_check_of_an_if_scoped_variable_does_not_leak_out() {
        let src = "package p\n\ntype W struct{ n int }\n\ntype P struct {\n\tw *W\n\tx int\n}\n\n\
            func Shadowed(a *P) int {\n\t_ = a.x\n\tif a := (&P{w: &W{}}); a.w == nil {\n\t\treturn 0\n\t}\n\treturn a.w.n\n}\n\n\
            func Plain(a *P) int {\n\t_ = a.x\n\tif a.w == nil {\n\t\treturn 0\n\t}\n\treturn a.w.n\n}\n\n\
            func Local(a *P) int {\n\tp := a.w\n\tif p := (&W{}); p == nil {\n\t\treturn 0\n\t}\n\treturn p.n\n}\n";
        let file = SourceFile::parse("a.go", src.to_string());
        let view = PackageView::build(&[&file]);
        let model = FileModel::build(&file);
        for func in &model.functions {
            let a = PanicAnalyzer::new(&file, &view, func);
            let last = crate::syntax::statements(func.body)
                .into_iter()
                .last()
                .expect("a return");
            // The operand of the last field read: `a.w` or `p`.
            let mut operand = None;
            walk_function(last, &mut |n| {
                if operand.is_none() && n.k() == "selector_expression" {
                    operand = n.field("operand");
                }
            });
            let operand = operand.expect("a field read");
            let proven = match operand.k() {
                "identifier" => a.flow_non_nil(a.text(operand), operand).is_some(),
                _ => a.field_path_non_nil(operand).is_some(),
            };
            assert_eq!(proven, func.name == "Plain", "{}", func.name);
        }
    }
}
