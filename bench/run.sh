#!/bin/sh
# run.sh BWMIGRATE — every benchmark of design §8 in one run; each stage's
# script (bench/bench_*.sh) prints markdown lines, collected into
# bench/results.md with the machine and the date.
set -eu
BWM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BWM BWM_ROOT="$ROOT" BWM_BUILD="$(dirname "$BWM")"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
export BENCH_OUT="$OUT"
res="$ROOT/bench/results.md"
{
	echo "# Benchmark results"
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sm)"
	echo "- cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo
	for b in "$ROOT"/bench/bench_*.sh; do
		[ -f "$b" ] || continue
		sh "$b"
		echo
	done
} >"$res.tmp"
mv "$res.tmp" "$res"
cat "$res"
