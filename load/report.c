/*
 * report.c — the run report in --report DIR: run.json (for scripts),
 * results.csv (every entry), failed.csv (failed and skipped only, usable as
 * a filter for the next run) and run.html (report_html.c). The folder is
 * created 0700 and every file 0600; no file holds a token or a body.
 */
#include "load/run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

FILE *report_open(const char *dir, const char *name, struct bwm_error *err)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	int fd = open(p.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (fp == NULL)
		bwm_fail(err, BWM_EINTERNAL, "%s: cannot write the report: %s", p.buf,
			 strerror(errno));
	else
		fchmod(fd, 0600);
	strbuf_free(&p);
	return fp;
}

int report_close(FILE *fp, const char *dir, const char *name, struct bwm_error *err)
{
	int bad = ferror(fp);
	if (fclose(fp) != 0 || bad)
		return bwm_fail(err, BWM_EINTERNAL, "%s/%s: write error; is the disk full?", dir,
				name);
	return BWM_OK;
}

void report_csv_field(FILE *fp, const char *s, int last)
{
	s = s ? s : "";
	if (strpbrk(s, ",\"\n\r") != NULL) {
		fputc('"', fp);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	} else {
		fputs(s, fp);
	}
	fputc(last ? '\n' : ',', fp);
}

/* One results.csv row for entry i; remote_id when the entry has none in
 * memory. */
static void csv_row(FILE *fp, const struct run *r, size_t i, const char *remote_id)
{
	const struct run_entry *e = &r->e[i];
	char att[24];
	snprintf(att, sizeof att, "%d", e->attempts);
	report_csv_field(fp, r->plan.v[i].key, 0);
	report_csv_field(fp, r->plan.v[i].kind, 0);
	report_csv_field(fp, r->plan.v[i].batch, 0);
	report_csv_field(fp, journal_state_name(e->state), 0);
	report_csv_field(fp, e->remote_id ? e->remote_id : remote_id, 0);
	report_csv_field(fp, att, 0);
	report_csv_field(fp, e->state == JS_DONE ? NULL : e->last_error, 1);
}

static int csv_wanted(const struct run_entry *e, int failed_only)
{
	return e->in_scope && (!failed_only || e->state == JS_FAILED || e->state == JS_SKIPPED);
}

struct csv_pass {
	const struct run *r;
	FILE *fp;
	int failed_only;
};

static int csv_journal_row(const struct journal_row *row, void *ctx)
{
	struct csv_pass *c = ctx;
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s:%s", row->kind, row->key);
	long i = plan_find(&c->r->plan, id.buf);
	strbuf_free(&id);
	if (i >= 0 && csv_wanted(&c->r->e[i], c->failed_only))
		csv_row(c->fp, c->r, (size_t)i, row->remote_id);
	return 0;
}

/* With a journal, the rows come from it in its order (the plan's, for a
 * journal this plan seeded): the remote ids of done entries nothing
 * depends on are kept only there, and one pass over the journal reads
 * them faster than a query per entry. */
static int write_csv(struct run *r, const char *name, int failed_only, struct bwm_error *err)
{
	FILE *fp = report_open(r->o->report_dir, name, err);
	if (fp == NULL)
		return err->status;
	fputs("key,kind,batch,state,remote_id,attempts,error\n", fp);
	int rc = BWM_OK;
	if (journal_is_open(&r->j)) {
		struct csv_pass c = { r, fp, failed_only };
		rc = journal_each(&r->j, csv_journal_row, &c, err);
	} else {
		for (size_t i = 0; i < r->plan.n; i++)
			if (csv_wanted(&r->e[i], failed_only))
				csv_row(fp, r, i, NULL);
	}
	if (rc != BWM_OK) {
		fclose(fp);
		return rc;
	}
	return report_close(fp, r->o->report_dir, name, err);
}

/* "depends on subscriber:A/B/c, which is failed" → "depends on a subscriber
 * that is failed": one group per reason, not per entry. */
static void reason_of(const char *err, struct strbuf *sb)
{
	const char *which = strstr(err, ", which is ");
	if (strncmp(err, "depends on ", 11) == 0 && which) {
		const char *colon = strchr(err + 11, ':');
		int klen = colon && colon < which ? (int)(colon - err - 11) : 5;
		strbuf_addf(sb, "depends on a %.*s that is %s", klen, err + 11, which + 11);
		return;
	}
	strbuf_add(sb, err, strlen(err) > 160 ? 160 : strlen(err));
}

static void add_count(cJSON *obj, const char *a, const char *b)
{
	cJSON *o = b ? cJSON_GetObjectItemCaseSensitive(obj, a) : obj;
	if (o == NULL)
		o = cJSON_AddObjectToObject(obj, a);
	const char *name = b ? b : a;
	cJSON *n = cJSON_GetObjectItemCaseSensitive(o, name);
	if (n)
		cJSON_SetNumberValue(n, n->valuedouble + 1);
	else
		cJSON_AddNumberToObject(o, name, 1);
}

static void add_counts(struct run *r, cJSON *j)
{
	cJSON *states = cJSON_AddObjectToObject(j, "states");
	for (int s = 0; s < JS__COUNT; s++)
		cJSON_AddNumberToObject(states, journal_state_name(s), (double)r->sum->count[s]);
	cJSON *kinds = cJSON_AddObjectToObject(j, "kinds");
	cJSON *batches = cJSON_AddObjectToObject(j, "batches");
	cJSON *reasons = cJSON_AddObjectToObject(j, "errors");
	for (size_t i = 0; i < r->plan.n; i++) {
		const struct run_entry *e = &r->e[i];
		if (!e->in_scope)
			continue;
		const char *st = journal_state_name(e->state);
		add_count(kinds, r->plan.v[i].kind, st);
		add_count(batches, r->plan.v[i].batch[0] ? r->plan.v[i].batch : "-", st);
		if ((e->state == JS_FAILED || e->state == JS_SKIPPED) && e->last_error) {
			struct strbuf sb = STRBUF_INIT;
			reason_of(e->last_error, &sb);
			add_count(reasons, sb.buf, NULL);
			strbuf_free(&sb);
		}
	}
}

static cJSON *run_json(struct run *r, const char *mode)
{
	const struct load_summary *s = r->sum;
	cJSON *j = cJSON_CreateObject();
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddStringToObject(j, "mode", mode);
	cJSON_AddStringToObject(j, "finished", ts);
	json_add_str_opt(j, "plan", r->o->plan_path);
	json_add_str_opt(j, "journal", r->j.path);
	json_add_str_opt(j, "batch", r->o->batch);
	cJSON_AddStringToObject(j, "api", r->api);
	cJSON_AddNumberToObject(j, "total", (double)s->total);
	cJSON_AddNumberToObject(j, "elapsed_s", s->elapsed_s);
	cJSON_AddNumberToObject(j, "requests", (double)s->requests);
	cJSON_AddNumberToObject(j, "requests_per_s",
				s->elapsed_s > 0 ? (double)s->requests / s->elapsed_s : 0);
	cJSON_AddNumberToObject(j, "throttled", r->rl.throttled);
	if (strcmp(mode, "dry-run") == 0)
		cJSON_AddNumberToObject(j, "estimate_s", s->estimate_s);
	add_counts(r, j);
	struct strbuf why = STRBUF_INIT, cmd = STRBUF_INIT;
	if (strcmp(mode, "live") == 0 && report_next_step(r, &why, &cmd)) {
		cJSON *next = cJSON_AddObjectToObject(j, "next");
		cJSON_AddStringToObject(next, "advice", why.buf);
		cJSON_AddStringToObject(next, "command", cmd.buf);
	}
	strbuf_free(&why);
	strbuf_free(&cmd);
	cJSON_AddItemReferenceToObject(j, "endpoints", r->endpoints);
	cJSON_AddItemReferenceToObject(j, "findings", r->findings);
	cJSON_AddItemReferenceToObject(j, "notes", r->notes);
	if (strcmp(mode, "precheck") == 0)
		cJSON_AddItemReferenceToObject(j, "precheck_failures", r->precheck);
	if (strcmp(mode, "live") == 0)
		report_recorded(r, j);
	size_t last = r->ntl;
	while (last > 0 && r->tl_ok[last - 1] == 0 && r->tl_bad[last - 1] == 0)
		last--;
	/* At most 120 bars: buckets of w tenths of a second. */
	size_t w = last / 120 + 1;
	cJSON_AddNumberToObject(j, "timeline_bucket_s", (double)w / 10.0);
	cJSON *tl = cJSON_AddArrayToObject(j, "timeline");
	for (size_t k = 0; k < last; k += w) {
		double ok = 0, bad = 0;
		for (size_t t = k; t < k + w && t < last; t++) {
			ok += r->tl_ok[t];
			bad += r->tl_bad[t];
		}
		cJSON *p = cJSON_CreateArray();
		cJSON_AddItemToArray(p, cJSON_CreateNumber((double)k / 10.0));
		cJSON_AddItemToArray(p, cJSON_CreateNumber(ok));
		cJSON_AddItemToArray(p, cJSON_CreateNumber(bad));
		cJSON_AddItemToArray(tl, p);
	}
	return j;
}

int report_mkdir(const char *dir, struct bwm_error *err)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return bwm_fail(err, BWM_EINTERNAL, "%s: cannot create the report folder: %s", dir,
				strerror(errno));
	return BWM_OK;
}

int report_write_json(const char *dir, const char *name, const cJSON *j, struct bwm_error *err)
{
	FILE *fp = report_open(dir, name, err);
	if (fp == NULL)
		return err->status;
	char *text = cJSON_Print(j);
	fputs(text, fp);
	fputc('\n', fp);
	cJSON_free(text);
	return report_close(fp, dir, name, err);
}

int report_write(struct run *r, const char *mode, struct bwm_error *err)
{
	const char *dir = r->o->report_dir;
	if (report_mkdir(dir, err) != BWM_OK)
		return err->status;
	cJSON *j = run_json(r, mode);
	FILE *fp;
	int rc = report_write_json(dir, "run.json", j, err);
	if (rc == BWM_OK)
		rc = write_csv(r, "results.csv", 0, err);
	if (rc == BWM_OK)
		rc = write_csv(r, "failed.csv", 1, err);
	if (rc == BWM_OK) {
		fp = report_open(dir, "run.html", err);
		if (fp == NULL) {
			rc = err->status;
		} else {
			report_html(r, fp, j);
			rc = report_close(fp, dir, "run.html", err);
		}
	}
	cJSON_Delete(j);
	return rc;
}
