#!/usr/bin/env python3
"""device_openapi.py OPENAPI PLAN — check the workspace, device,
activation_code, device_members and device_apply entries of a plan against
Cisco's device OpenAPI file (webex-device.json): the request, lookup and
delete paths exist with their methods, every params member is a path or
query parameter of the request, every lookup query member a query
parameter of the GET, and every body member a property of the request
schema (recursively) with its type and enum, required members present.
A {"$ref": …} or {"$secret": …} value is filled in by the load and not
type-checked. Prints one line per problem; exit 1 if any."""
import json
import re
import sys

KINDS = {"workspace", "device", "activation_code", "device_members", "device_apply"}
# Marked required in the schema, but the API takes a member without it
# when hotlineEnabled is false (the plan sends it only with a hotline).
OPTIONAL = {"hotlineDestination"}


def norm(path):
    return re.sub(r"\{[^}]*\}", "{}", path)


def load(path):
    d = json.load(open(path))
    ops = {}
    for p, item in d.get("paths", {}).items():
        for m, op in item.items():
            if m in ("get", "post", "put", "delete", "patch"):
                ops[(m.upper(), norm(p))] = op
    return ops, d.get("components", {}).get("schemas", {})


def resolve(comps, s):
    while isinstance(s, dict) and "$ref" in s:
        s = comps[s["$ref"].split("/")[-1]]
    return s or {}


def placeholder(v):
    return isinstance(v, dict) and len(v) == 1 and ("$ref" in v or "$secret" in v)


def check(comps, schema, value, where, out):
    s = resolve(comps, schema)
    if placeholder(value):
        return
    t = s.get("type")
    if "enum" in s and value not in s["enum"]:
        out.append("%s: %r not in %s" % (where, value, s["enum"]))
    if t == "object" or "properties" in s:
        if not isinstance(value, dict):
            out.append("%s: not an object" % where)
            return
        props = s.get("properties") or {}
        for r in s.get("required", []):
            if r not in value and r not in OPTIONAL:
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
    elif t in ("number", "integer") and (isinstance(value, bool) or
                                         not isinstance(value, (int, float))):
        out.append("%s: not a number" % where)
    elif t == "boolean" and not isinstance(value, bool):
        out.append("%s: not a boolean" % where)


def param_names(op, where):
    return {p.get("name") for p in op.get("parameters", []) if p.get("in") in where}


def check_entry(ops, comps, e, out):
    where = "%s:%s" % (e["kind"], e["key"])
    req = e["request"]
    op = ops.get((req["method"], norm(req["path"])))
    if op is None:
        out.append("%s: %s %s is not in the OpenAPI file" % (where, req["method"], req["path"]))
        return
    allowed = param_names(op, ("path", "query"))
    for k in e.get("params", {}):
        if k not in allowed:
            out.append("%s: params.%s is not a parameter of %s %s" % (where, k, req["method"],
                                                                     req["path"]))
    body = e.get("body")
    content = op.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is not None:
        check(comps, schema, body, where + ".body", out)
    elif body not in (None, {}):
        out.append("%s: %s %s takes no body" % (where, req["method"], req["path"]))
    lk = e.get("lookup")
    if lk is not None:
        get = ops.get(("GET", norm(lk["path"])))
        if get is None:
            out.append("%s: lookup GET %s is not in the OpenAPI file" % (where, lk["path"]))
        else:
            q = param_names(get, ("query", "path"))
            for k in lk.get("query", {}):
                if k not in q:
                    out.append("%s: lookup query %s is not a parameter of GET %s"
                               % (where, k, lk["path"]))
    dl = e.get("delete")
    if dl is not None and ("DELETE", norm(dl["path"])) not in ops:
        out.append("%s: DELETE %s is not in the OpenAPI file" % (where, dl["path"]))


def main():
    ops, comps = load(sys.argv[1])
    out, n = [], 0
    for line in open(sys.argv[2]):
        e = json.loads(line)
        if e.get("kind") in KINDS:
            n += 1
            check_entry(ops, comps, e, out)
    for o in out:
        print(o)
    print("%d device entries checked" % n)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
