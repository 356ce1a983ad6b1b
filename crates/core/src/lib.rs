//! go-defer-rewriter core: the Go syntax model over tree-sitter-go, the rule trait,
//! diagnostics, fixes and the fix applier. Knows nothing of the command line.

pub mod allowlist;
pub mod config;
pub mod consts;
pub mod cost;
pub mod defer_checks;
pub mod diagnostic;
pub mod engine;
pub mod flow;
pub mod frames;
pub mod inline;
pub mod model;
pub mod operands;
pub mod package;
pub mod panic;
pub mod pattern;
pub mod profile;
pub mod program;
pub mod rewrite;
pub mod rule;
pub mod semantic;
pub mod skeleton;
pub mod source;
pub mod summary;
pub mod suppress;
pub mod syntax;
pub mod tx;

pub use config::Settings;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use engine::{Checked, Engine, FileProfile, FixOutcome};
pub use model::{Defer, Exit, ExitKind, FileModel, Function};
pub use package::PackageView;
pub use pattern::CallPattern;
pub use rule::{FileContext, FixAvailability, Rule};
pub use source::SourceFile;
pub use suppress::Suppressed;
pub use tree_sitter;

/// The standard library's source directory of the Go on PATH (`go env GOROOT`/src),
/// for tests that read real code; None without Go.
#[cfg(test)]
pub(crate) fn std_source_dir() -> Option<std::path::PathBuf> {
    std::process::Command::new("go")
        .args(["env", "GOROOT"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|root| std::path::Path::new(root.trim()).join("src"))
        .filter(|src| src.is_dir())
}
