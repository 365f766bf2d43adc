# transform_encoding.sh — docs/inventory-format.md, "Text": an inventory
# holds UTF-8 without NUL characters. cJSON ends a string at "\u0000", so
# such a value would be cut short silently, and bytes that are not UTF-8
# would reach the plan and the API: transform refuses the line (exit 3,
# file:line, record key, member, what to do) and writes no plan. extract
# never writes either: control characters stay escaped, whole, and a
# bundle path that is not UTF-8 is quoted with U+FFFD.
. "$BWM_ROOT/tests/e2e/lib.sh"

E="$T/encoding"
rm -rf "$E"
mkdir -p "$E"
bwm extract -q -o "$E/inv.jsonl" "$SAMPLES/small/acme-widgets.xml"
check_eq "the sample extracts" 0 $?

# spoil FILE MEMBER PYTHON-BYTES: the inventory with the first user's MEMBER
# replaced by raw JSON text (bytes).
spoil() {
	python3 - "$E/inv.jsonl" "$E/$1" "$2" "$3" <<'PY'
import json, sys
src, dst, member, raw = sys.argv[1:5]
raw = raw.encode("latin-1").decode("unicode_escape").encode("latin-1")
out, done = [], False
for line in open(src, "rb").read().split(b"\n"):
    if line and not done and json.loads(line)["kind"] == "user":
        rec = json.loads(line)
        rec[member] = "@@"
        line = json.dumps(rec, separators=(",", ":")).encode().replace(b'"@@"', raw)
        done = True
    out.append(line)
open(dst, "wb").write(b"\n".join(out))
PY
}
USERLINE=$(grep -n '"kind":"user"' "$E/inv.jsonl" | head -n 1 | cut -d: -f1)
USERKEY=$(python3 -c 'import json,sys; print(next(json.loads(l)["key"] for l in open(sys.argv[1]) if json.loads(l)["kind"] == "user"))' "$E/inv.jsonl")

# refused NAME FILE WHAT: transform exits 3 naming file:line, key, member and
# the flaw, and leaves no plan.
refused() {
	rm -f "$E/plan.jsonl"
	bwm transform -q -o "$E/plan.jsonl" "$E/$2" 2>"$E/err"
	check_eq "$1: transform exits 3" 3 $?
	check_grep "$1: the error names file, line, record and member" \
		"$2:$USERLINE: record \"$USERKEY\", member \"firstName\" holds $3" "$E/err"
	check_grep "$1: the error says what to do" "fix it where it comes from" "$E/err"
	check "$1: no plan is written" test ! -e "$E/plan.jsonl"
}
spoil nul.jsonl firstName '"Ali\\u0000ce"'
refused "a \\u0000 escape" nul.jsonl "a NUL character"
spoil latin1.jsonl firstName '"Jos\xe9"'
refused "a Latin-1 byte" latin1.jsonl "a byte that is not UTF-8"
spoil rawnul.jsonl firstName '"Ali\x00ce"'
refused "a raw NUL byte" rawnul.jsonl "a NUL byte"
bwm transform -q - <"$E/nul.jsonl" >"$E/stdout.plan" 2>"$E/err"
check_eq "a \\u0000 escape on standard input: exit 3" 3 $?
check_grep "the error names <stdin> and the line" "<stdin>:$USERLINE: record" "$E/err"
spoil escaped.jsonl firstName '"Ali\\\\u0000ce \\u00e9 \\u0007"'
bwm transform -q -o "$E/plan.jsonl" "$E/escaped.jsonl" 2>"$E/err"
check "a literal backslash-u0000, \\u00e9 and an escaped BEL are fine" test $? -ne 3

# extract: control characters a BroadWorks value may hold in XML 1.0 (tab,
# newline, carriage return, DEL, C1) are written escaped or as UTF-8, whole.
doc() { # NAME VALUE(bytes as python escapes)
	python3 - "$E/$1" "$2" <<'PY'
import sys
val = sys.argv[2].encode("latin-1").decode("unicode_escape").encode("latin-1")
open(sys.argv[1], "wb").write(b'<BroadsoftDocument protocol="OCI" xmlns="C" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><command xmlns="" '
    b'xsi:type="ServiceProviderGetResponse22V4"><serviceProviderId>E</serviceProviderId>'
    b'<serviceProviderName>' + val + b'</serviceProviderName><defaultDomain>e.com'
    b'</defaultDomain></command></BroadsoftDocument>')
PY
}
doc ctl.xml 'a&#9;b&#10;c&#13;d&#x7F;e&#x85;f\tg'
bwm extract -q -o "$E/ctl.jsonl" "$E/ctl.xml"
check_eq "a value with control characters extracts" 0 $?
check_grep "tab, newline and carriage return stay escaped" '"name":"a\\tb\\nc\\rd' "$E/ctl.jsonl"
check_eq "the value is whole" "'a\\tb\\nc\\rd\\x7fe\\x85f\\tg'" \
	"$(python3 -c 'import json,sys; print(repr(json.loads(open(sys.argv[1]).readline())["name"]))' "$E/ctl.jsonl")"
bwm transform -q -o "$E/ctl.plan" "$E/ctl.jsonl" 2>"$E/err"
check "transform takes that inventory" test $? -ne 3
doc nul.xml 'a&#0;b'
bwm extract -q -o "$E/nul-x.jsonl" "$E/nul.xml" 2>"$E/err"
check_eq "a bundle with &#0; is refused" 3 $?
check "and no inventory is written" test ! -e "$E/nul-x.jsonl"

# A bundle whose file name is Latin-1: source.file must still be UTF-8.
LATIN=$(printf "$E/caf\351.xml")
cp "$E/ctl.xml" "$LATIN"
bwm extract -q -o "$E/name.jsonl" "$LATIN"
check_eq "a bundle with a Latin-1 file name extracts" 0 $?
check_grep "its name is quoted with U+FFFD" "caf$(printf '\357\277\275').xml" "$E/name.jsonl"
bwm transform -q -o "$E/name.plan" "$E/name.jsonl" 2>"$E/err"
check "transform takes that inventory" test $? -ne 3
