# devicemove.sh — `bwmigrate devicemove`: apply.xml and rollback.xml for the
# devices whose Webex side is done, checked against the BroadWorks R25
# schemas with xmllint, applied to a model of BroadWorks (apply, then
# rollback, gives back the captured values), and the refusals.
. "$BWM_ROOT/tests/e2e/lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/devicemove/plan.jsonl"
MARK="$BWM_BUILD/tools/mark_journal"
TOOL="$BWM_ROOT/tests/tools/oci_tool.py"
XSD="$BWM_ROOT/../shared/reference/broadworks/schema/R25/OCISchemaAS.xsd"
rm -rf "$T"/*
J="$T/plan.journal"
"$MARK" "$PLAN" "$J" device:ACME/HQ/bsmith-yealink=failed

bwm devicemove --plan "$PLAN" --journal "$J" -o "$T/out" >"$T/run.out" 2>"$T/run.err"
check_eq "a device not done on the Webex side makes exit 1, files written" 1 $?
check "apply.xml and rollback.xml are written" [ -s "$T/out/apply.xml" ] && [ -s "$T/out/rollback.xml" ]
check_grep "the failed device is listed with why" \
	"^not moved device ACME/HQ/bsmith-yealink: its Webex side is failed" "$T/out/devicemove.txt"
check_grep "the activation code is listed with why" "^not moved activation_code ACME/HQ/bsmith-nomac: " \
	"$T/out/devicemove.txt"
check_grep "stdout shows the same summary" "^devicemove: 5 of 6 devices written \(1 UC-One" "$T/run.out"
check_same "devicemove.txt holds what stdout showed" "$T/out/devicemove.txt" \
	"$(grep -v '^to run on BroadWorks' "$T/run.out" >"$T/stdout.txt"; echo "$T/stdout.txt")"
check_no_grep "the failed device has no request" "bsmith-yealink" "$T/out/apply.xml" "$T/out/rollback.xml"
check_no_grep "the activation code has no request" "bsmith-nomac" "$T/out"/apply*.xml "$T/out"/rollback*.xml
check_eq "at most 15 commands per document: 18 requests in two files" "14 4" \
	"$(grep -c '<command ' "$T/out/apply.xml") $(grep -c '<command ' "$T/out/apply-2.xml")"
check_eq "rollback walks back: the last device moved comes first" "w2-8851" \
	"$(grep -m1 -o '<deviceName>[^<]*' "$T/out/rollback.xml" | cut -d'>' -f2)"
check_grep "captured values are escaped" '<description>R&amp;D &lt;lab&gt; &quot;door&quot; -- east</description>' \
	"$T/out/rollback.xml"
check_grep "a member the export did not capture is cleared on rollback" \
	'<description xsi:nil="true"/>' "$T/out/rollback.xml"
check_grep "the UC-One client gets the upgrade tag" "%WEBEX_APP_UPGRADE%" "$T/out/apply.xml"
check_eq "files are private" 600 "$(stat -c %a "$T/out/apply.xml")"

# --- Both files against the R25 schemas.
if [ -f "$XSD" ] && command -v xmllint >/dev/null 2>&1; then
	bad=""
	for f in "$T/out"/apply*.xml "$T/out"/rollback*.xml; do
		python3 "$TOOL" normalize "$f" "$T/norm.xml"
		xmllint --noout --schema "$XSD" "$T/norm.xml" >"$T/xsd.out" 2>&1 || bad="$bad $(basename "$f")"
	done
	check_eq "every file is valid OCI-P by the R25 schema" "" "$bad"
	# The check can fail: a member out of the schema's order is refused.
	sed 's#<description>Moved to Webex Calling</description>#&<protocol>SIP</protocol>#' \
		"$T/out/apply.xml" >"$T/broken.xml"
	python3 "$TOOL" normalize "$T/broken.xml" "$T/norm.xml"
	xmllint --noout --schema "$XSD" "$T/norm.xml" >/dev/null 2>&1
	check_eq "a request out of the schema's order fails the same check" 3 $?
else
	echo "# skipped: the R25 schemas (../shared/reference/broadworks) or xmllint are absent"
fi

# --- A model of BroadWorks: apply changes the phones, rollback restores them.
python3 "$TOOL" model "$PLAN" >"$T/s0.json"
python3 "$TOOL" model "$PLAN" "$T/out/apply.xml" "$T/out/apply-2.xml" >"$T/s1.json"
python3 "$TOOL" model "$PLAN" "$T/out/apply.xml" "$T/out/apply-2.xml" \
	"$T/out/rollback.xml" "$T/out/rollback-2.xml" >"$T/s2.json"
check_eq "apply changes the moved phones" 5 \
	"$(python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['devices']; b=json.load(open(sys.argv[2]))['devices']; print(sum(a[k] != b[k] for k in a))" "$T/s0.json" "$T/s1.json")"
check_eq "apply then rollback gives back the captured values" \
	"$(jget "$T/s0.json" "json.dumps(d['devices'], sort_keys=True)")" \
	"$(jget "$T/s2.json" "json.dumps(d['devices'], sort_keys=True)")"
check_eq "every moved phone is rebuilt and reset on both ways" "10 8" \
	"$(jget "$T/s2.json" "'%d %d' % (d['commands']['GroupCPEConfigRebuildDeviceConfigFileRequest'], d['commands']['GroupCPEConfigResetDeviceRequest'])")"

# --- --batch, -m, and a full run.
"$MARK" "$PLAN" "$T/all.journal"
bwm devicemove --plan "$PLAN" --journal "$T/all.journal" --batch wave2 -o "$T/w2" >/dev/null 2>&1
check_eq "every device of the wave done: exit 0" 0 $?
check_eq "--batch keeps to the wave" "w2-8851" \
	"$(grep -o '<deviceName>[^<]*' "$T/w2/apply.xml" | cut -d'>' -f2 | sort -u)"
check "one file each when the requests fit" [ ! -e "$T/w2/apply-2.xml" ]
cat >"$T/policy.json" <<'JSON'
{"device": {"modify": {"transportProtocol": "TLS", "outboundProxyServerNetAddress": "sbc.webex.example"},
            "tags": {"%PROFILE_RULE%": "https://dms.example/$PSN.xml"}, "rebuild": true, "reset": true}}
JSON
bwm devicemove --plan "$PLAN" --journal "$T/all.journal" -m "$T/policy.json" -o "$T/pol" >"$T/pol.out" 2>&1
check_eq "a member the export did not capture and BroadWorks cannot clear refuses the device" 1 $?
check_grep "and says which member and what to do" \
	"^refused device ACME/HQ/jdoe-ucone .*: the policy changes|^refused device ACME/HQ/lobby-door .*transportProtocol" "$T/pol.out"
check_grep "-m replaces the section: its tag is set" "%PROFILE_RULE%" "$T/pol/apply.xml"
check_no_grep "-m replaces the section: the default tags are gone" "%WEBEX_MIGRATED%" "$T/pol/apply.xml"
python3 "$TOOL" model "$PLAN" "$T/pol"/apply*.xml "$T/pol"/rollback*.xml >"$T/p2.json"
check_eq "a policy override is undone as exactly" \
	"$(jget "$T/s0.json" "json.dumps(d['devices'], sort_keys=True)")" \
	"$(jget "$T/p2.json" "json.dumps(d['devices'], sort_keys=True)")"
printf 'partial' >"$T/out/.apply-2.xml.tmp"   # as a run killed while writing leaves it
bwm devicemove --plan "$PLAN" --journal "$T/all.journal" --batch wave2 -o "$T/out" >/dev/null 2>&1
check "a shorter run removes the parts of a longer one" [ ! -e "$T/out/apply-2.xml" ] && [ ! -e "$T/out/rollback-2.xml" ]
check "and what a killed run left" [ ! -e "$T/out/.apply-2.xml.tmp" ]

sed -e 's/"description":"Jane.s desk"/"description":42/' \
	-e 's/"bw":{"serviceProviderId":"ACME","groupId":"HQ","deviceName":"w2-8851"/"bw":{"groupId":"HQ","deviceName":"w2-8851"/' \
	"$PLAN" >"$T/odd.jsonl"
bwm devicemove --plan "$T/odd.jsonl" --journal "$T/all.journal" -o "$T/odd" >"$T/odd.out" 2>&1
check_eq "a captured value of the wrong type refuses the device" 1 $?
check_grep "naming plan:line and the member" \
	"^refused device ACME/HQ/jdoe-8865 .*odd.jsonl:6\): bw.description is neither a string" "$T/odd.out"
check_grep "a device entry without its BroadWorks identity is refused, naming the member" \
	"^refused device ACME/HQ/w2-8851 \(.*odd.jsonl:14\): member bw.serviceProviderId is missing" "$T/odd.out"

# --- UC-One clients of the inventory: no device entry, written once their
# users are done on Webex.
INV="$BWM_ROOT/tests/fixtures/devicemove/inventory.jsonl"
bwm devicemove --plan "$PLAN" --journal "$T/all.journal" --inventory "$INV" -o "$T/inv" >"$T/inv.out" 2>&1
check_eq "with --inventory every client of a done user is written: exit 0" 0 $?
check_grep "a UC-One client of the inventory is moved" \
	"^moved device ACME/HQ/bsmith-pc \(Business Communicator - PC, UC-One client\)" "$T/inv.out"
check_eq "it gets the upgrade tag, and rebuild without reset" "1 1 0" \
	"$(sed -n '/device ACME\/HQ\/bsmith-tablet/,/<!--/p' "$T/inv/apply-2.xml" "$T/inv/apply.xml" | grep -c '%WEBEX_APP_UPGRADE%') $(sed -n '/device ACME\/HQ\/bsmith-tablet/,/<!--/p' "$T/inv/apply-2.xml" "$T/inv/apply.xml" | grep -c RebuildDevice) $(sed -n '/device ACME\/HQ\/bsmith-tablet/,/<!--/p' "$T/inv/apply-2.xml" "$T/inv/apply.xml" | grep -c ResetDevice)"
check_eq "a client that is also a plan entry is written once" 1 \
	"$(cat "$T/inv"/apply*.xml | grep -c '<!-- device ACME/HQ/jdoe-ucone ')"
check_no_grep "phones of the inventory come from the plan only; users not in the plan are left alone" \
	"carol-mobile" "$T/inv.out"
python3 "$TOOL" model "$PLAN" --inventory "$INV" >"$T/i0.json"
python3 "$TOOL" model "$PLAN" --inventory "$INV" "$T/inv"/apply.xml "$T/inv"/apply-2.xml \
	"$T/inv"/rollback.xml "$T/inv"/rollback-2.xml >"$T/i2.json"
check_eq "apply then rollback gives the inventory clients back as they were" \
	"$(jget "$T/i0.json" "json.dumps(d['devices'], sort_keys=True)")" \
	"$(jget "$T/i2.json" "json.dumps(d['devices'], sort_keys=True)")"
"$MARK" "$PLAN" "$T/bob.journal" subscriber:ACME/HQ/bsmith@acme.example=failed
bwm devicemove --plan "$PLAN" --journal "$T/bob.journal" --inventory "$INV" -o "$T/bob" >"$T/bob.out" 2>&1
check_eq "a client whose user is not done is not written: exit 1" 1 $?
check_grep "and is listed with its user" \
	"^not moved device ACME/HQ/bsmith-pc \(Business Communicator - PC, UC-One client\): its user bsmith@acme.example is failed" "$T/bob.out"
echo '{"ucOne": {"deviceTypes": ["UC-One*"], "modify": {"configurationMode": "Custom"}, "tags": {"%UP%": "1"}}}' >"$T/strict.json"
bwm devicemove --plan "$PLAN" --journal "$T/all.journal" --inventory "$INV" -m "$T/strict.json" -o "$T/strict" >"$T/strict.out" 2>&1
check_grep "a member the inventory does not capture is not guessed back: the client is refused" \
	"^refused device ACME/HQ/bsmith-tablet .*inventory.jsonl:5\): the policy changes configurationMode, which the inventory does not capture" "$T/strict.out"

# --- Refusals: clear errors, non-zero exit, no files.
bwm devicemove --plan "$PLAN" --journal "$T/none.journal" -o "$T/r1" >/dev/null 2>"$T/r1.err"
check_eq "no journal is exit 3" 3 $?
check_grep "and says to load first" "no journal there; .*run bwmigrate load first" "$T/r1.err"
check "and writes nothing" [ ! -e "$T/r1/apply.xml" ]
"$MARK" "$BWM_ROOT/tests/fixtures/load/plan-small.jsonl" "$T/other.journal"
bwm devicemove --plan "$PLAN" --journal "$T/other.journal" -o "$T/r2" >/dev/null 2>"$T/r2.err"
check_eq "the journal of another plan is exit 3" 3 $?
check_grep "and says so" "holds none of the 15 entries of .*give the journal of this plan" "$T/r2.err"
sed 's/"model":"DMS Cisco 8865"/"model":"DMS Cisco 8845"/' "$PLAN" >"$T/changed.jsonl"
bwm devicemove --plan "$T/changed.jsonl" --journal "$J" -o "$T/r3" >/dev/null 2>"$T/r3.err"
check_eq "a device entry changed since the load is exit 3" 3 $?
check_grep "naming plan:line and the device" "changed.jsonl:6: device:ACME/HQ/jdoe-8865: the plan's entry is not the one the journal loaded" "$T/r3.err"
check "and no file is left behind" [ ! -e "$T/r3/apply.xml" ] && [ -z "$(ls -A "$T/r3" 2>/dev/null)" ]
printf 'x' >"$T/afile"
bwm devicemove --plan "$PLAN" --journal "$J" -o "$T/afile/sub" >/dev/null 2>"$T/r4.err"
check_eq "an output folder that cannot be made is exit 5" 5 $?
check_grep "and says to give another" "cannot create the output folder: .*give -o a folder you can write to" "$T/r4.err"
bwm devicemove --plan "$PLAN" --journal "$J" -o "$T/afile" >/dev/null 2>"$T/r5.err"
check_eq "an output that is a file is exit 5" 5 $?
echo '{"device": {"tags": {"%BWMAC%": "x"}}}' >"$T/bad.json"
bwm devicemove --plan "$PLAN" --journal "$J" -m "$T/bad.json" -o "$T/r6" >/dev/null 2>"$T/r6.err"
check_eq "a tag name the schema refuses is exit 3" 3 $?
check_grep "naming the member" '"device"."%BWMAC%": a tag name is' "$T/r6.err"
bwm devicemove --plan "$PLAN" >/dev/null 2>&1
check_eq "no -o is a usage error" 2 $?
