/*
 * report_html.c — run.html: one self-contained page (inline CSS and SVG,
 * no script, nothing fetched) that a project manager can open: totals,
 * states per kind and per batch as stacked bars, error reasons grouped,
 * a timeline of settled entries per second, findings and notes, and the
 * entries that did not make it.
 */
#include "load/run.h"

#include <string.h>

#define MAX_ROWS 500   /* failed entries listed in the page; all are in failed.csv */

static const char *const state_color[JS__COUNT] = {
	"#9aa5b1", "#f0b429", "#7cc4fa", "#3ebd93", "#e12d39", "#a368fc", "#616e7c"
};

void report_html_esc(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static void head(FILE *fp, const char *mode)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>bwmigrate load report</title><style>"
	      "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1f2933}"
	      "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}"
	      ".tiles{display:flex;gap:1em;flex-wrap:wrap}"
	      ".tile{border:1px solid #cbd2d9;border-radius:6px;padding:.6em 1em;min-width:7em}"
	      ".tile b{display:block;font-size:1.4em}"
	      "table{border-collapse:collapse}td,th{border:1px solid #e4e7eb;padding:3px 8px;"
	      "text-align:left;vertical-align:top}th{background:#f5f7fa}"
	      ".legend span{display:inline-block;margin-right:1em}"
	      ".legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em}"
	      "</style></head><body>\n", fp);
	fprintf(fp, "<h1>bwmigrate load report (%s)</h1>\n", mode);
}

static void tiles(FILE *fp, const cJSON *j)
{
	static const struct { const char *key, *label, *fmt; } keys[] = {
		{ "total", "entries", "%.0f" }, { "requests", "requests", "%.0f" },
		{ "elapsed_s", "seconds", "%.1f" }, { "requests_per_s", "requests/s", "%.1f" },
		{ "throttled", "throttled (429)", "%.0f" },
	};
	fputs("<div class=\"tiles\">", fp);
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		fprintf(fp, "<div class=\"tile\">%s<b>", keys[k].label);
		fprintf(fp, keys[k].fmt, json_num(j, keys[k].key, 0));
		fputs("</b></div>", fp);
	}
	const cJSON *states = cJSON_GetObjectItemCaseSensitive(j, "states");
	for (int s = 0; s < JS__COUNT; s++) {
		double n = json_num(states, journal_state_name(s), 0);
		if (n > 0)
			fprintf(fp, "<div class=\"tile\" style=\"border-left:6px solid %s\">%s"
				"<b>%.0f</b></div>", state_color[s], journal_state_name(s), n);
	}
	fputs("</div>\n", fp);
}

static void legend(FILE *fp)
{
	fputs("<p class=\"legend\">", fp);
	for (int s = 0; s < JS__COUNT; s++)
		fprintf(fp, "<span><i style=\"background:%s\"></i>%s</span>", state_color[s],
			journal_state_name(s));
	fputs("</p>\n", fp);
}

/* One stacked bar per member of groups ({name: {state: n}}). */
static void stacked(FILE *fp, const char *title, const cJSON *groups)
{
	int rows = cJSON_GetArraySize(groups);
	if (rows == 0)
		return;
	fprintf(fp, "<h2>%s</h2>\n", title);
	legend(fp);
	double max = 1;
	const cJSON *g;
	cJSON_ArrayForEach(g, groups) {
		double t = 0;
		const cJSON *n;
		cJSON_ArrayForEach(n, g)
			t += n->valuedouble;
		if (t > max)
			max = t;
	}
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"%d\" "
		"role=\"img\">", rows * 26 + 4);
	int y = 2;
	cJSON_ArrayForEach(g, groups) {
		fprintf(fp, "<text x=\"0\" y=\"%d\" font-size=\"12\">", y + 15);
		report_html_esc(fp, g->string);
		fputs("</text>", fp);
		double x = 160, t = 0;
		for (int s = 0; s < JS__COUNT; s++) {
			double n = json_num(g, journal_state_name(s), 0);
			if (n <= 0)
				continue;
			double w = n / max * 520;
			fprintf(fp, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\" "
				"fill=\"%s\"><title>%s: %.0f</title></rect>", x, y, w,
				state_color[s], journal_state_name(s), n);
			x += w;
			t += n;
		}
		fprintf(fp, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%.0f</text>", x + 6, y + 15, t);
		y += 26;
	}
	fputs("</svg>\n", fp);
}

static void timeline(FILE *fp, const cJSON *tl, double bucket_s)
{
	int n = cJSON_GetArraySize(tl);
	if (n == 0)
		return;
	double max = 1;
	const cJSON *p;
	cJSON_ArrayForEach(p, tl) {
		double t = cJSON_GetArrayItem(p, 1)->valuedouble + cJSON_GetArrayItem(p, 2)->valuedouble;
		if (t > max)
			max = t;
	}
	double bw = 720.0 / n;
	fprintf(fp, "<h2>Timeline (entries settled per %.1f s)</h2>\n", bucket_s);
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"150\" role=\"img\">"
	      "<line x1=\"30\" y1=\"130\" x2=\"750\" y2=\"130\" stroke=\"#9aa5b1\"/>", fp);
	int k = 0;
	cJSON_ArrayForEach(p, tl) {
		double sec = cJSON_GetArrayItem(p, 0)->valuedouble;
		double ok = cJSON_GetArrayItem(p, 1)->valuedouble;
		double bad = cJSON_GetArrayItem(p, 2)->valuedouble;
		double x = 30 + k++ * bw, hok = ok / max * 120, hbad = bad / max * 120;
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
			"<title>%.1f s: %.0f done, %.0f failed/skipped</title></rect>", x,
			130 - hok, bw > 1 ? bw - 0.5 : bw, hok, state_color[JS_DONE], sec, ok, bad);
		if (hbad > 0)
			fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"%s\"/>", x, 130 - hok - hbad, bw > 1 ? bw - 0.5 : bw, hbad,
				state_color[JS_FAILED]);
	}
	fprintf(fp, "<text x=\"30\" y=\"146\" font-size=\"11\">0 s</text><text x=\"700\" "
		"y=\"146\" font-size=\"11\">%.1f s</text></svg>\n", n * bucket_s);
}

/* A table of objects ({kind,key,message} or {name: count}). */
static void list(FILE *fp, const char *title, const cJSON *items, const char *const *cols)
{
	if (cJSON_GetArraySize(items) == 0)
		return;
	fprintf(fp, "<h2>%s</h2>\n<table><tr>", title);
	for (const char *const *c = cols; *c; c++)
		fprintf(fp, "<th>%s</th>", *c);
	fputs("</tr>\n", fp);
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		fputs("<tr>", fp);
		if (cJSON_IsNumber(it)) {       /* {reason: count} */
			fputs("<td>", fp);
			report_html_esc(fp, it->string);
			fprintf(fp, "</td><td>%.0f</td></tr>\n", it->valuedouble);
			continue;
		}
		for (const char *const *c = cols; *c; c++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, *c);
			fputs("<td>", fp);
			if (cJSON_IsString(v))
				report_html_esc(fp, v->valuestring);
			else if (cJSON_IsNumber(v))
				fprintf(fp, "%.0f", v->valuedouble);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static void failed_rows(struct run *r, FILE *fp)
{
	size_t shown = 0;
	for (size_t i = 0; i < r->plan.n && shown < MAX_ROWS; i++) {
		const struct run_entry *e = &r->e[i];
		if (!e->in_scope || (e->state != JS_FAILED && e->state != JS_SKIPPED))
			continue;
		if (shown++ == 0)
			fputs("<h2>Entries not done</h2>\n<table><tr><th>kind</th><th>key</th>"
			      "<th>batch</th><th>state</th><th>attempts</th><th>error</th></tr>\n", fp);
		fputs("<tr><td>", fp);
		report_html_esc(fp, r->plan.v[i].kind);
		fputs("</td><td>", fp);
		report_html_esc(fp, r->plan.v[i].key);
		fputs("</td><td>", fp);
		report_html_esc(fp, r->plan.v[i].batch);
		fprintf(fp, "</td><td>%s</td><td>%d</td><td>", journal_state_name(e->state),
			e->attempts);
		report_html_esc(fp, e->last_error);
		fputs("</td></tr>\n", fp);
	}
	if (shown)
		fprintf(fp, "</table>\n<p>%s</p>\n", shown >= MAX_ROWS
			? "Only the first entries are shown; failed.csv has them all." : "");
}

void report_html(struct run *r, FILE *fp, const cJSON *j)
{
	static const char *const note_cols[] = { "kind", "key", "message", NULL };
	static const char *const pre_cols[] = { "kind", "key", "http", "code", "description", NULL };
	static const char *const reason_cols[] = { "reason", "entries", NULL };
	static const char *const ep_cols[] = { "endpoint", "requests", NULL };
	head(fp, json_str_or(j, "mode", "?"));
	fputs("<p>Plan: ", fp);
	report_html_esc(fp, json_str_or(j, "plan", "-"));
	fputs(" &middot; journal: ", fp);
	report_html_esc(fp, json_str_or(j, "journal", "-"));
	fputs(" &middot; batch: ", fp);
	report_html_esc(fp, json_str_or(j, "batch", "all"));
	fputs(" &middot; finished ", fp);
	report_html_esc(fp, json_str_or(j, "finished", ""));
	fputs("</p>\n", fp);
	tiles(fp, j);
	const cJSON *next = cJSON_GetObjectItemCaseSensitive(j, "next");
	if (next != NULL) {
		fputs("<h2>Next step</h2>\n<p>", fp);
		report_html_esc(fp, json_str_or(next, "advice", ""));
		fputs(":</p>\n<pre>", fp);
		report_html_esc(fp, json_str_or(next, "command", ""));
		fputs("</pre>\n", fp);
	}
	stacked(fp, "States per kind", cJSON_GetObjectItemCaseSensitive(j, "kinds"));
	stacked(fp, "States per batch", cJSON_GetObjectItemCaseSensitive(j, "batches"));
	list(fp, "Error reasons", cJSON_GetObjectItemCaseSensitive(j, "errors"), reason_cols);
	timeline(fp, cJSON_GetObjectItemCaseSensitive(j, "timeline"),
		 json_num(j, "timeline_bucket_s", 1));
	list(fp, "Precheck refusals", cJSON_GetObjectItemCaseSensitive(j, "precheck_failures"),
	     pre_cols);
	report_html_codes(fp, j);
	list(fp, "Findings", cJSON_GetObjectItemCaseSensitive(j, "findings"), note_cols);
	list(fp, "Notes", cJSON_GetObjectItemCaseSensitive(j, "notes"), note_cols);
	list(fp, "Requests per endpoint", cJSON_GetObjectItemCaseSensitive(j, "endpoints"),
	     ep_cols);
	failed_rows(r, fp);
	fputs("</body></html>\n", fp);
}
