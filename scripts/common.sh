# shellcheck shell=bash
# Helpers shared by the scripts in this folder; sourced, not run.

# A command that fails and stops the script (set -e) says so.
trap 'printf "\nFAIL: %s: line %s: %s exited %s\n" "${BASH_SOURCE[0]##*/}" "${LINENO}" "${BASH_COMMAND}" "$?" >&2' ERR

# The repository root (this file lives in <root>/scripts).
GDR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GDR_ROOT

# Print a section header.
section() {
	printf '\n==== %s\n' "$*"
}

# Print a step header with the time since the script started.
step() {
	printf '\n---- [%4ss] %s\n' "${SECONDS}" "$*"
}

# Print a message and stop with a failure.
die() {
	printf '\nFAIL: %s\n' "$*" >&2
	exit 1
}

# Show the last lines of a log file, labelled.
show_log() {
	local label="$1" file="$2" lines="${3:-60}"
	if [[ -s "${file}" ]]; then
		printf -- '-- %s (%s, last %s lines):\n' "${label}" "${file##*/}" "${lines}"
		tail -n "${lines}" "${file}"
	else
		printf -- '-- %s: (empty)\n' "${label}"
	fi
}

# Make sure `go` and `gofmt` are on PATH, and that nothing is downloaded:
# GOTOOLCHAIN=local never switches to another toolchain, GOPROXY=off never
# fetches a module (the Go code tested here has no dependencies), GOFLAGS is
# cleared so a developer's own flags cannot change the builds.
setup_go() {
	if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
		PATH="/usr/local/go/bin:${PATH}"
	fi
	command -v go >/dev/null 2>&1 || die "go is not on PATH (scripts/test.sh installs it)"
	export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=
	GDR_GOROOT="$(go env GOROOT)"
	export GDR_GOROOT
	PATH="${GDR_GOROOT}/bin:${PATH}"
	command -v gofmt >/dev/null 2>&1 || die "gofmt not found beside go in ${GDR_GOROOT}/bin"
}

# The go-defer-rewriter binary: $GDR_BIN if set, else the release build of this
# workspace (built here; a no-op when it is up to date).
find_binary() {
	if [[ -n "${GDR_BIN:-}" ]]; then
		[[ -x "${GDR_BIN}" ]] || die "GDR_BIN=${GDR_BIN} is not an executable"
		return
	fi
	(cd "${GDR_ROOT}" && cargo build --release -p gdr-cli) || die "cargo build --release -p gdr-cli failed"
	GDR_BIN="${CARGO_TARGET_DIR:-${GDR_ROOT}/target}/release/go-defer-rewriter"
	[[ -x "${GDR_BIN}" ]] || die "no binary at ${GDR_BIN} after the build"
	export GDR_BIN
}

# Run the binary with the given arguments; stdout and stderr go to "$LOG.out"
# and "$LOG.err" (LOG is the first argument). Exit status 0 (nothing left) and
# 1 (findings remain) are normal; anything else fails the script, showing the
# tool's output.
run_tool() {
	local log="$1"
	shift
	local rc=0
	"${GDR_BIN}" "$@" >"${log}.out" 2>"${log}.err" || rc=$?
	if [[ "${rc}" -ne 0 && "${rc}" -ne 1 ]]; then
		show_log "go-defer-rewriter stdout" "${log}.out"
		show_log "go-defer-rewriter stderr" "${log}.err"
		die "go-defer-rewriter exited ${rc}: $*"
	fi
	# shellcheck disable=SC2034 # read by the scripts that source this file
	TOOL_RC="${rc}"
}

# The last line the tool printed on stderr: its summary.
tool_summary() {
	tail -n 1 "$1.err"
}

# A hash of the contents of every regular file under the given directories,
# with their paths: equal hashes mean nothing was changed.
tree_hash() {
	find "$@" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
