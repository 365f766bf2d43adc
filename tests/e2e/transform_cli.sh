# transform_cli.sh — `bwmigrate transform` from the command line: usage,
# exit statuses, error messages naming file:line, the golden plan of the
# clean fixture, determinism, stdin, and the plan checked against Cisco's
# Wholesale OpenAPI schemas (when ../shared is beside the tree).
. "$BWM_ROOT/tests/e2e/lib.sh"
FIX="$BWM_ROOT/tests/fixtures/transform"
PARTNER="$BWM_ROOT/samples/partner.json"

bwm transform --help >"$T/help.txt"; check_eq "help exits 0" 0 $?
check_grep "help documents --waves and --report" "--waves FILE.*" "$T/help.txt"
check_exit "no inventory is a usage error" 2 bwm transform -q
check_exit "--waves with --batch-size is a usage error" 2 bwm transform --waves x --batch-size 2 y
check_exit "--batch-size 0 is a usage error" 2 bwm transform --batch-size 0 "$FIX/clean.jsonl"

rm -f "$T/x.jsonl"
printf '%s\n' '{"kind":"enterprise","key":"E","id":"E"}' '{"kind":"user"' >"$T/broken.jsonl"
bwm transform -o "$T/x.jsonl" "$T/broken.jsonl" 2>"$T/broken.err"
check_eq "malformed inventory line exits 3" 3 $?
check_grep "error names the inventory file and line" "broken.jsonl:2:" "$T/broken.err"
check "a failed run leaves no partial plan" test ! -e "$T/x.jsonl" -a ! -e "$T/x.jsonl.tmp"

printf '{\n "devices": [\n  {"match": "(", "model": "x"}\n ]\n}\n' >"$T/badmap.json"
bwm transform -m "$T/badmap.json" "$FIX/clean.jsonl" >/dev/null 2>"$T/badmap.err"
check_eq "bad mapping pattern exits 3" 3 $?
check_grep "mapping error names file and rule" "badmap.json: devices\[0\]" "$T/badmap.err"

printf '{"provisioningId": ""}' >"$T/badpartner.json"
check_exit "partner without provisioningId exits 3" 3 bwm transform -q -p "$T/badpartner.json" "$FIX/clean.jsonl"

bwm transform -q -p "$PARTNER" -o "$T/clean.plan.jsonl" --report "$T/clean" "$FIX/clean.jsonl"
check_eq "clean fixture exits 0" 0 $?
check_same "clean fixture gives the golden plan" "$BWM_ROOT/tests/golden/fixture-clean.plan.jsonl" "$T/clean.plan.jsonl"
check_eq "report.json counts no errors" 0 "$(jget "$T/clean/report.json" 'd["summary"]["findings"]["error"]')"

bwm transform -q -p "$PARTNER" --report "$T/clean2" - <"$FIX/clean.jsonl" >"$T/clean2.plan.jsonl"
check_same "stdin in, stdout out gives the same plan" "$T/clean.plan.jsonl" "$T/clean2.plan.jsonl"
bwm transform -q -p "$PARTNER" -o "$T/clean3.plan.jsonl" --report "$T/clean3" "$FIX/clean.jsonl"
check_same "same input gives the same plan bytes" "$T/clean.plan.jsonl" "$T/clean3.plan.jsonl"
check_same "same input gives the same findings.csv" "$T/clean/findings.csv" "$T/clean3/findings.csv"

VALIDATE="$BWM_ROOT/../shared/tools/validate_plan.py"
OPENAPI="$BWM_ROOT/../shared/reference/webex/webex-wholesale.json"
if [ -f "$VALIDATE" ] && [ -f "$OPENAPI" ] && python3 -c 'import jsonschema' 2>/dev/null; then
	python3 "$VALIDATE" "$OPENAPI" "$T/clean.plan.jsonl" >"$T/validate.txt" 2>&1
	check_eq "plan bodies match the Wholesale OpenAPI schemas" 0 $?
else
	echo "# skipped: validate_plan.py, the OpenAPI file or python3-jsonschema not available"
fi

printf '%s\n' '{"kind":"enterprise","key":"E1","id":"E1"}' '{"kind":"enterprise","key":"E2","id":"E2"}' \
	'{"kind":"group","key":"E1/G","enterprise":"E1","id":"G"}' >"$T/split.jsonl"
bwm transform -q -o "$T/split.plan.jsonl" "$T/split.jsonl"
check_eq "a split enterprise in a file is planned whole" "customer:E1 location:E1/G customer:E2" \
	"$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["kind"]+":"+json.loads(l)["key"] for l in open(sys.argv[1])))' "$T/split.plan.jsonl")"
bwm transform -q - <"$T/split.jsonl" >/dev/null 2>"$T/split.err"
check_eq "a split enterprise on a pipe exits 3" 3 $?
check_grep "the pipe error names the line" "<stdin>:3:" "$T/split.err"

for m in "$BWM_ROOT"/mappings/examples/*.json; do
	check "example mappings $(basename "$m") load" bwm transform -q -m "$m" -p "$PARTNER" -o "$T/example-plan.jsonl" "$FIX/clean.jsonl"
done

bwm transform -q -p "$PARTNER" --batch-size 1 -o "$T/b.jsonl" "$FIX/clean.jsonl"
check_eq "every entry of the customer is in its one batch" 1 \
	"$(python3 -c 'import json,sys; print(len({json.loads(l)["batch"] for l in open(sys.argv[1])}))' "$T/b.jsonl")"
printf 'enterprise,wave\nACME,wave-3\n' >"$T/waves.csv"
bwm transform -q -p "$PARTNER" --waves "$T/waves.csv" -o "$T/w.jsonl" "$FIX/clean.jsonl"
check_grep "waves file names the batch" '"batch":"wave-3"' "$T/w.jsonl"
check_no_grep "no token or secret-like field in the plan" "token" "$T/clean.plan.jsonl"

# Fields of the wrong type (numbers for names, strings for arrays, a second
# enterprise record, unknown kinds) are findings or ignored, never a crash.
bwm transform -q -p "$PARTNER" -o "$T/hostile.plan.jsonl" --report "$T/hostile" "$FIX/hostile.jsonl" 2>"$T/hostile.err"
check_eq "hostile field types: plan written, objects blocked (exit 1)" 1 $?
check_grep "hostile field types: the bad country is reported" "unknown_country,location:H/G2" "$T/hostile/findings.csv"

# A partner profile that cannot be read (here a folder) is a read error
# naming the file, not a misleading "not a JSON object".
mkdir -p "$T/partner-dir"
bwm transform -q -p "$T/partner-dir" "$FIX/clean.jsonl" >/dev/null 2>"$T/partner-dir.err"
check_eq "an unreadable partner profile exits 3" 3 $?
check_grep "the error says the partner file could not be read" "partner-dir: cannot read: Is a directory" "$T/partner-dir.err"

# A waves file that lists no enterprise (only its header) still means
# "waves": the customer is unassigned and reported, not put in batch-0001.
printf 'enterprise,wave\n' >"$T/nowaves.csv"
bwm transform -q -p "$PARTNER" --waves "$T/nowaves.csv" -o "$T/nw.jsonl" --report "$T/nw" "$FIX/clean.jsonl"
check_grep "an empty waves file leaves the customer unassigned" '"batch":"unassigned"' "$T/nw.jsonl"
check_grep "and reports it as in no wave" "not_in_waves" "$T/nw/findings.csv"
