/*
 * device_members.c — the lines of a phone:
 * GET/PUT /v1/telephony/config/devices/{deviceId}/members and
 * POST …/devices/{deviceId}/actions/applyChanges/invoke.
 *
 * PUT replaces the whole list (PutMembersRequest): every member needs id (a
 * person or workspace of the device's org), port (1 … the model's
 * numberOfLinePorts, each port once), primaryOwner and lineWeight (400
 * otherwise); lineType PRIMARY or SHARED_CALL_APPEARANCE; more members than
 * the model has line ports is 400. Without "members" only the primary
 * owner stays, as the API documents. GET answers {model, maxLineCount,
 * members}. applyChanges answers 204 and is counted.
 */
#include "sandbox/devices.h"

#include <stdlib.h>
#include <string.h>

static cJSON *members_load(struct sandbox *sb, const char *device_id)
{
	sqlite3_stmt *st = sbx_prep(sb, "SELECT doc FROM device_members WHERE device_id = ?1");
	cJSON *list = NULL;
	if (st != NULL) {
		sbx_bind(st, 1, device_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			list = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	return cJSON_IsArray(list) ? list : (cJSON_Delete(list), cJSON_CreateArray());
}

void sbx_device_members_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *dev = sbx_device_find(sb, rq, rs);
	if (dev == NULL)
		return;
	const struct sbx_model *m = sbx_model_find(json_str(dev, "model"));
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "model", json_str_or(dev, "model", ""));
	cJSON_AddNumberToObject(o, "maxLineCount", m ? m->line_ports : 1);
	cJSON_AddItemToObject(o, "members", members_load(sb, rq->id));
	cJSON_Delete(dev);
	sbx_reply_json(rs, 200, o);
}

/* A member id must be a person or a workspace of org. */
static int member_of_org(struct sandbox *sb, const char *id, const char *org)
{
	char *o = sbx_person_org(sb, id);
	if (o == NULL)
		o = sbx_workspace_org(sb, id);
	int ok = o != NULL && strcmp(o, org) == 0;
	free(o);
	return ok;
}

static int check_member(struct sandbox *sb, const cJSON *mb, int k, int ports, const char *org,
			unsigned char *used, struct sbx_resp *rs)
{
	static const char *const needed[] = { "id", "port", "primaryOwner", "lineType",
					      "lineWeight" };
	for (size_t n = 0; n < sizeof needed / sizeof needed[0]; n++)
		if (cJSON_GetObjectItemCaseSensitive(mb, needed[n]) == NULL) {
			sbx_reply_error(rs, 400, SBX_E_REQUIRED, "members[%d].%s is required.", k,
					needed[n]);
			return -1;
		}
	const char *id = json_str(mb, "id"), *type = json_str(mb, "lineType");
	const cJSON *port = cJSON_GetObjectItemCaseSensitive(mb, "port");
	if (!cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(mb, "primaryOwner")) ||
	    !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(mb, "lineWeight")) ||
	    !cJSON_IsNumber(port) || id == NULL) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "members[%d]: id is a string, port and "
				"lineWeight numbers, primaryOwner a boolean.", k);
		return -1;
	}
	if (type == NULL || (strcmp(type, "PRIMARY") != 0 &&
			     strcmp(type, "SHARED_CALL_APPEARANCE") != 0)) {
		sbx_reply_error(rs, 400, SBX_E_ENUM, "members[%d].lineType must be PRIMARY or "
				"SHARED_CALL_APPEARANCE.", k);
		return -1;
	}
	int p = port->valueint;
	if (p < 1 || p > ports || used[p]) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "members[%d].port %d is %s; the device has "
				"ports 1 to %d.", k, p, p >= 1 && p <= ports ? "taken twice" :
				"not a port of the device", ports);
		return -1;
	}
	used[p] = 1;
	if (!member_of_org(sb, id, org)) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "members[%d].id '%s' is not a person or "
				"workspace of organization '%s'.", k, id, org);
		return -1;
	}
	return 0;
}

static int check_members(struct sandbox *sb, const cJSON *list, const cJSON *dev,
			 struct sbx_resp *rs)
{
	const struct sbx_model *m = sbx_model_find(json_str(dev, "model"));
	int ports = m ? m->line_ports : 1, n = cJSON_GetArraySize(list), k = 0;
	if (!cJSON_IsArray(list)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "members must be an array.");
		return -1;
	}
	if (n > ports) {
		sbx_reply_error(rs, 400, SBX_E_LENGTH, "%d members, but a %s has %d line port%s.",
				n, json_str_or(dev, "model", "device"), ports, ports == 1 ? "" : "s");
		return -1;
	}
	unsigned char *used = xcalloc((size_t)ports + 1, 1);
	const cJSON *mb;
	int rc = 0;
	cJSON_ArrayForEach(mb, list)
		if (rc == 0)
			rc = check_member(sb, mb, k++, ports, json_str_or(dev, "orgId", ""), used, rs);
	free(used);
	return rc;
}

/* Without "members": only the primary owner stays. */
static cJSON *primary_only(struct sandbox *sb, const char *device_id)
{
	cJSON *old = members_load(sb, device_id), *keep = cJSON_CreateArray(), *mb;
	cJSON_ArrayForEach(mb, old)
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(mb, "primaryOwner")))
			cJSON_AddItemToArray(keep, cJSON_Duplicate(mb, 1));
	cJSON_Delete(old);
	return keep;
}

void sbx_device_members_put(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (sbx_check_body(rq, rs))
		return;
	cJSON *dev = sbx_device_find(sb, rq, rs);
	if (dev == NULL)
		return;
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(rq->body, "members");
	if (list != NULL && check_members(sb, list, dev, rs)) {
		cJSON_Delete(dev);
		return;
	}
	cJSON *keep = list ? cJSON_Duplicate(list, 1) : primary_only(sb, rq->id);
	char *text = cJSON_PrintUnformatted(keep);
	sbx_exec(sb, "INSERT OR REPLACE INTO device_members(device_id, doc) VALUES(?1, ?2)",
		 rq->id, text, NULL);
	cJSON_free(text);
	cJSON_Delete(keep);
	cJSON_Delete(dev);
	rs->status = 204;
}

void sbx_device_apply(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *dev = sbx_device_find(sb, rq, rs);
	if (dev == NULL)
		return;
	sbx_exec(sb, "INSERT INTO device_actions(kind, target, org_id) VALUES('applyChanges', ?1, "
		 "?2)", rq->id, json_str_or(dev, "orgId", ""), NULL);
	cJSON_Delete(dev);
	rs->status = 204;
}
