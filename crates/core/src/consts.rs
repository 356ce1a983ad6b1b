//! Code the Go compiler removes before it looks at defers: branches whose condition
//! is a constant it can prove (`if debug { defer ... }` with `const debug = false`,
//! `if race.Enabled`, `if runtime.GOOS == "android"`), `for false { ... }`, and
//! statements after a terminating statement.
//!
//! This mirrors the compiler's front end (cmd/compile/internal/noder/writer.go:
//! `staticBool`, `terminates`, `stmts`; reader.go: `forStmt`). A defer or `return`
//! in removed code has no regime and does not count towards the function's defers
//! and returns. A condition is only folded when its value is proven: from constants
//! of the package (in files that are in the build), and from the few build constants
//! of the standard library below, for a [`Target`] whose GOOS/GOARCH are known.
//! Anything else — a name that is declared twice, a const from a file whose build
//! constraint is undecided, a local that shadows a const — stays unknown, and the
//! code is kept.

use crate::source::SourceFile;
use crate::syntax::NodeExt;
use crate::syntax::{named_children, walk_all};
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::Node;

/// The build whose constants are resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// `GOOS`, when known.
    pub goos: Option<String>,
    /// `GOARCH`, when known.
    pub goarch: Option<String>,
    /// Compiled with `-race`.
    pub race: bool,
    /// The Go minor version (`go1.N` build tags), when known.
    pub go_minor: Option<u32>,
}

/// A constant value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Bool(bool),
    Int(i128),
    Str(String),
}

pub(crate) const KNOWN_GOOS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];
pub(crate) const KNOWN_GOARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];
const UNIX: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];
const BITS64: &[&str] = &[
    "amd64", "arm64", "arm64be", "loong64", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64",
    "s390x", "sparc64", "wasm",
];

impl Target {
    /// Constants of other packages that depend only on the build: `runtime.GOOS`,
    /// `internal/race.Enabled`, ... (import path, name).
    fn imported(&self, path: &str, name: &str) -> Option<Value> {
        let goos = self.goos.as_deref();
        let goarch = self.goarch.as_deref();
        match (path, name) {
            ("runtime" | "internal/goos", "GOOS") => goos.map(|s| Value::Str(s.to_string())),
            ("runtime" | "internal/goarch", "GOARCH") => goarch.map(|s| Value::Str(s.to_string())),
            ("internal/race", "Enabled") => Some(Value::Bool(self.race)),
            // Set only by -msan / -asan builds, and by GOEXPERIMENT=boringcrypto.
            ("internal/msan" | "internal/asan" | "crypto/internal/boring", "Enabled") => {
                Some(Value::Bool(false))
            }
            ("internal/goarch", "PtrSize") => {
                goarch.map(|a| Value::Int(if BITS64.contains(&a) { 8 } else { 4 }))
            }
            ("internal/goos", n) if n.starts_with("Is") => {
                let os = n[2..].to_ascii_lowercase();
                goos.map(|g| Value::Int(i128::from(g == os)))
            }
            ("internal/goarch", n) if n.starts_with("Is") => {
                let arch = n[2..].to_ascii_lowercase();
                goarch.map(|g| Value::Int(i128::from(g == arch)))
            }
            _ => None,
        }
    }

    /// The value of a build tag: Some(true/false) when known.
    fn tag(&self, tag: &str) -> Option<bool> {
        let goos = self.goos.as_deref();
        let goarch = self.goarch.as_deref();
        if tag == "race" {
            return Some(self.race);
        }
        if tag == "gc" {
            return Some(true);
        }
        if tag == "gccgo" || tag == "msan" || tag == "asan" || tag == "boringcrypto" {
            return Some(false);
        }
        if tag == "unix" {
            return goos.map(|g| UNIX.contains(&g));
        }
        if KNOWN_GOOS.contains(&tag) {
            // GOOS=android also satisfies `linux`, illumos `solaris`, ios `darwin`.
            return goos.map(|g| {
                g == tag
                    || (tag == "linux" && g == "android")
                    || (tag == "solaris" && g == "illumos")
                    || (tag == "darwin" && g == "ios")
            });
        }
        if KNOWN_GOARCH.contains(&tag) {
            return goarch.map(|a| a == tag);
        }
        if let Some(minor) = tag.strip_prefix("go1.").and_then(|m| m.parse::<u32>().ok()) {
            return self.go_minor.map(|v| minor <= v);
        }
        None
    }

    /// Is `file` part of this build: Some(true/false) when decided by its name
    /// (`_linux.go`, `_amd64.go`) and its `//go:build` line.
    pub fn includes(&self, file: &SourceFile) -> Option<bool> {
        let name = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let name = name.strip_suffix("_test").unwrap_or(&name);
        let parts: Vec<&str> = name.split('_').collect();
        let mut by_name = Some(true);
        let n = parts.len();
        let suffix_tag = |t: &str| -> Option<bool> {
            if KNOWN_GOOS.contains(&t) || KNOWN_GOARCH.contains(&t) {
                self.tag(t)
            } else {
                Some(true)
            }
        };
        if n >= 3 && KNOWN_GOOS.contains(&parts[n - 2]) && KNOWN_GOARCH.contains(&parts[n - 1]) {
            by_name = and3(suffix_tag(parts[n - 2]), suffix_tag(parts[n - 1]));
        } else if n >= 2 {
            by_name = suffix_tag(parts[n - 1]);
        }
        let by_tags = build_line(&file.text)
            .map(|line| BuildExpr::new(line, self).parse_or())
            .unwrap_or(Some(true));
        and3(by_name, by_tags)
    }
}

fn and3(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn or3(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// The expression of the `//go:build` line before the package clause.
fn build_line(text: &str) -> Option<&str> {
    for line in text.lines() {
        let l = line.trim();
        if let Some(expr) = l.strip_prefix("//go:build ") {
            return Some(expr);
        }
        if l.starts_with("package ") {
            return None;
        }
    }
    None
}

/// A three-valued evaluator of `//go:build` expressions (`!`, `&&`, `||`, parens).
struct BuildExpr<'a> {
    tokens: Vec<String>,
    pos: usize,
    target: &'a Target,
}

impl<'a> BuildExpr<'a> {
    fn new(line: &str, target: &'a Target) -> Self {
        let mut tokens = Vec::new();
        let mut word = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_alphanumeric() || c == '_' || c == '.' {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            match c {
                '!' | '(' | ')' => tokens.push(c.to_string()),
                '&' | '|' if chars.peek() == Some(&c) => {
                    chars.next();
                    tokens.push(format!("{c}{c}"));
                }
                _ => {}
            }
        }
        if !word.is_empty() {
            tokens.push(word);
        }
        BuildExpr {
            tokens,
            pos: 0,
            target,
        }
    }
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }
    fn parse_or(&mut self) -> Option<bool> {
        let mut v = self.parse_and();
        while self.peek() == Some("||") {
            self.pos += 1;
            let r = self.parse_and();
            v = or3(v, r);
        }
        v
    }
    fn parse_and(&mut self) -> Option<bool> {
        let mut v = self.parse_not();
        while self.peek() == Some("&&") {
            self.pos += 1;
            let r = self.parse_not();
            v = and3(v, r);
        }
        v
    }
    fn parse_not(&mut self) -> Option<bool> {
        match self.peek() {
            Some("!") => {
                self.pos += 1;
                self.parse_not().map(|b| !b)
            }
            Some("(") => {
                self.pos += 1;
                let v = self.parse_or();
                if self.peek() == Some(")") {
                    self.pos += 1;
                }
                v
            }
            Some(t) => {
                let t = t.to_string();
                self.pos += 1;
                self.target.tag(&t)
            }
            None => None,
        }
    }
}

/// The constants a package's code can see, for one build.
#[derive(Debug, Default)]
pub struct ConstEnv {
    /// Package-level consts with their value expressions' text; None when a name is
    /// declared more than once or in a file whose build constraint is undecided.
    local: HashMap<String, Option<String>>,
    target: Target,
}

impl ConstEnv {
    /// Collect the package-level constants of `files` (one package) for `target`.
    /// Files that are not in the build are ignored.
    pub fn build(files: &[&SourceFile], target: &Target) -> Self {
        let mut env = ConstEnv {
            target: target.clone(),
            ..ConstEnv::default()
        };
        for file in files {
            let included = target.includes(file);
            if included == Some(false) {
                continue;
            }
            let text = file.text.as_str();
            for decl in named_children(file.root()) {
                if decl.k() != "const_declaration" {
                    continue;
                }
                for spec in named_children(decl) {
                    if spec.k() != "const_spec" {
                        continue;
                    }
                    let mut cursor = spec.walk();
                    let names: Vec<Node<'_>> =
                        spec.children_by_field_name("name", &mut cursor).collect();
                    let values: Vec<Node<'_>> =
                        spec.field("value").map(named_children).unwrap_or_default();
                    for (i, n) in names.iter().enumerate() {
                        let name = text[n.byte_range()].to_string();
                        let value = match (included, values.get(i)) {
                            (Some(true), Some(v)) if values.len() == names.len() => {
                                Some(text[v.byte_range()].to_string())
                            }
                            _ => None,
                        };
                        env.local
                            .entry(name)
                            .and_modify(|e| *e = None)
                            .or_insert(value);
                    }
                }
            }
        }
        env
    }

    /// The value of a package-level constant.
    fn local_value(&self, name: &str, depth: u32) -> Option<Value> {
        let expr = self.local.get(name)?.as_deref()?;
        // Re-parse the expression alone: cheap, and keeps the env free of trees.
        let src = format!("package p\nconst _ = {expr}\n");
        let tree = crate::source::parse_go(&src);
        let root = tree.root_node();
        let spec = named_children(root)
            .into_iter()
            .find(|n| n.k() == "const_declaration")
            .and_then(|d| named_children(d).into_iter().next())?;
        let value = spec
            .field("value")
            .and_then(|v| named_children(v).into_iter().next())?;
        // Imports of the defining file are not at hand here: only local names and
        // literals are followed inside const expressions.
        let no_imports = HashMap::new();
        let scope = Scope {
            env: self,
            text: &src,
            imports: &no_imports,
        };
        scope.eval(value, depth + 1)
    }
}

/// Where an expression is evaluated: a file's text and imports. A name that Go's
/// scopes bind to a local declaration there (which shadows a package constant or an
/// import) has no constant value.
struct Scope<'a> {
    env: &'a ConstEnv,
    text: &'a str,
    imports: &'a HashMap<String, String>,
}

impl Scope<'_> {
    fn eval(&self, e: Node<'_>, depth: u32) -> Option<Value> {
        if depth > 16 {
            return None;
        }
        let t = &self.text[e.byte_range()];
        match e.k() {
            "parenthesized_expression" => self.eval(named_children(e).into_iter().next()?, depth),
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "int_literal" => parse_int(t).map(Value::Int),
            "interpreted_string_literal" if !t.contains('\\') => {
                Some(Value::Str(t.trim_matches('"').to_string()))
            }
            "raw_string_literal" => Some(Value::Str(t.trim_matches('`').to_string())),
            "identifier" => {
                // (Only a name that could have a value is looked up among the
                // function's own names.)
                if !matches!(t, "true" | "false") && !self.env.local.contains_key(t) {
                    return None;
                }
                if crate::semantic::scope::resolve(e, self.text).is_local() {
                    return None;
                }
                match t {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    _ => self.env.local_value(t, depth),
                }
            }
            "selector_expression" => {
                let pkg = e.field("operand")?;
                let field = e.field("field")?;
                if pkg.k() != "identifier" {
                    return None;
                }
                let pkg_node = pkg;
                let pkg = &self.text[pkg.byte_range()];
                if self.env.local.contains_key(pkg) {
                    return None;
                }
                let path = self.imports.get(pkg)?;
                if crate::semantic::scope::resolve(pkg_node, self.text).is_local() {
                    return None;
                }
                self.env
                    .target
                    .imported(path, &self.text[field.byte_range()])
            }
            "unary_expression" => {
                let op = &self.text[e.field("operator")?.byte_range()];
                let v = self.eval(e.field("operand")?, depth)?;
                match (op, v) {
                    ("!", Value::Bool(b)) => Some(Value::Bool(!b)),
                    ("-", Value::Int(i)) => Some(Value::Int(-i)),
                    ("+", v @ Value::Int(_)) => Some(v),
                    _ => None,
                }
            }
            "binary_expression" => {
                let op = &self.text[e.field("operator")?.byte_range()];
                let l = e.field("left")?;
                let r = e.field("right")?;
                self.binary(op, l, r, depth)
            }
            _ => None,
        }
    }

    fn binary(&self, op: &str, l: Node<'_>, r: Node<'_>, depth: u32) -> Option<Value> {
        let a = self.eval(l, depth)?;
        let b = self.eval(r, depth)?;
        use Value::*;
        Some(match (op, a, b) {
            ("&&", Bool(x), Bool(y)) => Bool(x && y),
            ("||", Bool(x), Bool(y)) => Bool(x || y),
            ("==", x, y) if same_kind(&x, &y) => Bool(x == y),
            ("!=", x, y) if same_kind(&x, &y) => Bool(x != y),
            ("<", Int(x), Int(y)) => Bool(x < y),
            ("<=", Int(x), Int(y)) => Bool(x <= y),
            (">", Int(x), Int(y)) => Bool(x > y),
            (">=", Int(x), Int(y)) => Bool(x >= y),
            ("+", Int(x), Int(y)) => Int(x.checked_add(y)?),
            ("-", Int(x), Int(y)) => Int(x.checked_sub(y)?),
            ("*", Int(x), Int(y)) => Int(x.checked_mul(y)?),
            ("+", Str(x), Str(y)) => Str(x + &y),
            _ => return None,
        })
    }

    /// The compiler's `staticBool`: +1 / -1 when the condition is statically
    /// true / false (a constant, or `&&` / `||` decided by a constant operand),
    /// 0 otherwise.
    fn static_bool(&self, e: Node<'_>) -> i8 {
        if let Some(Value::Bool(b)) = self.eval(e, 0) {
            return if b { 1 } else { -1 };
        }
        let e = crate::syntax::unparen(e);
        if e.k() != "binary_expression" {
            return 0;
        }
        let (Some(op), Some(l), Some(r)) = (e.field("operator"), e.field("left"), e.field("right"))
        else {
            return 0;
        };
        match &self.text[op.byte_range()] {
            "&&" => {
                let x = self.static_bool(l);
                if x < 0 {
                    return x;
                }
                let y = self.static_bool(r);
                if x > 0 || y < 0 {
                    return y;
                }
                0
            }
            "||" => {
                let x = self.static_bool(l);
                if x > 0 {
                    return x;
                }
                let y = self.static_bool(r);
                if x < 0 || y > 0 {
                    return y;
                }
                0
            }
            _ => 0,
        }
    }

    /// The compiler's `terminates`: a statement after which the rest of its list is
    /// dropped.
    fn terminates(&self, stmt: Option<Node<'_>>) -> bool {
        let Some(stmt) = stmt else { return false };
        match stmt.k() {
            "return_statement" | "goto_statement" => true,
            "expression_statement" => named_children(stmt).into_iter().next().is_some_and(|c| {
                crate::syntax::is_panic_call(crate::syntax::unparen(c), self.text)
            }),
            "if_statement" => {
                let cond = stmt.field("condition").map_or(0, |c| self.static_bool(c));
                (cond < 0 || self.terminates(stmt.field("consequence")))
                    && (cond > 0 || self.terminates(stmt.field("alternative")))
            }
            "block" => self.terminates(crate::syntax::statements(stmt).last().copied()),
            _ => false,
        }
    }
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn parse_int(t: &str) -> Option<i128> {
    let t = t.replace('_', "");
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        i128::from_str_radix(b, 2).ok()
    } else if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        i128::from_str_radix(o, 8).ok()
    } else if t.len() > 1 && t.starts_with('0') {
        i128::from_str_radix(&t[1..], 8).ok()
    } else {
        t.parse().ok()
    }
}

/// A file's imports: local name → import path.
fn imports_of(file: &SourceFile) -> HashMap<String, String> {
    let text = file.text.as_str();
    let mut out = HashMap::new();
    for decl in named_children(file.root()) {
        if decl.k() != "import_declaration" {
            continue;
        }
        walk_all(decl, &mut |spec| {
            if spec.k() != "import_spec" {
                return;
            }
            let Some(path) = spec.field("path") else {
                return;
            };
            let path = text[path.byte_range()].trim_matches(['"', '`']).to_string();
            let name = match spec.field("name") {
                Some(n) => text[n.byte_range()].to_string(),
                None => path.rsplit('/').next().unwrap_or(&path).to_string(),
            };
            out.insert(name, path);
        });
    }
    out
}

/// The byte ranges of `file` that the compiler removes, given the package
/// constants `env`. Sorted, possibly nested.
pub fn removed_ranges(file: &SourceFile, env: &ConstEnv) -> Vec<(Range<usize>, String)> {
    removed_ranges_skipping(file, env, &|top| {
        crate::syntax::function_depths(top)
            .get(&top.id())
            .is_none_or(|d| d + 1 > crate::model::MAX_DEPTH)
    })
}

/// [`removed_ranges`], for a file whose model is at hand: its list of functions
/// too deep to check says which top-level ones to skip, without measuring each
/// function's depth again (a walk of every node of the file).
pub fn removed_ranges_in_model(
    file: &SourceFile,
    model: &crate::model::FileModel<'_>,
    env: &ConstEnv,
) -> Vec<(Range<usize>, String)> {
    // The model lists every top-level function deeper than MAX_DEPTH from the
    // root, that is, `function_depths(top)[top] + 1 > MAX_DEPTH`: those skipped
    // by `removed_ranges`.
    let too_deep: std::collections::HashSet<usize> =
        model.too_deep.iter().map(|t| t.node.id()).collect();
    removed_ranges_skipping(file, env, &|top| too_deep.contains(&top.id()))
}

/// Kinds whose nodes hold no statement except inside a func literal: below one
/// whose text does not say `func`, no statement list, `if` or `for` can be.
fn holds_statements_only_in_literals(kind: &str) -> bool {
    matches!(
        kind,
        "expression_statement"
            | "assignment_statement"
            | "short_var_declaration"
            | "return_statement"
            | "inc_statement"
            | "dec_statement"
            | "send_statement"
            | "go_statement"
            | "defer_statement"
            | "var_declaration"
            | "const_declaration"
            | "type_declaration"
            | "call_expression"
            | "binary_expression"
            | "unary_expression"
            | "selector_expression"
            | "index_expression"
            | "slice_expression"
            | "composite_literal"
            | "parenthesized_expression"
            | "expression_list"
            | "argument_list"
            | "type_assertion_expression"
            | "type_conversion_expression"
            | "literal_value"
            | "keyed_element"
            | "literal_element"
    )
}

/// Visit `node` and its descendants in source order, as [`walk_all`] does, but
/// not below a node that can hold statements only in a func literal and whose
/// text has none (see [`holds_statements_only_in_literals`]): the visitor of
/// [`removed_ranges_skipping`] looks at statements only.
fn walk_statements<'t>(node: Node<'t>, text: &str, f: &mut impl FnMut(Node<'t>)) {
    let finder = memchr::memmem::Finder::new("func");
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        f(n);
        if holds_statements_only_in_literals(n.k())
            && finder
                .find(text.as_bytes().get(n.byte_range()).unwrap_or_default())
                .is_none()
        {
            continue;
        }
        let before = stack.len();
        stack.extend(n.children(&mut cursor));
        stack[before..].reverse();
    }
}

/// [`removed_ranges`], skipping the top-level functions for which `too_deep` holds.
fn removed_ranges_skipping(
    file: &SourceFile,
    env: &ConstEnv,
    too_deep: &dyn Fn(Node<'_>) -> bool,
) -> Vec<(Range<usize>, String)> {
    let text = file.text.as_str();
    let imports = imports_of(file);
    let mut out = Vec::new();
    for top in named_children(file.root()) {
        if !matches!(top.k(), "function_declaration" | "method_declaration") {
            continue;
        }
        // Not for a function too deep to check ([`crate::model::MAX_DEPTH`]): no
        // rule looks at it, and the walks below recurse and climb.
        if too_deep(top) {
            continue;
        }
        let scope = Scope {
            env,
            text,
            imports: &imports,
        };
        walk_statements(top, text, &mut |n| match n.k() {
            "statement_list" => {
                let stmts = named_children(n);
                let last_label = stmts
                    .iter()
                    .rposition(|s| s.k() == "labeled_statement")
                    .map_or(-1, |i| i as i64);
                let mut dead = false;
                for (i, s) in stmts.iter().enumerate() {
                    if dead && i as i64 > last_label && s.k() != "labeled_statement" {
                        out.push((
                            s.byte_range(),
                            "it follows a statement that always leaves the function".to_string(),
                        ));
                        continue;
                    }
                    dead = scope.terminates(Some(*s));
                }
            }
            "if_statement" => {
                let Some(cond) = n.field("condition") else {
                    return;
                };
                let why = |v: &str| {
                    format!(
                        "the compiler drops it: `{}` is always {v}",
                        crate::syntax::squash(&text[cond.byte_range()])
                    )
                };
                match scope.static_bool(cond) {
                    1 => {
                        if let Some(alt) = n.field("alternative") {
                            out.push((alt.byte_range(), why("true")));
                        }
                    }
                    -1 => {
                        if let Some(then) = n.field("consequence") {
                            out.push((then.byte_range(), why("false")));
                        }
                    }
                    _ => {}
                }
            }
            "for_statement" => {
                let cond = named_children(n).into_iter().find_map(|c| match c.k() {
                    "for_clause" => c.field("condition"),
                    "block" | "range_clause" => None,
                    _ => Some(c),
                });
                if let Some(cond) = cond {
                    if scope.eval(cond, 0) == Some(Value::Bool(false)) {
                        if let Some(body) = n.field("body") {
                            out.push((
                                body.byte_range(),
                                format!(
                                    "the compiler drops it: `{}` is always false",
                                    crate::syntax::squash(&text[cond.byte_range()])
                                ),
                            ));
                        }
                    }
                }
            }
            _ => {}
        });
    }
    out.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    out
}

/// The code of `file` the compiler removes, judged from the file alone (its own
/// constants and the build constants of the standard library that do not depend
/// on GOOS/GOARCH), for Go `go` without `-race`: what a rule can know without the
/// rest of the package. `model` is the file's (see [`removed_ranges_in_model`]).
pub fn removed_in_file(
    file: &SourceFile,
    model: &crate::model::FileModel<'_>,
    go: crate::config::GoVersion,
) -> Vec<(Range<usize>, String)> {
    let target = Target {
        go_minor: (go.major == 1).then_some(go.minor),
        ..Target::default()
    };
    removed_ranges_in_model(file, model, &ConstEnv::build(&[file], &target))
}

/// Why the code at `offset` is removed, if it is.
pub fn removed_at(ranges: &[(Range<usize>, String)], offset: usize) -> Option<&str> {
    ranges
        .iter()
        .find(|(r, _)| r.contains(&offset))
        .map(|(_, why)| why.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk of `removed_ranges` does not go below an expression or simple
    /// statement whose text has no `func`: it still reaches every statement list,
    /// `if` and `for` a walk of every node reaches, func literals in any position
    /// included (and in a tree with syntax errors).
    #[test]
    fn the_statement_walk_reaches_every_statement_the_full_walk_does() {
        let sources = [
            "package p\n\nvar a = []func(){func() { if x { return } }}\nvar m = map[string]func(){\"k\": func() { for false {} }}\n\nfunc F(ch chan func()) int {\n\tx := T{f: func() { if c { g() } }}\n\tg(1, func() { for {} }, 2+h(func() int { if y { return 1 }; return 2 }()))\n\tch <- func() { if z {} }\n\tgo func() { for i := 0; i < 1; i++ {} }()\n\tdefer func() { if r := recover(); r != nil {} }()\n\tfunc() []int { if q {}; return nil }()[0]++\n\ty := (func() int { if w { return 3 }; return 4 })()\n\t_ = struct{ f func() }{f: func() { if v {} }}.f\n\tvar k = [2]func(){0: func() { if u {} }}\n\treturn x.n + y + len(k) + int(T2(func() { if t {} }))\n}\n",
            "package p\n\nfunc G() {\n\tx := g(func() { if a {\n\tfor {\n}\n\n\tvar v = (x int) { return }\n\ty := func( { if b {} }\n}\n",
        ];
        let kinds = ["statement_list", "if_statement", "for_statement"];
        for src in sources {
            let file = SourceFile::parse("a.go", src.to_string());
            let mut all = Vec::new();
            crate::syntax::walk_all(file.root(), &mut |n| {
                if kinds.contains(&n.k()) {
                    all.push(n.id());
                }
            });
            let mut reached = Vec::new();
            walk_statements(file.root(), &file.text, &mut |n| {
                if kinds.contains(&n.k()) {
                    reached.push(n.id());
                }
            });
            assert!(all.len() >= 4, "{}: {} statements", src, all.len());
            assert_eq!(reached, all, "{src}");
        }
    }

    fn removed(files: &[(&str, &str)], target: &Target) -> Vec<String> {
        let parsed: Vec<SourceFile> = files
            .iter()
            .map(|(p, t)| SourceFile::parse(p, t.to_string()))
            .collect();
        let refs: Vec<&SourceFile> = parsed.iter().collect();
        let env = ConstEnv::build(&refs, target);
        removed_ranges(&parsed[0], &env)
            .into_iter()
            .map(|(r, _)| {
                parsed[0].text[r]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    fn linux() -> Target {
        Target {
            goos: Some("linux".into()),
            goarch: Some("amd64".into()),
            race: false,
            go_minor: Some(26),
        }
    }

    #[test]
    fn constant_conditions() {
        let a = r#"package p
import (
	"internal/race"
	"runtime"
)
const debug = false
const verbose = debug || level > 2
const level = 1
func F() {
	if debug { defer a() }
	if verbose { defer b() }
	if race.Enabled { defer c() }
	if runtime.GOOS == "android" { defer d() } else { e() }
	if x() && debug { defer f() }
	if x() || debug { defer g() }
	for false { defer h() }
}
func G(debug bool) {
	if debug { defer a() }
}
func H() {
	return
	defer a()
}
func K() {
	return
	defer a()
L:
	defer b()
	goto L
}
"#;
        let r = removed(&[("a.go", a)], &linux());
        assert_eq!(
            r,
            vec![
                "{ defer a() }",
                "{ defer b() }",
                "{ defer c() }",
                "{ defer d() }",
                "{ defer f() }",
                "{ defer h() }",
                "defer a()",
            ]
        );
        // GOOS unknown: the runtime.GOOS branch stays.
        let unknown = Target {
            goos: None,
            ..linux()
        };
        assert!(!removed(&[("a.go", a)], &unknown).contains(&"{ defer d() }".to_string()));
        // -race: race.Enabled is true, the branch stays.
        let race = Target {
            race: true,
            ..linux()
        };
        assert!(!removed(&[("a.go", a)], &race).contains(&"{ defer c() }".to_string()));
    }

    /// A local of the same name shadows a constant where Go's scopes say so: in
    /// a select case's receive, a type switch's clauses, a literal's parameters;
    /// not before its declaration.
    #[test]
    fn constants_shadowed_by_scope() {
        let a = r#"package p
const debug = false
func F(ch chan bool) {
	select {
	case debug := <-ch:
		if debug { defer a() }
	}
}
func G(v any) {
	switch debug := v.(type) {
	case bool:
		if debug { defer b() }
	}
}
func H() {
	func(debug bool) {
		if debug { defer c() }
	}(true)
}
func K() {
	if debug { defer d() }
	debug := true
	_ = debug
}
"#;
        assert_eq!(removed(&[("a.go", a)], &linux()), vec!["{ defer d() }"]);
    }

    #[test]
    fn build_constrained_constants() {
        let main = "package p\nfunc F() {\n\tif raceenabled { defer a() }\n}\n";
        let off = "//go:build !race\n\npackage p\n\nconst raceenabled = false\n";
        let on = "//go:build race\n\npackage p\n\nconst raceenabled = true\n";
        let files = [("main.go", main), ("race0.go", off), ("race.go", on)];
        assert_eq!(removed(&files, &linux()), vec!["{ defer a() }"]);
        let race = Target {
            race: true,
            ..linux()
        };
        assert!(removed(&files, &race).is_empty());
        // Two definitions in files that are both in the build: not folded.
        let linux_only = "package p\n\nconst raceenabled = true\n";
        let twice = [("main.go", main), ("a.go", off), ("b_linux.go", linux_only)];
        assert!(removed(&twice, &linux()).is_empty());
        // An undecided constraint (cgo) poisons the name.
        let cgo = "//go:build cgo\n\npackage p\n\nconst raceenabled = false\n";
        assert!(removed(&[("main.go", main), ("c.go", cgo)], &linux()).is_empty());
        // A file for another GOOS is not in the build.
        let win = "package p\n\nconst raceenabled = true\n";
        assert_eq!(
            removed(
                &[("main.go", main), ("a.go", off), ("x_windows.go", win)],
                &linux()
            ),
            vec!["{ defer a() }"]
        );
    }
}
