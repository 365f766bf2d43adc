/*
 * response.c — what a response means for the entry that sent it.
 *
 * Classification (issue 5, "rate control"):
 *   2xx                 the step succeeded
 *   401, 403            the API refused our credentials: stop the run (exit 4)
 *   409 on a create     it exists already: look it up and adopt it
 *   429                 throttled: cut concurrency, wait Retry-After, same step
 *                       (dense 429s pause every request, see ratelimit.h)
 *   423                 locked: back off, same step (nothing was done)
 *   5xx, reset, timeout outcome unknown: back off, then look up before re-sending
 *                       (only this entry waits; a 503's Retry-After is honoured
 *                       for it, and does not slow the others)
 *   other 4xx           the data is wrong: failed, permanent, with the API's text
 *   2xx, body unreadable not JSON, or nested too deep for the parser: counted
 *                       as a failed attempt of its step like a 5xx (a create
 *                       is looked up before it is sent again), never taken
 *                       for "created" or "not found"
 */
#include "load/run.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_THROTTLES 100   /* 429s one entry may see before it gives up */

static void set_remote_id(struct run_entry *e, const char *id)
{
	if (id == NULL)
		return;
	free(e->remote_id);
	e->remote_id = xstrdup(id);
}

static void set_field(struct run_entry *e, const char *name, const char *value)
{
	run_set_field(e, name, value);
}

int response_unreachable(const struct http_request *q)
{
	CURLcode c = q->result;
	return c == CURLE_COULDNT_CONNECT || c == CURLE_COULDNT_RESOLVE_HOST ||
	       c == CURLE_COULDNT_RESOLVE_PROXY;
}

/* Ids a later entry may reference as {"$ref": "KIND:KEY#FIELD"}: a
 * subscriber's personId for members and /people/{personId}/… settings, the
 * org and location of whatever was created. */
static void keep_id_fields(struct run_entry *e, const cJSON *obj)
{
	static const char *const names[] = { "orgId", "personId", "locationId", "workspaceId" };
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		set_field(e, names[k], json_str(obj, names[k]));
}

static int tls_refused(CURLcode c)
{
	return c == CURLE_PEER_FAILED_VERIFICATION || c == CURLE_SSL_CACERT_BADFILE ||
	       c == CURLE_SSL_CONNECT_ERROR || c == CURLE_UNSUPPORTED_PROTOCOL;
}

int response_refused(const struct http_request *q)
{
	return q->status == 401 || q->status == 403 || tls_refused(q->result);
}

/* The body of a 2xx as JSON in *out: 1 when it is readable (empty, or a
 * JSON object or array), 0 when the server answered something the load
 * cannot read (an HTML error page, JSON nested deeper than cJSON allows). */
static int readable_body(const struct http_request *q, cJSON **out)
{
	*out = NULL;
	if (q->resp.len == 0)
		return 1;
	*out = cJSON_ParseWithLength(q->resp.buf, q->resp.len);
	if (cJSON_IsObject(*out) || cJSON_IsArray(*out))
		return 1;
	cJSON_Delete(*out);
	*out = NULL;
	return 0;
}

/* request_error_text, or what is wrong with an unreadable 2xx. */
static char *error_text(const struct http_request *q)
{
	cJSON *b = NULL;
	if (q->result != CURLE_OK || q->status < 200 || q->status >= 300 || readable_body(q, &b)) {
		cJSON_Delete(b);
		return request_error_text(q);
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "HTTP %ld, but the answer (%zu bytes) is not JSON the load can read "
		    "(not JSON, or nested too deeply); check --api and the API's status",
		    q->status, q->resp.len);
	return strbuf_detach(&sb);
}

int response_transient(const struct http_request *q)
{
	return q->result != CURLE_OK || q->status == 429 || q->status == 423 || q->status >= 500;
}

/* The wait of one entry after a 5xx, 423, reset or timeout: its own
 * backoff, or the server's Retry-After (a 503 often has one) if longer.
 * Only this entry waits: the limiter is left alone, because a server error
 * on one request says nothing about the pace of the others. */
static double entry_delay(struct run *r, const struct http_request *q, int attempt)
{
	double ms = ratelimit_backoff(&r->rl, attempt), hint;
	if (q->retry_after &&
	    ratelimit_parse_retry_after(q->retry_after, time(NULL), &hint) == 0 && hint > ms)
		ms = hint;
	return ms;
}

/* Why an entry waits after q, for the logs and the progress line. */
static const char *wait_reason(const struct http_request *q)
{
	if (q->result != CURLE_OK)
		return "no answer (backoff)";
	if (q->status == 429)
		return "throttled (429, Retry-After)";
	if (q->status == 423)
		return "locked (423)";
	if (q->status >= 500)
		return q->retry_after ? "server error (5xx, Retry-After)" : "server error (5xx)";
	return "unreadable answer (backoff)";
}

/* A 429's Retry-After told to the limiter, which may pause every request:
 * never for longer than one entry may wait (--max-wait). */
static double throttled(struct run *r, const struct http_request *q)
{
	double ms;
	if (ratelimit_parse_retry_after(q->retry_after, time(NULL), &ms) != 0)
		ms = RATELIMIT_DEFAULT_RETRY_MS;
	double cap = (double)r->o->max_wait_ms;
	ratelimit_on_throttle(&r->rl, run_now_ms(), ms < cap ? ms : cap);
	return ms;
}

int response_retry_later(struct run *r, size_t i, const struct http_request *q)
{
	struct run_entry *e = &r->e[i];
	if (++e->tries >= r->o->max_attempts)
		return 0;
	double ms = entry_delay(r, q, e->tries);
	if (q->status == 429)
		ms = throttled(r, q);
	if (e->waited_ms + ms > (double)r->o->max_wait_ms)
		return 0;
	run_wait(r, i, ms, wait_reason(q));
	return 1;
}

/* Stop dispatching (exit 4). q is the request that was refused or could not
 * connect: when it was the create itself, nothing was created and the entry
 * goes back to pending. When it was a lookup or a poll, the entry keeps its
 * state: an in_flight entry may exist from an earlier send, and only a
 * lookup may decide that (the crash rule), so the next run looks it up. */
static void stop_run(struct run *r, size_t i, const struct http_request *q,
		     const char *why)
{
	struct run_entry *e = &r->e[i];
	if (!r->fatal) {
		r->fatal = 1;
		bwm_fail(&r->fatal_err, BWM_EAPI, "%s", why);
	}
	if (q->tag == TAG_CREATE && e->state == JS_IN_FLIGHT && e->attempts > 0) {
		e->attempts--;
		struct bwm_error keep = r->fatal_err;
		run_set(r, i, JS_PENDING, why);
		r->fatal_err = keep;
		r->fatal = 1;
	}
}

/* Try the step again later, or fail the entry when it has had enough. */
static void retry(struct run *r, size_t i, const struct http_request *q, int step)
{
	struct run_entry *e = &r->e[i];
	e->step = step;
	if (q->status == 429) {
		double ms = throttled(r, q);
		if (++e->throttles <= MAX_THROTTLES) {
			run_wait(r, i, ms, wait_reason(q));
			return;
		}
	}
	/* Sends answered 429 do not count against --max-attempts. */
	int n = q->tag == TAG_CREATE ? e->attempts - e->throttles : ++e->tries;
	if (n < 1)
		n = 1;
	if (n < r->o->max_attempts && e->throttles <= MAX_THROTTLES) {
		run_wait(r, i, entry_delay(r, q, n), wait_reason(q));
		return;
	}
	char *text = error_text(q);
	if (!r->ever_ok && response_unreachable(q)) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "cannot reach the API at %s (%s); check --api and the network",
			    r->api, text);
		stop_run(r, i, q, sb.buf);
		strbuf_free(&sb);
	} else {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "gave up after %d attempts: %s", n, text);
		run_fail(r, i, 1, sb.buf);
		strbuf_free(&sb);
	}
	free(text);
}

/* A customer object from a poll or a lookup: settle it or poll again. */
static void settle_customer(struct run *r, size_t i, const cJSON *c)
{
	struct run_entry *e = &r->e[i];
	const char *status = json_str(c, "status");
	set_remote_id(e, json_str(c, "id"));
	set_field(e, "orgId", json_str(c, "orgId"));
	set_field(e, "status", status);
	char *errs = NULL;
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(c, "errors");
	if (cJSON_GetArraySize(list) > 0)
		errs = cJSON_PrintUnformatted(list);
	if (status && strcmp(status, "provisioned") == 0) {
		run_done(r, i, "provisioned");
	} else if (status && strcmp(status, "provisioned_with_errors") == 0) {
		struct strbuf sb = STRBUF_INIT;
		const cJSON *rd = cJSON_GetObjectItemCaseSensitive(c, "resourceDetails");
		char *det = rd ? cJSON_PrintUnformatted(rd) : NULL;
		strbuf_addf(&sb, "provisioned with errors: %s", det ? det : errs ? errs : "");
		cJSON_free(det);
		run_note(r, r->notes, i, sb.buf);
		set_field(e, "warning", sb.buf);
		run_done(r, i, sb.buf);
		strbuf_free(&sb);
	} else if (status && strcmp(status, "error") == 0) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "customer provisioning failed: %s", errs ? errs : "no details");
		run_fail(r, i, 0, sb.buf);
		strbuf_free(&sb);
	} else if (status && strcmp(status, "pending_rpl_review") == 0) {
		e->parked = 1;
		run_note(r, r->notes, i, "pending_rpl_review: waiting for the restricted party "
			 "check; run the load again later to pick it up");
		run_set(r, i, JS_ACCEPTED, "pending_rpl_review");
	} else {
		if (e->state != JS_ACCEPTED)
			run_set(r, i, JS_ACCEPTED, status ? status : "accepted");
		e->step = STEP_POLL;
		double d = e->poll_ms > 0 ? e->poll_ms : (double)r->o->poll_ms;
		e->poll_ms = d * 1.5 > 5000 ? 5000 : d * 1.5;
		run_schedule(r, i, d);
	}
	cJSON_free(errs);
}

/* The response members the plan's "record" names (an activation code and
 * its expiry), journaled in fields.recorded for status and the report. */
static void keep_recorded(struct run *r, size_t i, const cJSON *b)
{
	cJSON *rec = NULL;
	if (!r->plan.v[i].record || plan_record(&r->plan, i, &rec, NULL) != BWM_OK)
		return;
	struct run_entry *e = &r->e[i];
	cJSON_DeleteItemFromObjectCaseSensitive(run_fields(e), "recorded");
	cJSON *out = cJSON_AddObjectToObject(e->fields, "recorded");
	const cJSON *n;
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(rec, "record")) {
		const cJSON *v = cJSON_IsString(n) ? cJSON_GetObjectItemCaseSensitive(b, n->valuestring)
				 : NULL;
		if (v != NULL)
			cJSON_AddItemToObject(out, n->valuestring, cJSON_Duplicate(v, 1));
	}
	cJSON_Delete(rec);
}

/* The plan's "createdId" of i, resolved: the id of an object whose create
 * answers without one (a supervisor's id is its person id). */
static void created_id(struct run *r, size_t i)
{
	cJSON *rec = NULL;
	if (plan_record(&r->plan, i, &rec, NULL) != BWM_OK)
		return;
	cJSON *cid = cJSON_GetObjectItemCaseSensitive(rec, "createdId");
	if (cid != NULL) {
		resolve_refs(rec, run_ref, r, NULL);
		cid = cJSON_GetObjectItemCaseSensitive(rec, "createdId");
		if (cJSON_IsString(cid))
			set_remote_id(&r->e[i], cid->valuestring);
	}
	cJSON_Delete(rec);
}

/* A create answered 2xx with a readable body b (owned, may be NULL). */
static void created(struct run *r, size_t i, const struct http_request *q, cJSON *b)
{
	struct run_entry *e = &r->e[i];
	const char *kind = r->plan.v[i].kind;
	set_remote_id(e, json_str(b, "id"));
	if (strcmp(kind, "customer") == 0) {
		const char *loc = q->location ? q->location : json_str(b, "url");
		set_field(e, "location", loc);
		if (e->remote_id == NULL && loc) {
			const char *slash = strrchr(loc, '/');
			size_t n = strcspn(slash ? slash + 1 : loc, "?#");
			char *id = xstrndup(slash ? slash + 1 : loc, n);
			set_remote_id(e, id);
			free(id);
		}
		if (json_str(b, "status"))
			settle_customer(r, i, b);
		else
			settle_customer(r, i, NULL);   /* accepted: poll */
	} else {
		const char *st = json_str(b, "status");
		if (e->remote_id == NULL)
			created_id(r, i);
		keep_id_fields(e, b);
		keep_recorded(r, i, b);
		if (request_resends(r, i)) {
			run_done(r, i, strcmp(r->plan.v[i].method, "PUT") == 0 ? "updated" : "sent");
			cJSON_Delete(b);
			return;
		}
		if (q->status == 202 || (st && strcmp(st, "pending_user_migration") == 0)) {
			set_field(e, "status", st ? st : "accepted");
			run_note(r, r->notes, i, "pending_user_migration: the user must accept the "
				 "consent e-mail");
		}
		run_done(r, i, q->status == 202 ? "accepted (202)" : "created");
	}
	cJSON_Delete(b);
}

/* The lookup values of i, resolved (NULL when the record cannot be read). */
static cJSON *lookup_of(struct run *r, size_t i)
{
	cJSON *rec = NULL;
	if (plan_record(&r->plan, i, &rec, NULL) != BWM_OK)
		return NULL;
	resolve_refs(rec, run_ref, r, NULL);
	cJSON *lk = cJSON_DetachItemFromObjectCaseSensitive(rec, "lookup");
	cJSON_Delete(rec);
	return lk;
}

/* The item of a list response matching i's natural key, or NULL. For a
 * number entry, a non-NULL return means every number is present. */
/* The 12 hex digits of a MAC in upper case, or 0 when s is not one. */
static int mac_digits(const char *s, char out[13])
{
	int n = 0;
	for (; *s; s++) {
		char c = *s;
		if (c == ':' || c == '-' || c == '.')
			continue;
		if (c >= 'a' && c <= 'f')
			c = (char)(c - 'a' + 'A');
		if (n == 12 || !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
			return 0;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == 12;
}

int response_same_mac(const char *a, const char *b)
{
	char x[13], y[13];
	return mac_digits(a, x) && mac_digits(b, y) && strcmp(x, y) == 0;
}

/* 1 when every member of want equals the same member of item (strings
 * exactly, numbers and booleans by value; a "mac" as the same MAC address,
 * however the API writes it). */
static int matches_all(const cJSON *item, const cJSON *want)
{
	const cJSON *w;
	cJSON_ArrayForEach(w, want) {
		const cJSON *got = cJSON_GetObjectItemCaseSensitive(item, w->string);
		if (cJSON_IsString(got) && cJSON_IsString(w) && strcmp(w->string, "mac") == 0 &&
		    response_same_mac(got->valuestring, w->valuestring))
			continue;
		if (got == NULL || !cJSON_Compare(got, w, 1))
			return 0;
	}
	return 1;
}

/* 1 when an entry of the plan other than i holds remote id `id`. */
static int held_by_another(const struct run *r, size_t i, const char *id)
{
	for (size_t k = 0; id != NULL && k < r->plan.n; k++)
		if (k != i && r->e[k].remote_id != NULL && strcmp(r->e[k].remote_id, id) == 0)
			return 1;
	return 0;
}

/* A lookup the plan describes itself: the first element of the list
 * lookup.items whose members equal lookup.match; with "distinct": true,
 * never one whose id another entry already holds (objects that only
 * differ in what the list does not show, like a person's criteria). */
static const cJSON *match_generic(const struct run *r, size_t i, const cJSON *body,
				  const cJSON *lk)
{
	const char *name = json_str_or(lk, "items", "items");
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(lk, "match");
	int distinct = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lk, "distinct"));
	const cJSON *it;
	if (!cJSON_IsObject(want) || want->child == NULL)
		return NULL;   /* an empty match would adopt anything */
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(body, name))
		if (matches_all(it, want) && !(distinct && held_by_another(r, i, json_str(it, "id"))))
			return it;
	return NULL;
}

static const cJSON *match(struct run *r, size_t i, const cJSON *body, const cJSON *lk)
{
	const char *kind = r->plan.v[i].kind;
	if (json_str(lk, "path"))
		return match_generic(r, i, body, lk);
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(body, "items");
	if (!cJSON_IsArray(items))
		items = cJSON_GetObjectItemCaseSensitive(body, "phoneNumbers");
	const cJSON *it;
	if (strcmp(kind, "number") == 0) {
		const cJSON *want;
		cJSON_ArrayForEach(want, cJSON_GetObjectItemCaseSensitive(lk, "phoneNumbers")) {
			int found = 0;
			cJSON_ArrayForEach(it, items)
				if (cJSON_IsString(want) && (found = strcmp(json_str_or(it,
						"phoneNumber", ""), want->valuestring) == 0))
					break;
			if (!found)
				return NULL;
		}
		return body;
	}
	const char *field = strcmp(kind, "customer") == 0 ? "externalId"
			  : strcmp(kind, "subscriber") == 0 ? "email" : "name";
	const char *want = json_str(lk, field);
	cJSON_ArrayForEach(it, items) {
		const char *got = json_str(it, field);
		if (want && got && (strcmp(kind, "subscriber") == 0 ? strcasecmp(got, want)
								   : strcmp(got, want)) == 0)
			return it;
	}
	return NULL;
}

static void adopt(struct run *r, size_t i, const cJSON *item, int find)
{
	struct run_entry *e = &r->e[i];
	e->tries = 0;
	if (item != NULL) {
		set_remote_id(e, json_str(item, "id"));
		if (strcmp(r->plan.v[i].kind, "customer") != 0)
			keep_id_fields(e, item);
	}
	if (!find)
		cJSON_AddTrueToObject(run_fields(e), "adopted");
	if (strcmp(r->plan.v[i].kind, "customer") == 0) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s/wholesale/customers/", r->api);
		http_escape(&sb, e->remote_id ? e->remote_id : "");
		set_field(e, "location", sb.buf);
		strbuf_free(&sb);
		settle_customer(r, i, item);
		return;
	}
	run_done(r, i, find ? "found" : "adopted an existing object");
}

/* The answer b (not owned; NULL for a 404) of a lookup or a find. */
static void looked_up(struct run *r, size_t i, const struct http_request *q, const cJSON *b,
		      int find)
{
	struct run_entry *e = &r->e[i];
	cJSON *lk = lookup_of(r, i);
	const cJSON *it = b ? match(r, i, b, lk) : NULL;
	if (it != NULL) {
		adopt(r, i, it == b ? NULL : it, find);
	} else if (b != NULL && json_str(lk, "path") &&
		   request_next_page(r, i, q, json_str(lk, "path"))) {
		/* not on this page: the next one is on its way */
	} else if (!find) {
		e->tries = 0;
		e->step = STEP_SEND;     /* not there: now it is safe to send */
		run_push_ready(r, i);
	} else if (run_now_ms() - r->t0_ms - e->first_ms > (double)r->o->find_timeout_ms) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "location '%s' not found in the customer's organisation "
			    "after %ld s", json_str_or(lk, "name", "?"), r->o->find_timeout_ms / 1000);
		run_fail(r, i, 1, sb.buf);
		strbuf_free(&sb);
	} else {
		e->step = STEP_FIND;
		run_schedule(r, i, (double)r->o->poll_ms * 2);
	}
	cJSON_Delete(lk);
}

static void on_create(struct run *r, size_t i, const struct http_request *q)
{
	long s = q->status;
	cJSON *b = NULL;
	int put = request_resends(r, i);
	if (q->result == CURLE_OK && s >= 200 && s < 300 && readable_body(q, &b)) {
		created(r, i, q, b);
	} else if (q->result == CURLE_OK && s >= 200 && s < 300) {
		retry(r, i, q, put ? STEP_SEND : STEP_LOOKUP);   /* it may have been created */
	} else if (put && (q->result != CURLE_OK || s >= 500 || s == 429 || s == 423)) {
		retry(r, i, q, STEP_SEND);        /* a PUT may simply be sent again */
	} else if (s == 409 && put) {
		char *text = request_error_text(q);
		run_fail(r, i, 0, text);          /* nothing to adopt: the data is wrong */
		free(text);
	} else if (s == 409 && r->e[i].attempts >= r->o->max_attempts) {
		char *text = request_error_text(q);
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s; and no object with its natural key was found to adopt", text);
		run_fail(r, i, 0, sb.buf);
		strbuf_free(&sb);
		free(text);
	} else if (s == 409) {
		r->e[i].step = STEP_LOOKUP;
		run_note(r, r->notes, i, "409 conflict: adopting the existing object");
		run_push_ready(r, i);
	} else if (q->result != CURLE_OK || s >= 500) {
		retry(r, i, q, STEP_LOOKUP);      /* it may have been created */
	} else if (s == 429 || s == 423) {
		retry(r, i, q, STEP_SEND);
	} else {
		char *text = request_error_text(q);
		run_fail(r, i, 0, text);
		free(text);
	}
}

static void handle(struct run *r, struct http_request *q)
{
	size_t i = (size_t)q->user;
	struct run_entry *e = &r->e[i];
	e->busy = 0;
	e->http_status = (int)q->status;
	if (q->result == CURLE_OK)
		r->ever_ok = 1;
	if (response_refused(q)) {
		char *text = request_error_text(q);
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "the API refused us (%s); check the token (WEBEX_TOKEN or "
			    "--token-file), its scopes, and --ca-file", text);
		stop_run(r, i, q, sb.buf);
		strbuf_free(&sb);
		free(text);
		return;
	}
	if (q->tag == TAG_CREATE) {
		on_create(r, i, q);
		return;
	}
	int ok = q->result == CURLE_OK && (q->status == 200 || q->status == 404);
	cJSON *b = NULL;
	if (!ok || (q->status == 200 && !readable_body(q, &b))) {
		retry(r, i, q, e->step);
		return;
	}
	if (q->tag == TAG_POLL) {
		if (q->status == 404)
			run_fail(r, i, 1, "the customer disappeared while being polled (404)");
		else {
			e->tries = 0;
			settle_customer(r, i, b);
		}
	} else {
		looked_up(r, i, q, q->status == 200 ? b : NULL, q->tag == TAG_FIND);
	}
	cJSON_Delete(b);
}

void response_handle(struct run *r, struct http_request *q)
{
	r->tracking = q->tracking_id;   /* for the log lines about this entry */
	handle(r, q);
	r->tracking = NULL;             /* q is freed after this call */
}
