# load_safety.sh — the load never sends a create the journal does not know
# about: when the server carries a create out and then closes a kept-alive
# connection without answering (the sandbox's `drop` fault), the HTTP client
# must not send the POST again on its own; the load looks the object up
# first (crash rule), so every POST the sandbox saw is one journaled send.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$T/plan.jsonl"
J="$T/drop.journal"
rm -rf "$T/rep" "$J" "$J"-wal "$J"-shm
python3 "$BWM_ROOT/tests/fixtures/load/mkplan.py" 1 2 20 >"$PLAN"   # 46 entries
# -j 1 keeps one connection alive between requests, so that every dropped
# answer lands on a reused connection (the case an HTTP client retries).
sandbox_start --faults 'drop=25%' --seed 5 || { not_ok "sandbox starts"; exit 1; }
bwm load -q -j 1 --max-attempts 20 --api "$SBX_URL" --journal "$J" --report "$T/rep" "$PLAN" \
	>"$T/out" 2>"$T/err"
check_eq "the load finishes despite dropped answers (exit 0)" 0 $?
check_eq "nothing lost, nothing doubled" ok "$(plan_vs_sandbox "$PLAN")"
check "the sandbox did drop answers" python3 -c "
import json,sys; f=json.load(open('$T/state.json'))['faults']
print('# injected:', f); sys.exit(0 if f['drop'] > 0 else 1)"
posts=$(python3 -c "
import json; d=json.load(open('$T/state.json'))
print(sum(r['count'] for r in d['requests'] if r['method'] == 'POST'))")
sends=$(sqlite3 "file:$J?mode=ro" "SELECT count(*) FROM events WHERE to_state='in_flight'
	AND message IN ('sent','re-sent')")
check_eq "every POST the sandbox received is a send the journal recorded" "$sends" "$posts"
sandbox_stop

# The token must not end up in a core dump: while they run (against a slow
# sandbox), the load and the rollback have a core size limit of 0, soft and
# hard, even when started with an unlimited one, and the token is in locked
# memory (VmLck > 0).
# protected NAME CMD...: start CMD with `ulimit -c unlimited` and watch its
# /proc/PID/limits and status until both show the protection or it ends.
protected() {
	name=$1; shift
	(ulimit -c unlimited && exec "$@") >/dev/null 2>"$T/prot.err" &
	pid=$!
	i=0 core= lck=
	while [ $i -lt 200 ] && kill -0 $pid 2>/dev/null; do
		core=$(sed -n 's/^Max core file size *\([^ ]*\) *\([^ ]*\).*/\1 \2/p' \
			/proc/$pid/limits 2>/dev/null)
		lck=$(sed -n 's/^VmLck:[[:space:]]*\([0-9]*\).*/\1/p' /proc/$pid/status 2>/dev/null)
		[ "$core" = "0 0" ] && [ "${lck:-0}" -gt 0 ] && break
		sleep 0.02; i=$((i + 1))
	done
	wait $pid
	check_eq "$name: no core dump (soft and hard core size limit 0)" "0 0" "$core"
	check "$name: the token is in locked memory (VmLck ${lck:-?} kB)" [ "${lck:-0}" -gt 0 ]
}
rm -f "$T"/prot.journal*
python3 "$BWM_ROOT/tests/fixtures/load/mkplan.py" 1 1 3 --prefix=PROT >"$T/prot.jsonl"
sandbox_start --latency-ms 300 || { not_ok "slow sandbox starts"; exit 1; }
protected load "$BWM" load -q --api "$SBX_URL" --journal "$T/prot.journal" "$T/prot.jsonl"
protected rollback "$BWM" rollback -q --api "$SBX_URL" --journal "$T/prot.journal"
sandbox_stop
