/*
 * journal_backend.h — internal to load/: what a journal backend provides
 * (journal_sqlite.c, journal_pg.c). journal.c checks the state machine and
 * dispatches; a backend only stores. Entries a backend does not offer are
 * NULL and journal.c answers for it (claims granted, no workers).
 */
#ifndef BWM_LOAD_JOURNAL_BACKEND_H
#define BWM_LOAD_JOURNAL_BACKEND_H

#include "load/journal.h"

typedef int (*journal_row_fn)(const struct journal_row *r, void *ctx);

struct journal_backend {
	const char *name;
	int atomic_set;        /* set is one statement: no transaction around it */
	int (*open)(struct journal *j, const char *where, int restart, int readonly,
		    struct bwm_error *err);
	void (*close)(struct journal *j);
	int (*begin)(struct journal *j, struct bwm_error *err);
	int (*commit)(struct journal *j, struct bwm_error *err);
	void (*rollback)(struct journal *j);
	int (*add)(struct journal *j, const char *kind, const char *key, const char *batch,
		   const char *hash, struct bwm_error *err);
	/* Update the row and append its event; no transaction of its own. */
	int (*set)(struct journal *j, const struct journal_row *r, int from, const char *msg,
		   struct bwm_error *err);
	int (*each)(struct journal *j, journal_row_fn fn, void *ctx, struct bwm_error *err);
	int (*each_event)(struct journal *j,
			  int (*fn)(const struct journal_event *e, void *ctx), void *ctx,
			  struct bwm_error *err);
	char *(*remote_id)(struct journal *j, const char *kind, const char *key);
	int (*note)(struct journal *j, const char *kind, const char *key, const char *msg,
		    struct bwm_error *err);
	int (*claim)(struct journal *j, size_t n, const char *const *kinds,
		     const char *const *keys, journal_row_fn fn, void *ctx, struct bwm_error *err);
	int (*changes)(struct journal *j, int full, journal_row_fn fn, void *ctx,
		       struct bwm_error *err);
	int (*heartbeat)(struct journal *j, long done, double learned_rate,
			 struct bwm_error *err);
	int (*each_worker)(struct journal *j,
			   int (*fn)(const struct journal_worker *w, void *ctx), void *ctx,
			   struct bwm_error *err);
	int (*rate_take)(struct journal *j, const char *origin, double rate, double burst,
			 int want, int *granted, double *wait_ms, struct bwm_error *err);
	int (*each_step)(struct journal *j, const char *batch,
			 int (*fn)(const struct journal_step *s, void *ctx), void *ctx,
			 struct bwm_error *err);
	int (*set_step)(struct journal *j, const struct journal_step *s, struct bwm_error *err);
	int (*lock_batch)(struct journal *j, const char *batch, struct bwm_error *err);
};

extern const struct journal_backend journal_sqlite_backend;
extern const struct journal_backend journal_pg_backend;

/* The sqlite3 handle of a SQLite journal, NULL for another backend: for
 * the few tables only the embedded journal keeps (verify_store.c). */
void *journal_sqlite_handle(const struct journal *j);

/* ISO 8601 UTC with milliseconds, for event time stamps. */
void journal_now_iso(char out[32]);

#endif
