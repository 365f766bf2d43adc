# load_device_plan_check.sh — the plan members devices brought (docs/plan-format.md):
# "resend" (a POST sent again after a crash, never with a lookup), "record"
# (response members to journal) and {"$secret": "sip_password"} (only in a
# body) are checked before anything is loaded, like every other member; the
# hand-made device plan passes, and a dry-run shows the placeholder, never
# a password.
. "$BWM_ROOT/tests/e2e/lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-devices.jsonl"
rm -rf "$T"/*.journal* "$T/dry"
WEBEX_TOKEN=not-a-real-token
export WEBEX_TOKEN

check_exit "the device plan passes the checks (dry-run exit 0)" 0 \
	bwm load -q --dry-run --report "$T/dry" "$PLAN"
check_grep "the dry-run's requests show the password placeholder" \
	'"password":\{"\$secret":"sip_password"\}' "$T/dry/requests.jsonl"
check "and no credentials file is made by a dry-run" test ! -e "$PLAN.journal.credentials"

# refused NAME LINE PYTHON WANT: a copy of the plan whose LINE-th entry is
# changed by PYTHON (on `e`) is refused with exit 3 naming line and member.
refused() {
	python3 - "$PLAN" "$T/$1.jsonl" "$2" "$3" <<'PY'
import json, sys
src, dst, n, code = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
lines = open(src).read().splitlines()
e = json.loads(lines[n - 1])
exec(code)
lines[n - 1] = json.dumps(e, separators=(",", ":"))
open(dst, "w").write("\n".join(lines) + "\n")
PY
	bwm load -q --dry-run "$T/$1.jsonl" >/dev/null 2>"$T/$1.err"
	check_eq "$1: the plan is refused (exit 3)" 3 $?
	check_grep "$1: the message names line, entry and member" "$1.jsonl:$2: [^ ]*: $4" "$T/$1.err"
}

# Line 11 is the door phone (customer managed), 12 the activation code,
# 13 alice's device lines.
refused resend-with-lookup 12 \
	'e["lookup"] = {"path": "/devices", "query": {"mac": "x"}, "items": "items", "match": {"mac": "x"}}' \
	'key resend: an entry sent again after a crash has no natural key: remove "lookup" or "resend"'
refused resend-on-put 13 'e["resend"] = True' 'key resend: is only for a POST'
refused resend-not-bool 12 'e["resend"] = "yes"' 'key resend: must be true or false'
refused record-not-array 12 'e["record"] = "code"' 'key record: must be an array of strings'
refused record-empty-name 12 'e["record"] = [""]' 'key record: names an empty member'
refused secret-unknown 11 'e["body"]["password"] = {"$secret": "api_token"}' \
	'key body.password: a secret must be exactly \{"\$secret": "sip_password"\}'
refused secret-extra-member 11 'e["body"]["password"]["x"] = 1' \
	'key body.password: a secret must be exactly'
refused secret-in-delete 11 'e["delete"]["x"] = {"$secret": "sip_password"}' \
	'key delete.x: a \{"\$secret": …\} is only allowed in the body'
