#!/usr/bin/env bash
# How well `--list-defers` agrees with the Go compiler about each defer's regime
# (open-coded / stack / heap), over the standard library.
#
#   scripts/defer-regimes.sh [MIN_PERCENT]
#
# Builds std with `go build -a -gcflags=-d=defer` (the compiler prints
# "open-coded defer" / "stack-allocated defer" / "heap-allocated defer" per site;
# a few minutes on 2 cores), lists the same files with the tool, and compares site
# by site (path:line:column). Only files the compiler built are compared (others are
# for other platforms), outside vendor/ (which the tool skips). The tool is told the
# build (GOOS/GOARCH from `go env`) so that it can tell which defers the compiler
# removes (constant-false branches such as `if race.Enabled`): those are listed as
# `removed`, and agree when the compiler printed nothing for them; a site the
# compiler compiled and the tool calls removed is a disagreement. Prints the
# agreement, over all sites and over the compiled ones alone, and every
# disagreement; exits 1 when the agreement is below MIN_PERCENT (default 99.5).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "${GDR_ROOT}"
min="${1:-99.5}"
# GDR_BIN: the binary to test; by default the release build, brought up to date.
if [[ -n "${GDR_BIN:-}" ]]; then
	bin="${GDR_BIN}"
else
	cargo build --release -p gdr-cli
	bin="${CARGO_TARGET_DIR:-${GDR_ROOT}/target}/release/go-defer-rewriter"
fi
goroot="$(go env GOROOT)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
version="$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')"
echo "compiling std with -d=defer (Go ${version})..."
(cd "${goroot}/src" && GOTOOLCHAIN=local GOFLAGS='' go build -a -gcflags=-d=defer std) > "${work}/compiler.txt" 2>&1 || {
	tail -20 "${work}/compiler.txt"
	die "go build std failed"
}
GOOS="$(go env GOOS)" GOARCH="$(go env GOARCH)" "${bin}" --no-config --list-defers --format json --go-version "${version}" --exclude '**/*_test.go' "${goroot}/src" > "${work}/ours.jsonl"
python3 - "${work}/compiler.txt" "${work}/ours.jsonl" "${goroot}/src/" "${min}" <<'PY'
import json, re, sys
compiler, ours_path, prefix, minimum = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
names = {"open-coded": "open-coded", "stack-allocated": "stack", "heap-allocated": "heap"}
theirs = {}
for line in open(compiler):
    m = re.match(r"^(\S+):(\d+):(\d+): (open-coded|stack-allocated|heap-allocated) defer$", line.strip())
    if m:
        path = m.group(1).removeprefix("./")
        if path.startswith("vendor/") or "/vendor/" in path:
            continue  # the tool skips vendor/ by default
        theirs[f"{path}:{m.group(2)}:{m.group(3)}"] = names[m.group(4)]
files = {k.rsplit(":", 2)[0] for k in theirs}
ours = {}
for line in open(ours_path):
    r = json.loads(line)
    path = r["path"].removeprefix(prefix)
    if path in files:
        ours[f"{path}:{r['line']}:{r['column']}"] = r["regime"]
sites = sorted(set(ours) | set(theirs))
# The compiler prints nothing for a defer it removed: that is its "removed".
agree = sum(1 for k in sites if ours.get(k) == theirs.get(k, "removed"))
for k in sites:
    if ours.get(k) != theirs.get(k, "removed"):
        print(f"  differs: {k}: tool says {ours.get(k) or 'no defer'}, compiler says {theirs.get(k) or 'nothing (removed)'}")
compiled = [k for k in sites if k in theirs]
agree_compiled = sum(1 for k in compiled if ours.get(k) == theirs[k])
removed = sum(1 for k in sites if ours.get(k) == "removed" and k not in theirs)
pct = 100.0 * agree / max(len(sites), 1)
print(f"defer regimes: {agree} of {len(sites)} sites agree with the compiler ({pct:.2f}%); "
      f"{agree_compiled} of {len(compiled)} compiled sites "
      f"({100.0 * agree_compiled / max(len(compiled), 1):.2f}%), {removed} removed by the compiler as the tool predicted")
sys.exit(0 if pct >= minimum else 1)
PY
