/*
 * queues.c — /v1/telephony/config/…/queues: the call queue descriptor for
 * the feature engine (queue_features.c). Create answers 200 {id} (spec §1). The
 * body follows the call queue create schema (callPolicies {routingType,
 * policy, callBounce, distinctiveRing}, queueSettings {queueSize,
 * overflow {action, greeting}, …}, agents); SKILL_BASED routing takes
 * only CIRCULAR, REGULAR and UNIFORM. Sub-resources nightService,
 * holidayService, forcedForward, strandedCalls and callForwarding are
 * checked against their PUT schemas.
 */
#include "sandbox/queue_features.h"

#include <string.h>

static const char *const policies[] = { "CIRCULAR", "REGULAR", "SIMULTANEOUS", "UNIFORM",
					"WEIGHTED", NULL };
static const char *const routing[] = { "PRIORITY_BASED", "SKILL_BASED", NULL };
static const char *const rings[] = { "NORMAL", "LONG_LONG", "SHORT_SHORT_LONG",
				     "SHORT_LONG_SHORT", NULL };
static const char *const overflow[] = { "PERFORM_BUSY_TREATMENT",
					"PLAY_RINGING_UNTIL_CALLER_HANGS_UP",
					"TRANSFER_TO_PHONE_NUMBER", NULL };
static const char *const greeting[] = { "CUSTOM", "DEFAULT", NULL };
static const char *const wait_modes[] = { "TIME", "POSITION", NULL };
static const char *const clid[] = { "DIRECT_LINE", "LOCATION_NUMBER", "CUSTOM", NULL };

static const struct sbx_frule rules[] = {
	{ "name", 's', 1, NULL },
	{ "callPolicies", 'o', 1, NULL },
	{ "callPolicies.routingType", 's', 1, routing },
	{ "callPolicies.policy", 's', 1, policies },
	{ "callPolicies.callBounce", 'o', 1, NULL },
	{ "callPolicies.distinctiveRing", 'o', 1, NULL },
	{ "callPolicies.distinctiveRing.enabled", 'b', 1, NULL },
	{ "callPolicies.distinctiveRing.ringPattern", 's', 0, rings },
	{ "queueSettings", 'o', 1, NULL },
	{ "queueSettings.queueSize", 'n', 1, NULL },
	{ "queueSettings.overflow", 'o', 1, NULL },
	{ "queueSettings.overflow.action", 's', 1, overflow },
	{ "queueSettings.overflow.greeting", 's', 1, greeting },
	{ "queueSettings.welcomeMessage.greeting", 's', 1, greeting },
	{ "queueSettings.waitMessage.waitMode", 's', 1, wait_modes },
	{ "queueSettings.comfortMessage.greeting", 's', 1, greeting },
	{ "queueSettings.comfortMessageBypass.greeting", 's', 1, greeting },
	{ "queueSettings.mohMessage.normalSource", 'o', 1, NULL },
	{ "queueSettings.mohMessage.alternateSource", 'o', 1, NULL },
	{ "queueSettings.mohMessage.normalSource.greeting", 's', 1, greeting },
	{ "queueSettings.mohMessage.alternateSource.greeting", 's', 1, greeting },
	{ "queueSettings.whisperMessage.greeting", 's', 1, greeting },
	{ "agents", 'a', 1, NULL },
	{ "callingLineIdPolicy", 's', 0, clid },
	{ "allowAgentJoinEnabled", 'b', 0, NULL },
};

static int check(struct sandbox *sb, const cJSON *body, const char *org, int is_update,
		 struct sbx_resp *rs)
{
	if (sbx_fcheck(body, rules, sizeof rules / sizeof rules[0], is_update, rs) ||
	    sbx_fcheck_people(sb, sbx_fget(body, "agents"), "id", org, "agents", rs))
		return -1;
	const char *rt = json_str(sbx_fget(body, "callPolicies"), "routingType");
	const char *p = json_str(sbx_fget(body, "callPolicies"), "policy");
	if (rt && p && strcmp(rt, "SKILL_BASED") == 0 && strcmp(p, "CIRCULAR") != 0 &&
	    strcmp(p, "REGULAR") != 0 && strcmp(p, "UNIFORM") != 0) {
		sbx_reply_error(rs, 400, SBX_E_ENUM, "callPolicies.policy %s is not supported with "
				"SKILL_BASED routing (CIRCULAR, REGULAR or UNIFORM).", p);
		return -1;
	}
	return 0;
}

static const char *const busy_transfer[] = { "BUSY", "TRANSFER", NULL };
static const char *const modes[] = { "NORMAL", "MANUAL", NULL };
static const char *const levels[] = { "ORGANIZATION", "LOCATION", NULL };
static const char *const stranded[] = { "NONE", "BUSY", "TRANSFER", "NIGHT_SERVICE", "RINGING",
					"ANNOUNCEMENT", NULL };

static const struct sbx_frule night[] = {
	{ "nightServiceEnabled", 'b', 1, NULL }, { "action", 's', 0, busy_transfer },
	{ "transferPhoneNumber", 's', 0, NULL }, { "playAnnouncementBeforeEnabled", 'b', 1, NULL },
	{ "announcementMode", 's', 1, modes }, { "audioMessageSelection", 's', 1, greeting },
	{ "businessHoursName", 's', 0, NULL }, { "businessHoursLevel", 's', 0, levels },
	{ "forceNightServiceEnabled", 'b', 1, NULL },
	{ "manualAudioMessageSelection", 's', 1, greeting },
};
static const struct sbx_frule holiday[] = {
	{ "holidayServiceEnabled", 'b', 1, NULL }, { "action", 's', 1, busy_transfer },
	{ "holidayScheduleLevel", 's', 1, levels }, { "holidayScheduleName", 's', 0, NULL },
	{ "transferPhoneNumber", 's', 0, NULL }, { "playAnnouncementBeforeEnabled", 'b', 1, NULL },
	{ "audioMessageSelection", 's', 1, greeting },
};
static const struct sbx_frule forced[] = {
	{ "forcedForwardEnabled", 'b', 1, NULL }, { "transferPhoneNumber", 's', 0, NULL },
	{ "playAnnouncementBeforeEnabled", 'b', 1, NULL },
	{ "audioMessageSelection", 's', 1, greeting },
};
static const struct sbx_frule strand[] = {
	{ "action", 's', 1, stranded }, { "transferPhoneNumber", 's', 0, NULL },
	{ "audioMessageSelection", 's', 1, greeting },
};
static const struct sbx_frule forwarding[] = {
	{ "callForwarding", 'o', 0, NULL }, { "callForwarding.always", 'o', 0, NULL },
	{ "callForwarding.always.enabled", 'b', 0, NULL },
	{ "callForwarding.always.destination", 's', 0, NULL },
};

static int check_sub(const char *sub, const cJSON *body, struct sbx_resp *rs)
{
	static const struct { const char *name; const struct sbx_frule *r; size_t n; } subs[] = {
		{ "nightService", night, sizeof night / sizeof night[0] },
		{ "holidayService", holiday, sizeof holiday / sizeof holiday[0] },
		{ "forcedForward", forced, sizeof forced / sizeof forced[0] },
		{ "strandedCalls", strand, sizeof strand / sizeof strand[0] },
		{ "callForwarding", forwarding, sizeof forwarding / sizeof forwarding[0] },
	};
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(subs[i].name, sub) == 0)
			return sbx_fcheck(body, subs[i].r, subs[i].n, 0, rs);
	return 0;
}

const struct sbx_qfkind sbx_kind_queue = {
	"queues", "Call queue", "QUEUE", "queues", 200, 30, check, check_sub,
};

void sbx_queues_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_list(sb, rq, rs, &sbx_kind_queue);
}

void sbx_queue_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_create(sb, rq, rs, &sbx_kind_queue);
}

void sbx_queue_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_get(sb, rq, rs, &sbx_kind_queue);
}

void sbx_queue_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_update(sb, rq, rs, &sbx_kind_queue);
}

void sbx_queue_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_delete(sb, rq, rs, &sbx_kind_queue);
}

void sbx_queue_setting_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_setting_get(sb, rq, rs, &sbx_kind_queue);
}

void sbx_queue_setting_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_setting_put(sb, rq, rs, &sbx_kind_queue);
}
