#!/bin/sh
# extract_live_tls.sh — live extraction over SOAP on https:// (the
# sandbox's responder with a self-signed certificate made here): the signed
# login and the plain one (LoginRequest22V5, for servers with the signed
# login switched off) both capture the enterprise; the plain login is
# refused before anything is sent unless the URL is TLS, is never asked
# twice after a refusal, and its password reaches neither the capture nor
# the logs; an untrusted certificate stops the walk.
. tests/e2e/lib.sh
. tests/e2e/sandbox_lib.sh
. tests/e2e/live_lib.sh

command -v openssl >/dev/null || { not_ok "openssl is installed (build-aux/deps.sh)"; exit 1; }
rm -rf "$T"/*.pem "$T"/run-*
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
check "openssl made the test certificate" [ -s "$T/cert.pem" ]
TLS="--tls-cert $T/cert.pem --tls-key $T/key.pem"
BUNDLE="$SAMPLES/small"
bwm extract -q -o "$T/ref.jsonl" "$BUNDLE" 2>/dev/null
live_norm "$T/ref.jsonl" >"$T/ref.txt"

counts() { # FIELD: a count of the responder, over https
	curl -s --cacert "$T/cert.pem" "$SBX_BASE/_sandbox/oci" |
		python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}
# run NAME [EXTRACT OPTIONS...]: extract --oci into $T/run-NAME; sets rc.
run() {
	d="$T/run-$1"; shift
	rm -rf "$d"; mkdir -p "$d"
	(cd "$d" && bwm extract -q -j 1 --enterprise ACME-ENT --capture cap.zip -o live.jsonl \
		"$@" >out.txt 2>err.txt)
	rc=$?
}

# shellcheck disable=SC2086
oci_start "$BUNDLE" $TLS || { not_ok "sandbox starts with TLS and the responder"; exit 1; }
check_eq "the responder is on https" https "${OCI_SOAP%%:*}"

run signed --oci "$OCI_SOAP" --oci-cacert "$T/cert.pem"
check_eq "the signed login over https captures the enterprise (exit 0)" 0 "$rc"
live_norm "$T/run-signed/live.jsonl" >"$T/run-signed/live.txt"
check_same "and the inventory holds the records of the file extract" "$T/ref.txt" \
	"$T/run-signed/live.txt"
check_eq "no plain login was sent" 0 "$(counts loginsPlain)"

run untrusted --oci "$OCI_SOAP"
check_eq "a certificate nobody vouches for stops the walk (exit 4)" 4 "$rc"
check_grep "and the error says it is the certificate" "certificate|SSL" \
	"$T/run-untrusted/err.txt"

before=$(counts logins)
run http --oci "http://${OCI_SOAP#https://}" --oci-login plain
check_eq "--oci-login plain over http:// is a usage error (exit 2)" 2 "$rc"
check_grep "that names why" "only over TLS" "$T/run-http/err.txt"
run tcp --oci "$OCI_TCP" --oci-login plain
check_eq "and over oci:// too (exit 2)" 2 "$rc"
check_eq "neither reached the server" "$before" "$(counts logins)"
check "nor left a capture" test ! -e "$T/run-http/cap.zip" -a ! -e "$T/run-http/cap.zip.partial"
run bogus --oci "$OCI_SOAP" --oci-login token
check_eq "an unknown --oci-login is a usage error (exit 2)" 2 "$rc"
sandbox_stop

# A server with the signed login switched off.
# shellcheck disable=SC2086
oci_start "$BUNDLE" $TLS --oci-logins plain || { not_ok "sandbox starts (plain logins only)"; exit 1; }
run refused --oci "$OCI_SOAP" --oci-cacert "$T/cert.pem"
check_eq "the signed login is refused there (exit 4)" 4 "$rc"
check_grep "with the server's words" "LoginRequest14sp4.*not allowed" "$T/run-refused/err.txt"

run plain --oci "$OCI_SOAP" --oci-cacert "$T/cert.pem" --oci-login plain
check_eq "--oci-login plain captures it (exit 0)" 0 "$rc"
live_norm "$T/run-plain/live.jsonl" >"$T/run-plain/live.txt"
check_same "with the same records as the file extract" "$T/ref.txt" "$T/run-plain/live.txt"
plain=$(counts loginsPlain)
check "the server saw LoginRequest22V5 logins ($plain)" test "$plain" -ge 1
check_eq "and no other" "$plain" "$(counts logins)"
unzip -p "$T/run-plain/cap.zip" >"$T/run-plain/cap.txt"
check_no_grep "the capture holds no login" "LoginRe" "$T/run-plain/cap.txt"
check_no_grep "nor the password" "$BWM_OCI_PASSWORD" "$T/run-plain/cap.txt"
cat "$T/run-plain/out.txt" "$T/run-plain/err.txt" "$T/run-plain/live.jsonl" >"$T/run-plain/all.txt"
check_no_grep "which is not in the output, the logs or the inventory either" \
	"$BWM_OCI_PASSWORD" "$T/run-plain/all.txt"

refused=$(counts refused)
BWM_OCI_PASSWORD="not-$BWM_OCI_PASSWORD" run wrong --oci "$OCI_SOAP" --oci-cacert "$T/cert.pem" \
	--oci-login plain
check_eq "a wrong password is a refused login (exit 4)" 4 "$rc"
check_eq "asked once, not twice (a lockout counts every try)" $((refused + 1)) "$(counts refused)"
sandbox_stop
