/*
 * feature_settings.c — two settings of the location call features, at
 * the paths of Cisco's OpenAPI files (under /v1/telephony/config/):
 *   locations/{id}/autoAttendants/{autoAttendantId}/callForwarding  GET, PUT
 *   locations/{id}/callParks/settings                               GET, PUT
 *
 * A PUT is checked as a real server would (the members and enums of
 * ModifyAutoAttendantCallForwardSettingsObject and
 * ModifyCallParkSettingsObject; a member the schema does not have is a
 * 400, so a body written for another feature's forwarding is caught) and
 * stored in queue_feature_settings under the attendant's or location's
 * id. 204. A GET answers the stored settings or Webex's defaults.
 */
#include "sandbox/features.h"

#include <stdlib.h>
#include <string.h>

static int fail(struct sbx_resp *rs, int code, const char *msg, const char *what)
{
	sbx_reply_error(rs, 400, code, msg, what);
	return -1;
}

static int only_members(const cJSON *o, const char *const *allowed, const char *where,
			struct sbx_resp *rs)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, o) {
		size_t i = 0;
		while (allowed[i] != NULL && strcmp(allowed[i], m->string) != 0)
			i++;
		if (allowed[i] == NULL) {
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "%s.%s is not a member of this "
					"setting.", where, m->string);
			return -1;
		}
	}
	return 0;
}

/* always / selective: {enabled, destination (when enabled),
 * ringReminderEnabled, sendToVoicemailEnabled} */
static int check_rule(const cJSON *o, const char *where, struct sbx_resp *rs)
{
	static const char *const members[] = { "enabled", "destination", "ringReminderEnabled",
					       "sendToVoicemailEnabled", NULL };
	if (o == NULL)
		return 0;
	if (!cJSON_IsObject(o))
		return fail(rs, SBX_E_FORMAT, "callForwarding.%s must be an object.", where);
	if (only_members(o, members, where, rs))
		return -1;
	const cJSON *m;
	cJSON_ArrayForEach(m, o)
		if (strcmp(m->string, "destination") != 0 && !cJSON_IsBool(m))
			return fail(rs, SBX_E_FORMAT, "callForwarding.%s: flags must be true or "
				    "false.", where);
	const cJSON *dest = cJSON_GetObjectItemCaseSensitive(o, "destination");
	if (dest != NULL && (!cJSON_IsString(dest) || dest->valuestring[0] == '\0' ||
			     strspn(dest->valuestring, "+0123456789") != strlen(dest->valuestring)))
		return fail(rs, SBX_E_FORMAT, "callForwarding.%s.destination must be a phone "
			    "number or extension.", where);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "enabled")) && dest == NULL)
		return fail(rs, SBX_E_REQUIRED, "callForwarding.%s.destination is required when "
			    "enabled is true.", where);
	return 0;
}

static void store(struct sandbox *sb, const char *owner, const char *name, const cJSON *doc)
{
	char *text = cJSON_PrintUnformatted(doc);
	sbx_exec(sb, "INSERT INTO queue_feature_settings(feature_id, name, doc) VALUES(?1, ?2, ?3) "
		 "ON CONFLICT(feature_id, name) DO UPDATE SET doc = excluded.doc", owner, name, text);
	cJSON_free(text);
}

static cJSON *stored(struct sandbox *sb, const char *owner, const char *name)
{
	sqlite3_stmt *st = sbx_prep(sb, "SELECT doc FROM queue_feature_settings WHERE "
				    "feature_id = ?1 AND name = ?2");
	cJSON *doc = NULL;
	if (st == NULL)
		return NULL;
	sbx_bind(st, 1, owner);
	sbx_bind(st, 2, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		doc = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return doc;
}

void sbx_aa_forwarding_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *aa = sbx_aa_find(sb, rq, rs);
	if (aa == NULL)
		return;
	cJSON *doc = stored(sb, json_str(aa, "id"), "callForwarding");
	if (doc == NULL) {
		doc = cJSON_CreateObject();
		cJSON *cf = cJSON_AddObjectToObject(doc, "callForwarding");
		cJSON_AddBoolToObject(cJSON_AddObjectToObject(cf, "always"), "enabled", 0);
		cJSON_AddBoolToObject(cJSON_AddObjectToObject(cf, "selective"), "enabled", 0);
		cJSON_AddArrayToObject(cf, "rules");
	}
	sbx_reply_json(rs, 200, doc);
	cJSON_Delete(aa);
}

void sbx_aa_forwarding_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	static const char *const top[] = { "callForwarding", NULL };
	static const char *const cf_members[] = { "always", "selective", "rules",
						  "operatingModes", NULL };
	cJSON *aa;
	if (sbx_check_body(rq, rs) || (aa = sbx_aa_find(sb, rq, rs)) == NULL)
		return;
	const cJSON *cf = cJSON_GetObjectItemCaseSensitive(rq->body, "callForwarding");
	if (only_members(rq->body, top, "body", rs) == 0) {
		if (!cJSON_IsObject(cf))
			fail(rs, SBX_E_REQUIRED, "%s is required.", "callForwarding");
		else if (only_members(cf, cf_members, "callForwarding", rs) == 0 &&
			 check_rule(cJSON_GetObjectItemCaseSensitive(cf, "always"), "always", rs) == 0 &&
			 check_rule(cJSON_GetObjectItemCaseSensitive(cf, "selective"), "selective",
				    rs) == 0) {
			store(sb, json_str(aa, "id"), "callForwarding", rq->body);
			rs->status = 204;
		}
	}
	cJSON_Delete(aa);
}

/* ---- callParks/settings ---- */

/* The location of the path in ?orgId='s org: its org id (owned), or NULL
 * after a 404. */
static char *location_org(struct sandbox *sb, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *org = sbx_query(rq, "orgId");
	cJSON *loc = rq->id ? sbx_doc_load(sb, "locations", rq->id) : NULL;
	char *out = NULL;
	if (org != NULL && loc != NULL && strcmp(org, json_str_or(loc, "orgId", "")) == 0)
		out = xstrdup(org);
	else
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Location '%s' not found in organization "
				"'%s'.", rq->id ? rq->id : "", org ? org : "(none)");
	cJSON_Delete(loc);
	return out;
}

static int check_seconds(const cJSON *o, const char *name, struct sbx_resp *rs)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (v == NULL || (cJSON_IsNumber(v) && v->valuedouble >= 30 && v->valuedouble <= 600))
		return 0;
	return fail(rs, SBX_E_FORMAT, "callParkSettings.%s must be 30-600 seconds.", name);
}

static int check_park_settings(struct sandbox *sb, const struct sbx_req *rq, const cJSON *body,
			       struct sbx_resp *rs)
{
	static const char *const top[] = { "callParkRecall", "callParkSettings", NULL };
	static const char *const recall_m[] = { "option", "huntGroupId", NULL };
	static const char *const settings_m[] = { "ringPattern", "recallTime", "huntWaitTime", NULL };
	static const char *const options[] = { "ALERT_PARKING_USER_ONLY",
		"ALERT_PARKING_USER_FIRST_THEN_HUNT_GROUP", "ALERT_HUNT_GROUP_ONLY", NULL };
	static const char *const rings[] = { "NORMAL", "LONG_LONG", "SHORT_SHORT_LONG",
					     "SHORT_LONG_SHORT", NULL };
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(body, "callParkRecall");
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(body, "callParkSettings");
	if (only_members(body, top, "body", rs) || only_members(r, recall_m, "callParkRecall", rs) ||
	    only_members(s, settings_m, "callParkSettings", rs))
		return -1;
	if (r != NULL) {
		const char *opt = json_str(r, "option"), *hg = json_str(r, "huntGroupId");
		size_t i = 0;
		while (opt != NULL && options[i] != NULL && strcmp(options[i], opt) != 0)
			i++;
		if (opt == NULL || options[i] == NULL)
			return fail(rs, SBX_E_ENUM, "callParkRecall.option must be one of %s.",
				    "ALERT_PARKING_USER_ONLY, ALERT_PARKING_USER_FIRST_THEN_HUNT_GROUP, "
				    "ALERT_HUNT_GROUP_ONLY");
		if (strcmp(opt, "ALERT_PARKING_USER_ONLY") != 0 && hg == NULL)
			return fail(rs, SBX_E_REQUIRED, "callParkRecall.huntGroupId is required for "
				    "%s.", opt);
		if (hg != NULL && sbx_count(sb, "SELECT count(*) FROM queue_features WHERE id = ?1 "
					    "AND kind = 'huntGroups' AND location_id = ?2", hg,
					    rq->id) == 0)
			return fail(rs, SBX_E_REFERENCE, "callParkRecall.huntGroupId '%s' is not a "
				    "hunt group of this location.", hg);
	}
	if (s != NULL) {
		const char *rp = json_str(s, "ringPattern");
		size_t i = 0;
		while (rp != NULL && rings[i] != NULL && strcmp(rings[i], rp) != 0)
			i++;
		if (rp == NULL || rings[i] == NULL)
			return fail(rs, SBX_E_ENUM, "callParkSettings.ringPattern must be one of %s.",
				    "NORMAL, LONG_LONG, SHORT_SHORT_LONG, SHORT_LONG_SHORT");
		if (check_seconds(s, "recallTime", rs) || check_seconds(s, "huntWaitTime", rs))
			return -1;
	}
	return 0;
}

void sbx_park_settings_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	char *org = location_org(sb, rq, rs);
	if (org == NULL)
		return;
	cJSON *doc = stored(sb, rq->id, "callParkSettings");
	if (doc == NULL) {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(cJSON_AddObjectToObject(doc, "callParkRecall"), "option",
					"ALERT_PARKING_USER_ONLY");
		cJSON *s = cJSON_AddObjectToObject(doc, "callParkSettings");
		cJSON_AddStringToObject(s, "ringPattern", "NORMAL");
		cJSON_AddNumberToObject(s, "recallTime", 45);
		cJSON_AddNumberToObject(s, "huntWaitTime", 45);
	}
	sbx_reply_json(rs, 200, doc);
	free(org);
}

void sbx_park_settings_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	char *org;
	if (sbx_check_body(rq, rs) || (org = location_org(sb, rq, rs)) == NULL)
		return;
	if (check_park_settings(sb, rq, rq->body, rs) == 0) {
		store(sb, rq->id, "callParkSettings", rq->body);
		rs->status = 204;
	}
	free(org);
}
