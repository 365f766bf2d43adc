#!/bin/sh
# demo.sh BWMIGRATE — the whole pipeline on the samples against a local
# sandbox (`make demo`): for every samples/*/ bundle, extract -> transform
# -> load --dry-run -> load --precheck -> load -> status -> verify, into
# demo-out/.
#
# The sandbox listens on a free loopback port; its token is generated into
# a private file and handed over in the environment, never printed. Exit
# status: 0 when every step ran (a sample may still have findings or failed
# entries, exit 1 of a step, which the reports explain); 2 or more when a
# step could not run at all.
set -u
BWM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/demo-out"
rm -rf "$OUT"
mkdir -p "$OUT"
chmod 700 "$OUT"

umask 077
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$OUT/.token"
WEBEX_TOKEN=$(cat "$OUT/.token")
export WEBEX_TOKEN

"$BWM" sandbox --port 0 --quiet --provision-delay-ms 300 --latency-ms 20 \
	--state "$OUT/sandbox.db" >"$OUT/sandbox.out" 2>"$OUT/sandbox.err" &
SBX=$!
trap 'kill $SBX 2>/dev/null; wait $SBX 2>/dev/null; rm -f "$OUT/.token"' EXIT INT TERM
i=0
URL=""
while [ $i -lt 100 ] && [ -z "$URL" ]; do
	URL=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$OUT/sandbox.out" 2>/dev/null)
	kill -0 $SBX 2>/dev/null || break
	[ -z "$URL" ] && sleep 0.1
	i=$((i + 1))
done
if [ -z "$URL" ]; then
	echo "demo: the sandbox did not start:" >&2
	cat "$OUT/sandbox.err" >&2
	exit 2
fi
API="$URL/v1"
echo "demo: sandbox on $URL (state in demo-out/sandbox.db)"

worst=0
# step NAME COMMAND...: run, show the exit status, remember the worst.
step() {
	name=$1
	shift
	"$@"
	rc=$?
	[ $rc -gt $worst ] && worst=$rc
	[ $rc -ne 0 ] && echo "demo: $name exited $rc (see its report)"
	return 0
}

for dir in "$ROOT"/samples/*/; do
	s=$(basename "$dir")
	o="$OUT/$s"
	mkdir -p "$o"
	echo
	echo "== $s"
	step extract "$BWM" extract -o "$o/inventory.jsonl" "$dir"
	[ -s "$o/inventory.jsonl" ] || continue
	step transform "$BWM" transform -p "$ROOT/samples/partner.json" -o "$o/plan.jsonl" \
		--report "$o/validation" "$o/inventory.jsonl"
	[ -s "$o/plan.jsonl" ] || continue
	step dry-run "$BWM" load --dry-run --report "$o/dry-run" "$o/plan.jsonl"
	step precheck "$BWM" load --precheck --api "$API" --report "$o/precheck" "$o/plan.jsonl"
	step load "$BWM" load --api "$API" --journal "$o/journal.db" --report "$o/load" "$o/plan.jsonl"
	step status "$BWM" status --journal "$o/journal.db"
	step verify "$BWM" verify --api "$API" --journal "$o/journal.db" --report "$o/verify" \
		"$o/plan.jsonl"
	# The BroadWorks side of the phones: OCI-P files an engineer would run
	# on the Application Server (never sent by bwmigrate).
	if grep -q '"kind":"device"' "$o/plan.jsonl"; then
		step devicemove "$BWM" devicemove --plan "$o/plan.jsonl" --journal "$o/journal.db" \
			--inventory "$o/inventory.jsonl" -o "$o/devicemove"
	fi
done

echo
echo "demo: reports are in demo-out/:"
for dir in "$OUT"/*/; do
	s=$(basename "$dir")
	for r in validation/report.html dry-run/run.html precheck/run.html load/run.html \
		 verify/verify.html; do
		[ -f "$dir$r" ] && echo "  demo-out/$s/$r"
	done
	[ -f "${dir}devicemove/apply.xml" ] && echo "  demo-out/$s/devicemove/ (apply.xml, rollback.xml for BroadWorks)"
done
echo "demo: sandbox now holds:"
curl -s -H "Authorization: Bearer $WEBEX_TOKEN" "$URL/_sandbox/state" |
	python3 -c 'import json,sys; d=json.load(sys.stdin); print("  ", d["counts"], "duplicates:", sum(d["duplicates"].values()))' 2>/dev/null
[ $worst -ge 2 ] && exit $worst
exit 0
