/*
 * verify_store.c — verification results live in the journal's database,
 * beside the entries they judge, in a table of their own:
 *
 *   verified(kind, key, result, detail, ts)   one row per entry, replaced
 *   verify_pass(k, v)                         'open' = 1 while a pass runs
 *
 * so that a verify killed half way resumes where it stopped: entries the
 * interrupted pass found matching are not read again. A pass that ran to
 * its end is closed, and the next verify starts a new one that reads
 * everything (the org may have changed since); so does --again. The load
 * itself never reads these tables. A PostgreSQL journal keeps no results:
 * there every verify reads everything (docs/load.md).
 */
#include "load/verify.h"

#include <sqlite3.h>

#include "load/journal_backend.h"

#include <string.h>
#include <time.h>

static const char *const names[VR__COUNT] = {
	"none", "match", "mismatch", "missing", "unreadable", "action"
};

const char *verify_result_name(int r)
{
	return r >= 0 && r < VR__COUNT ? names[r] : "none";
}

static int result_of(const char *name)
{
	for (int k = 0; k < VR__COUNT; k++)
		if (name && strcmp(names[k], name) == 0)
			return k;
	return VR_NONE;
}

static int exec(struct verify *v, const char *sql, struct bwm_error *err)
{
	sqlite3 *db = journal_sqlite_handle(&v->r.j);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return BWM_OK;
	return bwm_fail(err, BWM_EINTERNAL, "%s: cannot keep verification results: %s",
			v->r.j.path, sqlite3_errmsg(db));
}

/* 1 when an earlier pass was interrupted. */
static int pass_open(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int open = 0;
	if (sqlite3_prepare_v2(db, "SELECT v FROM verify_pass WHERE k = 'open'", -1, &st, NULL)
	    == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		open = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return open;
}

int verify_store_close_pass(struct verify *v, struct bwm_error *err)
{
	if (journal_sqlite_handle(&v->r.j) == NULL)
		return BWM_OK;
	return exec(v, "INSERT OR REPLACE INTO verify_pass(k, v) VALUES('open', 0)", err);
}

int verify_store_open(struct verify *v, struct bwm_error *err)
{
	sqlite3 *db = journal_sqlite_handle(&v->r.j);
	if (db == NULL)
		return BWM_OK;
	int rc = exec(v, "CREATE TABLE IF NOT EXISTS verified(kind TEXT NOT NULL, "
		      "key TEXT NOT NULL, result TEXT NOT NULL, detail TEXT, ts TEXT NOT NULL, "
		      "PRIMARY KEY(kind, key));"
		      "CREATE TABLE IF NOT EXISTS verify_pass(k TEXT PRIMARY KEY, v INTEGER)", err);
	if (rc == BWM_OK && (v->again || !pass_open(db)))
		rc = exec(v, "DELETE FROM verified", err);
	if (rc == BWM_OK)
		rc = exec(v, "INSERT OR REPLACE INTO verify_pass(k, v) VALUES('open', 1)", err);
	if (rc != BWM_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT kind, key, result FROM verified", -1, &st, NULL)
	    != SQLITE_OK)
		return bwm_fail(err, BWM_EINTERNAL, "%s: %s", v->r.j.path, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct strbuf id = STRBUF_INIT;
		strbuf_addf(&id, "%s:%s", (const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1));
		long i = plan_find(&v->r.plan, id.buf);
		strbuf_free(&id);
		if (i >= 0)
			v->result[i] = (unsigned char)result_of((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return BWM_OK;
}

int verify_store_put(struct verify *v, size_t i, int result, const char *detail)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3 *db = journal_sqlite_handle(&v->r.j);
	if (db == NULL)
		return BWM_OK;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO verified(kind, key, "
				    "result, detail, ts) VALUES(?1, ?2, ?3, ?4, ?5)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, v->r.plan.v[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, v->r.plan.v[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, verify_result_name(result), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, detail, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, ts, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? BWM_OK : BWM_EINTERNAL;
}
