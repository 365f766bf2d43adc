# transform_devices_openapi.sh — every workspace, device, activation_code,
# device_members and device_apply entry the samples plan sends a path and
# method that Cisco's device OpenAPI file has (request, lookup, delete), with
# params that are parameters of the request and a body whose members, types
# and enums are those of the request schema; a tampered plan is caught. The
# report counts the phones migrated and left behind.
. "$BWM_ROOT/tests/e2e/lib.sh"
OPENAPI="$BWM_ROOT/../shared/reference/webex/webex-device.json"
CHECK="$BWM_ROOT/tests/e2e/device_openapi.py"
if [ ! -f "$OPENAPI" ]; then
	echo "# skipped: the device OpenAPI file is absent"
	ok "skipped"
	exit 0
fi
cd "$BWM_ROOT"
for s in devices small multisite; do
	bwm extract -q -o "$T/$s.inv.jsonl" "samples/$s" 2>/dev/null
	bwm transform -q -p samples/partner.json -o "$T/$s.plan.jsonl" --report "$T/$s" \
		"$T/$s.inv.jsonl" 2>/dev/null
	python3 "$CHECK" "$OPENAPI" "$T/$s.plan.jsonl" >"$T/$s.check.txt" 2>&1
	check_eq "$s: device entries match the OpenAPI file" 0 $?
	check_grep "$s: device entries were checked" '^[1-9][0-9]* device entries checked' "$T/$s.check.txt"
done
# every kind is in the devices sample
for k in workspace device activation_code device_members device_apply; do
	check_grep "devices: the plan has $k entries" "\"kind\":\"$k\"" "$T/devices.plan.jsonl"
done
sed -e 's/"primaryOwner"/"primaryowner"/' -e 's/"lineType":"PRIMARY"/"lineType":"MAIN"/' \
	-e 's/"supportedDevices":"phones"/"supportedDevices":"desks"/' \
	-e 's|"path":"/devices/activationCode"|"path":"/devices/activationCodes"|' \
	"$T/devices.plan.jsonl" >"$T/bad.plan.jsonl"
python3 "$CHECK" "$OPENAPI" "$T/bad.plan.jsonl" >"$T/bad.txt" 2>&1
check_eq "a tampered plan is refused" 1 $?
check_grep "a misspelt member is named" 'primaryowner is not in the schema' "$T/bad.txt"
check_grep "a wrong line type is named" "'MAIN' not in" "$T/bad.txt"
check_grep "a wrong workspace enum is named" "'desks' not in" "$T/bad.txt"
check_grep "an unknown path is named" 'POST /devices/activationCodes is not in the OpenAPI file' "$T/bad.txt"
# the report counts what became of the phones; those left behind are findings
check_eq "devices: report.json counts the phones" \
	"{'activationCodes': 1, 'devices': 8, 'notMigrated': 3, 'workspaces': 2}" \
	"$(jget "$T/devices/report.json" "dict(sorted(d['summary']['phones'].items()))")"
check_eq "devices: each phone left behind has an error or warning finding" 3 \
	"$(grep -cE ',(error|warning),(invalid_mac|duplicate_mac|unsupported_device),device:' "$T/devices/findings.csv")"
check_grep "devices: report.html shows the phones" \
	'<h2>Phones</h2><div id="chart-phones">.*<td>notMigrated</td><td class="num">3</td>' \
	"$T/devices/report.html"
check_eq "devices: the report names devices.json among its mapping inputs" \
	"['mappings/default.json', 'mappings/devices.json']" \
	"$(jget "$T/devices/report.json" "[i['file'] for i in d['inputs'] if i['role'] == 'mappings']")"
