//! Go modules: what `go.mod` and `go.work` say, so that an import path can be
//! mapped to the code the go command builds it from (see [`crate::program`]).
//!
//! Only what decides which code an import means is read: the module path, the
//! `go` version, `require`, `replace`, `toolchain` (a `go.mod`), and `use` and
//! `replace` (a `go.work`). The files are parsed as the go command writes them:
//! directives one per line or in parenthesized blocks, `//` comments, quoted or
//! bare paths.

/// A `replace` directive: `old [version] => new [version]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    pub old: String,
    /// Only this version of `old` is replaced; None: every version.
    pub old_version: Option<String>,
    pub new: String,
    /// None when `new` is a local directory (a path starting with `./`, `../` or
    /// `/`), else the version of the module `new`.
    pub new_version: Option<String>,
}

/// What a `go.mod` file says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoMod {
    pub module: String,
    /// The `go` directive (`1.22`, `1.21.3`).
    pub go: Option<String>,
    /// The `toolchain` directive (`go1.22.4`).
    pub toolchain: Option<String>,
    pub requires: Vec<(String, String)>,
    pub replaces: Vec<Replace>,
}

/// What a `go.work` file says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoWork {
    /// The module directories, relative to the file's directory as written.
    pub uses: Vec<String>,
    pub replaces: Vec<Replace>,
}

/// The directives of a go.mod or go.work text: (verb, arguments) per line, blocks
/// expanded. Comments are dropped; quoted arguments are unquoted.
fn directives(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let words = split_words(line);
        if words.is_empty() {
            continue;
        }
        if let Some(verb) = &block {
            if words[0] == ")" {
                block = None;
            } else {
                out.push((verb.clone(), words));
            }
            continue;
        }
        if words.len() == 2 && words[1] == "(" {
            block = Some(words[0].clone());
            continue;
        }
        out.push((words[0].clone(), words[1..].to_vec()));
    }
    out
}

/// The words of a line: blank-separated, `"..."` and `` `...` `` quoted ones
/// unquoted, `(`, `)` and `=>` as words of their own.
fn split_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' || c == '`' {
            chars.next();
            let mut w = String::new();
            let mut escaped = false;
            for d in chars.by_ref() {
                if c == '"' && d == '\\' && !escaped {
                    escaped = true;
                    continue;
                }
                if d == c && !escaped {
                    break;
                }
                escaped = false;
                w.push(d);
            }
            out.push(w);
        } else if c == '(' || c == ')' {
            chars.next();
            out.push(c.to_string());
        } else {
            let mut w = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_whitespace() || d == '(' || d == ')' {
                    break;
                }
                w.push(d);
                chars.next();
            }
            out.push(w);
        }
    }
    out
}

fn replace_of(args: &[String]) -> Option<Replace> {
    let arrow = args.iter().position(|w| w == "=>")?;
    let (left, right) = (&args[..arrow], &args[arrow + 1..]);
    let (old, old_version) = match left {
        [m] => (m.clone(), None),
        [m, v] => (m.clone(), Some(v.clone())),
        _ => return None,
    };
    let (new, new_version) = match right {
        [p] => (p.clone(), None),
        [m, v] => (m.clone(), Some(v.clone())),
        _ => return None,
    };
    let local = new.starts_with("./") || new.starts_with("../") || new.starts_with('/');
    if local != new_version.is_none() {
        return None;
    }
    Some(Replace {
        old,
        old_version,
        new,
        new_version,
    })
}

impl GoMod {
    /// Parse a `go.mod` text; None when it has no `module` line.
    pub fn parse(text: &str) -> Option<GoMod> {
        let mut m = GoMod::default();
        for (verb, args) in directives(text) {
            match verb.as_str() {
                "module" => m.module = args.first()?.clone(),
                "go" => m.go = args.first().cloned(),
                "toolchain" => m.toolchain = args.first().cloned(),
                "require" if args.len() >= 2 => m.requires.push((args[0].clone(), args[1].clone())),
                "replace" => m.replaces.extend(replace_of(&args)),
                _ => {}
            }
        }
        (!m.module.is_empty()).then_some(m)
    }

    /// Does this module list every module it builds with at the version the go
    /// command selects? From `go 1.17` on, go.mod lists each module that provides
    /// a package the main module imports, directly or not, and the go command
    /// refuses to build when the list is out of date; before, a dependency's own
    /// requirements could select a higher version than the one written here.
    pub fn lists_selected_versions(&self) -> bool {
        let Some(go) = &self.go else {
            return false;
        };
        let mut parts = go.split('.').map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse::<u32>()
                .unwrap_or(0)
        });
        let major = parts.next().unwrap_or(0);
        let minor = parts.next().unwrap_or(0);
        major > 1 || (major == 1 && minor >= 17)
    }

    /// Does the go command need a newer Go than `version` (`go1.26.0`) to build
    /// this module (its `go` or `toolchain` line is later)? It then switches to
    /// that toolchain, whose standard library is another.
    pub fn needs_newer_go_than(&self, version: &str) -> bool {
        let have = go_version(version);
        [&self.go, &self.toolchain]
            .into_iter()
            .flatten()
            .any(|v| go_version(v) > have)
    }

    /// The required module that provides `path` (the longest module path that is
    /// a prefix of it, at a `/`), with its version.
    pub fn provider(&self, path: &str) -> Option<(&str, &str)> {
        self.requires
            .iter()
            .filter(|(m, _)| within(path, m))
            .max_by_key(|(m, _)| m.len())
            .map(|(m, v)| (m.as_str(), v.as_str()))
    }
}

impl GoWork {
    pub fn parse(text: &str) -> GoWork {
        let mut w = GoWork::default();
        for (verb, args) in directives(text) {
            match verb.as_str() {
                "use" => w.uses.extend(args.first().cloned()),
                "replace" => w.replaces.extend(replace_of(&args)),
                _ => {}
            }
        }
        w
    }
}

/// The replacement of `module` at `version` among `replaces`: one naming the
/// version wins over one for every version.
pub fn replacement<'a>(
    replaces: &'a [Replace],
    module: &str,
    version: &str,
) -> Option<&'a Replace> {
    let mut all = None;
    for r in replaces.iter().filter(|r| r.old == module) {
        match &r.old_version {
            Some(v) if v == version => return Some(r),
            Some(_) => {}
            None => all = Some(r),
        }
    }
    all
}

/// A Go version as numbers: `go1.22.4`, `1.22`, `go1.23rc1` → [1, 22, 4],
/// [1, 22, 0], [1, 23, 0] (a pre-release counts as its release: later than
/// every earlier one, not more).
pub fn go_version(v: &str) -> [u32; 3] {
    let v = v.trim().trim_start_matches("go");
    let mut out = [0; 3];
    for (i, part) in v.split('.').take(3).enumerate() {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        out[i] = digits.parse().unwrap_or(0);
    }
    out
}

/// Is the import path `path` in the module (or package path) `module`?
pub fn within(path: &str, module: &str) -> bool {
    path == module
        || (path.len() > module.len()
            && path.starts_with(module)
            && path.as_bytes()[module.len()] == b'/')
}

/// A module path or version as the module cache spells it: each upper-case
/// letter as `!` and its lower case (`github.com/BurntSushi` →
/// `github.com/!burnt!sushi`).
pub fn escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Is `path` a standard-library import path (no dot in its first element)?
pub fn is_std_path(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or(path);
    !first.contains('.') && !path.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_mod_blocks_comments_and_quotes() {
        let m = GoMod::parse(
            "// header\nmodule \"example.com/m\" // the module\n\ngo 1.22\n\nrequire (\n\tgithub.com/A/b v1.2.3 // indirect\n\tgolang.org/x/sys v0.1.0\n)\nrequire example.com/c v0.0.1\nreplace example.com/c => ../c\nreplace (\n\tgolang.org/x/sys v0.1.0 => golang.org/x/sys v0.2.0\n)\n",
        )
        .unwrap();
        assert_eq!(m.module, "example.com/m");
        assert_eq!(m.go.as_deref(), Some("1.22"));
        assert!(m.lists_selected_versions());
        assert_eq!(m.requires.len(), 3);
        assert_eq!(
            m.provider("github.com/A/b/c/d"),
            Some(("github.com/A/b", "v1.2.3"))
        );
        assert_eq!(m.provider("github.com/A/bc"), None);
        let r = replacement(&m.replaces, "example.com/c", "v0.0.1").unwrap();
        assert_eq!((r.new.as_str(), r.new_version.as_deref()), ("../c", None));
        let r = replacement(&m.replaces, "golang.org/x/sys", "v0.1.0").unwrap();
        assert_eq!(r.new_version.as_deref(), Some("v0.2.0"));
        assert!(replacement(&m.replaces, "golang.org/x/sys", "v0.3.0").is_none());
        assert_eq!(
            escape("github.com/BurntSushi/toml"),
            "github.com/!burnt!sushi/toml"
        );
    }

    #[test]
    fn old_go_versions_do_not_list_selected_versions() {
        for (go, lists) in [
            ("1.16", false),
            ("1.17", true),
            ("1.21.3", true),
            ("2.0", true),
        ] {
            let m = GoMod::parse(&format!("module m\ngo {go}\n")).unwrap();
            assert_eq!(m.lists_selected_versions(), lists, "{go}");
        }
        assert!(!GoMod::parse("module m\n")
            .unwrap()
            .lists_selected_versions());
        assert!(GoMod::parse("go 1.22\n").is_none());
    }

    #[test]
    fn a_newer_go_or_toolchain_line_needs_another_toolchain() {
        let m = GoMod::parse("module m\ngo 1.22\ntoolchain go1.27.1\n").unwrap();
        assert!(m.needs_newer_go_than("go1.26.8"));
        assert!(!m.needs_newer_go_than("go1.27.1"));
        let m = GoMod::parse("module m\ngo 1.26\n").unwrap();
        assert!(!m.needs_newer_go_than("go1.26.0"));
        assert!(m.needs_newer_go_than("go1.25.9"));
        assert_eq!(go_version("go1.23rc1"), [1, 23, 0]);
    }

    #[test]
    fn go_work_uses() {
        let w = GoWork::parse("go 1.22\n\nuse (\n\t./a\n\t./b // b\n)\nuse ./c\n");
        assert_eq!(w.uses, ["./a", "./b", "./c"]);
    }
}
