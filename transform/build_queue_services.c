/*
 * build_queue_services.c — the feature_setting entries of a call queue
 * (spec §4.2): PUT …/queues/{queueId}/nightService, holidayService,
 * forcedForward, strandedCalls, callForwarding, and its alternate
 * numbers (PUT on the queue). Each is emitted only when its BroadWorks
 * sub-request was captured; a schedule named by night or holiday service
 * must be in the export (and the entry depends on its schedule entry).
 */
#include "transform/features.h"

#include <stdlib.h>
#include <string.h>

#define CQ_COLL "queues"

static const cJSON *sub(const cJSON *rec, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(rec, name);
}

static cJSON *setting(struct tx_qfeat *f, const char *name)
{
	return cJSON_GetObjectItem(tx_qfeat_setting(f, CQ_COLL, "queueId", name, name), "body");
}

/* action BUSY|TRANSFER and transferPhoneNumber; 0 when BroadWorks says None. */
static int busy_or_transfer(struct tx_qfeat *f, cJSON *body, const cJSON *s, const char *what)
{
	const char *action = json_str_or(s, "action", "None");
	if (strcmp(action, "Transfer") == 0) {
		char *dest = tx_qfeat_destination(f, json_str(s, "transferPhoneNumber"), what);
		if (dest != NULL) {
			cJSON_AddStringToObject(body, "action", "TRANSFER");
			cJSON_AddStringToObject(body, "transferPhoneNumber", dest);
			free(dest);
			return 1;
		}
	}
	cJSON_AddStringToObject(body, "action", "BUSY");
	return strcmp(action, "None") != 0;
}

static void night_service(struct tx_qfeat *f)
{
	const cJSON *s = sub(f->rec, "nightService");
	if (s == NULL)
		return;
	cJSON *b = setting(f, "nightService");
	cJSON *x = cJSON_GetArrayItem(f->r->settings, cJSON_GetArraySize(f->r->settings) - 1);
	int on = busy_or_transfer(f, b, s, "night service transfer");
	const cJSON *bh = sub(s, "businessHours");
	const char *name = bh ? tx_qfeat_schedule(f, x, bh, "businessHours", "night service") : NULL;
	if (bh != NULL && name == NULL) {
		/* without its schedule the entry would switch night service on
		 * at the wrong times: leave it out */
		cJSON_DeleteItemFromArray(f->r->settings, cJSON_GetArraySize(f->r->settings) - 1);
		return;
	}
	cJSON_AddBoolToObject(b, "nightServiceEnabled", on);
	cJSON_AddBoolToObject(b, "playAnnouncementBeforeEnabled",
			      json_bool(s, "playAnnouncementBeforeAction", 0));
	cJSON_AddStringToObject(b, "announcementMode", strcmp(json_str_or(s,
				"manualAnnouncementMode", ""), "Manual Announcement") == 0 ? "MANUAL"
				: "NORMAL");
	cJSON_AddStringToObject(b, "audioMessageSelection", json_bool(s,
				"playAnnouncementBeforeAction", 0) ? tx_qfeat_greeting(f, json_str(s,
				"audioMessageSelection"), "the night service announcement") : "DEFAULT");
	if (name != NULL) {
		cJSON_AddStringToObject(b, "businessHoursName", name);
		cJSON_AddStringToObject(b, "businessHoursLevel", "LOCATION");
	}
	cJSON_AddBoolToObject(b, "forceNightServiceEnabled", json_bool(s, "forceNightService", 0));
	cJSON_AddStringToObject(b, "manualAudioMessageSelection", "DEFAULT");
	if (json_bool(s, "allowManualOverrideViaFAC", 0))
		tx_qfeat_finding(f, TX_INFO, "feature_setting_not_migrated", "agents switch night "
				"service in the Webex app or Control Hub instead", "night service "
				"override by feature access code has no Webex counterpart");
}

static void holiday_service(struct tx_qfeat *f)
{
	const cJSON *s = sub(f->rec, "holidayService");
	if (s == NULL)
		return;
	cJSON *b = setting(f, "holidayService");
	cJSON *x = cJSON_GetArrayItem(f->r->settings, cJSON_GetArraySize(f->r->settings) - 1);
	int on = busy_or_transfer(f, b, s, "holiday service transfer");
	const cJSON *hs = sub(s, "holidaySchedule");
	const char *name = hs ? tx_qfeat_schedule(f, x, hs, "holidays", "holiday service") : NULL;
	if (hs != NULL && name == NULL) {
		cJSON_DeleteItemFromArray(f->r->settings, cJSON_GetArraySize(f->r->settings) - 1);
		return;
	}
	cJSON_AddBoolToObject(b, "holidayServiceEnabled", on);
	cJSON_AddStringToObject(b, "holidayScheduleLevel", "LOCATION");
	if (name != NULL)
		cJSON_AddStringToObject(b, "holidayScheduleName", name);
	cJSON_AddBoolToObject(b, "playAnnouncementBeforeEnabled",
			      json_bool(s, "playAnnouncementBeforeAction", 0));
	cJSON_AddStringToObject(b, "audioMessageSelection", json_bool(s,
				"playAnnouncementBeforeAction", 0) ? tx_qfeat_greeting(f, json_str(s,
				"audioMessageSelection"), "the holiday service announcement") : "DEFAULT");
}

static void forced_forward(struct tx_qfeat *f)
{
	const cJSON *s = sub(f->rec, "forcedForwarding");
	if (s == NULL)
		return;
	char *dest = tx_qfeat_destination(f, json_str(s, "forwardToPhoneNumber"), "forced forwarding");
	cJSON *b = setting(f, "forcedForward");
	cJSON_AddBoolToObject(b, "forcedForwardEnabled", json_bool(s, "isActive", 0) && dest);
	if (dest != NULL)
		cJSON_AddStringToObject(b, "transferPhoneNumber", dest);
	free(dest);
	int play = json_bool(s, "playAnnouncementBeforeForwarding", 0);
	cJSON_AddBoolToObject(b, "playAnnouncementBeforeEnabled", play);
	cJSON_AddStringToObject(b, "audioMessageSelection", play ? tx_qfeat_greeting(f,
				json_str(s, "audioMessageSelection"), "the forced forwarding "
				"announcement") : "DEFAULT");
}

static void stranded_calls(struct tx_qfeat *f)
{
	static const char *const actions[][2] = {
		{ "None", "NONE" }, { "Busy", "BUSY" }, { "Transfer", "TRANSFER" },
		{ "Night Service", "NIGHT_SERVICE" }, { "Ringing", "RINGING" },
		{ "Announcement", "ANNOUNCEMENT" },
	};
	const cJSON *s = sub(f->rec, "strandedCalls");
	if (s == NULL)
		return;
	const char *bw = json_str_or(s, "action", "None"), *action = NULL;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i][0], bw) == 0)
			action = actions[i][1];
	if (action == NULL) {
		tx_qfeat_finding(f, TX_WARNING, "feature_setting_not_migrated", "set stranded call "
				"handling by hand in Control Hub", "stranded calls action \"%s\" is "
				"unknown; not migrated", bw);
		return;
	}
	char *dest = strcmp(action, "TRANSFER") == 0 ? tx_qfeat_destination(f,
			json_str(s, "transferPhoneNumber"), "stranded calls transfer") : NULL;
	if (strcmp(action, "TRANSFER") == 0 && dest == NULL)
		action = "BUSY";
	cJSON *b = setting(f, "strandedCalls");
	cJSON_AddStringToObject(b, "action", action);
	if (dest != NULL)
		cJSON_AddStringToObject(b, "transferPhoneNumber", dest);
	free(dest);
	cJSON_AddStringToObject(b, "audioMessageSelection", strcmp(action, "ANNOUNCEMENT") == 0
				? tx_qfeat_greeting(f, json_str(s, "audioMessageSelection"),
						   "the stranded calls announcement") : "DEFAULT");
}

static void call_forwarding(struct tx_qfeat *f)
{
	const cJSON *cfa = tx_qfeat_user_setting(f, "call_forwarding_always");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(cfa, "value");
	if (v == NULL || (!json_bool(v, "isActive", 0) && json_str(v, "forwardToPhoneNumber") == NULL))
		return;
	char *dest = tx_qfeat_destination(f, json_str(v, "forwardToPhoneNumber"),
					 "call forwarding always");
	cJSON *b = setting(f, "callForwarding");
	tx_qfeat_source(cJSON_GetArrayItem(f->r->settings, cJSON_GetArraySize(f->r->settings) - 1),
		       cfa);
	cJSON *a = cJSON_AddObjectToObject(cJSON_AddObjectToObject(b, "callForwarding"), "always");
	cJSON_AddBoolToObject(a, "enabled", json_bool(v, "isActive", 0) && dest != NULL);
	if (dest != NULL)
		cJSON_AddStringToObject(a, "destination", dest);
	cJSON_AddBoolToObject(a, "ringReminderEnabled", json_bool(v, "isRingSplashActive", 0));
	cJSON_AddBoolToObject(a, "destinationVoicemailEnabled", 0);
	free(dest);
}

static cJSON *cq_alternates(cJSON *body, int distinctive)
{
	cJSON *o = cJSON_AddObjectToObject(body, "alternateNumberSettings");
	cJSON_AddBoolToObject(o, "distinctiveRingEnabled", distinctive);
	return o;
}

void tx_queue_settings(struct tx_qfeat *f)
{
	night_service(f);
	holiday_service(f);
	forced_forward(f);
	stranded_calls(f);
	call_forwarding(f);
	tx_qfeat_alternate_numbers(f, CQ_COLL, "queueId", cq_alternates);
}
