#!/usr/bin/env bash
# Go behaviour check of the transaction rules: after each rollback strategy's
# rewrite, does every path still end its transaction committed xor rolled back?
#
# tests/go/tx is a Go module of functions written with `defer tx.Rollback()` in
# every shape DR002/DR003 handle (early `return nil`, `return tx.Commit()`,
# `return n, tx.Commit()`, `if err := tx.Commit(); ...`, `err = tx.Commit()`
# followed by code, named results with bare returns, the end of a body, Commit
# in a branch) over a fake DB whose transactions count Commit and Rollback
# calls (a Rollback after the end returns ErrTxDone, as database/sql's, and
# counts it). Its tests drive every path (each Exec failing, Commit failing,
# success) and run under `go test -race`. This script
#   1. runs them on the package as written (they must pass);
#   2. if-err (DR002): Safe fixes only must change nothing here (every region
#      calls into the driver, which can panic, and Tx is the package's own type:
#      those fixes are Unsafe); with
#      --unsafe-fixes every function but the one with Commit in a branch is
#      rewritten, and every test passes except TestPanicRollsBack, which checks
#      exactly what an Unsafe fix may change (run for information);
#   3. flag (DR003): Safe fixes only must change nothing here (the fake Tx is
#      the package's own type: the tool reads its Rollback, not database/sql's
#      promise, so skipping a Rollback after Commit is Unsafe, reason
#      tx-own-type); with --unsafe-fixes every function is rewritten and every
#      test passes, TestPanicRollsBack included;
#   4. each rewrite is gofmt-clean, vets, is idempotent, and DR004 finds no exit
#      leaving a transaction open in it;
#   5. the wrong rewrite in tests/go/tx-broken (one early `return nil` without
#      its Rollback) must FAIL the tests and be reported by DR004, proving that
#      both can catch a leak.
#
# Usage: scripts/tx-behaviour.sh   (GDR_BIN=path to test a given binary)
# About 20 s once the binary is built.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SRC="${GDR_ROOT}/tests/go/tx"
BROKEN="${GDR_ROOT}/tests/go/tx-broken"
# Functions that must be rewritten by each strategy (all but Maybe for if-err).
IF_ERR_REWRITTEN=(Transfer Insert Rename Count Delete Touch)
FLAG_REWRITTEN=(Transfer Insert Rename Count Delete Touch Maybe)

setup_go
find_binary

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-tx.XXXXXX")"
cleanup() { rm -rf "${WORK}"; }
trap cleanup EXIT
printf '[rules]\nselect = ["DR002", "DR003"]\n' >"${WORK}/rules.toml"
printf '[rules]\nselect = ["DR004"]\n' >"${WORK}/dr004.toml"

section "Go transaction behaviour tests ($(go version); binary ${GDR_BIN})"

fresh_copy() {
	rm -rf "${WORK:?}/$1"
	cp -R "${SRC}" "${WORK}/$1"
}

# The body of method $2 in file $1.
method_body() {
	sed -n "/^func (s \*Store) $2(/,/^}/p" "$1"
}

go_test() {
	local name="$1"
	shift
	(cd "${WORK}/${name}" && go test -race -count=1 -v "$@" ./... >"${WORK}/${name}.test" 2>&1) || {
		show_log "go test" "${WORK}/${name}.test" 80
		return 1
	}
	grep -E '^(--- FAIL|ok|FAIL)' "${WORK}/${name}.test" || true
	echo "$(grep -c -- '--- PASS' "${WORK}/${name}.test") tests and subtests passed"
}

step "1. the package as written: go vet, go test -race"
fresh_copy orig
(cd "${WORK}/orig" && go vet ./...) || die "go vet fails on the unmodified package"
go_test orig || die "the tests fail on the unmodified package"

# rewrite NAME FLAGS...: rewrite a copy, check format, vet, idempotence, DR004.
rewrite() {
	local name="$1"
	shift
	fresh_copy "${name}"
	step "${name}: go-defer-rewriter $*"
	run_tool "${WORK}/${name}.run1" --config "${WORK}/rules.toml" "$@" "${WORK}/${name}"
	echo "summary: $(tool_summary "${WORK}/${name}.run1")"
	diff -ru "${SRC}" "${WORK}/${name}" >"${WORK}/${name}.diff" || true
	cat "${WORK}/${name}.diff"
	[[ -z "$(gofmt -l "${WORK}/${name}")" ]] || die "${name}: the rewrite is not gofmt-clean"
	(cd "${WORK}/${name}" && go vet ./...) || die "${name}: go vet fails on the rewrite"
	local before
	before="$(tree_hash "${WORK}/${name}")"
	run_tool "${WORK}/${name}.run2" --config "${WORK}/rules.toml" "$@" "${WORK}/${name}"
	[[ "${before}" == "$(tree_hash "${WORK}/${name}")" ]] || die "${name}: a second run changed the output"
	run_tool "${WORK}/${name}.dr004" --config "${WORK}/dr004.toml" --mode analyze "${WORK}/${name}"
	if [[ "${TOOL_RC}" -ne 0 ]]; then
		show_log "DR004" "${WORK}/${name}.dr004.out"
		die "${name}: DR004 finds an exit leaving a transaction open in the rewrite"
	fi
	echo "gofmt-clean, vets, idempotent, no DR004 finding"
}

# expect_rewritten FILE FUNCS...: each method no longer defers tx.Rollback().
expect_rewritten() {
	local file="$1" f
	shift
	for f in "$@"; do
		if method_body "${file}" "${f}" | grep -q 'defer tx.Rollback()'; then
			die "${f} was not rewritten in ${file}"
		fi
	done
}

step "2. if-err, Safe fixes only: nothing may change (every region can panic)"
rewrite ifErrSafe --rollback-strategy if-err
[[ ! -s "${WORK}/ifErrSafe.diff" ]] || die "if-err applied a Safe fix although the region calls into the driver"

step "2. if-err with --unsafe-fixes"
rewrite ifErr --rollback-strategy if-err --unsafe-fixes
expect_rewritten "${WORK}/ifErr/store.go" "${IF_ERR_REWRITTEN[@]}"
method_body "${WORK}/ifErr/store.go" Maybe | grep -q 'defer tx.Rollback()' ||
	die "if-err rewrote Maybe, whose Commit sits in a branch"
go_test ifErr -run '^(TestEveryPathEndsTheTransaction|TestConcurrentStores)$' ||
	die "ifErr: a path no longer ends its transaction committed xor rolled back"
if (cd "${WORK}/ifErr" && go test -count=1 -run '^TestPanicRollsBack$' ./... >"${WORK}/ifErr.panic" 2>&1); then
	echo "TestPanicRollsBack passes on the if-err rewrite"
else
	grep -E '_test.go:[0-9]+:' "${WORK}/ifErr.panic" | head -n 3
	echo "TestPanicRollsBack fails on the if-err rewrite, as an Unsafe fix may: a recovered driver panic skips the explicit Rollback"
fi

step "3. flag, Safe fixes only: nothing may change (Tx is the package's own type)"
rewrite flagSafe --rollback-strategy flag
[[ ! -s "${WORK}/flagSafe.diff" ]] || die "flag applied a Safe fix although Tx is the package's own type, not database/sql's"
grep -q 'tx-own-type' "${WORK}/flagSafe.run1.err" ||
	die "flag: the fixes left are not reported as resting on the package's own Tx type (tx-own-type)"

step "3. flag with --unsafe-fixes"
rewrite flag --rollback-strategy flag --unsafe-fixes
expect_rewritten "${WORK}/flag/store.go" "${FLAG_REWRITTEN[@]}"
go_test flag || die "flag: a path no longer ends its transaction committed xor rolled back"

step "5. broken: an if-err rewrite missing one Rollback must FAIL"
fresh_copy broken
cp "${BROKEN}"/*.go "${WORK}/broken/"
(cd "${WORK}/broken" && go vet ./...) || die "broken: the broken variant does not vet; it must compile to prove anything"
if (cd "${WORK}/broken" && go test -race -count=1 ./... >"${WORK}/broken.test" 2>&1); then
	die "broken: the tests PASSED on a rewrite that leaks a transaction"
fi
grep -E 'left open|--- FAIL' "${WORK}/broken.test" | head -n 4
echo "failed, as it must"
run_tool "${WORK}/broken.dr004" --config "${WORK}/dr004.toml" --mode analyze "${WORK}/broken"
if [[ "${TOOL_RC}" -ne 1 ]] || ! grep -q 'neither committed nor rolled back' "${WORK}/broken.dr004.out"; then
	die "broken: DR004 does not find the leaked transaction"
fi
echo "DR004 finds the leak too: $(tool_summary "${WORK}/broken.dr004")"

section "tx-behaviour: all checks passed in ${SECONDS}s"
