# load_user_settings.sh — extract -> transform -> load of the small sample
# into the sandbox: every user has exactly the call settings the export had,
# compared field by field (tests/fixtures/settings/compare.py), simultaneous
# ring and caller ID included; the settings that are not carried (and
# simultaneous ring criteria) are in the report per user; verify reads every
# setting back as planned; a load killed
# with SIGKILL while settings are in flight resumes to the same state with
# no single number reach number twice; and the fault mix does not change it.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

CMP="$BWM_ROOT/tests/fixtures/settings/compare.py"
rm -rf "$T"/*.journal* "$T/rep" "$T/r1" "$T/r3"
cd "$BWM_ROOT"
bwm extract -q -o "$T/inv.jsonl" samples/small
bwm transform -q -p samples/partner.json -o "$T/plan.jsonl" --report "$T/rep" "$T/inv.jsonl"
check_eq "the sample transforms without errors" 0 $?
check "the plan has settings of several kinds" [ "$(grep -c '"kind":"user_setting"' "$T/plan.jsonl")" -ge 25 ]
check_eq "the report says per user what was not carried" \
	"henry.walsh:calling_line_id_delivery_blocking,sequential_ring,simultaneous_ring,voice_messaging_passcode" \
	"$(jget "$T/rep/report.json" '";".join(r["user"].split("/")[-1].split("@")[0] + ":" + ",".join(sorted(n["setting"] for n in r["notCarried"])) for r in d["userSettings"] if r["user"].endswith("henry.walsh@acme-widgets.com"))')"
check_eq "report.html embeds the same rows in its own table" 10 "$(python3 -c "
import json,re,sys
h=open(sys.argv[1]).read()
assert 'Call settings per user' in h
m=re.search(r'<script id=\"usdata\" type=\"application/json\">(.*?)</script>',h,re.S)
print(len(json.loads(m.group(1))))" "$T/rep/report.html")"

sandbox_start --provision-delay-ms 0 || { not_ok "sandbox starts"; exit 1; }
bwm load -q -j 4 --api "$SBX_URL" --journal "$T/a.journal" --report "$T/r1" "$T/plan.jsonl" \
	>"$T/a.out" 2>&1
check_eq "the load finishes (exit 0)" 0 $?
sandbox_state "?settings=1"
res=$(python3 "$CMP" "$T/inv.jsonl" "$T/state.json")
echo "# $res" | head -5
case "$res" in ok\ *) ok "every user has exactly the exported settings" ;;
	*) not_ok "every user has exactly the exported settings" ;; esac
check "and the comparison covered many fields (${res#ok })" [ "${res#ok }" -ge 100 ] 2>/dev/null
# The reception desk is a common-area phone: its workspace keeps the
# forwarding and call waiting the export had (the Common Area package's).
check_eq "the reception desk's workspace has its no-answer forwarding and call waiting" \
	"True +16175550101 5 False False" \
	"$(jget "$T/state.json" '" ".join(str(x) for x in next((w["features"]["callForwarding"]["callForwarding"]["noAnswer"]["enabled"], w["features"]["callForwarding"]["callForwarding"]["noAnswer"]["destination"], w["features"]["callForwarding"]["callForwarding"]["noAnswer"]["numberOfRings"], w["features"]["callForwarding"]["callForwarding"]["always"]["enabled"], w["features"]["callWaiting"]["enabled"]) for w in d["workspaceSettings"] if w["displayName"] == "Reception Desk"))')"
check_eq "simultaneous ring is sent to the three users who have it (mappings: carry)" 3 \
	"$(jget "$T/state.json" 'sum(1 for p in d["settings"] if "simultaneousRing" in p["features"])')"
check_eq "caller ID is sent to every subscriber of the group whose policy was read" 9 \
	"$(jget "$T/state.json" 'sum(1 for p in d["settings"] if "callerId" in p["features"])')"
check_eq "carol's configurable CLID number and name arrived" "CUSTOM +16175550111 Acme Engineering" \
	"$(jget "$T/state.json" '[" ".join([c["selected"], c["customNumber"], c["directLineCallerIdName"]["customName"]]) for p in d["settings"] if p["email"].startswith("carol.") for c in [p["features"]["callerId"]]][0]')"
bwm verify --api "$SBX_URL" --journal "$T/a.journal" --report "$T/v1" "$T/plan.jsonl" >/dev/null 2>&1
check_eq "verify reads every setting back as planned" 0 $?
check_eq "every setting was read back and matched, simultaneous ring and caller ID included" \
	"$(grep -c '"kind":"user_setting"' "$T/plan.jsonl")" \
	"$(jget "$T/v1/verify.json" "d['kinds']['user_setting'].get('match', 0)")"
sandbox_stop

# kill -9 while settings are in flight, then resume.
sandbox_start --provision-delay-ms 0 --latency-ms 30 --seed 5 || { not_ok "sandbox starts"; exit 1; }
J="$T/k.journal"
in_flight() {
	sqlite3 "file:$J?mode=ro" "SELECT count(*) FROM entries WHERE kind='user_setting' AND \
state='in_flight'" 2>/dev/null || echo 0
}
kills=0
for round in 1 2 3; do
	"$BWM" load -q -j 2 --api "$SBX_URL" --journal "$J" "$T/plan.jsonl" >/dev/null 2>&1 &
	pid=$!
	n=0; seen=0
	while [ $n -lt 800 ] && kill -0 $pid 2>/dev/null; do
		if [ "$(in_flight)" -gt 0 ]; then seen=1; break; fi
		sleep 0.01; n=$((n + 1))
	done
	if kill -9 $pid 2>/dev/null && [ $seen = 1 ]; then kills=$((kills + 1)); fi
	wait $pid 2>/dev/null
done
check "a kill landed while settings were in flight ($kills)" [ "$kills" -ge 1 ]
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$T/plan.jsonl" >"$T/k.out" 2>&1
check_eq "the resumed load finishes (exit 0)" 0 $?
sandbox_state "?settings=1"
res=$(python3 "$CMP" "$T/inv.jsonl" "$T/state.json")
case "$res" in ok\ *) ok "after kill -9 and resume the settings are exactly the export's" ;;
	*) echo "# $res" | head -5; not_ok "after kill -9 and resume the settings are exactly the export's" ;; esac
check_eq "no single number reach number was created twice" 0 \
	"$(jget "$T/state.json" 'd["duplicates"]["singleNumberReach.phoneNumber"]')"
sandbox_stop

# The fault mix: 5xx, 429, resets and lost answers on settings too.
sandbox_start --provision-delay-ms 0 --faults '5xx=10%,429=5%,reset=3%,lost=5%' --seed 7 ||
	{ not_ok "sandbox starts"; exit 1; }
bwm load -q -j 4 --api "$SBX_URL" --journal "$T/f.journal" --report "$T/r3" "$T/plan.jsonl" \
	>"$T/f.out" 2>&1
check_eq "under the fault mix the load finishes (exit 0)" 0 $?
sandbox_state "?settings=1"
res=$(python3 "$CMP" "$T/inv.jsonl" "$T/state.json")
case "$res" in ok\ *) ok "under faults the settings are exactly the export's" ;;
	*) echo "# $res" | head -5; not_ok "under faults the settings are exactly the export's" ;; esac
check_eq "under faults no reach number twice" 0 \
	"$(jget "$T/state.json" 'd["duplicates"]["singleNumberReach.phoneNumber"]')"
check "settings endpoints met faults" python3 -c "
import json,sys; f=json.load(open('$T/state.json'))
n=sum(r['count'] for r in f['requests'] if '/people/' in r['path'] and r['status'] >= 500)
sys.exit(0 if n > 0 else 1)"
sandbox_stop
