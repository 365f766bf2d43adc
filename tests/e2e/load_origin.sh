# load_origin.sh — the bearer token goes only to the --api origin. A
# customer create answered 202 with a Location on another origin (another
# host name, here localhost for 127.0.0.1) is polled at the API's own
# /wholesale/customers/{id}, never at that Location.
. "$BWM_ROOT/tests/e2e/lib.sh"

rm -f "$T/port" "$T/requests.log" "$T"/*.journal*
python3 "$BWM_ROOT/tests/fixtures/load/api_stub.py" foreign-location "$T/port" "$T/requests.log" &
SRV=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$T/port" 2>/dev/null)
printf '%s\n' '{"kind":"customer","key":"A","batch":"w1","depends":[],"request":{"method":"POST","path":"/wholesale/customers"},"params":{},"body":{"externalId":"A"},"lookup":{"externalId":"A"}}' >"$T/plan.jsonl"

WEBEX_TOKEN=origin-test-token bwm load -q --api "http://127.0.0.1:$PORT/v1" \
	--journal "$T/o.journal" "$T/plan.jsonl" >/dev/null 2>"$T/err"
check_eq "the customer is provisioned (exit 0)" 0 $?
check_grep "it was polled at the API's own origin" "^127.0.0.1:$PORT yes GET /v1/wholesale/customers/c1" \
	"$T/requests.log"
check_no_grep "no request went to the foreign Location's host" "localhost:$PORT" "$T/requests.log"
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null || :
