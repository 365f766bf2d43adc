# load_generic.sh — kinds the load has no code for: an entry that carries
# its own lookup ("lookup.path", "query", "items", "match") is found again
# by that lookup, across list pages, and adopted instead of created twice;
# a PUT entry is never looked up and is simply sent again after a crash;
# a subscriber's personId is recorded for "$ref": "subscriber:K#personId".
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

BASE="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
SUB="ENT0000/G0/u6.g0@ent0000.example"
rm -rf "$T"/*.journal* "$T/r1" "$T/r2" "$T/r3" "$T/plan.jsonl"
sandbox_start || { not_ok "sandbox starts"; exit 1; }

# A location of a kind the load does not know, found by a lookup that
# reads one location per page (max=1), so finding it means following Link.
site() { # KEY NAME
	printf '{"kind":"site","key":"%s","batch":"wave1","depends":["customer:ENT0000"],' "$1"
	printf '"request":{"method":"POST","path":"/locations"},'
	printf '"params":{"orgId":{"$ref":"customer:ENT0000#orgId"}},'
	printf '"body":{"name":"%s","timeZone":"America/New_York","preferredLanguage":"en_us",' "$2"
	printf '"announcementLanguage":"en_us","address":{"address1":"1 Main St","city":"Boston",'
	printf '"state":"MA","postalCode":"02110","country":"US"}},'
	printf '"lookup":{"path":"/locations","query":{"orgId":{"$ref":"customer:ENT0000#orgId"},"max":"1"},'
	printf '"items":"items","match":{"name":"%s"}},"source":[]}\n' "$2"
}

bwm load --api "$SBX_URL" --journal "$T/g.journal" --report "$T/r1" "$BASE" >/dev/null 2>&1
check_eq "the base plan loads" 0 $?
ORG=$(python3 -c "import sqlite3,json,sys; c=sqlite3.connect(sys.argv[1]); \
print(json.loads(c.execute(\"select fields from entries where kind='customer'\").fetchone()[0])['orgId'])" "$T/g.journal")

# "Generic Site B" exists already, as if a killed run had created it.
curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $WEBEX_TOKEN" \
	-H 'Content-Type: application/json' -X POST "$SBX_URL/locations?orgId=$ORG" \
	-d '{"name":"Generic Site B","timeZone":"America/New_York","preferredLanguage":"en_us","announcementLanguage":"en_us","address":{"address1":"1 Main St","city":"Boston","state":"MA","postalCode":"02110","country":"US"}}' \
	>"$T/pre.code"
check_eq "the stray location is created beside the plan" 201 "$(cat "$T/pre.code")"

{
	cat "$BASE"
	site ENT0000/SA "Generic Site A"
	site ENT0000/SB "Generic Site B"
	# A PUT whose params need the subscriber's id and its personId.
	printf '{"kind":"package_change","key":"%s","batch":"wave1","depends":["subscriber:%s"],' "$SUB" "$SUB"
	printf '"request":{"method":"PUT","path":"/wholesale/subscribers/{id}"},'
	printf '"params":{"id":{"$ref":"subscriber:%s"},"personId":{"$ref":"subscriber:%s#personId"}},' "$SUB" "$SUB"
	printf '"body":{"packages":["webex_calling"]},"source":[]}\n'
} >"$T/plan.jsonl"

bwm load --api "$SBX_URL" --journal "$T/g.journal" --report "$T/r2" "$T/plan.jsonl" >"$T/r2.out" 2>&1
check_eq "a plan with unknown kinds loads" 0 $?
sandbox_state "?items=1"
check_eq "the location the plan describes is created once" 1 "$(jget "$T/state.json" \
	"sum(1 for l in d['items']['locations'] if l['name'] == 'Generic Site A')")"
check_eq "the existing location is adopted, not created twice" 1 "$(jget "$T/state.json" \
	"sum(1 for l in d['items']['locations'] if l['name'] == 'Generic Site B')")"
check "finding it took more than one list page" [ "$(jget "$T/r2/run.json" \
	"d['endpoints'].get('GET /locations', 0)")" -ge 2 ]
check_eq "the journal says it was adopted" True "$(python3 -c "import sqlite3,json,sys
c=sqlite3.connect(sys.argv[1])
f=json.loads(c.execute(\"select fields from entries where kind='site' and key='ENT0000/SB'\").fetchone()[0])
print(f.get('adopted', False))" "$T/g.journal")"
curl -s -H "Authorization: Bearer $WEBEX_TOKEN" \
	"$SBX_URL/wholesale/subscribers?email=u6.g0%40ent0000.example" >"$T/sub.json"
check_eq "the subscriber's personId is journaled" \
	"$(jget "$T/sub.json" "d['items'][0]['personId']")" \
	"$(python3 -c "import sqlite3,json,sys
c=sqlite3.connect(sys.argv[1])
print(json.loads(c.execute(\"select fields from entries where kind='subscriber' and key=?\", (sys.argv[2],)).fetchone()[0]).get('personId'))" "$T/g.journal" "$SUB")"
check_eq "the PUT that references it is done" done "$(python3 -c "import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
print(c.execute(\"select state from entries where kind='package_change'\").fetchone()[0])" "$T/g.journal")"
check_eq "one PUT was sent" 1 "$(jget "$T/r2/run.json" "d['endpoints'].get('PUT /wholesale/subscribers/{id}', 0)")"

# A crash between the PUT and its journaling leaves it in_flight: the next
# run sends it again, without a lookup (there is nothing to find).
python3 -c "import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
c.execute(\"update entries set state='in_flight' where kind='package_change'\"); c.commit()" "$T/g.journal"
bwm load --api "$SBX_URL" --journal "$T/g.journal" --report "$T/r3" "$T/plan.jsonl" >/dev/null 2>&1
check_eq "a resumed in_flight PUT completes" 0 $?
check_eq "it is sent again" 1 "$(jget "$T/r3/run.json" "d['endpoints'].get('PUT /wholesale/subscribers/{id}', 0)")"
check_eq "and nothing is looked up for it" 1 "$(jget "$T/r3/run.json" "d['requests']")"
sandbox_stop
