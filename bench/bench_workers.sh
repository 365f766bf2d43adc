#!/bin/sh
# bench_workers.sh — several load workers on one PostgreSQL journal,
# printed as markdown lines:
#
# 1. N workers (1, 2, 4) on one plan of 5k subscribers against the sandbox
#    with 50 ms latency and a server rate limit of R requests/s, every
#    worker with --rate R (one shared budget): the requests/s the sandbox
#    saw together, from its first request to its last, ÷ R (goal ≥ 0.9).
# 2. The journal's cost per entry: the same plan loaded by one worker into
#    a sandbox with no latency and no limit, journal on SQLite, then on
#    PostgreSQL: wall seconds per entry (the sandbox's work is the same in
#    both, so the difference is the journal's).
#
# PostgreSQL: BWM_TEST_PG_URL (and PGPASSFILE) if set, else a throwaway
# cluster of tests/pg_cluster.sh for the length of the benchmark.
# Env: BWM (binary), BWM_ROOT, BENCH_OUT; R (default 200), USERS_GROUPS
# (customers, default 5: 5 x 10 x 100 users).
set -u
R=${R:-200}
CUST=${USERS_GROUPS:-5}
ROOT=${BWM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${BENCH_OUT:-/tmp}/workers
rm -rf "$OUT"
mkdir -p "$OUT"
. "$ROOT/bench/lib.sh"
bench_token

PG_DIR=""
if [ -z "${BWM_TEST_PG_URL:-}" ]; then
	if env=$(sh "$ROOT/tests/pg_cluster.sh" start 2>"$OUT/pg.err"); then
		eval "$env"
		PG_DIR=$BWM_TEST_PG_DIR
		export PGPASSFILE
	else
		echo "## load workers (PostgreSQL journal)"
		echo
		echo "- n/a: no PostgreSQL server ($(cat "$OUT/pg.err"))"
		exit 0
	fi
fi
stop_all() {
	kill "${SBX:-}" 2>/dev/null; wait "${SBX:-}" 2>/dev/null
	[ -n "$PG_DIR" ] && sh "$ROOT/tests/pg_cluster.sh" stop "$PG_DIR"
}
trap stop_all EXIT

sandbox() { # start a sandbox (options), replacing the one before
	[ -n "${SBX:-}" ] && { kill "$SBX" 2>/dev/null; wait "$SBX" 2>/dev/null; }
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
now() { date +%s.%N; }

python3 "$ROOT/tests/fixtures/load/mkplan.py" "$CUST" 10 100 >"$OUT/plan.jsonl"
n=$(wc -l <"$OUT/plan.jsonl")
users=$((CUST * 1000))

echo "## load workers (PostgreSQL journal)"
echo
for N in 1 2 4; do
	sandbox --latency-ms 50 --rate "$R"
	J="$BWM_TEST_PG_URL&migration=bench_w${N}_$$"
	pids=""
	for w in $(seq 1 "$N"); do
		"$BWM" load -q -j 16 --rate "$R" --api "$URL/v1" --journal "$J" "$OUT/plan.jsonl" \
			>"$OUT/w$N.$w.out" 2>"$OUT/w$N.$w.err" &
		pids="$pids $!"
	done
	fails=0
	for p in $pids; do wait "$p" || fails=$((fails + 1)); done
	curl -s "$URL/_sandbox/state" >"$OUT/state$N.json"
	python3 - "$OUT/state$N.json" "$R" "$N" "$n" "$users" "$fails" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
R, N, n, users, fails = float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6]
c = d["perSecond"]["counts"]
busy = [i for i, k in enumerate(c) if k > 0]
span = busy[-1] - busy[0] + 1 if busy else 1
total = sum(c)
rate = total / span
ok = d["counts"]["subscribers"] == users and not any(d["duplicates"].values())
print(f"- {N} worker{'s' if N > 1 else ''}, {n} entries ({users // 1000}k subscribers), sandbox 50 ms latency and rate limit R={R:.0f}/s, each `-j 16 --rate {R:.0f}` (shared): "
      f"{total} requests in {span} s, {rate:.1f} requests/s together, **ratio {rate / R:.3f}** (goal ≥ 0.9); "
      f"busiest second {max(c) if c else 0}, {d['faults']['throttled']} throttled (429); sandbox {'holds exactly the plan' if ok else 'DIFFERS from the plan'}; {fails} worker(s) exited non-zero")
PY
done

echo
sandbox
for backend in sqlite postgresql; do
	if [ $backend = sqlite ]; then J="$OUT/overhead.journal"; else J="$BWM_TEST_PG_URL&migration=bench_o_$$"; fi
	curl -s -X POST "$URL/_sandbox/reset" -H "Authorization: Bearer $WEBEX_TOKEN" >/dev/null
	t0=$(now)
	"$BWM" load -q -j 16 --api "$URL/v1" --journal "$J" --report "$OUT/o-$backend" "$OUT/plan.jsonl" \
		>/dev/null 2>"$OUT/o-$backend.err"
	rc=$?
	t1=$(now)
	echo "$backend $t0 $t1 $rc" >>"$OUT/overhead.txt"
done
python3 - "$OUT/overhead.txt" "$n" <<'PY'
import sys
rows = {l.split()[0]: l.split()[1:] for l in open(sys.argv[1])}
n = int(sys.argv[2])
ms = {b: (float(v[1]) - float(v[0])) * 1000 / n for b, v in rows.items()}
for b in ("sqlite", "postgresql"):
    v = rows[b]
    print(f"- journal cost, one worker, {n} entries into a sandbox without latency or limit, `-j 16`, journal on {b}: "
          f"{float(v[1]) - float(v[0]):.1f} s wall, **{ms[b]:.3f} ms per entry** (exit {v[2]})")
print(f"- PostgreSQL journal over SQLite: **{ms['postgresql'] - ms['sqlite']:+.3f} ms per entry** "
      f"({ms['postgresql'] / ms['sqlite']:.2f}x the SQLite run's wall time; the server on a local Unix socket: a claim per 64 entries, two state changes per entry, each one statement)")
PY
