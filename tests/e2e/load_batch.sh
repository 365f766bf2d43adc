# load_batch.sh — what the load does with what it cannot do: waves
# (--batch) with a dependency in another wave, blocked entries, a body the
# API refuses, asynchronous outcomes (error, rpl review, pending user
# migration), a plan changed after loading, and objects that already exist.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
rm -rf "$T"/*.journal* "$T"/rep* "$T"/*.jsonl
edit() { # OUT PYTHON-EXPR-ON-e : rewrite each entry e of the plan
	python3 -c "
import json,sys
for l in open('$PLAN'):
    e=json.loads(l)
    $2
    print(json.dumps(e,separators=(',',':')))" >"$1"
}
state_of() { # JOURNAL KIND KEY
	sqlite3 "$1" "SELECT state FROM entries WHERE kind='$2' AND key='$3'"
}

sandbox_start || { not_ok "sandbox starts"; exit 1; }

# A wave whose entries depend on another wave that is not loaded yet.
edit "$T/waves.jsonl" "e['batch'] = 'wave2' if e['kind']=='subscriber' else 'wave1'"
bwm load -q --batch wave2 --api "$SBX_URL" --journal "$T/w.journal" --report "$T/rep-w2" \
	"$T/waves.jsonl" >/dev/null 2>&1
check_eq "a wave whose dependencies are not loaded exits 1" 1 $?
check_grep "its entries are skipped with the reason" "load that batch first" "$T/rep-w2/failed.csv"
bwm load -q --batch wave1 --api "$SBX_URL" --journal "$T/w.journal" "$T/waves.jsonl" >/dev/null 2>&1
check_eq "the first wave loads (exit 0)" 0 $?
bwm load -q --batch wave2 --api "$SBX_URL" --journal "$T/w.journal" "$T/waves.jsonl" >/dev/null 2>&1
check_eq "then the second wave loads (exit 0)" 0 $?
check_eq "the sandbox holds the plan" ok "$(plan_vs_sandbox "$T/waves.jsonl")"

# The same plan with a new journal: everything exists already and is adopted.
bwm load -q --api "$SBX_URL" --journal "$T/x.journal" --report "$T/rep-x" "$T/waves.jsonl" >/dev/null 2>&1
check_eq "a second journal over existing objects finishes (exit 0)" 0 $?
check_eq "it creates nothing twice" ok "$(plan_vs_sandbox "$T/waves.jsonl")"
check_grep "it says it adopted existing objects" "409 conflict: adopting" "$T/rep-x/run.json"

# A plan changed after it was loaded: reported, not re-sent.
edit "$T/changed.jsonl" "e['batch']=('wave2' if e['kind']=='subscriber' else 'wave1')
    if e['key']=='ENT0000/G0/u1.g0@ent0000.example': e['body']['provisioningParameters']['firstName']='Renamed'"
bwm load --api "$SBX_URL" --journal "$T/w.journal" --report "$T/rep-c" "$T/changed.jsonl" >/dev/null 2>"$T/changed.err"
check_eq "a changed entry is reported in run.json" 1 "$(jget "$T/rep-c/run.json" "len(d['findings'])")"
check_grep "and warned about on stderr" "u1.g0@ent0000.example: plan entry changed since it was journaled \\(done\\): not re-sent" "$T/changed.err"
check_eq "and not re-sent" 0 "$(jget "$T/rep-c/run.json" "d['requests']")"

curl -s -X POST -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_BASE/_sandbox/reset" >/dev/null

# Blocked entries and a body the API refuses.
edit "$T/bad.jsonl" "
    if e['kind']=='location' and e['key']=='ENT0001/G1': e['blocked']=['F-0001']
    if e['key']=='ENT0000/G0/u2.g0@ent0000.example': e['body']['packages']=['no_such_package']"
bwm load -q --precheck --api "$SBX_URL" --report "$T/rep-pre" "$T/bad.jsonl" >"$T/pre.out" 2>&1
check_eq "a precheck with a refused validation exits 1" 1 $?
check_eq "the refusal is listed with the API's code" "ENT0000/G0/u2.g0@ent0000.example True" \
	"$(jget "$T/rep-pre/run.json" "' '.join([d['precheck_failures'][0]['key'], str(isinstance(d['precheck_failures'][0].get('code'), (int, float)))])")"
check_grep "and its description" "no_such_package" "$T/rep-pre/run.json"
check_grep "run.html lists precheck refusals" "Precheck refusals" "$T/rep-pre/run.html"
bwm load -q --api "$SBX_URL" --journal "$T/bad.journal" --report "$T/rep-bad" "$T/bad.jsonl" >/dev/null 2>&1
check_eq "a run with failures exits 1" 1 $?
check_eq "a blocked entry is skipped" skipped "$(state_of "$T/bad.journal" location ENT0001/G1)"
check_eq "so are its dependants" skipped "$(state_of "$T/bad.journal" subscriber ENT0001/G1/u0.g1@ent0001.example)"
check_eq "a refused body fails" failed "$(state_of "$T/bad.journal" subscriber ENT0000/G0/u2.g0@ent0000.example)"
check_grep "with the API's description and code" "u2.g0@ent0000.example.*HTTP 400: .*errorCode" "$T/rep-bad/failed.csv"
check_eq "a refusal is not retryable" 0 "$(sqlite3 "$T/bad.journal" "SELECT retryable FROM entries WHERE key='ENT0000/G0/u2.g0@ent0000.example'")"
check_eq "failed.csv lists failed and skipped only (1 + 10)" 12 "$(wc -l <"$T/rep-bad/failed.csv")"
check_grep "run.html groups the error reasons" "depends on a location that is skipped" "$T/rep-bad/run.html"
sandbox_stop

# Retryable failures stay failed until --retry-failed.
sandbox_start --faults '5xx=100%' || exit 1
bwm load -q --max-attempts 1 --api "$SBX_URL" --journal "$T/r.journal" "$PLAN" >/dev/null 2>&1
check_eq "a server that always fails: exit 1" 1 $?
check_eq "the customer is failed, retryable" "failed|1" \
	"$(sqlite3 "$T/r.journal" "SELECT state, retryable FROM entries WHERE kind='customer' AND key='ENT0000'")"
sandbox_stop
sandbox_start || exit 1
bwm load -q --api "$SBX_URL" --journal "$T/r.journal" --report "$T/rep-r1" "$PLAN" >/dev/null 2>&1
check_eq "without --retry-failed the failure stays (exit 1)" 1 $?
check_eq "and nothing of it is sent" 0 "$(jget "$T/rep-r1/run.json" "d['endpoints'].get('POST /wholesale/customers', 0)")"
bwm load -q --retry-failed --api "$SBX_URL" --journal "$T/r.journal" "$PLAN" >/dev/null 2>&1
check_eq "--retry-failed re-queues it and the run completes (exit 0)" 0 $?
check_eq "the sandbox holds the plan" ok "$(plan_vs_sandbox "$PLAN")"
sandbox_stop

# Asynchronous outcomes.
sandbox_start --outcomes 'pending_rpl_review=100%' --provision-delay-ms 50 || exit 1
bwm load -q --api "$SBX_URL" --journal "$T/rpl.journal" --report "$T/rep-rpl" "$PLAN" >/dev/null 2>&1
check_eq "customers waiting for the restricted party check: exit 1" 1 $?
check_eq "such a customer stays accepted for a later resume" accepted "$(state_of "$T/rpl.journal" customer ENT0000)"
check_eq "its dependants wait (pending)" pending "$(state_of "$T/rpl.journal" location ENT0000/G0)"
check_grep "the report says why" "pending_rpl_review" "$T/rep-rpl/run.json"
sandbox_stop

sandbox_start --outcomes 'error=100%' --provision-delay-ms 50 --pending-emails '^u0\.' || exit 1
bwm load -q --api "$SBX_URL" --journal "$T/err.journal" --report "$T/rep-err" "$PLAN" >/dev/null 2>&1
check_eq "customers whose provisioning fails: exit 1" 1 $?
check_eq "the customer is failed" failed "$(state_of "$T/err.journal" customer ENT0001)"
check_grep "with the details" "customer provisioning failed" "$T/rep-err/failed.csv"
check_eq "everything under it is skipped" 40 "$(jget "$T/rep-err/run.json" "d['states']['skipped']")"
sandbox_stop

sandbox_start --pending-emails '^u0\.' --provision-delay-ms 50 || exit 1
bwm load -q --api "$SBX_URL" --journal "$T/pum.journal" --report "$T/rep-pum" "$PLAN" >/dev/null 2>&1
check_eq "subscribers pending user migration count as done (exit 0)" 0 $?
check_grep "and are noted in the report" "pending_user_migration" "$T/rep-pum/run.json"
sandbox_stop
