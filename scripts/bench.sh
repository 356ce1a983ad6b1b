#!/usr/bin/env bash
# Speed and memory at scale: a full cold `--mode analyze` (all built-in rules, no
# config, no result cache) against an ast-grep search for `defer $X.Unlock()` on
# the same tree, run alternately, with the median wall time of each, their ratio
# and the peak RSS; then the warm figure: the same analyze with a result cache
# filled by one run, and its ratio to the cold run.
#
# Trees:
#   std  the standard library source of the Go on PATH (`go env GOROOT`/src);
#   big  the module cache of tests/corpus after `go mod download` (the real-corpus
#        modules at their pinned versions with all their dependencies, about
#        28 M lines of Go), in GDR_CORPUS_MODCACHE (default, as for
#        scripts/real-corpus.sh: ${XDG_CACHE_HOME:-~/.cache}/go-defer-rewriter/corpus-modcache);
#        downloaded through the Go module proxy on first use (about 2 GB);
#   any other argument: a directory to measure.
#
# The comparison tool is ast-grep from PyPI (ast-grep-cli, pinned below), installed
# into a virtual environment under ${XDG_CACHE_HOME:-~/.cache}/go-defer-rewriter/.
# Both tools walk the tree their own way: ours skips vendor/ and testdata/ by
# default and reads only the files that say `defer` and their packages' files;
# ast-grep parses every .go file.
#
# Usage: scripts/bench.sh [--runs N] [std] [big] [DIR...]   (default: std, 5 runs)
# Environment: GDR_BIN (binary to measure; default: this workspace's release build).
# Not part of scripts/test.sh: it takes minutes (the big tree: tens of minutes on
# 2 cores, most of it ast-grep).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

AST_GREP_VERSION=0.51.1
# shellcheck disable=SC2016 # a pattern for ast-grep, not an expansion
PATTERN='defer $X.Unlock()'
RUNS=5
TREES=()
while [[ $# -gt 0 ]]; do
	case "$1" in
	--runs)
		RUNS="$2"
		shift 2
		;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		TREES+=("$1")
		shift
		;;
	esac
done
[[ ${#TREES[@]} -gt 0 ]] || TREES=(std)
[[ "${RUNS}" =~ ^[1-9][0-9]*$ ]] || die "--runs takes a positive number"

CACHE="${XDG_CACHE_HOME:-${HOME}/.cache}/go-defer-rewriter"

section "setup"
setup_go
find_binary
VENV="${CACHE}/bench-venv-${AST_GREP_VERSION}"
if [[ ! -x "${VENV}/bin/ast-grep" ]]; then
	step "installing ast-grep-cli==${AST_GREP_VERSION} into ${VENV}"
	python3 -m venv "${VENV}"
	"${VENV}/bin/pip" install --quiet "ast-grep-cli==${AST_GREP_VERSION}"
fi
AST_GREP="${VENV}/bin/ast-grep"
echo "ours:     ${GDR_BIN} ($("${GDR_BIN}" --version))"
echo "ast-grep: ${AST_GREP} ($("${AST_GREP}" --version))"
echo "cores:    $(nproc)"

# The corpus module cache, downloaded when missing.
big_tree() {
	local modcache="${GDR_CORPUS_MODCACHE:-${CACHE}/corpus-modcache}"
	if [[ ! -d "${modcache}/cache/download" ]]; then
		step "go mod download (tests/corpus) into ${modcache}" >&2
		mkdir -p "${modcache}"
		(cd "${GDR_ROOT}/tests/corpus" && GOPROXY="$(GOPROXY='' go env GOPROXY)" GOMODCACHE="${modcache}" go mod download) >&2
	fi
	echo "${modcache}"
}

# measure COMMAND...: run it, stdout discarded, and print
# "<wall seconds> <peak RSS KiB>" of the command (its own children included).
measure() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if rc not in (0, 1):
    sys.exit(f"exit status {rc}: {' '.join(sys.argv[1:])}")
print(f"{wall:.3f} {rss}")
PY
}

median() {
	sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'
}

bench_tree() {
	local label="$1" tree="$2"
	section "${label}: ${tree}"
	step "size"
	local files lines bytes defer_files defer_bytes
	files=$(find "${tree}" -name '*.go' -type f | wc -l)
	read -r lines bytes < <(find "${tree}" -name '*.go' -type f -print0 | xargs -0 cat | wc -lc)
	local list
	list=$(mktemp)
	find "${tree}" -name '*.go' -type f -not -path '*/testdata/*' -not -path '*/vendor/*' -print0 |
		xargs -0 grep -l --null defer >"${list}" || true
	defer_files=$(tr -cd '\0' <"${list}" | wc -c)
	defer_bytes=$(xargs -0 cat -- <"${list}" | wc -c)
	rm -f "${list}"
	printf '%s .go files, %s lines, %s bytes; outside testdata/ and vendor/, %s files (%s bytes) say "defer"\n' \
		"${files}" "${lines}" "${bytes}" "${defer_files}" "${defer_bytes}"
	# One untimed run of each to warm the page cache.
	step "warm-up"
	measure "${GDR_BIN}" --mode analyze --no-config --no-cache --quiet --exit-zero "${tree}" >/dev/null
	measure "${AST_GREP}" run -l go -p "${PATTERN}" "${tree}" >/dev/null
	local ours=() theirs=() ours_rss=0 theirs_rss=0 t r
	for i in $(seq 1 "${RUNS}"); do
		read -r t r < <(measure "${GDR_BIN}" --mode analyze --no-config --no-cache --quiet --exit-zero "${tree}")
		ours+=("${t}")
		((r > ours_rss)) && ours_rss="${r}"
		read -r t r < <(measure "${AST_GREP}" run -l go -p "${PATTERN}" "${tree}")
		theirs+=("${t}")
		((r > theirs_rss)) && theirs_rss="${r}"
		printf 'run %s: ours %ss, ast-grep %ss\n' "${i}" "${ours[-1]}" "${theirs[-1]}"
	done
	local mo mt
	mo=$(printf '%s\n' "${ours[@]}" | median)
	mt=$(printf '%s\n' "${theirs[@]}" | median)
	printf '\n%s: median wall ours %ss (peak RSS %s MiB), ast-grep %ss (peak RSS %s MiB): ast-grep/ours = %s\n' \
		"${label}" "${mo}" "$((ours_rss / 1024))" "${mt}" "$((theirs_rss / 1024))" \
		"$(awk -v a="${mt}" -v b="${mo}" 'BEGIN {printf "%.1f", a / b}')"

	# Warm: the same run with the result cache, in a fresh cache directory filled
	# by one run first; the figure a CI job with a restored cache sees when the
	# tree did not change.
	step "warm runs (result cache)"
	local cache warm=() warm_rss=0 fill
	cache=$(mktemp -d)
	read -r fill r < <(measure "${GDR_BIN}" --mode analyze --no-config --cache-dir "${cache}" --quiet --exit-zero "${tree}")
	for i in $(seq 1 "${RUNS}"); do
		read -r t r < <(measure "${GDR_BIN}" --mode analyze --no-config --cache-dir "${cache}" --quiet --exit-zero "${tree}")
		warm+=("${t}")
		((r > warm_rss)) && warm_rss="${r}"
	done
	local mw
	mw=$(printf '%s\n' "${warm[@]}" | median)
	printf '%s: filling the cache %ss (%s); median warm run %ss (peak RSS %s MiB): cold/warm = %s\n' \
		"${label}" "${fill}" "$(du -sh "${cache}" | cut -f1)" "${mw}" "$((warm_rss / 1024))" \
		"$(awk -v a="${mo}" -v b="${mw}" 'BEGIN {printf "%.0f", a / b}')"
	rm -rf "${cache}"
}

for t in "${TREES[@]}"; do
	case "${t}" in
	std) bench_tree std "${GDR_GOROOT}/src" ;;
	big) bench_tree big "$(big_tree)" ;;
	*) bench_tree "${t}" "${t}" ;;
	esac
done
