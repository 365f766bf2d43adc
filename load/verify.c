/*
 * verify.c — `bwmigrate verify`: does the API hold what the plan asked?
 *
 * Every entry in scope that the journal says is done is read back by its
 * remote id (verify_read.c) and compared field by field with the body the
 * plan sent, "$ref"s resolved from the journal (verify_compare.c). The
 * same executor as the load drives the reads: -j, --rate, Retry-After and
 * backoff behave the same, so reading back a wave costs what loading it
 * did. While reading, it collects what the migrated org holds that the
 * plan did not create: subscribers of each customer, numbers of each
 * location. Nothing is written to the API.
 */
#include "load/verify.h"

#include <stdlib.h>
#include <string.h>

static struct verify *of(struct run *r)
{
	return (struct verify *)r;   /* r is the first member of struct verify */
}

static void listed(cJSON *list, const struct plan_entry *p, const char *message)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", p->kind);
	cJSON_AddStringToObject(o, "key", p->key);
	cJSON_AddStringToObject(o, "message", message);
	cJSON_AddItemToArray(list, o);
}

/* Entry i has its verdict: keep it, in the journal too. */
static void conclude(struct verify *v, size_t i, int result, const char *message)
{
	v->result[i] = (unsigned char)result;
	if (result == VR_MISSING)
		listed(v->missing, &v->r.plan.v[i], message);
	else if (result == VR_UNREADABLE)
		listed(v->unreadable, &v->r.plan.v[i], message);
	else if (result == VR_ACTION)
		listed(v->actions, &v->r.plan.v[i], message);
	cJSON_Delete(v->pages[i]);
	v->pages[i] = NULL;
	if (verify_store_put(v, i, result, message) != BWM_OK && !v->r.fatal) {
		v->r.fatal = 1;
		bwm_fail(&v->r.fatal_err, BWM_EINTERNAL, "%s: cannot record a verification "
			 "result; is the disk full?", v->r.j.path);
	}
}

/* The plan record of i with references resolved, or NULL (concluded). */
static cJSON *planned(struct verify *v, size_t i)
{
	cJSON *rec = NULL;
	struct bwm_error err = { 0, "" };
	if (plan_record(&v->r.plan, i, &rec, &err) != BWM_OK) {
		conclude(v, i, VR_UNREADABLE, err.msg);
		return NULL;
	}
	char *missing = NULL;
	if (resolve_refs(rec, run_ref, &v->r, &missing) != 0) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "reference %s has no value in the journal", missing);
		conclude(v, i, VR_UNREADABLE, sb.buf);
		strbuf_free(&sb);
		free(missing);
		cJSON_Delete(rec);
		return NULL;
	}
	return rec;
}

static void verify_dispatch(struct run *r, size_t i)
{
	struct verify *v = of(r);
	cJSON *rec = planned(v, i);
	if (rec == NULL)
		return;
	char *url = NULL;
	const char *endpoint = NULL, *why = NULL;
	cJSON_Delete(v->pages[i]);
	v->pages[i] = cJSON_CreateArray();
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(rec, "request");
	if (r->plan.v[i].resend && strcmp(r->plan.v[i].method, "POST") == 0 &&
	    cJSON_GetObjectItemCaseSensitive(rec, "read") == NULL) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "an action (POST %s), not an object: nothing to read back",
			    json_str_or(req, "path", "?"));
		conclude(v, i, VR_ACTION, sb.buf);
		strbuf_free(&sb);
	} else if (verify_read_url(v, i, rec, &url, &endpoint, &why) != 0)
		conclude(v, i, VR_UNREADABLE, why);
	else
		request_send(r, i, "GET", url, NULL, TAG_LOOKUP, endpoint);
	free(url);
	cJSON_Delete(rec);
}

/* Items of a list answer gathered into pages[i]; 1 when another page was
 * asked for. */
static int gather(struct verify *v, size_t i, const struct http_request *q, cJSON *b,
		  const char *endpoint, const char *name)
{
	cJSON *items = cJSON_GetObjectItemCaseSensitive(b, name ? name : "items");
	if (!cJSON_IsArray(items) && name == NULL)
		items = cJSON_GetObjectItemCaseSensitive(b, "phoneNumbers");
	cJSON *it;
	while (cJSON_IsArray(items) && (it = cJSON_DetachItemFromArray(items, 0)) != NULL)
		cJSON_AddItemToArray(v->pages[i], it);
	return request_next_page(&v->r, i, q, endpoint);
}

static int known(const struct verify *v, const char *id)
{
	size_t lo = 0, hi = v->nknown;
	while (id && lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(v->known[mid], id);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static void add_extra(struct verify *v, const char *kind, const char *id, const char *name,
		      const char *where)
{
	const cJSON *x;
	cJSON_ArrayForEach(x, v->extra)   /* both number entries of a location see it */
		if (strcmp(json_str_or(x, "kind", ""), kind) == 0 && id &&
		    strcmp(json_str_or(x, "id", ""), id) == 0)
			return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", kind);
	json_add_str_opt(o, "id", id);
	json_add_str_opt(o, "name", name);
	cJSON_AddStringToObject(o, "where", where);
	cJSON_AddItemToArray(v->extra, o);
}

static void add_extra_of(struct verify *v, const char *kind, const char *id, const char *name,
			 size_t i)
{
	struct strbuf where = STRBUF_INIT;
	plan_id_add(&where, &v->r.plan, i);
	add_extra(v, kind, id, name, where.buf);
	strbuf_free(&where);
}

/* Subscribers of a migrated customer that no plan entry created. */
static void customer_extras(struct verify *v, size_t i)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, v->pages[i])
		if (!known(v, json_str(it, "id")))
			add_extra_of(v, "subscriber", json_str(it, "id"), json_str(it, "email"), i);
}

/* Every number the number entries in scope plan for location loc. */
static cJSON *planned_numbers(struct verify *v, const char *loc)
{
	cJSON *all = cJSON_CreateArray();
	for (size_t k = 0; loc && k < v->r.plan.n; k++) {
		if (strcmp(v->r.plan.v[k].kind, "number") != 0 || !v->r.e[k].in_scope)
			continue;
		cJSON *other = NULL;
		if (plan_record(&v->r.plan, k, &other, NULL) != BWM_OK)
			continue;
		resolve_refs(other, run_ref, &v->r, NULL);
		const char *ol = json_str(cJSON_GetObjectItemCaseSensitive(other, "params"),
					  "locationId");
		const cJSON *n;
		if (ol && strcmp(loc, ol) == 0)
			cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(
					cJSON_GetObjectItemCaseSensitive(other, "body"), "phoneNumbers"))
				cJSON_AddItemToArray(all, cJSON_Duplicate(n, 0));
		cJSON_Delete(other);
	}
	return all;
}

/* Numbers of a migrated location that no number entry planned. Both
 * number entries of a location (active, inactive) read the same list, so
 * an extra is one that neither plans. */
static void number_extras(struct verify *v, size_t i, const cJSON *rec)
{
	const char *loc = json_str(cJSON_GetObjectItemCaseSensitive(rec, "params"), "locationId");
	cJSON *planned_here = planned_numbers(v, loc);
	const cJSON *it, *n;
	cJSON_ArrayForEach(it, v->pages[i]) {
		const char *num = json_str(it, "phoneNumber");
		int found = 0;
		cJSON_ArrayForEach(n, planned_here)
			found |= cJSON_IsString(n) && num && strcmp(n->valuestring, num) == 0;
		if (!found)
			add_extra_of(v, "number", num, NULL, i);
	}
	cJSON_Delete(planned_here);
}

/* 1 the first time a feature of this lookup path and location is read: its
 * location's list of that kind is then read for objects the plan did not
 * create (the kinds the load has no code for carry "lookup" with a
 * locationId in its query). */
static int feature_list_wanted(struct verify *v, size_t i, const cJSON *rec)
{
	const char *kind = v->r.plan.v[i].kind;
	if (strcmp(kind, "location") == 0 || strcmp(kind, "subscriber") == 0 ||
	    request_resends(&v->r, i))
		return 0;
	const cJSON *lk = cJSON_GetObjectItemCaseSensitive(rec, "lookup");
	const char *path = json_str(lk, "path");
	const char *loc = json_str(cJSON_GetObjectItemCaseSensitive(lk, "query"), "locationId");
	if (path == NULL || loc == NULL)
		return 0;
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "%s|%s", path, loc);
	int first = cJSON_GetObjectItemCaseSensitive(v->lists_read, key.buf) == NULL;
	if (first)
		cJSON_AddTrueToObject(v->lists_read, key.buf);
	strbuf_free(&key);
	return first;
}

/* Objects in a feature list that no plan entry created. */
static void feature_extras(struct verify *v, size_t i)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, v->pages[i])
		if (!known(v, json_str(it, "id")))
			add_extra_of(v, v->r.plan.v[i].kind, json_str(it, "id"), json_str(it, "name"),
				     i);
}

/* An object read as an element of a list: found by "match" over every
 * page, then compared; absent from the list is missing. */
static void listed_element(struct verify *v, size_t i, const struct http_request *q, cJSON *b,
			   const cJSON *rec, const cJSON *body)
{
	const cJSON *spec = verify_list_spec(rec);
	const char *path = json_str(spec, "path");
	if (gather(v, i, q, b, path, json_str_or(spec, "items", "items")))
		return;
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(spec, "match"), *it, *hit = NULL;
	cJSON_ArrayForEach(it, v->pages[i]) {
		const cJSON *w;
		int all = 1;
		cJSON_ArrayForEach(w, want)
			all = all && cJSON_Compare(cJSON_GetObjectItemCaseSensitive(it, w->string), w, 1);
		if (all) {
			hit = it;
			break;
		}
	}
	if (hit == NULL)
		conclude(v, i, VR_MISSING, "not in its list on the API");
	else
		conclude(v, i, verify_compare(v, i, VP_READ, body, hit) ? VR_MISMATCH : VR_MATCH,
			 NULL);
}

/* A successful read of entry i in its phase. */
static void judge(struct verify *v, size_t i, const struct http_request *q, cJSON *b)
{
	struct run *r = &v->r;
	const char *kind = r->plan.v[i].kind;
	cJSON *rec = planned(v, i);
	if (rec == NULL)
		return;
	const cJSON *body = cJSON_GetObjectItemCaseSensitive(rec, "body");
	int phase = v->phase[i], bad;
	if (strcmp(kind, "number") == 0) {
		if (!gather(v, i, q, b, "/telephony/config/numbers", NULL)) {
			bad = verify_compare_numbers(v, i, body, v->pages[i]);
			number_extras(v, i, rec);
			conclude(v, i, bad ? VR_MISMATCH : VR_MATCH, NULL);
		}
	} else if (phase == VP_EXTRAS && strcmp(kind, "customer") == 0) {
		if (!gather(v, i, q, b, "/wholesale/subscribers", NULL)) {
			customer_extras(v, i);
			conclude(v, i, v->result[i], NULL);
		}
	} else if (phase == VP_EXTRAS) {
		const cJSON *lk = cJSON_GetObjectItemCaseSensitive(rec, "lookup");
		if (!gather(v, i, q, b, json_str(lk, "path"), json_str_or(lk, "items", "items"))) {
			feature_extras(v, i);
			conclude(v, i, v->result[i], NULL);
		}
	} else if (v->listed[i]) {
		listed_element(v, i, q, b, rec, body);
	} else {
		bad = verify_compare(v, i, phase, body, b);
		if (phase == VP_READ || bad)
			v->result[i] = bad ? VR_MISMATCH : VR_MATCH;
		int next = strcmp(kind, "customer") == 0 ? VP_EXTRAS
			 : strcmp(kind, "subscriber") == 0 && phase == VP_READ ? VP_PERSON : -1;
		if (next == VP_PERSON && json_str(b, "personId") == NULL)
			next = -1;   /* pending consent: nothing more to read */
		if (next < 0 && feature_list_wanted(v, i, rec))
			next = VP_EXTRAS;
		if (next >= 0) {
			v->phase[i] = (unsigned char)next;
			run_push_ready(r, i);
		} else {
			conclude(v, i, v->result[i], NULL);
		}
	}
	cJSON_Delete(rec);
}

static void verify_handle(struct run *r, struct http_request *q)
{
	struct verify *v = of(r);
	size_t i = (size_t)q->user;
	r->e[i].busy = 0;
	if (q->result == CURLE_OK)
		r->ever_ok = 1;
	if (response_refused(q) || (response_transient(q) && !r->ever_ok &&
				    response_unreachable(q))) {
		char *text = request_error_text(q);
		r->fatal = 1;
		bwm_fail(&r->fatal_err, BWM_EAPI, "the API refused us or cannot be reached (%s); "
			 "check --api, the token (WEBEX_TOKEN or --token-file) and its scopes", text);
		free(text);
		return;
	}
	if (response_transient(q) && response_retry_later(r, i, q))
		return;
	r->e[i].tries = 0;
	cJSON *b = q->status == 200 ? cJSON_Parse(q->resp.buf) : NULL;
	if (q->status == 404) {
		conclude(v, i, VR_MISSING, "the API answers 404 Not Found");
	} else if (b == NULL) {
		char *text = request_error_text(q);
		conclude(v, i, VR_UNREADABLE, q->status == 200 ? "the answer is not JSON" : text);
		free(text);
	} else {
		ratelimit_on_success(&r->rl, run_now_ms());
		judge(v, i, q, b);
	}
	cJSON_Delete(b);
}

/* The load keeps in memory only the ids later entries need; verify reads
 * every done entry back, so it takes every id and field from the journal. */
static int take_ids(const struct journal_row *row, void *ctx)
{
	struct verify *v = ctx;
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s:%s", row->kind, row->key);
	long i = plan_find(&v->r.plan, id.buf);
	strbuf_free(&id);
	if (i < 0 || row->state != JS_DONE)
		return 0;
	struct run_entry *e = &v->r.e[i];
	if (e->remote_id == NULL && row->remote_id)
		e->remote_id = xstrdup(row->remote_id);
	if (e->fields == NULL && row->fields) {
		e->fields = cJSON_Parse(row->fields);
		if (!cJSON_IsObject(e->fields)) {
			cJSON_Delete(e->fields);
			e->fields = NULL;
		}
	}
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Remote ids of every entry of the plan, whatever its batch, sorted. */
static void index_known(struct verify *v)
{
	v->known = xcalloc(v->r.plan.n + 1, sizeof *v->known);
	for (size_t i = 0; i < v->r.plan.n; i++)
		if (v->r.e[i].remote_id)
			v->known[v->nknown++] = v->r.e[i].remote_id;
	qsort(v->known, v->nknown, sizeof *v->known, cmp_id);
}

/* Queue what this run reads; count what it does not. */
static void select_entries(struct verify *v, struct verify_summary *vs)
{
	for (size_t i = 0; i < v->r.plan.n; i++) {
		const struct plan_entry *p = &v->r.plan.v[i];
		if (!v->r.e[i].in_scope)
			continue;
		vs->total++;
		int lists = strcmp(p->kind, "customer") == 0 || strcmp(p->kind, "number") == 0;
		if (v->r.e[i].state != JS_DONE) {
			if (p->blocked)
				vs->blocked++;
			else
				listed(v->unreadable, p, "not done in the journal: run the load first");
			v->result[i] = VR_NONE;
		} else if (v->result[i] == VR_MATCH && !v->again && !lists) {
			vs->skipped++;   /* its extras, if any, are read again below */
		} else {
			v->result[i] = VR_NONE;
			run_push_ready(&v->r, i);
		}
	}
}

static void summarize(struct verify *v, struct verify_summary *vs)
{
	for (size_t i = 0; i < v->r.plan.n; i++) {
		if (!v->r.e[i].in_scope)
			continue;
		switch (v->result[i]) {
		case VR_MATCH: vs->matched++; break;
		case VR_MISMATCH: vs->mismatched++; break;
		case VR_MISSING: vs->missing++; break;
		case VR_UNREADABLE: vs->unreadable++; break;
		case VR_ACTION: vs->actions++; break;
		default:
			if (v->r.e[i].state != JS_DONE && !v->r.plan.v[i].blocked)
				vs->not_loaded++;
		}
	}
	vs->fields = (size_t)cJSON_GetArraySize(v->mismatches);
	vs->extra = (size_t)cJSON_GetArraySize(v->extra);
	vs->requests = v->sum.requests;
	vs->elapsed_s = (run_now_ms() - v->r.t0_ms) / 1000.0;
}

static void verify_free(struct verify *v)
{
	for (size_t i = 0; v->pages && i < v->r.plan.n; i++)
		cJSON_Delete(v->pages[i]);
	free(v->pages);
	free(v->result);
	free(v->phase);
	free(v->listed);
	free(v->known);
	cJSON_Delete(v->mismatches);
	cJSON_Delete(v->missing);
	cJSON_Delete(v->unreadable);
	cJSON_Delete(v->actions);
	cJSON_Delete(v->extra);
	cJSON_Delete(v->lists_read);
	run_close(&v->r);
	free(v);
}

int load_verify(const struct load_opts *o, int again, struct verify_summary *vs,
		struct bwm_error *err)
{
	struct verify *v = xcalloc(1, sizeof *v);
	memset(vs, 0, sizeof *vs);
	v->again = again;
	v->mismatches = cJSON_CreateArray();
	v->missing = cJSON_CreateArray();
	v->unreadable = cJSON_CreateArray();
	v->actions = cJSON_CreateArray();
	v->extra = cJSON_CreateArray();
	v->lists_read = cJSON_CreateObject();
	int rc = run_open(&v->r, o, &v->sum, 1, err);
	if (rc == BWM_OK) {
		v->result = xcalloc(v->r.plan.n + 1, 1);
		v->phase = xcalloc(v->r.plan.n + 1, 1);
		v->pages = xcalloc(v->r.plan.n + 1, sizeof *v->pages);
		v->listed = xcalloc(v->r.plan.n + 1, 1);
		rc = journal_each(&v->r.j, take_ids, v, err);
	}
	if (rc == BWM_OK)
		rc = verify_store_open(v, err);
	if (rc == BWM_OK)
		rc = run_http(&v->r, err);
	if (rc == BWM_OK) {
		index_known(v);
		select_entries(v, vs);
		rc = run_loop(&v->r, verify_dispatch, verify_handle);
		if (rc != BWM_OK)
			bwm_fail(err, rc, "%s", v->r.fatal_err.msg);
		else if (o->stop && *o->stop)
			rc = bwm_fail(err, BWM_EPARTIAL, "verify: stopped; run it again to resume");
		else
			rc = verify_store_close_pass(v, err);
	}
	if (rc == BWM_OK) {
		summarize(v, vs);
		if (o->report_dir)
			rc = verify_report_write(v, vs, err);
	}
	if (rc == BWM_OK && vs->mismatched + vs->missing + vs->unreadable + vs->not_loaded +
	    vs->extra > 0)
		rc = bwm_fail(err, BWM_EPARTIAL, "verify: %zu mismatched, %zu missing, %zu "
			      "unreadable, %zu not loaded, %zu extra; see the report",
			      vs->mismatched, vs->missing, vs->unreadable, vs->not_loaded, vs->extra);
	verify_free(v);
	return rc;
}
