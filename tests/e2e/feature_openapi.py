#!/usr/bin/env python3
"""feature_openapi.py SPLITDIR PLAN — check the call feature and user
setting entries of a plan against Cisco's OpenAPI files: every request,
lookup, read and delete path exists with its method, and every body member
is a property of the request schema (recursively), with the schema's type
and enum, and every required member present. A person's simultaneousRing,
whose admin path is not in the split files (webex-calling-features.md
section 10.7), is checked against the user-token "me" variant (the same
member names) and the workspace variant (which spells
answerConfirmationEnabled answerConfirmationRequiredEnabled). Prints one
line per problem; exit 1 if any."""
import glob, json, os, re, sys

import yaml

KINDS = {"hunt_group", "call_queue", "paging_group", "feature_setting", "user_setting",
         "queue_supervisor", "auto_attendant"}
# kinds whose body is checked only for these members (an auto attendant's
# key configurations are typed as an object in the schema, sent as the
# array every example shows)
ONLY = {"auto_attendant": ("alternateNumbers",)}
# A path the split files lack -> the variants whose schema the body must
# fit, each with the member renames that variant needs.
VARIANTS = {
    "/telephony/config/people/{}/simultaneousRing": [
        ("/telephony/config/people/me/settings/simultaneousRing", {}),
        ("/telephony/config/workspaces/{}/simultaneousRing",
         {"answerConfirmationEnabled": "answerConfirmationRequiredEnabled"}),
    ],
}


def renamed(value, names):
    if isinstance(value, dict):
        return {names.get(k, k): renamed(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [renamed(v, names) for v in value]
    return value


def body_schema(op):
    body = (op.get("requestBody") or {}).get("content", {})
    return next(iter(body.values()))["schema"] if body else {}


def load(splitdir):
    ops, comps = {}, {}
    for f in sorted(glob.glob(os.path.join(splitdir, "*.yml"))):
        d = yaml.safe_load(open(f))
        for name, s in (d.get("components") or {}).get("schemas", {}).items():
            comps.setdefault(name, s)
        for p, item in (d.get("paths") or {}).items():
            for m, op in item.items():
                if m in ("get", "post", "put", "delete"):
                    ops[(m.upper(), re.sub(r"\{[^}]*\}", "{}", p))] = op
    return ops, comps


def resolve(comps, s):
    while isinstance(s, dict) and "$ref" in s:
        s = comps[s["$ref"].split("/")[-1]]
    return s


def check(comps, schema, value, where, out):
    s = resolve(comps, schema)
    if isinstance(value, dict) and list(value) == ["$ref"]:
        return  # an id the load fills in
    t = s.get("type")
    if "enum" in s and value not in s["enum"]:
        out.append("%s: %r not in %s" % (where, value, s["enum"]))
    if t == "object" or "properties" in s:
        if not isinstance(value, dict):
            out.append("%s: not an object" % where)
            return
        props = s.get("properties") or {}
        for r in s.get("required", []):
            if r not in value:
                out.append("%s: required %s missing" % (where, r))
        for k, v in value.items():
            if k not in props:
                out.append("%s: %s is not in the schema" % (where, k))
            else:
                check(comps, props[k], v, where + "." + k, out)
    elif t == "array":
        if not isinstance(value, list):
            out.append("%s: not an array" % where)
            return
        for i, v in enumerate(value):
            check(comps, s.get("items", {}), v, "%s[%d]" % (where, i), out)
    elif t == "string" and not isinstance(value, str):
        out.append("%s: not a string" % where)
    elif t == "boolean" and not isinstance(value, bool):
        out.append("%s: not a boolean" % where)
    elif t in ("number", "integer") and (isinstance(value, bool) or not isinstance(value, (int, float))):
        out.append("%s: not a number" % where)


def main():
    ops, comps = load(sys.argv[1])
    out, n = [], 0
    for line in open(sys.argv[2]):
        e = json.loads(line)
        if e["kind"] not in KINDS:
            continue
        n += 1
        at = "%s:%s" % (e["kind"], e["key"])
        req = e["request"]
        tpl = re.sub(r"\{[^}]*\}", "{}", req["path"])
        op = ops.get((req["method"], tpl))
        if op is None and tpl in VARIANTS:
            for path, names in VARIANTS[tpl]:
                vop = ops.get((req["method"], path))
                if vop is None:
                    out.append("%s: variant %s %s is not in the OpenAPI files"
                               % (at, req["method"], path))
                    continue
                check(comps, body_schema(vop), renamed(e.get("body", {}), names),
                      "%s body (as %s)" % (at, path), out)
            continue
        if op is None:
            out.append("%s: %s %s is not in the OpenAPI files" % (at, req["method"], req["path"]))
            continue
        for m, p in (("GET", (e.get("lookup") or {}).get("path")),
                     ("GET", (e.get("read") or {}).get("path")),
                     ("DELETE", (e.get("delete") or {}).get("path"))):
            if p and (m, re.sub(r"\{[^}]*\}", "{}", p)) not in ops:
                out.append("%s: %s %s is not in the OpenAPI files" % (at, m, p))
        schema = body_schema(op)
        b = e.get("body", {})
        if e["kind"] in ONLY:
            props = resolve(comps, schema).get("properties") or {}
            for k in ONLY[e["kind"]]:
                if k in b:
                    check(comps, props.get(k, {"type": "none"}), b[k], at + " body." + k, out)
            continue
        check(comps, schema, b, at + " body", out)
    for o in out:
        print(o)
    print("%d feature entries checked, %d problems" % (n, len(out)))
    return 1 if out else 0


sys.exit(main())
