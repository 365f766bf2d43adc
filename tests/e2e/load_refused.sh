# load_refused.sh — every mode that talks to the API (live, --precheck,
# rollback) stops at once with exit 4 when the API cannot be trusted or
# reached: here an https:// URL to the plain-HTTP sandbox, whose TLS
# handshake fails. Before, precheck retried and then listed every entry as
# refused (exit 1), and rollback left everything in place with exit 1.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

PLAN="$BWM_ROOT/tests/fixtures/load/plan-small.jsonl"
rm -rf "$T"/*.journal*
sandbox_start || { not_ok "sandbox starts"; exit 1; }
TLS_URL=$(printf '%s' "$SBX_URL" | sed 's/^http:/https:/')

bwm load -q --api "$SBX_URL" --journal "$T/a.journal" "$PLAN" >/dev/null 2>&1
check_eq "the plan loads over plain HTTP" 0 $?

bwm load -q --api "$TLS_URL" --journal "$T/b.journal" "$PLAN" >/dev/null 2>"$T/live.err"
check_eq "a live load whose TLS handshake fails exits 4" 4 $?

bwm load --precheck -q --api "$TLS_URL" "$PLAN" >"$T/pre.out" 2>"$T/pre.err"
check_eq "a precheck whose TLS handshake fails exits 4" 4 $?
check_grep "the precheck says to check --ca-file" "ca-file" "$T/pre.err"
check_grep "a stopped precheck counts nothing as refused" \
	"0 validated, 0 refused, 34 not checked" "$T/pre.out"

bwm rollback -q --api "$TLS_URL" --journal "$T/a.journal" >/dev/null 2>"$T/rb.err"
check_eq "a rollback whose TLS handshake fails exits 4" 4 $?
check_grep "the rollback says to check --ca-file" "ca-file" "$T/rb.err"
check_eq "a refused rollback leaves every entry done" 42 \
	"$(bwm status --journal "$T/a.journal" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["states"]["done"])')"
sandbox_stop
