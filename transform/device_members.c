/*
 * device_members.c — a migrated phone's complete line list
 * (device_members: PUT /telephony/config/devices/{deviceId}/members,
 * which replaces the list) and the applyChanges call that pushes it to
 * the phone (device_apply). The primary owner is on port 1; a shared
 * appearance keeps its BroadWorks port when that port is free, else takes
 * the next free one; a user appearing on several ports is one member whose
 * lineWeight counts them. Entry shapes: docs/plan-format.md.
 */
#include "transform/devices.h"

#include <stdlib.h>
#include <string.h>

static void params(cJSON *x, const struct tx_feat *fc, const char *key)
{
	cJSON *p = cJSON_GetObjectItem(x, "params");
	cJSON_AddItemToObject(p, "deviceId", tx_ref("device:%s", key));
	cJSON_AddItemToObject(p, "orgId", tx_ref("customer:%s#orgId", fc->cust_key));
}

static void source(cJSON *x, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "device:%s", key);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "source"), cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
}

/* The member of user u already in members (same person or workspace). */
static cJSON *member_of(cJSON *members, const char *ref_str)
{
	cJSON *m;
	cJSON_ArrayForEach(m, members)
		if (strcmp(json_str(cJSON_GetObjectItem(m, "id"), "$ref"), ref_str) == 0)
			return m;
	return NULL;
}

static int next_free(const unsigned char *used, int ports)
{
	for (int p = 1; p <= ports; p++)
		if (!used[p])
			return p;
	return 0;
}

cJSON *dev_build_members(const struct tx_feat *fc, const cJSON *rec, const char *owner_dep,
			 const struct dev_line *lines, size_t n, int ports)
{
	const char *key = json_str(rec, "key");
	cJSON *x = tx_entry_new("device_members", key, NULL, "PUT",
				"/telephony/config/devices/{deviceId}/members");
	params(x, fc, key);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "device:%s", key);
	tx_depend(x, sb.buf);
	strbuf_free(&sb);
	tx_depend(x, owner_dep);
	cJSON *members = cJSON_AddArrayToObject(cJSON_AddObjectToObject(x, "body"), "members");
	unsigned char *used = xcalloc((size_t)ports + 2, 1);
	for (size_t i = 0; i < n; i++) {
		char dep[400];
		cJSON *id = dev_owner_ref(lines[i].u, dep, sizeof dep);
		cJSON *m = member_of(members, json_str(id, "$ref"));
		int want = lines[i].primary ? 1 : lines[i].port;
		int port = want >= 1 && want <= ports && !used[want] ? want : next_free(used, ports);
		used[port] = 1;
		if (m != NULL) {
			/* the same person on another port: one member, one more line */
			cJSON *w = cJSON_GetObjectItem(m, "lineWeight");
			cJSON_SetNumberValue(w, w->valuedouble + 1);
			cJSON_Delete(id);
			continue;
		}
		tx_depend(x, dep);
		m = cJSON_CreateObject();
		cJSON_AddItemToObject(m, "id", id);
		cJSON_AddNumberToObject(m, "port", port);
		cJSON_AddBoolToObject(m, "primaryOwner", lines[i].primary);
		cJSON_AddStringToObject(m, "lineType",
					lines[i].primary ? "PRIMARY" : "SHARED_CALL_APPEARANCE");
		cJSON_AddNumberToObject(m, "lineWeight", 1);
		cJSON_AddBoolToObject(m, "hotlineEnabled", lines[i].hotline != NULL);
		if (lines[i].hotline != NULL)
			cJSON_AddStringToObject(m, "hotlineDestination", lines[i].hotline);
		cJSON_AddBoolToObject(m, "allowCallDeclineEnabled", 1);
		cJSON_AddItemToArray(members, m);
	}
	free(used);
	source(x, key);
	return x;
}

cJSON *dev_build_apply(const struct tx_feat *fc, const cJSON *rec, int with_members)
{
	const char *key = json_str(rec, "key");
	cJSON *x = tx_entry_new("device_apply", key, NULL, "POST",
				"/telephony/config/devices/{deviceId}/actions/applyChanges/invoke");
	params(x, fc, key);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%s", with_members ? "device_members" : "device", key);
	tx_depend(x, sb.buf);
	strbuf_free(&sb);
	cJSON_AddObjectToObject(x, "body");
	cJSON_AddBoolToObject(x, "resend", 1);
	source(x, key);
	return x;
}
