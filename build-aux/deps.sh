#!/bin/sh
# Install, with apt-get, whatever the build, the tests and the demo need and
# this machine lacks. Idempotent: prints nothing and installs nothing when all
# is present. Packages are Debian's; nothing is downloaded from anywhere else.
set -eu

missing=""
need_pc() {   # pkg-config module, Debian package
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$1"; then
		missing="$missing $2"
	fi
}
need_cmd() {  # command, Debian package
	command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}

need_cmd pkg-config pkg-config
need_pc libxml-2.0 libxml2-dev
need_pc libcurl libcurl4-openssl-dev
need_pc libcjson libcjson-dev
need_pc libpcre2-8 libpcre2-dev
need_pc libzip libzip-dev
need_pc sqlite3 libsqlite3-dev
need_pc libmicrohttpd libmicrohttpd-dev
need_pc cmocka libcmocka-dev
need_pc libpq libpq-dev                 # the PostgreSQL journal
[ -e /usr/include/mimalloc.h ] || missing="$missing libmimalloc-dev"   # the binary's allocator (docs/building.md)
need_cmd xmllint libxml2-utils
need_cmd curl curl
need_cmd zip zip
need_cmd python3 python3
need_cmd sqlite3 sqlite3
need_cmd chromium chromium
need_cmd groff groff-base             # tests/e2e/docs_guide.sh: man page lint
need_cmd man man-db                   # tests/e2e/install.sh: renders the man page
need_cmd bc bc                       # bench/bench_extract.sh arithmetic
need_cmd openssl openssl             # tests/e2e/security_tls.sh: a self-signed certificate
[ -n "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ] || missing="$missing postgresql"   # tests: a throwaway journal server
need_cmd ps procps                   # tests/e2e/security_secrets.sh: command lines as ps shows them
[ -x /usr/bin/time ] || missing="$missing time"   # bench: peak RSS (time -v)
python3 -c 'import jsonschema' 2>/dev/null || missing="$missing python3-jsonschema"

[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "deps: need root (or sudo) to install:$missing" >&2; exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
