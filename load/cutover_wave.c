/*
 * cutover_wave.c — the entries of one wave as the journal holds them at
 * the end of a cutover, read through the journal's interface (either
 * backend), in (kind, key) order: what the report counts and lists and
 * what its journal digest covers.
 */
#include "load/cutover.h"
#include "core/sha256.h"

#include <stdlib.h>
#include <string.h>

struct collect {
	struct cutover_wave *w;
	const char *batch;
	size_t cap;
};

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

static int collect_row(const struct journal_row *r, void *ctx)
{
	struct collect *c = ctx;
	if (strcmp(r->batch ? r->batch : "", c->batch) != 0)
		return 0;
	struct cutover_wave *w = c->w;
	if (w->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		w->v = xrealloc(w->v, c->cap * sizeof *w->v);
	}
	struct cutover_entry *e = &w->v[w->n++];
	e->kind = dup_or_empty(r->kind);
	e->key = dup_or_empty(r->key);
	e->state = r->state;
	e->remote_id = dup_or_empty(r->remote_id);
	e->error = dup_or_empty(r->last_error);
	e->done_at = -1;
	return 0;
}

static int by_kind_key(const void *a, const void *b)
{
	const struct cutover_entry *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);
	return c ? c : strcmp(x->key, y->key);
}

int cutover_wave_load(struct journal *j, const char *batch, struct cutover_wave *w,
		      struct bwm_error *err)
{
	memset(w, 0, sizeof *w);
	struct collect c = { w, batch, 0 };
	int rc = journal_each(j, collect_row, &c, err);
	if (w->n > 1)
		qsort(w->v, w->n, sizeof *w->v, by_kind_key);
	return rc;
}

struct cutover_entry *cutover_wave_find(const struct cutover_wave *w, const char *kind,
					const char *key)
{
	struct cutover_entry k = { .kind = (char *)kind, .key = (char *)key };
	return w->n ? bsearch(&k, w->v, w->n, sizeof *w->v, by_kind_key) : NULL;
}

void cutover_wave_free(struct cutover_wave *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].kind);
		free(w->v[i].key);
		free(w->v[i].remote_id);
		free(w->v[i].error);
	}
	free(w->v);
	memset(w, 0, sizeof *w);
}

/* SHA-256 of kind, key, state and remote id per line, in (kind, key) order. */
void cutover_wave_digest(const struct cutover_wave *w, char out[65])
{
	struct sha256 c;
	sha256_init(&c);
	for (size_t i = 0; i < w->n; i++) {
		const struct cutover_entry *e = &w->v[i];
		const char *cols[] = { e->kind, e->key, journal_state_name(e->state), e->remote_id };
		for (int col = 0; col < 4; col++) {
			sha256_update(&c, cols[col], strlen(cols[col]));
			sha256_update(&c, col == 3 ? "\n" : "\t", 1);
		}
	}
	sha256_hex(&c, out);
}
