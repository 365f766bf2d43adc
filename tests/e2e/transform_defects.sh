# transform_defects.sh — the defects fixture holds one of each problem the
# validation must find; the run must report exactly those findings (no
# more, no fewer), block what they block, and exit 1.
. "$BWM_ROOT/tests/e2e/lib.sh"
FIX="$BWM_ROOT/tests/fixtures/transform"

bwm transform -q -p "$FIX/partner.json" -o "$T/plan.jsonl" --report "$T/r" "$FIX/defects.jsonl"
check_eq "blocked objects make exit status 1" 1 $?

# severity,code,object of every finding, in report order
cut -d, -f2-4 "$T/r/findings.csv" | tail -n +2 >"$T/found.txt"
check_same "exactly the findings the fixture was written to contain" "$FIX/defects.expected" "$T/found.txt"

check_eq "report.json counts the errors" "$(grep -c '^error,' "$T/found.txt")" \
	"$(jget "$T/r/report.json" 'd["summary"]["findings"]["error"]')"
check_eq "report.json lists every finding" "$(wc -l <"$T/found.txt" | tr -d ' ')" \
	"$(jget "$T/r/report.json" 'len(d["findings"])')"
check_eq "every finding names its source file and line" "" \
	"$(jget "$T/r/report.json" '" ".join(f["id"] for f in d["findings"] if not f["source"]["file"] or f["source"]["line"] < 1)')"
check_eq "every finding has a fix hint" "" \
	"$(jget "$T/r/report.json" '" ".join(f["id"] for f in d["findings"] if not f["fix"])')"

# The customer name has '%', so everything of the customer is blocked.
check_eq "every entry is blocked" "$(wc -l <"$T/plan.jsonl" | tr -d ' ')" "$(grep -c '"blocked":\[' "$T/plan.jsonl")"
sub=$(grep '"key":"BAD/G1/u2"' "$T/plan.jsonl")
dup=$(grep 'duplicate_email,subscriber:BAD/G1/u2' "$T/r/findings.csv" | cut -d, -f1)
case "$sub" in *"\"$dup\""*) ok "the duplicate e-mail blocks that subscriber";; *) not_ok "the duplicate e-mail blocks that subscriber";; esac
check_no_grep "the duplicated number is left out of the second location" '"kind":"number","key":"BAD/G2"' "$T/plan.jsonl"
