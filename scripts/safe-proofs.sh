#!/usr/bin/env bash
# Safe-proof acceptance suite: does a fix the tool applies by default (Safe)
# really leave the program's behaviour alone?
#
# tests/go/safe-proofs is one Go module (`module safeproofs`) with one small
# package per adversarial program (DESIGN.md §3 and §3b), in a top-level
# directory that may hold subpackages (they are vetted, tested and counted with
# it, e.g. an importer whose test is the proof): each has a test that
# passes on the code as written and fails (a lock left held after a recovered
# panic or a Goexit, a data race under -race, a changed result) when a wrong
# Safe rewrite is applied, or is laid out so that a sloppy rewrite is not
# gofmt-clean or loses comments. Packages named ctl_* are CONTROLS: the Safe
# fix there is correct, and the file `expect-rewrite` in the package lists
# statements (one per line, compared with each line stripped of its
# indentation) that must be gone from its
# non-test files after the rewrite. A package with a file `flags` is rewritten
# on its own with the tool flags that file holds (one line, split on blanks,
# e.g. `--pattern $X.Unlock($K)`). A package with a file `env` (one line of
# NAME=value words, e.g. `CGO_ENABLED=0`) is vetted, tested and rewritten on its
# own with those variables set; it is tested without -race when they turn cgo
# off (the race detector needs cgo). A package's file `gofmt-exempt` names, one
# a line, files that are not gofmt-clean on purpose (gofmt would add a
# `//go:build` line to a file with only `// +build` lines): gofmt -l does not
# judge them while the rewrite leaves them unchanged.
#
# This script
#   1. checks the module as written: gofmt -l, go vet, go test -race (all pass);
#   2. copies it and rewrites the copy with `go-defer-rewriter --mode rewrite
#      --no-config` (Safe fixes only; plus a package's `flags`);
#   3. checks every package of the copy: gofmt -l clean, go vet, go test -race
#      -count=1 -timeout 60s, no comment lost (count of `//` and `/*`), and the
#      `expect-rewrite` lines gone; then runs the tool again and checks that the
#      second run changes nothing;
#   4. prints one PASS/FAIL line per package and exits non-zero when any package
#      fails, or when the tool rewrote nothing at all.
# A package the tool leaves unchanged (its fix refused, or Unsafe) passes, unless
# it is a control.
#
# Usage: scripts/safe-proofs.sh [PACKAGE_DIR...]   (default: every package)
# Environment: GDR_BIN=path/to/go-defer-rewriter to test a given binary instead
# of building this workspace's release binary.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SRC="${GDR_ROOT}/tests/go/safe-proofs"
MODULE="safeproofs"

setup_go
find_binary

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-safe-proofs.XXXXXX")"
cleanup() { rm -rf "${WORK}"; }
trap cleanup EXIT

section "Safe-proof acceptance suite ($(go version); binary ${GDR_BIN})"

# The package directories to check: the arguments, or every directory of the
# module holding a .go file.
PKGS=()
if [[ $# -gt 0 ]]; then
	for p in "$@"; do
		p="${p%/}"
		p="${p##*/}"
		[[ -d "${SRC}/${p}" ]] || die "no package directory ${SRC}/${p}"
		PKGS+=("${p}")
	done
else
	while IFS= read -r d; do
		PKGS+=("${d}")
	done < <(cd "${SRC}" && find . -mindepth 2 -maxdepth 2 -name '*.go' -printf '%h\n' | sed 's|^\./||' | LC_ALL=C sort -u)
fi
[[ ${#PKGS[@]} -gt 0 ]] || die "no packages found in ${SRC}"

# The go list patterns for the packages, with their subpackages: ./a/... ./b/...
pkg_patterns() {
	local p
	for p in "$@"; do
		printf './%s/...\n' "${p}"
	done
}

# The packages with an `env` file are vetted and tested one by one in their
# environment; all the others together.
ENV_PKGS=()
PLAIN_PKGS=()
for p in "${PKGS[@]}"; do
	if [[ -f "${SRC}/${p}/env" ]]; then
		ENV_PKGS+=("${p}")
	else
		PLAIN_PKGS+=("${p}")
	fi
done
mapfile -t PLAIN_PATTERNS < <(pkg_patterns "${PLAIN_PKGS[@]}")

# in_env P CMD...: run CMD with the variables of package P's `env` file set.
in_env() {
	local p="$1"
	shift
	local -a vars=()
	if [[ -f "${SRC}/${p}/env" ]]; then
		read -r -a vars <"${SRC}/${p}/env"
	fi
	env "${vars[@]}" "$@"
}

# go_check DIR vet|test: go vet, or go test -race -count=1 -timeout 60s, every
# package of the copy DIR (the `env` packages in their environment, and without
# -race when it turns cgo off); the output goes to stdout, and the status is
# non-zero when any package fails.
go_check() {
	local dir="$1" what="$2" p rc=0
	local -a args=(vet) race
	[[ "${what}" == vet ]] || args=(test -race -count=1 -timeout 60s)
	if [[ ${#PLAIN_PATTERNS[@]} -gt 0 ]]; then
		(cd "${dir}" && go "${args[@]}" "${PLAIN_PATTERNS[@]}") || rc=1
	fi
	for p in "${ENV_PKGS[@]}"; do
		args=(vet)
		if [[ "${what}" == test ]]; then
			race=(-race)
			[[ "$(cd "${dir}" && in_env "${p}" go env CGO_ENABLED)" == 1 ]] || race=()
			args=(test "${race[@]}" -count=1 -timeout 60s)
		fi
		(cd "${dir}" && in_env "${p}" go "${args[@]}" "./${p}/...") || rc=1
	done
	return "${rc}"
}

# The paths PKG/FILE of the files the packages' `gofmt-exempt` files name.
EXEMPT="$(for p in "${PKGS[@]}"; do
	if [[ -f "${SRC}/${p}/gofmt-exempt" ]]; then
		sed "s|^|${p}/|" "${SRC}/${p}/gofmt-exempt"
	fi
done)"

# gofmt_l DIR: gofmt -l over the packages of the copy DIR, less the exempt files
# that are unchanged from the original.
gofmt_l() {
	local dir="$1" f
	while IFS= read -r f; do
		if grep -qxF -- "${f}" <<<"${EXEMPT}" && cmp -s "${SRC}/${f}" "${dir}/${f}"; then
			continue
		fi
		printf '%s\n' "${f}"
	done < <(cd "${dir}" && gofmt -l "${PKGS[@]}")
}

# Count the comments (`//` and `/*` openers) in the .go files of a directory
# and its subdirectories.
comment_count() {
	find "$1" -name '*.go' -type f -exec cat {} + | { grep -o -E '//|/\*' || true; } | wc -l
}

# --- 1. the module as written ----------------------------------------------
step "1. the module as written: gofmt -l, go vet, go test -race (${#PKGS[@]} packages)"
cp -R "${SRC}" "${WORK}/orig"
unformatted="$(gofmt_l "${WORK}/orig")"
[[ -z "${unformatted}" ]] || die "the original packages are not gofmt-clean: ${unformatted}"
go_check "${WORK}/orig" vet || die "go vet fails on the original packages"
if ! go_check "${WORK}/orig" test >"${WORK}/orig.test" 2>&1; then
	show_log "go test" "${WORK}/orig.test" 80
	die "the tests fail on the original packages: they must pass before any rewrite"
fi
echo "all ${#PKGS[@]} packages pass as written"

# --- 2. rewrite a copy ------------------------------------------------------
cp -R "${SRC}" "${WORK}/rw"
DEFAULT_DIRS=()
FLAGGED=()
for p in "${PKGS[@]}"; do
	if [[ -f "${SRC}/${p}/flags" || -f "${SRC}/${p}/env" ]]; then
		FLAGGED+=("${p}")
	else
		DEFAULT_DIRS+=("${WORK}/rw/${p}")
	fi
done

# rewrite_all LOG: run the tool (Safe fixes only) on every package of the copy.
rewrite_all() {
	local log="$1" p
	local -a flags
	local -a vars
	if [[ ${#DEFAULT_DIRS[@]} -gt 0 ]]; then
		run_tool "${WORK}/${log}" --mode rewrite --no-config "${DEFAULT_DIRS[@]}"
		echo "default flags, ${#DEFAULT_DIRS[@]} packages: $(tool_summary "${WORK}/${log}")"
	fi
	for p in "${FLAGGED[@]}"; do
		flags=()
		vars=()
		[[ ! -f "${SRC}/${p}/flags" ]] || read -r -a flags <"${SRC}/${p}/flags"
		[[ ! -f "${SRC}/${p}/env" ]] || read -r -a vars <"${SRC}/${p}/env"
		(
			[[ ${#vars[@]} -eq 0 ]] || export "${vars[@]}"
			run_tool "${WORK}/${log}-${p}" --mode rewrite --no-config "${flags[@]}" "${WORK}/rw/${p}"
		)
		echo "${p} with ${vars[*]} ${flags[*]}: $(tool_summary "${WORK}/${log}-${p}")"
	done
}

step "2. go-defer-rewriter --mode rewrite --no-config (Safe fixes only)"
rewrite_all run1
cp -R "${WORK}/rw" "${WORK}/rw.first"

step "second run over the output"
rewrite_all run2

# --- 3. check each package --------------------------------------------------
step "3. gofmt -l, go vet, go test -race on the rewritten copy"
gofmt_l "${WORK}/rw.first" >"${WORK}/gofmt.out" || true
# Vet and test the first run's output (the second run is compared, not tested).
vet_ok=1
go_check "${WORK}/rw.first" vet >"${WORK}/vet.out" 2>&1 || vet_ok=0
go_check "${WORK}/rw.first" test >"${WORK}/test.out" 2>&1 || true

# The test verdict of package $1 (with its subpackages) from the combined go
# test output: failed when any of them fails, ok when at least one ran its
# tests and none failed.
test_verdict() {
	local lines
	lines="$(grep -E "^(ok|FAIL)[[:space:]]+${MODULE}/$1(/[^[:space:]]+)?([[:space:]]|\$)" "${WORK}/test.out" || true)"
	if grep -q '^FAIL' <<<"${lines}"; then
		echo failed
	elif grep -q '^ok' <<<"${lines}"; then
		echo ok
	else
		echo "no result"
	fi
}

# The part of the combined go test output that belongs to package $1 and its
# subpackages: go test prints each package's output as one block that ends with
# its verdict line.
test_output() {
	awk -v pkg="${MODULE}/$1" '
		{ buf = buf $0 "\n" }
		/^(ok|FAIL)[ \t]+/ && $2 ~ /^[^ \t]+$/ {
			if ($2 == pkg || index($2, pkg "/") == 1) { printf "%s", buf }
			buf = ""
		}' "${WORK}/test.out"
}

failed=0
rewritten=0
declare -a RESULTS=()
for p in "${PKGS[@]}"; do
	reasons=()
	orig="${SRC}/${p}"
	first="${WORK}/rw.first/${p}"
	if diff -rq "${orig}" "${first}" >/dev/null; then
		changed="unchanged"
	else
		changed="rewritten"
		rewritten=$((rewritten + 1))
	fi
	if grep -q "^${p}/" "${WORK}/gofmt.out"; then
		reasons+=("not gofmt-clean")
	fi
	if [[ "${vet_ok}" -eq 0 ]] && ! (cd "${WORK}/rw.first" && in_env "${p}" go vet "./${p}/...") >"${WORK}/vet-${p}.out" 2>&1; then
		reasons+=("go vet fails")
	fi
	verdict="$(test_verdict "${p}")"
	if [[ "${verdict}" != ok ]]; then
		reasons+=("go test -race: ${verdict}")
	fi
	before="$(comment_count "${orig}")"
	after="$(comment_count "${first}")"
	if [[ "${after}" -lt "${before}" ]]; then
		reasons+=("comments lost (${before} -> ${after})")
	fi
	if [[ -f "${orig}/expect-rewrite" ]]; then
		while IFS= read -r want_gone; do
			[[ -n "${want_gone}" ]] || continue
			for f in "${first}"/*.go; do
				[[ "${f}" == *_test.go ]] && continue
				if sed 's/^[[:space:]]*//' "${f}" | grep -qxF -- "${want_gone}"; then
					reasons+=("control not rewritten: \`${want_gone}\` still in ${f##*/}")
				fi
			done
		done <"${orig}/expect-rewrite"
	fi
	if ! diff -rq "${first}" "${WORK}/rw/${p}" >/dev/null; then
		reasons+=("a second run changed the output")
	fi
	if [[ ${#reasons[@]} -eq 0 ]]; then
		RESULTS+=("PASS ${p} (${changed})")
	else
		failed=$((failed + 1))
		joined="$(printf '%s; ' "${reasons[@]}")"
		RESULTS+=("FAIL ${p} (${changed}): ${joined%; }")
	fi
done

# Details of the failures, then the verdict lines.
if [[ "${failed}" -gt 0 ]]; then
	step "details of the failures"
	for r in "${RESULTS[@]}"; do
		[[ "${r}" == FAIL* ]] || continue
		p="${r#FAIL }"
		p="${p%% *}"
		printf -- '-- %s\n' "${p}"
		diff -ru "${SRC}/${p}" "${WORK}/rw.first/${p}" | grep -v '^Only in' || true
		while IFS= read -r f; do
			(cd "${WORK}/rw.first" && gofmt -d "${f}") || true
		done < <(grep -E "^${p}/" "${WORK}/gofmt.out" || true)
		if [[ -s "${WORK}/vet-${p}.out" ]]; then
			cat "${WORK}/vet-${p}.out"
		fi
		test_output "${p}" | grep -E "_test\.go:[0-9]+:|\.go:[0-9]+:[0-9]+:|DATA RACE|^panic:|fatal error|^(ok|FAIL)[[:space:]]" |
			sort | uniq -c | head -n 12 || true
		if ! diff -rq "${WORK}/rw.first/${p}" "${WORK}/rw/${p}" >/dev/null; then
			echo "second run:"
			diff -ru "${WORK}/rw.first/${p}" "${WORK}/rw/${p}" || true
		fi
	done
fi

step "results"
printf '%s\n' "${RESULTS[@]}"
if [[ "${rewritten}" -eq 0 ]]; then
	die "the tool rewrote no package at all, so this suite proves nothing"
fi
if [[ "${failed}" -gt 0 ]]; then
	die "${failed} of ${#PKGS[@]} packages fail (${rewritten} rewritten) after ${SECONDS}s"
fi
section "safe-proofs: all ${#PKGS[@]} packages pass (${rewritten} rewritten) in ${SECONDS}s"
