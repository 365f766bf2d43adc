# transform_features.sh — the call feature sample through extract and
# transform: schedules, the auto attendant (with its alternate number and
# forwarding), call park and pickup, the call park settings and the call
# queue supervisors are planned with members resolved to subscriber entries, and the report's
# feature table (report.json and the page Chromium renders) says which
# features migrated, with changes, or not.
. "$BWM_ROOT/tests/e2e/lib.sh"
SAMPLE="$BWM_ROOT/samples/features/20-attendant-park-pickup.xml"

bwm extract -q -o "$T/inv.jsonl" "$SAMPLE"
check_eq "the feature sample extracts" 0 $?
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/plan.jsonl" --report "$T/r" "$T/inv.jsonl"
check_eq "the feature sample plans without errors" 0 $?

kinds() { python3 - "$T/plan.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["kind"] in ("schedule", "auto_attendant", "call_park", "call_pickup"):
        print(e["kind"], e["key"])
PY
}
kinds >"$T/kinds.txt"
check_eq "two schedules, one attendant, one park, one pickup are planned" 5 "$(wc -l <"$T/kinds.txt")"

python3 - "$T/plan.jsonl" >"$T/refs.txt" <<'PY'
import json, sys
entries = [json.loads(l) for l in open(sys.argv[1])]
planned = {e["kind"] + ":" + e["key"] for e in entries}
seen = set()
for e in entries:
    for d in e["depends"]:
        if d not in seen:
            print("dependency after its entry:", e["key"], d)
    seen.add(e["kind"] + ":" + e["key"])
    for r in json.dumps(e.get("body", {})).split('"$ref": "')[1:]:
        ref = r.split('"')[0].split("#")[0]
        if ref not in planned:
            print("dangling", e["key"], ref)
pick = [e for e in entries if e["kind"] == "call_pickup"][0]
print("pickup members", len(pick["body"]["agents"]))
PY
check_eq "every reference names a planned entry that comes first" "pickup members 3" "$(cat "$T/refs.txt")"

python3 - "$T/r/report.json" >"$T/table.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["customers"][0]["features"]:
    print(f["kind"], f["status"])
print("totals", d["summary"]["features"]["migrated"], d["summary"]["features"]["migrated with changes"])
PY
check_grep "the attendant is migrated with changes (holiday menu, submenu)" "auto_attendant migrated with changes" "$T/table.txt"
check_grep "the call park is migrated" "call_park migrated" "$T/table.txt"
check_grep "the call park settings are a row, migrated with changes" \
	"call_park_settings migrated with changes" "$T/table.txt"
check_grep "the report counts 4 migrated and 2 changed" "totals 4 2" "$T/table.txt"
check_grep "the destination announcement is reported" \
	"park_setting_not_migrated,call_park_settings:HARBOR-ENT/HARBOR-SEA,HARBOR-ENT,[^,]*samples/features/20-attendant-park-pickup.xml,[0-9]*,the park destination announcement" "$T/r/findings.csv"
check_grep "the attendant's busy forwarding is reported with its file and line" \
	"aa_forwarding_not_migrated,auto_attendant:HARBOR-ENT/HARBOR-SEA/harbor-main-aa@harbor-freight.example,HARBOR-ENT,[^,]*20-attendant-park-pickup.xml,[0-9]*,call forwarding busy" "$T/r/findings.csv"
python3 - "$T/plan.jsonl" >"$T/aa.txt" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["kind"] == "auto_attendant":
        print("alternates", json.dumps(e["body"]["alternateNumbers"]), "number:HARBOR-ENT/HARBOR-SEA#inactive" in e["depends"])
    if e["key"].endswith("#callForwarding"):
        print("forwarding", json.dumps(e["body"]), e["params"]["autoAttendantId"]["$ref"])
PY
check_eq "the attendant's alternate number is in its create, after its (inactive) number entry" \
	'alternates [{"phoneNumber": "+12065550121", "ringPattern": "LONG_LONG"}] True' "$(sed -n 1p "$T/aa.txt")"
check_eq "its forwarding always is a setting of the attendant" \
	'forwarding {"callForwarding": {"always": {"enabled": false, "destination": "+12065550108", "ringReminderEnabled": false, "sendToVoicemailEnabled": false}}} auto_attendant:HARBOR-ENT/HARBOR-SEA/harbor-main-aa@harbor-freight.example' \
	"$(sed -n 2p "$T/aa.txt")"

# An alternate number that is not one of the location's: left out with a
# finding naming the file, line and what to do.
sed 's/"phoneNumber":"2065550121"/"phoneNumber":"2065550199"/' "$T/inv.jsonl" >"$T/alt.jsonl"
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/alt.plan" --report "$T/alt" "$T/alt.jsonl"
check_no_grep "the foreign alternate number is not planned" "2065550199" "$T/alt.plan"
check_grep "it makes a finding with file:line and the fix" \
	"feature_number_not_in_location,auto_attendant:[^,]*,HARBOR-ENT,[^,]*20-attendant-park-pickup.xml,[0-9]*,alternate number 2065550199 is not among the numbers planned.*add the number to the group's DN list" "$T/alt/findings.csv"

# Selective forwarding of the attendant's service user is reported.
{ cat "$T/inv.jsonl"; printf '%s\n' '{"kind":"user_setting","key":"HARBOR-ENT/HARBOR-SEA/harbor-main-aa@harbor-freight.example#call_forwarding_selective","enterprise":"HARBOR-ENT","setting":"call_forwarding_selective","value":{"isActive":true,"defaultForwardToPhoneNumber":"+12065550108"},"group":"HARBOR-SEA","user":"HARBOR-ENT/HARBOR-SEA/harbor-main-aa@harbor-freight.example","source":{"file":"sel.xml","line":7}}'; } >"$T/sel.jsonl"
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/sel.plan" --report "$T/sel" "$T/sel.jsonl"
check_grep "the attendant's selective forwarding is reported" \
	"aa_forwarding_not_migrated,auto_attendant:[^,]*,HARBOR-ENT,[^,]*,[0-9]*,selective call forwarding" "$T/sel/findings.csv"

# A recall timer beyond Webex's 600 s is clamped with a finding; a group
# without call park groups gets no settings entry.
sed 's/"recallTimerSeconds":90/"recallTimerSeconds":700/' "$T/inv.jsonl" >"$T/park.jsonl"
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/park.plan" --report "$T/park" "$T/park.jsonl"
check_grep "a 700 s recall timer becomes 600 s" '"recallTime":600' "$T/park.plan"
check_grep "and is reported" "park_timer_clamped,call_park_settings:HARBOR-ENT/HARBOR-SEA" "$T/park/findings.csv"
grep -v '"kind":"call_park",' "$T/inv.jsonl" >"$T/nopark.jsonl"
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/nopark.plan" --report "$T/nopark" "$T/nopark.jsonl"
check_no_grep "without park groups no settings are sent" "callParkSettings" "$T/nopark.plan"
check_grep "and an info says why" "park_settings_unused" "$T/nopark/findings.csv"

# Supervisors (the queue sample): one entry per supervisor with the union
# of the agents of the call centers it supervises; one not in the export
# is left out with a finding.
bwm extract -q -o "$T/q.jsonl" "$BWM_ROOT/samples/features/10-hunt-queue-paging.xml"
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/q.plan" --report "$T/q" "$T/q.jsonl"
python3 - "$T/q.plan" >"$T/sup.txt" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["kind"] == "queue_supervisor":
        who = lambda r: r["$ref"].split("/")[-1].split("@")[0]
        print(who(e["body"]["id"]), ",".join(who(a["id"]) for a in e["body"]["agents"]),
              e["createdId"] == e["body"]["id"], e["lookup"]["match"]["id"] == e["body"]["id"])
PY
check_eq "two supervisors, dan over both queues with the union of their agents" \
	"dan fay,gus,hana,ava True True
eli fay,gus,hana True True" "$(cat "$T/sup.txt")"
check_no_grep "the Premium warning no longer lists supervisors" "queue_premium.*supervisors" "$T/q/findings.csv"
sed 's/"supervisors":\["dan@/"supervisors":["ghost@harbor-logistics.example","dan@/' "$T/q.jsonl" >"$T/qg.jsonl"
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/qg.plan" --report "$T/qg" "$T/qg.jsonl"
check_no_grep "a supervisor not in the export gets no entry" "ghost" "$T/qg.plan"
check_grep "it makes a finding with file:line and the fix" \
	"feature_member_left_out,call_center:[^,]*orders-cc[^,]*,HARBOR-ENT,[^,]*10-hunt-queue-paging.xml,[0-9]*,supervisor ghost@harbor-logistics.example is not in the export.*fix the user's findings or add the member by hand" "$T/qg/findings.csv"
check_grep "the holiday menu is reported" "aa_holiday_menu" "$T/r/findings.csv"
check_grep "the submenu key is reported" "aa_submenu_not_migrated" "$T/r/findings.csv"

# A member who is not in the export: a finding, no reference, and the
# pickup group still migrates (with changes).
sed 's/"members":\["priya/"members":["ghost@x.example","priya/' "$T/inv.jsonl" >"$T/ghost.jsonl"
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/ghost.plan" --report "$T/g" "$T/ghost.jsonl"
check_no_grep "the unknown member is not referenced" "ghost" "$T/ghost.plan"
check_grep "the unknown member makes a finding" "feature_member_left_out" "$T/g/findings.csv"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "# skipped: chromium not installed"
	exit 0
fi
prof=$(mktemp -d)
timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$prof" --dump-dom "file://$T/r/report.html" >"$T/dom.html" 2>/dev/null
rm -rf "$prof"
check_eq "the page lists the five features and the park settings" 6 "$(grep -o '<tr class="st-[a-z-]*"><td><code>HARBOR' "$T/dom.html" | wc -l)"
check_grep "the page shows the changed attendant" "st-migrated-with-changes" "$T/dom.html"
