/*
 * dryrun.c — `load --dry-run`: what a live run would send, without a
 * network or a journal. Walks the plan in order, applies the same skip
 * rules as the executor (blocked, unknown or out-of-batch dependency,
 * skipped parent), resolves "$ref" to readable placeholders
 * ("<customer:ACME>", "<customer:ACME#orgId>"), writes each resolved request
 * to requests.jsonl in the report folder, counts requests per endpoint and
 * estimates the duration at a given request rate. When the journal of an
 * earlier run exists, it is read (not locked, not written): entries done
 * there are not sent again and count as done for their dependants, so the
 * dry-run shows what the next resume would do.
 */
#include "load/run.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Placeholder strings live in `keep` until the run ends. */
static const char *placeholder(const char *id, const char *field, void *ctx)
{
	cJSON *keep = ctx;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "<%s%s%s>", id, field ? "#" : "", field ? field : "");
	cJSON *s = cJSON_CreateString(sb.buf);
	strbuf_free(&sb);
	cJSON_AddItemToArray(keep, s);
	return s->valuestring;
}

static const char *why_skipped(struct run *r, size_t i, struct strbuf *why)
{
	const struct plan_entry *p = &r->plan.v[i];
	if (p->blocked)
		return "blocked by validation findings in the plan";
	for (size_t d = 0; d < p->ndepends; d++) {
		size_t k = plan_dep(&r->plan, i, d);
		if (r->e[k].state == JS_DONE)
			continue;
		strbuf_addstr(why, "depends on ");
		plan_id_add(why, &r->plan, k);
		if (!r->e[k].in_scope)
			strbuf_addf(why, " (batch %s); a live run needs it done first",
				    r->plan.v[k].batch);
		else if (r->e[k].state == JS_SKIPPED)
			strbuf_addstr(why, ", which would be skipped");
		else
			strbuf_reset(why);
		if (why->len)
			return why->buf;
	}
	return NULL;
}

/* One resolved request as a JSON line; counts it. */
static int emit(struct run *r, size_t i, FILE *out, cJSON *keep, size_t seq,
		struct bwm_error *err)
{
	cJSON *rec = NULL;
	if (plan_record(&r->plan, i, &rec, err) != BWM_OK)
		return err->status;
	resolve_refs(rec, placeholder, keep, NULL);
	const struct plan_entry *p = &r->plan.v[i];
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(rec, "request");
	const char *path = json_str(req, "path");
	int find = strcmp(p->method, "LOOKUP") == 0;
	char *url = find ? request_url(r, "/locations", cJSON_GetObjectItemCaseSensitive(rec, "lookup"))
			 : request_url(r, path, cJSON_GetObjectItemCaseSensitive(rec, "params"));
	const char *method = find ? "GET" : p->method;
	run_count_endpoint(r, method, find ? "/locations" : path);
	r->sum->requests++;
	if (strcmp(p->kind, "customer") == 0) {   /* at least one poll */
		run_count_endpoint(r, "GET", "/wholesale/customers/{id}");
		r->sum->requests++;
	}
	int rc = BWM_OK;
	if (out != NULL) {
		cJSON *line = cJSON_CreateObject();
		cJSON_AddNumberToObject(line, "seq", (double)seq);
		cJSON_AddStringToObject(line, "kind", p->kind);
		cJSON_AddStringToObject(line, "key", p->key);
		cJSON_AddStringToObject(line, "batch", p->batch);
		cJSON_AddStringToObject(line, "method", method);
		cJSON_AddStringToObject(line, "url", url);
		if (!find)
			cJSON_AddItemToObject(line, "body",
					      cJSON_DetachItemFromObjectCaseSensitive(rec, "body"));
		rc = jsonl_write(out, line, err);
		cJSON_Delete(line);
	}
	free(url);
	cJSON_Delete(rec);
	return rc;
}

static FILE *open_requests(const struct load_opts *o, struct bwm_error *err)
{
	if (report_mkdir(o->report_dir, err) != BWM_OK)
		return NULL;
	return report_open(o->report_dir, "requests.jsonl", err);
}

/* Only "done" counts from an earlier run; everything else is judged anew. */
static int read_earlier_run(struct run *r, struct bwm_error *err)
{
	struct strbuf jp = STRBUF_INIT;
	if (r->o->journal_path)
		strbuf_addstr(&jp, r->o->journal_path);
	else
		strbuf_addf(&jp, "%s.journal", r->o->plan_path);
	int rc = BWM_OK;
	if (journal_is_url(jp.buf)) {
		/* A shared journal: read it when its migration exists already. */
		rc = run_read_journal(r, jp.buf, err);
		if (rc == BWM_EINPUT)
			rc = BWM_OK;
	} else if (access(jp.buf, R_OK) == 0) {
		rc = run_read_journal(r, jp.buf, err);
	}
	strbuf_free(&jp);
	for (size_t i = 0; i < r->plan.n; i++) {
		if (r->e[i].state != JS_DONE)
			r->e[i].state = JS_PENDING;
		free(r->e[i].last_error);
		r->e[i].last_error = NULL;
	}
	return rc;
}

int dryrun_run(const struct load_opts *o, struct load_summary *sum, struct bwm_error *err)
{
	struct run r;
	int rc = run_open(&r, o, sum, 0, err);
	if (rc == BWM_OK)
		rc = read_earlier_run(&r, err);
	FILE *out = NULL;
	if (rc == BWM_OK && o->report_dir && (out = open_requests(o, err)) == NULL)
		rc = err->status;
	cJSON *keep = cJSON_CreateArray();
	size_t seq = 0;
	for (size_t i = 0; rc == BWM_OK && i < r.plan.n; i++) {
		if (!r.e[i].in_scope || r.e[i].state == JS_DONE)
			continue;
		struct strbuf why = STRBUF_INIT;
		const char *b = why_skipped(&r, i, &why);
		if (b) {
			r.e[i].state = JS_SKIPPED;
			r.e[i].last_error = xstrdup(b);
		} else {
			rc = emit(&r, i, out, keep, ++seq, err);
		}
		strbuf_free(&why);
		cJSON_Delete(keep);
		keep = cJSON_CreateArray();
	}
	cJSON_Delete(keep);
	if (out && fclose(out) != 0 && rc == BWM_OK)
		rc = bwm_fail(err, BWM_EINTERNAL, "%s/requests.jsonl: write error", o->report_dir);
	if (r.e != NULL) {
		run_summarize(&r);
		double rate = o->rate > 0 ? o->rate : o->estimate_rate;
		sum->estimate_s = rate > 0 ? (double)sum->requests / rate : 0;
		if (rc == BWM_OK && o->report_dir)
			rc = report_write(&r, "dry-run", err);
		if (rc == BWM_OK && sum->count[JS_SKIPPED] > 0)
			rc = bwm_fail(err, BWM_EPARTIAL, "%zu of %zu entries would be skipped; see "
				      "the report", sum->count[JS_SKIPPED], sum->total);
	}
	run_close(&r);
	return rc;
}
