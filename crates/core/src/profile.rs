//! CPU profiles (pprof's `profile.proto`, as Go writes them): decoding, the share of
//! samples of each function, and matching those functions to the ones we analyze.
//!
//! The core never reads a file: the caller hands over the bytes (gzip-compressed,
//! as `go test -cpuprofile` and `net/http/pprof` write them, or plain protobuf, as
//! `go tool pprof -proto` can). The message types below mirror
//! `crates/core/proto/profile.proto` field for field (prost derives, no protoc).
//!
//! Attribution, per function of the profile (by name and file):
//! - **flat**: samples whose innermost frame is the function;
//! - **cum**: samples with the function anywhere on the stack, counted once per
//!   sample however often it recurs;
//! - **defer**: samples spent in the runtime's defer machinery (`deferproc`,
//!   `deferreturn`, `newdefer`, ...: any frame of the runtime frames at the leaf end
//!   of the stack) on behalf of the function, the innermost non-runtime frame.
//!
//! Inlined calls are frames of their own: a Location's several Lines, innermost
//! first, are each the function they name.

use std::collections::{HashMap, HashSet};
use std::io::Read;

/// `perftools.profiles.Profile`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Profile {
    #[prost(message, repeated, tag = "1")]
    pub sample_type: Vec<ValueType>,
    #[prost(message, repeated, tag = "2")]
    pub sample: Vec<Sample>,
    #[prost(message, repeated, tag = "3")]
    pub mapping: Vec<Mapping>,
    #[prost(message, repeated, tag = "4")]
    pub location: Vec<Location>,
    #[prost(message, repeated, tag = "5")]
    pub function: Vec<Function>,
    #[prost(string, repeated, tag = "6")]
    pub string_table: Vec<String>,
    #[prost(int64, tag = "7")]
    pub drop_frames: i64,
    #[prost(int64, tag = "8")]
    pub keep_frames: i64,
    #[prost(int64, tag = "9")]
    pub time_nanos: i64,
    #[prost(int64, tag = "10")]
    pub duration_nanos: i64,
    #[prost(message, optional, tag = "11")]
    pub period_type: Option<ValueType>,
    #[prost(int64, tag = "12")]
    pub period: i64,
    #[prost(int64, repeated, tag = "13")]
    pub comment: Vec<i64>,
    #[prost(int64, tag = "14")]
    pub default_sample_type: i64,
    #[prost(int64, tag = "15")]
    pub doc_url: i64,
}

/// `perftools.profiles.ValueType`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ValueType {
    #[prost(int64, tag = "1")]
    pub r#type: i64,
    #[prost(int64, tag = "2")]
    pub unit: i64,
}

/// `perftools.profiles.Sample`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Sample {
    /// Leaf first.
    #[prost(uint64, repeated, tag = "1")]
    pub location_id: Vec<u64>,
    #[prost(int64, repeated, tag = "2")]
    pub value: Vec<i64>,
    #[prost(message, repeated, tag = "3")]
    pub label: Vec<Label>,
}

/// `perftools.profiles.Label`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Label {
    #[prost(int64, tag = "1")]
    pub key: i64,
    #[prost(int64, tag = "2")]
    pub str: i64,
    #[prost(int64, tag = "3")]
    pub num: i64,
    #[prost(int64, tag = "4")]
    pub num_unit: i64,
}

/// `perftools.profiles.Mapping`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Mapping {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(uint64, tag = "2")]
    pub memory_start: u64,
    #[prost(uint64, tag = "3")]
    pub memory_limit: u64,
    #[prost(uint64, tag = "4")]
    pub file_offset: u64,
    #[prost(int64, tag = "5")]
    pub filename: i64,
    #[prost(int64, tag = "6")]
    pub build_id: i64,
    #[prost(bool, tag = "7")]
    pub has_functions: bool,
    #[prost(bool, tag = "8")]
    pub has_filenames: bool,
    #[prost(bool, tag = "9")]
    pub has_line_numbers: bool,
    #[prost(bool, tag = "10")]
    pub has_inline_frames: bool,
}

/// `perftools.profiles.Location`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Location {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(uint64, tag = "2")]
    pub mapping_id: u64,
    #[prost(uint64, tag = "3")]
    pub address: u64,
    /// Innermost (inlined callee) first, the caller the code was inlined into last.
    #[prost(message, repeated, tag = "4")]
    pub line: Vec<Line>,
    #[prost(bool, tag = "5")]
    pub is_folded: bool,
}

/// `perftools.profiles.Line`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Line {
    #[prost(uint64, tag = "1")]
    pub function_id: u64,
    #[prost(int64, tag = "2")]
    pub line: i64,
    #[prost(int64, tag = "3")]
    pub column: i64,
}

/// `perftools.profiles.Function`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Function {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(int64, tag = "2")]
    pub name: i64,
    #[prost(int64, tag = "3")]
    pub system_name: i64,
    #[prost(int64, tag = "4")]
    pub filename: i64,
    #[prost(int64, tag = "5")]
    pub start_line: i64,
}

/// Why bytes are not a usable CPU profile. The messages complete "`FILE` ...".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("is not a pprof profile: {0}")]
    NotAProfile(String),
    #[error("is a {kind}, not a CPU profile (sample types: {types}); collect one with `go test -cpuprofile` or /debug/pprof/profile")]
    NotCpu { kind: String, types: String },
    #[error(
        "is a CPU profile with no samples (the program did not run long enough, or did nothing)"
    )]
    NoSamples,
}

/// The gzip header's magic bytes.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Decode a profile, gzip-compressed or plain.
pub fn decode(bytes: &[u8]) -> Result<Profile, ProfileError> {
    use prost::Message;
    let plain;
    let raw = if bytes.starts_with(&GZIP_MAGIC) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| {
                ProfileError::NotAProfile(format!("gzip data that does not inflate ({e})"))
            })?;
        plain = out;
        plain.as_slice()
    } else {
        bytes
    };
    if raw.is_empty() {
        return Err(ProfileError::NotAProfile("the file is empty".to_string()));
    }
    let profile = Profile::decode(raw)
        .map_err(|e| ProfileError::NotAProfile(format!("not a protobuf profile ({e})")))?;
    // Every profile's string table starts with "", and says what its samples are.
    if profile.string_table.first().is_none_or(|s| !s.is_empty()) || profile.sample_type.is_empty()
    {
        return Err(ProfileError::NotAProfile(
            "no string table or sample types, as every pprof profile has".to_string(),
        ));
    }
    Ok(profile)
}

/// A function of the profile with its shares (in sample values: nanoseconds of CPU,
/// or sample counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionStats {
    /// As the profile names it: `example.com/m/cache.(*Cache).Get`.
    pub name: String,
    /// As the profile has it (a path on the machine that built the binary).
    pub file: String,
    /// The line of the `func` keyword (0 when the profile does not say).
    pub start_line: i64,
    pub flat: i64,
    pub cum: i64,
    pub defer: i64,
    /// The first and last line sampled in the function itself (not in what it inlined).
    pub lines: Option<(i64, i64)>,
}

/// The samples of one or more CPU profiles, per function.
#[derive(Debug, Clone, Default)]
pub struct Attribution {
    /// The sum of the chosen value over all samples.
    pub total: i64,
    /// `cpu/nanoseconds` or `samples/count`.
    pub value: String,
    pub functions: Vec<FunctionStats>,
    /// Each sample: its value and the distinct functions (indexes) on its stack.
    stacks: Vec<(i64, Vec<usize>)>,
    by_name: HashMap<String, Vec<usize>>,
}

/// Names in the runtime's defer machinery, as the profile's frames name them
/// (`$GOROOT/src/runtime/panic.go`): registering a defer, running the deferred
/// calls at return, and allocating and freeing the records of heap defers.
const DEFER_MACHINERY: &[&str] = &[
    "runtime.deferproc",
    "runtime.deferprocStack",
    "runtime.deferprocat",
    "runtime.deferrangefunc",
    "runtime.deferconvert",
    "runtime.deferreturn",
    "runtime.newdefer",
    "runtime.freedefer",
    "runtime.freedeferpanic",
    "runtime.freedeferfn",
    "runtime.popDefer",
    "runtime.(*_panic).nextDefer",
    "runtime.(*_panic).nextFrame",
    "runtime.(*_panic).initOpenCodedDefers",
    "runtime.runOpenDeferFrame",
    "runtime.deferCallSave",
    "runtime.jmpdefer",
];

/// Is `name` a function of the runtime (whose frames are charged to their caller)?
fn is_runtime(name: &str) -> bool {
    // Assembly helpers of the runtime have no package prefix (`gcWriteBarrier`).
    !name.contains('.')
        || name.starts_with("runtime.")
        || name.starts_with("runtime/internal/")
        || name.starts_with("internal/runtime/")
}

fn is_defer_machinery(name: &str) -> bool {
    DEFER_MACHINERY.contains(&name)
}

/// What a profile with these sample types measures, when it is not CPU time.
fn kind_of(types: &[(String, String)]) -> String {
    let has = |t: &str| types.iter().any(|(ty, _)| ty == t);
    if has("alloc_space") || has("inuse_space") || has("alloc_objects") {
        "heap (memory allocation) profile".to_string()
    } else if has("contentions") || has("delay") {
        "mutex or block (contention) profile".to_string()
    } else if has("goroutine") {
        "goroutine profile".to_string()
    } else if has("threadcreate") {
        "threadcreate profile".to_string()
    } else {
        "profile of something else".to_string()
    }
}

impl Attribution {
    /// The shares of a decoded CPU profile.
    pub fn of(profile: &Profile) -> Result<Self, ProfileError> {
        let mut a = Attribution::default();
        a.add(profile)?;
        Ok(a)
    }

    /// Decode `bytes` and take their shares.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProfileError> {
        Self::of(&decode(bytes)?)
    }

    /// Add the samples of another CPU profile (of the same program, or of another
    /// main package: shares are then of all samples together).
    pub fn add(&mut self, profile: &Profile) -> Result<(), ProfileError> {
        let s = |i: i64| {
            profile
                .string_table
                .get(usize::try_from(i).unwrap_or(usize::MAX))
                .map_or("", String::as_str)
        };
        let types: Vec<(String, String)> = profile
            .sample_type
            .iter()
            .map(|t| (s(t.r#type).to_string(), s(t.unit).to_string()))
            .collect();
        let index = types
            .iter()
            .position(|(t, u)| t == "cpu" && u == "nanoseconds")
            .or_else(|| {
                types
                    .iter()
                    .position(|(t, u)| t == "samples" && u == "count")
            })
            .ok_or_else(|| ProfileError::NotCpu {
                kind: kind_of(&types),
                types: types
                    .iter()
                    .map(|(t, u)| format!("{t}/{u}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let (t, u) = &types[index];
        let value = format!("{t}/{u}");
        if self.value.is_empty() {
            self.value = value;
        } else if self.value != value {
            // Profiles measured in other units cannot be added: count samples.
            return Err(ProfileError::NotCpu {
                kind: format!("profile measured in {value} (the others in {})", self.value),
                types: value.clone(),
            });
        }

        // Function id → index into self.functions, by (name, file).
        let mut key_of: HashMap<(String, String), usize> = self
            .functions
            .iter()
            .enumerate()
            .map(|(i, f)| ((f.name.clone(), f.file.clone()), i))
            .collect();
        let mut func_index: HashMap<u64, usize> = HashMap::new();
        for f in &profile.function {
            // The instances of a generic function (`F[go.shape.int]`,
            // `F[go.shape.string]`) are one function of the source.
            let key = (elide_type_args(s(f.name)), s(f.filename).to_string());
            let i = *key_of.entry(key.clone()).or_insert_with(|| {
                self.functions.push(FunctionStats {
                    name: key.0.clone(),
                    file: key.1.clone(),
                    start_line: f.start_line,
                    flat: 0,
                    cum: 0,
                    defer: 0,
                    lines: None,
                });
                self.by_name
                    .entry(normalize_name(&key.0))
                    .or_default()
                    .push(self.functions.len() - 1);
                self.functions.len() - 1
            });
            func_index.insert(f.id, i);
        }
        let locations: HashMap<u64, &Location> =
            profile.location.iter().map(|l| (l.id, l)).collect();

        let before = self.total;
        let mut frames: Vec<(usize, i64)> = Vec::new();
        for sample in &profile.sample {
            let v = sample.value.get(index).copied().unwrap_or(0);
            if v == 0 {
                continue;
            }
            frames.clear();
            for id in &sample.location_id {
                let Some(loc) = locations.get(id) else {
                    continue;
                };
                for line in &loc.line {
                    if let Some(&f) = func_index.get(&line.function_id) {
                        frames.push((f, line.line));
                    }
                }
            }
            self.total += v;
            if let Some(&(leaf, _)) = frames.first() {
                self.functions[leaf].flat += v;
            }
            let mut seen: Vec<usize> = Vec::with_capacity(frames.len());
            for &(f, line) in &frames {
                let stats = &mut self.functions[f];
                if line > 0 {
                    stats.lines = Some(match stats.lines {
                        Some((lo, hi)) => (lo.min(line), hi.max(line)),
                        None => (line, line),
                    });
                }
                if !seen.contains(&f) {
                    seen.push(f);
                    stats.cum += v;
                }
            }
            // Runtime frames at the leaf end; if any is defer machinery, the cost
            // is the defer's, charged to the first frame outside the runtime.
            let runtime_end = frames
                .iter()
                .position(|&(f, _)| !is_runtime(&self.functions[f].name));
            if let Some(owner) = runtime_end {
                if frames[..owner]
                    .iter()
                    .any(|&(f, _)| is_defer_machinery(&self.functions[f].name))
                {
                    self.functions[frames[owner].0].defer += v;
                }
            }
            seen.sort_unstable();
            self.stacks.push((v, seen));
        }
        if self.total == before {
            return Err(ProfileError::NoSamples);
        }
        Ok(())
    }

    /// Percent of all samples.
    pub fn pct(&self, value: i64) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            value as f64 * 100.0 / self.total as f64
        }
    }

    /// The percent of samples with any of `functions` on the stack.
    pub fn coverage(&self, functions: &HashSet<usize>) -> f64 {
        let covered: i64 = self
            .stacks
            .iter()
            .filter(|(_, fs)| fs.iter().any(|f| functions.contains(f)))
            .map(|(v, _)| v)
            .sum();
        self.pct(covered)
    }

    /// The profile function that is `query`'s, and its index.
    ///
    /// In order: same file (by module-relative suffix) and same name; same file and
    /// the profile's start line is the declaration's line; same file, no start line
    /// in the profile, and every sampled line inside the function; then the same
    /// qualified name anywhere (the code moved since the profile was taken).
    pub fn lookup(&self, query: &FunctionQuery<'_>) -> Option<(usize, &FunctionStats)> {
        let name = normalize_name(&query.qualified);
        let same_file: Vec<usize> = self
            .functions
            .iter()
            .enumerate()
            .filter(|(_, f)| file_matches(&f.file, query.module_file))
            .map(|(i, _)| i)
            .collect();
        let by_name = self.by_name.get(&name).map(Vec::as_slice).unwrap_or(&[]);
        let found = by_name
            .iter()
            .copied()
            .find(|i| same_file.contains(i))
            .or_else(|| {
                same_file.iter().copied().find(|&i| {
                    let f = &self.functions[i];
                    f.start_line > 0 && f.start_line == query.first_line
                })
            })
            .or_else(|| {
                same_file.iter().copied().find(|&i| {
                    let f = &self.functions[i];
                    f.start_line == 0
                        && f.lines
                            .is_some_and(|(lo, hi)| query.first_line <= lo && hi <= query.last_line)
                })
            })
            .or_else(|| {
                by_name
                    .iter()
                    .copied()
                    .max_by_key(|&i| self.functions[i].cum)
            })?;
        Some((found, &self.functions[found]))
    }
}

/// A function we analyze, as the profile would know it.
#[derive(Debug, Clone)]
pub struct FunctionQuery<'a> {
    /// `import/path.Func`, `import/path.(*T).Method`, `main.F.func1`.
    pub qualified: String,
    /// The file's path relative to its module's root, with `/`: `cache/cache.go`.
    pub module_file: &'a str,
    /// 1-based lines of the `func` keyword and of the closing brace.
    pub first_line: i64,
    pub last_line: i64,
}

/// A function name with its type arguments elided, as pprof shows generic functions:
/// `F[go.shape.int]` → `F[...]`.
pub fn elide_type_args(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '[' => {
                if depth == 0 {
                    out.push_str("[...]");
                }
                depth += 1;
            }
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A function name without type arguments (`F[...]`, `(*T[...]).M` → `F`, `(*T).M`).
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Is the profile's `file` (from any machine: a checkout, GOPATH, the module cache
/// `mod@version/`, or `-trimpath`'s `module/path/file.go`) the file at `module_file`
/// of the module? Matched as a path suffix on whole components.
pub fn file_matches(file: &str, module_file: &str) -> bool {
    if module_file.is_empty() {
        return false;
    }
    let file: std::borrow::Cow<'_, str> = if file.contains('\\') {
        file.replace('\\', "/").into()
    } else {
        file.into()
    };
    file == module_file
        || (file.len() > module_file.len()
            && file.ends_with(module_file)
            && file.as_bytes()[file.len() - module_file.len() - 1] == b'/')
}

/// Parse a hot threshold: `1%`, `1`, `0.5%` (percent of all samples).
pub fn parse_threshold(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let n = t.strip_suffix('%').unwrap_or(t).trim();
    match n.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected a percentage between 0 and 100 such as `1%`, `0.5%` or `1`, got `{s}`"
        )),
    }
}

/// A percentage as shown: one decimal, two below 1%.
pub fn format_pct(p: f64) -> String {
    if p != 0.0 && p < 1.0 {
        format!("{p:.2}%")
    } else {
        format!("{p:.1}%")
    }
}

/// Building profiles, for tests and tools (prost encodes them as Go would).
pub mod build {
    use super::*;

    /// A profile under construction; ids are given in order from 1.
    pub struct Builder {
        pub profile: Profile,
    }

    impl Builder {
        /// A CPU profile as Go writes it: samples/count and cpu/nanoseconds.
        pub fn cpu() -> Self {
            Self::with_types(&[("samples", "count"), ("cpu", "nanoseconds")])
        }

        /// A profile with these (type, unit) sample types.
        pub fn with_types(types: &[(&str, &str)]) -> Self {
            let mut b = Builder {
                profile: Profile {
                    string_table: vec![String::new()],
                    ..Profile::default()
                },
            };
            for (t, u) in types {
                let vt = ValueType {
                    r#type: b.s(t),
                    unit: b.s(u),
                };
                b.profile.sample_type.push(vt);
            }
            b
        }

        /// The string table index of `x` (added if new).
        pub fn s(&mut self, x: &str) -> i64 {
            let table = &mut self.profile.string_table;
            match table.iter().position(|s| s == x) {
                Some(i) => i as i64,
                None => {
                    table.push(x.to_string());
                    (table.len() - 1) as i64
                }
            }
        }

        /// A function; returns its id.
        pub fn func(&mut self, name: &str, file: &str, start_line: i64) -> u64 {
            let id = self.profile.function.len() as u64 + 1;
            let f = Function {
                id,
                name: self.s(name),
                system_name: self.s(name),
                filename: self.s(file),
                start_line,
            };
            self.profile.function.push(f);
            id
        }

        /// A location whose lines are (function id, line), innermost first.
        pub fn loc(&mut self, lines: &[(u64, i64)]) -> u64 {
            let id = self.profile.location.len() as u64 + 1;
            self.profile.location.push(Location {
                id,
                address: 0x1000 + id,
                line: lines
                    .iter()
                    .map(|&(function_id, line)| Line {
                        function_id,
                        line,
                        column: 0,
                    })
                    .collect(),
                ..Location::default()
            });
            id
        }

        /// A sample of `ns` nanoseconds with the stack `locations`, leaf first.
        pub fn sample(&mut self, locations: &[u64], ns: i64) {
            let n = self.profile.sample_type.len();
            let mut value = vec![1; n];
            if let Some(last) = value.last_mut() {
                *last = ns;
            }
            self.profile.sample.push(Sample {
                location_id: locations.to_vec(),
                value,
                label: Vec::new(),
            });
        }

        /// The profile encoded, uncompressed.
        pub fn bytes(&self) -> Vec<u8> {
            prost::Message::encode_to_vec(&self.profile)
        }

        /// The profile encoded and gzip-compressed, as Go writes it.
        pub fn gzipped(&self) -> Vec<u8> {
            use std::io::Write;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            // Writing to a Vec cannot fail.
            let _ = e.write_all(&self.bytes());
            e.finish().unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::build::Builder;
    use super::*;

    fn stats<'a>(a: &'a Attribution, name: &str) -> &'a FunctionStats {
        a.functions.iter().find(|f| f.name == name).unwrap()
    }

    fn query<'a>(qualified: &str, module_file: &'a str, lines: (i64, i64)) -> FunctionQuery<'a> {
        FunctionQuery {
            qualified: qualified.to_string(),
            module_file,
            first_line: lines.0,
            last_line: lines.1,
        }
    }

    #[test]
    fn gzip_and_plain_decode_alike() {
        let mut b = Builder::cpu();
        let f = b.func("main.main", "/src/m/main.go", 3);
        let l = b.loc(&[(f, 4)]);
        b.sample(&[l], 10_000_000);
        let plain = Attribution::from_bytes(&b.bytes()).unwrap();
        let gz = b.gzipped();
        assert_eq!(&gz[..2], &GZIP_MAGIC);
        let zipped = Attribution::from_bytes(&gz).unwrap();
        assert_eq!(plain.functions, zipped.functions);
        assert_eq!(plain.total, 10_000_000);
        assert_eq!(plain.value, "cpu/nanoseconds");
    }

    #[test]
    fn samples_count_when_there_is_no_cpu_value() {
        let mut b = Builder::with_types(&[("samples", "count")]);
        let f = b.func("main.main", "main.go", 3);
        let l = b.loc(&[(f, 4)]);
        b.sample(&[l], 7);
        let a = Attribution::from_bytes(&b.bytes()).unwrap();
        assert_eq!((a.total, a.value.as_str()), (7, "samples/count"));
    }

    #[test]
    fn bad_inputs_say_what_they_are() {
        assert!(matches!(
            decode(b"package main\n\nfunc main() {}\n"),
            Err(ProfileError::NotAProfile(_))
        ));
        assert!(matches!(decode(b""), Err(ProfileError::NotAProfile(_))));
        assert!(matches!(
            decode(&[0x1f, 0x8b, 1, 2, 3]),
            Err(ProfileError::NotAProfile(_))
        ));
        let mut heap = Builder::with_types(&[
            ("alloc_objects", "count"),
            ("alloc_space", "bytes"),
            ("inuse_objects", "count"),
            ("inuse_space", "bytes"),
        ]);
        let f = heap.func("main.main", "main.go", 3);
        let l = heap.loc(&[(f, 4)]);
        heap.sample(&[l], 64);
        let err = Attribution::from_bytes(&heap.gzipped()).unwrap_err();
        assert!(err.to_string().starts_with("is a heap"), "{err}");
        assert!(err.to_string().contains("alloc_space/bytes"), "{err}");
        let mut mutex = Builder::with_types(&[("contentions", "count"), ("delay", "nanoseconds")]);
        mutex.func("main.main", "main.go", 3);
        let err = Attribution::from_bytes(&mutex.bytes()).unwrap_err();
        assert!(err.to_string().contains("mutex"), "{err}");
        let empty = Builder::cpu();
        assert_eq!(
            Attribution::from_bytes(&empty.gzipped()).unwrap_err(),
            ProfileError::NoSamples
        );
    }

    #[test]
    fn inlined_frames_count_as_the_functions_they_are() {
        let mut b = Builder::cpu();
        let get = b.func("example.com/m/cache.(*Cache).Get", "/x/cache/cache.go", 20);
        let handler = b.func("example.com/m/api.handle", "/x/api/api.go", 10);
        let main = b.func("main.main", "/x/main.go", 5);
        // Get inlined into handle: one location, two lines, innermost first.
        let inl = b.loc(&[(get, 22), (handler, 12)]);
        let m = b.loc(&[(main, 6)]);
        b.sample(&[inl, m], 30);
        let h = b.loc(&[(handler, 14)]);
        b.sample(&[h, m], 10);
        let a = Attribution::from_bytes(&b.bytes()).unwrap();
        assert_eq!(a.total, 40);
        let g = stats(&a, "example.com/m/cache.(*Cache).Get");
        assert_eq!((g.flat, g.cum, g.lines), (30, 30, Some((22, 22))));
        let hs = stats(&a, "example.com/m/api.handle");
        assert_eq!((hs.flat, hs.cum, hs.lines), (10, 40, Some((12, 14))));
        assert_eq!(stats(&a, "main.main").cum, 40);
        assert!((a.pct(g.cum) - 75.0).abs() < 1e-9);
    }

    #[test]
    fn recursion_counts_once_per_sample() {
        let mut b = Builder::cpu();
        let walk = b.func("example.com/m/tree.walk", "tree/tree.go", 3);
        let main = b.func("main.main", "main.go", 3);
        let w1 = b.loc(&[(walk, 5)]);
        let w2 = b.loc(&[(walk, 7)]);
        let m = b.loc(&[(main, 4)]);
        b.sample(&[w1, w2, w2, w2, m], 100);
        b.sample(&[m], 100);
        let a = Attribution::from_bytes(&b.bytes()).unwrap();
        let w = stats(&a, "example.com/m/tree.walk");
        assert_eq!((w.flat, w.cum), (100, 100));
        assert!((a.pct(w.cum) - 50.0).abs() < 1e-9);
    }

    #[test]
    fn defer_machinery_is_charged_to_the_innermost_non_runtime_frame() {
        let mut b = Builder::cpu();
        let malloc = b.func("runtime.mallocgc", "/go/src/runtime/malloc.go", 1);
        let newdefer = b.func("runtime.newdefer", "/go/src/runtime/panic.go", 578);
        let deferproc = b.func("runtime.deferproc", "/go/src/runtime/panic.go", 353);
        let ret = b.func("runtime.deferreturn", "/go/src/runtime/panic.go", 658);
        let f = b.func("example.com/m/loop.each", "loop/loop.go", 8);
        let lit = b.func("example.com/m/loop.each.func1", "loop/loop.go", 10);
        let main = b.func("main.main", "main.go", 3);
        let m = b.loc(&[(main, 4)]);
        let fl = b.loc(&[(f, 11)]);
        let (l_malloc, l_new, l_proc, l_ret) = (
            b.loc(&[(malloc, 2)]),
            b.loc(&[(newdefer, 580)]),
            b.loc(&[(deferproc, 360)]),
            b.loc(&[(ret, 660)]),
        );
        let l_lit = b.loc(&[(lit, 10)]);
        // Allocating a heap defer record: leaf mallocgc under newdefer.
        b.sample(&[l_malloc, l_new, l_proc, fl, m], 20);
        b.sample(&[l_ret, fl, m], 10);
        // The deferred closure's own work is not overhead.
        b.sample(&[l_lit, l_ret, fl, m], 40);
        // An allocation that is not a defer's.
        b.sample(&[l_malloc, fl, m], 30);
        let a = Attribution::from_bytes(&b.bytes()).unwrap();
        let each = stats(&a, "example.com/m/loop.each");
        assert_eq!((each.defer, each.cum), (30, 100));
        assert_eq!(stats(&a, "example.com/m/loop.each.func1").defer, 0);
        assert_eq!(stats(&a, "main.main").defer, 0);
        assert_eq!(stats(&a, "runtime.mallocgc").flat, 50);
    }

    #[test]
    fn generic_instances_are_one_function_and_assembly_helpers_are_runtime() {
        let mut b = Builder::cpu();
        let int = b.func(
            "example.com/m/box.(*Box[go.shape.int]).Add",
            "box/box.go",
            10,
        );
        let s = b.func(
            "example.com/m/box.(*Box[go.shape.string]).Add",
            "box/box.go",
            10,
        );
        let caller = b.func("example.com/m/box.both", "box/box.go", 20);
        let wb = b.func("gcWriteBarrier", "runtime/asm_amd64.s", 1);
        let newdefer = b.func("runtime.newdefer", "runtime/panic.go", 578);
        let (li, ls, lc) = (
            b.loc(&[(int, 11)]),
            b.loc(&[(s, 11)]),
            b.loc(&[(caller, 21)]),
        );
        let (lw, ln) = (b.loc(&[(wb, 2)]), b.loc(&[(newdefer, 580)]));
        // Both instances on one stack: counted once.
        b.sample(&[li, ls, lc], 5);
        b.sample(&[ls, lc], 3);
        b.sample(&[lw, ln, li, lc], 2);
        let a = Attribution::from_bytes(&b.bytes()).unwrap();
        let add = stats(&a, "example.com/m/box.(*Box[...]).Add");
        assert_eq!((add.flat, add.cum, add.defer), (8, 10, 2));
        let (_, found) = a
            .lookup(&query(
                "example.com/m/box.(*Box).Add",
                "box/box.go",
                (10, 14),
            ))
            .unwrap();
        assert_eq!(found.cum, 10);
    }

    #[test]
    fn functions_match_by_file_and_line_then_by_name() {
        let mut b = Builder::cpu();
        let hot = b.func(
            "example.com/m/cache.(*Cache[...]).Get",
            "/home/ci/go/pkg/mod/example.com/m@v1.2.3/cache/cache.go",
            20,
        );
        let lit = b.func(
            "example.com/m/cache.(*Cache[...]).Get.func1",
            "/home/ci/go/pkg/mod/example.com/m@v1.2.3/cache/cache.go",
            24,
        );
        let other = b.func("example.com/m/cache.other", "/elsewhere/cache/other.go", 3);
        let l = b.loc(&[(lit, 25), (hot, 24)]);
        let o = b.loc(&[(other, 4)]);
        b.sample(&[l], 3);
        b.sample(&[o], 1);
        let a = Attribution::from_bytes(&b.bytes()).unwrap();
        // Same file and name (type arguments aside).
        let (_, f) = a
            .lookup(&query(
                "example.com/m/cache.(*Cache).Get",
                "cache/cache.go",
                (20, 30),
            ))
            .unwrap();
        assert_eq!(f.cum, 3);
        // Closures by name too.
        let (_, f) = a
            .lookup(&query(
                "example.com/m/cache.(*Cache).Get.func1",
                "cache/cache.go",
                (24, 26),
            ))
            .unwrap();
        assert_eq!(f.start_line, 24);
        // Same file and declaration line, whatever we call it.
        let (_, f) = a
            .lookup(&query("main.(*Cache).Get", "cache/cache.go", (20, 30)))
            .unwrap();
        assert_eq!(f.name, "example.com/m/cache.(*Cache[...]).Get");
        // Lines moved and the file is elsewhere: the name still matches.
        let (_, f) = a
            .lookup(&query(
                "example.com/m/cache.(*Cache).Get",
                "pkg/cache/cache.go",
                (40, 50),
            ))
            .unwrap();
        assert_eq!(f.start_line, 20);
        // Neither file, line nor name.
        assert!(a
            .lookup(&query("example.com/m/cache.Put", "cache/put.go", (20, 30)))
            .is_none());
        // The same line in another file is another function.
        assert!(a
            .lookup(&query("example.com/n.F", "cache/put.go", (20, 30)))
            .is_none());
        let mut all = HashSet::new();
        all.insert(a.lookup(&query("x.y", "cache/other.go", (3, 9))).unwrap().0);
        assert!((a.coverage(&all) - 25.0).abs() < 1e-9);
    }

    #[test]
    fn profile_paths_from_other_machines_match_by_suffix() {
        for path in [
            "cache/cache.go",
            "/home/me/src/svc/cache/cache.go",
            "/root/go/src/example.com/m/cache/cache.go",
            "/root/go/pkg/mod/example.com/m@v1.0.0/cache/cache.go",
            "example.com/m/cache/cache.go",
            "C:\\work\\m\\cache\\cache.go",
        ] {
            assert!(file_matches(path, "cache/cache.go"), "{path}");
        }
        for path in ["/x/mycache/cache.go", "/x/cache/cache.go.orig", "cache.go"] {
            assert!(!file_matches(path, "cache/cache.go"), "{path}");
        }
        assert!(!file_matches("/x/cache.go", ""));
    }

    #[test]
    fn thresholds_parse_with_or_without_percent() {
        assert_eq!(parse_threshold("1%"), Ok(1.0));
        assert_eq!(parse_threshold("1"), Ok(1.0));
        assert_eq!(parse_threshold(" 0.5% "), Ok(0.5));
        assert!(parse_threshold("abc").is_err());
        assert!(parse_threshold("101%").is_err());
        assert!(parse_threshold("-1").is_err());
        assert_eq!(normalize_name("p.Map[...].Get"), "p.Map.Get");
        assert_eq!(format_pct(31.25), "31.2%");
        assert_eq!(format_pct(0.5), "0.50%");
    }
}
