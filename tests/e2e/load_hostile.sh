# load_hostile.sh — an API answer far larger than any real one (17 MiB) is
# refused instead of held in memory: the entry fails with a clear message
# and the run exits 1.
. "$BWM_ROOT/tests/e2e/lib.sh"

rm -f "$T/port" "$T/requests.log" "$T"/*.journal*
python3 "$BWM_ROOT/tests/fixtures/load/api_stub.py" huge-body "$T/port" "$T/requests.log" &
SRV=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$T/port" 2>/dev/null)
printf '%s\n' '{"kind":"customer","key":"A","batch":"w1","depends":[],"request":{"method":"POST","path":"/wholesale/customers"},"params":{},"body":{"externalId":"A"}}' >"$T/plan.jsonl"

WEBEX_TOKEN=hostile-test-token bwm load -q --max-attempts 1 --api "http://127.0.0.1:$PORT/v1" \
	--journal "$T/h.journal" "$T/plan.jsonl" >/dev/null 2>"$T/err"
check_eq "an oversized answer fails the entry (exit 1)" 1 $?
check_grep "the message says the answer could not be taken" "gave up after 1 attempts: answer refused: larger than 16 MiB" "$T/err"
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null || :
