/*
 * locations.c — /v1/locations (the generic Webex Locations API): list with
 * name (contains, case-insensitive), id and orgId filters, create in an
 * org (?orgId=), get one, delete one (204; 409 while numbers, people or
 * workspaces are still in it: a rollback removes them first).
 *
 * An org exists once its customer is provisioned; location names are unique
 * within an org (case-insensitive), which is what the load's lookup by
 * name relies on.
 */
#include "sandbox/sbx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *sbx_location_insert(struct sandbox *sb, const char *org_id, const cJSON *loc)
{
	static const char *const keys[] = { "name", "timeZone", "preferredLanguage",
					    "announcementLanguage", "address", "latitude",
					    "longitude", "notes", NULL };
	char *id = sbx_new_id(sb, "LOCATION");
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "id", id);
	cJSON_AddStringToObject(doc, "orgId", org_id);
	for (int i = 0; keys[i]; i++) {
		const cJSON *it = cJSON_GetObjectItemCaseSensitive(loc, keys[i]);
		if (it != NULL)
			cJSON_AddItemToObject(doc, keys[i], cJSON_Duplicate(it, 1));
	}
	char *text = cJSON_PrintUnformatted(doc);
	sqlite3_stmt *st = sbx_prep(sb, "INSERT INTO locations(id, org_id, name, doc) "
				    "VALUES(?1, ?2, ?3, ?4)");
	int ok = 0;
	if (st != NULL) {
		sbx_bind(st, 1, id);
		sbx_bind(st, 2, org_id);
		sbx_bind(st, 3, json_str_or(loc, "name", ""));
		sbx_bind(st, 4, text);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	cJSON_free(text);
	cJSON_Delete(doc);
	if (!ok) {
		free(id);
		return NULL;
	}
	return id;
}

/* Is org_id the org of a provisioned customer? */
static int org_exists(struct sandbox *sb, const char *org_id)
{
	return sbx_count(sb, "SELECT count(*) FROM customers WHERE org_id = ?1 AND status IN "
			 "('provisioned', 'provisioned_with_errors', 'updating')", org_id, NULL) > 0;
}

void sbx_locations_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *org = sbx_query(rq, "orgId");
	if (sbx_check_body(rq, rs))
		return;
	if (org == NULL || *org == '\0') {
		sbx_reply_error(rs, 400, SBX_E_QUERY, "orgId is required: a partner creates a "
				"location in a customer's org (POST /locations?orgId=...).");
		return;
	}
	if (!org_exists(sb, org)) {
		sbx_reply_error(rs, 404, SBX_E_REFERENCE, "Organization '%s' not found; it exists "
				"once its customer is provisioned.", org);
		return;
	}
	if (sbx_check_location(rq->body, rs))
		return;
	const char *name = json_str(rq->body, "name");
	if (!sb->cfg.allow_duplicates &&
	    sbx_count(sb, "SELECT count(*) FROM locations WHERE org_id = ?1 "
		      "AND lower(name) = lower(?2)", org, name) > 0) {
		sbx_reply_error(rs, 409, SBX_E_EXISTS, "A location named '%s' already exists in "
				"organization '%s'; find it with GET /locations?name=...", name, org);
		return;
	}
	char *id = sbx_location_insert(sb, org, rq->body);
	if (id == NULL)
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	free(id);
	sbx_reply_json(rs, 201, o);
}

void sbx_location_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, "locations", rq->id);
	if (doc == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Location '%s' not found.", rq->id);
		return;
	}
	const char *org = sbx_query(rq, "orgId");
	if (org != NULL && strcmp(org, json_str_or(doc, "orgId", "")) != 0) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Location '%s' not found in "
				"organization '%s'.", rq->id, org);
		cJSON_Delete(doc);
		return;
	}
	sbx_reply_json(rs, 200, doc);
}

void sbx_location_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, "locations", rq->id);
	const char *org = sbx_query(rq, "orgId");
	if (doc == NULL || (org != NULL && strcmp(org, json_str_or(doc, "orgId", "")) != 0)) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Location '%s' not found%s%s.", rq->id,
				org ? " in organization " : "", org ? org : "");
		cJSON_Delete(doc);
		return;
	}
	cJSON_Delete(doc);
	int64_t nums = sbx_count(sb, "SELECT count(*) FROM numbers WHERE location_id = ?1",
				 rq->id, NULL);
	int64_t subs = sbx_count(sb, "SELECT count(*) FROM subscribers WHERE location_id = ?1",
				 rq->id, NULL);
	int64_t places = sbx_count(sb, "SELECT count(*) FROM workspaces WHERE location_id = ?1",
				   rq->id, NULL);
	if (nums > 0 || subs > 0 || places > 0) {
		sbx_reply_error(rs, 409, SBX_E_IN_USE, "Location '%s' still has %lld number(s), "
				"%lld subscriber(s) and %lld workspace(s); remove them first.", rq->id,
				(long long)nums, (long long)subs, (long long)places);
		return;
	}
	sbx_exec(sb, "DELETE FROM locations WHERE id = ?1", rq->id, NULL, NULL);
	/* the location's own settings (call park settings) go with it */
	sbx_exec(sb, "DELETE FROM queue_feature_settings WHERE feature_id = ?1", rq->id, NULL, NULL);
	rs->status = 204;
}

static void location_row(sqlite3_stmt *st, void *items)
{
	cJSON_AddItemToArray(items, cJSON_Parse((const char *)sqlite3_column_text(st, 0)));
}

void sbx_locations_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	long offset, max;
	if (sbx_query_int(rq, rs, "offset", 0, 0, 1000000000L, &offset) ||
	    sbx_query_int(rq, rs, "max", 500, 1, 1000, &max))
		return;
	const struct sbx_filter f[] = {
		{ "instr(lower(name), lower(?)) > 0", sbx_query(rq, "name") },
		{ "org_id = ?", sbx_query(rq, "orgId") },
		{ "id = ?", sbx_query(rq, "id") },
	};
	const struct sbx_list_query q = { "doc", "locations", "seq", offset, max };
	cJSON *items = cJSON_CreateArray();
	long total = sbx_list(sb, &q, f, 3, location_row, items);
	if (total >= 0) {
		sbx_reply_items(rs, items);
		sbx_reply_link(rq, rs, offset, max, total);
	} else {
		cJSON_Delete(items);
	}
}
