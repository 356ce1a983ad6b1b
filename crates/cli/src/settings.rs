//! Settings: defaults, then `defer-rewriter.toml`, then the flags.

use crate::args::Cli;
use gdr_core::config::{discover, ConfigError, EntryOrigin, RuleEntry, RuleList};
use gdr_core::{CallPattern, Settings};
use std::path::{Path, PathBuf};

pub enum Error {
    /// An invalid config file, with the location of the problem.
    Config(Box<ConfigError>),
    Message(String),
}

pub struct Loaded {
    pub settings: Settings,
}

/// Build the settings for a run whose first path is `first`.
pub fn load(cli: &Cli, first: &Path) -> Result<Loaded, Error> {
    let mut settings = Settings::default();
    let config = match (&cli.config, cli.no_config) {
        (Some(path), _) => {
            if !path.is_file() {
                return Err(Error::Message(format!(
                    "cannot read config file `{}`: no such file",
                    path.display()
                )));
            }
            Some(path.clone())
        }
        (None, true) => None,
        (None, false) => discover(first).map(|p| shorten(&p)),
    };
    if let Some(path) = &config {
        settings.load_file(path).map_err(Error::Config)?;
    }
    if !cli.pattern.is_empty() {
        settings.explicit_call = cli
            .pattern
            .iter()
            .map(|p| CallPattern::parse(p).map_err(|e| Error::Message(format!("--pattern: {e}"))))
            .collect::<Result<_, _>>()?;
    }
    // Checked against the rules once the plugins' rules are loaded too.
    if !cli.select.is_empty() {
        settings.select = cli.select.clone();
    }
    settings.ignore.extend(cli.ignore.iter().cloned());
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
    settings.skip_test_files |= cli.skip_test_files;
    settings.unsafe_fixes |= cli.unsafe_fixes;
    settings.explain_safety |= cli.explain_safety;
    if let Some(s) = &cli.rollback_strategy {
        settings.rollback_strategy =
            gdr_core::config::RollbackStrategy::parse(s).ok_or_else(|| {
                Error::Message(format!("--rollback-strategy: unknown strategy `{s}`"))
            })?;
    }
    if let Some(v) = &cli.go_version {
        settings.go_version = gdr_core::config::GoVersion::parse(v).ok_or_else(|| {
            Error::Message(format!(
                "--go-version: `{v}` is not a Go version such as 1.22"
            ))
        })?;
    }
    settings.exclude.extend(cli.exclude.iter().cloned());
    Ok(Loaded { settings })
}

/// A discovered (absolute) path relative to the current directory when it is below it.
fn shorten(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}
