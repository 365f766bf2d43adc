/*
 * report_json.c — report.json, the machine-readable validation report
 * (schema in docs/report.md): run summary, one row per customer, and every
 * finding, copied from the spool that findings.c wrote while planning.
 */
#include "transform/internal.h"
#include "transform/settings.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

/* Records not planned, by kind (only kinds with some). */
static void add_unplanned(cJSON *o, const long n[TX_UNPLANNED_MAX])
{
	cJSON *u = cJSON_AddObjectToObject(o, "notMigrated");
	for (size_t i = 0; i <= tx_unplanned_count(); i++)
		if (n[i] > 0)
			cJSON_AddNumberToObject(u, tx_unplanned_name(i), (double)n[i]);
}

/* One input: its role, file name and, for a regular file, its SHA-256
 * (standard input and pipes cannot be read twice). */
static int add_input(cJSON *arr, const char *role, const char *path, struct bwm_error *err)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToArray(arr, o);
	cJSON_AddStringToObject(o, "role", role);
	cJSON_AddStringToObject(o, "file", path);
	struct stat st;
	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return BWM_OK;
	char hex[65];
	int rc = sha256_file(path, hex, err);
	if (rc == BWM_OK)
		cJSON_AddStringToObject(o, "sha256", hex);
	return rc;
}

cJSON *tx_report_inputs(const struct transform_options *o, struct bwm_error *err)
{
	cJSON *arr = cJSON_CreateArray();
	int rc = add_input(arr, "inventory", o->inventory, err);
	for (size_t i = 0; rc == BWM_OK && i < o->n_mapping_files; i++)
		rc = add_input(arr, "mappings", o->mapping_files[i], err);
	if (rc == BWM_OK && o->partner_file != NULL)
		rc = add_input(arr, "partner", o->partner_file, err);
	if (rc == BWM_OK && o->waves != NULL)
		rc = add_input(arr, "waves", o->waves, err);
	if (rc != BWM_OK) {
		cJSON_Delete(arr);
		return NULL;
	}
	return arr;
}

void tx_report_time(long long made_at, char out[32])
{
	time_t t = made_at > 0 ? (time_t)made_at : time(NULL);
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "1970-01-01T00:00:00Z");
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

/* What became of the phones: devices by MAC, activation codes, workspaces,
 * phones left on BroadWorks (each with a finding). */
static void add_phones(cJSON *o, const long *n)
{
	cJSON *p = cJSON_AddObjectToObject(o, "phones");
	cJSON_AddNumberToObject(p, "devices", (double)n[TX_PH_DEVICES]);
	cJSON_AddNumberToObject(p, "activationCodes", (double)n[TX_PH_CODES]);
	cJSON_AddNumberToObject(p, "workspaces", (double)n[TX_PH_WORKSPACES]);
	cJSON_AddNumberToObject(p, "notMigrated", (double)n[TX_PH_LEFT]);
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
	add_unplanned(s, f->unplanned);
	cJSON *fs = cJSON_AddObjectToObject(s, "features");
	add_phones(s, f->phones);
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
		add_unplanned(o, c->unplanned);
		add_features(o, c, fs);
		add_phones(o, c->phones);
		cJSON_AddItemToArray(cs, o);
	}
	return d;
}

/* Copy up to max lines of a JSON Lines spool (max < 0: all) as array
 * elements, leaving the spool positioned at its end for more writes. */
long tx_spool_copy(FILE *spool, FILE *out, long max, int escape_tags)
{
	if (spool == NULL)
		return 0;
	fflush(spool);
	rewind(spool);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long count = 0;
	while ((max < 0 || count < max) && (n = getline(&line, &cap, spool)) > 0) {
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
	fseek(spool, 0, SEEK_END);
	return count;
}

/* Copy up to max spooled findings (max < 0: all) as array elements. */
long tx_report_copy_findings(const struct tx_findings *f, FILE *out, long max,
			     int escape_tags)
{
	return tx_spool_copy(f->spool, out, max, escape_tags);
}

/* What a report names about its making: the inventory, when, and every
 * input file with its digest. */
void tx_report_made(cJSON *d, const struct transform_options *o, const cJSON *inputs)
{
	char when[32];
	tx_report_time(o->made_at, when);
	cJSON_AddStringToObject(d, "inventory", o->inventory);
	cJSON_AddStringToObject(d, "generated", when);
	cJSON_AddItemToObject(d, "inputs", inputs ? cJSON_Duplicate(inputs, 1)
						  : cJSON_CreateArray());
}

int tx_report_json(const struct tx_findings *f, const struct transform_options *o,
		   const cJSON *inputs, struct bwm_error *err)
{
	const char *dir = o->report_dir;
	char *path = NULL;
	FILE *fp = tx_report_open(dir, "report.json", &path, err);
	if (fp == NULL) {
		free(path);
		return err->status;
	}
	cJSON *d = tx_report_doc(f);
	tx_report_made(d, o, inputs);
	char *text = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	/* Splice the findings array in before the closing brace. */
	size_t len = strlen(text);
	fwrite(text, 1, len - 1, fp);
	fputs(",\"userSettings\":[", fp);
	us_report_copy(f, fp, -1, 0);
	fputs("\n],\"findings\":[", fp);
	tx_report_copy_findings(f, fp, -1, 0);
	fputs("\n]}\n", fp);
	cJSON_free(text);
	int rc = tx_report_close(fp, path, err);
	free(path);
	return rc;
}
