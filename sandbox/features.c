/*
 * features.c — location call features of Webex Calling, at the paths of
 * Cisco's OpenAPI files (all under /v1/telephony/config/):
 *   locations/{id}/schedules                       GET list, POST
 *   locations/{id}/schedules/{type}/{scheduleId}   GET, PUT, DELETE
 *   autoAttendants                                 GET list (org-wide)
 *   locations/{id}/autoAttendants                  POST
 *   locations/{id}/autoAttendants/{id}             GET, PUT, DELETE
 *   locations/{id}/callParks, …/callPickups        GET list, POST
 *   locations/{id}/callParks/{id}, …/callPickups/{id}   GET, PUT, DELETE
 * (an attendant's callForwarding and the location's callParks/settings:
 * feature_settings.c; supervisors: supervisors.c)
 *
 * Every call needs ?orgId= of a provisioned customer owning the location
 * (404 otherwise). Create answers 201 {"id"}; the name is unique per
 * location (per type for schedules): 409 unless --allow-duplicates. The
 * field checks of each kind are in feature_checks.c. Lists take name
 * (exact), locationId (org-wide list), start and max, and page with a
 * Link rel="next".
 */
#include "sandbox/features.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

static const struct sbx_feature_kind kinds[] = {
	{ "schedule", "schedules", "SCHEDULE", sbx_check_schedule },
	{ "autoAttendant", "autoAttendants", "AUTO_ATTENDANT", sbx_check_auto_attendant },
	{ "callPark", "callParks", "CALL_PARK", sbx_check_call_park },
	{ "callPickup", "callPickups", "CALL_PICKUP", sbx_check_call_pickup },
};
enum { K_SCHEDULE, K_AA, K_PARK, K_PICKUP, K_COUNT };

/* The location of the path in ?orgId='s provisioned org: 0, or -1 after a
 * 404 in rs. Fills *loc (owned by the caller). */
static int find_location(struct sandbox *sb, const struct sbx_req *rq, struct sbx_resp *rs,
			 cJSON **loc)
{
	const char *org = sbx_query(rq, "orgId");
	*loc = rq->id ? sbx_doc_load(sb, "locations", rq->id) : NULL;
	if (org == NULL || *loc == NULL || strcmp(org, json_str_or(*loc, "orgId", "")) != 0 ||
	    sbx_count(sb, "SELECT count(*) FROM customers WHERE org_id = ?1 AND status IN "
		      "('provisioned', 'provisioned_with_errors', 'updating')", org, NULL) == 0) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Location '%s' not found in organization "
				"'%s' (a partner names the customer's org with ?orgId=).",
				rq->id ? rq->id : "", org ? org : "(none)");
		cJSON_Delete(*loc);
		*loc = NULL;
		return -1;
	}
	return 0;
}

/* The feature row of kind k with id in location loc, as its document. */
static cJSON *load_feature(struct sandbox *sb, const struct sbx_feature_kind *k, const char *loc,
			   const char *id)
{
	sqlite3_stmt *st = sbx_prep(sb, "SELECT doc FROM features WHERE id = ?1 AND kind = ?2 "
				    "AND location_id = ?3");
	cJSON *doc = NULL;
	if (st == NULL)
		return NULL;
	sbx_bind(st, 1, id);
	sbx_bind(st, 2, k->kind);
	sbx_bind(st, 3, loc);
	if (sqlite3_step(st) == SQLITE_ROW)
		doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return doc;
}

/* 1 (after a 409) when another object of kind has this name (and type) in
 * the location. */
static int name_taken(struct sandbox *sb, const struct sbx_feature_kind *k, const char *loc,
		      const cJSON *doc, const char *self, struct sbx_resp *rs)
{
	if (sb->cfg.allow_duplicates)
		return 0;
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "%s\x1f%s", json_str_or(doc, "type", ""), json_str_or(doc, "name", ""));
	int64_t n = sbx_count3(sb, "SELECT count(*) FROM features WHERE kind = ?1 AND "
			       "location_id = ?2 AND type || char(31) || name = ?3", k->kind, loc,
			       key.buf);
	if (self != NULL)   /* a PUT keeping its own name */
		n -= sbx_count3(sb, "SELECT count(*) FROM features WHERE id = ?1 AND kind = ?2 AND "
				"type || char(31) || name = ?3", self, k->kind, key.buf);
	strbuf_free(&key);
	if (n <= 0)
		return 0;
	sbx_reply_error(rs, 409, SBX_E_EXISTS, "A %s named '%s' already exists in this location.",
			k->kind, json_str_or(doc, "name", ""));
	return 1;
}

static void store(struct sandbox *sb, const struct sbx_feature_kind *k, const char *org,
		  const char *loc, const cJSON *doc, int insert)
{
	char *text = cJSON_PrintUnformatted(doc);
	sqlite3_stmt *st = sbx_prep(sb, insert
		? "INSERT INTO features(id, kind, org_id, location_id, name, type, extension, doc) "
		  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		: "UPDATE features SET name = ?5, type = ?6, extension = ?7, doc = ?8 "
		  "WHERE id = ?1 AND kind = ?2 AND org_id = ?3 AND location_id = ?4");
	if (st != NULL) {
		sbx_bind(st, 1, json_str(doc, "id"));
		sbx_bind(st, 2, k->kind);
		sbx_bind(st, 3, org);
		sbx_bind(st, 4, loc);
		sbx_bind(st, 5, json_str_or(doc, "name", ""));
		sbx_bind(st, 6, json_str_or(doc, "type", ""));
		sbx_bind(st, 7, json_str(doc, "extension"));
		sbx_bind(st, 8, text);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	cJSON_free(text);
}

static void create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs, int which)
{
	const struct sbx_feature_kind *k = &kinds[which];
	cJSON *loc;
	if (sbx_check_body(rq, rs) || find_location(sb, rq, rs, &loc))
		return;
	const char *org = json_str(loc, "orgId");
	struct sbx_feature_ctx fc = { sb, org, rq->id, NULL };
	if (k->check(&fc, rq->body, rs) == 0 && !name_taken(sb, k, rq->id, rq->body, NULL, rs)) {
		char *id = sbx_new_id(sb, k->id_kind);
		cJSON *doc = cJSON_Duplicate(rq->body, 1);
		sbx_set(doc, "id", cJSON_CreateString(id));
		sbx_set(doc, "locationId", cJSON_CreateString(rq->id));
		json_add_str_opt(doc, "locationName", json_str(loc, "name"));
		store(sb, k, org, rq->id, doc, 1);
		sbx_features_claim(&fc, doc, id);
		cJSON *out = cJSON_CreateObject();
		cJSON_AddStringToObject(out, "id", id);
		sbx_reply_json(rs, 201, out);
		cJSON_Delete(doc);
		free(id);
	}
	cJSON_Delete(loc);
}

/* The feature id of the path: the second segment, the third for schedules
 * (whose second is the type, which must match). */
static const char *path_id(const struct sbx_req *rq, int which, const cJSON *doc)
{
	if (which != K_SCHEDULE)
		return rq->id2;
	if (doc != NULL && strcmp(json_str_or(doc, "type", ""), rq->id2 ? rq->id2 : "") != 0)
		return NULL;
	return rq->id3;
}

static cJSON *find_one(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs, int which,
		       cJSON **loc)
{
	if (find_location(sb, rq, rs, loc))
		return NULL;
	const char *id = path_id(rq, which, NULL);
	cJSON *doc = id ? load_feature(sb, &kinds[which], rq->id, id) : NULL;
	if (doc == NULL || path_id(rq, which, doc) == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "%s '%s' not found in location '%s'.",
				kinds[which].kind, id ? id : "", rq->id);
		cJSON_Delete(doc);
		cJSON_Delete(*loc);
		*loc = NULL;
		return NULL;
	}
	return doc;
}

static void get_one(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs, int which)
{
	cJSON *loc, *doc = find_one(sb, rq, rs, which, &loc);
	if (doc == NULL)
		return;
	sbx_reply_json(rs, 200, doc);
	cJSON_Delete(loc);
}

/* PUT: the body's members replace the stored ones; the result is checked
 * as a create would be. 204. */
static void update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs, int which)
{
	const struct sbx_feature_kind *k = &kinds[which];
	cJSON *loc, *doc;
	if (sbx_check_body(rq, rs) || (doc = find_one(sb, rq, rs, which, &loc)) == NULL)
		return;
	const char *org = json_str(loc, "orgId");
	char *id = xstrdup(json_str_or(doc, "id", ""));
	const cJSON *it;
	cJSON_ArrayForEach(it, rq->body)
		if (strcmp(it->string, "id") != 0 && strcmp(it->string, "type") != 0)
			sbx_set(doc, it->string, cJSON_Duplicate(it, 1));
	struct sbx_feature_ctx fc = { sb, org, rq->id, id };
	if (k->check(&fc, doc, rs) == 0 && !name_taken(sb, k, rq->id, doc, id, rs)) {
		sbx_features_release(sb, id);
		store(sb, k, org, rq->id, doc, 0);
		sbx_features_claim(&fc, doc, id);
		rs->status = 204;
	}
	free(id);
	cJSON_Delete(doc);
	cJSON_Delete(loc);
}

static void delete_one(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs, int which)
{
	cJSON *loc, *doc = find_one(sb, rq, rs, which, &loc);
	if (doc == NULL)
		return;
	sbx_features_release(sb, json_str(doc, "id"));
	sbx_exec(sb, "DELETE FROM features WHERE id = ?1 AND kind = ?2", json_str(doc, "id"),
		 kinds[which].kind, NULL);
	sbx_exec(sb, "DELETE FROM queue_feature_settings WHERE feature_id = ?1",
		 json_str(doc, "id"), NULL, NULL);
	rs->status = 204;
	cJSON_Delete(doc);
	cJSON_Delete(loc);
}

struct page {
	cJSON *items;
	int which;
};

static void add_row(sqlite3_stmt *st, void *ctx)
{
	struct page *p = ctx;
	cJSON *doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	cJSON *o = cJSON_CreateObject();
	static const char *const keys[] = { "id", "name", "type", "locationName", "locationId",
					    "phoneNumber", "extension" };
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, keys[i]);
		if (v != NULL)
			cJSON_AddItemToObject(o, keys[i], cJSON_Duplicate(v, 1));
	}
	cJSON_AddItemToArray(p->items, o);
	cJSON_Delete(doc);
}

/* Link rel="next" with start= (the telephony lists page by start/max). */
static void next_link(const struct sbx_req *rq, struct sbx_resp *rs, long start, long max,
		      long total)
{
	if (start + max >= total)
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "<%s%s?", rq->base_url, rq->path);
	for (size_t i = 0; i < rq->nquery; i++) {
		if (strcmp(rq->query[i].key, "start") == 0 || strcmp(rq->query[i].key, "max") == 0)
			continue;
		strbuf_addf(&sb, "%s=", rq->query[i].key);
		for (const char *c = rq->query[i].value; *c; c++)
			if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			    (*c >= '0' && *c <= '9') || strchr("-_.~", *c))
				strbuf_addch(&sb, *c);
			else
				strbuf_addf(&sb, "%%%02X", (unsigned char)*c);
		strbuf_addch(&sb, '&');
	}
	strbuf_addf(&sb, "start=%ld&max=%ld>; rel=\"next\"", start + max, max);
	free(rs->link);
	rs->link = strbuf_detach(&sb);
}

/* A list of one location (org-wide for auto attendants: org = ?orgId). */
static void list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs, int which)
{
	const char *org = sbx_query(rq, "orgId"), *loc_id = rq->id;
	cJSON *loc = NULL;
	if (rq->id != NULL) {
		if (find_location(sb, rq, rs, &loc))
			return;
	} else if (org == NULL || sbx_count(sb, "SELECT count(*) FROM customers WHERE org_id = ?1",
					    org, NULL) == 0) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Organization '%s' not found.",
				org ? org : "(none)");
		return;
	} else {
		loc_id = sbx_query(rq, "locationId");
	}
	long start, max;
	if (sbx_query_int(rq, rs, "start", 0, 0, 1000000000L, &start) ||
	    sbx_query_int(rq, rs, "max", 2000, 1, 2000, &max)) {
		cJSON_Delete(loc);
		return;
	}
	struct sbx_filter f[] = {
		{ "kind = ?", kinds[which].kind },
		{ "org_id = ?", org },
		{ "location_id = ?", loc_id },
		{ "name = ?", sbx_query(rq, "name") },
		{ "type = ?", which == K_SCHEDULE ? sbx_query(rq, "type") : NULL },
	};
	struct page p = { cJSON_CreateArray(), which };
	const struct sbx_list_query q = { "doc", "features", "seq", start, max };
	long total = sbx_list(sb, &q, f, sizeof f / sizeof *f, add_row, &p);
	cJSON *out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, kinds[which].items, p.items);
	sbx_reply_json(rs, 200, out);
	next_link(rq, rs, start, max, total);
	cJSON_Delete(loc);
}

#define HANDLERS(prefix, one, which)                                                        \
	void sbx_##prefix##_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)  \
	{ list(sb, rq, rs, which); }                                                         \
	void sbx_##prefix##_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs) \
	{ create(sb, rq, rs, which); }                                                       \
	void sbx_##one##_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)      \
	{ get_one(sb, rq, rs, which); }                                                      \
	void sbx_##one##_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)   \
	{ update(sb, rq, rs, which); }                                                       \
	void sbx_##one##_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)   \
	{ delete_one(sb, rq, rs, which); }

HANDLERS(schedules, schedule, K_SCHEDULE)
HANDLERS(parks, park, K_PARK)
HANDLERS(pickups, pickup, K_PICKUP)

cJSON *sbx_aa_find(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *loc, *doc = find_one(sb, rq, rs, K_AA, &loc);
	cJSON_Delete(loc);
	return doc;
}

void sbx_aa_org_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	list(sb, rq, rs, K_AA);
}

void sbx_aa_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	create(sb, rq, rs, K_AA);
}

void sbx_aa_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	get_one(sb, rq, rs, K_AA);
}

void sbx_aa_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	update(sb, rq, rs, K_AA);
}

void sbx_aa_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	delete_one(sb, rq, rs, K_AA);
}

void sbx_features_state(struct sandbox *sb, cJSON *counts, cJSON *duplicates)
{
	for (size_t i = 0; i < K_COUNT; i++) {
		if (counts != NULL)
			cJSON_AddNumberToObject(counts, kinds[i].items, (double)sbx_count(sb,
				"SELECT count(*) FROM features WHERE kind = ?1", kinds[i].kind, NULL));
		if (duplicates == NULL)
			continue;
		char name[48];
		snprintf(name, sizeof name, "%s.name", kinds[i].items);
		cJSON_AddNumberToObject(duplicates, name, (double)sbx_count(sb,
			"SELECT count(*) - count(DISTINCT location_id || char(31) || type || char(31) "
			"|| name) FROM features WHERE kind = ?1", kinds[i].kind, NULL));
	}
	sbx_supervisors_state(sb, counts, duplicates);
}

cJSON *sbx_features_items(struct sandbox *sb)
{
	cJSON *out = cJSON_CreateObject();
	for (size_t i = 0; i < K_COUNT; i++) {
		cJSON *arr = cJSON_AddArrayToObject(out, kinds[i].items);
		sqlite3_stmt *st = sbx_prep(sb, "SELECT doc FROM features WHERE kind = ?1 ORDER BY seq");
		if (st == NULL)
			continue;
		sbx_bind(st, 1, kinds[i].kind);
		while (sqlite3_step(st) == SQLITE_ROW)
			cJSON_AddItemToArray(arr, cJSON_Parse((const char *)sqlite3_column_text(st, 0)));
		sqlite3_finalize(st);
	}
	cJSON *sup = cJSON_AddArrayToObject(out, "supervisors");
	sqlite3_stmt *st = sbx_prep(sb, "SELECT doc, org_id FROM supervisors ORDER BY seq");
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		cJSON *doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
		if (doc != NULL)
			cJSON_AddStringToObject(doc, "orgId", (const char *)sqlite3_column_text(st, 1));
		cJSON_AddItemToArray(sup, doc);
	}
	sqlite3_finalize(st);
	return out;
}
