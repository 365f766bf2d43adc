# sandbox_person_criteria.sh — the selective forward / accept / reject
# endpoints of the sandbox: the accept and reject switches, criteria POST
# (201 with an id), GET, PUT and DELETE of one criterion, the feature's GET
# listing its criteria, the checks (required members, enums, E.164 or
# extension numbers, a GROUP schedule that must exist in the person's
# location, no person schedules, SELECT_PHONE_NUMBERS selecting
# something), 404s, 409 for the same criterion twice, and what
# /_sandbox/state shows (the criteria, duplicates counted when allowed).
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/fixtures/sandbox/helpers.sh"

setup() {
	provision_customer ACME || not_ok "customer is provisioned"
	api POST "/v1/telephony/config/locations/$LOC/numbers" \
		'{"phoneNumbers":["+16175550100"],"state":"ACTIVE"}' >/dev/null
	api POST /v1/wholesale/subscribers "$(fixture subscriber)" >/dev/null
	P=$(body 'd["personId"]')
	Q="orgId=$ORG"
	B="/v1/telephony/config/people/$P"
}

start_sandbox --provision-delay-ms 0 || { not_ok "sandbox starts"; exit 1; }
setup
check_eq "a location schedule to name" 201 "$(api POST \
	"/v1/telephony/config/locations/$LOC/schedules?$Q" '{"type":"businessHours","name":"Office Hours","events":[]}')"

# ---- the accept and reject switches ----
check_eq "selective reject GET is 200" 200 "$(api GET "$B/selectiveReject?$Q")"
check_eq "before any PUT it is off, with no criteria" "False []" "$(body 'd["enabled"], d["criteria"]' | tr -d "(),'" )"
check_eq "selective accept PUT is 204" 204 "$(api PUT "$B/selectiveAccept?$Q" '{"enabled":true}')"
check_eq "accept without enabled is 400" 400 "$(api PUT "$B/selectiveAccept?$Q" '{}')"
check_eq "reject with an unknown member is 400" 400 \
	"$(api PUT "$B/selectiveReject?$Q" '{"enabled":true,"defaultPhoneNumberToForward":"+16175550101"}')"

# ---- criteria ----
FWD='{"forwardToPhoneNumber":"+16175559000","sendToVoicemailEnabled":false,"scheduleName":"Office Hours","scheduleType":"businessHours","scheduleLevel":"GROUP","callsFrom":"ANY_PHONE_NUMBER","anonymousCallersEnabled":false,"unavailableCallersEnabled":false,"forwardEnabled":true}'
check_eq "a forward criterion POST is 201" 201 "$(api POST "$B/selectiveForward/criteria?$Q" "$FWD")"
C1=$(body 'd["id"]')
check "and answers its id" [ -n "$C1" ]
check_eq "the same criterion again is 409" 409 "$(api POST "$B/selectiveForward/criteria?$Q" "$FWD")"
check_grep "the 409 says how to find it" 'GET /telephony/config/people/{personId}/selectiveForward' "$T/body"
SEL='{"forwardToPhoneNumber":"2001","sendToVoicemailEnabled":false,"callsFrom":"SELECT_PHONE_NUMBERS","anonymousCallersEnabled":false,"unavailableCallersEnabled":true,"phoneNumbers":["+16175550199","4001"],"forwardEnabled":false}'
check_eq "a criterion from two numbers is 201" 201 "$(api POST "$B/selectiveForward/criteria?$Q" "$SEL")"
C2=$(body 'd["id"]')
api GET "$B/selectiveForward?$Q" >/dev/null
check_eq "the feature's GET lists its criteria (id, schedule, source, flag)" \
	"$C1/Office Hours/ALL_NUMBERS/True,$C2/-/SPECIFIC_NUMBERS/False" \
	"$(body '",".join("%s/%s/%s/%s" % (c["id"], c.get("scheduleName","-"), c["source"], c["forwardEnabled"]) for c in d["criteria"])')"
check_eq "GET of one criterion is 200" 200 "$(api GET "$B/selectiveForward/criteria/$C2?$Q")"
check_eq "it has every member sent" "+16175550199,4001 True" \
	"$(body '",".join(d["phoneNumbers"]) + " " + str(d["unavailableCallersEnabled"])')"
check_eq "PUT of one criterion is 204" 204 "$(api PUT "$B/selectiveForward/criteria/$C2?$Q" \
	'{"forwardToPhoneNumber":"2001","sendToVoicemailEnabled":true,"callsFrom":"ANY_INTERNAL","forwardEnabled":true}')"
api GET "$B/selectiveForward/criteria/$C2?$Q" >/dev/null
check_eq "and GET shows it" "ANY_INTERNAL True" "$(body 'd["callsFrom"] + " " + str(d["sendToVoicemailEnabled"])')"
check_eq "an unknown criterion is 404" 404 "$(api GET "$B/selectiveForward/criteria/Zm9v?$Q")"
check_eq "an unknown person is 404" 404 "$(api POST "/v1/telephony/config/people/Zm9v/selectiveReject/criteria?$Q" \
	'{"callsFrom":"ANY_PHONE_NUMBER","rejectEnabled":true}')"
check_eq "DELETE of one criterion is 204" 204 "$(api DELETE "$B/selectiveForward/criteria/$C2?$Q")"
check_eq "then it is 404" 404 "$(api GET "$B/selectiveForward/criteria/$C2?$Q")"

# ---- the checks ----
R="$B/selectiveReject/criteria?$Q"
check_eq "reject without rejectEnabled is 400" 400 "$(api POST "$R" '{"callsFrom":"ANY_PHONE_NUMBER"}')"
check_grep "the 400 names the member" 'rejectEnabled' "$T/body"
check_eq "forward without forwardToPhoneNumber is 400" 400 "$(api POST "$B/selectiveForward/criteria?$Q" \
	'{"sendToVoicemailEnabled":false,"callsFrom":"ANY_PHONE_NUMBER"}')"
check_eq "an unknown callsFrom is 400" 400 "$(api POST "$R" '{"callsFrom":"EVERYONE","rejectEnabled":true}')"
check_eq "ANY_INTERNAL is forwarding's only (reject: 400)" 400 \
	"$(api POST "$R" '{"callsFrom":"ANY_INTERNAL","rejectEnabled":true}')"
check_eq "FORWARDED is not accept's (400)" 400 "$(api POST "$B/selectiveAccept/criteria?$Q" \
	'{"callsFrom":"FORWARDED","acceptEnabled":true}')"
check_eq "a number that is neither E.164 nor an extension is 400" 400 "$(api POST "$R" \
	'{"callsFrom":"SELECT_PHONE_NUMBERS","phoneNumbers":["617-555-0199"],"rejectEnabled":true}')"
check_eq "SELECT_PHONE_NUMBERS selecting nothing is 400" 400 "$(api POST "$R" \
	'{"callsFrom":"SELECT_PHONE_NUMBERS","anonymousCallersEnabled":false,"rejectEnabled":true}')"
check_eq "numbers with ANY_PHONE_NUMBER are 400" 400 "$(api POST "$R" \
	'{"callsFrom":"ANY_PHONE_NUMBER","phoneNumbers":["+16175550199"],"rejectEnabled":true}')"
check_eq "a schedule name without its type and level is 400" 400 "$(api POST "$R" \
	'{"scheduleName":"Office Hours","callsFrom":"ANY_PHONE_NUMBER","rejectEnabled":true}')"
check_eq "a GROUP schedule not in the location is 400" 400 "$(api POST "$R" \
	'{"scheduleName":"Nights","scheduleType":"businessHours","scheduleLevel":"GROUP","callsFrom":"ANY_PHONE_NUMBER","rejectEnabled":true}')"
check_grep "the 400 says to create the location schedule" 'location schedule first' "$T/body"
check_eq "the schedule of the other type is 400" 400 "$(api POST "$R" \
	'{"scheduleName":"Office Hours","scheduleType":"holidays","scheduleLevel":"GROUP","callsFrom":"ANY_PHONE_NUMBER","rejectEnabled":true}')"
check_eq "a PEOPLE schedule the person lacks is 400" 400 "$(api POST "$R" \
	'{"scheduleName":"Office Hours","scheduleType":"businessHours","scheduleLevel":"PEOPLE","callsFrom":"ANY_PHONE_NUMBER","rejectEnabled":true}')"
check_eq "anonymous callers rejected is 201" 201 "$(api POST "$R" \
	'{"callsFrom":"SELECT_PHONE_NUMBERS","anonymousCallersEnabled":true,"unavailableCallersEnabled":false,"rejectEnabled":true}')"
api GET "$B/selectiveReject?$Q" >/dev/null
check_eq "the reject list shows it" "SPECIFIC_NUMBERS True" \
	"$(body '" ".join(str(d["criteria"][0][k]) for k in ("source","rejectEnabled"))')"

curl -s -o "$T/state.json" "$SBX_URL/_sandbox/state?settings=1"
check_eq "state shows every criterion in full" "selectiveForwardCriteria:Office Hours,selectiveRejectCriteria:-" \
	"$(jget "$T/state.json" '",".join(f + ":" + c.get("scheduleName","-") for p in d["settings"] for f in sorted(p["features"]) if f.endswith("Criteria") for c in p["features"][f]["criteria"])')"
check_eq "no duplicates" 0 "$(jget "$T/state.json" 'd["duplicates"]["criteria"]')"
stop_sandbox

# ---- duplicates allowed: counted ----
start_sandbox --provision-delay-ms 0 --allow-duplicates || { not_ok "sandbox starts"; exit 1; }
setup
R="$B/selectiveReject/criteria?$Q"
ANON='{"callsFrom":"SELECT_PHONE_NUMBERS","anonymousCallersEnabled":true,"rejectEnabled":true}'
api POST "$R" "$ANON" >/dev/null
check_eq "with duplicates allowed the same criterion is 201" 201 "$(api POST "$R" "$ANON")"
curl -s -o "$T/state.json" "$SBX_URL/_sandbox/state"
check_eq "and state counts the duplicate" 1 "$(jget "$T/state.json" 'd["duplicates"]["criteria"]')"
stop_sandbox
