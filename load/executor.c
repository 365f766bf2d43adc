/*
 * executor.c — the scheduler of a load run: merges the plan with its
 * journal, decides what may run (dependencies, batch, blocked entries),
 * keeps the ready queue and the timers, and moves entries between states,
 * committing each change to the journal before anything depends on it.
 *
 * What a request looks like and what its response means is request.c's
 * business; this file only knows states and order.
 */
#include "load/run.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double run_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

cJSON *run_fields(struct run_entry *e)
{
	if (e->fields == NULL)
		e->fields = cJSON_CreateObject();
	return e->fields;
}

void run_set_field(struct run_entry *e, const char *name, const char *value)
{
	if (value == NULL)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(run_fields(e), name);
	cJSON_AddStringToObject(e->fields, name, value);
}

void run_note(struct run *r, cJSON *list, size_t i, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", r->plan.v[i].kind);
	cJSON_AddStringToObject(o, "key", r->plan.v[i].key);
	cJSON_AddStringToObject(o, "message", msg);
	cJSON_AddItemToArray(list, o);
}

/* Count a settled entry in its tenth of a second of the run (the report's
 * timeline). */
static void timeline_add(struct run *r, int ok)
{
	size_t sec = (size_t)((run_now_ms() - r->t0_ms) / 100.0);
	if (sec >= r->ntl) {
		size_t n = sec + 16;
		r->tl_ok = xrealloc(r->tl_ok, n * sizeof *r->tl_ok);
		r->tl_bad = xrealloc(r->tl_bad, n * sizeof *r->tl_bad);
		memset(r->tl_ok + r->ntl, 0, (n - r->ntl) * sizeof *r->tl_ok);
		memset(r->tl_bad + r->ntl, 0, (n - r->ntl) * sizeof *r->tl_bad);
		r->ntl = n;
	}
	if (ok)
		r->tl_ok[sec]++;
	else
		r->tl_bad[sec]++;
}

int run_set(struct run *r, size_t i, int to, const char *msg)
{
	struct run_entry *e = &r->e[i];
	const struct plan_entry *p = &r->plan.v[i];
	if (journal_is_open(&r->j)) {
		char *fields = e->fields ? cJSON_PrintUnformatted(e->fields) : NULL;
		char hash[PLAN_HASH_LEN];
		plan_digest_text(p->digest, hash);
		struct journal_row row = {
			.kind = p->kind, .key = p->key, .batch = p->batch, .state = to,
			.attempts = e->attempts, .remote_id = e->remote_id, .fields = fields,
			.hash = e->stale ? NULL : hash, .last_error = e->last_error, .retryable = e->retryable,
			.http_status = e->http_status,
		};
		int rc = journal_set(&r->j, &row, e->state, msg, &r->fatal_err);
		cJSON_free(fields);
		if (rc != BWM_OK) {
			r->fatal = 1;
			return rc;
		}
		if (r->j.taken) {
			workers_lost(r, i);
			return BWM_EPARTIAL;
		}
		if (to == JS_DONE && e->state != JS_DONE)
			r->done_here++;
	}
	if (bwm_log_on(r->o->log, LOG_DEBUG) && to != e->state)
		run_log(r, i, LOG_DEBUG, journal_state_name(to), "%s:%s: %s -> %s%s%s", p->kind, p->key,
			journal_state_name(e->state), journal_state_name(to), msg ? ": " : "",
			msg ? msg : "");
	e->state = to;
	if (to == JS_DONE || to == JS_FAILED || to == JS_SKIPPED || to == JS_ROLLED_BACK)
		timeline_add(r, to == JS_DONE || to == JS_ROLLED_BACK);
	return BWM_OK;
}

void run_push_ready(struct run *r, size_t i)
{
	if (r->rtail == r->rcap && r->rhead > 0) {
		/* Compact before growing. */
		memmove(r->ready, r->ready + r->rhead, (r->rtail - r->rhead) * sizeof *r->ready);
		r->rtail -= r->rhead;
		r->rhead = 0;
	}
	if (r->rtail == r->rcap) {
		r->rcap = r->rcap ? r->rcap * 2 : 256;
		r->ready = xrealloc(r->ready, r->rcap * sizeof *r->ready);
	}
	r->ready[r->rtail++] = (long)i;
}

void run_schedule(struct run *r, size_t i, double delay_ms)
{
	if (delay_ms <= 0) {
		run_push_ready(r, i);
		return;
	}
	if (r->ntimers == r->tcap) {
		r->tcap = r->tcap ? r->tcap * 2 : 64;
		r->timers = xrealloc(r->timers, r->tcap * sizeof *r->timers);
	}
	r->timers[r->ntimers++] = (struct run_timer){ i, run_now_ms() + delay_ms };
}

/* Mark i and, transitively, everything waiting on it skipped. */
static void cascade_skip(struct run *r, size_t i)
{
	size_t cap = 64, n = 0;
	size_t *stack = xmalloc(cap * sizeof *stack);
	stack[n++] = i;
	while (n > 0 && !r->fatal) {
		size_t k = stack[--n];
		for (size_t d = r->dep_start[k]; d < r->dep_start[k + 1]; d++) {
			size_t t = r->dep_list[d];
			struct run_entry *e = &r->e[t];
			/* Only entries still waiting for k; one that was sent had
			 * all its dependencies done, and done is final. */
			if (!e->in_scope || e->state != JS_PENDING)
				continue;
			assert(!e->busy);
			struct strbuf sb = STRBUF_INIT;
			strbuf_addstr(&sb, "depends on ");
			plan_id_add(&sb, &r->plan, k);
			strbuf_addf(&sb, ", which is %s", journal_state_name(r->e[k].state));
			free(e->last_error);
			e->last_error = strbuf_detach(&sb);
			e->retryable = 1;
			run_set(r, t, JS_SKIPPED, e->last_error);
			if (n == cap) {
				cap *= 2;
				stack = xrealloc(stack, cap * sizeof *stack);
			}
			stack[n++] = t;
		}
	}
	free(stack);
}

void run_done(struct run *r, size_t i, const char *msg)
{
	struct run_entry *e = &r->e[i];
	/* Only something that was sent (or is being looked up) becomes done. */
	assert(e->state == JS_IN_FLIGHT || e->state == JS_ACCEPTED);
	free(e->last_error);
	e->last_error = NULL;
	e->retryable = 0;
	delete_record(r, i);
	if (run_set(r, i, JS_DONE, msg) != BWM_OK)
		return;
	ratelimit_on_success(&r->rl, run_now_ms());
	for (size_t d = r->dep_start[i]; d < r->dep_start[i + 1]; d++) {
		size_t t = r->dep_list[d];
		if (r->e[t].in_scope && r->e[t].unmet > 0 && --r->e[t].unmet == 0 &&
		    r->e[t].state == JS_PENDING)
			run_push_ready(r, t);
	}
	/* Nothing can refer to an entry nobody depends on (plan_check_entry
	 * wants every "$ref" reached through depends), and the journal holds
	 * its id and fields: keep memory for what is still needed. */
	if (journal_is_open(&r->j) && r->dep_start[i] == r->dep_start[i + 1]) {
		free(e->remote_id);
		e->remote_id = NULL;
		cJSON_Delete(e->fields);
		e->fields = NULL;
	}
}

void run_fail(struct run *r, size_t i, int retryable, const char *msg)
{
	struct run_entry *e = &r->e[i];
	if (msg != e->last_error) {
		free(e->last_error);
		e->last_error = xstrdup(msg);
	}
	e->retryable = retryable;
	if (run_set(r, i, JS_FAILED, e->last_error) == BWM_OK)
		cascade_skip(r, i);
	run_log(r, i, LOG_WARN, "failed", "%s:%s: %s", r->plan.v[i].kind, r->plan.v[i].key, e->last_error);
}

static void skip(struct run *r, size_t i, const char *why)
{
	struct run_entry *e = &r->e[i];
	free(e->last_error);
	e->last_error = xstrdup(why);
	e->retryable = 1;
	if (run_set(r, i, JS_SKIPPED, why) == BWM_OK)
		cascade_skip(r, i);
}

/* The resolver for "$ref": ids and fields of done (or accepted) entries. */
const char *run_ref(const char *id, const char *field, void *ctx)
{
	struct run *r = ctx;
	long i = plan_find(&r->plan, id);
	if (i < 0)
		return NULL;
	const struct run_entry *e = &r->e[i];
	if (field == NULL)
		return e->state == JS_DONE ? e->remote_id : NULL;
	return e->state == JS_DONE ? json_str(e->fields, field) : NULL;
}

static int row_seen(const struct journal_row *row, void *ctx)
{
	struct run *r = ctx;
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s:%s", row->kind, row->key);
	long i = plan_find(&r->plan, id.buf);
	strbuf_free(&id);
	if (i < 0)
		return 0;
	struct run_entry *e = &r->e[i];
	e->journaled = 1;
	e->state = row->state;
	e->attempts = row->attempts;
	e->retryable = row->retryable;
	e->http_status = row->http_status;
	e->last_error = row->last_error ? xstrdup(row->last_error) : NULL;
	e->stale = plan_digest_parse(row->hash) != r->plan.v[i].digest;
	/* What is done and referred to by no one stays in the journal only. */
	if (row->state == JS_DONE && r->dep_start[i] == r->dep_start[i + 1])
		return 0;
	e->remote_id = row->remote_id ? xstrdup(row->remote_id) : NULL;
	cJSON_Delete(e->fields);
	e->fields = row->fields ? cJSON_Parse(row->fields) : NULL;
	if (!cJSON_IsObject(e->fields) || e->fields->child == NULL) {
		cJSON_Delete(e->fields);
		e->fields = NULL;
	}
	return 0;
}

int run_read_journal(struct run *r, const char *path, struct bwm_error *err)
{
	struct journal j;
	int rc = journal_open(&j, path, 0, 1, err);
	if (rc == BWM_OK)
		rc = journal_each(&j, row_seen, r, err);
	journal_close(&j);
	return rc;
}

static void build_dependants(struct run *r)
{
	size_t n = r->plan.n, total = 0;
	r->dep_start = xcalloc(n + 1, sizeof *r->dep_start);
	/* dep_start[k] counts k's dependants, then (summed) points past
	 * them; filling from the back moves it down to the first one, so no
	 * second array of counters is needed. */
	for (size_t i = 0; i < n; i++)
		for (size_t d = 0; d < r->plan.v[i].ndepends; d++) {
			r->dep_start[plan_dep(&r->plan, i, d)]++;
			total++;
		}
	for (size_t i = 1; i < n; i++)
		r->dep_start[i] += r->dep_start[i - 1];
	r->dep_start[n] = (uint32_t)total;
	r->dep_list = xcalloc(total + 1, sizeof *r->dep_list);
	for (size_t i = n; i-- > 0;)
		for (size_t d = r->plan.v[i].ndepends; d-- > 0;) {
			size_t k = plan_dep(&r->plan, i, d);
			r->dep_list[--r->dep_start[k]] = (uint32_t)i;
		}
}

void run_init(struct run *r, const struct load_opts *o, struct load_summary *sum)
{
	memset(r, 0, sizeof *r);
	r->o = o;
	r->sum = sum;
	r->t0_ms = run_now_ms();
	r->wait_i = -1;
	r->findings = cJSON_CreateArray();
	r->notes = cJSON_CreateArray();
	r->endpoints = cJSON_CreateObject();
	r->precheck = cJSON_CreateArray();
	const char *api = o->api ? o->api : LOAD_DEFAULT_API;
	size_t n = strlen(api);
	while (n > 0 && api[n - 1] == '/')
		n--;
	r->api = xstrndup(api, n);
	ratelimit_init(&r->rl, o->jobs, o->rate, (double)o->backoff_base_ms,
		       (uint64_t)time(NULL) ^ (uint64_t)(size_t)r);
}

int run_open(struct run *r, const struct load_opts *o, struct load_summary *sum,
	     int with_journal, struct bwm_error *err)
{
	run_init(r, o, sum);
	int rc = plan_load(&r->plan, o->plan_path, err);
	if (rc != BWM_OK)
		return rc;
	r->e = xcalloc(r->plan.n + 1, sizeof *r->e);
	for (size_t i = 0; i < r->plan.n; i++) {
		r->e[i].in_scope = o->batch == NULL || strcmp(o->batch, r->plan.v[i].batch) == 0;
	}
	build_dependants(r);
	if (!with_journal)
		return BWM_OK;
	struct strbuf jp = STRBUF_INIT;
	if (o->journal_path)
		strbuf_addstr(&jp, o->journal_path);
	else
		strbuf_addf(&jp, "%s.journal", o->plan_path);
	rc = journal_open_as(&r->j, jp.buf, o->restart, 0, o->worker_id, err);
	strbuf_free(&jp);
	if (rc == BWM_OK && o->lease_s > 0)
		r->j.lease_s = o->lease_s;
	if (rc == BWM_OK)
		rc = journal_each(&r->j, row_seen, r, err);
	return rc;
}

int run_http(struct run *r, struct bwm_error *err)
{
	struct http_opts ho = {
		.ca_file = r->o->ca_file,
		.connect_timeout_ms = r->o->connect_timeout_ms,
		.timeout_ms = r->o->timeout_ms,
		.max_connections = r->o->jobs,
	};
	int rc = http_check_api(r->o->api ? r->o->api : LOAD_DEFAULT_API, err);
	if (rc != BWM_OK)
		return rc;
	rc = http_client_init(&r->http, &ho, r->o->token, err);
	r->http_ready = rc == BWM_OK;
	return rc;
}

void run_close(struct run *r)
{
	if (r->http_ready)
		http_client_free(&r->http);
	if (journal_is_open(&r->j))
		journal_close(&r->j);
	for (size_t i = 0; r->e && i < r->plan.n; i++) {
		free(r->e[i].remote_id);
		free(r->e[i].last_error);
		cJSON_Delete(r->e[i].fields);
	}
	free(r->e);
	free(r->dep_start);
	free(r->dep_list);
	free(r->ready);
	free(r->timers);
	free(r->tl_ok);
	free(r->tl_bad);
	free(r->api);
	free(r->rate_origin);
	free(r->wflags);
	cJSON_Delete(r->findings);
	cJSON_Delete(r->notes);
	cJSON_Delete(r->endpoints);
	cJSON_Delete(r->precheck);
	plan_free(&r->plan);
	memset(r, 0, sizeof *r);
}

void run_summarize(struct run *r)
{
	struct load_summary *s = r->sum;
	memset(s->count, 0, sizeof s->count);
	s->total = 0;
	for (size_t i = 0; i < r->plan.n; i++) {
		if (!r->e[i].in_scope)
			continue;
		s->total++;
		s->count[r->e[i].state]++;
	}
	s->findings = (size_t)cJSON_GetArraySize(r->findings);
	s->elapsed_s = (run_now_ms() - r->t0_ms) / 1000.0;
}

void run_count_endpoint(struct run *r, const char *method, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s %s", method, path);
	cJSON *it = cJSON_GetObjectItemCaseSensitive(r->endpoints, sb.buf);
	if (it)
		cJSON_SetNumberValue(it, it->valuedouble + 1);
	else
		cJSON_AddNumberToObject(r->endpoints, sb.buf, 1);
	strbuf_free(&sb);
}

void run_progress(struct run *r, int force)
{
	double now = run_now_ms();
	if (r->o->progress == NULL || (!force && now - r->last_progress_ms < 250))
		return;
	r->last_progress_ms = now;
	struct load_progress p = { .requests = r->sum->requests,
				   .elapsed_s = (now - r->t0_ms) / 1000.0 };
	for (size_t i = 0; i < r->plan.n; i++) {
		if (!r->e[i].in_scope)
			continue;
		p.total++;
		int s = r->e[i].state;
		if (s == JS_DONE || s == JS_FAILED || s == JS_SKIPPED)
			p.finished++;
		if (s == JS_FAILED || s == JS_SKIPPED)
			p.failed++;
	}
	/* The longest wait still ahead (a second or more), while its entry is
	 * still waiting. */
	if (r->wait_i >= 0 && r->wait_until_ms - now >= 1000 && !r->e[r->wait_i].busy &&
	    r->e[r->wait_i].state != JS_FAILED && r->e[r->wait_i].state != JS_DONE) {
		snprintf(r->wait_id, sizeof r->wait_id, "%s:%s", r->plan.v[r->wait_i].kind,
			 r->plan.v[r->wait_i].key);
		p.wait_entry = r->wait_id;
		p.wait_why = r->wait_why;
		p.wait_s = (r->wait_until_ms - now) / 1000.0;
	} else {
		r->wait_i = -1;
	}
	r->o->progress(&p, r->o->progress_ctx);
}

/* Move due timers to the ready queue; return ms until the next one. */
static double fire_timers(struct run *r, double now)
{
	double next = 1e18;
	size_t k = 0;
	for (size_t t = 0; t < r->ntimers; t++) {
		struct run_timer tm = r->timers[t];
		if (tm.due_ms <= now)
			run_push_ready(r, tm.i);
		else {
			if (tm.due_ms - now < next)
				next = tm.due_ms - now;
			r->timers[k++] = tm;
		}
	}
	r->ntimers = k;
	return next;
}

int run_loop(struct run *r, void (*dispatch)(struct run *r, size_t i),
	     void (*handle)(struct run *r, struct http_request *q))
{
	for (;;) {
		int stopping = r->fatal || (r->o->stop && *r->o->stop);
		double now = run_now_ms();
		double next = fire_timers(r, now);
		while (!stopping && r->rhead < r->rtail &&
		       r->inflight < (size_t)ratelimit_window(&r->rl)) {
			double d = ratelimit_delay(&r->rl, now);
			if (d > 0) {
				if (d < next)
					next = d;
				break;
			}
			if (r->workers) {
				double w = 0;
				if (!workers_rate_ready(r, now, &w)) {
					if (w < next)
						next = w;
					break;
				}
				if (!workers_may_dispatch(r, (size_t)r->ready[r->rhead])) {
					r->rhead++;
					stopping = r->fatal;
					continue;
				}
			}
			size_t i = (size_t)r->ready[r->rhead++];
			dispatch(r, i);
			stopping = r->fatal;
		}
		if (r->rhead < r->rtail && r->inflight >= (size_t)ratelimit_window(&r->rl))
			ratelimit_saturated(&r->rl, now);
		int idle = r->rhead == r->rtail && r->ntimers == 0;
		if (r->workers && !stopping) {
			double w = workers_tick(r, now, idle && r->inflight == 0);
			if (w < next)
				next = w;
			idle = r->rhead == r->rtail && r->ntimers == 0 && !workers_waiting(r);
		}
		if (r->inflight == 0 && (stopping || idle))
			break;
		double wait = next < 200 ? next : 200;
		http_wait(&r->http, wait < 1 ? 1 : (int)wait);
		struct http_request *q;
		while ((q = http_next_done(&r->http)) != NULL) {
			assert(r->inflight > 0);
			r->inflight--;
			ratelimit_answered(&r->rl, run_now_ms());
			handle(r, q);
			http_request_free(q);
		}
		run_progress(r, 0);
	}
	run_progress(r, 1);
	return r->fatal ? r->fatal_err.status : BWM_OK;
}

/* Prepare entry i for this run: the reset rules of a resume. */
static void resume_entry(struct run *r, size_t i)
{
	struct run_entry *e = &r->e[i];
	const struct plan_entry *p = &r->plan.v[i];
	int changed = e->stale;
	if (changed && e->state != JS_PENDING && e->state != JS_SKIPPED &&
	    e->state != JS_ROLLED_BACK) {
		const char *what = e->state == JS_IN_FLIGHT
			? "looked up first; the new body is sent only if it does not exist"
			: e->state != JS_FAILED ? "not re-sent"
			: r->o->retry_failed ? "the new body is sent (--retry-failed)"
			: "not re-sent; --retry-failed sends the new body";
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "plan entry changed since it was journaled (%s): %s",
			    journal_state_name(e->state), what);
		e->changed = 1;
		run_note(r, r->findings, i, sb.buf);
		if (r->o->log)
			bwm_warn(r->o->log, "%s:%lu: %s:%s: %s", r->plan.path,
				 (unsigned long)p->line, p->kind, p->key, sb.buf);
		strbuf_free(&sb);
	}
	if (e->state == JS_SKIPPED || e->state == JS_ROLLED_BACK ||
	    (e->state == JS_FAILED && r->o->retry_failed && (e->retryable || changed))) {
		e->attempts = 0;
		run_set(r, i, JS_PENDING, "re-queued");
	}
	if (e->state == JS_PENDING && changed) {
		e->stale = 0;
		run_set(r, i, JS_PENDING, "plan entry changed before it was sent");
	}
	if (e->state == JS_IN_FLIGHT)
		e->step = strcmp(p->method, "LOOKUP") == 0 ? STEP_FIND : STEP_LOOKUP;
	else if (e->state == JS_ACCEPTED)
		e->step = STEP_POLL;
}

/* Why entry i cannot run in this run, or NULL. Sets *unmet. */
static const char *blocker(struct run *r, size_t i, int *unmet, struct strbuf *why)
{
	const struct plan_entry *p = &r->plan.v[i];
	*unmet = 0;
	if (p->blocked)
		return "blocked by validation findings in the plan; fix them and transform again";
	for (size_t d = 0; d < p->ndepends; d++) {
		size_t k = plan_dep(&r->plan, i, d);
		int s = r->e[k].state;
		if (s == JS_DONE)
			continue;
		strbuf_addstr(why, "depends on ");
		plan_id_add(why, &r->plan, k);
		if (!r->e[k].in_scope) {
			strbuf_addf(why, " (batch %s), which is %s; load that batch first",
				    r->plan.v[k].batch, journal_state_name(s));
			return why->buf;
		}
		if (s == JS_FAILED || s == JS_SKIPPED) {
			strbuf_addf(why, ", which is %s", journal_state_name(s));
			return why->buf;
		}
		strbuf_reset(why);
		(*unmet)++;
	}
	return NULL;
}

int run_prepare(struct run *r, struct bwm_error *err)
{
	if (journal_is_open(&r->j) && journal_begin(&r->j, err) != BWM_OK)
		return err->status;
	for (size_t i = 0; i < r->plan.n && !r->fatal; i++) {
		const struct plan_entry *p = &r->plan.v[i];
		char hash[PLAN_HASH_LEN];
		plan_digest_text(p->digest, hash);
		if (journal_is_open(&r->j) && !r->e[i].journaled &&
		    journal_add(&r->j, p->kind, p->key, p->batch, hash, err) != BWM_OK)
			return err->status;
		if (r->e[i].in_scope)
			resume_entry(r, i);
	}
	for (size_t i = 0; i < r->plan.n && !r->fatal; i++) {
		struct run_entry *e = &r->e[i];
		if (!e->in_scope || e->state == JS_DONE || e->state == JS_FAILED ||
		    e->state == JS_SKIPPED)
			continue;
		struct strbuf why = STRBUF_INIT;
		int unmet;
		const char *b = blocker(r, i, &unmet, &why);
		e->unmet = (unsigned short)unmet;
		if (b != NULL && e->state == JS_PENDING)
			skip(r, i, b);
		else if (e->unmet == 0 || e->state != JS_PENDING)
			run_push_ready(r, i);
		strbuf_free(&why);
	}
	if (journal_is_open(&r->j) && journal_commit(&r->j, err) != BWM_OK)
		return err->status;
	if (r->fatal)
		return bwm_fail(err, r->fatal_err.status, "%s", r->fatal_err.msg);
	return BWM_OK;
}
