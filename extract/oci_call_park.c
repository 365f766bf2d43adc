/*
 * oci_call_park.c — call park and call pickup groups of a group ->
 * `call_park` and `call_pickup` records keyed ENT/GRP#NAME (they have no
 * service user of their own; the name is unique in the group).
 *
 * The instance lists give the names; GetInstance gives the members (a
 * userTable, "User Id" column) and, for call park, where a parked call
 * that nobody retrieves goes back to. The group-wide call park settings
 * (GroupCallParkGetResponse16sp2: timers, recall target, ring pattern)
 * become one `call_park_settings` record keyed ENT/GRP.
 */
#include "extract/oci.h"

#include <stdlib.h>
#include <string.h>

/* Records of kind named in the list response's repeated <name>. */
static int instance_names(struct inventory *inv, const struct oci_cmd *c, enum inv_kind kind,
			  struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	for (xmlNodePtr n = oci_child(c->node, "name"); n != NULL; n = oci_next_same(n)) {
		const char *name = oci_text(n);
		if (name == NULL)
			continue;
		struct inv_rec *r = inv_add(inv, kind, 0, c->file, c->line);
		inv_set_key(inv, r, "%s/%s#%s", inv_current(inv), group, name);
		cJSON *o = inv_obj(r);
		cJSON_AddStringToObject(o, "group", group);
		cJSON_AddStringToObject(o, "name", name);
	}
	return BWM_OK;
}

/* The detail record of the instance the request names, with its members. */
static struct inv_rec *instance_detail(struct inventory *inv, const struct oci_cmd *c,
				       enum inv_kind kind, struct bwm_error *err)
{
	const char *group = NULL;
	if (oci_scope(inv, c, 1, &group, err) != BWM_OK)
		return NULL;
	const char *name = oci_key(c, "name");
	if (name == NULL) {
		bwm_fail(err, BWM_EINPUT, "%s has no request naming the instance (name); pair "
			 "it with its request or tag it with an echo", c->type);
		return NULL;
	}
	struct inv_rec *r = inv_add(inv, kind, 1, c->file, c->line);
	inv_set_key(inv, r, "%s/%s#%s", inv_current(inv), group, name);
	cJSON *o = inv_obj(r);
	cJSON_AddStringToObject(o, "group", group);
	cJSON_AddStringToObject(o, "name", name);
	cJSON *members = cJSON_AddArrayToObject(o, "members");
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, "userTable")) == 0)
		while (oci_table_next(&t)) {
			const char *user = oci_table_get(&t, "User Id");
			if (user != NULL)
				cJSON_AddItemToArray(members, cJSON_CreateString(user));
		}
	return r;
}

int oci_call_park_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	return instance_names(inv, c, INV_CALL_PARK, err);
}

int oci_call_pickup_list(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	return instance_names(inv, c, INV_CALL_PICKUP, err);
}

int oci_call_park_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	struct inv_rec *r = instance_detail(inv, c, INV_CALL_PARK, err);
	if (r == NULL)
		return err->status;
	cJSON *o = inv_obj(r);
	oci_put_str(o, "recallTo", c->node, "recallTo");
	oci_put_str(o, "recallAlternateUserId", c->node, "recallAlternateUserId");
	return BWM_OK;
}

int oci_call_pickup_get(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	return instance_detail(inv, c, INV_CALL_PICKUP, err) == NULL ? err->status : BWM_OK;
}

/* A whole-number element as a JSON number (absent or not a number: nothing). */
static void put_seconds(cJSON *o, const char *name, xmlNodePtr parent)
{
	const char *t = oci_get(parent, name);
	char *end = NULL;
	long v = t ? strtol(t, &end, 10) : 0;
	if (t != NULL && end != t && *end == '\0')
		cJSON_AddNumberToObject(o, name, (double)v);
	else
		oci_put_str(o, name, parent, name);
}

int oci_call_park_settings(struct inventory *inv, const struct oci_cmd *c, struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	struct inv_rec *r = inv_add(inv, INV_CALL_PARK_SETTINGS, 1, c->file, c->line);
	inv_set_key(inv, r, "%s/%s", inv_current(inv), group);
	cJSON *o = inv_obj(r);
	cJSON_AddStringToObject(o, "group", group);
	put_seconds(o, "recallTimerSeconds", c->node);
	put_seconds(o, "displayTimerSeconds", c->node);
	oci_put_bool(o, "enableDestinationAnnouncement", c->node, "enableDestinationAnnouncement");
	oci_put_str(o, "recallAlternateUserId", c->node, "recallAlternateUserId");
	oci_put_str(o, "recallRingPattern", c->node, "recallRingPattern");
	oci_put_str(o, "recallTo", c->node, "recallTo");
	put_seconds(o, "alternateUserRecallTimerSeconds", c->node);
	return BWM_OK;
}
