/*
 * oci_service.c — service and service pack assignments of a user:
 * UserServiceGetAssignmentList (two tables, "Assigned" true/false) and
 * UserAssignedServicesGetList (assigned entries only) -> `service`.
 *
 * The responses carry no key: the userId comes from the request, the
 * group from the key index at flush time. Only assigned services are
 * recorded.
 */
#include "extract/oci.h"

#include <string.h>

static void add_service(struct inventory *inv, const struct oci_cmd *c, const char *user,
			const char *name, int pack)
{
	struct inv_rec *r = inv_add(inv, INV_SERVICE, 1, c->file, c->line);
	struct strbuf suffix = STRBUF_INIT;
	strbuf_addstr(&suffix, pack ? "#pack:" : "#service:");
	strbuf_addstr(&suffix, name);
	inv_set_owner(inv, r, user, "owner", suffix.buf, c->type);
	strbuf_free(&suffix);
	inv_put_str(inv, r, "ownerKind", "user");
	inv_put_str(inv, r, "name", name);
	inv_put_str(inv, r, "type", pack ? "service_pack" : "service");
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
			add_service(inv, c, user, name, pack);
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
	static const char *const entries[] = { "groupServiceEntry", "userServiceEntry" };
	const char *user = user_of(c, err);
	if (user == NULL)
		return err->status;
	int rc = oci_scope(inv, c, 0, NULL, err);
	if (rc != BWM_OK)
		return rc;
	for (size_t i = 0; i < 2; i++)
		for (xmlNodePtr e = oci_child(c->node, entries[i]); e != NULL; e = oci_next_same(e)) {
			const char *name = oci_get(e, "serviceName");
			if (name != NULL)
				add_service(inv, c, user, name, 0);
		}
	return BWM_OK;
}
