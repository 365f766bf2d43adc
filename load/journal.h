/*
 * journal.h — the load journal (design §2): the state of every plan entry
 * of one migration, behind one interface with two backends:
 *   - SQLite (journal_sqlite.c), the embedded default: one file per
 *     migration, created 0600, WAL mode, locked (flock) for the life of the
 *     handle so that two runs cannot share it;
 *   - PostgreSQL (journal_pg.c), chosen by a postgresql:// URL: one schema
 *     per migration on a shared server, so that several load workers, on
 *     one host or many, work from one plan at once (claims with leases,
 *     one rate budget; docs/load.md "A team on one journal").
 *
 * Table entries holds one row per plan entry (kind, key) with its state;
 * table events is the append-only audit trail of every state change. Each
 * change is one transaction, committed before anything that depends on it
 * is sent.
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
 *
 * Workers (shared backends only): an entry is sent by the worker that holds
 * its claim. journal_claim takes entries for this worker with a lease
 * (journal.lease_s); journal_heartbeat renews every lease the worker holds;
 * a lease that expires (the worker was killed, its host lost) makes the
 * entry claimable again, and the taker runs the crash rule on it. A
 * journal_set on an entry another live worker holds writes nothing and
 * sets journal.taken. With SQLite the one locked process claims trivially.
 */
#ifndef BWM_LOAD_JOURNAL_H
#define BWM_LOAD_JOURNAL_H

#include <stddef.h>

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
	int held;              /* journal_changes: another live worker holds its lease */
};

/* One row of events (journal_each_event), borrowed during the callback. */
struct journal_event {
	const char *ts;        /* ISO 8601 UTC */
	const char *kind, *key;
	const char *from_state, *to_state;  /* NULL for a note */
	int http_status;
	const char *message;
	const char *worker;    /* worker id, NULL with SQLite */
};

/* One load worker of a shared journal (journal_each_worker). */
struct journal_worker {
	const char *id;        /* host:pid:random */
	const char *host;
	long pid;
	const char *started, *heartbeat;   /* ISO 8601 UTC */
	long done;             /* entries the journal holds done by this worker */
	double learned_rate;   /* requests/s it learned from 429s, 0 = none */
	int finished;          /* it closed the journal */
	double silent_s;       /* seconds since its heartbeat */
};

/* One recorded step of a cutover (journal_each_step, journal_set_step);
 * strings borrowed during the callback. */
struct journal_step {
	const char *batch, *step;  /* the wave; precheck, load, verify, devicemove */
	const char *status;        /* running, ok, failed, skipped */
	int exit, runs;
	double seconds;
	const char *started, *finished, *summary;
};

struct journal_backend;    /* journal_backend.h */

/* An open journal. */
struct journal {
	const struct journal_backend *be;  /* NULL while closed */
	void *impl;            /* the backend's own state, owned */
	char *path;            /* what to show: the file, or the URL without its
				* password; owned */
	int in_tx;             /* inside journal_begin() … journal_commit() */
	int shared;            /* several workers may use it at once (claims) */
	int taken;             /* set by journal_set: another live worker holds
				* that entry, nothing was written */
	char worker[128];      /* this process's worker id: host:pid:random */
	int lease_s;           /* claim lease, seconds (default JOURNAL_LEASE_S) */
};

#define JOURNAL_LEASE_S 30

const char *journal_state_name(int state);
int journal_state_parse(const char *name);  /* -1 if unknown */
/* 1 if a row may move from `from` to `to`. */
int journal_transition_ok(int from, int to);
/* 1 when `where` names a PostgreSQL journal (postgresql:// or postgres://). */
int journal_is_url(const char *where);
/* The URL without its password (malloc'ed); a path comes back unchanged. */
char *journal_display_name(const char *where);
/* 1 when the journal is open. */
static inline int journal_is_open(const struct journal *j) { return j->be != NULL; }

/* Open (creating: a file 0600, or a schema) and lock. restart = delete the
 * old content. readonly = for status: no lock, no creation. worker_id may
 * be NULL (host:pid:random is made up). A server that cannot be reached,
 * refuses the role, or holds a newer schema: BWM_EAPI, naming the URL
 * without its password. */
int journal_open(struct journal *j, const char *where, int restart, int readonly,
		 struct bwm_error *err);
/* journal_open for a load worker named worker_id (NULL: made up). */
int journal_open_as(struct journal *j, const char *where, int restart, int readonly,
		    const char *worker_id, struct bwm_error *err);
void journal_close(struct journal *j);
/* journal_open's readonly value for a handle that writes but is no load
 * worker (the cutover's own records and lock): the schema is created or
 * upgraded, no worker is registered. With SQLite it is an ordinary open. */
#define JOURNAL_NO_WORKER 2

/* Group several changes into one transaction (e.g. seeding a new plan). */
int journal_begin(struct journal *j, struct bwm_error *err);
int journal_commit(struct journal *j, struct bwm_error *err);

/* Add a pending row unless (kind, key) is already there. */
int journal_add(struct journal *j, const char *kind, const char *key, const char *batch,
		const char *hash, struct bwm_error *err);

/* Write row r (matched by kind, key) moving from state `from`, and append an
 * event with http_status and msg. A NULL r->hash keeps the journaled one. Refuses a move journal_transition_ok does
 * not allow (BWM_EINTERNAL). Committed on return unless inside begin/commit.
 * Sets j->taken (and writes nothing) when another live worker holds it. */
int journal_set(struct journal *j, const struct journal_row *r, int from,
		const char *msg, struct bwm_error *err);

/* Call fn for every row in insertion order; stops when fn returns non-zero. */
int journal_each(struct journal *j, int (*fn)(const struct journal_row *r, void *ctx),
		 void *ctx, struct bwm_error *err);

/* Call fn for every event in order. */
int journal_each_event(struct journal *j, int (*fn)(const struct journal_event *e, void *ctx),
		       void *ctx, struct bwm_error *err);

/* The remote id journaled for (kind, key), malloc'ed, or NULL. The load
 * keeps in memory only the ids something may still refer to; reports ask
 * the journal for the others. */
char *journal_remote_id(struct journal *j, const char *kind, const char *key);

/* Append a free-form event (run started, finding …) without a state change. */
int journal_note(struct journal *j, const char *kind, const char *key, const char *msg,
		 struct bwm_error *err);

/* Claim entries kinds[k]:keys[k] (k < n) for this worker with a lease of
 * j->lease_s: those not finished that no other live worker holds and no
 * other claim is taking at this instant. fn gets each claimed row as the
 * journal has it (another worker may have sent it before dying). */
int journal_claim(struct journal *j, size_t n, const char *const *kinds,
		  const char *const *keys, int (*fn)(const struct journal_row *r, void *ctx),
		  void *ctx, struct bwm_error *err);

/* Rows other workers changed since the last call (all rows with full = 1),
 * and rows whose lease has expired, with r->held set while another live
 * worker holds one. Nothing with SQLite. */
int journal_changes(struct journal *j, int full,
		    int (*fn)(const struct journal_row *r, void *ctx), void *ctx,
		    struct bwm_error *err);

/* Renew this worker's leases and its heartbeat (done = entries it
 * finished, learned_rate = its 429-learned rate or 0). Nothing with SQLite. */
int journal_heartbeat(struct journal *j, long done, double learned_rate,
		      struct bwm_error *err);

/* Call fn for every worker that used the journal (none with SQLite). */
int journal_each_worker(struct journal *j, int (*fn)(const struct journal_worker *w, void *ctx),
			void *ctx, struct bwm_error *err);

/* One rate budget for all workers against one API origin: take up to want
 * request slots from the shared token bucket refilled at rate requests/s
 * (at most burst kept), or, with rate 0, at the bucket's own rate. Sets
 * *granted (possibly 0) and *wait_ms until the next slot. With SQLite:
 * everything asked is granted (the local limiter paces). */
int journal_rate_take(struct journal *j, const char *origin, double rate, double burst,
		      int want, int *granted, double *wait_ms, struct bwm_error *err);

/* The cutover's records: fn for every recorded step of batch; write one
 * step (replacing its earlier record). */
int journal_each_step(struct journal *j, const char *batch,
		      int (*fn)(const struct journal_step *s, void *ctx), void *ctx,
		      struct bwm_error *err);
int journal_set_step(struct journal *j, const struct journal_step *s, struct bwm_error *err);

/* Take the cutover lock of batch for the life of the handle, on every host
 * using the journal: BWM_EUSAGE when another cutover holds it. Only shared
 * journals have one (a PostgreSQL advisory lock); with SQLite the caller
 * locks a file beside the journal, and this does nothing. */
int journal_lock_batch(struct journal *j, const char *batch, struct bwm_error *err);

#endif
