//! Plain Rust data on both sides of the boundary: what a check reports, and the
//! enumerations of the facts a check receives.

use crate::abi;
use std::ops::Range;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// How a fix may be applied (as in the host: Safe by default, Unsafe with
/// `--unsafe-fixes`, DisplayOnly never).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    Safe,
    Unsafe,
    DisplayOnly,
}

/// Whether a check can offer fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// Replace the bytes `range` of the file with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// Edits applied all-or-nothing, with the sentence saying why they are Safe or Unsafe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
    pub safety: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    pub severity: Severity,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A warning at `span`.
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            message: message.into(),
            help: None,
            severity: Severity::Warning,
            fix: None,
        }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// A check a plugin provides: its code, name and documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Stable code, e.g. `SE001`; must not be a built-in rule's code.
    pub code: String,
    /// Kebab-case name, e.g. `span-not-ended`.
    pub name: String,
    /// One line: what it finds.
    pub summary: String,
    /// Full documentation (What it does / Why is this bad? / Example / Fix safety).
    pub docs: String,
    pub fix: FixAvailability,
}

/// What kind of function a [`FunctionFact`](crate::abi::FunctionFact) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    Declaration,
    Method,
    Literal,
}

/// How an exit leaves the function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    Return,
    FallThrough,
    Panic,
    ProcessExit,
    Goexit,
}

impl Severity {
    pub fn to_abi(self) -> u8 {
        match self {
            Severity::Info => abi::SEVERITY_INFO,
            Severity::Warning => abi::SEVERITY_WARNING,
            Severity::Error => abi::SEVERITY_ERROR,
        }
    }
    pub fn from_abi(v: u8) -> Option<Self> {
        match v {
            abi::SEVERITY_INFO => Some(Severity::Info),
            abi::SEVERITY_WARNING => Some(Severity::Warning),
            abi::SEVERITY_ERROR => Some(Severity::Error),
            _ => None,
        }
    }
}

impl Applicability {
    pub fn to_abi(self) -> u8 {
        match self {
            Applicability::Safe => abi::FIX_SAFE,
            Applicability::Unsafe => abi::FIX_UNSAFE,
            Applicability::DisplayOnly => abi::FIX_DISPLAY_ONLY,
        }
    }
    /// `Ok(None)` for [`abi::FIX_NONE`].
    pub fn from_abi(v: u8) -> Result<Option<Self>, u8> {
        match v {
            abi::FIX_NONE => Ok(None),
            abi::FIX_SAFE => Ok(Some(Applicability::Safe)),
            abi::FIX_UNSAFE => Ok(Some(Applicability::Unsafe)),
            abi::FIX_DISPLAY_ONLY => Ok(Some(Applicability::DisplayOnly)),
            other => Err(other),
        }
    }
}

impl FixAvailability {
    pub fn to_abi(self) -> u8 {
        match self {
            FixAvailability::None => abi::AVAILABILITY_NONE,
            FixAvailability::Sometimes => abi::AVAILABILITY_SOMETIMES,
            FixAvailability::Always => abi::AVAILABILITY_ALWAYS,
        }
    }
    pub fn from_abi(v: u8) -> Option<Self> {
        match v {
            abi::AVAILABILITY_NONE => Some(FixAvailability::None),
            abi::AVAILABILITY_SOMETIMES => Some(FixAvailability::Sometimes),
            abi::AVAILABILITY_ALWAYS => Some(FixAvailability::Always),
            _ => None,
        }
    }
}

impl FunctionKind {
    pub fn to_abi(self) -> u8 {
        match self {
            FunctionKind::Declaration => abi::FUNCTION_DECLARATION,
            FunctionKind::Method => abi::FUNCTION_METHOD,
            FunctionKind::Literal => abi::FUNCTION_LITERAL,
        }
    }
    pub fn from_abi(v: u8) -> Option<Self> {
        match v {
            abi::FUNCTION_DECLARATION => Some(FunctionKind::Declaration),
            abi::FUNCTION_METHOD => Some(FunctionKind::Method),
            abi::FUNCTION_LITERAL => Some(FunctionKind::Literal),
            _ => None,
        }
    }
}

impl ExitKind {
    pub fn to_abi(self) -> u8 {
        match self {
            ExitKind::Return => abi::EXIT_RETURN,
            ExitKind::FallThrough => abi::EXIT_FALL_THROUGH,
            ExitKind::Panic => abi::EXIT_PANIC,
            ExitKind::ProcessExit => abi::EXIT_PROCESS_EXIT,
            ExitKind::Goexit => abi::EXIT_GOEXIT,
        }
    }
    pub fn from_abi(v: u8) -> Option<Self> {
        match v {
            abi::EXIT_RETURN => Some(ExitKind::Return),
            abi::EXIT_FALL_THROUGH => Some(ExitKind::FallThrough),
            abi::EXIT_PANIC => Some(ExitKind::Panic),
            abi::EXIT_PROCESS_EXIT => Some(ExitKind::ProcessExit),
            abi::EXIT_GOEXIT => Some(ExitKind::Goexit),
            _ => None,
        }
    }
}
