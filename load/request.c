/*
 * request.c — what each step of an entry sends: the create request of the
 * plan (with "$ref" resolved), the natural-key lookup, the customer poll and
 * the LOOKUP of a location created by its customer. What the responses mean
 * is response.c.
 */
#include "load/run.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *request_url(struct run *r, const char *path, const cJSON *params)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, r->api);
	const char *used[32];
	size_t nused = 0;
	for (const char *s = path; *s; s++) {
		const char *close = *s == '{' ? strchr(s, '}') : NULL;
		if (close == NULL) {
			strbuf_addch(&sb, *s);
			continue;
		}
		char *name = xstrndup(s + 1, (size_t)(close - s - 1));
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, name);
		http_escape(&sb, cJSON_IsString(v) ? v->valuestring : "");
		if (v && nused < 32)
			used[nused++] = v->string;
		free(name);
		s = close;
	}
	char sep = strchr(path, '?') ? '&' : '?';
	const cJSON *p;
	cJSON_ArrayForEach(p, params) {
		int skip = !cJSON_IsString(p);
		for (size_t k = 0; k < nused && !skip; k++)
			skip = used[k] == p->string;
		if (skip)
			continue;
		strbuf_addch(&sb, sep);
		sep = '&';
		http_escape(&sb, p->string);
		strbuf_addch(&sb, '=');
		http_escape(&sb, p->valuestring);
	}
	return strbuf_detach(&sb);
}

char *request_error_text(const struct http_request *q)
{
	struct strbuf sb = STRBUF_INIT;
	if (q->result == CURLE_WRITE_ERROR) {
		strbuf_addf(&sb, "answer refused: larger than %zu MiB", HTTP_MAX_BODY >> 20);
		return strbuf_detach(&sb);
	}
	if (q->result != CURLE_OK) {
		strbuf_addf(&sb, "no response: %s", q->errbuf[0] ? q->errbuf
			    : curl_easy_strerror(q->result));
		return strbuf_detach(&sb);
	}
	strbuf_addf(&sb, "HTTP %ld", q->status);
	cJSON *b = cJSON_Parse(q->resp.buf);
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(b, "errors");
	const cJSON *one = cJSON_IsArray(errs) ? cJSON_GetArrayItem(errs, 0) : b;
	const char *desc = json_str(one, "description");
	if (desc == NULL)
		desc = json_str(b, "message");
	if (desc)
		strbuf_addf(&sb, ": %s", desc);
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(one, "errorCode");
	if (cJSON_IsNumber(code))
		strbuf_addf(&sb, " (errorCode %d)", code->valueint);
	else if (cJSON_IsString(code))
		strbuf_addf(&sb, " (errorCode %s)", code->valuestring);
	cJSON_Delete(b);
	return strbuf_detach(&sb);
}

void request_send(struct run *r, size_t i, const char *method, const char *url,
		  const cJSON *body, int tag, const char *endpoint)
{
	char *text = body ? cJSON_PrintUnformatted(body) : NULL;
	ratelimit_take(&r->rl, run_now_ms());
	if (r->shared_rate)
		r->tokens--;   /* may go below 0 (a next page): repaid before the next send */
	http_start(&r->http, method, url, text, tag, (void *)i);
	if (text != NULL)
		secret_wipe(text);   /* it may hold a SIP password */
	cJSON_free(text);
	r->e[i].busy = 1;
	r->inflight++;
	r->sum->requests++;
	run_count_endpoint(r, method, endpoint);
}

/* Why reference ref ("KIND:KEY[#FIELD]") has no value: its entry is not
 * done yet (a missing depends), or it is done without that field — a
 * subscriber waiting for the user's consent has no personId yet. */
static void missing_ref_text(struct run *r, struct strbuf *sb, const char *ref)
{
	char *id = NULL;
	const char *field = NULL;
	long k = resolve_split(ref, &id, &field) == 0 ? plan_find(&r->plan, id) : -1;
	if (k >= 0 && r->e[k].state == JS_DONE && field)
		strbuf_addf(sb, "%s is done but has no %s (status %s); run the load again once "
			    "it has one", id, field, json_str_or(r->e[k].fields, "status", "unknown"));
	else
		strbuf_addf(sb, "reference %s is not known yet; add it to \"depends\"", ref);
	free(id);
}

/* The plan record of i with every reference resolved, or NULL (entry failed). */
static cJSON *resolved_record(struct run *r, size_t i)
{
	cJSON *rec = NULL;
	struct bwm_error err = { 0, "" };
	if (plan_record(&r->plan, i, &rec, &err) != BWM_OK) {
		run_fail(r, i, 0, err.msg);
		return NULL;
	}
	char *missing = NULL;
	if (resolve_refs(rec, run_ref, r, &missing) != 0) {
		struct strbuf sb = STRBUF_INIT;
		missing_ref_text(r, &sb, missing);
		run_fail(r, i, 1, sb.buf);
		strbuf_free(&sb);
		free(missing);
		cJSON_Delete(rec);
		return NULL;
	}
	return rec;
}

static void send_create(struct run *r, size_t i, cJSON *rec)
{
	struct run_entry *e = &r->e[i];
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(rec, "request");
	const char *method = json_str(req, "method"), *path = json_str(req, "path");
	cJSON *body = cJSON_GetObjectItemCaseSensitive(rec, "body");
	/* A SIP password is on disk before the request that sets it leaves. */
	if (secret_fill(r, i, body, &r->fatal_err) != BWM_OK) {
		r->fatal = 1;
		return;
	}
	char *url = request_url(r, path, cJSON_GetObjectItemCaseSensitive(rec, "params"));
	e->attempts++;
	e->stale = 0;   /* the journal gets this body's hash */
	/* The crash rule depends on this commit happening before the send. */
	if (run_set(r, i, JS_IN_FLIGHT, e->attempts > 1 ? "re-sent" : "sent") == BWM_OK)
		request_send(r, i, method, url, body, TAG_CREATE, path);
	secret_wipe_body(body);
	free(url);
}

/* The GET of a lookup the plan describes itself (docs/plan-format.md,
 * "lookup" with "path"): path parameters and the query string come from
 * lookup.query, already resolved. Any kind can be found this way, so a new
 * kind of object needs no code here. */
static char *generic_lookup_url(struct run *r, const cJSON *lk)
{
	return request_url(r, json_str(lk, "path"), cJSON_GetObjectItemCaseSensitive(lk, "query"));
}

/* GET by natural key: customer externalId, subscriber email, location
 * name in org, numbers of a location; any other kind by lookup.path. */
static void send_lookup(struct run *r, size_t i, cJSON *rec, int tag)
{
	const char *kind = r->plan.v[i].kind;
	const cJSON *lk = cJSON_GetObjectItemCaseSensitive(rec, "lookup");
	cJSON *q = cJSON_CreateObject();
	const char *path = NULL;
	char *url = NULL;
	if (json_str(lk, "path")) {
		path = json_str(lk, "path");
		url = generic_lookup_url(r, lk);
	} else if (strcmp(kind, "customer") == 0 && json_str(lk, "externalId")) {
		path = "/wholesale/customers";
		cJSON_AddStringToObject(q, "externalId", json_str(lk, "externalId"));
	} else if (strcmp(kind, "subscriber") == 0 && json_str(lk, "email")) {
		path = "/wholesale/subscribers";
		cJSON_AddStringToObject(q, "email", json_str(lk, "email"));
	} else if (strcmp(kind, "location") == 0 && json_str(lk, "name")) {
		path = "/locations";
		json_add_str_opt(q, "orgId", json_str(lk, "orgId"));
		cJSON_AddStringToObject(q, "name", json_str(lk, "name"));
	} else if (strcmp(kind, "number") == 0 && json_str(lk, "locationId")) {
		/* The Numbers API has no GET on a location's numbers: list the org's. */
		path = "/telephony/config/numbers";
		cJSON_AddStringToObject(q, "locationId", json_str(lk, "locationId"));
		const cJSON *params = cJSON_GetObjectItemCaseSensitive(rec, "params");
		json_add_str_opt(q, "orgId", json_str(params, "orgId"));
	}
	if (path == NULL) {
		cJSON_Delete(q);
		if (tag == TAG_FIND) {
			run_fail(r, i, 0, "LOOKUP entry without lookup.name; fix the plan");
			return;
		}
		/* Nothing to look it up by: the plan accepts re-sending it. */
		send_create(r, i, rec);
		return;
	}
	if (url == NULL)
		url = request_url(r, path, q);
	r->e[i].pages = 0;
	/* A LOOKUP entry is in flight while we search, so that a resume searches again. */
	if (tag != TAG_FIND || r->e[i].state == JS_IN_FLIGHT ||
	    run_set(r, i, JS_IN_FLIGHT, "looking up") == BWM_OK)
		request_send(r, i, "GET", url, NULL, tag, path);
	free(url);
	cJSON_Delete(q);
}

/* 1 if url is on the origin (scheme://host:port) of the API base. The
 * bearer token goes with every request, so a Location the server hands us
 * is followed only there: never to another host, nor from https to http. */
static int same_origin(const char *api, const char *url)
{
	const char *host = strstr(api, "://");
	if (host == NULL)
		return 0;
	host += 3;
	size_t n = (size_t)(host - api) + strcspn(host, "/?#");
	return strncmp(api, url, n) == 0 && (url[n] == '/' || url[n] == '\0');
}

int request_next_page(struct run *r, size_t i, const struct http_request *q,
		      const char *endpoint)
{
	char *next = q->link ? http_link_next(q->link) : NULL;
	int ok = next && same_origin(r->api, next) && r->e[i].pages < REQUEST_MAX_PAGES;
	if (ok) {
		r->e[i].pages++;
		request_send(r, i, "GET", next, NULL, q->tag, endpoint);
	}
	free(next);
	return ok;
}

static void send_poll(struct run *r, size_t i)
{
	struct run_entry *e = &r->e[i];
	const char *loc = json_str(e->fields, "location");
	struct strbuf sb = STRBUF_INIT;
	if (loc && same_origin(r->api, loc))
		strbuf_addstr(&sb, loc);
	else if (e->remote_id) {
		strbuf_addf(&sb, "%s/wholesale/customers/", r->api);
		http_escape(&sb, e->remote_id);
	} else {
		strbuf_free(&sb);
		e->step = STEP_LOOKUP;   /* accepted without an id: find it */
		run_push_ready(r, i);
		return;
	}
	request_send(r, i, "GET", sb.buf, NULL, TAG_POLL, "/wholesale/customers/{id}");
	strbuf_free(&sb);
}

void request_dispatch(struct run *r, size_t i)
{
	struct run_entry *e = &r->e[i];
	assert(!e->busy);   /* an entry is queued, timed or in flight, never two */
	if (e->state == JS_DONE || e->state == JS_FAILED || e->state == JS_SKIPPED)
		return;
	if (e->first_ms == 0)
		e->first_ms = (float)(run_now_ms() - r->t0_ms);
	if (e->step == STEP_POLL) {
		send_poll(r, i);
		return;
	}
	cJSON *rec = resolved_record(r, i);
	if (rec == NULL)
		return;
	if (e->step == STEP_FIND || strcmp(r->plan.v[i].method, "LOOKUP") == 0)
		send_lookup(r, i, rec, TAG_FIND);
	else if (e->step == STEP_LOOKUP && !request_resends(r, i))
		send_lookup(r, i, rec, TAG_LOOKUP);
	else
		send_create(r, i, rec);
	cJSON_Delete(rec);
}
