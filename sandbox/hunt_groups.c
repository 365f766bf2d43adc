/*
 * hunt_groups.c — /v1/telephony/config/…/huntGroups: the hunt group
 * descriptor for the feature engine (queue_features.c). Create answers 200
 * {id} (spec §1). The body follows the HuntGroup create schema: name,
 * callPolicies {policy, noAnswer {…}}, agents [{id, weight}], enabled;
 * agents must be people of the org, weights strings. PUT …/callForwarding
 * takes {callForwarding: {always, selective, rules}}.
 */
#include "sandbox/queue_features.h"

#include <string.h>

static const char *const policies[] = { "CIRCULAR", "REGULAR", "SIMULTANEOUS", "UNIFORM",
					"WEIGHTED", NULL };
static const char *const selections[] = { "CUSTOM_NAME", "DISPLAY_NAME", NULL };

static const struct sbx_frule rules[] = {
	{ "name", 's', 1, NULL },
	{ "phoneNumber", 's', 0, NULL },
	{ "extension", 's', 0, NULL },
	{ "enabled", 'b', 1, NULL },
	{ "callPolicies", 'o', 1, NULL },
	{ "callPolicies.policy", 's', 1, policies },
	{ "callPolicies.waitingEnabled", 'b', 0, NULL },
	{ "callPolicies.groupBusyEnabled", 'b', 0, NULL },
	{ "callPolicies.allowMembersToControlGroupBusyEnabled", 'b', 0, NULL },
	{ "callPolicies.noAnswer", 'o', 1, NULL },
	{ "callPolicies.noAnswer.nextAgentEnabled", 'b', 1, NULL },
	{ "callPolicies.noAnswer.nextAgentRings", 'n', 1, NULL },
	{ "callPolicies.noAnswer.forwardEnabled", 'b', 1, NULL },
	{ "callPolicies.noAnswer.numberOfRings", 'n', 1, NULL },
	{ "callPolicies.noAnswer.destination", 's', 0, NULL },
	{ "callPolicies.noAnswer.destinationVoicemailEnabled", 'b', 1, NULL },
	{ "callPolicies.busyRedirect", 'o', 0, NULL },
	{ "callPolicies.busyRedirect.enabled", 'b', 0, NULL },
	{ "callPolicies.businessContinuityRedirect", 'o', 0, NULL },
	{ "callPolicies.businessContinuityRedirect.enabled", 'b', 0, NULL },
	{ "agents", 'a', 1, NULL },
	{ "directLineCallerIdName", 'o', 0, NULL },
	{ "directLineCallerIdName.selection", 's', 0, selections },
	{ "alternateNumbers", 'a', 0, NULL },
	{ "distinctiveRing", 'b', 0, NULL },
};

static int check(struct sandbox *sb, const cJSON *body, const char *org, int is_update,
		 struct sbx_resp *rs)
{
	if (sbx_fcheck(body, rules, sizeof rules / sizeof rules[0], is_update, rs) ||
	    sbx_fcheck_people(sb, sbx_fget(body, "agents"), "id", org, "agents", rs))
		return -1;
	const cJSON *a;
	cJSON_ArrayForEach(a, sbx_fget(body, "agents")) {
		const cJSON *w = cJSON_GetObjectItemCaseSensitive(a, "weight");
		if (w != NULL && !cJSON_IsString(w)) {
			sbx_reply_error(rs, 400, SBX_E_FORMAT, "agents: weight must be a string "
					"(a percentage such as \"30\").");
			return -1;
		}
	}
	return 0;
}

static int check_sub(const char *sub, const cJSON *body, struct sbx_resp *rs)
{
	static const struct sbx_frule cf[] = {
		{ "callForwarding", 'o', 0, NULL },
		{ "callForwarding.always", 'o', 0, NULL },
		{ "callForwarding.always.enabled", 'b', 0, NULL },
		{ "callForwarding.always.destination", 's', 0, NULL },
		{ "callForwarding.always.ringReminderEnabled", 'b', 0, NULL },
		{ "callForwarding.always.destinationVoicemailEnabled", 'b', 0, NULL },
		{ "callForwarding.selective", 'o', 0, NULL },
		{ "callForwarding.rules", 'a', 0, NULL },
	};
	(void)sub;
	return sbx_fcheck(body, cf, sizeof cf / sizeof cf[0], 0, rs);
}

const struct sbx_qfkind sbx_kind_hunt_group = {
	"huntGroups", "Hunt group", "HUNT_GROUP", "huntGroups", 200, 30, check, check_sub,
};

void sbx_hunt_groups_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_list(sb, rq, rs, &sbx_kind_hunt_group);
}

void sbx_hunt_group_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_create(sb, rq, rs, &sbx_kind_hunt_group);
}

void sbx_hunt_group_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_get(sb, rq, rs, &sbx_kind_hunt_group);
}

void sbx_hunt_group_update(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_update(sb, rq, rs, &sbx_kind_hunt_group);
}

void sbx_hunt_group_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_delete(sb, rq, rs, &sbx_kind_hunt_group);
}

void sbx_hunt_group_setting_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_setting_get(sb, rq, rs, &sbx_kind_hunt_group);
}

void sbx_hunt_group_setting_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	sbx_qfeature_setting_put(sb, rq, rs, &sbx_kind_hunt_group);
}
