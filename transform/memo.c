/*
 * memo.c — remembers which rule a string matched (a service name against
 * the "services" patterns), because the same few names come back for
 * every user and running every pattern each time was a large part of
 * planning a subscriber. Owned by the mappings, which never change during
 * a run, so a remembered answer stays right.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

struct tx_memo {
	struct tx_map map;            /* string -> answer + 1 (so 0 is "not seen") */
	char **keys; size_t n, cap;   /* owned copies of the strings */
};

int tx_memo_get(const struct tx_memo *mo, const char *s, size_t *answer)
{
	if (mo == NULL)
		return 0;
	uintptr_t v = (uintptr_t)tx_map_get(&mo->map, s);
	if (v == 0)
		return 0;
	*answer = (size_t)(v - 1);
	return 1;
}

struct tx_memo *tx_memo_new(void)
{
	return xcalloc(1, sizeof(struct tx_memo));
}

void tx_memo_put(struct tx_memo *m, const char *s, size_t answer)
{
	if (m == NULL)
		return;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->keys = xrealloc(m->keys, m->cap * sizeof *m->keys);
	}
	m->keys[m->n] = xstrdup(s);
	tx_map_put(&m->map, m->keys[m->n], (void *)(uintptr_t)(answer + 1));
	m->n++;
}

void tx_memo_free(struct tx_memo *mo)
{
	if (mo == NULL)
		return;
	for (size_t i = 0; i < mo->n; i++)
		free(mo->keys[i]);
	free(mo->keys);
	tx_map_free(&mo->map);
	free(mo);
}
