# transform_features_openapi.sh — every hunt group, call queue, paging group,
# feature_setting, user_setting (selective criteria too), supervisor and
# auto attendant alternate number entry the samples plan sends a path and
# method that
# Cisco's OpenAPI files have (request, lookup, delete), and a body whose
# members, types and enums are those of the request schema; a plan with a
# misspelt member or a wrong enum is caught. The small sample's caller ID
# entries are checked against their operation, and its simultaneous ring
# entries (a path outside the split files, spec section 10.7) against the
# "me" and workspace variants' schemas.
. "$BWM_ROOT/tests/e2e/lib.sh"
SPLIT="$BWM_ROOT/../shared/reference/webex/api-evangelist-split"
CHECK="$BWM_ROOT/tests/e2e/feature_openapi.py"
if [ ! -d "$SPLIT" ] || ! python3 -c 'import yaml' 2>/dev/null; then
	echo "# skipped: the OpenAPI split files or python3-yaml are absent"
	ok "skipped"
	exit 0
fi
cd "$BWM_ROOT"
for s in features multisite small; do
	bwm extract -q -o "$T/$s.inv.jsonl" "samples/$s" 2>/dev/null
	bwm transform -q -p samples/partner.json -o "$T/$s.plan.jsonl" --report "$T/$s" "$T/$s.inv.jsonl"
	python3 "$CHECK" "$SPLIT" "$T/$s.plan.jsonl" >"$T/$s.check.txt" 2>&1
	check_eq "$s: feature entries match the OpenAPI files" 0 $?
	check_grep "$s: feature entries were checked" '^[1-9][0-9]* feature entries checked' "$T/$s.check.txt"
done
sed -e 's/"waitingEnabled"/"waitEnabled"/' -e 's/"policy":"CIRCULAR"/"policy":"ROUND_ROBIN"/' \
	"$T/features.plan.jsonl" >"$T/bad.plan.jsonl"
python3 "$CHECK" "$SPLIT" "$T/bad.plan.jsonl" >"$T/bad.txt" 2>&1
check_eq "a tampered plan is refused" 1 $?
check_grep "a misspelt member is named" 'waitEnabled is not in the schema' "$T/bad.txt"
check_grep "a wrong enum is named" "'ROUND_ROBIN' not in" "$T/bad.txt"
check_grep "the small plan has criteria to check" 'selectiveReject/criteria' "$T/small.plan.jsonl"
sed -e 's/"callsFrom":"SELECT_PHONE_NUMBERS"/"callsFrom":"SOME_NUMBERS"/' -e 's/"sendToVoicemailEnabled":false,//' \
	"$T/small.plan.jsonl" >"$T/bad-criteria.plan.jsonl"
python3 "$CHECK" "$SPLIT" "$T/bad-criteria.plan.jsonl" >"$T/bad-criteria.txt" 2>&1
check_eq "a criterion with a wrong callsFrom is refused" 1 $?
check_grep "and the criterion is named" "selectiveReject:No anonymous body.callsFrom: 'SOME_NUMBERS' not in" "$T/bad-criteria.txt"
check_grep "a forward criterion without a required member is named" \
	'selectiveForward:Partners body: required sendToVoicemailEnabled missing' "$T/bad-criteria.txt"
# the attendant's forwarding, its alternate numbers, the park settings and
# the supervisors are checked too
python3 - "$T/features.plan.jsonl" >"$T/kinds.txt" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["kind"] in ("queue_supervisor", "auto_attendant") or e["key"].endswith(("#callParkSettings", "#callForwarding")):
        print("%s:%s" % (e["kind"], e["key"]))
PY
check_grep "supervisors are in the checked plan" '^queue_supervisor:' "$T/kinds.txt"
check_eq "the plan has an attendant forwarding and park settings" 2 \
	"$(grep -c 'callParkSettings\|harbor-main-aa.*#callForwarding' "$T/kinds.txt")"
sed -e 's/"sendToVoicemailEnabled"/"destinationVoicemailEnabled"/' -e 's/"ringPattern":"SHORT_SHORT_LONG"/"ringPattern":"SHORT"/' \
	-e 's/"ringPattern":"LONG_LONG"/"ringPattern":"LONG"/' -e 's/"agents":\[{"id"/"agents":[{"personId"/' \
	"$T/features.plan.jsonl" >"$T/bad2.plan.jsonl"
python3 "$CHECK" "$SPLIT" "$T/bad2.plan.jsonl" >"$T/bad2.txt" 2>&1
check_eq "a tampered forwarding, park or supervisor body is refused" 1 $?
check_grep "a hunt group member name in the attendant's forwarding is named" \
	'harbor-main-aa.*#callForwarding body.callForwarding.always: destinationVoicemailEnabled is not in the schema' "$T/bad2.txt"
check_grep "a wrong park ring pattern is named" "callParkSettings.ringPattern: 'SHORT' not in" "$T/bad2.txt"
check_grep "a wrong alternate ring pattern is named" "alternateNumbers\[0\].ringPattern: 'LONG' not in" "$T/bad2.txt"
check_grep "a misspelt supervisor agent member is named" 'queue_supervisor:.*personId is not in the schema' "$T/bad2.txt"
check_eq "small: caller ID and simultaneous ring entries are among them" "9 3" \
	"$(grep -c '#callerId"' "$T/small.plan.jsonl") $(grep -c '#simultaneousRing"' "$T/small.plan.jsonl")"
sed -e 's/"answerConfirmationEnabled":true/"answerConfirmationRequired":true/' \
	-e 's/"selected":"LOCATION_NUMBER"/"selected":"LOCATION"/' \
	"$T/small.plan.jsonl" >"$T/bad-small.plan.jsonl"
python3 "$CHECK" "$SPLIT" "$T/bad-small.plan.jsonl" >"$T/bad-small.txt" 2>&1
check_eq "a tampered settings plan is refused" 1 $?
check_grep "a caller ID enum Webex lacks is named" "callerId body.selected: 'LOCATION' not in" \
	"$T/bad-small.txt"
check_grep "a simultaneous ring member the person API lacks is named" \
	'simultaneousRing body \(as /telephony/config/people/me/settings/simultaneousRing\).phoneNumbers\[[0-9]\]: answerConfirmationRequired is not in the schema' \
	"$T/bad-small.txt"
