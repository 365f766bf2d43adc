#!/bin/sh
# extract_live_faults.sh — live extraction when the server misbehaves:
# dropped connections, slow answers and lost answers are tried again and
# change nothing in the inventory; an ErrorResponse for one command
# becomes source_error records; a refused login exits 4; the password is
# never on the command line, in the capture, the logs or the inventory;
# hostile answers (XXE, entity bomb, a 10 GB Content-Length, a document
# past the size cap) are refused like hostile files, exit 3.
. tests/e2e/lib.sh
. tests/e2e/sandbox_lib.sh
. tests/e2e/live_lib.sh

ref="$T/ref.txt"
bwm extract -q -o "$T/ref.jsonl" "$SAMPLES/multisite" 2>/dev/null
live_norm "$T/ref.jsonl" >"$ref"

# Faults over both transports, seeded.
for tr in soap tcp; do
	d="$T/faults-$tr"; rm -rf "$d"; mkdir -p "$d"
	oci_start "$SAMPLES/multisite" --faults 'drop=3%,reset=2%,lost=2%,5xx=2%,slow=1%' --seed 11
	url=$OCI_SOAP
	[ "$tr" = tcp ] && url=$OCI_TCP
	(cd "$d" && bwm extract --oci "$url" --enterprise GLOBEX --capture cap.zip -o live.jsonl \
		--oci-timeout 20 2>run.err)
	check_eq "live_faults_${tr}_exits_0" 0 $?
	sandbox_stop
	live_norm "$d/live.jsonl" >"$d/live.txt"
	check_same "live_faults_${tr}_same_records_as_without_faults" "$ref" "$d/live.txt"
	retried=$(sed -n 's/.*, \([0-9]*\) retried.*/\1/p' "$d/run.err")
	check "live_faults_${tr}_retried_some (${retried:-none})" test "${retried:-0}" -gt 0
	(cd "$d" && bwm extract -q -o file.jsonl cap.zip 2>/dev/null)
	check_same "live_faults_${tr}_inventory_is_the_captures" "$d/file.jsonl" "$d/live.jsonl"
done

# An ErrorResponse for every UserGet: source_error records, exit 1.
d="$T/errfor"; rm -rf "$d"; mkdir -p "$d"
oci_start "$SAMPLES/small" --oci-error-for UserGetRequest23V2
(cd "$d" && bwm extract -q --oci "$OCI_SOAP" --enterprise ACME-ENT --capture cap.zip \
	-o live.jsonl 2>run.err)
check_eq "live_error_response_exits_1" 1 $?
injected=$(oci_counts injected)
sandbox_stop
check_eq "live_error_response_becomes_source_error_per_user" "$injected" \
	"$(grep -c '"kind":"source_error".*"request":"UserGetRequest23V2"' "$d/live.jsonl")"
check "live_error_response_injected_some ($injected)" test "$injected" -gt 0

# A wrong password: exit 4, a clear message, no capture.
d="$T/badpw"; rm -rf "$d"; mkdir -p "$d"
oci_start "$SAMPLES/small"
(cd "$d" && BWM_OCI_PASSWORD=not-the-password bwm extract --oci "$OCI_TCP" \
	--enterprise ACME-ENT --capture cap.zip -o live.jsonl 2>run.err)
check_eq "live_wrong_password_exits_4" 4 $?
check_grep "live_wrong_password_says_the_login_was_refused" \
	"refused the OCI-P login of 'migration-admin'" "$d/run.err"
check "live_wrong_password_leaves_no_capture_nor_inventory" test ! -e "$d/cap.zip" -a ! -e "$d/live.jsonl"
(cd "$d" && bwm extract --oci "$OCI_SOAP" --enterprise ACME-ENT --capture cap2.zip \
	-o live2.jsonl 2>run2.err)
check_eq "live_right_password_after_a_refused_one_exits_0" 0 $?
sandbox_stop
check_eq "live_no_login_exits_2" 2 "$(cd "$d" && BWM_OCI_USER= bwm extract -q --oci "$OCI_SOAP" \
	--enterprise X --capture c.zip 2>/dev/null; echo $?)"

# The password from a file works too, and never shows in ps while running.
d="$T/secret"; rm -rf "$d"; mkdir -p "$d"
umask 077
printf '%s\n' "$BWM_OCI_PASSWORD" >"$d/pw"
oci_start "$SAMPLES/multisite" --latency-ms 10
(cd "$d" && BWM_OCI_PASSWORD= exec "$BWM" extract --oci "$OCI_SOAP" --enterprise GLOBEX \
	--capture cap.zip -o live.jsonl --oci-password-file pw 2>run.err) &
pid=$!
sleep 0.5
ps -eo args >"$d/ps.txt"
wait $pid
check_eq "live_password_file_exits_0" 0 $?
sandbox_stop
check_grep "live_ps_shows_the_run" "extract --oci" "$d/ps.txt"
unzip -p "$d/cap.zip" >"$d/cap.txt"
check_no_grep "live_password_nowhere" "$BWM_OCI_PASSWORD" "$d/ps.txt" "$d/cap.txt" "$d/live.jsonl" \
	"$d/run.err" "$T/sandbox.err"

# Hostile servers: a small loopback server answering every request badly.
cat >"$T/hostile.py" <<'PY'
import socket, sys, threading
kind = sys.argv[1]
bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<BroadsoftDocument protocol="OCI" xmlns="C"><sessionId>&lol3;</sessionId></BroadsoftDocument>')
xxe = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<BroadsoftDocument protocol="OCI" xmlns="C"><sessionId>&x;</sessionId></BroadsoftDocument>')
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
s.settimeout(30)
def serve(c):
    c.settimeout(10)
    try:
        data = b''
        while b'</soapenv:Envelope>' not in data and b'BroadsoftDocument>' not in data:
            chunk = c.recv(65536)
            if not chunk: return
            data += chunk
        if kind == 'bigheader':
            c.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 10737418240\r\n\r\n<x>')
        elif kind == 'huge':
            c.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n<a>')
            block = b'<b>' + b'x' * 65530 + b'</b>'
            for _ in range(1100):   # about 72 MB, past the 64 MiB cap
                c.sendall(block)
        elif kind == 'tcpxxe':
            c.sendall(xxe.encode() + b'\n')
        else:
            body = (bomb if kind == 'bomb' else xxe).encode()
            c.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
    except OSError:
        pass
    finally:
        c.close()
for _ in range(8):
    try:
        c, _a = s.accept()
    except OSError:
        break
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY

hostile_server() { # kind -> sets HOST_PID, HOST_PORT
	: >"$T/hostile.port"
	python3 "$T/hostile.py" "$1" >"$T/hostile.port" &
	HOST_PID=$!
	k=0
	while [ $k -lt 100 ] && [ ! -s "$T/hostile.port" ]; do k=$((k + 1)); sleep 0.05; done
	HOST_PORT=$(cat "$T/hostile.port")
}

hostile() { # kind url-scheme pattern
	hostile_server "$1"
	url="http://127.0.0.1:$HOST_PORT/webservice/services/ProvisioningService"
	[ "$2" = tcp ] && url="oci://127.0.0.1:$HOST_PORT"
	d="$T/hostile-$1"; rm -rf "$d"; mkdir -p "$d"
	(cd "$d" && bwm extract --oci "$url" --enterprise X --capture cap.zip -o live.jsonl \
		--oci-timeout 20 2>run.err)
	check_eq "live_hostile_${1}_exits_3" 3 $?
	check_grep "live_hostile_${1}_says_why" "$3" "$d/run.err"
	check "live_hostile_${1}_writes_no_inventory" test ! -e "$d/live.jsonl" -a ! -e "$d/cap.zip"
	kill "$HOST_PID" 2>/dev/null; wait "$HOST_PID" 2>/dev/null || :
}
hostile xxe soap "DOCTYPE"
hostile bomb soap "DOCTYPE"
hostile tcpxxe tcp "DOCTYPE"
hostile bigheader soap "larger than 67108864 bytes"
hostile huge soap "larger than 67108864 bytes"

# A server that forgets its sessions (a restart): log in again, go on.
d="$T/forget"; rm -rf "$d"; mkdir -p "$d"
oci_start "$SAMPLES/small" --oci-forget-every 40
(cd "$d" && bwm extract --oci "$OCI_TCP" --enterprise ACME-ENT --capture cap.zip -o live.jsonl \
	2>run.err)
check_eq "live_lost_session_exits_0" 0 $?
forgotten=$(oci_counts forgotten)
logins=$(oci_counts logins)
sandbox_stop
check "live_lost_session_was_lost ($forgotten times)" test "$forgotten" -gt 0
check "live_lost_session_logged_in_again ($logins logins)" test "$logins" -gt 2
bwm extract -q -o "$d/ref.jsonl" "$SAMPLES/small" 2>/dev/null
live_norm "$d/ref.jsonl" >"$d/ref.txt"
live_norm "$d/live.jsonl" >"$d/live.txt"
check_same "live_lost_session_same_records" "$d/ref.txt" "$d/live.txt"
