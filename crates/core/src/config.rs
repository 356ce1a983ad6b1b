//! `defer-rewriter.toml`: the file format, and the settings the engine runs with.
//!
//! Unknown keys are errors that point at the key (TOML spans rendered by miette);
//! command-line flags are applied on top of the file by the caller.

use crate::pattern::CallPattern;
use miette::{Diagnostic as MietteDiagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The name of the config file looked up from the first path upwards.
pub const CONFIG_FILE_NAME: &str = "defer-rewriter.toml";

/// The file as written; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub go_version: Option<Spanned<String>>,
    pub skip_test_files: Option<bool>,
    pub exclude: Option<Vec<String>>,
    pub unsafe_fixes: Option<bool>,
    pub rules: Option<RulesSection>,
    #[serde(rename = "explicit-call")]
    pub explicit_call: Option<PatternsSection>,
    pub rollback: Option<RollbackSection>,
    pub safety: Option<SafetySection>,
    #[serde(default)]
    pub plugins: Vec<PluginSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSection {
    pub select: Option<Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternsSection {
    pub patterns: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollbackSection {
    pub strategy: Option<Spanned<String>>,
    pub patterns: Option<Vec<Spanned<String>>>,
    pub commit: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetySection {
    /// Calls into other packages the team knows not to panic:
    /// `"pkg/path.Func"`, `"(*pkg/path.Type).Method"`.
    pub no_panic: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginSection {
    pub path: Spanned<String>,
    /// Passed to the plugin as TOML text.
    pub config: Option<toml::Table>,
}

/// A config file that could not be read or is invalid, with the location.
#[derive(Debug, thiserror::Error, MietteDiagnostic)]
#[error("{message}")]
#[diagnostic(code(config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// The rollback strategies of DESIGN §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollbackStrategy {
    IfErr,
    Flag,
    Off,
}

impl RollbackStrategy {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "if-err" => Some(RollbackStrategy::IfErr),
            "flag" => Some(RollbackStrategy::Flag),
            "off" => Some(RollbackStrategy::Off),
            _ => None,
        }
    }
}

/// A Go release, `major.minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GoVersion {
    pub major: u32,
    pub minor: u32,
}

impl GoVersion {
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().trim_start_matches("go");
        let mut parts = s.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().unwrap_or("0").parse().ok()?;
        Some(GoVersion { major, minor })
    }
}

impl std::fmt::Display for GoVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A plugin to load, its path resolved against the config file's folder.
#[derive(Debug, Clone)]
pub struct PluginSpec {
    pub path: PathBuf,
    pub config: Option<String>,
}

/// What the engine and the rules run with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub go_version: GoVersion,
    pub skip_test_files: bool,
    pub exclude: Vec<String>,
    pub unsafe_fixes: bool,
    /// Rule codes or names; `ALL` selects every rule.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub explicit_call: Vec<CallPattern>,
    pub rollback_strategy: RollbackStrategy,
    pub rollback: Vec<CallPattern>,
    pub commit: Vec<CallPattern>,
    /// Extra allowlist of panic-free calls into other packages (`[safety] no_panic`).
    pub no_panic: Vec<String>,
    /// Add the chain of reasoning behind each fix's safety to its diagnostic.
    pub explain_safety: bool,
    pub plugins: Vec<PluginSpec>,
}

pub const DEFAULT_EXPLICIT_CALL: &[&str] = &["$X.Unlock()", "$X.RUnlock()"];
pub const DEFAULT_EXCLUDE: &[&str] =
    &["vendor/**", "**/vendor/**", "testdata/**", "**/testdata/**"];

impl Default for Settings {
    fn default() -> Self {
        let compile = |ps: &[&str]| {
            ps.iter()
                .map(|p| CallPattern::parse(p).expect("built-in pattern"))
                .collect()
        };
        Settings {
            go_version: GoVersion {
                major: 1,
                minor: 22,
            },
            skip_test_files: false,
            exclude: DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect(),
            unsafe_fixes: false,
            select: vec!["ALL".to_string()],
            ignore: Vec::new(),
            explicit_call: compile(DEFAULT_EXPLICIT_CALL),
            rollback_strategy: RollbackStrategy::IfErr,
            rollback: compile(&["$TX.Rollback()"]),
            commit: compile(&["$TX.Commit()"]),
            no_panic: Vec::new(),
            explain_safety: false,
            plugins: Vec::new(),
        }
    }
}

impl Settings {
    /// Is the rule with this code and name selected?
    pub fn rule_enabled(&self, code: &str, name: &str) -> bool {
        let hit = |list: &[String]| {
            list.iter()
                .any(|s| s == "ALL" || s.eq_ignore_ascii_case(code) || s == name)
        };
        hit(&self.select)
            && !self
                .ignore
                .iter()
                .any(|s| s.eq_ignore_ascii_case(code) || s == name)
    }

    /// Read `path` and apply it on top of `self`.
    pub fn load_file(&mut self, path: &Path) -> Result<(), Box<ConfigError>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Box::new(ConfigError {
                message: format!("cannot read config file {}: {e}", path.display()),
                src: NamedSource::new(path.display().to_string(), String::new()),
                span: None,
                label: String::new(),
                help: None,
            })
        })?;
        self.apply_toml(path, &text)
    }

    /// Parse `text` (the contents of `path`) and apply it on top of `self`.
    pub fn apply_toml(&mut self, path: &Path, text: &str) -> Result<(), Box<ConfigError>> {
        let error = |message: String,
                     span: Option<std::ops::Range<usize>>,
                     label: &str,
                     help: Option<String>| {
            Box::new(ConfigError {
                message,
                src: NamedSource::new(path.display().to_string(), text.to_string()),
                span: span.map(|r| SourceSpan::from(r.start..r.end)),
                label: label.to_string(),
                help,
            })
        };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            let label = if msg.starts_with("unknown field") {
                "unknown key"
            } else {
                "here"
            };
            error(
                msg,
                e.span(),
                label,
                Some(format!(
                    "see the keys documented in the README for {CONFIG_FILE_NAME}"
                )),
            )
        })?;
        let patterns = |list: &[Spanned<String>]| -> Result<Vec<CallPattern>, Box<ConfigError>> {
            list.iter()
                .map(|p| {
                    CallPattern::parse(p.get_ref())
                        .map_err(|e| error(e.to_string(), Some(p.span()), "invalid pattern", None))
                })
                .collect()
        };
        if let Some(v) = &file.go_version {
            self.go_version = GoVersion::parse(v.get_ref()).ok_or_else(|| {
                error(
                    format!("invalid go_version `{}`", v.get_ref()),
                    Some(v.span()),
                    "expected e.g. \"1.22\"",
                    None,
                )
            })?;
        }
        if let Some(v) = file.skip_test_files {
            self.skip_test_files = v;
        }
        if let Some(v) = file.exclude {
            self.exclude = v;
        }
        if let Some(v) = file.unsafe_fixes {
            self.unsafe_fixes = v;
        }
        if let Some(rules) = &file.rules {
            if let Some(v) = &rules.select {
                self.select = v.iter().map(|s| s.get_ref().clone()).collect();
            }
            if let Some(v) = &rules.ignore {
                self.ignore = v.iter().map(|s| s.get_ref().clone()).collect();
            }
        }
        if let Some(Some(list)) = file.explicit_call.as_ref().map(|s| &s.patterns) {
            self.explicit_call = patterns(list)?;
        }
        if let Some(rb) = &file.rollback {
            if let Some(s) = &rb.strategy {
                self.rollback_strategy = RollbackStrategy::parse(s.get_ref()).ok_or_else(|| {
                    error(
                        format!("unknown rollback strategy `{}`", s.get_ref()),
                        Some(s.span()),
                        "expected \"if-err\", \"flag\" or \"off\"",
                        None,
                    )
                })?;
            }
            if let Some(list) = &rb.patterns {
                self.rollback = patterns(list)?;
            }
            if let Some(list) = &rb.commit {
                self.commit = patterns(list)?;
            }
        }
        if let Some(list) = file.safety.as_ref().and_then(|s| s.no_panic.as_ref()) {
            for entry in list {
                let e = entry.get_ref();
                let plain = crate::allowlist::normalize(e);
                let ok = plain.rsplit_once('.').is_some_and(|(pkg, name)| {
                    !pkg.is_empty() && !name.is_empty() && !name.contains(['(', ')', '*', ' '])
                });
                if !ok {
                    return Err(error(
                        format!("invalid no_panic entry `{e}`"),
                        Some(entry.span()),
                        "expected \"pkg/path.Func\" or \"(*pkg/path.Type).Method\"",
                        None,
                    ));
                }
                self.no_panic.push(plain);
            }
        }
        let base = path.parent().unwrap_or(Path::new("."));
        for plugin in &file.plugins {
            self.plugins.push(PluginSpec {
                path: base.join(plugin.path.get_ref()),
                config: plugin.config.as_ref().map(|t| t.to_string()),
            });
        }
        Ok(())
    }
}

/// Find `defer-rewriter.toml` in `start` or the nearest folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() {
        start.parent()?
    } else {
        start
    };
    let abs = std::path::absolute(start).ok()?;
    abs.ancestors()
        .map(|d| d.join(CONFIG_FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str) -> Result<Settings, Box<ConfigError>> {
        let mut s = Settings::default();
        s.apply_toml(Path::new("defer-rewriter.toml"), text)?;
        Ok(s)
    }

    #[test]
    fn design_example_parses() {
        let s = apply(
            r#"
go_version = "1.22"
skip_test_files = true
exclude = ["vendor/**", "**/testdata/**"]
unsafe_fixes = false

[rules]
select = ["ALL"]
ignore = ["DR005"]

[explicit-call]
patterns = ["$X.Unlock()", "$X.RUnlock()", "$S.End()"]

[rollback]
strategy = "flag"
patterns = ["$TX.Rollback()"]
commit = ["$TX.Commit()"]

[safety]
no_panic = ["example.com/metrics.Inc", "(*example.com/pool.Pool).Get"]

[[plugins]]
path = "plugins/libteam_rules.so"
"#,
        )
        .unwrap();
        assert!(s.skip_test_files);
        assert_eq!(s.explicit_call.len(), 3);
        assert_eq!(s.rollback_strategy, RollbackStrategy::Flag);
        assert!(!s.rule_enabled("DR005", "defer-in-loop"));
        assert!(s.rule_enabled("DR001", "explicit-call"));
        assert_eq!(s.plugins[0].path, Path::new("plugins/libteam_rules.so"));
        assert_eq!(
            s.no_panic,
            vec!["example.com/metrics.Inc", "example.com/pool.Pool.Get"]
        );
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let text = "skip_test_files = true\n[explicit-call]\npaterns = [\"$X.Unlock()\"]\n";
        let err = apply(text).unwrap_err();
        assert!(
            err.message.contains("unknown field `paterns`"),
            "{}",
            err.message
        );
        let span = err.span.unwrap();
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "paterns");
    }

    #[test]
    fn bad_pattern_points_at_the_pattern() {
        let text = "[explicit-call]\npatterns = [\"mu.Unlock\"]\n";
        let err = apply(text).unwrap_err();
        assert!(
            err.message.contains("must be a call expression"),
            "{}",
            err.message
        );
        let span = err.span.unwrap();
        assert_eq!(
            &text[span.offset()..span.offset() + span.len()],
            "\"mu.Unlock\""
        );
    }

    #[test]
    fn go_version_forms() {
        assert_eq!(
            GoVersion::parse("1.22"),
            Some(GoVersion {
                major: 1,
                minor: 22
            })
        );
        assert_eq!(
            GoVersion::parse("go1.13"),
            Some(GoVersion {
                major: 1,
                minor: 13
            })
        );
        assert_eq!(GoVersion::parse("x"), None);
        assert!(apply("go_version = \"one\"").is_err());
    }
}
