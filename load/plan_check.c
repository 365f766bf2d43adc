/*
 * plan_check.c — the shape of one plan entry, checked before it is indexed
 * (docs/plan-format.md, "What load checks"). A plan may be edited by hand;
 * without this a wrong method, a path to another host, a body that is not
 * an object or a "$ref" to an entry that is never loaded first would only
 * show up as a confusing API error halfway through a migration, or be sent
 * as written. Every refusal names the plan line, the entry, the member and
 * what to do; nothing is loaded from a plan that has one.
 */
#include "load/plan.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonl.h"
#include "core/strbuf.h"

#define FIX "fix the plan or regenerate it with bwmigrate transform"

struct check {
	const struct plan *p;    /* the entries before this line */
	long line;
	const char *id;          /* "kind:key", or "entry" while they are unknown */
	const cJSON *rec;
	long *deps;              /* indexes of the entries in depends */
	size_t ndeps;
	struct bwm_error *err;
};

static int bad(struct check *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "PLAN:LINE: kind:key: key K: what is wrong; what to do" */
static int bad(struct check *c, const char *key, const char *fmt, ...)
{
	char what[BWM_ERROR_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return bwm_fail(c->err, BWM_EINPUT, "%s:%ld: %s: key %s: %s", c->p->path, c->line,
			c->id, key, what);
}

static int lower_ident(const char *s)
{
	if (s == NULL || *s < 'a' || *s > 'z')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* What is wrong with an API path, or NULL: it must be a path on the API
 * base (never a URL of its own, which would take the token elsewhere). */
static const char *path_problem(const char *s)
{
	if (s[0] != '/')
		return "does not start with '/'";
	if (s[1] == '/' || strstr(s, "://") != NULL)
		return "names a scheme or host; give only the path under --api";
	if (strstr(s, "..") != NULL)
		return "contains '..'";
	for (const char *t = s; *t; t++) {
		if ((unsigned char)*t <= ' ' || *t == 0x7f)
			return "contains a space or a control character";
		if (*t == '}')
			return "has a '}' without its '{'";
		if (*t != '{')
			continue;
		const char *close = strchr(t, '}');
		if (close == NULL || close == t + 1)
			return "has a '{' without a parameter name and '}'";
		for (const char *n = t + 1; n < close; n++)
			if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') ||
			      (*n >= '0' && *n <= '9') || *n == '_'))
				return "has a parameter name that is not letters, digits or '_'";
		t = close;
	}
	return NULL;
}

/* key must hold a valid path; its "{name}"s must be members of vars
 * (named vars_key in messages), except "{id}" when id_ok. */
static int check_path(struct check *c, const char *key, const cJSON *holder,
		      const cJSON *vars, const char *vars_key, int id_ok)
{
	const char *path = json_str(holder, "path");
	if (path == NULL)
		return bad(c, key, "missing or not a string; give the API path, e.g. "
			   "\"/wholesale/subscribers\"; " FIX);
	const char *why = path_problem(path);
	if (why != NULL)
		return bad(c, key, "\"%s\" %s; " FIX, path, why);
	for (const char *t = strchr(path, '{'); t; t = strchr(t + 1, '{')) {
		size_t n = strcspn(t + 1, "}");
		char *name = xstrndup(t + 1, n);
		int ok = (id_ok && strcmp(name, "id") == 0) ||
			 cJSON_GetObjectItemCaseSensitive(vars, name) != NULL;
		int rc = ok ? BWM_OK : bad(c, key, "\"%s\" uses {%s}, which is not in %s; add "
					   "\"%s\" to %s", path, name, vars_key, name, vars_key);
		free(name);
		if (rc != BWM_OK)
			return rc;
	}
	return BWM_OK;
}

/* Does one of the entries in depends (or what they depend on, in turn)
 * lead to entry `want`? Their own depends were checked when they were
 * read, so every index here is of an earlier entry. */
static int reaches(const struct plan *p, const long *start, size_t nstart, long want)
{
	size_t cap = nstart + 16, n = 0, seen_n = 0;
	long *stack = xmalloc(cap * sizeof *stack), *seen = xmalloc(cap * sizeof *seen);
	for (size_t k = 0; k < nstart; k++)
		stack[n++] = start[k];
	int found = 0;
	while (n > 0 && !found) {
		long i = stack[--n];
		int dup = 0;
		for (size_t s = 0; s < seen_n && !dup; s++)
			dup = seen[s] == i;
		if (dup)
			continue;
		if (i == want) {
			found = 1;
			break;
		}
		const struct plan_entry *e = &p->v[i];
		if (seen_n + 1 + n + e->ndepends > cap) {
			cap = 2 * (cap + e->ndepends);
			stack = xrealloc(stack, cap * sizeof *stack);
			seen = xrealloc(seen, cap * sizeof *seen);
		}
		seen[seen_n++] = i;
		for (size_t d = 0; d < e->ndepends; d++)
			stack[n++] = plan_dep(p, (size_t)i, d);
	}
	free(stack);
	free(seen);
	return found;
}

/* One "$ref" text: KIND:KEY[#FIELD] (split at the first '#', as the load
 * resolves it) naming an earlier entry this one depends on. */
static int check_ref(struct check *c, const char *key, const char *ref)
{
	const char *hash = strchr(ref, '#');
	size_t idlen = hash ? (size_t)(hash - ref) : strlen(ref);
	char *id = xstrndup(ref, idlen);
	char *colon = strchr(id, ':');
	int rc = BWM_OK;
	if (colon != NULL)
		*colon = '\0';
	if (colon == NULL || !lower_ident(id) || colon[1] == '\0' || (hash && hash[1] == '\0'))
		rc = bad(c, key, "\"$ref\": \"%s\" is not \"KIND:KEY\" or \"KIND:KEY#FIELD\"; "
			 FIX, ref);
	free(id);
	if (rc != BWM_OK)
		return rc;
	id = xstrndup(ref, idlen);
	long i = plan_find(c->p, id);
	if (i < 0)
		rc = bad(c, key, "\"$ref\": \"%s\" names %s, which is not an earlier entry of the "
			 "plan; put that entry before this line or remove the reference", ref, id);
	else if (!reaches(c->p, c->deps, c->ndeps, i))
		rc = bad(c, key, "\"$ref\": \"%s\" names %s, which is not in \"depends\"; add "
			 "\"%s\" to depends so it is loaded first", ref, id, id);
	free(id);
	return rc;
}

/* Every "$ref" under node (named key in messages) is well formed and known. */
static int check_refs(struct check *c, const char *key, const cJSON *node)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(node, "$ref");
	if (cJSON_IsObject(node) && r != NULL) {
		if (!cJSON_IsString(r) || node->child->next != NULL)
			return bad(c, key, "a reference must be exactly {\"$ref\": \"KIND:KEY\"} "
				   "or {\"$ref\": \"KIND:KEY#FIELD\"}; " FIX);
		return check_ref(c, key, r->valuestring);
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, node) {
		if (!cJSON_IsObject(it) && !cJSON_IsArray(it))
			continue;
		struct strbuf sub = STRBUF_INIT;
		if (it->string)
			strbuf_addf(&sub, "%s.%s", key, it->string);
		else
			strbuf_addstr(&sub, key);
		int rc = check_refs(c, sub.buf, it);
		strbuf_free(&sub);
		if (rc != BWM_OK)
			return rc;
	}
	return BWM_OK;
}

static int is_ref(const cJSON *v)
{
	return cJSON_IsObject(v) && v->child != NULL && v->child->next == NULL &&
	       v->child->string != NULL && strcmp(v->child->string, "$ref") == 0;
}

/* An object whose members are strings or references (params), or also
 * numbers and booleans (lookup.query, lookup.match: a query may say
 * max=100, a match may compare a flag). Absent is allowed when optional. */
static int check_values(struct check *c, const char *key, const cJSON *obj, int optional,
			int scalars)
{
	if (obj == NULL && optional)
		return BWM_OK;
	if (!cJSON_IsObject(obj))
		return bad(c, key, "must be an object of strings and {\"$ref\": …} values; " FIX);
	const cJSON *v;
	cJSON_ArrayForEach(v, obj)
		if (!cJSON_IsString(v) && !is_ref(v) &&
		    !(scalars && (cJSON_IsNumber(v) || cJSON_IsBool(v))))
			return bad(c, key, "member \"%s\" is neither a string nor {\"$ref\": "
				   "\"KIND:KEY[#FIELD]\"}; quote the value or fix the reference",
				   v->string);
	return check_refs(c, key, obj);
}

static int check_strings(struct check *c, const char *key, const cJSON *arr)
{
	if (arr == NULL)
		return BWM_OK;
	if (!cJSON_IsArray(arr))
		return bad(c, key, "must be an array of strings; " FIX);
	const cJSON *v;
	cJSON_ArrayForEach(v, arr)
		if (!cJSON_IsString(v))
			return bad(c, key, "holds something that is not a string; " FIX);
	return BWM_OK;
}

/* depends: "kind:key" strings of earlier entries; fills c->deps. */
static int check_depends(struct check *c)
{
	const cJSON *deps = cJSON_GetObjectItemCaseSensitive(c->rec, "depends");
	int rc = check_strings(c, "depends", deps);
	if (rc != BWM_OK)
		return rc;
	if (cJSON_GetArraySize(deps) > UINT16_MAX)
		return bad(c, "depends", "lists more than %u entries; " FIX, UINT16_MAX);
	c->deps = xcalloc((size_t)cJSON_GetArraySize(deps) + 1, sizeof *c->deps);
	const cJSON *d;
	cJSON_ArrayForEach(d, deps) {
		long i = plan_find(c->p, d->valuestring);
		if (strcmp(d->valuestring, c->id) == 0)
			return bad(c, "depends", "the entry depends on itself; remove \"%s\"", c->id);
		if (i < 0)
			return bad(c, "depends", "\"%s\" is not an earlier entry of the plan; entries "
				   "must follow what they depend on: move that entry before this "
				   "line, or remove it from depends", d->valuestring);
		c->deps[c->ndeps++] = i;
	}
	return BWM_OK;
}

/* The natural-key lookup: the generic form {path, query, items, match}, or
 * the form of one of the first four kinds. */
static int check_lookup(struct check *c, const char *kind, const char *method)
{
	const cJSON *lk = cJSON_GetObjectItemCaseSensitive(c->rec, "lookup");
	if (lk == NULL) {
		if (strcmp(method, "LOOKUP") == 0)
			return bad(c, "lookup", "missing; a LOOKUP entry is found by its lookup "
				   "(e.g. {\"name\": …, \"orgId\": …}); " FIX);
		return BWM_OK;
	}
	if (!cJSON_IsObject(lk))
		return bad(c, "lookup", "must be an object; " FIX);
	int rc = check_refs(c, "lookup", lk);
	if (rc != BWM_OK)
		return rc;
	if (cJSON_GetObjectItemCaseSensitive(lk, "path") != NULL) {
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(lk, "query");
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(lk, "items");
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(lk, "match");
		if ((rc = check_values(c, "lookup.query", q, 1, 1)) != BWM_OK ||
		    (rc = check_path(c, "lookup.path", lk, q, "lookup.query", 0)) != BWM_OK)
			return rc;
		if (items != NULL && (!cJSON_IsString(items) || items->valuestring[0] == '\0'))
			return bad(c, "lookup.items", "must be the name of the response's array, "
				   "e.g. \"huntGroups\"; " FIX);
		if ((rc = check_values(c, "lookup.match", m, 0, 1)) != BWM_OK)
			return rc;
		if (m->child == NULL)
			return bad(c, "lookup.match", "is empty and would adopt any object; name "
				   "the members that identify it, e.g. {\"name\": …}");
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(lk, "distinct");
		if (d != NULL && !cJSON_IsBool(d))
			return bad(c, "lookup.distinct", "must be true or false; " FIX);
		return BWM_OK;
	}
	static const char *const forms[][2] = {
		{ "customer", "externalId" }, { "subscriber", "email" },
		{ "location", "name" }, { "number", "locationId" },
	};
	for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
		if (strcmp(kind, forms[k][0]) != 0)
			continue;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(lk, forms[k][1]);
		if (!cJSON_IsString(v) && !is_ref(v))
			return bad(c, "lookup", "a %s is looked up by \"%s\", which is missing or "
				   "not a string; " FIX, kind, forms[k][1]);
		if (strcmp(kind, "number") == 0) {
			const cJSON *nums = cJSON_GetObjectItemCaseSensitive(lk, "phoneNumbers");
			if (!cJSON_IsArray(nums))
				return bad(c, "lookup.phoneNumbers", "a number entry is looked up by "
					   "its phoneNumbers array, which is missing; " FIX);
			return check_strings(c, "lookup.phoneNumbers", nums);
		}
		return BWM_OK;
	}
	return bad(c, "lookup", "has no \"path\"; a %s is looked up with {\"path\": …, "
		   "\"query\": {…}, \"items\": …, \"match\": {…}} (docs/plan-format.md)", kind);
}

static int check_request(struct check *c, const char **method)
{
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(c->rec, "request");
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(c->rec, "params");
	if (!cJSON_IsObject(req))
		return bad(c, "request", "missing or not an object; it holds {\"method\": …, "
			   "\"path\": …}; " FIX);
	*method = json_str(req, "method");
	if (*method == NULL || (strcmp(*method, "POST") != 0 && strcmp(*method, "PUT") != 0 &&
				strcmp(*method, "LOOKUP") != 0))
		return bad(c, "request.method", "\"%s\" is not POST, PUT or LOOKUP; " FIX,
			   *method ? *method : "(missing)");
	int rc = check_values(c, "params", params, 1, 0);
	if (rc == BWM_OK)
		rc = check_path(c, "request.path", req, params, "params", 0);
	if (rc != BWM_OK)
		return rc;
	const cJSON *body = cJSON_GetObjectItemCaseSensitive(c->rec, "body");
	if (body == NULL && strcmp(*method, "LOOKUP") != 0)
		return bad(c, "body", "missing; a %s sends a JSON object ({} when empty); " FIX,
			   *method);
	if (body != NULL && !cJSON_IsObject(body))
		return bad(c, "body", "must be a JSON object; " FIX);
	return check_refs(c, "body", body);
}

static int check_delete(struct check *c)
{
	const cJSON *del = cJSON_GetObjectItemCaseSensitive(c->rec, "delete");
	if (del == NULL)
		return BWM_OK;
	if (!cJSON_IsObject(del))
		return bad(c, "delete", "must be an object {\"path\": …}; " FIX);
	return check_path(c, "delete.path", del,
			  cJSON_GetObjectItemCaseSensitive(c->rec, "params"), "params", 1);
}

/* {"$secret": NAME} under node: NAME is a secret the load knows how to
 * make (sip_password), and the object holds nothing else. */
static int check_secrets(struct check *c, const char *key, const cJSON *node, int allowed)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(node, "$secret");
	if (cJSON_IsObject(node) && s != NULL) {
		if (!allowed)
			return bad(c, key, "a {\"$secret\": …} is only allowed in the body; " FIX);
		if (!cJSON_IsString(s) || strcmp(s->valuestring, "sip_password") != 0 ||
		    node->child->next != NULL)
			return bad(c, key, "a secret must be exactly {\"$secret\": \"sip_password\"}; "
				   FIX);
		return BWM_OK;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, node) {
		if (!cJSON_IsObject(it) && !cJSON_IsArray(it))
			continue;
		struct strbuf sub = STRBUF_INIT;
		strbuf_addf(&sub, "%s%s%s", key, it->string ? "." : "", it->string ? it->string : "");
		int rc = check_secrets(c, sub.buf, it, allowed);
		strbuf_free(&sub);
		if (rc != BWM_OK)
			return rc;
	}
	return BWM_OK;
}

/* "resend": true on a POST without lookup; "record": names of response
 * members; "$secret" only in the body (docs/plan-format.md). */
static int check_send_members(struct check *c, const char *method)
{
	const cJSON *resend = cJSON_GetObjectItemCaseSensitive(c->rec, "resend");
	if (resend != NULL) {
		if (!cJSON_IsBool(resend))
			return bad(c, "resend", "must be true or false; " FIX);
		if (cJSON_IsTrue(resend) && strcmp(method, "POST") != 0)
			return bad(c, "resend", "is only for a POST (a PUT is always sent again); "
				   FIX);
		if (cJSON_IsTrue(resend) && cJSON_GetObjectItemCaseSensitive(c->rec, "lookup"))
			return bad(c, "resend", "an entry sent again after a crash has no natural "
				   "key: remove \"lookup\" or \"resend\"; " FIX);
	}
	const cJSON *record = cJSON_GetObjectItemCaseSensitive(c->rec, "record"), *n;
	int rc = check_strings(c, "record", record);
	if (rc != BWM_OK)
		return rc;
	cJSON_ArrayForEach(n, record)
		if (n->valuestring[0] == '\0')
			return bad(c, "record", "names an empty member; list the response members "
				   "to journal, e.g. [\"code\", \"expiryTime\"]");
	/* "createdId": the id of what a POST creates when its answer has none
	 * (a supervisor is its person): a string or a reference */
	const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c->rec, "createdId");
	if (cid != NULL) {
		if (strcmp(method, "POST") != 0 || !(cJSON_IsString(cid) ||
		    cJSON_GetObjectItemCaseSensitive(cid, "$ref") != NULL))
			return bad(c, "createdId", "is only for a POST and must be a string or "
				   "{\"$ref\": \"KIND:KEY#FIELD\"}; " FIX);
		if ((rc = check_refs(c, "createdId", cid)) != BWM_OK)
			return rc;
	}
	static const char *const elsewhere[] = { "params", "lookup", "delete" };
	for (size_t k = 0; k < 3; k++)
		if ((rc = check_secrets(c, elsewhere[k], cJSON_GetObjectItemCaseSensitive(c->rec,
								elsewhere[k]), 0)) != BWM_OK)
			return rc;
	return check_secrets(c, "body", cJSON_GetObjectItemCaseSensitive(c->rec, "body"), 1);
}

static int check_entry(struct check *c)
{
	const char *kind = json_str(c->rec, "kind"), *key = json_str(c->rec, "key");
	if (!lower_ident(kind))
		return bad(c, "kind", "must be a lower-case identifier such as \"subscriber\"; "
			   FIX);
	if (key == NULL || key[0] == '\0')
		return bad(c, "key", "must be a non-empty string, unique within its kind; " FIX);
	const cJSON *batch = cJSON_GetObjectItemCaseSensitive(c->rec, "batch");
	if (batch != NULL && !cJSON_IsString(batch))
		return bad(c, "batch", "must be a string (the wave name); " FIX);
	int rc;
	const char *method = NULL;
	if ((rc = check_strings(c, "blocked", cJSON_GetObjectItemCaseSensitive(c->rec,
						"blocked"))) != BWM_OK ||
	    (rc = check_strings(c, "source", cJSON_GetObjectItemCaseSensitive(c->rec,
						"source"))) != BWM_OK ||
	    (rc = check_depends(c)) != BWM_OK ||
	    (rc = check_request(c, &method)) != BWM_OK ||
	    (rc = check_lookup(c, kind, method)) != BWM_OK ||
	    (rc = check_send_members(c, method)) != BWM_OK)
		return rc;
	return check_delete(c);
}

int plan_check_entry(const struct plan *p, const cJSON *rec, long line,
		     struct bwm_error *err)
{
	struct check c = { .p = p, .line = line, .id = "entry", .rec = rec, .err = err };
	struct strbuf id = STRBUF_INIT;
	const char *kind = json_str(rec, "kind"), *key = json_str(rec, "key");
	if (kind && key) {
		strbuf_addf(&id, "%s:%s", kind, key);
		c.id = id.buf;
	}
	int rc = check_entry(&c);
	free(c.deps);
	strbuf_free(&id);
	return rc;
}
