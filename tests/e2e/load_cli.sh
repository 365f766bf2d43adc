# load_cli.sh — the command-line side of load, status and rollback: strict
# option values, and output that cannot be written (a full disk, here
# /dev/full) is an error, never a silent exit 0.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
rm -f "$T"/*.journal*
# A token, so that a usage error cannot come from a missing token instead.
WEBEX_TOKEN=not-a-real-token
export WEBEX_TOKEN

check_exit "rollback -j with trailing junk is a usage error" 2 \
	bwm rollback -q -j 3x --journal "$T/none.journal"
check_exit "rollback -j 0 is a usage error" 2 bwm rollback -q -j 0 --journal "$T/none.journal"
check_exit "load -j with trailing junk is a usage error" 2 bwm load -q -j 3x --dry-run "$PLAN"
check_exit "a bad --log-format is a usage error" 2 bwm status --log-format xml --journal x

bwm load --dry-run "$PLAN" >/dev/full 2>"$T/dry-full.err"
check_eq "a dry-run whose summary cannot be written exits 5" 5 $?
check_grep "it says standard output could not be written" "cannot write to standard output" \
	"$T/dry-full.err"

# A journal to show: a dry-run writes none, so seed one with the library's
# own schema through a failed live run (nothing listens on port 9).
bwm load -q --max-attempts 1 --api http://127.0.0.1:9/v1 \
	--journal "$T/a.journal" "$PLAN" >/dev/null 2>&1
check_eq "a live run with no API exits 4 and leaves a journal" 4 $?
bwm status --journal "$T/a.journal" >/dev/full 2>"$T/status-full.err"
check_eq "a status that cannot be written exits 5" 5 $?
bwm status --journal "$T/a.journal" --json >/dev/full 2>/dev/null
check_eq "a status --json that cannot be written exits 5" 5 $?
bwm status --help >/dev/full 2>/dev/null
check_eq "--help that cannot be written exits 5" 5 $?
bwm status --journal "$T/a.journal" >/dev/null
check_eq "the same status to a writable place exits 0" 0 $?

bwm load --dry-run - <"$PLAN" >/dev/null 2>"$T/stdin.err"
check_eq "a plan on standard input is a usage error" 2 $?
check_grep "it says the plan must be a file" "plan must be a file" "$T/stdin.err"

# A --timeout under a millisecond still times out (0 ms would mean "wait
# for ever" to libcurl): against a sandbox answering after 300 ms, the one
# customer request of this plan fails.
sandbox_start --latency-ms 300 || { not_ok "sandbox starts"; exit 1; }
head -n 1 "$PLAN" >"$T/one.jsonl"
bwm load -q --timeout 0.0001 --max-attempts 1 --api "$SBX_URL" --journal "$T/t.journal" \
	"$T/one.jsonl" >/dev/null 2>"$T/timeout.err"
check_eq "a sub-millisecond --timeout times the request out (exit 1)" 1 $?
check_grep "the failure says it timed out" "[Tt]imeout|timed out" "$T/timeout.err"
sandbox_stop

check_exit "--dry-run with --precheck is a usage error" 2 bwm load -q --dry-run --precheck "$PLAN"
check_exit "--precheck with --dry-run is a usage error" 2 bwm load -q --precheck --dry-run "$PLAN"
