/*
 * build_park_pickup.c — BroadWorks call park and call pickup groups ->
 * `call_park` (POST …/callParks) and `call_pickup` (POST …/callPickups)
 * entries keyed ENT/GRP#NAME (spec webex-calling-features.md §7, §8).
 *
 * Members become references to the migrated people's person ids; a member
 * that is not migrated as a person of the same location is left out with
 * a finding. A park group's recall to a hunt group references the hunt
 * group's entry. The group-wide call park settings (`call_park_settings`
 * record) become a feature_setting `ENT/GRP#callParkSettings` (PUT
 * …/callParks/settings) for a location that has call park groups.
 */
#include "transform/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 80   /* both APIs: name at most 80 characters */

/* agents[] of entry x from the record's members; x depends on each
 * member's subscriber entry (the person id is known once it is done). */
static void add_members(const struct tx_feat *fc, struct tx_grp *g, const cJSON *rec,
			const char *obj, cJSON *x)
{
	cJSON *agents = cJSON_AddArrayToObject(cJSON_GetObjectItem(x, "body"), "agents");
	const cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(rec, "members")) {
		if (!cJSON_IsString(m))
			continue;
		cJSON *r = tx_feat_person(fc, g, m->valuestring, rec, obj);
		if (r == NULL)
			continue;
		cJSON_AddItemToArray(agents, r);
		char dep[600];
		snprintf(dep, sizeof dep, "%s", json_str(r, "$ref"));
		*strchr(dep, '#') = '\0';
		cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(dep));
	}
}

/* The entry skeleton; NULL (after a finding) when the name cannot be used. */
static cJSON *start(const struct tx_feat *fc, struct tx_grp *g, const cJSON *rec,
		    const char *kind, const char *suffix, char *obj, size_t obj_len)
{
	snprintf(obj, obj_len, "%s:%s", kind, json_str(rec, "key"));
	const char *name = json_str(rec, "name");
	if (name == NULL || strlen(name) > NAME_MAX_LEN) {
		tx_finding(fc->c->f, TX_ERROR, "feature_name_invalid", obj, rec,
			   "rename it in BroadWorks (at most 80 characters) or create it by hand",
			   "%s has no name or a name longer than %d characters",
			   strcmp(kind, "call_park") == 0 ? "call park" : "call pickup", NAME_MAX_LEN);
		return NULL;
	}
	cJSON *x = tx_feat_entry(fc, g, kind, json_str(rec, "key"), rec, suffix, suffix, name);
	cJSON_AddStringToObject(cJSON_GetObjectItem(x, "body"), "name", name);
	return x;
}

/* recall {option, huntGroupId} from recallTo / recallAlternateUserId. */
static void recall(const struct tx_feat *fc, const cJSON *rec, const char *obj, cJSON *x)
{
	cJSON *r = cJSON_AddObjectToObject(cJSON_GetObjectItem(x, "body"), "recall");
	const char *to = json_str_or(rec, "recallTo", "Parking User Only");
	const char *alt = json_str(rec, "recallAlternateUserId");
	const char *opt = "ALERT_PARKING_USER_ONLY";
	if (strcmp(to, "Parking User Then Alternate User") == 0)
		opt = "ALERT_PARKING_USER_FIRST_THEN_HUNT_GROUP";
	else if (strcmp(to, "Alternate User Only") == 0)
		opt = "ALERT_HUNT_GROUP_ONLY";
	if (strcmp(opt, "ALERT_PARKING_USER_ONLY") != 0) {
		char hk[600];
		snprintf(hk, sizeof hk, "hunt_group:%s/%s/%s", fc->e->id, json_str_or(rec, "group", ""),
			 alt ? alt : "");
		if (alt == NULL || tx_map_get(&fc->e->index, hk) == NULL) {
			tx_finding(fc->c->f, TX_WARNING, "park_recall_target_missing", obj, rec,
				   "set the recall hunt group by hand after the load", "parked calls "
				   "recall to \"%s\", which is not a hunt group in the export; they "
				   "recall to the parking user only", alt ? alt : "(none)");
			opt = "ALERT_PARKING_USER_ONLY";
		} else {
			cJSON *ref = cJSON_AddObjectToObject(r, "huntGroupId");
			cJSON_AddStringToObject(ref, "$ref", hk);
			cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(hk));
		}
	}
	cJSON_AddItemToObjectCS(r, "option", cJSON_CreateString(opt));
}

static int plan_park(const struct tx_feat *fc, const cJSON *rec)
{
	struct tx_grp *g = tx_feat_group(fc, rec);
	char obj[400];
	cJSON *x = g ? start(fc, g, rec, "call_park", "callParks", obj, sizeof obj) : NULL;
	if (x == NULL)
		return BWM_OK;
	recall(fc, rec, obj, x);
	add_members(fc, g, rec, obj, x);
	/* BroadWorks parks calls on the group's users themselves */
	cJSON_AddBoolToObject(cJSON_GetObjectItem(x, "body"), "parkOnAgentsEnabled", 1);
	return tx_feat_emit(fc, g, x);
}

static int plan_pickup(const struct tx_feat *fc, const cJSON *rec)
{
	struct tx_grp *g = tx_feat_group(fc, rec);
	char obj[400];
	cJSON *x = g ? start(fc, g, rec, "call_pickup", "callPickups", obj, sizeof obj) : NULL;
	if (x == NULL)
		return BWM_OK;
	add_members(fc, g, rec, obj, x);
	return tx_feat_emit(fc, g, x);
}

/* BroadWorks seconds in Webex's 30-600 range (a finding when clamped). */
static int park_seconds(const struct tx_feat *fc, const cJSON *rec, const char *obj,
			const char *name, const char *what)
{
	int v = (int)json_num(rec, name, 120);
	int w = v < 30 ? 30 : v > 600 ? 600 : v;
	if (w != v)
		tx_finding(fc->c->f, TX_WARNING, "park_timer_clamped", obj, rec, "check the "
			   "timer in Control Hub", "%s of %d s is outside Webex's 30-600 s; "
			   "it becomes %d s", what, v, w);
	return w;
}

/* Has group g a call park group of its own in the export? */
static int has_park(const struct tx_feat *fc, const struct tx_grp *g)
{
	size_t n;
	cJSON **recs = tx_feat_records(fc->e, "call_park", &n);
	int found = 0;
	for (size_t i = 0; i < n && !found; i++)
		found = strcmp(json_str_or(recs[i], "group", ""), g->id) == 0;
	free(recs);
	return found;
}

static void plan_park_settings(const struct tx_feat *fc, const cJSON *rec)
{
	struct tx_grp *g = tx_feat_group(fc, rec);
	char obj[400], key[600];
	snprintf(obj, sizeof obj, "call_park_settings:%s", json_str_or(rec, "key", ""));
	if (g == NULL)
		return;
	if (!has_park(fc, g)) {
		tx_finding(fc->c->f, TX_INFO, "park_settings_unused", obj, rec, "nothing to do",
			   "the group has no call park group in the export; its call park "
			   "settings are not needed in Webex");
		return;
	}
	snprintf(key, sizeof key, "%s#callParkSettings", g->key);
	cJSON *body = tx_feat_setting(fc, g, key, "/telephony/config/locations/{locationId}/"
				      "callParks/settings", NULL, rec);
	cJSON *x = cJSON_GetArrayItem(fc->settings, cJSON_GetArraySize(fc->settings) - 1);
	/* the recall options are those of a park group's create (recall()) */
	cJSON *tmp = cJSON_CreateObject();
	cJSON_AddItemToObject(tmp, "depends", cJSON_CreateArray());
	cJSON_AddItemToObject(tmp, "body", cJSON_CreateObject());
	recall(fc, rec, obj, tmp);
	cJSON *r = cJSON_DetachItemFromObject(cJSON_GetObjectItem(tmp, "body"), "recall");
	cJSON_AddItemToObject(body, "callParkRecall", r);
	cJSON *d;
	cJSON_ArrayForEach(d, cJSON_GetObjectItem(tmp, "depends"))
		cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(d->valuestring));
	cJSON_Delete(tmp);
	cJSON *s = cJSON_AddObjectToObject(body, "callParkSettings");
	const char *rp = tx_ring_pattern(json_str(rec, "recallRingPattern"));
	cJSON_AddStringToObject(s, "ringPattern", rp != NULL ? rp : "NORMAL");
	cJSON_AddNumberToObject(s, "recallTime", park_seconds(fc, rec, obj, "recallTimerSeconds",
							      "the recall timer"));
	cJSON_AddNumberToObject(s, "huntWaitTime", park_seconds(fc, rec, obj,
				"alternateUserRecallTimerSeconds", "the alternate user recall timer"));
	if (json_bool(rec, "enableDestinationAnnouncement", 0))
		tx_finding(fc->c->f, TX_WARNING, "park_setting_not_migrated", obj, rec,
			   "tell users that Webex does not announce the park destination",
			   "the park destination announcement has no Webex counterpart; left out");
	if (cJSON_IsNumber(cJSON_GetObjectItem(rec, "displayTimerSeconds")))
		tx_finding(fc->c->f, TX_INFO, "park_setting_not_migrated", obj, rec, "nothing to do",
			   "the display timer (%d s) has no Webex counterpart; phones show the "
			   "park destination for their own time", (int)json_num(rec,
			   "displayTimerSeconds", 0));
}

int tx_plan_park_pickup(const struct tx_feat *fc)
{
	size_t n;
	int rc = BWM_OK;
	cJSON **recs = tx_feat_records(fc->e, "call_park", &n);
	for (size_t i = 0; rc == BWM_OK && i < n; i++)
		rc = plan_park(fc, recs[i]);
	free(recs);
	recs = tx_feat_records(fc->e, "call_pickup", &n);
	for (size_t i = 0; rc == BWM_OK && i < n; i++)
		rc = plan_pickup(fc, recs[i]);
	free(recs);
	recs = tx_feat_records(fc->e, "call_park_settings", &n);
	for (size_t i = 0; rc == BWM_OK && i < n; i++)
		plan_park_settings(fc, recs[i]);
	free(recs);
	return rc;
}
