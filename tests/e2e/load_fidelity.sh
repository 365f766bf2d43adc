# load_fidelity.sh — the load speaks the Webex API as Cisco documents it:
# numbers are looked up through GET /telephony/config/numbers (a location's
# numbers have no GET), and a rollback empties the org of what the journal
# created, since deleting a Wholesale customer keeps its org.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
J="$T/fid.journal"
rm -rf "$T"/fid.journal* "$T/rep" "$T/rb"
sandbox_start || { not_ok "sandbox starts"; exit 1; }

bwm load -q --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null
check_eq "the load completes" 0 $?

# ---- numbers: the crash rule looks them up by GET /telephony/config/numbers ----
# A crash after sending a number entry: in_flight, outcome unknown. The
# resumed load must find the numbers (they are there) and adopt them.
key=$(sqlite3 "$J" "SELECT key FROM entries WHERE kind='number' ORDER BY seq LIMIT 1")
sqlite3 "$J" "UPDATE entries SET state='in_flight' WHERE kind='number' AND key='$key'"
bwm load -q --api "$SBX_URL" --journal "$J" --report "$T/rep" "$PLAN" >/dev/null 2>"$T/load2.err"
check_eq "the resumed load settles the in_flight number entry (exit 0)" 0 $?
check_eq "the numbers were found and adopted, not sent again" 1 \
	"$(sqlite3 "$J" "SELECT count(*) FROM events WHERE kind='number' AND key='$key' AND message LIKE 'adopted%'")"
check_eq "looked up with GET /telephony/config/numbers" True \
	"$(jget "$T/rep/run.json" "d['endpoints'].get('GET /telephony/config/numbers', 0) >= 1")"
check_eq "never with a GET on a location's numbers" False \
	"$(jget "$T/rep/run.json" "any(k.startswith('GET /telephony/config/locations') for k in d['endpoints'])")"

# ---- rollback: the org is emptied of what the journal created ----
# Deleting a Wholesale customer keeps its Webex org (and so the sandbox
# keeps its locations and numbers): rollback deletes them itself.
sandbox_state "?items=1"
cp "$T/state.json" "$T/before.json"
orgs=$(jget "$T/before.json" "' '.join(sorted(c['orgId'] for c in d['items']['customers']))")
check_eq "the load made two customer orgs" 2 "$(echo $orgs | wc -w)"
check_eq "the journal holds the resolved delete of a location" True \
	"$(sqlite3 "$J" "SELECT fields FROM entries WHERE kind='location' LIMIT 1" | python3 -c "import json,sys; d=json.load(sys.stdin)['delete']; print(d['path'].startswith('/locations/') and '?orgId=' in d['path'])")"
bwm rollback -q --api "$SBX_URL" --journal "$J" --report "$T/rb" >/dev/null 2>"$T/rb.err"
check_eq "rollback exits 0" 0 $?
sandbox_state "?items=1"
left=$(python3 - "$T/before.json" "$T/state.json" <<'PY'
import json, sys
before, after = (json.load(open(f)) for f in sys.argv[1:])
orgs = {c["orgId"] for c in before["items"]["customers"]}
custs = {c["id"] for c in before["items"]["customers"]}
locs = {l["id"] for l in before["items"]["locations"] if l["orgId"] in orgs}
a = after["items"]
print(len([c for c in a["customers"] if c["id"] in custs]),
      len([s for s in a["subscribers"] if s["customerId"] in custs]),
      len([n for n in a["numbers"] if n["locationId"] in locs]),
      len([l for l in a["locations"] if l["orgId"] in orgs]))
PY
)
check_eq "no customer, subscriber, number or location of those orgs is left" "0 0 0 0" "$left"
check_eq "the number entries were removed 5 numbers a request" True \
	"$(jget "$T/rb/run.json" "d['endpoints'].get('DELETE /telephony/config/locations/{locationId}/numbers') == 8")"
check_eq "the locations by DELETE /locations/{id}" 4 \
	"$(jget "$T/rb/run.json" "d['endpoints'].get('DELETE /locations/{id}')")"
check_eq "every entry is rolled_back" 42 \
	"$(sqlite3 "$J" "SELECT count(*) FROM entries WHERE state='rolled_back'")"

# ---- a journal older than delete paths still rolls back ----
# Its customers and subscribers go by their Wholesale paths; its
# locations and numbers, which it cannot name, stay in the org.
python3 -c "
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l); d.pop('delete', None); print(json.dumps(d))" "$PLAN" >"$T/old.plan.jsonl"
curl -s -X POST -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_BASE/_sandbox/reset" >/dev/null
rm -f "$T"/old.journal*
bwm load -q --api "$SBX_URL" --journal "$T/old.journal" "$T/old.plan.jsonl" >/dev/null
check_eq "a plan without delete loads" 0 $?
bwm rollback -q --api "$SBX_URL" --journal "$T/old.journal" >/dev/null 2>"$T/old.err"
check_eq "and rolls back (exit 0)" 0 $?
sandbox_state
check_eq "its customers and subscribers are gone, locations and numbers stay" "0 0 4 32" \
	"$(jget "$T/state.json" "' '.join(str(d['counts'][k]) for k in ('customers', 'subscribers', 'locations', 'numbers'))")"
sandbox_stop

# ---- precheck: a 200 is a pass; only the validate schema's members are sent ----
# The transform's plan gives customers customerInfo.language (the create
# body has it, the validate body has not); one subscriber is an existing
# Webex user, whose validation passes with another message than "success".
GOLD="$BWM_ROOT/tests/golden/small.plan.jsonl"
check_eq "the plan's customer carries customerInfo.language" True \
	"$(head -1 "$GOLD" | python3 -c "import json,sys; print('language' in json.load(sys.stdin)['body']['customerInfo'])")"
pend=$(sed -n 's/.*"kind":"subscriber".*"email":"\([^"]*\)".*/\1/p' "$GOLD" | head -1)
sandbox_start --pending-emails "^$pend\$" || { not_ok "sandbox starts"; exit 1; }
bwm load --precheck --api "$SBX_URL" --report "$T/pre" "$GOLD" >"$T/pre.out" 2>"$T/pre.err"
check_eq "precheck passes (exit 0)" 0 $?
check_grep "nothing refused" " 0 refused" "$T/pre.out"
check_eq "no precheck failure listed" 0 "$(jget "$T/pre/run.json" "len(d['precheck_failures'])")"
check_eq "the pass with information is noted" True \
	"$(jget "$T/pre/run.json" "any('infoCode 101' in n['message'] for n in d['notes'])")"
sandbox_stop
