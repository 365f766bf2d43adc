#!/bin/sh
# bench_load.sh — load benchmarks of design §8, printed as markdown lines:
#
# 1. 10k subscribers (plus their customers, locations and numbers) against
#    the sandbox with 50 ms latency and a server rate limit of R requests/s,
#    journal on: achieved requests/s ÷ R (goal ≥ 0.9). Once with the client
#    cap --rate R, once relying on 429 + Retry-After + AIMD alone.
# 2. Resume of a finished 100k-entry journal: wall time of a `load` that
#    finds everything done (goal < 2 s). The finished journal is written
#    directly (state done, the plan's hashes), which is what a completed
#    run leaves behind; findings must be 0, proving the hashes match.
#
# Env: BWM (binary), BWM_ROOT, BENCH_OUT; R (default 200).
# No set -e: a failed measurement prints n/a instead of stopping the other benchmarks.
set -u
R=${R:-200}
ROOT=${BWM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${BENCH_OUT:-/tmp}/load
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

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null || echo n/a; }

echo "## load"
echo

# 1. Rate: 10 customers x 10 locations x 100 users = 10,000 subscribers.
python3 "$MKPLAN" 10 10 100 >"$OUT/plan10k.jsonl"
n=$(wc -l <"$OUT/plan10k.jsonl")
for variant in client-cap server-only; do
	start_sandbox --latency-ms 50 --rate "$R"
	cap=""
	[ $variant = client-cap ] && cap="--rate $R"
	# shellcheck disable=SC2086
	"$BWM" load -q -j 16 $cap --api "$URL/v1" --journal "$OUT/$variant.journal" \
		--report "$OUT/$variant" "$OUT/plan10k.jsonl" >/dev/null 2>"$OUT/$variant.err" || true
	stop_sandbox
	rps=$(json "$OUT/$variant/run.json" "round(d['requests_per_s'], 1)")
	ratio=$(json "$OUT/$variant/run.json" "round(d['requests_per_s'] / $R, 3)")
	done_n=$(json "$OUT/$variant/run.json" "d['states']['done']")
	thr=$(json "$OUT/$variant/run.json" "d['throttled']")
	echo "- load, $n entries (10k subscribers), sandbox 50 ms latency and rate limit R=$R/s, -j 16, $variant: $rps requests/s, **ratio $ratio** (goal ≥ 0.9); $done_n done, $thr throttled (429)"
done

# 1b. Rate when most entries are call settings: 2,000 subscribers with four
#     user_setting PUTs each (tests/fixtures/load/addsettings.py).
python3 "$MKPLAN" 2 10 100 >"$OUT/plan2k.jsonl"
python3 "$ROOT/tests/fixtures/load/addsettings.py" "$OUT/plan2k.jsonl" >"$OUT/settings.jsonl"
n=$(wc -l <"$OUT/settings.jsonl")
ns=$(grep -c '"kind":"user_setting"' "$OUT/settings.jsonl")
start_sandbox --latency-ms 50 --rate "$R"
"$BWM" load -q -j 16 --rate "$R" --api "$URL/v1" --journal "$OUT/settings.journal" \
	--report "$OUT/settings" "$OUT/settings.jsonl" >/dev/null 2>"$OUT/settings.err" || true
stop_sandbox
rps=$(json "$OUT/settings/run.json" "round(d['requests_per_s'], 1)")
ratio=$(json "$OUT/settings/run.json" "round(d['requests_per_s'] / $R, 3)")
done_n=$(json "$OUT/settings/run.json" "d['states']['done']")
echo "- load, $n entries of which $ns call settings (PUT), sandbox 50 ms latency and rate limit R=$R/s, -j 16, client-cap: $rps requests/s, **ratio $ratio** (goal ≥ 0.9); $done_n done"

# 2. Resume over a finished 100k-entry journal.
python3 "$MKPLAN" 98 10 100 >"$OUT/plan100k.jsonl"
python3 - "$OUT/plan100k.jsonl" "$OUT/done.journal" <<'PY'
import json, sqlite3, sys
def fnv(h, s):
    for b in s.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
def plan_hash(e):
    h = 0xcbf29ce484222325
    for part in ("request", "params", "body"):
        h = fnv(h, part)
        v = e.get(part)
        h = fnv(h, "null" if v is None else json.dumps(v, separators=(",", ":")))
    return "%016x" % h
db = sqlite3.connect(sys.argv[2])
db.executescript("""PRAGMA journal_mode=WAL;
CREATE TABLE entries(seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL,
 batch TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT 'pending',
 attempts INTEGER NOT NULL DEFAULT 0, remote_id TEXT, fields TEXT, hash TEXT,
 last_error TEXT, retryable INTEGER NOT NULL DEFAULT 0,
 http_status INTEGER NOT NULL DEFAULT 0, updated TEXT NOT NULL, UNIQUE(kind, key));
CREATE TABLE events(seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, kind TEXT, key TEXT,
 from_state TEXT, to_state TEXT, http_status INTEGER, message TEXT);""")
rows = []
for i, line in enumerate(open(sys.argv[1])):
    e = json.loads(line)
    f = {"orgId": "ORG%d" % i} if e["kind"] == "customer" else {}
    rows.append((e["kind"], e["key"], e["batch"], "done", 1, "ID%d" % i, json.dumps(f),
                 plan_hash(e), 200, "2026-01-01T00:00:00.000Z"))
db.executemany("INSERT INTO entries(kind,key,batch,state,attempts,remote_id,fields,hash,"
               "http_status,updated) VALUES(?,?,?,?,?,?,?,?,?,?)", rows)
db.commit()
PY
chmod 600 "$OUT/done.journal"
n=$(wc -l <"$OUT/plan100k.jsonl")
t0=$(date +%s.%N)
"$BWM" load -q --api http://127.0.0.1:9/v1 --journal "$OUT/done.journal" --report "$OUT/resume" \
	"$OUT/plan100k.jsonl" >/dev/null 2>"$OUT/resume.err" || true
t1=$(date +%s.%N)
secs=$(python3 -c "print(round($t1 - $t0, 2))")
findings=$(json "$OUT/resume/run.json" "d['findings'].__len__()")
reqs=$(json "$OUT/resume/run.json" "d['requests']")
echo "- resume of a finished journal of $n entries (plan read, hashes compared, report written): **$secs s** (goal < 2 s); $reqs requests, $findings findings"
