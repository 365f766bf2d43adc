/*
 * cutover_report.c — cutover.json for the scheduler and cutover.html, one
 * page for a project manager: the verdict, the steps with their timings,
 * counts per kind and state, a chart of entries done over time, what
 * failed and what to do about it, and the SHA-256 of the plan and of the
 * wave's final journal state, so the page names exactly what ran, and of
 * the device move's OCI-P files, so it names exactly what is to be run on
 * BroadWorks. Both are
 * rebuilt from the journal at the end of every run, so a resumed cutover
 * reports the same counts as an uninterrupted one.
 */
#include "load/cutover.h"
#include "load/devicemove.h"
#include "load/run.h"
#include "core/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_FAILURES 200   /* rows in the page and the JSON; failed.csv of the load has all */
#define CHART_POINTS 60

static const char *const advice[CUTOVER_STEPS] = {
	"Fix the refused entries (precheck/run.html lists the API's reasons), transform "
	"again, and run the same cutover command.",
	"Read load/failed.csv; for retryable failures run `bwmigrate load --retry-failed "
	"--journal J --batch W PLAN`, for data errors fix, transform and load again; then run "
	"the same cutover command.",
	"Open verify/verify.html: correct what differs in Control Hub or the plan, then run the "
	"same cutover command (verify reads everything again).",
	"Read devicemove/devicemove.txt: finish the load of the devices not done, or change "
	"mappings/devicemove.json for the refused ones (docs/devicemove.md); then run the same "
	"cutover command.",
};

static cJSON *steps_json(const struct cutover_state *s)
{
	cJSON *a = cJSON_CreateArray();
	for (int k = 0; k < CUTOVER_STEPS; k++) {
		const struct cutover_step_row *r = &s->steps[k];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", r->name);
		cJSON_AddStringToObject(o, "status", r->status);
		cJSON_AddNumberToObject(o, "exit", r->exit);
		cJSON_AddNumberToObject(o, "runs", r->runs);
		cJSON_AddNumberToObject(o, "seconds", r->seconds);
		cJSON_AddStringToObject(o, "started", r->started);
		cJSON_AddStringToObject(o, "finished", r->finished);
		cJSON_AddStringToObject(o, "summary", r->summary);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* {kind: {state: n}} of the wave, kinds and states in name order. */
static cJSON *counts_json(const struct cutover_wave *w)
{
	cJSON *kinds = cJSON_CreateObject();
	for (size_t i = 0; i < w->n;) {
		size_t n[JS__COUNT] = { 0 }, end = i;
		for (; end < w->n && strcmp(w->v[end].kind, w->v[i].kind) == 0; end++)
			n[w->v[end].state]++;
		cJSON *k = cJSON_AddObjectToObject(kinds, w->v[i].kind);
		static const int by_name[] = { JS_ACCEPTED, JS_DONE, JS_FAILED, JS_IN_FLIGHT,
					       JS_PENDING, JS_ROLLED_BACK, JS_SKIPPED };
		for (size_t s = 0; s < sizeof by_name / sizeof by_name[0]; s++)
			if (n[by_name[s]])
				cJSON_AddNumberToObject(k, journal_state_name(by_name[s]),
							(double)n[by_name[s]]);
		i = end;
	}
	return kinds;
}

static cJSON *failures_json(const struct cutover_wave *w)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0, shown = 0; i < w->n && shown < MAX_FAILURES; i++) {
		const struct cutover_entry *e = &w->v[i];
		if (e->state != JS_FAILED && e->state != JS_SKIPPED && e->state != JS_IN_FLIGHT &&
		    e->state != JS_ACCEPTED)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", e->kind);
		cJSON_AddStringToObject(o, "key", e->key);
		cJSON_AddStringToObject(o, "state", journal_state_name(e->state));
		cJSON_AddStringToObject(o, "error", e->error);
		cJSON_AddItemToArray(a, o);
		shown++;
	}
	return a;
}

/* Seconds since the epoch of an ISO 8601 UTC time stamp, -1 if unreadable. */
static double iso_seconds(const char *ts)
{
	struct tm tm;
	double sec;
	memset(&tm, 0, sizeof tm);
	if (ts == NULL || sscanf(ts, "%d-%d-%dT%d:%d:%lf", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				 &tm.tm_hour, &tm.tm_min, &sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (double)timegm(&tm) + sec;
}

struct first_done {
	const struct cutover_wave *w;
	double t0;                 /* the journal's first event */
};

static int note_done(const struct journal_event *e, void *ctx)
{
	struct first_done *f = ctx;
	double t = iso_seconds(e->ts);
	if (t >= 0 && (f->t0 < 0 || t < f->t0))
		f->t0 = t;
	if (t < 0 || e->to_state == NULL || strcmp(e->to_state, "done") != 0 || !e->kind ||
	    !e->key)
		return 0;
	struct cutover_entry *n = cutover_wave_find(f->w, e->kind, e->key);
	if (n && (n->done_at < 0 || t < n->done_at))
		n->done_at = t;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Entries of the wave done over time: [[seconds since the first, done so far]]. */
static cJSON *progress_json(struct journal *j, const struct cutover_wave *w)
{
	cJSON *pts = cJSON_CreateArray();
	struct first_done f = { w, -1 };
	struct bwm_error err = { 0, "" };
	journal_each_event(j, note_done, &f, &err);
	double *t = xcalloc(w->n + 1, sizeof *t);
	size_t n = 0;
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].done_at >= 0)
			t[n++] = w->v[i].done_at - f.t0;
	qsort(t, n, sizeof *t, by_time);
	for (size_t i = 0; i < n; i++) {
		cJSON *p = cJSON_CreateArray();
		cJSON_AddItemToArray(p, cJSON_CreateNumber(t[i]));
		cJSON_AddItemToArray(p, cJSON_CreateNumber((double)(i + 1)));
		cJSON_AddItemToArray(pts, p);
	}
	free(t);
	/* Thin to at most CHART_POINTS, keeping the last. */
	int total = cJSON_GetArraySize(pts);
	if (total > CHART_POINTS) {
		cJSON *thin = cJSON_CreateArray();
		for (int k = 1; k <= CHART_POINTS; k++)
			cJSON_AddItemToArray(thin, cJSON_Duplicate(cJSON_GetArrayItem(pts,
					     k * total / CHART_POINTS - 1), 1));
		cJSON_Delete(pts);
		pts = thin;
	}
	return pts;
}

static int add_worker(const struct journal_worker *wk, void *ctx)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", wk->id);
	cJSON_AddStringToObject(o, "host", wk->host);
	cJSON_AddNumberToObject(o, "pid", (double)wk->pid);
	cJSON_AddStringToObject(o, "started", wk->started ? wk->started : "");
	cJSON_AddStringToObject(o, "heartbeat", wk->heartbeat ? wk->heartbeat : "");
	cJSON_AddNumberToObject(o, "done", (double)wk->done);
	cJSON_AddStringToObject(o, "status", wk->finished ? "finished" :
				wk->silent_s > JOURNAL_LEASE_S ? "silent" : "running");
	cJSON_AddItemToArray(ctx, o);
	return 0;
}

/* The load workers of a shared journal (an empty array with SQLite). */
static cJSON *workers_json(struct journal *j)
{
	cJSON *a = cJSON_CreateArray();
	struct bwm_error err = { 0, "" };
	journal_each_worker(j, add_worker, a, &err);
	return a;
}

/* The device move's files, in the order to run them, with their SHA-256. */
static cJSON *devicemove_json(const struct cutover_state *s)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "dir", s->devicemove_dir);
	cJSON *files = cJSON_AddArrayToObject(d, "files");
	const char *st = s->steps[CUTOVER_STEPS - 1].status;
	if (strcmp(st, "ok") != 0 && strcmp(st, "failed") != 0)
		return d;
	static const char *const bases[] = { "apply", "rollback" };
	struct strbuf path = STRBUF_INIT;
	for (int b = 0; b < 2; b++)
		for (int k = 1;; k++) {
			char hex[65];
			struct bwm_error err = { 0, "" };
			strbuf_reset(&path);
			oci_files_path(&path, s->devicemove_dir, bases[b], k);
			if (sha256_file(path.buf, hex, &err) != BWM_OK)
				break;
			cJSON *f = cJSON_CreateObject();
			cJSON_AddStringToObject(f, "file", path.buf);
			cJSON_AddStringToObject(f, "sha256", hex);
			cJSON_AddItemToArray(files, f);
		}
	strbuf_free(&path);
	return d;
}

static cJSON *report_json(const struct cutover_state *s, struct journal *jr,
			  const struct cutover_wave *w)
{
	char made[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(made, sizeof made, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "made", made);
	cJSON_AddStringToObject(j, "batch", s->o->batch);
	cJSON_AddStringToObject(j, "plan", s->o->plan_path);
	cJSON_AddStringToObject(j, "plan_sha256", s->plan_sha256);
	cJSON_AddStringToObject(j, "journal", s->journal);
	cJSON_AddStringToObject(j, "journal_sha256", s->journal_sha256);
	cJSON_AddNumberToObject(j, "exit", s->exit);
	if (s->stopped_at >= 0) {
		cJSON_AddStringToObject(j, "stopped_at", s->steps[s->stopped_at].name);
		cJSON_AddStringToObject(j, "what_to_do", advice[s->stopped_at]);
	}
	cJSON_AddItemToObject(j, "steps", steps_json(s));
	cJSON_AddItemToObject(j, "counts", counts_json(w));
	cJSON_AddItemToObject(j, "workers", workers_json(jr));
	cJSON_AddItemToObject(j, "failures", failures_json(w));
	cJSON_AddItemToObject(j, "progress", progress_json(jr, w));
	cJSON_AddItemToObject(j, "devicemove", devicemove_json(s));
	return j;
}

static void chart(FILE *fp, const cJSON *pts)
{
	int n = cJSON_GetArraySize(pts);
	if (n == 0) {
		fputs("<p>No entry of this wave is done yet.</p>\n", fp);
		return;
	}
	const cJSON *last = cJSON_GetArrayItem(pts, n - 1);
	double tmax = cJSON_GetArrayItem(last, 0)->valuedouble, ymax = cJSON_GetArrayItem(last, 1)->valuedouble;
	if (tmax <= 0)
		tmax = 1;
	fputs("<svg width=\"600\" height=\"200\" viewBox=\"0 0 600 200\" role=\"img\" "
	      "aria-label=\"entries done over time\"><polyline fill=\"none\" stroke=\"#3ebd93\" "
	      "stroke-width=\"2\" points=\"0,190", fp);
	const cJSON *p;
	cJSON_ArrayForEach(p, pts)
		fprintf(fp, " %.1f,%.1f", 590 * cJSON_GetArrayItem(p, 0)->valuedouble / tmax,
			190 - 180 * cJSON_GetArrayItem(p, 1)->valuedouble / ymax);
	fprintf(fp, "\"/><text x=\"4\" y=\"12\" font-size=\"11\">%.0f done</text>"
		"<text x=\"520\" y=\"198\" font-size=\"11\">%.0f s</text></svg>\n", ymax, tmax);
}

static void row(FILE *fp, const char *const *cells, int n, int header)
{
	fputs("<tr>", fp);
	for (int c = 0; c < n; c++) {
		fputs(header ? "<th>" : "<td>", fp);
		report_html_esc(fp, cells[c]);
		fputs(header ? "</th>" : "</td>", fp);
	}
	fputs("</tr>\n", fp);
}

static void steps_table(FILE *fp, const struct cutover_state *s)
{
	static const char *const head[] = { "step", "status", "exit", "runs", "seconds", "summary" };
	fputs("<h2>Steps</h2>\n<table>", fp);
	row(fp, head, 6, 1);
	for (int k = 0; k < CUTOVER_STEPS; k++) {
		const struct cutover_step_row *r = &s->steps[k];
		char ex[16], runs[16], sec[32];
		snprintf(ex, sizeof ex, "%d", r->exit);
		snprintf(runs, sizeof runs, "%d", r->runs);
		snprintf(sec, sizeof sec, "%.1f", r->seconds);
		const char *cells[] = { r->name, r->status, ex, runs, sec, r->summary };
		row(fp, cells, 6, 0);
	}
	fputs("</table>\n", fp);
}

/* The load workers of a shared journal, when there are any. */
static void workers_table(FILE *fp, const cJSON *workers)
{
	if (cJSON_GetArraySize(workers) == 0)
		return;
	static const char *const head[] = { "Worker", "Host", "PID", "Last heartbeat",
					     "Entries done", "Status" };
	fputs("<h2>Load workers</h2>\n<p>Every worker of the shared journal, this cutover's "
	      "and those other hosts ran; the entries done are the journal's.</p>\n<table>", fp);
	row(fp, head, 6, 1);
	const cJSON *w;
	cJSON_ArrayForEach(w, workers) {
		char pid[24], done[24];
		snprintf(pid, sizeof pid, "%.0f", cJSON_GetObjectItemCaseSensitive(w, "pid")->valuedouble);
		snprintf(done, sizeof done, "%.0f", cJSON_GetObjectItemCaseSensitive(w, "done")->valuedouble);
		const char *cells[] = { json_str_or(w, "id", ""), json_str_or(w, "host", ""), pid,
					json_str_or(w, "heartbeat", ""), done,
					json_str_or(w, "status", "") };
		row(fp, cells, 6, 0);
	}
	fputs("</table>\n", fp);
}

static void counts_table(FILE *fp, const cJSON *counts)
{
	static const char *const states[] = { "pending", "in_flight", "accepted", "done",
					      "failed", "skipped", "rolled_back" };
	fputs("<h2>Entries per kind and state</h2>\n<table><tr><th>kind</th>", fp);
	for (size_t k = 0; k < 7; k++)
		fprintf(fp, "<th>%s</th>", states[k]);
	fputs("</tr>\n", fp);
	const cJSON *kind;
	cJSON_ArrayForEach(kind, counts) {
		fputs("<tr><td>", fp);
		report_html_esc(fp, kind->string);
		fputs("</td>", fp);
		for (size_t k = 0; k < 7; k++)
			fprintf(fp, "<td>%.0f</td>", json_num(kind, states[k], 0));
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static void write_html(FILE *fp, const struct cutover_state *s, const cJSON *j)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>bwmigrate cutover report</title><style>"
	      "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1f2933;max-width:70em}"
	      "table{border-collapse:collapse}td,th{border:1px solid #e4e7eb;padding:3px 8px;"
	      "text-align:left;vertical-align:top}th{background:#f5f7fa}"
	      ".ok{color:#199473}.bad{color:#cf1124}code{font-size:12px}</style></head><body>\n", fp);
	fputs("<h1>Cutover of wave ", fp);
	report_html_esc(fp, s->o->batch);
	fprintf(fp, ": <span class=\"%s\">%s</span></h1>\n", s->exit == 0 ? "ok" : "bad",
		s->exit == 0 ? "complete and verified" : "stopped");
	if (s->stopped_at >= 0) {
		fprintf(fp, "<p><b>Stopped at %s (exit %d).</b> ", s->steps[s->stopped_at].name,
			s->exit);
		report_html_esc(fp, advice[s->stopped_at]);
		fputs("</p>\n", fp);
	}
	fputs("<p>Made ", fp);
	report_html_esc(fp, json_str_or(j, "made", ""));
	fputs(" (UTC). Plan <code>", fp);
	report_html_esc(fp, s->o->plan_path);
	fprintf(fp, "</code> SHA-256 <code>%s</code>; journal <code>", s->plan_sha256);
	report_html_esc(fp, s->journal);
	fprintf(fp, "</code>, wave state SHA-256 <code>%s</code>.</p>\n", s->journal_sha256);
	steps_table(fp, s);
	counts_table(fp, cJSON_GetObjectItemCaseSensitive(j, "counts"));
	workers_table(fp, cJSON_GetObjectItemCaseSensitive(j, "workers"));
	fputs("<h2>Entries done over time</h2>\n", fp);
	chart(fp, cJSON_GetObjectItemCaseSensitive(j, "progress"));
	const cJSON *fails = cJSON_GetObjectItemCaseSensitive(j, "failures");
	fprintf(fp, "<h2>Entries not done (%d shown)</h2>\n", cJSON_GetArraySize(fails));
	if (cJSON_GetArraySize(fails) > 0) {
		static const char *const head[] = { "kind", "key", "state", "error" };
		fputs("<table>", fp);
		row(fp, head, 4, 1);
		const cJSON *f;
		cJSON_ArrayForEach(f, fails) {
			const char *cells[] = { json_str_or(f, "kind", ""), json_str_or(f, "key", ""),
						json_str_or(f, "state", ""), json_str_or(f, "error", "") };
			row(fp, cells, 4, 0);
		}
		fputs("</table>\n", fp);
	} else {
		fputs("<p>None.</p>\n", fp);
	}
	const cJSON *dm = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j,
		"devicemove"), "files");
	if (cJSON_GetArraySize(dm) > 0) {
		static const char *const head[] = { "file", "SHA-256" };
		fputs("<h2>Device move files</h2>\n<p>OCI-P requests for BroadWorks, in the order to "
		      "run them; bwmigrate never sends them. The rollback files undo the apply "
		      "files.</p>\n<table>", fp);
		row(fp, head, 2, 1);
		const cJSON *f;
		cJSON_ArrayForEach(f, dm) {
			const char *cells[] = { json_str_or(f, "file", ""), json_str_or(f, "sha256", "") };
			row(fp, cells, 2, 0);
		}
		fputs("</table>\n", fp);
	}
	fputs("<p>Step reports: precheck/run.html, load/run.html, verify/verify.html, "
	      "devicemove/devicemove.txt.</p>\n"
	      "</body></html>\n", fp);
}

int cutover_report_write(struct cutover_state *s, struct journal *jr,
			 struct cutover_wave *w, struct bwm_error *err)
{
	const char *dir = s->report_dir;
	int rc = report_mkdir(dir, err);
	if (rc != BWM_OK)
		return rc;
	cJSON *j = report_json(s, jr, w);
	FILE *fp = NULL;
	rc = report_write_json(dir, "cutover.json", j, err);
	if (rc == BWM_OK && (fp = report_open(dir, "cutover.html", err)) == NULL)
		rc = err->status;
	else if (rc == BWM_OK) {
		write_html(fp, s, j);
		rc = report_close(fp, dir, "cutover.html", err);
	}
	cJSON_Delete(j);
	return rc;
}
