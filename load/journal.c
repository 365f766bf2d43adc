/*
 * journal.c — the SQLite journal (see journal.h for states and rules).
 *
 * Durability: WAL with synchronous=NORMAL survives a killed process (the
 * case that matters for kill -9 and resume); a power loss may lose the last
 * few commits, which the crash rule (look up before re-sending) covers too.
 */
#include "load/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/strbuf.h"

static const char *const state_names[JS__COUNT] = {
	"pending", "in_flight", "accepted", "done", "failed", "skipped", "rolled_back"
};

const char *journal_state_name(int state)
{
	return state >= 0 && state < JS__COUNT ? state_names[state] : "?";
}

int journal_state_parse(const char *name)
{
	for (int s = 0; s < JS__COUNT; s++)
		if (name && strcmp(name, state_names[s]) == 0)
			return s;
	return -1;
}

int journal_transition_ok(int from, int to)
{
	/* Rows: from; bits: allowed to. */
#define B(s) (1u << (s))
	static const unsigned allowed[JS__COUNT] = {
		[JS_PENDING] = B(JS_IN_FLIGHT) | B(JS_SKIPPED) | B(JS_FAILED) | B(JS_PENDING),
		[JS_IN_FLIGHT] = B(JS_IN_FLIGHT) | B(JS_ACCEPTED) | B(JS_DONE) | B(JS_FAILED) |
				 B(JS_PENDING),
		[JS_ACCEPTED] = B(JS_ACCEPTED) | B(JS_DONE) | B(JS_FAILED) | B(JS_IN_FLIGHT) |
				B(JS_ROLLED_BACK),
		[JS_DONE] = B(JS_ROLLED_BACK) | B(JS_DONE),
		[JS_FAILED] = B(JS_PENDING) | B(JS_SKIPPED) | B(JS_FAILED),
		[JS_SKIPPED] = B(JS_PENDING) | B(JS_SKIPPED),
		[JS_ROLLED_BACK] = B(JS_PENDING) | B(JS_ROLLED_BACK),
	};
#undef B
	if (from < 0 || from >= JS__COUNT || to < 0 || to >= JS__COUNT)
		return 0;
	return (allowed[from] >> to) & 1u;
}

static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=NORMAL;"
	"CREATE TABLE IF NOT EXISTS entries("
	" seq INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL, key TEXT NOT NULL, batch TEXT NOT NULL DEFAULT '',"
	" state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
	" remote_id TEXT, fields TEXT, hash TEXT, last_error TEXT,"
	" retryable INTEGER NOT NULL DEFAULT 0, http_status INTEGER NOT NULL DEFAULT 0,"
	" updated TEXT NOT NULL, UNIQUE(kind, key));"
	"CREATE TABLE IF NOT EXISTS events("
	" seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, kind TEXT, key TEXT,"
	" from_state TEXT, to_state TEXT, http_status INTEGER, message TEXT);";

static int db_fail(struct journal *j, struct bwm_error *err, const char *what)
{
	return bwm_fail(err, BWM_EINTERNAL, "%s: journal %s: %s; is the disk full or the "
			"file damaged?", j->path, what, sqlite3_errmsg(j->db));
}

/* ISO 8601 UTC with milliseconds; the events table is a timeline. */
static void now_iso(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000L);
}

static int take_lock(struct journal *j, struct bwm_error *err)
{
	j->lock_fd = open(j->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (j->lock_fd < 0)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot open the journal: %s", j->path,
				strerror(errno));
	if (flock(j->lock_fd, LOCK_EX | LOCK_NB) != 0)
		return bwm_fail(err, BWM_EUSAGE, "%s: another load, rollback or verify is using this "
				"journal; wait for it to finish (or stop it) first", j->path);
	return BWM_OK;
}

static int prepare(struct journal *j, struct bwm_error *err)
{
	if (sqlite3_prepare_v2(j->db, "UPDATE entries SET state=?3, attempts=?4, remote_id=?5,"
			       " fields=?6, hash=?7, last_error=?8, retryable=?9,"
			       " http_status=?10, updated=?11, batch=?12 WHERE kind=?1 AND key=?2",
			       -1, &j->upd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(j->db, "INSERT OR IGNORE INTO entries(kind,key,batch,hash,updated)"
			       " VALUES(?1,?2,?3,?4,?5)", -1, &j->ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(j->db, "INSERT INTO events(ts,kind,key,from_state,to_state,"
			       "http_status,message) VALUES(?1,?2,?3,?4,?5,?6,?7)",
			       -1, &j->ev, NULL) != SQLITE_OK)
		return db_fail(j, err, "prepare");
	return BWM_OK;
}

int journal_open(struct journal *j, const char *path, int restart, int readonly,
		 struct bwm_error *err)
{
	memset(j, 0, sizeof *j);
	j->lock_fd = -1;
	j->path = xstrdup(path);
	int rc = BWM_OK;
	if (readonly) {
		if (sqlite3_open_v2(path, &j->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
			rc = bwm_fail(err, BWM_EINPUT, "%s: cannot open the journal: %s", path,
				      j->db ? sqlite3_errmsg(j->db) : "out of memory");
			goto out;
		}
		sqlite3_busy_timeout(j->db, 5000);
		goto out;
	}
	mode_t old = umask(077);
	rc = take_lock(j, err);
	umask(old);
	if (rc != BWM_OK)
		goto out;
	fchmod(j->lock_fd, 0600);
	if (sqlite3_open_v2(path, &j->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		rc = bwm_fail(err, BWM_EINPUT, "%s: cannot open the journal: %s", path,
			      j->db ? sqlite3_errmsg(j->db) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(j->db, 5000);
	if (sqlite3_exec(j->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		rc = bwm_fail(err, BWM_EINPUT, "%s: not a bwmigrate journal (%s); choose another "
			      "--journal file", path, sqlite3_errmsg(j->db));
		goto out;
	}
	if (restart && sqlite3_exec(j->db, "DELETE FROM entries; DELETE FROM events;",
				    NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_fail(j, err, "restart");
		goto out;
	}
	rc = prepare(j, err);
out:
	if (rc != BWM_OK)
		journal_close(j);
	return rc;
}

void journal_close(struct journal *j)
{
	sqlite3_finalize(j->upd);
	sqlite3_finalize(j->ins);
	sqlite3_finalize(j->ev);
	if (j->db)
		sqlite3_close(j->db);
	if (j->lock_fd >= 0)
		close(j->lock_fd);   /* releases the flock */
	free(j->path);
	memset(j, 0, sizeof *j);
	j->lock_fd = -1;
}

int journal_begin(struct journal *j, struct bwm_error *err)
{
	if (sqlite3_exec(j->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(j, err, "begin");
	j->in_tx = 1;
	return BWM_OK;
}

int journal_commit(struct journal *j, struct bwm_error *err)
{
	j->in_tx = 0;
	if (sqlite3_exec(j->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(j, err, "commit");
	return BWM_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int journal_add(struct journal *j, const char *kind, const char *key, const char *batch,
		const char *hash, struct bwm_error *err)
{
	char ts[32];
	now_iso(ts);
	sqlite3_reset(j->ins);
	bind_text(j->ins, 1, kind);
	bind_text(j->ins, 2, key);
	bind_text(j->ins, 3, batch ? batch : "");
	bind_text(j->ins, 4, hash);
	bind_text(j->ins, 5, ts);
	if (sqlite3_step(j->ins) != SQLITE_DONE)
		return db_fail(j, err, "insert");
	return BWM_OK;
}

static int add_event(struct journal *j, const char *ts, const char *kind, const char *key,
		     const char *from, const char *to, int http, const char *msg,
		     struct bwm_error *err)
{
	sqlite3_reset(j->ev);
	bind_text(j->ev, 1, ts);
	bind_text(j->ev, 2, kind);
	bind_text(j->ev, 3, key);
	bind_text(j->ev, 4, from);
	bind_text(j->ev, 5, to);
	sqlite3_bind_int(j->ev, 6, http);
	bind_text(j->ev, 7, msg);
	if (sqlite3_step(j->ev) != SQLITE_DONE)
		return db_fail(j, err, "event");
	return BWM_OK;
}

int journal_note(struct journal *j, const char *kind, const char *key, const char *msg,
		 struct bwm_error *err)
{
	char ts[32];
	now_iso(ts);
	return add_event(j, ts, kind, key, NULL, NULL, 0, msg, err);
}

static int update_row(struct journal *j, const struct journal_row *r, const char *ts,
		      struct bwm_error *err)
{
	sqlite3_stmt *st = j->upd;
	sqlite3_reset(st);
	bind_text(st, 1, r->kind);
	bind_text(st, 2, r->key);
	bind_text(st, 3, journal_state_name(r->state));
	sqlite3_bind_int(st, 4, r->attempts);
	bind_text(st, 5, r->remote_id);
	bind_text(st, 6, r->fields);
	bind_text(st, 7, r->hash);
	bind_text(st, 8, r->last_error);
	sqlite3_bind_int(st, 9, r->retryable);
	sqlite3_bind_int(st, 10, r->http_status);
	bind_text(st, 11, ts);
	bind_text(st, 12, r->batch ? r->batch : "");
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail(j, err, "update");
	if (sqlite3_changes(j->db) != 1)
		return bwm_fail(err, BWM_EINTERNAL, "%s: journal has no entry %s:%s", j->path,
				r->kind, r->key);
	return BWM_OK;
}

int journal_set(struct journal *j, const struct journal_row *r, int from, const char *msg,
		struct bwm_error *err)
{
	if (!journal_transition_ok(from, r->state))
		return bwm_fail(err, BWM_EINTERNAL, "%s: %s:%s cannot move from %s to %s "
				"(internal error; please report it)", j->path, r->kind, r->key,
				journal_state_name(from), journal_state_name(r->state));
	char ts[32];
	now_iso(ts);
	int own = !j->in_tx;
	if (own && sqlite3_exec(j->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(j, err, "begin");
	int rc = update_row(j, r, ts, err);
	if (rc == BWM_OK)
		rc = add_event(j, ts, r->kind, r->key, journal_state_name(from),
			       journal_state_name(r->state), r->http_status, msg, err);
	if (own) {
		if (rc == BWM_OK && sqlite3_exec(j->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			rc = db_fail(j, err, "commit");
		if (rc != BWM_OK)
			sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
	}
	return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int journal_each(struct journal *j, int (*fn)(const struct journal_row *r, void *ctx),
		 void *ctx, struct bwm_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(j->db, "SELECT kind,key,batch,state,attempts,remote_id,fields,"
			       "hash,last_error,retryable,http_status FROM entries ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return bwm_fail(err, BWM_EINPUT, "%s: not a bwmigrate journal: %s", j->path,
				sqlite3_errmsg(j->db));
	int rc = BWM_OK, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct journal_row r = {
			.kind = col(st, 0), .key = col(st, 1), .batch = col(st, 2),
			.state = journal_state_parse(col(st, 3)),
			.attempts = sqlite3_column_int(st, 4), .remote_id = col(st, 5),
			.fields = col(st, 6), .hash = col(st, 7), .last_error = col(st, 8),
			.retryable = sqlite3_column_int(st, 9),
			.http_status = sqlite3_column_int(st, 10),
		};
		if (r.state < 0) {
			rc = bwm_fail(err, BWM_EINPUT, "%s: entry %s:%s has unknown state '%s'",
				      j->path, r.kind, r.key, col(st, 3));
			break;
		}
		if (fn(&r, ctx) != 0)
			break;
	}
	if (rc == BWM_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = db_fail(j, err, "read");
	sqlite3_finalize(st);
	return rc;
}
