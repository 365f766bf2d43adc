/*
 * journal_pg.c — the PostgreSQL journal (see journal.h): a shared server
 * that several load workers use at once. One schema per migration
 * (bwm_NAME, NAME from the URL's migration= parameter, default "default"),
 * created on first use and versioned in its meta table: an older schema is
 * brought up to date by the steps below, a newer one is refused. The
 * password never travels in the URL given on the command line: libpq reads
 * it from PGPASSFILE, ~/.pgpass or the service file.
 *
 * Each state change is one statement (the row update and its event in one
 * WITH), so it is atomic without a transaction of its own.
 */
#include "load/journal_pg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"

/* Steps from version k-1 to k, applied in order inside one transaction. */
static const char *const schema_steps[] = {
	/* 1: entries, events, workers, the shared rate bucket. */
	"CREATE TABLE IF NOT EXISTS entries("
	" seq bigserial PRIMARY KEY, kind text NOT NULL, key text NOT NULL,"
	" batch text NOT NULL DEFAULT '', state text NOT NULL DEFAULT 'pending',"
	" attempts int NOT NULL DEFAULT 0, remote_id text, fields text, hash text,"
	" last_error text, retryable int NOT NULL DEFAULT 0, http_status int NOT NULL DEFAULT 0,"
	" updated timestamptz NOT NULL DEFAULT now(), worker text, lease_until timestamptz,"
	" chg bigint NOT NULL DEFAULT 0, UNIQUE(kind, key));"
	"CREATE INDEX IF NOT EXISTS entries_chg ON entries(chg);"
	"CREATE INDEX IF NOT EXISTS entries_worker ON entries(worker);"
	"CREATE INDEX IF NOT EXISTS entries_lease ON entries(lease_until)"
	" WHERE state IN ('pending', 'in_flight', 'accepted');"
	"CREATE SEQUENCE IF NOT EXISTS chg_seq;"
	"CREATE TABLE IF NOT EXISTS events("
	" seq bigserial PRIMARY KEY, ts timestamptz NOT NULL DEFAULT clock_timestamp(),"
	" kind text, key text, from_state text, to_state text, http_status int,"
	" message text, worker text);"
	"CREATE TABLE IF NOT EXISTS workers("
	" id text PRIMARY KEY, host text NOT NULL, pid int NOT NULL,"
	" started timestamptz NOT NULL DEFAULT now(), heartbeat timestamptz NOT NULL DEFAULT now(),"
	" done bigint NOT NULL DEFAULT 0, learned double precision NOT NULL DEFAULT 0,"
	" finished timestamptz);"
	"CREATE TABLE IF NOT EXISTS rate_buckets("
	" origin text PRIMARY KEY, rate double precision NOT NULL, burst double precision NOT NULL,"
	" tokens double precision NOT NULL, refilled timestamptz NOT NULL);",
	/* 2: the cutover's steps per wave (journal_pg_steps.c). */
	"CREATE TABLE IF NOT EXISTS cutover_steps("
	" batch text NOT NULL, step text NOT NULL, status text NOT NULL, exit int NOT NULL,"
	" runs int NOT NULL, seconds double precision NOT NULL, started text, finished text,"
	" summary text, PRIMARY KEY(batch, step));",
};
#define SCHEMA_VERSION ((int)(sizeof schema_steps / sizeof schema_steps[0]))

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;   /* "already exists, skipping" and the like */
}

/* libpq's message without its trailing newline. */
static void pg_message(PGconn *c, char *out, size_t cap)
{
	snprintf(out, cap, "%s", c ? PQerrorMessage(c) : "out of memory");
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

/* res when it succeeded; else NULL after filling err. */
static PGresult *checked(struct journal *j, PGresult *res, const char *what,
			 struct bwm_error *err)
{
	PGconn *c = PJ(j)->c;
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	char msg[512];
	pg_message(c, msg, sizeof msg);
	PQclear(res);
	if (PQstatus(c) == CONNECTION_BAD)
		bwm_fail(err, BWM_EAPI, "%s: journal %s: lost the PostgreSQL server (%s); what "
			 "was committed is kept: run the load again when the server is back",
			 j->path, what, msg);
	else
		bwm_fail(err, BWM_EINTERNAL, "%s: journal %s: %s", j->path, what, msg);
	return NULL;
}

PGresult *pg_query(struct journal *j, const char *sql, int n, const char *const *params,
		   const char *what, struct bwm_error *err)
{
	PGconn *c = PJ(j)->c;
	/* Without parameters, the simple protocol: sql may hold several statements. */
	PGresult *res = n == 0 ? PQexec(c, sql) : PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	return checked(j, res, what, err);
}

PGresult *pg_query_stmt(struct journal *j, enum pg_stmt id, const char *sql, int n,
			const char *const *params, const char *what, struct bwm_error *err)
{
	struct pg_journal *p = PJ(j);
	char name[16];
	snprintf(name, sizeof name, "bwm_q%d", (int)id);
	if (!(p->prepared & (1u << id))) {
		PGresult *res = checked(j, PQprepare(p->c, name, sql, n, NULL), what, err);
		if (res == NULL)
			return NULL;
		PQclear(res);
		p->prepared |= 1u << id;
	}
	return checked(j, PQexecPrepared(p->c, name, n, params, NULL, NULL, 0), what, err);
}

static int pg_exec(struct journal *j, const char *sql, int n, const char *const *params,
		   const char *what, struct bwm_error *err)
{
	PGresult *res = pg_query(j, sql, n, params, what, err);
	if (res == NULL)
		return err->status;
	PQclear(res);
	return BWM_OK;
}

/* Split migration=NAME out of the URL's query; the rest goes to libpq. */
static int split_migration(const char *where, struct strbuf *conninfo, char *name, size_t cap,
			   struct bwm_error *err, const char *shown)
{
	snprintf(name, cap, "default");
	strbuf_addstr(conninfo, where);
	char *q = strchr(conninfo->buf, '?');
	for (char *p = q ? q + 1 : NULL; p && *p;) {
		char *end = p + strcspn(p, "&");
		if (strncmp(p, "migration=", 10) != 0) {
			p = *end ? end + 1 : end;
			continue;
		}
		snprintf(name, cap, "%.*s", (int)(end - p - 10), p + 10);
		memmove(p, *end ? end + 1 : end, strlen(*end ? end + 1 : end) + 1);
		size_t len = strlen(conninfo->buf);
		while (len > 0 && (conninfo->buf[len - 1] == '&' || conninfo->buf[len - 1] == '?'))
			conninfo->buf[--len] = '\0';
		conninfo->len = len;
		break;
	}
	size_t len = strlen(name);
	int ok = len > 0 && len <= 40;
	for (char *p = name; ok && *p; p++) {
		if (*p == '-')
			*p = '_';
		*p = (char)tolower((unsigned char)*p);
		ok = isalnum((unsigned char)*p) || *p == '_';
	}
	if (!ok)
		return bwm_fail(err, BWM_EUSAGE, "%s: migration name '%s' must be 1 to 40 letters, "
				"digits, '-' or '_'", shown, name);
	return BWM_OK;
}

static int connect_server(struct journal *j, const char *conninfo, struct bwm_error *err)
{
	struct pg_journal *p = PJ(j);
	p->c = PQconnectdb(conninfo);
	if (p->c == NULL || PQstatus(p->c) != CONNECTION_OK) {
		char msg[512];
		pg_message(p->c, msg, sizeof msg);
		return bwm_fail(err, BWM_EAPI, "%s: cannot open the journal on the PostgreSQL "
				"server: %s; check that the server is up and that the role's "
				"password is in ~/.pgpass (or PGPASSFILE), never in the URL",
				j->path, msg);
	}
	PQsetNoticeProcessor(p->c, no_notices, NULL);
	return BWM_OK;
}

/* The schema's version, 0 when it has none yet; -1 on error. */
static int schema_version(struct journal *j, struct bwm_error *err)
{
	PGresult *res = pg_query(j, "SELECT v FROM meta WHERE k = 'schema_version'", 0, NULL,
				 "version", err);
	if (res == NULL)
		return -1;
	int v = PQntuples(res) == 1 ? atoi(PQgetvalue(res, 0, 0)) : 0;
	PQclear(res);
	return v;
}

/* Create or bring up to date the migration's schema, one creator at a
 * time (workers starting together). */
static int ensure_schema(struct journal *j, const char *name, struct bwm_error *err)
{
	struct pg_journal *p = PJ(j);
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "BEGIN; SELECT pg_advisory_xact_lock(hashtext('bwmigrate:%s'));"
		    "CREATE SCHEMA IF NOT EXISTS %s; SET search_path TO %s;"
		    "CREATE TABLE IF NOT EXISTS meta(k text PRIMARY KEY, v text NOT NULL);",
		    name, p->schema, p->schema);
	int rc = pg_exec(j, sql.buf, 0, NULL, "create", err);
	strbuf_free(&sql);
	int v = rc == BWM_OK ? schema_version(j, err) : -1;
	if (v < 0)
		rc = err->status;
	else if (v > SCHEMA_VERSION)
		rc = bwm_fail(err, BWM_EAPI, "%s: the journal's schema is version %d, newer than "
			      "this bwmigrate understands (%d); use the bwmigrate that wrote it "
			      "(nothing was changed)", j->path, v, SCHEMA_VERSION);
	for (int k = v; rc == BWM_OK && k < SCHEMA_VERSION; k++)
		rc = pg_exec(j, schema_steps[k], 0, NULL, "schema step", err);
	if (rc == BWM_OK && v < SCHEMA_VERSION) {
		char ver[16];
		snprintf(ver, sizeof ver, "%d", SCHEMA_VERSION);
		const char *params[] = { ver };
		rc = pg_exec(j, "INSERT INTO meta VALUES('schema_version', $1) ON CONFLICT(k) "
			     "DO UPDATE SET v = EXCLUDED.v", 1, params, "version", err);
	}
	if (rc == BWM_OK)
		return pg_exec(j, "COMMIT", 0, NULL, "commit", err);
	PQclear(PQexec(p->c, "ROLLBACK"));
	return rc;
}

static int open_readonly(struct journal *j, const char *name, struct bwm_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "SET search_path TO %s", PJ(j)->schema);
	int rc = pg_exec(j, sql.buf, 0, NULL, "open", err);
	strbuf_free(&sql);
	if (rc != BWM_OK)
		return rc;
	PGresult *res = PQexec(PJ(j)->c, "SELECT v FROM meta WHERE k = 'schema_version'");
	int v = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1
		? atoi(PQgetvalue(res, 0, 0)) : -1;
	PQclear(res);
	if (v < 0)
		return bwm_fail(err, BWM_EINPUT, "%s: no journal of migration '%s' on that server; "
				"give the --journal of a load", j->path, name);
	if (v > SCHEMA_VERSION)
		return bwm_fail(err, BWM_EAPI, "%s: the journal's schema is version %d, newer than "
				"this bwmigrate understands (%d); use the bwmigrate that wrote it",
				j->path, v, SCHEMA_VERSION);
	return BWM_OK;
}

static int register_worker(struct journal *j, struct bwm_error *err)
{
	char host[64] = "localhost", pid[24];
	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = '\0';
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	const char *params[] = { j->worker, host, pid };
	int rc = pg_exec(j, "INSERT INTO workers(id, host, pid) VALUES($1, $2, $3::int) "
			 "ON CONFLICT(id) DO UPDATE SET heartbeat = now(), finished = NULL",
			 3, params, "worker", err);
	PJ(j)->registered = rc == BWM_OK;
	return rc;
}

static int pg_open(struct journal *j, const char *where, int restart, int readonly,
		   struct bwm_error *err)
{
	struct pg_journal *p = xcalloc(1, sizeof *p);
	j->impl = p;
	j->shared = 1;
	p->readonly = readonly == 1;
	struct strbuf conninfo = STRBUF_INIT;
	char name[64];
	int rc = split_migration(where, &conninfo, name, sizeof name, err, j->path);
	if (rc == BWM_OK)
		rc = connect_server(j, conninfo.buf, err);
	strbuf_free(&conninfo);
	if (rc != BWM_OK)
		return rc;
	char ident[80];
	snprintf(ident, sizeof ident, "bwm_%s", name);
	char *q = PQescapeIdentifier(p->c, ident, strlen(ident));
	p->schema = xstrdup(q ? q : "bwm_default");
	PQfreemem(q);
	if (readonly == 1)
		return open_readonly(j, name, err);
	rc = ensure_schema(j, name, err);
	if (rc == BWM_OK && restart)
		rc = pg_exec(j, "TRUNCATE entries, events, workers, rate_buckets", 0, NULL,
			     "restart", err);
	if (rc == BWM_OK && readonly != JOURNAL_NO_WORKER)
		rc = register_worker(j, err);
	return rc;
}

static void pg_close(struct journal *j)
{
	struct pg_journal *p = PJ(j);
	if (p == NULL)
		return;
	if (p->c && p->registered && PQstatus(p->c) == CONNECTION_OK)
		pg_release(j);
	if (p->c)
		PQfinish(p->c);
	free(p->schema);
	free(p);
	j->impl = NULL;
}

static int pg_begin(struct journal *j, struct bwm_error *err)
{
	return pg_exec(j, "BEGIN", 0, NULL, "begin", err);
}

static int pg_commit(struct journal *j, struct bwm_error *err)
{
	return pg_exec(j, "COMMIT", 0, NULL, "commit", err);
}

static void pg_rollback(struct journal *j)
{
	PQclear(PQexec(PJ(j)->c, "ROLLBACK"));
}

static int pg_add(struct journal *j, const char *kind, const char *key, const char *batch,
		  const char *hash, struct bwm_error *err)
{
	const char *params[] = { kind, key, batch, hash };
	PGresult *res = pg_query_stmt(j, PG_ADD, "INSERT INTO entries(kind, key, batch, hash) "
				      "VALUES($1, $2, $3, $4) ON CONFLICT(kind, key) DO NOTHING",
				      4, params, "insert", err);
	if (res == NULL)
		return err->status;
	PQclear(res);
	return BWM_OK;
}

/* The update of the row and its event in one statement; a row another
 * live worker holds is left alone (no row comes back). */
static const char set_sql[] =
	"WITH u AS (UPDATE entries SET state = $3, attempts = $4::int, remote_id = $5,"
	" fields = $6, hash = COALESCE($7, hash), last_error = $8, retryable = $9::int,"
	" http_status = $10::int, updated = now(), batch = $11, worker = $12,"
	" lease_until = CASE WHEN $3 IN ('done', 'failed', 'skipped', 'rolled_back') THEN NULL"
	" ELSE lease_until END,"
	" chg = nextval('chg_seq')"
	" WHERE kind = $1 AND key = $2 AND (worker IS NULL OR worker = $12 OR lease_until IS NULL"
	" OR lease_until < now() OR state IN ('done', 'failed', 'skipped', 'rolled_back'))"
	" RETURNING kind)"
	" INSERT INTO events(kind, key, from_state, to_state, http_status, message, worker)"
	" SELECT $1, $2, $13, $3, $10::int, $14, $12 FROM u RETURNING 1";

static int pg_set(struct journal *j, const struct journal_row *r, int from, const char *msg,
		  struct bwm_error *err)
{
	char attempts[16], retryable[16], http[16];
	snprintf(attempts, sizeof attempts, "%d", r->attempts);
	snprintf(retryable, sizeof retryable, "%d", r->retryable);
	snprintf(http, sizeof http, "%d", r->http_status);
	const char *params[] = {
		r->kind, r->key, journal_state_name(r->state), attempts, r->remote_id, r->fields,
		r->hash, r->last_error, retryable, http, r->batch ? r->batch : "", j->worker,
		journal_state_name(from), msg,
	};
	PGresult *res = pg_query_stmt(j, PG_SET, set_sql, 14, params, "update", err);
	if (res == NULL)
		return err->status;
	int n = PQntuples(res);
	PQclear(res);
	if (n == 1)
		return BWM_OK;
	const char *key[] = { r->kind, r->key };
	res = pg_query(j, "SELECT 1 FROM entries WHERE kind = $1 AND key = $2", 2, key,
		       "read", err);
	if (res == NULL)
		return err->status;
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		return bwm_fail(err, BWM_EINTERNAL, "%s: journal has no entry %s:%s", j->path,
				r->kind, r->key);
	j->taken = 1;
	return BWM_OK;
}

static const char *val(PGresult *res, int i, int c)
{
	return PQgetisnull(res, i, c) ? NULL : PQgetvalue(res, i, c);
}

int pg_read_row(PGresult *res, int i, struct journal_row *r)
{
	memset(r, 0, sizeof *r);
	r->kind = val(res, i, 0);
	r->key = val(res, i, 1);
	r->batch = val(res, i, 2);
	r->state = journal_state_parse(val(res, i, 3));
	r->attempts = atoi(PQgetvalue(res, i, 4));
	r->remote_id = val(res, i, 5);
	r->fields = val(res, i, 6);
	r->hash = val(res, i, 7);
	r->last_error = val(res, i, 8);
	r->retryable = atoi(PQgetvalue(res, i, 9));
	r->http_status = atoi(PQgetvalue(res, i, 10));
	return r->state >= 0 ? 0 : -1;
}

/* Every row, in pages, so that a plan of a million entries is never one
 * result in memory. */
static int pg_each(struct journal *j, journal_row_fn fn, void *ctx, struct bwm_error *err)
{
	struct pg_journal *p = PJ(j);
	char last[24] = "0", stop = 0;
	int rc = BWM_OK;
	while (!stop && rc == BWM_OK) {
		const char *params[] = { last };
		PGresult *res = pg_query(j, "SELECT " PG_ROW_COLS ", seq FROM entries WHERE seq > "
					 "$1::bigint ORDER BY seq LIMIT 10000", 1, params, "read", err);
		if (res == NULL)
			return err->status;
		int n = PQntuples(res);
		for (int i = 0; i < n && !stop; i++) {
			struct journal_row r;
			if (pg_read_row(res, i, &r) != 0) {
				rc = bwm_fail(err, BWM_EINPUT, "%s: entry %s:%s has unknown state "
					      "'%s'", j->path, r.kind, r.key, PQgetvalue(res, i, 3));
				break;
			}
			long long chg = atoll(PQgetvalue(res, i, 11));
			if (chg > p->since)
				p->since = chg;
			stop = fn(&r, ctx) != 0;
		}
		if (n > 0)
			snprintf(last, sizeof last, "%s", PQgetvalue(res, n - 1, 12));
		stop = stop || n < 10000;
		PQclear(res);
	}
	return rc;
}

static int pg_each_event(struct journal *j, int (*fn)(const struct journal_event *e, void *ctx),
			 void *ctx, struct bwm_error *err)
{
	PGresult *res = pg_query(j, "SELECT to_char(ts AT TIME ZONE 'UTC', "
				 "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), kind, key, from_state, "
				 "to_state, coalesce(http_status, 0), message, worker FROM events "
				 "ORDER BY seq", 0, NULL, "read", err);
	if (res == NULL)
		return err->status;
	for (int i = 0; i < PQntuples(res); i++) {
		struct journal_event e = {
			.ts = val(res, i, 0), .kind = val(res, i, 1), .key = val(res, i, 2),
			.from_state = val(res, i, 3), .to_state = val(res, i, 4),
			.http_status = atoi(PQgetvalue(res, i, 5)), .message = val(res, i, 6),
			.worker = val(res, i, 7),
		};
		if (fn(&e, ctx) != 0)
			break;
	}
	PQclear(res);
	return BWM_OK;
}

static char *pg_remote_id(struct journal *j, const char *kind, const char *key)
{
	const char *params[] = { kind, key };
	PGresult *res = pg_query(j, "SELECT remote_id FROM entries WHERE kind = $1 AND key = $2",
				 2, params, "read", NULL);
	char *id = NULL;
	if (res && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		id = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return id;
}

static int pg_note(struct journal *j, const char *kind, const char *key, const char *msg,
		   struct bwm_error *err)
{
	const char *params[] = { kind, key, msg, j->worker };
	return pg_exec(j, "INSERT INTO events(kind, key, message, worker) VALUES($1, $2, $3, $4)",
		       4, params, "event", err);
}

const struct journal_backend journal_pg_backend = {
	.name = "postgresql",
	.atomic_set = 1,
	.open = pg_open,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.add = pg_add,
	.set = pg_set,
	.each = pg_each,
	.each_event = pg_each_event,
	.remote_id = pg_remote_id,
	.note = pg_note,
	.claim = pg_claim,
	.changes = pg_changes,
	.heartbeat = pg_heartbeat,
	.each_worker = pg_each_worker,
	.rate_take = pg_rate_take,
	.each_step = pg_each_step,
	.set_step = pg_set_step,
	.lock_batch = pg_lock_batch,
};
