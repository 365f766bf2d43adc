# security_outputs.sh — docs/security.md, "Output files": extract -o and
# transform -o replace a regular file (or create a missing one) through a
# temporary file and a rename, but write a FIFO or a character device
# directly and leave it in place, replace the file a symbolic link points to
# (not the link), and refuse a folder. Everything stays under $T: no test
# writes to /dev/null or another device of the machine.
. "$BWM_ROOT/tests/e2e/lib.sh"

O="$T/outputs"
rm -rf "$O"
mkdir -p "$O"
BUNDLE="$SAMPLES/small/acme-widgets.xml"
INV="$O/inventory.jsonl"
bwm extract -q -o "$INV" "$BUNDLE"
check_eq "extract to a new regular file exits 0" 0 $?
bwm transform -q -o "$O/plan.jsonl" "$INV"
check_eq "transform to a new regular file exits 0" 0 $?

# to_fifo STAGE WANT INPUT: run the stage with -o on a FIFO while a
# reader drains it (bounded by timeout: with a rename the reader would
# never see a writer); the FIFO must stay a FIFO and carry the same bytes.
to_fifo() {
	stage=$1; want=$2; input=$3
	rm -f "$O/fifo" "$O/fifo.got"
	mkfifo "$O/fifo"
	timeout 60 cat "$O/fifo" >"$O/fifo.got" &
	reader=$!
	bwm "$stage" -q -o "$O/fifo" "$input"
	check_eq "$stage -o FIFO exits 0" 0 $?
	wait "$reader"
	check_eq "$stage -o FIFO: the reader got the end of the output" 0 $?
	check "$stage -o FIFO: the FIFO is still a FIFO" test -p "$O/fifo"
	check_same "$stage -o FIFO: the reader got what a file would hold" "$want" "$O/fifo.got"
}
to_fifo extract "$INV" "$BUNDLE"
to_fifo transform "$O/plan.jsonl" "$INV"

# A character device of our own (the null device, made under $T): written
# to, never replaced. Needs CAP_MKNOD (the tests run as root).
if mknod "$O/nulldev" c 1 3 2>/dev/null; then
	bwm extract -q -o "$O/nulldev" "$BUNDLE"
	check_eq "extract -o a character device exits 0" 0 $?
	check "extract -o a character device leaves the device node" test -c "$O/nulldev"
	bwm transform -q -o "$O/nulldev" "$INV"
	check_eq "transform -o a character device exits 0" 0 $?
	check "transform -o a character device leaves the device node" test -c "$O/nulldev"
else
	ok "extract/transform -o a character device # skip mknod not permitted"
fi
check_eq "no temporary file is left beside the outputs" "" \
	"$(find "$O" -name '*.tmp*' | head -n 3)"

# A folder is refused with a clear message, and left alone.
mkdir -p "$O/dir"
bwm extract -q -o "$O/dir" "$BUNDLE" 2>"$O/dir.err"
check_eq "extract -o a folder exits 2" 2 $?
check_grep "extract -o a folder says it is a folder" "dir: is a folder; give a file name" "$O/dir.err"
bwm transform -q -o "$O/dir" "$INV" 2>"$O/dir.err"
check_eq "transform -o a folder exits 2" 2 $?
check_grep "transform -o a folder says it is a folder" "is a folder" "$O/dir.err"
check "the folder is still a folder" test -d "$O/dir"
check_eq "nothing was written into the folder" "" "$(ls -A "$O/dir")"

# A symbolic link to a regular file: the link stays, the file it points
# to gets the result (with the usual rename, so it is complete or untouched).
echo old >"$O/real.jsonl"
ln -s real.jsonl "$O/link.jsonl"
bwm extract -q -o "$O/link.jsonl" "$BUNDLE"
check_eq "extract -o a link exits 0" 0 $?
check "the link is still a link" test -L "$O/link.jsonl"
check_same "the linked file holds the inventory" "$INV" "$O/real.jsonl"
ln -s missing.jsonl "$O/dangling.jsonl"
bwm extract -q -o "$O/dangling.jsonl" "$BUNDLE" 2>"$O/dangling.err"
check_eq "extract -o a dangling link exits 2" 2 $?
check_grep "the dangling link is named" "symbolic link to a missing file" "$O/dangling.err"

# A failed run leaves an existing regular target as it was.
cp "$INV" "$O/keep.jsonl"
printf '<BroadsoftDocument' >"$O/truncated.xml"
bwm extract -q -o "$O/keep.jsonl" "$O/truncated.xml" 2>/dev/null
check_eq "extract of a truncated bundle exits 3" 3 $?
check_same "the earlier inventory is untouched" "$INV" "$O/keep.jsonl"
