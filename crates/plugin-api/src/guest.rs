//! The plugin side: implement [`Plugin`] and call [`export_plugin!`](crate::export_plugin).
//! The functions here are what the macro exports; every one of them catches panics,
//! so a panic never crosses the C boundary (it becomes an error the host reports).

use crate::abi::{self, Str};
use crate::types::{Check, Diagnostic, ExitKind, FunctionKind};
use std::ffi::c_void;
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A rule plugin. One instance is created per run from its configuration, and
/// [`Plugin::check`] may be called from several threads at once.
pub trait Plugin: Send + Sync + Sized + 'static {
    /// Create the plugin from its `[[plugins]] config` table, as TOML text (empty
    /// when there is none). An error stops the run before any file is touched.
    fn new(config: &str) -> Result<Self, String>;

    /// Extra call patterns for the built-in explicit-call rule (DR001), e.g.
    /// `$S.End()`: the host's own analysis proves and performs the rewrite.
    fn patterns(&self) -> Vec<String> {
        Vec::new()
    }

    /// The checks this plugin runs on each file.
    fn checks(&self) -> Vec<Check> {
        Vec::new()
    }

    /// Run the check with this `code` on one file.
    fn check(&self, code: &str, file: &File<'_>) -> Result<Vec<Diagnostic>, String> {
        let _ = (code, file);
        Ok(Vec::new())
    }
}

/// One syntax node of the file (tree-sitter-go's kinds and field names).
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    pub index: usize,
    pub kind: &'a str,
    /// The field name under the parent, `""` when none.
    pub field: &'a str,
    pub span: (usize, usize),
    pub parent: Option<usize>,
    /// One past the index of the last descendant: descendants are `index + 1..subtree_end`.
    pub subtree_end: usize,
    pub named: bool,
    /// An ERROR or MISSING node.
    pub error: bool,
}

impl Node<'_> {
    pub fn range(&self) -> Range<usize> {
        self.span.0..self.span.1
    }
}

/// A function declaration, method declaration or func literal.
#[derive(Debug, Clone)]
pub struct Function<'a> {
    pub name: &'a str,
    pub kind: FunctionKind,
    /// Index of its node.
    pub node: usize,
    pub span: Range<usize>,
    pub body: Range<usize>,
    pub results: usize,
}

/// A `defer` statement.
#[derive(Debug, Clone)]
pub struct Defer<'a> {
    /// Index into [`File::functions`].
    pub function: usize,
    /// Index of the `defer_statement` node.
    pub node: usize,
    pub span: Range<usize>,
    pub call: Range<usize>,
    /// `s.mu.Unlock`.
    pub callee: &'a str,
    pub receiver_root: Option<&'a str>,
    pub top_level: bool,
    pub is_func_literal: bool,
    pub loop_depth: u32,
}

/// A way out of a function.
#[derive(Debug, Clone)]
pub struct Exit {
    /// Index into [`File::functions`].
    pub function: usize,
    pub kind: ExitKind,
    /// The return statement or call; for the fall-through, the closing brace.
    pub span: Range<usize>,
}

/// One file, as the host parsed and modelled it.
#[derive(Debug)]
pub struct File<'a> {
    pub path: &'a str,
    pub text: &'a str,
    /// Every node in pre-order; index 0 is the root (`source_file`).
    pub nodes: Vec<Node<'a>>,
    /// In source order of their start (a literal after its enclosing function).
    pub functions: Vec<Function<'a>>,
    pub defers: Vec<Defer<'a>>,
    pub exits: Vec<Exit>,
}

impl<'a> File<'a> {
    /// The text of a node or range.
    pub fn text_of(&self, range: Range<usize>) -> &'a str {
        self.text.get(range).unwrap_or("")
    }

    pub fn node_text(&self, node: &Node<'_>) -> &'a str {
        self.text_of(node.range())
    }

    /// The direct children of node `index`.
    pub fn children(&self, index: usize) -> impl Iterator<Item = &Node<'a>> + '_ {
        let end = self.nodes.get(index).map_or(index, |n| n.subtree_end);
        let mut next = index + 1;
        std::iter::from_fn(move || {
            let node = self.nodes.get(next).filter(|_| next < end)?;
            next = node.subtree_end.max(next + 1);
            Some(node)
        })
    }

    /// The child of node `index` under `field`.
    pub fn child_by_field(&self, index: usize, field: &str) -> Option<&Node<'a>> {
        self.children(index).find(|c| c.field == field)
    }

    /// The descendants of node `index`, in pre-order.
    pub fn descendants(&self, index: usize) -> &[Node<'a>] {
        let end = self.nodes.get(index).map_or(index, |n| n.subtree_end);
        self.nodes.get(index + 1..end).unwrap_or(&[])
    }

    /// The innermost function whose body contains `offset`.
    pub fn function_at(&self, offset: usize) -> Option<usize> {
        self.functions
            .iter()
            .enumerate()
            .filter(|(_, f)| f.body.start <= offset && offset < f.body.end)
            .min_by_key(|(_, f)| f.body.end - f.body.start)
            .map(|(i, _)| i)
    }

    /// Read the host's input.
    ///
    /// # Safety
    /// `input` must point to a valid [`abi::CheckInput`] for `'a`.
    unsafe fn from_abi(input: *const abi::CheckInput) -> Result<File<'a>, String> {
        let input = input.as_ref().ok_or("the host passed no input")?;
        if input.size < std::mem::size_of::<abi::CheckInput>() {
            return Err(format!(
                "the host's input is {} bytes, this plugin needs {}",
                input.size,
                std::mem::size_of::<abi::CheckInput>()
            ));
        }
        let s = |s: Str| s.as_str().unwrap_or("");
        let span = |s: abi::Span| s.start as usize..s.end as usize;
        let nodes = input
            .nodes
            .as_slice()
            .iter()
            .enumerate()
            .map(|(index, n)| Node {
                index,
                kind: s(n.kind),
                field: s(n.field),
                span: (n.span.start as usize, n.span.end as usize),
                parent: (n.parent != abi::NO_PARENT).then_some(n.parent as usize),
                subtree_end: n.subtree_end as usize,
                named: n.named != 0,
                error: n.error != 0,
            })
            .collect();
        let functions = input
            .functions
            .as_slice()
            .iter()
            .map(|f| Function {
                name: s(f.name),
                kind: FunctionKind::from_abi(f.kind).unwrap_or(FunctionKind::Declaration),
                node: f.node as usize,
                span: span(f.span),
                body: span(f.body),
                results: f.results as usize,
            })
            .collect();
        let defers = input
            .defers
            .as_slice()
            .iter()
            .map(|d| Defer {
                function: d.function as usize,
                node: d.node as usize,
                span: span(d.span),
                call: span(d.call),
                callee: s(d.callee),
                receiver_root: Some(s(d.receiver_root)).filter(|r| !r.is_empty()),
                top_level: d.top_level != 0,
                is_func_literal: d.is_func_literal != 0,
                loop_depth: d.loop_depth,
            })
            .collect();
        let exits = input
            .exits
            .as_slice()
            .iter()
            .map(|e| Exit {
                function: e.function as usize,
                kind: ExitKind::from_abi(e.kind).unwrap_or(ExitKind::Return),
                span: span(e.span),
            })
            .collect();
        Ok(File {
            path: s(input.path),
            text: input
                .source
                .as_str()
                .ok_or("the host passed text that is not UTF-8")?,
            nodes,
            functions,
            defers,
            exits,
        })
    }
}

thread_local! {
    /// Where the last panic inside a boundary call on this thread happened.
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// Is this thread inside a call from the host?
    static IN_CALL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Install (once) a panic hook that, inside a call from the host, records the
/// location instead of printing: the host reports each panic once, as an error
/// naming the file being checked, with this location. Other panics (in threads the
/// plugin started itself) go to the previous hook as usual.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_CALL.with(|c| c.get()) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                PANIC_AT.with(|p| *p.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

/// Run `f` for the host, catching any panic.
fn guarded<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    quiet_panics();
    IN_CALL.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    IN_CALL.with(|c| c.set(false));
    result
}

/// The message of a caught panic, with its location.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let what = if let Some(s) = payload.downcast_ref::<&str>() {
        format!("panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("panicked: {s}")
    } else {
        "panicked".to_string()
    };
    match PANIC_AT.with(|p| p.borrow_mut().take()) {
        Some(at) => format!("{what} (at {at})"),
        None => what,
    }
}

/// What `create` returns: the C view first, then the Rust data it points into.
#[repr(C)]
struct CreatedBox<P> {
    raw: abi::Created,
    instance: Option<Box<Instance<P>>>,
    strings: Vec<String>,
    patterns: Vec<Str>,
    checks: Vec<abi::CheckInfo>,
}

/// What `Created::instance` points to: the plugin and its check codes by number.
struct Instance<P> {
    plugin: P,
    codes: Vec<String>,
}

fn created_error<P>(message: String) -> *mut abi::Created {
    let mut b = Box::new(CreatedBox::<P> {
        raw: abi::Created::EMPTY,
        instance: None,
        strings: vec![message],
        patterns: Vec::new(),
        checks: Vec::new(),
    });
    b.raw.error = Str::new(&b.strings[0]);
    Box::into_raw(b).cast()
}

/// The `create` entry of the vtable. Used by [`export_plugin!`](crate::export_plugin).
///
/// # Safety
/// `config` must be a valid [`Str`].
pub unsafe fn create<P: Plugin>(config: Str, name: &str, version: &str) -> *mut abi::Created {
    let result = guarded(|| {
        let config = config
            .as_str()
            .ok_or("the configuration is not UTF-8".to_string())?;
        let plugin = P::new(config)?;
        let patterns = plugin.patterns();
        let checks = plugin.checks();
        Ok::<_, String>((plugin, patterns, checks))
    });
    let (plugin, patterns, checks) = match result {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return created_error::<P>(e),
        Err(payload) => return created_error::<P>(panic_message(payload.as_ref())),
    };
    let mut b = Box::new(CreatedBox::<P> {
        raw: abi::Created::EMPTY,
        instance: Some(Box::new(Instance {
            plugin,
            codes: checks.iter().map(|c| c.code.clone()).collect(),
        })),
        strings: vec![name.to_string(), version.to_string()],
        patterns: Vec::new(),
        checks: Vec::new(),
    });
    // The strings' heap buffers do not move when `strings` grows.
    for p in patterns {
        b.strings.push(p);
    }
    for c in &checks {
        b.strings.extend([
            c.code.clone(),
            c.name.clone(),
            c.summary.clone(),
            c.docs.clone(),
        ]);
    }
    let strs: Vec<Str> = b.strings.iter().map(|s| Str::new(s)).collect();
    let pattern_count = strs.len() - 2 - 4 * checks.len();
    b.patterns = strs[2..2 + pattern_count].to_vec();
    b.checks = checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let at = 2 + pattern_count + 4 * i;
            abi::CheckInfo {
                code: strs[at],
                name: strs[at + 1],
                summary: strs[at + 2],
                docs: strs[at + 3],
                fix: c.fix.to_abi(),
            }
        })
        .collect();
    b.raw.name = strs[0];
    b.raw.version = strs[1];
    b.raw.patterns = abi::Slice::new(&b.patterns);
    b.raw.checks = abi::Slice::new(&b.checks);
    b.raw.instance = b.instance.as_deref().map_or(std::ptr::null_mut(), |p| {
        p as *const Instance<P> as *mut c_void
    });
    Box::into_raw(b).cast()
}

/// The `free_created` entry of the vtable.
///
/// # Safety
/// `created` must come from [`create::<P>`] and not have been freed.
pub unsafe fn free_created<P: Plugin>(created: *mut abi::Created) {
    if created.is_null() {
        return;
    }
    let _ = guarded(|| drop(Box::from_raw(created.cast::<CreatedBox<P>>())));
}

/// What `check` returns: the C view first, then the Rust data it points into.
#[repr(C)]
struct OutputBox {
    raw: abi::CheckOutput,
    strings: Vec<String>,
    edits: Vec<Vec<abi::EditOut>>,
    diagnostics: Vec<abi::DiagnosticOut>,
}

fn output_of(result: Result<Vec<Diagnostic>, String>) -> *mut abi::CheckOutput {
    let mut b = Box::new(OutputBox {
        raw: abi::CheckOutput {
            error: Str::EMPTY,
            diagnostics: abi::Slice::empty(),
        },
        strings: Vec::new(),
        edits: Vec::new(),
        diagnostics: Vec::new(),
    });
    match result {
        Err(e) => {
            b.strings.push(e);
            b.raw.error = Str::new(&b.strings[0]);
        }
        Ok(diags) => {
            // Own every string first; their buffers do not move afterwards.
            for d in &diags {
                b.strings.push(d.message.clone());
                b.strings.push(d.help.clone().unwrap_or_default());
                let fix = d.fix.as_ref();
                b.strings
                    .push(fix.map(|f| f.safety.clone()).unwrap_or_default());
                for e in fix.map_or(&[][..], |f| &f.edits[..]) {
                    b.strings.push(e.replacement.clone());
                }
            }
            let strs: Vec<Str> = b.strings.iter().map(|s| Str::new(s)).collect();
            let mut at = 0;
            let mut out = Vec::with_capacity(diags.len());
            let mut all_edits = Vec::with_capacity(diags.len());
            for d in &diags {
                let (message, help, safety) = (strs[at], strs[at + 1], strs[at + 2]);
                at += 3;
                let span = |r: &Range<usize>| abi::Span {
                    start: r.start as u64,
                    end: r.end as u64,
                };
                let edits: Vec<abi::EditOut> = d
                    .fix
                    .as_ref()
                    .map_or(&[][..], |f| &f.edits[..])
                    .iter()
                    .map(|e| {
                        at += 1;
                        abi::EditOut {
                            span: span(&e.range),
                            replacement: strs[at - 1],
                        }
                    })
                    .collect();
                out.push(abi::DiagnosticOut {
                    span: span(&d.span),
                    message,
                    help,
                    severity: d.severity.to_abi(),
                    fix: d
                        .fix
                        .as_ref()
                        .map_or(abi::FIX_NONE, |f| f.applicability.to_abi()),
                    safety,
                    edits: abi::Slice::new(&edits),
                });
                all_edits.push(edits);
            }
            b.edits = all_edits;
            b.diagnostics = out;
            b.raw.diagnostics = abi::Slice::new(&b.diagnostics);
        }
    }
    Box::into_raw(b).cast()
}

/// The `check` entry of the vtable.
///
/// # Safety
/// `instance` must be the instance of a [`create::<P>`] result; `input` a valid
/// [`abi::CheckInput`].
pub unsafe fn check<P: Plugin>(
    instance: *const c_void,
    check: u32,
    input: *const abi::CheckInput,
) -> *mut abi::CheckOutput {
    let result = guarded(|| {
        let instance = instance
            .cast::<Instance<P>>()
            .as_ref()
            .ok_or("the host passed no plugin instance")?;
        let file = File::from_abi(input)?;
        let code = instance
            .codes
            .get(check as usize)
            .ok_or_else(|| format!("no check number {check}"))?;
        instance.plugin.check(code, &file)
    });
    output_of(match result {
        Ok(r) => r,
        Err(payload) => Err(panic_message(payload.as_ref())),
    })
}

/// The `free_output` entry of the vtable.
///
/// # Safety
/// `output` must come from [`check`] and not have been freed.
pub unsafe fn free_output(output: *mut abi::CheckOutput) {
    if output.is_null() {
        return;
    }
    let _ = guarded(|| drop(Box::from_raw(output.cast::<OutputBox>())));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Applicability, Edit, Fix, FixAvailability};

    struct Probe;

    impl Plugin for Probe {
        fn new(config: &str) -> Result<Self, String> {
            match config {
                "panic" => panic!("cannot start"),
                "" => Ok(Probe),
                other => Err(format!("bad config {other}")),
            }
        }
        fn patterns(&self) -> Vec<String> {
            vec!["$S.End()".to_string()]
        }
        fn checks(&self) -> Vec<Check> {
            vec![Check {
                code: "PR001".to_string(),
                name: "probe".to_string(),
                summary: "s".to_string(),
                docs: "d".to_string(),
                fix: FixAvailability::Always,
            }]
        }
        fn check(&self, code: &str, file: &File<'_>) -> Result<Vec<Diagnostic>, String> {
            assert_eq!(code, "PR001");
            if file.text.contains("boom") {
                panic!("boom");
            }
            let n = &file.nodes[1];
            Ok(vec![Diagnostic::warning(
                n.range(),
                format!("{} {}", n.kind, file.path),
            )
            .with_fix(Fix {
                edits: vec![Edit {
                    range: 0..1,
                    replacement: "X".to_string(),
                }],
                applicability: Applicability::Unsafe,
                safety: "why".to_string(),
            })])
        }
    }

    fn input(text: &str, nodes: &[abi::SyntaxNode]) -> abi::CheckInput {
        abi::CheckInput {
            size: std::mem::size_of::<abi::CheckInput>(),
            path: Str::new("a.go"),
            source: Str::new(text),
            nodes: abi::Slice::new(nodes),
            functions: abi::Slice::empty(),
            defers: abi::Slice::empty(),
            exits: abi::Slice::empty(),
        }
    }

    fn node(
        kind: &'static str,
        start: u64,
        end: u64,
        parent: u32,
        subtree_end: u32,
    ) -> abi::SyntaxNode {
        abi::SyntaxNode {
            kind: Str::new(kind),
            field: Str::EMPTY,
            span: abi::Span { start, end },
            parent,
            subtree_end,
            named: 1,
            error: 0,
        }
    }

    #[test]
    fn create_check_and_free_across_the_boundary() {
        unsafe {
            let created = create::<Probe>(Str::new(""), "probe", "1.0");
            let c = *created;
            assert_eq!(c.error.as_str(), Some(""));
            assert_eq!(c.name.as_str(), Some("probe"));
            assert_eq!(c.patterns.as_slice()[0].as_str(), Some("$S.End()"));
            assert_eq!(c.checks.as_slice()[0].code.as_str(), Some("PR001"));
            assert_eq!(c.checks.as_slice()[0].fix, abi::AVAILABILITY_ALWAYS);

            let text = "package p\n";
            let nodes = [
                node("source_file", 0, 10, abi::NO_PARENT, 2),
                node("package_clause", 0, 9, 0, 2),
            ];
            let out = check::<Probe>(c.instance, 0, &input(text, &nodes));
            let o = *out;
            assert_eq!(o.error.as_str(), Some(""));
            let d = o.diagnostics.as_slice();
            assert_eq!(d.len(), 1);
            assert_eq!(d[0].message.as_str(), Some("package_clause a.go"));
            assert_eq!(d[0].span, abi::Span { start: 0, end: 9 });
            assert_eq!(d[0].fix, abi::FIX_UNSAFE);
            assert_eq!(d[0].edits.as_slice()[0].replacement.as_str(), Some("X"));
            free_output(out);

            // A panic in the check comes back as an error, with where it happened.
            let out = check::<Probe>(c.instance, 0, &input("boom", &nodes));
            let err = (*out).error.as_str().unwrap_or_default().to_string();
            assert!(err.starts_with("panicked: boom (at "), "{err}");
            assert!(err.contains("guest.rs:"), "{err}");
            free_output(out);

            // An unknown check number is an error, not a crash.
            let out = check::<Probe>(c.instance, 7, &input(text, &nodes));
            assert_eq!((*out).error.as_str(), Some("no check number 7"));
            free_output(out);
            free_created::<Probe>(created);
        }
    }

    #[test]
    fn creation_errors_and_panics_are_reported() {
        unsafe {
            for (config, want) in [("x", "bad config x"), ("panic", "panicked: cannot start")] {
                let created = create::<Probe>(Str::new(config), "probe", "1.0");
                assert!((*created).instance.is_null());
                let err = (*created).error.as_str().unwrap_or_default();
                assert!(err.starts_with(want), "{err}");
                free_created::<Probe>(created);
            }
        }
    }

    #[test]
    fn children_follow_the_flat_table() {
        let text = "ab";
        let nodes = [
            node("root", 0, 2, abi::NO_PARENT, 4),
            node("a", 0, 1, 0, 3),
            node("a1", 0, 1, 1, 3),
            node("b", 1, 2, 0, 4),
        ];
        let raw = input(text, &nodes);
        let file = unsafe { File::from_abi(&raw) }.unwrap();
        let kinds: Vec<&str> = file.children(0).map(|n| n.kind).collect();
        assert_eq!(kinds, ["a", "b"]);
        assert_eq!(file.descendants(1).len(), 1);
        assert_eq!(file.nodes[2].parent, Some(1));
        assert_eq!(file.node_text(&file.nodes[3]), "b");
    }
}
