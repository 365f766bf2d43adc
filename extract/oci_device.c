/*
 * oci_device.c — access devices: GroupAccessDeviceGetList rows,
 * GroupAccessDeviceGet (18sp1 ... 24V3) profiles and
 * GroupAccessDeviceGetUserList (the line/ports and their users) -> `device`.
 */
#include "extract/oci.h"

#include <stdlib.h>
#include <string.h>

static void put_mac(struct inventory *inv, struct inv_rec *r, const char *raw)
{
	char mac[MAC_LEN];
	if (raw == NULL)
		return;
	if (mac_normalize(raw, mac) == 0)
		inv_put_str(inv, r, "mac", mac);
	else
		inv_put_str(inv, r, "macRaw", raw);
}

static struct inv_rec *device_rec(struct inventory *inv, const struct oci_cmd *c,
				  const char *group, const char *name, int prio)
{
	struct inv_rec *r = inv_add(inv, INV_DEVICE, prio, c->file, c->line);
	inv_set_key(inv, r, "%s/%s/%s", inv_current(inv), group, name);
	inv_put_str(inv, r, "group", group);
	inv_put_str(inv, r, "name", name);
	return r;
}

int oci_device_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, "accessDeviceTable")) != 0)
		return BWM_OK;
	if (oci_table_col(&t, "Device Name") < 0)
		return bwm_fail(err, BWM_EINPUT, "%s: accessDeviceTable has no \"Device Name\" "
				"column", c->type);
	while (oci_table_next(&t)) {
		const char *name = oci_table_get(&t, "Device Name");
		if (name == NULL)
			continue;
		struct inv_rec *r = device_rec(inv, c, group, name, 0);
		inv_put_str(inv, r, "type", oci_table_get(&t, "Device Type"));
		put_mac(inv, r, oci_table_get(&t, "MAC Address"));
		inv_put_str(inv, r, "version", oci_table_get(&t, "Version"));
		inv_put_str(inv, r, "status", oci_table_get(&t, "Status"));
	}
	return BWM_OK;
}

int oci_device_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	const char *name = oci_key(c, "deviceName");
	if (name == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s names no deviceName and no request names "
				"one; pair it with its GroupAccessDeviceGetRequest", c->type);
	xmlNodePtr n = c->node;
	struct inv_rec *r = device_rec(inv, c, group, name, 1);
	inv_put_str(inv, r, "type", oci_get(n, "deviceType"));
	put_mac(inv, r, oci_get(n, "macAddress"));
	inv_put_str(inv, r, "version", oci_get(n, "version"));
	inv_put_str(inv, r, "serialNumber", oci_get(n, "serialNumber"));
	inv_put_str(inv, r, "status", oci_get(n, "status"));
	inv_put_str(inv, r, "description", oci_get(n, "description"));
	/* what moving the phone off BroadWorks and back needs (devicemove) */
	static const char *const bw_elems[] = {
		"protocol", "transportProtocol", "configurationMode", "configurationFileName",
		"outboundProxyServerNetAddress", "stunServerNetAddress", "physicalLocation",
	};
	for (size_t i = 0; i < sizeof bw_elems / sizeof *bw_elems; i++)
		inv_put_str(inv, r, bw_elems[i], oci_get(n, bw_elems[i]));
	inv_put_bool_text(inv, r, "useCustomUserNamePassword",
			  oci_get(n, "useCustomUserNamePassword"));
	/* numberOfPorts is <quantity>n</quantity> or <unlimited>true</unlimited> */
	const char *ports = oci_get(oci_child(n, "numberOfPorts"), "quantity");
	if (ports != NULL)
		oci_put_int_text(inv_obj(r), "ports", ports);
	return BWM_OK;
}

/* One row of deviceUserTable, kept to sort the lines by Line/Port. */
struct line_row {
	const char *line_port, *user_id, *user_type, *endpoint, *order, *primary, *ext;
};

static int line_cmp(const void *a, const void *b)
{
	const struct line_row *x = a, *y = b;
	return strcmp(x->line_port ? x->line_port : "", y->line_port ? y->line_port : "");
}

static cJSON *line_json(const struct line_row *l)
{
	cJSON *o = cJSON_CreateObject();
	json_add_str_opt(o, "linePort", l->line_port);
	json_add_str_opt(o, "userId", l->user_id);
	json_add_str_opt(o, "userType", l->user_type);
	json_add_str_opt(o, "endpointType", l->endpoint);
	oci_put_int_text(o, "order", l->order);
	oci_put_bool_text(o, "primary", l->primary);
	json_add_str_opt(o, "extension", l->ext);
	return o;
}

int oci_device_user_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	const char *name = oci_key(c, "deviceName");
	if (name == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s has no request naming its deviceName; pair "
				"it with its GroupAccessDeviceGetUserListRequest", c->type);
	struct oci_table t;
	struct line_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (oci_table_open(&t, oci_child(c->node, "deviceUserTable")) == 0) {
		while (oci_table_next(&t)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				rows = xrealloc(rows, cap * sizeof *rows);
			}
			rows[n++] = (struct line_row){
				oci_table_get(&t, "Line/Port"), oci_table_get(&t, "User Id"),
				oci_table_get(&t, "User Type"), oci_table_get(&t, "Endpoint Type"),
				oci_table_get(&t, "Order"), oci_table_get(&t, "Primary Line/Port"),
				oci_table_get(&t, "Extension"),
			};
			inv_index(inv, rows[n - 1].user_id, group);
		}
	}
	if (n > 1)
		qsort(rows, n, sizeof *rows, line_cmp);
	cJSON *lines = cJSON_AddArrayToObject(inv_obj(device_rec(inv, c, group, name, 1)), "lines");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(lines, line_json(&rows[i]));
	free(rows);
	return BWM_OK;
}
