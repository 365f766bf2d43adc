/*
 * person_ring_clid.c — a person's simultaneous ring and caller ID
 * (webex-calling-features.md §10.7, §10.6): PUT of
 * /v1/telephony/config/people/{id}/simultaneousRing and of
 * /v1/people/{id}/features/callerId, with the checks those bodies need
 * beyond the field tables of person_schema.c: at most 10 simultaneous ring
 * numbers, each an E.164 number or an extension; `customNumber` when the
 * caller ID is CUSTOM, `customName` when the name is CUSTOM_NAME,
 * `customExternalCallerIdName` when the external name is OTHER. GETs are
 * person_settings.c's (Webex's defaults before any PUT); an unknown person
 * is a 404 and a package without the feature a 400 there and here.
 */
#include "sandbox/person.h"

#include <stdio.h>
#include <string.h>

#define SIMRING_MAX 10

static const char *const SELECTED[] = { "DIRECT_LINE", "LOCATION_NUMBER", "CUSTOM", NULL };
static const char *const NAME_SELECTION[] = { "CUSTOM_NAME", "FIRSTNAME_LASTNAME",
					      "LASTNAME_FIRSTNAME", "DISPLAY_NAME", NULL };
static const char *const EXTERNAL_NAME[] = { "DIRECT_LINE", "LOCATION", "OTHER", NULL };

static const struct sbx_field simring_number_fields[] = {
	{ "phoneNumber", SBX_T_DEST, 1, NULL },
	{ "answerConfirmationEnabled", SBX_T_BOOL, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sbx_field simring_fields[] = {
	{ "enabled", SBX_T_BOOL, 0, NULL },
	{ "doNotRingIfOnCallEnabled", SBX_T_BOOL, 0, NULL },
	{ "phoneNumbers", SBX_T_ARRAY, 0, NULL },
	{ "criteriasEnabled", SBX_T_BOOL, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct sbx_field callerid_fields[] = {
	{ "selected", SBX_T_ENUM, 1, SELECTED },
	{ "customNumber", SBX_T_E164, 0, NULL },
	{ "firstName", SBX_T_STRING, 0, NULL },
	{ "lastName", SBX_T_STRING, 0, NULL },
	{ "blockInForwardCallsEnabled", SBX_T_BOOL, 0, NULL },
	{ "externalCallerIdNamePolicy", SBX_T_ENUM, 0, EXTERNAL_NAME },
	{ "customExternalCallerIdName", SBX_T_STRING, 0, NULL },
	{ "additionalExternalCallerIdDirectLineEnabled", SBX_T_BOOL, 0, NULL },
	{ "additionalExternalCallerIdLocationNumberEnabled", SBX_T_BOOL, 0, NULL },
	{ "additionalExternalCallerIdCustomNumber", SBX_T_E164, 0, NULL },
	{ "directLineCallerIdName", SBX_T_OBJECT, 0, NULL },
	{ "directLineCallerIdName.selection", SBX_T_ENUM, 0, NAME_SELECTION },
	{ "directLineCallerIdName.customName", SBX_T_STRING, 0, NULL },
	{ "dialByFirstName", SBX_T_STRING, 0, NULL },
	{ "dialByLastName", SBX_T_STRING, 0, NULL },
	{ NULL, 0, 0, NULL },
};

/* The person and feature checks, then the body's fields; 0 to go on. */
static int begin(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
		 const char *feature, const struct sbx_field *fields)
{
	cJSON *person = sbx_person_begin(sb, rq, rs, sbx_feature_named(feature));
	if (person == NULL)
		return -1;
	cJSON_Delete(person);
	return sbx_check_fields(fields, rq->body, "", rs);
}

static void store(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
		  const char *feature)
{
	cJSON *doc = sbx_person_settings_load(sb, rq->id, feature);
	sbx_person_settings_merge(doc, rq->body);
	sbx_person_settings_store(sb, rq->id, feature, doc);
	cJSON_Delete(doc);
	rs->status = 204;
}

void sbx_person_simring_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (begin(sb, rq, rs, "simultaneousRing", simring_fields))
		return;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(rq->body, "phoneNumbers");
	if (cJSON_GetArraySize(arr) > SIMRING_MAX) {
		sbx_reply_error(rs, 400, SBX_E_LENGTH, "phoneNumbers: at most %d numbers ring "
				"simultaneously; %d given.", SIMRING_MAX, cJSON_GetArraySize(arr));
		return;
	}
	int i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		char where[32];
		snprintf(where, sizeof where, "phoneNumbers[%d]", i++);
		if (sbx_check_fields(simring_number_fields, e, where, rs))
			return;
	}
	store(sb, rq, rs, "simultaneousRing");
}

/* A member that another member's value makes required. */
static int needs(const cJSON *obj, const char *member, const char *value, const char *what,
		 const char *where, struct sbx_resp *rs)
{
	const char *v = json_str(obj, member);
	if (v == NULL || strcmp(v, value) != 0)
		return 0;
	const char *s = json_str(obj, what);
	if (s != NULL && *s)
		return 0;
	sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%s%s is required when %s%s is %s.", where, what,
			where, member, value);
	return -1;
}

void sbx_person_callerid_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (begin(sb, rq, rs, "callerId", callerid_fields))
		return;
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(rq->body, "directLineCallerIdName");
	if (needs(rq->body, "selected", "CUSTOM", "customNumber", "", rs) ||
	    needs(rq->body, "externalCallerIdNamePolicy", "OTHER", "customExternalCallerIdName",
		  "", rs) ||
	    needs(name, "selection", "CUSTOM_NAME", "customName", "directLineCallerIdName.", rs))
		return;
	store(sb, rq, rs, "callerId");
	/* Webex shows a custom number only while CUSTOM is selected */
	if (strcmp(json_str_or(rq->body, "selected", ""), "CUSTOM") != 0) {
		cJSON *doc = sbx_person_settings_load(sb, rq->id, "callerId");
		cJSON_DeleteItemFromObjectCaseSensitive(doc, "customNumber");
		sbx_person_settings_store(sb, rq->id, "callerId", doc);
		cJSON_Delete(doc);
	}
}
