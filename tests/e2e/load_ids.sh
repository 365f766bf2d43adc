# load_ids.sh — the remote ids of a load reach the report although the
# load keeps in memory only those something may still refer to (the ids of
# done entries nothing depends on live in the journal only): results.csv
# names, for every done entry, the id the journal holds, after a live run
# and after a resume that finds everything done.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
rm -rf "$T/live" "$T/again" "$T"/*.journal*
sandbox_start || { not_ok "sandbox starts"; exit 1; }

# ids_match DIR: "ok" when results.csv has, for each of the plan's entries,
# the remote id the journal holds (one for every entry but the numbers);
# else what differs.
ids_match() {
	python3 - "$1/results.csv" "$T/a.journal" <<'PY'
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1])))
db = dict(((k, kk), rid) for k, kk, rid in
          sqlite3.connect(sys.argv[2]).execute("SELECT kind, key, remote_id FROM entries"))
# The numbers API answers without an id; everything else has one.
bad = [(r["kind"], r["key"], r["remote_id"]) for r in rows
       if r["remote_id"] != (db.get((r["kind"], r["key"])) or "")
       or (not r["remote_id"] and r["kind"] != "number")]
print("ok" if rows and not bad else "%d rows, %d wrong: %s" % (len(rows), len(bad), bad[:3]))
PY
}

bwm load -q --api "$SBX_URL" --journal "$T/a.journal" --report "$T/live" "$PLAN" \
	>/dev/null 2>"$T/live.err"
check_eq "the live load exits 0" 0 $?
check_eq "results.csv has the journal's remote id for every entry" ok "$(ids_match "$T/live")"

bwm load -q --api "$SBX_URL" --journal "$T/a.journal" --report "$T/again" "$PLAN" \
	>/dev/null 2>"$T/again.err"
check_eq "a resume over the finished journal exits 0" 0 $?
check_eq "and its results.csv names the same ids" ok "$(ids_match "$T/again")"
check_eq "it sent nothing" 0 "$(jget "$T/again/run.json" "d['requests']")"
sandbox_stop
