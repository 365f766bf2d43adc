# verify_features.sh — verify reads call features back (by their own URL)
# and lists a feature in a migrated location that the plan did not create.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

rm -rf "$T"/j* "$T/rep1" "$T/rep2"
bwm extract -q -o "$T/inv.jsonl" "$BWM_ROOT/samples/features/20-attendant-park-pickup.xml"
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/plan.jsonl" "$T/inv.jsonl"
sandbox_start || { not_ok "sandbox starts"; exit 1; }
bwm load -q --api "$SBX_URL" --journal "$T/j" "$T/plan.jsonl" >/dev/null 2>&1
check_eq "the feature sample loads" 0 $?

bwm verify --api "$SBX_URL" --journal "$T/j" --report "$T/rep1" "$T/plan.jsonl" >/dev/null 2>&1
check_eq "every feature reads back as planned" 0 $?
check_eq "schedules, the attendant, park and pickup are compared" \
	"auto_attendant=1 call_park=1 call_pickup=1 schedule=2" \
	"$(jget "$T/rep1/verify.json" "' '.join('%s=%d' % (k, v.get('match', 0)) for k, v in sorted(d['kinds'].items()) if k in ('schedule', 'auto_attendant', 'call_park', 'call_pickup'))")"

# A call park made by hand in the migrated location.
python3 - "$T/j" >"$T/ids" <<'PY'
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
org = json.loads(c.execute("select fields from entries where kind='customer'").fetchone()[0])["orgId"]
loc = c.execute("select remote_id from entries where kind='location'").fetchone()[0]
print(org, loc)
PY
read ORG LOC <"$T/ids"
code=$(curl -s -o "$T/stray.json" -w '%{http_code}' -H "Authorization: Bearer $WEBEX_TOKEN" \
	-H 'Content-Type: application/json' -X POST \
	"$SBX_URL/telephony/config/locations/$LOC/callParks?orgId=$ORG" -d '{"name":"Stray Park","recall":{"option":"ALERT_PARKING_USER_ONLY"}}')
check_eq "a call park is made behind the tool's back" 201 "$code"

bwm verify --api "$SBX_URL" --journal "$T/j" --report "$T/rep2" "$T/plan.jsonl" >/dev/null 2>&1
check_eq "an extra feature makes exit 1" 1 $?
check_eq "it is the one listed as extra" "call_park Stray Park" \
	"$(jget "$T/rep2/verify.json" "' '.join('%s %s' % (x['kind'], x['name']) for x in d['extra'])")"
check_eq "and nothing else differs" 0 "$(jget "$T/rep2/verify.json" "len(d['mismatches']) + len(d['missing'])")"
sandbox_stop
