//! `--list-defers`: every defer statement with the regime the Go compiler gives it
//! (open-coded, stack, heap) and the conditions that decided it.

use crate::args::Format;
use gdr_core::consts::{removed_ranges, ConstEnv, Target};
use gdr_core::cost::{defer_costs, Build, FileDecls};
use gdr_core::{FileModel, SourceFile};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One defer statement.
struct Row {
    path: String,
    line: usize,
    column: usize,
    function: String,
    call: String,
    regime: &'static str,
    /// `None` for a defer the analyses did not check.
    estimated_ns: Option<f64>,
    reasons: Vec<String>,
    /// With `--profile`: the function's share of the samples.
    profile: Option<gdr_core::diagnostic::ProfileShare>,
}

/// The profile of a directory's run, if any.
pub type ProfileOf<'a> =
    dyn Fn(&Path) -> Option<std::sync::Arc<gdr_driver::profiling::RunProfile>> + Sync + 'a;

/// List the defers of `files`; returns the text to print and the errors. Files are
/// grouped by directory and package clause, so that code the compiler removes
/// (`if debug { defer ... }` with a package constant `debug = false`) is known;
/// `build_of` gives, for a directory, the build the costs are for and which build's
/// constants (GOOS, GOARCH, race) are resolved (each directory has its settings).
pub fn list(
    files: &[PathBuf],
    build_of: &(dyn Fn(&Path) -> (Build, Target) + Sync),
    profile_of: &ProfileOf<'_>,
    format: Format,
) -> (String, Vec<String>) {
    let mut by_dir: BTreeMap<PathBuf, Vec<&PathBuf>> = BTreeMap::new();
    for f in files {
        by_dir
            .entry(f.parent().map(PathBuf::from).unwrap_or_default())
            .or_default()
            .push(f);
    }
    let dirs: Vec<Vec<&PathBuf>> = by_dir.into_values().collect();
    let results: Vec<Result<Vec<Row>, String>> = dirs
        .par_iter()
        .flat_map_iter(|dir| {
            let parent = dir
                .first()
                .and_then(|f| f.parent())
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let (build, target) = build_of(parent);
            list_dir(dir, build, &target, profile_of(parent).as_deref())
        })
        .collect();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(mut v) => rows.append(&mut v),
            Err(e) => errors.push(e),
        }
    }
    rows.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    // With a profile: the hottest functions first (cumulative share), the defers of
    // functions the profile does not have last, in path order.
    if rows.iter().any(|r| r.profile.is_some()) {
        rows.sort_by(|a, b| {
            let cum = |r: &Row| r.profile.as_ref().map_or(-1.0, |p| p.cum_pct);
            cum(b).total_cmp(&cum(a))
        });
    }
    let mut out = String::new();
    match format {
        Format::Text | Format::Concise => {
            for r in &rows {
                let call: String = r.call.chars().take(40).collect();
                let profile = r
                    .profile
                    .as_ref()
                    .map_or(String::new(), |p| format!("\tprofile {}", p.describe()));
                out.push_str(&format!(
                    "{}:{}:{}\t{:<10}\t{}\tdefer {}\t{}{profile}\n",
                    r.path,
                    r.line,
                    r.column,
                    r.regime,
                    r.function,
                    call,
                    r.reasons.join("; ")
                ));
            }
        }
        _ => {
            let objects: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let mut o = serde_json::json!({
                        "path": r.path, "line": r.line, "column": r.column, "function": r.function,
                        "call": r.call, "regime": r.regime, "estimated_ns": r.estimated_ns, "reasons": r.reasons,
                    });
                    if let Some(p) = crate::machine::profile_share_json(r.profile.as_ref()) {
                        o["profile"] = p;
                    }
                    o
                })
                .collect();
            if format == Format::Json {
                out = serde_json::to_string_pretty(&objects).unwrap_or_default();
                out.push('\n');
            } else {
                for o in objects {
                    out.push_str(&o.to_string());
                    out.push('\n');
                }
            }
        }
    }
    (out, errors)
}

/// The rows of the files of one directory (one result per file).
fn list_dir(
    paths: &[&PathBuf],
    build: Build,
    target: &Target,
    profile: Option<&gdr_driver::profiling::RunProfile>,
) -> Vec<Result<Vec<Row>, String>> {
    let mut results = Vec::new();
    let mut parsed = Vec::new();
    for path in paths {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                results.push(Err(format!("cannot read `{}`: {e}", path.display())));
                continue;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => parsed.push(SourceFile::parse(path, text)),
            Err(e) => results.push(Err(gdr_driver::process::not_utf8(path, &e))),
        }
    }
    // One constant environment per package clause (a directory may also hold an
    // external test package `p_test`).
    let mut packages: BTreeMap<String, Vec<&SourceFile>> = BTreeMap::new();
    for f in &parsed {
        packages
            .entry(f.package_name().unwrap_or_default().to_string())
            .or_default()
            .push(f);
    }
    for files in packages.values() {
        let env = ConstEnv::build(files, target);
        for file in files {
            if !file.text.contains("defer") {
                continue;
            }
            let removed = removed_ranges(file, &env);
            let model = FileModel::build(file);
            let decls = FileDecls::new(file);
            let mut rows = Vec::new();
            let identity = profile.map(|p| p.identity(&file.path));
            let file_profile =
                profile
                    .zip(identity.as_ref())
                    .map(|(p, id)| gdr_core::FileProfile {
                        attribution: &p.attribution,
                        import_path: id.import_path.as_deref(),
                        module_file: &id.module_file,
                        hot_threshold: p.hot_threshold,
                    });
            for func in &model.functions {
                let share = file_profile.as_ref().and_then(|p| p.share(file, func));
                for (d, cost) in func
                    .defers
                    .iter()
                    .zip(defer_costs(file, &decls, func, build, &removed))
                {
                    let (line, column) = file.lines.line_col(d.node.start_byte());
                    rows.push(Row {
                        path: file.path.display().to_string(),
                        line,
                        column,
                        function: func.name.clone(),
                        call: file.text[d.call.byte_range()]
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                        regime: cost.regime.as_str(),
                        estimated_ns: Some(cost.regime.estimated_ns()),
                        reasons: cost.reasons,
                        profile: share.clone(),
                    });
                }
            }
            // Functions too deep to check: their defers are listed, unclassified.
            for deep in &model.too_deep {
                let function = gdr_core::syntax::NodeExt::field(&deep.node, "name")
                    .map_or("(func literal)", |n| &file.text[n.byte_range()])
                    .to_string();
                gdr_core::syntax::walk_all(deep.node, &mut |n| {
                    if n.kind() != "defer_statement" {
                        return;
                    }
                    let (line, column) = file.lines.line_col(n.start_byte());
                    let call = n.named_child(0).map_or("", |c| &file.text[c.byte_range()]);
                    rows.push(Row {
                        path: file.path.display().to_string(),
                        line,
                        column,
                        function: function.clone(),
                        call: call.split_whitespace().collect::<Vec<_>>().join(" "),
                        regime: "not-checked",
                        estimated_ns: None,
                        reasons: vec![format!(
                            "the function nests {} levels deep, more than the {} the analyses take",
                            deep.depth,
                            gdr_core::model::MAX_DEPTH
                        )],
                        profile: None,
                    });
                });
            }
            results.push(Ok(rows));
        }
    }
    results
}
