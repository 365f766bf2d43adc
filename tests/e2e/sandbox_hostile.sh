# sandbox_hostile.sh — bodies of the wrong shape at every endpoint that
# takes one: each gets a 4xx in the Webex error shape, never a 5xx or a
# dropped connection (and, under the sanitizers, never a memory error).
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/fixtures/sandbox/helpers.sh"

start_sandbox --provision-delay-ms 0 || { not_ok "sandbox starts"; exit 1; }
provision_customer HOSTILE || not_ok "customer provisioned"
api GET "/v1/wholesale/subscribers" >/dev/null

BODIES='[]
"text"
42
null
{}
{"packages":5,"address":[],"customerInfo":"x","provisioningParameters":7}
{"provisioningId":1,"externalId":{},"packages":[1,null,{}],"address":{"addressLine1":5}}
{"customerId":[],"email":7,"packages":"webex_calling","provisioningParameters":[]}
{"customerId":"@CUST@","email":"a@b.example","packages":[["webex_calling"]],"provisioningParameters":{"extension":12}}
{"customerId":"@CUST@","email":"a@b.example","package":{},"provisioningParameters":{"primaryPhoneNumber":["+1"]}}
{"name":["x"],"timeZone":1,"address":"here"}
{"phoneNumbers":"+16175550100","numberType":1,"state":[]}
{"phoneNumbers":[1,2,3]}
{"phoneNumbers":[],"action":"EXPLODE"}
{"address":{"addressLine1":"1","city":"c","country":"US","stateOrProvince":"MA","zipOrPostalCode":"1"},"customerInfo":{"primaryEmail":[]}}'

PATHS="POST /v1/wholesale/customers
POST /v1/wholesale/customers/validate
PUT /v1/wholesale/customers/$CUST
POST /v1/wholesale/subscribers
POST /v1/wholesale/subscribers/validate
POST /v1/locations?orgId=$ORG
POST /v1/telephony/config/locations/$LOC/numbers
PUT /v1/telephony/config/locations/$LOC/numbers
DELETE /v1/telephony/config/locations/$LOC/numbers"

: >"$T/answers.txt"
echo "$PATHS" | while read -r method path; do
	echo "$BODIES" | while IFS= read -r b; do
		b=$(echo "$b" | sed "s|@CUST@|$CUST|g")
		code=$(api "$method" "$path" "$b")
		shape=0
		grep -Eq '^\{"message":"[^"]+","errors":\[\{"description":"[^"]+","errorCode":[0-9]+\}\],"trackingId":"' \
			"$T/body" && shape=1
		echo "$code $shape $method $path $b" >>"$T/answers.txt"
	done
done
total=$(wc -l <"$T/answers.txt" | tr -d ' ')
check_eq "every hostile body was answered" 135 "$total"
check_eq "every hostile body got a 4xx in the error shape" "" \
	"$(grep -Ev '^4[0-9][0-9] 1 ' "$T/answers.txt" | head -3)"
check_eq "nothing was created by a hostile body" "1 0 1 0" \
	"$(state '" ".join(str(d["counts"][k]) for k in ("customers","subscribers","locations","numbers"))')"
check "the sandbox stops cleanly" stop_sandbox
