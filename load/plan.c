/*
 * plan.c — reading and indexing the plan (see plan.h).
 *
 * One pass over the file: each line is parsed, checked (plan_check.c),
 * hashed and reduced to a struct plan_entry; the cJSON tree is dropped at
 * once so that memory grows with the number of entries, not with the size
 * of their bodies, and by as little as possible with each entry: no malloc
 * per entry, strings in chunks, dependencies as 32-bit indexes.
 */
#include "load/plan.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonl.h"
#include "core/strbuf.h"

#define PLAN_ARENA_CHUNK (1u << 20)

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

uint64_t plan_digest(const cJSON *rec)
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
	return h;
}

void plan_digest_text(uint64_t digest, char out[PLAN_HASH_LEN])
{
	snprintf(out, PLAN_HASH_LEN, "%016llx", (unsigned long long)digest);
}

uint64_t plan_digest_parse(const char *text)
{
	if (text == NULL || strlen(text) != PLAN_HASH_LEN - 1 ||
	    strspn(text, "0123456789abcdef") != PLAN_HASH_LEN - 1)
		return 0;
	return (uint64_t)strtoull(text, NULL, 16);
}

void plan_hash(const cJSON *rec, char out[PLAN_HASH_LEN])
{
	plan_digest_text(plan_digest(rec), out);
}

void plan_id_add(struct strbuf *sb, const struct plan *p, size_t i)
{
	strbuf_addf(sb, "%s:%s", p->v[i].kind, p->v[i].key);
}

/* The hash of "kind:key" without building it. */
static uint64_t hash_id(const char *kind, const char *key)
{
	uint64_t h = fnv1a(0xcbf29ce484222325ULL, kind);
	h = (h ^ (unsigned char)':') * 0x100000001b3ULL;
	return fnv1a(h, key);
}

static int same_id(const struct plan_entry *e, const char *id)
{
	size_t kl = strlen(e->kind);
	return strncmp(e->kind, id, kl) == 0 && id[kl] == ':' && strcmp(e->key, id + kl + 1) == 0;
}

/* Copy n bytes of s (and a NUL) into the arena. Chunks are never moved. */
static const char *arena_add(struct plan_arena *a, const char *s, size_t n)
{
	if (a->nchunks == 0 || a->used + n + 1 > a->size) {
		a->size = n + 1 > PLAN_ARENA_CHUNK ? n + 1 : PLAN_ARENA_CHUNK;
		a->chunks = xrealloc(a->chunks, (a->nchunks + 1) * sizeof *a->chunks);
		a->chunks[a->nchunks++] = xmalloc(a->size);
		a->used = 0;
	}
	char *out = a->chunks[a->nchunks - 1] + a->used;
	memcpy(out, s, n);
	out[n] = '\0';
	a->used += n + 1;
	return out;
}

static void arena_free(struct plan_arena *a)
{
	for (size_t i = 0; i < a->nchunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
	memset(a, 0, sizeof *a);
}

/* The one copy of a kind, batch or method (there are few distinct ones).
 * An open-addressed table of interned strings, grown at half full. */
static const char *intern(struct plan *p, const char *s)
{
	if (p->ninterned * 2 >= p->interned_slots) {
		size_t old = p->interned_slots;
		const char **tab = p->interned;
		p->interned_slots = old ? old * 2 : 64;
		p->interned = xcalloc(p->interned_slots, sizeof *p->interned);
		for (size_t k = 0; k < old; k++)
			if (tab[k] != NULL) {
				size_t m = p->interned_slots - 1, at = hash_str(tab[k]) & m;
				while (p->interned[at] != NULL)
					at = (at + 1) & m;
				p->interned[at] = tab[k];
			}
		free(tab);
	}
	size_t m = p->interned_slots - 1;
	for (size_t at = hash_str(s) & m;; at = (at + 1) & m) {
		if (p->interned[at] == NULL) {
			p->ninterned++;
			return p->interned[at] = arena_add(&p->text, s, strlen(s));
		}
		if (strcmp(p->interned[at], s) == 0)
			return p->interned[at];
	}
}

long plan_find(const struct plan *p, const char *id)
{
	if (p->nslots == 0)
		return -1;
	size_t mask = p->nslots - 1;
	for (size_t s = hash_str(id) & mask;; s = (s + 1) & mask) {
		uint32_t i = p->slots[s];
		if (i == 0)
			return -1;
		if (same_id(&p->v[i - 1], id))
			return (long)i - 1;
	}
}

static void index_insert(struct plan *p, size_t i)
{
	size_t mask = p->nslots - 1;
	size_t s = hash_id(p->v[i].kind, p->v[i].key) & mask;
	while (p->slots[s] != 0)
		s = (s + 1) & mask;
	p->slots[s] = (uint32_t)i + 1;
}

/* Keep the table at most half full. Returns 1 when it was rebuilt (with
 * every entry already in it). */
static int index_grow(struct plan *p)
{
	if (p->n * 2 < p->nslots)
		return 0;
	free(p->slots);
	p->nslots = p->nslots ? p->nslots * 2 : 64;
	p->slots = xcalloc(p->nslots, sizeof *p->slots);
	for (size_t i = 0; i < p->n; i++)
		index_insert(p, i);
	return 1;
}

/* A new zeroed entry at the end of v (not yet counted in n), or NULL when
 * kind:key is there already. */
static struct plan_entry *entry_new(struct plan *p, const char *kind, const char *key)
{
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s:%s", kind, key);
	long dup = plan_find(p, id.buf);
	strbuf_free(&id);
	if (dup >= 0)
		return NULL;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap + p->cap / 2 : 256;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	struct plan_entry *e = &p->v[p->n];
	memset(e, 0, sizeof *e);
	e->kind = intern(p, kind);
	e->key = arena_add(&p->text, key, strlen(key));
	e->dep_first = (uint32_t)p->ndeps;
	return e;
}

/* Count the entry at index n in. */
static void entry_commit(struct plan *p)
{
	p->n++;
	if (!index_grow(p))
		index_insert(p, p->n - 1);
}

static void dep_push(struct plan *p, size_t k)
{
	if (p->ndeps == p->depcap) {
		p->depcap = p->depcap ? p->depcap * 2 : 1024;
		p->deps = xrealloc(p->deps, p->depcap * sizeof *p->deps);
	}
	p->deps[p->ndeps++] = (uint32_t)k;
}

/* Reduce a checked record to its entry. */
static void entry_fill(struct plan *p, struct plan_entry *e, const cJSON *rec, long line)
{
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(rec, "request");
	e->batch = intern(p, json_str_or(rec, "batch", ""));
	e->method = intern(p, json_str(req, "method"));
	e->line = (uint32_t)line;
	const cJSON *blocked = cJSON_GetObjectItemCaseSensitive(rec, "blocked");
	e->blocked = cJSON_IsArray(blocked) && cJSON_GetArraySize(blocked) > 0;
	e->resend = strcmp(e->method, "PUT") == 0 ||
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "resend"));
	e->record = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "record")) > 0;
	const cJSON *d;
	/* plan_check_entry made sure each one is an earlier entry. */
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(rec, "depends")) {
		dep_push(p, (size_t)plan_find(p, d->valuestring));
		e->ndepends++;
	}
	e->digest = plan_digest(rec);
}

static int add_line(struct plan *p, const char *buf, size_t len, long line,
		    long offset, struct bwm_error *err)
{
	/* A NUL would cut a value short and bytes that are not UTF-8 would
	 * reach the API garbled: the same rule as every JSON Lines input. */
	if (jsonl_check_text(p->path, line, buf, len, err) != BWM_OK)
		return err->status;
	cJSON *rec = cJSON_ParseWithLength(buf, len);
	if (rec == NULL || !cJSON_IsObject(rec)) {
		cJSON_Delete(rec);
		return bwm_fail(err, BWM_EINPUT, "%s:%ld: not a plan entry (a JSON object with "
				"\"kind\" and \"key\"); is this a plan written by bwmigrate "
				"transform?", p->path, line);
	}
	int rc = plan_check_entry(p, rec, line, err);
	if (rc != BWM_OK) {
		cJSON_Delete(rec);
		return rc;
	}
	struct plan_entry *e = entry_new(p, json_str(rec, "kind"), json_str(rec, "key"));
	if (e == NULL) {
		rc = bwm_fail(err, BWM_EINPUT, "%s:%ld: %s:%s appears twice; keys must be unique "
			      "within their kind", p->path, line, json_str(rec, "kind"),
			      json_str(rec, "key"));
		cJSON_Delete(rec);
		return rc;
	}
	e->offset = offset;
	e->len = (uint32_t)len;
	entry_fill(p, e, rec, line);
	cJSON_Delete(rec);
	entry_commit(p);
	return BWM_OK;
}

int plan_add(struct plan *p, const char *kind, const char *key, const char *batch,
	     const char *method)
{
	if (p->nslots == 0)
		index_grow(p);
	struct plan_entry *e = entry_new(p, kind, key);
	if (e == NULL)
		return -1;
	e->batch = intern(p, batch ? batch : "");
	e->method = intern(p, method);
	entry_commit(p);
	return 0;
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
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
	if (rc != BWM_OK)
		plan_free(p);
	return rc;
}

int plan_record(const struct plan *p, size_t i, cJSON **out, struct bwm_error *err)
{
	const struct plan_entry *e = &p->v[i];
	char *buf = xmalloc((size_t)e->len + 1);
	*out = NULL;
	if (fseek(p->fp, e->offset, SEEK_SET) != 0 || fread(buf, 1, e->len, p->fp) != e->len) {
		free(buf);
		return bwm_fail(err, BWM_EINPUT, "%s:%lu: cannot read %s:%s back; was the plan "
				"changed during the load?", p->path, (unsigned long)e->line, e->kind,
				e->key);
	}
	*out = cJSON_ParseWithLength(buf, e->len);
	free(buf);
	if (*out == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s:%lu: %s:%s no longer parses; was the plan "
				"changed during the load?", p->path, (unsigned long)e->line, e->kind,
				e->key);
	return BWM_OK;
}

void plan_free(struct plan *p)
{
	free(p->v);
	free(p->deps);
	free(p->slots);
	free(p->interned);
	arena_free(&p->text);
	free(p->path);
	if (p->fp)
		fclose(p->fp);
	memset(p, 0, sizeof *p);
}
