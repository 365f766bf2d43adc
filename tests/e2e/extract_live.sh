#!/bin/sh
# extract_live.sh — live extraction over OCI-P against the sandbox's
# responder, over SOAP and TCP, for every sample: the live inventory is
# byte for byte the inventory of the captured bundle, and holds the same
# records as the file-based extract of the bundle the responder answers
# from. A capture killed with kill -9 resumes without asking again what
# was answered.
. tests/e2e/lib.sh
. tests/e2e/sandbox_lib.sh
. tests/e2e/live_lib.sh

# unit: name bundle enterprise. The features sample is two captures of
# one enterprise taken at different times (one group each), so each file
# is a server of its own.
live_case() { # name bundle enterprise transport
	name=$1 bundle=$2 ent=$3 tr=$4
	d="$T/$name-$tr"
	rm -rf "$d"; mkdir -p "$d"
	oci_start "$bundle" || { not_ok "live_${name}_${tr}_sandbox_starts"; return; }
	url=$OCI_SOAP
	[ "$tr" = tcp ] && url=$OCI_TCP
	(cd "$d" && bwm extract -q --oci "$url" --enterprise "$ent" --capture cap.zip \
		-o live.jsonl 2>live.err)
	rc=$?
	oci_counts requests >"$d/requests"
	sandbox_stop
	want=0
	[ "$name" = defects ] && want=1      # its ErrorResponses become source_error
	check_eq "live_${name}_${tr}_exits_$want" "$want" "$rc"
	(cd "$d" && bwm extract -q -o file.jsonl cap.zip 2>/dev/null)
	check_same "live_${name}_${tr}_inventory_is_the_captures_byte_for_byte" \
		"$d/file.jsonl" "$d/live.jsonl"
	bwm extract -q -o "$d/ref.jsonl" "$bundle" 2>/dev/null
	live_norm "$d/ref.jsonl" >"$d/ref.txt"
	live_norm "$d/live.jsonl" >"$d/live.txt"
	if [ "$name" = defects ]; then
		# Not reachable by a walk: a UserGet of a user no list names, a
		# GroupGet of a group no list names, and a command no walk asks.
		grep -v 'ancien.employe@zenith-sante.ca\|ZENITH/ZENITH-QC\|"kind": "unread"' \
			"$d/ref.txt" >"$d/ref.reach.txt"
		check_same "live_${name}_${tr}_same_records_as_the_files_where_a_walk_reaches" \
			"$d/ref.reach.txt" "$d/live.txt"
	else
		check_same "live_${name}_${tr}_same_records_as_the_file_extract" \
			"$d/ref.txt" "$d/live.txt"
	fi
}

for tr in soap tcp; do
	live_case small "$SAMPLES/small" ACME-ENT $tr
	live_case multisite "$SAMPLES/multisite" GLOBEX $tr
	live_case features10 "$SAMPLES/features/10-hunt-queue-paging.xml" HARBOR-ENT $tr
	live_case features20 "$SAMPLES/features/20-attendant-park-pickup.xml" HARBOR-ENT $tr
	live_case devices "$SAMPLES/devices" BEACON-ENT $tr
	live_case defects "$SAMPLES/defects" ZENITH $tr
done

# The capture holds no login exchange and no session id of the server.
unzip -p "$T/small-soap/cap.zip" >"$T/small-soap/cap.txt"
check_no_grep "live_capture_holds_no_login_exchange" "LoginRequest" "$T/small-soap/cap.txt"
check_no_grep "live_capture_holds_no_authentication_exchange" "AuthenticationRequest" \
	"$T/small-soap/cap.txt"
check_no_grep "live_capture_holds_no_password" "$BWM_OCI_PASSWORD" "$T/small-soap/cap.txt" \
	"$T/small-soap/live.jsonl" "$T/small-soap/live.err"
check_eq "live_capture_optional_errors_are_kept_apart" "yes" \
	"$(unzip -l "$T/small-soap/cap.zip" | grep -q '\.na$' && echo yes)"

# --group: only that group is walked (multisite has three).
d="$T/group"; rm -rf "$d"; mkdir -p "$d"
oci_start "$SAMPLES/multisite"
(cd "$d" && bwm extract -q --oci "$OCI_SOAP" --enterprise GLOBEX --group GLOBEX-CHI \
	--capture cap.zip -o live.jsonl)
sandbox_stop
check_eq "live_group_walks_only_that_group" "GLOBEX-CHI" \
	"$(python3 -c "import json,sys
print(' '.join(sorted({json.loads(l).get('group','') for l in open(sys.argv[1])} - {''})))" "$d/live.jsonl")"

# Resume: kill -9 in the middle (the responder made slow), then run again.
d="$T/resume"; rm -rf "$d"; mkdir -p "$d"
oci_start "$SAMPLES/multisite" --latency-ms 20
(cd "$d" && exec "$BWM" extract -q --oci "$OCI_SOAP" --enterprise GLOBEX --capture cap.zip \
	-o live.jsonl 2>first.err) &
pid=$!
k=0
while [ $k -lt 600 ] && [ "$(ls "$d/cap.zip.partial" 2>/dev/null | grep -c '\.xml$\|\.na$')" -lt 60 ]; do
	k=$((k + 1)); sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
first=$(oci_counts requests)
spooled=$(ls "$d/cap.zip.partial" | grep -c '\.xml$\|\.na$')
check "live_resume_kill_leaves_the_spool_and_no_capture" test -d "$d/cap.zip.partial" -a ! -e "$d/cap.zip"
# A file a power cut left empty is asked again, not trusted.
torn=$(ls "$d/cap.zip.partial"/*.xml | head -1)
: >"$torn"
(cd "$d" && bwm extract --oci "$OCI_SOAP" --enterprise GLOBEX --capture cap.zip -o live.jsonl \
	2>second.err)
check_eq "live_resume_second_run_exits_0" 0 $?
total=$(oci_counts requests)
repeated=$(oci_counts repeated)
sandbox_stop
check_grep "live_resume_says_it_resumes" "resuming the capture: $spooled answers" "$d/second.err"
# Whatever was in the spool is not asked again; only the requests in
# flight at the kill (at most -j 2) and the emptied one may be.
check "live_resume_asks_no_spooled_request_again ($repeated repeated)" test "$repeated" -le 3
check "live_resume_asks_the_emptied_one_again ($repeated repeated)" test "$repeated" -ge 1
full=$(cat "$T/multisite-soap/requests")
check_eq "live_resume_asks_the_rest_once" "$((full + repeated))" "$total"
check "live_resume_spool_removed" test ! -e "$d/cap.zip.partial"
live_norm "$d/live.jsonl" >"$d/live.txt"
check_same "live_resume_same_records_as_an_uninterrupted_run" "$T/multisite-soap/live.txt" "$d/live.txt"
(cd "$d" && bwm extract -q -o file.jsonl cap.zip 2>/dev/null)
check_same "live_resume_inventory_is_the_captures" "$d/file.jsonl" "$d/live.jsonl"
check "live_resume_first_run_was_cut_short ($first of $full)" test "$first" -lt "$full"
