#!/usr/bin/env bash
# The fast paths change no result. Runs `--mode analyze` with every finding, its
# fix's edits and the safety reasoning behind it (--format jsonl --explain-safety)
# over a tree of real Go code twice and compares the outputs byte for byte:
# - fast (the default): the files with a needle (`defer`, `Lock()`, ...) parsed
#   partially, once, for both the package view and the rules: the bodies of
#   top-level functions (and package-level literals) that hold no needle blanked
#   before parsing; package views made of the declarations of the other files of
#   the package (every body blanked); a blanked body parsed alone when a panic
#   summary or an inlining cost needs it; panic summaries computed on demand, for
#   the functions a region reaches;
# - reference (--test-mode whole-files --test-mode eager-summaries, hidden flags
#   that set the driver's `TestModes`): every file of a package
#   parsed whole and the summary of every function of the package computed up
#   front, before any rule asks.
#
# A third run checks every file in runs of one body at a time (--test-mode small-runs; the
# path analyze takes for files with more than 512 KB of bodies with a needle, and
# past 1 MB of them in a directory): its output must equal the fast run's exactly.
# With --statistics (whose ranking takes every defer's regime from one tree of the
# file) no file is cut into runs: the ranking and totals must be the same with and
# without --test-mode small-runs.
#
# One difference is allowed, and listed: tree-sitter's syntax error in a body the
# fast run did not parse. The reference reports only the error for that file; the
# fast run may report the file's findings, but none with a fix (a fix is offered
# only after the whole file has parsed cleanly, as a rewrite run requires).
#
# Usage: scripts/fast-path-check.sh [DIR...]   (default: `go env GOROOT`/src)
# Environment: GDR_BIN (binary to check; default: this workspace's release build).
# Takes about a minute and a half on 2 cores for the standard library.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

setup_go
find_binary
TREES=("$@")
[[ ${#TREES[@]} -gt 0 ]] || TREES=("${GDR_GOROOT}/src")
WORK=$(mktemp -d)
trap 'rm -rf "${WORK}"' EXIT

ARGS=(--mode analyze --format jsonl --explain-safety --no-config --quiet --exit-zero)
FAILED=0
for tree in "${TREES[@]}"; do
	section "${tree}"
	step "fast"
	run_tool "${WORK}/fast" "${ARGS[@]}" "${tree}"
	step "reference (whole files, eager summaries)"
	run_tool "${WORK}/ref" "${ARGS[@]}" --test-mode whole-files --test-mode eager-summaries "${tree}"
	step "runs of one body (--test-mode small-runs)"
	run_tool "${WORK}/runs" "${ARGS[@]}" --test-mode small-runs "${tree}"
	if cmp -s "${WORK}/fast.out" "${WORK}/runs.out"; then
		echo "runs of one body: same output as the fast run"
	else
		echo "DIFFERENT output (< fast, > runs of one body):"
		diff "${WORK}/fast.out" "${WORK}/runs.out" | head -n 40 || true
		FAILED=1
	fi
	step "--statistics, fast and with --test-mode small-runs"
	run_tool "${WORK}/stats" "${ARGS[@]}" --statistics "${tree}"
	run_tool "${WORK}/stats-runs" "${ARGS[@]}" --statistics --test-mode small-runs "${tree}"
	if cmp -s "${WORK}/stats.err" "${WORK}/stats-runs.err"; then
		echo "--statistics: same ranking and totals"
	else
		echo "DIFFERENT --statistics (< fast, > runs of one body):"
		diff "${WORK}/stats.err" "${WORK}/stats-runs.err" | head -n 20 || true
		FAILED=1
	fi
	findings=$(wc -l <"${WORK}/fast.out")
	[[ "${findings}" -gt 0 ]] || die "no findings at all in ${tree}: nothing was compared"
	# Files with a syntax error that only the reference saw.
	: >"${WORK}/unseen"
	while IFS= read -r path; do
		grep -qF "\"code\":\"syntax-error\",\"rule\":\"syntax-error\",\"severity\":\"error\",\"path\":\"${path}\"" "${WORK}/fast.out" ||
			printf '"path":"%s",\n' "${path}" >>"${WORK}/unseen"
	done < <(grep '"code":"syntax-error"' "${WORK}/ref.out" | sed 's/.*"path":"\([^"]*\)".*/\1/' | sort -u)
	if [[ -s "${WORK}/unseen" ]]; then
		echo "syntax errors in bodies the fast run did not parse (allowed when no fix is offered there):"
		sed 's/^"path":"\(.*\)",$/  \1/' "${WORK}/unseen"
		if grep -F -f "${WORK}/unseen" "${WORK}/fast.out" | grep -v '"fix":null'; then
			echo "a fix is offered in a file that does not parse whole"
			FAILED=1
		fi
		grep -v -F -f "${WORK}/unseen" "${WORK}/fast.out" >"${WORK}/fast.cmp" || true
		grep -v -F -f "${WORK}/unseen" "${WORK}/ref.out" >"${WORK}/ref.cmp" || true
	else
		cp "${WORK}/fast.out" "${WORK}/fast.cmp"
		cp "${WORK}/ref.out" "${WORK}/ref.cmp"
	fi
	if cmp -s "${WORK}/fast.cmp" "${WORK}/ref.cmp"; then
		echo "same output: ${findings} findings ($(wc -l <"${WORK}/fast.cmp") compared)"
	else
		echo "DIFFERENT output (< fast, > reference):"
		diff "${WORK}/fast.cmp" "${WORK}/ref.cmp" | head -n 40 || true
		FAILED=1
	fi
done
step "done"
[[ "${FAILED}" -eq 0 ]] || die "the fast paths changed the output"
echo "fast-path-check: the fast paths change nothing"
