/*
 * rollback.c — `bwmigrate rollback`: delete what a journal created, in
 * reverse dependency order, journaling each removal as rolled_back.
 *
 * Each entry is deleted by the DELETE the load journaled when it became
 * done (delete.c: the plan's "delete", resolved), kind by kind in reverse
 * plan order: for the existing kinds subscribers, numbers, locations, then
 * the customer — whose delete in the Wholesale API keeps the Webex org, so
 * what is in the org must go first. A journal written before delete paths
 * existed still rolls back: its customers and subscribers by their
 * Wholesale paths; entries with nothing to delete of their own (settings,
 * and an old journal's locations and numbers) are marked rolled_back once
 * the customer whose key prefixes theirs is gone. A 404 counts as already
 * deleted. The list of entries comes from the journal alone; the plan is
 * not needed.
 *
 * An entry an interrupted load left in_flight may or may not exist
 * remotely, and only the load can tell (it looks it up by the natural key
 * from the plan). Rolling back around it would leave it behind without a
 * word, so rollback refuses to start while one is in scope.
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
	r->plan.v[i].digest = plan_digest_parse(row->hash);
	e->in_scope = (e->state == JS_DONE || e->state == JS_ACCEPTED) &&
		      (r->o->batch == NULL || strcmp(r->o->batch, row->batch) == 0);
	return 0;
}

/* The journaled delete of an entry, or NULL (older journal, or a setting). */
static const cJSON *journaled_delete(const struct run_entry *e)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(e->fields, "delete");
	return json_str(d, "path") ? d : NULL;
}

/* The Wholesale path of a customer or subscriber of an older journal. */
static const char *legacy_template(const char *kind)
{
	if (strcmp(kind, "customer") == 0)
		return "/wholesale/customers/{id}";
	if (strcmp(kind, "subscriber") == 0)
		return "/wholesale/subscribers/{id}";
	return NULL;
}

static int deletable(const struct run *r, size_t i)
{
	const struct run_entry *e = &r->e[i];
	return e->in_scope && e->state != JS_ROLLED_BACK &&
	       (journaled_delete(e) || (e->remote_id && legacy_template(r->plan.v[i].kind)));
}

/* Index of the next body to send for a DELETE with several (in memory). */
static int next_body(const struct run_entry *e)
{
	return (int)json_num(e->fields, "deleteNext", 0);
}

static void delete_dispatch(struct run *r, size_t i)
{
	struct run_entry *e = &r->e[i];
	const cJSON *d = journaled_delete(e);
	struct strbuf url = STRBUF_INIT;
	const char *tmpl;
	char *text = NULL;
	if (d != NULL) {
		strbuf_addf(&url, "%s%s", r->api, json_str(d, "path"));
		tmpl = json_str_or(d, "template", json_str(d, "path"));
		const cJSON *b = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(d, "bodies"),
						    next_body(e));
		text = b ? cJSON_PrintUnformatted(b) : NULL;
	} else {
		tmpl = legacy_template(r->plan.v[i].kind);
		strbuf_addf(&url, "%s%.*s", r->api, (int)(strlen(tmpl) - 4), tmpl);
		http_escape(&url, e->remote_id);
	}
	ratelimit_take(&r->rl, run_now_ms());
	http_start(&r->http, "DELETE", url.buf, text, TAG_DELETE, (void *)i);
	r->inflight++;
	r->sum->requests++;
	run_count_endpoint(r, "DELETE", tmpl);
	cJSON_free(text);
	strbuf_free(&url);
}

/* One DELETE done (or already gone): the next body, or the entry is gone. */
static void delete_step_done(struct run *r, size_t i, const struct http_request *q)
{
	struct run_entry *e = &r->e[i];
	const cJSON *bodies = cJSON_GetObjectItemCaseSensitive(journaled_delete(e), "bodies");
	int next = next_body(e) + 1;
	ratelimit_on_success(&r->rl, run_now_ms());
	if (next < cJSON_GetArraySize(bodies)) {
		cJSON_DeleteItemFromObjectCaseSensitive(e->fields, "deleteNext");
		cJSON_AddNumberToObject(e->fields, "deleteNext", next);
		e->tries = 0;
		run_push_ready(r, i);
		return;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(e->fields, "deleteNext");
	run_set(r, i, JS_ROLLED_BACK, q->status == 404 ? "already gone (404)" : "deleted");
}

static void delete_handle(struct run *r, struct http_request *q)
{
	size_t i = (size_t)q->user;
	struct run_entry *e = &r->e[i];
	e->http_status = (int)q->status;
	if (q->result == CURLE_OK)
		r->ever_ok = 1;
	if ((q->status >= 200 && q->status < 300) || q->status == 404) {
		delete_step_done(r, i, q);
		return;
	}
	/* Refused credentials or certificate, or an API never reached: stop. */
	int stop = response_refused(q) || (!r->ever_ok && response_unreachable(q));
	if (!stop && response_transient(q) && response_retry_later(r, i, q))
		return;
	char *text = request_error_text(q);
	if (stop) {
		if (!r->fatal)
			bwm_fail(&r->fatal_err, BWM_EAPI, "rollback stopped: %s; check the token, "
				 "--api and --ca-file", text);
		r->fatal = 1;
	} else {
		free(e->last_error);
		e->last_error = xstrdup(text);
		e->parked = 1;     /* stays done: it still exists */
		run_note(r, r->notes, i, text);
	}
	free(text);
}

/* Delete every in-scope entry of one kind that has a delete. */
static int phase(struct run *r, const char *kind)
{
	for (size_t i = 0; i < r->plan.n; i++)
		if (deletable(r, i) && strcmp(r->plan.v[i].kind, kind) == 0)
			run_push_ready(r, i);
	return run_loop(r, delete_dispatch, delete_handle);
}

/* Kind by kind, in the reverse order of their first entry in the journal
 * (which is plan order): what depends on something goes before it. */
static int phases(struct run *r)
{
	const char **kinds = xcalloc(r->plan.n + 1, sizeof *kinds);
	size_t nk = 0;
	for (size_t i = 0; i < r->plan.n; i++) {
		size_t k = 0;
		while (k < nk && strcmp(kinds[k], r->plan.v[i].kind) != 0)
			k++;
		if (k == nk)
			kinds[nk++] = r->plan.v[i].kind;
	}
	int rc = BWM_OK;
	while (nk > 0 && rc == BWM_OK && !r->fatal)
		rc = phase(r, kinds[--nk]);
	free(kinds);
	return rc;
}

/* 1 if the customer that owns entry key (its key up to a '/' or '#') was
 * rolled back. A lookup per prefix, not a scan of the plan per entry. */
static int owner_gone(struct run *r, const char *key)
{
	struct strbuf id = STRBUF_INIT;
	long c = -1;
	for (size_t n = 0; c < 0; n++) {
		if (key[n] != '\0' && key[n] != '/' && key[n] != '#')
			continue;
		strbuf_reset(&id);
		strbuf_addf(&id, "customer:%.*s", (int)n, key);
		c = plan_find(&r->plan, id.buf);
		if (key[n] == '\0')
			break;
	}
	strbuf_free(&id);
	return c >= 0 && r->e[c].state == JS_ROLLED_BACK;
}

/* Refuse when in-scope entries are in_flight: name the first few. */
static int check_in_flight(struct run *r, struct bwm_error *err)
{
	size_t n = 0;
	struct strbuf keys = STRBUF_INIT;
	for (size_t i = 0; i < r->plan.n; i++) {
		const struct plan_entry *p = &r->plan.v[i];
		if (r->e[i].state != JS_IN_FLIGHT ||
		    (r->o->batch != NULL && strcmp(r->o->batch, p->batch) != 0))
			continue;
		if (n < 3)
			strbuf_addf(&keys, "%s%s %s", n ? ", " : "", p->kind, p->key);
		n++;
	}
	int rc = BWM_OK;
	if (n > 0)
		rc = bwm_fail(err, BWM_EPARTIAL, "%s: %zu entr%s in scope %s in_flight (%s%s): an "
			      "interrupted load sent %s and the outcome is unknown, so %s may exist "
			      "remotely; nothing was rolled back. Run the same load again first (it "
			      "looks each one up by its natural key before sending anything), then "
			      "roll back", r->o->journal_path, n, n == 1 ? "y" : "ies",
			      n == 1 ? "is" : "are", keys.buf, n > 3 ? ", ..." : "",
			      n == 1 ? "it" : "them", n == 1 ? "it" : "they");
	strbuf_free(&keys);
	return rc;
}

/* Entries with no delete of their own: settings (gone with their owner),
 * and the locations and numbers of a journal older than delete paths,
 * which stay in the customer's org. */
static int rollback_rest(struct run *r)
{
	for (size_t i = 0; i < r->plan.n && !r->fatal; i++) {
		const char *kind = r->plan.v[i].kind;
		if (!r->e[i].in_scope || r->e[i].state == JS_ROLLED_BACK || deletable(r, i) ||
		    legacy_template(kind) != NULL || journaled_delete(&r->e[i]) != NULL)
			continue;
		if (owner_gone(r, r->plan.v[i].key))
			run_set(r, i, JS_ROLLED_BACK, "no delete of its own journaled: it goes with "
				"its owner, or stays in the customer's organisation");
	}
	return r->fatal ? r->fatal_err.status : BWM_OK;
}

int load_rollback(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err)
{
	struct run r;
	memset(sum, 0, sizeof *sum);
	run_init(&r, o, sum);
	r.plan.path = xstrdup(o->journal_path);
	int rc = journal_is_url(o->journal_path) || access(o->journal_path, R_OK | W_OK) == 0 ? BWM_OK
		 : bwm_fail(err, BWM_EINPUT, "%s: no such journal (or not writable); give the "
			    "--journal of the load to roll back", o->journal_path);
	if (rc == BWM_OK)
		rc = journal_open(&r.j, o->journal_path, 0, 0, err);
	if (rc == BWM_OK)
		rc = journal_each(&r.j, rollback_row, &r, err);
	if (rc == BWM_OK)
		rc = check_in_flight(&r, err);
	if (rc == BWM_OK) {
		r.dep_start = xcalloc(r.plan.n + 1, sizeof *r.dep_start);
		rc = run_http(&r, err);
	}
	if (rc == BWM_OK && (rc = phases(&r)) == BWM_OK)
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
