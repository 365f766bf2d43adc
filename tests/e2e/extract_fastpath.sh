#!/bin/sh
# extract_fastpath.sh — the direct JSON writer gives the bytes the cJSON
# printer gave: escapes (quote, backslash, tab, CR, LF), odd booleans,
# "-0", leading zeros, phone-like names, repeated elements, duplicate
# table headings, nested objects, unresolved owners. escapes.jsonl was
# written by the cJSON-only extractor and must never change.
. tests/e2e/lib.sh
F=tests/fixtures/extract

check_exit "extract_escapes_fixture_exits_1_for_its_source_errors" 1 \
	bwm extract -q -o "$T/escapes.jsonl" "$F/escapes.xml"
check_same "extract_fast_writer_matches_the_cjson_output" "$F/escapes.jsonl" "$T/escapes.jsonl"

# a value whose JSON text would pass the 16 MiB line limit (9 MiB of tabs,
# each written as \t) is written as null, as the cJSON printer did
python3 -c "import sys; v = '\t' * (9 * 1024 * 1024); sys.stdout.write('<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><command xmlns=\"\" xsi:type=\"ServiceProviderGetResponse22V4\"><serviceProviderId>E</serviceProviderId><serviceProviderName>' + v + '</serviceProviderName><defaultDomain>e.com</defaultDomain></command></BroadsoftDocument>')" >"$T/big.xml"
check_exit "extract_oversized_value_still_exits_0" 0 bwm extract -q -o "$T/big.jsonl" "$T/big.xml"
check_grep "extract_oversized_value_is_written_as_null" '"name":null,"defaultDomain":"e.com"' "$T/big.jsonl"
