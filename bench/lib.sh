# lib.sh — what the benchmark scripts share (sourced, not run: run.sh runs
# bench_*.sh only). A private token, a sandbox on a free loopback port, and
# a JSON field of a report.
#
#   bench_token                  a fresh token in $OUT/token, exported as WEBEX_TOKEN
#   bench_sandbox [OPTIONS...]   start `bwmigrate sandbox`; sets SBX (pid) and URL;
#                                stopped when the script exits
#   json FILE EXPR               python3 expression over d, or n/a

bench_token() {
	umask 077
	od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$OUT/token"
	WEBEX_TOKEN=$(cat "$OUT/token")
	export WEBEX_TOKEN
}

bench_sandbox() {
	"$BWM" sandbox --port 0 -q "$@" >"$OUT/sbx.out" 2>"$OUT/sbx.err" &
	SBX=$!
	trap 'kill $SBX 2>/dev/null; wait $SBX 2>/dev/null' EXIT
	URL=""
	i=0
	while [ -z "$URL" ] && [ $i -lt 100 ]; do
		sleep 0.1
		URL=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$OUT/sbx.out")
		i=$((i + 1))
	done
}

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null || echo n/a; }
