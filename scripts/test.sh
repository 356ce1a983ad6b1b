#!/usr/bin/env bash
# The whole test suite, in one command: what CI runs (.ci/run) and what a
# developer runs before pushing.
#
#   ./scripts/test.sh
#
# Needs Rust (cargo with rustfmt and clippy) and Go with gofmt, and gcc for
# `go test -race`. On a fresh Debian machine without Go, the Go toolchain is
# installed from Debian's packages (golang-go; apt-get, as root or with sudo),
# and gcc likewise. The Go steps never change toolchain (GOTOOLCHAIN=local);
# only the real-corpus run and the lint comparison download anything: the Go
# modules pinned in tests/corpus and tests/lint-corpus (go.mod and go.sum),
# through the Go module proxy, and the lint comparison's two linters (go install
# at pinned versions, into a cache outside the repository).
#
# Sections: cargo fmt --check, cargo clippy -D warnings, cargo test, the
# patched Go grammar's regeneration check (scripts/regen-grammar.sh --check: a
# few minutes the first time on a machine, to install tree-sitter-cli into a
# cache outside the repository; seconds after), the vendored tree-sitter
# runtime's check (scripts/vendored-runtime-check.sh: the published crate plus
# one patch), the release build, then the Go
# checks (scripts/syntax-corpus.sh, scripts/go-behaviour.sh,
# scripts/tx-behaviour.sh, scripts/safe-proofs.sh,
# scripts/stdlib-check.sh, scripts/stdlib-check.sh --unsafe-fixes,
# scripts/fast-path-check.sh, scripts/real-corpus.sh,
# scripts/lint-compare.sh and scripts/pre-commit-check.sh), which
# need the release binary, then
# scripts/bench-defer.sh --check, scripts/hot-path.sh and shellcheck. A
# failing section does not stop the independent ones after it; the script exits
# non-zero if any failed. About
# 55-70 minutes on 2 cores from a clean checkout with empty Go caches (the
# real-corpus run compiles large modules; the lint comparison adds ~12 minutes
# cold, ~4 warm), 35 with warm ones.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "${GDR_ROOT}"

# Snapshot tests never accept or write snapshots here: a changed snapshot fails.
export INSTA_UPDATE=no
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

as_root() {
	if [[ "$(id -u)" -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root (or sudo) to run: $*"
	fi
}

APT_UPDATED=0
apt_install() {
	command -v apt-get >/dev/null 2>&1 || die "cannot install $* here: no apt-get; install it by hand"
	if [[ "${APT_UPDATED}" -eq 0 ]]; then
		as_root apt-get update -qq
		APT_UPDATED=1
	fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

section "tools"
command -v cargo >/dev/null 2>&1 || die "cargo is not on PATH: install Rust (rustup) first"
# Go: the one on PATH, else the usual /usr/local/go, else Debian's golang-go
# (installed here; Debian 12's is Go 1.19: it builds and tests the Go module
# here, whose go.mod says go 1.21, as long as it compiles).
if ! command -v go >/dev/null 2>&1; then
	if [[ -x /usr/local/go/bin/go ]]; then
		PATH="/usr/local/go/bin:${PATH}"
	else
		echo "go is not on PATH: installing Debian's golang-go"
		apt_install golang-go
	fi
fi
# `go test -race` needs cgo, so a C compiler.
if ! command -v gcc >/dev/null 2>&1; then
	echo "gcc is not on PATH (needed by go test -race): installing Debian's gcc"
	apt_install gcc libc6-dev
fi
export PATH
echo "$(cargo --version); $(rustc --version)"
echo "$(go version); gofmt at $(command -v gofmt); $(gcc --version | head -n 1)"

RESULTS=()
FAILED=0
PASSED=0
# run_section NAME COMMAND...: run a section, record its result and duration.
run_section() {
	local name="$1"
	shift
	section "${name}"
	echo "\$ $*"
	local start="${SECONDS}" rc=0
	"$@" || rc=$?
	local took=$((SECONDS - start))
	if [[ "${rc}" -eq 0 ]]; then
		PASSED=$((PASSED + 1))
		RESULTS+=("$(printf 'PASS  %5ss  %s' "${took}" "${name}")")
	else
		FAILED=$((FAILED + 1))
		RESULTS+=("$(printf 'FAIL  %5ss  %s (exit %s)' "${took}" "${name}" "${rc}")")
		printf '\n%s FAILED (exit %s)\n' "${name}" "${rc}" >&2
	fi
	return "${rc}"
}

run_section "cargo fmt" cargo fmt --all -- --check || true
run_section "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings || true
run_section "cargo test" cargo test --workspace || true
# The committed parser is what the pinned upstream grammar plus our patch generate.
run_section "grammar regeneration check" bash scripts/regen-grammar.sh --check || true
run_section "vendored tree-sitter runtime check" bash scripts/vendored-runtime-check.sh || true
if run_section "release build" cargo build --release -p gdr-cli; then
	GDR_BIN="${CARGO_TARGET_DIR:-${GDR_ROOT}/target}/release/go-defer-rewriter"
	export GDR_BIN
	run_section "syntax corpus (gofmt-accepted stdlib files parse)" bash scripts/syntax-corpus.sh || true
	run_section "Go behaviour tests" bash scripts/go-behaviour.sh || true
	run_section "Go transaction behaviour tests" bash scripts/tx-behaviour.sh || true
	run_section "Safe proofs (adversarial Go programs)" bash scripts/safe-proofs.sh || true
	run_section "stdlib check (safe fixes)" bash scripts/stdlib-check.sh || true
	run_section "stdlib check (--unsafe-fixes)" bash scripts/stdlib-check.sh --unsafe-fixes || true
	run_section "fast paths change nothing" bash scripts/fast-path-check.sh || true
	run_section "real-corpus run" bash scripts/real-corpus.sh || true
	# A Safe rewrite must add no revive (default rules) or staticcheck (default
	# checks) warning to raft, badger and nats-server.
	run_section "lint comparison (revive, staticcheck)" bash scripts/lint-compare.sh || true
	run_section "pre-commit hooks" bash scripts/pre-commit-check.sh || true
else
	FAILED=$((FAILED + 10))
	RESULTS+=("SKIP         Go checks (no release binary)")
fi
# Compiles examples/bench and checks each benchmark is in the defer regime it
# claims (no timing; a few seconds).
run_section "bench regimes" bash scripts/bench-defer.sh --check || true
# Profiles examples/hot-path, rewrites its hot defers with --profile
# --hot-threshold, checks the rewritten copy builds, vets and passes its tests
# and leaves the cold file alone, and prints the before/after benchmark table
# (6 interleaved rounds of 1 s per side; never fails on speed; about 45 s).
if [[ -n "${GDR_BIN:-}" ]]; then
	run_section "hot path (profile-guided sweep)" bash scripts/hot-path.sh || true
else
	FAILED=$((FAILED + 1))
	RESULTS+=("SKIP         hot path (no release binary)")
fi
if command -v shellcheck >/dev/null 2>&1; then
	run_section "shellcheck" shellcheck -x scripts/common.sh scripts/regen-grammar.sh scripts/vendored-runtime-check.sh scripts/syntax-corpus.sh scripts/go-behaviour.sh scripts/tx-behaviour.sh scripts/safe-proofs.sh scripts/stdlib-check.sh scripts/fast-path-check.sh scripts/real-corpus.sh scripts/lint-compare.sh scripts/pre-commit-check.sh scripts/test.sh scripts/bench.sh scripts/bench-defer.sh scripts/hot-path.sh scripts/defer-regimes.sh .ci/run || true
else
	echo
	echo "(shellcheck is not installed: the scripts' lint is skipped)"
fi

section "summary (${SECONDS}s in all)"
printf '%s\n' "${RESULTS[@]}"
echo
echo "test.sh: ${PASSED} passed, ${FAILED} failed"
[[ "${FAILED}" -eq 0 ]]
