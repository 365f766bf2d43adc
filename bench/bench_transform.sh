#!/bin/sh
# bench_transform.sh — transform speed in users per minute on one core
# (goal: 1M), twice: users only, and with one call feature per 20 users
# (issue 11's goal; gen_bundle -f 20: hunt groups, call centers with agents,
# auto attendants on a group schedule). Builds each inventory with
# gen_bundle + extract when they are available (else, users only, writes
# inventory lines directly), then times only the transform (CPU time of the
# single-threaded process, and wall time). With BENCH_CALLGRIND=1 it also
# counts the instructions of a 10,000-user transform under callgrind (the
# same on a busy machine, where times vary by 40 %; valgrind hides the SHA
# extensions, so the digest runs its portable rounds there).
# Prints one markdown section for bench/results.md.
# Env: BWM (binary), BWM_BUILD, BWM_ROOT, BENCH_OUT; BENCH_TRANSFORM_USERS (default 100000),
# BENCH_CALLGRIND.
set -eu
USERS=${BENCH_TRANSFORM_USERS:-100000}
OUT=${BENCH_OUT:-/tmp}/transform
mkdir -p "$OUT"

# inventory USERS EVERY: path of an inventory of USERS users (EVERY > 0: one
# call feature per EVERY users); sets $how.
inventory() {
	INV="$OUT/inventory-$1-f$2.jsonl"
	if [ -s "$INV" ]; then
		how="cached inventory"
		return 0
	fi
	if [ -x "$BWM_BUILD/gen_bundle" ] &&
	   "$BWM_BUILD/gen_bundle" -u "$1" -e $((($1 + 4999) / 5000)) -f "$2" -o "$OUT/bundle.xml" 2>/dev/null &&
	   "$BWM" extract -q -o "$INV" "$OUT/bundle.xml" 2>/dev/null; then
		how="gen_bundle + extract"
		rm -f "$OUT/bundle.xml"
		return 0
	fi
	[ "$2" -eq 0 ] || { echo "no gen_bundle: cannot make call features" >&2; return 1; }
	how="generated inventory lines"
	python3 - "$1" "$INV" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    per_ent, per_grp = 5000, 250
    for e in range((n + per_ent - 1) // per_ent):
        ent = "ENT%05d" % e
        addr = {"addressLine1": "1 Main St", "city": "Boston", "stateOrProvince": "MA",
                "zipOrPostalCode": "02110", "country": "US"}
        w = lambda r: f.write(json.dumps(r, separators=(",", ":")) + "\n")
        w({"kind": "enterprise", "key": ent, "id": ent, "name": ent + " Inc",
           "contact": {"email": "it@%s.example" % ent.lower()}, "address": addr})
        users = range(e * per_ent, min(n, (e + 1) * per_ent))
        groups = sorted({u // per_grp for u in users})
        for g in groups:
            w({"kind": "group", "key": "%s/G%04d" % (ent, g), "enterprise": ent, "id": "G%04d" % g,
               "name": "Site %d" % g, "timeZone": "America/New_York", "address": addr})
        for u in users:
            g = "G%04d" % (u // per_grp)
            w({"kind": "user", "key": "%s/%s/u%07d" % (ent, g, u), "enterprise": ent, "group": g,
               "id": "u%07d" % u, "firstName": "F", "lastName": "L%d" % u,
               "email": "u%07d@%s.example" % (u, ent.lower()), "phoneNumber": "+1617%07d" % u,
               "extension": str(1000 + u % per_grp), "language": "English"})
        for u in users:
            g = "G%04d" % (u // per_grp)
            w({"kind": "number", "key": "%s/%s/+1617%07d" % (ent, g, u), "enterprise": ent,
               "group": g, "number": "+1617%07d" % u, "activated": True})
PY
}

echo "## transform"
echo
echo "| users | call features | inventory | source | exit | CPU s | wall s | users/min (CPU, one core) | peak MiB | goal |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for every in 0 20; do
	inventory "$USERS" "$every" || continue
	python3 - "$BWM" "$INV" "$OUT" "$USERS" "$how" <<'PY'
import os, resource, subprocess, sys, time
bwm, inv, out, users, how = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
features = 0
with open(inv) as f:
    for line in f:
        if line.startswith(('{"kind":"hunt_group"', '{"kind":"call_center"', '{"kind":"auto_attendant"')):
            features += 1
t0 = time.monotonic()
rc = subprocess.call([bwm, "transform", "-q", "-o", os.path.join(out, "plan.jsonl"),
                      "--report", os.path.join(out, "report"), inv])
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ru.ru_utime + ru.ru_stime
size = os.path.getsize(inv) / 1e6
print("| %d | %s | %.0f MB | %s | %d | %.2f | %.2f | %.2fM | %.0f | >= 1M |" % (
    users, ("%d (1 per %.0f users)" % (features, users / features)) if features else "0",
    size, how, rc, cpu, wall, users / cpu * 60 / 1e6, ru.ru_maxrss / 1024))
PY
done
echo
echo "Peak memory is one enterprise's index (5,000 users an enterprise)."

if [ "${BENCH_CALLGRIND:-0}" != 0 ] && command -v valgrind >/dev/null; then
	echo
	echo "Instructions (callgrind, 10,000 users, plan and report):"
	echo
	for every in 0 20; do
		inventory 10000 "$every" || continue
		n=$(valgrind --tool=callgrind --soname-synonyms=somalloc=*mimalloc* --callgrind-out-file=/dev/null "$BWM" transform -q \
			-o "$OUT/plan-cg.jsonl" --report "$OUT/report-cg" "$INV" 2>&1 |
			sed -n 's/.*Collected : *//p')
		echo "- one call feature per $every users (0: none): $n instructions"
	done
fi
