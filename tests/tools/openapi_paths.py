#!/usr/bin/env python3
"""openapi_paths.py — does every "METHOD /path" the load sends exist in
Cisco's OpenAPI files?

usage: openapi_paths.py [--in FILE] REFDIR ENDPOINTS_FILE

REFDIR holds webex-wholesale.json, webex-device.json and
api-evangelist-split/*.yml. ENDPOINTS_FILE has one "METHOD /path" a line.
Prints one TAP line per endpoint. A `{x}` segment of the OpenAPI matches any
segment; a `{x}` segment of the load's path (a template) matches only a
templated one. The YAML files are read without a YAML library: under the
top-level `paths:` key, the path keys (indent 2) and their method keys
(indent 4) are regular enough; with PyYAML installed the two readings are
compared too. With --in FILE (e.g. webex-device.json) an endpoint passes
only when that file has it: the devices and workspaces the load provisions
are checked against the Device API's own file.

EXCEPTIONS lists, one by one, the endpoints the load may send that the
split files lack, each with the source that documents it; nothing else
passes without being in the files.
"""
import glob
import json
import os
import re
import sys

METHODS = ("get", "put", "post", "delete", "patch")

# Endpoints outside the shared OpenAPI files, each documented elsewhere.
# A person's simultaneous ring with an admin token is in Cisco's "User Call
# Settings (3/3)" tag (webex-calling-features.md section 10.7, source SDK),
# which the api-evangelist split does not contain; the split has only the
# user-token "me" and the workspace variants. Transform sends it only while
# the mappings say userSettings.simultaneousRing "carry".
EXCEPTIONS = {
    ("GET", "/telephony/config/people/{personId}/simultaneousRing"):
        "webex-calling-features.md section 10.7 (User Call Settings 3/3)",
    ("PUT", "/telephony/config/people/{personId}/simultaneousRing"):
        "webex-calling-features.md section 10.7 (User Call Settings 3/3)",
}


def yaml_paths(text):
    """{path: {methods}} from the `paths:` block of an OpenAPI YAML text."""
    out, cur, inside = {}, None, False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            inside = line.rstrip() == "paths:"
            cur = None
            continue
        if not inside:
            continue
        m = re.match(r"^  (['\"]?)(/[^'\"]*)\1:\s*$", line)
        if m:
            cur = out.setdefault(m.group(2), set())
            continue
        m = re.match(r"^    (\w+):", line)
        if m and cur is not None and m.group(1) in METHODS:
            cur.add(m.group(1))
    return out


def load_spec(refdir):
    spec = []   # (file, path, methods)
    for name in ("webex-wholesale.json", "webex-device.json"):
        f = os.path.join(refdir, name)
        if os.path.exists(f):
            for p, v in json.load(open(f))["paths"].items():
                spec.append((name, p, {m for m in v if m in METHODS}))
    for f in sorted(glob.glob(os.path.join(refdir, "api-evangelist-split", "*.yml"))):
        text = open(f, encoding="utf-8").read()
        paths = yaml_paths(text)
        try:
            import yaml
        except ImportError:
            yaml = None
        if yaml is not None:
            want = {p: {m for m in v if m in METHODS}
                    for p, v in (yaml.safe_load(text).get("paths") or {}).items()}
            same = want == paths
            print(("ok" if same else "not ok") +
                  f" - the plain reading of {os.path.basename(f)} agrees with PyYAML")
        for p, ms in paths.items():
            spec.append((os.path.basename(f), p, ms))
    return spec


def segs(path):
    return [s for s in path.split("?")[0].split("/") if s]


def matches(spec_path, path):
    a, b = segs(spec_path), segs(path)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        xt, yt = x.startswith("{"), y.startswith("{")
        if xt:
            continue
        if yt or x != y:
            return False
    return True


def main():
    args = sys.argv[1:]
    only = None
    if len(args) == 4 and args[0] == "--in":
        only, args = args[1], args[2:]
    refdir, endpoints = args[0], args[1]
    spec = load_spec(refdir)
    if only is not None:
        spec = [s for s in spec if s[0] == only]
    bad = 0
    for line in open(endpoints):
        if not line.strip():
            continue
        method, path = line.split(None, 1)
        path = path.strip()
        where = [f for f, p, ms in spec if method.lower() in ms and matches(p, path)]
        why = [w for (m, p), w in EXCEPTIONS.items() if m == method and matches(p, path)]
        if not where and why and only is None:
            print(f"ok - {method} {path} is not in the split files; allowed: {why[0]}")
        elif where:
            print(f"ok - {method} {path} is in Cisco's OpenAPI ({where[0]})")
        else:
            bad += 1
            other = sorted({m.upper() for f, p, ms in spec if matches(p, path) for m in ms})
            print(f"not ok - {method} {path} is in Cisco's OpenAPI" +
                  (f" (that path has only {', '.join(other)})" if other else " (no such path)"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
