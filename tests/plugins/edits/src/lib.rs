//! A plugin for the host's tests of the write guard: while its check runs on a file
//! (after the host read the file, before it writes the rewrite), it changes the file
//! on disk, as a person editing it during a run would. It reports nothing.
//!
//! - `edited.go`: a comment line is appended (the same inode, as most editors save).
//! - `replaced.go`: a new file with a comment line added is renamed over it (a new
//!   inode, as editors that save atomically do).
//!
//! Each file is changed once: the check runs again on the fixed text in later
//! rounds, and the comment is there by then.

use gdr_plugin_api::{Check, Diagnostic, File, FixAvailability, Plugin};
use std::io::Write;

/// The comment the plugin adds.
pub const EDIT: &str = "// edited while the run checked this file\n";

struct Edits;

impl Plugin for Edits {
    fn new(_config: &str) -> Result<Self, String> {
        Ok(Edits)
    }

    fn checks(&self) -> Vec<Check> {
        vec![Check {
            code: "TE001".to_string(),
            name: "edits-the-file".to_string(),
            summary: "edits edited.go and replaced.go on disk while they are checked".to_string(),
            docs: "## What it does\nChanges the file on disk during the run (a test plugin)."
                .to_string(),
            fix: FixAvailability::None,
        }]
    }

    fn check(&self, _code: &str, file: &File<'_>) -> Result<Vec<Diagnostic>, String> {
        let path = std::path::Path::new(file.path);
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return Ok(Vec::new());
        };
        if name != "edited.go" && name != "replaced.go" {
            return Ok(Vec::new());
        }
        let on_disk = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        if on_disk.contains(EDIT) {
            return Ok(Vec::new());
        }
        if name == "edited.go" {
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(|e| e.to_string())?;
            f.write_all(EDIT.as_bytes()).map_err(|e| e.to_string())?;
        } else {
            let tmp = path.with_file_name(".replaced.go.new");
            std::fs::write(&tmp, format!("{on_disk}{EDIT}")).map_err(|e| e.to_string())?;
            std::fs::rename(&tmp, path).map_err(|e| e.to_string())?;
        }
        Ok(Vec::new())
    }
}

gdr_plugin_api::export_plugin!(Edits);
