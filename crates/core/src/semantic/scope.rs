//! Go's scopes, over the syntax tree: which declaration an identifier at a given
//! place refers to.
//!
//! The resolution is lazy: from the identifier, walk up the tree and look, in each
//! enclosing scope, for a declaration of the name that is in scope at the use
//! (Go spec, "Declarations and scope"):
//!
//! - a block or a case clause: the `var`, `const`, `type` and `:=` statements of its
//!   own statement list that come before the use. A variable or constant is in scope
//!   after its spec ends (`x := x + 1` reads the outer `x`), a type from its own name
//!   on (`type L struct{ next *L }`).
//! - `if`, `for`, `switch`: the names their initializer declares, in the rest of the
//!   statement; the names of `for k, v := range x` in the body (not in `x`); the
//!   name of `switch v := x.(type)` in each clause; `case v := <-ch:` in its clause.
//! - a function or func literal: its receiver, parameters, named results and type
//!   parameters (and those of a generic receiver type: `func (s *S[K, V])`).
//! - a type declaration with type parameters: those, in its type.
//!
//! A name found in none of these is [`Binding::Free`]: it is the package's, a file
//! import's, or the universe's, which the package view decides (see
//! [`crate::semantic::Names`]).

use crate::syntax::named_children;
use crate::syntax::NodeExt;
use std::cell::RefCell;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::rc::Rc;
use tree_sitter::Node;

/// What a local declaration declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalKind {
    /// A variable: `var`, `:=`, a range or receive binding, a type-switch binding.
    Var,
    Const,
    /// A type declared in a function (`type len = [2]int`).
    Type,
    /// A parameter, named result or receiver of a function or func literal.
    Param,
    /// A type parameter of a function, a type or a generic receiver.
    TypeParam,
}

/// What an identifier refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding<'t> {
    /// Declared in a function, a func literal or a type's parameter list: the
    /// declaring identifier and what it declares.
    Local { decl: Node<'t>, kind: LocalKind },
    /// Not declared in any enclosing local scope: a package-level name, an import,
    /// or a predeclared one.
    Free,
}

impl<'t> Binding<'t> {
    pub fn is_local(&self) -> bool {
        matches!(self, Binding::Local { .. })
    }
    pub fn kind(&self) -> Option<LocalKind> {
        match self {
            Binding::Local { kind, .. } => Some(*kind),
            Binding::Free => None,
        }
    }
}

/// The declaration that the identifier `ident` (an `identifier`, `type_identifier`
/// or `package_identifier` node) refers to, by Go's scopes.
pub fn resolve<'t>(ident: Node<'t>, text: &str) -> Binding<'t> {
    let name = &text[ident.byte_range()];
    resolve_name(ident, name, text)
}

/// The declaration that `name` would refer to if written at `at`.
pub fn resolve_name<'t>(at: Node<'t>, name: &str, text: &str) -> Binding<'t> {
    let mut child = at;
    for scope in crate::syntax::ancestors(at) {
        if let Some(b) = declared_in(scope, child, at, name, text) {
            return b;
        }
        child = scope;
    }
    Binding::Free
}

/// For each statement list of one tree: the start of each statement that declares
/// each name (a `var`, `const`, `type` or `:=` statement, labeled or not), in order.
/// Built once per list, on the first resolution through it, so that resolving every
/// name of a list of n statements costs n, not n² (a generated function with
/// thousands of statements). Plain data, kept only while an [`IndexGuard`] of the
/// tree lives, and consulted only for nodes of that tree: an entry can never
/// describe a list of a tree that has been freed.
struct ListIndex {
    /// The tree's address (`TSNode::tree`).
    tree: usize,
    lists: HashMap<usize, Rc<HashMap<String, Vec<usize>>>>,
}

thread_local! {
    static INDEX: RefCell<Option<ListIndex>> = const { RefCell::new(None) };
}

/// While alive, name resolution on this thread indexes the statement lists of the
/// tree of `root` (see [`index_tree`]).
pub struct IndexGuard<'t> {
    previous: Option<ListIndex>,
    _tree: PhantomData<Node<'t>>,
}

/// Index the statement lists of `root`'s tree for name resolution on this thread,
/// until the guard is dropped (the tree outlives the guard, so the index never
/// outlives the tree). Resolution gives the same answers with or without it.
pub fn index_tree(root: Node<'_>) -> IndexGuard<'_> {
    let fresh = ListIndex {
        tree: tree_of(root),
        lists: HashMap::new(),
    };
    let previous = INDEX.with(|i| i.borrow_mut().replace(fresh));
    IndexGuard {
        previous,
        _tree: PhantomData,
    }
}

impl Drop for IndexGuard<'_> {
    fn drop(&mut self) {
        let previous = self.previous.take();
        INDEX.with(|i| *i.borrow_mut() = previous);
    }
}

fn tree_of(n: Node<'_>) -> usize {
    n.into_raw().tree as usize
}

/// The names each statement of `list` declares, by statement start.
fn index_list(list: Node<'_>, text: &str) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    let mut cursor = list.walk();
    for stmt in list.named_children(&mut cursor) {
        if stmt.k() == "comment" {
            continue;
        }
        for name in statement_names(unlabel(stmt), text) {
            let starts = out.entry(name.to_string()).or_default();
            if starts.last() != Some(&stmt.start_byte()) {
                starts.push(stmt.start_byte());
            }
        }
    }
    out
}

/// Every name `stmt` could declare: what [`declared_by_statement`] may match.
fn statement_names<'s>(stmt: Node<'_>, text: &'s str) -> Vec<&'s str> {
    let mut out = Vec::new();
    match stmt.k() {
        "short_var_declaration" => {
            if let Some(left) = stmt.field("left") {
                out.extend(named_children(left).iter().map(|n| &text[n.byte_range()]));
            }
        }
        "var_declaration" | "const_declaration" => {
            for spec in value_specs(stmt) {
                let mut cursor = spec.walk();
                out.extend(
                    spec.children_by_field_name("name", &mut cursor)
                        .map(|n| &text[n.byte_range()]),
                );
            }
        }
        "type_declaration" => {
            for spec in named_children(stmt) {
                if matches!(spec.k(), "type_spec" | "type_alias") {
                    if let Some(n) = spec.field("name") {
                        out.push(&text[n.byte_range()]);
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// [`declared_in`] for a statement list, through the index: `None` when the tree
/// is not indexed on this thread (then the list is read statement by statement).
fn declared_in_indexed_list<'t>(
    list: Node<'t>,
    child: Node<'t>,
    use_: Node<'t>,
    name: &str,
    text: &str,
) -> Option<Option<Binding<'t>>> {
    let starts = INDEX.with(|i| {
        let mut i = i.borrow_mut();
        let index = i.as_mut().filter(|x| x.tree == tree_of(list))?;
        let decls = index
            .lists
            .entry(list.id())
            .or_insert_with(|| Rc::new(index_list(list, text)))
            .clone();
        Some(decls.get(name).cloned().unwrap_or_default())
    })?;
    for start in starts {
        if start > child.start_byte() {
            break;
        }
        let stmt = list
            .first_named_child_for_byte(start)
            .filter(|s| s.start_byte() == start)?;
        if let Some(b) = declared_by_list_statement(stmt, use_, name, text) {
            return Some(Some(b));
        }
    }
    Some(None)
}

/// A declaration of `name` by `scope` that is in scope at `use_` (which is inside
/// `scope`'s child `child`).
fn declared_in<'t>(
    scope: Node<'t>,
    child: Node<'t>,
    use_: Node<'t>,
    name: &str,
    text: &str,
) -> Option<Binding<'t>> {
    let is = |n: &Node<'_>| &text[n.byte_range()] == name;
    match scope.k() {
        "statement_list" => {
            if let Some(indexed) = declared_in_indexed_list(scope, child, use_, name, text) {
                debug_assert_eq!(
                    indexed,
                    declared_in_list(scope, child, use_, name, text),
                    "the index and the list disagree on `{name}`"
                );
                return indexed;
            }
            declared_in_list(scope, child, use_, name, text)
        }
        "if_statement" | "expression_switch_statement" | "type_switch_statement" => {
            let init = scope.field("initializer");
            if let Some(init) = init {
                let in_init = contains(init, use_);
                if let Some(b) = declared_by_statement(init, use_, in_init, name, text) {
                    return Some(b);
                }
            }
            if scope.k() == "type_switch_statement"
                && matches!(child.k(), "type_case" | "default_case")
            {
                if let Some(a) = scope
                    .field("alias")
                    .map(named_children)
                    .and_then(|a| a.into_iter().find(|a| is(a)))
                {
                    return Some(Binding::Local {
                        decl: a,
                        kind: LocalKind::Var,
                    });
                }
            }
            // The alias itself: `switch v := x.(type)`.
            if scope.k() == "type_switch_statement" {
                if let Some(alias) = scope.field("alias").filter(|a| contains(*a, use_)) {
                    if let Some(a) = named_children(alias).into_iter().find(|a| *a == use_) {
                        return Some(Binding::Local {
                            decl: a,
                            kind: LocalKind::Var,
                        });
                    }
                }
            }
            None
        }
        "for_statement" => {
            let header = named_children(scope)
                .into_iter()
                .find(|c| matches!(c.k(), "for_clause" | "range_clause"))?;
            match header.k() {
                "for_clause" => {
                    let init = header.field("initializer")?;
                    let in_init = contains(init, use_);
                    declared_by_statement(init, use_, in_init, name, text)
                }
                _ => {
                    if !range_defines(header) {
                        return None;
                    }
                    let left = header.field("left")?;
                    // Not in scope in the range expression.
                    if header.field("right").is_some_and(|r| contains(r, use_)) {
                        return None;
                    }
                    named_children(left)
                        .into_iter()
                        .find(|n| is(n))
                        .map(|decl| Binding::Local {
                            decl,
                            kind: LocalKind::Var,
                        })
                }
            }
        }
        "communication_case" => {
            let comm = scope.field("communication")?;
            if comm.k() != "receive_statement" || contains(comm, use_) && !is_left_of(comm, use_) {
                return None;
            }
            if !has_token(comm, ":=") {
                return None;
            }
            comm.field("left")
                .map(named_children)
                .and_then(|l| l.into_iter().find(|n| is(n)))
                .map(|decl| Binding::Local {
                    decl,
                    kind: LocalKind::Var,
                })
        }
        "func_literal" | "function_declaration" | "method_declaration" => {
            function_names(scope, name, text)
        }
        "type_spec" | "type_alias" => type_params_of(scope)
            .into_iter()
            .find(|n| &text[n.byte_range()] == name)
            .map(|decl| Binding::Local {
                decl,
                kind: LocalKind::TypeParam,
            }),
        _ => None,
    }
}

/// [`declared_in`] for a statement list, read statement by statement.
fn declared_in_list<'t>(
    list: Node<'t>,
    child: Node<'t>,
    use_: Node<'t>,
    name: &str,
    text: &str,
) -> Option<Binding<'t>> {
    let mut cursor = list.walk();
    for stmt in list.named_children(&mut cursor) {
        if stmt.start_byte() > child.start_byte() {
            break;
        }
        if stmt.k() == "comment" {
            continue;
        }
        if let Some(b) = declared_by_list_statement(stmt, use_, name, text) {
            return Some(b);
        }
    }
    None
}

/// A declaration of `name` by `stmt`, a statement of a list (labeled or not), in
/// scope at `use_`.
fn declared_by_list_statement<'t>(
    stmt: Node<'t>,
    use_: Node<'t>,
    name: &str,
    text: &str,
) -> Option<Binding<'t>> {
    let stmt = unlabel(stmt);
    let own = stmt.start_byte() <= use_.start_byte() && use_.end_byte() <= stmt.end_byte();
    declared_by_statement(stmt, use_, own, name, text)
}

/// The specs of a `var` or `const` declaration, out of a parenthesized list too.
fn value_specs(decl: Node<'_>) -> Vec<Node<'_>> {
    let mut specs = Vec::new();
    for c in named_children(decl) {
        if c.k() == "var_spec_list" {
            specs.extend(named_children(c));
        } else {
            specs.push(c);
        }
    }
    specs
}

/// A labeled statement's statement.
fn unlabel(mut stmt: Node<'_>) -> Node<'_> {
    while stmt.k() == "labeled_statement" {
        match named_children(stmt)
            .into_iter()
            .find(|c| c.k() != "label_name")
        {
            Some(s) => stmt = s,
            None => break,
        }
    }
    stmt
}

/// A declaration of `name` by the statement `stmt` (of a statement list, or an
/// initializer). `own`: `use_` is inside `stmt`; then only the declaring identifier
/// itself, or (for a type) a use inside its own declaration, is bound by it.
fn declared_by_statement<'t>(
    stmt: Node<'t>,
    use_: Node<'t>,
    own: bool,
    name: &str,
    text: &str,
) -> Option<Binding<'t>> {
    let is = |n: &Node<'_>| &text[n.byte_range()] == name;
    let found = |decl: Node<'t>, kind: LocalKind| Some(Binding::Local { decl, kind });
    match stmt.k() {
        "short_var_declaration" => {
            let left = stmt.field("left")?;
            if own && !contains(left, use_) {
                return None;
            }
            let decl = named_children(left).into_iter().find(|n| is(n))?;
            found(decl, LocalKind::Var)
        }
        "var_declaration" | "const_declaration" => {
            let kind = if stmt.k() == "var_declaration" {
                LocalKind::Var
            } else {
                LocalKind::Const
            };
            for spec in value_specs(stmt) {
                if own && spec.start_byte() > use_.start_byte() {
                    break;
                }
                let mut c = spec.walk();
                let names: Vec<Node<'t>> = spec.children_by_field_name("name", &mut c).collect();
                let in_spec = contains(spec, use_);
                if in_spec && !names.contains(&use_) {
                    // In the spec's type or values: its names are not in scope yet.
                    return None;
                }
                if let Some(decl) = names.into_iter().find(|n| is(n)) {
                    return found(decl, kind);
                }
            }
            None
        }
        "type_declaration" => {
            for spec in named_children(stmt) {
                if !matches!(spec.k(), "type_spec" | "type_alias") {
                    continue;
                }
                if own && spec.start_byte() > use_.start_byte() {
                    break;
                }
                if let Some(decl) = spec.field("name").filter(|n| is(n)) {
                    return found(decl, LocalKind::Type);
                }
            }
            None
        }
        _ => None,
    }
}

/// Receiver, parameters, named results and type parameters of a function node.
fn function_names<'t>(func: Node<'t>, name: &str, text: &str) -> Option<Binding<'t>> {
    let is = |n: &Node<'_>| &text[n.byte_range()] == name;
    for field in ["receiver", "parameters", "result"] {
        let list = func.field(field).filter(|l| l.k() == "parameter_list");
        if let Some(decl) = list.and_then(|l| list_names(l).into_iter().find(is)) {
            return Some(Binding::Local {
                decl,
                kind: LocalKind::Param,
            });
        }
    }
    type_params_of(func)
        .into_iter()
        .find(is)
        .map(|decl| Binding::Local {
            decl,
            kind: LocalKind::TypeParam,
        })
}

/// The names a parameter list or type parameter list declares.
pub fn list_names(list: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    for p in named_children(list) {
        let mut c = p.walk();
        out.extend(p.children_by_field_name("name", &mut c));
    }
    out
}

/// The type parameters of a function or type declaration, and those a method's
/// generic receiver declares: `K` and `V` in `func (s *S[K, V]) M()`.
pub fn type_params_of(decl: Node<'_>) -> Vec<Node<'_>> {
    let mut out = decl
        .field("type_parameters")
        .map(list_names)
        .unwrap_or_default();
    let recv_type = decl
        .field("receiver")
        .and_then(|r| named_children(r).into_iter().next())
        .and_then(|p| p.field("type"));
    if let Some(t) = recv_type {
        crate::syntax::walk_all(t, &mut |n| {
            if n.k() == "type_identifier"
                && n.parent()
                    .is_some_and(|p| p.k() == "type_arguments" || p.k() == "type_elem")
            {
                out.push(n);
            }
        });
    }
    out
}

/// `for k, v := range x` (not `for k, v = range x`).
fn range_defines(clause: Node<'_>) -> bool {
    has_token(clause, ":=")
}

fn has_token(n: Node<'_>, tok: &str) -> bool {
    let mut c = n.walk();
    let found = n.children(&mut c).any(|x| !x.is_named() && x.kind() == tok);
    found
}

fn contains(outer: Node<'_>, inner: Node<'_>) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

/// Is `use_` in the left side of the receive statement `comm`?
fn is_left_of(comm: Node<'_>, use_: Node<'_>) -> bool {
    comm.field("left").is_some_and(|l| contains(l, use_))
}

/// Is the variable declared at `decl` (a parameter, or a local variable) written
/// nowhere but by its declaration: no assignment, `++`/`--`, redeclaration by `:=`
/// in the same block, or `&x`, anywhere in the function that declares it (its func
/// literals included, which are the only other code that can name it)? A loop
/// variable (`for`/`range` header) is never taken: before Go 1.22 one variable
/// serves every iteration. A function with `goto` is not taken either (a jump back
/// over a `:=` redeclaration repeats it).
pub fn never_reassigned(decl: Node<'_>, kind: LocalKind, text: &str) -> bool {
    if !matches!(kind, LocalKind::Var | LocalKind::Param) {
        return false;
    }
    let name = &text[decl.byte_range()];
    // The list (or statement header) whose scope the declaration is in.
    let mut home = None;
    let mut outer = None;
    let mut cur = decl.parent();
    while let Some(n) = cur {
        match n.k() {
            "for_clause" | "range_clause" if home.is_none() => return false,
            "statement_list"
            | "if_statement"
            | "expression_switch_statement"
            | "type_switch_statement"
            | "communication_case"
            | "type_case"
                if home.is_none() && kind == LocalKind::Var =>
            {
                home = Some(n)
            }
            // A named result is written by every `return` with values.
            "parameter_list"
                if home.is_none() && n.parent().and_then(|f| f.field("result")) == Some(n) =>
            {
                return false
            }
            "parameter_list" if home.is_none() && kind == LocalKind::Param => {
                // The parameters are in the scope of the body's outermost block.
                home = n.parent().and_then(|f| f.field("body")).and_then(|b| {
                    named_children(b)
                        .into_iter()
                        .find(|c| c.k() == "statement_list")
                });
                if home.is_none() {
                    // An empty body: nothing can write the parameter.
                    home = n.parent();
                }
            }
            _ => {}
        }
        if crate::syntax::is_function_node(n.k()) {
            outer = Some(n);
        }
        cur = n.parent();
    }
    let (Some(home), Some(outer)) = (home, outer) else {
        return false;
    };
    fn list_of(n: Node<'_>) -> Option<Node<'_>> {
        let mut cur = n.parent();
        while let Some(p) = cur {
            if p.k() == "statement_list" {
                return Some(p);
            }
            if crate::syntax::is_function_node(p.k()) {
                return None;
            }
            cur = p.parent();
        }
        None
    }
    let mut written = false;
    crate::syntax::walk_all(outer, &mut |n| {
        if written {
            return;
        }
        if n.k() == "goto_statement" {
            written = true;
            return;
        }
        if n.k() != "identifier" || n == decl || &text[n.byte_range()] != name {
            return;
        }
        let Some(stmt) = write_of(n) else {
            return;
        };
        match resolve(n, text) {
            Binding::Local { decl: d, .. } if d == decl => written = true,
            // A `:=` or `var` of the same name: in the declaration's own block it
            // redeclares (assigns) the same variable.
            Binding::Local { decl: d, .. } if d == n => {
                written = matches!(stmt.k(), "short_var_declaration" | "var_spec")
                    && list_of(stmt) == Some(home)
            }
            _ => {}
        }
    });
    !written
}

/// The statement (or spec) that writes or declares the identifier `n`, or takes its
/// address: `n = ..`, `n, m := ..`, `for n = range`, `n = <-c` in a select, `n++`,
/// `var n`, `&n`.
fn write_of(n: Node<'_>) -> Option<Node<'_>> {
    let mut p = n.parent()?;
    match p.k() {
        "inc_statement" | "dec_statement" | "var_spec" => return Some(p),
        "parenthesized_expression" => {
            let mut q = p;
            while q.k() == "parenthesized_expression" {
                q = q.parent()?;
            }
            return (q.k() == "unary_expression" && q.child(0).is_some_and(|o| o.k() == "&"))
                .then_some(q);
        }
        "unary_expression" if p.child(0).is_some_and(|o| o.k() == "&") => return Some(p),
        "expression_list" => p = p.parent()?,
        _ => return None,
    }
    matches!(
        p.k(),
        "assignment_statement" | "short_var_declaration" | "range_clause" | "receive_statement"
    )
    .then_some(p)
    .filter(|s| {
        s.field("left")
            .is_some_and(|l| l.start_byte() <= n.start_byte() && n.end_byte() <= l.end_byte())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// For each `/*?*/` marker in `src`, the binding of the identifier right after it:
    /// `None` for free, else the line of the declaration and its kind.
    fn bindings(src: &str) -> Vec<Option<(usize, LocalKind)>> {
        let clean = src.replace("/*?*/", "");
        let mut at = Vec::new();
        let mut removed = 0;
        for (i, _) in src.match_indices("/*?*/") {
            at.push(i - removed);
            removed += "/*?*/".len();
        }
        let file = SourceFile::parse("a.go", clean.clone());
        at.iter()
            .map(|&off| {
                let n = file
                    .root()
                    .descendant_for_byte_range(off, off + 1)
                    .expect("a node");
                assert!(
                    matches!(n.k(), "identifier" | "type_identifier"),
                    "{} at {off}",
                    n.k()
                );
                match resolve(n, &clean) {
                    Binding::Free => None,
                    Binding::Local { decl, kind } => Some((decl.start_position().row + 1, kind)),
                }
            })
            .collect()
    }

    #[test]
    fn blocks_and_statement_order() {
        let src = "package p\n\nconst n = 4\n\nfunc F(x int) int {\n\ty := x / /*?*/n\n\tn := 0\n\t_ = /*?*/n\n\t{\n\t\tn := 1\n\t\t_ = /*?*/n\n\t}\n\treturn x / /*?*/n + /*?*/y\n}\n";
        assert_eq!(
            bindings(src),
            vec![
                None,
                Some((7, LocalKind::Var)),
                Some((10, LocalKind::Var)),
                Some((7, LocalKind::Var)),
                Some((6, LocalKind::Var)),
            ]
        );
    }

    #[test]
    fn a_declaration_is_not_in_scope_in_its_own_values() {
        let src =
            "package p\n\nfunc F(n int) {\n\tn := /*?*/n + 1\n\tvar m = /*?*/m\n\t_ = /*?*/n\n}\n";
        assert_eq!(
            bindings(src),
            vec![Some((3, LocalKind::Param)), None, Some((4, LocalKind::Var))]
        );
    }

    #[test]
    fn func_literal_parameters_and_captures() {
        let src = "package p\n\nfunc F(s []int) int {\n\tk := 2\n\treturn func(len func([]int) int) int {\n\t\treturn /*?*/len(s) / /*?*/k\n\t}(nil) + /*?*/len(s)\n}\n";
        assert_eq!(
            bindings(src),
            vec![Some((5, LocalKind::Param)), Some((4, LocalKind::Var)), None]
        );
    }

    #[test]
    fn local_types_and_type_parameters() {
        let src = "package p\n\ntype T int\n\nfunc F[T any](m map[/*?*/T]int) {\n\ttype len = [2]int\n\t_ = /*?*/len{}\n}\n\nfunc (s *S[K, V]) G(k /*?*/K) {}\n\ntype S[K comparable, V any] struct{ m map[/*?*/K]V }\n\nfunc H(x /*?*/T) {}\n";
        assert_eq!(
            bindings(src),
            vec![
                Some((5, LocalKind::TypeParam)),
                Some((6, LocalKind::Type)),
                Some((10, LocalKind::TypeParam)),
                Some((12, LocalKind::TypeParam)),
                None,
            ]
        );
    }

    #[test]
    fn statement_headers() {
        let src = "package p\n\nfunc F(xs []int, ch chan int, v any) {\n\tif n := len(xs); /*?*/n > 0 {\n\t\t_ = /*?*/n\n\t}\n\tfor i, x := range /*?*/xs {\n\t\t_ = /*?*/i + /*?*/x\n\t}\n\tfor j := 0; /*?*/j < 3; j++ {\n\t}\n\tswitch t := v.(type) {\n\tcase int:\n\t\t_ = /*?*/t\n\t}\n\tselect {\n\tcase r := <-ch:\n\t\t_ = /*?*/r\n\t}\n\t_ = /*?*/n\n}\n";
        assert_eq!(
            bindings(src),
            vec![
                Some((4, LocalKind::Var)),
                Some((4, LocalKind::Var)),
                Some((3, LocalKind::Param)),
                Some((7, LocalKind::Var)),
                Some((7, LocalKind::Var)),
                Some((10, LocalKind::Var)),
                Some((12, LocalKind::Var)),
                Some((17, LocalKind::Var)),
                None,
            ]
        );
    }
}
