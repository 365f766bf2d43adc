#!/usr/bin/env python3
"""oci_tool.py — test helpers for the OCI-P files of `bwmigrate devicemove`.

normalize IN OUT
    Write IN again with the OCI namespace on a prefix (c:BroadsoftDocument)
    and no default namespace, so that the commands stay in no namespace.
    The document means the same; libxml2 only resolves the no-namespace
    xsi:type of <command> in this form (with xmlns="" it looks the type up
    in the namespace "" and fails), so xmllint --schema checks this copy.

model PLAN [--inventory INV] [FILE ...]
    A model of BroadWorks for the device move requests: every device entry
    of PLAN starts with the profile members its "bw" member captured and no
    device-level custom tags (with --inventory, every device of INV not in
    PLAN too, with its description); the commands of FILE ... are applied in order
    (GroupAccessDeviceModifyRequest22 sets or, with xsi:nil, clears members;
    GroupAccessDeviceCustomTagAddOrModifyListRequest sets tags;
    GroupAccessDeviceCustomTagDeleteListRequest deletes tags, an error when
    one is not there, as on BroadWorks; rebuild and reset are counted).
    Prints the state as JSON (sorted), so two runs can be compared.
"""
import json
import sys
import xml.etree.ElementTree as ET

XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
FIELDS = ["protocol", "outboundProxyServerNetAddress", "stunServerNetAddress", "description",
          "configurationMode", "transportProtocol", "useCustomUserNamePassword"]
IDS = ("serviceProviderId", "groupId", "deviceName")


def normalize(src, dst):
    ET.register_namespace("c", "C")
    ET.register_namespace("xsi", XSI[1:-1])
    tree = ET.parse(src)
    tree.write(dst, encoding="UTF-8", xml_declaration=True)


def initial(plan):
    state = {}
    with open(plan) as f:
        for line in f:
            rec = json.loads(line)
            bw = rec.get("bw")
            if rec.get("kind") != "device" or not bw:
                continue
            dev = {k: (json.dumps(v) if isinstance(v, bool) else v)
                   for k, v in bw.items() if k in FIELDS}
            dev["tags"] = {}
            state["/".join(bw[k] for k in IDS)] = dev
    return state


def from_inventory(state, inv):
    with open(inv) as f:
        for line in f:
            rec = json.loads(line)
            key = "/".join(rec.get(k, "") for k in ("enterprise", "group", "name"))
            if rec.get("kind") != "device" or key in state:
                continue
            dev = {"description": rec["description"]} if "description" in rec else {}
            dev["tags"] = {}
            state[key] = dev


def apply(state, path, counts):
    for cmd in ET.parse(path).getroot().iter("command"):
        kind = cmd.get(XSI + "type")
        key = "/".join(cmd.findtext(k) for k in IDS)
        if key not in state:
            sys.exit(f"{path}: {kind} for unknown device {key}")
        dev = state[key]
        counts[kind] = counts.get(kind, 0) + 1
        children = [c for c in cmd if c.tag not in IDS]
        if kind == "GroupAccessDeviceModifyRequest22":
            for c in children:
                if c.tag not in FIELDS:
                    sys.exit(f"{path}: {key}: unexpected member {c.tag}")
                if c.get(XSI + "nil") == "true":
                    dev.pop(c.tag, None)
                else:
                    dev[c.tag] = c.text
        elif kind == "GroupAccessDeviceCustomTagAddOrModifyListRequest":
            for t in children:
                dev["tags"][t.findtext("tagName")] = t.findtext("tagValue")
        elif kind == "GroupAccessDeviceCustomTagDeleteListRequest":
            for t in children:
                if t.text not in dev["tags"]:
                    sys.exit(f"{path}: {key}: tag {t.text} deleted but not there")
                del dev["tags"][t.text]
        elif kind not in ("GroupCPEConfigRebuildDeviceConfigFileRequest",
                          "GroupCPEConfigResetDeviceRequest"):
            sys.exit(f"{path}: unknown command {kind}")


def main():
    if sys.argv[1] == "normalize":
        normalize(sys.argv[2], sys.argv[3])
        return
    state = initial(sys.argv[2])
    files = sys.argv[3:]
    if files[:1] == ["--inventory"]:
        from_inventory(state, files[1])
        files = files[2:]
    counts = {}
    for path in files:
        apply(state, path, counts)
    print(json.dumps({"devices": state, "commands": counts}, sort_keys=True, indent=1))


main()
