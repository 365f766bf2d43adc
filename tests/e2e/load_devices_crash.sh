# load_devices_crash.sh — the crash rule for workspaces and devices: a load
# killed with SIGKILL while a workspace or a device was created but its
# answer not yet received resumes by looking it up (the device by its MAC,
# the workspace by its name in the location) and adopts it; nothing twice,
# on a sandbox that would accept a duplicate (--allow-duplicates). An
# activation code ("resend") killed the same way is simply asked for again. Then
# the fault mix (5xx, 429, 423, resets, creates whose answer is lost)
# over the same plan: everything once.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"
. "$BWM_ROOT/tests/e2e/devices_lib.sh"

PLAN="$T/plan.jsonl"
cp "$BWM_ROOT/tests/fixtures/load/plan-devices.jsonl" "$PLAN"
J="$T/crash.journal"

# Every answer dribbles out for about a second after the request was
# carried out: a kill once the sandbox has served a create lands while
# that object exists and the load has not heard of it.
sandbox_start --faults slow=100% --allow-duplicates --seed 7 || { not_ok "sandbox starts"; exit 1; }
for what in "POST /v1/workspaces workspace" "POST /v1/devices device" \
	    "POST /v1/devices/activationCode activation_code"; do
	set -- $what
	curl -s -X POST -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_BASE/_sandbox/reset" >/dev/null
	rm -f "$J"*
	"$BWM" load -q -j 4 --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>"$T/kill.err" &
	check "killed while a $3 was carried out but not answered" kill_when_answered $! "$1" "$2" 1
	check_eq "$3: the killed run left it in_flight" 1 "$(sqlite3 "file:$J?mode=ro" \
		"SELECT count(*) > 0 FROM entries WHERE kind = '$3' AND state = 'in_flight'")"
	bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$PLAN" >"$T/resume.out" 2>"$T/resume.err"
	check_eq "$3: the resumed load finishes (exit 0)" 0 $?
	check_eq "$3: every workspace, device and line once" ok "$(devices_vs_sandbox "$PLAN")"
	if [ "$3" = activation_code ]; then
		# "resend": no natural key to look up; the resume simply asks again.
		check_eq "the activation code was asked for again, not looked up" 2 \
			"$(jget "$T/state.json" "d['counts']['activationCodes']")"
		check_eq "and its code is journaled" 1 "$(sqlite3 "file:$J?mode=ro" "SELECT count(*) \
			FROM entries WHERE kind = 'activation_code' AND state = 'done' AND \
			length(json_extract(fields, '\$.recorded.code')) = 16")"
		continue
	fi
	check_eq "$3: the resume adopted what the killed run created" 1 "$(sqlite3 "file:$J?mode=ro" \
		"SELECT count(*) > 0 FROM entries WHERE kind = '$3' AND \
		 json_extract(fields, '\$.adopted') = 1")"
done
sandbox_stop

# The fault mix, with duplicates allowed: only the crash rule keeps them out.
for seed in 11 12; do
	rm -rf "$J"* "$T/rep"
	sandbox_start --faults '5xx=10%,429=5%,423=2%,reset=3%,lost=8%' --allow-duplicates \
		--seed $seed || { not_ok "sandbox starts"; exit 1; }
	bwm load -q -j 4 --max-attempts 12 --api "$SBX_URL" --journal "$J" --report "$T/rep" "$PLAN" \
		>"$T/out" 2>"$T/err"
	check_eq "seed $seed: the device plan loads despite the faults (exit 0)" 0 $?
	check_eq "seed $seed: every workspace, device and line once" ok "$(devices_vs_sandbox "$PLAN")"
	check "seed $seed: faults were injected" python3 -c "
import json,sys; f=json.load(open('$T/state.json'))['faults']
print('# injected:', f)
sys.exit(0 if f['5xx'] + f['lost'] + f['reset'] > 0 else 1)"
	sandbox_stop
done
