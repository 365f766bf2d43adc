# security_permissions.sh — docs/security.md, "Files": everything a
# migration writes holds personal data (names, e-mails, numbers), so none
# of it is readable by group or others, even under a permissive umask:
# the inventory, the plan, the transform report, the load journal and
# report, the dry-run requests and the sandbox's state file.
. "$BWM_ROOT/tests/e2e/lib.sh"
. "$BWM_ROOT/tests/e2e/sandbox_lib.sh"

rm -rf "$T/w"
mkdir -p "$T/w"
sandbox_token
umask 022   # the usual default: files 0644, folders 0755

# private FILE...: prints the files whose mode lets group or others in.
private() {
	for f in "$@"; do
		[ -e "$f" ] || { echo "missing:$f"; continue; }
		m=$(stat -c %a "$f")
		case $m in *00) ;; *) echo "$m:$f" ;; esac
	done
}

bwm extract -q -o "$T/w/inventory.jsonl" "$SAMPLES/small"
check_eq "extract succeeds" 0 $?
check_eq "the inventory is 0600" 600 "$(stat -c %a "$T/w/inventory.jsonl")"

bwm transform -q -p "$SAMPLES/partner.json" --report "$T/w/treport" -o "$T/w/plan.jsonl" \
	"$T/w/inventory.jsonl"
check_eq "transform succeeds" 0 $?
check_eq "the plan is 0600" 600 "$(stat -c %a "$T/w/plan.jsonl")"
check_eq "the transform report folder is 0700" 700 "$(stat -c %a "$T/w/treport")"
check_eq "no transform report file is open to others" "" "$(private "$T/w/treport"/*)"

bwm load --dry-run --report "$T/w/dry" "$T/w/plan.jsonl" >/dev/null
check_eq "the dry-run requests are 0600" 600 "$(stat -c %a "$T/w/dry/requests.jsonl")"

sandbox_start --state "$T/w/sandbox.db" || { not_ok "sandbox starts"; exit 1; }
bwm load --api "$SBX_URL" --journal "$T/w/wave.journal" --report "$T/w/lreport" \
	"$T/w/plan.jsonl" >/dev/null 2>&1
check_eq "the load succeeds" 0 $?
check_eq "the journal is 0600" 600 "$(stat -c %a "$T/w/wave.journal")"
check_eq "the load report folder is 0700" 700 "$(stat -c %a "$T/w/lreport")"
check_eq "no load report file is open to others" "" "$(private "$T/w/lreport"/*)"
check_eq "the sandbox state file is 0600" 600 "$(stat -c %a "$T/w/sandbox.db")"
sandbox_stop

# After all of it, nothing in the work folder is open to others (journal
# WAL and SHM files, temporary files included).
check_eq "nothing a run wrote is readable by group or others" "" \
	"$(private $(find "$T/w" -mindepth 1))"

