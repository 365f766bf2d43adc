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

umask 077
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$OUT/token"
WEBEX_TOKEN=$(cat "$OUT/token")
export WEBEX_TOKEN

"$BWM" sandbox --port 0 -q --latency-ms 50 --rate "$R" >"$OUT/sbx.out" 2>"$OUT/sbx.err" &
SBX=$!
trap 'kill $SBX 2>/dev/null; wait $SBX 2>/dev/null' EXIT
URL=""
i=0
while [ -z "$URL" ] && [ $i -lt 100 ]; do
	sleep 0.1
	URL=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$OUT/sbx.out")
	i=$((i + 1))
done

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null || echo n/a; }

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
