/*
 * person_settings.c — a person's call settings (§10 of
 * webex-calling-features.md): GET and PUT of /v1/people/{id}/features/
 * {callForwarding, voicemail, doNotDisturb, callWaiting, callerId} and of
 * /v1/telephony/config/people/{id}/{selectiveForward, selectiveAccept,
 * selectiveReject, singleNumberReach, simultaneousRing} (their criteria:
 * person_criteria.c; the simultaneous ring and caller ID PUTs:
 * person_ring_clid.c),
 * POST of a Single Number Reach number, PUT of the person's alternate
 * numbers and GET /v1/people/{id}/features/numbers.
 *
 * The person is the personId of a provisioned subscriber whose customer's
 * org is ?orgId= (404 otherwise); a feature the subscriber's package does
 * not include is a 400. A PUT merges its members into the stored settings
 * (objects member by member), so a GET shows what the person has now;
 * before any PUT a GET shows Webex's defaults. The settings live in table
 * person_settings, one JSON document per person and feature.
 */
#include "sandbox/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const defaults[][2] = {
	{ "callForwarding", "{\"callForwarding\":{\"always\":{\"enabled\":false,"
	  "\"ringReminderEnabled\":false,\"destinationVoicemailEnabled\":false},\"busy\":"
	  "{\"enabled\":false,\"destinationVoicemailEnabled\":false},\"noAnswer\":{\"enabled\":"
	  "false,\"numberOfRings\":3,\"systemMaxNumberOfRings\":20,\"destinationVoicemailEnabled\":"
	  "false}},\"businessContinuity\":{\"enabled\":false,\"destinationVoicemailEnabled\":false}}" },
	{ "voicemail", "{\"enabled\":true,\"sendAllCalls\":{\"enabled\":false},\"sendBusyCalls\":"
	  "{\"enabled\":true,\"greeting\":\"DEFAULT\"},\"sendUnansweredCalls\":{\"enabled\":true,"
	  "\"greeting\":\"DEFAULT\",\"numberOfRings\":3,\"systemMaxNumberOfRings\":20},"
	  "\"notifications\":{\"enabled\":false},\"transferToNumber\":{\"enabled\":false},"
	  "\"emailCopyOfMessage\":{\"enabled\":false},\"messageStorage\":{\"mwiEnabled\":true,"
	  "\"storageType\":\"INTERNAL\"},\"faxMessage\":{\"enabled\":false}}" },
	{ "doNotDisturb", "{\"enabled\":false,\"ringSplashEnabled\":false,"
	  "\"webexGoOverrideEnabled\":false}" },
	{ "callWaiting", "{\"enabled\":true}" },
	{ "selectiveForward", "{\"enabled\":false,\"ringReminderEnabled\":false,"
	  "\"destinationVoicemailEnabled\":false,\"criteria\":[]}" },
	{ "selectiveAccept", "{\"enabled\":false,\"criteria\":[]}" },
	{ "selectiveReject", "{\"enabled\":false,\"criteria\":[]}" },
	{ "singleNumberReach", "{\"enabled\":false,\"alertAllNumbersForClickToDialCallsEnabled\":"
	  "false,\"numbers\":[]}" },
	{ "numbers", "{\"distinctiveRingEnabled\":false,\"phoneNumbers\":[]}" },
	{ "simultaneousRing", "{\"enabled\":false,\"doNotRingIfOnCallEnabled\":false,"
	  "\"phoneNumbers\":[],\"criteriasEnabled\":false,\"criteria\":[]}" },
	{ "callerId", "{\"selected\":\"DIRECT_LINE\",\"blockInForwardCallsEnabled\":false,"
	  "\"externalCallerIdNamePolicy\":\"DIRECT_LINE\",\"directLineCallerIdName\":"
	  "{\"selection\":\"FIRSTNAME_LASTNAME\"}}" },
};

/* The subscriber document of person rq->id in org ?orgId=, or NULL after
 * a 404. */
static cJSON *person_load(struct sandbox *sb, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *org = sbx_query(rq, "orgId");
	cJSON *doc = NULL;
	sqlite3_stmt *st = sbx_prep(sb, "SELECT s.doc FROM subscribers s JOIN customers c "
				    "ON c.id = s.customer_id WHERE json_extract(s.doc, "
				    "'$.personId') = ?1 AND c.org_id = ?2 AND c.status IN "
				    "('provisioned', 'provisioned_with_errors', 'updating')");
	if (st != NULL && org != NULL) {
		sbx_bind(st, 1, rq->id);
		sbx_bind(st, 2, org);
		if (sqlite3_step(st) == SQLITE_ROW)
			doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (doc == NULL)
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Person '%s' not found in organization "
				"'%s'; give the personId of a subscriber and its customer's orgId.",
				rq->id, org ? org : "(no orgId)");
	return doc;
}

/* 0 when the person's package includes the feature, else a 400. */
static int package_allows(const cJSON *person, const struct sbx_feature *f, struct sbx_resp *rs)
{
	const char *pkg = json_str_or(person, "package", "");
	int ok = strcmp(pkg, "webex_meetings") != 0 &&
		 (strcmp(pkg, "common_area_calling") != 0 || f->common_area);
	if (!ok)
		sbx_reply_error(rs, 400, SBX_E_DEPENDS, "Package '%s' does not include %s; "
				"change the subscriber's package first.", pkg, f->name);
	return ok ? 0 : -1;
}

/* The feature named by the path's last segment. */
static const struct sbx_feature *feature_of(const struct sbx_req *rq)
{
	const char *slash = strrchr(rq->path, '/');
	char name[64];
	snprintf(name, sizeof name, "%s", slash ? slash + 1 : "");
	if (name[0] == '\0' && slash != NULL && slash > rq->path) {   /* trailing slash */
		const char *p = slash - 1;
		while (p > rq->path && *p != '/')
			p--;
		snprintf(name, sizeof name, "%.*s", (int)(slash - p - 1), p + 1);
	}
	return sbx_feature_named(name);
}

cJSON *sbx_person_settings_load(struct sandbox *sb, const char *person, const char *feature)
{
	cJSON *doc = NULL;
	sqlite3_stmt *st = sbx_prep(sb, "SELECT doc FROM person_settings WHERE person_id = ?1 "
				    "AND feature = ?2");
	if (st != NULL) {
		sbx_bind(st, 1, person);
		sbx_bind(st, 2, feature);
		if (sqlite3_step(st) == SQLITE_ROW)
			doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	for (size_t i = 0; doc == NULL && i < sizeof defaults / sizeof defaults[0]; i++)
		if (strcmp(defaults[i][0], feature) == 0)
			doc = cJSON_Parse(defaults[i][1]);
	return doc ? doc : cJSON_CreateObject();
}

void sbx_person_settings_store(struct sandbox *sb, const char *person, const char *feature,
			   const cJSON *doc)
{
	char *text = cJSON_PrintUnformatted(doc);
	sbx_exec(sb, "INSERT OR REPLACE INTO person_settings(person_id, feature, doc) "
		 "VALUES(?1, ?2, ?3)", person, feature, text);
	cJSON_free(text);
}

void sbx_person_settings_merge(cJSON *dst, const cJSON *src)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, src) {
		cJSON *old = cJSON_GetObjectItemCaseSensitive(dst, m->string);
		if (cJSON_IsObject(old) && cJSON_IsObject(m))
			sbx_person_settings_merge(old, m);
		else
			sbx_set(dst, m->string, cJSON_Duplicate(m, 1));
	}
}

/* Person, feature and package checks shared by every handler; the
 * person's document (caller deletes) or NULL after an error reply. */
cJSON *sbx_person_begin(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs,
		    const struct sbx_feature *f)
{
	if (f == NULL) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "No such person feature at %s.", rq->path);
		return NULL;
	}
	cJSON *person = person_load(sb, rq, rs);
	if (person != NULL && package_allows(person, f, rs)) {
		cJSON_Delete(person);
		return NULL;
	}
	return person;
}

/* GET /people/{id}/features/numbers: the primary number first. */
static void add_primary(cJSON *doc, const cJSON *person)
{
	const cJSON *pp = cJSON_GetObjectItemCaseSensitive(person, "provisioningParameters");
	const char *phone = json_str(pp, "primaryPhoneNumber"), *ext = json_str(pp, "extension");
	if (phone == NULL && ext == NULL)
		return;
	cJSON *p = cJSON_CreateObject();
	cJSON_AddBoolToObject(p, "primary", 1);
	json_add_str_opt(p, "directNumber", phone);
	json_add_str_opt(p, "extension", ext);
	cJSON_AddStringToObject(p, "ringPattern", "NORMAL");
	cJSON_InsertItemInArray(cJSON_GetObjectItemCaseSensitive(doc, "phoneNumbers"), 0, p);
}

void sbx_person_setting_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const struct sbx_feature *f = feature_of(rq);
	cJSON *person = sbx_person_begin(sb, rq, rs, f);
	if (person == NULL)
		return;
	cJSON *doc = sbx_person_settings_load(sb, rq->id, f->name);
	if (strcmp(f->name, "numbers") == 0)
		add_primary(doc, person);
	sbx_person_criteria_summary(sb, rq->id, f->name, doc);
	cJSON_Delete(person);
	sbx_reply_json(rs, 200, doc);
}

void sbx_person_setting_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const struct sbx_feature *f = feature_of(rq);
	cJSON *person = sbx_person_begin(sb, rq, rs, f);
	if (person == NULL)
		return;
	if (f->fields != NULL && sbx_check_fields(f->fields, rq->body, "", rs) == 0) {
		cJSON *doc = sbx_person_settings_load(sb, rq->id, f->name);
		sbx_person_settings_merge(doc, rq->body);
		sbx_person_settings_store(sb, rq->id, f->name, doc);
		cJSON_Delete(doc);
		rs->status = 204;
	}
	cJSON_Delete(person);
}
