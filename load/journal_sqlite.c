/*
 * journal_sqlite.c — the SQLite journal, the embedded default (see
 * journal.h for states and rules): one file per migration, locked with
 * flock by the one process that loads it, so claims are trivially its own.
 *
 * Durability: WAL with synchronous=NORMAL survives a killed process (the
 * case that matters for kill -9 and resume); a power loss may lose the last
 * few commits, which the crash rule (look up before re-sending) covers too.
 */
#include "load/journal_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/strbuf.h"

/* journal.impl of a SQLite journal. */
struct sqlite_journal {
	sqlite3 *db;
	int lock_fd;           /* flock'ed descriptor of the file, -1 none */
	sqlite3_stmt *upd;     /* prepared UPDATE of one entry */
	sqlite3_stmt *ins;     /* prepared INSERT OR IGNORE of a new entry */
	sqlite3_stmt *ev;      /* prepared INSERT of an event */
	sqlite3_stmt *rid;     /* SELECT of one remote id, prepared on first use */
};

#define SJ(j) ((struct sqlite_journal *)(j)->impl)

void *journal_sqlite_handle(const struct journal *j)
{
	return j->be == &journal_sqlite_backend ? SJ(j)->db : NULL;
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
			"file damaged?", j->path, what, sqlite3_errmsg(SJ(j)->db));
}

static int take_lock(struct journal *j, const char *path, struct bwm_error *err)
{
	struct sqlite_journal *s = SJ(j);
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lock_fd < 0)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot open the journal: %s", path,
				strerror(errno));
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0)
		return bwm_fail(err, BWM_EUSAGE, "%s: another load, rollback or verify is using this "
				"journal; wait for it to finish (or stop it) first", path);
	return BWM_OK;
}

static int prepare(struct journal *j, struct bwm_error *err)
{
	struct sqlite_journal *s = SJ(j);
	if (sqlite3_prepare_v2(s->db, "UPDATE entries SET state=?3, attempts=?4, remote_id=?5,"
			       " fields=?6, hash=COALESCE(?7, hash), last_error=?8, retryable=?9,"
			       " http_status=?10, updated=?11, batch=?12 WHERE kind=?1 AND key=?2",
			       -1, &s->upd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO entries(kind,key,batch,hash,updated)"
			       " VALUES(?1,?2,?3,?4,?5)", -1, &s->ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO events(ts,kind,key,from_state,to_state,"
			       "http_status,message) VALUES(?1,?2,?3,?4,?5,?6,?7)",
			       -1, &s->ev, NULL) != SQLITE_OK)
		return db_fail(j, err, "prepare");
	return BWM_OK;
}

static int sq_open(struct journal *j, const char *path, int restart, int readonly,
		   struct bwm_error *err)
{
	struct sqlite_journal *s = xcalloc(1, sizeof *s);
	s->lock_fd = -1;
	j->impl = s;
	if (readonly) {
		if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
			return bwm_fail(err, BWM_EINPUT, "%s: cannot open the journal: %s", path,
					s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_busy_timeout(s->db, 5000);
		return BWM_OK;
	}
	mode_t old = umask(077);
	int rc = take_lock(j, path, err);
	umask(old);
	if (rc != BWM_OK)
		return rc;
	fchmod(s->lock_fd, 0600);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot open the journal: %s", path,
				s->db ? sqlite3_errmsg(s->db) : "out of memory");
	sqlite3_busy_timeout(s->db, 5000);
	if (sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK)
		return bwm_fail(err, BWM_EINPUT, "%s: not a bwmigrate journal (%s); choose another "
				"--journal file", path, sqlite3_errmsg(s->db));
	if (restart && sqlite3_exec(s->db, "DELETE FROM entries; DELETE FROM events;",
				    NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(j, err, "restart");
	return prepare(j, err);
}

static void sq_close(struct journal *j)
{
	struct sqlite_journal *s = SJ(j);
	if (s == NULL)
		return;
	sqlite3_finalize(s->upd);
	sqlite3_finalize(s->ins);
	sqlite3_finalize(s->ev);
	sqlite3_finalize(s->rid);
	if (s->db)
		sqlite3_close(s->db);
	if (s->lock_fd >= 0)
		close(s->lock_fd);   /* releases the flock */
	free(s);
	j->impl = NULL;
}

static int sq_begin(struct journal *j, struct bwm_error *err)
{
	if (sqlite3_exec(SJ(j)->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(j, err, "begin");
	return BWM_OK;
}

static int sq_commit(struct journal *j, struct bwm_error *err)
{
	if (sqlite3_exec(SJ(j)->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(j, err, "commit");
	return BWM_OK;
}

static void sq_rollback(struct journal *j)
{
	sqlite3_exec(SJ(j)->db, "ROLLBACK", NULL, NULL, NULL);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int sq_add(struct journal *j, const char *kind, const char *key, const char *batch,
		  const char *hash, struct bwm_error *err)
{
	sqlite3_stmt *st = SJ(j)->ins;
	char ts[32];
	journal_now_iso(ts);
	sqlite3_reset(st);
	bind_text(st, 1, kind);
	bind_text(st, 2, key);
	bind_text(st, 3, batch);
	bind_text(st, 4, hash);
	bind_text(st, 5, ts);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail(j, err, "insert");
	return BWM_OK;
}

static int add_event(struct journal *j, const char *ts, const char *kind, const char *key,
		     const char *from, const char *to, int http, const char *msg,
		     struct bwm_error *err)
{
	sqlite3_stmt *st = SJ(j)->ev;
	sqlite3_reset(st);
	bind_text(st, 1, ts);
	bind_text(st, 2, kind);
	bind_text(st, 3, key);
	bind_text(st, 4, from);
	bind_text(st, 5, to);
	sqlite3_bind_int(st, 6, http);
	bind_text(st, 7, msg);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail(j, err, "event");
	return BWM_OK;
}

static int sq_note(struct journal *j, const char *kind, const char *key, const char *msg,
		   struct bwm_error *err)
{
	char ts[32];
	journal_now_iso(ts);
	return add_event(j, ts, kind, key, NULL, NULL, 0, msg, err);
}

static int update_row(struct journal *j, const struct journal_row *r, const char *ts,
		      struct bwm_error *err)
{
	sqlite3_stmt *st = SJ(j)->upd;
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
	if (sqlite3_changes(SJ(j)->db) != 1)
		return bwm_fail(err, BWM_EINTERNAL, "%s: journal has no entry %s:%s", j->path,
				r->kind, r->key);
	return BWM_OK;
}

static int sq_set(struct journal *j, const struct journal_row *r, int from, const char *msg,
		  struct bwm_error *err)
{
	char ts[32];
	journal_now_iso(ts);
	int rc = update_row(j, r, ts, err);
	if (rc == BWM_OK)
		rc = add_event(j, ts, r->kind, r->key, journal_state_name(from),
			       journal_state_name(r->state), r->http_status, msg, err);
	return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int sq_each(struct journal *j, journal_row_fn fn, void *ctx, struct bwm_error *err)
{
	sqlite3 *db = SJ(j)->db;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT kind,key,batch,state,attempts,remote_id,fields,"
			       "hash,last_error,retryable,http_status FROM entries ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return bwm_fail(err, BWM_EINPUT, "%s: not a bwmigrate journal: %s", j->path,
				sqlite3_errmsg(db));
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

static int sq_each_event(struct journal *j, int (*fn)(const struct journal_event *e, void *ctx),
			 void *ctx, struct bwm_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(SJ(j)->db, "SELECT ts,kind,key,from_state,to_state,http_status,"
			       "message FROM events ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return db_fail(j, err, "read");
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct journal_event e = {
			.ts = col(st, 0), .kind = col(st, 1), .key = col(st, 2),
			.from_state = col(st, 3), .to_state = col(st, 4),
			.http_status = sqlite3_column_int(st, 5), .message = col(st, 6),
		};
		if (fn(&e, ctx) != 0)
			break;
	}
	sqlite3_finalize(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? BWM_OK : db_fail(j, err, "read");
}

static char *sq_remote_id(struct journal *j, const char *kind, const char *key)
{
	struct sqlite_journal *s = SJ(j);
	if (s->rid == NULL &&
	    sqlite3_prepare_v2(s->db, "SELECT remote_id FROM entries WHERE kind=?1 AND key=?2",
			       -1, &s->rid, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_reset(s->rid);
	bind_text(s->rid, 1, kind);
	bind_text(s->rid, 2, key);
	char *id = NULL;
	if (sqlite3_step(s->rid) == SQLITE_ROW && col(s->rid, 0) != NULL)
		id = xstrdup(col(s->rid, 0));
	sqlite3_reset(s->rid);
	return id;
}

/* The cutover's steps (cutover.c): created on first use, so that a journal
 * of a plain load never has the table. */
static int steps_table(struct journal *j, struct bwm_error *err)
{
	if (sqlite3_exec(SJ(j)->db, "CREATE TABLE IF NOT EXISTS cutover_steps(batch TEXT NOT NULL,"
			 " step TEXT NOT NULL, status TEXT NOT NULL, exit INTEGER NOT NULL,"
			 " runs INTEGER NOT NULL, seconds REAL NOT NULL, started TEXT,"
			 " finished TEXT, summary TEXT, PRIMARY KEY(batch, step))",
			 NULL, NULL, NULL) != SQLITE_OK)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot record the cutover steps: %s; is it "
				"a bwmigrate journal?", j->path, sqlite3_errmsg(SJ(j)->db));
	return BWM_OK;
}

static int sq_each_step(struct journal *j, const char *batch,
			int (*fn)(const struct journal_step *s, void *ctx), void *ctx,
			struct bwm_error *err)
{
	int rc = steps_table(j, err);
	sqlite3_stmt *st = NULL;
	if (rc == BWM_OK && sqlite3_prepare_v2(SJ(j)->db, "SELECT step, status, exit, runs, "
					       "seconds, started, finished, summary FROM "
					       "cutover_steps WHERE batch = ?1", -1, &st,
					       NULL) != SQLITE_OK)
		rc = db_fail(j, err, "read");
	if (rc == BWM_OK)
		sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
	while (rc == BWM_OK && sqlite3_step(st) == SQLITE_ROW) {
		struct journal_step s = {
			.batch = batch, .step = col(st, 0), .status = col(st, 1),
			.exit = sqlite3_column_int(st, 2), .runs = sqlite3_column_int(st, 3),
			.seconds = sqlite3_column_double(st, 4), .started = col(st, 5),
			.finished = col(st, 6), .summary = col(st, 7),
		};
		if (fn(&s, ctx) != 0)
			break;
	}
	sqlite3_finalize(st);
	return rc;
}

static int sq_set_step(struct journal *j, const struct journal_step *s, struct bwm_error *err)
{
	int rc = steps_table(j, err);
	sqlite3_stmt *st = NULL;
	if (rc == BWM_OK && sqlite3_prepare_v2(SJ(j)->db, "INSERT OR REPLACE INTO cutover_steps("
					       "batch, step, status, exit, runs, seconds, started,"
					       " finished, summary) VALUES(?1, ?2, ?3, ?4, ?5, ?6,"
					       " ?7, ?8, ?9)", -1, &st, NULL) != SQLITE_OK)
		rc = db_fail(j, err, "cutover step");
	if (rc == BWM_OK) {
		sqlite3_bind_text(st, 1, s->batch, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->step, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, s->status, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, s->exit);
		sqlite3_bind_int(st, 5, s->runs);
		sqlite3_bind_double(st, 6, s->seconds);
		bind_text(st, 7, s->started);
		bind_text(st, 8, s->finished);
		bind_text(st, 9, s->summary);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(j, err, "cutover step");
	}
	sqlite3_finalize(st);
	return rc;
}

const struct journal_backend journal_sqlite_backend = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.add = sq_add,
	.set = sq_set,
	.each = sq_each,
	.each_event = sq_each_event,
	.remote_id = sq_remote_id,
	.note = sq_note,
	.each_step = sq_each_step,
	.set_step = sq_set_step,
};
