#!/usr/bin/env bash
# Syntax corpus check: a Go file that gofmt accepts is never reported as a
# syntax error by go-defer-rewriter.
#
# The corpus is every .go file of the Go installation's source (`go env
# GOROOT`/src) outside testdata directories (vendored packages included), with
# gofmt -e as the judge of what is Go syntax: files gofmt rejects are counted
# and left out. The release binary then runs twice over the accepted files:
# 1. as users run it: --mode analyze over the files themselves (analyze parses
#    only the function bodies that hold a defer, and a file without any needle
#    is not parsed as a candidate at all);
# 2. on whole files: over a temporary copy (removed on exit) in which every
#    file ends with the comment `// defer`, so that every file is a candidate,
#    in rewrite mode (which parses candidates whole; only the copy is written).
# Any syntax-error finding on an accepted file fails the check, except the
# known gaps listed in KNOWN_GAPS below (each with its reason); a known gap that
# no longer fails is reported too, so the list stays true. Prints the counts.
#
# The parser is crates/tree-sitter-go-patched: a failure here is fixed in its
# grammar (new-expr.patch, scripts/regen-grammar.sh).
#
# Usage: scripts/syntax-corpus.sh
# Environment: GDR_BIN=path/to/go-defer-rewriter to test a given binary instead
# of building this workspace's release binary.
# About a minute on 2 cores (gofmt and each run of the tool take 10-40 s).
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Files (relative to GOROOT/src) that gofmt accepts and the tool is known to
# report as a syntax error, with the reason. Empty: none is known.
declare -A KNOWN_GAPS=()

no_arguments "$@"

setup_go
find_binary
SRC="${GDR_GOROOT}/src"
[[ -d "${SRC}" ]] || die "no Go source at ${SRC}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-syntax.XXXXXX")"
cleanup() { rm -rf "${WORK}"; }
trap cleanup EXIT

section "syntax corpus: $(go version); ${SRC}; binary ${GDR_BIN}"

step "the .go files outside testdata"
# Relative paths, NUL-separated; `SRC/.` follows SRC when it is a link (Debian).
(cd "${SRC}/." && find . -type d -name testdata -prune -o -type f -name '*.go' -print0) |
	sed -z 's|^\./||' | LC_ALL=C sort -z >"${WORK}/all"
TOTAL="$(tr -cd '\0' <"${WORK}/all" | wc -c)"
[[ "${TOTAL}" -gt 1000 ]] || die "only ${TOTAL} .go files under ${SRC}: not a Go installation's source"
echo "${TOTAL} files"

step "gofmt -e -l: which of them are Go"
# gofmt reports each file it cannot parse as `path:line:col: message` on stderr.
(cd "${SRC}/." && xargs -0 gofmt -e -l <"${WORK}/all" >/dev/null 2>"${WORK}/gofmt.err") || true
sed -nE 's/^(.+\.go):[0-9]+:[0-9]+: .*/\1/p' "${WORK}/gofmt.err" | sed 's|^\./||' | LC_ALL=C sort -u >"${WORK}/rejected"
if [[ -s "${WORK}/gofmt.err" && ! -s "${WORK}/rejected" ]]; then
	show_log "gofmt" "${WORK}/gofmt.err" 20
	die "gofmt failed without naming a file it rejects"
fi
tr '\0' '\n' <"${WORK}/all" | LC_ALL=C comm -23 - "${WORK}/rejected" >"${WORK}/accepted"
ACCEPTED="$(wc -l <"${WORK}/accepted")"
echo "${ACCEPTED} accepted, $(wc -l <"${WORK}/rejected") rejected by gofmt (left out):"
sed 's/^/  /' "${WORK}/rejected"
mapfile -t FILES <"${WORK}/accepted"

# syntax_errors JSONL: the files (paths as given to the tool: relative to
# GOROOT/src) with a syntax-error finding, one per line with where and why.
syntax_errors() {
	# The tool's JSON has its keys in a fixed order (code, rule, severity, path,
	# line, column, ..., message).
	grep '^{"code":"syntax-error"' "$1" |
		sed -E 's/.*"path":"([^"]*)","line":([0-9]+),"column":([0-9]+),.*"message":"([^"]*)".*/\1 \2:\3: \4/' |
		LC_ALL=C sort || true
}

step "1. go-defer-rewriter --mode analyze over the files"
start="${SECONDS}"
(cd "${SRC}/." && run_tool "${WORK}/analyze" --mode analyze --no-config --format jsonl --exit-zero -q "${FILES[@]}")
syntax_errors "${WORK}/analyze.out" >"${WORK}/errors-analyze"
echo "$(wc -l <"${WORK}/analyze.out") findings, $(wc -l <"${WORK}/errors-analyze") syntax errors ($((SECONDS - start))s)"

step "2. whole files: go-defer-rewriter over a copy in which every file is a candidate"
start="${SECONDS}"
COPY="${WORK}/copy"
mkdir -p "${COPY}"
(cd "${SRC}/." && xargs -a "${WORK}/accepted" -d '\n' cp --parents -t "${COPY}")
chmod -R u+w "${COPY}"
# A line comment after the last line changes nothing that a parser sees but the
# tool's prefilter, which looks for the bytes `defer`.
# shellcheck disable=SC2016 # $f is expanded by the inner sh
(cd "${COPY}" && xargs -a "${WORK}/accepted" -d '\n' sh -c 'for f; do printf "\n// defer\n" >>"$f"; done' sh)
(cd "${COPY}" && run_tool "${WORK}/whole" --no-config --format jsonl --exit-zero -q "${FILES[@]}")
syntax_errors "${WORK}/whole.out" >"${WORK}/errors-whole"
echo "$(wc -l <"${WORK}/whole.out") findings, $(wc -l <"${WORK}/errors-whole") syntax errors ($((SECONDS - start))s)"

step "verdict"
LC_ALL=C sort -u "${WORK}/errors-analyze" "${WORK}/errors-whole" >"${WORK}/errors"
new=0
known=0
while IFS= read -r line; do
	[[ -n "${line}" ]] || continue
	file="${line%% *}"
	if [[ -n "${KNOWN_GAPS[${file}]:-}" ]]; then
		echo "known gap: ${line} (${KNOWN_GAPS[${file}]})"
		known=$((known + 1))
	else
		echo "NEW: ${line}"
		new=$((new + 1))
	fi
done <"${WORK}/errors"
stale=0
for file in "${!KNOWN_GAPS[@]}"; do
	if [[ ! -f "${SRC}/${file}" ]]; then
		echo "note: known gap ${file} is not in this Go version"
	elif ! grep -q "^${file} " "${WORK}/errors"; then
		echo "STALE: known gap ${file} parses now: remove it from KNOWN_GAPS"
		stale=$((stale + 1))
	fi
done
echo "SYNTAX CORPUS: ${TOTAL} files outside testdata, ${ACCEPTED} accepted by gofmt; syntax errors: $(wc -l <"${WORK}/errors-analyze") analyzing, $(wc -l <"${WORK}/errors-whole") on whole files; ${known} known gaps, ${new} new, ${stale} stale"
[[ "${new}" -eq 0 ]] || die "${new} files that gofmt accepts get a syntax error from go-defer-rewriter (fix the grammar: crates/tree-sitter-go-patched)"
[[ "${stale}" -eq 0 ]] || die "${stale} known gaps are fixed: take them out of KNOWN_GAPS"
section "syntax corpus: passed in ${SECONDS}s"
