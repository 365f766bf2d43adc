# api_suite.sh — every method and path the load sends exists, with that
# method, in Cisco's OpenAPI files (webex-wholesale.json, webex-device.json,
# api-evangelist-split/*.yml). The endpoints are not listed here: they are
# collected from what the plans of the samples ask for (request, lookup, read and
# delete paths of every entry, whatever its kind) and from run.json of a
# live load into the sandbox, a resume that looks every entry up, a precheck
# and a rollback — so the endpoints of a new kind are checked as soon as
# transform writes it.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"
REF="$BWM_ROOT/../shared/reference/webex"
if [ ! -d "$REF" ]; then
	echo "# skipped: ../shared/reference/webex not found"
	exit 0
fi
PARTNER="$BWM_ROOT/samples/partner.json"
J="$T/suite.journal"
rm -rf "$T"/suite.journal* "$T"/run-* "$T/all.plan.jsonl"
cd "$BWM_ROOT"
for s in small multisite devices defects features; do
	[ -d "samples/$s" ] || continue
	bwm extract -q -o "$T/$s.inv.jsonl" "samples/$s" 2>/dev/null
	bwm transform -q -p "$PARTNER" -o "$T/$s.plan.jsonl" "$T/$s.inv.jsonl" 2>/dev/null
	cat "$T/$s.plan.jsonl" >>"$T/all.plan.jsonl"
done
check "the samples give a plan" test -s "$T/all.plan.jsonl"

sandbox_start --provision-delay-ms 20 || { not_ok "sandbox starts"; exit 0; }
bwm load -q --precheck --api "$SBX_URL" --report "$T/run-pre" "$T/all.plan.jsonl" >/dev/null 2>&1
bwm load -q --api "$SBX_URL" --journal "$J" --report "$T/run-live" "$T/all.plan.jsonl" >/dev/null 2>&1
check "the live load reports its endpoints" test -s "$T/run-live/run.json"
# As after a crash in each phase: the entries of one kind in flight (their
# dependencies done), so that the resume looks every one of them up.
for kind in $(sqlite3 "$J" "SELECT kind FROM entries GROUP BY kind ORDER BY min(rowid)"); do
	sqlite3 "$J" "UPDATE entries SET state='in_flight' WHERE kind='$kind' AND state='done'"
	bwm load -q --api "$SBX_URL" --journal "$J" --report "$T/run-resume-$kind" \
		"$T/all.plan.jsonl" >/dev/null 2>&1
	check_eq "the resume settles every in_flight $kind" 0 \
		"$(sqlite3 "$J" "SELECT count(*) FROM entries WHERE kind='$kind' AND state IN ('in_flight', 'failed')")"
done
bwm rollback -q --api "$SBX_URL" --journal "$J" --report "$T/run-rollback" >/dev/null 2>&1
check_eq "the rollback exits 0" 0 $?
sandbox_stop

python3 - "$T/all.plan.jsonl" "$T"/run-*/run.json >"$T/endpoints.txt" <<'PY'
import json, sys
seen = set()
for l in open(sys.argv[1]):
    e = json.loads(l)
    req = e.get("request") or {}
    if req.get("method") in ("GET", "POST", "PUT", "DELETE", "PATCH") and req.get("path"):
        seen.add((req["method"], req["path"]))
    for name, method in (("lookup", "GET"), ("delete", "DELETE"), ("read", "GET")):
        if isinstance(e.get(name), dict) and isinstance(e[name].get("path"), str):
            seen.add((method, e[name]["path"]))
for f in sys.argv[2:]:
    for k in json.load(open(f)).get("endpoints", {}):
        method, path = k.split(" ", 1)
        seen.add((method, path))
for m, p in sorted(seen):
    print(m, p)
PY
check_eq "the runs used lookups, polls, creates, validations and deletes" \
	"DELETE GET POST PUT" "$(cut -d' ' -f1 "$T/endpoints.txt" | sort -u | tr '\n' ' ' | sed 's/ $//')"
echo "# $(wc -l <"$T/endpoints.txt") distinct endpoints checked"
python3 "$BWM_ROOT/tests/tools/openapi_paths.py" "$REF" "$T/endpoints.txt"

# The check itself: a GET the Numbers API does not have, and a path
# segment that is a template in the load but literal in the API, are refused.
check_grep "the samples send a person's simultaneous ring" \
	'^PUT /telephony/config/people/\{personId\}/simultaneousRing$' "$T/endpoints.txt"
# The one exception (spec section 10.7) covers that path only: its
# criteria and a person's sequential ring are still refused.
printf 'GET /telephony/config/locations/{locationId}/numbers\nPOST /wholesale/customers/{id}\nPOST /telephony/config/people/{personId}/simultaneousRing/criteria\nPUT /telephony/config/people/{personId}/sequentialRing\n' \
	>"$T/bad.txt"
python3 "$BWM_ROOT/tests/tools/openapi_paths.py" "$REF" "$T/bad.txt" >"$T/bad.out"
check_eq "the check refuses endpoints Cisco's API lacks" "4 not ok" \
	"$(grep -c '^not ok' "$T/bad.out") not ok"
check_grep "and says which methods that path has" 'that path has only (DELETE, POST, PUT|POST, PUT, DELETE)' "$T/bad.out"

# Devices and workspaces (tests/fixtures/load/plan-devices.jsonl until the
# samples hold devices): every endpoint the load, a precheck, a resume that
# looks each kind up, verify's reads and a rollback use is checked against
# webex-device.json itself.
DJ="$T/dev-suite.journal"
DPLAN="$BWM_ROOT/tests/fixtures/load/plan-devices.jsonl"
rm -rf "$DJ"* "$T"/dev-run-*
sandbox_start || { not_ok "sandbox starts"; exit 0; }
bwm load -q --precheck --api "$SBX_URL" --report "$T/dev-run-pre" "$DPLAN" >/dev/null 2>&1
bwm load -q --api "$SBX_URL" --journal "$DJ" --report "$T/dev-run-live" "$DPLAN" >/dev/null 2>&1
check_eq "the device plan loads" 0 $?
for kind in workspace device activation_code device_members device_apply; do
	sqlite3 "$DJ" "UPDATE entries SET state='in_flight' WHERE kind='$kind' AND state='done'"
	bwm load -q --api "$SBX_URL" --journal "$DJ" --report "$T/dev-run-resume-$kind" "$DPLAN" \
		>/dev/null 2>&1
	check_eq "the resume settles every in_flight $kind" 0 \
		"$(sqlite3 "$DJ" "SELECT count(*) FROM entries WHERE kind='$kind' AND state IN ('in_flight', 'failed')")"
done
bwm rollback -q --api "$SBX_URL" --journal "$DJ" --report "$T/dev-run-rollback" >/dev/null 2>&1
check_eq "the device plan rolls back" 0 $?
sandbox_stop
python3 - "$DPLAN" "$T"/dev-run-*/run.json >"$T/dev-endpoints.txt" <<'PY'
import json, re, sys
seen = set()
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["kind"] not in ("workspace", "device", "activation_code", "device_members", "device_apply"):
        continue
    seen.add((e["request"]["method"], e["request"]["path"]))
    if e["request"]["method"] == "PUT":
        seen.add(("GET", e["request"]["path"]))            # verify reads a setting there
    for name, method in (("lookup", "GET"), ("delete", "DELETE"), ("delete", "GET")):
        if isinstance(e.get(name), dict):
            seen.add((method, e[name]["path"]))            # verify GETs the delete path
for f in sys.argv[2:]:
    for k in json.load(open(f)).get("endpoints", {}):
        method, path = k.split(" ", 1)
        if re.match(r"/(devices|workspaces|telephony/config/(devices|supportedDevices))", path):
            seen.add((method, path))
for m, p in sorted(seen):
    print(m, p)
PY
echo "# $(wc -l <"$T/dev-endpoints.txt") device endpoints checked against webex-device.json"
check_grep "they include the MAC precheck" "POST /telephony/config/devices/actions/validateMacs/invoke" \
	"$T/dev-endpoints.txt"
check_grep "and the rollback's device delete" "DELETE /devices/\{id\}" "$T/dev-endpoints.txt"
python3 "$BWM_ROOT/tests/tools/openapi_paths.py" --in webex-device.json "$REF" "$T/dev-endpoints.txt"
