# cutover.sh — `bwmigrate cutover`: one wave through precheck → load →
# verify → devicemove (skipped without devices; OCI-P files with their
# SHA-256 in the report with them), a distinct exit status per
# failing step, --until, and kill -9 during each step followed by the same
# command, which must end with the same report as an uninterrupted run.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
rm -rf "$T"/*.journal* "$T"/rep* "$T"/*.jsonl "$T"/*.out

# --- An uninterrupted wave.
sandbox_start || { not_ok "sandbox starts"; exit 1; }
bwm cutover --batch wave1 --api "$SBX_URL" --journal "$T/a.journal" --report "$T/repA" "$PLAN" >"$T/a.out" 2>&1
check_eq "a clean wave cuts over with exit 0" 0 $?
check_eq "every step is done, the device move skipped" "ok ok ok skipped" \
	"$(jget "$T/repA/cutover.json" "' '.join(s['status'] for s in d['steps'])")"
check_eq "cutover.json names the plan by its SHA-256" "$(sha256sum "$PLAN" | cut -d' ' -f1)" \
	"$(jget "$T/repA/cutover.json" "d['plan_sha256']")"
check_eq "the wave's 21 entries are done" 21 "$(jget "$T/repA/cutover.json" "sum(k.get('done', 0) for k in d['counts'].values())")"
check "each step wrote its own report" [ -f "$T/repA/precheck/run.html" ] && [ -f "$T/repA/load/run.html" ] && [ -f "$T/repA/verify/verify.html" ]
check_grep "cutover.html gives the verdict" "complete and verified" "$T/repA/cutover.html"
check_grep "cutover.html charts progress" "<polyline" "$T/repA/cutover.html"
check_eq "cutover.html needs no script" 0 "$(grep -c '<script' "$T/repA/cutover.html")"
check_eq "with a SQLite journal cutover.json lists no load worker" "[]" "$(jget "$T/repA/cutover.json" "d['workers']")"
check_no_grep "and cutover.html has no workers table" "Load workers" "$T/repA/cutover.html"
check_grep "the summary lists each step" "^cutover verify: ok: 21 match" "$T/a.out"

bwm cutover --batch wave1 --api "$SBX_URL" --journal "$T/a.journal" "$PLAN" >"$T/a2.out" 2>&1
check_eq "running a finished wave again is a no-op with exit 0" 0 $?
check_grep "it says the steps were done before" "^cutover load: ok \(done before\)" "$T/a2.out"

# --- --until, then the rest.
bwm cutover --batch wave2 --until load --api "$SBX_URL" --journal "$T/a.journal" --report "$T/repU" "$PLAN" >/dev/null 2>&1
check_eq "--until load stops after the load with exit 0" 0 $?
check_eq "verify has not run" never "$(jget "$T/repU/cutover.json" "d['steps'][2]['status']")"
bwm cutover --batch wave2 --api "$SBX_URL" --journal "$T/a.journal" --report "$T/repU" "$PLAN" >/dev/null 2>&1
check_eq "the same command finishes the wave" 0 $?
check_eq "the load was not run a second time" 1 "$(jget "$T/repU/cutover.json" "d['steps'][1]['runs']")"
bwm cutover --batch wave2 --until nothing --api "$SBX_URL" --journal "$T/a.journal" "$PLAN" >/dev/null 2>&1
check_eq "an unknown --until step is a usage error" 2 $?
sandbox_stop

# --- kill -9 inside each step, then the same command: same final report.
sandbox_start --latency-ms 40 || { not_ok "slow sandbox starts"; exit 1; }
B="$T/b.journal"
# The binary itself goes in the background (not a shell function), so
# that $! is the process the kill must reach.
ARGS="cutover --batch wave1 -j 1 --rate 8 --api $SBX_URL --journal $B --report $T/repB $PLAN"
"$BWM" $ARGS >>"$T/b.out" 2>&1 & P=$!
check "killed during precheck" kill_when $P POST /v1/wholesale/subscribers/validate 4
"$BWM" $ARGS >>"$T/b.out" 2>&1 & P=$!
check "killed during the load" kill_when $P POST /v1/wholesale/subscribers 4
"$BWM" $ARGS >>"$T/b.out" 2>&1 & P=$!
check "killed during verify" kill_when $P GET "/v1/people/{id}" 4
bwm $ARGS >>"$T/b.out" 2>&1
check_eq "the resumed cutover ends with exit 0" 0 $?
check_eq "with the same counts as the uninterrupted run" \
	"$(jget "$T/repA/cutover.json" "json.dumps(d['counts'], sort_keys=True)")" \
	"$(jget "$T/repB/cutover.json" "json.dumps(d['counts'], sort_keys=True)")"
check_eq "and the same plan hash" "$(jget "$T/repA/cutover.json" "d['plan_sha256']")" \
	"$(jget "$T/repB/cutover.json" "d['plan_sha256']")"
check_eq "the interrupted steps ran again" "2 2 2" \
	"$(jget "$T/repB/cutover.json" "' '.join(str(s['runs']) for s in d['steps'][:3])")"
sandbox_state
check_eq "nothing was created twice" 0 "$(jget "$T/state.json" "sum(d['duplicates'].values())")"
sandbox_stop

# --- Each failing step has its own exit status.
sandbox_start || { not_ok "sandbox starts"; exit 1; }
sed 's/"email":"u1.g0@ent0000.example"/"email":"not an e-mail"/' "$PLAN" >"$T/refused.jsonl"
bwm cutover --batch wave1 --api "$SBX_URL" --journal "$T/c.journal" --report "$T/repC" "$T/refused.jsonl" >/dev/null 2>&1
check_eq "precheck refusing an entry is exit 10" 10 $?
check_eq "and the report says to fix and transform again" precheck \
	"$(jget "$T/repC/cutover.json" "d['stopped_at']")"
sandbox_state
check_eq "nothing was loaded" 0 "$(jget "$T/state.json" "d['counts']['customers']")"

sed 's/"primaryPhoneNumber":"+16170000002"/"primaryPhoneNumber":"+16179999999"/' "$PLAN" >"$T/partial.jsonl"
bwm cutover --batch wave1 --api "$SBX_URL" --journal "$T/d.journal" --report "$T/repD" "$T/partial.jsonl" >/dev/null 2>&1
check_eq "a load with a failed entry is exit 11" 11 $?
check_eq "the failure is listed with its error" 1 "$(jget "$T/repD/cutover.json" "len([f for f in d['failures'] if f['state'] == 'failed'])")"

bwm cutover --batch wave2 --until load --api "$SBX_URL" --journal "$T/d.journal" "$T/partial.jsonl" >/dev/null 2>&1
SUBID=$(curl -s -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_URL/wholesale/subscribers?email=u1.g1%40ent0001.example" | python3 -c "import json,sys; print(json.load(sys.stdin)['items'][0]['id'])")
curl -s -o /dev/null -H 'Content-Type: application/json' -X POST "$SBX_BASE/_sandbox/alter" \
	-d "{\"table\":\"subscribers\",\"id\":\"$SUBID\",\"set\":{\"provisioningParameters.lastName\":\"Other\"}}"
bwm cutover --batch wave2 --api "$SBX_URL" --journal "$T/d.journal" "$T/partial.jsonl" >/dev/null 2>&1
check_eq "verify finding a difference is exit 12" 12 $?
sandbox_stop

# --- The device move step: OCI-P files for BroadWorks, their SHA-256 in
# the report, exit 13 when a device cannot be written. The sandbox of this
# version cannot create devices, so the journal is marked through the
# journal API (tests/tools/mark_journal.c) and, once verify has reported
# the devices missing, its step is recorded as passed, as it would be
# against an API that holds them; the cutover then resumes at the device
# move.
sandbox_start || { not_ok "sandbox starts"; exit 1; }
DPLAN="$BWM_ROOT/tests/fixtures/devicemove/plan.jsonl"
E="$T/e.journal"
"$BWM_BUILD/tools/mark_journal" "$DPLAN" "$E"
pass_verify() {   # wave
	sqlite3 "$E" "UPDATE cutover_steps SET status = 'ok', exit = 0 WHERE batch = '$1' AND step = 'verify'"
}
bwm cutover --batch wave1 --api "$SBX_URL" --journal "$E" --report "$T/repE" "$DPLAN" >/dev/null 2>&1
check_eq "devices missing from the API stop the cutover at verify" 12 $?
check "and no device move file is written before verify passes" [ ! -e "$T/repE/devicemove/apply.xml" ]
pass_verify wave1
bwm cutover --batch wave1 --api "$SBX_URL" --journal "$E" --report "$T/repE" \
	--inventory "$BWM_ROOT/tests/fixtures/devicemove/inventory.jsonl" "$DPLAN" >"$T/e.out" 2>&1
check_eq "with verify passed, the device move ends the wave with exit 0" 0 $?
check_eq "the device move step is ok" "ok ok ok ok" \
	"$(jget "$T/repE/cutover.json" "' '.join(s['status'] for s in d['steps'])")"
check_grep "its summary counts the devices and the inventory's UC-One clients" \
	"^cutover devicemove: ok: 7 of 7 devices written \(3 UC-One" "$T/e.out"
check "apply.xml and rollback.xml are in the wave's report folder" \
	[ -s "$T/repE/devicemove/apply.xml" ] && [ -s "$T/repE/devicemove/rollback.xml" ] && [ -s "$T/repE/devicemove/devicemove.txt" ]
check_eq "cutover.json records the SHA-256 of every part, in the order to run them" \
	"$(cd "$T/repE/devicemove" && sha256sum apply.xml apply-2.xml rollback.xml rollback-2.xml | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')" \
	"$(jget "$T/repE/cutover.json" "' '.join(f['sha256'] for f in d['devicemove']['files'])")"
check_grep "cutover.html lists them" "Device move files" "$T/repE/cutover.html"

cat >"$T/refuse.json" <<'JSON'
{"device": {"modify": {"transportProtocol": "TLS"}, "rebuild": true, "reset": true}}
JSON
bwm cutover --batch wave2 --api "$SBX_URL" --journal "$E" "$DPLAN" >/dev/null 2>&1
pass_verify wave2
bwm cutover --batch wave2 -m "$T/refuse.json" --api "$SBX_URL" --journal "$E" "$DPLAN" >/dev/null 2>&1
check_eq "a device the policy cannot undo is exit 13" 13 $?
check_grep "without --report the files go beside the journal" "^refused device ACME/HQ/w2-8851" \
	"$E.wave2.devicemove/devicemove.txt"
bwm cutover --batch wave2 --api "$SBX_URL" --journal "$E" "$DPLAN" >/dev/null 2>&1
check_eq "with the default policy the same command finishes the wave" 0 $?
bwm cutover --batch wave3 --api "$SBX_URL" --journal "$E" "$DPLAN" >/dev/null 2>&1
pass_verify wave3
bwm cutover --batch wave3 --api "$SBX_URL" --journal "$E" --report "$T/repW3" "$DPLAN" >"$T/w3.out" 2>&1
check_eq "a wave of activation codes only runs the device move, which lists them" \
	"ok: 0 of 0 devices written (0 UC-One clients), 0 not done, 0 refused, 1 activation codes" \
	"$(sed -n 's/^cutover devicemove: \(.*activation codes\);.*/\1/p' "$T/w3.out")"
check_grep "and says why it is not moved" "^not moved activation_code ACME/HQ/w3-nomac" \
	"$T/repW3/devicemove/devicemove.txt"
sandbox_stop
