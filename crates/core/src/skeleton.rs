//! The bodies of a Go file's top-level declarations: of functions and methods, and
//! the composite and func literals of package-level initializers ([`bodies`]). A
//! partial parse leaves some or all of them out (the parser skips their bytes; see
//! [`crate::source::parse_go_excluding`]), so offsets and lines are those of the
//! file: a package view needs only the declarations, and the rules only the bodies
//! that hold one of their needles. Most of a file's bytes are in bodies and tables,
//! so this parses much less; a body left out is parsed alone when a package summary
//! needs it.
//!
//! The scan is a small Go lexer (comments, strings, raw strings, runes). On anything
//! it does not understand it gives up, and the caller parses the whole file.

/// The byte ranges between the braces of the bodies of top-level `func`
/// declarations and of the composite and func literals of package-level
/// initializers, in order; None when the scan is in doubt.
pub fn bodies(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    bodies_and_functions(text).map(|(found, _)| found)
}

/// A top-level `func` declaration with a body, as [`bodies_and_functions`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuncDecl {
    /// The offset of its `func` keyword.
    pub start: usize,
    /// Its name's bytes (None when the scan could not tell it).
    pub name: Option<std::ops::Range<usize>>,
}

/// Bodies, and for each the `func` declaration it is the body of.
pub type BodiesAndFunctions = (Vec<std::ops::Range<usize>>, Vec<Option<FuncDecl>>);

/// The name of the `func` declaration whose keyword ends at `after`: the word
/// after the receiver's parentheses, if any.
fn func_name(b: &[u8], after: usize) -> Option<std::ops::Range<usize>> {
    fn next<'a>(lex: &mut Lexer<'a>) -> Option<Tok<'a>> {
        loop {
            match lex.next()?? {
                Tok::Newline => {}
                t => return Some(t),
            }
        }
    }
    let mut lex = Lexer { b, i: after };
    let mut tok = next(&mut lex)?;
    if tok == Tok::Open(b'(') {
        let mut depth = 1;
        while depth > 0 {
            match next(&mut lex)? {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => depth -= 1,
                _ => {}
            }
        }
        tok = next(&mut lex)?;
    }
    match tok {
        Tok::Word(w) => Some(lex.i - w.len()..lex.i),
        _ => None,
    }
}

/// Does `b` hold only white space and whole comments?
pub fn only_space_and_comments(b: &[u8]) -> bool {
    let mut lex = Lexer { b, i: 0 };
    loop {
        match lex.next() {
            Some(Some(Tok::Newline)) => {}
            Some(None) => return true,
            _ => return false,
        }
    }
}

/// Every identifier-like word of `b[range]` outside comments and literals, to
/// `out`; false when the scan is in doubt.
pub fn words<'a>(
    b: &'a [u8],
    range: std::ops::Range<usize>,
    out: &mut std::collections::HashSet<&'a [u8]>,
) -> bool {
    let Some(part) = b.get(range) else {
        return false;
    };
    let mut lex = Lexer { b: part, i: 0 };
    loop {
        match lex.next() {
            None => return false,
            Some(None) => return true,
            Some(Some(Tok::Word(w))) => {
                out.insert(w);
            }
            Some(Some(_)) => {}
        }
    }
}

/// [`bodies`], and for each the `func` declaration it is the body of (None for a
/// literal of a package-level initializer): its closing brace ends a top-level
/// declaration.
pub fn bodies_and_functions(text: &str) -> Option<BodiesAndFunctions> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut functions = Vec::new();
    let mut lex = Lexer { b, i: 0 };
    let mut depth: i64 = 0;
    // The last significant token at depth 0, and whether a line ended since: a `func`
    // starts a declaration only where a statement could end before it.
    let mut last: Option<Tok<'_>> = None;
    let mut newline = false;
    // The last token at any depth (line ends aside), to tell a type literal's brace.
    let mut prev: Option<Tok<'_>> = None;
    while let Some(tok) = lex.next()? {
        if tok == Tok::Open(b'{') && !matches!(prev, Some(Tok::Word(b"struct" | b"interface"))) {
            // Outside function bodies, a brace that does not open a struct or interface
            // type opens a composite literal or a func literal in a package-level
            // initializer: the package view needs neither (a `var` has the type it
            // declares, and a func literal is not a declaration).
            let open = lex.i - 1;
            let close = lex.matching_close(open)?;
            found.push(open + 1..close);
            functions.push(None);
            lex.i = close + 1;
            prev = Some(Tok::Close(b'}'));
            if depth == 0 {
                last = prev;
                newline = false;
            }
            continue;
        }
        if tok != Tok::Newline {
            prev = Some(tok);
        }
        if depth == 0 {
            if tok == Tok::Newline {
                newline = true;
                continue;
            }
            let starts = match last {
                None => true,
                Some(Tok::Other(b';')) => true,
                Some(Tok::Word(_) | Tok::Close(_) | Tok::Other(b'"' | b'`' | b'\'')) => newline,
                _ => false,
            };
            last = Some(tok);
            newline = false;
            if starts && tok == Tok::Word(b"func") {
                let after = lex.i;
                match lex.declaration_body()? {
                    Some((open, close)) => {
                        found.push(open + 1..close);
                        functions.push(Some(FuncDecl {
                            start: after - b"func".len(),
                            name: func_name(b, after),
                        }));
                        last = Some(Tok::Close(b'}'));
                        prev = last;
                    }
                    // The declaration ended at a line end or `;`, which was consumed.
                    None => {
                        last = Some(Tok::Other(b';'));
                        prev = last;
                    }
                }
                continue;
            }
        }
        match tok {
            Tok::Open(b'{' | b'(' | b'[') => depth += 1,
            Tok::Close(_) => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
                if depth == 0 {
                    last = Some(tok);
                    newline = false;
                }
            }
            _ => {}
        }
    }
    if depth != 0 {
        return None;
    }
    Some((found, functions))
}

/// A top-level `const ( ... )` declaration whose specs are all simple enough to
/// read without a parser (see [`simple_const_blocks`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstBlock {
    /// From the `const` keyword through the closing parenthesis.
    pub range: std::ops::Range<usize>,
    pub specs: Vec<ConstSpec>,
}

/// One spec of a [`ConstBlock`]: what a package view reads of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstSpec {
    pub name: std::ops::Range<usize>,
    /// From the name through the value's last token (the name alone for a spec
    /// that repeats the previous one's value).
    pub spec: std::ops::Range<usize>,
    /// The type written, a single word.
    pub ty: Option<std::ops::Range<usize>>,
    /// Does the spec have a value (`= ...`)?
    pub has_value: bool,
    /// The default type of a value that is one literal: `int`, `string`, `rune`.
    pub literal: Option<&'static str>,
    /// The value of an integer literal value.
    pub int: Option<u64>,
}

/// The parenthesized top-level const declarations of `text` whose every spec is
/// `Name`, `Name = Value` or `Name Type = Value`, one name, `Type` one word, on
/// one line, and `Value` one expression that no parser could read otherwise: a
/// lone integer (decimal, hex, octal or binary, without `_`), string or rune
/// literal, or tokens that are no literal (a word or a call such as
/// `Errno(0x7)`, an operator expression such as `1 << iota`), never a float, a
/// parenthesized value, a list, a brace or a line that goes on. Generated files
/// of constants (a `zerrors_GOOS_GOARCH.go` of syscall has thousands) are such
/// blocks: a package view reads them from this scan rather than from a tree.
/// Other blocks are not given; nothing on any doubt of the scan. `bodies` (those
/// [`bodies`] finds, or none) are stepped over, not read.
pub fn simple_const_blocks(text: &str, bodies: &[std::ops::Range<usize>]) -> Vec<ConstBlock> {
    let b = text.as_bytes();
    let mut lex = Lexer { b, i: 0 };
    let mut depth: i64 = 0;
    let mut out = Vec::new();
    let mut next_body = 0;
    loop {
        let Some(tok) = lex.next() else {
            return Vec::new();
        };
        let Some(tok) = tok else { break };
        match tok {
            Tok::Open(c) => {
                depth += 1;
                // A body's `{`: on to its `}`.
                if c == b'{' {
                    while bodies.get(next_body).is_some_and(|r| r.start < lex.i) {
                        next_body += 1;
                    }
                    if let Some(r) = bodies.get(next_body).filter(|r| r.start == lex.i) {
                        lex.i = r.end;
                        next_body += 1;
                    }
                }
            }
            Tok::Close(_) => {
                depth -= 1;
                if depth < 0 {
                    return Vec::new();
                }
            }
            // A keyword: at depth 0, a package-level declaration.
            Tok::Word(b"const") if depth == 0 => {
                let at = lex.i;
                match const_block(&mut lex, at - b"const".len()) {
                    None => return Vec::new(),
                    Some(Some(block)) => out.push(block),
                    // Not simple: scanned on as any tokens.
                    Some(None) => lex.i = at,
                }
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Vec::new();
    }
    out
}

/// Is `w` a Go identifier (not a keyword, not a number)?
fn is_identifier(w: &[u8]) -> bool {
    const KEYWORDS: [&[u8]; 25] = [
        b"break",
        b"case",
        b"chan",
        b"const",
        b"continue",
        b"default",
        b"defer",
        b"else",
        b"fallthrough",
        b"for",
        b"func",
        b"go",
        b"goto",
        b"if",
        b"import",
        b"interface",
        b"map",
        b"package",
        b"range",
        b"return",
        b"select",
        b"struct",
        b"switch",
        b"type",
        b"var",
    ];
    w.first().is_some_and(|c| !c.is_ascii_digit()) && !KEYWORDS.contains(&w)
}

/// The value of `w` when it is a whole integer literal without `_` (one token
/// for tree-sitter's grammar too); None for anything else.
fn int_literal(w: &[u8]) -> Option<u64> {
    let s = std::str::from_utf8(w).ok().filter(|s| !s.contains('_'))?;
    crate::syntax::int_literal_value(s)
}

/// After a package-level `const` (which starts at `start`): the block, if it is
/// a simple one (see [`simple_const_blocks`]); Some(None) if not; None on doubt.
#[allow(clippy::option_option)]
fn const_block(lex: &mut Lexer<'_>, start: usize) -> Option<Option<ConstBlock>> {
    if lex.next()? != Some(Tok::Open(b'(')) {
        return Some(None);
    }
    let mut specs = Vec::new();
    loop {
        let name = match lex.next()?? {
            Tok::Newline | Tok::Other(b';') => continue,
            Tok::Close(b')') => {
                return Some(Some(ConstBlock {
                    range: start..lex.i,
                    specs,
                }))
            }
            Tok::Word(w) if is_identifier(w) => lex.i - w.len()..lex.i,
            _ => return Some(None),
        };
        let mut spec = ConstSpec {
            name: name.clone(),
            spec: name.clone(),
            ty: None,
            has_value: false,
            literal: None,
            int: None,
        };
        let mut tok = lex.next()??;
        if let Tok::Word(w) = tok {
            if !is_identifier(w) {
                return Some(None);
            }
            spec.ty = Some(lex.i - w.len()..lex.i);
            tok = lex.next()??;
            // A type without a value does not compile.
            if tok != Tok::Other(b'=') {
                return Some(None);
            }
        }
        match tok {
            Tok::Newline | Tok::Other(b';') => {}
            Tok::Other(b'=') => {
                let Some((end, literal, int)) = const_value(lex)? else {
                    return Some(None);
                };
                spec.spec = name.start..end;
                spec.has_value = true;
                spec.literal = literal;
                spec.int = int;
            }
            // `)` right after a spec (`const (A = 1)`) is Go, but tree-sitter's
            // grammar reads it as an error: left to the parser, so that the view
            // reads the same either way.
            _ => return Some(None),
        }
        specs.push(spec);
    }
}

/// A simple const value (see [`simple_const_blocks`]) after its `=`, ended by a
/// line end or `;`: where it ends, the default type of a lone literal and an
/// integer literal's value. Some(None) if not simple; None on doubt.
#[allow(clippy::type_complexity, clippy::option_option)]
fn const_value(lex: &mut Lexer<'_>) -> Option<Option<(usize, Option<&'static str>, Option<u64>)>> {
    let mut depth = 0;
    let mut count = 0;
    let mut end = lex.i;
    let mut first: Option<Tok<'_>> = None;
    let mut last: Option<Tok<'_>> = None;
    loop {
        let tok = lex.next()??;
        match tok {
            Tok::Newline | Tok::Other(b';') if depth == 0 => break,
            // A value over lines, a list, a composite or func literal, the
            // block's `)` on the value's line: not simple.
            Tok::Newline | Tok::Other(b',') | Tok::Open(b'{') | Tok::Close(b'}') => {
                return Some(None)
            }
            Tok::Close(_) if depth == 0 => return Some(None),
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => depth -= 1,
            _ => {}
        }
        if count == 1 {
            // `1.5`, `1.e3`: a float literal, which is not one word.
            if let (Some(Tok::Word(w)), Tok::Other(b'.')) = (first, tok) {
                if w.first().is_some_and(u8::is_ascii_digit) {
                    return Some(None);
                }
            }
        }
        if count == 0 {
            first = Some(tok);
        }
        count += 1;
        last = Some(tok);
        end = lex.i;
    }
    let (Some(first), Some(last)) = (first, last) else {
        return Some(None);
    };
    // An operator last: the value goes on after the line end.
    if matches!(last, Tok::Other(c) if !matches!(c, b'"' | b'`' | b'\'')) {
        return Some(None);
    }
    let literal = match first {
        // `(1)` is a literal to a parser that looks through parentheses; `.5` a float.
        Tok::Open(b'(') | Tok::Other(b'.') => return Some(None),
        Tok::Word(w) if w.first().is_some_and(u8::is_ascii_digit) => {
            // A number that is not a plain integer literal (`1e3`, `0x1p4`, `2i`, `1_000`).
            let Some(v) = int_literal(w) else {
                return Some(None);
            };
            (count == 1).then_some(("int", Some(v)))
        }
        Tok::Other(b'"' | b'`') => (count == 1).then_some(("string", None)),
        Tok::Other(b'\'') => (count == 1).then_some(("rune", None)),
        _ => None,
    };
    Some(Some((
        end,
        literal.map(|(t, _)| t),
        literal.and_then(|(_, v)| v),
    )))
}

/// Can the name `panic` in `text` be something other than the builtin? True when
/// the word `panic` appears anywhere but as the callee of a call (`panic(`) —
/// `func panic(`, `panic :=`, `var panic`, a parameter named `panic`, ... —
/// and on any doubt (a text the scan cannot read). A selector `x.panic` is no
/// declaration of the name and is skipped. Comments and strings are skipped.
pub fn redeclares_panic(text: &str) -> bool {
    let b = text.as_bytes();
    let is_word = |c: u8| c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80;
    // Most files only call it: when every `panic` that is a word of its own is
    // followed by `(` and not preceded by `func` (white space aside, anything else
    // in between, a comment say, needs the scan), there is nothing to scan for.
    let looks_like_call = |at: usize| {
        let end = at + b"panic".len();
        if b.get(end).is_some_and(|&c| is_word(c)) || (at > 0 && is_word(b[at - 1])) {
            return true; // part of a longer word (`panics`, `mustpanic`)
        }
        let next = b[end..].iter().find(|c| !c.is_ascii_whitespace());
        let before = b[..at].trim_ascii_end();
        next == Some(&b'(')
            && !before.ends_with(b"/")
            && !(before.ends_with(b"func")
                && (before.len() == 4 || !is_word(before[before.len() - 5])))
    };
    if memchr::memmem::find_iter(b, b"panic").all(looks_like_call) {
        return false;
    }
    // Streamed with two tokens of lookahead: generated files hold millions of
    // tokens, and a vector of them was the largest allocation of such a package.
    let mut lex = Lexer { b, i: 0 };
    let mut next_tok = || loop {
        match lex.next() {
            None => return Err(()),
            Some(None) => return Ok(None),
            Some(Some(Tok::Newline)) => {}
            Some(Some(t)) => return Ok(Some(t)),
        }
    };
    let Ok(mut tok) = next_tok() else { return true };
    let Ok(mut next) = next_tok() else {
        return true;
    };
    let Ok(mut after) = next_tok() else {
        return true;
    };
    let mut prev: Option<Tok<'_>> = None;
    // Whether each open bracket is a struct type's brace: `panic T` there is a
    // field, which binds no name.
    let mut in_struct: Vec<bool> = Vec::new();
    while let Some(t) = tok {
        match t {
            Tok::Open(c) => in_struct.push(c == b'{' && prev == Some(Tok::Word(b"struct"))),
            Tok::Close(_) => {
                in_struct.pop();
            }
            Tok::Word(b"panic") => {
                let selector = prev == Some(Tok::Other(b'.'))
                    || matches!(prev, Some(Tok::Word(b"break" | b"continue" | b"goto")));
                let field = in_struct.last() == Some(&true);
                // `panic: v` is a struct literal's key or a label, not a binding
                // (nor is `x.panic`, or a label after `break`/`continue`/`goto`).
                let key = next == Some(Tok::Other(b':')) && after != Some(Tok::Other(b'='));
                let call = next == Some(Tok::Open(b'(')) && prev != Some(Tok::Word(b"func"));
                if !(selector || field || key || call) {
                    return true;
                }
            }
            _ => {}
        }
        prev = tok;
        tok = next;
        next = after;
        after = if next.is_some() {
            match next_tok() {
                Ok(t) => t,
                Err(()) => return true,
            }
        } else {
            None
        };
    }
    false
}

/// The package name of Go source `text` (`package p`), read from its first tokens.
pub fn package_clause(text: &str) -> Option<String> {
    let mut lex = Lexer {
        b: text.as_bytes(),
        i: 0,
    };
    let mut seen_package = false;
    while let Some(tok) = lex.next()? {
        match tok {
            Tok::Newline => {}
            Tok::Word(b"package") if !seen_package => seen_package = true,
            Tok::Word(w) if seen_package => return Some(String::from_utf8_lossy(w).into_owned()),
            _ => return None,
        }
    }
    None
}

/// The names that Go source `text` declares at package level (functions; `var`,
/// `const` and `type` specs, grouped or not; methods as `T.m`, T the receiver's
/// base type name), read from its tokens; None when the scan is in doubt. For the
/// `_test.go` files that `go test` compiles into a package: what they declare can
/// shadow a predeclared name (`append`) in every file of the package, and a
/// method a promoted one (`o.Size()` is Outer's own Size under test).
pub fn package_level_names(text: &str) -> Option<Vec<String>> {
    let mut lex = Lexer {
        b: text.as_bytes(),
        i: 0,
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    // At the start of a line (or after `;`).
    let mut line_start = true;
    // Inside the parentheses of a `var (`, `const (` or `type (` group, at depth 1.
    let mut group = false;
    // The keyword whose names are read: `func`, `var`, `const` or `type`.
    let mut keyword: Option<&[u8]> = None;
    // The next word is a declared name.
    let mut expect_name = false;
    // After a declared name, where `, name` may follow (var and const specs).
    let mut in_list = false;
    // Inside a method's receiver (`func (r *T[K]) m`): the last word at its
    // depth so far, its base type name at the end.
    let mut receiver: Option<Option<&[u8]>> = None;
    // After a receiver: its base type name, the next word being the method's.
    let mut method_of: Option<&[u8]> = None;
    while let Some(tok) = lex.next()? {
        match tok {
            Tok::Newline | Tok::Other(b';') => {
                line_start = true;
                expect_name = false;
                in_list = false;
                method_of = None;
                continue;
            }
            Tok::Word(w) if receiver.is_some() => {
                if depth == 1 {
                    receiver = Some(Some(w));
                }
            }
            Tok::Word(w) if method_of.is_some() => {
                let base = method_of.take().unwrap_or_default();
                out.push(format!(
                    "{}.{}",
                    String::from_utf8_lossy(base),
                    String::from_utf8_lossy(w)
                ));
            }
            Tok::Word(w) => {
                let lists = keyword.is_some_and(|k| k == b"var" || k == b"const");
                if expect_name {
                    out.push(String::from_utf8_lossy(w).into_owned());
                    expect_name = false;
                    in_list = lists;
                } else if depth == 0
                    && line_start
                    && matches!(w, b"func" | b"var" | b"const" | b"type")
                {
                    keyword = Some(w);
                    expect_name = true;
                    in_list = false;
                } else if group && depth == 1 && line_start {
                    out.push(String::from_utf8_lossy(w).into_owned());
                    in_list = lists;
                } else {
                    in_list = false;
                }
            }
            Tok::Other(b',') if in_list => {
                expect_name = true;
                in_list = false;
            }
            Tok::Open(c) => {
                let opens_group =
                    expect_name && depth == 0 && c == b'(' && keyword.is_some_and(|k| k != b"func");
                // A parenthesized receiver type (`func (r (*T)) m`): in doubt.
                if receiver.is_some() && c == b'(' {
                    return None;
                }
                if expect_name && depth == 0 && c == b'(' && keyword == Some(b"func") {
                    receiver = Some(None);
                }
                method_of = None;
                expect_name = false;
                in_list = false;
                depth += 1;
                if opens_group {
                    group = true;
                    line_start = true;
                    continue;
                }
            }
            Tok::Close(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    group = false;
                    if let Some(base) = receiver.take() {
                        method_of = Some(base?);
                        line_start = false;
                        continue;
                    }
                }
                expect_name = false;
                in_list = false;
            }
            Tok::Other(_) => {
                expect_name = false;
                in_list = false;
                method_of = None;
            }
        }
        line_start = false;
    }
    Some(out)
}

/// The comments of Go source `text` outside `bodies` (sorted, disjoint, as
/// [`bodies`] gives them) that a parse of the declarations alone can leave out,
/// sorted: line comments (their line end kept) and general comments on one line,
/// that follow white space or start the text. Not one after a token (left out,
/// `x/*c*/y` would read as one word `xy`), nor one across lines: Go reads it as a
/// line end, the Go grammar as nothing (`a int /*`, a line end, `*/ b int` is a
/// syntax error to it), and left out it would be neither. The parser reads comments as white
/// space, so the tree is the tree with those comment nodes taken out. None when
/// the scan is in doubt (a literal or general comment that does not end).
pub fn comments_outside(
    text: &str,
    bodies: &[std::ops::Range<usize>],
) -> Option<Vec<std::ops::Range<usize>>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    // The gaps between bodies hold whole literals and comments: a body's braces
    // are outside every literal and comment.
    for k in 0..=bodies.len() {
        let gap_end = bodies.get(k).map_or(b.len(), |r| r.start);
        let mut i = from;
        while i < gap_end {
            match b[i] {
                b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => {
                    let line = b[i + 1] == b'/';
                    let end = if line {
                        memchr::memchr(b'\n', &b[i..gap_end]).map_or(gap_end, |e| i + e)
                    } else {
                        i + 2 + memchr::memmem::find(b.get(i + 2..gap_end)?, b"*/")? + 2
                    };
                    if (i == 0 || b[i - 1].is_ascii_whitespace())
                        && (line || memchr::memchr(b'\n', &b[i..end]).is_none())
                    {
                        out.push(i..end);
                    }
                    i = end;
                }
                q @ (b'"' | b'\'') => {
                    let mut j = i + 1;
                    loop {
                        if j >= gap_end {
                            return None;
                        }
                        match b[j] {
                            b'\n' => return None,
                            b'\\' => j += 2,
                            c if c == q => break,
                            _ => j += 1,
                        }
                    }
                    i = j + 1;
                }
                b'`' => i += 1 + memchr::memchr(b'`', b.get(i + 1..gap_end)?)? + 1,
                _ => i += 1,
            }
        }
        from = bodies.get(k).map_or(b.len(), |r| r.end);
    }
    Some(out)
}

/// Turn every comment of Go source `b` into spaces, keeping its line ends: a
/// comment is white space to the parser (one with a line end ends a line), so the
/// tokens are the same, without the comments' nodes. Strings, runes and raw
/// strings are skipped; false (with `b` partly blanked) when one of them or a
/// general comment does not end.
pub fn blank_comments(b: &mut [u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |e| i + e);
                b[i..end].fill(b' ');
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let Some(end) = memchr::memmem::find(&b[i + 2..], b"*/") else {
                    return false;
                };
                for c in &mut b[i..i + 2 + end + 2] {
                    if *c != b'\n' {
                        *c = b' ';
                    }
                }
                i += 2 + end + 2;
            }
            q @ (b'"' | b'\'') => {
                let mut j = i + 1;
                loop {
                    match b.get(j) {
                        None | Some(b'\n') => return false,
                        Some(b'\\') => j += 2,
                        Some(&c) if c == q => break,
                        Some(_) => j += 1,
                    }
                }
                i = j + 1;
            }
            b'`' => {
                let Some(end) = memchr::memchr(b'`', &b[i + 1..]) else {
                    return false;
                };
                i += end + 2;
            }
            _ => i += 1,
        }
    }
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a [u8]),
    Open(u8),
    Close(u8),
    /// A literal, operator or other punctuation.
    Other(u8),
    Newline,
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Lexer<'a> {
    /// The next token; Ok(None) at the end; Err-like None (outer) on doubt.
    #[allow(clippy::option_option)]
    fn next(&mut self) -> Option<Option<Tok<'a>>> {
        let b = self.b;
        loop {
            let Some(&c) = b.get(self.i) else {
                return Some(None);
            };
            match c {
                0 => return None,
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\n' => {
                    self.i += 1;
                    return Some(Some(Tok::Newline));
                }
                b'/' if b.get(self.i + 1) == Some(&b'/') => {
                    // A line comment ends at the line end, which still counts.
                    self.i = memchr::memchr(b'\n', &b[self.i..]).map_or(b.len(), |e| self.i + e);
                }
                b'/' if b.get(self.i + 1) == Some(&b'*') => {
                    let end = find(b, self.i + 2, b"*/")?;
                    let newline = b[self.i..end].contains(&b'\n');
                    self.i = end + 2;
                    if newline {
                        return Some(Some(Tok::Newline));
                    }
                }
                b'"' | b'\'' => {
                    let mut j = self.i + 1;
                    loop {
                        match b.get(j)? {
                            b'\\' => j += 2,
                            b'\n' => return None,
                            &q if q == c => break,
                            _ => j += 1,
                        }
                    }
                    self.i = j + 1;
                    return Some(Some(Tok::Other(c)));
                }
                b'`' => {
                    let end = b[self.i + 1..].iter().position(|&x| x == b'`')?;
                    self.i += end + 2;
                    return Some(Some(Tok::Other(c)));
                }
                b'{' | b'(' | b'[' => {
                    self.i += 1;
                    return Some(Some(Tok::Open(c)));
                }
                b'}' | b')' | b']' => {
                    self.i += 1;
                    return Some(Some(Tok::Close(c)));
                }
                c if c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80 => {
                    let start = self.i;
                    while self.i < b.len()
                        && (b[self.i] == b'_'
                            || b[self.i].is_ascii_alphanumeric()
                            || b[self.i] >= 0x80)
                    {
                        self.i += 1;
                    }
                    return Some(Some(Tok::Word(&b[start..self.i])));
                }
                _ => {
                    self.i += 1;
                    return Some(Some(Tok::Other(c)));
                }
            }
        }
    }

    /// After a top-level `func`: the offsets of the body's braces, None when the
    /// declaration has no body. Outer None on doubt.
    #[allow(clippy::option_option)]
    fn declaration_body(&mut self) -> Option<Option<(usize, usize)>> {
        let mut depth: i64 = 0;
        // The previous token at depth 0, to tell a type literal's brace
        // (`struct {`, `interface {`) and the end of a body-less declaration.
        let mut prev: Option<Tok<'a>> = None;
        loop {
            let tok = self.next()?;
            let Some(tok) = tok else {
                // The file ends in the signature: no body.
                return if depth == 0 { Some(None) } else { None };
            };
            match tok {
                Tok::Open(b'{') if depth == 0 => {
                    if matches!(prev, Some(Tok::Word(b"struct" | b"interface"))) {
                        depth += 1;
                    } else {
                        let open = self.i - 1;
                        let close = self.matching_close(open)?;
                        self.i = close + 1;
                        return Some(Some((open, close)));
                    }
                }
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => {
                    depth -= 1;
                    if depth < 0 {
                        return None;
                    }
                }
                // A line end after a token that ends a statement: the declaration
                // had no body (Go inserts a semicolon there).
                Tok::Newline if depth == 0 => {
                    if matches!(
                        prev,
                        Some(Tok::Word(_) | Tok::Close(_) | Tok::Other(b'"' | b'`' | b'\''))
                    ) {
                        return Some(None);
                    }
                    continue;
                }
                Tok::Other(b';') if depth == 0 => return Some(None),
                Tok::Newline => continue,
                _ => {}
            }
            prev = Some(tok);
        }
    }

    /// The offset of the `}` closing the `{` at `open`.
    fn matching_close(&mut self, open: usize) -> Option<usize> {
        self.i = open + 1;
        let mut depth = 1;
        loop {
            match self.next()?? {
                Tok::Open(_) => depth += 1,
                Tok::Close(c) => {
                    depth -= 1;
                    if depth == 0 {
                        return (c == b'}').then_some(self.i - 1);
                    }
                }
                _ => {}
            }
        }
    }
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    #[test]
    fn function_declarations_with_their_names() {
        let text = "package p\n\nvar v = T{1}\n\nfunc f() {}\nfunc (t *T[K]) m(\n\ta int,\n) {\n}\nfunc /* c */ (T) String() string { return \"{\" }\nfunc g()\n";
        let (bodies, functions) = bodies_and_functions(text).expect("scan");
        assert_eq!(bodies.len(), 4);
        let b = text.as_bytes();
        let names: Vec<Option<(&str, &str)>> = functions
            .iter()
            .map(|f| {
                f.as_ref().map(|f| {
                    let name = f.name.clone().expect("name");
                    (&text[f.start..f.start + 4], &text[name])
                })
            })
            .collect();
        assert_eq!(
            names,
            [
                None,
                Some(("func", "f")),
                Some(("func", "m")),
                Some(("func", "String"))
            ]
        );
        let mut said = std::collections::HashSet::new();
        assert!(words(b, bodies[3].clone(), &mut said));
        assert_eq!(said, std::collections::HashSet::from([&b"return"[..]]));
    }

    #[test]
    fn comments_blanked_keep_line_ends_and_literals() {
        let blank = |s: &str| {
            let mut b = s.as_bytes().to_vec();
            blank_comments(&mut b).then(|| String::from_utf8(b).expect("utf-8"))
        };
        assert_eq!(
            blank("a // é x\nb /* c */ d /* e\nf */ g").as_deref(),
            Some("a        \nb         d     \n     g")
        );
        let literals = "s := \"// no\\\" /* no\" + `/* no\n// no` + '/' + '\\''\n";
        assert_eq!(blank(literals).as_deref(), Some(literals));
        for unterminated in ["a /* b", "\"a", "`a", "\"a\n\""] {
            assert_eq!(blank(unterminated), None, "{unterminated}");
        }
    }

    #[test]
    fn panic_redeclared_or_only_called() {
        let called = [
            "package p\nfunc f() { panic(\"x\") }\n",
            "package p\nfunc f() { defer panic(1); go panic(2); panic (3) }\n",
            "package p\n// panics: panic: a comment\nvar s = \"panic = 1\"\nfunc (t T) panic() {}\nfunc g() { t.panic(); x.panic = 1 }\n",
            "package p\nfunc mustpanic() {}\n",
            "package p\nfunc f() { panic /* c */ (1) }\n",
            "package p\ntype T struct {\n\tpanic string\n\tn     int\n}\nvar t = T{panic: \"x\"}\nfunc f() {\npanic:\n\tfor {\n\t\tbreak panic\n\t}\n}\n",
        ];
        for text in called {
            assert!(!redeclares_panic(text), "{text}");
        }
        let redeclared = [
            "package p\nfunc panic(v any) {}\n",
            "package p\nfunc  panic(v any) {}\n",
            "package p\nfunc /* c */ panic(v any) {}\n",
            "package p\nvar panic = func(any) {}\n",
            "package p\nfunc f() { panic := func(any) {}; panic(1) }\n",
            "package p\nfunc f(panic func(any)) { panic(1) }\n",
            "package p\nfunc f() { a, panic := 1, 2; _ = a + panic }\n",
            "package p\nfunc f() { g(panic) }\n",
            "package p\ntype panic int\n",
        ];
        for text in redeclared {
            assert!(redeclares_panic(text), "{text}");
        }
    }

    #[test]
    fn package_level_names_of_a_file() {
        let src = "package p_test\n\nimport (\n\t\"testing\"\n)\n\n// func notme() {}\nfunc append(a ...any) {}\n\nfunc (t *T) len() int { x := 1; return x }\n\nvar (\n\tmax, min = 1, 2\n\tcap int\n)\n\nconst (\n\tA = iota\n\tB\n)\n\ntype T struct{ nil int }\n\ntype (\n\tU = int\n)\n\nvar x, y int\n\nfunc F() {\n\tvar inner int\n\t_ = inner\n}\n";
        assert_eq!(package_clause(src).as_deref(), Some("p_test"));
        assert_eq!(
            package_clause("// c\n/* d */ package x // y\n").as_deref(),
            Some("x")
        );
        let mut names = package_level_names(src).expect("scan");
        names.sort();
        assert_eq!(
            names,
            ["A", "B", "F", "T", "T.len", "U", "append", "cap", "max", "min", "x", "y"]
        );
        // Receivers of every form; a parenthesized receiver type is in doubt.
        let methods = "package p\n\nfunc (T) a() {}\nfunc (p *List[K, V]) b() {}\nfunc (\n\ts *S,\n) c() {}\nfunc (Pair[K]) d() {}\n";
        let mut names = package_level_names(methods).expect("scan");
        names.sort();
        assert_eq!(names, ["List.b", "Pair.d", "S.c", "T.a"]);
        assert_eq!(
            package_level_names("package p\n\nfunc (p (*T)) a() {}\n"),
            None
        );
    }

    use super::*;

    /// The text with every body cut out (what a declarations parse reads), or
    /// None when the scan is in doubt.
    fn blank_bodies(src: &str) -> Option<String> {
        let mut out = String::new();
        let mut from = 0;
        for r in bodies(src)? {
            out.push_str(&src[from..r.start]);
            if !r.is_empty() {
                out.push(' ');
            }
            from = r.end;
        }
        out.push_str(&src[from..]);
        Some(out)
    }

    fn blanked(src: &str) -> String {
        let out = blank_bodies(src).expect("scan");
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn bodies_are_blanked_and_declarations_kept() {
        let src = "package p\n\nimport \"fmt\"\n\ntype T struct{ a int }\n\nfunc (t *T) M(x int) (int, error) {\n\tif x > 0 { return 1, nil }\n\treturn 0, fmt.Errorf(\"}\")\n}\n\nvar v = func() int { return 1 }()\n";
        assert_eq!(
            blanked(src),
            "package p import \"fmt\" type T struct{ a int } func (t *T) M(x int) (int, error) { } var v = func() int { }()"
        );
    }

    #[test]
    fn type_literals_in_signatures_are_not_bodies() {
        let src = "package p\nfunc f(x struct{ a int }) interface{ M() } { return nil }\nfunc g[T interface{ ~int }](t T) struct{} { return struct{}{} }\nfunc h() func() { return func() {} }\n";
        assert_eq!(
            blanked(src),
            "package p func f(x struct{ a int }) interface{ M() } { } func g[T interface{ ~int }](t T) struct{} { } func h() func() { }"
        );
    }

    #[test]
    fn declarations_without_body() {
        let src = "package p\nfunc asm(x int) int\nvar m = map[int]int{1: 2}\nfunc f() { _ = '}' }\nfunc g() (n int) // comment\nfunc h() { /* } */ }\n";
        assert_eq!(
            blanked(src),
            "package p func asm(x int) int var m = map[int]int{ } func f() { } func g() (n int) // comment func h() { }"
        );
    }

    #[test]
    fn initializer_literals_are_blanked_type_literals_kept() {
        let src = "package p\nvar (\n\tt = []struct{ a int }{{1}, {2}}\n\ts struct{ mu sync.Mutex }\n)\ntype I interface{ M() }\nvar f = func() { panic(1) }\n";
        assert_eq!(
            blanked(src),
            "package p var ( t = []struct{ a int }{ } s struct{ mu sync.Mutex } ) type I interface{ M() } var f = func() { }"
        );
    }

    #[test]
    fn strings_comments_and_runes_do_not_count() {
        let src =
            "package p\nfunc f() {\n\ts := `{\n}` + \"\\\"{\" // {\n\t_ = '\\''\n}\nfunc g() {}\n";
        assert_eq!(blanked(src), "package p func f() { } func g() {}");
    }

    #[test]
    fn doubt_gives_up() {
        assert_eq!(blank_bodies("package p\nfunc f() {\n"), None);
        assert_eq!(blank_bodies("package p\nfunc f() { s := \"x\n }\n"), None);
        assert_eq!(blank_bodies("package p\nfunc f() { /* }\n"), None);
        assert_eq!(blank_bodies("package p\nfunc f() { ) }\n"), None);
    }
}
