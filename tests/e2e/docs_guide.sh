# docs_guide.sh — the user guide and the cookbook cannot rot: run every
# command block they mark for testing, and check that the man page and the
# --help texts name the same options.
#
# Convention (docs/guide.md, "How this guide is tested"): a fenced ```sh
# block preceded by the line <!-- test --> is run; <!-- test exit=N -->
# expects its last command to exit N (the others must succeed);
# <!-- test skip: REASON --> is only checked. Blocks run in
# order (guide.md, then cookbook.md), each in its own `sh -e`, in one scratch
# folder where samples/ and mappings/ link to the source tree and
# `bwmigrate` is $BWM. Exported variables carry over from block to block.
# Sandboxes a block starts leave their pid in *.pid; they are stopped here.
. "$BWM_ROOT/tests/e2e/lib.sh"

DOCS="$BWM_ROOT/docs"
W="$T/work"
rm -rf "$W" "$T/blocks"
mkdir -p "$W/bin" "$T/blocks"
ln -s "$BWM_ROOT/samples" "$W/samples"
ln -s "$BWM_ROOT/mappings" "$W/mappings"

# `bwmigrate` on PATH execs the binary under test, so that `$!` of a
# backgrounded command is the process itself.
if [ "${VALGRIND:-0}" = 1 ]; then
	pre="valgrind -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite"
else
	pre=""
fi
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$pre" "$BWM" >"$W/bin/bwmigrate"
chmod 755 "$W/bin/bwmigrate"

stop_started() {
	for p in "$W"/*.pid; do
		[ -f "$p" ] || continue
		pid=$(cat "$p")
		kill "$pid" 2>/dev/null
		rm -f "$p"
	done
}
trap stop_started EXIT INT TERM

# The --help of every subcommand `bwmigrate --help` lists, for the checks.
"$BWM" --help >"$T/help-main.txt" 2>&1
for c in $(sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' "$T/help-main.txt"); do
	"$BWM" "$c" --help >"$T/help-$c.txt" 2>&1
done

# Split the documents into blocks: $T/blocks/NNN.sh (and NNN.last.sh, the
# last command of an exit=N block) and a manifest
# "NNN<TAB>FILE:LINE<TAB>EXIT<TAB>SKIP" per block; unmarked sh blocks and
# unknown options are reported in $T/blocks/problems.
python3 - "$T/blocks" "$T" "$DOCS/guide.md" "$DOCS/cookbook.md" <<'PY'
import os, re, shlex, sys
out, helpdir, docs = sys.argv[1], sys.argv[2], sys.argv[3:]
marker = re.compile(r'^<!-- test(?: exit=(\d+))?(?: skip: (.*?))? -->\s*$')
opts = {}
for c in re.findall(r'^  (\w+)  ', open(os.path.join(helpdir, "help-main.txt")).read(), re.M):
    text = open(os.path.join(helpdir, f"help-{c}.txt")).read()
    opts[c] = set(re.findall(r'(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?=[ ,=\n])', text))
manifest, problems = [], []
n = 0

def check_options(body, where):
    """Every option given to `bwmigrate CMD` must be in CMD's --help."""
    bad = []
    text = body.replace("\\\n", " ")
    for line in text.splitlines():
        for part in re.split(r'&&|\|\||[;|&]', line):
            try:
                words = shlex.split(part, comments=True)
            except ValueError:
                words = part.split()
            if "bwmigrate" not in words:
                continue
            i = words.index("bwmigrate")
            if i + 1 >= len(words):
                continue
            cmd = words[i + 1]
            if cmd not in opts:
                bad.append(f"unknown command '{cmd}'")
                continue
            for w in words[i + 2:]:
                if w.startswith("-") and w != "-":
                    o = w.split("=", 1)[0]
                    if o not in opts[cmd]:
                        bad.append(f"{cmd} {o}")
    for b in bad:
        problems.append(f"{where}: option not in --help: {b}")

for doc in docs:
    lines = open(doc).read().split("\n")
    name = os.path.basename(doc)
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```sh":
            start = i + 1
            m = marker.match(lines[i - 1]) if i > 0 else None
            j = start
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            body = "\n".join(lines[start:j]) + "\n"
            where = f"{name}:{start}"
            if m is None:
                problems.append(f"{where}: sh block without a <!-- test --> marker")
            else:
                n += 1
                # With exit=N, every command but the last must succeed and
                # the last must exit N: split the block before its last command.
                blines = body.rstrip("\n").split("\n")
                cut = len(blines)
                if m.group(1) and m.group(1) != "0":
                    cut = max(k for k, l in enumerate(blines) if l.strip() and not l.lstrip().startswith("#"))
                    while cut > 0 and blines[cut - 1].endswith("\\"):
                        cut -= 1
                with open(os.path.join(out, f"{n:03d}.sh"), "w") as f:
                    f.write("\n".join(blines[:cut]) + "\n")
                with open(os.path.join(out, f"{n:03d}.last.sh"), "w") as f:
                    f.write("\n".join(blines[cut:]) + "\n")
                manifest.append(f"{n:03d}\t{where}\t{m.group(1) or 0}\t{m.group(2) or ''}")
                check_options(body, where)
                # sh -e ignores the status of a `! command`: only the last
                # command of a block may be negated.
                cmds = [l for l in body.splitlines() if l.strip() and not l.lstrip().startswith("#")]
                for l in cmds[:-1]:
                    if l.lstrip().startswith("! "):
                        problems.append(f"{where}: '! ...' before the last line is never checked under sh -e")
            i = j
        i += 1
# Commands quoted inline (`bwmigrate load --batch WAVE ...`) and the man
# page's examples must not name options that do not exist either.
for doc in docs:
    for k, line in enumerate(open(doc).read().split("\n"), 1):
        for span in re.findall(r'`(bwmigrate [^`]*)`', line):
            check_options(span.replace("…", ""), f"{os.path.basename(doc)}:{k}")
man = os.path.join(os.path.dirname(docs[0]), "bwmigrate.1")
example, start = [], 0
for k, line in enumerate(open(man).read().split("\n"), 1):
    if line == ".nf":
        example, start = [], k
    elif line == ".fi":
        text = "\n".join(example).replace("\\-", "-").replace("\\e", "\\").replace("\\(aq", "'")
        check_options(text, f"bwmigrate.1:{start}")
    elif not line.startswith("."):
        example.append(line)
open(os.path.join(out, "manifest"), "w").write("\n".join(manifest) + "\n")
open(os.path.join(out, "problems"), "w").write("".join(p + "\n" for p in problems))
PY

check_eq "the guide and the cookbook hold test blocks" yes \
	"$([ "$(grep -c . "$T/blocks/manifest")" -ge 20 ] && echo yes || echo no)"
if [ -s "$T/blocks/problems" ]; then
	sed 's/^/# /' "$T/blocks/problems"
	not_ok "every sh block is marked; every bwmigrate command quoted uses only options of its --help"
else
	ok "every sh block is marked; every bwmigrate command quoted uses only options of its --help"
fi

# run_block ID: run one block in the scratch folder: ID.sh under `set -e`
# (status 99 if one of its commands fails), then ID.last.sh, whose status
# is the block's.
run_block() {
	(cd "$W" && PATH="$W/bin:$PATH" timeout 120 sh -c '
		[ -f .guide-env ] && . ./.guide-env
		stage=pre
		trap "rc=\$?; export -p >.guide-env; [ \$stage = pre ] && [ \$rc -ne 0 ] && exit 99; exit \$rc" EXIT
		set -e
		. "$1.sh"
		set +e
		stage=last
		. "$1.last.sh"' sh "$1") >"$1.log" 2>&1
}

umask 077
tab=$(printf '\t')
while IFS="$tab" read -r id where want skip; do
	[ -n "$id" ] || continue
	if [ -n "$skip" ]; then
		ok "block $where # SKIP $skip"
		continue
	fi
	run_block "$T/blocks/$id"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "block $where exits $want"
	else
		[ "$got" -eq 99 ] && got="99: a command before the last failed"
		not_ok "block $where exits $want (got $got)"
		cat "$T/blocks/$id.sh" "$T/blocks/$id.last.sh" | sed 's/^/# /'
		tail -15 "$T/blocks/$id.log" | sed 's/^/#  | /'
	fi
done <"$T/blocks/manifest"
stop_started

# The token the blocks used must not have leaked into what they wrote.
if [ -s "$W/token" ]; then
	check_no_grep "no report, journal or log holds the token" "$(cat "$W/token")" \
		"$W"/*-run "$W"/*-dry "$W"/*-precheck "$W"/*-rollback "$W"/*.journal "$W"/*.log "$W"/*.out
fi

# Links of the guide, the cookbook and the index lead somewhere: the file
# exists and, with #anchor, a heading of that file has that slug.
python3 - "$DOCS" >"$T/links.out" 2>&1 <<'PY'
import os, re, sys
docs = sys.argv[1]
def slugs(path):
    out = set()
    for line in open(path):
        m = re.match(r'^#+ (.*)', line)
        if m:
            s = m.group(1).strip().lower()
            s = re.sub(r'[^\w\- ]', '', s).replace(' ', '-')
            out.add(s)
    return out
bad = []
for name in ("guide.md", "cookbook.md", "README.md"):
    path = os.path.join(docs, name)
    inside = False
    for k, line in enumerate(open(path), 1):
        if line.startswith("```"):
            inside = not inside
        if inside:
            continue
        for target in re.findall(r'\]\(([^)\s]+)\)', line):
            if re.match(r'^[a-z]+:', target):
                continue
            file, _, anchor = target.partition("#")
            dest = os.path.normpath(os.path.join(docs, file)) if file else path
            if not os.path.exists(dest):
                bad.append(f"{name}:{k}: {target}: no such file")
            elif anchor and dest.endswith(".md") and anchor not in slugs(dest):
                bad.append(f"{name}:{k}: {target}: no such heading")
print("\n".join(bad) if bad else "ok")
PY
if [ "$(cat "$T/links.out")" = ok ]; then
	ok "every link of the guide, the cookbook and the index resolves"
else
	not_ok "every link of the guide, the cookbook and the index resolves"
	sed 's/^/# /' "$T/links.out"
fi

# The man page: renders without a warning, and names exactly the options
# of each subcommand's --help (common options in their own section).
check "the man page renders without warnings" sh -c \
	"groff -man -Tutf8 -ww -z '$DOCS/bwmigrate.1' 2>'$T/groff.err' && ! [ -s '$T/groff.err' ]"
[ -s "$T/groff.err" ] && sed 's/^/# /' "$T/groff.err"

python3 - "$DOCS/bwmigrate.1" "$T" >"$T/mancheck.out" 2>&1 <<'PY'
import re, sys
man, helpdir = open(sys.argv[1]).read(), sys.argv[2]
cmds = re.findall(r'^  (\w+)  ', open(f"{helpdir}/help-main.txt").read(), re.M)
def help_opts(c):
    text = open(f"{helpdir}/help-{c}.txt").read()
    found = set()
    for line in text.splitlines():
        m = re.match(r'^\s+(-[a-zA-Z], )?(--[a-z][a-z0-9-]*)', line)
        if m:
            found.add(m.group(2))
            if m.group(1):
                found.add(m.group(1)[:2])
    return found
# Sections: .SS "bwmigrate CMD" ... up to the next .SS/.SH; options are the
# .TP heading lines (the line after .TP).
sections, cur = {}, None
lines = man.split("\n")
for k, line in enumerate(lines):
    m = re.match(r'^\.S[SH] "?(?:bwmigrate )?([A-Za-z ]+?)"?\s*$', line)
    if m:
        cur = m.group(1).strip()
        sections.setdefault(cur, set())
        continue
    if cur and k > 0 and lines[k - 1].startswith(".TP"):
        plain = re.sub(r'\\f[BIRP]', '', line).replace('\\-', '-')
        for o in re.findall(r'(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])', plain):
            sections[cur].add(o)
bad = []
common = sections.get("COMMON OPTIONS", set())
if not common:
    bad.append("no COMMON OPTIONS section")
for c in cmds:
    if c not in sections:
        bad.append(f"{c}: no section in the man page")
        continue
    h = help_opts(c)
    if not common <= h:
        bad.append(f"{c}: common options missing from --help: {sorted(common - h)}")
    want = h - common
    if sections[c] != want:
        bad.append(f"{c}: only in --help {sorted(want - sections[c])}, only in the man page {sorted(sections[c] - want)}")
for s in sections:
    if s not in cmds and s.islower():
        bad.append(f"{s}: in the man page but not in bwmigrate --help")
print("\n".join(bad) if bad else "ok")
PY
if [ "$(cat "$T/mancheck.out")" = ok ]; then
	ok "the man page and every --help name the same options"
else
	not_ok "the man page and every --help name the same options"
	sed 's/^/# /' "$T/mancheck.out"
fi
