# sandbox_concurrency.sh — many keep-alive clients at once: 8 clients
# create 200 subscribers in parallel; nothing is lost, nothing doubled,
# and a race for one e-mail has exactly one winner.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/fixtures/sandbox/helpers.sh"

start_sandbox --provision-delay-ms 0 || { not_ok "sandbox starts"; exit 1; }
provision_customer CONC || not_ok "customer provisioned"

# 200 numbers +1617555{1000..1199} in one request.
python3 -c 'import json; print(json.dumps({"phoneNumbers": ["+1617555%04d" % (1000 + i) for i in range(200)]}))' >"$T/nums.json"
check_eq "200 numbers are added" 201 \
	"$(api POST "/v1/telephony/config/locations/$LOC/numbers" "$(cat "$T/nums.json")")"

# One curl per client, 25 requests each over one keep-alive connection.
mkdir -p "$T/bodies"
for c in 0 1 2 3 4 5 6 7; do
	: >"$T/client$c.cfg"
	for k in $(seq 0 24); do
		i=$((c * 25 + k))
		printf '{"customerId":"%s","email":"user%03d@conc.example","packages":["webex_calling"],"provisioningParameters":{"firstName":"U","lastName":"%d","primaryPhoneNumber":"+1617555%04d","extension":"%d","locationId":"%s"}}' \
			"$CUST" "$i" "$i" $((1000 + i)) $((2000 + i)) "$LOC" >"$T/bodies/$i.json"
		[ "$k" -gt 0 ] && echo "next" >>"$T/client$c.cfg"
		cat >>"$T/client$c.cfg" <<CFG
url = "$SBX_URL/v1/wholesale/subscribers"
request = "POST"
header = "@$T/auth.hdr"
header = "Content-Type: application/json"
data = "@$T/bodies/$i.json"
output = "/dev/null"
write-out = "%{http_code}\n"
silent
CFG
	done
done
pids=""
for c in 0 1 2 3 4 5 6 7; do
	curl -K "$T/client$c.cfg" >"$T/codes$c.txt" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
check_eq "every one of the 200 creates answered 200" "200 200" \
	"$(cat "$T"/codes*.txt | wc -l | tr -d ' ') $(cat "$T"/codes*.txt | grep -c '^200$')"
check_eq "the sandbox holds exactly 200 subscribers" 200 "$(state 'd["counts"]["subscribers"]')"
check_eq "no subscriber e-mail is duplicated" 0 "$(state 'd["duplicates"]["subscribers.email"]')"
check_eq "every number is owned by exactly one subscriber" 200 \
	"$(state 'len(set(n["ownerId"] for n in d["items"]["numbers"] if "ownerId" in n))')"
check_eq "the statistics count 200 creates" 200 \
	"$(state 'sum(r["count"] for r in d["requests"] if r["method"]=="POST" and r["path"]=="/v1/wholesale/subscribers" and r["status"]==200)')"

# Eight clients race to create the same e-mail: one wins, seven get 409.
printf '{"customerId":"%s","email":"race@conc.example","packages":["webex_meetings"],"provisioningParameters":{}}' "$CUST" >"$T/race.json"
pids=""
for c in 0 1 2 3 4 5 6 7; do
	curl -s -o /dev/null -w '%{http_code}\n' -X POST -H @"$T/auth.hdr" \
		-H 'Content-Type: application/json' --data-binary @"$T/race.json" \
		"$SBX_URL/v1/wholesale/subscribers" >"$T/race$c.txt" &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
check_eq "a race for one e-mail has one winner and seven 409s" "1 7" \
	"$(cat "$T"/race*.txt | grep -c '^200$') $(cat "$T"/race*.txt | grep -c '^409$')"
check_eq "the race left one subscriber with that e-mail" 201 "$(state 'd["counts"]["subscribers"]')"

# 64 connections at once, 4 requests each, all kept alive.
: >"$T/wide.cfg"
for i in $(seq 1 256); do
	[ "$i" -gt 1 ] && echo "next" >>"$T/wide.cfg"
	cat >>"$T/wide.cfg" <<CFG
url = "$SBX_URL/v1/wholesale/subscribers?customerId=$CUST&max=1"
header = "@$T/auth.hdr"
output = "/dev/null"
write-out = "%{http_code}\n"
silent
CFG
done
curl -s --parallel --parallel-max 64 -K "$T/wide.cfg" >"$T/wide.txt" 2>"$T/wide.err"
check_eq "64 simultaneous clients are all answered" "256 256" \
	"$(wc -l <"$T/wide.txt" | tr -d ' ') $(grep -c '^200$' "$T/wide.txt")"

check "SIGTERM stops the sandbox with status 0" stop_sandbox
