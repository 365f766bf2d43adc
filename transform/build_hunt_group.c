/*
 * build_hunt_group.c — a BroadWorks hunt group -> plan `hunt_group`
 * (POST /telephony/config/locations/{locationId}/huntGroups, spec §3),
 * plus its feature_setting entries: `callForwarding` from the service
 * user's Call Forwarding Always, `alternateNumbers` (PUT on the hunt
 * group) from its alternate numbers. The service user's Call Forwarding
 * Busy becomes callPolicies.busyRedirect of the create itself.
 *
 * Agents keep the BroadWorks table order (REGULAR and CIRCULAR hunt in
 * that order); weights are sent only for WEIGHTED, as percent strings.
 */
#include "transform/features.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HG_COLL "huntGroups"

/* The Webex policy for a BroadWorks HuntPolicy; NULL (and an error
 * finding) when the policy table has none. */
const char *tx_qfeat_policy(struct tx_qfeat *f, const char *bw)
{
	const struct tx_feature_policy *fp = f->r->c->m->fp;
	const char *p = fp ? tx_kv_get(fp->hunt, fp->n_hunt, bw) : NULL;
	if (p != NULL)
		return p;
	tx_qfeat_finding(f, TX_ERROR, "feature_policy_unknown", "add the policy to "
			"featurePolicies.huntPolicies in a -m mappings file (values CIRCULAR, "
			"REGULAR, SIMULTANEOUS, UNIFORM, WEIGHTED)", "hunt policy \"%s\" has no "
			"Webex counterpart in featurePolicies.huntPolicies; the feature is not "
			"migrated", bw ? bw : "(none)");
	return NULL;
}

/* {"enabled", "destination", "destinationVoicemailEnabled"} */
static void redirect(struct tx_qfeat *f, cJSON *pol, const char *name, int enabled,
		     const char *number, const char *what)
{
	char *dest = tx_qfeat_destination(f, number, what);
	cJSON *o = cJSON_AddObjectToObject(pol, name);
	cJSON_AddBoolToObject(o, "enabled", enabled && dest != NULL);
	if (dest != NULL)
		cJSON_AddStringToObject(o, "destination", dest);
	cJSON_AddBoolToObject(o, "destinationVoicemailEnabled", 0);
	free(dest);
}

static void no_answer(struct tx_qfeat *f, cJSON *pol)
{
	const struct tx_feature_policy *fp = f->r->c->m->fp;
	const cJSON *r = f->rec;
	cJSON *na = cJSON_AddObjectToObject(pol, "noAnswer");
	cJSON_AddBoolToObject(na, "nextAgentEnabled", json_bool(r, "huntAfterNoAnswer", 0));
	cJSON_AddNumberToObject(na, "nextAgentRings", json_num(r, "noAnswerNumberOfRings",
							       fp->default_rings));
	long secs = (long)json_num(r, "forwardTimeoutSeconds", 0);
	int fwd = json_bool(r, "forwardAfterTimeout", 0), clamped = 0;
	int rings = secs > 0 ? tx_rings_for_seconds(fp, secs, &clamped) : fp->default_rings;
	char *dest = fwd ? tx_qfeat_destination(f, json_str(r, "forwardToPhoneNumber"),
					       "no-answer forwarding") : NULL;
	if (fwd && clamped)
		tx_qfeat_finding(f, TX_WARNING, "feature_rings_clamped", "check the no-answer "
				"timing in Control Hub; change featurePolicies to round otherwise",
				"no-answer forwarding after %ld s is %d rings in Webex (range %d-%d, "
				"%g s a ring)", secs, rings, fp->min_rings, fp->max_rings,
				fp->seconds_per_ring);
	cJSON_AddBoolToObject(na, "forwardEnabled", dest != NULL);
	cJSON_AddNumberToObject(na, "numberOfRings", rings);
	if (dest != NULL)
		cJSON_AddStringToObject(na, "destination", dest);
	cJSON_AddBoolToObject(na, "destinationVoicemailEnabled", 0);
	free(dest);
}

/* Settings BroadWorks has and Webex does not (spec §15): reported. */
static void not_carried(struct tx_qfeat *f)
{
	const cJSON *r = f->rec;
	char list[512] = "";
	if (json_bool(r, "makeBusyWhenNotReachable", 0))
		strcat(list, ", make busy when not reachable");
	if (json_bool(r, "applyGroupBusyWhenTerminatingToAgent", 0))
		strcat(list, ", group busy when terminating to an agent");
	if (!json_bool(r, "useSystemHuntGroupCLIDSetting", 1))
		strcat(list, ", own calling line id settings");
	if (json_str(r, "networkClassOfService") != NULL)
		strcat(list, ", network class of service");
	if (list[0] != '\0')
		tx_qfeat_finding(f, TX_WARNING, "feature_setting_not_migrated", "re-create the "
				"behaviour by hand if it matters; Webex has no such setting",
				"not carried to Webex: %s", list + 2);
}

static void call_forwarding(struct tx_qfeat *f)
{
	const cJSON *cfa = tx_qfeat_user_setting(f, "call_forwarding_always");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(cfa, "value");
	if (v == NULL || (!json_bool(v, "isActive", 0) && json_str(v, "forwardToPhoneNumber") == NULL))
		return;
	char *dest = tx_qfeat_destination(f, json_str(v, "forwardToPhoneNumber"),
					 "call forwarding always");
	cJSON *x = tx_qfeat_setting(f, HG_COLL, "huntGroupId", "callForwarding", "callForwarding");
	cJSON *a = cJSON_AddObjectToObject(cJSON_AddObjectToObject(cJSON_GetObjectItem(x, "body"),
					   "callForwarding"), "always");
	cJSON_AddBoolToObject(a, "enabled", json_bool(v, "isActive", 0) && dest != NULL);
	if (dest != NULL)
		cJSON_AddStringToObject(a, "destination", dest);
	cJSON_AddBoolToObject(a, "ringReminderEnabled", json_bool(v, "isRingSplashActive", 0));
	cJSON_AddBoolToObject(a, "destinationVoicemailEnabled", 0);
	tx_qfeat_source(x, cfa);
	free(dest);
}

void tx_qfeat_alternate_numbers(struct tx_qfeat *f, const char *coll, const char *idparam,
			       cJSON *(*fill)(cJSON *body, int distinctive))
{
	const cJSON *alt = tx_qfeat_user_setting(f, "alternate_numbers");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(alt, "value");
	if (v == NULL)
		return;
	cJSON *list = cJSON_CreateArray();
	char numdeps[2][160];   /* the number entries holding them: active, inactive */
	int used[2] = { 0, 0 };
	snprintf(numdeps[0], sizeof numdeps[0], "%s", f->g->key);
	snprintf(numdeps[1], sizeof numdeps[1], "%s#inactive", f->g->key);
	for (int i = 1; i <= 10; i++) {
		char name[32];
		snprintf(name, sizeof name, "alternateEntry%02d", i);
		const cJSON *en = cJSON_GetObjectItemCaseSensitive(v, name);
		const char *num = json_str(en, "phoneNumber");
		if (num == NULL)
			continue;
		char e164[E164_MAX];
		const cJSON *n = e164_normalize(num, NULL, e164) == 0 ? tx_map_get(&f->g->nums, e164)
			: NULL;
		if (n == NULL) {
			tx_qfeat_finding(f, TX_WARNING, "feature_number_not_in_location", "add the "
					"number to the group's DN list in the export, or assign it in "
					"Control Hub", "alternate number %s is not among the numbers "
					"planned for location %s; left out", num, f->g->key);
			continue;
		}
		used[!json_bool(n, "activated", 1)] = 1;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "phoneNumber", e164);
		const char *rp = tx_ring_pattern(json_str(en, "ringPattern"));
		cJSON_AddStringToObject(o, "ringPattern", rp ? rp : "NORMAL");
		cJSON_AddItemToArray(list, o);
	}
	if (cJSON_GetArraySize(list) == 0) {
		cJSON_Delete(list);
		return;
	}
	cJSON *x = tx_qfeat_setting(f, coll, idparam, "alternateNumbers", NULL);
	for (int k = 0; k < 2; k++)
		if (used[k])
			tx_qfeat_depend(x, "number", numdeps[k]);
	cJSON *dst = fill(cJSON_GetObjectItem(x, "body"), json_bool(v, "distinctiveRing", 0));
	cJSON_AddItemToObject(dst, "alternateNumbers", list);
	tx_qfeat_source(x, alt);
}

static cJSON *hg_alternates(cJSON *body, int distinctive)
{
	cJSON_AddBoolToObject(body, "distinctiveRing", distinctive);
	return body;
}

cJSON *tx_build_hunt_group(struct tx_qfeat *f)
{
	cJSON *body;
	cJSON *x = tx_qfeat_entry(f, HG_COLL, "/telephony/config/huntGroups", "huntGroups", 30,
				 &body);
	tx_qfeat_identity(f, x, body);
	const cJSON *r = f->rec;
	cJSON_AddBoolToObject(body, "enabled", json_bool(r, "isActive", 1));
	cJSON *pol = cJSON_AddObjectToObject(body, "callPolicies");
	const char *policy = tx_qfeat_policy(f, json_str(r, "policy"));
	cJSON_AddStringToObject(pol, "policy", policy ? policy : "");
	cJSON_AddBoolToObject(pol, "waitingEnabled", json_bool(r, "allowCallWaitingForAgents", 0));
	cJSON_AddBoolToObject(pol, "groupBusyEnabled", json_bool(r, "enableGroupBusy", 0));
	cJSON_AddBoolToObject(pol, "allowMembersToControlGroupBusyEnabled",
			      json_bool(r, "allowMembersToControlGroupBusy", 0));
	no_answer(f, pol);
	const cJSON *cfb = cJSON_GetObjectItemCaseSensitive(tx_qfeat_user_setting(f,
							    "call_forwarding_busy"), "value");
	if (cfb != NULL)
		redirect(f, pol, "busyRedirect", json_bool(cfb, "isActive", 0),
			 json_str(cfb, "forwardToPhoneNumber"), "busy forwarding");
	redirect(f, pol, "businessContinuityRedirect", json_bool(r, "enableNotReachableForwarding", 0),
		 json_str(r, "notReachableForwardToPhoneNumber"), "not-reachable forwarding");
	cJSON *agents = cJSON_AddArrayToObject(body, "agents"), *a;
	int weighted = policy && strcmp(policy, "WEIGHTED") == 0;
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
		cJSON_AddItemToArray(agents, o);
	}
	not_carried(f);
	call_forwarding(f);
	tx_qfeat_alternate_numbers(f, HG_COLL, "huntGroupId", hg_alternates);
	return x;
}
