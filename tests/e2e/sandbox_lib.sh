# sandbox_lib.sh — start and stop a `bwmigrate sandbox` for the load tests.
# Sourced after lib.sh; defines functions only (run.sh also runs it as a
# script, which then checks nothing).
#
#   sandbox_start [SANDBOX OPTIONS...]  sets SBX_PID, SBX_URL (…/v1), SBX_BASE
#   sandbox_stop                        stops the one started last
#   sandbox_state [QUERY]               GET /_sandbox/state into $T/state.json
#   served METHOD PATH                  200s the sandbox gave METHOD PATH so far
#   kill_when PID METHOD PATH N         kill -9 PID once N were served
# The token is generated into $T/token (mode 0600) and exported as
# WEBEX_TOKEN; it is never printed.

sandbox_token() {
	umask 077
	if [ ! -s "$T/token" ]; then
		od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$T/token"
	fi
	WEBEX_TOKEN=$(cat "$T/token")
	export WEBEX_TOKEN
}

sandbox_start() {
	sandbox_token
	rm -f "$T/sandbox.out"
	"$BWM" sandbox --port 0 -q "$@" >"$T/sandbox.out" 2>"$T/sandbox.err" &
	SBX_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		SBX_BASE=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$T/sandbox.out" 2>/dev/null)
		[ -n "$SBX_BASE" ] && break
		kill -0 "$SBX_PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$SBX_BASE" ]; then
		echo "# sandbox did not start:"; sed 's/^/# /' "$T/sandbox.err"
		return 1
	fi
	SBX_URL="$SBX_BASE/v1"
	export SBX_URL SBX_BASE
}

sandbox_stop() {
	if [ -n "${SBX_PID:-}" ]; then
		kill "$SBX_PID" 2>/dev/null
		wait "$SBX_PID" 2>/dev/null
		SBX_PID=
	fi
}

sandbox_state() {
	curl -s -H "Authorization: Bearer $WEBEX_TOKEN" \
		"$SBX_BASE/_sandbox/state${1:-}" >"$T/state.json"
}

# served METHOD PATH: how many 200s the sandbox gave METHOD PATH (curl
# and grep only: a progress probe must stay cheap on a loaded machine).
served() {
	n=$(curl -s "$SBX_BASE/_sandbox/state" |
		grep -o "\"method\":\"$1\",\"path\":\"$2\",\"status\":20[01],\"count\":[0-9]*" |
		sed 's/.*://' | head -1)
	echo "${n:-0}"
}

# kill_when PID METHOD PATH N: kill -9 PID once the sandbox served N of
# METHOD PATH (bounded wait); fails when it never got there.
kill_when() {
	k=0
	while [ $k -lt 1200 ] && kill -0 "$1" 2>/dev/null; do
		[ "$(served "$2" "$3")" -ge "$4" ] && break
		k=$((k + 1)); sleep 0.05
	done
	got=$(served "$2" "$3")
	kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null
	[ "$got" -ge "$4" ]
}

# plan_vs_sandbox PLAN: prints "ok" when the sandbox holds exactly the
# plan's customers, subscribers, locations and numbers, no duplicates;
# otherwise what differs.
plan_vs_sandbox() {
	sandbox_state "?items=1"
	python3 - "$1" "$T/state.json" <<'PY'
import json, sys
plan = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
st = json.load(open(sys.argv[2]))
want = {"customers": set(), "subscribers": set(), "locations": set(), "numbers": set()}
for e in plan:
    b, k = e.get("body", {}), e["kind"]
    if k == "customer":
        want["customers"].add(b["externalId"])
        want["locations"].add(b["provisioningParameters"]["calling"]["location"]["name"])
    elif k == "subscriber":
        want["subscribers"].add(b["email"].lower())
    elif k == "location" and e["request"]["method"] != "LOOKUP":
        want["locations"].add(b["name"])
    elif k == "number":
        want["numbers"].update(b["phoneNumbers"])
items = st.get("items", {})
def names(kind, field):
    return [str(i.get(field, "")) for i in items.get(kind, [])]
got = {"customers": names("customers", "externalId"),
       "subscribers": [s.lower() for s in names("subscribers", "email")],
       "locations": names("locations", "name"),
       "numbers": names("numbers", "phoneNumber")}
bad = []
for k in want:
    if len(got[k]) != len(set(got[k])):
        bad.append(f"{k}: duplicates")
    if set(got[k]) != want[k]:
        bad.append(f"{k}: missing {sorted(want[k] - set(got[k]))[:3]} extra {sorted(set(got[k]) - want[k])[:3]}")
dups = st.get("duplicates", {})
if any(dups.values()):
    bad.append(f"duplicates {dups}")
print("ok" if not bad else "; ".join(bad))
PY
}
