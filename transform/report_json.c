/*
 * report_json.c — report.json, the machine-readable validation report
 * (schema in docs/report.md): run summary, one row per customer, and every
 * finding, copied from the spool that findings.c wrote while planning.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

#define REPORT_SCHEMA "bwmigrate.transform.report/1"

static const char *const pkg_names[14] = {
	"common_area_calling", "webex_calling", "webex_meetings", "webex_suite",
	"webex_voice", "cx_essentials", "webex_calling_standard", "cisco_calling_plan",
	"attendant_console", "cx_premium_agent", "cx_standard_agent", "cx_voice_ports",
	"cx_ai_assistant", "webex_ai_agent",
};

static void add_sev(cJSON *o, const long sev[3])
{
	cJSON *s = cJSON_AddObjectToObject(o, "findings");
	cJSON_AddNumberToObject(s, "error", (double)sev[0]);
	cJSON_AddNumberToObject(s, "warning", (double)sev[1]);
	cJSON_AddNumberToObject(s, "info", (double)sev[2]);
}

static void add_pkgs(cJSON *o, const long pkg[16])
{
	cJSON *p = cJSON_AddObjectToObject(o, "packages");
	for (int i = 0; i < 14; i++)
		if (pkg[i] > 0)
			cJSON_AddNumberToObject(p, pkg_names[i], (double)pkg[i]);
}

/* The customer's feature table and, in both totals, the count per status. */
static void add_features(cJSON *o, const struct tx_cust_sum *c, cJSON *run)
{
	static const char *const statuses[] = { "migrated", "migrated with changes",
						"not migrated" };
	cJSON *rows = c->features ? tx_feature_rows_report(c) : cJSON_CreateArray();
	cJSON *tot = cJSON_AddObjectToObject(o, "featureStatus");
	for (size_t i = 0; i < 3; i++) {
		long n = 0;
		const cJSON *r;
		cJSON_ArrayForEach(r, rows)
			n += strcmp(json_str(r, "status"), statuses[i]) == 0;
		cJSON_AddNumberToObject(tot, statuses[i], (double)n);
		cJSON *t = cJSON_GetObjectItem(run, statuses[i]);
		if (t == NULL)
			cJSON_AddNumberToObject(run, statuses[i], (double)n);
		else
			cJSON_SetNumberValue(t, t->valuedouble + (double)n);
	}
	cJSON_AddItemToObject(o, "features", rows);
}

/* Summary and customer rows (without the findings list). */
cJSON *tx_report_doc(const struct tx_findings *f)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "schema", REPORT_SCHEMA);
	cJSON *s = cJSON_AddObjectToObject(d, "summary");
	cJSON_AddNumberToObject(s, "customers", (double)f->customers);
	cJSON_AddNumberToObject(s, "locations", (double)f->locations);
	cJSON_AddNumberToObject(s, "subscribers", (double)f->subscribers);
	cJSON_AddNumberToObject(s, "notSubscribers", (double)f->skipped);
	cJSON_AddNumberToObject(s, "entries", (double)f->entries);
	cJSON_AddNumberToObject(s, "blockedEntries", (double)f->blocked);
	add_sev(s, f->sev);
	add_pkgs(s, f->pkg);
	cJSON *fs = cJSON_AddObjectToObject(s, "features");
	cJSON *cs = cJSON_AddArrayToObject(d, "customers");
	for (size_t i = 0; i < f->n_cust; i++) {
		const struct tx_cust_sum *c = &f->cust[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", c->key);
		cJSON_AddStringToObject(o, "name", c->name);
		cJSON_AddStringToObject(o, "batch", c->batch);
		cJSON_AddBoolToObject(o, "blocked", c->blocked_customer);
		cJSON_AddNumberToObject(o, "locations", (double)c->locations);
		cJSON_AddNumberToObject(o, "subscribers", (double)c->subscribers);
		cJSON_AddNumberToObject(o, "blockedSubscribers", (double)c->blocked);
		cJSON_AddNumberToObject(o, "notSubscribers", (double)c->skipped);
		add_sev(o, c->sev);
		add_pkgs(o, c->pkg);
		add_features(o, c, fs);
		cJSON_AddItemToArray(cs, o);
	}
	return d;
}

/* Copy up to max spooled findings (max < 0: all) as array elements. */
long tx_report_copy_findings(const struct tx_findings *f, FILE *out, long max,
			     int escape_tags)
{
	if (f->spool == NULL)
		return 0;
	fflush(f->spool);
	rewind(f->spool);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long count = 0;
	while ((max < 0 || count < max) && (n = getline(&line, &cap, f->spool)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		fputs(count ? ",\n" : "\n", out);
		if (escape_tags)
			tx_put_script_safe(out, line);
		else
			fputs(line, out);
		count++;
	}
	free(line);
	fseek(f->spool, 0, SEEK_END);
	return count;
}

int tx_report_json(const struct tx_findings *f, const char *dir, const char *inventory,
		   struct bwm_error *err)
{
	char *path = NULL;
	FILE *fp = tx_report_open(dir, "report.json", &path, err);
	if (fp == NULL) {
		free(path);
		return err->status;
	}
	cJSON *d = tx_report_doc(f);
	cJSON_AddStringToObject(d, "inventory", inventory);
	char *text = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	/* Splice the findings array in before the closing brace. */
	size_t len = strlen(text);
	fwrite(text, 1, len - 1, fp);
	fputs(",\"findings\":[", fp);
	tx_report_copy_findings(f, fp, -1, 0);
	fputs("\n]}\n", fp);
	cJSON_free(text);
	int rc = tx_report_close(fp, path, err);
	free(path);
	return rc;
}
