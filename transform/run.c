/*
 * run.c — the stage driver: read the inventory line by line, gather one
 * enterprise's records (consecutive records with the same enterprise),
 * plan it, free it, and at the end write the report files. Memory is one
 * enterprise's index plus a few bytes per user for the run-wide duplicate
 * checks and a summary row per customer.
 */
#include "transform/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* State of a run between enterprises. */
struct run {
	struct tx_ctx ctx;
	struct tx_findings f;
	struct tx_seen emails, numbers, macs;
	struct tx_batches batches;
	struct tx_ent cur;            /* the enterprise being gathered */
	int have_cur;
	long ordinal;
	struct tx_map done;           /* enterprise ids already planned */
	char **done_ids; size_t n_done, cap_done;
	cJSON **orphans; size_t n_orphans, cap_orphans;  /* errors before any enterprise */
};

static void remember_done(struct run *r, const char *id)
{
	if (r->n_done == r->cap_done) {
		r->cap_done = r->cap_done ? r->cap_done * 2 : 64;
		r->done_ids = xrealloc(r->done_ids, r->cap_done * sizeof *r->done_ids);
	}
	r->done_ids[r->n_done] = xstrdup(id);
	tx_map_put(&r->done, r->done_ids[r->n_done], r);
	r->n_done++;
}

static int flush(struct run *r)
{
	if (!r->have_cur)
		return BWM_OK;
	int rc = tx_plan_enterprise(&r->ctx, &r->cur);
	remember_done(r, r->cur.id);
	tx_ent_free(&r->cur);
	r->have_cur = 0;
	return rc;
}

static void start(struct run *r, const char *id)
{
	tx_ent_init(&r->cur, id, ++r->ordinal);
	r->have_cur = 1;
	for (size_t i = 0; i < r->n_orphans; i++)
		tx_ent_add(&r->cur, r->orphans[i]);
	r->n_orphans = 0;
}

/* A record without source gets the inventory position, so that every
 * finding can name a file and line. */
static void ensure_source(cJSON *rec, const struct jsonl_reader *in)
{
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(rec, "source")))
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "source");
	cJSON *s = cJSON_AddObjectToObject(rec, "source");
	cJSON_AddStringToObject(s, "file", in->path);
	cJSON_AddNumberToObject(s, "line", (double)in->line);
}

static int take(struct run *r, cJSON *rec, const struct jsonl_reader *in, struct bwm_error *err)
{
	ensure_source(rec, in);
	const char *ent = tx_record_enterprise(rec);
	if (ent == NULL && r->have_cur)
		ent = r->cur.id;
	if (ent == NULL) {
		if (r->n_orphans == r->cap_orphans) {
			r->cap_orphans = r->cap_orphans ? r->cap_orphans * 2 : 8;
			r->orphans = xrealloc(r->orphans, r->cap_orphans * sizeof *r->orphans);
		}
		r->orphans[r->n_orphans++] = rec;
		return BWM_OK;
	}
	if (!r->have_cur || strcmp(ent, r->cur.id) != 0) {
		if (tx_map_get(&r->done, ent) != NULL) {
			int rc = bwm_fail(err, BWM_EINPUT, "%s:%ld: %s \"%s\": enterprise \"%s\" "
					  "appears again after other enterprises; read from a pipe, "
					  "records cannot be merged: give the inventory as a file", in->path,
					  in->line, json_str(rec, "kind"), json_str(rec, "key"), ent);
			cJSON_Delete(rec);
			return rc;
		}
		char *id = xstrdup(ent);
		int rc = flush(r);
		if (rc == BWM_OK)
			start(r, id);
		free(id);
		if (rc != BWM_OK) {
			cJSON_Delete(rec);
			return rc;
		}
	}
	tx_ent_add(&r->cur, rec);
	return BWM_OK;
}

/* Read one run of lines [off, end) into the current enterprise. */
static int read_span(struct run *r, struct jsonl_reader *in, const struct tx_span *sp,
		     long *records, struct bwm_error *err)
{
	if (fseek(in->fp, sp->off, SEEK_SET) != 0)
		return bwm_fail(err, BWM_EINPUT, "%s: cannot seek: %s", in->path, strerror(errno));
	in->line = sp->line;
	while (ftell(in->fp) < sp->end) {
		cJSON *rec;
		int rc = jsonl_next(in, &rec, err);
		if (rc != BWM_OK || rec == NULL)
			return rc;
		(*records)++;
		ensure_source(rec, in);
		tx_ent_add(&r->cur, rec);
	}
	return BWM_OK;
}

static int same_ent(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Some enterprise comes in several runs: plan enterprises in the order
 * they first appear, each with all of its runs. */
static int read_split(struct run *r, struct jsonl_reader *in, const struct tx_spans *sp,
		      long *records, struct bwm_error *err)
{
	char *taken = xcalloc(sp->n + 1, 1);
	int rc = BWM_OK;
	for (size_t i = 0; rc == BWM_OK && i < sp->n; i++) {
		if (taken[i])
			continue;
		start(r, sp->v[i].ent ? sp->v[i].ent : "");
		for (size_t j = i; rc == BWM_OK && j < sp->n; j++) {
			if (taken[j] || !same_ent(sp->v[i].ent, sp->v[j].ent))
				continue;
			taken[j] = 1;
			rc = read_span(r, in, &sp->v[j], records, err);
		}
		if (rc == BWM_OK)
			rc = flush(r);
	}
	free(taken);
	return rc;
}

/* A regular file is scanned first for split enterprises; a pipe is read
 * in one pass (and a split enterprise there is an error). */
static int read_all(struct run *r, const char *path, long *records, struct bwm_error *err)
{
	struct jsonl_reader in;
	int rc = jsonl_open(&in, path, err);
	if (rc != BWM_OK)
		return rc;
	struct stat stt;
	if (in.fp != stdin && fstat(fileno(in.fp), &stt) == 0 && S_ISREG(stt.st_mode)) {
		struct tx_spans sp;
		if (tx_spans_scan(in.fp, &sp) != 0)
			rc = bwm_fail(err, BWM_EINPUT, "%s: read error", path);
		else if (sp.split)
			rc = read_split(r, &in, &sp, records, err);
		else
			rewind(in.fp);
		int done = rc != BWM_OK || sp.split;
		tx_spans_free(&sp);
		if (done) {
			jsonl_close(&in);
			return rc;
		}
	}
	for (;;) {
		cJSON *rec;
		rc = jsonl_next(&in, &rec, err);
		if (rc != BWM_OK || rec == NULL)
			break;
		(*records)++;
		rc = take(r, rec, &in, err);
		if (rc != BWM_OK)
			break;
	}
	if (rc == BWM_OK && r->n_orphans > 0 && !r->have_cur)
		start(r, "");   /* errors only: report them under an unnamed enterprise */
	if (rc == BWM_OK)
		rc = flush(r);
	jsonl_close(&in);
	return rc;
}

static void run_free(struct run *r)
{
	if (r->have_cur)
		tx_ent_free(&r->cur);
	for (size_t i = 0; i < r->n_orphans; i++)
		cJSON_Delete(r->orphans[i]);
	free(r->orphans);
	for (size_t i = 0; i < r->n_done; i++)
		free(r->done_ids[i]);
	free(r->done_ids);
	tx_map_free(&r->done);
	tx_seen_free(&r->emails);
	tx_seen_free(&r->numbers);
	tx_seen_free(&r->macs);
	tx_batches_free(&r->batches);
	tx_findings_close(&r->f);
}

static void fill_stats(const struct run *r, struct transform_stats *st)
{
	st->enterprises = r->ordinal;
	st->customers = r->f.customers;
	st->locations = r->f.locations;
	st->subscribers = r->f.subscribers;
	st->entries = r->f.entries;
	st->blocked = r->f.blocked;
	st->errors = r->f.sev[TX_ERROR];
	st->warnings = r->f.sev[TX_WARNING];
	st->infos = r->f.sev[TX_INFO];
}

int transform_run(const struct transform_options *o, struct transform_stats *st,
		  struct bwm_error *err)
{
	memset(st, 0, sizeof *st);
	if (o->report_dir != NULL && mkdir(o->report_dir, 0777) != 0 && errno != EEXIST)
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot create report folder: %s",
				o->report_dir, strerror(errno));
	struct run *r = xcalloc(1, sizeof *r);
	int rc = tx_batches_load(&r->batches, o->waves, o->batch_size, err);
	if (rc == BWM_OK)
		rc = tx_findings_open(&r->f, o->report_dir, err);
	r->ctx = (struct tx_ctx){ o->mappings, o->partner, &r->f, &r->emails, &r->numbers,
				  &r->macs, &r->batches, o->plan, err };
	if (rc == BWM_OK)
		rc = read_all(r, o->inventory, &st->records, err);
	if (rc == BWM_OK && fflush(o->plan) != 0)
		rc = bwm_fail(err, BWM_EINTERNAL, "cannot write the plan: %s", strerror(errno));
	if (rc == BWM_OK)
		rc = tx_findings_flush(&r->f, err);
	cJSON *inputs = NULL;
	if (rc == BWM_OK && o->report_dir != NULL && (inputs = tx_report_inputs(o, err)) == NULL)
		rc = err->status;
	if (rc == BWM_OK && o->report_dir != NULL)
		rc = tx_report_json(&r->f, o, inputs, err);
	if (rc == BWM_OK && o->report_dir != NULL)
		rc = tx_report_html(&r->f, o, inputs, err);
	cJSON_Delete(inputs);
	fill_stats(r, st);
	run_free(r);
	free(r);
	if (rc == BWM_OK && st->errors > 0)
		rc = BWM_EPARTIAL;
	return rc;
}
