/*
 * feature_table.c — the per-customer table of call features in the
 * report: for every feature record of the inventory (schedule, hunt group,
 * call center, auto attendant, call park, call pickup, paging group, a
 * group's call park settings) was it
 * migrated, migrated with changes, or not migrated? (Phones, as many as the
 * users, are counted instead: report_json.c "phones".)
 *
 * Generic over kinds, so a planner only writes entries and findings: an
 * entry whose "source" names the record marks it planned (a "blocked"
 * entry does not), a warning finding about the record (rec passed to
 * tx_finding) marks it changed, an error finding marks it not migrated.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const feature_kinds[] = {
	"schedule", "hunt_group", "call_center", "auto_attendant", "call_park",
	"call_pickup", "paging_group", "call_park_settings",
};

int tx_is_feature_kind(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < sizeof feature_kinds / sizeof *feature_kinds; i++)
		if (strcmp(kind, feature_kinds[i]) == 0)
			return 1;
	return 0;
}

/* Is group one of gs? All of the enterprise's groups (one customer per
 * enterprise) is answered without a scan. */
static int in_groups(const struct tx_ent *e, const char *group, struct tx_grp *const *gs,
		     size_t n_g)
{
	const struct tx_grp *g = tx_map_get(&e->grp_by_id, group);
	if (g == NULL)
		return 0;
	if (n_g == e->n_grp)
		return 1;
	for (size_t i = 0; i < n_g; i++)
		if (gs[i] == g)
			return 1;
	return 0;
}

static void add_row(struct tx_findings *f, struct tx_cust_sum *sum, const cJSON *rec)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s", json_str(rec, "kind"), json_str(rec, "key"));
	if (tx_map_get(&f->feat, sb.buf) != NULL) {
		strbuf_free(&sb);
		return;
	}
	cJSON *row = cJSON_CreateObject();
	cJSON_AddStringToObject(row, "kind", json_str(rec, "kind"));
	cJSON_AddStringToObject(row, "key", json_str(rec, "key"));
	cJSON_AddStringToObject(row, "name", json_str_or(rec, "name", json_str_or(rec, "id", "")));
	cJSON *ref = cJSON_AddStringToObject(row, "ref", sb.buf);
	cJSON_AddBoolToObject(row, "planned", 0);
	cJSON_AddBoolToObject(row, "blocked", 0);
	cJSON_AddNumberToObject(row, "worst", TX_INFO + 1);
	cJSON_AddArrayToObject(row, "findings");
	cJSON_AddItemToArray(sum->features, row);
	tx_map_put(&f->feat, ref->valuestring, row);
	strbuf_free(&sb);
}

static void rows_from(struct tx_findings *f, struct tx_cust_sum *sum, const struct tx_ent *e,
		      const struct tx_list *l, struct tx_grp *const *gs, size_t n_g, int first)
{
	for (size_t i = 0; i < l->n; i++) {
		const cJSON *r = l->v[i];
		if (!tx_is_feature_kind(json_str(r, "kind")))
			continue;
		const char *group = json_str(r, "group");
		if (group != NULL ? in_groups(e, group, gs, n_g) : first)
			add_row(f, sum, r);
	}
}

void tx_feature_rows_begin(struct tx_findings *f, struct tx_cust_sum *sum, struct tx_ent *e,
			   struct tx_grp *const *gs, size_t n_g, int first)
{
	tx_map_free(&f->feat);
	sum->features = cJSON_CreateArray();
	rows_from(f, sum, e, &e->virt, gs, n_g, first);
	rows_from(f, sum, e, &e->settings, gs, n_g, first);
}

void tx_feature_rows_finding(struct tx_findings *f, const cJSON *rec, enum tx_severity sev,
			     const char *id)
{
	if (rec == NULL || f->feat.n == 0 || !tx_is_feature_kind(json_str(rec, "kind")))
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s", json_str(rec, "kind"), json_str(rec, "key"));
	cJSON *row = tx_map_get(&f->feat, sb.buf);
	strbuf_free(&sb);
	if (row == NULL)
		return;
	cJSON *worst = cJSON_GetObjectItem(row, "worst");
	if ((int)sev < worst->valueint)
		cJSON_SetNumberValue(worst, sev);
	cJSON_AddItemToArray(cJSON_GetObjectItem(row, "findings"), cJSON_CreateString(id));
}

void tx_feature_rows_entry(struct tx_findings *f, const cJSON *entry)
{
	const cJSON *s;
	if (f->feat.n == 0)
		return;
	int blocked = cJSON_GetObjectItem(entry, "blocked") != NULL;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(entry, "source")) {
		cJSON *row = cJSON_IsString(s) ? tx_map_get(&f->feat, s->valuestring) : NULL;
		if (row == NULL)
			continue;
		/* a feature made of several entries (sub-resources) is blocked
		 * when any of them is */
		cJSON_ReplaceItemInObject(row, "planned", cJSON_CreateBool(1));
		if (blocked)
			cJSON_ReplaceItemInObject(row, "blocked", cJSON_CreateBool(1));
	}
}

static const char *row_status(const cJSON *row)
{
	int worst = cJSON_GetObjectItem(row, "worst")->valueint;
	if (!json_bool(row, "planned", 0) || json_bool(row, "blocked", 0) || worst == TX_ERROR)
		return "not migrated";
	return worst == TX_WARNING ? "migrated with changes" : "migrated";
}

cJSON *tx_feature_rows_report(const struct tx_cust_sum *sum)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *row;
	cJSON_ArrayForEach(row, sum->features) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", json_str(row, "kind"));
		cJSON_AddStringToObject(o, "key", json_str(row, "key"));
		cJSON_AddStringToObject(o, "name", json_str(row, "name"));
		cJSON_AddStringToObject(o, "status", row_status(row));
		if (!json_bool(row, "planned", 0))
			cJSON_AddStringToObject(o, "reason", "no plan entry");
		else if (json_bool(row, "blocked", 0))
			cJSON_AddStringToObject(o, "reason", "entry blocked");
		cJSON_AddItemToObject(o, "findings",
				      cJSON_Duplicate(cJSON_GetObjectItem(row, "findings"), 1));
		cJSON_AddItemToArray(out, o);
	}
	return out;
}
