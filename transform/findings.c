/*
 * findings.c — validation findings: each has an id, a severity, a code,
 * the object key, the inventory file:line it came from, a message and a
 * fix hint. They are counted (run and customer), written to findings.csv
 * as they come and spooled as JSON Lines for report.json, so memory does
 * not grow with their number.
 */
#include "transform/internal.h"
#include "transform/settings.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const sev_names[] = { "error", "warning", "info" };

const char *tx_src_file(const cJSON *rec)
{
	return json_str(cJSON_GetObjectItemCaseSensitive(rec, "source"), "file");
}

long tx_src_line(const cJSON *rec)
{
	return (long)json_num(cJSON_GetObjectItemCaseSensitive(rec, "source"), "line", 0);
}

FILE *tx_report_open(const char *dir, const char *name, char **path_out,
		     struct bwm_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", dir, name);
	FILE *fp = fopen(sb.buf, "w+");
	if (fp == NULL)
		bwm_fail(err, BWM_EINTERNAL, "%s: cannot write: %s", sb.buf, strerror(errno));
	*path_out = strbuf_detach(&sb);
	return fp;
}

int tx_report_close(FILE *fp, const char *path, struct bwm_error *err)
{
	int bad = ferror(fp);
	bad |= fclose(fp) != 0;
	return bad ? bwm_fail(err, BWM_EINTERNAL, "%s: write error", path) : BWM_OK;
}

int tx_findings_open(struct tx_findings *f, const char *report_dir, struct bwm_error *err)
{
	memset(f, 0, sizeof *f);
	f->next_id = 1;
	if (report_dir == NULL)
		return BWM_OK;
	f->csv = tx_report_open(report_dir, "findings.csv", &f->csv_path, err);
	if (f->csv == NULL)
		return BWM_EINTERNAL;
	f->spool = tx_report_open(report_dir, ".findings.jsonl", &f->spool_path, err);
	if (f->spool == NULL)
		return BWM_EINTERNAL;
	fputs("id,severity,code,object,customer,file,line,message,fix\n", f->csv);
	return us_report_open(f, report_dir, err);
}

int tx_findings_flush(struct tx_findings *f, struct bwm_error *err)
{
	if (f->csv != NULL && (fflush(f->csv) != 0 || ferror(f->csv)))
		return bwm_fail(err, BWM_EINTERNAL, "%s: write error", f->csv_path);
	if (f->spool != NULL && (fflush(f->spool) != 0 || ferror(f->spool)))
		return bwm_fail(err, BWM_EINTERNAL, "%s: write error", f->spool_path);
	if (f->us_spool != NULL && (fflush(f->us_spool) != 0 || ferror(f->us_spool)))
		return bwm_fail(err, BWM_EINTERNAL, "%s: write error", f->us_spool_path);
	return BWM_OK;
}

/* RFC 4180 cell: quoted when it holds a comma, quote or newline. A cell
 * starting with = + - @ is prefixed with ' so spreadsheets do not run it. */
static void csv_cell(FILE *fp, const char *s, int last)
{
	if (s == NULL)
		s = "";
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (strchr("=+-@", s[0]) != NULL && s[0] != '\0')
		fputc('\'', fp);
	while (*s) {                      /* runs up to a quote at once */
		size_t run = strcspn(s, "\"");
		fwrite(s, 1, run, fp);
		s += run;
		if (*s == '"') {
			fputs("\"\"", fp);
			s++;
		}
	}
	if (quote)
		fputc('"', fp);
	fputc(last ? '\n' : ',', fp);
}

static void write_out(struct tx_findings *f, const char *id, enum tx_severity sev,
		      const char *code, const char *object, const char *file, long line,
		      const char *msg, const char *fix)
{
	const char *cust = f->n_cust ? f->cust[f->n_cust - 1].key : "";
	if (f->csv != NULL) {
		char ln[24];
		snprintf(ln, sizeof ln, "%ld", line);
		csv_cell(f->csv, id, 0);
		csv_cell(f->csv, sev_names[sev], 0);
		csv_cell(f->csv, code, 0);
		csv_cell(f->csv, object, 0);
		csv_cell(f->csv, cust, 0);
		csv_cell(f->csv, file, 0);
		csv_cell(f->csv, line > 0 ? ln : "", 0);
		csv_cell(f->csv, msg, 0);
		csv_cell(f->csv, fix, 1);
	}
	if (f->spool != NULL) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "severity", sev_names[sev]);
		cJSON_AddStringToObject(o, "code", code);
		cJSON_AddStringToObject(o, "object", object);
		cJSON_AddStringToObject(o, "customer", cust);
		cJSON *src = cJSON_AddObjectToObject(o, "source");
		cJSON_AddStringToObject(src, "file", file ? file : "");
		cJSON_AddNumberToObject(src, "line", (double)line);
		cJSON_AddStringToObject(o, "message", msg);
		cJSON_AddStringToObject(o, "fix", fix ? fix : "");
		jsonl_write(f->spool, o, NULL);
		cJSON_Delete(o);
	}
}

const char *tx_finding(struct tx_findings *f, enum tx_severity sev, const char *code,
		       const char *object, const cJSON *rec, const char *fix,
		       const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(f->last_id, sizeof f->last_id, "F%06ld", f->next_id++);
	f->sev[sev]++;
	if (f->n_cust)
		f->cust[f->n_cust - 1].sev[sev]++;
	write_out(f, f->last_id, sev, code, object, tx_src_file(rec), tx_src_line(rec), msg, fix);
	tx_feature_rows_finding(f, rec, sev, f->last_id);
	return f->last_id;
}

struct tx_cust_sum *tx_findings_customer(struct tx_findings *f, const char *key,
					 const char *name, const char *batch)
{
	if (f->n_cust == f->cap_cust) {
		f->cap_cust = f->cap_cust ? f->cap_cust * 2 : 16;
		f->cust = xrealloc(f->cust, f->cap_cust * sizeof *f->cust);
	}
	struct tx_cust_sum *c = &f->cust[f->n_cust++];
	memset(c, 0, sizeof *c);
	c->key = xstrdup(key);
	c->name = xstrdup(name ? name : key);
	c->batch = xstrdup(batch ? batch : "");
	return c;
}

void tx_findings_close(struct tx_findings *f)
{
	if (f->csv != NULL)
		fclose(f->csv);
	if (f->spool != NULL) {
		fclose(f->spool);
		remove(f->spool_path);
	}
	free(f->spool_path);
	free(f->csv_path);
	us_report_close(f);
	for (size_t i = 0; i < f->n_cust; i++) {
		free(f->cust[i].key);
		free(f->cust[i].name);
		free(f->cust[i].batch);
		cJSON_Delete(f->cust[i].features);
	}
	tx_map_free(&f->feat);
	free(f->cust);
	memset(f, 0, sizeof *f);
}
