# load_rollback.sh — rollback and entries an interrupted load left in_flight:
# their outcome is unknown (the create may have happened, its answer lost),
# so rollback refuses to run around them, says what to do, and deletes
# nothing; a wave without such entries rolls back; resuming the load
# settles them (looked up by natural key, adopted, not created twice); then
# the rollback empties the sandbox.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
J="$T/rb.journal"
rm -rf "$T"/rb.journal* "$T/rb.err" "$T/rb2.err"
sandbox_start || { not_ok "sandbox starts"; exit 1; }

bwm load -q --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null
check_eq "the load completes" 0 $?
sandbox_state
total=$(jget "$T/state.json" "sum(d['counts'].values())")

# A crash between sending a subscriber create and journaling its answer:
# the journal says in_flight and knows no remote id; the sandbox has it.
key=$(sqlite3 "$J" "SELECT key FROM entries WHERE kind='subscriber' ORDER BY seq LIMIT 1")
wave=$(sqlite3 "$J" "SELECT batch FROM entries WHERE kind='subscriber' ORDER BY seq LIMIT 1")
other=$(sqlite3 "$J" "SELECT batch FROM entries WHERE batch <> '$wave' LIMIT 1")
sqlite3 "$J" "UPDATE entries SET state='in_flight', remote_id=NULL WHERE kind='subscriber' AND key='$key'"
check "the plan has a second wave to roll back on its own" [ -n "$other" ]

bwm rollback --api "$SBX_URL" --journal "$J" >/dev/null 2>"$T/rb.err"
check_eq "rollback with an in_flight entry in scope exits 1" 1 $?
check_grep "it names the entry and the state" "1 entry in scope is in_flight \\(subscriber $key\\)" "$T/rb.err"
check_grep "it says to run the load again first" "Run the same load again first" "$T/rb.err"
sandbox_state
check_eq "it deletes nothing" "$total" "$(jget "$T/state.json" "sum(d['counts'].values())")"
check_eq "the journal still says done for the rest" 0 \
	"$(sqlite3 "$J" "SELECT count(*) FROM entries WHERE state NOT IN ('done', 'in_flight')")"

bwm rollback -q --batch "$other" --api "$SBX_URL" --journal "$J" >/dev/null 2>"$T/rb2.err"
check_eq "a wave without in_flight entries rolls back" 0 $?

bwm load -q --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null
check_eq "resuming the load settles the entry and re-creates the rolled-back wave" 0 $?
check_eq "the entry was adopted, not created again: the sandbox holds exactly the plan" ok \
	"$(plan_vs_sandbox "$PLAN")"
check_eq "no entry is left in_flight" 0 \
	"$(sqlite3 "$J" "SELECT count(*) FROM entries WHERE state='in_flight'")"

bwm rollback -q --api "$SBX_URL" --journal "$J" >/dev/null
check_eq "then rollback exits 0" 0 $?
sandbox_state
check_eq "and leaves the sandbox empty" 0 "$(jget "$T/state.json" "sum(d['counts'].values())")"
sandbox_stop
