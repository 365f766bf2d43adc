# security_options.sh — docs/security.md, "Secrets on the command line": an
# option whose value is a secret or names one (--token-file, --tls-key)
# cannot be abbreviated, so "--token SECRET" is a usage error instead of a
# token file named SECRET; and no message quotes the value that came with a
# refused, unknown or secret-bearing option.
. "$BWM_ROOT/tests/e2e/lib.sh"

SECRET="s3cr3t-$$-value"
T0="$T/options"
rm -rf "$T0"
mkdir -p "$T0"

# refused NAME CMD ARGS...: exit 2, stderr names the full option
# (WANT), the secret on neither stdout nor stderr. The sandbox is bounded by
# timeout in case it would start serving.
refused() {
	name=$1; want=$2; shift 2
	env -u WEBEX_TOKEN timeout 30 "$BWM" "$@" >"$T0/out" 2>"$T0/err"
	check_eq "$name exits 2" 2 $?
	check_grep "$name: the message names $want" "write $want in full" "$T0/err"
	check_no_grep "$name: the value is not echoed" "$SECRET" "$T0/out" "$T0/err"
}

for cmd in load rollback sandbox; do
	refused "$cmd --token SECRET" --token-file $cmd --token "$SECRET" "$T0/plan.jsonl"
	refused "$cmd --tok=SECRET" --token-file $cmd "--tok=$SECRET" "$T0/plan.jsonl"
	refused "$cmd --token-f SECRET" --token-file $cmd --token-f "$SECRET" "$T0/plan.jsonl"
	refused "$cmd --to SECRET after other options" --token-file $cmd -q --to "$SECRET"
done
refused "load --t=SECRET (also --timeout's prefix)" --token-file load "--t=$SECRET" x.jsonl
refused "sandbox --tls-k SECRET" --tls-key sandbox --tls-k "$SECRET"
refused "sandbox --tls=SECRET" --tls-key sandbox "--tls=$SECRET"

# An option a command does not have: named, without its value.
for cmd in status extract transform load devicemove; do
	env -u WEBEX_TOKEN "$BWM" $cmd "--tokn=$SECRET" x >"$T0/out" 2>"$T0/err"
	check_eq "$cmd --tokn=SECRET is a usage error" 2 $?
	check_grep "$cmd --tokn=SECRET: the option is named" "'--tokn' is not an option" "$T0/err"
	check_no_grep "$cmd --tokn=SECRET: the value is not echoed" "$SECRET" "$T0/out" "$T0/err"
done

# The full option with a token where the file name belongs: the error says
# which option, not the value.
for cmd in load rollback sandbox; do
	case $cmd in
	load) set -- load --token-file "$SECRET" "$T0/plan.jsonl" ;;
	rollback) set -- rollback --journal "$T0/j" --token-file "$SECRET" ;;
	sandbox) set -- sandbox --token-file "$SECRET" ;;
	esac
	env -u WEBEX_TOKEN timeout 30 "$BWM" "$@" >"$T0/out" 2>"$T0/err"
	check_eq "$cmd --token-file SECRET (no such file) exits 3" 3 $?
	check_grep "$cmd --token-file SECRET: the error names the option" \
		"file given to --token-file" "$T0/err"
	check_no_grep "$cmd --token-file SECRET: the value is not echoed" "$SECRET" \
		"$T0/out" "$T0/err"
done
printf -- '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' >"$T0/cert.pem"
WEBEX_TOKEN=x timeout 30 "$BWM" sandbox --tls-cert "$T0/cert.pem" --tls-key "$SECRET" \
	>"$T0/out" 2>"$T0/err"
check_eq "sandbox --tls-key SECRET (no such file) exits 3" 3 $?
check_grep "sandbox --tls-key SECRET: the error names the option" "--tls-key" "$T0/err"
check_no_grep "sandbox --tls-key SECRET: the value is not echoed" "$SECRET" "$T0/out" "$T0/err"

# getopt's own messages are replaced: a bad short option in a cluster after
# a long one is named as itself, a missing value names the full option.
"$BWM" load --api=http://127.0.0.1:9/v1 -Zq x.jsonl >"$T0/out" 2>"$T0/err"
check_eq "a bad short option in a cluster exits 2" 2 $?
check_grep "the bad short option is named" "'-Z' is not an option" "$T0/err"
"$BWM" transform --outp >"$T0/out" 2>"$T0/err"
check_eq "a shortened option without its value exits 2" 2 $?
check_grep "the missing value names the full option" "--output needs a value" "$T0/err"
