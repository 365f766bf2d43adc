#!/bin/sh
# bench_memory.sh — peak memory of `load` as the plan grows (goal: ≤ 200 MiB
# peak RSS for a 1M-entry plan), printed as markdown lines. Measured with
# /usr/bin/time -v:
#
# 1. --dry-run of a 1M-entry plan (mkplan.py 100 10 1000: 100 customers,
#    1,000 locations and number entries, 1M subscribers; 100 batches).
# 2. A live run of that plan's first batch against the sandbox: all 1M
#    entries indexed and journaled, 10k of them sent.
# 3. A live run of a whole 100k-entry plan against the sandbox (every entry
#    created, every remote id journaled).
#
# Env: BWM (binary), BWM_ROOT, BENCH_OUT; MEM_CUSTOMERS (default 100,
# 10,000 subscribers each), MEM_FULL_CUSTOMERS (default 10).
set -u
ROOT=${BWM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${BENCH_OUT:-/tmp}/memory
NC=${MEM_CUSTOMERS:-100}
NF=${MEM_FULL_CUSTOMERS:-10}
rm -rf "$OUT"
mkdir -p "$OUT"
MKPLAN="$ROOT/tests/fixtures/load/mkplan.py"
umask 077
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$OUT/token"
WEBEX_TOKEN=$(cat "$OUT/token")
export WEBEX_TOKEN

start_sandbox() {
	"$BWM" sandbox --port 0 -q "$@" >"$OUT/sbx.out" 2>"$OUT/sbx.err" &
	SBX=$!
	URL=""
	i=0
	while [ -z "$URL" ] && [ $i -lt 100 ]; do
		sleep 0.1
		URL=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$OUT/sbx.out")
		i=$((i + 1))
	done
}

stop_sandbox() {
	kill "$SBX" 2>/dev/null || true
	wait "$SBX" 2>/dev/null || true
}

# peak FILE: "N MiB" from a /usr/bin/time -v report.
peak() {
	awk -F: '/Maximum resident set size/ {printf "%.0f MiB", $2 / 1024}' "$1"
}
wall() {
	awk '/Elapsed \(wall clock\)/ {print $NF}' "$1"
}

echo "## load memory"
echo

python3 "$MKPLAN" "$NC" 10 1000 --batches="$NC" >"$OUT/plan.jsonl"
n=$(wc -l <"$OUT/plan.jsonl")
/usr/bin/time -v "$BWM" load -q --dry-run --report "$OUT/dry" "$OUT/plan.jsonl" \
	>/dev/null 2>"$OUT/dry.time"
echo "- dry-run of a $n-entry plan: **$(peak "$OUT/dry.time")** peak RSS (goal ≤ 200 MiB), $(wall "$OUT/dry.time") wall"

start_sandbox
/usr/bin/time -v "$BWM" load -q -j 16 --batch wave1 --api "$URL/v1" --journal "$OUT/live.journal" \
	--report "$OUT/live" "$OUT/plan.jsonl" >/dev/null 2>"$OUT/live.time"
stop_sandbox
done_n=$(python3 -c "import json; print(json.load(open('$OUT/live/run.json'))['states']['done'])" 2>/dev/null || echo n/a)
echo "- live run of batch wave1 of the same plan (all $n entries indexed and journaled, $done_n done): **$(peak "$OUT/live.time")** peak RSS, $(wall "$OUT/live.time") wall"
rm -f "$OUT/plan.jsonl" "$OUT"/live.journal* "$OUT/dry/requests.jsonl"

python3 "$MKPLAN" "$NF" 10 1000 >"$OUT/full.jsonl"
n=$(wc -l <"$OUT/full.jsonl")
start_sandbox
/usr/bin/time -v "$BWM" load -q -j 16 --api "$URL/v1" --journal "$OUT/full.journal" \
	--report "$OUT/full" "$OUT/full.jsonl" >/dev/null 2>"$OUT/full.time"
stop_sandbox
done_n=$(python3 -c "import json; print(json.load(open('$OUT/full/run.json'))['states']['done'])" 2>/dev/null || echo n/a)
echo "- live run of a whole $n-entry plan ($done_n done, every remote id journaled): **$(peak "$OUT/full.time")** peak RSS, $(wall "$OUT/full.time") wall"
