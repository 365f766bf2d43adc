# sandbox_features.sh — the sandbox's schedules, auto attendants, call
# parks and call pickups: create, list (filters, paging), get, update,
# delete at the OpenAPI paths, and the checks a real server makes (org,
# required fields and enums, members are people of the org, names unique
# per location, an attendant's schedules, number, alternate numbers and
# extension), an attendant's call forwarding and the location's call park
# settings.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/fixtures/sandbox/helpers.sh"

start_sandbox --provision-delay-ms 0 || { not_ok "sandbox starts"; exit 1; }
provision_customer ACME || { not_ok "customer provisions"; exit 1; }
A_ORG=$ORG A_LOC=$LOC
api POST "/v1/telephony/config/locations/$LOC/numbers" \
	'{"phoneNumbers":["+16175550100","+16175550101","+16175550150","+16175550151"]}' >/dev/null
api POST /v1/wholesale/subscribers "$(fixture subscriber)" >/dev/null
P1=$(body 'd["personId"]')
api POST /v1/wholesale/subscribers "$(EMAIL=b@acme.example PHONE=+16175550101 fixture subscriber | sed 's/"100"/"101"/')" >/dev/null
P2=$(body 'd["personId"]')
provision_customer OTHER || { not_ok "second customer provisions"; exit 1; }
B_ORG=$ORG B_LOC=$LOC
api POST /v1/wholesale/subscribers "$(EMAIL=x@other.example fixture subscriber | sed 's/"primaryPhoneNumber":"[^"]*",//')" >/dev/null
PX=$(body 'd["personId"]')
check "the other org has a person" test -n "$PX"
ORG=$A_ORG LOC=$A_LOC
F="/v1/telephony/config/locations/$LOC"

# ---- schedules ----
BH='{"type":"businessHours","name":"Office","events":[{"name":"Weekdays","startDate":"2026-01-05","endDate":"2026-01-05","startTime":"08:30","endTime":"17:00","recurrence":{"recurForEver":true,"recurWeekly":{"sunday":false,"monday":true}}}]}'
check_eq "a call without orgId is 404" 404 "$(api POST "$F/schedules" "$BH")"
check_eq "a call with another customer's org is 404" 404 "$(api POST "$F/schedules?orgId=$B_ORG" "$BH")"
check_eq "schedule POST is 201" 201 "$(api POST "$F/schedules?orgId=$ORG" "$BH")"
SCHED=$(body 'd["id"]')
check "schedule POST answers its id" test -n "$SCHED"
check_eq "the same schedule name again is 409" 409 "$(api POST "$F/schedules?orgId=$ORG" "$BH")"
check_eq "a holidays schedule of that name is another object" 201 \
	"$(api POST "$F/schedules?orgId=$ORG" '{"type":"holidays","name":"Office","events":[{"name":"NY","startDate":"2026-01-01","endDate":"2026-01-01","allDayEnabled":true,"recurrence":{"recurYearlyByDate":{"dayOfMonth":1,"month":"JANUARY"}}}]}')"
check_eq "an unknown schedule type is 400" 400 \
	"$(api POST "$F/schedules?orgId=$ORG" '{"type":"weekly","name":"X"}')"
check_eq "an event without times that is not all day is 400" 400 \
	"$(api POST "$F/schedules?orgId=$ORG" '{"type":"businessHours","name":"Y","events":[{"name":"e","startDate":"2026-01-05","endDate":"2026-01-05"}]}')"
check_eq "a month that is not an enum value is 400" 400 \
	"$(api POST "$F/schedules?orgId=$ORG" '{"type":"holidays","name":"Z","events":[{"name":"e","startDate":"2026-01-05","endDate":"2026-01-05","allDayEnabled":true,"recurrence":{"recurYearlyByDate":{"dayOfMonth":1,"month":"January"}}}]}')"
api GET "$F/schedules?orgId=$ORG&name=Office&type=businessHours" >/dev/null
check_eq "schedules list filters by name and type" "$SCHED" "$(body '",".join(s["id"] for s in d["schedules"])')"
check_eq "schedule GET is 200" 200 "$(api GET "$F/schedules/businessHours/$SCHED?orgId=$ORG")"
check_eq "schedule GET holds the events" "08:30" "$(body 'd["events"][0]["startTime"]')"
check_eq "schedule GET under the wrong type is 404" 404 "$(api GET "$F/schedules/holidays/$SCHED?orgId=$ORG")"

# ---- auto attendants ----
MENU='{"greeting":"DEFAULT","extensionEnabled":true,"keyConfigurations":[{"key":"0","action":"TRANSFER_TO_OPERATOR","value":"100"}]}'
aa() { printf '{"name":"%s","phoneNumber":"%s","extension":"%s","businessSchedule":"%s","holidaySchedule":"Office","extensionDialing":"GROUP","businessHoursMenu":%s,"afterHoursMenu":%s}' "$1" "$2" "$3" "$4" "$MENU" "$MENU"; }
check_eq "an attendant whose schedule is not in the location is 400" 400 \
	"$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Main +16175550150 150 Nowhere)")"
check_grep "the 400 names the schedule" "Nowhere" "$T/body"
check_eq "an attendant with a number outside the location is 400" 400 \
	"$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Main +16175559999 150 Office)")"
check_eq "an attendant with a subscriber's number is 409" 409 \
	"$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Main +16175550100 150 Office)")"
check_eq "an attendant with a subscriber's extension is 409" 409 \
	"$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Main +16175550150 100 Office)")"
check_eq "a transfer key without a value is 400" 400 \
	"$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Main +16175550150 150 Office | sed 's/,"value":"100"//')")"
check_eq "auto attendant POST is 201" 201 "$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Main +16175550150 150 Office)")"
AA=$(body 'd["id"]')
check_eq "the same attendant name again is 409" 409 \
	"$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Main +16175550151 151 Office)")"
check_eq "a second attendant on the first one's number is 409" 409 \
	"$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Other +16175550150 152 Office)")"
api GET "/v1/telephony/config/autoAttendants?orgId=$ORG&locationId=$LOC&name=Main" >/dev/null
check_eq "the org-wide list finds it by location and name" "$AA" "$(body '",".join(a["id"] for a in d["autoAttendants"])')"
api GET "/v1/telephony/config/autoAttendants?orgId=$B_ORG" >/dev/null
check_eq "another org's list does not show it" 0 "$(body 'len(d["autoAttendants"])')"
check_eq "auto attendant PUT is 204" 204 "$(api PUT "$F/autoAttendants/$AA?orgId=$ORG" '{"extension":"160"}')"
api GET "$F/autoAttendants/$AA?orgId=$ORG" >/dev/null
check_eq "the PUT changed the extension" 160 "$(body 'd["extension"]')"
# alternate numbers: free numbers of the location, with a ring pattern
check_eq "an alternate number outside the location is 400" 400 "$(api PUT "$F/autoAttendants/$AA?orgId=$ORG" \
	'{"alternateNumbers":[{"phoneNumber":"+16175559999","ringPattern":"NORMAL"}]}')"
check_grep "the 400 names the alternate number" "+16175559999" "$T/body"
check_eq "a subscriber's number as alternate number is 409" 409 "$(api PUT "$F/autoAttendants/$AA?orgId=$ORG" \
	'{"alternateNumbers":[{"phoneNumber":"+16175550100","ringPattern":"NORMAL"}]}')"
check_eq "an alternate number with an unknown ring pattern is 400" 400 "$(api PUT "$F/autoAttendants/$AA?orgId=$ORG" \
	'{"alternateNumbers":[{"phoneNumber":"+16175550151","ringPattern":"LOUD"}]}')"
check_eq "a free number of the location as alternate number is 204" 204 "$(api PUT "$F/autoAttendants/$AA?orgId=$ORG" \
	'{"alternateNumbers":[{"phoneNumber":"+16175550151","ringPattern":"LONG_LONG"}]}')"
check_eq "another attendant on that alternate number is 409" 409 \
	"$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Second +16175550151 153 Office)")"
# its call forwarding (ModifyAutoAttendantCallForwardSettingsObject)
api GET "$F/autoAttendants/$AA/callForwarding?orgId=$ORG" >/dev/null
check_eq "an attendant's forwarding is off until set" False "$(body 'd["callForwarding"]["always"]["enabled"]')"
check_eq "forwarding with a hunt group's member name is 400" 400 "$(api PUT "$F/autoAttendants/$AA/callForwarding?orgId=$ORG" \
	'{"callForwarding":{"always":{"enabled":true,"destination":"+16175550199","destinationVoicemailEnabled":false}}}')"
check_eq "forwarding enabled without a destination is 400" 400 "$(api PUT "$F/autoAttendants/$AA/callForwarding?orgId=$ORG" \
	'{"callForwarding":{"always":{"enabled":true}}}')"
check_eq "attendant forwarding PUT is 204" 204 "$(api PUT "$F/autoAttendants/$AA/callForwarding?orgId=$ORG" \
	'{"callForwarding":{"always":{"enabled":true,"destination":"+16175550199","ringReminderEnabled":true,"sendToVoicemailEnabled":false}}}')"
api GET "$F/autoAttendants/$AA/callForwarding?orgId=$ORG" >/dev/null
check_eq "the GET answers what was put" "+16175550199" "$(body 'd["callForwarding"]["always"]["destination"]')"
check_eq "forwarding of an unknown attendant is 404" 404 "$(api PUT "$F/autoAttendants/nope/callForwarding?orgId=$ORG" \
	'{"callForwarding":{"always":{"enabled":false}}}')"
# the location's call park settings (ModifyCallParkSettingsObject)
check_eq "park settings with an unknown recall option is 400" 400 "$(api PUT "$F/callParks/settings?orgId=$ORG" \
	'{"callParkRecall":{"option":"ALERT_EVERYONE"}}')"
check_eq "park settings with a recall time of 20 s is 400" 400 "$(api PUT "$F/callParks/settings?orgId=$ORG" \
	'{"callParkSettings":{"ringPattern":"NORMAL","recallTime":20}}')"
check_eq "recall to a hunt group that is not in the location is 400" 400 "$(api PUT "$F/callParks/settings?orgId=$ORG" \
	'{"callParkRecall":{"option":"ALERT_HUNT_GROUP_ONLY","huntGroupId":"nope"}}')"
check_eq "park settings PUT is 204" 204 "$(api PUT "$F/callParks/settings?orgId=$ORG" \
	'{"callParkRecall":{"option":"ALERT_PARKING_USER_ONLY"},"callParkSettings":{"ringPattern":"SHORT_SHORT_LONG","recallTime":90,"huntWaitTime":60}}')"
api GET "$F/callParks/settings?orgId=$ORG" >/dev/null
check_eq "the park settings GET answers what was put" "SHORT_SHORT_LONG 90" "$(body '"%s %d" % (d["callParkSettings"]["ringPattern"], d["callParkSettings"]["recallTime"])')"
check_eq "park settings of another org's location are 404" 404 "$(api GET "$F/callParks/settings?orgId=$B_ORG")"

# ---- call parks and pickups ----
check_eq "a call park with a person of another org is 400" 400 \
	"$(api POST "$F/callParks?orgId=$ORG" "{\"name\":\"Park\",\"recall\":{\"option\":\"ALERT_PARKING_USER_ONLY\"},\"agents\":[\"$PX\"]}")"
check_eq "a call park without recall is 400" 400 "$(api POST "$F/callParks?orgId=$ORG" '{"name":"Park"}')"
check_eq "a hunt group recall without its id is 400" 400 \
	"$(api POST "$F/callParks?orgId=$ORG" '{"name":"Park","recall":{"option":"ALERT_HUNT_GROUP_ONLY"}}')"
check_eq "call park POST is 201" 201 \
	"$(api POST "$F/callParks?orgId=$ORG" "{\"name\":\"Park\",\"recall\":{\"option\":\"ALERT_PARKING_USER_ONLY\"},\"agents\":[\"$P1\",\"$P2\"]}")"
PARK=$(body 'd["id"]')
check_eq "call pickup with an unknown notification type is 400" 400 \
	"$(api POST "$F/callPickups?orgId=$ORG" '{"name":"Pick","notificationType":"LOUD"}')"
check_eq "call pickup POST is 201" 201 "$(api POST "$F/callPickups?orgId=$ORG" "{\"name\":\"Pick\",\"agents\":[\"$P1\"]}")"
PICK=$(body 'd["id"]')
check_eq "a person already in a pickup group is 409 in another" 409 \
	"$(api POST "$F/callPickups?orgId=$ORG" "{\"name\":\"Pick2\",\"agents\":[\"$P1\"]}")"
check_eq "call pickup PUT with the same members is 204" 204 \
	"$(api PUT "$F/callPickups/$PICK?orgId=$ORG" "{\"agents\":[\"$P1\",\"$P2\"]}")"
for n in 2 3 4; do api POST "$F/callPickups?orgId=$ORG" "{\"name\":\"Extra$n\"}" >/dev/null; done
api GET "$F/callPickups?orgId=$ORG&max=2" >/dev/null
check_eq "a page holds max items" 2 "$(body 'len(d["callPickups"])')"
check_grep "a partial page links the next one with start" 'start=2&max=2>; rel="next"' "$T/headers"
api GET "$F/callPickups?orgId=$ORG&max=2&start=2" >/dev/null
check_eq "the next page holds the rest" 2 "$(body 'len(d["callPickups"])')"

check_eq "state counts each kind" "2 1 1 4" \
	"$(state '"%d %d %d %d" % (d["counts"]["schedules"], d["counts"]["autoAttendants"], d["counts"]["callParks"], d["counts"]["callPickups"])')"
check_eq "state reports no duplicate names" "0 0 0 0" \
	"$(state '" ".join(str(d["duplicates"][k + ".name"]) for k in ("schedules", "autoAttendants", "callParks", "callPickups"))')"
check_eq "state items hold the park's members" "$P1,$P2" "$(state '",".join(d["items"]["callParks"][0]["agents"])')"

# ---- delete ----
check_eq "call park DELETE is 204" 204 "$(api DELETE "$F/callParks/$PARK?orgId=$ORG")"
check_eq "a deleted call park is 404" 404 "$(api GET "$F/callParks/$PARK?orgId=$ORG")"
check_eq "auto attendant DELETE is 204" 204 "$(api DELETE "$F/autoAttendants/$AA?orgId=$ORG")"
check_eq "its number is free again" 201 "$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Again +16175550150 150 Office)")"
check_eq "and so is its alternate number" 201 "$(api POST "$F/autoAttendants?orgId=$ORG" "$(aa Third +16175550151 151 Office)")"
check_eq "schedule DELETE is 204" 204 "$(api DELETE "$F/schedules/businessHours/$SCHED?orgId=$ORG")"
stop_sandbox

# With --allow-duplicates the state counts the second object of a name.
start_sandbox --provision-delay-ms 0 --allow-duplicates || { not_ok "sandbox starts"; exit 1; }
provision_customer DUP || { not_ok "customer provisions"; exit 1; }
api POST "/v1/telephony/config/locations/$LOC/callParks?orgId=$ORG" '{"name":"P","recall":{"option":"ALERT_PARKING_USER_ONLY"}}' >/dev/null
check_eq "a duplicate name is accepted when allowed" 201 \
	"$(api POST "/v1/telephony/config/locations/$LOC/callParks?orgId=$ORG" '{"name":"P","recall":{"option":"ALERT_PARKING_USER_ONLY"}}')"
check_eq "state reports the duplicate" 1 "$(state 'd["duplicates"]["callParks.name"]')"
stop_sandbox
