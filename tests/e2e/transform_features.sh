# transform_features.sh — the call feature sample through extract and
# transform: schedules, the auto attendant, call park and pickup are
# planned with members resolved to subscriber entries, and the report's
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
check_grep "the report counts 4 migrated and 1 changed" "totals 4 1" "$T/table.txt"
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
check_eq "the page lists the five features" 5 "$(grep -o '<tr class="st-[a-z-]*"><td><code>HARBOR' "$T/dom.html" | wc -l)"
check_grep "the page shows the changed attendant" "st-migrated-with-changes" "$T/dom.html"
