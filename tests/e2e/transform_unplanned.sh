# transform_unplanned.sh — every inventory record the plan leaves out
# (unread command families, kinds transform does not know) gets a
# not_migrated finding with its key, file:line and what to do by hand,
# under the customer it belongs to, and report.json counts them per
# customer. Hunt groups and call centers (call features) and devices are
# planned, so they get none.
. "$BWM_ROOT/tests/e2e/lib.sh"
FIX="$BWM_ROOT/tests/fixtures/transform"

bwm transform -q -p "$FIX/partner.json" -o "$T/plan.jsonl" --report "$T/r" "$FIX/unplanned.jsonl"
nm() { grep ',not_migrated,' "$T/r/findings.csv"; }
nm >"$T/nm.csv"
check_no_grep "records left out are warnings, not errors" ",error,not_migrated," "$T/nm.csv"
for obj in speed_dial_list:KEEP/A/desk-1 \
	"unread:KEEP#unread:UserAlternateNumbersGet" "mystery:KEEP/A#thing"; do
	check_grep "$obj has a not_migrated finding" "^F[0-9]+,warning,not_migrated,$obj,KEEP," "$T/nm.csv"
done
check_eq "exactly one finding per record left out" 3 "$(wc -l <"$T/nm.csv" | tr -d ' ')"
check_grep "the finding names the record's file and line" "speed_dial_list:KEEP/A/desk-1,KEEP,keep.xml,50," "$T/nm.csv"
check_no_grep "user settings are planned (or reported by their own findings), not left out" "not_migrated,user_setting:" "$T/nm.csv"
check_grep "the unread finding gives the count of responses" "3 UserAlternateNumbersGetResponse21 responses could not be read" "$T/nm.csv"
check_no_grep "planned kinds get no such finding" "not_migrated,user:" "$T/nm.csv"
check_no_grep "hunt groups are planned, not left out" "not_migrated,hunt_group:" "$T/nm.csv"
check_no_grep "call centers are planned, not left out" "not_migrated,call_center:" "$T/nm.csv"
check_no_grep "devices are planned (or reported by their own findings), not left out" \
	"not_migrated,device:" "$T/nm.csv"
check_eq "report.json counts them per customer" \
	"{'other': 2, 'unread': 1}" \
	"$(jget "$T/r/report.json" "dict(sorted(d['customers'][0]['notMigrated'].items()))")"
check_eq "report.json totals them" 3 "$(jget "$T/r/report.json" "sum(d['summary']['notMigrated'].values())")"

# One customer per group: each record goes to its group's customer; the
# enterprise-wide unread family to the first.
sed 's/"granularity": "enterprise"/"granularity": "group"/' "$FIX/partner.json" >"$T/group.json"
bwm transform -q -p "$T/group.json" -o "$T/g.plan.jsonl" --report "$T/g" "$FIX/unplanned.jsonl"
check "group granularity run writes a plan" test -s "$T/g.plan.jsonl"
check_grep "the record is reported under its group's customer" ",not_migrated,speed_dial_list:KEEP/A/desk-1,KEEP/A," "$T/g/findings.csv"
check_grep "the unread family goes to the enterprise's first customer" ",not_migrated,unread:KEEP#unread:UserAlternateNumbersGet,KEEP/A," "$T/g/findings.csv"
check_eq "no record is reported twice" 3 "$(grep -c ',not_migrated,' "$T/g/findings.csv")"
check_eq "customer KEEP/B (its call center planned) has nothing left out" "{}" \
	"$(jget "$T/g/report.json" "dict(sorted(d['customers'][1]['notMigrated'].items()))")"
