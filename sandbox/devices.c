/*
 * devices.c — /v1/devices (create by MAC, list, get, delete),
 * /v1/devices/activationCode and
 * /v1/telephony/config/devices/actions/validateMacs/invoke.
 *
 * POST /devices?orgId= {mac, model, personId | workspaceId, password?}
 * answers 200 with the Device object. The rules a migration meets:
 *   - mac: 12 hex digits (400 otherwise); stored upper-case without
 *     separators, shown as the Device API shows it ("00:04:F2:AA:00:01"),
 *     so the load must match MACs by their digits; GET ?mac= takes either;
 *   - a MAC already in use in any org: 409 (--allow-duplicates lets it
 *     through, and /_sandbox/state counts the duplicate);
 *   - model: one of GET /telephony/config/supportedDevices (model string
 *     or display name), else 400;
 *   - exactly one owner, a person or a workspace of the org;
 *   - password: required for a customer-managed model, refused for a
 *     Cisco-managed one (it gets its configuration from Webex).
 * The owner becomes the device's primary member on port 1.
 */
#include "sandbox/devices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sbx_mac_normal(const char *mac, char out[13])
{
	if (mac == NULL || strlen(mac) != 12)
		return 0;
	for (int k = 0; k < 12; k++) {
		char c = mac[k];
		if (c >= 'a' && c <= 'f')
			c = (char)(c - 'a' + 'A');
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
			return 0;
		out[k] = c;
	}
	out[12] = '\0';
	return 1;
}

/* A query's MAC: 12 hex digits, or with ':' between the pairs. */
static int query_mac(const char *mac, char out[13])
{
	char plain[13];
	size_t n = mac ? strlen(mac) : 0, k = 0;
	if (n != 17)
		return sbx_mac_normal(mac, out);
	for (size_t i = 0; i < n; i++) {
		if (i % 3 == 2) {
			if (mac[i] != ':')
				return 0;
		} else {
			plain[k++] = mac[i];
		}
	}
	plain[k] = '\0';
	return sbx_mac_normal(plain, out);
}

/* "00:04:F2:AA:00:01" of a stored MAC. */
static void mac_shown(const char *mac, char out[18])
{
	size_t k = 0;
	for (int i = 0; i < 12; i++) {
		if (i > 0 && i % 2 == 0)
			out[k++] = ':';
		out[k++] = mac[i];
	}
	out[k] = '\0';
}

char *sbx_person_org(struct sandbox *sb, const char *person_id)
{
	sqlite3_stmt *st = sbx_prep(sb, "SELECT c.org_id FROM subscribers s JOIN customers c ON "
				    "c.id = s.customer_id WHERE json_extract(s.doc, '$.personId') "
				    "= ?1 LIMIT 1");
	char *org = NULL;
	if (st != NULL) {
		sbx_bind(st, 1, person_id);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			org = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	return org;
}

/* The org of the owner named in body (personId or workspaceId), checked
 * against ?orgId=; NULL after a 400. Caller frees. */
static char *owner_org(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *person = json_str(rq->body, "personId");
	const char *ws = json_str(rq->body, "workspaceId");
	const char *want = sbx_query(rq, "orgId");
	if ((person == NULL) == (ws == NULL)) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "Give exactly one of personId and "
				"workspaceId: the device's owner.");
		return NULL;
	}
	char *org = person ? sbx_person_org(sb, person) : sbx_workspace_org(sb, ws);
	if (org == NULL || (want && strcmp(want, org) != 0)) {
		sbx_reply_error(rs, 400, SBX_E_REFERENCE, "%s '%s' is not a %s of organization "
				"'%s'.", person ? "personId" : "workspaceId", person ? person : ws,
				person ? "person" : "workspace", want ? want : org ? org : "?");
		free(org);
		return NULL;
	}
	return org;
}

/* The model of body.model, or NULL after a 400. */
static const struct sbx_model *model_of(const cJSON *body, struct sbx_resp *rs)
{
	const char *name = json_str(body, "model");
	const struct sbx_model *m = sbx_model_find(name);
	if (m == NULL)
		sbx_reply_error(rs, 400, SBX_E_ENUM, "model '%s' is not a supported device; see "
				"GET /telephony/config/supportedDevices.", name ? name : "");
	return m;
}

static int check_password(const struct sbx_model *m, const cJSON *body, struct sbx_resp *rs)
{
	const char *pw = json_str(body, "password");
	if (sbx_model_customer_managed(m) && (pw == NULL || strlen(pw) < 8)) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "password is required for '%s': a "
				"customer-managed device needs its SIP password.", m->model);
		return -1;
	}
	if (!sbx_model_customer_managed(m) && cJSON_GetObjectItemCaseSensitive(body, "password")) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "password is only for customer-managed "
				"devices; '%s' is managed by Cisco.", m->model);
		return -1;
	}
	return 0;
}

static int store_device(struct sandbox *sb, const cJSON *doc, const char *mac)
{
	char *text = cJSON_PrintUnformatted(doc);
	sqlite3_stmt *st = sbx_prep(sb, "INSERT INTO devices(id, org_id, mac, model, person_id, "
				    "workspace_id, doc) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	int ok = 0;
	if (st != NULL) {
		sbx_bind(st, 1, json_str(doc, "id"));
		sbx_bind(st, 2, json_str(doc, "orgId"));
		sbx_bind(st, 3, mac);
		sbx_bind(st, 4, json_str(doc, "model"));
		sbx_bind(st, 5, json_str(doc, "personId"));
		sbx_bind(st, 6, json_str(doc, "workspaceId"));
		sbx_bind(st, 7, text);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	cJSON_free(text);
	return ok ? 0 : -1;
}

/* The owner on port 1: the members a new device starts with. */
static void primary_member(struct sandbox *sb, const char *id, const char *owner)
{
	cJSON *list = cJSON_CreateArray(), *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "id", owner);
	cJSON_AddNumberToObject(m, "port", 1);
	cJSON_AddTrueToObject(m, "primaryOwner");
	cJSON_AddStringToObject(m, "lineType", "PRIMARY");
	cJSON_AddNumberToObject(m, "lineWeight", 1);
	cJSON_AddFalseToObject(m, "hotlineEnabled");
	cJSON_AddStringToObject(m, "hotlineDestination", "");
	cJSON_AddTrueToObject(m, "allowCallDeclineEnabled");
	cJSON_AddItemToArray(list, m);
	char *text = cJSON_PrintUnformatted(list);
	sbx_exec(sb, "INSERT OR REPLACE INTO device_members(device_id, doc) VALUES(?1, ?2)", id,
		 text, NULL);
	cJSON_free(text);
	cJSON_Delete(list);
}

void sbx_devices_create(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	char mac[13];
	if (sbx_check_body(rq, rs))
		return;
	if (!sbx_mac_normal(json_str(rq->body, "mac"), mac)) {
		sbx_reply_error(rs, 400, SBX_E_FORMAT, "mac '%s' is not a MAC address (12 "
				"hexadecimal digits).", json_str_or(rq->body, "mac", ""));
		return;
	}
	const struct sbx_model *m = model_of(rq->body, rs);
	if (m == NULL || check_password(m, rq->body, rs))
		return;
	char *org = owner_org(sb, rq, rs);
	if (org == NULL)
		return;
	if (!sb->cfg.allow_duplicates &&
	    sbx_count(sb, "SELECT count(*) FROM devices WHERE mac = ?1", mac, NULL) > 0) {
		sbx_reply_error(rs, 409, 5675, "[Error 5675] MAC Address %s is in use.", mac);
		free(org);
		return;
	}
	char *id = sbx_new_id(sb, "DEVICE");
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "id", id);
	cJSON_AddStringToObject(doc, "displayName", m->display);
	json_add_str_opt(doc, "personId", json_str(rq->body, "personId"));
	json_add_str_opt(doc, "workspaceId", json_str(rq->body, "workspaceId"));
	cJSON_AddStringToObject(doc, "orgId", org);
	char shown[18];
	mac_shown(mac, shown);
	cJSON_AddStringToObject(doc, "mac", shown);
	cJSON_AddStringToObject(doc, "model", m->model);
	cJSON_AddStringToObject(doc, "product", m->display);
	cJSON_AddStringToObject(doc, "type", "phone");
	cJSON_AddStringToObject(doc, "connectionStatus", "disconnected");
	char created[32];
	sbx_iso8601(rq->now_ms, created);
	cJSON_AddStringToObject(doc, "created", created);
	if (store_device(sb, doc, mac) == 0) {
		primary_member(sb, id, json_str_or(doc, "personId", json_str_or(doc, "workspaceId", "")));
		sbx_reply_json(rs, 200, doc);
	} else {
		cJSON_Delete(doc);
		sbx_reply_error(rs, 500, SBX_E_SERVER, "The device could not be stored.");
	}
	free(id);
	free(org);
}

static void device_row(sqlite3_stmt *st, void *items)
{
	cJSON_AddItemToArray(items, cJSON_Parse((const char *)sqlite3_column_text(st, 0)));
}

void sbx_devices_list(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	long offset, max;
	if (sbx_query_int(rq, rs, "start", 0, 0, 1000000000L, &offset) ||
	    sbx_query_int(rq, rs, "max", 100, 1, 1000, &max))
		return;
	char mac[13];
	const char *want = sbx_query(rq, "mac");
	if (want != NULL && !query_mac(want, mac)) {
		sbx_reply_error(rs, 400, SBX_E_QUERY, "mac '%s' is not a MAC address.", want);
		return;
	}
	const struct sbx_filter f[] = {
		{ "mac = ?", want ? mac : NULL },
		{ "person_id = ?", sbx_query(rq, "personId") },
		{ "workspace_id = ?", sbx_query(rq, "workspaceId") },
		{ "org_id = ?", sbx_query(rq, "orgId") },
	};
	const struct sbx_list_query q = { "doc", "devices", "seq", offset, max };
	cJSON *items = cJSON_CreateArray();
	long total = sbx_list(sb, &q, f, 4, device_row, items);
	if (total >= 0) {
		sbx_reply_items(rs, items);
		sbx_reply_link_named(rq, rs, "start", offset, max, total);
	} else {
		cJSON_Delete(items);
	}
}

cJSON *sbx_device_find(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_doc_load(sb, "devices", rq->id);
	const char *org = sbx_query(rq, "orgId");
	if (doc == NULL || (org && strcmp(org, json_str_or(doc, "orgId", "")) != 0)) {
		sbx_reply_error(rs, 404, SBX_E_NOT_FOUND, "Device '%s' not found.", rq->id);
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

void sbx_device_get(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_device_find(sb, rq, rs);
	if (doc != NULL)
		sbx_reply_json(rs, 200, doc);
}

void sbx_device_delete(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	cJSON *doc = sbx_device_find(sb, rq, rs);
	if (doc == NULL)
		return;
	cJSON_Delete(doc);
	sbx_exec(sb, "DELETE FROM devices WHERE id = ?1", rq->id, NULL, NULL);
	sbx_exec(sb, "DELETE FROM device_members WHERE device_id = ?1", rq->id, NULL, NULL);
	rs->status = 204;
}

/* POST /devices/activationCode {model, personId | workspaceId}: a 16-digit
 * code valid for a week; counted, nothing else is created. */
void sbx_device_activation_code(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (sbx_check_body(rq, rs))
		return;
	const struct sbx_model *m = model_of(rq->body, rs);
	if (m == NULL)
		return;
	if (!m->activation_code) {
		sbx_reply_error(rs, 400, SBX_E_ENUM, "'%s' cannot be onboarded with an activation "
				"code; add it by MAC address.", m->model);
		return;
	}
	char *org = owner_org(sb, rq, rs);
	if (org == NULL)
		return;
	uint64_t h = sbx_mix((uint64_t)rq->now_ms ^ sbx_hash_str(org) ^
			     (uint64_t)sbx_count(sb, "SELECT count(*) FROM device_actions", NULL, NULL));
	char code[24], expiry[32];
	snprintf(code, sizeof code, "%016llu", (unsigned long long)(h % 10000000000000000ULL));
	sbx_iso8601(rq->now_ms + 7LL * 24 * 3600 * 1000, expiry);
	const char *owner = json_str(rq->body, "personId");
	sbx_exec(sb, "INSERT INTO device_actions(kind, target, org_id) VALUES('activationCode', "
		 "?1, ?2)", owner ? owner : json_str(rq->body, "workspaceId"), org, NULL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", code);
	cJSON_AddStringToObject(o, "expiryTime", expiry);
	sbx_reply_json(rs, 200, o);
	free(org);
}

/* One macStatus element. */
static cJSON *mac_status(struct sandbox *sb, const char *given, const cJSON *seen)
{
	char mac[13];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "mac", given);
	if (!sbx_mac_normal(given, mac)) {
		cJSON_AddStringToObject(o, "state", "INVALID");
		cJSON_AddNumberToObject(o, "errorCode", 5674);
		cJSON_AddStringToObject(o, "message", "[Error 5674] MAC Address is invalid.");
	} else if (cJSON_GetObjectItemCaseSensitive(seen, mac) != NULL) {
		cJSON_AddStringToObject(o, "state", "DUPLICATE_IN_LIST");
		cJSON_AddNumberToObject(o, "errorCode", 5676);
		cJSON_AddStringToObject(o, "message", "[Error 5676] MAC Address is duplicated in "
					"the list.");
	} else if (sbx_count(sb, "SELECT count(*) FROM devices WHERE mac = ?1", mac, NULL) > 0) {
		cJSON_AddStringToObject(o, "state", "UNAVAILABLE");
		cJSON_AddNumberToObject(o, "errorCode", 5675);
		cJSON_AddStringToObject(o, "message", "[Error 5675] MAC Address is in use.");
	} else {
		cJSON_AddStringToObject(o, "state", "AVAILABLE");
	}
	return o;
}

void sbx_devices_validate_macs(struct sandbox *sb, struct sbx_req *rq, struct sbx_resp *rs)
{
	if (sbx_check_body(rq, rs))
		return;
	const cJSON *macs = cJSON_GetObjectItemCaseSensitive(rq->body, "macs"), *m;
	if (!cJSON_IsArray(macs) || cJSON_GetArraySize(macs) == 0) {
		sbx_reply_error(rs, 400, SBX_E_REQUIRED, "macs is required: an array of MAC "
				"addresses.");
		return;
	}
	cJSON *o = cJSON_CreateObject(), *seen = cJSON_CreateObject();
	cJSON *list = cJSON_CreateArray();
	int errors = 0;
	cJSON_ArrayForEach(m, macs) {
		cJSON *st = mac_status(sb, cJSON_IsString(m) ? m->valuestring : "", seen);
		char mac[13];
		if (cJSON_IsString(m) && sbx_mac_normal(m->valuestring, mac) &&
		    cJSON_GetObjectItemCaseSensitive(seen, mac) == NULL)
			cJSON_AddTrueToObject(seen, mac);
		errors += strcmp(json_str_or(st, "state", ""), "AVAILABLE") != 0;
		cJSON_AddItemToArray(list, st);
	}
	cJSON_AddStringToObject(o, "status", errors ? "ERRORS" : "OK");
	cJSON_AddItemToObject(o, "macStatus", list);
	cJSON_Delete(seen);
	sbx_reply_json(rs, 200, o);
}
