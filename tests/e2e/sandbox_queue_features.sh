# sandbox_features.sh — the sandbox's hunt groups, call queues and paging
# groups: create status per kind, the spec's required fields and enums,
# members that must be people of the same org, names unique per location,
# numbers of the location that must be free, extensions unique, list
# filters and paging, GET/PUT/DELETE, the queue and hunt group
# sub-resources, orgId on every call, and what /_sandbox/state counts.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/fixtures/sandbox/helpers.sh"

start_sandbox --provision-delay-ms 0 || { not_ok "sandbox starts"; exit 1; }
provision_customer ACME || { not_ok "customer provisioned"; exit 1; }
A_ORG=$ORG A_LOC=$LOC A_CUST=$CUST
api POST "/v1/telephony/config/locations/$LOC/numbers" \
	'{"phoneNumbers":["+16175550100","+16175550150","+16175550151","+16175550152"]}' >/dev/null
api POST /v1/wholesale/subscribers "$(fixture subscriber)" >/dev/null
P1=$(body 'd["personId"]')
EMAIL=amy@acme.example PHONE=+16175550152 api POST /v1/wholesale/subscribers \
	"$(EMAIL=amy@acme.example PHONE=+16175550152 fixture subscriber | sed 's/"100"/"101"/')" >/dev/null
P2=$(body 'd["personId"]')
# a second org with a person of its own
provision_customer GLOBEX || { not_ok "second customer provisioned"; exit 1; }
B_ORG=$ORG
api POST /v1/wholesale/subscribers "$(EMAIL=bob@globex.example PHONE= fixture subscriber \
	| sed 's/"primaryPhoneNumber":"",//; s/"100"/"300"/')" >/dev/null
PB=$(body 'd["personId"]')
ORG=$A_ORG LOC=$A_LOC CUST=$A_CUST
L="/v1/telephony/config/locations/$LOC"

hg() {   # hg NAME EXTRA-JSON: a valid hunt group body
	printf '{"name":"%s","enabled":true,"callPolicies":{"policy":"CIRCULAR","noAnswer":{"nextAgentEnabled":true,"nextAgentRings":4,"forwardEnabled":false,"numberOfRings":5,"destinationVoicemailEnabled":false}},"agents":[{"id":"%s"},{"id":"%s","weight":"30"}]%s}' \
		"$1" "$P1" "$P2" "$2"
}

# ---- hunt groups ----
check_eq "hunt group create without orgId is 404" 404 "$(api POST "$L/huntGroups" "$(hg Sales ',"extension":"500"')")"
check_eq "hunt group create in another org's location is 404" 404 \
	"$(api POST "$L/huntGroups?orgId=$B_ORG" "$(hg Sales ',"extension":"500"')")"
check_eq "hunt group create is 200" 200 \
	"$(api POST "$L/huntGroups?orgId=$ORG" "$(hg Sales ',"extension":"500","phoneNumber":"+16175550150"')")"
HG=$(body 'd["id"]')
check "hunt group create answers its id" test -n "$HG"
check_eq "same name in the location is 409" 409 \
	"$(api POST "$L/huntGroups?orgId=$ORG" "$(hg sales ',"extension":"501"')")"
check_eq "a number held by another feature is 409" 409 \
	"$(api POST "$L/huntGroups?orgId=$ORG" "$(hg Other ',"phoneNumber":"+16175550150"')")"
check_eq "a number outside the location is 400" 400 \
	"$(api POST "$L/huntGroups?orgId=$ORG" "$(hg Other ',"phoneNumber":"+16175550999"')")"
check_eq "a number held by a subscriber is 409" 409 \
	"$(api POST "$L/huntGroups?orgId=$ORG" "$(hg Other ',"phoneNumber":"+16175550100"')")"
check_eq "an extension used in the location is 409" 409 \
	"$(api POST "$L/huntGroups?orgId=$ORG" "$(hg Other ',"extension":"100"')")"
check_eq "neither number nor extension is 400" 400 "$(api POST "$L/huntGroups?orgId=$ORG" "$(hg Other '')")"
check_eq "an unknown policy is 400" 400 "$(api POST "$L/huntGroups?orgId=$ORG" \
	"$(hg Other ',"extension":"502"' | sed 's/CIRCULAR/RANDOM/')")"
check_grep "the 400 lists the policies" 'CIRCULAR, REGULAR, SIMULTANEOUS, UNIFORM, WEIGHTED' "$T/body"
check_eq "noAnswer without numberOfRings is 400" 400 "$(api POST "$L/huntGroups?orgId=$ORG" \
	"$(hg Other ',"extension":"502"' | sed 's/"numberOfRings":5,//')")"
check_grep "the 400 names the missing field" 'callPolicies.noAnswer.numberOfRings is required' "$T/body"
check_eq "an agent of another org is 400" 400 "$(api POST "$L/huntGroups?orgId=$ORG" \
	"$(hg Other ',"extension":"502"' | sed "s/$P2/$PB/")")"
check_eq "an agent that is no person is 400" 400 "$(api POST "$L/huntGroups?orgId=$ORG" \
	"$(hg Other ',"extension":"502"' | sed "s/$P2/$LOC/")")"
check_eq "a numeric weight is 400" 400 "$(api POST "$L/huntGroups?orgId=$ORG" \
	"$(hg Other ',"extension":"502"' | sed 's/"weight":"30"/"weight":30/')")"
for i in 1 2 3; do api POST "$L/huntGroups?orgId=$ORG" "$(hg "Team $i" ",\"extension\":\"60$i\"")" >/dev/null; done
api GET "/v1/telephony/config/huntGroups?orgId=$ORG&locationId=$LOC&max=2" >/dev/null
check_eq "hunt group list pages by max" 2 "$(body 'len(d["huntGroups"])')"
check_grep "a longer list has Link rel=next with start" 'start=2&max=2>; rel="next"' "$T/headers"
api GET "/v1/telephony/config/huntGroups?orgId=$ORG&name=sales" >/dev/null
check_eq "hunt group list filters by name" "Sales:$HG:+16175550150:True" \
	"$(body '",".join("%s:%s:%s:%s" % (h["name"], h["id"], h["phoneNumber"], h["enabled"]) for h in d["huntGroups"])')"
check_eq "hunt group list without orgId is 404" 404 "$(api GET /v1/telephony/config/huntGroups)"
api GET "/v1/telephony/config/huntGroups?orgId=$B_ORG" >/dev/null
check_eq "another org lists none of them" 0 "$(body 'len(d["huntGroups"])')"
check_eq "hunt group GET is 200" 200 "$(api GET "$L/huntGroups/$HG?orgId=$ORG")"
check_eq "hunt group GET keeps the agents in order" "$P1,$P2" "$(body '",".join(a["id"] for a in d["agents"])')"
check_eq "hunt group PUT is 204" 204 "$(api PUT "$L/huntGroups/$HG?orgId=$ORG" \
	'{"alternateNumbers":[{"phoneNumber":"+16175550151","ringPattern":"LONG_LONG"}],"distinctiveRing":true}')"
check_eq "the alternate number is then taken" 409 \
	"$(api POST "$L/huntGroups?orgId=$ORG" "$(hg Other ',"phoneNumber":"+16175550151"')")"
check_eq "PUT to another's name is 409" 409 "$(api PUT "$L/huntGroups/$HG?orgId=$ORG" '{"name":"Team 1"}')"
check_eq "hunt group callForwarding PUT is 204" 204 "$(api PUT "$L/huntGroups/$HG/callForwarding?orgId=$ORG" \
	'{"callForwarding":{"always":{"enabled":true,"destination":"+16175550199","ringReminderEnabled":false,"destinationVoicemailEnabled":false}}}')"
api GET "$L/huntGroups/$HG/callForwarding?orgId=$ORG" >/dev/null
check_eq "hunt group callForwarding GET gives it back" "+16175550199" "$(body 'd["callForwarding"]["always"]["destination"]')"
check_eq "callForwarding of an unknown hunt group is 404" 404 \
	"$(api PUT "$L/huntGroups/Zm9v/callForwarding?orgId=$ORG" '{"callForwarding":{}}')"

# ---- queues ----
cq() {
	printf '{"name":"%s","extension":"%s","callPolicies":{"routingType":"%s","policy":"%s","callBounce":{"callBounceEnabled":true},"distinctiveRing":{"enabled":false}},"queueSettings":{"queueSize":10,"overflow":{"action":"PERFORM_BUSY_TREATMENT","greeting":"DEFAULT"}},"agents":[{"id":"%s","skillLevel":2}]}' \
		"$1" "$2" "$3" "$4" "$P1"
}
check_eq "queue create is 200" 200 "$(api POST "$L/queues?orgId=$ORG" "$(cq Orders 700 PRIORITY_BASED REGULAR)")"
Q=$(body 'd["id"]')
check_eq "SKILL_BASED with SIMULTANEOUS is 400" 400 \
	"$(api POST "$L/queues?orgId=$ORG" "$(cq Skills 701 SKILL_BASED SIMULTANEOUS)")"
check_eq "a queue without queueSettings is 400" 400 "$(api POST "$L/queues?orgId=$ORG" \
	'{"name":"Q2","extension":"702","callPolicies":{"routingType":"PRIORITY_BASED","policy":"REGULAR","callBounce":{},"distinctiveRing":{"enabled":false}},"agents":[]}')"
check_eq "a bad overflow action is 400" 400 "$(api POST "$L/queues?orgId=$ORG" \
	"$(cq Q3 703 PRIORITY_BASED REGULAR | sed 's/PERFORM_BUSY_TREATMENT/HANG_UP/')")"
check_eq "the queue's extension may not be a hunt group's" 409 \
	"$(api POST "$L/queues?orgId=$ORG" "$(cq Q4 500 PRIORITY_BASED REGULAR)")"
check_eq "a hunt group name may be reused by a queue" 200 \
	"$(api POST "$L/queues?orgId=$ORG" "$(cq Sales 704 PRIORITY_BASED REGULAR)")"
check_eq "nightService PUT is 204" 204 "$(api PUT "$L/queues/$Q/nightService?orgId=$ORG" \
	'{"nightServiceEnabled":true,"action":"TRANSFER","transferPhoneNumber":"+16175550100","playAnnouncementBeforeEnabled":false,"announcementMode":"NORMAL","audioMessageSelection":"DEFAULT","businessHoursName":"Office","businessHoursLevel":"LOCATION","forceNightServiceEnabled":false,"manualAudioMessageSelection":"DEFAULT"}')"
check_eq "nightService without forceNightServiceEnabled is 400" 400 "$(api PUT "$L/queues/$Q/nightService?orgId=$ORG" \
	'{"nightServiceEnabled":true,"playAnnouncementBeforeEnabled":false,"announcementMode":"NORMAL","audioMessageSelection":"DEFAULT","manualAudioMessageSelection":"DEFAULT"}')"
check_eq "holidayService with a bad level is 400" 400 "$(api PUT "$L/queues/$Q/holidayService?orgId=$ORG" \
	'{"holidayServiceEnabled":true,"action":"BUSY","holidayScheduleLevel":"GROUP","playAnnouncementBeforeEnabled":false,"audioMessageSelection":"DEFAULT"}')"
check_eq "strandedCalls PUT is 204" 204 "$(api PUT "$L/queues/$Q/strandedCalls?orgId=$ORG" \
	'{"action":"NIGHT_SERVICE","audioMessageSelection":"DEFAULT"}')"
check_eq "forcedForward PUT is 204" 204 "$(api PUT "$L/queues/$Q/forcedForward?orgId=$ORG" \
	'{"forcedForwardEnabled":false,"playAnnouncementBeforeEnabled":false,"audioMessageSelection":"DEFAULT"}')"
api GET "$L/queues/$Q/nightService?orgId=$ORG" >/dev/null
check_eq "nightService GET gives it back" "TRANSFER" "$(body 'd["action"]')"
api GET "/v1/telephony/config/queues?orgId=$ORG&locationId=$LOC&name=Orders" >/dev/null
check_eq "queue list filters by name" "$Q" "$(body '",".join(q["id"] for q in d["queues"])')"

# ---- paging ----
check_eq "paging create is 201" 201 "$(api POST "$L/paging?orgId=$ORG" \
	"{\"name\":\"Floor\",\"extension\":\"800\",\"originators\":[\"$P1\"],\"targets\":[\"$P2\",\"$P1\"]}")"
PG=$(body 'd["id"]')
check_eq "a paging target of another org is 400" 400 "$(api POST "$L/paging?orgId=$ORG" \
	"{\"name\":\"Floor 2\",\"extension\":\"801\",\"targets\":[\"$PB\"]}")"
check_eq "a paging name over 30 characters is 400" 400 "$(api POST "$L/paging?orgId=$ORG" \
	'{"name":"A paging group name of more than thirty","extension":"802"}')"
api GET "/v1/telephony/config/paging?orgId=$ORG" >/dev/null
check_eq "paging list uses locationPaging" "$PG" "$(body '",".join(p["id"] for p in d["locationPaging"])')"

# ---- supervisors (org-wide; POST answers 201 without a body) ----
SUP=/v1/telephony/config/supervisors
check_eq "a supervisor who is not a person of the org is 400" 400 \
	"$(api POST "$SUP?orgId=$ORG" "{\"id\":\"nope\",\"agents\":[{\"id\":\"$P1\"}]}")"
check_eq "an agent who is no queue's agent is 400" 400 \
	"$(api POST "$SUP?orgId=$ORG" "{\"id\":\"$P2\",\"agents\":[{\"id\":\"$P2\"}]}")"
check_grep "the 400 names the agent" "$P2" "$T/body"
check_eq "a supervisor without agents is 400" 400 "$(api POST "$SUP?orgId=$ORG" "{\"id\":\"$P2\",\"agents\":[]}")"
check_eq "supervisor POST is 201" 201 "$(api POST "$SUP?orgId=$ORG" "{\"id\":\"$P2\",\"agents\":[{\"id\":\"$P1\"}]}")"
check_eq "the same supervisor again is 409" 409 "$(api POST "$SUP?orgId=$ORG" "{\"id\":\"$P2\",\"agents\":[{\"id\":\"$P1\"}]}")"
api GET "$SUP?orgId=$ORG" >/dev/null
check_eq "the list shows the supervisor and its agent count" "$P2 1" "$(body '" ".join("%s %d" % (s["id"], s["agentCount"]) for s in d["supervisors"])')"
api GET "$SUP/$P2?orgId=$ORG" >/dev/null
check_eq "supervisor GET lists its agents" "$P1" "$(body '",".join(a["id"] for a in d["agents"])')"
check_eq "another org does not see it" 404 "$(api GET "$SUP/$P2?orgId=$B_ORG")"
check_eq "state counts supervisors, no duplicate" "1,0" "$(state '"%d,%d" % (d["counts"]["supervisors"], d["duplicates"]["supervisors.id"])')"
check_eq "supervisor DELETE is 204" 204 "$(api DELETE "$SUP/$P2?orgId=$ORG")"
check_eq "a deleted supervisor is 404" 404 "$(api GET "$SUP/$P2?orgId=$ORG")"

# ---- state, delete ----
check_eq "state counts hunt groups" 4 "$(state 'd["counts"]["huntGroups"]')"
check_eq "state counts queues and paging" "2,1" "$(state '"%d,%d" % (d["counts"]["queues"], d["counts"]["paging"])')"
check_eq "state counts sub-resources" 4 "$(state 'd["counts"]["featureSettings"]')"
check_eq "state reports no duplicate names" "0,0,0" \
	"$(state '"%d,%d,%d" % (d["duplicates"]["huntGroups.name"], d["duplicates"]["queues.name"], d["duplicates"]["paging.name"])')"
check_eq "state counts requests per feature endpoint" 1 \
	"$(state 'sum(r["count"] for r in d["requests"] if r["path"] == "/v1/telephony/config/locations/{id}/paging" and r["status"] == 201)')"
check_eq "hunt group DELETE is 204" 204 "$(api DELETE "$L/huntGroups/$HG?orgId=$ORG")"
check_eq "a deleted hunt group is 404" 404 "$(api GET "$L/huntGroups/$HG?orgId=$ORG")"
check_eq "its numbers are free again" 200 \
	"$(api POST "$L/huntGroups?orgId=$ORG" "$(hg Again ',"phoneNumber":"+16175550151"')")"
check_eq "its settings are gone" 3 "$(state 'd["counts"]["featureSettings"]')"
stop_sandbox

# --allow-duplicates lets a misbehaving client create one; the state counts it
start_sandbox --provision-delay-ms 0 --allow-duplicates || { not_ok "sandbox starts"; exit 1; }
provision_customer ACME >/dev/null
L="/v1/telephony/config/locations/$LOC"
api POST "$L/paging?orgId=$ORG" '{"name":"Floor","extension":"800"}' >/dev/null
api POST "$L/paging?orgId=$ORG" '{"name":"floor","extension":"801"}' >/dev/null
check_eq "a duplicate paging name is counted" 1 "$(state 'd["duplicates"]["paging.name"]')"
stop_sandbox
