/*
 * oci_group.c — groups: GroupGetListInServiceProvider rows (id, name,
 * user limit) and GroupGet (R21 ... 22V5) profiles, both -> `group`.
 * The profile wins over the list row for the fields both carry.
 */
#include "extract/oci.h"

int oci_group_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	int rc = oci_scope(inv, c, 0, NULL, err);
	if (rc != BWM_OK)
		return rc;
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, "groupTable")) != 0)
		return BWM_OK;
	if (oci_table_col(&t, "Group Id") < 0)
		return bwm_fail(err, BWM_EINPUT, "%s: groupTable has no \"Group Id\" column",
				c->type);
	while (oci_table_next(&t)) {
		const char *id = oci_table_get(&t, "Group Id");
		if (id == NULL)
			continue;
		struct inv_rec *r = inv_add(inv, INV_GROUP, 0, c->file, c->line);
		cJSON *o = inv_obj(r);
		inv_set_key(inv, r, "%s/%s", inv_current(inv), id);
		cJSON_AddStringToObject(o, "id", id);
		json_add_str_opt(o, "name", oci_table_get(&t, "Group Name"));
		oci_put_int_text(o, "userLimit", oci_table_get(&t, "User Limit"));
	}
	return BWM_OK;
}

int oci_group_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	xmlNodePtr n = c->node;
	struct inv_rec *r = inv_add(inv, INV_GROUP, 1, c->file, c->line);
	cJSON *o = inv_obj(r);
	inv_set_key(inv, r, "%s/%s", inv_current(inv), group);
	cJSON_AddStringToObject(o, "id", group);
	oci_put_str(o, "name", n, "groupName");
	oci_put_str(o, "defaultDomain", n, "defaultDomain");
	oci_put_int(o, "userLimit", n, "userLimit");
	oci_put_int(o, "userCount", n, "userCount");
	oci_put_str(o, "timeZone", n, "timeZone");
	oci_put_str(o, "timeZoneDisplayName", n, "timeZoneDisplayName");
	oci_put_str(o, "callingLineIdName", n, "callingLineIdName");
	const char *clid = oci_get(n, "callingLineIdPhoneNumber");
	if (clid != NULL) {
		char e164[E164_MAX];
		cJSON_AddStringToObject(o, "callingLineIdPhoneNumber",
					e164_normalize(clid, NULL, e164) == 0 ? e164 : clid);
	}
	oci_put_contact_address(o, n);
	oci_put_str(o, "externalId", n, "groupExternalId");
	return BWM_OK;
}

int oci_group_policy(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	xmlNodePtr n = c->node;
	/* below the profile (GroupGet), which keeps the record's source */
	struct inv_rec *r = inv_add(inv, INV_GROUP, 0, c->file, c->line);
	cJSON *o = inv_obj(r);
	inv_set_key(inv, r, "%s/%s", inv_current(inv), group);
	cJSON_AddStringToObject(o, "id", group);
	cJSON *p = cJSON_AddObjectToObject(o, "callProcessingPolicy");
	oci_put_bool(p, "useGroupCLIDSetting", n, "useGroupCLIDSetting");
	oci_put_str(p, "clidPolicy", n, "clidPolicy");
	oci_put_str(p, "emergencyClidPolicy", n, "emergencyClidPolicy");
	oci_put_bool(p, "useGroupName", n, "useGroupName");
	oci_put_bool(p, "blockCallingNameForExternalCalls", n, "blockCallingNameForExternalCalls");
	/* the group record's own source is its profile's: findings about
	 * the policy name this response */
	cJSON *src = cJSON_AddObjectToObject(p, "source");
	cJSON_AddStringToObject(src, "file", c->file ? c->file : "");
	cJSON_AddNumberToObject(src, "line", (double)c->line);
	return BWM_OK;
}
