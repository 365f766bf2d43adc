/*
 * oci_service.c — service and service pack assignments:
 * UserServiceGetAssignmentList (two tables, "Assigned" true/false) and
 * UserAssignedServicesGetList (assigned entries only) for a user, and
 * GroupServiceGetAuthorizationList (the group services table) for a
 * group -> `service`.
 *
 * The per-user responses carry no key: the userId comes from the request,
 * the group from the key index at flush time. Their groupServiceEntry
 * elements are services of the user's group, not of the user: they
 * become group services (owner ENT/GRP, ownerKind "group"), one record
 * however many users' responses list them. Only assigned services are
 * recorded.
 */
#include "extract/oci.h"

#include <string.h>

/* The open record's type member and isActive (when given). */
static void put_details(struct inventory *inv, struct inv_rec *r, const char *name, int pack,
			const char *is_active)
{
	inv_put_str(inv, r, "name", name);
	inv_put_str(inv, r, "type", pack ? "service_pack" : "service");
	inv_put_bool_text(inv, r, "isActive", is_active);
}

static void add_service(struct inventory *inv, const struct oci_cmd *c, const char *user,
			const char *name, int pack, const char *is_active)
{
	struct inv_rec *r = inv_add(inv, INV_SERVICE, 1, c->file, c->line);
	struct strbuf suffix = STRBUF_INIT;
	strbuf_addstr(&suffix, pack ? "#pack:" : "#service:");
	strbuf_addstr(&suffix, name);
	inv_set_owner(inv, r, user, "owner", suffix.buf, c->type);
	strbuf_free(&suffix);
	inv_put_str(inv, r, "ownerKind", "user");
	put_details(inv, r, name, pack, is_active);
}

/* A group service: of group (when known), else of user's group. */
static void add_group_service(struct inventory *inv, const struct oci_cmd *c, const char *group,
			      const char *user, const char *name, const char *is_active)
{
	struct inv_rec *r = inv_add(inv, INV_SERVICE, 1, c->file, c->line);
	if (group != NULL) {
		inv_set_key(inv, r, "%s/%s#service:%s", inv_current(inv), group, name);
		inv_put_str(inv, r, "group", group);
		struct strbuf owner = STRBUF_INIT;
		strbuf_addf(&owner, "%s/%s", inv_current(inv), group);
		inv_put_str(inv, r, "owner", owner.buf);
		strbuf_free(&owner);
	} else {
		struct strbuf suffix = STRBUF_INIT;
		strbuf_addf(&suffix, "#service:%s", name);
		inv_set_group_owner(inv, r, user, "owner", suffix.buf, c->type);
		strbuf_free(&suffix);
	}
	inv_put_str(inv, r, "ownerKind", "group");
	put_details(inv, r, name, 0, is_active);
}

static const char *user_of(const struct oci_cmd *c, struct bwm_error *err)
{
	const char *user = oci_key(c, "userId");
	if (user == NULL)
		bwm_fail(err, BWM_EINPUT, "%s has no request naming its userId; pair it with "
			 "its request or tag it with an echo", c->type);
	return user;
}

static void add_table(struct inventory *inv, const struct oci_cmd *c, const char *user,
		      const char *table, const char *heading, int pack)
{
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, table)) != 0)
		return;
	while (oci_table_next(&t)) {
		const char *name = oci_table_get(&t, heading);
		const char *assigned = oci_table_get(&t, "Assigned");
		if (name != NULL && assigned != NULL && strcmp(assigned, "true") == 0)
			add_service(inv, c, user, name, pack, NULL);
	}
}

int oci_service_assignment_list(struct inventory *inv, const struct oci_cmd *c,
				struct bwm_error *err)
{
	const char *user = user_of(c, err);
	if (user == NULL)
		return err->status;
	int rc = oci_scope(inv, c, 0, NULL, err);
	if (rc != BWM_OK)
		return rc;
	add_table(inv, c, user, "servicePacksAssignmentTable", "Service Pack Name", 1);
	add_table(inv, c, user, "userServicesAssignmentTable", "Service Name", 0);
	return BWM_OK;
}

int oci_service_assigned_list(struct inventory *inv, const struct oci_cmd *c,
			      struct bwm_error *err)
{
	const char *user = user_of(c, err);
	if (user == NULL)
		return err->status;
	const char *group = NULL;
	int rc = oci_scope(inv, c, 0, &group, err);
	if (rc != BWM_OK)
		return rc;
	for (xmlNodePtr e = oci_child(c->node, "groupServiceEntry"); e != NULL; e = oci_next_same(e)) {
		const char *name = oci_get(e, "serviceName");
		if (name != NULL)
			add_group_service(inv, c, group, user, name, oci_get(e, "isActive"));
	}
	for (xmlNodePtr e = oci_child(c->node, "userServiceEntry"); e != NULL; e = oci_next_same(e)) {
		const char *name = oci_get(e, "serviceName");
		if (name != NULL)
			add_service(inv, c, user, name, 0, oci_get(e, "isActive"));
	}
	return BWM_OK;
}

/* The group's own services ("Assigned" true in the group services
 * table). Its user services and packs are only authorised to the group:
 * what users hold comes from their own responses. */
int oci_group_service_authorization_list(struct inventory *inv, const struct oci_cmd *c,
					 struct bwm_error *err)
{
	const char *group = NULL;
	int rc = oci_scope(inv, c, 1, &group, err);
	if (rc != BWM_OK)
		return rc;
	struct oci_table t;
	if (oci_table_open(&t, oci_child(c->node, "groupServicesAuthorizationTable")) != 0)
		return BWM_OK;
	while (oci_table_next(&t)) {
		const char *name = oci_table_get(&t, "Service Name");
		const char *assigned = oci_table_get(&t, "Assigned");
		if (name != NULL && assigned != NULL && strcmp(assigned, "true") == 0)
			add_group_service(inv, c, group, NULL, name, NULL);
	}
	return BWM_OK;
}
