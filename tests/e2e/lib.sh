# lib.sh — helpers for end-to-end tests, sourced by tests/e2e/*.sh.
#
# Each check prints one TAP line ("ok - name" or "not ok - name"); run.sh
# counts them. $BWM is the binary under test, $BWM_CASE_OUT a scratch folder
# for this script, $BWM_ROOT the source tree. With VALGRIND=1 every call of
# the binary runs under memcheck and any error fails the call (exit 97);
# BWM_NO_JIT=1 because memcheck cannot follow PCRE2's JIT code (see
# docs/building.md), and tests/valgrind.supp holds the narrow suppressions.
# A script that wraps the binary itself can use "$BWM_VALGRIND" as prefix.

T="$BWM_CASE_OUT"
SAMPLES="$BWM_ROOT/samples"

BWM_VALGRIND="valgrind -q --soname-synonyms=somalloc=*mimalloc* --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite --suppressions=$BWM_ROOT/tests/valgrind.supp"
if [ "${VALGRIND:-0}" = 1 ]; then
	BWM_NO_JIT=1   # exported: also for scripts that start the binary themselves
	export BWM_NO_JIT
fi

bwm() {
	if [ "${VALGRIND:-0}" = 1 ]; then
		$BWM_VALGRIND "$BWM" "$@"
	else
		"$BWM" "$@"
	fi
}

ok()     { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }

# check NAME COMMAND... : the command must exit 0
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name (exit $?)"; fi
}

# check_exit NAME STATUS COMMAND... : the command must exit with STATUS
check_exit() {
	name=$1; want=$2; shift 2
	"$@"; got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else not_ok "$name (exit $got, wanted $want)"; fi
}

# check_eq NAME WANT GOT
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (wanted '$2', got '$3')"; fi
}

# check_grep NAME PATTERN FILE : FILE must contain PATTERN (grep -E)
check_grep() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else not_ok "$1 ('$2' not in $3)"; fi
}

# check_no_grep NAME PATTERN FILE...: no FILE may contain PATTERN (fixed string)
check_no_grep() {
	name=$1; pat=$2; shift 2
	if grep -rqF -- "$pat" "$@" 2>/dev/null; then not_ok "$name ('$pat' found)"; else ok "$name"; fi
}

# check_same NAME WANT_FILE GOT_FILE : byte-identical files (diff shown on failure)
check_same() {
	if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1 ($2 vs $3)"; diff -u "$2" "$3" | head -40 | sed 's/^/# /'; fi
}

# jq-free JSON query: jget FILE EXPR (python3 expression over `d`)
jget() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
