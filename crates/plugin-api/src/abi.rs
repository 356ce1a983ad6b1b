//! The C ABI: plain `#[repr(C)]` data, byte spans and string slices.
//!
//! Evolution rules: [`ABI_VERSION`](crate::ABI_VERSION) changes when any type here
//! changes incompatibly. Compatible additions go at the end of [`VTable`] (whose
//! `size` field tells the host which entries exist) or of [`CheckInput`] (whose
//! `size` tells the plugin which fields exist). Nothing is ever reordered.
//!
//! Ownership: everything the host passes is borrowed for the duration of the call.
//! Everything the plugin returns ([`Created`], [`CheckOutput`]) stays owned by the
//! plugin and is released by the plugin's own `free_*` function, never by the host's
//! allocator.

use std::ffi::c_void;
use std::marker::PhantomData;

/// A borrowed UTF-8 string: pointer and length, not NUL-terminated. `ptr` may be null
/// when `len` is 0.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Str {
    pub ptr: *const u8,
    pub len: usize,
}

impl Str {
    pub const EMPTY: Str = Str {
        ptr: std::ptr::null(),
        len: 0,
    };

    pub fn new(s: &str) -> Str {
        Str {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }

    /// The bytes.
    ///
    /// # Safety
    /// `ptr..ptr+len` must be readable for `'a` (or `len` 0).
    pub unsafe fn as_bytes<'a>(self) -> &'a [u8] {
        if self.ptr.is_null() || self.len == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(self.ptr, self.len)
        }
    }

    /// The string, or `None` when it is not UTF-8.
    ///
    /// # Safety
    /// As for [`Str::as_bytes`].
    pub unsafe fn as_str<'a>(self) -> Option<&'a str> {
        std::str::from_utf8(self.as_bytes()).ok()
    }

    /// The string with invalid UTF-8 replaced, owned.
    ///
    /// # Safety
    /// As for [`Str::as_bytes`].
    pub unsafe fn to_string_lossy(self) -> String {
        String::from_utf8_lossy(self.as_bytes()).into_owned()
    }
}

/// A borrowed array: pointer and length. `ptr` may be null when `len` is 0.
#[repr(C)]
#[derive(Debug)]
pub struct Slice<T> {
    pub ptr: *const T,
    pub len: usize,
    pub _marker: PhantomData<T>,
}

impl<T> Clone for Slice<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Slice<T> {}

impl<T> Slice<T> {
    pub const fn empty() -> Self {
        Slice {
            ptr: std::ptr::null(),
            len: 0,
            _marker: PhantomData,
        }
    }

    pub fn new(s: &[T]) -> Self {
        Slice {
            ptr: s.as_ptr(),
            len: s.len(),
            _marker: PhantomData,
        }
    }

    /// # Safety
    /// `ptr..ptr+len` must be valid `T`s for `'a` (or `len` 0).
    pub unsafe fn as_slice<'a>(self) -> &'a [T] {
        if self.ptr.is_null() || self.len == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(self.ptr, self.len)
        }
    }
}

/// A byte range `start..end` of the file's text.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: u64,
    pub end: u64,
}

/// `parent` of the root node.
pub const NO_PARENT: u32 = u32::MAX;

/// One node of the syntax tree, in a flat table in pre-order (a node's descendants
/// are the entries `index + 1 .. subtree_end`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SyntaxNode {
    /// The grammar's kind name (`call_expression`, `:=`, ...).
    pub kind: Str,
    /// The field name under the parent (`function`, `body`, ...), empty when none.
    pub field: Str,
    pub span: Span,
    /// Index of the parent, [`NO_PARENT`] for the root.
    pub parent: u32,
    /// One past the index of the last descendant.
    pub subtree_end: u32,
    /// 1 for a named node, 0 for punctuation and keywords.
    pub named: u8,
    /// 1 for an ERROR or MISSING node.
    pub error: u8,
}

pub const FUNCTION_DECLARATION: u8 = 0;
pub const FUNCTION_METHOD: u8 = 1;
pub const FUNCTION_LITERAL: u8 = 2;

/// A function declaration, method declaration or func literal.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FunctionFact {
    /// `F`, `(*T).M`, `F.func1`.
    pub name: Str,
    /// [`FUNCTION_DECLARATION`], [`FUNCTION_METHOD`] or [`FUNCTION_LITERAL`].
    pub kind: u8,
    /// Index of the function's node in the node table.
    pub node: u32,
    pub span: Span,
    pub body: Span,
    /// Number of results in the signature.
    pub results: u32,
}

/// A `defer` statement.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct DeferFact {
    /// Index into the functions table.
    pub function: u32,
    /// Index of the `defer_statement` node.
    pub node: u32,
    pub span: Span,
    /// The deferred expression.
    pub call: Span,
    /// The callee, white space squashed: `s.mu.Unlock`.
    pub callee: Str,
    /// The leftmost identifier of the callee, empty when none.
    pub receiver_root: Str,
    /// 1 when the defer is a statement of the body's own statement list.
    pub top_level: u8,
    /// 1 for `defer func() { ... }()`.
    pub is_func_literal: u8,
    /// Number of enclosing `for` statements within the function.
    pub loop_depth: u32,
}

pub const EXIT_RETURN: u8 = 0;
pub const EXIT_FALL_THROUGH: u8 = 1;
pub const EXIT_PANIC: u8 = 2;
pub const EXIT_PROCESS_EXIT: u8 = 3;
pub const EXIT_GOEXIT: u8 = 4;

/// A way out of a function.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ExitFact {
    /// Index into the functions table.
    pub function: u32,
    /// `EXIT_*`.
    pub kind: u8,
    /// The return statement or call; for the fall-through, the closing brace.
    pub span: Span,
}

/// What a check gets for one file. Borrowed from the host for the call.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CheckInput {
    /// `size_of::<CheckInput>()` as the host built it: fields appended later exist
    /// only when `size` covers them.
    pub size: usize,
    pub path: Str,
    /// The file's text (UTF-8).
    pub source: Str,
    pub nodes: Slice<SyntaxNode>,
    pub functions: Slice<FunctionFact>,
    pub defers: Slice<DeferFact>,
    pub exits: Slice<ExitFact>,
}

pub const SEVERITY_INFO: u8 = 0;
pub const SEVERITY_WARNING: u8 = 1;
pub const SEVERITY_ERROR: u8 = 2;

pub const FIX_NONE: u8 = 0;
pub const FIX_SAFE: u8 = 1;
pub const FIX_UNSAFE: u8 = 2;
pub const FIX_DISPLAY_ONLY: u8 = 3;

pub const AVAILABILITY_NONE: u8 = 0;
pub const AVAILABILITY_SOMETIMES: u8 = 1;
pub const AVAILABILITY_ALWAYS: u8 = 2;

/// Replace `span` with `replacement`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct EditOut {
    pub span: Span,
    pub replacement: Str,
}

/// One finding of a check, owned by the plugin.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct DiagnosticOut {
    pub span: Span,
    pub message: Str,
    /// Empty when none.
    pub help: Str,
    /// `SEVERITY_*`.
    pub severity: u8,
    /// `FIX_*`: [`FIX_NONE`] when there is no fix.
    pub fix: u8,
    /// Why the fix is safe or what makes it unsafe.
    pub safety: Str,
    pub edits: Slice<EditOut>,
}

/// The result of one check on one file, owned by the plugin until `free_output`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CheckOutput {
    /// Non-empty when the check failed (an error it returned, or a panic caught at
    /// the boundary); `diagnostics` is then empty.
    pub error: Str,
    pub diagnostics: Slice<DiagnosticOut>,
}

/// A check the plugin provides.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CheckInfo {
    /// Stable code, e.g. `SE001`.
    pub code: Str,
    /// Kebab-case name.
    pub name: Str,
    /// One line: what it finds.
    pub summary: Str,
    /// Full documentation.
    pub docs: Str,
    /// `AVAILABILITY_*`.
    pub fix: u8,
}

/// A plugin instance and what it contributes, owned by the plugin until
/// `free_created`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Created {
    /// Opaque; passed back to `check`. Null when `error` is set.
    pub instance: *mut c_void,
    /// Non-empty when the plugin could not be created (bad config, panic).
    pub error: Str,
    pub name: Str,
    pub version: Str,
    /// Extra call patterns for the built-in explicit-call strategy (`$S.End()`).
    pub patterns: Slice<Str>,
    pub checks: Slice<CheckInfo>,
}

impl Created {
    /// No instance, no error, nothing declared: filled in by the guest side.
    pub const EMPTY: Created = Created {
        instance: std::ptr::null_mut(),
        error: Str::EMPTY,
        name: Str::EMPTY,
        version: Str::EMPTY,
        patterns: Slice::empty(),
        checks: Slice::empty(),
    };
}

/// The plugin's functions. Returned by the entry point; lives as long as the library.
/// Append-only: new entries go at the end, and the host reads an entry only when
/// `size` covers it.
#[repr(C)]
pub struct VTable {
    /// `size_of::<VTable>()` as the plugin was built.
    pub size: usize,
    /// Create the plugin from its configuration (a TOML table as text, empty when
    /// none). Never returns null.
    pub create: unsafe extern "C" fn(config: Str) -> *mut Created,
    /// Release what `create` returned, the instance included.
    pub free_created: unsafe extern "C" fn(created: *mut Created),
    /// Run check number `check` (an index into `Created::checks`) on one file. May be
    /// called from several threads at once. Never returns null.
    pub check: unsafe extern "C" fn(
        instance: *const c_void,
        check: u32,
        input: *const CheckInput,
    ) -> *mut CheckOutput,
    /// Release what `check` returned.
    pub free_output: unsafe extern "C" fn(output: *mut CheckOutput),
}

/// The type of the entry point, [`ENTRY_SYMBOL`](crate::ENTRY_SYMBOL).
pub type EntryFn = unsafe extern "C" fn() -> *const VTable;
