#!/bin/sh
# extract_samples.sh — each sample bundle gives its golden inventory byte
# for byte, a second run gives the same bytes, and the exit status says
# whether source_error records were written.
. tests/e2e/lib.sh

for s in small multisite features; do
	check_exit "extract_${s}_sample_exits_0" 0 bwm extract -q -o "$T/$s.jsonl" "samples/$s"
	check_same "extract_${s}_matches_golden" tests/golden/$s.jsonl "$T/$s.jsonl"
	bwm extract -q -o "$T/$s.2.jsonl" "samples/$s"
	check_same "extract_${s}_second_run_is_identical" "$T/$s.jsonl" "$T/$s.2.jsonl"
done

check_exit "extract_defects_sample_exits_1_for_source_errors" 1 \
	bwm extract -q -o "$T/defects.jsonl" samples/defects
check_same "extract_defects_matches_golden" tests/golden/defects.jsonl "$T/defects.jsonl"

bwm extract -o - samples/small >"$T/stdout.jsonl" 2>"$T/stderr.txt"
check_same "extract_writes_to_stdout_without_o" tests/golden/small.jsonl "$T/stdout.jsonl"
check_grep "extract_summary_counts_kinds_on_stderr" "user 10" "$T/stderr.txt"

bwm extract -o "$T/d2.jsonl" samples/defects 2>"$T/defects.err"
check_grep "extract_summary_lists_unknown_commands" "unknown command UserPersonalPhoneListGetListResponse: 1 times" "$T/defects.err"
check_grep "extract_warns_about_number_without_country_code" "number '5145550103'" "$T/defects.err"
check_exit "extract_strict_fails_on_unknown_commands" 3 bwm extract -q --strict -o "$T/strict.jsonl" samples/defects
check "extract_strict_leaves_no_output" test ! -e "$T/strict.jsonl"

jline() { python3 -c "import json,sys
for l in open(sys.argv[1]):
    d=json.loads(l)
    if d['key']==sys.argv[2]: print($3)" "$@"; }
check_eq "extract_zip_entry_is_named_zip_bang_entry" \
	"samples/multisite/30-london.zip!london/000.xml" \
	"$(jline "$T/multisite.jsonl" GLOBEX/GLOBEX-LON "d['source']['file']" 2>/dev/null)"
check_eq "extract_latin1_name_is_utf8" "Weiß" \
	"$(jline "$T/defects.jsonl" ZENITH/ZENITH-MTL/jurgen.weiss@zenith-sante.ca "d['lastName']")"
check_eq "extract_call_center_agents_merge_into_instance" "4" \
	"$(jline "$T/multisite.jsonl" GLOBEX/GLOBEX-LON/cc-support-lon@globex-corp.com "len(d['agents'])")"
check_eq "extract_r21_user_get_finds_group_through_index" "French" \
	"$(jline "$T/defects.jsonl" ZENITH/ZENITH-MTL/chloe.gagnon@zenith-sante.ca "d['language']")"
check_eq "extract_echo_tagged_response_is_keyed" "True" \
	"$(jline "$T/defects.jsonl" 'ZENITH/ZENITH-MTL/helene.lefevre@zenith-sante.ca#call_forwarding_busy' "d['value']['isActive']")"

check_exit "extract_without_bundle_is_usage_error" 2 bwm extract -q
check_exit "extract_missing_file_exits_3" 3 bwm extract -q -o "$T/x.jsonl" "$T/does-not-exist.xml"
bwm extract --help >"$T/help.txt"
check_grep "extract_help_names_strict" "--strict" "$T/help.txt"

bwm extract -q -o "$T/stdin.jsonl" - <samples/small/acme-widgets.xml
check_eq "extract_reads_standard_input_as_dash" '"file":"<stdin>"' \
	"$(grep -o '"file":"<stdin>"' "$T/stdin.jsonl" | head -1)"
check_eq "extract_stdin_gives_the_same_records" "$(wc -l <tests/golden/small.jsonl)" "$(wc -l <"$T/stdin.jsonl")"

# The features sample's documents of the call park settings, the call center
# supervisors and the auto attendant's service user are valid OCI-P by the
# R25 schemas (each document alone, normalized as tests/tools/oci_tool.py
# says), and the check refuses a document with a member out of order.
XSD="$BWM_ROOT/../shared/reference/broadworks/schema/R25/OCISchemaAS.xsd"
if [ -f "$XSD" ] && command -v xmllint >/dev/null 2>&1; then
	python3 - "$T/xsd" samples/features/*.xml <<'PY'
import os, re, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
n = 0
pat = re.compile(r'GroupCallParkGet(Request|Response)16sp2"|GroupCallCenterGetSupervisorList|'
                 r'<userId>harbor-main-aa@|returns-cc@')
for f in sys.argv[2:]:
    for d in re.findall(r'<BroadsoftDocument.*?</BroadsoftDocument>', open(f).read(), re.S):
        if pat.search(d):
            open(os.path.join(out, "%03d.xml" % n), "w").write('<?xml version="1.0"?>\n' + d)
            n += 1
PY
	bad="" n=0
	for f in "$T"/xsd/*.xml; do
		n=$((n + 1))
		python3 tests/tools/oci_tool.py normalize "$f" "$T/norm.xml"
		xmllint --noout --schema "$XSD" "$T/norm.xml" >/dev/null 2>&1 || bad="$bad $(basename "$f")"
	done
	check_eq "the new feature documents of the sample are valid by the R25 schema ($n)" "" "$bad"
	check "there are such documents" [ "$n" -ge 12 ]
	sed 's|<recallTimerSeconds>90</recallTimerSeconds><displayTimerSeconds>15</displayTimerSeconds>|<displayTimerSeconds>15</displayTimerSeconds><recallTimerSeconds>90</recallTimerSeconds>|' \
		"$(grep -l GroupCallParkGetResponse16sp2 "$T"/xsd/*.xml)" >"$T/swapped.xml"
	python3 tests/tools/oci_tool.py normalize "$T/swapped.xml" "$T/norm.xml"
	xmllint --noout --schema "$XSD" "$T/norm.xml" >"$T/swapped.out" 2>&1
	check_eq "a member out of order is refused (xmllint: validation error)" 3 $?
	check_grep "naming the member" "displayTimerSeconds.*not expected" "$T/swapped.out"
else
	echo "# skipped: the R25 schemas or xmllint are absent"
fi
