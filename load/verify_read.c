/*
 * verify_read.c — where each kind of entry is read back.
 *
 *   customer    GET /wholesale/customers/{id}, then its subscribers
 *               (GET /wholesale/subscribers?customerId=) for extras
 *   subscriber  GET /wholesale/subscribers/{id}, then the person
 *               (GET /people/{personId}?callingData=true&orgId=)
 *   location    GET /locations/{id}?orgId=
 *   number      GET /telephony/config/numbers?locationId=&orgId= (all pages)
 *   any entry with "read" {"path"[, "items", "match"]}: GET of that path, and
 *               with "items" the element of that list matching "match"
 *   a PUT entry GET of the same path (settings are read where they are written)
 *   a "resend" POST (an activation code, applyChanges) is an action, not an
 *               object: verify.c lists it as such and reads nothing
 *   any other   GET of its "delete" path ({id} = the remote id), which is
 *               the object's own URL in the Webex APIs; without one, the
 *               list of its lookup ("path", "items", "match"), as the crash
 *               rule finds it
 * Anything else cannot be read back, and says so.
 */
#include "load/verify.h"

#include <string.h>

/* A copy of the entry's params (path parameters and orgId), or {}. */
static cJSON *params_of(const cJSON *rec)
{
	cJSON *q = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(rec, "params"), 1);
	if (!cJSON_IsObject(q)) {
		cJSON_Delete(q);
		q = cJSON_CreateObject();
	}
	return q;
}

static void put_str(cJSON *q, const char *name, const char *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(q, name);
	if (value)
		cJSON_AddStringToObject(q, name, value);
}

/* The org of a subscriber: the orgId recorded for the customer it depends on. */
static const char *subscriber_org(struct verify *v, size_t i)
{
	const struct plan_entry *p = &v->r.plan.v[i];
	for (size_t d = 0; d < p->ndepends; d++) {
		size_t k = plan_dep(&v->r.plan, i, d);
		if (strcmp(v->r.plan.v[k].kind, "customer") == 0)
			return json_str(v->r.e[k].fields, "orgId");
	}
	return NULL;
}

/* The path template that reads entry i in its phase, filling q. */
static const char *read_path(struct verify *v, size_t i, const cJSON *rec, cJSON *q)
{
	const struct run_entry *e = &v->r.e[i];
	const char *kind = v->r.plan.v[i].kind, *id = e->remote_id;
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(rec, "request");
	if (strcmp(kind, "customer") == 0 && v->phase[i] == VP_EXTRAS) {
		put_str(q, "customerId", id);
		put_str(q, "max", "100");
		return "/wholesale/subscribers";
	}
	if (v->phase[i] == VP_EXTRAS) {   /* a feature: every one of its kind in the location */
		const cJSON *lk = cJSON_GetObjectItemCaseSensitive(rec, "lookup"), *m;
		const cJSON *match = cJSON_GetObjectItemCaseSensitive(lk, "match");
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(lk, "query"))
			if (cJSON_IsString(m) && cJSON_GetObjectItemCaseSensitive(match, m->string) == NULL)
				put_str(q, m->string, m->valuestring);
		return json_str(lk, "path");
	}
	if (strcmp(kind, "customer") == 0 || strcmp(kind, "subscriber") == 0) {
		if (v->phase[i] == VP_PERSON) {
			put_str(q, "personId", json_str(e->fields, "personId"));
			put_str(q, "callingData", "true");
			put_str(q, "orgId", subscriber_org(v, i));
			return "/people/{personId}";
		}
		put_str(q, "id", id);
		return kind[0] == 'c' ? "/wholesale/customers/{id}" : "/wholesale/subscribers/{id}";
	}
	if (strcmp(kind, "location") == 0) {
		put_str(q, "id", id);
		return "/locations/{id}";
	}
	if (strcmp(kind, "number") == 0) {
		put_str(q, "max", "1000");
		return "/telephony/config/numbers";
	}
	const cJSON *read = cJSON_GetObjectItemCaseSensitive(rec, "read");
	if (json_str(read, "path")) {
		put_str(q, "id", id);
		v->listed[i] = json_str(read, "items") != NULL;
		return json_str(read, "path");
	}
	if (strcmp(v->r.plan.v[i].method, "PUT") == 0)
		return json_str(req, "path");
	const char *del = json_str(cJSON_GetObjectItemCaseSensitive(rec, "delete"), "path");
	if (del) {
		put_str(q, "id", id);
		return del;
	}
	const cJSON *lk = cJSON_GetObjectItemCaseSensitive(rec, "lookup");
	if (json_str(lk, "path") && cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(lk, "match"))) {
		const cJSON *m;
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(lk, "query"))
			if (cJSON_IsString(m))
				put_str(q, m->string, m->valuestring);
		v->listed[i] = 1;
		return json_str(lk, "path");
	}
	return NULL;
}

const cJSON *verify_list_spec(const cJSON *rec)
{
	const cJSON *read = cJSON_GetObjectItemCaseSensitive(rec, "read");
	return json_str(read, "items") ? read : cJSON_GetObjectItemCaseSensitive(rec, "lookup");
}

int verify_read_url(struct verify *v, size_t i, const cJSON *rec, char **url,
		    const char **endpoint, const char **why)
{
	const struct run_entry *e = &v->r.e[i];
	cJSON *q = params_of(rec);
	const char *path = read_path(v, i, rec, q);
	*url = NULL;
	*endpoint = path;
	if (path == NULL)
		*why = "the plan gives no way to read it back (no \"read\", \"delete\" or "
		       "\"lookup\")";
	else if (e->remote_id == NULL && strchr(path, '{') && strstr(path, "{id}"))
		*why = "the journal has no remote id for it";
	else if (v->phase[i] == VP_PERSON && json_str(e->fields, "personId") == NULL)
		*why = "the subscriber has no personId yet (pending_user_migration?)";
	else
		*url = request_url(&v->r, path, q);
	cJSON_Delete(q);
	return *url ? 0 : -1;
}
