/*
 * inv_write.c — one enterprise's records to JSON Lines (see inv_write.h).
 *
 * The records are sorted by kind, key, priority and arrival; records with
 * the same kind and key are merged (the later/higher-priority one wins for
 * each member it has) and each result is written as one line. This runs
 * on a thread of its own so that placing, sorting, formatting and
 * write(2) overlap with parsing the next enterprise (a 100k-user extract:
 * 3.2 s -> 2.6 s, bench/perf-notes.md). The writer only touches its batch,
 * out and its own buffer; the reader touches none of them until it has
 * joined the thread.
 */
#include "extract/inv_write.h"
#include "extract/jtext.h"
#include "extract/runsort.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (1u << 20)
#define OUT_CHUNK (1u << 20)

/* ---- batches ------------------------------------------------------------- */

void inv_batch_init(struct inv_batch *b)
{
	memset(b, 0, sizeof *b);
	arena_init(&b->arena, ARENA_BLOCK);
	strbuf_init(&b->warnings);
}

void inv_batch_clear(struct inv_batch *b)
{
	b->n = 0;
	b->n_idx = 0;
	b->ent = NULL;
	strbuf_reset(&b->warnings);
	b->n_warnings = 0;
	arena_reset(&b->arena);
}

void inv_batch_free(struct inv_batch *b)
{
	arena_free(&b->arena);
	free(b->recs);
	free(b->spare);
	free(b->idx);
	strbuf_free(&b->warnings);
}

void inv_batch_index(struct inv_batch *b, const char *id, const char *group)
{
	if (b->n_idx == b->cap_idx) {
		b->cap_idx = b->cap_idx ? b->cap_idx * 2 : 256;
		b->idx = xrealloc(b->idx, b->cap_idx * sizeof *b->idx);
	}
	b->idx[b->n_idx].id = arena_strdup(&b->arena, id);
	b->idx[b->n_idx].group = arena_strdup(&b->arena, group);
	b->n_idx++;
}

int inv_json_too_large(size_t jlen)
{
	return jlen + 2 >= JSONL_MAX_LINE;
}

void inv_field_str(struct arena *a, struct inv_field *f, const char *name, const char *value)
{
	f->nlen = strlen(name);
	f->name = name;
	size_t n = strlen(value);
	char *j;
	if (jtext_is_plain(value, n)) {   /* the usual case: copy as is */
		f->jlen = n + 2;
		j = arena_alloc(a, n + 3);
		j[0] = '"';
		memcpy(j + 1, value, n);
		j[n + 1] = '"';
		j[n + 2] = '\0';
	} else {
		f->jlen = jtext_quoted_len(value, n);
		j = arena_alloc(a, f->jlen + 1);
		jtext_quote(j, value, n);
	}
	f->json = j;
	if (inv_json_too_large(f->jlen)) {
		f->json = "null";   /* static: never freed */
		f->jlen = 4;
	}
}

void inv_batch_push(struct inv_batch *b, struct inv_rec *r)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->recs = xrealloc(b->recs, b->cap * sizeof *b->recs);
		b->spare = xrealloc(b->spare, b->cap * sizeof *b->spare);
	}
	b->recs[b->n++] = r;
}

/* ---- sorting ------------------------------------------------------------- */

static int rec_cmp(const void *a, const void *b)
{
	const struct inv_rec *x = *(struct inv_rec *const *)a, *y = *(struct inv_rec *const *)b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	int c = strcmp(x->key, y->key);
	if (c != 0)
		return c;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort the batch by kind, key, priority and arrival. Within a kind,
 * records mostly arrive as a few runs already in key order (a sorted
 * list, then the detail responses of the same objects), so a stable
 * bucket pass by kind is followed by a natural merge sort: the flush
 * stays close to linear for a usual export. */
static void sort_records(struct inv_batch *b)
{
	if (b->n == 0)          /* recs is NULL until the first record */
		return;
	size_t start[INV_KIND_COUNT + 1] = { 0 };
	for (size_t i = 0; i < b->n; i++)
		start[b->recs[i]->kind + 1]++;
	for (int k = 0; k < INV_KIND_COUNT; k++)
		start[k + 1] += start[k];
	size_t at[INV_KIND_COUNT];
	memcpy(at, start, sizeof at);
	for (size_t i = 0; i < b->n; i++)
		b->spare[at[b->recs[i]->kind]++] = b->recs[i];
	struct inv_rec **t = b->recs;
	b->recs = b->spare;
	b->spare = t;
	for (int k = 0; k < INV_KIND_COUNT; k++)
		runsort(b->recs + start[k], b->spare + start[k], start[k + 1] - start[k],
			sizeof *b->recs, rec_cmp);
}

/* Same kind and key: the two records describe one object. */
static int rec_same(const struct inv_rec *x, const struct inv_rec *y)
{
	return x->kind == y->kind && strcmp(x->key, y->key) == 0;
}

/* ---- writing ------------------------------------------------------------- */

static void add_member(struct strbuf *sb, const struct inv_field *f)
{
	strbuf_grow(sb, f->nlen + f->jlen + 4);
	char *p = sb->buf + sb->len;
	*p++ = ',';
	*p++ = '"';
	memcpy(p, f->name, f->nlen);
	p += f->nlen;
	*p++ = '"';
	*p++ = ':';
	memcpy(p, f->json, f->jlen);
	p += f->jlen;
	*p = '\0';
	sb->len = (size_t)(p - sb->buf);
}

/* Hand the buffered lines to out. Lines are written in chunks of about
 * OUT_CHUNK bytes: stdio passes a chunk that size straight to write(2)
 * instead of copying it through its own buffer first. */
static int out_drain(struct inv_writer *w)
{
	struct strbuf *sb = &w->outbuf;
	size_t n = sb->len;
	int ok = n == 0 || fwrite(sb->buf, 1, n, w->out) == n;
	strbuf_reset(sb);
	return ok ? BWM_OK : bwm_fail(&w->err, BWM_EINTERNAL, "write error on the inventory");
}

/* Member name of the last of recs[i..j) that has it, or NULL. */
static const struct inv_field *field_of(struct inv_rec *const *recs, size_t i, size_t j,
					const char *name)
{
	for (size_t q = j; q-- > i;) {
		const struct inv_rec *r = recs[q];
		for (size_t t = 0; t < r->nf; t++)
			if (strcmp(r->f[t].name, name) == 0)
				return &r->f[t];
	}
	return NULL;
}

/* Members that arrive one response per element: a schedule's "events"
 * (GroupScheduleGetEvent), an auto attendant's "submenus"
 * (GroupAutoAttendantSubmenuGet). */
static int is_joined(enum inv_kind kind, const char *name)
{
	return (kind == INV_SCHEDULE && strcmp(name, "events") == 0) ||
	       (kind == INV_AUTO_ATTENDANT && strcmp(name, "submenus") == 0);
}

/* The arrays named name of merged records, joined in arrival order. */
static void add_joined(struct strbuf *sb, struct inv_rec *const *recs, size_t i, size_t j,
		       const char *name)
{
	strbuf_addstr(sb, ",\"");
	strbuf_addstr(sb, name);
	strbuf_addstr(sb, "\":[");
	int first = 1;
	for (size_t k = i; k < j; k++)
		for (size_t m = 0; m < recs[k]->nf; m++) {
			const struct inv_field *f = &recs[k]->f[m];
			if (strcmp(f->name, name) != 0 || f->jlen < 2 || f->json[0] != '[')
				continue;
			if (f->jlen == 2)
				continue;   /* [] */
			if (!first)
				strbuf_addch(sb, ',');
			strbuf_add(sb, f->json + 1, f->jlen - 2);
			first = 0;
		}
	strbuf_addch(sb, ']');
}

/* Write records recs[i..j) (sorted by priority and arrival) as one line:
 * the first record's members in order, each replaced by the last record
 * that has it; members only later records have are appended. */
static int write_merged(struct inv_writer *w, struct inv_rec *const *recs, size_t i, size_t j)
{
	const struct inv_rec *base = recs[i], *last = recs[j - 1];
	struct strbuf *sb = &w->outbuf;   /* lines are built in place */
	strbuf_addstr(sb, "{\"kind\":\"");
	strbuf_addstr(sb, extract_kind_name(base->kind));
	strbuf_addstr(sb, "\",\"key\":");
	jtext_string(sb, base->key);
	for (size_t k = i; k < j; k++) {
		const struct inv_rec *r = recs[k];
		for (size_t m = 0; m < r->nf; m++) {
			const char *name = r->f[m].name;
			if (j == i + 1) {      /* nothing to merge: the common case */
				add_member(sb, &r->f[m]);
				continue;
			}
			/* emit a member where it first appears ... */
			if (k > i && field_of(recs, i, k, name) != NULL)
				continue;
			/* ... with the value of the last record that has it */
			if (is_joined(base->kind, name))
				add_joined(sb, recs, i, j, name);
			else
				add_member(sb, field_of(recs, k, j, name));
		}
	}
	strbuf_addstr(sb, ",\"source\":{\"file\":");
	jtext_string(sb, last->file);
	strbuf_addstr(sb, ",\"line\":");
	jtext_long(sb, last->line);
	strbuf_addstr(sb, "}}\n");
	w->written[base->kind]++;
	return sb->len >= OUT_CHUNK ? out_drain(w) : BWM_OK;
}

static int write_batch(struct inv_writer *w, struct inv_batch *b)
{
	int rc = BWM_OK;
	inv_resolve(b);
	sort_records(b);
	for (size_t i = 0; i < b->n && rc == BWM_OK;) {
		size_t j = i + 1;
		while (j < b->n && rec_same(b->recs[i], b->recs[j]))
			j++;
		rc = write_merged(w, b->recs, i, j);
		i = j;
	}
	if (rc == BWM_OK)
		rc = out_drain(w);
	strbuf_reset(&w->outbuf);
	return rc;
}

/* ---- the thread ---------------------------------------------------------- */

static void *writer_main(void *arg)
{
	struct inv_writer *w = arg;
	w->rc = write_batch(w, w->batch);
	return NULL;
}

void inv_writer_init(struct inv_writer *w, FILE *out, size_t thread_min)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->thread_min = thread_min;
	strbuf_init(&w->outbuf);
}

/* Join the thread, if one runs; after this the reader owns everything. */
static void join(struct inv_writer *w)
{
	if (!w->running)
		return;
	pthread_join(w->thread, NULL);
	w->running = 0;
	w->batch = NULL;
}

static int report(const struct inv_writer *w, struct bwm_error *err)
{
	if (w->rc != BWM_OK && err != NULL)
		*err = w->err;
	return w->rc;
}

int inv_writer_submit(struct inv_writer *w, struct inv_batch *b, struct bwm_error *err)
{
	join(w);
	if (w->rc != BWM_OK)
		return report(w, err);
	w->batch = b;
	/* A thread per batch: creating one costs tens of microseconds, which
	 * only a batch of many records repays (an export of thousands of
	 * two-user enterprises ran 20% slower with a thread for each). */
	if (b->n >= w->thread_min && pthread_create(&w->thread, NULL, writer_main, w) == 0) {
		w->running = 1;
		return BWM_OK;
	}
	w->rc = write_batch(w, b);   /* small, inline, or no thread to be had */
	w->batch = NULL;
	return report(w, err);
}

int inv_writer_busy(const struct inv_writer *w)
{
	return w->running;
}

int inv_writer_wait(struct inv_writer *w, struct bwm_error *err)
{
	join(w);
	return report(w, err);
}

void inv_writer_free(struct inv_writer *w)
{
	join(w);
	strbuf_free(&w->outbuf);
}
