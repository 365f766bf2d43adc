#!/bin/sh
# scale.sh — the scale evidence of issue 6: a generated 100k-user,
# 200-enterprise export goes end to end (extract, transform with
# samples/partner.json, load) into a sandbox with faults on; the load is
# killed with SIGKILL three times at random points of its progress and
# resumed each time,
# then finishes; the sandbox must then hold exactly the plan's customers,
# subscribers, locations and numbers, with zero duplicates.
#
#   sh tests/scale/scale.sh BUILD          (or: make check-scale)
#
# Env: USERS (100000), ENTERPRISES (200), SEED (7), KILLS (3),
#      FAULTS ('latency=5±3,429=0.1%,5xx=3%,reset=1%,lost=1%'), JOBS (16),
#      SCALE_OUT (scratch folder, default tests/out/scale).
# Prints one line per stage (seconds, peak RSS in MiB) as markdown and exits
# non-zero when the sandbox does not hold exactly the plan. Not part of
# `make check`: it takes minutes.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BWM="$ROOT/$BUILD/bwmigrate"
GEN="$ROOT/$BUILD/gen_bundle"
USERS=${USERS:-100000}
ENTERPRISES=${ENTERPRISES:-200}
SEED=${SEED:-7}
KILLS=${KILLS:-3}
JOBS=${JOBS:-16}
# 429=0.1% keeps the recorded runs comparable; 2% is fine since the load
# stopped treating sparse 429s as dense (docs/load.md).
FAULTS=${FAULTS:-'latency=5±3,429=0.1%,5xx=3%,reset=1%,lost=1%'}
OUT=${SCALE_OUT:-$ROOT/tests/out/scale}
for f in "$BWM" "$GEN"; do
	[ -x "$f" ] || { echo "scale: $f missing; run make BUILD=$BUILD tests" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "scale: /usr/bin/time missing (Debian package time)" >&2; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT"
umask 077
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$OUT/token"
WEBEX_TOKEN=$(cat "$OUT/token")
export WEBEX_TOKEN

# timed NAME COMMAND...: run under /usr/bin/time -v, print a markdown line.
timed() {
	name=$1; shift
	/usr/bin/time -v -o "$OUT/$name.time" "$@"
	rc=$?
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$OUT/$name.time")
	kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$name.time")
	echo "| $name | $secs | $((kib / 1024)) | $rc |"
	return $rc
}

SBX=""
cleanup() { [ -n "$SBX" ] && kill "$SBX" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM     # exit runs the EXIT trap; do not carry on

echo "scale: $USERS users, $ENTERPRISES enterprises, faults '$FAULTS', seed $SEED, $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| stage | seconds | peak MiB | exit |"
echo "| --- | --- | --- | --- |"
timed generate "$GEN" -u "$USERS" -e "$ENTERPRISES" --seed "$SEED" -o "$OUT/export.xml" || exit 1
timed extract "$BWM" extract -q -o "$OUT/inventory.jsonl" "$OUT/export.xml"
[ $? -le 1 ] || exit 1
timed transform "$BWM" transform -q -p "$ROOT/samples/partner.json" --batch-size 50 \
	--report "$OUT/transform" -o "$OUT/plan.jsonl" "$OUT/inventory.jsonl"
[ $? -le 1 ] || exit 1

"$BWM" sandbox -q --port 0 --faults "$FAULTS" --seed "$SEED" --provision-delay-ms 50 \
	>"$OUT/sandbox.out" 2>"$OUT/sandbox.err" &
SBX=$!
BASE=""
i=0
while [ -z "$BASE" ] && [ $i -lt 100 ]; do
	sleep 0.1
	BASE=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$OUT/sandbox.out")
	i=$((i + 1))
done
[ -n "$BASE" ] || { echo "scale: the sandbox did not start" >&2; cat "$OUT/sandbox.err" >&2; exit 1; }

# Kill points: kill k lands at a number of journaled `done` entries drawn
# from the seed in the k-th of KILLS equal slices of 10–90% of the plan, so
# every kill hits a load in full flight whatever the machine's speed (a
# failing run can be repeated with the same SEED and the same awk). The journal is polled
# every 0.1 s (WAL: reading does not disturb the load). The load runs under
# time -v, so the kill goes to the bwmigrate child. A run that ends before
# its kill point leaves the evidence incomplete: the script then fails.
total=$(wc -l <"$OUT/plan.jsonl")
missed=0
k=1
while [ $k -le "$KILLS" ]; do
	target=$(awk -v s="$SEED" -v k="$k" -v n="$KILLS" -v t="$total" \
		'BEGIN { srand(s * 100 + k); lo = 0.1 + 0.8 * (k - 1) / n;
			 printf "%d", t * (lo + rand() * 0.8 / n) }')
	start=$(date +%s.%N)
	/usr/bin/time -v -o "$OUT/load-killed-$k.time" "$BWM" load -q -j "$JOBS" --api "$BASE/v1" \
		--journal "$OUT/plan.journal" --report "$OUT/load-killed-$k" "$OUT/plan.jsonl" \
		2>"$OUT/load-killed-$k.err" &
	tpid=$!
	killed=0
	while kill -0 "$tpid" 2>/dev/null; do
		ndone=0
		if [ -s "$OUT/plan.journal" ]; then   # -readonly: never create it
			ndone=$(sqlite3 -readonly "$OUT/plan.journal" \
				"SELECT count(*) FROM entries WHERE state='done'" 2>/dev/null || echo 0)
		fi
		# the target may be met before time(1) has started the load: wait for it
		lpid=$(pgrep -P "$tpid" -x bwmigrate)
		if [ "${ndone:-0}" -ge "$target" ] && [ -n "$lpid" ]; then
			kill -9 "$lpid"
			killed=1
			break
		fi
		sleep 0.1
	done
	wait "$tpid" 2>/dev/null
	status=$?
	at=$(echo "$(date +%s.%N) - $start" | bc -l)
	kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/load-killed-$k.time")
	ndone=$(sqlite3 "$OUT/plan.journal" "SELECT count(*) FROM entries WHERE state='done'" \
		2>/dev/null || echo "?")
	if [ $killed = 1 ]; then
		printf '| load, kill -9 no. %s at %s entries done (target %s) | %.1f | %s | 137 |\n' \
			"$k" "$ndone" "$target" "$at" "$((${kib:-0} / 1024))"
	else
		missed=$((missed + 1))
		printf '| load run %s ended (exit %s, %s entries done) before its kill point (%s) | %.1f | %s | %s |\n' \
			"$k" "$status" "$ndone" "$target" "$at" "$((${kib:-0} / 1024))" "$status"
	fi
	k=$((k + 1))
done
timed load-resume-to-end "$BWM" load -q -j "$JOBS" --api "$BASE/v1" \
	--journal "$OUT/plan.journal" --report "$OUT/load-final" "$OUT/plan.jsonl" 2>"$OUT/load-final.err"
timed load-retry-failed "$BWM" load -q -j "$JOBS" --retry-failed --api "$BASE/v1" \
	--journal "$OUT/plan.journal" --report "$OUT/load-retry" "$OUT/plan.jsonl" 2>"$OUT/load-retry.err"

curl -s -H "Authorization: Bearer $WEBEX_TOKEN" "$BASE/_sandbox/state?items=1" >"$OUT/state.json"
kill "$SBX"; wait "$SBX" 2>/dev/null; SBX=""

echo
python3 - "$OUT/plan.jsonl" "$OUT/state.json" "$OUT/load-retry/run.json" <<'PY'
import json, sys
plan = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
st = json.load(open(sys.argv[2]))
want = {"customers": set(), "subscribers": set(), "locations": set(), "numbers": set()}
blocked = 0
for e in plan:
    if e.get("blocked"):
        blocked += 1
        continue
    b, k = e.get("body", {}), e["kind"]
    if k == "customer":
        want["customers"].add(b["externalId"])
        want["locations"].add(b["externalId"] + "/" + b["provisioningParameters"]["calling"]["location"]["name"])
    elif k == "subscriber":
        want["subscribers"].add(b["email"].lower())
    elif k == "location" and e["request"]["method"] != "LOOKUP":
        want["locations"].add(e["key"].split("/")[0] + "/" + b["name"])
    elif k == "number":
        want["numbers"].update(b["phoneNumbers"])
items = st.get("items", {})
org = {c.get("orgId"): str(c.get("externalId")) for c in items.get("customers", [])}
got = {"customers": [str(i.get("externalId")) for i in items.get("customers", [])],
       "subscribers": [str(i.get("email", "")).lower() for i in items.get("subscribers", [])],
       "locations": [org.get(i.get("orgId"), "?") + "/" + str(i.get("name"))
                     for i in items.get("locations", [])],
       "numbers": [str(i.get("phoneNumber")) for i in items.get("numbers", [])]}
bad = []
for k in want:
    dup = len(got[k]) - len(set(got[k]))
    missing, extra = want[k] - set(got[k]), set(got[k]) - want[k]
    print(f"- {k}: plan {len(want[k])}, sandbox {len(got[k])}, duplicates {dup}, "
          f"missing {len(missing)}, extra {len(extra)}")
    if dup or missing or extra:
        bad.append(k)
dups = st.get("duplicates", {})
print(f"- sandbox duplicate counters: {dups}; plan entries {len(plan)}, blocked {blocked}")
try:
    run = json.load(open(sys.argv[3]))
    print(f"- last run states: {run.get('states')}")
except Exception:
    pass
if any(dups.values()):
    bad.append("duplicates")
print("RESULT: " + ("ok, the sandbox holds exactly the plan" if not bad else "MISMATCH in " + ", ".join(bad)))
sys.exit(1 if bad else 0)
PY
rc=$?
if [ "$missed" -gt 0 ]; then
	echo "RESULT: $missed of $KILLS loads ended before their kill point: the crash evidence is incomplete"
	rc=1
fi
exit $rc
