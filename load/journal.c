/*
 * journal.c — the journal's state machine and the choice of backend (see
 * journal.h): a postgresql:// URL opens journal_pg.c, anything else is a
 * SQLite file (journal_sqlite.c). The transition rule is checked here, once,
 * for both.
 */
#include "load/journal_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int journal_is_url(const char *where)
{
	return where && (strncmp(where, "postgresql://", 13) == 0 ||
			 strncmp(where, "postgres://", 11) == 0);
}

/* Drop "password=…" from a query string and the ":secret" of user:secret@. */
char *journal_display_name(const char *where)
{
	if (!journal_is_url(where))
		return xstrdup(where);
	struct strbuf sb = STRBUF_INIT;
	const char *auth = strstr(where, "://") + 3;
	const char *slash = auth + strcspn(auth, "/?");
	const char *at = memchr(auth, '@', (size_t)(slash - auth));
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon) {
		strbuf_add(&sb, where, (size_t)(colon - where));
		strbuf_addstr(&sb, at);
	} else {
		strbuf_addstr(&sb, where);
	}
	char *q = strchr(sb.buf, '?');
	while (q) {
		char *p = q + 1;
		if (strncmp(p, "password=", 9) == 0) {
			char *end = p + strcspn(p, "&");
			memmove(p, *end ? end + 1 : end, strlen(*end ? end + 1 : end) + 1);
			if (*p != '\0')
				continue;
			p[-1] = '\0';   /* it was the last: drop its '&' or '?' */
			break;
		}
		q = strchr(p, '&');
	}
	return strbuf_detach(&sb);
}

void journal_now_iso(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000L);
}

/* host:pid:random, unique enough among the workers of one migration. */
static void make_worker_id(struct journal *j)
{
	char host[64] = "localhost";
	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = '\0';
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	unsigned long rnd = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16) ^
			    (unsigned long)(size_t)j;
	snprintf(j->worker, sizeof j->worker, "%s:%ld:%06lx", host, (long)getpid(),
		 rnd & 0xffffffUL);
}

int journal_open(struct journal *j, const char *where, int restart, int readonly,
		 struct bwm_error *err)
{
	return journal_open_as(j, where, restart, readonly, NULL, err);
}

int journal_open_as(struct journal *j, const char *where, int restart, int readonly,
		    const char *worker_id, struct bwm_error *err)
{
	memset(j, 0, sizeof *j);
	j->lease_s = JOURNAL_LEASE_S;
	if (worker_id)
		snprintf(j->worker, sizeof j->worker, "%s", worker_id);
	else
		make_worker_id(j);
	j->path = journal_display_name(where);
	const struct journal_backend *be = journal_is_url(where) ? &journal_pg_backend
								 : &journal_sqlite_backend;
	if (readonly == JOURNAL_NO_WORKER && be == &journal_sqlite_backend)
		readonly = 0;
	int rc = be->open(j, where, restart, readonly, err);
	if (rc != BWM_OK) {
		if (be->close)
			be->close(j);
		free(j->path);
		memset(j, 0, sizeof *j);
		return rc;
	}
	j->be = be;
	return BWM_OK;
}

void journal_close(struct journal *j)
{
	if (j->be)
		j->be->close(j);
	free(j->path);
	memset(j, 0, sizeof *j);
}

int journal_begin(struct journal *j, struct bwm_error *err)
{
	int rc = j->be->begin(j, err);
	if (rc == BWM_OK)
		j->in_tx = 1;
	return rc;
}

int journal_commit(struct journal *j, struct bwm_error *err)
{
	j->in_tx = 0;
	return j->be->commit(j, err);
}

int journal_add(struct journal *j, const char *kind, const char *key, const char *batch,
		const char *hash, struct bwm_error *err)
{
	return j->be->add(j, kind, key, batch ? batch : "", hash, err);
}

int journal_set(struct journal *j, const struct journal_row *r, int from, const char *msg,
		struct bwm_error *err)
{
	j->taken = 0;
	if (!journal_transition_ok(from, r->state))
		return bwm_fail(err, BWM_EINTERNAL, "%s: %s:%s cannot move from %s to %s "
				"(internal error; please report it)", j->path, r->kind, r->key,
				journal_state_name(from), journal_state_name(r->state));
	int own = !j->in_tx && !j->be->atomic_set;
	if (own && j->be->begin(j, err) != BWM_OK)
		return err->status;
	int rc = j->be->set(j, r, from, msg, err);
	if (own) {
		if (rc == BWM_OK)
			rc = j->be->commit(j, err);
		if (rc != BWM_OK)
			j->be->rollback(j);
	}
	return rc;
}

int journal_each(struct journal *j, int (*fn)(const struct journal_row *r, void *ctx),
		 void *ctx, struct bwm_error *err)
{
	return j->be->each(j, fn, ctx, err);
}

int journal_each_event(struct journal *j, int (*fn)(const struct journal_event *e, void *ctx),
		       void *ctx, struct bwm_error *err)
{
	return j->be->each_event(j, fn, ctx, err);
}

char *journal_remote_id(struct journal *j, const char *kind, const char *key)
{
	return j->be->remote_id(j, kind, key);
}

int journal_note(struct journal *j, const char *kind, const char *key, const char *msg,
		 struct bwm_error *err)
{
	return j->be->note(j, kind, key, msg, err);
}

int journal_claim(struct journal *j, size_t n, const char *const *kinds,
		  const char *const *keys, int (*fn)(const struct journal_row *r, void *ctx),
		  void *ctx, struct bwm_error *err)
{
	if (j->be->claim == NULL || n == 0)
		return BWM_OK;
	return j->be->claim(j, n, kinds, keys, fn, ctx, err);
}

int journal_changes(struct journal *j, int full,
		    int (*fn)(const struct journal_row *r, void *ctx), void *ctx,
		    struct bwm_error *err)
{
	return j->be->changes ? j->be->changes(j, full, fn, ctx, err) : BWM_OK;
}

int journal_heartbeat(struct journal *j, long done, double learned_rate, struct bwm_error *err)
{
	return j->be->heartbeat ? j->be->heartbeat(j, done, learned_rate, err) : BWM_OK;
}

int journal_each_worker(struct journal *j, int (*fn)(const struct journal_worker *w, void *ctx),
			void *ctx, struct bwm_error *err)
{
	return j->be->each_worker ? j->be->each_worker(j, fn, ctx, err) : BWM_OK;
}

int journal_rate_take(struct journal *j, const char *origin, double rate, double burst,
		      int want, int *granted, double *wait_ms, struct bwm_error *err)
{
	if (j->be->rate_take == NULL) {
		*granted = want;
		*wait_ms = 0;
		return BWM_OK;
	}
	return j->be->rate_take(j, origin, rate, burst, want, granted, wait_ms, err);
}

int journal_each_step(struct journal *j, const char *batch,
		      int (*fn)(const struct journal_step *s, void *ctx), void *ctx,
		      struct bwm_error *err)
{
	return j->be->each_step(j, batch, fn, ctx, err);
}

int journal_set_step(struct journal *j, const struct journal_step *s, struct bwm_error *err)
{
	return j->be->set_step(j, s, err);
}

int journal_lock_batch(struct journal *j, const char *batch, struct bwm_error *err)
{
	return j->be->lock_batch ? j->be->lock_batch(j, batch, err) : BWM_OK;
}
