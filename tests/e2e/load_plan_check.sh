# load_plan_check.sh — a plan edited by hand is checked, entry by entry,
# before anything is loaded: each broken copy of a valid plan is refused
# with exit 3 and a message naming the plan line, the entry, the member and
# what to do, by the dry-run and by a live run alike, and the live run
# sends nothing and leaves no journal behind.
. "$BWM_ROOT/tests/e2e/lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
rm -f "$T"/*.journal*
WEBEX_TOKEN=not-a-real-token
export WEBEX_TOKEN

check_exit "the valid plan passes the checks (dry-run exit 0)" 0 bwm load -q --dry-run "$PLAN"

# break NAME LINE PYTHON: a copy of the plan whose LINE-th entry (1-based)
# is changed by PYTHON, acting on the entry as `e`; LINE 0 appends a copy
# of the last entry changed so.
break_plan() {
	python3 - "$PLAN" "$T/$1.jsonl" "$2" "$3" <<'PY'
import json, sys
src, dst, n, code = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
lines = open(src).read().splitlines()
if n == 0:
    lines.append(lines[-1])
    n = len(lines)
e = json.loads(lines[n - 1])
exec(code)
lines[n - 1] = json.dumps(e, separators=(",", ":"))
open(dst, "w").write("\n".join(lines) + "\n")
PY
}

# refused NAME LINE PYTHON WANT: the broken plan is refused (dry-run and
# live), the message holds WANT, and the live run left no journal.
refused() {
	break_plan "$1" "$2" "$3"
	bwm load -q --dry-run "$T/$1.jsonl" >/dev/null 2>"$T/$1.dry.err"
	check_eq "$1: the dry-run refuses the plan (exit 3)" 3 $?
	check_grep "$1: it names line, entry, member and what is wrong" "$1.jsonl:$2: [^ ]*: $4" \
		"$T/$1.dry.err"
	bwm load -q --api http://127.0.0.1:9/v1 --journal "$T/$1.journal" "$T/$1.jsonl" \
		>/dev/null 2>"$T/$1.live.err"
	check_eq "$1: a live run refuses it before any request (exit 3)" 3 $?
	check "$1: and writes no journal" test ! -e "$T/$1.journal"
}

# Line 1 is customer ENT0000, 2 its first location (LOOKUP), 3 that
# location's numbers, 4 a subscriber (see mkplan.py).
refused get-method 4 'e["request"]["method"] = "GET"' \
	'key request.method: "GET" is not POST, PUT or LOOKUP'
refused other-host 4 'e["request"]["path"] = "https://evil.example/wholesale/subscribers"' \
	"key request.path: .* does not start with '/'"
refused dot-dot 4 'e["request"]["path"] = "/wholesale/../admin"' "key request.path: .*contains '..'"
refused unfilled 3 'e["params"].pop("locationId")' \
	"key request.path: .* uses {locationId}, which is not in params; add"
refused body-array 4 'e["body"] = [e["body"]]' "key body: must be a JSON object"
refused ref-not-in-depends 4 'e["depends"] = ["customer:ENT0000"]' \
	'key body.provisioningParameters.locationId: "\$ref": "location:[^"]*" names location:[^,]*, which is not in "depends"'
refused ref-unknown 4 'e["body"]["customerId"] = {"$ref": "customer:NOPE"}' \
	'key body.customerId: "\$ref": "customer:NOPE" names customer:NOPE, which is not an earlier entry'
refused depends-later 2 'e["depends"].append("number:ENT0000/G0")' \
	'key depends: "number:ENT0000/G0" is not an earlier entry of the plan'
refused depends-type 4 'e["depends"] = "customer:ENT0000"' "key depends: must be an array of strings"
refused param-number 3 'e["params"]["max"] = 100' 'key params: member "max" is neither a string'
refused lookup-less 2 'e.pop("lookup")' "key lookup: missing; a LOOKUP entry"
refused bad-kind 4 'e["kind"] = "Subscriber"' "key kind: must be a lower-case identifier"
refused empty-key 4 'e["key"] = ""' "key key: must be a non-empty string"
refused delete-path 4 'e["delete"] = {"path": "/locations/{locationId}/x/{id}"}' \
	"key delete.path: .* uses {locationId}, which is not in params"

# A kind the load has not seen before, in the generic form of docs/plan-format.md, passes.
break_plan new-kind 0 'e.update(kind="hunt_group", key="ENT0000/G1/hg@x", request={"method": "POST", "path": "/telephony/config/locations/{locationId}/huntGroups"}, params={"locationId": {"$ref": "location:ENT0000/G0"}, "orgId": {"$ref": "customer:ENT0000#orgId"}}, body={"name": "Sales"}, lookup={"path": "/telephony/config/huntGroups", "query": {"name": "Sales", "orgId": {"$ref": "customer:ENT0000#orgId"}}, "items": "huntGroups", "match": {"name": "Sales"}}, depends=["location:ENT0000/G0"])'
bwm load -q --dry-run "$T/new-kind.jsonl" >/dev/null 2>"$T/new-kind.err"
check_eq "an unknown kind in the generic form is accepted (dry-run exit 0)" 0 $?

# Text the API must never see: a NUL escape and bytes that are not UTF-8.
for bad in nul latin1; do
	python3 - "$PLAN" "$T/$bad.jsonl" "$bad" <<'PY'
import sys
src, dst, bad = sys.argv[1], sys.argv[2], sys.argv[3]
lines = open(src, "rb").read().split(b"\n")
old = b'"firstName":"'
lines[3] = lines[3].replace(old, old + (b"Ann\\u0000" if bad == "nul" else b"Ren\xe9"), 1)
open(dst, "wb").write(b"\n".join(lines))
PY
	bwm load -q --dry-run "$T/$bad.jsonl" >/dev/null 2>"$T/$bad.err"
	check_eq "$bad: a plan line with it is refused (exit 3)" 3 $?
	check_grep "$bad: the error names the plan's line and member" "$bad.jsonl:4: .*firstName" "$T/$bad.err"
done
