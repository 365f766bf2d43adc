# load_5xx.sh — server errors delay only the entry that got them: a 503
# with Retry-After (or any 5xx) is retried after its own backoff and a
# lookup, and is never taken for throttling (no 429 counted, no pause of
# the other requests, no rate cap), yet nothing is lost or doubled.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$T/plan.jsonl"
rm -rf "$T/rep" "$T"/*.journal*
python3 "$BWM_ROOT/tests/fixtures/load/mkplan.py" 2 2 25 >"$PLAN"   # 108 entries
sandbox_start --faults '5xx=15%' --seed 5 || { not_ok "sandbox starts"; exit 1; }
bwm load -q -j 4 --max-attempts 10 --api "$SBX_URL" --journal "$T/x.journal" \
	--report "$T/rep" "$PLAN" >"$T/out" 2>"$T/err"
check_eq "the load finishes every entry despite 5xx answers (exit 0)" 0 $?
check_eq "nothing lost, nothing doubled" ok "$(plan_vs_sandbox "$PLAN")"
check "the sandbox did answer with server errors" python3 -c "
import json,sys; f=json.load(open('$T/state.json'))['faults']
sys.exit(0 if f['5xx'] > 5 else 1)"
check_eq "no server error was counted as throttling (a 503's Retry-After is not a 429)" 0 \
	"$(jget "$T/rep/run.json" "d['throttled']")"
sandbox_stop
