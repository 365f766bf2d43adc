# sandbox_person_settings.sh — the person call-settings endpoints of the
# sandbox: GET defaults, PUT merges and GET shows it, the field checks
# (enums, rings 2-20, E.164 or extension destinations, unknown members,
# required members), 404 for an unknown person or org, 400 for a feature
# the package lacks, single number reach numbers and alternate numbers,
# and /_sandbox/state?settings=1.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/fixtures/sandbox/helpers.sh"

start_sandbox --provision-delay-ms 0 || { not_ok "sandbox starts"; exit 1; }
provision_customer ACME || not_ok "customer is provisioned"
api POST "/v1/telephony/config/locations/$LOC/numbers" \
	'{"phoneNumbers":["+16175550100","+16175550101","+16175550102"],"state":"ACTIVE"}' >/dev/null
api POST /v1/wholesale/subscribers "$(fixture subscriber)" >/dev/null
P=$(body 'd["personId"]')
Q="orgId=$ORG"
CF="/v1/people/$P/features/callForwarding?$Q"

# ---- reads ----
check_eq "GET of a person's forwarding is 200" 200 "$(api GET "$CF")"
check_eq "before any PUT forwarding is off" False "$(body 'd["callForwarding"]["always"]["enabled"]')"
check_eq "an unknown person is 404" 404 "$(api GET "/v1/people/Zm9v/features/callForwarding?$Q")"
check_eq "the person in another org is 404" 404 \
	"$(api GET "/v1/people/$P/features/callForwarding?orgId=Zm9v")"
check_eq "no orgId is 404" 404 "$(api GET "/v1/people/$P/features/callForwarding")"
check_eq "404 carries the Webex error shape" True \
	"$(body 'isinstance(d["errors"][0]["errorCode"], int) and bool(d["trackingId"])')"
check_eq "settings need the token" 401 \
	"$(curl -s -o /dev/null -w '%{http_code}' "$SBX_URL$CF")"

# ---- call forwarding ----
check_eq "forwarding PUT is 204" 204 "$(api PUT "$CF" \
	'{"callForwarding":{"always":{"enabled":true,"destination":"+16175559876","ringReminderEnabled":true},"noAnswer":{"enabled":true,"destination":"2001","numberOfRings":4}},"businessContinuity":{"enabled":true,"destination":"+16175550199"}}')"
api GET "$CF" >/dev/null
check_eq "GET shows the always destination" +16175559876 "$(body 'd["callForwarding"]["always"]["destination"]')"
check_eq "GET shows the no-answer rings" 4 "$(body 'd["callForwarding"]["noAnswer"]["numberOfRings"]')"
check_eq "a PUT keeps what it does not name" False "$(body 'd["callForwarding"]["busy"]["enabled"]')"
check_eq "businessContinuity is kept" True "$(body 'd["businessContinuity"]["enabled"]')"
check_eq "rings 21 is 400" 400 "$(api PUT "$CF" '{"callForwarding":{"noAnswer":{"numberOfRings":21}}}')"
check_grep "the 400 names the field" 'numberOfRings' "$T/body"
check_eq "rings 1 is 400" 400 "$(api PUT "$CF" '{"callForwarding":{"noAnswer":{"numberOfRings":1}}}')"
check_eq "a destination that is not a number is 400" 400 \
	"$(api PUT "$CF" '{"callForwarding":{"busy":{"enabled":true,"destination":"sip:bob@example.com"}}}')"
check_eq "a formatted number (not E.164) is 400" 400 \
	"$(api PUT "$CF" '{"callForwarding":{"busy":{"enabled":true,"destination":"(617) 555-9876"}}}')"
check_eq "always without enabled is 400" 400 \
	"$(api PUT "$CF" '{"callForwarding":{"always":{"destination":"+16175559876"}}}')"
check_eq "an unknown member is 400" 400 "$(api PUT "$CF" '{"callForwarding":{"sometimes":{}}}')"
check_eq "a string for a boolean is 400" 400 \
	"$(api PUT "$CF" '{"callForwarding":{"busy":{"enabled":"yes"}}}')"
api GET "$CF" >/dev/null
check_eq "refused PUTs changed nothing" 4 "$(body 'd["callForwarding"]["noAnswer"]["numberOfRings"]')"

# ---- voicemail, do not disturb, call waiting, selective forward ----
VM="/v1/people/$P/features/voicemail?$Q"
check_eq "voicemail without notifications is 400" 400 \
	"$(api PUT "$VM" '{"enabled":true,"transferToNumber":{"enabled":false}}')"
check_eq "an unknown greeting is 400" 400 "$(api PUT "$VM" \
	'{"notifications":{"enabled":false},"transferToNumber":{"enabled":false},"sendBusyCalls":{"greeting":"LOUD"}}')"
check_eq "voicemail PUT is 204" 204 "$(api PUT "$VM" \
	'{"enabled":true,"sendUnansweredCalls":{"enabled":true,"numberOfRings":3},"notifications":{"enabled":true,"destination":"jdoe@acme.example"},"transferToNumber":{"enabled":false},"messageStorage":{"mwiEnabled":true,"storageType":"INTERNAL"}}')"
api GET "$VM" >/dev/null
check_eq "voicemail notification address is kept" jdoe@acme.example "$(body 'd["notifications"]["destination"]')"
DND="/v1/people/$P/features/doNotDisturb?$Q"
check_eq "DND without webexGoOverrideEnabled is 400" 400 "$(api PUT "$DND" '{"enabled":true}')"
check_eq "DND PUT is 204" 204 \
	"$(api PUT "$DND" '{"enabled":true,"ringSplashEnabled":true,"webexGoOverrideEnabled":false}')"
CW="/v1/people/$P/features/callWaiting?$Q"
check_eq "call waiting PUT is 204" 204 "$(api PUT "$CW" '{"enabled":false}')"
api GET "$CW" >/dev/null
check_eq "call waiting is off" False "$(body 'd["enabled"]')"
SF="/v1/telephony/config/people/$P/selectiveForward?$Q"
check_eq "selective forward PUT is 204" 204 \
	"$(api PUT "$SF" '{"enabled":true,"defaultPhoneNumberToForward":"+16175550155","ringReminderEnabled":false}')"

# ---- single number reach ----
SNR="/v1/telephony/config/people/$P/singleNumberReach"
check_eq "single number reach PUT is 204" 204 \
	"$(api PUT "$SNR?$Q" '{"alertAllNumbersForClickToDialCallsEnabled":true}')"
check_eq "a reach number POST is 201" 201 "$(api POST "$SNR/numbers?$Q" \
	'{"phoneNumber":"+16175550177","enabled":true,"name":"Mobile","answerConfirmationEnabled":true}')"
check "it answers the new id" test -n "$(body 'd["id"]')"
check_eq "the same number again is 409" 409 \
	"$(api POST "$SNR/numbers?$Q" '{"phoneNumber":"+16175550177","enabled":true,"name":"Mobile"}')"
check_eq "a reach number without a name is 400" 400 \
	"$(api POST "$SNR/numbers?$Q" '{"phoneNumber":"+16175550178","enabled":true}')"
check_eq "a reach number that is an extension is 400" 400 \
	"$(api POST "$SNR/numbers?$Q" '{"phoneNumber":"2001","enabled":true,"name":"x"}')"
api GET "$SNR?$Q" >/dev/null
check_eq "GET lists the reach number" "+16175550177:True" \
	"$(body '",".join("%s:%s" % (n["phoneNumber"], n["answerConfirmationEnabled"]) for n in d["numbers"])')"

# ---- alternate numbers ----
NUM="/v1/telephony/config/people/$P/numbers?$Q"
check_eq "alternate number PUT is 204" 204 "$(api PUT "$NUM" \
	'{"distinctiveRingEnabled":true,"phoneNumbers":[{"primary":false,"action":"ADD","directNumber":"+16175550101","extension":"101","ringPattern":"LONG_LONG"}]}')"
api GET "/v1/people/$P/features/numbers?$Q" >/dev/null
check_eq "GET lists primary then alternate" "+16175550100:True,+16175550101:False" \
	"$(body '",".join("%s:%s" % (n["directNumber"], n["primary"]) for n in d["phoneNumbers"])')"
check_eq "an unknown ring pattern is 400" 400 "$(api PUT "$NUM" \
	'{"phoneNumbers":[{"primary":false,"action":"ADD","directNumber":"+16175550102","ringPattern":"LOUD"}]}')"
check_eq "a number outside the org is 400" 400 "$(api PUT "$NUM" \
	'{"phoneNumbers":[{"primary":false,"action":"ADD","directNumber":"+13125550100"}]}')"
check_eq "an unknown action is 400" 400 "$(api PUT "$NUM" \
	'{"phoneNumbers":[{"primary":false,"action":"MOVE","directNumber":"+16175550102"}]}')"
check_eq "DELETE of an alternate is 204" 204 "$(api PUT "$NUM" \
	'{"phoneNumbers":[{"primary":false,"action":"DELETE","directNumber":"+16175550101"}]}')"
api GET "/v1/people/$P/features/numbers?$Q" >/dev/null
check_eq "the deleted alternate is gone" 1 "$(body 'len(d["phoneNumbers"])')"

# ---- package ----
EMAIL=meet@acme.example PHONE= api POST /v1/wholesale/subscribers \
	"{\"customerId\":\"$CUST\",\"email\":\"meet@acme.example\",\"packages\":[\"webex_meetings\"],\"provisioningParameters\":{\"firstName\":\"M\",\"lastName\":\"O\"}}" >/dev/null
M=$(body 'd.get("personId","")')
check "a meetings-only subscriber has a personId" test -n "$M"
check_eq "voicemail of a meetings-only person is 400" 400 "$(api PUT "/v1/people/$M/features/voicemail?$Q" \
	'{"notifications":{"enabled":false},"transferToNumber":{"enabled":false}}')"
check_grep "the 400 names the package" 'webex_meetings' "$T/body"

# ---- state ----
curl -s -o "$T/state.json" "$SBX_URL/_sandbox/state?settings=1"
check_eq "state counts person settings" 7 "$(jget "$T/state.json" 'd["counts"]["personSettings"]')"
check_eq "state shows the settings per person" "jdoe@acme.example:True:callForwarding,callWaiting,doNotDisturb,numbers,selectiveForward,singleNumberReach,voicemail" \
	"$(jget "$T/state.json" '",".join("%s:%s:%s" % (p["email"], p["features"]["doNotDisturb"]["ringSplashEnabled"], ",".join(sorted(p["features"]))) for p in d["settings"])')"
check_eq "no duplicate reach numbers" 0 \
	"$(jget "$T/state.json" 'd["duplicates"]["singleNumberReach.phoneNumber"]')"
check_grep "state counts requests per settings endpoint" \
	'/v1/people/{id}/features/callForwarding' "$T/state.json"
check "sandbox stops cleanly" stop_sandbox

# ---- a duplicate reach number is counted when a client manages one ----
start_sandbox --provision-delay-ms 0 --allow-duplicates || not_ok "sandbox starts"
provision_customer DUP || not_ok "customer is provisioned"
api POST "/v1/telephony/config/locations/$LOC/numbers" '{"phoneNumbers":["+16175550100"]}' >/dev/null
api POST /v1/wholesale/subscribers "$(fixture subscriber)" >/dev/null
P=$(body 'd["personId"]')
for i in 1 2; do
	api POST "/v1/telephony/config/people/$P/singleNumberReach/numbers?orgId=$ORG" \
		'{"phoneNumber":"+16175550177","enabled":true,"name":"Mobile"}' >/dev/null
done
check_eq "--allow-duplicates: the second reach number is counted" 1 \
	"$(state 'd["duplicates"]["singleNumberReach.phoneNumber"]')"
check "sandbox stops cleanly" stop_sandbox
