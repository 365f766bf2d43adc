# transform_samples.sh — samples -> extract -> transform: each sample's plan
# equals its golden plan (tests/golden/SAMPLE.plan.jsonl), clean samples
# have no errors and pass the Wholesale OpenAPI schema check, and the
# defects sample yields exactly the findings it was written to contain.
. "$BWM_ROOT/tests/e2e/lib.sh"
PARTNER="$BWM_ROOT/samples/partner.json"
GOLDEN="$BWM_ROOT/tests/golden"
VALIDATE="$BWM_ROOT/../shared/tools/validate_plan.py"
OPENAPI="$BWM_ROOT/../shared/reference/webex/webex-wholesale.json"
can_validate=0
if [ -f "$VALIDATE" ] && [ -f "$OPENAPI" ] && python3 -c 'import jsonschema' 2>/dev/null; then
	can_validate=1
fi

cd "$BWM_ROOT"   # inventory sources are written relative to the tree
for s in small multisite features devices defects; do
	if [ ! -d "samples/$s" ]; then
		echo "# skipped: samples/$s not present"
		continue
	fi
	bwm extract -q -o "$T/$s.inv.jsonl" "samples/$s" 2>"$T/$s.extract.err"
	check "extract of $s wrote an inventory" test -s "$T/$s.inv.jsonl"
	bwm transform -q -p "$PARTNER" -o "$T/$s.plan.jsonl" --report "$T/$s" "$T/$s.inv.jsonl"
	rc=$?
	check_same "$s: plan equals the golden plan" "$GOLDEN/$s.plan.jsonl" "$T/$s.plan.jsonl"
	# defects and devices hold bad input on purpose (devices: a MAC in two
	# phones, a malformed MAC, a type nobody maps)
	if [ "$s" = defects ] || [ "$s" = devices ]; then
		check_eq "$s: blocked objects give exit 1" 1 "$rc"
		cut -d, -f2-4 "$T/$s/findings.csv" | tail -n +2 >"$T/$s.found.txt"
		check_same "$s: exactly the findings the sample was written to contain" \
			"$GOLDEN/$s.findings.txt" "$T/$s.found.txt"
		continue
	fi
	check_eq "$s: no errors (exit 0)" 0 "$rc"
	if [ "$can_validate" = 1 ]; then
		python3 "$VALIDATE" "$OPENAPI" "$T/$s.plan.jsonl" >"$T/$s.validate.txt" 2>&1
		check_eq "$s: plan bodies match the Wholesale OpenAPI schemas" 0 $?
	else
		echo "# skipped: schema check of $s (validate_plan.py or its OpenAPI file absent)"
	fi
done
