//! The semantic model: what names mean, in every build of the package.
//!
//! # What a Safe proof may rest on
//!
//! A Safe fix is applied without review, so its proof is a claim about every
//! program the code can be part of, on every platform it builds for, with every
//! panic recovered by some caller. It may rest only on facts that are certain:
//!
//! - **Names are resolved, not matched.** `len`, `nil`, `panic`, a package constant,
//!   a type: each is what Go's scopes make it ([`scope::resolve`]): the function's
//!   blocks and clauses, func-literal parameters, type parameters and local types,
//!   then the package (all its files, the `_test.go` files that `go test` compiles
//!   into it included), the file's imports, and last the universe. A name that
//!   resolves to nothing known (a dot import, a file the tool has not read) proves
//!   nothing: [`Resolved::Unknown`].
//! - **Every build configuration.** A package-level name declared in more than one
//!   file (possible only under build constraints that exclude each other) is
//!   unknown unless every declaration is the same: the package view keeps no type,
//!   constant, variable, function or method fact for it (a type's fields are known
//!   where every declaration has them alike). A name declared only by files in
//!   some builds ([`build::file_build`]) is unknown where another build could give
//!   the spelling another meaning: a method that hides a promoted one, a
//!   predeclared name, a dot-imported one. A function without a body (assembly)
//!   is unknown; a file the go command ignores (`_x.go`) is in no build.
//! - **Memory facts expire.** "x is not nil", "this local is not shared" hold until
//!   the next operation that may write that memory: a call not proven to leave it
//!   alone (a package variable can be written by any function of the package), an
//!   implicit address-take (a pointer-method call on an addressable value, slicing
//!   an array, capture by a closure).
//! - **Calls are resolved as Go resolves them.** Methods by promotion depth (an
//!   ambiguity, or an embedded interface or foreign type at a shallower depth, is
//!   unknown); interface and func-value calls are dynamic; a library function that
//!   calls methods of its arguments (fmt calls `String` and `Error`) is only as safe
//!   as those methods.
//! - **Assumptions are checks.** What a rule assumes of a library is checked where
//!   the code is visible and named where it is not.
//!
//! Anything less certain makes a fix Unsafe, or no fix, with the reason.

pub mod build;
pub mod module;
pub mod scope;

use crate::package::PackageView;
use scope::{Binding, LocalKind};
use std::collections::HashMap;
use tree_sitter::Node;

/// The predeclared identifiers of Go's universe block.
pub const UNIVERSE: &[&str] = &[
    // types
    "any",
    "bool",
    "byte",
    "comparable",
    "complex64",
    "complex128",
    "error",
    "float32",
    "float64",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "rune",
    "string",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    // constants and the zero value
    "true",
    "false",
    "iota",
    "nil",
    // functions
    "append",
    "cap",
    "clear",
    "close",
    "complex",
    "copy",
    "delete",
    "imag",
    "len",
    "make",
    "max",
    "min",
    "new",
    "panic",
    "print",
    "println",
    "real",
    "recover",
];

/// What a name means at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'t> {
    /// Declared in the function (or an enclosing one, or a type's parameter list).
    Local { decl: Node<'t>, kind: LocalKind },
    /// Declared once at package level (or the same way in every file that does).
    Package,
    /// An import of the file (or, where the file's imports are not known, of the
    /// package), with its path.
    Import(String),
    /// The predeclared identifier of that name.
    Universe,
    /// Not known for certain: declared differently in several files, or not found
    /// (a dot import, a file not read).
    Unknown,
}

/// Name resolution for one file of a package.
pub struct Names<'a> {
    text: &'a str,
    package: &'a PackageView,
    /// The file's own imports: name → path.
    imports: &'a HashMap<String, String>,
}

impl<'a> Names<'a> {
    pub fn new(
        text: &'a str,
        package: &'a PackageView,
        imports: &'a HashMap<String, String>,
    ) -> Self {
        Names {
            text,
            package,
            imports,
        }
    }

    /// What the identifier `ident` refers to.
    pub fn resolve<'t>(&self, ident: Node<'t>) -> Resolved<'t> {
        self.resolve_name(ident, &self.text[ident.byte_range()])
    }

    /// What `name`, written at `at`, would refer to.
    pub fn resolve_name<'t>(&self, at: Node<'t>, name: &str) -> Resolved<'t> {
        if let Binding::Local { decl, kind } = scope::resolve_name(at, name, self.text) {
            return Resolved::Local { decl, kind };
        }
        if self.package.ambiguous(name) {
            return Resolved::Unknown;
        }
        if self.package.declares(name) {
            return Resolved::Package;
        }
        if let Some(path) = self.imports.get(name) {
            return Resolved::Import(path.clone());
        }
        if self.imports.is_empty() {
            if let Some(path) = self.package.import_path(name) {
                return Resolved::Import(path.to_string());
            }
        }
        if UNIVERSE.contains(&name) {
            // A dot import brings only exported (capitalized) names: it cannot
            // stand for a predeclared one.
            return Resolved::Universe;
        }
        Resolved::Unknown
    }

    /// Is the identifier `ident` the predeclared `name` (`len`, `nil`, `panic`)?
    pub fn is_universe(&self, ident: Node<'_>, name: &str) -> bool {
        &self.text[ident.byte_range()] == name && self.resolve(ident) == Resolved::Universe
    }

    /// Is the identifier `ident` a constant: of the package, or of the function?
    pub fn is_constant(&self, ident: Node<'_>) -> bool {
        match self.resolve(ident) {
            Resolved::Local { kind, .. } => kind == LocalKind::Const,
            Resolved::Package => self.package.is_const(&self.text[ident.byte_range()]),
            Resolved::Universe => {
                matches!(&self.text[ident.byte_range()], "true" | "false" | "iota")
            }
            _ => false,
        }
    }

    /// Is the identifier `ident` a local name (a variable, parameter, local
    /// constant or type, type parameter) rather than one of the package or universe?
    pub fn is_local(&self, ident: Node<'_>) -> bool {
        matches!(self.resolve(ident), Resolved::Local { .. })
    }

    /// Is the identifier `ident` the package-level `name` declared once?
    pub fn is_package(&self, ident: Node<'_>) -> bool {
        self.resolve(ident) == Resolved::Package
    }
}

/// `ty` (a type text) with each word in `hidden` written `$word`: a type parameter
/// or a local type, which no package type lookup may take for the package's type
/// of the same name (`$` is not a Go identifier character, so it never matches).
pub fn hide_words(ty: &str, hidden: &[String]) -> String {
    if hidden.is_empty() {
        return ty.to_string();
    }
    let mut out = String::with_capacity(ty.len() + 4);
    let b = ty.as_bytes();
    let is_word = |c: u8| c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80;
    let mut i = 0;
    while i < b.len() {
        if is_word(b[i]) {
            let start = i;
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
            let w = &ty[start..i];
            // A word after `.` is a selector (`pkg.T`), not a name of this scope.
            let selected = start > 0 && b[start - 1] == b'.';
            if !selected && hidden.iter().any(|h| h == w) {
                out.push('$');
            }
            out.push_str(w);
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_words_are_marked() {
        let hidden = vec!["T".to_string(), "len".to_string()];
        assert_eq!(hide_words("map[T]pkg.T", &hidden), "map[$T]pkg.T");
        assert_eq!(hide_words("[]Tx", &hidden), "[]Tx");
        assert_eq!(hide_words("len", &hidden), "$len");
        assert_eq!(hide_words("*S[T,int]", &hidden), "*S[$T,int]");
    }
}
