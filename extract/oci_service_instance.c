/*
 * oci_service_instance.c — group service instances, each a virtual user
 * with its own serviceUserId: hunt groups, auto attendants and call
 * centers (instance list rows, GetInstance profiles, call center agent
 * lists) -> `hunt_group`, `auto_attendant`, `call_center`. An auto
 * attendant's own response is read in oci_auto_attendant.c, the call
 * center's sub-requests in oci_call_center_sub.c, paging groups in
 * oci_paging.c; they share the list and profile readers below.
 *
 * GetInstance requests name only the serviceUserId; the group comes from
 * the instance list (or the DN assignment list) through the key index.
 */
#include "extract/oci.h"

#include <string.h>

static void put_phone(cJSON *o, const char *number, const char *cc)
{
	char e164[E164_MAX];
	if (number == NULL)
		return;
	if (e164_normalize(number, cc, e164) == 0)
		cJSON_AddStringToObject(o, "phoneNumber", e164);
	else
		cJSON_AddStringToObject(o, "phoneNumberRaw", number);
}

int oci_instance_list(struct inventory *inv, const struct oci_cmd *c, enum inv_kind kind,
			 const char *table, struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, table)) != 0)
		return BWM_OK;
	while (oci_table_next(&t)) {
		const char *id = oci_table_get(&t, "Service User Id");
		if (id == NULL)
			continue;
		inv_index(inv, id, group);
		struct inv_rec *r = inv_add(inv, kind, 0, c->file, c->line);
		cJSON *o = inv_obj(r);
		inv_set_key(inv, r, "%s/%s/%s", inv_current(inv), group, id);
		cJSON_AddStringToObject(o, "group", group);
		cJSON_AddStringToObject(o, "id", id);
		json_add_str_opt(o, "name", oci_table_get(&t, "Name"));
		put_phone(o, oci_table_get(&t, "Phone Number"), NULL);
		json_add_str_opt(o, "extension", oci_table_get(&t, "Extension"));
		json_add_str_opt(o, "policy", oci_table_get(&t, "Policy"));
		json_add_str_opt(o, "type", oci_table_get(&t, "Type"));
		oci_put_bool_text(o, "isActive", oci_table_get(&t, "Is Active"));
	}
	return BWM_OK;
}

int oci_hunt_group_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	return oci_instance_list(inv, c, INV_HUNT_GROUP, "huntGroupTable", err);
}

int oci_auto_attendant_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	return oci_instance_list(inv, c, INV_AUTO_ATTENDANT, "autoAttendantTable", err);
}

int oci_call_center_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	return oci_instance_list(inv, c, INV_CALL_CENTER, "callCenterTable", err);
}

struct inv_rec *oci_instance_rec(struct inventory *inv, const struct oci_cmd *c,
				    enum inv_kind kind, struct bwm_error *err)
{
	const char *id = oci_key(c, "serviceUserId");
	if (id == NULL) {
		bwm_fail(err, BWM_EINPUT, "%s has no request naming its serviceUserId; pair it "
			 "with its request or tag it with an echo", c->type);
		return NULL;
	}
	const char *group = NULL;
	if (oci_scope(inv, c, 0, &group, err) != BWM_OK)
		return NULL;
	struct inv_rec *r = inv_add(inv, kind, 1, c->file, c->line);
	cJSON *o = inv_obj(r);
	if (group != NULL) {
		inv_set_key(inv, r, "%s/%s/%s", inv_current(inv), group, id);
		cJSON_AddStringToObject(o, "group", group);
	} else {
		inv_set_owner(inv, r, id, NULL, NULL, c->type);
	}
	cJSON_AddStringToObject(o, "id", id);
	xmlNodePtr p = oci_child(c->node, "serviceInstanceProfile");
	oci_put_str(o, "name", p, "name");
	put_phone(o, oci_get(p, "phoneNumber"), oci_get(p, "countryCode"));
	oci_put_str(o, "extension", p, "extension");
	oci_put_str(o, "language", p, "language");
	oci_put_str(o, "timeZone", p, "timeZone");
	oci_put_str(o, "callingLineIdFirstName", p, "callingLineIdFirstName");
	oci_put_str(o, "callingLineIdLastName", p, "callingLineIdLastName");
	oci_put_str(o, "callingLineIdPhoneNumber", p, "callingLineIdPhoneNumber");
	return r;
}

/* agents: [{userId, <int columns>...}] from an agent table. */
static void put_agents(cJSON *o, xmlNodePtr tab, const char *const *cols,
		       const char *const *names, size_t ncols)
{
	struct oci_table t;
	cJSON *agents = cJSON_AddArrayToObject(o, "agents");
	if (oci_table_open(&t, tab) != 0)
		return;
	while (oci_table_next(&t)) {
		const char *user = oci_table_get(&t, "User Id");
		if (user == NULL)
			continue;
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "userId", user);
		for (size_t i = 0; i < ncols; i++)
			oci_put_int_text(a, names[i], oci_table_get(&t, cols[i]));
		cJSON_AddItemToArray(agents, a);
	}
}

int oci_hunt_group_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	static const char *const cols[] = { "Weight" }, *const names[] = { "weight" };
	struct inv_rec *r = oci_instance_rec(inv, c, INV_HUNT_GROUP, err);
	if (r == NULL)
		return err->status;
	cJSON *o = inv_obj(r);
	xmlNodePtr n = c->node;
	oci_put_str(o, "policy", n, "policy");
	oci_put_int(o, "noAnswerNumberOfRings", n, "noAnswerNumberOfRings");
	oci_put_bool(o, "forwardAfterTimeout", n, "forwardAfterTimeout");
	oci_put_int(o, "forwardTimeoutSeconds", n, "forwardTimeoutSeconds");
	oci_put_str(o, "forwardToPhoneNumber", n, "forwardToPhoneNumber");
	static const char *const flags[] = {
		"huntAfterNoAnswer", "allowCallWaitingForAgents", "enableGroupBusy",
		"allowMembersToControlGroupBusy", "enableNotReachableForwarding",
		"makeBusyWhenNotReachable", "applyGroupBusyWhenTerminatingToAgent",
		"useSystemHuntGroupCLIDSetting", "includeHuntGroupNameInCLID",
	};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		oci_put_bool(o, flags[i], n, flags[i]);
	oci_put_str(o, "notReachableForwardToPhoneNumber", n, "notReachableForwardToPhoneNumber");
	oci_put_str(o, "networkClassOfService", n, "networkClassOfService");
	put_agents(o, oci_child(n, "agentUserTable"), cols, names, 1);
	return BWM_OK;
}

int oci_call_center_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	struct inv_rec *r = oci_instance_rec(inv, c, INV_CALL_CENTER, err);
	if (r == NULL)
		return err->status;
	cJSON *o = inv_obj(r);
	xmlNodePtr n = c->node;
	oci_put_str(o, "type", n, "type");
	oci_put_str(o, "policy", n, "policy");
	oci_put_str(o, "routingType", n, "routingType");
	oci_put_int(o, "queueLength", n, "queueLength");
	oci_put_bool(o, "allowAgentLogoff", n, "allowAgentLogoff");
	oci_put_int(o, "wrapUpSeconds", n, "wrapUpSeconds");
	static const char *const flags[] = {
		"enableVideo", "enableReporting", "allowCallerToDialEscapeDigit",
		"resetCallStatisticsUponEntryInQueue", "allowCallWaitingForAgents",
		"allowCallsToAgentsInWrapUp", "overrideAgentWrapUpTime", "forceDeliveryOfCalls",
		"enableAutomaticStateChangeForAgents", "playRingingWhenOfferingCall",
		"callCenterQueueThresholdsIsActive",
	};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		oci_put_bool(o, flags[i], n, flags[i]);
	oci_put_str(o, "escapeDigit", n, "escapeDigit");
	oci_put_str(o, "agentStateAfterCall", n, "agentStateAfterCall");
	return BWM_OK;
}

int oci_call_center_agents(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	static const char *const cols[] = { "Skill Level", "Weight" };
	static const char *const names[] = { "skillLevel", "weight" };
	const char *id = oci_key(c, "serviceUserId");
	if (id == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its serviceUserId; "
				"pair it with its GroupCallCenterGetAgentListRequest", c->type);
	int rc = oci_scope(inv, c, 0, NULL, err);
	if (rc != BWM_OK)
		return rc;
	/* Agents only: merged into the instance's record by key. */
	struct inv_rec *r = inv_add(inv, INV_CALL_CENTER, 2, c->file, c->line);
	inv_set_owner(inv, r, id, NULL, NULL, c->type);
	cJSON_AddStringToObject(inv_obj(r), "id", id);
	put_agents(inv_obj(r), oci_child(c->node, "agentTable"), cols, names, 2);
	return BWM_OK;
}

/* The supervisors of a Premium call center (GroupCallCenterGetSupervisor
 * ListResponse16, "User Id" column) as its `supervisors` member. */
int oci_call_center_supervisors(struct inventory *inv, const struct oci_cmd *c,
				struct bwm_error *err)
{
	const char *id = oci_key(c, "serviceUserId");
	if (id == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its serviceUserId; "
				"pair it with its GroupCallCenterGetSupervisorListRequest16", c->type);
	int rc = oci_scope(inv, c, 0, NULL, err);
	if (rc != BWM_OK)
		return rc;
	struct inv_rec *r = inv_add(inv, INV_CALL_CENTER, 2, c->file, c->line);
	inv_set_owner(inv, r, id, NULL, NULL, c->type);
	cJSON *o = inv_obj(r);
	cJSON_AddStringToObject(o, "id", id);
	cJSON *list = cJSON_AddArrayToObject(o, "supervisors");
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, "supervisorTable")) == 0)
		while (oci_table_next(&t)) {
			const char *user = oci_table_get(&t, "User Id");
			if (user != NULL)
				cJSON_AddItemToArray(list, cJSON_CreateString(user));
		}
	return BWM_OK;
}
