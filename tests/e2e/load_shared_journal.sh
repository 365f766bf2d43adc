# load_shared_journal.sh — the PostgreSQL journal from the command line:
# chosen by a postgresql:// URL (--journal or BWM_JOURNAL_URL), two workers
# load one plan into the sandbox, status shows them, rollback works on the
# shared journal; a password in the URL on the command line is refused; a
# server that cannot be reached, a wrong password and a schema of a newer
# version stop the load with exit 4 and the URL without its password, and
# nothing in the journal is lost.
#
# Needs the throwaway PostgreSQL server tests/run.sh starts
# (BWM_TEST_PG_URL); without one it prints "# skipped".
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

if [ -z "${BWM_TEST_PG_URL:-}" ]; then
	echo "# skipped: no PostgreSQL server (BWM_TEST_PG_URL; tests/run.sh starts one)"
	exit 0
fi

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
MIG="shared_$$"
J="$BWM_TEST_PG_URL&migration=$MIG"
total=$(wc -l <"$PLAN")
psql_q() { psql "$BWM_TEST_PG_URL" -Atq -c "SET search_path TO bwm_$MIG" -c "$1"; }
sandbox_start --latency-ms 5 || { not_ok "sandbox starts"; exit 1; }

# Two workers through the environment variable, no --journal.
BWM_JOURNAL_URL=$J bwm load -q -j 2 --worker-id alpha --api "$SBX_URL" "$PLAN" >"$T/a.out" 2>"$T/a.err" &
a=$!
BWM_JOURNAL_URL=$J bwm load -q -j 2 --worker-id beta --api "$SBX_URL" "$PLAN" >"$T/b.out" 2>"$T/b.err" &
b=$!
wait $a; ra=$?
wait $b; rb=$?
check_eq "two workers on one BWM_JOURNAL_URL finish (exit 0 each)" "0 0" "$ra $rb"
check_eq "the sandbox holds exactly the plan, no duplicates" ok "$(plan_vs_sandbox "$PLAN")"
check "no file journal was written beside the plan" [ ! -e "$PLAN.journal" ]

BWM_JOURNAL_URL=$J bwm status >"$T/status.txt" 2>&1
check_eq "status reads the shared journal (exit 0)" 0 $?
check_grep "status shows the totals" "^all .* $total " "$T/status.txt"
check_grep "status lists worker alpha with its host and pid" "^alpha  *$(hostname) " "$T/status.txt"
check_grep "status lists worker beta" "^beta  *$(hostname) .*finished" "$T/status.txt"
bwm status --json --journal "$J" >"$T/status.json"
check_eq "each worker's entries done add up to the plan" "$total" \
	"$(jget "$T/status.json" "sum(w['done'] for w in d['workers'])")"

# The password never on the command line, never in a message.
url_pw=$(echo "$BWM_TEST_PG_URL" | sed 's|postgresql://|postgresql://bwm:hunter2@|')
bwm status --journal "$url_pw&migration=$MIG" >"$T/pw.out" 2>"$T/pw.err"
check_eq "a password in the --journal URL is refused (exit 2)" 2 $?
check_grep "it says where the password goes" "pgpass" "$T/pw.err"
check_no_grep "the password is not repeated" "hunter2" "$T/pw.err"

# Errors: exit 4 naming the URL without its password; nothing lost.
bwm load -q --api "$SBX_URL" --journal "postgresql:///bwm?host=$T/no-server&migration=$MIG" "$PLAN" \
	>/dev/null 2>"$T/down.err"
check_eq "a server that cannot be reached: exit 4" 4 $?
check "the message names the URL" grep -qF "postgresql:///bwm?host=$T/no-server&migration=$MIG: cannot open" "$T/down.err"

printf '*:*:*:*:not-the-password\n' >"$T/wrongpass"
chmod 600 "$T/wrongpass"
PGPASSFILE="$T/wrongpass" bwm load -q --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>"$T/pass.err"
check_eq "a wrong password: exit 4" 4 $?
check_grep "the message names the URL and the password" "$MIG: cannot open .*password" "$T/pass.err"
check_no_grep "the message holds no password" "not-the-password" "$T/pass.err"

psql_q "UPDATE meta SET v = '99' WHERE k = 'schema_version'"
bwm load -q --api "$SBX_URL" --journal "$J" "$PLAN" >/dev/null 2>"$T/newer.err"
check_eq "a schema of a newer version: exit 4" 4 $?
check_grep "the message says the schema is newer" "schema is version 99, newer" "$T/newer.err"
psql_q "UPDATE meta SET v = '1' WHERE k = 'schema_version'"
check_eq "nothing in the journal was lost" "$total" "$(psql_q "SELECT count(*) FROM entries WHERE state = 'done'")"

# Rollback on the shared journal.
bwm rollback -q --api "$SBX_URL" --journal "$J" >/dev/null 2>"$T/rb.err"
check_eq "rollback on the shared journal (exit 0)" 0 $?
sandbox_state
check_eq "the sandbox holds no customer or subscriber after the rollback" "0 0" \
	"$(jget "$T/state.json" "'%d %d' % (d['counts']['customers'], d['counts']['subscribers'])")"
check_eq "every entry is rolled_back in the shared journal" "$total" \
	"$(psql_q "SELECT count(*) FROM entries WHERE state = 'rolled_back'")"
sandbox_stop

# The device move reads a shared journal like a file one: the same phones
# loaded once with each journal give the same OCI-P files, byte for byte.
bwm extract -q -o "$T/dev.inv.jsonl" "$BWM_ROOT/samples/devices" 2>/dev/null
bwm transform -q -p "$BWM_ROOT/samples/partner.json" -o "$T/dev.plan.jsonl" "$T/dev.inv.jsonl" \
	2>/dev/null
DJ="$BWM_TEST_PG_URL&migration=dev_$$"
for where in file pg; do
	sandbox_start || { not_ok "sandbox starts ($where)"; continue; }
	jr="$T/dev.journal"
	[ $where = pg ] && jr=$DJ
	bwm load -q --api "$SBX_URL" --journal "$jr" --credentials "$T/dev.$where.cred" \
		"$T/dev.plan.jsonl" >/dev/null 2>"$T/dev.$where.err"
	bwm devicemove --plan "$T/dev.plan.jsonl" --journal "$jr" -o "$T/move.$where" \
		>"$T/move.$where.out" 2>&1
	echo $? >"$T/move.$where.rc"
	sandbox_stop
done
check_eq "devicemove on the shared journal: exit 0" 0 "$(cat "$T/move.pg.rc")"
check "it wrote apply and rollback files" test -s "$T/move.pg/apply.xml" -a -s "$T/move.pg/rollback.xml"
check "apply.xml is the same as with a SQLite journal" cmp -s "$T/move.file/apply.xml" "$T/move.pg/apply.xml"
check "rollback.xml is the same as with a SQLite journal" \
	cmp -s "$T/move.file/rollback.xml" "$T/move.pg/rollback.xml"
