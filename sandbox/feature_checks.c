/*
 * feature_checks.c — the checks a real Webex Calling server makes on the
 * bodies of schedules, auto attendants, call parks and call pickups
 * (required fields and enums of Cisco's OpenAPI files), plus the
 * references: members are person ids of this org's subscribers, an auto
 * attendant's schedules exist in its location, its number is one of the
 * location's numbers and free, its extension unused in the location.
 */
#include "sandbox/features.h"

#include <ctype.h>
#include <string.h>

static int need_str(const cJSON *o, const char *name, const char *where, size_t max,
		    struct sbx_resp *rs)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0') {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%s%s is required.", where, name);
		return -1;
	}
	if (max > 0 && strlen(v->valuestring) > max) {
		sbx_reply_error(rs, 400, SBX_E_LENGTH, "%s%s is longer than %zu characters.", where,
				name, max);
		return -1;
	}
	return 0;
}

/* An optional (required when req) member that must be one of allowed. */
static int need_enum(const cJSON *o, const char *name, const char *where,
		     const char *const *allowed, int req, struct sbx_resp *rs)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (v == NULL && !req)
		return 0;
	for (size_t i = 0; cJSON_IsString(v) && allowed[i]; i++)
		if (strcmp(v->valuestring, allowed[i]) == 0)
			return 0;
	struct strbuf list = STRBUF_INIT;
	for (size_t i = 0; allowed[i]; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", allowed[i]);
	sbx_reply_error(rs, 400, v ? SBX_E_ENUM : SBX_E_REQUIRED, "%s%s must be one of %s.", where,
			name, list.buf);
	strbuf_free(&list);
	return -1;
}

static int need_bool(const cJSON *o, const char *name, const char *where, int req,
		     struct sbx_resp *rs)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if ((v == NULL && !req) || cJSON_IsBool(v))
		return 0;
	sbx_reply_error(rs, 400, v ? SBX_E_FORMAT : SBX_E_REQUIRED, "%s%s must be true or false.",
			where, name);
	return -1;
}

static const char *const months[] = { "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE",
	"JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER", NULL };
static const char *const days[] = { "SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
	"FRIDAY", "SATURDAY", NULL };
static const char *const weeks[] = { "FIRST", "SECOND", "THIRD", "FOURTH", "LAST", NULL };

static int is_date(const char *s)
{
	return s && strlen(s) == 10 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[7] == '-';
}

static int is_time(const char *s)
{
	return s && strlen(s) == 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       s[2] == ':' && isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) &&
	       strcmp(s, "24:00") <= 0 && s[3] <= '5';
}

static int check_recurrence(const cJSON *r, struct sbx_resp *rs)
{
	const cJSON *x;
	if ((x = cJSON_GetObjectItemCaseSensitive(r, "recurYearlyByDate")) != NULL) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(x, "dayOfMonth");
		if (!cJSON_IsNumber(d) || d->valueint < 1 || d->valueint > 31) {
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "events[].recurrence.recurYearlyByDate."
					"dayOfMonth must be a number from 1 to 31.");
			return -1;
		}
		return need_enum(x, "month", "events[].recurrence.recurYearlyByDate.", months, 1, rs);
	}
	if ((x = cJSON_GetObjectItemCaseSensitive(r, "recurYearlyByDay")) != NULL)
		return need_enum(x, "day", "events[].recurrence.recurYearlyByDay.", days, 1, rs) ||
		       need_enum(x, "week", "events[].recurrence.recurYearlyByDay.", weeks, 1, rs) ||
		       need_enum(x, "month", "events[].recurrence.recurYearlyByDay.", months, 1, rs);
	if ((x = cJSON_GetObjectItemCaseSensitive(r, "recurWeekly")) != NULL)
		return need_bool(x, "sunday", "events[].recurrence.recurWeekly.", 1, rs);
	return 0;
}

static int check_event(const cJSON *ev, struct sbx_resp *rs)
{
	if (need_str(ev, "name", "events[].", 0, rs))
		return -1;
	if (!is_date(json_str(ev, "startDate")) || !is_date(json_str(ev, "endDate"))) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "events[].startDate and endDate are required "
				"(YYYY-MM-DD).");
		return -1;
	}
	if (strcmp(json_str(ev, "endDate"), json_str(ev, "startDate")) < 0) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "Event '%s' ends before it starts.",
				json_str(ev, "name"));
		return -1;
	}
	if (!json_bool(ev, "allDayEnabled", 0) &&
	    (!is_time(json_str(ev, "startTime")) || !is_time(json_str(ev, "endTime")))) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "Event '%s': startTime and endTime (HH:MM) "
				"are mandatory when the event is not all day.", json_str(ev, "name"));
		return -1;
	}
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(ev, "recurrence");
	return r ? check_recurrence(r, rs) : 0;
}

int sbx_check_schedule(const struct sbx_feature_ctx *fc, const cJSON *body, struct sbx_resp *rs)
{
	(void)fc;
	static const char *const types[] = { "businessHours", "holidays", NULL };
	if (need_enum(body, "type", "", types, 1, rs) || need_str(body, "name", "", 80, rs))
		return -1;
	const cJSON *evs = cJSON_GetObjectItemCaseSensitive(body, "events"), *ev;
	if (evs != NULL && !cJSON_IsArray(evs)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "events must be an array.");
		return -1;
	}
	cJSON_ArrayForEach(ev, evs)
		if (check_event(ev, rs))
			return -1;
	return 0;
}

/* agents[]: person ids of subscribers of this org, each once. */
static int check_people(const struct sbx_feature_ctx *fc, const cJSON *body, struct sbx_resp *rs)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "agents"), *p;
	if (a != NULL && !cJSON_IsArray(a)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "agents must be an array of person ids.");
		return -1;
	}
	cJSON_ArrayForEach(p, a) {
		const char *id = cJSON_IsString(p) ? p->valuestring : json_str(p, "id");
		if (id == NULL || sbx_count(fc->sb, "SELECT count(*) FROM subscribers s JOIN "
					    "customers c ON c.id = s.customer_id WHERE "
					    "json_extract(s.doc, '$.personId') = ?1 AND c.org_id = ?2",
					    id, fc->org) == 0) {
			sbx_reply_error(rs, 400, SBX_E_REFERENCE, "agents: '%s' is not a person of "
					"this organization.", id ? id : "(not a string)");
			return -1;
		}
	}
	return 0;
}

int sbx_check_call_park(const struct sbx_feature_ctx *fc, const cJSON *body, struct sbx_resp *rs)
{
	static const char *const opts[] = { "ALERT_PARKING_USER_ONLY",
		"ALERT_PARKING_USER_FIRST_THEN_HUNT_GROUP", "ALERT_HUNT_GROUP_ONLY", NULL };
	const cJSON *recall = cJSON_GetObjectItemCaseSensitive(body, "recall");
	if (need_str(body, "name", "", 80, rs))
		return -1;
	if (!cJSON_IsObject(recall)) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "recall is required.");
		return -1;
	}
	if (need_enum(recall, "option", "recall.", opts, 1, rs))
		return -1;
	if (strcmp(json_str(recall, "option"), "ALERT_PARKING_USER_ONLY") != 0 &&
	    json_str(recall, "huntGroupId") == NULL) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "recall.huntGroupId is required with option "
				"%s.", json_str(recall, "option"));
		return -1;
	}
	return need_bool(body, "parkOnAgentsEnabled", "", 0, rs) || check_people(fc, body, rs);
}

int sbx_check_call_pickup(const struct sbx_feature_ctx *fc, const cJSON *body,
			  struct sbx_resp *rs)
{
	static const char *const notes[] = { "NONE", "AUDIO_ONLY", "VISUAL_ONLY",
					     "AUDIO_AND_VISUAL", NULL };
	if (need_str(body, "name", "", 80, rs) ||
	    need_enum(body, "notificationType", "", notes, 0, rs) || check_people(fc, body, rs))
		return -1;
	/* a person is in at most one pickup group */
	const cJSON *p;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(body, "agents")) {
		if (!cJSON_IsString(p) || fc->sb->cfg.allow_duplicates)
			continue;
		if (sbx_count3(fc->sb, "SELECT count(*) FROM features, json_each(features.doc, "
			       "'$.agents') WHERE features.kind = 'callPickup' AND features.org_id = ?1 AND "
			       "json_each.value = ?2 AND features.id <> ?3", fc->org, p->valuestring,
			       fc->self ? fc->self : "") > 0) {
			sbx_reply_error(rs, 409, SBX_E_IN_USE, "agents: '%s' is already in another "
					"call pickup group.", p->valuestring);
			return -1;
		}
	}
	return 0;
}

static int check_menu(const cJSON *body, const char *name, struct sbx_resp *rs)
{
	static const char *const greetings[] = { "DEFAULT", "CUSTOM", NULL };
	static const char *const actions[] = { "PLAY_ANNOUNCEMENT", "TRANSFER_WITH_PROMPT",
		"TRANSFER_WITHOUT_PROMPT", "TRANSFER_TO_OPERATOR", "TRANSFER_TO_MAILBOX",
		"NAME_DIALING", "EXTENSION_DIALING", "REPEAT_MENU", "EXIT", NULL };
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(body, name), *k;
	char where[64];
	snprintf(where, sizeof where, "%s.", name);
	if (!cJSON_IsObject(m)) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%s is required.", name);
		return -1;
	}
	if (need_enum(m, "greeting", where, greetings, 1, rs) ||
	    need_bool(m, "extensionEnabled", where, 1, rs))
		return -1;
	const cJSON *keys = cJSON_GetObjectItemCaseSensitive(m, "keyConfigurations");
	if (!cJSON_IsArray(keys)) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%skeyConfigurations is required (an array).",
				where);
		return -1;
	}
	cJSON_ArrayForEach(k, keys) {
		const char *key = json_str(k, "key");
		if (key == NULL || strlen(key) != 1 || strchr("0123456789*#", key[0]) == NULL) {
			sbx_reply_error(rs, 400, SBX_E_ENUM, "%skeyConfigurations[].key must be 0-9, * "
					"or #.", where);
			return -1;
		}
		if (need_enum(k, "action", where, actions, 1, rs))
			return -1;
		if (strncmp(json_str(k, "action"), "TRANSFER_", 9) == 0 && json_str(k, "value") == NULL) {
			sbx_reply_error(rs, 400, SBX_E_REQUIRED, "%skey %s: value (the number to "
					"transfer to) is required.", where, key);
			return -1;
		}
	}
	return 0;
}

/* A schedule of type in the location, named name. */
static int schedule_exists(const struct sbx_feature_ctx *fc, const char *type, const char *name)
{
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "%s\x1f%s", type, name);
	int64_t n = sbx_count3(fc->sb, "SELECT count(*) FROM features WHERE kind = 'schedule' AND "
			       "location_id = ?1 AND type || char(31) || name = ?2 AND org_id = ?3",
			       fc->loc, key.buf, fc->org);
	strbuf_free(&key);
	return n > 0;
}

/* num must be a number of the location that nobody else holds. */
static int number_free(const struct sbx_feature_ctx *fc, const char *num, const char *what,
		       struct sbx_resp *rs)
{
	const char *self = fc->self ? fc->self : "";
	if (sbx_count(fc->sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND "
		      "location_id = ?2", num, fc->loc) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "%s %s is not a number of this location.",
				what, num);
		return -1;
	}
	if (!fc->sb->cfg.allow_duplicates &&
	    sbx_count3(fc->sb, "SELECT count(*) FROM numbers WHERE phone = ?1 AND "
		       "location_id = ?2 AND owner_id IS NOT NULL AND owner_id <> ?3", num,
		       fc->loc, self) > 0) {
		sbx_reply_error(rs, 409, SBX_E_IN_USE, "%s %s is already assigned.", what, num);
		return -1;
	}
	return 0;
}

/* alternateNumbers[] {phoneNumber*, ringPattern*, tollFreeNumber}: free
 * numbers of the location, none twice, none the main number. */
static int check_alternates(const struct sbx_feature_ctx *fc, const cJSON *body,
			    struct sbx_resp *rs)
{
	static const char *const rings[] = { "NORMAL", "LONG_LONG", "SHORT_SHORT_LONG",
					     "SHORT_LONG_SHORT", NULL };
	const cJSON *alt = cJSON_GetObjectItemCaseSensitive(body, "alternateNumbers"), *a, *b;
	if (alt == NULL)
		return 0;
	if (!cJSON_IsArray(alt) || cJSON_GetArraySize(alt) > 10) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "alternateNumbers must be an array of at "
				"most 10 numbers.");
		return -1;
	}
	cJSON_ArrayForEach(a, alt) {
		if (need_str(a, "phoneNumber", "alternateNumbers[].", 0, rs) ||
		    need_enum(a, "ringPattern", "alternateNumbers[].", rings, 1, rs) ||
		    need_bool(a, "tollFreeNumber", "alternateNumbers[].", 0, rs))
			return -1;
		const char *num = json_str(a, "phoneNumber");
		for (b = alt->child; b != a; b = b->next)
			if (strcmp(json_str_or(b, "phoneNumber", ""), num) == 0)
				break;
		if (b != a || strcmp(num, json_str_or(body, "phoneNumber", "")) == 0) {
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "alternate number %s is given twice.",
					num);
			return -1;
		}
		if (number_free(fc, num, "alternate number", rs))
			return -1;
	}
	return 0;
}

static int check_number(const struct sbx_feature_ctx *fc, const cJSON *body, struct sbx_resp *rs)
{
	const char *num = json_str(body, "phoneNumber"), *ext = json_str(body, "extension");
	if (num == NULL && ext == NULL) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "phoneNumber or extension is required.");
		return -1;
	}
	const char *self = fc->self ? fc->self : "";
	if (num != NULL && number_free(fc, num, "phoneNumber", rs))
		return -1;
	if (check_alternates(fc, body, rs))
		return -1;
	if (ext != NULL && !fc->sb->cfg.allow_duplicates &&
	    (sbx_count(fc->sb, "SELECT count(*) FROM subscribers WHERE location_id = ?1 AND "
		       "extension = ?2", fc->loc, ext) > 0 ||
	     sbx_count3(fc->sb, "SELECT count(*) FROM features WHERE location_id = ?1 AND "
			"extension = ?2 AND id <> ?3", fc->loc, ext, self) > 0)) {
		sbx_reply_error(rs, 409, SBX_E_IN_USE, "extension %s is already used in this "
				"location.", ext);
		return -1;
	}
	return 0;
}

int sbx_check_auto_attendant(const struct sbx_feature_ctx *fc, const cJSON *body,
			     struct sbx_resp *rs)
{
	static const char *const scopes[] = { "ENTERPRISE", "GROUP", NULL };
	if (need_str(body, "name", "", 0, rs) || need_str(body, "businessSchedule", "", 0, rs) ||
	    need_enum(body, "extensionDialing", "", scopes, 0, rs) ||
	    need_enum(body, "nameDialing", "", scopes, 0, rs) ||
	    check_menu(body, "businessHoursMenu", rs) || check_menu(body, "afterHoursMenu", rs))
		return -1;
	const char *bs = json_str(body, "businessSchedule"), *hs = json_str(body, "holidaySchedule");
	if (!schedule_exists(fc, "businessHours", bs)) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "businessSchedule '%s' is not a "
				"businessHours schedule of this location.", bs);
		return -1;
	}
	if (hs != NULL && !schedule_exists(fc, "holidays", hs)) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "holidaySchedule '%s' is not a holidays "
				"schedule of this location.", hs);
		return -1;
	}
	return check_number(fc, body, rs);
}

void sbx_features_claim(const struct sbx_feature_ctx *fc, const cJSON *doc, const char *id)
{
	const char *num = json_str(doc, "phoneNumber");
	if (num != NULL)
		sbx_exec(fc->sb, "UPDATE numbers SET owner_id = ?1 WHERE phone = ?2 AND "
			 "location_id = ?3", id, num, fc->loc);
	const cJSON *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(doc, "alternateNumbers"))
		if (json_str(a, "phoneNumber") != NULL)
			sbx_exec(fc->sb, "UPDATE numbers SET owner_id = ?1 WHERE phone = ?2 AND "
				 "location_id = ?3", id, json_str(a, "phoneNumber"), fc->loc);
}

void sbx_features_release(struct sandbox *sb, const char *id)
{
	sbx_exec(sb, "UPDATE numbers SET owner_id = NULL WHERE owner_id = ?1", id, NULL, NULL);
}
