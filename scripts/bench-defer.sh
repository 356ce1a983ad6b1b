#!/usr/bin/env bash
# The defer benchmarks of examples/bench, in one command.
#
#   scripts/bench-defer.sh           check the regimes, then benchmark (-count 6)
#   scripts/bench-defer.sh --check   only compile, check the regimes and run the
#                                    equivalence test (about 10 s; no timing)
#
# First, `go build -gcflags='-d=defer -m'` must put every `// regime: R` defer of
# examples/bench/regimes.go in regime R (open-coded, stack, heap) and inline
# exactly the functions marked `// inline: yes`; otherwise the script fails, since
# the benchmark would measure something else. Then TestFormsAgree checks that the
# defer and explicit forms compute the same thing. Then `go test -bench` runs
# COUNT times (default 6) and benchstat (installed at a pinned version into
# a temporary GOBIN; needs the Go module proxy) prints the medians; the raw output
# is kept in BENCH_OUT (default: a temporary file, path printed).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
setup_go
BENCHSTAT_VERSION="v0.0.0-20260908200009-22c9c6c9d4da"
count="${COUNT:-6}"
mode="${1:-bench}"
cd "${GDR_ROOT}/examples/bench"

step "regimes and inlining, as the compiler decides them ($(go env GOVERSION))"
compiler="$(mktemp)"
trap 'rm -f "${compiler}"' EXIT
go build -gcflags='-d=defer -m' . >"${compiler}" 2>&1 || {
	cat "${compiler}"
	die "go build failed"
}
python3 - "${compiler}" regimes.go <<'PY' || die "a benchmark is not in the regime it claims (see above)"
import re, sys
out, src = sys.argv[1], sys.argv[2]
names = {"open-coded": "open-coded", "stack-allocated": "stack", "heap-allocated": "heap"}
got, inlinable = {}, set()
for line in open(out):
    m = re.match(r"^\./regimes\.go:(\d+):(\d+): (open-coded|stack-allocated|heap-allocated) defer$", line.strip())
    if m:
        got[int(m.group(1))] = names[m.group(3)]
    m = re.match(r"^\./regimes\.go:(\d+):\d+: can inline (\S+)", line.strip())
    if m:
        inlinable.add(int(m.group(1)))
bad = checked = 0
want_inline = None
for n, text in enumerate(open(src), 1):
    m = re.search(r"defer .*// regime: (\S+)", text)
    if m:
        checked += 1
        if got.get(n) != m.group(1):
            bad += 1
            print(f"  regimes.go:{n}: wants {m.group(1)}, the compiler says {got.get(n, 'nothing')}")
    m = re.match(r"^// inline: (yes|no)", text)
    if m:
        want_inline = m.group(1) == "yes"
    elif want_inline is not None and text.startswith("func "):
        checked += 1
        if (n in inlinable) != want_inline:
            bad += 1
            print(f"  regimes.go:{n}: wants inline: {'yes' if want_inline else 'no'}, the compiler disagrees")
        want_inline = None
print(f"checked {checked} defers and functions: {checked - bad} as intended")
sys.exit(1 if bad or checked == 0 else 0)
PY

step "the defer and explicit forms agree"
go test -count=1 -run 'TestFormsAgree' .

if [[ "${mode}" == "--check" ]]; then
	exit 0
fi

step "benchmarks (-count ${count})"
raw="${BENCH_OUT:-$(mktemp --suffix=.bench.txt)}"
go test -run '^$' -bench . -benchmem -count "${count}" . | tee "${raw}"

step "benchstat ${BENCHSTAT_VERSION}"
gobin="$(mktemp -d)"
GOBIN="${gobin}" GOPROXY="${BENCH_GOPROXY:-https://proxy.golang.org}" GOFLAGS=-mod=mod \
	go install "golang.org/x/perf/cmd/benchstat@${BENCHSTAT_VERSION}"
"${gobin}/benchstat" "${raw}"
rm -rf "${gobin}"
echo "raw results: ${raw}"
