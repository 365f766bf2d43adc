/*
 * device_state.c — what /_sandbox/state shows of devices and workspaces:
 * counts (workspaces, devices, deviceMembers: lines over all devices,
 * sharedLines: those not on their owner's device, activationCodes,
 * applyChanges), duplicates by natural key (devices.mac, workspaces.name
 * within a location) and, with ?items=1, every workspace, device (with its
 * members) and activation code.
 */
#include "sandbox/devices.h"

#include <string.h>

static cJSON *rows(struct sandbox *sb, const char *sql)
{
	cJSON *list = cJSON_CreateArray();
	sqlite3_stmt *st = sbx_prep(sb, sql);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		cJSON *r = cJSON_CreateObject();
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *name = sqlite3_column_name(st, i);
			const char *text = (const char *)sqlite3_column_text(st, i);
			if (text == NULL)
				continue;
			if (strcmp(name, "members") == 0)
				cJSON_AddItemToObject(r, name, cJSON_Parse(text));
			else
				cJSON_AddStringToObject(r, name, text);
		}
		cJSON_AddItemToArray(list, r);
	}
	sqlite3_finalize(st);
	return list;
}

void sbx_devices_state(struct sandbox *sb, cJSON *counts, cJSON *duplicates, cJSON *items)
{
	if (counts != NULL) {
		cJSON_AddNumberToObject(counts, "workspaces", (double)sbx_count(sb,
					"SELECT count(*) FROM workspaces", NULL, NULL));
		cJSON_AddNumberToObject(counts, "devices", (double)sbx_count(sb,
					"SELECT count(*) FROM devices", NULL, NULL));
		cJSON_AddNumberToObject(counts, "deviceMembers", (double)sbx_count(sb,
					"SELECT ifnull(sum(json_array_length(doc)), 0) FROM "
					"device_members", NULL, NULL));
		cJSON_AddNumberToObject(counts, "sharedLines", (double)sbx_count(sb,
					"SELECT count(*) FROM device_members, json_each(doc) WHERE "
					"json_extract(json_each.value, '$.lineType') = "
					"'SHARED_CALL_APPEARANCE'", NULL, NULL));
		cJSON_AddNumberToObject(counts, "activationCodes", (double)sbx_count(sb,
					"SELECT count(*) FROM device_actions WHERE kind = "
					"'activationCode'", NULL, NULL));
		cJSON_AddNumberToObject(counts, "applyChanges", (double)sbx_count(sb,
					"SELECT count(*) FROM device_actions WHERE kind = "
					"'applyChanges'", NULL, NULL));
	}
	if (duplicates != NULL) {
		cJSON_AddNumberToObject(duplicates, "devices.mac", (double)sbx_count(sb,
					"SELECT count(*) - count(DISTINCT mac) FROM devices", NULL, NULL));
		cJSON_AddNumberToObject(duplicates, "workspaces.name", (double)sbx_count(sb,
					"SELECT count(*) - count(DISTINCT org_id || char(31) || "
					"ifnull(location_id, '') || char(31) || lower(name)) FROM "
					"workspaces", NULL, NULL));
	}
	if (items != NULL) {
		cJSON_AddItemToObject(items, "workspaces", rows(sb,
			"SELECT id, name AS displayName, org_id AS orgId, location_id AS locationId "
			"FROM workspaces ORDER BY seq"));
		cJSON_AddItemToObject(items, "devices", rows(sb,
			"SELECT d.id, d.mac, d.model, d.org_id AS orgId, d.person_id AS personId, "
			"d.workspace_id AS workspaceId, m.doc AS members FROM devices d LEFT JOIN "
			"device_members m ON m.device_id = d.id ORDER BY d.seq"));
		cJSON_AddItemToObject(items, "deviceActions", rows(sb,
			"SELECT kind, target, org_id AS orgId FROM device_actions ORDER BY seq"));
	}
}
