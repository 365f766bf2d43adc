/*
 * build_device.c — BroadWorks access devices become Webex devices, in
 * the plan order of docs/plan-format.md: every `device` (a phone created
 * by MAC for its primary owner, a person or a workspace) and
 * `activation_code` (a phone without a MAC: the load asks for a code the
 * site engineer types in), then every `device_members` (the phone's lines)
 * and `device_apply`.
 *
 * The mappings decide the model (devices.json: BroadWorks device type ->
 * Webex model, and each model's line ports and manager). A phone that
 * cannot be migrated as captured — a type nobody maps, a malformed MAC or
 * one another phone has, more lines than the model has ports, no owner or
 * an owner that is not migrated — gets a finding with its file:line and no
 * entry; it stays on BroadWorks.
 */
#include "transform/devices.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* One customer's device planning. */
struct dev_run {
	const struct tx_feat *fc;
	struct dev_lines lines;
	struct tx_map macs;           /* MAC -> device key, this customer */
	cJSON *later[3];              /* activation_code, device_members, device_apply */
};

static void finding(const struct dev_run *r, enum tx_severity sev, const cJSON *rec,
		    const char *code, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void finding(const struct dev_run *r, enum tx_severity sev, const cJSON *rec,
		    const char *code, const char *fix, const char *fmt, ...)
{
	char obj[400], msg[1024];
	snprintf(obj, sizeof obj, "device:%s", json_str_or(rec, "key", ""));
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	tx_finding(r->fc->c->f, sev, code, obj, rec, fix, "%s", msg);
}

/* What devicemove needs of the BroadWorks side, as captured. */
/* The BroadWorks user ids on the phone's lines, each once: all of them,
 * also those whose lines do not move (devicemove restores the phone). */
static cJSON *bw_users(const struct dev_line *lines, size_t n)
{
	cJSON *users = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		const cJSON *it;
		cJSON_ArrayForEach(it, users)
			seen |= strcmp(it->valuestring, lines[i].user_id) == 0;
		if (!seen)
			cJSON_AddItemToArray(users, cJSON_CreateString(lines[i].user_id));
	}
	return users;
}

/* What devicemove needs of the BroadWorks side, as captured; users (from
 * bw_users) becomes its "users". */
static void add_bw(cJSON *x, const struct tx_feat *fc, const cJSON *rec, cJSON *users)
{
	static const char *const copied[][2] = {
		{ "deviceType", "type" }, { "protocol", "protocol" },
		{ "transportProtocol", "transportProtocol" },
		{ "configurationMode", "configurationMode" },
		{ "configurationFileName", "configurationFileName" },
		{ "description", "description" },
		{ "outboundProxyServerNetAddress", "outboundProxyServerNetAddress" },
		{ "stunServerNetAddress", "stunServerNetAddress" },
	};
	cJSON *bw = cJSON_AddObjectToObject(x, "bw");
	cJSON_AddStringToObject(bw, "serviceProviderId", fc->e->id);
	cJSON_AddStringToObject(bw, "groupId", json_str_or(rec, "group", ""));
	cJSON_AddStringToObject(bw, "deviceName", json_str_or(rec, "name", ""));
	for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
		json_add_str_opt(bw, copied[i][0], json_str(rec, copied[i][1]));
		if (i == 0)
			json_add_str_opt(bw, "macAddress", json_str(rec, "mac"));
	}
	const cJSON *cu = cJSON_GetObjectItemCaseSensitive(rec, "useCustomUserNamePassword");
	if (cJSON_IsBool(cu))
		cJSON_AddBoolToObject(bw, "useCustomUserNamePassword", cJSON_IsTrue(cu));
	cJSON_AddItemToObject(bw, "users", users);
}

/* Why user u cannot be on a Webex device, or NULL when it can. */
static const char *not_migrated(const struct tx_user *u)
{
	if (u == NULL)
		return "is not in the export";
	if (u->skip && !u->common)
		return "is not migrated (a virtual user)";
	if (u->grp == NULL)
		return "has no group in the export";
	return NULL;
}

/* Is group g one of the customer's? (One customer per enterprise: all.) */
static int customer_has(const struct tx_feat *fc, const struct tx_grp *g)
{
	if (fc->n_g == fc->e->n_grp)
		return 1;
	for (size_t i = 0; i < fc->n_g; i++)
		if (fc->gs[i] == g)
			return 1;
	return 0;
}

/* The lines that can be members; the others get a finding and are left
 * out. Returns the new count. */
static size_t keep_members(const struct dev_run *r, const cJSON *rec, struct dev_line *v,
			   size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *why = not_migrated(v[i].u);
		if (why == NULL && !customer_has(r->fc, v[i].u->grp))
			why = "belongs to another customer (one customer per group)";
		if (why == NULL) {
			v[k++] = v[i];
			continue;
		}
		finding(r, TX_WARNING, rec, "device_line_left_out",
			"add the line by hand after the load if it is still needed",
			"the line of %s on this phone is left out: the user %s", v[i].user_id, why);
	}
	return k;
}

/* The MAC is well-formed and no other phone has it (this customer's,
 * then earlier customers'). */
static int mac_ok(struct dev_run *r, const cJSON *rec, const char *mac)
{
	const char *raw = json_str(rec, "macRaw");
	if (raw != NULL) {
		finding(r, TX_ERROR, rec, "invalid_mac", "correct the phone's MAC address in "
			"BroadWorks (12 hexadecimal digits) and extract again",
			"MAC address \"%s\" is not 12 hexadecimal digits: the phone is not "
			"migrated", raw);
		return 0;
	}
	if (mac == NULL)
		return 1;
	const char *other = tx_map_get(&r->macs, mac);
	long owner = other ? 0 : tx_seen_check(r->fc->c->macs, mac, (long)r->fc->c->f->n_cust);
	if (other == NULL && owner == 0) {
		tx_map_put(&r->macs, mac, (void *)json_str(rec, "key"));
		return 1;
	}
	char where[400];
	if (other != NULL)
		snprintf(where, sizeof where, "device %s", other);
	else
		snprintf(where, sizeof where, "a device of customer %s",
			 r->fc->c->f->cust[owner - 1].key);
	finding(r, TX_ERROR, rec, "duplicate_mac", "a MAC belongs to one phone: correct or "
		"delete the stale device in BroadWorks and extract again",
		"MAC address %s is also the MAC of %s: the phone is not migrated", mac, where);
	return 0;
}

/* The Webex model of the phone, or NULL after a finding (*soft set for a
 * soft client, which is no phone to migrate). */
static const struct tx_devmodel *model_of(const struct dev_run *r, const cJSON *rec,
					  char *model, size_t len, int *soft)
{
	*soft = 0;
	const char *type = json_str(rec, "type");
	if (!tx_device_model(r->fc->c->m, type, model, len)) {
		finding(r, TX_WARNING, rec, "unsupported_device", "replace the phone, or map the "
			"type in the \"devices\" mappings (mappings/devices.json, or -m)",
			"device type \"%s\" has no supported Webex model: the phone is not migrated",
			type ? type : "?");
		return NULL;
	}
	const struct tx_devmodel *info = tx_device_info(r->fc->c->m, model);
	if (info == NULL)
		finding(r, TX_WARNING, rec, "unknown_model", "add the model to \"deviceModels\" "
			"with its line ports, or map the type to a listed model",
			"model \"%s\" (device type \"%s\") is not in the device models: the phone "
			"is not migrated", model, type ? type : "?");
	else if ((*soft = info->managed == TX_DEV_APP))
		finding(r, TX_INFO, rec, "soft_client", "nothing to create: the user signs in to the "
			"Webex App", "\"%s\" (%s) is a soft client, not a phone", json_str_or(rec,
			"name", "?"), type ? type : "?");
	return info && info->managed != TX_DEV_APP ? info : NULL;
}

/* Block entry x like the phone's customer, group and owner (and, for
 * its members, like every member's subscriber or workspace). */
static void block(const struct dev_run *r, cJSON *x, const cJSON *rec,
		  const struct tx_user *owner, const struct dev_line *lines, size_t n)
{
	const struct tx_grp *g = tx_map_get(&r->fc->e->grp_by_id, json_str(rec, "group"));
	const struct tx_list_ids *l[] = { r->fc->cust_blocked, owner->grp ? &owner->grp->blocked
					  : NULL, &owner->blocked, g ? &g->blocked : NULL, NULL };
	/* NULL ends the list early: keep only the lists present */
	const struct tx_list_ids *k[8];
	size_t m = 0;
	for (size_t i = 0; i < sizeof l / sizeof *l; i++)
		if (l[i] != NULL)
			k[m++] = l[i];
	for (size_t i = 1; i < n && m < 7; i++)
		if (lines[i].u->blocked.n > 0 && strcmp(json_str(x, "kind"), "device_members") == 0)
			k[m++] = &lines[i].u->blocked;
	k[m] = NULL;
	tx_entry_block(x, k);
}

/* The device or activation_code entry of a phone owned by owner. */
static cJSON *device_entry(const struct dev_run *r, const cJSON *rec, const char *model,
			   const struct tx_devmodel *info, const struct tx_user *owner,
			   char *owner_dep, size_t dep_len)
{
	const char *mac = json_str(rec, "mac");
	const char *key = json_str(rec, "key");
	cJSON *x = mac ? tx_entry_new("device", key, NULL, "POST", "/devices")
		       : tx_entry_new("activation_code", key, NULL, "POST",
				      "/devices/activationCode");
	cJSON_AddItemToObject(cJSON_GetObjectItem(x, "params"), "orgId",
			      tx_ref("customer:%s#orgId", r->fc->cust_key));
	cJSON *id = dev_owner_ref(owner, owner_dep, dep_len);
	cJSON_AddItemToArray(cJSON_GetObjectItem(x, "depends"), cJSON_CreateString(owner_dep));
	cJSON *body = cJSON_AddObjectToObject(x, "body");
	if (mac != NULL)
		cJSON_AddStringToObject(body, "mac", mac);
	cJSON_AddStringToObject(body, "model", model);
	cJSON_AddItemToObject(body, owner->common ? "workspaceId" : "personId", id);
	if (info->managed == TX_DEV_CUSTOMER) {
		cJSON *pw = cJSON_AddObjectToObject(body, "password");
		cJSON_AddStringToObject(pw, "$secret", "sip_password");
	}
	if (mac != NULL) {
		cJSON *lk = cJSON_AddObjectToObject(x, "lookup");
		cJSON_AddStringToObject(lk, "path", "/devices");
		cJSON *q = cJSON_AddObjectToObject(lk, "query");
		cJSON_AddStringToObject(q, "mac", mac);
		cJSON_AddItemToObject(q, "orgId", tx_ref("customer:%s#orgId", r->fc->cust_key));
		cJSON_AddStringToObject(lk, "items", "items");
		cJSON_AddStringToObject(cJSON_AddObjectToObject(lk, "match"), "mac", mac);
		tx_entry_delete(x, "/devices/{id}");
	} else {
		cJSON_AddBoolToObject(x, "resend", 1);
		cJSON *rc = cJSON_AddArrayToObject(x, "record");
		cJSON_AddItemToArray(rc, cJSON_CreateString("code"));
		cJSON_AddItemToArray(rc, cJSON_CreateString("expiryTime"));
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "device:%s", key);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "source"), cJSON_CreateString(sb.buf));
	strbuf_free(&sb);
	return x;
}

/* Plan one phone: checks, then its entries (the device now, the others
 * kept in r->later for their place in the plan). */
/* A phone that stays on BroadWorks (its finding says why). */
static int left(const struct dev_run *r)
{
	r->fc->sum->phones[TX_PH_LEFT]++;
	r->fc->c->f->phones[TX_PH_LEFT]++;
	return BWM_OK;
}

static int plan_one(struct dev_run *r, const cJSON *rec)
{
	char model[128];
	int soft;
	const struct tx_devmodel *info = model_of(r, rec, model, sizeof model, &soft);
	const char *mac = json_str(rec, "mac");
	if (info == NULL)
		return soft ? BWM_OK : left(r);
	if (!mac_ok(r, rec, mac))
		return left(r);
	if (mac == NULL && !info->by_code) {
		finding(r, TX_ERROR, rec, "no_mac", "add the phone's MAC address in BroadWorks, or "
			"map the type to a model that takes an activation code",
			"the phone has no MAC address and model \"%s\" cannot be activated by "
			"code: it is not migrated", model);
		return left(r);
	}
	struct tx_user *owner;
	struct dev_line *lines;
	size_t n = dev_lines_of(&r->lines, r->fc, rec, &owner, &lines);
	const char *why = owner ? not_migrated(owner) : "none";
	if (owner == NULL || why != NULL) {
		finding(r, TX_WARNING, rec, "device_without_owner", "assign the phone to a user "
			"(accessDeviceEndpoint) in BroadWorks, or add it in Control Hub by hand",
			"no migrated user has this phone as primary device (owner: %s): it is not "
			"migrated", why);
		free(lines);
		return left(r);
	}
	cJSON *users = bw_users(lines, n);
	n = keep_members(r, rec, lines, n);
	if (n > (size_t)info->ports) {
		cJSON_Delete(users);
		finding(r, TX_ERROR, rec, "too_many_lines", "map the type to a model with more line "
			"ports, or move shared lines to another phone in BroadWorks",
			"the phone has %zu lines and model %s has %d line ports: it is not "
			"migrated", n, model, info->ports);
		free(lines);
		return left(r);
	}
	char dep[400];
	cJSON *x = device_entry(r, rec, model, info, owner, dep, sizeof dep);
	add_bw(x, r->fc, rec, users);
	block(r, x, rec, owner, lines, n);
	int rc = BWM_OK;
	if (mac == NULL) {
		if (n > 1)
			finding(r, TX_WARNING, rec, "shared_lines_after_activation", "add the shared "
				"lines in Control Hub once the phone is activated", "activation code: the "
				"phone's %zu shared line%s must be added after activation", n - 1,
				n == 2 ? "" : "s");
		cJSON_AddItemToArray(r->later[0], x);
		free(lines);
		return rc;
	}
	rc = tx_emit(r->fc->c, x, r->fc->batch, r->fc->sum);
	if (n > 1) {
		cJSON *m = dev_build_members(r->fc, rec, dep, lines, n, info->ports);
		block(r, m, rec, owner, lines, n);
		cJSON_AddItemToArray(r->later[1], m);
	}
	cJSON *a = dev_build_apply(r->fc, rec, n > 1);
	block(r, a, rec, owner, lines, 1);
	cJSON_AddItemToArray(r->later[2], a);
	free(lines);
	return rc;
}

/* Is device rec one of this customer's (its group among fc->gs)? */
static int mine(const struct tx_feat *fc, const cJSON *rec)
{
	const struct tx_grp *g = tx_map_get(&fc->e->grp_by_id, json_str(rec, "group"));
	return g != NULL && customer_has(fc, g);
}

int tx_plan_devices(const struct tx_feat *fc)
{
	struct dev_run r = { .fc = fc };
	dev_lines_gather(&r.lines, fc);
	for (int i = 0; i < 3; i++)
		r.later[i] = cJSON_CreateArray();
	int rc = BWM_OK;
	for (size_t i = 0; rc == BWM_OK && i < fc->e->devices.n; i++)
		if (mine(fc, fc->e->devices.v[i]))
			rc = plan_one(&r, fc->e->devices.v[i]);
	dev_lines_orphans(&r.lines, fc);
	for (int i = 0; i < 3; i++) {
		cJSON *x;
		while (rc == BWM_OK && (x = cJSON_DetachItemFromArray(r.later[i], 0)) != NULL)
			rc = tx_emit(fc->c, x, fc->batch, fc->sum);
		cJSON_Delete(r.later[i]);
	}
	tx_map_free(&r.macs);
	dev_lines_free(&r.lines);
	return rc;
}
