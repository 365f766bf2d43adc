/*
 * rollback.c — `bwmigrate rollback`: delete what a journal created, in
 * reverse dependency order, journaling each removal as rolled_back.
 *
 * Subscribers go first (DELETE /wholesale/subscribers/{id}), then customers
 * (DELETE /wholesale/customers/{id}); locations and numbers have no delete
 * of their own in the Wholesale API and go with their customer: they are
 * marked rolled_back once the customer whose key prefixes theirs is gone.
 * A 404 counts as already deleted. The list of entries comes from the
 * journal alone; the plan is not needed.
 */
#include "load/run.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Fill the run from the journal rows that created something. */
static int rollback_row(const struct journal_row *row, void *ctx)
{
	struct run *r = ctx;
	if (plan_add(&r->plan, row->kind, row->key, row->batch, "DELETE") != 0)
		return 0;
	size_t i = r->plan.n - 1;
	r->e = xrealloc(r->e, (r->plan.n + 1) * sizeof *r->e);
	struct run_entry *e = &r->e[i];
	memset(e, 0, sizeof *e);
	e->state = row->state;
	e->attempts = row->attempts;
	e->remote_id = row->remote_id ? xstrdup(row->remote_id) : NULL;
	e->fields = row->fields ? cJSON_Parse(row->fields) : NULL;
	if (!cJSON_IsObject(e->fields)) {
		cJSON_Delete(e->fields);
		e->fields = cJSON_CreateObject();
	}
	e->last_error = row->last_error ? xstrdup(row->last_error) : NULL;
	e->retryable = row->retryable;
	e->http_status = row->http_status;
	snprintf(e->hash, sizeof e->hash, "%s", row->hash ? row->hash : "");
	e->in_scope = (e->state == JS_DONE || e->state == JS_ACCEPTED) &&
		      (r->o->batch == NULL || strcmp(r->o->batch, row->batch) == 0);
	return 0;
}

static void delete_dispatch(struct run *r, size_t i)
{
	struct run_entry *e = &r->e[i];
	const char *kind = r->plan.v[i].kind;
	struct strbuf url = STRBUF_INIT;
	strbuf_addf(&url, "%s/wholesale/%s/", r->api,
		    strcmp(kind, "customer") == 0 ? "customers" : "subscribers");
	http_escape(&url, e->remote_id);
	ratelimit_take(&r->rl, run_now_ms());
	http_start(&r->http, "DELETE", url.buf, NULL, TAG_DELETE, (void *)i);
	r->inflight++;
	r->sum->requests++;
	run_count_endpoint(r, "DELETE", strcmp(kind, "customer") == 0
			   ? "/wholesale/customers/{id}" : "/wholesale/subscribers/{id}");
	strbuf_free(&url);
}

static void delete_handle(struct run *r, struct http_request *q)
{
	size_t i = (size_t)q->user;
	struct run_entry *e = &r->e[i];
	e->http_status = (int)q->status;
	if (q->result == CURLE_OK)
		r->ever_ok = 1;
	if ((q->status >= 200 && q->status < 300) || q->status == 404) {
		run_set(r, i, JS_ROLLED_BACK, q->status == 404 ? "already gone (404)" : "deleted");
		ratelimit_on_success(&r->rl, run_now_ms());
		return;
	}
	char *text = request_error_text(q);
	if (q->status == 401 || q->status == 403 ||
	    (!r->ever_ok && q->result == CURLE_COULDNT_CONNECT)) {
		if (!r->fatal)
			bwm_fail(&r->fatal_err, BWM_EAPI, "rollback stopped: %s; check the token "
				 "and --api", text);
		r->fatal = 1;
	} else if ((q->result != CURLE_OK || q->status == 429 || q->status == 423 ||
		    q->status >= 500) && ++e->tries < r->o->max_attempts) {
		double ms = ratelimit_backoff(&r->rl, e->tries);
		if (q->status == 429) {
			if (ratelimit_parse_retry_after(q->retry_after, time(NULL), &ms) != 0)
				ms = RATELIMIT_DEFAULT_RETRY_MS;
			ratelimit_on_throttle(&r->rl, run_now_ms(), ms);
		}
		run_schedule(r, i, ms);
	} else {
		free(e->last_error);
		e->last_error = xstrdup(text);
		e->parked = 1;     /* stays done: it still exists */
		run_note(r, r->notes, i, text);
	}
	free(text);
}

/* Delete every in-scope entry of one kind that has a remote id. */
static int phase(struct run *r, const char *kind)
{
	for (size_t i = 0; i < r->plan.n; i++)
		if (r->e[i].in_scope && r->e[i].remote_id && strcmp(r->plan.v[i].kind, kind) == 0)
			run_push_ready(r, i);
	return run_loop(r, delete_dispatch, delete_handle);
}

/* The customer that owns entry key, if it was rolled back. */
static int owner_gone(struct run *r, const char *key)
{
	for (size_t c = 0; c < r->plan.n; c++) {
		const char *ck = r->plan.v[c].key;
		size_t n = strlen(ck);
		if (strcmp(r->plan.v[c].kind, "customer") == 0 && strncmp(key, ck, n) == 0 &&
		    (key[n] == '\0' || key[n] == '/' || key[n] == '#'))
			return r->e[c].state == JS_ROLLED_BACK;
	}
	return 0;
}

static int rollback_rest(struct run *r)
{
	for (size_t i = 0; i < r->plan.n && !r->fatal; i++) {
		const char *kind = r->plan.v[i].kind;
		if (!r->e[i].in_scope || r->e[i].state == JS_ROLLED_BACK ||
		    strcmp(kind, "customer") == 0 || strcmp(kind, "subscriber") == 0)
			continue;
		if (owner_gone(r, r->plan.v[i].key))
			run_set(r, i, JS_ROLLED_BACK, "removed with its customer");
	}
	return r->fatal ? r->fatal_err.status : BWM_OK;
}

int load_rollback(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err)
{
	struct run r;
	memset(&r, 0, sizeof r);
	memset(sum, 0, sizeof *sum);
	r.o = o;
	r.sum = sum;
	r.t0_ms = run_now_ms();
	r.findings = cJSON_CreateArray();
	r.notes = cJSON_CreateArray();
	r.endpoints = cJSON_CreateObject();
	r.precheck = cJSON_CreateArray();
	const char *api = o->api ? o->api : LOAD_DEFAULT_API;
	size_t n = strlen(api);
	while (n > 0 && api[n - 1] == '/')
		n--;
	r.api = xstrndup(api, n);
	r.plan.path = xstrdup(o->journal_path);
	ratelimit_init(&r.rl, o->jobs, o->rate, (double)o->backoff_base_ms, (uint64_t)time(NULL));
	int rc = access(o->journal_path, R_OK | W_OK) == 0 ? BWM_OK
		 : bwm_fail(err, BWM_EINPUT, "%s: no such journal (or not writable); give the "
			    "--journal of the load to roll back", o->journal_path);
	if (rc == BWM_OK)
		rc = journal_open(&r.j, o->journal_path, 0, 0, err);
	if (rc == BWM_OK)
		rc = journal_each(&r.j, rollback_row, &r, err);
	if (rc == BWM_OK) {
		r.dep_start = xcalloc(r.plan.n + 1, sizeof *r.dep_start);
		rc = run_http(&r, err);
	}
	if (rc == BWM_OK && (rc = phase(&r, "subscriber")) == BWM_OK &&
	    (rc = phase(&r, "customer")) == BWM_OK)
		rc = rollback_rest(&r);
	if (rc != BWM_OK && r.fatal)
		bwm_fail(err, rc, "%s", r.fatal_err.msg);
	if (r.e != NULL) {
		run_summarize(&r);
		if (o->report_dir && rc == BWM_OK)
			rc = report_write(&r, "rollback", err);
		size_t left = sum->total - sum->count[JS_ROLLED_BACK];
		if (rc == BWM_OK && left > 0)
			rc = bwm_fail(err, BWM_EPARTIAL, "%zu of %zu entries could not be rolled back; "
				      "see the messages above and run rollback again", left,
				      sum->total);
	}
	run_close(&r);
	return rc;
}
