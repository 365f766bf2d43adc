# sandbox_devices.sh — the sandbox's device and workspace endpoints refuse
# what Webex refuses: a model it does not support, a malformed MAC, a MAC
# in use (409), a password for a Cisco-managed phone or none for a
# customer-managed one, more lines than the model has ports, a member
# without lineWeight or primaryOwner, a member from another org; and they
# answer in the shapes the load reads (lists by mac/personId/workspaceId,
# validateMacs, supportedDevices, members GET after PUT).
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

umask 077
rm -f "$T"/*.journal*
sandbox_start --seed 4 || { not_ok "sandbox starts"; exit 1; }
printf 'Authorization: Bearer %s\n' "$WEBEX_TOKEN" >"$T/auth.hdr"
# api METHOD PATH [BODY]: the status on stdout, the body in $T/body.
api() {
	if [ $# -ge 3 ]; then
		curl -s -o "$T/body" -w '%{http_code}' -X "$1" -H @"$T/auth.hdr" \
			-H 'Content-Type: application/json' --data-binary "$3" "$SBX_URL$2"
	else
		curl -s -o "$T/body" -w '%{http_code}' -X "$1" -H @"$T/auth.hdr" "$SBX_URL$2"
	fi
}
body() { jget "$T/body" "$1"; }

# People, a location and a workspace to own devices: the start of the device plan.
grep -E '"kind":"(customer|location|number|subscriber|workspace)"' \
	"$BWM_ROOT/tests/fixtures/load/plan-devices.jsonl" >"$T/base.jsonl"
bwm load -q --api "$SBX_URL" --journal "$T/base.journal" "$T/base.jsonl" >/dev/null 2>&1
check_eq "the people and the workspace load" 0 $?
sandbox_state "?items=1"
ORG=$(jget "$T/state.json" "d['items']['customers'][0]['orgId']")
ALICE=$(jget "$T/state.json" "[s['personId'] for s in d['items']['subscribers'] if s['email'].startswith('alice')][0]")
BOB=$(jget "$T/state.json" "[s['personId'] for s in d['items']['subscribers'] if s['email'].startswith('bob')][0]")
WS=$(jget "$T/state.json" "d['items']['workspaces'][0]['id']")

# ---- a workspace's call forwarding and call waiting ----
check_eq "a workspace's forwarding before any PUT: the defaults (200, off)" "200 False" \
	"$(api GET "/workspaces/$WS/features/callForwarding?orgId=$ORG") $(body "d['callForwarding']['always']['enabled']")"
FWD='{"callForwarding":{"always":{"enabled":false,"ringReminderEnabled":false,"destinationVoicemailEnabled":false},"noAnswer":{"enabled":true,"destination":"+16175550101","numberOfRings":4,"destinationVoicemailEnabled":false}},"businessContinuity":{"enabled":false,"destinationVoicemailEnabled":false}}'
check_eq "a PUT with the workspace schema's members is 204" 204 \
	"$(api PUT "/workspaces/$WS/features/callForwarding?orgId=$ORG" "$FWD")"
api GET "/workspaces/$WS/features/callForwarding?orgId=$ORG" >/dev/null
check_eq "and a GET shows it" "True +16175550101 4" \
	"$(body "' '.join(str(d['callForwarding']['noAnswer'][k]) for k in ('enabled','destination','numberOfRings'))")"
check_eq "without businessContinuity (the workspace schema requires it) is 400" 400 \
	"$(api PUT "/workspaces/$WS/features/callForwarding?orgId=$ORG" \
	'{"callForwarding":{"always":{"enabled":false,"ringReminderEnabled":false,"destinationVoicemailEnabled":false}}}')"
check_grep "naming it" "businessContinuity" "$T/body"
check_eq "25 rings is 400" 400 "$(api PUT "/workspaces/$WS/features/callForwarding?orgId=$ORG" \
	"$(echo "$FWD" | sed 's/"numberOfRings":4/"numberOfRings":25/')")"
check_eq "call waiting off is 204" 204 \
	"$(api PUT "/workspaces/$WS/features/callWaiting?orgId=$ORG" '{"enabled":false}')"
check_eq "an unknown workspace is 404" 404 \
	"$(api PUT "/workspaces/no-such-ws/features/callWaiting?orgId=$ORG" '{"enabled":false}')"
check_eq "another org's workspace is 404" 404 \
	"$(api GET "/workspaces/$WS/features/callWaiting?orgId=other-org")"
check_eq "a feature the Common Area package lacks is 404 on a workspace" 404 \
	"$(api GET "/workspaces/$WS/features/voicemail?orgId=$ORG")"
sandbox_state "?settings=1"
check_eq "/_sandbox/state?settings=1 lists the workspace's settings" "callForwarding,callWaiting" \
	"$(jget "$T/state.json" "','.join(sorted(next(w['features'] for w in d['workspaceSettings'] if w['workspaceId'] == '$WS')))")"
sandbox_state "?items=1"

# ---- supported devices ----
check_eq "supportedDevices answers 200" 200 "$(api GET /telephony/config/supportedDevices)"
check_eq "it lists the MPP, 9800, third-party and generic models with their ports" \
	"2 6 10 10 1" "$(body "' '.join(str(m['numberOfLinePorts']) for m in d['devices'] if m['model'] in ('DMS Cisco 6821','DMS Cisco 6871','DMS Cisco 8865','Cisco 9851','Generic IPPhone Customer Managed'))")"
check_eq "the generic SIP phone is customer managed" CUSTOMER \
	"$(body "[m['managedBy'] for m in d['devices'] if m['model'] == 'Generic IPPhone Customer Managed'][0]")"

# ---- POST /devices ----
dev() { printf '{"mac":"%s","model":"%s","%s":"%s"%s}' "$1" "$2" "$3" "$4" "${5:-}"; }
check_eq "an unsupported model is 400" 400 \
	"$(api POST "/devices?orgId=$ORG" "$(dev 0004F2BB0001 'DMS Cisco 9999' personId "$ALICE")")"
check_grep "naming the supported-devices list" "supportedDevices" "$T/body"
check_eq "a malformed MAC is 400" 400 \
	"$(api POST "/devices?orgId=$ORG" "$(dev 0004F2BB00XZ 'DMS Cisco 8865' personId "$ALICE")")"
check_eq "no owner is 400" 400 "$(api POST "/devices?orgId=$ORG" '{"mac":"0004F2BB0001","model":"DMS Cisco 8865"}')"
check_eq "a password for a Cisco-managed phone is 400" 400 \
	"$(api POST "/devices?orgId=$ORG" "$(dev 0004F2BB0001 'DMS Cisco 8865' personId "$ALICE" ',"password":"Abc123!xyzQWE987"')")"
check_eq "a customer-managed phone without password is 400" 400 \
	"$(api POST "/devices?orgId=$ORG" "$(dev 0004F2BB0009 'Generic IPPhone Customer Managed' workspaceId "$WS")")"
check_eq "an owner of another org is 400" 400 \
	"$(api POST "/devices?orgId=Zm9vb3Jn" "$(dev 0004F2BB0001 'DMS Cisco 8865' personId "$ALICE")")"
check_eq "a phone by MAC for a person is 200" 200 \
	"$(api POST "/devices?orgId=$ORG" "$(dev 0004f2bb0001 'DMS Cisco 6821' personId "$ALICE")")"
DEV=$(body "d['id']")
check_eq "it answers the Device with the MAC as the Device API shows it, model, owner and org" \
	"00:04:F2:BB:00:01 DMS Cisco 6821 $ALICE $ORG" "$(body "' '.join([d['mac'], d['model'], d['personId'], d['orgId']])")"
check_eq "the same MAC again is 409, in any org" 409 \
	"$(api POST "/devices?orgId=$ORG" "$(dev 0004F2BB0001 'DMS Cisco 8865' workspaceId "$WS")")"
check_grep "the 409 says the MAC is in use" "in use" "$T/body"
check_eq "a customer-managed phone with its password is 200" 200 \
	"$(api POST "/devices?orgId=$ORG" "$(dev 0004F2BB0002 'Generic IPPhone Customer Managed' workspaceId "$WS" ',"password":"Abc123!xyzQWE987"')")"
check_no_grep "the sandbox keeps no SIP password in its answers" "Abc123!xyzQWE987" "$T/body"

# ---- lists ----
api GET "/devices?mac=0004F2BB0001&orgId=$ORG" >/dev/null
check_eq "GET /devices?mac= finds it" "$DEV" "$(body "','.join(i['id'] for i in d['items'])")"
api GET "/devices?mac=00:04:f2:bb:00:01" >/dev/null
check_eq "also by the MAC with colons, in any case" "$DEV" "$(body "','.join(i['id'] for i in d['items'])")"
api GET "/devices?personId=$ALICE" >/dev/null
check_eq "GET /devices?personId= lists the person's phones" 1 "$(body "len(d['items'])")"
api GET "/devices?workspaceId=$WS" >/dev/null
check_eq "GET /devices?workspaceId= lists the workspace's phones" 1 "$(body "len(d['items'])")"
check_eq "GET /devices/{id} is 200" 200 "$(api GET "/devices/$DEV?orgId=$ORG")"
api GET "/workspaces?displayName=Lobby&orgId=$ORG" >/dev/null
check_eq "GET /workspaces?displayName= finds the workspace" "$WS" "$(body "','.join(i['id'] for i in d['items'])")"
check_eq "a second workspace of that name in the location is 409" 409 "$(api POST /workspaces \
	"$(jget "$T/state.json" "__import__('json').dumps({'displayName':'Lobby','orgId':'$ORG','locationId':d['items']['workspaces'][0]['locationId']})")")"
check_eq "a workspace that still has a phone cannot be deleted (409)" 409 "$(api DELETE "/workspaces/$WS")"

# ---- members ----
m() { printf '{"id":"%s","port":%s,"primaryOwner":%s,"lineType":"%s","lineWeight":1}' "$@"; }
P1=$(m "$ALICE" 1 true PRIMARY)
check_eq "members within the ports are 204" 204 \
	"$(api PUT "/telephony/config/devices/$DEV/members" "{\"members\":[$P1,$(m "$BOB" 2 false SHARED_CALL_APPEARANCE)]}")"
api GET "/telephony/config/devices/$DEV/members" >/dev/null
check_eq "GET members answers the lines put, with the model's line count" "2 2 SHARED_CALL_APPEARANCE" \
	"$(body "'%d %d %s' % (len(d['members']), d['maxLineCount'], d['members'][1]['lineType'])")"
check_eq "more members than the 6821's two ports are 400" 400 \
	"$(api PUT "/telephony/config/devices/$DEV/members" "{\"members\":[$P1,$(m "$BOB" 2 false SHARED_CALL_APPEARANCE),$(m "$WS" 3 false SHARED_CALL_APPEARANCE)]}")"
check_grep "naming the line ports" "line port" "$T/body"
check_eq "a member without lineWeight is 400" 400 \
	"$(api PUT "/telephony/config/devices/$DEV/members" "{\"members\":[{\"id\":\"$ALICE\",\"port\":1,\"primaryOwner\":true,\"lineType\":\"PRIMARY\"}]}")"
check_grep "naming lineWeight" "lineWeight is required" "$T/body"
check_eq "a member without primaryOwner is 400" 400 \
	"$(api PUT "/telephony/config/devices/$DEV/members" "{\"members\":[{\"id\":\"$ALICE\",\"port\":1,\"lineType\":\"PRIMARY\",\"lineWeight\":1}]}")"
check_eq "two members on one port are 400" 400 \
	"$(api PUT "/telephony/config/devices/$DEV/members" "{\"members\":[$P1,$(m "$BOB" 1 false SHARED_CALL_APPEARANCE)]}")"
check_eq "a member who is no one of the org is 400" 400 \
	"$(api PUT "/telephony/config/devices/$DEV/members" "{\"members\":[$P1,$(m Zm9vcGVyc29u 2 false SHARED_CALL_APPEARANCE)]}")"
api GET "/telephony/config/devices/$DEV/members" >/dev/null
check_eq "a refused PUT leaves the lines as they were" 2 "$(body "len(d['members'])")"
check_eq "a PUT without members keeps only the primary owner (replace)" 204 \
	"$(api PUT "/telephony/config/devices/$DEV/members" '{}')"
api GET "/telephony/config/devices/$DEV/members" >/dev/null
check_eq "one line left, the owner's" "1 $ALICE" "$(body "'%d %s' % (len(d['members']), d['members'][0]['id'])")"
check_eq "applyChanges is 204" 204 "$(api POST "/telephony/config/devices/$DEV/actions/applyChanges/invoke" '{}')"
check_eq "applyChanges of an unknown device is 404" 404 \
	"$(api POST /telephony/config/devices/Zm9v/actions/applyChanges/invoke '{}')"

# ---- activation codes and MAC validation ----
check_eq "an activation code is 200" 200 \
	"$(api POST "/devices/activationCode?orgId=$ORG" "{\"model\":\"DMS Cisco 7841\",\"personId\":\"$BOB\"}")"
check "with a 16-digit code and an expiry" python3 -c "
import json, re, sys; d = json.load(open('$T/body'))
sys.exit(0 if re.fullmatch('[0-9]{16}', d['code']) and d['expiryTime'].endswith('Z') else 1)"
check_eq "validateMacs: 200" 200 "$(api POST /telephony/config/devices/actions/validateMacs/invoke \
	'{"macs":["0004F2BB0001","0004f2bb00zz","0004F2BB0077","0004F2BB0077"]}')"
check_eq "in use, malformed, available, twice in the list" \
	"ERRORS UNAVAILABLE INVALID AVAILABLE DUPLICATE_IN_LIST" \
	"$(body "' '.join([d['status']] + [m['state'] for m in d['macStatus']])")"

# ---- state and delete ----
sandbox_state
check_eq "/_sandbox/state counts workspaces, devices, lines, codes, applyChanges" "1 2 2 1 1" \
	"$(jget "$T/state.json" "' '.join(str(d['counts'][k]) for k in ('workspaces','devices','deviceMembers','activationCodes','applyChanges'))")"
check_eq "and no duplicate MAC or workspace" "0 0" \
	"$(jget "$T/state.json" "'%d %d' % (d['duplicates']['devices.mac'], d['duplicates']['workspaces.name'])")"
check_eq "DELETE /devices/{id} is 204" 204 "$(api DELETE "/devices/$DEV?orgId=$ORG")"
check_eq "and it is gone (404)" 404 "$(api GET "/devices/$DEV")"
check_eq "its MAC is free again" 200 \
	"$(api POST "/devices?orgId=$ORG" "$(dev 0004F2BB0001 'DMS Cisco 8865' personId "$BOB")")"
sandbox_stop

# With --allow-duplicates a MAC may be used twice, and the state counts it.
sandbox_start --seed 4 --allow-duplicates || { not_ok "sandbox starts"; exit 1; }
bwm load -q --api "$SBX_URL" --journal "$T/dup.journal" "$T/base.jsonl" >/dev/null 2>&1
sandbox_state "?items=1"
ORG=$(jget "$T/state.json" "d['items']['customers'][0]['orgId']")
ALICE=$(jget "$T/state.json" "[s['personId'] for s in d['items']['subscribers'] if s['email'].startswith('alice')][0]")
api POST "/devices?orgId=$ORG" "$(dev 0004F2BB0005 'DMS Cisco 8865' personId "$ALICE")" >/dev/null
check_eq "--allow-duplicates lets a MAC in twice" 200 \
	"$(api POST "/devices?orgId=$ORG" "$(dev 0004F2BB0005 'DMS Cisco 8865' personId "$ALICE")")"
sandbox_state
check_eq "and /_sandbox/state counts the duplicate" 1 "$(jget "$T/state.json" "d['duplicates']['devices.mac']")"
sandbox_stop
