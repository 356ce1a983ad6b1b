#!/usr/bin/env bash
# Real-corpus acceptance run: rewrite large, mutex-heavy Go modules that nobody
# here wrote, at pinned versions, and prove the result still builds, vets,
# is gofmt-clean, is stable under a second run, and passes the modules' own
# tests.
#
# The corpus is tests/corpus: a Go module whose go.mod/go.sum pin
#   go.etcd.io/etcd/server/v3, google.golang.org/grpc, k8s.io/client-go and
#   github.com/prometheus/prometheus
# (see MODULES below). This script
# 1. runs `go mod download` for tests/corpus through the Go module proxy
#    ($GOPROXY, default the one `go env` names) into a module cache outside the
#    repository (GDR_CORPUS_MODCACHE, default
#    ${XDG_CACHE_HOME:-~/.cache}/go-defer-rewriter/corpus-modcache, ~2 GB), and
#    checks that this leaves tests/corpus/go.mod and go.sum unchanged;
# 2. Safe pass: copies each corpus module out of the module cache into a
#    temporary directory (removed on exit), rewrites the copy in place with
#    go-defer-rewriter (test files included, Safe fixes only) and records its
#    summary line. The changed files are found with `diff -r` against the module
#    cache, and the packages holding them by import path. Then, from a copy of
#    tests/corpus with `replace M => <copy>` (so the copy's own go.mod, with its
#    replaces to sibling directories, is never the main module):
#    - gofmt -l on the changed files is empty;
#    - go build of the changed packages passes (changed files behind one plain
#      build tag, like prometheus' dedupelabels, are compiled with that tag,
#      tests included);
#    - go vet of the changed packages (which type-checks their tests too) reports
#      nothing that go vet does not already report on the original packages
#      (some of these modules have vet findings of their own: the originals of
#      the packages go vet reports on are vetted too, and the reports compared
#      without line numbers);
#    - a second run (--dry-run) over the rewritten copy prints no diff;
#    - `go test -short -count=1` of a fixed list of packages per module (TESTS
#      below: packages with rewrites whose tests are quick and use loopback
#      only), or of every changed package that has tests with --full. A package
#      that fails is run again alone, on the rewrite and on an unmodified copy,
#      to tell a failure caused by the rewrite from a flaky test or one that
#      fails on the original too (with --full only the first kind counts);
# 3. Unsafe pass: fresh copies, --unsafe-fixes, the same checks without tests
#    (with Unsafe fixes a test that recovers a panic may deadlock by design);
# 4. counts for the Go standard library: `--mode analyze --skip-test-files` over
#    `go env GOROOT`/src (scripts/stdlib-check.sh builds and tests stdlib
#    rewrites; not repeated here);
# 5. prints a table: per module and pass, files scanned, defers, fixes Safe /
#    Unsafe, what was left and why, and the result of each check. Exits 1 if any
#    check failed (after showing that step's output), 2 on a usage error.
#
# Builds, vets and tests use -trimpath: the build cache is then keyed by file
# contents, not directories, so packages the rewrite did not touch are shared
# with the original module cache builds and between runs.
#
# Usage: scripts/real-corpus.sh [--full]
# Environment:
#   GDR_BIN=path/to/go-defer-rewriter   test this binary instead of building
#                                       this workspace's release binary
#   GDR_CORPUS_MODCACHE=dir             module cache to use (see above)
#   GDR_KEEP_WORK=1                     keep the temporary directory (copies,
#                                       diffs, logs) and print where it is
# Needs network access to the Go module proxy on the first run (and for test-only
# dependencies of the corpus modules that go.sum does not list; `go vet` and
# `go test` fetch those with -mod=mod into the temporary copies only).
#
# Durations on 2 cores (Go 1.26), nearly all of it go build / go vet compiling
# these modules' large dependency trees:
#   - first run on a machine (empty module cache and Go build cache): ~35 min
#     (the download itself takes seconds to a minute);
#   - later runs: ~7 min when the rewrite is unchanged; when the tool's output
#     for a package changes, that package and everything importing it is
#     compiled again (a change in client-go/rest or prometheus model/labels
#     costs a few minutes);
#   - --full: ~6 more minutes of tests (about 70 packages; some fail on the
#     unmodified modules too: files outside the module, testdata found through
#     runtime.Caller, which -trimpath breaks, scripts that lost their exec bit
#     in the module zip; those are reported, not counted). Not for CI.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CORPUS="${GDR_ROOT}/tests/corpus"

# name|module path: the modules rewritten (each must be required in tests/corpus/go.mod).
MODULES=(
	"etcd|go.etcd.io/etcd/server/v3"
	"grpc|google.golang.org/grpc"
	"client-go|k8s.io/client-go"
	"prometheus|github.com/prometheus/prometheus"
)

# Packages (directories relative to the module root, "." for the root) whose
# own tests run after the Safe pass: each holds rewritten code, and its tests
# with -short are quick and hermetic (no network beyond loopback).
declare -A TESTS=(
	[etcd]="lease storage/backend etcdserver/api/rafthttp etcdserver/api/v2store proxy/tcpproxy"
	[grpc]="internal/cache internal/channelz internal/resolver internal/balancer/gracefulswitch balancer/weightedroundrobin internal/xds/balancer/outlierdetection"
	[client-go]="tools/cache util/workqueue transport discovery/cached/memory util/certificate"
	[prometheus]="notifier discovery discovery/file tsdb/chunks tsdb/tombstones util/notifications"
)

FULL=0
case "${1:-}" in
"") ;;
--full) FULL=1 ;;
-h | --help)
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 0
	;;
*)
	echo "usage: $0 [--full]" >&2
	exit 2
	;;
esac
[[ $# -le 1 ]] || {
	echo "usage: $0 [--full]" >&2
	exit 2
}

# Go: as for the other scripts (setup_go: go and gofmt on PATH, GOTOOLCHAIN=local,
# GOFLAGS cleared), except that this script does fetch modules, through the
# proxy go itself would use (setup_fetching_go); the temporary copies of the
# corpus also fetch test-only dependencies (-mod=mod).
setup_go
setup_fetching_go "${CORPUS}/go.mod"
export GOFLAGS=-mod=mod
find_binary

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-corpus.XXXXXX")"
cleanup() {
	if [[ "${GDR_KEEP_WORK:-0}" == 1 ]]; then
		echo "kept ${WORK}"
	else
		# The module cache's copies are read-only; make them removable.
		chmod -R u+w "${WORK}" 2>/dev/null || true
		rm -rf "${WORK}"
	fi
}
trap cleanup EXIT

FAILURES=()
# fail STEP LOG...: record a failed check and show the logs of the failing step.
fail() {
	local what="$1"
	shift
	printf '\nFAIL: %s\n' "${what}"
	local log
	for log in "$@"; do
		show_log "${log##*/}" "${log}" 80
	done
	FAILURES+=("${what}")
}

section "real-corpus acceptance run ($(go version); binary ${GDR_BIN})"
echo "module cache ${GOMODCACHE}; GOPROXY=${GOPROXY}; work dir ${WORK}"
if [[ "${FULL}" -eq 1 ]]; then
	echo "--full: go test of every changed package that has tests"
fi

step "go mod download (tests/corpus, pinned by its go.mod and go.sum)"
BASE="${WORK}/base"
download_pinned "${CORPUS}" "${BASE}" "${WORK}/download.log"

declare -A MOD_DIR MOD_VER
for entry in "${MODULES[@]}"; do
	name="${entry%%|*}" mod="${entry#*|}"
	read -r ver dir < <(cd "${BASE}" && go list -m -f '{{.Version}} {{.Dir}}' "${mod}") || die "go list -m ${mod} failed: is it required in tests/corpus/go.mod?"
	[[ -n "${dir}" && -d "${dir}" ]] || die "${mod} ${ver} is not in the module cache after go mod download"
	MOD_DIR[${name}]="${dir}"
	MOD_VER[${name}]="${ver}"
	echo "${mod} ${ver}: ${dir}"
done

# Results for the table, keyed "name/pass" and "name/pass/check".
declare -A SUMMARY RESULT

# check_module NAME PASS: rewrite a fresh copy of module NAME and check it.
# PASS is "safe" or "unsafe".
check_module() {
	local name="$1" pass="$2"
	local mod dir ver key copy wmod logs
	mod="$(printf '%s\n' "${MODULES[@]}" | sed -n "s#^${name}|##p")"
	dir="${MOD_DIR[${name}]}" ver="${MOD_VER[${name}]}" key="${name}/${pass}"
	copy="${WORK}/${pass}/src/${mod}@${ver}"
	wmod="${WORK}/${pass}/mod-${name}"
	logs="${WORK}/${pass}/logs-${name}"
	MOD_RE="$(regex_quote "${mod}")" VER_RE="$(regex_quote "${ver}")"
	local flags=(--no-config)
	[[ "${pass}" == unsafe ]] && flags+=(--unsafe-fixes)

	section "${mod}@${ver}: ${pass} pass"
	mkdir -p "${copy%/*}" "${logs}"
	cp -a "${dir}" "${copy}"
	chmod -R u+w "${copy}"
	cp -a "${CORPUS}" "${wmod}"
	(cd "${wmod}" && go mod edit -replace "${mod}=${copy}")

	step "rewrite: go-defer-rewriter ${flags[*]} <copy>"
	run_tool "${logs}/rewrite" "${flags[@]}" "${copy}"
	SUMMARY[${key}]="$(tool_summary "${logs}/rewrite")"
	echo "exit ${TOOL_RC}; ${SUMMARY[${key}]}"

	# Changed files: diff -r against the module cache. The tool must not add or
	# remove files.
	local rc=0
	LC_ALL=C diff -rq "${dir}" "${copy}" >"${logs}/changed.raw" || rc=$?
	[[ "${rc}" -le 1 ]] || die "diff -r failed: $(cat "${logs}/changed.raw")"
	if grep -v '^Files .* differ$' "${logs}/changed.raw" >"${logs}/unexpected"; then
		fail "${key}: the rewrite added or removed files" "${logs}/unexpected"
	fi
	local changed=() rel
	while IFS= read -r rel; do
		changed+=("${rel}")
	done < <(sed -nE "s#^Files ${dir}/(.*) and ${copy}/.* differ\$#\\1#p" "${logs}/changed.raw" | LC_ALL=C sort)
	: >"${logs}/rewrite.diff"
	for rel in "${changed[@]}"; do
		diff -u --label "a/${rel}" --label "b/${rel}" "${dir}/${rel}" "${copy}/${rel}" >>"${logs}/rewrite.diff" || true
	done
	if [[ "${#changed[@]}" -eq 0 ]]; then
		fail "${key}: nothing was rewritten, so nothing would be checked" "${logs}/rewrite.err"
		return
	fi
	local pkgs=() d
	while IFS= read -r d; do
		if [[ "${d}" == . ]]; then pkgs+=("${mod}"); else pkgs+=("${mod}/${d}"); fi
	done < <(for rel in "${changed[@]}"; do dirname "${rel}"; done | LC_ALL=C sort -u)
	echo "${#changed[@]} files changed ($(grep -c '^[-+][^-+]' "${logs}/rewrite.diff") lines) in ${#pkgs[@]} package directories"

	step "gofmt -l on the changed files"
	local fmt_files=() not_clean=()
	for rel in "${changed[@]}"; do
		if [[ -n "$(gofmt -l "${dir}/${rel}" 2>&1)" ]]; then
			not_clean+=("${rel}")
		else
			fmt_files+=("${copy}/${rel}")
		fi
	done
	[[ "${#not_clean[@]}" -eq 0 ]] || echo "not judged (the original is not gofmt-clean): ${not_clean[*]}"
	(cd "${copy}" && gofmt -l "${fmt_files[@]}") >"${logs}/gofmt.log" 2>&1 || true
	if [[ -s "${logs}/gofmt.log" ]]; then
		(cd "${copy}" && gofmt -d "${fmt_files[@]}") >"${logs}/gofmt.diff" 2>&1 || true
		RESULT[${key}/gofmt]=FAIL
		fail "${key}: rewritten files are not gofmt-clean" "${logs}/gofmt.log" "${logs}/gofmt.diff"
	else
		RESULT[${key}/gofmt]=ok
		echo "clean (${#fmt_files[@]} files)"
	fi

	# Which packages go can build here: a directory may hold only tests, or only
	# files for other systems.
	local build_pkgs=() vet_pkgs=() line p kind
	(cd "${wmod}" && go list -e -f '{{.ImportPath}}|{{if .GoFiles}}lib{{else if or .TestGoFiles .XTestGoFiles}}test{{end}}|{{if .Error}}{{.Error}}{{end}}' "${pkgs[@]}") >"${logs}/list.log" 2>"${logs}/list.err" || {
		fail "${key}: go list of the changed packages failed" "${logs}/list.err"
		return
	}
	while IFS= read -r line; do
		p="${line%%|*}" kind="${line#*|}" kind="${kind%%|*}"
		case "${kind}" in
		lib)
			build_pkgs+=("${p}")
			vet_pkgs+=("${p}")
			;;
		test) vet_pkgs+=("${p}") ;;
		*) echo "note: ${p} is not built here (${line##*|}); its files are only gofmt-checked" ;;
		esac
	done <"${logs}/list.log"
	# Changed files that no check compiles (other GOOS, ignored build tags).
	# shellcheck disable=SC2016 # a Go template
	(cd "${wmod}" && go list -e -f '{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .CgoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .TestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .XTestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}' "${vet_pkgs[@]}") |
		LC_ALL=C sort -u >"${logs}/compiled"
	local uncompiled
	uncompiled="$(for rel in "${changed[@]}"; do echo "${copy}/${rel}"; done | LC_ALL=C sort | comm -23 - "${logs}/compiled" | sed "s#^${copy}/##")"
	if [[ -n "${uncompiled}" ]]; then
		echo "changed files not compiled on $(go env GOOS)/$(go env GOARCH) (gofmt-checked only):"
		while IFS= read -r rel; do
			echo "  ${rel}"
		done <<<"${uncompiled}"
	fi

	# Those behind one plain build tag (`//go:build dedupelabels`) are compiled
	# with that tag, tests included: go test -c -tags TAG of their packages.
	local tagged=() rel tag dir
	if [[ -n "${uncompiled}" ]]; then
		while IFS= read -r rel; do
			tag="$(sed -nE 's#^//go:build ([A-Za-z_][A-Za-z0-9_]*)$#\1#p' "${copy}/${rel}" | head -n 1)"
			if [[ -n "${tag}" ]] && ! go tool dist list | tr '/' '\n' | grep -qxF "${tag}"; then
				dir="$(dirname "${rel}")"
				if [[ "${dir}" == . ]]; then p="${mod}"; else p="${mod}/${dir}"; fi
				tagged+=("${tag}|${p}")
			fi
		done <<<"${uncompiled}"
	fi

	step "go build -trimpath (${#build_pkgs[@]} packages)"
	local build_ok=1 entry
	(cd "${wmod}" && go build -trimpath "${build_pkgs[@]}") >"${logs}/build.log" 2>&1 || build_ok=0
	for entry in "${tagged[@]}"; do
		echo "go test -c -tags ${entry%%|*} ${entry#*|}" >>"${logs}/build.log"
		(cd "${wmod}" && go test -c -o /dev/null -vet=off -trimpath -tags "${entry%%|*}" "${entry#*|}") >>"${logs}/build.log" 2>&1 || build_ok=0
	done
	if [[ "${build_ok}" -eq 1 ]]; then
		RESULT[${key}/build]=ok
		if [[ "${#tagged[@]}" -gt 0 ]]; then
			echo "ok (and compiled with their build tag, tests included: ${tagged[*]})"
		else
			echo "ok"
		fi
	else
		RESULT[${key}/build]=FAIL
		fail "${key}: go build fails on the rewritten packages" "${logs}/build.log"
	fi

	step "go vet -trimpath (${#vet_pkgs[@]} packages, with their tests), against the originals"
	(cd "${wmod}" && go vet -trimpath "${vet_pkgs[@]}") >"${logs}/vet.log" 2>&1 || true
	normalize_vet "${logs}/vet.log" >"${logs}/vet.norm"
	# Some of these packages have go vet reports of their own: what go vet says
	# about the rewrite is compared with what it says about the originals, in the
	# packages it reports on (the others need no comparison; vetting the originals
	# costs a second compilation of everything that depends on them).
	local base_pkgs=()
	if [[ -s "${logs}/vet.norm" ]]; then
		if vet_paths "${logs}/vet.log" | grep -vqE '^<mod>/[^:]+\.go:[0-9]+:[0-9]+: '; then
			base_pkgs=("${vet_pkgs[@]}")
		else
			while IFS= read -r d; do
				if [[ "${d}" == . ]]; then base_pkgs+=("${mod}"); else base_pkgs+=("${mod}/${d}"); fi
			done < <(vet_paths "${logs}/vet.log" | sed -E 's#^<mod>/([^:]+)\.go:.*#\1#' | while IFS= read -r f; do dirname "${f}"; done | LC_ALL=C sort -u)
		fi
		(cd "${BASE}" && go vet -trimpath "${base_pkgs[@]}") >"${logs}/vet-orig.log" 2>&1 || true
	else
		: >"${logs}/vet-orig.log"
	fi
	normalize_vet "${logs}/vet-orig.log" >"${logs}/vet-orig.norm"
	LC_ALL=C comm -13 "${logs}/vet-orig.norm" "${logs}/vet.norm" >"${logs}/vet-new.norm"
	# An error of the go command (a module that cannot be fetched, ...) or a type
	# error in the originals would make the comparison meaningless.
	if grep -E '^(go|vet): ' "${logs}/vet-orig.log" | grep -vE '^go: (downloading|finding|added|upgraded|found) ' >"${logs}/vet-orig.errors"; then
		RESULT[${key}/vet]=FAIL
		fail "${key}: go vet could not check the original packages, so it cannot judge the rewrite" "${logs}/vet-orig.errors"
	elif [[ -s "${logs}/vet-new.norm" ]]; then
		RESULT[${key}/vet]=FAIL
		fail "${key}: go vet reports on the rewritten packages what it does not report on the originals (numbers shown as N)" "${logs}/vet-new.norm" "${logs}/vet.log"
	elif [[ -s "${logs}/vet.norm" ]]; then
		RESULT[${key}/vet]=ok
		echo "ok: nothing new; the $(grep -c . "${logs}/vet.norm") lines of go vet output are there on the originals too (${#base_pkgs[@]} packages vetted for that)"
	else
		RESULT[${key}/vet]=ok
		echo "ok: go vet reports nothing"
	fi

	step "second run (--dry-run) over the rewritten copy changes nothing"
	local before after
	before="$(tree_hash "${copy}")"
	run_tool "${logs}/second" "${flags[@]}" --dry-run "${copy}"
	after="$(tree_hash "${copy}")"
	if grep -q '^+++ ' "${logs}/second.out" || [[ "${before}" != "${after}" ]]; then
		RESULT[${key}/second]=FAIL
		fail "${key}: a second run would change the rewritten files (not idempotent)" "${logs}/second.out" "${logs}/second.err"
	else
		RESULT[${key}/second]=ok
		echo "ok: $(tool_summary "${logs}/second")"
	fi

	if [[ "${pass}" == unsafe ]]; then
		RESULT[${key}/tests]="-"
		return
	fi
	local test_pkgs=()
	if [[ "${FULL}" -eq 1 ]]; then
		while IFS= read -r line; do
			[[ "${line}" == *"|"* ]] || continue
			test_pkgs+=("${line%%|*}")
		done < <(cd "${wmod}" && go list -e -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}|{{end}}' "${vet_pkgs[@]}")
	else
		for d in ${TESTS[${name}]}; do
			if [[ "${d}" == . ]]; then p="${mod}"; else p="${mod}/${d}"; fi
			if ! printf '%s\n' "${pkgs[@]}" | grep -qxF "${p}"; then
				echo "note: ${p} has no rewritten file any more; its tests still run, but TESTS should be revisited"
			fi
			test_pkgs+=("${p}")
		done
	fi
	run_tests "${name}" "${test_pkgs[@]}"
}

# failing_tests LOG: the names of the tests (and subtests) that failed, sorted.
failing_tests() {
	sed -nE 's/^[[:space:]]*--- FAIL: ([^[:space:]]+).*/\1/p' "$1" | LC_ALL=C sort -u
}

# run_tests NAME PKG...: go test of the packages of the rewritten copy of module
# NAME (after check_module, whose variables it uses). When some fail, each
# failing package is run again alone, on the rewritten copy and on an unmodified
# copy: a failure the unmodified code has too is not caused by the rewrite. With
# the fixed list (TESTS) every failure counts, since those packages are chosen
# to pass, but the log says which kind it is; with --full only failures caused
# by the rewrite count.
run_tests() {
	local name="$1"
	shift
	local test_pkgs=("$@")
	step "go test -trimpath -vet=off -short -count=1 (${#test_pkgs[@]} packages)"
	if (cd "${wmod}" && go test -trimpath -vet=off -short -count=1 "${test_pkgs[@]}") >"${logs}/test.log" 2>&1; then
		RESULT[${key}/tests]="ok (${#test_pkgs[@]})"
		grep -E '^(ok|FAIL|\?)[[:space:]]' "${logs}/test.log" || true
		return
	fi
	grep -E '^(ok|FAIL|\?)[[:space:]]' "${logs}/test.log" || true
	local failed_pkgs=()
	mapfile -t failed_pkgs < <(sed -nE 's/^FAIL[[:space:]]+([^[:space:]]+).*/\1/p' "${logs}/test.log" | LC_ALL=C sort -u)
	if [[ "${#failed_pkgs[@]}" -eq 0 ]]; then
		RESULT[${key}/tests]=FAIL
		fail "${key}: go test fails" "${logs}/test.log"
		return
	fi
	step "go test of ${failed_pkgs[*]} again, alone, on the rewritten and on an unmodified copy"
	local pristine="${WORK}/pristine/src/${mod}@${ver}" pmod="${WORK}/pristine/mod-${name}"
	if [[ ! -d "${pristine}" ]]; then
		mkdir -p "${pristine%/*}"
		cp -a "${dir}" "${pristine}"
		chmod -R u+w "${pristine}"
		cp -a "${CORPUS}" "${pmod}"
		(cd "${pmod}" && go mod edit -replace "${mod}=${pristine}")
	fi
	local pkg base rrc prc new_failures regressions=0 other=0 flaky=0
	for pkg in "${failed_pkgs[@]}"; do
		base="${logs}/test-${pkg//\//_}"
		rrc=0 prc=0
		(cd "${wmod}" && go test -trimpath -vet=off -short -count=1 "${pkg}") >"${base}.rewritten.log" 2>&1 || rrc=$?
		(cd "${pmod}" && go test -trimpath -vet=off -short -count=1 "${pkg}") >"${base}.original.log" 2>&1 || prc=$?
		new_failures="$(LC_ALL=C comm -23 <(failing_tests "${base}.rewritten.log") <(failing_tests "${base}.original.log") | paste -sd' ' -)"
		if [[ "${rrc}" -eq 0 ]]; then
			echo "${pkg}: passes when run alone (flaky under load?)"
			flaky=$((flaky + 1))
		elif [[ "${prc}" -eq 0 ]]; then
			echo "${pkg}: REGRESSION: fails on the rewritten code, passes on the original"
			show_log "${pkg} rewritten" "${base}.rewritten.log" 60
			regressions=$((regressions + 1))
		elif [[ -n "${new_failures}" ]]; then
			echo "${pkg}: REGRESSION: tests failing only on the rewritten code: ${new_failures}"
			show_log "${pkg} rewritten" "${base}.rewritten.log" 60
			regressions=$((regressions + 1))
		elif [[ -z "$(failing_tests "${base}.rewritten.log")" ]]; then
			echo "${pkg}: REGRESSION?: fails without a failing test (build error, panic or timeout); the original fails too"
			show_log "${pkg} rewritten" "${base}.rewritten.log" 40
			show_log "${pkg} original" "${base}.original.log" 40
			regressions=$((regressions + 1))
		else
			echo "${pkg}: fails on the unmodified original too (not caused by the rewrite): $(failing_tests "${base}.original.log" | paste -sd' ' -)"
			other=$((other + 1))
		fi
	done
	local note=""
	[[ "${flaky}" -eq 0 ]] || note+=", ${flaky} flaky"
	[[ "${other}" -eq 0 ]] || note+=", ${other} fail on the original too"
	if [[ "${regressions}" -gt 0 ]]; then
		RESULT[${key}/tests]="FAIL (${regressions} by the rewrite${note})"
		fail "${key}: go test: ${regressions} package(s) fail because of the rewrite (logs above)"
	elif [[ "${FULL}" -eq 0 && "${other}" -gt 0 ]]; then
		RESULT[${key}/tests]="FAIL (${other} on the original too)"
		fail "${key}: go test: ${other} package(s) of the fixed list fail on the unmodified original too: pick other packages in TESTS"
	else
		RESULT[${key}/tests]="ok (${#test_pkgs[@]}${note})"
	fi
}

for pass in safe unsafe; do
	for entry in "${MODULES[@]}"; do
		check_module "${entry%%|*}" "${pass}"
	done
done

section "the fast paths change nothing on these modules"
step "scripts/fast-path-check.sh <the ${#MODULES[@]} modules>"
GDR_BIN="${GDR_BIN}" bash "${GDR_ROOT}/scripts/fast-path-check.sh" "${MOD_DIR[@]}" ||
	fail "fast-path-check: the fast paths changed the output on the corpus modules"

section "Go standard library: counts only"
step "go-defer-rewriter --no-config --mode analyze --skip-test-files $(go env GOROOT)/src"
run_tool "${WORK}/stdlib" --no-config --mode analyze --skip-test-files "$(go env GOROOT)/src"
SUMMARY[stdlib/analyze]="$(tool_summary "${WORK}/stdlib")"
echo "${SUMMARY[stdlib/analyze]}"

section "results"
row() {
	printf '%-30s %-7s %6s %7s %5s %6s  %-5s %-5s %-5s %-6s %s\n' "$@"
}
row module pass files defers safe unsafe build vet gofmt second tests
table_line() {
	local label="$1" key="$2" pass="$3"
	local s="${SUMMARY[${key}]:-}" fixes
	fixes="$(summary_fixes "${s}")"
	row "${label}" "${pass}" "$(summary_scanned "${s}")" "$(summary_defers "${s}")" \
		"${fixes% *}" "${fixes#* }" \
		"${RESULT[${key}/build]:--}" "${RESULT[${key}/vet]:--}" "${RESULT[${key}/gofmt]:--}" \
		"${RESULT[${key}/second]:--}" "${RESULT[${key}/tests]:--}"
}
for entry in "${MODULES[@]}"; do
	name="${entry%%|*}"
	for pass in safe unsafe; do
		table_line "${name}@${MOD_VER[${name}]}" "${name}/${pass}" "${pass}"
	done
done
table_line "stdlib ($(go env GOVERSION))" stdlib/analyze analyze
echo
echo "safe/unsafe: fixes applied (analyze: that would be applied, unsafe ones with --unsafe-fixes)."
echo "Left without a fix, by reason:"
for entry in "${MODULES[@]}"; do
	name="${entry%%|*}"
	for pass in safe unsafe; do
		printf '  %-18s %s\n' "${name} ${pass}" "$(summary_left "${SUMMARY[${name}/${pass}]:-}")"
	done
done
printf '  %-18s %s\n' "stdlib analyze" "$(summary_left "${SUMMARY[stdlib/analyze]}")"

if [[ "${#FAILURES[@]}" -gt 0 ]]; then
	printf '\nFAILED (%s):\n' "${#FAILURES[@]}"
	printf '  %s\n' "${FAILURES[@]}"
	section "real-corpus: FAILED after ${SECONDS}s"
	exit 1
fi
section "real-corpus: all checks passed in ${SECONDS}s"
