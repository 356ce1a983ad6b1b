//! The rule trait: what every built-in rule (and, through the plugin boundary,
//! every plugin check) implements.

use crate::config::Settings;
use crate::cost::{Build, DeferCost};
use crate::diagnostic::Diagnostic;
use crate::model::FileModel;
use crate::model::Function;
use crate::package::PackageView;
use crate::panic::LocalTypes;
use crate::source::SourceFile;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

/// Whether a rule can offer fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// Everything a rule may look at for one file. Rules never open files or print.
pub struct FileContext<'a> {
    pub file: &'a SourceFile,
    pub model: &'a FileModel<'a>,
    pub package: &'a PackageView,
    pub settings: &'a Settings,
    /// What several rules ask of the same file, computed once: see
    /// [`FileContext::removed`] and [`FileContext::defer_costs`].
    pub memo: FileMemo,
}

/// A function of the file's model: its node's id and byte range.
type FunctionKey = (usize, usize, usize);

/// Per-file answers shared between rules (filled on first use).
#[derive(Default)]
pub struct FileMemo {
    removed: OnceLock<Vec<(Range<usize>, String)>>,
    costs: OnceLock<Vec<Vec<DeferCost>>>,
    /// Typed locals by function (node id and byte range).
    locals: Mutex<HashMap<FunctionKey, Arc<LocalTypes>>>,
    /// Locals that escape, by function (same keys as `locals`).
    escaping: Mutex<HashMap<FunctionKey, Arc<HashSet<String>>>>,
    /// The file's imports (name → path).
    imports: OnceLock<Arc<HashMap<String, String>>>,
}

impl FileContext<'_> {
    /// The code the compiler removes from this file for the configured Go version
    /// ([`crate::consts::removed_in_file`]).
    pub fn removed(&self) -> &[(Range<usize>, String)] {
        self.memo.removed.get_or_init(|| {
            crate::consts::removed_in_file(self.file, self.model, self.settings.go_version)
        })
    }

    /// The typed locals of `func`, a function of this file
    /// (`LocalTypes::collect_typed(func, &file.text, Some(package))`), collected
    /// once per function of the model and shared by the rules that ask.
    pub fn typed_locals(&self, func: &Function<'_>) -> Arc<LocalTypes> {
        self.per_function(&self.memo.locals, func, || {
            LocalTypes::collect_typed(func, &self.file.text, Some(self.package))
        })
    }

    /// [`crate::rewrite::escaping_locals`] of `func`, a function of this file, with
    /// its [`FileContext::typed_locals`]: computed once per function of the model.
    pub fn escaping_locals(&self, func: &Function<'_>) -> Arc<HashSet<String>> {
        self.per_function(&self.memo.escaping, func, || {
            let locals = self.typed_locals(func);
            crate::rewrite::escaping_locals(func, &self.file.text, &locals, self.package)
        })
    }

    /// `compute()` for `func`, kept in `memo` when `func` is a function of this
    /// file's model (not of another tree, whose nodes could have the same ids).
    /// (The lock is not held while computing: `compute` may ask another memo.)
    fn per_function<T>(
        &self,
        memo: &Mutex<HashMap<FunctionKey, Arc<T>>>,
        func: &Function<'_>,
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let node = func.node;
        let key = (node.id(), node.start_byte(), node.end_byte());
        let lock = || memo.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(&key) {
            return Arc::clone(found);
        }
        let value = Arc::new(compute());
        let ours = self
            .model
            .functions
            .iter()
            .any(|f| f.node.id() == node.id() && f.node.byte_range() == node.byte_range());
        if ours {
            lock().entry(key).or_insert_with(|| Arc::clone(&value));
        }
        value
    }

    /// The file's imports, name → path ([`crate::panic::imports_of`]; a name
    /// imported twice: the later path).
    pub fn import_map(&self) -> Arc<HashMap<String, String>> {
        Arc::clone(
            self.memo.imports.get_or_init(|| {
                Arc::new(crate::panic::imports_of(self.file).into_iter().collect())
            }),
        )
    }

    /// The regime of every defer of the function at `index` in `model.functions`, for
    /// a build without -race ([`crate::cost::defer_costs`]).
    pub fn defer_costs(&self, index: usize) -> &[DeferCost] {
        let all = self.memo.costs.get_or_init(|| {
            let build = Build {
                go: self.settings.go_version,
                race: false,
            };
            let removed = self.removed();
            let decls = crate::cost::FileDecls::new(self.file);
            self.model
                .functions
                .iter()
                .map(|f| crate::cost::defer_costs(self.file, &decls, f, build, removed))
                .collect()
        });
        all.get(index).map_or(&[], Vec::as_slice)
    }
}

pub trait Rule: Send + Sync {
    /// Stable code, e.g. `DR001`.
    fn code(&self) -> &str;
    /// Kebab-case name, e.g. `explicit-call`.
    fn name(&self) -> &str;
    /// One line: what it finds.
    fn summary(&self) -> &str;
    /// Full documentation (What it does / Why is this bad? / Example / Fix safety).
    fn docs(&self) -> &str;
    fn fix_availability(&self) -> FixAvailability;
    /// Texts of which at least one must occur in a file for the rule to report
    /// anything there: files with none are not even parsed (the prefilter).
    fn needles(&self) -> &'static [&'static str] {
        &["defer"]
    }
    /// Whether the rule reports only inside a top-level declaration (a function, a
    /// method, or a package-level initializer) whose own text holds one of its
    /// needles, and sees the bodies of other declarations only through the package
    /// view. When every selected rule says so, `--mode analyze` parses the bodies that
    /// hold a needle and leaves the others out ([`crate::Engine::partial_plan`],
    /// [`SourceFile::parse_kept`]).
    fn needles_are_local(&self) -> bool {
        true
    }
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>);
}
