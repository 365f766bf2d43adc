# devices_lib.sh — what the device tests share (sourced after sandbox_lib.sh):
#
#   devices_vs_sandbox PLAN   prints "ok" when the sandbox holds each planned
#                             workspace and device exactly once, each device
#                             with its model and owner, and each device's
#                             lines (members) as planned: person or workspace,
#                             port, line type; otherwise what differs.
devices_vs_sandbox() {
	sandbox_state "?items=1"
	python3 - "$1" "$T/state.json" <<'PY'
import json, sys
plan = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
st = json.load(open(sys.argv[2]))
items, bad = st["items"], []
by_key = {"%s:%s" % (e["kind"], e["key"]): e for e in plan}
person = {s["email"].lower(): s["personId"] for s in items["subscribers"]}
place = {w["displayName"]: w["id"] for w in items["workspaces"]}
def owner_id(ref):
    """The sandbox id a "$ref" of the plan names (a person or a workspace)."""
    e = by_key[ref["$ref"].split("#")[0]]
    if e["kind"] == "subscriber":
        return person.get(e["body"]["email"].lower())
    return place.get(e["body"]["displayName"])
want_ws = sorted(e["body"]["displayName"] for e in plan if e["kind"] == "workspace")
if sorted(place) != want_ws or len(items["workspaces"]) != len(want_ws):
    bad.append("workspaces: want %s got %s" % (want_ws, [w["displayName"] for w in items["workspaces"]]))
devs = {}
for d in items["devices"]:
    devs.setdefault(d["mac"], []).append(d)
for e in plan:
    if e["kind"] != "device":
        continue
    b = e["body"]
    got = devs.get(b["mac"], [])
    if len(got) != 1:
        bad.append("%s: %d devices with MAC %s" % (e["key"], len(got), b["mac"]))
        continue
    d = got[0]
    if d["model"] != b["model"]:
        bad.append("%s: model %s, planned %s" % (e["key"], d["model"], b["model"]))
    field = "personId" if "personId" in b else "workspaceId"
    if d.get(field) != owner_id(b[field]):
        bad.append("%s: owner differs" % e["key"])
    m = by_key.get("device_members:" + e["key"])
    want = [(owner_id(x["id"]), x["port"], x["lineType"]) for x in m["body"]["members"]] if m \
        else [(d.get(field), 1, "PRIMARY")]
    have = [(x["id"], x["port"], x["lineType"]) for x in d.get("members") or []]
    if sorted(want) != sorted(have):
        bad.append("%s: lines %s, planned %s" % (e["key"], have, want))
if len(items["devices"]) != sum(1 for e in plan if e["kind"] == "device"):
    bad.append("devices: %d in the sandbox" % len(items["devices"]))
c, dup = st["counts"], st["duplicates"]
if c["activationCodes"] < sum(1 for e in plan if e["kind"] == "activation_code"):
    bad.append("activation codes: %d" % c["activationCodes"])
if c["applyChanges"] < sum(1 for e in plan if e["kind"] == "device_apply"):
    bad.append("applyChanges: %d" % c["applyChanges"])
if dup["devices.mac"] or dup["workspaces.name"]:
    bad.append("duplicates %s" % {k: v for k, v in dup.items() if v})
print("; ".join(bad) or "ok")
PY
}

# kill_when_answered PID METHOD PATH N: kill -9 PID once the sandbox carried
# out N of METHOD PATH with any 2xx (a PUT answers 204, which `served` does
# not count); fails when it never got there.
kill_when_answered() {
	k=0; got=0
	while [ $k -lt 1200 ] && kill -0 "$1" 2>/dev/null; do
		got=$(curl -s "$SBX_BASE/_sandbox/state" |
			grep -o "\"method\":\"$2\",\"path\":\"$3\",\"status\":20[0-9],\"count\":[0-9]*" |
			sed 's/.*://' | awk '{s += $1} END {print s + 0}')
		[ "$got" -ge "$4" ] && break
		k=$((k + 1)); sleep 0.05
	done
	kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null
	[ "$got" -ge "$4" ]
}
