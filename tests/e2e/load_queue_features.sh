# load_features.sh — the call features sample end to end: extract ->
# transform -> load into the sandbox, which then holds every hunt group,
# call queue and paging group exactly once, each with its agents (or
# originators and targets) resolved to the people the load created, in
# plan order, and every feature_setting PUT; the same after kill -9 in
# the middle of the feature phase and a resume, and under the fault mix.
# Supervisors: one per person over all of the customer's queues, with
# exactly the union of their agents, never twice (a POST looked up by the
# person's id after a crash), deleted by the rollback.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$T/plan.jsonl"
rm -rf "$T"/*.journal* "$T/rep" "$T/tx"
cd "$BWM_ROOT"
# four copies of the sample as four enterprises, so that enough feature
# calls are made for kills and faults to land among them
mkdir -p "$T/bundle"
for i in 1 2 3 4; do
	sed -e "s/HARBOR-ENT/HARBOR$i-ENT/g" -e "s/harbor-logistics/harbor$i/g" \
		-e "s/4155550/415556$i/g" -e "s/Harbor San Francisco/Harbor San Francisco $i/g" samples/features/10-hunt-queue-paging.xml >"$T/bundle/$i.xml"
done
bwm extract -q -o "$T/inv.jsonl" "$T/bundle" 2>/dev/null
bwm transform -q -p samples/partner.json -o "$PLAN" --report "$T/tx" "$T/inv.jsonl"
check_eq "the features sample transforms without errors" 0 $?
check_eq "the plan has the sample's features and settings, four times" "8,8,4,20,8" "$(python3 -c "
import json,sys
k=[json.loads(l)['kind'] for l in open(sys.argv[1])]
print(','.join(str(k.count(x)) for x in ('hunt_group','call_queue','paging_group','feature_setting','queue_supervisor')))" "$PLAN")"

# features_vs_sandbox PLAN: "ok" when the sandbox holds each feature of the
# plan once, members resolved to the personIds of the planned people in
# plan order, and each feature_setting once; otherwise what differs.
features_vs_sandbox() {
	sandbox_state "?items=1"
	python3 - "$1" "$T/state.json" <<'PY'
import json, sys
plan = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
st = json.load(open(sys.argv[2]))
items = st["items"]
person = {s["email"].lower(): s.get("personId") for s in items["subscribers"]}
email = {e["key"]: e["body"]["email"].lower() for e in plan if e["kind"] == "subscriber"}
orgs = {c["externalId"]: c.get("orgId") for c in items["customers"]}
kinds = {"hunt_group": "huntGroups", "call_queue": "queues", "paging_group": "paging"}
def ids(refs):
    out = []
    for r in refs:
        ref = r["$ref"] if isinstance(r, dict) and "$ref" in r else r["id"]["$ref"]
        out.append(person.get(email.get(ref.split(":", 1)[1].split("#")[0])))
    return out
bad, by_key = [], {}
for e in plan:
    if e["kind"] not in kinds:
        continue
    name, kind = e["body"]["name"], kinds[e["kind"]]
    org = orgs.get(e["params"]["orgId"]["$ref"].split(":", 1)[1].split("#")[0])
    got = [f for f in items["features"] if f["kind"] == kind and f["name"] == name
           and f["orgId"] == org]
    if len(got) != 1:
        bad.append("%s %s: %d in the sandbox" % (kind, name, len(got)))
        continue
    by_key[e["kind"] + ":" + e["key"]] = got[0]["id"]
    f = got[0]
    for member in ("agents", "originators", "targets"):
        if member not in e["body"]:
            continue
        want = ids(e["body"][member])
        have = json.loads(f.get(member) or "[]")
        have = [h["id"] if isinstance(h, dict) else h for h in have]
        if None in want or have != want:
            bad.append("%s %s: %s %s, wanted %s" % (kind, name, member, have, want))
settings = {(s["featureId"], s["name"]) for s in items["featureSettings"]}
if len(settings) != len(items["featureSettings"]):
    bad.append("a setting twice")
for e in plan:
    if e["kind"] == "feature_setting":
        owner = by_key.get(e["depends"][0])
        sub = e["request"]["path"].rsplit("/", 1)[1]
        if (owner, sub) not in settings:
            bad.append("setting %s missing" % e["key"])
sups = items.get("supervisors", [])
for e in plan:
    if e["kind"] != "queue_supervisor":
        continue
    org = orgs.get(e["params"]["orgId"]["$ref"].split(":", 1)[1].split("#")[0])
    sid = ids([e["body"]["id"]["$ref"] and {"$ref": e["body"]["id"]["$ref"]}])[0]
    got = [s for s in sups if s["id"] == sid and s["orgId"] == org]
    if len(got) != 1:
        bad.append("supervisor %s: %d in the sandbox" % (e["key"], len(got)))
        continue
    want = ids(e["body"]["agents"])
    have = [a["id"] for a in got[0]["agents"]]
    if None in want or have != want:
        bad.append("supervisor %s: agents %s, wanted %s" % (e["key"], have, want))
if len(sups) != sum(1 for e in plan if e["kind"] == "queue_supervisor"):
    bad.append("%d supervisors in the sandbox" % len(sups))
want_n = sum(1 for e in plan if e["kind"] in kinds)
if len(items["features"]) != want_n:
    bad.append("%d features in the sandbox, %d planned" % (len(items["features"]), want_n))
if any(st["duplicates"].values()):
    bad.append("duplicates %s" % st["duplicates"])
print("ok" if not bad else "; ".join(bad))
PY
}

# ---- a clean load ----
sandbox_start || { not_ok "sandbox starts"; exit 1; }
bwm load -q --api "$SBX_URL" --journal "$T/a.journal" --report "$T/rep" "$PLAN" >"$T/a.out" 2>&1
check_eq "the plan with features loads (exit 0)" 0 $?
check_eq "people, numbers and locations are exactly the plan" ok "$(plan_vs_sandbox "$PLAN")"
check_eq "every feature once, members resolved to the migrated people" ok "$(features_vs_sandbox "$PLAN")"
check_eq "hunt groups answered 200, paging 201" "1,1" "$(jget "$T/state.json" "'%d,%d' % (
	any(r['status'] == 200 and r['path'].endswith('/huntGroups') for r in d['requests']),
	any(r['status'] == 201 and r['path'].endswith('/paging') for r in d['requests']))")"
bwm load -q --api "$SBX_URL" --journal "$T/a.journal" "$PLAN" >/dev/null 2>&1
check_eq "a second run sends nothing twice" ok "$(features_vs_sandbox "$PLAN")"
sandbox_stop

# ---- kill -9 while features are in flight, then resume ----
J="$T/crash.journal"
sandbox_start --latency-ms 40 --seed 5 || { not_ok "sandbox starts"; exit 1; }
in_flight() {
	sqlite3 "file:$J?mode=ro" "SELECT count(*) FROM entries WHERE kind IN ('hunt_group', \
		'call_queue', 'paging_group', 'feature_setting', 'queue_supervisor') AND state='in_flight'" 2>/dev/null || echo 0
}
kills=0
for round in 1 2 3; do
	curl -s -X POST -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_BASE/_sandbox/reset" >/dev/null
	restart=--restart
	for attempt in 1 2; do
		"$BWM" load -q $restart -j 2 --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>&1 &
		pid=$!
		restart=
		n=0; seen=0
		while [ $n -lt 500 ] && kill -0 $pid 2>/dev/null; do
			if [ "$(in_flight)" -gt 0 ]; then seen=1; break; fi
			sleep 0.01
			n=$((n + 1))
		done
		sleep "0.0$(od -An -N1 -tu1 /dev/urandom | awk '{printf "%d", $1 % 5}')"
		if kill -9 $pid 2>/dev/null && [ $seen = 1 ]; then kills=$((kills + 1)); fi
		wait $pid 2>/dev/null
	done
	bwm load -q -j 2 --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>"$T/final.err"
	check_eq "round $round: the resumed load finishes (exit 0)" 0 $?
	check_eq "round $round: every feature once, members resolved" ok "$(features_vs_sandbox "$PLAN")"
done
echo "# kills while a feature was in flight: $kills"
check "some kills landed in the feature phase ($kills)" [ "$kills" -ge 1 ]
sandbox_stop

# ---- the fault mix ----
sandbox_start --faults '5xx=10%,429=5%,423=1%,reset=2%,lost=5%' --seed 13 ||
	{ not_ok "sandbox starts"; exit 1; }
bwm load -q -j 4 --api "$SBX_URL" --journal "$T/f.journal" "$PLAN" >"$T/f.out" 2>"$T/f.err"
check_eq "under faults the load finishes (exit 0)" 0 $?
check_eq "under faults: nothing lost, nothing twice" ok "$(features_vs_sandbox "$PLAN")"
check "the sandbox did inject faults into feature calls" python3 -c "
import json,sys; d=json.load(open('$T/state.json'))
f=[r for r in d['requests'] if '/telephony/config/' in r['path'] and r['status'] >= 429]
print('# feature calls with a fault status:', sum(r['count'] for r in f))
sys.exit(0 if f else 1)"
sandbox_stop

# ---- rollback: the features go with their customer ----
sandbox_start || { not_ok "sandbox starts"; exit 1; }
bwm load -q --api "$SBX_URL" --journal "$T/r.journal" "$PLAN" >/dev/null 2>&1
bwm rollback -q --api "$SBX_URL" --journal "$T/r.journal" >/dev/null 2>&1
check_eq "rollback finishes (exit 0)" 0 $?
sandbox_state
check_eq "after rollback no feature, setting or supervisor is left" "0,0,0,0,0" "$(jget "$T/state.json" \
	"'%d,%d,%d,%d,%d' % tuple(d['counts'][k] for k in ('huntGroups', 'queues', 'paging', 'featureSettings', 'supervisors'))")"
sandbox_stop
