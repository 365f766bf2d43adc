/*
 * build_paging.c — a BroadWorks group paging instance -> plan
 * `paging_group` (POST /telephony/config/locations/{locationId}/paging,
 * spec §9): originators and targets as the people the plan creates, in
 * BroadWorks table order. The confirmation tone timeout and the
 * originator caller id prefix have no counterpart and are reported.
 */
#include "transform/features.h"

#include <string.h>

static void members(struct tx_qfeat *f, cJSON *x, cJSON *body, const char *name,
		    const char *role)
{
	cJSON *list = cJSON_AddArrayToObject(body, name), *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(f->rec, name)) {
		cJSON *id = tx_qfeat_person(f, x, cJSON_IsString(m) ? m->valuestring : NULL, role);
		if (id != NULL)
			cJSON_AddItemToArray(list, id);
	}
}

cJSON *tx_build_paging(struct tx_qfeat *f)
{
	cJSON *body;
	cJSON *x = tx_qfeat_entry(f, "paging", "/telephony/config/paging", "locationPaging", 30,
				 &body);
	tx_qfeat_identity(f, x, body);
	cJSON_AddBoolToObject(body, "originatorCallerIdEnabled",
			      json_bool(f->rec, "deliverOriginatorCLIDInstead", 0));
	members(f, x, body, "originators", "originator");
	members(f, x, body, "targets", "target");
	const char *prefix = json_str(f->rec, "originatorCLIDPrefix");
	if (prefix != NULL)
		tx_qfeat_finding(f, TX_WARNING, "feature_setting_not_migrated", "tell the targets "
				"that pages no longer carry the prefix", "the originator caller id "
				"prefix \"%s\" has no Webex counterpart; not carried", prefix);
	return x;
}
