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
