//! The host side: load a plugin library, check its ABI version before running any of
//! its code, create it, run its checks, validate and copy what it returns.

use crate::abi::{self, Str};
use crate::types::{Applicability, Check, Diagnostic, Edit, ExitKind, Fix, FixAvailability};
use crate::types::{FunctionKind, Severity};
use crate::{ABI_VERSION, ABI_VERSION_SYMBOL, ENTRY_SYMBOL};
use libloading::Library;
use std::ffi::c_void;
use std::marker::PhantomData;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A plugin that could not be loaded: the file and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot load plugin `{}`: {}",
            self.path.display(),
            self.reason
        )
    }
}

impl std::error::Error for LoadError {}

/// A loaded, created plugin. Its library is never unloaded.
pub struct Plugin {
    path: PathBuf,
    name: String,
    version: String,
    patterns: Vec<String>,
    checks: Vec<Check>,
    vtable: &'static abi::VTable,
    created: *mut abi::Created,
    instance: *const c_void,
}

// SAFETY: the guest side only creates plugins whose type is `Send + Sync`, and the
// vtable documents `check` as callable from several threads at once.
unsafe impl Send for Plugin {}
unsafe impl Sync for Plugin {}

impl Drop for Plugin {
    fn drop(&mut self) {
        // SAFETY: `created` came from this vtable's `create` and is freed once, here.
        unsafe { (self.vtable.free_created)(self.created) }
    }
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("path", &self.path)
            .field("name", &self.name)
            .field("version", &self.version)
            .finish()
    }
}

/// Load the plugin at `path` and create it with `config` (TOML text, may be empty).
pub fn load(path: &Path, config: &str) -> Result<Plugin, LoadError> {
    let fail = |reason: String| LoadError {
        path: path.to_path_buf(),
        reason,
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(fail("no such file".to_string()))
        }
        Err(e) => return Err(fail(format!("cannot read it: {e}"))),
        Ok(m) if m.is_dir() => return Err(fail("it is a directory".to_string())),
        Ok(_) => {}
    }
    // Loading runs the library's initialisers (as any dynamic linking does), but none
    // of the plugin's functions: those are reached only through the entry point,
    // which is called after the version check.
    // SAFETY: loading a library is inherently trusting it; the ABI version check
    // below guards every call into it.
    let library = unsafe { Library::new(path) }
        .map_err(|e| fail(format!("not a shared library that can be loaded ({e})")))?;
    // Never unloaded: code or data of the plugin may be referenced until exit.
    let library: &'static Library = Box::leak(Box::new(library));
    // SAFETY: the symbol is a `u32` static in every plugin; only its address is taken.
    let version =
        unsafe { library.get::<*const u32>(ABI_VERSION_SYMBOL.as_bytes()) }.map_err(|_| {
            fail(format!(
                "not a go-defer-rewriter plugin (it exports no `{ABI_VERSION_SYMBOL}` symbol)"
            ))
        })?;
    let version_ptr: *const u32 = *version;
    if version_ptr.is_null() {
        return Err(fail(format!("its `{ABI_VERSION_SYMBOL}` symbol is null")));
    }
    // SAFETY: non-null address of an exported `u32` static.
    let version = unsafe { version_ptr.read_unaligned() };
    if version != ABI_VERSION {
        return Err(fail(format!(
            "it was built for plugin ABI version {version}, this go-defer-rewriter uses version {ABI_VERSION}; rebuild it against gdr-plugin-api {}",
            env!("CARGO_PKG_VERSION")
        )));
    }
    // SAFETY: the version matches, so the entry point has this signature.
    let entry = unsafe { library.get::<abi::EntryFn>(ENTRY_SYMBOL.as_bytes()) }
        .map_err(|_| fail(format!("it exports no `{ENTRY_SYMBOL}` entry point")))?;
    // SAFETY: as above; the guest side catches panics.
    let vtable_ptr = unsafe { entry() };
    if vtable_ptr.is_null() {
        return Err(fail("its entry point returned no vtable".to_string()));
    }
    // SAFETY: `size` is the first field of every version of the vtable.
    let size = unsafe { vtable_ptr.cast::<usize>().read() };
    if size < std::mem::size_of::<abi::VTable>() {
        return Err(fail(format!(
            "its vtable has {size} bytes, fewer than the {} this host needs",
            std::mem::size_of::<abi::VTable>()
        )));
    }
    // SAFETY: a static of the library, which is never unloaded; at least as large as
    // the fields read here.
    let vtable: &'static abi::VTable = unsafe { &*vtable_ptr };
    // SAFETY: `config` outlives the call.
    let created = unsafe { (vtable.create)(Str::new(config)) };
    if created.is_null() {
        return Err(fail("it returned nothing when created".to_string()));
    }
    // SAFETY: non-null result of `create`, valid until `free_created`.
    let raw = unsafe { *created };
    // SAFETY (all `as_*` below): the plugin's strings live until `free_created`.
    let error = unsafe { raw.error.to_string_lossy() };
    if !error.is_empty() || raw.instance.is_null() {
        unsafe { (vtable.free_created)(created) };
        let error = if error.is_empty() {
            "no instance".to_string()
        } else {
            error
        };
        return Err(fail(format!("it failed to start: {error}")));
    }
    let mut checks = Vec::new();
    for c in unsafe { raw.checks.as_slice() } {
        let check = unsafe {
            Check {
                code: c.code.to_string_lossy(),
                name: c.name.to_string_lossy(),
                summary: c.summary.to_string_lossy(),
                docs: c.docs.to_string_lossy(),
                fix: FixAvailability::from_abi(c.fix).unwrap_or(FixAvailability::Sometimes),
            }
        };
        checks.push(check);
    }
    let plugin = Plugin {
        path: path.to_path_buf(),
        name: unsafe { raw.name.to_string_lossy() },
        version: unsafe { raw.version.to_string_lossy() },
        patterns: unsafe { raw.patterns.as_slice() }
            .iter()
            .map(|p| unsafe { p.to_string_lossy() })
            .collect(),
        checks,
        vtable,
        created,
        instance: raw.instance,
    };
    // `plugin` now owns `created`: an error below frees it through Drop.
    if let Some(c) = plugin
        .checks
        .iter()
        .find(|c| c.code.is_empty() || c.name.is_empty())
    {
        return Err(fail(format!(
            "it declares a check without a code or a name (`{}` / `{}`)",
            c.code, c.name
        )));
    }
    Ok(plugin)
}

impl Plugin {
    pub fn path(&self) -> &Path {
        &self.path
    }
    /// The plugin crate's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn version(&self) -> &str {
        &self.version
    }
    /// Extra call patterns for the explicit-call rule.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// Run check number `index` on `input`. An error the check returned, a panic
    /// caught at the boundary, or output that does not fit the file (a span outside
    /// it or not on a character boundary, overlapping edits) is an `Err`.
    pub fn check(&self, index: usize, input: &Input<'_>) -> Result<Vec<Diagnostic>, String> {
        let raw_input = abi::CheckInput {
            size: std::mem::size_of::<abi::CheckInput>(),
            path: Str::new(input.path),
            source: Str::new(input.text),
            nodes: abi::Slice::new(&input.nodes),
            functions: abi::Slice::new(&input.functions),
            defers: abi::Slice::new(&input.defers),
            exits: abi::Slice::new(&input.exits),
        };
        let index = u32::try_from(index).map_err(|_| "no such check".to_string())?;
        // SAFETY: `raw_input` borrows `input` for the duration of the call.
        let output = unsafe { (self.vtable.check)(self.instance, index, &raw_input) };
        if output.is_null() {
            return Err("the check returned nothing".to_string());
        }
        // SAFETY: non-null result of `check`, valid until `free_output`.
        let result = unsafe { read_output(*output, input.text) };
        // SAFETY: freed once, by the plugin's own function.
        unsafe { (self.vtable.free_output)(output) };
        result
    }
}

/// Copy and validate a check's output.
///
/// # Safety
/// `out` must be a valid output of `check`.
unsafe fn read_output(out: abi::CheckOutput, text: &str) -> Result<Vec<Diagnostic>, String> {
    let error = out.error.to_string_lossy();
    if !error.is_empty() {
        return Err(error);
    }
    let range = |s: abi::Span, what: &str| -> Result<Range<usize>, String> {
        let (start, end) = (s.start as usize, s.end as usize);
        if start > end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return Err(format!(
                "it returned {what} {start}..{end}, which is not a range of the file's {} bytes on character boundaries",
                text.len()
            ));
        }
        Ok(start..end)
    };
    let mut diagnostics = Vec::new();
    for d in out.diagnostics.as_slice() {
        let span = range(d.span, "a diagnostic span")?;
        let severity = Severity::from_abi(d.severity)
            .ok_or_else(|| format!("it returned an unknown severity {}", d.severity))?;
        let applicability = Applicability::from_abi(d.fix)
            .map_err(|v| format!("it returned an unknown fix applicability {v}"))?;
        let fix = match applicability {
            None => None,
            Some(applicability) => {
                let mut edits = Vec::new();
                for e in d.edits.as_slice() {
                    edits.push(Edit {
                        range: range(e.span, "an edit")?,
                        replacement: e
                            .replacement
                            .as_str()
                            .ok_or("it returned an edit that is not UTF-8")?
                            .to_string(),
                    });
                }
                edits.sort_by_key(|e| (e.range.start, e.range.end));
                if edits.windows(2).any(|w| {
                    w[0].range.end > w[1].range.start || w[0].range.start == w[1].range.start
                }) {
                    return Err("it returned a fix whose edits overlap".to_string());
                }
                if edits.is_empty() {
                    return Err("it returned a fix without edits".to_string());
                }
                Some(Fix {
                    edits,
                    applicability,
                    safety: d.safety.to_string_lossy(),
                })
            }
        };
        let help = d.help.to_string_lossy();
        diagnostics.push(Diagnostic {
            span,
            message: d.message.to_string_lossy(),
            help: (!help.is_empty()).then_some(help),
            severity,
            fix,
        });
    }
    Ok(diagnostics)
}

/// The file as a check receives it: built by the host, borrowed for each call.
pub struct Input<'a> {
    path: &'a str,
    text: &'a str,
    nodes: Vec<abi::SyntaxNode>,
    functions: Vec<abi::FunctionFact>,
    defers: Vec<abi::DeferFact>,
    exits: Vec<abi::ExitFact>,
    // The tables hold pointers into strings borrowed for 'a.
    _borrow: PhantomData<&'a str>,
}

fn span(r: Range<usize>) -> abi::Span {
    abi::Span {
        start: r.start as u64,
        end: r.end as u64,
    }
}

/// A defer statement, for [`Input::push_defer`].
pub struct DeferData<'a> {
    pub function: u32,
    pub node: u32,
    pub span: Range<usize>,
    pub call: Range<usize>,
    pub callee: &'a str,
    pub receiver_root: Option<&'a str>,
    pub top_level: bool,
    pub is_func_literal: bool,
    pub loop_depth: u32,
}

impl<'a> Input<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        Input {
            path,
            text,
            nodes: Vec::new(),
            functions: Vec::new(),
            defers: Vec::new(),
            exits: Vec::new(),
            _borrow: PhantomData,
        }
    }

    pub fn node_count(&self) -> u32 {
        self.nodes.len() as u32
    }

    /// Append a node (in pre-order); its `subtree_end` is set by [`Input::end_node`].
    pub fn push_node(
        &mut self,
        kind: &'a str,
        field: Option<&'a str>,
        span: Range<usize>,
        parent: Option<u32>,
        named: bool,
        error: bool,
    ) -> u32 {
        let index = self.nodes.len() as u32;
        self.nodes.push(abi::SyntaxNode {
            kind: Str::new(kind),
            field: field.map_or(Str::EMPTY, Str::new),
            span: self::span(span),
            parent: parent.unwrap_or(abi::NO_PARENT),
            subtree_end: index + 1,
            named: named as u8,
            error: error as u8,
        });
        index
    }

    /// Node `index` has no more descendants: they are the nodes pushed since it.
    pub fn end_node(&mut self, index: u32) {
        let end = self.node_count();
        if let Some(n) = self.nodes.get_mut(index as usize) {
            n.subtree_end = end;
        }
    }

    pub fn push_function(
        &mut self,
        name: &'a str,
        kind: FunctionKind,
        node: u32,
        span: Range<usize>,
        body: Range<usize>,
        results: usize,
    ) -> u32 {
        self.functions.push(abi::FunctionFact {
            name: Str::new(name),
            kind: kind.to_abi(),
            node,
            span: self::span(span),
            body: self::span(body),
            results: results as u32,
        });
        self.functions.len() as u32 - 1
    }

    pub fn push_defer(&mut self, d: DeferData<'a>) {
        self.defers.push(abi::DeferFact {
            function: d.function,
            node: d.node,
            span: span(d.span),
            call: span(d.call),
            callee: Str::new(d.callee),
            receiver_root: d.receiver_root.map_or(Str::EMPTY, Str::new),
            top_level: d.top_level as u8,
            is_func_literal: d.is_func_literal as u8,
            loop_depth: d.loop_depth,
        });
    }

    pub fn push_exit(&mut self, function: u32, kind: ExitKind, span: Range<usize>) {
        self.exits.push(abi::ExitFact {
            function,
            kind: kind.to_abi(),
            span: self::span(span),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(span: (u64, u64), fix: u8, edits: &[abi::EditOut]) -> abi::DiagnosticOut {
        abi::DiagnosticOut {
            span: abi::Span {
                start: span.0,
                end: span.1,
            },
            message: Str::new("m"),
            help: Str::EMPTY,
            severity: abi::SEVERITY_WARNING,
            fix,
            safety: Str::new("why"),
            edits: abi::Slice::new(edits),
        }
    }

    fn edit(start: u64, end: u64, text: &'static str) -> abi::EditOut {
        abi::EditOut {
            span: abi::Span { start, end },
            replacement: Str::new(text),
        }
    }

    fn read(diags: &[abi::DiagnosticOut], text: &str) -> Result<Vec<Diagnostic>, String> {
        let out = abi::CheckOutput {
            error: Str::EMPTY,
            diagnostics: abi::Slice::new(diags),
        };
        unsafe { read_output(out, text) }
    }

    #[test]
    fn output_that_fits_the_file_is_copied() {
        let edits = [edit(2, 3, "y"), edit(0, 1, "x")];
        let got = read(&[diag((0, 3), abi::FIX_UNSAFE, &edits)], "abc").unwrap();
        let fix = got[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        // sorted by position
        assert_eq!(fix.edits[0].range, 0..1);
        assert_eq!(fix.edits[1].replacement, "y");
        assert_eq!(got[0].help, None);
        let got = read(&[diag((1, 1), abi::FIX_NONE, &[])], "abc").unwrap();
        assert!(got[0].fix.is_none());
    }

    #[test]
    fn output_that_does_not_fit_the_file_is_refused() {
        let text = "aé"; // `é` is bytes 1..3
        for (diags, want) in [
            (
                vec![diag((0, 4), abi::FIX_NONE, &[])],
                "diagnostic span 0..4",
            ),
            (
                vec![diag((2, 3), abi::FIX_NONE, &[])],
                "diagnostic span 2..3",
            ),
            (
                vec![diag((2, 1), abi::FIX_NONE, &[])],
                "diagnostic span 2..1",
            ),
            (vec![diag((0, 1), 9, &[])], "unknown fix applicability 9"),
            (
                vec![diag((0, 1), abi::FIX_SAFE, &[])],
                "a fix without edits",
            ),
        ] {
            let err = read(&diags, text).unwrap_err();
            assert!(err.contains(want), "{err}");
        }
        let overlapping = [edit(0, 2, "x"), edit(1, 3, "y")];
        let err = read(&[diag((0, 1), abi::FIX_SAFE, &overlapping)], "abcd").unwrap_err();
        assert!(err.contains("overlap"), "{err}");
        let same_point = [edit(1, 1, "x"), edit(1, 1, "y")];
        let err = read(&[diag((0, 1), abi::FIX_SAFE, &same_point)], "abcd").unwrap_err();
        assert!(err.contains("overlap"), "{err}");
    }

    #[test]
    fn an_error_from_the_plugin_is_returned() {
        let out = abi::CheckOutput {
            error: Str::new("panicked: x"),
            diagnostics: abi::Slice::empty(),
        };
        assert_eq!(unsafe { read_output(out, "") }.unwrap_err(), "panicked: x");
    }
}
