# load_waits.sh — what a long or unattended load tells its operator:
# a huge Retry-After is capped by --max-wait (the entry fails, retryable,
# saying why); a wait is logged with the entry, the reason and until when,
# in text and in JSON, and shown by the progress line; with stderr piped, a
# progress line comes every --progress-interval; JSON log lines carry a UTC
# timestamp, the entry's kind, key, state, HTTP status and TrackingID; an
# interrupted run names the plain command that resumes it.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

printf '%s\n' '{"kind":"customer","key":"A","batch":"w1","depends":[],"request":{"method":"POST","path":"/wholesale/customers"},"params":{},"body":{"externalId":"A"},"lookup":{"externalId":"A"}}' >"$T/one.jsonl"
rm -f "$T/port" "$T/requests.log"
python3 "$BWM_ROOT/tests/fixtures/load/api_stub.py" retry-after "$T/port" "$T/requests.log" &
SRV=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
API="http://127.0.0.1:$(cat "$T/port")/v1"
export WEBEX_TOKEN=waits-test-token

# 1. Retry-After: 86400 (taken as 300 s, the most one wait may be) against
# --max-wait 60: failed at once, retryable.
rm -f "$T"/a.journal*
timeout 30 "$BWM" load --log-format json --max-wait 60 --api "$API" --journal "$T/a.journal" \
	"$T/one.jsonl" >/dev/null 2>"$T/a.err"
check_eq "a day-long Retry-After ends the run (exit 1), not a day later" 1 $?
row=$(sqlite3 "file:$T/a.journal?mode=ro" "SELECT state, retryable, last_error FROM entries")
case $row in
"failed|1|gave up waiting: throttled (429, Retry-After): 300 s more, after 0 s of waits in this run, would pass --max-wait 60 s"*)
	ok "the entry failed, retryable, naming the wait and --max-wait" ;;
*) not_ok "the entry failed, retryable, naming the wait and --max-wait (got '$row')" ;;
esac
check "its JSON log line has ts, kind, key, state, http_status, tracking_id" python3 -c "
import json, re, sys
for l in open('$T/a.err'):
    d = json.loads(l)
    if d.get('state') == 'failed':
        ok = (re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z', d['ts']) and
              d['kind'] == 'customer' and d['key'] == 'A' and d['http_status'] == 429 and
              d['tracking_id'] == 'STUB_tracking_1' and d['level'] == 'warning')
        sys.exit(0 if ok else 1)
sys.exit(1)"

# wait_for PATTERN FILE: up to 20 s for an extended regular expression.
wait_for() {
	n=0
	while [ $n -lt 200 ] && ! grep -Eq "$1" "$2" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done
}

# 2. With --max-wait above it, the wait is logged and shown; SIGINT stops.
for fmt in text json; do
	rm -f "$T"/b.journal*
	"$BWM" load --log-format $fmt --progress-interval 1 --max-wait 100000 --api "$API" \
		--journal "$T/b.journal" "$T/one.jsonl" >"$T/b.out" 2>"$T/b-$fmt.err" &
	pid=$!
	wait_for 'progress.*waits' "$T/b-$fmt.err"
	kill -INT $pid
	wait $pid
	check_eq "$fmt: the interrupted run exits 1" 1 $?
done
check_grep "text: the wait is logged with entry, length, until when and reason" \
	'^customer:A waits 300 s, until 20[0-9-]+T[0-9:]+Z: throttled \(429, Retry-After\)$' "$T/b-text.err"
check_grep "text: the progress line names the waiting entry, its reason and until when" \
	'^progress: 0/1 done.*; customer:A waits [0-9]+ s more: throttled \(429, Retry-After\), until 20[0-9-]+T' \
	"$T/b-text.err"
check "json: the wait line and the progress line carry the fields" python3 -c "
import json, sys
lines = [json.loads(l) for l in open('$T/b-json.err')]
w = [d for d in lines if d.get('state') == 'waiting']
p = [d for d in lines if d.get('state') == 'progress']
ok = (w and w[0]['key'] == 'A' and w[0]['kind'] == 'customer' and w[0]['http_status'] == 429
      and w[0]['tracking_id'] == 'STUB_tracking_1' and 'until' in w[0]['msg']
      and p and p[0]['waiting'] == 'customer:A' and p[0]['until'].endswith('Z')
      and p[0]['reason'].startswith('throttled'))
sys.exit(0 if ok else 1)"
check_grep "an interrupted run names the plain command that resumes it" \
	"waiting or skipped; resume with: bwmigrate load --journal $T/b.journal --api $API $T/one.jsonl\$" \
	"$T/b-text.err"
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null || :

# 3. Piped stderr: progress lines every --progress-interval, never more often.
python3 "$BWM_ROOT/tests/fixtures/load/mkplan.py" 1 1 12 >"$T/plan.jsonl"
sandbox_start --latency-ms 150 || { not_ok "sandbox starts"; exit 1; }
for fmt in text json; do
	rm -rf "$T"/p.journal* "$T/rep"
	verbose=; [ $fmt = json ] && verbose=--verbose
	bwm load --log-format $fmt $verbose -j 1 --progress-interval 1 --api "$SBX_URL" \
		--journal "$T/p.journal" --report "$T/rep" "$T/plan.jsonl" >/dev/null 2>"$T/p-$fmt.err"
	check_eq "$fmt: the piped load finishes" 0 $?
	lines=$(grep -c 'progress: ' "$T/p-$fmt.err")
	most=$(jget "$T/rep/run.json" "int(d['elapsed_s']) + 1")
	check "$fmt: $lines progress lines in $most s, at least one, at most one a second" \
		[ "$lines" -ge 1 ] && [ "$lines" -le "$most" ]
done
check "json: every line is JSON with an ISO-8601 UTC timestamp" python3 -c "
import json, re, sys
for l in open('$T/p-json.err'):
    d = json.loads(l)
    if not re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z', d['ts']):
        sys.exit(1)"
check "json --verbose: each entry's state changes, with kind, key, state, http_status" python3 -c "
import json, sys
done = [d for d in map(json.loads, open('$T/p-json.err')) if d.get('state') == 'done']
sys.exit(0 if len(done) == 15 and all(d['kind'] and d['key'] and d['http_status'] in (200, 201, 202)
                                      for d in done) else 1)"
sandbox_stop
