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
