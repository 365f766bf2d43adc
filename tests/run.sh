#!/bin/sh
# run.sh BUILD_DIR — run every unit test binary and end-to-end script, count
# their TAP "ok"/"not ok" lines, and end with "N passed, N failed".
#
# Unit tests are cmocka binaries in BUILD_DIR/tests (TAP output on request).
# End-to-end tests are tests/e2e/*.sh driving BUILD_DIR/bwmigrate; they
# print TAP lines through tests/e2e/lib.sh. A program that dies without
# reporting a failure counts as one failure, so a crash is never a pass.
# ONLY=pattern runs the files whose name contains pattern.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# Outputs per build directory, so that parallel runs never share scratch files.
OUT="$ROOT/tests/out/$(echo "$BUILD" | tr / _)"
mkdir -p "$OUT"
export BWM="$ROOT/$BUILD/bwmigrate" BWM_ROOT="$ROOT" BWM_BUILD="$ROOT/$BUILD" BWM_OUT="$OUT"
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# One throwaway PostgreSQL cluster for the run, shared by the tests of the
# PostgreSQL journal, stopped at the end (also on failure or interrupt).
# BWM_TEST_PG=off runs without one (those tests print "# skipped"); a
# BWM_TEST_PG_URL already set is used as it is.
PG_DIR=""
if [ -z "${BWM_TEST_PG_URL:-}" ] && [ "${BWM_TEST_PG:-auto}" != off ]; then
	if pg_env=$(sh "$ROOT/tests/pg_cluster.sh" start 2>"$OUT/pg_cluster.log"); then
		eval "$pg_env"
		PG_DIR=$BWM_TEST_PG_DIR
		export BWM_TEST_PG_URL PGPASSFILE
		trap 'sh "$ROOT/tests/pg_cluster.sh" stop "$PG_DIR"' EXIT
		trap 'exit 130' INT TERM
	else
		echo "# no PostgreSQL test server: $(cat "$OUT/pg_cluster.log")"
	fi
fi

passed=0
failed=0
failures=""

count() { # name logfile exitcode
	p=$(grep -c '^ok ' "$2")
	f=$(grep -c '^not ok ' "$2")
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $1 exited with status $3 (see $2)" >>"$2"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures="$failures $1"
		status="FAIL"
	else
		status="ok"
	fi
	printf '%-40s %4d passed %4d failed  %s\n' "$1" "$p" "$f" "$status"
	if [ "$f" -gt 0 ]; then
		grep '^not ok' "$2" | sed 's/^/    /' | head -20
		grep -v '^ok \|^not ok\|^#\|^1\.\.' "$2" | tail -15 | sed 's/^/    | /'
	fi
}

for t in "$ROOT/$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	case "$name" in *.d) continue ;; esac
	[ -n "${ONLY:-}" ] && case "$name" in *"$ONLY"*) ;; *) continue ;; esac
	log="$OUT/$name.log"
	(cd "$ROOT" && "$t") >"$log" 2>&1
	count "$name" "$log" $?
done

for t in "$ROOT"/tests/e2e/*.sh; do
	name=$(basename "$t" .sh)
	case "$name" in lib|*_lib) continue ;; esac
	[ -n "${ONLY:-}" ] && case "$name" in *"$ONLY"*) ;; *) continue ;; esac
	log="$OUT/e2e-$name.log"
	mkdir -p "$OUT/$name"
	(cd "$ROOT" && BWM_CASE_OUT="$OUT/$name" sh "$t") >"$log" 2>&1
	count "e2e/$name" "$log" $?
done

[ -n "$failures" ] && echo "failing:$failures (logs in $OUT)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
