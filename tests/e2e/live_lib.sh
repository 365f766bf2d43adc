# live_lib.sh — helpers for the live extraction tests (extract --oci
# against the sandbox's OCI-P responder). Sourced after lib.sh and
# sandbox_lib.sh; defines functions only.
#
#   oci_start BUNDLE [SANDBOX OPTIONS...]  sandbox with the responder; sets
#                                          OCI_SOAP (URL) and OCI_TCP (oci://…)
#   oci_counts FIELD                       a count of GET /_sandbox/oci
#   live_norm FILE                         the inventory without where records
#                                          came from (source, file:line in keys),
#                                          sorted: the same data from two bundles
# The OCI-P login is exported as BWM_OCI_USER / BWM_OCI_PASSWORD.

BWM_OCI_USER=migration-admin
BWM_OCI_PASSWORD="Pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export BWM_OCI_USER BWM_OCI_PASSWORD

oci_start() {
	bundle=$1; shift
	sandbox_start --oci-bundle "$bundle" --oci-tcp-port 0 "$@" || return 1
	OCI_SOAP="$SBX_BASE/webservice/services/ProvisioningService"
	OCI_TCP="oci://$(sed -n 's/^oci-p tcp on //p' "$T/sandbox.out")"
}

oci_counts() {
	curl -s "$SBX_BASE/_sandbox/oci" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

live_norm() {
	python3 - "$1" <<'PY'
import json, re, sys
out = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    r.pop('source', None)
    for v in r.values():                 # a nested part's own source
        if isinstance(v, dict):
            v.pop('source', None)
    r['key'] = re.sub(r'#error:[^#]*', '#error:', r['key'])
    if 'message' in r:
        r['message'] = re.sub(r'^\S+:\d+: ', '', r['message'])
    out.append(json.dumps(r, sort_keys=True))
print('\n'.join(sorted(out)))
PY
}
