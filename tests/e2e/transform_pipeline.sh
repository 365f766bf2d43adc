# transform_pipeline.sh — samples -> extract -> transform -> load into the
# sandbox: the sandbox then holds exactly what each clean plan describes,
# and the defects plan's blocked entries are skipped, not sent.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"
PARTNER="$BWM_ROOT/samples/partner.json"
cd "$BWM_ROOT"
rm -f "$T"/*.journal*   # a journal left by an earlier run would resume, not load
if [ ! -d samples/small ] || [ ! -d samples/multisite ]; then
	echo "# skipped: samples not present"
	exit 0
fi
if ! sandbox_start --provision-delay-ms 20; then
	not_ok "sandbox starts"
	exit 0
fi
for s in small multisite; do
	bwm extract -q -o "$T/$s.inv.jsonl" "samples/$s" 2>/dev/null
	bwm transform -q -p "$PARTNER" -o "$T/$s.plan.jsonl" "$T/$s.inv.jsonl"
	check_eq "$s: transform finds no errors" 0 $?
	bwm load -q --journal "$T/$s.journal" --api "$SBX_URL" "$T/$s.plan.jsonl" 2>"$T/$s.load.err"
	check_eq "$s: the sandbox accepts every entry" 0 $?
done
check_eq "the sandbox holds exactly both plans, no duplicates" ok \
	"$(cat "$T/small.plan.jsonl" "$T/multisite.plan.jsonl" >"$T/both.plan.jsonl"; plan_vs_sandbox "$T/both.plan.jsonl")"
if [ -d samples/defects ]; then
	bwm extract -q -o "$T/defects.inv.jsonl" samples/defects 2>/dev/null
	bwm transform -q -p "$PARTNER" -o "$T/defects.plan.jsonl" "$T/defects.inv.jsonl" 2>/dev/null
	bwm load -q --journal "$T/defects.journal" --api "$SBX_URL" "$T/defects.plan.jsonl" 2>"$T/defects.load.err"
	check_eq "defects: load skips the blocked entries (exit 1)" 1 $?
	sandbox_state "?items=1"
	check_eq "defects: the sandbox has the unblocked subscribers and none of the blocked" ok \
		"$(python3 - "$T/defects.plan.jsonl" "$T/state.json" <<'PY'
import json, sys
subs = [json.loads(l) for l in open(sys.argv[1]) if '"kind":"subscriber"' in l]
blocked = {e["body"]["email"] for e in subs if "blocked" in e}
ready = {e["body"]["email"] for e in subs if "blocked" not in e}
have = {s.get("email", "").lower() for s in json.load(open(sys.argv[2]))["items"]["subscribers"]}
print("ok" if ready and blocked and ready <= have and not (blocked - {""}) & have
      else "ready %s blocked %s" % (sorted(ready - have), sorted(blocked & have)))
PY
)"
fi
sandbox_stop
