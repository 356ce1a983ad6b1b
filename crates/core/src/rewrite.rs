//! Statement-level rewriting that keeps gofmt-clean input gofmt-clean.
//!
//! Rules describe what to do to statements (delete, insert lines before, replace,
//! append lines at the end of a block); [`EditPlan::render`] turns that into byte
//! edits: lines get the indentation of their neighbours, the file's newline style is
//! kept, a one-line block that receives a statement is expanded to several lines,
//! and deleting a statement's line does not leave doubled blank lines behind.
//!
//! [`Hoister`] moves return expressions into temporaries typed from the signature,
//! so they are still evaluated before a call inserted ahead of the `return`.

use crate::diagnostic::Edit;
use crate::model::Function;
pub use crate::operands::Operands;
use crate::package::PackageView;
use crate::panic::LocalTypes;
use crate::source::SourceFile;
use crate::syntax::NodeExt;
use crate::syntax::{line_indent, named_children, starts_line, walk_all};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use tree_sitter::Node;

/// Why a rewrite cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Stable kebab-case key.
    pub reason: &'static str,
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl Refusal {
    pub fn new(
        reason: &'static str,
        message: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Self {
        Refusal {
            reason,
            message: message.into(),
            span,
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    /// `true`: a trailing `//` comment goes with the statement.
    Delete(bool),
    InsertBefore(Vec<String>),
    Replace(String),
    Append(Vec<String>),
    InsertAfter(Vec<String>),
}

/// Statement operations for one fix.
pub struct EditPlan<'f> {
    file: &'f SourceFile,
    ops: Vec<(Node<'f>, Op)>,
}

impl<'f> EditPlan<'f> {
    pub fn new(file: &'f SourceFile) -> Self {
        EditPlan {
            file,
            ops: Vec::new(),
        }
    }
    /// Remove a statement (its line, when it is alone on it).
    pub fn delete(&mut self, stmt: Node<'f>) {
        self.ops.push((stmt, Op::Delete(false)));
    }
    /// Remove a statement with the `//` comment that ends its line (the comment is
    /// carried elsewhere by the caller).
    pub fn delete_with_comment(&mut self, stmt: Node<'f>) {
        self.ops.push((stmt, Op::Delete(true)));
    }
    /// Put `lines` (without indentation or newlines) before a statement.
    pub fn insert_before(&mut self, stmt: Node<'f>, lines: Vec<String>) {
        self.ops.push((stmt, Op::InsertBefore(lines)));
    }
    /// Put `lines` right after a statement (before any comment on the lines below it).
    pub fn insert_after(&mut self, stmt: Node<'f>, lines: Vec<String>) {
        self.ops.push((stmt, Op::InsertAfter(lines)));
    }
    /// Replace a statement's text (single line).
    pub fn replace(&mut self, stmt: Node<'f>, text: String) {
        self.ops.push((stmt, Op::Replace(text)));
    }
    /// Add `lines` as the last statements of a block (before its `}`).
    pub fn append(&mut self, block: Node<'f>, lines: Vec<String>) {
        self.ops.push((block, Op::Append(lines)));
    }

    fn container(node: Node<'f>, op: &Op) -> Option<Node<'f>> {
        match op {
            Op::Append(_) => Some(node),
            _ => {
                let list = node.parent()?;
                if list.k() == "statement_list" {
                    list.parent()
                } else {
                    None
                }
            }
        }
    }

    /// Turn the plan into byte edits.
    pub fn render(&self) -> Result<Vec<Edit>, Refusal> {
        let text = self.file.text.as_str();
        let nl = self.file.newline;
        let mut groups: Vec<(Node<'f>, Vec<(Node<'f>, &Op)>)> = Vec::new();
        for (node, op) in &self.ops {
            let container = Self::container(*node, op).ok_or_else(|| {
                Refusal::new(
                    "unsupported-position",
                    "a statement to change is not directly in a block",
                    Some(node.byte_range()),
                )
            })?;
            match groups.iter_mut().find(|(c, _)| *c == container) {
                Some((_, v)) => v.push((*node, op)),
                None => groups.push((container, vec![(*node, op)])),
            }
        }
        let single_line = |c: Node<'_>| {
            c.k() == "block" && {
                let (a, _) = self.file.lines.line_col(c.start_byte());
                let (b, _) = self.file.lines.line_col(c.end_byte().saturating_sub(1));
                a == b
            }
        };
        let mut edits = Vec::new();
        for (container, ops) in &groups {
            if single_line(*container) {
                // Nothing may change in a block nested inside it, and it may not sit
                // inside another block that is expanded.
                let r = container.byte_range();
                let inside = |o: Node<'_>, outer: &Range<usize>| {
                    outer.start <= o.start_byte() && o.end_byte() <= outer.end
                };
                if groups.iter().any(|(o, _)| {
                    o != container
                        && (inside(*o, &r)
                            || (single_line(*o) && inside(*container, &o.byte_range())))
                }) {
                    return Err(Refusal::new(
                        "single-line-block",
                        "nested one-line blocks would both need expanding; split them onto several lines first",
                        Some(r),
                    ));
                }
                edits.push(self.expand_block(*container, ops)?);
                continue;
            }
            for (node, op) in ops {
                self.local_edits(*node, op, text, nl, &mut edits)?;
            }
        }
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        for w in edits.windows(2) {
            if w[0].range.end > w[1].range.start {
                return Err(Refusal::new(
                    "overlapping-edits",
                    "two changes of this rewrite overlap",
                    Some(w[1].range.clone()),
                ));
            }
        }
        // Only the declarations the edits are in are read again.
        let (mut lo, mut hi) = (usize::MAX, 0);
        for (node, _) in &self.ops {
            let mut top = *node;
            while let Some(p) = top.parent().filter(|p| p.k() != "source_file") {
                top = p;
            }
            lo = lo.min(top.start_byte());
            hi = hi.max(top.end_byte());
        }
        for e in &edits {
            lo = lo.min(e.range.start);
            hi = hi.max(e.range.end);
        }
        if lo < hi {
            check_alignment_after(text, lo..hi, &edits)?;
        }
        Ok(edits)
    }

    fn not_own_line(node: Node<'_>) -> Refusal {
        Refusal::new(
            "not-gofmt",
            "the statement shares its line with other code; run gofmt first",
            Some(node.byte_range()),
        )
    }

    fn local_edits(
        &self,
        node: Node<'f>,
        op: &Op,
        text: &str,
        nl: &str,
        edits: &mut Vec<Edit>,
    ) -> Result<(), Refusal> {
        let lines = &self.file.lines;
        match op {
            Op::Delete(with_comment) => {
                if !starts_line(text, node.start_byte()) {
                    return Err(Self::not_own_line(node));
                }
                refuse_inner_comment(node)?;
                let line_start = lines.line_start(node.start_byte());
                let line_end = text[node.end_byte()..]
                    .find('\n')
                    .map_or(text.len(), |i| node.end_byte() + i + 1);
                let rest = text[node.end_byte()..line_end].trim();
                let comment_only = rest.starts_with("//")
                    && comments_and_raw_strings(rest)
                        .first()
                        .is_some_and(|(r, k)| {
                            *k == Lexeme::Comment && r.start == 0 && r.end == rest.len()
                        });
                if *with_comment && !comment_only {
                    return Err(Refusal::new(
                        "not-gofmt",
                        "the comment after the statement could not be moved with it",
                        Some(node.byte_range()),
                    ));
                }
                if rest.is_empty() || *with_comment {
                    let mut end = line_end;
                    // Do not leave two blank lines, or a blank line right after `{`.
                    let prev = prev_line(text, line_start);
                    let next = line_at(text, line_end);
                    if next.is_some_and(is_blank)
                        && prev.is_none_or(|p| is_blank(p) || p.trim_end().ends_with('{'))
                    {
                        end += next.map_or(0, str::len);
                    }
                    edits.push(Edit::delete(line_start..end));
                } else if rest.starts_with("//") || rest.starts_with("/*") {
                    // Keep a trailing comment on its own line.
                    let comment_at =
                        node.end_byte() + text[node.end_byte()..].find(rest).unwrap_or(0);
                    edits.push(Edit::delete(node.start_byte()..comment_at));
                } else {
                    return Err(Self::not_own_line(node));
                }
            }
            Op::InsertBefore(new_lines) => {
                if !starts_line(text, node.start_byte()) {
                    return Err(Self::not_own_line(node));
                }
                let indent = line_indent(text, node.start_byte());
                let at = lines.line_start(node.start_byte());
                edits.push(Edit::insert(at, indented(new_lines, indent, nl)));
            }
            Op::Replace(new) => edits.push(Edit::replace(node.byte_range(), new.clone())),
            Op::InsertAfter(new_lines) => {
                if !starts_line(text, node.start_byte()) {
                    return Err(Self::not_own_line(node));
                }
                let line_end = text[node.end_byte()..]
                    .find('\n')
                    .map(|i| node.end_byte() + i + 1);
                let Some(at) = line_end.filter(|e| {
                    let rest = text[node.end_byte()..*e].trim();
                    rest.is_empty() || rest.starts_with("//")
                }) else {
                    return Err(Self::not_own_line(node));
                };
                let indent = line_indent(text, node.start_byte());
                edits.push(Edit::insert(at, indented(new_lines, indent, nl)));
            }
            Op::Append(new_lines) => {
                let close = node.end_byte() - 1;
                if !starts_line(text, close) {
                    return Err(Self::not_own_line(node));
                }
                let indent = format!("{}\t", line_indent(text, close));
                edits.push(Edit::insert(
                    lines.line_start(close),
                    indented(new_lines, &indent, nl),
                ));
            }
        }
        Ok(())
    }

    /// Rewrite a one-line block `{ a; return b }` as several lines with the ops applied.
    fn expand_block(&self, block: Node<'f>, ops: &[(Node<'f>, &Op)]) -> Result<Edit, Refusal> {
        let text = self.file.text.as_str();
        let nl = self.file.newline;
        let indent = line_indent(text, block.start_byte());
        let inner = format!("{indent}\t");
        let mut out = String::from(nl);
        let list = crate::syntax::statement_list(block);
        let mut cursor = block.walk();
        let children: Vec<Node<'_>> = list
            .map(|l| l.named_children(&mut cursor).collect())
            .unwrap_or_default();
        for child in children {
            let mut replaced = None;
            let mut deleted = false;
            let mut after: Vec<&Vec<String>> = Vec::new();
            for (n, op) in ops {
                if *n != child {
                    continue;
                }
                match op {
                    Op::Delete(_) => {
                        refuse_inner_comment(child)?;
                        deleted = true
                    }
                    Op::InsertBefore(lines) => out.push_str(&indented(lines, &inner, nl)),
                    Op::Replace(t) => replaced = Some(t.clone()),
                    Op::InsertAfter(lines) => after.push(lines),
                    Op::Append(_) => {}
                }
            }
            if !deleted {
                out.push_str(&inner);
                out.push_str(replaced.as_deref().unwrap_or(&text[child.byte_range()]));
                out.push_str(nl);
            }
            for lines in after {
                out.push_str(&indented(lines, &inner, nl));
            }
        }
        for (n, op) in ops {
            if let (true, Op::Append(lines)) = (*n == block, op) {
                out.push_str(&indented(lines, &inner, nl));
            }
        }
        out.push_str(indent);
        Ok(Edit::replace(
            block.start_byte() + 1..block.end_byte() - 1,
            out,
        ))
    }
}

fn indented(lines: &[String], indent: &str, nl: &str) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(indent);
        s.push_str(l);
        s.push_str(nl);
    }
    s
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The line starting at `start` (with its newline), if any.
fn line_at(text: &str, start: usize) -> Option<&str> {
    if start >= text.len() {
        return None;
    }
    let end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    Some(&text[start..end])
}

/// The line before the one starting at `line_start`.
fn prev_line(text: &str, line_start: usize) -> Option<&str> {
    if line_start == 0 {
        return None;
    }
    let start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
    Some(&text[start..line_start])
}

/// Comments stay: a statement to delete with a comment inside it
/// (`defer /* held for the read */ s.mu.Unlock()`) is not deleted.
fn refuse_inner_comment(stmt: Node<'_>) -> Result<(), Refusal> {
    let mut comment = None;
    walk_all(stmt, &mut |n| {
        if comment.is_none() && n.k() == "comment" {
            comment = Some(n.byte_range());
        }
    });
    match comment {
        Some(r) => Err(Refusal::new(
            "comment-in-statement",
            "the statement to remove holds a comment, which would be lost",
            Some(r),
        )),
        None => Ok(()),
    }
}

/// Is `e` safe to evaluate after an inserted call: a literal, a package constant, or
/// a local variable no closure can reach (not captured, address never taken).
pub fn is_trivially_safe(
    e: Node<'_>,
    text: &str,
    locals: &LocalTypes,
    unreachable_locals: &HashSet<String>,
    package: &PackageView,
) -> bool {
    let e = crate::syntax::unparen(e);
    match e.k() {
        // `nil`, `true`: unless a variable of that name is in scope.
        "nil" | "true" | "false" | "iota" => {
            let name = &text[e.byte_range()];
            crate::semantic::scope::resolve_name(e, name, text)
                == crate::semantic::scope::Binding::Free
                && !package.declares(name)
        }
        _ if crate::syntax::is_literal(e) => true,
        "identifier" => {
            let name = &text[e.byte_range()];
            match crate::semantic::scope::resolve(e, text) {
                // A local of this function (not one it captures) that nothing else reaches.
                crate::semantic::scope::Binding::Local { decl, kind } => {
                    kind == crate::semantic::scope::LocalKind::Const
                        || (locals.declares_at(decl.start_byte())
                            && !unreachable_locals.contains(name))
                }
                crate::semantic::scope::Binding::Free => package.is_const(name),
            }
        }
        // Arithmetic and comparisons of such operands read nothing shared.
        "binary_expression" => ["left", "right"].iter().all(|f| {
            e.field(f)
                .is_some_and(|o| is_trivially_safe(o, text, locals, unreachable_locals, package))
        }),
        "unary_expression" => {
            e.child(0)
                .is_some_and(|op| matches!(op.k(), "-" | "+" | "!" | "^"))
                && e.field("operand").is_some_and(|o| {
                    is_trivially_safe(o, text, locals, unreachable_locals, package)
                })
        }
        _ => false,
    }
}

/// Locals that something else can read or write (captured by a func literal, or
/// their address taken): not safe to read after an inserted call. An address is
/// taken explicitly (`&x`, `&x.f`, `&x[i]`) or implicitly: a method called on (a
/// field or element of) a local that is not a pointer or an interface may have a
/// pointer receiver (`st.watch()` is `(&st).watch()`), and slicing an array
/// (`buf[:]`) makes a slice of its memory.
/// `locals` are the function's, typed ([`LocalTypes::collect_typed`]).
pub fn escaping_locals(
    func: &Function<'_>,
    text: &str,
    locals: &LocalTypes,
    package: &PackageView,
) -> HashSet<String> {
    let mut out = HashSet::new();
    for lit in &func.literals {
        walk_all(*lit, &mut |n| {
            if n.k() == "identifier" {
                out.insert(text[n.byte_range()].to_string());
            }
        });
    }
    let root_of = root_local;
    // Is the local `x` held directly (not through a pointer, an interface, a map, a
    // slice, a channel or a func, whose own memory a method call cannot expose)?
    let held_by_value = |x: Node<'_>| {
        let name = &text[x.byte_range()];
        !matches!(
            locals.type_of(name).map(|t| package.shape(t)),
            Some(
                crate::package::Shape::Pointer(_)
                    | crate::package::Shape::Interface
                    | crate::package::Shape::Map
                    | crate::package::Shape::Slice
                    | crate::package::Shape::Chan
                    | crate::package::Shape::Func
                    | crate::package::Shape::String
                    | crate::package::Shape::Basic
            )
        )
    };
    walk_all(func.body, &mut |n| {
        let exposed = match n.k() {
            "unary_expression" if n.child(0).is_some_and(|o| o.k() == "&") => {
                n.field("operand").and_then(root_of)
            }
            // A method value or call on the local, or on a field or array element
            // held in it: `n` may take the address of that memory unless it is a
            // field read, or the path leaves the local through a pointer first.
            "selector_expression" => root_of(n)
                .filter(|r| {
                    crate::semantic::scope::resolve(*r, text).is_local() && held_by_value(*r)
                })
                .filter(|r| may_expose(n, *r, text, locals, package)),
            "slice_expression" => n
                .field("operand")
                .and_then(root_of)
                .filter(|r| held_by_value(*r)),
            _ => None,
        };
        if let Some(root) = exposed {
            out.insert(text[root.byte_range()].to_string());
        }
    });
    out
}

/// The identifier at the root of `x`, `x.f`, `x[i]`, `x[a:b]`, `(x)`.
pub(crate) fn root_local(op: Node<'_>) -> Option<Node<'_>> {
    let mut root = crate::syntax::unparen(op);
    while matches!(
        root.k(),
        "selector_expression" | "index_expression" | "slice_expression"
    ) {
        match root.field("operand") {
            Some(inner) => root = crate::syntax::unparen(inner),
            None => break,
        }
    }
    (root.k() == "identifier").then_some(root)
}

/// Can the selector `n` (`x.a.m`, rooted at the local `root` held by value) reach
/// the local's own memory with something other than a field read: a method, or a
/// name whose kind is not known here?
fn may_expose(
    n: Node<'_>,
    root: Node<'_>,
    text: &str,
    locals: &LocalTypes,
    package: &PackageView,
) -> bool {
    use crate::package::Shape;
    // The path from the root: field names, or None for an index.
    let mut chain: Vec<Option<&str>> = Vec::new();
    let mut t = n;
    while t != root {
        match t.k() {
            "selector_expression" => chain.push(t.field("field").map(|f| &text[f.byte_range()])),
            "index_expression" | "slice_expression" => chain.push(None),
            _ => {}
        }
        match t.field("operand") {
            Some(o) => t = crate::syntax::unparen(o),
            None => return true,
        }
    }
    chain.reverse();
    let mut ty = locals.type_of(&text[root.byte_range()]).map(str::to_string);
    let last = chain.len().saturating_sub(1);
    for (i, seg) in chain.into_iter().enumerate() {
        let (Some(cur), Some(seg)) = (ty.as_deref(), seg) else {
            return true;
        };
        let Some(field) = package.field_type(cur, seg) else {
            return true; // a method, or not known
        };
        if i == last {
            return false; // a field read
        }
        if !matches!(package.shape(&field), Shape::Struct(_) | Shape::Array) {
            return false; // through a pointer, slice, map...: not the local's memory
        }
        ty = Some(field);
    }
    true
}

/// Allocates fresh temporaries for hoisted return expressions.
/// A function's locals, and the names of the types it declares.
type Shadows = (LocalTypes, HashSet<String>);

pub struct Hoister {
    /// Every identifier spelled anywhere in the function.
    used: HashSet<String>,
    /// Names already given out, per statement list (returns in one list must not collide).
    given: HashMap<usize, HashSet<String>>,
    /// The function's local names and local type names, by the start of the
    /// function they were collected from: computed once, not once per return.
    shadows: Option<(usize, std::rc::Rc<Shadows>)>,
}

impl Hoister {
    pub fn new(func: &Function<'_>, text: &str) -> Self {
        let mut used = HashSet::new();
        walk_all(func.node, &mut |n| {
            if matches!(
                n.k(),
                "identifier"
                    | "type_identifier"
                    | "field_identifier"
                    | "package_identifier"
                    | "label_name"
            ) {
                used.insert(text[n.byte_range()].to_string());
            }
        });
        Hoister {
            used,
            given: HashMap::new(),
            shadows: None,
        }
    }

    /// A name free in the whole function (for a variable of the body's own block).
    pub fn fresh_in_function(&mut self, base: &str) -> String {
        let name = self.fresh(usize::MAX, base);
        self.used.insert(name.clone());
        name
    }

    fn fresh(&mut self, scope: usize, base: &str) -> String {
        let given = self.given.entry(scope).or_default();
        let mut i = 0;
        loop {
            let name = if i == 0 {
                base.to_string()
            } else {
                format!("{base}{i}")
            };
            if !self.used.contains(&name) && !given.contains(&name) {
                given.insert(name.clone());
                return name;
            }
            i += 1;
        }
    }

    /// For a `panic(arg)` statement that an inserted call must precede: `None` when
    /// `arg` is trivially safe (it may be evaluated after the call), else the line
    /// that evaluates it first (`pv := arg`) and the new text of the call
    /// (`panic(pv)`). The panic value is the same: `panic` converts its argument to
    /// `any` either way. Comments around the argument stay where they are; the
    /// caller puts at least one line between the two.
    pub fn hoist_panic(
        &mut self,
        file: &SourceFile,
        stmt: Node<'_>,
        call: Node<'_>,
        arg: Node<'_>,
        ops: &dyn Operands,
    ) -> Result<Option<(String, String)>, Refusal> {
        if ops.after_call(arg) {
            return Ok(None);
        }
        let text = file.text.as_str();
        let scope = stmt.parent().map_or(0, |p| p.id());
        let name = self.fresh(scope, "pv");
        // gofmt indents an argument one level when it starts on a line after `(`.
        let line = |offset: usize| file.lines.line_col(offset).0;
        let open = call
            .field("arguments")
            .map_or(stmt.start_byte(), |a| a.start_byte());
        let extra = usize::from(line(arg.start_byte()) > line(open));
        let expr = reindented(text, stmt, arg, extra)?;
        let function = call.field("function");
        let callee = function.map_or("panic", |f| &text[f.byte_range()]);
        let before = &text[function.map_or(arg.start_byte(), |f| f.end_byte())..arg.start_byte()];
        let after = &text[arg.end_byte()..stmt.end_byte()];
        let new_call = if has_comment(before) || has_comment(after) {
            format!("{callee}{before}{name}{after}")
        } else {
            format!("{callee}({name})")
        };
        let line = format!("{name} := {expr}");
        check_comment_alignment(text, stmt, std::slice::from_ref(&line), &new_call)?;
        Ok(Some((line, new_call)))
    }

    /// For a `return` whose expressions must be evaluated before an inserted call:
    /// the lines to put before it and the new `return` text. `None` when nothing
    /// needs hoisting (a bare return, or only trivially safe expressions).
    ///
    /// The hoisted expressions keep their comments, and their continuation lines are
    /// re-indented for a statement of their own; comments between the results stay
    /// in the `return`. The caller puts at least one line between the two. Refused
    /// when gofmt's layout of the result cannot be kept (see [`reindented`] and
    /// [`check_comment_alignment`]).
    pub fn hoist(
        &mut self,
        file: &SourceFile,
        func: &Function<'_>,
        ret: Node<'_>,
        ops: &dyn Operands,
    ) -> Result<Option<(Vec<String>, String)>, Refusal> {
        let text = file.text.as_str();
        let Some(list) = named_children(ret)
            .into_iter()
            .find(|c| c.k() == "expression_list")
        else {
            return Ok(None);
        };
        let exprs = named_children(list);
        if exprs.iter().all(|e| ops.after_call(*e)) {
            return Ok(None);
        }
        let scope = ret.parent().map_or(0, |p| p.id());
        let results = &func.results;
        let span = Some(ret.byte_range());
        // Where gofmt indents the whole result list, each continuation line of a
        // result has one level more than in a statement of its own.
        let line = |offset: usize| file.lines.line_col(offset).0;
        let lines_of: Vec<(usize, usize)> = exprs
            .iter()
            .map(|e| (line(e.start_byte()), line(e.end_byte())))
            .collect();
        let indented = gofmt_indents_list(&lines_of);
        let extra = usize::from(indented);
        if exprs.len() == 1 && results.len() > 1 {
            // `return f()` with several results: `r0, r1 := f()` keeps f's own types.
            let names: Vec<String> = (0..results.len())
                .map(|i| self.fresh(scope, &format!("ret{i}")))
                .collect();
            let joined = names.join(", ");
            let expr = reindented(text, ret, exprs[0], extra)?;
            let lines = vec![format!("{joined} := {expr}")];
            let new_return = rewritten_return(text, ret, &exprs, &[Some(joined)], indented)?;
            check_comment_alignment(text, ret, &lines, &new_return)?;
            return Ok(Some((lines, new_return)));
        }
        if exprs.len() != results.len() {
            return Err(Refusal::new(
                "unknown-result-types",
                "the return does not match the function's results",
                span,
            ));
        }
        let shadows = match &self.shadows {
            Some((start, shadows)) if *start == func.node.start_byte() => shadows.clone(),
            _ => {
                let shadows = std::rc::Rc::new((
                    LocalTypes::collect(func, text),
                    local_type_names(func, text),
                ));
                self.shadows = Some((func.node.start_byte(), shadows.clone()));
                shadows
            }
        };
        let (shadow_check, local_types) = (&shadows.0, &shadows.1);
        let hoisted: Vec<usize> = (0..exprs.len())
            .filter(|i| !ops.after_call(exprs[*i]))
            .collect();
        let mut lines = Vec::new();
        let mut new_exprs: Vec<Option<String>> = vec![None; exprs.len()];
        let mut names = Vec::new();
        for &i in &hoisted {
            let ty = results[i].ty.trim();
            // Where the expression has a type of its own, `ret := expr` says the same
            // as `var ret T = expr` (which linters flag when the types are the same):
            // the return converts `ret` as it would have converted `expr`.
            // A result of the predeclared `bool` or `string`: whatever `return expr`
            // accepts has that type or is an untyped boolean or string, whose
            // default type it is.
            let inferred = ops.typed(exprs[i])
                || (matches!(ty, "bool" | "string") && ops.predeclared_type(ty));
            let base = if hoisted.len() == 1 {
                "ret".to_string()
            } else {
                format!("ret{i}")
            };
            let name = self.fresh(scope, &base);
            names.push((i, name.clone(), ty, inferred));
            new_exprs[i] = Some(name);
        }
        // A result type written inside the function must mean what it means in the
        // signature.
        let writable = |ty: &str| -> Result<(), Refusal> {
            if ty.contains('\n') {
                return Err(Refusal::new(
                    "result-type-multiline",
                    "a result type spans several lines",
                    span.clone(),
                ));
            }
            if let Some(word) =
                type_words(ty).find(|w| shadow_check.is_local(w) || local_types.contains(*w))
            {
                return Err(Refusal::new(
                    "result-type-shadowed",
                    format!("the result type `{ty}` cannot be written inside the function: `{word}` is redeclared there"),
                    span.clone(),
                ));
            }
            Ok(())
        };
        let has = |e: Node<'_>, pred: &dyn Fn(Node<'_>) -> bool| {
            let mut found = false;
            crate::syntax::walk_function(e, &mut |n| found |= pred(n));
            found
        };
        let side_effects = |n: Node<'_>| {
            n.k() == "call_expression"
                || (n.k() == "unary_expression" && n.child(0).is_some_and(|o| o.k() == "<-"))
        };
        let calls = names
            .iter()
            .filter(|(i, ..)| has(exprs[*i], &side_effects))
            .count();
        if names.len() == 1 || calls == 0 {
            // Without calls or receives the order of evaluation cannot be observed.
            for (i, name, ty, inferred) in &names {
                let expr = reindented(text, ret, exprs[*i], extra)?;
                if *inferred {
                    lines.push(format!("{name} := {expr}"));
                } else {
                    writable(ty)?;
                    lines.push(format!("var {name} {ty} = {expr}"));
                }
            }
        } else {
            if let Some((i, ..)) = names
                .iter()
                .find(|(i, ..)| text[ret.start_byte()..exprs[*i].start_byte()].contains('\n'))
            {
                return Err(Refusal::new(
                    "not-gofmt",
                    "a result of a multiple assignment would start on its own line",
                    Some(exprs[*i].byte_range()),
                ));
            }
            // gofmt spaces binary operators more tightly in a multiple assignment
            // than in a return list, so such an expression would not stay gofmt-clean.
            if names
                .iter()
                .any(|(i, ..)| has(exprs[*i], &|n| n.k() == "binary_expression"))
            {
                return Err(Refusal::new(
                    "evaluation-order",
                    "several results mix calls and arithmetic; hoisting them apart could change Go's order of evaluation",
                    span,
                ));
            }
            // One multiple assignment keeps Go's evaluation order of the original
            // return: `a, b := x, y` when every type is the result's, else the
            // temporaries are declared with their types first.
            let all_inferred = names.iter().all(|(.., inferred)| *inferred);
            if !all_inferred {
                for (_, name, ty, _) in &names {
                    writable(ty)?;
                    lines.push(format!("var {name} {ty}"));
                }
            }
            let lhs: Vec<&str> = names.iter().map(|(_, n, ..)| n.as_str()).collect();
            let rhs = names
                .iter()
                .map(|(i, ..)| reindented(text, ret, exprs[*i], extra))
                .collect::<Result<Vec<String>, Refusal>>()?;
            let op = if all_inferred { ":=" } else { "=" };
            lines.push(format!("{} {op} {}", lhs.join(", "), rhs.join(", ")));
        }
        let new_return = rewritten_return(text, ret, &exprs, &new_exprs, indented)?;
        check_comment_alignment(text, ret, &lines, &new_return)?;
        Ok(Some((lines, new_return)))
    }
}

/// gofmt's `indentList` heuristic for the results of a `return`, given each
/// result's first and last line: the list is indented as a whole when it spans
/// several lines and a result starts on a later line than the one before it ends,
/// or when more than one result spans several lines.
fn gofmt_indents_list(lines: &[(usize, usize)]) -> bool {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return false;
    };
    if lines.len() < 2 || first.0 >= last.1 {
        return false;
    }
    let mut multi_line = 0;
    let mut line = first.0;
    for &(start, end) in lines {
        if line < start {
            return true;
        }
        if start < end {
            multi_line += 1;
        }
        line = end;
    }
    multi_line > 1
}

/// Does the text between tokens `gap` hold a comment?
fn has_comment(gap: &str) -> bool {
    gap.contains("//") || gap.contains("/*")
}

/// The new text of the `return` statement `ret`: result `exprs[i]` becomes `new[i]`
/// (a temporary), or stays when `new[i]` is None. With no comment between the
/// results they are written `return a, b`; otherwise every separator is kept as it
/// is, so the comments (and the line breaks they need) stay where they were.
/// Results that stay keep their text, with one level of indentation less on their
/// continuation lines when gofmt indented the list as a whole (`was_indented`) and
/// no longer does.
fn rewritten_return(
    text: &str,
    ret: Node<'_>,
    exprs: &[Node<'_>],
    new: &[Option<String>],
    was_indented: bool,
) -> Result<String, Refusal> {
    let keyword_end = ret
        .child(0)
        .filter(|k| k.k() == "return")
        .map_or(ret.start_byte() + "return".len(), |k| k.end_byte());
    let mut seps = Vec::with_capacity(exprs.len() + 1);
    let mut at = keyword_end;
    for e in exprs {
        seps.push(&text[at..e.start_byte()]);
        at = e.end_byte();
    }
    seps.push(&text[at..ret.end_byte().max(at)]);
    let keep = seps.iter().any(|s| has_comment(s));
    let build = |extra: usize| -> Result<(String, Vec<(usize, usize)>), Refusal> {
        let mut out = String::from("return");
        let mut lines = Vec::with_capacity(exprs.len());
        for (i, e) in exprs.iter().enumerate() {
            out.push_str(match (keep, i) {
                (true, _) => seps[i],
                (false, 0) => " ",
                (false, _) => ", ",
            });
            let piece = match &new[i] {
                Some(name) => name.clone(),
                None => reindented(text, ret, *e, extra)?,
            };
            let first = out.matches('\n').count();
            lines.push((first, first + piece.matches('\n').count()));
            out.push_str(&piece);
        }
        if keep {
            out.push_str(seps[exprs.len()]);
        }
        Ok((out, lines))
    };
    let (out, after) = build(0)?;
    match (was_indented, gofmt_indents_list(&after)) {
        (true, false) if out.contains('\n') => Ok(build(1)?.0),
        (false, true) => Err(Refusal::new(
            "not-gofmt",
            "the results of the return would need more indentation",
            Some(ret.byte_range()),
        )),
        _ => Ok(out),
    }
}

/// The text of `expr`, a part of statement `stmt`, for use in a statement at
/// `stmt`'s indentation, whose first line carries the start of `expr`. A result that
/// gofmt indented one level more than a statement of its own would have (`return
/// nil,` / `\t\t\tf(a,` / `\t\t\t\tb)`) loses `extra` tabs on each continuation
/// line, as gofmt would print it there. Lines that start inside a raw string are its
/// content and stay as they are. Refused when a line starts inside a general
/// comment (gofmt re-flows those) or lacks the indentation to take off.
fn reindented(text: &str, stmt: Node<'_>, expr: Node<'_>, extra: usize) -> Result<String, Refusal> {
    let body = &text[expr.byte_range()];
    if extra == 0 || !body.contains('\n') {
        return Ok(body.to_string());
    }
    let refuse = |why: &str| {
        Refusal::new(
            "not-gofmt",
            format!("a multi-line result could not be re-indented: {why}"),
            Some(expr.byte_range()),
        )
    };
    let outer = line_indent(text, stmt.start_byte());
    let want = format!("{outer}{}", "\t".repeat(extra));
    let spans = comments_and_raw_strings(body);
    let inside = |at: usize, kind: Lexeme| {
        spans
            .iter()
            .any(|(r, k)| *k == kind && r.start < at && at < r.end)
    };
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (k, line) in body.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
            if inside(at, Lexeme::RawString) || line.trim().is_empty() {
                out.push_str(line);
            } else if inside(at, Lexeme::Comment) {
                return Err(refuse("a general comment spans its lines"));
            } else if line.starts_with(&want) {
                out.push_str(&line[extra..]);
            } else {
                return Err(refuse("a line is not indented as gofmt indents it"));
            }
        } else {
            out.push_str(line);
        }
        at += line.len() + 1;
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lexeme {
    Comment,
    RawString,
}

/// The comments and raw strings of Go source `text` (which starts between tokens),
/// as byte ranges. A line comment ends before its line end (and a `\r`); an
/// unterminated one ends with the text.
fn comments_and_raw_strings(text: &str) -> Vec<(Range<usize>, Lexeme)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |e| i + e);
                let end = if end > i && b[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                out.push((i..end, Lexeme::Comment));
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |e| i + e + 4);
                out.push((i..end, Lexeme::Comment));
                i = end;
            }
            b'`' => {
                let end = memchr::memchr(b'`', &b[i + 1..]).map_or(b.len(), |e| i + e + 2);
                out.push((i..end, Lexeme::RawString));
                i = end;
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// gofmt aligns the trailing comments of adjacent lines (of one indentation):
/// an inserted line splits such a run, a deleted one joins two, so the padding
/// written for the old runs may be wrong after the edits. Around each edit of the
/// result, two adjacent lines of one indentation that both end in a comment must
/// have it at the same column, and a comment padded with more than one space must
/// be aligned with a neighbour's; otherwise the fix is refused (re-aligning as
/// gofmt does is left to gofmt).
/// `within` (the declarations holding the edits, which start between tokens) is
/// the part of `text` read.
fn check_alignment_after(text: &str, within: Range<usize>, edits: &[Edit]) -> Result<(), Refusal> {
    if !edits
        .iter()
        .any(|e| e.replacement.contains('\n') || text[e.range.clone()].contains('\n'))
    {
        return Ok(());
    }
    // The result within those declarations, and where each edit's replacement
    // lies in it. (Its first line may start mid-line in `text`: a declaration
    // starts a line in gofmt-clean code, and otherwise only its first line's
    // indentation reads differently.)
    let mut out = String::with_capacity(within.len() + 256);
    let mut sites = Vec::new();
    let mut from = within.start;
    for e in edits {
        out.push_str(&text[from..e.range.start]);
        let start = out.len();
        out.push_str(&e.replacement);
        sites.push((start, out.len(), e.range.clone()));
        from = e.range.end;
    }
    out.push_str(&text[from..within.end]);
    let spans = comments_and_raw_strings(&out);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(out.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |off: usize| line_starts.partition_point(|&s| s <= off).saturating_sub(1);
    // (indentation, trailing comment column after it and whether it is padded)
    let shape = |line: usize| -> Option<(&str, Option<(usize, bool)>)> {
        let start = *line_starts.get(line)?;
        let end = line_starts.get(line + 1).map_or(out.len(), |&n| n - 1);
        let l = out[start..end].trim_end_matches('\r');
        let content = l.trim_start_matches([' ', '\t']);
        let indent = &l[..l.len() - content.len()];
        let code_start = start + indent.len();
        let i = spans.partition_point(|(r, _)| r.start < code_start);
        let trailing = spans[i..]
            .iter()
            .take_while(|(r, _)| r.start < start + l.len())
            .find(|(r, k)| {
                *k == Lexeme::Comment
                    && out[r.end.min(start + l.len())..start + l.len()]
                        .trim()
                        .is_empty()
            })
            .map(|(r, _)| {
                let before = &out[code_start..r.start];
                let code = before.trim_end_matches(' ');
                (before.chars().count(), before.len() - code.len() > 1)
            });
        Some((indent, trailing))
    };
    for (start, end, original) in sites {
        let first = line_of(start).saturating_sub(1);
        let last = line_of(end) + 1;
        for l in first..=last {
            let Some((indent, Some((col, padded)))) = shape(l) else {
                continue;
            };
            let neighbour = |n: Option<usize>| {
                n.and_then(shape)
                    .filter(|(i, _)| *i == indent)
                    .and_then(|(_, t)| t)
            };
            let above = neighbour(l.checked_sub(1));
            let below = neighbour(Some(l + 1));
            let misaligned = below.is_some_and(|(c, _)| c != col);
            let stale = padded
                && above.is_none_or(|(c, _)| c != col)
                && below.is_none_or(|(c, _)| c != col);
            if misaligned || stale {
                return Err(Refusal::new(
                    "aligned-comment",
                    "the rewrite would leave trailing comments that gofmt aligns out of line; align them by hand (or run gofmt) and run again",
                    Some(original),
                ));
            }
        }
    }
    Ok(())
}

/// A line as gofmt's alignment of trailing comments sees it.
#[derive(Debug, Clone, Copy)]
struct LineShape<'a> {
    indent: &'a str,
    /// The line after its indentation.
    content: &'a str,
    /// For a comment that ends the line after code: its column after the
    /// indentation (in characters), and whether one space alone separates it.
    trailing: Option<(usize, bool)>,
}

/// The lines of Go source `text` (which starts between tokens).
fn line_shapes(text: &str) -> Vec<LineShape<'_>> {
    let spans = comments_and_raw_strings(text);
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        let end = at + line.len();
        let line = line.strip_suffix('\r').unwrap_or(line);
        let content = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - content.len()];
        let code_start = at + indent.len();
        let trailing = spans
            .iter()
            .find(|(r, k)| {
                *k == Lexeme::Comment
                    && code_start < r.start
                    && r.start < end
                    && text[r.end.min(end)..end].trim().is_empty()
            })
            .map(|(r, _)| {
                let before = &text[code_start..r.start];
                let code = before.trim_end_matches(' ');
                let single = before.len() - code.len() == 1 && !code.ends_with('\t');
                (before.chars().count(), single)
            });
        out.push(LineShape {
            indent,
            content,
            trailing,
        });
        at = end + 1;
    }
    out
}

/// Pairs of adjacent lines of the same indentation that both end in a comment:
/// gofmt aligns such comments.
type CommentPair<'a> = ((&'a str, &'a str), (usize, bool), (usize, bool));

fn comment_pairs<'a>(lines: &[LineShape<'a>]) -> Vec<CommentPair<'a>> {
    lines
        .windows(2)
        .filter_map(|w| match (w[0].trailing, w[1].trailing) {
            (Some(a), Some(b)) if w[0].indent == w[1].indent => {
                Some(((w[0].content, w[1].content), a, b))
            }
            _ => None,
        })
        .collect()
}

/// Refuse to rewrite statement `stmt` into `new_lines` (each at the statement's
/// indentation, followed by a line of the caller's without a comment) and
/// `new_stmt` when gofmt would align trailing comments differently afterwards.
/// gofmt aligns the comments that end adjacent lines of the same indentation. A pair
/// of such lines that the rewrite breaks up is fine only when one space separates
/// each comment from its code (nothing was padded to align them); a pair it creates
/// only when, besides, both comments start in the same column; and a comment on a
/// line it made up must be one space from its code.
fn check_comment_alignment(
    text: &str,
    stmt: Node<'_>,
    new_lines: &[String],
    new_stmt: &str,
) -> Result<(), Refusal> {
    let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i);
    let first = text[..stmt.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    let last = line_end(stmt.end_byte());
    // The line below is read with the statement's lines: a comment of theirs may
    // run into it.
    let below = if last < text.len() {
        line_end(last + 1)
    } else {
        last
    };
    // The line above is read alone. When it may end a raw string or a general
    // comment that started earlier, it counts as ending in a padded comment.
    let above: Option<LineShape<'_>> = prev_line(text, first).map(|l| {
        let l = l.trim_end_matches(['\n', '\r']);
        let mut shape = line_shapes(l)[0];
        if l.contains('`') || l.contains("*/") {
            shape.trailing = Some((usize::MAX, false));
        }
        shape
    });
    let region = line_shapes(&text[first..below]);
    let below_line = (below > last).then(|| region.last().copied()).flatten();
    let original: Vec<LineShape<'_>> = above.into_iter().chain(region).collect();

    let indent = line_indent(text, stmt.start_byte());
    let mut inserted = String::new();
    for l in new_lines {
        inserted.push_str(indent);
        inserted.push_str(l);
        inserted.push('\n');
    }
    // The caller's line.
    inserted.push_str(indent);
    let rewritten = format!("{indent}{new_stmt}{}", &text[stmt.end_byte()..last]);
    let made_up: Vec<LineShape<'_>> = line_shapes(&inserted)
        .into_iter()
        .chain(line_shapes(&rewritten))
        .collect();
    let out: Vec<LineShape<'_>> = above
        .into_iter()
        .chain(made_up.iter().copied())
        .chain(below_line)
        .collect();

    let (before, after) = (comment_pairs(&original), comment_pairs(&out));
    let broken_up = before
        .iter()
        .filter(|p| !after.iter().any(|q| q.0 == p.0))
        .any(|(_, a, b)| !(a.1 && b.1));
    let created = after
        .iter()
        .filter(|p| !before.iter().any(|q| q.0 == p.0))
        .any(|(_, a, b)| !(a.1 && b.1 && a.0 == b.0));
    let padded = made_up.iter().any(|l| {
        l.trailing.is_some_and(|(_, single)| !single)
            && !original.iter().any(|o| o.content == l.content)
    });
    if broken_up || created || padded {
        return Err(Refusal::new(
            "aligned-comment",
            "a trailing comment is aligned with one on a neighbouring line; the rewrite would need them re-aligned",
            Some(stmt.byte_range()),
        ));
    }
    Ok(())
}

/// Refuse to hoist the results of `func` into temporaries when one of them holds a
/// lock value: `var ret T = T{...}; ...; return ret` copies the lock, which go vet's
/// copylocks check reports (returning the composite literal directly does not).
pub fn refuse_lock_copy(
    package: &PackageView,
    func: &Function<'_>,
    ret: Node<'_>,
) -> Result<(), Refusal> {
    if func.results.iter().any(|r| package.contains_lock(&r.ty)) {
        return Err(Refusal::new(
            "result-copies-lock",
            "a result holds a lock value: returning it from a temporary would copy the lock (go vet copylocks)",
            Some(ret.byte_range()),
        ));
    }
    Ok(())
}

/// Identifier-like words of a type text (`map[string]*url.URL` → map, string, url, URL).
fn type_words(ty: &str) -> impl Iterator<Item = &str> {
    ty.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
}

/// Names of types declared inside the function.
fn local_type_names(func: &Function<'_>, text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    walk_all(func.body, &mut |n| {
        if matches!(n.k(), "type_spec" | "type_alias") {
            if let Some(name) = n.field("name") {
                out.insert(text[name.byte_range()].to_string());
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ExitKind, FileModel};

    /// Hoist the first `return` of the first function of `src`, with results spelled
    /// `true` or a name starting with `k` taken as trivially safe.
    fn hoist_first_return(src: &str) -> Result<Option<(Vec<String>, String)>, Refusal> {
        let file = SourceFile::parse("a.go", src.to_string());
        let model = FileModel::build(&file);
        let func = &model.functions[0];
        let ret = func
            .exits
            .iter()
            .find(|e| e.kind == ExitKind::Return)
            .and_then(|e| e.node)
            .expect("a return");
        let text = file.text.as_str();
        Hoister::new(func, text).hoist(&file, func, ret, &Spelled(text))
    }

    /// Operands spelled `true` or a name starting with `k` may be evaluated after
    /// the call; one spelled `typed_..` has a type of its own.
    struct Spelled<'t>(&'t str);

    impl Operands for Spelled<'_> {
        fn after_call(&self, e: Node<'_>) -> bool {
            let t = &self.0[e.byte_range()];
            t == "true" || t.starts_with('k')
        }
        fn typed(&self, e: Node<'_>) -> bool {
            self.0[e.byte_range()].starts_with("typed_")
        }
        fn predeclared_type(&self, _: &str) -> bool {
            true
        }
    }

    #[test]
    fn gofmt_indents_a_list_as_gofmt_does() {
        assert!(!gofmt_indents_list(&[(1, 3)]));
        assert!(!gofmt_indents_list(&[(1, 1), (1, 3)]));
        assert!(gofmt_indents_list(&[(1, 1), (2, 3)]));
        assert!(gofmt_indents_list(&[(1, 2), (2, 3)]));
        assert!(!gofmt_indents_list(&[(1, 2), (2, 2)]));
    }

    #[test]
    fn hoisted_results_are_reindented_and_keep_their_comments() {
        let src = "package p

func (s *S) F(a, b string) (bool, int) {
\treturn true, // found
\t\ts.m[a] + // first
\t\t\ts.m[b]
}
";
        let (lines, ret) = hoist_first_return(src).unwrap().unwrap();
        assert_eq!(lines, ["var ret int = s.m[a] + // first\n\t\ts.m[b]"]);
        assert_eq!(ret, "return true, // found\n\t\tret");

        // Both results span lines: gofmt indents the list, each loses that level.
        let src = "package p

func (s *S) F(a, b string) (int, int) {
\treturn s.m[a] + // a
\t\t\ts.m[b], s.m[b] +
\t\t\ts.m[a]
}
";
        let (lines, ret) = hoist_first_return(src).unwrap().unwrap();
        assert_eq!(
            lines,
            [
                "var ret0 int = s.m[a] + // a\n\t\ts.m[b]",
                "var ret1 int = s.m[b] +\n\t\ts.m[a]"
            ]
        );
        assert_eq!(ret, "return ret0, ret1");
    }

    #[test]
    fn comments_between_results_stay_in_the_return() {
        let src = "package p

func (s *S) F(a string) (int, bool) {
\treturn /* under the lock */ s.m[a] /* value */, true
}
";
        let (lines, ret) = hoist_first_return(src).unwrap().unwrap();
        assert_eq!(lines, ["var ret int = s.m[a]"]);
        assert_eq!(ret, "return /* under the lock */ ret /* value */, true");
    }

    #[test]
    fn results_that_stay_lose_the_list_indentation_with_it() {
        let src = "package p

func (s *S) F(a string, k0, k1 string) (string, int) {
\treturn k0 +
\t\t\tk1, s.m[a] +
\t\t\t1
}
";
        let (lines, ret) = hoist_first_return(src).unwrap().unwrap();
        assert_eq!(lines, ["var ret int = s.m[a] +\n\t\t1"]);
        assert_eq!(ret, "return k0 +\n\t\tk1, ret");
    }

    #[test]
    fn raw_string_lines_stay_and_general_comments_are_refused() {
        let src = "package p

func (s *S) F(a string) (bool, string) {
\treturn true,
\t\tf(`x
y`,
\t\t\ts.m[a])
}
";
        let (lines, _) = hoist_first_return(src).unwrap().unwrap();
        assert_eq!(lines, ["ret := f(`x\ny`,\n\t\ts.m[a])"]);

        let src = "package p

func (s *S) F(a string) (bool, int) {
\treturn true,
\t\ts.m[a] + /* one
\t\t\t   two */
\t\t\t1
}
";
        let refusal = hoist_first_return(src).unwrap_err();
        assert_eq!(refusal.reason, "not-gofmt");
    }

    #[test]
    fn aligned_trailing_comments_are_refused_unless_unpadded() {
        let src = "package p

func (s *S) F(a string) int {
\tx := 1            // one
\treturn s.m[a] + x // two
}
";
        let refusal = hoist_first_return(src).unwrap_err();
        assert_eq!(refusal.reason, "aligned-comment");

        let src = "package p

func (s *S) F(a string) int {
\tn := len(a) + 999 // one
\treturn s.m[a] + n // two
}
";
        let (lines, ret) = hoist_first_return(src).unwrap().unwrap();
        assert_eq!(lines, ["var ret int = s.m[a] + n"]);
        assert_eq!(ret, "return ret");
    }

    #[test]
    fn line_shapes_see_trailing_comments_only() {
        let shapes =
            line_shapes("\tx := \"//\" // c\n\ty := `a\n// b`\n\t// own line\n\tz := 1  /* d */");
        let trailing: Vec<_> = shapes.iter().map(|s| s.trailing).collect();
        assert_eq!(
            trailing,
            [Some((10, true)), None, None, None, Some((8, false))]
        );
    }
}
