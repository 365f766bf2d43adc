/*
 * oci_user.c — users: UserGetListInGroup / UserGetListInServiceProvider
 * rows and UserGet (R21 ... 23V2) profiles -> `user`.
 *
 * UserGetResponse21 names neither the user nor the group; the request
 * gives the userId and the group comes from the key index (a user list
 * row of the same enterprise). Every user seen is added to that index so
 * that later per-user responses (services, settings) find their group.
 */
#include "extract/oci.h"

#include <string.h>

/* phoneNumber in E.164 when it normalises, else phoneNumberRaw. */
static void put_phone(cJSON *o, const char *number, const char *cc)
{
	char e164[E164_MAX];
	if (number == NULL)
		return;
	if (e164_normalize(number, cc, e164) == 0)
		cJSON_AddStringToObject(o, "phoneNumber", e164);
	else
		cJSON_AddStringToObject(o, "phoneNumberRaw", number);
}

static void list_row(struct inventory *inv, const struct oci_cmd *c, const struct oci_table *t,
		     const char *group)
{
	const char *id = oci_table_get(t, "User Id");
	const char *g = oci_table_get(t, "Group Id");
	if (g == NULL)
		g = group;
	if (id == NULL || g == NULL)
		return;
	inv_index(inv, id, g);
	struct inv_rec *r = inv_add(inv, INV_USER, 0, c->file, c->line);
	cJSON *o = inv_obj(r);
	inv_set_key(inv, r, "%s/%s/%s", inv_current(inv), g, id);
	cJSON_AddStringToObject(o, "group", g);
	cJSON_AddStringToObject(o, "id", id);
	json_add_str_opt(o, "firstName", oci_table_get(t, "First Name"));
	json_add_str_opt(o, "lastName", oci_table_get(t, "Last Name"));
	json_add_str_opt(o, "email", oci_table_get(t, "Email Address"));
	put_phone(o, oci_table_get(t, "Phone Number"), oci_table_get(t, "Country Code"));
	oci_put_bool_text(o, "phoneNumberActivated", oci_table_get(t, "Phone Number Activated"));
	json_add_str_opt(o, "extension", oci_table_get(t, "Extension"));
	json_add_str_opt(o, "countryCode", oci_table_get(t, "Country Code"));
	json_add_str_opt(o, "nationalPrefix", oci_table_get(t, "National Prefix"));
	json_add_str_opt(o, "department", oci_table_get(t, "Department"));
	oci_put_bool_text(o, "inTrunkGroup", oci_table_get(t, "In Trunk Group"));
	json_add_str_opt(o, "externalId", oci_table_get(t, "User External Id"));
}

int oci_user_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 0, &group, err);
	if (rc != BWM_OK)
		return rc;
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, "userTable")) != 0)
		return BWM_OK;
	if (oci_table_col(&t, "User Id") < 0)
		return bwm_fail(err, BWM_EINPUT, "%s: userTable has no \"User Id\" column", c->type);
	if (group == NULL && oci_table_col(&t, "Group Id") < 0)
		return bwm_fail(err, BWM_EINPUT, "%s: neither the request nor a \"Group Id\" "
				"column names the users' group; pair it with its request", c->type);
	while (oci_table_next(&t))
		list_row(inv, c, &t, group);
	return BWM_OK;
}

static void put_endpoint(cJSON *o, xmlNodePtr n)
{
	xmlNodePtr ep = oci_child(n, "accessDeviceEndpoint");
	if (ep != NULL) {
		xmlNodePtr dev = oci_child(ep, "accessDevice");
		cJSON *d = cJSON_AddObjectToObject(o, "device");
		oci_put_str(d, "level", dev, "deviceLevel");
		oci_put_str(d, "name", dev, "deviceName");
		oci_put_str(d, "linePort", ep, "linePort");
	}
	if (oci_child(n, "trunkAddressing") != NULL)
		cJSON_AddTrueToObject(o, "trunk");
}

static void put_profile(cJSON *o, xmlNodePtr n)
{
	oci_put_str(o, "firstName", n, "firstName");
	oci_put_str(o, "lastName", n, "lastName");
	oci_put_str(o, "callingLineIdFirstName", n, "callingLineIdFirstName");
	oci_put_str(o, "callingLineIdLastName", n, "callingLineIdLastName");
	oci_put_str(o, "email", n, "emailAddress");
	put_phone(o, oci_get(n, "phoneNumber"), oci_get(n, "countryCode"));
	oci_put_str(o, "extension", n, "extension");
	oci_put_str(o, "countryCode", n, "countryCode");
	oci_put_str(o, "nationalPrefix", n, "nationalPrefix");
	oci_put_str(o, "language", n, "language");
	oci_put_str(o, "timeZone", n, "timeZone");
	oci_put_str(o, "department", oci_child(n, "department"), "name");
	oci_put_str(o, "title", n, "title");
	oci_put_str(o, "mobilePhoneNumber", n, "mobilePhoneNumber");
	put_endpoint(o, n);
	cJSON *addr = oci_address(oci_child(n, "address"));
	if (addr != NULL)
		cJSON_AddItemToObject(o, "address", addr);
	oci_put_bool(o, "isPlace", n, "isPlace");
	oci_put_str(o, "externalId", n, "userExternalId");
}

int oci_user_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	const char *id = oci_key(c, "userId");
	if (id == NULL)
		return bwm_fail(err, BWM_EINPUT, "%s names no userId (R21 responses never do) "
				"and has no request; pair it with its UserGetRequest or tag it "
				"with an echo", c->type);
	int rc = oci_scope(inv, c, 0, &group, err);
	if (rc != BWM_OK)
		return rc;
	struct inv_rec *r = inv_add(inv, INV_USER, 1, c->file, c->line);
	cJSON *o = inv_obj(r);
	if (group != NULL) {
		inv_index(inv, id, group);
		inv_set_key(inv, r, "%s/%s/%s", inv_current(inv), group, id);
		cJSON_AddStringToObject(o, "group", group);
	} else {
		inv_set_owner(inv, r, id, NULL, NULL, c->type);
	}
	cJSON_AddStringToObject(o, "id", id);
	put_profile(o, c->node);
	return BWM_OK;
}
