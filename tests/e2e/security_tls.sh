# security_tls.sh — docs/security.md, "TLS": the load client verifies the
# server's certificate and host name and cannot be told not to; --ca-file
# adds a trusted CA. The sandbox serves HTTPS with --tls-cert/--tls-key and
# a self-signed certificate made here with openssl.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
rm -rf "$T"/*.pem "$T"/*.journal* "$T/ok"
command -v openssl >/dev/null || { not_ok "openssl is installed (build-aux/deps.sh)"; exit 1; }
# cert.pem names 127.0.0.1; other.pem is valid and self-signed too but
# names another host.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=elsewhere.example \
	-addext subjectAltName=DNS:elsewhere.example -keyout "$T/okey.pem" -out "$T/other.pem" \
	2>/dev/null
check "openssl made the test certificates" [ -s "$T/cert.pem" ] && [ -s "$T/other.pem" ]

sandbox_start --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" ||
	{ not_ok "sandbox starts with TLS"; exit 1; }
check_eq "the sandbox announces an https URL" https "${SBX_BASE%%:*}"

bwm load --api "$SBX_URL" --journal "$T/a.journal" "$PLAN" >/dev/null 2>"$T/noca.err"
check_eq "an untrusted certificate stops the load with exit 4" 4 $?
check_grep "the error names the certificate problem" "certificate" "$T/noca.err"
curl -s --cacert "$T/cert.pem" -H "Authorization: Bearer $WEBEX_TOKEN" \
	"$SBX_BASE/_sandbox/state" >"$T/state.json"
check_eq "nothing was created through the untrusted connection" 0 \
	"$(jget "$T/state.json" "d['counts']['customers'] + d['counts']['subscribers']")"

bwm load --api "$SBX_URL" --ca-file "$T/other.pem" --journal "$T/b.journal" "$PLAN" \
	>/dev/null 2>"$T/wrongca.err"
check_eq "a CA file that does not sign the server's certificate still fails (4)" 4 $?

bwm load --api "$SBX_URL" --ca-file "$T/cert.pem" --journal "$T/c.journal" --report "$T/ok" \
	"$PLAN" >/dev/null 2>"$T/ca.err"
check_eq "with --ca-file the load over HTTPS succeeds" 0 $?
curl -s --cacert "$T/cert.pem" -H "Authorization: Bearer $WEBEX_TOKEN" \
	"$SBX_BASE/_sandbox/state" >"$T/state.json"
check_eq "every subscriber of the plan was created over HTTPS" 32 \
	"$(jget "$T/state.json" "d['counts']['subscribers']")"
sandbox_stop

# The host name is checked too: the right CA but a name the certificate
# does not carry (localhost instead of 127.0.0.1).
sandbox_start --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" || exit 1
PORT=${SBX_BASE##*:}
bwm load --api "https://localhost:$PORT/v1" --ca-file "$T/cert.pem" --journal "$T/d.journal" \
	"$PLAN" >/dev/null 2>"$T/host.err"
check_eq "a certificate for another host name fails (4)" 4 $?
sandbox_stop

# Bad TLS options of the sandbox are usage or input errors, not crashes.
bwm sandbox --tls-cert "$T/cert.pem" >/dev/null 2>"$T/half.err"
check_eq "--tls-cert without --tls-key is a usage error" 2 $?
check_grep "it says both are needed" "both --tls-cert" "$T/half.err"
bwm sandbox --tls-cert "$T/nope.pem" --tls-key "$T/key.pem" >/dev/null 2>"$T/missing.err"
check_eq "a missing certificate file is unreadable input (3)" 3 $?
bwm sandbox --tls-cert "$PLAN" --tls-key "$T/key.pem" >/dev/null 2>"$T/notpem.err"
check_eq "a file that is not PEM is refused (3)" 3 $?
check_grep "it says the file is not PEM" "not PEM" "$T/notpem.err"
bwm sandbox --tls-cert "$T/cert.pem" --tls-key "$T/okey.pem" >/dev/null 2>"$T/mismatch.err"
check_eq "a key that does not match the certificate is refused (3)" 3 $?

# Plain http:// carries the token in clear text: allowed only to this
# machine. The check comes before any connection, so the refused URL names a
# host that cannot resolve (nothing leaves the machine even if it broke).
for cmd in "load" "load --precheck" "rollback"; do
	# shellcheck disable=SC2086
	bwm $cmd --api "http://bwmigrate-test.invalid/v1" --journal "$T/plain.journal" \
		$( [ "$cmd" = rollback ] || echo "$PLAN" ) >/dev/null 2>"$T/plain.err"
	check_eq "$cmd refuses plain http to a host that is not loopback (2)" 2 $?
	check_grep "$cmd says why" "refusing to send the API token over plain http" "$T/plain.err"
done
check_no_grep "the token is not in that message" "$WEBEX_TOKEN" "$T/plain.err"
