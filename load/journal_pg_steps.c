/*
 * journal_pg_steps.c — the cutover's records on a shared PostgreSQL journal
 * (see journal.h): table cutover_steps of the migration's schema (schema
 * version 2), and the lock that keeps two cutovers of one wave apart on
 * every host: a session advisory lock on the schema and the wave, released
 * when the connection closes (also when the process is killed).
 */
#include "load/journal_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

int pg_each_step(struct journal *j, const char *batch,
		 int (*fn)(const struct journal_step *s, void *ctx), void *ctx,
		 struct bwm_error *err)
{
	const char *params[] = { batch };
	PGresult *res = pg_query(j, "SELECT step, status, exit, runs, seconds, started, finished,"
				 " summary FROM cutover_steps WHERE batch = $1 ORDER BY step", 1,
				 params, "read steps", err);
	if (res == NULL)
		return err->status;
	for (int i = 0; i < PQntuples(res); i++) {
		struct journal_step s = {
			.batch = batch, .step = PQgetvalue(res, i, 0), .status = PQgetvalue(res, i, 1),
			.exit = atoi(PQgetvalue(res, i, 2)), .runs = atoi(PQgetvalue(res, i, 3)),
			.seconds = atof(PQgetvalue(res, i, 4)), .started = PQgetvalue(res, i, 5),
			.finished = PQgetvalue(res, i, 6), .summary = PQgetvalue(res, i, 7),
		};
		if (fn(&s, ctx) != 0)
			break;
	}
	PQclear(res);
	return BWM_OK;
}

int pg_set_step(struct journal *j, const struct journal_step *s, struct bwm_error *err)
{
	char ex[16], runs[16], secs[32];
	snprintf(ex, sizeof ex, "%d", s->exit);
	snprintf(runs, sizeof runs, "%d", s->runs);
	snprintf(secs, sizeof secs, "%.3f", s->seconds);
	const char *params[] = { s->batch, s->step, s->status, ex, runs, secs, s->started,
				 s->finished, s->summary };
	PGresult *res = pg_query(j, "INSERT INTO cutover_steps(batch, step, status, exit, runs,"
				 " seconds, started, finished, summary) VALUES($1, $2, $3, $4::int,"
				 " $5::int, $6::double precision, $7, $8, $9) ON CONFLICT(batch, step)"
				 " DO UPDATE SET status = EXCLUDED.status, exit = EXCLUDED.exit,"
				 " runs = EXCLUDED.runs, seconds = EXCLUDED.seconds,"
				 " started = EXCLUDED.started, finished = EXCLUDED.finished,"
				 " summary = EXCLUDED.summary", 9, params, "cutover step", err);
	if (res == NULL)
		return err->status;
	PQclear(res);
	return BWM_OK;
}

int pg_lock_batch(struct journal *j, const char *batch, struct bwm_error *err)
{
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "bwmigrate-cutover:%s:%s", PJ(j)->schema, batch);
	const char *params[] = { key.buf };
	PGresult *res = pg_query(j, "SELECT pg_try_advisory_lock(hashtext($1))", 1, params,
				 "cutover lock", err);
	strbuf_free(&key);
	if (res == NULL)
		return err->status;
	int got = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!got)
		return bwm_fail(err, BWM_EUSAGE, "%s: another cutover of wave %s is running on this "
				"journal; wait for it to finish (or stop it) first", j->path, batch);
	return BWM_OK;
}
