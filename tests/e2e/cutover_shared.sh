# cutover_shared.sh — `bwmigrate cutover` on a shared PostgreSQL journal:
# the wave cuts over with exit 0 and every entry done, its steps are kept
# in the journal (--until, then the same command skips the done steps),
# cutover.json and cutover.html list the load workers, a load worker of
# another terminal may work on the same wave meanwhile, a second
# cutover of the same wave is refused with exit 2 while one runs, and a
# cutover killed with -9 leaves no lock behind.
#
# Needs the throwaway PostgreSQL server tests/run.sh starts
# (BWM_TEST_PG_URL); without one it prints "# skipped".
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

if [ -z "${BWM_TEST_PG_URL:-}" ]; then
	echo "# skipped: no PostgreSQL server (BWM_TEST_PG_URL; tests/run.sh starts one)"
	exit 0
fi

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
MIG="cut_$$"
J="$BWM_TEST_PG_URL&migration=$MIG"
psql_q() { psql "$BWM_TEST_PG_URL" -Atq -c "SET search_path TO bwm_$MIG" -c "$1"; }
wave1=$(grep -c '"batch":"wave1"' "$PLAN")

# --- --until load, then the same command finishes the wave.
sandbox_start --latency-ms 5 || { not_ok "sandbox starts"; exit 1; }
bwm cutover --batch wave1 --until load --api "$SBX_URL" --journal "$J" --report "$T/rep1" \
	"$PLAN" >"$T/u.out" 2>&1
check_eq "--until load on a shared journal: exit 0" 0 $?
check_eq "precheck and load are recorded ok in the journal" "load ok 1|precheck ok 1" \
	"$(psql_q "SELECT step || ' ' || status || ' ' || runs FROM cutover_steps WHERE batch = 'wave1' ORDER BY step" | paste -sd'|')"
check "no file was written beside the plan" [ ! -e "$PLAN.journal" ] && [ ! -e "$PLAN.journal.cutover" ]
bwm cutover --batch wave1 --api "$SBX_URL" --journal "$J" --report "$T/rep1" "$PLAN" >"$T/r.out" 2>&1
check_eq "the same command finishes the wave (exit 0)" 0 $?
check_grep "it says the load was done before" "^cutover load: ok \(done before\)" "$T/r.out"
check_eq "every step is done, the device move skipped" "ok ok ok skipped" \
	"$(jget "$T/rep1/cutover.json" "' '.join(s['status'] for s in d['steps'])")"
check_eq "the load ran once" 1 "$(jget "$T/rep1/cutover.json" "d['steps'][1]['runs']")"
check_eq "every entry of the wave is done" "$wave1" \
	"$(jget "$T/rep1/cutover.json" "sum(k.get('done', 0) for k in d['counts'].values())")"
check_eq "the journal agrees" "$wave1" \
	"$(psql_q "SELECT count(*) FROM entries WHERE batch = 'wave1' AND state = 'done'")"
check_eq "cutover.json lists the load worker with this host and its entries done" \
	"$(hostname) $wave1 finished" \
	"$(jget "$T/rep1/cutover.json" "' '.join('%s %d %s' % (w['host'], w['done'], w['status']) for w in d['workers'] if w['done'])")"
check_eq "each worker has a pid and a heartbeat" ok \
	"$(jget "$T/rep1/cutover.json" "'ok' if d['workers'] and all(w['pid'] > 0 and w['heartbeat'] for w in d['workers']) else d['workers']")"
check_grep "cutover.html lists the load workers" "<h2>Load workers</h2>" "$T/rep1/cutover.html"
check_grep "cutover.html shows the worker's host" "<td>$(hostname)</td>" "$T/rep1/cutover.html"
sandbox_stop

# --- A second cutover of a running wave is refused; a load worker of
# another terminal joins the same wave; another wave is not locked.
sandbox_start --latency-ms 40 || { not_ok "slow sandbox starts"; exit 1; }
"$BWM" cutover --batch wave2 -j 1 --rate 8 --api "$SBX_URL" --journal "$J" --report "$T/rep2" \
	"$PLAN" >"$T/c1.out" 2>&1 & P=$!
k=0
while [ $k -lt 1200 ] && kill -0 $P 2>/dev/null &&
	[ "$(served POST /v1/wholesale/subscribers/validate)" -lt 1 ]; do
	k=$((k + 1)); sleep 0.05
done
check "the first cutover is running" kill -0 $P
bwm cutover --batch wave2 --api "$SBX_URL" --journal "$J" "$PLAN" >"$T/c2.out" 2>&1
check_eq "a second cutover of the same wave is refused (exit 2)" 2 $?
check_grep "it says another cutover of the wave runs" "another cutover of wave wave2 is running" "$T/c2.out"
bwm cutover --batch wave1 --api "$SBX_URL" --journal "$J" "$PLAN" >"$T/c3.out" 2>&1
check_eq "a cutover of another wave is not held up (exit 0, all done before)" 0 $?
# The helper joins once the cutover's load step creates people: started
# earlier, its subscribers would meet the cutover's precheck as in use.
k=0
while [ $k -lt 1200 ] && kill -0 $P 2>/dev/null &&
	[ "$(served POST /v1/wholesale/subscribers)" -lt 1 ]; do
	k=$((k + 1)); sleep 0.05
done
"$BWM" load -q -j 1 --worker-id helper --batch wave2 --api "$SBX_URL" --journal "$J" "$PLAN" \
	>"$T/h.out" 2>&1 & H=$!
wait $P; rc=$?
wait $H; rh=$?
check_eq "the cutover and the helper worker both end with exit 0" "0 0" "$rc $rh"
check_eq "every entry of wave2 is done" "$(grep -c '"batch":"wave2"' "$PLAN")" \
	"$(psql_q "SELECT count(*) FROM entries WHERE batch = 'wave2' AND state = 'done'")"
check_eq "cutover.json lists the helper worker" 1 \
	"$(jget "$T/rep2/cutover.json" "sum(1 for w in d['workers'] if w['id'] == 'helper')")"
grep '"batch":"wave2"' "$PLAN" >"$T/wave2.jsonl"
check_eq "this sandbox holds exactly wave2, no duplicates" ok "$(plan_vs_sandbox "$T/wave2.jsonl")"

# --- kill -9 during the load: the server let the wave's lock go with the
# process, and the same command continues the recorded steps.
J2="$BWM_TEST_PG_URL&migration=${MIG}_k"
ARGS="cutover --batch wave1 -j 1 --rate 8 --api $SBX_URL --journal $J2 --report $T/rep3 $PLAN"
base=$(served POST /v1/wholesale/subscribers)   # wave2's, on this sandbox
"$BWM" $ARGS >"$T/k1.out" 2>&1 & P=$!
check "killed during the load" kill_when $P POST /v1/wholesale/subscribers $((base + 3))
bwm $ARGS >"$T/k2.out" 2>&1
check_eq "the same command after kill -9 is not locked out and ends with exit 0" 0 $?
check_eq "precheck ran once, the load twice" "1 2" \
	"$(jget "$T/rep3/cutover.json" "'%d %d' % (d['steps'][0]['runs'], d['steps'][1]['runs'])")"
check_eq "every entry of the wave is done" "$wave1" \
	"$(jget "$T/rep3/cutover.json" "sum(k.get('done', 0) for k in d['counts'].values())")"
sandbox_stop
