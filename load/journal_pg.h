/*
 * journal_pg.h — internal to load/: the PostgreSQL journal's connection
 * and query helpers, shared by journal_pg.c (opening, schema, entries,
 * events) journal_pg_workers.c (claims, leases, workers, the shared
 * rate budget) and journal_pg_steps.c (the cutover's steps and lock).
 */
#ifndef BWM_LOAD_JOURNAL_PG_H
#define BWM_LOAD_JOURNAL_PG_H

#include <libpq-fe.h>

#include "load/journal_backend.h"

/* journal.impl of a PostgreSQL journal. */
struct pg_journal {
	PGconn *c;
	char *schema;          /* quoted identifier of the migration's schema, owned */
	long long since;       /* highest change number seen (journal_changes) */
	int readonly;
	int registered;        /* this worker has its row in workers */
	int bucket_ready;      /* the rate bucket row of this run exists */
	unsigned prepared;     /* bit k: statement k of enum pg_stmt is prepared */
};

/* The statements run per entry or per batch, prepared once per connection
 * (planned once, not at every call). */
enum pg_stmt { PG_SET = 0, PG_ADD, PG_CLAIM, PG_TAKE, PG_CHANGES };

#define PJ(j) ((struct pg_journal *)(j)->impl)

/* Run sql with n text parameters (NULL = SQL NULL). Returns the result,
 * or NULL after filling err (BWM_EAPI when the connection is lost, naming
 * the journal's URL without its password). */
PGresult *pg_query(struct journal *j, const char *sql, int n, const char *const *params,
		   const char *what, struct bwm_error *err);
/* pg_query for one of the statements of enum pg_stmt, whose text is sql. */
PGresult *pg_query_stmt(struct journal *j, enum pg_stmt id, const char *sql, int n,
			const char *const *params, const char *what, struct bwm_error *err);
/* The columns of entries a journal_row is read from, and the reader of one. */
#define PG_ROW_COLS "kind,key,batch,state,attempts,remote_id,fields,hash,last_error," \
		    "retryable,http_status,chg"
int pg_read_row(PGresult *res, int i, struct journal_row *r);
/* The text array literal {"a","b"} of n strings. */
char *pg_text_array(size_t n, const char *const *v);

int pg_claim(struct journal *j, size_t n, const char *const *kinds, const char *const *keys,
	     journal_row_fn fn, void *ctx, struct bwm_error *err);
int pg_changes(struct journal *j, int full, journal_row_fn fn, void *ctx,
	       struct bwm_error *err);
int pg_heartbeat(struct journal *j, long done, double learned_rate, struct bwm_error *err);
void pg_release(struct journal *j);
int pg_each_worker(struct journal *j, int (*fn)(const struct journal_worker *w, void *ctx),
		   void *ctx, struct bwm_error *err);
int pg_rate_take(struct journal *j, const char *origin, double rate, double burst, int want,
		 int *granted, double *wait_ms, struct bwm_error *err);
/* journal_pg_steps.c: the cutover's steps and its lock. */
int pg_each_step(struct journal *j, const char *batch,
		 int (*fn)(const struct journal_step *s, void *ctx), void *ctx,
		 struct bwm_error *err);
int pg_set_step(struct journal *j, const struct journal_step *s, struct bwm_error *err);
int pg_lock_batch(struct journal *j, const char *batch, struct bwm_error *err);

#endif
