#!/usr/bin/env bash
# Standard-library check: rewrite real Go code that nobody here wrote and prove
# the result is still Go that builds, vets, passes its own tests and is stable.
#
# 1. Copies the Go installation (`go env GOROOT`) to a temporary directory
#    (removed on exit); the installation itself is never written to.
# 2. Counts: `--mode analyze --skip-test-files` over the copy's whole src/
#    (vendor/ and testdata/ are excluded by default); prints the tool's summary
#    (and, Safe fixes only, fails when fewer than 55 deferred Unlock/RUnlock
#    calls get a Safe fix: proofs must not collapse into refusing everything);
#    line: defers found, fixes that are safe / unsafe, sites refused by reason.
# 3. Rewrites the non-test .go files of the packages in PACKAGES below (every
#    file of each package directory, for every GOOS; subdirectories are other
#    packages and are not included), Safe fixes only, or also Unsafe ones with
#    --unsafe-fixes. Fails when nothing was rewritten.
# 4. With GOROOT set to the copy: gofmt -l on the rewritten files is empty (the
#    originals are gofmt-clean, checked first); `go vet` and `go build` of the
#    packages pass; `go build` passes for GOOS=windows and GOOS=darwin too, so
#    files for those systems are compiled as well.
# 5. A second run over the rewritten copy changes nothing.
# 6. Safe fixes only: `go test -short` of the packages passes. A package whose
#    tests fail is run again on an unmodified copy: failures the original has too
#    (an environment problem, e.g. expired test certificates in an old release)
#    are shown and not counted; any other failure is. (No tests with
#    --unsafe-fixes: an Unsafe fix may legitimately change behaviour that a test
#    checks, e.g. a lock left held after a recovered panic.)
#
# Packages missing from the Go version at hand (e.g. log/slog before 1.21) are
# left out with a note.
#
# Usage: scripts/stdlib-check.sh [--unsafe-fixes]
# Environment: GDR_BIN=path/to/go-defer-rewriter to test a given binary instead
# of building this workspace's release binary.
# Takes about 3-6 minutes on 2 cores, most of it in go vet / go build / go test.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Standard-library packages rich in `defer mu.Unlock()` (and a few where the tool
# finds Safe rewrites), whose builds and short tests fit the time budget.
PACKAGES=(
	archive/zip
	context
	crypto/tls
	crypto/x509
	database/sql
	encoding/gob
	expvar
	go/token
	go/types
	html/template
	io
	log
	log/slog
	mime
	net
	net/http
	net/http/cookiejar
	net/http/httptest
	net/http/httputil
	net/rpc
	os
	os/exec
	os/signal
	reflect
	runtime/pprof
	runtime/trace
	sync
	syscall
	testing
	text/template
	unique
)
# Other systems whose files are compiled too (GOOS values; the host's is always built).
CROSS_GOOS=(windows darwin)

MODE_FLAGS=()
MODE_NAME="safe fixes only"
case "${1:-}" in
"") ;;
--unsafe-fixes)
	MODE_FLAGS=(--unsafe-fixes)
	MODE_NAME="with --unsafe-fixes"
	;;
-h | --help)
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 0
	;;
*)
	echo "usage: $0 [--unsafe-fixes]" >&2
	exit 2
	;;
esac

setup_go
find_binary
ORIG_GOROOT="${GDR_GOROOT}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-stdlib.XXXXXX")"
cleanup() { rm -rf "${WORK}"; }
trap cleanup EXIT
COPY="${WORK}/goroot"

section "stdlib check (${MODE_NAME}; $(go version); binary ${GDR_BIN})"

# copy_goroot DEST: a writable copy of the Go installation at DEST.
copy_goroot() {
	local dest="$1" link inside target replaced
	cp -a "${ORIG_GOROOT}/." "${dest}/"
	# Distribution packages link parts of GOROOT elsewhere (Debian: src/,
	# pkg/include, ...): replace every link that leads out of the copy by a real
	# copy of what it leads to, so that nothing outside the copy is rewritten.
	for _ in 1 2 3 4 5; do
		replaced=0
		while IFS= read -r -d '' link; do
			inside="$(readlink -f "${link}" || true)"
			[[ -n "${inside}" && -e "${inside}" && "${inside}" == "${dest}"/* ]] && continue
			target="$(readlink -e "${ORIG_GOROOT}/${link#"${dest}"/}" || true)"
			[[ -n "${target}" ]] || continue # dangling in the original too
			rm "${link}"
			cp -a "${target}" "${link}"
			replaced=$((replaced + 1))
		done < <(find "${dest}" -type l -print0)
		[[ "${replaced}" -gt 0 ]] || break
	done
	chmod -R u+w "${dest}"
}

step "copy ${ORIG_GOROOT} to a temporary GOROOT"
copy_goroot "${COPY}"
export GOROOT="${COPY}"
PATH="${COPY}/bin:${PATH}"
hash -r
[[ "$(go env GOROOT)" == "${COPY}" ]] || die "go does not use the copied GOROOT (go env GOROOT = $(go env GOROOT))"
echo "GOROOT=${COPY} ($(du -sh "${COPY}" | cut -f1))"

step "counts: go-defer-rewriter --mode analyze --skip-test-files over all of src/"
run_tool "${WORK}/analyze" --no-config --mode analyze --skip-test-files "${COPY}/src"
echo "exit ${TOOL_RC}; $(grep -c '^DR[0-9]' "${WORK}/analyze.out" || true) findings printed"
echo "STDLIB COUNTS: $(tool_summary "${WORK}/analyze")"

# Safe coverage must not collapse: proofs that refuse everything are no proofs.
# (Counted on the whole of src/, non-test files: DR001 findings on a deferred
# Unlock/RUnlock whose fix is Safe.)
if [[ "${#MODE_FLAGS[@]}" -eq 0 ]]; then
	MIN_SAFE_UNLOCKS=55
	step "Safe coverage: DR001 Safe fixes of defer X.Unlock()/RUnlock() (at least ${MIN_SAFE_UNLOCKS})"
	run_tool "${WORK}/coverage" --no-config --mode analyze --skip-test-files --format jsonl "${COPY}/src"
	# shellcheck disable=SC2016 # backquotes in a pattern, not a command
	SAFE_UNLOCKS="$(grep '"code":"DR001"' "${WORK}/coverage.out" | grep -E '"message":"`defer [^`]*\.R?Unlock\(\)`' | grep -c '"fix":{"applicability":"safe"' || true)"
	echo "${SAFE_UNLOCKS} Safe fixes of a deferred Unlock/RUnlock"
	if [[ "${SAFE_UNLOCKS}" -lt "${MIN_SAFE_UNLOCKS}" ]]; then
		die "only ${SAFE_UNLOCKS} deferred Unlock/RUnlock get a Safe fix in the standard library (at least ${MIN_SAFE_UNLOCKS} expected)"
	fi
fi

step "the files of the packages"
# A package this Go version does not have yet is left out, with a note.
PRESENT=()
for pkg in "${PACKAGES[@]}"; do
	if [[ -d "${COPY}/src/${pkg}" ]]; then
		PRESENT+=("${pkg}")
	else
		echo "note: ${pkg} is not in this Go version; left out"
	fi
done
[[ "${#PRESENT[@]}" -ge 20 ]] || die "only ${#PRESENT[@]} of the ${#PACKAGES[@]} packages exist in this Go version"
PACKAGES=("${PRESENT[@]}")
echo "${#PACKAGES[@]} packages: ${PACKAGES[*]}"
FILES=()
for pkg in "${PACKAGES[@]}"; do
	dir="${COPY}/src/${pkg}"
	while IFS= read -r -d '' f; do
		FILES+=("${f}")
	done < <(find "${dir}" -maxdepth 1 -type f -name '*.go' ! -name '*_test.go' -print0 | LC_ALL=C sort -z)
done
echo "${#FILES[@]} non-test .go files: $(grep -l 'defer ' "${FILES[@]}" | wc -l) contain a defer"
unformatted="$(gofmt -l "${FILES[@]}")"
[[ -z "${unformatted}" ]] || die "these original files are not gofmt-clean, so gofmt cannot judge the rewrite: ${unformatted}"

step "rewrite: go-defer-rewriter --no-config --skip-test-files ${MODE_FLAGS[*]} <files>"
run_tool "${WORK}/rewrite" --no-config --skip-test-files "${MODE_FLAGS[@]}" "${FILES[@]}"
echo "exit ${TOOL_RC}; summary: $(tool_summary "${WORK}/rewrite")"

CHANGED=()
for f in "${FILES[@]}"; do
	rel="${f#"${COPY}"/}"
	if ! cmp -s "${ORIG_GOROOT}/${rel}" "${f}"; then
		CHANGED+=("${f}")
		diff -u --label "a/${rel}" --label "b/${rel}" "${ORIG_GOROOT}/${rel}" "${f}" >>"${WORK}/rewrite.diff" || true
	fi
done
if [[ "${#CHANGED[@]}" -eq 0 ]]; then
	show_log "go-defer-rewriter stdout" "${WORK}/rewrite.out" 40
	die "the tool rewrote nothing in ${#FILES[@]} files: this check would prove nothing"
fi
echo "${#CHANGED[@]} files rewritten, $(grep -c '^[-+][^-+]' "${WORK}/rewrite.diff") lines changed:"
for f in "${CHANGED[@]}"; do
	echo "  ${f#"${COPY}"/src/}"
done
echo "first 60 lines of the diff:"
head -n 60 "${WORK}/rewrite.diff"

step "gofmt -l on the rewritten files"
unformatted="$(gofmt -l "${CHANGED[@]}")"
if [[ -n "${unformatted}" ]]; then
	# shellcheck disable=SC2086 # one file per word
	gofmt -d ${unformatted} || true
	die "rewritten files are not gofmt-clean: ${unformatted}"
fi
echo "clean"

# Which rewritten files does some build below compile?
step "rewritten files compiled by the builds below (GOOS=$(go env GOOS) ${CROSS_GOOS[*]})"
for goos in "$(go env GOOS)" "${CROSS_GOOS[@]}"; do
	# shellcheck disable=SC2016 # a Go template, not a shell expansion
	GOOS="${goos}" go list -f '{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .CgoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}' "${PACKAGES[@]}"
done | LC_ALL=C sort -u >"${WORK}/compiled"
NOT_COMPILED="$(printf '%s\n' "${CHANGED[@]}" | LC_ALL=C sort | comm -23 - "${WORK}/compiled")"
echo "$((${#CHANGED[@]} - $(grep -c . <<<"${NOT_COMPILED}" || true))) of ${#CHANGED[@]} rewritten files are compiled;"
if [[ -n "${NOT_COMPILED}" ]]; then
	echo "only gofmt-checked (other systems):"
	while IFS= read -r f; do
		echo "  ${f#"${COPY}"/src/}"
	done <<<"${NOT_COMPILED}"
fi

# go vet runs with cgo off. The build cache is shared (it is keyed by content),
# but cgo output cached from an earlier temporary GOROOT keeps that GOROOT's
# absolute paths in //line comments, and go vet then fails to open the "raw cgo
# file" there (seen with net). The files that import "C" in these packages have
# no defers; go build and go test below still compile them.
step "go vet (GOOS=$(go env GOOS), CGO_ENABLED=0)"
CGO_ENABLED=0 go vet "${PACKAGES[@]}" >"${WORK}/vet.log" 2>&1 || {
	show_log "go vet" "${WORK}/vet.log" 80
	die "go vet fails on the rewritten packages"
}
echo "ok"

for goos in "$(go env GOOS)" "${CROSS_GOOS[@]}"; do
	step "go build (GOOS=${goos})"
	GOOS="${goos}" go build "${PACKAGES[@]}" >"${WORK}/build.log" 2>&1 || {
		show_log "go build" "${WORK}/build.log" 80
		die "go build fails on the rewritten packages for GOOS=${goos}"
	}
	echo "ok"
done

step "second run changes nothing"
FIRST="${WORK}/first"
mkdir -p "${FIRST}"
for f in "${FILES[@]}"; do
	rel="${f#"${COPY}"/src/}"
	mkdir -p "${FIRST}/${rel%/*}"
	cp -p "${f}" "${FIRST}/${rel}"
done
before="$(tree_hash "${FILES[@]}")"
run_tool "${WORK}/rewrite2" --no-config --skip-test-files "${MODE_FLAGS[@]}" "${FILES[@]}"
after="$(tree_hash "${FILES[@]}")"
if [[ "${before}" != "${after}" ]]; then
	for f in "${FILES[@]}"; do
		rel="${f#"${COPY}"/src/}"
		diff -u --label "first/${rel}" --label "second/${rel}" "${FIRST}/${rel}" "${f}" || true
	done
	die "a second run changed the rewritten files (not idempotent)"
fi
echo "unchanged; summary: $(tool_summary "${WORK}/rewrite2")"

if [[ "${#MODE_FLAGS[@]}" -eq 0 ]]; then
	# -vet=off: vetted above (see there). go/types' TestGenerate checks that
	# go/types matches the types2 sources it is generated from, which are not
	# rewritten here (Go 1.20 and later have -skip; older ones lack that test).
	TEST_FLAGS=(-short -count=1 -vet=off)
	if go help testflag | grep -q -- '-skip regexp'; then
		TEST_FLAGS+=(-skip '^TestGenerate$')
	fi
	step "go test ${TEST_FLAGS[*]} (the packages' own tests, on the rewritten code)"
	if go test "${TEST_FLAGS[@]}" "${PACKAGES[@]}" >"${WORK}/test.log" 2>&1; then
		cat "${WORK}/test.log"
	else
		grep -v '^ok ' "${WORK}/test.log" | tail -n 120
		# Some tests fail in some environments whatever the code (expired test
		# certificates in old releases, a stripped go binary in distribution
		# packages, ...). Run the failing packages again on an unmodified copy:
		# only failures that the original does not have count.
		mapfile -t failed_pkgs < <(grep -E '^FAIL[[:space:]]+[[:alnum:]/._-]+' "${WORK}/test.log" | awk '{print $2}' | LC_ALL=C sort -u)
		[[ "${#failed_pkgs[@]}" -gt 0 ]] || die "go test -short fails on the rewritten packages"
		step "go test -short of ${failed_pkgs[*]} on an unmodified copy, for comparison"
		PRISTINE="${WORK}/pristine"
		copy_goroot "${PRISTINE}"
		regressions=0
		for pkg in "${failed_pkgs[@]}"; do
			safe_name="${pkg//\//_}"
			GOROOT="${COPY}" "${COPY}/bin/go" test "${TEST_FLAGS[@]}" "${pkg}" >"${WORK}/rewritten-${safe_name}.log" 2>&1 && rewritten_rc=0 || rewritten_rc=$?
			GOROOT="${PRISTINE}" "${PRISTINE}/bin/go" test "${TEST_FLAGS[@]}" "${pkg}" >"${WORK}/pristine-${safe_name}.log" 2>&1 && pristine_rc=0 || pristine_rc=$?
			new_failures="$(LC_ALL=C comm -23 \
				<(grep -E '^--- FAIL: ' "${WORK}/rewritten-${safe_name}.log" | awk '{print $3}' | LC_ALL=C sort -u) \
				<(grep -E '^--- FAIL: ' "${WORK}/pristine-${safe_name}.log" | awk '{print $3}' | LC_ALL=C sort -u))"
			if [[ "${rewritten_rc}" -eq 0 ]]; then
				echo "${pkg}: passes when run alone (flaky under load?)"
			elif [[ "${pristine_rc}" -eq 0 ]]; then
				echo "${pkg}: REGRESSION: fails on the rewritten code, passes on the original"
				regressions=$((regressions + 1))
			elif [[ -n "${new_failures}" ]]; then
				echo "${pkg}: REGRESSION: tests failing only on the rewritten code: ${new_failures//$'\n'/ }"
				regressions=$((regressions + 1))
			elif ! grep -qE '^--- FAIL: ' "${WORK}/rewritten-${safe_name}.log"; then
				show_log "${pkg} rewritten" "${WORK}/rewritten-${safe_name}.log" 30
				show_log "${pkg} original" "${WORK}/pristine-${safe_name}.log" 30
				echo "${pkg}: REGRESSION?: fails without a failing test (build error, panic or timeout); the original fails too, see both logs above"
				regressions=$((regressions + 1))
			else
				echo "${pkg}: the same tests fail on the unmodified original, not counted: $(grep -E '^--- FAIL: ' "${WORK}/pristine-${safe_name}.log" | awk '{print $3}' | LC_ALL=C sort -u | paste -sd' ' -)"
			fi
		done
		[[ "${regressions}" -eq 0 ]] || die "go test -short: ${regressions} package(s) fail on the rewritten code"
		echo "no failure caused by the rewrite"
	fi
else
	step "go test: not run with --unsafe-fixes (an Unsafe fix may change tested behaviour)"
fi

section "stdlib-check (${MODE_NAME}): all checks passed in ${SECONDS}s"
