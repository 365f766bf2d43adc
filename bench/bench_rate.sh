#!/bin/sh
# bench_rate.sh — how steady the load's send rate is under the server's
# 429s, printed as markdown lines: a load with no client cap (-j 16, no
# --rate) against `bwmigrate sandbox --rate R` for about RATE_SECONDS
# seconds. The sandbox logs every request (--verbose); each log line is
# stamped as it arrives, giving the requests the server saw per second (429s
# included). Printed: the series, its mean after a settling period, and the
# share of those seconds within ±15 % of R (goal: all of them).
#
# Env: BWM (binary), BWM_ROOT, BENCH_OUT; RATE_R (default 100),
# RATE_SECONDS (default 30), RATE_SETTLE (seconds left out, default 5).
set -u
ROOT=${BWM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${BENCH_OUT:-/tmp}/rate
rm -rf "$OUT"
mkdir -p "$OUT"
umask 077
export BWM ROOT OUT
R=${RATE_R:-100} SECS=${RATE_SECONDS:-30} SETTLE=${RATE_SETTLE:-5}
export R SECS SETTLE
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$OUT/token"
WEBEX_TOKEN=$(cat "$OUT/token")
export WEBEX_TOKEN
# Enough work to outlast the measurement: R x SECS subscribers and more.
python3 "$ROOT/tests/fixtures/load/mkplan.py" 10 10 $(((R * SECS * 2) / 100 + 1)) >"$OUT/plan.jsonl"

python3 - <<'PY'
import os, re, signal, subprocess, sys, threading, time

bwm, out = os.environ["BWM"], os.environ["OUT"]
R, SECS, SETTLE = int(os.environ["R"]), int(os.environ["SECS"]), int(os.environ["SETTLE"])
sbx = subprocess.Popen([bwm, "sandbox", "--port", "0", "--rate", str(R), "--verbose"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
url = None
for line in sbx.stdout:
    m = re.match(r"listening on (http\S+)", line)
    if m:
        url = m.group(1)
        break
stamps = []          # (monotonic time, status) of every /v1 request

def read_log():
    for line in sbx.stderr:
        m = re.search(r"sandbox: \S+ /v1\S* -> (\d+)", line)
        if m:
            stamps.append((time.monotonic(), int(m.group(1))))

threading.Thread(target=read_log, daemon=True).start()
t0 = time.monotonic()
load = subprocess.Popen([bwm, "load", "-q", "-j", "16", "--api", url + "/v1",
                         "--journal", out + "/run.journal", "--report", out + "/report",
                         out + "/plan.jsonl"], stdout=subprocess.DEVNULL,
                        stderr=open(out + "/load.err", "w"))
try:
    load.wait(timeout=SECS + 1)
except subprocess.TimeoutExpired:
    load.send_signal(signal.SIGINT)   # a clean stop: the journal stays consistent
    load.wait()
time.sleep(0.5)
sbx.terminate()
sbx.wait()
series = [0] * SECS
throttled = 0
for t, status in stamps:
    s = int(t - t0)
    if 0 <= s < SECS:
        series[s] += 1
        throttled += status == 429
tail = series[SETTLE:]
inband = sum(abs(x - R) <= 0.15 * R for x in tail)
mean = sum(tail) / len(tail) if tail else 0
print("## load rate under 429s")
print()
print(f"- sandbox `--rate {R}`, load `-j 16` with no `--rate`, {SECS} s: requests the server saw "
      f"per second: {' '.join(str(x) for x in series)}")
print(f"- after the first {SETTLE} s: mean **{mean:.1f}/s** ({mean / R:.2f} of R), "
      f"**{inband}/{len(tail)} seconds within ±15 % of R** (goal: all), min {min(tail)}, "
      f"max {max(tail)}; {throttled} answered 429")
PY
rm -f "$OUT/plan.jsonl" "$OUT"/run.journal*
