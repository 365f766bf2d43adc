/*
 * workspaces.c — /v1/workspaces: the place a common-area phone belongs to.
 *
 * POST /workspaces (201 {id, …}): displayName required; orgId and
 * locationId in the body (the org of a provisioned customer, a location of
 * that org); type, supportedDevices ("phones" or "collaborationDevices"),
 * calling {type: webexCalling|none|…, webexCalling {phoneNumber?,
 * extension?, locationId}}. The natural key is the display name within its
 * location: a second one is 409 unless --allow-duplicates (then counted in
 * /_sandbox/state). GET lists by displayName (exact), locationId, orgId;
 * GET and DELETE one by id (204; 409 while a device still belongs to it).
 */
#include "sandbox/devices.h"

#include <stdlib.h>
#include <string.h>

char *sbx_workspace_org(struct sandbox *sb, const char *workspace_id)
{
	cJSON *doc = sbx_doc_load(sb, "workspaces", workspace_id);
	const char *org = json_str(doc, "orgId");
	char *out = org ? xstrdup(org) : NULL;
	cJSON_Delete(doc);
	return out;
}

static int check_calling(struct sandbox *sb, const cJSON *calling, const char *loc,
			 struct sbx_resp *rs)
{
	if (calling == NULL)
		return 0;
	const char *type = json_str(calling, "type");
	if (!cJSON_IsObject(calling) || type == NULL) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "calling must be an object with a type.");
		return -1;
	}
	if (strcmp(type, "webexCalling") != 0)
		return 0;
	const cJSON *wc = cJSON_GetObjectItemCaseSensitive(calling, "webexCalling");
	const char *num = json_str(wc, "phoneNumber"), *ext = json_str(wc, "extension");
	const char *wloc = json_str(wc, "locationId");
	if (num == NULL && ext == NULL) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "calling.webexCalling needs a phoneNumber "
				"or an extension.");
		return -1;
	}
	if (wloc != NULL && loc != NULL && strcmp(wloc, loc) != 0) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "calling.webexCalling.locationId differs "
				"from the workspace's locationId.");
		return -1;
	}
	if (num != NULL && sbx_count(sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND "
				     "location_id = ?2", num, wloc ? wloc : loc) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "calling.webexCalling.phoneNumber '%s' is "
				"not a number of the location.", num);
		return -1;
	}
	return 0;
}

static int check_workspace(struct sandbox *sb, const cJSON *b, struct sbx_resp *rs)
{
	const char *name = json_str(b, "displayName"), *org = json_str(b, "orgId");
	const char *loc = json_str(b, "locationId"), *devs = json_str(b, "supportedDevices");
	if (name == NULL || name[0] == '\0') {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "displayName is required.");
		return -1;
	}
	if (devs != NULL && strcmp(devs, "phones") != 0 && strcmp(devs, "collaborationDevices") != 0) {
		sbx_reply_error(rs, 400, SBX_E_ENUM, "supportedDevices must be phones or "
				"collaborationDevices.");
		return -1;
	}
	if (org == NULL || sbx_count(sb, "SELECT count(*) FROM customers WHERE org_id = ?1",
				     org, NULL) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "orgId '%s' is not an organization of "
				"the partner.", org ? org : "");
		return -1;
	}
	if (loc != NULL && sbx_count(sb, "SELECT count(*) FROM locations WHERE id = ?1 AND "
				     "org_id = ?2", loc, org) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "locationId '%s' is not a location of "
				"organization '%s'.", loc, org);
		return -1;
	}
	return check_calling(sb, cJSON_GetObjectItemCaseSensitive(b, "calling"), loc, rs);
}

void sbx_workspaces_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (sbx_check_body(rq, rs) || check_workspace(sb, rq->body, rs))
		return;
	const char *name = json_str(rq->body, "displayName"), *org = json_str(rq->body, "orgId");
	const char *loc = json_str(rq->body, "locationId");
	if (!sb->cfg.allow_duplicates &&
	    sbx_count3(sb, "SELECT count(*) FROM workspaces WHERE org_id = ?1 AND "
		       "ifnull(location_id, '') = ifnull(?2, '') AND lower(name) = lower(?3)",
		       org, loc, name) > 0) {
		sbx_reply_error(rs, 409, SBX_E_EXISTS, "A workspace named '%s' already exists in "
				"that location; find it with GET /workspaces?displayName=...", name);
		return;
	}
	char *id = sbx_new_id(sb, "PLACE");
	cJSON *doc = cJSON_Duplicate(rq->body, 1);
	sbx_set(doc, "id", cJSON_CreateString(id));
	if (json_str(doc, "type") == NULL)
		cJSON_AddStringToObject(doc, "type", "notSet");
	char *text = cJSON_PrintUnformatted(doc);
	sqlite3_stmt *st = sbx_prep(sb, "INSERT INTO workspaces(id, org_id, location_id, name, doc) "
				    "VALUES(?1, ?2, ?3, ?4, ?5)");
	int ok = 0;
	if (st != NULL) {
		sbx_bind(st, 1, id);
		sbx_bind(st, 2, org);
		sbx_bind(st, 3, loc);
		sbx_bind(st, 4, name);
		sbx_bind(st, 5, text);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	cJSON_free(text);
	free(id);
	if (ok)
		sbx_reply_json(rs, 201, doc);
	else {
		cJSON_Delete(doc);
		sbx_reply_error(rs, 500, SBX_E_SERVER, "The workspace could not be stored.");
	}
}

static void workspace_row(sqlite3_stmt *st, void *items)
{
	cJSON_AddItemToArray(items, cJSON_Parse((const char *)sqlite3_column_text(st, 0)));
}

void sbx_workspaces_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	long offset, max;
	if (sbx_query_int(rq, rs, "start", 0, 0, 1000000000L, &offset) ||
	    sbx_query_int(rq, rs, "max", 100, 1, 1000, &max))
		return;
	const struct sbx_filter f[] = {
		{ "lower(name) = lower(?)", sbx_query(rq, "displayName") },
		{ "location_id = ?", sbx_query(rq, "locationId") },
		{ "org_id = ?", sbx_query(rq, "orgId") },
	};
	const struct sbx_list_query q = { "doc", "workspaces", "seq", offset, max };
	cJSON *items = cJSON_CreateArray();
	long total = sbx_list(sb, &q, f, 3, workspace_row, items);
	if (total >= 0) {
		sbx_reply_items(rs, items);
		sbx_reply_link_named(rq, rs, "start", offset, max, total);
	} else {
		cJSON_Delete(items);
	}
}

/* The workspace of rq->id (in ?orgId= when given), or NULL after a 404. */
static cJSON *find(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, "workspaces", rq->id);
	const char *org = sbx_query(rq, "orgId");
	if (doc == NULL || (org && strcmp(org, json_str_or(doc, "orgId", "")) != 0)) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Workspace '%s' not found.", rq->id);
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

void sbx_workspace_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = find(sb, rq, rs);
	if (doc != NULL)
		sbx_reply_json(rs, 200, doc);
}

void sbx_workspace_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = find(sb, rq, rs);
	if (doc == NULL)
		return;
	cJSON_Delete(doc);
	int64_t n = sbx_count(sb, "SELECT count(*) FROM devices WHERE workspace_id = ?1",
			      rq->id, NULL);
	if (n > 0) {
		sbx_reply_error(rs, 409, SBX_E_IN_USE, "Workspace '%s' still has %lld device(s); "
				"delete them first.", rq->id, (long long)n);
		return;
	}
	sbx_exec(sb, "DELETE FROM workspaces WHERE id = ?1", rq->id, NULL, NULL);
	/* its call settings go with it (workspace_settings.c) */
	sbx_exec(sb, "DELETE FROM person_settings WHERE person_id = ?1", rq->id, NULL, NULL);
	rs->status = 204;
}
