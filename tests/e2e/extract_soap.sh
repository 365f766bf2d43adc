#!/bin/sh
# extract_soap.sh — OCI-P captured through the SOAP interface: the
# processOCIMessage request and its processOCIMessageResponse carry each
# OCI-P document as escaped text. The inner documents are read like
# files (pairing, encodings), their source lines point into the outer
# file, and hostile inner documents are refused like hostile files.
. tests/e2e/lib.sh
F=tests/fixtures/extract

check_exit "extract_soap_capture_exits_0" 0 bwm extract -q -o "$T/cap.jsonl" "$F/soap-capture.xml"
jline() { python3 -c "import json,sys
for l in open(sys.argv[1]):
    d=json.loads(l)
    if d['key']==sys.argv[2]: print($3)" "$@"; }
check_eq "extract_soap_reads_the_escaped_response" "Soap Société" \
	"$(jline "$T/cap.jsonl" SOAPCO "d['name']")"
check_eq "extract_soap_pairs_responses_with_the_escaped_requests" "HQ" \
	"$(jline "$T/cap.jsonl" SOAPCO/HQ/bob@soap.example "d['group']")"
sp=$(grep -n 'ServiceProviderGetResponse22V4' "$F/soap-capture.xml" | cut -d: -f1)
check_eq "extract_soap_source_line_points_into_the_outer_file" "$sp" \
	"$(jline "$T/cap.jsonl" SOAPCO "d['source']['line']")"
ul=$(grep -n 'UserGetListInGroupResponse' "$F/soap-capture.xml" | cut -d: -f1)
check_eq "extract_soap_lines_of_a_later_envelope_too" "$ul" \
	"$(jline "$T/cap.jsonl" SOAPCO/HQ/ann@soap.example "d['source']['line']")"
check_eq "extract_soap_source_file_is_the_outer_file" "$F/soap-capture.xml" \
	"$(jline "$T/cap.jsonl" SOAPCO "d['source']['file']")"

check_exit "extract_soap_response_alone_exits_0" 0 bwm extract -q -o "$T/rsp.jsonl" "$F/soap-response.xml"
check_eq "extract_soap_response_alone_gives_its_record" "Head Office" \
	"$(jline "$T/rsp.jsonl" SOAPCO/HQ "d['name']")"

hostile() { # name fixture pattern
	bwm extract -q -o "$T/$1.jsonl" "$F/$2" 2>"$T/$1.err"
	check_eq "extract_${1}_exits_3" 3 $?
	check_grep "extract_${1}_error_names_the_problem" "$3" "$T/$1.err"
	check "extract_${1}_leaves_no_inventory" test ! -e "$T/$1.jsonl"
}
hostile soap_xxe soap-xxe.xml "soap-xxe.xml:[0-9]+: the DOCTYPE declares entities"
# the line named is inside the hostile inner document, in the outer file
from=$(grep -n 'DOCTYPE' "$F/soap-xxe.xml" | cut -d: -f1)
to=$(grep -n '/processOCIMessageReturn' "$F/soap-xxe.xml" | tail -1 | cut -d: -f1)
at=$(sed -n 's/.*soap-xxe.xml:\([0-9]*\):.*/\1/p' "$T/soap_xxe.err")
check "extract_soap_xxe_error_line_is_in_the_inner_document ($from <= $at <= $to)" \
	test "${at:-0}" -ge "$from" -a "${at:-0}" -le "$to"
hostile soap_billion_laughs soap-billion-laughs.xml "soap-billion-laughs.xml:[0-9]+:[0-9]+: .*(entity|DOCTYPE)"
bad=$(grep -n 'comand' "$F/soap-malformed.xml" | cut -d: -f1)
hostile soap_malformed soap-malformed.xml "soap-malformed.xml:$bad:[0-9]+: .*mismatch"
check_no_grep "extract_soap_xxe_never_reads_the_file" "root:" "$T"

# a capture that kept the inner document as XML, not as escaped text
check_exit "extract_soap_unescaped_document_exits_0" 0 bwm extract -q -o "$T/plain.jsonl" "$F/soap-unescaped.xml"
check_eq "extract_soap_unescaped_document_is_read_as_xml" "Plain Office 6" \
	"$(jline "$T/plain.jsonl" SOAPCO/PLAIN "d['name'], d['source']['line']" | tr -d "(),'")"
