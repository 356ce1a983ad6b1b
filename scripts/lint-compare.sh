#!/usr/bin/env bash
# Lint comparison (issue #19): rewrite real Go modules that nobody here wrote,
# at pinned versions, with Safe fixes only, and check that the rewrite adds no
# warning of two common linters, revive and staticcheck, and still builds and
# vets.
#
# The modules are pinned by tests/lint-corpus/go.mod and go.sum (see MODULES
# below): github.com/hashicorp/raft, github.com/dgraph-io/badger/v4 and
# github.com/nats-io/nats-server/v2. This script
# 1. runs `go mod download` for tests/lint-corpus through the Go module proxy
#    into the module cache real-corpus.sh uses (outside the repository:
#    GDR_CORPUS_MODCACHE, default
#    ${XDG_CACHE_HOME:-~/.cache}/go-defer-rewriter/corpus-modcache), and checks
#    that this leaves tests/lint-corpus/go.mod and go.sum unchanged;
# 2. installs the pinned linters (REVIVE_VERSION, STATICCHECK_VERSION below)
#    with `go install` into a cache outside the repository (GDR_TOOLS_DIR,
#    default ${XDG_CACHE_HOME:-~/.cache}/go-defer-rewriter/tools, one directory
#    per tool and version; skipped when already there);
# 3. for each module: copies it out of the module cache into a temporary
#    directory (removed on exit), rewrites the copy in place with
#    go-defer-rewriter --no-config (Safe fixes only, test files included, as
#    real-corpus.sh's Safe pass), finds the changed files with `diff -r`, and
#    for the package directories holding them runs, on the original (module
#    cache) and on the rewritten copy:
#    - revive with its default rules: no -config, and HOME and XDG_CONFIG_HOME
#      pointed at an empty directory so that no ~/revive.toml is read (the unix
#      formatter only adds the rule name to each line);
#    - staticcheck with its default checks (the script stops if a
#      staticcheck.conf could change them), tests included;
#    and compares the warnings without line and column numbers, as multisets of
#    (file, rule or check, message). Every warning the rewrite adds is listed
#    with its file:line:col in the rewritten copy and that line of code. The
#    changed packages are also built (go build) and vetted (go vet, tests
#    included; compared with go vet on the originals when it reports anything),
#    from a copy of tests/lint-corpus with `replace M => <copy>`, so every
#    dependency comes from the pinned go.sum;
# 4. prints a table: per module, files changed, Safe fixes applied, revive and
#    staticcheck warnings before / after / new, build and vet results.
# Exits 1 if the rewrite adds a warning, or a build, vet or linter run fails; 2
# on a usage error. With --report-only, new warnings are printed but do not
# fail the run (a build or vet failure, or a linter that cannot run, still
# does): scripts/test.sh runs it so while the tool is known to add revive
# var-declaration warnings (its `var ret T = expr` temporaries).
#
# Usage: scripts/lint-compare.sh [--report-only]
# Environment:
#   GDR_BIN=path/to/go-defer-rewriter   test this binary instead of building
#                                       this workspace's release binary
#   GDR_CORPUS_MODCACHE=dir             module cache to use (see above)
#   GDR_TOOLS_DIR=dir                   where the linters are installed
#   GDR_KEEP_WORK=1                     keep the temporary directory (copies,
#                                       diffs, linter outputs) and print where
# Needs network access to the Go module proxy on the first run (and for
# test-only dependencies that go.sum does not list: go vet and staticcheck fetch
# those with -mod=mod into the temporary copies only).
#
# Durations on 2 cores (Go 1.26; the release binary already built), measured
# on 2026-12-07 with the three modules above:
#   - first run on a machine (empty module cache, no linters installed, empty Go
#     build and staticcheck caches): ~12 min (702 s: download 4 s, installing
#     both linters 62 s, staticcheck of nats-server's server package, original
#     and rewrite, 7 min);
#   - later runs: ~3.5 min (214 s), about 2 min of it staticcheck on
#     nats-server's packages (original and rewrite); revive about 20 s per
#     module.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CORPUS="${GDR_ROOT}/tests/lint-corpus"

# name|module path: the modules rewritten (each must be required in
# tests/lint-corpus/go.mod).
MODULES=(
	"raft|github.com/hashicorp/raft"
	"badger|github.com/dgraph-io/badger/v4"
	"nats-server|github.com/nats-io/nats-server/v2"
)
REVIVE_VERSION=v1.17.0
STATICCHECK_VERSION=v0.8.2

usage() {
	echo "usage: $0 [--report-only]" >&2
	exit 2
}
REPORT_ONLY=0
case "${1:-}" in
"") ;;
--report-only) REPORT_ONLY=1 ;;
-h | --help)
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 0
	;;
*) usage ;;
esac
[[ $# -le 1 ]] || usage

setup_go
setup_fetching_go "${CORPUS}/go.mod"
find_binary

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-lint.XXXXXX")"
cleanup() {
	if [[ "${GDR_KEEP_WORK:-0}" == 1 ]]; then
		echo "kept ${WORK}"
	else
		chmod -R u+w "${WORK}" 2>/dev/null || true
		rm -rf "${WORK}"
	fi
}
trap cleanup EXIT

FAILURES=()
# fail WHAT LOG...: record a failed check and show its logs.
fail() {
	local what="$1"
	shift
	printf '\nFAIL: %s\n' "${what}"
	local log
	for log in "$@"; do
		show_log "${log##*/}" "${log}" 60
	done
	FAILURES+=("${what}")
}

section "lint comparison ($(go version); binary ${GDR_BIN})"
echo "module cache ${GOMODCACHE}; GOPROXY=${GOPROXY}; work dir ${WORK}"
[[ "${REPORT_ONLY}" -eq 0 ]] || echo "--report-only: new warnings are reported, not failed on"

step "go mod download (tests/lint-corpus, pinned by its go.mod and go.sum)"
BASE="${WORK}/base"
download_pinned "${CORPUS}" "${BASE}" "${WORK}/download.log"

# install_tool NAME PACKAGE VERSION: go install PACKAGE@VERSION into
# $TOOLS/NAME-VERSION/bin unless it is there; prints the binary's path.
TOOLS="${GDR_TOOLS_DIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/go-defer-rewriter/tools}"
install_tool() {
	local name="$1" pkg="$2" version="$3"
	local bin="${TOOLS}/${name}-${version}/bin"
	if [[ ! -x "${bin}/${name}" ]]; then
		echo "not in ${TOOLS}: go install ${pkg}@${version}" >&2
		(cd "${WORK}" && GOBIN="${bin}" go install "${pkg}@${version}") >"${WORK}/install-${name}.log" 2>&1 || {
			show_log "go install ${pkg}@${version}" "${WORK}/install-${name}.log" >&2
			die "could not install ${name} ${version}"
		}
	fi
	echo "${bin}/${name}"
}
step "linters: revive ${REVIVE_VERSION}, staticcheck ${STATICCHECK_VERSION} (in ${TOOLS})"
REVIVE="$(install_tool revive github.com/mgechev/revive "${REVIVE_VERSION}")"
STATICCHECK="$(install_tool staticcheck honnef.co/go/tools/cmd/staticcheck "${STATICCHECK_VERSION}")"
echo "revive: $("${REVIVE}" -version)"
echo "staticcheck: $("${STATICCHECK}" -version)"
# revive reads $XDG_CONFIG_HOME/revive.toml or ~/revive.toml when there is no
# -config: it runs with both pointed here, at an empty directory.
NO_CONFIG="${WORK}/no-config"
mkdir -p "${NO_CONFIG}"

declare -A MOD_DIR MOD_VER
for entry in "${MODULES[@]}"; do
	name="${entry%%|*}" mod="${entry#*|}"
	read -r ver dir < <(cd "${BASE}" && go list -m -f '{{.Version}} {{.Dir}}' "${mod}") || die "go list -m ${mod} failed: is it required in tests/lint-corpus/go.mod?"
	[[ -n "${dir}" && -d "${dir}" ]] || die "${mod} ${ver} is not in the module cache after go mod download"
	MOD_DIR[${name}]="${dir}" MOD_VER[${name}]="${ver}"
	echo "${mod} ${ver}: ${dir}"
done

# lint_keys LOG: the warnings in a linter's output (lines "<mod>/file.go:L:C: ..."
# after vet_paths), one "file.go: message" per line without line and column,
# sorted: a multiset comparable between the original and the rewrite.
lint_keys() {
	lint_lines "$1" | sed -E 's#^<mod>/([^:]+):[0-9]+:[0-9]+: #\1: #' | LC_ALL=C sort
}
lint_lines() {
	vet_paths "$1" | grep -E '^<mod>/[^:]+\.go:[0-9]+:[0-9]+: ' || true
}
# lint_other LOG: lines of a linter's output that are not warnings (errors of
# the linter or of the go command), other than related information (indented).
lint_other() {
	vet_paths "$1" | grep -vE '^(<mod>/[^:]+\.go:[0-9]+:[0-9]+: |[[:space:]]|$)' || true
}

# new_warnings BEFORE_KEYS AFTER_LOG COPY: the warnings of AFTER_LOG whose key
# appears more often after than before, each as file:line:col: message, then
# that line of the rewritten COPY, by file and line. When a key was there before too, all its
# places after are printed, marked with how many of them are new.
new_warnings() {
	local before="$1" after="$2" copy="$3" file line col msg note
	lint_lines "${after}" | sed -E 's#^<mod>/##' |
		awk 'FNR == NR { b[$0]++; next }
			{
				match($0, /:[0-9]+:[0-9]+: /)
				pos[FNR] = substr($0, 1, RSTART - 1)
				msg[FNR] = substr($0, RSTART + RLENGTH)
				key[FNR] = pos[FNR] ": " msg[FNR]
				split(substr($0, RSTART + 1, RLENGTH - 3), lc, ":")
				line[FNR] = lc[1]; col[FNR] = lc[2]
				a[key[FNR]]++; n = FNR
			}
			END {
				for (i = 1; i <= n; i++) {
					k = key[i]
					if (a[k] <= b[k]) continue
					note = (b[k] > 0) ? sprintf("%d new of %d alike", a[k] - b[k], a[k]) : ""
					printf "%s\t%s\t%s\t%s\t%s\n", pos[i], line[i], col[i], msg[i], note
				}
			}' "${before}" - |
		LC_ALL=C sort -t$'\t' -k1,1 -k2,2n -k3,3n |
		while IFS=$'\t' read -r file line col msg note; do
			printf '  %s:%s:%s: %s%s\n' "${file}" "${line}" "${col}" "${msg}" "${note:+ (${note})}"
			printf '      %s\n' "$(sed -n "${line}p" "${copy}/${file}" | sed -E 's/^[[:space:]]+//')"
		done
}

# has_staticcheck_conf DIR: whether a staticcheck.conf in DIR, below it or in a
# directory above it could change staticcheck's checks.
has_staticcheck_conf() {
	local d="$1"
	[[ -z "$(find "${d}" -name staticcheck.conf)" ]] || return 0
	while [[ "${d}" != / ]]; do
		d="$(dirname "${d}")"
		[[ ! -e "${d}/staticcheck.conf" ]] || return 0
	done
	return 1
}

# Results for the table, keyed "name/what".
declare -A R
NEW_REPORT="${WORK}/new-warnings.txt"
: >"${NEW_REPORT}"

# check_module NAME: rewrite a copy of module NAME, lint and build it.
check_module() {
	local name="$1"
	local mod dir ver copy wmod logs
	mod="$(printf '%s\n' "${MODULES[@]}" | sed -n "s#^${name}|##p")"
	dir="${MOD_DIR[${name}]}" ver="${MOD_VER[${name}]}"
	copy="${WORK}/src/${mod}@${ver}" wmod="${WORK}/mod-${name}" logs="${WORK}/logs-${name}"
	MOD_RE="$(regex_quote "${mod}")" VER_RE="$(regex_quote "${ver}")"

	section "${mod}@${ver}"
	mkdir -p "${copy%/*}" "${logs}"
	cp -a "${dir}" "${copy}"
	chmod -R u+w "${copy}"
	cp -a "${CORPUS}" "${wmod}"
	(cd "${wmod}" && go mod edit -replace "${mod}=${copy}")

	step "rewrite: go-defer-rewriter --no-config <copy>"
	run_tool "${logs}/rewrite" --no-config "${copy}"
	local summary fixes
	summary="$(tool_summary "${logs}/rewrite")"
	fixes="$(summary_fixes "${summary}")"
	R[${name}/fixes]="${fixes% *}"
	echo "exit ${TOOL_RC}; ${summary}"
	[[ "${fixes#* }" == 0 ]] || fail "${name}: the rewrite without --unsafe-fixes applied Unsafe fixes (${summary})"

	local rc=0 changed=() rel d
	LC_ALL=C diff -rq "${dir}" "${copy}" >"${logs}/changed.raw" || rc=$?
	[[ "${rc}" -le 1 ]] || die "diff -r failed: $(cat "${logs}/changed.raw")"
	if grep -v '^Files .* differ$' "${logs}/changed.raw" >"${logs}/unexpected"; then
		fail "${name}: the rewrite added or removed files" "${logs}/unexpected"
	fi
	mapfile -t changed < <(sed -nE "s#^Files ${dir}/(.*) and ${copy}/.* differ\$#\\1#p" "${logs}/changed.raw" | LC_ALL=C sort)
	R[${name}/files]="${#changed[@]}"
	if [[ "${#changed[@]}" -eq 0 ]]; then
		fail "${name}: nothing was rewritten, so nothing would be compared" "${logs}/rewrite.err"
		return
	fi
	local dirs=() pkgs=()
	mapfile -t dirs < <(for rel in "${changed[@]}"; do dirname "${rel}"; done | LC_ALL=C sort -u)
	for d in "${dirs[@]}"; do
		if [[ "${d}" == . ]]; then pkgs+=("${mod}"); else pkgs+=("${mod}/${d}"); fi
	done
	echo "${#changed[@]} files changed in ${#dirs[@]} package directories"
	for d in "${dir}" "${copy}" "${wmod}" "${BASE}"; do
		! has_staticcheck_conf "${d}" || die "a staticcheck.conf in, below or above ${d} would change staticcheck's default checks"
	done

	# revive: the directories, on the original and on the copy (absolute paths,
	# so that vet_paths cuts them alike).
	step "revive (default rules) on ${#dirs[@]} directories, original and rewrite"
	local side root what revive_ok=1
	for side in before after; do
		if [[ "${side}" == before ]]; then root="${dir}" what=original; else root="${copy}" what=rewrite; fi
		rc=0
		env HOME="${NO_CONFIG}" XDG_CONFIG_HOME="${NO_CONFIG}" "${REVIVE}" -formatter unix "${dirs[@]/#/${root}/}" \
			>"${logs}/revive-${side}.log" 2>&1 || rc=$?
		lint_keys "${logs}/revive-${side}.log" >"${logs}/revive-${side}.keys"
		if [[ "${rc}" -ne 0 || -n "$(lint_other "${logs}/revive-${side}.log")" ]]; then
			revive_ok=0
			fail "${name}: revive could not lint the ${what} (exit ${rc})" "${logs}/revive-${side}.log"
		fi
	done
	compare_lint "${name}" revive "${copy}" "${revive_ok}"

	# Which packages go can build here: a directory may hold only tests, or only
	# files for other systems.
	local build_pkgs=() vet_pkgs=() line p kind
	(cd "${wmod}" && GOFLAGS=-mod=mod go list -e -f '{{.ImportPath}}|{{if .GoFiles}}lib{{else if or .TestGoFiles .XTestGoFiles}}test{{end}}|{{if .Error}}{{.Error}}{{end}}' "${pkgs[@]}") >"${logs}/list.log" 2>"${logs}/list.err" || {
		fail "${name}: go list of the changed packages failed" "${logs}/list.err"
		return
	}
	while IFS= read -r line; do
		p="${line%%|*}" kind="${line#*|}" kind="${kind%%|*}"
		case "${kind}" in
		lib) build_pkgs+=("${p}") vet_pkgs+=("${p}") ;;
		test) vet_pkgs+=("${p}") ;;
		*) echo "note: ${p} is not built here (${line##*|}): revive only" ;;
		esac
	done <"${logs}/list.log"

	step "staticcheck (default checks, tests included) on ${#vet_pkgs[@]} packages, original and rewrite"
	local sc_ok=1 at
	for side in before after; do
		if [[ "${side}" == before ]]; then at="${BASE}" what=original; else at="${wmod}" what=rewrite; fi
		(cd "${at}" && GOFLAGS=-mod=mod "${STATICCHECK}" -f text "${vet_pkgs[@]}") >"${logs}/staticcheck-${side}.log" 2>&1 || true
		lint_keys "${logs}/staticcheck-${side}.log" >"${logs}/staticcheck-${side}.keys"
		if [[ -n "$(lint_other "${logs}/staticcheck-${side}.log")" ]]; then
			sc_ok=0
			fail "${name}: staticcheck could not check the ${what}" "${logs}/staticcheck-${side}.log"
		fi
	done
	compare_lint "${name}" staticcheck "${copy}" "${sc_ok}"

	step "go build -trimpath (${#build_pkgs[@]} packages) of the rewrite"
	if (cd "${wmod}" && GOFLAGS=-mod=mod go build -trimpath "${build_pkgs[@]}") >"${logs}/build.log" 2>&1; then
		R[${name}/build]=ok
		echo ok
	else
		R[${name}/build]=FAIL
		fail "${name}: go build fails on the rewritten packages" "${logs}/build.log"
	fi

	step "go vet -trimpath (${#vet_pkgs[@]} packages, with their tests) of the rewrite"
	(cd "${wmod}" && GOFLAGS=-mod=mod go vet -trimpath "${vet_pkgs[@]}") >"${logs}/vet.log" 2>&1 || true
	normalize_vet "${logs}/vet.log" >"${logs}/vet.norm"
	if [[ ! -s "${logs}/vet.norm" ]]; then
		R[${name}/vet]=ok
		echo "ok: go vet reports nothing"
		return
	fi
	# Some packages have go vet reports of their own: compare with the originals.
	(cd "${BASE}" && GOFLAGS=-mod=mod go vet -trimpath "${vet_pkgs[@]}") >"${logs}/vet-orig.log" 2>&1 || true
	normalize_vet "${logs}/vet-orig.log" >"${logs}/vet-orig.norm"
	LC_ALL=C comm -13 "${logs}/vet-orig.norm" "${logs}/vet.norm" >"${logs}/vet-new.norm"
	if grep -E '^(go|vet): ' "${logs}/vet-orig.log" | grep -vE '^go: (downloading|finding|added|upgraded|found) ' >"${logs}/vet-orig.errors"; then
		R[${name}/vet]=FAIL
		fail "${name}: go vet could not check the original packages, so it cannot judge the rewrite" "${logs}/vet-orig.errors"
	elif [[ -s "${logs}/vet-new.norm" ]]; then
		R[${name}/vet]=FAIL
		fail "${name}: go vet reports on the rewritten packages what it does not report on the originals (numbers shown as N)" "${logs}/vet-new.norm" "${logs}/vet.log"
	else
		R[${name}/vet]=ok
		echo "ok: nothing new; the $(grep -c . "${logs}/vet.norm") lines of go vet output are there on the originals too"
	fi
}

# compare_lint NAME TOOL COPY OK: count TOOL's warnings before and after (from
# ${logs}/TOOL-{before,after}.*) and list the new ones.
compare_lint() {
	local name="$1" tool="$2" copy="$3" ok="$4"
	local b a n
	b="$(grep -c . "${logs}/${tool}-before.keys" || true)"
	a="$(grep -c . "${logs}/${tool}-after.keys" || true)"
	n="$(LC_ALL=C comm -13 "${logs}/${tool}-before.keys" "${logs}/${tool}-after.keys" | grep -c . || true)"
	R[${name}/${tool}]="${b}/${a}/${n}"
	[[ "${ok}" -eq 1 ]] || R[${name}/${tool}]+="!"
	echo "${tool}: ${b} warnings on the original, ${a} on the rewrite, ${n} new"
	if [[ "${n}" -gt 0 ]]; then
		{
			printf '%s %s, %s new (file:line:col of the rewritten copy, then that line):\n' "${name}" "${tool}" "${n}"
			new_warnings "${logs}/${tool}-before.keys" "${logs}/${tool}-after.log" "${copy}"
			echo "  by kind:"
			LC_ALL=C comm -13 "${logs}/${tool}-before.keys" "${logs}/${tool}-after.keys" | rule_of | LC_ALL=C sort | uniq -c | sort -rn
			echo
		} | tee -a "${NEW_REPORT}"
	fi
}

# rule_of: the rule (revive, "[rule] message") or check (staticcheck,
# "message (CHECK)") of each key.
rule_of() {
	sed -E 's#^[^:]+: \[([^]]+)\] .*#\1#; s#^[^:]+: .* \(([A-Z]+[0-9]+)\)$#\1#'
}

for entry in "${MODULES[@]}"; do
	check_module "${entry%%|*}"
done

section "results"
row() {
	printf '%-42s %5s %5s  %-14s %-14s %-5s %-5s\n' "$@"
}
row module files fixes revive staticcheck build vet
NEW_TOTAL=0
for entry in "${MODULES[@]}"; do
	name="${entry%%|*}"
	row "${entry#*|}@${MOD_VER[${name}]}" "${R[${name}/files]:--}" "${R[${name}/fixes]:--}" \
		"${R[${name}/revive]:--}" "${R[${name}/staticcheck]:--}" "${R[${name}/build]:--}" "${R[${name}/vet]:--}"
	for tool in revive staticcheck; do
		v="${R[${name}/${tool}]:-0/0/0}" v="${v%!}"
		NEW_TOTAL=$((NEW_TOTAL + ${v##*/}))
	done
done
echo "files: files changed by the rewrite; fixes: Safe fixes applied (go-defer-rewriter --no-config)."
echo "revive, staticcheck: warnings on the original / on the rewrite / new (file, rule and"
echo "message counted without line numbers; ! = the linter could not run)."

if [[ "${NEW_TOTAL}" -gt 0 ]]; then
	section "${NEW_TOTAL} new warnings"
	cat "${NEW_REPORT}"
	if [[ "${REPORT_ONLY}" -eq 0 ]]; then
		FAILURES+=("the rewrite adds ${NEW_TOTAL} linter warnings")
	else
		echo
		echo "(--report-only: not counted as a failure)"
	fi
fi
if [[ "${#FAILURES[@]}" -gt 0 ]]; then
	printf '\nFAILED (%s):\n' "${#FAILURES[@]}"
	printf '  %s\n' "${FAILURES[@]}"
	section "lint-compare: FAILED after ${SECONDS}s"
	exit 1
fi
section "lint-compare: passed in ${SECONDS}s"
