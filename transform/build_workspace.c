/*
 * build_workspace.c — a common-area phone (a BroadWorks user the
 * "commonArea" rules recognise) becomes a Webex workspace with Webex
 * Calling in its group's location, with the user's number or extension;
 * its phone is then created for the workspace (build_device.c). The
 * entry's shape is in docs/plan-format.md.
 */
#include "transform/internal.h"

#include <string.h>

static void depend(cJSON *x, const char *kind, const char *key, const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s%s", kind, key, suffix);
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
}

const char *tx_workspace_name(const struct tx_user *u, char *buf, size_t len)
{
	const char *first = json_str(u->j, "firstName"), *last = json_str(u->j, "lastName");
	if (first != NULL && last != NULL)
		snprintf(buf, len, "%s %s", first, last);
	else
		snprintf(buf, len, "%s", last ? last : first ? first : json_str_or(u->j, "id", "?"));
	return buf;
}

cJSON *tx_build_workspace(struct tx_ctx *c, struct tx_user *u, const char *cust_key)
{
	(void)c;
	const char *key = json_str(u->j, "key");
	char name[256];
	tx_workspace_name(u, name, sizeof name);
	cJSON *x = tx_entry_new("workspace", key, NULL, "POST", "/workspaces");
	depend(x, "location", u->grp->key, "");
	if (u->number != NULL)
		depend(x, "number", u->grp->key, u->number_active ? "" : "#inactive");
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	cJSON_AddStringToObject(body, "displayName", name);
	cJSON_AddItemToObject(body, "orgId", tx_ref("customer:%s#orgId", cust_key));
	cJSON_AddItemToObject(body, "locationId", tx_ref("location:%s", u->grp->key));
	cJSON_AddStringToObject(body, "type", "other");
	cJSON_AddStringToObject(body, "supportedDevices", "phones");
	cJSON *calling = cJSON_AddObjectToObject(body, "calling");
	cJSON_AddStringToObject(calling, "type", "webexCalling");
	cJSON *wc = cJSON_AddObjectToObject(calling, "webexCalling");
	json_add_str_opt(wc, "phoneNumber", u->number);
	json_add_str_opt(wc, "extension", json_str(u->j, "extension"));
	cJSON_AddItemToObject(wc, "locationId", tx_ref("location:%s", u->grp->key));
	cJSON *lookup = cJSON_AddObjectToObject(x, "lookup");
	cJSON_AddStringToObject(lookup, "path", "/workspaces");
	cJSON *q = cJSON_AddObjectToObject(lookup, "query");
	cJSON_AddStringToObject(q, "displayName", name);
	cJSON_AddItemToObject(q, "orgId", tx_ref("customer:%s#orgId", cust_key));
	cJSON_AddItemToObject(q, "locationId", tx_ref("location:%s", u->grp->key));
	cJSON_AddStringToObject(lookup, "items", "items");
	cJSON *match = cJSON_AddObjectToObject(lookup, "match");
	cJSON_AddStringToObject(match, "displayName", name);
	tx_entry_delete(x, "/workspaces/{id}");
	cJSON *src = cJSON_AddArrayToObject(x, "source");
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "user:%s", key);
	cJSON_AddItemToArray(src, cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
	return x;
}
