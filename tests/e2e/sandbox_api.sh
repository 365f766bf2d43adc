# sandbox_api.sh — conformance of the sandbox's endpoints and error paths:
# the shapes the load stage relies on, and the rules that catch its bugs.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/fixtures/sandbox/helpers.sh"

# A customer stays provisioning as long as the delay says (an hour here).
start_sandbox --provision-delay-ms 3600000 || { not_ok "sandbox starts"; exit 1; }
api POST /v1/wholesale/customers "$(fixture customer)" >/dev/null
CUST=$(header Location | sed 's|.*/||')
api GET "/v1/wholesale/customers/$CUST" >/dev/null
check_eq "a new customer is provisioning" provisioning "$(body 'd["status"]')"
check_eq "a provisioning customer has no orgId" False "$(body '"orgId" in d')"
check_eq "a subscriber of a provisioning customer is 409" 409 \
	"$(api POST /v1/wholesale/subscribers "$(fixture subscriber)")"
check_grep "the 409 says the customer is still provisioning" 'is provisioning' "$T/body"
stop_sandbox

start_sandbox --provision-delay-ms 0 --pending-emails '^pending\.' || { not_ok "sandbox starts"; exit 1; }

# ---- auth and routing ----
code=$(curl -s -o "$T/body" -w '%{http_code}' "$SBX_URL/v1/wholesale/customers")
check_eq "request without a token is 401" 401 "$code"
check_eq "401 carries the Webex error shape" "True" \
	"$(body 'isinstance(d["errors"][0]["errorCode"], int) and bool(d["message"]) and bool(d["trackingId"])')"
code=$(curl -s -o "$T/body" -w '%{http_code}' -H @"$T/badauth.hdr" "$SBX_URL/v1/wholesale/customers")
check_eq "wrong bearer token is 401" 401 "$code"
check_eq "unknown path is 404" 404 "$(api GET /v1/wholesale/nothing)"
check_eq "wrong method is 405" 405 "$(api PATCH /v1/wholesale/customers)"
check_grep "405 names the allowed methods" '^Allow: GET, POST' "$T/headers"
check_eq "body that is not JSON is 400" 400 "$(api POST /v1/wholesale/customers '{"provisioningId":')"
code=$(curl -s -o "$T/body" -w '%{http_code}' -H @"$T/auth.hdr" -H 'Content-Type: text/plain' \
	--data-binary '{}' "$SBX_URL/v1/wholesale/customers")
check_eq "body without a JSON content type is 415" 415 "$code"

# ---- customers ----
check_eq "customer POST is 202" 202 "$(api POST /v1/wholesale/customers "$(fixture customer)")"
loc=$(header Location)
CUST=${loc##*/}
check_eq "customer Location header is absolute" "$SBX_URL/v1/wholesale/customers/$CUST" "$loc"
check_eq "customer POST body holds the url" "$loc" "$(body 'd["url"]')"
check_eq "duplicate externalId is 409" 409 "$(api POST /v1/wholesale/customers "$(fixture customer)")"
i=0
while [ $i -lt 100 ]; do
	api GET "/v1/wholesale/customers/$CUST" >/dev/null
	[ "$(body 'd["status"]')" = provisioning ] || break
	sleep 0.05; i=$((i + 1))
done
check_eq "the customer is provisioned after the delay" provisioned "$(body 'd["status"]')"
ORG=$(body 'd.get("orgId","")')
check "a provisioned customer has an orgId" test -n "$ORG"
check_eq "resourceDetails lists each package" "webex_calling,webex_meetings" \
	"$(body '",".join(p["name"] for p in d["resourceDetails"]["packages"])')"
api GET "/v1/wholesale/customers?externalId=ACME" >/dev/null
check_eq "customers list filters by externalId" "$CUST" "$(body '",".join(c["id"] for c in d["items"])')"
api GET "/v1/wholesale/customers?externalId=NOPE" >/dev/null
check_eq "customers list of an unknown externalId is empty" 0 "$(body 'len(d["items"])')"
api GET "/v1/wholesale/customers?status=provisioning" >/dev/null
check_eq "customers list filters by status" 0 "$(body 'len(d["items"])')"
check_eq "unknown customer id is 404" 404 "$(api GET /v1/wholesale/customers/Zm9v)"
api GET "/v1/locations?orgId=$ORG" >/dev/null
check_eq "provisioning created the first location from provisioningParameters" "Boston HQ" \
	"$(body 'd["items"][0]["name"]')"
LOC=$(body 'd["items"][0]["id"]')
check_eq "the first location has the calling time zone" "America/New_York" \
	"$(body 'd["items"][0]["timeZone"]')"

api GET "/v1/wholesale/customers/$CUST?includePackageLicenseInfo=true" >/dev/null
check_eq "includePackageLicenseInfo adds licenseIds per package" 2 \
	"$(body 'sum(len(p.get("licenseIds", [])) for p in d["resourceDetails"]["packages"])')"
curl -s -o /dev/null -D "$T/headers" -X POST -H @"$T/auth.hdr" -H 'Host: sandbox.test:8080' \
	-H 'Content-Type: application/json' --data-binary "$(EXT=HOSTED fixture customer)" \
	"$SBX_URL/v1/wholesale/customers"
check_grep "Location names the host the client dialled" '^Location: http://sandbox\.test:8080/v1/wholesale/customers/' \
	"$T/headers"
python3 -c 'import sys; sys.stdout.write("{\"x\":\"" + "a" * (5 * 1024 * 1024) + "\"}")' >"$T/huge.json"
code=$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H @"$T/auth.hdr" \
	-H 'Content-Type: application/json' --data-binary @"$T/huge.json" "$SBX_URL/v1/wholesale/customers")
check_eq "a body over 4 MiB is 413" 413 "$code"

# ---- customer validation ----
bad() { # NAME PYTHON-EDIT: POST a customer edited by the expression, expect 400 naming FIELD
	python3 - "$SBX_FIX/customer.json" "$2" >"$T/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["externalId"] = "BAD"
exec(sys.argv[2])
print(json.dumps(d))
PY
	code=$(api POST /v1/wholesale/customers "$(cat "$T/bad.json")")
	if [ "$code" = 400 ] && grep -q "$3" "$T/body"; then ok "$1"; else not_ok "$1 ($code: $(cat "$T/body"))"; fi
}
bad "customer without provisioningId is 400" 'del d["provisioningId"]' provisioningId
bad "customer without packages is 400" 'del d["packages"]' packages
bad "unknown customer package is 400" 'd["packages"] = ["webex_teleport"]' webex_teleport
bad "attendant_console without a calling package is 400" \
	'd["packages"] = ["webex_meetings", "attendant_console"]' "attendant_console is dependent"
bad "cisco_calling_plan without a calling package is 400" \
	'd["packages"] = ["webex_meetings", "cisco_calling_plan"]' "cisco_calling_plan is dependent"
bad "address line over 50 characters is 400" 'd["address"]["addressLine1"] = "x" * 51' addressLine1
bad "country that is not ISO alpha-2 is 400" 'd["address"]["country"] = "USA"' country
bad "percent in customerInfo.name is 400" 'd["customerInfo"]["name"] = "100% Corp"' "customerInfo.name"
bad "bad primaryEmail is 400" 'd["customerInfo"]["primaryEmail"] = "it-at-acme"' primaryEmail
bad "calling package without a calling location is 400" 'del d["provisioningParameters"]' \
	provisioningParameters
bad "calling location without a timezone is 400" \
	'del d["provisioningParameters"]["calling"]["location"]["timezone"]' timezone
bad "US address without a zip code is 400" 'del d["address"]["zipOrPostalCode"]' zipOrPostalCode

# ---- precheck ----
check_eq "customer precheck of a good body is 200" 200 \
	"$(api POST /v1/wholesale/customers/validate '{"address":{"addressLine1":"1 Elm","city":"Leeds","country":"GB"},"customerInfo":{"primaryEmail":"a@b.example"}}')"
check_eq "customer precheck answers infoCode 100" 100 "$(body 'd["info"]["infoCode"]')"
check_eq "customer precheck without address is 400" 400 \
	"$(api POST /v1/wholesale/customers/validate '{"customerInfo":{"primaryEmail":"a@b.example"}}')"
check_eq "customer precheck of a taken externalId is 409" 409 \
	"$(api POST /v1/wholesale/customers/validate '{"externalId":"ACME","address":{"addressLine1":"1 Elm","city":"Leeds","country":"GB"}}')"
check_eq "subscriber precheck of a new e-mail is 200" 200 \
	"$(api POST /v1/wholesale/subscribers/validate '{"email":"new@acme.example"}')"
check_eq "subscriber precheck of a bad e-mail is 400" 400 \
	"$(api POST /v1/wholesale/subscribers/validate '{"email":"nope"}')"

# ---- locations ----
check_eq "location POST without orgId is 400" 400 "$(api POST /v1/locations "$(fixture location)")"
check_eq "location POST into an unknown org is 404" 404 \
	"$(api POST "/v1/locations?orgId=Zm9v" "$(fixture location)")"
check_eq "location POST is 201" 201 "$(api POST "/v1/locations?orgId=$ORG" "$(fixture location)")"
LOC2=$(body 'd["id"]')
check "location POST answers its id" test -n "$LOC2"
check_eq "duplicate location name in an org is 409" 409 \
	"$(api POST "/v1/locations?orgId=$ORG" "$(fixture location)")"
check_eq "location without timeZone is 400" 400 \
	"$(api POST "/v1/locations?orgId=$ORG" '{"name":"X","preferredLanguage":"en_us","announcementLanguage":"en_us","address":{"address1":"1","city":"c","state":"s","postalCode":"1","country":"US"}}')"
api GET "/v1/locations?name=CHICAGO&orgId=$ORG" >/dev/null
check_eq "locations list matches name contains, case-insensitive" "$LOC2" \
	"$(body '",".join(l["id"] for l in d["items"])')"
api GET "/v1/locations?orgId=$ORG&max=1" >/dev/null
check_grep "locations list pages with Link rel=next" 'rel="next"' "$T/headers"
next=$(header Link | sed 's/^<\([^>]*\)>.*/\1/')
curl -s -o "$T/body" -H @"$T/auth.hdr" "$next"
check_eq "the next page holds the second location" "$LOC2" "$(body 'd["items"][0]["id"]')"

# ---- numbers ----
check_eq "numbers POST is 201" 201 \
	"$(api POST "/v1/telephony/config/locations/$LOC/numbers" "$(fixture numbers)")"
check_eq "numbers already present are ignored" 201 \
	"$(api POST "/v1/telephony/config/locations/$LOC/numbers" "$(fixture numbers)")"
api GET "/v1/telephony/config/locations/$LOC/numbers" >/dev/null
check_eq "numbers GET lists the location's numbers once" "+16175550100,+16175550101" \
	"$(body '",".join(n["phoneNumber"] for n in d["phoneNumbers"])')"
check_eq "a number in another location is 409" 409 \
	"$(api POST "/v1/telephony/config/locations/$LOC2/numbers" '{"phoneNumbers":["+16175550100"]}')"
check_eq "a number that is not E.164 is 400" 400 \
	"$(api POST "/v1/telephony/config/locations/$LOC/numbers" '{"phoneNumbers":["6175550100"]}')"
check_eq "numbers PUT DEACTIVATE is 204" 204 \
	"$(api PUT "/v1/telephony/config/locations/$LOC/numbers" '{"phoneNumbers":["+16175550101"],"action":"DEACTIVATE"}')"
api GET "/v1/telephony/config/numbers?phoneNumber=%2B16175550101" >/dev/null
check_eq "a deactivated number is INACTIVE" INACTIVE "$(body 'd["phoneNumbers"][0]["state"]')"
check_eq "numbers PUT ACTIVATE is 204" 204 \
	"$(api PUT "/v1/telephony/config/locations/$LOC/numbers" '{"phoneNumbers":["+16175550101"]}')"
check_eq "numbers PUT of a number elsewhere is 400" 400 \
	"$(api PUT "/v1/telephony/config/locations/$LOC2/numbers" '{"phoneNumbers":["+16175550101"]}')"
check_eq "numbers of an unknown location is 404" 404 \
	"$(api POST "/v1/telephony/config/locations/Zm9v/numbers" "$(fixture numbers)")"

# ---- subscribers ----
check_eq "subscriber POST is 200" 200 "$(api POST /v1/wholesale/subscribers "$(fixture subscriber)")"
SUB=$(body 'd["id"]')
check_eq "a new subscriber is provisioned" provisioned "$(body 'd["status"]')"
check "a provisioned subscriber has a personId" test -n "$(body 'd.get("personId","")')"
check_eq "subscriber Location header is absolute" "$SBX_URL/v1/wholesale/subscribers/$SUB" \
	"$(header Location)"
check_eq "duplicate subscriber e-mail is 409" 409 \
	"$(api POST /v1/wholesale/subscribers "$(EMAIL=JDOE@acme.example PHONE=+16175550101 fixture subscriber)")"
check_eq "duplicate e-mail answers errorCode 10022" 10022 "$(body 'd["errors"][0]["errorCode"]')"
check_eq "a number already assigned is 409" 409 \
	"$(api POST /v1/wholesale/subscribers "$(EMAIL=other@acme.example fixture subscriber)")"
check_eq "a number not in the location is 400" 400 \
	"$(api POST /v1/wholesale/subscribers "$(EMAIL=x1@acme.example PHONE=+16175559999 fixture subscriber)")"
check_grep "the description says to add the number first" 'numbers first' "$T/body"
check_eq "a location of another org is 400" 400 \
	"$(api POST /v1/wholesale/subscribers "$(EMAIL=x2@acme.example LOC=Zm9v PHONE=+16175550101 fixture subscriber)")"
check_eq "an unknown customer is 404" 404 \
	"$(api POST /v1/wholesale/subscribers "$(EMAIL=x3@acme.example CUST=Zm9v PHONE=+16175550101 fixture subscriber)")"
check_eq "two packages for a subscriber is 400" 400 \
	"$(api POST /v1/wholesale/subscribers "{\"customerId\":\"$CUST\",\"email\":\"x4@acme.example\",\"packages\":[\"webex_calling\",\"webex_meetings\"],\"provisioningParameters\":{\"extension\":\"104\"}}")"
check_eq "a calling package without number or extension is 400" 400 \
	"$(api POST /v1/wholesale/subscribers "{\"customerId\":\"$CUST\",\"email\":\"x5@acme.example\",\"packages\":[\"webex_calling\"],\"provisioningParameters\":{\"firstName\":\"A\"}}")"
check_eq "a package the customer lacks is 400" 400 \
	"$(api POST /v1/wholesale/subscribers "{\"customerId\":\"$CUST\",\"email\":\"x6@acme.example\",\"packages\":[\"webex_suite\"],\"provisioningParameters\":{\"extension\":\"106\"}}")"
check_eq "an e-mail matching --pending-emails is 202" 202 \
	"$(api POST /v1/wholesale/subscribers "{\"customerId\":\"$CUST\",\"email\":\"pending.user@acme.example\",\"packages\":[\"webex_meetings\"],\"provisioningParameters\":{}}")"
check_eq "a pending subscriber is pending_user_migration" pending_user_migration "$(body 'd["status"]')"
check_eq "a pending subscriber has no personId" False "$(body '"personId" in d')"
check_eq "state counts subscribers per status" "pending_user_migration=1 provisioned=1" \
	"$(state '" ".join("%s=%d" % kv for kv in sorted(d["statuses"]["subscribers"].items()))')"
PENDING=$(body 'd["id"]')
check_eq "a pending subscriber's consent e-mail can be resent" 204 \
	"$(api POST "/v1/subscribers/$PENDING/emails/consentMove")"
api GET "/v1/wholesale/subscribers?email=jdoe@ACME.example" >/dev/null
check_eq "subscribers list finds an e-mail case-insensitively" "$SUB" \
	"$(body '",".join(s["id"] for s in d["items"])')"
check_eq "subscribers list max over 100 is 400" 400 "$(api GET '/v1/wholesale/subscribers?max=101')"
api GET "/v1/wholesale/subscribers?customerId=$CUST&max=1" >/dev/null
check_grep "subscribers list pages with Link rel=next" 'rel="next"' "$T/headers"
check_eq "an assigned number cannot be removed" 409 \
	"$(api DELETE "/v1/telephony/config/locations/$LOC/numbers" '{"phoneNumbers":["+16175550100"]}')"
check_eq "subscriber PUT to another package is 200" 200 \
	"$(api PUT "/v1/wholesale/subscribers/$SUB" '{"packages":["webex_meetings"]}')"
check_eq "subscriber PUT changes the package" webex_meetings "$(body 'd["packages"][0]')"
check_eq "a subscriber without calling gives its number back" False \
	"$(state 'any("ownerId" in n for n in d["items"]["numbers"])')"
check_eq "a provisioned subscriber gets no consent e-mail" 400 \
	"$(api POST "/v1/subscribers/$SUB/emails/consentMove")"
check_eq "subscriber DELETE is 204" 204 "$(api DELETE "/v1/wholesale/subscribers/$SUB")"
check_eq "a deleted subscriber is 404" 404 "$(api GET "/v1/wholesale/subscribers/$SUB")"
check_eq "the number of a deleted subscriber can be removed" 204 \
	"$(api DELETE "/v1/telephony/config/locations/$LOC/numbers" '{"phoneNumbers":["+16175550100"]}')"
api GET "/v1/telephony/config/locations/$LOC/numbers" >/dev/null
check_eq "a removed number is gone from its location" "+16175550101" \
	"$(body '",".join(n["phoneNumber"] for n in d["phoneNumbers"])')"

# ---- customer update and delete ----
check_eq "customer PUT is 202" 202 \
	"$(api PUT "/v1/wholesale/customers/$CUST" '{"packages":["webex_calling"]}')"
api GET "/v1/wholesale/customers/$CUST" >/dev/null
check_eq "customer PUT replaces the package list" '["webex_calling"]' "$(body 'json.dumps(d["packages"])')"
check_eq "customer with subscribers cannot be deleted" 409 "$(api DELETE "/v1/wholesale/customers/$CUST")"
api GET "/v1/wholesale/subscribers?customerId=$CUST" >/dev/null
for id in $(body '" ".join(s["id"] for s in d["items"])'); do api DELETE "/v1/wholesale/subscribers/$id" >/dev/null; done
check_eq "customer DELETE is 202" 202 "$(api DELETE "/v1/wholesale/customers/$CUST")"
api GET "/v1/wholesale/customers?externalId=HOSTED" >/dev/null
api DELETE "/v1/wholesale/customers/$(body 'd["items"][0]["id"]')" >/dev/null
check_eq "deleting a customer leaves nothing behind" "0 0 0 0" \
	"$(state '" ".join(str(d["counts"][k]) for k in ("customers","subscribers","locations","numbers"))')"

# ---- inspection ----
check_eq "state counts the two customer DELETEs under the templated path" 2 \
	"$(state 'sum(r["count"] for r in d["requests"] if r["path"]=="/v1/wholesale/customers/{id}" and r["method"]=="DELETE" and r["status"]==202)')"
check_eq "state shows no duplicates" 0 "$(state 'sum(d["duplicates"].values())')"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$SBX_URL/_sandbox/reset")
check_eq "reset answers 204" 204 "$code"
check_eq "reset forgets the request statistics" 0 "$(state 'len(d["requests"])')"

check "SIGTERM stops the sandbox with status 0" stop_sandbox
check_no_grep "the token never reaches the sandbox's output" "$SBX_TOKEN" "$T/sandbox.out" "$T/sandbox.err"

# ---- duplicates are counted when a client manages to create them ----
start_sandbox --provision-delay-ms 0 --allow-duplicates || not_ok "sandbox with --allow-duplicates starts"
provision_customer DUP || not_ok "customer provisioned"
api POST /v1/wholesale/customers "$(fixture customer)" >/dev/null
check_eq "--allow-duplicates accepts a second externalId" 202 "$(api POST /v1/wholesale/customers "$(EXT=DUP fixture customer)")"
api POST "/v1/locations?orgId=$ORG" "$(fixture location)" >/dev/null
check_eq "--allow-duplicates accepts a second location name" 201 \
	"$(api POST "/v1/locations?orgId=$ORG" "$(fixture location)")"
LOC2=$(body 'd["id"]')
api POST "/v1/telephony/config/locations/$LOC/numbers" "$(fixture numbers)" >/dev/null
check_eq "--allow-duplicates accepts a number in two locations" 201 \
	"$(api POST "/v1/telephony/config/locations/$LOC2/numbers" '{"phoneNumbers":["+16175550100"]}')"
api POST /v1/wholesale/subscribers "$(fixture subscriber)" >/dev/null
check_eq "--allow-duplicates accepts a second subscriber e-mail" 200 \
	"$(api POST /v1/wholesale/subscribers "{\"customerId\":\"$CUST\",\"email\":\"Jdoe@acme.example\",\"packages\":[\"webex_meetings\"],\"provisioningParameters\":{}}")"
check_eq "state counts the rows beyond the first of each natural key" \
	"customers.externalId=2 huntGroups.name=0 locations.name=1 numbers.phoneNumber=1 paging.name=0 queues.name=0 subscribers.email=1" \
	"$(state '" ".join("%s=%d" % kv for kv in sorted(d["duplicates"].items()))')"
check "the sandbox stops cleanly" stop_sandbox
