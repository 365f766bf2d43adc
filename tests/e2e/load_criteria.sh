# load_criteria.sh — selective forward / reject criteria of the small
# sample through extract -> transform -> load, on a sandbox that accepts
# duplicates (so a criterion sent twice would show): every criterion is
# the export's, compared field by field (tests/fixtures/settings/compare.py)
# and by verify (a criterion changed in Webex is a mismatch);
# a load killed with SIGKILL while a criteria POST is in flight resumes to
# exactly one criterion each; a criterion whose POST was carried out but
# never journaled (the journal rewound to in flight, no id) is adopted
# from the feature's list, not sent again; and two criteria the list cannot
# tell apart each keep their own object (the lookup's "distinct").
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

CMP="$BWM_ROOT/tests/fixtures/settings/compare.py"
rm -rf "$T"/*.journal* "$T/rep"
cd "$BWM_ROOT"
# the sample's selective and schedule documents are valid R25 OCI-P
XSD="$BWM_ROOT/../shared/reference/broadworks/schema/R25/OCISchemaAS.xsd"
if [ -f "$XSD" ] && command -v xmllint >/dev/null 2>&1; then
	check_eq "the sample's selective and schedule documents validate against R25" "6 0" \
		"$(python3 - "$XSD" "$BWM_ROOT/tests/tools/oci_tool.py" "$T" <<'EOF'
import re, subprocess, sys
xsd, tool, t = sys.argv[1:]
docs = [d for d in re.findall(r"<BroadsoftDocument.*?</BroadsoftDocument>",
                              open("samples/small/acme-widgets.xml").read(), re.S)
        if "Selective" in d or "GroupSchedule" in d]
bad = 0
for d in docs:
    open(t + "/doc.xml", "w").write('<?xml version="1.0" encoding="UTF-8"?>\n' + d)
    subprocess.run(["python3", tool, "normalize", t + "/doc.xml", t + "/doc.n.xml"], check=True)
    bad += subprocess.run(["xmllint", "--noout", "--schema", xsd, t + "/doc.n.xml"],
                          capture_output=True).returncode != 0
print(len(docs), bad)
EOF
)"
else
	echo "# skipped: the R25 schemas (../shared/reference/broadworks) or xmllint are absent"
fi
bwm extract -q -o "$T/inv.jsonl" samples/small
bwm transform -q -p samples/partner.json -o "$T/plan.jsonl" --report "$T/rep" "$T/inv.jsonl"
check_eq "the sample transforms" 0 $?
check_eq "the plan has the sample's three criteria" 3 \
	"$(grep -c '"path":"/telephony/config/people/{personId}/selective[A-Za-z]*/criteria"' "$T/plan.jsonl")"
CRIT="key LIKE '%#selective%:%'"
crit_in_flight() {
	sqlite3 "file:$J?mode=ro" "SELECT count(*) FROM entries WHERE $CRIT AND state='in_flight'" \
		2>/dev/null || echo 0
}
compare() { # NAME
	sandbox_state "?settings=1"
	res=$(python3 "$CMP" "$T/inv.jsonl" "$T/state.json")
	case "$res" in ok\ *) ok "$1" ;; *) echo "# $res" | head -5; not_ok "$1" ;; esac
	check_eq "$1: no criterion twice" 0 "$(jget "$T/state.json" 'd["duplicates"]["criteria"]')"
}

# ---- a plain load ----
sandbox_start --provision-delay-ms 0 --allow-duplicates || { not_ok "sandbox starts"; exit 1; }
J="$T/a.journal"
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$T/plan.jsonl" >"$T/a.out" 2>&1
check_eq "the load finishes (exit 0)" 0 $?
compare "every criterion is the export's"
check_eq "the criteria are in the feature's list" "Business Hours/ALL_NUMBERS,-/SPECIFIC_NUMBERS" \
	"$(jget "$T/state.json" '",".join(c.get("scheduleName","-") + "/" + ("ALL_NUMBERS" if c["callsFrom"] == "ANY_PHONE_NUMBER" else "SPECIFIC_NUMBERS") for p in d["settings"] if p["email"].startswith("grace") for c in p["features"]["selectiveForwardCriteria"]["criteria"])')"

# verify reads each criterion back by its id and compares it with the plan
bwm verify -q --api "$SBX_URL" --journal "$J" --report "$T/v1" "$T/plan.jsonl" >"$T/v1.out" 2>&1
check_eq "verify finds every criterion as planned" "0 0" \
	"$(jget "$T/v1/verify.json" '"%d %d" % (d["summary"]["mismatched"], d["summary"]["missing"])')"
PID=$(jget "$T/state.json" '[p["personId"] for p in d["settings"] if p["email"].startswith("grace")][0]')
ORG=$(sqlite3 "$J" "SELECT json_extract(fields, '\$.orgId') FROM entries WHERE kind='customer'")
CID=$(sqlite3 "$J" "SELECT remote_id FROM entries WHERE key LIKE '%#selectiveForward:Partners'")
curl -s -o /dev/null -X PUT -H "Authorization: Bearer $WEBEX_TOKEN" -H 'Content-Type: application/json' \
	--data-binary '{"forwardToPhoneNumber":"+16175550104","sendToVoicemailEnabled":false,"callsFrom":"ANY_PHONE_NUMBER","forwardEnabled":true}' \
	"$SBX_URL/telephony/config/people/$PID/selectiveForward/criteria/$CID?orgId=$ORG"
bwm verify -q --again --api "$SBX_URL" --journal "$J" --report "$T/v2" "$T/plan.jsonl" >"$T/v2.out" 2>&1
check_eq "a criterion changed in Webex is a mismatch of that criterion" "selectiveForward:Partners callsFrom" \
	"$(jget "$T/v2/verify.json" '" ".join(sorted(set(m["key"].split("#")[1] + " " + m["field"] for m in d["mismatches"] if m["field"] == "callsFrom")))')"
curl -s -o /dev/null -X PUT -H "Authorization: Bearer $WEBEX_TOKEN" -H 'Content-Type: application/json' \
	--data-binary "$(grep '#selectiveForward:Partners"' "$T/plan.jsonl" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["body"]))')" \
	"$SBX_URL/telephony/config/people/$PID/selectiveForward/criteria/$CID?orgId=$ORG"

# ---- the POST carried out, its answer never journaled: adopted ----
sqlite3 "$J" "UPDATE entries SET state='in_flight', remote_id=NULL, fields=NULL WHERE $CRIT"
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$T/plan.jsonl" >"$T/b.out" 2>&1
check_eq "the resumed load finishes (exit 0)" 0 $?
compare "after a lost answer the criteria are still the export's"
check_eq "each criterion was adopted from its list" 3 \
	"$(sqlite3 "$J" "SELECT count(*) FROM entries WHERE $CRIT AND state='done' AND json_extract(fields, '\$.adopted')")"
check_eq "and has its id again" 3 \
	"$(sqlite3 "$J" "SELECT count(DISTINCT remote_id) FROM entries WHERE $CRIT")"
sandbox_stop

# ---- kill -9 while a criteria POST is in flight, then resume ----
sandbox_start --provision-delay-ms 0 --allow-duplicates --latency-ms 40 --seed 9 ||
	{ not_ok "sandbox starts"; exit 1; }
J="$T/k.journal"
kills=0
for round in 1 2 3 4 5 6; do
	"$BWM" load -q -j 2 --api "$SBX_URL" --journal "$J" "$T/plan.jsonl" >/dev/null 2>&1 &
	pid=$!
	n=0; seen=0
	while [ $n -lt 1500 ] && kill -0 $pid 2>/dev/null; do
		if [ "$(crit_in_flight)" -gt 0 ]; then seen=1; break; fi
		sleep 0.01; n=$((n + 1))
	done
	if kill -9 $pid 2>/dev/null && [ $seen = 1 ]; then kills=$((kills + 1)); fi
	wait $pid 2>/dev/null
	[ "$(sqlite3 "file:$J?mode=ro" "SELECT count(*) FROM entries WHERE $CRIT AND state='done'" \
		2>/dev/null || echo 0)" -ge 3 ] && break
done
check "a kill landed while a criteria POST was in flight ($kills)" [ "$kills" -ge 1 ]
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$T/plan.jsonl" >"$T/k.out" 2>&1
check_eq "the load resumed after kill -9 finishes (exit 0)" 0 $?
compare "after kill -9 and resume exactly one criterion each"
sandbox_stop

# ---- two criteria the list cannot tell apart (same source, no schedule) ----
python3 - "$T/plan.jsonl" "$T/twins.jsonl" <<'EOF'
import json, sys
out = []
for l in open(sys.argv[1]):
    e = json.loads(l)
    out.append(e)
    if e["key"].endswith("#selectiveReject:No anonymous"):
        t = json.loads(l)
        t["key"] = t["key"].replace("No anonymous", "No unavailable")
        t["depends"] = t["depends"][:1] + ["user_setting:" + e["key"]]
        t["body"]["anonymousCallersEnabled"] = False
        t["body"]["unavailableCallersEnabled"] = True
        out.append(t)
open(sys.argv[2], "w").write("".join(json.dumps(e, separators=(",", ":")) + "\n" for e in out))
EOF
sandbox_start --provision-delay-ms 0 --allow-duplicates || { not_ok "sandbox starts"; exit 1; }
J="$T/t.journal"
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$T/twins.jsonl" >"$T/t.out" 2>&1
check_eq "a plan with twin criteria loads" 0 $?
TW="key LIKE '%#selectiveReject:No %'"
# the second twin's answer lost: its lookup must not take the first's object
sqlite3 "$J" "UPDATE entries SET state='in_flight', remote_id=NULL, fields=NULL WHERE key LIKE '%#selectiveReject:No unavailable'"
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$T/twins.jsonl" >"$T/t2.out" 2>&1
check_eq "resumed, it finishes" 0 $?
check_eq "the twins hold two different objects" 2 \
	"$(sqlite3 "$J" "SELECT count(DISTINCT remote_id) FROM entries WHERE $TW")"
sandbox_state "?settings=1"
check_eq "the sandbox has exactly the two twins" "False/True,True/False" \
	"$(jget "$T/state.json" '",".join(sorted("%s/%s" % (c["anonymousCallersEnabled"], c["unavailableCallersEnabled"]) for p in d["settings"] if p["email"].startswith("isabel") for c in p["features"]["selectiveRejectCriteria"]["criteria"]))')"
# the second twin's object gone and its answer lost: sent again, not the first's adopted
ID2=$(sqlite3 "$J" "SELECT remote_id FROM entries WHERE key LIKE '%#selectiveReject:No unavailable'")
PID=$(jget "$T/state.json" '[p["personId"] for p in d["settings"] if p["email"].startswith("isabel")][0]')
ORG=$(sqlite3 "$J" "SELECT json_extract(fields, '\$.orgId') FROM entries WHERE kind='customer'")
curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $WEBEX_TOKEN" \
	"$SBX_URL/telephony/config/people/$PID/selectiveReject/criteria/$ID2?orgId=$ORG"
sqlite3 "$J" "UPDATE entries SET state='in_flight', remote_id=NULL, fields=NULL WHERE key LIKE '%#selectiveReject:No unavailable'"
bwm load -q -j 4 --api "$SBX_URL" --journal "$J" "$T/twins.jsonl" >"$T/t3.out" 2>&1
check_eq "resumed again, it finishes" 0 $?
sandbox_state "?settings=1"
check_eq "the missing twin was created again, the other left alone" "False/True,True/False" \
	"$(jget "$T/state.json" '",".join(sorted("%s/%s" % (c["anonymousCallersEnabled"], c["unavailableCallersEnabled"]) for p in d["settings"] if p["email"].startswith("isabel") for c in p["features"]["selectiveRejectCriteria"]["criteria"]))')"
check_eq "and each twin holds its own object" 2 \
	"$(sqlite3 "$J" "SELECT count(DISTINCT remote_id) FROM entries WHERE $TW")"
sandbox_stop
