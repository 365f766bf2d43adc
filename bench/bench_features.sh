#!/bin/sh
# bench_features.sh — load rate with call features in the plan: 4,000
# subscribers with, per 20 of a location, a hunt group (20 agents), a call
# park and a call pickup (tests/fixtures/load/addfeatures.py), against the
# sandbox with 50 ms latency and a rate limit of R requests/s, -j 16 and the
# client cap --rate R: achieved requests/s ÷ R (goal ≥ 0.9).
#
# Env: BWM (binary), BWM_ROOT, BENCH_OUT; R (default 200).
set -u
R=${R:-200}
ROOT=${BWM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${BENCH_OUT:-/tmp}/features
rm -rf "$OUT"
mkdir -p "$OUT"

. "$ROOT/bench/lib.sh"
bench_token
bench_sandbox --latency-ms 50 --rate "$R"

echo "## load with call features"
echo
python3 "$ROOT/tests/fixtures/load/mkplan.py" 4 10 100 >"$OUT/base.jsonl"
python3 "$ROOT/tests/fixtures/load/addfeatures.py" "$OUT/base.jsonl" >"$OUT/plan.jsonl"
n=$(wc -l <"$OUT/plan.jsonl")
f=$(grep -c '"kind":"\(hunt_group\|call_park\|call_pickup\)"' "$OUT/plan.jsonl")
"$BWM" load -q -j 16 --rate "$R" --api "$URL/v1" --journal "$OUT/j" --report "$OUT/run" \
	"$OUT/plan.jsonl" >/dev/null 2>"$OUT/load.err"
rc=$?
rps=$(json "$OUT/run/run.json" "round(d['requests_per_s'], 1)")
ratio=$(json "$OUT/run/run.json" "round(d['requests_per_s'] / $R, 3)")
done_n=$(json "$OUT/run/run.json" "d['states']['done']")
echo "- load of $n entries ($f call features: hunt groups of 20 agents, call parks, call pickups), sandbox 50 ms latency and rate limit R=$R/s, -j 16 --rate $R: $rps requests/s, **ratio $ratio** (goal ≥ 0.9); $done_n done, exit $rc"
