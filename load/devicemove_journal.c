/*
 * devicemove_journal.c — what the device move needs to know of the
 * journal: the state, plan hash, last error and batch of the devices,
 * activation codes and subscribers (UC-One clients wait for their users).
 * Read once through the journal interface, so that a SQLite file and a
 * shared PostgreSQL journal serve alike, and kept sorted for lookups;
 * memory is a few dozen bytes per such entry, never the plan's bodies.
 */
#include "load/devicemove_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dm_jrow {
	char *kind, *key, *error, *batch;
	int state;
	char hash[PLAN_HASH_LEN];
};

static int wanted(const char *kind)
{
	return strcmp(kind, "device") == 0 || strcmp(kind, "activation_code") == 0 ||
	       strcmp(kind, "subscriber") == 0;
}

static int keep_row(const struct journal_row *row, void *ctx)
{
	struct dm_run *r = ctx;
	if (!wanted(row->kind))
		return 0;
	if (r->njrows == r->jcap) {
		r->jcap = r->jcap ? 2 * r->jcap : 256;
		r->jrows = xrealloc(r->jrows, r->jcap * sizeof *r->jrows);
	}
	struct dm_jrow *d = &r->jrows[r->njrows++];
	d->kind = xstrdup(row->kind);
	d->key = xstrdup(row->key);
	d->error = xstrdup(row->last_error ? row->last_error : "");
	d->batch = xstrdup(row->batch ? row->batch : "");
	d->state = row->state;
	snprintf(d->hash, sizeof d->hash, "%s", row->hash ? row->hash : "");
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const struct dm_jrow *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);
	return c != 0 ? c : strcmp(x->key, y->key);
}

int dm_journal_load(struct dm_run *r, struct bwm_error *err)
{
	int rc = journal_each(&r->j, keep_row, r, err);
	if (rc == BWM_OK && r->njrows > 1)
		qsort(r->jrows, r->njrows, sizeof *r->jrows, row_cmp);
	return rc;
}

int dm_journal_find(struct dm_run *r, const char *kind, const char *key,
		    char hash[PLAN_HASH_LEN], char *error, size_t nerror)
{
	struct dm_jrow probe = { .kind = (char *)kind, .key = (char *)key };
	const struct dm_jrow *d = r->njrows
		? bsearch(&probe, r->jrows, r->njrows, sizeof *r->jrows, row_cmp) : NULL;
	hash[0] = error[0] = '\0';
	if (d == NULL)
		return -1;
	snprintf(hash, PLAN_HASH_LEN, "%s", d->hash);
	snprintf(error, nerror, "%s", d->error);
	snprintf(r->found_batch, sizeof r->found_batch, "%s", d->batch);
	return d->state;
}

void dm_journal_free(struct dm_run *r)
{
	for (size_t i = 0; i < r->njrows; i++) {
		free(r->jrows[i].kind);
		free(r->jrows[i].key);
		free(r->jrows[i].error);
		free(r->jrows[i].batch);
	}
	free(r->jrows);
	r->jrows = NULL;
	r->njrows = r->jcap = 0;
}
