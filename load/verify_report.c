/*
 * verify_report.c — what `verify --report DIR` writes: verify.json (for a
 * scheduler), mismatches.csv (key, field, planned, found) and verify.html
 * (one page, no script). Files 0600, the folder 0700, like the load's.
 */
#include "load/verify.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ROWS 2000   /* rows per table in the page; the CSV and JSON have all */

static cJSON *summary_json(const struct verify_summary *vs)
{
	cJSON *s = cJSON_CreateObject();
	static const char *const names[] = { "total", "matched", "mismatched", "missing",
		"unreadable", "actions", "not_loaded", "blocked", "skipped", "fields", "extra",
		"requests" };
	const size_t vals[] = { vs->total, vs->matched, vs->mismatched, vs->missing,
		vs->unreadable, vs->actions, vs->not_loaded, vs->blocked, vs->skipped, vs->fields,
		vs->extra, vs->requests };
	for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++)
		cJSON_AddNumberToObject(s, names[k], (double)vals[k]);
	cJSON_AddNumberToObject(s, "elapsed_s", vs->elapsed_s);
	return s;
}

/* Per kind: how many entries got each verdict. */
static cJSON *kinds_json(struct verify *v)
{
	cJSON *kinds = cJSON_CreateObject();
	for (size_t i = 0; i < v->r.plan.n; i++) {
		if (!v->r.e[i].in_scope)
			continue;
		cJSON *k = cJSON_GetObjectItemCaseSensitive(kinds, v->r.plan.v[i].kind);
		if (k == NULL)
			k = cJSON_AddObjectToObject(kinds, v->r.plan.v[i].kind);
		const char *name = v->result[i] ? verify_result_name(v->result[i]) : "not_verified";
		cJSON *n = cJSON_GetObjectItemCaseSensitive(k, name);
		if (n)
			cJSON_SetNumberValue(n, n->valuedouble + 1);
		else
			cJSON_AddNumberToObject(k, name, 1);
	}
	return kinds;
}

static int by_kind_key_field(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	static const char *const keys[] = { "kind", "key", "field" };
	for (size_t k = 0; k < 3; k++) {
		int c = strcmp(json_str_or(x, keys[k], ""), json_str_or(y, keys[k], ""));
		if (c != 0)
			return c;
	}
	return 0;
}

/* Answers arrive in any order: sort the list so reports diff cleanly. */
static void sort_list(cJSON *list)
{
	int n = cJSON_GetArraySize(list);
	cJSON **v = xcalloc((size_t)n + 1, sizeof *v);
	for (int k = 0; k < n; k++)
		v[k] = cJSON_DetachItemFromArray(list, 0);
	qsort(v, (size_t)n, sizeof *v, by_kind_key_field);
	for (int k = 0; k < n; k++)
		cJSON_AddItemToArray(list, v[k]);
	free(v);
}

static cJSON *report_json(struct verify *v, const struct verify_summary *vs)
{
	sort_list(v->mismatches);
	sort_list(v->missing);
	sort_list(v->unreadable);
	sort_list(v->actions);
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "made", ts);
	cJSON_AddStringToObject(j, "plan", v->r.plan.path);
	cJSON_AddStringToObject(j, "journal", v->r.j.path);
	json_add_str_opt(j, "batch", v->r.o->batch);
	cJSON_AddItemToObject(j, "summary", summary_json(vs));
	cJSON_AddItemToObject(j, "kinds", kinds_json(v));
	cJSON_AddItemReferenceToObject(j, "mismatches", v->mismatches);
	cJSON_AddItemReferenceToObject(j, "missing", v->missing);
	cJSON_AddItemReferenceToObject(j, "not_verified", v->unreadable);
	cJSON_AddItemReferenceToObject(j, "not_readable", v->actions);
	cJSON_AddItemReferenceToObject(j, "extra", v->extra);
	return j;
}

static int write_csv(struct verify *v, const char *dir, struct bwm_error *err)
{
	FILE *fp = report_open(dir, "mismatches.csv", err);
	if (fp == NULL)
		return err->status;
	fputs("key,field,planned,found\n", fp);
	const cJSON *m;
	cJSON_ArrayForEach(m, v->mismatches) {
		struct strbuf key = STRBUF_INIT;
		strbuf_addf(&key, "%s:%s", json_str_or(m, "kind", ""), json_str_or(m, "key", ""));
		report_csv_field(fp, key.buf, 0);
		report_csv_field(fp, json_str(m, "field"), 0);
		report_csv_field(fp, json_str(m, "planned"), 0);
		report_csv_field(fp, json_str(m, "found"), 1);
		strbuf_free(&key);
	}
	cJSON_ArrayForEach(m, v->missing) {
		struct strbuf key = STRBUF_INIT;
		strbuf_addf(&key, "%s:%s", json_str_or(m, "kind", ""), json_str_or(m, "key", ""));
		report_csv_field(fp, key.buf, 0);
		report_csv_field(fp, "(object)", 0);
		report_csv_field(fp, "exists", 0);
		report_csv_field(fp, "(absent)", 1);
		strbuf_free(&key);
	}
	cJSON_ArrayForEach(m, v->extra) {
		report_csv_field(fp, json_str(m, "where"), 0);
		report_csv_field(fp, json_str(m, "kind"), 0);
		report_csv_field(fp, "(absent)", 0);
		report_csv_field(fp, json_str(m, "name") ? json_str(m, "name") : json_str(m, "id"), 1);
	}
	return report_close(fp, dir, "mismatches.csv", err);
}

/* One table of objects, columns by member name. */
static void table(FILE *fp, const char *title, const cJSON *rows, const char *const *cols)
{
	fprintf(fp, "<h2>");
	report_html_esc(fp, title);
	fprintf(fp, " (%d)</h2>\n", cJSON_GetArraySize(rows));
	if (cJSON_GetArraySize(rows) == 0) {
		fputs("<p>None.</p>\n", fp);
		return;
	}
	fputs("<table><tr>", fp);
	for (const char *const *c = cols; *c; c++)
		fprintf(fp, "<th>%s</th>", *c);
	fputs("</tr>\n", fp);
	const cJSON *row;
	int n = 0;
	cJSON_ArrayForEach(row, rows) {
		if (n++ == MAX_ROWS)
			break;
		fputs("<tr>", fp);
		for (const char *const *c = cols; *c; c++) {
			fputs("<td>", fp);
			report_html_esc(fp, json_str_or(row, *c, ""));
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static void write_html(FILE *fp, const cJSON *j, struct verify *v)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(j, "summary");
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>bwmigrate verify report</title><style>"
	      "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1f2933}"
	      "table{border-collapse:collapse}td,th{border:1px solid #e4e7eb;padding:3px 8px;"
	      "text-align:left;vertical-align:top}th{background:#f5f7fa}"
	      ".ok{color:#199473}.bad{color:#cf1124}</style></head><body>\n", fp);
	int clean = json_num(s, "mismatched", 0) + json_num(s, "missing", 0) +
		    json_num(s, "unreadable", 0) + json_num(s, "not_loaded", 0) +
		    json_num(s, "extra", 0) == 0;
	fprintf(fp, "<h1>bwmigrate verify report: <span class=\"%s\">%s</span></h1>\n",
		clean ? "ok" : "bad", clean ? "Webex holds what was planned" : "differences found");
	fputs("<p>Plan ", fp);
	report_html_esc(fp, json_str_or(j, "plan", ""));
	fputs(", journal ", fp);
	report_html_esc(fp, json_str_or(j, "journal", ""));
	fputs(", made ", fp);
	report_html_esc(fp, json_str_or(j, "made", ""));
	fputs(" (UTC).</p>\n<table>", fp);
	const cJSON *it;
	cJSON_ArrayForEach(it, s)
		fprintf(fp, "<tr><th>%s</th><td>%g</td></tr>", it->string, it->valuedouble);
	fputs("</table>\n", fp);
	static const char *const mcols[] = { "kind", "key", "field", "planned", "found", NULL };
	static const char *const lcols[] = { "kind", "key", "message", NULL };
	static const char *const xcols[] = { "kind", "id", "name", "where", NULL };
	table(fp, "Fields that differ", v->mismatches, mcols);
	table(fp, "Missing objects", v->missing, lcols);
	table(fp, "Not verified", v->unreadable, lcols);
	table(fp, "Actions with nothing to read back", v->actions, lcols);
	table(fp, "Objects the plan did not create", v->extra, xcols);
	fputs("</body></html>\n", fp);
}

int verify_report_write(struct verify *v, const struct verify_summary *vs,
			struct bwm_error *err)
{
	const char *dir = v->r.o->report_dir;
	int rc = report_mkdir(dir, err);
	cJSON *j = rc == BWM_OK ? report_json(v, vs) : NULL;
	FILE *fp;
	if (rc == BWM_OK)
		rc = report_write_json(dir, "verify.json", j, err);
	if (rc == BWM_OK)
		rc = write_csv(v, dir, err);
	if (rc == BWM_OK && (fp = report_open(dir, "verify.html", err)) != NULL) {
		write_html(fp, j, v);
		rc = report_close(fp, dir, "verify.html", err);
	} else if (rc == BWM_OK) {
		rc = err->status;
	}
	cJSON_Delete(j);
	return rc;
}
