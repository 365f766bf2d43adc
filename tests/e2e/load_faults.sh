# load_faults.sh — under the sandbox's fault mix (5xx, 429 with Retry-After,
# 423, connection resets, creates whose response is lost) the load finishes
# with nothing lost and nothing created twice.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$T/plan.jsonl"
rm -rf "$T/rep" "$T"/*.journal*
python3 "$BWM_ROOT/tests/fixtures/load/mkplan.py" 2 2 25 >"$PLAN"   # 108 entries
sandbox_start --faults '5xx=10%,429=5%,423=1%,reset=2%,lost=3%' --seed 11 ||
	{ not_ok "sandbox starts"; exit 1; }
bwm load -q -j 4 --api "$SBX_URL" --journal "$T/f.journal" --report "$T/rep" "$PLAN" \
	>"$T/out" 2>"$T/err"
check_eq "the load finishes every entry despite the faults (exit 0)" 0 $?
check_eq "nothing lost, nothing doubled" ok "$(plan_vs_sandbox "$PLAN")"
check "the sandbox did inject faults" python3 -c "
import json,sys; f=json.load(open('$T/state.json'))['faults']
print('# injected:', f)
sys.exit(0 if f['5xx'] > 0 and f['429'] > 0 and f['lost'] + f['reset'] > 0 else 1)"
check "the run retried (more requests than a clean run's 112)" \
	[ "$(jget "$T/rep/run.json" "d['requests']")" -gt 112 ]
check_no_grep "no file of the run holds the token" "$WEBEX_TOKEN" "$T"/f.journal* "$T/rep" "$T/out" "$T/err"
sandbox_stop
