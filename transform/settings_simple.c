/*
 * settings_simple.c — the one-switch settings (do not disturb, call
 * waiting) as PUTs, and the settings Webex cannot take through the APIs
 * this migration sends to, as findings with what to do by hand: caller ID
 * delivery blocking, external caller ID delivery, sequential ring (person
 * path only in the user-token "me" API). Simultaneous ring and caller ID
 * have their own planners (settings_simring.c, settings_callerid.c); shared
 * call appearances are carried as the devices' members (build_device.c).
 */
#include "settings.h"

#include <stdio.h>
#include <string.h>

/* On: isActive, or (services without a switch: sequential ring, shared
 * call appearance) a location or endpoint configured. */
static int active(const cJSON *rec)
{
	const cJSON *v = us_value(rec);
	if (json_bool(v, "isActive", 0))
		return 1;
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(v, "endpointTable")) > 0)
		return 1;
	for (int i = 1; i <= 5; i++) {
		char name[32];
		snprintf(name, sizeof name, "Location%02d", i);
		if (json_str(cJSON_GetObjectItemCaseSensitive(v, name), "phoneNumber") != NULL)
			return 1;
	}
	return 0;
}

static void do_not_disturb(struct us_ctx *s)
{
	const cJSON *rec = us_record(s, "do_not_disturb", NULL);
	if (rec == NULL || us_package_refuses(s, rec, active(rec), "doNotDisturb", "do not disturb"))
		return;
	cJSON *x = us_entry(s, "doNotDisturb", "PUT", "/people/{personId}/features/doNotDisturb",
			    rec);
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddBoolToObject(body, "enabled", active(rec));
	cJSON_AddBoolToObject(body, "ringSplashEnabled", json_bool(us_value(rec), "ringSplash", 0));
	cJSON_AddBoolToObject(body, "webexGoOverrideEnabled", 0);
}

static void call_waiting(struct us_ctx *s)
{
	const cJSON *rec = us_record(s, "call_waiting", NULL);
	if (rec == NULL || us_package_refuses(s, rec, active(rec), "callWaiting", "call waiting"))
		return;
	cJSON *x = us_entry(s, "callWaiting", "PUT", "/people/{personId}/features/callWaiting", rec);
	cJSON_AddBoolToObject(cJSON_AddObjectToObject(x, "body"), "enabled", active(rec));
	if (json_bool(us_value(rec), "disableCallingLineIdDelivery", 0))
		us_finding(s, TX_INFO, rec, "call_waiting_clid_not_migrated", "tell the user: the "
			   "waiting caller's number shows on Webex",
			   "call waiting hides the caller ID; Webex has no such option");
}

/* Settings read and reported, never planned. */
static const struct {
	const char *setting;
	const char *code;
	const char *fix;
	const char *why;
} reported[] = {
	{ "calling_line_id_delivery_blocking", "clid_blocking_not_migrated",
	  "block caller ID in Control Hub (Caller ID: block) or have the user dial the "
	  "blocking access code", "Webex has no per-person caller ID delivery blocking switch in "
	  "the APIs this migration uses" },
	{ "external_calling_line_id_delivery", "external_clid_not_migrated",
	  "nothing to do unless the user relied on it: Webex shows external caller ID",
	  "external caller ID delivery is a location setting in Webex" },
	{ "sequential_ring", "sequential_ring_not_migrated",
	  "have the user set sequential ring in user hub (only the user-token API has it)",
	  "Webex has no admin path for a person's sequential ring" },
	{ NULL, NULL, NULL, NULL },
};

static void report_only(struct us_ctx *s)
{
	for (size_t i = 0; reported[i].code != NULL; i++) {
		const cJSON *rec = us_record(s, reported[i].setting, NULL);
		if (rec == NULL)
			continue;
		us_not_carried(s, rec, active(rec), reported[i].code, reported[i].fix,
			       "%s (%s) is not migrated: %s", reported[i].setting,
			       active(rec) ? "on" : "off", reported[i].why);
	}
}

/* Shared call appearances are lines of other people's phones: the device
 * planner makes them device members (build_device.c); the user's row says
 * they are carried there. */
static void shared_lines(struct us_ctx *s)
{
	const cJSON *rec = us_record(s, "shared_call_appearance", NULL);
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(us_value(rec), "endpointTable");
	if (rec == NULL || cJSON_GetArraySize(rows) == 0)
		return;
	cJSON_AddItemToArray(s->carried, cJSON_CreateString("sharedLines"));
	/* each appearance's own flags (GetEndpoint) are read there too */
	const cJSON *row;
	cJSON_ArrayForEach(row, rows)
		if (json_str(row, "Line/Port") != NULL)
			us_record(s, "shared_call_appearance_endpoint", json_str(row, "Line/Port"));
}

void us_plan_simple(struct us_ctx *s)
{
	do_not_disturb(s);
	call_waiting(s);
	shared_lines(s);
	report_only(s);
}
