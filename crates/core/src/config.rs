//! `defer-rewriter.toml`: the file format, and the settings the engine runs with.
//!
//! Unknown keys are errors that point at the key (TOML spans rendered by miette);
//! command-line flags are applied on top of the file by the caller.

use crate::pattern::CallPattern;
use miette::{Diagnostic as MietteDiagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The name of the config file looked up from each directory upwards.
pub const CONFIG_FILE_NAME: &str = "defer-rewriter.toml";

/// The file as written; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Another config file (relative to this one) whose settings apply first.
    pub extend: Option<Spanned<String>>,
    pub go_version: Option<Spanned<String>>,
    pub skip_test_files: Option<bool>,
    pub exclude: Option<Vec<Spanned<String>>>,
    pub unsafe_fixes: Option<bool>,
    pub rules: Option<RulesSection>,
    #[serde(rename = "explicit-call")]
    pub explicit_call: Option<PatternsSection>,
    pub rollback: Option<RollbackSection>,
    pub safety: Option<SafetySection>,
    pub profile: Option<ProfileSection>,
    pub cache: Option<CacheSection>,
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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSection {
    /// A CPU profile (relative to the config file), or `"auto"`.
    pub path: Option<Spanned<String>>,
    /// `"1%"`, `1`, `0.5`.
    pub hot_threshold: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSection {
    /// Reuse the results of packages whose files did not change (default true).
    pub enabled: Option<bool>,
    /// Where the results are kept (relative to the config file).
    pub dir: Option<Spanned<String>>,
}

/// Where the CPU profile comes from (`--profile`, `[profile] path`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSource {
    File(PathBuf),
    /// The `default.pgo` files of the main packages under the walked tree.
    Auto,
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

/// An `exclude` glob, and the folder of the config file that wrote it (None for the
/// built-in defaults and `--exclude`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcludeGlob {
    pub glob: String,
    pub base: Option<PathBuf>,
}

impl ExcludeGlob {
    pub fn new(glob: impl Into<String>, base: Option<PathBuf>) -> Self {
        ExcludeGlob {
            glob: glob.into(),
            base,
        }
    }
}

/// The globs an `exclude` entry is matched as: a glob without a `/` matches a name at
/// any depth (as in `.gitignore`). An invalid glob is an error naming its problem.
pub fn exclude_forms(raw: &str) -> Result<Vec<globset::Glob>, String> {
    let p = raw.trim().trim_start_matches("./");
    let forms: Vec<String> = if p.contains('/') {
        vec![p.to_string()]
    } else {
        vec![p.to_string(), format!("**/{p}")]
    };
    forms
        .iter()
        .map(|form| {
            globset::GlobBuilder::new(form)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid exclude glob `{raw}`: {}", e.kind()))
        })
        .collect()
}

/// Which list of `[rules]` an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleList {
    Select,
    Ignore,
}

impl RuleList {
    /// The key of the list in `[rules]`.
    pub fn key(self) -> &'static str {
        match self {
            RuleList::Select => "select",
            RuleList::Ignore => "ignore",
        }
    }
}

/// Where a `select` or `ignore` entry was written.
#[derive(Debug, Clone)]
pub enum EntryOrigin {
    /// In a config file: its path and text, and the entry's byte span (quotes included).
    File {
        path: PathBuf,
        text: Arc<str>,
        span: Range<usize>,
    },
    /// On the command line, by the flag that gave it (e.g. `--select`).
    Flag(String),
}

/// A `select` or `ignore` entry as written, to be checked against the rules once
/// every rule is known (plugin rules load after the settings are read).
#[derive(Debug, Clone)]
pub struct RuleEntry {
    pub list: RuleList,
    pub value: String,
    pub origin: EntryOrigin,
}

/// A `select` or `ignore` entry that names no rule, with a hint at what was meant.
#[derive(Debug, Clone)]
pub struct UnknownRule {
    pub entry: RuleEntry,
    pub help: String,
}

impl UnknownRule {
    /// `unknown rule `DR999` in `[rules] select``, for people.
    pub fn message(&self) -> String {
        format!(
            "unknown rule `{}` in `[rules] {}`",
            self.entry.value,
            self.entry.list.key()
        )
    }

    /// The error pointing at the entry in its config file; None for a flag's entry.
    pub fn config_error(&self) -> Option<ConfigError> {
        let EntryOrigin::File { path, text, span } = &self.entry.origin else {
            return None;
        };
        Some(ConfigError {
            message: self.message(),
            src: NamedSource::new(path.display().to_string(), text.to_string()),
            span: Some(SourceSpan::from(span.start..span.end)),
            label: "no rule has this code or name".to_string(),
            help: Some(self.help.clone()),
        })
    }
}

/// Is `value` (a `select` or `ignore` entry) `ALL` or the code (any case) or name
/// of one of `rules` (code, name)? The same test [`Settings::rule_enabled`] makes.
fn names_a_rule(value: &str, rules: &[(&str, &str)]) -> bool {
    value == "ALL"
        || rules
            .iter()
            .any(|(code, name)| value.eq_ignore_ascii_case(code) || value == *name)
}

/// What `value`, which names no rule, may have meant.
fn rule_hint(value: &str, rules: &[(&str, &str)]) -> String {
    let lower = value.to_ascii_lowercase();
    // The start of codes (or names): one is a typo; several, a prefix such as
    // `DR00`, which selects nothing (a rule is selected by its whole code or name).
    let starting = |code: bool| -> Vec<(&str, &str)> {
        rules
            .iter()
            .filter(|(c, n)| {
                let s = if code { c } else { n };
                !lower.is_empty() && s.to_ascii_lowercase().starts_with(&lower)
            })
            .map(|(c, n)| if code { (*c, *n) } else { (*n, *c) })
            .collect()
    };
    let mut prefixed = starting(true);
    if prefixed.is_empty() {
        prefixed = starting(false);
    }
    match prefixed.as_slice() {
        [] => {}
        [(one, other)] => return format!("did you mean `{one}` ({other})?"),
        several => {
            let listed: Vec<String> = several.iter().map(|(s, _)| format!("`{s}`")).collect();
            return format!(
                "rules are selected by their whole code or name, not by a prefix; `{value}` is the start of {}",
                listed.join(", ")
            );
        }
    }
    // The nearest codes or names (or `ALL`) by edit distance, when near enough to be
    // a typo; all of them on a tie (`DR0005` is as near to DR000 as to DR005).
    let mut candidates = vec![("ALL", "`ALL`".to_string())];
    for (code, name) in rules {
        candidates.push((code, format!("`{code}` ({name})")));
        candidates.push((name, format!("`{name}` ({code})")));
    }
    let scored: Vec<(usize, String)> = candidates
        .into_iter()
        .map(|(c, shown)| (strsim::levenshtein(&lower, &c.to_ascii_lowercase()), shown))
        .collect();
    let best = scored.iter().map(|(d, _)| *d).min();
    let near = (value.chars().count() / 3).max(2);
    match best {
        Some(d) if d <= near => {
            let mut nearest: Vec<&str> = Vec::new();
            for (_, shown) in scored.iter().filter(|(e, _)| *e == d) {
                if !nearest.contains(&shown.as_str()) {
                    nearest.push(shown);
                }
            }
            match nearest.split_last() {
                Some((last, [])) => format!("did you mean {last}?"),
                Some((last, rest)) => format!("did you mean {} or {last}?", rest.join(", ")),
                None => String::new(),
            }
        }
        _ => {
            let codes: Vec<&str> = rules.iter().map(|(code, _)| *code).collect();
            format!(
                "a rule is named by its code or name, or `ALL`; the codes are {}",
                codes.join(", ")
            )
        }
    }
}

/// The entries that name no rule of `rules` (code, name: the built-in rules and the
/// plugins' checks; the unused-suppression rule DR000 and `ALL` are known too), in
/// the order given.
pub fn unknown_rules<'a>(
    entries: &[RuleEntry],
    rules: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<UnknownRule> {
    let mut known: Vec<(&str, &str)> = vec![(
        crate::suppress::UNUSED_SUPPRESSION_CODE,
        crate::suppress::UNUSED_SUPPRESSION_NAME,
    )];
    known.extend(rules);
    entries
        .iter()
        .filter(|e| !names_a_rule(&e.value, &known))
        .map(|e| UnknownRule {
            entry: e.clone(),
            help: rule_hint(&e.value, &known),
        })
        .collect()
}

/// What the engine and the rules run with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub go_version: GoVersion,
    pub skip_test_files: bool,
    pub exclude: Vec<ExcludeGlob>,
    pub unsafe_fixes: bool,
    /// Rule codes or names; `ALL` selects every rule.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Every `select` and `ignore` entry of the config file and the flags, where it
    /// was written: see [`unknown_rules`].
    pub rule_entries: Vec<RuleEntry>,
    pub explicit_call: Vec<CallPattern>,
    pub rollback_strategy: RollbackStrategy,
    pub rollback: Vec<CallPattern>,
    pub commit: Vec<CallPattern>,
    /// Extra allowlist of panic-free calls into other packages (`[safety] no_panic`).
    pub no_panic: Vec<String>,
    /// Add the chain of reasoning behind each fix's safety to its diagnostic.
    pub explain_safety: bool,
    pub plugins: Vec<PluginSpec>,
    /// The CPU profile that ranks findings (`[profile] path`).
    pub profile: Option<ProfileSource>,
    /// Percent of the profile's samples a function needs for its fixes to be
    /// applied (`[profile] hot_threshold`).
    pub hot_threshold: Option<f64>,
    /// `[cache] enabled`: None when not set.
    pub cache_enabled: Option<bool>,
    /// `[cache] dir`, resolved against the config file's directory.
    pub cache_dir: Option<PathBuf>,
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
            exclude: DEFAULT_EXCLUDE
                .iter()
                .map(|s| ExcludeGlob::new(*s, None))
                .collect(),
            unsafe_fixes: false,
            select: vec!["ALL".to_string()],
            ignore: Vec::new(),
            rule_entries: Vec::new(),
            explicit_call: compile(DEFAULT_EXPLICIT_CALL),
            rollback_strategy: RollbackStrategy::IfErr,
            rollback: compile(&["$TX.Rollback()"]),
            commit: compile(&["$TX.Commit()"]),
            no_panic: Vec::new(),
            explain_safety: false,
            plugins: Vec::new(),
            profile: None,
            hot_threshold: None,
            cache_enabled: None,
            cache_dir: None,
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

    /// Read `path` and apply it on top of `self`, after the files it extends (each
    /// `extend` first, recursively). Returns the files applied, in the order applied.
    pub fn load_file(&mut self, path: &Path) -> Result<Vec<PathBuf>, Box<ConfigError>> {
        let mut chain = Chain::default();
        let text = read_config(path, None)?;
        self.apply_chain(path, &text, &mut chain)?;
        Ok(chain.applied)
    }

    /// Parse `text` (the contents of `path`) and apply it on top of `self`, after the
    /// files it extends.
    pub fn apply_toml(&mut self, path: &Path, text: &str) -> Result<(), Box<ConfigError>> {
        self.apply_chain(path, text, &mut Chain::default())
    }

    fn apply_chain(
        &mut self,
        path: &Path,
        text: &str,
        chain: &mut Chain,
    ) -> Result<(), Box<ConfigError>> {
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
        let identity = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        chain.open.push((identity(path), path.to_path_buf()));
        if let Some(extend) = &file.extend {
            let target = lexical_normalize(
                &path
                    .parent()
                    .unwrap_or(Path::new("."))
                    .join(extend.get_ref()),
            );
            let id = identity(&target);
            if let Some(at) = chain.open.iter().position(|(open, _)| *open == id) {
                let mut cycle: Vec<String> = chain.open[at..]
                    .iter()
                    .map(|(_, shown)| shown.display().to_string())
                    .collect();
                cycle.push(target.display().to_string());
                return Err(error(
                    format!(
                        "config files extend each other in a cycle: {}",
                        cycle.join(" -> ")
                    ),
                    Some(extend.span()),
                    "this closes the cycle",
                    Some("remove one `extend` of the cycle".to_string()),
                ));
            }
            let extended = read_config(
                &target,
                Some(&|reason: String| {
                    error(
                        format!(
                            "cannot read extended config file `{}`: {reason}",
                            target.display()
                        ),
                        Some(extend.span()),
                        "extended here",
                        Some(format!(
                            "`extend` is a path relative to the folder of {}",
                            path.display()
                        )),
                    )
                }),
            )?;
            self.apply_chain(&target, &extended, chain)?;
        }
        chain.open.pop();
        chain.applied.push(path.to_path_buf());
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
        let base = path.parent().unwrap_or(Path::new("."));
        if let Some(list) = &file.exclude {
            self.exclude = list
                .iter()
                .map(|g| {
                    exclude_forms(g.get_ref())
                        .map(|_| ExcludeGlob::new(g.get_ref().clone(), Some(base.to_path_buf())))
                        .map_err(|e| error(e, Some(g.span()), "invalid glob", None))
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(v) = file.unsafe_fixes {
            self.unsafe_fixes = v;
        }
        if let Some(rules) = &file.rules {
            let shared: Arc<str> = Arc::from(text);
            for (list, entries) in [
                (RuleList::Select, &rules.select),
                (RuleList::Ignore, &rules.ignore),
            ] {
                let Some(entries) = entries else {
                    continue;
                };
                let values = entries.iter().map(|s| s.get_ref().clone()).collect();
                match list {
                    RuleList::Select => self.select = values,
                    RuleList::Ignore => self.ignore = values,
                }
                self.rule_entries.extend(entries.iter().map(|s| RuleEntry {
                    list,
                    value: s.get_ref().clone(),
                    origin: EntryOrigin::File {
                        path: path.to_path_buf(),
                        text: Arc::clone(&shared),
                        span: s.span(),
                    },
                }));
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
        if let Some(section) = &file.profile {
            if let Some(p) = &section.path {
                self.profile = Some(if p.get_ref() == "auto" {
                    ProfileSource::Auto
                } else {
                    ProfileSource::File(base.join(p.get_ref()))
                });
            }
            if let Some(t) = &section.hot_threshold {
                let parsed = match t.get_ref() {
                    toml::Value::String(s) => crate::profile::parse_threshold(s),
                    toml::Value::Integer(i) => crate::profile::parse_threshold(&i.to_string()),
                    toml::Value::Float(f) => crate::profile::parse_threshold(&f.to_string()),
                    other => Err(format!("expected a percentage, got a {}", other.type_str())),
                };
                self.hot_threshold = Some(parsed.map_err(|e| {
                    error(
                        format!("invalid hot_threshold: {e}"),
                        Some(t.span()),
                        "expected \"1%\", \"0.5%\" or a number of percent",
                        None,
                    )
                })?);
            }
        }
        if let Some(section) = &file.cache {
            if let Some(enabled) = section.enabled {
                self.cache_enabled = Some(enabled);
            }
            if let Some(dir) = &section.dir {
                self.cache_dir = Some(base.join(dir.get_ref()));
            }
        }
        for plugin in &file.plugins {
            self.plugins.push(PluginSpec {
                path: base.join(plugin.path.get_ref()),
                config: plugin.config.as_ref().map(|t| t.to_string()),
            });
        }
        Ok(())
    }
}

/// The config files being applied (to find a cycle of `extend`), and those applied.
#[derive(Default)]
struct Chain {
    /// The files whose `extend` is being followed: (identity, path as shown).
    open: Vec<(PathBuf, PathBuf)>,
    applied: Vec<PathBuf>,
}

/// The text of the config file `path`; an error that cannot be read is made by
/// `extended` when the file is named by an `extend`.
fn read_config(
    path: &Path,
    extended: Option<&dyn Fn(String) -> Box<ConfigError>>,
) -> Result<String, Box<ConfigError>> {
    let reason = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => "it is a directory".to_string(),
        _ => match std::fs::read_to_string(path) {
            Ok(text) => return Ok(text),
            Err(e) => {
                let s = e.to_string();
                s.find(" (os error")
                    .map_or(s.clone(), |i| s[..i].to_string())
            }
        },
    };
    Err(match extended {
        Some(make) => make(reason),
        None => Box::new(ConfigError {
            message: format!("cannot read config file {}: {reason}", path.display()),
            src: NamedSource::new(path.display().to_string(), String::new()),
            span: None,
            label: String::new(),
            help: None,
        }),
    })
}

/// `a/b/../c` → `a/c`, without asking the file system (a `..` after a symlink is
/// taken as written, as Go and the shell's `cd` do).
pub fn lexical_normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
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
            s.exclude,
            vec![
                ExcludeGlob::new("vendor/**", Some(PathBuf::new())),
                ExcludeGlob::new("**/testdata/**", Some(PathBuf::new())),
            ]
        );
        assert_eq!(
            s.no_panic,
            vec!["example.com/metrics.Inc", "example.com/pool.Pool.Get"]
        );
    }

    #[test]
    fn cache_section() {
        let s = apply("[cache]\nenabled = false\ndir = \"build/cache\"\n").unwrap();
        assert_eq!(s.cache_enabled, Some(false));
        assert!(s.cache_dir.is_some_and(|d| d.ends_with("build/cache")));
        assert!(apply("[cache]\nsize = 1\n").is_err());
        assert!(apply("[cache]\nenabled = \"yes\"\n").is_err());
    }

    #[test]
    fn profile_section() {
        let s = apply("[profile]\npath = \"prof/cpu.pprof\"\nhot_threshold = \"0.5%\"\n").unwrap();
        assert_eq!(
            s.profile,
            Some(ProfileSource::File(PathBuf::from("prof/cpu.pprof")))
        );
        assert_eq!(s.hot_threshold, Some(0.5));
        let s = apply("[profile]\npath = \"auto\"\nhot_threshold = 2\n").unwrap();
        assert_eq!(
            (s.profile, s.hot_threshold),
            (Some(ProfileSource::Auto), Some(2.0))
        );
        assert_eq!(
            apply("[profile]\nhot_threshold = 1.5\n")
                .unwrap()
                .hot_threshold,
            Some(1.5)
        );
        let err = apply("[profile]\nhot_threshold = \"hot\"\n").unwrap_err();
        assert!(err.to_string().contains("invalid hot_threshold"), "{err}");
        assert!(apply("[profile]\nthreshold = 1\n").is_err());
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

    const RULES: &[(&str, &str)] = &[
        ("DR001", "explicit-call"),
        ("DR002", "rollback-if-err"),
        ("TP001", "every-defer"),
    ];

    fn unknown(text: &str) -> Vec<(String, String, String)> {
        let s = apply(text).unwrap();
        unknown_rules(&s.rule_entries, RULES.iter().copied())
            .into_iter()
            .map(|u| {
                let e = u.config_error().unwrap();
                let span = e.span.unwrap();
                let at = text[span.offset()..span.offset() + span.len()].to_string();
                (e.message, at, u.help)
            })
            .collect()
    }

    #[test]
    fn rule_entries_that_name_no_rule_are_pointed_at() {
        let text = "[rules]\nselect = [\"DR001\", \"explicit-cal\"]\nignore = [\"dr002\", \"DR999\", \"DR00\", \"all\", \"Every-Defer\", \"DR0001\"]\n";
        let found = unknown(text);
        let want = [
            (
                "unknown rule `explicit-cal` in `[rules] select`",
                "\"explicit-cal\"",
                "did you mean `explicit-call` (DR001)?",
            ),
            (
                "unknown rule `DR999` in `[rules] ignore`",
                "\"DR999\"",
                "a rule is named by its code or name, or `ALL`; the codes are DR000, DR001, DR002, TP001",
            ),
            (
                "unknown rule `DR00` in `[rules] ignore`",
                "\"DR00\"",
                "rules are selected by their whole code or name, not by a prefix; `DR00` is the start of `DR000`, `DR001`, `DR002`",
            ),
            ("unknown rule `all` in `[rules] ignore`", "\"all\"", "did you mean `ALL`?"),
            (
                "unknown rule `Every-Defer` in `[rules] ignore`",
                "\"Every-Defer\"",
                "did you mean `every-defer` (TP001)?",
            ),
            (
                "unknown rule `DR0001` in `[rules] ignore`",
                "\"DR0001\"",
                "did you mean `DR000` (unused-suppression) or `DR001` (explicit-call)?",
            ),
        ];
        let found: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        assert_eq!(found, want);
        // Codes in any case, names, `ALL` and DR000 are known.
        assert!(
            unknown("[rules]\nselect = [\"ALL\", \"dr001\", \"every-defer\", \"DR000\"]\n")
                .is_empty()
        );
    }

    #[test]
    fn bad_exclude_glob_points_at_the_glob() {
        let text = "exclude = [\"gen/**\", \"a/[b\"]\n";
        let err = apply(text).unwrap_err();
        assert!(
            err.message.contains("invalid exclude glob `a/[b`"),
            "{}",
            err.message
        );
        let span = err.span.unwrap();
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "\"a/[b\"");
    }

    /// Files written under a fresh folder, for `extend`.
    fn files(list: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in list {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn extend_applies_the_parent_first_and_keeps_its_paths_relative_to_it() {
        let dir = files(&[
            (
                "defer-rewriter.toml",
                "skip_test_files = true\nunsafe_fixes = true\n[[plugins]]\npath = \"p.so\"\n",
            ),
            (
                "a/base.toml",
                "extend = \"../defer-rewriter.toml\"\nunsafe_fixes = false\nexclude = [\"gen/**\"]\n",
            ),
            ("a/b/defer-rewriter.toml", "extend = \"../base.toml\"\ngo_version = \"1.20\"\n"),
        ]);
        let root = dir.path();
        let mut s = Settings::default();
        let chain = s.load_file(&root.join("a/b/defer-rewriter.toml")).unwrap();
        assert_eq!(
            chain,
            vec![
                root.join("defer-rewriter.toml"),
                root.join("a/base.toml"),
                root.join("a/b/defer-rewriter.toml"),
            ]
        );
        assert!(s.skip_test_files);
        assert!(!s.unsafe_fixes);
        assert_eq!(s.go_version, GoVersion::parse("1.20").unwrap());
        assert_eq!(s.plugins[0].path, root.join("p.so"));
        assert_eq!(
            s.exclude,
            vec![ExcludeGlob::new("gen/**", Some(root.join("a")))]
        );
    }

    #[test]
    fn extend_cycle_is_an_error_at_the_extend() {
        let dir = files(&[
            ("a.toml", "extend = \"b.toml\"\n"),
            ("b.toml", "skip_test_files = true\nextend = \"./a.toml\"\n"),
        ]);
        let err = Settings::default()
            .load_file(&dir.path().join("a.toml"))
            .unwrap_err();
        assert!(err.message.contains("cycle"), "{}", err.message);
        assert!(err.message.ends_with("a.toml"), "{}", err.message);
        assert!(err.src.name().ends_with("b.toml"), "{}", err.src.name());
        let span = err.span.unwrap();
        let text = "skip_test_files = true\nextend = \"./a.toml\"\n";
        assert_eq!(
            &text[span.offset()..span.offset() + span.len()],
            "\"./a.toml\""
        );
        // A file extending itself is the shortest cycle.
        let dir = files(&[("c.toml", "extend = \"c.toml\"\n")]);
        let err = Settings::default()
            .load_file(&dir.path().join("c.toml"))
            .unwrap_err();
        assert!(err.message.contains("cycle"), "{}", err.message);
    }

    #[test]
    fn extend_of_a_missing_file_names_it_and_points_at_the_extend() {
        let dir = files(&[("a.toml", "go_version = \"1.21\"\nextend = \"nope.toml\"\n")]);
        let err = Settings::default()
            .load_file(&dir.path().join("a.toml"))
            .unwrap_err();
        assert!(
            err.message.contains("cannot read extended config file")
                && err.message.contains("nope.toml"),
            "{}",
            err.message
        );
        assert!(err.src.name().ends_with("a.toml"), "{}", err.src.name());
        let span = err.span.unwrap();
        assert_eq!(span.offset(), "go_version = \"1.21\"\nextend = ".len());
    }

    #[test]
    fn lexical_normalize_drops_dot_dot() {
        assert_eq!(
            lexical_normalize(Path::new("a/b/../c.toml")),
            PathBuf::from("a/c.toml")
        );
        assert_eq!(
            lexical_normalize(Path::new("./a/./b")),
            PathBuf::from("a/b")
        );
        assert_eq!(lexical_normalize(Path::new("../a")), PathBuf::from("../a"));
        assert_eq!(lexical_normalize(Path::new("/../a")), PathBuf::from("/a"));
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
