#!/usr/bin/env bash
# Go behaviour check: does the rewritten code still do what the original did?
#
# tests/go/behaviour is a small Go module of lock-protected methods written with
# `defer mu.Unlock()` and tests that race writers against readers under
# `go test -race`. This script
#   1. runs those tests on the package as written (they must pass);
#   2. rewrites a copy with go-defer-rewriter (Safe fixes only) and checks that
#      something was rewritten, gofmt -l is clean, go vet passes, the race tests
#      pass, and a second run changes nothing;
#   3. does the same with --unsafe-fixes, leaving out the two tests of what an
#      Unsafe fix is allowed to break (DESIGN.md §3): TestPanicReleasesLock (the
#      explicit Unlock after a call that can panic does not run when the panic
#      is recovered, so the next Lock deadlocks) and TestDrainRace (an explicit
#      Unlock before the return runs before a later `defer` that still needs
#      the lock). Those two are run there for information only;
#   4. puts the deliberately wrong rewrite in tests/go/behaviour-broken over a
#      copy and asserts that `go test -race` FAILS on it, proving that the race
#      tests can catch an Unlock moved before a return expression.
#
# Usage: scripts/go-behaviour.sh
# Environment: GDR_BIN=path/to/go-defer-rewriter to test a given binary instead
# of building this workspace's release binary.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SRC="${GDR_ROOT}/tests/go/behaviour"
BROKEN="${GDR_ROOT}/tests/go/behaviour-broken"
# Tests of behaviour that an Unsafe fix may change, with the reason.
declare -A UNSAFE_BREAKS=(
	[TestPanicReleasesLock]="the region calls a helper that panics; a recovered panic skips the explicit Unlock and the next Lock deadlocks"
	[TestDrainRace]="a later defer stays and must run under the lock; the explicit Unlock runs before it"
)

setup_go
find_binary

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-behaviour.XXXXXX")"
cleanup() { rm -rf "${WORK}"; }
trap cleanup EXIT

section "Go behaviour tests ($(go version); binary ${GDR_BIN})"

# Copy the behaviour module to $WORK/$1.
fresh_copy() {
	rm -rf "${WORK:?}/$1"
	cp -R "${SRC}" "${WORK}/$1"
}

# The -run pattern selecting every test of the package in $1 except those in
# UNSAFE_BREAKS (built from `go test -list`, so it works without Go 1.20's -skip).
tests_unsafe_keeps() {
	local names
	names="$(cd "$1" && go test -list '.*' . | grep '^Test' | grep -vxF -f <(printf '%s\n' "${!UNSAFE_BREAKS[@]}") | paste -sd'|' -)"
	[[ -n "${names}" ]] || die "go test -list found no tests in $1"
	printf '^(%s)$' "${names}"
}

step "1. the package as written: go vet, go test -race"
fresh_copy orig
(cd "${WORK}/orig" && go vet ./... && go test -race -count=1 -v ./... >"${WORK}/orig.test" 2>&1) || {
	show_log "go test" "${WORK}/orig.test" 80
	die "the behaviour tests fail on the unmodified package"
}
grep -E '^(--- |ok|FAIL)' "${WORK}/orig.test"

# check_rewrite NAME [tool flags...]: rewrite a copy and check it.
check_rewrite() {
	local name="$1"
	shift
	local dir="${WORK}/${name}"
	fresh_copy "${name}"

	step "${name}: go-defer-rewriter --no-config $*"
	run_tool "${WORK}/${name}.run1" --no-config "$@" "${dir}"
	echo "summary: $(tool_summary "${WORK}/${name}.run1")"

	if diff -ru "${SRC}" "${dir}" >"${WORK}/${name}.diff"; then
		show_log "go-defer-rewriter stdout" "${WORK}/${name}.run1.out"
		die "${name}: the tool rewrote nothing, so this check proves nothing"
	fi
	echo "diff against the original: $(grep -c '^+++ ' "${WORK}/${name}.diff") files, $(grep -c '^[-+][^-+]' "${WORK}/${name}.diff") changed lines:"
	cat "${WORK}/${name}.diff"

	step "${name}: gofmt -l"
	local unformatted
	unformatted="$(gofmt -l "${dir}")"
	if [[ -n "${unformatted}" ]]; then
		printf '%s\n' "${unformatted}"
		(cd "${dir}" && gofmt -d .) || true
		die "${name}: the rewritten files are not gofmt-clean"
	fi

	step "${name}: go vet"
	(cd "${dir}" && go vet ./...) || die "${name}: go vet fails on the rewritten package"

	step "${name}: second run changes nothing"
	cp -R "${dir}" "${WORK}/${name}.first"
	local before after
	before="$(tree_hash "${dir}")"
	run_tool "${WORK}/${name}.run2" --no-config "$@" "${dir}"
	after="$(tree_hash "${dir}")"
	if [[ "${before}" != "${after}" ]]; then
		diff -ru "${WORK}/${name}.first" "${dir}" || true
		die "${name}: a second run changed the output (not idempotent)"
	fi
	echo "unchanged; second summary: $(tool_summary "${WORK}/${name}.run2")"
}

# --- Safe fixes only -------------------------------------------------------
check_rewrite safe
# A region that calls a panic-free helper of the package is Safe: it must be rewritten by default.
if grep -q 'defer s.mu.Unlock()' <(sed -n '/^func (s \*Stats) Record/,/^}/p' "${WORK}/safe/stats.go"); then
	die "safe: Stats.Record calls a panic-free helper and should have been rewritten by default"
fi
# An explicit panic is an exit the rewrite serves, and a defer in a nested block
# whose every path returns is planned like one in the body: both are Safe here.
for fn in Dec AddIf; do
	if grep -q 'defer c.mu.Unlock()' <(sed -n "/^func (c \*Checked) ${fn}(/,/^}/p" "${WORK}/safe/checked.go"); then
		die "safe: Checked.${fn} should have been rewritten by default"
	fi
done
step "safe: go test -race (every test, including those an Unsafe fix may break)"
(cd "${WORK}/safe" && go test -race -count=1 -v ./... >"${WORK}/safe.test" 2>&1) || {
	show_log "go test" "${WORK}/safe.test" 80
	die "safe: the behaviour tests fail on the Safe-only rewrite"
}
grep -E '^(--- |ok|FAIL)' "${WORK}/safe.test"

# --- with --unsafe-fixes ---------------------------------------------------
check_rewrite unsafe --unsafe-fixes
run_pattern="$(tests_unsafe_keeps "${WORK}/unsafe")"
step "unsafe: go test -race -run '${run_pattern}'"
for t in "${!UNSAFE_BREAKS[@]}"; do
	echo "(left out: ${t}: ${UNSAFE_BREAKS[${t}]})"
done
(cd "${WORK}/unsafe" && go test -race -count=1 -v -run "${run_pattern}" ./... >"${WORK}/unsafe.test" 2>&1) || {
	show_log "go test" "${WORK}/unsafe.test" 80
	die "unsafe: the behaviour tests fail on the --unsafe-fixes rewrite"
}
grep -E '^(--- |ok|FAIL)' "${WORK}/unsafe.test"
for t in "${!UNSAFE_BREAKS[@]}"; do
	step "unsafe: ${t}, for information only"
	if (cd "${WORK}/unsafe" && go test -race -count=1 -run "^${t}\$" ./... >"${WORK}/unsafe-${t}.test" 2>&1); then
		echo "passes: the tool did not apply a fix that changes this behaviour"
	else
		grep -E 'deadlock|DATA RACE|_test.go:[0-9]+:' "${WORK}/unsafe-${t}.test" | sort | uniq -c | head -n 5
		echo "fails, as an applied Unsafe fix may: ${UNSAFE_BREAKS[${t}]}"
	fi
done

# --- the harness can fail ----------------------------------------------------
step "broken: the wrong rewrite in tests/go/behaviour-broken must FAIL under -race"
fresh_copy broken
cp "${BROKEN}"/*.go "${WORK}/broken/"
(cd "${WORK}/broken" && go vet ./...) || die "broken: the broken variant does not even vet; it must compile to prove anything"
if (cd "${WORK}/broken" && go test -race -count=3 ./... >"${WORK}/broken.test" 2>&1); then
	show_log "go test" "${WORK}/broken.test" 40
	die "broken: go test -race PASSED on a rewrite that unlocks before reading the map: the race tests cannot detect the mistake"
fi
grep -E 'DATA RACE|race detected|concurrent map|^--- FAIL' "${WORK}/broken.test" | sort | uniq -c
echo "failed, as it must"

section "go-behaviour: all checks passed in ${SECONDS}s"
