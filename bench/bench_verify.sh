#!/bin/sh
# bench_verify.sh — `verify` of a 10k-subscriber wave against the sandbox
# with 50 ms latency and a server rate limit of R requests/s: achieved
# requests/s ÷ R (goal ≥ 0.9, the same as the load), so that reading a wave
# back costs what loading it did. The wave is loaded first (not measured).
#
# Env: BWM (binary), BWM_ROOT, BENCH_OUT; R (default 200).
set -u
R=${R:-200}
ROOT=${BWM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${BENCH_OUT:-/tmp}/verify
rm -rf "$OUT"
mkdir -p "$OUT"

. "$ROOT/bench/lib.sh"
bench_token
bench_sandbox --latency-ms 50 --rate "$R"

echo "## verify"
echo
python3 "$ROOT/tests/fixtures/load/mkplan.py" 10 10 100 >"$OUT/plan10k.jsonl"
"$BWM" load -q -j 16 --rate "$R" --api "$URL/v1" --journal "$OUT/j" "$OUT/plan10k.jsonl" \
	>/dev/null 2>"$OUT/load.err" || true
"$BWM" verify -q -j 16 --rate "$R" --api "$URL/v1" --journal "$OUT/j" --report "$OUT/rep" \
	"$OUT/plan10k.jsonl" >"$OUT/verify.out" 2>"$OUT/verify.err"
rc=$?
req=$(json "$OUT/rep/verify.json" "d['summary']['requests']")
secs=$(json "$OUT/rep/verify.json" "round(d['summary']['elapsed_s'], 1)")
rps=$(json "$OUT/rep/verify.json" "round(d['summary']['requests'] / d['summary']['elapsed_s'], 1)")
ratio=$(json "$OUT/rep/verify.json" "round(d['summary']['requests'] / d['summary']['elapsed_s'] / $R, 3)")
matched=$(json "$OUT/rep/verify.json" "d['summary']['matched']")
n=$(wc -l <"$OUT/plan10k.jsonl")
echo "- verify of a 10k-subscriber wave ($n entries), sandbox 50 ms latency and rate limit R=$R/s, -j 16 --rate $R: $req requests in $secs s, $rps requests/s, **ratio $ratio** (goal ≥ 0.9); $matched matched, exit $rc"
