//! Plugins on the host side: load the libraries of `[[plugins]]`, merge their
//! patterns into the settings, and adapt their checks to the core `Rule` trait so
//! they run (in parallel) like the built-in rules.

use gdr_core::config::PluginSpec;
use gdr_core::{
    Applicability, CallPattern, Diagnostic, Edit, ExitKind, FileContext, Fix, FixAvailability,
    Rule, Settings, Severity,
};
use gdr_plugin_api::host::{self, DeferData, Input};
use gdr_plugin_api::types as api;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// A loaded plugin and where it came from.
pub struct Loaded {
    pub plugin: Arc<host::Plugin>,
}

/// Failures of plugin checks during the run, reported at the end: the first one of
/// each check on each file (the fix rounds check a file again).
#[derive(Default, Clone)]
pub struct Failures(Arc<Mutex<BTreeMap<(String, String), String>>>);

impl Failures {
    fn push(&self, path: String, code: String, message: String) {
        if let Ok(mut map) = self.0.lock() {
            map.entry((path, code)).or_insert(message);
        }
    }
    /// Every failure so far, by file and check.
    pub fn take(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|mut map| std::mem::take(&mut *map).into_values().collect())
            .unwrap_or_default()
    }
}

/// Load every plugin of the settings, in order. The first that cannot be loaded is
/// an error naming its file and the reason.
pub fn load_all(specs: &[PluginSpec]) -> Result<Vec<Loaded>, String> {
    Cache::default().load_all(specs)
}

/// The plugins loaded so far in a run, so that the configs of several directories
/// naming one library (with the same `config`) load it once.
#[derive(Default)]
pub struct Cache {
    /// (canonical path, config text) → the plugin.
    loaded: BTreeMap<(std::path::PathBuf, String), Arc<host::Plugin>>,
}

impl Cache {
    /// [`load_all`], taking the plugins loaded before from the cache.
    pub fn load_all(&mut self, specs: &[PluginSpec]) -> Result<Vec<Loaded>, String> {
        specs
            .iter()
            .map(|spec| {
                let config = spec.config.clone().unwrap_or_default();
                let key = (
                    std::fs::canonicalize(&spec.path).unwrap_or_else(|_| spec.path.clone()),
                    config,
                );
                if let Some(plugin) = self.loaded.get(&key) {
                    return Ok(Loaded {
                        plugin: Arc::clone(plugin),
                    });
                }
                let plugin = Arc::new(host::load(&spec.path, &key.1).map_err(|e| e.to_string())?);
                self.loaded.insert(key, Arc::clone(&plugin));
                Ok(Loaded { plugin })
            })
            .collect()
    }
}

/// Add the plugins' call patterns to the explicit-call patterns (after the
/// configured or `--pattern` ones, without duplicates).
pub fn merge_patterns(settings: &mut Settings, plugins: &[Loaded]) -> Result<(), String> {
    for loaded in plugins {
        let p = &loaded.plugin;
        for text in p.patterns() {
            let pattern = CallPattern::parse(text).map_err(|e| {
                format!(
                    "plugin `{}` ({}) declares an invalid pattern: {e}",
                    p.name(),
                    p.path().display()
                )
            })?;
            if !settings
                .explicit_call
                .iter()
                .any(|q| q.as_str() == pattern.as_str())
            {
                settings.explicit_call.push(pattern);
            }
        }
    }
    Ok(())
}

/// The checks of the plugins as rules. A check whose code or name is already taken
/// (by a built-in rule or another plugin) is an error.
pub fn rules(
    plugins: &[Loaded],
    builtin: &[Box<dyn Rule>],
    failures: &Failures,
) -> Result<Vec<Box<dyn Rule>>, String> {
    let mut taken: Vec<(String, String)> = builtin
        .iter()
        .map(|r| (r.code().to_string(), r.name().to_string()))
        .collect();
    taken.push((
        gdr_core::suppress::UNUSED_SUPPRESSION_CODE.to_string(),
        gdr_core::suppress::UNUSED_SUPPRESSION_NAME.to_string(),
    ));
    let mut out: Vec<Box<dyn Rule>> = Vec::new();
    for loaded in plugins {
        let p = &loaded.plugin;
        for (index, check) in p.checks().iter().enumerate() {
            if let Some((code, name)) = taken
                .iter()
                .find(|(c, n)| c.eq_ignore_ascii_case(&check.code) || *n == check.name)
            {
                return Err(format!(
                    "plugin `{}` ({}) declares check {} ({}), but {code} ({name}) already exists",
                    p.name(),
                    p.path().display(),
                    check.code,
                    check.name
                ));
            }
            taken.push((check.code.clone(), check.name.clone()));
            out.push(Box::new(PluginRule {
                plugin: Arc::clone(p),
                index,
                fix: match check.fix {
                    api::FixAvailability::None => FixAvailability::None,
                    api::FixAvailability::Sometimes => FixAvailability::Sometimes,
                    api::FixAvailability::Always => FixAvailability::Always,
                },
                failures: failures.clone(),
            }));
        }
    }
    Ok(out)
}

/// A plugin check, run through the C boundary.
struct PluginRule {
    plugin: Arc<host::Plugin>,
    index: usize,
    fix: FixAvailability,
    failures: Failures,
}

impl PluginRule {
    fn info(&self) -> &api::Check {
        &self.plugin.checks()[self.index]
    }
}

impl Rule for PluginRule {
    fn code(&self) -> &str {
        &self.info().code
    }
    fn name(&self) -> &str {
        &self.info().name
    }
    fn summary(&self) -> &str {
        &self.info().summary
    }
    fn docs(&self) -> &str {
        &self.info().docs
    }
    fn fix_availability(&self) -> FixAvailability {
        self.fix
    }
    /// A plugin's check sees the whole file, whatever it looks for.
    fn needles_are_local(&self) -> bool {
        false
    }

    fn check(&self, cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let path = cx.file.path.to_string_lossy();
        let input = input_of(cx, &path);
        let info = self.info();
        match self.plugin.check(self.index, &input) {
            Ok(found) => out.extend(found.into_iter().map(|d| {
                let mut diag = Diagnostic::new(
                    &info.code,
                    &info.name,
                    match d.severity {
                        api::Severity::Info => Severity::Info,
                        api::Severity::Warning => Severity::Warning,
                        api::Severity::Error => Severity::Error,
                    },
                    d.span,
                    d.message,
                );
                diag.help = d.help;
                diag.fix = d.fix.map(|f| {
                    Fix::new(
                        f.edits
                            .into_iter()
                            .map(|e| Edit::replace(e.range, e.replacement))
                            .collect(),
                        match f.applicability {
                            api::Applicability::Safe => Applicability::Safe,
                            api::Applicability::Unsafe => Applicability::Unsafe,
                            api::Applicability::DisplayOnly => Applicability::DisplayOnly,
                        },
                        f.safety,
                    )
                });
                diag
            })),
            Err(e) => self.failures.push(
                path.to_string(),
                info.code.clone(),
                format!(
                    "plugin `{}` check {} ({}) failed on `{}`: {e}",
                    self.plugin.name(),
                    info.code,
                    info.name,
                    cx.file.path.display()
                ),
            ),
        }
    }
}

/// The plain data a check receives: the node table and the model's facts.
fn input_of<'a>(cx: &FileContext<'a>, path: &'a str) -> Input<'a> {
    let file = cx.file;
    let mut input = Input::new(path, &file.text);
    // Pre-order walk; remember each tree node's index for the facts below.
    let mut index_of = std::collections::HashMap::new();
    let mut cursor = file.root().walk();
    let mut ancestors: Vec<u32> = Vec::new();
    'walk: loop {
        let node = cursor.node();
        let index = input.push_node(
            node.kind(),
            cursor.field_name(),
            node.byte_range(),
            ancestors.last().copied(),
            node.is_named(),
            node.is_error() || node.is_missing(),
        );
        index_of.insert(node.id(), index);
        if cursor.goto_first_child() {
            ancestors.push(index);
            continue;
        }
        input.end_node(index);
        loop {
            if cursor.goto_next_sibling() {
                continue 'walk;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
            if let Some(parent) = ancestors.pop() {
                input.end_node(parent);
            }
        }
    }
    let node_index = |n: gdr_core::tree_sitter::Node<'_>| index_of.get(&n.id()).copied();
    for func in &cx.model.functions {
        let f = input.push_function(
            &func.name,
            match func.kind {
                gdr_core::model::FunctionKind::Declaration => api::FunctionKind::Declaration,
                gdr_core::model::FunctionKind::Method => api::FunctionKind::Method,
                gdr_core::model::FunctionKind::Literal => api::FunctionKind::Literal,
            },
            node_index(func.node).unwrap_or(0),
            func.node.byte_range(),
            func.body.byte_range(),
            func.results.len(),
        );
        for d in &func.defers {
            input.push_defer(DeferData {
                function: f,
                node: node_index(d.node).unwrap_or(0),
                span: d.node.byte_range(),
                call: d.call.byte_range(),
                callee: &d.callee,
                receiver_root: d.receiver_root.as_deref(),
                top_level: d.top_level,
                is_func_literal: d.is_func_literal,
                loop_depth: d.loop_depth,
            });
        }
        for e in &func.exits {
            let span = e.node.map_or(e.offset..e.offset + 1, |n| n.byte_range());
            input.push_exit(
                f,
                match e.kind {
                    ExitKind::Return => api::ExitKind::Return,
                    ExitKind::FallThrough => api::ExitKind::FallThrough,
                    ExitKind::Panic => api::ExitKind::Panic,
                    ExitKind::ProcessExit => api::ExitKind::ProcessExit,
                    ExitKind::Goexit => api::ExitKind::Goexit,
                },
                span,
            );
        }
    }
    input
}
