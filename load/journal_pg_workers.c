/*
 * journal_pg_workers.c — what several load workers on one PostgreSQL
 * journal share (see journal.h): claims with leases, the changes other
 * workers made, heartbeats, and one token bucket per API origin so that
 * their --rate is one budget.
 *
 * A claim takes rows with SELECT … FOR UPDATE SKIP LOCKED, so two workers
 * asking for the same entries at the same instant each get a disjoint
 * part and never wait for each other; the row then names its worker and a
 * lease. Rows finished (done, failed, skipped, rolled back) are never
 * claimed; rows another worker holds are claimed only once its lease has
 * passed (the worker stopped renewing it: killed, or its host lost).
 */
#include "load/journal_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

char *pg_text_array(size_t n, const char *const *v)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '{');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(&sb, ',');
		strbuf_addch(&sb, '"');
		for (const char *p = v[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_addch(&sb, '\\');
			strbuf_addch(&sb, *p);
		}
		strbuf_addch(&sb, '"');
	}
	strbuf_addch(&sb, '}');
	return strbuf_detach(&sb);
}

static const char claim_sql[] =
	"WITH want AS (SELECT * FROM unnest($2::text[], $3::text[]) AS w(kind, key)),"
	" c AS (SELECT e.seq FROM entries e JOIN want w ON e.kind = w.kind AND e.key = w.key"
	"  WHERE e.state IN ('pending', 'in_flight', 'accepted')"
	"  AND (e.worker IS NULL OR e.worker = $1 OR e.lease_until IS NULL OR e.lease_until < now())"
	"  FOR UPDATE OF e SKIP LOCKED)"
	" UPDATE entries e SET worker = $1, lease_until = now() + make_interval(secs => $4::int),"
	" chg = nextval('chg_seq') FROM c WHERE e.seq = c.seq RETURNING "
	"e.kind, e.key, e.batch, e.state, e.attempts, e.remote_id, e.fields, e.hash,"
	" e.last_error, e.retryable, e.http_status, e.chg";

int pg_claim(struct journal *j, size_t n, const char *const *kinds, const char *const *keys,
	     journal_row_fn fn, void *ctx, struct bwm_error *err)
{
	char *ak = pg_text_array(n, kinds), *ay = pg_text_array(n, keys), lease[16];
	snprintf(lease, sizeof lease, "%d", j->lease_s);
	const char *params[] = { j->worker, ak, ay, lease };
	PGresult *res = pg_query_stmt(j, PG_CLAIM, claim_sql, 4, params, "claim", err);
	free(ak);
	free(ay);
	if (res == NULL)
		return err->status;
	for (int i = 0; i < PQntuples(res); i++) {
		struct journal_row r;
		if (pg_read_row(res, i, &r) == 0 && fn(&r, ctx) != 0)
			break;
	}
	PQclear(res);
	return BWM_OK;
}

int pg_changes(struct journal *j, int full, journal_row_fn fn, void *ctx,
	       struct bwm_error *err)
{
	struct pg_journal *p = PJ(j);
	char since[24];
	snprintf(since, sizeof since, "%lld", full ? 0LL : p->since);
	const char *params[] = { j->worker, since };
	PGresult *res = pg_query_stmt(j, PG_CHANGES, "SELECT " PG_ROW_COLS ", (worker IS NOT NULL "
				      "AND worker <> $1 AND lease_until IS NOT NULL AND lease_until > "
				      "now()) FROM entries WHERE (chg > $2::bigint AND worker IS "
				      "DISTINCT FROM $1) OR (state IN ('pending', 'in_flight', "
				      "'accepted') AND worker <> $1 AND lease_until < now()) ORDER BY "
				      "chg", 2, params, "read", err);
	if (res == NULL)
		return err->status;
	for (int i = 0; i < PQntuples(res); i++) {
		struct journal_row r;
		if (pg_read_row(res, i, &r) != 0)
			continue;
		r.held = PQgetvalue(res, i, 12)[0] == 't';
		long long chg = atoll(PQgetvalue(res, i, 11));
		if (chg > p->since)
			p->since = chg;
		if (fn(&r, ctx) != 0)
			break;
	}
	PQclear(res);
	return BWM_OK;
}

int pg_heartbeat(struct journal *j, long done, double learned_rate, struct bwm_error *err)
{
	char lease[16], d[24], rate[32];
	snprintf(lease, sizeof lease, "%d", j->lease_s);
	snprintf(d, sizeof d, "%ld", done);
	snprintf(rate, sizeof rate, "%.3f", learned_rate);
	const char *p1[] = { j->worker, lease };
	PGresult *res = pg_query(j, "UPDATE entries SET lease_until = now() + "
				 "make_interval(secs => $2::int) WHERE worker = $1 AND lease_until "
				 "IS NOT NULL AND state IN ('pending', 'in_flight', 'accepted')",
				 2, p1, "lease", err);
	if (res == NULL)
		return err->status;
	PQclear(res);
	const char *p2[] = { j->worker, d, rate };
	res = pg_query(j, "UPDATE workers SET heartbeat = now(), done = $2::bigint, "
		       "learned = $3::float8 WHERE id = $1", 3, p2, "heartbeat", err);
	if (res == NULL)
		return err->status;
	PQclear(res);
	return BWM_OK;
}

/* A worker that stops cleanly gives its leases back at once. */
void pg_release(struct journal *j)
{
	const char *params[] = { j->worker };
	PQclear(pg_query(j, "UPDATE entries SET lease_until = NULL, chg = nextval('chg_seq') "
			 "WHERE worker = $1 AND lease_until IS NOT NULL", 1, params, "release", NULL));
	PQclear(pg_query(j, "UPDATE workers SET finished = now(), heartbeat = now() WHERE "
			 "id = $1", 1, params, "release", NULL));
}

int pg_each_worker(struct journal *j, int (*fn)(const struct journal_worker *w, void *ctx),
		   void *ctx, struct bwm_error *err)
{
	const char *iso = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "SELECT id, host, pid, to_char(started AT TIME ZONE 'UTC', %s), "
		    "to_char(heartbeat AT TIME ZONE 'UTC', %s), (SELECT count(*) FROM entries e WHERE "
		    "e.worker = w.id AND e.state = 'done'), learned, "
		    "finished IS NOT NULL, EXTRACT(EPOCH FROM now() - heartbeat) FROM workers "
		    "w ORDER BY started, id", iso, iso);
	PGresult *res = pg_query(j, sql.buf, 0, NULL, "read", err);
	strbuf_free(&sql);
	if (res == NULL)
		return err->status;
	for (int i = 0; i < PQntuples(res); i++) {
		struct journal_worker w = {
			.id = PQgetvalue(res, i, 0), .host = PQgetvalue(res, i, 1),
			.pid = atol(PQgetvalue(res, i, 2)), .started = PQgetvalue(res, i, 3),
			.heartbeat = PQgetvalue(res, i, 4), .done = atol(PQgetvalue(res, i, 5)),
			.learned_rate = atof(PQgetvalue(res, i, 6)),
			.finished = PQgetvalue(res, i, 7)[0] == 't',
			.silent_s = atof(PQgetvalue(res, i, 8)),
		};
		if (fn(&w, ctx) != 0)
			break;
	}
	PQclear(res);
	return BWM_OK;
}

/* The bucket refills at rate per second up to burst; a grant takes whole
 * tokens. One statement under the row's lock, so grants never overlap. */
static const char take_sql[] =
	"WITH b AS (SELECT origin, clock_timestamp() AS t, $2::float8 AS r,"
	"  LEAST($3::float8, tokens + EXTRACT(EPOCH FROM clock_timestamp() - refilled) * $2::float8)"
	"  AS avail FROM rate_buckets WHERE origin = $1 FOR UPDATE),"
	" g AS (SELECT origin, t, r, avail, GREATEST(0, LEAST($4::int, floor(avail)))::int AS n"
	"  FROM b)"
	" UPDATE rate_buckets x SET tokens = g.avail - g.n, refilled = g.t, rate = g.r,"
	" burst = $3::float8 FROM g WHERE x.origin = g.origin"
	" RETURNING g.n, g.avail - g.n, g.r";

int pg_rate_take(struct journal *j, const char *origin, double rate, double burst, int want,
		 int *granted, double *wait_ms, struct bwm_error *err)
{
	struct pg_journal *p = PJ(j);
	char r[32], b[32], w[16];
	snprintf(r, sizeof r, "%.6f", rate);
	snprintf(b, sizeof b, "%.6f", burst < 1 ? 1 : burst);
	snprintf(w, sizeof w, "%d", want);
	const char *params[] = { origin, r, b, w };
	if (!p->bucket_ready) {
		PGresult *res = pg_query(j, "INSERT INTO rate_buckets(origin, rate, burst, tokens, "
					 "refilled) VALUES($1, $2::float8, $3::float8, 0, "
					 "clock_timestamp()) ON CONFLICT(origin) DO NOTHING", 3,
					 params, "rate", err);
		if (res == NULL)
			return err->status;
		PQclear(res);
		p->bucket_ready = 1;
	}
	PGresult *res = pg_query_stmt(j, PG_TAKE, take_sql, 4, params, "rate", err);
	if (res == NULL)
		return err->status;
	*granted = 0;
	*wait_ms = 1000.0 / (rate > 0 ? rate : 1);
	if (PQntuples(res) == 1) {
		*granted = atoi(PQgetvalue(res, 0, 0));
		double left = atof(PQgetvalue(res, 0, 1));
		*wait_ms = left >= 1 ? 0 : (1.0 - left) * 1000.0 / (rate > 0 ? rate : 1);
	}
	PQclear(res);
	return BWM_OK;
}
