#!/usr/bin/env bash
# Check that crates/tree-sitter-patched is the published tree-sitter crate plus
# lexer-goto.patch, and nothing else.
#
# The workspace builds that crate in place of tree-sitter ${VERSION} from
# crates.io (see its README). This script has cargo fetch the published crate
# (checksum-checked against the registry's index) into its registry, through a
# throw-away project that depends on it without the workspace's [patch], applies
# lexer-goto.patch to a copy of its files, and compares every file with the
# vendored ones (the crate's README.md and the patch itself aside).
#
# Usage: scripts/vendored-runtime-check.sh
set -euo pipefail

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VERSION=0.27.1
CRATE="${GDR_ROOT}/crates/tree-sitter-patched"
# The published crate's files that the vendored copy keeps.
KEPT=(Cargo.toml LICENSE binding_rust include src)

no_arguments "$@"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdr-runtime.XXXXXX")"
cleanup() { rm -rf "${WORK}"; }
trap cleanup EXIT

section "vendored tree-sitter runtime: ${VERSION} as published + lexer-goto.patch"

step "the published crate"
mkdir -p "${WORK}/probe/src"
cat >"${WORK}/probe/Cargo.toml" <<EOF
[package]
name = "probe"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
tree-sitter = "=${VERSION}"

[workspace]
EOF
: >"${WORK}/probe/src/lib.rs"
# cargo metadata names every package's manifest, downloading what is not in the
# registry yet; the registry keeps each package in a directory NAME-VERSION.
UPSTREAM_DIR="$(cd "${WORK}/probe" && cargo metadata --format-version 1 --quiet |
	grep -oE '"manifest_path":"[^"]*/tree-sitter-'"${VERSION//./\\.}"'/Cargo\.toml"' |
	head -n 1 | sed -E 's/^"manifest_path":"(.*)\/Cargo\.toml"$/\1/')" || true
[[ -n "${UPSTREAM_DIR}" && -f "${UPSTREAM_DIR}/src/lexer.c" ]] ||
	die "cargo metadata does not list tree-sitter ${VERSION} from the registry"
echo "${UPSTREAM_DIR##*/}"

step "apply lexer-goto.patch"
OUT="${WORK}/expected"
mkdir -p "${OUT}"
for f in "${KEPT[@]}"; do
	cp -R "${UPSTREAM_DIR}/${f}" "${OUT}/"
done
# git apply: exact (no fuzz).
(cd "${OUT}" && git apply -p1 "${CRATE}/lexer-goto.patch") ||
	die "lexer-goto.patch does not apply to tree-sitter ${VERSION}'s src/lexer.c"
echo "ok"

step "compare with the vendored crate"
if ! diff -r --exclude README.md --exclude lexer-goto.patch "${OUT}" "${CRATE}" >"${WORK}/diff" 2>&1; then
	head -n 60 "${WORK}/diff"
	die "crates/tree-sitter-patched is not tree-sitter ${VERSION} + lexer-goto.patch (see above)"
fi
section "vendored runtime check: crates/tree-sitter-patched is tree-sitter ${VERSION} + lexer-goto.patch (${SECONDS}s)"
