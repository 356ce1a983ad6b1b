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

# no_arguments "$@": for a script that takes none; -h/--help prints its header
# comment (the lines from the second to `set -euo`).
no_arguments() {
	case "${1:-}" in
	"") ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "usage: $0" >&2
		exit 2
		;;
	esac
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
# tool's output. The scripts check the engine: the result cache (which has tests
# of its own, crates/cli/tests/cache.rs) is off, so that a second run on the same
# tree checks it again instead of printing what the first found.
run_tool() {
	local log="$1"
	shift
	local rc=0
	"${GDR_BIN}" --no-cache "$@" >"${log}.out" 2>"${log}.err" || rc=$?
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

# setup_fetching_go GOMOD: for the scripts that fetch pinned real modules (after
# setup_go): check that this Go is at least the go line of GOMOD (with
# GOTOOLCHAIN=local an older go would fail on every module), fetch through the
# proxy go itself would use ($GOPROXY, else `go env`'s), into a module cache
# outside the repository (GDR_CORPUS_MODCACHE, default
# ${XDG_CACHE_HOME:-~/.cache}/go-defer-rewriter/corpus-modcache; a module cache
# inside a module directory breaks `go mod tidy`), with no go.work.
setup_fetching_go() {
	local gomod="$1" need have
	need="$(sed -nE 's/^go ([0-9.]+)$/\1/p' "${gomod}")"
	have="$(go env GOVERSION | sed -E 's/^go//; s/[^0-9.].*$//')"
	if [[ "$(printf '%s\n%s\n' "${need}" "${have}" | sort -V | head -n 1)" != "${need}" ]]; then
		die "the modules pinned in ${gomod#"${GDR_ROOT}"/} need Go >= ${need}; this is $(go env GOVERSION)"
	fi
	GOPROXY="$(env -u GOPROXY go env GOPROXY)"
	[[ -n "${GOPROXY}" && "${GOPROXY}" != "off" ]] || GOPROXY="https://proxy.golang.org,direct"
	GOMODCACHE="${GDR_CORPUS_MODCACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/go-defer-rewriter/corpus-modcache}"
	export GOPROXY GOMODCACHE GOWORK=off
	mkdir -p "${GOMODCACHE}"
}

# download_pinned SRC BASE LOG: copy the pinning module SRC (tests/corpus, ...)
# to BASE, run `go mod download` there (output in LOG), and stop if that changed
# its go.mod or go.sum: the pins must be complete and tidy.
download_pinned() {
	local src="$1" base="$2" log="$3" f
	cp -a "${src}" "${base}"
	(cd "${base}" && go mod download && GOFLAGS=-mod=readonly go list -m all >/dev/null) >"${log}" 2>&1 || {
		show_log "go mod download" "${log}" 80
		die "go mod download failed in a copy of ${src#"${GDR_ROOT}"/}"
	}
	for f in go.mod go.sum; do
		cmp -s "${src}/${f}" "${base}/${f}" || {
			diff -u "${src}/${f}" "${base}/${f}" | head -n 40
			die "go mod download changed ${src#"${GDR_ROOT}"/}/${f}: run 'go mod tidy' there and commit it"
		}
	done
	echo "ok ($(grep -c . "${src}/go.sum") go.sum lines; $(du -sh "${GOMODCACHE}" | cut -f1) in the module cache)"
}

# Fields of a summary line of the tool (see crates/cli/src/output.rs); "?" when
# the wording is not recognised.
summary_scanned() { sed -nE 's/^scanned ([0-9]+) files?.*/\1/p' <<<"$1" | grep . || echo "?"; }
summary_defers() { sed -nE 's/^scanned [^;]*\), ([0-9]+) defers?(;.*)?$/\1/p' <<<"$1" | grep . || echo "?"; }
summary_fixes() {
	local s="$1" r
	r="$(sed -nE 's/.*(rewrote|would rewrite) [0-9]+ \(([0-9]+) safe, ([0-9]+) unsafe\).*/\2 \3/p; s/.*would rewrite ([0-9]+) safe, ([0-9]+) unsafe.*/\1 \2/p' <<<"${s}" | head -n 1)"
	if [[ -z "${r}" ]] && grep -qE '(rewrote nothing|would rewrite nothing|nothing to rewrite)' <<<"${s}"; then
		r="0 0"
	fi
	echo "${r:-? ?}"
}
summary_left() {
	local s="$1" r
	r="$(sed -nE 's/.*; (left|would leave|no fix for) ([0-9]+: [^;]*).*/\2/p' <<<"${s}" | head -n 1)"
	# Analyze mode says nothing when nothing is left; the other modes say "nothing".
	if [[ -z "${r}" && "${s}" == scanned* ]]; then
		r="0"
	fi
	# Files the tool could not parse (left unchanged) are counted as well.
	local syn
	syn="$(sed -nE 's/.*; ([0-9]+) files? with syntax errors not processed.*/\1/p' <<<"${s}")"
	[[ -z "${syn}" ]] || r="${r:-?}; ${syn} files not parsed"
	echo "${r:-?}"
}

# regex_quote TEXT: TEXT with the characters special in an extended regex escaped.
regex_quote() {
	printf '%s\n' "$1" | sed 's/[][\.*^$+?(){}|#]/\\&/g'
}

# vet_paths LOG: go vet output without the lines of the go command itself, and
# with the module directory (module cache or copy) cut from paths as "<mod>/".
# MOD_RE and VER_RE are the module path and version, regex_quote'd; the copy of
# a module must be named like the module cache's, .../<module>@<version>.
vet_paths() {
	grep -vE '^go: (downloading|finding|added|upgraded|found) ' "$1" |
		sed -E "s#[^[:space:]:]*/${MOD_RE}@${VER_RE}/#<mod>/#g" || true
}

# normalize_vet LOG: vet_paths with every number replaced by N, sorted:
# comparable between the original and the rewrite, whose lines moved.
normalize_vet() {
	vet_paths "$1" | sed -E 's#[0-9]+#N#g' | LC_ALL=C sort
}
