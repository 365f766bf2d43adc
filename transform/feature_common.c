/*
 * feature_common.c — what the call feature planners share: finding a
 * feature's records and location, the entry skeleton (params, depends,
 * lookup, delete), member references to the migrated people, and the
 * "features" policies of the mappings.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

static int key_cmp(const void *a, const void *b)
{
	return strcmp(json_str(*(cJSON *const *)a, "key"), json_str(*(cJSON *const *)b, "key"));
}

static void gather(const struct tx_list *l, const char *kind, cJSON ***out, size_t *n,
		   size_t *cap)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(json_str_or(l->v[i], "kind", ""), kind) != 0)
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			*out = xrealloc(*out, *cap * sizeof **out);
		}
		(*out)[(*n)++] = l->v[i];
	}
}

cJSON **tx_feat_records(struct tx_ent *e, const char *kind, size_t *n)
{
	cJSON **out = NULL;
	size_t cap = 0;
	*n = 0;
	gather(&e->virt, kind, &out, n, &cap);
	gather(&e->settings, kind, &out, n, &cap);
	if (*n > 1)
		qsort(out, *n, sizeof *out, key_cmp);
	return out;
}

struct tx_grp *tx_feat_group(const struct tx_feat *fc, const cJSON *rec)
{
	const char *group = json_str(rec, "group");
	struct tx_grp *g = group ? tx_map_get(&fc->e->grp_by_id, group) : NULL;
	if (g == NULL || fc->n_g == fc->e->n_grp)
		return g;
	for (size_t i = 0; i < fc->n_g; i++)   /* one customer per group: usually one */
		if (fc->gs[i] == g)
			return g;
	return NULL;
}

cJSON *tx_feat_entry(const struct tx_feat *fc, struct tx_grp *g, const char *kind,
		     const char *key, const cJSON *rec, const char *suffix, const char *items,
		     const char *name)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	strbuf_addf(&path, "/telephony/config/locations/{locationId}/%s", suffix);
	cJSON *x = tx_entry_new(kind, key, NULL, "POST", path.buf);
	strbuf_addf(&sb, "location:%s", g->key);
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(sb.buf));
	cJSON *params = cJSON_GetObjectItem(x, "params");
	cJSON_AddItemToObject(params, "locationId", tx_ref("location:%s", g->key));
	cJSON_AddItemToObject(params, "orgId", tx_ref("customer:%s#orgId", fc->cust_key));
	cJSON_AddObjectToObject(x, "body");
	/* Crash rule: the name is unique in its location; list the location's
	 * objects of this kind filtered by name. Auto attendants are listed
	 * org-wide (filtered by location), the others per location. */
	cJSON *lk = cJSON_AddObjectToObject(x, "lookup");
	int org_list = strcmp(kind, "auto_attendant") == 0;
	if (org_list)
		cJSON_AddStringToObject(lk, "path", "/telephony/config/autoAttendants");
	else
		cJSON_AddStringToObject(lk, "path", path.buf);
	cJSON *q = cJSON_AddObjectToObject(lk, "query");
	cJSON_AddItemToObject(q, "locationId", tx_ref("location:%s", g->key));
	cJSON_AddStringToObject(q, "name", name);
	cJSON_AddItemToObject(q, "orgId", tx_ref("customer:%s#orgId", fc->cust_key));
	cJSON_AddStringToObject(lk, "items", items);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(lk, "match"), "name", name);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/{id}", path.buf);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(x, "delete"), "path", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s:%s", json_str(rec, "kind"), json_str(rec, "key"));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "source"), cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
	strbuf_free(&path);
	return x;
}

cJSON *tx_feat_person(const struct tx_feat *fc, struct tx_grp *g, const char *user_id,
		      const cJSON *rec, const char *obj)
{
	struct tx_user *u = tx_map_get(&fc->e->usr_by_id, user_id);
	const char *why = NULL, *fix = NULL;
	if (u == NULL) {
		why = "is not in the export";
		fix = "capture the user (UserGetRequest) or add the member by hand after the load";
	} else if (u->skip) {
		why = "is not migrated as a person (common-area or virtual user)";
		fix = "add the workspace or feature as a member by hand after the load";
	} else if (u->blocked.n > 0) {
		why = "is blocked by an error finding";
		fix = "fix the user's finding and transform again, or add the member by hand";
	} else if (u->grp != g) {
		why = "belongs to another group (another Webex location)";
		fix = "move the user, or add a member of this location by hand";
	}
	if (why == NULL) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "subscriber:%s#personId", json_str(u->j, "key"));
		cJSON *r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "$ref", sb.buf);
		strbuf_free(&sb);
		return r;
	}
	tx_finding(fc->c->f, TX_WARNING, "feature_member_left_out", obj, rec, fix,
		   "member \"%s\" %s; it is left out", user_id, why);
	return NULL;
}

int tx_feat_emit(const struct tx_feat *fc, struct tx_grp *g, cJSON *x)
{
	const struct tx_list_ids *l[] = { fc->cust_blocked, &g->blocked, NULL };
	tx_entry_block(x, l);
	return tx_emit(fc->c, x, fc->batch, fc->sum);
}

const char *tx_feat_policy(const struct tx_mappings *m, const char *name, const char *dflt)
{
	const char *v = tx_kv_get(m->feat, m->n_feat, name);
	return v != NULL ? v : dflt;
}

cJSON *tx_feat_setting(const struct tx_feat *fc, struct tx_grp *g, const char *key,
		       const char *path, const char *dep, const cJSON *rec)
{
	struct strbuf sb = STRBUF_INIT;
	cJSON *x = tx_entry_new("feature_setting", key, NULL, "PUT", path);
	cJSON *deps = cJSON_GetObjectItem(x, "depends");
	strbuf_addf(&sb, "location:%s", g->key);
	cJSON_AddItemToArray(deps, cJSON_CreateString(sb.buf));
	if (dep != NULL)
		cJSON_AddItemToArray(deps, cJSON_CreateString(dep));
	cJSON *params = cJSON_GetObjectItem(x, "params");
	cJSON_AddItemToObject(params, "locationId", tx_ref("location:%s", g->key));
	cJSON_AddItemToObject(params, "orgId", tx_ref("customer:%s#orgId", fc->cust_key));
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s:%s", json_str(rec, "kind"), json_str(rec, "key"));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "source"), cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
	const struct tx_list_ids *l[] = { fc->cust_blocked, &g->blocked, NULL };
	tx_entry_block(x, l);
	cJSON_AddItemToArray(fc->settings, x);
	return body;
}
