#!/bin/sh
# pg_cluster.sh start | stop DIR — a throwaway PostgreSQL cluster for one
# test run (tests/run.sh starts it once and stops it at the end, also on
# failure). The server refuses to run as root, so as root it runs as the
# user postgres, in a temporary folder that user owns, listening only on a
# Unix socket in that folder (no TCP port). The tests connect as role bwm
# with a random password kept in DIR/pgpass (PGPASSFILE), never in a URL.
#
# start prints shell assignments to eval: BWM_TEST_PG_URL, PGPASSFILE,
# BWM_TEST_PG_DIR. It exits non-zero (printing why on stderr) when no
# server can be started; the PostgreSQL tests then print "# skipped".
set -u

bindir() {
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	done
	return 1
}

as_owner() { # run a command as the cluster's owner
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start() {
	bin=$(bindir) || { echo "pg_cluster: no PostgreSQL server installed (initdb, pg_ctl)" >&2; exit 1; }
	if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
		echo "pg_cluster: running as root and there is no user postgres to run the server" >&2
		exit 1
	fi
	dir=$(mktemp -d /tmp/bwm-pg-XXXXXX) || exit 1
	chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	pass=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust \
		--no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
		echo "pg_cluster: initdb failed: $(tail -3 "$dir/initdb.log")" >&2
		rm -rf "$dir"; exit 1
	fi
	# The superuser by trust (to set up), every other role by password.
	printf 'local all postgres trust\nlocal all all scram-sha-256\n' >"$dir/hba"
	as_owner cp "$dir/hba" "$dir/data/pg_hba.conf"
	if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c shared_buffers=32MB" \
		start >"$dir/pg_ctl.log" 2>&1; then
		echo "pg_cluster: the server did not start: $(tail -3 "$dir/server.log" 2>/dev/null)" >&2
		rm -rf "$dir"; exit 1
	fi
	# The password through standard input, never on a command line.
	printf "CREATE ROLE bwm LOGIN PASSWORD '%s';\nCREATE DATABASE bwm OWNER bwm;\n" "$pass" |
		as_owner "$bin/psql" -q -h "$dir" -U postgres -d postgres -v ON_ERROR_STOP=1 \
		>"$dir/psql.log" 2>&1 || { echo "pg_cluster: cannot create role bwm" >&2; stop "$dir"; exit 1; }
	umask 077
	printf '*:*:bwm:bwm:%s\n' "$pass" >"$dir/pgpass"
	chmod 600 "$dir/pgpass"
	echo "BWM_TEST_PG_DIR='$dir'"
	echo "BWM_TEST_PG_URL='postgresql:///bwm?host=$dir&user=bwm'"
	echo "PGPASSFILE='$dir/pgpass'"
}

stop() {
	dir=$1
	case "$dir" in /tmp/bwm-pg-*) ;; *) echo "pg_cluster: not a test cluster: $dir" >&2; exit 2 ;; esac
	bin=$(bindir) || exit 0
	[ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:?cluster folder}" ;;
*) echo "usage: pg_cluster.sh start | stop DIR" >&2; exit 2 ;;
esac
