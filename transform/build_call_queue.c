/*
 * build_call_queue.c — a BroadWorks call center -> plan `call_queue`
 * (POST /telephony/config/locations/{locationId}/queues, spec §4), and
 * the feature_setting entries of its sub-resources: `nightService`,
 * `holidayService` (by schedule name), `forcedForward`, `strandedCalls`,
 * `callForwarding` and `alternateNumbers` (PUT on the queue).
 *
 * Bounced calls, distinctive ringing, overflow and the announcements are
 * fields of the create body. What Webex has no place for (the Premium
 * tier's settings but supervisors (build_supervisor.c), video, escape
 * digit, wrap-up, announcement files) is reported; a skill-based queue with a policy Webex does not route by
 * skill follows featurePolicies.skillBasedUnsupportedPolicy.
 */
#include "transform/features.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CQ_COLL "queues"

static const cJSON *sub(const cJSON *rec, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(rec, name);
}

static void routing(struct tx_qfeat *f, cJSON *pol)
{
	const struct tx_feature_policy *fp = f->r->c->m->fp;
	const char *policy = tx_qfeat_policy(f, json_str(f->rec, "policy"));
	int skill = strcmp(json_str_or(f->rec, "routingType", "Priority Based"), "Skill Based") == 0;
	if (skill && policy && strcmp(policy, "CIRCULAR") != 0 && strcmp(policy, "REGULAR") != 0 &&
	    strcmp(policy, "UNIFORM") != 0) {
		tx_qfeat_finding(f, fp->skill_block ? TX_ERROR : TX_WARNING, "queue_skill_policy",
				"choose CIRCULAR, REGULAR or UNIFORM for the skill-based queue in "
				"BroadWorks or Control Hub (featurePolicies.skillBasedUnsupportedPolicy "
				"decides what the plan does)", "skill-based routing supports only "
				"CIRCULAR, REGULAR and UNIFORM, not %s; %s", policy, fp->skill_block
				? "the queue is not migrated" : "the queue is routed PRIORITY_BASED");
		skill = 0;
	}
	cJSON_AddStringToObject(pol, "routingType", skill ? "SKILL_BASED" : "PRIORITY_BASED");
	cJSON_AddStringToObject(pol, "policy", policy ? policy : "");
}

static void call_bounce(const cJSON *rec, cJSON *pol)
{
	const cJSON *b = sub(rec, "bouncedCalls");
	cJSON *o = cJSON_AddObjectToObject(pol, "callBounce");
	if (b == NULL)
		return;    /* not captured: Webex defaults */
	cJSON_AddBoolToObject(o, "callBounceEnabled", json_bool(b, "isActive", 0));
	cJSON_AddNumberToObject(o, "callBounceMaxRings", json_num(b, "numberOfRingsBeforeBouncingCall", 5));
	cJSON_AddBoolToObject(o, "agentUnavailableEnabled", json_bool(b, "bounceCallWhenAgentUnavailable", 0));
	cJSON_AddBoolToObject(o, "alertAgentEnabled", json_bool(b, "alertCallCenterCallOnHold", 0));
	cJSON_AddNumberToObject(o, "alertAgentMaxSeconds", json_num(b, "alertCallCenterCallOnHoldSeconds", 30));
	cJSON_AddBoolToObject(o, "callBounceOnHoldEnabled", json_bool(b, "bounceCallCenterCallOnHold", 0));
	cJSON_AddNumberToObject(o, "callBounceOnHoldMaxSeconds",
				json_num(b, "bounceCallCenterCallOnHoldSeconds", 60));
}

static void distinctive_ring(const cJSON *rec, cJSON *pol)
{
	const cJSON *d = sub(rec, "distinctiveRinging");
	cJSON *o = cJSON_AddObjectToObject(pol, "distinctiveRing");
	cJSON_AddBoolToObject(o, "enabled", json_bool(d, "distinctiveRingingCallCenterCalls", 0));
	const char *rp = tx_ring_pattern(json_str(d, "distinctiveRingingRingPatternForCallCenter"));
	if (rp != NULL)
		cJSON_AddStringToObject(o, "ringPattern", rp);
}

static void overflow(struct tx_qfeat *f, cJSON *qs)
{
	static const char *const actions[][2] = {
		{ "Busy", "PERFORM_BUSY_TREATMENT" }, { "Ringing", "PLAY_RINGING_UNTIL_CALLER_HANGS_UP" },
		{ "Transfer", "TRANSFER_TO_PHONE_NUMBER" },
	};
	const cJSON *o = sub(f->rec, "overflow");
	cJSON *w = cJSON_AddObjectToObject(qs, "overflow");
	const char *bw = json_str_or(o, "action", "Busy"), *action = "PERFORM_BUSY_TREATMENT";
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i][0], bw) == 0)
			action = actions[i][1];
	char *dest = strcmp(action, "TRANSFER_TO_PHONE_NUMBER") == 0
		? tx_qfeat_destination(f, json_str(o, "transferPhoneNumber"), "overflow transfer") : NULL;
	if (dest == NULL && strcmp(action, "TRANSFER_TO_PHONE_NUMBER") == 0)
		action = "PERFORM_BUSY_TREATMENT";
	cJSON_AddStringToObject(w, "action", action);
	if (dest != NULL)
		cJSON_AddStringToObject(w, "transferNumber", dest);
	free(dest);
	cJSON_AddBoolToObject(w, "overflowAfterWaitEnabled", json_bool(o, "overflowAfterTimeout", 0));
	if (json_num(o, "timeoutSeconds", -1) >= 0)
		cJSON_AddNumberToObject(w, "overflowAfterWaitTime", json_num(o, "timeoutSeconds", 0));
	cJSON_AddBoolToObject(w, "playOverflowGreetingEnabled",
			      json_bool(o, "playAnnouncementBeforeOverflowProcessing", 0));
	cJSON_AddStringToObject(w, "greeting", tx_qfeat_greeting(f, json_str(o, "audioMessageSelection"),
								"overflow announcement"));
}

/* {"enabled": ..., "greeting": ...} from an announcement's flag and selection. */
static cJSON *message(struct tx_qfeat *f, cJSON *qs, const char *name, const cJSON *an,
		      const char *flag, const char *sel, const char *what)
{
	cJSON *o = cJSON_AddObjectToObject(qs, name);
	int on = json_bool(an, flag, 0);
	cJSON_AddBoolToObject(o, "enabled", on);
	/* an announcement that does not play needs no file */
	cJSON_AddStringToObject(o, "greeting", on ? tx_qfeat_greeting(f, json_str(an, sel), what)
				: "DEFAULT");
	return o;
}

/* The estimated wait message (EstimatedWaitMessageOptionsRead17sp4). */
static void wait_message(cJSON *qs, const cJSON *ewm)
{
	if (ewm == NULL)
		return;
	int time = strcmp(json_str_or(ewm, "operatingMode", "Position"), "Time") == 0;
	cJSON *w = cJSON_AddObjectToObject(qs, "waitMessage");
	cJSON_AddBoolToObject(w, "enabled", json_bool(ewm, "enabled", 0));
	cJSON_AddStringToObject(w, "waitMode", time ? "TIME" : "POSITION");
	static const char *const nums[][2] = {
		{ "maximumWaitingMinutes", "handlingTime" },
		{ "defaultCallHandlingMinutes", "defaultHandlingTime" },
		{ "maximumPositions", "queuePosition" },
	};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (cJSON_IsNumber(sub(ewm, nums[i][0])))
			cJSON_AddNumberToObject(w, nums[i][1], json_num(ewm, nums[i][0], 0));
	cJSON_AddBoolToObject(w, "highVolumeMessageEnabled", json_bool(ewm, time ?
			      "playTimeHighVolume" : "playPositionHighVolume", 0));
	cJSON_AddBoolToObject(w, "playUpdatedEstimatedWaitMessage", json_bool(ewm, "playUpdatedEWM", 0));
}

static void announcements(struct tx_qfeat *f, cJSON *qs)
{
	const cJSON *an = sub(f->rec, "announcements");
	if (an == NULL)
		return;
	cJSON *w = message(f, qs, "welcomeMessage", an, "playEntranceMessage",
			   "entranceAudioMessageSelection", "the entrance message");
	cJSON_AddBoolToObject(w, "alwaysEnabled", json_bool(an, "mandatoryEntranceMessage", 0));
	cJSON *c = message(f, qs, "comfortMessage", an, "playPeriodicComfortMessage",
			   "periodicComfortAudioMessageSelection", "the comfort message");
	if (json_num(an, "timeBetweenComfortMessagesSeconds", 0) > 0)
		cJSON_AddNumberToObject(c, "timeBetweenMessages",
					json_num(an, "timeBetweenComfortMessagesSeconds", 0));
	message(f, qs, "whisperMessage", an, "playWhisperMessage", "whisperAudioMessageSelection",
		"the whisper message");
	cJSON *moh = cJSON_AddObjectToObject(qs, "mohMessage");
	cJSON *n = cJSON_AddObjectToObject(moh, "normalSource");
	cJSON_AddBoolToObject(n, "enabled", json_bool(an, "enableMediaOnHoldForQueuedCalls", 0));
	cJSON_AddStringToObject(n, "greeting", "DEFAULT");
	cJSON *a = cJSON_AddObjectToObject(moh, "alternateSource");
	cJSON_AddBoolToObject(a, "enabled", json_bool(an, "mediaOnHoldUseAlternateSourceForInternalCalls", 0));
	cJSON_AddStringToObject(a, "greeting", "DEFAULT");
	wait_message(qs, sub(an, "estimatedWaitMessageOptionsRead"));
	const cJSON *b = sub(f->rec, "comfortMessageBypass");
	if (b != NULL) {
		cJSON *o = cJSON_AddObjectToObject(qs, "comfortMessageBypass");
		cJSON_AddBoolToObject(o, "enabled", json_bool(b, "isActive", 0));
		cJSON_AddNumberToObject(o, "callWaitingAgeThreshold",
					json_num(b, "callWaitingAgeThresholdSeconds", 30));
		cJSON_AddStringToObject(o, "greeting", json_bool(b, "isActive", 0)
			? tx_qfeat_greeting(f, json_str(b, "audioMessageSelection"),
					   "the comfort message bypass") : "DEFAULT");
	}
}

/* The call center settings Webex queues have no place for (spec §4.1, §15). */
static void not_carried(struct tx_qfeat *f)
{
	const struct tx_feature_policy *fp = f->r->c->m->fp;
	const cJSON *r = f->rec;
	const char *type = json_str_or(r, "type", "Standard");
	char list[512] = "";
	static const char *const flags[][2] = {
		{ "enableVideo", "video" }, { "allowCallerToDialEscapeDigit", "escape digit" },
		{ "overrideAgentWrapUpTime", "wrap-up time" }, { "forceDeliveryOfCalls", "forced delivery" },
		{ "enableAutomaticStateChangeForAgents", "automatic agent state" },
		{ "enableReporting", "reporting" }, { "callCenterQueueThresholdsIsActive", "thresholds" },
		{ "allowCallsToAgentsInWrapUp", "calls to agents in wrap-up" },
	};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (json_bool(r, flags[i][0], 0)) {
			strcat(list, ", ");
			strcat(list, flags[i][1]);
		}
	if (json_bool(sub(r, "bouncedCalls"), "enableTransfer", 0))
		strcat(list, ", transfer of bounced calls");
	if (strcmp(type, "Premium") == 0) {
		tx_qfeat_finding(f, fp->premium_block ? TX_ERROR : TX_WARNING, "queue_premium",
				"set up DNIS, dispositions and reporting by hand, or plan a "
				"Webex Contact Center / Customer Assist queue instead",
				"a Premium call center: its Premium-only settings (DNIS, disposition and unavailable codes, thresholds, reporting)%s%s are "
				"not carried%s", list[0] ? "; set here: " : "", list[0] ? list + 2 : "",
				fp->premium_block ? "; the queue is not migrated" : "");
	} else if (list[0] != '\0') {
		tx_qfeat_finding(f, TX_WARNING, "feature_setting_not_migrated", "re-create the "
				"behaviour by hand if it matters; Webex queues have no such setting",
				"not carried to Webex: %s", list + 2);
	}
}

cJSON *tx_build_call_queue(struct tx_qfeat *f)
{
	cJSON *body;
	cJSON *x = tx_qfeat_entry(f, CQ_COLL, "/telephony/config/queues", "queues", 30, &body);
	tx_qfeat_identity(f, x, body);
	const cJSON *r = f->rec;
	cJSON *pol = cJSON_AddObjectToObject(body, "callPolicies");
	routing(f, pol);
	call_bounce(r, pol);
	distinctive_ring(r, pol);
	cJSON *qs = cJSON_AddObjectToObject(body, "queueSettings");
	cJSON_AddNumberToObject(qs, "queueSize", json_num(r, "queueLength", 10));
	cJSON_AddBoolToObject(qs, "callOfferToneEnabled", json_bool(r, "playRingingWhenOfferingCall", 1));
	cJSON_AddBoolToObject(qs, "resetCallStatisticsEnabled",
			      json_bool(r, "resetCallStatisticsUponEntryInQueue", 0));
	overflow(f, qs);
	announcements(f, qs);
	int weighted = strcmp(cJSON_GetObjectItem(pol, "policy")->valuestring, "WEIGHTED") == 0;
	int skill = strcmp(cJSON_GetObjectItem(pol, "routingType")->valuestring, "SKILL_BASED") == 0;
	cJSON *agents = cJSON_AddArrayToObject(body, "agents"), *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(r, "agents")) {
		cJSON *id = tx_qfeat_person(f, x, json_str(a, "userId"), "agent");
		if (id == NULL)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "id", id);
		if (weighted) {
			char w[16];
			snprintf(w, sizeof w, "%d", (int)json_num(a, "weight", 0));
			cJSON_AddStringToObject(o, "weight", w);
		}
		if (skill)
			cJSON_AddNumberToObject(o, "skillLevel", json_num(a, "skillLevel", 1));
		cJSON_AddItemToArray(agents, o);
	}
	cJSON_AddBoolToObject(body, "allowAgentJoinEnabled", json_bool(r, "allowAgentLogoff", 0));
	not_carried(f);
	tx_queue_settings(f);
	return x;
}
