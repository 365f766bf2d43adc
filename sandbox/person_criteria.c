/*
 * person_criteria.c — the criteria of a person's selective forward,
 * accept and reject (webex-calling-features.md §10.2):
 *   POST   /v1/telephony/config/people/{id}/{FEATURE}/criteria        201 {id}
 *   GET    /v1/telephony/config/people/{id}/{FEATURE}/criteria/{cid}  the criterion
 *   PUT    …/criteria/{cid}                                           204
 *   DELETE …/criteria/{cid}                                           204
 * and, in the feature's own GET, the list `criteria` [{id, scheduleName,
 * source, forwardEnabled|acceptEnabled|rejectEnabled}].
 *
 * A body is checked against the OpenAPI schema of its feature (required
 * members, enums, numbers E.164 or extensions); a schedule must be named
 * with its type and level, and a GROUP schedule must exist in the
 * person's location; SELECT_PHONE_NUMBERS must select something. The
 * same criterion twice is a 409 unless the sandbox allows duplicates, and
 * /_sandbox/state counts them. Criteria are kept in person_settings under
 * FEATURE "Criteria" ({"criteria": [full criteria]}).
 */
#include "sandbox/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const SCHED_TYPE[] = { "businessHours", "holidays", NULL };
static const char *const SCHED_LEVEL[] = { "PEOPLE", "GROUP", NULL };
static const char *const FROM_FORWARD[] = { "ANY_PHONE_NUMBER", "SELECT_PHONE_NUMBERS",
					    "ANY_INTERNAL", "ANY_EXTERNAL", NULL };
static const char *const FROM_ACCEPT[] = { "ANY_PHONE_NUMBER", "SELECT_PHONE_NUMBERS", NULL };
static const char *const FROM_REJECT[] = { "ANY_PHONE_NUMBER", "SELECT_PHONE_NUMBERS",
					   "FORWARDED", NULL };

#define B(p) { p, SBX_T_BOOL, 0, NULL }
#define COMMON(from) { "scheduleName", SBX_T_STRING, 0, NULL }, \
	{ "scheduleType", SBX_T_ENUM, 0, SCHED_TYPE }, \
	{ "scheduleLevel", SBX_T_ENUM, 0, SCHED_LEVEL }, { "callsFrom", SBX_T_ENUM, 1, from }, \
	B("anonymousCallersEnabled"), B("unavailableCallersEnabled"), \
	{ "phoneNumbers", SBX_T_ARRAY, 0, NULL }

static const struct sbx_field forward_fields[] = {
	{ "forwardToPhoneNumber", SBX_T_DEST, 1, NULL }, { "sendToVoicemailEnabled", SBX_T_BOOL, 1,
	NULL }, COMMON(FROM_FORWARD), B("forwardEnabled"), { NULL, 0, 0, NULL }
};
static const struct sbx_field accept_fields[] = {
	COMMON(FROM_ACCEPT), { "acceptEnabled", SBX_T_BOOL, 1, NULL }, { NULL, 0, 0, NULL }
};
static const struct sbx_field reject_fields[] = {
	COMMON(FROM_REJECT), { "rejectEnabled", SBX_T_BOOL, 1, NULL }, { NULL, 0, 0, NULL }
};

static const struct fam {
	const char *feature, *flag;
	const struct sbx_field *fields;
} fams[] = {
	{ "selectiveForward", "forwardEnabled", forward_fields },
	{ "selectiveAccept", "acceptEnabled", accept_fields },
	{ "selectiveReject", "rejectEnabled", reject_fields },
};

static const struct fam *fam_named(const char *feature)
{
	for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++)
		if (strcmp(fams[i].feature, feature) == 0)
			return &fams[i];
	return NULL;
}

/* The family of a …/people/{id}/FEATURE/criteria[/…] path. */
static const struct fam *fam_of(const struct sbx_req *rq)
{
	for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++) {
		char seg[64];
		snprintf(seg, sizeof seg, "/%s/criteria", fams[i].feature);
		if (strstr(rq->path, seg) != NULL)
			return &fams[i];
	}
	return NULL;
}

static cJSON *load_list(struct sandbox *sb, const char *person, const struct fam *f)
{
	char key[64];
	snprintf(key, sizeof key, "%sCriteria", f->feature);
	cJSON *doc = sbx_person_settings_load(sb, person, key);
	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "criteria")))
		sbx_set(doc, "criteria", cJSON_CreateArray());
	return doc;
}

static void store_list(struct sandbox *sb, const char *person, const struct fam *f,
		       const cJSON *doc)
{
	char key[64];
	snprintf(key, sizeof key, "%sCriteria", f->feature);
	sbx_person_settings_store(sb, person, key, doc);
}

static int refuse(struct sbx_resp *rs, int code, const char *msg, const char *what)
{
	sbx_reply_error(rs, 400, code, msg, what);
	return -1;
}

/* The schedule members: all three or none; a GROUP schedule of the
 * person's location; no person schedules here. */
static int check_schedule(struct sandbox *sb, const cJSON *b, const cJSON *person,
			  const char *org, struct sbx_resp *rs)
{
	const char *name = json_str(b, "scheduleName"), *type = json_str(b, "scheduleType");
	const char *level = json_str(b, "scheduleLevel");
	if (name == NULL && type == NULL && level == NULL)
		return 0;
	if (name == NULL || type == NULL || level == NULL)
		return refuse(rs, SBX_E_REQUIRED, "%s: scheduleName, scheduleType and "
			      "scheduleLevel go together.", "schedule");
	if (strcmp(level, "PEOPLE") == 0)
		return refuse(rs, SBX_E_REFERENCE, "scheduleName: '%s' is not a schedule of this "
			      "person; create it under /people/{personId}/features/schedules first.",
			      name);
	const cJSON *pp = cJSON_GetObjectItemCaseSensitive(person, "provisioningParameters");
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "%s\x1f%s", type, name);
	int64_t n = sbx_count3(sb, "SELECT count(*) FROM features WHERE kind = 'schedule' AND "
			       "location_id = ?1 AND type || char(31) || name = ?2 AND org_id = ?3",
			       json_str_or(pp, "locationId", ""), key.buf, org);
	strbuf_free(&key);
	if (n == 0)
		return refuse(rs, SBX_E_REFERENCE, "scheduleName: '%s' is not a schedule of that "
			      "type in the person's location; create the location schedule first.",
			      name);
	return 0;
}

static int check_numbers(const cJSON *b, struct sbx_resp *rs)
{
	const cJSON *nums = cJSON_GetObjectItemCaseSensitive(b, "phoneNumbers"), *n;
	const char *from = json_str_or(b, "callsFrom", "");
	int select = strcmp(from, "SELECT_PHONE_NUMBERS") == 0;
	if (!select && cJSON_GetArraySize(nums) > 0)
		return refuse(rs, SBX_E_FORMAT, "phoneNumbers: only with callsFrom "
			      "SELECT_PHONE_NUMBERS, not %s.", from);
	cJSON_ArrayForEach(n, nums) {
		const char *s = cJSON_IsString(n) ? n->valuestring : "";
		size_t len = strlen(s), d = strspn(s, "0123456789");
		if (!sbx_check_e164(s) && !(len >= 2 && len <= 10 && d == len))
			return refuse(rs, SBX_E_FORMAT, "phoneNumbers: '%s' is neither an E.164 "
				      "number (+15551234567) nor an extension.", s);
	}
	if (select && cJSON_GetArraySize(nums) == 0 && !json_bool(b, "anonymousCallersEnabled", 0) &&
	    !json_bool(b, "unavailableCallersEnabled", 0))
		return refuse(rs, SBX_E_REQUIRED, "%s: SELECT_PHONE_NUMBERS needs phoneNumbers or "
			      "anonymous or unavailable callers.", "callsFrom");
	return 0;
}

/* The person (caller deletes) and family, the body checked; NULL after a reply. */
static cJSON *begin(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
		    const struct fam **f, int with_body)
{
	*f = fam_of(rq);
	cJSON *person = sbx_person_begin(sb, rq, rs, *f ? sbx_feature_named((*f)->feature) : NULL);
	if (person == NULL || !with_body)
		return person;
	if (sbx_check_fields((*f)->fields, rq->body, "", rs) ||
	    check_schedule(sb, rq->body, person, sbx_query(rq, "orgId"), rs) ||
	    check_numbers(rq->body, rs)) {
		cJSON_Delete(person);
		return NULL;
	}
	return person;
}

/* The criterion with the same conditions as body (other than skip), or NULL. */
static const cJSON *same_as(const cJSON *list, const cJSON *body, const cJSON *skip)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, list) {
		if (c == skip)
			continue;
		cJSON *a = cJSON_Duplicate(c, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(a, "id");
		int same = cJSON_Compare(a, body, 1);
		cJSON_Delete(a);
		if (same)
			return c;
	}
	return NULL;
}

void sbx_person_criteria_add(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const struct fam *f;
	cJSON *person = begin(sb, rq, rs, &f, 1);
	if (person == NULL)
		return;
	cJSON_Delete(person);
	cJSON *doc = load_list(sb, rq->id, f);
	cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "criteria");
	const cJSON *dup = same_as(list, rq->body, NULL);
	if (dup != NULL && !sb->cfg.allow_duplicates) {
		sbx_reply_error(rs, 409, SBX_E_EXISTS, "The person already has this criterion "
				"(%s); find it with GET /telephony/config/people/{personId}/%s.",
				json_str_or(dup, "id", "?"), f->feature);
		cJSON_Delete(doc);
		return;
	}
	char *id = sbx_new_id(sb, "CRITERIA");
	cJSON *c = cJSON_Duplicate(rq->body, 1);
	cJSON_AddStringToObject(c, "id", id);
	cJSON_AddItemToArray(list, c);
	store_list(sb, rq->id, f, doc);
	cJSON_Delete(doc);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	free(id);
	sbx_reply_json(rs, 201, o);
}

/* The index of criterion rq->id2 in list, or -1 after a 404. */
static int find(const cJSON *list, const struct sbx_req *rq, struct sbx_resp *rs)
{
	int i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, list) {
		if (rq->id2 != NULL && strcmp(json_str_or(c, "id", ""), rq->id2) == 0)
			return i;
		i++;
	}
	sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Criterion '%s' not found for this person.",
			rq->id2 ? rq->id2 : "");
	return -1;
}

static void one(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs, int method)
{
	const struct fam *f;
	cJSON *person = begin(sb, rq, rs, &f, method == 'P');
	if (person == NULL)
		return;
	cJSON_Delete(person);
	cJSON *doc = load_list(sb, rq->id, f);
	cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "criteria");
	int i = find(list, rq, rs);
	if (i >= 0 && method == 'G') {
		sbx_reply_json(rs, 200, cJSON_Duplicate(cJSON_GetArrayItem(list, i), 1));
	} else if (i >= 0 && method == 'D') {
		cJSON_DeleteItemFromArray(list, i);
		store_list(sb, rq->id, f, doc);
		rs->status = 204;
	} else if (i >= 0) {
		cJSON *c = cJSON_Duplicate(rq->body, 1);
		cJSON_AddStringToObject(c, "id", rq->id2);
		cJSON_ReplaceItemInArray(list, i, c);
		store_list(sb, rq->id, f, doc);
		rs->status = 204;
	}
	cJSON_Delete(doc);
}

void sbx_person_criterion_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	one(sb, rq, rs, 'G');
}

void sbx_person_criterion_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	one(sb, rq, rs, 'P');
}

void sbx_person_criterion_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	one(sb, rq, rs, 'D');
}

static const char *source_of(const char *calls_from)
{
	if (strcmp(calls_from, "ANY_PHONE_NUMBER") == 0)
		return "ALL_NUMBERS";
	if (strcmp(calls_from, "SELECT_PHONE_NUMBERS") == 0)
		return "SPECIFIC_NUMBERS";
	return calls_from;
}

void sbx_person_criteria_summary(struct sandbox *sb, const char *person, const char *feature,
				 cJSON *doc)
{
	const struct fam *f = fam_named(feature);
	if (f == NULL)
		return;
	cJSON *all = load_list(sb, person, f), *out = cJSON_CreateArray();
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(all, "criteria")) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "id", json_str_or(c, "id", ""));
		json_add_str_opt(s, "scheduleName", json_str(c, "scheduleName"));
		cJSON_AddStringToObject(s, "source", source_of(json_str_or(c, "callsFrom", "")));
		cJSON_AddBoolToObject(s, f->flag, json_bool(c, f->flag, 1));
		cJSON_AddItemToArray(out, s);
	}
	cJSON_Delete(all);
	sbx_set(doc, "criteria", out);
}

void sbx_person_criteria_state(struct sandbox *sb, cJSON *duplicates)
{
	/* a criterion whose conditions another of the same person and feature has */
	cJSON_AddNumberToObject(duplicates, "criteria", (double)sbx_count(sb,
		"SELECT count(*) - count(DISTINCT p.person_id || char(31) || p.feature || "
		"char(31) || json_remove(j.value, '$.id')) FROM person_settings p, "
		"json_each(p.doc, '$.criteria') j WHERE p.feature LIKE '%Criteria'", NULL, NULL));
}
