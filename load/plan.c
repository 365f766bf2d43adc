/*
 * plan.c — reading and indexing the plan (see plan.h).
 *
 * One pass over the file: each line is parsed, checked, hashed and reduced
 * to a struct plan_entry; the cJSON tree is dropped at once so that memory
 * grows with the number of entries, not with the size of their bodies.
 */
#include "load/plan.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonl.h"
#include "core/strbuf.h"

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t hash_str(const char *s)
{
	return fnv1a(0xcbf29ce484222325ULL, s);
}

void plan_hash(const cJSON *rec, char out[PLAN_HASH_LEN])
{
	static const char *const parts[] = { "request", "params", "body" };
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const cJSON *it = cJSON_GetObjectItemCaseSensitive(rec, parts[i]);
		char *s = it ? cJSON_PrintUnformatted(it) : NULL;
		h = fnv1a(h, parts[i]);
		h = fnv1a(h, s ? s : "null");
		cJSON_free(s);
	}
	snprintf(out, PLAN_HASH_LEN, "%016llx", (unsigned long long)h);
}

long plan_find(const struct plan *p, const char *id)
{
	if (p->nslots == 0)
		return -1;
	size_t mask = p->nslots - 1;
	for (size_t s = hash_str(id) & mask;; s = (s + 1) & mask) {
		long i = p->slots[s];
		if (i < 0)
			return -1;
		if (strcmp(p->v[i].id, id) == 0)
			return i;
	}
}

static void index_insert(struct plan *p, long i)
{
	size_t mask = p->nslots - 1;
	size_t s = hash_str(p->v[i].id) & mask;
	while (p->slots[s] >= 0)
		s = (s + 1) & mask;
	p->slots[s] = i;
}

/* Keep the table at most half full. Returns 1 when it was rebuilt (with
 * every entry already in it). */
static int index_grow(struct plan *p)
{
	if (p->n * 2 < p->nslots)
		return 0;
	free(p->slots);
	p->nslots = p->nslots ? p->nslots * 2 : 64;
	p->slots = xmalloc(p->nslots * sizeof *p->slots);
	for (size_t s = 0; s < p->nslots; s++)
		p->slots[s] = -1;
	for (size_t i = 0; i < p->n; i++)
		index_insert(p, (long)i);
	return 1;
}

static int entry_fill(struct plan *p, struct plan_entry *e, const cJSON *rec,
		      long line, struct bwm_error *err)
{
	const char *kind = json_str(rec, "kind"), *key = json_str(rec, "key");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(rec, "request");
	const char *method = json_str(req, "method");
	if (method == NULL || json_str(req, "path") == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s:%ld: %s:%s has no request.method and "
				"request.path; regenerate the plan with bwmigrate transform",
				p->path, line, kind, key);
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s:%s", kind, key);
	e->id = strbuf_detach(&id);
	e->kind = xstrdup(kind);
	e->key = xstrdup(key);
	e->batch = xstrdup(json_str_or(rec, "batch", ""));
	e->method = xstrdup(method);
	e->line = line;
	const cJSON *blocked = cJSON_GetObjectItemCaseSensitive(rec, "blocked");
	e->blocked = cJSON_IsArray(blocked) && cJSON_GetArraySize(blocked) > 0;
	const cJSON *deps = cJSON_GetObjectItemCaseSensitive(rec, "depends");
	int nd = cJSON_IsArray(deps) ? cJSON_GetArraySize(deps) : 0;
	e->depends = xcalloc((size_t)nd + 1, sizeof *e->depends);
	e->dep_idx = xcalloc((size_t)nd + 1, sizeof *e->dep_idx);
	const cJSON *d;
	cJSON_ArrayForEach(d, deps) {
		if (!cJSON_IsString(d))
			return bwm_fail(err, BWM_EINPUT, "%s:%ld: %s: depends must hold "
					"\"kind:key\" strings", p->path, line, e->id);
		e->depends[e->ndepends] = xstrdup(d->valuestring);
		/* The plan is in dependency order, so a known dependency is behind us. */
		e->dep_idx[e->ndepends] = plan_find(p, d->valuestring);
		e->ndepends++;
	}
	plan_hash(rec, e->hash);
	return BWM_OK;
}

static void entry_free(struct plan_entry *e)
{
	for (size_t i = 0; i < e->ndepends; i++)
		free(e->depends[i]);
	free(e->depends);
	free(e->dep_idx);
	free(e->id);
	free(e->kind);
	free(e->key);
	free(e->batch);
	free(e->method);
}

static int add_line(struct plan *p, const char *buf, size_t len, long line,
		    long offset, struct bwm_error *err)
{
	cJSON *rec = cJSON_ParseWithLength(buf, len);
	if (rec == NULL || !cJSON_IsObject(rec) || json_str(rec, "kind") == NULL ||
	    json_str(rec, "key") == NULL) {
		cJSON_Delete(rec);
		return bwm_fail(err, BWM_EINPUT, "%s:%ld: not a plan entry (a JSON object with "
				"\"kind\" and \"key\"); is this a plan written by bwmigrate "
				"transform?", p->path, line);
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	struct plan_entry *e = &p->v[p->n];
	memset(e, 0, sizeof *e);
	e->offset = offset;
	e->len = len;
	int rc = entry_fill(p, e, rec, line, err);
	cJSON_Delete(rec);
	if (rc == BWM_OK && plan_find(p, e->id) >= 0)
		rc = bwm_fail(err, BWM_EINPUT, "%s:%ld: %s appears twice; keys must be unique "
			      "within their kind", p->path, line, e->id);
	if (rc != BWM_OK) {
		entry_free(e);
		return rc;
	}
	p->n++;
	if (!index_grow(p))
		index_insert(p, (long)p->n - 1);
	return BWM_OK;
}

int plan_add(struct plan *p, const char *kind, const char *key, const char *batch,
	     const char *method)
{
	if (p->nslots == 0)
		index_grow(p);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	struct plan_entry *e = &p->v[p->n];
	memset(e, 0, sizeof *e);
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s:%s", kind, key);
	e->id = strbuf_detach(&id);
	if (plan_find(p, e->id) >= 0) {
		free(e->id);
		return -1;
	}
	e->kind = xstrdup(kind);
	e->key = xstrdup(key);
	e->batch = xstrdup(batch ? batch : "");
	e->method = xstrdup(method);
	e->depends = xcalloc(1, sizeof *e->depends);
	e->dep_idx = xcalloc(1, sizeof *e->dep_idx);
	p->n++;
	if (!index_grow(p))
		index_insert(p, (long)p->n - 1);
	return 0;
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* A dependency that is in the plan but on a later line breaks the order
 * the load relies on (and would be reported as missing): refuse it. */
static int check_order(const struct plan *p, struct bwm_error *err)
{
	for (size_t i = 0; i < p->n; i++)
		for (size_t d = 0; d < p->v[i].ndepends; d++) {
			if (p->v[i].dep_idx[d] >= 0)
				continue;
			long k = plan_find(p, p->v[i].depends[d]);
			if (k >= 0)
				return bwm_fail(err, BWM_EINPUT, "%s:%ld: %s depends on %s, which comes "
						"later (line %ld); entries must follow what they "
						"depend on", p->path, p->v[i].line, p->v[i].id,
						p->v[i].depends[d], p->v[k].line);
		}
	return BWM_OK;
}

int plan_load(struct plan *p, const char *path, struct bwm_error *err)
{
	memset(p, 0, sizeof *p);
	p->path = xstrdup(path);
	p->fp = fopen(path, "rb");
	if (p->fp == NULL) {
		int rc = bwm_fail(err, BWM_EINPUT, "%s: cannot open the plan: %s", path,
				  strerror(errno));
		plan_free(p);
		return rc;
	}
	index_grow(p);
	char *buf = NULL;
	size_t cap = 0;
	long line = 0, offset = 0;
	ssize_t n;
	int rc = BWM_OK;
	while (rc == BWM_OK && (n = getline(&buf, &cap, p->fp)) >= 0) {
		line++;
		if ((size_t)n > JSONL_MAX_LINE)
			rc = bwm_fail(err, BWM_EINPUT, "%s:%ld: line too long for a plan entry",
				      path, line);
		else if (!blank_line(buf, (size_t)n))
			rc = add_line(p, buf, (size_t)n, line, offset, err);
		offset += n;
	}
	free(buf);
	if (rc == BWM_OK && ferror(p->fp))
		rc = bwm_fail(err, BWM_EINPUT, "%s: read error: %s", path, strerror(errno));
	if (rc == BWM_OK)
		rc = check_order(p, err);
	if (rc != BWM_OK)
		plan_free(p);
	return rc;
}

int plan_record(const struct plan *p, size_t i, cJSON **out, struct bwm_error *err)
{
	const struct plan_entry *e = &p->v[i];
	char *buf = xmalloc(e->len + 1);
	*out = NULL;
	if (fseek(p->fp, e->offset, SEEK_SET) != 0 || fread(buf, 1, e->len, p->fp) != e->len) {
		free(buf);
		return bwm_fail(err, BWM_EINPUT, "%s:%ld: cannot read %s back; was the plan "
				"changed during the load?", p->path, e->line, e->id);
	}
	*out = cJSON_ParseWithLength(buf, e->len);
	free(buf);
	if (*out == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s:%ld: %s no longer parses; was the plan "
				"changed during the load?", p->path, e->line, e->id);
	return BWM_OK;
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		entry_free(&p->v[i]);
	free(p->v);
	free(p->slots);
	free(p->path);
	if (p->fp)
		fclose(p->fp);
	memset(p, 0, sizeof *p);
}
