//! Calls into other packages that are known not to panic (with a recoverable panic),
//! each with the reason. Everything not listed here is assumed to panic.
//!
//! Keys are `import/path.Func` for functions and conversions, and
//! `import/path.Type.Method` for methods (pointer or value receiver alike). Teams add
//! their own with `[safety] no_panic = ["pkg/path.Func", "(*pkg/path.Type).Method"]`.
//!
//! A fatal runtime error (`fatal error: sync: unlock of unlocked mutex`, concurrent
//! map writes, out of memory) ends the program without running deferred calls, so it
//! does not distinguish a deferred call from an explicit one: such functions count as
//! not panicking here.

/// (key, why it cannot panic)
pub const NO_PANIC: &[(&str, &str)] = &[
    // sync: misuse of a lock is a fatal error, not a panic.
    (
        "sync.Mutex.Lock",
        "misuse is a fatal error, never a recoverable panic",
    ),
    (
        "sync.Mutex.Unlock",
        "unlocking an unlocked mutex is a fatal error, never a recoverable panic",
    ),
    ("sync.Mutex.TryLock", "never panics"),
    (
        "sync.RWMutex.Lock",
        "misuse is a fatal error, never a recoverable panic",
    ),
    (
        "sync.RWMutex.Unlock",
        "misuse is a fatal error, never a recoverable panic",
    ),
    (
        "sync.RWMutex.RLock",
        "misuse is a fatal error, never a recoverable panic",
    ),
    (
        "sync.RWMutex.RUnlock",
        "misuse is a fatal error, never a recoverable panic",
    ),
    ("sync.RWMutex.TryLock", "never panics"),
    ("sync.RWMutex.TryRLock", "never panics"),
    // sync/atomic: the typed values cannot be misaligned; loads and stores of them never panic.
    (
        "sync/atomic.Bool.Load",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Bool.Store",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Bool.Swap",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Bool.CompareAndSwap",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Int32.Load",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Int32.Store",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Int32.Add",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Int32.Swap",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Int32.CompareAndSwap",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Int64.Load",
        "a typed atomic value is always aligned (also on 32-bit platforms)",
    ),
    (
        "sync/atomic.Int64.Store",
        "a typed atomic value is always aligned (also on 32-bit platforms)",
    ),
    (
        "sync/atomic.Int64.Add",
        "a typed atomic value is always aligned (also on 32-bit platforms)",
    ),
    (
        "sync/atomic.Int64.Swap",
        "a typed atomic value is always aligned (also on 32-bit platforms)",
    ),
    (
        "sync/atomic.Int64.CompareAndSwap",
        "a typed atomic value is always aligned (also on 32-bit platforms)",
    ),
    (
        "sync/atomic.Uint32.Load",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Uint32.Store",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Uint32.Add",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Uint32.CompareAndSwap",
        "a typed atomic value is always aligned",
    ),
    (
        "sync/atomic.Uint64.Load",
        "a typed atomic value is always aligned (also on 32-bit platforms)",
    ),
    (
        "sync/atomic.Uint64.Store",
        "a typed atomic value is always aligned (also on 32-bit platforms)",
    ),
    (
        "sync/atomic.Uint64.Add",
        "a typed atomic value is always aligned (also on 32-bit platforms)",
    ),
    (
        "sync/atomic.Uint64.CompareAndSwap",
        "a typed atomic value is always aligned (also on 32-bit platforms)",
    ),
    ("sync/atomic.Pointer.Load", "never panics"),
    ("sync/atomic.Pointer.Store", "never panics"),
    ("sync/atomic.Pointer.Swap", "never panics"),
    ("sync/atomic.Pointer.CompareAndSwap", "never panics"),
    (
        "sync/atomic.Value.Load",
        "Load never panics (Store and CompareAndSwap do, on nil or a changed type)",
    ),
    // time: pure computations on values.
    ("time.Now", "reads the clock, never panics"),
    ("time.Since", "arithmetic on a time value, never panics"),
    ("time.Until", "arithmetic on a time value, never panics"),
    (
        "time.AfterFunc",
        "only creates a timer; f runs later in its own goroutine, where a panic cannot be recovered here",
    ),
    ("time.Duration", "a conversion to an integer type"),
    ("time.Time.Add", "arithmetic on a time value, never panics"),
    ("time.Time.Sub", "arithmetic on a time value, never panics"),
    ("time.Time.Before", "a comparison, never panics"),
    ("time.Time.After", "a comparison, never panics"),
    ("time.Time.Equal", "a comparison, never panics"),
    ("time.Time.IsZero", "never panics"),
    ("time.Time.Unix", "never panics"),
    ("time.Time.UnixNano", "never panics"),
    (
        "time.Time.Round",
        "divides only by a positive duration or by its positive multiple of a second",
    ),
    ("time.Duration.Seconds", "arithmetic, never panics"),
    ("time.Duration.Milliseconds", "arithmetic, never panics"),
    // errors and fmt: formatting recovers panics raised by String/Error methods
    // itself, but not a second panic of the recovered value's Error method, nor
    // runtime.Goexit: see CALLS_OPERAND_METHODS.
    ("errors.New", "allocates a value, never panics"),
    (
        "fmt.Errorf",
        "fmt recovers panics of the values' String/Error methods and prints them",
    ),
    (
        "fmt.Sprintf",
        "fmt recovers panics of the values' String/Error methods and prints them",
    ),
    (
        "fmt.Sprint",
        "fmt recovers panics of the values' String/Error methods and prints them",
    ),
    (
        "fmt.Sprintln",
        "fmt recovers panics of the values' String/Error methods and prints them",
    ),
    // strconv and strings: total functions on their inputs.
    ("strconv.Itoa", "total on int"),
    ("strconv.Quote", "total on string"),
    ("strconv.FormatBool", "total on bool"),
    ("strings.Contains", "total on strings"),
    ("strings.ContainsRune", "total on strings"),
    ("strings.HasPrefix", "total on strings"),
    ("strings.HasSuffix", "total on strings"),
    ("strings.Index", "total on strings"),
    ("strings.IndexByte", "total on strings"),
    ("strings.LastIndex", "total on strings"),
    ("strings.EqualFold", "total on strings"),
    ("strings.Compare", "total on strings"),
    ("strings.TrimSpace", "total on strings"),
    ("strings.TrimPrefix", "total on strings"),
    ("strings.TrimSuffix", "total on strings"),
    ("strings.ToLower", "total on strings"),
    ("strings.ToUpper", "total on strings"),
    ("strings.Split", "total on strings"),
    ("strings.Join", "total on strings"),
    ("strings.Fields", "total on strings"),
    ("strings.Cut", "total on strings"),
    ("strings.ReplaceAll", "total on strings"),
    ("strings.Clone", "total on strings"),
    // slices: for cmp.Ordered elements no comparison can panic (no interfaces), and
    // every index stays within the slice.
    ("slices.Sort", "ordered elements, indexes within the slice"),
    (
        "slices.BinarySearch",
        "ordered elements, indexes within the slice",
    ),
    // bytes: resetting a Buffer reslices to [:0]; a Reader's Len compares first.
    (
        "bytes.Buffer.Reset",
        "reslices to [:0] and clears two fields",
    ),
    (
        "bytes.Reader.Len",
        "returns 0 when the offset is past the end",
    ),
    // sync.Map.Clear stores a new empty root (after a one-time init); it never
    // hashes a key, so no key type can make it panic.
    (
        "sync.Map.Clear",
        "never hashes a key; stores a new empty root",
    ),
];

/// Allowlisted functions that call methods of their operands (fmt calls `String`,
/// `Error`, `Format` and `GoString`): they are panic-free only when called with
/// operands that have no methods.
pub const CALLS_OPERAND_METHODS: &[&str] =
    &["fmt.Errorf", "fmt.Sprintf", "fmt.Sprint", "fmt.Sprintln"];

/// Result types of a few functions of other packages, so that values computed from
/// them are typed (`now := time.Now()` → `time.Time`, whose methods are listed
/// above): (`path.Func`, the result type's name in that package).
/// A predeclared type name (`string`, `error`) stays as it is.
pub const RESULT_TYPES: &[(&str, &str)] = &[
    ("time.Now", "Time"),
    ("time.Since", "Duration"),
    ("time.Until", "Duration"),
    ("time.Unix", "Time"),
    ("fmt.Sprint", "string"),
    ("fmt.Sprintf", "string"),
    ("fmt.Sprintln", "string"),
];

/// The result type of a call to `path.Func` written through the import name `pkg`
/// (`time.Now` → `time.Time`), when listed in [`RESULT_TYPES`].
pub fn result_type(path: &str, func: &str, pkg: &str) -> Option<String> {
    RESULT_TYPES
        .iter()
        .find(|(k, _)| k.strip_prefix(path).and_then(|r| r.strip_prefix('.')) == Some(func))
        .map(|(_, ty)| qualify(ty, pkg))
}

/// Result types of a few methods of other packages' types, so that the values they
/// return are typed (`tx, err := db.Begin()` with `db` a `*sql.DB` → `*sql.Tx`):
/// (`path.Type.Method`, the result types' names in that package).
pub const METHOD_RESULT_TYPES: &[(&str, &[&str])] = &[
    ("database/sql.DB.Begin", &["*Tx", "error"]),
    ("database/sql.DB.BeginTx", &["*Tx", "error"]),
    ("database/sql.Conn.BeginTx", &["*Tx", "error"]),
    ("github.com/jmoiron/sqlx.DB.Beginx", &["*Tx", "error"]),
    ("github.com/jmoiron/sqlx.DB.BeginTxx", &["*Tx", "error"]),
    ("github.com/jmoiron/sqlx.DB.MustBegin", &["*Tx"]),
    ("github.com/jmoiron/sqlx.DB.MustBeginTx", &["*Tx"]),
    ("github.com/jmoiron/sqlx.Conn.BeginTxx", &["*Tx", "error"]),
];

/// The result types of a call of method `method` on a value of type `pkg.ty` (or
/// `*pkg.ty`), `pkg` being the import name of `path`, when listed in
/// [`METHOD_RESULT_TYPES`].
pub fn method_result_types(path: &str, ty: &str, method: &str, pkg: &str) -> Option<Vec<String>> {
    let key = format!("{path}.{ty}.{method}");
    METHOD_RESULT_TYPES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, results)| results.iter().map(|t| qualify(t, pkg)).collect())
}

/// A type name of the package imported as `pkg`, written from outside it:
/// `*Tx` → `*pkg.Tx`; predeclared names (`error`, `string`) stay.
fn qualify(ty: &str, pkg: &str) -> String {
    let name = ty.trim_start_matches('*');
    if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        format!("{}{pkg}.{name}", &ty[..ty.len() - name.len()])
    } else {
        ty.to_string()
    }
}

// (No list of other packages' variables is trusted to hold a comparable value:
// `io.EOF` and the like are exported variables, which any package of the program
// can assign.)

/// `(*pkg/path.Type).Method` / `(pkg/path.Type).Method` → `pkg/path.Type.Method`.
pub fn normalize(key: &str) -> String {
    let k = key.trim();
    if let Some(rest) = k.strip_prefix('(') {
        if let Some((recv, method)) = rest.split_once(").") {
            return format!("{}.{method}", recv.trim_start_matches('*'));
        }
    }
    k.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn normalize_forms() {
        assert_eq!(
            super::normalize("(*example.com/x.T).M"),
            "example.com/x.T.M"
        );
        assert_eq!(super::normalize("(example.com/x.T).M"), "example.com/x.T.M");
        assert_eq!(super::normalize("example.com/x.F"), "example.com/x.F");
    }

    #[test]
    fn keys_are_unique_and_have_reasons() {
        let mut keys: Vec<&str> = super::NO_PANIC.iter().map(|(k, _)| *k).collect();
        assert!(super::NO_PANIC.iter().all(|(_, r)| !r.is_empty()));
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }
}
