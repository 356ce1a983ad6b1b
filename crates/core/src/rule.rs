//! The rule trait: what every built-in rule (and, through the plugin boundary,
//! every plugin check) implements.

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::model::FileModel;
use crate::package::PackageView;
use crate::source::SourceFile;

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
    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>);
}
