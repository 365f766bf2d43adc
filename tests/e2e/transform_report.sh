# transform_report.sh — report.html is one self-contained page whose numbers
# and tables are in the HTML itself (read here without a browser, and in
# headless Chromium with scripts off); with scripts on, the counts its script
# computes are compared with report.json, and a screenshot is kept among the
# test outputs (tests/out/transform_report/report.png). Both reports say when
# (UTC) and from which inputs (names and SHA-256) they were made.
. "$BWM_ROOT/tests/e2e/lib.sh"
FIX="$BWM_ROOT/tests/fixtures/transform"

bwm transform -q -p "$FIX/partner.json" -o "$T/plan.jsonl" --report "$T/r" "$FIX/defects.jsonl"
check_eq "defects run writes the report (exit 1)" 1 $?
check "report.html, report.json and findings.csv exist" test -s "$T/r/report.html" -a -s "$T/r/report.json" -a -s "$T/r/findings.csv"
check_no_grep "report.html loads nothing from the network" "src=\"http" "$T/r/report.html"
check_no_grep "report.html links no stylesheet" "<link" "$T/r/report.html"

# Without any browser: the numbers are in the HTML itself.
raw() { sed -n "s/.*id=\"count-$1\">\([^<]*\)<.*/\1/p" "$T/r/report.html" | tr -d ','; }
for k in error warning info; do
	check_eq "the HTML holds the $k count without a script" \
		"$(jget "$T/r/report.json" "d['summary']['findings']['$k']")" "$(raw "$k")"
done
check_eq "the HTML holds the subscriber count" "$(jget "$T/r/report.json" "d['summary']['subscribers']")" "$(raw subscribers)"
check_eq "the HTML holds the customer count" "$(jget "$T/r/report.json" "len(d['customers'])")" "$(raw customers)"
check_eq "the HTML holds a row per finding" "$(jget "$T/r/report.json" "len(d['findings'])")" \
	"$(sed -n '/<table id="findings">/,/<\/table>/p' "$T/r/report.html" | grep -o '<tr><td><code>F[0-9]*' | wc -l | tr -d ' ')"
check_eq "the HTML holds a row per customer" "$(jget "$T/r/report.json" "len(d['customers'])")" \
	"$(grep -o '<tr class="clk" data-i="[0-9]' "$T/r/report.html" | wc -l | tr -d ' ')"
check_grep "the HTML lists errors first" '<tbody><tr><td><code>F[0-9]+</code></td><td><span class="pill error">' "$T/r/report.html"

# When and from what: UTC time and the SHA-256 of every input.
SOURCE_DATE_EPOCH=1764950400 bwm transform -q -p "$FIX/partner.json" -o "$T/plan2.jsonl" \
	--report "$T/made" "$FIX/defects.jsonl"
check_eq "report.json says when it was made (UTC)" "2025-12-05T16:00:00Z" "$(jget "$T/made/report.json" "d['generated']")"
check_grep "report.html says when it was made (UTC)" '<time id="generated">2025-12-05T16:00:00Z</time> \(UTC\)' "$T/made/report.html"
check_eq "report.json names the inventory with its SHA-256" "$(sha256sum "$FIX/defects.jsonl" | cut -d' ' -f1)" \
	"$(jget "$T/made/report.json" "[i['sha256'] for i in d['inputs'] if i['role']=='inventory'][0]")"
check_eq "report.json names the partner file with its SHA-256" "$(sha256sum "$FIX/partner.json" | cut -d' ' -f1)" \
	"$(jget "$T/made/report.json" "[i['sha256'] for i in d['inputs'] if i['role']=='partner' and i['file'].endswith('partner.json')][0]")"
check_eq "report.json names the mapping files with their SHA-256" "$(sha256sum "$BWM_ROOT/mappings/default.json" | cut -d' ' -f1)" \
	"$(jget "$T/made/report.json" "[i['sha256'] for i in d['inputs'] if i['role']=='mappings'][0]")"
check_grep "report.html shows the inventory's SHA-256" "$(sha256sum "$FIX/defects.jsonl" | cut -d' ' -f1)" "$T/made/report.html"
bwm transform -q -p "$FIX/partner.json" -o "$T/plan3.jsonl" --report "$T/stdin" - <"$FIX/defects.jsonl"
check_eq "standard input is named, not hashed" "- False" \
	"$(jget "$T/stdin/report.json" "' '.join(str(x) for x in [d['inputs'][0]['file'], 'sha256' in d['inputs'][0]])")"

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
# JavaScript off: the page still shows its numbers and tables. (Chromium's
# --dump-dom needs scripts to serialise the page, so the scripts are cut
# out of a copy instead: the same page with nothing to run.)
python3 -c "import re,sys; sys.stdout.write(re.sub(r'<script.*?</script>', '', open(sys.argv[1]).read(), flags=re.S))" \
	"$T/r/report.html" >"$T/r/noscript-page.html"
check_no_grep "the copy has no script left" "<script" "$T/r/noscript-page.html"
browse --dump-dom "file://$T/r/noscript-page.html" >"$T/noscript.html"
check "chromium renders the page with scripts off" test -s "$T/noscript.html"
check_eq "with scripts off the page shows the error count" \
	"$(jget "$T/r/report.json" "d['summary']['findings']['error']")" \
	"$(sed -n 's/.*id="count-error">\([^<]*\)<.*/\1/p' "$T/noscript.html" | tr -d ',')"
check_grep "with scripts off the findings table has its rows" "id=\"shown\">$(jget "$T/r/report.json" "len(d['findings'])")<" "$T/noscript.html"
check_no_grep "with scripts off no chart was drawn (the script really did not run)" "<svg viewBox" "$T/noscript.html"
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

# The findings table and findings.csv are written in runs of plain text, and
# the HTML table parses only spool lines holding '"severity":"<level>"': a
# warning whose message holds that very text, HTML specials and "</script>"
# still shows once, as a warning, escaped; the CSV doubles its quotes.
odd='Odd \"severity\":\"error\" <b>&'"'"'x'"'"'</b> </script>'
{ cat "$BWM_ROOT/tests/fixtures/transform/clean.jsonl"
  printf '{"kind":"service","key":"ACME/HQ/alice@acme.example#service:odd","source":{"file":"acme.xml","line":601},"enterprise":"ACME","group":"HQ","owner":"ACME/HQ/alice@acme.example","ownerKind":"user","name":"%s","type":"service"}\n' "$odd"
} >"$T/odd.jsonl"
bwm transform -q -o "$T/odd.plan.jsonl" --report "$T/odd" "$T/odd.jsonl"
check "an inventory with an odd service name transforms" test -s "$T/odd/report.html"
rows=$(sed -n '/<table id="findings">/,/<\/table>/p' "$T/odd/report.html" | grep -o '<tr><td><code>F[0-9]*</code></td><td><span class="pill [a-z]*">[a-z]*</span></td><td><code>service_unknown' )
check_eq "the odd service's finding is one row of the HTML table" 1 "$(printf '%s\n' "$rows" | grep -c service_unknown)"
check_grep "that row is a warning" 'pill warning">warning</span></td><td><code>service_unknown' "$T/odd/report.html"
check_grep "its message is escaped in the table" \
	'Odd &quot;severity&quot;:&quot;error&quot; &lt;b&gt;&amp;&#39;x&#39;&lt;/b&gt; &lt;/script&gt;' "$T/odd/report.html"
check_eq "the page's data never closes its script early" \
	"$(grep -o '</script>' "$T/r/report.html" | wc -l | tr -d ' ')" "$(grep -o '</script>' "$T/odd/report.html" | wc -l | tr -d ' ')"
check_grep "the name is in the page's data with its '</' escaped" '<\\/b> <\\/script>' "$T/odd/report.html"
check_grep "findings.csv doubles the quotes of the message" \
	'"service ""Odd ""severity"":""error"" <b>&.x.</b> </script>"" has no' "$T/odd/findings.csv"
