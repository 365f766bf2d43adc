/*
 * journal.h — the load journal (design §2): one SQLite file per migration.
 *
 * Table entries holds one row per plan entry (kind, key) with its state;
 * table events is the append-only audit trail of every state change. Each
 * change is one transaction, committed before anything that depends on it
 * is sent. The file is created 0600, runs in WAL mode, and is locked (flock)
 * for the life of the handle so that two runs cannot share it.
 *
 * States and the moves between them (journal_transition_ok):
 *   pending   -> in_flight | skipped | failed
 *   in_flight -> in_flight (re-sent) | accepted | done | failed | pending
 *   accepted  -> accepted | done | failed | in_flight (re-polled after a crash)
 *   failed    -> pending (--retry-failed, or plan changed) | skipped
 *   skipped   -> pending (next run) | skipped
 *   done      -> rolled_back      accepted -> rolled_back
 *   rolled_back -> pending (loading again after a rollback)
 * The journal never holds a token or a request body, only its hash.
 */
#ifndef BWM_LOAD_JOURNAL_H
#define BWM_LOAD_JOURNAL_H

#include <sqlite3.h>

#include "core/error.h"

enum journal_state {
	JS_PENDING = 0,
	JS_IN_FLIGHT,
	JS_ACCEPTED,
	JS_DONE,
	JS_FAILED,
	JS_SKIPPED,
	JS_ROLLED_BACK,
	JS__COUNT
};

/* One row of entries; strings owned by whoever filled the struct
 * (journal_each hands out borrowed ones valid during the callback). */
struct journal_row {
	const char *kind, *key, *batch;
	int state;             /* enum journal_state */
	int attempts;          /* requests sent to create it */
	const char *remote_id; /* id the API gave it, or NULL */
	const char *fields;    /* JSON object text: orgId, location, delete, notes; or NULL */
	const char *hash;      /* plan hash of the body last sent or journaled */
	const char *last_error;/* human text, or NULL */
	int retryable;         /* 1: a failure worth retrying (5xx, timeouts …) */
	int http_status;       /* last HTTP status seen, 0 if none */
};

/* An open journal. */
struct journal {
	sqlite3 *db;
	int lock_fd;           /* flock'ed descriptor of the file */
	char *path;            /* owned copy */
	sqlite3_stmt *upd;     /* prepared UPDATE of one entry */
	sqlite3_stmt *ins;     /* prepared INSERT OR IGNORE of a new entry */
	sqlite3_stmt *ev;      /* prepared INSERT of an event */
	sqlite3_stmt *rid;     /* SELECT of one remote id, prepared on first use */
	int in_tx;             /* inside journal_begin() … journal_commit() */
};

const char *journal_state_name(int state);
int journal_state_parse(const char *name);  /* -1 if unknown */
/* 1 if a row may move from `from` to `to`. */
int journal_transition_ok(int from, int to);

/* Open (creating, mode 0600) and lock. restart = delete the old content.
 * readonly = for status: no lock, no creation. */
int journal_open(struct journal *j, const char *path, int restart, int readonly,
		 struct bwm_error *err);
void journal_close(struct journal *j);

/* Group several changes into one transaction (e.g. seeding a new plan). */
int journal_begin(struct journal *j, struct bwm_error *err);
int journal_commit(struct journal *j, struct bwm_error *err);

/* Add a pending row unless (kind, key) is already there. */
int journal_add(struct journal *j, const char *kind, const char *key, const char *batch,
		const char *hash, struct bwm_error *err);

/* Write row r (matched by kind, key) moving from state `from`, and append an
 * event with http_status and msg. A NULL r->hash keeps the journaled one. Refuses a move journal_transition_ok does
 * not allow (BWM_EINTERNAL). Committed on return unless inside begin/commit. */
int journal_set(struct journal *j, const struct journal_row *r, int from,
		const char *msg, struct bwm_error *err);

/* Call fn for every row in insertion order; stops when fn returns non-zero. */
int journal_each(struct journal *j, int (*fn)(const struct journal_row *r, void *ctx),
		 void *ctx, struct bwm_error *err);

/* The remote id journaled for (kind, key), malloc'ed, or NULL. The load
 * keeps in memory only the ids something may still refer to; reports ask
 * the journal for the others. */
char *journal_remote_id(struct journal *j, const char *kind, const char *key);

/* Append a free-form event (run started, finding …) without a state change. */
int journal_note(struct journal *j, const char *kind, const char *key, const char *msg,
		 struct bwm_error *err);

#endif
