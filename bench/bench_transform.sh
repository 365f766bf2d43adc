#!/bin/sh
# bench_transform.sh — transform speed in users per minute on one core
# (goal: 1M). Builds an inventory with gen_bundle + extract when they are
# available, else writes inventory lines directly, then times only the
# transform (CPU time of the single-threaded process, and wall time).
# Prints one markdown section for bench/results.md.
# Env: BWM (binary), BWM_BUILD, BWM_ROOT, BENCH_OUT; BENCH_TRANSFORM_USERS (default 100000).
set -eu
USERS=${BENCH_TRANSFORM_USERS:-100000}
OUT=${BENCH_OUT:-/tmp}/transform
mkdir -p "$OUT"
INV="$OUT/inventory-$USERS.jsonl"

if [ ! -s "$INV" ]; then
	if [ -x "$BWM_BUILD/gen_bundle" ] && "$BWM_BUILD/gen_bundle" -u "$USERS" -e 20 -o "$OUT/bundle.xml" 2>/dev/null &&
	   "$BWM" extract -q -o "$INV" "$OUT/bundle.xml" 2>/dev/null; then
		how="gen_bundle + extract"
	else
		how="generated inventory lines"
		python3 - "$USERS" "$INV" <<'PY'
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
	fi
else
	how="cached inventory"
fi

python3 - "$BWM" "$INV" "$OUT" "$USERS" "$how" <<'PY'
import os, resource, subprocess, sys, time
bwm, inv, out, users, how = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
t0 = time.monotonic()
rc = subprocess.call([bwm, "transform", "-q", "-o", os.path.join(out, "plan.jsonl"),
                      "--report", os.path.join(out, "report"), inv])
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ru.ru_utime + ru.ru_stime
size = os.path.getsize(inv) / 1e6
print("## transform")
print()
print("| users | inventory | source | exit | CPU s | wall s | users/min (CPU, one core) | goal |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
print("| %d | %.0f MB | %s | %d | %.2f | %.2f | %.2fM | >= 1M |" % (
    users, size, how, rc, cpu, wall, users / cpu * 60 / 1e6))
print()
print("Peak memory of the transform: %.0f MiB (one enterprise's index)." % (ru.ru_maxrss / 1024))
PY
