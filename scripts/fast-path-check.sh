#!/usr/bin/env bash
# The fast paths change no result. Runs `--mode analyze` with every finding, its
# fix's edits and the safety reasoning behind it (--format jsonl --explain-safety)
# over a tree of real Go code twice and compares the outputs byte for byte:
# - fast (the default): package views made of the declarations of the files that
#   are not being checked (function bodies and package-level literals blanked
#   before parsing; a body is parsed alone when a panic summary needs it), and
#   panic summaries computed on demand, for the functions a region reaches;
# - reference (GDR_WHOLE_FILES=1 GDR_EAGER_SUMMARIES=1): every file of a package
#   parsed whole and the summary of every function of the package computed up
#   front, before any rule asks.
#
# Usage: scripts/fast-path-check.sh [DIR...]   (default: `go env GOROOT`/src)
# Environment: GDR_BIN (binary to check; default: this workspace's release build).
# Takes about a minute on 2 cores for the standard library (the reference run is
# most of it).
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
	GDR_WHOLE_FILES=1 GDR_EAGER_SUMMARIES=1 run_tool "${WORK}/ref" "${ARGS[@]}" "${tree}"
	findings=$(wc -l <"${WORK}/fast.out")
	[[ "${findings}" -gt 0 ]] || die "no findings at all in ${tree}: nothing was compared"
	if cmp -s "${WORK}/fast.out" "${WORK}/ref.out"; then
		echo "same output: ${findings} findings"
	else
		echo "DIFFERENT output (< fast, > reference):"
		diff "${WORK}/fast.out" "${WORK}/ref.out" | head -n 40 || true
		FAILED=1
	fi
done
step "done"
[[ "${FAILED}" -eq 0 ]] || die "the fast paths changed the output"
echo "fast-path-check: the fast paths change nothing"
