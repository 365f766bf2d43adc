# transform_report.sh — report.html is one self-contained page: it is opened
# in headless Chromium, the counts its script computes are compared with
# report.json, and a screenshot is kept among the test outputs
# (tests/out/transform_report/report.png).
. "$BWM_ROOT/tests/e2e/lib.sh"
FIX="$BWM_ROOT/tests/fixtures/transform"

bwm transform -q -p "$FIX/partner.json" -o "$T/plan.jsonl" --report "$T/r" "$FIX/defects.jsonl"
check_eq "defects run writes the report (exit 1)" 1 $?
check "report.html, report.json and findings.csv exist" test -s "$T/r/report.html" -a -s "$T/r/report.json" -a -s "$T/r/findings.csv"
check_no_grep "report.html loads nothing from the network" "src=\"http" "$T/r/report.html"
check_no_grep "report.html links no stylesheet" "<link" "$T/r/report.html"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "# skipped: chromium not installed"
	exit 0
fi
browse() {
	prof=$(mktemp -d)
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" "$@" 2>/dev/null
	rc=$?
	rm -rf "$prof"
	return $rc
}
browse --dump-dom "file://$T/r/report.html" >"$T/dom.html"
check "chromium renders the page" test -s "$T/dom.html"
shown() { sed -n "s/.*id=\"count-$1\">\([^<]*\)<.*/\1/p" "$T/dom.html" | tr -d ','; }
for k in error warning info; do
	check_eq "page shows the $k count of report.json" \
		"$(jget "$T/r/report.json" "d['summary']['findings']['$k']")" "$(shown "$k")"
done
check_eq "page shows the subscriber count" "$(jget "$T/r/report.json" "d['summary']['subscribers']")" "$(shown subscribers)"
check_eq "page shows the blocked entries" "$(jget "$T/r/report.json" "d['summary']['blockedEntries']")" "$(shown blocked)"
check_eq "page shows the customer count" "$(jget "$T/r/report.json" "len(d['customers'])")" "$(shown customers)"
check_grep "findings table lists every finding" "id=\"shown\">$(jget "$T/r/report.json" "len(d['findings'])")<" "$T/dom.html"
check_grep "charts are drawn as inline SVG" "<svg viewBox" "$T/dom.html"
# Drill-down: a deep link opens one customer with a severity filter.
cat "$FIX/clean.jsonl" "$FIX/defects.jsonl" >"$T/two.jsonl"
bwm transform -q -p "$FIX/partner.json" -o "$T/two.plan.jsonl" --report "$T/two" "$T/two.jsonl"
browse --dump-dom "file://$T/two/report.html#severity=error&customer=BAD" >"$T/drill.html"
check_grep "drill-down shows the chosen customer" "<h2>Customer BAD " "$T/drill.html"
check_grep "findings are filtered to that customer's errors" \
	"id=\"shown\">$(jget "$T/two/report.json" "sum(1 for f in d['findings'] if f['customer']=='BAD' and f['severity']=='error')")<" "$T/drill.html"
check_eq "the page lists both customers" 2 "$(grep -o '<tr class="clk" data-i="[0-9]' "$T/drill.html" | wc -l | tr -d ' ')"
browse --screenshot="$T/report.png" --window-size=1280,2000 "file://$T/r/report.html" >/dev/null
check "screenshot saved in the test outputs" test -s "$T/report.png"

# findings.csv written to a full disk (a link to /dev/full): the run must
# fail and say so, not exit 0 with an empty findings list.
rm -rf "$T/full" && mkdir -p "$T/full" && ln -s /dev/full "$T/full/findings.csv"
bwm transform -q --report "$T/full" -o "$T/full.plan.jsonl" "$BWM_ROOT/tests/fixtures/transform/clean.jsonl" \
	2>"$T/full.err"
check_eq "findings.csv that cannot be written exits 5" 5 $?
check_grep "the error names findings.csv" "findings.csv: write error" "$T/full.err"
check "and no plan is left behind" test ! -e "$T/full.plan.jsonl"
