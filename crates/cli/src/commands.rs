//! The subcommands `rules` and `explain`: which rules exist (built-in and from the
//! configured plugins), and the documentation of one.
//!
//! They are recognised by the first argument only, so the flag-style invocation
//! (`go-defer-rewriter [OPTIONS] [PATH]...`) stays as it was; a directory that is
//! literally named `rules` or `explain` is given as `./rules`.

use crate::plugins;
use clap::{Parser, Subcommand};
use gdr_core::config::discover;
use gdr_core::{Rule, Settings};
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(name = "go-defer-rewriter", version)]
struct Commands {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every rule, built-in and from the configured plugins: code, name,
    /// source and fix availability.
    Rules {
        #[command(flatten)]
        config: ConfigArgs,
        /// One JSON object per rule and line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print the documentation of a rule, given its code or name.
    Explain {
        /// A rule code (`DR001`) or name (`explicit-call`).
        #[arg(value_name = "CODE")]
        code: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
}

#[derive(Debug, clap::Args)]
struct ConfigArgs {
    /// Read settings (and so the plugins) from this file instead of looking for
    /// defer-rewriter.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Use no config file: only the built-in rules.
    #[arg(long)]
    no_config: bool,
    /// Where to look for defer-rewriter.toml (this directory or the nearest above).
    #[arg(long, value_name = "DIR", default_value = ".")]
    dir: PathBuf,
}

/// Is this invocation a subcommand?
pub fn is_command(first: Option<&std::ffi::OsStr>) -> bool {
    matches!(first.and_then(|s| s.to_str()), Some("rules" | "explain"))
}

/// A rule with where it comes from.
struct Listed {
    rule: Box<dyn Rule>,
    source: String,
}

/// Run a subcommand; the exit status, or an error message (exit 2).
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<u8, String> {
    let cli = Commands::parse_from(args);
    let config = match &cli.command {
        Command::Rules { config, .. } | Command::Explain { config, .. } => config,
    };
    let listed = all_rules(config)?;
    match cli.command {
        Command::Rules { json, .. } => {
            let width = |f: &dyn Fn(&Listed) -> usize, header: &str| {
                listed
                    .iter()
                    .map(f)
                    .chain([header.len()])
                    .max()
                    .unwrap_or(0)
            };
            let code_w = width(&|l| l.rule.code().len(), "CODE");
            let name_w = width(&|l| l.rule.name().len(), "NAME");
            let source_w = width(&|l| l.source.len(), "SOURCE");
            if !json {
                println!(
                    "{:<code_w$}  {:<name_w$}  {:<source_w$}  FIX",
                    "CODE", "NAME", "SOURCE"
                );
            }
            for l in &listed {
                let r = &l.rule;
                if json {
                    println!(
                        "{}",
                        serde_json::json!({
                            "code": r.code(), "name": r.name(), "source": l.source,
                            "fix": r.fix_availability().as_str(), "summary": r.summary(),
                        })
                    );
                } else {
                    println!(
                        "{:<code_w$}  {:<name_w$}  {:<source_w$}  {}",
                        r.code(),
                        r.name(),
                        l.source,
                        r.fix_availability().as_str(),
                    );
                }
            }
            Ok(0)
        }
        Command::Explain { code, .. } => {
            let Some(l) = listed
                .iter()
                .find(|l| l.rule.code().eq_ignore_ascii_case(&code) || l.rule.name() == code)
            else {
                let known: Vec<&str> = listed.iter().map(|l| l.rule.code()).collect();
                return Err(format!(
                    "no rule `{code}`; the rules are {}",
                    known.join(", ")
                ));
            };
            let r = &l.rule;
            println!("# {} ({})", r.code(), r.name());
            println!();
            println!("{}", r.summary());
            println!();
            println!(
                "Source: {}. Fix: {}.",
                l.source,
                r.fix_availability().as_str()
            );
            println!();
            println!("{}", r.docs().trim_end());
            Ok(0)
        }
    }
}

/// The built-in rules, the unused-suppression rule, then each plugin's checks.
fn all_rules(args: &ConfigArgs) -> Result<Vec<Listed>, String> {
    let mut settings = Settings::default();
    let path = match (&args.config, args.no_config) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => None,
        (None, false) => discover(&args.dir),
    };
    if let Some(path) = &path {
        settings.load_file(path).map_err(|e| {
            crate::output::Renderer::new(crate::output::use_color(true))
                .render(e.as_ref())
                .trim_end()
                .trim_start_matches("error: ")
                .to_string()
        })?;
    }
    let loaded = plugins::load_all(&settings.plugins)?;
    let builtin = gdr_rules::all_rules();
    let failures = plugins::Failures::default();
    let from_plugins = plugins::rules(&loaded, &builtin, &failures)?;
    let mut listed: Vec<Listed> = builtin
        .into_iter()
        .map(|rule| Listed {
            rule,
            source: "built-in".to_string(),
        })
        .collect();
    listed.push(Listed {
        rule: Box::new(UnusedSuppression),
        source: "built-in".to_string(),
    });
    let mut sources = Vec::new();
    for l in &loaded {
        for _ in l.plugin.checks() {
            sources.push(plugin_source(l.plugin.name(), l.plugin.path()));
        }
    }
    listed.extend(
        from_plugins
            .into_iter()
            .zip(sources)
            .map(|(rule, source)| Listed { rule, source }),
    );
    Ok(listed)
}

fn plugin_source(name: &str, path: &Path) -> String {
    format!("plugin {name} ({})", path.display())
}

/// DR000: reported by the engine itself, listed so it can be looked up.
struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn code(&self) -> &str {
        gdr_core::suppress::UNUSED_SUPPRESSION_CODE
    }
    fn name(&self) -> &str {
        gdr_core::suppress::UNUSED_SUPPRESSION_NAME
    }
    fn summary(&self) -> &str {
        gdr_core::suppress::UNUSED_SUPPRESSION_SUMMARY
    }
    fn docs(&self) -> &str {
        gdr_core::suppress::UNUSED_SUPPRESSION_DOCS
    }
    fn fix_availability(&self) -> gdr_core::FixAvailability {
        gdr_core::FixAvailability::None
    }
    fn check(&self, _cx: &gdr_core::FileContext<'_>, _out: &mut Vec<gdr_core::Diagnostic>) {}
}
