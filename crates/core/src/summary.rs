//! Package summaries: which functions and methods of a package are proven not to
//! panic (DESIGN §3.4), computed on demand.
//!
//! A rule asks about one region; the region calls a few package functions; those call
//! a few more. Only that part of the call graph is analyzed, once per package: the
//! answers are memoized in the [`crate::PackageView`], which threads share.
//!
//! The answers do not depend on which question came first:
//! - a function is proven when no definition of its key (a function may be declared
//!   once per build tag) can panic, counting calls to proven functions as safe: the
//!   least fixpoint over the reachable call graph, so recursion is never proven;
//! - the reason a function may panic is the root cause: follow its first possible
//!   panic through calls to unproven package functions to the first one that panics
//!   for a reason of its own; a chain that comes back on itself is "recursive".

use crate::model::Function;
use crate::package::PackageView;
use crate::panic::PanicAnalyzer;
use crate::source::SourceFile;
use crate::syntax::NodeExt;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use tree_sitter::Node;

/// The reason given for a call to a package function that is never proven and has no
/// reason of its own (recursion, or no body to analyze).
pub const RECURSIVE: &str = "it is recursive or in a cycle of calls, so never proven panic-free";
const RECOVERS: &str = "it calls recover()";

/// What is known of one function or method key (`F`, `T.m`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Summary {
    NoPanic,
    /// Not proven; the root cause when one was found.
    MayPanic(Option<String>),
}

/// Reads part of a file again, for a package view that does not keep the texts of
/// the files it was built from (a large package's texts are tens of megabytes, and a
/// summary needs a few of its functions). Provided by the caller, which knows where
/// the files are: the core never opens a file.
pub trait SourceReader: Send + Sync {
    /// The bytes `range` of the file at `path`, or None when it cannot be read or no
    /// longer has `len` bytes (then it is not the text the view was built from).
    fn read(&self, path: &Path, len: usize, range: Range<usize>) -> Option<Vec<u8>>;
}

/// The summaries of one package: where each function is declared, and what was
/// computed so far.
#[derive(Default)]
pub struct Summaries {
    /// Where the texts of files added with [`Summaries::add_file_on_disk`] are read.
    reader: Option<Arc<dyn SourceReader>>,
    files: Vec<Source>,
    /// Every function and method declaration with a body, in file order.
    decls: Vec<Decl>,
    /// Key → indices in `decls`.
    defs: HashMap<String, Vec<usize>>,
    memo: Mutex<HashMap<String, Summary>>,
    /// Keep no parsed body between computations (see [`Summaries::keep_no_trees`]).
    transient: bool,
}

/// A file of the package, as the summaries keep it.
enum Source {
    /// Parsed whole: its functions are read from its tree.
    Whole(Arc<SourceFile>),
    /// Parsed for its declarations only: the tree is not kept, a function is parsed
    /// alone from the text when a summary needs it.
    Text {
        path: std::path::PathBuf,
        text: Arc<str>,
    },
    /// Parsed for its declarations only, and its text is the `len` bytes on disk at
    /// `path`: the parts a summary needs are read again through the reader.
    OnDisk {
        path: std::path::PathBuf,
        len: usize,
    },
    /// No function or method declaration with a body: nothing to keep.
    Empty,
}

impl std::fmt::Debug for Summaries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Summaries")
            .field("files", &self.files.len())
            .field("keys", &self.defs.len())
            .finish_non_exhaustive()
    }
}

/// The key of a function or method declaration with a body: `F` or `T.m`.
pub fn declaration_key(node: Node<'_>, text: &str) -> Option<String> {
    node.field("body")?;
    let name = &text[node.field("name")?.byte_range()];
    match node.k() {
        "function_declaration" => Some(name.to_string()),
        "method_declaration" => {
            let recv = node.field("receiver")?;
            let ty = crate::syntax::named_children(recv)
                .into_iter()
                .next()
                .and_then(|p| p.field("type"))
                .map(|t| crate::syntax::squash(&text[t.byte_range()]))
                .unwrap_or_default();
            Some(format!("{}.{name}", crate::package::base_type_name(&ty)))
        }
        _ => None,
    }
}

impl Summaries {
    /// Read the files added with [`Summaries::add_file_on_disk`] through `reader`.
    pub fn set_reader(&mut self, reader: Arc<dyn SourceReader>) {
        self.reader = Some(reader);
    }

    /// Parse the bodies a computation needs for it alone, and drop them after:
    /// for a package that lives for the whole run, whose callers need its
    /// summaries, not its trees.
    pub fn keep_no_trees(&mut self) {
        self.transient = true;
    }

    /// Index the function and method declarations of `file`.
    pub fn add_file(&mut self, file: &Arc<SourceFile>) {
        self.add(file, false);
    }

    /// Like [`Summaries::add_file`], for a file whose text is the bytes at its path:
    /// when it was parsed for its declarations only and a reader is set, its text is
    /// not kept but read again, the parts a summary needs, when it needs them.
    pub fn add_file_on_disk(&mut self, file: &Arc<SourceFile>) {
        self.add(file, true);
    }

    fn add(&mut self, file: &Arc<SourceFile>, on_disk: bool) {
        // The next part of a file parsed a part at a time shares its entry.
        let same_file = file.partial
            && match self.files.last() {
                Some(Source::Text { path, text }) => {
                    *path == file.path && text.len() == file.text.len()
                }
                Some(Source::OnDisk { path, len }) => *path == file.path && *len == file.text.len(),
                _ => false,
            };
        let fi = self.files.len() - usize::from(same_file);
        let before = self.decls.len();
        let mut header = 0;
        for node in crate::syntax::named_children(file.root()) {
            if matches!(node.k(), "package_clause" | "import_declaration") {
                header = node.end_byte();
            }
            if let Some(key) = declaration_key(node, &file.text) {
                self.defs.entry(key).or_default().push(self.decls.len());
                self.decls.push(Decl {
                    file: fi,
                    header,
                    range: node.byte_range(),
                    alone: OnceLock::new(),
                });
            }
        }
        if same_file {
            return;
        }
        self.files.push(if self.decls.len() == before {
            Source::Empty
        } else if file.partial && on_disk && self.reader.is_some() {
            Source::OnDisk {
                path: file.path.clone(),
                len: file.text.len(),
            }
        } else if file.partial {
            Source::Text {
                path: file.path.clone(),
                text: Arc::from(file.text.as_str()),
            }
        } else {
            Source::Whole(Arc::clone(file))
        });
    }

    /// The function declared by `decls[d]`, with its body parsed: from its file, or
    /// when that was parsed for its declarations only, from a file made of the
    /// package clause, the imports and this declaration (parsed once, kept).
    fn declared(&self, d: usize) -> Option<(&SourceFile, Function<'_>)> {
        self.declared_in(d, None)
    }

    /// [`Summaries::declared`], parsing a declaration alone into `scratch[d]`
    /// (dropped by the caller) rather than into the view, when given.
    fn declared_in<'s>(
        &'s self,
        d: usize,
        scratch: Option<&'s [OnceLock<Option<Box<SourceFile>>>]>,
    ) -> Option<(&'s SourceFile, Function<'s>)> {
        let decl = &self.decls[d];
        let alone = match scratch {
            Some(s) => &s[d],
            None => &decl.alone,
        };
        let (file, start) = match &self.files[decl.file] {
            Source::Whole(file) => (&**file, decl.range.start),
            Source::Text { path, text } => {
                let alone = alone.get_or_init(|| {
                    let parts = (&text[..decl.header], &text[decl.range.clone()]);
                    Some(Box::new(parse_alone(path, parts)))
                });
                (&**alone.as_ref()?, decl.header + 1)
            }
            Source::OnDisk { path, len } => {
                let alone = alone.get_or_init(|| {
                    let reader = self.reader.as_ref()?;
                    let header = reader.read(path, *len, 0..decl.header)?;
                    let body = reader.read(path, *len, decl.range.clone())?;
                    let parts = (
                        std::str::from_utf8(&header).ok()?,
                        std::str::from_utf8(&body).ok()?,
                    );
                    Some(Box::new(parse_alone(path, parts)))
                });
                (&**alone.as_ref()?, decl.header + 1)
            }
            Source::Empty => return None,
        };
        let node = crate::syntax::named_children(file.root())
            .into_iter()
            .find(|n| n.start_byte() == start)?;
        Some((file, Function::declared(node, &file.text)?))
    }

    /// Every declaration of `key` with a body, parsed (see [`Summaries::declared`]);
    /// a declaration whose text cannot be read again is left out, so a caller that
    /// must see every body compares with [`Summaries::declared_count`].
    pub fn definitions(&self, key: &str) -> Vec<(&SourceFile, Function<'_>)> {
        self.defs
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&d| self.declared(d))
            .collect()
    }

    /// How many declarations with a body `key` has.
    pub fn declared_count(&self, key: &str) -> usize {
        self.defs.get(key).map_or(0, Vec::len)
    }

    /// The summary of `key`, computing it (and what it calls) on first use.
    pub fn get(&self, view: &PackageView, key: &str) -> Summary {
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = memo.get(key) {
            return s.clone();
        }
        let computed = self.compute(view, &memo, key);
        memo.extend(computed);
        memo.get(key).cloned().unwrap_or(Summary::MayPanic(None))
    }

    /// Compute every key of the package, in key order (the eager way, for tests that
    /// check the on-demand answers do not depend on what was asked first).
    pub fn compute_all(&self, view: &PackageView) {
        let mut keys: Vec<&String> = self.defs.keys().collect();
        keys.sort();
        for k in keys {
            self.get(view, k);
        }
    }

    /// Does some definition of `key` (`F`, `T.m`) call `recover()` (in its body or
    /// a func literal in it)? None when no body of it can be read.
    pub fn recovers(&self, key: &str) -> Option<bool> {
        let defs = self.defs.get(key)?;
        let mut any = false;
        for &d in defs {
            let (_, func) = self.declared(d)?;
            any |= !func.recovers.is_empty();
        }
        Some(any)
    }

    /// How many keys have been computed.
    pub fn computed(&self) -> usize {
        self.memo.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// The summaries of `root` and of every key it reaches that is not in `memo`.
    fn compute(
        &self,
        view: &PackageView,
        memo: &HashMap<String, Summary>,
        root: &str,
    ) -> Vec<(String, Summary)> {
        // A package loaded for the program keeps its summaries, not the trees
        // of the bodies they were computed from: those are parsed into this
        // scratch space, dropped when the computation ends.
        let scratch: Option<Vec<OnceLock<Option<Box<SourceFile>>>>> = self
            .transient
            .then(|| (0..self.decls.len()).map(|_| OnceLock::new()).collect());
        let scratch = scratch.as_deref();
        let state = State {
            memo,
            proven: RefCell::new(HashSet::new()),
            collected: RefCell::new(None),
            last_call: RefCell::new(None),
        };
        // 1. Discovery: the keys reachable from `root` through package calls that run
        //    before the first panic of a definition's own (later calls cannot matter).
        let mut keys: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        // Per key: its definitions (None: it recovers), and whether one of them panics
        // for a reason of its own (then it is never proven).
        let mut defs: Vec<Vec<Option<(PanicAnalyzer<'_>, Node<'_>)>>> = Vec::new();
        let mut hopeless: Vec<bool> = Vec::new();
        let mut work = vec![root.to_string()];
        while let Some(k) = work.pop() {
            if memo.contains_key(&k) || index.contains_key(&k) {
                continue;
            }
            index.insert(k.clone(), keys.len());
            let mut ds = Vec::new();
            let mut local_panic = false;
            for &d in self.defs.get(&k).map(Vec::as_slice).unwrap_or_default() {
                let Some((file, func)) = self.declared_in(d, scratch) else {
                    // A body that cannot be read again, or is too deep to check:
                    // nothing is proven of the key.
                    local_panic = true;
                    continue;
                };
                if !func.recovers.is_empty() {
                    ds.push(None);
                    continue;
                }
                // The receiver is assumed not nil on entry (each call checks it),
                // and stays so until the method writes it.
                let a = PanicAnalyzer::for_summary(file, view, &func, &state);
                *state.collected.borrow_mut() = Some(Vec::new());
                local_panic |= a.first_may_panic(func.body).is_some();
                let calls = state.collected.borrow_mut().take().unwrap_or_default();
                work.extend(calls.into_iter().rev());
                ds.push(Some((a, func.body)));
            }
            keys.push(k);
            hopeless.push(local_panic || ds.is_empty() || ds.iter().any(Option::is_none));
            defs.push(ds);
        }

        // 2. The least fixpoint: callees were discovered after their callers, so go
        //    backwards to need few rounds.
        let mut proven = vec![false; keys.len()];
        loop {
            let mut changed = false;
            for i in (0..keys.len()).rev() {
                if proven[i] || hopeless[i] {
                    continue;
                }
                let ok = defs[i]
                    .iter()
                    .flatten()
                    .all(|(a, body)| a.first_may_panic(*body).is_none());
                if ok {
                    proven[i] = true;
                    state.proven.borrow_mut().insert(keys[i].clone());
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }

        // 3. Reasons: the first possible panic of the first unproven definition, either
        //    a cause of its own or a call to another unproven key of this computation.
        enum Why {
            Cause(String),
            Calls(usize),
            Unknown,
        }
        let why: Vec<Why> = (0..keys.len())
            .map(|i| {
                if proven[i] {
                    return Why::Unknown;
                }
                for d in &defs[i] {
                    let Some((a, body)) = d else {
                        return Why::Cause(RECOVERS.to_string());
                    };
                    *state.last_call.borrow_mut() = None;
                    if let Some(p) = a.first_may_panic(*body) {
                        let callee = state.last_call.borrow_mut().take();
                        let j = callee
                            .filter(|_| p.on_package_call)
                            .and_then(|c| index.get(&c).copied())
                            .filter(|&j| !defs[j].is_empty());
                        return match j {
                            Some(j) => Why::Calls(j),
                            None => Why::Cause(p.cause),
                        };
                    }
                }
                Why::Unknown
            })
            .collect();
        let reason = |start: usize| -> Option<String> {
            let mut seen = HashSet::new();
            let mut i = start;
            loop {
                if !seen.insert(i) {
                    return Some(RECURSIVE.to_string());
                }
                match &why[i] {
                    Why::Cause(c) => return Some(c.clone()),
                    Why::Calls(j) => i = *j,
                    Why::Unknown => return None,
                }
            }
        };
        (0..keys.len())
            .map(|i| {
                let s = if proven[i] {
                    Summary::NoPanic
                } else {
                    Summary::MayPanic(reason(i))
                };
                (keys[i].clone(), s)
            })
            .collect()
    }
}

/// A file made of a declaration's file header (package clause and imports) and the
/// declaration, parsed: the declaration starts at `header.len() + 1`.
fn parse_alone(path: &Path, (header, decl): (&str, &str)) -> SourceFile {
    let mut alone = String::with_capacity(header.len() + 1 + decl.len());
    alone.push_str(header);
    alone.push('\n');
    alone.push_str(decl);
    SourceFile::parse(path, alone)
}

/// A function or method declaration of the package.
struct Decl {
    /// Index in `files`.
    file: usize,
    /// End of the file's package clause and imports before the declaration.
    header: usize,
    range: std::ops::Range<usize>,
    /// The declaration parsed alone, for a file parsed for its declarations only
    /// (None when its text could not be read again).
    alone: OnceLock<Option<Box<SourceFile>>>,
}

/// What the analyzer consults while summaries are computed.
pub struct State<'m> {
    memo: &'m HashMap<String, Summary>,
    /// Keys of this computation proven so far.
    proven: RefCell<HashSet<String>>,
    /// During discovery: the package calls met, each treated as panic-free.
    collected: RefCell<Option<Vec<String>>>,
    /// The last package call found to possibly panic.
    last_call: RefCell<Option<String>>,
}

impl State<'_> {
    /// What a call to `key` is: None when it is treated as panic-free, else the
    /// reason known for it (None when there is none yet).
    pub(crate) fn call(&self, key: &str) -> Option<Option<String>> {
        if let Some(calls) = self.collected.borrow_mut().as_mut() {
            calls.push(key.to_string());
            return None;
        }
        if self.proven.borrow().contains(key) {
            return None;
        }
        match self.memo.get(key) {
            Some(Summary::NoPanic) => None,
            Some(Summary::MayPanic(r)) => {
                *self.last_call.borrow_mut() = None;
                Some(r.clone())
            }
            None => {
                *self.last_call.borrow_mut() = Some(key.to_string());
                Some(None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::PackageView;

    /// Files "on disk" in memory.
    struct Files(HashMap<std::path::PathBuf, String>);

    impl SourceReader for Files {
        fn read(&self, path: &Path, len: usize, range: Range<usize>) -> Option<Vec<u8>> {
            let text = self.0.get(path).filter(|t| t.len() == len)?;
            text.as_bytes().get(range).map(<[u8]>::to_vec)
        }
    }

    const A: &str = "package p\n\nimport \"fmt\"\n\nfunc F() int { return G() }\n\nfunc G() int { return 1 }\n\nfunc H(s []int) int { return s[0] }\n\nfunc R() {\n\tfmt.Println()\n\tR()\n}\n";

    fn view(files: Option<Files>) -> PackageView {
        let file = Arc::new(SourceFile::parse_declarations("a.go", A.to_string()));
        assert!(file.partial);
        let mut b = PackageView::builder(&[]);
        match files {
            Some(files) => {
                b.read_through(Arc::new(files));
                b.add_on_disk(&file);
            }
            None => b.add(&file),
        }
        b.finish()
    }

    /// A view that reads its files again answers as one that kept their texts.
    #[test]
    fn reading_the_files_again_gives_the_same_summaries() {
        let kept = view(None);
        let on_disk = view(Some(Files(HashMap::from([("a.go".into(), A.to_string())]))));
        for key in ["F", "G", "H", "R"] {
            assert_eq!(kept.summary(key), on_disk.summary(key), "{key}");
        }
        assert_eq!(on_disk.summary("F"), Summary::NoPanic);
        assert!(matches!(on_disk.summary("H"), Summary::MayPanic(Some(_))));
    }

    /// A file that changed since (another length) proves nothing.
    #[test]
    fn a_changed_file_proves_nothing() {
        let changed = format!("{A}\n");
        let view = view(Some(Files(HashMap::from([("a.go".into(), changed)]))));
        assert_eq!(view.summary("G"), Summary::MayPanic(None));
    }
}
