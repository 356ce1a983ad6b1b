#!/usr/bin/env bash
# pre-commit check: do the hooks of .pre-commit-hooks.yaml work under the real
# pre-commit?
#
# In a throw-away git repository holding a small Go package with one Safe
# `defer mu.Unlock()` fix, staged, this script runs this checkout's hooks through
# `pre-commit try-repo` (which also takes uncommitted changes to the hooks file):
#   1. `go-defer-rewriter` (analyze) must fail and name the DR001 finding, and
#      leave the file alone;
#   2. `go-defer-rewriter-fix` must rewrite the file in place (pre-commit then
#      fails the run, as for every hook that changes files), gofmt-clean;
#   3. once the rewrite is staged, the analyze hook must pass.
#
# pre-commit is installed from PyPI, at a pinned version, into a virtualenv kept
# under ${XDG_CACHE_HOME:-~/.cache}/go-defer-rewriter/, with PRE_COMMIT_HOME beside
# it, so only the first run downloads anything.
#
# Usage: scripts/pre-commit-check.sh
# Environment: GDR_BIN=path/to/go-defer-rewriter to test a given binary instead
# of building this workspace's release binary (the hooks run the binary on PATH).
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PRE_COMMIT_VERSION="4.7.0"
CACHE="${XDG_CACHE_HOME:-${HOME}/.cache}/go-defer-rewriter"
VENV="${CACHE}/pre-commit-${PRE_COMMIT_VERSION}"
export PRE_COMMIT_HOME="${CACHE}/pre-commit-home"

setup_go
find_binary
PATH="$(dirname "${GDR_BIN}"):${PATH}"

step "pre-commit ${PRE_COMMIT_VERSION} in ${VENV}"
if [[ ! -x "${VENV}/bin/pre-commit" ]]; then
	rm -rf "${VENV}"
	python3 -m venv "${VENV}"
	"${VENV}/bin/pip" install --quiet "pre-commit==${PRE_COMMIT_VERSION}" ||
		die "pip could not install pre-commit==${PRE_COMMIT_VERSION}"
fi
PRE_COMMIT=("${VENV}/bin/pre-commit")
"${PRE_COMMIT[@]}" --version

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-pre-commit.XXXXXX")"
trap 'rm -rf "${WORK}"' EXIT
REPO="${WORK}/repo"

step "a git repository with one Safe fix staged"
mkdir -p "${REPO}"
cd "${REPO}"
git init --quiet .
git config user.name test
git config user.email test@localhost
git config commit.gpgsign false
printf 'module example.com/counter\n\ngo 1.21\n' >go.mod
cat >counter.go <<'GO'
package counter

import "sync"

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}
GO
git add go.mod counter.go
BEFORE="$(cat counter.go)"

# Run one hook of this checkout on the staged files; output in $WORK/<hook>.<n>.log.
# Sets HOOK_RC.
run_hook() {
	local hook="$1" log="$2"
	HOOK_RC=0
	"${PRE_COMMIT[@]}" try-repo "${GDR_ROOT}" "${hook}" --verbose >"${log}" 2>&1 || HOOK_RC=$?
}

step "1. the analyze hook fails on the finding and writes nothing"
run_hook go-defer-rewriter "${WORK}/analyze.1.log"
if [[ "${HOOK_RC}" -eq 0 ]] || ! grep -q 'DR001' "${WORK}/analyze.1.log" ||
	! grep -q 'can be an explicit call' "${WORK}/analyze.1.log"; then
	show_log "pre-commit" "${WORK}/analyze.1.log"
	die "the analyze hook exited ${HOOK_RC} without failing on the DR001 finding"
fi
[[ "$(cat counter.go)" == "${BEFORE}" ]] || die "the analyze hook changed counter.go"
echo "DR001: $(grep -m 1 -o 'can be an explicit call.*' "${WORK}/analyze.1.log")"

step "2. the fix hook rewrites the file in place"
run_hook go-defer-rewriter-fix "${WORK}/fix.log"
if [[ "${HOOK_RC}" -eq 0 ]] || ! grep -q 'files were modified by this hook' "${WORK}/fix.log"; then
	show_log "pre-commit" "${WORK}/fix.log"
	die "the fix hook exited ${HOOK_RC} without reporting the rewrite"
fi
if grep -q 'defer c.mu.Unlock()' counter.go || ! grep -q '^	c.mu.Unlock()$' counter.go; then
	cat counter.go
	die "the fix hook did not rewrite counter.go"
fi
[[ -z "$(gofmt -l counter.go)" ]] || die "the rewrite is not gofmt-clean"
git diff --stat

step "3. with the rewrite staged, the analyze hook passes"
git add counter.go
run_hook go-defer-rewriter "${WORK}/analyze.2.log"
if [[ "${HOOK_RC}" -ne 0 ]]; then
	show_log "pre-commit" "${WORK}/analyze.2.log"
	die "the analyze hook exited ${HOOK_RC} on the rewritten file"
fi

echo
echo "OK: pre-commit ${PRE_COMMIT_VERSION} runs both hooks as expected (${SECONDS}s)"
