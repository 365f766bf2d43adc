/*
 * report_recorded.c — what the load journaled from responses because the
 * plan's "record" asked for it (fields.recorded of a journal row), for
 * run.json and run.html: every such entry in "recorded", and the
 * activation codes of phones without a MAC grouped per customer in
 * "activation_codes" {CUSTOMER: [{key, owner, model, code, expiryTime}]},
 * the list an installer needs on site. Read from the journal, so a resumed
 * run lists the codes an earlier run received too.
 */
#include "load/run.h"

#include <stdlib.h>
#include <string.h>

/* The entry a body member's "$ref" names ("subscriber:E/G/u"), without
 * its "#FIELD", or NULL. */
static char *ref_entry(const cJSON *v)
{
	const char *ref = json_str(v, "$ref");
	if (ref == NULL)
		return NULL;
	return xstrndup(ref, strcspn(ref, "#"));
}

/* The customer of an entry: the one whose orgId its params name, else the
 * first segment of its key. */
static char *customer_of(const cJSON *rec, const char *key)
{
	char *id = ref_entry(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(rec, "params"), "orgId"));
	if (id != NULL && strncmp(id, "customer:", 9) == 0) {
		char *c = xstrdup(id + 9);
		free(id);
		return c;
	}
	free(id);
	return xstrndup(key, strcspn(key, "/"));
}

struct recorded_pass {
	struct run *r;
	cJSON *all;      /* array */
	cJSON *codes;    /* object: customer → array */
};

static int recorded_row(const struct journal_row *row, void *ctx)
{
	struct recorded_pass *p = ctx;
	if (row->fields == NULL || strstr(row->fields, "\"recorded\"") == NULL)
		return 0;
	cJSON *f = cJSON_Parse(row->fields);
	const cJSON *got = cJSON_GetObjectItemCaseSensitive(f, "recorded");
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s:%s", row->kind, row->key);
	long i = plan_find(&p->r->plan, id.buf);
	strbuf_free(&id);
	cJSON *rec = NULL;
	if (cJSON_IsObject(got) && i >= 0 && p->r->e[i].in_scope &&
	    plan_record(&p->r->plan, (size_t)i, &rec, NULL) == BWM_OK) {
		const cJSON *body = cJSON_GetObjectItemCaseSensitive(rec, "body");
		char *owner = ref_entry(cJSON_GetObjectItemCaseSensitive(body, "personId"));
		if (owner == NULL)
			owner = ref_entry(cJSON_GetObjectItemCaseSensitive(body, "workspaceId"));
		char *cust = customer_of(rec, row->key);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", row->kind);
		cJSON_AddStringToObject(o, "key", row->key);
		cJSON_AddStringToObject(o, "customer", cust);
		json_add_str_opt(o, "owner", owner);
		json_add_str_opt(o, "model", json_str(body, "model"));
		const cJSON *m;
		cJSON_ArrayForEach(m, got)
			cJSON_AddItemToObject(o, m->string, cJSON_Duplicate(m, 1));
		cJSON_AddItemToArray(p->all, o);
		if (json_str(got, "code") != NULL) {
			cJSON *list = cJSON_GetObjectItemCaseSensitive(p->codes, cust);
			if (list == NULL)
				list = cJSON_AddArrayToObject(p->codes, cust);
			cJSON *c = cJSON_CreateObject();
			cJSON_AddStringToObject(c, "key", row->key);
			json_add_str_opt(c, "owner", owner);
			json_add_str_opt(c, "model", json_str(body, "model"));
			cJSON_AddStringToObject(c, "code", json_str(got, "code"));
			json_add_str_opt(c, "expiryTime", json_str(got, "expiryTime"));
			cJSON_AddItemToArray(list, c);
		}
		free(owner);
		free(cust);
	}
	cJSON_Delete(rec);
	cJSON_Delete(f);
	return 0;
}

void report_recorded(struct run *r, cJSON *runjson)
{
	if (!journal_is_open(&r->j) || r->plan.fp == NULL)
		return;   /* no journal, or no plan to read owners and models from */
	struct recorded_pass p = { r, cJSON_CreateArray(), cJSON_CreateObject() };
	struct bwm_error err = { 0, "" };
	journal_each(&r->j, recorded_row, &p, &err);
	if (cJSON_GetArraySize(p.all) > 0) {
		cJSON_AddItemToObject(runjson, "recorded", p.all);
		cJSON_AddItemToObject(runjson, "activation_codes", p.codes);
	} else {
		cJSON_Delete(p.all);
		cJSON_Delete(p.codes);
	}
}

void report_html_codes(FILE *fp, const cJSON *runjson)
{
	const cJSON *codes = cJSON_GetObjectItemCaseSensitive(runjson, "activation_codes"), *c;
	if (codes == NULL || codes->child == NULL)
		return;
	fputs("<h2>Activation codes</h2>\n<table><tr><th>customer</th><th>device</th>"
	      "<th>owner</th><th>model</th><th>code</th><th>expires</th></tr>\n", fp);
	cJSON_ArrayForEach(c, codes) {
		const cJSON *it;
		cJSON_ArrayForEach(it, c) {
			static const char *const cols[] = { "key", "owner", "model", "code",
							    "expiryTime" };
			fputs("<tr><td>", fp);
			report_html_esc(fp, c->string);
			for (size_t k = 0; k < 5; k++) {
				fputs("</td><td>", fp);
				report_html_esc(fp, json_str_or(it, cols[k], ""));
			}
			fputs("</td></tr>\n", fp);
		}
	}
	fputs("</table>\n", fp);
}
