/*
 * numbers.c — phone numbers of a location (Webex Calling):
 *   POST   /v1/telephony/config/locations/{id}/numbers   add (201, no body)
 *   PUT    /v1/telephony/config/locations/{id}/numbers   activate or
 *                                                         deactivate (204)
 *   DELETE /v1/telephony/config/locations/{id}/numbers   remove, at most 5
 *                                                         a request (204)
 *   GET    /v1/telephony/config/numbers                  list, filtered by
 *                                                         locationId, orgId …
 *
 * As the real API says, numbers already in the location are ignored on
 * add. A number in another location is a 409 (unless --allow-duplicates):
 * a number lives in one place. As in the real API there is no GET on a
 * location's numbers (405): a client lists them with
 * GET /telephony/config/numbers?locationId=&orgId=, paged by start and max:
 *   {"phoneNumbers": [{"phoneNumber", "state", "numberType", "mainNumber",
 *                      "location": {"id", "name"}, "owner": {"id", "type"}}]}
 */
#include "sandbox/sbx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The location named by the path, and its org; 404 in rs if absent (or
 * not in ?orgId=). Caller frees *org. */
static int find_location(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
			 char **org)
{
	cJSON *doc = sbx_doc_load(sb, "locations", rq->id);
	const char *want = sbx_query(rq, "orgId");
	if (doc == NULL || (want && strcmp(want, json_str_or(doc, "orgId", "")) != 0)) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Location '%s' not found%s%s.", rq->id,
				want ? " in organization " : "", want ? want : "");
		cJSON_Delete(doc);
		return -1;
	}
	*org = xstrdup(json_str_or(doc, "orgId", ""));
	cJSON_Delete(doc);
	return 0;
}

static int check_enum(const cJSON *body, const char *key, const char *const *allowed,
		      struct sbx_resp *rs)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(body, key);
	if (it == NULL)
		return 0;
	for (int i = 0; cJSON_IsString(it) && allowed[i]; i++)
		if (strcmp(it->valuestring, allowed[i]) == 0)
			return 0;
	sbx_reply_error(rs, 400, SBX_E_ENUM, "%s must be one of %s%s%s%s%s.", key, allowed[0],
			allowed[1] ? ", " : "", allowed[1] ? allowed[1] : "",
			allowed[1] && allowed[2] ? ", " : "", allowed[1] && allowed[2] ? allowed[2] : "");
	return -1;
}

/* phoneNumbers: a non-empty array of E.164 strings. */
static const cJSON *check_numbers(const cJSON *body, struct sbx_resp *rs)
{
	const cJSON *nums = cJSON_GetObjectItemCaseSensitive(body, "phoneNumbers");
	if (!cJSON_IsArray(nums) || cJSON_GetArraySize(nums) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "phoneNumbers is required: a non-empty "
				"array of E.164 numbers.");
		return NULL;
	}
	const cJSON *n;
	cJSON_ArrayForEach(n, nums) {
		if (!cJSON_IsString(n) || !sbx_check_e164(n->valuestring)) {
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "phoneNumbers: '%s' is not an E.164 "
					"number such as +12405551212.",
					cJSON_IsString(n) ? n->valuestring : "(not a string)");
			return NULL;
		}
	}
	return nums;
}

/* A number of the request that already lives in another location. */
static int elsewhere(struct sandbox *sb, const cJSON *nums, const char *loc,
		     struct sbx_resp *rs)
{
	if (sb->cfg.allow_duplicates)
		return 0;
	const cJSON *n;
	cJSON_ArrayForEach(n, nums) {
		if (sbx_count(sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND "
			      "location_id <> ?2", n->valuestring, loc) > 0) {
			sbx_reply_error(rs, 409, SBX_E_EXISTS, "phoneNumbers: %s already belongs to "
					"another location; remove it there first.", n->valuestring);
			return 1;
		}
	}
	return 0;
}

static void insert_number(struct sandbox *sb, const char *loc, const char *phone,
			  const char *state, const char *type)
{
	sqlite3_stmt *st = sbx_prep(sb, "INSERT INTO numbers(location_id, phone, state, "
				    "number_type) VALUES(?1, ?2, ?3, ?4)");
	if (st == NULL)
		return;
	sbx_bind(st, 1, loc);
	sbx_bind(st, 2, phone);
	sbx_bind(st, 3, state);
	sbx_bind(st, 4, type);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

void sbx_numbers_add(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	static const char *const types[] = { "DID", "TOLLFREE", "MOBILE", NULL };
	static const char *const states[] = { "ACTIVE", "INACTIVE", NULL };
	static const char *const usages[] = { "NONE", "SERVICE", NULL };
	char *org = NULL;
	const cJSON *nums;
	if (sbx_check_body(rq, rs) || find_location(sb, rq, rs, &org))
		return;
	free(org);
	if ((nums = check_numbers(rq->body, rs)) == NULL ||
	    check_enum(rq->body, "numberType", types, rs) ||
	    check_enum(rq->body, "state", states, rs) ||
	    check_enum(rq->body, "numberUsageType", usages, rs))
		return;
	const char *type = json_str_or(rq->body, "numberType", "DID");
	if (strcmp(type, "MOBILE") == 0 && cJSON_GetArraySize(nums) > 20) {
		sbx_reply_error(rs, 400, SBX_E_LENGTH, "At most 20 mobile numbers can be added "
				"per request.");
		return;
	}
	if (elsewhere(sb, nums, rq->id, rs))
		return;
	const cJSON *n;
	cJSON_ArrayForEach(n, nums) {
		if (sbx_count(sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND "
			      "location_id = ?2", n->valuestring, rq->id) > 0)
			continue;   /* already there: ignored, as the API documents */
		insert_number(sb, rq->id, n->valuestring, json_str_or(rq->body, "state", "ACTIVE"),
			      type);
	}
	rs->status = 201;
}

/* Every number of the request must be in the location; with `assigned`
 * also refuse one that a subscriber holds. */
static int all_here(struct sandbox *sb, const cJSON *nums, const char *loc, int assigned,
		    struct sbx_resp *rs)
{
	const cJSON *n;
	cJSON_ArrayForEach(n, nums) {
		const char *p = n->valuestring;
		if (sbx_count(sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND "
			      "location_id = ?2", p, loc) == 0) {
			sbx_reply_error(rs, 400, SBX_E_REFERENCE, "%s is not a number of location "
					"'%s'.", p, loc);
			return -1;
		}
		if (assigned && sbx_count(sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND "
					  "location_id = ?2 AND owner_id IS NOT NULL", p, loc) > 0) {
			sbx_reply_error(rs, 409, SBX_E_IN_USE, "%s is assigned to a subscriber; "
					"delete the subscriber first.", p);
			return -1;
		}
	}
	return 0;
}

void sbx_numbers_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	static const char *const actions[] = { "ACTIVATE", "DEACTIVATE", NULL };
	char *org = NULL;
	const cJSON *nums;
	if (sbx_check_body(rq, rs) || find_location(sb, rq, rs, &org))
		return;
	free(org);
	if ((nums = check_numbers(rq->body, rs)) == NULL ||
	    check_enum(rq->body, "action", actions, rs))
		return;
	int deactivate = strcmp(json_str_or(rq->body, "action", "ACTIVATE"), "DEACTIVATE") == 0;
	if (deactivate && cJSON_GetArraySize(nums) > 500) {
		sbx_reply_error(rs, 400, SBX_E_LENGTH, "At most 500 numbers can be deactivated "
				"per request.");
		return;
	}
	if (all_here(sb, nums, rq->id, deactivate, rs))
		return;
	const cJSON *n;
	cJSON_ArrayForEach(n, nums)
		sbx_exec(sb, "UPDATE numbers SET state = ?3 WHERE phone = ?1 AND location_id = ?2",
			 n->valuestring, rq->id, deactivate ? "INACTIVE" : "ACTIVE");
	rs->status = 204;
}

void sbx_numbers_remove(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	char *org = NULL;
	const cJSON *nums;
	if (sbx_check_body(rq, rs) || find_location(sb, rq, rs, &org))
		return;
	free(org);
	if ((nums = check_numbers(rq->body, rs)) == NULL)
		return;
	if (cJSON_GetArraySize(nums) > 5) {
		sbx_reply_error(rs, 400, SBX_E_LENGTH, "At most 5 numbers can be removed per "
				"request.");
		return;
	}
	if (all_here(sb, nums, rq->id, 1, rs))
		return;
	const cJSON *n;
	cJSON_ArrayForEach(n, nums)
		sbx_exec(sb, "DELETE FROM numbers WHERE phone = ?1 AND location_id = ?2",
			 n->valuestring, rq->id, NULL);
	rs->status = 204;
}

static cJSON *number_view(sqlite3_stmt *st)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "phoneNumber", (const char *)sqlite3_column_text(st, 0));
	cJSON_AddStringToObject(o, "state", (const char *)sqlite3_column_text(st, 1));
	cJSON_AddStringToObject(o, "numberType", (const char *)sqlite3_column_text(st, 2));
	cJSON_AddBoolToObject(o, "mainNumber", 0);
	cJSON *loc = cJSON_AddObjectToObject(o, "location");
	cJSON_AddStringToObject(loc, "id", (const char *)sqlite3_column_text(st, 3));
	cJSON_AddStringToObject(loc, "name", (const char *)sqlite3_column_text(st, 4));
	if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
		cJSON *owner = cJSON_AddObjectToObject(o, "owner");
		cJSON_AddStringToObject(owner, "id", (const char *)sqlite3_column_text(st, 5));
		cJSON_AddStringToObject(owner, "type", "PEOPLE");
	}
	return o;
}

static void number_row(sqlite3_stmt *st, void *items)
{
	cJSON_AddItemToArray(items, number_view(st));
}

/* GET /telephony/config/numbers: the real API pages with start and max. */
void sbx_numbers_search(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *loc = sbx_query(rq, "locationId");
	long offset, max;
	if (sbx_query_int(rq, rs, "start", 0, 0, 1000000000L, &offset) ||
	    sbx_query_int(rq, rs, "max", 2000, 1, 2000, &max))
		return;
	const struct sbx_filter f[] = {
		{ "n.location_id = ?", loc },
		{ "l.org_id = ?", sbx_query(rq, "orgId") },
		{ "n.phone = ?", sbx_query(rq, "phoneNumber") },
		{ "n.state = ?", sbx_query(rq, "state") },
	};
	const struct sbx_list_query q = {
		"n.phone, n.state, n.number_type, n.location_id, l.name, n.owner_id",
		"numbers n JOIN locations l ON l.id = n.location_id", "n.seq", offset, max
	};
	cJSON *items = cJSON_CreateArray();
	long total = sbx_list(sb, &q, f, 4, number_row, items);
	if (total < 0) {
		cJSON_Delete(items);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "phoneNumbers", items);
	sbx_reply_json(rs, 200, o);
	sbx_reply_link_named(rq, rs, "start", offset, max, total);
}
