# load_unreadable.sh — a 200 whose body cannot be read (HTML, JSON nested
# deeper than the parser allows) is never taken for "not found" nor for
# "created": the create, the lookup, the customer poll and the location
# find each count it as a failed attempt, and after --max-attempts the entry
# ends failed with a message that says so, instead of sending and looking up
# forever. The closing message, run.json and run.html then give the command
# that sends failed entries again (--retry-failed), not "run again".
. "$BWM_ROOT/tests/e2e/lib.sh"

cust='{"kind":"customer","key":"A","batch":"w1","depends":[],"request":{"method":"POST","path":"/wholesale/customers"},"params":{},"body":{"externalId":"A"},"lookup":{"externalId":"A"}}'
loc='{"kind":"location","key":"A/G","batch":"w1","depends":["customer:A"],"request":{"method":"LOOKUP","path":"/locations"},"params":{"orgId":{"$ref":"customer:A#orgId"}},"body":{},"lookup":{"name":"A Site","orgId":{"$ref":"customer:A#orgId"}}}'
printf '%s\n%s\n' "$cust" "$loc" >"$T/plan.jsonl"

# MODE ENTRY: load against api_stub.py MODE with --max-attempts 3; the
# entry ENTRY (kind:key) must end failed, saying the answer is unreadable.
unreadable() {
	mode=$1 entry=$2
	rm -rf "$T/port" "$T/requests.log" "$T"/u.journal* "$T/rep"
	python3 "$BWM_ROOT/tests/fixtures/load/api_stub.py" "$mode" "$T/port" "$T/requests.log" &
	srv=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	# timeout: before the fix these runs never ended.
	api="http://127.0.0.1:$(cat "$T/port")/v1"
	WEBEX_TOKEN=unreadable-test-token timeout 40 "$BWM" load -q --max-attempts 3 \
		--api "$api" --journal "$T/u.journal" --report "$T/rep" \
		"$T/plan.jsonl" >/dev/null 2>"$T/err"
	check_eq "$mode: the load ends (exit 1, some entries failed)" 1 $?
	want="bwmigrate load --retry-failed --journal $T/u.journal --api $api $T/plan.jsonl"
	check_grep "$mode: the closing message gives the --retry-failed command" \
		"may pass on another try.*: $want\$" "$T/err"
	check_eq "$mode: run.json gives the same command" "$want" \
		"$(jget "$T/rep/run.json" "d['next']['command']")"
	check_grep "$mode: run.html gives it too" "<pre>$want</pre>" "$T/rep/run.html"
	kind=${entry%%:*} key=${entry#*:}
	row=$(sqlite3 "file:$T/u.journal?mode=ro" \
		"SELECT state || ' ' || last_error FROM entries WHERE kind='$kind' AND key='$key'")
	case $row in
	"failed gave up after 3 attempts: HTTP 200"*"not JSON"*) ok "$mode: $entry failed after 3 attempts: $row" ;;
	*) not_ok "$mode: $entry failed after 3 attempts (got '$row')" ;;
	esac
	posts=$(grep -c " POST " "$T/requests.log")
	check "$mode: at most 3 creates were sent ($posts)" [ "$posts" -le 3 ]
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null || :
}

unreadable garbage customer:A        # create and lookup
unreadable deep customer:A           # the same, JSON too deep to parse
unreadable garbage-poll customer:A   # poll
unreadable garbage-find location:A/G # find
