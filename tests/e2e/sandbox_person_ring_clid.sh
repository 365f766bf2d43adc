# sandbox_person_ring_clid.sh — a person's simultaneous ring
# (/v1/telephony/config/people/{id}/simultaneousRing) and caller ID
# (/v1/people/{id}/features/callerId) in the sandbox: Webex's defaults
# before any PUT, PUT then GET, the checks (enums, at most 10 numbers, E.164
# or extension numbers, customNumber when CUSTOM, customName when
# CUSTOM_NAME, unknown members), 404 for an unknown person, 400 for a
# package without the feature, and /_sandbox/state?settings=1.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/fixtures/sandbox/helpers.sh"

start_sandbox --provision-delay-ms 0 || { not_ok "sandbox starts"; exit 1; }
provision_customer RING || not_ok "customer is provisioned"
api POST "/v1/telephony/config/locations/$LOC/numbers" \
	'{"phoneNumbers":["+16175550100","+16175550101"],"state":"ACTIVE"}' >/dev/null
api POST /v1/wholesale/subscribers "$(fixture subscriber)" >/dev/null
P=$(body 'd["personId"]')
Q="orgId=$ORG"
SR="/v1/telephony/config/people/$P/simultaneousRing?$Q"
CI="/v1/people/$P/features/callerId?$Q"

# ---- simultaneous ring ----
check_eq "GET of simultaneous ring is 200" 200 "$(api GET "$SR")"
check_eq "before any PUT it is off, with no numbers" "False 0 False" \
	"$(body '"%s %d %s" % (d["enabled"], len(d["phoneNumbers"]), d["criteriasEnabled"])')"
check_eq "an unknown person is 404" 404 \
	"$(api GET "/v1/telephony/config/people/Zm9v/simultaneousRing?$Q")"
check_eq "a PUT for an unknown person is 404" 404 \
	"$(api PUT "/v1/telephony/config/people/Zm9v/simultaneousRing?$Q" '{"enabled":true}')"
check_eq "simultaneous ring PUT is 204" 204 "$(api PUT "$SR" \
	'{"enabled":true,"doNotRingIfOnCallEnabled":true,"phoneNumbers":[{"phoneNumber":"+16175551501","answerConfirmationEnabled":false},{"phoneNumber":"2001","answerConfirmationEnabled":true}],"criteriasEnabled":false}')"
api GET "$SR" >/dev/null
check_eq "GET shows the numbers and their confirmation" "+16175551501:False,2001:True" \
	"$(body '",".join("%s:%s" % (n["phoneNumber"], n["answerConfirmationEnabled"]) for n in d["phoneNumbers"])')"
check_eq "and the switches" "True True" "$(body '"%s %s" % (d["enabled"], d["doNotRingIfOnCallEnabled"])')"
eleven=$(python3 -c 'import json; print(json.dumps({"phoneNumbers": [{"phoneNumber": "+1617555%04d" % i} for i in range(11)]}))')
check_eq "eleven numbers are 400" 400 "$(api PUT "$SR" "$eleven")"
check_grep "the 400 says at most 10" 'at most 10' "$T/body"
check_eq "a number that is neither E.164 nor an extension is 400" 400 \
	"$(api PUT "$SR" '{"phoneNumbers":[{"phoneNumber":"(617) 555-1501"}]}')"
check_grep "the 400 names the entry" 'phoneNumbers\[0\] phoneNumber' "$T/body"
check_eq "an entry without its number is 400" 400 \
	"$(api PUT "$SR" '{"phoneNumbers":[{"answerConfirmationEnabled":true}]}')"
check_eq "the workspace spelling of confirmation is not the person's: 400" 400 \
	"$(api PUT "$SR" '{"phoneNumbers":[{"phoneNumber":"+16175551501","answerConfirmationRequiredEnabled":true}]}')"
check_eq "a string for a boolean is 400" 400 "$(api PUT "$SR" '{"enabled":"yes"}')"
api GET "$SR" >/dev/null
check_eq "refused PUTs changed nothing" 2 "$(body 'len(d["phoneNumbers"])')"

# ---- caller ID ----
check_eq "GET of caller ID is 200" 200 "$(api GET "$CI")"
check_eq "before any PUT the direct line and the person's name show" "DIRECT_LINE FIRSTNAME_LASTNAME DIRECT_LINE" \
	"$(body '"%s %s %s" % (d["selected"], d["directLineCallerIdName"]["selection"], d["externalCallerIdNamePolicy"])')"
check_eq "CUSTOM without customNumber is 400" 400 "$(api PUT "$CI" '{"selected":"CUSTOM"}')"
check_grep "the 400 names customNumber" 'customNumber is required' "$T/body"
check_eq "a customNumber that is not E.164 is 400" 400 \
	"$(api PUT "$CI" '{"selected":"CUSTOM","customNumber":"6175550101"}')"
check_eq "an unknown selection is 400" 400 "$(api PUT "$CI" '{"selected":"MAIN_NUMBER"}')"
check_eq "no selection is 400" 400 "$(api PUT "$CI" '{"externalCallerIdNamePolicy":"LOCATION"}')"
check_eq "CUSTOM_NAME without customName is 400" 400 \
	"$(api PUT "$CI" '{"selected":"DIRECT_LINE","directLineCallerIdName":{"selection":"CUSTOM_NAME"}}')"
check_eq "an unknown name selection is 400" 400 \
	"$(api PUT "$CI" '{"selected":"DIRECT_LINE","directLineCallerIdName":{"selection":"NICKNAME"}}')"
check_eq "OTHER without customExternalCallerIdName is 400" 400 \
	"$(api PUT "$CI" '{"selected":"DIRECT_LINE","externalCallerIdNamePolicy":"OTHER"}')"
check_eq "an unknown member is 400" 400 "$(api PUT "$CI" '{"selected":"DIRECT_LINE","callerName":"x"}')"
check_eq "caller ID PUT is 204" 204 "$(api PUT "$CI" \
	'{"selected":"CUSTOM","customNumber":"+16175550101","directLineCallerIdName":{"selection":"CUSTOM_NAME","customName":"Acme Sales"},"externalCallerIdNamePolicy":"LOCATION"}')"
api GET "$CI" >/dev/null
check_eq "GET shows the custom number and name" "CUSTOM +16175550101 Acme Sales LOCATION" \
	"$(body '"%s %s %s %s" % (d["selected"], d["customNumber"], d["directLineCallerIdName"]["customName"], d["externalCallerIdNamePolicy"])')"
check_eq "back to the location number drops the custom number" "LOCATION_NUMBER None" \
	"$(api PUT "$CI" '{"selected":"LOCATION_NUMBER"}' >/dev/null; api GET "$CI" >/dev/null; body '"%s %s" % (d["selected"], d.get("customNumber"))')"

# ---- package ----
api POST /v1/wholesale/subscribers \
	"{\"customerId\":\"$CUST\",\"email\":\"meet@acme.example\",\"packages\":[\"webex_meetings\"],\"provisioningParameters\":{\"firstName\":\"M\",\"lastName\":\"O\"}}" >/dev/null
M=$(body 'd.get("personId","")')
check_eq "simultaneous ring of a meetings-only person is 400" 400 \
	"$(api PUT "/v1/telephony/config/people/$M/simultaneousRing?$Q" '{"enabled":true}')"
check_grep "the 400 names the package" 'webex_meetings' "$T/body"
check_eq "caller ID of a meetings-only person is 400" 400 \
	"$(api PUT "/v1/people/$M/features/callerId?$Q" '{"selected":"DIRECT_LINE"}')"

# ---- state ----
curl -s -o "$T/state.json" "$SBX_URL/_sandbox/state?settings=1"
check_eq "state shows both per person" "callerId,simultaneousRing" \
	"$(jget "$T/state.json" '",".join(sorted(f for p in d["settings"] for f in p["features"]))')"
check_eq "with what was PUT" "2 LOCATION_NUMBER" \
	"$(jget "$T/state.json" '"%d %s" % (len(d["settings"][0]["features"]["simultaneousRing"]["phoneNumbers"]), d["settings"][0]["features"]["callerId"]["selected"])')"
check "sandbox stops cleanly" stop_sandbox
