/*
 * queue_features.c — the engine behind every location feature endpoint:
 *   POST   /v1/telephony/config/locations/{id}/KIND          create (200 or 201 {id})
 *   GET    /v1/telephony/config/KIND                         list: orgId, locationId,
 *                                                            name (contains), phoneNumber,
 *                                                            start, max; Link rel="next"
 *   GET    /v1/telephony/config/locations/{id}/KIND/{sub}    one
 *   PUT    /v1/telephony/config/locations/{id}/KIND/{sub}    change (204)
 *   DELETE /v1/telephony/config/locations/{id}/KIND/{sub}    remove (204)
 *   GET|PUT …/KIND/{sub}/SETTING                             a sub-resource (204 on PUT)
 *
 * The real server's checks: the location must be in the org given with
 * ?orgId= (a provisioned customer's; 404 otherwise), the body must follow
 * the kind's schema (its check), the name is unique per location (409), a
 * phone number must be one of the location's and free (400 / 409), an
 * extension unique in the location (409), members people of the org (400).
 */
#include "sandbox/queue_features.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The location of the path in the org of ?orgId=, else 404. Caller frees. */
static cJSON *location(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *org = sbx_query(rq, "orgId");
	cJSON *doc = org ? sbx_doc_load(sb, "locations", rq->id) : NULL;
	if (doc == NULL || strcmp(org, json_str_or(doc, "orgId", "")) != 0 ||
	    sbx_count(sb, "SELECT count(*) FROM customers WHERE org_id = ?1 AND status IN "
		      "('provisioned', 'provisioned_with_errors', 'updating')", org, NULL) == 0) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Location '%s' not found in organization "
				"'%s'.", rq->id, org ? org : "(none: give ?orgId=)");
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

/* The feature of the path (kind k, in the path's location), else 404. */
static cJSON *feature(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
		      const struct sbx_qfkind *k)
{
	cJSON *loc = location(sb, rq, rs);
	if (loc == NULL)
		return NULL;
	cJSON_Delete(loc);
	cJSON *doc = NULL;
	sqlite3_stmt *st = sbx_prep(sb, "SELECT doc FROM queue_features WHERE id = ?1 AND kind = ?2 "
				    "AND location_id = ?3");
	if (st != NULL) {
		sbx_bind(st, 1, rq->id2);
		sbx_bind(st, 2, k->kind);
		sbx_bind(st, 3, rq->id);
		if (sqlite3_step(st) == SQLITE_ROW)
			doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (doc == NULL)
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "%s '%s' not found in location '%s'.",
				k->label, rq->id2, rq->id);
	return doc;
}

/* Features of kind in loc named name (any case), self not counted. */
static int64_t sbx_count_same_name(struct sandbox *sb, const char *kind, const char *loc,
				   const char *name, const char *self)
{
	sqlite3_stmt *st = sbx_prep(sb, "SELECT count(*) FROM queue_features WHERE kind = ?1 AND "
				    "location_id = ?2 AND lower(name) = lower(?3) AND "
				    "id <> coalesce(?4, '')");
	if (st == NULL)
		return 0;
	const char *v[] = { kind, loc, name, self };
	for (int i = 0; i < 4; i++)
		sbx_bind(st, i + 1, v[i]);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return n;
}

static int name_ok(struct sandbox *sb, const struct sbx_qfkind *k, const char *loc,
		   const char *self, const cJSON *name, struct sbx_resp *rs)
{
	if (!cJSON_IsString(name) || name->valuestring[0] == '\0' ||
	    strlen(name->valuestring) > k->max_name) {
		sbx_reply_error(rs, 400, SBX_E_LENGTH, "name is required: 1 to %zu characters.",
				k->max_name);
		return -1;
	}
	if (!sb->cfg.allow_duplicates &&
	    sbx_count_same_name(sb, k->kind, loc, name->valuestring, self) > 0) {
		sbx_reply_error(rs, 409, SBX_E_EXISTS, "%s named '%s' already exists in location "
				"'%s'.", k->label, name->valuestring, loc);
		return -1;
	}
	return 0;
}

/* A number of the location, not held by anyone but self. */
static int number_ok(struct sandbox *sb, const char *loc, const char *self, const char *phone,
		     struct sbx_resp *rs)
{
	if (!sbx_check_e164(phone)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "phoneNumber '%s' is not an E.164 number.",
				phone);
		return -1;
	}
	if (sbx_count(sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND location_id = ?2",
		      phone, loc) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "%s is not a number of location '%s'; "
				"add it to the location first.", phone, loc);
		return -1;
	}
	if (sbx_count3(sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND location_id = ?2 "
		       "AND owner_id IS NOT NULL AND owner_id <> coalesce(?3, '')", phone, loc,
		       self) > 0) {
		sbx_reply_error(rs, 409, SBX_E_IN_USE, "%s is already assigned.", phone);
		return -1;
	}
	return 0;
}

static int extension_ok(struct sandbox *sb, const char *loc, const char *self, const char *ext,
			struct sbx_resp *rs)
{
	size_t n = strlen(ext);
	if (n < 2 || n > 10 || strspn(ext, "0123456789") != n) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "extension '%s' must be 2 to 10 digits.", ext);
		return -1;
	}
	if (sbx_count(sb, "SELECT count(*) FROM subscribers WHERE location_id = ?1 AND "
		      "extension = ?2", loc, ext) > 0 ||
	    sbx_count3(sb, "SELECT count(*) FROM queue_features WHERE location_id = ?1 AND extension = ?2 "
		       "AND id <> coalesce(?3, '')", loc, ext, self) > 0) {
		sbx_reply_error(rs, 409, SBX_E_IN_USE, "extension %s is already used in location "
				"'%s'.", ext, loc);
		return -1;
	}
	return 0;
}

/* Alternate numbers of a PUT (hunt group alternateNumbers, queue
 * alternateNumberSettings.alternateNumbers): numbers of the location. */
static int alternates_ok(struct sandbox *sb, const char *loc, const char *self, const cJSON *body,
			 struct sbx_resp *rs)
{
	const cJSON *lists[] = { sbx_fget(body, "alternateNumbers"),
				 sbx_fget(body, "alternateNumberSettings.alternateNumbers") };
	for (int i = 0; i < 2; i++) {
		const cJSON *a;
		cJSON_ArrayForEach(a, lists[i]) {
			const char *p = json_str(a, "phoneNumber");
			if (p == NULL) {
				sbx_reply_error(rs, 400, SBX_E_REQUIRED, "alternateNumbers: phoneNumber "
						"is required.");
				return -1;
			}
			if (number_ok(sb, loc, self, p, rs))
				return -1;
		}
	}
	return 0;
}

/* The identity checks shared by create and update. */
static int identity_ok(struct sandbox *sb, const struct sbx_qfkind *k, const char *loc,
		       const char *self, const cJSON *body, int is_update, struct sbx_resp *rs)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(body, "name");
	const char *phone = json_str(body, "phoneNumber"), *ext = json_str(body, "extension");
	if ((name != NULL || !is_update) && name_ok(sb, k, loc, self, name, rs))
		return -1;
	if (!is_update && phone == NULL && ext == NULL) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "phoneNumber or extension is required.");
		return -1;
	}
	if ((phone && number_ok(sb, loc, self, phone, rs)) ||
	    (ext && extension_ok(sb, loc, self, ext, rs)))
		return -1;
	return alternates_ok(sb, loc, self, body, rs);
}

static int store(struct sandbox *sb, const struct sbx_qfkind *k, const char *id, const char *org,
		 const char *loc, const cJSON *doc, int insert)
{
	char *text = cJSON_PrintUnformatted(doc);
	sqlite3_stmt *st = sbx_prep(sb, insert
		? "INSERT INTO queue_features(id, kind, org_id, location_id, name, phone, extension, doc) "
		  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		: "UPDATE queue_features SET name = ?5, phone = ?6, extension = ?7, doc = ?8 "
		  "WHERE id = ?1 AND kind = ?2 AND org_id = ?3 AND location_id = ?4");
	int ok = 0;
	if (st != NULL) {
		const char *v[] = { id, k->kind, org, loc, json_str(doc, "name"),
				    json_str(doc, "phoneNumber"), json_str(doc, "extension"), text };
		for (int i = 0; i < 8; i++)
			sbx_bind(st, i + 1, v[i]);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	cJSON_free(text);
	if (!ok)
		return -1;
	/* the numbers it holds */
	sbx_exec(sb, "UPDATE numbers SET owner_id = NULL WHERE owner_id = ?1", id, NULL, NULL);
	const char *phone = json_str(doc, "phoneNumber");
	if (phone != NULL)
		sbx_exec(sb, "UPDATE numbers SET owner_id = ?1 WHERE phone = ?2 AND location_id = ?3",
			 id, phone, loc);
	const cJSON *lists[] = { sbx_fget(doc, "alternateNumbers"),
				 sbx_fget(doc, "alternateNumberSettings.alternateNumbers") };
	for (int i = 0; i < 2; i++) {
		const cJSON *a;
		cJSON_ArrayForEach(a, lists[i])
			sbx_exec(sb, "UPDATE numbers SET owner_id = ?1 WHERE phone = ?2 AND "
				 "location_id = ?3", id, json_str_or(a, "phoneNumber", ""), loc);
	}
	return 0;
}

void sbx_qfeature_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			const struct sbx_qfkind *k)
{
	if (sbx_check_body(rq, rs))
		return;
	cJSON *loc = location(sb, rq, rs);
	if (loc == NULL)
		return;
	const char *org = json_str(loc, "orgId");
	if (k->check(sb, rq->body, org, 0, rs) || identity_ok(sb, k, rq->id, NULL, rq->body, 0, rs)) {
		cJSON_Delete(loc);
		return;
	}
	char *id = sbx_new_id(sb, k->id_kind);
	cJSON *doc = cJSON_Duplicate(rq->body, 1);
	sbx_set(doc, "id", cJSON_CreateString(id));
	sbx_set(doc, "locationId", cJSON_CreateString(rq->id));
	sbx_set(doc, "locationName", cJSON_CreateString(json_str_or(loc, "name", "")));
	if (store(sb, k, id, org, rq->id, doc, 1) != 0) {
		sbx_reply_error(rs, 500, SBX_E_SERVER, "The sandbox could not store the %s.", k->label);
	} else {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		sbx_reply_json(rs, k->create_status, o);
	}
	cJSON_Delete(doc);
	cJSON_Delete(loc);
	free(id);
}

/* The item shape of the list endpoints. */
static void list_row(sqlite3_stmt *st, void *items)
{
	cJSON *doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	cJSON *o = cJSON_CreateObject();
	static const char *const keys[] = { "id", "name", "locationName", "locationId",
					    "phoneNumber", "extension" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		json_add_str_opt(o, keys[i], json_str(doc, keys[i]));
	cJSON_AddBoolToObject(o, "enabled", json_bool(doc, "enabled", 1));
	cJSON_AddItemToArray(items, o);
	cJSON_Delete(doc);
}

void sbx_qfeature_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
		      const struct sbx_qfkind *k)
{
	long start, max;
	const char *org = sbx_query(rq, "orgId");
	if (sbx_query_int(rq, rs, "start", 0, 0, 1000000000L, &start) ||
	    sbx_query_int(rq, rs, "max", 2000, 1, 2000, &max))
		return;
	if (org == NULL || sbx_count(sb, "SELECT count(*) FROM customers WHERE org_id = ?1 AND "
				     "status IN ('provisioned', 'provisioned_with_errors', "
				     "'updating')", org, NULL) == 0) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Organization '%s' not found.",
				org ? org : "(none: give ?orgId=)");
		return;
	}
	const struct sbx_filter f[] = {
		{ "kind = ?", k->kind },
		{ "org_id = ?", org },
		{ "location_id = ?", sbx_query(rq, "locationId") },
		{ "instr(lower(name), lower(?)) > 0", sbx_query(rq, "name") },
		{ "phone = ?", sbx_query(rq, "phoneNumber") },
	};
	const struct sbx_list_query q = { "doc", "queue_features", "seq", start, max };
	cJSON *items = cJSON_CreateArray();
	long total = sbx_list(sb, &q, f, 5, list_row, items);
	if (total < 0) {
		cJSON_Delete(items);
		sbx_reply_error(rs, 500, SBX_E_SERVER, "The sandbox could not list %s.", k->items);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, k->items, items);
	sbx_reply_json(rs, 200, o);
	sbx_reply_link_named(rq, rs, "start", start, max, total);
}

void sbx_qfeature_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
		     const struct sbx_qfkind *k)
{
	cJSON *doc = feature(sb, rq, rs, k);
	if (doc != NULL)
		sbx_reply_json(rs, 200, doc);
}

void sbx_qfeature_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			const struct sbx_qfkind *k)
{
	if (sbx_check_body(rq, rs))
		return;
	cJSON *doc = feature(sb, rq, rs, k);
	if (doc == NULL)
		return;
	cJSON *loc = sbx_doc_load(sb, "locations", rq->id);
	const char *org = json_str_or(loc, "orgId", "");
	if (k->check(sb, rq->body, org, 1, rs) == 0 &&
	    identity_ok(sb, k, rq->id, rq->id2, rq->body, 1, rs) == 0) {
		const cJSON *it;
		cJSON_ArrayForEach(it, rq->body)
			if (strcmp(it->string, "id") != 0 && strcmp(it->string, "locationId") != 0)
				sbx_set(doc, it->string, cJSON_Duplicate(it, 1));
		if (store(sb, k, rq->id2, org, rq->id, doc, 0) == 0)
			rs->status = 204;
		else
			sbx_reply_error(rs, 500, SBX_E_SERVER, "The sandbox could not store the %s.",
					k->label);
	}
	cJSON_Delete(loc);
	cJSON_Delete(doc);
}

void sbx_qfeature_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			const struct sbx_qfkind *k)
{
	cJSON *doc = feature(sb, rq, rs, k);
	if (doc == NULL)
		return;
	cJSON_Delete(doc);
	sbx_exec(sb, "DELETE FROM queue_features WHERE id = ?1", rq->id2, NULL, NULL);
	sbx_exec(sb, "DELETE FROM queue_feature_settings WHERE feature_id = ?1", rq->id2, NULL, NULL);
	sbx_exec(sb, "UPDATE numbers SET owner_id = NULL WHERE owner_id = ?1", rq->id2, NULL, NULL);
	rs->status = 204;
}

static const char *setting_name(const struct sbx_req *rq)
{
	const char *slash = strrchr(rq->path, '/');
	return slash ? slash + 1 : rq->path;
}

void sbx_qfeature_setting_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			     const struct sbx_qfkind *k)
{
	cJSON *doc = feature(sb, rq, rs, k);
	if (doc == NULL)
		return;
	cJSON_Delete(doc);
	cJSON *s = NULL;
	sqlite3_stmt *st = sbx_prep(sb, "SELECT doc FROM queue_feature_settings WHERE feature_id = ?1 "
				    "AND name = ?2");
	if (st != NULL) {
		sbx_bind(st, 1, rq->id2);
		sbx_bind(st, 2, setting_name(rq));
		if (sqlite3_step(st) == SQLITE_ROW)
			s = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sbx_reply_json(rs, 200, s ? s : cJSON_CreateObject());
}

void sbx_qfeature_setting_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			     const struct sbx_qfkind *k)
{
	if (sbx_check_body(rq, rs))
		return;
	cJSON *doc = feature(sb, rq, rs, k);
	if (doc == NULL)
		return;
	cJSON_Delete(doc);
	const char *name = setting_name(rq);
	if (k->check_sub != NULL && k->check_sub(name, rq->body, rs))
		return;
	char *text = cJSON_PrintUnformatted(rq->body);
	sbx_exec(sb, "INSERT INTO queue_feature_settings(feature_id, name, doc) VALUES(?1, ?2, ?3) "
		 "ON CONFLICT(feature_id, name) DO UPDATE SET doc = excluded.doc", rq->id2, name, text);
	cJSON_free(text);
	rs->status = 204;
}
