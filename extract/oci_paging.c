/*
 * oci_paging.c — group paging instances -> `paging_group`: the instance
 * list (name, number, "Is Active"), GroupGroupPagingGetInstanceResponse19sp1
 * (profile, originator caller id options) and the originator and target
 * lists, whose "User Id" columns become `originators` and `targets`
 * (BroadWorks user ids, in table order).
 */
#include "extract/oci.h"

#include <string.h>

int oci_paging_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	return oci_instance_list(inv, c, INV_PAGING_GROUP, "pagingGroupTable", err);
}

int oci_paging_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	struct inv_rec *r = oci_instance_rec(inv, c, INV_PAGING_GROUP, err);
	if (r == NULL)
		return err->status;
	cJSON *o = inv_obj(r);
	xmlNodePtr n = c->node;
	oci_put_int(o, "confirmationToneTimeoutSeconds", n, "confirmationToneTimeoutSeconds");
	oci_put_bool(o, "deliverOriginatorCLIDInstead", n, "deliverOriginatorCLIDInstead");
	oci_put_str(o, "originatorCLIDPrefix", n, "originatorCLIDPrefix");
	return BWM_OK;
}

/* GroupGroupPagingGetOriginatorListResponse / GetTargetListResponse: one
 * member, merged into the instance's record by key. */
int oci_paging_members(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	int targets = strstr(c->family, "Target") != NULL;
	const char *id = oci_key(c, "serviceUserId");
	if (id == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its serviceUserId; "
				"pair it with its request or tag it with an echo", c->type);
	int rc = oci_scope(inv, c, 0, NULL, err);
	if (rc != BWM_OK)
		return rc;
	struct inv_rec *r = inv_add(inv, INV_PAGING_GROUP, 2, c->file, c->line);
	inv_set_owner(inv, r, id, NULL, NULL, c->type);
	cJSON *o = inv_obj(r);
	cJSON_AddStringToObject(o, "id", id);
	cJSON *list = cJSON_AddArrayToObject(o, targets ? "targets" : "originators");
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, targets ? "targetTable" : "originatorTable")) != 0)
		return BWM_OK;
	while (oci_table_next(&t)) {
		const char *user = oci_table_get(&t, "User Id");
		if (user != NULL)
			cJSON_AddItemToArray(list, cJSON_CreateString(user));
	}
	return BWM_OK;
}
