/*
 * workers.c — one load worker among several on a shared journal
 * (PostgreSQL): the executor's plan view kept in step with what the other
 * workers do.
 *
 *   - Before an entry is dispatched it is claimed in the journal (a batch
 *     of the ready queue at a time); an entry another worker holds is
 *     dropped from the queue and marked `elsewhere`.
 *   - Every WORKERS_REFRESH_MS the rows other workers changed are read:
 *     one done elsewhere unlocks its dependants here (its remote id and
 *     fields are what "$ref"s resolve to); one failed or skipped is
 *     mirrored; one whose lease has passed (its worker was killed) is
 *     queued again, and the claim hands it over with its journaled state,
 *     so an in_flight entry goes through the crash rule (look up first).
 *   - Every lease/3 the worker renews its leases and heartbeat.
 *   - With --rate, request slots come from the journal's token bucket of
 *     the API origin, WORKERS_RATE_SLICE_MS of budget at a time, so that
 *     all workers together keep to one cap.
 * The run ends when every entry in scope is finished, whoever finished it.
 */
#include "load/run.h"

#include <stdlib.h>
#include <string.h>

#define WORKERS_REFRESH_MS 500.0
#define WORKERS_FULL_MS 5000.0       /* a full re-read when idle */
#define WORKERS_CLAIM_BATCH 64
#define WORKERS_RATE_SLICE_MS 50.0

/* The WF_* flags of entry i. */
#define CLAIMED(r, i) ((r)->wflags[i] & WF_CLAIMED)
#define ELSEWHERE(r, i) ((r)->wflags[i] & WF_ELSEWHERE)

static void set_flag(struct run *r, size_t i, unsigned flag, int on)
{
	if (on)
		r->wflags[i] = (unsigned char)(r->wflags[i] | flag);
	else
		r->wflags[i] = (unsigned char)(r->wflags[i] & ~flag);
}

void workers_init(struct run *r)
{
	r->workers = 1;
	r->wflags = xcalloc(r->plan.n + 1, 1);
	if (r->o->rate > 0) {
		r->shared_rate = 1;
		const char *api = r->api;
		const char *host = strstr(api, "://");
		size_t n = host ? (size_t)(host + 3 - api) + strcspn(host + 3, "/") : strlen(api);
		r->rate_origin = xstrndup(api, n);
	}
	r->next_beat_ms = run_now_ms() + r->j.lease_s * 1000.0 / 3.0;
}

static long entry_of(struct run *r, const struct journal_row *row)
{
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s:%s", row->kind, row->key);
	long i = plan_find(&r->plan, id.buf);
	strbuf_free(&id);
	return i;
}

/* Take the journal's view of an unfinished entry: its state, attempts,
 * ids, and the step that state calls for (an in_flight row left by a
 * killed worker is looked up before anything is sent again). */
static void adopt_row(struct run *r, size_t i, const struct journal_row *row)
{
	struct run_entry *e = &r->e[i];
	e->attempts = (unsigned short)row->attempts;
	if (row->remote_id && (e->remote_id == NULL || strcmp(e->remote_id, row->remote_id))) {
		free(e->remote_id);
		e->remote_id = xstrdup(row->remote_id);
	}
	if (row->fields) {
		cJSON *f = cJSON_Parse(row->fields);
		if (cJSON_IsObject(f) && f->child) {
			cJSON_Delete(e->fields);
			e->fields = f;
		} else {
			cJSON_Delete(f);
		}
	}
	if ((int)e->state == row->state)
		return;
	e->state = (unsigned)row->state;
	if (row->state == JS_IN_FLIGHT)
		e->step = strcmp(r->plan.v[i].method, "LOOKUP") == 0 ? STEP_FIND : STEP_LOOKUP;
	else if (row->state == JS_ACCEPTED)
		e->step = STEP_POLL;
	else
		e->step = STEP_SEND;
}

static int claimed_row(const struct journal_row *row, void *ctx)
{
	struct run *r = ctx;
	long i = entry_of(r, row);
	if (i < 0 || r->e[i].busy)
		return 0;
	set_flag(r, (size_t)i, WF_CLAIMED, 1);
	set_flag(r, (size_t)i, WF_ELSEWHERE, 0);
	adopt_row(r, (size_t)i, row);
	return 0;
}

/* Claim the unclaimed entries at the head of the ready queue; those not
 * granted are held by another worker. */
static int claim_batch(struct run *r)
{
	const char *kinds[WORKERS_CLAIM_BATCH] = { 0 }, *keys[WORKERS_CLAIM_BATCH] = { 0 };
	size_t idx[WORKERS_CLAIM_BATCH], n = 0;
	for (size_t q = r->rhead; q < r->rtail && n < WORKERS_CLAIM_BATCH; q++) {
		size_t i = (size_t)r->ready[q];
		struct run_entry *e = &r->e[i];
		if (CLAIMED(r, i) || ELSEWHERE(r, i) || e->busy)
			continue;
		int dup = 0;
		for (size_t k = 0; k < n && !dup; k++)
			dup = idx[k] == i;
		if (dup)
			continue;
		idx[n] = i;
		kinds[n] = r->plan.v[i].kind;
		keys[n++] = r->plan.v[i].key;
	}
	int rc = journal_claim(&r->j, n, kinds, keys, claimed_row, r, &r->fatal_err);
	if (rc != BWM_OK) {
		r->fatal = 1;
		return rc;
	}
	for (size_t k = 0; k < n; k++)
		if (!CLAIMED(r, idx[k]))
			set_flag(r, idx[k], WF_ELSEWHERE, 1);
	return BWM_OK;
}

void workers_lost(struct run *r, size_t i)
{
	if (r->wflags == NULL)
		return;
	set_flag(r, i, WF_CLAIMED, 0);
	set_flag(r, i, WF_ELSEWHERE, 1);
}

int workers_may_dispatch(struct run *r, size_t i)
{
	struct run_entry *e = &r->e[i];
	if (e->busy)
		return 0;   /* queued twice (a requeue after a refresh) */
	int s = e->state;
	if (s == JS_DONE || s == JS_FAILED || s == JS_SKIPPED || s == JS_ROLLED_BACK)
		return 0;
	if (!CLAIMED(r, i) && !ELSEWHERE(r, i) && claim_batch(r) != BWM_OK)
		return 0;
	return CLAIMED(r, i) != 0;
}

/* A done entry (here or elsewhere) unlocks what waits for it here. */
static void unlock_dependants(struct run *r, size_t i)
{
	for (size_t d = r->dep_start[i]; d < r->dep_start[i + 1]; d++) {
		size_t t = r->dep_list[d];
		struct run_entry *te = &r->e[t];
		if (te->in_scope && te->unmet > 0 && --te->unmet == 0 && te->state == JS_PENDING &&
		    !ELSEWHERE(r, t) && !te->busy)
			run_push_ready(r, t);
	}
}

static int changed_row(const struct journal_row *row, void *ctx)
{
	struct run *r = ctx;
	long i = entry_of(r, row);
	if (i < 0)
		return 0;
	struct run_entry *e = &r->e[i];
	if (CLAIMED(r, i) || e->busy)
		return 0;   /* ours: our view is the journal's */
	int s = row->state;
	if (s == JS_DONE) {
		if (e->state == JS_DONE)
			return 0;
		set_flag(r, (size_t)i, WF_ELSEWHERE, 0);
		e->state = JS_DONE;
		if (r->dep_start[i] != r->dep_start[i + 1])
			adopt_row(r, (size_t)i, row);
		unlock_dependants(r, (size_t)i);
		return 0;
	}
	if (s == JS_FAILED || s == JS_SKIPPED || s == JS_ROLLED_BACK) {
		set_flag(r, (size_t)i, WF_ELSEWHERE, 0);
		e->state = (unsigned)s;
		free(e->last_error);
		e->last_error = row->last_error ? xstrdup(row->last_error) : NULL;
		return 0;
	}
	if (row->held) {
		set_flag(r, (size_t)i, WF_ELSEWHERE, 1);
		return 0;
	}
	/* Nobody holds it (any more): ours to take, through a claim. */
	if (ELSEWHERE(r, i) && e->in_scope) {
		set_flag(r, (size_t)i, WF_ELSEWHERE, 0);
		adopt_row(r, (size_t)i, row);
		if (e->unmet == 0 || e->state != JS_PENDING)
			run_push_ready(r, (size_t)i);
	}
	return 0;
}

/* 1 while some entry in scope is not finished: the run waits for the
 * other workers (or for their leases to pass). */
static int unfinished(const struct run *r)
{
	for (size_t i = 0; i < r->plan.n; i++) {
		const struct run_entry *e = &r->e[i];
		if (!e->in_scope || e->parked)
			continue;
		if (e->state != JS_DONE && e->state != JS_FAILED && e->state != JS_SKIPPED)
			return 1;
	}
	return 0;
}

double workers_tick(struct run *r, double now, int idle)
{
	if (r->fatal)
		return 1e18;
	int rc = BWM_OK;
	if (now >= r->next_beat_ms) {
		r->next_beat_ms = now + r->j.lease_s * 1000.0 / 3.0;
		rc = journal_heartbeat(&r->j, r->done_here, r->rl.learned ? r->rl.rate : 0,
				       &r->fatal_err);
	}
	int full = idle && now >= r->next_full_ms;
	if (rc == BWM_OK && (full || now >= r->next_refresh_ms)) {
		r->next_refresh_ms = now + WORKERS_REFRESH_MS;
		if (full)
			r->next_full_ms = now + WORKERS_FULL_MS;
		rc = journal_changes(&r->j, full, changed_row, r, &r->fatal_err);
	}
	if (rc != BWM_OK) {
		r->fatal = 1;
		return 1e18;
	}
	double next = r->next_refresh_ms - now;
	return next < 1 ? 1 : next;
}

int workers_waiting(struct run *r)
{
	return !r->fatal && unfinished(r);
}

int workers_rate_ready(struct run *r, double now, double *wait_ms)
{
	if (!r->shared_rate || r->tokens > 0)
		return 1;
	if (now < r->next_take_ms) {
		*wait_ms = r->next_take_ms - now;
		return 0;
	}
	/* No more than can be sent now: a slot held unused is a slot another
	 * worker waits for. */
	int want = (int)(r->o->rate * WORKERS_RATE_SLICE_MS / 1000.0);
	int room = ratelimit_window(&r->rl) - (int)r->inflight;
	if (want > room)
		want = room;
	if (want > (int)(r->rtail - r->rhead))
		want = (int)(r->rtail - r->rhead);
	if (want < 1)
		want = 1;
	double burst = r->o->rate * WORKERS_RATE_SLICE_MS / 1000.0;
	int granted = 0;
	double wait = 0;
	if (journal_rate_take(&r->j, r->rate_origin, r->o->rate, burst, want, &granted, &wait,
			      &r->fatal_err) != BWM_OK) {
		r->fatal = 1;
		return 0;
	}
	r->tokens += granted;
	if (r->tokens > 0)
		return 1;
	r->next_take_ms = now + (wait > 2 ? wait : 2);
	*wait_ms = r->next_take_ms - now;
	return 0;
}
