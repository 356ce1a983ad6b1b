#!/usr/bin/env bash
# Rebuild crates/tree-sitter-go-patched from the pinned upstream grammar and our
# patch, or check that the committed files are what that rebuild makes.
#
# The crate carries tree-sitter-go's grammar with one change (Go 1.26's
# `new(expr)`; see the crate's src/lib.rs) until upstream has it:
#   grammar.js     = upstream tree-sitter-go ${UPSTREAM_VERSION}'s grammar.js
#                    with new-expr.patch applied;
#   src/parser.c, src/grammar.json, src/node-types.json, src/tree_sitter/*.h
#                  = what `tree-sitter generate` (tree-sitter-cli ${CLI_VERSION})
#                    makes of that grammar.js.
#
# Upstream's grammar.js comes from the tree-sitter-go crate in cargo's registry
# (a dev-dependency of the crate, pinned in the workspace's Cargo.toml and
# Cargo.lock; `cargo metadata` fetches it, checksum-checked, when it is missing),
# and must have the sha256 below. tree-sitter-cli is installed with
# `cargo install --locked` into a cache directory outside the repository
# (GDR_TOOLS_DIR, default ${XDG_CACHE_HOME:-~/.cache}/go-defer-rewriter/tools)
# the first time: a few minutes on 2 cores; later runs take seconds.
#
# Usage:
#   scripts/regen-grammar.sh                 regenerate: write grammar.js and src/
#   scripts/regen-grammar.sh --check         regenerate into a temporary directory
#                                            and fail if any committed file differs
#   scripts/regen-grammar.sh --from-grammar  after editing the crate's grammar.js by
#                                            hand: rewrite new-expr.patch from it,
#                                            then regenerate
# Environment: GDR_TREE_SITTER=path/to/tree-sitter to use that binary (it must be
# version ${CLI_VERSION}) instead of the cached install.
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

UPSTREAM_VERSION=0.25.0
UPSTREAM_GRAMMAR_SHA256=53e114833c6769d8a86b9e2dfab8bb68b0aaf185e7008a5c572bfa21b77aff1b
CLI_VERSION=0.27.1
CRATE="${GDR_ROOT}/crates/tree-sitter-go-patched"
PATCH="${CRATE}/new-expr.patch"
# The files `tree-sitter generate` makes that the crate keeps (relative to src/).
GENERATED=(parser.c grammar.json node-types.json tree_sitter/alloc.h tree_sitter/array.h tree_sitter/parser.h)

MODE=regen
case "${1:-}" in
"") ;;
--check) MODE=check ;;
--from-grammar) MODE=from-grammar ;;
-h | --help)
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 0
	;;
*)
	echo "usage: $0 [--check | --from-grammar]" >&2
	exit 2
	;;
esac
[[ $# -le 1 ]] || {
	echo "usage: $0 [--check | --from-grammar]" >&2
	exit 2
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-grammar.XXXXXX")"
cleanup() { rm -rf "${WORK}"; }
trap cleanup EXIT

section "regen-grammar (${MODE}): tree-sitter-go ${UPSTREAM_VERSION} + new-expr.patch, tree-sitter-cli ${CLI_VERSION}"

step "upstream tree-sitter-go ${UPSTREAM_VERSION}"
# cargo metadata names every package's manifest, downloading (and checking
# against Cargo.lock) what is not in the registry yet.
# (The registry keeps each package in a directory named NAME-VERSION.)
UPSTREAM_DIR="$(cd "${GDR_ROOT}" && cargo metadata --format-version 1 --locked --filter-platform "$(rustc -vV | sed -n 's/^host: //p')" |
	grep -oE '"manifest_path":"[^"]*/tree-sitter-go-'"${UPSTREAM_VERSION//./\\.}"'/Cargo\.toml"' |
	head -n 1 | sed -E 's/^"manifest_path":"(.*)\/Cargo\.toml"$/\1/')" || true
[[ -n "${UPSTREAM_DIR}" && -f "${UPSTREAM_DIR}/grammar.js" ]] ||
	die "cargo metadata does not list tree-sitter-go ${UPSTREAM_VERSION} with a grammar.js (is it still the crate's dev-dependency?)"
have="$(sha256sum "${UPSTREAM_DIR}/grammar.js" | cut -d' ' -f1)"
[[ "${have}" == "${UPSTREAM_GRAMMAR_SHA256}" ]] ||
	die "upstream grammar.js has sha256 ${have}, not ${UPSTREAM_GRAMMAR_SHA256}: not tree-sitter-go ${UPSTREAM_VERSION} as released"
echo "grammar.js of ${UPSTREAM_DIR##*/} (sha256 ok)"

step "tree-sitter-cli ${CLI_VERSION}"
if [[ -n "${GDR_TREE_SITTER:-}" ]]; then
	TS="${GDR_TREE_SITTER}"
else
	TOOLS="${GDR_TOOLS_DIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/go-defer-rewriter/tools}"
	TS="${TOOLS}/tree-sitter-cli-${CLI_VERSION}/bin/tree-sitter"
	if [[ ! -x "${TS}" ]]; then
		echo "not in ${TOOLS}: cargo install --locked tree-sitter-cli@${CLI_VERSION} (a few minutes)"
		start="${SECONDS}"
		# Its own target directory, not the workspace's: nothing here is rebuilt.
		CARGO_TARGET_DIR="${WORK}/cli-target" cargo install --quiet --locked \
			"tree-sitter-cli@${CLI_VERSION}" --root "${TOOLS}/tree-sitter-cli-${CLI_VERSION}"
		echo "installed in $((SECONDS - start))s"
	fi
fi
version="$("${TS}" --version)"
[[ "${version}" == "tree-sitter ${CLI_VERSION}"* ]] || die "${TS} is ${version}, not tree-sitter ${CLI_VERSION}"
echo "${TS}: ${version}"

if [[ "${MODE}" == from-grammar ]]; then
	step "rewrite new-expr.patch from the crate's grammar.js"
	rc=0
	diff -u --label a/grammar.js --label b/grammar.js "${UPSTREAM_DIR}/grammar.js" "${CRATE}/grammar.js" >"${PATCH}" || rc=$?
	[[ "${rc}" -eq 1 ]] || die "the crate's grammar.js is upstream's unchanged (or diff failed): no patch"
	echo "$(grep -c '^[-+][^-+]' "${PATCH}") lines changed"
fi

step "apply new-expr.patch"
OUT="${WORK}/grammar"
mkdir -p "${OUT}"
cp "${UPSTREAM_DIR}/grammar.js" "${OUT}/grammar.js"
# git apply: exact (no fuzz), and git is on every machine this runs on.
(cd "${OUT}" && git apply -p1 "${PATCH}") || die "new-expr.patch does not apply to upstream's grammar.js"
echo "ok"

step "tree-sitter generate"
start="${SECONDS}"
# The built-in JavaScript runtime evaluates grammar.js; no node needed.
(cd "${OUT}" && "${TS}" generate grammar.js >"${WORK}/generate.log" 2>&1) || {
	show_log "tree-sitter generate" "${WORK}/generate.log" 80
	die "tree-sitter generate failed"
}
cat "${WORK}/generate.log"
echo "generated in $((SECONDS - start))s"

if [[ "${MODE}" == check ]]; then
	step "compare with the committed files"
	differ=()
	for f in grammar.js "${GENERATED[@]/#/src/}"; do
		if ! cmp -s "${OUT}/${f}" "${CRATE}/${f}"; then
			differ+=("${f}")
			diff -u --label "committed/${f}" --label "regenerated/${f}" "${CRATE}/${f}" "${OUT}/${f}" | head -n 40 || true
		fi
	done
	if [[ "${#differ[@]}" -gt 0 ]]; then
		die "crates/tree-sitter-go-patched: ${differ[*]} differ from a regeneration: run scripts/regen-grammar.sh (after editing grammar.js by hand: --from-grammar) and commit the result"
	fi
	section "regen-grammar --check: the committed grammar and parser are what upstream ${UPSTREAM_VERSION} + new-expr.patch generate (${SECONDS}s)"
else
	step "write crates/tree-sitter-go-patched"
	cp "${OUT}/grammar.js" "${CRATE}/grammar.js"
	mkdir -p "${CRATE}/src/tree_sitter"
	for f in "${GENERATED[@]}"; do
		cp "${OUT}/src/${f}" "${CRATE}/src/${f}"
	done
	(cd "${GDR_ROOT}" && git status --short -- crates/tree-sitter-go-patched)
	section "regen-grammar: written in ${SECONDS}s"
fi
