# verify.sh — `bwmigrate verify` reads back what a load created: a clean
# load verifies with exit 0; a subscriber renamed, a number deleted and a
# stray subscriber added behind the tool's back are exactly the three
# differences it reports, with exit 1; a re-run reads again only what did
# not match; the API refusing the token is exit 4.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
J="$T/v.journal"
rm -rf "$T"/v.journal* "$T/rep1" "$T/rep2" "$T/rep3" "$T/rep4"
sandbox_start || { not_ok "sandbox starts"; exit 1; }

bwm load --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>&1
check_eq "the plan loads" 0 $?

bwm verify --api "$SBX_URL" --journal "$J" --report "$T/rep1" "$PLAN" >"$T/v1.out" 2>&1
check_eq "a clean load verifies with exit 0" 0 $?
check_eq "every entry matches" 42 "$(jget "$T/rep1/verify.json" "d['summary']['matched']")"
check_eq "nothing differs" 0 "$(jget "$T/rep1/verify.json" "len(d['mismatches']) + len(d['missing']) + len(d['extra'])")"
check_grep "the summary line says so" "42 entries: 42 match, 0 differ" "$T/v1.out"
check "a subscriber is read back as a person too" [ "$(jget "$T/rep1/verify.json" \
	"d['summary']['requests']")" -gt 42 ]
check_eq "verify.html renders its counts without script" 0 "$(grep -c '<script' "$T/rep1/verify.html")"
check_grep "verify.html says Webex holds the plan" "Webex holds what was planned" "$T/rep1/verify.html"
check_eq "mismatches.csv has only its header" 1 "$(wc -l <"$T/rep1/mismatches.csv")"

# Behind the tool's back: rename one subscriber, delete one number, add a stray subscriber.
SUB=u1.g0@ent0000.example
curl -s -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_URL/wholesale/subscribers?email=u1.g0%40ent0000.example" >"$T/sub.json"
SUBID=$(jget "$T/sub.json" "d['items'][0]['id']")
CUST=$(jget "$T/sub.json" "d['items'][0]['customerId']")
PERSON=$(jget "$T/sub.json" "d['items'][0]['personId']")
curl -s -H "Authorization: Bearer $WEBEX_TOKEN" "$SBX_URL/people/$PERSON?callingData=true" >"$T/person.json"
LOC=$(jget "$T/person.json" "d['locationId']")
alter() { curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -X POST "$SBX_BASE/_sandbox/alter" -d "$1"; }
check_eq "the sandbox renames a subscriber" 204 "$(alter "{\"table\":\"subscribers\",\"id\":\"$SUBID\",\"set\":{\"provisioningParameters.firstName\":\"Changed\"}}")"
check_eq "the sandbox deletes a number" 204 "$(alter '{"table":"numbers","phoneNumber":"+16170000003","delete":true}')"
curl -s -o /dev/null -H "Authorization: Bearer $WEBEX_TOKEN" -H 'Content-Type: application/json' \
	-X POST "$SBX_URL/wholesale/subscribers" \
	-d "{\"customerId\":\"$CUST\",\"email\":\"stray@ent0000.example\",\"packages\":[\"webex_calling\"],\"provisioningParameters\":{\"firstName\":\"Stray\",\"lastName\":\"User\",\"extension\":\"1999\",\"locationId\":\"$LOC\"}}"
sandbox_state
check_eq "the stray subscriber exists" 33 "$(jget "$T/state.json" "d['counts']['subscribers']")"

bwm verify --api "$SBX_URL" --journal "$J" --report "$T/rep2" "$PLAN" >"$T/v2.out" 2>&1
check_eq "differences make exit 1" 1 $?
check_eq "exactly two fields differ" 2 "$(jget "$T/rep2/verify.json" "len(d['mismatches'])")"
check_eq "one is the renamed subscriber's first name" \
	"subscriber ENT0000/G0/$SUB provisioningParameters.firstName \"User1\" \"Changed\"" \
	"$(jget "$T/rep2/verify.json" "' '.join(m[k] for m in d['mismatches'] if m['kind'] == 'subscriber' for k in ('kind','key','field','planned','found'))")"
check_eq "the other is the deleted number" "number ENT0000/G0 phoneNumbers[+16170000003] \"+16170000003\" (absent)" \
	"$(jget "$T/rep2/verify.json" "' '.join(m[k] for m in d['mismatches'] if m['kind'] == 'number' for k in ('kind','key','field','planned','found'))")"
check_eq "two entries differ, nothing is missing" "2 0" "$(jget "$T/rep2/verify.json" "'%d %d' % (d['summary']['mismatched'], d['summary']['missing'])")"
check_eq "the stray subscriber is listed as extra" "stray@ent0000.example" \
	"$(jget "$T/rep2/verify.json" "','.join(x['name'] for x in d['extra'])")"
check_grep "mismatches.csv names the number" "number:ENT0000/G0,phoneNumbers\\[\\+16170000003\\]" "$T/rep2/mismatches.csv"
check_eq "mismatches.csv has the three differences" 4 "$(wc -l <"$T/rep2/mismatches.csv")"
check_grep "verify.html shows the differences" "differences found" "$T/rep2/verify.html"

# Resumable: a verify killed half way reads again only what it had not
# matched yet. The kill lands by progress (rows in the journal), not by time.
sandbox_stop
sandbox_start --latency-ms 30 || { not_ok "slow sandbox starts"; exit 1; }
rm -f "$J"*
bwm load --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>&1
"$BWM" verify -j 1 --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>&1 &
VPID=$!
rows=0; i=0
while [ "$rows" -lt 10 ] && [ $i -lt 600 ] && kill -0 $VPID 2>/dev/null; do
	rows=$(python3 -c "import sqlite3,sys
try: print(sqlite3.connect(sys.argv[1]).execute('select count(*) from verified').fetchone()[0])
except Exception: print(0)" "$J")
	i=$((i + 1)); sleep 0.05
done
kill -9 $VPID 2>/dev/null; wait $VPID 2>/dev/null
check "the killed verify had recorded progress" [ "$rows" -ge 10 ]
bwm verify --api "$SBX_URL" --journal "$J" --report "$T/rep3" "$PLAN" >"$T/v3.out" 2>&1
check_eq "the resumed verify finishes clean" 0 $?
check "it skips what the killed run matched" [ "$(jget "$T/rep3/verify.json" "d['summary']['skipped']")" -ge 5 ]
check_eq "and still judges every entry" 42 "$(jget "$T/rep3/verify.json" "d['summary']['matched']")"
bwm verify --api "$SBX_URL" --journal "$J" --report "$T/rep4" "$PLAN" >/dev/null 2>&1
check_eq "a finished pass is not resumed: the next verify reads everything" 0 \
	"$(jget "$T/rep4/verify.json" "d['summary']['skipped']")"

WEBEX_TOKEN=wrong bwm verify --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>&1
check_eq "a refused token is exit 4" 4 $?
bwm verify --journal "$J" >/dev/null 2>&1
check_eq "no plan is a usage error" 2 $?
sandbox_stop
