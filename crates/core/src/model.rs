//! The Go model of DESIGN §2: functions, their defers and their exits.
//!
//! Built once per file by one walk; rules query it instead of re-walking.

use crate::source::SourceFile;
use crate::syntax::NodeExt;
use crate::syntax::{self, is_panic_call, list_is_terminating, named_children, squash, unparen};
use tree_sitter::Node;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    Declaration,
    Method,
    Literal,
}

/// A parameter, receiver or result: its name (None when unnamed or `_`-less) and type text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: Option<String>,
    pub ty: String,
}

/// A function declaration, method declaration or func literal: each is its own
/// function for defer purposes.
#[derive(Debug, Clone)]
pub struct Function<'t> {
    pub node: Node<'t>,
    pub kind: FunctionKind,
    /// `F`, `(*T).M`, `F.func1` (literals numbered in source order, as the compiler does).
    pub name: String,
    pub body: Node<'t>,
    pub receiver: Option<Param>,
    pub params: Vec<Param>,
    pub results: Vec<Param>,
    /// Names of type parameters (`[K comparable, V any]`).
    pub type_params: Vec<String>,
    pub defers: Vec<Defer<'t>>,
    pub exits: Vec<Exit<'t>>,
    /// Nested func literals directly inside this function (not inside other literals).
    pub literals: Vec<Node<'t>>,
    /// `goto` statements (outside nested literals).
    pub gotos: Vec<Node<'t>>,
    /// Labeled statements (outside nested literals).
    pub labels: Vec<Node<'t>>,
    /// Calls to `recover()` anywhere in the function, nested literals included
    /// (a deferred closure that recovers changes what a panic does to every defer).
    pub recovers: Vec<Node<'t>>,
}

/// A `defer` statement.
#[derive(Debug, Clone)]
pub struct Defer<'t> {
    pub node: Node<'t>,
    /// The deferred expression (normally a call).
    pub call: Node<'t>,
    /// The called function's text, white space squashed: `s.mu.Unlock`.
    pub callee: String,
    /// The receiver path without the method, as segments: `["s", "mu"]`.
    pub receiver_path: Vec<String>,
    /// The leftmost identifier of the callee (`s` in `s.mu.Unlock`).
    pub receiver_root: Option<String>,
    /// A statement of the function body's own statement list.
    pub top_level: bool,
    /// Number of enclosing `for` statements within the function.
    pub loop_depth: u32,
    /// `defer func() { ... }()`.
    pub is_func_literal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    /// A `return` statement.
    Return,
    /// Control reaches the closing brace of the body.
    FallThrough,
    /// A call to the builtin `panic`: deferred calls run while it unwinds.
    Panic,
    /// `os.Exit`, `log.Fatal*`: deferred calls do not run.
    ProcessExit,
    /// `runtime.Goexit`, `t.FailNow`, `t.Fatal*`, `t.Skip*`: deferred calls run.
    Goexit,
}

#[derive(Debug, Clone)]
pub struct Exit<'t> {
    pub kind: ExitKind,
    /// The return statement or call; None for the fall-through end.
    pub node: Option<Node<'t>>,
    /// Where the exit happens: the start of the statement, or the closing brace.
    pub offset: usize,
}

/// How deep, in syntax-tree levels from the file's root, a function's code may
/// nest for the analyses to check it. Deeper functions are left out of
/// [`FileModel::functions`] (so no rule sees them and none of their defers is
/// rewritten) and listed in [`FileModel::too_deep`], which the engine reports.
///
/// The bound keeps every analysis linear in the size of a function: several climb
/// from a node to an enclosing one, and a parent step in tree-sitter costs the
/// node's depth, so an unbounded depth would make them quadratic or cubic (an
/// `else if` chain of 3,000 branches is 3,000 levels deep), and the recursive ones
/// could overflow the stack. Real code is far below it: the deepest function with
/// a `defer` in the Go standard library is 49 levels deep, in 28 million lines of
/// real modules 100.
pub const MAX_DEPTH: usize = 128;

/// A function the analyses do not check: its code nests deeper than [`MAX_DEPTH`].
#[derive(Debug, Clone, Copy)]
pub struct TooDeep<'t> {
    pub node: Node<'t>,
    /// Its deepest level, from the file's root.
    pub depth: usize,
}

/// Every function of a file.
pub struct FileModel<'t> {
    pub functions: Vec<Function<'t>>,
    /// The outermost functions too deep to check ([`MAX_DEPTH`]); the literals
    /// inside them are not listed (nor checked).
    pub too_deep: Vec<TooDeep<'t>>,
}

impl<'t> FileModel<'t> {
    pub fn build(file: &'t SourceFile) -> Self {
        let text = file.text.as_str();
        let mut functions = Vec::new();
        let mut too_deep = Vec::new();
        // Top-level functions in order, each with the literals inside it (found
        // by its walk); then the literals of package-level initializers.
        for node in named_children(file.root()) {
            match node.k() {
                "function_declaration" | "method_declaration" => {
                    // Its depth is measured by the walks that build it and its
                    // literals: past MAX_DEPTH they stop, and none of them is kept.
                    if !build_family(node, String::new(), 1, MAX_DEPTH, text, &mut functions) {
                        let depth = syntax::function_depths(node)
                            .get(&node.id())
                            .map_or(1, |d| d + 1);
                        too_deep.push(TooDeep { node, depth });
                    }
                }
                _ if !may_hold_functions(file, node) => {}
                _ => {
                    // func literals in package-level var initializers (one level
                    // below the root, like every top-level declaration)
                    let depths = syntax::function_depths(node);
                    let mut n = 0;
                    let mut literals = Vec::new();
                    syntax::walk_all_in_literal(node, &mut |d, in_literal| {
                        if d.k() == "func_literal" && !in_literal {
                            n += 1;
                            literals.push((d, format!("glob.func{n}")));
                        }
                    });
                    for (lit, name) in literals {
                        let depth = depths.get(&lit.id()).map_or(1, |d| d + 1);
                        if depth > MAX_DEPTH {
                            too_deep.push(TooDeep { node: lit, depth });
                        } else {
                            build_family(lit, name, 0, usize::MAX, text, &mut functions);
                        }
                    }
                }
            }
        }
        FileModel {
            functions,
            too_deep,
        }
    }

    /// How many `defer` statements the file has, those of functions too deep to
    /// check included.
    pub fn defer_count(&self) -> usize {
        let mut deep = 0;
        for t in &self.too_deep {
            syntax::walk_all(t.node, &mut |n| {
                deep += usize::from(n.k() == "defer_statement")
            });
        }
        self.functions.iter().map(|f| f.defers.len()).sum::<usize>() + deep
    }

    /// The innermost function whose body contains `offset`.
    pub fn function_at(&self, offset: usize) -> Option<&Function<'t>> {
        self.functions
            .iter()
            .filter(|f| f.body.start_byte() <= offset && offset < f.body.end_byte())
            .min_by_key(|f| f.body.end_byte() - f.body.start_byte())
    }
}

/// May `node` hold a function node? Not when its text does not say `func` and it
/// has no syntax error: every function node of an error-free tree begins with the
/// keyword (with an error, the keyword may be a MISSING token, of no text).
fn may_hold_functions(file: &SourceFile, node: Node<'_>) -> bool {
    node.has_error()
        || file
            .text
            .as_bytes()
            .get(node.byte_range())
            .is_none_or(|b| memchr::memmem::find(b, b"func").is_some())
}

fn params_of(list: Option<Node<'_>>, text: &str) -> Vec<Param> {
    let Some(list) = list else { return Vec::new() };
    if list.k() != "parameter_list" {
        // a single unnamed result type
        return vec![Param {
            name: None,
            ty: text[list.byte_range()].to_string(),
        }];
    }
    let mut out = Vec::new();
    for decl in named_children(list) {
        let Some(ty) = decl.field("type") else {
            continue;
        };
        let ty_text = &text[ty.byte_range()];
        let ty_text = if decl.k() == "variadic_parameter_declaration" {
            format!("[]{ty_text}")
        } else {
            ty_text.to_string()
        };
        let mut cursor = decl.walk();
        let names: Vec<Node<'_>> = decl.children_by_field_name("name", &mut cursor).collect();
        if names.is_empty() {
            out.push(Param {
                name: None,
                ty: ty_text,
            });
        } else {
            for n in names {
                out.push(Param {
                    name: Some(text[n.byte_range()].to_string()),
                    ty: ty_text.clone(),
                });
            }
        }
    }
    out
}

fn function_name(node: Node<'_>, text: &str) -> String {
    let name = node.field("name").map_or("_", |n| &text[n.byte_range()]);
    if node.k() == "method_declaration" {
        let recv = params_of(node.field("receiver"), text);
        let ty = recv.first().map(|p| squash(&p.ty)).unwrap_or_default();
        // drop type arguments of generic receivers: (*List[T]) -> (*List)
        let ty = ty.split('[').next().unwrap_or("").to_string();
        return if ty.starts_with('*') {
            format!("({ty}).{name}")
        } else {
            format!("{ty}.{name}")
        };
    }
    name.to_string()
}

impl<'t> Function<'t> {
    /// The function or method declared by `node` (a declaration at the top of its
    /// file). None without a body, and when it is too deep to check
    /// ([`MAX_DEPTH`]): nothing can then be proven of it.
    pub fn declared(node: Node<'t>, text: &str) -> Option<Self> {
        match node.k() {
            "function_declaration" | "method_declaration" => {
                let depth = syntax::function_depths(node).get(&node.id()).copied()?;
                if depth + 1 > MAX_DEPTH {
                    return None;
                }
                unbounded(node, text)
            }
            _ => None,
        }
    }

    /// The function of any function node (a declaration, a method or a func
    /// literal, which gets no name here).
    pub fn of_node(node: Node<'t>, text: &str) -> Option<Self> {
        if crate::syntax::is_function_node(node.k()) {
            unbounded(node, text)
        } else {
            None
        }
    }
}

/// The function of `node`, whatever its depth.
fn unbounded<'t>(node: Node<'t>, text: &str) -> Option<Function<'t>> {
    match build_function(node, String::new(), text, 0, usize::MAX) {
        Ok(built) => built.map(|(f, _)| f),
        Err(Deeper) => None,
    }
}

/// Build the function `top` (whose node is `depth` levels below the root) and every
/// func literal inside it, in order (each after the function holding it), into
/// `functions`; false, with none of them added, when a node of theirs is deeper
/// than `limit`.
fn build_family<'t>(
    top: Node<'t>,
    name: String,
    depth: usize,
    limit: usize,
    text: &str,
    functions: &mut Vec<Function<'t>>,
) -> bool {
    let start = functions.len();
    let mut stack = vec![(top, name, depth)];
    while let Some((node, given_name, depth)) = stack.pop() {
        let Ok(built) = build_function(node, given_name, text, depth, limit) else {
            functions.truncate(start);
            return false;
        };
        if let Some((f, literal_depths)) = built {
            let sep = if f.kind == FunctionKind::Literal {
                "."
            } else {
                ".func"
            };
            for (i, (lit, d)) in f.literals.iter().zip(literal_depths).enumerate().rev() {
                stack.push((*lit, format!("{}{sep}{}", f.name, i + 1), d));
            }
            functions.push(f);
        }
    }
    true
}

/// The code of a function is nested deeper than the limit (see [`MAX_DEPTH`]).
struct Deeper;

/// The function of `node` (`depth` levels below the root), without the bodies of
/// the literals inside it, and the depths of those literals' nodes; Err when one of
/// its nodes (theirs aside) is deeper than `limit`: the walk stops there, so no
/// analysis climbs from deeper. Ok(None) for a function without a body.
#[allow(clippy::type_complexity)]
fn build_function<'t>(
    node: Node<'t>,
    given_name: String,
    text: &str,
    depth: usize,
    limit: usize,
) -> Result<Option<(Function<'t>, Vec<usize>)>, Deeper> {
    let Some(body) = node.field("body") else {
        return Ok(None);
    };
    // The signature's nodes (parameters, results, receiver: types, never a literal).
    let mut cursor = node.walk();
    for c in node.children(&mut cursor) {
        if c != body && !syntax::walk_within(c, depth + 1, limit, &mut |_, _| {}) {
            return Err(Deeper);
        }
    }
    let kind = match node.k() {
        "function_declaration" => FunctionKind::Declaration,
        "method_declaration" => FunctionKind::Method,
        _ => FunctionKind::Literal,
    };
    let name = if kind == FunctionKind::Literal {
        given_name
    } else {
        function_name(node, text)
    };
    let receiver = if kind == FunctionKind::Method {
        params_of(node.field("receiver"), text).into_iter().next()
    } else {
        None
    };
    let type_params = node
        .field("type_parameters")
        .map(|tp| {
            let mut names = Vec::new();
            for decl in named_children(tp) {
                let mut cursor = decl.walk();
                for n in decl.children_by_field_name("name", &mut cursor) {
                    names.push(text[n.byte_range()].to_string());
                }
            }
            names
        })
        .unwrap_or_default();
    let mut f = Function {
        node,
        kind,
        name,
        body,
        receiver,
        params: params_of(node.field("parameters"), text),
        results: params_of(node.field("result"), text),
        type_params,
        defers: Vec::new(),
        exits: Vec::new(),
        literals: Vec::new(),
        gotos: Vec::new(),
        labels: Vec::new(),
        recovers: Vec::new(),
    };
    let body_list = syntax::statement_list(body);
    let mut literal_depths = Vec::new();
    let within = syntax::walk_within(body, depth + 1, limit, &mut |n, d| {
        if n == body {
            return;
        }
        match n.k() {
            "func_literal" => {
                f.literals.push(n);
                literal_depths.push(d);
            }
            "defer_statement" => {
                if let Some(d) = build_defer(n, body_list, body, text) {
                    f.defers.push(d);
                }
            }
            "return_statement" => f.exits.push(Exit {
                kind: ExitKind::Return,
                node: Some(n),
                offset: n.start_byte(),
            }),
            "goto_statement" => f.gotos.push(n),
            "labeled_statement" => f.labels.push(n),
            "call_expression" => {
                if let Some(kind) = call_exit_kind(n, text) {
                    f.exits.push(Exit {
                        kind,
                        node: Some(n),
                        offset: n.start_byte(),
                    });
                }
            }
            _ => {}
        }
    });
    if !within {
        return Err(Deeper);
    }
    // (A call of `recover` says `recover` in the body's text: most bodies do not,
    // and are not walked again for it.)
    if memchr::memmem::find(&text.as_bytes()[body.byte_range()], b"recover").is_some() {
        syntax::walk_all(body, &mut |n| {
            if n.k() == "call_expression" && is_recover_call(n, text) {
                f.recovers.push(n);
            }
        });
    }
    // A function with results must end in a terminating statement (the compiler
    // checks), so only a function without results can fall off its end.
    if f.results.is_empty() && !list_is_terminating(body, text) {
        f.exits.push(Exit {
            kind: ExitKind::FallThrough,
            node: None,
            offset: body.end_byte() - 1,
        });
    }
    Ok(Some((f, literal_depths)))
}

/// A call of `recover` (also written `(recover)()`). By spelling: a local named
/// `recover` only makes this more careful.
fn is_recover_call(n: Node<'_>, text: &str) -> bool {
    n.field("function")
        .map(crate::syntax::unparen)
        .is_some_and(|f| f.k() == "identifier" && &text[f.byte_range()] == "recover")
}

/// Which calls end the function other than by `return`.
fn call_exit_kind(call: Node<'_>, text: &str) -> Option<ExitKind> {
    if is_panic_call(call, text) {
        return Some(ExitKind::Panic);
    }
    let func = unparen(call.field("function")?);
    if func.k() != "selector_expression" {
        return None;
    }
    let operand = func.field("operand")?;
    let field = &text[func.field("field")?.byte_range()];
    let operand = &text[operand.byte_range()];
    match (operand, field) {
        ("os", "Exit") => Some(ExitKind::ProcessExit),
        ("log", "Fatal" | "Fatalf" | "Fatalln") => Some(ExitKind::ProcessExit),
        ("log", "Panic" | "Panicf" | "Panicln") => Some(ExitKind::Panic),
        ("runtime", "Goexit") => Some(ExitKind::Goexit),
        (_, "FailNow" | "Fatal" | "Fatalf" | "SkipNow" | "Skip" | "Skipf") if operand != "log" => {
            Some(ExitKind::Goexit)
        }
        _ => None,
    }
}

fn build_defer<'t>(
    node: Node<'t>,
    body_list: Option<Node<'t>>,
    body: Node<'t>,
    text: &str,
) -> Option<Defer<'t>> {
    let call = node
        .named_children(&mut node.walk())
        .find(|c| c.k() != "comment")?;
    let inner = unparen(call);
    let func = if inner.k() == "call_expression" {
        inner.field("function").map(unparen)
    } else {
        None
    };
    let is_func_literal = func.is_some_and(|f| f.k() == "func_literal");
    let callee = func
        .map(|f| squash(&text[f.byte_range()]))
        .unwrap_or_default();
    let mut receiver_path = Vec::new();
    let mut receiver_root = None;
    if let Some(f) = func {
        if !is_func_literal {
            // Walk down the operand chain to its leftmost identifier.
            let mut segs = Vec::new();
            let mut cur = if f.k() == "selector_expression" {
                f.field("operand")
            } else {
                Some(f)
            };
            while let Some(c) = cur.map(unparen) {
                match c.k() {
                    "selector_expression" => {
                        if let Some(field) = c.field("field") {
                            segs.push(text[field.byte_range()].to_string());
                        }
                        cur = c.field("operand");
                    }
                    "index_expression" => {
                        segs.push(format!(
                            "[{}]",
                            squash(c.field("index").map_or("", |i| &text[i.byte_range()]))
                        ));
                        cur = c.field("operand");
                    }
                    "identifier" => {
                        let name = text[c.byte_range()].to_string();
                        segs.push(name.clone());
                        receiver_root = Some(name);
                        cur = None;
                    }
                    _ => cur = None,
                }
            }
            segs.reverse();
            receiver_path = segs;
        }
    }
    let top_level = node.parent() == body_list;
    let mut loop_depth = 0;
    let mut cur = node.parent();
    while let Some(p) = cur {
        if p == body {
            break;
        }
        if p.k() == "for_statement" {
            loop_depth += 1;
        }
        cur = p.parent();
    }
    Some(Defer {
        node,
        call,
        callee,
        receiver_path,
        receiver_root,
        top_level,
        loop_depth,
        is_func_literal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type Summary = Vec<(String, Vec<String>, Vec<ExitKind>)>;

    /// `n` nested blocks in `F`, and a shallow `G` with a literal.
    fn nested(n: usize) -> String {
        format!(
            "package p\n\nfunc F(x int) {{\n{}defer g()\n{}}}\n\nfunc G() {{\n\tfunc() {{ defer g() }}()\n}}\n\nfunc g() {{}}\n",
            "if x > 0 {\n".repeat(n),
            "}\n".repeat(n)
        )
    }

    /// The walks that build a function and its literals tell a function too deep
    /// exactly when one walk of the whole tree finds a node of it deeper than
    /// MAX_DEPTH: around the bound, with the deepest node in the body, in a
    /// literal of the body, in the signature, or in a literal of a package-level
    /// initializer; and they list the same depth.
    #[test]
    fn the_walks_that_build_tell_the_depth_of_one_walk_of_the_tree() {
        let shapes: [&dyn Fn(usize) -> String; 4] = [
            &|n| {
                format!(
                    "func F(x int) {{\n{}g()\n{}}}\n",
                    "if x > 0 {\n".repeat(n),
                    "}\n".repeat(n)
                )
            },
            &|n| {
                format!(
                    "func F(x int) {{\n\tfunc() {{\n{}g()\n{}}}()\n}}\n",
                    "if x > 0 {\n".repeat(n),
                    "}\n".repeat(n)
                )
            },
            &|n| {
                format!(
                    "func F(x {}int{}) {{\n\tdefer g()\n}}\n",
                    "func(".repeat(n),
                    ")".repeat(n)
                )
            },
            &|n| {
                format!(
                    "var v = []func(){{func() {{\n{}g()\n{}}}}}\n",
                    "if x > 0 {\n".repeat(n),
                    "}\n".repeat(n)
                )
            },
        ];
        for shape in shapes {
            let mut crossed = (false, false);
            for n in 25..50 {
                let src = format!("package p\n\n{}\nfunc g() {{ func() {{}}() }}\n", shape(n));
                let file = SourceFile::parse("a.go", src);
                assert!(!file.has_syntax_errors(), "{}", file.text);
                let depths = syntax::function_depths(file.root());
                let m = FileModel::build(&file);
                let deep: Vec<(usize, usize)> =
                    m.too_deep.iter().map(|t| (t.node.id(), t.depth)).collect();
                // The outermost function nodes deeper than the bound, with their depth.
                let mut expected = Vec::new();
                let mut listed = Vec::new();
                syntax::walk_all(file.root(), &mut |f| {
                    if !syntax::is_function_node(f.k()) {
                        return;
                    }
                    let inside = expected.iter().any(
                        |(_, _, r): &(usize, usize, std::ops::Range<usize>)| {
                            r.contains(&f.start_byte())
                        },
                    );
                    if inside {
                        return;
                    }
                    let depth = depths[&f.id()];
                    if depth > MAX_DEPTH {
                        expected.push((f.id(), depth, f.byte_range()));
                    } else {
                        listed.push(f.id());
                    }
                });
                let expected_deep: Vec<(usize, usize)> =
                    expected.iter().map(|&(id, d, _)| (id, d)).collect();
                assert_eq!(deep, expected_deep, "{}", file.text);
                let mut built: Vec<usize> = m.functions.iter().map(|f| f.node.id()).collect();
                built.sort_unstable();
                listed.sort_unstable();
                assert_eq!(built, listed, "{}", file.text);
                if deep.is_empty() {
                    crossed.0 = true;
                } else {
                    crossed.1 = true;
                }
            }
            assert_eq!(crossed, (true, true), "the range crosses the bound");
        }
    }

    /// The deepest level of each function, from one walk; a function deeper than
    /// MAX_DEPTH is left out of the model (with its literals) and listed, and
    /// `Function::declared` refuses it too.
    #[test]
    fn functions_deeper_than_the_bound_are_left_out() {
        let shallow = SourceFile::parse("a.go", nested(3));
        let depths = syntax::function_depths(shallow.root());
        let m = FileModel::build(&shallow);
        let f = &m.functions[0];
        // source_file (0) > function_declaration > block > statement_list > 3 × (if_statement
        // > block > statement_list) > defer_statement > call_expression > argument_list > `(`
        assert_eq!(depths[&f.node.id()], 3 + 3 * 3 + 4);
        assert!(m.too_deep.is_empty());
        assert_eq!(m.functions.len(), 4);

        let deep = SourceFile::parse("a.go", nested(MAX_DEPTH / 3 + 1));
        let m = FileModel::build(&deep);
        assert_eq!(m.too_deep.len(), 1);
        assert!(m.too_deep[0].depth > MAX_DEPTH);
        let names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["G", "G.func1", "g"]);
        assert!(Function::declared(m.too_deep[0].node, &deep.text).is_none());
        // Its defer still counts.
        assert_eq!(m.defer_count(), 2);
        let g = syntax::named_children(deep.root())
            .into_iter()
            .find(|n| {
                n.k() == "function_declaration" && n.start_byte() > m.too_deep[0].node.end_byte()
            })
            .expect("G");
        assert!(Function::declared(g, &deep.text).is_some());
    }

    fn model(src: &str) -> (SourceFile, Summary) {
        let file = SourceFile::parse("a.go", src.to_string());
        let m = FileModel::build(&file);
        let summary = m
            .functions
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    f.defers
                        .iter()
                        .map(|d| format!("{}:{}:{}", d.callee, d.top_level, d.loop_depth))
                        .collect(),
                    f.exits.iter().map(|e| e.kind).collect(),
                )
            })
            .collect();
        (file, summary)
    }

    #[test]
    fn functions_defers_and_exits() {
        let (_, m) = model(
            r#"package p
func (s *S) Get(k string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := func() int { return 1 }
	for i := 0; i < 3; i++ {
		defer s.mu.RUnlock()
	}
	if k == "" {
		return 0, false
	}
	v, ok := s.m[k]
	_ = f
	return v, ok
}
func Loop() {
	for {
		select {}
	}
}
func Fall(x int) {
	if x > 0 {
		panic("x")
	}
	os.Exit(1)
}
"#,
        );
        use ExitKind::*;
        assert_eq!(m[0].0, "(*S).Get");
        assert_eq!(m[0].1, vec!["s.mu.Unlock:true:0", "s.mu.RUnlock:false:1"]);
        assert_eq!(m[0].2, vec![Return, Return]);
        assert_eq!(m[1].0, "(*S).Get.func1");
        assert_eq!(m[1].2, vec![Return]);
        assert_eq!(m[2], ("Loop".to_string(), vec![], vec![]));
        assert_eq!(m[3].2, vec![Panic, ProcessExit, FallThrough]);
    }

    #[test]
    fn terminating_statements_hide_the_fall_through() {
        let (_, m) = model(
            "package p\nfunc A(x int) int {\n\tswitch x {\n\tcase 1:\n\t\treturn 1\n\tdefault:\n\t\tpanic(x)\n\t}\n}\nfunc B(x int) {\n\tfor {\n\t\tif x > 0 {\n\t\t\tbreak\n\t\t}\n\t}\n}\nfunc C() {\nL:\n\tfor {\n\t\tselect {\n\t\tdefault:\n\t\t\tbreak L\n\t\t}\n\t}\n}\n",
        );
        assert!(!m[0].2.contains(&ExitKind::FallThrough));
        assert!(m[1].2.contains(&ExitKind::FallThrough));
        assert!(m[2].2.contains(&ExitKind::FallThrough));
    }

    #[test]
    fn receiver_paths() {
        let file = SourceFile::parse("a.go", "package p\nfunc f() {\n\tdefer s.locks[i].Unlock()\n\tdefer (mu).Unlock()\n\tdefer cancel()\n}\n".to_string());
        let m = FileModel::build(&file);
        let d = &m.functions[0].defers;
        assert_eq!(d[0].receiver_path, vec!["s", "locks", "[i]"]);
        assert_eq!(d[0].receiver_root.as_deref(), Some("s"));
        assert_eq!(d[1].receiver_root.as_deref(), Some("mu"));
        assert_eq!(d[2].receiver_root.as_deref(), Some("cancel"));
    }
}
