/*
 * person_lists.c — the person settings that are lists: Single Number
 * Reach numbers (POST one, 201 with its id; a number already on the person
 * is a 409 unless duplicates are allowed) and alternate numbers (PUT with
 * ADD/DELETE actions; each number must be one of the person's org, and
 * the primary number is the subscriber's, not set here). Also what
 * /_sandbox/state shows of person settings.
 */
#include "sandbox/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has_number(const cJSON *list, const char *member, const char *phone)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, list)
		if (strcmp(json_str_or(it, member, ""), phone) == 0)
			return 1;
	return 0;
}

void sbx_person_reach_add(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const struct sbx_feature *f = sbx_feature_named("singleNumberReach");
	cJSON *person = sbx_person_begin(sb, rq, rs, f);
	if (person == NULL)
		return;
	cJSON_Delete(person);
	if (sbx_check_fields(sbx_reach_number_fields, rq->body, "", rs))
		return;
	cJSON *doc = sbx_person_settings_load(sb, rq->id, f->name);
	cJSON *numbers = cJSON_GetObjectItemCaseSensitive(doc, "numbers");
	const char *phone = json_str(rq->body, "phoneNumber");
	if (!sb->cfg.allow_duplicates && has_number(numbers, "phoneNumber", phone)) {
		sbx_reply_error(rs, 409, SBX_E_EXISTS, "Number '%s' is already a single number "
				"reach number of this person; find it with GET "
				"/telephony/config/people/{personId}/singleNumberReach.", phone);
		cJSON_Delete(doc);
		return;
	}
	char *id = sbx_new_id(sb, "SINGLE_NUMBER_REACH");
	cJSON *n = cJSON_CreateObject();
	cJSON_AddStringToObject(n, "id", id);
	cJSON_AddStringToObject(n, "phoneNumber", phone);
	cJSON_AddBoolToObject(n, "enabled", json_bool(rq->body, "enabled", 0));
	cJSON_AddStringToObject(n, "name", json_str(rq->body, "name"));
	cJSON_AddBoolToObject(n, "doNotForwardCallsEnabled",
			      json_bool(rq->body, "doNotForwardCallsEnabled", 0));
	cJSON_AddBoolToObject(n, "answerConfirmationEnabled",
			      json_bool(rq->body, "answerConfirmationEnabled", 0));
	cJSON_AddItemToArray(numbers, n);
	/* Webex turns single number reach on with its first number */
	sbx_set(doc, "enabled", cJSON_CreateTrue());
	sbx_person_settings_store(sb, rq->id, f->name, doc);
	cJSON_Delete(doc);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	free(id);
	sbx_reply_json(rs, 201, o);
}

/* Each entry: fields, not primary, a number of the person's org. */
static int check_entries(struct sandbox *sb, const cJSON *arr, const char *org,
			 struct sbx_resp *rs)
{
	int i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		char where[32];
		snprintf(where, sizeof where, "phoneNumbers[%d]", i++);
		if (sbx_check_fields(sbx_number_entry_fields, e, where, rs))
			return -1;
		if (json_bool(e, "primary", 0)) {
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "%s: the primary number is the "
					"subscriber's; change it with the subscriber.", where);
			return -1;
		}
		const char *num = json_str(e, "directNumber");
		if (sbx_count(sb, "SELECT count(*) FROM numbers n JOIN locations l ON l.id = "
			      "n.location_id WHERE n.phone = ?1 AND l.org_id = ?2", num, org) == 0) {
			sbx_reply_error(rs, 400, SBX_E_REFERENCE, "%s: %s is not a number of "
					"organization '%s'; add it to a location first.", where, num, org);
			return -1;
		}
	}
	return 0;
}

void sbx_person_numbers_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const struct sbx_feature *f = sbx_feature_named("numbers");
	cJSON *person = sbx_person_begin(sb, rq, rs, f);
	if (person == NULL)
		return;
	cJSON_Delete(person);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(rq->body, "phoneNumbers");
	if (sbx_check_fields(sbx_numbers_fields, rq->body, "", rs) ||
	    check_entries(sb, arr, sbx_query(rq, "orgId"), rs))
		return;
	cJSON *doc = sbx_person_settings_load(sb, rq->id, f->name);
	const cJSON *dr = cJSON_GetObjectItemCaseSensitive(rq->body, "distinctiveRingEnabled");
	if (dr != NULL)
		sbx_set(doc, "distinctiveRingEnabled", cJSON_Duplicate(dr, 1));
	cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "phoneNumbers");
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		const char *num = json_str(e, "directNumber");
		for (int i = cJSON_GetArraySize(list) - 1; i >= 0; i--)   /* replace or delete */
			if (strcmp(json_str_or(cJSON_GetArrayItem(list, i), "directNumber", ""),
				   num) == 0)
				cJSON_DeleteItemFromArray(list, i);
		if (strcmp(json_str(e, "action"), "ADD") != 0)
			continue;
		cJSON *n = cJSON_Duplicate(e, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(n, "action");
		if (cJSON_GetObjectItemCaseSensitive(n, "ringPattern") == NULL)
			cJSON_AddStringToObject(n, "ringPattern", "NORMAL");
		cJSON_AddItemToArray(list, n);
	}
	sbx_person_settings_store(sb, rq->id, f->name, doc);
	cJSON_Delete(doc);
	rs->status = 204;
}

/* Rows of (id, label, feature, doc), ordered by id, grouped into
 * [{ID_NAME: id, LABEL_NAME: label, "features": {feature: doc}}]. */
static cJSON *grouped_rows(struct sandbox *sb, const char *sql, const char *id_name,
			   const char *label_name)
{
	cJSON *list = cJSON_CreateArray();
	sqlite3_stmt *st = sbx_prep(sb, sql);
	cJSON *cur = NULL;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (cur == NULL || strcmp(json_str_or(cur, id_name, ""), id) != 0) {
			cur = cJSON_CreateObject();
			cJSON_AddStringToObject(cur, id_name, id);
			cJSON_AddStringToObject(cur, label_name,
						(const char *)sqlite3_column_text(st, 1));
			cJSON_AddObjectToObject(cur, "features");
			cJSON_AddItemToArray(list, cur);
		}
		cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(cur, "features"),
				      (const char *)sqlite3_column_text(st, 2),
				      cJSON_Parse((const char *)sqlite3_column_text(st, 3)));
	}
	sqlite3_finalize(st);
	return list;
}

/* The settings PUT so far, per subscriber with a person id, in creation
 * order: [{personId, email, features: {NAME: doc}}]. */
static cJSON *settings_rows(struct sandbox *sb)
{
	return grouped_rows(sb, "SELECT json_extract(s.doc, '$.personId'), "
			    "json_extract(s.doc, '$.email'), p.feature, p.doc "
			    "FROM subscribers s JOIN person_settings p ON p.person_id = "
			    "json_extract(s.doc, '$.personId') ORDER BY s.seq, p.feature",
			    "personId", "email");
}

/* The same for workspaces: [{workspaceId, displayName, features}]. */
static cJSON *workspace_rows(struct sandbox *sb)
{
	return grouped_rows(sb, "SELECT w.id, json_extract(w.doc, '$.displayName'), "
			    "p.feature, p.doc FROM workspaces w JOIN person_settings p "
			    "ON p.person_id = w.id ORDER BY w.id, p.feature",
			    "workspaceId", "displayName");
}

void sbx_person_state(struct sandbox *sb, cJSON *o, int with_settings)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "counts");
	if (c != NULL)
		cJSON_AddNumberToObject(c, "personSettings", (double)sbx_count(sb,
					"SELECT count(*) FROM person_settings", NULL, NULL));
	cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "duplicates");
	if (d != NULL)
		cJSON_AddNumberToObject(d, "singleNumberReach.phoneNumber", (double)sbx_count(sb,
			"SELECT count(*) - count(DISTINCT p.person_id || char(31) || "
			"json_extract(j.value, '$.phoneNumber')) FROM person_settings p, "
			"json_each(p.doc, '$.numbers') j WHERE p.feature = 'singleNumberReach'",
			NULL, NULL));
	if (d != NULL)
		sbx_person_criteria_state(sb, d);
	if (with_settings) {
		cJSON_AddItemToObject(o, "settings", settings_rows(sb));
		cJSON_AddItemToObject(o, "workspaceSettings", workspace_rows(sb));
	}
}
