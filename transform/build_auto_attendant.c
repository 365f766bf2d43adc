/*
 * build_auto_attendant.c — BroadWorks auto attendants -> `auto_attendant`
 * entries (POST /telephony/config/locations/{locationId}/autoAttendants),
 * keyed ENT/GRP/SERVICEUSERID (spec webex-calling-features.md §5).
 *
 * Webex needs a business-hours schedule; BroadWorks does not. An attendant
 * without one gets the location's "always open" schedule (policy
 * features.autoAttendantAlwaysOpenSchedule). Webex has no holiday menu and
 * no submenus: the holiday menu is reported, submenu keys are reported or
 * flattened into the menu (policy features.autoAttendantSubmenus). The
 * service user's alternate numbers and forwarding: build_aa_services.c.
 */
#include "transform/internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const key_actions[][2] = {
	{ "Transfer With Prompt", "TRANSFER_WITH_PROMPT" },
	{ "Transfer Without Prompt", "TRANSFER_WITHOUT_PROMPT" },
	{ "Transfer To Operator", "TRANSFER_TO_OPERATOR" },
	{ "Transfer To Mailbox", "TRANSFER_TO_MAILBOX" },
	{ "Name Dialing", "NAME_DIALING" },
	{ "Extension Dialing", "EXTENSION_DIALING" },
	{ "Repeat Menu", "REPEAT_MENU" },
	{ "Exit", "EXIT" },
};

/* One attendant being planned. */
struct aa {
	const struct tx_feat *fc;
	struct tx_grp *g;
	const cJSON *rec;
	char obj[400];                /* "auto_attendant:KEY" for findings */
	cJSON *x;                     /* the entry */
};

/* A key's BroadWorks phoneNumber as a Webex value: E.164 for numbers
 * written with a country code ("+1-2065550103"), digits otherwise. */
static void put_value(cJSON *k, const char *number)
{
	char e164[E164_MAX];
	if (number[0] == '+' && e164_normalize(number, NULL, e164) == 0)
		cJSON_AddStringToObject(k, "value", e164);
	else
		cJSON_AddStringToObject(k, "value", number);
}

static int key_taken(const cJSON *keys, const char *key)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, keys)
		if (strcmp(json_str_or(k, "key", ""), key) == 0)
			return 1;
	return 0;
}

static const cJSON *submenu(const cJSON *rec, const char *id)
{
	const cJSON *s;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(rec, "submenus"))
		if (id != NULL && strcmp(json_str_or(s, "submenuId", ""), id) == 0)
			return s;
	return NULL;
}

static void add_keys(struct aa *a, const char *menu, const cJSON *bw_keys, cJSON *keys,
		     int depth);

/* "Transfer To Submenu": report it, or bring the submenu's keys up. */
static void submenu_key(struct aa *a, const char *menu, const cJSON *k, cJSON *keys, int depth)
{
	const char *id = json_str_or(k, "submenuId", "?"), *key = json_str_or(k, "key", "?");
	const char *policy = tx_feat_policy(a->fc->c->m, "autoAttendantSubmenus", "report");
	const cJSON *sub = submenu(a->rec, id);
	if (strcmp(policy, "flatten") == 0 && sub != NULL && depth < 4) {
		tx_finding(a->fc->c->f, TX_WARNING, "aa_submenu_flattened", a->obj, a->rec,
			   "check the menu's greeting announces the keys it now offers",
			   "%s menu: key %s led to submenu \"%s\"; its keys not used by the menu "
			   "are added to the menu instead", menu, key, id);
		add_keys(a, menu, cJSON_GetObjectItem(sub, "keys"), keys, depth + 1);
		return;
	}
	tx_finding(a->fc->c->f, TX_WARNING, "aa_submenu_not_migrated", a->obj, a->rec,
		   "create a second auto attendant for the submenu and point the key at its "
		   "number (TRANSFER_WITHOUT_PROMPT), or set features.autoAttendantSubmenus to "
		   "\"flatten\"", "%s menu: key %s leads to submenu \"%s\"; Webex auto "
		   "attendants have no submenus, the key is left out", menu, key, id);
}

static void add_keys(struct aa *a, const char *menu, const cJSON *bw_keys, cJSON *keys,
		     int depth)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, bw_keys) {
		const char *action = json_str_or(k, "action", ""), *key = json_str_or(k, "key", "?");
		if (strcmp(action, "Transfer To Submenu") == 0) {
			submenu_key(a, menu, k, keys, depth);
			continue;
		}
		if (depth > 0 && (strcmp(action, "Return to Previous Menu") == 0 || key_taken(keys, key)))
			continue;   /* flattening: the menu's own keys win */
		const char *w = NULL;
		for (size_t i = 0; i < sizeof key_actions / sizeof *key_actions; i++)
			if (strcmp(action, key_actions[i][0]) == 0)
				w = key_actions[i][1];
		const char *number = json_str(k, "phoneNumber");
		int transfer = w != NULL && strncmp(w, "TRANSFER_", 9) == 0;
		if (w == NULL || (transfer && number == NULL)) {
			tx_finding(a->fc->c->f, TX_WARNING, "aa_key_not_migrated", a->obj, a->rec,
				   "set the key by hand in Control Hub after the load (upload the "
				   "announcement first when it plays one)", "%s menu: key %s (%s%s) "
				   "has no Webex counterpart; it is left out", menu, key, action,
				   transfer ? " without a number" : "");
			continue;
		}
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", key);
		cJSON_AddStringToObject(o, "action", w);
		json_add_str_opt(o, "description", json_str(k, "description"));
		if (transfer)
			put_value(o, number);
		cJSON_AddItemToArray(keys, o);
	}
}

/* A BroadWorks menu as a Webex HoursMenu. */
static cJSON *hours_menu(struct aa *a, const char *menu, const cJSON *m)
{
	cJSON *o = cJSON_CreateObject();
	const char *sel = json_str_or(m, "announcementSelection", "Default");
	if (strcmp(sel, "Default") != 0) {
		int url = strcmp(sel, "URL") == 0 || json_str(cJSON_GetObjectItem(m, "audioFile"), "url");
		tx_finding(a->fc->c->f, TX_WARNING, url ? "aa_url_announcement" : "aa_custom_greeting",
			   a->obj, a->rec, url ? "record the greeting as a WAV file, upload it to the "
			   "auto attendant and select CUSTOM" : "upload the greeting file to the auto "
			   "attendant after the load and select CUSTOM", "%s menu: the %s greeting "
			   "%s; the default greeting is used", menu, sel, url ? "is played from a URL, "
			   "which Webex cannot" : "must be uploaded to Webex first");
	}
	cJSON_AddStringToObject(o, "greeting", "DEFAULT");
	cJSON_AddBoolToObject(o, "extensionEnabled", json_bool(m, "enableExtensionDialing", 0));
	cJSON *keys = cJSON_AddArrayToObject(o, "keyConfigurations");
	add_keys(a, menu, cJSON_GetObjectItem(m, "keys"), keys, 0);
	return o;
}

static const char *scope(struct aa *a, const char *what, const char *bw)
{
	if (bw == NULL || strcmp(bw, "Enterprise") == 0)
		return "ENTERPRISE";
	if (strcmp(bw, "Group") == 0)
		return "GROUP";
	const char *w = tx_feat_policy(a->fc->c->m, "autoAttendantDepartmentScope", "GROUP");
	tx_finding(a->fc->c->f, TX_WARNING, "aa_department_scope", a->obj, a->rec,
		   "check that callers may reach everyone in the location; Webex has no "
		   "department scope", "%s dialing scope \"%s\" becomes %s", what, bw, w);
	return w;
}

/* The "always open" business schedule of location g (written once per
 * location: *done remembers it). Returns its name, NULL when the policy
 * turns it off. */
static const char *always_open(struct aa *a, int *done, int *rc)
{
	const char *name = tx_feat_policy(a->fc->c->m, "autoAttendantAlwaysOpenSchedule",
					  "Always Open");
	if (name[0] == '\0')
		return NULL;
	char dep[600];
	snprintf(dep, sizeof dep, "schedule:%s#businessHours:%s", a->g->key, name);
	tx_depend(a->x, dep);
	if (json_str(a->rec, "businessHours") == NULL)
		tx_finding(a->fc->c->f, TX_INFO, "aa_always_open", a->obj, a->rec, "nothing to do",
			   "no business-hours schedule in BroadWorks: the business-hours menu "
			   "plays at all times through the schedule \"%s\"", name);
	if (*done)
		return name;
	*done = 1;
	cJSON *s = tx_feat_entry(a->fc, a->g, "schedule", dep + 9, a->rec, "schedules",
				 "schedules", name);
	cJSON *body = cJSON_GetObjectItem(s, "body");
	cJSON_AddStringToObject(body, "type", "businessHours");
	cJSON_AddStringToObject(body, "name", name);
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "name", "Always");
	cJSON_AddStringToObject(ev, "startDate", "2020-01-01");
	cJSON_AddStringToObject(ev, "endDate", "2020-01-01");
	cJSON_AddBoolToObject(ev, "allDayEnabled", 1);
	cJSON *wk = cJSON_AddObjectToObject(cJSON_AddObjectToObject(ev, "recurrence"), "recurWeekly");
	static const char *const days[] = { "sunday", "monday", "tuesday", "wednesday",
					    "thursday", "friday", "saturday" };
	for (size_t i = 0; i < 7; i++)
		cJSON_AddBoolToObject(wk, days[i], 1);
	cJSON_AddBoolToObject(cJSON_GetObjectItem(ev, "recurrence"), "recurForEver", 1);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "events"), ev);
	cJSON *lk = cJSON_GetObjectItem(s, "lookup");
	cJSON_AddStringToObject(cJSON_GetObjectItem(lk, "query"), "type", "businessHours");
	cJSON_AddStringToObject(cJSON_GetObjectItem(lk, "match"), "type", "businessHours");
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(s, "delete"), "path", cJSON_CreateString(
		"/telephony/config/locations/{locationId}/schedules/businessHours/{id}"));
	*rc = tx_feat_emit(a->fc, a->g, s);
	return name;
}

/* businessSchedule and holidaySchedule; 0, or -1 when the attendant cannot
 * be planned (a named schedule that is not in the export). */
static int schedules(struct aa *a, cJSON *body, int *always_done, int *rc)
{
	char dep[600];
	const char *bh = json_str(a->rec, "businessHours");
	const char *w = NULL;
	if (bh != NULL) {
		w = tx_feat_schedule(a->fc, a->g, bh, json_str(a->rec, "businessHoursLevel"), "Time",
				     dep, sizeof dep);
		if (w != NULL)
			tx_depend(a->x, dep);
		else
			tx_finding(a->fc->c->f, TX_WARNING, "aa_schedule_missing", a->obj, a->rec,
				   "capture GroupScheduleGetListRequest17sp1 and the schedule's "
				   "events, then extract and transform again (or set the schedule "
				   "by hand)", "business-hours schedule \"%s\" is not in the export; "
				   "the attendant plays its business-hours menu at all times", bh);
	}
	if (w == NULL && (w = always_open(a, always_done, rc)) == NULL) {
		tx_finding(a->fc->c->f, TX_ERROR, "aa_no_business_schedule", a->obj, a->rec,
			   "give the attendant a business-hours schedule, or set the policy "
			   "features.autoAttendantAlwaysOpenSchedule", "the auto attendant has no "
			   "business-hours schedule and Webex requires one");
		return -1;
	}
	cJSON_AddStringToObject(body, "businessSchedule", w);
	const char *hs = json_str(a->rec, "holidaySchedule");
	if (hs == NULL)
		return 0;
	w = tx_feat_schedule(a->fc, a->g, hs, json_str(a->rec, "holidayScheduleLevel"), "Holiday",
			     dep, sizeof dep);
	if (w == NULL) {
		tx_finding(a->fc->c->f, TX_WARNING, "aa_schedule_missing", a->obj, a->rec,
			   "capture the holiday schedule and transform again, or set it by hand",
			   "holiday schedule \"%s\" is not in the export; the attendant gets none", hs);
		return 0;
	}
	tx_depend(a->x, dep);
	cJSON_AddStringToObject(body, "holidaySchedule", w);
	return 0;
}

/* Number and extension; 0, or -1 when the attendant has neither usable. */
static int numbers(struct aa *a, cJSON *body)
{
	const char *num = json_str(a->rec, "phoneNumber"), *ext = json_str(a->rec, "extension");
	const cJSON *n = num ? tx_map_get(&a->g->nums, num) : NULL;
	if (num != NULL && n == NULL) {
		tx_finding(a->fc->c->f, ext ? TX_WARNING : TX_ERROR, "aa_number_not_in_location",
			   a->obj, a->rec, "capture the group's numbers (GroupDnGetAssignmentList"
			   "Request18) or assign the number by hand", "number %s is not among the "
			   "location's numbers%s", num, ext ? "; the extension alone is used" : "");
		num = NULL;
	}
	if (num == NULL && ext == NULL) {
		if (json_str(a->rec, "phoneNumber") == NULL)
			tx_finding(a->fc->c->f, TX_ERROR, "aa_no_number", a->obj, a->rec,
				   "give the attendant a number or extension", "the auto attendant "
				   "has neither a phone number nor an extension");
		return -1;
	}
	if (num != NULL) {
		char dep[600];
		snprintf(dep, sizeof dep, "number:%s%s", a->g->key,
			 json_bool(n, "activated", 1) ? "" : "#inactive");
		tx_depend(a->x, dep);
		cJSON_AddStringToObject(body, "phoneNumber", num);
	}
	json_add_str_opt(body, "extension", ext);
	return 0;
}

static void profile(struct aa *a, cJSON *body)
{
	char loc[6];
	if (tx_locale_for(a->fc->c->m, json_str(a->rec, "language"), a->g->country, loc) != 0)
		snprintf(loc, sizeof loc, "%s", a->g->locale);
	cJSON_AddStringToObject(body, "languageCode", loc);
	const char *tz = json_str(a->rec, "timeZone");
	json_add_str_opt(body, "timeZone", tz ? tz : a->g->tz);
	const char *fn = json_str(a->rec, "callingLineIdFirstName");
	const char *ln = json_str(a->rec, "callingLineIdLastName");
	if (fn != NULL || ln != NULL) {
		char cn[200];
		snprintf(cn, sizeof cn, "%s%s%s", fn ? fn : "", fn && ln ? " " : "", ln ? ln : "");
		cJSON *d = cJSON_AddObjectToObject(body, "directLineCallerIdName");
		cJSON_AddStringToObject(d, "selection", "CUSTOM_NAME");
		cJSON_AddStringToObject(d, "customName", cn);
	}
}

static void report_losses(struct aa *a)
{
	const cJSON *menus = cJSON_GetObjectItem(a->rec, "menus");
	if (cJSON_GetObjectItem(menus, "holiday") != NULL)
		tx_finding(a->fc->c->f, TX_WARNING, "aa_holiday_menu", a->obj, a->rec,
			   "make sure the after-hours menu suits holidays, or build a separate "
			   "holiday attendant by hand", "the holiday menu has no Webex counterpart "
			   "(Webex plays the after-hours menu during the holiday schedule); it is "
			   "left out");
	if (json_bool(a->rec, "isActive", 1) == 0)
		tx_finding(a->fc->c->f, TX_WARNING, "aa_inactive", a->obj, a->rec,
			   "remove its number from the attendant after the load if it must stay "
			   "unreachable", "the auto attendant is inactive in BroadWorks; Webex "
			   "auto attendants are always active");
	if (json_bool(a->rec, "enableVideo", 0))
		tx_finding(a->fc->c->f, TX_INFO, "aa_video", a->obj, a->rec, "nothing to do",
			   "video menus have no Webex counterpart; callers hear the audio menus");
}

static int plan_one(const struct tx_feat *fc, const cJSON *rec, struct tx_map *always)
{
	struct aa a = { fc, tx_feat_group(fc, rec), rec, "", NULL };
	if (a.g == NULL)
		return BWM_OK;
	snprintf(a.obj, sizeof a.obj, "auto_attendant:%s", json_str(rec, "key"));
	const char *name = json_str(rec, "name");
	if (name == NULL || cJSON_GetObjectItem(rec, "menus") == NULL) {
		tx_finding(fc->c->f, TX_ERROR, "aa_incomplete", a.obj, rec, "capture "
			   "GroupAutoAttendantGetInstanceRequest24 for it and extract again",
			   "auto attendant \"%s\" has no name or menus in the export",
			   json_str_or(rec, "id", "?"));
		return BWM_OK;
	}
	a.x = tx_feat_entry(fc, a.g, "auto_attendant", json_str(rec, "key"), rec,
			    "autoAttendants", "autoAttendants", name);
	cJSON *body = cJSON_GetObjectItem(a.x, "body");
	cJSON_AddStringToObject(body, "name", name);
	int rc = BWM_OK, done = tx_map_get(always, a.g->key) != NULL;
	int ok = numbers(&a, body) == 0 && schedules(&a, body, &done, &rc) == 0;
	if (done)
		tx_map_put(always, a.g->key, a.g);
	if (!ok || rc != BWM_OK) {
		cJSON_Delete(a.x);
		return rc;
	}
	profile(&a, body);
	cJSON_AddStringToObject(body, "extensionDialing",
				scope(&a, "extension", json_str(rec, "extensionDialingScope")));
	cJSON_AddStringToObject(body, "nameDialing",
				scope(&a, "name", json_str(rec, "nameDialingScope")));
	const cJSON *menus = cJSON_GetObjectItem(rec, "menus");
	cJSON_AddItemToObject(body, "businessHoursMenu",
			      hours_menu(&a, "business-hours", cJSON_GetObjectItem(menus, "businessHours")));
	cJSON_AddItemToObject(body, "afterHoursMenu",
			      hours_menu(&a, "after-hours", cJSON_GetObjectItem(menus, "afterHours")));
	tx_aa_alternates(fc, a.g, rec, a.obj, a.x);
	report_losses(&a);
	tx_aa_forwarding(fc, a.g, rec, a.obj);   /* blocked as the attendant is */
	return tx_feat_emit(fc, a.g, a.x);
}

int tx_plan_auto_attendants(const struct tx_feat *fc)
{
	size_t n;
	cJSON **recs = tx_feat_records(fc->e, "auto_attendant", &n);
	struct tx_map always = { 0 };   /* locations whose "always open" schedule is written */
	int rc = BWM_OK;
	for (size_t i = 0; rc == BWM_OK && i < n; i++)
		rc = plan_one(fc, recs[i], &always);
	tx_map_free(&always);
	free(recs);
	return rc;
}
