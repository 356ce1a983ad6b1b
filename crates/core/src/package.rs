//! A package-level view of the declarations of the files in one directory, so a rule
//! can look up a field's declared type: `s.m[k]` on a `map` field cannot panic,
//! `s.items[i]` on a slice can.

use crate::source::SourceFile;
use crate::summary::{SourceReader, Summaries, Summary};
use crate::syntax::NodeExt;
use crate::syntax::{named_children, squash};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tree_sitter::Node;

/// A type declared in the package.
#[derive(Debug, Clone, Default)]
pub struct TypeDecl {
    /// The type text on the right of `type Name ...`, white space squashed.
    pub underlying: String,
    /// For struct types: field name → type text (embedded fields under their type's base name).
    pub fields: Vec<(String, String)>,
    /// Embedded field type texts, for promoted field lookup.
    pub embedded: Vec<String>,
    /// `type A = B`.
    pub alias: bool,
}

/// The coarse shape of a type: what indexing, dereferencing and field access do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Map,
    Slice,
    Array,
    String,
    /// A pointer, with its element type text.
    Pointer(String),
    /// A struct (named or literal), with the type text.
    Struct(String),
    Interface,
    Chan,
    Func,
    /// Numbers and booleans.
    Basic,
    /// A type parameter or something not declared in the package.
    Unknown,
}

/// What a view knows of a name declared as a package-level constant.
#[derive(Debug)]
struct ConstFacts {
    /// A constant in every build (false once the name is found ambiguous).
    certain: bool,
    /// Its type, where it is certain: written in the declaration, or the default
    /// type of a literal value (`const n = 3` → `int`); None when declared again
    /// (another build configuration) with another type. Kept for an ambiguous name.
    ty: Option<ConstType>,
    /// Its value, when it is a lone integer literal (the last declaration's).
    value: Option<u64>,
}

/// A constant's type text: the default type of a literal is not allocated.
type ConstType = std::borrow::Cow<'static, str>;

#[derive(Debug, Default)]
pub struct PackageView {
    pub name: String,
    types: HashMap<String, TypeDecl>,
    /// Package-level constants: what is known of each name declared as one (one
    /// entry per name, not one per fact: a package such as `syscall` declares
    /// tens of thousands).
    consts: HashMap<Box<str>, ConstFacts>,
    /// Package-level variables with their declared type text, when written.
    vars: HashMap<String, Option<String>>,
    /// Package-level functions: name → result type texts.
    funcs: HashMap<String, Vec<String>>,
    /// Methods: `T.m` (T the receiver's base type name) → what is known of them.
    methods: HashMap<String, MethodInfo>,
    /// Import name → import path, over all files of the package.
    imports: HashMap<String, String>,
    /// Import names bound to different paths by different files: a type text
    /// `name.T` written in one file may mean another package than in the next.
    ambiguous_imports: HashSet<String>,
    /// Package variables initialized by `errors.New(..)` / `fmt.Errorf(..)` and
    /// never assigned again in the package: their dynamic type is a pointer.
    error_values: HashSet<String>,
    /// Words that some file of the package may assign to (`x = `, `a, x = `, `&x`),
    /// read from the text: error values among them are dropped.
    assigned_words: HashSet<String>,
    /// Which functions (`F`) and methods (`T.m`) are proven not to panic (assuming a
    /// method's receiver is not nil), and why the others may: computed on demand.
    summaries: Summaries,
    /// Calls into other packages known not to panic (normalized `path.Func`,
    /// `path.Type.Method`): the built-in list plus the config's `[safety] no_panic`.
    allowlist: HashSet<String>,
    /// Some file of the package (its tests included) may give the name `panic` a
    /// meaning of its own: a `panic(..)` call may then be an ordinary call that
    /// returns, and no statement can be trusted to end its block.
    panic_redeclared: bool,
    /// Names whose meaning is not certain in every build of the package: declared
    /// at package level by more than one file (which only compiles under build
    /// constraints that exclude each other) without being the same declaration, or
    /// declared by a `_test.go` file compiled into the package but not in the view.
    /// Methods are keyed `T.m`. See [`PackageView::ambiguous`].
    ambiguous: HashSet<String>,
    /// Each package-level name (and method `T.m`) seen: a hash of its first
    /// declaration's text, to tell a repeated declaration from a different one, and
    /// which builds declare it.
    declared: HashMap<String, Declared>,
    /// Every declaration of each type name (more than one under build constraints).
    variants: HashMap<String, Vec<TypeDecl>>,
    /// The file being added is in only some builds.
    in_some_builds: bool,
    /// Where the package is in the program, to follow its imports.
    origin: Option<crate::program::Origin>,
    /// The packages asked for through [`PackageView::imported`] so far, by
    /// import path: a type or call of another package is looked up many times.
    imported: std::sync::Mutex<HashMap<String, Option<Imported>>>,
    /// The bytes of the files added (see [`PackageView::source_bytes`]).
    source_bytes: usize,
    /// Hold the packages asked for weakly (a view the program keeps, see
    /// [`ViewBuilder::hold_imports_weakly`]).
    weak_imports: bool,
    /// Import names written in an import spec (`h "example.com/helper"`): the
    /// others are guessed from the path and must match the package's clause.
    named_imports: HashSet<String>,
}

/// A package asked for through [`PackageView::imported`].
#[derive(Debug)]
enum Imported {
    Held(Arc<PackageView>),
    /// One the program may have dropped since (it loads it again when asked).
    Weak(std::sync::Weak<PackageView>),
}

/// What the view knows of the declarations of one package-level name.
#[derive(Debug, Clone, Copy)]
struct Declared {
    /// Hash of the first declaration's text, white space aside.
    text: u64,
    /// Declared by a file in every build / in only some builds.
    in_every_build: bool,
    in_some_builds: bool,
}

/// A hash of the concatenated `parts`, white space left out (`squash` without
/// the copy).
fn squashed_hash(parts: &[&str]) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // (The hasher is fed runs of bytes, not one byte at a time: a declaration's
    // text is hashed for every package-level name of every file in a view.)
    for p in parts {
        for run in p.as_bytes().split(|b| b.is_ascii_whitespace()) {
            h.write(run);
        }
        h.write_u8(0);
    }
    h.finish()
}

/// A [`PackageView`] being built, file by file.
pub struct ViewBuilder {
    view: PackageView,
    /// The offsets of the names of package-level `var` declarations of the file
    /// whose parts are being added (see [`ViewBuilder::add_part`]).
    declared: HashSet<usize>,
}

impl ViewBuilder {
    /// Add the declarations of `file` (files are added in a fixed order: when two
    /// declare the same type differently, the first one's is kept).
    pub fn add(&mut self, file: &Arc<SourceFile>) {
        self.add_file(file, false);
    }

    /// Place the view in a program, so that calls into the packages it imports can
    /// be followed ([`PackageView::imported`]).
    pub fn set_origin(&mut self, origin: crate::program::Origin) {
        self.view.origin = Some(origin);
    }

    /// Keep the summaries the view computes, not the trees of the bodies they
    /// were computed from (for a view that lives for the whole run).
    pub fn keep_no_trees(&mut self) {
        self.view.summaries.keep_no_trees();
    }

    /// Do not keep the packages the view asks for alive (for a view the program
    /// keeps: the program decides how long they live).
    pub fn hold_imports_weakly(&mut self) {
        self.view.weak_imports = true;
    }

    /// Read the texts of files added with [`ViewBuilder::add_on_disk`] again through
    /// `reader` when a summary needs one of their functions, rather than keeping them.
    pub fn read_through(&mut self, reader: Arc<dyn SourceReader>) {
        self.view.summaries.set_reader(reader);
    }

    /// Like [`ViewBuilder::add`], for a file whose text is the bytes at its path (see
    /// [`ViewBuilder::read_through`]).
    pub fn add_on_disk(&mut self, file: &Arc<SourceFile>) {
        self.add_file(file, true);
    }

    fn add_file(&mut self, file: &Arc<SourceFile>, on_disk: bool) {
        self.add_part(file, on_disk);
        self.end_file(&file.text);
    }

    /// Add the declarations in the tree of `part`, a file parsed a part at a time
    /// (every part's tree holds the package clause and the imports, and some of the
    /// file's other declarations; each of them is in one part): then
    /// [`ViewBuilder::end_file`] with the file's text. `on_disk` as for
    /// [`ViewBuilder::add_on_disk`].
    pub fn add_part(&mut self, part: &Arc<SourceFile>, on_disk: bool) {
        let build = crate::semantic::build::file_build(&part.path, &part.text);
        // A file the go command ignores (`_old.go`) is in no build.
        if build == crate::semantic::build::FileBuild::Never {
            return;
        }
        if self.view.name.is_empty() {
            if let Some(name) = part.package_name() {
                self.view.name = name.to_string();
            }
        }
        self.view.in_some_builds = build == crate::semantic::build::FileBuild::Some;
        self.view.add_file(part);
        if on_disk {
            self.view.summaries.add_file_on_disk(part);
        } else {
            self.view.summaries.add_file(part);
        }
        // Bodies may be blanked in the tree: assignments are read from the text.
        // The names of package-level `var` declarations are not assignments (local
        // ones count as assignments: the same with or without bodies in the tree).
        for decl in named_children(part.root()) {
            if decl.k() != "var_declaration" {
                continue;
            }
            crate::syntax::walk_all(decl, &mut |n| {
                if n.k() == "var_spec" {
                    let mut c = n.walk();
                    for name in n.children_by_field_name("name", &mut c) {
                        self.declared.insert(name.start_byte());
                    }
                }
            });
        }
    }

    /// The file whose parts were added ends: what is read from its text.
    pub fn end_file(&mut self, text: &str) {
        self.view.source_bytes += text.len();
        self.view.panic_redeclared |= crate::skeleton::redeclares_panic(text);
        let declared = std::mem::take(&mut self.declared);
        assignment_targets(text, &declared, &mut self.view.assigned_words);
    }

    /// Take note of the text of a file compiled with the package that is not added
    /// (a `_test.go` file of the package, for a view of its non-test files): it
    /// may declare a package-level `panic` that the other files then call.
    pub fn note_text(&mut self, text: &str) {
        self.note_test_file(&TestFileFacts::read(text));
    }

    /// What a `_test.go` file compiled with the package but not added tells the
    /// view of its other files (see [`TestFileFacts`]).
    pub fn note_test_file(&mut self, facts: &TestFileFacts) {
        self.view.panic_redeclared |= facts.redeclares_panic;
        self.note_test_names(facts.names.clone());
        self.view
            .assigned_words
            .extend(facts.assigned.iter().cloned());
    }

    /// The package-level names of a `_test.go` file compiled with the package but
    /// not added to the view (None: the scan was in doubt, so any predeclared name
    /// may be redeclared): they are not certain in the view's files.
    pub fn note_test_names(&mut self, names: Option<Vec<String>>) {
        match names {
            Some(names) => self.view.ambiguous.extend(names),
            None => self
                .view
                .ambiguous
                .extend(crate::semantic::UNIVERSE.iter().map(|n| n.to_string())),
        }
    }

    /// What [`ViewBuilder::note_text`] records, found by the caller.
    pub fn mark_panic_redeclared(&mut self) {
        self.view.panic_redeclared = true;
    }

    pub fn finish(mut self) -> PackageView {
        let assigned = std::mem::take(&mut self.view.assigned_words);
        self.view.error_values.retain(|v| !assigned.contains(v));
        self.view.note_names_of_some_builds();
        self.view.drop_ambiguous_facts();
        self.view
    }
}

/// What a `_test.go` file that `go test` compiles into the package, but that is
/// not in the view, says about the package's other files: it may declare `panic`
/// or another name (see [`crate::skeleton::package_level_names`]), and assign
/// package variables (`errClosed = ...`).
#[derive(Debug, Clone, Default)]
pub struct TestFileFacts {
    pub redeclares_panic: bool,
    pub names: Option<Vec<String>>,
    pub assigned: HashSet<String>,
}

impl TestFileFacts {
    pub fn read(text: &str) -> Self {
        let mut assigned = HashSet::new();
        assignment_targets(text, &HashSet::new(), &mut assigned);
        TestFileFacts {
            redeclares_panic: crate::skeleton::redeclares_panic(text),
            names: crate::skeleton::package_level_names(text),
            assigned,
        }
    }
}

/// Add to `out` every word of `text` that may be assigned to: the words left of a
/// plain `=` on its line or statement (`x = `, `a, x = `, `for k, x = range`), and
/// `&x`. Read from the text, so comments and strings can only add words (which
/// only makes the caller more careful); words starting at an offset in `declared`
/// (the names of `var` declarations) are skipped.
fn assignment_targets(text: &str, declared: &HashSet<usize>, out: &mut HashSet<String>) {
    let b = text.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
    let mut add = |word: &str| {
        if !out.contains(word) {
            out.insert(word.to_string());
        }
    };
    for i in memchr::memchr2_iter(b'=', b'&', b) {
        match b[i] {
            b'=' => {
                let prev = if i > 0 { b[i - 1] } else { b'\n' };
                let next = b.get(i + 1).copied().unwrap_or(b'\n');
                if next == b'=' || b"=!<>:+-*/%&|^".contains(&prev) {
                    continue;
                }
                let mut start = text[..i].rfind(['\n', ';', '{', '(']).map_or(0, |k| k + 1);
                // A left side split over lines (`a,\n\tb = ...`): the lines before
                // that end in a comma belong to it.
                while start > 0 && text[..start].trim_end().ends_with(',') {
                    start = text[..start]
                        .trim_end()
                        .rfind(['\n', ';', '{', '('])
                        .map_or(0, |k| k + 1);
                }
                let mut j = start;
                while j < i {
                    if is_word(b[j]) && (j == 0 || !is_word(b[j - 1])) {
                        let mut k = j;
                        while k < i && is_word(b[k]) {
                            k += 1;
                        }
                        if !declared.contains(&j) {
                            add(&text[j..k]);
                        }
                        j = k;
                    } else {
                        j += 1;
                    }
                }
            }
            b'&' if b.get(i + 1).is_some_and(|c| is_word(*c)) && (i == 0 || b[i - 1] != b'&') => {
                let mut k = i + 1;
                while k < b.len() && is_word(b[k]) {
                    k += 1;
                }
                add(&text[i + 1..k]);
            }
            _ => {}
        }
    }
}

/// A method declared in the package.
#[derive(Debug, Clone, Default)]
pub struct MethodInfo {
    pub pointer_receiver: bool,
    pub results: Vec<String>,
}

/// The method sets of package sync's types that structs embed by value.
const SYNC_METHODS: &[(&str, &[&str])] = &[
    ("Mutex", &["Lock", "Unlock", "TryLock"]),
    (
        "RWMutex",
        &[
            "Lock", "Unlock", "TryLock", "RLock", "RUnlock", "TryRLock", "RLocker",
        ],
    ),
    ("WaitGroup", &["Add", "Done", "Wait", "Go"]),
    ("Once", &["Do"]),
];

/// The predeclared numeric and boolean types.
pub const BASIC: &[&str] = &[
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
];

impl PackageView {
    /// Build from the files of one package (same directory, same package clause),
    /// with the built-in allowlist of panic-free calls into other packages.
    pub fn build(files: &[&SourceFile]) -> Self {
        Self::build_with(files, &[])
    }

    /// Like [`PackageView::build`], with extra allowlist entries
    /// (`pkg/path.Func`, `(*pkg/path.Type).Method`). The files are copied: see
    /// [`PackageView::build_shared`] to share them.
    pub fn build_with(files: &[&SourceFile], no_panic: &[String]) -> Self {
        let files: Vec<Arc<SourceFile>> = files.iter().map(|f| Arc::new((*f).clone())).collect();
        Self::build_shared(&files, no_panic)
    }

    /// Build from shared files, which the view keeps (or, for files parsed for their
    /// declarations only, their text) to compute the summaries of package functions
    /// when a rule first asks about them.
    pub fn build_shared(files: &[Arc<SourceFile>], no_panic: &[String]) -> Self {
        let mut builder = Self::builder(no_panic);
        for file in files {
            builder.add(file);
        }
        builder.finish()
    }

    /// Build the view one file at a time: a file's tree need not outlive [`ViewBuilder::add`].
    pub fn builder(no_panic: &[String]) -> ViewBuilder {
        let allowlist = crate::allowlist::NO_PANIC
            .iter()
            .map(|(k, _)| k.to_string())
            .chain(no_panic.iter().map(|k| crate::allowlist::normalize(k)))
            .collect();
        ViewBuilder {
            view: PackageView {
                allowlist,
                ..PackageView::default()
            },
            declared: HashSet::new(),
        }
    }

    /// The summary of the package function or method `key` (`F`, `T.m`).
    pub fn summary(&self, key: &str) -> Summary {
        self.summaries.get(self, key)
    }

    /// Compute the summaries of every function and method now rather than on demand
    /// (for tests: the answers must be the same).
    pub fn summarize_all(&self) {
        self.summaries.compute_all(self);
    }

    /// The bytes of the files the view was built from: what its memory grows with.
    pub fn source_bytes(&self) -> usize {
        self.source_bytes
    }

    /// How many function and method summaries were computed so far.
    pub fn summaries_computed(&self) -> usize {
        self.summaries.computed()
    }

    /// Is `name` a package variable holding an `errors.New`/`fmt.Errorf` value that the
    /// package never reassigns (so comparing an interface with it never panics)?
    /// Only an unexported one: another package of the program can assign an
    /// exported variable.
    pub fn is_error_value(&self, name: &str) -> bool {
        !name.starts_with(|c: char| c.is_uppercase()) && self.error_values.contains(name)
    }

    /// Is the call `key` (`path.Func` or `path.Type.Method`) into another package allowlisted?
    pub fn allowlisted(&self, key: &str) -> bool {
        self.allowlist.contains(key)
    }

    /// The import path bound to `name` in the files of the package that import
    /// it; None when files bind it to different paths.
    pub fn import_path(&self, name: &str) -> Option<&str> {
        if self.ambiguous_imports.contains(name) {
            return None;
        }
        self.imports.get(name).map(String::as_str)
    }

    /// The package that this package imports as `path`, when the program knows
    /// its code for certain (see [`crate::program`]).
    pub fn imported(&self, path: &str) -> Option<Arc<PackageView>> {
        let origin = self.origin.as_ref()?;
        let mut seen = self.imported.lock().unwrap_or_else(|e| e.into_inner());
        match seen.get(path) {
            Some(None) => return None,
            Some(Some(Imported::Held(view))) => return Some(Arc::clone(view)),
            Some(Some(Imported::Weak(view))) => {
                if let Some(view) = view.upgrade() {
                    return Some(view);
                }
            }
            None => {}
        }
        // (The program's answer for one importer and path does not change, but
        // for the view's instance: one it dropped is loaded again.)
        let view = origin.program.upgrade()?.import(&origin.unit, path);
        let held = view.as_ref().map(|v| match self.weak_imports {
            true => Imported::Weak(Arc::downgrade(v)),
            false => Imported::Held(Arc::clone(v)),
        });
        seen.insert(path.to_string(), held);
        view
    }

    /// Where the package's code comes from (`std (go1.26.0)`, `module m`, a
    /// dependency's version), when it was loaded by a program.
    pub fn provenance(&self) -> Option<&str> {
        self.origin.as_ref().map(|o| &*o.provenance)
    }

    /// The name under which this package imports `path`, when one name is bound
    /// to it in every file that imports it (a type text of another package is
    /// written with it here).
    pub fn import_name(&self, path: &str) -> Option<&str> {
        let mut names = self.imports.iter().filter(|(n, p)| {
            *p == path && !self.ambiguous_imports.contains(*n) && *n != "_" && *n != "."
        });
        let (name, _) = names.next()?;
        names.next().is_none().then_some(name.as_str())
    }

    /// The package that the import name `q` stands for, loaded: only when its
    /// package clause has that name or the import spec writes it (a name guessed
    /// from the path may be wrong).
    pub fn imported_as(&self, q: &str) -> Option<Arc<PackageView>> {
        let path = self.import_path(q)?;
        let view = self.imported(path)?;
        (view.name == q || self.named_imports.contains(q)).then_some(view)
    }

    /// A type of another package, `q.T` (possibly a pointer to it): that
    /// package's view and `T`. Not for instances of generic types.
    pub fn foreign_type(&self, ty: &str) -> Option<(Arc<PackageView>, String, String)> {
        let t = self.unalias(&squash(ty));
        let t = t.trim_start_matches('*');
        if t.contains(['[', '(', '{', ' ']) {
            return None;
        }
        let (q, name) = t.split_once('.')?;
        let view = self.imported_as(q)?;
        (!view.ambiguous(name) && view.types.contains_key(name))
            .then(|| (view, q.to_string(), name.to_string()))
    }

    /// A type text of `from` (a package this one imports as `q`) written as
    /// this package would: `*T` → `*q.T`, `bytes.Buffer` → `bytes.Buffer` when
    /// this package imports bytes under that name. None when some name cannot
    /// be written here (a package this one does not import, a type parameter, a
    /// struct, interface or func type whose words are not all types).
    pub fn requalify(&self, ty: &str, from: &PackageView, q: &str) -> Option<String> {
        let ty = squash(ty);
        if ty.contains("struct{") || ty.contains("interface{") || ty.contains("func(") {
            return None;
        }
        let mut out = String::with_capacity(ty.len() + q.len() + 1);
        let bytes = ty.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i] as char;
            if !(c.is_alphanumeric() || c == '_') {
                out.push(c);
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len()
                && ((bytes[i] as char).is_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
            {
                i += 1;
            }
            let word = &ty[start..i];
            if word.starts_with(|c: char| c.is_ascii_digit()) {
                out.push_str(word); // an array length
                continue;
            }
            if bytes.get(i) == Some(&b'.') {
                // `x.Y`: x is an import name of `from`.
                let mut j = i + 1;
                while j < bytes.len()
                    && ((bytes[j] as char).is_alphanumeric()
                        || bytes[j] == b'_'
                        || bytes[j] >= 0x80)
                {
                    j += 1;
                }
                let path = from.import_path(word)?;
                // The name must be the package's in `from`: written in its import
                // spec, or the package clause of what the path names (a name
                // guessed from the path may be another import's clause).
                from.imported_as(word)?;
                let here = self.import_name(path)?;
                out.push_str(here);
                out.push_str(&ty[i..j]);
                i = j;
                continue;
            }
            match word {
                "map" | "chan" => out.push_str(word),
                _ if from.types.contains_key(word) && !from.ambiguous(word) => {
                    out.push_str(q);
                    out.push('.');
                    out.push_str(word);
                }
                // A predeclared name in both packages: this one may declare it too
                // (`type string = map[int]byte`), and the text would name that.
                _ if crate::semantic::UNIVERSE.contains(&word)
                    && !from.declares(word)
                    && !self.declares(word) =>
                {
                    out.push_str(word)
                }
                _ => return None,
            }
        }
        Some(out)
    }

    /// The declared type of the package variable `name` of the package imported
    /// as `q`, as this package writes it. (Its value may change, from any
    /// package; its type cannot.)
    pub fn foreign_var_type(&self, q: &str, name: &str) -> Option<String> {
        let view = self.imported_as(q)?;
        if view.ambiguous(name) {
            return None;
        }
        let t = view.var_type(name)?;
        self.requalify(t, &view, q)
    }

    /// The field `field` of the other package's type `ty` (`q.T`), as a type
    /// text of this package.
    fn foreign_field_type(&self, ty: &str, field: &str) -> Option<String> {
        let (view, q, name) = self.foreign_type(ty)?;
        let t = view.field_type(&name, field)?;
        self.requalify(&t, &view, &q)
    }

    /// The shape of the other package's type `ty` (`q.T`), its type texts as
    /// this package writes them.
    fn foreign_shape(&self, ty: &str) -> Shape {
        let Some((view, q, name)) = self.foreign_type(ty) else {
            return Shape::Unknown;
        };
        match view.shape(&name) {
            Shape::Struct(t) => match self.requalify(&t, &view, &q) {
                Some(t) => Shape::Struct(t),
                None => Shape::Unknown,
            },
            Shape::Pointer(t) => match self.requalify(&t, &view, &q) {
                Some(t) => Shape::Pointer(t),
                None => Shape::Unknown,
            },
            other => other,
        }
    }

    /// The method `name` of the other package's type `ty` (`q.T`, `*q.T`): its
    /// package, key there, and result types as this package writes them (None
    /// for a result it cannot write). None when Go's selector rules do not
    /// certainly find a method there, or it is promoted through an embedded
    /// pointer (which may be nil).
    pub fn foreign_method(
        &self,
        ty: &str,
        name: &str,
    ) -> Option<(Arc<PackageView>, String, Vec<Option<String>>)> {
        let (view, q, tname) = self.foreign_type(ty)?;
        if view.promoted_through_pointer(&tname, name).is_some() {
            return None;
        }
        let (key, info) = view.method(&tname, name)?;
        let results = info
            .results
            .iter()
            .map(|r| self.requalify(r, &view, &q))
            .collect();
        Some((Arc::clone(&view), key, results))
    }

    /// The function `name` of the package imported as `q`: its package and
    /// result types as this package writes them. None when the name is not
    /// certainly a function there.
    pub fn foreign_func(
        &self,
        q: &str,
        name: &str,
    ) -> Option<(Arc<PackageView>, Vec<Option<String>>)> {
        let view = self.imported_as(q)?;
        if view.ambiguous(name) || !view.is_func(name) {
            return None;
        }
        let results = view
            .func_results(name)?
            .iter()
            .map(|r| self.requalify(r, &view, q))
            .collect();
        Some((view, results))
    }

    /// The function and method declarations of key `F` or `T.m` (one per build
    /// configuration that declares it), with their bodies parsed: None when the
    /// package declares no body for it or one of them cannot be read again.
    pub fn definitions(&self, key: &str) -> Option<Vec<(&SourceFile, crate::model::Function<'_>)>> {
        let defs = self.summaries.definitions(key);
        (!defs.is_empty() && defs.len() == self.summaries.declared_count(key)).then_some(defs)
    }

    /// Result types of a package function.
    pub fn func_results(&self, name: &str) -> Option<&[String]> {
        self.funcs.get(name).map(Vec::as_slice)
    }

    /// Does the package function or method `key` (`F`, `T.m`) call `recover()`?
    /// None when its body cannot be read.
    pub fn recovers(&self, key: &str) -> Option<bool> {
        self.summaries.recovers(key)
    }

    /// Is the function or method `key` (`F`, `T.m`) proven not to panic?
    pub fn proven_no_panic(&self, key: &str) -> bool {
        self.summary(key) == Summary::NoPanic
    }

    /// Why `key` may panic, when it was analyzed.
    pub fn may_panic_reason(&self, key: &str) -> Option<String> {
        match self.summary(key) {
            Summary::NoPanic => None,
            Summary::MayPanic(why) => why,
        }
    }

    /// Is `name` a method promoted to `ty` from an embedded value (not pointer)
    /// field, so that calling it takes that field's address and dereferences a
    /// pointer `ty`? Lock methods of an embedded `sync.Mutex`/`sync.RWMutex` count.
    pub fn promoted_through_value(&self, ty: &str, name: &str) -> bool {
        let t = squash(ty);
        let base = t.trim_start_matches('*');
        let base = base.split('[').next().unwrap_or(base);
        if self.methods.contains_key(&format!("{base}.{name}")) {
            return false;
        }
        let Some(decl) = self.types.get(base) else {
            return false;
        };
        let lock = matches!(
            name,
            "Lock" | "Unlock" | "RLock" | "RUnlock" | "TryLock" | "TryRLock"
        );
        decl.embedded
            .iter()
            .filter(|e| !e.starts_with('*'))
            .any(|e| {
                (lock && (e == "sync.Mutex" || e == "sync.RWMutex"))
                    || self.method(e, name).is_some()
            })
    }

    /// Is the field or method `name` of `ty` promoted through an embedded pointer
    /// field (at any depth) of a struct the package declares? The name of that
    /// embedded type, if so: reading or calling it goes through a pointer that
    /// may be nil. A name declared on `ty` itself is not promoted.
    pub fn promoted_through_pointer(&self, ty: &str, name: &str) -> Option<String> {
        if let Some((view, _, t)) = self.foreign_type(ty) {
            return view.promoted_through_pointer(&t, name);
        }
        self.through_pointer_depth(&squash(ty), name)
    }

    /// Go's selector rule, depth by depth: the member `name` is the one at the
    /// shallowest depth (an embedded pointer at a deeper depth that also leads
    /// to a member of that name is not on the path). Each type of a depth is
    /// paired with the first embedded pointer on the path to it.
    fn through_pointer_depth(&self, ty: &str, name: &str) -> Option<String> {
        let lock = matches!(
            name,
            "Lock" | "Unlock" | "RLock" | "RUnlock" | "TryLock" | "TryRLock"
        );
        let mut level: Vec<(String, Option<String>)> = vec![(ty.to_string(), None)];
        for _ in 0..=5 {
            let mut hits: Vec<&Option<String>> = Vec::new();
            let mut next = Vec::new();
            for (t, ptr) in &level {
                let base = self.unalias(&base_of(t));
                // (The lock methods of a sync lock: its method set is known
                // though the lookup leaves it to sync.)
                if base == "sync.Mutex" || base == "sync.RWMutex" {
                    if lock {
                        hits.push(ptr);
                    }
                    continue;
                }
                if base.contains('.') {
                    // Another package's type: whether it has the member (at
                    // some depth of its own) is all that is known here.
                    if self.field_type(t, name).is_some() || self.method(t, name).is_some() {
                        hits.push(ptr);
                    }
                    continue;
                }
                if self.methods.contains_key(&format!("{base}.{name}"))
                    || self
                        .aliases_of(&base)
                        .iter()
                        .any(|a| self.methods.contains_key(&format!("{a}.{name}")))
                {
                    hits.push(ptr);
                }
                // Its struct's fields (a defined type `type T U` has U's).
                let Some(decl) = self.struct_of(&base) else {
                    continue;
                };
                if decl.fields.iter().any(|(n, _)| n == name) {
                    hits.push(ptr);
                }
                for e in &decl.embedded {
                    let e = squash(e);
                    let p = ptr
                        .clone()
                        .or_else(|| e.starts_with('*').then(|| base_type_name(&e).to_string()));
                    next.push((e, p));
                }
            }
            if !hits.is_empty() {
                // One member at this depth is the one selected; several do not
                // compile: any pointer among them.
                return hits.into_iter().flatten().next().cloned();
            }
            if next.is_empty() {
                return None;
            }
            level = next;
        }
        None
    }

    /// The method `name` of `ty` as Go's selector rules find it: the shallowest
    /// depth of embedding at which a field or method of that name exists. Depth by
    /// depth: a method declared by the package at that depth, alone there, is the
    /// answer; a field of that name, two candidates (an ambiguity), or an embedded
    /// type whose members are not all visible here (an interface, another
    /// package's type, a type parameter) at a depth where nothing else has the name
    /// leave it unknown (None): it may provide the name first.
    /// (`T.m` key, info); the pointer of `ty` is looked through.
    pub fn method(&self, ty: &str, name: &str) -> Option<(String, &MethodInfo)> {
        self.by_depth(ty, |base, found, unseen, next| {
            // `type A = B`: the same type as B, with B's methods (and those
            // declared on a receiver written `A`).
            let base = &self.unalias(base);
            if let Some((pkg, ty)) = base.split_once('.') {
                // Another package's type: only the method sets of sync's value
                // types are known here.
                let path = self.import_path(pkg).unwrap_or(pkg);
                match SYNC_METHODS
                    .iter()
                    .find(|(t, _)| path == "sync" && *t == ty)
                {
                    Some((_, methods)) if methods.contains(&name) => found.push(None),
                    Some(_) => {}
                    None => *unseen = true,
                }
                return;
            }
            if base.starts_with('$') {
                *unseen = true;
                return;
            }
            for spelled in std::iter::once(base.clone()).chain(self.aliases_of(base)) {
                let key = format!("{spelled}.{name}");
                if let Some((k, info)) = self.methods.get_key_value(&key) {
                    found.push(Some((k.clone(), info)));
                } else if self.ambiguous.contains(&key) {
                    found.push(None); // declared here in some builds only
                }
            }
            // The struct whose fields are the type's: its own, or that of the
            // type it is defined from (`type A B`: B's fields and what they
            // promote, not B's methods).
            match self.struct_of(base) {
                Some(decl) => {
                    if decl.fields.iter().any(|(f, _)| f == name) {
                        found.push(None); // a field, not a method
                    }
                    next.extend(decl.embedded.iter().map(|e| base_of(e)));
                }
                None => {
                    // Not a struct: an interface (its methods are dynamic), a
                    // type not known, or a basic one (only its own methods).
                    let basic = self.types.get(base.as_str()).is_some_and(|d| {
                        let u = self.unalias(&d.underlying);
                        BASIC.contains(&u.as_str())
                            || u == "string"
                            || u.starts_with('[')
                            || u.starts_with("map[")
                            || self.led_by_keyword(&u, "func")
                            || self.led_by_keyword(&u, "chan")
                            || u.starts_with('*')
                    });
                    if !basic {
                        *unseen = true;
                    }
                }
            }
        })
    }

    /// Does the type text `t` start with the keyword `kw` (`chan`, `func`)?
    /// White space is squashed out of type texts (`chan T` is `chanT`): a word
    /// at the start that is longer than the keyword and a name the package
    /// declares (`type channel struct{..}`) may be that name, and is not
    /// taken for the keyword.
    fn led_by_keyword(&self, t: &str, kw: &str) -> bool {
        if !t.starts_with(kw) {
            return false;
        }
        let end = t
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(t.len());
        end == kw.len() || !self.declares(&t[..end])
    }

    /// `name` with aliases followed (`type A = B` → `B`), when they name a type.
    fn unalias(&self, name: &str) -> String {
        let mut t = name.to_string();
        for _ in 0..8 {
            match self.types.get(t.as_str()) {
                Some(d) if d.alias && !d.underlying.contains(['[', '{', '(', '*', ' ']) => {
                    t = d.underlying.clone();
                }
                _ => break,
            }
        }
        t
    }

    /// The package's aliases of the type `name` (`type A = name`).
    fn aliases_of(&self, name: &str) -> Vec<String> {
        self.types
            .iter()
            .filter(|(a, d)| d.alias && a.as_str() != name && self.unalias(a) == name)
            .map(|(a, _)| a.clone())
            .collect()
    }

    /// The struct declaration whose fields values of type `name` have: its own, or
    /// that of the types it is defined from (`type A B`, `type B struct{...}`).
    fn struct_of(&self, name: &str) -> Option<&TypeDecl> {
        let mut t = self.unalias(name);
        for _ in 0..8 {
            let d = self.types.get(t.as_str())?;
            if d.underlying.starts_with("struct{") {
                return Some(d);
            }
            if d.underlying == "?" || d.underlying.contains(['[', '{', '(', '*', '.', ' ']) {
                return None;
            }
            t = self.unalias(&d.underlying);
        }
        None
    }

    /// A const spec's name: `spec_text` the spec, `implicit` the last spec of its
    /// declaration with a value (which a spec without one repeats), `ty` its type
    /// where certain, `value` that of a lone integer literal.
    fn add_const(
        &mut self,
        name: &str,
        (spec_text, implicit): (&str, &str),
        ty: &Option<ConstType>,
        value: Option<u64>,
    ) {
        self.note_declaration(name, &["const", spec_text, implicit]);
        match self.consts.get_mut(name) {
            Some(facts) => {
                facts.certain = true;
                // Declared again (another build configuration) with another type:
                // not known.
                if facts.ty != *ty {
                    facts.ty = None;
                }
                // `const size = 8`: the value of a lone integer literal.
                if value.is_some() {
                    facts.value = value;
                }
            }
            None => {
                self.consts.insert(
                    name.into(),
                    ConstFacts {
                        certain: true,
                        ty: ty.clone(),
                        value,
                    },
                );
            }
        }
    }

    /// The const declarations of `file` read by a scan (see
    /// [`SourceFile::consts`]), as [`PackageView::add_file`] reads their nodes.
    fn add_scanned_consts(&mut self, text: &str, block: &crate::skeleton::ConstBlock) {
        let mut implicit = "";
        for spec in &block.specs {
            let spec_text = &text[spec.spec.clone()];
            if spec.has_value {
                implicit = spec_text;
            }
            let ty = match &spec.ty {
                Some(t) => Some(ConstType::Owned(squash(&text[t.clone()]))),
                None => spec.literal.map(ConstType::Borrowed),
            };
            self.add_const(
                &text[spec.name.clone()],
                (spec_text, implicit),
                &ty,
                spec.int,
            );
        }
    }

    fn add_file(&mut self, file: &SourceFile) {
        let text = file.text.as_str();
        // The const blocks left out of the tree, each read where it is among the
        // declarations.
        let mut scanned = file.consts.iter().peekable();
        for decl in named_children(file.root()) {
            while let Some(block) = scanned.next_if(|b| b.range.start < decl.start_byte()) {
                self.add_scanned_consts(text, block);
            }
            match decl.k() {
                "type_declaration" => {
                    for spec in named_children(decl) {
                        self.add_type_spec(spec, text);
                    }
                }
                "const_declaration" => {
                    // A spec without values repeats the previous one's (iota).
                    let mut implicit = "";
                    for spec in named_children(decl) {
                        let spec_text = &text[spec.byte_range()];
                        if spec.field("value").is_some() {
                            implicit = spec_text;
                        }
                        let ty = const_spec_type(spec, text);
                        let value = int_literal_value(spec, text);
                        let mut c = spec.walk();
                        for n in spec.children_by_field_name("name", &mut c) {
                            self.add_const(
                                &text[n.byte_range()],
                                (spec_text, implicit),
                                &ty,
                                value,
                            );
                        }
                    }
                }
                "var_declaration" => {
                    let specs = named_children(decl).into_iter().flat_map(|s| {
                        if s.k() == "var_spec_list" {
                            named_children(s)
                        } else {
                            vec![s]
                        }
                    });
                    for spec in specs {
                        let ty_node = spec.field("type");
                        let mut ty = ty_node.map(|t| squash(&text[t.byte_range()]));
                        let mut c = spec.walk();
                        let names: Vec<String> = spec
                            .children_by_field_name("name", &mut c)
                            .map(|n| text[n.byte_range()].to_string())
                            .collect();
                        // `var cpu struct { sync.Mutex; ... }`: give the anonymous struct a
                        // name of its own so its fields can be looked up like a declared type's.
                        if let (Some(t), Some(first)) =
                            (ty_node.filter(|t| t.k() == "struct_type"), names.first())
                        {
                            let mut decl = TypeDecl {
                                underlying: squash(&text[t.byte_range()]),
                                ..TypeDecl::default()
                            };
                            struct_fields(t, text, &mut decl);
                            let synthetic = format!("struct#{first}");
                            self.types.insert(synthetic.clone(), decl);
                            ty = Some(synthetic);
                        }
                        // `var errFoo = errors.New("...")`: its dynamic type is a pointer.
                        if names.len() == 1 && ty_node.is_none() {
                            if let Some(v) = spec
                                .field("value")
                                .and_then(|l| l.named_child(0))
                                .filter(|v| v.k() == "call_expression")
                                .and_then(|v| v.field("function"))
                            {
                                if matches!(
                                    squash(&text[v.byte_range()]).as_str(),
                                    "errors.New" | "fmt.Errorf"
                                ) {
                                    self.error_values.insert(names[0].clone());
                                }
                            }
                        }
                        let spec_text = &text[spec.byte_range()];
                        for n in names {
                            self.note_declaration(&n, &["var", spec_text]);
                            self.vars.insert(n, ty.clone());
                        }
                    }
                }
                "function_declaration" => {
                    if let Some(n) = decl.field("name") {
                        let results = result_types(decl, text);
                        let name = text[n.byte_range()].to_string();
                        // Declared without a body (implemented in assembly): what it
                        // does is not known, whatever another build's body does.
                        if decl.field("body").is_none() {
                            self.ambiguous.insert(name.clone());
                        }
                        // `init` and `_` may be declared many times; they are never called.
                        if name != "init" && name != "_" {
                            // Bodies may differ by build (a summary proves every
                            // body); the signature must not.
                            self.note_declaration(&name, &signature(decl, text, "func"));
                        }
                        self.funcs.insert(name, results);
                    }
                }
                "method_declaration" => {
                    let (Some(n), Some(recv)) = (decl.field("name"), decl.field("receiver")) else {
                        continue;
                    };
                    let Some(recv_ty) = named_children(recv)
                        .into_iter()
                        .next()
                        .and_then(|p| p.field("type"))
                    else {
                        continue;
                    };
                    let recv_text = squash(&text[recv_ty.byte_range()]);
                    let base = base_type_name(&recv_text).to_string();
                    let info = MethodInfo {
                        pointer_receiver: recv_text.starts_with('*'),
                        results: result_types(decl, text),
                    };
                    let key = format!("{base}.{}", &text[n.byte_range()]);
                    self.note_declaration(&key, &signature(decl, text, "method"));
                    self.methods.insert(key, info);
                }
                "import_declaration" => {
                    self.named_imports
                        .extend(crate::panic::named_imports_of(decl, text));
                    for (name, path) in crate::panic::imports_of(file) {
                        match self.imports.get(&name) {
                            Some(p) if *p != path => {
                                self.ambiguous_imports.insert(name);
                            }
                            Some(_) => {}
                            None => {
                                self.imports.insert(name, path);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for block in scanned {
            self.add_scanned_consts(text, block);
        }
    }

    fn add_type_spec(&mut self, spec: Node<'_>, text: &str) {
        let (Some(name), Some(ty)) = (spec.field("name"), spec.field("type")) else {
            return;
        };
        let mut decl = TypeDecl {
            // (Comments left out: a struct of a generated API client is mostly
            // its fields' documentation, and the view keeps every type's text.)
            underlying: crate::syntax::squash_code(&text[ty.byte_range()]),
            alias: spec.k() == "type_alias",
            ..TypeDecl::default()
        };
        if ty.k() == "struct_type" {
            struct_fields(ty, text, &mut decl);
        }
        // `type Pair[T any] struct{ v T }`: T is the type's parameter, not the
        // package's type T.
        let params = decl_type_params(spec, text);
        if !params.is_empty() {
            let hide = |t: &str| crate::semantic::hide_words(t, &params);
            decl.underlying = hide(&decl.underlying);
            for (_, t) in &mut decl.fields {
                *t = hide(t);
            }
            for t in &mut decl.embedded {
                *t = hide(t);
            }
        }
        let name = text[name.byte_range()].to_string();
        self.note_declaration(&name, &["type", &text[spec.byte_range()]]);
        // Several files may declare the same name under different build tags; keep
        // the first and treat a conflicting second as unknown.
        match self.types.get(&name) {
            Some(prev) if prev.underlying != decl.underlying => {
                // Kept only for names declared differently (see field_in_every_variant).
                let first = (prev.underlying != "?").then(|| prev.clone());
                let variants = self.variants.entry(name.clone()).or_default();
                variants.extend(first);
                variants.push(decl);
                self.types.insert(
                    name,
                    TypeDecl {
                        underlying: "?".into(),
                        ..TypeDecl::default()
                    },
                );
            }
            Some(_) => {}
            None => {
                self.types.insert(name, decl);
            }
        }
    }

    /// Record that `name` is declared at package level as `what`: a second,
    /// different declaration makes the name ambiguous.
    fn note_declaration(&mut self, name: &str, what: &[&str]) {
        let text = squashed_hash(what);
        let some = self.in_some_builds;
        match self.declared.get_mut(name) {
            Some(d) => {
                if d.text != text {
                    self.ambiguous.insert(name.to_string());
                }
                d.in_some_builds |= some;
                d.in_every_build |= !some;
            }
            None => {
                self.declared.insert(
                    name.to_string(),
                    Declared {
                        text,
                        in_every_build: !some,
                        in_some_builds: some,
                    },
                );
            }
        }
    }

    /// A name declared only by files in some builds is absent from the others,
    /// where the same spelling may mean something else: for a method of a type
    /// with embedded fields, a promoted method; for a predeclared name, the
    /// builtin; with a dot import, the imported package's name. Such names are
    /// ambiguous. (Elsewhere, code using the name does not compile without it.)
    fn note_names_of_some_builds(&mut self) {
        let dot_import = self.imports.contains_key(".");
        let mut out = Vec::new();
        for (name, _) in self
            .declared
            .iter()
            .filter(|(_, d)| d.in_some_builds && !d.in_every_build)
        {
            let shadows = match name.split_once('.') {
                Some((ty, _)) => self.struct_of(ty).is_none_or(|d| !d.embedded.is_empty()),
                None => dot_import || crate::semantic::UNIVERSE.contains(&name.as_str()),
            };
            if shadows {
                out.push(name.clone());
            }
        }
        self.ambiguous.extend(out);
    }

    /// Forget every fact about an ambiguous name (see [`PackageView::ambiguous`]):
    /// its type (and the methods declared on it), constant, variable, function or
    /// method. The name stays declared, so it is never taken for a predeclared one.
    fn drop_ambiguous_facts(&mut self) {
        if self.ambiguous.is_empty() {
            return;
        }
        let unknown = TypeDecl {
            underlying: "?".into(),
            ..TypeDecl::default()
        };
        for name in &self.ambiguous {
            if self.types.contains_key(name) {
                self.types.insert(name.clone(), unknown.clone());
            }
            if let Some(facts) = self.consts.get_mut(name.as_str()) {
                facts.certain = false;
                facts.value = None;
            }
            if self.vars.contains_key(name) {
                self.vars.insert(name.clone(), None);
            }
            self.funcs.remove(name);
            self.methods.remove(name);
            self.error_values.remove(name);
        }
        let types = &self.types;
        self.methods.retain(|key, _| {
            let base = key.split('.').next().unwrap_or(key);
            types.get(base).is_none_or(|d| d.underlying != "?")
        });
    }

    /// Is the package-level name (or method `T.m`) `name` not certain in every
    /// build: declared differently by several files under build constraints, or by
    /// a `_test.go` file compiled into the package? Its meaning is then unknown.
    pub fn ambiguous(&self, name: &str) -> bool {
        self.ambiguous.contains(name)
    }

    /// Does the struct type `ty` (or the struct `*ty` points to) embed `embedded`
    /// (e.g. `sync.Mutex`), directly or through embedded structs it declares?
    pub fn embeds(&self, ty: &str, embedded: &str) -> bool {
        let base = squash(ty);
        let base = base.trim_start_matches('*');
        let base = base.split('[').next().unwrap_or(base);
        self.types.get(base).is_some_and(|d| {
            d.embedded
                .iter()
                .any(|e| e == embedded || (!e.contains('.') && self.embeds(e, embedded)))
        })
    }

    pub fn type_decl(&self, name: &str) -> Option<&TypeDecl> {
        self.types.get(name)
    }

    pub fn is_const(&self, name: &str) -> bool {
        self.consts.get(name).is_some_and(|c| c.certain)
    }

    /// The type of the package constant `name`, where certain (see `const_types`).
    pub fn const_type(&self, name: &str) -> Option<&str> {
        self.consts.get(name).and_then(|c| c.ty.as_deref())
    }

    /// The value of the package constant `name` when it is declared (in every
    /// build the same way) as a lone integer literal: `const size = 8`.
    pub fn const_value(&self, name: &str) -> Option<u64> {
        self.consts.get(name).and_then(|c| c.value)
    }

    pub fn is_func(&self, name: &str) -> bool {
        self.funcs.contains_key(name)
    }

    /// Is `name` declared at package level (type, const, var or func)?
    /// May `panic(..)` in the package's files be something other than the builtin
    /// (see [`crate::skeleton::redeclares_panic`])?
    pub fn panic_redeclared(&self) -> bool {
        self.panic_redeclared
    }

    pub fn declares(&self, name: &str) -> bool {
        self.ambiguous.contains(name)
            || self.types.contains_key(name)
            || self.is_const(name)
            || self.vars.contains_key(name)
            || self.funcs.contains_key(name)
    }

    /// The declared type of a package-level variable, if written.
    /// Is `name` a package-level variable?
    pub fn is_var(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    pub fn var_type(&self, name: &str) -> Option<&str> {
        self.vars.get(name).and_then(|t| t.as_deref())
    }

    /// The shape of a type text, resolving names declared in the package.
    pub fn shape(&self, ty: &str) -> Shape {
        let mut ty = squash(ty);
        for _ in 0..16 {
            let t = ty.as_str();
            // A package type named like a predeclared one (`type string = any`)
            // is what the name means in the package.
            if crate::semantic::UNIVERSE.contains(&t) && self.declares(t) {
                match self.types.get(t) {
                    Some(decl) if decl.underlying.starts_with("struct{") => {
                        return Shape::Struct(t.to_string())
                    }
                    Some(decl) if decl.underlying != "?" => {
                        ty = decl.underlying.clone();
                        continue;
                    }
                    _ => return Shape::Unknown,
                }
            }
            if t.starts_with("map[") {
                return Shape::Map;
            }
            if t.starts_with("[]") {
                return Shape::Slice;
            }
            if t.starts_with('[') {
                return Shape::Array;
            }
            if let Some(elem) = t.strip_prefix('*') {
                return Shape::Pointer(elem.to_string());
            }
            // (`channel`, a type of the package, is not `chan nel`: see led_by_keyword.)
            if ["chan", "func"]
                .iter()
                .any(|kw| t.starts_with(kw) && !self.led_by_keyword(t, kw))
            {
                return Shape::Unknown;
            }
            if t.starts_with("chan") || t.starts_with("<-chan") {
                return Shape::Chan;
            }
            if t.starts_with("func") {
                return Shape::Func;
            }
            if t.starts_with("struct{") {
                return Shape::Struct(t.to_string());
            }
            if t.starts_with("interface{") || t == "error" || t == "any" {
                return Shape::Interface;
            }
            if t == "string" {
                return Shape::String;
            }
            if BASIC.contains(&t) {
                return Shape::Basic;
            }
            if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
                ty = inner.to_string();
                continue;
            }
            let base = t.split('[').next().unwrap_or(t);
            if base.contains('.') && !self.types.contains_key(base) {
                return self.foreign_shape(t);
            }
            match self.types.get(base) {
                Some(decl) if decl.underlying.starts_with("struct{") => {
                    return Shape::Struct(base.to_string())
                }
                Some(decl) if decl.underlying != "?" => ty = decl.underlying.clone(),
                _ => return Shape::Unknown,
            }
        }
        Shape::Unknown
    }

    /// Can hashing a value of type `ty` (as a map key) never panic? Hashing panics
    /// when an interface value's dynamic type is not comparable, so interface types,
    /// and structs or arrays containing them, can panic; so can types this package
    /// does not declare (their structure is unknown here).
    pub fn hash_cannot_panic(&self, ty: &str) -> bool {
        self.hash_safe_depth(&squash(ty), 0)
    }

    fn hash_safe_depth(&self, ty: &str, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        match self.shape(ty) {
            Shape::Basic | Shape::String | Shape::Pointer(_) | Shape::Chan => true,
            Shape::Array => ty
                .find(']')
                .is_some_and(|i| self.hash_safe_depth(&ty[i + 1..], depth + 1)),
            Shape::Struct(name) => {
                if name.starts_with("struct{") {
                    return false; // literal struct types: fields not parsed here
                }
                match self.types.get(&name) {
                    Some(d) => d
                        .fields
                        .iter()
                        .all(|(_, t)| self.hash_safe_depth(t, depth + 1)),
                    // A struct of another package (`q.Key`): its fields are in
                    // that package's view, not this one's.
                    None => self
                        .foreign_type(&name)
                        .is_some_and(|(view, _, t)| view.hash_safe_depth(&t, depth + 1)),
                }
            }
            _ => false,
        }
    }

    /// Does a value of type `ty` hold a lock, as `go vet`'s copylocks check sees it
    /// (a `sync` or `sync/atomic` value type, or a type of this package with `Lock`
    /// and `Unlock` methods, directly or in a struct field or array element)?
    /// Copying such a value into a variable and returning the variable is what
    /// copylocks reports. Types of other packages are looked into only when they are
    /// `sync`'s or `sync/atomic`'s own.
    pub fn contains_lock(&self, ty: &str) -> bool {
        self.contains_lock_depth(&squash(ty), 0)
    }

    fn contains_lock_depth(&self, ty: &str, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        let t = ty.trim_start_matches('(').trim_end_matches(')');
        if let Some((pkg, name)) = t.split_once('.') {
            let path = self.import_path(pkg).unwrap_or(pkg);
            let name = name.split('[').next().unwrap_or(name);
            return match path {
                "sync" => matches!(
                    name,
                    "Mutex" | "RWMutex" | "WaitGroup" | "Once" | "Cond" | "Map" | "Pool"
                ),
                "sync/atomic" => name.chars().next().is_some_and(char::is_uppercase),
                _ => false,
            };
        }
        match self.shape(t) {
            Shape::Array => t
                .find(']')
                .is_some_and(|i| self.contains_lock_depth(&t[i + 1..], depth + 1)),
            Shape::Struct(name) => {
                if name.starts_with("struct{") {
                    // Literal struct types: fields are not parsed here; a `sync.` or
                    // `atomic.` word in them is taken as a lock.
                    return name.contains("sync.") || name.contains("atomic.");
                }
                let base = name.split('[').next().unwrap_or(&name);
                let has = |m: &str| self.methods.contains_key(&format!("{base}.{m}"));
                if has("Lock") && has("Unlock") {
                    return true;
                }
                self.types.get(base).is_some_and(|d| {
                    d.fields
                        .iter()
                        .any(|(_, f)| self.contains_lock_depth(&squash(f), depth + 1))
                        || d.embedded
                            .iter()
                            .any(|e| self.contains_lock_depth(&squash(e), depth + 1))
                })
            }
            _ => false,
        }
    }

    /// The field `field` of `ty` as Go's selector rules find it: the shallowest
    /// depth of embedding with a field or method of that name; None when that is
    /// a method, two candidates, or a depth where an embedded type's members are
    /// not visible (another package's type, an interface). A type declared
    /// differently in several builds has the field when every declaration has it,
    /// directly, with one type.
    /// (A pointer to a struct is looked through.)
    pub fn field_type(&self, ty: &str, field: &str) -> Option<String> {
        if self.foreign_type(ty).is_some() {
            return self.foreign_field_type(ty, field);
        }
        self.by_depth(ty, |base, found, unseen, next| {
            let base = self.unalias(base);
            if base.contains('.') || base.starts_with('$') {
                *unseen = true;
                return;
            }
            if self.methods.contains_key(&format!("{base}.{field}"))
                || self.ambiguous.contains(&format!("{base}.{field}"))
                || self
                    .aliases_of(&base)
                    .iter()
                    .any(|a| self.methods.contains_key(&format!("{a}.{field}")))
            {
                found.push(None);
            }
            if self
                .types
                .get(base.as_str())
                .is_some_and(|d| d.underlying == "?")
            {
                match self.field_in_every_variant(&base, field) {
                    Some(t) => found.push(Some(t)),
                    None => *unseen = true,
                }
                return;
            }
            match self.struct_of(&base) {
                Some(decl) => {
                    if let Some((_, t)) = decl.fields.iter().find(|(n, _)| n == field) {
                        found.push(Some(t.clone()));
                    }
                    next.extend(decl.embedded.iter().map(|e| base_of(e)));
                }
                None => {
                    if self
                        .types
                        .get(base.as_str())
                        .is_none_or(|d| d.underlying.starts_with("interface"))
                    {
                        *unseen = true;
                    }
                }
            }
        })
    }

    /// Go's selector rule, depth by depth from `ty` through embedded fields:
    /// `visit` looks at one type of a depth, adds what it finds of the name
    /// (Some: the answer; None: something else of that name, such as a field
    /// when a method is wanted), marks the depth unseen when that type's members
    /// are not all visible, and adds its embedded types for the next depth. The
    /// answer is the one candidate of the shallowest depth with any; two, a
    /// non-answer, or nothing at an unseen depth leave it unknown.
    fn by_depth<T>(
        &self,
        ty: &str,
        mut visit: impl FnMut(&String, &mut Vec<Option<T>>, &mut bool, &mut Vec<String>),
    ) -> Option<T> {
        let mut level = vec![base_of(ty)];
        for _ in 0..=4 {
            let mut found: Vec<Option<T>> = Vec::new();
            let mut unseen = false;
            let mut next = Vec::new();
            for base in &level {
                visit(base, &mut found, &mut unseen, &mut next);
            }
            match found.len() {
                0 if unseen => return None,
                0 => {}
                1 => return found.pop().flatten(),
                _ => return None,
            }
            if next.is_empty() {
                return None;
            }
            level = next;
        }
        None
    }

    /// The type of the direct field `field` of the type `name` declared
    /// differently in several builds, when every declaration is a struct with
    /// that field, of one type.
    fn field_in_every_variant(&self, name: &str, field: &str) -> Option<String> {
        let variants = self.variants.get(name)?;
        let mut out: Option<&String> = None;
        for v in variants {
            if !v.underlying.starts_with("struct{") {
                return None;
            }
            let (_, t) = v.fields.iter().find(|(n, _)| n == field)?;
            if out.is_some_and(|o| o != t) {
                return None;
            }
            out = Some(t);
        }
        out.cloned()
    }
}

/// The base name of a type text: `*pkg.T[int]` → `pkg.T`.
fn base_of(t: &str) -> String {
    let t = squash(t);
    let t = t.trim_start_matches('*');
    t.split('[').next().unwrap_or(t).to_string()
}

/// The parts of a function or method declaration that must agree across builds:
/// its kind, type parameters, parameters and results.
fn signature<'a>(decl: Node<'_>, text: &'a str, kind: &'a str) -> [&'a str; 4] {
    let part = |f: &str| decl.field(f).map_or("", |n| &text[n.byte_range()]);
    // (A method's receiver name may differ; its type is the key.)
    [
        kind,
        part("type_parameters"),
        part("parameters"),
        part("result"),
    ]
}

/// The type of the constants of one `const_spec`: the type written, else the
/// default type of a literal value (`3` → `int`, `"s"` → `string`). None for
/// anything else, a spec without a value included (it repeats the type and the
/// expression of the spec before it).
fn const_spec_type(spec: Node<'_>, text: &str) -> Option<ConstType> {
    if let Some(t) = spec.field("type") {
        return Some(ConstType::Owned(squash(&text[t.byte_range()])));
    }
    let values = named_children(spec.field("value")?);
    let mut types = values.iter().map(|v| match crate::syntax::unparen(*v).k() {
        "int_literal" => Some("int"),
        "float_literal" => Some("float64"),
        "imaginary_literal" => Some("complex128"),
        "rune_literal" => Some("rune"),
        "interpreted_string_literal" | "raw_string_literal" => Some("string"),
        _ => None,
    });
    let first = types.next()??;
    types
        .all(|t| t == Some(first))
        .then_some(ConstType::Borrowed(first))
}

/// The value of a const spec `name = 8` or `name T = 8` (one name, one integer
/// literal); None for anything else, a spec that repeats the previous one
/// included.
fn int_literal_value(spec: Node<'_>, text: &str) -> Option<u64> {
    let values = named_children(spec.field("value")?);
    let [v] = values.as_slice() else {
        return None;
    };
    let v = crate::syntax::unparen(*v);
    if v.k() != "int_literal" {
        return None;
    }
    crate::syntax::int_literal_value(&text[v.byte_range()])
}

/// The type parameters of a declaration (see [`crate::semantic::scope::type_params_of`]).
fn decl_type_params(decl: Node<'_>, text: &str) -> Vec<String> {
    crate::semantic::scope::type_params_of(decl)
        .into_iter()
        .map(|n| text[n.byte_range()].to_string())
        .collect()
}

/// The result type texts of a function or method declaration (its type
/// parameters hidden: see [`crate::semantic::hide_words`]).
fn result_types(decl: Node<'_>, text: &str) -> Vec<String> {
    let params = decl_type_params(decl, text);
    result_types_raw(decl, text)
        .into_iter()
        .map(|t| crate::semantic::hide_words(&t, &params))
        .collect()
}

fn result_types_raw(decl: Node<'_>, text: &str) -> Vec<String> {
    let Some(result) = decl.field("result") else {
        return Vec::new();
    };
    if result.k() != "parameter_list" {
        return vec![squash(&text[result.byte_range()])];
    }
    let mut out = Vec::new();
    for p in named_children(result) {
        let Some(ty) = p.field("type") else {
            continue;
        };
        let mut c = p.walk();
        let n = p.children_by_field_name("name", &mut c).count().max(1);
        for _ in 0..n {
            out.push(squash(&text[ty.byte_range()]));
        }
    }
    out
}

/// Fill `decl.fields` / `decl.embedded` from a `struct_type` node.
fn struct_fields(ty: Node<'_>, text: &str, decl: &mut TypeDecl) {
    for list in named_children(ty) {
        for field in named_children(list) {
            let Some(fty) = field.field("type") else {
                continue;
            };
            let fty_text = squash(&text[fty.byte_range()]);
            let mut c = field.walk();
            let names: Vec<String> = field
                .children_by_field_name("name", &mut c)
                .map(|n| text[n.byte_range()].to_string())
                .collect();
            if names.is_empty() {
                // embedded: the field is named after the type's base name. The `*`
                // of an embedded pointer is a token of the field, not of its type.
                let mut c = field.walk();
                let pointer = field.children(&mut c).any(|x| x.k() == "*");
                let fty_text = if pointer && !fty_text.starts_with('*') {
                    format!("*{fty_text}")
                } else {
                    fty_text
                };
                let base = base_type_name(&fty_text);
                decl.fields.push((base.to_string(), fty_text.clone()));
                decl.embedded.push(fty_text);
            } else {
                for n in names {
                    decl.fields.push((n, fty_text.clone()));
                }
            }
        }
    }
}

/// `pkg.Name` or `*pkg.Name` → (`pkg`, `Name`); None for other type texts
/// (generic instances included).
pub fn qualified_type(ty: &str) -> Option<(&str, &str)> {
    let t = ty.strip_prefix('*').unwrap_or(ty);
    let (q, name) = t.split_once('.')?;
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c == '_' || c.is_alphanumeric())
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    (ident(q) && ident(name)).then_some((q, name))
}

/// `*pkg.Name[T]` → `Name`.
pub fn base_type_name(ty: &str) -> &str {
    let t = ty.trim_start_matches('*');
    let t = t.split('[').next().unwrap_or(t);
    t.rsplit('.').next().unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a view knows of constants, and of the names declared (for the
    /// names in two builds), in one comparable text.
    fn const_facts(v: &PackageView) -> String {
        let sorted = |it: Vec<String>| {
            let mut it = it;
            it.sort();
            it.join("\n")
        };
        [
            sorted(
                v.consts
                    .iter()
                    .filter(|(_, c)| c.certain)
                    .map(|(k, _)| k.to_string())
                    .collect(),
            ),
            sorted(
                v.consts
                    .iter()
                    .map(|(k, c)| format!("{k}: {:?}", c.ty.as_deref()))
                    .collect(),
            ),
            sorted(
                v.consts
                    .iter()
                    .filter_map(|(k, c)| Some(format!("{k} = {}", c.value?)))
                    .collect(),
            ),
            sorted(
                v.declared
                    .iter()
                    .map(|(k, d)| format!("{k} {d:?}"))
                    .collect(),
            ),
            sorted(v.ambiguous.iter().cloned().collect()),
        ]
        .join("\n--\n")
    }

    /// The view of one file, from its tree of declarations or, with
    /// `scanned`, with its simple const blocks read by the scan.
    fn view_of(path: &std::path::Path, text: &str, scanned: bool) -> PackageView {
        let file = if scanned {
            SourceFile::parse_declarations_for_view(path, text.to_string())
        } else {
            SourceFile::parse_declarations(path, text.to_string())
        };
        let mut b = PackageView::builder(&[]);
        b.add_on_disk(&Arc::new(file));
        b.finish()
    }

    /// Const blocks read by the scan give a view what their nodes give it: the
    /// blocks of a file with every form the scan reads, a block it does not
    /// read, and one under a build constraint in another file.
    #[test]
    fn scanned_const_blocks_give_the_view_what_their_tree_gives() {
        let a = "package p\n\ntype Errno uintptr\n\nconst (\n\tA = 0x10 // ten\n\tB Errno = 7\n\tC\n\tD = \"d\"\n\tE = 'e'\n\tF = 1 << iota; G\n\tH = Errno(0x7)\n\tI = A\n\t_ = 017\n)\n\nconst (\n\tJ = 1.5\n\tK = 2\n)\n\nfunc f() int { const (L = 1); return L }\n\nconst (\n\tM = (3)\n\tN, O = 1, 2\n)\n\nconst (M2 = 3)\n";
        let scanned = crate::skeleton::simple_const_blocks(a, &[]);
        // The first block; not those with a float, a parenthesized value or a
        // list, nor the local one, nor the one-line one (`)` after a spec on its
        // line, which tree-sitter's grammar does not read as Go does).
        assert_eq!(scanned.len(), 1, "{scanned:?}");
        assert_eq!(scanned[0].specs.len(), 10);
        let path = std::path::Path::new("a.go");
        let (tree, scan) = (view_of(path, a, false), view_of(path, a, true));
        assert_eq!(const_facts(&tree), const_facts(&scan));
        assert_eq!(scan.const_value("A"), Some(16));
        assert_eq!(scan.const_value("_"), Some(15));
        assert_eq!(scan.const_type("B"), Some("Errno"));
        assert_eq!(scan.const_type("D"), Some("string"));
        assert!(scan.is_const("C") && scan.is_const("J") && scan.is_const("M"));
        // Two files under build constraints: a name declared differently is
        // ambiguous either way.
        let linux = "//go:build linux\n\npackage p\n\nconst (\n\tX = 1\n\tY = 2\n)\n";
        let darwin = "//go:build darwin\n\npackage p\n\nconst (\n\tX = 1\n\tY = 3\n)\n";
        let both = |scanned: bool| {
            let mut b = PackageView::builder(&[]);
            for (name, text) in [("p_linux.go", linux), ("p_darwin.go", darwin)] {
                let file = if scanned {
                    SourceFile::parse_declarations_for_view(name, text.to_string())
                } else {
                    SourceFile::parse_declarations(name, text.to_string())
                };
                b.add_on_disk(&Arc::new(file));
            }
            b.finish()
        };
        let (tree, scan) = (both(false), both(true));
        assert_eq!(const_facts(&tree), const_facts(&scan));
        assert!(scan.ambiguous.contains("Y") && !scan.ambiguous.contains("X"));
    }

    /// The same over the Go standard library: every file with a const block the
    /// scan reads gives the view the same facts read either way. Skipped (with
    /// a message) without Go.
    #[test]
    fn scanned_const_blocks_of_the_standard_library_give_the_view_what_their_trees_give() {
        let Some(src) = crate::std_source_dir() else {
            eprintln!("skipped: no Go toolchain to find the standard library");
            return;
        };
        let mut dirs = vec![src];
        let (mut files, mut blocks, mut specs) = (0, 0, 0);
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for p in entries.flatten().map(|e| e.path()) {
                if p.is_dir() {
                    dirs.push(p);
                    continue;
                }
                if p.extension().is_none_or(|e| e != "go") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                let scanned = crate::skeleton::simple_const_blocks(&text, &[]);
                if scanned.is_empty() {
                    continue;
                }
                // Stepping over the bodies finds the same blocks.
                if let Some(bodies) = crate::skeleton::bodies(&text) {
                    let stepped = crate::skeleton::simple_const_blocks(&text, &bodies);
                    assert!(stepped == scanned, "{}", p.display());
                }
                files += 1;
                blocks += scanned.len();
                specs += scanned.iter().map(|b| b.specs.len()).sum::<usize>();
                assert_eq!(
                    const_facts(&view_of(&p, &text, false)),
                    const_facts(&view_of(&p, &text, true)),
                    "{}",
                    p.display()
                );
            }
        }
        // syscall's generated files alone hold tens of thousands of specs.
        assert!(
            files > 500 && specs > 50_000,
            "{files} files, {blocks} blocks, {specs} specs"
        );
    }

    /// A file parsed a part at a time gives the view the same declarations and the
    /// same summaries as one tree of its declarations.
    #[test]
    fn a_view_from_parts_is_the_view_from_one_tree() {
        let n = 300;
        let mut text = String::from(
            "package p\n\nimport (\n\t\"errors\"\n\tstrs \"strings\"\n)\n\n// ErrX is an error.\nvar ErrX = errors.New(\"x\")\n\n",
        );
        for i in 0..n {
            let prev = (i + n - 1) % n;
            let body = if i % 3 == 0 {
                "panic(\"three\")".to_string()
            } else {
                format!("_ = strs.TrimSpace(s)\n\treturn G{prev}(len(s)), nil")
            };
            text.push_str(&format!(
                "type T{i} struct {{\n\tmu sync.Mutex\n\tn{i} int\n\t*T{prev}\n}}\n\nconst K{i} = {i}\n\nvar V{i} = []int{{{i}}}\n\n// F{i} calls G{prev}.\nfunc F{i}(s string) (int, error) {{\n\t{body}\n}}\n\nfunc G{i}(a int) int {{ return a + K{i} }}\n\nfunc (t *T{i}) M{i}() (int, error) {{ return F{i}(\"\") }}\n\n"
            ));
        }
        let plan = crate::source::PartialPlan::declarations(&text).expect("scan");
        let mut one = PackageView::builder(&[]);
        one.add(&Arc::new(SourceFile::parse_declarations(
            "p.go",
            text.clone(),
        )));
        let one = one.finish();
        let mut parts = PackageView::builder(&[]);
        let mut count = 0;
        let back = SourceFile::declarations_in_parts(
            std::path::Path::new("p.go"),
            text.clone(),
            &plan,
            &mut |part| {
                count += 1;
                // Every part holds the package clause and the imports, as a view
                // takes a file's package from its tree.
                assert_eq!(part.package_name(), Some("p"));
                assert_eq!(crate::panic::imports_of(part).len(), 2);
                assert!(!part.tree.root_node().has_error());
                parts.add_part(part, false);
            },
        );
        assert_eq!(back, text);
        assert!(count > 5, "{count} parts");
        parts.end_file(&text);
        let parts = parts.finish();
        assert_eq!(parts.name, "p");
        assert_eq!(parts.import_path("strs"), Some("strings"));
        assert!(parts.error_values.contains("ErrX") && one.error_values.contains("ErrX"));
        // Exported: another package of the program may assign it.
        assert!(!parts.is_error_value("ErrX"));
        let mut proven = 0;
        for i in 0..n {
            let t = format!("T{i}");
            assert_eq!(
                format!("{:?}", one.type_decl(&t)),
                format!("{:?}", parts.type_decl(&t))
            );
            assert!(parts.type_decl(&t).is_some() && parts.is_const(&format!("K{i}")));
            assert_eq!(
                one.var_type(&format!("V{i}")),
                parts.var_type(&format!("V{i}"))
            );
            assert!(parts.declares(&format!("V{i}")));
            let f = format!("F{i}");
            assert_eq!(one.func_results(&f), parts.func_results(&f));
            assert_eq!(
                format!("{:?}", one.method(&t, &format!("M{i}"))),
                format!("{:?}", parts.method(&t, &format!("M{i}")))
            );
            for key in [f, format!("G{i}"), format!("T{i}.M{i}")] {
                let summary = parts.summary(&key);
                assert_eq!(one.summary(&key), summary, "{key}");
                proven += usize::from(summary == Summary::NoPanic);
            }
        }
        // Some are proven, some not: the comparison is not of nothing.
        assert!(proven > n && proven < 3 * n, "{proven}");
    }

    /// Go calls the method at the shallowest depth: an embedded interface (whose
    /// methods are dynamic) at depth 1 hides a package method at depth 2; two
    /// candidates at one depth, or a field, are no method the package declares.
    #[test]
    fn methods_are_found_by_promotion_depth() {
        let a = SourceFile::parse(
            "a.go",
            "package p\ntype Getter interface{ Get() int }\ntype Deep struct{}\nfunc (Deep) Get() int { return 1 }\ntype Mid struct{ Deep }\ntype S struct {\n\tGetter\n\tMid\n}\ntype Plain struct{ Mid }\ntype Other struct{}\nfunc (Other) Get() int { return 2 }\ntype Two struct {\n\tDeep\n\tOther\n}\ntype Field struct {\n\tGet int\n\tMid\n}\ntype Foreign struct {\n\tbytes.Buffer\n\tMid\n}\ntype Own struct{ Getter }\nfunc (Own) Get() int { return 3 }\n".to_string(),
        );
        let v = PackageView::build(&[&a]);
        let key = |t: &str| v.method(t, "Get").map(|(k, _)| k);
        assert_eq!(key("*Plain").as_deref(), Some("Deep.Get"));
        assert_eq!(key("S"), None, "the interface at depth 1 is called");
        assert_eq!(key("Two"), None, "ambiguous at depth 1");
        assert_eq!(key("Field"), None, "a field at depth 0");
        assert_eq!(
            key("Foreign"),
            None,
            "bytes.Buffer at depth 1 is not visible"
        );
        assert_eq!(key("Own").as_deref(), Some("Own.Get"), "depth 0 wins");
        let b = SourceFile::parse(
            "b.go",
            "package p\nimport \"sync\"\ntype Deep struct{}\nfunc (Deep) Get() int { return 1 }\ntype Mid struct{ Deep }\ntype Locked struct {\n\tsync.Mutex\n\tMid\n}\n".to_string(),
        );
        let v = PackageView::build(&[&b]);
        assert_eq!(
            v.method("*Locked", "Get").map(|(k, _)| k).as_deref(),
            Some("Deep.Get"),
            "sync.Mutex at depth 1 has no Get"
        );
        assert_eq!(v.method("*Locked", "Lock").map(|(k, _)| k), None);
        // Aliases are the type they name; a defined type has its struct's fields
        // (and what they promote) but not its methods.
        let c = SourceFile::parse(
            "c.go",
            "package p\ntype Deep struct{}\nfunc (Deep) M() int { return 1 }\nfunc (Deep) Size() int { return 1 }\ntype Mid struct{ Deep }\ntype B struct{ v []int }\nfunc (b B) M() int { return b.v[0] }\ntype A = B\ntype S struct {\n\tA\n\tMid\n}\ntype C struct{}\nfunc (C) M() int { return 2 }\ntype B2 struct{ C }\nfunc (B2) Own() int { return 3 }\ntype A2 B2\ntype Mid2 struct{ Mid }\ntype S2 struct {\n\tA2\n\tMid2\n}\ntype Buf struct{ Deep }\ntype BB = Buf\nfunc (b BB) Size() int { return 4 }\n".to_string(),
        );
        let v = PackageView::build(&[&c]);
        let key = |t: &str, m: &str| v.method(t, m).map(|(k, _)| k);
        assert_eq!(
            key("S", "M").as_deref(),
            Some("B.M"),
            "through the alias, at depth 1"
        );
        assert_eq!(
            key("S2", "M").as_deref(),
            Some("C.M"),
            "promoted through A2's struct"
        );
        assert_eq!(
            key("A2", "Own"),
            None,
            "a defined type does not have B2's methods"
        );
        assert_eq!(
            key("Buf", "Size").as_deref(),
            Some("BB.Size"),
            "declared on an alias receiver"
        );
    }

    /// A name declared differently by two files (only possible under build
    /// constraints that exclude each other) keeps no fact; a repeated identical
    /// declaration, or two bodies with one signature, does. A name a `_test.go`
    /// file declares is not certain in the other files.
    #[test]
    fn names_declared_differently_in_two_builds_are_unknown() {
        let linux = SourceFile::parse(
            "a_linux.go",
            "//go:build linux\n\npackage p\n\nconst step = 4\n\nvar width int = 1\n\ntype Shape interface{ Area() int }\n\nconst same = 1\n\nfunc helper() int { return 1 }\n".to_string(),
        );
        let other = SourceFile::parse(
            "a_other.go",
            "//go:build !linux\n\npackage p\n\nvar step = 0\n\nvar width uint = 1\n\ntype Shape struct{}\n\nfunc (Shape) Area() int { return 0 }\n\nconst same = 1\n\nfunc helper() int { return 2 }\n".to_string(),
        );
        let mut b = PackageView::builder(&[]);
        b.add(&Arc::new(linux));
        b.add(&Arc::new(other));
        b.note_text("package p\n\nfunc append(a ...any) {}\n");
        let v = b.finish();
        for name in ["step", "width", "Shape", "append"] {
            assert!(v.ambiguous(name) && v.declares(name), "{name}");
        }
        assert!(!v.is_const("step"));
        assert_eq!(v.var_type("width"), None);
        assert_eq!(v.shape("Shape"), Shape::Unknown);
        assert!(v.method("Shape", "Area").is_none());
        assert!(!v.ambiguous("same") && v.is_const("same"));
        assert!(!v.ambiguous("helper") && v.is_func("helper"));
    }

    #[test]
    fn constant_types_are_known_only_when_certain() {
        let file = SourceFile::parse(
            "a.go",
            "package p\n\ntype level int\n\nconst (\n\tn = 3\n\ts = `x`\n\tf float32 = 1\n\tl level = 1\n\tm\n\tc = n + 1\n)\n".to_string(),
        );
        let view = PackageView::build(&[&file]);
        assert_eq!(view.const_type("n"), Some("int"));
        assert_eq!(view.const_type("s"), Some("string"));
        assert_eq!(view.const_type("f"), Some("float32"));
        assert_eq!(view.const_type("l"), Some("level"));
        // Repeats the spec before it (a `level`), or an expression: not known.
        assert_eq!(view.const_type("m"), None);
        assert_eq!(view.const_type("c"), None);
        assert!(view.is_const("m") && view.is_const("c"));
    }

    /// Declarations of files in only some builds: a method of a type with
    /// embedded fields (which may promote another in the other builds) and a
    /// predeclared name are unknown; a function without a body (assembly) too.
    /// A file the go command ignores adds nothing.
    #[test]
    fn declarations_of_some_builds() {
        let main = "package p\n\ntype E struct{ n int }\n\nfunc (e *E) M() int { return 10 / e.n }\n\ntype S struct {\n\tE\n}\n\ntype Plain struct{ n int }\n\nfunc asm(v int) int\n\n".to_string()
            + &"func filler() int { return 1 }\n\n".repeat(3);
        let other = "//go:build !linux\n\npackage p\n\nfunc (s *S) M() int { return 1 }\n\nfunc (p *Plain) Get() int { return 1 }\n\nfunc len(v any) int { return 0 }\n\nfunc asm(v int) int { return v }\n";
        let ignored = "package p\n\nfunc (p *Plain) Put() int { return 1 }\n";
        for partial in [false, true] {
            let parse = |name: &str, text: &str| {
                Arc::new(if partial {
                    SourceFile::parse_declarations(name, text.to_string())
                } else {
                    SourceFile::parse(name, text.to_string())
                })
            };
            let mut b = PackageView::builder(&[]);
            b.add(&parse("main.go", &main));
            b.add(&parse("other.go", other));
            b.add(&parse("_ignored.go", ignored));
            let v = b.finish();
            assert!(
                v.ambiguous("S.M") && v.method("*S", "M").is_none(),
                "{partial}"
            );
            assert!(v.ambiguous("len"), "{partial}");
            assert!(v.ambiguous("asm"), "{partial}");
            assert!(!v.ambiguous("Plain.Get") && v.method("*Plain", "Get").is_some());
            assert!(
                v.method("*Plain", "Put").is_none(),
                "an ignored file is in no build"
            );
            assert!(!v.ambiguous("filler"));
        }
    }

    #[test]
    fn fields_and_shapes() {
        let a = SourceFile::parse(
            "a.go",
            "package p\ntype S struct {\n\tmu sync.Mutex\n\tm map[string]int\n\titems []int\n\tInner\n\tp *S\n}\ntype Inner struct{ n Names }\ntype Names []string\nconst K = 1\nvar G = 2\n".to_string(),
        );
        let b = SourceFile::parse(
            "b.go",
            "package p\ntype Table map[int]string\nfunc F() {}\n".to_string(),
        );
        let v = PackageView::build(&[&a, &b]);
        assert_eq!(v.name, "p");
        assert_eq!(v.field_type("*S", "m").as_deref(), Some("map[string]int"));
        assert_eq!(v.shape(&v.field_type("*S", "m").unwrap()), Shape::Map);
        assert_eq!(v.shape(&v.field_type("S", "items").unwrap()), Shape::Slice);
        assert_eq!(v.field_type("*S", "n").as_deref(), Some("Names"));
        assert_eq!(v.shape("Names"), Shape::Slice);
        assert_eq!(v.shape("Table"), Shape::Map);
        assert_eq!(v.shape("*S"), Shape::Pointer("S".into()));
        assert_eq!(v.shape("S"), Shape::Struct("S".into()));
        assert_eq!(v.shape("sync.Mutex"), Shape::Unknown);
        assert!(v.is_const("K") && v.declares("G") && v.is_func("F"));
    }

    /// Fields and methods promoted through an embedded pointer go through that
    /// pointer; those declared on the type, or promoted through a value, do not.
    #[test]
    fn promotion_through_embedded_pointers() {
        let a = SourceFile::parse(
            "a.go",
            "package p\ntype Inner struct{ n int }\nfunc (i *Inner) Get() int { return i.n }\ntype Outer struct {\n\tm int\n\t*Inner\n}\ntype ByValue struct {\n\tInner\n}\ntype Deep struct {\n\tByValue\n\t*Outer\n}\nfunc (o *Outer) Own() int { return o.m }\n".to_string(),
        );
        let v = PackageView::build(&[&a]);
        assert_eq!(
            v.promoted_through_pointer("*Outer", "n").as_deref(),
            Some("Inner")
        );
        assert_eq!(
            v.promoted_through_pointer("*Outer", "Get").as_deref(),
            Some("Inner")
        );
        assert_eq!(v.promoted_through_pointer("*Outer", "m"), None);
        assert_eq!(v.promoted_through_pointer("*Outer", "Own"), None);
        assert_eq!(v.promoted_through_pointer("*Outer", "Inner"), None);
        assert_eq!(v.promoted_through_pointer("ByValue", "Get"), None);
        assert_eq!(
            v.promoted_through_pointer("*Deep", "Own").as_deref(),
            Some("Outer")
        );
        // `x.Limit` is B's (depth 1, through *B), not C's (depth 2, through A's
        // *C), whatever the order of the embedded fields.
        let b = SourceFile::parse(
            "b.go",
            "package p\ntype C struct{ Limit int }\ntype A struct{ *C }\ntype B struct{ Limit int }\ntype X struct {\n\tA\n\t*B\n}\ntype Y struct {\n\t*B\n\tA\n}\ntype Z struct {\n\tA\n\tB\n}\n".to_string(),
        );
        let v = PackageView::build(&[&b]);
        for ty in ["X", "Y"] {
            assert_eq!(
                v.promoted_through_pointer(ty, "Limit").as_deref(),
                Some("B"),
                "{ty}"
            );
        }
        assert_eq!(v.promoted_through_pointer("Z", "Limit"), None);
        assert_eq!(
            v.promoted_through_pointer("Z", "C").as_deref(),
            None,
            "the embedded field itself is read, not through it"
        );
    }

    /// Type texts are squashed (`chan T` is `chanT`): a type of the package
    /// whose name starts with `chan` or `func` is not a channel or a func.
    #[test]
    fn names_that_start_like_keywords_are_not_keywords() {
        let a = SourceFile::parse(
            "a.go",
            "package p\ntype channel struct{ v any }\ntype functor interface{ Get() int }\ntype Handler functor\ntype Deep struct{}\nfunc (Deep) Get() int { return 1 }\ntype Mid struct{ Deep }\ntype S struct {\n\tHandler\n\tMid\n}\ntype T int\ntype Ch chan T\ntype F func() T\n".to_string(),
        );
        let v = PackageView::build(&[&a]);
        assert_eq!(v.shape("channel"), Shape::Unknown);
        assert!(!v.hash_cannot_panic("channel"));
        assert_eq!(v.shape("functor"), Shape::Unknown);
        assert_eq!(v.shape("Ch"), Shape::Chan);
        assert_eq!(v.shape("chan T"), Shape::Chan);
        assert_eq!(v.shape("F"), Shape::Func);
        assert!(
            v.method("S", "Get").is_none(),
            "the embedded interface's Get at depth 1, not Deep.Get at depth 2"
        );
    }
}
