# sandbox_faults.sh — seeded faults over HTTP: the same seed gives the same
# sequence, another seed another; each fault looks as documented; a lost
# create really happened; /_sandbox is never faulted.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/fixtures/sandbox/helpers.sh"

# sequence N: the statuses of N sequential GETs (000 = connection reset).
sequence() {
	n=0
	while [ $n -lt "$1" ]; do
		curl -s -o /dev/null -w '%{http_code} ' -H @"$T/auth.hdr" "$SBX_URL/v1/wholesale/customers"
		n=$((n + 1))
	done
}
MIX='429=20%,5xx=20%,423=10%,reset=10%'

start_sandbox --faults "$MIX" --seed 7 || { not_ok "sandbox starts"; exit 1; }
first=$(sequence 40)
curl -s -o /dev/null -X POST "$SBX_URL/_sandbox/reset"
second=$(sequence 40)
check_eq "the same seed gives the same fault sequence" "$first" "$second"
check "the sequence holds 200, 429, 5xx, 423 and resets" \
	sh -c "echo '$first' | grep -q 200 && echo '$first' | grep -q 429 && echo '$first' | grep -Eq '50[0234]' && echo '$first' | grep -q 423 && echo '$first' | grep -q 000"
check_eq "the state counts the injected resets" \
	"$(echo "$second" | tr ' ' '\n' | grep -c '^000$')" "$(state 'd["faults"]["reset"]')"
code=$(curl -s -o /dev/null -w '%{http_code}' "$SBX_URL/_sandbox/state")
check_eq "/_sandbox is never faulted" 200 "$code"
check "the sandbox stops cleanly" stop_sandbox

start_sandbox --faults "$MIX" --seed 8 || not_ok "sandbox restarts"
other=$(sequence 40)
check "another seed gives another sequence" test "$first" != "$other"
check "the sandbox stops cleanly" stop_sandbox

# Retry-After comes in three forms.
start_sandbox --faults '429=100%' --seed 3 || not_ok "sandbox starts for 429"
n=0
: >"$T/retry.txt"
while [ $n -lt 40 ]; do
	api GET /v1/wholesale/customers >/dev/null
	header Retry-After >>"$T/retry.txt"
	n=$((n + 1))
done
check_grep "429 sends Retry-After in seconds" '^[0-9]+$' "$T/retry.txt"
check_grep "429 sends Retry-After as an HTTP-date" '^[A-Z][a-z][a-z], [0-9]{2} [A-Z][a-z][a-z] [0-9]{4} [0-9:]{8} GMT$' "$T/retry.txt"
check_grep "429 now and then sends an odd Retry-After" '^(soon|1\.5)$' "$T/retry.txt"
check "the sandbox stops cleanly" stop_sandbox

# 5xx: the four server errors; 503 says when to come back.
start_sandbox --faults '5xx=100%' --seed 5 || not_ok "sandbox starts for 5xx"
: >"$T/5xx.txt"
n=0
while [ $n -lt 24 ]; do
	echo "$(api GET /v1/wholesale/customers) $(header Retry-After)" >>"$T/5xx.txt"
	n=$((n + 1))
done
check_grep "a 503 fault carries Retry-After" '^503 1$' "$T/5xx.txt"
check_grep "other server errors carry none" '^50[024] $' "$T/5xx.txt"
check "the sandbox stops cleanly" stop_sandbox

# lost: the create is carried out, the answer is not.
start_sandbox --faults 'lost=100%' --seed 1 || not_ok "sandbox starts for lost"
code=$(api POST /v1/wholesale/customers "$(fixture customer)")
check "a lost create answers a 5xx or nothing" sh -c "echo $code | grep -Eq '^(000|50[0234])$'"
check_eq "a lost create was carried out" 1 "$(state 'd["counts"]["customers"]')"
check_eq "the state counts the lost answer" 1 "$(state 'd["faults"]["lost"]')"
check "the sandbox stops cleanly" stop_sandbox

# slow: the body arrives whole, only late.
start_sandbox --faults 'slow=100%' || not_ok "sandbox starts for slow"
code=$(api POST /v1/wholesale/customers/validate '{"address":{"addressLine1":"1 Elm","city":"Leeds","country":"GB"}}')
check_eq "a slow answer keeps its status" 200 "$code"
check_eq "a slow answer's body arrives complete" 100 "$(body 'd["info"]["infoCode"]')"
check "the sandbox stops cleanly" stop_sandbox

# --rate: a burst beyond the bucket is throttled with whole seconds.
start_sandbox --rate 1 || not_ok "sandbox starts for rate"
: >"$T/rate.txt"
n=0
while [ $n -lt 6 ]; do
	echo "$(api GET /v1/wholesale/customers) $(header Retry-After)" >>"$T/rate.txt"
	n=$((n + 1))
done
check_grep "a burst over --rate is answered 429 with Retry-After seconds" '^429 [1-9][0-9]*$' "$T/rate.txt"
check_grep "the first requests of the burst pass" '^200 $' "$T/rate.txt"
check_eq "the state counts throttled requests" "$(grep -c '^429' "$T/rate.txt")" \
	"$(state 'd["faults"]["throttled"]')"
check "the sandbox stops cleanly" stop_sandbox
