# load_basic.sh — the load stage end to end against the sandbox: dry-run,
# precheck, live load, resume of a finished journal, status, reports,
# rollback, the exit codes, and that no file holds the token.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
rm -rf "$T/dry" "$T/pre" "$T/live" "$T/again" "$T/rb" "$T"/*.journal*
sandbox_start || { not_ok "sandbox starts"; exit 1; }

# --dry-run: no network (the API URL is unreachable on purpose), no journal.
bwm load --dry-run --api http://127.0.0.1:9/v1 --report "$T/dry" "$PLAN" >"$T/dry.out"
check_eq "dry-run exits 0 for a clean plan" 0 $?
check_grep "dry-run prints counts and an estimate" "42 entries, 42 would be sent.*about [0-9]+ s" "$T/dry.out"
check_eq "dry-run writes one resolved request per entry" 42 "$(wc -l <"$T/dry/requests.jsonl")"
check_grep "dry-run shows placeholders for ids known at load time" \
	'"customerId":"<customer:ENT0000>"' "$T/dry/requests.jsonl"
check_grep "dry-run fills path parameters" \
	'/telephony/config/locations/%3Clocation%3AENT0000%2FG0%3E/numbers' "$T/dry/requests.jsonl"
check_eq "dry-run counts requests per endpoint" 32 \
	"$(jget "$T/dry/run.json" "d['endpoints']['POST /wholesale/subscribers']")"
check "dry-run writes no journal" [ ! -e "$PLAN.journal" ]

# --precheck: validate endpoints only; nothing is created.
bwm load --precheck --api "$SBX_URL" --report "$T/pre" "$PLAN" >"$T/pre.out"
check_eq "precheck of a valid plan exits 0" 0 $?
check_grep "precheck validates customers and subscribers" "34 validated, 0 refused" "$T/pre.out"
sandbox_state
check_eq "precheck creates nothing" 0 "$(jget "$T/state.json" "d['counts']['customers'] + d['counts']['subscribers']")"

# Live.
bwm load --api "$SBX_URL" --journal "$T/a.journal" --report "$T/live" "$PLAN" >"$T/live.out" 2>"$T/live.err"
check_eq "live load of a valid plan exits 0" 0 $?
check_eq "sandbox holds exactly the plan" ok "$(plan_vs_sandbox "$PLAN")"
check_eq "run.json counts every entry done" 42 "$(jget "$T/live/run.json" "d['states']['done']")"
check_eq "results.csv has a row per entry" 43 "$(wc -l <"$T/live/results.csv")"
check_eq "failed.csv has only its header" 1 "$(wc -l <"$T/live/failed.csv")"
check_grep "run.html is a self-contained page with charts" "<svg" "$T/live/run.html"
check_no_grep "run.html loads nothing from elsewhere" "src=" "$T/live/run.html"
check_eq "journal is private (0600)" 600 "$(stat -c %a "$T/a.journal")"
check_eq "report folder is private (0700)" 700 "$(stat -c %a "$T/live")"
check_eq "report files are private (0600)" 600 "$(stat -c %a "$T/live/run.json")"

# Resume of a finished journal sends nothing.
bwm load --api "$SBX_URL" --journal "$T/a.journal" --report "$T/again" "$PLAN" >/dev/null 2>&1
check_eq "a finished journal resumes to exit 0" 0 $?
check_eq "a finished journal sends no request" 0 "$(jget "$T/again/run.json" "d['requests']")"

bwm load --dry-run --journal "$T/a.journal" "$PLAN" >"$T/dry2.out"
check_grep "a dry-run over a finished journal would send nothing" \
	"0 would be sent, 0 would be skipped, 42 already done; 0 requests" "$T/dry2.out"

bwm status --journal "$T/a.journal" --json >"$T/status.json"
check_eq "status counts done per kind" 32 "$(jget "$T/status.json" "d['kinds']['subscriber']['done']")"
check_eq "status counts per batch" 21 "$(jget "$T/status.json" "d['batches']['wave2']['done']")"
bwm status --journal "$T/a.journal" >"$T/status.txt"
check_grep "status prints a table per kind" "^subscriber +0 +0 +0 +32" "$T/status.txt"

# Two runs on one journal: the second is refused while the first holds it.
exec 9>>"$T/a.journal"
flock -n 9
bwm load --api "$SBX_URL" --journal "$T/a.journal" "$PLAN" >/dev/null 2>"$T/lock.err"
check_eq "a locked journal refuses a second run (exit 2)" 2 $?
check_grep "the refusal says another run holds it" "another load, rollback or verify" "$T/lock.err"
exec 9>&-

# Exit codes.
( unset WEBEX_TOKEN; bwm load --api "$SBX_URL" --journal "$T/b.journal" "$PLAN" 2>"$T/notoken.err" )
check_eq "no token is a usage error (2)" 2 $?
bwm load --api "$SBX_URL" --journal "$T/b.journal" "$T/missing.jsonl" 2>/dev/null
check_eq "an unreadable plan exits 3" 3 $?
echo 'not json' >"$T/bad.jsonl"
bwm load --dry-run "$T/bad.jsonl" 2>"$T/bad.err"
check_eq "a malformed plan exits 3" 3 $?
check_grep "the error names file and line" "bad.jsonl:1:" "$T/bad.err"
( WEBEX_TOKEN=wrong; export WEBEX_TOKEN
  bwm load --api "$SBX_URL" --journal "$T/c.journal" "$PLAN" >/dev/null 2>"$T/auth.err" )
check_eq "a refused token exits 4" 4 $?
check_eq "a refused token leaves the customers pending" 2 \
	"$(bwm status --journal "$T/c.journal" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["kinds"]["customer"]["pending"])')"
bwm load --api http://127.0.0.1:9/v1 --journal "$T/d.journal" --max-attempts 2 "$PLAN" >/dev/null 2>"$T/unreach.err"
check_eq "an unreachable API exits 4" 4 $?

# Rollback of one wave, then of the rest.
bwm rollback --batch wave2 --api "$SBX_URL" --journal "$T/a.journal" >/dev/null
check_eq "rollback of one wave exits 0" 0 $?
sandbox_state "?items=1"
check_eq "it removes only that wave's customer" "['ENT0000']" \
	"$(jget "$T/state.json" "sorted(c['externalId'] for c in d['items']['customers'])")"
check_eq "and that wave's subscribers" 16 "$(jget "$T/state.json" "d['counts']['subscribers']")"
bwm rollback --api "$SBX_URL" --journal "$T/a.journal" --report "$T/rb" >"$T/rb.out"
check_eq "rollback exits 0" 0 $?
sandbox_state
check_eq "rollback leaves the sandbox empty" 0 \
	"$(jget "$T/state.json" "sum(d['counts'].values())")"
check_eq "rollback is journaled" 42 \
	"$(bwm status --journal "$T/a.journal" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["states"]["rolled_back"])')"

# The token is in no file a run wrote.
check_no_grep "no journal, report or log holds the token" "$WEBEX_TOKEN" \
	"$T"/*.journal* "$T/dry" "$T/pre" "$T/live" "$T/again" "$T/rb" "$T"/*.err "$T"/*.out
sandbox_stop
