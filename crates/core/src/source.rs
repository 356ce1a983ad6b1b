//! A parsed Go source file.

use crate::syntax::NodeExt;
use std::path::{Path, PathBuf};
use tree_sitter::{Node, Parser, Tree};

/// Byte offsets of line starts, for rendering spans as line:column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Length of the text.
    len: usize,
    /// The text has a `\r` that is not followed by `\n` (a line break to some
    /// renderers, not to Go or to this index).
    lone_cr: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let b = text.as_bytes();
        let lone_cr = memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'));
        LineIndex {
            starts,
            len: text.len(),
            lone_cr,
        }
    }
    /// Whether the text has a `\r` not followed by `\n`.
    pub fn has_lone_cr(&self) -> bool {
        self.lone_cr
    }
    /// 1-based line and 1-based byte column (as the Go compiler reports columns).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line + 1, offset - self.starts[line] + 1)
    }
    /// Byte offset of the start of 1-based line `line`; the end of the text (or of
    /// its last line) for a line past the end.
    pub fn start_of_line(&self, line: usize) -> usize {
        match self.starts.get(line.saturating_sub(1)) {
            Some(&s) => s,
            None => self.len,
        }
    }
    /// Byte offset of the start of the line containing `offset`.
    pub fn line_start(&self, offset: usize) -> usize {
        let (line, _) = self.line_col(offset);
        self.starts[line - 1]
    }
}

thread_local! {
    static PARSER: std::cell::RefCell<Option<Parser>> = const { std::cell::RefCell::new(None) };
}

/// Parse Go source with a per-thread parser (parsers are reused; creating one is not free).
pub fn parse_go(text: &str) -> Tree {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(new_parser);
        // `parse` only returns None on cancellation or timeout, neither of which we set.
        parser.parse(text, None).expect("parse without timeout")
    })
}

/// Above this many left-out ranges a file is parsed from a copy with them blanked
/// instead of with included ranges: tree-sitter looks up the range of a position
/// from the first one on each jump of its lexer, which made generated files with
/// thousands of functions quadratic (16 % of the big tree's profile).
const MAX_INCLUDED_RANGES: usize = 128;

/// `ranges` (each within `text`, in any order, maybe nested) sorted and merged,
/// together with the gaps between them that hold only white space and comments.
fn merge_left_out(
    text: &str,
    mut ranges: Vec<std::ops::Range<usize>>,
) -> Vec<std::ops::Range<usize>> {
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        if let Some(last) = out.last_mut() {
            if r.start <= last.end
                || crate::skeleton::only_space_and_comments(&text.as_bytes()[last.end..r.start])
            {
                last.end = last.end.max(r.end);
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// Bodies per part of a file whose declarations are parsed a part at a time (see
/// [`SourceFile::declarations_in_parts`]): the declarations' tree of a generated
/// API client of megabytes takes tens of megabytes.
const PART_BODIES: usize = 100;

/// Can the parses of a file with this plan reuse a tree of its declarations? Not
/// when it has more than [`MAX_INCLUDED_RANGES`] bodies: those are parsed blanked,
/// and a blanked tree is no tree of the text to reuse (so none need be kept).
pub fn reuses_declarations(plan: &PartialPlan) -> bool {
    plan.bodies.len() <= MAX_INCLUDED_RANGES
}

/// `parse_go_excluding` by blanking: every byte of the excluded ranges becomes a
/// space (newlines too, so that, as with included ranges, they end no statement),
/// so offsets are those of `text` and the parser sees the same tokens.
/// With `comments_kept_in` Some, the comments are blanked too (keeping their line
/// ends; see [`crate::skeleton::blank_comments`]) except in those ranges (kept
/// bodies, sorted): a tree whose comment nodes outside them nobody reads is then
/// much smaller for commented generated code.
fn parse_go_blanked(
    text: &str,
    excluded: &[std::ops::Range<usize>],
    comments_kept_in: Option<&[std::ops::Range<usize>]>,
) -> Tree {
    let blank = |comments: bool| {
        let mut bytes = text.as_bytes().to_vec();
        if comments && !crate::skeleton::blank_comments(&mut bytes) {
            return None;
        }
        for r in comments_kept_in.unwrap_or_default() {
            if let (Some(to), Some(from)) =
                (bytes.get_mut(r.clone()), text.as_bytes().get(r.clone()))
            {
                to.copy_from_slice(from);
            }
        }
        for r in excluded {
            let end = r.end.min(bytes.len());
            if let Some(range) = bytes.get_mut(r.start.min(end)..end) {
                range.fill(b' ');
            }
        }
        Some(bytes)
    };
    // A literal or comment that does not end (a syntax error): comments kept.
    let bytes = blank(comments_kept_in.is_some())
        .or_else(|| blank(false))
        .unwrap_or_default();
    // Blanking whole ranges of a valid text at char boundaries keeps it UTF-8; a
    // range ending inside a character (cannot happen for ranges from a scan)
    // falls back to the whole text.
    let blanked = String::from_utf8(bytes).unwrap_or_else(|_| text.to_string());
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(new_parser);
        parser.parse(&blanked, None).expect("parse without timeout")
    })
}

/// Parse Go source except the byte ranges `excluded` (sorted, disjoint): the parser
/// never reads them, as if they were not there, and the tree's offsets and points
/// are those of `text`. `lines` is the line index of `text`.
pub fn parse_go_excluding(
    text: &str,
    lines: &LineIndex,
    excluded: &[std::ops::Range<usize>],
) -> Tree {
    if excluded.len() > MAX_INCLUDED_RANGES {
        parse_go_blanked(text, excluded, None)
    } else {
        parse_go_excluding_reusing(text, lines, excluded, None)
    }
}

/// [`parse_go_excluding`] with included ranges (whatever their number), reusing
/// `old`, a tree of the same text parsed with other ranges excluded, also with
/// included ranges: tree-sitter parses again only around the ranges whose
/// inclusion differs, and shares the rest of `old`'s nodes.
pub fn parse_go_excluding_reusing(
    text: &str,
    lines: &LineIndex,
    excluded: &[std::ops::Range<usize>],
    old: Option<&Tree>,
) -> Tree {
    let mut included = Vec::with_capacity(excluded.len() + 1);
    let from = push_gaps(lines, 0, excluded, &mut included);
    included.push(ts_range(lines, from..text.len()));
    parse_included(text, &included, old)
}

/// `r` as a tree-sitter range of the text `lines` indexes.
fn ts_range(lines: &LineIndex, r: std::ops::Range<usize>) -> tree_sitter::Range {
    let point = |offset: usize| {
        let (line, col) = lines.line_col(offset);
        tree_sitter::Point {
            row: line - 1,
            column: col - 1,
        }
    };
    tree_sitter::Range {
        start_byte: r.start,
        end_byte: r.end,
        start_point: point(r.start),
        end_point: point(r.end),
    }
}

/// Push to `out` the gaps from `from` between the ranges `excluded` (sorted,
/// disjoint); returns where the last of them ends (`from` if none does later).
fn push_gaps(
    lines: &LineIndex,
    mut from: usize,
    excluded: &[std::ops::Range<usize>],
    out: &mut Vec<tree_sitter::Range>,
) -> usize {
    for r in excluded {
        if r.start > from {
            out.push(ts_range(lines, from..r.start));
        }
        from = from.max(r.end);
    }
    from
}

/// Parse the ranges `included` of `text` (sorted, disjoint), reusing `old`.
fn parse_included(text: &str, included: &[tree_sitter::Range], old: Option<&Tree>) -> Tree {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(new_parser);
        let tree = match parser.set_included_ranges(included) {
            Ok(()) => parser.parse(text, old),
            // Not sorted or overlapping: cannot happen for ranges from one scan;
            // the whole text then.
            Err(_) => None,
        };
        // Back to whole documents for the next parse on this thread.
        let _ = parser.set_included_ranges(&[]);
        tree.unwrap_or_else(|| parser.parse(text, None).expect("parse without timeout"))
    })
}

fn new_parser() -> Parser {
    let mut p = Parser::new();
    p.set_language(&gdr_tree_sitter_go::LANGUAGE.into())
        .expect("tree-sitter-go grammar is compatible with the linked tree-sitter");
    p
}

/// Was `body`, a function's body in a tree of `text`, left out of a partial parse
/// (`partial`)? The tree then has nothing between its braces, and the text has
/// more than white space there.
pub fn body_left_out(text: &str, partial: bool, body: Node<'_>) -> bool {
    partial
        && body.named_child_count() == 0
        && !text[body.byte_range()]
            .trim_matches(|c: char| c == '{' || c == '}' || c.is_whitespace())
            .is_empty()
}

/// A Go file: its path, text, syntax tree and line index.
#[derive(Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    pub tree: Tree,
    pub lines: LineIndex,
    /// `\r\n` when the file's first line ends that way.
    pub newline: &'static str,
    /// The tree is not of the whole file: bodies of top-level functions (and literals
    /// of package-level initializers) were blanked before parsing (see
    /// [`crate::skeleton`]), all of them or those without a needle; `text` is the
    /// whole file. Offsets and lines are those of the whole file either way.
    pub partial: bool,
    /// Const declarations left out of the tree and read by a scan instead (see
    /// [`SourceFile::parse_declarations_for_view`]), in order.
    pub consts: Vec<crate::skeleton::ConstBlock>,
}

impl SourceFile {
    pub fn parse(path: impl AsRef<Path>, text: String) -> Self {
        let tree = parse_go(&text);
        Self::with_tree(path, text, tree, false)
    }

    /// A function or method declaration whose body a partial parse left out (see
    /// [`body_left_out`]), parsed alone after `package p`: its body's nodes and
    /// names are those in the file, not its offsets. See [`SourceFile::first_body`].
    pub fn declaration_alone(path: impl AsRef<Path>, declaration: &str) -> Self {
        Self::parse(path, format!("package p\n{declaration}"))
    }

    /// The body of the first function or method declared in the file.
    pub fn first_body(&self) -> Option<Node<'_>> {
        crate::syntax::named_children(self.root())
            .into_iter()
            .find(|d| matches!(d.k(), "function_declaration" | "method_declaration"))
            .and_then(|d| d.field("body"))
    }

    /// Parse the declarations of the file, not the bodies of its top-level functions
    /// (or the whole file when the scan is in doubt): enough for a package view.
    pub fn parse_declarations(path: impl AsRef<Path>, text: String) -> Self {
        match PartialPlan::declarations(&text) {
            Some(plan) => Self::parse_declarations_planned(path, text, &plan),
            None => Self::parse(path, text),
        }
    }

    /// [`SourceFile::parse_declarations`], for a package view only (no rule reads
    /// the tree, no parse reuses it): the simple const blocks
    /// ([`crate::skeleton::simple_const_blocks`]) are left out of the tree too, and
    /// given in [`SourceFile::consts`], which the view reads as it would their
    /// nodes. A generated file of thousands of constants is then scanned, not
    /// parsed.
    pub fn parse_declarations_for_view(path: impl AsRef<Path>, text: String) -> Self {
        match PartialPlan::declarations(&text) {
            Some(plan) => Self::parse_declarations_for_view_planned(path, text, &plan),
            None => Self::parse(path, text),
        }
    }

    /// [`SourceFile::parse_declarations_for_view`] with the file's plan.
    pub fn parse_declarations_for_view_planned(
        path: impl AsRef<Path>,
        text: String,
        plan: &PartialPlan,
    ) -> Self {
        let consts = crate::skeleton::simple_const_blocks(&text, &plan.bodies);
        if consts.is_empty() {
            return Self::parse_declarations_planned(path, text, plan);
        }
        let mut excluded = plan.left_out(&text, &[]);
        excluded.extend(consts.iter().map(|c| c.range.clone()));
        let excluded = merge_left_out(&text, excluded);
        let lines = LineIndex::new(&text);
        // Parsed as `parse_declarations_planned` parses: blanked past
        // MAX_INCLUDED_RANGES bodies.
        let tree = if reuses_declarations(plan) {
            parse_go_excluding_reusing(&text, &lines, &excluded, None)
        } else {
            parse_go_blanked(&text, &excluded, Some(&[]))
        };
        let mut file = Self::with_lines(path, text, tree, true, lines);
        file.consts = consts;
        file
    }

    /// The declarations of a file with this plan, for a package view only, parsed a
    /// part of at most [`PART_BODIES`] bodies at a time so that only one part's tree
    /// is alive: `each` gets the file of every part in turn (its tree holds the
    /// package clause, the imports and the part's declarations; every other
    /// declaration is in one part). One part, as
    /// [`SourceFile::parse_declarations_planned`] parses it, for a file with at
    /// most [`MAX_INCLUDED_RANGES`] bodies, or when the scan or the first part
    /// leaves a doubt. Gives the text back.
    pub fn declarations_in_parts(
        path: &Path,
        text: String,
        plan: &PartialPlan,
        each: &mut dyn FnMut(&std::sync::Arc<SourceFile>),
    ) -> String {
        let whole = |text: String, each: &mut dyn FnMut(&std::sync::Arc<SourceFile>)| {
            let file = std::sync::Arc::new(Self::parse_declarations_planned(path, text, plan));
            each(&file);
            Self::into_text(file)
        };
        if reuses_declarations(plan) {
            return whole(text, each);
        }
        if plan.functions.len() != plan.bodies.len() {
            return whole(text, each);
        }
        let mut ends = Vec::new();
        let mut since = 0;
        for (body, function) in plan.bodies.iter().zip(&plan.functions) {
            since += 1;
            // After the `}` of a function's body: a top-level declaration ends.
            if function.is_some() && since >= PART_BODIES && body.end < text.len() {
                ends.push(body.end + 1);
                since = 0;
            }
        }
        ends.push(text.len());
        let lines = LineIndex::new(&text);
        // The bodies and comments left out (none spans two parts).
        let excluded = plan.left_out(&text, &[]);
        let mut text = text;
        let mut header = None;
        let mut start = 0;
        for end in ends {
            let mut included = Vec::new();
            if let Some(h) = header {
                let in_header = &excluded[..excluded.partition_point(|r| r.start < h)];
                let from = push_gaps(&lines, 0, in_header, &mut included);
                if h > from {
                    included.push(ts_range(&lines, from..h));
                }
            }
            let first = excluded.partition_point(|r| r.start < start);
            let last = excluded.partition_point(|r| r.start < end);
            let from = push_gaps(&lines, start, &excluded[first..last], &mut included);
            if end > from {
                included.push(ts_range(&lines, from..end));
            }
            let tree = parse_included(&text, &included, None);
            if header.is_none() {
                // The package clause and the imports, which every part repeats.
                let h = crate::syntax::named_children(tree.root_node())
                    .into_iter()
                    .take_while(|n| matches!(n.k(), "package_clause" | "import_declaration"))
                    .map(|n| n.end_byte())
                    .last();
                match h {
                    Some(h) if h <= start.max(end) => header = Some(h),
                    _ => return whole(text, each),
                }
            }
            let file = std::sync::Arc::new(Self::with_lines(path, text, tree, true, lines.clone()));
            each(&file);
            text = Self::into_text(file);
            start = end;
        }
        text
    }

    /// The text of a file no longer needed (or a copy, when it is kept elsewhere).
    fn into_text(file: std::sync::Arc<SourceFile>) -> String {
        std::sync::Arc::try_unwrap(file).map_or_else(|f| f.text.clone(), |f| f.text)
    }

    /// The declarations of a file with this plan, for a package view only: no rule
    /// reads the tree, and none is parsed reusing it. Like
    /// `parse_kept(path, text, plan, &[])`, except that a file parsed blanked (see
    /// [`reuses_declarations`]) has its comments blanked too.
    pub fn parse_declarations_planned(
        path: impl AsRef<Path>,
        text: String,
        plan: &PartialPlan,
    ) -> Self {
        if reuses_declarations(plan) {
            return Self::parse_kept(path, text, plan, &[]);
        }
        let excluded = plan.left_out(&text, &[]);
        let tree = parse_go_blanked(&text, &excluded, Some(&[]));
        Self::with_tree(path, text, tree, true)
    }

    /// Parse the declarations of the file and the bodies `keep` (indices into
    /// `plan.bodies`, in order); the other bodies are blanked. The whole file when
    /// nothing is blanked.
    pub fn parse_kept(
        path: impl AsRef<Path>,
        text: String,
        plan: &PartialPlan,
        keep: &[usize],
    ) -> Self {
        Self::parse_kept_reusing(path, text, plan, keep, None)
    }

    /// [`SourceFile::parse_kept`], reusing `old`: a tree of the same text parsed
    /// with other bodies kept (e.g. none). Only the bodies kept in one and not the
    /// other are parsed again: a file checked a run of bodies at a time parses its
    /// declarations once, and its runs' trees share their nodes.
    pub fn parse_kept_reusing(
        path: impl AsRef<Path>,
        text: String,
        plan: &PartialPlan,
        keep: &[usize],
        old: Option<&Tree>,
    ) -> Self {
        Self::parse_kept_inner(path, text, plan, keep, old, false)
    }

    /// [`SourceFile::parse_kept_reusing`], for the rules only (never for a package
    /// view, which needs every declaration): a file parsed blanked (see
    /// [`reuses_declarations`]) also leaves out the declarations of the functions
    /// the kept bodies do not need (see `PartialPlan::unneeded_functions`), unless it
    /// has a suppression comment.
    pub fn parse_run(
        path: impl AsRef<Path>,
        text: String,
        plan: &PartialPlan,
        keep: &[usize],
        old: Option<&Tree>,
    ) -> Self {
        Self::parse_kept_inner(path, text, plan, keep, old, true)
    }

    fn parse_kept_inner(
        path: impl AsRef<Path>,
        text: String,
        plan: &PartialPlan,
        keep: &[usize],
        old: Option<&Tree>,
        prune: bool,
    ) -> Self {
        let excluded = plan.left_out(&text, keep);
        if excluded.is_empty() {
            return Self::parse(path, text);
        }
        let lines = LineIndex::new(&text);
        // Decided by the file's number of bodies, so that every parse of one file
        // (the declarations, then each run reusing them) is done the same way: a
        // blanked tree is never reused for a parse with included ranges.
        let tree = if reuses_declarations(plan) {
            parse_go_excluding_reusing(&text, &lines, &excluded, old)
        } else {
            // The rules read comments only inside the bodies they check, and
            // suppression comments anywhere.
            let kept: Vec<_> = keep.iter().map(|&i| plan.bodies[i].clone()).collect();
            let comments_kept_in =
                (!text.contains(crate::suppress::DIRECTIVE)).then_some(kept.as_slice());
            // Nor do they read the functions whose names the kept code never says
            // (their declarations are most of a generated file's tree).
            let mut excluded = excluded;
            if prune && comments_kept_in.is_some() {
                excluded.extend(plan.unneeded_functions(&text, keep));
                // What is left out is then mostly long stretches: parsed with
                // included ranges, the lexer jumps over them rather than reading
                // a blanked copy byte by byte. (However many: the patched runtime
                // finds a position's range by binary search. Parsed blanked past
                // 4,096 stretches, as when that search was linear, each run of
                // google.golang.org/api's aiplatform client, which leaves out
                // more, lexed its 8.5 MB: half of that package's time.)
                let tree = parse_go_excluding_reusing(
                    &text,
                    &lines,
                    &merge_left_out(&text, excluded),
                    None,
                );
                return Self::with_lines(path, text, tree, true, lines);
            }
            parse_go_blanked(&text, &excluded, comments_kept_in)
        };
        Self::with_lines(path, text, tree, true, lines)
    }

    fn with_tree(path: impl AsRef<Path>, text: String, tree: Tree, partial: bool) -> Self {
        let lines = LineIndex::new(&text);
        Self::with_lines(path, text, tree, partial, lines)
    }

    fn with_lines(
        path: impl AsRef<Path>,
        text: String,
        tree: Tree,
        partial: bool,
        lines: LineIndex,
    ) -> Self {
        let newline = match text.find('\n') {
            Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        };
        SourceFile {
            path: path.as_ref().to_path_buf(),
            text,
            tree,
            lines,
            newline,
            partial,
            consts: Vec::new(),
        }
    }

    pub fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    pub fn text_of(&self, node: Node<'_>) -> &str {
        &self.text[node.byte_range()]
    }

    pub fn has_syntax_errors(&self) -> bool {
        self.tree.root_node().has_error()
    }

    /// The first ERROR or MISSING node, for reporting.
    pub fn first_error(&self) -> Option<Node<'_>> {
        first_error(self.root())
    }

    /// The first syntax error as (span within its line, message), for reports.
    pub fn syntax_error(&self) -> Option<(std::ops::Range<usize>, String)> {
        let node = self.first_error()?;
        let start = node.start_byte();
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let end = node.end_byte().min(line_end);
        if node.is_missing() {
            return Some((
                start..start,
                format!("syntax error: missing `{}`", node.k()),
            ));
        }
        let snippet: String = self.text[start..end].trim().chars().take(40).collect();
        if snippet.is_empty() {
            Some((start..end, "syntax error".to_string()))
        } else {
            Some((start..end, format!("syntax error: unexpected `{snippet}`")))
        }
    }

    /// The package clause's name, if any.
    pub fn package_name(&self) -> Option<&str> {
        let root = self.root();
        let mut cursor = root.walk();
        for child in root.named_children(&mut cursor) {
            if child.k() == "package_clause" {
                let name = child.named_child(0)?;
                return Some(self.text_of(name));
            }
        }
        None
    }
}

/// The package name of a Go file read from its text, without parsing: the word
/// after `package` at its start (white space and comments skipped). None when the
/// file does not start that way, or in doubt (a non-ASCII name). For a file that
/// starts with a package clause, the name [`SourceFile::package_name`] gives.
pub fn package_clause_name(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let mut i = 0;
    let skip = |mut i: usize| loop {
        match b.get(i..i + 2) {
            Some(b"//") => i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k),
            Some(b"/*") => i = memchr::memmem::find(&b[i + 2..], b"*/").map(|k| i + 2 + k + 2)?,
            _ if b
                .get(i)
                .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n')) =>
            {
                i += 1
            }
            _ => return Some(i),
        }
    };
    i = skip(i)?;
    let rest = b.get(i..)?.strip_prefix(b"package")?;
    i += "package".len();
    // `package` must end there, in white space; a comment before the name would be
    // the package clause's first named child in the tree: in doubt.
    let space = |c: &u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    if !rest.first().is_some_and(space) {
        return None;
    }
    while b.get(i).is_some_and(space) {
        i += 1;
    }
    let start = i;
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        i += 1;
    }
    let word = &text[start..i];
    // The word must end there (not in a non-ASCII letter) and not start with a digit.
    let ends = b.get(i).is_none_or(|c| c.is_ascii());
    let letter = word.as_bytes().first().is_some_and(|c| !c.is_ascii_digit());
    (ends && letter).then_some(word)
}

fn first_error(node: Node<'_>) -> Option<Node<'_>> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    if !node.has_error() {
        return None;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if let Some(e) = first_error(child) {
            return Some(e);
        }
    }
    None
}

/// The bodies of a file's top-level declarations (function bodies, literals of
/// package-level initializers) and which of them hold a needle: what a partial
/// parse keeps, found by one scan ([`crate::skeleton::bodies`]).
#[derive(Debug, Clone)]
pub struct PartialPlan {
    /// Byte ranges between the braces, in order.
    pub bodies: Vec<std::ops::Range<usize>>,
    /// Indices into `bodies` of those in which a needle occurs, in order.
    pub kept: Vec<usize>,
    /// For each body, the `func` declaration it is the body of (None for a literal
    /// of a package-level initializer); empty when not known.
    pub functions: Vec<Option<crate::skeleton::FuncDecl>>,
    /// Comments outside the bodies, which every parse with this plan leaves out
    /// (see [`crate::skeleton::comments_outside`]; in Go's standard library three
    /// fifths of the bytes outside bodies are comments): a package view never
    /// reads one, and the rules read only those inside the bodies they check and
    /// suppression comments (none is left out of a file that has one).
    comments: Vec<std::ops::Range<usize>>,
}

impl PartialPlan {
    /// None when the scan is in doubt (parse the whole file then).
    pub fn new(text: &str, needles: &[memchr::memmem::Finder<'_>]) -> Option<Self> {
        let (bodies, functions) = crate::skeleton::bodies_and_functions(text)?;
        let b = text.as_bytes();
        let kept = bodies
            .iter()
            .enumerate()
            .filter(|(_, r)| needles.iter().any(|n| n.find(&b[(*r).clone()]).is_some()))
            .map(|(i, _)| i)
            .collect();
        // Suppression comments are read from the tree: a file with one keeps
        // all its comments.
        let comments = if text.contains(crate::suppress::DIRECTIVE) {
            Vec::new()
        } else {
            crate::skeleton::comments_outside(text, &bodies).unwrap_or_default()
        };
        Some(PartialPlan {
            bodies,
            kept,
            functions,
            comments,
        })
    }

    /// A plan keeping no body: the declarations only. None when the scan is in doubt.
    pub fn declarations(text: &str) -> Option<Self> {
        Self::new(text, &[])
    }

    /// The whole declarations (from `func` through the body's closing brace) of
    /// the functions that a tree of the bodies `keep`, for the rules, can do
    /// without: those whose names no kept body says (nor, in turn, any function
    /// kept for its name). The rules look up a same-file function only by a name
    /// said in the code they check (a callee's cost, a parameter's type), and find
    /// it only when it is the one function (or method) of that name in the file: so
    /// every such declaration is kept, and for a name declared more than once, two
    /// of each kind, which tell the same. Nothing when in doubt.
    fn unneeded_functions(&self, text: &str, keep: &[usize]) -> Vec<std::ops::Range<usize>> {
        use std::collections::{HashMap, HashSet};
        if self.functions.len() != self.bodies.len() {
            return Vec::new();
        }
        let b = text.as_bytes();
        // Name → (functions, methods) declared with it.
        let mut by_name: HashMap<&[u8], (Vec<usize>, Vec<usize>)> = HashMap::new();
        for (i, f) in self.functions.iter().enumerate() {
            let Some(f) = f else { continue };
            let Some(name) = &f.name else {
                return Vec::new();
            };
            let method = text
                .get(f.start + "func".len()..name.start)
                .is_some_and(|between| between.contains('('));
            let entry = by_name.entry(&b[name.clone()]).or_default();
            if method {
                entry.1.push(i);
            } else {
                entry.0.push(i);
            }
        }
        let mut included = vec![false; self.bodies.len()];
        let mut queue: Vec<usize> = Vec::new();
        for &i in keep {
            if i < included.len() && !included[i] {
                included[i] = true;
                queue.push(i);
            }
        }
        let mut said: HashSet<&[u8]> = HashSet::new();
        let mut words: HashSet<&[u8]> = HashSet::new();
        while let Some(i) = queue.pop() {
            let range = match &self.functions[i] {
                Some(f) => f.start..self.bodies[i].end,
                None => self.bodies[i].clone(),
            };
            words.clear();
            if !crate::skeleton::words(b, range, &mut words) {
                return Vec::new();
            }
            for w in &words {
                if !said.insert(w) {
                    continue;
                }
                let Some((functions, methods)) = by_name.get(w) else {
                    continue;
                };
                for &j in functions.iter().take(2).chain(methods.iter().take(2)) {
                    if !included[j] {
                        included[j] = true;
                        queue.push(j);
                    }
                }
            }
        }
        self.functions
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let f = f.as_ref()?;
                (!included[i]).then(|| f.start..self.bodies[i].end + 1)
            })
            .collect()
    }

    /// The ranges of the bodies not in `keep` (indices in order) that hold more
    /// than white space: what a parse keeping `keep` leaves out.
    fn left_out(&self, text: &str, keep: &[usize]) -> Vec<std::ops::Range<usize>> {
        let bodies = self
            .bodies
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                keep.binary_search(i).is_err()
                    && !text[(*r).clone()].bytes().all(|b| b.is_ascii_whitespace())
            })
            .map(|(_, r)| r.clone());
        if self.comments.is_empty() {
            return bodies.collect();
        }
        // (Comments are outside every body: the two sorted lists merge.)
        let mut out: Vec<_> = bodies.chain(self.comments.iter().cloned()).collect();
        out.sort_by_key(|r| r.start);
        out
    }

    /// Bytes of the bodies `which`.
    pub fn bytes(&self, which: &[usize]) -> usize {
        which.iter().map(|&i| self.bodies[i].len()).sum()
    }

    /// `which` (indices in order) cut into runs of at most `max` bytes of bodies
    /// each (a larger body is a run alone): parsed one at a time, a run's tree is
    /// what is alive.
    pub fn runs(&self, which: &[usize], max: usize) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = Vec::new();
        let mut size = 0;
        for &i in which {
            let len = self.bodies[i].len();
            match out.last_mut() {
                Some(run) if size + len <= max => run.push(i),
                _ => {
                    out.push(vec![i]);
                    size = 0;
                }
            }
            size += len;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memchr::memmem::Finder;

    const SRC: &str = "package p\n\nvar t = []int{1, 2}\n\nfunc a() { defer x() }\n\nfunc b() { y() }\n\nfunc c() {\n\tdefer z()\n\tw()\n}\n";

    /// Blanking and included ranges give the same tree: every node's kind and
    /// bytes, on a file with literals, methods, generics, comments, a raw string
    /// and non-ASCII text in bodies, and bodies whose newlines matter.
    #[test]
    fn blanked_and_included_ranges_parse_alike() {
        let mut text = String::from("package p\n\nimport \"fmt\"\n\n");
        for i in 0..40 {
            text.push_str(&format!(
                "// f{i} does things.\nfunc (t *T[K]) f{i}(a int, b ...string) (r int, err error) {{\n\tdefer fmt.Println(\"é{{\")\n\treturn len(`x\n}}`), nil\n}}\n\nvar v{i} = func() int {{ return {i} }}()\n\ntype S{i} struct{{ a int }}\n\nfunc g{i}() {{\n}}\nfunc h{i}()\n"
            ));
        }
        let lines = LineIndex::new(&text);
        let excluded = crate::skeleton::bodies(&text).expect("scan");
        assert_eq!(excluded.len(), 120);
        let shape = |tree: &Tree| {
            let mut out = Vec::new();
            crate::syntax::walk_all(tree.root_node(), &mut |n| {
                out.push((
                    n.k().to_string(),
                    n.byte_range(),
                    n.is_error(),
                    n.is_missing(),
                ))
            });
            out
        };
        let included = parse_go_excluding_reusing(&text, &lines, &excluded, None);
        let blanked = parse_go_blanked(&text, &excluded, None);
        assert!(!included.root_node().has_error());
        assert_eq!(shape(&included), shape(&blanked));
        assert_eq!(
            included.root_node().to_sexp(),
            blanked.root_node().to_sexp()
        );
    }

    #[test]
    fn comments_blanked_outside_kept_bodies_leave_the_same_tree_without_them() {
        let mut text = String::from("// Package p.\npackage p\n\nimport \"fmt\" // fmt\n\n");
        for i in 0..140 {
            text.push_str(&format!(
                "// f{i} does /* things */.\n/* a\nb */ type S{i} struct {{\n\ta int // \"a\"\n\tb string `x:\"//y\"`\n}}\n\nfunc (s *S{i}) f{i}(r rune) string {{\n\t// kept?\n\tdefer fmt.Println(\"//\", '/')\n\treturn \"/*\"\n}}\n\n"
            ));
        }
        let plan = PartialPlan::new(&text, &[Finder::new("defer")]).expect("scan");
        assert!(!reuses_declarations(&plan));
        let shape = |tree: &Tree, comments: bool| {
            let mut out = Vec::new();
            // (The root starts at the first token: a comment, or the package clause.)
            for d in crate::syntax::named_children(tree.root_node()) {
                crate::syntax::walk_all(d, &mut |n| {
                    if comments || n.k() != "comment" {
                        out.push((n.k().to_string(), n.byte_range(), n.has_error()));
                    }
                });
            }
            out
        };
        let same = |a: Vec<_>, b: Vec<_>| a.len() == b.len() && a == b;
        let count = |tree: &Tree| {
            let mut n = 0;
            crate::syntax::walk_all(tree.root_node(), &mut |c| {
                n += usize::from(c.k() == "comment")
            });
            n
        };
        // Declarations only: no comment left, everything else the same. (The
        // reference trees keep the comments outside bodies that the plan leaves
        // out.)
        let bodies_only = PartialPlan {
            comments: Vec::new(),
            ..plan.clone()
        };
        let excluded = bodies_only.left_out(&text, &[]);
        let with = parse_go_blanked(&text, &excluded, None);
        let without = parse_go_blanked(&text, &excluded, Some(&[]));
        assert!(!with.root_node().has_error());
        assert_eq!(count(&with), 1 + 1 + 140 * 3);
        assert_eq!(count(&without), 0);
        assert!(same(shape(&with, false), shape(&without, false)));
        let decls = SourceFile::parse_declarations_planned("p.go", text.clone(), &plan);
        assert!(same(shape(&decls.tree, true), shape(&without, true)));
        // Bodies kept: their comments stay, and so does the tree.
        let keep = [3, 70];
        let kept = SourceFile::parse_kept("p.go", text.clone(), &plan, &keep);
        assert_eq!(count(&kept.tree), 2);
        let excluded = bodies_only.left_out(&text, &keep);
        let all = parse_go_blanked(&text, &excluded, None);
        assert!(same(shape(&kept.tree, false), shape(&all, false)));
        // Not with a suppression comment in the file.
        let suppressed = format!("{text}// {}\n", crate::suppress::DIRECTIVE);
        let plan = PartialPlan::new(&suppressed, &[Finder::new("defer")]).expect("scan");
        let kept = SourceFile::parse_kept("p.go", suppressed, &plan, &keep);
        assert_eq!(count(&kept.tree), 1 + 1 + 140 * 3 + 2 + 1);
    }

    /// A plan of the declarations leaves out the comments outside bodies, except
    /// one glued to a token before it, and the tree is otherwise the same: every
    /// node's kind, bytes and error flag, for a file parsed whole (few bodies) and
    /// a part at a time (many), with comments of every kind and place, literals
    /// that look like comments, and CRLF line ends.
    #[test]
    fn a_plan_of_declarations_leaves_out_comments_and_nothing_else() {
        let head = "//go:build linux\r\n\r\n/* Licence\n   text */\n// Package p.\npackage p // p\n\nimport (\n\t\"fmt\" // fmt\n\t/* os */ \"os\"\n)\n\n";
        let decl = |i: usize| {
            format!(
                "// T{i} /* is */ a type.\ntype T{i} struct {{\n\ta int // a\n\t/* b\n\t*/ b string `x:\"//y\"`\n\tc rune/* glued */\n\td/*glued*/int\n}}\n\nvar v{i} = \"/*\" + `//` // v\nvar r{i} = '/'/*glued*/\n\nconst (\n\tA{i} = 1 /* one\n\ttwo */\n\tB{i}\n)\n\n/* f{i}\n*/ func (t *T{i}) f{i}(x int /* x */) (y int) /* then */ {{\n\t// inside\n\treturn x\n}}\n\n"
            )
        };
        type Node = (usize, std::cmp::Reverse<usize>, String, bool);
        // The tree's nodes other than comments, and its comments' ranges.
        let shape =
            |tree: &Tree,
             nodes: &mut std::collections::BTreeSet<Node>,
             comments: &mut std::collections::BTreeSet<(usize, usize)>| {
                crate::syntax::walk_all(tree.root_node(), &mut |n| {
                    let r = n.byte_range();
                    if n.k() == "comment" {
                        comments.insert((r.start, r.end));
                    } else if n.parent().is_some() {
                        nodes.insert((
                            r.start,
                            std::cmp::Reverse(r.end),
                            n.k().to_string(),
                            n.has_error(),
                        ));
                    }
                });
            };
        for (n, tail) in [(3, "// end"), (140, "")] {
            let mut text = String::from(head);
            for i in 0..n {
                text.push_str(&decl(i));
            }
            text.push_str(tail);
            let plan = PartialPlan::declarations(&text).expect("scan");
            assert!(!plan.comments.is_empty());
            let bodies_only = PartialPlan {
                comments: Vec::new(),
                ..plan.clone()
            };
            let lines = LineIndex::new(&text);
            let with =
                parse_go_excluding_reusing(&text, &lines, &bodies_only.left_out(&text, &[]), None);
            assert!(!with.root_node().has_error());
            let (mut expected, mut all) = Default::default();
            shape(&with, &mut expected, &mut all);
            // Whole, or a part at a time: the parts' trees together.
            let (mut got, mut kept) = Default::default();
            SourceFile::declarations_in_parts(Path::new("p.go"), text.clone(), &plan, &mut |f| {
                shape(&f.tree, &mut got, &mut kept);
            });
            assert_eq!(got.len(), expected.len(), "{n} declarations");
            assert!(got == expected, "{n} declarations");
            // Left out: every comment but those after a token and across lines
            // (six per declaration, and the licence).
            let b = text.as_bytes();
            let stays = |&(s, e): &(usize, usize)| {
                (s > 0 && !b[s - 1].is_ascii_whitespace()) || text[s..e].contains('\n')
            };
            let left_in: Vec<_> = all.iter().filter(|c| stays(c)).copied().collect();
            assert_eq!(left_in.len(), 6 * n + 1, "{n} declarations");
            assert_eq!(
                kept.into_iter().collect::<Vec<_>>(),
                left_in,
                "{n} declarations"
            );
        }
    }

    #[test]
    fn a_run_leaves_out_the_functions_its_bodies_never_name() {
        let mut text = String::from("package p\n\nimport \"sync\"\n\ntype T struct{ mu sync.Mutex }\ntype U struct{}\ntype W struct{}\n\n");
        text.push_str("func (t *T) kept() int {\n\tt.mu.Lock()\n\tdefer t.mu.Unlock()\n\treturn callee(1) + t.Dup()\n}\n\n");
        text.push_str(
            "func callee(n int) int { return other(n) }\n\nfunc other(n int) int { return n }\n\n",
        );
        text.push_str("func (T) Dup() int { return 1 }\n\nfunc (U) Dup() int { return 2 }\n\nfunc (W) Dup() int { return farther() }\n\nfunc farther() int { return 3 }\n\n");
        for i in 0..130 {
            text.push_str(&format!("func unused{i}() int {{ return {i} }}\n\n"));
        }
        let plan = PartialPlan::new(&text, &[Finder::new("defer")]).expect("scan");
        assert!(!reuses_declarations(&plan));
        assert_eq!(plan.kept, [0]);
        let name = |r: &std::ops::Range<usize>| {
            let f = plan
                .functions
                .iter()
                .flatten()
                .find(|f| f.start == r.start)
                .expect("a function");
            assert_eq!(&text[r.end - 1..r.end], "}");
            text[f.name.clone().expect("name")].to_string()
        };
        let unneeded: Vec<String> = plan
            .unneeded_functions(&text, &plan.kept)
            .iter()
            .map(name)
            .collect();
        // `callee` is named by the kept body, `other` by `callee`; `Dup` is declared
        // three times: two of them tell the rules it is not unique (the third, and
        // `farther` only it names, are left out); the unused ones are left out.
        let mut expected: Vec<String> = (0..130).map(|i| format!("unused{i}")).collect();
        expected.splice(0..0, ["Dup".to_string(), "farther".to_string()]);
        assert_eq!(unneeded, expected);
        let run = SourceFile::parse_run("p.go", text.clone(), &plan, &plan.kept, None);
        let kept = SourceFile::parse_kept("p.go", text.clone(), &plan, &plan.kept);
        assert!(!run.has_syntax_errors() && !kept.has_syntax_errors());
        // Parsed with included ranges, the same declarations as blanked.
        let mut left_out = plan.left_out(&text, &plan.kept);
        left_out.extend(plan.unneeded_functions(&text, &plan.kept));
        let blanked = parse_go_blanked(&text, &left_out, Some(&[plan.bodies[0].clone()]));
        let shape = |root: Node<'_>| {
            let mut out = Vec::new();
            for d in crate::syntax::named_children(root) {
                crate::syntax::walk_all(d, &mut |n| out.push((n.k().to_string(), n.byte_range())));
            }
            out
        };
        assert!(shape(run.root()) == shape(blanked.root_node()));
        let top = |f: &SourceFile| crate::syntax::named_children(f.root()).len();
        assert_eq!(top(&kept), 2 + 3 + 7 + 130);
        assert_eq!(top(&run), 2 + 3 + 5);
        let defers = |f: &SourceFile| {
            let model = crate::model::FileModel::build(f);
            model
                .functions
                .iter()
                .map(|f| f.defers.len())
                .sum::<usize>()
        };
        assert_eq!(defers(&run), 1);
        // Not with a suppression comment, nor for a view's tree.
        let suppressed = format!("{text}// {}\n", crate::suppress::DIRECTIVE);
        let run = SourceFile::parse_run("p.go", suppressed, &plan, &plan.kept, None);
        assert_eq!(top(&run), 2 + 3 + 7 + 130);
    }

    /// However many stretches a run leaves out, its tree is parsed with included
    /// ranges (the runtime finds a position's range by binary search), and is the
    /// tree a blanked copy gives.
    #[test]
    fn a_run_leaving_out_thousands_of_stretches_is_parsed_with_included_ranges() {
        let mut text = String::from("package p\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\n");
        text.push_str("func kept() {\n\tmu.Lock()\n\tdefer mu.Unlock()\n}\n\n");
        // Each unused function is a stretch of its own, between two types.
        for i in 0..5000 {
            text.push_str(&format!(
                "type T{i} struct{{ n int }}\n\nfunc unused{i}() int {{ return {i} }}\n\n"
            ));
        }
        let plan = PartialPlan::new(&text, &[Finder::new("defer")]).expect("scan");
        assert_eq!(plan.kept, [0]);
        let run = SourceFile::parse_run("p.go", text.clone(), &plan, &plan.kept, None);
        assert!(!run.has_syntax_errors());
        assert!(run.tree.included_ranges().len() > 5000);
        let mut left_out = plan.left_out(&text, &plan.kept);
        left_out.extend(plan.unneeded_functions(&text, &plan.kept));
        let blanked = parse_go_blanked(&text, &left_out, Some(&[plan.bodies[0].clone()]));
        let shape = |root: Node<'_>| {
            let mut out = Vec::new();
            crate::syntax::walk_all(root, &mut |n| out.push((n.k().to_string(), n.byte_range())));
            out
        };
        assert!(shape(run.root()) == shape(blanked.root_node()));
        // The package clause, the import, the variable, `kept` and the types.
        assert_eq!(crate::syntax::named_children(run.root()).len(), 4 + 5000);
    }

    #[test]
    fn left_out_stretches_merge_across_space_and_comments_only() {
        let text = "aaaa  // c\n /* d */ bbbb x cccc\n\ndddd /* open";
        let at = |w: &str| {
            let i = text.find(w).expect("word");
            i..i + w.len()
        };
        let merged = merge_left_out(
            text,
            vec![at("dddd"), at("cccc"), at("bbbb"), at("aaaa"), 1..3],
        );
        assert_eq!(
            merged,
            [0..at("bbbb").end, at("cccc").start..at("dddd").end]
        );
        assert!(!crate::skeleton::only_space_and_comments(b" /* open"));
        assert!(crate::skeleton::only_space_and_comments(b"\n// to the end"));
    }

    #[test]
    fn a_plan_keeps_the_bodies_with_a_needle() {
        let plan = PartialPlan::new(SRC, &[Finder::new("defer")]).expect("scan");
        // The initializer literal and the three bodies, in order.
        assert_eq!(plan.bodies.len(), 4);
        assert_eq!(plan.kept, [1, 3]);
        let file = SourceFile::parse_kept("p.go", SRC.to_string(), &plan, &plan.kept);
        assert!(file.partial);
        assert_eq!(file.text, SRC);
        // b's body was blanked in the tree (its text is still the file's).
        let bodies: Vec<usize> = crate::syntax::named_children(file.root())
            .into_iter()
            .filter_map(|d| d.field("body"))
            .map(|b| b.named_child_count())
            .collect();
        assert_eq!(bodies.len(), 3);
        assert_eq!(bodies.iter().filter(|&&n| n > 0).count(), 2);
        // Only `c`: a, b and the literal blanked, and offsets those of the text.
        let only_c = SourceFile::parse_kept("p.go", SRC.to_string(), &plan, &[3]);
        let model = crate::model::FileModel::build(&only_c);
        let defers: Vec<&str> = model
            .functions
            .iter()
            .flat_map(|f| f.defers.iter().map(|d| only_c.text_of(d.node)))
            .collect();
        assert_eq!(defers, ["defer z()"]);
    }

    #[test]
    fn the_package_name_from_the_text_is_the_tree_s() {
        for text in [
            "package p\n",
            "// Copyright\n\n/* doc */ package p_test // x\nfunc f() {}\n",
            "//go:build linux\n\npackage\tp2;\n",
        ] {
            let parsed = SourceFile::parse("a.go", text.to_string());
            assert_eq!(package_clause_name(text), parsed.package_name(), "{text:?}");
            assert!(package_clause_name(text).is_some());
        }
        for text in [
            "",
            "packagep\n",
            "package /* c */ p\n",
            "func f() {}\n",
            "/* open\npackage p\n",
            "package 1p\n",
            "package pé\n",
        ] {
            assert_eq!(package_clause_name(text), None, "{text:?}");
        }
    }

    #[test]
    fn runs_hold_at_most_max_bytes_and_a_large_body_alone() {
        let plan = PartialPlan {
            bodies: vec![0..10, 20..25, 30..60, 70..72, 80..83],
            kept: vec![],
            functions: vec![],
            comments: vec![],
        };
        assert_eq!(
            plan.runs(&[0, 1, 2, 3, 4], 16),
            [vec![0, 1], vec![2], vec![3, 4]]
        );
        assert_eq!(plan.runs(&[1, 3], 1), [vec![1], vec![3]]);
        assert!(plan.runs(&[], 16).is_empty());
        assert_eq!(plan.bytes(&[0, 2]), 40);
    }
}
