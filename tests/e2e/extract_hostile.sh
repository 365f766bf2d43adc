#!/bin/sh
# extract_hostile.sh — malformed and hostile bundles: each gives a clear
# error naming the file, exit 3, no inventory left behind, never a crash.
. tests/e2e/lib.sh
F=tests/fixtures/extract

hostile() { # name fixture pattern
	bwm extract -q -o "$T/$1.jsonl" "$F/$2" 2>"$T/$1.err"
	rc=$?
	check_eq "extract_${1}_exits_3" 3 "$rc"
	check_grep "extract_${1}_error_names_the_problem" "$3" "$T/$1.err"
	check "extract_${1}_leaves_no_inventory" test ! -e "$T/$1.jsonl"
}

hostile xxe_file xxe-file.xml "xxe-file.xml:[0-9]+: the DOCTYPE declares entities"
hostile xxe_network xxe-network.xml "DOCTYPE declares entities"
hostile billion_laughs billion-laughs.xml "billion-laughs.xml:[0-9]+:[0-9]+: .*(entity|DOCTYPE)"
hostile truncated truncated.xml "truncated.xml:[0-9]+:[0-9]+: .*not well-formed"
hostile garbage garbage.xml "garbage.xml:[0-9]+:[0-9]+:"
hostile not_oci not-oci.xml "no BroadsoftDocument found"
hostile zip_traversal traversal.zip "traversal.zip!../../evil.xml: zip entry name is absolute or contains '..'"
hostile zip_absolute absolute.zip "absolute.zip!/etc/evil.xml"
check_no_grep "extract_xxe_never_reads_the_file" "root:" "$T"

# a good bundle followed by a truncated one: nothing is written
bwm extract -q -o "$T/mixed.jsonl" samples/small "$F/truncated.xml" 2>/dev/null
check "extract_truncated_second_bundle_leaves_no_partial_inventory" test ! -e "$T/mixed.jsonl"

# a file that opens but cannot be read (EIO): the read error is named
if [ -r /proc/self/mem ]; then
	bwm extract -q -o "$T/eio.jsonl" /proc/self/mem 2>"$T/eio.err"
	check_eq "extract_read_error_exits_3" 3 "$?"
	check_grep "extract_read_error_is_named" "/proc/self/mem: read error: Input/output error" "$T/eio.err"
	check "extract_read_error_leaves_no_inventory" test ! -e "$T/eio.jsonl"
fi

# a text node larger than libxml2's 10 MB limit is refused, not buffered
python3 -c "import sys; sys.stdout.write('<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\"><command xmlns=\"\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"ServiceProviderGetResponse22V4\"><serviceProviderName>' + 'A' * (11 * 1024 * 1024) + '</serviceProviderName></command></BroadsoftDocument>')" >"$T/huge.xml"
bwm extract -q -o "$T/huge.jsonl" "$T/huge.xml" 2>"$T/huge.err"
check_eq "extract_huge_text_node_exits_3" 3 "$?"
check_grep "extract_huge_text_node_is_named" "huge.xml:[0-9]+:[0-9]+:" "$T/huge.err"
