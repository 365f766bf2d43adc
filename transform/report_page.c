/*
 * report_page.c — what report.html shows without its script: the
 * heading with when and from what the report was made, the counts, the
 * customers, what will not exist after cutover, the inputs with their
 * SHA-256, and the findings rows, all as HTML written here. The page's
 * script (report_html.c) only redraws the charts and filters and sorts
 * these tables; with JavaScript off, or in a tool that reads HTML, every
 * number is there.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

/* Text for HTML element content and attribute values; runs of plain
 * characters are written at once (the findings table is most of a large
 * report). */
static void esc(FILE *fp, const char *s)
{
	while (s != NULL && *s) {
		size_t run = strcspn(s, "&<>\"'");
		fwrite(s, 1, run, fp);
		s += run;
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: return;
		}
		s++;
	}
}

/* n with thousands separators, as the script's toLocaleString('en-US'). */
static void num(FILE *fp, double v)
{
	char digits[32], out[48];
	long long n = (long long)v;
	snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
	size_t len = strlen(digits), j = 0;
	if (n < 0)
		out[j++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	out[j] = '\0';
	fputs(out, fp);
}

static void td_num(FILE *fp, double v)
{
	fputs("<td class=\"num\">", fp);
	num(fp, v);
	fputs("</td>", fp);
}

static double jnum(const cJSON *o, const char *a, const char *b)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
	if (b != NULL)
		x = cJSON_GetObjectItemCaseSensitive(x, b);
	return cJSON_IsNumber(x) ? x->valuedouble : 0;
}

static void kpi(FILE *fp, const char *cls, const char *id, double v, const char *label)
{
	fprintf(fp, "<div class=\"kpi%s%s\"><div class=\"v\" id=\"count-%s\">", cls[0] ? " " : "",
		cls, id);
	num(fp, v);
	fprintf(fp, "</div><div class=\"l\">%s</div></div>", label);
}

/* A two-column table of an object's numeric members (the chart's data;
 * the script draws it as bars). */
static void mini_table(FILE *fp, const char *id, const cJSON *obj)
{
	fprintf(fp, "<div id=\"%s\"><table class=\"mini\"><tbody>", id);
	int rows = 0;
	for (const cJSON *it = obj ? obj->child : NULL; it != NULL; it = it->next) {
		fputs("<tr><td>", fp);
		esc(fp, it->string);
		fputs("</td>", fp);
		td_num(fp, it->valuedouble);
		fputs("</tr>", fp);
		rows++;
	}
	if (rows == 0)
		fputs("<tr><td class=\"note\">none</td></tr>", fp);
	fputs("</tbody></table></div>", fp);
}

static double total(const cJSON *c)
{
	return jnum(c, "findings", "error") + jnum(c, "findings", "warning") +
	       jnum(c, "findings", "info");
}

/* Most findings first, then by key (the chart's order). */
static int by_findings(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	double d = total(y) - total(x);
	if (d != 0)
		return d > 0 ? 1 : -1;
	return strcmp(json_str_or(x, "key", ""), json_str_or(y, "key", ""));
}

/* The 12 customers with most findings: key and count. */
static void top_customers(FILE *fp, const cJSON *customers)
{
	size_t n = (size_t)cJSON_GetArraySize(customers), k = 0;
	const cJSON **v = xcalloc(n + 1, sizeof *v);
	const cJSON *c;
	cJSON_ArrayForEach(c, customers)
		v[k++] = c;
	qsort(v, n, sizeof *v, by_findings);
	fputs("<div id=\"chart-customers\"><table class=\"mini\"><tbody>", fp);
	for (size_t i = 0; i < n && i < 12; i++) {
		fputs("<tr><td>", fp);
		esc(fp, json_str(v[i], "key"));
		fputs("</td>", fp);
		td_num(fp, total(v[i]));
		fputs("</tr>", fp);
	}
	if (n == 0)
		fputs("<tr><td class=\"note\">none</td></tr>", fp);
	fputs("</tbody></table></div>", fp);
	free(v);
}

static void header(FILE *fp, const cJSON *d)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(d, "summary");
	fputs("<header><h1>BroadWorks &rarr; Webex Wholesale &middot; migration validation report"
	      "</h1><p id=\"subtitle\">Made <time id=\"generated\">", fp);
	esc(fp, json_str(d, "generated"));
	fputs("</time> (UTC) from inventory <code>", fp);
	esc(fp, json_str(d, "inventory"));
	fputs("</code> &middot; ", fp);
	num(fp, jnum(s, "entries", NULL));
	fputs(" plan entries &middot; ", fp);
	num(fp, jnum(s, "notSubscribers", NULL));
	fputs(" common-area phones and virtual users (not subscribers)</p></header>\n<main>\n", fp);
	fputs("<section class=\"kpis\">", fp);
	kpi(fp, "", "customers", (double)cJSON_GetArraySize(cJSON_GetObjectItem(d, "customers")),
	    "Customers");
	kpi(fp, "", "locations", jnum(s, "locations", NULL), "Locations");
	kpi(fp, "", "subscribers", jnum(s, "subscribers", NULL), "Subscribers");
	kpi(fp, "blk", "blocked", jnum(s, "blockedEntries", NULL), "Blocked entries");
	kpi(fp, "err", "error", jnum(s, "findings", "error"), "Errors");
	kpi(fp, "warn", "warning", jnum(s, "findings", "warning"), "Warnings");
	kpi(fp, "info", "info", jnum(s, "findings", "info"), "Info");
	fputs("</section>\n<section class=\"grid\"><div class=\"card\"><h2>Findings by severity</h2>", fp);
	mini_table(fp, "chart-severity", cJSON_GetObjectItem(s, "findings"));
	fputs("</div><div class=\"card\"><h2>Subscribers by package</h2>", fp);
	mini_table(fp, "chart-packages", cJSON_GetObjectItem(s, "packages"));
	fputs("</div><div class=\"card\"><h2>Phones</h2>", fp);
	/* left on BroadWorks: the device: findings say which and why */
	mini_table(fp, "chart-phones", cJSON_GetObjectItem(s, "phones"));
	fputs("</div><div class=\"card\"><h2>Findings per customer</h2>", fp);
	top_customers(fp, cJSON_GetObjectItem(d, "customers"));
	fputs("</div></section>\n", fp);
}

static void status(FILE *fp, const cJSON *c)
{
	if (cJSON_IsTrue(cJSON_GetObjectItem(c, "blocked")))
		fputs("<span class=\"pill error\">blocked</span>", fp);
	else if (jnum(c, "findings", "error") > 0)
		fputs("<span class=\"pill warning\">partly blocked</span>", fp);
	else
		fputs("<span class=\"pill ok\">ready</span>", fp);
}

/* The customers table's rows, as the script renders them. */
static void customer_rows(FILE *fp, const cJSON *d)
{
	int i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(d, "customers")) {
		fprintf(fp, "<tr class=\"clk\" data-i=\"%d\"><td><code>", i++);
		esc(fp, json_str(c, "key"));
		fputs("</code></td><td>", fp);
		esc(fp, json_str(c, "name"));
		fputs("</td><td>", fp);
		esc(fp, json_str(c, "batch"));
		fputs("</td>", fp);
		td_num(fp, jnum(c, "locations", NULL));
		td_num(fp, jnum(c, "subscribers", NULL));
		td_num(fp, jnum(c, "blockedSubscribers", NULL));
		td_num(fp, jnum(c, "findings", "error"));
		td_num(fp, jnum(c, "findings", "warning"));
		td_num(fp, jnum(c, "findings", "info"));
		fputs("<td>", fp);
		status(fp, c);
		fputs("</td></tr>", fp);
	}
}

/* Per customer, the inventory records the plan leaves out, by kind. */
static void not_migrated(FILE *fp, const cJSON *d)
{
	const cJSON *total = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "summary"), "notMigrated");
	fputs("<section class=\"card\"><h2>What will not exist after cutover</h2>", fp);
	if (total == NULL || total->child == NULL) {
		fputs("<p class=\"note\" id=\"not-migrated-none\">Every inventory record is "
		      "planned.</p></section>\n", fp);
		return;
	}
	fputs("<p class=\"note\">Inventory records the plan does not create: each has a "
	      "<code>not_migrated</code> finding saying what to do by hand.</p><div class=\"scroll\">"
	      "<table id=\"not-migrated\"><thead><tr><th>Customer</th>", fp);
	for (const cJSON *k = total->child; k != NULL; k = k->next) {
		fputs("<th>", fp);
		esc(fp, k->string);
		fputs("</th>", fp);
	}
	fputs("</tr></thead><tbody>", fp);
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(d, "customers")) {
		fputs("<tr><td><code>", fp);
		esc(fp, json_str(c, "key"));
		fputs("</code></td>", fp);
		for (const cJSON *k = total->child; k != NULL; k = k->next)
			td_num(fp, jnum(c, "notMigrated", k->string));
		fputs("</tr>", fp);
	}
	fputs("</tbody></table></div></section>\n", fp);
}

static int has_role(const cJSON *d, const char *role)
{
	const cJSON *in;
	cJSON_ArrayForEach(in, cJSON_GetObjectItem(d, "inputs"))
		if (strcmp(json_str_or(in, "role", ""), role) == 0)
			return 1;
	return 0;
}

/* The files the report was made from, with their SHA-256. */
static void inputs(FILE *fp, const cJSON *d)
{
	fputs("<section class=\"card\"><h2>Inputs</h2><table id=\"inputs\"><thead><tr><th>Role"
	      "</th><th>File</th><th>SHA-256</th></tr></thead><tbody>", fp);
	const cJSON *in;
	cJSON_ArrayForEach(in, cJSON_GetObjectItem(d, "inputs")) {
		fputs("<tr><td>", fp);
		esc(fp, json_str(in, "role"));
		fputs("</td><td><code>", fp);
		esc(fp, json_str(in, "file"));
		fputs("</code></td><td class=\"hash\">", fp);
		esc(fp, json_str_or(in, "sha256", "(standard input: not hashed)"));
		fputs("</td></tr>", fp);
	}
	if (!has_role(d, "partner"))
		fputs("<tr><td>partner</td><td>(built-in profile)</td><td></td></tr>", fp);
	fputs("</tbody></table></section>\n", fp);
}

void tx_page_top(FILE *fp, const cJSON *d, const char *customers_head)
{
	header(fp, d);
	inputs(fp, d);
	fputs(customers_head, fp);
	customer_rows(fp, d);
	fputs("</tbody></table></div></section>\n", fp);
	not_migrated(fp, d);
}

/* One finding row, as the script renders it. */
static void finding_row(FILE *fp, const cJSON *f)
{
	const char *sev = json_str_or(f, "severity", "info");
	const cJSON *src = cJSON_GetObjectItem(f, "source");
	fputs("<tr><td><code>", fp);
	esc(fp, json_str(f, "id"));
	fputs("</code></td><td><span class=\"pill ", fp);
	esc(fp, sev);
	fputs("\">", fp);
	esc(fp, sev);
	fputs("</span></td><td><code>", fp);
	esc(fp, json_str(f, "code"));
	fputs("</code></td><td><code>", fp);
	esc(fp, json_str(f, "object"));
	fputs("</code></td><td>", fp);
	esc(fp, json_str(f, "customer"));
	fputs("</td><td><code>", fp);
	esc(fp, json_str(src, "file"));
	long line = (long)json_num(src, "line", 0);
	if (line > 0)
		fprintf(fp, ":%ld", line);
	fputs("</code></td><td>", fp);
	esc(fp, json_str(f, "message"));
	fputs("<div class=\"fix\">Fix: ", fp);
	esc(fp, json_str(f, "fix"));
	fputs("</div></td></tr>", fp);
}

long tx_page_findings(const struct tx_findings *f, FILE *fp, long max)
{
	static const char *const sev[] = { "error", "warning", "info" };
	static const char *const tag[] = { "\"severity\":\"error\"",
					   "\"severity\":\"warning\"",
					   "\"severity\":\"info\"" };
	long shown = 0;
	if (f->spool == NULL)
		return 0;
	char *line = NULL;
	size_t cap = 0;
	/* severity first, then id: the order the script shows them in */
	for (int k = 0; k < 3; k++) {
		fflush(f->spool);
		rewind(f->spool);
		long seen = 0;
		ssize_t n;
		while (seen < max && (n = getline(&line, &cap, f->spool)) > 0) {
			seen++;
			/* A spool line is a flat object printed by cJSON, so a
			 * finding of this severity holds this exact text (quotes
			 * inside strings are escaped); only those are parsed. */
			if (strstr(line, tag[k]) == NULL)
				continue;
			cJSON *o = cJSON_Parse(line);
			if (o != NULL && strcmp(json_str_or(o, "severity", ""), sev[k]) == 0) {
				finding_row(fp, o);
				shown++;
			}
			cJSON_Delete(o);
		}
	}
	free(line);
	fseek(f->spool, 0, SEEK_END);
	return shown;
}
