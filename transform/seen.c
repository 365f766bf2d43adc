/*
 * seen.c — values already used by earlier enterprises of the run (e-mail
 * addresses, phone numbers), for the run-wide duplicate checks. Only a
 * 64-bit hash and the first owner's ordinal are kept, 16 bytes a value, so
 * that a million users cost megabytes, not the whole inventory. A hash
 * collision (about 1 in 10^19 per pair) would report a false duplicate,
 * never hide a real one.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	/* Final avalanche (splitmix64) so that table slots spread evenly. */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h ? h : 1;   /* 0 marks an empty slot */
}

static void grow(struct tx_seen *s)
{
	struct tx_seen old = *s;
	s->cap = old.cap ? old.cap * 2 : 1024;
	s->h = xcalloc(s->cap, sizeof *s->h);
	s->owner = xcalloc(s->cap, sizeof *s->owner);
	s->n = 0;
	for (size_t i = 0; i < old.cap; i++) {
		if (old.h[i] == 0)
			continue;
		size_t j = old.h[i] & (s->cap - 1);
		while (s->h[j] != 0)
			j = (j + 1) & (s->cap - 1);
		s->h[j] = old.h[i];
		s->owner[j] = old.owner[i];
		s->n++;
	}
	free(old.h);
	free(old.owner);
}

long tx_seen_check(struct tx_seen *s, const char *value, long owner)
{
	if ((s->n + 1) * 2 >= s->cap)
		grow(s);
	uint64_t h = hash64(value);
	size_t i = h & (s->cap - 1);
	while (s->h[i] != 0) {
		if (s->h[i] == h)
			return s->owner[i] == owner ? 0 : s->owner[i];
		i = (i + 1) & (s->cap - 1);
	}
	s->h[i] = h;
	s->owner[i] = owner;
	s->n++;
	return 0;
}

void tx_seen_free(struct tx_seen *s)
{
	free(s->h);
	free(s->owner);
	memset(s, 0, sizeof *s);
}
