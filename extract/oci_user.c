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
#include "extract/jtext.h"

#include <string.h>

/* name in E.164 when number normalises, else raw_name as written. */
static void put_number(struct inventory *inv, struct inv_rec *r, const char *name,
		       const char *raw_name, const char *number, const char *cc)
{
	char e164[E164_MAX];
	if (number == NULL)
		return;
	if (e164_normalize(number, cc, e164) == 0)
		inv_put_str(inv, r, name, e164);
	else
		inv_put_str(inv, r, raw_name, number);
}

static void put_phone(struct inventory *inv, struct inv_rec *r, const char *number,
		      const char *cc)
{
	put_number(inv, r, "phoneNumber", "phoneNumberRaw", number, cc);
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
	inv_set_key(inv, r, "%s/%s/%s", inv_current(inv), g, id);
	inv_put_str(inv, r, "group", g);
	inv_put_str(inv, r, "id", id);
	inv_put_str(inv, r, "firstName", oci_table_get(t, "First Name"));
	inv_put_str(inv, r, "lastName", oci_table_get(t, "Last Name"));
	inv_put_str(inv, r, "email", oci_table_get(t, "Email Address"));
	put_phone(inv, r, oci_table_get(t, "Phone Number"), oci_table_get(t, "Country Code"));
	inv_put_bool_text(inv, r, "phoneNumberActivated", oci_table_get(t, "Phone Number Activated"));
	inv_put_str(inv, r, "extension", oci_table_get(t, "Extension"));
	inv_put_str(inv, r, "countryCode", oci_table_get(t, "Country Code"));
	inv_put_str(inv, r, "nationalPrefix", oci_table_get(t, "National Prefix"));
	inv_put_str(inv, r, "department", oci_table_get(t, "Department"));
	inv_put_bool_text(inv, r, "inTrunkGroup", oci_table_get(t, "In Trunk Group"));
	inv_put_str(inv, r, "externalId", oci_table_get(t, "User External Id"));
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

/* "device" is written as JSON text, not as a cJSON object: a record's
 * first cJSON member sends every later member through cJSON too, and most
 * users have a device. */
static void put_endpoint(struct inventory *inv, struct inv_rec *r, xmlNodePtr n)
{
	xmlNodePtr ep = oci_child(n, "accessDeviceEndpoint");
	if (ep != NULL) {
		xmlNodePtr dev = oci_child(ep, "accessDevice");
		static const char *const name[] = { "level", "name", "linePort" };
		const char *value[] = { oci_get(dev, "deviceLevel"), oci_get(dev, "deviceName"),
					oci_get(ep, "linePort") };
		struct strbuf d = STRBUF_INIT;
		strbuf_addch(&d, '{');
		for (size_t i = 0; i < sizeof name / sizeof *name; i++) {
			if (value[i] == NULL)
				continue;
			if (d.len > 1)
				strbuf_addch(&d, ',');
			jtext_string(&d, name[i]);
			strbuf_addch(&d, ':');
			jtext_string(&d, value[i]);
		}
		strbuf_addch(&d, '}');
		inv_put_json(inv, r, "device", d.buf, d.len);
		strbuf_free(&d);
	}
	if (oci_child(n, "trunkAddressing") != NULL)
		inv_put_bool_text(inv, r, "trunk", "true");
}

/* Profile members straight from the response's elements. */
static void put_elem(struct inventory *inv, struct inv_rec *r, const char *name,
		     xmlNodePtr parent, const char *elem)
{
	inv_put_str(inv, r, name, oci_get(parent, elem));
}

static void put_profile(struct inventory *inv, struct inv_rec *r, xmlNodePtr n)
{
	put_elem(inv, r, "firstName", n, "firstName");
	put_elem(inv, r, "lastName", n, "lastName");
	put_elem(inv, r, "callingLineIdFirstName", n, "callingLineIdFirstName");
	put_elem(inv, r, "callingLineIdLastName", n, "callingLineIdLastName");
	put_elem(inv, r, "email", n, "emailAddress");
	put_phone(inv, r, oci_get(n, "phoneNumber"), oci_get(n, "countryCode"));
	put_elem(inv, r, "extension", n, "extension");
	/* the number shown to called parties; Webex sets it per person too */
	put_number(inv, r, "callingLineIdPhoneNumber", "callingLineIdPhoneNumberRaw",
		   oci_get(n, "callingLineIdPhoneNumber"), oci_get(n, "countryCode"));
	put_elem(inv, r, "countryCode", n, "countryCode");
	put_elem(inv, r, "nationalPrefix", n, "nationalPrefix");
	put_elem(inv, r, "language", n, "language");
	put_elem(inv, r, "timeZone", n, "timeZone");
	put_elem(inv, r, "department", oci_child(n, "department"), "name");
	put_elem(inv, r, "title", n, "title");
	put_elem(inv, r, "mobilePhoneNumber", n, "mobilePhoneNumber");
	put_endpoint(inv, r, n);
	struct strbuf addr = STRBUF_INIT;
	if (oci_address_text(&addr, oci_child(n, "address")))
		inv_put_json(inv, r, "address", addr.buf, addr.len);
	strbuf_free(&addr);
	inv_put_bool_text(inv, r, "isPlace", oci_get(n, "isPlace"));
	put_elem(inv, r, "externalId", n, "userExternalId");
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
	if (group != NULL) {
		inv_index(inv, id, group);
		inv_set_key(inv, r, "%s/%s/%s", inv_current(inv), group, id);
		inv_put_str(inv, r, "group", group);
	} else {
		inv_set_owner(inv, r, id, NULL, NULL, c->type);
	}
	inv_put_str(inv, r, "id", id);
	put_profile(inv, r, c->node);
	return BWM_OK;
}
