# load_workers.sh — four load workers on one 20k-subscriber plan and one
# PostgreSQL journal, under the sandbox's fault mix; two of them are killed
# with kill -9 at random moments and the two survivors finish the plan:
# the sandbox holds exactly the plan with no duplicate, every entry is done
# once, and the workers' combined send rate never passes the one --rate
# they share (the sandbox counts the requests that arrive each second).
#
# Needs the throwaway PostgreSQL server tests/run.sh starts
# (BWM_TEST_PG_URL); without one it prints "# skipped". About 90 s.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

if [ -z "${BWM_TEST_PG_URL:-}" ]; then
	echo "# skipped: no PostgreSQL server (BWM_TEST_PG_URL; tests/run.sh starts one)"
	exit 0
fi

CAP=${WORKERS_CAP:-300}          # the shared --rate, requests/s
BURST=$(( (CAP + 19) / 20 ))     # what the shared bucket holds: 50 ms of the cap
PLAN="$T/plan20k.jsonl"
python3 "$BWM_ROOT/tests/fixtures/load/mkplan.py" 20 10 100 >"$PLAN"
total=$(wc -l <"$PLAN")
MIG="workers_$$"
J="$BWM_TEST_PG_URL&migration=$MIG"
psql_q() { psql "$BWM_TEST_PG_URL" -Atq -c "SET search_path TO bwm_$MIG" -c "$1"; }

sandbox_start --latency-ms 20 --faults '5xx=5%,429=3%,423=1%,reset=1%,lost=2%' --seed 7 ||
	{ not_ok "sandbox starts"; exit 1; }

requests() { # /v1 requests the sandbox has seen
	curl -s "$SBX_BASE/_sandbox/state" | grep -o '"faults":{"requests":[0-9]*' | sed 's/.*://'
}
rand() { od -An -N2 -tu2 /dev/urandom | awk -v m="$1" '{print $1 % m}'; }

pids=""
for w in 1 2 3 4; do
	# The binary itself (not through bwm()), so that kill -9 reaches it.
	"$BWM" load -q -j 16 --rate "$CAP" --lease 6 --worker-id "test-worker-$w" --api "$SBX_URL" \
		--journal "$J" "$PLAN" >"$T/w$w.out" 2>"$T/w$w.err" &
	pids="$pids $!"
done
set -- $pids
victims="$1 $3"; survivors="$2 $4"

# Two kills at random moments of the run (in requests seen: a quarter of
# the plan's requests is about 5,000).
k1=$((2000 + $(rand 6000))); k2=$((k1 + 2000 + $(rand 6000)))
killed=0
for pair in "$1:$k1" "$3:$k2"; do
	pid=${pair%%:*}; at=${pair#*:}
	n=0
	while [ $n -lt 3000 ] && kill -0 "$pid" 2>/dev/null; do
		[ "$(requests)" -ge "$at" ] && break
		sleep 0.1; n=$((n + 1))
	done
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	echo "# killed worker pid $pid after $(requests) requests"
done
check_eq "two workers were killed mid-run" 2 "$killed"

# A survivor that waits forever (an entry nobody takes over) is a failure,
# not a hang: after 15 minutes they are stopped.
( sleep 900 & nap=$!; trap 'kill $nap; exit 0' TERM; wait $nap; kill $survivors 2>/dev/null ) &
watchdog=$!
rcs=""
for pid in $survivors; do
	wait "$pid"; rcs="$rcs $?"
done
kill "$watchdog" 2>/dev/null
check_eq "the two survivors finish the plan (exit 0 each)" " 0 0" "$rcs"
check_eq "the sandbox holds exactly the plan, no duplicates" ok "$(plan_vs_sandbox "$PLAN")"

bwm status --json --journal "$J" >"$T/status.json"
check_eq "every entry of the shared journal is done" "$total" "$(jget "$T/status.json" "d['states']['done']")"
check_eq "every entry was brought to done once" "$total:$total" \
	"$(psql_q "SELECT count(*) || ':' || count(DISTINCT (kind, key)) FROM events WHERE to_state = 'done'")"
check_eq "no entry is left with a lease or unfinished" 0 \
	"$(psql_q "SELECT count(*) FROM entries WHERE state <> 'done' OR lease_until IS NOT NULL")"
check_eq "status lists the four workers, the survivors finished" "4 finished=2" \
	"$(jget "$T/status.json" "'%d finished=%d' % (len(d['workers']), sum(w['status'] == 'finished' for w in d['workers']))")"
check_eq "the workers' done counts add up to the plan" "$total" \
	"$(jget "$T/status.json" "sum(w['done'] for w in d['workers'])")"
echo "# adopted or looked up after a kill: $(psql_q "SELECT count(*) FROM events WHERE message LIKE 'adopted%' OR message = 'looking up'")"

# The shared cap, as the sandbox saw it. The shared bucket lets through at
# most CAP x T + BURST requests in any T seconds; the sandbox counts a
# request in the second it arrived, and on a busy machine arrivals bunch
# by up to ~100 ms. So: any 5 seconds hold at most 5 x CAP + BURST + CAP/10
# (3 % over the cap; four uncoordinated workers would send 4 x CAP).
curl -s "$SBX_BASE/_sandbox/state" >"$T/state.json"
python3 - "$T/state.json" "$CAP" "$BURST" >"$T/rate.txt" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["perSecond"]["counts"]
cap, burst = int(sys.argv[2]), int(sys.argv[3])
limit = 5 * cap + burst + cap // 10
worst = max(sum(c[i:i + 5]) for i in range(max(1, len(c) - 4)))
busy = [n for n in c if n > cap // 2]
print("ok" if worst <= limit else f"five seconds held {worst} requests > {limit}")
print(f"# per-second max {max(c)}, five-second max {worst} (limit {limit}), {len(busy)} busy seconds, mean of busy seconds {sum(busy) / max(1, len(busy)):.1f} (cap {cap})")
PY
check_eq "the combined send rate never passes the shared cap of $CAP/s" ok "$(head -1 "$T/rate.txt")"
sed -n 2p "$T/rate.txt"
sandbox_stop
