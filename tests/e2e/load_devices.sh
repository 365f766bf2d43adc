# load_devices.sh — workspaces, devices, activation codes, device lines and
# applyChanges from a hand-made plan (tests/fixtures/load/plan-devices.jsonl)
# into the sandbox: every device with its model, owner and lines; the
# activation code in the report and in status; the SIP password of the
# customer-managed door phone only in the credentials file; verify clean
# with the actions listed apart; rollback deletes the devices before their
# workspace.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"
. "$BWM_ROOT/tests/e2e/devices_lib.sh"

PLAN="$T/plan.jsonl"
cp "$BWM_ROOT/tests/fixtures/load/plan-devices.jsonl" "$PLAN"
J="$T/dev.journal"
rm -rf "$T/rep" "$T/ver" "$T/rbrep" "$T/pre" "$T/twice" "$J"* "$T/cred2" "$T/cred-open" "$T/cut"* 

sandbox_start --latency-ms 2 --seed 3 || { not_ok "sandbox starts"; exit 1; }
bwm load -j 4 --api "$SBX_URL" --journal "$J" --report "$T/rep" "$PLAN" >"$T/load.out" 2>"$T/load.err"
check_eq "the device plan loads (exit 0)" 0 $?
check_eq "each device once with its model, owner and lines; the workspace once" ok \
	"$(devices_vs_sandbox "$PLAN")"
check_eq "the shared lines are on the ports planned (3 shared appearances)" 3 \
	"$(jget "$T/state.json" "d['counts']['sharedLines']")"

# The activation code: in the journal, status and the report, per customer.
code=$(sqlite3 "file:$J?mode=ro" "SELECT json_extract(fields, '\$.recorded.code') FROM entries \
	WHERE kind = 'activation_code'")
check "the activation code is journaled (16 digits)" sh -c "echo '$code' | grep -Eq '^[0-9]{16}$'"
check_eq "run.json lists it for its customer with owner and model" \
	"$code subscriber:ACME/HQ/carol@acme.example DMS Cisco 7841" \
	"$(jget "$T/rep/run.json" "' '.join([d['activation_codes']['ACME'][0][k] for k in ('code','owner','model')])")"
check_grep "run.html has the activation codes table" "Activation codes" "$T/rep/run.html"
check_grep "run.html shows the code" "$code" "$T/rep/run.html"
bwm status --journal "$J" >"$T/status.out"
check_grep "status shows the recorded code and expiry" \
	"activation_code:ACME/HQ/carol-7841 +code=$code +expiryTime=" "$T/status.out"

# The SIP password of the door phone.
CRED="$J.credentials"
check_eq "the credentials file is mode 600" 600 "$(stat -c %a "$CRED" 2>/dev/null)"
check_eq "it holds one line, for the customer-managed door phone and its MAC" \
	"device:ACME/HQ/door 0004F2AA0004" "$(cut -f1,2 "$CRED" | tr '\t' ' ')"
pw=$(cut -f3 "$CRED")
check "the password has 16 characters: upper, lower, digit and one of !@#\$%^&*" python3 -c "
import re, sys
p = sys.argv[1]
ok = len(p) == 16 and re.search('[A-Z]', p) and re.search('[a-z]', p) and re.search('[0-9]', p) \
    and re.search('[!@#$%^&*]', p) and not re.search(r'(.)\1\1', p)
sys.exit(0 if ok else 1)" "$pw"
check_no_grep "the password is in no journal, plan, report or log" "$pw" "$J" "$J-wal" "$PLAN" \
	"$T/rep" "$T/load.out" "$T/load.err" "$T/status.out" "$T/sandbox.err" "$T/sandbox.out"
check_grep "the plan keeps the placeholder" '"password":\{"\$secret":"sip_password"\}' "$PLAN"

# verify: clean; the activation code and applyChanges are actions.
bwm verify --api "$SBX_URL" --journal "$J" --report "$T/ver" "$PLAN" >"$T/verify.out" 2>&1
check_eq "verify finds what was planned (exit 0)" 0 $?
check_eq "verify reads every device, workspace and device's lines" "4 1 2" \
	"$(jget "$T/ver/verify.json" "' '.join(str(d['kinds'][k].get('match', 0)) for k in ('device','workspace','device_members'))")"
check_eq "the activation code and the three applyChanges are actions, not differences" 4 \
	"$(jget "$T/ver/verify.json" "len(d['not_readable'])")"

# precheck: validateMacs on every device's MAC, refusals listed per device.
# Now that the plan is loaded alice's and bob's MACs are in use; the door
# phone gets a malformed MAC, the lobby phone a free one.
sed -e 's/0004F2AA0004/0004F2AA00ZZ/g' -e 's/0004F2AA0003/0004F2AA0099/g' "$PLAN" >"$T/pre.jsonl"
bwm load --precheck --api "$SBX_URL" --report "$T/pre" "$T/pre.jsonl" >"$T/pre.out" 2>&1
check_eq "a precheck with refused MACs exits 1" 1 $?
check_eq "one validateMacs request for the four devices" 1 \
	"$(jget "$T/pre/run.json" "d['endpoints']['POST /telephony/config/devices/actions/validateMacs/invoke']")"
check_eq "the MACs in use and the malformed one are refused, per device key" \
	"alice-8865:UNAVAILABLE bob-6871:UNAVAILABLE door:INVALID" \
	"$(jget "$T/pre/run.json" "' '.join(sorted(f['key'].split('/')[-1] + ':' + f['description'].split(': ')[1] for f in d['precheck_failures'] if f['kind'] == 'device'))")"
check_grep "the refusal names the MAC and Webex's message" \
	"MAC 0004F2AA00ZZ: INVALID: \[Error 5674\] MAC Address is invalid" "$T/pre/run.json"
check_grep "run.html lists the refusals" "0004F2AA0001: UNAVAILABLE" "$T/pre/run.html"
# A MAC twice in one plan.
sed -e 's/0004F2AA0004/0004F2AA0099/g' -e 's/0004F2AA0003/0004F2AA0099/g' "$PLAN" >"$T/twice.jsonl"
bwm load --precheck --api "$SBX_URL" --report "$T/twice" "$T/twice.jsonl" >/dev/null 2>&1
check_eq "a MAC twice in the plan is refused on its second device" "door:DUPLICATE_IN_LIST" \
	"$(jget "$T/twice/run.json" "' '.join(f['key'].split('/')[-1] + ':' + f['description'].split(': ')[1] for f in d['precheck_failures'] if f['kind'] == 'device' and 'AA0099' in f['description'])")"

# rollback: devices first, then the workspace they belong to.
bwm rollback --api "$SBX_URL" --journal "$J" --report "$T/rbrep" >"$T/rb.out" 2>&1
check_eq "rollback succeeds (exit 0)" 0 $?
sandbox_state
check_eq "no device and no workspace remain" "0 0" \
	"$(jget "$T/state.json" "'%d %d' % (d['counts']['devices'], d['counts']['workspaces'])")"
order=$(sqlite3 "file:$J?mode=ro" "SELECT kind FROM events WHERE to_state = 'rolled_back' \
	AND kind IN ('device', 'workspace', 'subscriber') ORDER BY seq" | uniq | tr '\n' ' ')
check_eq "devices are deleted before the workspace, the workspace before the people" \
	"device workspace subscriber " "$order"

# A credentials file that cannot be written stops the load before the send.
curl -s -X POST -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_BASE/_sandbox/reset" >/dev/null
rm -f "$J"*
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" --credentials "$T/no/such/dir/cred" "$PLAN" \
	>"$T/bad.out" 2>"$T/bad.err"
check_eq "the load stops with exit 5" 5 $?
check_grep "naming the credentials file and that nothing was sent" \
	"no/such/dir/cred: cannot open the credentials file: .*nothing was sent" "$T/bad.err"
sandbox_state "?items=1"
check_eq "the door phone was never sent" 0 \
	"$(jget "$T/state.json" "sum(1 for x in d['items']['devices'] if x['mac'] == '0004F2AA0004')")"
check_eq "and stays pending in the journal" pending \
	"$(sqlite3 "file:$J?mode=ro" "SELECT state FROM entries WHERE key = 'ACME/HQ/door'")"
: >"$T/cred-open"; chmod 644 "$T/cred-open"
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" --credentials "$T/cred-open" "$PLAN" \
	>/dev/null 2>"$T/open.err"
check_eq "a credentials file others can read is refused (exit 5)" 5 $?
check_grep "saying it must be mode 0600" "cred-open: the credentials file must be .*0600" "$T/open.err"
check_eq "and it stays empty" 0 "$(wc -c <"$T/cred-open")"
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" --credentials "$T/cred2" "$PLAN" >/dev/null 2>&1
check_eq "resumed with a writable --credentials it finishes" ok "$(devices_vs_sandbox "$PLAN")"
check_eq "and that file gets the password" "device:ACME/HQ/door" "$(cut -f1 "$T/cred2")"

# cutover: its precheck checks the MACs, its load writes the passwords to --credentials.
curl -s -X POST -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_BASE/_sandbox/reset" >/dev/null
bwm cutover --batch wave1 --until verify --api "$SBX_URL" --journal "$T/cut.journal" \
	--credentials "$T/cut.cred" --report "$T/cut" "$PLAN" >"$T/cut.out" 2>&1
check_eq "a cutover up to verify passes (exit 0)" 0 $?
check_eq "its precheck validated the four MACs" 1 \
	"$(jget "$T/cut/precheck/run.json" "d['endpoints']['POST /telephony/config/devices/actions/validateMacs/invoke']")"
check_eq "its load wrote the door phone's password to --credentials" "device:ACME/HQ/door" \
	"$(cut -f1 "$T/cut.cred")"
check "and nowhere else: no default credentials file" test ! -e "$T/cut.journal.credentials"
sandbox_stop
