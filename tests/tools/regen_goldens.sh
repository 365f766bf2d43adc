#!/bin/sh
# regen_goldens.sh [BWMIGRATE] — rewrite tests/golden from the samples with
# the binary given (default build/bwmigrate), the way extract_samples.sh and
# transform_samples.sh produce them. For a change that means to alter the
# goldens (a merge of two such changes, a new field): run it, then read
# `git diff tests/golden` line by line before committing.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BWM=${1:-$ROOT/build/bwmigrate}
cd "$ROOT"   # inventory sources are written relative to the tree
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for s in small multisite features devices defects; do
	"$BWM" extract -q -o "tests/golden/$s.jsonl" "samples/$s" || [ "$s" = defects ]
	"$BWM" transform -q -p samples/partner.json -o "tests/golden/$s.plan.jsonl" \
		--report "$T/$s" "tests/golden/$s.jsonl" || [ "$s" = defects ] || [ "$s" = devices ]
done
"$BWM" transform -q -p samples/partner.json -o tests/golden/fixture-clean.plan.jsonl \
	--report "$T/clean" tests/fixtures/transform/clean.jsonl
for s in defects devices; do
	cut -d, -f2-4 "$T/$s/findings.csv" | tail -n +2 >"tests/golden/$s.findings.txt"
done
