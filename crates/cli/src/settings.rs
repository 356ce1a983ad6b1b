//! Settings: defaults, then `defer-rewriter.toml`, then the flags, for each directory.
//!
//! As in ruff, each directory takes the nearest `defer-rewriter.toml` in it or above
//! it (with the files it extends), unless `--config FILE` names one for everything or
//! `--no-config` asks for none; the flags apply on top. Each config file is read once
//! per run: the directories that share it share one [`Profile`].

use crate::args::Cli;
use crate::walk::{DirRules, Excludes};
use gdr_core::config::{
    lexical_normalize, ConfigError, EntryOrigin, ExcludeGlob, RuleEntry, RuleList, CONFIG_FILE_NAME,
};
use gdr_core::{CallPattern, Settings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

pub enum Error {
    /// An invalid config file, with the location of the problem.
    Config(Box<ConfigError>),
    Message(String),
}

/// The settings of the directories that share a config file (or none).
pub struct Profile {
    /// Profiles are numbered in the order they were first needed.
    pub id: usize,
    pub settings: Settings,
    /// The config files applied, in the order applied (an extended file before the
    /// file that extends it); empty when none.
    pub chain: Vec<PathBuf>,
    /// How the config file was chosen, for `--show-settings`.
    pub source: &'static str,
    /// What each flag changed, for `--show-settings`.
    pub flags: Vec<String>,
    pub excludes: Arc<Excludes>,
}

/// Where settings come from for the whole run.
enum Source {
    /// `--config FILE` or `--no-config`: the same for every directory.
    Fixed(Option<PathBuf>),
    /// The nearest `defer-rewriter.toml` of each directory.
    Nearest,
}

/// The settings of each directory, each config file resolved once.
pub struct Configs {
    cli: Cli,
    source: Source,
    cwd: PathBuf,
    /// Absolute directory → the absolute path of its nearest config file.
    /// (Read by every file of the walk, in parallel: a lock that readers share.)
    nearest: RwLock<HashMap<PathBuf, Option<PathBuf>>>,
    /// Config file (absolute; None for none) → its profile, or None when it failed
    /// (the error is in `errors`).
    profiles: RwLock<HashMap<Option<PathBuf>, Option<Arc<Profile>>>>,
    errors: Mutex<Vec<Error>>,
}

impl Configs {
    pub fn new(cli: &Cli) -> Result<Configs, Error> {
        let source = match (&cli.config, cli.no_config) {
            (Some(path), _) => {
                if !path.is_file() {
                    return Err(Error::Message(format!(
                        "cannot read config file `{}`: no such file",
                        path.display()
                    )));
                }
                Source::Fixed(Some(path.clone()))
            }
            (None, true) => Source::Fixed(None),
            (None, false) => Source::Nearest,
        };
        let cwd = std::env::current_dir()
            .map_err(|e| Error::Message(format!("cannot read the current directory: {e}")))?;
        Ok(Configs {
            cli: cli.clone(),
            source,
            cwd,
            nearest: RwLock::new(HashMap::new()),
            profiles: RwLock::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
        })
    }

    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The settings of directory `dir`, or the error that stops the run.
    pub fn for_dir(&self, dir: &Path) -> Result<Arc<Profile>, Error> {
        self.try_for_dir(dir).ok_or_else(|| {
            self.take_error()
                .unwrap_or(Error::Message("no settings".into()))
        })
    }

    /// The settings of directory `dir`; None when they could not be read (the error
    /// is kept for [`Configs::take_error`]).
    pub fn try_for_dir(&self, dir: &Path) -> Option<Arc<Profile>> {
        let config = match &self.source {
            Source::Fixed(path) => path.clone(),
            Source::Nearest => self.nearest(&crate::walk::absolute(&self.cwd, dir)),
        };
        if let Some(done) = self
            .profiles
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&config)
        {
            return done.clone();
        }
        let mut profiles = self.profiles.write().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = profiles.get(&config) {
            return done.clone();
        }
        // Read under the lock: two directories sharing a new config file wait for
        // one reading of it.
        let id = profiles.len();
        let made = match self.profile(id, config.as_deref()) {
            Ok(p) => Some(Arc::new(p)),
            Err(e) => {
                self.errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(e);
                None
            }
        };
        profiles.insert(config, made.clone());
        made
    }

    /// What the walk needs of a directory's settings.
    pub fn dir_rules(&self, dir: &Path) -> Option<DirRules> {
        self.try_for_dir(dir).map(|p| DirRules {
            excludes: Arc::clone(&p.excludes),
            skip_test_files: p.settings.skip_test_files,
        })
    }

    /// The first error met resolving settings, if any.
    pub fn take_error(&self) -> Option<Error> {
        let mut errors = self.errors.lock().unwrap_or_else(|e| e.into_inner());
        (!errors.is_empty()).then(|| errors.remove(0))
    }

    /// Every profile made so far, in the order first needed.
    pub fn profiles(&self) -> Vec<Arc<Profile>> {
        let profiles = self.profiles.read().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<Arc<Profile>> = profiles.values().flatten().cloned().collect();
        out.sort_by_key(|p| p.id);
        out
    }

    /// The nearest config file of absolute directory `dir`: in it or above it.
    fn nearest(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(known) = self
            .nearest
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir)
        {
            return known.clone();
        }
        let mut nearest = self.nearest.write().unwrap_or_else(|e| e.into_inner());
        let mut walked = Vec::new();
        let mut found = None;
        for d in dir.ancestors() {
            if let Some(known) = nearest.get(d) {
                found = known.clone();
                break;
            }
            walked.push(d.to_path_buf());
            let candidate = d.join(CONFIG_FILE_NAME);
            if candidate.is_file() {
                found = Some(candidate);
                break;
            }
        }
        for d in walked {
            nearest.insert(d, found.clone());
        }
        found
    }

    fn profile(&self, id: usize, config: Option<&Path>) -> Result<Profile, Error> {
        let mut settings = Settings::default();
        let mut chain = Vec::new();
        if let Some(path) = config {
            let shown = match self.source {
                Source::Fixed(_) => path.to_path_buf(),
                Source::Nearest => shorten(&self.cwd, path),
            };
            chain = settings.load_file(&shown).map_err(Error::Config)?;
        }
        let flags = apply_flags(&self.cli, &mut settings)?;
        let excludes = Excludes::new(&settings.exclude, &self.cwd).map_err(Error::Message)?;
        Ok(Profile {
            id,
            settings,
            chain,
            source: match self.source {
                Source::Fixed(Some(_)) => "--config",
                Source::Fixed(None) => "--no-config",
                Source::Nearest => "nearest",
            },
            flags,
            excludes: Arc::new(excludes),
        })
    }
}

/// Apply the flags on top of `settings`; says what each flag changed.
fn apply_flags(cli: &Cli, settings: &mut Settings) -> Result<Vec<String>, Error> {
    let mut notes = Vec::new();
    if !cli.pattern.is_empty() {
        settings.explicit_call = cli
            .pattern
            .iter()
            .map(|p| CallPattern::parse(p).map_err(|e| Error::Message(format!("--pattern: {e}"))))
            .collect::<Result<_, _>>()?;
        notes.push(format!(
            "--pattern {} replaces [explicit-call] patterns",
            cli.pattern.join(" --pattern ")
        ));
    }
    // Checked against the rules once the plugins' rules are loaded too.
    if !cli.select.is_empty() {
        settings.select = cli.select.clone();
        notes.push(format!(
            "--select {} replaces [rules] select",
            cli.select.join(",")
        ));
    }
    if !cli.ignore.is_empty() {
        settings.ignore.extend(cli.ignore.iter().cloned());
        notes.push(format!(
            "--ignore {} adds to [rules] ignore",
            cli.ignore.join(",")
        ));
    }
    for (flag, list, values) in [
        ("--select", RuleList::Select, &cli.select),
        ("--ignore", RuleList::Ignore, &cli.ignore),
    ] {
        settings
            .rule_entries
            .extend(values.iter().map(|value| RuleEntry {
                list,
                value: value.clone(),
                origin: EntryOrigin::Flag(flag.to_string()),
            }));
    }
    for (on, flag, key, value) in [
        (
            cli.skip_test_files,
            "--skip-test-files",
            "skip_test_files",
            &mut settings.skip_test_files,
        ),
        (
            cli.unsafe_fixes,
            "--unsafe-fixes",
            "unsafe_fixes",
            &mut settings.unsafe_fixes,
        ),
    ] {
        if on {
            *value = true;
            notes.push(format!("{flag} sets {key} = true"));
        }
    }
    settings.explain_safety |= cli.explain_safety;
    if let Some(p) = &cli.profile {
        settings.profile = Some(if p == "auto" {
            gdr_core::config::ProfileSource::Auto
        } else {
            gdr_core::config::ProfileSource::File(PathBuf::from(p))
        });
        notes.push(format!("--profile sets [profile] path = {p:?}"));
    }
    if let Some(t) = cli.hot_threshold {
        settings.hot_threshold = Some(t);
        notes.push(format!(
            "--hot-threshold sets [profile] hot_threshold = {t}%"
        ));
    }
    if let Some(s) = &cli.rollback_strategy {
        settings.rollback_strategy =
            gdr_core::config::RollbackStrategy::parse(s).ok_or_else(|| {
                Error::Message(format!("--rollback-strategy: unknown strategy `{s}`"))
            })?;
        notes.push(format!(
            "--rollback-strategy {s} replaces [rollback] strategy"
        ));
    }
    if let Some(v) = &cli.go_version {
        settings.go_version = gdr_core::config::GoVersion::parse(v).ok_or_else(|| {
            Error::Message(format!(
                "--go-version: `{v}` is not a Go version such as 1.22"
            ))
        })?;
        notes.push(format!("--go-version {v} replaces go_version"));
    }
    if !cli.exclude.is_empty() {
        settings.exclude.extend(
            cli.exclude
                .iter()
                .map(|g| ExcludeGlob::new(g.clone(), None)),
        );
        notes.push(format!(
            "--exclude {} adds to exclude",
            cli.exclude.join(" --exclude ")
        ));
    }
    Ok(notes)
}

/// An absolute path relative to `cwd` when it is below it.
fn shorten(cwd: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(cwd)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `--show-settings PATH`: the settings in force for `path` and where they came from.
pub fn show(path: &Path, profile: &Profile) -> String {
    use std::fmt::Write;
    let s = &profile.settings;
    let mut out = String::new();
    let _ = writeln!(out, "settings for {}", path.display());
    let _ = writeln!(out);
    match (profile.source, profile.chain.as_slice()) {
        ("--no-config", _) => {
            let _ = writeln!(out, "config files: none (--no-config)");
        }
        (_, []) => {
            let _ = writeln!(
                out,
                "config files: none ({CONFIG_FILE_NAME} in no folder from here up)"
            );
        }
        (source, chain) => {
            let how = if source == "--config" {
                "given with --config"
            } else {
                "the nearest, from here up"
            };
            let _ = writeln!(
                out,
                "config files, applied in order (each on top of the one before):"
            );
            for (i, file) in chain.iter().enumerate() {
                let note = if i + 1 == chain.len() {
                    how.to_string()
                } else {
                    format!("extended by {}", chain[i + 1].display())
                };
                let _ = writeln!(out, "  {}. {} ({note})", i + 1, file.display());
            }
        }
    }
    let _ = writeln!(out);
    if profile.flags.is_empty() {
        let _ = writeln!(out, "flags: none");
    } else {
        let _ = writeln!(out, "flags, applied last:");
        for f in &profile.flags {
            let _ = writeln!(out, "  {f}");
        }
    }
    let _ = writeln!(out);
    let quoted = |list: &[String]| {
        let items: Vec<String> = list.iter().map(|v| format!("{v:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    let patterns = |list: &[CallPattern]| {
        let items: Vec<String> = list.iter().map(|p| p.as_str().to_string()).collect();
        quoted(&items)
    };
    let excludes: Vec<String> = s
        .exclude
        .iter()
        .map(|g| match &g.base {
            Some(base) => format!("{:?} (from {})", g.glob, shown_dir(base)),
            None => format!("{:?}", g.glob),
        })
        .collect();
    let _ = writeln!(out, "settings:");
    let _ = writeln!(out, "  go_version = \"{}\"", s.go_version);
    let _ = writeln!(out, "  skip_test_files = {}", s.skip_test_files);
    let _ = writeln!(out, "  exclude = [{}]", excludes.join(", "));
    let _ = writeln!(out, "  unsafe_fixes = {}", s.unsafe_fixes);
    let _ = writeln!(
        out,
        "  [profile] path = {}",
        match &s.profile {
            None => "(none)".to_string(),
            Some(gdr_core::config::ProfileSource::Auto) => "\"auto\"".to_string(),
            Some(gdr_core::config::ProfileSource::File(p)) =>
                format!("{:?}", p.display().to_string()),
        }
    );
    let _ = writeln!(
        out,
        "  [profile] hot_threshold = {}",
        s.hot_threshold
            .map_or("(none)".to_string(), |t| format!("{t}%"))
    );
    let _ = writeln!(out, "  [rules] select = {}", quoted(&s.select));
    let _ = writeln!(out, "  [rules] ignore = {}", quoted(&s.ignore));
    let _ = writeln!(
        out,
        "  [explicit-call] patterns = {}",
        patterns(&s.explicit_call)
    );
    let strategy = match s.rollback_strategy {
        gdr_core::config::RollbackStrategy::IfErr => "if-err",
        gdr_core::config::RollbackStrategy::Flag => "flag",
        gdr_core::config::RollbackStrategy::Off => "off",
    };
    let _ = writeln!(out, "  [rollback] strategy = \"{strategy}\"");
    let _ = writeln!(out, "  [rollback] patterns = {}", patterns(&s.rollback));
    let _ = writeln!(out, "  [rollback] commit = {}", patterns(&s.commit));
    let _ = writeln!(out, "  [safety] no_panic = {}", quoted(&s.no_panic));
    if s.plugins.is_empty() {
        let _ = writeln!(out, "  plugins = []");
    }
    for p in &s.plugins {
        let _ = writeln!(
            out,
            "  [[plugins]] path = {:?}{}",
            lexical_normalize(&p.path).display().to_string(),
            p.config
                .as_deref()
                .map(|c| format!(", config = {{ {} }}", c.trim().replace('\n', ", ")))
                .unwrap_or_default()
        );
    }
    out
}

/// A config file's folder as shown: `.` for the current one.
fn shown_dir(base: &Path) -> String {
    if base.as_os_str().is_empty() {
        ".".to_string()
    } else {
        base.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn directories_sharing_a_config_share_one_reading_of_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for dir in ["a/x/y", "a/z", "b"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join(CONFIG_FILE_NAME), "skip_test_files = true\n").unwrap();
        std::fs::write(
            root.join("a").join(CONFIG_FILE_NAME),
            "extend = \"../defer-rewriter.toml\"\n",
        )
        .unwrap();
        let cli = Cli::try_parse_from(["go-defer-rewriter", "--mode", "analyze"]).unwrap();
        let configs = Configs::new(&cli).ok().unwrap();
        let ay = configs.for_dir(&root.join("a/x/y")).ok().unwrap();
        let az = configs.for_dir(&root.join("a/z")).ok().unwrap();
        let a = configs.for_dir(&root.join("a/x/../")).ok().unwrap();
        let b = configs.for_dir(&root.join("b")).ok().unwrap();
        assert!(Arc::ptr_eq(&ay, &az) && Arc::ptr_eq(&ay, &a));
        assert!(!Arc::ptr_eq(&ay, &b));
        assert_eq!(configs.profiles().len(), 2);
        assert_eq!(ay.chain.len(), 2);
        assert_eq!(b.chain, vec![root.join(CONFIG_FILE_NAME)]);
        assert!(ay.settings.skip_test_files && b.settings.skip_test_files);

        // --no-config: one profile, no file, for every directory.
        let cli = Cli::try_parse_from(["go-defer-rewriter", "--no-config"]).unwrap();
        let configs = Configs::new(&cli).ok().unwrap();
        let a = configs.for_dir(&root.join("a")).ok().unwrap();
        let b = configs.for_dir(&root.join("b")).ok().unwrap();
        assert!(Arc::ptr_eq(&a, &b) && a.chain.is_empty() && !a.settings.skip_test_files);
    }
}
