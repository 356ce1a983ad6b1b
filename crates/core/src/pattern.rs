//! Call patterns with `$NAME` wildcards: `$X.Unlock()`, `s.mu.RUnlock()`, `$CANCEL()`.
//!
//! A pattern is parsed as a Go expression (the wildcards become placeholder
//! identifiers) and matched structurally against call expressions: node kinds must
//! agree, leaf tokens must have the same text, and a wildcard matches any one
//! expression; a wildcard used twice must match the same text both times. A pattern
//! without wildcards therefore matches that exact call path and nothing else.

use crate::source::parse_go;
use crate::syntax::NodeExt;
use tree_sitter::Node;

const META_PREFIX: &str = "__gdr_meta_";

#[derive(Debug, Clone, PartialEq, Eq)]
enum PNode {
    Meta(String),
    Node {
        kind: String,
        text: Option<String>,
        children: Vec<PNode>,
    },
}

/// A compiled call pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallPattern {
    source: String,
    root: PNode,
}

/// Why a pattern was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid pattern `{pattern}`: {reason}")]
pub struct PatternError {
    pub pattern: String,
    pub reason: String,
}

impl CallPattern {
    pub fn parse(pattern: &str) -> Result<Self, PatternError> {
        let err = |reason: &str| PatternError {
            pattern: pattern.to_string(),
            reason: reason.to_string(),
        };
        let trimmed = pattern.trim();
        if trimmed.is_empty() {
            return Err(err("the pattern is empty"));
        }
        let mut expanded = String::with_capacity(trimmed.len() + 16);
        let mut chars = trimmed.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '$' {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    return Err(err("`$` must be followed by a wildcard name, e.g. `$X`"));
                }
                expanded.push_str(META_PREFIX);
                expanded.push_str(&name);
            } else {
                expanded.push(c);
            }
        }
        let wrapped = format!("package p\nfunc _() {{\n{expanded}\n}}\n");
        let tree = parse_go(&wrapped);
        if tree.root_node().has_error() {
            return Err(err("it is not a Go expression"));
        }
        let call = find_single_expression(tree.root_node())
            .ok_or_else(|| err("it must be a single Go call expression"))?;
        if call.k() != "call_expression" {
            return Err(err("it must be a call expression, e.g. `$X.Unlock()`"));
        }
        Ok(CallPattern {
            source: trimmed.to_string(),
            root: to_pnode(call, &wrapped),
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Does `node` (a call expression in `text`) match this pattern?
    pub fn matches(&self, node: Node<'_>, text: &str) -> bool {
        let mut bindings: Vec<(&str, String)> = Vec::new();
        match_node(&self.root, node, text, &mut bindings)
    }
}

fn find_single_expression(root: Node<'_>) -> Option<Node<'_>> {
    let func = crate::syntax::named_children(root)
        .into_iter()
        .find(|n| n.k() == "function_declaration")?;
    let body = func.field("body")?;
    let list = body.named_child(0)?;
    if list.k() != "statement_list" || list.named_child_count() != 1 {
        return None;
    }
    let stmt = list.named_child(0)?;
    if stmt.k() != "expression_statement" {
        return None;
    }
    stmt.named_child(0)
}

fn to_pnode(node: Node<'_>, text: &str) -> PNode {
    let node_text = &text[node.byte_range()];
    if let Some(name) = node_text.strip_prefix(META_PREFIX) {
        if node.child_count() == 0 {
            return PNode::Meta(name.to_string());
        }
    }
    let mut cursor = node.walk();
    let children: Vec<PNode> = node
        .children(&mut cursor)
        .filter(|c| !c.is_extra())
        .map(|c| to_pnode(c, text))
        .collect();
    PNode::Node {
        kind: node.k().to_string(),
        text: if children.is_empty() {
            Some(node_text.to_string())
        } else {
            None
        },
        children,
    }
}

/// Text with all white space removed, so `a . b` binds like `a.b`.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn match_node<'p>(
    p: &'p PNode,
    node: Node<'_>,
    text: &str,
    bindings: &mut Vec<(&'p str, String)>,
) -> bool {
    match p {
        PNode::Meta(name) => {
            let got = squash(&text[node.byte_range()]);
            if let Some((_, prev)) = bindings.iter().find(|(n, _)| *n == name.as_str()) {
                return *prev == got;
            }
            bindings.push((name.as_str(), got));
            true
        }
        PNode::Node {
            kind,
            text: leaf,
            children,
        } => {
            if node.k() != kind {
                return false;
            }
            let mut cursor = node.walk();
            let actual: Vec<Node<'_>> = node
                .children(&mut cursor)
                .filter(|c| !c.is_extra())
                .collect();
            if children.is_empty() {
                return actual.is_empty() && leaf.as_deref() == Some(&text[node.byte_range()]);
            }
            actual.len() == children.len()
                && children
                    .iter()
                    .zip(actual)
                    .all(|(pc, nc)| match_node(pc, nc, text, bindings))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn calls(src: &str) -> (SourceFile, Vec<std::ops::Range<usize>>) {
        let file = SourceFile::parse("x.go", src.to_string());
        let mut out = Vec::new();
        let mut stack = vec![file.root()];
        while let Some(n) = stack.pop() {
            if n.k() == "call_expression" {
                out.push(n.byte_range());
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        out.sort_by_key(|r| r.start);
        (file, out)
    }

    fn matching(pattern: &str, src: &str) -> Vec<String> {
        let p = CallPattern::parse(pattern).unwrap();
        let (file, ranges) = calls(src);
        ranges
            .into_iter()
            .filter(|r| {
                let node = file
                    .root()
                    .descendant_for_byte_range(r.start, r.end)
                    .unwrap();
                let node = if node.k() == "call_expression" {
                    node
                } else {
                    node.parent().unwrap()
                };
                p.matches(node, &file.text)
            })
            .map(|r| file.text[r].to_string())
            .collect()
    }

    const SRC: &str = "package p\nfunc f() {\n\tmu.Unlock()\n\ts.mu.Unlock()\n\ts.mu.RUnlock()\n\tcancel()\n\tf(x)\n\ta.b(a)\n\ta.b(c)\n}\n";

    #[test]
    fn wildcard_receiver() {
        assert_eq!(
            matching("$X.Unlock()", SRC),
            vec!["mu.Unlock()", "s.mu.Unlock()"]
        );
    }

    #[test]
    fn literal_path_matches_exactly() {
        assert_eq!(matching("mu.Unlock()", SRC), vec!["mu.Unlock()"]);
        assert_eq!(matching("s.mu.RUnlock()", SRC), vec!["s.mu.RUnlock()"]);
    }

    #[test]
    fn wildcard_function_matches_any_callee_without_arguments() {
        // Like ast-grep: a wildcard stands for any one expression, selectors included.
        assert_eq!(
            matching("$CANCEL()", SRC),
            vec!["mu.Unlock()", "s.mu.Unlock()", "s.mu.RUnlock()", "cancel()"]
        );
        assert_eq!(matching("cancel()", SRC), vec!["cancel()"]);
    }

    #[test]
    fn repeated_wildcard_must_bind_the_same_text() {
        assert_eq!(matching("$A.b($A)", SRC), vec!["a.b(a)"]);
    }

    #[test]
    fn rejects_non_calls_and_garbage() {
        assert!(CallPattern::parse("mu.Unlock").is_err());
        assert!(CallPattern::parse("").is_err());
        assert!(CallPattern::parse("$.Unlock()").is_err());
        assert!(CallPattern::parse("mu.Unlock(").is_err());
        assert!(CallPattern::parse("a(); b()").is_err());
    }
}
