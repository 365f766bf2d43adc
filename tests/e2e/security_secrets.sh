# security_secrets.sh — docs/security.md, "Secrets": the API token reaches
# bwmigrate only through WEBEX_TOKEN or --token-file, and never appears in
# a file a run writes (journal, reports, dry-run requests, sandbox state,
# JSON logs at debug level) nor in the command line of a bwmigrate process
# as `ps` shows it (/proc/PID/cmdline).
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
rm -rf "$T/run" "$T/dry" "$T/pre" "$T/rb" "$T/logs" "$T"/*.journal* "$T/state.db"*
mkdir -p "$T/run" "$T/logs"
sandbox_start --state "$T/state.db" --verbose --log-format json || { not_ok "sandbox starts"; exit 1; }
TOKEN=$WEBEX_TOKEN

# Every command of a wave, at debug level, with JSON logs captured.
bwm load --dry-run --verbose --log-format json --report "$T/dry" "$PLAN" \
	>"$T/logs/dry.out" 2>"$T/logs/dry.err"
bwm load --precheck --verbose --log-format json --api "$SBX_URL" --report "$T/pre" "$PLAN" \
	>"$T/logs/pre.out" 2>"$T/logs/pre.err"

# The load reads its token from a FIFO (as with --token-file <(vault ...)):
# until the test writes the token, the load waits on it with its command
# line in place, so the command line is read while the load runs however
# slow or busy the machine is. No latency, no race with the load's end.
rm -f "$T/token.fifo"
mkfifo "$T/token.fifo"
( unset WEBEX_TOKEN; bwm load -j 1 --verbose --log-format json --api "$SBX_URL" \
	--token-file "$T/token.fifo" --journal "$T/run.journal" --report "$T/run/report" \
	"$PLAN" >"$T/logs/load.out" 2>"$T/logs/load.err" ) &
LOAD=$!

# The command lines of this test's bwmigrate processes (they name $T), as
# ps shows them. Bounded only so that a load that died cannot hang the suite.
i=0
while [ $i -lt 1200 ] && kill -0 "$LOAD" 2>/dev/null; do
	ps -ww -eo args= | grep -F "$T" | grep bwmigrate >"$T/cmdlines"
	grep -q "bwmigrate.* load .*run.journal" "$T/cmdlines" && break
	sleep 0.05
	i=$((i + 1))
done
# Hand over the token (bounded, in case the load is gone and no one reads).
timeout 60 sh -c 'cat "$1" >"$2"' sh "$T/token" "$T/token.fifo"
wait "$LOAD"
check_eq "the load with the token from a FIFO given to --token-file exits 0" 0 $?
check_grep "the running sandbox's command line was read" "bwmigrate.* sandbox " "$T/cmdlines"
check_grep "the running load's command line was read" "bwmigrate.* load .*run.journal" "$T/cmdlines"
check_no_grep "no bwmigrate command line holds the token" "$TOKEN" "$T/cmdlines"

bwm status --journal "$T/run.journal" --json >"$T/logs/status.json" 2>"$T/logs/status.err"
bwm rollback --verbose --log-format json --api "$SBX_URL" --journal "$T/run.journal" \
	--report "$T/rb" >"$T/logs/rb.out" 2>"$T/logs/rb.err"
check_eq "rollback with the token exits 0" 0 $?
sandbox_stop
cp "$T/sandbox.err" "$T/logs/sandbox.err"

check "the load journal was written" [ -s "$T/run.journal" ]
check "the sandbox state was written" [ -s "$T/state.db" ]
check_no_grep "the token is in no journal, report, log or sandbox state" "$TOKEN" \
	"$T/run.journal" "$T/run" "$T/dry" "$T/pre" "$T/rb" "$T/logs" "$T"/state.db*
check_grep "the sandbox's debug log was captured (it names each request)" \
	"POST /v1/wholesale/subscribers" "$T/logs/sandbox.err"

# --token-file: the same token from a private file; no WEBEX_TOKEN at all.
sandbox_start || { not_ok "sandbox restarts"; exit 1; }
( unset WEBEX_TOKEN; bwm load --token-file "$T/token" --api "$SBX_URL" \
	--journal "$T/tf.journal" --report "$T/tf" "$PLAN" >/dev/null 2>"$T/tf.err" )
check_eq "--token-file alone authenticates the load" 0 $?
check_no_grep "the token file's content is in no file of that run" "$TOKEN" \
	"$T/tf.journal" "$T/tf" "$T/tf.err"

cp "$T/token" "$T/open-token"
chmod 644 "$T/open-token"
( unset WEBEX_TOKEN; bwm load --token-file "$T/open-token" --api "$SBX_URL" \
	--journal "$T/tf.journal" "$PLAN" >/dev/null 2>"$T/open.err" )
check_grep "a token file readable by others draws a warning" "readable by others" "$T/open.err"
sandbox_stop

# A refused token: the error explains what to do and does not echo it.
sandbox_start || { not_ok "sandbox restarts"; exit 1; }
WRONG=wrong-$TOKEN
WEBEX_TOKEN=$WRONG bwm load --api "$SBX_URL" --journal "$T/wrong.journal" "$PLAN" \
	>/dev/null 2>"$T/wrong.err"
check_eq "a refused token exits 4" 4 $?
check_no_grep "the refusal does not echo the token" "$WRONG" "$T/wrong.err" "$T/wrong.journal"
sandbox_stop
