#!/usr/bin/env bash
# A profile-guided sweep on examples/hot-path, measured (issue #20): profile the
# service's benchmark, rewrite only the defers of the functions the profile says
# are hot, check the rewrite, and benchmark the code before and after.
#
#   scripts/hot-path.sh           the whole run (what scripts/test.sh runs):
#                                 ROUNDS (default 6) interleaved runs of ~1 s of
#                                 each benchmark on each side
#   scripts/hot-path.sh --check   the same steps with short benchmark runs (2
#                                 rounds of 0.2 s)
#
# Steps, all on copies in a temporary directory (the repository is not touched):
# 1. copy examples/hot-path twice: `before` (left as it is) and `after`;
# 2. profile: `go test -run '^$' -bench '^BenchmarkHotPath$' -benchtime
#    PROFILE_BENCHTIME -cpuprofile cpu.pprof` in `after` (its code is still the
#    original; the test binary go test leaves there is removed), and show the
#    profile's cumulative share of the example's functions (`go tool pprof -top
#    -cum`), an account independent of the tool's;
# 3. `go-defer-rewriter --no-config --profile cpu.pprof --hot-threshold
#    HOT_THRESHOLD` on `after` (rewrite mode, in place in the copy), then the
#    same with --mode analyze on `before` without a threshold, for the total;
# 4. check the rewrite: `after` is gofmt-clean, vets, and passes its tests;
#    admin.go (only functions the benchmark never calls) is unchanged, and at
#    least one file changed. Any failure here fails the script, in both modes;
# 5. compile both sides' test binaries (go test -c) and run them alternately,
#    ROUNDS times each: `-test.bench '^Benchmark(HotPath|Cache)$' -test.benchtime
#    BENCHTIME -test.cpu BENCH_CPU`;
# 6. print, per benchmark, the median ns/op before and after, their ratio, and
#    the spread of each side (the largest distance of a run from its median, in
#    % of the median, like benchstat's ±), then how many defers were rewritten
#    out of how many, and the tool's own line on the profile share they cover.
# Speed never fails the script: on a shared 2-core machine the noise is larger
# than what an open-coded defer costs. The medians are computed here (awk), so
# that nothing is downloaded.
#
# Usage: scripts/hot-path.sh [--check]
# Environment:
#   GDR_BIN=path/to/go-defer-rewriter   the binary (default: this workspace's
#                                       release build, built here); it must have
#                                       --profile and --hot-threshold
#   ROUNDS=N                 runs of each side (default 6; --check: 2)
#   BENCHTIME=D              -benchtime of each run (default 1s; --check: 200ms)
#   BENCH_CPU=N              -cpu of the runs (default 1)
#   PROFILE_BENCHTIME=D      -benchtime of the profiled run (default 2s)
#   HOT_THRESHOLD=PCT        --hot-threshold (default 1%)
#   GDR_KEEP_WORK=1          keep the temporary directory and print where
# Durations on 2 cores (Go 1.26, the binary built, warm Go build cache),
# measured on 2026-12-07: the whole run 43 s, --check 8 s (a few seconds more
# with a cold Go build cache).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mode="${1:-run}"
case "${mode}" in
run)
	rounds="${ROUNDS:-6}"
	benchtime="${BENCHTIME:-1s}"
	;;
--check)
	rounds="${ROUNDS:-2}"
	benchtime="${BENCHTIME:-200ms}"
	;;
*)
	echo "usage: scripts/hot-path.sh [--check]" >&2
	exit 2
	;;
esac
bench_cpu="${BENCH_CPU:-1}"
profile_benchtime="${PROFILE_BENCHTIME:-2s}"
threshold="${HOT_THRESHOLD:-1%}"
BENCHES='^Benchmark(HotPath|Cache)$'
EXAMPLE="${GDR_ROOT}/examples/hot-path"

setup_go
find_binary

section "hot path: profile, rewrite the hot part, benchmark before and after"
echo "go:       $(go version)"
echo "machine:  $(uname -sm), $(nproc) cores ($(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "binary:   ${GDR_BIN} ($("${GDR_BIN}" --version))"
echo "runs:     ${rounds} per side, -benchtime ${benchtime} -cpu ${bench_cpu}; profile -benchtime ${profile_benchtime}; --hot-threshold ${threshold}"

help="$("${GDR_BIN}" --help 2>&1)" || die "${GDR_BIN} --help failed"
for flag in --profile --hot-threshold; do
	grep -qE -- "(^|[[:space:],])${flag}([[:space:]=,]|$)" <<<"${help}" ||
		die "this build has no ${flag} (${GDR_BIN}): profile-guided sweeps (issue #20) are not in it; build one that has them, or point GDR_BIN at it"
done

WORK="$(mktemp -d)"
if [[ "${GDR_KEEP_WORK:-}" == 1 ]]; then
	trap 'echo "work directory kept: ${WORK}"' EXIT
else
	trap 'rm -rf "${WORK}"' EXIT
fi
cp -a "${EXAMPLE}" "${WORK}/before"
cp -a "${EXAMPLE}" "${WORK}/after"
rm -f "${WORK}"/{before,after}/*.pprof "${WORK}"/{before,after}/*.test

step "profile: BenchmarkHotPath, -benchtime ${profile_benchtime}"
(cd "${WORK}/after" && go test -run '^$' -bench '^BenchmarkHotPath$' -benchtime "${profile_benchtime}" \
	-cpu "${bench_cpu}" -cpuprofile "${WORK}/cpu.pprof" .) >"${WORK}/profile.log" 2>&1 || {
	show_log "go test -cpuprofile" "${WORK}/profile.log"
	die "profiling the benchmark failed"
}
rm -f "${WORK}/after/"*.test
grep -E '^BenchmarkHotPath' "${WORK}/profile.log" || true
[[ -s "${WORK}/cpu.pprof" ]] || die "go test wrote no profile"
# pprof's own account: the cumulative share of the example's functions.
if go tool pprof -top -cum -nodecount=300 -nodefraction=0 -edgefraction=0 "${WORK}/cpu.pprof" >"${WORK}/pprof.txt" 2>&1; then
	echo "the example's functions in the profile (go tool pprof -top -cum; flat%, cum%):"
	awk '$6 ~ /^example\.com\/hotpath\./ { printf "  %7s %7s  %s\n", $2, $5, $6 }' "${WORK}/pprof.txt"
else
	show_log "go tool pprof" "${WORK}/pprof.txt" 20
	echo "(go tool pprof failed: no independent account of the profile)"
fi

step "go-defer-rewriter --profile cpu.pprof --hot-threshold ${threshold} (rewrite the copy)"
run_tool "${WORK}/all" --mode analyze --no-config --format concise "${WORK}/before"
all_summary="$(tool_summary "${WORK}/all")"
run_tool "${WORK}/rewrite" --no-config --format concise --profile "${WORK}/cpu.pprof" \
	--hot-threshold "${threshold}" "${WORK}/after"
summary="$(tool_summary "${WORK}/rewrite")"
sed "s#${WORK}/after/##" "${WORK}/rewrite.out"
echo "without a profile: ${all_summary}"
echo "with the profile:  ${summary}"

step "the rewrite builds, vets and passes its tests"
git diff --no-index --stat "${WORK}/before" "${WORK}/after" | sed "s#${WORK}/##g" || true
changed="$(git diff --no-index --name-only "${WORK}/before" "${WORK}/after" | wc -l)" || true
[[ "${changed}" -gt 0 ]] || die "the profile-guided rewrite changed nothing (summary: ${summary})"
cmp -s "${WORK}/before/admin.go" "${WORK}/after/admin.go" ||
	die "admin.go changed: its functions are never called by the benchmark, so they are cold and must be left as they are"
unformatted="$(cd "${WORK}/after" && gofmt -l .)"
[[ -z "${unformatted}" ]] || die "the rewrite is not gofmt-clean: ${unformatted}"
(cd "${WORK}/after" && go vet . && go test -count=1 .) >"${WORK}/check.log" 2>&1 || {
	show_log "go vet, go test" "${WORK}/check.log"
	die "the rewritten copy does not vet or pass its tests"
}
cat "${WORK}/check.log"

step "compile the benchmarks (go test -c)"
for side in before after; do
	(cd "${WORK}/${side}" && go test -c -o "${WORK}/${side}.test" .) >"${WORK}/build-${side}.log" 2>&1 || {
		show_log "go test -c (${side})" "${WORK}/build-${side}.log"
		die "compiling the ${side} benchmark failed"
	}
done

step "benchmarks: ${rounds} rounds, before and after alternately"
: >"${WORK}/before.txt"
: >"${WORK}/after.txt"
for ((i = 1; i <= rounds; i++)); do
	for side in before after; do
		(cd "${WORK}/${side}" && "${WORK}/${side}.test" -test.run '^$' -test.bench "${BENCHES}" \
			-test.benchtime "${benchtime}" -test.cpu "${bench_cpu}" -test.benchmem) >"${WORK}/run.txt" 2>&1 || {
			cat "${WORK}/run.txt"
			die "the ${side} benchmark failed"
		}
		grep -E '^Benchmark' "${WORK}/run.txt" >>"${WORK}/${side}.txt"
		printf '  round %s %-6s %s\n' "${i}" "${side}" \
			"$(awk '/^Benchmark/ { sub(/-[0-9]+$/, "", $1); sub(/^Benchmark/, "", $1); printf "%s %s ns/op  ", $1, $3 }' "${WORK}/run.txt" 2>/dev/null)"
	done
done

section "before / after (medians of ${rounds} runs, -benchtime ${benchtime} -cpu ${bench_cpu}; $(go env GOVERSION), $(nproc) cores)"
# stats FILE: per benchmark, "name median spread% min max allocs" (allocs: the median allocs/op).
stats() {
	awk '
		{
			name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
			n[name]++; v[name, n[name]] = $3
			for (f = 4; f <= NF; f++) if ($f == "allocs/op") a[name, n[name]] = $(f - 1)
			if (!(name in seen)) { seen[name] = 1; order[++k] = name }
		}
		function median(arr, m,   i, j, t, x) {
			for (i = 1; i <= m; i++) x[i] = arr[i]
			for (i = 2; i <= m; i++) for (j = i; j > 1 && x[j - 1] > x[j]; j--) { t = x[j]; x[j] = x[j - 1]; x[j - 1] = t }
			return (m % 2) ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2
		}
		END {
			for (q = 1; q <= k; q++) {
				name = order[q]; m = n[name]
				delete xs; delete as
				lo = hi = v[name, 1]
				for (i = 1; i <= m; i++) {
					xs[i] = v[name, i] + 0; as[i] = a[name, i] + 0
					if (xs[i] < lo) lo = xs[i]
					if (xs[i] > hi) hi = xs[i]
				}
				med = median(xs, m)
				dev = (hi - med > med - lo) ? hi - med : med - lo
				printf "%s %.6g %.1f %.6g %.6g %g\n", name, med, (med > 0 ? 100 * dev / med : 0), lo, hi, median(as, m)
			}
		}' "$1"
}
stats "${WORK}/before.txt" | LC_ALL=C sort >"${WORK}/before.stats"
stats "${WORK}/after.txt" | LC_ALL=C sort >"${WORK}/after.stats"
if [[ "${mode}" == --check ]]; then
	echo "(--check: a few short runs, to see that the benchmarks run; not a measurement)"
fi
printf '%-10s %22s %22s %13s %8s  %s\n' benchmark "before ns/op" "after ns/op" "after/before" delta "allocs/op before, after"
LC_ALL=C join "${WORK}/before.stats" "${WORK}/after.stats" | while read -r name bm bs blo bhi ba am as alo ahi aa; do
	awk -v name="${name}" -v bm="${bm}" -v bs="${bs}" -v blo="${blo}" -v bhi="${bhi}" -v ba="${ba}" \
		-v am="${am}" -v as="${as}" -v alo="${alo}" -v ahi="${ahi}" -v aa="${aa}" 'BEGIN {
		noise = (alo <= bhi && blo <= ahi) ? "ranges overlap: noise" : "ranges disjoint"
		printf "%-10s %13.1f ± %4.1f%% %13.1f ± %4.1f%% %13.3f %+7.1f%%  %g, %g  (%s)\n",
			name, bm, bs, am, as, am / bm, 100 * (am / bm - 1), ba, aa, noise
	}'
done

# The counts, from the tool's summary lines (wording parsed defensively).
read -r safe unsafe <<<"$(summary_fixes "${summary}")"
read -r all_safe all_unsafe <<<"$(summary_fixes "${all_summary}")"
defers="$(summary_defers "${summary}")"
cold="$(grep -oE '[0-9]+ cold' <<<"${summary}" | head -n 1 | cut -d' ' -f1)" || true
share="$(tr ';' '\n' <<<"${summary}" | grep -iE 'profile|sample' | sed -E 's/^[[:space:]]+//' | head -n 1)" || true
pct="$(grep -oE '[0-9]+(\.[0-9]+)?[[:space:]]?%' <<<"${share}" | head -n 1)" || true
echo
echo "defers in the example:   ${defers}"
echo "rewritten (hot):         ${safe} (${safe} safe, ${unsafe} unsafe) of ${defers}; without a profile the tool would rewrite ${all_safe} safe (${all_unsafe} more with --unsafe-fixes)"
echo "left as cold:            ${cold:-? (no \"N cold\" in the summary)}"
echo "profile share covered:   ${pct:-?}  (the tool: \"${share:-no profile clause in the summary}\")"
echo "summary line:            ${summary}"
echo
echo "hot-path.sh: done in ${SECONDS}s"
