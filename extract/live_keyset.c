/*
 * live_keyset.c — a hash set of request keys with an optional value each:
 * the requests the walk has already asked (one feature's service user can
 * be listed twice) and, on resume, the spool file holding each answer.
 * Open addressing, FNV-1a; grows at half full.
 */
#include "extract/live_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	char *key;      /* NULL: empty */
	char *value;
};

struct live_keyset {
	struct slot *v;
	size_t cap, n;  /* cap is a power of two */
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

struct live_keyset *live_keyset_new(void)
{
	struct live_keyset *ks = xcalloc(1, sizeof *ks);
	ks->cap = 1024;
	ks->v = xcalloc(ks->cap, sizeof *ks->v);
	return ks;
}

static struct slot *find(const struct live_keyset *ks, const char *key)
{
	size_t i = (size_t)hash(key) & (ks->cap - 1);
	while (ks->v[i].key != NULL && strcmp(ks->v[i].key, key) != 0)
		i = (i + 1) & (ks->cap - 1);
	return &ks->v[i];
}

static void grow(struct live_keyset *ks)
{
	struct slot *old = ks->v;
	size_t n = ks->cap;
	ks->cap *= 2;
	ks->v = xcalloc(ks->cap, sizeof *ks->v);
	for (size_t i = 0; i < n; i++)
		if (old[i].key != NULL)
			*find(ks, old[i].key) = old[i];
	free(old);
}

int live_keyset_add(struct live_keyset *ks, const char *key, const char *value)
{
	if (2 * (ks->n + 1) > ks->cap)
		grow(ks);
	struct slot *s = find(ks, key);
	if (s->key != NULL)
		return 0;
	s->key = xstrdup(key);
	s->value = value ? xstrdup(value) : NULL;
	ks->n++;
	return 1;
}

const char *live_keyset_get(const struct live_keyset *ks, const char *key, int *found)
{
	struct slot *s = find(ks, key);
	*found = s->key != NULL;
	return s->value;
}

void live_keyset_free(struct live_keyset *ks)
{
	if (ks == NULL)
		return;
	for (size_t i = 0; i < ks->cap; i++) {
		free(ks->v[i].key);
		free(ks->v[i].value);
	}
	free(ks->v);
	free(ks);
}
