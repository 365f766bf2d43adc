#!/bin/sh
# bench_live_extract.sh — live extraction (extract --oci) of one 10k-user
# enterprise from the sandbox's OCI-P responder, 5 ms added to every
# answer, -j 4, over SOAP and TCP: requests per second, wall time, peak
# memory. The bundle comes from gen_bundle --walkable (user list, devices),
# so the walk finds every user. Called by bench/run.sh with $BWM,
# $BWM_BUILD and $BENCH_OUT; prints markdown. BENCH_LIVE_USERS overrides
# the user count, BENCH_LIVE_TRANSPORTS the transports ("soap tcp").
set -eu
OUT="$BENCH_OUT/live"
rm -rf "$OUT"
mkdir -p "$OUT"
. "$BWM_ROOT/bench/lib.sh"
USERS=${BENCH_LIVE_USERS:-10000}
TRANSPORTS=${BENCH_LIVE_TRANSPORTS:-"soap tcp"}
"$BWM_BUILD/gen_bundle" -u "$USERS" -e 1 --walkable -o "$OUT/bundle.xml"
bench_token
BWM_OCI_USER=bench
BWM_OCI_PASSWORD=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
export BWM_OCI_USER BWM_OCI_PASSWORD

echo "## live extract over OCI-P"
echo
echo "One enterprise of $USERS users (gen_bundle --walkable), sandbox OCI-P responder with"
echo "5 ms added to every answer, \`extract --oci … -j 4\`; requests/s counts every"
echo "request of the walk (about 21 per user: detail, services, every setting family)."
echo
echo "| transport | requests | wall s | requests/s | peak RSS | same records as the file extract |"
echo "| --- | --- | --- | --- | --- | --- |"
"$BWM" extract -q -o "$OUT/ref.jsonl" "$OUT/bundle.xml" || true
for tr in $TRANSPORTS; do
	bench_sandbox --oci-bundle "$OUT/bundle.xml" --oci-tcp-port 0 --latency-ms 5
	i=0
	# reading a large bundle takes longer than bench_sandbox waits
	while ! grep -q '^oci-p tcp on' "$OUT/sbx.out" && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
	URL=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$OUT/sbx.out")
	url="$URL/webservice/services/ProvisioningService"
	[ "$tr" = tcp ] && url="oci://$(sed -n 's/^oci-p tcp on //p' "$OUT/sbx.out")"
	rm -rf "$OUT/cap-$tr.zip" "$OUT/cap-$tr.zip.partial"
	/usr/bin/time -v "$BWM" extract --oci "$url" --enterprise ENT00000 -j 4 \
		--capture "$OUT/cap-$tr.zip" -o "$OUT/live-$tr.jsonl" 2>"$OUT/run-$tr.err" || true
	kill "$SBX" 2>/dev/null; wait "$SBX" 2>/dev/null || true
	line=$(grep 'requests asked in' "$OUT/run-$tr.err" || echo "")
	n=$(echo "$line" | sed -n 's/.*extract: \([0-9]*\) requests asked in \([0-9.]*\) s (\([0-9]*\)\/s).*/\1/p')
	s=$(echo "$line" | sed -n 's/.*requests asked in \([0-9.]*\) s.*/\1/p')
	r=$(echo "$line" | sed -n 's/.*s (\([0-9]*\)\/s).*/\1/p')
	rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print int($2/1024)}' "$OUT/run-$tr.err")
	same=no
	if python3 - "$OUT/ref.jsonl" "$OUT/live-$tr.jsonl" <<'PY'
import json, re, sys
def norm(p):
    out = []
    for line in open(p):
        r = json.loads(line); r.pop('source', None)
        r['key'] = re.sub(r'#error:[^#]*', '#error:', r['key'])
        out.append(json.dumps(r, sort_keys=True))
    return sorted(out)
sys.exit(0 if norm(sys.argv[1]) == norm(sys.argv[2]) else 1)
PY
	then same=yes; fi
	echo "| $tr | ${n:-n/a} | ${s:-n/a} | ${r:-n/a} | ${rss:-n/a} MiB | $same |"
done
trap - EXIT
