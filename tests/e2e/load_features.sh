# load_features.sh — the call feature sample end to end: extract,
# transform, load into the sandbox; the sandbox then holds every schedule,
# auto attendant, call park and call pickup once, with members resolved to
# the migrated people, the attendant with its alternate number and its
# forwarding, the location with its call park settings. Then the load is
# killed with SIGKILL while each feature kind (and the settings) is in
# flight and resumed: still everything once; the same under the fault mix.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

bwm extract -q -o "$T/inv.jsonl" "$BWM_ROOT/samples/features/20-attendant-park-pickup.xml"
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/plan.jsonl" "$T/inv.jsonl"
check_eq "the feature sample transforms without errors" 0 $?
check_eq "the plan carries the attendant's forwarding and the park settings" \
	"HARBOR-ENT/HARBOR-SEA#callParkSettings HARBOR-ENT/HARBOR-SEA/harbor-main-aa@harbor-freight.example#callForwarding" \
	"$(python3 -c "
import json,sys
print(' '.join(sorted(json.loads(l)['key'] for l in open(sys.argv[1]) if '\"feature_setting\"' in l)))" "$T/plan.jsonl")"
PLAN="$T/plan.jsonl"
J="$T/features.journal"
rm -f "$J" "$J"-wal "$J"-shm

# features_vs_sandbox: "ok" when the sandbox holds each planned feature
# once (by name), with exactly the planned members as person ids of the
# planned subscribers; otherwise what differs.
features_vs_sandbox() {
	sandbox_state "?items=1"
	python3 - "$PLAN" "$T/state.json" "$SBX_URL" "$WEBEX_TOKEN" <<'PY'
import json, sys, urllib.request
plan = [json.loads(l) for l in open(sys.argv[1])]
st = json.load(open(sys.argv[2]))
items, out = st["items"], []
def person(email):
    rq = urllib.request.Request(sys.argv[3] + "/wholesale/subscribers?email=" + email,
                                headers={"Authorization": "Bearer " + sys.argv[4]})
    return json.load(urllib.request.urlopen(rq))["items"][0]["personId"]
emails = {e["key"]: e["body"]["email"] for e in plan if e["kind"] == "subscriber"}
lists = {"schedule": "schedules", "auto_attendant": "autoAttendants",
         "call_park": "callParks", "call_pickup": "callPickups"}
for kind, name in lists.items():
    want = sorted(e["body"]["name"] for e in plan if e["kind"] == kind)
    got = sorted(i["name"] for i in items[name])
    if want != got:
        out.append("%s: want %s got %s" % (name, want, got))
    if st["duplicates"][name + ".name"]:
        out.append("%s duplicated" % name)
for e in plan:
    if e["kind"] not in ("call_park", "call_pickup"):
        continue
    want = sorted(person(emails[a["$ref"].split(":", 1)[1].split("#")[0]]) for a in e["body"]["agents"])
    have = [i for i in items[lists[e["kind"]]] if i["name"] == e["body"]["name"]]
    if not have or sorted(have[0].get("agents", [])) != want:
        out.append("%s members differ" % e["body"]["name"])
# the attendant's alternate numbers (its own in the location's inventory),
# its forwarding and the location's call park settings, each once
settings = [(f["featureId"], f["name"], json.loads(f["doc"])) for f in items["featureSettings"]]
for e in plan:
    if e["kind"] == "auto_attendant":
        aa = [i for i in items["autoAttendants"] if i["name"] == e["body"]["name"]]
        want = e["body"].get("alternateNumbers", [])
        if not aa or aa[0].get("alternateNumbers", []) != want:
            out.append("%s alternate numbers differ" % e["body"]["name"])
        for a in want:
            if not aa or not any(n["phoneNumber"] == a["phoneNumber"] and n["ownerId"] == aa[0]["id"]
                                 for n in items["numbers"]):
                out.append("%s does not hold %s" % (e["body"]["name"], a["phoneNumber"]))
    if e["kind"] == "feature_setting":
        name = e["key"].rsplit("#", 1)[1]
        got = [d for (_, n, d) in settings if n == name]
        if got != [e["body"]]:
            out.append("setting %s: %d stored, wanted the plan's body once" % (e["key"], len(got)))
if len(settings) != sum(1 for e in plan if e["kind"] == "feature_setting"):
    out.append("%d settings stored" % len(settings))
print("; ".join(out) or "ok")
PY
}

sandbox_start --latency-ms 20 --seed 5 || { not_ok "sandbox starts"; exit 1; }
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$PLAN" >"$T/load.out" 2>"$T/load.err"
check_eq "the load finishes (exit 0)" 0 $?
check_eq "the sandbox holds every feature once, members resolved" ok "$(features_vs_sandbox)"
check_eq "and every subscriber of the plan" ok "$(plan_vs_sandbox "$PLAN")"

in_flight() {
	sqlite3 "file:$J?mode=ro" "SELECT count(*) FROM entries WHERE kind='$1' AND state='in_flight'" \
		2>/dev/null || echo 0
}
ROUNDS=${LOAD_FEATURES_ROUNDS:-3}
kills=0; hit=""
round=1
while [ $round -le "$ROUNDS" ] || { [ "$kills" -lt $((ROUNDS * 2)) ] && [ $round -le $((ROUNDS * 3)) ]; }; do
	curl -s -X POST -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_BASE/_sandbox/reset" >/dev/null
	restart=--restart
	for kind in schedule auto_attendant call_park call_pickup feature_setting; do
		"$BWM" load -q $restart -j 2 --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>"$T/kill.err" &
		pid=$!
		restart=
		n=0; seen=0
		while [ $n -lt 500 ] && kill -0 $pid 2>/dev/null; do
			if [ "$(in_flight $kind)" -gt 0 ]; then seen=1; break; fi
			sleep 0.01
			n=$((n + 1))
		done
		sleep "0.0$(od -An -N1 -tu1 /dev/urandom | awk '{printf "%d", $1 % 3}')"
		if kill -9 $pid 2>/dev/null && [ $seen = 1 ]; then
			kills=$((kills + 1))
			hit="$hit $kind"
		fi
		wait $pid 2>/dev/null
	done
	bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$PLAN" >"$T/final.out" 2>"$T/final.err"
	check_eq "round $round: the resumed load finishes (exit 0)" 0 $?
	check_eq "round $round: every feature once, members resolved" ok "$(features_vs_sandbox)"
	round=$((round + 1))
done
echo "# kills landed in:$hit"
check "kills landed while features were in flight ($kills)" [ "$kills" -ge 1 ]

# Rollback removes the features with their customer's org.
bwm rollback -q --api "$SBX_URL" --journal "$J" >"$T/rb.out" 2>"$T/rb.err"
check_eq "rollback finishes (exit 0)" 0 $?
sandbox_state
check_eq "rollback leaves no schedule, attendant, park or pickup" "0 0 0 0" \
	"$(jget "$T/state.json" '"%d %d %d %d" % tuple(d["counts"][k] for k in ("schedules", "autoAttendants", "callParks", "callPickups"))')"
check_eq "and no attendant forwarding or park settings" 0 "$(jget "$T/state.json" 'd["counts"]["featureSettings"]')"
sandbox_stop

# The fault mix: the attendant's forwarding and the park settings are PUTs
# sent again after a 5xx, a reset or a lost answer; still each once.
# (The state is kept in a file and read back by a sandbox without faults.)
rm -f "$T/faults.db"* "$T/faults.journal"*
sandbox_start --state "$T/faults.db" --faults '5xx=10%,429=5%,reset=3%,lost=5%' --seed 21 ||
	{ not_ok "sandbox starts"; exit 1; }
bwm load -q -j 4 --api "$SBX_URL" --journal "$T/faults.journal" "$PLAN" >"$T/f.out" 2>"$T/f.err"
check_eq "under faults the load finishes (exit 0)" 0 $?
check "the sandbox did inject faults" python3 -c "
import json, urllib.request
d = json.load(urllib.request.urlopen('$SBX_BASE/_sandbox/state'))
import sys; sys.exit(0 if any(r['status'] >= 429 for r in d['requests']) else 1)"
sandbox_stop
sandbox_start --state "$T/faults.db" || { not_ok "sandbox starts"; exit 1; }
check_eq "under faults: every feature and setting once" ok "$(features_vs_sandbox)"
sandbox_stop
