# install.sh — `make install` into a staging root puts the binary, the man
# page and the mapping rules where they belong, rebuilds nothing, and the
# installed binary runs.
. "$BWM_ROOT/tests/e2e/lib.sh"

ROOT="$T/root"
rm -rf "$ROOT"
BUILD_REL=${BWM_BUILD#"$BWM_ROOT"/}
# Run from `make check`, the suite inherits the outer make's flags and
# variables; the installs below must see only their own.
unset MAKEFLAGS MFLAGS MAKELEVEL

# `make install` depends on `all`; on an up-to-date build directory it must
# only copy. If the build directory is stale, installing would recompile
# into it with other flags (no SAN=1, another DATADIR): refuse instead.
if ! make -q -C "$BWM_ROOT" BUILD="$BUILD_REL" all >/dev/null 2>&1; then
	not_ok "the build directory $BUILD_REL is up to date before make install (rebuild it first)"
	exit 0
fi
# A compiler or archiver line in the output of install means it rebuilt.
make -C "$BWM_ROOT" install PREFIX=/usr DESTDIR="$ROOT" BUILD="$BUILD_REL" >"$T/install.log" 2>&1
check_eq "make install PREFIX=/usr DESTDIR=... succeeds" 0 $?
if grep -Eq '(^| )(cc|gcc|clang|ar) ' "$T/install.log"; then
	not_ok "make install rebuilds nothing"
	grep -E '(^| )(cc|gcc|clang|ar) ' "$T/install.log" | head -5 | sed 's/^/# /'
else
	ok "make install rebuilds nothing"
fi

check "the binary is installed executable in /usr/bin" test -x "$ROOT/usr/bin/bwmigrate"
check_same "the installed binary is the one built" "$BWM" "$ROOT/usr/bin/bwmigrate"
check_same "the man page is installed in man1" "$BWM_ROOT/docs/bwmigrate.1" \
	"$ROOT/usr/share/man/man1/bwmigrate.1"
check_same "the default mappings are installed in the data folder" \
	"$BWM_ROOT/mappings/default.json" "$ROOT/usr/share/bwmigrate/mappings/default.json"
check_same "the time-zone allow-list is installed beside them" \
	"$BWM_ROOT/mappings/timezones.json" "$ROOT/usr/share/bwmigrate/mappings/timezones.json"
check_same "the example rule files the cookbook uses are installed" \
	"$BWM_ROOT/mappings/examples/operator-devices.json" \
	"$ROOT/usr/share/bwmigrate/mappings/examples/operator-devices.json"
mode=$(stat -c %a "$ROOT/usr/share/man/man1/bwmigrate.1")
check_eq "the man page is world-readable, not executable" 644 "$mode"

"$ROOT/usr/bin/bwmigrate" --help >"$T/help.out" 2>&1
check_eq "the installed binary runs --help" 0 $?
check_grep "its --help lists the subcommands" '^  rollback ' "$T/help.out"

# The installed binary finds its installed rules by itself (PREFIX/share
# beside PREFIX/bin), whatever PREFIX the build was configured with; run
# from a folder without ./mappings and without BWM_MAPPINGS.
"$ROOT/usr/bin/bwmigrate" extract -q -o "$T/inv.jsonl" "$SAMPLES/small" 2>/dev/null
(cd "$T" && env -u BWM_MAPPINGS "$ROOT/usr/bin/bwmigrate" transform -q \
	-p "$SAMPLES/partner.json" -o "$T/plan.jsonl" "$T/inv.jsonl")
check_eq "the installed binary transforms with the installed mappings" 0 $?

if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$ROOT/usr/share/man/man1/bwmigrate.1" >"$T/man.txt" 2>"$T/man.err"
	check_grep "the installed man page renders" '^EXIT STATUS' "$T/man.txt"
fi

make -C "$BWM_ROOT" uninstall PREFIX=/usr DESTDIR="$ROOT" BUILD="$BUILD_REL" >"$T/uninstall.log" 2>&1
check_eq "make uninstall removes binary, man page and data" "" \
	"$(find "$ROOT" -type f | head -3)"
